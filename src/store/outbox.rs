//! The durable outbox: every outbound delivery is a row, claimed by a relay worker with a lease.
//!
//! A job is `pending` until a worker claims it (`running`, with `locked_until` as its lease), then
//! `done`, or back to `pending` with a later `next_run_at` to retry, or `dead` after
//! `max_attempts`. A worker that dies mid-delivery simply lets its lease expire; the job is then
//! claimable again (at-least-once, the same bytes and idempotency key).
//! PostgreSQL claims with `FOR UPDATE SKIP LOCKED`; SQLite serialises writers, which gives the
//! same guarantee.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::documents::page;
use super::{dispatch, text, BeginWrite, Store, StoreError, StoreRow};

/// A delivery to queue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// Partner it goes to.
    pub partner_id: Option<String>,
    /// How to deliver: `http_post`, `as2`, `file`, `connector:<name>` …
    pub kind: String,
    /// Where: a URL, a folder, a connector name.
    pub target: String,
    /// Unique per logical delivery; queuing it twice is a no-op.
    pub idempotency_key: String,
    /// Maximum attempts before the job is dead-lettered.
    pub max_attempts: i64,
    /// Earliest time to run.
    pub run_at: DateTime<Utc>,
}

/// Job states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Waiting for its next run.
    Pending,
    /// Claimed by a worker.
    Running,
    /// Delivered.
    Done,
    /// Gave up; needs a person.
    Dead,
}

impl JobState {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Done => "done",
            Self::Dead => "dead",
        }
    }

    /// Parse a stored or requested name.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "pending" => Self::Pending,
            "running" => Self::Running,
            "done" => Self::Done,
            "dead" => Self::Dead,
            _ => return None,
        })
    }
}

/// A stored job.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Job {
    /// Job id.
    pub id: String,
    /// Partner.
    pub partner_id: Option<String>,
    /// Delivery kind.
    pub kind: String,
    /// Destination.
    pub target: String,
    /// Idempotency key.
    pub idempotency_key: String,
    /// Document to deliver.
    pub document_id: Option<String>,
    /// Order concerned.
    pub order_id: Option<String>,
    /// State name.
    pub state: String,
    /// Attempts so far (a claim counts as one).
    pub attempts: i64,
    /// Attempts allowed.
    pub max_attempts: i64,
    /// Next run, epoch milliseconds.
    pub next_run_at: i64,
    /// Last error.
    pub last_error: Option<String>,
    /// Created.
    pub created_at: DateTime<Utc>,
}

const JOB_COLUMNS: &str = "id, partner_id, kind, target, idempotency_key, document_id, order_id, \
     state, attempts, max_attempts, next_run_at, last_error, created_at";

