//! Mutated documents over `POST /edi`: sound X12, EDIFACT and UBL orders from the demo partner,
//! each damaged at random (bytes changed, cut, repeated, swapped, odd numbers put in; sometimes
//! sent as `application/octet-stream`), are posted one after the other. The gateway must answer
//! every one without a 5xx, say why when it refuses, stay ready, and store exactly the orders its
//! answers accept: the order of every 850 its 997 accepts (AK5 `A`/`E` in a group that AK9 does
//! not reject), of every ORDERS its CONTRL accepts (UCM action 7, in an interchange and group
//! not rejected), every order a JSON receipt names, and nothing else. The order numbers are read
//! from what was sent with the codec's own maps (a mutation may change one, or make two the
//! same: the gateway keeps one order per partner and order number).
//!
//! The same holds for cXML OrderRequests over `POST /cxml` (a Status on every answer, never a
//! 5xx one), canonical JSON orders over `POST /api/orders` and PunchOutSetupRequests (every
//! StartPage of a `200` opens the shop); mutated files dropped in a partner's inbound folder all
//! end in `processed/` or in `error/` with a reason; and a U+0000, which PostgreSQL's
//! `text` cannot hold, never makes a statement fail.
//!
//! The run is deterministic: seed 3, 1,000 documents (about 2 s). Before 2026-11-25 that seed
//! caught the gateway storing an order from a group its own acknowledgement rejected (a GE01 or
//! UNE count that was wrong). `B2BGATE_MUTATION_SEED` and `B2BGATE_MUTATION_ROUNDS` explore
//! other runs: `B2BGATE_MUTATION_SEED=7 B2BGATE_MUTATION_ROUNDS=3000 cargo test --test it
//! mutated_`.

use std::collections::{BTreeMap, BTreeSet};

use codec::{edifact, x12};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::Value;

use crate::helpers::{spawn_app, TestApp};

