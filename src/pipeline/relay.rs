//! The relay: drains the durable outbox. Workers claim due jobs with a lease, deliver the
//! archived document byte for byte, and mark each job done, retry it later, or dead-letter it.
//!
//! Delivery outcome rules:
//! - HTTP 2xx with a cXML body: the cXML `Status` decides. 2xx is done; 4xx is a permanent
//!   failure, dead-lettered with the partner's status text; anything else is retried.
//! - HTTP 2xx without cXML: done.
//! - HTTP 408, 429 and 5xx, and transport errors: retried, honouring `Retry-After`.
//! - Any other HTTP 4xx: a permanent failure.
//!
//! Retries back off exponentially with jitter, starting near one second, until the job's
//! `max_attempts`; then the job is dead-lettered with its last error. A retry sends the identical
//! bytes (the same payloadID) with the same `Idempotency-Key` header.
//!
//! Job kinds: `http_post` posts the archived bytes as they are; `cxml_post` posts an archived cXML
//! document whose `<SharedSecret>` was masked for the archive, with the partner's secret put back
//! from the partner registry (secrets live in the environment, never in the database).

use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tracing::{info, warn, Instrument};

use std::sync::Arc;

use secrecy::ExposeSecret;

use crate::partners::PartnerRegistry;
use crate::store::{Job, JobState, Store, StoreError};

/// How the relay runs.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    /// This worker's name (leases are held per worker).
    pub worker_id: String,
    /// Jobs claimed per round.
    pub batch: i64,
    /// Lease on a claimed job, renewed right before its delivery; a worker that dies lets it
    /// expire and another takes over. Keep it above `request_timeout`.
    pub lease: Duration,
    /// Pause between rounds when nothing was due.
    pub poll: Duration,
    /// First retry delay (before jitter); doubles per attempt.
    pub base_backoff: Duration,
    /// Longest retry delay.
    pub max_backoff: Duration,
    /// Timeout of one delivery.
    pub request_timeout: Duration,
}

impl Default for RelayConfig {
    fn default() -> Self {
        Self {
            worker_id: format!("relay-{}", uuid::Uuid::new_v4().simple()),
            batch: 16,
            lease: Duration::from_secs(120),
            poll: Duration::from_secs(1),
            base_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(3600),
            request_timeout: Duration::from_secs(60),
        }
    }
}

/// What one delivery attempt came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Accepted by the receiver.
    Delivered,
    /// Try again; `after` is the receiver's `Retry-After`, if it sent one.
    Retry {
        /// Why.
        error: String,
        /// Receiver-requested delay.
        after: Option<Duration>,
    },
    /// Will never succeed as is: dead-letter now.
    Permanent(String),
}

/// The delay before retry number `attempt` (1-based): `base × 2^(attempt-1)`, capped, with up
/// to 50 % jitter taken off so that many failing jobs do not retry in lockstep.
pub fn backoff(attempt: i64, base: Duration, max: Duration, jitter: f64) -> Duration {
    let exp = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    let raw = base.saturating_mul(2u32.saturating_pow(exp)).min(max);
    raw.mul_f64(1.0 - 0.5 * jitter.clamp(0.0, 1.0))
}

/// Parse a `Retry-After` header: delay-seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs.min(86_400)));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&Utc) - Utc::now();
    Some(
        delta
            .to_std()
            .unwrap_or(Duration::ZERO)
            .min(Duration::from_secs(86_400)),
    )
}

/// Decide the outcome of an HTTP answer.
pub fn judge(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Outcome {
    match status {
        200..=299 => judge_cxml(body).unwrap_or(Outcome::Delivered),
        408 | 429 | 500..=599 => Outcome::Retry {
            error: format!("HTTP {status}{}", snippet(body)),
            after: retry_after,
        },
        _ => Outcome::Permanent(format!("HTTP {status}{}", snippet(body))),
    }
}

/// A cXML answer's `Status`, when the body is cXML.
fn judge_cxml(body: &[u8]) -> Option<Outcome> {
    if codec::detect(body) != Some(codec::Format::Cxml) {
        return None;
    }
    let read = codec::cxml::read(body).ok()?;
    let status = match read.doc.body {
        codec::cxml::Body::Response { status, .. } => status,
        _ => return None,
    };
    let text = format!(
        "cXML {} {}{}",
        status.code,
        status.text,
        if status.message.trim().is_empty() {
            String::new()
        } else {
            format!(": {}", status.message.trim())
        }
    );
    Some(match status.code {
        200..=299 => Outcome::Delivered,
        400..=499 => Outcome::Permanent(text),
        _ => Outcome::Retry {
            error: text,
            after: None,
        },
    })
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        String::new()
    } else {
        format!(": {text}")
    }
}

/// An outbox worker.
pub struct Relay {
    store: Store,
    http: reqwest::Client,
    config: RelayConfig,
    partners: Arc<PartnerRegistry>,
}

