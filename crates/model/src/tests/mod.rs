//! Crate-wide test helpers and properties (module-specific tests sit beside their modules).

pub(crate) mod support;

mod roundtrip;
