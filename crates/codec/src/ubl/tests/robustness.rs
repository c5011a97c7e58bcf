//! Arbitrary bytes, mutated documents, XXE and entity expansion: never a panic, never an
//! expansion.

use proptest::prelude::*;

use crate::ubl::{envelope, read};

const SEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>INV-1</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="0088">1</cbc:EndpointID></cac:Party></cac:AccountingSupplierParty>
  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">2</cbc:TaxAmount><cac:TaxSubtotal>
    <cbc:TaxableAmount currencyID="EUR">10</cbc:TaxableAmount><cbc:TaxAmount currencyID="EUR">2</cbc:TaxAmount>
    <cac:TaxCategory><cbc:ID>AE</cbc:ID><cbc:Percent>20</cbc:Percent><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:TaxCategory>
  </cac:TaxSubtotal></cac:TaxTotal>
  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12</cbc:PayableAmount></cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">10</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>x</cbc:Name></cac:Item><cac:Price><cbc:PriceAmount currencyID="EUR">10</cbc:PriceAmount><cbc:BaseQuantity>0</cbc:BaseQuantity></cac:Price>
  </cac:InvoiceLine>
</Invoice>"#;

#[test]
fn seed_reads_and_keeps_an_unusual_tax_category() {
    let (doc, _) = read(SEED.as_bytes()).unwrap();
    let model::Document::Invoice(inv) = doc else {
        panic!("not an invoice")
    };
    assert_eq!(inv.extrinsics["tax_category_code:20"], "AE");
}

#[test]
fn external_entities_are_never_resolved() {
    let xxe = r#"<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID>&xxe;</cbc:ID></Invoice>"#;
    let (doc, issues) = read(xxe.as_bytes()).unwrap();
    assert_eq!(doc.document_number(), "");
    assert!(issues.iter().any(|i| i.message.contains("not expanded")));
    assert!(!format!("{doc:?}").contains("root:"));
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut s = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE Order [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        s.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    s.push_str("]>\n<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><ID>&lol9;</ID></Order>");
    let (doc, issues) = read(s.as_bytes()).unwrap();
    assert!(doc.document_number().len() < 100);
    assert!(issues.iter().any(|i| i.message.contains("not expanded")));
}

#[test]
fn deep_nesting_is_refused() {
    let s = format!(
        "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\">{}{}</Order>",
        "<a>".repeat(500),
        "</a>".repeat(500)
    );
    assert!(read(s.as_bytes()).is_err());
}

fn mutate(seed: &[u8], edits: &[(usize, u8)], cut: usize) -> Vec<u8> {
    let mut v = seed.to_vec();
    for &(pos, byte) in edits {
        if !v.is_empty() {
            let i = pos % v.len();
            v[i] = byte;
        }
    }
    let keep = v.len().saturating_sub(cut % 64);
    v.truncate(keep);
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = read(&bytes);
        let _ = envelope(&bytes);
    }

    #[test]
    fn mutated_documents_never_panic(
        edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..8),
        cut in any::<usize>(),
    ) {
        let bytes = mutate(SEED.as_bytes(), &edits, cut);
        let _ = read(&bytes);
        let _ = envelope(&bytes);
    }

    #[test]
    fn mutated_text_values_never_panic(value in "\\PC{0,30}") {
        let escaped = value.replace('&', "&amp;").replace('<', "&lt;");
        for target in ["INV-1", "2026-01-01", "EUR", "0088", "20", "C62", "10"] {
            let doc = SEED.replacen(target, &escaped, 1);
            let _ = read(doc.as_bytes());
        }
    }
}

#[test]
fn many_namespace_declarations_and_siblings_stay_linear() {
    // 20 000 declarations in scope and 20 000 prefixed elements: lookups are O(1), so this
    // finishes quickly (no timing assertion; a quadratic resolver would take minutes).
    let mut s =
        String::from("<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"");
    for i in 0..20_000 {
        s.push_str(&format!(" xmlns:p{i}=\"urn:x:{i}\""));
    }
    s.push('>');
    for i in 0..20_000 {
        s.push_str(&format!("<p{i}:Note>n</p{i}:Note>"));
    }
    s.push_str("</Order>");
    let (doc, _) = read(s.as_bytes()).unwrap();
    let model::Document::PurchaseOrder(po) = doc else {
        panic!("not an order")
    };
    assert_eq!(po.comments.len(), 20_000);
}

#[test]
fn deep_paths_are_elided_not_repeated() {
    let mut s = String::from(
        "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><OrderLine><LineItem><ID>1</ID><Quantity>1</Quantity>",
    );
    s.push_str(&"<Item>".repeat(40));
    s.push_str(&"</Item>".repeat(40));
    s.push_str("</LineItem></OrderLine><OrderLine><LineItem><ID>2</ID><Quantity>x</Quantity></LineItem></OrderLine></Order>");
    let (_, issues) = read(s.as_bytes()).unwrap();
    let bad = issues
        .iter()
        .find(|i| i.message.contains("not a number"))
        .expect("bad quantity");
    assert_eq!(
        bad.location.path.as_deref(),
        Some("/Order/OrderLine[2]/LineItem/Quantity")
    );
}

#[test]
fn mapping_issues_are_capped() {
    let mut s = String::from(
        "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"><ID>1</ID>",
    );
    for _ in 0..500 {
        s.push_str("<OrderLine><LineItem><ID>1</ID><Quantity>x</Quantity></LineItem></OrderLine>");
    }
    s.push_str("</Order>");
    let (_, issues) = read(s.as_bytes()).unwrap();
    assert_eq!(issues.len(), crate::xml::MAX_ISSUES + 1);
    assert!(issues
        .last()
        .is_some_and(|i| i.message == "450 more issues were not listed"));
}
