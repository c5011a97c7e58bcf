//! The writers: golden files (judged by xmllint and the EN 16931 schematron in
//! `tests/it/ubl_judge.rs`), totals, issues, and read → write → read round trips.

use std::str::FromStr;

use chrono::NaiveDate;
use model::{
    Catalog, CatalogItem, Charge, ChargeIndicator, Classification, Contact, CurrencyCode, Document,
    Gtin, Identifier, Invoice, InvoiceLine, InvoicePurpose, Measure, OrderResponse,
    OrderResponseLine, Package, Party, PaymentTerms, Price, Reference, ReferenceKind,
    ResponseStatus, ShipNotice, ShipNoticeLine, ShipNoticeOrder, Tax, TaxCategory, UnitOfMeasure,
};
use rust_decimal::Decimal;

use crate::ubl::{
    read, write_catalogue, write_despatch_advice, write_invoice, write_order_response, WriteParams,
};
use crate::{Issue, Severity};

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/ubl");

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &str) {
    crate::test_support::golden(GOLDEN_DIR, name, doc.as_bytes());
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn unit(u: &str) -> UnitOfMeasure {
    UnitOfMeasure::parse(u).unwrap()
}

fn errors(issues: &[Issue]) -> Vec<&Issue> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect()
}

fn seller() -> Party {
    Party {
        name: Some("Büro Supplies GmbH".into()),
        identifiers: vec![
            Identifier::new("endpoint:9930", "DE123456789"),
            Identifier::new("gln", "4000001000005"),
            Identifier::new("vat", "DE123456789"),
            Identifier::new("legal", "HRB 12345"),
        ],
        address_lines: vec!["Hauptstraße 1".into(), "Hof 2".into()],
        city: Some("Berlin".into()),
        postal_code: Some("10115".into()),
        country: Some("DE".into()),
        contacts: vec![Contact {
            name: Some("Anna Schmidt".into()),
            email: Some("anna@buero.example".into()),
            phone: Some("+49 30 123456".into()),
            role: None,
        }],
        ..Party::default()
    }
}

fn buyer() -> Party {
    Party {
        name: Some("Acme Hospital <North> & Co".into()),
        identifiers: vec![
            Identifier::new("endpoint:0088", "5790000435951"),
            Identifier::new("vat", "NL123456789B01"),
        ],
        address_lines: vec!["Kerkstraat 5".into()],
        city: Some("Utrecht".into()),
        postal_code: Some("3511 AB".into()),
        country: Some("NL".into()),
        ..Party::default()
    }
}

fn vat(rate: &str) -> Tax {
    Tax {
        category: Some(TaxCategory::Vat),
        rate: Some(dec(rate)),
        ..Tax::default()
    }
}

/// Two VAT rates, a line allowance, a document allowance and a freight charge; prices with
/// more decimals than money so rounding matters.
fn invoice() -> Invoice {
    let mut inv = Invoice::new("INV-2026-0042");
    inv.invoice_date = Some(date("2026-03-02"));
    inv.order_number = Some("PO-7788".into());
    inv.currency = Some(CurrencyCode::parse("EUR").unwrap());
    inv.seller = Some(seller());
    inv.buyer = Some(buyer());
    inv.ship_to = Some(Party {
        name: Some("Acme Hospital Warehouse".into()),
        identifiers: vec![Identifier::new("gln", "5790000435968")],
        address_lines: vec!["Dock 3".into()],
        city: Some("Utrecht".into()),
        postal_code: Some("3512 CD".into()),
        country: Some("NL".into()),
        ..Party::default()
    });
    inv.payment_terms = Some(PaymentTerms {
        net_days: Some(30),
        due_date: Some(date("2026-04-01")),
        description: Some("30 days net".into()),
        ..PaymentTerms::default()
    });
    inv.comments = vec!["Thank you for your order".into()];
    inv.references = vec![Reference::new(ReferenceKind::Contract, "FW-2026-01")];
    inv.extrinsics
        .insert("buyer_reference".into(), "DEPT-42".into());
    inv.extrinsics
        .insert("payee_account".into(), "DE89370400440532013000".into());
    inv.extrinsics
        .insert("payee_bank".into(), "COBADEFFXXX".into());
    let mut l1 = InvoiceLine::new(1, dec("3"));
    l1.order_line_number = Some(1);
    l1.unit_of_measure = Some(unit("C62"));
    l1.unit_price = Some(dec("19.995"));
    l1.description = Some("Copy paper A4, 500 sheets".into());
    l1.supplier_part_id = Some("PAP-A4-500".into());
    l1.buyer_part_id = Some("B-100".into());
    l1.gtin = Some(Gtin::parse("4006381333931").unwrap());
    l1.taxes = vec![vat("19")];
    l1.charges = vec![Charge {
        indicator: ChargeIndicator::Allowance,
        code: Some("discount".into()),
        description: Some("Volume discount".into()),
        amount: Some(dec("2.00")),
        percent: None,
    }];
    let mut l2 = InvoiceLine::new(2, dec("2"));
    l2.order_line_number = Some(2);
    l2.unit_of_measure = Some(unit("KGM"));
    l2.unit_price = Some(dec("7.1234"));
    l2.description = Some("Coffee beans".into());
    l2.supplier_part_id = Some("COF-1KG".into());
    l2.taxes = vec![vat("7")];
    inv.lines = vec![l1, l2];
    inv.charges = vec![
        Charge {
            indicator: ChargeIndicator::Charge,
            code: Some("freight".into()),
            description: Some("Freight".into()),
            amount: Some(dec("4.90")),
            percent: None,
        },
        Charge {
            indicator: ChargeIndicator::Allowance,
            code: Some("discount".into()),
            description: Some("Loyalty discount".into()),
            amount: None,
            percent: Some(dec("2")),
        },
    ];
    inv
}

