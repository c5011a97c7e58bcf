//! The one place where errors become HTTP answers.
//!
//! Partner or client faults become 4xx with a precise message; our own faults become 500 with
//! the request id and no internals (the cause chain goes to the log).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::pipeline::edi::EdiError;
use crate::pipeline::lifecycle::LifecycleError;
use crate::pipeline::PipelineError;
use crate::store::StoreError;

/// An error answered over HTTP.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Missing or wrong credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// The request itself is wrong.
    #[error("{0}")]
    BadRequest(String),
    /// Not allowed for this caller.
    #[error("{0}")]
    Forbidden(String),
    /// No such resource.
    #[error("{0}")]
    NotFound(String),
    /// Conflicts with stored state.
    #[error("{0}")]
    Conflict(String),
    /// Well-formed but not valid for the resource (e.g. a line the order does not have).
    #[error("{0}")]
    Unprocessable(String),
    /// The document was read and rejected.
    #[error("{message}")]
    Rejected {
        /// Summary.
        message: String,
        /// Every problem.
        issues: Vec<String>,
        /// Archive id of the rejected document.
        document_id: Option<String>,
    },
    /// Ours.
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    issues: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    document_id: Option<&'a str>,
}

impl From<PipelineError> for ApiError {
    fn from(e: PipelineError) -> Self {
        match e {
            PipelineError::UnknownPartner(_) => Self::NotFound(e.to_string()),
            PipelineError::PartnerDisabled(_) => Self::Forbidden(e.to_string()),
            PipelineError::Invalid {
                message,
                issues,
                document_id,
            } => Self::Rejected {
                message,
                issues,
                document_id,
            },
            PipelineError::OrderNumberTaken { .. } => Self::Conflict(e.to_string()),
            PipelineError::Store(s) => Self::Store(s),
        }
    }
}

impl From<LifecycleError> for ApiError {
    fn from(e: LifecycleError) -> Self {
        match e {
            LifecycleError::NoOrder(_) => Self::NotFound(e.to_string()),
            LifecycleError::Invalid(m) => Self::Unprocessable(m),
            LifecycleError::Conflict(m) => Self::Conflict(m),
            LifecycleError::Store(s) => Self::Store(s),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::BadRequest(_) | Self::Rejected { .. } => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (code, message, issues, document_id): (&str, String, &[String], Option<&str>) =
            match self {
                Self::Unauthorized(m) => ("unauthorized", m.clone(), &[], None),
                Self::BadRequest(m) => ("bad_request", m.clone(), &[], None),
                Self::Forbidden(m) => ("forbidden", m.clone(), &[], None),
                Self::NotFound(m) => ("not_found", m.clone(), &[], None),
                Self::Conflict(m) => ("conflict", m.clone(), &[], None),
                Self::Unprocessable(m) => ("unprocessable", m.clone(), &[], None),
                Self::Rejected {
                    message,
                    issues,
                    document_id,
                } => ("rejected", message.clone(), issues, document_id.as_deref()),
                Self::Store(e) => {
                    tracing::error!(error = %e, error.debug = ?e, "Storage failure.");
                    (
                        "internal",
                        "internal error; the request id in the x-request-id header identifies it in our logs"
                            .to_owned(),
                        &[],
                        None,
                    )
                }
            };
        let mut resp = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            resp.insert_header((header::WWW_AUTHENTICATE, "Bearer realm=\"b2bgate\""));
        }
        resp.json(ErrorBody {
            error: code,
            message,
            issues,
            document_id,
        })
    }
}

/// A JSON error answer for places that are not handlers (middleware, extractor errors).
pub fn json_error(status: StatusCode, code: &str, message: impl Into<String>) -> HttpResponse {
    HttpResponse::build(status).json(ErrorBody {
        error: code,
        message: message.into(),
        issues: &[],
        document_id: None,
    })
}

// ----- Punchout: one error, three renderings (cXML Status, HTML page, JSON) ---------------------

use crate::pipeline::cxml::response_meta;
use crate::pipeline::punchout::PunchoutError;

