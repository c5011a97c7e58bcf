//! Tests of the EDIFACT maps: real corpus samples (read in place from `shared/corpus/edifact`
//! beside the repository, skipped with a printed line when absent), issue conventions, the
//! write → parse → read round trip for ORDRSP/DESADV/INVOIC, a no-panic property over random
//! segment soup, and golden interchanges of every writer in `crates/codec/tests/golden/edifact/`
//! (regenerate with `UPDATE_EXPECT=1 cargo test -p codec`).

use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use model::*;
use proptest::prelude::*;
use rust_decimal::Decimal;

use super::text::{first_body, interchange};
use super::*;
use crate::Severity;

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/edifact");

/// `shared/corpus/edifact` beside the repository (`<repo>/../shared`), or one level further up
/// (a git worktree under `<root>/wt/<name>`).
fn corpus_dir() -> PathBuf {
    crate::test_support::corpus_dir("edifact")
}

/// The corpus file `rel` (relative to `corpus/edifact`), or `None` after printing why.
fn corpus(rel: &str) -> Option<Vec<u8>> {
    let p = corpus_dir().join(rel);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(_) => {
            println!("corpus file {} not found: skipped", p.display());
            None
        }
    }
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn day(y: i32, m: u32, dd: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, dd).unwrap()
}

fn errors(issues: &[crate::Issue]) -> Vec<&crate::Issue> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect()
}

fn gln(p: &Option<Party>) -> Option<&str> {
    p.as_ref().and_then(|p| p.identifier("gln"))
}

/// The first message of `bytes` read through [`read_body`].
fn read_first(bytes: &[u8]) -> (Option<Document>, Vec<crate::Issue>) {
    let (ty, body) = first_body(bytes);
    read_body(&ty, &body)
}

// ---------------------------------------------------------------------------------------------
// Corpus spot checks
// ---------------------------------------------------------------------------------------------

#[test]
fn eancom_orders_d96a() {
    let Some(bytes) = corpus("eancom/ORDERS_D96A_EAN008_pyas2lib-payload.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::PurchaseOrder(po)) = doc else {
        panic!("not an order: {doc:?}");
    };
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(po.order_number, "1AA1TEST");
    assert_eq!(po.purpose, OrderPurpose::New);
    assert_eq!(po.order_date, Some(day(2014, 4, 7)));
    assert_eq!(po.extrinsics["deliver_not_after"], "2014-04-21");
    assert_eq!(po.extrinsics["deliver_not_before"], "2014-04-14");
    assert_eq!(gln(&po.buyer), Some("5450534000024"));
    assert_eq!(gln(&po.ship_to), Some("5450534000109"));
    let bill_to = po.bill_to.as_ref().unwrap();
    assert_eq!(bill_to.identifier("gln"), Some("5450534000055"));
    assert_eq!(bill_to.identifier("vat"), Some("GB727255821"));
    assert_eq!(bill_to.city.as_deref(), Some("SLOUGH"));
    assert_eq!(bill_to.postal_code.as_deref(), Some("SL1 0TX"));
    assert_eq!(bill_to.country.as_deref(), Some("GB"));
    assert_eq!(po.currency.as_ref().map(|c| c.as_str()), Some("EUR"));
    assert!(po
        .references
        .iter()
        .any(|r| r.kind == ReferenceKind::Other("PD".into()) && r.value == "1704"));
    assert_eq!(po.lines.len(), 3);
    let l1 = &po.lines[0];
    assert_eq!(l1.line_number, 1);
    assert_eq!(l1.gtin.as_ref().map(|g| g.as_str()), Some("9783898307529"));
    assert_eq!(l1.quantity, d("5"));
    assert_eq!(l1.unit_price, Some(d("27.5")));
    assert_eq!(
        po.lines[1].gtin.as_ref().map(|g| g.as_str()),
        Some("390787706322")
    );
    assert_eq!(
        po.lines[2].supplier_part_id.as_deref(),
        Some("3899408268X-39")
    );
    assert_eq!(po.lines[2].quantity, d("3"));
    assert_eq!(po.lines[2].unit_price, Some(d("3.85")));
}

#[test]
fn pydifact_orders_with_decimal_comma_and_203_dates() {
    let Some(bytes) = corpus("pydifact/order.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::PurchaseOrder(po)) = doc else {
        panic!("not an order");
    };
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(po.order_number, "801715918011");
    assert_eq!(po.order_date, Some(day(2015, 8, 3)));
    assert_eq!(po.extrinsics["requested_delivery_date"], "2015-08-06");
    assert_eq!(gln(&po.seller), Some("5020436000004"));
    assert_eq!(po.lines.len(), 2);
    assert_eq!(
        po.lines[1].gtin.as_ref().map(|g| g.as_str()),
        Some("5020436373108")
    );
    assert_eq!(po.lines[1].quantity, d("8"));
    assert_eq!(po.lines[0].extrinsics["ref:PD"], "99");

    let Some(bytes) = corpus("pydifact/order2.edi") else {
        return;
    };
    let (doc, _) = read_first(&bytes);
    let Some(Document::PurchaseOrder(po)) = doc else {
        panic!("not an order");
    };
    assert_eq!(po.order_number, "PO123456");
    assert_eq!(po.lines[0].buyer_part_id.as_deref(), Some("ABC123"));
    assert_eq!(po.lines[0].unit_price, Some(d("25.00")));
}

#[test]
fn php_edifact_orders_d01b_latin1_600_segments() {
    let Some(bytes) = corpus("php-edifact/example_order_ok.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::PurchaseOrder(po)) = doc else {
        panic!("not an order");
    };
    assert!(errors(&issues).is_empty(), "{:#?}", errors(&issues));
    assert_eq!(po.order_number, "2019265563");
    assert_eq!(po.lines.len(), 146);
    let buyer = po.buyer.as_ref().unwrap();
    // "A?+A K…lte GmbH": the release character is honoured (the file's "ä" is already a
    // UTF-8 replacement character in the source repository).
    let name = buyer.name.as_deref().unwrap();
    assert!(
        name.starts_with("A+A K") && name.ends_with("lte GmbH"),
        "{name}"
    );
    assert_eq!(buyer.identifier("gln"), Some("4250159300001"));
    assert_eq!(buyer.contacts[0].role.as_deref(), Some("purchasing"));
    assert_eq!(buyer.contacts[0].phone.as_deref(), Some("020994125-32"));
    assert_eq!(
        po.ship_to.as_ref().unwrap().identifier("seller_assigned"),
        Some("9949940")
    );
    let l1 = &po.lines[0];
    assert_eq!(l1.supplier_part_id.as_deref(), Some("1001"));
    assert_eq!(l1.buyer_part_id.as_deref(), Some("6001001"));
    assert_eq!(l1.description.as_deref(), Some("Butter 40x250g Alu"));
    assert_eq!(l1.quantity, d("2"));
    // QTY unit "GBND" is not a Rec 20 code: a located warning 12.
    let w = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("QTY"))
        .expect("unit warning");
    assert_eq!(w.code.as_deref(), Some("12"));
    assert_eq!(
        (w.location.element, w.location.component),
        (Some(1), Some(3))
    );
    assert_eq!(w.location.segment_position, Some(16)); // UNH = 1, BGM = 2, …, QTY = 16
}

#[test]
fn eancom_ordrsp_d96a() {
    let Some(bytes) = corpus("eancom/EANCOM_PurchaseOrderResponse.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::OrderResponse(r)) = doc else {
        panic!("not a response");
    };
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(r.order_number, "652744");
    assert_eq!(r.order_date, Some(day(2002, 3, 25)));
    assert_eq!(r.response_number.as_deref(), Some("ORSP12856"));
    assert_eq!(r.status, ResponseStatus::Changed);
    assert_eq!(r.response_date, Some(day(2002, 3, 30)));
    assert_eq!(gln(&r.seller), Some("4012345500004"));
    assert_eq!(
        r.lines.iter().map(|l| l.status.clone()).collect::<Vec<_>>(),
        [
            ResponseStatus::Accepted,
            ResponseStatus::Changed,
            ResponseStatus::Rejected
        ]
    );
    assert_eq!(r.lines[1].ordered_quantity, Some(d("48")));
    assert_eq!(r.lines[1].unit_price, Some(d("550")));
    assert_eq!(r.lines[1].supplier_part_id.as_deref(), Some("ABC1234"));
    assert_eq!(r.lines[1].requested_delivery_date, Some(day(2002, 9, 10)));
}

#[test]
fn eancom_desadv_d96a() {
    let Some(bytes) = corpus("eancom/EANCOM_DespatchAdvice.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::ShipNotice(n)) = doc else {
        panic!("not a ship notice");
    };
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(n.shipment_id, "DES587441");
    assert_eq!(n.notice_date, Some(day(2002, 4, 1)));
    assert_eq!(n.ship_date, Some(day(2002, 4, 3)));
    assert_eq!(gln(&n.seller), Some("5411234512309"));
    assert_eq!(gln(&n.ship_to), Some("5412345123453"));
    assert_eq!(gln(&n.ship_from), Some("5412345000105"));
    assert_eq!(n.orders.len(), 1);
    assert_eq!(n.orders[0].order_number, "12332");
    assert_eq!(n.orders[0].order_date, Some(day(2002, 3, 25)));
    assert_eq!(n.orders[0].lines.len(), 4);
    assert_eq!(n.orders[0].lines[0].quantity, d("20"));
    assert_eq!(
        n.orders[0].lines[0].gtin.as_ref().map(|g| g.as_str()),
        Some("5410738000152")
    );
    assert_eq!(n.packages.len(), 2);
    assert_eq!(n.packages[0].sscc.as_deref(), Some("354107380000001051"));
    assert_eq!(
        n.packages[0].weight,
        Some(Measure {
            value: d("263.2"),
            unit: UnitOfMeasure::parse("KGM").unwrap()
        })
    );
    assert_eq!(n.packages[0].contents.len(), 1);
    assert_eq!(n.packages[1].contents.len(), 3);
}

