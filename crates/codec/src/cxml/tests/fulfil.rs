//! ConfirmationRequest, ShipNoticeRequest and InvoiceDetailRequest writers: exact content, DTD
//! validity against the vendored Fulfill.dtd / InvoiceDetail.dtd (xmllint when installed), DTD
//! element order, US-ASCII output, the issues, golden files and the write → read round trip.
//!
//! Golden files live in `crates/codec/tests/golden/cxml/`; regenerate them with
//! `UPDATE_EXPECT=1 cargo test -p codec`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use model::{
    Charge, ChargeIndicator, Contact, CurrencyCode, Dimensions, Identifier, Invoice, InvoiceLine,
    InvoicePurpose, InvoiceTotals, Measure, OrderPurpose, OrderResponse, OrderResponseLine,
    Package, PackageContent, Party, PaymentTerms, Reference, ReferenceKind, ResponseStatus,
    ShipNotice, ShipNoticeLine, ShipNoticeOrder, Shipping, Tax, TaxCategory, Totals, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::robustness::Rng;
use super::xmllint_dtd;
use crate::cxml::{
    parse_timestamp, read, write_confirmation_request, write_invoice_detail_request,
    write_ship_notice_request, Body, Credential, DocumentParams, Meta, OrderRef, FULFILL_DOCTYPE,
    INVOICE_DETAIL_DOCTYPE,
};
use crate::{Issue, Severity};

const FULFILL_DTD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schemas/cxml/1.2.071/Fulfill.dtd"
);
const INVOICE_DTD: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../schemas/cxml/1.2.071/InvoiceDetail.dtd"
);
const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/cxml");
const SECRET: &str = "S3cr3t<&>";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn ts(s: &str) -> Option<DateTime<FixedOffset>> {
    let t = parse_timestamp(s);
    assert!(t.is_some(), "{s}");
    t
}

fn date(s: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}")))
}

fn uom(code: &str) -> Option<UnitOfMeasure> {
    Some(UnitOfMeasure::parse(code).unwrap_or_else(|e| panic!("{code}: {e}")))
}

fn eur() -> Option<CurrencyCode> {
    CurrencyCode::parse("EUR").ok()
}

fn params() -> DocumentParams {
    DocumentParams {
        meta: Meta {
            payload_id: "1715000000000.7@supplier.example".into(),
            timestamp: "2024-05-10T12:00:05+02:00".into(),
            lang: "de-DE".into(),
        },
        from: vec![Credential::new("DUNS", "123456789")],
        to: vec![
            Credential::new("NetworkID", "AN02000000002"),
            Credential::new("DUNS", "987654321"),
        ],
        sender: Credential {
            domain: "DUNS".into(),
            identity: "123456789".into(),
            shared_secret: Some(SECRET.into()),
        },
        user_agent: "b2bgate 0.1".into(),
        deployment_mode: Some("test".into()),
    }
}

fn order_ref(id: &str) -> OrderRef {
    OrderRef {
        order_id: id.into(),
        order_date: Some("2024-05-01T10:00:00+02:00".into()),
        payload_id: Some(format!("po-{id}@buyer.example")),
    }
}

fn assert_envelope(doc: &str, doctype: &str) {
    assert!(
        doc.starts_with(&format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n<cXML \
             payloadID=\"1715000000000.7@supplier.example\" \
             timestamp=\"2024-05-10T12:00:05+02:00\" xml:lang=\"de-DE\">\n"
        )),
        "{doc}"
    );
    assert!(doc.is_ascii(), "output must be pure US-ASCII");
    // The Sender (and only the Sender) carries the shared secret, escaped.
    let sender = section(doc, "<Sender>", "</Sender>");
    assert!(
        sender.contains("<SharedSecret>S3cr3t&lt;&amp;&gt;</SharedSecret>"),
        "{sender}"
    );
    assert_eq!(doc.matches("<SharedSecret>").count(), 1);
    assert!(doc.contains("<Request deploymentMode=\"test\">"));
}

/// The write → read round trip: the envelope reads back without errors.
fn assert_reads_back(doc: &str, request: &str) {
    let r = read(doc.as_bytes()).unwrap_or_else(|e| panic!("{e}\n{doc}"));
    let errors: Vec<&Issue> = r
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(r.doc.payload_id, "1715000000000.7@supplier.example");
    let header = r.doc.header.unwrap_or_default();
    assert_eq!(header.from, params().from);
    assert_eq!(header.to, params().to);
    assert_eq!(header.sender.len(), 1);
    assert_eq!(header.sender[0].shared_secret.as_deref(), Some(SECRET));
    assert_eq!(header.user_agent.as_deref(), Some("b2bgate 0.1"));
    match r.doc.body {
        Body::Request {
            deployment_mode,
            request: req,
        } => {
            assert_eq!(deployment_mode.as_deref(), Some("test"));
            assert_eq!(req.name(), request);
        }
        other => panic!("{other:?}"),
    }
}

/// The text from the first `start` to the following `end` (inclusive).
fn section<'a>(doc: &'a str, start: &str, end: &str) -> &'a str {
    let from = doc
        .find(start)
        .unwrap_or_else(|| panic!("{start} missing in\n{doc}"));
    let len = doc[from..]
        .find(end)
        .unwrap_or_else(|| panic!("{end} missing after {start}"));
    &doc[from..from + len + end.len()]
}

/// `tags` occur in `text` in this order.
fn assert_order(text: &str, tags: &[&str]) {
    let mut at = 0;
    for t in tags {
        match text[at..].find(t) {
            Some(i) => at += i + t.len(),
            None => panic!("{t} missing or out of order in\n{text}"),
        }
    }
}

fn codes(issues: &[Issue], severity: Severity) -> Vec<String> {
    issues
        .iter()
        .filter(|i| i.severity == severity)
        .filter_map(|i| i.code.clone())
        .collect()
}

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &str) {
    crate::test_support::golden(GOLDEN_DIR, name, doc.as_bytes());
}

fn party(name: &str, street: &str, city: &str, postal: &str, country: &str) -> Party {
    Party {
        name: Some(name.into()),
        address_lines: vec![street.into()],
        city: Some(city.into()),
        postal_code: Some(postal.into()),
        country: Some(country.into()),
        ..Party::default()
    }
}

// ---------------------------------------------------------------------------------------------
// ConfirmationRequest
// ---------------------------------------------------------------------------------------------

fn response_line(n: u32, status: ResponseStatus, ordered: &str) -> OrderResponseLine {
    let mut l = OrderResponseLine::new(n, status);
    l.ordered_quantity = Some(dec(ordered));
    l.unit_of_measure = uom("EA");
    l
}

/// A changed confirmation: accepted, changed with price/date and backorder, rejected and
/// partly accepted lines.
fn response() -> OrderResponse {
    let mut r = OrderResponse::new("PO-4711", ResponseStatus::Changed);
    r.response_number = Some("SO-9001".into());
    r.issued_at = ts("2024-05-06T09:00:00+02:00");
    r.response_date = date("2024-05-06");
    r.currency = eur();
    r.reason = Some("Teillieferung: Ware verzögert".into());
    r.comments = vec!["Rückfragen an den Vertrieb".into()];
    r.totals = Some(Totals {
        total: Some(dec("1234.5")),
        ..Totals::default()
    });
    r.extrinsics.insert("SalesOrg".into(), "1000".into());

    let mut l1 = response_line(1, ResponseStatus::Accepted, "2");
    l1.confirmed_quantity = Some(dec("2"));
    l1.ship_date = date("2024-05-08");
    l1.requested_delivery_date = date("2024-05-10");
    l1.delivery_date = date("2024-05-10");

    let mut l2 = response_line(2, ResponseStatus::Changed, "10");
    l2.unit_of_measure = uom("PCE");
    l2.confirmed_quantity = Some(dec("6"));
    l2.backordered_quantity = Some(dec("4"));
    l2.unit_price = Some(dec("4.5"));
    l2.requested_delivery_date = date("2024-05-10");
    l2.delivery_date = date("2024-05-20");
    l2.ship_date = date("2024-05-09");
    l2.reason = Some("Preis angepasst".into());

    let mut l3 = response_line(3, ResponseStatus::Rejected, "1");
    l3.reason = Some("Artikel ausgelaufen".into());

    let mut l4 = response_line(4, ResponseStatus::Accepted, "5.000");
    l4.unit_of_measure = uom("BX");
    l4.confirmed_quantity = Some(dec("3"));

    r.lines = vec![l1, l2, l3, l4];
    r
}

