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

/// `text` with every UNB's sender (S002) and recipient (S003) replaced by the demo partner's
/// and ours, so a real partner's interchange can be posted as the demo partner's, and its control
/// reference (UNB and UNZ 0020) by `reference` (different files reuse references).
fn as_demo_edifact(bytes: &[u8], reference: &str) -> Vec<u8> {
    let Ok(parsed) = codec::edifact::parse(bytes) else {
        return bytes.to_vec();
    };
    // (start, end, replacement), applied from the end.
    let mut edits: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for (i, ic) in parsed.interchanges.iter().enumerate() {
        let Some(unb) = &ic.unb else { continue };
        let reference = format!("{reference}{i}").into_bytes();
        for (n, with) in [
            (2, b"5412345000013:14".to_vec()),
            (3, b"5400000000003:14".to_vec()),
            (5, reference.clone()),
        ] {
            if let (Some(start), Some(raw)) = (unb.element_offset(n), unb.element_raw(n)) {
                edits.push((start, start + raw.len(), with));
            }
        }
        if let Some(unz) = &ic.unz {
            if let (Some(start), Some(raw)) = (unz.element_offset(2), unz.element_raw(2)) {
                edits.push((start, start + raw.len(), reference));
            }
        }
    }
    let mut out = bytes.to_vec();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (start, end, with) in edits {
        out.splice(start..end, with);
    }
    out
}

/// A UBL Order with the buyer's and seller's `EndpointID` replaced by the demo partner's and
/// ours (the first two in document order: BuyerCustomerParty, then SellerSupplierParty), and
/// its `cbc:ID` (the first one) by `id` (examples reuse ids).
fn as_demo_ubl(text: &str, id: &str) -> String {
    let text = match (text.find("<cbc:ID>"), text.find("</cbc:ID>")) {
        (Some(a), Some(b)) if a < b => format!("{}<cbc:ID>{id}{}", &text[..a], &text[b..]),
        _ => text.to_owned(),
    };
    let mut out = String::new();
    let mut rest = text.as_str();
    for id in ["5412345000013", "5400000000003"] {
        let Some(start) = rest.find("<cbc:EndpointID") else {
            break;
        };
        let Some(end) = rest[start..].find("</cbc:EndpointID>") else {
            break;
        };
        out.push_str(&rest[..start]);
        out.push_str(&format!("<cbc:EndpointID schemeID=\"0088\">{id}"));
        rest = &rest[start + end..];
    }
    out.push_str(rest);
    out
}

/// Real partners' orders, through the real gateway as if the demo partner had sent them: every
/// EANCOM/EDIFACT ORDERS interchange of the corpus and every UBL Order example must be received
/// (`200`/`202`) and become orders; nothing may be a 5xx.
#[tokio::test]
async fn real_edifact_and_ubl_orders_are_received_through_post_edi() {
    let Some(root) = corpus() else { return };
    let app = crate::helpers::spawn_app().await;
    let mut edifact = Vec::new();
    files(&root.join("edifact"), &["edi"], &mut edifact);
    let mut ubl = Vec::new();
    files(&root.join("ubl"), &["xml"], &mut ubl);
    let mut posted = 0;
    let mut failures = Vec::new();
    let post = |body: Vec<u8>, ct: &'static str, path: PathBuf| {
        let app = &app;
        async move {
            let r = app
                .client
                .post(app.url("/edi"))
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap();
            (path, r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let mut results = Vec::new();
    for path in edifact {
        let bytes = std::fs::read(&path).unwrap();
        let s = path.to_string_lossy();
        // ORDERS interchanges with a UNB whose envelope is meant to be clean.
        let is_orders = bytes.windows(7).any(|w| w == b"+ORDERS");
        if !is_orders || s.contains("/broken/") || s.contains("_error") || s.contains("Invalid") {
            continue;
        }
        let Ok(parsed) = codec::edifact::parse(&bytes) else {
            continue;
        };
        if parsed
            .interchanges
            .iter()
            .any(|ic| ic.unb.is_none() || ic.has_errors())
        {
            continue;
        }
        let reference = format!("CONF{posted}-");
        results.push(
            post(
                as_demo_edifact(&bytes, &reference),
                "application/edifact",
                path,
            )
            .await,
        );
        posted += 1;
    }
    let mut without_endpoint = 0;
    for path in ubl {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if !text.contains("urn:oasis:names:specification:ubl:schema:xsd:Order-2")
            || text.contains("<testSet")
        {
            continue;
        }
        if !text.contains("EndpointID") {
            // Plain UBL 2.1 without Peppol endpoints: no way to tell the sender; refused so.
            let (path, status, body) =
                post(text.into_bytes(), "application/xml", path.clone()).await;
            if status != 403 || !body.contains("has no cbc:EndpointID") {
                failures.push(format!("{}: {status} {body}", path.display()));
            }
            without_endpoint += 1;
            continue;
        }
        let id = format!("CONF-U{posted}");
        results.push(
            post(
                as_demo_ubl(&text, &id).into_bytes(),
                "application/xml",
                path,
            )
            .await,
        );
        posted += 1;
    }
    for (path, status, body) in &results {
        if !(200..300).contains(status) {
            failures.push(format!("{}: {status} {body}", path.display()));
        }
        // A message rejected in the CONTRL (UCM action 4) is a failure too, except BerryWorks'
        // charset vectors: lorem-ipsum text where numbers belong (QTY "Лорем…"), rejected with
        // 0085 code 37 as they should be.
        let rejected_message = body
            .split('\'')
            .any(|seg| seg.starts_with("UCM+") && seg.split('+').nth(3) == Some("4"));
        if rejected_message && !path.to_string_lossy().contains("charsets/ORDERS-D01B-") {
            failures.push(format!(
                "{}: a message was rejected: {body}",
                path.display()
            ));
        }
        if std::env::var_os("CONFORMANCE_VERBOSE").is_some() {
            eprintln!("{}: {status} {body}", path.display());
        }
    }
    eprintln!("conformance: {without_endpoint} UBL orders without EndpointID refused");
    assert!(posted >= 8, "only {posted} corpus orders found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let list: serde_json::Value = app
        .get_admin("/api/orders?partner=demo-buyer&limit=500")
        .await
        .json()
        .await
        .unwrap();
    // Several EdiFabric files carry the same order numbers: those are found, not created again.
    let orders = list["orders"].as_array().unwrap().len();
    assert!(orders >= 10, "{orders} orders from {posted} documents");
    eprintln!("conformance: {posted} real EDIFACT/UBL order documents received, {orders} orders");
}
