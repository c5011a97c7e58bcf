//! Envelope structure (ISA/GS/ST … SE/GE/IEA) and its validation.
//!
//! [`parse`] reads a whole input, [`interchanges`] streams it one interchange at a time. Both are
//! lenient: every problem becomes an [`EnvelopeIssue`] that says which level it concerns
//! ([`Level`]), which group and set, where it is, and the acknowledgement code it maps to (TA105,
//! AK905/IK9 or AK502/IK502), so 997/999/TA1 can be built without re-reading anything.

use std::collections::HashSet;

use chrono::{NaiveDate, NaiveTime};

use super::segment::{Delimiters, Segment, TransactionSet};
use super::tokenizer::{segments, Segments};
use super::write::InterchangeHeader;
use crate::{CodecError, Format, Issue, Location, Severity};

/// Which envelope an [`EnvelopeIssue`] concerns, i.e. which acknowledgement reports it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// The interchange (ISA/IEA): reported in a TA1 (TA105).
    Interchange,
    /// A functional group (GS/GE): reported in AK9 (AK905 / 999 AK905).
    Group,
    /// A transaction set (ST/SE): reported in AK5/IK5 (AK502 / IK502).
    Set,
}

/// What is wrong with an envelope. [`EnvelopeErrorKind::level`] says which ack reports it and
/// [`EnvelopeErrorKind::code`] gives the code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EnvelopeErrorKind {
    // ---- interchange (TA105) ----
    /// An ISA element has the wrong width or value (`element` is 1..=16); the TA105 code depends
    /// on the element (005 sender qualifier, 006 sender id, 014 date, 017 version, 018 control
    /// number…).
    InvalidIsaElement {
        /// ISA element number, 1-based.
        element: u8,
    },
    /// The ISA is not 106 bytes wide (fields trimmed or padded); read anyway. Warning.
    IsaNotFixedWidth,
    /// The ISA has fewer than 16 elements before the next terminator (TA105 022).
    IncompleteIsa,
    /// The input ends inside the ISA or before the IEA (TA105 023).
    PrematureEnd,
    /// `ISA[3]` differs from the separators at the other fixed positions (TA105 026).
    InconsistentElementSeparator,
    /// The element separator is a letter, digit or space (TA105 026).
    InvalidElementSeparator,
    /// ISA16 is a letter, digit or space, or equals another delimiter (TA105 027).
    InvalidComponentSeparator,
    /// The byte after ISA16 cannot be a terminator (TA105 004).
    InvalidSegmentTerminator,
    /// The terminator is unusual but unambiguous: spaces before a line break, or a multi-byte
    /// character. Warning, TA105 004.
    UnusualTerminator,
    /// ISA11 is not a usable repetition separator in 00402+ (e.g. `U` in 00501). Warning, TA105 016.
    InvalidRepetitionSeparator,
    /// ISA11 is not `U` before 00402. Warning, TA105 016.
    InvalidStandardsIdentifier,
    /// No IEA before the next ISA or the end of the input (TA105 023).
    MissingIea,
    /// IEA02 differs from ISA13 (TA105 001).
    InterchangeControlNumberMismatch,
    /// IEA01 differs from the number of groups (TA105 021).
    GroupCountMismatch,
    /// A segment where the envelope allows none: outside a group, between sets, a trailer without
    /// header, a set outside any group (TA105 022).
    UnexpectedSegment,
    // ---- group (AK905) ----
    /// A GS element is invalid: only its group is rejected (AK9 `R`), the other groups of the
    /// interchange are acknowledged as usual. AK905 `1` (functional group not supported) for
    /// GS01, `2` (functional group version not supported) for GS08; the code list of AK905
    /// (data element 716) has no code for a bad GS02–GS05 or GS07, so those reject the group
    /// without one. GS06 is [`EnvelopeErrorKind::InvalidGroupControlNumber`].
    InvalidGsElement {
        /// GS element number, 1-based.
        element: u8,
    },
    /// No GE before the next GS or IEA (AK905 3).
    MissingGe,
    /// GE02 differs from GS06 (AK905 4).
    GroupControlNumberMismatch,
    /// GE01 differs from the number of sets (AK905 5).
    SetCountMismatch,
    /// GS06 is not 1–9 digits (AK905 6).
    InvalidGroupControlNumber,
    /// GS06 was already used in this interchange (AK905 19).
    DuplicateGroupControlNumber,
    // ---- set (AK502) ----
    /// No SE before the next ST, GE, IEA or end (AK502 2).
    MissingSe,
    /// SE02 differs from ST02 (AK502 3).
    SetControlNumberMismatch,
    /// SE01 differs from the number of segments, ST and SE included (AK502 4).
    SegmentCountMismatch,
    /// ST01 is not a 3-digit transaction set identifier (AK502 6).
    InvalidSetId,
    /// ST02 is not 4–9 characters (AK502 7).
    InvalidSetControlNumber,
    /// ST02 was already used in this group (AK502 23).
    DuplicateSetControlNumber,
}

