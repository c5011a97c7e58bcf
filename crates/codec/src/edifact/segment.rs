//! Segments: the borrowed view over one EDIFACT segment and the service string advice.
//!
//! A [`Segment`] is the raw bytes of one segment without its terminator, plus the byte offset
//! where it starts, the [`Delimiters`] and the [`Charset`] of its interchange. Elements,
//! repetitions and components are found on demand by scanning (release characters respected);
//! values are unescaped and decoded only when asked for ([`Segment::value`]), borrowed when
//! nothing needs changing.
//!
//! CR and LF bytes inside a segment are line wrapping (fixed-width files, a terminator escaped
//! before a line break): they are skipped everywhere and never part of a value, unless the
//! segment terminator itself is a line break.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::charset::Charset;
use crate::Location;

/// The service characters of one interchange (UNA, or the defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Delimiters {
    /// Component data element separator (UNA1, default `:`).
    pub component: u8,
    /// Data element separator (UNA2, default `+`).
    pub element: u8,
    /// Decimal mark (UNA3, `.` or `,`); readers accept both anyway.
    pub decimal: u8,
    /// Release character (UNA4, default `?`); `None` when UNA4 is a space.
    pub release: Option<u8>,
    /// Repetition separator (UNA5): `*` by default in syntax 4, none in syntax 1–3 (where UNA5
    /// is reserved, a space).
    pub repetition: Option<u8>,
    /// Segment terminator (UNA6, default `'`).
    pub segment: u8,
}

impl Delimiters {
    /// `:+.? '` — the syntax 1–3 defaults (no repetition separator).
    pub const DEFAULT: Delimiters = Delimiters {
        component: b':',
        element: b'+',
        decimal: b'.',
        release: Some(b'?'),
        repetition: None,
        segment: b'\'',
    };

    /// `:+.?*'` — the syntax 4 defaults.
    pub const DEFAULT_V4: Delimiters = Delimiters {
        repetition: Some(b'*'),
        ..Self::DEFAULT
    };

    /// The defaults for a syntax version (`4` → [`Delimiters::DEFAULT_V4`], else
    /// [`Delimiters::DEFAULT`]).
    pub fn for_version(version: u8) -> Self {
        if version >= 4 {
            Self::DEFAULT_V4
        } else {
            Self::DEFAULT
        }
    }

    /// Read the six characters after `UNA`. `None` unless `advice` has at least six bytes and
    /// the component and element separators and the terminator are distinct and not letters,
    /// digits or spaces.
    pub fn from_una(advice: &[u8]) -> Option<Self> {
        let [component, element, decimal, release, repetition, segment] = *advice.get(..6)? else {
            return None;
        };
        let bad = |b: u8| b.is_ascii_alphanumeric() || b == b' ';
        if bad(component)
            || bad(element)
            || bad(segment)
            || component == element
            || component == segment
            || element == segment
        {
            return None;
        }
        let other = |b: u8| {
            (b != b' '
                && !b.is_ascii_alphanumeric()
                && b != component
                && b != element
                && b != segment)
                .then_some(b)
        };
        let release = other(release);
        let repetition = other(repetition).filter(|&r| Some(r) != release);
        Some(Self {
            component,
            element,
            decimal,
            release,
            repetition,
            segment,
        })
    }

    /// The `UNA` service string advice for these delimiters (9 characters, no line break).
    pub fn una(&self) -> String {
        let c = |b: u8| char::from(b);
        format!(
            "UNA{}{}{}{}{}{}",
            c(self.component),
            c(self.element),
            c(self.decimal),
            c(self.release.unwrap_or(b' ')),
            c(self.repetition.unwrap_or(b' ')),
            c(self.segment)
        )
    }

    /// Whether `b` is a separator, the terminator, the release or repetition character.
    pub fn is_service(&self, b: u8) -> bool {
        b == self.component
            || b == self.element
            || b == self.segment
            || Some(b) == self.release
            || Some(b) == self.repetition
    }

