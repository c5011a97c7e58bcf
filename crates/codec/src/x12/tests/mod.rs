//! Tests of the X12 codec. Corpus tests skip (with a printed line) when `shared/corpus` is not
//! beside the repository; the key assertions also run on small inline interchanges and on the
//! three permissively licensed fixtures in `crates/codec/tests/fixtures/x12/`.
//!
//! Golden acknowledgements live in `crates/codec/tests/golden/x12/`; regenerate them with
//! `UPDATE_EXPECT=1 cargo test -p codec`.

mod ack;
mod corpus;
mod envelope;
mod perf;
mod props;
mod rules;
mod tokenizer;
mod write;

use std::path::{Path, PathBuf};

use super::{parse, EnvelopeErrorKind, Interchange, Parsed};

/// `shared/corpus/x12` beside the repository.
fn corpus_dir() -> PathBuf {
    crate::test_support::corpus_dir("x12")
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/x12");
const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/x12");

/// Every `*.edi` under `dir`, recursively.
fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "edi") {
            out.push(p);
        }
    }
}

/// Every `*.edi` file of the corpus as (path relative to `corpus/x12`, bytes), sorted; empty
/// (after printing why) without the corpus.
fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let root = corpus_dir();
    if !root.exists() {
        println!("corpus not found at {}: skipped", root.display());
        return Vec::new();
    }
    let mut paths = Vec::new();
    walk(&root, &mut paths);
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let name = p
                .strip_prefix(&root)
                .map(|r| r.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, bytes)
        })
        .collect()
}

/// The bytes of corpus file `name` (relative to `corpus/x12`), or `None` (after printing why)
/// without the corpus.
fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let root = corpus_dir();
    if !root.exists() {
        println!("corpus not found at {}: skipped", root.display());
        return None;
    }
    let p = root.join(name);
    Some(std::fs::read(&p).unwrap_or_else(|e| panic!("corpus file {}: {e}", p.display())))
}

/// A fixture from `crates/codec/tests/fixtures/x12/`.
fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(FIXTURES).join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {}: {e}", p.display()))
}

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &str) {
    crate::test_support::golden(GOLDEN_DIR, name, doc.as_bytes());
}

/// A fixed-width ISA with `*` `:` `~`, sender `SENDER`, receiver `RECEIVER`.
fn isa(isa11: &str, version: &str, control: &str, ack_requested: char) -> String {
    let s = format!(
        "ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *240131*1100*{isa11}*{version}*{control}*{ack_requested}*P*:~"
    );
    assert_eq!(s.len(), 106, "{s}");
    s
}

/// An interchange with one 850 group: `body` goes between ISA and IEA verbatim, one segment per
/// line.
fn interchange(body: &[&str]) -> String {
    let mut s = isa("U", "00401", "000000001", '0');
    s.push('\n');
    for seg in body {
        s.push_str(seg);
        s.push('\n');
    }
    s
}

/// The 850 interchange with `body` between ST and SE (SE01 counted).
fn with_body(body: &[&str]) -> String {
    let mut segs = vec![
        "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*004010~".to_owned(),
        "ST*850*0001~".to_owned(),
    ];
    segs.extend(body.iter().map(|s| format!("{s}~")));
    segs.push(format!("SE*{}*0001~", body.len() + 2));
    segs.push("GE*1*1~".into());
    segs.push("IEA*1*000000001~".into());
    let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
    interchange(&refs)
}

/// The standard good 850 interchange (one group, one set, counts right).
const GOOD: &[&str] = &[
    "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*004010~",
    "ST*850*0001~",
    "BEG*00*SA*PO123**20240131~",
    "PO1*1*10*EA*9.5**VP*ABC-1~",
    "CTT*1~",
    "SE*5*0001~",
    "GE*1*1~",
    "IEA*1*000000001~",
];

/// Whether envelope issue `i` carries its acknowledgement code, as every one must but a bad
/// GS02–GS05 or GS07, for which AK905 has no code.
fn has_code(i: &super::EnvelopeIssue) -> bool {
    let coded = i.issue.code.is_some() && i.issue.code.as_deref() == i.kind.code();
    coded
        || matches!(
            i.kind,
            EnvelopeErrorKind::InvalidGsElement { element: 2..=5 | 7 }
        ) && i.issue.code.is_none()
}

/// Parse, expecting success.
fn parse_ok(input: &[u8]) -> Parsed<'_> {
    parse(input).unwrap_or_else(|e| panic!("parse failed: {e}"))
}

/// The only interchange of `parsed`.
fn only<'p, 'a>(parsed: &'p Parsed<'a>) -> &'p Interchange<'a> {
    assert_eq!(parsed.interchanges.len(), 1, "{:#?}", parsed.interchanges);
    &parsed.interchanges[0]
}

/// The envelope issue kinds of `ic`, in order.
fn kinds(ic: &Interchange<'_>) -> Vec<EnvelopeErrorKind> {
    ic.issues.iter().map(|i| i.kind).collect()
}

/// The issue kinds of `ic` that are errors.
fn error_kinds(ic: &Interchange<'_>) -> Vec<EnvelopeErrorKind> {
    ic.issues
        .iter()
        .filter(|i| i.is_error())
        .map(|i| i.kind)
        .collect()
}
