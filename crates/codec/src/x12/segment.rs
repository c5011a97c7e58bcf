//! Segments: the borrowed view over one X12 segment, the delimiter set, and the body writer.
//!
//! A [`Segment`] is the raw bytes of one segment without its terminator, plus the byte offset
//! where it starts and the [`Delimiters`] of its interchange. Elements and components are found
//! on demand by scanning; nothing is copied or allocated.

use crate::{Issue, Location};

/// The four X12 delimiters of one interchange, as bytes.
///
/// The element separator is the byte right after `ISA`, the component separator is ISA16, the
/// segment terminator is the byte after ISA16, and the repetition separator is ISA11 from version
/// 00402 on (`None` before, where ISA11 is the standards identifier `U`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delimiters {
    /// Data element separator (usually `*`).
    pub element: u8,
    /// Component (sub-element) separator, ISA16 (usually `:` or `>`).
    pub component: u8,
    /// Repetition separator, ISA11 (usually `^`), from 00402 on.
    pub repetition: Option<u8>,
    /// Segment terminator (usually `~`).
    pub segment: u8,
}

impl Delimiters {
    /// `*`, `:`, `^`, `~`.
    pub const DEFAULT: Delimiters = Delimiters {
        element: b'*',
        component: b':',
        repetition: Some(b'^'),
        segment: b'~',
    };

    /// Whether `b` is the element or component separator or the segment terminator.
    pub fn is_delimiter_other_than_repetition(&self, b: u8) -> bool {
        b == self.element || b == self.component || b == self.segment
    }

    /// Whether `b` is one of the four delimiters.
    pub fn is_delimiter(&self, b: u8) -> bool {
        b == self.element || b == self.component || b == self.segment || self.repetition == Some(b)
    }
}

impl Default for Delimiters {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The ids of the envelope and of the sets the maps read, as text without a UTF-8 check per
/// segment (the envelope asks every segment for its id).
fn known_id(id: &[u8]) -> Option<&'static str> {
    Some(match id {
        b"ISA" => "ISA",
        b"GS" => "GS",
        b"ST" => "ST",
        b"SE" => "SE",
        b"GE" => "GE",
        b"IEA" => "IEA",
        b"TA1" => "TA1",
        b"BEG" => "BEG",
        b"BCH" => "BCH",
        b"BAK" => "BAK",
        b"BCA" => "BCA",
        b"BSN" => "BSN",
        b"BIG" => "BIG",
        b"BIA" => "BIA",
        b"BCT" => "BCT",
        b"CUR" => "CUR",
        b"REF" => "REF",
        b"PER" => "PER",
        b"FOB" => "FOB",
        b"ITD" => "ITD",
        b"DTM" => "DTM",
        b"TD5" => "TD5",
        b"TD1" => "TD1",
        b"TD3" => "TD3",
        b"TD4" => "TD4",
        b"N1" => "N1",
        b"N2" => "N2",
        b"N3" => "N3",
        b"N4" => "N4",
        b"N9" => "N9",
        b"MSG" => "MSG",
        b"NTE" => "NTE",
        b"PO1" => "PO1",
        b"POC" => "POC",
        b"PID" => "PID",
        b"PO4" => "PO4",
        b"PO3" => "PO3",
        b"SAC" => "SAC",
        b"TXI" => "TXI",
        b"AMT" => "AMT",
        b"CTT" => "CTT",
        b"ACK" => "ACK",
        b"HL" => "HL",
        b"LIN" => "LIN",
        b"SN1" => "SN1",
        b"PRF" => "PRF",
        b"MAN" => "MAN",
        b"IT1" => "IT1",
        b"IT3" => "IT3",
        b"TDS" => "TDS",
        b"CAD" => "CAD",
        b"ISS" => "ISS",
        b"QTY" => "QTY",
        b"CTP" => "CTP",
        b"SCH" => "SCH",
        b"SLN" => "SLN",
        b"LM" => "LM",
        b"LQ" => "LQ",
        b"SPI" => "SPI",
        b"CB1" => "CB1",
        b"ADV" => "ADV",
        b"MEA" => "MEA",
        b"PKG" => "PKG",
        b"PAL" => "PAL",
        b"PWK" => "PWK",
        b"AK1" => "AK1",
        b"AK2" => "AK2",
        b"AK3" => "AK3",
        b"AK4" => "AK4",
        b"AK5" => "AK5",
        b"AK9" => "AK9",
        b"IK3" => "IK3",
        b"IK4" => "IK4",
        b"IK5" => "IK5",
        b"CTX" => "CTX",
        b"G53" => "G53",
        _ => return None,
    })
}

