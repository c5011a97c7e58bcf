//! The [`InventoryReport`]: stock levels a supplier reports to a buyer.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::Party;
use crate::document::InventoryReportTag;
use crate::ids::{Gtin, UnitOfMeasure};

/// A report of stock levels per item and location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InventoryReport {
    /// Document type, always `"inventory_report"`.
    #[serde(rename = "type")]
    pub doc_type: InventoryReportTag,
    /// Identifier of this report.
    pub report_id: String,
    /// Date the stock levels refer to.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub report_date: Option<NaiveDate>,
    /// Timestamp at which the report was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// The reporting supplier or warehouse operator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Party>,
    /// The buyer the report is meant for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// Stock level entries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<InventoryItem>,
}

impl InventoryReport {
    /// An otherwise empty report with the given id.
    pub fn new(report_id: impl Into<String>) -> Self {
        Self {
            report_id: report_id.into(),
            ..Self::default()
        }
    }
}

/// Stock level of one item at one location.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InventoryItem {
    /// The seller's stock-keeping unit (part number).
    pub sku: String,
    /// The buyer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_part_id: Option<String>,
    /// GS1 trade item number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<Gtin>,
    /// Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Warehouse or location code; absent for a total over all locations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Physical stock.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub on_hand: Option<Decimal>,
    /// Stock reserved for existing orders.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub reserved: Option<Decimal>,
    /// Stock available to promise (may be negative when oversold).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub available: Option<Decimal>,
    /// Unit of measure of the quantities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Date more stock is expected.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub next_available_date: Option<NaiveDate>,
    /// Quantity expected on `next_available_date`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub next_available_quantity: Option<Decimal>,
}
