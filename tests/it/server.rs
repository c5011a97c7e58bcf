//! The server itself: health, readiness, metrics, request ids, limits, TLS, unknown routes.

use crate::helpers::{spawn_app, spawn_app_with, AppOptions, ADMIN_TOKEN};

#[tokio::test]
async fn healthz_and_readyz_answer() {
    let app = spawn_app().await;
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");

    let r = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    let expected = if app.db.is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"], expected);
}

#[tokio::test]
async fn readyz_reports_unavailable_when_the_database_is_gone() {
    let app = spawn_app().await;
    app.store.close().await;
    let r = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = spawn_app().await;
    let a = app.client.get(app.url("/healthz")).send().await.unwrap();
    let b = app.client.get(app.url("/nope")).send().await.unwrap();
    let ida = a.headers()["x-request-id"].to_str().unwrap().to_owned();
    let idb = b.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(ida.len(), 36, "a UUID: {ida}");
    assert_ne!(ida, idb);
    assert_eq!(b.status(), 404);
    let body: serde_json::Value = b.json().await.unwrap();
    assert_eq!(body["message"], "no route for GET /nope");
}

#[tokio::test]
async fn metrics_count_requests_documents_and_outbox() {
    let app = spawn_app().await;
    app.client.get(app.url("/healthz")).send().await.unwrap();
    let r = app
        .post_order("demo-buyer", crate::helpers::order_json("PO-METRICS-1"))
        .await;
    assert_eq!(r.status(), 201);
    let text = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains(
            "b2bgate_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{text}"
    );
    assert!(text.contains(
        "b2bgate_http_request_duration_seconds_count{method=\"POST\",route=\"/api/orders\"} 1"
    ));
    assert!(text.contains(
        "b2bgate_documents{partner=\"demo-buyer\",type=\"purchase_order\",direction=\"inbound\",status=\"accepted\"} 1"
    ));
    assert!(text.contains("b2bgate_outbox_jobs{state=\"pending\"} 0"));
}

#[tokio::test]
async fn bodies_over_the_limit_get_413_and_store_nothing() {
    let app = spawn_app_with(AppOptions {
        body_limit: Some(1024),
        ..AppOptions::default()
    })
    .await;
    let big = crate::helpers::order_json("PO-BIG").into_bytes();
    let mut padded = big.clone();
    padded.truncate(padded.len() - 1);
    padded.extend(std::iter::repeat_n(b' ', 2048));
    padded.push(b'}');
    let r = app.post_order("demo-buyer", padded).await;
    assert_eq!(r.status(), 413);
    // Chunked (no Content-Length) bodies are cut off too.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(vec![b' '; 800]), Ok(vec![b' '; 800])];
    let r = app
        .client
        .post(app.url("/api/orders?partner=demo-buyer"))
        .bearer_auth(ADMIN_TOKEN)
        .body(reqwest::Body::wrap_stream(futures_util::stream::iter(
            chunks,
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    assert!(docs.is_empty());
}

#[tokio::test]
async fn serves_https_when_a_certificate_is_configured() {
    use openssl::asn1::Asn1Time;
    use openssl::hash::MessageDigest;
    use openssl::pkey::PKey;
    use openssl::rsa::Rsa;
    use openssl::x509::{X509NameBuilder, X509};

    let dir = tempfile::tempdir().unwrap();
    let key = PKey::from_rsa(Rsa::generate(2048).unwrap()).unwrap();
    let mut name = X509NameBuilder::new().unwrap();
    name.append_entry_by_text("CN", "localhost").unwrap();
    let name = name.build();
    let mut b = X509::builder().unwrap();
    b.set_version(2).unwrap();
    b.set_subject_name(&name).unwrap();
    b.set_issuer_name(&name).unwrap();
    b.set_pubkey(&key).unwrap();
    b.set_not_before(&Asn1Time::days_from_now(0).unwrap())
        .unwrap();
    b.set_not_after(&Asn1Time::days_from_now(1).unwrap())
        .unwrap();
    b.sign(&key, MessageDigest::sha256()).unwrap();
    let cert = b.build();
    let cert_path = dir.path().join("cert.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, cert.to_pem().unwrap()).unwrap();
    std::fs::write(&key_path, key.private_key_to_pem_pkcs8().unwrap()).unwrap();

    let app = spawn_app_with(AppOptions {
        tls: Some((cert_path, key_path)),
        ..AppOptions::default()
    })
    .await;
    assert!(app.address.starts_with("https://"));
    let r = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // Plain HTTP on the TLS port does not get an answer.
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{}/healthz", app.port))
        .send()
        .await;
    assert!(plain.is_err() || plain.unwrap().status() != 200);
}

#[tokio::test]
async fn stops_gracefully_on_request() {
    let app = spawn_app().await;
    app.handle.stop(true).await;
    let r = app.client.get(app.url("/healthz")).send().await;
    assert!(r.is_err(), "the listener is closed after a graceful stop");
}