fn credit_note() -> Invoice {
    let mut cn = Invoice::new("CN-2026-0007");
    cn.purpose = InvoicePurpose::CreditNote;
    cn.invoice_date = Some(date("2026-03-10"));
    cn.currency = Some(CurrencyCode::parse("EUR").unwrap());
    cn.seller = Some(seller());
    cn.buyer = Some(buyer());
    cn.payment_terms = Some(PaymentTerms {
        description: Some("Credited to your account".into()),
        ..PaymentTerms::default()
    });
    cn.references = vec![Reference {
        kind: ReferenceKind::Invoice,
        value: "INV-2026-0042".into(),
        date: Some(date("2026-03-02")),
    }];
    cn.extrinsics
        .insert("buyer_reference".into(), "DEPT-42".into());
    let mut l = InvoiceLine::new(1, dec("1"));
    l.unit_of_measure = Some(unit("C62"));
    l.unit_price = Some(dec("19.995"));
    l.description = Some("Copy paper A4, 500 sheets (damaged)".into());
    l.supplier_part_id = Some("PAP-A4-500".into());
    l.taxes = vec![vat("19")];
    cn.lines = vec![l];
    cn
}

fn order_response() -> OrderResponse {
    let mut r = OrderResponse::new("PO-7788", ResponseStatus::Changed);
    r.response_number = Some("OR-7788-1".into());
    r.response_date = Some(date("2026-02-20"));
    r.currency = Some(CurrencyCode::parse("EUR").unwrap());
    r.seller = Some(seller());
    r.buyer = Some(buyer());
    r.comments = vec!["Line 2 ships in two parts".into()];
    let mut l1 = OrderResponseLine::new(1, ResponseStatus::Accepted);
    l1.confirmed_quantity = Some(dec("3"));
    l1.unit_of_measure = Some(unit("C62"));
    l1.unit_price = Some(dec("19.995"));
    l1.description = Some("Copy paper A4, 500 sheets".into());
    l1.supplier_part_id = Some("PAP-A4-500".into());
    l1.delivery_date = Some(date("2026-02-25"));
    let mut l2 = OrderResponseLine::new(2, ResponseStatus::Changed);
    l2.confirmed_quantity = Some(dec("1"));
    l2.backordered_quantity = Some(dec("1"));
    l2.unit_of_measure = Some(unit("KGM"));
    l2.description = Some("Coffee beans".into());
    l2.supplier_part_id = Some("COF-1KG".into());
    let mut l3 = OrderResponseLine::new(3, ResponseStatus::Rejected);
    l3.description = Some("Discontinued stapler".into());
    l3.buyer_part_id = Some("B-300".into());
    r.lines = vec![l1, l2, l3];
    r
}

