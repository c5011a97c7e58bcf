use super::*;
use crate::tests::support::*;
use crate::{ChargeIndicator, Document, TaxCategory};

const FIXTURE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/canonical/purchase_order.json"
));

#[test]
fn fixture_deserialises() {
    let po: PurchaseOrder = serde_json::from_str(FIXTURE).unwrap();
    assert_eq!(po.order_number, "PO-2024-000187");
    assert_eq!(po.purpose, OrderPurpose::New);
    assert_eq!(po.order_date, Some(date("2024-03-14")));
    assert_eq!(po.issued_at.unwrap().offset().local_minus_utc(), 3600);
    assert_eq!(po.currency.as_ref().unwrap().as_str(), "EUR");
    assert_eq!(po.lines.len(), 3);
    assert_eq!(po.lines[1].unit_of_measure.as_ref().unwrap().as_str(), "PR");
    assert_eq!(po.lines[2].quantity.to_string(), "2.5");
    assert!(po.lines[2].ship_to.is_some());
    assert_eq!(po.ship_to.as_ref().unwrap().address_lines.len(), 2);
    assert!(po.bill_to.is_some());
    assert_eq!(
        po.buyer.as_ref().unwrap().identifier("DUNS"),
        Some("315678912")
    );
    assert_eq!(po.taxes[0].category, Some(TaxCategory::Vat));
    assert_eq!(po.shipping.as_ref().unwrap().amount, Some(dec("25.00")));
    assert_eq!(
        po.extrinsics.get("cost_center").map(String::as_str),
        Some("4711")
    );
    assert_eq!(po.payment_terms.as_ref().unwrap().net_days, Some(30));
    assert_eq!(po.computed_subtotal(), Some(dec("908.60")));
    assert_eq!(po.computed_subtotal(), po.totals.as_ref().unwrap().subtotal);
    assert_eq!(po.validate(), vec![]);
    // Through the dispatching entry point too.
    let doc = Document::from_json(FIXTURE).unwrap();
    assert_eq!(doc, Document::PurchaseOrder(po.clone()));
    // Re-serialising and parsing again gives the same order.
    let again: PurchaseOrder = serde_json::from_str(&serde_json::to_string(&po).unwrap()).unwrap();
    assert_eq!(again, po);
}

#[test]
fn decimals_serialise_as_strings_keeping_scale() {
    let mut line = OrderLine::new(1, dec("1.10"));
    line.unit_price = Some(dec("12.50"));
    let value = serde_json::to_value(&line).unwrap();
    assert_eq!(value["quantity"], "1.10");
    assert_eq!(value["unit_price"], "12.50");
    let back: OrderLine = serde_json::from_value(value).unwrap();
    assert_eq!(back.quantity.to_string(), "1.10");
    assert_eq!(back.quantity.scale(), 2);
}

#[test]
fn decimals_as_json_numbers_are_rejected() {
    let err = serde_json::from_str::<OrderLine>(r#"{"line_number":1,"quantity":2}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid type: integer `2`, expected a decimal number written as a JSON string, e.g. \"12.50\" at line 1 column 29"
    );
}

