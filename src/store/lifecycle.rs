//! The order lifecycle: confirmations, shipments and invoices we issue for an order, each stored
//! with the outbound document rendered from it and the outbox job that delivers it, in one
//! transaction that also moves the order's status.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::documents::insert_document;
use super::outbox::insert_job;
use super::{
    dispatch, opt_text, text, BeginWrite, NewDocument, NewJob, OrderRow, Store, StoreError,
    StoreRow,
};

/// What kind of lifecycle document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfilmentKind {
    /// An order confirmation (canonical `order_response`).
    Confirmation,
    /// A shipment (canonical `ship_notice`).
    Shipment,
    /// An invoice (canonical `invoice`).
    Invoice,
}

impl FulfilmentKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Shipment => "shipment",
            Self::Invoice => "invoice",
        }
    }
}

/// A stored lifecycle document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FulfilmentRow {
    /// Id.
    pub id: String,
    /// Order.
    pub order_id: String,
    /// `confirmation`, `shipment` or `invoice`.
    pub kind: String,
    /// Confirmation number, shipment id or invoice number.
    pub number: String,
    /// The order version it was issued against.
    pub order_version: i64,
    /// Canonical JSON.
    #[serde(skip)]
    pub body: String,
    /// The outbound document rendered from it.
    pub document_id: String,
    /// When recorded.
    pub created_at: DateTime<Utc>,
}

/// What to record, decided by the pipeline from the locked order and its earlier lifecycle
/// documents.
#[derive(Debug, Clone)]
pub struct FulfilmentPlan {
    /// Confirmation number, shipment id or invoice number (as given, or generated).
    pub number: String,
    /// Canonical JSON of the confirmation / ship notice / invoice.
    pub body: String,
    /// The rendered outbound document.
    pub document: NewDocument,
    /// Its delivery, when the partner has a channel for it.
    pub job: Option<NewJob>,
    /// The order's new status, when it changes.
    pub status: Option<String>,
}

/// The outcome of [`Store::record_fulfilment`].
#[derive(Debug, Clone)]
pub enum FulfilmentOutcome<E> {
    /// No such order.
    NoOrder,
    /// A document of this kind and number was already recorded for the order; nothing changed.
    Existing(FulfilmentRow),
    /// Recorded now.
    Recorded {
        /// The lifecycle record.
        fulfilment_id: String,
        /// The outbound document.
        document_id: String,
        /// Its number.
        number: String,
    },
    /// The pipeline refused (over-shipping, wrong status …); nothing was written.
    Refused(E),
}

const COLUMNS: &str = "id, order_id, kind, number, order_version, body, document_id, created_at";

fn from_row(r: &impl StoreRow) -> Result<FulfilmentRow, StoreError> {
    Ok(FulfilmentRow {
        id: r.col("id")?,
        order_id: r.col("order_id")?,
        kind: r.col("kind")?,
        number: r.col("number")?,
        order_version: r.col("order_version")?,
        body: r.col("body")?,
        document_id: r.col("document_id")?,
        created_at: r.col("created_at")?,
    })
}

impl Store {
    /// Record a confirmation, shipment or invoice for `order_id`: lock the order, load what was
    /// issued for it before, let `plan` decide (it sees both and may refuse), then store the
    /// lifecycle record, its outbound document and delivery job, and the order's new status in
    /// one transaction. Recording the same kind and `number` twice returns the first record; with
    /// no `number`, `plan` makes one up (and it must not be taken).
    pub async fn record_fulfilment<E, F>(
        &self,
        order_id: &str,
        kind: FulfilmentKind,
        number: Option<&str>,
        plan: F,
    ) -> Result<FulfilmentOutcome<E>, StoreError>
    where
        F: FnOnce(&OrderRow, &[FulfilmentRow]) -> Result<FulfilmentPlan, E>,
    {
        let now = Utc::now();
        let select_order = format!(
            "SELECT {} FROM orders WHERE id = $1{}",
            super::orders::ORDER_COLUMNS,
            self.row_lock()
        );
        let select_prior = format!(
            "SELECT {COLUMNS} FROM fulfilments WHERE order_id = $1 ORDER BY created_at, id"
        );
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let Some(order) = sqlx::query(&select_order)
                .bind(crate::store::text(order_id))
                .fetch_optional(&mut *tx)
                .await?
                .as_ref()
                .map(super::orders::order_from_row)
                .transpose()?
            else {
                return Ok(FulfilmentOutcome::NoOrder);
            };
            let prior = sqlx::query(&select_prior)
                .bind(crate::store::text(order_id))
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(from_row)
                .collect::<Result<Vec<_>, _>>()?;
            let taken = |n: &str| prior.iter().find(|f| f.kind == kind.as_str() && f.number == n);
            if let Some(existing) = number.and_then(taken) {
                return Ok(FulfilmentOutcome::Existing(existing.clone()));
            }
            let plan = match plan(&order, &prior) {
                Ok(p) => p,
                Err(e) => return Ok(FulfilmentOutcome::Refused(e)),
            };
            if taken(&plan.number).is_some() {
                return Err(StoreError::Corrupt {
                    what: "fulfilments.number",
                    message: format!("{} {} is already taken", kind.as_str(), plan.number),
                });
            }
            let document_id = uuid::Uuid::new_v4().to_string();
            let fulfilment_id = uuid::Uuid::new_v4().to_string();
            let inserted =
                insert_document!(&mut *tx, &plan.document, &document_id, Some(order_id), now);
            if inserted.is_none() {
                return Err(StoreError::Corrupt {
                    what: "documents.dedup_key",
                    message: format!(
                        "outbound document key {} is already taken",
                        plan.document.dedup_key
                    ),
                });
            }
            sqlx::query(
                "INSERT INTO fulfilments (id, order_id, kind, number, order_version, body, \
                 document_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(&fulfilment_id)
            .bind(crate::store::text(order_id))
            .bind(kind.as_str())
            .bind(text(&plan.number))
            .bind(order.version)
            .bind(&plan.body)
            .bind(&document_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if let Some(job) = &plan.job {
                insert_job!(&mut *tx, job, Some(document_id.as_str()), Some(order_id), now);
            }
            sqlx::query("UPDATE orders SET status = COALESCE($2, status), updated_at = $3 WHERE id = $1")
                .bind(crate::store::text(order_id))
                .bind(opt_text(&plan.status))
                .bind(now)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(FulfilmentOutcome::Recorded { fulfilment_id, document_id, number: plan.number })
        })
    }

    /// Everything issued for an order, oldest first.
    pub async fn order_fulfilments(
        &self,
        order_id: &str,
    ) -> Result<Vec<FulfilmentRow>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM fulfilments WHERE order_id = $1 ORDER BY created_at, id"
        );
        dispatch!(self, pool => {
            let rows = sqlx::query(&sql).bind(crate::store::text(order_id)).fetch_all(pool).await?;
            rows.iter().map(from_row).collect()
        })
    }
}
