//! Orchestration: the data flow reads top to bottom here. A transport hands over bytes and
//! what it knows of the sender; the pipeline identifies the partner, decodes to the canonical
//! model, stores the document with everything it produced in one transaction, and tells the
//! transport what to answer. The pipeline knows no HTTP; `transport/http/error.rs` maps
//! [`PipelineError`] to status codes.

pub mod catalog;
pub mod cxml;
pub mod edi;
pub mod edifact;
pub mod inbound;
pub mod lifecycle;
pub mod orders;
pub mod outbound;
pub mod punchout;
pub mod relay;
pub mod ubl;
pub mod x12;

use crate::store::StoreError;

/// Why a document was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// No partner matches the identity the sender presented.
    #[error("unknown partner `{0}`")]
    UnknownPartner(String),
    /// The partner exists but is disabled in its profile.
    #[error("partner `{0}` is disabled")]
    PartnerDisabled(String),
    /// The document could not be read or failed validation. It was archived as `rejected`.
    #[error("{message}")]
    Invalid {
        /// One line summary.
        message: String,
        /// Every problem found.
        issues: Vec<String>,
        /// Archive id of the rejected document.
        document_id: Option<String>,
    },
    /// A different document reused an order number this partner already sent.
    #[error("order number {order_number} was already received from this partner")]
    OrderNumberTaken {
        /// The order number.
        order_number: String,
        /// The existing order.
        order_id: String,
        /// Archive id of the refused document.
        document_id: String,
    },
    /// Storage failed: ours, not the partner's.
    #[error(transparent)]
    Store(#[from] StoreError),
}
