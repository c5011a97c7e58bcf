//! The one integration-test binary. Every test boots the real gateway with `spawn_app()` on
//! port 0 against a fresh database: SQLite by default, PostgreSQL when `TEST_DATABASE_URL` is set
//! (a new database per test is created on that server).

mod admin_api;
mod browser;
mod catalog;
mod cli;
mod conformance;
mod cxml_orders;
mod edifact;
mod helpers;
mod mutations;
mod orders;
mod punchout_cxml;
mod punchout_oci;
mod records;
mod relay;
mod relay_processes;
mod server;
mod store;
mod ubl;
mod ubl_judge;
mod x12;
mod x12_judge;