/// One segment, borrowed from the input: `ID*e1*e2…` without the terminator.
#[derive(Clone, Copy)]
pub struct Segment<'a> {
    raw: &'a [u8],
    /// Byte offset of the segment's first byte in the input.
    pub offset: usize,
    /// The delimiters of the interchange this segment belongs to.
    pub delimiters: Delimiters,
}

impl<'a> Segment<'a> {
    /// A segment over `raw` (no terminator) starting at byte `offset` of the input.
    pub fn new(raw: &'a [u8], offset: usize, delimiters: Delimiters) -> Self {
        Self {
            raw,
            offset,
            delimiters,
        }
    }

    /// The segment id (`ST`, `PO1`…); `""` when it is empty or not ASCII alphanumeric.
    pub fn id(&self) -> &'a str {
        let raw = self.raw;
        let sep = self.delimiters.element;
        // Ids are two or three characters: the separator is nearly always among the first four
        // bytes, found without a search call.
        let end = match raw.iter().take(4).position(|&b| b == sep) {
            Some(i) => i,
            None => memchr::memchr(sep, raw).unwrap_or(raw.len()),
        };
        let id = raw.get(..end).unwrap_or_default();
        if id.is_empty() || !id.iter().all(u8::is_ascii_alphanumeric) {
            return "";
        }
        known_id(id).unwrap_or_else(|| std::str::from_utf8(id).unwrap_or_default())
    }

    /// [`id`](Self::id) when it is an envelope id (`ISA`, `IEA`, `GS`, `GE`, `ST`, `SE`, `TA1`),
    /// else `""`: the envelope reader's question, answered from the first bytes without reading
    /// the id out and looking it up.
    #[inline]
    pub fn envelope_id(&self) -> &'static str {
        let raw = self.raw;
        let sep = self.delimiters.element;
        // `id()` is `want` exactly when the segment starts with it followed by a separator or
        // its end (and the separator is not one of its letters, which would cut it short).
        let is = |want: &[u8]| {
            raw.starts_with(want)
                && raw.get(want.len()).is_none_or(|&b| b == sep)
                && !want.contains(&sep)
        };
        match raw.first() {
            Some(b'S') if is(b"ST") => "ST",
            Some(b'S') if is(b"SE") => "SE",
            Some(b'G') if is(b"GS") => "GS",
            Some(b'G') if is(b"GE") => "GE",
            Some(b'I') if is(b"IEA") => "IEA",
            Some(b'I') if is(b"ISA") => "ISA",
            Some(b'T') if is(b"TA1") => "TA1",
            _ => "",
        }
    }

    /// Number of data elements after the id (`ST*850*0001` has 2).
    pub fn element_count(&self) -> usize {
        memchr::memchr_iter(self.delimiters.element, self.raw).count()
    }

    /// The bytes of data element `n` (1-based); `None` if absent (`n == 0` is the id).
    pub fn element_bytes(&self, n: usize) -> Option<&'a [u8]> {
        let raw = self.raw;
        let sep = self.delimiters.element;
        let mut start = 0usize;
        for _ in 0..n {
            let rest = raw.get(start..)?;
            let pos = memchr::memchr(sep, rest)?;
            start = start + pos + 1;
        }
        let rest = raw.get(start..)?;
        let end = memchr::memchr(sep, rest).unwrap_or(rest.len());
        rest.get(..end)
    }

    /// Byte offset (in the input) where data element `n` starts; `None` if absent.
    pub fn element_offset(&self, n: usize) -> Option<usize> {
        let mut start = 0usize;
        for _ in 0..n {
            let rest = self.raw.get(start..)?;
            start += memchr::memchr(self.delimiters.element, rest)? + 1;
        }
        Some(self.offset + start)
    }

    /// Data element `n` (1-based) as text; `None` if absent or not UTF-8, `Some("")` if empty.
    pub fn element(&self, n: usize) -> Option<&'a str> {
        std::str::from_utf8(self.element_bytes(n)?).ok()
    }

    /// Component `m` (1-based) of element `n` (1-based); a simple element is its own first
    /// component.
    pub fn component(&self, n: usize, m: usize) -> Option<&'a str> {
        if m == 0 {
            return None;
        }
        let el = self.element_bytes(n)?;
        let part = el.split(|&b| b == self.delimiters.component).nth(m - 1)?;
        std::str::from_utf8(part).ok()
    }

    /// Element `n` split on the repetition separator (one item when there is none or the
    /// interchange has no repetition separator); empty when the element is absent or not UTF-8.
    pub fn repetitions(&self, n: usize) -> Vec<&'a str> {
        let Some(el) = self.element(n) else {
            return Vec::new();
        };
        match self.delimiters.repetition {
            Some(r) if r.is_ascii() => el.split(char::from(r)).collect(),
            _ => vec![el],
        }
    }

    /// The raw bytes, without terminator.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// The raw bytes as (lossy) text, for messages.
    pub fn text(&self) -> std::borrow::Cow<'a, str> {
        String::from_utf8_lossy(self.raw)
    }

    /// A [`Location`] naming this segment (id and byte offset).
    pub fn location(&self) -> Location {
        Location {
            offset: Some(self.offset),
            segment: Some(self.id().to_owned()),
            ..Location::default()
        }
    }
}

