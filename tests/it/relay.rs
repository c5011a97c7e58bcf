//! The outbox relay against a local receiving endpoint that answers from a script: delivery of
//! the archived bytes, retries after 5xx, Retry-After, cXML 4xx dead letters, requeue.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use b2bgate::store::{NewDocument, NewJob};
use chrono::Utc;

use crate::helpers::{spawn_app, TestApp, ADMIN_TOKEN};

/// One scripted answer: status, optional Retry-After, body.
pub type Answer = (u16, Option<&'static str>, String);

#[derive(Default)]
pub struct Receiver {
    script: Mutex<VecDeque<Answer>>,
    /// Every post: when, its Idempotency-Key, its body.
    pub seen: Mutex<Vec<(Instant, String, Vec<u8>)>>,
}

impl Receiver {
    /// The bodies posted so far, once there are at least `n`.
    pub async fn posts(&self, n: usize) -> Vec<Vec<u8>> {
        crate::helpers::eventually(&format!("{n} posts"), || {
            let seen = self.seen.lock().unwrap();
            (seen.len() >= n).then(|| seen.iter().map(|s| s.2.clone()).collect())
        })
        .await
    }
}

/// A local buyer endpoint at `/cxml` answering from `script` (then cXML 200 OK).
pub async fn receiver(
    script: Vec<Answer>,
) -> (String, Arc<Receiver>, actix_web::dev::ServerHandle) {
    let state = Arc::new(Receiver {
        script: Mutex::new(script.into()),
        seen: Mutex::default(),
    });
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
                    s.seen
                        .lock()
                        .unwrap()
                        .push((Instant::now(), key, body.to_vec()));
                    let (status, retry_after, text) = s
                        .script
                        .lock()
                        .unwrap()
                        .pop_front()
                        .unwrap_or((200, None, cxml_status(200, "OK", "")));
                    let mut resp =
                        HttpResponse::build(actix_web::http::StatusCode::from_u16(status).unwrap());
                    if let Some(ra) = retry_after {
                        resp.insert_header(("retry-after", ra));
                    }
                    resp.content_type("text/xml").body(text)
                }
            }),
        )
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    tokio::spawn(server);
    (format!("http://127.0.0.1:{port}/cxml"), state, handle)
}

pub fn cxml_status(code: u16, text: &str, message: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="r@buyer" timestamp="2026-11-24T10:00:00+00:00"><Response><Status code="{code}" text="{text}">{message}</Status></Response></cXML>"#
    )
}

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><cXML payloadID="1700000000.7@b2bgate" timestamp="2026-11-24T10:00:00+00:00"><Request/></cXML>"#;

/// Archive an outbound document and queue its delivery; the job id.
async fn queue(app: &TestApp, target: &str, key: &str, max_attempts: i64) -> String {
    let (doc_id, _) = app
        .store
        .archive_document(&NewDocument {
            partner_id: Some("demo-buyer".into()),
            direction: "outbound",
            syntax: "cxml".into(),
            doc_type: Some("order_response".into()),
            control_id: Some("1700000000.7@b2bgate".into()),
            order_number: None,
            dedup_key: format!("test:{key}"),
            content_type: Some("text/xml; charset=utf-8".into()),
            body: DOCUMENT.as_bytes().to_vec(),
            status: "queued".into(),
            issues: vec![],
        })
        .await
        .unwrap();
    app.store
        .enqueue(
            &NewJob {
                partner_id: Some("demo-buyer".into()),
                kind: "http_post".into(),
                target: target.into(),
                idempotency_key: key.into(),
                max_attempts,
                run_at: Utc::now(),
            },
            Some(&doc_id),
            None,
        )
        .await
        .unwrap();
    let jobs = app.store.list_jobs(None, None, None).await.unwrap();
    jobs.iter()
        .find(|j| j.idempotency_key == key)
        .unwrap()
        .id
        .clone()
}

async fn wait_for_state(app: &TestApp, id: &str, state: &str) -> b2bgate::store::Job {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let jobs = app.store.list_jobs(None, None, None).await.unwrap();
        let job = jobs.into_iter().find(|j| j.id == id).unwrap();
        if job.state == state {
            return job;
        }
        assert!(
            Instant::now() < deadline,
            "job never reached {state}: {job:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn delivers_the_archived_bytes_and_retries_after_a_500() {
    let app = spawn_app().await;
    let (url, rx, handle) = receiver(vec![(500, None, "boom".into())]).await;
    let id = queue(&app, &url, "job-retry", 5).await;
    let job = wait_for_state(&app, &id, "done").await;
    assert_eq!(job.attempts, 2);
    let seen = rx.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "one failure, one success");
    for (_, key, body) in &seen {
        assert_eq!(key, "job-retry");
        assert_eq!(
            body,
            DOCUMENT.as_bytes(),
            "a retry resends the identical document"
        );
    }
    let gap = seen[1].0 - seen[0].0;
    assert!(
        gap <= Duration::from_millis(2500),
        "first retry within about a second: {gap:?}"
    );
    handle.stop(false).await;
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let app = spawn_app().await;
    let (url, rx, handle) = receiver(vec![(503, Some("2"), String::new())]).await;
    let id = queue(&app, &url, "job-retry-after", 5).await;
    wait_for_state(&app, &id, "done").await;
    let seen = rx.seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    let gap = seen[1].0 - seen[0].0;
    assert!(
        gap >= Duration::from_millis(1900),
        "waited for Retry-After: {gap:?}"
    );
    handle.stop(false).await;
}

#[tokio::test]
async fn a_cxml_4xx_is_dead_lettered_with_the_partners_text_and_can_be_requeued() {
    let app = spawn_app().await;
    let (url, rx, handle) = receiver(vec![(
        200,
        None,
        cxml_status(406, "Not Acceptable", "Unknown order PO-1"),
    )])
    .await;
    let id = queue(&app, &url, "job-4xx", 5).await;
    let job = wait_for_state(&app, &id, "dead").await;
    assert_eq!(job.attempts, 1, "a permanent failure is not retried");
    assert_eq!(
        job.last_error.as_deref(),
        Some("cXML 406 Not Acceptable: Unknown order PO-1")
    );
    let dead: serde_json::Value = app
        .get_admin("/api/outbox?state=dead")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(dead["jobs"][0]["id"], id.as_str());
    // A person fixes the cause and requeues it: delivered on the next round.
    let r = app
        .client
        .post(app.url(&format!("/api/outbox/{id}/retry")))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    wait_for_state(&app, &id, "done").await;
    assert_eq!(rx.seen.lock().unwrap().len(), 2);
    handle.stop(false).await;
}

#[tokio::test]
async fn attempts_run_out_into_a_dead_letter_with_the_last_error() {
    let app = spawn_app().await;
    let (url, _rx, handle) = receiver(vec![
        (500, None, "first".into()),
        (502, None, "bad gateway".into()),
    ])
    .await;
    let id = queue(&app, &url, "job-exhausted", 2).await;
    let job = wait_for_state(&app, &id, "dead").await;
    assert_eq!(job.attempts, 2);
    assert_eq!(job.last_error.as_deref(), Some("HTTP 502: bad gateway"));
    handle.stop(false).await;
    // An unreachable receiver is a transport error, retried like a 5xx.
    let id = queue(&app, "http://127.0.0.1:9/cxml", "job-unreachable", 1).await;
    let job = wait_for_state(&app, &id, "dead").await;
    assert!(job.last_error.unwrap().starts_with("transport error"));
}
