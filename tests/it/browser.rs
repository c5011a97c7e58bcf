//! End to end in a real headless browser (Debian `chromium` + `chromedriver`, driven over the
//! W3C WebDriver protocol): a buyer page embeds the StartPage in an iframe, the user adds a
//! product by clicking, transfers the cart, and the buyer page receives the cXML form post.
//! Skipped with a message when chromium or chromedriver is missing; `.ci/run` installs both.

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpResponse, HttpServer};
use serde_json::{json, Value};

use crate::helpers::spawn_app;
use crate::punchout_cxml::post_cxml;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

struct Driver {
    child: Child,
    base: String,
    session: String,
    http: reqwest::Client,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find_binary(names: &[&str]) -> Option<String> {
    names
        .iter()
        .find(|n| {
            Command::new(n)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        })
        .map(|n| n.to_string())
}

impl Driver {
    async fn start() -> Option<Self> {
        let chromium = find_binary(&["chromium", "chromium-browser"])?;
        let chromedriver = find_binary(&["chromedriver"])?;
        let chromium_path =
            String::from_utf8(Command::new("which").arg(&chromium).output().ok()?.stdout)
                .ok()?
                .trim()
                .to_owned();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let http = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().ok()?;
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium_path,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        }}});
        let mut driver = Self {
            child,
            base,
            session: String::new(),
            http,
            _profile: profile,
        };
        let v = driver.call("POST", "/session", caps).await;
        driver.session = v["value"]["sessionId"].as_str()?.to_owned();
        Some(driver)
    }

    async fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let req = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let r = req.send().await.expect("webdriver request");
        r.json().await.expect("webdriver json")
    }

    async fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let v = self
            .call(method, &format!("/session/{}{path}", self.session), body)
            .await;
        assert!(v["value"].get("error").is_none(), "webdriver {path}: {v}");
        v
    }

    /// Find an element matching `css` in the current frame (waiting for it).
    async fn find(&self, css: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self
                .call(
                    "POST",
                    &format!("/session/{}/element", self.session),
                    json!({"using": "css selector", "value": css}),
                )
                .await;
            if let Some(id) = v["value"][ELEMENT].as_str() {
                return id.to_owned();
            }
            assert!(Instant::now() < deadline, "no element `{css}`: {v}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Click the element matching `css`, retrying while the page is still changing (a stale
    /// element from the previous page, a navigation in progress).
    async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let id = self.find(css).await;
            let v = self
                .call(
                    "POST",
                    &format!("/session/{}/element/{id}/click", self.session),
                    json!({}),
                )
                .await;
            if v["value"].get("error").is_none() {
                return;
            }
            assert!(Instant::now() < deadline, "cannot click `{css}`: {v}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Wait until the element matching `css` shows `text`.
    async fn wait_for_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let id = self.find(css).await;
            let v = self
                .call(
                    "GET",
                    &format!("/session/{}/element/{id}/text", self.session),
                    json!({}),
                )
                .await;
            if v["value"].as_str().is_some_and(|t| t.contains(text)) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` never showed `{text}`: {v}"
            );
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    async fn enter_iframe(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let v = self
                .call(
                    "POST",
                    &format!("/session/{}/element", self.session),
                    json!({"using": "css selector", "value": "iframe"}),
                )
                .await;
            if let Some(id) = v["value"][ELEMENT].as_str() {
                self.cmd("POST", "/frame", json!({"id": {ELEMENT: id}}))
                    .await;
                return;
            }
            assert!(Instant::now() < deadline, "no iframe: {v}");
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }
}

#[tokio::test]
async fn a_buyer_punches_in_through_an_iframe_and_receives_the_cart() {
    let Some(driver) = Driver::start().await else {
        eprintln!(
            "chromium/chromedriver not installed: browser test skipped (.ci/run installs them)"
        );
        return;
    };
    let app = spawn_app().await;

    // The buyer's procurement system: a page with the shop in an iframe, and the
    // BrowserFormPost endpoint that records what the browser posts back.
    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let buyer_port = listener.local_addr().unwrap().port();
    let start_page: Arc<Mutex<String>> = Arc::default();
    let (rec, sp) = (received.clone(), start_page.clone());
    let server = HttpServer::new(move || {
        let (rec, sp) = (rec.clone(), sp.clone());
        App::new()
            .route(
                "/buyer",
                web::get().to(move || {
                    let sp = sp.clone();
                    async move {
                        let url = sp.lock().unwrap().clone();
                        HttpResponse::Ok().content_type("text/html").body(format!(
                            "<!DOCTYPE html><html><body><h1>Requisition</h1>\
                             <iframe src=\"{url}\" width=\"1000\" height=\"800\"></iframe></body></html>"
                        ))
                    }
                }),
            )
            .route(
                "/return",
                web::post().to(move |body: web::Bytes| {
                    let rec = rec.clone();
                    async move {
                        rec.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
                        HttpResponse::Ok().content_type("text/html").body("<p id=\"received\">Cart received</p>")
                    }
                }),
            )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    let buyer_handle = server.handle();
    tokio::spawn(server);

    let request =
        crate::punchout_cxml::setup_request("create", "browser-cookie-7", "demo-shared-secret", "")
            .replace(
                "https://buyer.example/punchout/return?session=42&amp;x=a%20b",
                &format!("http://127.0.0.1:{buyer_port}/return"),
            );
    let xml = post_cxml(&app, request).await;
    *start_page.lock().unwrap() = crate::punchout_cxml::start_url(&xml);

    driver
        .cmd(
            "POST",
            "/url",
            json!({"url": format!("http://127.0.0.1:{buyer_port}/buyer")}),
        )
        .await;
    driver.enter_iframe().await;
    driver.click("button.add").await; // the first product's "Add to cart"
    driver.wait_for_text("#cart-link", "Cart (1)").await;
    driver.click("#cart-link").await;
    driver.click("#transfer").await; // auto-submits the cart to the buyer

    let deadline = Instant::now() + Duration::from_secs(30);
    let body = loop {
        if let Some(b) = received.lock().unwrap().first().cloned() {
            break b;
        }
        assert!(
            Instant::now() < deadline,
            "the buyer page never received the cart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let form: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect();
    let (name, poom) = form.first().expect("one field");
    assert_eq!(name, "cxml-urlencoded");
    assert!(
        poom.contains("<BuyerCookie>browser-cookie-7</BuyerCookie>"),
        "{poom}"
    );
    assert_eq!(poom.matches("<ItemIn ").count(), 1, "{poom}");
    assert!(poom.contains("quantity=\"1\""), "{poom}");
    let _ = driver
        .call("DELETE", &format!("/session/{}", driver.session), json!({}))
        .await;
    buyer_handle.stop(false).await;
}
