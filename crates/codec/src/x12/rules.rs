//! Segment and element rules for inbound transaction sets: mandatory segments, maximum use,
//! element presence, lengths, code lists, numbers, dates, and which product-id qualifiers carry
//! the supplier part number.
//!
//! The standard tables live in `schemas/x12/<version>/<set>.toml` and a partner may add its own
//! `<set>.toml` on top ([`merge`]). Both deserialise into [`SetRules`]; this module reads no
//! file. [`check`] turns a [`TransactionSet`] and its rules into located [`Issue`]s that follow
//! the conventions of [`super::map`], so that [`SetAck::from_issues`](super::SetAck::from_issues)
//! makes them AK3/AK4 (IK3/IK4):
//!
//! | Finding | Location | Code |
//! |---|---|---|
//! | Segment id not valid X12 (`beg`, `B-G`) | that segment | AK304 `1` |
//! | Segment not listed, when the rules are `closed` | that segment | AK304 `2` |
//! | Mandatory segment missing | the first later segment of the table present, else SE | AK304 `3` |
//! | Segment used more than `max_use` times | every occurrence after the last allowed | AK304 `5` |
//! | Mandatory element missing | segment + element | AK403 `1` |
//! | Shorter than `min` | segment + element | AK403 `4` |
//! | Longer than `max` | segment + element | AK403 `5` |
//! | Control character, not UTF-8, or not a number when `numeric` | segment + element | AK403 `6` |
//! | Not in `codes`; no supplier part with `part_qualifiers` | segment + element | AK403 `7` |
//! | Not a `CCYYMMDD` / `YYMMDD` date when `date` | segment + element | AK403 `8` |
//!
//! A segment with element errors and no segment code is written with AK304 `8` by the
//! acknowledgement builder. Segment positions count from ST = 1; element positions are 1-based.
//! Segment order and loops are not checked (presence, use count and elements only), so
//! `max_use` counts over the whole set: give it only to segments outside repeating loops.
//! Values are compared with surrounding spaces trimmed; the length of a `numeric` value counts
//! its digits only (no sign, no decimal point), as X12 does. One element gets at most one error:
//! the first of character, number, length, date, code.

use serde::Deserialize;

use super::segment::{valid_segment_id, Segment, TransactionSet};
use crate::{Issue, Location};

/// The rules of one transaction set (a standard table, a partner override, or both merged).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetRules {
    /// ST01 the rules are for (`850`); may be left out in a partner file (the file name says it).
    #[serde(default)]
    pub set: String,
    /// Product-id qualifiers that carry the supplier part number (`["VP", "VN"]`): every PO1
    /// (pairs from PO106) and POC (pairs from POC08) must have a non-empty id with one of them.
    /// `None` or empty: not checked.
    #[serde(default)]
    pub part_qualifiers: Option<Vec<String>>,
    /// Only listed segments may appear; any other gets AK304 `2`. `None` means `false`.
    #[serde(default)]
    pub closed: Option<bool>,
    /// Segment rules, in the standard's order (`[[segment]]` in TOML).
    #[serde(default, rename = "segment")]
    pub segments: Vec<SegmentRule>,
}

/// The rules of one segment id.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Segment id (`BEG`).
    pub id: String,
    /// The segment must appear. `None` means `false` (and, in an override, "unchanged").
    #[serde(default)]
    pub mandatory: Option<bool>,
    /// Most occurrences in the set; `0` or `None` means no limit.
    #[serde(default)]
    pub max_use: Option<u32>,
    /// Element rules (`[[segment.element]]` in TOML).
    #[serde(default, rename = "element")]
    pub elements: Vec<ElementRule>,
}

