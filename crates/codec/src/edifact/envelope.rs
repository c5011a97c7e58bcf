//! Envelope structure (UNA/UNB/UNG/UNH … UNT/UNE/UNZ) and its validation.
//!
//! [`parse`] reads a whole input, [`interchanges`] streams it one interchange at a time. Both are
//! lenient: every problem becomes an [`EnvelopeIssue`] that says which level it concerns
//! ([`Level`]), which group and message, where it is, and its CONTRL syntax error code (0085), so
//! a CONTRL can be built without re-reading anything.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::body::MessageBody;
use super::charset::{is_unoa, is_unob, Charset};
use super::segment::{Delimiters, Segment};
use super::tokenizer::{segments, Segments};
use crate::{CodecError, Format, Issue, Location, Severity};

/// Which envelope an [`EnvelopeIssue`] concerns, i.e. which CONTRL segment reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The interchange (UNA/UNB/UNZ): reported in UCI.
    Interchange,
    /// A functional group (UNG/UNE): reported in UCF.
    Group,
    /// A message (UNH/UNT): reported in UCM.
    Message,
}

/// What is wrong with an envelope. [`EnvelopeErrorKind::level`] says which CONTRL segment
/// reports it and [`EnvelopeErrorKind::code`] gives the syntax error code (0085).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnvelopeErrorKind {
    // ---- interchange (UCI) ----
    /// No UNB: a bare message file (UNH…UNT). Warning, 0085 13 (missing).
    MissingUnb,
    /// The UNA service string advice is unusable (separators repeated, letters, truncated); the
    /// previous or default delimiters were kept (0085 22, invalid service character).
    InvalidUna,
    /// The syntax identifier is not a known `UNOx` (e.g. `UNOL`, `IATB`); values are read as
    /// UTF-8 when valid, else Latin-1. Warning, 0085 2.
    UnknownSyntaxIdentifier,
    /// `UNOX` (ISO 2022): escape sequences are not interpreted. Warning, 0085 2.
    CodeExtensionNotSupported,
    /// The syntax version number (0002) is not 1–4 (0085 2).
    UnsupportedSyntaxVersion,
    /// Bytes the declared level does not allow: lower case or 8-bit bytes under UNOA, 8-bit
    /// bytes under UNOB. Warning, 0085 21.
    InvalidCharacter,
    /// The bytes declared as an 8859 level are valid UTF-8 with multi-byte characters; values
    /// are read as UTF-8. Warning, 0085 21.
    Utf8UnderDeclaredLevel,
    /// A mandatory UNB element or component is empty (`element` 1-based, 0085 13).
    MissingUnbElement {
        /// UNB element position, 1-based.
        element: u8,
    },
    /// A UNB element has an invalid value: date/time, control reference longer than 14,
    /// ack request not 1/2, test indicator not a digit (0085 12).
    InvalidUnbElement {
        /// UNB element position, 1-based.
        element: u8,
    },
    /// No UNZ before the next UNB or the end of the input (0085 13).
    MissingUnz,
    /// UNZ 0020 differs from UNB 0020 (0085 28).
    InterchangeReferenceMismatch,
    /// UNZ 0036 differs from the number of messages (or of groups when UNG is used) (0085 29).
    InterchangeCountMismatch,
    /// The interchange control reference was already used by an earlier interchange of the same
    /// sender in this input (0085 26).
    DuplicateInterchange,
    /// Both groups and messages outside groups (0085 30).
    MixedGroupsAndMessages,
    /// The interchange has no message (0085 32). Warning.
    EmptyInterchange,
    /// Segments where the envelope allows none: outside a message, a trailer without header
    /// (0085 33).
    UnexpectedSegment,
    // ---- group (UCF) ----
    /// A mandatory UNG element is empty: 0038 (element 1) or 0048 (element 5) (0085 13).
    MissingUngElement {
        /// UNG element position, 1-based.
        element: u8,
    },
    /// A UNG element is invalid: the date and time (element 4) (0085 12).
    InvalidUngElement {
        /// UNG element position, 1-based.
        element: u8,
    },
    /// No UNE before the next UNG, UNZ or end (0085 13).
    MissingUne,
    /// UNE 0048 differs from UNG 0048 (0085 28).
    GroupReferenceMismatch,
    /// UNE 0060 differs from the number of messages in the group (0085 29).
    GroupCountMismatch,
    /// UNG 0048 already used in this interchange (0085 26).
    DuplicateGroupReference,
    // ---- message (UCM) ----
    /// A mandatory UNH element is empty: 0062 (element 1) or S009 0065/0052/0054/0051
    /// (element 2) (0085 13).
    MissingUnhElement {
        /// UNH element position, 1-based.
        element: u8,
    },
    /// A UNH element is invalid (0062 longer than 14, …) (0085 12).
    InvalidUnhElement {
        /// UNH element position, 1-based.
        element: u8,
    },
    /// No UNT before the next UNH, UNE, UNZ or end (0085 13).
    MissingUnt,
    /// UNT 0062 differs from UNH 0062 (0085 28).
    MessageReferenceMismatch,
    /// UNT 0074 differs from the number of segments, UNH and UNT included (0085 29).
    SegmentCountMismatch,
    /// UNH 0062 already used by an earlier message of this interchange (0085 26).
    DuplicateMessageReference,
}

impl EnvelopeErrorKind {
    /// The envelope level this problem belongs to.
    pub fn level(self) -> Level {
        use EnvelopeErrorKind::*;
        match self {
            InvalidUngElement { .. }
            | MissingUngElement { .. }
            | MissingUne
            | GroupReferenceMismatch
            | GroupCountMismatch
            | DuplicateGroupReference => Level::Group,
            MissingUnhElement { .. }
            | InvalidUnhElement { .. }
            | MissingUnt
            | MessageReferenceMismatch
            | SegmentCountMismatch
            | DuplicateMessageReference => Level::Message,
            _ => Level::Interchange,
        }
    }

