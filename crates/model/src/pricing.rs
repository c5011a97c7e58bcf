//! Partner prices: which unit price a buyer pays for a catalog item at a given quantity.
//!
//! Pure arithmetic on [`Decimal`]s, no I/O. The rules, in order:
//!
//! 1. **A contract price wins.** When the partner's price list has breaks for the item, the
//!    break with the largest `min_quantity` that is ≤ the ordered quantity applies; below every
//!    break, the smallest break applies (a contract price is never replaced by the list price
//!    just because the quantity is small). Equal `min_quantity`s: the lower price applies. The
//!    contract price is returned exactly as agreed, not rounded.
//! 2. **Otherwise the list price minus the partner discount**, rounded half-up (away from zero)
//!    to 2 decimals, or to the list price's own scale when it has more (a list price of `0.0450`
//!    keeps 4 decimals, so sub-cent prices of bulk items survive the discount). A discount is
//!    clamped to `0..=100`: a negative discount never raises a price, more than 100 % gives 0.
//! 3. No list price and no contract price: no price (`None`).
//!
//! A price is never negative: negative inputs yield `0`. A list price too large to carry the
//! extra decimals keeps the scale it can (never a panic).

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// One contract price: `unit_price` applies from `min_quantity` units on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceBreak {
    /// Smallest quantity this price applies to.
    #[serde(with = "crate::decimal")]
    pub min_quantity: Decimal,
    /// Price per unit of measure.
    #[serde(with = "crate::decimal")]
    pub unit_price: Decimal,
}

impl PriceBreak {
    /// A break of `unit_price` from `min_quantity` units on.
    pub fn new(min_quantity: Decimal, unit_price: Decimal) -> Self {
        Self {
            min_quantity,
            unit_price,
        }
    }
}

/// Decimals every discounted price keeps at least (cents).
pub const MIN_PRICE_SCALE: u32 = 2;

/// The unit price for `quantity` units (see the module docs for the rules).
pub fn unit_price(
    list_price: Option<Decimal>,
    discount_percent: Option<Decimal>,
    contract_breaks: &[PriceBreak],
    quantity: Decimal,
) -> Option<Decimal> {
    if let Some(b) = applicable_break(contract_breaks, quantity) {
        return Some(b.unit_price.max(Decimal::ZERO));
    }
    discounted(list_price?, discount_percent)
}

/// The contract break that applies to `quantity`: the largest `min_quantity` ≤ `quantity`, or
/// the smallest break when the quantity is below all of them; `None` without breaks.
pub fn applicable_break(breaks: &[PriceBreak], quantity: Decimal) -> Option<&PriceBreak> {
    // Order: min_quantity ascending, then price descending, so that among equal min_quantities
    // the cheapest comes last (max_by) or is not picked as "smallest" over a cheaper twin.
    let key = |b: &&PriceBreak| (b.min_quantity, std::cmp::Reverse(b.unit_price));
    breaks
        .iter()
        .filter(|b| b.min_quantity <= quantity)
        .max_by_key(key)
        .or_else(|| {
            let smallest = breaks.iter().map(|b| b.min_quantity).min()?;
            breaks
                .iter()
                .filter(|b| b.min_quantity == smallest)
                .min_by_key(|b| b.unit_price)
        })
}

/// `list_price` minus `discount_percent` (clamped to `0..=100`), rounded half-up to
/// `max(2, scale of list_price)` decimals, never negative. `None` only if the arithmetic
/// overflows (it cannot with a factor ≤ 1, but the checked operations keep it panic-free).
pub fn discounted(list_price: Decimal, discount_percent: Option<Decimal>) -> Option<Decimal> {
    let list = list_price.max(Decimal::ZERO);
    let scale = list.scale().max(MIN_PRICE_SCALE);
    let discount = discount_percent
        .unwrap_or(Decimal::ZERO)
        .clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
    let factor = (Decimal::ONE_HUNDRED - discount).checked_div(Decimal::ONE_HUNDRED)?;
    let price = list
        .checked_mul(factor)?
        .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    // Keep a uniform scale ("9.50", not "9.5"); `rescale` keeps a smaller scale when the value
    // has too many digits for it.
    let mut price = price.max(Decimal::ZERO);
    price.rescale(scale);
    Some(price)
}

#[cfg(test)]
mod tests;
