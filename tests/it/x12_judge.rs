//! Our X12 output under an outside strict parser: the 997 and 999 we answer on `POST /edi`
//! (accepting and rejecting a set) and the 855/856/810 the outbox delivers must all parse under
//! npm `node-x12` (pinned in `tests/judges/node-x12/package.json`) with `new X12Parser(true)`.
//!
//! The judge is `tests/judges/node-x12/check.js`. When `node` or the judge's `node_modules` is
//! missing, the test says so and skips (CI installs both: `npm ci` in that folder). TA1s are not
//! judged: node-x12 rejects a TA1 between ISA and GS (aaronhuggins/node-x12#46).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{repo_root, run_judge, spawn_app_with, write_file, AppOptions, TestApp};
use crate::x12::{act, x12_850, Make850};

fn judge_dir() -> PathBuf {
    repo_root().join("tests/judges/node-x12")
}

/// Whether the judge can run; prints why not.
pub(crate) fn judge_available() -> bool {
    if Command::new("node").arg("--version").output().is_err() {
        eprintln!("node not installed: node-x12 check skipped (CI installs nodejs and npm)");
        return false;
    }
    if !judge_dir().join("node_modules/node-x12").is_dir() {
        eprintln!(
            "{} missing: node-x12 check skipped (run `npm ci` there; CI does)",
            judge_dir().join("node_modules").display()
        );
        return false;
    }
    true
}

/// Run `check.js` over `files`: `Ok(output)` when it exits 0, else `Err(output)`.
pub(crate) fn judge(files: &[PathBuf]) -> Result<String, String> {
    run_judge(
        Command::new("node")
            .arg(judge_dir().join("check.js"))
            .args(files),
    )
}

async fn post_edi(app: &TestApp, body: String) -> (u16, String) {
    let (status, _, text) = app.post_edi("application/edi-x12", body).await;
    (status, text)
}

/// The 850 of [`x12_850`] in a 005010 envelope (ISA11 repetition separator `^`).
pub(crate) fn x12_850_5010(isa13: &str, po: &str, lines: &[(&str, &str, &str)]) -> String {
    let text = x12_850(isa13, po, lines);
    let out = text
        .replace("*U*00401*", "*^*00501*")
        .replace("*X*004010~", "*X*005010~");
    assert_ne!(out, text);
    out
}

/// The same 850 with SE01 claiming 99 segments (the set is rejected in the acknowledgement).
fn with_bad_se_count(text: &str) -> String {
    let start = text.find("SE*").expect("SE");
    let end = text[start + 3..].find('*').expect("SE02") + start + 3;
    let out = format!("{}SE*99{}", &text[..start], &text[end..]);
    assert_ne!(out, text);
    out
}