    /// The CONTRL syntax error code (data element 0085).
    pub fn code(self) -> &'static str {
        use EnvelopeErrorKind::*;
        match self {
            MissingUnb
            | MissingUnbElement { .. }
            | MissingUngElement { .. }
            | MissingUnz
            | MissingUne
            | MissingUnt
            | MissingUnhElement { .. } => "13",
            InvalidUna => "22",
            UnknownSyntaxIdentifier | CodeExtensionNotSupported | UnsupportedSyntaxVersion => "2",
            InvalidCharacter | Utf8UnderDeclaredLevel => "21",
            InvalidUnbElement { .. } | InvalidUngElement { .. } | InvalidUnhElement { .. } => "12",
            InterchangeReferenceMismatch | GroupReferenceMismatch | MessageReferenceMismatch => {
                "28"
            }
            InterchangeCountMismatch | GroupCountMismatch | SegmentCountMismatch => "29",
            DuplicateInterchange | DuplicateGroupReference | DuplicateMessageReference => "26",
            MixedGroupsAndMessages => "30",
            EmptyInterchange => "32",
            UnexpectedSegment => "33",
        }
    }

    /// The default severity: the tolerated quirks are warnings, everything else an error.
    pub fn severity(self) -> Severity {
        use EnvelopeErrorKind::*;
        match self {
            MissingUnb
            | UnknownSyntaxIdentifier
            | CodeExtensionNotSupported
            | InvalidCharacter
            | Utf8UnderDeclaredLevel
            | EmptyInterchange => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One envelope problem: its kind, which group/message it belongs to, and the located
/// [`Issue`] (whose `code` is the 0085 code).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeIssue {
    /// What is wrong.
    pub kind: EnvelopeErrorKind,
    /// Index into [`Interchange::groups`] for group-level problems and for problems of messages
    /// inside a group.
    pub group: Option<usize>,
    /// Index of the message for message-level problems: into [`Group::messages`] when `group` is
    /// set, else into [`Interchange::messages`].
    pub message: Option<usize>,
    /// Severity, location, code and message.
    pub issue: Issue,
}

impl EnvelopeIssue {
    /// A problem of `kind` with its default severity and code.
    pub fn new(
        kind: EnvelopeErrorKind,
        group: Option<usize>,
        message: Option<usize>,
        location: Location,
        text: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            group,
            message,
            issue: Issue {
                severity: kind.severity(),
                location,
                code: Some(kind.code().to_owned()),
                message: text.into(),
            },
        }
    }

    /// The level (interchange, group, message).
    pub fn level(&self) -> Level {
        self.kind.level()
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.issue.severity == Severity::Error
    }
}

/// An interchange party (UNB S002/S003, UNG S006/S007): id, code qualifier, routing address;
/// empty strings when absent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Party {
    /// 0004 / 0010 / 0040 / 0044: the identification (e.g. a GLN).
    pub id: String,
    /// 0007: the code qualifier (`14` = GLN, `ZZZ` mutually defined…).
    pub qualifier: String,
    /// 0008 / 0014: the reverse routing / routing address.
    pub routing: String,
}

impl Party {
    fn read(seg: &Segment<'_>, n: usize) -> Self {
        let v = |c: usize| seg.value(n, c).map(Cow::into_owned).unwrap_or_default();
        Self {
            id: v(1),
            qualifier: v(2),
            routing: v(3),
        }
    }
}

/// What the `UNB` says, decoded; empty strings for absent values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    /// S001 0001, e.g. `UNOC`.
    pub syntax_id: String,
    /// S001 0002, e.g. `3` or `4`.
    pub syntax_version: String,
    /// The repertoire values are decoded with.
    pub charset: Option<Charset>,
    /// S002: the interchange sender.
    pub sender: Party,
    /// S003: the interchange recipient.
    pub recipient: Party,
    /// S004 0017: YYMMDD (syntax 1–3) or CCYYMMDD (syntax 4), as sent.
    pub date: String,
    /// S004 0019: HHMM, as sent.
    pub time: String,
    /// 0020: the interchange control reference (the duplicate-detection key with the sender).
    pub control_reference: String,
    /// S005 0022: the recipient's reference / password.
    pub password: String,
    /// S005 0025: its qualifier.
    pub password_qualifier: String,
    /// 0026: the application reference (often the message type, e.g. `ORDERS`).
    pub application_reference: String,
    /// 0029: the processing priority code (`A`).
    pub priority: String,
    /// 0031: acknowledgement request (`1` = CONTRL requested, `2` = indication of receipt).
    pub ack_request: String,
    /// 0032: the interchange agreement identifier (e.g. `EANCOM`).
    pub agreement_id: String,
    /// 0035: the test indicator (`1` = test).
    pub test_indicator: String,
}

impl Header {
    fn read(unb: &Segment<'_>) -> Self {
        let v = |n: usize, c: usize| unb.value(n, c).map(Cow::into_owned).unwrap_or_default();
        let syntax_id = v(1, 1);
        Self {
            charset: Charset::from_syntax_id(&syntax_id),
            syntax_id,
            syntax_version: v(1, 2),
            sender: Party::read(unb, 2),
            recipient: Party::read(unb, 3),
            date: v(4, 1),
            time: v(4, 2),
            control_reference: v(5, 1),
            password: v(6, 1),
            password_qualifier: v(6, 2),
            application_reference: v(7, 1),
            priority: v(8, 1),
            ack_request: v(9, 1),
            agreement_id: v(10, 1),
            test_indicator: v(11, 1),
        }
    }

    /// The syntax version as a number (`4`), when it is one.
    pub fn version_number(&self) -> Option<u8> {
        self.syntax_version.trim().parse().ok()
    }

    /// 0031 = `1`: the sender asks for a CONTRL.
    pub fn ack_requested(&self) -> bool {
        self.ack_request.trim() == "1"
    }

    /// 0035 = `1`: a test interchange.
    pub fn is_test(&self) -> bool {
        self.test_indicator.trim() == "1"
    }

    /// S004 as a date and time (6- or 8-digit date, HHMM), when valid.
    pub fn datetime(&self) -> Option<NaiveDateTime> {
        let date = parse_date(&self.date)?;
        let time = parse_time(&self.time)?;
        Some(date.and_time(time))
    }
}

/// YYMMDD or CCYYMMDD.
pub(crate) fn parse_date(s: &str) -> Option<NaiveDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    match s.len() {
        6 => NaiveDate::parse_from_str(s, "%y%m%d").ok(),
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        _ => None,
    }
}

/// HHMM.
pub(crate) fn parse_time(s: &str) -> Option<NaiveTime> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: u32 = s.get(..2)?.parse().ok()?;
    let m: u32 = s.get(2..)?.parse().ok()?;
    NaiveTime::from_hms_opt(h, m, 0)
}

/// One message: UNH, the segments between, UNT (`None` when missing).
#[derive(Clone, Debug)]
pub struct Message<'a> {
    /// The `UNH` header.
    pub unh: Segment<'a>,
    /// Every segment between `UNH` and `UNT`.
    pub body: MessageBody<'a>,
    /// The `UNT` trailer, `None` when the message was not closed.
    pub unt: Option<Segment<'a>>,
    /// The body's bytes (first to last body segment) as text, with the input offset they start
    /// at, when they are UTF-8: checked once (SIMD), the maps slice each plain segment's text
    /// from it. `None` before the message is closed, or when the bytes are not UTF-8.
    pub body_text: Option<(usize, &'a str)>,
}

