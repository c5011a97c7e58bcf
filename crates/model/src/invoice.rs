//! The [`Invoice`] (also used for credit and debit notes).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{
    open_enum, Charge, InvoiceTotals, Party, PaymentTerms, Reference, Shipping, Tax,
};
use crate::document::InvoiceTag;
use crate::extrinsics::Extrinsics;
use crate::ids::{CurrencyCode, Gtin, UnitOfMeasure};

open_enum! {
    /// Whether the document bills or credits; defaults to `Invoice`.
    #[derive(Default)]
    pub enum InvoicePurpose ("Purpose of the invoice document.") {
        /// A regular invoice.
        #[default]
        Invoice => "invoice",
        /// A credit note (amounts are owed to the buyer).
        CreditNote => "credit_note",
        /// A debit note (additional amounts owed by the buyer).
        DebitNote => "debit_note",
    }
}

/// An invoice or credit/debit note from a seller to a buyer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Invoice {
    /// Document type, always `"invoice"`.
    #[serde(rename = "type")]
    pub doc_type: InvoiceTag,
    /// The seller's invoice number.
    pub invoice_number: String,
    /// Invoice, credit note or debit note; `"invoice"` when absent.
    #[serde(default)]
    pub purpose: InvoicePurpose,
    /// Invoice date.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub invoice_date: Option<NaiveDate>,
    /// Timestamp at which the invoice was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// The buyer's purchase order number being invoiced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    /// Date of that purchase order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub order_date: Option<NaiveDate>,
    /// Currency of all amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// The invoicing party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Party>,
    /// The invoiced party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// Where payment is to be sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remit_to: Option<Party>,
    /// Where the goods were delivered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Party>,
    /// Invoice address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<Party>,
    /// Payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<PaymentTerms>,
    /// The invoiced items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<InvoiceLine>,
    /// Header-level allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Header-level taxes (tax summary).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// Shipping details and cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    /// Invoice totals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<InvoiceTotals>,
    /// References, e.g. the delivery note or the invoice a credit note
    /// corrects.
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

impl Invoice {
    /// An otherwise empty invoice with the given number.
    pub fn new(invoice_number: impl Into<String>) -> Self {
        Self {
            invoice_number: invoice_number.into(),
            ..Self::default()
        }
    }
}

/// One line of an invoice.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct InvoiceLine {
    /// Line number, unique within the invoice, starting at 1.
    pub line_number: u32,
    /// Number of the purchase order line being invoiced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_line_number: Option<u32>,
    /// Invoiced quantity.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub quantity: Decimal,
    /// Unit of measure of the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Price per unit of measure.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub unit_price: Option<Decimal>,
    /// Net line amount (normally quantity × unit price, after line
    /// allowances and charges, before tax).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub amount: Option<Decimal>,
    /// Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
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
    /// The manufacturer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_part_id: Option<String>,
    /// The manufacturer's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manufacturer_name: Option<String>,
    /// Line-level allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Line-level taxes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// Free-text comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
}

impl InvoiceLine {
    /// A line with only a number and a quantity.
    pub fn new(line_number: u32, quantity: Decimal) -> Self {
        Self {
            line_number,
            quantity,
            ..Self::default()
        }
    }
}