    /// The release character, unless it collides with a separator (then it cannot release).
    fn effective_release(&self) -> Option<u8> {
        self.release.filter(|&r| {
            r != self.component
                && r != self.element
                && r != self.segment
                && r != b'\r'
                && r != b'\n'
        })
    }

    /// Whether CR/LF inside a segment are wrapping (not when a line break ends segments).
    fn wraps(&self) -> bool {
        !matches!(self.segment, b'\r' | b'\n')
    }
}

impl Default for Delimiters {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Iterator over the parts of `bytes` split on `sep`, skipping released bytes.
#[derive(Clone, Debug)]
pub(crate) struct Split<'a> {
    bytes: &'a [u8],
    pos: usize,
    sep: Option<u8>,
    release: Option<u8>,
    wraps: bool,
    done: bool,
}

impl<'a> Split<'a> {
    pub(crate) fn new(bytes: &'a [u8], sep: Option<u8>, d: &Delimiters) -> Self {
        Self {
            bytes,
            pos: 0,
            sep,
            release: d.effective_release(),
            wraps: d.wraps(),
            done: false,
        }
    }
}

impl<'a> Iterator for Split<'a> {
    /// (start offset within the original bytes, part)
    type Item = (usize, &'a [u8]);

    fn next(&mut self) -> Option<(usize, &'a [u8])> {
        if self.done {
            return None;
        }
        let start = self.pos;
        let mut i = start;
        let bytes = self.bytes;
        while let Some(&b) = bytes.get(i) {
            if Some(b) == self.release {
                i = skip_released(bytes, i, self.wraps);
                continue;
            }
            if Some(b) == self.sep {
                self.pos = i + 1;
                return Some((start, bytes.get(start..i).unwrap_or_default()));
            }
            i += 1;
        }
        self.done = true;
        Some((start, bytes.get(start..).unwrap_or_default()))
    }
}

/// The index after the byte released by the release character at `i` (line wrapping between
/// them is skipped).
pub(crate) fn skip_released(bytes: &[u8], i: usize, wraps: bool) -> usize {
    let mut j = i + 1;
    if wraps {
        while matches!(bytes.get(j), Some(b'\r' | b'\n')) {
            j += 1;
        }
    }
    (j + 1).min(bytes.len().max(i + 1))
}

/// Unescape (drop release characters and wrapping CR/LF) and decode `raw`.
pub(crate) fn unescape<'a>(raw: &'a [u8], d: &Delimiters, charset: Charset) -> Cow<'a, str> {
    let release = d.effective_release();
    let wraps = d.wraps();
    let needs = raw
        .iter()
        .any(|&b| Some(b) == release || (wraps && (b == b'\r' || b == b'\n')));
    if !needs {
        return charset.decode(raw);
    }
    let mut buf = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if Some(b) == release {
            let mut j = i + 1;
            while wraps && matches!(raw.get(j), Some(b'\r' | b'\n')) {
                j += 1;
            }
            if let Some(&x) = raw.get(j) {
                buf.push(x);
            }
            i = j + 1;
            continue;
        }
        if !(wraps && (b == b'\r' || b == b'\n')) {
            buf.push(b);
        }
        i += 1;
    }
    Cow::Owned(charset.decode(&buf).into_owned())
}

/// Finds the *plain* segments, whose values are their own bytes: no release character, no
/// wrapping CR/LF, and bytes that decode to themselves (ASCII, or valid UTF-8 in a UTF-8
/// reading with ASCII separators). In such a segment, element, repetition and component `k`
/// is the `k`-th slice between separators, exactly what [`Segment::value_at`] gives. One
/// table lookup per byte; the table is made again when the delimiters change.
#[derive(Clone, Debug)]
pub(crate) struct PlainScan {
    delimiters: Delimiters,
    class: [u8; 256],
}

const SPECIAL: u8 = 1;
const ELEMENT: u8 = 2;
const HIGH: u8 = 4;

