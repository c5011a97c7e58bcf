//! Inline documents: namespaces and prefixes, envelope, leniency and located issues.

use model::{Document, ResponseStatus};

use crate::ubl::{envelope, read, DocKind};
use crate::{CodecError, Severity};

const ORDER_OTHER_PREFIXES: &str = r#"<?xml version="1.0"?>
<ord:Order xmlns:ord="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
    xmlns:b="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    xmlns:a="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
  <b:ID>PO-9</b:ID>
  <b:IssueDate>2026-01-05+01:00</b:IssueDate>
  <b:DocumentCurrencyCode>EUR</b:DocumentCurrencyCode>
  <a:BuyerCustomerParty><a:Party>
    <b:EndpointID schemeID="0088">4000001000005</b:EndpointID>
    <a:PartyName><b:Name>Buyer &amp; Co</b:Name></a:PartyName>
  </a:Party></a:BuyerCustomerParty>
  <a:SellerSupplierParty><a:Party>
    <b:EndpointID schemeID="9930">DE123456789</b:EndpointID>
    <a:PartyLegalEntity><b:RegistrationName>Seller GmbH</b:RegistrationName></a:PartyLegalEntity>
  </a:Party></a:SellerSupplierParty>
  <a:OrderLine><a:LineItem xmlns:b2="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
    <b2:ID>A-1</b2:ID>
    <b2:Quantity unitCode="C62">4</b2:Quantity>
    <a:Price><b:PriceAmount currencyID="EUR">10</b:PriceAmount><b:BaseQuantity unitCode="C62">2</b:BaseQuantity></a:Price>
    <a:Item><b:Name>Widget</b:Name>
      <a:StandardItemIdentification><b:ID schemeID="0160">4006381333931</b:ID></a:StandardItemIdentification>
    </a:Item>
  </a:LineItem></a:OrderLine>
  <a:OrderLine><a:LineItem>
    <b:ID>2</b:ID>
    <b:Quantity unitCode="KGM">lots</b:Quantity>
    <a:Item><b:Name>Bad</b:Name></a:Item>
  </a:LineItem></a:OrderLine>
</ord:Order>"#;

#[test]
fn any_prefix_and_nested_declarations_resolve() {
    let (doc, issues) = read(ORDER_OTHER_PREFIXES.as_bytes()).unwrap();
    let Document::PurchaseOrder(po) = doc else {
        panic!("not an order")
    };
    assert_eq!(po.order_number, "PO-9");
    assert_eq!(po.order_date.unwrap().to_string(), "2026-01-05");
    assert_eq!(
        po.buyer.as_ref().unwrap().name.as_deref(),
        Some("Buyer & Co")
    );
    // No PartyName: the registration name is the name.
    assert_eq!(
        po.seller.as_ref().unwrap().name.as_deref(),
        Some("Seller GmbH")
    );
    let l = &po.lines[0];
    // A non-numeric line ID: the position, the ID kept.
    assert_eq!(l.line_number, 1);
    assert_eq!(l.extrinsics["buyer_line_id"], "A-1");
    // PriceAmount per BaseQuantity 2 → 5 per unit.
    assert_eq!(l.unit_price.unwrap().to_string(), "5");
    assert_eq!(l.gtin.as_ref().unwrap().as_str(), "4006381333931");
    // The bad quantity is an error located by path.
    let bad = issues
        .iter()
        .find(|i| i.severity == Severity::Error)
        .expect("an error");
    assert_eq!(
        bad.location.path.as_deref(),
        Some("/Order/OrderLine[2]/LineItem/Quantity")
    );
}

#[test]
fn envelope_reads_endpoints_without_mapping() {
    let env = envelope(ORDER_OTHER_PREFIXES.as_bytes()).unwrap();
    assert_eq!(env.kind, DocKind::Order);
    assert_eq!(env.id.as_deref(), Some("PO-9"));
    let s = env.sender.unwrap();
    assert_eq!(
        (s.scheme.as_deref(), s.value.as_str()),
        (Some("0088"), "4000001000005")
    );
    let r = env.receiver.unwrap();
    assert_eq!(
        (r.scheme.as_deref(), r.value.as_str()),
        (Some("9930"), "DE123456789")
    );
}

#[test]
fn default_namespace_without_prefixes_and_no_namespace_are_read() {
    let doc = r#"<OrderResponse xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderResponse-2">
        <ID xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">R1</ID>
        <IssueDate>2026-02-01</IssueDate>
        <OrderResponseCode>RE</OrderResponseCode>
        <OrderReference><ID>PO-1</ID></OrderReference>
      </OrderResponse>"#;
    let (Document::OrderResponse(r), issues) = read(doc.as_bytes()).unwrap() else {
        panic!("not a response")
    };
    assert_eq!(r.order_number, "PO-1");
    assert_eq!(r.status, ResponseStatus::Rejected);
    assert!(issues.is_empty(), "{issues:#?}");

    let bare =
        "<OrderResponse><ID>R2</ID><OrderReference><ID>PO-2</ID></OrderReference></OrderResponse>";
    let (_, issues) = read(bare.as_bytes()).unwrap();
    assert!(issues
        .iter()
        .any(|i| i.severity == Severity::Warning && i.message.contains("no namespace")));
}

