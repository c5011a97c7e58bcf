use rust_decimal::Decimal;

use super::*;

fn d(s: &str) -> Decimal {
    crate::decimal::parse(s).unwrap()
}

fn breaks(list: &[(&str, &str)]) -> Vec<PriceBreak> {
    list.iter()
        .map(|(q, p)| PriceBreak::new(d(q), d(p)))
        .collect()
}

#[test]
fn list_price_without_discount_keeps_cents() {
    assert_eq!(
        unit_price(Some(d("12.5")), None, &[], d("1")),
        Some(d("12.50"))
    );
    assert_eq!(
        unit_price(Some(d("12.5")), None, &[], d("1"))
            .unwrap()
            .to_string(),
        "12.50"
    );
    assert_eq!(
        unit_price(Some(d("3")), None, &[], d("1"))
            .unwrap()
            .to_string(),
        "3.00"
    );
}

#[test]
fn discount_rounds_half_up_to_cents() {
    // 9.99 * 0.95 = 9.4905 -> 9.49
    assert_eq!(
        discounted(d("9.99"), Some(d("5"))).unwrap().to_string(),
        "9.49"
    );
    // 0.10 * 0.95 = 0.095 -> 0.10 (half-up, not banker's 0.10/0.09)
    assert_eq!(
        discounted(d("0.10"), Some(d("5"))).unwrap().to_string(),
        "0.10"
    );
    // 2.50 * 0.97 = 2.425 -> 2.43 (banker's rounding would give 2.42)
    assert_eq!(
        discounted(d("2.50"), Some(d("3"))).unwrap().to_string(),
        "2.43"
    );
    // fractional discount
    assert_eq!(
        discounted(d("100"), Some(d("12.5"))).unwrap().to_string(),
        "87.50"
    );
}

#[test]
fn discount_keeps_the_list_price_scale_when_finer_than_cents() {
    // 0.0450 * 0.95 = 0.042750 -> 0.0428 (4 dp, as the list price)
    assert_eq!(
        discounted(d("0.0450"), Some(d("5"))).unwrap().to_string(),
        "0.0428"
    );
    assert_eq!(discounted(d("0.0450"), None).unwrap().to_string(), "0.0450");
}

#[test]
fn discount_is_clamped_and_price_never_negative() {
    assert_eq!(discounted(d("10.00"), Some(d("-20"))), Some(d("10.00")));
    assert_eq!(
        discounted(d("10.00"), Some(d("150"))).unwrap().to_string(),
        "0.00"
    );
    assert_eq!(
        discounted(d("10.00"), Some(d("100"))).unwrap().to_string(),
        "0.00"
    );
    assert_eq!(
        discounted(d("-4.00"), Some(d("5"))).unwrap().to_string(),
        "0.00"
    );
    assert_eq!(
        unit_price(None, None, &breaks(&[("1", "-1")]), d("1")),
        Some(d("0"))
    );
}

#[test]
fn contract_price_wins_over_list_price_and_discount() {
    let b = breaks(&[("1", "8.00")]);
    assert_eq!(
        unit_price(Some(d("10.00")), Some(d("50")), &b, d("3")),
        Some(d("8.00"))
    );
    // Contract prices are returned as agreed, not rounded.
    let b = breaks(&[("1", "0.04375")]);
    assert_eq!(
        unit_price(Some(d("1")), None, &b, d("1"))
            .unwrap()
            .to_string(),
        "0.04375"
    );
}

#[test]
fn quantity_breaks_pick_the_largest_threshold_reached() {
    // Deliberately unsorted.
    let b = breaks(&[("100", "7.00"), ("1", "9.00"), ("10", "8.00")]);
    let at = |q: &str| unit_price(Some(d("10.00")), None, &b, d(q)).unwrap();
    assert_eq!(at("1"), d("9.00"));
    assert_eq!(at("9"), d("9.00"));
    assert_eq!(at("9.99"), d("9.00"));
    assert_eq!(at("10"), d("8.00"));
    assert_eq!(at("99"), d("8.00"));
    assert_eq!(at("100"), d("7.00"));
    assert_eq!(at("100000"), d("7.00"));
}

#[test]
fn below_every_break_the_smallest_break_applies() {
    let b = breaks(&[("50", "7.00"), ("10", "8.00")]);
    assert_eq!(
        unit_price(Some(d("10.00")), None, &b, d("1")),
        Some(d("8.00"))
    );
    assert_eq!(
        unit_price(Some(d("10.00")), None, &b, d("0")),
        Some(d("8.00"))
    );
    assert_eq!(
        unit_price(Some(d("10.00")), None, &b, d("-5")),
        Some(d("8.00"))
    );
}

#[test]
fn equal_thresholds_take_the_lower_price() {
    let b = breaks(&[("10", "8.00"), ("10", "7.50"), ("1", "9.00"), ("1", "9.50")]);
    assert_eq!(applicable_break(&b, d("12")).unwrap().unit_price, d("7.50"));
    assert_eq!(applicable_break(&b, d("1")).unwrap().unit_price, d("9.00"));
    assert_eq!(
        applicable_break(&b, d("0.5")).unwrap().unit_price,
        d("9.00")
    );
}

#[test]
fn no_price_at_all() {
    assert_eq!(unit_price(None, Some(d("5")), &[], d("1")), None);
    assert_eq!(applicable_break(&[], d("1")), None);
}

#[test]
fn huge_values_do_not_panic() {
    // Too many digits to carry cents: the price keeps scale 0 rather than failing.
    let p = discounted(Decimal::MAX, Some(d("0.0000001"))).unwrap();
    assert!(p > Decimal::ZERO && p.scale() == 0, "{p}");
    assert_eq!(
        unit_price(Some(Decimal::MAX), None, &[], Decimal::MAX),
        Some(Decimal::MAX)
    );
}

#[test]
fn price_break_serialises_decimals_as_strings() {
    let b = PriceBreak::new(d("10"), d("8.50"));
    let json = serde_json::to_string(&b).unwrap();
    assert_eq!(json, r#"{"min_quantity":"10","unit_price":"8.50"}"#);
    assert_eq!(serde_json::from_str::<PriceBreak>(&json).unwrap(), b);
}
