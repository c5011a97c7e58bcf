//! Importing catalogs and price lists (`b2bgate catalog import FILE`), and the demo catalog.
//!
//! Files are CSV (a header row, then one item or price per row) or JSON (a canonical `catalog`
//! document, or an array of items or prices). Every row is validated on its own: good rows are
//! imported, bad rows are reported as `(line, reason)` and skipped, so one typo does not block a
//! 50,000-row catalog. Problems with the file as a whole (unreadable, unknown or missing
//! columns, not JSON) fail the import before anything is written.
//!
//! CSV is streamed: rows are read, validated and upserted [`UPSERT_BATCH`] at a time (one write
//! transaction per batch, see [`Store::upsert_catalog_items`]), so memory stays flat whatever the
//! file size. Importing a file again updates the rows it names and never duplicates them.
//!
//! Catalog CSV columns (`*` = required, any order, names case-insensitive):
//! `supplier_part_id*`, `supplier_part_aux_id`, `description*`, `long_description`,
//! `unit_of_measure*` (UN/ECE Rec 20, e.g. `EA`), `unspsc` (8 digits), `category` (levels
//! separated by `>`), `manufacturer_name`, `manufacturer_part_id`, `gtin`, `list_price*`,
//! `currency*` (ISO 4217), `lead_time_days`, `min_quantity`, `quantity_increment`, `image_url`,
//! `url`.
//!
//! Price-list CSV columns: `supplier_part_id*`, `min_quantity` (default 1), `unit_price*`,
//! `currency*`, `valid_from`, `valid_to` (ISO dates, inclusive).
//!
//! Decimals are written with digits and an optional `.` (`12.50`): no exponents (`1e3`), no
//! thousands separators, no decimal comma. Rows whose fields are all empty are skipped.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use model::{CatalogItem, CurrencyCode, Gtin, UnitOfMeasure};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::partners::PartnerRegistry;
use crate::store::{
    NewCatalogItem, NewPriceEntry, Store, StoreError, CATEGORY_SEPARATOR, UPSERT_BATCH,
};

/// The demo catalog, embedded in the binary (`demo/catalog.csv`).
pub const DEMO_CATALOG_CSV: &str = include_str!("../demo/catalog.csv");
/// The demo contract prices, embedded in the binary (`demo/price-list.csv`).
pub const DEMO_PRICE_LIST_CSV: &str = include_str!("../demo/price-list.csv");
/// Catalog id the demo catalog is loaded into.
pub const DEMO_CATALOG_ID: &str = "demo";
/// Price list id the demo contract prices are loaded into.
pub const DEMO_PRICE_LIST_ID: &str = "demo-contract";

/// Files at least this large get a progress bar (on a terminal).
const PROGRESS_MIN_BYTES: u64 = 1024 * 1024;
/// After this many rows a progress bar appears anyway (on a terminal).
const PROGRESS_MIN_ROWS: u64 = 5_000;

/// Catalog CSV columns, in the documented order.
pub const CATALOG_COLUMNS: [&str; 17] = [
    "supplier_part_id",
    "supplier_part_aux_id",
    "description",
    "long_description",
    "unit_of_measure",
    "unspsc",
    "category",
    "manufacturer_name",
    "manufacturer_part_id",
    "gtin",
    "list_price",
    "currency",
    "lead_time_days",
    "min_quantity",
    "quantity_increment",
    "image_url",
    "url",
];
const CATALOG_REQUIRED: [&str; 5] = [
    "supplier_part_id",
    "description",
    "unit_of_measure",
    "list_price",
    "currency",
];

/// Price-list CSV columns.
pub const PRICE_LIST_COLUMNS: [&str; 6] = [
    "supplier_part_id",
    "min_quantity",
    "unit_price",
    "currency",
    "valid_from",
    "valid_to",
];
const PRICE_LIST_REQUIRED: [&str; 3] = ["supplier_part_id", "unit_price", "currency"];

/// File format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// JSON: a canonical catalog document or an array.
    Json,
}

impl Format {
    /// The format a file name's extension names (`.csv`, `.json`), if any.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// What a file is imported into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Items of a catalog; `None`: the id the file itself names (JSON catalog documents).
    Catalog(Option<String>),
    /// Contract prices of a price list.
    PriceList(String),
}

