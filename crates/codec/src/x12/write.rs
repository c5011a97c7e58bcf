//! The strict interchange writer: ISA/GS/ST … SE/GE/IEA around bodies built with
//! [`SegmentWriter`].

use chrono::{NaiveDate, NaiveTime, Timelike};

use super::ack::Ta1Out;
use super::segment::{Delimiters, SegmentWriter};
use crate::{Issue, Location};

/// What the `ISA` of an outbound interchange says (ISA01–04 are always `00` and blanks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterchangeHeader {
    /// ISA05, e.g. `ZZ`, `01`, `12`.
    pub sender_qualifier: String,
    /// ISA06, padded to 15.
    pub sender_id: String,
    /// ISA07.
    pub receiver_qualifier: String,
    /// ISA08, padded to 15.
    pub receiver_id: String,
    /// ISA09 (YYMMDD) and GS04 (CCYYMMDD).
    pub date: NaiveDate,
    /// ISA10 and GS05 (HHMM).
    pub time: NaiveTime,
    /// ISA12, e.g. `00401`, `00501`.
    pub version: String,
    /// ISA13, written as 9 digits.
    pub control_number: u32,
    /// ISA14: ask for a TA1.
    pub ack_requested: bool,
    /// ISA15: `P` production or `T` test.
    pub usage: char,
    /// The delimiters; the repetition separator is written in ISA11 from 00402 on.
    pub delimiters: Delimiters,
}

/// One functional group to write.
#[derive(Clone, Debug)]
pub struct GroupOut {
    /// GS01, e.g. `PO`, `IN`, `FA`.
    pub functional_id: String,
    /// GS02, application sender's code.
    pub sender: String,
    /// GS03, application receiver's code.
    pub receiver: String,
    /// GS06 (and GE02).
    pub control_number: u32,
    /// GS08, e.g. `004010`, `005010X231A1`.
    pub version: String,
    /// The transaction sets, in order.
    pub sets: Vec<SetOut>,
}

/// One transaction set to write.
#[derive(Clone, Debug)]
pub struct SetOut {
    /// ST01, e.g. `850`.
    pub id: String,
    /// ST02 (and SE02), 4–9 characters.
    pub control_number: String,
    /// ST03, the implementation convention reference (5010 guides), if any.
    pub implementation: Option<String>,
    /// The segments between ST and SE.
    pub body: SegmentWriter,
}

/// A complete interchange: fixed-width ISA (fields padded, never trimmed), GS/ST/SE/GE/IEA with
/// correct counts and control numbers.
///
/// The writer is strict: anything it cannot say validly (an id longer than its field, a control
/// number out of range, delimiters that collide…) is an [`Issue`] of severity error, and the text
/// is still produced so it can be inspected; callers must not send an interchange with errors.
pub fn write_interchange(
    header: &InterchangeHeader,
    groups: Vec<GroupOut>,
) -> (String, Vec<Issue>) {
    write_interchange_with_ta1(header, &[], groups)
}