impl<'a> Message<'a> {
    fn unh_value(&self, n: usize, c: usize) -> Cow<'a, str> {
        self.unh.value(n, c).unwrap_or_default()
    }

    /// UNH 0062, the message reference number.
    pub fn reference(&self) -> Cow<'a, str> {
        self.unh_value(1, 1)
    }

    /// S009 0065, the message type (`ORDERS`).
    pub fn message_type(&self) -> Cow<'a, str> {
        self.unh_value(2, 1)
    }

    /// S009 0052, the version (`D`).
    pub fn version(&self) -> Cow<'a, str> {
        self.unh_value(2, 2)
    }

    /// S009 0054, the release (`96A`).
    pub fn release(&self) -> Cow<'a, str> {
        self.unh_value(2, 3)
    }

    /// S009 0051, the controlling agency (`UN`).
    pub fn agency(&self) -> Cow<'a, str> {
        self.unh_value(2, 4)
    }

    /// S009 0057, the association assigned code (`EAN008`), `""` when absent.
    pub fn association(&self) -> Cow<'a, str> {
        self.unh_value(2, 5)
    }

    /// The segments between UNH and UNT (`segments().get(i)` is at segment position `i + 2`,
    /// UNH being 1).
    pub fn segments(&self) -> &MessageBody<'a> {
        &self.body
    }

    /// UNH, the body and UNT (when present), in order: the n-th item is at segment position n.
    pub fn all_segments(&self) -> impl Iterator<Item = Segment<'a>> + '_ {
        std::iter::once(self.unh)
            .chain(self.body.iter())
            .chain(self.unt)
    }

    /// The first body segment with `tag`, with its index in [`Message::segments`].
    pub fn first(&self, tag: &str) -> Option<(usize, Segment<'a>)> {
        self.with_tag(tag).next()
    }

    /// The body segments with `tag`, with their indexes in [`Message::segments`].
    pub fn with_tag<'s>(&'s self, tag: &str) -> impl Iterator<Item = (usize, Segment<'a>)> + 's {
        self.body
            .indexes_of(tag)
            .filter_map(|i| Some((i, self.body.get(i)?)))
    }

    /// The [`Location`] of element `element` (and component `component`) of body segment
    /// `index` (into [`Message::segments`]), with its segment position (UNH = 1) set, ready for
    /// an [`Issue`] that [`contrl`](super::contrl) turns into UCS/UCD. `element` 0 names the
    /// whole segment.
    pub fn location(&self, index: usize, element: usize, component: Option<usize>) -> Location {
        let Some(seg) = self.body.get(index) else {
            return Location {
                segment_position: Some(index + 2),
                ..Location::default()
            };
        };
        let mut loc = if element == 0 {
            seg.location()
        } else {
            seg.element_location(element, component)
        };
        loc.segment_position = Some(index + 2);
        loc
    }

    /// Segments actually present, UNH and UNT included (what UNT 0074 should say).
    pub fn segment_count(&self) -> usize {
        self.body.len() + 1 + usize::from(self.unt.is_some())
    }
}

/// One functional group: UNG, its messages, UNE (`None` when missing).
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The `UNG` header.
    pub ung: Segment<'a>,
    /// The messages, in order.
    pub messages: Vec<Message<'a>>,
    /// The `UNE` trailer, `None` when missing.
    pub une: Option<Segment<'a>>,
}

impl<'a> Group<'a> {
    /// UNG 0038, the message group identification (`ORDERS`).
    pub fn group_id(&self) -> Cow<'a, str> {
        self.ung.value(1, 1).unwrap_or_default()
    }

    /// UNG S006, the application sender.
    pub fn sender(&self) -> Party {
        Party::read(&self.ung, 2)
    }

    /// UNG S007, the application recipient.
    pub fn recipient(&self) -> Party {
        Party::read(&self.ung, 3)
    }

    /// UNG 0048, the group reference number.
    pub fn reference(&self) -> Cow<'a, str> {
        self.ung.value(5, 1).unwrap_or_default()
    }
}

/// One interchange: UNA, UNB, groups or messages, UNZ, with everything wrong with its
/// envelopes.
#[derive(Clone, Debug)]
pub struct Interchange<'a> {
    /// The `UNA` service string advice, when present.
    pub una: Option<Segment<'a>>,
    /// The `UNB` header; `None` for a bare message file (UNH…UNT without envelope).
    pub unb: Option<Segment<'a>>,
    /// The decoded UNB values (all empty without a UNB).
    pub header: Header,
    /// The functional groups (UNG…UNE), in order.
    pub groups: Vec<Group<'a>>,
    /// The messages directly under UNB (not in a group), in order.
    pub messages: Vec<Message<'a>>,
    /// The `UNZ` trailer, `None` when missing.
    pub unz: Option<Segment<'a>>,
    /// The delimiters in force (UNA or defaults).
    pub delimiters: Delimiters,
    /// The repertoire values are decoded with (may differ from the declared one, see
    /// [`EnvelopeErrorKind::Utf8UnderDeclaredLevel`]).
    pub charset: Charset,
    /// Every envelope problem, in input order.
    pub issues: Vec<EnvelopeIssue>,
    /// Byte offset of the first byte (UNA or UNB or first UNH).
    pub start: usize,
    /// Byte offset just past the interchange's last segment (its terminator included).
    pub end: usize,
}

impl<'a> Interchange<'a> {
    /// Every message, in input order: those in groups and those directly under UNB, with their
    /// group index.
    pub fn all_messages(&self) -> Vec<(Option<usize>, usize, &Message<'a>)> {
        let mut out: Vec<(Option<usize>, usize, &Message<'a>)> = self
            .messages
            .iter()
            .enumerate()
            .map(|(i, m)| (None, i, m))
            .collect();
        for (gi, g) in self.groups.iter().enumerate() {
            out.extend(g.messages.iter().enumerate().map(|(i, m)| (Some(gi), i, m)));
        }
        out.sort_by_key(|(_, _, m)| m.unh.offset);
        out
    }

    /// Whether any envelope problem is an error.
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(EnvelopeIssue::is_error)
    }

    /// Interchange-level problems (what UCI reports).
    pub fn interchange_issues(&self) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues
            .iter()
            .filter(|i| i.level() == Level::Interchange)
    }

    /// Group-level problems of group `group` (what UCF reports).
    pub fn group_issues(&self, group: usize) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues
            .iter()
            .filter(move |i| i.level() == Level::Group && i.group == Some(group))
    }

    /// Message-level problems of a message (what UCM reports): `group` `None` for messages
    /// directly under UNB.
    pub fn message_issues(
        &self,
        group: Option<usize>,
        message: usize,
    ) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues.iter().filter(move |i| {
            i.level() == Level::Message && i.group == group && i.message == Some(message)
        })
    }
}

/// Everything read from one input.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    /// The interchanges, in order (a bare message file gives one without UNB).
    pub interchanges: Vec<Interchange<'a>>,
    /// Problems outside any interchange (segments after a UNZ or before the first UNB/UNH).
    pub issues: Vec<Issue>,
}

impl Parsed<'_> {
    /// Every issue: outside interchanges, then each interchange's envelope issues.
    pub fn all_issues(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().chain(
            self.interchanges
                .iter()
                .flat_map(|ic| ic.issues.iter().map(|i| &i.issue)),
        )
    }
}

