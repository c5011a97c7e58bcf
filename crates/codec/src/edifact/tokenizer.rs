//! The EDIFACT tokenizer: service string advice and segment splitting over `&[u8]`.
//!
//! [`segments`] yields every segment of an input, zero-copy. The delimiters come from a `UNA`
//! (which may appear again before any later interchange) or the defaults; a `UNB` without its
//! own `UNA` keeps the last `UNA` of the input or, without one, takes the defaults of its syntax
//! version (repetition separator `*` from syntax 4 on; IS1–IS4 when the byte after `UNB` is
//! IS3, 0x1D). The character set comes from UNB S001. A UTF-8 BOM, whitespace and line breaks
//! between segments, a BOM before a later `UNA`/`UNB`, empty segments (`''`) and CR/LF inside
//! segments (wrapping) are tolerated. Input without `UNB` (a bare `UNH`…`UNT`) is read with the
//! syntax 3 defaults and an unknown character set.

use super::charset::Charset;
use super::segment::{skip_released, Delimiters, Segment};

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Iterator over the segments of an input (see [`segments`]).
#[derive(Clone, Debug)]
pub struct Segments<'a> {
    input: &'a [u8],
    pos: usize,
    delimiters: Delimiters,
    charset: Charset,
    /// The delimiters of the last UNA of the input.
    last_una: Option<Delimiters>,
    /// The previous segment was a UNA.
    after_una: bool,
}

/// Whether `input` may hold a `UNZ` segment: `false` means it surely holds none (no `U`, `N`,
/// `Z` in a row, line breaks between them aside, as a wrapped tag would have them). A cheap
/// test before reading a buffer whose interchange may not be complete yet.
pub fn may_hold_unz(input: &[u8]) -> bool {
    if memchr::memmem::find(input, b"UNZ").is_some() {
        return true;
    }
    memchr::memchr_iter(b'U', input).any(|i| {
        let mut rest = input
            .get(i + 1..)
            .unwrap_or_default()
            .iter()
            .filter(|b| !matches!(b, b'\r' | b'\n'));
        rest.next() == Some(&b'N') && rest.next() == Some(&b'Z')
    })
}

/// Split `input` into segments.
pub fn segments(input: &[u8]) -> Segments<'_> {
    Segments {
        input,
        pos: 0,
        delimiters: Delimiters::DEFAULT,
        charset: Charset::Unknown,
        last_una: None,
        after_una: false,
    }
}

impl<'a> Segments<'a> {
    /// The delimiters in force (those of the last segment returned).
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// The character set in force.
    pub fn charset(&self) -> Charset {
        self.charset
    }

    /// The input read (segment offsets index it).
    pub fn input(&self) -> &'a [u8] {
        self.input
    }

    /// Byte offset of the next unread byte.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn skip_between(&mut self) {
        let d = self.delimiters;
        loop {
            let Some(&b) = self.input.get(self.pos) else {
                return;
            };
            if matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | 0x1A)
                && b != d.element
                && b != d.component
                && b != d.segment
                && Some(b) != d.release
                && Some(b) != d.repetition
            {
                self.pos += 1;
            } else if self
                .input
                .get(self.pos..)
                .is_some_and(|r| r.starts_with(BOM))
            {
                self.pos += BOM.len();
            } else {
                return;
            }
        }
    }

    fn starts_with(&self, at: usize, tag: &[u8]) -> bool {
        self.input.get(at..).is_some_and(|r| r.starts_with(tag))
    }

    /// The end (exclusive) of the segment starting at `start`: the next unescaped terminator, or
    /// the end of the input.
    fn find_end(&self, start: usize, d: &Delimiters) -> usize {
        let input = self.input;
        let release = d
            .release
            .filter(|&r| r != d.segment && r != d.element && r != d.component);
        let wraps = !matches!(d.segment, b'\r' | b'\n');
        let mut i = start;
        loop {
            let rest = input.get(i..).unwrap_or_default();
            let hit = match release {
                Some(r) => memchr::memchr2(d.segment, r, rest),
                None => memchr::memchr(d.segment, rest),
            };
            let Some(k) = hit else {
                return input.len();
            };
            let at = i + k;
            if input.get(at).copied() == Some(d.segment) {
                return at;
            }
            i = skip_released(input, at, wraps);
        }
    }
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        loop {
            self.skip_between();
            let start = self.pos;
            if start >= self.input.len() {
                return None;
            }
            if self.starts_with(start, b"UNA") {
                let advice = self.input.get(start + 3..start + 9).unwrap_or_default();
                if let Some(d) = Delimiters::from_una(advice) {
                    self.delimiters = d;
                    self.last_una = Some(d);
                    self.after_una = true;
                    self.pos = start + 9;
                    let raw = self.input.get(start..start + 9).unwrap_or_default();
                    return Some(Segment::new(raw, start, d, self.charset));
                }
            }
            let after_una = std::mem::take(&mut self.after_una);
            let is_unb = self.starts_with(start, b"UNB")
                && self
                    .input
                    .get(start + 3)
                    .is_some_and(|b| !b.is_ascii_alphanumeric());
            if is_unb && !after_una {
                self.delimiters = match self.last_una {
                    Some(d) => d,
                    None if self.input.get(start + 3) == Some(&0x1D) => Delimiters {
                        component: 0x1F,
                        element: 0x1D,
                        decimal: b'.',
                        release: None,
                        repetition: Some(0x19),
                        segment: 0x1C,
                    },
                    None => Delimiters::DEFAULT,
                };
            }
            let mut d = self.delimiters;
            let end = self.find_end(start, &d);
            self.pos = (end + 1).min(self.input.len()).max(end);
            let mut raw = self.input.get(start..end).unwrap_or_default();
            if matches!(d.segment, b'\n' | b'\r') {
                while let Some((last, init)) = raw.split_last() {
                    if matches!(last, b'\r' | b'\n' | b' ' | b'\t') {
                        raw = init;
                    } else {
                        break;
                    }
                }
            }
            if raw.is_empty() {
                if end >= self.input.len() {
                    return None;
                }
                continue;
            }
            if is_unb {
                // S001: syntax identifier and version decide the charset and, without a UNA,
                // the repetition separator.
                let probe = Segment::new(raw, start, d, Charset::Unknown);
                let id = probe.value(1, 1).unwrap_or_default();
                let version = probe.value(1, 2).unwrap_or_default();
                self.charset = Charset::from_syntax_id(&id).unwrap_or(Charset::Unknown);
                if !after_una && self.last_una.is_none() && d.element == b'+' {
                    d.repetition = (version.trim() == "4").then_some(b'*');
                    self.delimiters = d;
                }
            }
            return Some(Segment::new(raw, start, d, self.charset));
        }
    }
}
