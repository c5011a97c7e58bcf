//! The HTTP transport (actix-web): routes, shared state, and the app factory.
//!
//! | route | what |
//! |---|---|
//! | `GET /healthz`, `GET /readyz`, `GET /metrics` | process up, database answers, Prometheus |
//! | `/api/...` (bearer token) | admin API: orders, documents, records, outbox, partners |
//! | `POST /cxml` | every cXML request (punchout setup today) |
//! | `GET\|POST /oci/login` | SAP OCI call-up |
//! | `/punchout/start/{token}`, `/punchout/s/{sid}/…` | the punchout shop and its JSON API |

pub mod admin;
pub mod edi;
pub mod error;
pub mod health;
pub mod html;
pub mod middleware;
pub mod punchout;
pub mod shop;

use std::sync::Arc;

use actix_web::error::{JsonPayloadError, PayloadError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{web, HttpRequest, HttpResponse};
use secrecy::SecretString;

use crate::metrics::Metrics;
use crate::partners::PartnerRegistry;
use crate::pipeline::punchout::PunchoutConfig;
use crate::store::Store;
use error::json_error;

/// Everything a handler may need, shared by all workers.
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Trading partners.
    pub partners: Arc<PartnerRegistry>,
    /// Bearer token for `/api`.
    pub admin_token: SecretString,
    /// Base URL for links we hand out (no trailing slash).
    pub public_url: String,
    /// Request body limit in bytes.
    pub body_limit: usize,
    /// In-process metrics.
    pub metrics: Arc<Metrics>,
    /// Punchout links and lifetimes.
    pub punchout: PunchoutConfig,
}

/// Register every route and the per-app configuration (body limits, extractor errors).
pub fn configure(state: web::Data<AppState>) -> impl FnOnce(&mut web::ServiceConfig) {
    move |cfg: &mut web::ServiceConfig| {
        let limit = state.body_limit;
        cfg.app_data(state)
            .app_data(web::PayloadConfig::new(limit))
            .app_data(
                web::JsonConfig::default()
                    .limit(limit)
                    .error_handler(json_extractor_error),
            )
            .app_data(web::QueryConfig::default().error_handler(query_extractor_error))
            .service(health::healthz)
            .service(health::readyz)
            .service(health::metrics)
            .service(punchout::cxml)
            .service(edi::receive)
            .service(punchout::oci_get)
            .service(punchout::oci_post)
            .service(shop::start)
            .service(shop::placeholder)
            .service(shop::browse)
            .service(shop::product)
            .service(shop::cart_add)
            .service(shop::cart)
            .service(shop::cart_update)
            .service(shop::transfer)
            .service(shop::api_catalog)
            .service(shop::api_cart)
            .service(shop::api_add)
            .service(
                web::scope("/api")
                    .wrap(from_fn(middleware::require_admin))
                    .service(admin::create_order)
                    .service(admin::list_orders)
                    .service(admin::get_order)
                    .service(admin::confirm_order)
                    .service(admin::ship_order)
                    .service(admin::invoice_order)
                    .service(admin::get_attachment)
                    .service(admin::list_acks)
                    .service(admin::list_documents)
                    .service(admin::get_document_raw)
                    .service(admin::get_document)
                    .service(admin::list_records)
                    .service(admin::get_record)
                    .service(admin::list_outbox)
                    .service(admin::retry_outbox)
                    .service(admin::list_partners),
            )
            .default_service(web::to(not_found));
    }
}

async fn not_found(req: HttpRequest) -> HttpResponse {
    json_error(
        StatusCode::NOT_FOUND,
        "not_found",
        format!("no route for {} {}", req.method(), req.path()),
    )
}

fn json_extractor_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let status = match &err {
        JsonPayloadError::OverflowKnownLength { .. }
        | JsonPayloadError::Overflow { .. }
        | JsonPayloadError::Payload(PayloadError::Overflow) => StatusCode::PAYLOAD_TOO_LARGE,
        _ => StatusCode::BAD_REQUEST,
    };
    let message = err.to_string();
    actix_web::error::InternalError::from_response(err, json_error(status, "bad_request", message))
        .into()
}

fn query_extractor_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let message = format!("invalid query string: {err}");
    actix_web::error::InternalError::from_response(
        err,
        json_error(StatusCode::BAD_REQUEST, "bad_request", message),
    )
    .into()
}
