//! Transports: edge I/O only. Bytes and what the channel knows about the sender come in, bytes
//! go out; document semantics live in `pipeline`.
//!
//! - [`http`]: the actix-web server (health, metrics, admin API; later cXML, OCI, EDI over HTTP).

pub mod http;