impl std::fmt::Debug for Segment<'_> {
    /// The raw bytes as (lossy) text, e.g. `Segment(12: "ST*850*0001")`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Segment({}: {:?})", self.offset, self.text())
    }
}

/// One transaction set: ST, the segments between, SE (None when missing).
#[derive(Clone, Debug)]
pub struct TransactionSet<'a> {
    /// The `ST` header.
    pub st: Segment<'a>,
    /// Every segment between `ST` and `SE`.
    pub body: Vec<Segment<'a>>,
    /// The `SE` trailer, `None` when the set was not closed.
    pub se: Option<Segment<'a>>,
    /// The input from the first byte of `ST` to the last byte of the set's last segment, when it
    /// is UTF-8 (checked once, so that readers can slice each segment's text from it).
    pub text: Option<&'a str>,
}

impl<'a> TransactionSet<'a> {
    /// The text of `seg`, a segment of this set, sliced from [`text`](Self::text); `None` when
    /// the set is not UTF-8 (or `seg` is not one of its segments).
    pub fn text_of(&self, seg: &Segment<'a>) -> Option<&'a str> {
        let start = seg.offset.checked_sub(self.st.offset)?;
        self.text?.get(start..start + seg.raw().len())
    }

    /// ST01, the transaction set identifier code (`850`…).
    pub fn id(&self) -> &'a str {
        self.st.element(1).unwrap_or_default()
    }

    /// ST02, the transaction set control number.
    pub fn control_number(&self) -> &'a str {
        self.st.element(2).unwrap_or_default()
    }

    /// ST03, the implementation convention reference (5010 guides), when present and not empty.
    pub fn implementation(&self) -> Option<&'a str> {
        self.st.element(3).filter(|s| !s.is_empty())
    }

    /// Segments actually present, ST and SE included (what SE01 should say).
    pub fn segment_count(&self) -> usize {
        self.body.len() + 1 + usize::from(self.se.is_some())
    }
}

