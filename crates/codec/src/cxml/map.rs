//! cXML wire types ↔ the canonical [`model`].

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::read::IssueList;
use super::types::{
    ItemOut, Money, OrderRequest, OrderRequestType, PaymentTerm, PunchOutOrderMessage, Shipping,
    Tax,
};
use super::xml::limit;
use crate::{Issue, Location};

impl PunchOutOrderMessage {
    /// The returned cart as a canonical [`model::PunchoutCart`].
    ///
    /// Units go through [`model::UnitOfMeasure::from_common`] and currencies through
    /// [`model::CurrencyCode::parse`]; values that do not fit are left out with a warning.
    /// Classification domains become schemes verbatim; extrinsics are kept by name (the last of
    /// equal names wins).
    pub fn to_cart(&self) -> (model::PunchoutCart, Vec<Issue>) {
        let mut issues = Vec::new();
        let path = "/cXML/Message/PunchOutOrderMessage";
        let mut cart = model::PunchoutCart::new(self.buyer_cookie.clone());
        cart.total = self.total;
        cart.currency = self.currency.as_deref().and_then(|c| {
            currency(
                c,
                &format!("{path}/PunchOutOrderMessageHeader/Total"),
                &mut issues,
            )
        });
        for (i, item) in self.items.iter().enumerate() {
            let p = format!("{path}/ItemIn[{}]", i + 1);
            if cart.currency.is_none() {
                cart.currency = item
                    .currency
                    .as_deref()
                    .and_then(|c| currency(c, &p, &mut issues));
            }
            cart.items.push(item.to_cart_item(&p, &mut issues));
        }
        (cart, issues)
    }
}

impl ItemOut {
    /// This line as a canonical [`model::CartItem`]; problems are pushed to `issues` at `path`.
    pub fn to_cart_item(&self, path: &str, issues: &mut Vec<Issue>) -> model::CartItem {
        let unit_of_measure = self
            .unit_of_measure
            .as_deref()
            .and_then(|u| unit(u, path, issues));
        model::CartItem {
            quantity: self.quantity,
            supplier_part_id: Some(self.item_id.supplier_part_id.clone()).filter(|s| !s.is_empty()),
            supplier_part_aux_id: self.item_id.supplier_part_aux_id.clone(),
            unit_price: self.unit_price,
            description: self.description.clone(),
            unit_of_measure,
            classification: self
                .classification
                .iter()
                .map(|(d, c)| model::Classification::new(d.clone(), c.clone()))
                .collect(),
            manufacturer_part_id: self.manufacturer_part_id.clone(),
            manufacturer_name: self.manufacturer_name.clone(),
            lead_time_days: self.lead_time,
            extrinsics: self.extrinsics.iter().cloned().collect(),
        }
    }
}

