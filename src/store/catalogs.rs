//! Catalogs and price lists: the items a partner may buy and its contract prices.
//!
//! Every read takes a `catalog_id` and filters on it; that is what keeps one partner's shop
//! from ever showing another catalog's rows (see `pipeline::catalog::PartnerCatalog`).
//! Decimals are stored as TEXT exactly as imported and parsed back into [`Decimal`]; price breaks
//! are sorted and compared in Rust, never in SQL. Imports upsert in batches of
//! [`UPSERT_BATCH`] rows, one write transaction per batch (multi-row statements of
//! [`ROWS_PER_STATEMENT`]), so re-importing a file updates the rows it names and never
//! duplicates them.

use chrono::{NaiveDate, Utc};
use model::{CatalogItem, Classification, CurrencyCode, Gtin, Price, UnitOfMeasure};
use rust_decimal::Decimal;
use sqlx::Row;

use super::{dispatch, opt_text, text, BeginWrite, Store, StoreError, StoreRow};

/// Rows per write transaction of an upsert (and ids per `IN (…)` lookup).
pub const UPSERT_BATCH: usize = 500;

/// Rows per multi-row `INSERT` statement. Larger statements are slower on SQLite: binding a
/// parameter looks its name up in a list, so binding cost grows with the square of the count.
pub const ROWS_PER_STATEMENT: usize = 50;

/// Search terms beyond this many are ignored.
pub const MAX_SEARCH_TERMS: usize = 10;

/// Separator of the levels of a category path (`Office Supplies > Paper`).
pub const CATEGORY_SEPARATOR: &str = " > ";

/// A catalog item to store, already validated (see `catalog_import`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCatalogItem {
    /// The seller's part number (unique within the catalog).
    pub supplier_part_id: String,
    /// Auxiliary part id (variant: colour, size …).
    pub supplier_part_aux_id: Option<String>,
    /// Short description.
    pub description: String,
    /// Long description.
    pub long_description: Option<String>,
    /// UN/ECE Rec 20 unit code.
    pub unit_of_measure: String,
    /// UNSPSC code (8 digits).
    pub unspsc: Option<String>,
    /// Category path, levels joined by [`CATEGORY_SEPARATOR`].
    pub category: Option<String>,
    /// Manufacturer.
    pub manufacturer_name: Option<String>,
    /// Manufacturer's part number.
    pub manufacturer_part_id: Option<String>,
    /// GTIN.
    pub gtin: Option<String>,
    /// List price per unit of measure.
    pub list_price: Decimal,
    /// ISO 4217 currency of the list price.
    pub currency: String,
    /// Lead time in days.
    pub lead_time_days: Option<i64>,
    /// Smallest orderable quantity.
    pub min_quantity: Option<Decimal>,
    /// Quantities must be a multiple of this.
    pub quantity_increment: Option<Decimal>,
    /// Main image URL.
    pub image_url: Option<String>,
    /// Product page URL.
    pub url: Option<String>,
}

impl NewCatalogItem {
    /// The lower-cased text that search terms are matched against.
    pub fn search_text(&self) -> String {
        [
            Some(self.supplier_part_id.as_str()),
            self.supplier_part_aux_id.as_deref(),
            Some(self.description.as_str()),
            self.long_description.as_deref(),
            self.manufacturer_name.as_deref(),
            self.manufacturer_part_id.as_deref(),
            self.gtin.as_deref(),
            self.unspsc.as_deref(),
            self.category.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
    }
}

/// A contract price to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPriceEntry {
    /// The seller's part number.
    pub supplier_part_id: String,
    /// The price applies from this quantity on (stored normalised: `10.0` → `10`).
    pub min_quantity: Decimal,
    /// Price per unit of measure.
    pub unit_price: Decimal,
    /// ISO 4217 currency.
    pub currency: String,
    /// First day it applies.
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies.
    pub valid_to: Option<NaiveDate>,
}