/// A row that was not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// 1-based line where the row (CSV record or JSON item) starts; the header is line 1.
    pub line: u64,
    /// Every problem found in the row, `; `-separated, each as `column: message`.
    pub reason: String,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    /// `catalog` or `price list`.
    pub kind: &'static str,
    /// The catalog or price list id written to.
    pub id: String,
    /// Rows written (inserted or updated).
    pub imported: u64,
    /// Contract prices found in a JSON catalog's items (`prices` with a `price_list_id`).
    pub price_entries: u64,
    /// Rows skipped, in file order.
    pub rejected: Vec<Rejected>,
}

/// Why a file could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// File.
        path: PathBuf,
        /// Cause.
        source: std::io::Error,
    },
    /// The format could not be told from the file name.
    #[error(
        "cannot tell the format of {0} from its extension; pass --format csv or --format json"
    )]
    UnknownFormat(PathBuf),
    /// No catalog id was given and the file names none.
    #[error("{0}")]
    MissingId(String),
    /// The file as a whole is unusable (header, JSON structure).
    #[error("{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

// ----- progress ---------------------------------------------------------------------------------

/// A progress bar over the bytes read, drawn on stderr only when it is a terminal and the file
/// is large (≥ 1 MiB) or turns out to have many rows (≥ 5,000).
#[derive(Clone)]
struct Progress {
    bar: ProgressBar,
    interactive: bool,
    shown: Arc<AtomicBool>,
}

impl Progress {
    fn hidden() -> Self {
        Self {
            bar: ProgressBar::hidden(),
            interactive: false,
            shown: Arc::new(AtomicBool::new(false)),
        }
    }

