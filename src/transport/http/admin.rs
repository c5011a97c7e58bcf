//! Admin API under `/api` (bearer token, see [`super::middleware::require_admin`]): orders,
//! archived documents, the outbox and the partner list, for the ERP and the console.

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use tracing_actix_web::RootSpan;

use super::error::ApiError;
use super::AppState;
use crate::pipeline::inbound::receive_canonical_order;
use crate::pipeline::lifecycle;
use crate::pipeline::PipelineError;
use crate::store::{
    AttachmentMeta, DocumentFilter, DocumentMeta, JobState, OrderFilter, OrderRow, OrderVersion,
    RecordFilter,
};
use crate::telemetry;

/// Query of `POST /api/orders`.
#[derive(Debug, Deserialize)]
pub struct PartnerQuery {
    partner: Option<String>,
}

/// `POST /api/orders?partner=ID`: a canonical `purchase_order` JSON body. 201 when created,
/// 200 with `"duplicate": true` when the partner already sent that order number.
#[post("/orders")]
pub async fn create_order(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<PartnerQuery>,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, ApiError> {
    let partner_id = query.partner.as_deref().ok_or_else(|| {
        ApiError::BadRequest(
            "query parameter `partner` is required (the partner id, e.g. ?partner=demo-buyer)"
                .into(),
        )
    })?;
    let partner = state
        .partners
        .get(partner_id)
        .ok_or_else(|| PipelineError::UnknownPartner(partner_id.to_owned()))?;
    telemetry::record_partner(&root, &partner.id);
    if body.is_empty() {
        return Err(ApiError::BadRequest(
            "the request body is empty; send a canonical purchase_order JSON document".into(),
        ));
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let receipt = receive_canonical_order(&state.store, partner, &body, content_type).await?;
    telemetry::record_document(&root, "purchase_order", &receipt.document_id);
    let mut resp = if receipt.duplicate {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    Ok(resp
        .insert_header((
            header::LOCATION,
            format!("/api/orders/{}", receipt.order_id),
        ))
        .json(serde_json::json!({
            "id": receipt.order_id,
            "document_id": receipt.document_id,
            "order_number": receipt.order_number,
            "partner": partner.id,
            "duplicate": receipt.duplicate,
        })))
}

/// `GET /api/orders?order_number=&partner=&status=&limit=&offset=`.
#[get("/orders")]
pub async fn list_orders(
    state: web::Data<AppState>,
    query: web::Query<OrderFilter>,
) -> Result<HttpResponse, ApiError> {
    let orders = state.store.list_orders(&query).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "orders": orders })))
}

/// One order with its canonical document and the archive entries that concern it.
#[derive(Serialize)]
struct OrderView {
    #[serde(flatten)]
    row: OrderRow,
    order: serde_json::Value,
    documents: Vec<DocumentMeta>,
    /// Confirmations, shipments and invoices issued, with their canonical documents.
    fulfilments: Vec<serde_json::Value>,
    /// Earlier versions (replaced by buyer changes).
    versions: Vec<OrderVersion>,
    /// Attachments that came with the order.
    attachments: Vec<AttachmentMeta>,
}

/// `GET /api/orders/{id}`.
#[get("/orders/{id}")]
pub async fn get_order(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .store
        .get_order(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no order with id {id}")))?;
    let order = serde_json::from_str(&row.body).map_err(|e| {
        ApiError::Store(crate::store::StoreError::Corrupt {
            what: "orders.body",
            message: e.to_string(),
        })
    })?;
    let documents = state.store.order_documents(&row.id).await?;
    let fulfilments = state
        .store
        .order_fulfilments(&row.id)
        .await?
        .into_iter()
        .map(|f| {
            let doc: serde_json::Value = serde_json::from_str(&f.body).unwrap_or_default();
            let mut v = serde_json::to_value(&f).unwrap_or_default();
            v["document"] = doc;
            v
        })
        .collect();
    let versions = state.store.order_versions(&row.id).await?;
    let attachments = state.store.order_attachments(&row.id).await?;
    Ok(HttpResponse::Ok().json(OrderView {
        row,
        order,
        documents,
        fulfilments,
        versions,
        attachments,
    }))
}

/// Parse a JSON request body; the error names the path of the bad field.
fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.is_empty() {
        return Err(ApiError::BadRequest(
            "the request body is empty; send JSON".into(),
        ));
    }
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        if path == "." || path.is_empty() {
            ApiError::BadRequest(format!("invalid JSON: {}", e.into_inner()))
        } else {
            ApiError::BadRequest(format!("invalid JSON at {path}: {}", e.into_inner()))
        }
    })
}

