//! Canonical-model and detection throughput.
//!
//! Reproduce: `cargo bench --bench canonical` (divan prints median time per iteration; the
//! README's "Measured" table quotes these medians, with bytes/s derived from the input size).

use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

fn order_fixture() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/canonical/purchase_order.json"
    ))
    .expect("fixture")
}

/// Parse canonical purchase-order JSON (what `POST /api/orders` does first).
#[divan::bench]
fn parse_purchase_order(bencher: Bencher) {
    let bytes = order_fixture();
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        serde_json::from_slice::<model::PurchaseOrder>(black_box(&bytes)).expect("parse")
    });
}

/// Validate a parsed purchase order.
#[divan::bench]
fn validate_purchase_order(bencher: Bencher) {
    let order: model::PurchaseOrder = serde_json::from_slice(&order_fixture()).expect("parse");
    bencher.bench(|| black_box(&order).validate());
}

/// Serialise a purchase order back to canonical JSON (what the store keeps).
#[divan::bench]
fn serialize_purchase_order(bencher: Bencher) {
    let order: model::PurchaseOrder = serde_json::from_slice(&order_fixture()).expect("parse");
    bencher.bench(|| serde_json::to_vec(black_box(&order)).expect("serialise"));
}

/// Syntax detection on a cXML document with a DOCTYPE (every inbound request does this).
#[divan::bench]
fn detect_cxml(bencher: Bencher) {
    let doc = br#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd">
<cXML payloadID="1" timestamp="2026-11-24T10:00:00-05:00"><Header/></cXML>"#;
    bencher
        .counter(BytesCount::of_slice(doc))
        .bench(|| codec::detect(black_box(doc)));
}