fn ship_notice() -> ShipNotice {
    let mut n = ShipNotice::new("DES-2026-0099");
    n.notice_date = Some(date("2026-02-24"));
    n.ship_date = Some(date("2026-02-24"));
    n.expected_delivery_date = Some(date("2026-02-26"));
    n.carrier = Some("DHL Freight".into());
    n.tracking_number = Some("JJD000390007827".into());
    n.ship_from = Some(seller());
    n.ship_to = Some(buyer());
    n.total_weight = Some(Measure {
        value: dec("12.5"),
        unit: unit("KGM"),
    });
    n.packages = vec![Package {
        sscc: Some("340123450000000017".into()),
        package_type: Some("PK".into()),
        ..Package::default()
    }];
    n.orders = vec![ShipNoticeOrder {
        order_number: "PO-7788".into(),
        order_date: Some(date("2026-02-19")),
        lines: vec![
            ShipNoticeLine {
                line_number: 1,
                quantity: dec("3"),
                unit_of_measure: Some(unit("C62")),
                ordered_quantity: Some(dec("3")),
                supplier_part_id: Some("PAP-A4-500".into()),
                gtin: Some(Gtin::parse("4006381333931").unwrap()),
                description: Some("Copy paper A4, 500 sheets".into()),
                ..ShipNoticeLine::default()
            },
            ShipNoticeLine {
                line_number: 2,
                quantity: dec("1"),
                unit_of_measure: Some(unit("KGM")),
                ordered_quantity: Some(dec("2")),
                supplier_part_id: Some("COF-1KG".into()),
                description: Some("Coffee beans".into()),
                batch_number: Some("L2026-07".into()),
                ..ShipNoticeLine::default()
            },
        ],
    }];
    n
}

fn catalog() -> Catalog {
    let mut c = Catalog::new("CAT-2026-Q1");
    c.name = Some("Office supplies Q1 2026".into());
    c.issued_at = chrono::DateTime::parse_from_rfc3339("2026-01-02T08:00:00+01:00").ok();
    c.valid_from = Some(date("2026-01-01"));
    c.valid_to = Some(date("2026-03-31"));
    c.currency = Some(CurrencyCode::parse("EUR").unwrap());
    c.supplier = Some(seller());
    c.buyer = Some(buyer());
    c.items = vec![
        CatalogItem {
            supplier_part_id: "PAP-A4-500".into(),
            gtin: Some(Gtin::parse("4006381333931").unwrap()),
            description: Some("Copy paper A4, 500 sheets".into()),
            long_description: Some("80 g/m², white, FSC certified".into()),
            unit_of_measure: Some(unit("C62")),
            prices: vec![Price {
                valid_from: Some(date("2026-01-01")),
                valid_to: Some(date("2026-03-31")),
                ..Price::new(dec("4.25"))
            }],
            lead_time_days: Some(2),
            classification: vec![Classification::new("UNSPSC", "14111507")],
            manufacturer_part_id: Some("NAV-80-A4".into()),
            manufacturer_name: Some("Navigator".into()),
            min_order_quantity: Some(dec("5")),
            order_increment: Some(dec("5")),
            ..CatalogItem::default()
        },
        CatalogItem {
            supplier_part_id: "COF-1KG".into(),
            description: Some("Coffee beans".into()),
            unit_of_measure: Some(unit("KGM")),
            prices: vec![Price::new(dec("14.9"))],
            ..CatalogItem::default()
        },
    ];
    c
}

fn params() -> WriteParams {
    WriteParams::default()
}

#[test]
fn invoice_golden_and_totals() {
    let (xml, issues) = write_invoice(&invoice(), &params());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    golden("invoice.xml", &xml);
    // Lines: 3 × 19.995 = 59.985 → 59.99 − 2.00 = 57.99; 2 × 7.1234 = 14.2468 → 14.25.
    assert!(
        xml.contains("<cbc:LineExtensionAmount currencyID=\"EUR\">57.99</cbc:LineExtensionAmount>")
    );
    assert!(
        xml.contains("<cbc:LineExtensionAmount currencyID=\"EUR\">14.25</cbc:LineExtensionAmount>")
    );
    // Sum 72.24; 2 % allowance of 72.24 = 1.44; charge 4.90 → exclusive 75.70.
    assert!(
        xml.contains("<cbc:LineExtensionAmount currencyID=\"EUR\">72.24</cbc:LineExtensionAmount>")
    );
    assert!(
        xml.contains("<cbc:TaxExclusiveAmount currencyID=\"EUR\">75.70</cbc:TaxExclusiveAmount>")
    );
    // Document allowance/charge go to the highest rate (19 %): 57.99 + 4.90 − 1.44 = 61.45
    // → 11.68 VAT; 14.25 at 7 % → 1.00; total VAT 12.68, inclusive 88.38.
    assert!(xml.contains("<cbc:TaxableAmount currencyID=\"EUR\">61.45</cbc:TaxableAmount>"));
    assert!(xml.contains("<cbc:TaxAmount currencyID=\"EUR\">11.68</cbc:TaxAmount>"));
    assert!(xml.contains("<cbc:TaxAmount currencyID=\"EUR\">12.68</cbc:TaxAmount>"));
    assert!(
        xml.contains("<cbc:TaxInclusiveAmount currencyID=\"EUR\">88.38</cbc:TaxInclusiveAmount>")
    );
    assert!(xml.contains("<cbc:PayableAmount currencyID=\"EUR\">88.38</cbc:PayableAmount>"));
    assert!(xml.is_ascii());
}