impl OrderRequest {
    /// The order as a canonical [`model::PurchaseOrder`], with warnings for what does not fit.
    ///
    /// - `order_number` = `orderID`; `purpose`: `new` → `new`, `update` → `replace` (a cXML
    ///   update is a complete new version of the order), `delete` → `cancel`, anything else kept
    ///   as an other code; `order_date` = the date of `orderDate` as written, `issued_at` =
    ///   `orderDate` when it carries a time.
    /// - `currency`: of `Total`, else of the first line price (an invalid code is left out with a
    ///   warning); amounts in another currency are warned about.
    /// - `ship_to`, `bill_to` as read; the `Contact`s become the contacts of a `buyer` party that
    ///   has nothing else.
    /// - `payment_terms`: `net_days` = the longest `PaymentTerm` without a discount,
    ///   `discount_percent`/`discount_days` = the first one with a `DiscountPercent`, and every
    ///   term in words in `description` (discount amounts and penalties have no field).
    /// - Lines: `line_number` = `lineNumber`, else the 1-based position (duplicates are warned
    ///   about; `validate()` then rejects them); units via [`model::UnitOfMeasure::from_common`]
    ///   (unknown: left out with a warning); `requested_delivery_date` of the line, else of the
    ///   header; the line `Tax` as taxes; a line `Shipping` as a charge with code `shipping`.
    /// - Taxes: one per `TaxDetail` (`category` `usage` → `use`; `percentageRate` → `rate`;
    ///   `TaxLocation` → `jurisdiction`), or one from `Tax/Money` when there is no detail.
    /// - `shipping` from the header `Shipping` (amount, description, carrier, method).
    /// - `totals`: `total` = `Total`, `tax` = `Tax/Money`, `shipping` = `Shipping/Money`,
    ///   `subtotal` = the sum of the lines when every line has a price. A `Total` that is neither
    ///   the subtotal nor the subtotal plus tax and shipping is warned about.
    /// - `references`: `DocumentReference@payloadID` as a `purchase_order` reference (its value
    ///   is the payloadID of the previous version of this order), `requisitionID` as a
    ///   `requisition` reference.
    /// - `comments` and `extrinsics` (the last of equal names wins).
    ///
    /// Not carried: `orderVersion`, `orderType`, `shipComplete`, `attachments` (read them from
    /// [`OrderRequest::header`]); a non-`regular` `orderType` is warned about.
    pub fn to_purchase_order(&self) -> (model::PurchaseOrder, Vec<Issue>) {
        const P: &str = "/cXML/Request/OrderRequest";
        const HP: &str = "/cXML/Request/OrderRequest/OrderRequestHeader";
        let h = &self.header;
        let mut issues = IssueList::new();
        let mut po = model::PurchaseOrder::new(h.order_id.clone());
        po.purpose = match &h.kind {
            OrderRequestType::New => model::OrderPurpose::New,
            OrderRequestType::Update => model::OrderPurpose::Replace,
            OrderRequestType::Delete => model::OrderPurpose::Cancel,
            OrderRequestType::Other(code) => model::OrderPurpose::Other(code.trim().to_owned()),
        };
        po.order_date = h.order_date.map(|ts| ts.date_naive());
        po.issued_at = h
            .order_date
            .filter(|_| h.order_date_raw.as_deref().is_some_and(|r| r.contains(':')));

        let source = h
            .total
            .as_ref()
            .filter(|m| !m.currency.is_empty())
            .map(|m| (m.currency.as_str(), format!("{HP}/Total/Money")))
            .or_else(|| {
                self.items.iter().enumerate().find_map(|(i, it)| {
                    it.currency
                        .as_deref()
                        .filter(|c| !c.trim().is_empty())
                        .map(|c| {
                            (
                                c,
                                format!("{P}/ItemOut[{}]/ItemDetail/UnitPrice/Money", i + 1),
                            )
                        })
                })
            });
        po.currency = source.and_then(|(c, path)| currency(c, &path, &mut issues));
        let order_currency = po.currency.as_ref().map(|c| c.as_str().to_owned());
        let mut same_currency = |money: Option<&str>, path: &str, issues: &mut IssueList| {
            if let (Some(order), Some(m)) = (order_currency.as_deref(), money) {
                if !m.trim().is_empty() && m.trim() != order {
                    issues.push(Issue::warning(
                        Location::at_path(path),
                        format!(
                            "Currency {} differs from the order currency {order}",
                            limit(m, 10)
                        ),
                    ));
                }
            }
        };

        po.ship_to = h.ship_to.clone();
        po.bill_to = h.bill_to.clone();
        if !h.contacts.is_empty() {
            po.buyer = Some(model::Party {
                contacts: h.contacts.clone(),
                ..model::Party::default()
            });
        }
        po.payment_terms = payment_terms(&h.payment_terms, HP, &mut issues);
        if h.order_type != "regular" {
            issues.push(Issue::warning(
                Location::at_path(format!("{HP}/@orderType")),
                format!(
                    "orderType {} has no place in the canonical order; it is read as a regular \
                     order",
                    limit(&h.order_type, 40)
                ),
            ));
        }

        let mut seen: HashMap<u32, usize> = HashMap::new();
        let mut all_priced = true;
        for (i, item) in self.items.iter().enumerate() {
            let p = format!("{P}/ItemOut[{}]", i + 1);
            let line_number = item
                .line_number
                .unwrap_or_else(|| u32::try_from(i + 1).unwrap_or(u32::MAX));
            if let Some(first) = seen.get(&line_number) {
                issues.push(Issue::warning(
                    Location::at_path(format!("{p}/@lineNumber")),
                    format!(
                        "Line number {line_number} is also used by ItemOut[{}]",
                        first + 1
                    ),
                ));
            } else {
                seen.insert(line_number, i);
            }
            all_priced &= item.unit_price.is_some();
            same_currency(
                item.currency.as_deref(),
                &format!("{p}/ItemDetail/UnitPrice/Money"),
                &mut issues,
            );
            let mut line = model::OrderLine::new(line_number, item.quantity);
            line.unit_of_measure = item
                .unit_of_measure
                .as_deref()
                .and_then(|u| unit(u, &p, &mut issues));
            line.unit_price = item.unit_price;
            line.description = item.description.clone();
            line.supplier_part_id =
                Some(item.item_id.supplier_part_id.clone()).filter(|s| !s.is_empty());
            line.supplier_part_aux_id = item.item_id.supplier_part_aux_id.clone();
            line.buyer_part_id = item.item_id.buyer_part_id.clone();
            line.manufacturer_part_id = item.manufacturer_part_id.clone();
            line.manufacturer_name = item.manufacturer_name.clone();
            line.classification = item
                .classification
                .iter()
                .map(|(d, c)| model::Classification::new(d.clone(), c.clone()))
                .collect();
            line.requested_delivery_date =
                item.requested_delivery_date.or(h.requested_delivery_date);
            line.ship_to = item.ship_to.clone().map(Box::new);
            if let Some(tax) = &item.tax {
                check_tax_currency(tax, &format!("{p}/Tax"), &mut same_currency, &mut issues);
                line.taxes = taxes(tax);
            }
            if let Some(charge) = item.shipping.as_ref().and_then(shipping_charge) {
                same_currency(
                    item.shipping
                        .as_ref()
                        .and_then(|s| s.money.as_ref())
                        .map(|m| m.currency.as_str()),
                    &format!("{p}/Shipping/Money"),
                    &mut issues,
                );
                line.charges.push(charge);
            }
            line.comments = item.comments.clone();
            line.extrinsics = item.extrinsics.iter().cloned().collect();
            po.lines.push(line);
        }

        if let Some(tax) = &h.tax {
            check_tax_currency(tax, &format!("{HP}/Tax"), &mut same_currency, &mut issues);
            po.taxes = taxes(tax);
        }
        if let Some(s) = &h.shipping {
            same_currency(
                s.money.as_ref().map(|m| m.currency.as_str()),
                &format!("{HP}/Shipping/Money"),
                &mut issues,
            );
            po.shipping = Some(model::Shipping {
                method: s.method.clone(),
                carrier: s.carrier.clone(),
                amount: s.money.as_ref().map(|m| m.amount),
                description: s.description.clone(),
                incoterms: None,
            });
        }
        let totals = model::Totals {
            subtotal: po.computed_subtotal().filter(|_| all_priced),
            tax: amount(h.tax.as_ref().and_then(|t| t.money.as_ref())),
            shipping: amount(h.shipping.as_ref().and_then(|s| s.money.as_ref())),
            total: amount(h.total.as_ref()),
        };
        check_total(&po, &totals, &mut issues);
        if totals != model::Totals::default() {
            po.totals = Some(totals);
        }

        // The payloadID of the earlier version (update/delete): a document id, not an order
        // number, so it gets its own kind.
        if let Some(payload) = &h.document_reference {
            po.references.push(model::Reference::new(
                model::ReferenceKind::Other("cxml_payload_id".to_owned()),
                payload.clone(),
            ));
        }
        if let Some(req) = &h.requisition_id {
            po.references.push(model::Reference::new(
                model::ReferenceKind::Requisition,
                req.clone(),
            ));
        }
        po.comments = h.comments.clone();
        po.extrinsics = h.extrinsics.iter().cloned().collect();
        (po, issues.finish())
    }
}