#[test]
fn desadv_header_weight_and_php_sample() {
    let (n, _) = read_desadv(&body(
        "BGM+351+D1+9'DTM+137:20260101:102'MEA+AAX+AAB+KGM:12.5'CPS+1'LIN+1'QTY+12:1'CNT+2:1'",
    ));
    assert_eq!(n.total_weight.as_ref().map(|w| w.value), Some(d("12.5")));
    let Some(bytes) = corpus("php-edifact/D96ADESADV.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::ShipNotice(n)) = doc else {
        panic!("not a ship notice");
    };
    // BGM 1225 "700101" is not a message function: an error 12 on BGM03.
    let e = errors(&issues);
    assert_eq!(e.len(), 1, "{issues:#?}");
    assert_eq!(e[0].code.as_deref(), Some("12"));
    assert_eq!(n.shipment_id, "Y02197250");
    // Two orders from the line RFF+ON (the header RFF+ON is the first).
    assert_eq!(n.orders.len(), 2);
    assert_eq!(n.orders[1].order_number, "6905456");
    assert_eq!(
        n.orders[0].lines[0].gtin.as_ref().map(|g| g.as_str()),
        Some("9780738507330")
    );
    assert_eq!(
        n.orders[0].lines[0].description.as_deref(),
        Some("MUNCIE THE MIDDLE")
    );
}

#[test]
fn eancom_invoic_d01b() {
    let Some(bytes) = corpus("eancom/EANCOM_Invoice.edi") else {
        return;
    };
    let (doc, issues) = read_first(&bytes);
    let Some(Document::Invoice(inv)) = doc else {
        panic!("not an invoice");
    };
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(inv.invoice_number, "IN432097");
    assert_eq!(inv.purpose, InvoicePurpose::Invoice);
    assert_eq!(inv.invoice_date, Some(day(2002, 3, 8)));
    assert_eq!(inv.order_number.as_deref(), Some("ORD9523"));
    assert_eq!(inv.order_date, Some(day(2002, 2, 12)));
    let buyer = inv.buyer.as_ref().unwrap();
    assert_eq!(buyer.identifier("gln"), Some("5412345000013"));
    assert_eq!(buyer.identifier("vat"), Some("4146023"));
    assert_eq!(inv.currency.as_ref().map(|c| c.as_str()), Some("EUR"));
    let pt = inv.payment_terms.as_ref().unwrap();
    assert_eq!(pt.discount_days, Some(10));
    assert_eq!(pt.discount_percent, Some(d("2.5")));
    let freight = &inv.charges[0];
    assert_eq!(freight.indicator, ChargeIndicator::Charge);
    assert_eq!(freight.code.as_deref(), Some("freight"));
    assert_eq!(freight.amount, Some(d("120")));
    let l1 = &inv.lines[0];
    assert_eq!(l1.gtin.as_ref().map(|g| g.as_str()), Some("4000862141404"));
    assert_eq!(l1.quantity, d("40"));
    assert_eq!(l1.amount, Some(d("2160")));
    assert_eq!(l1.unit_price, Some(d("60")));
    assert_eq!(l1.taxes[0].rate, Some(d("21")));
    assert_eq!(l1.taxes[0].amount, Some(d("453.60")));
    assert!(inv.lines.len() >= 2);
    assert!(inv.totals.as_ref().is_some_and(|t| t.total.is_some()));
}

#[test]
fn pydifact_credit_note() {
    let Some(bytes) = corpus("pydifact/invoice1.edi") else {
        return;
    };
    let (doc, _) = read_first(&bytes);
    let Some(Document::Invoice(inv)) = doc else {
        panic!("not an invoice");
    };
    assert_eq!(inv.purpose, InvoicePurpose::CreditNote);
    assert_eq!(inv.invoice_number, "1060113800026");
    // DTM+137:199910060000:102 — format 102 with a 12-digit value: read, with a warning.
    assert_eq!(inv.invoice_date, Some(day(1999, 10, 6)));
    assert_eq!(inv.lines.len(), 1);
    assert_eq!(inv.lines[0].quantity, d("54"));
    assert_eq!(inv.lines[0].buyer_part_id.as_deref(), Some("090346642"));
    // 3630.1724 per 100.
    assert_eq!(inv.lines[0].unit_price, Some(d("36.301724")));
    assert_eq!(inv.totals.as_ref().unwrap().total, Some(d("1960.29")));
}

/// Through the syntax layer's `parse`: every message of every interchange by `read_message`.
#[test]
fn read_message_over_parsed_interchanges() {
    let Some(bytes) = corpus("edifabric/PurchaseOrders.edi") else {
        return;
    };
    let parsed = crate::edifact::parse(&bytes).unwrap();
    let mut orders = 0;
    for ic in &parsed.interchanges {
        for (_, _, msg) in ic.all_messages() {
            let (doc, issues) = read_message(msg);
            assert!(errors(&issues).is_empty(), "{issues:#?}");
            if let Some(Document::PurchaseOrder(po)) = doc {
                assert!(!po.order_number.is_empty());
                assert!(!po.lines.is_empty());
                orders += 1;
            }
        }
    }
    assert!(orders >= 2, "{orders} orders");
    // Our own golden interchange parses and reads back through the same path.
    let (text, _) = render(&Document::Invoice(sample_invoice()), Directory::D01B);
    let parsed = crate::edifact::parse(&text).unwrap();
    let msgs = parsed.interchanges[0].all_messages();
    assert_eq!(msgs[0].2.association(), "EAN011");
    let (doc, _) = read_message(msgs[0].2);
    assert_eq!(doc, Some(Document::Invoice(sample_invoice())));
    assert!(
        parsed.interchanges[0].issues.is_empty(),
        "{:#?}",
        parsed.interchanges[0].issues
    );
}

/// Every message of every corpus file goes through `read_body` and, when it yields a
/// document, through the writers; nothing panics.
#[test]
fn whole_corpus_reads_without_panics() {
    let root = corpus_dir();
    if !root.exists() {
        println!("corpus not found at {}: skipped", root.display());
        return;
    }
    let mut files = Vec::new();
    walk(&root, &mut files);
    assert!(!files.is_empty());
    let mut docs = 0;
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let (doc, _issues) = read_first(&bytes);
        if let Some(doc) = doc {
            docs += 1;
            let _ = write_document(&doc);
        }
    }
    assert!(docs >= 10, "only {docs} documents read");
}

/// The body of the `edifact_orders` fuzz target (crates/codec/fuzz), kept identical so that it
/// compiles and runs here on the whole corpus.
fn fuzz_body(data: &[u8]) {
    use crate::edifact::{map, parse};
    let Ok(parsed) = parse(data) else {
        return;
    };
    for ic in &parsed.interchanges {
        for (_, _, msg) in ic.all_messages() {
            let (doc, _issues) = map::read_message(msg);
            let Some(doc) = doc else {
                continue;
            };
            let _ = doc.validate();
            for dir in [map::Directory::D96A, map::Directory::D01B] {
                let _ = map::message_header(&doc, dir);
            }
            if let Some((body, _)) = map::write_document(&doc) {
                let _ = map::read_body(&msg.message_type(), &body);
            }
        }
    }
}

#[test]
fn fuzz_target_body_on_the_corpus() {
    let root = corpus_dir();
    let mut files = Vec::new();
    walk(&root, &mut files);
    for f in files {
        fuzz_body(&std::fs::read(&f).unwrap());
    }
    fuzz_body(b"");
    fuzz_body(b"UNH+1+ORDERS:D:96A:UN'BGM+220'LIN+x'QTY+21:?''UNT+4+1'");
}

/// `read_message` reads plain segments in place and converts only the others: it must give
/// exactly what reading the fully converted body gives.
fn same_in_place_and_converted(input: &[u8]) {
    let Ok(parsed) = crate::edifact::parse(input) else {
        return;
    };
    for ic in &parsed.interchanges {
        for (_, _, msg) in ic.all_messages() {
            let converted = body_of(msg.segments());
            let (doc, mut issues) = read_body(&msg.message_type(), &converted);
            if doc.is_none() {
                for i in &mut issues {
                    i.location.offset = Some(msg.unh.offset);
                }
            }
            let expected = format!("{:?}", (doc, issues));
            assert_eq!(format!("{:?}", read_message(msg)), expected);
        }
    }
}

