//! The raw document archive: every inbound and outbound document, byte for byte.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{dispatch, opt_text, text, BeginWrite, Store, StoreError, StoreRow};

/// A document to archive.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// Partner, when identified.
    pub partner_id: Option<String>,
    /// `inbound` or `outbound`.
    pub direction: &'static str,
    /// `cxml`, `x12`, `edifact`, `ubl`, `json`, `unknown` …
    pub syntax: String,
    /// Canonical document type when known (`purchase_order` …).
    pub doc_type: Option<String>,
    /// payloadID / ISA13 / UNB 0020 / document id.
    pub control_id: Option<String>,
    /// Order number the document concerns.
    pub order_number: Option<String>,
    /// Unique key: the same document twice maps to the same key. For documents that cannot be
    /// identified (rejected garbage) use [`NewDocument::unique_key`].
    pub dedup_key: String,
    /// MIME type it came or goes with.
    pub content_type: Option<String>,
    /// The exact bytes.
    pub body: Vec<u8>,
    /// `accepted`, `rejected`, `queued`, `sent`, `failed`.
    pub status: String,
    /// Human-readable issues found while reading.
    pub issues: Vec<String>,
}

impl NewDocument {
    /// A dedup key that never collides, for documents archived only as evidence.
    pub fn unique_key() -> String {
        format!("unique:{}", uuid::Uuid::new_v4())
    }
}

/// Archive metadata of one document (no body).
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentMeta {
    /// Document id.
    pub id: String,
    /// Partner id.
    pub partner_id: Option<String>,
    /// `inbound` / `outbound`.
    pub direction: String,
    /// Wire syntax.
    pub syntax: String,
    /// Canonical type.
    pub doc_type: Option<String>,
    /// payloadID / ISA13 / …
    pub control_id: Option<String>,
    /// Order number.
    pub order_number: Option<String>,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// Body size in bytes.
    pub size_bytes: i64,
    /// MIME type.
    pub content_type: Option<String>,
    /// Status.
    pub status: String,
    /// Issues.
    pub issues: Vec<String>,
    /// Order produced by / concerned by this document.
    pub order_id: Option<String>,
    /// When archived.
    pub created_at: DateTime<Utc>,
}

/// The exact bytes of an archived document.
#[derive(Debug, Clone)]
pub struct RawDocument {
    /// MIME type.
    pub content_type: Option<String>,
    /// Bytes.
    pub body: Vec<u8>,
}

/// Filters for listing documents; `None` means any.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct DocumentFilter {
    /// `inbound` / `outbound`.
    pub direction: Option<String>,
    /// Partner id.
    pub partner: Option<String>,
    /// Canonical document type.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// Order number.
    pub order_number: Option<String>,
    /// Page size (default 100, at most 1000).
    pub limit: Option<i64>,
    /// Rows to skip.
    pub offset: Option<i64>,
}

const META_COLUMNS: &str =
    "id, partner_id, direction, syntax, doc_type, control_id, order_number, \
     sha256, size_bytes, content_type, status, issues, order_id, created_at";

/// Insert a document row on any connection/transaction; `None` when the dedup key exists.
macro_rules! insert_document {
    ($conn:expr, $doc:expr, $id:expr, $order_id:expr, $now:expr) => {{
        let doc: &NewDocument = $doc;
        let issues = serde_json::to_string(&doc.issues).unwrap_or_else(|_| "[]".to_owned());
        sqlx::query(
            "INSERT INTO documents (id, partner_id, direction, syntax, doc_type, control_id, \
             order_number, dedup_key, sha256, size_bytes, content_type, body, status, issues, \
             order_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
             ON CONFLICT (dedup_key) DO NOTHING RETURNING id",
        )
        .bind($id)
        .bind($crate::store::opt_text(&doc.partner_id))
        .bind(doc.direction)
        .bind(&doc.syntax)
        .bind(&doc.doc_type)
        .bind($crate::store::opt_text(&doc.control_id))
        .bind($crate::store::opt_text(&doc.order_number))
        .bind($crate::store::text(&doc.dedup_key))
        .bind($crate::security::sha256_hex(&doc.body))
        .bind(doc.body.len() as i64)
        .bind($crate::store::opt_text(&doc.content_type))
        .bind(&doc.body)
        .bind(&doc.status)
        .bind(issues)
        .bind($order_id)
        .bind($now)
        .fetch_optional($conn)
        .await?
        .map(|row| row.get::<String, _>(0))
    }};
}
pub(super) use insert_document;

