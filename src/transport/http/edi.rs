//! `POST /edi`: EDI interchanges (X12, EDIFACT, UBL), by `Content-Type` or detected from the
//! bytes.

use actix_web::http::header;
use actix_web::{post, web, HttpRequest, HttpResponse};
use tracing_actix_web::RootSpan;

use super::error::EdiHttpError;
use super::AppState;
use crate::pipeline::edi::{self, EdiError};
use crate::telemetry;

/// `POST /edi`. The partner's acknowledgement (997/999 and TA1 for X12, CONTRL for EDIFACT)
/// comes back in the response when the partner acknowledges synchronously, else `202` with a
/// JSON receipt; the acknowledgement then goes out through the outbox.
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
    if edi::syntax_of(&body, content_type.as_deref()).is_none() {
        return Err(EdiHttpError::Unsupported(match codec::detect(&body) {
            Some(f) => format!(
                "{f} documents are not accepted on /edi; send X12 (application/edi-x12), \
                 EDIFACT (application/edifact) or UBL (application/xml)"
            ),
            None => "the body is not an EDI interchange this endpoint reads (X12, EDIFACT, UBL)"
                .to_owned(),
        }));
    }
    let receipt = edi::receive_edi(&state.store, &state.partners, &body, content_type)
        .await
        .map_err(|e| {
            if let EdiError::Refused { partner_id, .. }
            | EdiError::WrongRecipient { partner_id, .. } = &e
            {
                telemetry::record_partner(&root, partner_id);
            }
            EdiHttpError::Edi(e)
        })?;
    telemetry::record_partner(&root, &receipt.partner_id);
    if let Some(id) = receipt.document_ids.first() {
        telemetry::record_document(&root, receipt.syntax, id);
    }
    if receipt.sync && !receipt.acks.is_empty() {
        // Interchanges of this body refused while others were received: their refusals (TA1,
        // CONTRL) are among the acknowledgements; the header counts them all.
        return Ok(HttpResponse::Ok()
            .content_type(receipt.ack_content_type)
            .insert_header(("x-b2bgate-document-id", receipt.document_ids.join(",")))
            .insert_header(("x-b2bgate-refused", receipt.refused.len().to_string()))
            .body(receipt.acks.join("\n")));
    }
    Ok(HttpResponse::Accepted().json(&receipt))
}