/// Like [`write_interchange`], with TA1 segments between the ISA and the first GS (an
/// interchange acknowledgement alone has no groups: pass an empty `groups`).
pub fn write_interchange_with_ta1(
    header: &InterchangeHeader,
    ta1: &[Ta1Out],
    groups: Vec<GroupOut>,
) -> (String, Vec<Issue>) {
    let mut issues = Vec::new();
    let d = header.delimiters;
    check_delimiters(&d, &mut issues);
    let with_repetition = header.version.as_str() >= "00402";

    let mut out = String::with_capacity(
        128 + groups
            .iter()
            .flat_map(|g| g.sets.iter())
            .map(|s| s.body.as_str().len() + 64)
            .sum::<usize>(),
    );
    let e = char::from(d.element);
    let t = char::from(d.segment);

    // ISA
    let isa11 = if with_repetition {
        match d.repetition {
            Some(r) => char::from(r),
            None => {
                issues.push(isa_issue(
                    11,
                    "Version 00402 and later need a repetition separator; '^' was used",
                ));
                '^'
            }
        }
    } else {
        'U'
    };
    let fields: [String; 16] = [
        "00".into(),
        " ".repeat(10),
        "00".into(),
        " ".repeat(10),
        fixed(&header.sender_qualifier, 2, 5, &mut issues),
        fixed(&header.sender_id, 15, 6, &mut issues),
        fixed(&header.receiver_qualifier, 2, 7, &mut issues),
        fixed(&header.receiver_id, 15, 8, &mut issues),
        header.date.format("%y%m%d").to_string(),
        format!("{:02}{:02}", header.time.hour(), header.time.minute()),
        isa11.to_string(),
        version_field(&header.version, &mut issues),
        control9(header.control_number, &mut issues),
        if header.ack_requested { "1" } else { "0" }.into(),
        usage_field(header.usage, &mut issues),
        char::from(d.component).to_string(),
    ];
    out.push_str("ISA");
    for f in &fields {
        out.push(e);
        out.push_str(f);
    }
    out.push(t);

    for t in ta1 {
        let loc = |element: usize| Location {
            segment: Some("TA1".into()),
            element: Some(element),
            ..Location::default()
        };
        if t.control_number.len() != 9 || !t.control_number.bytes().all(|b| b.is_ascii_digit()) {
            issues.push(Issue::warning(
                loc(1),
                format!(
                    "TA101 {:?} is not 9 digits (echoed as received)",
                    t.control_number
                ),
            ));
        }
        if !matches!(t.status.code(), "A" | "E" | "R") {
            issues.push(Issue::error(
                loc(4),
                format!("TA104 {:?} must be A, E or R", t.status.code()),
            ));
        }
        if t.note_code.len() != 3 || !t.note_code.bytes().all(|b| b.is_ascii_digit()) {
            issues.push(Issue::error(
                loc(5),
                format!("TA105 {:?} is not a 3-digit note code", t.note_code),
            ));
        }
        seg(
            &mut out,
            d,
            "TA1",
            &[
                &t.control_number,
                &t.date,
                &t.time,
                t.status.code(),
                &t.note_code,
            ],
        );
    }
    let group_count = groups.len();
    for group in groups {
        write_group(&mut out, header, group, &mut issues);
    }
    seg(
        &mut out,
        d,
        "IEA",
        &[
            &group_count.to_string(),
            &format!("{:09}", header.control_number),
        ],
    );
    (out, issues)
}

fn write_group(
    out: &mut String,
    header: &InterchangeHeader,
    group: GroupOut,
    issues: &mut Vec<Issue>,
) {
    let d = header.delimiters;
    let gs_loc = |element: usize| Location {
        segment: Some("GS".into()),
        element: Some(element),
        ..Location::default()
    };
    if group.functional_id.len() != 2
        || !group.functional_id.bytes().all(|b| b.is_ascii_uppercase())
    {
        issues.push(Issue::error(
            gs_loc(1),
            format!(
                "GS01 {:?} is not a 2-letter functional identifier code",
                group.functional_id
            ),
        ));
    }
    for (n, v) in [(2, &group.sender), (3, &group.receiver)] {
        if !(2..=15).contains(&v.len()) {
            issues.push(Issue::error(
                gs_loc(n),
                format!("GS{n:02} {v:?} must be 2 to 15 characters"),
            ));
        }
    }
    if group.control_number == 0 || group.control_number > 999_999_999 {
        issues.push(Issue::error(
            gs_loc(6),
            format!("GS06 {} must be 1 to 999999999", group.control_number),
        ));
    }
    if !(1..=12).contains(&group.version.len()) {
        issues.push(Issue::error(
            gs_loc(8),
            format!("GS08 {:?} must be 1 to 12 characters", group.version),
        ));
    }
    let ctl = group.control_number.to_string();
    seg(
        out,
        d,
        "GS",
        &[
            &group.functional_id,
            &group.sender,
            &group.receiver,
            &header.date.format("%Y%m%d").to_string(),
            &format!("{:02}{:02}", header.time.hour(), header.time.minute()),
            &ctl,
            "X",
            &group.version,
        ],
    );
    let set_count = group.sets.len();
    let mut seen: Vec<String> = Vec::new();
    for set in group.sets {
        let st_loc = |element: usize| Location {
            segment: Some("ST".into()),
            element: Some(element),
            ..Location::default()
        };
        if set.id.len() != 3 || !set.id.bytes().all(|b| b.is_ascii_digit()) {
            issues.push(Issue::error(
                st_loc(1),
                format!(
                    "ST01 {:?} is not a 3-digit transaction set identifier",
                    set.id
                ),
            ));
        }
        if !(4..=9).contains(&set.control_number.len()) {
            issues.push(Issue::error(
                st_loc(2),
                format!("ST02 {:?} must be 4 to 9 characters", set.control_number),
            ));
        }
        if seen.contains(&set.control_number) {
            issues.push(Issue::error(
                st_loc(2),
                format!("ST02 {:?} is used twice in group {ctl}", set.control_number),
            ));
        }
        seen.push(set.control_number.clone());
        if set.body.delimiters() != d {
            issues.push(Issue::error(
                st_loc(1),
                format!(
                    "The body of set {} was written with other delimiters than the interchange",
                    set.control_number
                ),
            ));
        }
        let count = set.body.count() + 2;
        match &set.implementation {
            Some(imp) => seg(out, d, "ST", &[&set.id, &set.control_number, imp]),
            None => seg(out, d, "ST", &[&set.id, &set.control_number]),
        }
        let (body, body_issues) = set.body.into_parts();
        out.push_str(&body);
        issues.extend(body_issues);
        seg(out, d, "SE", &[&count.to_string(), &set.control_number]);
    }
    seg(out, d, "GE", &[&set_count.to_string(), &ctl]);
}

