//! Test helpers: whole interchanges from body segments (UNA, UNB, UNH, UNT, UNZ, release
//! escaping) and bodies from text (through the syntax layer's tokenizer). A stand-in until the
//! syntax layer's interchange writer is used here.

use super::{MapSegment, MessageHeader};
use crate::edifact::segments;

/// Escapes the service characters of `UNA:+.? '`.
fn esc(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for ch in v.chars() {
        if matches!(ch, ':' | '+' | '?' | '\'') {
            out.push('?');
        }
        out.push(ch);
    }
    out
}

/// One segment as text with its terminator (empty trailing components/elements dropped).
pub fn segment_text(s: &MapSegment) -> String {
    let mut out = s.tag.clone();
    let mut els: Vec<String> = s
        .elements
        .iter()
        .map(|e| {
            let mut comps: Vec<String> = e.iter().map(|c| esc(c)).collect();
            while comps.last().is_some_and(String::is_empty) {
                comps.pop();
            }
            comps.join(":")
        })
        .collect();
    while els.last().is_some_and(String::is_empty) {
        els.pop();
    }
    for e in els {
        out.push('+');
        out.push_str(&e);
    }
    out.push('\'');
    out
}

/// A whole syntax-3 interchange with one message, one segment per line: UNOC (ISO 8859-1
/// bytes) when every character fits, else UNOW (UTF-8).
pub fn interchange(h: &MessageHeader, body: &[MapSegment]) -> Vec<u8> {
    let mut out = String::from("UNA:+.? '\n");
    out.push_str("UNB+UNOC:3+5412345000013:14+4012345500004:14+261124:0900+1+++++EANCOM'\n");
    let unh = MapSegment::new(
        "UNH",
        [
            vec!["1"],
            vec![
                h.message_type,
                h.version,
                h.release,
                h.agency,
                h.association,
            ],
        ],
    );
    out.push_str(&segment_text(&unh));
    out.push('\n');
    for s in body {
        out.push_str(&segment_text(s));
        out.push('\n');
    }
    out.push_str(&format!("UNT+{}+1'\n", body.len() + 2));
    out.push_str("UNZ+1+1'\n");
    if out.chars().all(|c| u32::from(c) <= 0xFF) {
        out.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    } else {
        out.replacen("UNB+UNOC:3", "UNB+UNOW:3", 1).into_bytes()
    }
}

/// The body of the first message in `input` (segments strictly between UNH and UNT; without
/// UNH, every segment but UNA/UNB/UNZ), and its UNH message type.
pub fn first_body(input: &[u8]) -> (String, Vec<MapSegment>) {
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
