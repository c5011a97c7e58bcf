//! X12 over `POST /edi`: an 850 from the demo partner becomes an order and gets its 997 in the
//! response; duplicates, unknown senders, bad envelopes and bad sets get precise answers.

use codec::x12;
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp, ADMIN_TOKEN};

/// An 850 interchange from the demo buyer (ZZ/DEMOBUYER → ZZ/B2BGATE) with `lines` PO1s.
pub fn x12_850(isa13: &str, po: &str, lines: &[(&str, &str, &str)]) -> String {
    let mut segs = vec![
        "ST*850*0001".to_owned(),
        format!("BEG*00*SA*{po}**20261124"),
        "CUR*BY*USD".to_owned(),
        "REF*DP*042".to_owned(),
        "DTM*002*20261205".to_owned(),
        "N1*ST*Demo Buyer DC*92*DC-7".to_owned(),
        "N3*100 Warehouse Way".to_owned(),
        "N4*Springfield*IL*62701*US".to_owned(),
    ];
    for (i, (part, qty, price)) in lines.iter().enumerate() {
        segs.push(format!(
            "PO1*{}*{qty}*EA*{price}**VP*{part}*BP*B-{part}",
            i + 1
        ));
        segs.push(format!("PID*F****Item {part}"));
    }
    segs.push(format!("CTT*{}", lines.len()));
    let count = segs.len() + 1;
    segs.push(format!("SE*{count}*0001"));
    format!(
        "ISA*00*          *00*          *ZZ*DEMOBUYER      *ZZ*B2BGATE        *261124*1000*U*00401*{isa13}*0*T*>~\n\
         GS*PO*DEMOBUYER*B2BGATE*20261124*1000*1*X*004010~\n{}~\nGE*1*1~\nIEA*1*{isa13}~\n",
        segs.join("~\n")
    )
}

async fn post_edi(app: &TestApp, body: String) -> (u16, String, String) {
    app.post_edi("application/edi-x12", body).await
}

/// Segments of the first interchange of `text` as strings (`AK5*A`).
fn segments(text: &str) -> Vec<String> {
    let parsed = x12::parse(text.as_bytes()).unwrap();
    let ic = &parsed.interchanges[0];
    let mut out = vec![String::from_utf8_lossy(ic.isa.raw()).into_owned()];
    out.extend(
        ic.ta1
            .iter()
            .map(|s| String::from_utf8_lossy(s.raw()).into_owned()),
    );
    for g in &ic.groups {
        out.push(String::from_utf8_lossy(g.gs.raw()).into_owned());
        for s in &g.sets {
            out.push(String::from_utf8_lossy(s.st.raw()).into_owned());
            out.extend(
                s.body
                    .iter()
                    .map(|b| String::from_utf8_lossy(b.raw()).into_owned()),
            );
        }
    }
    assert!(
        parsed
            .all_issues()
            .all(|i| i.severity != codec::Severity::Error),
        "our ack must be a valid interchange: {:?}",
        parsed.all_issues().collect::<Vec<_>>()
    );
    out
}

