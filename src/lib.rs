//! b2bgate: a B2B punchout and EDI gateway.
//!
//! # Layout
//! Data flows `transport` → `pipeline` → `store` (→ outbox → `transport`). The pure crates
//! [`model`] (canonical documents, partner profiles) and [`codec`] (wire formats) do no I/O;
//! everything here does.
//!
//! - [`settings`]: layered settings (defaults → `config/b2bgate.toml` → environment).
//! - [`telemetry`]: tracing subscriber and the per-request root span.
//! - [`partners`]: the partner registry loaded from `partners/*.toml`.
//! - [`store`]: the only module with SQL (SQLite and PostgreSQL).
//! - [`pipeline`]: receive → decode → store → acknowledge.
//! - [`catalog_import`]: catalog and price-list files (CSV, JSON) and the embedded demo catalog.
//! - [`transport`]: HTTP today; AS2 and file drops later.
//! - [`connectors`]: ERP and marketplace connectors (later issues).
//! - [`startup`]: builds and runs the application.

pub mod catalog_import;
pub mod connectors;
pub mod metrics;
pub mod partners;
pub mod pipeline;
pub mod security;
pub mod settings;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod translate;
pub mod transport;