async fn order_and_partner(
    state: &AppState,
    id: &str,
) -> Result<(OrderRow, std::sync::Arc<crate::partners::Partner>), ApiError> {
    let order = state
        .store
        .get_order(id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no order with id {id}")))?;
    let partner = state
        .partners
        .get(&order.partner_id)
        .cloned()
        .ok_or_else(|| {
            ApiError::Conflict(format!(
                "order {id} belongs to partner `{}`, which is no longer configured",
                order.partner_id
            ))
        })?;
    Ok((order, partner))
}

/// Apply a lifecycle step to order `id`: `201` with what was issued, `200` when that number was
/// issued before.
async fn lifecycle_step(
    state: &AppState,
    id: &str,
    step: lifecycle::Step,
    root: &RootSpan,
) -> Result<HttpResponse, ApiError> {
    let (order, partner) = order_and_partner(state, id).await?;
    telemetry::record_partner(root, &partner.id);
    let issued = step
        .apply(&state.store, &partner, &order, &state.punchout.public_url)
        .await?;
    telemetry::record_document(root, issued.kind.as_str(), &issued.document_id);
    let mut resp = if issued.duplicate {
        HttpResponse::Ok()
    } else {
        HttpResponse::Created()
    };
    Ok(resp.json(issued))
}

/// `POST /api/orders/{id}/confirmation`: accept, reject or confirm line by line.
#[post("/orders/{id}/confirmation")]
pub async fn confirm_order(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, ApiError> {
    let step = lifecycle::Step::Confirm(parse_json(&body)?);
    lifecycle_step(&state, &id, step, &root).await
}

/// `POST /api/orders/{id}/shipments`: record a shipment and send the ship notice.
#[post("/orders/{id}/shipments")]
pub async fn ship_order(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, ApiError> {
    let step = lifecycle::Step::Ship(parse_json(&body)?);
    lifecycle_step(&state, &id, step, &root).await
}

/// `POST /api/orders/{id}/invoices`: record an invoice and send it.
#[post("/orders/{id}/invoices")]
pub async fn invoice_order(
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, ApiError> {
    let step = lifecycle::Step::Invoice(parse_json(&body)?);
    lifecycle_step(&state, &id, step, &root).await
}

/// Query of `GET /api/acks`.
#[derive(Debug, Deserialize)]
pub struct AcksQuery {
    state: Option<String>,
    overdue_after_minutes: Option<i64>,
    limit: Option<i64>,
}

/// `GET /api/acks?state=pending|overdue|received|accepted|accepted_with_errors|rejected&overdue_after_minutes=1440`:
/// outbound interchanges and whether the partner acknowledged them.
#[get("/acks")]
pub async fn list_acks(
    state: web::Data<AppState>,
    query: web::Query<AcksQuery>,
) -> Result<HttpResponse, ApiError> {
    if let Some(s) = &query.state {
        if !matches!(
            s.as_str(),
            "pending" | "overdue" | "received" | "accepted" | "accepted_with_errors" | "rejected"
        ) {
            return Err(ApiError::BadRequest(format!(
                "state must be one of pending, overdue, received, accepted, accepted_with_errors, rejected; not `{s}`"
            )));
        }
    }
    let minutes = query
        .overdue_after_minutes
        .unwrap_or(1440)
        .clamp(0, 525_600);
    let cutoff = chrono::Utc::now() - chrono::Duration::minutes(minutes);
    let acks = state
        .store
        .list_acks(query.state.as_deref(), cutoff, query.limit.unwrap_or(100))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "acks": acks })))
}

/// `GET /api/attachments/{id}`: an attachment's bytes.
#[get("/attachments/{id}")]
pub async fn get_attachment(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let (meta, body) = state
        .store
        .get_attachment(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no attachment with id {id}")))?;
    let mut resp = HttpResponse::Ok();
    resp.content_type(
        meta.content_type
            .unwrap_or_else(|| "application/octet-stream".to_owned()),
    )
    .insert_header(("x-content-type-options", "nosniff"));
    // Always a download, never rendered on the admin origin (an HTML attachment is the buyer's).
    let safe: String = meta
        .filename
        .unwrap_or_else(|| "attachment".to_owned())
        .chars()
        .filter(|c| c.is_ascii_graphic() && *c != '"' && *c != '\\' || *c == ' ')
        .collect();
    resp.insert_header((
        header::CONTENT_DISPOSITION,
        format!("attachment; filename=\"{safe}\""),
    ));
    Ok(resp.body(body))
}

/// `GET /api/documents?direction=&partner=&type=&order_number=&limit=&offset=`.
#[get("/documents")]
pub async fn list_documents(
    state: web::Data<AppState>,
    query: web::Query<DocumentFilter>,
) -> Result<HttpResponse, ApiError> {
    if let Some(d) = &query.direction {
        if d != "inbound" && d != "outbound" {
            return Err(ApiError::BadRequest(format!(
                "direction must be inbound or outbound, not `{d}`"
            )));
        }
    }
    let documents = state.store.list_documents(&query).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "documents": documents })))
}

