//! `POST /api/orders` and the order listing: idempotency, concurrency, precise rejections.

use crate::helpers::{fixture, order_json, spawn_app};

#[tokio::test]
async fn creates_an_order_and_returns_it() {
    let app = spawn_app().await;
    let r = app
        .post_order("demo-buyer", fixture("canonical/purchase_order.json"))
        .await;
    assert_eq!(r.status(), 201);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let created: serde_json::Value = r.json().await.unwrap();
    assert_eq!(created["duplicate"], false);
    assert_eq!(
        location,
        format!("/api/orders/{}", created["id"].as_str().unwrap())
    );

    let got: serde_json::Value = app.get_admin(&location).await.json().await.unwrap();
    let original: serde_json::Value =
        serde_json::from_slice(&fixture("canonical/purchase_order.json")).unwrap();
    assert_eq!(got["partner_id"], "demo-buyer");
    assert_eq!(got["status"], "received");
    assert_eq!(got["syntax"], "json");
    assert_eq!(got["order_number"], original["order_number"]);
    assert_eq!(
        got["line_count"],
        original["lines"].as_array().unwrap().len()
    );
    // The canonical document comes back as it was sent (decimals stay strings).
    assert_eq!(got["order"]["type"], "purchase_order");
    assert_eq!(got["order"]["lines"], original["lines"]);
    assert_eq!(got["documents"].as_array().unwrap().len(), 1);
    assert_eq!(got["documents"][0]["id"], created["document_id"]);
}

#[tokio::test]
async fn the_same_order_twice_is_one_order() {
    let app = spawn_app().await;
    let body = order_json("PO-TWICE");
    let first = app.post_order("demo-buyer", body.clone()).await;
    assert_eq!(first.status(), 201);
    let first: serde_json::Value = first.json().await.unwrap();
    let second = app.post_order("demo-buyer", body).await;
    assert_eq!(second.status(), 200);
    let second: serde_json::Value = second.json().await.unwrap();
    assert_eq!(second["duplicate"], true);
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["document_id"], first["document_id"]);
    assert_eq!(
        app.store
            .count_orders("demo-buyer", "PO-TWICE")
            .await
            .unwrap(),
        1
    );
    let docs = app.store.list_documents(&Default::default()).await.unwrap();
    assert_eq!(docs.len(), 1);
}

