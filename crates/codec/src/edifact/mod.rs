//! UN/EDIFACT (ISO 9735, syntax versions 1–4) and GS1 EANCOM: tokenizer, envelope, CONTRL and
//! the interchange writer.
//!
//! # API for message maps (quick reference)
//! ```text
//! let parsed = edifact::parse(bytes)?;                 // Parsed { interchanges, issues }
//! for ic in &parsed.interchanges {                       // Interchange
//!     ic.header.sender.id / .qualifier / .routing        // UNB S002 (owned Strings, "" if absent)
//!     ic.header.control_reference, ic.header.ack_requested(), ic.header.is_test()
//!     for (group, index, msg) in ic.all_messages() {     // in or outside UNG groups
//!         msg.first("BGM"), msg.with_tag("NAD")          // (body index, Segment)
//!         msg.location(index, element, Some(component))  // Location with segment_position
//!         msg.message_type() == "ORDERS"; msg.release() == "96A"; msg.association() // EAN008
//!         msg.reference();                               // UNH 0062
//!         for seg in msg.segments() {                    // body, UNH/UNT excluded;
//!                                                        // segments().get(i): position i + 2
//!             seg.tag() == "NAD";
//!             seg.value(1, 1)      -> Option<Cow<str>>   // element 1 (after the tag),
//!                                                        // component 1; decoded, unescaped,
//!                                                        // "" → None
//!             seg.value_at(e, rep, c), seg.repetition_values(e, c), seg.components(e)
//!             seg.decimal(e, c)    -> Option<Decimal>    // `.` or `,`
//!             seg.element_count(), seg.component_count(e), seg.repetition_count(e)
//!             seg.element_location(e, Some(c))           // Location for an Issue
//!         }
//!     }
//!     ic.issues                                          // Vec<EnvelopeIssue>
//!     ic.reply_header(our_ref, date, time)               // swapped UNB for ORDRSP/CONTRL…
//! }
//! // Issues for a CONTRL: Issue.code = 0085 code, location.segment_position counted from
//! // UNH = 1, location.element / component 1-based.
//! let mut body = SegmentWriter::new(Delimiters::DEFAULT);
//! body.segment("NAD", &[&["BY"], &["5412345000013", "", "9"]]);   // composites: inner slices
//! body.simple("BGM", &["231", "PO-1", "9"]);                       // one component each
//! body.segment_with_repetitions("ATT", &[&[&["2"]], &[], &[&["M"], &["F"]]]); // syntax 4
//! let msg = MessageOut::new("1", "ORDRSP", "96A", body);            // D/96A/UN; .association
//! write_interchange(&header, &[msg]) -> Written { bytes, charset, issues }
//! ```
//!
//! # Reading
//! [`parse`] reads every interchange of an input; [`interchanges`] streams them one at a time.
//! Both are zero-copy: a [`Segment`] borrows its bytes from the input and finds elements,
//! repetitions and components on demand; [`Segment::value`] unescapes (release character) and
//! decodes (per [`Charset`]) only the value asked for, borrowing when nothing changes.
//! [`segments`] is the bare tokenizer underneath. For cutting a stream into whole
//! interchanges, [`complete_end`] finds where to cut after the complete ones (at the start of
//! the next interchange, so that junk after a UNZ stays with it) from the tokens alone and
//! [`may_hold_unz`] tells cheaply that a buffer cannot hold one yet.
//!
//! The delimiters come from a `UNA` or the defaults (`:+.? '`; repetition `*` in syntax 4,
//! none in syntax 1–3; a space in UNA5 means none). A UTF-8 BOM, whitespace and line breaks
//! between segments, files wrapped at a fixed width (CR/LF inside a segment are dropped), several
//! interchanges per input with a repeated `UNA`, `UNG`/`UNE` groups, a bare `UNH`…`UNT` file
//! without `UNB`, and junk after `UNZ` are all read. The character set comes from UNB S001:
//! UNOA/UNOB (ASCII), UNOC (8859-1), UNOD (8859-2), UNOE (8859-5), UNOF (8859-7), UNOG–UNOK
//! (8859-3/4/6/8/9), UNOW/UNOY (UTF-8); UNOX and unknown identifiers (`UNOL`, `IATB`) are read
//! as UTF-8 when valid, else Latin-1, with a warning. Bytes outside the declared level are
//! warnings; an 8859 (or UNOA/UNOB) interchange whose 8-bit bytes are all valid UTF-8 is read
//! as UTF-8, with a warning.
//!
//! Nothing stops at the first problem: every envelope problem is an [`EnvelopeIssue`] with its
//! [`EnvelopeErrorKind`], its [`Level`] (interchange, group, message), the group and message it
//! belongs to, and the CONTRL syntax error code (0085). [`parse`] fails only when there is no
//! `UNB`, `UNG` or `UNH` at all.
//!
//! # Acknowledging
//! [`needs_contrl`] says whether a CONTRL is due (UNB 0031 = 1, or any error); [`contrl`] builds
//! it from the envelope issues plus the mapping/rule issues of each message
//! ([`MessageIssues`]): UCI echoing 0020 and the parties with 0083 `4`/`7`/`8`, UCF per group,
//! UCM per message, UCS/UCD from located issues (`Issue.code` = 0085, `segment_position` from
//! UNH = 1, `element`/`component` 1-based). [`Interchange::reply_header`] gives the swapped
//! UNB. [`read_acks`] reads inbound CONTRL and APERAK messages into an [`AckSummary`] for
//! reconciling what we sent ([`ContrlReport::message_accepted`], [`AperakReport::accepted`]).
//!
//! # Writing
//! [`SegmentWriter`] accumulates the segments of one message body: values are escaped with the
//! release character, trailing empty components, repetitions and elements are omitted.
//! [`write_interchange`] wraps messages in UNA (optional)/UNB/UNH…UNT/UNZ with the right counts,
//! chooses the syntax level (the preferred one, raised to UNOB/UNOC/UNOW when the data needs
//! it), encodes the bytes in it, and reports anything it cannot say validly as an error
//! [`Issue`](crate::Issue).
//!
//! # Layout
//! - `charset.rs`: [`Charset`]: syntax levels, ISO 8859 decoding tables, encoding and choice.
//! - `segment.rs`: [`Delimiters`], [`Segment`].
//! - `tokenizer.rs`: [`segments`]: UNA/default delimiters and segment splitting (`memchr`).
//! - `body.rs`: [`MessageBody`]: a message's body segments, 16 bytes each.
//! - `envelope.rs`: [`parse`], [`interchanges`], the envelope structure and its validation.
//! - `contrl.rs`: [`contrl`], [`needs_contrl`], [`read_acks`], [`read_contrl`],
//!   [`read_aperak`].
//! - `write.rs`: [`SegmentWriter`], [`write_interchange`].

mod body;
mod charset;
mod contrl;
mod envelope;
pub mod map;
mod segment;
mod tokenizer;
mod write;

pub use body::{Iter as BodyIter, MessageBody};
pub use charset::{is_unoa, Charset};
pub use contrl::{
    contrl, contrl_duplicate, contrl_refusing, group_rejection, needs_contrl, read_acks,
    read_aperak, read_contrl, rejects_interchange, AckSummary, Action, AperakError, AperakReport,
    ContrlOptions, ContrlReport, GroupReport, MessageIssues, MessageReport, SegmentReport,
};
pub use envelope::{
    complete_end, interchanges, parse, EnvelopeErrorKind, EnvelopeIssue, Group, Header,
    Interchange, Interchanges, Level, Message, Parsed, Party,
};
pub use segment::{Delimiters, Segment};
pub use tokenizer::{may_hold_unz, segments, Segments};
pub use write::{write_interchange, InterchangeHeader, MessageOut, SegmentWriter, Written};

#[cfg(test)]
mod tests;