#[test]
fn confirmation_detail_is_valid_and_exact() {
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-4711"), &response());
    assert!(issues.is_empty(), "{issues:?}");
    assert_envelope(&doc, FULFILL_DOCTYPE);
    xmllint_dtd(&doc, FULFILL_DTD);
    assert_reads_back(&doc, "ConfirmationRequest");
    golden("confirmation_request.xml", &doc);

    let header = section(&doc, "<ConfirmationHeader", "</ConfirmationHeader>");
    assert!(header.starts_with(
        "<ConfirmationHeader confirmID=\"SO-9001\" operation=\"new\" type=\"detail\" \
         noticeDate=\"2024-05-06T09:00:00+02:00\">"
    ));
    assert_order(
        header,
        &[
            "<Total>",
            "<Money currency=\"EUR\">1234.50</Money>",
            "<Comments xml:lang=\"de-DE\">Teillieferung: Ware verz&#246;gert</Comments>",
            "<Comments xml:lang=\"de-DE\">R&#252;ckfragen an den Vertrieb</Comments>",
            "<Extrinsic name=\"SalesOrg\">1000</Extrinsic>",
        ],
    );
    assert_order(
        &doc,
        &[
            "</ConfirmationHeader>",
            "<OrderReference orderID=\"PO-4711\" orderDate=\"2024-05-01T10:00:00+02:00\">",
            "<DocumentReference payloadID=\"po-PO-4711@buyer.example\"/>",
            "</OrderReference>",
            "<ConfirmationItem quantity=\"2\" lineNumber=\"1\">",
            "<ConfirmationItem quantity=\"10\" lineNumber=\"2\">",
            "<ConfirmationItem quantity=\"1\" lineNumber=\"3\">",
            "<ConfirmationItem quantity=\"5\" lineNumber=\"4\">",
        ],
    );
    // Line 1: accepted as ordered; the delivery date equals the requested one, so it is left
    // out and the status stays accept.
    let item1 = section(
        &doc,
        "<ConfirmationItem quantity=\"2\"",
        "</ConfirmationItem>",
    );
    assert!(item1.contains(
        "<ConfirmationStatus quantity=\"2\" type=\"accept\" \
         shipmentDate=\"2024-05-08T00:00:00+02:00\">"
    ));
    assert!(!item1.contains("deliveryDate"));
    // Line 2: 6 accepted with a new price and date (detail), 4 backordered.
    let item2 = section(&doc, "lineNumber=\"2\">", "</ConfirmationItem>");
    assert_order(
        item2,
        &[
            "<UnitOfMeasure>PCE</UnitOfMeasure>",
            "<ConfirmationStatus quantity=\"6\" type=\"detail\" \
             shipmentDate=\"2024-05-09T00:00:00+02:00\" \
             deliveryDate=\"2024-05-20T00:00:00+02:00\">",
            "<UnitOfMeasure>PCE</UnitOfMeasure>",
            "<UnitPrice>",
            "<Money currency=\"EUR\">4.50</Money>",
            "</UnitPrice>",
            "<Comments xml:lang=\"de-DE\">Preis angepasst</Comments>",
            "</ConfirmationStatus>",
            "<ConfirmationStatus quantity=\"4\" type=\"backordered\">",
            "<UnitOfMeasure>PCE</UnitOfMeasure>",
            "</ConfirmationStatus>",
        ],
    );
    // Line 3: rejected with its reason.
    let item3 = section(&doc, "lineNumber=\"3\">", "</ConfirmationItem>");
    assert_order(
        item3,
        &[
            "<ConfirmationStatus quantity=\"1\" type=\"reject\">",
            "<Comments xml:lang=\"de-DE\">Artikel ausgelaufen</Comments>",
        ],
    );
    // Line 4: 3 of 5 confirmed; the other 2 are rejected.
    let item4 = section(&doc, "lineNumber=\"4\">", "</ConfirmationItem>");
    assert_order(
        item4,
        &[
            "<UnitOfMeasure>BX</UnitOfMeasure>",
            "<ConfirmationStatus quantity=\"3\" type=\"accept\">",
            "<ConfirmationStatus quantity=\"2\" type=\"reject\">",
        ],
    );
}

#[test]
fn confirmation_accept_reject_and_backordered_headers() {
    // Everything accepted as ordered: accept, with accept statuses only.
    let mut r = OrderResponse::new("PO-1", ResponseStatus::Accepted);
    r.issued_at = ts("2024-05-06T09:00:00-05:00");
    r.lines = vec![
        response_line(1, ResponseStatus::Accepted, "3"),
        response_line(2, ResponseStatus::Accepted, "1.5"),
    ];
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-1"), &r);
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains(
        "<ConfirmationHeader operation=\"new\" type=\"accept\" \
         noticeDate=\"2024-05-06T09:00:00-05:00\"/>"
    ));
    assert!(doc.contains("<ConfirmationStatus quantity=\"3\" type=\"accept\">"));
    assert!(doc.contains("<ConfirmationStatus quantity=\"1.5\" type=\"accept\">"));
    assert!(!doc.contains("<Money"));
    xmllint_dtd(&doc, FULFILL_DTD);

    // Accepted overall, but a line carries a price: detail.
    r.lines[0].unit_price = Some(dec("2"));
    r.currency = eur();
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-1"), &r);
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains("type=\"detail\" noticeDate"));
    assert!(doc.contains("<ConfirmationStatus quantity=\"3\" type=\"detail\">"));
    xmllint_dtd(&doc, FULFILL_DTD);

    // Rejected: no items (the DTD forbids them), the reason as Comments; the response date at
    // midnight UTC as noticeDate.
    let mut r = OrderResponse::new("PO-2", ResponseStatus::Rejected);
    r.response_date = date("2024-05-07");
    r.reason = Some("Kunde gesperrt".into());
    r.lines = vec![response_line(1, ResponseStatus::Rejected, "3")];
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-2"), &r);
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains(
        "<ConfirmationHeader operation=\"new\" type=\"reject\" \
         noticeDate=\"2024-05-07T00:00:00+00:00\">"
    ));
    assert!(doc.contains("<Comments xml:lang=\"de-DE\">Kunde gesperrt</Comments>"));
    assert!(!doc.contains("<ConfirmationItem"));
    xmllint_dtd(&doc, FULFILL_DTD);
    // A line that is not rejected cannot be written in a reject confirmation.
    r.lines
        .push(response_line(2, ResponseStatus::Accepted, "1"));
    let (_, issues) = write_confirmation_request(&params(), &order_ref("PO-2"), &r);
    assert_eq!(codes(&issues, Severity::Warning), ["reject_lines_dropped"]);

    // Backordered throughout, without explicit backordered quantities.
    let mut r = OrderResponse::new("PO-3", ResponseStatus::Backordered);
    r.issued_at = ts("2024-05-06T09:00:00+00:00");
    let mut l = response_line(1, ResponseStatus::Backordered, "4");
    l.delivery_date = date("2024-06-01");
    r.lines = vec![l];
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-3"), &r);
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains("type=\"backordered\" noticeDate"));
    assert!(doc.contains(
        "<ConfirmationStatus quantity=\"4\" type=\"backordered\" \
         deliveryDate=\"2024-06-01T00:00:00+00:00\">"
    ));
    xmllint_dtd(&doc, FULFILL_DTD);
}

