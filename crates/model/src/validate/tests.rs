use super::*;
use crate::tests::support::*;
use crate::*;

fn issues(list: &[ValidationIssue]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

#[test]
fn display_is_path_colon_message() {
    assert_eq!(
        ValidationIssue::new("lines[2].quantity", "must be greater than zero (got 0)").to_string(),
        "lines[2].quantity: must be greater than zero (got 0)"
    );
    assert_eq!(ValidationIssue::new("", "bad").to_string(), "bad");
}

#[test]
fn purchase_order_blank_number_and_no_lines() {
    let po = PurchaseOrder::new("  ");
    assert_eq!(
        issues(&po.validate()),
        [
            "order_number: must not be empty",
            "lines: a purchase order needs at least one line",
        ]
    );
    let cancel = PurchaseOrder {
        purpose: OrderPurpose::Cancel,
        ..PurchaseOrder::new("PO-9")
    };
    assert_eq!(cancel.validate(), vec![]);
}

#[test]
fn purchase_order_line_problems_have_paths() {
    let mut po = full_purchase_order();
    po.lines.push(full_order_line(2)); // lines[2] duplicates lines[1]
    po.lines.push(full_order_line(0));
    po.lines[1].quantity = dec("0");
    po.lines[2].quantity = dec("-1");
    po.lines[0].unit_price = Some(dec("-0.50"));
    po.lines[0].charges[0].amount = Some(dec("-2"));
    po.lines[0].taxes[0].rate = Some(dec("-19"));
    assert_eq!(
        issues(&po.validate()),
        [
            "lines[2].line_number: duplicate line number 2 (already used by lines[1])",
            "lines[3].line_number: must be at least 1",
            "lines[0].unit_price: must not be negative (got -0.50)",
            "lines[0].charges[0].amount: must not be negative (got -2)",
            "lines[0].taxes[0].rate: must not be negative (got -19)",
            "lines[1].quantity: must be greater than zero (got 0)",
            "lines[2].quantity: must be greater than zero (got -1)",
        ]
    );
}

#[test]
fn purchase_order_zero_price_is_fine() {
    let mut po = minimal_purchase_order();
    po.lines[0].unit_price = Some(dec("0.00"));
    assert_eq!(po.validate(), vec![]);
}

#[test]
fn purchase_order_header_problems() {
    let mut po = full_purchase_order();
    po.totals = Some(Totals {
        subtotal: Some(dec("-1")),
        tax: Some(dec("-2")),
        shipping: Some(dec("-3")),
        total: Some(dec("-4.00")),
    });
    po.charges = vec![Charge {
        indicator: ChargeIndicator::Charge,
        code: Some("freight".into()),
        description: None,
        amount: None,
        percent: None,
    }];
    po.taxes[0].amount = Some(dec("-1"));
    po.shipping.as_mut().unwrap().amount = Some(dec("-9.95"));
    po.payment_terms.as_mut().unwrap().discount_percent = Some(dec("120"));
    po.payment_terms.as_mut().unwrap().discount_days = Some(45);
    assert_eq!(
        issues(&po.validate()),
        [
            "charges[0]: needs an amount or a percent",
            "taxes[0].amount: must not be negative (got -1)",
            "shipping.amount: must not be negative (got -9.95)",
            "totals.subtotal: must not be negative (got -1)",
            "totals.tax: must not be negative (got -2)",
            "totals.shipping: must not be negative (got -3)",
            "totals.total: must not be negative (got -4.00)",
            "payment_terms.discount_percent: must be between 0 and 100 (got 120)",
            "payment_terms.discount_days: must not exceed net_days (30; got 45)",
        ]
    );
}

#[test]
fn purchase_order_overflowing_line_amount() {
    let mut po = minimal_purchase_order();
    po.lines[0].quantity = rust_decimal::Decimal::MAX;
    po.lines[0].unit_price = Some(dec("2"));
    assert_eq!(
        issues(&po.validate()),
        ["lines[0]: quantity × unit_price exceeds the supported decimal range"]
    );
}

#[test]
fn fixture_errors_map_to_paths() {
    // A realistic mistake: the third line of a posted order has quantity 0.
    let json = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/canonical/purchase_order.json"
    ))
    .replace("\"quantity\": \"2.5\"", "\"quantity\": \"0\"");
    let po: PurchaseOrder = serde_json::from_str(&json).unwrap();
    assert_eq!(
        issues(&po.validate()),
        ["lines[2].quantity: must be greater than zero (got 0)"]
    );
}