impl EnvelopeErrorKind {
    /// The envelope level this problem belongs to.
    pub fn level(self) -> Level {
        use EnvelopeErrorKind::*;
        match self {
            InvalidGsElement { .. }
            | MissingGe
            | GroupControlNumberMismatch
            | SetCountMismatch
            | InvalidGroupControlNumber
            | DuplicateGroupControlNumber => Level::Group,
            MissingSe
            | SetControlNumberMismatch
            | SegmentCountMismatch
            | InvalidSetId
            | InvalidSetControlNumber
            | DuplicateSetControlNumber => Level::Set,
            _ => Level::Interchange,
        }
    }

    /// The acknowledgement code: TA105 for the interchange level, AK905 for groups, AK502 for
    /// sets (the 999 uses the same values in AK905 and IK502). `None` only for a GS element
    /// the AK905 code list has no code for (see [`EnvelopeErrorKind::InvalidGsElement`]).
    pub fn code(self) -> Option<&'static str> {
        use EnvelopeErrorKind::*;
        Some(match self {
            InvalidIsaElement { element } => match element {
                1 => "010",
                2 => "011",
                3 => "012",
                4 => "013",
                5 => "005",
                6 => "006",
                7 => "007",
                8 => "008",
                9 => "014",
                10 => "015",
                11 => "016",
                12 => "017",
                13 => "018",
                14 => "019",
                15 => "020",
                16 => "027",
                _ => "024",
            },
            IsaNotFixedWidth => "024",
            IncompleteIsa | UnexpectedSegment => "022",
            PrematureEnd | MissingIea => "023",
            InconsistentElementSeparator | InvalidElementSeparator => "026",
            InvalidComponentSeparator => "027",
            InvalidSegmentTerminator | UnusualTerminator => "004",
            InvalidRepetitionSeparator | InvalidStandardsIdentifier => "016",
            InterchangeControlNumberMismatch => "001",
            GroupCountMismatch => "021",
            InvalidGsElement { element } => match element {
                1 => "1",
                8 => "2",
                _ => return None,
            },
            MissingGe => "3",
            GroupControlNumberMismatch => "4",
            SetCountMismatch => "5",
            InvalidGroupControlNumber => "6",
            DuplicateGroupControlNumber => "19",
            MissingSe => "2",
            SetControlNumberMismatch => "3",
            SegmentCountMismatch => "4",
            InvalidSetId => "6",
            InvalidSetControlNumber => "7",
            DuplicateSetControlNumber => "23",
        })
    }

    /// The default severity: the tolerated quirks are warnings, everything else an error.
    pub fn severity(self) -> Severity {
        use EnvelopeErrorKind::*;
        match self {
            IsaNotFixedWidth
            | UnusualTerminator
            | InvalidRepetitionSeparator
            | InvalidStandardsIdentifier => Severity::Warning,
            _ => Severity::Error,
        }
    }
}

/// One envelope problem: its kind, which group/set it belongs to, and the located [`Issue`]
/// (whose `code` is [`EnvelopeErrorKind::code`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeIssue {
    /// What is wrong.
    pub kind: EnvelopeErrorKind,
    /// Index into [`Interchange::groups`] for group- and set-level problems (and GS problems).
    pub group: Option<usize>,
    /// Index into [`Group::sets`] for set-level problems.
    pub set: Option<usize>,
    /// Severity, location, code and message.
    pub issue: Issue,
}

impl EnvelopeIssue {
    /// A problem of `kind` with its default severity and code.
    pub fn new(
        kind: EnvelopeErrorKind,
        group: Option<usize>,
        set: Option<usize>,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        let issue = Issue {
            severity: kind.severity(),
            location,
            code: kind.code().map(str::to_owned),
            message: message.into(),
        };
        Self {
            kind,
            group,
            set,
            issue,
        }
    }

    /// The level (interchange, group, set).
    pub fn level(&self) -> Level {
        self.kind.level()
    }

    /// Whether it is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.issue.severity == Severity::Error
    }
}

/// One functional group: GS, its sets, GE (`None` when missing).
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The `GS` header.
    pub gs: Segment<'a>,
    /// The transaction sets, in order.
    pub sets: Vec<TransactionSet<'a>>,
    /// The `GE` trailer, `None` when missing.
    pub ge: Option<Segment<'a>>,
}

impl<'a> Group<'a> {
    /// GS01, the functional identifier code (`PO`, `IN`, `FA`…).
    pub fn functional_id(&self) -> &'a str {
        self.gs.element(1).unwrap_or_default()
    }

    /// GS02, the application sender's code.
    pub fn sender(&self) -> &'a str {
        self.gs.element(2).unwrap_or_default()
    }

    /// GS03, the application receiver's code.
    pub fn receiver(&self) -> &'a str {
        self.gs.element(3).unwrap_or_default()
    }

    /// GS06, the group control number as sent.
    pub fn control_number(&self) -> &'a str {
        self.gs.element(6).unwrap_or_default()
    }

    /// GS08, the version / release / industry identifier (`004010`, `005010X222A1`…).
    pub fn version(&self) -> &'a str {
        self.gs.element(8).unwrap_or_default()
    }
}

