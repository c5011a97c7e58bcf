//! `spawn_app()` and the test database.

use std::path::{Path, PathBuf};
use std::sync::Once;

use b2bgate::partners::PartnerRegistry;
use b2bgate::settings::Settings;
use b2bgate::startup::Application;
use b2bgate::store::Store;
use secrecy::SecretString;
use sqlx::Connection;

pub const ADMIN_TOKEN: &str = "test-admin-token";

static TRACING: Once = Once::new();

/// Logs only when `TEST_LOG` is set.
fn init_tracing() {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            b2bgate::telemetry::init(b2bgate::settings::LogFormat::Pretty);
        }
    });
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> Vec<u8> {
    let p = repo_root().join("tests/fixtures").join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("fixture {}: {e}", p.display()))
}

/// A fresh, empty database for one test.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub async fn new() -> Self {
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let name = format!("b2bgate_test_{}", uuid::Uuid::new_v4().simple());
                let mut conn = sqlx::PgConnection::connect(&admin_url)
                    .await
                    .expect("TEST_DATABASE_URL must point at a reachable PostgreSQL");
                sqlx::query(&format!("CREATE DATABASE \"{name}\""))
                    .execute(&mut conn)
                    .await
                    .expect("create test database");
                let mut url = url::Url::parse(&admin_url).expect("TEST_DATABASE_URL is a URL");
                url.set_path(&name);
                Self {
                    url: url.to_string(),
                    _dir: None,
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("tempdir");
                let url = format!("sqlite://{}", dir.path().join("b2bgate.db").display());
                Self {
                    url,
                    _dir: Some(dir),
                }
            }
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.url.starts_with("postgres")
    }

    /// Connect and migrate.
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url, 5).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub store: Store,
    pub client: reqwest::Client,
    pub db: TestDb,
    pub handle: actix_web::dev::ServerHandle,
}

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct AppOptions {
    pub partners_dir: Option<PathBuf>,
    pub body_limit: Option<usize>,
    pub tls: Option<(PathBuf, PathBuf)>,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(AppOptions::default()).await
}

pub async fn spawn_app_with(opts: AppOptions) -> TestApp {
    init_tracing();
    let db = TestDb::new().await;
    let mut settings = Settings {
        bind: "127.0.0.1:0".parse().expect("addr"),
        database_url: db.url.clone(),
        admin_token: Some(SecretString::from(ADMIN_TOKEN.to_owned())),
        partners_dir: opts
            .partners_dir
            .unwrap_or_else(|| repo_root().join("partners")),
        workers: Some(2),
        shutdown_timeout: std::time::Duration::from_secs(1),
        ..Settings::default()
    };
    if let Some(limit) = opts.body_limit {
        settings.body_limit = limit;
    }
    let tls = opts.tls.is_some();
    if let Some((cert, key)) = opts.tls {
        settings.tls_cert = Some(cert);
        settings.tls_key = Some(key);
    }
    let registry = PartnerRegistry::load_with_env(&settings.partners_dir, &|_| None)
        .expect("test partners load");
    let app = Application::build_with_partners(settings, registry)
        .await
        .expect("build app");
    let port = app.port();
    let store = app.store();
    let handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let scheme = if tls { "https" } else { "http" };
    TestApp {
        address: format!("{scheme}://127.0.0.1:{port}"),
        port,
        store,
        client: reqwest::Client::builder()
            .danger_accept_invalid_certs(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client"),
        db,
        handle,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get_admin(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .expect("request")
    }

    pub async fn post_order(
        &self,
        partner: &str,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/api/orders?partner={partner}")))
            .bearer_auth(ADMIN_TOKEN)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request")
    }
}

/// A canonical purchase order with the given number (built from the fixture).
pub fn order_json(order_number: &str) -> String {
    let mut v: serde_json::Value =
        serde_json::from_slice(&fixture("canonical/purchase_order.json")).expect("fixture json");
    v["order_number"] = serde_json::Value::String(order_number.to_owned());
    v.to_string()
}

pub fn write_file(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).expect("write");
}
