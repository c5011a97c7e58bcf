use super::*;

#[test]
fn parse_keeps_scale() {
    let d = parse("1.10").unwrap();
    assert_eq!(d.to_string(), "1.10");
    assert_eq!(parse("-0.005").unwrap().to_string(), "-0.005");
    assert_eq!(parse("42").unwrap().to_string(), "42");
}

#[test]
fn parse_rejects_non_canonical_text() {
    for bad in [
        "", "-", ".5", "5.", "+1", "1e5", " 1", "1 ", "1,5", "0x10", "1.2.3", "NaN", "--1",
    ] {
        let err = parse(bad).unwrap_err();
        assert!(
            err.to_string().starts_with("invalid decimal"),
            "{bad:?}: {err}"
        );
    }
}

#[test]
fn parse_rejects_overflow() {
    let err = parse("123456789012345678901234567890123").unwrap_err();
    assert!(err.to_string().contains("28 significant digits"), "{err}");
}

#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
struct Holder {
    #[serde(with = "crate::decimal")]
    amount: Decimal,
    #[serde(default, with = "crate::decimal::option")]
    maybe: Option<Decimal>,
}

#[test]
fn serde_uses_strings() {
    let h: Holder = serde_json::from_str(r#"{"amount":"1.10","maybe":null}"#).unwrap();
    assert_eq!(h.maybe, None);
    assert_eq!(
        serde_json::to_string(&h).unwrap(),
        r#"{"amount":"1.10","maybe":null}"#
    );
    let h: Holder = serde_json::from_str(r#"{"amount":"3","maybe":"0.50"}"#).unwrap();
    assert_eq!(h.maybe.unwrap().to_string(), "0.50");
}

#[test]
fn serde_rejects_numbers() {
    let err = serde_json::from_str::<Holder>(r#"{"amount":12.5}"#).unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a decimal number written as a JSON string"),
        "{err}"
    );
    let err = serde_json::from_str::<Holder>(r#"{"amount":"1","maybe":7}"#).unwrap_err();
    assert!(
        err.to_string().contains("invalid type: integer `7`"),
        "{err}"
    );
    let err = serde_json::from_str::<Holder>(r#"{"amount":"1e3"}"#).unwrap_err();
    assert!(
        err.to_string().contains(r#"invalid decimal "1e3""#),
        "{err}"
    );
}

#[derive(serde::Serialize)]
struct W(#[serde(serialize_with = "crate::decimal::serialize")] Decimal);

#[test]
fn text_is_what_display_writes() {
    let mut values: Vec<Decimal> = Vec::new();
    for s in [
        "0",
        "-0",
        "0.00",
        "-0.00",
        "1",
        "-1",
        "12.50",
        "-12.50",
        "0.05",
        "-0.05",
        "0.5",
        "100",
        "1e3",
        "0.0000000000000000000000000001",
        "-0.0000000000000000000000000001",
        "79228162514264337593543950335",
        "-79228162514264337593543950335",
        "7.9228162514264337593543950335",
        "433.23",
        "1000000.000",
    ] {
        let d = if s.contains('e') {
            Decimal::from_scientific(s).unwrap()
        } else {
            Decimal::from_str_exact(s).unwrap()
        };
        values.push(d);
        values.push(-d);
    }
    for m in [0i64, 1, 7, 10, 99, 12345, -12345, i64::MAX, i64::MIN + 1] {
        for scale in [0u32, 1, 2, 5, 18, 28] {
            values.push(Decimal::new(m, scale));
        }
    }
    let mut neg_zero = Decimal::new(0, 3);
    neg_zero.set_sign_negative(true);
    values.push(neg_zero);
    for d in values {
        let mut buf = [0u8; TEXT_MAX];
        assert_eq!(text(&d, &mut buf), d.to_string(), "{d:?}");
        assert_eq!(serde_json::to_string(&W(d)).unwrap(), format!("\"{d}\""));
    }
}