#[test]
fn read_message_in_place_matches_the_converted_body() {
    let root = corpus_dir();
    let mut files = Vec::new();
    walk(&root, &mut files);
    for f in files {
        same_in_place_and_converted(&std::fs::read(&f).unwrap());
    }
    let head: &[u8] = b"UNB+UNOC:3+A:14+B:14+261124:1000+R'UNH+1+ORDERS:D:96A:UN:EAN008'";
    let tail: &[u8] = b"UNS+S'UNT+9+1'UNZ+1+R'";
    let bodies: [&[u8]; 3] = [
        // Escapes, blank and padded components, a Latin-1 byte.
        b"BGM+220+ PO?+1 +9'NAD+BY+5412345000013::9++Caf\xE9 ?:x'LIN+1++4000862141404:SRV'QTY+21: 2 '",
        // Wrapped lines inside segments.
        b"BGM+220+PO-\r\n2+9'NAD+BY+54123450\n00013::9'LIN+1'QTY+21:2'",
        b"BGM+220++9'LIN+x+ '  'QTY+21:'PRI+AAA:1,5'FTX+AAI+++a: :b'IMD+F++:::x:y'",
    ];
    for body in bodies {
        same_in_place_and_converted(&[head, body, tail].concat());
    }
    // Latin-1 (UNOC) and UTF-8 (UNOW) bytes, syntax 4 repetitions.
    same_in_place_and_converted(
        b"UNB+UNOC:3+A:14+B:14+261124:1000+R'UNH+1+ORDERS:D:96A:UN'BGM+220+PO\xE9+9'\
          NAD+BY+1::9++Caf\xE9'LIN+1'QTY+21:2'UNT+6+1'UNZ+1+R'",
    );
    same_in_place_and_converted(
        "UNB+UNOW:4+A:14+B:14+261124:1000+R'UNH+1+ORDERS:D:96A:UN'BGM+220+PO\u{e9}+9'\
         NAD+BY+1::9++Caf\u{e9}*x:y'LIN+1++1:SA*2:IN'QTY+21:2*12:3'UNT+6+1'UNZ+1+R'"
            .as_bytes(),
    );
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "edi") {
            out.push(p);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Issue conventions
// ---------------------------------------------------------------------------------------------

fn body(text: &str) -> Vec<MapSegment<'static>> {
    first_body(text.as_bytes()).1
}

#[test]
fn missing_bgm_is_13_at_position_2() {
    let (_, issues) = read_orders(&body(
        "DTM+137:20240101:102'LIN+1++4000862141404:EN'QTY+21:1'",
    ));
    let i = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("BGM"))
        .unwrap();
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.code.as_deref(), Some("13"));
    assert_eq!(i.location.segment_position, Some(2));
}

#[test]
fn bad_quantity_is_an_error_37_located() {
    let (po, issues) = read_orders(&body(
        "BGM+220+PO1+9'LIN+1++4000862141404:EN'QTY+21:abc'UNS+S'CNT+2:1'",
    ));
    assert_eq!(po.order_number, "PO1");
    let i = issues
        .iter()
        .find(|i| i.code.as_deref() == Some("37"))
        .unwrap();
    assert_eq!(i.severity, Severity::Error);
    assert_eq!(i.location.segment.as_deref(), Some("QTY"));
    assert_eq!(i.location.segment_position, Some(4));
    assert_eq!(
        (i.location.element, i.location.component),
        (Some(1), Some(2))
    );
}

/// The reader's issues go straight into the syntax layer's CONTRL builder: UCM rejected, UCS
/// with the segment position counted from UNH = 1, UCD with the 0085 code and element:component.
#[test]
fn reader_issues_feed_the_contrl_builder() {
    use crate::edifact::{contrl, parse, ContrlOptions, MessageIssues};
    let input = b"UNA:+.? 'UNB+UNOC:3+4000001000005:14+4000002000004:14+261124:0900+7'\
        UNH+1+ORDERS:D:96A:UN:EAN008'BGM+220+PO1+9'LIN+1++4000862141404:EN'QTY+21:abc'\
        UNS+S'CNT+2:1'UNT+6+1'UNZ+1+7'";
    let parsed = parse(input).unwrap();
    let ic = &parsed.interchanges[0];
    let (group, index, msg) = ic.all_messages()[0];
    let (doc, issues) = read_message(msg);
    assert!(doc.is_some());
    let report = contrl(
        ic,
        &[MessageIssues {
            group,
            message: index,
            issues,
        }],
        &ContrlOptions::default(),
    );
    let text = report.body.text();
    assert!(text.contains("UCM+1+ORDERS:D:96A:UN:EAN008+4"), "{text}");
    assert!(text.contains("UCS+4"), "{text}");
    assert!(text.contains("UCD+37+1:2"), "{text}");
}

#[test]
fn unknown_function_bad_date_and_cnt_mismatch() {
    let (_, issues) = read_orders(&body(
        "BGM+220+PO1+77'DTM+137:20241332:102'LIN+1'QTY+21:1'UNS+S'CNT+2:2'",
    ));
    let f = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("BGM"))
        .unwrap();
    assert_eq!(
        (f.severity, f.code.as_deref()),
        (Severity::Error, Some("12"))
    );
    let dt = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("DTM"))
        .unwrap();
    assert_eq!(
        (dt.severity, dt.code.as_deref()),
        (Severity::Warning, Some("12"))
    );
    assert_eq!(dt.location.segment_position, Some(3));
    let c = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("CNT"))
        .unwrap();
    assert_eq!((c.severity, c.code.as_deref()), (Severity::Warning, None));
}

#[test]
fn unsupported_message_type() {
    let (doc, issues) = read_body("IFTMIN", &body("BGM+610+1+9'"));
    assert!(doc.is_none());
    assert_eq!(issues[0].code.as_deref(), Some("12"));
    assert_eq!(issues[0].location.segment.as_deref(), Some("UNH"));
}

#[test]
fn orders_reader_maps_every_group() {
    let (po, issues) = read_orders(&body(
        "UNA:+.? '\
         BGM+220+PO-9+5'DTM+137:20260101:102'DTM+2:20260110-20260112:718'\
         FTX+AAI+++Deliver to gate 4:ring twice'RFF+CT:K-1'DTM+171:20251201:102'\
         NAD+BY+4000001000005::9++Buyer:Purchasing+Street 1:Floor 2+Berlin+BE+10115+DE'\
         RFF+VA:DE1'CTA+OC+:Eva'COM+eva@example.com:EM'COM+0301234:TE'\
         NAD+SU+SUP-1::92'NAD+IV+++Billing Dept'NAD+XX+++Agent'\
         CUX+2:EUR:9'PAT+1++5:3:D:30'TAX+7+VAT+++:::19+S'\
         ALC+C++++FC:::Freight'MOA+23:9.5'\
         LIN+000010++4000862141404:EN'PIA+1+SP-1:SA+BP-1:IN+MF-1:MF'\
         IMD+F++:::Red:pen'QTY+21:12,5:KGM'DTM+2:20260115:102'\
         PRI+AAA:250:::100:KGM'MOA+203:31.25'RFF+LI:A1'NAD+DP+4000001000012::9'\
         ALC+A'PCD+1:5'FTX+AAI+++Fragile'\
         UNS+S'MOA+86:40.75'CNT+2:1'",
    ));
    assert!(errors(&issues).is_empty(), "{issues:#?}");
    assert_eq!(po.order_number, "PO-9");
    assert_eq!(po.purpose, OrderPurpose::Replace);
    assert_eq!(po.extrinsics["requested_delivery_date"], "2026-01-10");
    assert_eq!(po.extrinsics["requested_delivery_date_end"], "2026-01-12");
    assert_eq!(po.comments, ["Deliver to gate 4 ring twice"]);
    assert_eq!(po.references[0].kind, ReferenceKind::Contract);
    assert_eq!(po.references[0].date, Some(day(2025, 12, 1)));
    let b = po.buyer.as_ref().unwrap();
    assert_eq!(b.name.as_deref(), Some("Buyer Purchasing"));
    assert_eq!(b.address_lines, ["Street 1", "Floor 2"]);
    assert_eq!(
        (
            b.city.as_deref(),
            b.region.as_deref(),
            b.postal_code.as_deref()
        ),
        (Some("Berlin"), Some("BE"), Some("10115"))
    );
    assert_eq!(b.identifier("vat"), Some("DE1"));
    assert_eq!(b.contacts[0].role.as_deref(), Some("order"));
    assert_eq!(b.contacts[0].email.as_deref(), Some("eva@example.com"));
    assert_eq!(b.contacts[0].phone.as_deref(), Some("0301234"));
    assert_eq!(
        po.seller.as_ref().unwrap().identifier("buyer_assigned"),
        Some("SUP-1")
    );
    assert_eq!(
        po.bill_to.as_ref().unwrap().name.as_deref(),
        Some("Billing Dept")
    );
    assert_eq!(po.extrinsics["party:XX"], "Agent");
    assert_eq!(po.payment_terms.as_ref().unwrap().net_days, Some(30));
    assert_eq!(po.taxes[0].rate, Some(d("19")));
    assert_eq!(po.charges[0].code.as_deref(), Some("freight"));
    assert_eq!(po.charges[0].amount, Some(d("9.5")));
    assert_eq!(po.totals.as_ref().unwrap().total, Some(d("40.75")));
    let l = &po.lines[0];
    assert_eq!(l.line_number, 10);
    assert_eq!(l.extrinsics["buyer_line_id"], "000010");
    assert_eq!(l.extrinsics["ref:LI"], "A1");
    assert_eq!(l.supplier_part_id.as_deref(), Some("SP-1"));
    assert_eq!(l.buyer_part_id.as_deref(), Some("BP-1"));
    assert_eq!(l.manufacturer_part_id.as_deref(), Some("MF-1"));
    assert_eq!(l.description.as_deref(), Some("Red pen"));
    assert_eq!(l.quantity, d("12.5"));
    assert_eq!(l.unit_of_measure.as_ref().map(|u| u.as_str()), Some("KGM"));
    assert_eq!(l.unit_price, Some(d("2.5")));
    assert_eq!(l.requested_delivery_date, Some(day(2026, 1, 15)));
    assert_eq!(
        l.ship_to.as_ref().unwrap().identifier("gln"),
        Some("4000001000012")
    );
    assert_eq!(l.charges[0].indicator, ChargeIndicator::Allowance);
    assert_eq!(l.charges[0].percent, Some(d("5")));
    assert_eq!(l.comments, ["Fragile"]);
}