/// One run: the app, the seed, this test's share of the rounds (`B2BGATE_MUTATION_ROUNDS`
/// divided by `share`) and the random numbers of the seed.
async fn run(share: u64) -> (TestApp, u64, u64, StdRng) {
    let seed = env_or("B2BGATE_MUTATION_SEED", 3);
    let rounds = env_or("B2BGATE_MUTATION_ROUNDS", 1000) / share;
    (spawn_app().await, seed, rounds, StdRng::seed_from_u64(seed))
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `doc` with one to ten random changes.
fn mutate(rng: &mut StdRng, doc: &[u8]) -> Vec<u8> {
    const PIECES: &[u8] = b"*~+:'?<>&\"\n\r0123456789ABCZ \x00\xff\xc3";
    const NUMBERS: &[&str] = &[
        "0",
        "-1",
        "1e99",
        "NaN",
        "-0.000",
        "99999999999999999999999",
    ];
    let mut b = doc.to_vec();
    let changes = [1, 1, 2, 3, 5, 10][rng.gen_range(0..6)];
    for _ in 0..changes {
        if b.is_empty() {
            break;
        }
        let i = rng.gen_range(0..b.len());
        match rng.gen_range(0..7) {
            0 => b[i] = rng.gen(),
            1 => {
                let end = (i + rng.gen_range(1..40)).min(b.len());
                b.drain(i..end);
            }
            2 => {
                let n = rng.gen_range(1..6);
                let piece: Vec<u8> = (0..n)
                    .map(|_| PIECES[rng.gen_range(0..PIECES.len())])
                    .collect();
                b.splice(i..i, piece);
            }
            3 => {
                let j = rng.gen_range(0..b.len());
                let end = (j + rng.gen_range(1..60)).min(b.len());
                let piece = b[j..end].to_vec();
                b.splice(i..i, piece);
            }
            4 => b.truncate(i),
            5 => {
                let n = NUMBERS[rng.gen_range(0..NUMBERS.len())];
                b.splice(i..i, n.bytes());
            }
            _ => {
                let j = rng.gen_range(0..b.len());
                b.swap(i, j);
            }
        }
    }
    b
}

/// An order number as the store keeps it: U+0000, which PostgreSQL's `text` cannot hold, as
/// U+FFFD (on either database).
fn stored_as(number: &str) -> String {
    number.replace('\0', "\u{FFFD}")
}

/// Ten random capital letters: no mutation of one order number makes another's.
fn order_number(rng: &mut StdRng) -> String {
    (0..10)
        .map(|_| char::from(rng.gen_range(b'A'..=b'Z')))
        .collect()
}

/// Accepted order numbers (as stored) → the first document that got each accepted: its number,
/// what was sent, the answer.
type Accepted = BTreeMap<String, (u64, String, String)>;

/// Notes `number` as accepted by document `n`.
fn accept(expected: &mut Accepted, number: &str, n: u64, sent: &str, answer: &str) {
    expected
        .entry(stored_as(number))
        .or_insert_with(|| (n, sent.to_owned(), answer.to_owned()));
}

/// Asserts that the demo partner's stored orders are exactly `expected`, naming the accepted ones
/// that were not stored and the stored ones no answer accepted.
async fn assert_stored_exactly(app: &TestApp, seed: u64, what: &str, expected: &Accepted) {
    // Every stored order, page by page (a page holds at most 1,000).
    let mut stored: BTreeSet<String> = BTreeSet::new();
    loop {
        let page: Value = app
            .get_admin(&format!(
                "/api/orders?partner=demo-buyer&limit=1000&offset={}",
                stored.len()
            ))
            .await
            .json()
            .await
            .expect("orders");
        let numbers: Vec<String> = page["orders"]
            .as_array()
            .map(|o| {
                o.iter()
                    .filter_map(|o| o["order_number"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        let full = numbers.len() == 1000;
        stored.extend(numbers);
        if !full {
            break;
        }
    }
    eprintln!(
        "seed {seed}: {} {what} accepted, {} stored",
        expected.len(),
        stored.len()
    );
    let lost: Vec<String> = expected
        .iter()
        .filter(|(number, _)| !stored.contains(number.as_str()))
        .map(|(number, (n, sent, answer))| format!("{number:?} from #{n}:\n{sent}\n=> {answer}\n"))
        .collect();
    assert!(
        lost.is_empty(),
        "seed {seed}: {what} accepted and not stored:\n{}",
        lost.join("\n")
    );
    let unexplained: Vec<&String> = stored
        .iter()
        .filter(|number| !expected.contains_key(*number))
        .collect();
    assert!(
        unexplained.is_empty(),
        "seed {seed}: {what} stored though no answer accepted them: {unexplained:?}"
    );
    assert!(
        !expected.is_empty(),
        "seed {seed}: no {what} was accepted at all"
    );
}

/// Posts `body` to `/cxml` and checks the answer: below 500, a cXML Status that is not a 5xx one,
/// and a text when it is not `200`. Returns the Status code and the answer.
async fn post_cxml_checked(app: &TestApp, body: &[u8], context: &str) -> (String, String) {
    let response = app
        .client
        .post(app.url("/cxml"))
        .header("content-type", "text/xml")
        .body(body.to_vec())
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    let answer = response.text().await.expect("answer");
    let shown = String::from_utf8_lossy(body);
    assert!(status < 500, "{context}: {status} {answer}\n{shown}");
    let Some((code, text)) = cxml_status(&answer) else {
        panic!("{context}: no cXML Status in {answer}\n{shown}");
    };
    assert!(!code.starts_with('5'), "{context}: {code} {text}\n{shown}");
    assert!(
        code == "200" || !text.trim().is_empty(),
        "{context}: a {code} must say why\n{shown}"
    );
    (code, answer)
}

/// The order number of each purchase order in `sent` that the answer to it accepts (see the
/// module docs), read from `sent` with the same codec maps the gateway uses.
fn accepted_orders(sent: &[u8], content_type: &str, answer: &str) -> Vec<String> {
    use model::Document;
    let order_number = |doc: Option<Document>| match doc {
        Some(Document::PurchaseOrder(po)) => Some(po.order_number),
        _ => None,
    };
    if content_type.starts_with("application/json") {
        let v: Value = serde_json::from_str(answer).unwrap_or_default();
        return v["orders"]
            .as_array()
            .map(|orders| {
                orders
                    .iter()
                    .filter_map(|o| o["order_number"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
    }
    if content_type.starts_with("application/edi-x12") {
        let ack = x12::parse(answer.as_bytes()).expect("our 997 parses");
        // (GS06, ST02) of every 850 accepted in a group that is not rejected.
        let mut taken: Vec<(String, String)> = Vec::new();
        for ic in &ack.interchanges {
            for a in x12::read_acks(ic).functional {
                if a.status.is_none_or(|s| s == x12::AckStatus::Rejected) {
                    continue;
                }
                for set in &a.sets {
                    if set.id == "850" && set.status.is_some_and(|s| s.is_accepted()) {
                        taken.push((a.group_control_number.clone(), set.control_number.clone()));
                    }
                }
            }
        }
        let inbound = x12::parse(sent).expect("what was acknowledged parses");
        let mut out = Vec::new();
        for ic in &inbound.interchanges {
            for g in &ic.groups {
                for set in &g.sets {
                    let key = (g.control_number().trim(), set.control_number().trim());
                    if taken.iter().any(|(gc, sc)| (gc.trim(), sc.trim()) == key) {
                        out.extend(order_number(x12::map::read_transaction(set).0));
                    }
                }
            }
        }
        return out;
    }
    if content_type.starts_with("application/edifact") {
        let ack = edifact::parse(answer.as_bytes()).expect("our CONTRL parses");
        // (UNB 0020, UNH 0062) of every ORDERS accepted in an interchange and group not rejected.
        let mut taken: Vec<(String, String)> = Vec::new();
        for c in ack
            .interchanges
            .iter()
            .flat_map(|ic| edifact::read_acks(ic).contrl)
        {
            if c.action != Some(edifact::Action::Acknowledged) {
                continue;
            }
            let rejected = |group: &Option<String>| {
                c.groups.iter().any(|g| {
                    Some(&g.reference) == group.as_ref()
                        && g.action == Some(edifact::Action::Rejected)
                })
            };
            for m in &c.messages {
                if m.message_type.starts_with("ORDERS")
                    && m.action == Some(edifact::Action::Acknowledged)
                    && !rejected(&m.group)
                {
                    taken.push((c.interchange_reference.clone(), m.reference.clone()));
                }
            }
        }
        let inbound = edifact::parse(sent).expect("what was acknowledged parses");
        let mut out = Vec::new();
        for ic in &inbound.interchanges {
            let reference = ic.header.control_reference.trim();
            for (_, _, msg) in ic.all_messages() {
                let key = (reference, msg.reference());
                if taken
                    .iter()
                    .any(|(i, m)| i.trim() == key.0 && m.trim() == key.1.trim())
                {
                    out.extend(order_number(edifact::map::read_message(msg).0));
                }
            }
        }
        return out;
    }
    panic!("an answer of type {content_type:?}: {answer}");
}

#[tokio::test]
async fn mutated_documents_get_answers_and_only_what_is_acknowledged_is_stored() {
    let (app, seed, rounds, mut rng) = run(1).await;
    let lines = [
        ("OS-PAP-2001", "5", "3.95"),
        ("OS-PEN-1001-BL", "2", "5.90"),
    ];
    let mut expected = Accepted::new();
    // Orders accepted from X12, EDIFACT and UBL documents.
    let mut per_syntax = [0usize; 3];
    for n in 0..rounds {
        let po = order_number(&mut rng);
        let (doc, content_type) = match n % 3 {
            0 => (
                crate::x12::x12_850(&format!("{:09}", 700_000 + n), &po, &lines),
                "application/edi-x12",
            ),
            1 => (
                crate::edifact::demo_orders(&format!("MUT{n}"), &po),
                "application/edifact",
            ),
            _ => (
                crate::ubl::ubl_order(&po, "5412345000013", "5400000000003", &lines),
                "application/xml",
            ),
        };
        let body = mutate(&mut rng, doc.as_bytes());
        let content_type = if rng.gen_bool(0.25) {
            "application/octet-stream"
        } else {
            content_type
        };
        let (status, answer_type, answer) = app.post_edi(content_type, body.clone()).await;
        let shown = String::from_utf8_lossy(&body);
        assert!(
            status < 500,
            "seed {seed} document {n}: {status} {answer}\n{shown}"
        );
        assert!(
            !answer.trim().is_empty(),
            "seed {seed} document {n}: a {status} must say why\n{shown}"
        );
        if (200..300).contains(&status) {
            for number in accepted_orders(&body, &answer_type, &answer) {
                accept(&mut expected, &number, n, &shown, &answer);
                per_syntax[(n % 3) as usize] += 1;
            }
        }
    }
    assert_stored_exactly(&app, seed, "orders", &expected).await;
    assert!(
        per_syntax.iter().all(|&k| k > 0),
        "seed {seed}: orders accepted per syntax (X12, EDIFACT, UBL): {per_syntax:?}"
    );
    let ready = app
        .client
        .get(app.url("/readyz"))
        .send()
        .await
        .expect("readyz");
    assert_eq!(ready.status(), 200);
}

/// The cXML Status code and text of an answer (`None` when it has no Status).
fn cxml_status(xml: &str) -> Option<(String, String)> {
    let i = xml.find("<Status")?;
    let tag = &xml[i..i + xml[i..].find('>')?];
    let get = |a: &str| {
        let p = format!("{a}=\"");
        let s = tag.find(&p)? + p.len();
        Some(tag[s..s + tag[s..].find('"')?].to_owned())
    };
    Some((get("code")?, get("text").unwrap_or_default()))
}

/// The same for cXML OrderRequests over `POST /cxml`: every answer is a cXML Status, never a
/// 5xx one, and the orders stored are exactly those of the requests answered `200`.
#[tokio::test]
async fn mutated_cxml_orders_get_a_status_and_only_what_is_acknowledged_is_stored() {
    let (app, seed, rounds, mut rng) = run(2).await;
    let mut expected = Accepted::new();
    for n in 0..rounds {
        let po = order_number(&mut rng);
        let doc = crate::cxml_orders::order_request(
            &format!("{n}.{po}@buyer.example"),
            &po,
            "new",
            "demo-shared-secret",
            &[
                crate::cxml_orders::Line("OS-PAP-2001", None, "5", "3.95"),
                crate::cxml_orders::Line("OS-PEN-1001-BL", None, "2", "5.90"),
            ],
            "",
        );
        let body = mutate(&mut rng, doc.as_bytes());
        let shown = String::from_utf8_lossy(&body);
        let (code, answer) =
            post_cxml_checked(&app, &body, &format!("seed {seed} request {n}")).await;
        if code == "200" {
            let read = codec::cxml::read(&body).expect("what was accepted reads");
            if let codec::cxml::Body::Request {
                request: codec::cxml::Request::Order(order),
                ..
            } = &read.doc.body
            {
                let number = order.to_purchase_order().0.order_number;
                accept(&mut expected, &number, n, &shown, &answer);
            }
        }
    }
    assert_stored_exactly(&app, seed, "cXML orders", &expected).await;
}

/// U+0000, which PostgreSQL's `text` cannot hold, in partner values, envelope ids, JSON orders
/// and URLs: every one gets an answer, never a 5xx, on either database (the store keeps it as
/// U+FFFD).
#[tokio::test]
async fn a_nul_character_gets_an_answer_not_a_500() {
    let app = spawn_app().await;
    let lines = [("OS-PAP-2001", "5", "3.95")];
    // In an EDIFACT value: read, the order kept (its part is not in the catalog: flagged).
    let edifact = crate::edifact::demo_orders("NUL1", "PO-NUL-E")
        .replace("PIA+5+OS-PEN-1001-BL", "PIA+5+OS-PEN-\0-BL");
    let (status, _, answer) = app.post_edi("application/edifact", edifact).await;
    assert_eq!(status, 200, "{answer}");
    let order: Value = app
        .get_admin("/api/orders?order_number=PO-NUL-E")
        .await
        .json()
        .await
        .expect("orders");
    assert_eq!(order["orders"].as_array().map(Vec::len), Some(1), "{order}");
    // In the order number and in ISA13 (a bad envelope, archived as rejected under that key).
    let x12_number = crate::x12::x12_850("000000801", "PO-\0-X", &lines);
    let (status, _, answer) = app.post_edi("application/edi-x12", x12_number).await;
    assert!(status < 500, "{status} {answer}");
    let x12_isa13 = crate::x12::x12_850("0000\u{0}0802", "PO-NUL-X2", &lines);
    let (status, _, answer) = app.post_edi("application/edi-x12", x12_isa13.clone()).await;
    assert!(status < 500, "{status} {answer}");
    let (again, _, answer) = app.post_edi("application/edi-x12", x12_isa13).await;
    assert!(again < 500, "{again} {answer}");
    // A canonical JSON order whose number holds `\u0000`.
    let r = app
        .post_order("demo-buyer", crate::helpers::order_json("PO-\0-J"))
        .await;
    let status = r.status().as_u16();
    assert_eq!(status, 201, "{}", r.text().await.unwrap_or_default());
    let kept: Value = app
        .get_admin("/api/orders?order_number=PO-%EF%BF%BD-J")
        .await
        .json()
        .await
        .expect("orders");
    assert_eq!(
        kept["orders"].as_array().map(Vec::len),
        Some(1),
        "kept as U+FFFD: {kept}"
    );
    // In ids taken from URLs.
    for path in [
        "/api/orders/%00",
        "/api/documents/%00",
        "/api/orders?order_number=%00",
    ] {
        let status = app.get_admin(path).await.status().as_u16();
        assert!(status < 500, "{path}: {status}");
    }
}

/// The same for canonical JSON orders over `POST /api/orders`: never a 5xx, every refusal says
/// why, and the orders stored are exactly those the `201`/`200` answers name.
#[tokio::test]
async fn mutated_json_orders_get_answers_and_only_what_is_acknowledged_is_stored() {
    let (app, seed, rounds, mut rng) = run(2).await;
    let mut expected = Accepted::new();
    for n in 0..rounds {
        let po = order_number(&mut rng);
        let body = mutate(&mut rng, crate::helpers::order_json(&po).as_bytes());
        let r = app.post_order("demo-buyer", body.clone()).await;
        let status = r.status().as_u16();
        let answer = r.text().await.expect("answer");
        let shown = String::from_utf8_lossy(&body);
        assert!(
            status < 500,
            "seed {seed} order {n}: {status} {answer}\n{shown}"
        );
        let v: Value = serde_json::from_str(&answer).unwrap_or_default();
        if (200..300).contains(&status) {
            let number = v["order_number"]
                .as_str()
                .expect("the receipt names the order");
            accept(&mut expected, number, n, &shown, &answer);
        } else {
            assert!(
                v["message"].as_str().is_some_and(|m| !m.trim().is_empty()),
                "seed {seed} order {n}: a {status} must say why: {answer}\n{shown}"
            );
        }
    }
    assert_stored_exactly(&app, seed, "JSON orders", &expected).await;
}

/// Mutated PunchOutSetupRequests over `POST /cxml`: every answer is a cXML Status, never a 5xx
/// one, and every `200` carries a StartPage that opens a session in the shop.
#[tokio::test]
async fn mutated_punchout_setups_get_a_status_and_every_start_page_works() {
    let (app, seed, rounds, mut rng) = run(4).await;
    let mut started = 0usize;
    for n in 0..rounds {
        let cookie = order_number(&mut rng);
        let doc = crate::punchout_cxml::setup_request("create", &cookie, "demo-shared-secret", "");
        let body = mutate(&mut rng, doc.as_bytes());
        let shown = String::from_utf8_lossy(&body);
        let (code, answer) =
            post_cxml_checked(&app, &body, &format!("seed {seed} setup {n}")).await;
        if code != "200" {
            continue;
        }
        let url = crate::punchout_cxml::start_url(&answer);
        let r = app.client.get(&url).send().await.expect("start page");
        assert_eq!(r.status(), 303, "seed {seed} setup {n}: {url}\n{shown}");
        let location = r.headers()["location"]
            .to_str()
            .expect("location")
            .to_owned();
        let shop = app
            .client
            .get(app.url(&location))
            .send()
            .await
            .expect("shop");
        assert_eq!(
            shop.status(),
            200,
            "seed {seed} setup {n}: {location}\n{shown}"
        );
        started += 1;
    }
    eprintln!("seed {seed}: {started} sessions started out of {rounds} mutated setups");
    assert!(started > 0, "seed {seed}: no setup was accepted at all");
}

/// Mutated X12, EDIFACT and UBL files dropped in a partner's inbound folder (as an SFTP client
/// does: a temporary name, then a rename): every one leaves `in/`, and lands in `processed/` or
/// in `error/` with a reason beside it. None is lost or left behind.
#[tokio::test]
async fn mutated_files_in_a_drop_folder_all_end_in_processed_or_error() {
    let root = tempfile::tempdir().expect("tempdir");
    let base = root.path().join("demo-buyer");
    let out_url = url::Url::from_directory_path(base.join("out")).expect("file url");
    let _app = crate::helpers::spawn_app_with(crate::helpers::AppOptions {
        drop_dir: Some(root.path().to_owned()),
        partner_env: vec![("DEMO_BUYER_X12_URL".into(), out_url.to_string())],
        ..Default::default()
    })
    .await;
    crate::x12::wait_for_dir(&base.join("in")).await;
    let seed = env_or("B2BGATE_MUTATION_SEED", 3);
    let files = env_or("B2BGATE_MUTATION_ROUNDS", 1000) / 20;
    let mut rng = StdRng::seed_from_u64(seed);
    let lines = [("OS-PAP-2001", "5", "3.95")];
    let mut names = Vec::new();
    for n in 0..files {
        let po = order_number(&mut rng);
        let doc = match n % 3 {
            0 => crate::x12::x12_850(&format!("{:09}", 900_000 + n), &po, &lines),
            1 => crate::edifact::demo_orders(&format!("DROP{n}"), &po),
            _ => crate::ubl::ubl_order(&po, "5412345000013", "5400000000003", &lines),
        };
        let name = format!("m{n}.edi");
        let part = base.join(format!("in/.{name}.part"));
        std::fs::write(&part, mutate(&mut rng, doc.as_bytes())).expect("write");
        std::fs::rename(&part, base.join("in").join(&name)).expect("rename");
        names.push(name);
    }
    let listing = |dir: &str| -> Vec<String> {
        std::fs::read_dir(base.join(dir))
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    // Where each file went: `processed` or `error` (their names keep the original at the end).
    let placed = crate::helpers::eventually("every dropped file sorted", || {
        let processed = listing("processed");
        let error = listing("error");
        let mut placed = Vec::new();
        for name in &names {
            let is = |n: &String| n.ends_with(&format!("-{name}")) || n == name;
            if processed.iter().any(is) {
                placed.push((name.clone(), "processed", None));
            } else if let Some(e) = error.iter().find(|n| is(n)) {
                placed.push((name.clone(), "error", Some(e.clone())));
            } else {
                return None;
            }
        }
        Some(placed)
    })
    .await;
    let left: Vec<String> = listing("in")
        .into_iter()
        .filter(|n| names.contains(n))
        .collect();
    assert!(left.is_empty(), "seed {seed}: left in in/: {left:?}");
    for (name, _, error) in &placed {
        if let Some(e) = error {
            let reason =
                std::fs::read_to_string(base.join("error").join(format!("{e}.reason.txt")))
                    .unwrap_or_default();
            assert!(
                !reason.trim().is_empty(),
                "seed {seed}: {name} is in error/ without a reason"
            );
        }
    }
    let processed = placed.iter().filter(|p| p.1 == "processed").count();
    eprintln!(
        "seed {seed}: {processed} of {files} dropped files processed, {} in error/",
        files as usize - processed
    );
}