impl PlainScan {
    pub(crate) fn new(d: Delimiters) -> Self {
        let mut class = [0u8; 256];
        for c in class.iter_mut().skip(0x80) {
            *c |= HIGH;
        }
        let mut mark = |b: u8, bit: u8| {
            if let Some(c) = class.get_mut(usize::from(b)) {
                *c |= bit;
            }
        };
        if let Some(r) = d.effective_release() {
            mark(r, SPECIAL);
        }
        if d.wraps() {
            mark(b'\r', SPECIAL);
            mark(b'\n', SPECIAL);
        }
        mark(d.element, ELEMENT);
        Self {
            delimiters: d,
            class,
        }
    }

    /// Makes the table for `d`, unless it is for `d` already.
    #[inline]
    pub(crate) fn fit(&mut self, d: Delimiters) {
        if d != self.delimiters {
            *self = Self::new(d);
        }
    }

    /// The delimiters the table is for.
    pub(crate) fn delimiters(&self) -> &Delimiters {
        &self.delimiters
    }

    /// The text of the segment of bytes `raw` at `offset`, read in `charset` with the
    /// delimiters the table is for ([`PlainScan::fit`]), when it is plain, noting in the same
    /// pass the byte indexes of its first element separators in `seps`; with the number of
    /// element separators (all of them, also those `seps` had no room for). `None` when it is
    /// not plain.
    ///
    /// `body_text` is the text of the message body around the segment, from the input offset
    /// it starts at ([`Message::body_text`](super::Message::body_text)): the segment's text is
    /// sliced from it rather than checked as UTF-8 again.
    #[inline]
    pub(crate) fn scan_raw<'a>(
        &self,
        raw: &'a [u8],
        offset: usize,
        charset: Charset,
        seps: &mut [u16],
        body_text: Option<(usize, &'a str)>,
    ) -> Option<(&'a str, usize)> {
        let mut high = 0u8;
        let mut n = 0usize;
        for (i, &b) in raw.iter().enumerate() {
            let c = self.class.get(usize::from(b)).copied().unwrap_or(0);
            if c == 0 {
                continue;
            }
            if c & SPECIAL != 0 {
                return None;
            }
            if c & ELEMENT != 0 {
                if let (Some(slot), Ok(i)) = (seps.get_mut(n), u16::try_from(i)) {
                    *slot = i;
                }
                n += 1;
            }
            high |= c;
        }
        if high & HIGH != 0 {
            let d = &self.delimiters;
            let utf8_reading = matches!(
                charset,
                Charset::Unow | Charset::Unoy | Charset::Unox | Charset::Unknown
            );
            let ascii_separators = d.element.is_ascii()
                && d.component.is_ascii()
                && d.repetition.is_none_or(|r| r.is_ascii());
            if !(utf8_reading && ascii_separators) {
                return None;
            }
        }
        let sliced = body_text.and_then(|(start, text)| {
            let from = offset.checked_sub(start)?;
            text.get(from..from.checked_add(raw.len())?)
                .filter(|t| t.as_ptr() == raw.as_ptr())
        });
        match sliced {
            Some(text) => Some((text, n)),
            None => Some((std::str::from_utf8(raw).ok()?, n)),
        }
    }
}

/// The tags of the service segments and of the EANCOM messages the maps read: a segment
/// keeps its tag's index here (one byte), and [`Segment::tag`] gives the text without a UTF-8
/// check. Index 0: not one of them.
const KNOWN_TAGS: [&str; 60] = [
    "", "UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ", "UNS", "UCI", "UCM", "UCS", "UCD", "BGM",
    "DTM", "PAI", "ALI", "IMD", "FTX", "RFF", "NAD", "LOC", "FII", "CTA", "COM", "TAX", "MOA",
    "CUX", "PAT", "PCD", "ALC", "RNG", "TDT", "TOD", "PAC", "PCI", "GIN", "QTY", "LIN", "PIA",
    "PRI", "APR", "QVR", "DOC", "CNT", "MEA", "HAN", "GIR", "EQD", "SCC", "SEQ", "CPS", "DGS",
    "STS", "ERC", "GEI", "GIS", "INV", "IRQ", "RTE",
];

