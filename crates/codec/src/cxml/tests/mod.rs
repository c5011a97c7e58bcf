//! Tests of the cXML codec. Corpus tests skip (with a printed line) when `shared/corpus` is not
//! beside the repository; the key assertions also run on small inline documents.

mod corpus;
mod fulfil;
mod order;
mod read;
mod robustness;
mod timestamp;
mod write;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// `shared/corpus` beside the repository.
fn corpus_dir() -> PathBuf {
    crate::test_support::corpus_dir("")
}

/// The bytes of `cxml/samples/<name>`, or `None` (after printing why) without the corpus.
fn sample(name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir().join("cxml/samples").join(name);
    if !corpus_dir().exists() {
        println!("corpus not found at {}: skipped", corpus_dir().display());
        return None;
    }
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => panic!("corpus file {} unreadable: {e}", path.display()),
    }
}

/// Every `*.xml` under `cxml/samples`, or empty (after printing why) without the corpus.
fn all_samples() -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().join("cxml/samples");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("corpus not found at {}: skipped", dir.display());
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml"))
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes = std::fs::read(&p).unwrap_or_default();
            (name, bytes)
        })
        .collect();
    out.sort();
    out
}

/// Validate `doc` against `dtd` with xmllint; skipped (with a note) when it is not installed.
pub(super) fn xmllint_dtd(doc: &str, dtd: &str) {
    let available = Command::new("xmllint")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        println!("xmllint not installed: DTD validation skipped");
        return;
    }
    let mut child = Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid", dtd, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("xmllint: {e}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(doc.as_bytes())
            .unwrap_or_else(|e| panic!("xmllint stdin: {e}"));
    }
    let out = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("xmllint: {e}"));
    assert!(
        out.status.success(),
        "DTD validation against {dtd} failed:\n{}\n{doc}",
        String::from_utf8_lossy(&out.stderr)
    );
}
