//! cXML wire types ↔ the canonical [`model`].

use super::types::{ItemOut, PunchOutOrderMessage};
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
        let unit_of_measure = self.unit_of_measure.as_deref().and_then(|u| {
            match model::UnitOfMeasure::from_common(u) {
                Ok(u) => Some(u),
                Err(e) => {
                    issues.push(Issue::warning(
                        Location::at_path(format!("{path}/ItemDetail/UnitOfMeasure")),
                        format!("Unit of measure left out: {e}"),
                    ));
                    None
                }
            }
        });
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

fn currency(code: &str, path: &str, issues: &mut Vec<Issue>) -> Option<model::CurrencyCode> {
    match model::CurrencyCode::parse(code.trim()) {
        Ok(c) => Some(c),
        Err(_) => {
            issues.push(Issue::warning(
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