/// A stored contract price.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PriceEntry {
    /// The seller's part number.
    pub supplier_part_id: String,
    /// The price applies from this quantity on.
    pub min_quantity: Decimal,
    /// Price per unit of measure.
    pub unit_price: Decimal,
    /// ISO 4217 currency.
    pub currency: String,
    /// First day it applies (inclusive).
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies (inclusive).
    pub valid_to: Option<NaiveDate>,
}

impl PriceEntry {
    /// Whether the entry applies on `day`.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }
}

const ITEM_COLUMNS: &str = "supplier_part_id, supplier_part_aux_id, description, \
     long_description, unit_of_measure, unspsc, category, manufacturer_name, manufacturer_part_id, \
     gtin, list_price, currency, lead_time_days, min_quantity, quantity_increment, image_url, url";

/// Parameters per item row (after the shared `$1` catalog id and `$2` update time).
const ITEM_ROW_PARAMS: usize = 18;

fn corrupt(what: &'static str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        what,
        message: e.to_string(),
    }
}

fn decimal(what: &'static str, text: &str) -> Result<Decimal, StoreError> {
    model::decimal::parse(text).map_err(|e| corrupt(what, e))
}

fn item_from_row(row: &impl StoreRow) -> Result<CatalogItem, StoreError> {
    let unit: String = row.col("unit_of_measure")?;
    let list_price: String = row.col("list_price")?;
    let currency: String = row.col("currency")?;
    let gtin: Option<String> = row.col("gtin")?;
    let unspsc: Option<String> = row.col("unspsc")?;
    let category: Option<String> = row.col("category")?;
    let image_url: Option<String> = row.col("image_url")?;
    let lead_time: Option<i64> = row.col("lead_time_days")?;
    let min_quantity: Option<String> = row.col("min_quantity")?;
    let increment: Option<String> = row.col("quantity_increment")?;
    let mut price = Price::new(decimal("catalog_items.list_price", &list_price)?);
    price.currency =
        Some(CurrencyCode::parse(&currency).map_err(|e| corrupt("catalog_items.currency", e))?);
    Ok(CatalogItem {
        supplier_part_id: row.col("supplier_part_id")?,
        supplier_part_aux_id: row.col("supplier_part_aux_id")?,
        gtin: gtin
            .map(|g| Gtin::parse(&g))
            .transpose()
            .map_err(|e| corrupt("catalog_items.gtin", e))?,
        manufacturer_part_id: row.col("manufacturer_part_id")?,
        manufacturer_name: row.col("manufacturer_name")?,
        description: Some(row.col("description")?),
        long_description: row.col("long_description")?,
        unit_of_measure: Some(
            UnitOfMeasure::parse(&unit).map_err(|e| corrupt("catalog_items.unit_of_measure", e))?,
        ),
        prices: vec![price],
        lead_time_days: lead_time
            .map(u32::try_from)
            .transpose()
            .map_err(|e| corrupt("catalog_items.lead_time_days", e))?,
        classification: unspsc
            .map(|code| Classification::new("UNSPSC", code))
            .into_iter()
            .collect(),
        url: row.col("url")?,
        image_urls: image_url.into_iter().collect(),
        category_path: category
            .map(|c| c.split(CATEGORY_SEPARATOR).map(str::to_owned).collect())
            .unwrap_or_default(),
        min_order_quantity: min_quantity
            .map(|q| decimal("catalog_items.min_quantity", &q))
            .transpose()?,
        order_increment: increment
            .map(|q| decimal("catalog_items.quantity_increment", &q))
            .transpose()?,
        extrinsics: Default::default(),
    })
}

fn price_entry_from_row(row: &impl StoreRow) -> Result<PriceEntry, StoreError> {
    let min_quantity: String = row.col("min_quantity")?;
    let unit_price: String = row.col("unit_price")?;
    Ok(PriceEntry {
        supplier_part_id: row.col("supplier_part_id")?,
        min_quantity: decimal("price_list_entries.min_quantity", &min_quantity)?,
        unit_price: decimal("price_list_entries.unit_price", &unit_price)?,
        currency: row.col("currency")?,
        valid_from: row.col("valid_from")?,
        valid_to: row.col("valid_to")?,
    })
}