    fn for_file(len: u64) -> Self {
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} ({eta})")
        {
            bar.set_style(style);
        }
        let p = Self {
            bar,
            interactive: std::io::stderr().is_terminal(),
            shown: Arc::new(AtomicBool::new(false)),
        };
        if len >= PROGRESS_MIN_BYTES {
            p.show();
        }
        p
    }

    fn show(&self) {
        if self.interactive && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    fn row(&self, rows: u64) {
        if rows % 1000 == 0 {
            if rows >= PROGRESS_MIN_ROWS {
                self.show();
            }
            self.bar.set_message(format!("{rows} rows"));
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

// ----- entry points -----------------------------------------------------------------------------

/// Import `path` into `target`. The format comes from `format` or else the file extension.
pub async fn import_file(
    store: &Store,
    path: &Path,
    target: &Target,
    format: Option<Format>,
) -> Result<ImportReport, ImportError> {
    let format = format
        .or_else(|| Format::from_path(path))
        .ok_or_else(|| ImportError::UnknownFormat(path.to_owned()))?;
    let read_err = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    match format {
        Format::Csv => {
            let file = std::fs::File::open(path).map_err(read_err)?;
            let len = file.metadata().map(|m| m.len()).unwrap_or(0);
            let progress = Progress::for_file(len);
            let reader = progress.bar.wrap_read(file);
            let result = match target {
                Target::Catalog(Some(id)) => catalog_csv(store, id, reader, &progress).await,
                Target::Catalog(None) => Err(ImportError::MissingId(
                    "a CSV file names no catalog: pass --catalog ID (or --price-list ID)".into(),
                )),
                Target::PriceList(id) => price_list_csv(store, id, reader, &progress).await,
            };
            progress.finish();
            result
        }
        Format::Json => {
            let text = std::fs::read_to_string(path).map_err(read_err)?;
            match target {
                Target::Catalog(id) => import_catalog_json(store, id.as_deref(), &text).await,
                Target::PriceList(id) => import_price_list_json(store, id, &text).await,
            }
        }
    }
}

/// Import catalog items from CSV (see the module docs for the columns).
pub async fn import_catalog_csv<R: Read>(
    store: &Store,
    catalog_id: &str,
    reader: R,
) -> Result<ImportReport, ImportError> {
    catalog_csv(store, catalog_id, reader, &Progress::hidden()).await
}

/// Import contract prices from CSV (see the module docs for the columns).
pub async fn import_price_list_csv<R: Read>(
    store: &Store,
    price_list_id: &str,
    reader: R,
) -> Result<ImportReport, ImportError> {
    price_list_csv(store, price_list_id, reader, &Progress::hidden()).await
}

/// Load the embedded demo catalog into `demo` and its contract prices into `demo-contract`
/// when some partner's profile names the `demo` catalog and that catalog is still empty.
/// Returns whether it loaded anything. A problem in the embedded files is logged, not fatal
/// (a test keeps them clean); only storage errors fail.
pub async fn load_demo_catalog(
    store: &Store,
    partners: &PartnerRegistry,
) -> Result<bool, StoreError> {
    let wanted = partners
        .iter()
        .any(|p| p.profile.catalog.as_deref() == Some(DEMO_CATALOG_ID));
    if !wanted || !store.catalog_is_empty(DEMO_CATALOG_ID).await? {
        return Ok(false);
    }
    for (kind, result) in [
        (
            "catalog",
            import_catalog_csv(store, DEMO_CATALOG_ID, DEMO_CATALOG_CSV.as_bytes()).await,
        ),
        (
            "price list",
            import_price_list_csv(store, DEMO_PRICE_LIST_ID, DEMO_PRICE_LIST_CSV.as_bytes()).await,
        ),
    ] {
        match result {
            Ok(report) => {
                for r in &report.rejected {
                    tracing::warn!(%kind, line = r.line, reason = %r.reason, "Demo row rejected.");
                }
                tracing::info!(
                    %kind,
                    id = %report.id,
                    imported = report.imported,
                    "Demo data loaded."
                );
            }
            Err(ImportError::Store(e)) => return Err(e),
            Err(e) => tracing::error!(%kind, error = %e, "Demo data could not be loaded."),
        }
    }
    Ok(true)
}

// ----- CSV --------------------------------------------------------------------------------------

/// Which column (by position) holds each known field.
struct Columns {
    index: HashMap<&'static str, usize>,
    count: usize,
}

impl Columns {
    fn from_header(
        header: &csv::ByteRecord,
        known: &[&'static str],
        required: &[&'static str],
    ) -> Result<Self, ImportError> {
        if header.is_empty() || header.iter().all(<[u8]>::is_empty) {
            return Err(ImportError::Invalid(format!(
                "the file is empty: expected a header row naming the columns ({})",
                known.join(", ")
            )));
        }
        let mut index = HashMap::new();
        let mut problems = Vec::new();
        for (i, raw) in header.iter().enumerate() {
            let name = String::from_utf8_lossy(raw).trim().to_ascii_lowercase();
            match known.iter().find(|k| **k == name) {
                _ if name.is_empty() => problems.push(format!("column {} has no name", i + 1)),
                Some(k) => {
                    if index.insert(*k, i).is_some() {
                        problems.push(format!("column `{k}` appears twice"));
                    }
                }
                None => problems.push(format!("unknown column `{name}`")),
            }
        }
        for r in required {
            if !index.contains_key(r) {
                problems.push(format!("missing required column `{r}`"));
            }
        }
        if problems.is_empty() {
            Ok(Self {
                index,
                count: header.len(),
            })
        } else {
            Err(ImportError::Invalid(format!(
                "line 1 (header): {} (known columns: {})",
                problems.join("; "),
                known.join(", ")
            )))
        }
    }
}

/// One CSV row: its fields by column name, and the problems found so far.
struct Row<'a> {
    columns: &'a Columns,
    record: &'a csv::ByteRecord,
    problems: Vec<String>,
}

impl<'a> Row<'a> {
    /// The trimmed text of a column; `None` when the column is absent or the cell empty.
    fn get(&mut self, column: &str) -> Option<&'a str> {
        let i = *self.columns.index.get(column)?;
        let bytes = self.record.get(i)?;
        match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.trim()).filter(|s| !s.is_empty()),
            Err(_) => {
                self.problems.push(format!("{column}: not valid UTF-8"));
                None
            }
        }
    }

    fn required(&mut self, column: &str) -> Option<&'a str> {
        let v = self.get(column);
        let prefix = format!("{column}:");
        if v.is_none() && !self.problems.iter().any(|p| p.starts_with(&prefix)) {
            self.problems.push(format!("{column}: is required"));
        }
        v
    }

    fn check<T>(&mut self, column: &str, result: Result<T, String>) -> Option<T> {
        result
            .map_err(|m| self.problems.push(format!("{column}: {m}")))
            .ok()
    }

    fn opt<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let v = self.get(column)?;
        self.check(column, parse(v))
    }

    fn req<T>(&mut self, column: &str, parse: impl Fn(&str) -> Result<T, String>) -> Option<T> {
        let v = self.required(column)?;
        self.check(column, parse(v))
    }
}

/// Streams CSV records with their line numbers; handles the header, blank and ragged rows.
struct CsvRows<R: Read> {
    reader: csv::Reader<R>,
    columns: Columns,
    record: csv::ByteRecord,
    rows: u64,
}