fn amount(m: Option<&Money>) -> Option<Decimal> {
    m.map(|m| m.amount)
}

/// Warn when `Total` is neither the line subtotal nor the subtotal plus all tax and shipping.
fn check_total(po: &model::PurchaseOrder, totals: &model::Totals, issues: &mut IssueList) {
    let (Some(total), Some(subtotal)) = (totals.total, totals.subtotal) else {
        return;
    };
    let extras = po
        .lines
        .iter()
        .flat_map(|l| {
            l.taxes
                .iter()
                .filter_map(|t| t.amount)
                .chain(l.charges.iter().filter_map(|c| c.amount))
        })
        .chain(po.taxes.iter().filter_map(|t| t.amount))
        .chain(totals.shipping)
        .try_fold(subtotal, Decimal::checked_add);
    if total != subtotal && Some(total) != extras {
        issues.push(Issue::warning(
            Location::at_path("/cXML/Request/OrderRequest/OrderRequestHeader/Total"),
            format!("Total {total} differs from the sum of the lines {subtotal}"),
        ));
    }
}

fn check_tax_currency(
    tax: &Tax,
    path: &str,
    same_currency: &mut impl FnMut(Option<&str>, &str, &mut IssueList),
    issues: &mut IssueList,
) {
    same_currency(
        tax.money.as_ref().map(|m| m.currency.as_str()),
        &format!("{path}/Money"),
        issues,
    );
    for (i, d) in tax.details.iter().enumerate() {
        same_currency(
            d.tax_amount.as_ref().map(|m| m.currency.as_str()),
            &format!("{path}/TaxDetail[{}]/TaxAmount/Money", i + 1),
            issues,
        );
    }
}

