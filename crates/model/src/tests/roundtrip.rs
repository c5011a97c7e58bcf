//! Serde round-trip tests over every document type: hand-built samples and
//! many generated documents.

use crate::tests::support::{samples, Gen};
use crate::Document;

fn assert_roundtrip(label: &str, doc: &Document) {
    let json = serde_json::to_string(doc).unwrap();
    let back: Document =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{label}: {e}\n{json}"));
    assert_eq!(&back, doc, "{label}: value changed\n{json}");
    // Decimal equality ignores scale, so also compare the re-serialised text.
    let again = serde_json::to_string(&back).unwrap();
    assert_eq!(again, json, "{label}: JSON changed");
    // The text-based entry point agrees with the serde one.
    assert_eq!(&Document::from_json(&json).unwrap(), doc, "{label}");
    // Each document serialises its own type tag.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["type"], doc.doc_type().as_str(), "{label}");
}

#[test]
fn samples_round_trip() {
    for (label, doc) in samples() {
        assert_roundtrip(label, &doc);
    }
}

#[test]
fn samples_round_trip_as_standalone_documents() {
    use crate::tests::support::*;
    macro_rules! standalone {
        ($($make:ident: $ty:ty),+ $(,)?) => {$(
            let doc = $make();
            let json = serde_json::to_string_pretty(&doc).unwrap();
            let back: $ty = serde_json::from_str(&json).unwrap();
            assert_eq!(back, doc, "{}", stringify!($make));
            assert_eq!(serde_json::to_string_pretty(&back).unwrap(), json);
        )+};
    }
    standalone!(
        full_purchase_order: crate::PurchaseOrder,
        minimal_purchase_order: crate::PurchaseOrder,
        full_order_change: crate::OrderChange,
        minimal_order_change: crate::OrderChange,
        full_order_response: crate::OrderResponse,
        minimal_order_response: crate::OrderResponse,
        full_ship_notice: crate::ShipNotice,
        minimal_ship_notice: crate::ShipNotice,
        full_invoice: crate::Invoice,
        minimal_invoice: crate::Invoice,
        full_catalog: crate::Catalog,
        minimal_catalog: crate::Catalog,
        full_inventory_report: crate::InventoryReport,
        minimal_inventory_report: crate::InventoryReport,
        full_punchout_cart: crate::PunchoutCart,
        minimal_punchout_cart: crate::PunchoutCart,
    );
}

#[test]
fn full_samples_are_valid() {
    for (label, doc) in samples() {
        assert_eq!(doc.validate(), vec![], "{label}");
    }
}

#[test]
fn minimal_documents_serialise_minimally() {
    use crate::tests::support::*;
    assert_eq!(
        serde_json::to_string(&minimal_purchase_order()).unwrap(),
        r#"{"type":"purchase_order","order_number":"PO-MIN","purpose":"new","lines":[{"line_number":1,"quantity":"1"}]}"#
    );
    assert_eq!(
        serde_json::to_string(&minimal_catalog()).unwrap(),
        r#"{"type":"catalog","catalog_id":"CAT-MIN"}"#
    );
    assert_eq!(
        serde_json::to_string(&minimal_order_response()).unwrap(),
        r#"{"type":"order_response","order_number":"PO-MIN","status":"accepted"}"#
    );
}

#[test]
fn generated_documents_round_trip() {
    for seed in 0..2_000 {
        let mut gen = Gen::new(seed);
        let doc = gen.document();
        assert_roundtrip(&format!("seed {seed}"), &doc);
    }
}