impl<R: Read> CsvRows<R> {
    fn new(
        reader: R,
        known: &[&'static str],
        required: &[&'static str],
    ) -> Result<Self, ImportError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(reader);
        let header = reader.byte_headers().map_err(csv_error)?.clone();
        Ok(Self {
            columns: Columns::from_header(&header, known, required)?,
            reader,
            record: csv::ByteRecord::new(),
            rows: 0,
        })
    }

    /// The next non-blank record: `Ok(Some(Ok(line)))` when it has the header's width,
    /// `Ok(Some(Err(rejected)))` when it does not.
    fn next(&mut self, progress: &Progress) -> Result<Option<Result<u64, Rejected>>, ImportError> {
        loop {
            if !self
                .reader
                .read_byte_record(&mut self.record)
                .map_err(csv_error)?
            {
                return Ok(None);
            }
            self.rows += 1;
            progress.row(self.rows);
            if self.record.iter().all(<[u8]>::is_empty) {
                continue;
            }
            let line = self.record.position().map_or(0, |p| p.line());
            if self.record.len() != self.columns.count {
                return Ok(Some(Err(Rejected {
                    line,
                    reason: format!(
                        "has {} fields, the header has {}",
                        self.record.len(),
                        self.columns.count
                    ),
                })));
            }
            return Ok(Some(Ok(line)));
        }
    }

    fn row(&self) -> Row<'_> {
        Row {
            columns: &self.columns,
            record: &self.record,
            problems: Vec::new(),
        }
    }
}

fn csv_error(e: csv::Error) -> ImportError {
    ImportError::Invalid(format!("cannot read the CSV: {e}"))
}

async fn catalog_csv<R: Read>(
    store: &Store,
    catalog_id: &str,
    reader: R,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let mut rows = CsvRows::new(reader, &CATALOG_COLUMNS, &CATALOG_REQUIRED)?;
    let mut report = report("catalog", catalog_id);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut batch = Vec::with_capacity(UPSERT_BATCH);
    while let Some(next) = rows.next(progress)? {
        let line = match next {
            Ok(line) => line,
            Err(rejected) => {
                report.rejected.push(rejected);
                continue;
            }
        };
        let mut row = rows.row();
        match catalog_row(&mut row) {
            Some(item) if row.problems.is_empty() => {
                if let Some(first) = seen.get(&item.supplier_part_id) {
                    report.rejected.push(Rejected {
                        line,
                        reason: format!(
                            "supplier_part_id: `{}` already appears on line {first}",
                            item.supplier_part_id
                        ),
                    });
                    continue;
                }
                seen.insert(item.supplier_part_id.clone(), line);
                batch.push(item);
            }
            _ => report.rejected.push(Rejected {
                line,
                reason: row.problems.join("; "),
            }),
        }
        if batch.len() >= UPSERT_BATCH {
            report.imported += store.upsert_catalog_items(catalog_id, &batch).await?;
            batch.clear();
        }
    }
    report.imported += store.upsert_catalog_items(catalog_id, &batch).await?;
    Ok(report)
}

fn catalog_row(row: &mut Row<'_>) -> Option<NewCatalogItem> {
    let supplier_part_id = row.required("supplier_part_id");
    let supplier_part_aux_id = row.get("supplier_part_aux_id");
    let description = row.required("description");
    let long_description = row.get("long_description");
    let unit_of_measure = row.req("unit_of_measure", unit);
    let unspsc = row.opt("unspsc", unspsc);
    let category = row.opt("category", category);
    let manufacturer_name = row.get("manufacturer_name");
    let manufacturer_part_id = row.get("manufacturer_part_id");
    let gtin = row.opt("gtin", |v| {
        Gtin::parse(v)
            .map(|_| v.to_owned())
            .map_err(|e| e.to_string())
    });
    let list_price = row.req("list_price", price);
    let currency = row.req("currency", currency);
    let lead_time_days = row.opt("lead_time_days", days);
    let min_quantity = row.opt("min_quantity", positive);
    let quantity_increment = row.opt("quantity_increment", positive);
    let image_url = row.opt("image_url", link);
    let url = row.opt("url", link);
    Some(NewCatalogItem {
        supplier_part_id: supplier_part_id?.to_owned(),
        supplier_part_aux_id: supplier_part_aux_id.map(str::to_owned),
        description: description?.to_owned(),
        long_description: long_description.map(str::to_owned),
        unit_of_measure: unit_of_measure?,
        unspsc,
        category,
        manufacturer_name: manufacturer_name.map(str::to_owned),
        manufacturer_part_id: manufacturer_part_id.map(str::to_owned),
        gtin,
        list_price: list_price?,
        currency: currency?,
        lead_time_days,
        min_quantity,
        quantity_increment,
        image_url,
        url,
    })
}

