//! Business-rule validation of documents.
//!
//! Deserialisation already guarantees types and code shapes (decimals,
//! dates, [`UnitOfMeasure`](crate::UnitOfMeasure),
//! [`CurrencyCode`](crate::CurrencyCode), `"type"`). The `validate()` methods
//! check what types cannot: identity fields not blank, required lines
//! present, line numbers unique and at least 1, quantities and amounts in
//! range, date ranges ordered. Each problem is reported as a
//! [`ValidationIssue`] with a JSON path relative to the document root (array
//! indexes are 0-based, e.g. `lines[2].quantity`) and a human message;
//! an empty vector means the document is valid.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::catalog::{Catalog, PunchoutCart};
use crate::common::{Charge, InvoiceTotals, PaymentTerms, Tax, Totals};
use crate::inventory::InventoryReport;
use crate::invoice::Invoice;
use crate::order::{
    LineChangeKind, OrderChange, OrderLine, OrderPurpose, OrderResponse, PurchaseOrder,
};
use crate::shipment::{Measure, ShipNotice};

/// One problem found by a `validate()` method.
///
/// Displays as `path: message`, e.g.
/// `lines[2].quantity: must be greater than zero (got -1)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ValidationIssue {
    /// JSON path of the offending value from the document root, e.g.
    /// `lines[2].quantity`; `""` would denote the document itself.
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
}

impl ValidationIssue {
    /// Builds an issue.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl ValidationIssue {
    /// Appends what `Display` writes, without the formatting machinery.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        if !self.path.is_empty() {
            out.extend_from_slice(self.path.as_bytes());
            out.extend_from_slice(b": ");
        }
        out.extend_from_slice(self.message.as_bytes());
    }
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ValidationIssue {}

/// A JSON path, written only when an issue is reported: a `&str`, or [`Field`] / [`Index`]
/// built lazily. Written with `push_str` and `itoa`, not the formatting machinery (a document of
/// 16,000 lines can have as many issues).
trait Path {
    fn write(&self, out: &mut String);

    fn to_path(&self) -> String {
        // Room for a path like `lines[12345].ship_to.identifiers[0]` at once: growing from
        // empty reallocates three times on the way there.
        let mut out = String::with_capacity(40);
        self.write(&mut out);
        out
    }
}