/// Write an envelope segment whose values are already validated (delimiters are replaced).
fn seg(out: &mut String, d: Delimiters, id: &str, elements: &[&str]) {
    let mut w = SegmentWriter::new(d);
    w.segment(id, elements);
    out.push_str(w.as_str());
}

fn isa_issue(n: usize, message: impl Into<String>) -> Issue {
    Issue::error(
        Location {
            segment: Some("ISA".into()),
            element: Some(n),
            ..Location::default()
        },
        message,
    )
}

/// `value` padded with spaces to `width`; longer values are cut, with an error.
fn fixed(value: &str, width: usize, n: usize, issues: &mut Vec<Issue>) -> String {
    let clean: String = value
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect();
    if clean != value {
        issues.push(isa_issue(
            n,
            format!("ISA{n:02} {value:?} has characters outside printable ASCII"),
        ));
    }
    if clean.is_empty() || clean.len() > width {
        issues.push(isa_issue(
            n,
            format!("ISA{n:02} {value:?} must be 1 to {width} characters"),
        ));
    }
    let mut s: String = clean.chars().take(width).collect();
    while s.len() < width {
        s.push(' ');
    }
    s
}

fn version_field(v: &str, issues: &mut Vec<Issue>) -> String {
    if v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit()) {
        v.to_owned()
    } else {
        issues.push(isa_issue(
            12,
            format!("ISA12 {v:?} is not a 5-digit version number"),
        ));
        fixed(v, 5, 12, &mut Vec::new())
    }
}

fn control9(n: u32, issues: &mut Vec<Issue>) -> String {
    if n == 0 || n > 999_999_999 {
        issues.push(isa_issue(13, format!("ISA13 {n} must be 1 to 999999999")));
    }
    let s = format!("{n:09}");
    s.get(s.len().saturating_sub(9)..)
        .unwrap_or_default()
        .to_owned()
}

fn usage_field(u: char, issues: &mut Vec<Issue>) -> String {
    if u != 'P' && u != 'T' {
        issues.push(isa_issue(15, format!("ISA15 {u:?} must be P or T")));
    }
    if u.is_ascii_alphanumeric() { u } else { 'P' }.to_string()
}

fn check_delimiters(d: &Delimiters, issues: &mut Vec<Issue>) {
    let mut all = vec![d.element, d.component, d.segment];
    all.extend(d.repetition);
    for (i, b) in all.iter().enumerate() {
        let line_break_terminator = i == 2 && matches!(*b, b'\r' | b'\n');
        if !line_break_terminator && (b.is_ascii_alphanumeric() || !b.is_ascii_graphic()) {
            issues.push(isa_issue(
                16,
                format!(
                    "Delimiter {:?} must be a printable non-alphanumeric ASCII character",
                    char::from(*b)
                ),
            ));
        }
        if all.iter().skip(i + 1).any(|c| c == b) {
            issues.push(isa_issue(
                16,
                format!("Delimiter {:?} is used twice", char::from(*b)),
            ));
        }
    }
}