#[test]
fn order_change_rules() {
    let mut change = full_order_change();
    assert_eq!(change.validate(), vec![]);
    change.order_number = String::new();
    change.lines[0].line.quantity = dec("0"); // changed line: must be > 0
    change.lines[1].line.quantity = dec("-1"); // cancelled line: must not be negative
    change.lines[2].line.line_number = 1;
    assert_eq!(
        issues(&change.validate()),
        [
            "order_number: must not be empty",
            "lines[2].line_number: duplicate line number 1 (already used by lines[0])",
            "lines[0].quantity: must be greater than zero (got 0)",
            "lines[1].quantity: must not be negative (got -1)",
        ]
    );
    assert_eq!(OrderChange::new("PO-1").validate(), vec![]);
}

#[test]
fn order_response_rules() {
    let mut response = full_order_response();
    response.response_number = Some(" ".into());
    response.lines[0].line_number = 0;
    response.lines[0].confirmed_quantity = Some(dec("-6"));
    response.lines[1].unit_price = Some(dec("-1"));
    assert_eq!(
        issues(&response.validate()),
        [
            "response_number: must not be empty",
            "lines[0].line_number: must be at least 1",
            "lines[0].confirmed_quantity: must not be negative (got -6)",
            "lines[1].unit_price: must not be negative (got -1)",
        ]
    );
    let mut response = full_order_response();
    response.lines[0].ordered_quantity = Some(dec("10"));
    response.lines[0].backordered_quantity = Some(dec("12"));
    assert_eq!(
        issues(&response.validate()),
        ["lines[0].backordered_quantity: 12 is more than the ordered quantity 10"]
    );
}

#[test]
fn ship_notice_rules() {
    let empty = ShipNotice::new("");
    assert_eq!(
        issues(&empty.validate()),
        [
            "shipment_id: must not be empty",
            "orders: a ship notice needs at least one order",
        ]
    );
    let cancel = ShipNotice {
        purpose: OrderPurpose::Cancel,
        ..ShipNotice::new("SHP-1")
    };
    assert_eq!(cancel.validate(), vec![]);

    let mut notice = full_ship_notice();
    notice.orders[0].lines.push(ShipNoticeLine {
        line_number: 1,
        quantity: dec("-2"),
        ..ShipNoticeLine::default()
    });
    notice.orders.push(ShipNoticeOrder {
        order_number: "PO-2".into(),
        ..ShipNoticeOrder::default()
    });
    let package = &mut notice.packages[0];
    package.weight.as_mut().unwrap().value = dec("-1");
    package.dimensions.as_mut().unwrap().height = dec("-3");
    package.contents.push(PackageContent {
        order_number: None,
        line_number: 1,
        quantity: dec("1"),
        unit_of_measure: None,
    });
    package.contents.push(PackageContent {
        order_number: Some("PO-404".into()),
        line_number: 1,
        quantity: dec("1"),
        unit_of_measure: None,
    });
    package.contents.push(PackageContent {
        order_number: Some("PO-1".into()),
        line_number: 9,
        quantity: dec("1"),
        unit_of_measure: None,
    });
    assert_eq!(
        issues(&notice.validate()),
        [
            "orders[0].lines[1].line_number: duplicate line number 1 (already used by orders[0].lines[0])",
            "orders[0].lines[1].quantity: must not be negative (got -2)",
            "orders[1].lines: an order in a ship notice needs at least one line",
            "packages[0].weight.value: must not be negative (got -1)",
            "packages[0].dimensions.height: must not be negative (got -3)",
            "packages[0].contents[1].order_number: is required when the ship notice lists more than one order",
            "packages[0].contents[2].order_number: order \"PO-404\" is not listed in orders",
            "packages[0].contents[3].line_number: line 9 of order \"PO-1\" is not listed in orders",
        ]
    );
}