impl Path for &str {
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Path for String {
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Path for &String {
    fn write(&self, out: &mut String) {
        out.push_str(self);
    }
}

/// `{parent}.{name}`.
#[derive(Clone, Copy)]
struct Field<P>(P, &'static str);

impl<P: Path> Path for Field<P> {
    fn write(&self, out: &mut String) {
        self.0.write(out);
        out.push('.');
        out.push_str(self.1);
    }
}

/// `{parent}[{index}]`.
#[derive(Clone, Copy)]
struct Index<P>(P, usize);

impl<P: Path> Path for Index<P> {
    fn write(&self, out: &mut String) {
        self.0.write(out);
        out.push('[');
        out.push_str(itoa::Buffer::new().format(self.1));
        out.push(']');
    }
}

/// Collects issues; helpers take the path of the value they check, as anything that displays
/// as the path (a `&str`, or [`Field`] / [`Index`] built lazily), so that a valid document
/// formats no path at all.
#[derive(Default)]
struct Issues(Vec<ValidationIssue>);

impl Issues {
    fn push(&mut self, path: impl Path, message: impl Into<String>) {
        self.0.push(ValidationIssue::new(path.to_path(), message));
    }

    fn not_blank(&mut self, path: impl Path, value: &str) {
        if value.trim().is_empty() {
            self.push(path, "must not be empty");
        }
    }

    fn not_blank_opt(&mut self, path: impl Path, value: Option<&str>) {
        if let Some(value) = value {
            self.not_blank(path, value);
        }
    }

    fn positive(&mut self, path: impl Path, value: Decimal) {
        if value <= Decimal::ZERO {
            self.push(path, format!("must be greater than zero (got {value})"));
        }
    }

    fn positive_opt(&mut self, path: impl Path, value: Option<Decimal>) {
        if let Some(value) = value {
            self.positive(path, value);
        }
    }

    fn non_negative(&mut self, path: impl Path, value: Option<Decimal>) {
        if let Some(value) = value {
            if value.is_sign_negative() && !value.is_zero() {
                self.push(path, format!("must not be negative (got {value})"));
            }
        }
    }

    fn percent(&mut self, path: impl Path, value: Option<Decimal>) {
        if let Some(value) = value {
            if value < Decimal::ZERO || value > Decimal::ONE_HUNDRED {
                self.push(path, format!("must be between 0 and 100 (got {value})"));
            }
        }
    }

    fn date_range(&mut self, to_path: impl Path, from: Option<NaiveDate>, to: Option<NaiveDate>) {
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                let to_path = to_path.to_path();
                let from_field = if to_path.ends_with("valid_to") {
                    "valid_from"
                } else {
                    "the start date"
                };
                self.push(
                    to_path,
                    format!("must not be before {from_field} ({from}; got {to})"),
                );
            }
        }
    }

    fn non_empty_list(&mut self, path: impl Path, is_empty: bool, message: &str) {
        if is_empty {
            self.push(path, message);
        }
    }

    /// Line numbers must be at least 1 and unique; `numbers` yields
    /// `(index, line_number)` for the lines at `lines_path`.
    fn line_numbers(
        &mut self,
        lines_path: impl Path + Copy,
        numbers: impl Iterator<Item = (usize, u32)>,
    ) {
        let mut seen: HashMap<u32, usize> = HashMap::new();
        // Lines usually come numbered in increasing order: while they do, a number above the
        // last one cannot be a duplicate, and the map is only filled once they do not.
        let mut increasing = true;
        let mut last = 0;
        let lines = numbers.size_hint().0;
        let mut earlier: Vec<(usize, u32)> = Vec::with_capacity(lines);
        let mut reserved = false;
        for (i, number) in numbers {
            let path = Field(Index(lines_path, i), "line_number");
            if increasing && number > last {
                last = number;
                earlier.push((i, number));
                continue;
            }
            if increasing {
                increasing = false;
                for &(j, n) in &earlier {
                    seen.insert(n, j);
                }
            }
            let first = seen.get(&number).copied();
            if !reserved && (number == 0 || first.is_some()) {
                // Once one number is wrong in a long document, often all the rest are (a
                // message repeated inside itself): room for one issue per line left, made once
                // rather than by doubling; room never written to costs address space only.
                reserved = true;
                let left = lines.saturating_sub(i);
                if left >= 1024 {
                    self.0.reserve_exact(left);
                }
            }
            if number == 0 {
                self.push(path, "must be at least 1");
            } else if let Some(first) = first {
                let mut message = String::with_capacity(64);
                message.push_str("duplicate line number ");
                message.push_str(itoa::Buffer::new().format(number));
                message.push_str(" (already used by ");
                Index(lines_path, first).write(&mut message);
                message.push(')');
                self.push(path, message);
            } else {
                seen.insert(number, i);
            }
        }
    }

    fn charges(&mut self, path: impl Path + Copy, charges: &[Charge]) {
        for (i, charge) in charges.iter().enumerate() {
            let path = Index(path, i);
            self.non_negative(Field(path, "amount"), charge.amount);
            self.non_negative(Field(path, "percent"), charge.percent);
            if charge.amount.is_none() && charge.percent.is_none() {
                self.push(path, "needs an amount or a percent");
            }
        }
    }

    fn taxes(&mut self, path: impl Path + Copy, taxes: &[Tax]) {
        for (i, tax) in taxes.iter().enumerate() {
            let path = Index(path, i);
            self.non_negative(Field(path, "rate"), tax.rate);
            self.non_negative(Field(path, "taxable_amount"), tax.taxable_amount);
            self.non_negative(Field(path, "amount"), tax.amount);
        }
    }

    fn payment_terms(&mut self, path: impl Path + Copy, terms: Option<&PaymentTerms>) {
        if let Some(terms) = terms {
            self.percent(Field(path, "discount_percent"), terms.discount_percent);
            if let (Some(discount_days), Some(net_days)) = (terms.discount_days, terms.net_days) {
                if discount_days > net_days {
                    self.push(
                        Field(path, "discount_days"),
                        format!("must not exceed net_days ({net_days}; got {discount_days})"),
                    );
                }
            }
        }
    }

    fn totals(&mut self, path: impl Path + Copy, totals: Option<&Totals>) {
        if let Some(t) = totals {
            self.non_negative(Field(path, "subtotal"), t.subtotal);
            self.non_negative(Field(path, "tax"), t.tax);
            self.non_negative(Field(path, "shipping"), t.shipping);
            self.non_negative(Field(path, "total"), t.total);
        }
    }

    fn invoice_totals(&mut self, path: impl Path + Copy, totals: Option<&InvoiceTotals>) {
        if let Some(t) = totals {
            self.non_negative(Field(path, "subtotal"), t.subtotal);
            self.non_negative(Field(path, "allowances"), t.allowances);
            self.non_negative(Field(path, "charges"), t.charges);
            self.non_negative(Field(path, "tax"), t.tax);
            self.non_negative(Field(path, "shipping"), t.shipping);
            self.non_negative(Field(path, "total"), t.total);
        }
    }

    fn measure(&mut self, path: impl Path, measure: Option<&Measure>) {
        if let Some(measure) = measure {
            self.non_negative(Field(path, "value"), Some(measure.value));
        }
    }

    /// Checks shared by purchase order lines and order change lines, except
    /// the quantity rule, which differs.
    fn order_line(&mut self, path: impl Path + Copy, line: &OrderLine) {
        self.non_negative(Field(path, "unit_price"), line.unit_price);
        if let Some(None) = line.amount() {
            self.push(
                path,
                "quantity × unit_price exceeds the supported decimal range",
            );
        }
        self.charges(Field(path, "charges"), &line.charges);
        self.taxes(Field(path, "taxes"), &line.taxes);
    }

    fn finish(self) -> Vec<ValidationIssue> {
        self.0
    }
}

impl PurchaseOrder {
    /// Checks the order's business rules; an empty result means valid.
    ///
    /// Reports: blank `order_number`; no lines (allowed only when `purpose`
    /// is `"cancel"`); line numbers below 1 or duplicated; quantities not
    /// greater than zero; negative unit prices, charges, taxes and totals;
    /// discount percent outside 0–100.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("order_number", &self.order_number);
        issues.non_empty_list(
            "lines",
            self.lines.is_empty() && self.purpose != OrderPurpose::Cancel,
            "a purchase order needs at least one line",
        );
        issues.line_numbers(
            "lines",
            self.lines.iter().map(|l| l.line_number).enumerate(),
        );
        for (i, line) in self.lines.iter().enumerate() {
            let path = Index("lines", i);
            issues.positive(Field(path, "quantity"), line.quantity);
            issues.order_line(path, line);
        }
        issues.charges("charges", &self.charges);
        issues.taxes("taxes", &self.taxes);
        if let Some(shipping) = &self.shipping {
            issues.non_negative("shipping.amount", shipping.amount);
        }
        issues.totals("totals", self.totals.as_ref());
        issues.payment_terms("payment_terms", self.payment_terms.as_ref());
        issues.finish()
    }
}

