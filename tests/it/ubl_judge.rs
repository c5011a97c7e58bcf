//! Our UBL output under outside judges. The golden files of the UBL writers
//! (`crates/codec/tests/golden/ubl/*.xml`, kept equal to the writers' output by the codec's
//! golden tests) must:
//! - validate with `xmllint --schema` against the OASIS UBL 2.1 runtime XSD of their document
//!   (`../shared/corpus/ubl/oasis-2.1/xsdrt/maindoc/UBL-<Doc>-2.1.xsd`);
//! - for the Invoice and CreditNote, give zero failed fatal asserts under the CEN EN 16931 UBL
//!   schematron (`../shared/corpus/ubl/peppol-billing3/sch/CEN-EN16931-UBL.sch`) and the Peppol
//!   BIS Billing 3 schematron (`PEPPOL-EN16931-UBL.sch`, its `xsl:function` helpers ported to
//!   JavaScript in the judge), run by npm `node-schematron` 2.1.0
//!   (`tests/judges/schematron/check.js`).
//!
//! Each judge is also shown a broken copy, which it must reject (so a judge that accepts
//! everything cannot pass). Skips with a message when xmllint, node, the judge's
//! `node_modules` or the corpus is missing (CI installs libxml2-utils and runs `npm ci` in
//! `tests/judges/schematron`).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{repo_root, run_judge};

/// `(golden file, UBL document name)`.
const GOLDEN: &[(&str, &str)] = &[
    ("invoice.xml", "Invoice"),
    ("credit_note.xml", "CreditNote"),
    ("order_response.xml", "OrderResponse"),
    ("despatch_advice.xml", "DespatchAdvice"),
    ("catalogue.xml", "Catalogue"),
];

fn golden_dir() -> PathBuf {
    repo_root().join("crates/codec/tests/golden/ubl")
}

fn judge_dir() -> PathBuf {
    repo_root().join("tests/judges/schematron")
}

/// `../shared/corpus/ubl` beside the repository (or beside the folder holding a worktree).
fn corpus_ubl() -> Option<PathBuf> {
    let root = repo_root();
    let found = ["../shared/corpus/ubl", "../../shared/corpus/ubl"]
        .iter()
        .map(|rel| root.join(rel))
        .find(|p| p.is_dir());
    if found.is_none() {
        eprintln!("../shared/corpus/ubl not found: UBL judges skipped");
    }
    found
}

fn xmllint_available() -> bool {
    if Command::new("xmllint").arg("--version").output().is_err() {
        eprintln!("xmllint not installed: UBL XSD check skipped (CI installs libxml2-utils)");
        return false;
    }
    true
}

fn schematron_available() -> bool {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("node not installed: EN 16931 schematron check skipped (CI installs nodejs)");
        return false;
    }
    if !judge_dir().join("node_modules/node-schematron").is_dir() {
        eprintln!(
            "{} missing: EN 16931 schematron check skipped (run `npm ci` there; CI does)",
            judge_dir().join("node_modules").display()
        );
        return false;
    }
    true
}

/// `xmllint --noout --nonet --schema <xsd> <file>`: `Ok(())` when valid, else the messages.
fn xmllint(xsd: &Path, file: &Path) -> Result<(), String> {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(xsd)
        .arg(file)
        .output()
        .expect("run xmllint");
    if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    }
}

/// `node check.js <sch> <files>`: `Ok(output)` when every file passes, else `Err(output)`.
fn schematron(sch: &Path, files: &[PathBuf]) -> Result<String, String> {
    run_judge(
        Command::new("node")
            .arg(judge_dir().join("check.js"))
            .arg(sch)
            .args(files),
    )
}

