//! Control numbers per partner: ISA13, GS06, ST02, UNB 0020 … Unique, monotonic, never reused,
//! also with several processes on one PostgreSQL (the upsert takes a row lock).

use sqlx::Row;

use super::{dispatch, BeginWrite, Store, StoreError};

/// A control-number sequence and its largest value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ControlNumberKind {
    /// X12 ISA13 (9 digits).
    IsaControl,
    /// X12 GS06 (up to 9 digits).
    GroupControl,
    /// X12 ST02 (4–9 characters).
    TransactionControl,
    /// EDIFACT UNB 0020 interchange reference (up to 14).
    InterchangeRef,
    /// EDIFACT UNH 0062 message reference (up to 14).
    MessageRef,
}

impl ControlNumberKind {
    /// Stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IsaControl => "x12.isa13",
            Self::GroupControl => "x12.gs06",
            Self::TransactionControl => "x12.st02",
            Self::InterchangeRef => "edifact.0020",
            Self::MessageRef => "edifact.0062",
        }
    }

    /// Largest value the sequence may reach.
    pub fn max(self) -> i64 {
        match self {
            Self::IsaControl | Self::GroupControl | Self::TransactionControl => 999_999_999,
            Self::InterchangeRef | Self::MessageRef => 99_999_999_999_999,
        }
    }
}

impl Store {
    /// The next control number of `kind` for `partner_id` (first is 1).
    pub async fn next_control_number(
        &self,
        partner_id: &str,
        kind: ControlNumberKind,
    ) -> Result<i64, StoreError> {
        let value: i64 = dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row = sqlx::query(
                "INSERT INTO control_numbers (partner_id, kind, value) VALUES ($1, $2, 1) \
                 ON CONFLICT (partner_id, kind) DO UPDATE SET value = control_numbers.value + 1 \
                 RETURNING value",
            )
            .bind(partner_id)
            .bind(kind.as_str())
            .fetch_one(&mut *tx)
            .await?;
            let value: i64 = row.get(0);
            if value > kind.max() {
                tx.rollback().await?;
                return Err(StoreError::ControlNumbersExhausted {
                    partner_id: partner_id.to_owned(),
                    kind: kind.as_str(),
                    max: kind.max(),
                });
            }
            tx.commit().await?;
            value
        });
        Ok(value)
    }
}