#[test]
fn confirmation_split_schedule_lines_merge_into_one_item() {
    let mut r = OrderResponse::new("PO-5", ResponseStatus::Changed);
    r.issued_at = ts("2024-05-06T09:00:00+02:00");
    let mut a = response_line(1, ResponseStatus::Accepted, "10");
    a.confirmed_quantity = Some(dec("6"));
    a.ship_date = date("2024-05-08");
    let mut b = response_line(1, ResponseStatus::Changed, "10");
    b.confirmed_quantity = Some(dec("3"));
    b.delivery_date = date("2024-05-30");
    r.lines = vec![a, b];
    let (doc, issues) = write_confirmation_request(&params(), &order_ref("PO-5"), &r);
    assert!(issues.is_empty(), "{issues:?}");
    assert_eq!(doc.matches("<ConfirmationItem ").count(), 1);
    assert_order(
        &doc,
        &[
            "<ConfirmationItem quantity=\"10\" lineNumber=\"1\">",
            "<ConfirmationStatus quantity=\"6\" type=\"accept\" \
             shipmentDate=\"2024-05-08T00:00:00+02:00\">",
            "<ConfirmationStatus quantity=\"3\" type=\"detail\" \
             deliveryDate=\"2024-05-30T00:00:00+02:00\">",
            "<ConfirmationStatus quantity=\"1\" type=\"reject\">",
        ],
    );
    xmllint_dtd(&doc, FULFILL_DTD);
}

#[test]
fn confirmation_problems_are_reported_and_the_document_stays_valid() {
    let mut p = params();
    p.deployment_mode = Some("staging".into());
    p.sender.shared_secret = None;
    let order = OrderRef {
        order_id: "PO-X".into(),
        order_date: None,
        payload_id: None,
    };
    let mut r = OrderResponse::new("PO-9", ResponseStatus::Changed);
    r.totals = Some(Totals {
        total: Some(dec("10")),
        ..Totals::default()
    });
    let mut l1 = OrderResponseLine::new(1, ResponseStatus::Accepted);
    l1.ordered_quantity = Some(dec("2"));
    l1.confirmed_quantity = Some(dec("3"));
    let mut l2 = OrderResponseLine::new(2, ResponseStatus::Other("on_hold".into()));
    l2.ordered_quantity = Some(dec("1"));
    l2.unit_of_measure = uom("EA");
    r.lines = vec![l1, l2];
    let (doc, issues) = write_confirmation_request(&p, &order, &r);
    assert_eq!(
        codes(&issues, Severity::Error),
        [
            "no_date",
            "order_mismatch",
            "quantity_mismatch",
            "no_currency",
            "no_order_payload_id"
        ],
        "{issues:?}"
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        [
            "uom_default",
            "unknown_status",
            "no_shared_secret",
            "deployment_mode"
        ]
    );
    // The document timestamp stands in for the notice date; XXX for the currency.
    assert!(doc.contains("noticeDate=\"2024-05-10T12:00:05+02:00\""));
    assert!(doc.contains("<Money currency=\"XXX\">10.00</Money>"));
    assert!(doc.contains("<DocumentReference payloadID=\"\"/>"));
    assert!(doc.contains("<ConfirmationItem quantity=\"3\" lineNumber=\"1\">"));
    assert!(doc.contains("<UnitOfMeasure>EA</UnitOfMeasure>"));
    assert!(doc.contains("<ConfirmationStatus quantity=\"1\" type=\"unknown\">"));
    assert!(!doc.contains("SharedSecret"));
    assert!(doc.contains("<Request>"));
    xmllint_dtd(&doc, FULFILL_DTD);

    // A changed response without lines cannot be a detail confirmation.
    let r = OrderResponse::new("PO-X", ResponseStatus::Changed);
    let (_, issues) = write_confirmation_request(&params(), &order, &r);
    assert!(codes(&issues, Severity::Error).contains(&"no_lines".to_owned()));
}

// ---------------------------------------------------------------------------------------------
// ShipNoticeRequest
// ---------------------------------------------------------------------------------------------

fn ship_line(n: u32, qty: &str, unit: &str, part: &str) -> ShipNoticeLine {
    ShipNoticeLine {
        line_number: n,
        quantity: dec(qty),
        unit_of_measure: uom(unit),
        supplier_part_id: Some(part.into()),
        ..ShipNoticeLine::default()
    }
}

fn content(order: &str, line: u32, qty: &str) -> PackageContent {
    PackageContent {
        order_number: Some(order.into()),
        line_number: line,
        quantity: dec(qty),
        unit_of_measure: None,
    }
}

fn kg(v: &str) -> Option<Measure> {
    Some(Measure {
        value: dec(v),
        unit: UnitOfMeasure::parse("KGM").unwrap_or_else(|e| panic!("{e}")),
    })
}

/// Two orders in one shipment, a pallet and a carton, contacts with addresses.
fn notice() -> ShipNotice {
    let mut n = ShipNotice::new("SHP-2024-0042");
    n.issued_at = ts("2024-05-09T16:30:00+02:00");
    n.ship_date = date("2024-05-09");
    n.expected_delivery_date = date("2024-05-11");
    n.carrier = Some("DHL Freight".into());
    n.carrier_code = Some("DHLF".into());
    n.service_level = Some("Standard".into());
    n.tracking_number = Some("JD0146000012345678".into());
    n.bill_of_lading = Some("BOL-77".into());
    let mut from = party("Lager Süd", "Industriestraße 5", "München", "80331", "DE");
    from.identifiers = vec![Identifier::new("GLN", "4012345000009")];
    from.contacts = vec![Contact {
        name: Some("Versand".into()),
        email: Some("versand@supplier.example".into()),
        ..Contact::default()
    }];
    n.ship_from = Some(from);
    let mut to = party(
        "Müller & Söhne GmbH",
        "Hauptstr. 1",
        "Berlin",
        "10115",
        "de",
    );
    to.address_lines.push("Tor 3".into());
    to.region = Some("BE".into());
    n.ship_to = Some(to);
    n.total_weight = kg("210.5");
    n.comments = vec!["Bitte Rampe 2 benutzen".into()];
    n.extrinsics.insert("Incoterms".into(), "DAP".into());
    n.packages = vec![
        Package {
            sscc: Some("340123450000000017".into()),
            package_type: Some("pallet".into()),
            weight: kg("200"),
            dimensions: Some(Dimensions {
                length: dec("120"),
                width: dec("80"),
                height: dec("150.0"),
                unit: UnitOfMeasure::parse("CMT").unwrap_or_else(|e| panic!("{e}")),
            }),
            contents: vec![content("PO-4711", 1, "2"), content("PO-4711", 2, "6")],
            ..Package::default()
        },
        Package {
            package_type: Some("carton".into()),
            tracking_number: Some("JD0146000012345679".into()),
            weight: kg("10.5"),
            contents: vec![content("PO-4712", 1, "5")],
            ..Package::default()
        },
    ];
    let mut chair = ship_line(1, "2", "EA", "CH-100");
    chair.supplier_part_aux_id = Some(" cfg=blue ".into());
    chair.buyer_part_id = Some("B-1".into());
    chair.description = Some("Bürostuhl – ergonomisch".into());
    chair.ordered_quantity = Some(dec("2"));
    chair.serial_numbers = vec!["SN-1".into(), "SN-2".into()];
    let mut paper = ship_line(2, "6", "PCE", "PAPER-A4");
    paper.batch_number = Some("L2024-19".into());
    paper.ordered_quantity = Some(dec("10"));
    let mut toner = ship_line(1, "5", "BX", "TONER-9");
    toner.description = Some("Toner ✓ 日本".into());
    n.orders = vec![
        ShipNoticeOrder {
            order_number: "PO-4711".into(),
            order_date: date("2024-05-01"),
            lines: vec![chair, paper],
        },
        ShipNoticeOrder {
            order_number: "PO-4712".into(),
            order_date: None,
            lines: vec![toner, ship_line(2, "1", "EA", "X-1")],
        },
    ];
    n
}