#[tokio::test]
async fn the_same_order_fired_concurrently_gives_exactly_one_row() {
    let app = spawn_app().await;
    let body = order_json("PO-RACE");
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let client = app.client.clone();
        let url = app.url("/api/orders?partner=demo-buyer");
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(crate::helpers::ADMIN_TOKEN)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let status = r.status().as_u16();
            let v: serde_json::Value = r.json().await.unwrap();
            (status, v["id"].as_str().unwrap_or_default().to_owned())
        }));
    }
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let dup = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!((created, dup), (1, 15), "{results:?}");
    let ids: std::collections::HashSet<_> = results.iter().map(|(_, id)| id.clone()).collect();
    assert_eq!(ids.len(), 1, "every answer names the same order");
    assert_eq!(
        app.store
            .count_orders("demo-buyer", "PO-RACE")
            .await
            .unwrap(),
        1
    );
    let listed: serde_json::Value = app
        .get_admin("/api/orders?order_number=PO-RACE")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["orders"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.store
            .list_documents(&Default::default())
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn malformed_json_gets_a_precise_400_and_is_archived_raw() {
    let app = spawn_app().await;
    let mut v: serde_json::Value = serde_json::from_str(&order_json("PO-BAD")).unwrap();
    v["lines"][1]["quantity"] = serde_json::json!("three");
    let body = v.to_string();
    let r = app.post_order("demo-buyer", body.clone()).await;
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    let msg = err["message"].as_str().unwrap();
    assert!(msg.contains("lines[1].quantity"), "{msg}");
    assert_eq!(err["error"], "rejected");
    let doc_id = err["document_id"].as_str().unwrap();
    let raw = app.get_admin(&format!("/api/documents/{doc_id}/raw")).await;
    assert_eq!(raw.bytes().await.unwrap().as_ref(), body.as_bytes());
    let meta: serde_json::Value = app
        .get_admin(&format!("/api/documents/{doc_id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(meta["status"], "rejected");
    assert!(meta["issues"][0]
        .as_str()
        .unwrap()
        .contains("lines[1].quantity"));
    assert_eq!(
        app.store
            .count_orders("demo-buyer", "PO-BAD")
            .await
            .unwrap(),
        0
    );

    // A misspelt field is refused by name, not silently dropped.
    let mut v: serde_json::Value = serde_json::from_str(&order_json("PO-TYPO")).unwrap();
    v["lines"][0]["quantiy"] = serde_json::json!("1");
    let r = app.post_order("demo-buyer", v.to_string()).await;
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    let msg = err["message"].as_str().unwrap();
    assert!(
        msg.contains("unknown field(s)") && msg.contains("quantiy"),
        "{msg}"
    );
    // Trailing garbage after the document.
    let r = app
        .post_order("demo-buyer", format!("{} x", order_json("PO-TRAIL")))
        .await;
    assert_eq!(r.status(), 400);

    // Not JSON at all, and the wrong document type.
    let r = app.post_order("demo-buyer", "<cXML/>").await;
    assert_eq!(r.status(), 400);
    let r = app
        .post_order("demo-buyer", r#"{"type":"invoice","invoice_number":"1"}"#)
        .await;
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    assert!(
        err["message"].as_str().unwrap().contains("purchase_order"),
        "{err}"
    );
}

#[tokio::test]
async fn invalid_orders_list_every_problem_with_its_path() {
    let app = spawn_app().await;
    let mut v: serde_json::Value = serde_json::from_str(&order_json("PO-INVALID")).unwrap();
    v["lines"][0]["quantity"] = serde_json::json!("0");
    v["lines"][1]["line_number"] = v["lines"][0]["line_number"].clone();
    let r = app.post_order("demo-buyer", v.to_string()).await;
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    let issues: Vec<String> = err["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i.as_str().unwrap().to_owned())
        .collect();
    assert!(
        issues.iter().any(|i| i.starts_with("lines[0].quantity")),
        "{issues:?}"
    );
    assert!(
        issues.iter().any(|i| i.starts_with("lines[1].line_number")),
        "{issues:?}"
    );
    assert_eq!(
        app.store
            .count_orders("demo-buyer", "PO-INVALID")
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn partner_is_required_and_must_exist() {
    let app = spawn_app().await;
    let r = app
        .client
        .post(app.url("/api/orders"))
        .bearer_auth(crate::helpers::ADMIN_TOKEN)
        .body(order_json("PO-X"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let err: serde_json::Value = r.json().await.unwrap();
    assert!(err["message"]
        .as_str()
        .unwrap()
        .contains("`partner` is required"));
    let r = app.post_order("nobody", order_json("PO-X")).await;
    assert_eq!(r.status(), 404);
    let r = app.post_order("demo-buyer", "").await;
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn orders_are_listed_with_filters() {
    let app = spawn_app().await;
    for n in ["PO-L1", "PO-L2", "PO-L3"] {
        assert_eq!(
            app.post_order("demo-buyer", order_json(n)).await.status(),
            201
        );
    }
    let all: serde_json::Value = app.get_admin("/api/orders").await.json().await.unwrap();
    assert_eq!(all["orders"].as_array().unwrap().len(), 3);
    // Newest first.
    assert_eq!(all["orders"][0]["order_number"], "PO-L3");
    for (q, n) in [
        ("order_number=PO-L2", 1),
        ("partner=demo-buyer", 3),
        ("partner=other", 0),
        ("status=received", 3),
        ("status=shipped", 0),
        ("limit=2", 2),
        ("limit=2&offset=2", 1),
    ] {
        let v: serde_json::Value = app
            .get_admin(&format!("/api/orders?{q}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["orders"].as_array().unwrap().len(), n, "{q}");
    }
    let r = app.get_admin("/api/orders/nope").await;
    assert_eq!(r.status(), 404);
    let r = app.get_admin("/api/orders?limit=abc").await;
    assert_eq!(r.status(), 400);
}
