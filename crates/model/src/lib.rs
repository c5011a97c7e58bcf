//! Canonical business documents of b2bgate.
//!
//! Every inbound wire format (cXML, OCI, X12, EDIFACT, UBL, …) is decoded into
//! one of the types of this crate, and every outbound message is encoded from
//! one of them. The crate keeps three invariants:
//!
//! * **Pure.** No I/O, no async runtime, no network or database types. It
//!   depends only on `serde`, `serde_json`, `chrono`, `rust_decimal` and
//!   `schemars`.
//! * **Wire-format agnostic.** Field and type names are business names
//!   (`order_number`, `ship_to`, `unit_price`), never names of a particular
//!   standard's segments or elements. Mapping is the codecs' job.
//! * **Decimals are never floats.** Money and quantities are
//!   [`rust_decimal::Decimal`] values, serialised as JSON strings that keep
//!   their scale (`"12.50"` stays `"12.50"`); JSON numbers are rejected on input.
//!
//! The JSON form of every document is snake_case, carries a `"type"` field
//! naming the document type (see [`DocType`]), omits absent optional values and
//! empty lists/maps, and accepts minimal input: only identity fields (such as
//! `order_number`) and, on lines, `line_number` and `quantity` are required.
//! [`Document`] dispatches on `"type"` to deserialise any of them, and
//! [`schema::all`] yields the JSON Schema of each.

#![forbid(unsafe_code)]

pub mod catalog;
pub mod common;
pub mod date;
pub mod decimal;
pub mod document;
pub mod extrinsics;
pub mod ids;
pub mod inventory;
pub mod invoice;
pub mod json;
pub mod order;
pub mod partner;
pub mod pricing;
pub mod schema;
pub mod shipment;
pub mod validate;

#[cfg(test)]
mod tests;

pub use catalog::{CartItem, Catalog, CatalogItem, Price, PunchoutCart};
pub use common::{
    Charge, ChargeIndicator, Classification, Contact, Identifier, InvoiceTotals, Party,
    PaymentTerms, Reference, ReferenceKind, Shipping, Tax, TaxCategory, Totals,
};
pub use document::{
    CatalogTag, DocType, Document, InventoryReportTag, InvoiceTag, OrderChangeTag,
    OrderResponseTag, PunchoutCartTag, PurchaseOrderTag, ShipNoticeTag, UnknownDocType,
};
pub use extrinsics::Extrinsics;
pub use ids::{CurrencyCode, Gtin, ParseError, UnitOfMeasure};
pub use inventory::{InventoryItem, InventoryReport};
pub use invoice::{Invoice, InvoiceLine, InvoicePurpose};
pub use order::{
    LineChangeKind, OrderChange, OrderChangeLine, OrderLine, OrderPurpose, OrderResponse,
    OrderResponseLine, PurchaseOrder, ResponseStatus, CHANGE_SEQUENCE,
};
pub use shipment::{
    Dimensions, Measure, Package, PackageContent, ShipNotice, ShipNoticeLine, ShipNoticeOrder,
};
pub use validate::ValidationIssue;