#[test]
fn ship_notice_is_valid_and_exact() {
    let orders = [order_ref("PO-4712"), order_ref("PO-4711")];
    let (doc, issues) = write_ship_notice_request(&params(), &orders, &notice());
    assert!(issues.is_empty(), "{issues:?}");
    assert_envelope(&doc, FULFILL_DOCTYPE);
    xmllint_dtd(&doc, FULFILL_DTD);
    assert_reads_back(&doc, "ShipNoticeRequest");
    golden("ship_notice_request.xml", &doc);

    let header = section(&doc, "<ShipNoticeHeader", "</ShipNoticeHeader>");
    assert!(header.starts_with(
        "<ShipNoticeHeader shipmentID=\"SHP-2024-0042\" operation=\"new\" \
         noticeDate=\"2024-05-09T16:30:00+02:00\" shipmentDate=\"2024-05-09T00:00:00+02:00\" \
         deliveryDate=\"2024-05-11T00:00:00+02:00\" shipmentType=\"actual\">"
    ));
    assert_order(
        header,
        &[
            "<ServiceLevel xml:lang=\"de-DE\">Standard</ServiceLevel>",
            "<Contact role=\"shipFrom\">",
            "<Name xml:lang=\"de-DE\">Lager S&#252;d</Name>",
            "<PostalAddress>",
            "<Street>Industriestra&#223;e 5</Street>",
            "<City>M&#252;nchen</City>",
            "<PostalCode>80331</PostalCode>",
            "<Country isoCountryCode=\"DE\">DE</Country>",
            "</PostalAddress>",
            "<Email>versand@supplier.example</Email>",
            "<IdReference identifier=\"4012345000009\" domain=\"GLN\"/>",
            "</Contact>",
            "<Contact role=\"shipTo\">",
            "<Name xml:lang=\"de-DE\">M&#252;ller &amp; S&#246;hne GmbH</Name>",
            "<Street>Hauptstr. 1</Street>",
            "<Street>Tor 3</Street>",
            "<City>Berlin</City>",
            "<State>BE</State>",
            "<PostalCode>10115</PostalCode>",
            "<Country isoCountryCode=\"DE\">DE</Country>",
            "</Contact>",
            "<Comments xml:lang=\"de-DE\">Bitte Rampe 2 benutzen</Comments>",
            "<Packaging>",
            "<Dimension quantity=\"210.5\" type=\"grossWeight\">",
            "<UnitOfMeasure>KGM</UnitOfMeasure>",
            "</Packaging>",
            "<Extrinsic name=\"Incoterms\">DAP</Extrinsic>",
        ],
    );
    let control = section(&doc, "<ShipControl>", "</ShipControl>");
    assert_order(
        control,
        &[
            "<CarrierIdentifier domain=\"SCAC\">DHLF</CarrierIdentifier>",
            "<CarrierIdentifier domain=\"companyName\">DHL Freight</CarrierIdentifier>",
            "<ShipmentIdentifier domain=\"trackingNumber\">JD0146000012345678</ShipmentIdentifier>",
            "<ShipmentIdentifier domain=\"trackingNumber\">JD0146000012345679</ShipmentIdentifier>",
            "<ShipmentIdentifier domain=\"billOfLading\">BOL-77</ShipmentIdentifier>",
        ],
    );
    // Portions in the notice's order, each with its own order reference.
    assert_order(
        &doc,
        &[
            "</ShipNoticeHeader>",
            "<ShipControl>",
            "<ShipNoticePortion>",
            "<OrderReference orderID=\"PO-4711\" orderDate=\"2024-05-01T10:00:00+02:00\">",
            "<DocumentReference payloadID=\"po-PO-4711@buyer.example\"/>",
            "<ShipNoticeItem quantity=\"2\" lineNumber=\"1\">",
            "<ShipNoticeItem quantity=\"6\" lineNumber=\"2\">",
            "</ShipNoticePortion>",
            "<ShipNoticePortion>",
            "<OrderReference orderID=\"PO-4712\"",
            "<DocumentReference payloadID=\"po-PO-4712@buyer.example\"/>",
            "<ShipNoticeItem quantity=\"5\" lineNumber=\"1\">",
            "<ShipNoticeItem quantity=\"1\" lineNumber=\"2\">",
            "</ShipNoticePortion>",
        ],
    );
    // DTD order inside an item, with the pallet's packaging.
    let chair = section(&doc, "<ShipNoticeItem quantity=\"2\"", "</ShipNoticeItem>");
    assert_order(
        chair,
        &[
            "<ItemID>",
            "<SupplierPartID>CH-100</SupplierPartID>",
            "<SupplierPartAuxiliaryID> cfg=blue </SupplierPartAuxiliaryID>",
            "<BuyerPartID>B-1</BuyerPartID>",
            "</ItemID>",
            "<ShipNoticeItemDetail>",
            "<Description xml:lang=\"de-DE\">B&#252;rostuhl &#8211; ergonomisch</Description>",
            "</ShipNoticeItemDetail>",
            "<UnitOfMeasure>EA</UnitOfMeasure>",
            "<Packaging>",
            "<PackagingCode xml:lang=\"de-DE\">pallet</PackagingCode>",
            "<Dimension quantity=\"120\" type=\"length\">",
            "<Dimension quantity=\"80\" type=\"width\">",
            "<Dimension quantity=\"150\" type=\"height\">",
            "<UnitOfMeasure>CMT</UnitOfMeasure>",
            "<Dimension quantity=\"200\" type=\"grossWeight\">",
            "<ShippingContainerSerialCode>340123450000000017</ShippingContainerSerialCode>",
            "<DispatchQuantity quantity=\"2\">",
            "<UnitOfMeasure>EA</UnitOfMeasure>",
            "</Packaging>",
            "<AssetInfo serialNumber=\"SN-1\"/>",
            "<AssetInfo serialNumber=\"SN-2\"/>",
            "<OrderedQuantity quantity=\"2\">",
        ],
    );
    let paper = section(&doc, "<ShipNoticeItem quantity=\"6\"", "</ShipNoticeItem>");
    assert_order(
        paper,
        &[
            "<UnitOfMeasure>PCE</UnitOfMeasure>",
            "<ShippingContainerSerialCode>340123450000000017</ShippingContainerSerialCode>",
            "<DispatchQuantity quantity=\"6\">",
            "<UnitOfMeasure>PCE</UnitOfMeasure>",
            "<SupplierBatchID>L2024-19</SupplierBatchID>",
            "<OrderedQuantity quantity=\"10\">",
        ],
    );
    let toner = section(&doc, "<ShipNoticeItem quantity=\"5\"", "</ShipNoticeItem>");
    assert!(toner
        .contains("<Description xml:lang=\"de-DE\">Toner &#10003; &#26085;&#26412;</Description>"));
    assert!(toner.contains("<PackagingCode xml:lang=\"de-DE\">carton</PackagingCode>"));
    assert!(toner.contains("<Dimension quantity=\"10.5\" type=\"grossWeight\">"));
    // The last item is in no package.
    let last = section(&doc, "<ShipNoticeItem quantity=\"1\"", "</ShipNoticeItem>");
    assert!(!last.contains("<Packaging>"));
}