async fn price_list_csv<R: Read>(
    store: &Store,
    price_list_id: &str,
    reader: R,
    progress: &Progress,
) -> Result<ImportReport, ImportError> {
    let mut rows = CsvRows::new(reader, &PRICE_LIST_COLUMNS, &PRICE_LIST_REQUIRED)?;
    let mut report = report("price list", price_list_id);
    let mut seen: HashMap<(String, Decimal), u64> = HashMap::new();
    let mut batch = Vec::with_capacity(UPSERT_BATCH);
    while let Some(next) = rows.next(progress)? {
        let line = match next {
            Ok(line) => line,
            Err(rejected) => {
                report.rejected.push(rejected);
                continue;
            }
        };
        let mut row = rows.row();
        let entry = price_row(&mut row);
        match entry {
            Some(e) if row.problems.is_empty() => {
                let key = (e.supplier_part_id.clone(), e.min_quantity.normalize());
                if let Some(first) = seen.get(&key) {
                    report.rejected.push(Rejected {
                        line,
                        reason: format!(
                            "supplier_part_id: `{}` from quantity {} already appears on line {first}",
                            key.0, key.1
                        ),
                    });
                    continue;
                }
                seen.insert(key, line);
                batch.push(e);
            }
            _ => report.rejected.push(Rejected {
                line,
                reason: row.problems.join("; "),
            }),
        }
        if batch.len() >= UPSERT_BATCH {
            report.imported += store.upsert_price_entries(price_list_id, &batch).await?;
            batch.clear();
        }
    }
    report.imported += store.upsert_price_entries(price_list_id, &batch).await?;
    Ok(report)
}

fn price_row(row: &mut Row<'_>) -> Option<NewPriceEntry> {
    let supplier_part_id = row.required("supplier_part_id");
    let min_quantity = row.opt("min_quantity", positive);
    let unit_price = row.req("unit_price", price);
    let currency = row.req("currency", currency);
    let valid_from = row.opt("valid_from", date);
    let valid_to = row.opt("valid_to", date);
    if let (Some(f), Some(t)) = (valid_from, valid_to) {
        if f > t {
            row.problems
                .push(format!("valid_to: {t} is before valid_from {f}"));
        }
    }
    Some(NewPriceEntry {
        supplier_part_id: supplier_part_id?.to_owned(),
        min_quantity: min_quantity.unwrap_or(Decimal::ONE),
        unit_price: unit_price?,
        currency: currency?,
        valid_from,
        valid_to,
    })
}

fn report(kind: &'static str, id: &str) -> ImportReport {
    ImportReport {
        kind,
        id: id.to_owned(),
        imported: 0,
        price_entries: 0,
        rejected: Vec::new(),
    }
}

// ----- field checks (shared by CSV and JSON) ----------------------------------------------------

fn decimal(v: &str) -> Result<Decimal, String> {
    model::decimal::parse(v).map_err(|_| {
        let hint = if v.contains(',') {
            "use \".\" as the decimal separator and no thousands separator, e.g. 1234.50"
        } else {
            "write digits with an optional \".\" and decimals, e.g. 12.50"
        };
        format!("`{v}` is not a decimal number ({hint})")
    })
}

fn price(v: &str) -> Result<Decimal, String> {
    let d = decimal(v)?;
    if negative(d) {
        return Err(format!("`{v}` is negative"));
    }
    Ok(d)
}

/// Below zero (`-0` is not).
fn negative(d: Decimal) -> bool {
    d.is_sign_negative() && !d.is_zero()
}

fn positive(v: &str) -> Result<Decimal, String> {
    let d = decimal(v)?;
    if d <= Decimal::ZERO {
        return Err(format!("`{v}` must be greater than 0"));
    }
    Ok(d)
}

fn days(v: &str) -> Result<i64, String> {
    v.parse::<u32>()
        .map(i64::from)
        .map_err(|_| format!("`{v}` is not a whole number of days"))
}

