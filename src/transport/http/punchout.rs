//! `POST /cxml` (the single cXML endpoint) and `GET|POST /oci/login` (SAP OCI call-up).

use actix_web::http::header;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use tracing_actix_web::RootSpan;

use super::error::{CxmlError, ShopError};
use super::{html, AppState};
use crate::pipeline::punchout::{self, OciOutcome};
use crate::telemetry;

/// `POST /cxml`: every cXML request. Answers a cXML `Response`; errors become a `Status` with
/// the code and text that say what was wrong.
#[post("/cxml")]
pub async fn cxml(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
    root: RootSpan,
) -> Result<HttpResponse, CxmlError> {
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let answer = crate::pipeline::cxml::handle_cxml(
        &state.store,
        &state.partners,
        &state.punchout,
        &body,
        content_type,
    )
    .await
    .map_err(|e| CxmlError::new(e, &state.punchout.public_url))?;
    telemetry::record_partner(&root, &answer.partner_id);
    if let Some(id) = &answer.document_id {
        telemetry::record_document(&root, "cxml", id);
    }
    Ok(HttpResponse::Ok()
        .content_type("text/xml; charset=utf-8")
        .body(answer.response))
}

async fn oci(state: &AppState, pairs: Vec<(String, String)>) -> Result<HttpResponse, ShopError> {
    match punchout::oci_login(&state.store, &state.partners, &state.punchout, &pairs).await? {
        OciOutcome::Session(landing) => {
            let base = format!("/punchout/s/{}", landing.session_id);
            let to = match landing.product {
                Some(p) => format!("{base}/p/{}", html::enc_path(&p)),
                None => format!("{base}/"),
            };
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .finish())
        }
        OciOutcome::Form(f) => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(html::return_form(
                &f.action,
                f.target.as_deref(),
                &f.charset,
                &f.fields,
            ))),
    }
}

/// `GET /oci/login?USERNAME=…&PASSWORD=…&HOOK_URL=…`.
#[get("/oci/login")]
pub async fn oci_get(
    state: web::Data<AppState>,
    query: web::Query<Vec<(String, String)>>,
) -> Result<HttpResponse, ShopError> {
    oci(&state, query.into_inner()).await
}

/// `POST /oci/login` with a form body (preferred: keeps the password out of URLs and logs).
#[post("/oci/login")]
pub async fn oci_post(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<Vec<(String, String)>>,
) -> Result<HttpResponse, ShopError> {
    let mut pairs: Vec<(String, String)> =
        web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
    pairs.extend(form.into_inner());
    oci(&state, pairs).await
}