#[test]
fn minimal_json_deserialises() {
    let po: PurchaseOrder = serde_json::from_str(
        r#"{"type":"purchase_order","order_number":"1","lines":[{"line_number":1,"quantity":"5"}]}"#,
    )
    .unwrap();
    assert_eq!(po.purpose, OrderPurpose::New);
    assert_eq!(po.lines[0].quantity, dec("5"));
    assert!(po.extrinsics.is_empty());

    let change: OrderChange =
        serde_json::from_str(r#"{"type":"order_change","order_number":"1"}"#).unwrap();
    assert_eq!(change.purpose, OrderPurpose::Change);
    assert_eq!(change, OrderChange::new("1"));

    let response: OrderResponse =
        serde_json::from_str(r#"{"type":"order_response","order_number":"1","status":"accepted"}"#)
            .unwrap();
    assert_eq!(response, OrderResponse::new("1", ResponseStatus::Accepted));
}

#[test]
fn required_fields_are_reported() {
    let err = serde_json::from_str::<PurchaseOrder>(r#"{"type":"purchase_order"}"#).unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `order_number`"),
        "{err}"
    );
    let err = serde_json::from_str::<PurchaseOrder>(
        r#"{"type":"purchase_order","order_number":"1","lines":[{"line_number":1}]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `quantity`"),
        "{err}"
    );
    let err = serde_json::from_str::<PurchaseOrder>(
        r#"{"type":"purchase_order","order_number":"1","lines":[{"quantity":"1"}]}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("missing field `line_number`"),
        "{err}"
    );
}

#[test]
fn missing_type_is_rejected() {
    let err = serde_json::from_str::<PurchaseOrder>(r#"{"order_number":"1"}"#).unwrap_err();
    assert_eq!(err.to_string(), "missing field `type` at line 1 column 20");
}

#[test]
fn wrong_type_is_rejected() {
    let err = serde_json::from_str::<PurchaseOrder>(r#"{"type":"invoice","order_number":"1"}"#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid document type \"invoice\": expected \"purchase_order\" at line 1 column 17"
    );
    let err =
        serde_json::from_str::<PurchaseOrder>(r#"{"type":7,"order_number":"1"}"#).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "invalid type: integer `7`, expected the document type \"purchase_order\""
        ),
        "{err}"
    );
    let err = serde_json::from_str::<OrderResponse>(
        r#"{"type":"purchase_order","order_number":"1","status":"accepted"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid document type \"purchase_order\": expected \"order_response\""),
        "{err}"
    );
}

#[test]
fn unknown_codes_round_trip() {
    let po: PurchaseOrder = serde_json::from_str(
        r#"{"type":"purchase_order","order_number":"1","purpose":"blanket_release","references":[{"kind":"x_ref","value":"9"}]}"#,
    )
    .unwrap();
    assert_eq!(po.purpose, OrderPurpose::Other("blanket_release".into()));
    assert_eq!(po.references[0].kind.as_str(), "x_ref");
    let json = serde_json::to_string(&po).unwrap();
    assert!(json.contains(r#""purpose":"blanket_release""#), "{json}");
    assert!(json.contains(r#""kind":"x_ref""#), "{json}");
    assert_eq!("cancel".parse::<OrderPurpose>(), Ok(OrderPurpose::Cancel));
    assert_eq!(OrderPurpose::Replace.to_string(), "replace");
}

#[test]
fn change_lines_flatten_the_order_line() {
    let line = OrderChangeLine {
        change: LineChangeKind::Cancelled,
        line: OrderLine::new(2, dec("0")),
    };
    assert_eq!(
        serde_json::to_string(&line).unwrap(),
        r#"{"change":"cancelled","line_number":2,"quantity":"0"}"#
    );
    let back: OrderChangeLine = serde_json::from_str(
        r#"{"change":"added","line_number":3,"quantity":"1.50","unit_price":"2"}"#,
    )
    .unwrap();
    assert_eq!(back.change, LineChangeKind::Added);
    assert_eq!(back.line.quantity.to_string(), "1.50");
    let err = serde_json::from_str::<OrderChangeLine>(
        r#"{"change":"added","line_number":3,"quantity":1}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("expected a decimal number written as a JSON string"),
        "{err}"
    );
    let err = serde_json::from_str::<OrderChangeLine>(
        r#"{"change":"moved","line_number":3,"quantity":"1"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string().starts_with("unknown variant `moved`"),
        "{err}"
    );
}

#[test]
fn computed_subtotal_skips_unpriced_lines() {
    let mut po = full_purchase_order();
    assert_eq!(po.computed_subtotal(), Some(dec("75.00")));
    po.lines.push(OrderLine::new(3, dec("7")));
    assert_eq!(po.computed_subtotal(), Some(dec("75.00")));
    po.lines[2].unit_price = Some(dec("0.10"));
    assert_eq!(po.computed_subtotal(), Some(dec("75.70")));
    assert_eq!(PurchaseOrder::new("x").computed_subtotal(), Some(dec("0")));
    po.lines[2].quantity = rust_decimal::Decimal::MAX;
    po.lines[2].unit_price = Some(dec("10"));
    assert_eq!(po.computed_subtotal(), None);
    assert_eq!(po.line(2).map(|l| l.line_number), Some(2));
    assert!(po.line(99).is_none());
}

#[test]
fn charge_constructors() {
    let c = crate::Charge::allowance(dec("1.5"));
    assert_eq!(c.indicator, ChargeIndicator::Allowance);
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"indicator":"allowance","amount":"1.5"}"#
    );
}

#[test]
fn a_change_keeps_what_it_leaves_out() {
    let mut line = OrderLine::new(2, Decimal::from(3));
    line.unit_price = Some(Decimal::new(395, 2));
    line.supplier_part_id = Some("OS-PAP-2001".into());
    line.description = Some("Paper".into());
    line.comments = vec!["first".into()];
    line.extrinsics.insert("a".into(), "1".into());
    let mut change = OrderLine::new(2, Decimal::from(5));
    change.description = Some("Paper, recycled".into());
    change.comments = vec!["second".into()];
    change.extrinsics.insert("b".into(), "2".into());
    line.apply_change(&change);
    assert_eq!(line.quantity, Decimal::from(5));
    assert_eq!(line.unit_price, Some(Decimal::new(395, 2)));
    assert_eq!(line.supplier_part_id.as_deref(), Some("OS-PAP-2001"));
    assert_eq!(line.description.as_deref(), Some("Paper, recycled"));
    assert_eq!(line.comments, ["first", "second"]);
    assert_eq!(line.extrinsics.get("a").map(String::as_str), Some("1"));
    assert_eq!(line.extrinsics.get("b").map(String::as_str), Some("2"));
}

#[test]
fn the_change_between_two_versions_names_each_line() {
    let mut before = PurchaseOrder::new("PO-1");
    before.lines = vec![
        OrderLine::new(1, Decimal::from(1)),
        OrderLine::new(2, Decimal::from(2)),
        OrderLine::new(3, Decimal::from(3)),
    ];
    let mut after = before.clone();
    after.lines.retain(|l| l.line_number != 2);
    after.lines[1].quantity = Decimal::from(4);
    after.lines.push(OrderLine::new(4, Decimal::from(5)));
    let change = OrderChange::between(&before, &after);
    let kinds: Vec<_> = change
        .lines
        .iter()
        .map(|l| (l.line.line_number, l.change))
        .collect();
    assert_eq!(
        kinds,
        [
            (1, LineChangeKind::Unchanged),
            (2, LineChangeKind::Cancelled),
            (3, LineChangeKind::Changed),
            (4, LineChangeKind::Added),
        ]
    );
    assert_eq!(change.lines[2].line.quantity, Decimal::from(4));
    assert_eq!(change.order_number, "PO-1");
}

#[test]
fn a_change_naming_another_item_replaces_the_line() {
    let mut line = OrderLine::new(2, Decimal::from(3));
    line.unit_price = Some(Decimal::new(395, 2));
    line.supplier_part_id = Some("OS-PAP-2001".into());
    line.buyer_part_id = Some("B-1".into());
    line.description = Some("Paper".into());
    let mut change = OrderLine::new(2, Decimal::from(1));
    change.supplier_part_id = Some("OS-PEN-1001".into());
    line.apply_change(&change);
    assert_eq!(line, change, "nothing of the old item is kept");
}
