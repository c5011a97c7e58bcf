//! Punchout shop sessions: created by a cXML PunchOutSetupRequest or an OCI call-up, entered once
//! through a one-time start token (stored only as its SHA-256), then addressed by a random
//! session id in the URL until they expire.

use chrono::{DateTime, Utc};
use sqlx::Row;

use super::{dispatch, opt_text, text, BeginWrite, Store, StoreError, StoreRow};

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Session id (random, unguessable; it is the URL).
    pub id: String,
    /// Partner.
    pub partner_id: String,
    /// `cxml` or `oci`.
    pub protocol: &'static str,
    /// `create`, `edit` or `inspect`.
    pub operation: String,
    /// cXML BuyerCookie (echoed on return).
    pub buyer_cookie: Option<String>,
    /// BrowserFormPost URL or HOOK_URL.
    pub return_url: String,
    /// Protocol details as JSON.
    pub params: serde_json::Value,
    /// Initial cart (canonical `punchout_cart` JSON).
    pub cart: String,
    /// SHA-256 (hex) of the one-time start token, if the session is entered through one.
    pub start_token_hash: Option<String>,
    /// When the start token stops working.
    pub start_token_expires_at: Option<DateTime<Utc>>,
    /// When the session stops working.
    pub expires_at: DateTime<Utc>,
    /// Archived setup request.
    pub setup_document_id: Option<String>,
}

/// A stored session.
#[derive(Debug, Clone)]
pub struct SessionRow {
    /// Session id.
    pub id: String,
    /// Partner.
    pub partner_id: String,
    /// `cxml` or `oci`.
    pub protocol: String,
    /// `create`, `edit` or `inspect`.
    pub operation: String,
    /// BuyerCookie.
    pub buyer_cookie: Option<String>,
    /// BrowserFormPost URL or HOOK_URL.
    pub return_url: String,
    /// Protocol details.
    pub params: serde_json::Value,
    /// Canonical cart JSON.
    pub cart: String,
    /// Bumped on every cart change (optimistic lock).
    pub cart_version: i64,
    /// Expiry, epoch milliseconds.
    pub expires_at: i64,
    /// `open` or `transferred`.
    pub state: String,
    /// How many times the cart was transferred.
    pub transfers: i64,
    /// Created.
    pub created_at: DateTime<Utc>,
}

impl SessionRow {
    /// Whether the session is past its expiry at `now`.
    pub fn is_expired(&self, now: DateTime<Utc>) -> bool {
        now.timestamp_millis() > self.expires_at
    }
}

const SESSION_COLUMNS: &str = "id, partner_id, protocol, operation, buyer_cookie, return_url, \
     params, cart, cart_version, expires_at, state, transfers, created_at";

fn session_from_row(row: &impl StoreRow) -> Result<SessionRow, StoreError> {
    let params: String = row.col("params")?;
    Ok(SessionRow {
        id: row.col("id")?,
        partner_id: row.col("partner_id")?,
        protocol: row.col("protocol")?,
        operation: row.col("operation")?,
        buyer_cookie: row.col("buyer_cookie")?,
        return_url: row.col("return_url")?,
        params: serde_json::from_str(&params).map_err(|e| StoreError::Corrupt {
            what: "punchout_sessions.params",
            message: e.to_string(),
        })?,
        cart: row.col("cart")?,
        cart_version: row.col("cart_version")?,
        expires_at: row.col("expires_at")?,
        state: row.col("state")?,
        transfers: row.col("transfers")?,
        created_at: row.col("created_at")?,
    })
}

