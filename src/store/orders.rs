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
    /// payloadID / ISA13 / UNB 0020 of the document that carried it.
    pub control_id: Option<String>,
    /// Attachments that came with the document (kept with the order).
    pub attachments: Vec<NewAttachment>,
}

/// A file that came with a document (a `multipart/related` part).
#[derive(Debug, Clone)]
pub struct NewAttachment {
    /// `Content-ID` without angle brackets.
    pub content_id: Option<String>,
    /// MIME type.
    pub content_type: Option<String>,
    /// File name from `Content-Disposition`.
    pub filename: Option<String>,
    /// Decoded bytes.
    pub body: Vec<u8>,
}

/// Metadata of a stored attachment.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AttachmentMeta {
    /// Attachment id.
    pub id: String,
    /// Document it came with.
    pub document_id: String,
    /// Order it belongs to.
    pub order_id: Option<String>,
    /// `Content-ID`.
    pub content_id: Option<String>,
    /// MIME type.
    pub content_type: Option<String>,
    /// File name.
    pub filename: Option<String>,
    /// Size in bytes.
    pub size_bytes: i64,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
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
    /// payloadID / ISA13 / UNB 0020 of the document that carried the current version.
    pub source_control_id: Option<String>,
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

/// Insert an order (status `received`, version 1) on any connection/transaction; `None` when
/// the partner already has an order with that number.
macro_rules! insert_order {
    ($conn:expr, $order:expr, $order_id:expr, $document_id:expr, $now:expr) => {{
        let order: &NewOrder = $order;
        let flags = serde_json::to_string(&order.flags).unwrap_or_else(|_| "[]".into());
        sqlx::query(
            "INSERT INTO orders (id, partner_id, order_number, status, syntax, currency, total, \
             line_count, order_date, version, source_document_id, body, flags, created_at, updated_at, \
             source_control_id) \
             VALUES ($1, $2, $3, 'received', $4, $5, $6, $7, $8, 1, $9, $10, $11, $12, $12, $13) \
             ON CONFLICT (partner_id, order_number) DO NOTHING RETURNING id",
        )
        .bind($order_id)
        .bind($crate::store::text(&order.partner_id))
        .bind($crate::store::text(&order.order_number))
        .bind(&order.syntax)
        .bind($crate::store::opt_text(&order.currency))
        .bind($crate::store::opt_text(&order.total))
        .bind(order.line_count)
        .bind($crate::store::opt_text(&order.order_date))
        .bind($document_id)
        .bind(&order.body)
        .bind(&flags)
        .bind($now)
        .bind($crate::store::opt_text(&order.control_id))
        .fetch_optional($conn)
        .await?
        .map(|row| row.get::<String, _>(0))
    }};
}