/// Insert a job on any connection/transaction; a repeated idempotency key is ignored.
macro_rules! insert_job {
    ($conn:expr, $job:expr, $document_id:expr, $order_id:expr, $now:expr) => {{
        let job: &$crate::store::NewJob = $job;
        sqlx::query(
            "INSERT INTO outbox (id, partner_id, kind, target, idempotency_key, document_id, \
             order_id, state, attempts, max_attempts, next_run_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $9, $10, $10) \
             ON CONFLICT (idempotency_key) DO NOTHING",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(&job.partner_id)
        .bind(&job.kind)
        .bind($crate::store::text(&job.target))
        .bind($crate::store::text(&job.idempotency_key))
        .bind($document_id)
        .bind($order_id)
        .bind(job.max_attempts)
        .bind($crate::store::epoch_millis(job.run_at))
        .bind($now)
        .execute($conn)
        .await?;
    }};
}
pub(super) use insert_job;

fn job_from_row(row: &impl StoreRow) -> Result<Job, StoreError> {
    Ok(Job {
        id: row.col("id")?,
        partner_id: row.col("partner_id")?,
        kind: row.col("kind")?,
        target: row.col("target")?,
        idempotency_key: row.col("idempotency_key")?,
        document_id: row.col("document_id")?,
        order_id: row.col("order_id")?,
        state: row.col("state")?,
        attempts: row.col("attempts")?,
        max_attempts: row.col("max_attempts")?,
        next_run_at: row.col("next_run_at")?,
        last_error: row.col("last_error")?,
        created_at: row.col("created_at")?,
    })
}

impl Store {
    /// Queue a job outside any other transaction (with an optional document and order).
    pub async fn enqueue(
        &self,
        job: &NewJob,
        document_id: Option<&str>,
        order_id: Option<&str>,
    ) -> Result<(), StoreError> {
        let now = Utc::now();
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            insert_job!(&mut *tx, job, document_id, order_id, now);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Claim up to `limit` due jobs for `worker` with a lease of `lease_ms`: pending jobs whose
    /// time has come, and running jobs whose lease expired (their worker died).
    pub async fn claim_jobs(
        &self,
        worker: &str,
        limit: i64,
        lease_ms: i64,
        now: DateTime<Utc>,
    ) -> Result<Vec<Job>, StoreError> {
        let now_ms = now.timestamp_millis();
        let lock = match self {
            Store::Postgres(_) => " FOR UPDATE SKIP LOCKED",
            Store::Sqlite(_) => "",
        };
        let sql = format!(
            "UPDATE outbox SET state = 'running', attempts = attempts + 1, locked_by = $1, \
             locked_until = $2, updated_at = $3 \
             WHERE id IN (SELECT id FROM outbox \
                 WHERE (state = 'pending' AND next_run_at <= $4) \
                    OR (state = 'running' AND locked_until < $4) \
                 ORDER BY next_run_at LIMIT $5{lock}) \
             RETURNING {JOB_COLUMNS}"
        );
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let rows = sqlx::query(&sql)
                .bind(worker)
                .bind(now_ms + lease_ms)
                .bind(now)
                .bind(now_ms)
                .bind(limit)
                .fetch_all(&mut *tx)
                .await?;
            tx.commit().await?;
            rows.iter().map(job_from_row).collect()
        })
    }

    /// Extend `worker`'s lease on a claimed job to `lease_ms` from `now`. `false` when the worker
    /// no longer holds the job: its lease ran out and another worker claimed it, or it was
    /// finished. The relay renews each job of a claimed batch right before delivering it.
    pub async fn renew_lease(
        &self,
        id: &str,
        worker: &str,
        lease_ms: i64,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let renewed = sqlx::query(
                "UPDATE outbox SET locked_until = $3, updated_at = $4 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
            )
            .bind(crate::store::text(id))
            .bind(worker)
            .bind(now.timestamp_millis().saturating_add(lease_ms))
            .bind(now)
            .execute(pool)
            .await?;
            Ok(renewed.rows_affected() > 0)
        })
    }

    /// Mark a claimed job delivered. Only the worker holding the lease can complete it.
    pub async fn complete_job(&self, id: &str, worker: &str) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let done = sqlx::query(
                "UPDATE outbox SET state = 'done', locked_by = NULL, locked_until = NULL, \
                 last_error = NULL, updated_at = $3 WHERE id = $1 AND locked_by = $2 AND state = 'running'",
            )
            .bind(crate::store::text(id))
            .bind(worker)
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// Record a failed attempt: back to `pending` at `retry_at`, or `dead` when `retry_at` is
    /// `None` or the attempts are used up.
    pub async fn fail_job(
        &self,
        id: &str,
        worker: &str,
        error: &str,
        retry_at: Option<DateTime<Utc>>,
    ) -> Result<JobState, StoreError> {
        let retry_ms = retry_at.map(|t| t.timestamp_millis());
        dispatch!(self, pool => {
            let row = sqlx::query(
                "UPDATE outbox SET \
                   state = CASE WHEN CAST($4 AS BIGINT) IS NULL OR attempts >= max_attempts \
                                THEN 'dead' ELSE 'pending' END, \
                   next_run_at = COALESCE(CAST($4 AS BIGINT), next_run_at), \
                   last_error = $3, locked_by = NULL, locked_until = NULL, updated_at = $5 \
                 WHERE id = $1 AND locked_by = $2 AND state = 'running' RETURNING state",
            )
            .bind(crate::store::text(id))
            .bind(worker)
            .bind(text(error))
            .bind(retry_ms)
            .bind(Utc::now())
            .fetch_optional(pool)
            .await?;
            let state: String = match row {
                Some(r) => r.get(0),
                None => return Ok(JobState::Running),
            };
            JobState::parse(&state).ok_or(StoreError::Corrupt {
                what: "outbox.state",
                message: state,
            })
        })
    }

    /// Put a dead job back in the queue, due now, with a fresh attempt budget.
    pub async fn requeue_job(&self, id: &str) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let done = sqlx::query(
                "UPDATE outbox SET state = 'pending', attempts = 0, next_run_at = $2, updated_at = $3 \
                 WHERE id = $1 AND state = 'dead'",
            )
            .bind(crate::store::text(id))
            .bind(Utc::now().timestamp_millis())
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// List jobs, optionally in one state, newest first.
    pub async fn list_jobs(
        &self,
        state: Option<JobState>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Result<Vec<Job>, StoreError> {
        let sql = format!(
            "SELECT {JOB_COLUMNS} FROM outbox WHERE (CAST($1 AS TEXT) IS NULL OR state = $1) \
             ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
        );
        let (limit, offset) = page(limit, offset);
        dispatch!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(state.map(JobState::as_str))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            rows.iter().map(job_from_row).collect()
        })
    }

    /// Jobs per state (the outbox depth metric).
    pub async fn job_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query("SELECT state, COUNT(*) FROM outbox GROUP BY state")
                .fetch_all(pool)
                .await?;
            Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1))).collect())
        })
    }
}
