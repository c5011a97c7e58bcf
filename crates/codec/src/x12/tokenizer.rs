//! The byte-level tokenizer: finds interchanges, reads their delimiters from the ISA and yields
//! borrowed [`Segment`]s. Zero-copy; the only per-segment work is one `memchr` for the terminator
//! and skipping the whitespace after it.
//!
//! What it tolerates (each with an issue where the standard is broken):
//! - a UTF-8 BOM and whitespace before an `ISA`;
//! - CR, LF, CRLF, spaces or tabs after a terminator (pretty-printing);
//! - CR or LF itself as the terminator (and a CR before an LF terminator);
//! - an ISA whose fields were trimmed or padded: the delimiters are then found by counting
//!   element separators (ISA16 follows the 16th);
//! - an element separator at `ISA[3]` that disagrees with the rest of the ISA;
//! - several interchanges in one input, with or without IEA, and junk between them.
//!
//! A new interchange starts only where a segment starts with `ISA` followed by a non-alphanumeric
//! byte; the letters "ISA" inside data never resynchronise the tokenizer.

use super::envelope::{EnvelopeErrorKind, EnvelopeIssue};
use super::segment::{Delimiters, Segment};
use crate::{Issue, Location};

/// 0-based positions of the 16 element separators in a fixed-width ISA.
const FIXED_SEPARATORS: [usize; 16] = [
    3, 6, 17, 20, 31, 34, 50, 53, 69, 76, 81, 83, 89, 99, 101, 103,
];
/// How far a trimmed or padded ISA is searched for its 16 separators.
const ISA_SEARCH_LIMIT: usize = 512;
/// How far after a bad terminator a replacement is looked for.
const GUESS_WINDOW: usize = 4096;
const BOM: &[u8] = b"\xEF\xBB\xBF";

#[derive(Clone, Copy, Debug)]
enum State {
    /// Before the first ISA.
    Start,
    /// Inside an interchange.
    Inside(Delimiters),
    /// After an IEA: only whitespace or a new ISA is expected.
    AfterIea,
    /// Input exhausted.
    Done,
}

/// Iterator over every segment of every interchange in an input.
///
/// Each `ISA` is yielded like any other segment, with the delimiters it declares; after it,
/// [`Segments::take_isa_problems`] returns what was wrong with its delimiters. Problems outside
/// any interchange (junk before the first ISA or after an IEA) are collected in
/// [`Segments::issues`].
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    input: &'a [u8],
    pos: usize,
    state: State,
    last_was_isa: bool,
    /// The continuation bytes of a multi-byte (UTF-8) terminator, skipped after each terminator.
    terminator_tail: &'a [u8],
    isa_problems: Vec<EnvelopeIssue>,
    issues: Vec<Issue>,
}

/// Tokenize `input` into segments (see [`Segments`]).
pub fn segments(input: &[u8]) -> Segments<'_> {
    Segments {
        input,
        pos: 0,
        state: State::Start,
        last_was_isa: false,
        terminator_tail: &[],
        isa_problems: Vec::new(),
        issues: Vec::new(),
    }
}

impl<'a> Segments<'a> {
    /// The whole input; a [`Segment`]'s `offset` indexes it.
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    /// Whether the segment returned last opened a new interchange (an `ISA`).
    pub fn last_was_isa(&self) -> bool {
        self.last_was_isa
    }

    /// Problems with the delimiters of the ISA returned last (drained).
    pub fn take_isa_problems(&mut self) -> Vec<EnvelopeIssue> {
        std::mem::take(&mut self.isa_problems)
    }

    /// Problems found outside any interchange so far.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Take the problems found outside any interchange so far.
    pub fn take_issues(&mut self) -> Vec<Issue> {
        std::mem::take(&mut self.issues)
    }

    /// Byte offset where tokenizing continues.
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Skip a BOM and ASCII whitespace (used outside interchanges).
    fn skip_outside_whitespace(&mut self) {
        loop {
            let rest = self.input.get(self.pos..).unwrap_or_default();
            if rest.starts_with(BOM) {
                self.pos += BOM.len();
            } else if rest.first().is_some_and(u8::is_ascii_whitespace) {
                self.pos += 1;
            } else {
                return;
            }
        }
    }

    /// Whether an ISA header starts at `at`: `ISA` and then a byte that is not alphanumeric.
    fn isa_at(&self, at: usize) -> bool {
        let rest = self.input.get(at..).unwrap_or_default();
        rest.starts_with(b"ISA")
            && rest
                .get(3)
                .is_some_and(|&b| !b.is_ascii_alphanumeric() && b != b'\r' && b != b'\n')
    }