#[test]
fn ordchg_line_actions() {
    let (oc, issues) = read_ordchg(&body(
        "BGM+230+CHG1+9'DTM+137:20240102:102'RFF+ON:PO77'DTM+171:20240101:102'\
         LIN+1+1+4000862141404:EN'QTY+21:5'LIN+2+2'QTY+21:0'LIN+3+3'QTY+21:7:KGM'LIN+4+9'QTY+21:1'",
    ));
    assert_eq!(oc.order_number, "PO77");
    assert_eq!(oc.extrinsics["change_number"], "CHG1");
    assert_eq!(oc.change_date, Some(day(2024, 1, 2)));
    assert_eq!(oc.order_date, Some(day(2024, 1, 1)));
    let kinds: Vec<_> = oc.lines.iter().map(|l| l.change).collect();
    assert_eq!(
        kinds,
        [
            LineChangeKind::Added,
            LineChangeKind::Cancelled,
            LineChangeKind::Changed,
            LineChangeKind::Changed
        ]
    );
    assert_eq!(
        oc.lines[2]
            .line
            .unit_of_measure
            .as_ref()
            .map(|u| u.as_str()),
        Some("KGM")
    );
    let bad = errors(&issues);
    assert_eq!(bad.len(), 1);
    assert_eq!(bad[0].code.as_deref(), Some("12"));
    assert_eq!(bad[0].location.segment_position, Some(12));
}

#[test]
fn association_codes() {
    let h = message_header(&Document::Invoice(Invoice::new("1")), Directory::D01B).unwrap();
    assert_eq!(
        (
            h.message_type,
            h.version,
            h.release,
            h.agency,
            h.association
        ),
        ("INVOIC", "D", "01B", "UN", "EAN011")
    );
    let h = message_header(
        &Document::OrderResponse(OrderResponse::new("1", ResponseStatus::Accepted)),
        Directory::D96A,
    )
    .unwrap();
    assert_eq!((h.message_type, h.association), ("ORDRSP", "EAN005"));
    assert!(message_header(
        &Document::PunchoutCart(PunchoutCart::new("c")),
        Directory::D96A
    )
    .is_none());
}

// ---------------------------------------------------------------------------------------------
// Sample documents, round trips and golden files
// ---------------------------------------------------------------------------------------------

fn party(name: &str, gln: &str) -> Party {
    Party {
        name: Some(name.into()),
        identifiers: vec![
            Identifier::new("gln", gln),
            Identifier::new("vat", "DE123456789"),
        ],
        address_lines: vec!["Hauptstraße 1".into()],
        city: Some("Köln".into()),
        postal_code: Some("50667".into()),
        country: Some("DE".into()),
        contacts: vec![Contact {
            name: Some("Anna O'Neil".into()),
            role: Some("purchasing".into()),
            email: Some("anna@example.com".into()),
            phone: Some("+49 221 12345".into()),
        }],
        ..Party::default()
    }
}

fn sample_response() -> OrderResponse {
    let mut r = OrderResponse::new("PO-4711", ResponseStatus::Changed);
    r.response_number = Some("RSP-1".into());
    r.response_date = Some(day(2026, 11, 24));
    r.order_date = Some(day(2026, 11, 20));
    r.currency = Some(CurrencyCode::parse("EUR").unwrap());
    r.buyer = Some(party("Buyer AG", "4000001000005"));
    r.seller = Some(party("Seller GmbH + Co. KG", "4000002000004"));
    r.reason = Some("Partial stock: line 2 is backordered until December".into());
    r.comments = vec!["Prices as per contract 2026?".into()];
    r.references = vec![Reference::new(ReferenceKind::Contract, "K-99")];
    let mut l1 = OrderResponseLine::new(1, ResponseStatus::Accepted);
    l1.ordered_quantity = Some(d("10"));
    l1.confirmed_quantity = Some(d("10"));
    l1.unit_of_measure = Some(UnitOfMeasure::parse("PCE").unwrap());
    l1.unit_price = Some(d("12.5"));
    l1.supplier_part_id = Some("SP-1".into());
    l1.buyer_part_id = Some("BP-1".into());
    l1.description = Some("Copy paper A4 80g white, 500 sheets".into());
    l1.delivery_date = Some(day(2026, 12, 1));
    let mut l2 = OrderResponseLine::new(2, ResponseStatus::Backordered);
    l2.ordered_quantity = Some(d("5"));
    l2.confirmed_quantity = Some(d("2"));
    l2.backordered_quantity = Some(d("3"));
    l2.unit_of_measure = Some(UnitOfMeasure::parse("KGM").unwrap());
    l2.requested_delivery_date = Some(day(2026, 11, 30));
    l2.ship_date = Some(day(2026, 12, 10));
    l2.reason = Some("Out of stock".into());
    let mut l3 = OrderResponseLine::new(3, ResponseStatus::Rejected);
    l3.ordered_quantity = Some(d("1"));
    l3.unit_of_measure = Some(UnitOfMeasure::parse("PCE").unwrap());
    l3.comments = vec!["Discontinued".into()];
    r.lines = vec![l1, l2, l3];
    r.totals = Some(Totals {
        subtotal: Some(d("125")),
        tax: Some(d("23.75")),
        shipping: None,
        total: Some(d("148.75")),
    });
    r
}

fn sample_notice() -> ShipNotice {
    let pce = UnitOfMeasure::parse("PCE").unwrap();
    let kgm = UnitOfMeasure::parse("KGM").unwrap();
    let line = |n: u32, q: &str, gtin: &str| ShipNoticeLine {
        line_number: n,
        quantity: d(q),
        unit_of_measure: Some(pce.clone()),
        ordered_quantity: Some(d(q)),
        supplier_part_id: Some(format!("SP-{n}")),
        buyer_part_id: Some(format!("BP-{n}")),
        gtin: Some(Gtin::parse(gtin).unwrap()),
        description: Some(format!("Item {n}")),
        ..ShipNoticeLine::default()
    };
    let mut l2 = line(2, "6", "4000862141404");
    l2.batch_number = Some("LOT-7".into());
    l2.serial_numbers = vec!["S1".into(), "S2".into()];
    ShipNotice {
        shipment_id: "DES-1".into(),
        notice_date: Some(day(2026, 11, 24)),
        ship_date: Some(day(2026, 11, 24)),
        expected_delivery_date: Some(day(2026, 11, 26)),
        carrier: Some("DHL Freight".into()),
        carrier_code: Some("DHL".into()),
        tracking_number: Some("JD0140000001".into()),
        bill_of_lading: Some("BOL-9".into()),
        ship_from: Some(party("Seller Warehouse", "4000002000011")),
        ship_to: Some(party("Buyer Store 12", "4000001000012")),
        buyer: Some(party("Buyer AG", "4000001000005")),
        seller: Some(party("Seller GmbH", "4000002000004")),
        total_weight: Some(Measure {
            value: d("42.5"),
            unit: kgm.clone(),
        }),
        packages: vec![
            Package {
                sscc: Some("340123450000000016".into()),
                package_type: Some("pallet".into()),
                tracking_number: Some("TRK-1".into()),
                weight: Some(Measure {
                    value: d("30"),
                    unit: kgm.clone(),
                }),
                dimensions: Some(Dimensions {
                    length: d("120"),
                    width: d("80"),
                    height: d("100"),
                    unit: UnitOfMeasure::parse("CMT").unwrap(),
                }),
                contents: vec![PackageContent {
                    order_number: Some("PO-4711".into()),
                    line_number: 1,
                    quantity: d("10"),
                    unit_of_measure: Some(pce.clone()),
                }],
            },
            Package {
                sscc: Some("340123450000000023".into()),
                package_type: Some("carton".into()),
                weight: Some(Measure {
                    value: d("12.5"),
                    unit: kgm,
                }),
                contents: vec![PackageContent {
                    order_number: Some("PO-4711".into()),
                    line_number: 2,
                    quantity: d("6"),
                    unit_of_measure: Some(pce.clone()),
                }],
                ..Package::default()
            },
        ],
        orders: vec![ShipNoticeOrder {
            order_number: "PO-4711".into(),
            order_date: Some(day(2026, 11, 20)),
            lines: vec![line(1, "10", "4012345000016"), l2],
        }],
        references: vec![Reference::new(ReferenceKind::DeliveryNote, "DN-5")],
        ..ShipNotice::default()
    }
}