/// A lifecycle step on order `id` (`confirmation`, `shipments`, `invoices`): status and body.
pub(crate) async fn act(app: &TestApp, id: &str, what: &str, body: Value) -> (u16, String) {
    let r = app
        .client
        .post(app.url(&format!("/api/orders/{id}/{what}")))
        .bearer_auth(ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Accepts order `id` in full (its 855 goes out): the confirmation step, which must give 201.
async fn accept_order(app: &TestApp, id: &str) {
    let (status, text) = act(
        app,
        id,
        "confirmation",
        serde_json::json!({"status": "accept"}),
    )
    .await;
    assert_eq!(status, 201, "{text}");
}

async fn orders(app: &TestApp) -> Vec<Value> {
    let r = app.get_admin("/api/orders?partner=demo-buyer").await;
    r.json::<Value>().await.unwrap()["orders"]
        .as_array()
        .unwrap()
        .clone()
}

/// The newest order of the demo partner: its id and `GET /api/orders/{id}`.
async fn newest_order(app: &TestApp) -> (String, Value) {
    let id = orders(app).await[0]["id"].as_str().unwrap().to_owned();
    let view = app
        .get_admin(&format!("/api/orders/{id}"))
        .await
        .json()
        .await
        .unwrap();
    (id, view)
}

#[tokio::test]
async fn an_850_becomes_an_order_and_gets_its_997_in_the_response() {
    let app = spawn_app().await;
    let body = x12_850(
        "000000101",
        "PO-X1",
        &[("OS-PAP-2001", "5", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    );
    let (status, ct, ack) = post_edi(&app, body.clone()).await;
    assert_eq!(status, 200, "{ack}");
    assert_eq!(ct, "application/edi-x12");
    let segs = segments(&ack);
    // Mirrored envelope: we are the sender now, the partner the receiver; its version.
    assert!(
        segs[0].contains("ZZ*B2BGATE        *ZZ*DEMOBUYER      "),
        "{segs:?}"
    );
    assert!(segs[0].contains("*00401*"), "{segs:?}");
    assert!(
        segs.iter()
            .any(|s| s.starts_with("GS*FA*B2BGATE*DEMOBUYER")),
        "{segs:?}"
    );
    assert!(segs.iter().any(|s| s == "AK1*PO*1"), "{segs:?}");
    assert!(segs.iter().any(|s| s == "AK2*850*0001"), "{segs:?}");
    assert!(segs.iter().any(|s| s == "AK5*A"), "{segs:?}");
    assert!(segs.iter().any(|s| s == "AK9*A*1*1*1"), "{segs:?}");

    let list = orders(&app).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["order_number"], "PO-X1");
    assert_eq!(list[0]["syntax"], "x12");
    let id = list[0]["id"].as_str().unwrap();
    let view: Value = app
        .get_admin(&format!("/api/orders/{id}"))
        .await
        .json()
        .await
        .unwrap();
    let order = &view["order"];
    assert_eq!(order["lines"][0]["supplier_part_id"], "OS-PAP-2001");
    assert_eq!(order["lines"][0]["buyer_part_id"], "B-OS-PAP-2001");
    assert_eq!(order["lines"][1]["unit_price"], "5.9");
    assert_eq!(order["ship_to"]["city"], "Springfield");
    // ISA15 = T: flagged as a test order, and checked against the catalog like a cXML order.
    let flags = view["flags"].to_string();
    assert!(flags.contains("ISA15 = T"), "{flags}");
    // The interchange and the 997 are archived.
    let docs: Value = app
        .get_admin("/api/documents?partner=demo-buyer")
        .await
        .json()
        .await
        .unwrap();
    let docs = docs["documents"].as_array().unwrap();
    assert!(docs
        .iter()
        .any(|d| d["direction"] == "inbound" && d["syntax"] == "x12"));
    assert!(docs
        .iter()
        .any(|d| d["direction"] == "outbound" && d["doc_type"] == "functional_ack"));

    // The same ISA13 again: 409 with a TA1 R/025, nothing new.
    let (status, _, ta1) = post_edi(&app, body).await;
    assert_eq!(status, 409, "{ta1}");
    let segs = segments(&ta1);
    assert!(
        segs.iter()
            .any(|s| s.starts_with("TA1*000000101*") && s.ends_with("*R*025")),
        "{segs:?}"
    );
    assert_eq!(orders(&app).await.len(), 1);
}

#[tokio::test]
async fn bad_sets_are_rejected_in_the_997_and_create_nothing() {
    let app = spawn_app().await;
    // SE01 says 99 segments.
    let bad_count = x12_850("000000201", "PO-B1", &[("OS-PAP-2001", "1", "3.95")])
        .replace("SE*12*0001", "SE*99*0001");
    let (status, _, ack) = post_edi(&app, bad_count).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    assert!(segs.iter().any(|s| s.starts_with("AK5*R*4")), "{segs:?}");
    assert!(
        segs.iter().any(|s| s.starts_with("AK9*R*1*1*0")),
        "{segs:?}"
    );
    // A quantity that is not a number: AK4 with the element, set rejected.
    let bad_qty = x12_850("000000202", "PO-B2", &[("OS-PAP-2001", "lots", "3.95")]);
    let (status, _, ack) = post_edi(&app, bad_qty).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    assert!(segs.iter().any(|s| s.starts_with("AK3*PO1*")), "{segs:?}");
    assert!(segs.iter().any(|s| s.starts_with("AK4*2*")), "{segs:?}");
    assert!(segs.iter().any(|s| s.starts_with("AK5*R")), "{segs:?}");
    assert!(orders(&app).await.is_empty());
}

#[tokio::test]
async fn a_group_the_997_rejects_creates_no_order_even_from_a_sound_set() {
    let app = spawn_app().await;
    // GE01 says two sets, the group holds one: the group is rejected (AK9 R, AK905 5), and
    // AK904 says no set was accepted, though the 850 itself is sound (AK5 A).
    let wrong_count = x12_850("000000501", "PO-G1", &[("OS-PAP-2001", "1", "3.95")])
        .replace("GE*1*1~", "GE*2*1~");
    let (status, _, ack) = post_edi(&app, wrong_count).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    assert!(segs.iter().any(|s| s == "AK9*R*2*1*0*5"), "{segs:?}");
    assert!(
        orders(&app).await.is_empty(),
        "a rejected group must create nothing"
    );
    // The partner sends the group again, counted right, in a new interchange: one order.
    let resent = x12_850("000000502", "PO-G1", &[("OS-PAP-2001", "1", "3.95")]);
    let (status, _, ack) = post_edi(&app, resent).await;
    assert_eq!(status, 200, "{ack}");
    assert!(segments(&ack).iter().any(|s| s == "AK9*A*1*1*1"), "{ack}");
    assert_eq!(orders(&app).await.len(), 1);

    // A partner whose 997 goes out later gets a JSON receipt: the set is R, with the reason.
    let (later, _profile) =
        crate::helpers::spawn_demo_edited("sync_ack = true", "sync_ack = false").await;
    let wrong_count = x12_850("000000503", "PO-G2", &[("OS-PAP-2001", "1", "3.95")])
        .replace("GE*1*1~", "GE*2*1~");
    let (status, ct, body) = post_edi(&later, wrong_count).await;
    crate::helpers::assert_rejected_receipt(status, &ct, &body, "the group is rejected (AK9 R)");
    assert!(orders(&later).await.is_empty());
}

#[tokio::test]
async fn unknown_senders_and_garbage_get_clear_refusals() {
    let app = spawn_app().await;
    let stranger = x12_850("000000301", "PO-S", &[("OS-PAP-2001", "1", "3.95")])
        .replace("ZZ*DEMOBUYER      *", "ZZ*STRANGER       *");
    let (status, _, body) = post_edi(&app, stranger).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("ZZ/STRANGER"), "{body}");
    // Addressed to someone else: 403 with a TA1 R 008, sent from the id it should have used.
    let elsewhere = x12_850("000000303", "PO-W", &[("OS-PAP-2001", "1", "3.95")])
        .replace("ZZ*B2BGATE        *", "ZZ*SOMEONEELSE    *");
    let (status, ct, body) = post_edi(&app, elsewhere).await;
    assert_eq!(
        (status, ct.as_str()),
        (403, "application/edi-x12"),
        "{body}"
    );
    let segs = segments(&body);
    assert!(
        segs[0].contains("ZZ*B2BGATE        *ZZ*DEMOBUYER      "),
        "{segs:?}"
    );
    assert!(
        segs.iter()
            .any(|s| s.starts_with("TA1*000000303*") && s.ends_with("*R*008")),
        "{segs:?}"
    );
    assert!(orders(&app).await.is_empty());
    // The TA1 is archived like every acknowledgement.
    let docs: Value = app
        .get_admin("/api/documents?direction=outbound")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        docs["documents"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["doc_type"] == "ta1" && d["syntax"] == "x12"),
        "{docs}"
    );
    let (status, _, body) = post_edi(&app, "hello".into()).await;
    assert_eq!(status, 400, "{body}");
    // A broken ISA (IEA02 does not match ISA13): TA1 R, nothing stored as valid.
    let broken = x12_850("000000302", "PO-T", &[("OS-PAP-2001", "1", "3.95")])
        .replace("IEA*1*000000302", "IEA*1*000000999");
    let (status, ct, body) = post_edi(&app, broken).await;
    assert_eq!(
        (status, ct.as_str()),
        (400, "application/edi-x12"),
        "{body}"
    );
    assert!(body.contains("TA1*000000302*"), "{body}");
    assert!(orders(&app).await.is_empty());
    // The partner corrects the envelope and sends again with the same ISA13: it was never
    // accepted, so it is received, not refused as a duplicate (TA1 025).
    let corrected = x12_850("000000302", "PO-T", &[("OS-PAP-2001", "1", "3.95")]);
    let (status, _, body) = post_edi(&app, corrected.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(orders(&app).await.len(), 1);
    // Once accepted, the same ISA13 again is the duplicate.
    let (status, _, body) = post_edi(&app, corrected).await;
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("*R*025"), "{body}");
    let r = app
        .client
        .post(app.url("/edi"))
        .header("content-type", "application/json")
        .bearer_auth(ADMIN_TOKEN)
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
}

#[tokio::test]
async fn x12_orders_are_answered_with_855_856_810_through_the_outbox() {
    let (url, rx, _h) = crate::relay::receiver(vec![]).await;
    let app = crate::helpers::spawn_app_with(crate::helpers::AppOptions {
        partner_env: vec![("DEMO_BUYER_X12_URL".into(), url.clone())],
        ..Default::default()
    })
    .await;
    // A production interchange (ISA15 = P): what answers it is production data too.
    let body = x12_850(
        "000000401",
        "PO-L1",
        &[("OS-PAP-2001", "5", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    )
    .replace("*0*T*", "*0*P*");
    assert_eq!(post_edi(&app, body).await.0, 200);
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    let step = |what: &'static str, body: Value| {
        let (app, id) = (&app, &id);
        async move {
            let (status, text) = act(app, id, what, body).await;
            (status, serde_json::from_str::<Value>(&text).unwrap())
        }
    };
    let (s, c) = step("confirmation", serde_json::json!({"status": "accept"})).await;
    assert_eq!((s, c["syntax"].as_str()), (201, Some("x12")), "{c}");
    let (s, n) = step(
        "shipments",
        serde_json::json!({"shipment_id": "SH-1", "carrier": "UPS", "carrier_code": "UPSN",
            "tracking_number": "1Z999", "packages": [{"sscc": "003456789012345675"}]}),
    )
    .await;
    assert_eq!(s, 201, "{n}");
    let (s, i) = step("invoices", serde_json::json!({"invoice_number": "INV-9"})).await;
    assert_eq!(s, 201, "{i}");

    // All three reach the partner as valid interchanges that read back to the same documents.
    let posts: Vec<String> = rx
        .posts(3)
        .await
        .iter()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    let mut ids = Vec::new();
    for text in &posts {
        let parsed = x12::parse(text.as_bytes()).unwrap();
        assert!(
            parsed
                .all_issues()
                .all(|i| i.severity != codec::Severity::Error),
            "{text}"
        );
        let ic = &parsed.interchanges[0];
        assert_eq!(ic.sender_id(), "B2BGATE");
        assert_eq!(ic.receiver_id(), "DEMOBUYER");
        assert_eq!(ic.usage(), "P", "{text}");
        let set = &ic.groups[0].sets[0];
        let (doc, issues) = x12::map::read_transaction(set);
        assert!(
            issues.iter().all(|i| i.severity != codec::Severity::Error),
            "{issues:?}\n{text}"
        );
        match doc.unwrap() {
            model::Document::OrderResponse(r) => assert_eq!(r.order_number, "PO-L1"),
            model::Document::ShipNotice(n) => {
                assert_eq!(n.shipment_id, "SH-1");
                assert_eq!(n.orders[0].order_number, "PO-L1");
            }
            model::Document::Invoice(inv) => {
                assert_eq!(inv.invoice_number, "INV-9");
                assert_eq!(inv.order_number.as_deref(), Some("PO-L1"));
            }
            other => panic!("unexpected {other:?}"),
        }
        ids.push(set.id().to_owned());
        ids.push(ic.control_number().to_owned());
    }
    ids.sort();
    assert!(
        ids.contains(&"855".to_owned())
            && ids.contains(&"856".to_owned())
            && ids.contains(&"810".to_owned()),
        "{ids:?}"
    );
    // Control numbers are never reused: three distinct ISA13s (the 997 took one before).
    let mut isa13: Vec<&String> = ids.iter().filter(|s| s.len() == 9).collect();
    isa13.dedup();
    assert_eq!(isa13.len(), 3, "{ids:?}");
}

#[tokio::test]
async fn an_invoice_number_x12_cannot_carry_is_refused_not_changed() {
    let app = spawn_app().await;
    let body = x12_850("000000411", "PO-L9", &[("OS-PAP-2001", "5", "3.95")]);
    assert_eq!(post_edi(&app, body).await.0, 200);
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    let invoice = |number: &'static str| {
        let (app, id) = (&app, &id);
        async move {
            act(
                app,
                id,
                "invoices",
                serde_json::json!({ "invoice_number": number }),
            )
            .await
        }
    };
    // `*` is the element separator: written as a space it would reach the partner as another
    // invoice number, so it is refused with the reason, and nothing is rendered or queued.
    let (status, body) = invoice("INV*10").await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("BIG02") && body.contains("delimiter"),
        "{body}"
    );
    let outbound_invoices = || async {
        let docs: Value = app
            .get_admin("/api/documents?direction=outbound")
            .await
            .json()
            .await
            .unwrap();
        docs["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["doc_type"] == "invoice")
            .count()
    };
    assert_eq!(outbound_invoices().await, 0);
    let (status, body) = invoice("INV-10").await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(outbound_invoices().await, 1);
}

/// An 860 from the demo buyer changing `po`: `lines` are (line, change type, quantity, part).
fn x12_860(isa13: &str, po: &str, purpose: &str, lines: &[(&str, &str, &str, &str)]) -> String {
    let mut segs = vec![
        "ST*860*0001".to_owned(),
        format!("BCH*{purpose}*SA*{po}***20261124"),
    ];
    for (n, kind, qty, part) in lines {
        segs.push(format!("POC*{n}*{kind}*{qty}**EA*3.95**VP*{part}"));
    }
    segs.push(format!("CTT*{}", lines.len()));
    let count = segs.len() + 1;
    segs.push(format!("SE*{count}*0001"));
    format!(
        "ISA*00*          *00*          *ZZ*DEMOBUYER      *ZZ*B2BGATE        *261124*1000*U*00401*{isa13}*0*T*>~\n\
         GS*PC*DEMOBUYER*B2BGATE*20261124*1000*2*X*004010~\n{}~\nGE*1*2~\nIEA*1*{isa13}~\n",
        segs.join("~\n")
    )
}

/// An 850 `po` of two lines (ISA13 `isa13`), and the 860 (ISA13 `isa13` + 1) raising line 1 to
/// 7 and deleting line 2.
fn order_and_change(isa13: u32, po: &str) -> (String, String) {
    let order = x12_850(
        &format!("{isa13:09}"),
        po,
        &[("OS-PAP-2001", "5", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    );
    let change = x12_860(
        &format!("{:09}", isa13 + 1),
        po,
        "04",
        &[
            ("1", "QI", "7", "OS-PAP-2001"),
            ("2", "DI", "", "OS-PEN-1001-BL"),
        ],
    );
    (order, change)
}

#[tokio::test]
async fn an_860_changes_the_order_and_a_cancel_cancels_it() {
    let app = spawn_app().await;
    let (body, change) = order_and_change(601, "PO-C1");
    assert_eq!(post_edi(&app, body).await.0, 200);
    let (status, _, ack) = post_edi(&app, change).await;
    assert_eq!(status, 200, "{ack}");
    assert!(segments(&ack).iter().any(|s| s == "AK5*A"), "{ack}");
    let (id, view) = newest_order(&app).await;
    assert_eq!(view["version"], 2, "{view}");
    let lines = view["order"]["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 1, "{view}");
    assert_eq!(lines[0]["quantity"], "7");
    // A change to an order we never received is acknowledged (syntax) but refused (business).
    let stray = x12_860(
        "000000603",
        "PO-NONE",
        "04",
        &[("1", "QI", "1", "OS-PAP-2001")],
    );
    assert_eq!(post_edi(&app, stray).await.0, 200);
    let docs: Value = app
        .get_admin("/api/documents?direction=inbound")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        docs.to_string()
            .contains("there is no order PO-NONE to change"),
        "the refusal is on the archived interchange: {docs}"
    );
    // Cancel.
    let cancel = x12_860(
        "000000604",
        "PO-C1",
        "01",
        &[("1", "DI", "", "OS-PAP-2001")],
    );
    assert_eq!(post_edi(&app, cancel).await.0, 200);
    let view: Value = app
        .get_admin(&format!("/api/orders/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(view["status"], "cancelled", "{view}");
}

/// Wait until `dir` holds a file whose name satisfies `pred`; its name and content.
pub(crate) async fn wait_for_file(
    dir: &std::path::Path,
    pred: impl Fn(&str) -> bool,
) -> (String, String) {
    crate::helpers::eventually(&format!("a file in {}", dir.display()), || {
        std::fs::read_dir(dir).ok()?.flatten().find_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            pred(&name).then(|| (name, std::fs::read_to_string(e.path()).unwrap()))
        })
    })
    .await
}

#[tokio::test]
async fn drop_folders_read_in_answer_in_out_and_sort_into_processed_and_error() {
    let root = tempfile::tempdir().unwrap();
    let base = root.path().join("demo-buyer");
    let out_url = url::Url::from_directory_path(base.join("out")).unwrap();
    let app = crate::helpers::spawn_app_with(crate::helpers::AppOptions {
        drop_dir: Some(root.path().to_owned()),
        partner_env: vec![("DEMO_BUYER_X12_URL".into(), out_url.to_string())],
        ..Default::default()
    })
    .await;
    // The folders appear on the first scan; drop like an SFTP client: temporary name, rename.
    wait_for_dir(&base.join("in")).await;
    let po = x12_850("000000701", "PO-F1", &[("OS-PAP-2001", "5", "3.95")]);
    std::fs::write(base.join("in/.po1.edi.part"), &po).unwrap();
    std::fs::rename(base.join("in/.po1.edi.part"), base.join("in/po1.edi")).unwrap();
    let (_, ack) = wait_for_file(&base.join("out"), |n| n.ends_with("po1.edi.ack0.edi")).await;
    assert!(ack.contains("AK5*A"), "{ack}");
    wait_for_file(&base.join("processed"), |n| n.ends_with("-po1.edi")).await;
    assert_eq!(orders(&app).await.len(), 1);

    // Garbage and a duplicate go to error/ with the reason (and the TA1 for the duplicate).
    std::fs::write(base.join("in/junk.txt"), "hello").unwrap();
    let (_, reason) =
        wait_for_file(&base.join("error"), |n| n.ends_with("junk.txt.reason.txt")).await;
    assert!(reason.contains("not an interchange"), "{reason}");
    std::fs::write(base.join("in/again.edi"), &po).unwrap();
    let (_, reason) =
        wait_for_file(&base.join("error"), |n| n.ends_with("again.edi.reason.txt")).await;
    assert!(reason.contains("duplicate interchange"), "{reason}");
    let (_, ta1) = wait_for_file(&base.join("out"), |n| n.ends_with("again.edi.refusal.edi")).await;
    assert!(ta1.contains("*R*025"), "{ta1}");
    assert_eq!(orders(&app).await.len(), 1);

    // The 855 goes to the partner's file:// URL through the outbox.
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    accept_order(&app, &id).await;
    let (_, ack855) = wait_for_file(&base.join("out"), |n| {
        !n.starts_with('.') && !n.contains(".ack") && !n.contains(".refusal") && n.ends_with(".edi")
    })
    .await;
    assert!(ack855.contains("ST*855*"), "{ack855}");
}

pub(crate) async fn wait_for_dir(dir: &std::path::Path) {
    crate::helpers::eventually(&dir.display().to_string(), || dir.is_dir().then_some(())).await;
}

#[tokio::test]
async fn the_partners_997_reconciles_what_we_sent() {
    let (url, rx, _h) = crate::relay::receiver(vec![]).await;
    let app = crate::helpers::spawn_app_with(crate::helpers::AppOptions {
        partner_env: vec![("DEMO_BUYER_X12_URL".into(), url.clone())],
        ..Default::default()
    })
    .await;
    let body = x12_850("000000801", "PO-R1", &[("OS-PAP-2001", "5", "3.95")]);
    assert_eq!(post_edi(&app, body).await.0, 200);
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    accept_order(&app, &id).await;
    let acks = |q: &'static str| {
        let app = &app;
        async move {
            let v: Value = app
                .get_admin(&format!("/api/acks{q}"))
                .await
                .json()
                .await
                .unwrap();
            v["acks"].as_array().unwrap().clone()
        }
    };
    assert_eq!(acks("?state=pending").await.len(), 1);
    assert_eq!(
        acks("?state=overdue&overdue_after_minutes=0").await.len(),
        1
    );

    // The partner answers the 855 with a 997 (built here with our own codec, as the partner).
    let sent = String::from_utf8_lossy(&rx.posts(1).await[0]).into_owned();
    let parsed = x12::parse(sent.as_bytes()).unwrap();
    let ic = &parsed.interchanges[0];
    let options = x12::AckOptions {
        group_control_number: 77,
        set_control_number: "0077".into(),
        report_accepted_sets: true,
    };
    let group = x12::ack_997(ic, &ic.groups[0], &[], &options);
    let header = ic.reply_header(
        900,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
    );
    let (their_997, _) = x12::write_interchange(&header, vec![group]);
    let (status, _, body) = post_edi(&app, their_997).await;
    assert_eq!(
        status, 202,
        "an acknowledgement is not acknowledged: {body}"
    );
    let accepted = acks("?state=accepted").await;
    assert_eq!(accepted.len(), 1, "{accepted:?}");
    assert_eq!(accepted[0]["doc_type"], "order_response");
    assert!(
        accepted[0]["ack_detail"].as_str().unwrap().contains("855"),
        "{accepted:?}"
    );
    assert!(acks("?state=pending").await.is_empty());

    // The 856 that follows is refused at the envelope: the partner's TA1 R names its ISA13.
    let (status, text) = act(
        &app,
        &id,
        "shipments",
        serde_json::json!({"shipment_id": "SH-R1"}),
    )
    .await;
    assert_eq!(status, 201, "{text}");
    let sent = String::from_utf8_lossy(&rx.posts(2).await[1]).into_owned();
    let parsed = x12::parse(sent.as_bytes()).unwrap();
    let ic = &parsed.interchanges[0];
    let ta1 = |status: x12::AckStatus, note: &str| x12::Ta1Out {
        control_number: ic.control_number().to_owned(),
        date: "261124".into(),
        time: "1200".into(),
        status,
        note_code: note.into(),
    };
    // First a TA1 A: received, not yet accepted; then the R.
    for (isa13, t) in [
        (901, ta1(x12::AckStatus::Accepted, "000")),
        (902, ta1(x12::AckStatus::Rejected, "024")),
    ] {
        let header = ic.reply_header(
            isa13,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
            chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        );
        let (their_ta1, _) = x12::write_interchange_with_ta1(&header, &[t], vec![]);
        let (status, _, body) = post_edi(&app, their_ta1).await;
        assert!(status == 200 || status == 202, "{status} {body}");
        if isa13 == 901 {
            let received = acks("?state=received").await;
            assert_eq!(received.len(), 1, "{received:?}");
            assert_eq!(received[0]["doc_type"], "ship_notice");
        }
    }
    let rejected = acks("?state=rejected").await;
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0]["doc_type"], "ship_notice");
    assert!(
        rejected[0]["ack_detail"].as_str().unwrap().contains("024"),
        "{rejected:?}"
    );
    // The 855's 997 still stands.
    assert_eq!(acks("?state=accepted").await.len(), 1);
}

