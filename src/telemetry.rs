//! Tracing setup and the per-request root span.
//!
//! Every HTTP request gets one root span (`http_request`) carrying the request id, and the empty
//! fields `partner_id`, `doc_type` and `document_id` that handlers record once they know them
//! ([`record_partner`], [`record_document`]). Payloads are never logged, only sizes and hashes;
//! secrets are [`secrecy::SecretString`] and never reach a log line.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};
use tracing_subscriber::{fmt, layer::SubscriberExt, util::SubscriberInitExt, EnvFilter};

use crate::settings::LogFormat;

/// Install the global subscriber. `RUST_LOG` filters (default `info`). Safe to call twice: the
/// second call is a no-op (tests call it from many places).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Json => registry
            .with(
                fmt::layer()
                    .json()
                    .flatten_event(true)
                    .with_current_span(true)
                    .with_span_list(false),
            )
            .try_init(),
        LogFormat::Pretty => registry
            .with(
                fmt::layer()
                    .with_target(false)
                    .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())),
            )
            .try_init(),
    };
}

/// Root span builder. Like tracing-actix-web's default span, but `http.target` is the path
/// only, with punchout session ids and start tokens masked: query strings carry OCI passwords
/// (`GET /oci/login?PASSWORD=…`) and session ids are bearer tokens, so neither may reach a log.
pub struct GatewayRootSpan;

/// The request path as it may be logged: no query string, no session id, no start token.
pub fn loggable_target(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut mask_next = false;
    for (i, seg) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        if mask_next && !seg.is_empty() {
            out.push_str("***");
        } else {
            out.push_str(seg);
        }
        mask_next = matches!(seg, "s" | "start") && out.starts_with("/punchout/");
    }
    out
}

impl RootSpanBuilder for GatewayRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<tracing_actix_web::RequestId>()
            .map(|r| r.to_string())
            .unwrap_or_default();
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %loggable_target(request.path()),
            http.client_ip = %request.connection_info().realip_remote_addr().unwrap_or(""),
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
            partner_id = tracing::field::Empty,
            doc_type = tracing::field::Empty,
            document_id = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

/// Record the partner on the current request's root span.
pub fn record_partner(root: &tracing_actix_web::RootSpan, partner_id: &str) {
    root.record("partner_id", partner_id);
}

/// Record the document type and id on the current request's root span.
pub fn record_document(root: &tracing_actix_web::RootSpan, doc_type: &str, document_id: &str) {
    root.record("doc_type", doc_type);
    root.record("document_id", document_id);
}

#[cfg(test)]
mod tests {
    use super::loggable_target;

    #[test]
    fn session_ids_and_tokens_are_masked() {
        assert_eq!(
            loggable_target("/punchout/s/abcdef/cart"),
            "/punchout/s/***/cart"
        );
        assert_eq!(
            loggable_target("/punchout/start/tok"),
            "/punchout/start/***"
        );
        assert_eq!(loggable_target("/api/orders/1"), "/api/orders/1");
        assert_eq!(loggable_target("/oci/login"), "/oci/login");
    }
}
