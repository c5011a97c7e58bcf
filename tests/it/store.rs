//! The store on its own: outbox leases and retries, control numbers, archive dedup. Runs on
//! SQLite, and on PostgreSQL when TEST_DATABASE_URL is set.

use chrono::{Duration, Utc};

use b2bgate::store::{ControlNumberKind, JobState, NewDocument, NewJob, Store};

use crate::helpers::TestDb;

fn job(key: &str, max_attempts: i64) -> NewJob {
    NewJob {
        partner_id: Some("demo-buyer".into()),
        kind: "http_post".into(),
        target: "http://127.0.0.1:9/cxml".into(),
        idempotency_key: key.into(),
        max_attempts,
        run_at: Utc::now() - Duration::seconds(1),
    }
}

#[tokio::test]
async fn outbox_claim_complete_retry_dead_and_requeue() {
    let db = TestDb::new().await;
    let store = db.store().await;
    store.enqueue(&job("k1", 2), None, None).await.unwrap();
    // Same idempotency key: ignored.
    store.enqueue(&job("k1", 2), None, None).await.unwrap();
    store.enqueue(&job("k2", 5), None, None).await.unwrap();
    let mut future = job("k3", 5);
    future.run_at = Utc::now() + Duration::hours(1);
    store.enqueue(&future, None, None).await.unwrap();

    let now = Utc::now();
    let claimed = store.claim_jobs("w1", 10, 30_000, now).await.unwrap();
    let keys: Vec<_> = claimed.iter().map(|j| j.idempotency_key.as_str()).collect();
    assert_eq!(claimed.len(), 2, "{keys:?}");
    assert!(claimed
        .iter()
        .all(|j| j.attempts == 1 && j.state == "running"));
    // Nothing more is due; a second worker gets nothing while the leases hold.
    assert!(store
        .claim_jobs("w2", 10, 30_000, now)
        .await
        .unwrap()
        .is_empty());

    let k1 = claimed.iter().find(|j| j.idempotency_key == "k1").unwrap();
    let k2 = claimed.iter().find(|j| j.idempotency_key == "k2").unwrap();
    // Only the lease holder may complete.
    assert!(!store.complete_job(&k2.id, "w2").await.unwrap());
    assert!(store.complete_job(&k2.id, "w1").await.unwrap());

    // k1 fails once, retries, fails again: attempts used up -> dead.
    let state = store
        .fail_job(&k1.id, "w1", "HTTP 500", Some(now))
        .await
        .unwrap();
    assert_eq!(state, JobState::Pending);
    let again = store
        .claim_jobs("w1", 10, 30_000, Utc::now())
        .await
        .unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].attempts, 2);
    let state = store
        .fail_job(&k1.id, "w1", "HTTP 503", Some(Utc::now()))
        .await
        .unwrap();
    assert_eq!(state, JobState::Dead);
    let dead = store
        .list_jobs(Some(JobState::Dead), None, None)
        .await
        .unwrap();
    assert_eq!(dead.len(), 1);
    assert_eq!(dead[0].last_error.as_deref(), Some("HTTP 503"));

    // A permanent failure goes straight to dead.
    assert!(store.requeue_job(&k1.id).await.unwrap());
    let c = store
        .claim_jobs("w1", 10, 30_000, Utc::now())
        .await
        .unwrap();
    assert_eq!(c[0].attempts, 1, "requeue resets the attempt budget");
    assert_eq!(
        store
            .fail_job(&k1.id, "w1", "cXML 400", None)
            .await
            .unwrap(),
        JobState::Dead
    );
    assert!(
        !store.requeue_job(&k2.id).await.unwrap(),
        "only dead jobs requeue"
    );

    let counts: std::collections::HashMap<_, _> =
        store.job_counts().await.unwrap().into_iter().collect();
    assert_eq!(counts.get("done"), Some(&1));
    assert_eq!(counts.get("dead"), Some(&1));
    assert_eq!(counts.get("pending"), Some(&1));
}