#[test]
fn ship_notice_problems_are_reported_and_the_document_stays_valid() {
    let mut n = notice();
    n.purpose = OrderPurpose::Replace;
    n.issued_at = None;
    n.notice_date = date("2024-05-09");
    n.carrier = None;
    n.carrier_code = None;
    n.service_level = None;
    n.expected_delivery_date = None;
    n.ship_to = Some(Party {
        name: Some("Ohne Land".into()),
        address_lines: vec!["Weg 1".into()],
        city: Some("Ort".into()),
        country: Some("Germany".into()),
        ..Party::default()
    });
    n.buyer = Some(Party::default());
    n.packages.push(Package::default());
    n.packages.push(Package {
        contents: vec![
            content("PO-4712", 2, "1"),
            content("PO-9999", 1, "1"),
            PackageContent {
                order_number: None,
                line_number: 1,
                quantity: dec("1"),
                unit_of_measure: None,
            },
        ],
        ..Package::default()
    });
    n.orders[1].lines[1].unit_of_measure = None;
    n.orders[1].lines.push(ship_line(1, "1", "EA", "DUP"));
    n.orders.push(ShipNoticeOrder {
        order_number: "PO-4711".into(),
        order_date: None,
        lines: Vec::new(),
    });
    let (doc, issues) = write_ship_notice_request(&params(), &[order_ref("PO-4711")], &n);
    assert_eq!(
        codes(&issues, Severity::Error),
        [
            "unsupported_purpose",
            "no_order_ref",
            "duplicate_line",
            "duplicate_order"
        ],
        "{issues:?}"
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        [
            "no_delivery_date",
            "no_service_level",
            "no_ship_control",
            "package_empty",
            "package_type_default",
            "package_line_unknown",
            "package_order_ambiguous",
            "address_incomplete",
            "party_unnamed",
            "uom_default"
        ],
        "{issues:?}"
    );
    assert!(doc.contains("noticeDate=\"2024-05-09T00:00:00+00:00\""));
    assert!(doc.contains("operation=\"new\""));
    assert!(!doc.contains("<ShipControl>"));
    assert!(!doc.contains("<Contact role=\"buyerCorporate\">"));
    let ship_to = section(&doc, "<Contact role=\"shipTo\">", "</Contact>");
    assert!(!ship_to.contains("<PostalAddress>"));
    assert!(doc.contains("<OrderReference orderID=\"PO-4712\">"));
    assert!(doc.contains("<DocumentReference payloadID=\"\"/>"));
    // The package without type, dimensions or weight still gets a PackagingCode.
    assert!(doc.contains("<PackagingCode xml:lang=\"de-DE\">package</PackagingCode>"));
    xmllint_dtd(&doc, FULFILL_DTD);
}

// ---------------------------------------------------------------------------------------------
// InvoiceDetailRequest
// ---------------------------------------------------------------------------------------------

fn vat(rate: &str, taxable: &str, amount: &str) -> Tax {
    Tax {
        category: Some(TaxCategory::Vat),
        rate: Some(dec(rate)),
        taxable_amount: Some(dec(taxable)),
        amount: Some(dec(amount)),
        description: None,
        jurisdiction: None,
    }
}

fn invoice_line(n: u32, order_line: u32, qty: &str, unit: &str, price: &str) -> InvoiceLine {
    InvoiceLine {
        line_number: n,
        order_line_number: Some(order_line),
        quantity: dec(qty),
        unit_of_measure: uom(unit),
        unit_price: Some(dec(price)),
        ..InvoiceLine::default()
    }
}

/// Three lines with line taxes at two rates, a line allowance, a line charge, a header charge,
/// shipping, payment terms, partners; stated totals that agree.
fn invoice() -> Invoice {
    let mut i = Invoice::new("INV-2024-0815");
    i.issued_at = ts("2024-05-10T12:00:00+02:00");
    i.invoice_date = date("2024-05-10");
    i.currency = eur();
    i.order_number = Some("PO-4711".into());
    let mut seller = party("Büro AG", "Am Markt 1", "Köln", "50667", "DE");
    seller.identifiers = vec![Identifier::new("VAT", "DE123456789")];
    seller.contacts = vec![Contact {
        email: Some("rechnung@buero.example".into()),
        ..Contact::default()
    }];
    i.seller = Some(seller);
    i.buyer = Some(party("Käufer GmbH", "Hauptstr. 1", "Berlin", "10115", "DE"));
    i.bill_to = Some(party(
        "Käufer GmbH Buchhaltung",
        "Postfach 12",
        "Berlin",
        "10117",
        "DE",
    ));
    let mut remit = Party::named("Büro AG Zahlungen");
    remit.identifiers = vec![Identifier::new("ibanID", "DE02120300000000202051")];
    i.remit_to = Some(remit);
    i.payment_terms = Some(PaymentTerms {
        net_days: Some(30),
        discount_percent: Some(dec("2.0")),
        discount_days: Some(10),
        due_date: date("2024-06-09"),
        description: None,
    });
    i.references = vec![Reference {
        kind: ReferenceKind::DeliveryNote,
        value: "LS-123".into(),
        date: date("2024-05-09"),
    }];
    i.comments = vec!["Vielen Dank für Ihren Auftrag".into()];
    i.extrinsics.insert("Kostenstelle".into(), "4711".into());

    let mut chair = invoice_line(1, 1, "2", "EA", "249.90");
    chair.description = Some("Bürostuhl – ergonomisch".into());
    chair.supplier_part_id = Some("CH-100".into());
    chair.manufacturer_part_id = Some("ERGO-7".into());
    chair.manufacturer_name = Some("Sitz & Co. KG".into());
    chair.charges = vec![Charge {
        description: Some("Aktionsrabatt".into()),
        ..Charge::allowance(dec("20"))
    }];
    chair.amount = Some(dec("479.80"));
    chair.taxes = vec![vat("19", "479.80", "91.16")];

    let mut paper = invoice_line(2, 2, "6", "PCE", "4.5");
    paper.description = Some("Kopierpapier A4, 80 g/m²".into());
    paper.supplier_part_id = Some("PAPER-A4".into());
    paper.taxes = vec![vat("19", "27.00", "5.13")];
    paper.comments = vec!["Nachlieferung".into()];

    let mut coffee = invoice_line(3, 4, "3", "BX", "12.50");
    coffee.description = Some("Kaffee – Bohnen 1 kg".into());
    coffee.supplier_part_id = Some("KAF-1".into());
    coffee.charges = vec![Charge {
        code: Some("deposit".into()),
        description: Some("Pfand".into()),
        ..Charge::surcharge(dec("1.50"))
    }];
    coffee.taxes = vec![vat("7", "39.00", "2.73")];

    i.lines = vec![chair, paper, coffee];
    i.charges = vec![Charge {
        indicator: ChargeIndicator::Charge,
        code: None,
        description: Some("Mindermengenzuschlag".into()),
        amount: Some(dec("5")),
        percent: None,
    }];
    i.shipping = Some(Shipping {
        amount: Some(dec("15")),
        ..Shipping::default()
    });
    // 499.80 + 27.00 + 37.50 = 564.30; tax 91.16 + 5.13 + 2.73 = 99.02; charges 1.50 + 5.00;
    // allowances 20.00; gross 564.30 + 99.02 + 6.50 + 15.00 = 684.82; net 664.82.
    i.totals = Some(InvoiceTotals {
        subtotal: Some(dec("564.30")),
        allowances: Some(dec("20.00")),
        charges: Some(dec("6.50")),
        tax: Some(dec("99.02")),
        shipping: Some(dec("15.00")),
        total: Some(dec("664.82")),
        amount_due: Some(dec("664.82")),
    });
    i
}