#[tokio::test]
async fn standard_rules_reject_a_bad_code_with_its_ak3_ak4() {
    let app = spawn_app().await;
    // BEG01 99: no such purpose (the 850 reader and the standard table agree: one AK4).
    let body = x12_850("000000801", "PO-R1", &[("OS-PAP-2001", "1", "3.95")])
        .replace("BEG*00*SA*", "BEG*99*SA*");
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    let aks: Vec<&String> = segs.iter().filter(|s| s.starts_with("AK")).collect();
    assert_eq!(
        aks,
        [
            "AK1*PO*1",
            "AK2*850*0001",
            "AK3*BEG*2**8",
            "AK4*1*353*7*99",
            "AK5*R*5",
            "AK9*R*1*1*0"
        ],
        "{segs:?}"
    );
    // BEG02 ZZ: only schemas/x12/004010/850.toml knows it is not a purchase order type.
    let body = x12_850("000000802", "PO-R2", &[("OS-PAP-2001", "1", "3.95")])
        .replace("BEG*00*SA*", "BEG*00*ZZ*");
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    for want in ["AK3*BEG*2**8", "AK4*2*92*7*ZZ", "AK5*R*5"] {
        assert!(segs.iter().any(|s| s == want), "{want} in {segs:?}");
    }
    assert!(orders(&app).await.is_empty());
    // The same in a 005010 group: schemas/x12/005010/850.toml applies.
    let body =
        crate::x12_judge::x12_850_5010("000000803", "PO-R3", &[("OS-PAP-2001", "1", "3.95")])
            .replace("BEG*00*SA*", "BEG*00*ZZ*");
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    for want in ["AK3*BEG*2**8", "AK4*2*92*7*ZZ", "AK5*R*5"] {
        assert!(segs.iter().any(|s| s == want), "{want} in {segs:?}");
    }
    // ...where REF02 may be 50 characters long (30 in 004010).
    let long_ref = "R".repeat(45);
    let body =
        crate::x12_judge::x12_850_5010("000000804", "PO-R4", &[("OS-PAP-2001", "1", "3.95")])
            .replace("REF*DP*042", &format!("REF*DP*{long_ref}"));
    let (status, _, ack) = post_edi(&app, body.clone()).await;
    assert_eq!(status, 200, "{ack}");
    assert!(segments(&ack).iter().any(|s| s == "AK5*A"), "{body}\n{ack}");
    assert_eq!(orders(&app).await.len(), 1);
}

