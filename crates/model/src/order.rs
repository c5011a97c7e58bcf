//! Ordering documents: [`PurchaseOrder`], [`OrderChange`] and
//! [`OrderResponse`], with their line types.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::common::{
    open_enum, Charge, Classification, Party, PaymentTerms, Reference, Shipping, Tax, Totals,
};
use crate::document::{OrderChangeTag, OrderResponseTag, PurchaseOrderTag};
use crate::extrinsics::Extrinsics;
use crate::ids::{CurrencyCode, Gtin, UnitOfMeasure};

open_enum! {
    /// Purpose of an order-like document; defaults to `New`.
    #[derive(Default)]
    pub enum OrderPurpose ("Purpose of the document.") {
        /// A new, original document.
        #[default]
        New => "new",
        /// A change to a previously sent document.
        Change => "change",
        /// Cancellation of a previously sent document.
        Cancel => "cancel",
        /// A complete replacement of a previously sent document.
        Replace => "replace",
        /// A confirmation copy of a document agreed by other means.
        Confirmation => "confirmation",
        /// A duplicate (re-send) of a document already sent.
        Duplicate => "duplicate",
    }
}

/// A purchase order sent by a buyer to a seller.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PurchaseOrder {
    /// Document type, always `"purchase_order"`.
    #[serde(rename = "type")]
    pub doc_type: PurchaseOrderTag,
    /// The buyer's purchase order number.
    pub order_number: String,
    /// Purpose of this order document; `"new"` when absent.
    #[serde(default)]
    pub purpose: OrderPurpose,
    /// Date of the order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub order_date: Option<NaiveDate>,
    /// Timestamp at which the order was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// Currency of all amounts in the order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// The ordering party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// The supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Party>,
    /// Where the goods are to be delivered (unless a line says otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Party>,
    /// Who is to be invoiced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<Party>,
    /// Agreed payment terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<PaymentTerms>,
    /// The ordered items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<OrderLine>,
    /// Header-level allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Header-level taxes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// Shipping instructions and cost.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    /// Totals as stated by the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// References to contracts, quotes, requisitions, …
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

impl PurchaseOrder {
    /// An otherwise empty order with the given number.
    pub fn new(order_number: impl Into<String>) -> Self {
        Self {
            order_number: order_number.into(),
            ..Self::default()
        }
    }

    /// Sum of `quantity × unit_price` over the lines that have a unit price.
    ///
    /// `None` only if the arithmetic overflows the decimal range.
    pub fn computed_subtotal(&self) -> Option<Decimal> {
        self.lines
            .iter()
            .try_fold(Decimal::ZERO, |sum, line| match line.amount() {
                Some(amount) => sum.checked_add(amount?),
                None => Some(sum),
            })
    }

    /// The line with the given line number, if any.
    pub fn line(&self, line_number: u32) -> Option<&OrderLine> {
        self.lines.iter().find(|l| l.line_number == line_number)
    }
}

/// One line of a purchase order (also used, with a change kind, in an
/// order change).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrderLine {
    /// Line number, unique within the order, starting at 1.
    pub line_number: u32,
    /// Ordered quantity.
    #[serde(with = "crate::decimal")]
    #[schemars(with = "crate::decimal::DecimalSchema")]
    pub quantity: Decimal,
    /// Unit of measure of the quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Price per unit of measure, in the order currency.
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
    /// The seller's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_id: Option<String>,
    /// Auxiliary seller part identifier (e.g. a configuration or variant key).
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
    /// Product classifications, e.g. UNSPSC codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classification: Vec<Classification>,
    /// Date by which the buyer wants the item delivered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub requested_delivery_date: Option<NaiveDate>,
    /// Delivery address for this line, overriding the header `ship_to`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Box<Party>>,
    /// Line-level allowances and charges.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Line-level taxes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// Free-text comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
    /// Additional name/value data agreed with the partner.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}