#[test]
fn invoice_is_valid_and_exact() {
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-4711"), &invoice());
    assert!(issues.is_empty(), "{issues:?}");
    assert_envelope(&doc, INVOICE_DETAIL_DOCTYPE);
    xmllint_dtd(&doc, INVOICE_DTD);
    assert_reads_back(&doc, "InvoiceDetailRequest");
    golden("invoice_detail_request.xml", &doc);

    let header = section(
        &doc,
        "<InvoiceDetailRequestHeader",
        "</InvoiceDetailRequestHeader>",
    );
    assert!(header.starts_with(
        "<InvoiceDetailRequestHeader invoiceID=\"INV-2024-0815\" purpose=\"standard\" \
         operation=\"new\" invoiceDate=\"2024-05-10T12:00:00+02:00\">"
    ));
    assert_order(
        header,
        &[
            "<InvoiceDetailHeaderIndicator/>",
            "<InvoiceDetailLineIndicator isTaxInLine=\"yes\" isSpecialHandlingInLine=\"yes\" \
             isDiscountInLine=\"yes\"/>",
            "<InvoicePartner>",
            "<Contact role=\"issuerOfInvoice\">",
            "<Name xml:lang=\"de-DE\">B&#252;ro AG</Name>",
            "<Email>rechnung@buero.example</Email>",
            "</Contact>",
            "<IdReference identifier=\"DE123456789\" domain=\"vatID\"/>",
            "</InvoicePartner>",
            "<Contact role=\"soldTo\">",
            "<Contact role=\"billTo\">",
            "<Contact role=\"remitTo\">",
            "<Name xml:lang=\"de-DE\">B&#252;ro AG Zahlungen</Name>",
            "<IdReference identifier=\"DE02120300000000202051\" domain=\"ibanID\"/>",
            "<ShipNoticeIDInfo shipNoticeID=\"LS-123\" \
             shipNoticeDate=\"2024-05-09T00:00:00+02:00\"/>",
            "<PaymentTerm payInNumberOfDays=\"10\">",
            "<DiscountPercent percent=\"2\"/>",
            "</PaymentTerm>",
            "<PaymentTerm payInNumberOfDays=\"30\"/>",
            "<PaymentInformation paymentNetDueDate=\"2024-06-09T00:00:00+02:00\"/>",
            "<Comments xml:lang=\"de-DE\">Vielen Dank f&#252;r Ihren Auftrag</Comments>",
            "<Extrinsic name=\"Kostenstelle\">4711</Extrinsic>",
        ],
    );
    assert_order(
        &doc,
        &[
            "<InvoiceDetailOrder>",
            "<InvoiceDetailOrderInfo>",
            "<OrderReference orderID=\"PO-4711\" orderDate=\"2024-05-01T10:00:00+02:00\">",
            "<DocumentReference payloadID=\"po-PO-4711@buyer.example\"/>",
            "</InvoiceDetailOrderInfo>",
            "<InvoiceDetailItem invoiceLineNumber=\"1\" quantity=\"2\">",
            "<InvoiceDetailItem invoiceLineNumber=\"2\" quantity=\"6\">",
            "<InvoiceDetailItem invoiceLineNumber=\"3\" quantity=\"3\">",
            "</InvoiceDetailOrder>",
            "<InvoiceDetailSummary>",
        ],
    );
    let chair = section(
        &doc,
        "<InvoiceDetailItem invoiceLineNumber=\"1\"",
        "</InvoiceDetailItem>",
    );
    assert_order(
        chair,
        &[
            "<UnitOfMeasure>EA</UnitOfMeasure>",
            "<UnitPrice>",
            "<Money currency=\"EUR\">249.90</Money>",
            "<InvoiceDetailItemReference lineNumber=\"1\">",
            "<SupplierPartID>CH-100</SupplierPartID>",
            "<Description xml:lang=\"de-DE\">B&#252;rostuhl &#8211; ergonomisch</Description>",
            "<ManufacturerPartID>ERGO-7</ManufacturerPartID>",
            "<ManufacturerName>Sitz &amp; Co. KG</ManufacturerName>",
            "</InvoiceDetailItemReference>",
            "<SubtotalAmount>",
            "<Money currency=\"EUR\">499.80</Money>",
            "<Tax>",
            "<Money currency=\"EUR\">91.16</Money>",
            "<Description xml:lang=\"de-DE\">VAT 19%</Description>",
            "<TaxDetail purpose=\"tax\" category=\"vat\" percentageRate=\"19\">",
            "<TaxableAmount>",
            "<Money currency=\"EUR\">479.80</Money>",
            "<TaxAmount>",
            "<Money currency=\"EUR\">91.16</Money>",
            "</Tax>",
            "<InvoiceDetailDiscount>",
            "<Money currency=\"EUR\">20.00</Money>",
        ],
    );
    let coffee = section(
        &doc,
        "<InvoiceDetailItem invoiceLineNumber=\"3\"",
        "</InvoiceDetailItem>",
    );
    assert_order(
        coffee,
        &[
            "<InvoiceDetailItemReference lineNumber=\"4\">",
            "<Money currency=\"EUR\">37.50</Money>",
            "<Tax>",
            "</Tax>",
            "<InvoiceDetailLineSpecialHandling>",
            "<Description xml:lang=\"de-DE\">Pfand</Description>",
            "<Money currency=\"EUR\">1.50</Money>",
        ],
    );
    assert!(doc.contains("<Comments xml:lang=\"de-DE\">Nachlieferung</Comments>"));
    assert!(doc.contains("Kopierpapier A4, 80 g/m&#178;"));

    let summary = section(&doc, "<InvoiceDetailSummary>", "</InvoiceDetailSummary>");
    assert_order(
        summary,
        &[
            "<SubtotalAmount>",
            "<Money currency=\"EUR\">564.30</Money>",
            "<Tax>",
            "<Money currency=\"EUR\">99.02</Money>",
            "<Description xml:lang=\"de-DE\">VAT 19%, VAT 7%</Description>",
            "<TaxDetail purpose=\"tax\" category=\"vat\" percentageRate=\"19\">",
            "<Money currency=\"EUR\">506.80</Money>",
            "<Money currency=\"EUR\">96.29</Money>",
            "<TaxDetail purpose=\"tax\" category=\"vat\" percentageRate=\"7\">",
            "<Money currency=\"EUR\">39.00</Money>",
            "<Money currency=\"EUR\">2.73</Money>",
            "</Tax>",
            "<SpecialHandlingAmount>",
            "<Money currency=\"EUR\">6.50</Money>",
            "<Description xml:lang=\"de-DE\">Pfand, Mindermengenzuschlag</Description>",
            "<ShippingAmount>",
            "<Money currency=\"EUR\">15.00</Money>",
            "<GrossAmount>",
            "<Money currency=\"EUR\">684.82</Money>",
            "<InvoiceDetailDiscount>",
            "<Money currency=\"EUR\">20.00</Money>",
            "<NetAmount>",
            "<Money currency=\"EUR\">664.82</Money>",
            "<DueAmount>",
            "<Money currency=\"EUR\">664.82</Money>",
            "</InvoiceDetailSummary>",
        ],
    );
    assert!(!summary.contains("DepositAmount"));
}

#[test]
fn invoice_totals_are_computed_without_stated_totals_and_zero_tax_is_explicit() {
    let mut i = Invoice::new("INV-2");
    i.invoice_date = date("2024-05-10");
    i.currency = CurrencyCode::parse("USD").ok();
    i.lines = vec![
        invoice_line(1, 1, "1.5", "EA", "0.1234"),
        invoice_line(2, 2, "10", "EA", "4.5"),
    ];
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-2"), &i);
    assert!(issues.is_empty(), "{issues:?}");
    assert!(doc.contains("invoiceDate=\"2024-05-10T00:00:00+00:00\""));
    assert!(doc.contains("<InvoiceDetailLineIndicator/>"));
    assert!(!doc.contains("<InvoicePartner>"));
    let summary = section(&doc, "<InvoiceDetailSummary>", "</InvoiceDetailSummary>");
    // 1.5 × 0.1234 + 10 × 4.5
    assert_order(
        summary,
        &[
            "<SubtotalAmount>",
            "<Money currency=\"USD\">45.1851</Money>",
            "<Tax>",
            "<Money currency=\"USD\">0.00</Money>",
            "<Description xml:lang=\"de-DE\">No tax</Description>",
            "</Tax>",
            "<GrossAmount>",
            "<Money currency=\"USD\">45.1851</Money>",
            "<NetAmount>",
            "<Money currency=\"USD\">45.1851</Money>",
            "<DueAmount>",
            "<Money currency=\"USD\">45.1851</Money>",
        ],
    );
    assert!(!summary.contains("<TaxDetail"));
    assert!(!summary.contains("<ShippingAmount>"));
    xmllint_dtd(&doc, INVOICE_DTD);

    // Header taxes (the tax summary) win over line taxes; a rate without an amount is computed.
    i.taxes = vec![Tax {
        category: Some(TaxCategory::Sales),
        rate: Some(dec("8.25")),
        jurisdiction: Some("CA".into()),
        ..Tax::default()
    }];
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-2"), &i);
    assert_eq!(codes(&issues, Severity::Warning), ["tax_computed"]);
    let summary = section(&doc, "<InvoiceDetailSummary>", "</InvoiceDetailSummary>");
    // 45.1851 × 8.25 % = 3.7277… → 3.73
    assert_order(
        summary,
        &[
            "<Money currency=\"USD\">3.73</Money>",
            "<Description xml:lang=\"de-DE\">SALES 8.25%</Description>",
            "<TaxDetail purpose=\"tax\" category=\"sales\" percentageRate=\"8.25\">",
            "<TaxLocation xml:lang=\"de-DE\">CA</TaxLocation>",
            "<NetAmount>",
            "<Money currency=\"USD\">48.9151</Money>",
        ],
    );
    xmllint_dtd(&doc, INVOICE_DTD);
}