/// Read every interchange of `input`. Fails only when there is nothing that looks like EDIFACT
/// (no UNB, UNG or UNH segment at all).
// `CodecError` is the crate-wide error; its size is not worth boxing for one call per input.
#[allow(clippy::result_large_err)]
pub fn parse(input: &[u8]) -> Result<Parsed<'_>, CodecError> {
    let mut it = interchanges(input);
    let list: Vec<Interchange<'_>> = it.by_ref().collect();
    let issues = it.into_issues();
    if list.is_empty() {
        let blank = input
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(input)
            .iter()
            .all(u8::is_ascii_whitespace);
        if blank {
            return Err(CodecError::Empty);
        }
        return Err(CodecError::Malformed {
            format: Format::Edifact,
            location: Location::at_offset(0),
            message: "no UNB or UNH segment found".into(),
        });
    }
    Ok(Parsed {
        interchanges: list,
        issues,
    })
}

/// Stream the interchanges of `input` one at a time: only the current interchange's segments are
/// held.
pub fn interchanges(input: &[u8]) -> Interchanges<'_> {
    Interchanges {
        tokens: segments(input),
        pending: None,
        una: None,
        issues: Vec::new(),
        seen: HashMap::new(),
    }
}

/// Where a stream of `input` can be cut after its complete interchanges, reading only the
/// tokens: the start ([`Interchange::start`]) of the first interchange that is not complete
/// (one without UNB or UNZ, or whose UNZ is the last segment of `input`) or, when every one is,
/// of the last of them (what follows it is not known yet); 0 when there is none. Also the UNA
/// in front of the last interchange before the cut that had one. What [`interchanges`] would
/// give; for cutting a stream into whole interchanges, each with the junk after it, without
/// building them.
pub fn complete_end(input: &[u8]) -> (usize, Option<Segment<'_>>) {
    let mut tokens = segments(input);
    let mut pending: Option<Segment<'_>> = None;
    let mut una: Option<Segment<'_>> = None;
    let mut used = 0;
    let mut used_una = None;
    // The UNA of the last complete interchange, until the next one's start is found.
    let mut held: Option<Option<Segment<'_>>> = None;
    loop {
        // The start, as Interchanges::next finds it.
        let first = loop {
            let Some(seg) = pending.take().or_else(|| tokens.next()) else {
                return (used, used_una);
            };
            match seg.tag() {
                "UNA" => una = Some(seg),
                "UNB" | "UNG" | "UNH" => break seg,
                _ => {}
            }
        };
        let ic_una = una.take();
        // What follows the held interchange is known: the cut can be here.
        if let Some(Some(u)) = held.take() {
            used_una = Some(u);
        }
        used = ic_una.as_ref().map_or(first.offset, |u| u.offset);
        let mut unz = None;
        for seg in tokens.by_ref() {
            match seg.tag() {
                "UNA" | "UNB" => {
                    pending = Some(seg);
                    break;
                }
                "UNZ" => {
                    unz = Some(seg);
                    break;
                }
                _ => {}
            }
        }
        // A UNZ without UNB is not the interchange's (Interchange::unz stays None).
        let Some(unz) = unz.filter(|_| first.tag() == "UNB") else {
            return (used, used_una);
        };
        let end = (unz.offset + unz.raw().len() + 1).max(first.offset + first.raw().len() + 1);
        if end >= input.len() {
            return (used, used_una);
        }
        held = Some(ic_una);
    }
}

/// Iterator over interchanges (see [`interchanges`]).
#[derive(Debug, Clone)]
pub struct Interchanges<'a> {
    tokens: Segments<'a>,
    pending: Option<Segment<'a>>,
    una: Option<Segment<'a>>,
    issues: Vec<Issue>,
    /// (sender id, control reference) → offset of the first UNB.
    seen: HashMap<(String, String), usize>,
}

impl Interchanges<'_> {
    /// Problems found outside any interchange so far.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The problems found outside any interchange.
    pub fn into_issues(self) -> Vec<Issue> {
        self.issues
    }

    /// Reports the `n` segments from `first` on, found outside any interchange at `place`.
    fn junk(&mut self, first: &Segment<'_>, n: usize, place: &str) {
        let what = match first.tag() {
            "" => first.text().chars().take(20).collect::<String>(),
            t => t.to_owned(),
        };
        let message = if n == 1 {
            format!("Segment {what:?} {place} was ignored")
        } else {
            format!("{n} segments from {what:?} on {place} were ignored")
        };
        self.issues.push(
            Issue::error(first.location(), message)
                .with_code(EnvelopeErrorKind::UnexpectedSegment.code()),
        );
    }
}

impl<'a> Iterator for Interchanges<'a> {
    type Item = Interchange<'a>;

    fn next(&mut self) -> Option<Interchange<'a>> {
        // Find the start: UNB, or UNG/UNH for a bare message file.
        // Junk: its first segment, how many, and where (after a UNA it is named by the UNA,
        // which reads the same wherever a stream of interchanges was cut).
        let mut junk: Option<(Segment<'a>, usize, &'static str)> = None;
        let after_unz = self.pending.is_none() && self.tokens.position() > 0;
        let first = loop {
            let Some(seg) = self.pending.take().or_else(|| self.tokens.next()) else {
                if let Some((s, n, place)) = junk {
                    self.junk(&s, n, place);
                }
                return None;
            };
            match seg.tag() {
                "UNA" => self.una = Some(seg),
                "UNB" | "UNG" | "UNH" => break seg,
                _ => match junk.as_mut() {
                    Some((_, n, _)) => *n += 1,
                    None => {
                        let place = if self.una.is_some() {
                            "after the service string advice (UNA)"
                        } else if after_unz {
                            "after the interchange trailer (UNZ)"
                        } else {
                            "before the first UNB/UNH"
                        };
                        junk = Some((seg, 1, place));
                    }
                },
            }
        };
        if let Some((s, n, place)) = junk {
            self.junk(&s, n, place);
        }
        let una = self.una.take();
        let mut b = Builder::new(self.tokens.input(), una, first);
        for seg in self.tokens.by_ref() {
            if seg.starts_un() && matches!(seg.tag(), "UNA" | "UNB") {
                self.pending = Some(seg);
                break;
            }
            if b.push(seg) {
                break;
            }
        }
        let mut ic = b.finish();
        if let Some(unb) = ic.unb {
            let key = (
                ic.header.sender.id.clone(),
                ic.header.control_reference.clone(),
            );
            if !key.1.is_empty() {
                if let Some(&first_at) = self.seen.get(&key) {
                    ic.issues.push(EnvelopeIssue::new(
                        EnvelopeErrorKind::DuplicateInterchange,
                        None,
                        None,
                        unb.element_location(5, None),
                        format!(
                            "Interchange reference {:?} of sender {:?} was already used by the interchange at byte {first_at}",
                            key.1, key.0
                        ),
                    ));
                } else {
                    self.seen.insert(key, unb.offset);
                }
            }
        }
        Some(ic)
    }
}

/// Body segments after which a message counts as long (see [`body_room`]).
pub(crate) const LONG_BODY: usize = 4096;

