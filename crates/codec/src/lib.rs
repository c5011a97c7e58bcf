//! Wire formats of b2bgate: cXML, SAP OCI, ANSI X12, UN/EDIFACT and UBL 2.1, to and from the
//! canonical [`model`].
//!
//! # Invariants
//! - **Pure.** Bytes in, typed documents out. No I/O, no clocks, no environment, no async runtime;
//!   nothing here depends on tokio, actix, sqlx, openssl, reqwest or hyper (CI checks this with
//!   `cargo tree -p codec -e normal`).
//! - **Never panics on input.** Every reader accepts arbitrary bytes; problems become [`Issue`]s or
//!   a [`CodecError`], never a panic.
//! - **Lenient readers, strict writers.** Readers collect issues (they feed 997/999/TA1, CONTRL
//!   and cXML `Status` answers); writers emit exactly the standard.
//!
//! # Layout
//! - [`detect`]: sniff which syntax a byte buffer is in.
//! - [`error`]: the codec error type and the located [`Issue`] that acknowledgements are built from.
//! - [`cxml`]: cXML: lenient reader (safe XML, no entity expansion) for the envelope,
//!   PunchOutSetupRequest, OrderRequest (mapped to the canonical order) and ProfileRequest;
//!   strict DTD-ordered writers for Status/PunchOutSetupResponse/ProfileResponse/
//!   PunchOutOrderMessage; per-platform cart limits.
//! - [`oci`]: SAP OCI 4.0/5.0: call-up parameters, `HOOK_URL` splitting, `NEW_ITEM-*` cart fields.
//! - [`mime`]: `multipart/related` bodies (a cXML document with its attachments), split into
//!   decoded parts.
//! - [`x12`]: ANSI X12: a zero-copy tokenizer for dirty real-world input, envelope validation
//!   with ack codes, 997/999/TA1 builders and readers, the strict interchange writer, and the
//!   transaction-set mappings (`x12::map`).
//! - [`ubl`]: OASIS UBL 2.1 / Peppol BIS 3: namespace-aware lenient reader (Order, OrderChange,
//!   OrderCancellation, OrderResponse, DespatchAdvice, Invoice, CreditNote), routing facts
//!   (`EndpointID`s) without mapping, strict XSD-ordered writers (OrderResponse, DespatchAdvice,
//!   Invoice/CreditNote with EN 16931 totals, Catalogue).
//! - [`edifact`]: UN/EDIFACT and EANCOM: a zero-copy tokenizer (UNA, release character,
//!   repetition, wrapping, UNOA–UNOY character sets), envelope validation with CONTRL 0085
//!   codes, CONTRL building and CONTRL/APERAK reading, and the charset-aware interchange writer.

pub mod cxml;
pub mod detect;
pub mod edifact;
pub mod error;
pub mod mime;
pub mod oci;
pub mod ubl;
pub mod x12;
mod xml;

#[cfg(test)]
mod test_support;

pub use detect::{detect, Format};
pub use error::{CodecError, Issue, Location, Severity};