/// Judge a UBL document we produced (not a golden file): the UBL 2.1 XSD of `doc`, and, for an
/// `Invoice` or `CreditNote`, the EN 16931 and Peppol BIS Billing 3 schematrons. `None` when a
/// judge is missing (printed); else every verdict, `Err` with the judge's messages.
pub(crate) fn judge_document(xml: &str, doc: &str) -> Option<Result<(), String>> {
    let corpus = corpus_ubl()?;
    if !xmllint_available() {
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join(format!("{doc}.xml"));
    std::fs::write(&file, xml).expect("write");
    let xsd = corpus.join(format!("oasis-2.1/xsdrt/maindoc/UBL-{doc}-2.1.xsd"));
    if let Err(e) = xmllint(&xsd, &file) {
        return Some(Err(format!("UBL 2.1 XSD: {e}")));
    }
    if matches!(doc, "Invoice" | "CreditNote") && schematron_available() {
        for sch in ["CEN-EN16931-UBL.sch", "PEPPOL-EN16931-UBL.sch"] {
            let path = corpus.join("peppol-billing3/sch").join(sch);
            if let Err(e) = schematron(&path, std::slice::from_ref(&file)) {
                return Some(Err(format!("{sch}: {e}")));
            }
        }
    }
    Some(Ok(()))
}

#[test]
fn golden_ubl_outputs_validate_against_the_ubl_21_xsd() {
    let Some(corpus) = corpus_ubl() else { return };
    if !xmllint_available() {
        return;
    }
    let maindoc = corpus.join("oasis-2.1/xsdrt/maindoc");
    for (file, doc) in GOLDEN {
        let path = golden_dir().join(file);
        assert!(path.is_file(), "{} missing", path.display());
        let xsd = maindoc.join(format!("UBL-{doc}-2.1.xsd"));
        if let Err(e) = xmllint(&xsd, &path) {
            panic!("{file} is not valid against {}:\n{e}", xsd.display());
        }
    }
    // The judge is not vacuous: elements out of XSD order are rejected.
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(golden_dir().join("invoice.xml")).unwrap();
    let bad = good.replacen(
        "<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
        "",
        1,
    )
    .replacen(
        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>",
        "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode><cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>",
        1,
    );
    assert_ne!(bad, good);
    let bad_path = dir.path().join("bad.xml");
    std::fs::write(&bad_path, bad).unwrap();
    assert!(
        xmllint(&maindoc.join("UBL-Invoice-2.1.xsd"), &bad_path).is_err(),
        "xmllint accepted an Invoice with elements out of order"
    );
}

#[test]
fn golden_invoice_and_credit_note_pass_the_peppol_billing_schematron() {
    let Some(corpus) = corpus_ubl() else { return };
    if !schematron_available() {
        return;
    }
    let sch = corpus.join("peppol-billing3/sch/PEPPOL-EN16931-UBL.sch");
    let files = [
        golden_dir().join("invoice.xml"),
        golden_dir().join("credit_note.xml"),
    ];
    match schematron(&sch, &files) {
        Ok(out) => eprintln!("{out}"),
        Err(out) => panic!("Peppol BIS Billing 3 schematron failed:\n{out}"),
    }
    // The judge is not vacuous: an unknown EndpointID scheme breaks PEPPOL-EN16931-CL008.
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(&files[0]).unwrap();
    let bad = good.replacen(
        "<cbc:EndpointID schemeID=\"",
        "<cbc:EndpointID schemeID=\"X",
        1,
    );
    assert_ne!(bad, good);
    let bad_path = dir.path().join("bad.xml");
    std::fs::write(&bad_path, bad).unwrap();
    let out =
        schematron(&sch, &[bad_path]).expect_err("schematron accepted a bad EndpointID scheme");
    assert!(out.contains("PEPPOL-EN16931-CL008"), "{out}");
}

#[test]
fn golden_invoice_and_credit_note_pass_the_en16931_schematron() {
    let Some(corpus) = corpus_ubl() else { return };
    if !schematron_available() {
        return;
    }
    let sch = corpus.join("peppol-billing3/sch/CEN-EN16931-UBL.sch");
    let files = [
        golden_dir().join("invoice.xml"),
        golden_dir().join("credit_note.xml"),
    ];
    match schematron(&sch, &files) {
        Ok(out) => eprintln!("{out}"),
        Err(out) => panic!("EN 16931 schematron failed:\n{out}"),
    }
    // The judge is not vacuous: a wrong amount due breaks BR-CO-16.
    let dir = tempfile::tempdir().expect("tempdir");
    let good = std::fs::read_to_string(&files[0]).unwrap();
    let start = good.find("<cbc:PayableAmount").expect("PayableAmount");
    let end = start + good[start..].find("</cbc:PayableAmount>").expect("end");
    let bad = format!(
        "{}<cbc:PayableAmount currencyID=\"EUR\">0.01{}",
        &good[..start],
        &good[end..]
    );
    let bad_path = dir.path().join("bad.xml");
    std::fs::write(&bad_path, bad).unwrap();
    let out = schematron(&sch, &[bad_path]).expect_err("schematron accepted a wrong PayableAmount");
    assert!(out.contains("BR-CO-16"), "{out}");
}