/// `text` with the LIKE wildcards `%`, `_` and the escape character `\` escaped.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The WHERE clause of a catalog search and its text parameters, numbered from `$1`.
///
/// `$1` is the catalog. A category matches itself and every category below it. Every
/// whitespace-separated term of `q` must occur in the item's search text (terms are ANDed, so
/// more terms narrow the result), case-insensitively and literally (`%` and `_` are not
/// wildcards).
fn search_filter(
    catalog_id: &str,
    q: Option<&str>,
    category: Option<&str>,
) -> (String, Vec<String>) {
    let mut sql = String::from("catalog_id = $1");
    let mut params = vec![catalog_id.to_owned()];
    if let Some(category) = category.map(str::trim).filter(|c| !c.is_empty()) {
        params.push(category.to_owned());
        params.push(format!("{}{CATEGORY_SEPARATOR}%", escape_like(category)));
        let (a, b) = (params.len() - 1, params.len());
        sql.push_str(&format!(
            " AND (category = ${a} OR category LIKE ${b} ESCAPE '\\')"
        ));
    }
    let mut terms: Vec<String> = Vec::new();
    for term in q.unwrap_or_default().split_whitespace() {
        let term = term.to_lowercase();
        if !terms.contains(&term) && terms.len() < MAX_SEARCH_TERMS {
            terms.push(term);
        }
    }
    for term in terms {
        params.push(format!("%{}%", escape_like(&term)));
        sql.push_str(&format!(
            " AND search_text LIKE ${} ESCAPE '\\'",
            params.len()
        ));
    }
    (sql, params)
}

/// The items of one batch with later duplicates of a part id replacing earlier ones (a single
/// `INSERT … ON CONFLICT DO UPDATE` may not touch a row twice on PostgreSQL).
fn last_wins<T>(rows: &[T], key: impl Fn(&T) -> String) -> Vec<&T> {
    let mut seen = std::collections::HashMap::new();
    let mut out: Vec<&T> = Vec::with_capacity(rows.len());
    for row in rows {
        match seen.entry(key(row)) {
            std::collections::hash_map::Entry::Occupied(e) => out[*e.get()] = row,
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(row);
            }
        }
    }
    out
}

fn placeholders(first: usize, count: usize) -> String {
    let list: Vec<String> = (first..first + count).map(|n| format!("${n}")).collect();
    format!("({})", list.join(", "))
}

/// `INSERT … VALUES (…), (…) …` for `rows` rows of `per_row` parameters after the two shared
/// ones (`$1` the catalog or price list, `$2` the update time), then `tail`.
fn multi_row_insert(head: &str, rows: usize, per_row: usize, tail: &str) -> String {
    let values: Vec<String> = (0..rows)
        .map(|i| {
            let p = placeholders(3 + i * per_row, per_row);
            format!("($1, {}, $2)", &p[1..p.len() - 1])
        })
        .collect();
    format!("{head} VALUES {} {tail}", values.join(", "))
}

/// The statement for a chunk of `len` rows: the prepared full-size one, or one built for a last,
/// shorter chunk.
fn chunk_sql<'a>(
    full: &'a str,
    len: usize,
    head: &str,
    row_params: usize,
    tail: &str,
) -> std::borrow::Cow<'a, str> {
    if len == ROWS_PER_STATEMENT {
        std::borrow::Cow::Borrowed(full)
    } else {
        std::borrow::Cow::Owned(multi_row_insert(head, len, row_params, tail))
    }
}

const ITEM_UPSERT_HEAD: &str = "INSERT INTO catalog_items (catalog_id, supplier_part_id, \
     supplier_part_aux_id, description, long_description, unit_of_measure, unspsc, category, \
     manufacturer_name, manufacturer_part_id, gtin, list_price, currency, lead_time_days, \
     min_quantity, quantity_increment, image_url, url, search_text, updated_at)";