fn unit(v: &str) -> Result<String, String> {
    UnitOfMeasure::parse(v)
        .map(String::from)
        .map_err(|e| match UnitOfMeasure::from_common(v) {
            Ok(u) => format!("{e} (did you mean \"{u}\"?)"),
            Err(_) => e.to_string(),
        })
}

fn currency(v: &str) -> Result<String, String> {
    CurrencyCode::parse(v)
        .map(String::from)
        .map_err(|e| e.to_string())
}

fn unspsc(v: &str) -> Result<String, String> {
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        Ok(v.to_owned())
    } else {
        Err(format!(
            "`{v}` is not a UNSPSC commodity code (expected 8 digits, e.g. 44121706)"
        ))
    }
}

/// A category path with its levels trimmed and joined by ` > `.
fn category(v: &str) -> Result<String, String> {
    let levels: Vec<&str> = v.split('>').map(str::trim).collect();
    if levels.iter().any(|l| l.is_empty()) {
        return Err(format!(
            "`{v}` has an empty level (write levels separated by \">\", e.g. Office Supplies > Paper)"
        ));
    }
    Ok(levels.join(CATEGORY_SEPARATOR))
}

/// An absolute http(s) URL, or a path on this server (`/punchout/static/…`).
fn link(v: &str) -> Result<String, String> {
    if v.starts_with('/') && !v.starts_with("//") {
        return Ok(v.to_owned());
    }
    match url::Url::parse(v) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(v.to_owned()),
        _ => Err(format!(
            "`{v}` is neither an http(s) URL nor a path starting with \"/\""
        )),
    }
}

fn date(v: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(v, "%Y-%m-%d")
        .map_err(|_| format!("`{v}` is not a date (expected YYYY-MM-DD)"))
}

// ----- JSON -------------------------------------------------------------------------------------

/// A canonical catalog document, with items kept raw so each one is checked on its own.
#[derive(Deserialize)]
struct CatalogEnvelope<'a> {
    #[serde(rename = "type", default)]
    doc_type: Option<String>,
    #[serde(default)]
    catalog_id: Option<String>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(borrow, default)]
    items: Vec<&'a RawValue>,
}

/// The 1-based line `raw` starts on within `text` (it must be a slice of `text`).
fn line_of(text: &str, raw: &RawValue) -> u64 {
    let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    let before = text.get(..offset).unwrap_or_default();
    1 + before.bytes().filter(|b| *b == b'\n').count() as u64
}

fn json_error(e: serde_json::Error) -> ImportError {
    ImportError::Invalid(format!("not valid JSON: {e}"))
}

/// Deserialise one raw item; the error names the JSON path inside the item.
fn item_from_raw<T: for<'de> Deserialize<'de>>(raw: &RawValue) -> Result<T, String> {
    let mut de = serde_json::Deserializer::from_str(raw.get());
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // Positions are relative to the item, which would mislead: the line is reported apart.
        let message = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let message = message.strip_suffix(&suffix).unwrap_or(&message);
        if path == "." {
            message.to_owned()
        } else {
            format!("{path}: {message}")
        }
    })
}

