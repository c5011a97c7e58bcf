//! The outbox relay across real `b2bgate serve` processes sharing one database:
//! - two processes on one PostgreSQL deliver each job exactly once;
//! - a process killed (SIGKILL) in the middle of a delivery leaves the job to the next process,
//!   which delivers it again with the same bytes and `Idempotency-Key` (at-least-once).
//!
//! A local receiver records every POST. Each spawned process is killed when its guard drops, so
//! a failing test leaves no process behind, and prints the process's log.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use b2bgate::store::{Job, NewDocument, NewJob, Store};
use chrono::Utc;
use rand::Rng;

use crate::helpers::{write_file, TestDb, ADMIN_TOKEN};

/// How long any eventual outcome may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(60);

/// A partner with no catalog: the processes start without loading demo data.
const PARTNER: &str = "name = \"Relay Test\"\n[oci]\nusername = \"relay-test\"\n\
     password = { env = \"RELAY_TEST_OCI_PASSWORD\", dev_default = \"relay-test-secret\" }\n";

/// What the receiver does with a request.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Answer cXML 200 after a random 5–30 ms (to widen races between the processes).
    AnswerAfterJitter,
    /// Never answer the first request (hold its connection open); answer later ones at once.
    HoldFirst,
    /// Answer every request after this long.
    Slow(Duration),
}

/// Every POST the receiver saw: (Idempotency-Key, body).
#[derive(Default)]
struct Received {
    seen: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Received {
    fn seen(&self) -> Vec<(String, Vec<u8>)> {
        self.seen.lock().unwrap().clone()
    }
}

async fn receiver(behaviour: Behaviour) -> (String, Arc<Received>, actix_web::dev::ServerHandle) {
    let state = Arc::new(Received::default());
    let s = state.clone();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = HttpServer::new(move || {
        let s = s.clone();
        App::new().route(
            "/cxml",
            web::post().to(move |req: HttpRequest, body: web::Bytes| {
                let s = s.clone();
                async move {
                    let key = req
                        .headers()
                        .get("idempotency-key")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default()
                        .to_owned();
                    let nth = {
                        let mut seen = s.seen.lock().unwrap();
                        seen.push((key, body.to_vec()));
                        seen.len()
                    };
                    match behaviour {
                        Behaviour::HoldFirst if nth == 1 => std::future::pending::<()>().await,
                        Behaviour::HoldFirst => {}
                        Behaviour::Slow(delay) => tokio::time::sleep(delay).await,
                        Behaviour::AnswerAfterJitter => {
                            let ms = rand::thread_rng().gen_range(5..=30);
                            tokio::time::sleep(Duration::from_millis(ms)).await;
                        }
                    }
                    HttpResponse::Ok().content_type("text/xml").body(
                        r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="r@buyer" timestamp="2026-11-24T10:00:00+00:00"><Response><Status code="200" text="OK"/></Response></cXML>"#,
                    )
                }
            }),
        )
    })
    .workers(2)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/cxml"), state, handle)
}

/// An outbound cXML document with its own payloadID.
fn document(payload_id: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="{payload_id}" timestamp="2026-11-24T10:00:00+00:00"><Request/></cXML>"#
    )
}

/// The payloadID of a delivered body.
fn payload_id(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let start = text.find("payloadID=\"").expect("a payloadID") + "payloadID=\"".len();
    let end = text[start..].find('"').expect("payloadID end") + start;
    text[start..end].to_owned()
}

/// Archive an outbound document and queue its delivery to `target` under `key`.
async fn queue(store: &Store, target: &str, key: &str, payload_id: &str) {
    let (doc_id, _) = store
        .archive_document(&NewDocument {
            partner_id: Some("relay-test".into()),
            direction: "outbound",
            syntax: "cxml".into(),
            doc_type: Some("order_response".into()),
            control_id: Some(payload_id.into()),
            order_number: None,
            dedup_key: format!("test:{key}"),
            content_type: Some("text/xml; charset=utf-8".into()),
            body: document(payload_id).into_bytes(),
            status: "queued".into(),
            issues: vec![],
        })
        .await
        .unwrap();
    store
        .enqueue(
            &NewJob {
                partner_id: Some("relay-test".into()),
                kind: "http_post".into(),
                target: target.into(),
                idempotency_key: key.into(),
                max_attempts: 5,
                run_at: Utc::now(),
            },
            Some(&doc_id),
            None,
        )
        .await
        .unwrap();
}