#[test]
fn ship_notice_single_order_contents_may_omit_order_number() {
    let mut notice = full_ship_notice();
    notice.packages[0].contents[0].order_number = None;
    assert_eq!(notice.validate(), vec![]);
}

#[test]
fn invoice_rules() {
    let inv = Invoice::new("");
    assert_eq!(
        issues(&inv.validate()),
        [
            "invoice_number: must not be empty",
            "lines: an invoice needs at least one line",
        ]
    );
    let mut inv = full_invoice();
    inv.order_number = Some(String::new());
    inv.lines.push(InvoiceLine::new(1, dec("-1")));
    inv.totals.as_mut().unwrap().total = Some(dec("-13.80"));
    inv.totals.as_mut().unwrap().amount_due = Some(dec("-1")); // allowed (overpayment)
    assert_eq!(
        issues(&inv.validate()),
        [
            "order_number: must not be empty",
            "lines[1].line_number: duplicate line number 1 (already used by lines[0])",
            "lines[1].quantity: must not be negative (got -1)",
            "totals.total: must not be negative (got -13.80)",
        ]
    );
}

#[test]
fn catalog_rules() {
    let mut catalog = full_catalog();
    catalog.valid_to = Some(date("2024-01-01"));
    let mut dup = catalog.items[0].clone();
    dup.order_increment = Some(dec("0"));
    dup.prices[1].valid_to = Some(date("2024-02-01"));
    dup.prices[0].unit_price = dec("-1");
    catalog.items.push(dup);
    catalog.items.push(CatalogItem {
        supplier_part_id: String::new(),
        ..CatalogItem::default()
    });
    // Same part id with a different aux id is a different item.
    catalog.items.push(CatalogItem {
        supplier_part_id: "W-1".into(),
        supplier_part_aux_id: Some("red".into()),
        ..CatalogItem::default()
    });
    assert_eq!(
        issues(&catalog.validate()),
        [
            "valid_to: must not be before valid_from (2024-03-01; got 2024-01-01)",
            "items[1].supplier_part_id: duplicate item \"W-1\" with supplier_part_aux_id \"blue\" (already used by items[0])",
            "items[1].order_increment: must be greater than zero (got 0)",
            "items[1].prices[0].unit_price: must not be negative (got -1)",
            "items[1].prices[1].valid_to: must not be before valid_from (2024-03-01; got 2024-02-01)",
            "items[2].supplier_part_id: must not be empty",
        ]
    );
}

#[test]
fn inventory_report_rules() {
    assert_eq!(
        issues(&InventoryReport::new("R").validate()),
        ["items: an inventory report needs at least one item"]
    );
    let mut report = full_inventory_report();
    report.items[0].sku = " ".into();
    report.items[0].on_hand = Some(dec("-1"));
    report.items[0].available = Some(dec("-5")); // oversold: allowed
    assert_eq!(
        issues(&report.validate()),
        [
            "items[0].sku: must not be empty",
            "items[0].on_hand: must not be negative (got -1)",
        ]
    );
}

#[test]
fn punchout_cart_rules() {
    assert_eq!(PunchoutCart::new("cookie").validate(), vec![]);
    let mut cart = full_punchout_cart();
    cart.buyer_cookie = String::new();
    cart.total = Some(dec("-1"));
    cart.items[0].quantity = dec("0");
    cart.items[0].unit_price = Some(dec("-1.10"));
    assert_eq!(
        issues(&cart.validate()),
        [
            "buyer_cookie: must not be empty",
            "total: must not be negative (got -1)",
            "items[0].quantity: must be greater than zero (got 0)",
            "items[0].unit_price: must not be negative (got -1.10)",
        ]
    );
    assert_eq!(full_punchout_cart().computed_total(), Some(dec("3.30")));
}

#[test]
fn document_validate_delegates() {
    let doc = Document::from(PurchaseOrder::new("PO"));
    assert_eq!(
        issues(&doc.validate()),
        ["lines: a purchase order needs at least one line"]
    );
}