/// The demo partner with X12 rules of its own: `850.toml` holding `rules` (in `demo-buyer/x12`
/// of a partners folder that must outlive the app); the partner file too.
async fn app_with_850_rules(rules: &str) -> (TestApp, tempfile::TempDir, String) {
    use crate::helpers::{repo_root, spawn_app_with, write_file, AppOptions};

    let dir = tempfile::tempdir().unwrap();
    let demo = std::fs::read_to_string(repo_root().join("partners/demo-buyer.toml"))
        .unwrap()
        .replace(
            "sync_ack = true\n",
            "sync_ack = true\nrules_dir = \"demo-buyer/x12\"\n",
        );
    write_file(dir.path(), "demo-buyer.toml", &demo);
    let folder = dir.path().join("demo-buyer/x12");
    std::fs::create_dir_all(&folder).unwrap();
    write_file(&folder, "850.toml", rules);
    let app = spawn_app_with(AppOptions {
        partners_dir: Some(dir.path().to_owned()),
        ..AppOptions::default()
    })
    .await;
    (app, dir, demo)
}

#[tokio::test]
async fn partner_rules_make_an_optional_segment_mandatory() {
    use crate::helpers::write_file;

    let (app, _dir, demo) = app_with_850_rules(
        "# This buyer always names a purchasing contact.\n[[segment]]\nid = \"PER\"\nmandatory = true\n",
    )
    .await;

    // No PER: expected before DTM (segment 5), the next segment of the table present.
    let without = x12_850("000000811", "PO-P1", &[("OS-PAP-2001", "1", "3.95")]);
    let (status, _, ack) = post_edi(&app, without.clone()).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    for want in ["AK3*PER*5**3", "AK5*R*5", "AK9*R*1*1*0"] {
        assert!(segs.iter().any(|s| s == want), "{want} in {segs:?}");
    }
    assert!(orders(&app).await.is_empty());

    // With PER: accepted, and the standard rules still apply alongside.
    let with = without
        .replace("000000811", "000000812")
        .replace("PO-P1", "PO-P2")
        .replace("REF*DP*042~\n", "REF*DP*042~\nPER*BD*Jane Buyer~\n")
        .replace("SE*12*0001", "SE*13*0001");
    let (status, _, ack) = post_edi(&app, with).await;
    assert_eq!(status, 200, "{ack}");
    let segs = segments(&ack);
    assert!(segs.iter().any(|s| s == "AK5*A"), "{segs:?}");
    assert_eq!(orders(&app).await.len(), 1);

    // A rules_dir that does not exist is a partner problem.
    let bad = tempfile::tempdir().unwrap();
    write_file(
        bad.path(),
        "demo-buyer.toml",
        &demo.replace("demo-buyer/x12", "nowhere"),
    );
    let problems = b2bgate::partners::PartnerRegistry::load_with_env(bad.path(), &|_| None)
        .err()
        .map(|p| p.to_string())
        .unwrap_or_default();
    assert!(
        problems.contains("x12.rules_dir") && problems.contains("does not exist"),
        "{problems}"
    );
}

