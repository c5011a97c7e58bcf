//! UBL tests.