#[test]
fn credit_note_golden() {
    let (xml, issues) = write_invoice(&credit_note(), &params());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert!(xml.contains(
        "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""
    ));
    assert!(xml.contains("<cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>"));
    golden("credit_note.xml", &xml);
}

#[test]
fn order_response_golden() {
    let (xml, issues) = write_order_response(&order_response(), &params());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    golden("order_response.xml", &xml);
}

#[test]
fn despatch_advice_golden() {
    let (xml, issues) = write_despatch_advice(&ship_notice(), &params());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    golden("despatch_advice.xml", &xml);
}

#[test]
fn catalogue_golden() {
    let (xml, issues) = write_catalogue(&catalog(), &params());
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    golden("catalogue.xml", &xml);
}

#[test]
fn invoice_round_trips() {
    let original = invoice();
    let (xml, _) = write_invoice(&original, &params());
    let (doc, issues) = read(xml.as_bytes()).unwrap();
    assert!(issues.is_empty(), "{issues:#?}");
    let Document::Invoice(back) = doc else {
        panic!("not an invoice")
    };
    assert_eq!(back.invoice_number, original.invoice_number);
    assert_eq!(back.invoice_date, original.invoice_date);
    assert_eq!(back.order_number, original.order_number);
    assert_eq!(back.currency, original.currency);
    assert_eq!(back.seller, original.seller);
    let b = back.buyer.as_ref().unwrap();
    assert_eq!(b.name, original.buyer.as_ref().unwrap().name);
    assert_eq!(b.identifiers, original.buyer.as_ref().unwrap().identifiers);
    assert_eq!(back.lines.len(), 2);
    for (a, o) in back.lines.iter().zip(&original.lines) {
        assert_eq!(a.line_number, o.line_number);
        assert_eq!(a.quantity, o.quantity);
        assert_eq!(a.unit_of_measure, o.unit_of_measure);
        assert_eq!(a.unit_price, o.unit_price);
        assert_eq!(a.description, o.description);
        assert_eq!(a.supplier_part_id, o.supplier_part_id);
        assert_eq!(a.gtin, o.gtin);
        assert_eq!(a.order_line_number, o.order_line_number);
        assert_eq!(a.taxes[0].rate, o.taxes[0].rate);
    }
    let t = back.totals.as_ref().unwrap();
    assert_eq!(t.amount_due, Some(dec("88.38")));
    // Writing what was read gives the same document again.
    let (again, _) = write_invoice(&back, &params());
    assert_eq!(again, xml);
}

#[test]
fn credit_note_round_trips() {
    let (xml, _) = write_invoice(&credit_note(), &params());
    let (Document::Invoice(back), issues) = read(xml.as_bytes()).unwrap() else {
        panic!("not an invoice")
    };
    assert!(issues.is_empty(), "{issues:#?}");
    assert_eq!(back.purpose, InvoicePurpose::CreditNote);
    assert_eq!(back.references[0].kind, ReferenceKind::Invoice);
    let (again, _) = write_invoice(&back, &params());
    assert_eq!(again, xml);
}

#[test]
fn order_response_round_trips() {
    let original = order_response();
    let (xml, _) = write_order_response(&original, &params());
    let (Document::OrderResponse(back), issues) = read(xml.as_bytes()).unwrap() else {
        panic!("not a response")
    };
    assert!(issues.is_empty(), "{issues:#?}");
    assert_eq!(back.order_number, original.order_number);
    assert_eq!(back.response_number, original.response_number);
    assert_eq!(back.status, original.status);
    assert_eq!(back.comments, original.comments);
    assert_eq!(
        back.seller,
        original.seller.map(|mut s| {
            // Order responses carry no PartyTaxScheme.
            s.identifiers.retain(|i| i.scheme != "vat");
            s
        })
    );
    assert_eq!(back.lines.len(), 3);
    for (a, o) in back.lines.iter().zip(&original.lines) {
        assert_eq!(a.line_number, o.line_number);
        assert_eq!(a.status, o.status);
        assert_eq!(a.confirmed_quantity, o.confirmed_quantity);
        assert_eq!(a.backordered_quantity, o.backordered_quantity);
        assert_eq!(a.unit_price, o.unit_price);
        assert_eq!(a.delivery_date, o.delivery_date);
        assert_eq!(a.description, o.description);
        assert_eq!(a.supplier_part_id, o.supplier_part_id);
        assert_eq!(a.buyer_part_id, o.buyer_part_id);
    }
    let (again, _) = write_order_response(&back, &params());
    assert_eq!(again, xml);
}