/// About how many body segments a message has from byte `from` of `input` on: the segment
/// terminators up to the first one followed by `UNT`, `UNZ`, `UNH`, `UNB`, `UNG` or `UNE`
/// (newlines after a terminator skipped). An estimate for reserving room: an escaped
/// terminator counts, and a service tag inside data stops the count early.
pub(crate) fn body_room(input: &[u8], from: usize, terminator: u8) -> usize {
    let rest = input.get(from..).unwrap_or_default();
    let mut n = 0;
    for at in memchr::memchr_iter(terminator, rest) {
        n += 1;
        let next = rest.get(at + 1..).unwrap_or_default();
        let skip = next
            .iter()
            .position(|b| !matches!(b, b'\r' | b'\n'))
            .unwrap_or(next.len());
        if let Some([b'U', b'N', t, ..]) = next.get(skip..) {
            if matches!(t, b'T' | b'Z' | b'H' | b'B' | b'G' | b'E') {
                break;
            }
        }
    }
    n
}

/// Builds one interchange from its segments.
struct Builder<'a> {
    /// The whole input (segment offsets index it), for [`body_room`].
    input: &'a [u8],
    ic: Interchange<'a>,
    group_open: bool,
    message: Option<Message<'a>>,
    /// A run of segments outside their envelope: first segment, count.
    outside: Option<(Segment<'a>, usize)>,
    last: Segment<'a>,
    mixed_reported: bool,
}

impl<'a> Builder<'a> {
    fn new(input: &'a [u8], una: Option<Segment<'a>>, first: Segment<'a>) -> Self {
        let unb = (first.tag() == "UNB").then_some(first);
        let header = unb.as_ref().map(Header::read).unwrap_or_default();
        let start = una.map_or(first.offset, |u| u.offset);
        let mut b = Self {
            input,
            ic: Interchange {
                una,
                unb,
                header,
                groups: Vec::new(),
                messages: Vec::new(),
                unz: None,
                delimiters: first.delimiters,
                charset: first.charset,
                issues: Vec::new(),
                start,
                end: first.offset + first.raw().len() + 1,
            },
            group_open: false,
            message: None,
            outside: None,
            last: first,
            mixed_reported: false,
        };
        if unb.is_none() {
            b.issue(
                EnvelopeErrorKind::MissingUnb,
                None,
                None,
                first.location(),
                format!(
                    "No UNB: a bare {} without interchange envelope, read with the default delimiters",
                    first.tag()
                ),
            );
            b.push(first);
        }
        b
    }

    fn issue(
        &mut self,
        kind: EnvelopeErrorKind,
        group: Option<usize>,
        message: Option<usize>,
        location: Location,
        text: impl Into<String>,
    ) {
        self.ic
            .issues
            .push(EnvelopeIssue::new(kind, group, message, location, text));
    }

    fn current_group(&self) -> Option<usize> {
        if self.group_open {
            self.ic.groups.len().checked_sub(1)
        } else {
            None
        }
    }

    /// Take one segment; true when it was the UNZ.
    fn push(&mut self, seg: Segment<'a>) -> bool {
        self.last = seg;
        // Only a `UN…` tag is one of the tags below; any other goes to the last arm.
        let tag = if seg.starts_un() { seg.tag() } else { "" };
        match tag {
            "UNZ" => {
                self.flush_outside();
                self.close_message(&seg);
                self.close_group(&seg);
                if self.ic.unb.is_some() {
                    self.ic.unz = Some(seg);
                } else {
                    self.issue(
                        EnvelopeErrorKind::UnexpectedSegment,
                        None,
                        None,
                        seg.location(),
                        "UNZ without UNB",
                    );
                }
                return true;
            }
            "UNG" => {
                self.flush_outside();
                self.close_message(&seg);
                self.close_group(&seg);
                if !self.ic.messages.is_empty() {
                    self.mixed(&seg);
                }
                self.ic.groups.push(Group {
                    ung: seg,
                    messages: Vec::new(),
                    une: None,
                });
                self.group_open = true;
            }
            "UNE" => {
                self.close_message(&seg);
                if self.group_open {
                    self.flush_outside();
                    if let Some(g) = self.ic.groups.last_mut() {
                        g.une = Some(seg);
                    }
                    self.group_open = false;
                } else {
                    self.outside(seg);
                }
            }
            "UNH" => {
                self.flush_outside();
                self.close_message(&seg);
                self.message = Some(Message {
                    unh: seg,
                    body: MessageBody::new(self.input),
                    unt: None,
                    body_text: None,
                });
            }
            "UNT" => {
                if let Some(m) = self.message.as_mut() {
                    m.unt = Some(seg);
                    self.close_message(&seg);
                } else {
                    self.outside(seg);
                }
            }
            _ => {
                if let Some(m) = self.message.as_mut() {
                    if m.body.len() == m.body.capacity() && m.body.len() >= LONG_BODY {
                        // A long message: room for the rest of it at once rather than by
                        // doubling (which copies the segments so far and leaves up to half the
                        // room unused: 2.8 MB copied for a message of 110,000 segments).
                        let rest = body_room(self.input, seg.offset, seg.delimiters.segment);
                        m.body.reserve_exact(rest.max(m.body.len()));
                    }
                    m.body.push(seg);
                } else {
                    self.outside(seg);
                }
            }
        }
        false
    }

    fn mixed(&mut self, at: &Segment<'a>) {
        if !self.mixed_reported {
            self.mixed_reported = true;
            self.issue(
                EnvelopeErrorKind::MixedGroupsAndMessages,
                None,
                None,
                at.location(),
                "The interchange has both functional groups and messages outside groups",
            );
        }
    }

    fn outside(&mut self, seg: Segment<'a>) {
        match self.outside.as_mut() {
            Some((_, n)) => *n += 1,
            None => self.outside = Some((seg, 1)),
        }
    }

    fn flush_outside(&mut self) {
        let Some((first, n)) = self.outside.take() else {
            return;
        };
        let group = self.current_group();
        let place = if group.is_some() {
            "inside a functional group but outside any message"
        } else {
            "outside any message"
        };
        let what = match first.tag() {
            "" => first.text().chars().take(20).collect::<String>(),
            t => t.to_owned(),
        };
        let text = if n == 1 {
            format!("Segment {what:?} is {place}")
        } else {
            format!("{n} segments from {what:?} on are {place}")
        };
        let hint = match first.tag() {
            "UNT" => "; a UNT without UNH",
            "UNE" => "; a UNE without UNG",
            _ => "",
        };
        self.issue(
            EnvelopeErrorKind::UnexpectedSegment,
            group,
            None,
            first.location(),
            format!("{text}{hint}"),
        );
    }

