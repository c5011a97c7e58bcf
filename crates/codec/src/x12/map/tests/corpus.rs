//! The corpus: every real X12 file of the sets this module maps reads without error issues
//! (exceptions listed with their reason), and a selection is pinned as golden canonical JSON.

use super::json::{pretty, to_value, Json};
use super::*;
use crate::x12::map::read_transaction;
use model::Document;

/// Directories of `shared/corpus` holding sets this module maps.
const DIRS: &[&str] = &[
    "x12/850",
    "x12/860",
    "x12/855",
    "x12/856",
    "x12/810",
    "x12/846",
    "x12/832",
    "x12/865",
    "x12/node-x12",
    "x12/edifabric-810-00204",
];

/// Files whose sets have error issues, and why (the reason is what the partner got wrong).
const EXCEPTIONS: &[(&str, &str)] = &[(
    "x12/856/856_oopfactory_Example2.edi",
    "BSN02 (shipment identification, mandatory) is empty: `BSN*00**030619*1235`",
)];

/// Files without a readable interchange (the envelope parser's business, not the maps').
const NO_INTERCHANGE: &[&str] = &["x12/edifabric-810-00204/X12_810_00204_InvalidHeader.edi"];

/// Golden canonical JSON: (corpus file, golden file name).
const GOLDEN: &[(&str, &str)] = &[
    (
        "x12/850/850_5010_stedi_dropship_GS01-OW_ISA11-U.edi",
        "850_5010_stedi_dropship.json",
    ),
    (
        "x12/850/850_4010_pgwglass_pipe-terminator.edi",
        "850_4010_pgwglass.json",
    ),
    ("x12/node-x12/850.edi", "850_4010vics_node-x12.json"),
    ("x12/850/850_4010_adobe_clp.edi", "850_4010_adobe_clp.json"),
    ("x12/860/860_example1.edi", "860_example1.json"),
    (
        "x12/855/855_5010_stedi_dropship.edi",
        "855_5010_stedi_dropship.json",
    ),
    ("x12/node-x12/855.edi", "855_4010_node-x12.json"),
    (
        "x12/856/856_oopfactory_FromGregarican.edi",
        "856_4010vics_gregarican_sopi.json",
    ),
    (
        "x12/856/856_4010_asd-healthcare_pipe-elements.edi",
        "856_4010_asd-healthcare.json",
    ),
    (
        "x12/810/810_oopfactory_Example5_Walmart.edi",
        "810_4010_walmart.json",
    ),
    (
        "x12/810/810_oopfactory_Example4_Adobe.edi",
        "810_4010_adobe.json",
    ),
    (
        "x12/846/846_4010_sanmina_tilde-elements.edi",
        "846_4010_sanmina.json",
    ),
    ("x12/832/832_4010_hibcc_ex2.edi", "832_4010_hibcc_ex2.json"),
    ("x12/865/865_FromTyco.edi", "865_4010_tyco.json"),
];

fn files() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for d in DIRS {
        let dir = corpus_dir().join(d);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "edi") {
                let file = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                out.push((format!("{d}/{file}"), bytes));
            }
        }
    }
    out.sort();
    out
}

/// One set read: ST01, the document, the issues.
type ReadSet = (String, Option<Document>, Vec<Issue>);

/// Every set of `bytes` read.
fn read_all(bytes: &[u8]) -> Option<Vec<ReadSet>> {
    let parsed = parse(bytes).ok()?;
    let mut out = Vec::new();
    for ic in &parsed.interchanges {
        for g in &ic.groups {
            for ts in &g.sets {
                let (doc, issues) = read_transaction(ts);
                out.push((ts.id().to_owned(), doc, issues));
            }
        }
    }
    Some(out)
}

#[test]
fn every_corpus_set_maps_without_errors() {
    let all = files();
    if all.is_empty() {
        println!("corpus not found at {}: skipped", corpus_dir().display());
        return;
    }
    let mut sets = 0;
    let mut failures = Vec::new();
    for (name, bytes) in &all {
        let Some(read) = read_all(bytes) else {
            assert!(
                NO_INTERCHANGE.contains(&name.as_str()),
                "{name}: no interchange could be parsed"
            );
            continue;
        };
        let exception = EXCEPTIONS.iter().any(|(f, _)| f == name);
        let mut had_errors = false;
        for (id, doc, issues) in read {
            sets += 1;
            assert!(doc.is_some(), "{name}: set {id} was not mapped");
            let errs = errors(&issues);
            had_errors |= !errs.is_empty();
            if !errs.is_empty() && !exception {
                failures.push(format!("{name} set {id}: {errs:#?}"));
            }
        }
        if exception {
            assert!(
                had_errors,
                "{name} is listed as an exception but maps cleanly"
            );
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(sets >= 60, "only {sets} sets found");
}

#[test]
fn golden_canonical_json() {
    if !corpus_dir().join("x12").exists() {
        println!("corpus not found at {}: skipped", corpus_dir().display());
        return;
    }
    for (file, golden_name) in GOLDEN {
        let path = corpus_dir().join(file);
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let read = read_all(&bytes).unwrap_or_else(|| panic!("{file}: no interchange"));
        let sets: Vec<Json> = read
            .into_iter()
            .map(|(_, doc, issues)| {
                Json::Object(vec![
                    ("document".into(), to_value(&doc)),
                    (
                        "issues".into(),
                        Json::Array(issues.iter().map(|i| Json::String(i.to_string())).collect()),
                    ),
                ])
            })
            .collect();
        let value = match sets.len() {
            1 => sets.into_iter().next().unwrap_or(Json::Null),
            _ => Json::Array(sets),
        };
        golden(golden_name, &pretty(&value));
    }
}