/// Make a new version of order `cur` on any transaction (the old body goes to
/// `order_versions`); evaluates to the new version number.
macro_rules! replace_order {
    ($conn:expr, $cur:expr, $body:expr, $line_count:expr, $total:expr, $currency:expr,
     $order_date:expr, $flags:expr, $status:expr, $document_id:expr, $control_id:expr, $now:expr) => {{
        let cur: &OrderRow = $cur;
        sqlx::query(
            "INSERT INTO order_versions (order_id, version, document_id, body, created_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&cur.id)
        .bind(cur.version)
        .bind(&cur.source_document_id)
        .bind(&cur.body)
        .bind($now)
        .execute(&mut *$conn)
        .await?;
        let mut all_flags = cur.flags.clone();
        all_flags.extend($flags);
        let all_flags = serde_json::to_string(&all_flags).unwrap_or_else(|_| "[]".into());
        let version = cur.version + 1;
        sqlx::query(
            "UPDATE orders SET body = $2, line_count = $3, total = $4, currency = $5, \
             order_date = $6, flags = $7, status = COALESCE($8, status), version = $9, \
             source_document_id = $10, source_control_id = $11, updated_at = $12 \
             WHERE id = $1",
        )
        .bind(&cur.id)
        .bind($body)
        .bind($line_count)
        .bind($crate::store::opt_text($total))
        .bind($crate::store::opt_text($currency))
        .bind($crate::store::opt_text($order_date))
        .bind(&all_flags)
        .bind($status)
        .bind(version)
        .bind($document_id)
        .bind($crate::store::opt_text($control_id))
        .bind($now)
        .execute(&mut *$conn)
        .await?;
        version
    }};
}

/// Insert an attachment on any connection/transaction.
macro_rules! insert_attachment {
    ($conn:expr, $a:expr, $document_id:expr, $order_id:expr, $now:expr) => {{
        let a: &NewAttachment = $a;
        sqlx::query(
            "INSERT INTO attachments (id, document_id, order_id, content_id, content_type, filename, \
             size_bytes, sha256, body, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(uuid::Uuid::new_v4().to_string())
        .bind($document_id)
        .bind($order_id)
        .bind($crate::store::opt_text(&a.content_id))
        .bind($crate::store::opt_text(&a.content_type))
        .bind($crate::store::opt_text(&a.filename))
        .bind(a.body.len() as i64)
        .bind($crate::security::sha256_hex(&a.body))
        .bind(&a.body)
        .bind($now)
        .execute($conn)
        .await?;
    }};
}

pub(super) const ORDER_COLUMNS: &str =
    "id, partner_id, order_number, status, syntax, currency, total, \
     line_count, order_date, version, source_document_id, source_control_id, body, flags, \
     created_at, updated_at";

pub(super) fn order_from_row(row: &impl StoreRow) -> Result<OrderRow, StoreError> {
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
        source_control_id: row.col("source_control_id")?,
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
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = insert_document!(&mut *tx, doc, &document_id, Some(&order_id), now);
            if inserted.is_none() {
                let row = sqlx::query("SELECT id, order_id FROM documents WHERE dedup_key = $1")
                    .bind(crate::store::text(&doc.dedup_key))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.rollback().await?;
                return Ok(Receipt::Duplicate {
                    document_id: row.get(0),
                    order_id: row.get(1),
                });
            }
            let created = insert_order!(&mut *tx, order, &order_id, &document_id, now);
            if created.is_none() {
                let existing: String = sqlx::query(
                    "SELECT id FROM orders WHERE partner_id = $1 AND order_number = $2",
                )
                .bind(crate::store::text(&order.partner_id))
                .bind(crate::store::text(&order.order_number))
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
            for a in &order.attachments {
                insert_attachment!(&mut *tx, a, &document_id, Some(order_id.as_str()), now);
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
                .bind(crate::store::opt_text(&f.order_number))
                .bind(crate::store::opt_text(&f.partner))
                .bind(crate::store::opt_text(&f.status))
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
            let row = sqlx::query(&sql).bind(crate::store::text(id)).fetch_optional(pool).await?;
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
            .bind(crate::store::text(order_id))
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
            .bind(crate::store::text(order_number))
            .fetch_one(pool)
            .await?;
            Ok(row.get::<i64, _>(0))
        })
    }
}

/// What to do with a document that changes an order, decided by the pipeline once it sees the
/// order as it stands (locked for the rest of the transaction).
#[derive(Debug, Clone)]
pub enum OrderWrite {
    /// No such order yet: create it.
    Create(NewOrder),
    /// Replace the order's content with a new version (the old one is kept in `order_versions`).
    Replace {
        /// New canonical JSON.
        body: String,
        /// New line count.
        line_count: i64,
        /// New total.
        total: Option<String>,
        /// New currency.
        currency: Option<String>,
        /// New order date.
        order_date: Option<String>,
        /// Flags to add.
        flags: Vec<String>,
        /// New status, when it changes (e.g. `cancelled`).
        status: Option<String>,
    },
    /// Refuse: the document is archived as `rejected` with this reason; nothing else changes.
    Refuse(String),
}

/// What receiving an order change produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeReceipt {
    /// The same document was already received; nothing was written.
    Duplicate {
        /// The earlier document.
        document_id: String,
        /// Its order.
        order_id: Option<String>,
    },
    /// A new order was created.
    Created {
        /// Archived document.
        document_id: String,
        /// The order.
        order_id: String,
    },
    /// The order now has a new version.
    Updated {
        /// Archived document.
        document_id: String,
        /// The order.
        order_id: String,
        /// Its new version number.
        version: i64,
    },
    /// Refused; the document is archived as `rejected`.
    Refused {
        /// Archived document.
        document_id: String,
        /// Why.
        reason: String,
    },
}

