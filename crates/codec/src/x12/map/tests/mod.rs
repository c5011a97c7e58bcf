//! Tests of the X12 maps: inline readers and writers, round trips (writer → interchange writer →
//! parser → reader), the corpus with golden canonical JSON, and no-panic properties.
//!
//! Golden files live in `crates/codec/tests/golden/x12/map/`; regenerate them with
//! `UPDATE_EXPECT=1 cargo test -p codec`.

mod corpus;
mod json;
mod props;
mod read;
mod robustness;
mod write;

use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};

use super::functional_id;
use crate::x12::{
    parse, write_interchange, Delimiters, GroupOut, InterchangeHeader, SegmentWriter, SetOut,
    TransactionSet,
};
use crate::{Issue, Severity};

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/x12/map");

/// `shared/corpus` beside the repository.
fn corpus_dir() -> PathBuf {
    crate::test_support::corpus_dir("")
}

/// A body written `ID*e1*e2~ID*…~` (default delimiters) as a segment writer.
fn body_writer(body: &str) -> SegmentWriter {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    for seg in body.split('~').map(str::trim).filter(|s| !s.is_empty()) {
        let mut parts = seg.split('*');
        let id = parts.next().unwrap_or_default();
        let els: Vec<&str> = parts.collect();
        w.segment(id, &els);
    }
    w
}

/// A complete 004010 interchange around one set body.
fn wrap(set: &str, body: SegmentWriter) -> String {
    let header = InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: "SENDER".into(),
        receiver_qualifier: "ZZ".into(),
        receiver_id: "RECEIVER".into(),
        date: NaiveDate::from_ymd_opt(2024, 3, 1).expect("date"),
        time: NaiveTime::from_hms_opt(12, 30, 0).expect("time"),
        version: "00401".into(),
        control_number: 1,
        ack_requested: false,
        usage: 'T',
        delimiters: Delimiters::DEFAULT,
    };
    let group = GroupOut {
        functional_id: functional_id(set).unwrap_or("ZZ").into(),
        sender: "SENDER".into(),
        receiver: "RECEIVER".into(),
        control_number: 1,
        version: "004010".into(),
        sets: vec![SetOut {
            id: set.into(),
            control_number: "0001".into(),
            implementation: None,
            body,
        }],
    };
    let (text, issues) = write_interchange(&header, vec![group]);
    let errors: Vec<&Issue> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "envelope errors: {errors:?}\n{text}");
    text
}

/// Runs `f` on the first transaction set of `bytes`.
fn with_first<R>(bytes: &[u8], f: impl FnOnce(&TransactionSet<'_>) -> R) -> R {
    let parsed = parse(bytes).expect("an interchange");
    let ts = parsed
        .interchanges
        .first()
        .and_then(|i| i.groups.first())
        .and_then(|g| g.sets.first())
        .expect("a transaction set");
    f(ts)
}

/// Wraps `body` as set `set` and runs `f` on it.
fn on_body<R>(set: &str, body: &str, f: impl FnOnce(&TransactionSet<'_>) -> R) -> R {
    let text = wrap(set, body_writer(body));
    with_first(text.as_bytes(), f)
}

fn errors(issues: &[Issue]) -> Vec<&Issue> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .collect()
}

/// The issue whose segment/element/code match, or a panic listing them all.
fn find<'a>(
    issues: &'a [Issue],
    segment: &str,
    element: Option<usize>,
    code: Option<&str>,
) -> &'a Issue {
    issues
        .iter()
        .find(|i| {
            i.location.segment.as_deref() == Some(segment)
                && i.location.element == element
                && i.code.as_deref() == code
        })
        .unwrap_or_else(|| {
            panic!("no issue at {segment} {element:?} with code {code:?} in {issues:#?}")
        })
}

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &str) {
    crate::test_support::golden(GOLDEN_DIR, name, doc.as_bytes());
}

fn dec(s: &str) -> rust_decimal::Decimal {
    s.parse().expect("decimal")
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}
