//! UN/EDIFACT: tokenizer, envelope, CONTRL and the interchange writer.

mod charset;
pub mod map;
mod segment;
mod tokenizer;

pub use charset::{is_unoa, Charset};
pub use segment::{Delimiters, Segment};
pub use tokenizer::{segments, Segments};

#[cfg(test)]
mod tests;
