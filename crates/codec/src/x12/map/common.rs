//! Pieces shared by the transaction-set maps: positioned segments, the issue collector with
//! element parsers (numbers, implied decimals, dates, units, currencies), the N1 party loop,
//! product/service id pairs, code tables, and the writer helpers.
//!
//! The conventions documented in [`super`] (positions, codes, severities) are implemented here.

use chrono::NaiveDate;
use model::{
    Charge, ChargeIndicator, Contact, CurrencyCode, Extrinsics, Gtin, Identifier, Party, Reference,
    ReferenceKind, Tax, TaxCategory, UnitOfMeasure,
};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::x12::{Segment, SegmentWriter, TransactionSet};
use crate::{Issue, Location, Severity};

// ---------------------------------------------------------------------------------------------
// AK3 / AK4 codes
// ---------------------------------------------------------------------------------------------

/// AK304 "3": mandatory segment missing.
pub(super) const SEG_MISSING: &str = "3";
/// AK403 "1": mandatory data element missing.
pub(super) const EL_MISSING: &str = "1";
/// AK403 "2": conditional required data element missing.
pub(super) const EL_COND_MISSING: &str = "2";
/// AK403 "6": invalid character in data element.
pub(super) const EL_INVALID_CHAR: &str = "6";
/// AK403 "7": invalid code value.
pub(super) const EL_INVALID_CODE: &str = "7";
/// AK403 "8": invalid date.
pub(super) const EL_INVALID_DATE: &str = "8";

// ---------------------------------------------------------------------------------------------
// Positioned segments
// ---------------------------------------------------------------------------------------------

/// Element separators indexed per segment; a segment with more falls back to scanning.
const SEPS: usize = 32;

/// A body segment with its 1-based position in the transaction set (ST is 1).
///
/// The segment is split once, when the body is positioned ([`body`]): its id and the offsets of
/// its first [`SEPS`] element separators are kept, so element access does not rescan it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seg<'a> {
    pub seg: Segment<'a>,
    pub pos: usize,
    id: &'a str,
    /// The whole segment as text when it is UTF-8 (elements are then sliced from it, without
    /// checking each again).
    text: Option<&'a str>,
    /// Byte index in `seg.raw()` of element separator `k` (0-based), for `k < n_seps`.
    seps: [u16; SEPS],
    n_seps: u8,
    /// Separators beyond those in `seps` (or a segment too long for `u16` indexes): scan.
    overflow: bool,
    /// A CR or LF somewhere in the segment.
    has_break: bool,
}

impl<'a> Seg<'a> {
    /// Positions and splits `seg`.
    pub fn new(seg: Segment<'a>, pos: usize, text: Option<&'a str>) -> Self {
        let raw = seg.raw();
        let sep = seg.delimiters.element;
        let mut seps = [0u16; SEPS];
        let mut n_seps = 0usize;
        let mut overflow = raw.len() > usize::from(u16::MAX);
        let mut has_break = false;
        if !overflow {
            // Eight bytes at a time: a mask of the separator bytes of each word, and whether it
            // holds a CR or LF. The last bytes make one more word (the last eight bytes shifted
            // down, or the bytes themselves in a short segment), masked to those bytes.
            let mut word = |w: u64, at: usize, valid: u64| {
                has_break |= (bytes_equal(w, b'\r') | bytes_equal(w, b'\n')) & valid != 0;
                let mut found = bytes_equal(w, sep) & valid;
                while found != 0 {
                    let i = at + (found.trailing_zeros() / 8) as usize;
                    match seps.get_mut(n_seps) {
                        Some(slot) => {
                            *slot = u16::try_from(i).unwrap_or(u16::MAX);
                            n_seps += 1;
                        }
                        None => overflow = true,
                    }
                    found &= found - 1;
                }
            };
            let word_at = |at: usize| {
                raw.get(at..at + 8)
                    .and_then(|w| <[u8; 8]>::try_from(w).ok())
                    .map_or(0, u64::from_le_bytes)
            };
            let whole = raw.len() / 8 * 8;
            let mut at = 0;
            while at < whole {
                word(word_at(at), at, u64::MAX);
                at += 8;
            }
            let left = raw.len() - whole;
            if left > 0 {
                let w = if raw.len() >= 8 {
                    word_at(raw.len() - 8) >> (8 * (8 - left))
                } else {
                    raw.iter().rev().fold(0u64, |w, &b| w << 8 | u64::from(b))
                };
                word(w, at, (1u64 << (8 * left)) - 1);
            }
        } else {
            has_break = memchr::memchr2(b'\r', b'\n', raw).is_some();
        }
        let text = text.or_else(|| std::str::from_utf8(raw).ok());
        // The id: up to the first separator, taken from the text when there is one.
        let id = match (text, seps.first().filter(|_| n_seps > 0 && !overflow)) {
            (Some(t), Some(&first)) => t
                .get(..usize::from(first))
                .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric()))
                .unwrap_or_default(),
            _ => seg.id(),
        };
        Self {
            seg,
            pos,
            id,
            text,
            seps,
            n_seps: u8::try_from(n_seps).unwrap_or(u8::MAX),
            overflow,
            has_break,
        }
    }

    /// The highest element number the segment can have (`usize::MAX` when not indexed).
    pub fn max_element(&self) -> usize {
        if self.overflow {
            usize::MAX
        } else {
            usize::from(self.n_seps)
        }
    }

    /// Whether the segment holds a CR or LF (see [`Cx::open`]).
    pub fn has_break(&self) -> bool {
        self.has_break
    }

    /// The segment id.
    pub fn id(&self) -> &'a str {
        self.id
    }

    /// The byte range of element `n` (1-based) in the segment, when the index knows it.
    #[inline(always)]
    fn range(&self, n: usize) -> Option<Option<std::ops::Range<usize>>> {
        let n_seps = usize::from(self.n_seps);
        if n == 0 || (self.overflow && n >= n_seps) {
            return None;
        }
        let Some(&sep) = self.seps.get(..n_seps).and_then(|s| s.get(n - 1)) else {
            return Some(None);
        };
        let end = match self.seps.get(n).filter(|_| n < n_seps) {
            Some(&e) => usize::from(e),
            None => self.seg.raw().len(),
        };
        Some(Some(usize::from(sep) + 1..end))
    }

    /// The bytes of element `n` (1-based), like [`Segment::element_bytes`].
    #[inline]
    pub fn element_bytes(&self, n: usize) -> Option<&'a [u8]> {
        match self.range(n) {
            Some(r) => self.seg.raw().get(r?),
            None => self.seg.element_bytes(n),
        }
    }

    /// Element `n` as text; `None` if absent or not UTF-8.
    #[inline(always)]
    pub fn element(&self, n: usize) -> Option<&'a str> {
        match (self.text, self.range(n)) {
            (Some(text), Some(r)) => text.get(r?),
            _ => std::str::from_utf8(self.element_bytes(n)?).ok(),
        }
    }

    /// Element `n` (1-based), trimmed and cut at a line break (see [`Cx::open`]); `None` when
    /// absent, empty, blank or not UTF-8.
    #[inline(always)]
    pub fn el(&self, n: usize) -> Option<&'a str> {
        self.tidy(self.element(n)?)
    }

    /// Text of this segment cut at a line break and trimmed; `None` when that leaves nothing.
    #[inline(always)]
    pub fn tidy(&self, e: &'a str) -> Option<&'a str> {
        let e = if self.has_break { clean(e) } else { trim(e) };
        (!e.is_empty()).then_some(e)
    }

    /// Component `m` of element `n`, like [`el`](Self::el).
    pub fn comp(&self, n: usize, m: usize) -> Option<&'a str> {
        if m == 0 {
            return None;
        }
        let component = self.seg.delimiters.component;
        let t = match self.element(n) {
            // Split the text (already checked) when the separator is one ASCII character.
            Some(text) if component.is_ascii() => text.split(char::from(component)).nth(m - 1)?,
            _ => {
                let part = self
                    .element_bytes(n)?
                    .split(|&b| b == component)
                    .nth(m - 1)?;
                std::str::from_utf8(part).ok()?
            }
        };
        let t = if self.has_break { clean(t) } else { trim(t) };
        (!t.is_empty()).then_some(t)
    }

    /// Where element `n` (or the whole segment) is.
    pub fn loc(&self, element: Option<usize>) -> Location {
        Location {
            offset: Some(self.seg.offset),
            segment: Some(self.id().to_owned()),
            segment_position: Some(self.pos),
            element,
            component: None,
            path: None,
        }
    }
}