/// A file in one partner's drop folder is that partner's: an interchange naming another
/// partner as its sender is refused there (error/ with the reason, nothing stored, nothing
/// answered into this folder), and read when dropped in its own partner's folder.
#[tokio::test]
async fn a_drop_folder_reads_only_its_own_partners_documents() {
    let partners = tempfile::tempdir().unwrap();
    let demo =
        std::fs::read_to_string(crate::helpers::repo_root().join("partners/demo-buyer.toml"))
            .unwrap();
    let other = demo
        .replace("AN01000000001", "AN01000000002")
        .replace("demo-oci", "other-oci")
        .replace("\"DEMOBUYER\"", "\"OTHERBUYER\"")
        .replace("5412345000013", "5412345000020");
    assert_ne!(other, demo);
    crate::helpers::write_file(partners.path(), "demo-buyer.toml", &demo);
    crate::helpers::write_file(partners.path(), "other-buyer.toml", &other);
    let root = tempfile::tempdir().unwrap();
    let app = crate::helpers::spawn_app_with(crate::helpers::AppOptions {
        partners_dir: Some(partners.path().to_owned()),
        drop_dir: Some(root.path().to_owned()),
        ..Default::default()
    })
    .await;
    let other_dir = root.path().join("other-buyer");
    let demo_dir = root.path().join("demo-buyer");
    wait_for_dir(&other_dir.join("in")).await;
    wait_for_dir(&demo_dir.join("in")).await;

    let po = x12_850("000000801", "PO-F8", &[("OS-PAP-2001", "5", "3.95")]);
    std::fs::write(other_dir.join("in/po.edi"), &po).unwrap();
    let (_, reason) = wait_for_file(&other_dir.join("error"), |n| {
        n.ends_with("po.edi.reason.txt")
    })
    .await;
    assert!(
        reason.contains("DEMOBUYER") && reason.contains("drop folder of partner `other-buyer`"),
        "{reason}"
    );
    assert!(orders(&app).await.is_empty());
    let answered: Vec<_> = std::fs::read_dir(other_dir.join("out")).unwrap().collect();
    assert!(
        answered.is_empty(),
        "nothing of the demo buyer's goes to another's folder"
    );

    std::fs::write(demo_dir.join("in/po.edi"), &po).unwrap();
    wait_for_file(&demo_dir.join("processed"), |n| n.ends_with("-po.edi")).await;
    assert_eq!(orders(&app).await.len(), 1);

    // A file of the demo buyer's own 850 and the other's: its own is read, the other's
    // refused and said in error/.
    let own = x12_850("000000802", "PO-F9", &[("OS-PAP-2001", "1", "3.95")]);
    let theirs = x12_850("000000803", "PO-F10", &[("OS-PAP-2001", "1", "3.95")])
        .replace("ZZ*DEMOBUYER      *", "ZZ*OTHERBUYER     *")
        .replace("GS*PO*DEMOBUYER*", "GS*PO*OTHERBUYER*");
    std::fs::write(demo_dir.join("in/mixed.edi"), format!("{own}{theirs}")).unwrap();
    let (_, refused) = wait_for_file(&demo_dir.join("error"), |n| {
        n.ends_with("mixed.edi.refused.txt")
    })
    .await;
    assert!(refused.contains("OTHERBUYER"), "{refused}");
    wait_for_file(&demo_dir.join("processed"), |n| n.ends_with("-mixed.edi")).await;
    assert_eq!(orders(&app).await.len(), 2);

    // Over HTTP, one body answers one partner: the demo buyer's interchange after the other
    // buyer's is refused, and said.
    let r = app
        .client
        .post(app.url("/edi"))
        .header("content-type", "application/edi-x12")
        .body(format!(
            "{}{}",
            theirs.replace("000000803", "000000804"),
            own.replace("000000802", "000000805")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["x-b2bgate-refused"].to_str().unwrap(), "1");
    let theirs: Value = app
        .get_admin("/api/orders?partner=other-buyer")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["orders"][0]["order_number"], "PO-F10", "{theirs}");
    assert_eq!(orders(&app).await.len(), 2, "the demo buyer's was refused");
}

