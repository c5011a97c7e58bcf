//! Records: the canonical documents partners send us that are neither orders nor order changes
//! (order responses, ship notices, invoices, inventory reports, catalogs). They are written by
//! [`Store::receive_batch`](super::Store::receive_batch) in the transaction that archives their
//! interchange, and read back by the admin API.

use chrono::{DateTime, Utc};

use super::documents::page;
use super::{dispatch, opt_text, text, Store, StoreError, StoreRow};

/// A record to write with its inbound document.
#[derive(Debug, Clone)]
pub struct NewRecord {
    /// Partner.
    pub partner_id: String,
    /// The canonical document type (`invoice`, `ship_notice`, …).
    pub kind: String,
    /// The document's own number (invoice number, shipment id, catalog or report id; for an
    /// order response its response number, else the order number).
    pub number: String,
    /// The order it is about, when it says.
    pub order_number: Option<String>,
    /// `x12`, `edifact` or `ubl`.
    pub syntax: String,
    /// Where it sat in the interchange (ISA13/GS06/ST02, UNB 0020/UNH 0062, UBL ID).
    pub control_id: Option<String>,
    /// Canonical JSON.
    pub body: String,
}

/// A stored record.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RecordRow {
    /// Id.
    pub id: String,
    /// Partner.
    pub partner_id: String,
    /// Canonical document type.
    pub kind: String,
    /// The document's own number.
    pub number: String,
    /// The order it is about.
    pub order_number: Option<String>,
    /// `x12`, `edifact` or `ubl`.
    pub syntax: String,
    /// Where it sat in the interchange.
    pub control_id: Option<String>,
    /// The archived inbound document it came in.
    pub document_id: String,
    /// Canonical JSON (left out of lists).
    #[serde(skip)]
    pub body: String,
    /// When received.
    pub created_at: DateTime<Utc>,
}

/// Which records to list (every field optional), newest first.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RecordFilter {
    /// Partner id.
    pub partner: Option<String>,
    /// Canonical document type.
    pub kind: Option<String>,
    /// The order they are about.
    pub order_number: Option<String>,
    /// The document's own number.
    pub number: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

const COLUMNS: &str =
    "id, partner_id, kind, number, order_number, syntax, control_id, document_id, body, created_at";

fn from_row(r: &impl StoreRow) -> Result<RecordRow, StoreError> {
    Ok(RecordRow {
        id: r.col("id")?,
        partner_id: r.col("partner_id")?,
        kind: r.col("kind")?,
        number: r.col("number")?,
        order_number: r.col("order_number")?,
        syntax: r.col("syntax")?,
        control_id: r.col("control_id")?,
        document_id: r.col("document_id")?,
        body: r.col("body")?,
        created_at: r.col("created_at")?,
    })
}

/// Insert `record` (of inbound document `document_id`) on any connection or transaction;
/// evaluates to the new id.
macro_rules! insert_record {
    ($conn:expr, $record:expr, $document_id:expr, $now:expr) => {{
        let record: &$crate::store::NewRecord = $record;
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query(
            "INSERT INTO records (id, partner_id, kind, number, order_number, syntax, control_id, \
             document_id, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(&id)
        .bind($crate::store::text(&record.partner_id))
        .bind(&record.kind)
        .bind($crate::store::text(&record.number))
        .bind($crate::store::opt_text(&record.order_number))
        .bind(&record.syntax)
        .bind($crate::store::opt_text(&record.control_id))
        .bind($document_id)
        .bind($crate::store::text(&record.body))
        .bind($now)
        .execute($conn)
        .await?;
        id
    }};
}
pub(super) use insert_record;

impl Store {
    /// Records matching `f`, newest first.
    pub async fn list_records(&self, f: &RecordFilter) -> Result<Vec<RecordRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM records \
             WHERE (CAST($1 AS TEXT) IS NULL OR partner_id = $1) \
               AND (CAST($2 AS TEXT) IS NULL OR kind = $2) \
               AND (CAST($3 AS TEXT) IS NULL OR order_number = $3) \
               AND (CAST($4 AS TEXT) IS NULL OR number = $4) \
             ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6"
        );
        let (limit, offset) = page(f.limit, f.offset);
        dispatch!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(opt_text(&f.partner))
                .bind(opt_text(&f.kind))
                .bind(opt_text(&f.order_number))
                .bind(opt_text(&f.number))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            rows.iter().map(from_row).collect()
        })
    }

    /// One record by id.
    pub async fn get_record(&self, id: &str) -> Result<Option<RecordRow>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM records WHERE id = $1");
        dispatch!(self, pool => {
            let row = sqlx::query(&sql).bind(text(id)).fetch_optional(pool).await?;
            row.as_ref().map(from_row).transpose()
        })
    }
}