/// An earlier version of an order.
#[derive(Debug, Clone, serde::Serialize)]
pub struct OrderVersion {
    /// Version number.
    pub version: i64,
    /// Document that carried it.
    pub document_id: String,
    /// Canonical JSON.
    #[serde(skip)]
    pub body: String,
    /// When it was replaced.
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Receive a document that creates or changes order `order_number` of `partner_id`: archive
    /// it, lock the order, let `decide` say what to do given the order as it stands, and apply
    /// that, all in one transaction. A document whose dedup key was seen before changes nothing.
    pub async fn receive_order_change<F>(
        &self,
        doc: &NewDocument,
        partner_id: &str,
        order_number: &str,
        attachments: &[NewAttachment],
        decide: F,
    ) -> Result<ChangeReceipt, StoreError>
    where
        F: Fn(Option<&OrderRow>) -> OrderWrite,
    {
        let document_id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let lock = self.row_lock();
        let select = format!(
            "SELECT {ORDER_COLUMNS} FROM orders WHERE partner_id = $1 AND order_number = $2{lock}"
        );
        dispatch!(self, pool => {
          for _attempt in 0..3 {
            let mut tx = pool.begin_write().await?;
            let inserted = insert_document!(&mut *tx, doc, &document_id, None::<&str>, now);
            if inserted.is_none() {
                let row = sqlx::query("SELECT id, order_id FROM documents WHERE dedup_key = $1")
                    .bind(crate::store::text(&doc.dedup_key))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.rollback().await?;
                return Ok(ChangeReceipt::Duplicate {
                    document_id: row.get(0),
                    order_id: row.get(1),
                });
            }
            let current = sqlx::query(&select)
                .bind(partner_id)
                .bind(crate::store::text(order_number))
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(order_from_row)
                .transpose()?;
            let (order_id, receipt) = match decide(current.as_ref()) {
                OrderWrite::Refuse(reason) => {
                    let issues = serde_json::to_string(&[&reason]).unwrap_or_else(|_| "[]".into());
                    sqlx::query(
                        "UPDATE documents SET status = 'rejected', issues = $2, order_id = $3 WHERE id = $1",
                    )
                    .bind(&document_id)
                    .bind(issues)
                    .bind(current.as_ref().map(|o| o.id.clone()))
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    return Ok(ChangeReceipt::Refused { document_id, reason });
                }
                OrderWrite::Create(order) => {
                    let order_id = uuid::Uuid::new_v4().to_string();
                    if insert_order!(&mut *tx, &order, &order_id, &document_id, now).is_none() {
                        // Another document created this order since we looked (PostgreSQL has
                        // no row to lock yet): decide again, now that it exists.
                        tx.rollback().await?;
                        continue;
                    }
                    let receipt = ChangeReceipt::Created {
                        document_id: document_id.clone(),
                        order_id: order_id.clone(),
                    };
                    (order_id, receipt)
                }
                OrderWrite::Replace { body, line_count, total, currency, order_date, flags, status } => {
                    let Some(cur) = current else {
                        return Err(StoreError::Corrupt {
                            what: "orders",
                            message: format!("no order {order_number} to replace"),
                        });
                    };
                    let version = replace_order!(
                        &mut *tx, &cur, &body, line_count, &total, &currency, &order_date,
                        flags, &status, &document_id, &doc.control_id, now
                    );
                    let receipt = ChangeReceipt::Updated {
                        document_id: document_id.clone(),
                        order_id: cur.id.clone(),
                        version,
                    };
                    (cur.id, receipt)
                }
            };
            sqlx::query("UPDATE documents SET order_id = $2 WHERE id = $1")
                .bind(&document_id)
                .bind(&order_id)
                .execute(&mut *tx)
                .await?;
            for a in attachments {
                insert_attachment!(&mut *tx, a, &document_id, Some(order_id.as_str()), now);
            }
            tx.commit().await?;
            return Ok(receipt);
          }
          Err(StoreError::Corrupt {
              what: "orders",
              message: format!("order {order_number} kept changing under concurrent documents"),
          })
        })
    }

    /// Earlier versions of an order, oldest first.
    pub async fn order_versions(&self, order_id: &str) -> Result<Vec<OrderVersion>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT version, document_id, body, created_at FROM order_versions \
                 WHERE order_id = $1 ORDER BY version",
            )
            .bind(crate::store::text(order_id))
            .fetch_all(pool)
            .await?;
            rows.iter()
                .map(|r| {
                    Ok(OrderVersion {
                        version: r.col("version")?,
                        document_id: r.col("document_id")?,
                        body: r.col("body")?,
                        created_at: r.col("created_at")?,
                    })
                })
                .collect()
        })
    }

    /// Attachments kept with an order.
    pub async fn order_attachments(
        &self,
        order_id: &str,
    ) -> Result<Vec<AttachmentMeta>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT id, document_id, order_id, content_id, content_type, filename, size_bytes, \
                 sha256 FROM attachments WHERE order_id = $1 ORDER BY created_at, id",
            )
            .bind(crate::store::text(order_id))
            .fetch_all(pool)
            .await?;
            rows.iter().map(attachment_from_row).collect()
        })
    }

    /// One attachment with its bytes.
    pub async fn get_attachment(
        &self,
        id: &str,
    ) -> Result<Option<(AttachmentMeta, Vec<u8>)>, StoreError> {
        dispatch!(self, pool => {
            let row = sqlx::query(
                "SELECT id, document_id, order_id, content_id, content_type, filename, size_bytes, \
                 sha256, body FROM attachments WHERE id = $1",
            )
            .bind(crate::store::text(id))
            .fetch_optional(pool)
            .await?;
            match row {
                Some(r) => Ok(Some((attachment_from_row(&r)?, r.col("body")?))),
                None => Ok(None),
            }
        })
    }

    /// ` FOR UPDATE` on PostgreSQL; nothing on SQLite, whose write transactions
    /// (`BEGIN IMMEDIATE`) already exclude every other writer.
    pub(super) fn row_lock(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "",
            Self::Postgres(_) => " FOR UPDATE",
        }
    }
}

