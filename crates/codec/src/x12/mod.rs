//! ANSI ASC X12: tokenizer, envelope, acknowledgements and the interchange writer.
//!
//! # Reading
//! [`parse`] reads every interchange of an input; [`interchanges`] streams them one at a time
//! (only the current interchange's segments are held). Both are zero-copy: a [`Segment`] borrows
//! its bytes from the input and finds elements ([`Segment::element`]), components
//! ([`Segment::component`]) and repetitions ([`Segment::repetitions`]) on demand. [`segments`]
//! is the bare tokenizer underneath.
//!
//! The delimiters come from each ISA by position (element separator `ISA[3]`, component
//! separator ISA16, terminator after it); a trimmed or padded ISA is read by counting element
//! separators. A UTF-8 BOM, whitespace and line breaks after terminators, CR or LF as the
//! terminator, TA1s outside groups, several interchanges per input and junk between them are
//! tolerated. The repetition separator (ISA11) is used from ISA12 `00402` on only; `U` there is
//! a warning. The letters "ISA" inside data never start a new interchange.
//!
//! Nothing stops at the first problem: every envelope problem is an [`EnvelopeIssue`] with its
//! [`EnvelopeErrorKind`], its [`Level`] (interchange, group, set), the group and set it belongs
//! to, and the acknowledgement code (TA105, AK905, AK502). [`parse`] fails only when there is no
//! ISA at all.
//!
//! # Acknowledging
//! [`needs_ta1`] / [`ta1`] for the interchange, [`ack_997`] / [`ack_999`] for each group, with
//! [`SetAck`]s carrying what mappers and partner rules found (AK3/AK4, IK3/IK4/CTX),
//! [`Interchange::reply_header`] for the swapped ISA. [`read_acks`] reads inbound 997/999/TA1 into
//! an [`AckSummary`] for reconciling what we sent.
//!
//! # Writing
//! [`SegmentWriter`] accumulates the segments of one set body (delimiters in data are replaced
//! by spaces, with a warning: X12 has no escape before 007040); [`write_interchange`] wraps sets
//! in a fixed-width ISA, GS/ST/SE/GE/IEA with the right counts and control numbers, and reports
//! anything it cannot say validly as an error [`Issue`](crate::Issue).
//!
//! # Layout
//! - `segment.rs`: [`Delimiters`], [`Segment`], [`TransactionSet`], [`SegmentWriter`].
//! - `tokenizer.rs`: [`segments`]: ISA delimiter detection and segment splitting (`memchr`).
//! - `envelope.rs`: [`parse`], [`interchanges`], the envelope structure and its validation.
//! - `ack.rs`: 997/999/TA1 builders and readers.
//! - `loops.rs`: the loops of the 850 and 860, for AK303/IK303 and the 999 business-unit CTX.
//! - `write.rs`: [`write_interchange`] and [`write_interchange_with_ta1`].
//! - `map/`: transaction sets ↔ the canonical model.
//! - `rules.rs`: [`rules::check`]: standard and partner segment/element rules → located issues.

mod ack;
mod elements;
mod envelope;
mod loops;
pub mod map;
pub mod rules;
mod segment;
mod tokenizer;
mod write;

pub use ack::{
    ack_997, ack_999, acknowledge_group, needs_ta1, read_acks, read_functional_ack, read_ta1, ta1,
    AckKind, AckOptions, AckStatus, AckSummary, Context, ElementError, FunctionalAck, GroupVerdict,
    SegmentError, SetAck, SetResult, Ta1Out, Ta1Summary, IMPLEMENTATION_999,
};
pub use envelope::{
    interchanges, parse, EnvelopeErrorKind, EnvelopeIssue, Group, Interchange, Interchanges, Level,
    Parsed,
};
pub use segment::{Delimiters, Segment, SegmentWriter, TransactionSet};
pub use tokenizer::{segments, Segments};
pub use write::{
    write_interchange, write_interchange_with_ta1, GroupOut, InterchangeHeader, SetOut,
};

#[cfg(test)]
mod tests;
