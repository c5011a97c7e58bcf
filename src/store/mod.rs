//! Storage: the only module that contains SQL.
//!
//! One [`Store`] enum with a variant per backend: SQLite (embedded default, WAL mode, created on
//! first start) and PostgreSQL (production). Both run the same migrations (one folder per dialect
//! under `migrations/`) and the same queries: statements use `$n` placeholders, which both
//! dialects accept, and `CAST(… AS TEXT)` rather than `::text`.
//!
//! Invariants:
//! - Receiving a document and recording what it produced (order rows, outbox jobs) happen in one
//!   transaction ([`Store::receive_order`]); the caller acknowledges only after it returns.
//! - The archive's `dedup_key` is unique: the same document twice, concurrently or not, yields one
//!   row and the second caller learns it was a duplicate.
//! - On SQLite every write transaction starts with `BEGIN IMMEDIATE`, so concurrent writers queue
//!   on the busy timeout instead of failing with `SQLITE_BUSY` on lock upgrade.

mod catalogs;
mod counters;
mod documents;
mod lifecycle;
mod orders;
mod outbox;
mod punchout;
mod records;

use std::borrow::Cow;
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use catalogs::{
    NewCatalogItem, NewPriceEntry, PriceEntry, CATEGORY_SEPARATOR, MAX_SEARCH_TERMS, UPSERT_BATCH,
};
pub use counters::ControlNumberKind;
pub use documents::{AckRow, DocumentFilter, DocumentMeta, NewDocument, RawDocument};
pub use lifecycle::{FulfilmentKind, FulfilmentOutcome, FulfilmentPlan, FulfilmentRow};
pub use orders::{
    AttachmentMeta, BatchChange, BatchReceipt, ChangeOutcome, ChangeReceipt, InboundBatch,
    NewAttachment, NewOrder, OrderFilter, OrderRow, OrderVersion, OrderWrite, Receipt, StoredOrder,
};
pub use outbox::{Job, JobState, NewJob};
pub use punchout::{NewSession, SessionRow};
pub use records::{NewRecord, RecordFilter, RecordRow};

/// `s` as both databases can hold it. PostgreSQL's `text` refuses U+0000, which partner bytes
/// can carry (an EDIFACT or X12 value, a JSON `\u0000`, a partner's HTTP error body): it is
/// stored as U+FFFD, on SQLite too so that both hold the same. Every text bound to a query that
/// did not come from our own constants goes through this, so partner input never makes a
/// statement fail.
pub(crate) fn text(s: &str) -> Cow<'_, str> {
    if s.contains('\0') {
        Cow::Owned(s.replace('\0', "\u{FFFD}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// [`text`] for an optional value.
pub(crate) fn opt_text(s: &Option<String>) -> Option<Cow<'_, str>> {
    s.as_deref().map(text)
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// A storage failure. Partner input never causes one (see [`text`]); these are ours (→ HTTP 500 /
/// cXML 500).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL is neither `sqlite:` nor `postgres:`.
    #[error("unsupported database URL `{0}` (expected sqlite://… or postgres://…)")]
    UnsupportedUrl(String),
    /// The SQLite file's folder could not be created.
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        /// Folder.
        path: String,
        /// Cause.
        source: std::io::Error,
    },
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// A stored value could not be decoded.
    #[error("corrupt stored value in {what}: {message}")]
    Corrupt {
        /// Table/column.
        what: &'static str,
        /// Cause.
        message: String,
    },
    /// A control-number sequence is exhausted.
    #[error("control number sequence {kind} for partner {partner_id} is exhausted (max {max})")]
    ControlNumbersExhausted {
        /// Partner.
        partner_id: String,
        /// Sequence.
        kind: &'static str,
        /// Largest allowed value.
        max: i64,
    },
}

/// Which backend a store runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// `sqlite` or `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// The database, one variant per backend. Cheap to clone (pools are shared).
#[derive(Debug, Clone)]
pub enum Store {
    /// Embedded SQLite.
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Run `$body` with `$pool` bound to whichever pool the store holds. The body is compiled once
/// per backend, so the same sqlx code serves both.
macro_rules! dispatch {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite($pool) => $body,
            $crate::store::Store::Postgres($pool) => $body,
        }
    };
}
pub(crate) use dispatch;

/// Start a write transaction: `BEGIN IMMEDIATE` on SQLite, plain `BEGIN` on PostgreSQL.
pub(crate) trait BeginWrite {
    type Db: sqlx::Database;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

/// A value both backends can decode from a column.
pub(crate) trait Column:
    for<'r> sqlx::Decode<'r, sqlx::Sqlite>
    + sqlx::Type<sqlx::Sqlite>
    + for<'r> sqlx::Decode<'r, sqlx::Postgres>
    + sqlx::Type<sqlx::Postgres>
{
}

impl<T> Column for T where
    T: for<'r> sqlx::Decode<'r, sqlx::Sqlite>
        + sqlx::Type<sqlx::Sqlite>
        + for<'r> sqlx::Decode<'r, sqlx::Postgres>
        + sqlx::Type<sqlx::Postgres>
{
}

/// A result row of either backend, read by column name. Row-to-struct functions take
/// `&impl StoreRow`, so they are written once for both databases.
pub(crate) trait StoreRow {
    /// The value of column `name`.
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error>;
}

impl StoreRow for sqlx::sqlite::SqliteRow {
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(self, name)
    }
}

impl StoreRow for sqlx::postgres::PgRow {
    fn col<T: Column>(&self, name: &str) -> Result<T, sqlx::Error> {
        sqlx::Row::try_get(self, name)
    }
}

impl Store {
    /// Open (and for SQLite, create) the database at `url`.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(30));
            let file = options.get_filename();
            if let Some(parent) = file.parent().filter(|p| !p.as_os_str().is_empty()) {
                if !is_memory(file) {
                    std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                        path: parent.display().to_string(),
                        source,
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections.max(1))
                .acquire_timeout(Duration::from_secs(30))
                .connect_with(options)
                .await?;
            Ok(Self::Sqlite(pool))
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            let options = PgConnectOptions::from_str(url)?.application_name("b2bgate");
            let pool = PgPoolOptions::new()
                .max_connections(max_connections.max(1))
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            Ok(Self::Postgres(pool))
        } else {
            Err(StoreError::UnsupportedUrl(redact_url(url)))
        }
    }

    /// Which backend this is.
    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// Apply pending migrations.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATOR.run(pool).await?,
            Self::Postgres(pool) => POSTGRES_MIGRATOR.run(pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("SELECT 1").execute(pool).await?;
        });
        Ok(())
    }

    /// Close every pooled connection (graceful shutdown).
    pub async fn close(&self) {
        dispatch!(self, pool => pool.close().await)
    }
}

fn is_memory(path: &Path) -> bool {
    path.as_os_str() == ":memory:" || path.as_os_str().is_empty()
}

/// A database URL with any password replaced, for error messages and logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(u) => u.to_string(),
        Err(_) => url.split('@').next_back().unwrap_or_default().to_owned(),
    }
}

/// Milliseconds since the Unix epoch (the outbox's scheduling clock).
pub fn epoch_millis(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact_url("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_url("mysql://h/db"), "mysql://h/db");
    }
}