impl OrderChange {
    /// Checks the change's business rules; an empty result means valid.
    ///
    /// Reports: blank `order_number`; line numbers below 1 or duplicated;
    /// quantities not greater than zero on lines that are not cancelled
    /// (cancelled lines may carry zero); negative unit prices, charges,
    /// taxes and totals.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("order_number", &self.order_number);
        issues.line_numbers(
            "lines",
            self.lines.iter().map(|l| l.line.line_number).enumerate(),
        );
        for (i, changed) in self.lines.iter().enumerate() {
            let path = Index("lines", i);
            let quantity_path = Field(path, "quantity");
            if changed.change == LineChangeKind::Cancelled {
                issues.non_negative(quantity_path, Some(changed.line.quantity));
            } else {
                issues.positive(quantity_path, changed.line.quantity);
            }
            issues.order_line(path, &changed.line);
        }
        issues.charges("charges", &self.charges);
        issues.taxes("taxes", &self.taxes);
        if let Some(shipping) = &self.shipping {
            issues.non_negative("shipping.amount", shipping.amount);
        }
        issues.totals("totals", self.totals.as_ref());
        issues.payment_terms("payment_terms", self.payment_terms.as_ref());
        issues.finish()
    }
}

impl OrderResponse {
    /// Checks the response's business rules; an empty result means valid.
    ///
    /// Reports: blank `order_number` or `response_number`; line numbers
    /// below 1 (numbers may repeat, e.g. for split schedules); negative
    /// quantities, unit prices and totals; a backordered quantity above the
    /// ordered one.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("order_number", &self.order_number);
        issues.not_blank_opt("response_number", self.response_number.as_deref());
        for (i, line) in self.lines.iter().enumerate() {
            let path = format!("lines[{i}]");
            if line.line_number == 0 {
                issues.push(format!("{path}.line_number"), "must be at least 1");
            }
            issues.non_negative(Field(&path, "ordered_quantity"), line.ordered_quantity);
            issues.non_negative(Field(&path, "confirmed_quantity"), line.confirmed_quantity);
            issues.non_negative(
                Field(&path, "backordered_quantity"),
                line.backordered_quantity,
            );
            issues.non_negative(Field(&path, "unit_price"), line.unit_price);
            if let (Some(o), Some(b)) = (line.ordered_quantity, line.backordered_quantity) {
                if b > o {
                    issues.push(
                        format!("{path}.backordered_quantity"),
                        format!("{b} is more than the ordered quantity {o}"),
                    );
                }
            }
        }
        issues.totals("totals", self.totals.as_ref());
        issues.finish()
    }
}