const ITEM_UPSERT_TAIL: &str = "ON CONFLICT (catalog_id, supplier_part_id) DO UPDATE SET \
     supplier_part_aux_id = excluded.supplier_part_aux_id, description = excluded.description, \
     long_description = excluded.long_description, unit_of_measure = excluded.unit_of_measure, \
     unspsc = excluded.unspsc, category = excluded.category, \
     manufacturer_name = excluded.manufacturer_name, \
     manufacturer_part_id = excluded.manufacturer_part_id, gtin = excluded.gtin, \
     list_price = excluded.list_price, currency = excluded.currency, \
     lead_time_days = excluded.lead_time_days, min_quantity = excluded.min_quantity, \
     quantity_increment = excluded.quantity_increment, image_url = excluded.image_url, \
     url = excluded.url, search_text = excluded.search_text, updated_at = excluded.updated_at";

const PRICE_UPSERT_HEAD: &str = "INSERT INTO price_list_entries (price_list_id, \
     supplier_part_id, min_quantity, unit_price, currency, valid_from, valid_to, updated_at)";

const PRICE_UPSERT_TAIL: &str =
    "ON CONFLICT (price_list_id, supplier_part_id, min_quantity) DO UPDATE SET \
     unit_price = excluded.unit_price, currency = excluded.currency, \
     valid_from = excluded.valid_from, valid_to = excluded.valid_to, \
     updated_at = excluded.updated_at";

/// Parameters per price-list row (after the shared `$1`, `$2`).
const PRICE_ROW_PARAMS: usize = 6;