fn sample_invoice() -> Invoice {
    let pce = UnitOfMeasure::parse("PCE").unwrap();
    let vat19 = |base: &str, amt: &str| Tax {
        category: Some(TaxCategory::Vat),
        rate: Some(d("19")),
        taxable_amount: Some(d(base)),
        amount: Some(d(amt)),
        ..Tax::default()
    };
    Invoice {
        invoice_number: "INV-2026-001".into(),
        invoice_date: Some(day(2026, 11, 24)),
        order_number: Some("PO-4711".into()),
        order_date: Some(day(2026, 11, 20)),
        currency: Some(CurrencyCode::parse("EUR").unwrap()),
        seller: Some(party("Seller GmbH", "4000002000004")),
        buyer: Some(party("Buyer AG", "4000001000005")),
        ship_to: Some(Party {
            identifiers: vec![Identifier::new("gln", "4000001000012")],
            ..Party::default()
        }),
        bill_to: Some(Party {
            name: Some("Buyer AG Accounts Payable".into()),
            ..Party::default()
        }),
        remit_to: Some(Party {
            identifiers: vec![Identifier::new("duns", "123456789")],
            ..Party::default()
        }),
        payment_terms: Some(PaymentTerms {
            net_days: Some(30),
            discount_percent: Some(d("2")),
            discount_days: Some(10),
            due_date: Some(day(2026, 12, 24)),
            description: Some("2% 10, net 30".into()),
        }),
        lines: vec![
            InvoiceLine {
                line_number: 1,
                order_line_number: Some(1),
                quantity: d("10"),
                unit_of_measure: Some(pce.clone()),
                unit_price: Some(d("12.5")),
                amount: Some(d("125")),
                description: Some("Copy paper A4".into()),
                supplier_part_id: Some("SP-1".into()),
                buyer_part_id: Some("BP-1".into()),
                gtin: Some(Gtin::parse("4012345000016").unwrap()),
                manufacturer_part_id: Some("MF-1".into()),
                taxes: vec![vat19("125", "23.75")],
                comments: vec!["Delivered 2026-11-24".into()],
                ..InvoiceLine::default()
            },
            InvoiceLine {
                line_number: 2,
                order_line_number: Some(2),
                quantity: d("6"),
                unit_of_measure: Some(pce),
                unit_price: Some(d("5")),
                amount: Some(d("27")),
                charges: vec![Charge {
                    indicator: ChargeIndicator::Allowance,
                    code: Some("discount".into()),
                    description: Some("Volume discount".into()),
                    amount: Some(d("3")),
                    percent: Some(d("10")),
                }],
                taxes: vec![vat19("27", "5.13")],
                ..InvoiceLine::default()
            },
        ],
        charges: vec![Charge {
            indicator: ChargeIndicator::Charge,
            code: Some("freight".into()),
            description: Some("Freight".into()),
            amount: Some(d("10")),
            percent: None,
        }],
        taxes: vec![vat19("162", "30.78")],
        totals: Some(InvoiceTotals {
            subtotal: Some(d("152")),
            allowances: None,
            charges: Some(d("10")),
            tax: Some(d("30.78")),
            shipping: Some(d("10")),
            total: Some(d("192.78")),
            amount_due: Some(d("192.78")),
        }),
        references: vec![Reference {
            kind: ReferenceKind::DeliveryNote,
            value: "DN-5".into(),
            date: Some(day(2026, 11, 24)),
        }],
        comments: vec!["Thank you for your order: see www.example.com?ref=1".into()],
        extrinsics: [("date:35".to_owned(), "2026-11-24".to_owned())].into(),
        ..Invoice::default()
    }
}

fn sample_catalog() -> Catalog {
    let pce = UnitOfMeasure::parse("PCE").unwrap();
    Catalog {
        catalog_id: "CAT-2026".into(),
        issued_at: Some(chrono::DateTime::parse_from_rfc3339("2026-11-24T09:00:00+01:00").unwrap()),
        name: Some("Office supplies 2026".into()),
        valid_from: Some(day(2026, 1, 1)),
        valid_to: Some(day(2026, 12, 31)),
        currency: Some(CurrencyCode::parse("EUR").unwrap()),
        supplier: Some(party("Seller GmbH", "4000002000004")),
        buyer: Some(party("Buyer AG", "4000001000005")),
        items: vec![
            CatalogItem {
                supplier_part_id: "SP-1".into(),
                gtin: Some(Gtin::parse("4012345000016").unwrap()),
                manufacturer_part_id: Some("MF-1".into()),
                description: Some("Copy paper A4 80g".into()),
                long_description: Some(
                    "Premium white copy paper, A4, 80 g/m², 500 sheets per ream, suitable for \
                     laser and inkjet printers"
                        .into(),
                ),
                unit_of_measure: Some(pce.clone()),
                min_order_quantity: Some(d("5")),
                prices: vec![
                    Price::new(d("4.99")),
                    Price {
                        min_quantity: Some(d("100")),
                        valid_from: Some(day(2026, 6, 1)),
                        ..Price::new(d("4.49"))
                    },
                ],
                ..CatalogItem::default()
            },
            CatalogItem {
                supplier_part_id: "SP-2".into(),
                description: Some("Stapler".into()),
                unit_of_measure: Some(pce),
                prices: vec![Price::new(d("12"))],
                ..CatalogItem::default()
            },
        ],
        ..Catalog::default()
    }
}

fn sample_inventory() -> InventoryReport {
    InventoryReport {
        report_id: "INV-RPT-1".into(),
        report_date: Some(day(2026, 11, 24)),
        supplier: Some(party("Seller GmbH", "4000002000004")),
        buyer: Some(party("Buyer AG", "4000001000005")),
        items: vec![
            InventoryItem {
                sku: "SP-1".into(),
                buyer_part_id: Some("BP-1".into()),
                gtin: Some(Gtin::parse("4012345000016").unwrap()),
                description: Some("Copy paper A4".into()),
                location: Some("WH-1".into()),
                on_hand: Some(d("500")),
                reserved: Some(d("120")),
                available: Some(d("380")),
                unit_of_measure: Some(UnitOfMeasure::parse("PCE").unwrap()),
                next_available_date: Some(day(2026, 12, 1)),
                next_available_quantity: Some(d("1000")),
            },
            InventoryItem {
                sku: "SP-2".into(),
                on_hand: Some(d("0")),
                ..InventoryItem::default()
            },
        ],
        ..InventoryReport::default()
    }
}

/// `doc` written in `dir` as a whole interchange, and the writer issues.
fn render(doc: &Document, dir: Directory) -> (Vec<u8>, Vec<crate::Issue>) {
    interchange(doc, dir)
}

/// Written by the syntax layer's writer, parsed by its `parse` and read back by
/// `read_message`.
fn round_trip(doc: &Document) -> Document {
    let (text, issues) = render(doc, Directory::D96A);
    assert!(errors(&issues).is_empty(), "writer errors: {issues:#?}");
    let parsed = crate::edifact::parse(&text).unwrap();
    assert!(parsed.issues.is_empty(), "{:#?}", parsed.issues);
    let ic = &parsed.interchanges[0];
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    let msgs = ic.all_messages();
    assert_eq!(msgs.len(), 1);
    let (back, issues) = read_message(msgs[0].2);
    assert!(
        errors(&issues).is_empty(),
        "reader errors: {issues:#?}\n{}",
        String::from_utf8_lossy(&text)
    );
    back.unwrap()
}

#[test]
fn ordrsp_round_trip() {
    let r = sample_response();
    let Document::OrderResponse(back) = round_trip(&Document::OrderResponse(r.clone())) else {
        panic!()
    };
    assert_eq!(back, r);
}

#[test]
fn desadv_round_trip() {
    let n = sample_notice();
    let Document::ShipNotice(back) = round_trip(&Document::ShipNotice(n.clone())) else {
        panic!()
    };
    assert_eq!(back, n);
}

/// Two orders (line RFF+ON with the order line number, DTM 171 per line), a line partly
/// packed (the rest directly under CPS+1), no header order reference.
#[test]
fn desadv_round_trip_multi_order_and_partial_packing() {
    let mut n = sample_notice();
    n.packages.truncate(1);
    n.packages[0].contents[0].quantity = d("4");
    let mut second = n.orders[0].clone();
    second.order_number = "PO-4712".into();
    second.order_date = Some(day(2026, 11, 21));
    second.lines.truncate(1);
    second.lines[0].line_number = 7;
    n.orders.push(second);
    let Document::ShipNotice(back) = round_trip(&Document::ShipNotice(n.clone())) else {
        panic!()
    };
    assert_eq!(back, n);
    let (segs, _) = write_desadv(&n);
    let rff_on = segs
        .iter()
        .filter(|s| s.tag == "RFF" && s.get(1, 1) == Some("ON"))
        .count();
    assert_eq!(rff_on, 4, "no header RFF+ON with two orders; one per LIN");
}

