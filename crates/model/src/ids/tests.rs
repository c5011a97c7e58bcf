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