/// The index of `tag` in [`KNOWN_TAGS`] (0 when it is not there).
fn known_tag(tag: [u8; 3]) -> u8 {
    match &tag {
        b"UNA" => 1,
        b"UNB" => 2,
        b"UNG" => 3,
        b"UNH" => 4,
        b"UNT" => 5,
        b"UNE" => 6,
        b"UNZ" => 7,
        b"UNS" => 8,
        b"UCI" => 9,
        b"UCM" => 10,
        b"UCS" => 11,
        b"UCD" => 12,
        b"BGM" => 13,
        b"DTM" => 14,
        b"PAI" => 15,
        b"ALI" => 16,
        b"IMD" => 17,
        b"FTX" => 18,
        b"RFF" => 19,
        b"NAD" => 20,
        b"LOC" => 21,
        b"FII" => 22,
        b"CTA" => 23,
        b"COM" => 24,
        b"TAX" => 25,
        b"MOA" => 26,
        b"CUX" => 27,
        b"PAT" => 28,
        b"PCD" => 29,
        b"ALC" => 30,
        b"RNG" => 31,
        b"TDT" => 32,
        b"TOD" => 33,
        b"PAC" => 34,
        b"PCI" => 35,
        b"GIN" => 36,
        b"QTY" => 37,
        b"LIN" => 38,
        b"PIA" => 39,
        b"PRI" => 40,
        b"APR" => 41,
        b"QVR" => 42,
        b"DOC" => 43,
        b"CNT" => 44,
        b"MEA" => 45,
        b"HAN" => 46,
        b"GIR" => 47,
        b"EQD" => 48,
        b"SCC" => 49,
        b"SEQ" => 50,
        b"CPS" => 51,
        b"DGS" => 52,
        b"STS" => 53,
        b"ERC" => 54,
        b"GEI" => 55,
        b"GIS" => 56,
        b"INV" => 57,
        b"IRQ" => 58,
        b"RTE" => 59,
        _ => 0,
    }
}

/// One segment, borrowed from the input: `TAG+e1+e2…` without the terminator.
#[derive(Clone, Copy)]
pub struct Segment<'a> {
    raw: &'a [u8],
    /// Byte offset of the segment's first byte in the input.
    pub offset: usize,
    /// The service characters of the interchange this segment belongs to.
    pub delimiters: Delimiters,
    /// The character repertoire its values are decoded with.
    pub charset: Charset,
    /// The tag's three bytes, `[0; 3]` when the segment has no tag (a tag is never NUL bytes).
    tag: [u8; 3],
    /// The tag's index in [`KNOWN_TAGS`] (0: not there). A segment is 40 bytes rather than 56
    /// with the tag's text as a `&str`: a message of 110,000 segments holds 1.8 MB less.
    tag_known: u8,
}

/// The tag of a segment read byte by byte: up to the first element or component separator,
/// skipping CR/LF in a wrapped file, three upper-case letters or digits or nothing (a tag
/// length of 0). [`Segment::new`] reads the common case in one step and agrees with this on any
/// bytes (a property test checks it).
pub(crate) fn tag_bytewise(raw: &[u8], delimiters: &Delimiters) -> ([u8; 3], u8) {
    let mut tag = [0u8; 3];
    let mut len = 0usize;
    let mut valid = true;
    for &b in raw {
        if b == delimiters.element || b == delimiters.component {
            break;
        }
        if delimiters.wraps() && (b == b'\r' || b == b'\n') {
            continue;
        }
        if !(b.is_ascii_uppercase() || b.is_ascii_digit()) || len == 3 {
            valid = false;
            break;
        }
        if let Some(slot) = tag.get_mut(len) {
            *slot = b;
        }
        len += 1;
    }
    (tag, if valid && len == 3 { 3 } else { 0 })
}