/// Characters beyond Latin-1 raise the level to UNOW (UTF-8) and read back unchanged.
#[test]
fn invoic_round_trip_in_unow() {
    let mut inv = sample_invoice();
    inv.seller.as_mut().unwrap().name = Some("Łódź Trade Sp. z o.o. — €".into());
    let (bytes, _) = render(&Document::Invoice(inv.clone()), Directory::D01B);
    // UNOW is a syntax version 4 level: version 4, its 8-digit date, and the UNA saying the
    // delimiters the messages were written with (no repetition separator).
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.starts_with("UNA:+.? '"), "{text}");
    assert!(text.contains("UNB+UNOW:4+"), "{text}");
    let unb = text.split("UNB+").nth(1).unwrap_or_default();
    let date = unb.split('+').nth(3).unwrap_or_default();
    assert_eq!(date.split(':').next().map(str::len), Some(8), "{text}");
    let Document::Invoice(back) = round_trip(&Document::Invoice(inv.clone())) else {
        panic!()
    };
    assert_eq!(back, inv);
}

#[test]
fn invoic_round_trip() {
    let inv = sample_invoice();
    let Document::Invoice(back) = round_trip(&Document::Invoice(inv.clone())) else {
        panic!()
    };
    assert_eq!(back, inv);
}

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &[u8]) {
    crate::test_support::golden(GOLDEN_DIR, name, doc);
}

#[test]
fn golden_interchanges() {
    let cases = [
        (
            "ordrsp_d96a.edi",
            Document::OrderResponse(sample_response()),
            Directory::D96A,
        ),
        (
            "desadv_d96a.edi",
            Document::ShipNotice(sample_notice()),
            Directory::D96A,
        ),
        (
            "invoic_d01b.edi",
            Document::Invoice(sample_invoice()),
            Directory::D01B,
        ),
        (
            "invoic_d96a.edi",
            Document::Invoice(sample_invoice()),
            Directory::D96A,
        ),
        (
            "pricat_d96a.edi",
            Document::Catalog(sample_catalog()),
            Directory::D96A,
        ),
        (
            "invrpt_d96a.edi",
            Document::InventoryReport(sample_inventory()),
            Directory::D96A,
        ),
    ];
    for (name, doc, dir) in cases {
        let (text, issues) = render(&doc, dir);
        assert!(errors(&issues).is_empty(), "{name}: {issues:#?}");
        golden(name, &text);
    }
}

#[test]
fn writer_reports_what_it_cannot_say() {
    let mut r = sample_response();
    r.status = ResponseStatus::Pending;
    r.references
        .push(Reference::new(ReferenceKind::Requisition, "REQ-1"));
    r.buyer = Some(Party {
        name: Some("x".repeat(200)),
        ..Party::default()
    });
    r.lines[0].line_number = 1_234_567;
    r.response_date = None;
    let (_, issues) = write_ordrsp(&r);
    let long = issues
        .iter()
        .find(|i| i.location.segment.as_deref() == Some("LIN"))
        .unwrap();
    assert_eq!(long.severity, Severity::Error);
    assert_eq!(
        (long.location.element, long.location.component),
        (Some(1), Some(1))
    );
    assert!(issues
        .iter()
        .any(|i| i.location.path.as_deref() == Some("response_date")
            && i.severity == Severity::Error));
    assert!(issues
        .iter()
        .any(|i| i.location.path.as_deref() == Some("status") && i.severity == Severity::Warning));
    assert!(issues
        .iter()
        .any(|i| i.location.path.as_deref() == Some("references[1].kind")
            && i.severity == Severity::Error));
    assert!(issues
        .iter()
        .any(|i| i.location.path.as_deref() == Some("buyer.name")
            && i.location.segment.as_deref() == Some("NAD")));
}

// ---------------------------------------------------------------------------------------------
// No panics on segment soup
// ---------------------------------------------------------------------------------------------

const TAGS: &[&str] = &[
    "BGM", "DTM", "FTX", "RFF", "NAD", "CTA", "COM", "CUX", "PAT", "PCD", "TAX", "ALC", "MOA",
    "TDT", "CPS", "PAC", "MEA", "GIN", "PCI", "LIN", "PIA", "IMD", "QTY", "PRI", "UNS", "CNT",
    "UNH", "UNT", "LOC", "XYZ", "",
];

const VALUES: &[&str] = &[
    "",
    "1",
    "2",
    "3",
    "4",
    "5",
    "7",
    "9",
    "12",
    "21",
    "29",
    "27",
    "47",
    "113",
    "83",
    "137",
    "171",
    "102",
    "203",
    "718",
    "A",
    "C",
    "ON",
    "VA",
    "CN",
    "BJ",
    "BN",
    "SA",
    "IN",
    "EN",
    "SRV",
    "AAA",
    "AAB",
    "BY",
    "SU",
    "DP",
    "PD",
    "AAB",
    "LN",
    "TE",
    "EM",
    "D",
    "S",
    "-1",
    "1,5",
    ".",
    "20241301",
    "20240101",
    "20240101-20240201",
    "4000862141404",
    "99999999999999999999999999",
    "KGM",
    "GBND",
    "EUR",
    "eu",
];

fn soup() -> impl Strategy<Value = Vec<MapSegment<'static>>> {
    let comp = prop_oneof![
        proptest::sample::select(VALUES).prop_map(str::to_owned),
        ".{0,6}",
    ];
    let element = proptest::collection::vec(comp, 0..7);
    let seg = (
        proptest::sample::select(TAGS),
        proptest::collection::vec(element, 0..10),
    )
        .prop_map(|(tag, elements)| MapSegment::new(tag, elements));
    proptest::collection::vec(seg, 0..40)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn readers_and_writers_never_panic(body in soup()) {
        for ty in ["ORDERS", "ORDCHG", "ORDRSP", "DESADV", "INVOIC", "PRICAT"] {
            let (doc, _) = read_body(ty, &body);
            if let Some(doc) = doc {
                let _ = write_document(&doc);
                if let Some((segs, _)) = write_document(&doc) {
                    // What we write, we read.
                    let _ = read_body(ty, &segs);
                }
            }
        }
    }
}

