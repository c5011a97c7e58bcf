//! Tests of the EDIFACT codec.

mod tokenizer;
