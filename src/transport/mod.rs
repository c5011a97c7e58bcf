//! Transports: edge I/O only. Bytes and what the channel knows about the sender come in, bytes
//! go out; document semantics live in `pipeline`.
//!
//! - [`http`]: the actix-web server: health, metrics, admin API, cXML, OCI, EDI over HTTP.
//! - [`folder`]: drop folders: per-partner `in/` polled, `processed/` and `error/`, atomic `out/`.

pub mod folder;
pub mod http;