impl Relay {
    /// A relay over `store`; `partners` supplies the secrets archived documents leave out.
    pub fn new(store: Store, config: RelayConfig, partners: Arc<PartnerRegistry>) -> Self {
        let http = reqwest::Client::builder()
            .timeout(config.request_timeout)
            .user_agent(concat!("b2bgate/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        Self {
            store,
            http,
            config,
            partners,
        }
    }

    /// Run until `shutdown` turns true. A round that fails (database down) is logged and
    /// retried after the poll interval; the relay never exits on its own.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        info!(worker = %self.config.worker_id, "Outbox relay started.");
        loop {
            if *shutdown.borrow() {
                break;
            }
            let busy = match self.run_once().await {
                Ok(n) => n > 0,
                Err(e) => {
                    warn!(error = %e, "Outbox relay round failed.");
                    false
                }
            };
            if !busy {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
        info!(worker = %self.config.worker_id, "Outbox relay stopped.");
    }

    /// Claim one batch of due jobs and deliver them; the number of jobs handled.
    pub async fn run_once(&self) -> Result<usize, StoreError> {
        let lease_ms = i64::try_from(self.config.lease.as_millis()).unwrap_or(i64::MAX);
        let jobs = self
            .store
            .claim_jobs(
                &self.config.worker_id,
                self.config.batch,
                lease_ms,
                Utc::now(),
            )
            .await?;
        for job in &jobs {
            // The batch shares one lease, but its jobs are delivered one after another: behind
            // slow deliveries a job can outlive that lease and be claimed by another worker.
            // Renew the lease before each delivery, and skip a job that is no longer ours.
            if !self
                .store
                .renew_lease(&job.id, &self.config.worker_id, lease_ms, Utc::now())
                .await?
            {
                info!(job_id = %job.id, "Lease lost before delivery; another worker has the job.");
                continue;
            }
            let span = tracing::info_span!(
                "outbox_delivery",
                job_id = %job.id,
                partner_id = job.partner_id.as_deref().unwrap_or(""),
                attempt = job.attempts,
            );
            self.handle(job).instrument(span).await?;
        }
        Ok(jobs.len())
    }

    async fn handle(&self, job: &Job) -> Result<(), StoreError> {
        let worker = &self.config.worker_id;
        match self.deliver(job).await {
            Outcome::Delivered => {
                if self.store.complete_job(&job.id, worker).await? {
                    info!(target_url = %job.target, "Delivered.");
                } else {
                    warn!(target_url = %job.target, "Delivered, but the lease was lost meanwhile; another worker may deliver it again (at least once).");
                }
            }
            Outcome::Permanent(error) => {
                self.store.fail_job(&job.id, worker, &error, None).await?;
                warn!(%error, "Delivery failed permanently; dead-lettered.");
            }
            Outcome::Retry { error, after } => {
                let delay = after.unwrap_or_else(|| {
                    backoff(
                        job.attempts,
                        self.config.base_backoff,
                        self.config.max_backoff,
                        rand::random::<f64>(),
                    )
                });
                let at = Utc::now()
                    + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::hours(1));
                let state = self
                    .store
                    .fail_job(&job.id, worker, &error, Some(at))
                    .await?;
                if state == JobState::Dead {
                    warn!(%error, attempts = job.attempts, "Delivery attempts used up; dead-lettered.");
                } else {
                    warn!(%error, retry_in_ms = delay.as_millis() as u64, "Delivery failed; will retry.");
                }
            }
        }
        Ok(())
    }

    async fn deliver(&self, job: &Job) -> Outcome {
        if !matches!(job.kind.as_str(), "http_post" | "cxml_post" | "file") {
            return Outcome::Permanent(format!("unknown delivery kind `{}`", job.kind));
        }
        let Some(document_id) = &job.document_id else {
            return Outcome::Permanent("the job has no document to deliver".to_owned());
        };
        let raw = match self.store.get_document_raw(document_id).await {
            Ok(Some(raw)) => raw,
            Ok(None) => {
                return Outcome::Permanent(format!("document {document_id} is not archived"))
            }
            Err(e) => {
                return Outcome::Retry {
                    error: format!("reading the document: {e}"),
                    after: None,
                }
            }
        };
        let content_type = raw
            .content_type
            .unwrap_or_else(|| "application/octet-stream".to_owned());
        if job.kind == "file" {
            let ext = match content_type.as_str() {
                c if c.contains("edi-x12") || c.contains("edifact") => "edi",
                c if c.contains("xml") => "xml",
                c if c.contains("json") => "json",
                _ => "bin",
            };
            let dir = std::path::PathBuf::from(&job.target);
            let name = format!("{}.{ext}", job.id);
            let body = raw.body;
            return match tokio::task::spawn_blocking(move || {
                crate::transport::folder::write_atomically(&dir, &name, &body)
            })
            .await
            {
                Ok(Ok(_)) => Outcome::Delivered,
                Ok(Err(e)) => Outcome::Retry {
                    error: format!("writing to {}: {e}", job.target),
                    after: None,
                },
                Err(e) => Outcome::Retry {
                    error: format!("writing to {}: {e}", job.target),
                    after: None,
                },
            };
        }
        let body = if job.kind == "cxml_post" {
            match self.with_shared_secret(job, raw.body) {
                Ok(body) => body,
                Err(error) => return Outcome::Permanent(error),
            }
        } else {
            raw.body
        };
        let sent = self
            .http
            .post(&job.target)
            .header("content-type", content_type)
            .header("idempotency-key", &job.idempotency_key)
            .body(body)
            .send()
            .await;
        let resp = match sent {
            Ok(r) => r,
            Err(e) => {
                return Outcome::Retry {
                    error: format!("transport error: {e}"),
                    after: None,
                }
            }
        };
        let status = resp.status().as_u16();
        let retry_after = resp
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        let body = resp.bytes().await.unwrap_or_default();
        judge(status, retry_after, &body)
    }
}

impl Relay {
    /// A cXML document is archived with its `<SharedSecret>` masked; put the partner's secret
    /// back for the wire (the same secret on every attempt, so the bytes sent are identical).
    fn with_shared_secret(&self, job: &Job, body: Vec<u8>) -> Result<Vec<u8>, String> {
        let partner = job
            .partner_id
            .as_deref()
            .and_then(|id| self.partners.get(id))
            .ok_or_else(|| "the partner of this job is no longer configured".to_owned())?;
        let secret = partner
            .cxml_shared_secret
            .as_ref()
            .ok_or_else(|| format!("partner `{}` has no cXML shared secret", partner.id))?;
        Ok(restore_shared_secret(&body, secret.expose_secret()))
    }
}

/// Replace the first masked `<SharedSecret>***</SharedSecret>` with `secret`, escaped the way the
/// cXML writers escape (XML specials, non-ASCII as character references).
pub fn restore_shared_secret(body: &[u8], secret: &str) -> Vec<u8> {
    const MASKED: &[u8] = b"<SharedSecret>***</SharedSecret>";
    let Some(at) = body.windows(MASKED.len()).position(|w| w == MASKED) else {
        return body.to_vec();
    };
    let mut escaped = String::with_capacity(secret.len());
    for c in secret.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c if c.is_ascii() => escaped.push(c),
            c => escaped.push_str(&format!("&#{};", u32::from(c))),
        }
    }
    let mut out = Vec::with_capacity(body.len() + escaped.len());
    out.extend_from_slice(&body[..at]);
    out.extend_from_slice(b"<SharedSecret>");
    out.extend_from_slice(escaped.as_bytes());
    out.extend_from_slice(b"</SharedSecret>");
    out.extend_from_slice(&body[at + MASKED.len()..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restores_the_masked_secret_escaped() {
        let doc = b"<Sender><Credential><SharedSecret>***</SharedSecret></Credential></Sender>";
        assert_eq!(
            restore_shared_secret(doc, "a<b&\u{fc}"),
            b"<Sender><Credential><SharedSecret>a&lt;b&amp;&#252;</SharedSecret></Credential></Sender>"
        );
        assert_eq!(restore_shared_secret(b"<x/>", "s"), b"<x/>");
    }

    #[test]
    fn backoff_doubles_caps_and_jitters() {
        let base = Duration::from_secs(1);
        let max = Duration::from_secs(60);
        assert_eq!(backoff(1, base, max, 0.0), Duration::from_secs(1));
        assert_eq!(backoff(2, base, max, 0.0), Duration::from_secs(2));
        assert_eq!(backoff(4, base, max, 0.0), Duration::from_secs(8));
        assert_eq!(backoff(40, base, max, 0.0), max);
        assert_eq!(backoff(1, base, max, 1.0), Duration::from_millis(500));
        assert!(backoff(1, base, max, 0.3) <= Duration::from_secs(1));
    }

    #[test]
    fn retry_after_seconds_and_dates() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn judges_http_and_cxml_answers() {
        let cxml = |code: u16, text: &str| {
            format!(
                r#"<?xml version="1.0"?><cXML payloadID="x" timestamp="2026-01-01T00:00:00+00:00"><Response><Status code="{code}" text="{text}">detail</Status></Response></cXML>"#
            )
        };
        assert_eq!(
            judge(200, None, cxml(200, "OK").as_bytes()),
            Outcome::Delivered
        );
        assert_eq!(judge(200, None, b"thanks"), Outcome::Delivered);
        assert_eq!(
            judge(200, None, cxml(406, "Not Acceptable").as_bytes()),
            Outcome::Permanent("cXML 406 Not Acceptable: detail".to_owned())
        );
        assert!(matches!(
            judge(200, None, cxml(500, "Internal").as_bytes()),
            Outcome::Retry { .. }
        ));
        assert!(matches!(
            judge(503, Some(Duration::from_secs(3)), b""),
            Outcome::Retry { after: Some(d), .. } if d == Duration::from_secs(3)
        ));
        assert!(matches!(judge(429, None, b""), Outcome::Retry { .. }));
        assert_eq!(
            judge(404, None, b""),
            Outcome::Permanent("HTTP 404".to_owned())
        );
    }
}
