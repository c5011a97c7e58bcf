//! Orders: canonical purchase orders with the columns we filter on, received in one transaction
//! together with the raw document that carried them and the outbox jobs they cause.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::documents::{insert_document, meta_from_row as document_meta_from_row, page};
use super::outbox::insert_job;
use super::{dispatch, BeginWrite, NewDocument, NewJob, Store, StoreError, StoreRow};

/// An order to record.
#[derive(Debug, Clone)]
pub struct NewOrder {
    /// Partner it belongs to.
    pub partner_id: String,
    /// The buyer's PO number.
    pub order_number: String,
    /// The syntax it arrived in (outbound answers use it).
    pub syntax: String,
    /// ISO currency.
    pub currency: Option<String>,
    /// Order total, as a decimal string.
    pub total: Option<String>,
    /// Number of lines.
    pub line_count: i64,
    /// Order date (ISO 8601).
    pub order_date: Option<String>,
    /// Canonical `purchase_order` JSON.
    pub body: String,
    /// Mismatch flags found while receiving.
    pub flags: Vec<String>,
}

/// A stored order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OrderRow {
    /// Order id.
    pub id: String,
    /// Partner id.
    pub partner_id: String,
    /// The buyer's PO number.
    pub order_number: String,
    /// received, confirmed, shipped, invoiced, rejected, cancelled.
    pub status: String,
    /// The syntax it arrived in.
    pub syntax: String,
    /// ISO currency.
    pub currency: Option<String>,
    /// Total as a decimal string.
    pub total: Option<String>,
    /// Number of lines.
    pub line_count: i64,
    /// Order date.
    pub order_date: Option<String>,
    /// Version (1, then one more per accepted change).
    pub version: i64,
    /// Archived document that created it.
    pub source_document_id: String,
    /// Flags.
    pub flags: Vec<String>,
    /// Canonical JSON.
    #[serde(skip)]
    pub body: String,
    /// Created.
    pub created_at: DateTime<Utc>,
    /// Last changed.
    pub updated_at: DateTime<Utc>,
}

/// Filters for listing orders; `None` means any.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OrderFilter {
    /// The buyer's PO number.
    pub order_number: Option<String>,
    /// Partner id.
    pub partner: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

/// What receiving a document produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Receipt {
    /// Stored now: the new document and order ids.
    Created {
        /// Archived document.
        document_id: String,
        /// New order.
        order_id: String,
    },
    /// The same document (same dedup key) was already received; nothing was written.
    Duplicate {
        /// The earlier document.
        document_id: String,
        /// The order it produced, if any.
        order_id: Option<String>,
    },
    /// A different document carried an order number this partner already used; the document is
    /// archived (status `rejected`) but no order was created.
    OrderNumberTaken {
        /// Archived document.
        document_id: String,
        /// The existing order.
        order_id: String,
    },
}

const ORDER_COLUMNS: &str = "id, partner_id, order_number, status, syntax, currency, total, \
     line_count, order_date, version, source_document_id, body, flags, created_at, updated_at";

fn order_from_row(row: &impl StoreRow) -> Result<OrderRow, StoreError> {
    let flags: String = row.col("flags")?;
    Ok(OrderRow {
        id: row.col("id")?,
        partner_id: row.col("partner_id")?,
        order_number: row.col("order_number")?,
        status: row.col("status")?,
        syntax: row.col("syntax")?,
        currency: row.col("currency")?,
        total: row.col("total")?,
        line_count: row.col("line_count")?,
        order_date: row.col("order_date")?,
        version: row.col("version")?,
        source_document_id: row.col("source_document_id")?,
        body: row.col("body")?,
        flags: serde_json::from_str(&flags).map_err(|e| StoreError::Corrupt {
            what: "orders.flags",
            message: e.to_string(),
        })?,
        created_at: row.col("created_at")?,
        updated_at: row.col("updated_at")?,
    })
}

