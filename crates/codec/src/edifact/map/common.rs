//! Pieces shared by the message maps: the issue collector with element parsers, a generic
//! reading of the EANCOM segment groups every message shares (header references, parties,
//! currency, taxes, allowances, payment terms, free text, lines, summary, CPS packages), code
//! tables, and the writer helpers.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::mpsc;

use chrono::NaiveDate;
use model::{
    Charge, ChargeIndicator, Contact, CurrencyCode, Extrinsics, Gtin, Identifier, Party,
    PaymentTerms, Reference, ReferenceKind, Tax, TaxCategory, UnitOfMeasure,
};
use rust_decimal::Decimal;

use super::MapSegment;
use crate::edifact::segment::PlainScan;
use crate::edifact::{Charset, MessageBody, Segment};
use crate::{Issue, Location, Severity};

/// 0085 `12`: invalid value.
pub(super) const INVALID: &str = "12";
/// 0085 `13`: missing.
pub(super) const MISSING: &str = "13";
/// 0085 `37`: invalid type of character(s).
pub(super) const BAD_CHARS: &str = "37";

// ---------------------------------------------------------------------------------------------
// Positioned segments and the issue collector
// ---------------------------------------------------------------------------------------------

/// A body segment with its position counted from UNH = 1.
#[derive(Clone, Copy, Debug)]
pub(super) struct Seg<'a> {
    v: View<'a>,
    pub pos: usize,
}

/// What a [`Seg`] reads its values from.
#[derive(Clone, Copy, Debug)]
enum View<'a> {
    /// A converted segment (values unescaped and decoded).
    Map(&'a MapSegment<'a>),
    /// A tokenizer segment whose values are its own bytes.
    Plain(Plain<'a>),
}

/// Element separators whose positions a [`Plain`] keeps (EANCOM body segments have fewer).
const SEPS: usize = 10;

/// A tokenizer segment whose values are its own bytes ([`PlainScan`]): values are
/// slices of `text`, found from the element separators' positions, noted once.
#[derive(Clone, Copy, Debug)]
struct Plain<'a> {
    text: &'a str,
    /// The segment's offset in the input.
    offset: usize,
    /// Byte indexes in `text` of the first element separators.
    seps: [u16; SEPS],
    /// How many separators `seps` holds; `SEPS + 1` when there are more.
    n: u8,
    /// Whether the segment has a tag: then it is the first three bytes of `text`.
    tagged: bool,
    /// The element, component and repetition separators.
    element: u8,
    component: u8,
    repetition: Option<u8>,
}

impl<'a> Plain<'a> {
    /// `None` unless the segment is plain ([`PlainScan`]).
    fn new(
        seg: &Segment<'a>,
        scan: &mut PlainScan,
        body_text: Option<(usize, &'a str)>,
    ) -> Option<Self> {
        scan.fit(seg.delimiters);
        let (tag, _) = seg.tag_parts();
        Self::from_raw(seg.raw(), seg.offset, tag, seg.charset, scan, body_text)
    }

    /// [`Plain::new`] for the segment of bytes `raw` at `offset` with the tag bytes `tag`
    /// (`[0; 3]`: none), read in `charset` with the delimiters `scan` is for.
    #[inline]
    fn from_raw(
        raw: &'a [u8],
        offset: usize,
        tag: [u8; 3],
        charset: Charset,
        scan: &PlainScan,
        body_text: Option<(usize, &'a str)>,
    ) -> Option<Self> {
        let mut seps = [0u16; SEPS];
        let (text, n) = scan.scan_raw(raw, offset, charset, &mut seps, body_text)?;
        // A plain segment's tag is its first bytes (else it is converted).
        let tagged = tag != [0; 3];
        if tagged && text.as_bytes().get(..3) != Some(&tag[..]) {
            return None;
        }
        // Positions past u16 are not noted (a segment of 64 KB or more is converted instead).
        u16::try_from(text.len()).ok()?;
        // More separators than noted: `SEPS + 1`.
        let n = n.min(SEPS + 1);
        let d = scan.delimiters();
        Some(Self {
            text,
            offset,
            seps,
            n: u8::try_from(n).unwrap_or(u8::MAX),
            tagged,
            element: d.element,
            component: d.component,
            repetition: d.repetition,
        })
    }

    /// Data element `e` (1-based, after the tag), all repetitions.
    #[inline]
    fn element(&self, e: usize) -> Option<&'a str> {
        let k = e.checked_sub(1)?;
        let n = usize::from(self.n);
        let known = n.min(SEPS);
        let at = |i: usize| self.seps.get(i).map(|&x| x as usize);
        if k + 1 < known {
            self.text.get(at(k)? + 1..at(k + 1)?)
        } else if k + 1 == known && n <= SEPS {
            self.text.get(at(k)? + 1..)
        } else if n > SEPS {
            nth_part(self.text, self.element, e)
        } else {
            None
        }
    }

    /// The first repetition of element `e`.
    #[inline]
    fn first_repetition(&self, e: usize) -> Option<&'a str> {
        let el = self.element(e)?;
        match self.repetition {
            Some(r) => nth_part(el, r, 0),
            None => Some(el),
        }
    }
}

impl<'a> Seg<'a> {
    pub fn tag(&self) -> &'a str {
        match self.v {
            View::Map(s) => trim(&s.tag),
            View::Plain(p) => match p.tagged {
                true => p.text.get(..3).unwrap_or_default(),
                false => "",
            },
        }
    }

    /// The tag's three bytes (`[0; 3]` for a tag that is not three bytes long).
    pub fn tag3(&self) -> [u8; 3] {
        tag3_of(self.tag())
    }

    /// Component `c` (1-based) of element `e` (1-based, first repetition) as read, blank or
    /// not; `None` when absent.
    #[inline]
    fn raw(&self, e: usize, c: usize) -> Option<&'a str> {
        match self.v {
            View::Map(s) => s.get(e, c),
            View::Plain(p) => {
                let rep = p.first_repetition(e)?;
                nth_part(rep, p.component, c.checked_sub(1)?)
            }
        }
    }

    /// Component `c` of element `e`, trimmed; `None` when absent or blank.
    #[inline]
    pub fn c(&self, e: usize, c: usize) -> Option<&'a str> {
        self.raw(e, c).map(trim).filter(|v| !v.is_empty())
    }

    /// All non-blank components of element `e`.
    pub fn comps(&self, e: usize) -> Vec<&'a str> {
        let keep = |v: &&'a str| !v.is_empty();
        match self.v {
            View::Map(s) => s
                .elements
                .get(e.wrapping_sub(1))
                .map(|el| el.iter().map(|v| trim(v)).filter(keep).collect())
                .unwrap_or_default(),
            View::Plain(p) => {
                let Some(rep) = p.first_repetition(e) else {
                    return Vec::new();
                };
                rep.split(char::from(p.component))
                    .map(trim)
                    .filter(keep)
                    .collect()
            }
        }
    }

    pub fn loc(&self, e: Option<usize>, c: Option<usize>) -> Location {
        let offset = match self.v {
            View::Map(s) => s.offset,
            View::Plain(p) => Some(p.offset),
        };
        Location {
            offset,
            segment: Some(self.tag().to_owned()),
            segment_position: Some(self.pos),
            element: e,
            component: c,
            path: None,
        }
    }
}

/// The three bytes of `tag`, `[0; 3]` when it is not three bytes long.
#[inline]
fn tag3_of(tag: &str) -> [u8; 3] {
    match *tag.as_bytes() {
        [a, b, c] => [a, b, c],
        _ => [0; 3],
    }
}

/// `str::trim`, without its Unicode search when both ends are visible ASCII (nearly always).
#[inline]
fn trim(v: &str) -> &str {
    match (v.as_bytes().first(), v.as_bytes().last()) {
        (Some(a), Some(z)) if a.is_ascii_graphic() && z.is_ascii_graphic() => v,
        _ => v.trim(),
    }
}

/// Part `n` (0-based) of `s` split on the ASCII byte `sep`.
#[inline]
fn nth_part(s: &str, sep: u8, n: usize) -> Option<&str> {
    let mut start = 0;
    let mut k = 0;
    for (i, &b) in s.as_bytes().iter().enumerate() {
        if b == sep {
            if k == n {
                return s.get(start..i);
            }
            k += 1;
            start = i + 1;
        }
    }
    (k == n).then(|| s.get(start..)).flatten()
}

/// The body segments of a message as the maps read them: segments converted already, or the
/// tokenizer's, read in place where possible. Iterated once; a body of 100,000 segments is
/// never held a second time as [`Seg`]s.
#[derive(Clone, Copy, Debug)]
pub(super) enum Segs<'a> {
    /// Converted segments (values unescaped and decoded).
    Map(&'a [MapSegment<'a>]),
    /// Tokenizer segments: read in place when their values are their own bytes
    /// ([`PlainScan`]), else converted one at a time.
    /// The second part: the body's bytes as text, from the input offset it starts at, when
    /// they are UTF-8 ([`Message::body_text`](crate::edifact::Message::body_text)).
    Tok(&'a MessageBody<'a>, Option<(usize, &'a str)>),
}

impl<'a> Segs<'a> {
    /// How many body segments.
    pub fn len(&self) -> usize {
        match self {
            Segs::Map(b) => b.len(),
            Segs::Tok(b, _) => b.len(),
        }
    }

    /// How many LIN segments (for reserving the lines).
    pub fn lin_count(&self) -> usize {
        match self {
            Segs::Map(b) => b.iter().filter(|s| trim(&s.tag) == "LIN").count(),
            // A tokenizer segment's tag is three upper-case letters or digits or nothing: no
            // trimming.
            Segs::Tok(b, _) => b.count("LIN"),
        }
    }

    /// The segments of `range` (0-based indexes into the body) in order, positioned from
    /// UNH = 1 (the first body segment is 2).
    pub fn iter_range(&self, range: Range<usize>) -> SegIter<'a> {
        let scan = match self {
            Segs::Tok(b, _) => Some(PlainScan::new(
                b.first().map(|s| s.delimiters).unwrap_or_default(),
            )),
            Segs::Map(_) => None,
        };
        SegIter {
            segs: *self,
            next: range.start,
            end: range.end,
            scan,
        }
    }

    /// The tag of body segment `i` (0-based) as [`Seg::tag3`] reads it, without reading the
    /// rest of the segment.
    fn tag3_at(&self, i: usize) -> [u8; 3] {
        match self {
            Segs::Map(b) => tag3_of(b.get(i).map_or("", |s| trim(&s.tag))),
            // A tokenizer segment's tag is three upper-case letters or digits or nothing.
            Segs::Tok(b, _) => b.tag3(i),
        }
    }
}

/// Iterator of [`Segs`]: yields [`Item`]s, each read as a [`Seg`] with [`Item::seg`].
pub(super) struct SegIter<'a> {
    segs: Segs<'a>,
    next: usize,
    /// The index the iteration stops at.
    end: usize,
    scan: Option<PlainScan>,
}

impl<'a> Iterator for SegIter<'a> {
    type Item = Item<'a>;