/// A mask with the high bit of each byte of `w` that equals `b` set, and no other bit (exact:
/// no carries between bytes).
fn bytes_equal(w: u64, b: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let x = w ^ (0x0101_0101_0101_0101 * u64::from(b));
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// `s` up to its first line break, trimmed.
fn clean(s: &str) -> &str {
    let s = match memchr::memchr2(b'\r', b'\n', s.as_bytes()) {
        Some(i) => s.get(..i).unwrap_or(s),
        None => s,
    };
    trim(s)
}

/// `s.trim()`, without the Unicode whitespace tables when both ends are printable ASCII (the
/// common case).
fn trim(s: &str) -> &str {
    let printable = |b: &u8| (0x21..0x7f).contains(b);
    match s.as_bytes() {
        [] => s,
        [first, .., last] if printable(first) && printable(last) => s,
        [only] if printable(only) => s,
        _ => s.trim(),
    }
}

/// The body of `ts` with positions (the first body segment is 2).
pub(super) fn body<'a>(ts: &TransactionSet<'a>) -> Vec<Seg<'a>> {
    ts.body
        .iter()
        .enumerate()
        .map(|(i, seg)| Seg::new(*seg, i + 2, ts.text_of(seg)))
        .collect()
}

/// Position of SE (or where it would be): one after the last body segment.
pub(super) fn se_position(ts: &TransactionSet<'_>) -> usize {
    ts.body.len() + 2
}

/// A location for a segment that is missing: its id and the position where it was expected.
pub(super) fn missing_at(id: &str, position: usize) -> Location {
    Location {
        segment: Some(id.to_owned()),
        segment_position: Some(position),
        ..Location::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Issue collector and element parsers
// ---------------------------------------------------------------------------------------------

/// Collects issues while a set is read (or written).
#[derive(Debug, Default)]
pub(super) struct Cx {
    pub issues: Vec<Issue>,
    /// The partner's qualifiers of the supplier part number, first preferred (see
    /// [`super::ReadOptions`]); empty: the standard ranking.
    pub supplier_qualifiers: Vec<String>,
}

impl Cx {
    pub fn push(&mut self, severity: Severity, loc: Location, code: Option<&str>, msg: String) {
        self.issues.push(Issue {
            severity,
            location: loc,
            code: code.map(str::to_owned),
            message: msg,
        });
    }

    pub fn error(&mut self, loc: Location, code: Option<&str>, msg: impl Into<String>) {
        self.push(Severity::Error, loc, code, msg.into());
    }

    pub fn warn(&mut self, loc: Location, code: Option<&str>, msg: impl Into<String>) {
        self.push(Severity::Warning, loc, code, msg.into());
    }

    /// The positioned body of `ts`, read as set `want`: checks ST01, and reports segments with a
    /// line break followed by more data (a segment terminator is probably missing; elements are
    /// cut at the break).
    pub fn open<'a>(&mut self, ts: &TransactionSet<'a>, want: &str) -> Vec<Seg<'a>> {
        self.expect_set(ts, want);
        let segs = body(ts);
        for s in &segs {
            let raw = s.seg.raw();
            // Some line break followed by data: the first break is enough to look after.
            let broken = s.has_break()
                && memchr::memchr2(b'\r', b'\n', raw).is_some_and(|i| {
                    raw.get(i + 1..)
                        .is_some_and(|rest| rest.iter().any(|c| !c.is_ascii_whitespace()))
                });
            if broken {
                self.warn(
                    s.loc(None),
                    None,
                    format!(
                        "A line break inside {}: a segment terminator is probably missing; the \
                         text after the break is ignored",
                        s.id()
                    ),
                );
            }
        }
        segs
    }

    /// Checks ST01 against the set this reader maps.
    pub fn expect_set(&mut self, ts: &TransactionSet<'_>, want: &str) {
        let got = ts.st.element(1).map(str::trim).unwrap_or_default();
        if got != want {
            self.warn(
                Location {
                    offset: Some(ts.st.offset),
                    segment: Some("ST".into()),
                    segment_position: Some(1),
                    element: Some(1),
                    ..Location::default()
                },
                None,
                format!("ST01 is {got:?}; read as a {want}"),
            );
        }
    }

    /// A mandatory element: error `1` when missing.
    pub fn required<'a>(&mut self, s: &Seg<'a>, n: usize, what: &str) -> Option<&'a str> {
        let v = s.el(n);
        if v.is_none() {
            self.error(
                s.loc(Some(n)),
                Some(EL_MISSING),
                format!("{}{n:02} ({what}) is missing", s.id()),
            );
        }
        v
    }

    /// Free text of element `n`, cut at a line break but not trimmed (MSG continuation lines
    /// keep their spaces).
    pub fn raw_text(&mut self, s: &Seg<'_>, n: usize) -> Option<String> {
        let bytes = s.element_bytes(n)?;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_owned(),
            Err(_) => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_CHAR),
                    format!("{}{n:02} is not UTF-8; read as Latin-1", s.id()),
                );
                bytes.iter().map(|&b| char::from(b)).collect()
            }
        };
        let cut = text.split(['\r', '\n']).next().unwrap_or_default();
        (!cut.trim().is_empty()).then(|| cut.to_owned())
    }

    /// Free text of element `n`: UTF-8, else decoded as Latin-1 with a warning.
    pub fn text(&mut self, s: &Seg<'_>, n: usize) -> Option<String> {
        if let Some(t) = s.element(n) {
            // UTF-8: cut and trimmed as `el` does, copied once.
            return s.tidy(t).map(str::to_owned);
        }
        let bytes = s.element_bytes(n)?;
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_owned(),
            Err(_) => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_CHAR),
                    format!("{}{n:02} is not UTF-8; read as Latin-1", s.id()),
                );
                bytes.iter().map(|&b| char::from(b)).collect()
            }
        };
        let t = clean(&text);
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// An X12 decimal (`R`) in element `n`; a warning `6` when it is not a number.
    pub fn decimal(&mut self, s: &Seg<'_>, n: usize, what: &str) -> Option<Decimal> {
        self.decimal_sev(s, n, what, Severity::Warning)
    }

    /// Like [`decimal`](Self::decimal), but the element is mandatory: errors `1` / `6`.
    pub fn decimal_req(&mut self, s: &Seg<'_>, n: usize, what: &str) -> Option<Decimal> {
        if s.el(n).is_none() {
            self.error(
                s.loc(Some(n)),
                Some(EL_MISSING),
                format!("{}{n:02} ({what}) is missing", s.id()),
            );
            return None;
        }
        self.decimal_sev(s, n, what, Severity::Error)
    }

    pub fn decimal_sev(
        &mut self,
        s: &Seg<'_>,
        n: usize,
        what: &str,
        sev: Severity,
    ) -> Option<Decimal> {
        let v = s.el(n)?;
        match parse_decimal(v) {
            Some(d) => Some(d),
            None => {
                self.push(
                    sev,
                    s.loc(Some(n)),
                    Some(EL_INVALID_CHAR),
                    format!("{}{n:02} ({what}) {v:?} is not a number", s.id()),
                );
                None
            }
        }
    }

    /// An amount with 2 implied decimals (`N2`, e.g. `TDS01`, `SAC05`): `387530` is `3875.30`.
    /// A value with an explicit decimal point is read as written, with a warning.
    pub fn implied2(
        &mut self,
        s: &Seg<'_>,
        n: usize,
        what: &str,
        sev: Severity,
    ) -> Option<Decimal> {
        let v = s.el(n)?;
        if let Some(d) = parse_implied2(v) {
            return Some(d);
        }
        if let Some(d) = parse_decimal(v) {
            self.warn(
                s.loc(Some(n)),
                Some(EL_INVALID_CHAR),
                format!(
                    "{}{n:02} ({what}) {v:?} has a decimal point, but the element has 2 implied \
                     decimals; read as written",
                    s.id()
                ),
            );
            return Some(d);
        }
        self.push(
            sev,
            s.loc(Some(n)),
            Some(EL_INVALID_CHAR),
            format!("{}{n:02} ({what}) {v:?} is not a number", s.id()),
        );
        None
    }

    /// A non-negative integer (`N0`); a warning `6` otherwise.
    pub fn u32(&mut self, s: &Seg<'_>, n: usize, what: &str) -> Option<u32> {
        let v = s.el(n)?;
        match parse_u32(v) {
            Some(x) => Some(x),
            None => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_CHAR),
                    format!("{}{n:02} ({what}) {v:?} is not a whole number", s.id()),
                );
                None
            }
        }
    }

    /// A date (`CCYYMMDD`, or `YYMMDD` in older versions); a warning `8` otherwise.
    pub fn date(&mut self, s: &Seg<'_>, n: usize, what: &str) -> Option<NaiveDate> {
        let v = s.el(n)?;
        match parse_date(v) {
            Some(d) => Some(d),
            None => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_DATE),
                    format!("{}{n:02} ({what}) {v:?} is not a valid date", s.id()),
                );
                None
            }
        }
    }

    /// A unit of measure (code list 355) in element `n` (first component when composite),
    /// translated to UN/ECE Rec 20; a warning `7` when it is not a unit code.
    pub fn uom(&mut self, s: &Seg<'_>, n: usize) -> Option<UnitOfMeasure> {
        let v = s.comp(n, 1)?;
        match uom_from_x12(v) {
            Some(u) => Some(u),
            None => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_CODE),
                    format!("{}{n:02} {v:?} is not a unit of measure code", s.id()),
                );
                None
            }
        }
    }

    /// An ISO 4217 currency; a warning `7` otherwise.
    pub fn currency(&mut self, s: &Seg<'_>, n: usize) -> Option<CurrencyCode> {
        let v = s.el(n)?;
        match CurrencyCode::parse(&v.to_ascii_uppercase()) {
            Ok(c) => Some(c),
            Err(_) => {
                self.warn(
                    s.loc(Some(n)),
                    Some(EL_INVALID_CODE),
                    format!("{}{n:02} {v:?} is not an ISO 4217 currency code", s.id()),
                );
                None
            }
        }
    }

    /// Reports a missing beginning segment and returns `None`, or the segment.
    pub fn beginning<'a>(&mut self, segs: &[Seg<'a>], id: &str) -> Option<Seg<'a>> {
        let found = segs.iter().find(|s| s.id() == id).copied();
        if found.is_none() {
            self.error(
                missing_at(id, 2),
                Some(SEG_MISSING),
                format!("The beginning segment {id} is missing"),
            );
        }
        found
    }
}