impl OrderLine {
    /// A line with only a number and a quantity.
    pub fn new(line_number: u32, quantity: Decimal) -> Self {
        Self {
            line_number,
            quantity,
            ..Self::default()
        }
    }

    /// `quantity × unit_price`: `None` without a unit price, `Some(None)` on
    /// arithmetic overflow.
    pub fn amount(&self) -> Option<Option<Decimal>> {
        self.unit_price
            .map(|price| self.quantity.checked_mul(price))
    }

    /// This line as a buyer's change of it says it now is (X12 860 POC, EDIFACT ORDCHG LIN,
    /// UBL OrderChange line): the quantity is the change's; every other value the change
    /// carries replaces this line's, and what it leaves out stays as it was (a change that
    /// gives only a new quantity keeps the part numbers, price and description). Lists the
    /// change carries replace this line's; comments and extrinsics are added.
    ///
    /// A change naming another item (a supplier part, buyer part or GTIN that differs from
    /// this line's) replaces the line: nothing of the old item is kept.
    pub fn apply_change(&mut self, change: &OrderLine) {
        let differs =
            |a: Option<&str>, b: Option<&str>| matches!((a, b), (Some(a), Some(b)) if a != b);
        let other_item = differs(
            change.supplier_part_id.as_deref(),
            self.supplier_part_id.as_deref(),
        ) || differs(
            change.buyer_part_id.as_deref(),
            self.buyer_part_id.as_deref(),
        ) || differs(
            change.gtin.as_ref().map(|g| g.as_str()),
            self.gtin.as_ref().map(|g| g.as_str()),
        );
        if other_item {
            self.clone_from(change);
            return;
        }
        macro_rules! take {
            ($($f:ident),*) => {$( if let Some(v) = &change.$f { self.$f = Some(v.clone()); } )*};
        }
        self.quantity = change.quantity;
        take!(
            unit_of_measure,
            unit_price,
            description,
            supplier_part_id,
            supplier_part_aux_id,
            buyer_part_id,
            gtin,
            manufacturer_part_id,
            manufacturer_name,
            requested_delivery_date,
            ship_to
        );
        if !change.classification.is_empty() {
            self.classification.clone_from(&change.classification);
        }
        if !change.charges.is_empty() {
            self.charges.clone_from(&change.charges);
        }
        if !change.taxes.is_empty() {
            self.taxes.clone_from(&change.taxes);
        }
        self.comments.extend(change.comments.iter().cloned());
        self.extrinsics.extend(
            change
                .extrinsics
                .iter()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
    }
}

/// How a line is affected by an order change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineChangeKind {
    /// The line is new.
    Added,
    /// The line changes the line with the same number; what it leaves out stays.
    Changed,
    /// The line with this number is cancelled.
    Cancelled,
    /// The line is repeated unchanged, for context.
    Unchanged,
}

/// A line of an order change: an order line plus how it changed.
///
/// In JSON the order line's fields sit next to `change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrderChangeLine {
    /// How this line is affected by the change.
    pub change: LineChangeKind,
    /// The line as it stands after the change.
    #[serde(flatten)]
    pub line: OrderLine,
}

