//! cXML (commerce XML): read any cXML 1.1 / 1.2.x envelope leniently, write the documents the
//! supplier side of punchout and the order lifecycle sends, strictly in DTD 1.2.071 element order.
//!
//! # Reading
//! [`read`] turns bytes into a typed [`Cxml`] plus a list of [`Issue`](crate::Issue)s. It fails
//! (with [`CodecError::Malformed`](crate::CodecError::Malformed)) only when there is nothing to
//! work with: not well-formed XML, a root other than `cXML`, no `payloadID`, no
//! `Request`/`Message`/`Response`. XML handling is in [`xml`](self) (private): no DTD is fetched,
//! no entity other than the five predefined ones and character references is expanded, nesting is
//! limited to [`MAX_DEPTH`], UTF-8 only. Typed requests: `PunchOutSetupRequest`, `OrderRequest`
//! ([`OrderRequest::to_purchase_order`] maps it to the canonical order) and `ProfileRequest`.
//!
//! # Writing
//! [`write_status_response`], [`write_punchout_setup_response`], [`write_profile_response`] and
//! [`write_punchout_order_message`] produce complete documents:
//! `<?xml version="1.0" encoding="UTF-8"?>`, the 1.2.071 `DOCTYPE` ([`DOCTYPE`]), elements in DTD
//! order, every text and attribute escaped, and every non-ASCII character written as a decimal
//! character reference so the result is pure US-ASCII (safe for the `cxml-urlencoded` form field).
//! The POOM writer applies per-platform [`Limits`].
//!
//! [`write_confirmation_request`], [`write_ship_notice_request`] (both with the `Fulfill.dtd`
//! DOCTYPE, [`FULFILL_DOCTYPE`]) and [`write_invoice_detail_request`] (`InvoiceDetail.dtd`,
//! [`INVOICE_DETAIL_DOCTYPE`]) render the canonical order response, ship notice and invoice as the
//! server-to-server documents a supplier sends a buyer; unlike a POOM, their `Sender` carries the
//! SharedSecret. They return the document and issues (errors for what cannot be said validly).
//!
//! # Layout
//! - `types.rs`: the wire types ([`Cxml`], [`Header`], [`Credential`], [`Body`], …).
//! - `crate::xml` (shared with UBL): safe XML reading into a small element tree, and escaping.
//! - `read.rs`: element tree to wire types ([`read`]).
//! - `write.rs`: the writers and the escaping rules.
//! - `fulfil.rs`: the order lifecycle writers (confirmation, ship notice, invoice).
//! - `limits.rs`: platform limits on returned carts ([`Limits`]).
//! - `map.rs`: wire ↔ canonical model ([`PunchOutOrderMessage::to_cart`],
//!   [`OrderRequest::to_purchase_order`]).

mod fulfil;
mod limits;
mod map;
mod read;
mod types;
mod write;

use crate::xml;

#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};

pub use fulfil::{
    write_confirmation_request, write_invoice_detail_request, write_ship_notice_request,
    DocumentParams, OrderRef, FULFILL_DOCTYPE, INVOICE_DETAIL_DOCTYPE,
};
pub use limits::Limits;
pub(crate) use read::parse_decimal;
pub use read::{read, Read};
pub use types::{
    Body, Credential, Cxml, Header, ItemId, ItemIn, ItemOut, Message, Operation, OperationAllowed,
    PunchOutOrderMessage, PunchOutSetupRequest, Request, ResponseKind, Status,
};
pub use types::{
    Money, OrderRequest, OrderRequestHeader, OrderRequestType, PaymentTerm, Shipping, Tax,
    TaxDetail,
};
pub use write::{
    status_text, write_profile_response, write_punchout_order_message,
    write_punchout_setup_response, write_status_response, Meta, PoomParams, DOCTYPE,
};
pub use xml::{MAX_DEPTH, MAX_ISSUES};

/// Parse a cXML timestamp leniently.
///
/// Accepts ISO 8601 date-times with a `±hh:mm` or `±hhmm` offset or `Z` (the DTD wants an
/// offset; `Z` is tolerated), with or without fractional seconds, `T` or a space between date and
/// time; date-times without a zone (Oracle Supplier Network sends `2023-04-20T19:23:18`) and bare
/// dates (`2023-04-20`, midnight), both taken as UTC (`+00:00`); and the Ruby `Time#to_s` form
/// some buyers send (`Mon May 19 18:29:48 +0000 2008`). `None` for anything else.
pub fn parse_timestamp(s: &str) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(dt);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%a %b %d %H:%M:%S %z %Y",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Some(dt);
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return utc.from_local_datetime(&naive).single();
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return utc
            .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
            .single();
    }
    None
}

/// Format a timestamp the way cXML wants it: `YYYY-MM-DDThh:mm:ss±hh:mm` (never `Z`).
pub fn format_timestamp(ts: &DateTime<FixedOffset>) -> String {
    ts.format("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A payload ID in the recommended `<millis>.<random>@<host>` form. The caller supplies the time
/// and the randomness (this crate has neither clocks nor random numbers).
pub fn payload_id(unix_millis: u128, random: u64, host: &str) -> String {
    format!("{unix_millis}.{random}@{host}")
}