pub(super) fn meta_from_row(row: &impl StoreRow) -> Result<DocumentMeta, StoreError> {
    let issues: String = row.col("issues")?;
    Ok(DocumentMeta {
        id: row.col("id")?,
        partner_id: row.col("partner_id")?,
        direction: row.col("direction")?,
        syntax: row.col("syntax")?,
        doc_type: row.col("doc_type")?,
        control_id: row.col("control_id")?,
        order_number: row.col("order_number")?,
        sha256: row.col("sha256")?,
        size_bytes: row.col("size_bytes")?,
        content_type: row.col("content_type")?,
        status: row.col("status")?,
        issues: serde_json::from_str(&issues).map_err(|e| StoreError::Corrupt {
            what: "documents.issues",
            message: e.to_string(),
        })?,
        order_id: row.col("order_id")?,
        created_at: row.col("created_at")?,
    })
}

impl Store {
    /// Archive one document on its own. Returns `(id, true)` when stored, or the existing id and
    /// `false` when a document with the same dedup key is already archived.
    pub async fn archive_document(&self, doc: &NewDocument) -> Result<(String, bool), StoreError> {
        let id = uuid::Uuid::new_v4().to_string();
        let now = Utc::now();
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let inserted = insert_document!(&mut *tx, doc, &id, None::<String>, now);
            let result = match inserted {
                Some(id) => (id, true),
                None => {
                    let row = sqlx::query("SELECT id FROM documents WHERE dedup_key = $1")
                        .bind(text(&doc.dedup_key))
                        .fetch_one(&mut *tx)
                        .await?;
                    (row.get::<String, _>(0), false)
                }
            };
            tx.commit().await?;
            Ok(result)
        })
    }

    /// Update a document's status (and optionally its issues).
    pub async fn set_document_status(
        &self,
        id: &str,
        status: &str,
        issues: Option<&[String]>,
    ) -> Result<bool, StoreError> {
        let issues = issues.map(|i| serde_json::to_string(i).unwrap_or_else(|_| "[]".into()));
        dispatch!(self, pool => {
            let done = sqlx::query(
                "UPDATE documents SET status = $2, issues = COALESCE($3, issues), updated_at = $4 \
                 WHERE id = $1",
            )
            .bind(crate::store::text(id))
            .bind(status)
            .bind(issues)
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// List archived documents, newest first.
    pub async fn list_documents(
        &self,
        f: &DocumentFilter,
    ) -> Result<Vec<DocumentMeta>, StoreError> {
        let sql = format!(
            "SELECT {META_COLUMNS} FROM documents \
             WHERE (CAST($1 AS TEXT) IS NULL OR direction = $1) \
               AND (CAST($2 AS TEXT) IS NULL OR partner_id = $2) \
               AND (CAST($3 AS TEXT) IS NULL OR doc_type = $3) \
               AND (CAST($4 AS TEXT) IS NULL OR order_number = $4) \
             ORDER BY created_at DESC, id DESC LIMIT $5 OFFSET $6"
        );
        let (limit, offset) = page(f.limit, f.offset);
        dispatch!(self, pool => {
            let rows = sqlx::query(&sql)
                .bind(opt_text(&f.direction))
                .bind(opt_text(&f.partner))
                .bind(opt_text(&f.doc_type))
                .bind(opt_text(&f.order_number))
                .bind(limit)
                .bind(offset)
                .fetch_all(pool)
                .await?;
            rows.iter().map(meta_from_row).collect()
        })
    }

    /// One document's metadata.
    pub async fn get_document(&self, id: &str) -> Result<Option<DocumentMeta>, StoreError> {
        let sql = format!("SELECT {META_COLUMNS} FROM documents WHERE id = $1");
        dispatch!(self, pool => {
            let row = sqlx::query(&sql).bind(crate::store::text(id)).fetch_optional(pool).await?;
            row.as_ref().map(meta_from_row).transpose()
        })
    }

    /// The document archived under `dedup_key`, if any (a document sent again).
    pub async fn document_by_dedup_key(
        &self,
        dedup_key: &str,
    ) -> Result<Option<DocumentMeta>, StoreError> {
        let sql = format!("SELECT {META_COLUMNS} FROM documents WHERE dedup_key = $1");
        dispatch!(self, pool => {
            let row = sqlx::query(&sql).bind(text(dedup_key)).fetch_optional(pool).await?;
            row.as_ref().map(meta_from_row).transpose()
        })
    }

    /// One document's exact bytes.
    pub async fn get_document_raw(&self, id: &str) -> Result<Option<RawDocument>, StoreError> {
        dispatch!(self, pool => {
            let row = sqlx::query("SELECT content_type, body FROM documents WHERE id = $1")
                .bind(crate::store::text(id))
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|r| RawDocument {
                content_type: r.get("content_type"),
                body: r.get("body"),
            }))
        })
    }

    /// Count documents per (partner, type, direction, status), for metrics.
    pub async fn document_counts(
        &self,
    ) -> Result<Vec<(String, String, String, String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT COALESCE(partner_id, ''), COALESCE(doc_type, ''), direction, status, COUNT(*) \
                 FROM documents GROUP BY 1, 2, 3, 4",
            )
            .fetch_all(pool)
            .await?;
            Ok(rows
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get::<i64, _>(4)))
                .collect())
        })
    }
}