impl Store {
    /// Receive an order: archive the document, create the order and queue its outbox jobs, all
    /// in one transaction. Acknowledge the sender only after this returns `Ok`.
    pub async fn receive_order(
        &self,
        doc: &NewDocument,
        order: &NewOrder,
        jobs: &[NewJob],
    ) -> Result<Receipt, StoreError> {
        let document_id = uuid::Uuid::new_v4().to_string();
        let order_id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let flags = serde_json::to_string(&order.flags).unwrap_or_else(|_| "[]".into());
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = insert_document!(&mut *tx, doc, &document_id, Some(&order_id), now);
            if inserted.is_none() {
                let row = sqlx::query("SELECT id, order_id FROM documents WHERE dedup_key = $1")
                    .bind(&doc.dedup_key)
                    .fetch_one(&mut *tx)
                    .await?;
                tx.rollback().await?;
                return Ok(Receipt::Duplicate {
                    document_id: row.get(0),
                    order_id: row.get(1),
                });
            }
            let created = sqlx::query(
                "INSERT INTO orders (id, partner_id, order_number, status, syntax, currency, total, \
                 line_count, order_date, version, source_document_id, body, flags, created_at, updated_at) \
                 VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $12) \
                 ON CONFLICT (partner_id, order_number) DO NOTHING RETURNING id",
            )
            .bind(&order_id)
            .bind(&order.partner_id)
            .bind(&order.order_number)
            .bind(&order.syntax)
            .bind(&order.currency)
            .bind(&order.total)
            .bind(order.line_count)
            .bind(&order.order_date)
            .bind(&document_id)
            .bind(&order.body)
            .bind(&flags)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            if created.is_none() {
                let existing: String = sqlx::query(
                    "SELECT id FROM orders WHERE partner_id = $1 AND order_number = $2",
                )
                .bind(&order.partner_id)
                .bind(&order.order_number)
                .fetch_one(&mut *tx)
                .await?
                .get(0);
                let issue = serde_json::to_string(&[format!(
                    "order number {} was already received from this partner as order {existing}",
                    order.order_number
                )])
                .unwrap_or_else(|_| "[]".into());
                sqlx::query(
                    "UPDATE documents SET status = 'rejected', issues = $2, order_id = $3 WHERE id = $1",
                )
                .bind(&document_id)
                .bind(issue)
                .bind(&existing)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                return Ok(Receipt::OrderNumberTaken { document_id, order_id: existing });
            }
            for job in jobs {
                insert_job!(&mut *tx, job, Some(document_id.as_str()), Some(order_id.as_str()), now);
            }
            tx.commit().await?;
            Ok(Receipt::Created { document_id, order_id })
        })
    }

    /// List orders, newest first.
    pub async fn list_orders(&self, f: &OrderFilter) -> Result<Vec<OrderRow>, StoreError> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM orders \
             WHERE (CAST($1 AS TEXT) IS NULL OR order_number = $1) \
               AND (CAST($2 AS TEXT) IS NULL OR partner_id = $2) \
               AND (CAST($3 AS TEXT) IS NULL OR status = $3) \
             ORDER BY created_at DESC, id DESC LIMIT $4 OFFSET $5"
        );
        let (limit, offset) = page(f.limit, f.offset);
        dispatch!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(&f.order_number)
                .bind(&f.partner)
                .bind(&f.status)
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            rows.iter().map(order_from_row).collect()
        })
    }

    /// One order by id.
    pub async fn get_order(&self, id: &str) -> Result<Option<OrderRow>, StoreError> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
        dispatch!(self, pool => {
            let row = sqlx::query(&sql).bind(id).fetch_optional(pool).await?;
            row.as_ref().map(order_from_row).transpose()
        })
    }

    /// Documents that concern an order (its source and everything sent about it), oldest first.
    pub async fn order_documents(
        &self,
        order_id: &str,
    ) -> Result<Vec<super::DocumentMeta>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT id, partner_id, direction, syntax, doc_type, control_id, order_number, \
                 sha256, size_bytes, content_type, status, issues, order_id, created_at \
                 FROM documents WHERE order_id = $1 ORDER BY created_at, id",
            )
            .bind(order_id)
            .fetch_all(pool)
            .await?;
            rows.iter().map(document_meta_from_row).collect()
        })
    }

    /// Count orders with this status (for metrics and tests).
    pub async fn count_orders(
        &self,
        partner_id: &str,
        order_number: &str,
    ) -> Result<i64, StoreError> {
        dispatch!(self, pool => {
            let row = sqlx::query(
                "SELECT COUNT(*) FROM orders WHERE partner_id = $1 AND order_number = $2",
            )
            .bind(partner_id)
            .bind(order_number)
            .fetch_one(pool)
            .await?;
            Ok(row.get::<i64, _>(0))
        })
    }
}
