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
    pub session_ttl: Option<std::time::Duration>,
    /// Environment the partner registry resolves `env` references from (nothing else is read).
    pub partner_env: Vec<(String, String)>,
    /// Drop-folder root (file transport), scanned every 50 ms.
    pub drop_dir: Option<PathBuf>,
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
        relay_poll: std::time::Duration::from_millis(50),
        ..Settings::default()
    };
    if let Some(limit) = opts.body_limit {
        settings.body_limit = limit;
    }
    if let Some(dir) = opts.drop_dir {
        settings.drop_dir = Some(dir);
        settings.drop_poll = std::time::Duration::from_millis(50);
    }
    if let Some(ttl) = opts.session_ttl {
        settings.punchout_session_ttl = ttl;
    }
    let tls = opts.tls.is_some();
    if let Some((cert, key)) = opts.tls {
        settings.tls_cert = Some(cert);
        settings.tls_key = Some(key);
    }
    let env = opts.partner_env;
    let lookup = move |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let registry = PartnerRegistry::load_with_env(&settings.partners_dir, &lookup)
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

/// The app with the demo partner's profile edited: the first `from` replaced by `to`. The
/// temporary folder holding the profile must outlive the app.
pub async fn spawn_demo_edited(from: &str, to: &str) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = std::fs::read_to_string(repo_root().join("partners/demo-buyer.toml"))
        .expect("demo partner")
        .replacen(from, to, 1);
    assert!(demo.contains(to), "the demo profile has no {from:?}");
    write_file(dir.path(), "demo-buyer.toml", &demo);
    let app = spawn_app_with(AppOptions {
        partners_dir: Some(dir.path().to_owned()),
        ..Default::default()
    })
    .await;
    (app, dir)
}

/// Asserts that an `/edi` answer is a JSON receipt whose first set is rejected with a reason
/// starting with `reason`.
pub fn assert_rejected_receipt(status: u16, content_type: &str, body: &str, reason: &str) {
    assert!((200..300).contains(&status), "{status} {body}");
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}: {body}"
    );
    let receipt: serde_json::Value = serde_json::from_str(body).expect("a JSON receipt");
    assert_eq!(receipt["sets"][0]["status"], "R", "{receipt}");
    assert!(
        receipt["sets"][0]["issues"][0]
            .as_str()
            .is_some_and(|i| i.starts_with(reason)),
        "{receipt}"
    );
}

/// The test partners (demo-buyer plus profiles matching the corpus setup requests).
pub fn test_partners_dir() -> PathBuf {
    repo_root().join("tests/fixtures/partners")
}

/// Decode the HTML entities our pages emit (and numeric references).
pub fn html_unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';') else { break };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!(" {name}=\"");
    let start = tag.find(&pat)? + pat.len();
    let end = tag[start..].find('"')? + start;
    Some(html_unescape(&tag[start..end]))
}

/// A form found in a page.
#[derive(Debug, Clone)]
pub struct Form {
    pub action: String,
    pub target: Option<String>,
    pub fields: Vec<(String, String)>,
}

impl Form {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The first form of a page whose id is `id`, with its hidden inputs.
pub fn form_by_id(html: &str, id: &str) -> Form {
    let start = html
        .find(&format!("<form id=\"{id}\""))
        .unwrap_or_else(|| panic!("no form #{id} in:\n{html}"));
    let end = html[start..].find("</form>").expect("form end") + start;
    let form = &html[start..end];
    let open_end = form.find('>').expect("tag end");
    let open = &form[..open_end];
    let mut fields = Vec::new();
    let mut rest = &form[open_end..];
    while let Some(i) = rest.find("<input ") {
        let tag_end = rest[i..].find('>').expect("input end") + i;
        let tag = &rest[i..tag_end];
        if let (Some(n), Some(v)) = (attr(tag, "name"), attr(tag, "value")) {
            fields.push((n, v));
        }
        rest = &rest[tag_end..];
    }
    Form {
        action: attr(open, "action").expect("action"),
        target: attr(open, "target"),
        fields,
    }
}

/// Validate `xml` against a vendored cXML DTD with xmllint. `None` when xmllint is not
/// installed (the test then says so and skips that check; CI installs it).
pub fn xmllint_dtd(xml: &str, dtd: &str) -> Option<Result<(), String>> {
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("xmllint not installed: DTD validation skipped (CI installs libxml2-utils)");
        return None;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).expect("write");
    let dtd = repo_root().join("schemas/cxml/1.2.071").join(dtd);
    let out = std::process::Command::new("xmllint")
        .args(["--noout", "--nonet", "--dtdvalid"])
        .arg(&dtd)
        .arg(&file)
        .output()
        .expect("run xmllint");
    Some(if out.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).into_owned())
    })
}

/// Decode standard base64 (whitespace ignored); `None` if invalid.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if c == b'=' {
            break;
        }
        buf = (buf << 6) | B64.iter().position(|&x| x == c)? as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Poll `probe` every 50 ms until it yields a value; fail after 20 s naming `what`.
pub async fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(v) = probe() {
            return v;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

impl TestApp {
    /// `POST /edi` with `content_type`: (status, response content type, body).
    pub async fn post_edi(
        &self,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (u16, String, String) {
        let r = self
            .client
            .post(self.url("/edi"))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        let ct = r
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, ct, r.text().await.expect("body"))
    }

    /// Confirm, ship (`SH-<n>`) and invoice (`INV-<n>`, 21 % tax) order `id` through the
    /// lifecycle API; each must be `201` and rendered in `syntax`.
    pub async fn confirm_ship_invoice(&self, id: &str, n: &str, syntax: &str) {
        for (path, payload) in [
            ("confirmation", serde_json::json!({"status": "accept"})),
            (
                "shipments",
                serde_json::json!({"shipment_id": format!("SH-{n}"), "carrier": "DHL", "tracking_number": "JD014600006101"}),
            ),
            (
                "invoices",
                serde_json::json!({"invoice_number": format!("INV-{n}"), "net_days": 30, "tax_rate": "21"}),
            ),
        ] {
            let r = self
                .client
                .post(self.url(&format!("/api/orders/{id}/{path}")))
                .bearer_auth(ADMIN_TOKEN)
                .json(&payload)
                .send()
                .await
                .expect("request");
            let status = r.status().as_u16();
            let text = r.text().await.expect("body");
            assert_eq!(status, 201, "{path}: {text}");
            let v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(v["syntax"], syntax, "{path}: {v}");
        }
    }
}

/// Run an outside judge: `Ok(output)` when it exits 0, else `Err(output)` (stdout and stderr).
pub fn run_judge(cmd: &mut std::process::Command) -> Result<String, String> {
    let out = cmd.output().expect("run the judge");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        Ok(text)
    } else {
        Err(text)
    }
}