#[test]
fn dates_read_as_chrono_reads_them() {
    let mut days = vec![
        "00000101", "00001231", "19991231", "20000229", "19000229", "20240229", "20230229",
        "20231301", "20230001", "20230100", "20230132", "20230431", "99991231", "12345678",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect::<Vec<_>>();
    for m in 0..=13 {
        for d in [0, 1, 28, 29, 30, 31, 32] {
            days.push(format!("2023{m:02}{d:02}"));
        }
    }
    for v in &days {
        let chrono = NaiveDate::parse_from_str(v, "%Y%m%d").ok();
        assert_eq!(
            super::common::parse_date(v, Some("102")).map(|(d, _)| d),
            chrono,
            "{v}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Round-trip properties on random invoices: EDIFACT can carry any character (the release
// character escapes the service characters; the level rises to UNOC or UNOW when the data
// needs it), so numbers, identifiers and texts read back exactly, in D96A and in D01B, and
// writing what was read gives the same interchange.
// ---------------------------------------------------------------------------------------------

use crate::test_support::strategies::{positive, renumber};

/// Texts with every service character, spaces inside (not around: they are not significant)
/// and non-Latin-1 letters.
fn prop_text() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]([A-Za-z0-9 +:'?*.,\u{e9}\u{142}\u{416}-]{0,30}[A-Za-z0-9+:'?*\u{416}])?"
}

fn prop_id() -> impl Strategy<Value = String> {
    "[A-Z0-9][A-Z0-9+:'?*/-]{0,14}"
}

prop_compose! {
    fn prop_line()(
        quantity in positive(6, 3),
        price in positive(6, 4),
        supplier in proptest::option::of(prop_id()),
        buyer in proptest::option::of(prop_id()),
        description in proptest::option::of(prop_text()),
    ) -> InvoiceLine {
        let mut l = InvoiceLine::new(1, quantity);
        l.unit_of_measure = UnitOfMeasure::parse("PCE").ok();
        l.unit_price = Some(price);
        l.supplier_part_id = supplier;
        l.buyer_part_id = buyer;
        l.description = description;
        l
    }
}

prop_compose! {
    fn prop_invoice()(
        number in prop_id(),
        order in proptest::option::of(prop_id()),
        seller in prop_text(),
        mut lines in proptest::collection::vec(prop_line(), 1..4),
        comments in proptest::collection::vec(prop_text(), 0..2),
    ) -> Invoice {
        let mut inv = Invoice::new(number);
        inv.invoice_date = Some(day(2026, 11, 24));
        inv.order_number = order;
        inv.currency = CurrencyCode::parse("EUR").ok();
        inv.seller = Some(Party {
            name: Some(seller),
            identifiers: vec![Identifier::new("gln", "4000002000004")],
            ..Party::default()
        });
        inv.buyer = Some(party("Buyer AG", "4000001000005"));
        renumber(&mut lines, |l, n| l.line_number = n);
        inv.lines = lines;
        inv.comments = comments;
        inv
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn an_invoic_reads_back_the_same_and_writes_again_identically(
        inv in prop_invoice(),
        d01b in any::<bool>(),
    ) {
        let dir = if d01b { Directory::D01B } else { Directory::D96A };
        let (text, issues) = render(&Document::Invoice(inv.clone()), dir);
        let shown = String::from_utf8_lossy(&text).into_owned();
        prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{shown}");
        let parsed = crate::edifact::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ic = parsed.interchanges.first().ok_or_else(|| TestCaseError::fail("no interchange"))?;
        prop_assert!(ic.issues.is_empty(), "{:#?}\n{shown}", ic.issues);
        let msgs = ic.all_messages();
        let (back, read_issues) = read_message(msgs[0].2);
        prop_assert!(errors(&read_issues).is_empty(), "{read_issues:#?}\n{shown}");
        let Some(Document::Invoice(back)) = back else {
            return Err(TestCaseError::fail(format!("not an invoice\n{shown}")));
        };
        prop_assert_eq!(&back.invoice_number, &inv.invoice_number, "{}", shown);
        prop_assert_eq!(&back.order_number, &inv.order_number, "{}", shown);
        // Texts are split into components at spaces, so runs of spaces come back as one.
        let squash = |t: &Option<String>| {
            t.as_deref()
                .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        };
        prop_assert_eq!(
            squash(&back.seller.as_ref().and_then(|p| p.name.clone())),
            squash(&inv.seller.as_ref().and_then(|p| p.name.clone())),
            "{}",
            shown
        );
        prop_assert_eq!(back.lines.len(), inv.lines.len(), "{}", shown);
        for (b, o) in back.lines.iter().zip(&inv.lines) {
            prop_assert_eq!(b.quantity, o.quantity, "{}", shown);
            prop_assert_eq!(b.unit_price, o.unit_price, "{}", shown);
            prop_assert_eq!(&b.supplier_part_id, &o.supplier_part_id, "{}", shown);
            prop_assert_eq!(&b.buyer_part_id, &o.buyer_part_id, "{}", shown);
            prop_assert_eq!(squash(&b.description), squash(&o.description), "{}", shown);
        }
        let comments = |c: &[String]| c.iter().map(|t| squash(&Some(t.clone()))).collect::<Vec<_>>();
        prop_assert_eq!(comments(&back.comments), comments(&inv.comments), "{}", shown);
        let (again, _) = render(&Document::Invoice(back), dir);
        prop_assert_eq!(String::from_utf8_lossy(&again), shown);
    }
}

/// Reads the one message of `text` (written without an error) back, or says why not.
fn read_back(text: &[u8]) -> Result<Document, TestCaseError> {
    let shown = String::from_utf8_lossy(text).into_owned();
    let parsed =
        crate::edifact::parse(text).map_err(|e| TestCaseError::fail(format!("{e}\n{shown}")))?;
    let ic = parsed
        .interchanges
        .first()
        .ok_or_else(|| TestCaseError::fail("no interchange"))?;
    prop_assert!(ic.issues.is_empty(), "{:#?}\n{shown}", ic.issues);
    let msgs = ic.all_messages();
    let msg = msgs
        .first()
        .ok_or_else(|| TestCaseError::fail("no message"))?;
    let (back, issues) = read_message(msg.2);
    prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{shown}");
    back.ok_or_else(|| TestCaseError::fail(format!("nothing read\n{shown}")))
}

/// The identifiers and texts of the shared response and notice strategies, for EDIFACT.
fn edifact_texts() -> crate::test_support::strategies::Texts {
    crate::test_support::strategies::Texts {
        id: prop_id().boxed(),
        text: prop_text().boxed(),
        unit: "PCE",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn an_ordrsp_reads_back_the_same_and_writes_again_identically(
        r in crate::test_support::strategies::response(edifact_texts()),
        d01b in any::<bool>(),
    ) {
        let dir = if d01b { Directory::D01B } else { Directory::D96A };
        let (text, issues) = render(&Document::OrderResponse(r.clone()), dir);
        let shown = String::from_utf8_lossy(&text).into_owned();
        prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{shown}");
        let Document::OrderResponse(back) = read_back(&text)? else {
            return Err(TestCaseError::fail(format!("not a response\n{shown}")));
        };
        prop_assert_eq!(&back.order_number, &r.order_number, "{}", shown);
        // BGM 1004 is mandatory: without a response number the order number stands in.
        prop_assert_eq!(
            &back.response_number,
            &r.response_number.clone().or_else(|| Some(r.order_number.clone())),
            "{}",
            shown
        );
        crate::test_support::strategies::same_response_lines(&back.lines, &r.lines, &shown)?;
        let (again, _) = render(&Document::OrderResponse(back), dir);
        prop_assert_eq!(String::from_utf8_lossy(&again), shown);
    }

    #[test]
    fn a_desadv_reads_back_the_same_and_writes_again_identically(
        n in crate::test_support::strategies::notice(edifact_texts()),
        d01b in any::<bool>(),
    ) {
        let dir = if d01b { Directory::D01B } else { Directory::D96A };
        let (text, issues) = render(&Document::ShipNotice(n.clone()), dir);
        let shown = String::from_utf8_lossy(&text).into_owned();
        prop_assert!(errors(&issues).is_empty(), "{issues:#?}\n{shown}");
        let Document::ShipNotice(back) = read_back(&text)? else {
            return Err(TestCaseError::fail(format!("not a notice\n{shown}")));
        };
        crate::test_support::strategies::same_notice(&back, &n, &shown)?;
        let (again, _) = render(&Document::ShipNotice(back), dir);
        prop_assert_eq!(String::from_utf8_lossy(&again), shown);
    }
}

/// A line break in an identifier would reach the partner as a space (another number): an
/// error, located; in a free text it stays a warning.
#[test]
fn an_identifier_with_a_line_break_is_an_error() {
    let mut inv = sample_invoice();
    inv.invoice_number = "INV\n42".into();
    inv.comments = vec!["two\nlines".into()];
    let (_, issues) = render(&Document::Invoice(inv), Directory::D96A);
    let errs = errors(&issues);
    assert_eq!(errs.len(), 1, "{issues:#?}");
    assert_eq!(errs[0].location.segment.as_deref(), Some("BGM"));
    assert_eq!(errs[0].location.element, Some(2));
    assert!(
        issues
            .iter()
            .any(|i| i.severity == Severity::Warning && i.message.contains("line break")),
        "{issues:#?}"
    );
}

/// `with_joined` gives the pieces joined, from the stack or, for a name longer than its
/// buffer, from the heap; with `insert_first`, a second reference of the same kind keeps the
/// first value without calling for another.
#[test]
fn joined_names_set_the_first_value() {
    use super::common::with_joined;
    let mut x = model::Extrinsics::new();
    let first = |x: &mut model::Extrinsics, pieces: &[&str], v: &str| {
        with_joined(pieces, |n| x.insert_first(n, || v.to_owned()))
    };
    assert!(first(&mut x, &["ref:", "PD"], "50515"));
    let calls = std::cell::Cell::new(0);
    let again = with_joined(&["ref:", "PD"], |n| {
        x.insert_first(n, || {
            calls.set(calls.get() + 1);
            "99".to_owned()
        })
    });
    assert!(!again);
    assert_eq!(calls.get(), 0);
    assert_eq!(x.get("ref:PD").map(String::as_str), Some("50515"));
    let long = "X".repeat(80);
    assert!(first(&mut x, &["ref:", &long, ":line"], "7"));
    assert_eq!(
        x.get(&format!("ref:{long}:line")).map(String::as_str),
        Some("7")
    );
    assert!(first(&mut x, &["ref:", "Ü"], "u"));
    assert_eq!(x.get("ref:Ü").map(String::as_str), Some("u"));
    // Names of exactly the buffer's 64 bytes and of one more.
    for n in [60, 61] {
        let name = format!("ref:{}", "Y".repeat(n));
        assert!(first(&mut x, &["ref:", &"Y".repeat(n)], "z"));
        assert_eq!(x.get(&name).map(String::as_str), Some("z"), "{n}");
    }
    assert_eq!(x.len(), 5);
}

/// How `parse_decimal` read every value before it read plain ones without a copy.
fn parse_decimal_copying(v: &str) -> Option<Decimal> {
    let v = v.trim();
    if v.is_empty() || v.len() > 40 {
        return None;
    }
    let (neg, rest) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    if rest.is_empty()
        || !rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || rest.bytes().filter(|b| *b == b'.' || *b == b',').count() > 1
        || !rest.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    let norm = rest.replace(',', ".");
    let norm = match norm.strip_prefix('.') {
        Some(r) => format!("0.{r}"),
        None => norm,
    };
    let d: Decimal = norm.trim_end_matches('.').parse().ok()?;
    Some(if neg { -d } else { d })
}

proptest! {
    /// A value with a point or no mark is read in place, with the same result (value and scale)
    /// as when every value was copied; decimal commas and leading marks still are; up to 19
    /// digits are read at once (`small_decimal`), more as text.
    #[test]
    fn parse_decimal_is_as_before(v in "[ +-]?[0-9]{0,18}[.,]?[0-9]{0,18}[.,]?[ ]?|[ +-]?[0-9]{0,10}[.,]?[0-9]{0,10}|[0-9.,+-]{0,12}") {
        let now = super::common::parse_decimal(&v);
        let before = parse_decimal_copying(&v);
        prop_assert_eq!(now.map(|d| (d, d.scale())), before.map(|d| (d, d.scale())));
    }
}

// ---------------------------------------------------------------------------------------------
// A long body's LIN groups read on several threads: the same body, lines and issues as one
// thread gives, wherever the body is cut.
// ---------------------------------------------------------------------------------------------

/// Segments as order lines come, after a BGM most of the time: mostly line segments and, in
/// half the bodies, now and then one that belongs to the header or the summary (BGM, CUX, PAT,
/// TDT, CPS, UNS, CNT…), so that some runs can be read on their own and some cannot.
fn line_soup() -> impl Strategy<Value = Vec<MapSegment<'static>>> {
    let line = prop_oneof![
        12 => Just("LIN"),
        8 => Just("QTY"),
        6 => Just("RFF"),
        6 => Just("DTM"),
        4 => Just("NAD"),
        4 => Just("PRI"),
        3 => Just("MOA"),
        3 => Just("PIA"),
        3 => Just("IMD"),
        2 => Just("FTX"),
        2 => Just("TAX"),
        2 => Just("ALC"),
        2 => Just("PCD"),
        2 => Just("GIN"),
        1 => Just("MEA"),
        1 => Just("CTA"),
        1 => Just("COM"),
        1 => Just("UNT"),
        1 => Just("XYZ"),
    ];
    let other = proptest::sample::select(
        &[
            "BGM", "CUX", "PAT", "TDT", "CPS", "UNS", "CNT", "MEA", "PAC",
        ][..],
    );
    let comp = prop_oneof![
        4 => proptest::sample::select(VALUES).prop_map(str::to_owned),
        1 => "[A-Z0-9]{0,4}",
    ];
    let element = proptest::collection::vec(comp, 0..4);
    let seg = |tag: BoxedStrategy<&'static str>| {
        (tag, proptest::collection::vec(element.clone(), 0..6))
            .prop_map(|(tag, elements)| MapSegment::new(tag, elements))
    };
    let clean = seg(line.clone().boxed());
    let dirty = seg(prop_oneof![40 => line, 1 => other].boxed());
    let header = seg(Just("BGM").boxed());
    (
        proptest::option::weighted(0.8, header),
        prop_oneof![
            proptest::collection::vec(clean, 0..160),
            proptest::collection::vec(dirty, 0..160),
        ],
    )
        .prop_map(|(bgm, rest)| bgm.into_iter().chain(rest).collect())
}

/// What [`common::read_lines_in`] gives in `parts` (lines kept as their `Debug` text), as text.
fn read_in_parts(body: &[MapSegment<'_>], targets: &[usize]) -> String {
    use super::common::{plan, read_lines_in, Cx, Segs};
    let segs = Segs::Map(body);
    let mut cx = Cx::default();
    let mut lines_cx = Cx::default();
    let mut lines = Vec::new();
    let parts = plan(segs, targets);
    let b = read_lines_in(
        &mut cx,
        segs,
        &["220"],
        &mut lines_cx,
        &mut lines,
        &|lcx, l| {
            // An issue from the line's own reader, to see that its order is kept.
            if l.qty.values().next().is_none() {
                lcx.warn(Location::default(), None, format!("line {:?}", l.number));
            }
            format!("{l:?}")
        },
        parts,
    );
    format!("{b:?}\n{lines:?}\n{:?}\n{:?}", cx.issues, lines_cx.issues)
}

#[test]
fn a_body_is_cut_at_the_lins_after_the_targets() {
    use super::common::{plan, Segs};
    let b = body(
        "BGM+220+1'DTM+137:20240101:102'LIN+1'QTY+21:1'LIN+2'QTY+21:1'RFF+ON:1'\
         LIN+3'QTY+21:1'UNS+S'LIN+4'CNT+2:4'",
    );
    let parts = plan(Segs::Map(&b), &[0, 3, 4]);
    let ranges: Vec<_> = parts
        .iter()
        .map(|p| (p.range.clone(), p.lines_before))
        .collect();
    // Targets 0 and 3 both fall to the first LIN (index 2): one cut there; target 4 to the
    // LIN at 4. The last part ends at the UNS.
    assert_eq!(ranges, vec![(2..4, 0), (4..9, 1)]);
    // A CPS before the end: the lines may be in a package, and no part is read apart.
    let d = body("BGM+351+1'CPS+1'LIN+1'QTY+12:1'LIN+2'QTY+12:1'");
    assert!(plan(Segs::Map(&d), &[3]).is_empty());
    // No LIN after the target.
    assert!(plan(Segs::Map(&b), &[11]).is_empty());
}

#[test]
fn runs_with_a_header_or_summary_segment_are_read_on_this_thread() {
    // In each body, segments of the second and third lines' groups are not the line's own:
    // read apart, they would be lost (a first BGM, a CUX, a PAT, a CNT) or read in the wrong
    // place (after a TDT or a NAD without qualifier, an RFF and a DTM are the header's). Last in
    // a run or followed by more of it.
    for (last, middle) in [
        ("BGM+220+X'", "BGM+220+Y'"),
        ("CUX+2:EUR:9'", "CUX+2:USD:9'"),
        ("PAT+1++5:3:D:30'", "PAT+22++5:3:D:10'"),
        ("CNT+2:2'", "CNT+1:3'"),
        (
            "TDT+20++30+31+::4:Carrier'",
            "TDT+20++30+31+::4:Other'RFF+ON:7'",
        ),
        ("NAD'", "NAD'RFF+ON:7'DTM+137:20240101:102'"),
        ("UNS+S'", "UNS+S'MOA+79:10'"),
        ("CPS+1'", "CPS+1'PAC+1++CT'"),
    ] {
        let b = body(&format!(
            "LIN+1'QTY+21:1'LIN+2'QTY+21:2'PRI+AAA:5'{last}LIN+3'QTY+21:3'{middle}PRI+AAA:6'LIN+4'"
        ));
        let mut with_bgm = body("BGM+220+1'");
        with_bgm.extend(b.iter().cloned());
        for b in [b, with_bgm] {
            let one = read_in_parts(&b, &[]);
            // Cut once or twice anywhere (the segment last in a run, or in the middle).
            for first in 0..b.len() {
                for second in first..=b.len() {
                    let cuts = [first, second];
                    assert_eq!(read_in_parts(&b, &cuts), one, "{b:?} cut at {cuts:?}");
                }
            }
        }
    }
}

#[test]
fn a_run_that_gives_up_after_handing_over_lines_is_read_again_without_them() {
    // A run hands its lines over a batch at a time (256): with these CUX places and cuts, a run
    // gives up after handing over none, one, two or three batches (and with the CUX after line
    // 1, or a cut after it, no run gives up); what it handed over is dropped and the run read
    // again on this thread. Without dropping them, those lines would be there twice.
    for cux_after in [1usize, 300, 600, 799] {
        let mut text = String::from("BGM+220+1'");
        for n in 1..=800 {
            text.push_str(&format!("LIN+{n}'QTY+21:{n}'"));
            if n == cux_after {
                text.push_str("CUX+2:EUR:9'");
            }
        }
        let b = body(&text);
        let one = read_in_parts(&b, &[]);
        assert!(one.contains("CUX") || one.contains("EUR"), "{one}");
        for cut in [3, 101, 401, 1201] {
            assert_eq!(
                read_in_parts(&b, &[cut]),
                one,
                "CUX after line {cux_after}, cut {cut}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn lines_read_in_parts_are_read_as_on_one_thread(
        body in line_soup(),
        cuts in proptest::collection::vec(0usize..160, 0..5),
    ) {
        let mut targets = cuts;
        targets.sort_unstable();
        prop_assert_eq!(read_in_parts(&body, &targets), read_in_parts(&body, &[]));
    }

    #[test]
    fn orders_and_invoices_read_on_threads_are_read_as_on_one(
        body in line_soup(),
        threads in 2usize..5,
    ) {
        let par = super::common::Parallel { threads, min_segments: 1 };
        for ty in ["ORDERS", "INVOIC"] {
            let one = read_segs(ty, super::common::Segs::Map(&body), super::common::Parallel::NONE);
            let many = read_segs(ty, super::common::Segs::Map(&body), par);
            prop_assert_eq!(format!("{one:?}"), format!("{many:?}"));
        }
    }

    #[test]
    fn messages_read_on_threads_are_read_as_on_one(
        body in line_soup(),
        threads in 2usize..5,
        escaped in any::<bool>(),
    ) {
        // Through the tokenizer: segments read in place, and with a release character (an
        // escaped `+` in every FTX) converted.
        let mut text = String::from("UNB+UNOC:3+A:14+B:14+240101:1200+7'UNH+1+ORDERS:D:96A:UN'");
        for s in &body {
            text.push_str(&s.tag);
            for e in &s.elements {
                text.push('+');
                text.push_str(&e.join(":"));
            }
            if escaped && s.tag == "FTX" {
                text.push_str("+a?+b");
            }
            text.push('\'');
        }
        text.push_str(&format!("UNT+{}+1'UNZ+1+7'", body.len() + 2));
        let ics: Vec<_> = crate::edifact::interchanges(text.as_bytes()).collect();
        for ic in &ics {
            for (_, _, msg) in ic.all_messages() {
                let par = super::common::Parallel { threads, min_segments: 1 };
                let one = read_message(msg);
                let many = read_message_par(msg, par);
                prop_assert_eq!(format!("{one:?}"), format!("{many:?}"));
            }
        }
    }
}