#[test]
fn invoice_total_mismatches_are_errors_and_a_lower_amount_due_is_a_deposit() {
    let mut i = invoice();
    let t = i.totals.get_or_insert_with(InvoiceTotals::default);
    t.total = Some(dec("700"));
    t.tax = Some(dec("99.03")); // not to the cent
    t.amount_due = Some(dec("600"));
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-4711"), &i);
    assert_eq!(
        codes(&issues, Severity::Error),
        ["tax_mismatch", "total_mismatch"],
        "{issues:?}"
    );
    let summary = section(&doc, "<InvoiceDetailSummary>", "</InvoiceDetailSummary>");
    // The computed values are written; the amount due is lower: the rest is a deposit.
    assert_order(
        summary,
        &[
            "<NetAmount>",
            "<Money currency=\"EUR\">664.82</Money>",
            "<DepositAmount>",
            "<Money currency=\"EUR\">64.82</Money>",
            "<DueAmount>",
            "<Money currency=\"EUR\">600.00</Money>",
        ],
    );
    xmllint_dtd(&doc, INVOICE_DTD);

    // A stated subtotal of the net line amounts (after line charges) is another reading of the
    // same total, not a mismatch; header and line taxes must agree.
    let mut i = invoice();
    if let Some(t) = i.totals.as_mut() {
        t.subtotal = Some(dec("545.80"));
    }
    i.taxes = vec![vat("19", "500", "95")];
    let (_, issues) = write_invoice_detail_request(&params(), &order_ref("PO-4711"), &i);
    assert_eq!(
        codes(&issues, Severity::Error),
        [
            "tax_mismatch",
            "tax_mismatch",
            "total_mismatch",
            "amount_due_mismatch"
        ],
        "{issues:?}"
    );
}

#[test]
fn credit_note_is_a_negative_line_level_credit_memo() {
    let mut i = Invoice::new("CN-1");
    i.purpose = InvoicePurpose::CreditNote;
    i.issued_at = ts("2024-05-12T08:00:00+02:00");
    i.currency = eur();
    let mut l = invoice_line(1, 3, "1", "EA", "10");
    l.taxes = vec![vat("19", "10", "1.90")];
    i.lines = vec![l];
    i.references = vec![Reference::new(ReferenceKind::Invoice, "INV-1")];
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-7"), &i);
    assert!(codes(&issues, Severity::Error).is_empty(), "{issues:?}");
    assert_eq!(
        codes(&issues, Severity::Warning),
        ["no_original_payload_id"]
    );
    assert!(doc.contains("purpose=\"lineLevelCreditMemo\""));
    assert!(doc.contains("<InvoiceIDInfo invoiceID=\"INV-1\"/>"));
    assert!(doc.contains("<InvoiceDetailItem invoiceLineNumber=\"1\" quantity=\"-1\">"));
    let item = section(&doc, "<InvoiceDetailItem", "</InvoiceDetailItem>");
    assert_order(
        item,
        &[
            "<UnitPrice>",
            "<Money currency=\"EUR\">10.00</Money>",
            "<SubtotalAmount>",
            "<Money currency=\"EUR\">-10.00</Money>",
            "<Money currency=\"EUR\">-1.90</Money>",
        ],
    );
    let summary = section(&doc, "<InvoiceDetailSummary>", "</InvoiceDetailSummary>");
    assert_order(
        summary,
        &[
            "<Money currency=\"EUR\">-10.00</Money>",
            "<Money currency=\"EUR\">-1.90</Money>",
            "<NetAmount>",
            "<Money currency=\"EUR\">-11.90</Money>",
            "<DueAmount>",
            "<Money currency=\"EUR\">-11.90</Money>",
        ],
    );
    xmllint_dtd(&doc, INVOICE_DTD);

    // Without the corrected invoice: an error.
    i.references.clear();
    let (_, issues) = write_invoice_detail_request(&params(), &order_ref("PO-7"), &i);
    assert_eq!(codes(&issues, Severity::Error), ["no_original_invoice"]);
}

#[test]
fn invoice_problems_are_reported_and_the_document_stays_valid() {
    // No lines: an error; a header invoice keeps the document valid.
    let mut i = Invoice::new("INV-3");
    i.order_number = Some("PO-OTHER".into());
    let order = OrderRef {
        order_id: "PO-3".into(),
        order_date: None,
        payload_id: None,
    };
    let (doc, issues) = write_invoice_detail_request(&params(), &order, &i);
    assert_eq!(
        codes(&issues, Severity::Error),
        ["no_date", "order_mismatch", "no_currency", "no_lines"],
        "{issues:?}"
    );
    assert_eq!(codes(&issues, Severity::Warning), ["no_order_payload_id"]);
    assert!(doc.contains("<InvoiceDetailHeaderIndicator isHeaderInvoice=\"yes\"/>"));
    assert!(doc.contains("<InvoiceDetailHeaderOrder>"));
    assert!(doc.contains("<OrderIDInfo orderID=\"PO-3\"/>"));
    assert!(doc.contains("<Money currency=\"XXX\">0.00</Money>"));
    xmllint_dtd(&doc, INVOICE_DTD);

    // Line problems: no unit price, no unit, no order line, half a manufacturer, a tax with
    // neither amount nor rate, a charge with neither amount nor percent, a wrong line amount.
    let mut i = Invoice::new("INV-4");
    i.invoice_date = date("2024-05-10");
    i.currency = eur();
    let mut a = InvoiceLine::new(1, dec("2"));
    a.manufacturer_name = Some("ACME".into());
    a.taxes = vec![Tax::default()];
    let mut b = invoice_line(2, 2, "3", "EA", "1");
    b.amount = Some(dec("4"));
    b.charges = vec![Charge {
        indicator: ChargeIndicator::Allowance,
        code: None,
        description: None,
        amount: None,
        percent: None,
    }];
    let mut c = InvoiceLine::new(3, dec("4"));
    c.order_line_number = Some(3);
    c.amount = Some(dec("10"));
    c.unit_of_measure = uom("EA");
    i.lines = vec![a, b, c];
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-4"), &i);
    assert_eq!(
        codes(&issues, Severity::Error),
        [
            "no_unit_price",
            "tax_amount_unknown",
            "line_amount_mismatch"
        ],
        "{issues:?}"
    );
    assert_eq!(
        codes(&issues, Severity::Warning),
        [
            "tax_category_default",
            "charge_no_amount",
            "unit_price_derived",
            "uom_default",
            "no_order_line_number",
            "manufacturer_incomplete"
        ],
        "{issues:?}"
    );
    assert!(doc.contains("<TaxDetail purpose=\"tax\" category=\"other\">"));
    // 10 / 4 = 2.5 per unit
    assert!(doc.contains("<Money currency=\"EUR\">2.50</Money>"));
    assert!(!doc.contains("ManufacturerName"));
    xmllint_dtd(&doc, INVOICE_DTD);
}

// ---------------------------------------------------------------------------------------------
// Robustness: arbitrary model values never panic and always give valid, ASCII documents
// ---------------------------------------------------------------------------------------------

