//! Conformance over the shared corpus of real documents (`../shared/corpus`). Skipped, with a
//! message, when the corpus is absent; CI has it. Today it checks syntax detection on every
//! document; each codec issue extends it with full reads.

use std::path::{Path, PathBuf};

use codec::Format;

/// The corpus folder, if present.
pub fn corpus() -> Option<PathBuf> {
    let p = crate::helpers::repo_root().join("../shared/corpus");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("conformance: ../shared/corpus not found, corpus suite skipped");
        None
    }
}

fn files(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, exts, out);
        } else if p
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| exts.contains(&x))
        {
            out.push(p);
        }
    }
    out.sort();
}

/// Files that are deliberately not documents of their folder's syntax.
fn expected_exception(path: &Path, bytes: &[u8]) -> bool {
    let s = path.to_string_lossy();
    let head = &bytes[..bytes.len().min(512)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    // Broken inputs are meant to be unrecognisable; schematron function tests are XSLT.
    s.contains("/broken/") || s.contains("/sch/")
        // Deliberately corrupt envelopes.
        || s.ends_with("InvalidHeader.edi")
        // A bare message body with neither UNB nor UNH (smooks test input).
        || s.ends_with("smooks/INVOIC_D93A_smooks.edi")
        || s.ends_with("smooks/INVOIC_D96A_smooks.edi")
        // PEPPOL unit tests wrap the UBL document in a <testSet>.
        || has(b"<testSet")
        // cXML fragments (an ItemIn, a PunchOutOrderMessage body) without envelope or DOCTYPE.
        || s.ends_with("officeluv__item_in.xml")
        || s.ends_with("officeluv__punch_out_order_message_doc.xml")
}

#[test]
fn every_corpus_document_is_detected_as_its_syntax() {
    let Some(root) = corpus() else { return };
    let suites: [(&str, &[&str], Format); 4] = [
        ("cxml/samples", &["xml"], Format::Cxml),
        ("x12", &["edi"], Format::X12),
        ("edifact", &["edi"], Format::Edifact),
        ("ubl", &["xml"], Format::Ubl),
    ];
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (folder, exts, expected) in suites {
        let mut list = Vec::new();
        files(&root.join(folder), exts, &mut list);
        assert!(!list.is_empty(), "no files in corpus/{folder}");
        for path in list {
            let bytes = std::fs::read(&path).expect("read corpus file");
            let got = codec::detect(&bytes);
            checked += 1;
            if got != Some(expected) && !expected_exception(&path, &bytes) {
                wrong.push(format!(
                    "{}: {got:?}, expected {expected:?}",
                    path.display()
                ));
            }
        }
    }
    assert!(checked > 300, "only {checked} corpus files found");
    assert!(
        wrong.is_empty(),
        "{} misdetected:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn detection_never_panics_on_any_corpus_byte_prefix() {
    let Some(root) = corpus() else { return };
    let mut list = Vec::new();
    files(
        &root,
        &["xml", "edi", "as2", "mdn", "msg", "html", "txt"],
        &mut list,
    );
    for path in list {
        let bytes = std::fs::read(&path).expect("read corpus file");
        // Every prefix up to the sniff window: truncated uploads are common.
        for end in (0..bytes.len().min(codec::detect::SNIFF_WINDOW)).step_by(7) {
            let _ = codec::detect(&bytes[..end]);
        }
    }
}
