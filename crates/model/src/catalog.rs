//! Catalog content: the [`Catalog`] a supplier publishes and the
//! [`PunchoutCart`] a punchout session returns to the buyer.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{Classification, Party};
use crate::document::{CatalogTag, PunchoutCartTag};
use crate::extrinsics::Extrinsics;
use crate::ids::{CurrencyCode, Gtin, UnitOfMeasure};

/// A supplier's product catalog (full or incremental).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Catalog {
    /// Document type, always `"catalog"`.
    #[serde(rename = "type")]
    pub doc_type: CatalogTag,
    /// Identifier of the catalog.
    pub catalog_id: String,
    /// Name of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Description of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Version of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Timestamp at which the catalog was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// First day the catalog applies.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub valid_from: Option<NaiveDate>,
    /// Last day the catalog applies.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub valid_to: Option<NaiveDate>,
    /// Default currency of the prices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// The publishing supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier: Option<Party>,
    /// The buyer the catalog is meant for, if it is buyer-specific.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// The catalog items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<CatalogItem>,
}

impl Catalog {
    /// An otherwise empty catalog with the given id.
    pub fn new(catalog_id: impl Into<String>) -> Self {
        Self {
            catalog_id: catalog_id.into(),
            ..Self::default()
        }
    }
}

/// One orderable item of a catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CatalogItem {
    /// The seller's part number.
    pub supplier_part_id: String,
    /// Auxiliary seller part identifier; with `supplier_part_id` it
    /// identifies the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_aux_id: Option<String>,
    /// GS1 trade item number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gtin: Option<Gtin>,
    /// The manufacturer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_part_id: Option<String>,
    /// The manufacturer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_name: Option<String>,
    /// Short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Long description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub long_description: Option<String>,
    /// Unit of measure the item is sold in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Prices, possibly per price list, quantity break or validity period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub prices: Vec<Price>,
    /// Lead time in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<u32>,
    /// Product classifications, e.g. UNSPSC codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classification: Vec<Classification>,
    /// Product page URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Image URLs, the main image first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub image_urls: Vec<String>,
    /// Category path from the root, e.g. ["Office", "Paper", "Copy paper"].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub category_path: Vec<String>,
    /// Smallest quantity that can be ordered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub min_order_quantity: Option<Decimal>,
    /// Ordered quantities must be a multiple of this increment.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub order_increment: Option<Decimal>,
    /// Additional name/value data agreed with the partner.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}

/// A price of a catalog item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Price {
    /// Price per unit of measure.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub unit_price: Decimal,
    /// Price list this price belongs to; absent for the default list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_list_id: Option<String>,
    /// Currency, when it differs from the catalog currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// Smallest quantity this price applies to (quantity break).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub min_quantity: Option<Decimal>,
    /// First day the price applies.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub valid_from: Option<NaiveDate>,
    /// Last day the price applies.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub valid_to: Option<NaiveDate>,
}

impl Price {
    /// A price without list, currency override, quantity break or validity.
    pub fn new(unit_price: Decimal) -> Self {
        Self {
            unit_price,
            price_list_id: None,
            currency: None,
            min_quantity: None,
            valid_from: None,
            valid_to: None,
        }
    }
}

/// The shopping cart a punchout session returns to the buyer's procurement
/// system.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PunchoutCart {
    /// Document type, always `"punchout_cart"`.
    #[serde(rename = "type")]
    pub doc_type: PunchoutCartTag,
    /// Opaque session token the buyer's system gave when the session started;
    /// returned unchanged.
    pub buyer_cookie: String,
    /// Currency of all amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// Cart total as stated by the supplier.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub total: Option<Decimal>,
    /// The items in the cart.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<CartItem>,
    /// Additional name/value data for the whole cart.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}

impl PunchoutCart {
    /// An empty cart for the given session.
    pub fn new(buyer_cookie: impl Into<String>) -> Self {
        Self {
            buyer_cookie: buyer_cookie.into(),
            ..Self::default()
        }
    }

    /// Sum of `quantity × unit_price` over the items that have a unit price.
    ///
    /// `None` only if the arithmetic overflows the decimal range.
    pub fn computed_total(&self) -> Option<Decimal> {
        self.items
            .iter()
            .try_fold(Decimal::ZERO, |sum, item| match item.unit_price {
                Some(price) => sum.checked_add(item.quantity.checked_mul(price)?),
                None => Some(sum),
            })
    }
}

/// One item of a punchout cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct CartItem {
    /// Quantity in the cart.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub quantity: Decimal,
    /// The seller's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_id: Option<String>,
    /// Auxiliary seller part identifier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_aux_id: Option<String>,
    /// Price per unit of measure.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub unit_price: Option<Decimal>,
    /// Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Unit of measure of the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Product classifications, e.g. UNSPSC codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classification: Vec<Classification>,
    /// The manufacturer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_part_id: Option<String>,
    /// The manufacturer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_name: Option<String>,
    /// Lead time in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_time_days: Option<u32>,
    /// Additional name/value data for this item.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}