impl ShipNotice {
    /// Checks the notice's business rules; an empty result means valid.
    ///
    /// Reports: blank `shipment_id`; no orders (allowed only when `purpose`
    /// is `"cancel"`); per order a blank `order_number`, no lines, line
    /// numbers below 1 or duplicated, negative quantities; negative weights
    /// and dimensions; package contents that refer to an order or line not
    /// listed in `orders`, or omit `order_number` when several orders ship.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("shipment_id", &self.shipment_id);
        issues.non_empty_list(
            "orders",
            self.orders.is_empty() && self.purpose != OrderPurpose::Cancel,
            "a ship notice needs at least one order",
        );
        issues.measure("total_weight", self.total_weight.as_ref());
        for (i, order) in self.orders.iter().enumerate() {
            let path = format!("orders[{i}]");
            issues.not_blank(Field(&path, "order_number"), &order.order_number);
            issues.non_empty_list(
                Field(&path, "lines"),
                order.lines.is_empty(),
                "an order in a ship notice needs at least one line",
            );
            let lines_path = format!("{path}.lines");
            issues.line_numbers(
                &lines_path,
                order.lines.iter().map(|l| l.line_number).enumerate(),
            );
            for (j, line) in order.lines.iter().enumerate() {
                let path = format!("{lines_path}[{j}]");
                issues.non_negative(Field(&path, "quantity"), Some(line.quantity));
                issues.non_negative(Field(&path, "ordered_quantity"), line.ordered_quantity);
            }
        }
        for (i, package) in self.packages.iter().enumerate() {
            let path = format!("packages[{i}]");
            issues.measure(Field(&path, "weight"), package.weight.as_ref());
            if let Some(d) = &package.dimensions {
                issues.non_negative(Field(&path, "dimensions.length"), Some(d.length));
                issues.non_negative(Field(&path, "dimensions.width"), Some(d.width));
                issues.non_negative(Field(&path, "dimensions.height"), Some(d.height));
            }
            for (j, content) in package.contents.iter().enumerate() {
                let path = format!("{path}.contents[{j}]");
                issues.non_negative(Field(&path, "quantity"), Some(content.quantity));
                self.check_package_content(&mut issues, &path, content);
            }
        }
        issues.finish()
    }

    fn check_package_content(
        &self,
        issues: &mut Issues,
        path: &str,
        content: &crate::shipment::PackageContent,
    ) {
        if self.orders.is_empty() {
            return;
        }
        let order = match content.order_number.as_deref() {
            Some(number) => match self.orders.iter().find(|o| o.order_number == number) {
                Some(order) => order,
                None => {
                    issues.push(
                        format!("{path}.order_number"),
                        format!("order {number:?} is not listed in orders"),
                    );
                    return;
                }
            },
            None => match self.orders.as_slice() {
                [only] => only,
                _ => {
                    issues.push(
                        format!("{path}.order_number"),
                        "is required when the ship notice lists more than one order",
                    );
                    return;
                }
            },
        };
        if !order
            .lines
            .iter()
            .any(|l| l.line_number == content.line_number)
        {
            issues.push(
                format!("{path}.line_number"),
                format!(
                    "line {} of order {:?} is not listed in orders",
                    content.line_number, order.order_number
                ),
            );
        }
    }
}