    // Inlined into the reading loop ([`BodyReader::read`]), so that the item (with its
    // separator positions) is made where it is read, not copied out of a call.
    #[inline(always)]
    fn next(&mut self) -> Option<Item<'a>> {
        let i = self.next;
        if i >= self.end {
            return None;
        }
        let v = match self.segs {
            Segs::Map(b) => ItemView::Map(b.get(i)?),
            Segs::Tok(b, text) => {
                let plain = match (self.scan.as_mut(), b.one_run()) {
                    // One run (nearly always): the scan was made for its delimiters (the
                    // first segment's, `iter_range`), and the segment is made only when it
                    // must be converted.
                    (Some(scan), Some((_d, charset))) => {
                        debug_assert!(scan.delimiters() == &_d);
                        let (raw, offset, tag) = b.raw_at(i)?;
                        Plain::from_raw(raw, offset, tag, charset, scan, text)
                    }
                    (Some(scan), None) => Plain::new(&b.get(i)?, scan, text),
                    (None, _) => None,
                };
                match plain {
                    Some(p) => ItemView::Plain(p),
                    None => ItemView::Converted(MapSegment::borrowed(&b.get(i)?)),
                }
            }
        };
        self.next = i + 1;
        Some(Item { v, pos: i + 2 })
    }
}

/// One body segment from a [`SegIter`], owning its conversion when it needed one.
pub(super) struct Item<'a> {
    v: ItemView<'a>,
    pos: usize,
}

enum ItemView<'a> {
    Map(&'a MapSegment<'a>),
    Plain(Plain<'a>),
    Converted(MapSegment<'a>),
}

impl<'a> Item<'a> {
    /// The segment, borrowing this item.
    pub fn seg(&self) -> Seg<'_> {
        let v = match &self.v {
            ItemView::Map(m) => View::Map(m),
            ItemView::Plain(p) => View::Plain(*p),
            ItemView::Converted(m) => View::Map(m),
        };
        Seg { v, pos: self.pos }
    }
}

#[derive(Debug, Default)]
pub(super) struct Cx {
    pub issues: Vec<Issue>,
    /// The segments of the message being read ([`read_body_lines`] and [`read_lines`] set
    /// it): the most room for more issues [`Cx::push`] makes at once when there are already
    /// many.
    pub room: usize,
}

/// Issues after which [`Cx::push`] makes room for [`Cx::room`] more at once.
const MANY_ISSUES: usize = 1024;

