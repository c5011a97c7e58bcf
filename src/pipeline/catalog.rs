//! A partner's view of the catalog: only its own catalog, at its own prices.
//!
//! [`PartnerCatalog`] is built from the partner profile (`catalog`, `price_list`,
//! `discount_percent`). Every query it makes names the partner's `catalog_id`, so a partner can
//! never see another catalog's items: that is the isolation guarantee the punchout shop relies
//! on. Prices follow [`model::pricing`]: contract prices (with quantity breaks) from the
//! partner's price list win; other items get the list price minus the partner discount.

use chrono::{NaiveDate, Utc};
use model::pricing::{self, PriceBreak};
use model::CatalogItem;
use rust_decimal::Decimal;

use crate::partners::Partner;
use crate::store::{PriceEntry, Store, StoreError};

/// One page of results and the number of matches over all pages.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Page<T> {
    /// This page.
    pub items: Vec<T>,
    /// Matches over all pages.
    pub total: i64,
}

/// A catalog item with the prices one partner pays.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PricedItem {
    /// The item as stored (its `prices` hold the list price only).
    pub item: CatalogItem,
    /// ISO 4217 currency of every price here.
    pub currency: String,
    /// The catalog list price.
    pub list_price: Option<Decimal>,
    /// The partner's contract price breaks for this item, by `min_quantity` ascending (empty
    /// when the partner has no contract price for it).
    pub breaks: Vec<PriceBreak>,
    /// The partner's discount in percent off the list price (used when no break applies).
    pub discount_percent: Option<Decimal>,
    /// The partner's price for the item's minimum order quantity (1 when it has none).
    pub unit_price: Option<Decimal>,
}

impl PricedItem {
    /// The partner's price per unit for `quantity` units.
    pub fn price_for(&self, quantity: Decimal) -> Option<Decimal> {
        pricing::unit_price(
            self.list_price,
            self.discount_percent,
            &self.breaks,
            quantity,
        )
    }
}

/// What a partner sees of the catalog.
#[derive(Debug, Clone)]
pub struct PartnerCatalog {
    store: Store,
    catalog_id: String,
    price_list: Option<String>,
    discount_percent: Option<Decimal>,
}

impl PartnerCatalog {
    /// The view for `partner`; `None` when its profile assigns no catalog.
    pub fn for_partner(store: &Store, partner: &Partner) -> Option<Self> {
        let profile = &partner.profile;
        Some(Self::new(
            store,
            profile.catalog.clone()?,
            profile.price_list.clone(),
            profile.discount_percent,
        ))
    }

    /// A view of `catalog_id` priced with `price_list` and `discount_percent`.
    pub fn new(
        store: &Store,
        catalog_id: impl Into<String>,
        price_list: Option<String>,
        discount_percent: Option<Decimal>,
    ) -> Self {
        Self {
            store: store.clone(),
            catalog_id: catalog_id.into(),
            price_list,
            discount_percent,
        }
    }

    /// The catalog this partner sees.
    pub fn catalog_id(&self) -> &str {
        &self.catalog_id
    }

    /// The price list with this partner's contract prices.
    pub fn price_list(&self) -> Option<&str> {
        self.price_list.as_deref()
    }

    /// One page of items matching every term of `q` (case-insensitive, anywhere in part
    /// numbers, descriptions, manufacturer, GTIN, UNSPSC or category) in `category` or below.
    pub async fn search(
        &self,
        q: Option<&str>,
        category: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Page<PricedItem>, StoreError> {
        let items = self
            .store
            .search_items(&self.catalog_id, q, category, limit, offset)
            .await?;
        let total = self
            .store
            .count_items(&self.catalog_id, q, category)
            .await?;
        Ok(Page {
            items: self.price(items).await?,
            total,
        })
    }

    /// One item of this partner's catalog, priced; `None` when the catalog has no such part.
    pub async fn item(&self, supplier_part_id: &str) -> Result<Option<PricedItem>, StoreError> {
        let Some(item) = self
            .store
            .get_item(&self.catalog_id, supplier_part_id)
            .await?
        else {
            return Ok(None);
        };
        Ok(self.price(vec![item]).await?.pop())
    }

    /// Several items of this partner's catalog, priced, in the order asked (unknown parts are
    /// left out); two queries whatever the number of parts up to 500.
    pub async fn items(&self, supplier_part_ids: &[String]) -> Result<Vec<PricedItem>, StoreError> {
        let mut items = self
            .store
            .get_items(&self.catalog_id, supplier_part_ids)
            .await?;
        items.sort_by_key(|i| {
            supplier_part_ids
                .iter()
                .position(|id| *id == i.supplier_part_id)
        });
        self.price(items).await
    }

    /// The catalog's categories (full paths such as `Office Supplies > Paper`) with item counts.
    pub async fn categories(&self) -> Result<Vec<(String, i64)>, StoreError> {
        self.store.categories(&self.catalog_id).await
    }

    /// Attach this partner's prices: one price-list query for all `items`.
    async fn price(&self, items: Vec<CatalogItem>) -> Result<Vec<PricedItem>, StoreError> {
        let entries = match (&self.price_list, items.is_empty()) {
            (Some(list), false) => {
                let ids: Vec<String> = items.iter().map(|i| i.supplier_part_id.clone()).collect();
                self.store.price_entries(list, &ids).await?
            }
            _ => Vec::new(),
        };
        let today = Utc::now().date_naive();
        Ok(items
            .into_iter()
            .map(|item| priced(item, &entries, self.discount_percent, today))
            .collect())
    }
}

/// Price one item: its contract breaks are the entries for its part in its currency that apply
/// `today` (entries in another currency are ignored, with a warning), sorted by quantity.
fn priced(
    item: CatalogItem,
    entries: &[PriceEntry],
    discount_percent: Option<Decimal>,
    today: NaiveDate,
) -> PricedItem {
    let list = item.prices.first();
    let list_price = list.map(|p| p.unit_price);
    let currency = list
        .and_then(|p| p.currency.as_ref())
        .map(|c| c.as_str().to_owned())
        .unwrap_or_default();
    let mut breaks: Vec<PriceBreak> = entries
        .iter()
        .filter(|e| e.supplier_part_id == item.supplier_part_id && e.is_valid_on(today))
        .filter(|e| {
            let same = e.currency == currency;
            if !same {
                tracing::warn!(
                    supplier_part_id = %e.supplier_part_id,
                    price_currency = %e.currency,
                    item_currency = %currency,
                    "Contract price ignored: its currency differs from the catalog item's."
                );
            }
            same
        })
        .map(|e| PriceBreak::new(e.min_quantity, e.unit_price))
        .collect();
    breaks.sort_by_key(|b| (b.min_quantity, b.unit_price));
    let quantity = item
        .min_order_quantity
        .filter(|q| *q > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    let unit_price = pricing::unit_price(list_price, discount_percent, &breaks, quantity);
    PricedItem {
        item,
        currency,
        list_price,
        breaks,
        discount_percent,
        unit_price,
    }
}