#[test]
fn undeclared_prefix_is_a_warning_not_a_failure() {
    let doc = "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\
        <cbc:ID>I1</cbc:ID><cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">1</cbc:PayableAmount></cac:LegalMonetaryTotal>\
        <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode=\"C62\">1</cbc:InvoicedQuantity>\
        <cbc:LineExtensionAmount currencyID=\"EUR\">1</cbc:LineExtensionAmount><cac:Item><cbc:Name>x</cbc:Name></cac:Item></cac:InvoiceLine></Invoice>";
    let (Document::Invoice(inv), issues) = read(doc.as_bytes()).unwrap() else {
        panic!("not an invoice")
    };
    assert_eq!(inv.invoice_number, "I1");
    assert_eq!(inv.lines.len(), 1);
    assert!(issues.iter().any(|i| i.message.contains("not declared")));
    assert!(issues.iter().all(|i| i.severity == Severity::Warning));
}

#[test]
fn unsupported_roots_and_garbage_are_errors() {
    assert!(matches!(read(b""), Err(CodecError::Empty)));
    assert!(matches!(read(b"  \n"), Err(CodecError::Empty)));
    assert!(matches!(
        read(b"<ApplicationResponse/>"),
        Err(CodecError::Malformed { .. })
    ));
    assert!(matches!(
        read(b"<Invoice>"),
        Err(CodecError::Malformed { .. })
    ));
    assert!(matches!(
        read(b"ISA*00*"),
        Err(CodecError::Malformed { .. })
    ));
}

#[test]
fn missing_mandatory_parts_are_located_errors() {
    let doc = r#"<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>"#;
    let (_, issues) = read(doc.as_bytes()).unwrap();
    let paths: Vec<_> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .filter_map(|i| i.location.path.clone())
        .collect();
    assert!(paths.contains(&"/Invoice/ID".to_owned()), "{paths:?}");
    assert!(
        paths.contains(&"/Invoice/LegalMonetaryTotal".to_owned()),
        "{paths:?}"
    );
    assert!(paths.contains(&"/Invoice".to_owned()), "{paths:?}");
}

/// An OrderChange line says what happens to it in UNCL 1229 (Peppol) or in the UBL 2.1 line
/// status code list; a `Cancelled` line is removed, not replaced. Another code is read as a
/// change, with a warning.
#[test]
fn order_change_line_status_codes_of_both_lists_are_read() {
    use model::LineChangeKind::{Added, Cancelled, Changed, Unchanged};
    let line = |n: usize, code: &str| {
        format!(
            r#"<cac:OrderLine><cac:LineItem><cbc:ID>{n}</cbc:ID><cbc:LineStatusCode>{code}</cbc:LineStatusCode>
            <cbc:Quantity unitCode="C62">1</cbc:Quantity><cac:Item><cbc:Name>X</cbc:Name></cac:Item></cac:LineItem></cac:OrderLine>"#
        )
    };
    let codes = [
        ("1", Added),
        ("2", Cancelled),
        ("3", Changed),
        ("4", Unchanged),
        ("5", Unchanged),
        ("Added", Added),
        ("Cancelled", Cancelled),
        ("Revised", Changed),
        ("NoStatus", Unchanged),
        ("Disputed", Changed),
    ];
    let lines: String = codes
        .iter()
        .enumerate()
        .map(|(i, (c, _))| line(i + 1, c))
        .collect();
    let doc = format!(
        r#"<?xml version="1.0"?>
<OrderChange xmlns="urn:oasis:names:specification:ubl:schema:xsd:OrderChange-2"
    xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>CH-1</cbc:ID><cbc:IssueDate>2026-11-25</cbc:IssueDate><cbc:SequenceNumberID>1</cbc:SequenceNumberID>
  <cac:OrderReference><cbc:ID>PO-9</cbc:ID></cac:OrderReference>
  <cac:BuyerCustomerParty><cac:Party><cbc:EndpointID schemeID="0088">4000001000005</cbc:EndpointID></cac:Party></cac:BuyerCustomerParty>
  <cac:SellerSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">4000001000012</cbc:EndpointID></cac:Party></cac:SellerSupplierParty>
  {lines}
</OrderChange>"#
    );
    let (Document::OrderChange(c), issues) = read(doc.as_bytes()).unwrap() else {
        panic!("not a change")
    };
    let got: Vec<_> = c.lines.iter().map(|l| l.change).collect();
    let want: Vec<_> = codes.iter().map(|(_, k)| *k).collect();
    assert_eq!(got, want);
    let warned: Vec<_> = issues
        .iter()
        .filter(|i| i.message.contains("line status"))
        .map(|i| i.location.path.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        warned,
        ["/OrderChange/OrderLine[10]/LineItem/LineStatusCode"],
        "{issues:?}"
    );
}