#[test]
fn despatch_advice_round_trips() {
    let original = ship_notice();
    let (xml, _) = write_despatch_advice(&original, &params());
    let (Document::ShipNotice(back), issues) = read(xml.as_bytes()).unwrap() else {
        panic!("not a ship notice")
    };
    assert!(issues.is_empty(), "{issues:#?}");
    assert_eq!(back.shipment_id, original.shipment_id);
    assert_eq!(back.ship_date, original.ship_date);
    assert_eq!(back.expected_delivery_date, original.expected_delivery_date);
    assert_eq!(back.carrier, original.carrier);
    assert_eq!(back.tracking_number, original.tracking_number);
    assert_eq!(back.total_weight, original.total_weight);
    assert_eq!(back.packages[0].sscc, original.packages[0].sscc);
    assert_eq!(back.orders.len(), 1);
    assert_eq!(back.orders[0].order_number, "PO-7788");
    for (a, o) in back.orders[0].lines.iter().zip(&original.orders[0].lines) {
        assert_eq!(a.line_number, o.line_number);
        assert_eq!(a.quantity, o.quantity);
        assert_eq!(a.unit_of_measure, o.unit_of_measure);
        assert_eq!(a.supplier_part_id, o.supplier_part_id);
        assert_eq!(a.gtin, o.gtin);
        assert_eq!(a.batch_number, o.batch_number);
        assert_eq!(a.description, o.description);
    }
    assert_eq!(back.orders[0].lines[1].ordered_quantity, Some(dec("2")));
    let (again, _) = write_despatch_advice(&back, &params());
    assert_eq!(again, xml);
}

#[test]
fn corpus_invoices_round_trip_through_the_writer() {
    for (rel, bytes) in super::corpus_files("peppol-billing3/examples") {
        let (Document::Invoice(inv), _) = read(&bytes).unwrap() else {
            continue;
        };
        let (xml, _) = write_invoice(&inv, &params());
        let (Document::Invoice(back), issues) = read(xml.as_bytes()).unwrap() else {
            panic!("{rel}: not an invoice")
        };
        assert!(errors(&issues).is_empty(), "{rel}: {issues:#?}");
        assert_eq!(back.invoice_number, inv.invoice_number, "{rel}");
        assert_eq!(back.lines.len(), inv.lines.len(), "{rel}");
        // The totals we compute agree with the example's own.
        let (a, b) = (back.totals.unwrap(), inv.totals.unwrap());
        assert_eq!(
            a.subtotal.map(|d| d.normalize()),
            b.subtotal.map(|d| d.normalize()),
            "{rel}"
        );
        assert_eq!(
            a.amount_due.map(|d| d.normalize()),
            b.amount_due.map(|d| d.normalize()),
            "{rel}"
        );
    }
}

#[test]
fn missing_mandatory_data_gives_errors() {
    let mut inv = invoice();
    inv.invoice_date = None;
    inv.seller
        .as_mut()
        .unwrap()
        .identifiers
        .retain(|i| i.scheme != "vat");
    inv.buyer = None;
    inv.currency = None;
    let (_, issues) = write_invoice(&inv, &params());
    let paths: Vec<_> = errors(&issues)
        .iter()
        .filter_map(|i| i.location.path.clone())
        .collect();
    for want in ["invoice_date", "seller", "buyer", "currency"] {
        assert!(paths.iter().any(|p| p == want), "{want} not in {paths:?}");
    }
    // The issue date can come from the caller.
    let mut inv = invoice();
    inv.invoice_date = None;
    let p = WriteParams {
        issue_date: Some(date("2026-03-03")),
        ..WriteParams::default()
    };
    let (xml, issues) = write_invoice(&inv, &p);
    assert!(errors(&issues).is_empty());
    assert!(xml.contains("<cbc:IssueDate>2026-03-03</cbc:IssueDate>"));

    let mut r = order_response();
    r.seller = None;
    let (_, issues) = write_order_response(&r, &params());
    assert!(!errors(&issues).is_empty());
    let mut n = ship_notice();
    n.orders.clear();
    let (_, issues) = write_despatch_advice(&n, &params());
    assert!(!errors(&issues).is_empty());
}

