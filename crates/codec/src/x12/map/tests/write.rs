//! Writers: golden interchanges, the issues of what X12 cannot say, and round trips
//! (canonical → writer → interchange writer → parser → reader → the same canonical document).

use model::{
    Catalog, CatalogItem, Charge, ChargeIndicator, Contact, CurrencyCode, Dimensions, Gtin,
    Identifier, InventoryItem, InventoryReport, Invoice, InvoiceLine, InvoicePurpose,
    InvoiceTotals, LineChangeKind, Measure, OrderChange, OrderChangeLine, OrderLine, OrderPurpose,
    OrderResponse, OrderResponseLine, Package, PackageContent, Party, PaymentTerms, Price,
    PurchaseOrder, Reference, ReferenceKind, ResponseStatus, ShipNotice, ShipNoticeLine,
    ShipNoticeOrder, Shipping, Tax, TaxCategory, Totals, UnitOfMeasure,
};

use super::*;
use crate::x12::map::{
    read_810, read_832, read_846, read_855, read_856, read_865, write_810, write_832, write_846,
    write_855, write_856, write_865,
};

fn unit(u: &str) -> Option<UnitOfMeasure> {
    Some(UnitOfMeasure::parse(u).expect("unit"))
}

fn party(name: &str, scheme: &str, id: &str, city: &str) -> Party {
    Party {
        name: Some(name.into()),
        identifiers: vec![Identifier::new(scheme, id)],
        address_lines: vec![format!("1 {name} Street"), "Suite 5".into()],
        city: Some(city.into()),
        region: Some("IL".into()),
        postal_code: Some("62701".into()),
        country: Some("US".into()),
        contacts: vec![Contact {
            name: Some(format!("{name} contact")),
            role: Some("purchasing".into()),
            email: Some("someone@example.com".into()),
            phone: Some("555-0100".into()),
        }],
    }
}