impl Store {
    /// Insert or update catalog items (keyed by catalog and part id): one write transaction per
    /// [`UPSERT_BATCH`] items, [`ROWS_PER_STATEMENT`] rows per statement. Within one call a later
    /// item with the same part id wins. Returns the number of rows written.
    pub async fn upsert_catalog_items(
        &self,
        catalog_id: &str,
        items: &[NewCatalogItem],
    ) -> Result<u64, StoreError> {
        let full = multi_row_insert(
            ITEM_UPSERT_HEAD,
            ROWS_PER_STATEMENT,
            ITEM_ROW_PARAMS,
            ITEM_UPSERT_TAIL,
        );
        let mut written = 0;
        for batch in items.chunks(UPSERT_BATCH) {
            let rows = last_wins(batch, |i| i.supplier_part_id.clone());
            let now = Utc::now();
            dispatch!(self, pool => {
                let mut tx = pool.begin_write().await?;
                for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                    let sql = chunk_sql(&full, chunk.len(), ITEM_UPSERT_HEAD, ITEM_ROW_PARAMS, ITEM_UPSERT_TAIL);
                    let mut query = sqlx::query(&sql).bind(text(catalog_id)).bind(now);
                    for item in chunk {
                        query = query
                            .bind(text(&item.supplier_part_id))
                            .bind(opt_text(&item.supplier_part_aux_id))
                            .bind(text(&item.description))
                            .bind(opt_text(&item.long_description))
                            .bind(text(&item.unit_of_measure))
                            .bind(opt_text(&item.unspsc))
                            .bind(opt_text(&item.category))
                            .bind(opt_text(&item.manufacturer_name))
                            .bind(opt_text(&item.manufacturer_part_id))
                            .bind(opt_text(&item.gtin))
                            .bind(item.list_price.to_string())
                            .bind(text(&item.currency))
                            .bind(item.lead_time_days)
                            .bind(item.min_quantity.map(|q| q.to_string()))
                            .bind(item.quantity_increment.map(|q| q.to_string()))
                            .bind(opt_text(&item.image_url))
                            .bind(opt_text(&item.url))
                            .bind(text(&item.search_text()).into_owned());
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
            });
            written += rows.len() as u64;
        }
        Ok(written)
    }

    /// Insert or update contract prices (keyed by price list, part and normalised minimum
    /// quantity), batched like [`Store::upsert_catalog_items`].
    pub async fn upsert_price_entries(
        &self,
        price_list_id: &str,
        entries: &[NewPriceEntry],
    ) -> Result<u64, StoreError> {
        let full = multi_row_insert(
            PRICE_UPSERT_HEAD,
            ROWS_PER_STATEMENT,
            PRICE_ROW_PARAMS,
            PRICE_UPSERT_TAIL,
        );
        let mut written = 0;
        for batch in entries.chunks(UPSERT_BATCH) {
            let rows = last_wins(batch, |e| {
                format!("{}\u{0}{}", e.supplier_part_id, e.min_quantity.normalize())
            });
            let now = Utc::now();
            dispatch!(self, pool => {
                let mut tx = pool.begin_write().await?;
                for chunk in rows.chunks(ROWS_PER_STATEMENT) {
                    let sql = chunk_sql(&full, chunk.len(), PRICE_UPSERT_HEAD, PRICE_ROW_PARAMS, PRICE_UPSERT_TAIL);
                    let mut query = sqlx::query(&sql).bind(text(price_list_id)).bind(now);
                    for e in chunk {
                        query = query
                            .bind(text(&e.supplier_part_id))
                            .bind(e.min_quantity.normalize().to_string())
                            .bind(e.unit_price.to_string())
                            .bind(text(&e.currency))
                            .bind(e.valid_from)
                            .bind(e.valid_to);
                    }
                    query.execute(&mut *tx).await?;
                }
                tx.commit().await?;
            });
            written += rows.len() as u64;
        }
        Ok(written)
    }

    /// One page of a catalog's items matching `q` (every term) and `category` (that category or
    /// below), ordered by description then part id. `limit` is clamped to 1..=1000.
    pub async fn search_items(
        &self,
        catalog_id: &str,
        q: Option<&str>,
        category: Option<&str>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<CatalogItem>, StoreError> {
        let (filter, params) = search_filter(catalog_id, q, category);
        let n = params.len();
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM catalog_items WHERE {filter} \
             ORDER BY description, supplier_part_id LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        dispatch!(self, pool => {
            let mut query = sqlx::query(&sql);
            for p in &params {
                query = query.bind(text(p));
            }
            let rows = query
                .bind(limit.clamp(1, 1000))
                .bind(offset.max(0))
                .fetch_all(pool)
                .await?;
            rows.iter().map(item_from_row).collect()
        })
    }

    /// How many items [`Store::search_items`] would find over all pages.
    pub async fn count_items(
        &self,
        catalog_id: &str,
        q: Option<&str>,
        category: Option<&str>,
    ) -> Result<i64, StoreError> {
        let (filter, params) = search_filter(catalog_id, q, category);
        let sql = format!("SELECT COUNT(*) FROM catalog_items WHERE {filter}");
        dispatch!(self, pool => {
            let mut query = sqlx::query(&sql);
            for p in &params {
                query = query.bind(text(p));
            }
            Ok(query.fetch_one(pool).await?.get::<i64, _>(0))
        })
    }

    /// One item of a catalog.
    pub async fn get_item(
        &self,
        catalog_id: &str,
        supplier_part_id: &str,
    ) -> Result<Option<CatalogItem>, StoreError> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM catalog_items \
             WHERE catalog_id = $1 AND supplier_part_id = $2"
        );
        dispatch!(self, pool => {
            let row = sqlx::query(&sql)
                .bind(text(catalog_id))
                .bind(text(supplier_part_id))
                .fetch_optional(pool)
                .await?;
            row.as_ref().map(item_from_row).transpose()
        })
    }

    /// The items of a catalog with these part ids (unknown ids are skipped), in no particular
    /// order; one query per [`UPSERT_BATCH`] ids.
    pub async fn get_items(
        &self,
        catalog_id: &str,
        supplier_part_ids: &[String],
    ) -> Result<Vec<CatalogItem>, StoreError> {
        let mut items = Vec::with_capacity(supplier_part_ids.len());
        for chunk in supplier_part_ids.chunks(UPSERT_BATCH) {
            let sql = format!(
                "SELECT {ITEM_COLUMNS} FROM catalog_items \
                 WHERE catalog_id = $1 AND supplier_part_id IN {}",
                placeholders(2, chunk.len())
            );
            dispatch!(self, pool => {
                let mut query = sqlx::query(&sql).bind(text(catalog_id));
                for id in chunk {
                    query = query.bind(text(id));
                }
                for row in query.fetch_all(pool).await? {
                    items.push(item_from_row(&row)?);
                }
            });
        }
        Ok(items)
    }