/// A change to a previously sent purchase order.
///
/// `Default` gives an empty change with purpose `"change"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrderChange {
    /// Document type, always `"order_change"`.
    #[serde(rename = "type")]
    pub doc_type: OrderChangeTag,
    /// The buyer's purchase order number of the changed order.
    pub order_number: String,
    /// Sequence number or version of this change, increasing per order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change_sequence: Option<u32>,
    /// Purpose of the change document, usually `"change"` or `"cancel"`.
    #[serde(default = "purpose_change")]
    pub purpose: OrderPurpose,
    /// Date of the original order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub order_date: Option<NaiveDate>,
    /// Date of this change.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub change_date: Option<NaiveDate>,
    /// Timestamp at which the change was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// Currency of all amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// The ordering party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// The supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Party>,
    /// New delivery address, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ship_to: Option<Party>,
    /// New invoice address, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<Party>,
    /// New payment terms, if changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_terms: Option<PaymentTerms>,
    /// Added, changed, cancelled (and optionally unchanged) lines.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<OrderChangeLine>,
    /// Header-level allowances and charges after the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<Charge>,
    /// Header-level taxes after the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taxes: Vec<Tax>,
    /// Shipping instructions and cost after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<Shipping>,
    /// Totals after the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
    /// References to related documents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<Reference>,
    /// Free-text comments, e.g. the reason for the change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
    /// Additional name/value data agreed with the partner.
    #[serde(default, skip_serializing_if = "Extrinsics::is_empty")]
    #[schemars(with = "BTreeMap<String, String>")]
    pub extrinsics: Extrinsics,
}

fn purpose_change() -> OrderPurpose {
    OrderPurpose::Change
}

impl Default for OrderChange {
    fn default() -> Self {
        Self {
            doc_type: OrderChangeTag,
            order_number: String::new(),
            change_sequence: None,
            purpose: OrderPurpose::Change,
            order_date: None,
            change_date: None,
            issued_at: None,
            currency: None,
            buyer: None,
            seller: None,
            ship_to: None,
            bill_to: None,
            payment_terms: None,
            lines: Vec::new(),
            charges: Vec::new(),
            taxes: Vec::new(),
            shipping: None,
            totals: None,
            references: Vec::new(),
            comments: Vec::new(),
            extrinsics: Extrinsics::new(),
        }
    }
}

/// The extrinsic of an order holding the sequence number of the buyer's last change to it
/// (X12 BCH05, EDIFACT and UBL change numbers), kept so that an answer can name it.
pub const CHANGE_SEQUENCE: &str = "change_sequence";

impl OrderChange {
    /// An otherwise empty change (purpose `"change"`) of the given order.
    pub fn new(order_number: impl Into<String>) -> Self {
        Self {
            order_number: order_number.into(),
            ..Self::default()
        }
    }

    /// The change that turned order `before` into `after`, line by line: a line only in `after`
    /// is added, one only in `before` cancelled (with quantity zero), one that differs changed
    /// (as it is now), the others unchanged. The header carries `after`'s order number, date,
    /// parties and the change sequence it keeps in its extrinsics ([`CHANGE_SEQUENCE`]). What
    /// an answer to the change (an X12 865) needs when only the two versions of the order are
    /// kept.
    pub fn between(before: &PurchaseOrder, after: &PurchaseOrder) -> Self {
        let mut lines: Vec<OrderChangeLine> = after
            .lines
            .iter()
            .map(|l| {
                let earlier = before.lines.iter().find(|b| b.line_number == l.line_number);
                let change = match earlier {
                    None => LineChangeKind::Added,
                    Some(b) if b == l => LineChangeKind::Unchanged,
                    Some(_) => LineChangeKind::Changed,
                };
                OrderChangeLine {
                    change,
                    line: l.clone(),
                }
            })
            .collect();
        lines.extend(
            before
                .lines
                .iter()
                .filter(|b| !after.lines.iter().any(|l| l.line_number == b.line_number))
                .map(|b| OrderChangeLine {
                    change: LineChangeKind::Cancelled,
                    // As it stands after the change: none of it.
                    line: OrderLine {
                        quantity: Decimal::ZERO,
                        ..b.clone()
                    },
                }),
        );
        lines.sort_by_key(|l| l.line.line_number);
        Self {
            order_number: after.order_number.clone(),
            change_sequence: after
                .extrinsics
                .get(CHANGE_SEQUENCE)
                .and_then(|s| s.parse().ok()),
            order_date: after.order_date,
            currency: after.currency.clone(),
            buyer: after.buyer.clone(),
            seller: after.seller.clone(),
            ship_to: after.ship_to.clone(),
            lines,
            ..Self::default()
        }
    }
}

