//! The one place where errors become HTTP answers.
//!
//! Partner or client faults become 4xx with a precise message; our own faults become 500 with
//! the request id and no internals (the cause chain goes to the log).

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

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

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::BadRequest(_) | Self::Rejected { .. } => StatusCode::BAD_REQUEST,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
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