async fn all_jobs(store: &Store) -> Vec<Job> {
    store.list_jobs(None, Some(1000), None).await.unwrap()
}

/// A running `b2bgate serve`; killed (SIGKILL) when dropped. Its log goes to a file, printed
/// when the test fails.
struct Serve {
    name: &'static str,
    child: Child,
    log: PathBuf,
}

impl Serve {
    fn spawn(name: &'static str, db_url: &str, dir: &Path, extra: &[(&str, &str)]) -> Self {
        let partners = dir.join("partners");
        if !partners.exists() {
            std::fs::create_dir_all(&partners).unwrap();
            write_file(&partners, "relay-test.toml", PARTNER);
        }
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let err = out.try_clone().unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_b2bgate"));
        // Run in the test's own folder so that no config/b2bgate.toml is picked up.
        cmd.current_dir(dir);
        for (k, _) in std::env::vars() {
            if k.starts_with("B2BGATE_") || k.starts_with("RELAY_TEST_") || k == "RUST_LOG" {
                cmd.env_remove(k);
            }
        }
        cmd.arg("serve")
            .env("RUST_LOG", "info")
            .env("B2BGATE_DATABASE_URL", db_url)
            .env("B2BGATE_BIND", "127.0.0.1:0")
            .env("B2BGATE_PARTNERS_DIR", &partners)
            .env("B2BGATE_DATA_DIR", dir.join("data"))
            .env("B2BGATE_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("B2BGATE_LOG_FORMAT", "json")
            .env("B2BGATE_WORKERS", "1")
            .env("B2BGATE_DB_MAX_CONNECTIONS", "4")
            .env("B2BGATE_SHUTDOWN_TIMEOUT_SECS", "1")
            .env("B2BGATE_RELAY_POLL_MS", "50");
        for (k, v) in extra {
            cmd.env(k, v);
        }
        let child = cmd
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("spawn b2bgate serve");
        Self { name, child, log }
    }

    /// Panic (with the log) if the process has exited.
    fn assert_running(&mut self) {
        if let Some(status) = self.child.try_wait().unwrap() {
            panic!(
                "b2bgate serve `{}` exited early ({status}):\n{}",
                self.name,
                self.log_text()
            );
        }
    }

    /// Wait until the log has a line containing `needle`.
    async fn wait_for_log(&mut self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.log_text().contains(needle) {
            self.assert_running();
            assert!(
                Instant::now() < deadline,
                "`{}` never logged `{needle}`",
                self.name
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// SIGKILL: no graceful stop, no cleanup, the lease stays behind.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The jobs this process logged as delivered.
    fn delivered(&self) -> usize {
        BufReader::new(std::fs::File::open(&self.log).unwrap())
            .lines()
            .map_while(Result::ok)
            .filter(|l| l.contains(r#""message":"Delivered.""#))
            .count()
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        self.kill();
        if std::thread::panicking() {
            let log = self.log_text();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            eprintln!("--- log of `{}` (last 40 lines, newest first):", self.name);
            for line in tail {
                eprintln!("{line}");
            }
        }
    }
}

#[tokio::test]
async fn two_processes_deliver_each_job_once() {
    if std::env::var("TEST_DATABASE_URL").map_or(true, |u| u.is_empty()) {
        eprintln!(
            "two_processes_deliver_each_job_once skipped: it needs PostgreSQL (set TEST_DATABASE_URL)"
        );
        return;
    }
    const N: usize = 60;
    let db = TestDb::new().await;
    let store = db.store().await;
    let (url, rx, handle) = receiver(Behaviour::AnswerAfterJitter).await;
    let run = uuid::Uuid::new_v4().simple().to_string();
    let mut expected = HashMap::new();
    let job = |i: usize| {
        (
            format!("relay-processes-{i}"),
            format!("1700000000.{i}.{run}@b2bgate"),
        )
    };
    // Half the jobs wait for both processes to start; the other half arrives while both poll.
    for i in 0..N / 2 {
        let (key, pid) = job(i);
        queue(&store, &url, &key, &pid).await;
        expected.insert(pid, key);
    }
    let dir = tempfile::tempdir().unwrap();
    let mut a = Serve::spawn("a", &db.url, dir.path(), &[]);
    let mut b = Serve::spawn("b", &db.url, dir.path(), &[]);
    a.wait_for_log("Outbox relay started.").await;
    b.wait_for_log("Outbox relay started.").await;
    for i in N / 2..N {
        let (key, pid) = job(i);
        queue(&store, &url, &key, &pid).await;
        expected.insert(pid, key);
    }
    assert_eq!(all_jobs(&store).await.len(), N);

    let deadline = Instant::now() + PATIENCE;
    loop {
        let done = all_jobs(&store)
            .await
            .iter()
            .filter(|j| j.state == "done")
            .count();
        if done == N {
            break;
        }
        a.assert_running();
        b.assert_running();
        assert!(
            Instant::now() < deadline,
            "only {done} of {N} jobs done after {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // A little longer, so that a duplicate delivery in flight would still be seen.
    tokio::time::sleep(Duration::from_millis(500)).await;
    a.kill();
    b.kill();
    handle.stop(false).await;

    let mut times: HashMap<String, usize> = HashMap::new();
    for (key, body) in rx.seen() {
        let pid = payload_id(&body);
        assert_eq!(
            expected.get(&pid),
            Some(&key),
            "payloadID {pid} came with the Idempotency-Key of its job"
        );
        *times.entry(pid).or_default() += 1;
    }
    let duplicates: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicates.is_empty(),
        "delivered more than once: {duplicates:?}"
    );
    assert_eq!(times.len(), N, "every payloadID was delivered");
    for job in all_jobs(&store).await {
        assert_eq!(job.state, "done", "{job:?}");
        assert_eq!(job.attempts, 1, "claimed once: {job:?}");
    }
    eprintln!(
        "deliveries per process: a = {}, b = {} (of {N})",
        a.delivered(),
        b.delivered()
    );
}

#[tokio::test]
async fn killed_mid_delivery_is_delivered_after_restart() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let (url, rx, handle) = receiver(Behaviour::HoldFirst).await;
    let pid = "1700000000.42@b2bgate";
    queue(&store, &url, "relay-killed", pid).await;
    let dir = tempfile::tempdir().unwrap();
    // A short lease, so that the next process need not wait two minutes for the job.
    let lease = [("B2BGATE_RELAY_LEASE_MS", "1500")];

    let mut first = Serve::spawn("first", &db.url, dir.path(), &lease);
    let deadline = Instant::now() + PATIENCE;
    while rx.seen().is_empty() {
        first.assert_running();
        assert!(
            Instant::now() < deadline,
            "the first delivery never arrived"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Killed while the receiver holds the delivery: the job stays claimed, not done.
    first.kill();
    let jobs = all_jobs(&store).await;
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, "running", "{:?}", jobs[0]);
    assert_eq!(jobs[0].attempts, 1, "{:?}", jobs[0]);

    let mut second = Serve::spawn("second", &db.url, dir.path(), &lease);
    let deadline = Instant::now() + PATIENCE;
    let job = loop {
        let job = all_jobs(&store).await.remove(0);
        if job.state == "done" {
            break job;
        }
        second.assert_running();
        assert!(
            Instant::now() < deadline,
            "the job was not delivered after the restart: {job:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    second.kill();
    handle.stop(false).await;

    assert_eq!(job.attempts, 2, "one killed attempt, one delivery: {job:?}");
    let seen = rx.seen();
    assert_eq!(seen.len(), 2, "delivered again after the restart");
    for (key, body) in &seen {
        assert_eq!(key, "relay-killed", "the same Idempotency-Key");
        assert_eq!(body, document(pid).as_bytes(), "the same bytes");
        assert_eq!(payload_id(body), pid);
    }
}

/// A worker claims a whole batch under one lease but delivers it one job after another. With a
/// slow receiver the later jobs outlive that lease while they wait their turn; another process
/// then claims them, and the first must not deliver them as well.
#[tokio::test]
async fn a_slow_batch_is_not_delivered_twice() {
    const N: usize = 6;
    let db = TestDb::new().await;
    let store = db.store().await;
    // Each delivery takes 1 s; the lease is 4 s: one process alone would hold the last jobs of
    // its batch on an expired lease.
    let (url, rx, handle) = receiver(Behaviour::Slow(Duration::from_secs(1))).await;
    for i in 0..N {
        queue(
            &store,
            &url,
            &format!("relay-slow-{i}"),
            &format!("1700000000.{i}.slow@b2bgate"),
        )
        .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let lease = [("B2BGATE_RELAY_LEASE_MS", "4000")];
    let mut a = Serve::spawn("a", &db.url, dir.path(), &lease);
    let mut b = Serve::spawn("b", &db.url, dir.path(), &lease);
    let deadline = Instant::now() + PATIENCE;
    loop {
        let done = all_jobs(&store)
            .await
            .iter()
            .filter(|j| j.state == "done")
            .count();
        if done == N {
            break;
        }
        a.assert_running();
        b.assert_running();
        assert!(
            Instant::now() < deadline,
            "only {done} of {N} jobs done after {PATIENCE:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Long enough for a duplicate delivery to arrive.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    a.kill();
    b.kill();
    handle.stop(false).await;
    let mut times: HashMap<String, usize> = HashMap::new();
    for (_, body) in rx.seen() {
        *times.entry(payload_id(&body)).or_default() += 1;
    }
    let duplicates: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        duplicates.is_empty(),
        "delivered more than once: {duplicates:?}"
    );
    assert_eq!(times.len(), N, "every payloadID was delivered");
}

/// The address a `b2bgate serve` process listens on, from its JSON log.
async fn listening_address(serve: &mut Serve) -> String {
    serve.wait_for_log("b2bgate listening.").await;
    let log = serve.log_text();
    let line = log
        .lines()
        .find(|l| l.contains("b2bgate listening."))
        .unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(line).expect("a JSON log line");
    let address = v["address"]
        .as_str()
        .or_else(|| v["fields"]["address"].as_str())
        .unwrap_or_else(|| panic!("no address in {line}"));
    format!("http://{address}")
}

/// Control numbers come from the database: two processes on one PostgreSQL answering 850s at
/// the same time hand out every ISA13 and GS06 of their 997s once, with no gap and no reuse.
#[tokio::test]
async fn two_processes_never_reuse_a_control_number() {
    if std::env::var("TEST_DATABASE_URL").map_or(true, |u| u.is_empty()) {
        eprintln!(
            "two_processes_never_reuse_a_control_number skipped: it needs PostgreSQL (set TEST_DATABASE_URL)"
        );
        return;
    }
    const PER_PROCESS: usize = 20;
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let partners = dir.path().join("partners");
    std::fs::create_dir_all(&partners).unwrap();
    let demo =
        std::fs::read_to_string(crate::helpers::repo_root().join("partners/demo-buyer.toml"))
            .unwrap();
    write_file(&partners, "demo-buyer.toml", &demo);
    let mut a = Serve::spawn("a", &db.url, dir.path(), &[]);
    let mut b = Serve::spawn("b", &db.url, dir.path(), &[]);
    let urls = [
        listening_address(&mut a).await,
        listening_address(&mut b).await,
    ];
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for i in 0..2 * PER_PROCESS {
        let url = format!("{}/edi", urls[i % 2]);
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let body = crate::x12::x12_850(
                &format!("{:09}", 500 + i),
                &format!("PO-P{i}"),
                &[("OS-PAP-2001", "1", "3.95")],
            );
            let r = client
                .post(url)
                .header("content-type", "application/edi-x12")
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
            r.text().await.unwrap()
        }));
    }
    let mut isa13s = Vec::new();
    let mut gs06s = Vec::new();
    for t in tasks {
        let ack = t.await.unwrap();
        let parsed = codec::x12::parse(ack.as_bytes()).unwrap();
        let ic = &parsed.interchanges[0];
        isa13s.push(ic.control_number().parse::<i64>().unwrap());
        gs06s.push(
            ic.groups[0]
                .gs
                .element(6)
                .unwrap_or_default()
                .trim()
                .parse::<i64>()
                .unwrap(),
        );
    }
    a.assert_running();
    b.assert_running();
    isa13s.sort_unstable();
    gs06s.sort_unstable();
    let all: Vec<i64> = (1..=i64::try_from(2 * PER_PROCESS).unwrap()).collect();
    assert_eq!(isa13s, all, "every ISA13 once");
    assert_eq!(gs06s, all, "every GS06 once");
}
