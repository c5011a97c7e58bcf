use super::*;

#[test]
fn unit_of_measure_parses_rec20_shapes() {
    for code in [
        "EA", "PCE", "C62", "H87", "KGM", "MTR", "LTR", "BX", "CT", "PK", "SET", "PR", "DZN",
        "HUR", "X",
    ] {
        assert_eq!(UnitOfMeasure::parse(code).unwrap().as_str(), code);
    }
}

#[test]
fn unit_of_measure_rejects_bad_codes() {
    for bad in ["", "ea", "EACH", "E A", "KG-", "ÄÖ", " EA"] {
        let err = UnitOfMeasure::parse(bad).unwrap_err();
        assert_eq!(err.what(), "unit of measure");
        assert!(
            err.to_string().starts_with(&format!(
                "invalid unit of measure {bad:?}: expected a UN/ECE Recommendation 20 code"
            )),
            "{err}"
        );
    }
}

#[test]
fn unit_of_measure_from_common() {
    let cases = [
        ("ea", "EA"),
        (" pce ", "PCE"),
        ("PCS", "PCE"),
        ("pc", "PCE"),
        ("St", "PCE"),
        ("kg", "KGM"),
        ("KGM", "KGM"),
        ("m", "MTR"),
        ("l", "LTR"),
        ("c62", "C62"),
        ("hur", "HUR"),
        ("dzn", "DZN"),
    ];
    for (input, expected) in cases {
        assert_eq!(
            UnitOfMeasure::from_common(input).unwrap().as_str(),
            expected,
            "{input}"
        );
    }
    let err = UnitOfMeasure::from_common("pieces").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid unit of measure \"pieces\""),
        "{err}"
    );
}

#[test]
fn unit_of_measure_serde() {
    let uom: UnitOfMeasure = serde_json::from_str("\"KGM\"").unwrap();
    assert_eq!(serde_json::to_string(&uom).unwrap(), "\"KGM\"");
    let err = serde_json::from_str::<UnitOfMeasure>("\"kg\"").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid unit of measure \"kg\": expected"),
        "{err}"
    );
    // Escaped strings (not borrowable) work too.
    let uom: UnitOfMeasure = serde_json::from_str("\"\\u0045A\"").unwrap();
    assert_eq!(uom, UnitOfMeasure::each());
    assert!(serde_json::from_str::<UnitOfMeasure>("12").is_err());
}

#[test]
fn currency_code() {
    assert_eq!(CurrencyCode::parse("EUR").unwrap().to_string(), "EUR");
    for bad in ["eur", "EU", "EURO", "E1R", ""] {
        let err = CurrencyCode::parse(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid currency code {bad:?}: expected an ISO 4217 code of 3 uppercase letters, e.g. \"EUR\"")
        );
    }
    let err = serde_json::from_str::<CurrencyCode>("\"usd\"").unwrap_err();
    assert!(
        err.to_string().starts_with("invalid currency code \"usd\""),
        "{err}"
    );
}

#[test]
fn gtin_shape_and_check_digit() {
    for good in [
        "4006381333931",
        "96385074",
        "036000291452",
        "10614141000415",
    ] {
        let gtin = Gtin::parse(good).unwrap();
        assert!(gtin.has_valid_check_digit(), "{good}");
    }
    assert!(!Gtin::parse("4006381333932")
        .unwrap()
        .has_valid_check_digit());
    for bad in ["123", "40063813339310", "400638133393a", "123456789", ""] {
        if bad == "40063813339310" {
            continue; // 14 digits: valid shape
        }
        let err = Gtin::parse(bad).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("invalid GTIN {bad:?}: expected 8, 12, 13 or 14 digits")
        );
    }
}

#[test]
fn long_values_are_shortened_in_messages() {
    let long = "x".repeat(500);
    let msg = CurrencyCode::parse(&long).unwrap_err().to_string();
    assert!(msg.len() < 150, "{msg}");
    assert!(msg.contains('…'));
}