/// An X12 `R` value: optional `-`, digits with at most one `.`; at least one digit.
pub(super) fn parse_decimal(v: &str) -> Option<Decimal> {
    let (neg, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    // One pass: only digits and points, at most one point, at least one digit.
    let (mut points, mut numbers) = (0usize, 0usize);
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => numbers += 1,
            b'.' => points += 1,
            _ => return None,
        }
    }
    if numbers == 0 || points > 1 {
        return None;
    }
    if !v.starts_with('+') && !digits.starts_with('.') && !digits.ends_with('.') {
        // Already in the form `from_str_exact` reads: no copy.
        return Decimal::from_str_exact(v).ok();
    }
    let mut norm = String::with_capacity(digits.len() + 2);
    if neg {
        norm.push('-');
    }
    if digits.starts_with('.') {
        norm.push('0');
    }
    norm.push_str(digits);
    if norm.ends_with('.') {
        norm.pop();
    }
    Decimal::from_str_exact(&norm).ok()
}

/// An `N2` value: optional `-`, digits only; the last two digits are the decimals.
pub(super) fn parse_implied2(v: &str) -> Option<Decimal> {
    let (neg, digits) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v),
    };
    if digits.is_empty() || digits.len() > 26 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i128 = digits.parse().ok()?;
    let n = if neg { -n } else { n };
    Decimal::try_from_i128_with_scale(n, 2).ok()
}

pub(super) fn parse_u32(v: &str) -> Option<u32> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = v.trim_start_matches('0');
    if t.is_empty() {
        return Some(0);
    }
    t.parse().ok()
}