    /// A catalog's categories (full paths) with their item counts, sorted by path. Items without
    /// a category are not counted.
    pub async fn categories(&self, catalog_id: &str) -> Result<Vec<(String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT category, COUNT(*) FROM catalog_items \
                 WHERE catalog_id = $1 AND category IS NOT NULL \
                 GROUP BY category ORDER BY category",
            )
            .bind(text(catalog_id))
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1))).collect())
        })
    }

    /// The contract prices of a price list for these parts, in one query per [`UPSERT_BATCH`]
    /// ids (one for a page of items). Unsorted: callers sort breaks in Rust.
    pub async fn price_entries(
        &self,
        price_list_id: &str,
        supplier_part_ids: &[String],
    ) -> Result<Vec<PriceEntry>, StoreError> {
        let mut entries = Vec::new();
        for chunk in supplier_part_ids.chunks(UPSERT_BATCH) {
            let sql = format!(
                "SELECT supplier_part_id, min_quantity, unit_price, currency, valid_from, valid_to \
                 FROM price_list_entries \
                 WHERE price_list_id = $1 AND supplier_part_id IN {}",
                placeholders(2, chunk.len())
            );
            dispatch!(self, pool => {
                let mut query = sqlx::query(&sql).bind(text(price_list_id));
                for id in chunk {
                    query = query.bind(text(id));
                }
                for row in query.fetch_all(pool).await? {
                    entries.push(price_entry_from_row(&row)?);
                }
            });
        }
        Ok(entries)
    }

    /// Whether a catalog has no items at all.
    pub async fn catalog_is_empty(&self, catalog_id: &str) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let row = sqlx::query("SELECT 1 FROM catalog_items WHERE catalog_id = $1 LIMIT 1")
                .bind(text(catalog_id))
                .fetch_optional(pool)
                .await?;
            Ok(row.is_none())
        })
    }

    /// Every catalog with its item count, by id.
    pub async fn catalog_summaries(&self) -> Result<Vec<(String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT catalog_id, COUNT(*) FROM catalog_items GROUP BY catalog_id ORDER BY catalog_id",
            )
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1))).collect())
        })
    }

    /// Every price list with its entry count, by id.
    pub async fn price_list_summaries(&self) -> Result<Vec<(String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT price_list_id, COUNT(*) FROM price_list_entries \
                 GROUP BY price_list_id ORDER BY price_list_id",
            )
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| (r.get(0), r.get::<i64, _>(1))).collect())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like(r"50%_a\b"), r"50\%\_a\\b");
    }

    #[test]
    fn search_filter_ands_distinct_lowercased_terms() {
        let (sql, params) = search_filter("demo", Some("  Toner  BLACK toner "), Some("Print"));
        assert_eq!(
            sql,
            "catalog_id = $1 AND (category = $2 OR category LIKE $3 ESCAPE '\\') \
             AND search_text LIKE $4 ESCAPE '\\' AND search_text LIKE $5 ESCAPE '\\'"
        );
        assert_eq!(params, ["demo", "Print", "Print > %", "%toner%", "%black%"]);
        let (sql, params) = search_filter("demo", Some("   "), Some(" "));
        assert_eq!(sql, "catalog_id = $1");
        assert_eq!(params, ["demo"]);
    }

    #[test]
    fn later_duplicates_replace_earlier_ones_in_place() {
        let rows = [("a", 1), ("b", 2), ("a", 3)];
        let kept = last_wins(&rows, |r| r.0.to_owned());
        assert_eq!(kept, [&("a", 3), &("b", 2)]);
    }

    #[test]
    fn price_entry_validity_is_inclusive() {
        let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let e = PriceEntry {
            supplier_part_id: "A".into(),
            min_quantity: Decimal::ONE,
            unit_price: Decimal::ONE,
            currency: "EUR".into(),
            valid_from: Some(day("2026-01-01")),
            valid_to: Some(day("2026-12-31")),
        };
        assert!(e.is_valid_on(day("2026-01-01")));
        assert!(e.is_valid_on(day("2026-12-31")));
        assert!(!e.is_valid_on(day("2025-12-31")));
        assert!(!e.is_valid_on(day("2027-01-01")));
    }
}
