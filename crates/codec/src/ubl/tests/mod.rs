//! Tests of the UBL codec. Corpus tests skip (with a printed line) when `shared/corpus` is not
//! beside the repository; the writers, round trips and robustness tests run on inline documents.
//!
//! Golden outputs live in `crates/codec/tests/golden/ubl/`; regenerate them with
//! `UPDATE_EXPECT=1 cargo test -p codec`. The root test `tests/it/ubl_judge.rs` runs xmllint
//! (UBL 2.1 XSD) and the EN 16931 schematron over them.

mod corpus;
mod read;
mod robustness;
mod write;

use std::path::{Path, PathBuf};

/// `shared/corpus/ubl` beside the repository (or beside the folder holding it, for a git
/// worktree such as `wt/<branch>`).
fn corpus_dir() -> PathBuf {
    crate::test_support::corpus_dir("ubl")
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out);
        } else if p.extension().is_some_and(|x| x == "xml") {
            out.push(p);
        }
    }
}

/// Every `*.xml` under `corpus/ubl/<sub>` as (relative path, bytes), sorted; empty (after
/// printing why) without the corpus.
fn corpus_files(sub: &str) -> Vec<(String, Vec<u8>)> {
    let root = corpus_dir();
    if !root.exists() {
        eprintln!("corpus not found at {}: skipped", root.display());
        return Vec::new();
    }
    let mut paths = Vec::new();
    walk(&root.join(sub), &mut paths);
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let rel = p.strip_prefix(&root).ok()?.to_string_lossy().into_owned();
            Some((rel, bytes))
        })
        .collect()
}

/// One corpus file, `None` (after printing why) without the corpus.
fn corpus_file(rel: &str) -> Option<Vec<u8>> {
    let p = corpus_dir().join(rel);
    match std::fs::read(&p) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!("{}: {e}: skipped", p.display());
            None
        }
    }
}
