//! Tracing setup and the per-request root span.
//!
//! Every HTTP request gets one root span (`http_request`) carrying the request id, and the empty
//! fields `partner_id`, `doc_type` and `document_id` that handlers record once they know them
//! ([`record_partner`], [`record_document`]). Payloads are never logged, only sizes and hashes;
//! secrets are [`secrecy::SecretString`] and never reach a log line.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::Error;
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

/// Root span builder: the default fields of tracing-actix-web plus our document fields.
pub struct GatewayRootSpan;

impl RootSpanBuilder for GatewayRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        tracing_actix_web::root_span!(
            request,
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
