//! Test helpers: whole interchanges of a document (through the syntax layer's writer) and
//! bodies from text (through the syntax layer's tokenizer, so that bare bodies and broken
//! corpus files are read too).

use chrono::{NaiveDate, NaiveTime};
use model::Document;

use super::{message_out, Directory, MapSegment};
use crate::edifact::{segments, write_interchange, Delimiters, InterchangeHeader, Party};
use crate::Issue;

/// A whole syntax-3 interchange with one message, written by the syntax layer
/// ([`write_interchange`]): UNA, UNOC raised to UNOW when needed, one segment per line, a fixed
/// date so the golden files are stable. Returns the bytes and every issue (map and writer).
pub fn interchange(doc: &Document, dir: Directory) -> (Vec<u8>, Vec<Issue>) {
    let (m, mut issues) = message_out(doc, dir, "1", Delimiters::DEFAULT).expect("a writer");
    let mut h = InterchangeHeader::new(
        Party {
            id: "4000002000004".into(),
            qualifier: "14".into(),
            routing: String::new(),
        },
        Party {
            id: "4000001000005".into(),
            qualifier: "14".into(),
            routing: String::new(),
        },
        "1",
        NaiveDate::from_ymd_opt(2026, 11, 24).expect("a date"),
        NaiveTime::from_hms_opt(9, 0, 0).expect("a time"),
    );
    h.agreement_id = "EANCOM".into();
    h.line_breaks = true;
    issues.extend(m.body.issues().iter().cloned());
    let written = write_interchange(&h, &[m]);
    issues.extend(written.issues);
    (written.bytes, issues)
}

/// The body of the first message in `input` (segments strictly between UNH and UNT; without
/// UNH, every segment but UNA/UNB/UNZ), and its UNH message type.
pub fn first_body(input: &[u8]) -> (String, Vec<MapSegment<'static>>) {
    let all: Vec<_> = segments(input).collect();
    let start = all.iter().position(|s| s.tag() == "UNH");
    let mut ty = String::new();
    let mut body = Vec::new();
    let from = match start {
        Some(i) => {
            ty = all
                .get(i)
                .and_then(|s| s.value(2, 1))
                .map(|v| v.into_owned())
                .unwrap_or_default();
            i + 1
        }
        None => 0,
    };
    for s in all.iter().skip(from) {
        match s.tag() {
            "UNT" | "UNZ" => break,
            "UNA" | "UNB" | "UNG" | "UNE" => continue,
            _ => body.push(MapSegment::from(s)),
        }
    }
    (ty, body)
}