/// Import a JSON catalog: a canonical `catalog` document (its `catalog_id` is used unless
/// `catalog_id` is given) or an array of canonical catalog items (`catalog_id` required).
///
/// An item's list price is its price without `price_list_id` (the one with the smallest
/// `min_quantity` if several); its prices with a `price_list_id` are imported into those price
/// lists. Items must have a description, a unit of measure, a list price and a currency (on the
/// price or the document). Extrinsics are not stored.
pub async fn import_catalog_json(
    store: &Store,
    catalog_id: Option<&str>,
    text: &str,
) -> Result<ImportReport, ImportError> {
    let (doc_id, default_currency, items) = match text.trim_start().chars().next() {
        Some('[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text).map_err(json_error)?;
            (None, None, items)
        }
        Some('{') => {
            let env: CatalogEnvelope<'_> = serde_json::from_str(text).map_err(json_error)?;
            if let Some(t) = env.doc_type.as_deref().filter(|t| *t != "catalog") {
                return Err(ImportError::Invalid(format!(
                    "expected a catalog document (\"type\": \"catalog\"), found \"type\": \"{t}\""
                )));
            }
            (env.catalog_id, env.currency, env.items)
        }
        _ => {
            return Err(ImportError::Invalid(
                "expected a JSON catalog document or an array of catalog items".into(),
            ))
        }
    };
    let id = catalog_id
        .map(str::to_owned)
        .or(doc_id)
        .filter(|id| !id.trim().is_empty())
        .ok_or_else(|| {
            ImportError::MissingId("the file names no catalog_id: pass --catalog ID".into())
        })?;
    let mut report = report("catalog", &id);
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut good = Vec::new();
    let mut contract: BTreeMap<String, Vec<NewPriceEntry>> = BTreeMap::new();
    for raw in items {
        let line = line_of(text, raw);
        let parsed = item_from_raw::<CatalogItem>(raw)
            .and_then(|item| json_item(&item, default_currency.as_deref()).map(|r| (item, r)));
        match parsed {
            Ok((item, (row, prices))) => {
                if let Some(first) = seen.get(&row.supplier_part_id) {
                    report.rejected.push(Rejected {
                        line,
                        reason: format!(
                            "supplier_part_id: `{}` already appears on line {first}",
                            item.supplier_part_id
                        ),
                    });
                    continue;
                }
                seen.insert(row.supplier_part_id.clone(), line);
                good.push(row);
                for (list, entry) in prices {
                    contract.entry(list).or_default().push(entry);
                }
            }
            Err(reason) => report.rejected.push(Rejected { line, reason }),
        }
    }
    for chunk in good.chunks(UPSERT_BATCH) {
        report.imported += store.upsert_catalog_items(&id, chunk).await?;
    }
    for (list, entries) in contract {
        report.price_entries += store.upsert_price_entries(&list, &entries).await?;
    }
    Ok(report)
}

type JsonRow = (NewCatalogItem, Vec<(String, NewPriceEntry)>);