impl<'a> Segment<'a> {
    /// A segment over `raw` (no terminator) starting at byte `offset` of the input.
    pub fn new(raw: &'a [u8], offset: usize, delimiters: Delimiters, charset: Charset) -> Self {
        let tag_byte = |b: u8| {
            (b.is_ascii_uppercase() || b.is_ascii_digit())
                && b != delimiters.element
                && b != delimiters.component
        };
        // The common case in one step: three tag characters, then a separator or the end.
        if let Some(&[a, b, c]) = raw.get(..3) {
            let after = raw.get(3).copied();
            if tag_byte(a)
                && tag_byte(b)
                && tag_byte(c)
                && after.is_none_or(|x| x == delimiters.element || x == delimiters.component)
            {
                let tag = [a, b, c];
                return Self {
                    raw,
                    offset,
                    delimiters,
                    charset,
                    tag,
                    tag_known: known_tag(tag),
                };
            }
        }
        // Byte by byte; a segment without a tag keeps no tag bytes.
        let (tag, known) = match tag_bytewise(raw, &delimiters) {
            (tag, 3) => (tag, known_tag(tag)),
            _ => ([0; 3], 0),
        };
        Self::from_parts(raw, offset, delimiters, charset, tag, known)
    }

    /// A segment from the parts [`Segment::tag_parts`] gave for one of the same `raw`
    /// ([`MessageBody`](super::MessageBody) keeps those instead of the segment).
    #[inline]
    pub(crate) fn from_parts(
        raw: &'a [u8],
        offset: usize,
        delimiters: Delimiters,
        charset: Charset,
        tag: [u8; 3],
        tag_known: u8,
    ) -> Self {
        Self {
            raw,
            offset,
            delimiters,
            charset,
            tag,
            tag_known,
        }
    }

    /// The tag's three bytes (`[0; 3]` when there is no tag: a tag is never NUL bytes) and
    /// its index among the known tags, from which [`Segment::from_parts`] makes the segment
    /// again.
    pub(crate) fn tag_parts(&self) -> ([u8; 3], u8) {
        (self.tag, self.tag_known)
    }

    /// Whether the tag starts with `UN`, as the envelope's segments' do (`UNA`, `UNB`, `UNG`,
    /// `UNH`, `UNT`, `UNE`, `UNZ`, also `UNS`; not CONTRL's `UCI`…): one test that spares a
    /// message's other segments the comparisons with the envelope's tags.
    pub fn starts_un(&self) -> bool {
        matches!(self.tag, [b'U', b'N', _])
    }

    /// The segment tag (`UNH`, `NAD`…): three upper-case letters or digits; `""` when the
    /// segment does not start with one.
    pub fn tag(&self) -> &str {
        if let Some(known) = KNOWN_TAGS
            .get(usize::from(self.tag_known))
            .filter(|t| !t.is_empty())
        {
            return known;
        }
        match self.tag {
            [0, 0, 0] => "",
            _ => std::str::from_utf8(&self.tag).unwrap_or_default(),
        }
    }

