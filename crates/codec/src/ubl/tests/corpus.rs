//! The UBL corpus: every XML file reads without panic, every example of a supported document
//! maps without error issues, and the main examples map to the expected values.

use std::str::FromStr;

use model::{
    ChargeIndicator, Document, InvoicePurpose, LineChangeKind, OrderPurpose, ReferenceKind,
    ResponseStatus,
};
use rust_decimal::Decimal;

use super::*;
use crate::ubl::{envelope, read, DocKind, Endpoint};
use crate::Severity;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn date(s: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

#[test]
fn every_corpus_xml_file_reads_without_panic() {
    let files = corpus_files("");
    for (rel, bytes) in &files {
        // Ok or Err, never a panic; the envelope agrees with the full read on the kind.
        let full = read(bytes);
        let env = envelope(bytes);
        if let (Ok((doc, _)), Ok(env)) = (&full, &env) {
            assert!(
                env.id.is_some(),
                "{rel}: envelope without ID for a {:?}",
                doc.doc_type()
            );
        }
    }
    eprintln!("{} corpus files read", files.len());
}

/// The example folders (not the rule unit tests, whose snippets are deliberately broken).
const EXAMPLE_DIRS: &[&str] = &[
    "oasis-2.1/examples",
    "oasis-2.1/val",
    "peppol-billing3/examples",
    "peppol-poacc3/examples",
];

#[test]
fn every_supported_example_maps_without_errors() {
    let mut read_count = 0;
    for dir in EXAMPLE_DIRS {
        for (rel, bytes) in corpus_files(dir) {
            let Ok(_) = envelope(&bytes) else {
                // InventoryReport, StockAvailabilityReport, ApplicationResponse.
                continue;
            };
            let (doc, issues) = read(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
            let errors: Vec<_> = issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{rel}: {errors:#?}");
            assert!(!doc.document_number().is_empty(), "{rel}: no number");
            read_count += 1;
        }
    }
    if corpus_dir().exists() {
        assert!(read_count >= 35, "only {read_count} examples read");
    }
}

#[test]
fn latin1_catalogue_is_transcoded_not_refused() {
    let Some(bytes) = corpus_file(
        "peppol-poacc3/examples/catalogue-use-cases/catalogue-wo-response-use-case-1.xml",
    ) else {
        return;
    };
    assert!(std::str::from_utf8(&bytes).is_err());
    let env = envelope(&bytes).expect("transcoded");
    assert_eq!(env.kind, DocKind::Catalogue);
    let (Document::Catalog(c), issues) = read(&bytes).unwrap() else {
        panic!("not a catalogue")
    };
    assert!(issues[0].message.contains("ISO-8859-1"), "{issues:#?}");
    assert!(!c.items.is_empty());
}

#[test]
fn peppol_catalogue_maps() {
    let Some(bytes) = corpus_file("peppol-poacc3/examples/Catalogue_Example.xml") else {
        return;
    };
    let (Document::Catalog(c), _) = read(&bytes).unwrap() else {
        panic!("not a catalogue")
    };
    assert_eq!(c.catalog_id, "1387");
    assert_eq!(c.name.as_deref(), Some("Spring Catalogue"));
    assert_eq!(c.valid_to, Some(date("2019-08-31")));
    assert_eq!(
        c.supplier.as_ref().unwrap().identifier("endpoint:0192"),
        Some("987654325")
    );
    let second = &c.items[1];
    assert_eq!(second.supplier_part_id, "MNTR012");
    assert_eq!(second.description.as_deref(), Some("Copy paper"));
    assert_eq!(second.gtin.as_ref().unwrap().as_str(), "1234567890124");
    assert_eq!(second.prices[0].unit_price, dec("90.00"));
    assert_eq!(second.prices[0].currency.as_ref().unwrap().as_str(), "EUR");
    assert_eq!(c.items[0].lead_time_days, Some(2));
}

#[test]
fn peppol_base_invoice_maps() {
    let Some(bytes) = corpus_file("peppol-billing3/examples/base-example.xml") else {
        return;
    };
    let (doc, issues) = read(&bytes).unwrap();
    assert!(issues.is_empty(), "{issues:#?}");
    let Document::Invoice(inv) = doc else {
        panic!("not an invoice")
    };
    assert_eq!(inv.invoice_number, "Snippet1");
    assert_eq!(inv.purpose, InvoicePurpose::Invoice);
    assert_eq!(inv.invoice_date, Some(date("2017-11-13")));
    assert_eq!(inv.currency.as_ref().unwrap().as_str(), "EUR");
    let seller = inv.seller.as_ref().unwrap();
    assert_eq!(seller.name.as_deref(), Some("SupplierTradingName Ltd."));
    assert_eq!(
        seller.identifier("endpoint:0088"),
        Some("9482348239847239874")
    );
    assert_eq!(seller.identifier("party_id"), Some("99887766"));
    assert_eq!(seller.identifier("vat"), Some("GB1232434"));
    assert_eq!(seller.identifier("legal"), Some("GB983294"));
    assert_eq!(seller.address_lines, ["Main street 1", "Postbox 123"]);
    assert_eq!(seller.city.as_deref(), Some("London"));
    assert_eq!(seller.country.as_deref(), Some("GB"));
    let buyer = inv.buyer.as_ref().unwrap();
    assert_eq!(buyer.identifier("endpoint:0002"), Some("FR23342"));
    assert_eq!(buyer.identifier("legal:0183"), Some("39937423947"));
    assert_eq!(buyer.contacts[0].email.as_deref(), Some("lj@buyer.se"));
    let ship_to = inv.ship_to.as_ref().unwrap();
    assert_eq!(ship_to.identifier("gln"), Some("9483759475923478"));
    assert_eq!(ship_to.name.as_deref(), Some("Delivery party Name"));
    assert_eq!(
        inv.payment_terms.as_ref().unwrap().due_date,
        Some(date("2017-12-01"))
    );
    assert_eq!(inv.extrinsics["buyer_reference"], "0150abc");
    assert_eq!(inv.extrinsics["payee_account"], "IBAN32423940");
    assert_eq!(inv.charges.len(), 1);
    assert_eq!(inv.charges[0].indicator, ChargeIndicator::Charge);
    assert_eq!(inv.charges[0].amount, Some(dec("25")));
    assert_eq!(inv.taxes.len(), 1);
    assert_eq!(inv.taxes[0].rate, Some(dec("25.0")));
    assert_eq!(inv.taxes[0].taxable_amount, Some(dec("1325")));
    let t = inv.totals.as_ref().unwrap();
    assert_eq!(t.subtotal, Some(dec("1300")));
    assert_eq!(t.charges, Some(dec("25")));
    assert_eq!(t.tax, Some(dec("331.25")));
    assert_eq!(t.total, Some(dec("1656.25")));
    assert_eq!(t.amount_due, Some(dec("1656.25")));
    assert_eq!(inv.lines.len(), 2);
    let l = &inv.lines[0];
    assert_eq!(l.line_number, 1);
    assert_eq!(l.quantity, dec("7"));
    assert_eq!(l.unit_of_measure.as_ref().unwrap().as_str(), "DAY");
    assert_eq!(l.amount, Some(dec("2800")));
    assert_eq!(l.unit_price, Some(dec("400")));
    assert_eq!(l.description.as_deref(), Some("item name"));
    assert_eq!(l.order_line_number, Some(123));
    assert_eq!(l.taxes[0].rate, Some(dec("25.0")));
    assert_eq!(inv.lines[1].quantity, dec("-3"));
}

#[test]
fn oasis_credit_note_is_an_invoice_with_credit_purpose() {
    let Some(bytes) = corpus_file("oasis-2.1/examples/UBL-CreditNote-2.1-Example.xml") else {
        return;
    };
    let (Document::Invoice(inv), _) = read(&bytes).unwrap() else {
        panic!("not an invoice")
    };
    assert_eq!(inv.purpose, InvoicePurpose::CreditNote);
    assert_eq!(inv.invoice_number, "TOSL108");
    assert_eq!(inv.lines.len(), 5);
    assert!(inv.lines.iter().all(|l| !l.quantity.is_zero()));
}

#[test]
fn peppol_order_maps() {
    let Some(bytes) = corpus_file("peppol-poacc3/examples/Order_Example.xml") else {
        return;
    };
    let env = envelope(&bytes).unwrap();
    assert_eq!(env.kind, DocKind::Order);
    assert_eq!(env.id.as_deref(), Some("34"));
    assert_eq!(
        env.customization_id.as_deref(),
        Some("urn:fdc:peppol.eu:poacc:trns:order:3")
    );
    assert_eq!(
        env.sender,
        Some(Endpoint {
            scheme: Some("0192".into()),
            value: "987654325".into()
        })
    );
    assert_eq!(
        env.receiver,
        Some(Endpoint {
            scheme: Some("0192".into()),
            value: "123456785".into()
        })
    );
    let (Document::PurchaseOrder(po), issues) = read(&bytes).unwrap() else {
        panic!("not an order")
    };
    assert!(
        issues.iter().all(|i| i.severity == Severity::Warning),
        "{issues:#?}"
    );
    assert_eq!(po.order_number, "34");
    assert_eq!(po.order_date, Some(date("2018-09-01")));
    assert_eq!(po.currency.as_ref().unwrap().as_str(), "NOK");
    assert_eq!(
        po.buyer.as_ref().unwrap().name.as_deref(),
        Some("Helseforetak")
    );
    assert_eq!(
        po.buyer.as_ref().unwrap().identifier("gln"),
        Some("7300010000001")
    );
    assert_eq!(po.seller.as_ref().unwrap().name.as_deref(), Some("Medical"));
    assert!(po
        .references
        .iter()
        .any(|r| r.kind == ReferenceKind::Quote && r.value == "QuoteID123"));
    assert!(po
        .references
        .iter()
        .any(|r| r.kind == ReferenceKind::Contract && r.value == "34322"));
    let totals = po.totals.as_ref().unwrap();
    assert_eq!(totals.subtotal, Some(dec("6525.00")));
    assert_eq!(totals.total, Some(dec("6363")));
    assert_eq!(totals.tax, Some(dec("100.00")));
    let l = &po.lines[0];
    assert_eq!(l.line_number, 1);
    assert_eq!(l.quantity, dec("120"));
    assert_eq!(l.unit_of_measure.as_ref().unwrap().as_str(), "EA");
    assert_eq!(l.unit_price, Some(dec("50.000")));
    assert_eq!(l.description.as_deref(), Some("Needle 4mm"));
    assert_eq!(l.buyer_part_id.as_deref(), Some("123456"));
    assert_eq!(l.requested_delivery_date, Some(date("2010-02-10")));
    assert_eq!(l.charges.len(), 2);
    assert_eq!(l.charges[1].percent, Some(dec("5")));
    assert_eq!(l.comments, ["Freetext note on line 1"]);
    assert_eq!(l.extrinsics["accounting_cost"], "12345678");
}

#[test]
fn peppol_order_response_maps() {
    let Some(bytes) = corpus_file("peppol-poacc3/examples/OrderResponse_Example.xml") else {
        return;
    };
    let (Document::OrderResponse(r), _) = read(&bytes).unwrap() else {
        panic!("not a response")
    };
    assert_eq!(r.order_number, "11233");
    assert_eq!(r.response_number.as_deref(), Some("101"));
    assert_eq!(r.status, ResponseStatus::Changed);
    assert_eq!(r.response_date, Some(date("2013-07-01")));
    assert_eq!(r.lines.len(), 3);
    assert_eq!(r.lines[0].status, ResponseStatus::Changed);
    assert_eq!(r.lines[0].confirmed_quantity, Some(dec("10")));
    assert_eq!(r.lines[0].unit_price, Some(dec("1.50")));
    assert_eq!(r.lines[0].delivery_date, Some(date("2018-08-10")));
    // The substituted item is what the seller will deliver.
    assert_eq!(r.lines[0].supplier_part_id.as_deref(), Some("SN-34"));
    assert_eq!(r.lines[1].status, ResponseStatus::Accepted);
    let env = envelope(&bytes).unwrap();
    assert_eq!(env.sender.unwrap().value, "7598000000128");
}

#[test]
fn peppol_despatch_advice_maps() {
    let Some(bytes) = corpus_file("peppol-poacc3/examples/DespatchAdvice_Example.xml") else {
        return;
    };
    let (Document::ShipNotice(n), _) = read(&bytes).unwrap() else {
        panic!("not a ship notice")
    };
    assert_eq!(n.shipment_id, "565899");
    assert_eq!(n.notice_date, Some(date("2018-09-20")));
    assert_eq!(n.ship_date, Some(date("2018-09-25")));
    assert_eq!(n.expected_delivery_date, Some(date("2018-09-25")));
    assert_eq!(n.carrier.as_deref(), Some("Name"));
    assert_eq!(
        n.ship_from.as_ref().unwrap().identifier("endpoint:0088"),
        Some("7300010000001")
    );
    assert_eq!(n.orders.len(), 1);
    assert_eq!(n.orders[0].order_number, "AEG012345");
    let l = &n.orders[0].lines[0];
    assert_eq!(l.line_number, 1);
    assert_eq!(l.quantity, dec("10"));
    assert_eq!(l.ordered_quantity, Some(dec("12")));
    assert_eq!(l.batch_number.as_deref(), Some("546378239"));
    assert_eq!(l.serial_numbers, ["4558784"]);
    assert_eq!(l.supplier_part_id.as_deref(), Some("17589683"));
}

#[test]
fn order_change_and_cancellation_map() {
    if let Some(bytes) = corpus_file("peppol-poacc3/examples/OrderCancellation_Example.xml") {
        let (Document::OrderChange(c), _) = read(&bytes).unwrap() else {
            panic!("not a change")
        };
        assert_eq!(c.purpose, OrderPurpose::Cancel);
        assert!(c.lines.is_empty());
        assert!(!c.order_number.is_empty());
    }
    if let Some(bytes) = corpus_file("peppol-poacc3/examples/OrderChange_Example.xml") {
        let (Document::OrderChange(c), _) = read(&bytes).unwrap() else {
            panic!("not a change")
        };
        assert_eq!(c.purpose, OrderPurpose::Change);
        assert!(!c.lines.is_empty());
        assert_eq!(c.change_sequence, Some(1));
        assert!(c.lines.iter().all(|l| l.change == LineChangeKind::Changed));
    }
}

/// Deterministic byte mutations (xorshift) of every example: flips, deletions, duplicated
/// slices and truncations. Never a panic.
#[test]
fn mutated_corpus_examples_never_panic() {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for dir in EXAMPLE_DIRS {
        for (_, bytes) in corpus_files(dir) {
            if bytes.is_empty() {
                continue;
            }
            for _ in 0..40 {
                let mut v = bytes.clone();
                for _ in 0..(next() % 6 + 1) {
                    let len = v.len().max(1);
                    let at = usize::try_from(next() % len as u64)
                        .unwrap_or(0)
                        .min(v.len());
                    match next() % 4 {
                        0 => {
                            if let Some(b) = v.get_mut(at) {
                                *b = u8::try_from(next() % 256).unwrap_or(b'<');
                            }
                        }
                        1 => {
                            let end = (at + usize::try_from(next() % 64).unwrap_or(1)).min(v.len());
                            v.drain(at..end);
                        }
                        2 => {
                            let end = (at + usize::try_from(next() % 64).unwrap_or(1)).min(v.len());
                            let slice = v[at..end].to_vec();
                            v.splice(at..at, slice);
                        }
                        _ => v.truncate(at),
                    }
                }
                let _ = read(&v);
                let _ = envelope(&v);
            }
        }
    }
}
