//! `POST /edi`: EDI interchanges (X12 now), by `Content-Type` or detected from the bytes.

use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use tracing_actix_web::RootSpan;

use super::error::EdiHttpError;
use super::AppState;
use crate::pipeline::x12::{self, EdiError};
use crate::telemetry;

/// `POST /edi`. An X12 interchange gets its 997/999 (and TA1) in the response when the partner
/// acknowledges synchronously (`x12.sync_ack`), else `202` with a JSON receipt; the
/// acknowledgement then goes out through the outbox.
#[post("/edi")]
pub async fn receive(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, EdiHttpError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let declared_x12 = content_type
        .as_deref()
        .is_some_and(|c| c.to_ascii_lowercase().starts_with(x12::CONTENT_TYPE));
    let detected = codec::detect(&body);
    if !declared_x12 && detected != Some(codec::Format::X12) {
        return Err(EdiHttpError::Unsupported(match detected {
            Some(f) => format!(
                "{} documents are not accepted on /edi yet; send X12 (application/edi-x12)",
                f
            ),
            None => "the body is not an EDI interchange this endpoint reads (X12)".to_owned(),
        }));
    }
    let receipt = x12::receive_x12(&state.store, &state.partners, &body, content_type)
        .await
        .map_err(|e| {
            if let EdiError::Refused { partner_id, .. } = &e {
                telemetry::record_partner(&root, partner_id);
            }
            EdiHttpError::Edi(e)
        })?;
    telemetry::record_partner(&root, &receipt.partner_id);
    if let Some(id) = receipt.document_ids.first() {
        telemetry::record_document(&root, "x12", id);
    }
    if receipt.sync && !receipt.acks.is_empty() {
        return Ok(HttpResponse::Ok()
            .content_type(x12::CONTENT_TYPE)
            .insert_header(("x-b2bgate-document-id", receipt.document_ids.join(",")))
            .body(receipt.acks.join("\n")));
    }
    Ok(HttpResponse::Accepted().json(&receipt))
}
