//! Admin API authentication, documents, partners and the outbox listing.

use crate::helpers::{order_json, spawn_app, ADMIN_TOKEN};

#[tokio::test]
async fn api_requires_the_bearer_token() {
    let app = spawn_app().await;
    for (token, what) in [
        (None, "missing"),
        (Some("wrong"), "wrong"),
        (Some(""), "empty"),
    ] {
        let mut req = app.client.get(app.url("/api/orders"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 401, "{what} token");
        assert_eq!(r.headers()["www-authenticate"], "Bearer realm=\"b2bgate\"");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"], "unauthorized");
    }
    // Unauthenticated writes are refused before anything is read or stored.
    let r = app
        .client
        .post(app.url("/api/orders?partner=demo-buyer"))
        .body(order_json("PO-NOAUTH"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(app
        .store
        .list_documents(&Default::default())
        .await
        .unwrap()
        .is_empty());
    let r = app.get_admin("/api/orders").await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn documents_are_listed_filtered_and_returned_byte_for_byte() {
    let app = spawn_app().await;
    let body = order_json("PO-DOC-1");
    let r = app.post_order("demo-buyer", body.clone()).await;
    assert_eq!(r.status(), 201);
    let created: serde_json::Value = r.json().await.unwrap();

    let list: serde_json::Value = app
        .get_admin("/api/documents?direction=inbound&partner=demo-buyer&type=purchase_order&order_number=PO-DOC-1")
        .await
        .json()
        .await
        .unwrap();
    let docs = list["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc["id"], created["document_id"]);
    assert_eq!(doc["syntax"], "json");
    assert_eq!(doc["status"], "accepted");
    assert_eq!(doc["size_bytes"], body.len());
    assert_eq!(doc["order_id"], created["id"]);
    use sha2::Digest;
    assert_eq!(
        doc["sha256"],
        hex::encode(sha2::Sha256::digest(body.as_bytes()))
    );

    for (q, n) in [
        ("direction=outbound", 0),
        ("partner=someone-else", 0),
        ("type=invoice", 0),
        ("order_number=PO-DOC-2", 0),
        ("direction=inbound", 1),
    ] {
        let v: serde_json::Value = app
            .get_admin(&format!("/api/documents?{q}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["documents"].as_array().unwrap().len(), n, "{q}");
    }
    let r = app.get_admin("/api/documents?direction=sideways").await;
    assert_eq!(r.status(), 400);

    let id = doc["id"].as_str().unwrap();
    let raw = app.get_admin(&format!("/api/documents/{id}/raw")).await;
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.headers()["content-type"], "application/json");
    assert_eq!(raw.bytes().await.unwrap().as_ref(), body.as_bytes());

    let meta: serde_json::Value = app
        .get_admin(&format!("/api/documents/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meta["id"], id);
    let r = app.get_admin("/api/documents/does-not-exist/raw").await;
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn partners_are_listed_without_secrets() {
    let app = spawn_app().await;
    let text = app.get_admin("/api/partners").await.text().await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let p = &v["partners"][0];
    assert_eq!(p["id"], "demo-buyer");
    assert_eq!(
        p["protocols"],
        serde_json::json!(["cxml", "oci", "x12", "edifact", "ubl"])
    );
    assert!(!text.contains("demo-shared-secret"));
    assert!(!text.contains("demo-oci-secret"));
}

#[tokio::test]
async fn outbox_listing_validates_state_and_retry_needs_a_dead_job() {
    let app = spawn_app().await;
    let r = app.get_admin("/api/outbox?state=pending").await;
    assert_eq!(r.status(), 200);
    let r = app.get_admin("/api/outbox?state=sleeping").await;
    assert_eq!(r.status(), 400);
    let r = app
        .client
        .post(app.url("/api/outbox/nope/retry"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}