/// Builds an 850 interchange: ISA13, PO number, lines (part, quantity, price).
pub(crate) type Make850 = fn(&str, &str, &[(&str, &str, &str)]) -> String;

/// One interchange of two 850 groups made by `make` (GS06 1 with line `PO-GS1`, GS06 2 with
/// `PO-GS2`), the first GS edited by `bad_gs`.
pub(crate) fn two_groups(
    make: Make850,
    isa13: &str,
    bad_gs: impl FnOnce(&str) -> String,
) -> String {
    let group = |po: &str, part: &str| -> String {
        let text = make(isa13, po, &[(part, "1", "3.95")]);
        let start = text.find("GS*").expect("GS");
        let end = text.find("IEA*").expect("IEA");
        text[start..end].to_owned()
    };
    let first = group("PO-GS1", "OS-PAP-2001");
    let gs_end = first.find('~').expect("GS terminator");
    let first = format!("{}{}", bad_gs(&first[..gs_end]), &first[gs_end..]);
    let second = group("PO-GS2", "OS-PEN-1001-BL")
        .replacen("*1*X*00", "*2*X*00", 1)
        .replace("GE*1*1~", "GE*1*2~");
    let text = make(isa13, "PO-GS1", &[]);
    let isa = &text[..text.find("GS*").expect("GS")];
    let out = format!("{isa}{first}{second}IEA*2*{isa13}~\n");
    assert!(
        out.matches("GS*PO*").count() == 2 && out.contains("GE*1*2~"),
        "{out}"
    );
    out
}

