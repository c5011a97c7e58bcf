//! The advance ship notice: [`ShipNotice`] with its packages and the order
//! lines it ships.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{Party, Reference};
use crate::document::ShipNoticeTag;
use crate::extrinsics::Extrinsics;
use crate::ids::{Gtin, UnitOfMeasure};
use crate::order::OrderPurpose;

/// An advance ship notice (despatch advice): what was shipped, how, and in
/// which packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShipNotice {
    /// Document type, always `"ship_notice"`.
    #[serde(rename = "type")]
    pub doc_type: ShipNoticeTag,
    /// The seller's shipment identifier.
    pub shipment_id: String,
    /// Purpose of this notice: `"new"`, `"replace"`, `"cancel"`, …; `"new"`
    /// when absent.
    #[serde(default)]
    pub purpose: OrderPurpose,
    /// Date the notice was created.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub notice_date: Option<NaiveDate>,
    /// Timestamp at which the notice was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// Date the goods were shipped.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub ship_date: Option<NaiveDate>,
    /// Date the goods are expected to arrive.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub expected_delivery_date: Option<NaiveDate>,
    /// Carrier name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier: Option<String>,
    /// Carrier code, e.g. a SCAC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub carrier_code: Option<String>,
    /// Carrier service level, e.g. "ground", "next_day".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level: Option<String>,
    /// Master tracking number of the shipment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Bill of lading number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_of_lading: Option<String>,
    /// Shipping party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_from: Option<Party>,
    /// Receiving party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Party>,
    /// The buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// The seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Party>,
    /// Gross weight of the whole shipment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_weight: Option<Measure>,
    /// Physical packages (cartons, pallets) of the shipment.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<Package>,
    /// The orders shipped, with the lines and quantities shipped for each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub orders: Vec<ShipNoticeOrder>,
    /// References to related documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Free-text comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
    /// Additional name/value data agreed with the partner.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}

impl ShipNotice {
    /// An otherwise empty notice with the given shipment id.
    pub fn new(shipment_id: impl Into<String>) -> Self {
        Self {
            shipment_id: shipment_id.into(),
            ..Self::default()
        }
    }
}

/// A quantity with a unit, e.g. a weight or a length.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Measure {
    /// The amount.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub value: Decimal,
    /// Unit as a UN/ECE Rec 20 code, e.g. "KGM", "LBR", "CMT".
    pub unit: UnitOfMeasure,
}

/// Length, width and height of a package in one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Dimensions {
    /// Length.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub length: Decimal,
    /// Width.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub width: Decimal,
    /// Height.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub height: Decimal,
    /// Unit of all three dimensions as a UN/ECE Rec 20 code, e.g. "CMT", "INH".
    pub unit: UnitOfMeasure,
}

/// A physical package (carton, pallet, …) of a shipment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Package {
    /// GS1 Serial Shipping Container Code (18 digits) of the package label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sscc: Option<String>,
    /// Kind of package, e.g. "carton", "pallet".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_type: Option<String>,
    /// Carrier tracking number of this package.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    /// Gross weight.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Measure>,
    /// Outer dimensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<Dimensions>,
    /// Order lines (and quantities) packed in this package.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contents: Vec<PackageContent>,
}

/// A quantity of one order line packed in a package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PackageContent {
    /// Order number of the line; may be omitted when the notice ships a
    /// single order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// Number of the order line.
    pub line_number: u32,
    /// Quantity of that line in this package.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub quantity: Decimal,
    /// Unit of measure of the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
}

/// One order of a shipment and the lines shipped against it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShipNoticeOrder {
    /// The buyer's purchase order number.
    pub order_number: String,
    /// Date of the order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub order_date: Option<NaiveDate>,
    /// Lines shipped against this order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<ShipNoticeLine>,
}

/// Quantity shipped against one order line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ShipNoticeLine {
    /// Number of the order line.
    pub line_number: u32,
    /// Quantity shipped.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub quantity: Decimal,
    /// Unit of measure of the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Quantity originally ordered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub ordered_quantity: Option<Decimal>,
    /// The seller's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_id: Option<String>,
    /// Auxiliary seller part identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_aux_id: Option<String>,
    /// The buyer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_part_id: Option<String>,
    /// GS1 trade item number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<Gtin>,
    /// Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Batch or lot number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_number: Option<String>,
    /// Serial numbers of the shipped units.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub serial_numbers: Vec<String>,
}
