//! Cross-cutting HTTP concerns: admin bearer auth, request ids on responses, metrics, and the
//! early body-size check.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpMessage};
use secrecy::ExposeSecret;
use tracing_actix_web::RequestId;

use super::error::json_error;
use super::AppState;
use crate::security::secret_eq;

/// Reject `/api` requests without `Authorization: Bearer <B2BGATE_ADMIN_TOKEN>`.
pub async fn require_admin(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let ok = match req.app_data::<web::Data<AppState>>() {
        Some(state) => req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .is_some_and(|token| secret_eq(state.admin_token.expose_secret(), token.trim())),
        None => false,
    };
    if !ok {
        let resp = json_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "missing or wrong bearer token: send Authorization: Bearer <B2BGATE_ADMIN_TOKEN>",
        );
        let mut resp = req.into_response(resp);
        resp.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"b2bgate\""),
        );
        return Ok(resp);
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_boxed_body)
}

/// Echo the request id (from the tracing root span) as `x-request-id`, count and time the
/// request, and refuse a declared body larger than the limit before reading it.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let request_id = req.extensions().get::<RequestId>().map(|r| r.to_string());
    let state = req.app_data::<web::Data<AppState>>().cloned();

    let too_large = match (&state, req.headers().get(header::CONTENT_LENGTH)) {
        (Some(state), Some(len)) => len
            .to_str()
            .ok()
            .and_then(|s| s.parse::<u64>().ok())
            .is_some_and(|n| n > state.body_limit as u64),
        _ => false,
    };
    let mut resp = if too_large {
        let limit = state.as_ref().map(|s| s.body_limit).unwrap_or_default();
        let resp = json_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the request body is larger than the limit of {limit} bytes"),
        );
        req.into_response(resp)
    } else {
        next.call(req).await?.map_into_boxed_body()
    };

    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        resp.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), id);
    }
    if let Some(state) = state {
        let route = resp
            .request()
            .match_pattern()
            .unwrap_or_else(|| "unmatched".to_owned());
        state
            .metrics
            .observe_request(&method, &route, resp.status().as_u16(), start.elapsed());
    }
    Ok(resp)
}