fn attachment_from_row(r: &impl StoreRow) -> Result<AttachmentMeta, StoreError> {
    Ok(AttachmentMeta {
        id: r.col("id")?,
        document_id: r.col("document_id")?,
        order_id: r.col("order_id")?,
        content_id: r.col("content_id")?,
        content_type: r.col("content_type")?,
        filename: r.col("filename")?,
        size_bytes: r.col("size_bytes")?,
        sha256: r.col("sha256")?,
    })
}

/// An interchange (X12, EDIFACT, UBL) as received: its raw document, the orders it carries, the
/// changes to earlier orders, and the replies it causes (acknowledgements, each with its delivery
/// job when it is sent later).
#[derive(Debug)]
pub struct InboundBatch {
    /// The received document.
    pub document: NewDocument,
    /// Orders to create.
    pub orders: Vec<NewOrder>,
    /// Changes to orders (X12 860, EDIFACT ORDCHG): decided against the locked order.
    pub changes: Vec<BatchChange>,
    /// Outbound replies to archive (and queue when they carry a job).
    pub replies: Vec<(NewDocument, Option<NewJob>)>,
    /// Canonical records of the other documents it carries (invoices, ship notices, …).
    pub records: Vec<super::NewRecord>,
}

/// Decides what a change does, given the order as it stands (locked).
pub type DecideChange = Box<dyn Fn(Option<&OrderRow>) -> OrderWrite + Send + Sync>;

/// A change to order `order_number` of `partner_id`; `decide` sees the order as it stands.
pub struct BatchChange {
    /// Partner.
    pub partner_id: String,
    /// The buyer's order number.
    pub order_number: String,
    /// What to do, given the locked order.
    pub decide: DecideChange,
}

impl std::fmt::Debug for BatchChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchChange")
            .field("partner_id", &self.partner_id)
            .field("order_number", &self.order_number)
            .finish_non_exhaustive()
    }
}

/// What a change in a batch did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChangeOutcome {
    /// The buyer's order number.
    pub order_number: String,
    /// The order changed (or created).
    pub order_id: Option<String>,
    /// Its new version.
    pub version: Option<i64>,
    /// Why it was refused, when it was.
    pub refused: Option<String>,
}

/// One order of a stored batch.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoredOrder {
    /// The buyer's order number.
    pub order_number: String,
    /// The order (the existing one when the number was taken).
    pub order_id: String,
    /// False when the partner had already sent this order number: nothing was created.
    pub created: bool,
}

/// What storing a batch produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchReceipt {
    /// The same document (dedup key) was received before; nothing was written.
    Duplicate {
        /// The earlier document.
        document_id: String,
    },
    /// Stored.
    Stored {
        /// The received document.
        document_id: String,
        /// Its orders.
        orders: Vec<StoredOrder>,
        /// What its order changes did.
        changes: Vec<ChangeOutcome>,
        /// The archived replies, in order.
        replies: Vec<String>,
        /// The records written, in the order of `InboundBatch::records`.
        records: Vec<String>,
    },
}