/// The AK/IK and CTX segments of an acknowledgement, in order.
fn ak_segments(ack: &str) -> Vec<String> {
    segments(ack)
        .into_iter()
        .filter(|s| ["AK", "IK", "CTX"].iter().any(|p| s.starts_with(p)))
        .collect()
}

/// A bad GS element rejects its own group in the AK9 of the 997/999, with the AK905 code
/// there is, and no TA1: the other group of the interchange is acknowledged and received.
/// The 999 also names the loop of a segment in error and gives the line as its context.
#[tokio::test]
async fn a_bad_gs_rejects_only_its_group_and_the_other_group_is_received() {
    let app = spawn_app().await;
    // GS04 is no date (month 13): AK905 has no code for it.
    let body = two_groups(x12_850, "000000961", |gs| {
        gs.replace("*20261124*1000*", "*20261301*1000*")
    });
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    assert!(
        !segments(&ack).iter().any(|s| s.starts_with("TA1")),
        "{ack}"
    );
    assert_eq!(
        ak_segments(&ack),
        [
            "AK1*PO*1",
            "AK2*850*0001",
            "AK5*A",
            "AK9*R*1*1*0",
            "AK1*PO*2",
            "AK2*850*0001",
            "AK5*A",
            "AK9*A*1*1*1",
        ],
        "{ack}"
    );
    let list = orders(&app).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["order_number"], "PO-GS2");

    // A partner answered with 999s, in 005010.
    let (app, _dir) = crate::helpers::spawn_demo_edited("ack = \"997\"", "ack = \"999\"").await;
    let make = crate::x12_judge::x12_850_5010;
    // GS08 is no known version: AK905 2 (AK103 echoes it).
    let body = two_groups(make, "000000962", |gs| gs.replace("*X*005010", "*X*5010"));
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    assert!(ack.contains("ST*999*"), "{ack}");
    assert_eq!(
        ak_segments(&ack),
        [
            "AK1*PO*1*5010",
            "AK2*850*0001",
            "IK5*A",
            "AK9*R*1*1*0*2",
            "AK1*PO*2*005010",
            "AK2*850*0001",
            "IK5*A",
            "AK9*A*1*1*1",
        ],
        "{ack}"
    );
    assert_eq!(orders(&app).await.len(), 1);
    // PID01 Z on line 2 (segment 12): the IK3 names loop PID, the CTX line 2.
    let body = make(
        "000000963",
        "PO-GS3",
        &[("OS-PAP-2001", "1", "3.95"), ("OS-PEN-1001-BL", "2", "5.9")],
    );
    let pid = "PID*F****Item OS-PEN-1001-BL";
    assert!(body.contains(pid));
    let (status, _, ack) = post_edi(&app, body.replace(pid, "PID*Z****Item OS-PEN-1001-BL")).await;
    assert_eq!(status, 200, "{ack}");
    assert_eq!(
        ak_segments(&ack),
        [
            "AK1*PO*1*005010",
            "AK2*850*0001",
            "IK3*PID*12*PID*8",
            "CTX*PO101>2", // ISA16 is `>`
            "IK4*1*349*7*Z",
            "IK5*R*5",
            "AK9*R*1*1*0",
        ],
        "{ack}"
    );
    assert_eq!(
        orders(&app).await.len(),
        1,
        "the rejected set creates nothing"
    );
}