fn json_item(item: &CatalogItem, default_currency: Option<&str>) -> Result<JsonRow, String> {
    let mut problems = Vec::new();
    let part = item.supplier_part_id.trim();
    if part.is_empty() {
        problems.push("supplier_part_id: is required".to_owned());
    }
    let description = item
        .description
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty());
    if description.is_none() {
        problems.push("description: is required".to_owned());
    }
    if item.unit_of_measure.is_none() {
        problems.push("unit_of_measure: is required".to_owned());
    }
    let list = item
        .prices
        .iter()
        .filter(|p| p.price_list_id.is_none())
        .min_by_key(|p| p.min_quantity.unwrap_or(Decimal::ZERO));
    let currency = list
        .and_then(|p| p.currency.as_ref().map(|c| c.as_str()))
        .or(default_currency);
    match list {
        None => problems
            .push("prices: a list price (a price without price_list_id) is required".to_owned()),
        Some(p) if negative(p.unit_price) => {
            problems.push(format!("prices: list price `{}` is negative", p.unit_price))
        }
        Some(_) => {}
    }
    if list.is_some() && currency.is_none() {
        problems.push("currency: is required (on the price or the catalog)".to_owned());
    }
    let currency = match currency.map(self::currency).transpose() {
        Ok(c) => c,
        Err(e) => {
            problems.push(format!("currency: {e}"));
            None
        }
    };
    let unspsc = item
        .classification
        .iter()
        .find(|c| c.scheme.eq_ignore_ascii_case("UNSPSC"))
        .map(|c| self::unspsc(&c.code))
        .transpose()
        .unwrap_or_else(|e| {
            problems.push(format!("classification: {e}"));
            None
        });
    let category = if item.category_path.is_empty() {
        None
    } else {
        self::category(&item.category_path.join(">"))
            .map_err(|e| problems.push(format!("category_path: {e}")))
            .ok()
    };
    let mut link_of = |field: &str, v: Option<&String>| {
        v.map(|v| link(v)).transpose().unwrap_or_else(|e| {
            problems.push(format!("{field}: {e}"));
            None
        })
    };
    let image_url = link_of("image_urls", item.image_urls.first());
    let url = link_of("url", item.url.as_ref());
    for (field, q) in [
        ("min_order_quantity", item.min_order_quantity),
        ("order_increment", item.order_increment),
    ] {
        if q.is_some_and(|q| q <= Decimal::ZERO) {
            problems.push(format!("{field}: must be greater than 0"));
        }
    }
    let mut contract = Vec::new();
    for p in item.prices.iter() {
        let Some(list_id) = &p.price_list_id else {
            continue;
        };
        let price_currency = p.currency.as_ref().map(|c| c.as_str().to_owned());
        match price_currency.or_else(|| currency.clone()) {
            Some(c) if !negative(p.unit_price) => contract.push((
                list_id.clone(),
                NewPriceEntry {
                    supplier_part_id: part.to_owned(),
                    min_quantity: p.min_quantity.unwrap_or(Decimal::ONE),
                    unit_price: p.unit_price,
                    currency: c,
                    valid_from: p.valid_from,
                    valid_to: p.valid_to,
                },
            )),
            Some(_) => problems.push(format!(
                "prices: price `{}` for price list {list_id} is negative",
                p.unit_price
            )),
            None => problems.push(format!(
                "prices: price list {list_id}: currency is required"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let (Some(description), Some(unit), Some(list), Some(currency)) =
        (description, &item.unit_of_measure, list, currency)
    else {
        return Err("incomplete item".to_owned());
    };
    Ok((
        NewCatalogItem {
            supplier_part_id: part.to_owned(),
            supplier_part_aux_id: item.supplier_part_aux_id.clone(),
            description: description.to_owned(),
            long_description: item.long_description.clone(),
            unit_of_measure: unit.as_str().to_owned(),
            unspsc,
            category,
            manufacturer_name: item.manufacturer_name.clone(),
            manufacturer_part_id: item.manufacturer_part_id.clone(),
            gtin: item.gtin.as_ref().map(|g| g.as_str().to_owned()),
            list_price: list.unit_price,
            currency,
            lead_time_days: item.lead_time_days.map(i64::from),
            min_quantity: item.min_order_quantity,
            quantity_increment: item.order_increment,
            image_url,
            url,
        },
        contract,
    ))
}

/// One contract price in a JSON price list.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonPriceEntry {
    supplier_part_id: String,
    #[serde(default, with = "model::decimal::option")]
    min_quantity: Option<Decimal>,
    #[serde(with = "model::decimal")]
    unit_price: Decimal,
    currency: CurrencyCode,
    #[serde(default)]
    valid_from: Option<NaiveDate>,
    #[serde(default)]
    valid_to: Option<NaiveDate>,
}

/// Import a JSON price list: an array of `{supplier_part_id, min_quantity?, unit_price,
/// currency, valid_from?, valid_to?}` objects, decimals as strings.
pub async fn import_price_list_json(
    store: &Store,
    price_list_id: &str,
    text: &str,
) -> Result<ImportReport, ImportError> {
    let raws: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        ImportError::Invalid(format!("expected a JSON array of price entries ({e})"))
    })?;
    let mut report = report("price list", price_list_id);
    let mut seen: HashMap<(String, Decimal), u64> = HashMap::new();
    let mut good = Vec::new();
    for raw in raws {
        let line = line_of(text, raw);
        let entry = item_from_raw::<JsonPriceEntry>(raw).and_then(|e| {
            let mut problems = Vec::new();
            if e.supplier_part_id.trim().is_empty() {
                problems.push("supplier_part_id: is required".to_owned());
            }
            if e.min_quantity.is_some_and(|q| q <= Decimal::ZERO) {
                problems.push("min_quantity: must be greater than 0".to_owned());
            }
            if negative(e.unit_price) {
                problems.push(format!("unit_price: `{}` is negative", e.unit_price));
            }
            if let (Some(f), Some(t)) = (e.valid_from, e.valid_to) {
                if f > t {
                    problems.push(format!("valid_to: {t} is before valid_from {f}"));
                }
            }
            if problems.is_empty() {
                Ok(NewPriceEntry {
                    supplier_part_id: e.supplier_part_id.trim().to_owned(),
                    min_quantity: e.min_quantity.unwrap_or(Decimal::ONE),
                    unit_price: e.unit_price,
                    currency: e.currency.into(),
                    valid_from: e.valid_from,
                    valid_to: e.valid_to,
                })
            } else {
                Err(problems.join("; "))
            }
        });
        match entry {
            Ok(e) => {
                let key = (e.supplier_part_id.clone(), e.min_quantity.normalize());
                if let Some(first) = seen.get(&key) {
                    report.rejected.push(Rejected {
                        line,
                        reason: format!(
                            "supplier_part_id: `{}` from quantity {} already appears on line {first}",
                            key.0, key.1
                        ),
                    });
                    continue;
                }
                seen.insert(key, line);
                good.push(e);
            }
            Err(reason) => report.rejected.push(Rejected { line, reason }),
        }
    }
    for chunk in good.chunks(UPSERT_BATCH) {
        report.imported += store.upsert_price_entries(price_list_id, chunk).await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests;