/// One interchange: ISA, TA1s, groups, IEA, with everything wrong with its envelopes.
#[derive(Clone, Debug)]
pub struct Interchange<'a> {
    /// The `ISA` header (raw, fields untrimmed).
    pub isa: Segment<'a>,
    /// `TA1` segments between ISA and the first GS (or anywhere outside a group).
    pub ta1: Vec<Segment<'a>>,
    /// The functional groups, in order.
    pub groups: Vec<Group<'a>>,
    /// The `IEA` trailer, `None` when missing.
    pub iea: Option<Segment<'a>>,
    /// The delimiters read from the ISA.
    pub delimiters: Delimiters,
    /// Every envelope problem, in input order.
    pub issues: Vec<EnvelopeIssue>,
    /// Byte offset just past the interchange's last segment (its terminator included).
    pub end: usize,
}

impl<'a> Interchange<'a> {
    /// ISA element `n`, trimmed. When `ISA[3]` disagreed with the other separators
    /// ([`EnvelopeErrorKind::InconsistentElementSeparator`]), the elements are found from the
    /// separators that agree.
    fn isa_trimmed(&self, n: usize) -> &'a str {
        let raw = self.isa.raw();
        let shifted = raw.get(3).is_some_and(|&b| b != self.delimiters.element);
        let v = if !shifted {
            self.isa.element(n)
        } else if n == 1 {
            raw.get(4..6).and_then(|b| std::str::from_utf8(b).ok())
        } else {
            self.isa.element(n.wrapping_sub(1))
        };
        v.unwrap_or_default().trim()
    }

    /// ISA05, the sender's id qualifier (trimmed).
    pub fn sender_qualifier(&self) -> &'a str {
        self.isa_trimmed(5)
    }

    /// ISA06, the sender id (trimmed).
    pub fn sender_id(&self) -> &'a str {
        self.isa_trimmed(6)
    }

    /// ISA07, the receiver's id qualifier (trimmed).
    pub fn receiver_qualifier(&self) -> &'a str {
        self.isa_trimmed(7)
    }

    /// ISA08, the receiver id (trimmed).
    pub fn receiver_id(&self) -> &'a str {
        self.isa_trimmed(8)
    }

    /// ISA09, the date as sent (YYMMDD).
    pub fn date(&self) -> &'a str {
        self.isa_trimmed(9)
    }

    /// ISA10, the time as sent (HHMM).
    pub fn time(&self) -> &'a str {
        self.isa_trimmed(10)
    }

    /// ISA12, the interchange control version (`00401`, `00501`…).
    pub fn version(&self) -> &'a str {
        self.isa_trimmed(12)
    }

    /// ISA13, the interchange control number as sent (the duplicate-detection key with the
    /// sender and receiver).
    pub fn control_number(&self) -> &'a str {
        self.isa_trimmed(13)
    }

    /// ISA14 = `1`: the sender wants a TA1.
    pub fn ack_requested(&self) -> bool {
        self.isa_trimmed(14) == "1"
    }

    /// ISA15, `P` production or `T` test.
    pub fn usage(&self) -> &'a str {
        self.isa_trimmed(15)
    }

    /// Whether any envelope problem is an error.
    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(EnvelopeIssue::is_error)
    }

    /// Interchange-level problems (what a TA1 reports).
    pub fn interchange_issues(&self) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues
            .iter()
            .filter(|i| i.level() == Level::Interchange)
    }

    /// Group-level problems of group `group` (what AK9 reports).
    pub fn group_issues(&self, group: usize) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues
            .iter()
            .filter(move |i| i.level() == Level::Group && i.group == Some(group))
    }

    /// Set-level problems of set `set` in group `group` (what AK5/IK5 reports).
    pub fn set_issues(&self, group: usize, set: usize) -> impl Iterator<Item = &EnvelopeIssue> {
        self.issues.iter().filter(move |i| {
            i.level() == Level::Set && i.group == Some(group) && i.set == Some(set)
        })
    }

    /// The index of `group` in [`Interchange::groups`] (matched by its GS offset).
    pub fn group_index(&self, group: &Group<'_>) -> Option<usize> {
        self.groups
            .iter()
            .position(|g| g.gs.offset == group.gs.offset)
    }

    /// The delimiters of a reply to this interchange (what [`Interchange::reply_header`] and the
    /// acknowledgement builders use): the inbound ones, except that unusable ones (non-ASCII,
    /// blank, colliding) are replaced by [`Delimiters::DEFAULT`], and a repetition separator is
    /// chosen when the version needs one and the inbound had none (e.g. `U` in 00501): `^`, or
    /// another free character if `^` is taken. Before 00402 there is none.
    pub fn reply_delimiters(&self) -> Delimiters {
        let mut delimiters = self.delimiters;
        let unusable = |b: u8| b.is_ascii_alphanumeric() || !b.is_ascii_graphic();
        let d = delimiters;
        if unusable(d.element)
            || unusable(d.component)
            || (unusable(d.segment) && !matches!(d.segment, b'\r' | b'\n'))
            || d.element == d.component
            || d.element == d.segment
            || d.component == d.segment
        {
            delimiters = Delimiters::DEFAULT;
        }
        if self.version() < "00402" {
            delimiters.repetition = None;
        } else if delimiters
            .repetition
            .is_none_or(|r| unusable(r) || delimiters.is_delimiter_other_than_repetition(r))
        {
            delimiters.repetition = [b'^', b'{', b'}', b'!', b'\\']
                .into_iter()
                .find(|&c| !delimiters.is_delimiter_other_than_repetition(c));
        }
        delimiters
    }

    /// ISA12 of a reply to this interchange: its own when it is a known version, else `00401`.
    pub(crate) fn reply_version(&self) -> &'a str {
        let version = self.version();
        if known_version(version) {
            version
        } else {
            "00401"
        }
    }

    /// The header of a reply to this interchange (997/999/TA1, or any outbound document to the
    /// same partner): sender and receiver swapped, the inbound version, usage and delimiters
    /// mirrored, no TA1 requested. The caller supplies the control number and the clock.
    ///
    /// The delimiters are [`Interchange::reply_delimiters`]. An unknown inbound ISA12 is replaced
    /// by `00401`, so that a TA1 rejecting it is itself valid.
    pub fn reply_header(
        &self,
        control_number: u32,
        date: NaiveDate,
        time: NaiveTime,
    ) -> InterchangeHeader {
        let version = self.reply_version();
        let delimiters = self.reply_delimiters();
        let usage = self
            .usage()
            .chars()
            .next()
            .filter(|c| *c == 'T')
            .unwrap_or('P');
        InterchangeHeader {
            sender_qualifier: self.receiver_qualifier().to_owned(),
            sender_id: self.receiver_id().to_owned(),
            receiver_qualifier: self.sender_qualifier().to_owned(),
            receiver_id: self.sender_id().to_owned(),
            date,
            time,
            version: version.to_owned(),
            control_number,
            ack_requested: false,
            usage,
            delimiters,
        }
    }
}