open_enum! {
    /// Status of an order response or of one of its lines.
    pub enum ResponseStatus ("Status of the response or line.") {
        /// Accepted as ordered.
        Accepted => "accepted",
        /// Accepted with changes (quantity, price, date, …).
        Changed => "changed",
        /// Rejected.
        Rejected => "rejected",
        /// Accepted but (partly) backordered.
        Backordered => "backordered",
        /// Received, decision pending.
        Pending => "pending",
    }
}

/// A seller's response to a purchase order (acknowledgement/confirmation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrderResponse {
    /// Document type, always `"order_response"`.
    #[serde(rename = "type")]
    pub doc_type: OrderResponseTag,
    /// The buyer's purchase order number being answered.
    pub order_number: String,
    /// Overall status of the response.
    pub status: ResponseStatus,
    /// The seller's number for this response or its sales order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_number: Option<String>,
    /// Date of this response.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub response_date: Option<NaiveDate>,
    /// Date of the answered order.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub order_date: Option<NaiveDate>,
    /// Timestamp at which the response was issued, with its UTC offset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_at: Option<DateTime<FixedOffset>>,
    /// Currency of all amounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<CurrencyCode>,
    /// The ordering party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Party>,
    /// The responding supplier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seller: Option<Party>,
    /// Reason for a rejection or change, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Per-line answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<OrderResponseLine>,
    /// Totals as confirmed by the seller.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<Totals>,
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

impl OrderResponse {
    /// An otherwise empty response with the given order number and status.
    pub fn new(order_number: impl Into<String>, status: ResponseStatus) -> Self {
        Self {
            doc_type: OrderResponseTag,
            order_number: order_number.into(),
            status,
            response_number: None,
            response_date: None,
            order_date: None,
            issued_at: None,
            currency: None,
            buyer: None,
            seller: None,
            reason: None,
            lines: Vec::new(),
            totals: None,
            references: Vec::new(),
            comments: Vec::new(),
            extrinsics: Extrinsics::new(),
        }
    }
}

/// The seller's answer for one order line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct OrderResponseLine {
    /// Number of the answered order line.
    pub line_number: u32,
    /// Status of this line.
    pub status: ResponseStatus,
    /// Quantity originally ordered.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub ordered_quantity: Option<Decimal>,
    /// Quantity confirmed by the seller.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub confirmed_quantity: Option<Decimal>,
    /// Quantity on backorder.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub backordered_quantity: Option<Decimal>,
    /// Unit of measure of the quantities.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_of_measure: Option<UnitOfMeasure>,
    /// Unit price confirmed by the seller.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::decimal::option"
    )]
    #[schemars(with = "Option<crate::decimal::DecimalSchema>")]
    pub unit_price: Option<Decimal>,
    /// Delivery date the buyer requested.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub requested_delivery_date: Option<NaiveDate>,
    /// Delivery date the seller confirms.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub delivery_date: Option<NaiveDate>,
    /// Date the seller expects to ship.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::date::option"
    )]
    pub ship_date: Option<NaiveDate>,
    /// Reason for a rejection or change, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The seller's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supplier_part_id: Option<String>,
    /// The buyer's part number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer_part_id: Option<String>,
    /// Item description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-text comments.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comments: Vec<String>,
}

impl OrderResponseLine {
    /// An otherwise empty answer for a line.
    pub fn new(line_number: u32, status: ResponseStatus) -> Self {
        Self {
            line_number,
            status,
            ordered_quantity: None,
            confirmed_quantity: None,
            backordered_quantity: None,
            unit_of_measure: None,
            unit_price: None,
            requested_delivery_date: None,
            delivery_date: None,
            ship_date: None,
            reason: None,
            supplier_part_id: None,
            buyer_part_id: None,
            description: None,
            comments: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests;