/// A body of several interchanges: one refused (a duplicate, an unknown sender) neither hides
/// nor undoes the others. The response carries the 997s of those received and the TA1 of the
/// duplicate, and says how many were refused.
#[tokio::test]
async fn one_refused_interchange_does_not_lose_the_others_acknowledgements() {
    let app = spawn_app().await;
    let first = x12_850("000000901", "PO-M1", &[("OS-PAP-2001", "1", "3.95")]);
    assert_eq!(post_edi(&app, first.clone()).await.0, 200);

    let stranger = x12_850("000000902", "PO-M2", &[("OS-PAP-2001", "1", "3.95")])
        .replace("ZZ*DEMOBUYER      *", "ZZ*STRANGER       *");
    let new = x12_850("000000903", "PO-M3", &[("OS-PAP-2001", "2", "3.95")]);
    let body = format!("{first}{stranger}{new}");
    let r = app
        .client
        .post(app.url("/edi"))
        .header("content-type", "application/edi-x12")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["x-b2bgate-refused"].to_str().unwrap(),
        "2",
        "the duplicate and the stranger"
    );
    let text = r.text().await.unwrap();
    let parsed = x12::parse(text.as_bytes()).unwrap();
    assert_eq!(parsed.interchanges.len(), 2, "{text}");
    let all: Vec<String> = text.split('~').map(|s| s.trim().to_owned()).collect();
    assert!(
        all.iter()
            .any(|s| s.starts_with("TA1*000000901*") && s.ends_with("*R*025")),
        "{text}"
    );
    assert!(all.iter().any(|s| s.starts_with("AK5*A")), "{text}");
    let numbers: Vec<String> = orders(&app)
        .await
        .iter()
        .map(|o| o["order_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers, ["PO-M3", "PO-M1"]);

    // Only refusals: the first one is the answer, as for a single interchange.
    let (status, _, body) = post_edi(&app, format!("{first}{stranger}")).await;
    assert_eq!(status, 409, "{body}");
}

/// The confirmation of an order the buyer changed with an 860 answers the change: an 865
/// (BCA, a POC per confirmed line with the change type it answers), which node-x12 strict
/// accepts.
#[tokio::test]
async fn the_confirmation_of_a_changed_order_is_an_865() {
    let app = spawn_app().await;
    let (body, change) = order_and_change(611, "PO-C2");
    assert_eq!(post_edi(&app, body).await.0, 200);
    // Change number 3 (BCH05).
    let change = change.replacen("***20261124", "**3*20261124", 1);
    assert!(change.contains("BCH*04*SA*PO-C2**3*20261124"), "{change}");
    assert_eq!(post_edi(&app, change).await.0, 200);
    let id = orders(&app).await[0]["id"].as_str().unwrap().to_owned();
    accept_order(&app, &id).await;
    let docs: Value = app
        .get_admin("/api/documents?direction=outbound")
        .await
        .json()
        .await
        .unwrap();
    let doc = docs["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["doc_type"] == "order_response")
        .unwrap_or_else(|| panic!("no confirmation: {docs}"))
        .clone();
    let raw = app
        .get_admin(&format!(
            "/api/documents/{}/raw",
            doc["id"].as_str().unwrap()
        ))
        .await
        .text()
        .await
        .unwrap();
    let segs = segments(&raw);
    // The order came in a test interchange (ISA15 = T): so does its answer.
    assert!(segs[0].ends_with("*0*T*:"), "{raw}");
    assert!(segs.iter().any(|s| s.starts_with("GS*CA*")), "{raw}");
    assert!(segs.iter().any(|s| s.starts_with("ST*865*")), "{raw}");
    assert!(segs.iter().any(|s| s.starts_with("BCA*00*")), "{raw}");
    // It names the change (BCA05 = 3); line 1 as changed (7); the deletion of line 2 is
    // accepted (POC*2*DI*0, ACK*IA*0).
    assert!(
        segs.iter()
            .any(|s| s.starts_with("BCA*00*") && s.contains("*PO-C2**3*")),
        "{raw}"
    );
    assert!(segs.iter().any(|s| s.starts_with("POC*1*CA*7*")), "{raw}");
    let deleted = segs
        .iter()
        .position(|s| s.starts_with("POC*2*DI*0"))
        .unwrap_or_else(|| panic!("{raw}"));
    let ack = segs[deleted + 1..]
        .iter()
        .find(|s| s.starts_with("ACK*") || s.starts_with("POC*") || s.starts_with("CTT*"));
    assert!(ack.is_some_and(|a| a.starts_with("ACK*IA*0")), "{raw}");
    if crate::x12_judge::judge_available() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("865.x12");
        std::fs::write(&file, &raw).unwrap();
        if let Err(out) = crate::x12_judge::judge(&[file]) {
            panic!("node-x12 strict rejects our 865:\n{out}\n{raw}");
        }
    }
}

/// A partner whose supplier part numbers come as SK (`part_qualifiers = ["SK"]` in its rules):
/// the SK value is the order line's supplier part, whatever VP says (the same rule requires SK
/// on every line).
#[tokio::test]
async fn a_partners_part_qualifier_names_the_supplier_part() {
    let (app, _dir, _) = app_with_850_rules("part_qualifiers = [\"SK\"]\n").await;
    let body = x12_850("000000821", "PO-Q1", &[("THEIR-VP-1", "1", "3.95")])
        .replace("*BP*B-THEIR-VP-1~", "*SK*OS-PAP-2001~");
    assert!(body.contains("VP*THEIR-VP-1*SK*OS-PAP-2001~"), "{body}");
    let (status, _, ack) = post_edi(&app, body).await;
    assert_eq!(status, 200, "{ack}");
    assert!(segments(&ack).iter().any(|s| s == "AK5*A"), "{ack}");
    let (_, view) = newest_order(&app).await;
    let line = &view["order"]["lines"][0];
    assert_eq!(line["supplier_part_id"], "OS-PAP-2001", "{view}");
    assert_eq!(line["extrinsics"]["product_id:VP"], "THEIR-VP-1", "{view}");
}