/// Everything read from one input.
#[derive(Clone, Debug)]
pub struct Parsed<'a> {
    /// The interchanges, in order.
    pub interchanges: Vec<Interchange<'a>>,
    /// Problems outside any interchange (junk before the first ISA or after an IEA).
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

/// Read every interchange of `input`. Fails only when there is no ISA at all.
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
            format: Format::X12,
            location: Location::at_offset(0),
            message: "no ISA segment found".into(),
        });
    }
    Ok(Parsed {
        interchanges: list,
        issues,
    })
}

/// Stream the interchanges of `input` one at a time: only the current interchange's segments are
/// held (one 32-byte `Segment` per segment, borrowed from `input`).
pub fn interchanges(input: &[u8]) -> Interchanges<'_> {
    Interchanges {
        tokens: segments(input),
        pending: None,
    }
}

/// Iterator over interchanges (see [`interchanges`]).
#[derive(Debug, Clone)]
pub struct Interchanges<'a> {
    tokens: Segments<'a>,
    pending: Option<(Segment<'a>, Vec<EnvelopeIssue>)>,
}

impl<'a> Interchanges<'a> {
    /// Problems found outside any interchange so far.
    pub fn issues(&self) -> &[Issue] {
        self.tokens.issues()
    }

    /// The problems found outside any interchange.
    pub fn into_issues(mut self) -> Vec<Issue> {
        self.tokens.take_issues()
    }
}

impl<'a> Iterator for Interchanges<'a> {
    type Item = Interchange<'a>;

    fn next(&mut self) -> Option<Interchange<'a>> {
        let (isa, problems) = match self.pending.take() {
            Some(p) => p,
            None => {
                let isa = self.tokens.next()?;
                (isa, self.tokens.take_isa_problems())
            }
        };
        let mut b = Builder::new(isa, problems, self.tokens.input());
        while let Some(seg) = self.tokens.next() {
            if self.tokens.last_was_isa() {
                self.pending = Some((seg, self.tokens.take_isa_problems()));
                break;
            }
            if b.push(seg) {
                break;
            }
        }
        Some(b.finish())
    }
}

/// Builds one interchange from its segments.
struct Builder<'a> {
    ic: Interchange<'a>,
    group_open: bool,
    set: Option<TransactionSet<'a>>,
    /// A run of segments outside their envelope: first segment, count.
    outside: Option<(Segment<'a>, usize)>,
    last: Segment<'a>,
    /// The tokenizer's input (for [`TransactionSet::text`]).
    input: &'a [u8],
}