impl Store {
    /// Store a received interchange in one transaction: the raw document, every order it
    /// carries (an order number the partner already used creates nothing and is reported), and
    /// the replies with their delivery jobs. Acknowledge only after this returns.
    pub async fn receive_batch(&self, batch: &InboundBatch) -> Result<BatchReceipt, StoreError> {
        let document_id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        let doc = &batch.document;
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            if insert_document!(&mut *tx, doc, &document_id, None::<&str>, now).is_none() {
                let row = sqlx::query("SELECT id FROM documents WHERE dedup_key = $1")
                    .bind(crate::store::text(&doc.dedup_key))
                    .fetch_one(&mut *tx)
                    .await?;
                tx.rollback().await?;
                return Ok(BatchReceipt::Duplicate { document_id: row.get(0) });
            }
            let mut orders = Vec::with_capacity(batch.orders.len());
            for order in &batch.orders {
                let order_id = uuid::Uuid::new_v4().to_string();
                match insert_order!(&mut *tx, order, &order_id, &document_id, now) {
                    Some(id) => {
                        for a in &order.attachments {
                            insert_attachment!(&mut *tx, a, &document_id, Some(id.as_str()), now);
                        }
                        orders.push(StoredOrder { order_number: order.order_number.clone(), order_id: id, created: true });
                    }
                    None => {
                        let existing: String = sqlx::query(
                            "SELECT id FROM orders WHERE partner_id = $1 AND order_number = $2",
                        )
                        .bind(crate::store::text(&order.partner_id))
                        .bind(crate::store::text(&order.order_number))
                        .fetch_one(&mut *tx)
                        .await?
                        .get(0);
                        orders.push(StoredOrder { order_number: order.order_number.clone(), order_id: existing, created: false });
                    }
                }
            }
            let lock = self.row_lock();
            let select = format!(
                "SELECT {ORDER_COLUMNS} FROM orders WHERE partner_id = $1 AND order_number = $2{lock}"
            );
            let mut changes = Vec::with_capacity(batch.changes.len());
            for ch in &batch.changes {
                let current = sqlx::query(&select)
                    .bind(crate::store::text(&ch.partner_id))
                    .bind(crate::store::text(&ch.order_number))
                    .fetch_optional(&mut *tx)
                    .await?
                    .as_ref()
                    .map(order_from_row)
                    .transpose()?;
                let mut outcome = ChangeOutcome {
                    order_number: ch.order_number.clone(),
                    order_id: None,
                    version: None,
                    refused: None,
                };
                match ((ch.decide)(current.as_ref()), current) {
                    (OrderWrite::Refuse(reason), _) => outcome.refused = Some(reason),
                    (OrderWrite::Create(order), _) => {
                        let order_id = uuid::Uuid::new_v4().to_string();
                        outcome.order_id = insert_order!(&mut *tx, &order, &order_id, &document_id, now);
                        outcome.version = Some(1);
                    }
                    (OrderWrite::Replace { body, line_count, total, currency, order_date, flags, status }, Some(cur)) => {
                        let version = replace_order!(
                            &mut *tx, &cur, &body, line_count, &total, &currency, &order_date,
                            flags, &status, &document_id, &doc.control_id, now
                        );
                        outcome.order_id = Some(cur.id.clone());
                        outcome.version = Some(version);
                    }
                    (OrderWrite::Replace { .. }, None) => {
                        outcome.refused = Some(format!("there is no order {}", ch.order_number));
                    }
                }
                changes.push(outcome);
            }
            // Refused changes are business rejections: they stay visible on the document.
            let refused: Vec<String> = changes
                .iter()
                .filter_map(|c| c.refused.as_ref().map(|r| format!("order {}: {r}", c.order_number)))
                .collect();
            if !refused.is_empty() {
                let mut issues = doc.issues.clone();
                issues.extend(refused);
                sqlx::query("UPDATE documents SET issues = $2 WHERE id = $1")
                    .bind(&document_id)
                    .bind(serde_json::to_string(&issues).unwrap_or_else(|_| "[]".into()))
                    .execute(&mut *tx)
                    .await?;
            }
            // A document that carries exactly one order points at it.
            if let [only] = orders.as_slice() {
                sqlx::query("UPDATE documents SET order_id = $2 WHERE id = $1")
                    .bind(&document_id)
                    .bind(&only.order_id)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut records = Vec::with_capacity(batch.records.len());
            for record in &batch.records {
                records.push(super::records::insert_record!(&mut *tx, record, &document_id, now));
            }
            let mut replies = Vec::with_capacity(batch.replies.len());
            for (reply, job) in &batch.replies {
                let reply_id = uuid::Uuid::new_v4().to_string();
                if insert_document!(&mut *tx, reply, &reply_id, None::<&str>, now).is_none() {
                    return Err(StoreError::Corrupt {
                        what: "documents.dedup_key",
                        message: format!("reply key {} is already taken", reply.dedup_key),
                    });
                }
                if let Some(job) = job {
                    insert_job!(&mut *tx, job, Some(reply_id.as_str()), None::<&str>, now);
                }
                replies.push(reply_id);
            }
            tx.commit().await?;
            Ok(BatchReceipt::Stored { document_id, orders, changes, replies, records })
        })
    }
}