impl Cx {
    pub fn push(&mut self, sev: Severity, loc: Location, code: Option<&str>, msg: String) {
        if self.issues.len() == self.issues.capacity() && self.issues.len() >= MANY_ISSUES {
            // A message with thousands of issues (one per line, say): room for up to one per
            // segment, at most four times as many as so far, rather than double: fewer copies of
            // every issue into fresh memory. Room never written to is never faulted in.
            let len = self.issues.len();
            self.issues
                .reserve_exact(self.room.min(len.saturating_mul(4)).max(len));
        }
        self.issues.push(Issue {
            severity: sev,
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

    /// A decimal in component (e, c); a warning `37` when it is not a number.
    pub fn dec(&mut self, s: &Seg<'_>, e: usize, c: usize, what: &str) -> Option<Decimal> {
        self.dec_sev(s, e, c, what, Severity::Warning)
    }

    pub fn dec_sev(
        &mut self,
        s: &Seg<'_>,
        e: usize,
        c: usize,
        what: &str,
        sev: Severity,
    ) -> Option<Decimal> {
        let v = s.c(e, c)?;
        match parse_decimal(v) {
            Some(d) => Some(d),
            None => {
                self.push(
                    sev,
                    s.loc(Some(e), Some(c)),
                    Some(BAD_CHARS),
                    format!("{} {what} {v:?} is not a number", s.tag()),
                );
                None
            }
        }
    }

    pub fn unit(&mut self, s: &Seg<'_>, e: usize, c: usize) -> Option<UnitOfMeasure> {
        let v = s.c(e, c)?;
        match UnitOfMeasure::from_common(v) {
            Ok(u) => Some(u),
            Err(_) => {
                self.warn(
                    s.loc(Some(e), Some(c)),
                    Some(INVALID),
                    format!("{} unit {v:?} is not a Rec 20 code; ignored", s.tag()),
                );
                None
            }
        }
    }

    pub fn currency(&mut self, s: &Seg<'_>, e: usize, c: usize) -> Option<CurrencyCode> {
        let v = s.c(e, c)?;
        match CurrencyCode::parse(&v.to_ascii_uppercase()) {
            Ok(cur) => Some(cur),
            Err(_) => {
                self.warn(
                    s.loc(Some(e), Some(c)),
                    Some(INVALID),
                    format!(
                        "{} currency {v:?} is not an ISO 4217 code; ignored",
                        s.tag()
                    ),
                );
                None
            }
        }
    }

    pub fn gtin(&mut self, s: &Seg<'_>, e: usize, c: usize, v: &str) -> Option<Gtin> {
        match Gtin::parse(v) {
            Ok(g) => {
                if !g.has_valid_check_digit() {
                    self.warn(
                        s.loc(Some(e), Some(c)),
                        None,
                        format!("GTIN {v} has a wrong check digit"),
                    );
                }
                Some(g)
            }
            Err(_) => None,
        }
    }

    /// A DTM segment: (qualifier, first day, last day of a 718 range).
    pub fn dtm<'s>(&mut self, s: &Seg<'s>) -> Option<(&'s str, NaiveDate, Option<NaiveDate>)> {
        let Some(q) = s.c(1, 1) else {
            self.warn(
                s.loc(Some(1), Some(1)),
                Some(MISSING),
                "DTM date qualifier (2005) is missing",
            );
            return None;
        };
        let Some(v) = s.c(1, 2) else {
            self.warn(
                s.loc(Some(1), Some(2)),
                Some(MISSING),
                format!("DTM+{q} has no value"),
            );
            return None;
        };
        let fmt = s.c(1, 3);
        match parse_date(v, fmt) {
            Some((d, end)) => Some((q, d, end)),
            // A value that does not match its format but reads by its length (`102` with
            // `199910060000`): kept, with a warning.
            None if fmt.is_some() && parse_date(v, None).is_some() => {
                let (d, end) = parse_date(v, None)?;
                self.warn(
                    s.loc(Some(1), Some(2)),
                    Some(INVALID),
                    format!(
                        "DTM+{q} value {v:?} does not match format {}; read as {d}",
                        fmt.unwrap_or_default()
                    ),
                );
                Some((q, d, end))
            }
            None => {
                self.warn(
                    s.loc(Some(1), Some(2)),
                    Some(INVALID),
                    format!(
                        "DTM+{q} value {v:?} is not a date in format {}; ignored",
                        fmt.unwrap_or("(none)")
                    ),
                );
                None
            }
        }
    }
}

/// Up to 19 digits with at most one mark (`.` or `,`), nearly every quantity, price and
/// amount: the value at once, with the scale `Decimal`'s parser gives (the digits after the
/// mark; a mark with none after it, or first, counts as none or `0.`). `None` for anything
/// else, which [`parse_decimal`] reads as text.
#[inline]
fn small_decimal(s: &str) -> Option<Decimal> {
    let b = s.as_bytes();
    if b.len() > 19 {
        return None;
    }
    // At most 19 digits: below u64::MAX.
    let mut m: u64 = 0;
    let mut digits = 0u32;
    let mut scale: Option<u32> = None;
    for &c in b {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(c - b'0');
                digits += 1;
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' | b',' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    if digits == 0 {
        return None;
    }
    Decimal::try_from_i128_with_scale(i128::from(m), scale.unwrap_or(0)).ok()
}

/// A decimal as written: `.` or `,` as the mark, an optional sign.
pub(super) fn parse_decimal(v: &str) -> Option<Decimal> {
    let v = v.trim();
    if v.is_empty() || v.len() > 40 {
        return None;
    }
    let (neg, rest) = match v.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    if let Some(d) = small_decimal(rest) {
        return Some(if neg { -d } else { d });
    }
    if rest.is_empty()
        || !rest
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        || rest.bytes().filter(|b| *b == b'.' || *b == b',').count() > 1
        || !rest.bytes().any(|b| b.is_ascii_digit())
    {
        return None;
    }
    // A point or no mark, not first (nearly always): read as it is, without a copy.
    let d: Decimal = if !rest.starts_with('.') && !rest.contains(',') {
        rest.trim_end_matches('.').parse().ok()?
    } else {
        let norm = rest.replace(',', ".");
        let norm = if let Some(r) = norm.strip_prefix('.') {
            format!("0.{r}")
        } else {
            norm
        };
        norm.trim_end_matches('.').parse().ok()?
    };
    Some(if neg { -d } else { d })
}

/// A DTM value in format `fmt`: the day and, for a 718 range, the last day.
pub(super) fn parse_date(v: &str, fmt: Option<&str>) -> Option<(NaiveDate, Option<NaiveDate>)> {
    let ymd = |s: &str| -> Option<NaiveDate> {
        if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        // Eight digits: what `%Y%m%d` reads, without chrono's format parser.
        let [y1, y2, y3, y4, m1, m2, d1, d2] = <[u8; 8]>::try_from(s.as_bytes()).ok()?;
        let n = |digits: &[u8]| {
            digits
                .iter()
                .fold(0u32, |acc, &b| acc * 10 + u32::from(b - b'0'))
        };
        let year = i32::try_from(n(&[y1, y2, y3, y4])).ok()?;
        NaiveDate::from_ymd_opt(year, n(&[m1, m2]), n(&[d1, d2]))
    };
    let yymmdd = |s: &str| -> Option<NaiveDate> {
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let yy: i32 = s.get(0..2)?.parse().ok()?;
        let year = if yy < 50 { 2000 + yy } else { 1900 + yy };
        NaiveDate::from_ymd_opt(year, s.get(2..4)?.parse().ok()?, s.get(4..6)?.parse().ok()?)
    };
    let time_ok = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    match fmt.map(str::trim) {
        Some("102") => ymd(v).map(|d| (d, None)),
        Some("101") => yymmdd(v).map(|d| (d, None)),
        Some("203") | Some("204") | Some("205") => {
            let (day, time) = (v.get(0..8)?, v.get(8..)?);
            time_ok(time).then_some(())?;
            ymd(day).map(|d| (d, None))
        }
        Some("718") => {
            let (a, b) = match v.split_once('-') {
                Some(ab) => ab,
                None => (v.get(0..8)?, v.get(8..)?),
            };
            Some((ymd(a)?, Some(ymd(b)?)))
        }
        Some(_) => None,
        None => match v.len() {
            6 => yymmdd(v).map(|d| (d, None)),
            8 => ymd(v).map(|d| (d, None)),
            12 | 14 => {
                time_ok(v).then_some(())?;
                ymd(v.get(0..8)?).map(|d| (d, None))
            }
            _ => None,
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Code tables
// ---------------------------------------------------------------------------------------------

pub(super) fn ref_kind(q: &str) -> ReferenceKind {
    match q {
        "CT" => ReferenceKind::Contract,
        "AAG" => ReferenceKind::Quote,
        "ON" => ReferenceKind::PurchaseOrder,
        "BO" => ReferenceKind::BlanketOrder,
        "IV" => ReferenceKind::Invoice,
        "DQ" => ReferenceKind::DeliveryNote,
        "AAK" => ReferenceKind::Shipment,
        "AEP" => ReferenceKind::Project,
        other => ReferenceKind::Other(other.to_owned()),
    }
}

/// The RFF 1153 qualifier of a reference kind; `None` when it has none.
pub(super) fn ref_code(k: &ReferenceKind) -> Option<&str> {
    Some(match k {
        ReferenceKind::Contract => "CT",
        ReferenceKind::Quote => "AAG",
        ReferenceKind::PurchaseOrder => "ON",
        ReferenceKind::BlanketOrder => "BO",
        ReferenceKind::Invoice => "IV",
        ReferenceKind::DeliveryNote => "DQ",
        ReferenceKind::Shipment => "AAK",
        ReferenceKind::Project => "AEP",
        ReferenceKind::Requisition | ReferenceKind::CostCenter => return None,
        ReferenceKind::Other(s) => {
            let ok = (1..=3).contains(&s.len())
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
            return ok.then_some(s.as_str());
        }
    })
}

pub(super) fn agency_scheme(agency: Option<&str>) -> String {
    match agency {
        Some("9") => "gln".into(),
        Some("16") => "duns".into(),
        Some("92") => "buyer_assigned".into(),
        Some("91") => "seller_assigned".into(),
        None => "mutually_defined".into(),
        Some(other) => format!("agency:{other}"),
    }
}

/// The C082 3055 agency of a scheme: `Some(None)` when written without agency, `None` when
/// the scheme cannot be written in NAD.
pub(super) fn scheme_agency(scheme: &str) -> Option<Option<&str>> {
    Some(Some(match scheme {
        "gln" | "GLN" => "9",
        "duns" | "DUNS" => "16",
        "buyer_assigned" => "92",
        "seller_assigned" => "91",
        "mutually_defined" => return Some(None),
        other => match other.strip_prefix("agency:") {
            Some(a) if !a.is_empty() && a.len() <= 3 => a,
            _ => return None,
        },
    }))
}

fn contact_role(code: &str) -> String {
    match code {
        "PD" => "purchasing".into(),
        "IC" => "information".into(),
        "OC" => "order".into(),
        "AP" => "accounts_payable".into(),
        "DL" => "delivery".into(),
        other => other.to_owned(),
    }
}

pub(super) fn role_code(role: Option<&str>) -> &str {
    match role {
        Some("purchasing") => "PD",
        Some("order") => "OC",
        Some("accounts_payable") => "AP",
        Some("delivery") => "DL",
        _ => "IC",
    }
}

fn charge_code(c: &str) -> String {
    match c {
        "FC" => "freight".into(),
        "DI" => "discount".into(),
        "TX" => "tax".into(),
        other => other.to_owned(),
    }
}

pub(super) fn charge_code_out(c: &str) -> Option<&str> {
    match c {
        "freight" => Some("FC"),
        "discount" => Some("DI"),
        "tax" => Some("TX"),
        other
            if (1..=3).contains(&other.len())
                && other.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            Some(other)
        }
        _ => None,
    }
}

pub(super) fn tax_category(t: &str) -> TaxCategory {
    match t {
        "VAT" => TaxCategory::Vat,
        "GST" => TaxCategory::Gst,
        "LOC" | "STT" => TaxCategory::Sales,
        "EXC" => TaxCategory::Excise,
        other => TaxCategory::Other(other.to_owned()),
    }
}

pub(super) fn tax_type_code(c: Option<&TaxCategory>) -> &str {
    match c {
        Some(TaxCategory::Vat) | None => "VAT",
        Some(TaxCategory::Gst) => "GST",
        Some(TaxCategory::Sales) => "LOC",
        Some(TaxCategory::Excise) => "EXC",
        Some(TaxCategory::Use) | Some(TaxCategory::Withholding) => "OTH",
        Some(TaxCategory::Other(s)) if s.len() == 3 => s,
        Some(TaxCategory::Other(_)) => "OTH",
    }
}

// ---------------------------------------------------------------------------------------------
// The generic reading of a message body
// ---------------------------------------------------------------------------------------------

/// Values by qualifier code for the few a LIN group has (QTY, PRI, MOA, DTM): a `Vec` kept
/// sorted by code, where a `BTreeMap` would allocate a node of eleven slots for each map of each
/// line (tens of megabytes on a message of 16,000 lines). The codes are [`Qualifier`]s, inline
/// up to 7 bytes: a line's quantity or date costs no allocation for its code. Lookups,
/// iteration and `values().next()` keep the `BTreeMap`'s key order.
#[derive(Debug, Clone)]
pub(super) struct Codes<V>(Vec<(Qualifier, V)>);

impl<V> Default for Codes<V> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<V> Codes<V> {
    #[inline]
    fn find(&self, code: &str) -> Result<usize, usize> {
        // Bytes, not text: the same order without a UTF-8 check of each inline code.
        self.0
            .binary_search_by(|(k, _)| k.as_bytes().cmp(code.as_bytes()))
    }

    /// The value of `code`.
    #[inline]
    pub fn get(&self, code: &str) -> Option<&V> {
        let i = self.find(code).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }

    /// How many codes have a value.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether `code` has a value.
    #[inline]
    pub fn contains_key(&self, code: &str) -> bool {
        self.find(code).is_ok()
    }

    /// Sets the value of `code`, replacing any before (the code is copied only when new).
    pub fn insert(&mut self, code: &str, value: V) {
        match self.find(code) {
            Ok(i) => {
                if let Some(slot) = self.0.get_mut(i) {
                    slot.1 = value;
                }
            }
            Err(i) => self.put(i, code, value),
        }
    }

    /// Sets the value of `code` unless it has one (the first one wins).
    pub fn insert_first(&mut self, code: &str, value: V) {
        if let Err(i) = self.find(code) {
            self.put(i, code, value);
        }
    }

    /// Inserts at `i`; the first value gets room for one (most lines have one quantity, one
    /// price, one date), not the four a first push reserves.
    fn put(&mut self, i: usize, code: &str, value: V) {
        if self.0.capacity() == 0 {
            self.0.reserve_exact(1);
        }
        self.0.insert(i, (Qualifier::new(code), value));
    }

    /// The values, in code order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

impl<'a, V> IntoIterator for &'a Codes<V> {
    type Item = (&'a str, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (Qualifier, V)>,
        fn(&'a (Qualifier, V)) -> (&'a str, &'a V),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

/// A qualifier code (1153, 2005…), held inline when it is up to 7 bytes (the standard's codes
/// are up to three): a line's last reference costs no allocation.
#[derive(Debug, Clone)]
pub(super) enum Qualifier {
    Inline(model::ids::Inline<7>),
    Long(String),
}

impl Qualifier {
    pub fn new(q: &str) -> Self {
        model::ids::Inline::new(q).map_or_else(|| Self::Long(q.to_owned()), Self::Inline)
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Inline(q) => q.as_str(),
            Self::Long(q) => q,
        }
    }

    /// The code's bytes (comparing them orders codes as their text does).
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Inline(q) => q.as_bytes(),
            Self::Long(q) => q.as_bytes(),
        }
    }
}

/// A party read from a NAD group.
#[derive(Debug, Clone, Default)]
pub(super) struct NadParty {
    pub qualifier: String,
    pub party: Party,
}

/// Product identification, quantities, prices and amounts of a LIN group.
#[derive(Debug, Clone, Default)]
pub(super) struct Line {
    pub pos: usize,
    pub number: Option<u32>,
    /// LIN 1082 as written, kept only when it differs from the line number written plainly
    /// (kept: `01`, `A1`, ` 1`; not kept: `1`): an order line's `buyer_line_id`.
    pub raw_id: Option<String>,
    pub action: Option<String>,
    pub gtin: Option<Gtin>,
    pub supplier_part: Option<String>,
    pub buyer_part: Option<String>,
    pub manufacturer_part: Option<String>,
    pub batch: Option<String>,
    pub serials: Vec<String>,
    pub description: Option<String>,
    /// QTY 6063 → (quantity, unit).
    pub qty: Codes<(Decimal, Option<UnitOfMeasure>)>,
    /// PRI 5125 → unit price (divided by the basis).
    pub prices: Codes<Decimal>,
    pub price_unit: Option<UnitOfMeasure>,
    /// MOA 5025 → amount.
    pub moa: Codes<Decimal>,
    pub dates: Codes<NaiveDate>,
    /// The qualifier of the line's last RFF (a `DTM+171` dates it). A line's references are
    /// its extrinsics: `ref:<qualifier>` and `ref:<qualifier>:line` (the first of each) and
    /// `ref:<qualifier>:date` (the last).
    pub last_ref: Option<Qualifier>,
    pub taxes: Vec<Tax>,
    pub charges: Vec<Charge>,
    pub comments: Vec<(String, String)>,
    pub extrinsics: Extrinsics,
    /// Index into [`Body::packages`] of the CPS this line was in.
    pub package: Option<usize>,
    pub ship_to: Option<Box<Party>>,
}

/// A CPS package level (DESADV).
#[derive(Debug, Clone, Default)]
pub(super) struct Pkg {
    pub cps: Option<String>,
    pub parent: Option<String>,
    pub package_type: Option<String>,
    pub count: Option<Decimal>,
    pub weight: Option<(Decimal, UnitOfMeasure)>,
    pub dims: BTreeMap<String, (Decimal, UnitOfMeasure)>,
    pub sscc: Vec<String>,
    pub tracking: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Body {
    pub bgm_code: Option<String>,
    pub number: Option<String>,
    pub function: Option<String>,
    pub response_type: Option<String>,
    pub dates: BTreeMap<String, NaiveDate>,
    pub date_ends: BTreeMap<String, NaiveDate>,
    pub refs: Vec<Reference>,
    pub parties: Vec<NadParty>,
    pub currency: Option<CurrencyCode>,
    pub taxes: Vec<Tax>,
    pub charges: Vec<Charge>,
    pub payment_terms: Option<PaymentTerms>,
    pub comments: Vec<(String, String)>,
    pub carrier: Option<String>,
    pub carrier_code: Option<String>,
    pub transport_ref: Option<String>,
    /// The lines ([`read_body`]; empty after [`read_body_lines`] and [`read_lines`], which hand
    /// them out).
    pub lines: Vec<Line>,
    /// The line being read (its LIN group is not over).
    line: Option<Line>,
    /// How many LIN segments so far.
    pub line_count: usize,
    pub packages: Vec<Pkg>,
    /// A header MEA weight (DESADV).
    pub header_weight: Option<(Decimal, UnitOfMeasure)>,
    pub summary_moa: BTreeMap<String, Decimal>,
    pub cnt_pos: Option<(usize, Decimal)>,
    pub extrinsics: Extrinsics,
    pub unt_pos: usize,
}

/// What a dependent segment (RFF, DTM, MOA, PCD, COM…) attaches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    Header,
    HeaderRef,
    Party,
    PartyRef,
    Contact,
    HeaderTax,
    HeaderCharge,
    Terms,
    Line,
    LineRef,
    LineTax,
    LineCharge,
    Package,
    Summary,
    SummaryTax,
    Other,
}

impl Body {
    pub fn party(&self, q: &str) -> Option<Party> {
        self.parties
            .iter()
            .find(|p| p.qualifier == q)
            .map(|p| p.party.clone())
    }

    pub fn first_party(&self, qs: &[&str]) -> Option<Party> {
        qs.iter().find_map(|q| self.party(q))
    }

    pub fn reference(&self, kind: &ReferenceKind) -> Option<&Reference> {
        self.refs.iter().find(|r| &r.kind == kind)
    }

    /// Extrinsics for NAD groups of qualifiers not in `mapped`.
    pub fn other_parties(&self, mapped: &[&str], out: &mut Extrinsics) {
        for p in &self.parties {
            if mapped.contains(&p.qualifier.as_str()) {
                continue;
            }
            let v = p
                .party
                .name
                .clone()
                .or_else(|| p.party.identifiers.first().map(|i| i.value.clone()));
            if let Some(v) = v {
                out.entry(format!("party:{}", p.qualifier)).or_insert(v);
            }
        }
    }

    /// Header comments of all subjects but `except`.
    pub fn comments_except(&self, except: &str) -> Vec<String> {
        self.comments
            .iter()
            .filter(|(s, _)| s != except)
            .map(|(_, t)| t.clone())
            .collect()
    }

    /// Header dates not consumed by a mapper, as extrinsics.
    pub fn date_extrinsics(&self, used: &[&str], out: &mut Extrinsics) {
        for (q, d) in &self.dates {
            if used.contains(&q.as_str()) {
                continue;
            }
            out.insert(date_name(q), model::date::iso(d));
        }
        for (q, d) in &self.date_ends {
            out.insert(format!("{}_end", date_name(q)), model::date::iso(d));
        }
    }
}

/// The pieces one after the other (a key such as `ref:ON`, built for every line: `format!`
/// costs several times as much).
pub(super) fn joined(pieces: &[&str]) -> String {
    let mut out = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for p in pieces {
        out.push_str(p);
    }
    out
}

/// Calls `f` with `pieces` joined, built on the stack when it fits (a line's `ref:PD` name is
/// looked up for every line, and allocated only by [`Extrinsics::insert_first`] when new).
pub(super) fn with_joined<R>(pieces: &[&str], f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 64];
    let mut n = 0;
    for p in pieces {
        let end = n + p.len();
        let Some(slot) = buf.get_mut(n..end) else {
            return f(&joined(pieces));
        };
        slot.copy_from_slice(p.as_bytes());
        n = end;
    }
    // Whole `str`s one after the other are UTF-8; were they not, the name is made on the heap.
    match std::str::from_utf8(buf.get(..n).unwrap_or_default()) {
        Ok(name) => f(name),
        Err(_) => f(&joined(pieces)),
    }
}

pub(super) fn date_name(q: &str) -> String {
    match q {
        "2" => "requested_delivery_date".into(),
        "10" => "requested_ship_date".into(),
        "63" => "deliver_not_after".into(),
        "64" => "deliver_not_before".into(),
        "61" => "cancel_after".into(),
        other => joined(&["date:", other]),
    }
}

/// Reads the body: checks BGM and collects the groups, the lines into [`Body::lines`].
pub(super) fn read_body(cx: &mut Cx, segs: Segs<'_>, want_bgm: &[&str]) -> Body {
    // Room for every line at once: a `Line` is large, and growing the Vec by doubling would
    // copy the lines read so far and leave up to half its capacity unused.
    let mut lines = Vec::with_capacity(segs.lin_count());
    let mut b = read_body_lines(cx, segs, want_bgm, &mut |l| lines.push(l));
    b.lines = lines;
    b
}

/// [`read_body`], handing each line to `on_line` once it is complete (at the next LIN and at
/// the end) instead of keeping it: [`Body::lines`] stays empty. A reader that turns lines
/// into its own holds one [`Line`] at a time, not every line and every result at once.
pub(super) fn read_body_lines(
    cx: &mut Cx,
    segs: Segs<'_>,
    want_bgm: &[&str],
    on_line: &mut dyn FnMut(Line),
) -> Body {
    let mut r = BodyReader::new(segs.len());
    cx.room = cx.room.max(segs.len());
    r.read(cx, segs, 0..segs.len(), false, want_bgm, on_line);
    r.finish(cx, on_line)
}

/// How a long message body may be read on several threads ([`read_lines`]).
#[derive(Clone, Copy, Debug)]
pub(super) struct Parallel {
    /// Threads to read on, this one included (1: this one only).
    pub threads: usize,
    /// The fewest body segments a thread is given: a shorter body is read on this thread.
    pub min_segments: usize,
}

impl Parallel {
    /// One thread: the body is read where it is called.
    pub const NONE: Parallel = Parallel {
        threads: 1,
        min_segments: usize::MAX,
    };

    /// Up to `threads` threads, each given at least 8,192 segments (about a millisecond of
    /// reading: less is not worth a thread).
    pub fn threads(threads: usize) -> Parallel {
        Parallel {
            threads,
            min_segments: 8192,
        }
    }
}

/// A run of LIN groups read on a thread of its own ([`read_lines`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Part {
    /// Body segment indexes (0-based): from a LIN to the next part's LIN, or to the first UNS
    /// after the first cut (or the end of the body).
    pub range: Range<usize>,
    /// The LIN segments before the range.
    pub lines_before: usize,
    /// The LIN segments in the range.
    lines: usize,
    /// Whether a BGM comes before the range (a BGM in it is then "a second BGM").
    saw_bgm: bool,
}

/// The parts a body is cut into, one at each of `targets` (ascending body segment indexes):
/// the first LIN at or after it. The parts end at the first UNS after the first cut. No part
/// when the body has a CPS before that (the lines would be in a package: DESADV) or no LIN
/// at or after the first target.
pub(super) fn plan(segs: Segs<'_>, targets: &[usize]) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::with_capacity(targets.len());
    let mut lines = 0usize;
    let mut saw_bgm = false;
    let mut end = segs.len();
    let mut next = targets.iter().peekable();
    for i in 0..segs.len() {
        match &segs.tag3_at(i) {
            b"LIN" => {
                let mut cut = false;
                while next.next_if(|&&t| t <= i).is_some() {
                    cut = true;
                }
                if cut {
                    if let Some(p) = parts.last_mut() {
                        p.range.end = i;
                        p.lines = lines - p.lines_before;
                    }
                    parts.push(Part {
                        range: i..i,
                        lines_before: lines,
                        lines: 0,
                        saw_bgm,
                    });
                }
                lines += 1;
            }
            b"BGM" => saw_bgm = true,
            b"CPS" => return Vec::new(),
            b"UNS" if !parts.is_empty() => {
                end = i;
                break;
            }
            _ => {}
        }
    }
    if let Some(p) = parts.last_mut() {
        p.range.end = end;
        p.lines = lines - p.lines_before;
    }
    parts
}

/// The parts [`read_lines`] reads `segs` in with `par`: at most one for each thread but this
/// one, cut near even shares of the segments (fewer when targets fall on the same LIN or after
/// the last one); none when a part, or the segments before the first, would be fewer than
/// `par.min_segments`.
fn plan_parallel(segs: Segs<'_>, par: Parallel) -> Vec<Part> {
    let n = segs.len();
    let threads = par.threads.min(n / par.min_segments.max(1));
    if threads < 2 {
        return Vec::new();
    }
    let targets: Vec<usize> = (1..threads).map(|k| k * n / threads).collect();
    let parts = plan(segs, &targets);
    let first = parts.first().map_or(0, |p| p.range.start);
    if first < par.min_segments || parts.iter().any(|p| p.range.len() < par.min_segments) {
        return Vec::new();
    }
    parts
}

/// What a thread made of a [`Part`] (its lines went through [`Batches`]).
struct PartRead {
    cx: Cx,
    lines_cx: Cx,
    /// The last part's last line, whose group the segments after the part may still add to.
    open: Option<Line>,
    line_count: usize,
    ctx: Ctx,
}

/// Lines a run hands over at a time ([`Batches`]).
const BATCH: usize = 256;

/// How a run's thread hands its lines to the calling thread: in batches of [`BATCH`] as they
/// are made (`full`), the caller sending each batch back empty once it has moved the lines
/// into the document (`empty`), where the run takes it to fill again before making a new one.
/// A run that the caller drains while it reads (the first, once the caller has read its own
/// share) so fills a few batches of fresh memory instead of all its lines (fresh memory costs a
/// page fault per page; 8,000 order lines are 3 MB); a run not drained yet holds its lines in
/// batches, as many as it made. The sender closes when the run ends, whether it read its part,
/// gave up or panicked.
struct Batches<T> {
    full: mpsc::Sender<Vec<T>>,
    empty: mpsc::Receiver<Vec<T>>,
}

impl<T> Batches<T> {
    /// Adds `line` to `batch`, handing the batch over when it is full.
    fn push(&self, batch: &mut Vec<T>, line: T) {
        batch.push(line);
        if batch.len() >= BATCH {
            let next = self
                .empty
                .try_recv()
                .unwrap_or_else(|_| Vec::with_capacity(BATCH));
            // A caller that is gone no longer wants the lines.
            let _ = self.full.send(std::mem::replace(batch, next));
        }
    }
}

/// Reads the LIN groups of `part` as [`read_body_lines`] would have read them, handing the
/// lines over through `out`, or `None` when a segment in it is not a line's own
/// ([`BodyReader::line_own`]). The caller then drops the lines it was handed and reads the
/// part itself.
fn read_part<T>(
    segs: Segs<'_>,
    part: &Part,
    last: bool,
    want_bgm: &[&str],
    to_line: &(dyn Fn(&mut Cx, Line) -> T + Sync),
    out: Batches<T>,
) -> Option<PartRead> {
    let mut r = BodyReader::new(segs.len());
    r.b.line_count = part.lines_before;
    r.saw_bgm = part.saw_bgm;
    // The first segment is a LIN, which starts a line whatever came before.
    r.ctx = Ctx::Line;
    let mut cx = Cx {
        issues: Vec::new(),
        room: segs.len(),
    };
    let mut lines_cx = Cx::default();
    let mut batch = Vec::with_capacity(BATCH.min(part.lines));
    let mut push = |l| out.push(&mut batch, to_line(&mut lines_cx, l));
    if !r.read(&mut cx, segs, part.range.clone(), true, want_bgm, &mut push) {
        return None;
    }
    if !last {
        // The next part's LIN ends this line.
        r.end_line(&mut push);
    }
    if !batch.is_empty() {
        let _ = out.full.send(batch);
    }
    let open = r.b.line.take();
    Some(PartRead {
        cx,
        lines_cx,
        open,
        line_count: r.b.line_count,
        ctx: r.ctx,
    })
}

/// [`read_body_lines`] turning each complete line into a `T` with `to_line` (its issues in
/// `lines_cx`) pushed on `lines`. A long body is read on up to `par.threads` threads: its
/// LIN groups are cut into runs ([`plan_parallel`]) read at once by [`read_part`] while this thread
/// reads the header, and put back in order. Whatever the split, the body, the lines and the
/// issues are those [`read_body_lines`] gives: a run is read on its own only when the state a
/// LIN group is read in (the line count, whether a BGM came before, no package) is known from
/// the tags before it, and its segments only add to its lines; a run that is not like that is
/// read again on this thread, in order.
pub(super) fn read_lines<T: Send>(
    cx: &mut Cx,
    segs: Segs<'_>,
    want_bgm: &[&str],
    lines_cx: &mut Cx,
    lines: &mut Vec<T>,
    to_line: &(dyn Fn(&mut Cx, Line) -> T + Sync),
    par: Parallel,
) -> Body {
    read_lines_in(
        cx,
        segs,
        want_bgm,
        lines_cx,
        lines,
        to_line,
        plan_parallel(segs, par),
    )
}

/// [`read_lines`] in the parts given.
pub(super) fn read_lines_in<T: Send>(
    cx: &mut Cx,
    segs: Segs<'_>,
    want_bgm: &[&str],
    lines_cx: &mut Cx,
    lines: &mut Vec<T>,
    to_line: &(dyn Fn(&mut Cx, Line) -> T + Sync),
    parts: Vec<Part>,
) -> Body {
    let mut r = BodyReader::new(segs.len());
    cx.room = cx.room.max(segs.len());
    // Without parts: the whole body here, and no thread.
    let first = parts.first().map_or(segs.len(), |p| p.range.start);
    let end = parts.last().map_or(first, |p| p.range.end);
    std::thread::scope(|scope| {
        let count = parts.len();
        let running: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(k, part)| {
                let (full, full_rx) = mpsc::channel();
                let (empty_tx, empty) = mpsc::channel();
                let out = Batches { full, empty };
                let run = scope
                    .spawn(move || read_part(segs, part, k + 1 == count, want_bgm, to_line, out));
                (full_rx, empty_tx, run)
            })
            .collect();
        r.read(cx, segs, 0..first, false, want_bgm, &mut |l| {
            lines.push(to_line(lines_cx, l));
        });
        if count > 0 {
            // The first part's LIN ends the line being read.
            r.end_line(&mut |l| lines.push(to_line(lines_cx, l)));
        }
        for (k, (part, (full, empty, run))) in parts.iter().zip(running).enumerate() {
            // The run's lines as they come, until it ends (its sender closes).
            let before = lines.len();
            for mut batch in full.iter() {
                lines.append(&mut batch);
                let _ = empty.send(batch);
            }
            match run.join().ok().flatten() {
                Some(mut read) => {
                    cx.issues.append(&mut read.cx.issues);
                    lines_cx.issues.append(&mut read.lines_cx.issues);
                    r.b.line = read.open;
                    r.b.line_count = read.line_count;
                    r.ctx = read.ctx;
                }
                None => {
                    lines.truncate(before);
                    let mut push = |l| lines.push(to_line(lines_cx, l));
                    r.read(cx, segs, part.range.clone(), false, want_bgm, &mut push);
                    if k + 1 < count {
                        r.end_line(&mut push);
                    }
                }
            }
        }
    });
    let mut push = |l| lines.push(to_line(lines_cx, l));
    r.read(cx, segs, end..segs.len(), false, want_bgm, &mut push);
    r.finish(cx, &mut push)
}

/// A body being read, one segment at a time ([`BodyReader::step`]): what has been read and
/// what the next segment attaches to.
struct BodyReader {
    b: Body,
    ctx: Ctx,
    /// The contact a COM attaches to: (party index, contact index).
    cur_contact: Option<(usize, usize)>,
    /// The CPS package level the lines are in (DESADV).
    pkg: Option<usize>,
    saw_bgm: bool,
}

impl BodyReader {
    /// A reader at the start of a body of `len` segments.
    fn new(len: usize) -> Self {
        Self {
            b: Body {
                unt_pos: len + 2,
                ..Body::default()
            },
            ctx: Ctx::Header,
            cur_contact: None,
            pkg: None,
            saw_bgm: false,
        }
    }

    /// Reads the body segments of `range` (0-based indexes) with [`BodyReader::step`]. `part`:
    /// a run of LIN groups read apart from the rest of the body ([`read_part`]), given up at
    /// the first segment that is not a line's own (`false`). One function for both, so that
    /// `step` is inlined once.
    fn read(
        &mut self,
        cx: &mut Cx,
        segs: Segs<'_>,
        range: Range<usize>,
        part: bool,
        want_bgm: &[&str],
        on_line: &mut dyn FnMut(Line),
    ) -> bool {
        for item in segs.iter_range(range) {
            if part && !self.line_own(&item) {
                return false;
            }
            self.step(cx, &item, want_bgm, on_line);
        }
        true
    }

    /// Hands out the line being read, as the next LIN would.
    fn end_line(&mut self, on_line: &mut dyn FnMut(Line)) {
        if let Some(l) = self.b.line.take() {
            on_line(l);
        }
    }

    /// Whether `item`, read next, only adds to the line being read: it is read in a line's
    /// context and is not a segment that could attach to the header or the summary (CUX, PAT,
    /// CNT, CPS, UNS, a first BGM). After a TDT or a NAD without qualifier, the context is not
    /// a line's. (A part holds no UNS and comes after no CPS, see [`plan`]; they are checked
    /// here as well, so that a part is never read wrong whatever its bounds.)
    #[inline]
    fn line_own(&self, item: &Item<'_>) -> bool {
        let in_line = matches!(
            self.ctx,
            Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge
        );
        in_line
            && match &item.seg().tag3() {
                b"CUX" | b"PAT" | b"CNT" | b"CPS" | b"UNS" => false,
                b"BGM" => self.saw_bgm,
                _ => true,
            }
    }

    /// Reads one body segment.
    #[inline(always)]
    fn step(
        &mut self,
        cx: &mut Cx,
        item: &Item<'_>,
        want_bgm: &[&str],
        on_line: &mut dyn FnMut(Line),
    ) {
        let Self {
            b,
            ctx: ctx_now,
            cur_contact: contact_now,
            pkg: pkg_now,
            saw_bgm: saw_bgm_now,
        } = self;
        let (mut ctx, mut cur_contact, mut pkg, mut saw_bgm) =
            (*ctx_now, *contact_now, *pkg_now, *saw_bgm_now);
        'seg: {
            let s = &item.seg();
            // On the tag's bytes: a decision tree, not a string comparison per arm.
            match &s.tag3() {
                b"BGM" => {
                    if saw_bgm {
                        cx.warn(s.loc(None, None), Some("14"), "A second BGM is ignored");
                        break 'seg;
                    }
                    saw_bgm = true;
                    if s.pos != 2 {
                        cx.warn(
                            s.loc(None, None),
                            None,
                            "BGM is not the first segment after UNH",
                        );
                    }
                    let code = s.c(1, 1);
                    b.bgm_code = code.map(str::to_owned);
                    if let Some(c) = code {
                        if !want_bgm.is_empty() && !want_bgm.contains(&c) {
                            cx.warn(
                                s.loc(Some(1), Some(1)),
                                Some(INVALID),
                                format!(
                                    "BGM document name code {c:?} is not one of {}; read anyway",
                                    want_bgm.join(", ")
                                ),
                            );
                        }
                    }
                    // D96A: C106 1004 in element 2; D01B also C106 (1004 first component).
                    b.number = s.c(2, 1).map(str::to_owned);
                    b.function = s.c(3, 1).map(str::to_owned);
                    b.response_type = s.c(4, 1).map(str::to_owned);
                    ctx = Ctx::Header;
                }
                b"DTM" => {
                    let Some((q, d, end)) = cx.dtm(s) else {
                        break 'seg;
                    };
                    match ctx {
                        Ctx::HeaderRef if q == "171" => {
                            if let Some(r) = b.refs.last_mut() {
                                r.date = Some(d);
                            }
                        }
                        Ctx::Terms if q == "13" => {
                            if let Some(t) = b.payment_terms.as_mut() {
                                t.due_date = Some(d);
                            }
                        }
                        Ctx::Line | Ctx::LineTax | Ctx::LineCharge => {
                            if let Some(l) = b.line.as_mut() {
                                l.dates.insert(q, d);
                            }
                        }
                        Ctx::LineRef => {
                            if let Some(l) = b.line.as_mut() {
                                if q == "171" {
                                    if let Some(r) = &l.last_ref {
                                        l.extrinsics.insert(
                                            format!("ref:{}:date", r.as_str()),
                                            model::date::iso(&d),
                                        );
                                    }
                                } else {
                                    l.dates.insert(q, d);
                                }
                            }
                        }
                        _ if b.line_count == 0 => {
                            if let Some(e) = end {
                                b.date_ends.insert(q.to_owned(), e);
                            }
                            if !b.dates.contains_key(q) {
                                b.dates.insert(q.to_owned(), d);
                            }
                        }
                        _ => {}
                    }
                }
                b"FTX" => {
                    let subject = s.c(1, 1).unwrap_or("").to_owned();
                    let text = s.comps(4).join(" ");
                    if text.is_empty() {
                        break 'seg;
                    }
                    match (ctx, b.line.as_mut()) {
                        (Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge, Some(l)) => {
                            l.comments.push((subject, text));
                        }
                        _ => b.comments.push((subject, text)),
                    }
                }
                b"RFF" => {
                    let (Some(q), Some(v)) = (s.c(1, 1), s.c(1, 2)) else {
                        cx.warn(
                            s.loc(Some(1), None),
                            Some(MISSING),
                            "RFF without qualifier or number; ignored",
                        );
                        break 'seg;
                    };
                    match ctx {
                        Ctx::Party | Ctx::PartyRef | Ctx::Contact => {
                            if let Some(p) = b.parties.last_mut() {
                                let scheme = match q {
                                    "VA" => "vat".to_owned(),
                                    "API" => "buyer_assigned".to_owned(),
                                    "IT" => "seller_assigned".to_owned(),
                                    "GN" => "government".to_owned(),
                                    "FC" => "fiscal".to_owned(),
                                    other => format!("ref:{other}"),
                                };
                                p.party.identifiers.push(Identifier::new(scheme, v));
                            }
                            ctx = Ctx::PartyRef;
                        }
                        Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge => {
                            if let Some(l) = b.line.as_mut() {
                                l.last_ref = Some(Qualifier::new(q));
                                with_joined(&["ref:", q], |n| {
                                    l.extrinsics.insert_first(n, || v.to_owned())
                                });
                                if let Some(line) = s.c(1, 3) {
                                    with_joined(&["ref:", q, ":line"], |n| {
                                        l.extrinsics.insert_first(n, || line.to_owned())
                                    });
                                }
                            }
                            ctx = Ctx::LineRef;
                        }
                        Ctx::Package if q == "CN" => {
                            if let Some(p) = pkg.and_then(|i| b.packages.get_mut(i)) {
                                p.tracking.get_or_insert_with(|| v.to_owned());
                            }
                        }
                        Ctx::Package => {
                            b.extrinsics
                                .entry(joined(&["ref:", q]))
                                .or_insert_with(|| v.to_owned());
                        }
                        _ => {
                            b.refs.push(Reference::new(ref_kind(q), v));
                            ctx = Ctx::HeaderRef;
                        }
                    }
                }
                b"NAD" => {
                    let q = s.c(1, 1);
                    let in_line = matches!(
                        ctx,
                        Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge
                    );
                    // In a line, only a delivery party is kept: the others are checked, not built.
                    let party = if in_line && q.is_some() && !matches!(q, Some("DP" | "ST")) {
                        check_nad(cx, s);
                        None
                    } else {
                        Some(read_nad(cx, s))
                    };
                    let Some(q) = q else {
                        cx.warn(
                            s.loc(Some(1), None),
                            Some(MISSING),
                            "NAD party function code qualifier (3035) is missing; ignored",
                        );
                        ctx = Ctx::Other;
                        break 'seg;
                    };
                    if in_line {
                        if let (Some(l), Some(party)) = (b.line.as_mut(), party) {
                            l.ship_to = Some(Box::new(party));
                        }
                        break 'seg;
                    }
                    b.parties.push(NadParty {
                        qualifier: q.to_owned(),
                        party: party.unwrap_or_default(),
                    });
                    cur_contact = None;
                    ctx = Ctx::Party;
                }
                b"CTA" => {
                    if matches!(ctx, Ctx::Party | Ctx::PartyRef | Ctx::Contact) {
                        let pi = b.parties.len().wrapping_sub(1);
                        if let Some(p) = b.parties.last_mut() {
                            let name = s.c(2, 2).or(s.c(2, 1)).map(str::to_owned);
                            p.party.contacts.push(Contact {
                                name,
                                role: s.c(1, 1).map(contact_role),
                                email: None,
                                phone: None,
                            });
                            cur_contact = Some((pi, p.party.contacts.len() - 1));
                            ctx = Ctx::Contact;
                        }
                    }
                }
                b"COM" => {
                    let (Some(v), Some(kind)) = (s.c(1, 1), s.c(1, 2)) else {
                        break 'seg;
                    };
                    if let (Ctx::Contact, Some((pi, ci))) = (ctx, cur_contact) {
                        if let Some(c) = b
                            .parties
                            .get_mut(pi)
                            .and_then(|p| p.party.contacts.get_mut(ci))
                        {
                            match kind {
                                "TE" if c.phone.is_none() => c.phone = Some(v.to_owned()),
                                "EM" if c.email.is_none() => c.email = Some(v.to_owned()),
                                _ => {}
                            }
                        }
                    }
                }
                b"CUX" if b.currency.is_none() => {
                    b.currency = cx.currency(s, 1, 2);
                }
                b"PAT" => {
                    let t = b.payment_terms.get_or_insert_with(PaymentTerms::default);
                    let kind = s.c(1, 1);
                    // C112: 2475 time reference, 2009 relation, 2151 period type, 2152 count.
                    let period = s.c(3, 3);
                    let n = s.c(3, 4).and_then(|v| v.parse::<u32>().ok());
                    if let Some(d) = s.c(2, 4) {
                        t.description.get_or_insert_with(|| d.to_owned());
                    }
                    match (kind, period, n) {
                        (Some("22"), Some("D"), Some(n)) => t.discount_days = Some(n),
                        (_, Some("D"), Some(n)) => t.net_days = Some(n),
                        (_, Some(p), Some(n)) => {
                            t.description
                                .get_or_insert_with(|| format!("{n} period(s) of {p}"));
                        }
                        _ => {}
                    }
                    ctx = Ctx::Terms;
                }
                b"PCD" => {
                    let pct = cx.dec(s, 1, 2, "percentage");
                    match ctx {
                        Ctx::Terms => {
                            if let Some(t) = b.payment_terms.as_mut() {
                                t.discount_percent = pct;
                            }
                        }
                        Ctx::HeaderCharge => {
                            if let Some(c) = b.charges.last_mut() {
                                c.percent = pct;
                            }
                        }
                        Ctx::LineCharge => {
                            if let Some(c) = b.line.as_mut().and_then(|l| l.charges.last_mut()) {
                                c.percent = pct;
                            }
                        }
                        _ => {}
                    }
                }
                b"TAX" => {
                    let tax = read_tax(cx, s);
                    match ctx {
                        Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge => {
                            if let Some(l) = b.line.as_mut() {
                                l.taxes.push(tax);
                            }
                            ctx = Ctx::LineTax;
                        }
                        Ctx::HeaderCharge => {
                            // A tax of the allowance/charge: not mapped.
                        }
                        Ctx::Summary | Ctx::SummaryTax => {
                            b.taxes.push(tax);
                            ctx = Ctx::SummaryTax;
                        }
                        _ => {
                            b.taxes.push(tax);
                            ctx = Ctx::HeaderTax;
                        }
                    }
                }
                b"ALC" => {
                    let charge = read_alc(cx, s);
                    match ctx {
                        Ctx::Line | Ctx::LineRef | Ctx::LineTax | Ctx::LineCharge => {
                            if let Some(l) = b.line.as_mut() {
                                l.charges.push(charge);
                            }
                            ctx = Ctx::LineCharge;
                        }
                        Ctx::Summary | Ctx::SummaryTax => ctx = Ctx::Other,
                        _ => {
                            b.charges.push(charge);
                            ctx = Ctx::HeaderCharge;
                        }
                    }
                }
                b"MOA" => {
                    let (Some(q), Some(amt)) = (s.c(1, 1), cx.dec(s, 1, 2, "amount")) else {
                        break 'seg;
                    };
                    match ctx {
                        Ctx::HeaderTax | Ctx::SummaryTax => {
                            if let Some(t) = b.taxes.last_mut() {
                                set_tax_amount(t, q, amt);
                            }
                        }
                        Ctx::HeaderCharge => {
                            if let Some(c) = b.charges.last_mut() {
                                set_charge_amount(c, q, amt);
                            }
                        }
                        Ctx::LineTax => {
                            if let Some(t) = b.line.as_mut().and_then(|l| l.taxes.last_mut()) {
                                set_tax_amount(t, q, amt);
                            }
                        }
                        Ctx::LineCharge => {
                            if let Some(c) = b.line.as_mut().and_then(|l| l.charges.last_mut()) {
                                set_charge_amount(c, q, amt);
                            }
                        }
                        Ctx::Line | Ctx::LineRef => {
                            if let Some(l) = b.line.as_mut() {
                                l.moa.insert_first(q, amt);
                            }
                        }
                        Ctx::Summary => {
                            b.summary_moa.entry(q.to_owned()).or_insert(amt);
                        }
                        _ => {
                            b.summary_moa.entry(q.to_owned()).or_insert(amt);
                        }
                    }
                }
                b"TDT" => {
                    if b.line_count == 0 {
                        b.transport_ref = s.c(2, 1).map(str::to_owned);
                        b.carrier_code = s.c(5, 1).map(str::to_owned);
                        b.carrier = s.c(5, 4).map(str::to_owned);
                    }
                    ctx = Ctx::Other;
                }
                b"CPS" => {
                    b.packages.push(Pkg {
                        cps: s.c(1, 1).map(str::to_owned),
                        parent: s.c(2, 1).map(str::to_owned),
                        ..Pkg::default()
                    });
                    pkg = Some(b.packages.len() - 1);
                    ctx = Ctx::Package;
                }
                b"PAC" => {
                    if let Some(p) = pkg.and_then(|i| b.packages.get_mut(i)) {
                        if matches!(ctx, Ctx::Package) && p.package_type.is_none() {
                            p.package_type = s.c(3, 1).map(str::to_owned);
                            p.count = s.c(1, 1).and_then(parse_decimal);
                        }
                    }
                }
                b"MEA" if b.line_count == 0 && b.packages.is_empty() => {
                    // Header MEA (DESADV): the consignment's gross weight.
                    let dim = s.c(2, 1).unwrap_or("");
                    let unit = s.c(3, 1).and_then(|u| UnitOfMeasure::from_common(u).ok());
                    let v = cx.dec(s, 3, 2, "measurement value");
                    if let (true, Some(u), Some(v)) = (matches!(dim, "AAB" | "G" | "AAD"), unit, v)
                    {
                        b.header_weight.get_or_insert((v, u));
                    }
                }
                b"MEA" => {
                    if let (Ctx::Package, Some(p)) = (ctx, pkg.and_then(|i| b.packages.get_mut(i)))
                    {
                        let dim = s.c(2, 1).unwrap_or("");
                        let unit = s.c(3, 1).and_then(|u| UnitOfMeasure::from_common(u).ok());
                        let v = cx.dec(s, 3, 2, "measurement value");
                        if let (Some(u), Some(v)) = (unit, v) {
                            if matches!(dim, "AAB" | "G" | "AAD") {
                                p.weight.get_or_insert((v, u));
                            } else {
                                p.dims.insert(dim.to_owned(), (v, u));
                            }
                        }
                    }
                }
                b"GIN" => {
                    if let (Ctx::Package, Some(p)) = (ctx, pkg.and_then(|i| b.packages.get_mut(i)))
                    {
                        match s.c(1, 1) {
                            Some("BJ") => {
                                for e in 2..=6 {
                                    if let Some(v) = s.c(e, 1) {
                                        p.sscc.push(v.to_owned());
                                    }
                                }
                            }
                            Some("AW") | Some("BN") => {
                                p.tracking = s.c(2, 1).map(str::to_owned);
                            }
                            _ => {}
                        }
                    } else if let Some(l) = b.line.as_mut() {
                        match s.c(1, 1) {
                            Some("BX") => l.batch = s.c(2, 1).map(str::to_owned),
                            Some("BN") => {
                                for e in 2..=6 {
                                    if let Some(v) = s.c(e, 1) {
                                        l.serials.push(v.to_owned());
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                b"PCI" => {}
                b"LIN" => {
                    let line = read_lin(cx, s, b.line_count, pkg);
                    if let Some(done) = b.line.replace(line) {
                        on_line(done);
                    }
                    b.line_count += 1;
                    ctx = Ctx::Line;
                }
                b"PIA" => {
                    if let Some(l) = b.line.as_mut() {
                        for e in 2..=6 {
                            let (Some(v), code) = (s.c(e, 1), s.c(e, 2)) else {
                                continue;
                            };
                            product_id(cx, s, e, l, v, code.unwrap_or(""));
                        }
                    }
                }
                b"IMD" => {
                    if let Some(l) = b.line.as_mut() {
                        let text = [s.c(3, 4), s.c(3, 5)]
                            .into_iter()
                            .flatten()
                            .collect::<Vec<_>>()
                            .join(" ");
                        if !text.is_empty() {
                            match &mut l.description {
                                Some(d) if s.c(1, 1) == Some("F") || s.c(1, 1) == Some("A") => {
                                    d.push(' ');
                                    d.push_str(&text);
                                }
                                Some(_) => {}
                                None => l.description = Some(text),
                            }
                        }
                    }
                }
                b"QTY" => {
                    if let Some(l) = b.line.as_mut() {
                        let Some(q) = s.c(1, 1) else {
                            cx.warn(
                                s.loc(Some(1), Some(1)),
                                Some(MISSING),
                                "QTY qualifier (6063) is missing; ignored",
                            );
                            break 'seg;
                        };
                        let Some(v) = s.c(1, 2) else {
                            cx.error(
                                s.loc(Some(1), Some(2)),
                                Some(MISSING),
                                format!("QTY+{q} has no quantity"),
                            );
                            break 'seg;
                        };
                        let Some(d) = parse_decimal(v) else {
                            cx.error(
                                s.loc(Some(1), Some(2)),
                                Some(BAD_CHARS),
                                format!("QTY+{q} quantity {v:?} is not a number"),
                            );
                            break 'seg;
                        };
                        let unit = cx.unit(s, 1, 3);
                        l.qty.insert_first(q, (d, unit));
                    }
                }
                b"PRI" => {
                    if let Some(l) = b.line.as_mut() {
                        let q = s.c(1, 1).unwrap_or("AAA");
                        let Some(p) = cx.dec(s, 1, 2, "price") else {
                            break 'seg;
                        };
                        let basis = s.c(1, 5).and_then(parse_decimal);
                        let p = match basis {
                            Some(bq) if bq > Decimal::ZERO && bq != Decimal::ONE => {
                                p.checked_div(bq).unwrap_or(p).normalize()
                            }
                            _ => p,
                        };
                        if l.price_unit.is_none() {
                            l.price_unit =
                                s.c(1, 6).and_then(|u| UnitOfMeasure::from_common(u).ok());
                        }
                        l.prices.insert_first(q, p);
                    }
                }
                b"UNS" => {
                    ctx = Ctx::Summary;
                    pkg = None;
                }
                b"CNT" if s.c(1, 1) == Some("2") => {
                    if let Some(n) = cx.dec(s, 1, 2, "control value") {
                        b.cnt_pos = Some((s.pos, n));
                    }
                }
                b"LOC" | b"SCC" | b"QVR" | b"HAN" | b"ALI" | b"RNG" | b"DOC" | b"FII" | b"GIR"
                | b"QRS" | b"TOD" | b"EQD" | b"SEL" | b"INV" | b"STS" => {}
                b"UNH" | b"UNT" => {
                    cx.warn(
                        s.loc(None, None),
                        Some("14"),
                        format!("{} inside the message body; ignored", s.tag()),
                    );
                }
                _ => {}
            }
        }
        (*ctx_now, *contact_now, *pkg_now, *saw_bgm_now) = (ctx, cur_contact, pkg, saw_bgm);
    }

    /// The end of the body: the last line handed out, a missing BGM and a CNT that does not
    /// count the lines reported.
    fn finish(mut self, cx: &mut Cx, on_line: &mut dyn FnMut(Line)) -> Body {
        self.end_line(on_line);
        let Self { b, saw_bgm, .. } = self;
        if !saw_bgm {
            cx.error(
                Location {
                    segment: Some("BGM".into()),
                    segment_position: Some(2),
                    ..Location::default()
                },
                Some(MISSING),
                "BGM (beginning of message) is missing",
            );
        }
        if let Some((pos, n)) = b.cnt_pos {
            if n != Decimal::from(b.line_count) {
                cx.warn(
                    Location {
                        segment: Some("CNT".into()),
                        segment_position: Some(pos),
                        element: Some(1),
                        component: Some(2),
                        ..Location::default()
                    },
                    None,
                    format!("CNT+2 says {n} lines, the message has {}", b.line_count),
                );
            }
        }
        b
    }
}

/// The document number (BGM 1004): an error `13` when missing.
pub(super) fn require_number(cx: &mut Cx, b: &Body, what: &str) -> String {
    match &b.number {
        Some(n) => n.clone(),
        None => {
            if b.bgm_code.is_some() {
                cx.error(
                    Location {
                        segment: Some("BGM".into()),
                        segment_position: Some(2),
                        element: Some(2),
                        component: Some(1),
                        ..Location::default()
                    },
                    Some(MISSING),
                    format!("BGM {what} number (1004) is missing"),
                );
            }
            String::new()
        }
    }
}

fn set_tax_amount(t: &mut Tax, q: &str, amt: Decimal) {
    match q {
        "124" | "150" | "176" => {
            t.amount.get_or_insert(amt);
        }
        "125" => {
            t.taxable_amount.get_or_insert(amt);
        }
        _ => {}
    }
}

fn set_charge_amount(c: &mut Charge, q: &str, amt: Decimal) {
    if matches!(q, "8" | "23" | "204" | "25" | "131") && c.amount.is_none() {
        c.amount = Some(amt.abs());
    }
}

/// The checks of a NAD (a GLN that is not 13 digits), for a NAD that is read or ignored.
fn check_nad(cx: &mut Cx, s: &Seg<'_>) {
    if let Some(id) = s.c(2, 1) {
        if s.c(2, 3) == Some("9") && !(id.len() == 13 && id.bytes().all(|b| b.is_ascii_digit())) {
            cx.warn(
                s.loc(Some(2), Some(1)),
                Some(INVALID),
                format!("NAD GLN {id:?} is not 13 digits"),
            );
        }
    }
}

fn read_nad(cx: &mut Cx, s: &Seg<'_>) -> Party {
    check_nad(cx, s);
    let mut p = Party::default();
    if let Some(id) = s.c(2, 1) {
        let agency = s.c(2, 3);
        // Room for this one, not the four a first push makes: a line's delivery party in a
        // long message is one of thousands.
        p.identifiers = vec![Identifier::new(agency_scheme(agency), id)];
    }
    let c080 = s.comps(4);
    let c058 = s.comps(3);
    if !c080.is_empty() {
        p.name = Some(c080.join(" "));
        p.address_lines.extend(c058.iter().map(|v| (*v).to_owned()));
    } else if let Some((first, rest)) = c058.split_first() {
        p.name = Some((*first).to_owned());
        p.address_lines.extend(rest.iter().map(|v| (*v).to_owned()));
    }
    p.address_lines
        .extend(s.comps(5).iter().map(|v| (*v).to_owned()));
    p.city = s.c(6, 1).map(str::to_owned);
    p.region = s.c(7, 1).map(str::to_owned);
    p.postal_code = s.c(8, 1).map(str::to_owned);
    p.country = s.c(9, 1).map(str::to_owned);
    p
}

fn read_tax(cx: &mut Cx, s: &Seg<'_>) -> Tax {
    let rate = cx.dec(s, 5, 4, "tax rate");
    Tax {
        category: s.c(2, 1).map(tax_category),
        rate,
        taxable_amount: None,
        amount: None,
        description: s.c(2, 4).map(str::to_owned),
        jurisdiction: s.c(3, 1).map(str::to_owned),
    }
}

fn read_alc(cx: &mut Cx, s: &Seg<'_>) -> Charge {
    let indicator = match s.c(1, 1) {
        Some("A") => ChargeIndicator::Allowance,
        Some("C") => ChargeIndicator::Charge,
        other => {
            cx.warn(
                s.loc(Some(1), None),
                Some(if other.is_none() { MISSING } else { INVALID }),
                format!("ALC indicator (5463) {other:?} is not A or C; read as a charge"),
            );
            ChargeIndicator::Charge
        }
    };
    Charge {
        indicator,
        code: s.c(5, 1).map(charge_code),
        description: s.c(5, 4).map(str::to_owned),
        amount: None,
        percent: None,
    }
}

fn read_lin(cx: &mut Cx, s: &Seg<'_>, index: usize, pkg: Option<usize>) -> Line {
    let mut l = Line {
        pos: s.pos,
        package: pkg,
        ..Line::default()
    };
    let raw = s.c(1, 1);
    l.number = raw.and_then(|v| v.parse::<u32>().ok()).filter(|n| *n > 0);
    if l.number.is_none() {
        l.number = u32::try_from(index + 1).ok();
    }
    let mut digits = itoa::Buffer::new();
    if l.number.map(|n| digits.format(n)) != raw {
        l.raw_id = raw.map(str::to_owned);
    }
    l.action = s.c(2, 1).map(str::to_owned);
    if let Some(v) = s.c(3, 1) {
        let code = s.c(3, 2).unwrap_or("");
        product_id(cx, s, 3, &mut l, v, code);
    }
    l
}

fn product_id(cx: &mut Cx, s: &Seg<'_>, e: usize, l: &mut Line, v: &str, code: &str) {
    match code {
        "EN" | "UP" | "SRV" | "UA" | "EU" | "" => {
            if let Some(g) = cx.gtin(s, e, 1, v) {
                if l.gtin.is_none() {
                    l.gtin = Some(g);
                }
            } else if code.is_empty() {
                l.supplier_part.get_or_insert_with(|| v.to_owned());
            } else {
                cx.warn(
                    s.loc(Some(e), Some(1)),
                    Some(INVALID),
                    format!("{} item number {v:?} of type {code} is not a GTIN", s.tag()),
                );
                l.extrinsics
                    .insert(format!("product_id:{code}"), v.to_owned());
            }
        }
        "SA" => {
            l.supplier_part.get_or_insert_with(|| v.to_owned());
        }
        "IN" | "BP" => {
            l.buyer_part.get_or_insert_with(|| v.to_owned());
        }
        "MF" => {
            l.manufacturer_part.get_or_insert_with(|| v.to_owned());
        }
        "NB" => {
            l.batch.get_or_insert_with(|| v.to_owned());
        }
        "SN" => l.serials.push(v.to_owned()),
        other => {
            l.extrinsics
                .insert(format!("product_id:{other}"), v.to_owned());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Writer helpers
// ---------------------------------------------------------------------------------------------

/// Collects body segments and writer issues.
#[derive(Debug, Default)]
pub(super) struct Out {
    pub segs: Vec<MapSegment<'static>>,
    pub cx: Cx,
}

/// An element of components; empty trailing components are dropped when written.
pub(super) type El = Vec<String>;

pub(super) fn el<const N: usize>(comps: [&str; N]) -> El {
    comps.iter().map(|c| (*c).to_owned()).collect()
}

impl Out {
    /// Position the next segment will have (UNH = 1).
    pub fn next_pos(&self) -> usize {
        self.segs.len() + 2
    }

    pub fn seg(&mut self, tag: &str, elements: Vec<El>) {
        let mut elements: Vec<El> = elements
            .into_iter()
            .map(|mut e| {
                while e.last().is_some_and(String::is_empty) {
                    e.pop();
                }
                e
            })
            .collect();
        while elements.last().is_some_and(Vec::is_empty) {
            elements.pop();
        }
        let position = self.next_pos();
        let loc = |ei: usize, ci: usize| Location {
            segment: Some(tag.to_owned()),
            segment_position: Some(position),
            element: Some(ei + 1),
            component: Some(ci + 1),
            ..Location::default()
        };
        for (ei, e) in elements.iter().enumerate() {
            for (ci, v) in e.iter().enumerate() {
                if identifier(tag, ei + 1, ci + 1) && v.chars().any(char::is_control) {
                    // The syntax writer would turn a line break into a space: the partner
                    // would get another number.
                    self.cx.error(
                        loc(ei, ci),
                        None,
                        format!(
                            "{tag} element {} component {}: the identifier {v:?} holds a line \
                             break or control character, which it cannot carry unchanged",
                            ei + 1,
                            ci + 1
                        ),
                    );
                }
                let Some((max, numeric)) = max_len(tag, ei + 1, ci + 1) else {
                    continue;
                };
                let len = if numeric {
                    v.bytes().filter(u8::is_ascii_digit).count()
                } else {
                    v.chars().count()
                };
                if len > max {
                    self.cx.error(
                        loc(ei, ci),
                        None,
                        format!(
                            "{tag} element {} component {}: {v:?} is longer than the {} {max} \
                             the directory allows",
                            ei + 1,
                            ci + 1,
                            if numeric { "n.." } else { "an.." }
                        ),
                    );
                }
            }
        }
        self.segs.push(MapSegment {
            tag: Cow::Owned(tag.to_owned()),
            elements: elements
                .into_iter()
                .map(|e| e.into_iter().map(Cow::Owned).collect())
                .collect(),
            offset: None,
        });
    }

    /// An issue about the segment about to be written.
    pub fn issue(&mut self, sev: Severity, tag: &str, e: Option<usize>, path: &str, msg: String) {
        let loc = Location {
            segment: Some(tag.to_owned()),
            segment_position: Some(self.next_pos()),
            element: e,
            path: Some(path.to_owned()),
            ..Location::default()
        };
        self.cx.push(sev, loc, None, msg);
    }

    /// A text of at most `max` characters per component, in at most `n` components (split at
    /// spaces); an error when it does not fit.
    pub fn chunks(
        &mut self,
        text: &str,
        max: usize,
        n: usize,
        tag: &str,
        e: usize,
        path: &str,
    ) -> El {
        let parts = split_words(text, max);
        if parts.len() > n {
            self.issue(
                Severity::Error,
                tag,
                Some(e),
                path,
                format!(
                    "{path} is longer than {n} × {max} characters; cut ({} characters)",
                    text.chars().count()
                ),
            );
        }
        parts.into_iter().take(n).collect()
    }

    pub fn dtm(&mut self, q: &str, d: NaiveDate) {
        self.seg("DTM", vec![el([q, &d.format("%Y%m%d").to_string(), "102"])]);
    }

    pub fn rff(&mut self, q: &str, v: &str, date: Option<NaiveDate>) {
        self.seg("RFF", vec![el([q, v])]);
        if let Some(d) = date {
            self.dtm("171", d);
        }
    }

    pub fn references(&mut self, refs: &[Reference], path: &str) {
        for (i, r) in refs.iter().enumerate() {
            match ref_code(&r.kind) {
                Some(q) => {
                    let q = q.to_owned();
                    self.rff(&q, &r.value, r.date);
                }
                None => self.issue(
                    Severity::Error,
                    "RFF",
                    Some(1),
                    &format!("{path}[{i}].kind"),
                    format!(
                        "Reference kind {:?} has no RFF qualifier; not written",
                        r.kind.as_str()
                    ),
                ),
            }
        }
    }

    pub fn ftx(&mut self, subject: &str, text: &str, path: &str) {
        let comps = self.chunks(text, 70, 5, "FTX", 4, path);
        if comps.is_empty() {
            return;
        }
        self.seg("FTX", vec![el([subject]), vec![], vec![], comps]);
    }

    /// A NAD group: NAD, RFF VA (and other identifier refs), CTA/COM.
    pub fn nad(&mut self, q: &str, p: &Party, path: &str) {
        let mut id_el: El = Vec::new();
        let ids = &p.identifiers;
        let main = ids
            .iter()
            .find(|i| i.scheme.eq_ignore_ascii_case("gln"))
            .or_else(|| ids.iter().find(|i| scheme_agency(&i.scheme).is_some()));
        if let Some(id) = main {
            let agency = scheme_agency(&id.scheme).flatten().unwrap_or("");
            id_el = el([&id.value, "", agency]);
        }
        let name_el = match &p.name {
            Some(n) => self.chunks(n, 35, 5, "NAD", 4, &format!("{path}.name")),
            None => Vec::new(),
        };
        let mut street: El = Vec::new();
        for line in &p.address_lines {
            street.extend(self.chunks(line, 35, 4, "NAD", 5, &format!("{path}.address_lines")));
        }
        if street.len() > 4 {
            self.issue(
                Severity::Error,
                "NAD",
                Some(5),
                &format!("{path}.address_lines"),
                "More than 4 street lines; the rest is cut".into(),
            );
            street.truncate(4);
        }
        if id_el.is_empty() && name_el.is_empty() {
            self.issue(
                Severity::Error,
                "NAD",
                Some(2),
                path,
                "Party has neither an identifier NAD can carry nor a name".into(),
            );
        }
        let opt = |v: &Option<String>| el([v.as_deref().unwrap_or("")]);
        self.seg(
            "NAD",
            vec![
                el([q]),
                id_el,
                vec![],
                name_el,
                street,
                opt(&p.city),
                opt(&p.region),
                opt(&p.postal_code),
                opt(&p.country),
            ],
        );
        for id in ids {
            let q = match id.scheme.as_str() {
                "vat" | "VAT" => "VA",
                "government" => "GN",
                "fiscal" => "FC",
                other => match other.strip_prefix("ref:") {
                    Some(q) => q,
                    None => continue,
                },
            };
            let q = q.to_owned();
            self.rff(&q, &id.value, None);
        }
        // Identifiers NAD cannot carry (other than the one written).
        for (i, id) in ids.iter().enumerate() {
            let written = main.is_some_and(|m| std::ptr::eq(m, id))
                || matches!(id.scheme.as_str(), "vat" | "VAT" | "government" | "fiscal")
                || id.scheme.starts_with("ref:");
            if !written {
                self.cx.warn(
                    Location {
                        segment: Some("NAD".into()),
                        path: Some(format!("{path}.identifiers[{i}]")),
                        ..Location::default()
                    },
                    None,
                    format!("Second party identifier ({}) not written", id.scheme),
                );
            }
        }
        for c in &p.contacts {
            let name = c.name.as_deref().unwrap_or("");
            self.seg(
                "CTA",
                vec![el([role_code(c.role.as_deref())]), el(["", name])],
            );
            if let Some(ph) = &c.phone {
                self.seg("COM", vec![el([ph, "TE"])]);
            }
            if let Some(em) = &c.email {
                self.seg("COM", vec![el([em, "EM"])]);
            }
        }
    }

    pub fn qty(&mut self, q: &str, v: Decimal, unit: Option<&UnitOfMeasure>) {
        let u = unit.map(|u| u.as_str().to_owned()).unwrap_or_default();
        self.seg("QTY", vec![el([q, &num(v), &u])]);
    }

    pub fn moa(&mut self, q: &str, v: Decimal) {
        self.seg("MOA", vec![el([q, &num(v)])]);
    }

    pub fn tax(&mut self, t: &Tax, amounts: bool) {
        let rate = t.rate.map(num).unwrap_or_default();
        let cat = match t.category {
            Some(TaxCategory::Vat) | None if t.rate.is_some_and(|r| r.is_zero()) => "Z",
            _ => "S",
        };
        self.seg(
            "TAX",
            vec![
                el(["7"]),
                el([tax_type_code(t.category.as_ref())]),
                el([t.jurisdiction.as_deref().unwrap_or("")]),
                vec![],
                el(["", "", "", &rate]),
                el([if t.rate.is_some() { cat } else { "" }]),
            ],
        );
        if amounts {
            if let Some(a) = t.amount {
                self.moa("124", a);
            }
            if let Some(a) = t.taxable_amount {
                self.moa("125", a);
            }
        }
    }

    pub fn charge(&mut self, c: &Charge, path: &str) {
        let ind = match c.indicator {
            ChargeIndicator::Allowance => "A",
            ChargeIndicator::Charge => "C",
        };
        let code = match c.code.as_deref() {
            Some(code) => match charge_code_out(code) {
                Some(v) => v.to_owned(),
                None => {
                    self.issue(
                        Severity::Warning,
                        "ALC",
                        Some(5),
                        &format!("{path}.code"),
                        format!("Charge code {code:?} is not an EANCOM code; not written"),
                    );
                    String::new()
                }
            },
            None => String::new(),
        };
        let desc = c.description.as_deref().unwrap_or("");
        let desc = self.chunks(desc, 35, 1, "ALC", 5, &format!("{path}.description"));
        let mut c214 = el([&code, "", ""]);
        c214.extend(desc);
        self.seg("ALC", vec![el([ind]), vec![], vec![], vec![], c214]);
        if let Some(p) = c.percent {
            self.seg(
                "PCD",
                vec![el([if ind == "A" { "1" } else { "2" }, &num(p)])],
            );
        }
        if let Some(a) = c.amount {
            self.moa(if ind == "A" { "204" } else { "23" }, a);
        }
    }
}

/// The D96A/D01B maximum length of a component we write, and whether it is numeric (digits
/// counted without sign and decimal mark).
fn max_len(tag: &str, e: usize, c: usize) -> Option<(usize, bool)> {
    Some(match (tag, e, c) {
        ("BGM", 2, 1) | ("DTM", 1, 2) | ("RFF", 1, 2) => (35, false),
        ("RFF", 1, 3) => (6, false),
        ("FTX", 4, _) => (70, false),
        ("NAD", 2, 1) | ("NAD", 4, _) | ("NAD", 5, _) | ("NAD", 6, 1) => (35, false),
        ("NAD", 7, 1) | ("NAD", 8, 1) => (9, false),
        ("NAD", 9, 1) => (3, false),
        ("CTA", 2, 2) => (35, false),
        ("COM", 1, 1) => (512, false),
        ("LIN", 1, 1) => (6, true),
        ("LIN", 3, 1) | ("PIA", 2..=6, 1) | ("GIN", 2..=6, 1) => (35, false),
        ("IMD", 3, 4) | ("IMD", 3, 5) | ("ALC", 5, 4) | ("PAT", 2, 4) => (35, false),
        ("QTY", 1, 2) | ("PRI", 1, 2) => (15, true),
        ("MOA", 1, 2) | ("MEA", 3, 2) | ("RNG", 2, 2) | ("CNT", 1, 2) => (18, true),
        ("PCD", 1, 2) => (10, true),
        ("TDT", 2, 1) | ("TDT", 5, 1) | ("TAX", 5, 4) => (17, false),
        ("TDT", 5, 4) => (35, false),
        ("LOC", 2, 1) => (25, false),
        ("CPS", 1, 1) | ("CPS", 2, 1) => (12, false),
        ("PAC", 1, 1) => (8, true),
        _ => return None,
    })
}

/// Whether component `c` of element `e` of `tag` is an identifier the writers fill from the
/// model (document, reference, item, party and package numbers), which must reach the partner
/// unchanged.
fn identifier(tag: &str, e: usize, c: usize) -> bool {
    matches!(
        (tag, e, c),
        ("BGM", 2, 1)
            | ("RFF", 1, 2)
            | ("LIN", 3, 1)
            | ("PIA", 2..=6, 1)
            | ("GIN", 2..=6, 1)
            | ("NAD", 2, 1)
            | ("CPS", 1, 1)
    )
}

/// Splits text into chunks of at most `max` characters at spaces (a longer word is cut).
pub(super) fn split_words(text: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let mut word = word.to_owned();
        loop {
            let wl = word.chars().count();
            let cl = cur.chars().count();
            if cur.is_empty() && wl <= max {
                cur = word;
                break;
            }
            if !cur.is_empty() && cl + 1 + wl <= max {
                cur.push(' ');
                cur.push_str(&word);
                break;
            }
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            // A word longer than max.
            let head: String = word.chars().take(max).collect();
            let tail: String = word.chars().skip(max).collect();
            out.push(head);
            word = tail;
            if word.is_empty() {
                break;
            }
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// A decimal written normalised with `.` (`12.50` → `12.5`).
pub(super) fn num(d: Decimal) -> String {
    d.normalize().to_string()
}