impl Invoice {
    /// Checks the invoice's business rules; an empty result means valid.
    ///
    /// Reports: blank `invoice_number` or `order_number`; no lines; line
    /// numbers below 1 or duplicated; negative quantities (credit notes also
    /// state positive quantities: `purpose` gives the direction), unit
    /// prices, charges, taxes and totals; discount percent outside 0–100.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("invoice_number", &self.invoice_number);
        issues.not_blank_opt("order_number", self.order_number.as_deref());
        issues.non_empty_list(
            "lines",
            self.lines.is_empty(),
            "an invoice needs at least one line",
        );
        issues.line_numbers(
            "lines",
            self.lines.iter().map(|l| l.line_number).enumerate(),
        );
        for (i, line) in self.lines.iter().enumerate() {
            let path = format!("lines[{i}]");
            issues.non_negative(Field(&path, "quantity"), Some(line.quantity));
            issues.non_negative(Field(&path, "unit_price"), line.unit_price);
            issues.charges(Field(&path, "charges"), &line.charges);
            issues.taxes(Field(&path, "taxes"), &line.taxes);
        }
        issues.charges("charges", &self.charges);
        issues.taxes("taxes", &self.taxes);
        if let Some(shipping) = &self.shipping {
            issues.non_negative("shipping.amount", shipping.amount);
        }
        issues.invoice_totals("totals", self.totals.as_ref());
        issues.payment_terms("payment_terms", self.payment_terms.as_ref());
        issues.finish()
    }
}

impl Catalog {
    /// Checks the catalog's business rules; an empty result means valid.
    ///
    /// Reports: blank `catalog_id`; `valid_to` before `valid_from` (catalog
    /// and prices); blank or duplicated item ids (`supplier_part_id` plus
    /// `supplier_part_aux_id`); negative prices and quantities; an order
    /// increment that is not greater than zero.
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("catalog_id", &self.catalog_id);
        issues.date_range("valid_to", self.valid_from, self.valid_to);
        let mut seen: HashMap<(&str, Option<&str>), usize> = HashMap::new();
        for (i, item) in self.items.iter().enumerate() {
            let path = format!("items[{i}]");
            let id_path = format!("{path}.supplier_part_id");
            issues.not_blank(&id_path, &item.supplier_part_id);
            let key = (
                item.supplier_part_id.as_str(),
                item.supplier_part_aux_id.as_deref(),
            );
            if let Some(first) = seen.get(&key) {
                let aux = match key.1 {
                    Some(aux) => format!(" with supplier_part_aux_id {aux:?}"),
                    None => String::new(),
                };
                issues.push(
                    id_path,
                    format!(
                        "duplicate item {:?}{aux} (already used by items[{first}])",
                        key.0
                    ),
                );
            } else {
                seen.insert(key, i);
            }
            issues.non_negative(Field(&path, "min_order_quantity"), item.min_order_quantity);
            issues.positive_opt(Field(&path, "order_increment"), item.order_increment);
            for (j, price) in item.prices.iter().enumerate() {
                let path = format!("{path}.prices[{j}]");
                issues.non_negative(Field(&path, "unit_price"), Some(price.unit_price));
                issues.non_negative(Field(&path, "min_quantity"), price.min_quantity);
                issues.date_range(Field(&path, "valid_to"), price.valid_from, price.valid_to);
            }
        }
        issues.finish()
    }
}

impl InventoryReport {
    /// Checks the report's business rules; an empty result means valid.
    ///
    /// Reports: blank `report_id`; no items; blank `sku`; negative `on_hand`,
    /// `reserved` or `next_available_quantity` (`available` may be negative).
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("report_id", &self.report_id);
        issues.non_empty_list(
            "items",
            self.items.is_empty(),
            "an inventory report needs at least one item",
        );
        for (i, item) in self.items.iter().enumerate() {
            let path = format!("items[{i}]");
            issues.not_blank(Field(&path, "sku"), &item.sku);
            issues.non_negative(Field(&path, "on_hand"), item.on_hand);
            issues.non_negative(Field(&path, "reserved"), item.reserved);
            issues.non_negative(
                Field(&path, "next_available_quantity"),
                item.next_available_quantity,
            );
        }
        issues.finish()
    }
}

impl PunchoutCart {
    /// Checks the cart's business rules; an empty result means valid.
    ///
    /// Reports: blank `buyer_cookie`; quantities not greater than zero;
    /// negative unit prices or total. An empty cart is valid (the user may
    /// have returned without choosing anything).
    pub fn validate(&self) -> Vec<ValidationIssue> {
        let mut issues = Issues::default();
        issues.not_blank("buyer_cookie", &self.buyer_cookie);
        issues.non_negative("total", self.total);
        for (i, item) in self.items.iter().enumerate() {
            let path = format!("items[{i}]");
            issues.positive(Field(&path, "quantity"), item.quantity);
            issues.non_negative(Field(&path, "unit_price"), item.unit_price);
            issues.not_blank_opt(
                Field(&path, "supplier_part_id"),
                item.supplier_part_id.as_deref(),
            );
        }
        issues.finish()
    }
}

#[cfg(test)]
mod tests;