impl<'a> Builder<'a> {
    fn new(isa: Segment<'a>, issues: Vec<EnvelopeIssue>, input: &'a [u8]) -> Self {
        Self {
            ic: Interchange {
                isa,
                ta1: Vec::new(),
                groups: Vec::new(),
                iea: None,
                delimiters: isa.delimiters,
                issues,
                end: isa.offset + isa.raw().len() + 1,
            },
            group_open: false,
            set: None,
            outside: None,
            last: isa,
            input,
        }
    }

    fn issue(
        &mut self,
        kind: EnvelopeErrorKind,
        group: Option<usize>,
        set: Option<usize>,
        location: Location,
        message: impl Into<String>,
    ) {
        self.ic
            .issues
            .push(EnvelopeIssue::new(kind, group, set, location, message));
    }

    fn current_group(&self) -> Option<usize> {
        if self.group_open {
            self.ic.groups.len().checked_sub(1)
        } else {
            None
        }
    }

    /// Take one segment; true when it was the IEA.
    fn push(&mut self, seg: Segment<'a>) -> bool {
        self.last = seg;
        match seg.envelope_id() {
            "IEA" => {
                self.flush_outside();
                self.close_set(&seg);
                self.close_group(&seg);
                self.ic.iea = Some(seg);
                return true;
            }
            "GS" => {
                self.flush_outside();
                self.close_set(&seg);
                self.close_group(&seg);
                self.ic.groups.push(Group {
                    gs: seg,
                    sets: Vec::new(),
                    ge: None,
                });
                self.group_open = true;
            }
            "GE" => {
                self.close_set(&seg);
                if self.group_open {
                    self.flush_outside();
                    if let Some(g) = self.ic.groups.last_mut() {
                        g.ge = Some(seg);
                    }
                    self.group_open = false;
                } else {
                    self.outside(seg);
                }
            }
            "ST" => {
                self.flush_outside();
                self.close_set(&seg);
                self.set = Some(TransactionSet {
                    st: seg,
                    body: Vec::new(),
                    se: None,
                    text: None,
                });
            }
            "SE" => {
                if let Some(set) = self.set.as_mut() {
                    set.se = Some(seg);
                    self.close_set(&seg);
                } else {
                    self.outside(seg);
                }
            }
            "TA1" if self.set.is_none() && !self.group_open => {
                self.flush_outside();
                self.ic.ta1.push(seg);
            }
            _ => {
                if let Some(set) = self.set.as_mut() {
                    set.body.push(seg);
                } else {
                    self.outside(seg);
                }
            }
        }
        false
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
            "inside a functional group but outside any transaction set"
        } else {
            "outside any functional group"
        };
        let id = first.id();
        let what = if n == 1 {
            format!("Segment {:?} is {place}", display_id(&first))
        } else {
            format!("{n} segments from {:?} on are {place}", display_id(&first))
        };
        let hint = match id {
            "GE" => "; a GE without GS",
            "SE" => "; an SE without ST",
            _ => "",
        };
        self.issue(
            EnvelopeErrorKind::UnexpectedSegment,
            group,
            None,
            first.location(),
            format!("{what}{hint}"),
        );
    }

    /// Close the open set (reporting a missing SE at `at`).
    fn close_set(&mut self, at: &Segment<'a>) {
        let Some(mut set) = self.set.take() else {
            return;
        };
        // The set's bytes, ST to its last segment, checked as UTF-8 once (SIMD: a tenth of
        // the instructions of `std::str::from_utf8` on a purchase order).
        let last = set.se.as_ref().or(set.body.last()).unwrap_or(&set.st);
        set.text = self
            .input
            .get(set.st.offset..last.offset + last.raw().len())
            .and_then(|b| simdutf8::basic::from_utf8(b).ok());
        let Some(gi) = self.current_group() else {
            let n = set.body.len() + 1 + usize::from(set.se.is_some());
            self.issue(
                EnvelopeErrorKind::UnexpectedSegment,
                None,
                None,
                set.st.location(),
                format!(
                    "Transaction set {} {:?} is outside any functional group ({n} segments ignored)",
                    set.id(),
                    set.control_number()
                ),
            );
            return;
        };
        let si = self
            .ic
            .groups
            .get(gi)
            .map(|g| g.sets.len())
            .unwrap_or_default();
        if set.se.is_none() {
            self.issue(
                EnvelopeErrorKind::MissingSe,
                Some(gi),
                Some(si),
                Location {
                    offset: Some(at.offset),
                    segment: Some("SE".into()),
                    segment_position: Some(set.segment_count() + 1),
                    ..Location::default()
                },
                format!(
                    "Transaction set {} {:?} has no SE trailer (found {:?} instead)",
                    set.id(),
                    set.control_number(),
                    display_id(at)
                ),
            );
        }
        if let Some(g) = self.ic.groups.get_mut(gi) {
            g.sets.push(set);
        }
    }

    /// Close the open group (reporting a missing GE at `at`).
    fn close_group(&mut self, at: &Segment<'a>) {
        let Some(gi) = self.current_group() else {
            return;
        };
        self.group_open = false;
        let ctl = self
            .ic
            .groups
            .get(gi)
            .map(|g| g.control_number())
            .unwrap_or_default();
        self.issue(
            EnvelopeErrorKind::MissingGe,
            Some(gi),
            None,
            Location {
                offset: Some(at.offset),
                segment: Some("GE".into()),
                ..Location::default()
            },
            format!(
                "Functional group {ctl:?} has no GE trailer (found {:?} instead)",
                display_id(at)
            ),
        );
    }

    fn finish(mut self) -> Interchange<'a> {
        let last = self.last;
        self.flush_outside();
        if self.ic.iea.is_none() {
            let end = Segment::new(b"", last.offset + last.raw().len(), self.ic.delimiters);
            // `end` is empty, so the messages say "end of input".
            self.close_set(&end);
            self.close_group(&end);
            let ctl = self.ic.control_number().to_owned();
            self.issue(
                EnvelopeErrorKind::MissingIea,
                None,
                None,
                Location {
                    offset: Some(end.offset),
                    segment: Some("IEA".into()),
                    ..Location::default()
                },
                format!("Interchange {ctl:?} has no IEA trailer"),
            );
        }
        self.ic.end = (last.offset + last.raw().len() + 1).max(self.ic.end);
        validate(&mut self.ic);
        self.ic
            .issues
            .sort_by_key(|i| i.issue.location.offset.unwrap_or(usize::MAX));
        self.ic
    }
}