#[test]
fn wrong_canonical_totals_are_warnings_and_computed_ones_are_written() {
    let mut inv = invoice();
    inv.totals = Some(model::InvoiceTotals {
        amount_due: Some(dec("99.99")),
        ..model::InvoiceTotals::default()
    });
    let (xml, issues) = write_invoice(&inv, &params());
    assert!(issues.iter().any(|i| i.severity == Severity::Warning
        && i.location.path.as_deref() == Some("totals.amount_due")));
    assert!(xml.contains("<cbc:PayableAmount currencyID=\"EUR\">88.38</cbc:PayableAmount>"));
}

#[test]
fn exempt_and_reverse_charge_categories_are_written() {
    let mut inv = credit_note();
    inv.purpose = InvoicePurpose::Invoice;
    inv.payment_terms.as_mut().unwrap().description = Some("Pay now".into());
    inv.lines[0].taxes = vec![Tax {
        category: Some(TaxCategory::Vat),
        rate: Some(Decimal::ZERO),
        description: Some("Reverse charge".into()),
        ..Tax::default()
    }];
    inv.extrinsics
        .insert("tax_category_code:0".into(), "AE".into());
    let (xml, _) = write_invoice(&inv, &params());
    assert!(xml.contains("<cbc:ID>AE</cbc:ID>"));
    assert!(xml.contains("<cbc:TaxExemptionReason>Reverse charge</cbc:TaxExemptionReason>"));
    assert!(xml.contains("<cbc:TaxAmount currencyID=\"EUR\">0.00</cbc:TaxAmount>"));
}

#[test]
fn catalogue_round_trips() {
    let original = catalog();
    let (xml, _) = write_catalogue(&original, &params());
    let (Document::Catalog(back), issues) = read(xml.as_bytes()).unwrap() else {
        panic!("not a catalogue")
    };
    assert!(issues.is_empty(), "{issues:#?}");
    assert_eq!(back.catalog_id, original.catalog_id);
    assert_eq!(back.name, original.name);
    assert_eq!(back.valid_from, original.valid_from);
    assert_eq!(back.items.len(), 2);
    for (a, o) in back.items.iter().zip(&original.items) {
        assert_eq!(a.supplier_part_id, o.supplier_part_id);
        assert_eq!(a.gtin, o.gtin);
        assert_eq!(a.description, o.description);
        assert_eq!(a.long_description, o.long_description);
        assert_eq!(a.unit_of_measure, o.unit_of_measure);
        assert_eq!(a.prices[0].unit_price, o.prices[0].unit_price);
        assert_eq!(a.lead_time_days, o.lead_time_days);
        assert_eq!(a.classification, o.classification);
        assert_eq!(a.manufacturer_name, o.manufacturer_name);
        assert_eq!(a.min_order_quantity, o.min_order_quantity);
    }
    let (again, _) = write_catalogue(&back, &params());
    assert_eq!(again, xml);
}

// ---------------------------------------------------------------------------------------------
// Round-trip property on random invoices: texts with XML's special characters, characters
// outside the BMP and characters XML 1.0 cannot hold; quantities and prices with up to four
// decimals. What is written without an error reads back with the same numbers, identifiers
// and texts (characters XML cannot hold left out), and writing it again gives the same XML.
// ---------------------------------------------------------------------------------------------

mod props {
    use proptest::prelude::*;

    use super::*;
    use crate::test_support::strategies::{
        notice, positive, renumber, response, same_notice, Texts,
    };

    /// Text with markup characters, an astral character and characters XML 1.0 cannot hold
    /// (U+0001, U+FFFE); no spaces around it.
    fn text() -> impl Strategy<Value = String> {
        "[A-Za-z0-9]([A-Za-z0-9 <>&\"'\u{e9}\u{1F600}\u{1}\u{FFFE}-]{0,30}[A-Za-z0-9<>&])?"
    }

    fn id() -> impl Strategy<Value = String> {
        "[A-Z0-9][A-Z0-9<>&'/-]{0,14}"
    }

    /// `s` as XML 1.0 can hold it.
    fn xml_text(s: &str) -> String {
        s.chars()
            .filter(|c| !matches!(c, '\u{1}' | '\u{FFFE}'))
            .collect()
    }