/// `GET /api/documents/{id}`: metadata.
#[get("/documents/{id}")]
pub async fn get_document(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let doc = state
        .store
        .get_document(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no document with id {id}")))?;
    Ok(HttpResponse::Ok().json(doc))
}

/// `GET /api/records`: the invoices, ship notices, order responses, inventory reports and
/// catalogs partners sent, newest first (`?partner=&kind=&order_number=&number=&limit=&offset=`).
#[get("/records")]
pub async fn list_records(
    state: web::Data<AppState>,
    query: web::Query<RecordFilter>,
) -> Result<HttpResponse, ApiError> {
    let records = state.store.list_records(&query).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "records": records })))
}

/// `GET /api/records/{id}`: one record with its canonical document.
#[get("/records/{id}")]
pub async fn get_record(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let row = state
        .store
        .get_record(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no record with id {id}")))?;
    let document: serde_json::Value = serde_json::from_str(&row.body).map_err(|e| {
        ApiError::Store(crate::store::StoreError::Corrupt {
            what: "records.body",
            message: e.to_string(),
        })
    })?;
    let mut view = serde_json::to_value(&row).unwrap_or_default();
    view["document"] = document;
    Ok(HttpResponse::Ok().json(view))
}

/// `GET /api/documents/{id}/raw`: the exact bytes as received or sent.
#[get("/documents/{id}/raw")]
pub async fn get_document_raw(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let raw = state
        .store
        .get_document_raw(&id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no document with id {id}")))?;
    Ok(HttpResponse::Ok()
        .content_type(
            raw.content_type
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
        )
        .insert_header(("x-content-type-options", "nosniff"))
        .body(raw.body))
}

/// Query of `GET /api/outbox`.
#[derive(Debug, Deserialize)]
pub struct OutboxQuery {
    state: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

/// `GET /api/outbox?state=pending|running|done|dead`.
#[get("/outbox")]
pub async fn list_outbox(
    state: web::Data<AppState>,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let wanted = match query.state.as_deref() {
        None => None,
        Some(s) => Some(JobState::parse(s).ok_or_else(|| {
            ApiError::BadRequest(format!(
                "state must be one of pending, running, done, dead; not `{s}`"
            ))
        })?),
    };
    let jobs = state
        .store
        .list_jobs(wanted, query.limit, query.offset)
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "jobs": jobs })))
}

/// `POST /api/outbox/{id}/retry`: requeue a dead job.
#[post("/outbox/{id}/retry")]
pub async fn retry_outbox(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    if state.store.requeue_job(&id).await? {
        Ok(HttpResponse::Ok().json(serde_json::json!({ "id": *id, "state": "pending" })))
    } else {
        Err(ApiError::NotFound(format!(
            "no dead outbox job with id {id}"
        )))
    }
}

/// `GET /api/partners`: the loaded partner profiles (no secrets).
#[get("/partners")]
pub async fn list_partners(state: web::Data<AppState>) -> HttpResponse {
    let partners: Vec<_> = state
        .partners
        .iter()
        .map(|p| {
            let pr = &p.profile;
            let mut protocols = Vec::new();
            for (on, name) in [
                (pr.cxml.is_some(), "cxml"),
                (pr.oci.is_some(), "oci"),
                (pr.x12.is_some(), "x12"),
                (pr.edifact.is_some(), "edifact"),
                (pr.ubl.is_some(), "ubl"),
            ] {
                if on {
                    protocols.push(name);
                }
            }
            serde_json::json!({
                "id": p.id,
                "name": pr.name,
                "enabled": pr.enabled,
                "protocols": protocols,
                "catalog": pr.catalog,
                "price_list": pr.price_list,
                "uses_dev_secrets": p.uses_dev_secrets,
            })
        })
        .collect();
    HttpResponse::Ok().json(serde_json::json!({ "partners": partners }))
}