/// Writes with `write`, wraps in an interchange, parses it back and reads it with `read`.
fn roundtrip<T>(
    set: &str,
    write: impl FnOnce(&mut SegmentWriter) -> Vec<Issue>,
    read: impl FnOnce(&TransactionSet<'_>) -> (T, Vec<Issue>),
) -> (T, Vec<Issue>, Vec<Issue>, String) {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let write_issues = write(&mut w);
    assert!(
        w.issues().is_empty(),
        "segment writer issues: {:?}",
        w.issues()
    );
    let text = wrap(set, w);
    let (doc, read_issues) = with_first(text.as_bytes(), read);
    (doc, write_issues, read_issues, text)
}

// ---------------------------------------------------------------------------------------------
// 855
// ---------------------------------------------------------------------------------------------

fn order() -> PurchaseOrder {
    let mut po = PurchaseOrder::new("PO-4711");
    po.order_date = Some(date(2024, 1, 15));
    po.currency = Some(CurrencyCode::parse("USD").expect("currency"));
    po.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    po.seller = Some(party("Seller", "seller_assigned", "S-1", "Peoria"));
    po.ship_to = Some(party("Dock", "gln", "4012345000009", "Joliet"));
    let mut l1 = OrderLine::new(1, dec("10"));
    l1.unit_of_measure = unit("CS");
    l1.unit_price = Some(dec("12.50"));
    l1.buyer_part_id = Some("B-1".into());
    l1.supplier_part_id = Some("S-1".into());
    l1.gtin = Some(Gtin::parse("036000291452").expect("gtin"));
    l1.description = Some("Copy paper".into());
    let mut l2 = OrderLine::new(2, dec("3"));
    l2.unit_of_measure = unit("EA");
    l2.unit_price = Some(dec("7"));
    l2.extrinsics
        .insert("buyer_line_id".into(), "item-2".into());
    l2.extrinsics.insert("sku".into(), "SKU-2".into());
    let mut l3 = OrderLine::new(3, dec("1"));
    l3.unit_of_measure = unit("EA");
    l3.unit_price = Some(dec("99"));
    po.lines = vec![l1, l2, l3];
    po
}

/// A response that maps back exactly (no order context is needed to read it).
fn response() -> OrderResponse {
    let mut r = OrderResponse::new("PO-4711", ResponseStatus::Changed);
    r.response_number = Some("SO-77".into());
    r.response_date = Some(date(2024, 1, 16));
    r.order_date = Some(date(2024, 1, 15));
    r.currency = Some(CurrencyCode::parse("USD").expect("currency"));
    r.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    r.seller = Some(party("Seller", "seller_assigned", "S-1", "Peoria"));
    r.reason = Some("Line 2 partly on backorder".into());
    let long = format!("{} end", "word ".repeat(70));
    r.comments = vec![
        "Thank you for your order".into(),
        format!("First line\n{long}"),
    ];
    r.references = vec![Reference::new(ReferenceKind::Contract, "CT-1")];
    r.totals = Some(Totals {
        total: Some(dec("146")),
        ..Totals::default()
    });
    let mut l1 = OrderResponseLine::new(1, ResponseStatus::Accepted);
    l1.ordered_quantity = Some(dec("10"));
    l1.confirmed_quantity = Some(dec("10"));
    l1.unit_of_measure = unit("CS");
    l1.unit_price = Some(dec("12.5"));
    l1.ship_date = Some(date(2024, 1, 20));
    l1.delivery_date = Some(date(2024, 1, 22));
    l1.requested_delivery_date = Some(date(2024, 1, 25));
    l1.buyer_part_id = Some("B-1".into());
    l1.supplier_part_id = Some("S-1".into());
    l1.description = Some("Copy paper".into());
    let mut l2 = OrderResponseLine::new(2, ResponseStatus::Backordered);
    l2.ordered_quantity = Some(dec("3"));
    l2.confirmed_quantity = Some(dec("2"));
    l2.backordered_quantity = Some(dec("1"));
    l2.unit_of_measure = unit("EA");
    l2.unit_price = Some(dec("7"));
    l2.delivery_date = Some(date(2024, 2, 10));
    let mut l3 = OrderResponseLine::new(3, ResponseStatus::Rejected);
    l3.ordered_quantity = Some(dec("1"));
    l3.unit_of_measure = unit("EA");
    l3.unit_price = Some(dec("99"));
    l3.reason = Some("Discontinued".into());
    l3.comments = vec!["Try item 4711-B".into()];
    let mut l4 = OrderResponseLine::new(4, ResponseStatus::Changed);
    l4.ordered_quantity = Some(dec("5"));
    l4.confirmed_quantity = Some(dec("4"));
    l4.unit_of_measure = unit("PCE");
    let mut l5 = OrderResponseLine::new(5, ResponseStatus::Pending);
    l5.ordered_quantity = Some(dec("1"));
    l5.unit_of_measure = unit("EA");
    r.lines = vec![l1, l2, l3, l4, l5];
    r
}

#[test]
fn the_855_round_trips() {
    let original = response();
    let (back, wi, ri, text) = roundtrip("855", |w| write_855(w, &original, None), read_855);
    assert!(wi.is_empty(), "{wi:#?}");
    assert!(ri.is_empty(), "{ri:#?}\n{text}");
    assert_eq!(back, original, "\n{text}");
    assert!(
        text.contains("*LC~"),
        "a long comment is continued with LC: {text}"
    );
    golden("855_written.edi", &text.replace('~', "~\n"));
}

#[test]
fn the_855_echoes_the_order() {
    let po = order();
    let mut r = OrderResponse::new("PO-4711", ResponseStatus::Changed);
    let mut l2 = OrderResponseLine::new(2, ResponseStatus::Changed);
    l2.confirmed_quantity = Some(dec("3"));
    l2.unit_price = Some(dec("6.5"));
    r.lines = vec![l2];
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_855(&mut w, &r, Some(&po));
    assert!(issues.is_empty(), "{issues:#?}");
    let body = w.as_str();
    assert!(
        body.starts_with("BAK*00*AC*PO-4711*20240115~CUR*SE*USD~"),
        "{body}"
    );
    assert!(body.contains("N1*BY*Buyer*1*123456789~"), "{body}");
    assert!(body.contains("N1*ST*Dock*UL*4012345000009~"), "{body}");
    // The buyer's own line id, the order's quantity and ids, the new price; IP: price only.
    assert!(
        body.contains("PO1*item-2*3*EA*6.5**SK*SKU-2~ACK*IP*3*EA~"),
        "{body}"
    );
    assert!(
        !body.contains("PO1*1*"),
        "unanswered order lines are not acknowledged: {body}"
    );
    assert!(body.ends_with("CTT*1*3~"), "{body}");

    // Accepted without lines: every order line is acknowledged IA, with detail (AD).
    let r = OrderResponse::new("PO-4711", ResponseStatus::Accepted);
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_855(&mut w, &r, Some(&po));
    assert!(issues.is_empty(), "{issues:#?}");
    let body = w.as_str();
    assert!(body.starts_with("BAK*00*AD*"), "{body}");
    assert!(
        body.contains(
            "PO1*1*10*CA*12.5**BP*B-1*VP*S-1*UP*036000291452~PID*F****Copy paper~ACK*IA*10*CA~"
        ),
        "{body}"
    );
    assert!(
        body.contains("PO1*item-2*3*EA*7**SK*SKU-2~ACK*IA*3*EA~"),
        "{body}"
    );
    assert!(body.ends_with("CTT*3*14~"), "{body}");

    // Rejected without lines: RJ, no detail.
    let r = OrderResponse::new("PO-4711", ResponseStatus::Rejected);
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    write_855(&mut w, &r, Some(&po));
    assert!(
        w.as_str().starts_with("BAK*00*RJ*PO-4711*20240115"),
        "{}",
        w.as_str()
    );
    assert!(!w.as_str().contains("PO1"), "{}", w.as_str());
}

#[test]
fn the_855_reports_what_it_cannot_say() {
    let mut r = OrderResponse::new(
        "PO-THAT-IS-FAR-TOO-LONG-FOR-BAK03",
        ResponseStatus::Accepted,
    );
    let mut l = OrderResponseLine::new(1, ResponseStatus::Accepted);
    l.confirmed_quantity = Some(dec("1"));
    l.unit_of_measure = unit("H87");
    r.lines = vec![l];
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_855(&mut w, &r, None);
    let e = find(&issues, "BAK", Some(4), None);
    assert_eq!(e.severity, Severity::Error);
    assert_eq!(e.location.path.as_deref(), Some("order_date"));
    assert_eq!(e.location.segment_position, Some(2));
    let e = find(&issues, "BAK", Some(3), None);
    assert_eq!(e.severity, Severity::Error);
    let e = find(&issues, "PO1", Some(3), None);
    assert!(e.message.contains("H87"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 856
// ---------------------------------------------------------------------------------------------

fn ship_notice() -> ShipNotice {
    let mut n = ShipNotice::new("SH-2024-001");
    n.notice_date = Some(date(2024, 3, 1));
    n.ship_date = Some(date(2024, 3, 1));
    n.expected_delivery_date = Some(date(2024, 3, 4));
    n.carrier = Some("United Parcel Service".into());
    n.carrier_code = Some("UPSN".into());
    n.service_level = Some("ground".into());
    n.tracking_number = Some("1Z9999".into());
    n.bill_of_lading = Some("BOL-77".into());
    n.ship_from = Some(party("Plant", "seller_assigned", "P1", "Peoria"));
    n.ship_to = Some(party("Dock", "gln", "4012345000009", "Joliet"));
    n.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    n.seller = Some(party("Seller", "duns", "987654321", "Peoria"));
    n.total_weight = Some(Measure {
        value: dec("25.5"),
        unit: UnitOfMeasure::parse("KGM").expect("unit"),
    });
    n.references = vec![Reference::new(ReferenceKind::Invoice, "INV-9")];
    n.packages = vec![
        Package {
            sscc: Some("012345678901234567".into()),
            package_type: Some("carton".into()),
            tracking_number: Some("1Z0001".into()),
            weight: Some(Measure {
                value: dec("12"),
                unit: UnitOfMeasure::parse("KGM").expect("unit"),
            }),
            dimensions: Some(Dimensions {
                length: dec("40"),
                width: dec("30"),
                height: dec("20"),
                unit: UnitOfMeasure::parse("CMT").expect("unit"),
            }),
            contents: vec![
                PackageContent {
                    order_number: None,
                    line_number: 1,
                    quantity: dec("6"),
                    unit_of_measure: unit("EA"),
                },
                PackageContent {
                    order_number: None,
                    line_number: 2,
                    quantity: dec("2"),
                    unit_of_measure: unit("CS"),
                },
            ],
        },
        Package {
            sscc: Some("012345678901234574".into()),
            package_type: Some("carton".into()),
            tracking_number: None,
            weight: None,
            dimensions: None,
            contents: vec![PackageContent {
                order_number: None,
                line_number: 1,
                quantity: dec("4"),
                unit_of_measure: unit("EA"),
            }],
        },
    ];
    n.orders = vec![ShipNoticeOrder {
        order_number: "PO-4711".into(),
        order_date: Some(date(2024, 2, 15)),
        lines: vec![
            ShipNoticeLine {
                line_number: 1,
                quantity: dec("10"),
                unit_of_measure: unit("EA"),
                ordered_quantity: Some(dec("10")),
                supplier_part_id: Some("S-1".into()),
                buyer_part_id: Some("B-1".into()),
                gtin: Some(Gtin::parse("036000291452").expect("gtin")),
                description: Some("Widget".into()),
                batch_number: Some("LOT-42".into()),
                serial_numbers: vec!["SN1".into(), "SN2".into()],
                ..ShipNoticeLine::default()
            },
            ShipNoticeLine {
                line_number: 2,
                quantity: dec("5"),
                unit_of_measure: unit("CS"),
                ordered_quantity: Some(dec("8")),
                supplier_part_id: Some("S-2".into()),
                ..ShipNoticeLine::default()
            },
        ],
    }];
    n
}

#[test]
fn the_856_round_trips_sopi() {
    let original = ship_notice();
    let (back, wi, ri, text) = roundtrip("856", |w| write_856(w, &original), read_856);
    assert!(wi.is_empty(), "{wi:#?}");
    assert!(ri.is_empty(), "{ri:#?}\n{text}");
    assert_eq!(back, original, "\n{text}");
    // S(1) → O(2) → P(3) → I(4), I(5); P(6) → I(7); loose remainder I(8) under O.
    for hl in [
        "HL*1**S*1~",
        "HL*2*1*O*1~",
        "HL*3*2*P*1~",
        "HL*4*3*I*0~",
        "HL*5*3*I*0~",
        "HL*6*2*P*1~",
        "HL*7*6*I*0~",
        "HL*8*2*I*0~",
    ] {
        assert!(text.contains(hl), "{hl} missing in\n{text}");
    }
    assert!(
        text.contains("BSN*00*SH-2024-001*20240301*0000*0001~"),
        "{text}"
    );
    assert!(text.contains("TD1*CTN25*2****G*25.5*KG~"), "{text}");
    assert!(
        text.contains("TD5**2*UPSN**United Parcel Service*******CG~"),
        "{text}"
    );
    assert!(
        text.contains("MAN*GM*012345678901234567~MAN*CP*1Z0001~"),
        "{text}"
    );
    assert!(
        text.contains("SN1**3*CA**8*CA~"),
        "loose remainder of line 2: {text}"
    );
    assert!(text.contains("CTT*8~"), "{text}");
    golden("856_written.edi", &text.replace('~', "~\n"));
}

#[test]
fn the_856_round_trips_soi_and_several_orders() {
    let mut n = ship_notice();
    n.packages.clear();
    let (back, wi, ri, text) = roundtrip("856", |w| write_856(w, &n), read_856);
    assert!(wi.is_empty() && ri.is_empty(), "{wi:#?} {ri:#?}");
    assert_eq!(back, n);
    assert!(text.contains("*0002~HL*1**S*1~"), "{text}");
    assert!(
        text.contains("HL*3*2*I*0~") && text.contains("HL*4*2*I*0~"),
        "{text}"
    );

    // Two orders in one package: the package is one package again after reading.
    let mut n = ship_notice();
    let mut second = ShipNoticeOrder {
        order_number: "PO-4712".into(),
        order_date: None,
        lines: vec![ShipNoticeLine {
            line_number: 1,
            quantity: dec("1"),
            unit_of_measure: unit("EA"),
            ..ShipNoticeLine::default()
        }],
    };
    second.lines.truncate(1);
    n.orders.push(second);
    for p in &mut n.packages {
        for c in &mut p.contents {
            c.order_number = Some("PO-4711".into());
        }
    }
    if let Some(p) = n.packages.first_mut() {
        p.contents.push(PackageContent {
            order_number: Some("PO-4712".into()),
            line_number: 1,
            quantity: dec("1"),
            unit_of_measure: unit("EA"),
        });
    }
    let (back, wi, ri, text) = roundtrip("856", |w| write_856(w, &n), read_856);
    assert!(wi.is_empty() && ri.is_empty(), "{wi:#?} {ri:#?}");
    assert_eq!(back, n, "\n{text}");
    assert_eq!(
        text.matches("MAN*GM*012345678901234567~").count(),
        2,
        "{text}"
    );
}

#[test]
fn the_856_reports_what_it_cannot_say() {
    let mut n = ShipNotice::new("SH-1");
    n.orders = vec![ShipNoticeOrder {
        order_number: "PO-1".into(),
        order_date: None,
        lines: vec![ShipNoticeLine {
            line_number: 1,
            quantity: dec("1"),
            ..ShipNoticeLine::default()
        }],
    }];
    n.packages = vec![Package {
        sscc: Some("123".into()),
        contents: vec![PackageContent {
            order_number: Some("PO-X".into()),
            line_number: 1,
            quantity: dec("1"),
            unit_of_measure: None,
        }],
        ..Package::default()
    }];
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_856(&mut w, &n);
    assert_eq!(
        find(&issues, "BSN", Some(3), None).severity,
        Severity::Error
    );
    assert_eq!(
        find(&issues, "SN1", Some(3), None).severity,
        Severity::Error
    );
    let e = find(&issues, "HL", Some(3), None);
    assert_eq!(
        e.location.path.as_deref(),
        Some("packages[0].contents[0].order_number")
    );
}

// ---------------------------------------------------------------------------------------------
// 810
// ---------------------------------------------------------------------------------------------

fn invoice() -> Invoice {
    let mut inv = Invoice::new("INV-2024-42");
    inv.purpose = InvoicePurpose::Invoice;
    inv.invoice_date = Some(date(2024, 3, 5));
    inv.order_number = Some("PO-4711".into());
    inv.order_date = Some(date(2024, 1, 15));
    inv.currency = Some(CurrencyCode::parse("USD").expect("currency"));
    inv.seller = Some(party("Seller", "duns", "987654321", "Peoria"));
    inv.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    inv.remit_to = Some(party("Lockbox", "seller_assigned", "LB-1", "Chicago"));
    inv.ship_to = Some(party("Dock", "gln", "4012345000009", "Joliet"));
    inv.bill_to = Some(party("Buyer AP", "buyer_assigned", "AP-1", "Springfield"));
    inv.payment_terms = Some(PaymentTerms {
        net_days: Some(30),
        discount_percent: Some(dec("2")),
        discount_days: Some(10),
        due_date: Some(date(2024, 4, 4)),
        description: Some("2% 10 net 30".into()),
    });
    let mut l1 = InvoiceLine::new(1, dec("1080"));
    l1.order_line_number = Some(3);
    l1.unit_of_measure = unit("EA");
    l1.unit_price = Some(dec("3.61"));
    l1.description = Some("Item description".into());
    l1.buyer_part_id = Some("001719653".into());
    l1.supplier_part_id = Some("S-9".into());
    l1.gtin = Some(Gtin::parse("022108955228").expect("gtin"));
    l1.manufacturer_part_id = Some("M-9".into());
    l1.charges = vec![Charge {
        indicator: ChargeIndicator::Allowance,
        code: Some("discount".into()),
        description: Some("Volume discount".into()),
        amount: Some(dec("23.50")),
        percent: None,
    }];
    l1.taxes = vec![Tax {
        category: Some(TaxCategory::Sales),
        rate: Some(dec("6.25")),
        amount: Some(dec("242.2")),
        jurisdiction: Some("IL".into()),
        ..Tax::default()
    }];
    inv.lines = vec![l1];
    inv.charges = vec![Charge {
        indicator: ChargeIndicator::Charge,
        code: Some("H090".into()),
        description: Some("Special handling".into()),
        amount: Some(dec("5")),
        percent: None,
    }];
    inv.taxes = vec![Tax {
        category: Some(TaxCategory::Sales),
        rate: Some(dec("6.25")),
        amount: Some(dec("242.2")),
        ..Tax::default()
    }];
    inv.shipping = Some(Shipping {
        method: None,
        carrier: Some("Roadway".into()),
        amount: Some(dec("12.50")),
        description: Some("Prepaid and add".into()),
        incoterms: Some("FCA Chicago".into()),
    });
    inv.totals = Some(InvoiceTotals {
        subtotal: Some(dec("3875.30")),
        tax: Some(dec("242.2")),
        shipping: Some(dec("12.50")),
        total: Some(dec("4135.00")),
        ..InvoiceTotals::default()
    });
    inv.references = vec![Reference::new(ReferenceKind::DeliveryNote, "PS-1")];
    inv.comments = vec!["Thank you".into()];
    inv.extrinsics = model::Extrinsics::from([("ship_date".to_owned(), "2024-03-01".to_owned())]);
    inv
}

#[test]
fn the_810_round_trips() {
    let original = invoice();
    let (back, wi, ri, text) = roundtrip("810", |w| write_810(w, &original), read_810);
    assert!(wi.is_empty(), "{wi:#?}");
    assert!(ri.is_empty(), "{ri:#?}\n{text}");
    assert_eq!(back, original, "\n{text}");
    assert!(
        text.contains("TDS*413500*387530~"),
        "implied decimals: {text}"
    );
    assert!(text.contains("SAC*C*D240***1250~"), "{text}");
    assert!(
        text.contains("SAC*A*C310***2350**********Volume discount~"),
        "{text}"
    );
    assert!(text.contains("TXI*ST*242.2*6.25*VD*IL~"), "{text}");
    assert!(
        text.contains("ITD*08*3*2**10*20240404*30*****2% 10 net 30~"),
        "{text}"
    );
    assert!(
        text.contains("IT1*1*1080*EA*3.61**BP*001719653*VP*S-9*UP*022108955228*MG*M-9*PL*3~"),
        "{text}"
    );
    golden("810_written.edi", &text.replace('~', "~\n"));

    let mut credit = invoice();
    credit.purpose = InvoicePurpose::CreditNote;
    let (back, _, _, text) = roundtrip("810", |w| write_810(w, &credit), read_810);
    assert_eq!(back.purpose, InvoicePurpose::CreditNote);
    assert!(
        text.contains("BIG*20240305*INV-2024-42*20240115*PO-4711***CR~"),
        "{text}"
    );
}

#[test]
fn the_810_computes_and_rounds_the_total() {
    let mut inv = Invoice::new("INV-1");
    inv.invoice_date = Some(date(2024, 3, 5));
    let mut l = InvoiceLine::new(1, dec("3"));
    l.unit_of_measure = unit("EA");
    l.unit_price = Some(dec("1.005"));
    inv.lines = vec![l];
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_810(&mut w, &inv);
    // 3 × 1.005 = 3.015 → 3.02 (half away from zero), with a warning for each step.
    assert!(w.as_str().contains("TDS*302~"), "{}", w.as_str());
    let w1 = find(&issues, "TDS", Some(1), None);
    assert_eq!(w1.severity, Severity::Warning);
    assert!(
        issues.iter().any(|i| i.message.contains("rounded")),
        "{issues:#?}"
    );
    assert!(errors(&issues).is_empty(), "{issues:#?}");
}

// ---------------------------------------------------------------------------------------------
// 865, 846, 832
// ---------------------------------------------------------------------------------------------

#[test]
fn the_865_answers_the_change() {
    let mut ch = OrderChange::new("PO-4711");
    ch.purpose = OrderPurpose::Change;
    ch.change_sequence = Some(2);
    ch.order_date = Some(date(2024, 1, 15));
    let mut l1 = OrderLine::new(1, dec("12"));
    l1.unit_of_measure = unit("EA");
    let l2 = OrderLine::new(2, dec("0"));
    let mut l3 = OrderLine::new(3, dec("4"));
    l3.unit_of_measure = unit("EA");
    l3.supplier_part_id = Some("S-3".into());
    ch.lines = vec![
        OrderChangeLine {
            change: LineChangeKind::Changed,
            line: l1,
        },
        OrderChangeLine {
            change: LineChangeKind::Cancelled,
            line: l2,
        },
        OrderChangeLine {
            change: LineChangeKind::Added,
            line: l3,
        },
    ];
    let mut r = OrderResponse::new("PO-4711", ResponseStatus::Changed);
    r.response_number = Some("CA-1".into());
    r.response_date = Some(date(2024, 1, 16));
    let mut a = OrderResponseLine::new(1, ResponseStatus::Accepted);
    a.confirmed_quantity = Some(dec("12"));
    let b = OrderResponseLine::new(2, ResponseStatus::Accepted);
    let mut c = OrderResponseLine::new(3, ResponseStatus::Changed);
    c.confirmed_quantity = Some(dec("3"));
    r.lines = vec![a, b, c];
    let (back, wi, ri, text) = roundtrip("865", |w| write_865(w, &r, Some(&ch)), read_865);
    assert!(wi.is_empty(), "{wi:#?}");
    assert!(ri.is_empty(), "{ri:#?}");
    golden("865_written.edi", &text.replace('~', "~\n"));
    assert!(
        text.contains("BCA*00*AC*PO-4711**2*20240115***CA-1*20240116~"),
        "{text}"
    );
    assert!(text.contains("POC*1*CA*12**EA~ACK*IA*12*EA~"), "{text}");
    assert!(text.contains("POC*2*DI*0~ACK*IA*0~"), "{text}");
    assert!(
        text.contains("POC*3*AI*4**EA***VP*S-3~ACK*IQ*3*EA~"),
        "{text}"
    );
    assert_eq!(back.status, ResponseStatus::Changed);
    assert_eq!(back.response_number.as_deref(), Some("CA-1"));
    assert_eq!(
        back.extrinsics.get("change_sequence").map(String::as_str),
        Some("2")
    );
    let st: Vec<&ResponseStatus> = back.lines.iter().map(|l| &l.status).collect();
    assert_eq!(
        st,
        [
            &ResponseStatus::Accepted,
            &ResponseStatus::Accepted,
            &ResponseStatus::Changed
        ]
    );
    assert_eq!(
        back.lines.get(2).and_then(|l| l.confirmed_quantity),
        Some(dec("3"))
    );
}

#[test]
fn the_846_round_trips() {
    let mut rep = InventoryReport::new("INV-RPT-1");
    rep.report_date = Some(date(2024, 3, 1));
    rep.supplier = Some(party("Seller", "duns", "987654321", "Peoria"));
    rep.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    rep.items = vec![
        InventoryItem {
            sku: "SKU-1".into(),
            buyer_part_id: Some("B-1".into()),
            gtin: Some(Gtin::parse("036000291452").expect("gtin")),
            description: Some("Paper".into()),
            location: Some("WH-EAST".into()),
            on_hand: Some(dec("150")),
            reserved: Some(dec("30")),
            available: Some(dec("120")),
            unit_of_measure: unit("CS"),
            next_available_date: Some(date(2024, 3, 15)),
            next_available_quantity: Some(dec("500")),
        },
        InventoryItem {
            sku: "SKU-2".into(),
            available: Some(dec("-3")),
            unit_of_measure: unit("EA"),
            ..InventoryItem::default()
        },
    ];
    let (back, wi, ri, text) = roundtrip("846", |w| write_846(w, &rep), read_846);
    assert!(wi.is_empty() && ri.is_empty(), "{wi:#?} {ri:#?}");
    golden("846_written.edi", &text.replace('~', "~\n"));
    assert_eq!(back, rep, "\n{text}");
    assert!(text.contains("BIA*00*SI*INV-RPT-1*20240301~"), "{text}");
    assert!(
        text.contains("LIN**VP*SKU-1*BP*B-1*UP*036000291452~"),
        "{text}"
    );
    assert!(
        text.contains("QTY*33*120*CA~QTY*17*150*CA~QTY*27*30*CA~QTY*63*500*CA~DTM*018*20240315~"),
        "{text}"
    );
}

#[test]
fn the_832_round_trips() {
    let mut cat = Catalog::new("CAT-2024");
    cat.name = Some("Spring catalog".into());
    cat.version = Some("3".into());
    cat.valid_from = Some(date(2024, 1, 1));
    cat.valid_to = Some(date(2024, 12, 31));
    cat.currency = Some(CurrencyCode::parse("USD").expect("currency"));
    cat.supplier = Some(party("Seller", "duns", "987654321", "Peoria"));
    cat.buyer = Some(party("Buyer", "duns", "123456789", "Springfield"));
    let mut p2 = Price::new(dec("8.5"));
    p2.price_list_id = Some("CON".into());
    p2.min_quantity = Some(dec("100"));
    p2.currency = Some(CurrencyCode::parse("CAD").expect("currency"));
    p2.valid_from = Some(date(2024, 2, 1));
    p2.valid_to = Some(date(2024, 6, 30));
    cat.items = vec![CatalogItem {
        supplier_part_id: "P-1".into(),
        gtin: Some(Gtin::parse("4006381333931").expect("gtin")),
        manufacturer_part_id: Some("M-1".into()),
        manufacturer_name: Some("Acme".into()),
        description: Some("Stapler".into()),
        long_description: Some("A sturdy stapler for 40 sheets".into()),
        unit_of_measure: unit("EA"),
        prices: vec![Price::new(dec("9.99")), p2],
        lead_time_days: Some(5),
        min_order_quantity: Some(dec("10")),
        order_increment: Some(dec("5")),
        ..CatalogItem::default()
    }];
    let (back, wi, ri, text) = roundtrip("832", |w| write_832(w, &cat), read_832);
    assert!(wi.is_empty() && ri.is_empty(), "{wi:#?} {ri:#?}");
    golden("832_written.edi", &text.replace('~', "~\n"));
    assert_eq!(back, cat, "\n{text}");
    assert!(
        text.contains("BCT*PC*CAT-2024*3******Spring catalog*00~"),
        "{text}"
    );
    assert!(
        text.contains(
            "CTP**CAT*9.99**EA~CTP**CON*8.5*100*EA~CUR*SE*CAD~DTM*007*20240201~DTM*036*20240630~"
        ),
        "{text}"
    );
}

#[test]
fn party_and_reference_codes_round_trip() {
    // Every scheme and role the writer knows reads back as itself.
    for (scheme, value, q) in [
        ("duns", "123456789", "1"),
        ("duns", "1234567890123", "9"),
        ("gln", "4012345000009", "UL"),
        ("buyer_assigned", "B", "92"),
        ("seller_assigned", "S", "91"),
        ("mutually_defined", "M", "ZZ"),
        ("15", "SAN-1", "15"),
    ] {
        let mut r = OrderResponse::new("PO-1", ResponseStatus::Accepted);
        r.order_date = Some(date(2024, 1, 1));
        r.buyer = Some(Party {
            name: Some("B".into()),
            identifiers: vec![Identifier::new(scheme, value)],
            ..Party::default()
        });
        let (back, _, _, text) = roundtrip("855", |w| write_855(w, &r, None), read_855);
        assert!(text.contains(&format!("N1*BY*B*{q}*{value}~")), "{text}");
        let want = if scheme == "15" { "15" } else { scheme };
        assert_eq!(
            back.buyer
                .and_then(|b| b.identifier(want).map(str::to_owned)),
            Some(value.into())
        );
    }
}

#[test]
fn dispatch_by_set_id() {
    use crate::x12::map::{functional_id, read_transaction, write_document};
    use model::Document;

    assert_eq!(functional_id("855"), Some("PR"));
    assert_eq!(functional_id("999"), Some("FA"));
    assert_eq!(functional_id("204"), None);
    let doc = Document::Invoice(invoice());
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    let issues = write_document(&mut w, "810", &doc).expect("810 is written");
    assert!(issues.is_empty(), "{issues:#?}");
    let text = wrap("810", w);
    with_first(text.as_bytes(), |ts| {
        let (back, issues) = read_transaction(ts);
        assert!(issues.is_empty(), "{issues:#?}");
        assert_eq!(back, Some(doc.clone()));
    });
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    assert!(write_document(&mut w, "850", &doc).is_none());
    on_body("204", "B2**SCAC~", |ts| {
        let (doc, issues) = read_transaction(ts);
        assert!(doc.is_none());
        let e = find(&issues, "ST", Some(1), None);
        assert_eq!(e.severity, Severity::Error);
    });
}