/// A segment id for messages: the id, or the first bytes when it has none.
fn display_id(seg: &Segment<'_>) -> String {
    match seg.id() {
        "" if seg.raw().is_empty() => "end of input".into(),
        "" => seg.text().chars().take(10).collect(),
        id => id.to_owned(),
    }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Digits parsed as a number (up to 18 digits), for control-number comparisons.
fn number(s: &str) -> Option<u64> {
    let s = s.trim();
    if all_digits(s) && s.len() <= 18 {
        s.parse().ok()
    } else {
        None
    }
}

/// YYMMDD.
pub(crate) fn valid_yymmdd(s: &str) -> bool {
    s.len() == 6 && all_digits(s) && NaiveDate::parse_from_str(s, "%y%m%d").is_ok()
}

/// CCYYMMDD.
pub(crate) fn valid_ccyymmdd(s: &str) -> bool {
    s.len() == 8 && all_digits(s) && NaiveDate::parse_from_str(s, "%Y%m%d").is_ok()
}

/// HHMM, HHMMSS, or HHMMSS followed by 1–2 decimal seconds.
pub(crate) fn valid_time(s: &str, max_len: usize) -> bool {
    if !(4..=max_len).contains(&s.len()) || s.len() == 5 || !all_digits(s) {
        return false;
    }
    let two = |i: usize| s.get(i..i + 2).and_then(|x| x.parse::<u32>().ok());
    let (Some(h), Some(m)) = (two(0), two(2)) else {
        return false;
    };
    let sec = if s.len() >= 6 { two(4) } else { Some(0) };
    matches!(sec, Some(sec) if h < 24 && m < 60 && sec < 60)
}

/// A version `00VRR` that exists: version 2 to 9.
fn known_version(v: &str) -> bool {
    v.len() == 5
        && all_digits(v)
        && v.starts_with("00")
        && v.as_bytes()
            .get(2)
            .is_some_and(|b| (b'2'..=b'9').contains(b))
}

/// All checks that need the whole interchange.
fn validate(ic: &mut Interchange<'_>) {
    let mut out: Vec<EnvelopeIssue> = Vec::new();
    let skip_isa_fields = ic.issues.iter().any(|i| {
        matches!(
            i.kind,
            EnvelopeErrorKind::InconsistentElementSeparator | EnvelopeErrorKind::IncompleteIsa
        )
    });
    if !skip_isa_fields {
        validate_isa(&ic.isa, &mut out);
    }

    // IEA
    if let Some(iea) = ic.iea {
        let n = iea.element(1).unwrap_or_default();
        if number(n) != Some(ic.groups.len() as u64) {
            out.push(EnvelopeIssue::new(
                EnvelopeErrorKind::GroupCountMismatch,
                None,
                None,
                el_loc(&iea, 1),
                format!(
                    "IEA01 says {n:?} groups but the interchange has {}",
                    ic.groups.len()
                ),
            ));
        }
        let ctl = iea.element(2).unwrap_or_default();
        let isa13 = ic.control_number();
        let same = match (number(ctl), number(isa13)) {
            (Some(a), Some(b)) => a == b,
            _ => ctl.trim() == isa13,
        };
        if !same {
            out.push(EnvelopeIssue::new(
                EnvelopeErrorKind::InterchangeControlNumberMismatch,
                None,
                None,
                el_loc(&iea, 2),
                format!("IEA02 {ctl:?} differs from ISA13 {isa13:?}"),
            ));
        }
    }

    let mut group_numbers: HashSet<&str> = HashSet::new();
    for (gi, group) in ic.groups.iter().enumerate() {
        validate_gs(gi, group, &mut out);
        let gs06 = group.control_number();
        if all_digits(gs06) && gs06.len() <= 9 {
            let key = gs06.trim_start_matches('0');
            if !group_numbers.insert(key) {
                out.push(EnvelopeIssue::new(
                    EnvelopeErrorKind::DuplicateGroupControlNumber,
                    Some(gi),
                    None,
                    el_loc(&group.gs, 6),
                    format!("GS06 {gs06:?} is used by an earlier group of this interchange"),
                ));
            }
        }
        if let Some(ge) = group.ge {
            let n = ge.element(1).unwrap_or_default();
            if number(n) != Some(group.sets.len() as u64) {
                out.push(EnvelopeIssue::new(
                    EnvelopeErrorKind::SetCountMismatch,
                    Some(gi),
                    None,
                    el_loc(&ge, 1),
                    format!(
                        "GE01 says {n:?} transaction sets but group {gs06:?} has {}",
                        group.sets.len()
                    ),
                ));
            }
            let ctl = ge.element(2).unwrap_or_default();
            let same = match (number(ctl), number(gs06)) {
                (Some(a), Some(b)) => a == b,
                _ => ctl == gs06,
            };
            if !same {
                out.push(EnvelopeIssue::new(
                    EnvelopeErrorKind::GroupControlNumberMismatch,
                    Some(gi),
                    None,
                    el_loc(&ge, 2),
                    format!("GE02 {ctl:?} differs from GS06 {gs06:?}"),
                ));
            }
        }
        let mut set_numbers: HashSet<&str> = HashSet::new();
        for (si, set) in group.sets.iter().enumerate() {
            validate_set(gi, si, set, &mut out);
            let st02 = set.control_number();
            if !st02.is_empty() && !set_numbers.insert(st02) {
                out.push(EnvelopeIssue::new(
                    EnvelopeErrorKind::DuplicateSetControlNumber,
                    Some(gi),
                    Some(si),
                    set_loc(&set.st, 1, 2),
                    format!("ST02 {st02:?} is used by an earlier set of group {gs06:?}"),
                ));
            }
        }
    }
    ic.issues.extend(out);
}

fn el_loc(seg: &Segment<'_>, element: usize) -> Location {
    Location {
        offset: Some(seg.element_offset(element).unwrap_or(seg.offset)),
        segment: Some(seg.id().to_owned()),
        element: Some(element),
        ..Location::default()
    }
}

fn set_loc(seg: &Segment<'_>, position: usize, element: usize) -> Location {
    Location {
        segment_position: Some(position),
        ..el_loc(seg, element)
    }
}

fn validate_isa(isa: &Segment<'_>, out: &mut Vec<EnvelopeIssue>) {
    let mut bad = |element: u8, message: String| {
        out.push(EnvelopeIssue::new(
            EnvelopeErrorKind::InvalidIsaElement { element },
            None,
            None,
            el_loc(isa, usize::from(element)),
            message,
        ));
    };
    let count = isa.element_count();
    if count != 16 {
        bad(16, format!("The ISA has {count} elements instead of 16"));
    }
    let el = |n: usize| isa.element(n).unwrap_or_default();
    let width = |n: usize| isa.element_bytes(n).map(<[u8]>::len).unwrap_or_default();
    // (element, width)
    for (n, w) in [
        (1u8, 2usize),
        (2, 10),
        (3, 2),
        (4, 10),
        (5, 2),
        (6, 15),
        (7, 2),
        (8, 15),
        (9, 6),
        (10, 4),
        (11, 1),
        (12, 5),
        (13, 9),
        (14, 1),
        (15, 1),
    ] {
        let got = width(usize::from(n));
        if got != w {
            bad(
                n,
                format!(
                    "ISA{n:02} {:?} is {got} characters wide instead of {w}",
                    el(usize::from(n))
                ),
            );
            continue;
        }
        let v = el(usize::from(n));
        let problem: Option<String> = match n {
            1 if !matches!(v, "00" | "01" | "02" | "03" | "04" | "05" | "06") => Some(format!(
                "ISA01 {v:?} is not an authorization qualifier (00-06)"
            )),
            3 if !matches!(v, "00" | "01") => Some(format!(
                "ISA03 {v:?} is not a security qualifier (00 or 01)"
            )),
            5 | 7 if !v.bytes().all(|b| b.is_ascii_alphanumeric()) => {
                Some(format!("ISA{n:02} {v:?} is not an id qualifier"))
            }
            6 | 8 if v.trim().is_empty() => Some(format!("ISA{n:02} is blank")),
            9 if !valid_yymmdd(v) => Some(format!("ISA09 {v:?} is not a date (YYMMDD)")),
            10 if !valid_time(v, 4) => Some(format!("ISA10 {v:?} is not a time (HHMM)")),
            12 if !known_version(v) => Some(format!(
                "ISA12 {v:?} is not a known interchange control version (00200-00900)"
            )),
            13 if !all_digits(v) => Some(format!("ISA13 {v:?} is not 9 digits")),
            14 if !matches!(v, "0" | "1") => Some(format!("ISA14 {v:?} must be 0 or 1")),
            15 if !matches!(v, "P" | "T" | "I") => {
                Some(format!("ISA15 {v:?} must be P (production) or T (test)"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            bad(n, message);
        }
    }
    if width(16) != 1 {
        bad(16, format!("ISA16 {:?} is not one character", el(16)));
    }
}

fn validate_gs(gi: usize, group: &Group<'_>, out: &mut Vec<EnvelopeIssue>) {
    let gs = &group.gs;
    let mut bad = |kind: EnvelopeErrorKind, element: usize, message: String| {
        out.push(EnvelopeIssue::new(
            kind,
            Some(gi),
            None,
            el_loc(gs, element),
            message,
        ));
    };
    let el = |n: usize| gs.element(n).unwrap_or_default();
    let gs_kind = |n: u8| EnvelopeErrorKind::InvalidGsElement { element: n };
    let v = el(1);
    if v.len() != 2 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        bad(
            gs_kind(1),
            1,
            format!("GS01 {v:?} is not a 2-character functional identifier"),
        );
    }
    for n in [2usize, 3] {
        let v = el(n);
        if !(2..=15).contains(&v.len()) {
            bad(
                gs_kind(n as u8),
                n,
                format!("GS{n:02} {v:?} must be 2 to 15 characters"),
            );
        }
    }
    let v = el(4);
    // GS04 was YYMMDD before version 004010.
    let old = matches!(el(8).get(..3), Some("002" | "003"));
    if !(valid_ccyymmdd(v) || old && valid_yymmdd(v)) {
        bad(
            gs_kind(4),
            4,
            format!("GS04 {v:?} is not a date (CCYYMMDD)"),
        );
    }
    let v = el(5);
    if !valid_time(v, 8) {
        bad(
            gs_kind(5),
            5,
            format!("GS05 {v:?} is not a time (HHMM[SS[dd]])"),
        );
    }
    let v = el(6);
    if !all_digits(v) || v.len() > 9 {
        bad(
            EnvelopeErrorKind::InvalidGroupControlNumber,
            6,
            format!("GS06 {v:?} is not 1 to 9 digits"),
        );
    }
    let v = el(7);
    if !matches!(v, "X" | "T") {
        bad(gs_kind(7), 7, format!("GS07 {v:?} must be X"));
    }
    let v = el(8);
    if !(1..=12).contains(&v.len()) {
        bad(
            gs_kind(8),
            8,
            format!("GS08 {v:?} must be 1 to 12 characters"),
        );
    } else if !known_gs_version(v) {
        bad(
            gs_kind(8),
            8,
            format!(
                "GS08 {v:?} is not a known version and release (6 digits 002000-009999, then the \
                 industry identifier, e.g. 004010 or 005010X231A1)"
            ),
        );
    }
}

/// A GS08 whose version and release (its first 6 characters) are those of a published X12
/// version, `00` then `2`–`9` and 3 digits, as ISA12 is checked (`004010VICS`, `005010X231A1`).
pub(crate) fn known_gs_version(v: &str) -> bool {
    v.get(..6)
        .is_some_and(|vr| all_digits(vr) && vr.get(..5).is_some_and(known_version))
}

fn validate_set(gi: usize, si: usize, set: &TransactionSet<'_>, out: &mut Vec<EnvelopeIssue>) {
    let mut bad = |kind: EnvelopeErrorKind, loc: Location, message: String| {
        out.push(EnvelopeIssue::new(kind, Some(gi), Some(si), loc, message));
    };
    let id = set.id();
    if id.len() != 3 || !all_digits(id) {
        bad(
            EnvelopeErrorKind::InvalidSetId,
            set_loc(&set.st, 1, 1),
            format!("ST01 {id:?} is not a 3-digit transaction set identifier"),
        );
    }
    let st02 = set.control_number();
    if !(4..=9).contains(&st02.len()) {
        bad(
            EnvelopeErrorKind::InvalidSetControlNumber,
            set_loc(&set.st, 1, 2),
            format!("ST02 {st02:?} must be 4 to 9 characters"),
        );
    }
    if let Some(se) = set.se {
        let position = set.segment_count();
        let n = se.element(1).unwrap_or_default();
        if number(n) != Some(position as u64) {
            bad(
                EnvelopeErrorKind::SegmentCountMismatch,
                set_loc(&se, position, 1),
                format!(
                    "SE01 says {n:?} segments but set {st02:?} has {position} (ST and SE included)"
                ),
            );
        }
        let se02 = se.element(2).unwrap_or_default();
        if se02 != st02 {
            bad(
                EnvelopeErrorKind::SetControlNumberMismatch,
                set_loc(&se, position, 2),
                format!("SE02 {se02:?} differs from ST02 {st02:?}"),
            );
        }
    }
}
