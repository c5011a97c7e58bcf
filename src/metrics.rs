//! Prometheus metrics, rendered as text at `/metrics`.
//!
//! Request counts and latencies are kept in process; document counts by partner/type/status and
//! the outbox depth are read from the database at scrape time, so they are true across every
//! process sharing it.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

/// Latency histogram bucket bounds, in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// In-process metrics.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
}

impl Metrics {
    /// Record one finished HTTP request. `route` is the matched pattern (`/api/orders/{id}`),
    /// never the raw path, so label cardinality stays bounded.
    pub fn observe_request(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut m) = self.latency.lock() {
            let h = m.entry((method.to_owned(), route.to_owned())).or_default();
            let secs = elapsed.as_secs_f64();
            for (i, bound) in BUCKETS.iter().enumerate() {
                if secs <= *bound {
                    h.counts[i] += 1;
                }
            }
            h.count += 1;
            h.sum += secs;
        }
    }

    /// Render everything in the Prometheus text exposition format.
    pub fn render(
        &self,
        documents: &[(String, String, String, String, i64)],
        outbox: &[(String, i64)],
    ) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP b2bgate_http_requests_total HTTP requests by method, route and status.\n",
        );
        out.push_str("# TYPE b2bgate_http_requests_total counter\n");
        if let Ok(m) = self.requests.lock() {
            for ((method, route, status), n) in m.iter() {
                let _ = writeln!(
                    out,
                    "b2bgate_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
                    esc(method),
                    esc(route)
                );
            }
        }
        out.push_str("# HELP b2bgate_http_request_duration_seconds HTTP request latency.\n");
        out.push_str("# TYPE b2bgate_http_request_duration_seconds histogram\n");
        if let Ok(m) = self.latency.lock() {
            for ((method, route), h) in m.iter() {
                let labels = format!("method=\"{}\",route=\"{}\"", esc(method), esc(route));
                for (i, bound) in BUCKETS.iter().enumerate() {
                    let _ = writeln!(
                        out,
                        "b2bgate_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                        h.counts[i]
                    );
                }
                let _ = writeln!(
                    out,
                    "b2bgate_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    h.count
                );
                let _ = writeln!(
                    out,
                    "b2bgate_http_request_duration_seconds_sum{{{labels}}} {}",
                    h.sum
                );
                let _ = writeln!(
                    out,
                    "b2bgate_http_request_duration_seconds_count{{{labels}}} {}",
                    h.count
                );
            }
        }
        out.push_str(
            "# HELP b2bgate_documents Archived documents by partner, type, direction and status.\n",
        );
        out.push_str("# TYPE b2bgate_documents gauge\n");
        for (partner, doc_type, direction, status, n) in documents {
            let _ = writeln!(
                out,
                "b2bgate_documents{{partner=\"{}\",type=\"{}\",direction=\"{}\",status=\"{}\"}} {n}",
                esc(partner),
                esc(doc_type),
                esc(direction),
                esc(status)
            );
        }
        out.push_str(
            "# HELP b2bgate_outbox_jobs Outbox jobs by state (pending + running = depth).\n",
        );
        out.push_str("# TYPE b2bgate_outbox_jobs gauge\n");
        let mut states: BTreeMap<&str, i64> = ["pending", "running", "done", "dead"]
            .iter()
            .map(|s| (*s, 0))
            .collect();
        for (state, n) in outbox {
            states.insert(state.as_str(), *n);
        }
        for (state, n) in states {
            let _ = writeln!(out, "b2bgate_outbox_jobs{{state=\"{state}\"}} {n}");
        }
        out
    }
}

/// Escape a label value.
fn esc(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_histograms_and_gauges() {
        let m = Metrics::default();
        m.observe_request("GET", "/healthz", 200, Duration::from_millis(3));
        m.observe_request("GET", "/healthz", 200, Duration::from_millis(30));
        let text = m.render(
            &[(
                "demo-buyer".into(),
                "purchase_order".into(),
                "inbound".into(),
                "accepted".into(),
                2,
            )],
            &[("pending".into(), 3)],
        );
        assert!(text.contains(
            "b2bgate_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ));
        assert!(text.contains(
            "b2bgate_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "b2bgate_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",le=\"+Inf\"} 2"
        ));
        assert!(text.contains("b2bgate_documents{partner=\"demo-buyer\",type=\"purchase_order\",direction=\"inbound\",status=\"accepted\"} 2"));
        assert!(text.contains("b2bgate_outbox_jobs{state=\"pending\"} 3"));
        assert!(text.contains("b2bgate_outbox_jobs{state=\"dead\"} 0"));
    }

    #[test]
    fn escapes_label_values() {
        assert_eq!(esc("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