/// The HTTP status of a punchout error (shop pages and shop API).
fn punchout_status(e: &PunchoutError) -> StatusCode {
    match e {
        PunchoutError::Malformed(_) | PunchoutError::BadInput(_) => StatusCode::BAD_REQUEST,
        PunchoutError::UnknownSender(_) | PunchoutError::BadCredentials(_) => {
            StatusCode::UNAUTHORIZED
        }
        PunchoutError::PartnerDisabled(_) => StatusCode::FORBIDDEN,
        PunchoutError::NotAcceptable(_) => StatusCode::UNPROCESSABLE_ENTITY,
        PunchoutError::Unsupported(_) => StatusCode::NOT_IMPLEMENTED,
        PunchoutError::Conflict(_) => StatusCode::CONFLICT,
        PunchoutError::SessionNotFound
        | PunchoutError::UnknownItem(_)
        | PunchoutError::NoCatalog(_) => StatusCode::NOT_FOUND,
        PunchoutError::SessionExpired => StatusCode::GONE,
        PunchoutError::SessionClosed | PunchoutError::ReadOnly => StatusCode::CONFLICT,
        PunchoutError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// The cXML status code and standard text of a punchout error.
pub fn cxml_status(e: &PunchoutError) -> (u16, &'static str) {
    match e {
        PunchoutError::Malformed(_) | PunchoutError::BadInput(_) => (400, "Bad Request"),
        PunchoutError::UnknownSender(_) | PunchoutError::BadCredentials(_) => (401, "Unauthorized"),
        PunchoutError::PartnerDisabled(_) => (403, "Forbidden"),
        PunchoutError::NotAcceptable(_)
        | PunchoutError::UnknownItem(_)
        | PunchoutError::NoCatalog(_) => (406, "Not Acceptable"),
        PunchoutError::Unsupported(_) => (450, "Not Implemented"),
        PunchoutError::Conflict(_) => (409, "Conflict"),
        PunchoutError::SessionNotFound
        | PunchoutError::SessionExpired
        | PunchoutError::SessionClosed
        | PunchoutError::ReadOnly => (406, "Not Acceptable"),
        PunchoutError::Store(_) => (500, "Internal Server Error"),
    }
}

fn log_if_ours(e: &PunchoutError) {
    if let PunchoutError::Store(s) = e {
        tracing::error!(error = %s, error.debug = ?s, "Storage failure.");
    }
}

const INTERNAL: &str =
    "internal error; the request id in the x-request-id header identifies it in our logs";

/// A punchout error answered as a cXML `Response` with a `Status` (HTTP 200, or 500 when ours).
#[derive(Debug)]
pub struct CxmlError {
    inner: PunchoutError,
    body: String,
}

impl CxmlError {
    /// Render `e` as a cXML status response.
    pub fn new(e: PunchoutError, public_url: &str) -> Self {
        let (code, text) = cxml_status(&e);
        let message = match &e {
            PunchoutError::Store(_) => INTERNAL.to_owned(),
            other => other.to_string(),
        };
        let body = codec::cxml::write_status_response(
            &response_meta(public_url),
            code,
            text,
            Some(&message),
        );
        Self { inner: e, body }
    }
}

impl std::fmt::Display for CxmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

impl ResponseError for CxmlError {
    fn status_code(&self) -> StatusCode {
        if matches!(self.inner, PunchoutError::Store(_)) {
            StatusCode::INTERNAL_SERVER_ERROR
        } else {
            StatusCode::OK
        }
    }

    fn error_response(&self) -> HttpResponse {
        log_if_ours(&self.inner);
        HttpResponse::build(self.status_code())
            .content_type("text/xml; charset=utf-8")
            .body(self.body.clone())
    }
}

/// A punchout error on a shop page: a clear HTML page, never a bare 500.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ShopError(#[from] pub PunchoutError);

impl From<StoreError> for ShopError {
    fn from(e: StoreError) -> Self {
        Self(PunchoutError::Store(e))
    }
}

impl ResponseError for ShopError {
    fn status_code(&self) -> StatusCode {
        punchout_status(&self.0)
    }

    fn error_response(&self) -> HttpResponse {
        log_if_ours(&self.0);
        let (title, message) = match &self.0 {
            PunchoutError::SessionExpired => (
                "Session expired",
                "This punchout link has expired or was already used. Start again from your procurement system.".to_owned(),
            ),
            PunchoutError::SessionNotFound => (
                "Session not found",
                "This punchout session does not exist. Start again from your procurement system.".to_owned(),
            ),
            PunchoutError::SessionClosed => ("Cart already returned", self.0.to_string()),
            PunchoutError::UnknownSender(_) | PunchoutError::BadCredentials(_) => {
                ("Login failed", self.0.to_string())
            }
            PunchoutError::Store(_) => ("Something went wrong", INTERNAL.to_owned()),
            other => ("Cannot do that", other.to_string()),
        };
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(super::html::error_page(title, &message))
    }
}

/// A punchout error on the shop JSON API.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ShopApiError(#[from] pub PunchoutError);

impl From<StoreError> for ShopApiError {
    fn from(e: StoreError) -> Self {
        Self(PunchoutError::Store(e))
    }
}

impl ResponseError for ShopApiError {
    fn status_code(&self) -> StatusCode {
        punchout_status(&self.0)
    }

    fn error_response(&self) -> HttpResponse {
        log_if_ours(&self.0);
        let message = match &self.0 {
            PunchoutError::Store(_) => INTERNAL.to_owned(),
            other => other.to_string(),
        };
        json_error(self.status_code(), "punchout", message)
    }
}

/// An EDI interchange refused as a whole: JSON with the reason, or the TA1 that says it.
#[derive(Debug, thiserror::Error)]
pub enum EdiHttpError {
    /// A syntax this endpoint does not read (415).
    #[error("{0}")]
    Unsupported(String),
    /// From the pipeline.
    #[error(transparent)]
    Edi(#[from] EdiError),
}

impl ResponseError for EdiHttpError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Edi(EdiError::Malformed { .. } | EdiError::Invalid { .. }) => {
                StatusCode::BAD_REQUEST
            }
            Self::Edi(
                EdiError::UnknownPartner { .. }
                | EdiError::WrongRecipient { .. }
                | EdiError::PartnerDisabled(_),
            ) => StatusCode::FORBIDDEN,
            Self::Edi(EdiError::Refused {
                duplicate: true, ..
            }) => StatusCode::CONFLICT,
            Self::Edi(EdiError::Refused { .. }) => StatusCode::BAD_REQUEST,
            Self::Edi(EdiError::Store(_)) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            // The TA1 / CONTRL is the answer; the reason also travels in a header for people.
            Self::Edi(
                EdiError::Refused {
                    message,
                    answer,
                    content_type,
                    ..
                }
                | EdiError::WrongRecipient {
                    message,
                    answer,
                    content_type,
                    ..
                },
            ) if !answer.is_empty() => HttpResponse::build(status)
                .content_type(*content_type)
                .insert_header(("x-b2bgate-error", header_safe(message)))
                .body(answer.clone()),
            Self::Edi(EdiError::Store(e)) => {
                tracing::error!(error = %e, error.debug = ?e, "Storage failure.");
                HttpResponse::build(status).json(ErrorBody {
                    error: "internal",
                    message: INTERNAL.to_owned(),
                    issues: &[],
                    document_id: None,
                })
            }
            Self::Edi(EdiError::Invalid {
                message,
                issues,
                document_id,
                ..
            }) => HttpResponse::build(status).json(ErrorBody {
                error: "invalid",
                message: message.clone(),
                issues,
                document_id: Some(document_id),
            }),
            Self::Edi(EdiError::Malformed {
                message,
                document_id,
            })
            | Self::Edi(EdiError::UnknownPartner {
                message,
                document_id,
            }) => HttpResponse::build(status).json(ErrorBody {
                error: if status == StatusCode::FORBIDDEN {
                    "unknown_partner"
                } else {
                    "malformed"
                },
                message: message.clone(),
                issues: &[],
                document_id: Some(document_id),
            }),
            other => HttpResponse::build(status).json(ErrorBody {
                error: "refused",
                message: other.to_string(),
                issues: &[],
                document_id: None,
            }),
        }
    }
}

/// A header value: printable ASCII only, at most 300 characters.
fn header_safe(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(300)
        .collect()
}
