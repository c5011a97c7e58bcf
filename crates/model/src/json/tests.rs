//! The writer gives serde_json's compact bytes, for documents and for every serde shape.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{to_vec, write_str};
use crate::document::Document;

fn same_as_serde_json<T: Serialize + ?Sized>(value: &T) {
    let ours = to_vec(value).expect("our writer");
    let theirs = serde_json::to_vec(value).expect("serde_json");
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
}

#[test]
fn the_canonical_purchase_order_is_written_as_serde_json_writes_it() {
    let text = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/canonical/purchase_order.json"
    ));
    let doc: Document = serde_json::from_str(text).expect("fixture parses");
    same_as_serde_json(&doc);
    // And it reads back as the same document.
    let back: Document = serde_json::from_slice(&to_vec(&doc).expect("writes")).expect("reads");
    assert_eq!(back, doc);
}

#[test]
fn every_byte_that_needs_escaping_is_escaped_at_every_offset() {
    // Each special character at each position of a 20-byte string, so that both the
    // eight-byte path and the byte path meet it, first, in the middle and last.
    let specials: Vec<char> = (0u8..0x20)
        .map(char::from)
        .chain(['"', '\\', '\u{7f}', 'é', '€', '😀'])
        .collect();
    for c in specials {
        for at in 0..20 {
            let s: String = (0..20).map(|i| if i == at { c } else { 'a' }).collect();
            same_as_serde_json(&s);
        }
        let run: String = std::iter::repeat_n(c, 17).collect();
        same_as_serde_json(&run);
    }
    same_as_serde_json("");
    same_as_serde_json("plain ASCII text longer than one word");
}

#[test]
fn write_str_quotes() {
    let mut out = Vec::new();
    write_str(&mut out, "a\"b");
    assert_eq!(out, br#""a\"b""#);
}

#[derive(Serialize)]
enum Shape {
    Unit,
    Newtype(u8),
    Tuple(i32, String),
    Struct { a: Option<bool>, b: Vec<u16> },
}

#[derive(Serialize)]
struct Unit;

#[derive(Serialize)]
struct Wrapper(String);

#[derive(Serialize)]
struct Every {
    b: bool,
    small: i8,
    big: i128,
    unsigned: u64,
    float: f64,
    nan: f32,
    ch: char,
    none: Option<String>,
    some: Option<&'static str>,
    unit: (),
    unit_struct: Unit,
    newtype: Wrapper,
    tuple: (u8, &'static str),
    shapes: Vec<Shape>,
    empty: Vec<u8>,
    map: BTreeMap<String, String>,
    int_keys: BTreeMap<u32, bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<u8>,
    date: chrono::NaiveDate,
}

#[test]
fn every_serde_shape_is_written_as_serde_json_writes_it() {
    let value = Every {
        b: true,
        small: -8,
        big: -170_141_183_460_469_231_731_687_303_715_884_105_728,
        unsigned: u64::MAX,
        float: 1.5e300,
        nan: f32::NAN,
        ch: '"',
        none: None,
        some: Some("x\ny"),
        unit: (),
        unit_struct: Unit,
        newtype: Wrapper("w".into()),
        tuple: (7, "t"),
        shapes: vec![
            Shape::Unit,
            Shape::Newtype(3),
            Shape::Tuple(-1, "\u{1}".into()),
            Shape::Struct {
                a: Some(false),
                b: vec![1, 2],
            },
            Shape::Struct { a: None, b: vec![] },
        ],
        empty: vec![],
        map: [
            ("k\"1".to_owned(), "v".to_owned()),
            ("k2".into(), String::new()),
        ]
        .into_iter()
        .collect(),
        int_keys: [(1, true), (20, false)].into_iter().collect(),
        skipped: None,
        date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default(),
    };
    same_as_serde_json(&value);
}

#[test]
fn a_map_key_that_is_not_a_string_is_an_error() {
    let map: BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
    assert!(to_vec(&map).is_err());
    assert!(serde_json::to_vec(&map).is_err());
}

/// [`write_document`] against serde_json on one document.
fn document_same_as_serde_json(doc: &Document) {
    let mut ours = Vec::new();
    super::write_document(doc, &mut ours).expect("our writer");
    let theirs = serde_json::to_vec(doc).expect("serde_json");
    assert!(
        ours == theirs,
        "ours:   {}\ntheirs: {}",
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&theirs)
    );
}

#[test]
fn purchase_orders_take_the_written_out_path_with_serde_json_bytes() {
    use crate::tests::support::{full_purchase_order, minimal_purchase_order, Gen};
    document_same_as_serde_json(&Document::PurchaseOrder(full_purchase_order()));
    document_same_as_serde_json(&Document::PurchaseOrder(minimal_purchase_order()));
    // Random orders: every field present or not, texts with characters to escape, negative and
    // scaled decimals, empty parties.
    let mut lines_shipped_apart = 0;
    for seed in 0..400 {
        let po = Gen::new(seed).purchase_order();
        lines_shipped_apart += po.lines.iter().filter(|l| l.ship_to.is_some()).count();
        document_same_as_serde_json(&Document::PurchaseOrder(po));
    }
    assert!(
        lines_shipped_apart > 50,
        "few lines with a ship_to: {lines_shipped_apart}"
    );
    // An empty party, and a date chrono writes itself (a year past 9999).
    let mut po = minimal_purchase_order();
    po.buyer = Some(crate::Party::default());
    po.order_date = chrono::NaiveDate::from_ymd_opt(12_345, 6, 7);
    if let Some(line) = po.lines.first_mut() {
        line.requested_delivery_date = chrono::NaiveDate::from_ymd_opt(-44, 3, 15);
        line.ship_to = Some(Box::default());
    }
    document_same_as_serde_json(&Document::PurchaseOrder(po));
    // Other documents go the generic way.
    document_same_as_serde_json(&Document::Invoice(Gen::new(7).invoice()));
}