    /// Close the open message (reporting a missing UNT at `at`).
    fn close_message(&mut self, at: &Segment<'a>) {
        let Some(mut m) = self.message.take() else {
            return;
        };
        if let (Some(first), Some(last)) = (m.body.first(), m.body.last()) {
            m.body_text = self
                .input
                .get(first.offset..last.offset + last.raw().len())
                .and_then(|b| simdutf8::basic::from_utf8(b).ok())
                .map(|text| (first.offset, text));
        }
        let group = self.current_group();
        if group.is_none() && !self.ic.groups.is_empty() {
            self.mixed(&m.unh);
        }
        let index = match group.and_then(|g| self.ic.groups.get(g)) {
            Some(g) => g.messages.len(),
            None => self.ic.messages.len(),
        };
        if m.unt.is_none() {
            let what = if at.raw().is_empty() {
                "end of input".to_owned()
            } else {
                at.tag().to_owned()
            };
            self.issue(
                EnvelopeErrorKind::MissingUnt,
                group,
                Some(index),
                Location {
                    offset: Some(at.offset),
                    segment: Some("UNT".into()),
                    segment_position: Some(m.segment_count() + 1),
                    ..Location::default()
                },
                format!(
                    "Message {} {:?} has no UNT trailer (found {what:?} instead)",
                    m.message_type(),
                    m.reference()
                ),
            );
        }
        match group.and_then(|g| self.ic.groups.get_mut(g)) {
            Some(g) => g.messages.push(m),
            None => self.ic.messages.push(m),
        }
    }

    /// Close the open group (reporting a missing UNE at `at`).
    fn close_group(&mut self, at: &Segment<'a>) {
        let Some(gi) = self.current_group() else {
            return;
        };
        self.group_open = false;
        let reference = self
            .ic
            .groups
            .get(gi)
            .map(|g| g.reference().into_owned())
            .unwrap_or_default();
        self.issue(
            EnvelopeErrorKind::MissingUne,
            Some(gi),
            None,
            Location {
                offset: Some(at.offset),
                segment: Some("UNE".into()),
                ..Location::default()
            },
            format!("Functional group {reference:?} has no UNE trailer"),
        );
    }

    fn finish(mut self) -> Interchange<'a> {
        let last = self.last;
        self.flush_outside();
        let end_at = last.offset + last.raw().len();
        if self.ic.unz.is_none() {
            let end = Segment::new(b"", end_at, self.ic.delimiters, self.ic.charset);
            self.close_message(&end);
            self.close_group(&end);
            if self.ic.unb.is_some() {
                let reference = self.ic.header.control_reference.clone();
                self.issue(
                    EnvelopeErrorKind::MissingUnz,
                    None,
                    None,
                    Location {
                        offset: Some(end_at),
                        segment: Some("UNZ".into()),
                        ..Location::default()
                    },
                    format!("Interchange {reference:?} has no UNZ trailer"),
                );
            }
        }
        self.ic.end = (end_at + 1).max(self.ic.end);
        validate(&mut self.ic);
        self.ic
            .issues
            .sort_by_key(|i| i.issue.location.offset.unwrap_or(usize::MAX));
        self.ic
    }
}

fn seg_loc(seg: &Segment<'_>, element: usize, component: Option<usize>) -> Location {
    seg.element_location(element, component)
}

fn msg_loc(seg: &Segment<'_>, position: usize, element: usize, c: Option<usize>) -> Location {
    Location {
        segment_position: Some(position),
        ..seg.element_location(element, c)
    }
}

