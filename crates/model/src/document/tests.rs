use super::*;
use crate::tests::support::*;

const KNOWN: &str = "purchase_order, order_change, order_response, ship_notice, invoice, catalog, inventory_report, punchout_cart";

#[test]
fn doc_type_names() {
    for t in DocType::ALL {
        assert_eq!(t.as_str().parse::<DocType>(), Ok(t));
        assert_eq!(t.to_string(), t.as_str());
        assert_eq!(serde_json::to_value(t).unwrap(), t.as_str());
    }
    assert_eq!(DocType::known_list(), KNOWN);
    let err = "order".parse::<DocType>().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("unknown document type \"order\"; expected one of: {KNOWN}")
    );
}

#[test]
fn document_reports_its_type_and_number() {
    let expect = [
        (DocType::PurchaseOrder, "PO-1"),
        (DocType::PurchaseOrder, "PO-MIN"),
        (DocType::OrderChange, "PO-1"),
        (DocType::OrderChange, "PO-MIN"),
        (DocType::OrderResponse, "PO-1"),
        (DocType::OrderResponse, "PO-MIN"),
        (DocType::ShipNotice, "SHP-1"),
        (DocType::ShipNotice, "SHP-MIN"),
        (DocType::Invoice, "INV-1"),
        (DocType::Invoice, "INV-MIN"),
        (DocType::Catalog, "CAT-1"),
        (DocType::Catalog, "CAT-MIN"),
        (DocType::InventoryReport, "INV-RPT-1"),
        (DocType::InventoryReport, "INV-RPT-MIN"),
        (DocType::PunchoutCart, "c0ffee"),
        (DocType::PunchoutCart, "c0ffee"),
    ];
    for ((label, doc), (doc_type, number)) in samples().into_iter().zip(expect) {
        assert_eq!(doc.doc_type(), doc_type, "{label}");
        assert_eq!(doc.document_number(), number, "{label}");
    }
}

#[test]
fn document_serialises_as_inner_document() {
    let po = full_purchase_order();
    assert_eq!(
        serde_json::to_string(&Document::from(po.clone())).unwrap(),
        serde_json::to_string(&po).unwrap()
    );
}

#[test]
fn dispatch_unknown_type_lists_known_types() {
    let json = r#"{"type":"order","order_number":"1"}"#;
    let err = Document::from_json(json).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("unknown document type \"order\"; expected one of: {KNOWN} at line 1 column 35")
    );
    let err = serde_json::from_str::<Document>(json).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "unknown document type \"order\"; expected one of: {KNOWN}"
        )),
        "{err}"
    );
}

#[test]
fn dispatch_missing_type_lists_known_types() {
    let json = r#"{"order_number":"1"}"#;
    for err in [
        Document::from_json(json).unwrap_err(),
        serde_json::from_str::<Document>(json).unwrap_err(),
    ] {
        assert!(
            err.to_string()
                .starts_with(&format!("missing field `type`; expected one of: {KNOWN}")),
            "{err}"
        );
    }
}

#[test]
fn dispatch_rejects_non_objects_and_non_string_types() {
    let err = Document::from_json("[1,2]").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: sequence, expected a JSON object with a \"type\" field"),
        "{err}"
    );
    let err = Document::from_json(r#"{"type":3}"#).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!(
            "invalid type: integer `3`, expected a document type string, one of: {KNOWN}"
        )),
        "{err}"
    );
    let err = Document::from_value(serde_json::json!("invoice")).unwrap_err();
    assert!(err.to_string().contains("expected a JSON object"), "{err}");
}

#[test]
fn dispatch_errors_inside_a_document_keep_positions() {
    let json = "{\n  \"type\": \"purchase_order\",\n  \"order_number\": \"1\",\n  \"currency\": \"eur\"\n}";
    let err = Document::from_json(json).unwrap_err();
    // serde_json reports custom errors at the next token: the closing brace.
    assert_eq!((err.line(), err.column()), (5, 1), "{err}");
    assert!(
        err.to_string().starts_with("invalid currency code \"eur\""),
        "{err}"
    );
}

#[test]
fn dispatch_picks_each_type() {
    for (label, doc) in samples() {
        let value = serde_json::to_value(&doc).unwrap();
        assert_eq!(Document::from_value(value).unwrap(), doc, "{label}");
    }
}

#[test]
fn type_key_may_come_last() {
    let json =
        r#"{"invoice_number":"7","lines":[{"line_number":1,"quantity":"1"}],"type":"invoice"}"#;
    let doc = Document::from_json(json).unwrap();
    assert_eq!(doc.doc_type(), DocType::Invoice);
    assert_eq!(doc.document_number(), "7");
    assert_eq!(serde_json::from_str::<Document>(json).unwrap(), doc);
}
