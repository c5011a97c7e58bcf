//! Connectors to ERPs and marketplaces (CSV over SFTP, Odoo, webhooks, Shopify, …).
//!
//! Every connector will have the same shape (vector's sink pattern): a `config.rs` that
//! deserialises its settings and builds the connector plus a health check, a `client.rs` that
//! speaks the remote API, a `mapping.rs` between its records and the canonical model, and tests
//! against a local stand-in server. Deliveries to connectors go through the store's outbox like
//! every other outbound document. No connector is implemented yet.