mod inline {
    use super::*;
    use proptest::prelude::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    /// What the codes did when they held a `String`: the same shape checks.
    fn string_parse(kind: u8, code: &str) -> Option<String> {
        let ok = match kind {
            0 => {
                (1..=3).contains(&code.len())
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            }
            1 => code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()),
            _ => matches!(code.len(), 8 | 12 | 13 | 14) && code.bytes().all(|b| b.is_ascii_digit()),
        };
        ok.then(|| code.to_owned())
    }

    fn parse(kind: u8, code: &str) -> Option<(String, String)> {
        let (text, debug) = match kind {
            0 => UnitOfMeasure::parse(code)
                .ok()
                .map(|c| (c.to_string(), format!("{c:?}")))?,
            1 => CurrencyCode::parse(code)
                .ok()
                .map(|c| (c.to_string(), format!("{c:?}")))?,
            _ => Gtin::parse(code)
                .ok()
                .map(|c| (c.to_string(), format!("{c:?}")))?,
        };
        Some((text, debug))
    }

    fn hash(v: &impl std::hash::Hash) -> u64 {
        BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(v)
    }

    proptest! {
        /// Held inline, a code is accepted and refused as the `String` it replaced, reads back
        /// as its text (Display, `as_str`, `String::from`, Debug with the type's name), and
        /// compares, orders and hashes as that text.
        #[test]
        fn inline_codes_behave_as_their_text(
            kind in 0u8..3,
            a in "[A-Z0-9a-zÄ ]{0,15}|[0-9]{8,14}|[A-Z0-9]{1,3}|[A-Z]{3}",
            b in "[0-9]{8,14}|[A-Z0-9]{1,3}|[A-Z]{3}",
        ) {
            for code in [&a, &b] {
                let want = string_parse(kind, code);
                let got = parse(kind, code);
                prop_assert_eq!(got.as_ref().map(|(t, _)| t), want.as_ref());
                if let Some((_, debug)) = got {
                    let name = ["UnitOfMeasure", "CurrencyCode", "Gtin"][usize::from(kind)];
                    prop_assert_eq!(debug, format!("{name}({code:?})"));
                }
            }
            if kind == 2 {
                if let (Ok(x), Ok(y)) = (Gtin::parse(&a), Gtin::parse(&b)) {
                    prop_assert_eq!(x.cmp(&y), a.cmp(&b));
                    prop_assert_eq!(x == y, a == b);
                    prop_assert_eq!(hash(&x), hash(&a.as_str()));
                    prop_assert_eq!(String::from(x), a.clone());
                }
            } else if kind == 1 {
                if let (Ok(x), Ok(y)) = (CurrencyCode::parse(&a), CurrencyCode::parse(&b)) {
                    prop_assert_eq!(x.cmp(&y), a.cmp(&b));
                    prop_assert_eq!(x == y, a == b);
                    prop_assert_eq!(hash(&x), hash(&a.as_str()));
                    prop_assert_eq!(String::from(x), a.clone());
                }
            } else if let (Ok(x), Ok(y)) = (UnitOfMeasure::parse(&a), UnitOfMeasure::parse(&b)) {
                prop_assert_eq!(x.cmp(&y), a.cmp(&b));
                prop_assert_eq!(x == y, a == b);
                prop_assert_eq!(hash(&x), hash(&a.as_str()));
                prop_assert_eq!(String::from(x), a.clone());
            }
        }

        /// `from_common` upper-cases on the stack as `to_ascii_uppercase` did.
        #[test]
        fn from_common_is_as_before(unit in "[ a-zA-Z0-9Ä]{0,6}") {
            let upper = unit.trim().to_ascii_uppercase();
            let code = match upper.as_str() {
                "PCS" | "PC" | "ST" => "PCE",
                "KG" => "KGM",
                "M" => "MTR",
                "L" => "LTR",
                other => other,
            };
            let before = UnitOfMeasure::parse(code).map(|u| u.to_string()).ok();
            prop_assert_eq!(UnitOfMeasure::from_common(&unit).map(|u| u.to_string()).ok(), before);
        }
    }
}