/// The rules of one data element, by position. Every field but `position` is optional, so a
/// partner override changes only what it states.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementRule {
    /// 1-based position in the segment (BEG01 is 1).
    pub position: usize,
    /// The element must be present and not empty when the segment is.
    #[serde(default)]
    pub mandatory: Option<bool>,
    /// Minimum length.
    #[serde(default)]
    pub min: Option<usize>,
    /// Maximum length.
    #[serde(default)]
    pub max: Option<usize>,
    /// Allowed values; an empty list turns the check off.
    #[serde(default)]
    pub codes: Option<Vec<String>>,
    /// A decimal number (`R`/`N` types): optional `-`, digits, at most one `.`.
    #[serde(default)]
    pub numeric: Option<bool>,
    /// A date: `CCYYMMDD` (or `YYMMDD`), a real calendar day.
    #[serde(default)]
    pub date: Option<bool>,
}

impl SetRules {
    /// The rule for segment `id`, if any.
    pub fn segment(&self, id: &str) -> Option<&SegmentRule> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// Problems that make the rules meaningless (for loading): an empty or invalid segment id,
    /// a segment listed twice, element position 0 or listed twice, `min` above `max`.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, s) in self.segments.iter().enumerate() {
            if !valid_segment_id(&s.id) {
                out.push(format!(
                    "segment {:?} is not 2 or 3 upper-case letters or digits",
                    s.id
                ));
            }
            if self.segments[..i].iter().any(|o| o.id == s.id) {
                out.push(format!("segment {} is listed twice", s.id));
            }
            for (j, e) in s.elements.iter().enumerate() {
                if e.position == 0 {
                    out.push(format!("{}: element position must be 1 or more", s.id));
                }
                if s.elements[..j].iter().any(|o| o.position == e.position) {
                    out.push(format!(
                        "{}{:02}: element is listed twice",
                        s.id, e.position
                    ));
                }
                if let (Some(min), Some(max)) = (e.min, e.max) {
                    if min > max {
                        out.push(format!(
                            "{}{:02}: min {min} is above max {max}",
                            s.id, e.position
                        ));
                    }
                }
            }
        }
        out
    }
}

/// `standard` with `partner` on top: segments are matched by id and elements by position; what
/// the partner states replaces the standard's (a `codes` list replaces the whole list), what it
/// leaves out stays. New segments and elements are added. `set` stays the standard's unless it
/// is empty.
pub fn merge(standard: &SetRules, partner: &SetRules) -> SetRules {
    let mut out = standard.clone();
    if out.set.is_empty() {
        out.set = partner.set.clone();
    }
    if partner.part_qualifiers.is_some() {
        out.part_qualifiers = partner.part_qualifiers.clone();
    }
    if partner.closed.is_some() {
        out.closed = partner.closed;
    }
    for ps in &partner.segments {
        let Some(s) = out.segments.iter_mut().find(|s| s.id == ps.id) else {
            out.segments.push(ps.clone());
            continue;
        };
        if ps.mandatory.is_some() {
            s.mandatory = ps.mandatory;
        }
        if ps.max_use.is_some() {
            s.max_use = ps.max_use;
        }
        for pe in &ps.elements {
            let Some(e) = s.elements.iter_mut().find(|e| e.position == pe.position) else {
                s.elements.push(pe.clone());
                continue;
            };
            if pe.mandatory.is_some() {
                e.mandatory = pe.mandatory;
            }
            if pe.min.is_some() {
                e.min = pe.min;
            }
            if pe.max.is_some() {
                e.max = pe.max;
            }
            if pe.codes.is_some() {
                e.codes = pe.codes.clone();
            }
            if pe.numeric.is_some() {
                e.numeric = pe.numeric;
            }
            if pe.date.is_some() {
                e.date = pe.date;
            }
        }
    }
    out
}

