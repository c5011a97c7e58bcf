//! JSON Schemas (draft 2020-12) of the canonical documents.
//!
//! The schemas describe the accepted input: decimals are strings matching
//! [`crate::decimal::PATTERN`], `type` is a required property with a `const`
//! value, and only identity fields (and `line_number`/`quantity` on lines)
//! are required. Rendered copies live in `schemas/canonical/<type>.schema.json`
//! and a unit test keeps them in sync (`UPDATE_EXPECT=1 cargo test -p model`
//! rewrites them).

use schemars::{JsonSchema, Schema};

use crate::catalog::{Catalog, PunchoutCart};
use crate::document::DocType;
use crate::inventory::InventoryReport;
use crate::invoice::Invoice;
use crate::order::{OrderChange, OrderResponse, PurchaseOrder};
use crate::shipment::ShipNotice;

fn root<T: JsonSchema>() -> Schema {
    schemars::generate::SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// The JSON Schema of one document type.
pub fn for_type(doc_type: DocType) -> Schema {
    match doc_type {
        DocType::PurchaseOrder => root::<PurchaseOrder>(),
        DocType::OrderChange => root::<OrderChange>(),
        DocType::OrderResponse => root::<OrderResponse>(),
        DocType::ShipNotice => root::<ShipNotice>(),
        DocType::Invoice => root::<Invoice>(),
        DocType::Catalog => root::<Catalog>(),
        DocType::InventoryReport => root::<InventoryReport>(),
        DocType::PunchoutCart => root::<PunchoutCart>(),
    }
}

/// The JSON Schema of every document type, in [`DocType::ALL`] order.
pub fn all() -> Vec<(DocType, Schema)> {
    DocType::ALL
        .into_iter()
        .map(|doc_type| (doc_type, for_type(doc_type)))
        .collect()
}

/// File name of the rendered schema of `doc_type`, e.g.
/// `purchase_order.schema.json`.
pub fn file_name(doc_type: DocType) -> String {
    format!("{}.schema.json", doc_type.as_str())
}

#[cfg(test)]
mod tests;