/// `CCYYMMDD`, or `YYMMDD` (years 00–49 are 20xx, 50–99 are 19xx).
pub(super) fn parse_date(v: &str) -> Option<NaiveDate> {
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |a: usize, b: usize| v.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let (y, m, d) = match v.len() {
        8 => (i32::try_from(num(0, 4)?).ok()?, num(4, 6)?, num(6, 8)?),
        6 => {
            let yy = i32::try_from(num(0, 2)?).ok()?;
            let y = if yy < 50 { 2000 + yy } else { 1900 + yy };
            (y, num(2, 4)?, num(4, 6)?)
        }
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

// ---------------------------------------------------------------------------------------------
// Code tables
// ---------------------------------------------------------------------------------------------

/// X12 unit codes (355) whose UN/ECE Rec 20 code differs, and back. Codes not listed are the
/// same in both lists (EA, BX, PK, PR, CT, BG, DR, KT…) and pass through.
const UOM_X12_REC20: &[(&str, &str)] = &[
    ("CA", "CS"),  // case
    ("CF", "FTQ"), // cubic foot
    ("CM", "CMT"), // centimetre
    ("DA", "DAY"), // day
    ("DZ", "DZN"), // dozen
    ("FT", "FOT"), // foot
    ("GA", "GLL"), // US gallon
    ("HR", "HUR"), // hour
    ("IN", "INH"), // inch
    ("KG", "KGM"), // kilogram
    ("LB", "LBR"), // pound
    ("LT", "LTR"), // litre
    ("ML", "MLT"), // millilitre
    ("MM", "MMT"), // millimetre
    ("MO", "MON"), // month
    ("MR", "MTR"), // metre
    ("OZ", "ONZ"), // ounce
    ("PC", "PCE"), // piece
    ("SF", "FTK"), // square foot
    ("ST", "SET"), // set
    ("SY", "YDK"), // square yard
    ("UN", "C62"), // unit
    ("YD", "YRD"), // yard
];

/// An X12 unit (355) as a canonical Rec 20 unit.
pub(super) fn uom_from_x12(code: &str) -> Option<UnitOfMeasure> {
    if (1..=3).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        // Already upper case and trimmed: the same lookups without the copies.
        if let Some((_, rec20)) = UOM_X12_REC20.iter().find(|(x, _)| *x == code) {
            return UnitOfMeasure::parse(rec20).ok();
        }
        let common = match code {
            "PCS" | "PC" | "ST" => "PCE",
            "KG" => "KGM",
            "M" => "MTR",
            "L" => "LTR",
            other => other,
        };
        return UnitOfMeasure::parse(common).ok();
    }
    let upper = code.trim().to_ascii_uppercase();
    if let Some((_, rec20)) = UOM_X12_REC20.iter().find(|(x, _)| *x == upper) {
        return UnitOfMeasure::parse(rec20).ok();
    }
    UnitOfMeasure::from_common(&upper).ok()
}

/// A canonical unit as an X12 unit code (355): the table above backwards, else the code itself.
pub(super) fn uom_to_x12(unit: &UnitOfMeasure) -> &str {
    let code = unit.as_str();
    UOM_X12_REC20
        .iter()
        .find(|(_, r)| *r == code)
        .map_or(code, |(x, _)| x)
}

/// N103 identification code qualifier (66) → identifier scheme.
pub(super) fn scheme_from_x12(q: &str) -> String {
    match q {
        "1" | "9" => "duns".into(),
        "UL" => "gln".into(),
        "92" => "buyer_assigned".into(),
        "91" => "seller_assigned".into(),
        "ZZ" => "mutually_defined".into(),
        other => other.to_owned(),
    }
}

/// Identifier scheme → N103 qualifier, when X12 can say it.
pub(super) fn scheme_to_x12(id: &Identifier) -> Option<&str> {
    let s = id.scheme.as_str();
    let lower = s.to_ascii_lowercase();
    Some(match lower.as_str() {
        "duns" if id.value.len() == 13 => "9",
        "duns" => "1",
        "gln" => "UL",
        "buyer_assigned" => "92",
        "seller_assigned" => "91",
        "mutually_defined" => "ZZ",
        _ if is_x12_code(s, 1, 2) => s,
        _ => return None,
    })
}

/// Whether `s` is `min..=max` upper-case ASCII letters or digits.
pub(super) fn is_x12_code(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// REF01 reference qualifier (128) → reference kind; unknown qualifiers are kept verbatim.
pub(super) fn ref_kind_from_x12(q: &str) -> ReferenceKind {
    match q {
        "CT" => ReferenceKind::Contract,
        "PR" | "Q1" => ReferenceKind::Quote,
        "RQ" => ReferenceKind::Requisition,
        "PO" => ReferenceKind::PurchaseOrder,
        "IV" => ReferenceKind::Invoice,
        "PK" => ReferenceKind::DeliveryNote,
        "SI" => ReferenceKind::Shipment,
        "PJ" => ReferenceKind::Project,
        other => ReferenceKind::Other(other.to_owned()),
    }
}

/// Reference kind → REF01, when X12 can say it.
pub(super) fn ref_kind_to_x12(kind: &ReferenceKind) -> Option<&str> {
    Some(match kind {
        ReferenceKind::Contract => "CT",
        ReferenceKind::Quote => "PR",
        ReferenceKind::Requisition => "RQ",
        ReferenceKind::PurchaseOrder => "PO",
        ReferenceKind::Invoice => "IV",
        ReferenceKind::DeliveryNote => "PK",
        ReferenceKind::Shipment => "SI",
        ReferenceKind::Project => "PJ",
        ReferenceKind::Other(code) if is_x12_code(code, 2, 3) => code,
        _ => return None,
    })
}

/// PER01 contact function (366) → contact role.
pub(super) fn role_from_x12(code: &str) -> String {
    match code {
        "BD" => "purchasing".into(),
        "IC" => "information".into(),
        "OC" => "order".into(),
        "CN" => "general".into(),
        "AP" => "accounts_payable".into(),
        "RE" => "receiving".into(),
        other => other.to_owned(),
    }
}

/// Contact role → PER01 (`CN` general contact for anything X12 cannot say).
pub(super) fn role_to_x12(role: Option<&str>) -> &str {
    match role {
        Some("purchasing") => "BD",
        Some("information") => "IC",
        Some("order") => "OC",
        Some("accounts_payable") => "AP",
        Some("receiving") => "RE",
        Some(code) if is_x12_code(code, 2, 2) => code,
        _ => "CN",
    }
}

/// SAC02 allowance/charge code (1300) → canonical charge code.
pub(super) fn charge_code_from_x12(code: &str) -> String {
    match code {
        "D240" => "freight".into(),
        "C310" => "discount".into(),
        "H850" => "tax".into(),
        other => other.to_owned(),
    }
}

/// Canonical charge code → SAC02 (`ZZZZ` mutually defined when X12 cannot say it).
pub(super) fn charge_code_to_x12(code: Option<&str>) -> &str {
    match code {
        Some("freight") => "D240",
        Some("discount") => "C310",
        Some("tax") => "H850",
        Some(c) if c.len() == 4 && is_x12_code(c, 4, 4) => c,
        _ => "ZZZZ",
    }
}

/// TXI01 tax type (963) → tax category.
pub(super) fn tax_from_x12(code: &str) -> TaxCategory {
    match code {
        "VA" => TaxCategory::Vat,
        "GS" => TaxCategory::Gst,
        "ST" => TaxCategory::Sales,
        "SU" => TaxCategory::Use,
        "EV" => TaxCategory::Excise,
        other => TaxCategory::Other(other.to_owned()),
    }
}

/// Tax category → TXI01 (`TX` all taxes when X12 cannot say it).
pub(super) fn tax_to_x12(cat: Option<&TaxCategory>) -> &str {
    match cat {
        Some(TaxCategory::Vat) => "VA",
        Some(TaxCategory::Gst) => "GS",
        Some(TaxCategory::Sales) => "ST",
        Some(TaxCategory::Use) => "SU",
        Some(TaxCategory::Excise) => "EV",
        Some(TaxCategory::Other(c)) if is_x12_code(c, 2, 2) => c,
        _ => "TX",
    }
}

/// A header or line date qualifier (374) as an extrinsic key.
pub(super) fn date_key(qual: &str) -> String {
    match qual {
        "001" => "cancel_after".into(),
        "002" => "requested_delivery_date".into(),
        "010" => "requested_ship_date".into(),
        "037" => "ship_not_before".into(),
        "038" => "ship_no_later".into(),
        "063" => "deliver_not_after".into(),
        "064" => "deliver_not_before".into(),
        other => format!("date:{other}"),
    }
}

/// Adds `value` under `key`; a second value for the same key is appended after `"; "`.
pub(super) fn add_extrinsic(map: &mut Extrinsics, key: String, value: &str) {
    match map.get_mut(&key) {
        Some(v) => {
            v.push_str("; ");
            v.push_str(value);
        }
        None => {
            map.insert(key, value.to_owned());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Common segments (read)
// ---------------------------------------------------------------------------------------------

/// REF → reference (REF02, else REF03).
pub(super) fn read_ref(s: &Seg<'_>) -> Option<Reference> {
    let qual = s.el(1)?;
    let value = s.el(2).or_else(|| s.el(3))?;
    Some(Reference::new(ref_kind_from_x12(qual), value))
}

/// SAC → allowance or charge (`N`, no allowance or charge, gives `None`).
pub(super) fn read_sac(cx: &mut Cx, s: &Seg<'_>) -> Option<Charge> {
    let indicator = match s.el(1) {
        Some("A") => ChargeIndicator::Allowance,
        Some("C") => ChargeIndicator::Charge,
        Some("N") => return None,
        other => {
            cx.warn(
                s.loc(Some(1)),
                Some(EL_INVALID_CODE),
                format!(
                    "SAC01 {:?} is not A, C or N; segment ignored",
                    other.unwrap_or("")
                ),
            );
            return None;
        }
    };
    let amount = cx
        .implied2(s, 5, "amount", Severity::Warning)
        .map(|a| a.abs());
    let percent = cx.decimal(s, 7, "percent");
    Some(Charge {
        indicator,
        // ZZZZ (mutually defined) is no code: the description says what it is.
        code: s.el(2).filter(|c| *c != "ZZZZ").map(charge_code_from_x12),
        description: cx.text(s, 15),
        amount,
        percent,
    })
}

/// TXI → tax.
pub(super) fn read_txi(cx: &mut Cx, s: &Seg<'_>) -> Tax {
    Tax {
        category: s.el(1).map(tax_from_x12),
        rate: cx.decimal(s, 3, "percent"),
        taxable_amount: None,
        amount: cx.decimal(s, 2, "amount"),
        description: None,
        jurisdiction: cx.text(s, 5),
    }
}

/// ITD → payment terms.
pub(super) fn read_itd(cx: &mut Cx, s: &Seg<'_>) -> model::PaymentTerms {
    model::PaymentTerms {
        net_days: cx.u32(s, 7, "net days"),
        discount_percent: cx.decimal(s, 3, "discount percent"),
        discount_days: cx.u32(s, 5, "discount days"),
        due_date: cx.date(s, 6, "net due date"),
        description: cx.text(s, 12),
    }
}

/// PER → contact.
pub(super) fn read_per(cx: &mut Cx, s: &Seg<'_>) -> Contact {
    let mut c = Contact {
        name: cx.text(s, 2),
        role: s.el(1).map(role_from_x12),
        email: None,
        phone: None,
    };
    for q in [3usize, 5, 7] {
        let (Some(kind), Some(number)) = (s.el(q), s.el(q + 1)) else {
            continue;
        };
        match kind {
            "TE" if c.phone.is_none() => c.phone = Some(number.to_owned()),
            "EM" if c.email.is_none() => c.email = Some(number.to_owned()),
            _ => {}
        }
    }
    c
}

/// One N1 loop being read: N1, N2, N3, N4, PER, REF.
#[derive(Debug)]
pub(super) struct PartyLoop {
    /// N101, the entity identifier code (`ST`, `BT`…).
    pub code: String,
    pub party: Party,
    /// Position of the N1.
    pub pos: usize,
}

impl PartyLoop {
    /// Starts a loop at an N1.
    pub fn start(cx: &mut Cx, s: &Seg<'_>) -> Self {
        let code = s.el(1).unwrap_or_default().to_owned();
        if code.is_empty() {
            cx.warn(
                s.loc(Some(1)),
                Some(EL_MISSING),
                "N101 (entity identifier code) is missing",
            );
        }
        let mut party = Party {
            name: cx.text(s, 2),
            ..Party::default()
        };
        if let Some(value) = s.el(4) {
            let scheme = s
                .el(3)
                .map_or_else(|| "unknown".to_owned(), scheme_from_x12);
            party.identifiers.push(Identifier::new(scheme, value));
        }
        Self {
            code,
            party,
            pos: s.pos,
        }
    }

    /// Takes N2/N3/N4/PER/REF of the loop; `false` for any other segment (the loop ends).
    pub fn absorb(&mut self, cx: &mut Cx, s: &Seg<'_>) -> bool {
        let p = &mut self.party;
        match s.id().as_bytes() {
            b"N2" => {
                for n in [1, 2] {
                    if let Some(t) = cx.text(s, n) {
                        if p.name.is_none() {
                            p.name = Some(t);
                        } else {
                            p.address_lines.push(t);
                        }
                    }
                }
            }
            b"N3" => {
                for n in [1, 2] {
                    if let Some(t) = cx.text(s, n) {
                        p.address_lines.push(t);
                    }
                }
            }
            b"N4" => {
                p.city = cx.text(s, 1).or(p.city.take());
                p.region = s.el(2).map(str::to_owned).or(p.region.take());
                p.postal_code = s.el(3).map(str::to_owned).or(p.postal_code.take());
                p.country = s.el(4).map(str::to_owned).or(p.country.take());
            }
            b"PER" => {
                let c = read_per(cx, s);
                p.contacts.push(c);
            }
            // REF in the party loop (department, account numbers…): part of the loop, unmapped.
            b"REF" => {}
            _ => return false,
        }
        true
    }
}

/// Takes the party of the first code in `codes` that has one (codes are in priority order); a
/// second loop with that same code is reported and dropped. Loops of the other listed codes stay
/// (they end up as `party:<code>` extrinsics).
pub(super) fn take_party(
    cx: &mut Cx,
    parties: &mut Vec<PartyLoop>,
    codes: &[&str],
) -> Option<Party> {
    let code = codes
        .iter()
        .find(|c| parties.iter().any(|p| p.code == **c))?;
    let mut found: Option<Party> = None;
    let mut i = 0;
    while i < parties.len() {
        if parties.get(i).is_some_and(|p| p.code == *code) {
            let p = parties.remove(i);
            if found.is_none() {
                found = Some(p.party);
            } else {
                cx.warn(
                    missing_at("N1", p.pos),
                    None,
                    format!("A second {code} party loop; only the first is mapped"),
                );
            }
        } else {
            i += 1;
        }
    }
    found
}

/// Parties nobody took go to `map` as `party:<N101>` (name, else identifier).
pub(super) fn rest_parties_into(parties: Vec<PartyLoop>, map: &mut Extrinsics) {
    for p in parties {
        let v = p
            .party
            .name
            .clone()
            .or_else(|| p.party.identifiers.first().map(|i| i.value.clone()));
        if let Some(v) = v {
            add_extrinsic(map, format!("party:{}", p.code), &v);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Product / service id pairs
// ---------------------------------------------------------------------------------------------

/// What the qualifier/id pairs of PO1, POC, IT1, LIN, ACK say about an item.
#[derive(Debug, Default)]
pub(super) struct ItemIds {
    pub supplier_part_id: Option<String>,
    pub buyer_part_id: Option<String>,
    pub gtin: Option<Gtin>,
    pub manufacturer_part_id: Option<String>,
    pub manufacturer_name: Option<String>,
    pub sku: Option<String>,
    pub description: Option<String>,
    pub batch: Option<String>,
    pub serials: Vec<String>,
    /// Qualifier/value pairs with no canonical field.
    pub others: Vec<(String, String)>,
    supplier_rank: u8,
    buyer_rank: u8,
}

impl ItemIds {
    /// Puts the unmapped pairs into `extrinsics` as `product_id:<qualifier>` (and `sku`).
    pub fn extras_into(&self, map: &mut Extrinsics) {
        if let Some(sku) = &self.sku {
            add_extrinsic(map, "sku".into(), sku);
        }
        for (q, v) in &self.others {
            add_extrinsic(map, format!("product_id:{q}"), v);
        }
    }
}

/// Reads the qualifier/value pairs starting at element `first` (e.g. 6 for PO1, 2 for LIN),
/// up to `pairs` pairs.
pub(super) fn read_ids(cx: &mut Cx, s: &Seg<'_>, first: usize, pairs: usize) -> ItemIds {
    let mut ids = ItemIds::default();
    for k in 0..pairs {
        let qn = first + 2 * k;
        if qn > s.max_element() {
            // Neither element of this pair nor of the next ones is there.
            break;
        }
        let (q, v) = (s.el(qn), s.el(qn + 1));
        let (q, v) = match (q, v) {
            (Some(q), Some(v)) => (q, v),
            (None, None) => continue,
            (Some(q), None) => {
                cx.warn(
                    s.loc(Some(qn + 1)),
                    Some(EL_COND_MISSING),
                    format!("{}{:02}: qualifier {q:?} without a value", s.id(), qn + 1),
                );
                continue;
            }
            (None, Some(v)) => {
                cx.warn(
                    s.loc(Some(qn)),
                    Some(EL_COND_MISSING),
                    format!("{}{qn:02}: value {v:?} without a qualifier", s.id()),
                );
                continue;
            }
        };
        let supplier_rank = supplier_rank(cx, q);
        let buyer_rank = match q {
            "BP" => 4,
            "IN" => 3,
            "PI" => 2,
            "CB" => 1,
            _ => 0,
        };
        if supplier_rank > 0 {
            if supplier_rank > ids.supplier_rank {
                if let Some(old) = ids.supplier_part_id.take() {
                    ids.others.push((supplier_qual(cx, ids.supplier_rank), old));
                }
                ids.supplier_part_id = Some(v.to_owned());
                ids.supplier_rank = supplier_rank;
            } else {
                ids.others.push((q.to_owned(), v.to_owned()));
            }
            continue;
        }
        if buyer_rank > 0 {
            if buyer_rank > ids.buyer_rank {
                if let Some(old) = ids.buyer_part_id.take() {
                    ids.others.push((buyer_qual(ids.buyer_rank), old));
                }
                ids.buyer_part_id = Some(v.to_owned());
                ids.buyer_rank = buyer_rank;
            } else {
                ids.others.push((q.to_owned(), v.to_owned()));
            }
            continue;
        }
        match q {
            "UP" | "EN" | "UK" | "UA" | "UI" | "EO" => {
                let plain = v.bytes().all(|b| b.is_ascii_digit());
                let digits: std::borrow::Cow<'_, str> = if plain {
                    v.into()
                } else {
                    v.chars()
                        .filter(|c| !c.is_whitespace() && *c != '-')
                        .collect::<String>()
                        .into()
                };
                match Gtin::parse(&digits) {
                    Ok(g) if ids.gtin.is_none() => {
                        if !g.has_valid_check_digit() {
                            cx.warn(
                                s.loc(Some(qn + 1)),
                                None,
                                format!("{q} {v:?} has a wrong GS1 check digit; kept as GTIN"),
                            );
                        }
                        ids.gtin = Some(g);
                    }
                    Ok(_) => ids.others.push((q.to_owned(), v.to_owned())),
                    Err(_) => {
                        cx.warn(
                            s.loc(Some(qn + 1)),
                            Some(EL_INVALID_CHAR),
                            format!("{q} {v:?} is not a GTIN (8, 12, 13 or 14 digits); kept aside"),
                        );
                        ids.others.push((q.to_owned(), v.to_owned()));
                    }
                }
            }
            "MG" if ids.manufacturer_part_id.is_none() => {
                ids.manufacturer_part_id = Some(v.to_owned());
            }
            "MF" if ids.manufacturer_name.is_none() => ids.manufacturer_name = Some(v.to_owned()),
            "SK" if ids.sku.is_none() => ids.sku = Some(v.to_owned()),
            "PD" if ids.description.is_none() => ids.description = Some(v.to_owned()),
            "LT" if ids.batch.is_none() => ids.batch = Some(v.to_owned()),
            "SN" => ids.serials.push(v.to_owned()),
            _ => ids.others.push((q.to_owned(), v.to_owned())),
        }
    }
    ids
}

/// How strongly qualifier `q` names the supplier's part number: the partner's own qualifiers
/// (`part_qualifiers`, first preferred) above the standard VP > VN > VC > VA; 0 for none.
fn supplier_rank(cx: &Cx, q: &str) -> u8 {
    let own = &cx.supplier_qualifiers;
    if let Some(i) = own.iter().position(|x| x == q) {
        return 4u8.saturating_add(u8::try_from(own.len() - i).unwrap_or(u8::MAX));
    }
    match q {
        "VP" => 4,
        "VN" => 3,
        "VC" => 2,
        "VA" => 1,
        _ => 0,
    }
}

/// The qualifier of supplier rank `rank` (see [`supplier_rank`]).
fn supplier_qual(cx: &Cx, rank: u8) -> String {
    let own = &cx.supplier_qualifiers;
    match rank {
        r if r > 4 => own
            .get(own.len().saturating_sub(usize::from(r - 4)))
            .map_or("VP", String::as_str),
        4 => "VP",
        3 => "VN",
        2 => "VC",
        _ => "VA",
    }
    .to_owned()
}

/// The qualifier of buyer part rank `rank`: BP > IN > PI > CB.
fn buyer_qual(rank: u8) -> String {
    match rank {
        4 => "BP",
        3 => "IN",
        2 => "PI",
        _ => "CB",
    }
    .to_owned()
}

/// Line number from an assigned identification (PO101, IT101, LIN01…): the number when numeric,
/// else `fallback` (the 1-based position among the lines) with the original kept by the caller.
pub(super) fn line_number(v: Option<&str>, fallback: usize) -> (u32, bool) {
    match v.and_then(parse_u32) {
        Some(n) if n > 0 => (n, true),
        _ => (u32::try_from(fallback).unwrap_or(u32::MAX), false),
    }
}

/// MSG texts of one N9 loop (or a bare MSG run) joined: a new line per MSG, none before an
/// `LC` (line continuation) MSG.
#[derive(Debug, Default)]
pub(super) struct Note {
    pub text: String,
    /// N902 of the loop, if any.
    pub label: Option<String>,
}

impl Note {
    pub fn push_msg(&mut self, cx: &mut Cx, s: &Seg<'_>) {
        let Some(t) = cx.raw_text(s, 1) else { return };
        if !self.text.is_empty() && s.el(2) == Some("LC") {
            self.text.push_str(&t);
            return;
        }
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.text.push_str(t.trim_start());
    }

    /// The text without trailing blanks.
    pub fn finish(mut self) -> (Option<String>, String) {
        let kept = self.text.trim_end().len();
        self.text.truncate(kept);
        (self.label, self.text)
    }
}

// ---------------------------------------------------------------------------------------------
// Writer helpers
// ---------------------------------------------------------------------------------------------

/// Writer context: the segment writer plus issues located at the next segment's position.
pub(super) struct Wx<'w> {
    pub w: &'w mut SegmentWriter,
    pub cx: Cx,
}

impl<'w> Wx<'w> {
    pub fn new(w: &'w mut SegmentWriter) -> Self {
        Self {
            w,
            cx: Cx::default(),
        }
    }

    /// Position the next segment will have (ST is 1).
    pub fn next_pos(&self) -> usize {
        self.w.count() + 2
    }

    /// A location: segment `id` (about to be written), element `n`, and the model field `path`.
    pub fn loc(&self, id: &str, n: Option<usize>, path: &str) -> Location {
        Location {
            segment: Some(id.to_owned()),
            segment_position: Some(self.next_pos()),
            element: n,
            path: (!path.is_empty()).then(|| path.to_owned()),
            ..Location::default()
        }
    }

    pub fn error(&mut self, id: &str, n: Option<usize>, path: &str, msg: impl Into<String>) {
        let loc = self.loc(id, n, path);
        self.cx.error(loc, None, msg);
    }

    pub fn warn(&mut self, id: &str, n: Option<usize>, path: &str, msg: impl Into<String>) {
        let loc = self.loc(id, n, path);
        self.cx.warn(loc, None, msg);
    }

    pub fn seg(&mut self, id: &str, elements: &[&str]) {
        self.w.segment(id, elements);
    }

    /// Free text cut to `max` characters (warning when cut). Control characters and this
    /// interchange's delimiters (a warning: X12 has no escape before 007040) become spaces
    /// before the text is trimmed, so a value made only of them comes out empty (callers then
    /// leave out the element or the segment) and what is written reads back the same.
    pub fn text(&mut self, id: &str, n: usize, path: &str, value: &str, max: usize) -> String {
        let loc = self.loc(id, Some(n), path);
        let flat = self.scrubbed(value, false, loc);
        let flat = flat.trim();
        if flat.chars().count() > max {
            self.warn(
                id,
                Some(n),
                path,
                format!("Cut to the {max} characters {id}{n:02} allows"),
            );
            // Spaces at the cut would be trimmed by the reader: left out here already.
            let cut: String = flat.chars().take(max).collect();
            return cut.trim_end().to_owned();
        }
        flat.to_owned()
    }

    /// `value` with this interchange's delimiters (a warning at `loc`) and control characters
    /// as spaces; line breaks are kept when `keep_breaks`.
    fn scrubbed(&mut self, value: &str, keep_breaks: bool, loc: Location) -> String {
        let delimiter = self.delimiter_test();
        if value.chars().any(delimiter) {
            self.cx.warn(
                loc,
                None,
                "A delimiter character inside the value was replaced by a space",
            );
        }
        let kept = |c: char| keep_breaks && (c == '\n' || c == '\r');
        value
            .chars()
            .map(|c| {
                if delimiter(c) || (c.is_control() && !kept(c)) {
                    ' '
                } else {
                    c
                }
            })
            .collect()
    }

    /// Whether a character is one of this interchange's delimiters.
    fn delimiter_test(&self) -> impl Fn(char) -> bool + Copy {
        let d = self.w.delimiters();
        move |c: char| c.is_ascii() && u8::try_from(c).is_ok_and(|b| d.is_delimiter(b))
    }

    /// An identifier that must fit `max` characters: written as is but for spaces around it
    /// (left out with a warning, as readers trim them); an error when it is empty, too long,
    /// or holds a delimiter or control character (X12 has no escape: it would reach the
    /// partner changed).
    pub fn ident(&mut self, id: &str, n: usize, path: &str, value: &str, max: usize) -> String {
        let delimiter = self.delimiter_test();
        let trimmed = value.trim();
        if trimmed.len() != value.len() && !trimmed.is_empty() {
            self.warn(
                id,
                Some(n),
                path,
                format!("The spaces around {value:?} are left out"),
            );
        }
        let value = trimmed;
        if value.is_empty() {
            self.error(
                id,
                Some(n),
                path,
                format!("{id}{n:02} is required but empty"),
            );
        } else if value.chars().any(|c| c.is_control() || delimiter(c)) {
            self.error(
                id,
                Some(n),
                path,
                format!(
                    "{value:?} holds a delimiter or control character, which {id}{n:02} cannot \
                     carry unchanged"
                ),
            );
        } else if value.chars().count() > max {
            self.error(
                id,
                Some(n),
                path,
                format!("{value:?} is longer than the {max} characters {id}{n:02} allows"),
            );
        }
        value.to_owned()
    }

    /// A unit code (355, 2 characters) for a canonical unit; error when X12 cannot say it.
    pub fn uom(&mut self, id: &str, n: usize, path: &str, unit: &UnitOfMeasure) -> String {
        let code = uom_to_x12(unit);
        if code.len() != 2 {
            self.error(
                id,
                Some(n),
                path,
                format!("Unit {code:?} has no 2-character X12 unit code; written as is"),
            );
        }
        code.to_owned()
    }

    /// N1 loop: N1 (name, id), N3 (address lines two per segment), N4, PER per contact.
    pub fn party(&mut self, code: &str, party: &Party, path: &str) {
        let name = party
            .name
            .as_deref()
            .map(|n| self.text("N1", 2, path, n, 60))
            .unwrap_or_default();
        let id = party
            .identifiers
            .iter()
            .find_map(|i| scheme_to_x12(i).map(|q| (q.to_owned(), i.value.clone())));
        if name.is_empty() && id.is_none() {
            self.error(
                "N1",
                Some(2),
                path,
                "The party has neither a name nor an identifier X12 can carry",
            );
        }
        for (i, extra) in party.identifiers.iter().enumerate() {
            if scheme_to_x12(extra).is_none() {
                self.warn(
                    "N1",
                    Some(3),
                    &format!("{path}.identifiers[{i}]"),
                    format!(
                        "Identifier scheme {:?} has no X12 qualifier; left out",
                        extra.scheme
                    ),
                );
            }
        }
        match id {
            Some((q, v)) => {
                let v = self.ident("N1", 4, path, &v, 80);
                self.seg("N1", &[code, &name, &q, &v]);
            }
            None => self.seg("N1", &[code, &name]),
        }
        let lines: Vec<String> = party
            .address_lines
            .iter()
            .map(|l| self.text("N3", 1, path, l, 55))
            .filter(|l| !l.is_empty())
            .collect();
        for pair in lines.chunks(2) {
            let a = pair.first().map_or("", String::as_str);
            let b = pair.get(1).map_or("", String::as_str);
            self.seg("N3", &[a, b]);
        }
        let city = party
            .city
            .as_deref()
            .map(|c| self.text("N4", 1, path, c, 30))
            .unwrap_or_default();
        // Codes: refused (not changed) when they hold a delimiter. Their lengths are left to the
        // partner's rules, as before.
        let mut code = |n: usize, v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| self.ident("N4", n, path, v, 80))
                .unwrap_or_default()
        };
        let region = code(2, &party.region);
        let postal = code(3, &party.postal_code);
        let country = code(4, &party.country);
        if !(city.is_empty() && region.is_empty() && postal.is_empty() && country.is_empty()) {
            self.seg("N4", &[&city, &region, &postal, &country]);
        }
        for (i, c) in party.contacts.iter().enumerate() {
            self.per(c, &format!("{path}.contacts[{i}]"));
        }
    }

    /// PER: function, name, TE phone, EM email.
    pub fn per(&mut self, c: &Contact, path: &str) {
        let role = role_to_x12(c.role.as_deref()).to_owned();
        let name = c
            .name
            .as_deref()
            .map(|n| self.text("PER", 2, path, n, 60))
            .unwrap_or_default();
        let mut els: Vec<String> = vec![role, name];
        // A qualifier only with its number: a phone or address that comes out empty is left out.
        for (q, value) in [("TE", &c.phone), ("EM", &c.email)] {
            if let Some(v) = value {
                let n = els.len() + 2;
                let v = self.text("PER", n, path, v, 80);
                if !v.is_empty() {
                    els.push(q.into());
                    els.push(v);
                }
            }
        }
        let refs: Vec<&str> = els.iter().map(String::as_str).collect();
        self.seg("PER", &refs);
    }

    /// REF per reference X12 can say.
    pub fn refs(&mut self, refs: &[Reference], path: &str) {
        for (i, r) in refs.iter().enumerate() {
            let p = format!("{path}[{i}]");
            match ref_kind_to_x12(&r.kind) {
                Some(q) => {
                    let q = q.to_owned();
                    let v = self.ident("REF", 2, &p, &r.value, 30);
                    self.seg("REF", &[&q, &v]);
                }
                None => self.warn(
                    "REF",
                    Some(1),
                    &p,
                    format!(
                        "Reference kind {:?} has no X12 qualifier; left out",
                        r.kind.as_str()
                    ),
                ),
            }
        }
    }

    /// N9 + MSG: one N9 loop per note, long text split into 264-character MSGs (`LC` marks a
    /// continuation), one MSG per line of text.
    /// Delimiters become spaces (with a warning) before anything is written, so a note or a
    /// line of it that is only delimiters and spaces is left out rather than written blank.
    /// `path` is the model field the note comes from.
    pub fn note(&mut self, label_qual: &str, label: &str, text: &str, path: &str) {
        let loc = Location {
            segment: Some("MSG".into()),
            element: Some(1),
            path: Some(path.to_owned()),
            ..Location::default()
        };
        // Line breaks stay (one MSG per line); other control characters become spaces too.
        let text = self.scrubbed(text, true, loc);
        if text.trim().is_empty() {
            return;
        }
        self.seg("N9", &[label_qual, label]);
        for line in text.lines() {
            // Readers trim each line (spaces around it are not kept).
            let chars: Vec<char> = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .trim()
                .chars()
                .collect();
            if chars.is_empty() {
                continue;
            }
            for (k, chunk) in chars.chunks(264).enumerate() {
                let s: String = chunk.iter().collect();
                if k == 0 {
                    self.seg("MSG", &[&s]);
                } else {
                    self.seg("MSG", &[&s, "LC"]);
                }
            }
        }
    }

    /// SAC for an allowance or charge.
    pub fn sac(&mut self, c: &Charge, path: &str) {
        let ind = match c.indicator {
            ChargeIndicator::Allowance => "A",
            ChargeIndicator::Charge => "C",
        };
        let code = charge_code_to_x12(c.code.as_deref()).to_owned();
        if code == "ZZZZ" && c.code.is_some() {
            self.warn(
                "SAC",
                Some(2),
                path,
                format!(
                    "Charge code {:?} has no X12 code; written as ZZZZ with the description",
                    c.code.as_deref().unwrap_or("")
                ),
            );
        }
        let amount = c
            .amount
            .map(|a| self.implied2("SAC", 5, path, a.abs()))
            .unwrap_or_default();
        let percent = c.percent.map(fmt_decimal).unwrap_or_default();
        let desc = match (&c.description, code.as_str(), &c.code) {
            (Some(d), _, _) => self.text("SAC", 15, path, d, 80),
            (None, "ZZZZ", Some(cd)) => self.text("SAC", 15, path, cd, 80),
            _ => String::new(),
        };
        if amount.is_empty() && percent.is_empty() {
            self.warn(
                "SAC",
                Some(5),
                path,
                "The allowance or charge has neither amount nor percent",
            );
        }
        let pct_qual = if percent.is_empty() { "" } else { "3" };
        self.seg(
            "SAC",
            &[
                ind, &code, "", "", &amount, pct_qual, &percent, "", "", "", "", "", "", "", &desc,
            ],
        );
    }

    /// A monetary amount with 2 implied decimals; a warning when it had more decimals.
    pub fn implied2(&mut self, id: &str, n: usize, path: &str, d: Decimal) -> String {
        let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if r != d {
            self.warn(
                id,
                Some(n),
                path,
                format!("{d} rounded to {r}: {id}{n:02} has 2 implied decimals"),
            );
        }
        fmt_implied2(r)
    }
}

/// A date as `CCYYMMDD`.
pub(super) fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// A decimal as X12 `R`: no exponent, no trailing zeros after the point, no `+`.
pub(super) fn fmt_decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A 2-decimal amount as `N2` (implied decimals): `3875.30` → `387530`.
pub(super) fn fmt_implied2(d: Decimal) -> String {
    let mut r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(2);
    let m = r.mantissa();
    m.to_string()
}

/// The X12 product id pairs for an item: BP, VP, UP/EN/UK (by GTIN length), MG, SK.
pub(super) fn id_pairs(
    buyer: Option<&str>,
    supplier: Option<&str>,
    gtin: Option<&Gtin>,
    manufacturer: Option<&str>,
    sku: Option<&str>,
) -> Vec<(&'static str, String)> {
    let mut v = Vec::new();
    if let Some(b) = buyer {
        v.push(("BP", b.to_owned()));
    }
    if let Some(s) = supplier {
        v.push(("VP", s.to_owned()));
    }
    if let Some(g) = gtin {
        let q = match g.as_str().len() {
            12 => "UP",
            14 => "UK",
            _ => "EN",
        };
        v.push((q, g.as_str().to_owned()));
    }
    if let Some(m) = manufacturer {
        v.push(("MG", m.to_owned()));
    }
    if let Some(s) = sku {
        v.push(("SK", s.to_owned()));
    }
    v
}

/// Appends `pairs` to `els` as qualifier/value elements, each value cut to 48 characters.
pub(super) fn push_pairs(
    wx: &mut Wx<'_>,
    id: &str,
    path: &str,
    els: &mut Vec<String>,
    pairs: &[(&'static str, String)],
) {
    for (q, v) in pairs {
        let n = els.len() + 2;
        // MF is a name (free text); the others are identifiers, refused rather than changed.
        let v = if *q == "MF" {
            wx.text(id, n, path, v, 48)
        } else {
            wx.ident(id, n, path, v, 48)
        };
        if v.is_empty() {
            continue;
        }
        els.push((*q).to_owned());
        els.push(v);
    }
}

/// Writes `els` as segment `id`.
pub(super) fn emit(wx: &mut Wx<'_>, id: &str, els: &[String]) {
    let refs: Vec<&str> = els.iter().map(String::as_str).collect();
    wx.seg(id, &refs);
}