/// Digits parsed as a number (up to 18 digits), for count and reference comparisons.
fn number(s: &str) -> Option<u64> {
    let s = s.trim();
    if !s.is_empty() && s.len() <= 18 && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

/// Two references are the same: equal text, or equal numbers (`0001` = `1`).
fn same_reference(a: &str, b: &str) -> bool {
    a == b || matches!((number(a), number(b)), (Some(x), Some(y)) if x == y)
}

/// All checks that need the whole interchange.
fn validate(ic: &mut Interchange<'_>) {
    let mut out: Vec<EnvelopeIssue> = Vec::new();
    let bad = |out: &mut Vec<EnvelopeIssue>,
               kind: EnvelopeErrorKind,
               group: Option<usize>,
               message: Option<usize>,
               loc: Location,
               text: String| {
        out.push(EnvelopeIssue::new(kind, group, message, loc, text));
    };

    if let Some(una) = ic.una {
        check_una(&una, &mut out);
    }
    if let Some(unb) = ic.unb {
        validate_unb(&unb, &ic.header, &mut out);
    }

    // Character repertoire.
    check_characters(ic, &mut out);

    // UNZ
    let using_groups = !ic.groups.is_empty();
    if let Some(unz) = ic.unz {
        let n = unz.value(1, 1).unwrap_or_default();
        let (count, what) = if using_groups {
            (ic.groups.len(), "groups")
        } else {
            (ic.messages.len(), "messages")
        };
        if number(&n) != Some(count as u64) {
            bad(
                &mut out,
                EnvelopeErrorKind::InterchangeCountMismatch,
                None,
                None,
                seg_loc(&unz, 1, None),
                format!("UNZ 0036 says {n:?} but the interchange has {count} {what}"),
            );
        }
        let r = unz.value(2, 1).unwrap_or_default();
        let unb_ref = ic.header.control_reference.as_str();
        if !same_reference(&r, unb_ref) {
            bad(
                &mut out,
                EnvelopeErrorKind::InterchangeReferenceMismatch,
                None,
                None,
                seg_loc(&unz, 2, None),
                format!("UNZ 0020 {r:?} differs from UNB 0020 {unb_ref:?}"),
            );
        }
    }
    if ic.unb.is_some() && ic.messages.is_empty() && ic.groups.iter().all(|g| g.messages.is_empty())
    {
        let loc = ic.unb.map(|u| u.location()).unwrap_or_default();
        bad(
            &mut out,
            EnvelopeErrorKind::EmptyInterchange,
            None,
            None,
            loc,
            "The interchange contains no message".into(),
        );
    }

    // Groups
    let mut group_refs: HashSet<String> = HashSet::new();
    for (gi, g) in ic.groups.iter().enumerate() {
        validate_ung(gi, &g.ung, &mut out);
        let r = g.reference().into_owned();
        if !r.is_empty() && !group_refs.insert(r.clone()) {
            bad(
                &mut out,
                EnvelopeErrorKind::DuplicateGroupReference,
                Some(gi),
                None,
                seg_loc(&g.ung, 5, None),
                format!("UNG 0048 {r:?} is used by an earlier group of this interchange"),
            );
        }
        if let Some(une) = g.une {
            let n = une.value(1, 1).unwrap_or_default();
            if number(&n) != Some(g.messages.len() as u64) {
                bad(
                    &mut out,
                    EnvelopeErrorKind::GroupCountMismatch,
                    Some(gi),
                    None,
                    seg_loc(&une, 1, None),
                    format!(
                        "UNE 0060 says {n:?} but group {r:?} has {} messages",
                        g.messages.len()
                    ),
                );
            }
            let er = une.value(2, 1).unwrap_or_default();
            if !same_reference(&er, &r) {
                bad(
                    &mut out,
                    EnvelopeErrorKind::GroupReferenceMismatch,
                    Some(gi),
                    None,
                    seg_loc(&une, 2, None),
                    format!("UNE 0048 {er:?} differs from UNG 0048 {r:?}"),
                );
            }
        }
    }

    // Messages
    let mut message_refs: HashSet<String> = HashSet::new();
    for (group, index, m) in ic.all_messages() {
        validate_message(group, index, m, &mut out);
        let r = m.reference().into_owned();
        if !r.is_empty() && !message_refs.insert(r.clone()) {
            bad(
                &mut out,
                EnvelopeErrorKind::DuplicateMessageReference,
                group,
                Some(index),
                msg_loc(&m.unh, 1, 1, None),
                format!("UNH 0062 {r:?} is used by an earlier message of this interchange"),
            );
        }
    }
    ic.issues.extend(out);
}

fn check_una(una: &Segment<'_>, out: &mut Vec<EnvelopeIssue>) {
    let raw = una.raw();
    let advice = raw.get(3..).unwrap_or_default();
    let d = una.delimiters;
    let mut problems = Vec::new();
    match Delimiters::from_una(advice) {
        Some(read) if read == d && advice.len() == 6 => {
            if !matches!(d.decimal, b'.' | b',') {
                problems.push(format!(
                    "the decimal mark {:?} is neither '.' nor ','",
                    char::from(d.decimal)
                ));
            }
            if let Some(&r) = advice.get(3) {
                if r != b' ' && d.release.is_none() {
                    problems.push(format!(
                        "the release character {:?} collides with another service character",
                        char::from(r)
                    ));
                }
            }
        }
        _ => problems.push(format!(
            "{:?} does not give six distinct usable service characters; the previous or default delimiters were kept",
            String::from_utf8_lossy(raw.get(..raw.len().min(12)).unwrap_or_default())
        )),
    }
    if !problems.is_empty() {
        out.push(EnvelopeIssue::new(
            EnvelopeErrorKind::InvalidUna,
            None,
            None,
            una.location(),
            format!(
                "The UNA service string advice is invalid: {}",
                problems.join("; ")
            ),
        ));
    }
}

fn validate_unb(unb: &Segment<'_>, h: &Header, out: &mut Vec<EnvelopeIssue>) {
    let mut push = |kind: EnvelopeErrorKind, loc: Location, text: String| {
        out.push(EnvelopeIssue::new(kind, None, None, loc, text));
    };
    let missing = |e: u8| EnvelopeErrorKind::MissingUnbElement { element: e };
    let invalid = |e: u8| EnvelopeErrorKind::InvalidUnbElement { element: e };

    if h.syntax_id.is_empty() {
        push(
            missing(1),
            seg_loc(unb, 1, Some(1)),
            "UNB S001 0001 (syntax identifier) is missing".into(),
        );
    } else if h.charset.is_none() {
        push(
            EnvelopeErrorKind::UnknownSyntaxIdentifier,
            seg_loc(unb, 1, Some(1)),
            format!(
                "Unknown syntax identifier {:?}; values are read as UTF-8 when valid, else Latin-1",
                h.syntax_id
            ),
        );
    } else if h.charset == Some(Charset::Unox) {
        push(
            EnvelopeErrorKind::CodeExtensionNotSupported,
            seg_loc(unb, 1, Some(1)),
            "UNOX (ISO 2022 code extension): escape sequences are not interpreted".into(),
        );
    }
    match h.version_number() {
        None if h.syntax_version.is_empty() => push(
            missing(1),
            seg_loc(unb, 1, Some(2)),
            "UNB S001 0002 (syntax version) is missing".into(),
        ),
        Some(1..=4) => {}
        _ => push(
            EnvelopeErrorKind::UnsupportedSyntaxVersion,
            seg_loc(unb, 1, Some(2)),
            format!(
                "Syntax version {:?} is not supported (1 to 4)",
                h.syntax_version
            ),
        ),
    }
    for (n, p, name) in [(2u8, &h.sender, "sender"), (3, &h.recipient, "recipient")] {
        if p.id.is_empty() {
            push(
                missing(n),
                seg_loc(unb, usize::from(n), Some(1)),
                format!("UNB interchange {name} identification is missing"),
            );
        } else if p.id.chars().count() > 35 {
            push(
                invalid(n),
                seg_loc(unb, usize::from(n), Some(1)),
                format!("UNB interchange {name} {:?} is longer than 35", p.id),
            );
        }
    }
    if h.date.is_empty() || h.time.is_empty() {
        push(
            missing(4),
            seg_loc(unb, 4, None),
            "UNB S004 (date and time of preparation) is missing".into(),
        );
    } else {
        if parse_date(&h.date).is_none() {
            push(
                invalid(4),
                seg_loc(unb, 4, Some(1)),
                format!("UNB date {:?} is not a date (YYMMDD or CCYYMMDD)", h.date),
            );
        }
        if parse_time(&h.time).is_none() {
            push(
                invalid(4),
                seg_loc(unb, 4, Some(2)),
                format!("UNB time {:?} is not a time (HHMM)", h.time),
            );
        }
    }
    if h.control_reference.is_empty() {
        push(
            missing(5),
            seg_loc(unb, 5, None),
            "UNB 0020 (interchange control reference) is missing".into(),
        );
    } else if h.control_reference.chars().count() > 14 {
        push(
            invalid(5),
            seg_loc(unb, 5, None),
            format!(
                "UNB 0020 {:?} is longer than 14 characters",
                h.control_reference
            ),
        );
    }
    if !h.ack_request.is_empty() && !matches!(h.ack_request.trim(), "1" | "2") {
        push(
            invalid(9),
            seg_loc(unb, 9, None),
            format!(
                "UNB 0031 (acknowledgement request) {:?} must be 1 or 2",
                h.ack_request
            ),
        );
    }
    let test_ok = h.test_indicator.is_empty()
        || (h.test_indicator.len() == 1 && h.test_indicator.bytes().all(|b| b.is_ascii_digit()));
    if !test_ok {
        push(
            invalid(11),
            seg_loc(unb, 11, None),
            format!(
                "UNB 0035 (test indicator) {:?} must be one digit",
                h.test_indicator
            ),
        );
    }
}

fn validate_ung(gi: usize, ung: &Segment<'_>, out: &mut Vec<EnvelopeIssue>) {
    let mut push = |kind: EnvelopeErrorKind, loc: Location, text: String| {
        out.push(EnvelopeIssue::new(kind, Some(gi), None, loc, text));
    };
    let missing = |element: u8| EnvelopeErrorKind::MissingUngElement { element };
    if ung.value(1, 1).is_none() {
        push(
            missing(1),
            seg_loc(ung, 1, None),
            "UNG 0038 (group identification) is missing".into(),
        );
    }
    if ung.value(5, 1).is_none() {
        push(
            missing(5),
            seg_loc(ung, 5, None),
            "UNG 0048 (group reference number) is missing".into(),
        );
    }
    let date = ung.value(4, 1);
    let time = ung.value(4, 2);
    if date.is_some() || time.is_some() {
        let d = date.unwrap_or_default();
        let t = time.unwrap_or_default();
        if parse_date(&d).is_none() || parse_time(&t).is_none() {
            push(
                EnvelopeErrorKind::InvalidUngElement { element: 4 },
                seg_loc(ung, 4, None),
                format!("UNG date and time {d:?}:{t:?} are not YYMMDD/CCYYMMDD:HHMM"),
            );
        }
    }
}

fn validate_message(
    group: Option<usize>,
    index: usize,
    m: &Message<'_>,
    out: &mut Vec<EnvelopeIssue>,
) {
    let mut push = |kind: EnvelopeErrorKind, loc: Location, text: String| {
        out.push(EnvelopeIssue::new(kind, group, Some(index), loc, text));
    };
    let r = m.reference();
    if r.is_empty() {
        push(
            EnvelopeErrorKind::MissingUnhElement { element: 1 },
            msg_loc(&m.unh, 1, 1, None),
            "UNH 0062 (message reference number) is missing".into(),
        );
    } else if r.chars().count() > 14 {
        push(
            EnvelopeErrorKind::InvalidUnhElement { element: 1 },
            msg_loc(&m.unh, 1, 1, None),
            format!("UNH 0062 {r:?} is longer than 14 characters"),
        );
    }
    for (c, name) in [
        (1usize, "message type (0065)"),
        (2, "version (0052)"),
        (3, "release (0054)"),
        (4, "controlling agency (0051)"),
    ] {
        if m.unh.value(2, c).is_none() {
            push(
                EnvelopeErrorKind::MissingUnhElement { element: 2 },
                msg_loc(&m.unh, 1, 2, Some(c)),
                format!("UNH S009 {name} is missing"),
            );
        }
    }
    if let Some(unt) = m.unt {
        let position = m.segment_count();
        let n = unt.value(1, 1).unwrap_or_default();
        if number(&n) != Some(position as u64) {
            push(
                EnvelopeErrorKind::SegmentCountMismatch,
                msg_loc(&unt, position, 1, None),
                format!("UNT 0074 says {n:?} segments but message {r:?} has {position} (UNH and UNT included)"),
            );
        }
        let tr = unt.value(2, 1).unwrap_or_default();
        if tr != r {
            push(
                EnvelopeErrorKind::MessageReferenceMismatch,
                msg_loc(&unt, position, 2, None),
                format!("UNT 0062 {tr:?} differs from UNH 0062 {r:?}"),
            );
        }
    }
}

/// Bytes outside the declared repertoire (warnings), and UTF-8 sent under an 8859 level (read as
/// UTF-8 from then on).
fn check_characters(ic: &mut Interchange<'_>, out: &mut Vec<EnvelopeIssue>) {
    let Some(cs) = ic.header.charset else {
        return;
    };
    // Past the UNOA/UNOB count, only 8-bit bytes under an 8859 level matter: most
    // interchanges have none, found without collecting the segments.
    if !matches!(cs, Charset::Unoa | Charset::Unob)
        && (!eight_bit_level(cs) || each_segment(ic).all(|s| s.raw().is_ascii()))
    {
        return;
    }
    // Each pass walks the segments again: a list of them would be 40 bytes a segment.
    let any_high = each_segment(ic).any(|s| !s.raw().is_ascii());
    let all_utf8 = any_high && each_segment(ic).all(|s| std::str::from_utf8(s.raw()).is_ok());
    if matches!(cs, Charset::Unoa | Charset::Unob) {
        let (mut lower, mut high, mut other) = (0usize, 0usize, 0usize);
        let mut first: Option<(usize, u8)> = None;
        for s in each_segment(ic) {
            let d = s.delimiters;
            for (i, &b) in s.raw().iter().enumerate() {
                if d.is_service(b) || b == b'\r' || b == b'\n' {
                    continue;
                }
                let counter = if b >= 0x80 {
                    &mut high
                } else if cs == Charset::Unoa && b.is_ascii_lowercase() {
                    &mut lower
                } else if (cs == Charset::Unoa && !is_unoa(char::from(b)))
                    || (cs == Charset::Unob && !is_unob(char::from(b)))
                    || b < 0x20
                    || b == 0x7F
                {
                    &mut other
                } else {
                    continue;
                };
                *counter += 1;
                if first.is_none() {
                    first = Some((s.offset + i, b));
                }
            }
        }
        if let Some((at, b)) = first {
            let parts: Vec<String> = [(lower, "lower-case"), (high, "8-bit"), (other, "other")]
                .into_iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            out.push(EnvelopeIssue::new(
                EnvelopeErrorKind::InvalidCharacter,
                None,
                None,
                Location::at_offset(at),
                format!(
                    "The interchange declares {} but has {} characters outside it (the first is byte 0x{b:02X})",
                    cs.syntax_id(),
                    parts.join(", ")
                ),
            ));
        }
    }
    if eight_bit_level(cs) && all_utf8 {
        let at = each_segment(ic)
            .find(|s| !s.raw().is_ascii())
            .map(|s| s.offset)
            .unwrap_or_default();
        out.push(EnvelopeIssue::new(
            EnvelopeErrorKind::Utf8UnderDeclaredLevel,
            None,
            None,
            Location::at_offset(at),
            format!(
                "The interchange declares {} but its 8-bit bytes are UTF-8; read as UTF-8",
                cs.syntax_id()
            ),
        ));
        set_charset(ic, Charset::Unow);
    }
}

/// The ASCII and ISO 8859 levels (UNOA–UNOK).
fn eight_bit_level(cs: Charset) -> bool {
    matches!(
        cs,
        Charset::Unoa
            | Charset::Unob
            | Charset::Unoc
            | Charset::Unod
            | Charset::Unoe
            | Charset::Unof
            | Charset::Unog
            | Charset::Unoh
            | Charset::Unoi
            | Charset::Unoj
            | Charset::Unok
    )
}

/// Every segment of `ic`, in input order.
fn each_segment<'s, 'a>(ic: &'s Interchange<'a>) -> impl Iterator<Item = Segment<'a>> + 's {
    ic.unb
        .into_iter()
        .chain(ic.groups.iter().flat_map(|g| {
            std::iter::once(g.ung)
                .chain(g.messages.iter().flat_map(|m| m.all_segments()))
                .chain(g.une)
        }))
        .chain(ic.messages.iter().flat_map(|m| m.all_segments()))
        .chain(ic.unz)
}

fn set_charset(ic: &mut Interchange<'_>, cs: Charset) {
    ic.charset = cs;
    let fix = |s: &mut Segment<'_>| s.charset = cs;
    ic.unb.iter_mut().for_each(fix);
    ic.unz.iter_mut().for_each(fix);
    let fix_msg = |m: &mut Message<'_>| {
        fix(&mut m.unh);
        m.body.set_charset(cs);
        m.unt.iter_mut().for_each(fix);
    };
    for g in &mut ic.groups {
        fix(&mut g.ung);
        g.une.iter_mut().for_each(fix);
        g.messages.iter_mut().for_each(fix_msg);
    }
    ic.messages.iter_mut().for_each(fix_msg);
}
