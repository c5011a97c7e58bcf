//! Liveness, readiness and metrics.

use actix_web::{get, web, HttpResponse};

use super::AppState;

/// `GET /healthz`: the process is up.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
    }))
}

/// `GET /readyz`: the database answers.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.store.ping().await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({
            "status": "ready",
            "database": state.store.backend().as_str(),
            "partners": state.partners.len(),
        })),
        Err(e) => {
            tracing::warn!(error = %e, "Readiness check failed.");
            HttpResponse::ServiceUnavailable().json(serde_json::json!({
                "status": "unavailable",
                "database": state.store.backend().as_str(),
                "message": "the database does not answer",
            }))
        }
    }
}

/// `GET /metrics`: Prometheus text format.
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>) -> HttpResponse {
    let documents = state.store.document_counts().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "Metrics: document counts unavailable.");
        Vec::new()
    });
    let outbox = state.store.job_counts().await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "Metrics: outbox counts unavailable.");
        Vec::new()
    });
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(&documents, &outbox))
}