    /// The raw bytes, without terminator (release characters and wrapping still in).
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The raw bytes as (lossy) text, for messages.
    pub fn text(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.raw)
    }

    fn elements(&self) -> Split<'a> {
        Split::new(self.raw, Some(self.delimiters.element), &self.delimiters)
    }

    /// Number of data elements after the tag (`UNT+5+1` has 2), trailing empty ones included.
    pub fn element_count(&self) -> usize {
        self.elements().count().saturating_sub(1)
    }

    /// The raw bytes of data element `n` (1-based; 0 is the tag composite), escapes still in;
    /// `None` if absent.
    pub fn element_raw(&self, n: usize) -> Option<&'a [u8]> {
        self.elements().nth(n).map(|(_, b)| b)
    }

    /// Byte offset (in the input) where data element `n` starts; `None` if absent.
    pub fn element_offset(&self, n: usize) -> Option<usize> {
        self.elements().nth(n).map(|(s, _)| self.offset + s)
    }

    /// Whether data element `n` is present and not empty.
    pub fn has(&self, n: usize) -> bool {
        self.element_raw(n).is_some_and(|b| !b.is_empty())
    }

    /// Number of repetitions of element `n`: 0 when absent or empty, 1 without a repetition
    /// separator.
    pub fn repetition_count(&self, n: usize) -> usize {
        match self.element_raw(n) {
            None | Some([]) => 0,
            Some(el) => Split::new(el, self.delimiters.repetition, &self.delimiters).count(),
        }
    }

    /// Number of components of element `n` (first repetition); 0 when absent.
    pub fn component_count(&self, n: usize) -> usize {
        self.raw_value_at(n, 1, None).map_or(0, |el| {
            Split::new(el, Some(self.delimiters.component), &self.delimiters).count()
        })
    }

    /// The raw bytes of repetition `rep` (1-based) of element `n`, or of its component `c`.
    fn raw_value_at(&self, n: usize, rep: usize, c: Option<usize>) -> Option<&'a [u8]> {
        let el = self.element_raw(n)?;
        let (_, r) = Split::new(el, self.delimiters.repetition, &self.delimiters)
            .nth(rep.checked_sub(1)?)?;
        match c {
            None => Some(r),
            Some(c) => Split::new(r, Some(self.delimiters.component), &self.delimiters)
                .nth(c.checked_sub(1)?)
                .map(|(_, b)| b),
        }
    }

    /// Component `c` (1-based; a simple element is its own component 1) of data element `n`
    /// (1-based, after the tag), first repetition: unescaped and decoded per the interchange's
    /// character set; `None` when absent or empty. Borrowed when nothing needed changing.
    pub fn value(&self, n: usize, c: usize) -> Option<Cow<'a, str>> {
        self.value_at(n, 1, c)
    }

    /// Like [`value`](Self::value) for repetition `rep` (1-based) of element `n`.
    pub fn value_at(&self, n: usize, rep: usize, c: usize) -> Option<Cow<'a, str>> {
        let raw = self.raw_value_at(n, rep, Some(c))?;
        let v = unescape(raw, &self.delimiters, self.charset);
        (!v.is_empty()).then_some(v)
    }

    /// Component `c` of every repetition of element `n`, in order (empty ones included as
    /// `""`); empty when the element is absent or empty. One pass over the element.
    pub fn repetition_values(&self, n: usize, c: usize) -> Vec<Cow<'a, str>> {
        let d = self.delimiters;
        match self.element_raw(n) {
            None | Some([]) => Vec::new(),
            Some(el) => Split::new(el, d.repetition, &d)
                .map(|(_, rep)| {
                    c.checked_sub(1)
                        .and_then(|i| Split::new(rep, Some(d.component), &d).nth(i))
                        .map(|(_, raw)| unescape(raw, &d, self.charset))
                        .unwrap_or(Cow::Borrowed(""))
                })
                .collect(),
        }
    }

    /// Every component of element `n` (first repetition), decoded; empty components as `""`.
    /// One pass over the element.
    pub fn components(&self, n: usize) -> Vec<Cow<'a, str>> {
        let d = self.delimiters;
        self.raw_value_at(n, 1, None).map_or_else(Vec::new, |rep| {
            Split::new(rep, Some(d.component), &d)
                .map(|(_, raw)| unescape(raw, &d, self.charset))
                .collect()
        })
    }

    /// [`value`](Self::value) as a decimal number: `.` or `,` as the decimal mark, an optional
    /// leading `-`; `None` when absent or not a number.
    pub fn decimal(&self, n: usize, c: usize) -> Option<Decimal> {
        let v = self.value(n, c)?;
        let v = v.trim();
        if v.is_empty()
            || !v
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-'))
        {
            return None;
        }
        v.replace(',', ".").parse().ok()
    }

    /// A [`Location`] naming this segment (tag and byte offset).
    pub fn location(&self) -> Location {
        Location {
            offset: Some(self.offset),
            segment: Some(self.tag().to_owned()),
            ..Location::default()
        }
    }

    /// A [`Location`] naming element `n` (and component `c`) of this segment.
    pub fn element_location(&self, n: usize, c: Option<usize>) -> Location {
        Location {
            offset: Some(self.element_offset(n).unwrap_or(self.offset)),
            segment: Some(self.tag().to_owned()),
            element: Some(n),
            component: c,
            ..Location::default()
        }
    }
}

impl std::fmt::Debug for Segment<'_> {
    /// The raw bytes as (lossy) text, e.g. `Segment(12: "UNH+1+ORDERS:D:96A:UN")`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Segment({}: {:?})", self.offset, self.text())
    }
}