#[tokio::test]
async fn an_expired_lease_makes_the_job_claimable_again() {
    let db = TestDb::new().await;
    let store = db.store().await;
    store.enqueue(&job("lease", 5), None, None).await.unwrap();
    let now = Utc::now();
    let first = store
        .claim_jobs("dying-worker", 1, 1_000, now)
        .await
        .unwrap();
    assert_eq!(first.len(), 1);
    // Within the lease: nobody else gets it.
    assert!(store
        .claim_jobs("w2", 1, 1_000, now + Duration::milliseconds(500))
        .await
        .unwrap()
        .is_empty());
    // After the lease: the job is delivered again (at-least-once), and the dead worker can no
    // longer complete it.
    let second = store
        .claim_jobs("w2", 1, 1_000, now + Duration::seconds(2))
        .await
        .unwrap();
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].id, first[0].id);
    assert_eq!(second[0].attempts, 2);
    assert!(!store
        .complete_job(&first[0].id, "dying-worker")
        .await
        .unwrap());
    assert!(store.complete_job(&first[0].id, "w2").await.unwrap());
}

#[tokio::test]
async fn concurrent_claims_never_hand_out_a_job_twice() {
    let db = TestDb::new().await;
    let store = db.store().await;
    for i in 0..40 {
        store
            .enqueue(&job(&format!("c{i}"), 3), None, None)
            .await
            .unwrap();
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let store: Store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            loop {
                let batch = store
                    .claim_jobs(&format!("w{w}"), 3, 60_000, Utc::now())
                    .await
                    .unwrap();
                if batch.is_empty() {
                    break;
                }
                got.extend(batch.into_iter().map(|j| j.id));
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(all.len(), 40);
    assert_eq!(unique.len(), 40);
}

#[tokio::test]
async fn control_numbers_are_unique_and_monotonic_under_concurrency() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut v = Vec::new();
            for _ in 0..10 {
                v.push(
                    store
                        .next_control_number("demo-buyer", ControlNumberKind::IsaControl)
                        .await
                        .unwrap(),
                );
            }
            v
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        let v = t.await.unwrap();
        assert!(
            v.windows(2).all(|w| w[0] < w[1]),
            "monotonic per caller: {v:?}"
        );
        all.extend(v);
    }
    all.sort_unstable();
    assert_eq!(all, (1..=80).collect::<Vec<i64>>());
    // Sequences are per partner and per kind.
    assert_eq!(
        store
            .next_control_number("other", ControlNumberKind::IsaControl)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .next_control_number("demo-buyer", ControlNumberKind::GroupControl)
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn archive_dedups_on_key_and_keeps_bytes_exact() {
    let db = TestDb::new().await;
    let store = db.store().await;
    let body: Vec<u8> = (0u8..=255).collect();
    let doc = NewDocument {
        partner_id: Some("demo-buyer".into()),
        direction: "inbound",
        syntax: "unknown".into(),
        doc_type: None,
        control_id: Some("payload-1".into()),
        order_number: None,
        dedup_key: "test:payload-1".into(),
        content_type: Some("application/octet-stream".into()),
        body: body.clone(),
        status: "rejected".into(),
        issues: vec!["not a document".into()],
    };
    let (id, fresh) = store.archive_document(&doc).await.unwrap();
    assert!(fresh);
    let (id2, fresh2) = store.archive_document(&doc).await.unwrap();
    assert!(!fresh2);
    assert_eq!(id, id2);
    let raw = store.get_document_raw(&id).await.unwrap().unwrap();
    assert_eq!(raw.body, body);
    let meta = store.get_document(&id).await.unwrap().unwrap();
    assert_eq!(meta.issues, vec!["not a document".to_owned()]);
    assert!(store
        .set_document_status(&id, "accepted", None)
        .await
        .unwrap());
    let meta = store.get_document(&id).await.unwrap().unwrap();
    assert_eq!(meta.status, "accepted");
    assert_eq!(
        meta.issues,
        vec!["not a document".to_owned()],
        "issues kept"
    );
}

#[tokio::test]
async fn migrations_are_idempotent() {
    let db = TestDb::new().await;
    let store = db.store().await;
    store.migrate().await.unwrap();
    store.ping().await.unwrap();
}
