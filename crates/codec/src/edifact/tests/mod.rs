//! Tests of the EDIFACT codec. Corpus tests skip (with a printed line) when `shared/corpus` is
//! not found beside the repository (or the worktree's parent); the key assertions also run on
//! small inline interchanges.
//!
//! The golden CONTRL lives in `crates/codec/tests/golden/edifact/`; regenerate it with
//! `UPDATE_EXPECT=1 cargo test -p codec`.

mod body;
mod contrl;
mod corpus;
mod envelope;
mod perf;
mod plain;
mod props;
mod tokenizer;
mod write;

use std::path::{Path, PathBuf};

use super::{parse, EnvelopeErrorKind, Interchange, Parsed};

/// `shared/corpus/edifact` beside the repository: `<repo>/../shared/corpus`, or one level further
/// up when the repository is a worktree under `<root>/wt/<name>`.
fn corpus_dir() -> Option<PathBuf> {
    Some(crate::test_support::corpus_dir("edifact")).filter(|p| p.is_dir())
}

const GOLDEN_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/edifact");

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

/// Every `*.edi` file of the corpus as (path relative to `corpus/edifact`, bytes), sorted; empty
/// (after printing why) without the corpus.
fn corpus_files() -> Vec<(String, Vec<u8>)> {
    let Some(root) = corpus_dir() else {
        eprintln!("EDIFACT corpus (shared/corpus/edifact) not found: skipped");
        return Vec::new();
    };
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

/// The bytes of corpus file `name` (relative to `corpus/edifact`), or `None` (after printing
/// why) without the corpus.
fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let Some(root) = corpus_dir() else {
        eprintln!("EDIFACT corpus (shared/corpus/edifact) not found: skipped");
        return None;
    };
    let p = root.join(name);
    Some(std::fs::read(&p).unwrap_or_else(|e| panic!("corpus file {}: {e}", p.display())))
}

/// Compare `doc` with the golden file `name`, or rewrite it under `UPDATE_EXPECT=1`.
fn golden(name: &str, doc: &str) {
    crate::test_support::golden(GOLDEN_DIR, name, doc.as_bytes());
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

/// A good ORDERS interchange in syntax 3 with `body` between UNH and UNT (counts right).
fn orders(body: &[&str]) -> String {
    let mut s = String::from("UNA:+.? 'UNB+UNOC:3+SENDER:14+RECIPIENT:14+240131:1100+REF1'\n");
    s.push_str("UNH+1+ORDERS:D:96A:UN:EAN008'\n");
    for seg in body {
        s.push_str(seg);
        s.push('\n');
    }
    s.push_str(&format!("UNT+{}+1'\nUNZ+1+REF1'\n", body.len() + 2));
    s
}