#[test]
fn random_documents_never_panic_and_stay_dtd_valid() {
    let mut rng = Rng(0x5EED_F00D_1234_5678);
    let pieces = [
        "a", "Z", "0", " ", "\t", "\n", "\r", "<", ">", "&", "\"", "'", "]]>", "ü", "–", "日本",
        "😀", "&amp;", "\u{1}", "\u{FFFF}", "%", ";",
    ];
    let text = |rng: &mut Rng| -> String {
        (0..rng.below(6))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect()
    };
    let decimals = [
        Decimal::ZERO,
        Decimal::ONE,
        Decimal::NEGATIVE_ONE,
        Decimal::MAX,
        Decimal::MIN,
        dec("0.0001"),
        dec("12.345"),
        dec("99999999999999999999.99"),
    ];
    let num = |rng: &mut Rng| -> Decimal {
        if rng.below(3) == 0 {
            decimals[rng.below(decimals.len())]
        } else {
            Decimal::new(i64::try_from(rng.below(1_000_000)).unwrap_or(0), 2)
        }
    };
    let opt = |rng: &mut Rng| -> Option<Decimal> { (rng.below(4) != 0).then(|| num(rng)) };
    let statuses = [
        ResponseStatus::Accepted,
        ResponseStatus::Changed,
        ResponseStatus::Rejected,
        ResponseStatus::Backordered,
        ResponseStatus::Pending,
        ResponseStatus::Other("x".into()),
    ];
    for round in 0..40 {
        let mut p = params();
        p.sender.identity = text(&mut rng);
        let order = OrderRef {
            order_id: text(&mut rng),
            order_date: (rng.below(2) == 0).then(|| text(&mut rng)),
            payload_id: (rng.below(2) == 0).then(|| text(&mut rng)),
        };

        let mut r = OrderResponse::new(
            order.order_id.clone(),
            statuses[rng.below(statuses.len())].clone(),
        );
        r.currency = (rng.below(2) == 0).then(eur).flatten();
        r.reason = Some(text(&mut rng));
        for _ in 0..rng.below(5) {
            let mut l = OrderResponseLine::new(
                u32::try_from(rng.below(4)).unwrap_or(0),
                statuses[rng.below(statuses.len())].clone(),
            );
            l.ordered_quantity = opt(&mut rng);
            l.confirmed_quantity = opt(&mut rng);
            l.backordered_quantity = opt(&mut rng);
            l.unit_price = opt(&mut rng);
            l.delivery_date = date("2024-05-05");
            l.comments = vec![text(&mut rng)];
            r.lines.push(l);
        }
        let (doc, _) = write_confirmation_request(&p, &order, &r);
        assert!(doc.is_ascii(), "round {round}");
        xmllint_dtd(&doc, FULFILL_DTD);

        let mut n = ShipNotice::new(text(&mut rng));
        n.carrier = Some(text(&mut rng));
        n.tracking_number = Some(text(&mut rng));
        n.ship_to = Some(Party {
            name: Some(text(&mut rng)),
            address_lines: vec![text(&mut rng)],
            city: Some(text(&mut rng)),
            country: Some(text(&mut rng)),
            ..Party::default()
        });
        let lines: Vec<ShipNoticeLine> = (0..rng.below(4))
            .map(|k| ShipNoticeLine {
                line_number: u32::try_from(k).unwrap_or(0),
                quantity: num(&mut rng),
                description: Some(text(&mut rng)),
                supplier_part_id: (rng.below(2) == 0).then(|| text(&mut rng)),
                serial_numbers: vec![text(&mut rng)],
                ..ShipNoticeLine::default()
            })
            .collect();
        n.packages = vec![Package {
            package_type: Some(text(&mut rng)),
            weight: kg("1").map(|mut m| {
                m.value = num(&mut rng);
                m
            }),
            contents: vec![content(&order.order_id, 0, "1")],
            ..Package::default()
        }];
        n.orders = vec![ShipNoticeOrder {
            order_number: order.order_id.clone(),
            order_date: None,
            lines,
        }];
        let (doc, _) = write_ship_notice_request(&p, std::slice::from_ref(&order), &n);
        assert!(doc.is_ascii(), "round {round}");
        xmllint_dtd(&doc, FULFILL_DTD);

        let mut i = Invoice::new(text(&mut rng));
        i.currency = (rng.below(2) == 0).then(eur).flatten();
        i.purpose = if rng.below(2) == 0 {
            InvoicePurpose::CreditNote
        } else {
            InvoicePurpose::Invoice
        };
        for k in 0..rng.below(4) {
            let mut l = InvoiceLine::new(u32::try_from(k).unwrap_or(0), num(&mut rng));
            l.unit_price = opt(&mut rng);
            l.amount = opt(&mut rng);
            l.description = Some(text(&mut rng));
            l.charges = vec![Charge {
                indicator: ChargeIndicator::Charge,
                code: None,
                description: Some(text(&mut rng)),
                amount: opt(&mut rng),
                percent: opt(&mut rng),
            }];
            l.taxes = vec![Tax {
                rate: opt(&mut rng),
                amount: opt(&mut rng),
                jurisdiction: Some(text(&mut rng)),
                ..Tax::default()
            }];
            i.lines.push(l);
        }
        i.shipping = Some(Shipping {
            amount: opt(&mut rng),
            ..Shipping::default()
        });
        i.totals = Some(InvoiceTotals {
            total: opt(&mut rng),
            amount_due: opt(&mut rng),
            ..InvoiceTotals::default()
        });
        let (doc, _) = write_invoice_detail_request(&p, &order, &i);
        assert!(doc.is_ascii(), "round {round}");
        xmllint_dtd(&doc, INVOICE_DTD);
    }
}

/// A character XML 1.0 cannot carry is left out of every fulfilment document, and said where:
/// an error in an attribute, an identifier or the shared secret (never quoted), a warning in
/// other text; the document stays valid.
#[test]
fn characters_xml_cannot_carry_are_left_out_and_said_where() {
    let mut p = params();
    p.sender.shared_secret = Some("S3cr\u{1}t".into());
    let mut n = notice();
    n.shipment_id = "SHP\u{2}42".into();
    n.comments = vec!["Fragile\u{0} goods".into()];
    n.orders[0].lines[0].description = Some("Widget\u{FFFF}".into());
    let (doc, issues) =
        write_ship_notice_request(&p, &[order_ref("PO-4712"), order_ref("PO-4711")], &n);
    assert!(doc.contains("shipmentID=\"SHP42\""), "{doc}");
    assert!(doc.contains("Fragile goods"), "{doc}");
    xmllint_dtd(&doc, FULFILL_DTD);
    let said: Vec<_> = issues
        .iter()
        .filter(|i| i.code.as_deref() == Some("invalid_xml_char"))
        .map(|i| (i.severity, i.location.path.clone().unwrap_or_default()))
        .collect();
    let ship = "/cXML/Request/ShipNoticeRequest";
    assert_eq!(
        said,
        [
            (
                Severity::Error,
                "/cXML/Header/Sender/Credential/SharedSecret".to_owned()
            ),
            (
                Severity::Error,
                format!("{ship}/ShipNoticeHeader/@shipmentID")
            ),
            (
                Severity::Warning,
                format!("{ship}/ShipNoticeHeader/Comments")
            ),
            (
                Severity::Warning,
                format!(
                    "{ship}/ShipNoticePortion/ShipNoticeItem[1]/ShipNoticeItemDetail/Description"
                )
            ),
        ],
        "{issues:#?}"
    );
    assert!(
        issues.iter().all(|i| !i.message.contains("S3cr")),
        "the secret is never quoted: {issues:?}"
    );

    let mut inv = invoice();
    inv.lines[0].description = Some("Bolt\u{1}".into());
    let (doc, issues) = write_invoice_detail_request(&params(), &order_ref("PO-4711"), &inv);
    xmllint_dtd(&doc, INVOICE_DTD);
    assert_eq!(codes(&issues, Severity::Error), Vec::<String>::new());
    assert_eq!(codes(&issues, Severity::Warning), ["invalid_xml_char"]);
}
