//! OrderRequests committed per second, end to end: the real server (release build) on port 0,
//! a client posting distinct cXML OrderRequests over HTTP with keep-alive from `CONCURRENCY`
//! tasks. Every answer is a cXML `200` sent after the order, its raw document and its lines are
//! committed; the bench checks the order count in the database at the end.
//!
//! ```text
//! cargo bench --bench orders                       # SQLite in a temp dir, 2000 orders, 8 clients
//! cargo bench --bench orders -- 5000 16            # N orders, concurrency
//! BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo bench --bench orders
//! ```
//! On PostgreSQL a fresh database `b2bgate_bench_<pid>` is created on that server and dropped
//! afterwards.

use std::sync::Arc;
use std::time::{Duration, Instant};

use b2bgate::partners::PartnerRegistry;
use b2bgate::settings::Settings;
use b2bgate::startup::Application;
use secrecy::SecretString;
use sqlx::Connection;

const ITEMS: &str = r#"
      <ItemOut quantity="5" lineNumber="1"><ItemID><SupplierPartID>OS-PAP-2001</SupplierPartID></ItemID>
        <ItemDetail><UnitPrice><Money currency="EUR">3.95</Money></UnitPrice><Description xml:lang="en">Copy paper A4</Description>
        <UnitOfMeasure>RM</UnitOfMeasure><Classification domain="UNSPSC">14111507</Classification></ItemDetail></ItemOut>
      <ItemOut quantity="2" lineNumber="2"><ItemID><SupplierPartID>OS-PEN-1001-BL</SupplierPartID><SupplierPartAuxiliaryID>Blue</SupplierPartAuxiliaryID></ItemID>
        <ItemDetail><UnitPrice><Money currency="EUR">5.90</Money></UnitPrice><Description xml:lang="en">Ballpoint pens</Description>
        <UnitOfMeasure>BX</UnitOfMeasure><Classification domain="UNSPSC">44121704</Classification></ItemDetail></ItemOut>"#;

fn order(n: usize) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="{n}.bench@buyer.example" timestamp="2026-11-24T10:00:00-05:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>AN01000000001</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>AN01000000001</Identity><SharedSecret>demo-shared-secret</SharedSecret></Credential><UserAgent>bench</UserAgent></Sender>
  </Header>
  <Request><OrderRequest>
    <OrderRequestHeader orderID="BENCH-{n}" orderDate="2026-11-24T09:00:00-05:00" type="new">
      <Total><Money currency="EUR">31.55</Money></Total>
      <BillTo><Address addressID="AP"><Name xml:lang="en">Buyer AP</Name></Address></BillTo>
    </OrderRequestHeader>{ITEMS}
  </OrderRequest></Request>
</cXML>"#
    )
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(2000);
    let concurrency: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(8);
    let tmp = tempfile::tempdir().expect("tempdir");
    let pg = std::env::var("BENCH_DATABASE_URL").ok();
    let (url, backend) = match &pg {
        Some(base) => {
            let name = format!("b2bgate_bench_{}", std::process::id());
            let mut admin = sqlx::PgConnection::connect(base).await.expect("connect");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .expect("create database");
            let mut u = url::Url::parse(base).expect("url");
            u.set_path(&name);
            (u.to_string(), "PostgreSQL")
        }
        None => (
            format!("sqlite://{}/bench.db", tmp.path().display()),
            "SQLite",
        ),
    };
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let settings = Settings {
        bind: "127.0.0.1:0".parse().expect("addr"),
        database_url: url.clone(),
        admin_token: Some(SecretString::from("bench".to_owned())),
        partners_dir: root.join("partners"),
        relay_enabled: false,
        ..Settings::default()
    };
    let registry =
        PartnerRegistry::load_with_env(&settings.partners_dir, &|_| None).expect("partners");
    let app = Application::build_with_partners(settings, registry)
        .await
        .expect("build");
    let port = app.port();
    let store = app.store();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let endpoint = Arc::new(format!("http://127.0.0.1:{port}/cxml"));
    let client = reqwest::Client::new();

    // Warm-up (connections, caches, catalog pages).
    for i in 0..50 {
        post(&client, &endpoint, order(1_000_000 + i)).await;
    }
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (client, endpoint, next) = (client.clone(), endpoint.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= n {
                    return latencies;
                }
                let t = Instant::now();
                post(&client, &endpoint, order(i)).await;
                latencies.push(t.elapsed());
            }
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    for t in tasks {
        latencies.extend(t.await.expect("task"));
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let stored = store
        .list_orders(&b2bgate::store::OrderFilter {
            partner: Some("demo-buyer".into()),
            limit: Some(1),
            ..Default::default()
        })
        .await
        .expect("list");
    assert!(!stored.is_empty());
    let mut committed = 0;
    for i in [0, n / 2, n - 1] {
        committed += store
            .count_orders("demo-buyer", &format!("BENCH-{i}"))
            .await
            .expect("count");
    }
    assert_eq!(committed, 3, "sampled orders are committed");
    println!(
        "{backend}: {n} OrderRequests (2 lines each), {concurrency} concurrent clients: \
         {:.0} orders/s committed, latency p50 {:.2} ms, p99 {:.2} ms (total {:.2} s)",
        n as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        elapsed.as_secs_f64()
    );
    handle.stop(true).await;
    store.close().await;
    if let Some(base) = pg {
        let mut admin = sqlx::PgConnection::connect(&base).await.expect("connect");
        let name = format!("b2bgate_bench_{}", std::process::id());
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin)
            .await;
    }
}

async fn post(client: &reqwest::Client, endpoint: &str, body: String) {
    let r = client
        .post(endpoint)
        .header("content-type", "text/xml")
        .body(body)
        .send()
        .await
        .expect("post");
    let text = r.text().await.expect("body");
    assert!(text.contains(r#"code="200""#), "{text}");
}