/// Accumulates segments of one transaction set body (between ST and SE) for writing.
#[derive(Clone, Debug)]
pub struct SegmentWriter {
    delimiters: Delimiters,
    out: String,
    count: usize,
    issues: Vec<Issue>,
}

impl SegmentWriter {
    /// An empty body written with `delimiters`.
    pub fn new(delimiters: Delimiters) -> Self {
        Self {
            delimiters,
            out: String::new(),
            count: 0,
            issues: Vec::new(),
        }
    }

    /// The delimiters this writer uses.
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// Append `id*e1*e2...~`; trailing empty elements are dropped; any delimiter character inside
    /// an element is replaced by a space and reported as a warning issue (X12 has no escape before
    /// 007040).
    pub fn segment(&mut self, id: &str, elements: &[&str]) {
        let comps: Vec<[&str; 1]> = elements.iter().map(|e| [*e]).collect();
        let refs: Vec<&[&str]> = comps.iter().map(|c| c.as_slice()).collect();
        self.segment_with_components(id, &refs);
    }

    /// Like [`segment`](Self::segment), but each element is a list of components joined with the
    /// component separator (a composite such as `C040` or `C003`). Trailing empty components of
    /// an element and trailing empty elements are dropped.
    pub fn segment_with_components(&mut self, id: &str, elements: &[&[&str]]) {
        self.count += 1;
        // Position within the set: ST is 1, so the first body segment is 2.
        let position = self.count + 1;
        let loc = |element: Option<usize>, component: Option<usize>| Location {
            segment: Some(id.to_owned()),
            segment_position: Some(position),
            element,
            component,
            ..Location::default()
        };
        if !valid_segment_id(id) {
            self.issues.push(Issue::error(
                loc(None, None),
                format!("Segment id {id:?} is not 2 or 3 upper-case letters or digits"),
            ));
        }
        self.push_clean(id, None, None, position, id);
        let last = elements
            .iter()
            .rposition(|comps| comps.iter().any(|c| !c.is_empty()));
        let Some(last) = last else {
            self.out.push(char::from(self.delimiters.segment));
            return;
        };
        for (i, comps) in elements.iter().take(last + 1).enumerate() {
            self.out.push(char::from(self.delimiters.element));
            let last_c = comps.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
            for (j, c) in comps.iter().take(last_c + 1).enumerate() {
                if j > 0 {
                    self.out.push(char::from(self.delimiters.component));
                }
                let component = (comps.len() > 1).then_some(j + 1);
                self.push_clean(c, Some(i + 1), component, position, id);
            }
        }
        self.out.push(char::from(self.delimiters.segment));
    }

    /// Append `text`, replacing delimiters (and line breaks) by spaces with a warning.
    fn push_clean(
        &mut self,
        text: &str,
        element: Option<usize>,
        component: Option<usize>,
        position: usize,
        id: &str,
    ) {
        let d = self.delimiters;
        let bad = |ch: char| {
            ch.is_ascii() && {
                let b = ch as u8;
                d.is_delimiter(b) || b == b'\r' || b == b'\n'
            }
        };
        if text.chars().any(bad) {
            self.out
                .extend(text.chars().map(|ch| if bad(ch) { ' ' } else { ch }));
            self.issues.push(Issue::warning(
                Location {
                    segment: Some(id.to_owned()),
                    segment_position: Some(position),
                    element,
                    component,
                    ..Location::default()
                },
                "A delimiter character inside the value was replaced by a space",
            ));
        } else {
            self.out.push_str(text);
        }
    }

    /// Segments written so far.
    pub fn count(&self) -> usize {
        self.count
    }

    /// Problems found while writing (delimiters replaced, bad segment ids…).
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The written text and the issues.
    pub fn into_parts(self) -> (String, Vec<Issue>) {
        (self.out, self.issues)
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }
}

/// 2 or 3 upper-case ASCII letters or digits, starting with a letter.
pub(crate) fn valid_segment_id(id: &str) -> bool {
    let b = id.as_bytes();
    (2..=3).contains(&b.len())
        && b.first().is_some_and(u8::is_ascii_uppercase)
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}