impl Store {
    /// Create a punchout session.
    pub async fn create_session(&self, s: &NewSession) -> Result<(), StoreError> {
        let now = Utc::now();
        let params = s.params.to_string();
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO punchout_sessions (id, partner_id, protocol, operation, buyer_cookie, \
                 return_url, params, cart, start_token_hash, start_token_expires_at, expires_at, \
                 state, transfers, setup_document_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', 0, $12, $13, $13)",
            )
            .bind(&s.id)
            .bind(&s.partner_id)
            .bind(s.protocol)
            .bind(text(&s.operation))
            .bind(opt_text(&s.buyer_cookie))
            .bind(text(&s.return_url))
            .bind(&params)
            .bind(&s.cart)
            .bind(&s.start_token_hash)
            .bind(s.start_token_expires_at.map(|t| t.timestamp_millis()))
            .bind(s.expires_at.timestamp_millis())
            .bind(&s.setup_document_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Use a one-time start token: returns the session id once, if the token exists and has not
    /// expired; the token is gone afterwards either way.
    pub async fn take_start_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(
                "UPDATE punchout_sessions SET start_token_hash = NULL, updated_at = $2 \
                 WHERE start_token_hash = $1 RETURNING id, start_token_expires_at, expires_at",
            )
            .bind(crate::store::text(token_hash))
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(row.and_then(|r| {
                let token_exp: Option<i64> = r.get(1);
                let exp: i64 = r.get(2);
                let now_ms = now.timestamp_millis();
                (token_exp.is_some_and(|t| t >= now_ms) && exp >= now_ms).then(|| r.get(0))
            }))
        })
    }

    /// A session by id (expired or not; the caller decides).
    pub async fn get_session(&self, id: &str) -> Result<Option<SessionRow>, StoreError> {
        let sql = format!("SELECT {SESSION_COLUMNS} FROM punchout_sessions WHERE id = $1");
        dispatch!(self, pool => {
            let row = sqlx::query(&sql).bind(crate::store::text(id)).fetch_optional(pool).await?;
            row.as_ref().map(session_from_row).transpose()
        })
    }

    /// Replace a session's cart if it is still open and still at `expected_version` (nobody
    /// changed it since it was read). `false` means: reload and try again, or it was closed.
    pub async fn save_cart(
        &self,
        id: &str,
        expected_version: i64,
        cart: &str,
    ) -> Result<bool, StoreError> {
        dispatch!(self, pool => {
            let done = sqlx::query(
                "UPDATE punchout_sessions SET cart = $3, cart_version = cart_version + 1, updated_at = $4 \
                 WHERE id = $1 AND cart_version = $2 AND state = 'open'",
            )
            .bind(crate::store::text(id))
            .bind(expected_version)
            .bind(cart)
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(done.rows_affected() > 0)
        })
    }

    /// Close an open session for transfer, atomically: returns the cart as it is at that moment
    /// and the transfer's sequence number, or `None` when the session is not open (a second
    /// click, a concurrent transfer).
    pub async fn claim_transfer(&self, id: &str) -> Result<Option<(String, i64)>, StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(
                "UPDATE punchout_sessions SET state = 'transferred', transfers = transfers + 1, \
                 updated_at = $2 WHERE id = $1 AND state = 'open' RETURNING cart, transfers",
            )
            .bind(crate::store::text(id))
            .bind(Utc::now())
            .fetch_optional(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(row.map(|r| (r.get(0), r.get(1))))
        })
    }

    /// Reopen a session whose transfer could not be completed.
    pub async fn reopen_session(&self, id: &str) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query(
                "UPDATE punchout_sessions SET state = 'open', updated_at = $2 \
                 WHERE id = $1 AND state = 'transferred'",
            )
            .bind(crate::store::text(id))
            .bind(Utc::now())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Carts a partner returned to its procurement system since `since`, newest first (at most
    /// `limit`), as canonical `punchout_cart` JSON: orders are matched back to them.
    pub async fn transferred_carts(
        &self,
        partner_id: &str,
        since: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<String>, StoreError> {
        dispatch!(self, pool => {
            let rows = sqlx::query(
                "SELECT cart FROM punchout_sessions WHERE partner_id = $1 AND state = 'transferred' \
                 AND updated_at >= $2 ORDER BY updated_at DESC LIMIT $3",
            )
            .bind(partner_id)
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows.iter().map(|r| r.get::<String, _>(0)).collect())
        })
    }
}