/// Check `set` against `rules`; see the module docs for what is found and how it is coded.
/// Every issue is an error. Never panics.
pub fn check(set: &TransactionSet<'_>, rules: &SetRules) -> Vec<Issue> {
    let mut out = Checker { issues: Vec::new() };
    let body: Vec<(usize, &Segment<'_>)> = set
        .body
        .iter()
        .enumerate()
        .map(|(i, s)| (i + 2, s))
        .collect();
    let se_position = body.len() + 2;
    let se_offset = set.se.map_or_else(
        || set.body.last().map_or(set.st.offset, |s| s.offset),
        |s| s.offset,
    );

    let mut counts: Vec<u32> = vec![0; rules.segments.len()];
    for &(pos, seg) in &body {
        let id = seg.id();
        if !valid_segment_id(id) {
            out.unrecognised(seg, pos);
            continue;
        }
        let Some(ri) = rules.segments.iter().position(|r| r.id == id) else {
            if rules.closed == Some(true) {
                out.segment(
                    seg.offset,
                    id,
                    pos,
                    "2",
                    format!("Segment {id} is not expected in this transaction set"),
                );
            }
            continue;
        };
        let Some(rule) = rules.segments.get(ri) else {
            continue;
        };
        if let Some(c) = counts.get_mut(ri) {
            *c = c.saturating_add(1);
            if let Some(max) = rule.max_use.filter(|m| *m > 0) {
                if *c > max {
                    out.segment(
                        seg.offset,
                        id,
                        pos,
                        "5",
                        format!("Segment {id} is used more than {max} time(s)"),
                    );
                }
            }
        }
        for e in &rule.elements {
            out.element(seg, pos, e);
        }
        if matches!(id, "PO1" | "POC") {
            if let Some(q) = rules.part_qualifiers.as_ref().filter(|q| !q.is_empty()) {
                out.part_number(seg, pos, q);
            }
        }
    }

    for (ri, rule) in rules.segments.iter().enumerate() {
        if rule.mandatory != Some(true) || counts.get(ri).is_some_and(|c| *c > 0) {
            continue;
        }
        // Where it was expected: the first segment present that the table lists after it.
        let later = rules.segments.get(ri + 1..).unwrap_or_default();
        let (pos, offset) = body
            .iter()
            .find(|(_, s)| later.iter().any(|r| r.id == s.id()))
            .map_or((se_position, se_offset), |(p, s)| (*p, s.offset));
        out.segment(
            offset,
            &rule.id,
            pos,
            "3",
            format!("Mandatory segment {} is missing", rule.id),
        );
    }
    out.issues
}

struct Checker {
    issues: Vec<Issue>,
}

impl Checker {
    fn segment(&mut self, offset: usize, id: &str, pos: usize, code: &str, message: String) {
        self.issues.push(
            Issue::error(
                Location {
                    offset: Some(offset),
                    segment: Some(id.to_owned()),
                    segment_position: Some(pos),
                    ..Location::default()
                },
                message,
            )
            .with_code(code),
        );
    }

    fn element_issue(&mut self, seg: &Segment<'_>, pos: usize, n: usize, code: &str, msg: String) {
        let id = seg.id();
        let already = self
            .issues
            .iter()
            .any(|i| i.location.segment_position == Some(pos) && i.location.element == Some(n));
        if already {
            return;
        }
        self.issues.push(
            Issue::error(
                Location {
                    offset: Some(seg.element_offset(n).unwrap_or(seg.offset)),
                    segment: Some(id.to_owned()),
                    segment_position: Some(pos),
                    element: Some(n),
                    ..Location::default()
                },
                format!("{id}{n:02} {msg}"),
            )
            .with_code(code),
        );
    }

    /// AK304 `1` with what can be shown of the id (letters and digits, at most 3, upper-cased);
    /// nothing to show → an uncoded error (the set is still rejected, AK502 `5`).
    fn unrecognised(&mut self, seg: &Segment<'_>, pos: usize) {
        let raw = seg.raw();
        let end = memchr::memchr(seg.delimiters.element, raw).unwrap_or(raw.len());
        let shown: String = raw
            .get(..end)
            .unwrap_or_default()
            .iter()
            .filter(|b| b.is_ascii_alphanumeric())
            .take(3)
            .map(|b| char::from(b.to_ascii_uppercase()))
            .collect();
        let message = format!("{:?} is not a valid segment id", seg.text());
        if shown.len() >= 2 {
            self.segment(seg.offset, &shown, pos, "1", message);
        } else {
            self.issues.push(Issue::error(
                Location {
                    offset: Some(seg.offset),
                    segment_position: Some(pos),
                    ..Location::default()
                },
                message,
            ));
        }
    }

    fn element(&mut self, seg: &Segment<'_>, pos: usize, rule: &ElementRule) {
        let n = rule.position;
        if n == 0 {
            return;
        }
        let bytes = seg.element_bytes(n).unwrap_or_default();
        if bytes.iter().all(|b| *b == b' ') {
            if rule.mandatory == Some(true) {
                self.element_issue(seg, pos, n, "1", "(mandatory) is missing".into());
            }
            return;
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) if !t.chars().any(char::is_control) => t,
            _ => {
                self.element_issue(seg, pos, n, "6", "has an invalid character".into());
                return;
            }
        };
        let v = text.trim();
        let numeric = rule.numeric == Some(true);
        if numeric && !is_number(v) {
            self.element_issue(seg, pos, n, "6", format!("{v:?} is not a number"));
            return;
        }
        let len = if numeric {
            v.bytes().filter(u8::is_ascii_digit).count()
        } else {
            v.chars().count()
        };
        if let Some(min) = rule.min.filter(|m| len < *m) {
            self.element_issue(
                seg,
                pos,
                n,
                "4",
                format!("{v:?} is shorter than {min} character(s)"),
            );
            return;
        }
        if let Some(max) = rule.max.filter(|m| len > *m) {
            self.element_issue(
                seg,
                pos,
                n,
                "5",
                format!("{v:?} is longer than {max} character(s)"),
            );
            return;
        }
        if rule.date == Some(true) && !is_date(v) {
            self.element_issue(seg, pos, n, "8", format!("{v:?} is not a valid date"));
            return;
        }
        if let Some(codes) = rule.codes.as_ref().filter(|c| !c.is_empty()) {
            if !codes.iter().any(|c| c == v) {
                self.element_issue(
                    seg,
                    pos,
                    n,
                    "7",
                    format!("{v:?} is not one of {}", codes.join(", ")),
                );
            }
        }
    }

    /// PO1 pairs from PO106, POC pairs from POC08: one needs a qualifier of `qualifiers` and an
    /// id. Otherwise AK4 on the first qualifier: `7` when it is there, `1` when it is empty.
    fn part_number(&mut self, seg: &Segment<'_>, pos: usize, qualifiers: &[String]) {
        let first = if seg.id() == "POC" { 8 } else { 6 };
        let count = seg.element_count();
        let found = (first..=count.max(first)).step_by(2).any(|k| {
            let q = seg.element(k).unwrap_or_default().trim();
            let id = seg.element(k + 1).unwrap_or_default().trim();
            !id.is_empty() && qualifiers.iter().any(|x| x == q)
        });
        if found {
            return;
        }
        let q = seg.element(first).unwrap_or_default().trim();
        let (code, what) = if q.is_empty() {
            ("1", "is missing")
        } else {
            ("7", "is")
        };
        self.element_issue(
            seg,
            pos,
            first,
            code,
            format!(
                "{what} {q:?}: no supplier part number with qualifier {}",
                qualifiers.join(" or ")
            ),
        );
    }
}

/// An X12 `R` value: optional `-`, digits with at most one `.`, at least one digit.
fn is_number(v: &str) -> bool {
    let digits = v.strip_prefix('-').unwrap_or(v);
    let mut dots = 0;
    let mut any = false;
    for b in digits.bytes() {
        match b {
            b'0'..=b'9' => any = true,
            b'.' => dots += 1,
            _ => return false,
        }
    }
    any && dots <= 1
}

/// `CCYYMMDD` or `YYMMDD` (00–49 → 20xx), a real day.
fn is_date(v: &str) -> bool {
    if !v.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let full = match v.len() {
        8 => v.to_owned(),
        6 => {
            let yy: u32 = v.get(..2).and_then(|y| y.parse().ok()).unwrap_or(0);
            format!("{}{v}", if yy < 50 { "20" } else { "19" })
        }
        _ => return false,
    };
    chrono::NaiveDate::parse_from_str(&full, "%Y%m%d").is_ok()
}