    prop_compose! {
        fn line()(
            quantity in positive(6, 3),
            price in positive(6, 4),
            supplier in proptest::option::of(id()),
            buyer in proptest::option::of(id()),
            description in text(),
        ) -> InvoiceLine {
            let mut l = InvoiceLine::new(1, quantity);
            l.unit_of_measure = Some(unit("C62"));
            l.unit_price = Some(price);
            l.supplier_part_id = supplier;
            l.buyer_part_id = buyer;
            l.description = Some(description);
            l.taxes = vec![vat("19")];
            l
        }
    }

    prop_compose! {
        fn random_invoice()(
            number in id(),
            order in proptest::option::of(id()),
            seller_name in text(),
            mut lines in proptest::collection::vec(line(), 1..4),
            comments in proptest::collection::vec(text(), 0..2),
        ) -> Invoice {
            let mut inv = invoice();
            inv.invoice_number = number;
            inv.order_number = order;
            if let Some(s) = inv.seller.as_mut() {
                s.name = Some(seller_name);
            }
            renumber(&mut lines, |l, n| l.line_number = n);
            inv.lines = lines;
            inv.charges.clear();
            inv.comments = comments;
            inv
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn an_invoice_reads_back_the_same_and_writes_again_identically(inv in random_invoice()) {
            let (xml, issues) = write_invoice(&inv, &params());
            prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{xml}");
            let (doc, read_issues) = read(xml.as_bytes())
                .map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
            prop_assert!(errors(&read_issues).is_empty(), "{read_issues:#?}\n{xml}");
            let Document::Invoice(back) = doc else {
                return Err(TestCaseError::fail(format!("not an invoice\n{xml}")));
            };
            prop_assert_eq!(&back.invoice_number, &inv.invoice_number, "{}", xml);
            prop_assert_eq!(&back.order_number, &inv.order_number, "{}", xml);
            prop_assert_eq!(
                back.seller.as_ref().and_then(|p| p.name.clone()),
                inv.seller.as_ref().and_then(|p| p.name.as_deref().map(xml_text)),
                "{}",
                xml
            );
            prop_assert_eq!(back.lines.len(), inv.lines.len(), "{}", xml);
            for (b, o) in back.lines.iter().zip(&inv.lines) {
                prop_assert_eq!(b.quantity, o.quantity, "{}", xml);
                prop_assert_eq!(b.unit_price, o.unit_price, "{}", xml);
                prop_assert_eq!(&b.supplier_part_id, &o.supplier_part_id, "{}", xml);
                prop_assert_eq!(&b.buyer_part_id, &o.buyer_part_id, "{}", xml);
                prop_assert_eq!(
                    b.description.clone(),
                    o.description.as_deref().map(xml_text),
                    "{}",
                    xml
                );
            }
            let comments: Vec<String> = inv.comments.iter().map(|c| xml_text(c)).collect();
            prop_assert_eq!(&back.comments, &comments, "{}", xml);
            let (again, _) = write_invoice(&back, &params());
            prop_assert_eq!(again, xml);
        }
    }

    /// The identifiers and texts of the shared response and notice strategies, for UBL.
    fn ubl_texts() -> Texts {
        Texts {
            id: id().boxed(),
            text: text().boxed(),
            unit: "C62",
        }
    }

    /// Reads `xml` (written without an error) back.
    fn read_back(xml: &str) -> Result<Document, TestCaseError> {
        let (doc, issues) =
            read(xml.as_bytes()).map_err(|e| TestCaseError::fail(format!("{e}\n{xml}")))?;
        prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{xml}");
        Ok(doc)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

        #[test]
        fn an_order_response_reads_back_the_same_and_writes_again_identically(
            r in response(ubl_texts()),
        ) {
            let mut r = r;
            r.seller = Some(seller());
            r.buyer = Some(buyer());
            // Prices need the document currency.
            r.currency = CurrencyCode::parse("EUR").ok();
            let (xml, issues) = write_order_response(&r, &params());
            prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{xml}");
            let Document::OrderResponse(back) = read_back(&xml)? else {
                return Err(TestCaseError::fail(format!("not a response\n{xml}")));
            };
            prop_assert_eq!(&back.order_number, &r.order_number, "{}", xml);
            prop_assert_eq!(back.lines.len(), r.lines.len(), "{}", xml);
            for (b, o) in back.lines.iter().zip(&r.lines) {
                prop_assert_eq!(b.line_number, o.line_number, "{}", xml);
                // Peppol line status codes have no "backordered": it is written as changed (3).
                let status = match &o.status {
                    ResponseStatus::Backordered => ResponseStatus::Changed,
                    s => s.clone(),
                };
                prop_assert_eq!(&b.status, &status, "{}", xml);
                prop_assert_eq!(b.confirmed_quantity, o.confirmed_quantity, "{}", xml);
                prop_assert_eq!(b.unit_price, o.unit_price, "{}", xml);
                prop_assert_eq!(&b.supplier_part_id, &o.supplier_part_id, "{}", xml);
                // The item name is mandatory: without a description, the supplier's or the
                // buyer's part number, else "Item", stands in.
                let name = o
                    .description
                    .as_deref()
                    .map(xml_text)
                    .or_else(|| o.supplier_part_id.clone())
                    .or_else(|| o.buyer_part_id.clone())
                    .unwrap_or_else(|| "Item".into());
                prop_assert_eq!(
                    b.description.clone(),
                    Some(name),
                    "{}",
                    xml
                );
            }
            let (again, _) = write_order_response(&back, &params());
            prop_assert_eq!(again, xml);
        }

        #[test]
        fn a_despatch_advice_reads_back_the_same_and_writes_again_identically(
            n in notice(ubl_texts()),
        ) {
            let mut n = n;
            n.ship_from = Some(seller());
            n.ship_to = Some(buyer());
            // Peppol needs an item name on every line.
            for l in n.orders.iter_mut().flat_map(|o| o.lines.iter_mut()) {
                l.description.get_or_insert_with(|| "Item".into());
            }
            let (xml, issues) = write_despatch_advice(&n, &params());
            prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{xml}");
            let Document::ShipNotice(back) = read_back(&xml)? else {
                return Err(TestCaseError::fail(format!("not a notice\n{xml}")));
            };
            same_notice(&back, &n, &xml)?;
            let (again, _) = write_despatch_advice(&back, &params());
            prop_assert_eq!(again, xml);
        }
    }
}

/// A character XML cannot hold is left out of a text with a warning, but an identifier holding
/// one is an error: it would reach the partner changed.
#[test]
fn an_identifier_xml_cannot_carry_is_an_error() {
    let mut inv = invoice();
    inv.invoice_number = "INV\u{1}42".into();
    inv.comments = vec!["Bell\u{7}here".into()];
    let (xml, issues) = write_invoice(&inv, &params());
    let errs = errors(&issues);
    assert_eq!(errs.len(), 1, "{issues:#?}");
    assert!(errs[0].message.contains("INV\\u{1}42"), "{issues:#?}");
    assert!(
        issues
            .iter()
            .any(|i| i.severity == Severity::Warning && i.message.contains("left out")),
        "{issues:#?}"
    );
    assert!(xml.contains("<cbc:Note>Bellhere</cbc:Note>"), "{xml}");
}

/// Units: the legacy `PCE` and the X12 package units are written as their Rec 20/21 codes; a
/// code outside Rec 20/21 is an error in an invoice (EN 16931 BR-CL-23 is fatal) and a warning
/// in a despatch advice.
#[test]
fn units_are_written_as_rec_20_21_codes() {
    let mut inv = invoice();
    inv.lines[0].unit_of_measure = Some(unit("PCE"));
    inv.lines[1].unit_of_measure = Some(unit("BX"));
    let (doc, issues) = write_invoice(&inv, &params());
    assert!(errors(&issues).is_empty(), "{issues:?}");
    assert!(
        doc.contains(r#"<cbc:InvoicedQuantity unitCode="H87">"#),
        "{doc}"
    );
    assert!(
        doc.contains(r#"<cbc:InvoicedQuantity unitCode="XBX">"#),
        "{doc}"
    );
    assert!(!doc.contains(r#"unitCode="PCE""#) && !doc.contains(r#"unitCode="BX""#));

    inv.lines[0].unit_of_measure = Some(unit("QQQ"));
    let (_, issues) = write_invoice(&inv, &params());
    let errs = errors(&issues);
    assert_eq!(errs.len(), 1, "{issues:?}");
    assert_eq!(
        errs[0].location.path.as_deref(),
        Some("lines[0].unit_of_measure")
    );
    assert!(errs[0].message.contains("BR-CL-23"), "{issues:?}");

    let mut n = ship_notice();
    n.orders[0].lines[0].unit_of_measure = Some(unit("QQQ"));
    let (_, issues) = write_despatch_advice(&n, &params());
    assert!(errors(&issues).is_empty(), "{issues:?}");
    assert!(
        issues.iter().any(|i| i.message.contains("BR-CL-23")),
        "{issues:?}"
    );
}