/// One partner's outputs, written into `dir` as `{label}-*.x12`: the acknowledgement of an
/// accepted 850, the acknowledgement rejecting a set with a bad SE count, the 855/856/810
/// delivered to a local receiver, the acknowledgement of two groups one of which has a bad GS,
/// and the one rejecting a line's PID (AK3/IK3 with its loop, CTX in a 999).
async fn produce(
    dir: &Path,
    label: &str,
    partner: &str,
    partners_dir: Option<PathBuf>,
    make_850: Make850,
    ack_id: &str,
) -> Vec<PathBuf> {
    let (url, rx, _h) = crate::relay::receiver(vec![]).await;
    let app = spawn_app_with(AppOptions {
        partners_dir,
        partner_env: vec![("DEMO_BUYER_X12_URL".into(), url)],
        ..Default::default()
    })
    .await;
    let mut files = Vec::new();
    let mut save = |name: &str, text: &str| {
        let path = dir.join(format!("{label}-{name}.x12"));
        std::fs::write(&path, text).unwrap();
        files.push(path);
    };

    let good = make_850(
        "000000501",
        "PO-J1",
        &[("OS-PAP-2001", "5", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    );
    let (status, ack) = post_edi(&app, good).await;
    assert_eq!(status, 200, "{ack}");
    assert!(ack.contains(&format!("ST*{ack_id}*")), "{ack}");
    assert!(!ack.contains("TA1*"), "{ack}");
    save(&format!("{ack_id}-accepted"), &ack);

    let bad = with_bad_se_count(&make_850(
        "000000502",
        "PO-J2",
        &[("OS-PAP-2001", "1", "3.95")],
    ));
    let (status, ack) = post_edi(&app, bad).await;
    assert_eq!(status, 200, "{ack}");
    let rejected = if ack_id == "999" { "IK5*R" } else { "AK5*R" };
    assert!(ack.contains(rejected), "{ack}");
    save(&format!("{ack_id}-rejected"), &ack);

    let list: Value = app
        .get_admin(&format!("/api/orders?partner={partner}"))
        .await
        .json()
        .await
        .unwrap();
    let list = list["orders"].as_array().unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    let id = list[0]["id"].as_str().unwrap().to_owned();
    for (what, body) in [
        ("confirmation", json!({"status": "accept"})),
        (
            "shipments",
            json!({"shipment_id": "SH-J1", "carrier": "UPS", "carrier_code": "UPSN",
                "tracking_number": "1Z999", "packages": [{"sscc": "003456789012345675"}]}),
        ),
        ("invoices", json!({"invoice_number": "INV-J1"})),
    ] {
        let (status, text) = act(&app, &id, what, body).await;
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            (status, v["syntax"].as_str()),
            (201, Some("x12")),
            "{what}: {v}"
        );
    }

    let deadline = Instant::now() + Duration::from_secs(20);
    let posts = loop {
        let seen: Vec<String> = rx
            .seen
            .lock()
            .unwrap()
            .iter()
            .map(|s| String::from_utf8_lossy(&s.2).into_owned())
            .collect();
        if seen.len() >= 3 {
            break seen;
        }
        assert!(Instant::now() < deadline, "{} posts delivered", seen.len());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for set in ["855", "856", "810"] {
        let text = posts
            .iter()
            .find(|p| p.contains(&format!("ST*{set}*")))
            .unwrap_or_else(|| panic!("no {set} among {posts:?}"));
        save(set, text);
    }

    // Two groups, the first with a GS04 that is no date: an acknowledgement group each, the
    // first AK9 R.
    let two = crate::x12::two_groups(make_850, "000000503", |gs| {
        gs.replace("*20261124*1000*", "*20261301*1000*")
    });
    let (status, ack) = post_edi(&app, two).await;
    assert_eq!(status, 200, "{ack}");
    assert!(
        ack.contains("AK9*R*1*1*0~") && ack.contains("AK9*A*1*1*1~"),
        "{ack}"
    );
    save(&format!("{ack_id}-bad-gs"), &ack);
    // A PID01 no description type in line 2: AK3/IK3 with its loop (and CTX in a 999).
    let pid = make_850(
        "000000504",
        "PO-J4",
        &[("OS-PAP-2001", "1", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    )
    .replace("PID*F****Item OS-PEN", "PID*Z****Item OS-PEN");
    let (status, ack) = post_edi(&app, pid).await;
    assert_eq!(status, 200, "{ack}");
    let ak3 = if ack_id == "999" {
        "IK3*PID*12*PID*8~CTX*PO101>2~"
    } else {
        "AK3*PID*12*PID*8~"
    };
    assert!(ack.contains(ak3), "{ack}");
    save(&format!("{ack_id}-line-error"), &ack);
    app.handle.stop(true).await;
    files
}

#[tokio::test]
async fn our_x12_output_passes_node_x12_strict() {
    if !judge_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();

    // The demo buyer as shipped: 004010, 997.
    let mut files = produce(dir.path(), "4010", "demo-buyer", None, x12_850, "997").await;

    // The same buyer on 005010 with 999s (a partners dir holding only that variant).
    let partners = tempfile::tempdir().unwrap();
    let demo = std::fs::read_to_string(repo_root().join("partners/demo-buyer.toml")).unwrap();
    let variant = demo
        .replace("version = \"004010\"", "version = \"005010\"")
        .replace("ack = \"997\"", "ack = \"999\"");
    assert!(variant.contains("ack = \"999\"") && variant.contains("\"005010\""));
    write_file(partners.path(), "buyer-999.toml", &variant);
    files.extend(
        produce(
            dir.path(),
            "5010",
            "buyer-999",
            Some(partners.path().to_owned()),
            x12_850_5010,
            "999",
        )
        .await,
    );
    assert_eq!(files.len(), 14, "{files:?}");

    let report = match judge(&files) {
        Ok(out) => out,
        Err(out) => {
            let texts: Vec<String> = files
                .iter()
                .map(|f| {
                    format!(
                        "--- {}\n{}",
                        f.display(),
                        std::fs::read_to_string(f).unwrap()
                    )
                })
                .collect();
            panic!(
                "node-x12 strict rejected our output:\n{out}\n{}",
                texts.join("\n")
            );
        }
    };
    eprintln!("{report}");

    // The judge is live: the same 855 with a wrong SE01 must fail.
    let text = std::fs::read_to_string(dir.path().join("4010-855.x12")).unwrap();
    let broken = dir.path().join("broken-855.x12");
    std::fs::write(&broken, with_bad_se_count(&text)).unwrap();
    let out = judge(&[broken]).expect_err("node-x12 must reject a wrong SE01");
    assert!(out.contains("SE01"), "{out}");
}

/// Every set the X12 writers produce as a golden file (810, 832, 846, 855, 856, 865) passes
/// node-x12 strict, not only those the lifecycle sends.
#[test]
fn every_written_x12_golden_file_passes_node_x12_strict() {
    if !judge_available() {
        return;
    }
    let dir = repo_root().join("crates/codec/tests/golden/x12/map");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with("_written.edi"))
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{files:?}");
    if let Err(out) = judge(&files) {
        panic!("node-x12 strict rejects a written golden file:\n{out}");
    }
}