/// Clamp a page request to sane bounds.
pub(super) fn page(limit: Option<i64>, offset: Option<i64>) -> (i64, i64) {
    (
        limit.unwrap_or(100).clamp(1, 1000),
        offset.unwrap_or(0).max(0),
    )
}

/// An outbound document awaiting (or holding) its acknowledgement.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AckRow {
    /// Document id.
    pub id: String,
    /// Partner.
    pub partner_id: Option<String>,
    /// Canonical type.
    pub doc_type: Option<String>,
    /// Interchange control number.
    pub control_id: Option<String>,
    /// What the acknowledgement names.
    pub ack_ref: String,
    /// `pending`, `overdue`, `received` (a TA1 A or a CONTRL with UCI action 8), `accepted`,
    /// `accepted_with_errors` or `rejected`.
    pub ack_status: String,
    /// Codes and the acknowledging document.
    pub ack_detail: Option<String>,
    /// What the partner's application said of it (EDIFACT APERAK): `accepted` or `rejected`;
    /// `None` until one comes.
    pub application_status: Option<String>,
    /// The APERAK's error codes and texts, and the document that carried it.
    pub application_detail: Option<String>,
    /// When sent.
    pub created_at: DateTime<Utc>,
}

impl Store {
    /// Mark an outbound document as awaiting the acknowledgement that names `ack_ref`.
    pub async fn expect_ack(&self, document_id: &str, ack_ref: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query(
                "UPDATE documents SET ack_ref = $2, ack_status = 'pending' WHERE id = $1",
            )
            .bind(crate::store::text(document_id))
            .bind(text(ack_ref))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Record an inbound acknowledgement of `partner_id`'s outbound documents named `ack_ref`
    /// (`x12:{GS06}` for a 997/999, `edifact:{UNB 0020}` for a CONTRL, or `x12-isa:{ISA13}` for
    /// a TA1: the X12 documents whose control id is that ISA13); the number of documents it
    /// concerned. `received` only replaces `pending`.
    pub async fn record_ack(
        &self,
        partner_id: &str,
        ack_ref: &str,
        status: &str,
        detail: &str,
    ) -> Result<u64, StoreError> {
        dispatch!(self, pool => {
            let done = sqlx::query(
                "UPDATE documents SET ack_status = $3, ack_detail = $4, updated_at = $5 \
                 WHERE partner_id = $1 AND direction = 'outbound' \
                 AND (ack_ref = $2 OR (ack_ref IS NOT NULL AND syntax = 'x12' \
                      AND 'x12-isa:' || control_id = $2)) \
                 AND ($3 <> 'received' OR ack_status = 'pending')",
            )
            .bind(partner_id)
            .bind(text(ack_ref))
            .bind(status)
            .bind(text(detail))
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(done.rows_affected())
        })
    }

    /// Record what `partner_id`'s application said (an APERAK) of the outbound EDIFACT document
    /// that `reference` names: its interchange reference (UNB 0020) or the document's number
    /// (BGM 1004: a confirmation, shipment or invoice number). `kind` narrows the number to one
    /// kind of document (`invoice` for an RFF `IV`, `shipment` for `AAK`/`DQ`). The ids of the
    /// documents it concerned.
    pub async fn record_application_ack(
        &self,
        partner_id: &str,
        reference: &str,
        kind: Option<&str>,
        status: &str,
        detail: &str,
    ) -> Result<Vec<String>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "UPDATE documents SET app_ack_status = $3, app_ack_detail = $4, updated_at = $5 \
                 WHERE partner_id = $1 AND direction = 'outbound' AND syntax = 'edifact' \
                 AND ((control_id = $2 AND $6 IS NULL) \
                      OR id IN (SELECT document_id FROM fulfilments \
                                WHERE number = $2 AND ($6 IS NULL OR kind = $6))) \
                 RETURNING id",
            )
            .bind(partner_id)
            .bind(text(reference))
            .bind(status)
            .bind(text(detail))
            .bind(Utc::now())
            .bind(kind)
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| r.col("id")).collect::<Result<Vec<String>, _>>()?)
        })
    }

    /// [`record_application_ack`](Self::record_application_ack) for an APERAK that names only
    /// an order number: the latest outbound EDIFACT document of that order.
    pub async fn record_application_ack_by_order(
        &self,
        partner_id: &str,
        order_number: &str,
        status: &str,
        detail: &str,
    ) -> Result<Vec<String>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "UPDATE documents SET app_ack_status = $3, app_ack_detail = $4, updated_at = $5 \
                 WHERE id = (SELECT id FROM documents WHERE partner_id = $1 \
                             AND direction = 'outbound' AND syntax = 'edifact' \
                             AND order_number = $2 AND ack_ref IS NOT NULL \
                             ORDER BY created_at DESC, id DESC LIMIT 1) \
                 RETURNING id",
            )
            .bind(partner_id)
            .bind(text(order_number))
            .bind(status)
            .bind(text(detail))
            .bind(Utc::now())
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| r.col("id")).collect::<Result<Vec<String>, _>>()?)
        })
    }

    /// Outbound documents with an acknowledgement expected, newest first; `pending` ones sent
    /// before `overdue_before` are reported `overdue`. `state` filters on that reported state,
    /// in the query (before the limit: the oldest overdue documents are found however many
    /// newer ones there are).
    pub async fn list_acks(
        &self,
        state: Option<&str>,
        overdue_before: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<AckRow>, StoreError> {
        // `received` (a TA1 A, a CONTRL 8) is not the acknowledgement itself: past the
        // deadline it is overdue like `pending`.
        let (filter, limit_param) = match state {
            None => ("", "$1"),
            Some("pending") => (" AND ack_status = 'pending' AND created_at >= $1", "$2"),
            Some("received") => (" AND ack_status = 'received' AND created_at >= $1", "$2"),
            Some("overdue") => (
                " AND ack_status IN ('pending', 'received') AND created_at < $1",
                "$2",
            ),
            Some(_) => (" AND ack_status = $1", "$2"),
        };
        let sql = format!(
            "SELECT id, partner_id, doc_type, control_id, ack_ref, ack_status, ack_detail, \
             app_ack_status, app_ack_detail, created_at FROM documents WHERE ack_ref IS NOT NULL\
             {filter} ORDER BY created_at DESC, id DESC LIMIT {limit_param}"
        );
        let limit = limit.clamp(1, 1000);
        dispatch!(self, pool => {
            let query = sqlx::query(&sql);
            let query = match state {
                None => query,
                Some("pending" | "received" | "overdue") => query.bind(overdue_before),
                Some(s) => query.bind(s),
            };
            let rows = query.bind(limit).fetch_all(pool).await?;
            let mut out = Vec::new();
            for r in &rows {
                let created_at: DateTime<Utc> = r.col("created_at")?;
                let mut status: String = r.col::<Option<String>>("ack_status")?.unwrap_or_else(|| "pending".into());
                if matches!(status.as_str(), "pending" | "received") && created_at < overdue_before {
                    status = "overdue".into();
                }
                out.push(AckRow {
                    id: r.col("id")?,
                    partner_id: r.col("partner_id")?,
                    doc_type: r.col("doc_type")?,
                    control_id: r.col("control_id")?,
                    ack_ref: r.col("ack_ref")?,
                    ack_status: status,
                    ack_detail: r.col("ack_detail")?,
                    application_status: r.col("app_ack_status")?,
                    application_detail: r.col("app_ack_detail")?,
                    created_at,
                });
            }
            Ok(out)
        })
    }
}
