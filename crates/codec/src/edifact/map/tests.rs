//! Tests of the EDIFACT maps.