/// One canonical tax per `TaxDetail`, or one from `Tax/Money` when there is none.
fn taxes(tax: &Tax) -> Vec<model::Tax> {
    if tax.details.is_empty() {
        if tax.money.is_none() && tax.description.is_none() {
            return Vec::new();
        }
        return vec![model::Tax {
            amount: amount(tax.money.as_ref()),
            description: tax.description.clone(),
            ..model::Tax::default()
        }];
    }
    let single = tax.details.len() == 1;
    tax.details
        .iter()
        .map(|d| model::Tax {
            category: d.category.as_deref().map(tax_category),
            rate: d.percentage_rate,
            taxable_amount: amount(d.taxable_amount.as_ref()),
            amount: amount(d.tax_amount.as_ref()),
            description: d
                .description
                .clone()
                .or_else(|| tax.description.clone().filter(|_| single)),
            jurisdiction: d.location.clone(),
        })
        .collect()
}

/// cXML tax categories (`sales`, `usage`, `vat`, `gst`, others) as canonical ones.
fn tax_category(code: &str) -> model::TaxCategory {
    let lower = code.trim().to_ascii_lowercase();
    match lower.as_str() {
        "usage" | "use" => model::TaxCategory::Use,
        "sales" | "vat" | "gst" | "excise" | "withholding" => model::TaxCategory::from_code(&lower),
        _ => model::TaxCategory::Other(code.trim().to_owned()),
    }
}

/// A line `Shipping` with an amount as a charge (an allowance when negative) with code
/// `shipping`.
fn shipping_charge(s: &Shipping) -> Option<model::Charge> {
    let money = s.money.as_ref()?;
    let mut charge = if money.amount.is_sign_negative() && !money.amount.is_zero() {
        model::Charge::allowance(-money.amount)
    } else {
        model::Charge::surcharge(money.amount)
    };
    charge.code = Some("shipping".to_owned());
    charge.description = s.description.clone();
    Some(charge)
}

fn payment_terms(
    terms: &[PaymentTerm],
    header_path: &str,
    issues: &mut IssueList,
) -> Option<model::PaymentTerms> {
    if terms.is_empty() {
        return None;
    }
    let mut out = model::PaymentTerms {
        net_days: terms
            .iter()
            .filter(|t| t.discount_percent.is_none() && t.discount_amount.is_none())
            .filter_map(|t| t.pay_in_days)
            .max(),
        ..model::PaymentTerms::default()
    };
    let mut words = Vec::new();
    for (i, t) in terms.iter().enumerate() {
        let path = format!("{header_path}/PaymentTerm[{}]", i + 1);
        let days = t
            .pay_in_days
            .map_or_else(|| "? days".to_owned(), |d| format!("{d} days"));
        match (t.discount_percent, &t.discount_amount) {
            (Some(pct), _) => {
                words.push(format!("{pct}% discount within {days}"));
                if pct.is_sign_negative() && !pct.is_zero() {
                    issues.push(Issue::warning(
                        Location::at_path(path),
                        format!("Penalty of {} % kept only in the description", -pct),
                    ));
                } else if out.discount_percent.is_none() {
                    out.discount_percent = Some(pct);
                    out.discount_days = t.pay_in_days;
                } else {
                    issues.push(Issue::warning(
                        Location::at_path(path),
                        "Further discount term kept only in the description",
                    ));
                }
            }
            (None, Some(m)) => {
                words.push(format!(
                    "{} {} discount within {days}",
                    m.amount, m.currency
                ));
                issues.push(Issue::warning(
                    Location::at_path(path),
                    "Discount amount kept only in the description",
                ));
            }
            (None, None) => words.push(format!("net {days}")),
        }
    }
    out.description = Some(words.join(", "));
    Some(out)
}

/// Where issues go: a plain vector or a bounded [`IssueList`].
trait Sink {
    fn put(&mut self, issue: Issue);
}

impl Sink for Vec<Issue> {
    fn put(&mut self, issue: Issue) {
        self.push(issue);
    }
}

impl Sink for IssueList {
    fn put(&mut self, issue: Issue) {
        self.push(issue);
    }
}

/// A unit of measure through [`model::UnitOfMeasure::from_common`]; a warning (at the
/// `ItemDetail/UnitOfMeasure` of the item at `item_path`) when it does not fit.
fn unit(u: &str, item_path: &str, issues: &mut impl Sink) -> Option<model::UnitOfMeasure> {
    match model::UnitOfMeasure::from_common(u) {
        Ok(u) => Some(u),
        Err(e) => {
            issues.put(Issue::warning(
                Location::at_path(format!("{item_path}/ItemDetail/UnitOfMeasure")),
                format!("Unit of measure left out: {e}"),
            ));
            None
        }
    }
}

fn currency(code: &str, path: &str, issues: &mut impl Sink) -> Option<model::CurrencyCode> {
    match model::CurrencyCode::parse(code.trim()) {
        Ok(c) => Some(c),
        Err(_) => {
            issues.put(Issue::warning(
                Location::at_path(path),
                format!(
                    "Currency {} is not an ISO 4217 code; left out",
                    limit(code, 10)
                ),
            ));
            None
        }
    }
}