    /// The next ISA at or after `from` that starts a line or follows a non-alphanumeric byte.
    fn find_isa(&self, from: usize) -> Option<usize> {
        let hay = self.input.get(from..)?;
        memchr::memmem::find_iter(hay, b"ISA")
            .map(|i| from + i)
            .find(|&at| {
                let before_ok = at == 0
                    || self
                        .input
                        .get(at - 1)
                        .is_some_and(|b| !b.is_ascii_alphanumeric());
                before_ok && self.isa_at(at)
            })
    }

    /// Outside an interchange: move to the next ISA, reporting what was skipped.
    fn seek_isa(&mut self, after_iea: bool) -> Option<Segment<'a>> {
        self.skip_outside_whitespace();
        if self.pos >= self.input.len() {
            self.state = State::Done;
            return None;
        }
        if self.isa_at(self.pos) {
            return Some(self.read_isa(self.pos));
        }
        let junk_start = self.pos;
        let next = self.find_isa(self.pos);
        let junk_end = next.unwrap_or(self.input.len());
        let junk = self.input.get(junk_start..junk_end).unwrap_or_default();
        let preview: String = String::from_utf8_lossy(junk).chars().take(40).collect();
        let message = if after_iea {
            format!(
                "{} bytes after the interchange trailer (IEA) were ignored: {preview:?}",
                junk.len()
            )
        } else if next.is_some() {
            format!(
                "{} bytes before the first ISA were ignored: {preview:?}",
                junk.len()
            )
        } else {
            format!("No ISA segment found; the input starts with {preview:?}")
        };
        self.issues
            .push(Issue::error(Location::at_offset(junk_start), message).with_code("022"));
        match next {
            Some(at) => Some(self.read_isa(at)),
            None => {
                self.pos = self.input.len();
                self.state = State::Done;
                None
            }
        }
    }

    /// Read the ISA at `s` (known to start with `ISA` + a non-alphanumeric byte), set the
    /// delimiters and the position after it.
    fn read_isa(&mut self, s: usize) -> Segment<'a> {
        self.last_was_isa = true;
        let rest = self.input.get(s..).unwrap_or_default();
        let byte = |i: usize| rest.get(i).copied();
        let mut problems: Vec<EnvelopeIssue> = Vec::new();
        let problem =
            |kind: EnvelopeErrorKind, offset: usize, element: Option<usize>, msg: String| {
                EnvelopeIssue::new(
                    kind,
                    None,
                    None,
                    Location {
                        offset: Some(offset),
                        segment: Some("ISA".into()),
                        element,
                        ..Location::default()
                    },
                    msg,
                )
            };
        let mut element = byte(3).unwrap_or(b'*');
        let fixed = FIXED_SEPARATORS.iter().all(|&p| byte(p) == Some(element))
            && byte(104).is_some()
            && byte(105).is_some();
        // ISA16 position (relative to s); the terminator follows it.
        let mut isa16_at: Option<usize> = None;
        if fixed {
            isa16_at = Some(104);
        } else if let Some(other) = byte(103).filter(|&b| {
            b != element
                && !b.is_ascii_alphanumeric()
                && FIXED_SEPARATORS.iter().skip(1).all(|&p| byte(p) == Some(b))
        }) {
            if byte(105).is_some() {
                problems.push(problem(
                    EnvelopeErrorKind::InconsistentElementSeparator,
                    s + 3,
                    None,
                    format!(
                        "The byte after ISA is {:?} but the other ISA separators are {:?}; {:?} was used",
                        char::from(element),
                        char::from(other),
                        char::from(other)
                    ),
                ));
                element = other;
                isa16_at = Some(104);
            }
        }
        if isa16_at.is_none() {
            // Trimmed or padded ISA: ISA16 follows the 16th element separator.
            let window = rest
                .get(..rest.len().min(ISA_SEARCH_LIMIT))
                .unwrap_or_default();
            let sixteenth = memchr::memchr_iter(element, window).nth(15);
            match sixteenth {
                Some(p) if byte(p + 2).is_some() => {
                    problems.push(problem(
                        EnvelopeErrorKind::IsaNotFixedWidth,
                        s,
                        None,
                        "The ISA is not 106 characters wide; its delimiters were found by counting element separators".into(),
                    ));
                    isa16_at = Some(p + 1);
                }
                _ => {}
            }
        }
        let Some(isa16_at) = isa16_at else {
            return self.incomplete_isa(s, element, problems);
        };
        let component = byte(isa16_at).unwrap_or(b':');
        let mut terminator = byte(isa16_at + 1).unwrap_or(b'~');
        let mut next = s + isa16_at + 2;
        let raw_end = s + isa16_at + 1;

        if element.is_ascii_alphanumeric() || element.is_ascii_whitespace() {
            problems.push(problem(
                EnvelopeErrorKind::InvalidElementSeparator,
                s + 3,
                None,
                format!(
                    "The element separator {:?} is a letter, digit or space",
                    char::from(element)
                ),
            ));
        }
        if component.is_ascii_alphanumeric()
            || component == b' '
            || component == element
            || component == terminator
        {
            problems.push(problem(
                EnvelopeErrorKind::InvalidComponentSeparator,
                s + isa16_at,
                Some(16),
                format!(
                    "The component separator (ISA16) {:?} is a letter, digit or space, or equals another delimiter",
                    char::from(component)
                ),
            ));
        }
        let mut tail: &'a [u8] = &[];
        if matches!(terminator, b' ' | b'\t') {
            // `ISA…*>  \r\n`: spaces before a line break; the line break is the terminator.
            let after = rest.get(isa16_at + 1..).unwrap_or_default();
            let pad = after
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            if let Some(&nl @ (b'\r' | b'\n')) = after.get(pad) {
                problems.push(problem(
                    EnvelopeErrorKind::UnusualTerminator,
                    s + isa16_at + 1,
                    None,
                    "Spaces follow ISA16 before the line break; the line break was taken as the segment terminator and trailing spaces are dropped".into(),
                ));
                terminator = nl;
                next = s + isa16_at + 1 + pad + 1;
            }
        } else if terminator >= 0xC0 {
            // A multi-byte UTF-8 character (e.g. `…`) as terminator: split on its first byte and
            // skip the rest after each terminator.
            let width = match terminator {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let seq = rest
                .get(isa16_at + 1..isa16_at + 1 + width)
                .unwrap_or_default();
            if seq.len() == width && std::str::from_utf8(seq).is_ok() {
                problems.push(problem(
                    EnvelopeErrorKind::UnusualTerminator,
                    s + isa16_at + 1,
                    None,
                    format!(
                        "The segment terminator is the multi-byte character {:?}",
                        String::from_utf8_lossy(seq)
                    ),
                ));
                tail = seq.get(1..).unwrap_or_default();
                next = s + isa16_at + 1 + width;
            }
        }
        if terminator.is_ascii_alphanumeric() || terminator == b' ' || terminator == element {
            // No usable terminator after ISA16: guess one from what follows, and re-read the
            // byte after ISA16 as the start of the next segment.
            // Look at a bounded window only, so junk full of ISAs stays linear.
            let after = rest
                .get(isa16_at + 1..(isa16_at + 1 + GUESS_WINDOW).min(rest.len()))
                .unwrap_or_default();
            let guess = if memchr::memchr(b'~', after).is_some() {
                b'~'
            } else {
                b'\n'
            };
            problems.push(problem(
                EnvelopeErrorKind::InvalidSegmentTerminator,
                s + isa16_at + 1,
                None,
                format!(
                    "The byte after ISA16, {:?}, cannot be a segment terminator; {:?} was assumed",
                    char::from(terminator),
                    char::from(guess)
                ),
            ));
            terminator = guess;
            next = raw_end;
        }

        let mut delimiters = Delimiters {
            element,
            component,
            repetition: None,
            segment: terminator,
        };
        let raw = self.input.get(s..raw_end).unwrap_or_default();
        let probe = Segment::new(raw, s, delimiters);
        let version = probe.element(12).unwrap_or_default();
        let isa11 = probe.element_bytes(11).unwrap_or_default();
        let numeric_version = version.len() == 5 && version.bytes().all(|b| b.is_ascii_digit());
        if numeric_version && version >= "00402" {
            match isa11 {
                [r] if !r.is_ascii_alphanumeric()
                    && *r != b' '
                    && *r != element
                    && *r != component
                    && *r != terminator =>
                {
                    delimiters.repetition = Some(*r);
                }
                _ => problems.push(problem(
                    EnvelopeErrorKind::InvalidRepetitionSeparator,
                    s,
                    Some(11),
                    format!(
                        "ISA11 {:?} is not a usable repetition separator in version {version}; elements are not split into repetitions",
                        String::from_utf8_lossy(isa11)
                    ),
                )),
            }
        } else if numeric_version && isa11 != b"U" {
            problems.push(problem(
                EnvelopeErrorKind::InvalidStandardsIdentifier,
                s,
                Some(11),
                format!(
                    "ISA11 {:?} should be \"U\" in version {version} (repetition separators start with 00402)",
                    String::from_utf8_lossy(isa11)
                ),
            ));
        }

        self.isa_problems = problems;
        self.terminator_tail = tail;
        self.pos = next.min(self.input.len());
        self.state = State::Inside(delimiters);
        Segment::new(raw, s, delimiters)
    }

    /// An ISA too short to hold 16 elements: guess the delimiters so the rest can be read.
    fn incomplete_isa(
        &mut self,
        s: usize,
        element: u8,
        mut problems: Vec<EnvelopeIssue>,
    ) -> Segment<'a> {
        let rest = self.input.get(s..).unwrap_or_default();
        let term_at = rest.iter().position(|&b| b == b'~' || b == b'\n');
        let terminator = term_at.and_then(|i| rest.get(i).copied()).unwrap_or(b'~');
        let raw_len = term_at.unwrap_or(rest.len());
        let at_eof = term_at.is_none();
        problems.push(EnvelopeIssue::new(
            if at_eof {
                EnvelopeErrorKind::PrematureEnd
            } else {
                EnvelopeErrorKind::IncompleteIsa
            },
            None,
            None,
            Location {
                offset: Some(s),
                segment: Some("ISA".into()),
                ..Location::default()
            },
            "The ISA has fewer than 16 elements; its delimiters could not be read",
        ));
        let delimiters = Delimiters {
            element: if element.is_ascii_alphanumeric() {
                b'*'
            } else {
                element
            },
            component: b':',
            repetition: None,
            segment: terminator,
        };
        let raw = rest.get(..raw_len).unwrap_or_default();
        self.isa_problems = problems;
        self.terminator_tail = &[];
        self.pos = (s + raw_len + 1).min(self.input.len());
        self.state = State::Inside(delimiters);
        Segment::new(raw, s, delimiters)
    }

    /// Inside an interchange: the next segment (or a new ISA).
    fn next_inside(&mut self, d: Delimiters) -> Option<Segment<'a>> {
        let input = self.input;
        loop {
            // Skip whitespace left after the previous terminator (unless it is a delimiter).
            while let Some(&b) = input.get(self.pos) {
                if matches!(b, b' ' | b'\t' | b'\r' | b'\n')
                    && b != d.element
                    && b != d.component
                    && Some(b) != d.repetition
                {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            if self.pos >= input.len() {
                self.state = State::Done;
                return None;
            }
            if self.isa_at(self.pos) {
                return Some(self.read_isa(self.pos));
            }
            if input.get(self.pos..).is_some_and(|r| r.starts_with(BOM))
                && self.isa_at(self.pos + BOM.len())
            {
                return Some(self.read_isa(self.pos + BOM.len()));
            }
            let start = self.pos;
            let rest = input.get(start..).unwrap_or_default();
            let (len, mut next) = match memchr::memchr(d.segment, rest) {
                Some(i) => (i, start + i + 1),
                None => (rest.len(), input.len()),
            };
            let tail = self.terminator_tail;
            if !tail.is_empty() && input.get(next..).is_some_and(|r| r.starts_with(tail)) {
                next += tail.len();
            }
            let mut raw = rest.get(..len).unwrap_or_default();
            if matches!(d.segment, b'\n' | b'\r') {
                // Line mode: drop the CR of a CRLF and trailing blanks.
                while let Some((last, init)) = raw.split_last() {
                    if matches!(last, b'\r' | b' ' | b'\t') {
                        raw = init;
                    } else {
                        break;
                    }
                }
            }
            self.pos = next;
            if raw.is_empty() {
                continue;
            }
            let seg = Segment::new(raw, start, d);
            if raw.starts_with(b"IEA") && raw.get(3).is_none_or(|&b| b == d.element) {
                self.state = State::AfterIea;
            }
            return Some(seg);
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        self.last_was_isa = false;
        match self.state {
            State::Start => self.seek_isa(false),
            State::AfterIea => self.seek_isa(true),
            State::Inside(d) => self.next_inside(d),
            State::Done => None,
        }
    }
}
