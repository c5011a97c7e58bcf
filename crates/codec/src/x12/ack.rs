//! Acknowledgements: build 997, 999 and TA1 for inbound interchanges, and read inbound ones.
//!
//! # Building
//! Per inbound interchange:
//! 1. [`needs_ta1`] says whether a TA1 is due (ISA14 = 1, or an interchange-level error);
//!    [`ta1`] builds it from the envelope issues (the caller says whether ISA13 is a duplicate).
//!    When its status is [`AckStatus::Rejected`], send only the TA1: the groups were not
//!    processed.
//! 2. For every group, [`ack_997`] or [`ack_999`] builds one acknowledgement group. The envelope
//!    problems of the group and its sets come from the interchange; mapping and partner-rule
//!    problems come in as [`SetAck`]s (see [`SetAck::from_issues`]). A bad GS (any element) or
//!    GE rejects its group only, in its AK9 (`R`, with the AK905 code when data element 716 has
//!    one), never the interchange: the TA1 is for ISA/IEA problems. Its acknowledgement still
//!    has a valid GS of its own (the ISA ids stand in for a GS02/GS03 that cannot be one, the
//!    ISA12 version for a GS08 that is not known).
//! 3. [`Interchange::reply_header`](super::Interchange::reply_header) gives the swapped ISA, and
//!    [`write_interchange_with_ta1`](super::write_interchange_with_ta1) writes it all.
//!
//! The 997 carries the inbound GS08 as its own GS08 (and AK103 from 005010 on); the 999 is
//! `005010X231A1` in GS08 and ST03. Each set gets an AK2…AK5 (IK3/IK4/IK5 and CTX in the 999)
//! when it has a problem, or always with [`AckOptions::report_accepted_sets`].
//!
//! # Reading
//! [`read_acks`] turns an inbound interchange of 997/999s and TA1s into [`AckSummary`]: which
//! group and set control numbers were accepted or rejected, with their codes.

use super::envelope::{known_gs_version, Group, Interchange};
use super::loops::SetLoops;
use super::segment::{Segment, SegmentWriter, TransactionSet};
use super::write::{GroupOut, SetOut};
use crate::{Issue, Location, Severity};

/// The implementation guide of the 999 (GS08 and ST03).
pub const IMPLEMENTATION_999: &str = "005010X231A1";

/// A status in AK5/IK5 (AK501), AK9 (AK901) or TA1 (TA104).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AckStatus {
    /// `A`: accepted.
    Accepted,
    /// `E`: accepted, but errors were noted.
    AcceptedWithErrors,
    /// `P`: some sets of the group were accepted (AK901 only).
    PartiallyAccepted,
    /// `R`: rejected.
    Rejected,
    /// `M`: rejected, message authentication code failed.
    RejectedAuthentication,
    /// `W`: rejected, assurance failed validity tests.
    RejectedAssurance,
    /// `X`: rejected, content could not be analysed after decryption.
    RejectedDecryption,
}

impl AckStatus {
    /// The one-letter code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Accepted => "A",
            Self::AcceptedWithErrors => "E",
            Self::PartiallyAccepted => "P",
            Self::Rejected => "R",
            Self::RejectedAuthentication => "M",
            Self::RejectedAssurance => "W",
            Self::RejectedDecryption => "X",
        }
    }

    /// Parse a one-letter code.
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code.trim() {
            "A" => Self::Accepted,
            "E" => Self::AcceptedWithErrors,
            "P" => Self::PartiallyAccepted,
            "R" => Self::Rejected,
            "M" => Self::RejectedAuthentication,
            "W" => Self::RejectedAssurance,
            "X" => Self::RejectedDecryption,
            _ => return None,
        })
    }

    /// Whether the data was (at least partly) accepted: `A`, `E` or `P`.
    pub fn is_accepted(self) -> bool {
        matches!(
            self,
            Self::Accepted | Self::AcceptedWithErrors | Self::PartiallyAccepted
        )
    }
}

/// Which functional acknowledgement to build or was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AckKind {
    /// 997 functional acknowledgement.
    Fa997,
    /// 999 implementation acknowledgement (005010X231A1).
    Ia999,
}

/// A data element error: AK4 (997) or IK4 (999).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ElementError {
    /// AK401-1: element position in the segment (1-based).
    pub position: usize,
    /// AK401-2: component position in a composite.
    pub component: Option<usize>,
    /// IK401-3: repetition position (999 only; ignored in a 997).
    pub repetition: Option<usize>,
    /// AK402: the data element reference number (e.g. `324`), when known.
    pub element_number: Option<String>,
    /// AK403 / IK403: 1 required missing, 2 conditional missing, 3 too many elements, 4 too
    /// short, 5 too long, 6 invalid character, 7 invalid code value, 8 invalid date, 9 invalid
    /// time, 10 exclusion violated (999 adds 12, 13, I6, I9–I13).
    pub code: String,
    /// AK404: a copy of the bad data (delimiters are replaced when written; cut at 99).
    pub bad_data: Option<String>,
}

/// A business-unit context of a 999 (`CTX*name:reference~`, e.g. `CTX*CLM01:123456789~`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// CTX01-1: the context name (e.g. `CLM01`).
    pub name: String,
    /// CTX01-2: the context reference (e.g. the claim id).
    pub reference: Option<String>,
}

/// A segment error: AK3 (997) or IK3 (999), with its element errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SegmentError {
    /// AK301: the segment id.
    pub segment_id: String,
    /// AK302: the segment's position in the set (ST = 1).
    pub position: usize,
    /// AK303: the loop identifier (e.g. `N1`, `PO1`), when in a loop.
    pub loop_id: Option<String>,
    /// AK304 / IK304: 1 unrecognised id, 2 unexpected, 3 required missing, 4 loop over max, 5
    /// over max use, 6 not in set, 7 out of sequence, 8 has element errors (999 adds I4, I6–I9).
    /// `None` writes `8` when there are element errors.
    pub code: Option<String>,
    /// The element errors (AK4 / IK4).
    pub elements: Vec<ElementError>,
    /// 999 CTX segments after the IK3 (ignored in a 997).
    pub context: Vec<Context>,
    /// Error rejects the set; warning only notes it (status `E`).
    pub severity: Severity,
}

impl SegmentError {
    /// An error at segment `segment_id`, position `position`, with no code yet.
    pub fn new(segment_id: impl Into<String>, position: usize) -> Self {
        Self {
            segment_id: segment_id.into(),
            position,
            loop_id: None,
            code: None,
            elements: Vec::new(),
            context: Vec::new(),
            severity: Severity::Error,
        }
    }

    /// Set the AK304 code.
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    /// Add an element error.
    pub fn with_element(mut self, element: ElementError) -> Self {
        self.elements.push(element);
        self
    }

    fn ak304(&self) -> String {
        match &self.code {
            Some(c) => c.clone(),
            None if !self.elements.is_empty() => "8".into(),
            None => "2".into(),
        }
    }
}

/// What a mapper or a partner rule found in one inbound transaction set, beyond the envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAck {
    /// Byte offset of the set's ST ([`Segment::offset`]); identifies the set.
    pub st_offset: usize,
    /// Segment-level errors (AK3/AK4 or IK3/IK4).
    pub segment_errors: Vec<SegmentError>,
    /// Extra AK502–AK506 codes (e.g. `1` transaction set not supported). `5` (segments in
    /// error) is added by itself when a segment error is an error.
    pub codes: Vec<String>,
    /// Force the AK501 status (otherwise: `R` on any error, `E` on warnings only, else `A`).
    pub status: Option<AckStatus>,
}

impl SetAck {
    /// No problems (yet) for `set`.
    pub fn new(set: &TransactionSet<'_>) -> Self {
        Self {
            st_offset: set.st.offset,
            segment_errors: Vec::new(),
            codes: Vec::new(),
            status: None,
        }
    }

    /// The whole set is rejected with `code` (e.g. `1` not supported).
    pub fn rejected(set: &TransactionSet<'_>, code: impl Into<String>) -> Self {
        let mut ack = Self::new(set);
        ack.codes.push(code.into());
        ack.status = Some(AckStatus::Rejected);
        ack
    }

    /// Turn located [`Issue`]s (from a mapper or a rule) into segment errors.
    ///
    /// - An issue with `segment` and `segment_position` becomes an AK3 for that segment
    ///   (issues at the same segment share it). With an `element` it adds an AK4 whose code is
    ///   the issue's code, or `7` (invalid code value) when it has none; without one, the
    ///   issue's code is the AK304 (`8` when it has none and element errors exist, else `2`).
    /// - An issue without a segment position, or without a code (a business finding, not an
    ///   X12 syntax error), only marks the set (AK502 `5` when it is an error, status `E` when
    ///   it is a warning).
    /// - Warnings give segment errors of severity warning (status `E` when nothing is worse).
    /// - AK303/IK303 is the loop of the segment, by the set's loop structure (the leading
    ///   segment of the innermost loop holding it: `PO1`, `PID`, `N1`…; none outside loops and
    ///   for sets other than the 850 and 860). For a missing segment (its id is not the segment
    ///   at its position) it is the loop that segment would open or be in.
    /// - A segment inside a line gets the line as its business-unit context: CTX01 `PO101:<id>`
    ///   (`POC01:<id>` in an 860), written after the IK3 of a 999, when the line has an
    ///   identifier of printable ASCII; cut at 35 characters, the length of CTX01-2. A missing
    ///   segment gets none: where it is reported is not the line it was missing from. (X231A1
    ///   lists the business units of the HIPAA sets, `CLM01`, `TRN02`…; the line's own id is
    ///   that for an order. No `SITUATIONAL TRIGGER` CTX: no rule here is situational.)
    pub fn from_issues(set: &TransactionSet<'_>, issues: &[Issue]) -> Self {
        let mut ack = Self::new(set);
        let mut loops: Option<SetLoops<'_, '_>> = None;
        for issue in issues {
            let loc = &issue.location;
            // Issues without an X12 code are business findings (counts, check digits): they
            // mark the set's status but are no AK3/AK4 syntax errors.
            let positioned = match (loc.segment.as_deref(), loc.segment_position) {
                (Some(id), Some(position)) if issue.code.is_some() => Some((id, position)),
                _ => None,
            };
            let Some((id, position)) = positioned else {
                if issue.severity == Severity::Error {
                    push_code(&mut ack.codes, "5");
                } else if ack.status.is_none() {
                    ack.status = Some(AckStatus::AcceptedWithErrors);
                }
                continue;
            };
            let idx = match ack
                .segment_errors
                .iter()
                .position(|s| s.segment_id == id && s.position == position)
            {
                Some(i) => i,
                None => {
                    let mut s = SegmentError::new(id, position);
                    s.severity = Severity::Warning;
                    let loops = loops.get_or_insert_with(|| SetLoops::of(set));
                    if set_segment(set, id, position).is_some() {
                        s.loop_id = loops.loop_id(position).map(str::to_owned);
                        s.context
                            .extend(loops.line_of(position).and_then(business_unit));
                    } else {
                        s.loop_id = loops.missing_loop_id(id, position).map(str::to_owned);
                    }
                    ack.segment_errors.push(s);
                    ack.segment_errors.len() - 1
                }
            };
            let Some(seg) = ack.segment_errors.get_mut(idx) else {
                continue;
            };
            seg.severity = seg.severity.max(issue.severity);
            match loc.element {
                Some(element) => {
                    let code = issue.code.clone().unwrap_or_else(|| "7".into());
                    // AK404: the bad value itself, unless the error is that it is missing.
                    let bad_data = if matches!(code.as_str(), "1" | "2" | "I9") {
                        None
                    } else {
                        set_segment(set, id, position)
                            .and_then(|s| match loc.component {
                                Some(c) => s.component(element, c),
                                None => s.element(element),
                            })
                            .filter(|v| !v.is_empty())
                            .map(str::to_owned)
                    };
                    seg.elements.push(ElementError {
                        position: element,
                        component: loc.component,
                        repetition: None,
                        element_number: super::elements::reference(id, element).map(str::to_owned),
                        code,
                        bad_data,
                    })
                }
                None => {
                    if seg.code.is_none() {
                        seg.code = issue.code.clone();
                    }
                }
            }
        }
        ack
    }
}

/// The 999 business-unit context of a line (`PO101`, its identifier), when the identifier is
/// known: present and printable ASCII (X231A1 sends none when the identifier cannot be used).
fn business_unit((name, value): (&str, Option<&str>)) -> Option<Context> {
    let value = value.filter(|v| v.bytes().all(|b| b == b' ' || b.is_ascii_graphic()))?;
    Some(Context {
        name: name.to_owned(),
        reference: Some(value.chars().take(CTX_MAX).collect()),
    })
}

/// The maximum length of CTX01-1 and CTX01-2 (data elements 9999 and 9998).
const CTX_MAX: usize = 35;

/// The segment at `position` (ST = 1) of `set`, when it is a `id`.
fn set_segment<'s, 'a>(
    set: &'s TransactionSet<'a>,
    id: &str,
    position: usize,
) -> Option<&'s Segment<'a>> {
    let seg = match position {
        1 => &set.st,
        p => set
            .body
            .get(p.checked_sub(2)?)
            .or(set.se.as_ref().filter(|_| p == set.body.len() + 2))?,
    };
    (seg.id() == id).then_some(seg)
}

fn push_code(codes: &mut Vec<String>, code: &str) {
    if !codes.iter().any(|c| c == code) {
        codes.push(code.to_owned());
    }
}

/// Control numbers and choices for one acknowledgement group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AckOptions {
    /// GS06 of the acknowledgement group.
    pub group_control_number: u32,
    /// ST02 of the 997/999 (4–9 characters).
    pub set_control_number: String,
    /// Write AK2/AK5 (IK5) for accepted sets too (many partners expect it).
    pub report_accepted_sets: bool,
}

/// The statuses decided for one inbound group (also returned for logging and storage).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupVerdict {
    /// AK901.
    pub status: AckStatus,
    /// One entry per inbound set, in order: ST02 and AK501.
    pub sets: Vec<(String, AckStatus)>,
}

/// Build the 997 for inbound `group` of `inbound`. See the module docs.
pub fn ack_997(
    inbound: &Interchange<'_>,
    group: &Group<'_>,
    set_acks: &[SetAck],
    options: &AckOptions,
) -> GroupOut {
    build(AckKind::Fa997, inbound, group, set_acks, options).0
}

/// Build the 999 (005010X231A1) for inbound `group` of `inbound`. See the module docs.
pub fn ack_999(
    inbound: &Interchange<'_>,
    group: &Group<'_>,
    set_acks: &[SetAck],
    options: &AckOptions,
) -> GroupOut {
    build(AckKind::Ia999, inbound, group, set_acks, options).0
}

/// Like [`ack_997`] / [`ack_999`], and also return the statuses that were decided.
pub fn acknowledge_group(
    kind: AckKind,
    inbound: &Interchange<'_>,
    group: &Group<'_>,
    set_acks: &[SetAck],
    options: &AckOptions,
) -> (GroupOut, GroupVerdict) {
    build(kind, inbound, group, set_acks, options)
}

/// `"005010…"` and later.
fn is_5010_or_later(version: &str) -> bool {
    version.get(..6).is_some_and(|v| v >= "005010")
}

fn build(
    kind: AckKind,
    inbound: &Interchange<'_>,
    group: &Group<'_>,
    set_acks: &[SetAck],
    options: &AckOptions,
) -> (GroupOut, GroupVerdict) {
    let gi = inbound.group_index(group);
    let mut w = SegmentWriter::new(inbound.reply_delimiters());
    // The version of a 997 is the group's GS08; when that is what the group is rejected for,
    // the version of its interchange (ISA12 `00401` → `004010`) stands in.
    let version_997 = if known_gs_version(group.version()) && group.version().len() <= 12 {
        group.version().to_owned()
    } else {
        format!("{}0", inbound.reply_version())
    };
    let v5010 = kind == AckKind::Ia999 || is_5010_or_later(&version_997);
    // AK101/AK102 echo GS01/GS06 as sent, even when the group is rejected for them (AK905 1 and
    // 6 exist for that: the partner finds its group by them); AK103 (AN 1/12) when it fits.
    // AK101 is ID 2/2: a GS01 that is not two upper-case letters (the check our own GS01
    // passes) would make the acknowledgement itself invalid, so the functional id of the
    // group's first set (850 → PO) stands in for it, when it has one.
    let gs01 = group.functional_id();
    let fits = gs01.len() == 2 && gs01.bytes().all(|b| b.is_ascii_uppercase());
    let ak101 = match group
        .sets
        .first()
        .and_then(|s| super::map::functional_id(s.id()))
    {
        Some(implied) if !fits => implied,
        _ => gs01,
    };
    let mut ak1 = vec![ak101, group.control_number()];
    if v5010 && (1..=12).contains(&group.version().len()) {
        ak1.push(group.version());
    }
    w.segment("AK1", &ak1);

    let mut verdict_sets = Vec::with_capacity(group.sets.len());
    let mut accepted = 0usize;
    let mut with_errors = false;
    for (si, set) in group.sets.iter().enumerate() {
        let extra = set_acks.iter().find(|a| a.st_offset == set.st.offset);
        let mut codes: Vec<String> = Vec::new();
        let mut worst: Option<Severity> = None;
        if let Some(gi) = gi {
            for issue in inbound.set_issues(gi, si) {
                if let Some(code) = issue.kind.code() {
                    push_code(&mut codes, code);
                }
                worst = worst.max(Some(issue.issue.severity));
            }
        }
        let seg_errors: &[SegmentError] = extra
            .map(|a| a.segment_errors.as_slice())
            .unwrap_or_default();
        for e in seg_errors {
            worst = worst.max(Some(e.severity));
        }
        if seg_errors.iter().any(|e| e.severity == Severity::Error) {
            push_code(&mut codes, "5");
        }
        if let Some(a) = extra {
            for c in &a.codes {
                push_code(&mut codes, c);
            }
            if !a.codes.is_empty() {
                worst = Some(Severity::Error);
            }
        }
        let status = extra.and_then(|a| a.status).unwrap_or(match worst {
            Some(Severity::Error) => AckStatus::Rejected,
            Some(Severity::Warning) => AckStatus::AcceptedWithErrors,
            None => AckStatus::Accepted,
        });
        if status.is_accepted() {
            accepted += 1;
        }
        with_errors |= status != AckStatus::Accepted;
        verdict_sets.push((set.control_number().to_owned(), status));
        if status == AckStatus::Accepted && !options.report_accepted_sets && seg_errors.is_empty() {
            continue;
        }
        let mut ak2 = vec![set.id(), set.control_number()];
        if v5010 {
            if let Some(imp) = set.implementation() {
                ak2.push(imp);
            }
        }
        w.segment("AK2", &ak2);
        for e in seg_errors {
            write_segment_error(&mut w, kind, e);
        }
        let mut ak5: Vec<&str> = vec![status.code()];
        ak5.extend(codes.iter().take(5).map(String::as_str));
        w.segment(if kind == AckKind::Ia999 { "IK5" } else { "AK5" }, &ak5);
    }

    let received = group.sets.len();
    let mut group_codes: Vec<String> = Vec::new();
    let mut group_error = false;
    if let Some(gi) = gi {
        for issue in inbound.group_issues(gi) {
            if let Some(code) = issue.kind.code() {
                push_code(&mut group_codes, code);
            }
            group_error |= issue.is_error();
        }
    }
    let (status, accepted) = if group_error {
        (AckStatus::Rejected, 0)
    } else if received == 0 || accepted == received {
        (
            if with_errors {
                AckStatus::AcceptedWithErrors
            } else {
                AckStatus::Accepted
            },
            accepted,
        )
    } else if accepted == 0 {
        (AckStatus::Rejected, 0)
    } else {
        (AckStatus::PartiallyAccepted, accepted)
    };
    let included = group
        .ge
        .and_then(|ge| ge.element(1))
        .and_then(|n| n.trim().parse::<usize>().ok())
        .unwrap_or(received)
        .to_string();
    let received_s = received.to_string();
    let accepted_s = accepted.to_string();
    let mut ak9: Vec<&str> = vec![status.code(), &included, &received_s, &accepted_s];
    ak9.extend(group_codes.iter().take(5).map(String::as_str));
    w.segment("AK9", &ak9);

    let (set_id, implementation, version) = match kind {
        AckKind::Fa997 => ("997", None, version_997),
        AckKind::Ia999 => (
            "999",
            Some(IMPLEMENTATION_999.to_owned()),
            IMPLEMENTATION_999.to_owned(),
        ),
    };
    let out = GroupOut {
        functional_id: "FA".into(),
        sender: application_code(group.receiver(), inbound.receiver_id()),
        receiver: application_code(group.sender(), inbound.sender_id()),
        control_number: options.group_control_number,
        version,
        sets: vec![SetOut {
            id: set_id.into(),
            control_number: options.set_control_number.clone(),
            implementation,
            body: w,
        }],
    };
    (
        out,
        GroupVerdict {
            status,
            sets: verdict_sets,
        },
    )
}

/// The GS02/GS03 of an acknowledgement: the inbound group's `gs` (GS03 or GS02, trimmed), or,
/// when that cannot be a GS02/GS03 (2–15 characters) because it is what the group is rejected
/// for, the interchange id of the same party (`isa`, ISA08 or ISA06).
fn application_code(gs: &str, isa: &str) -> String {
    let gs = gs.trim();
    if (2..=15).contains(&gs.len()) {
        gs.to_owned()
    } else {
        isa.to_owned()
    }
}

fn write_segment_error(w: &mut SegmentWriter, kind: AckKind, e: &SegmentError) {
    let position = e.position.to_string();
    let code = e.ak304();
    // AK303/IK303 is AN 1/4: a longer identifier is no X12 loop id, left out.
    let loop_id = e
        .loop_id
        .as_deref()
        .filter(|l| l.len() <= 4)
        .unwrap_or_default();
    let seg_id = if kind == AckKind::Ia999 { "IK3" } else { "AK3" };
    w.segment(seg_id, &[&e.segment_id, &position, loop_id, &code]);
    if kind == AckKind::Ia999 {
        // 2100 CTX: up to 9 segment contexts and 1 business unit (X231A1).
        for c in e.context.iter().take(10) {
            let cut = |v: &str| -> String { v.chars().take(CTX_MAX).collect() };
            let name = cut(&c.name);
            let reference = c.reference.as_deref().map(cut);
            let comps: Vec<&str> = match &reference {
                Some(r) => vec![&name, r],
                None => vec![&name],
            };
            w.segment_with_components("CTX", &[&comps]);
        }
    }
    for el in &e.elements {
        let pos = el.position.to_string();
        let comp = el.component.map(|c| c.to_string()).unwrap_or_default();
        let rep = el.repetition.map(|r| r.to_string()).unwrap_or_default();
        let mut c030: Vec<&str> = vec![&pos];
        if kind == AckKind::Ia999 {
            c030.push(&comp);
            c030.push(&rep);
        } else if !comp.is_empty() {
            c030.push(&comp);
        }
        let number = el.element_number.as_deref().unwrap_or_default();
        let bad: String = el
            .bad_data
            .as_deref()
            .unwrap_or_default()
            .chars()
            .take(99)
            .collect();
        let id = if kind == AckKind::Ia999 { "IK4" } else { "AK4" };
        w.segment_with_components(id, &[&c030, &[number], &[&el.code], &[&bad]]);
    }
}

/// One TA1 to write: `TA1*ISA13*ISA09*ISA10*TA104*TA105~`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ta1Out {
    /// TA101: the acknowledged ISA13, as received.
    pub control_number: String,
    /// TA102: the acknowledged ISA09 (YYMMDD), as received.
    pub date: String,
    /// TA103: the acknowledged ISA10 (HHMM), as received.
    pub time: String,
    /// TA104: `A`, `E` or `R`.
    pub status: AckStatus,
    /// TA105: the interchange note code (`000` when there is nothing to say).
    pub note_code: String,
}

/// Whether `inbound` calls for a TA1: ISA14 = 1, or an interchange-level error.
pub fn needs_ta1(inbound: &Interchange<'_>) -> bool {
    inbound.ack_requested() || inbound.interchange_issues().any(|i| i.is_error())
}

/// The TA1 for `inbound`. `duplicate` is the caller's verdict on ISA13 (it keeps the history):
/// it rejects with `025`. Otherwise the first interchange-level error rejects (`R`) with its
/// code, a warning gives `E` with its code, and a clean envelope gives `A` / `000`.
pub fn ta1(inbound: &Interchange<'_>, duplicate: bool) -> Ta1Out {
    let (status, code) = if duplicate {
        (AckStatus::Rejected, "025")
    } else if let Some(e) = inbound.interchange_issues().find(|i| i.is_error()) {
        (AckStatus::Rejected, e.kind.code().unwrap_or("024"))
    } else if let Some(w) = inbound.interchange_issues().next() {
        (
            AckStatus::AcceptedWithErrors,
            w.kind.code().unwrap_or("024"),
        )
    } else {
        (AckStatus::Accepted, "000")
    };
    Ta1Out {
        control_number: inbound.control_number().to_owned(),
        date: inbound.date().to_owned(),
        time: inbound.time().to_owned(),
        status,
        note_code: code.to_owned(),
    }
}

// ------------------------------------------------------------------------------------------------
// Reading
// ------------------------------------------------------------------------------------------------

/// An inbound TA1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ta1Summary {
    /// TA101: the ISA13 it acknowledges.
    pub control_number: String,
    /// TA102.
    pub date: String,
    /// TA103.
    pub time: String,
    /// TA104; `None` when not a known code.
    pub status: Option<AckStatus>,
    /// TA105.
    pub note_code: String,
}

/// The acknowledgement of one transaction set (AK2…AK5 / IK5).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetResult {
    /// AK201: the set id (`850`…).
    pub id: String,
    /// AK202: the acknowledged ST02.
    pub control_number: String,
    /// AK203.
    pub implementation: Option<String>,
    /// AK501 / IK501; `None` when AK5 is missing or unknown.
    pub status: Option<AckStatus>,
    /// AK502–AK506.
    pub codes: Vec<String>,
    /// AK3/AK4 (IK3/IK4/CTX).
    pub segment_errors: Vec<SegmentError>,
}

/// One inbound 997 or 999.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionalAck {
    /// 997 or 999.
    pub kind: AckKind,
    /// ST02 of the acknowledgement itself.
    pub ack_control_number: String,
    /// AK101: the acknowledged group's GS01.
    pub functional_id: String,
    /// AK102: the acknowledged GS06.
    pub group_control_number: String,
    /// AK103: the acknowledged GS08, when given.
    pub version: Option<String>,
    /// The AK2 loops.
    pub sets: Vec<SetResult>,
    /// AK901; `None` when AK9 is missing or unknown.
    pub status: Option<AckStatus>,
    /// AK902.
    pub included: Option<u32>,
    /// AK903.
    pub received: Option<u32>,
    /// AK904.
    pub accepted: Option<u32>,
    /// AK905–AK909.
    pub codes: Vec<String>,
}

impl FunctionalAck {
    /// The status of the set with ST02 `control_number`: its AK5 when listed, otherwise
    /// accepted unless the whole group was rejected (unlisted sets are accepted in X12).
    pub fn set_status(&self, control_number: &str) -> Option<AckStatus> {
        match self
            .sets
            .iter()
            .find(|s| s.control_number == control_number)
        {
            Some(s) => s.status,
            None => self.status.map(|g| {
                if g.is_accepted() {
                    AckStatus::Accepted
                } else {
                    g
                }
            }),
        }
    }
}

/// Everything acknowledged in one inbound interchange.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AckSummary {
    /// The TA1s.
    pub ta1: Vec<Ta1Summary>,
    /// The 997s and 999s.
    pub functional: Vec<FunctionalAck>,
    /// Problems reading them (sets other than 997/999 are reported as warnings).
    pub issues: Vec<Issue>,
}

impl AckSummary {
    /// The 997/999 acknowledging our group with GS06 `control_number` (leading zeros ignored).
    pub fn group(&self, control_number: &str) -> Option<&FunctionalAck> {
        let key = control_number.trim().trim_start_matches('0');
        self.functional
            .iter()
            .find(|f| f.group_control_number.trim().trim_start_matches('0') == key)
    }

    /// The TA1 acknowledging our interchange with ISA13 `control_number` (leading zeros ignored).
    pub fn interchange(&self, control_number: &str) -> Option<&Ta1Summary> {
        let key = control_number.trim().trim_start_matches('0');
        self.ta1
            .iter()
            .find(|t| t.control_number.trim().trim_start_matches('0') == key)
    }
}

/// Read a TA1 segment.
pub fn read_ta1(seg: &Segment<'_>) -> Ta1Summary {
    let el = |n: usize| seg.element(n).unwrap_or_default().trim().to_owned();
    Ta1Summary {
        control_number: el(1),
        date: el(2),
        time: el(3),
        status: AckStatus::from_code(&el(4)),
        note_code: el(5),
    }
}

/// Read every TA1, 997 and 999 in `interchange`.
pub fn read_acks(interchange: &Interchange<'_>) -> AckSummary {
    let mut out = AckSummary {
        ta1: interchange.ta1.iter().map(read_ta1).collect(),
        ..AckSummary::default()
    };
    for group in &interchange.groups {
        for set in &group.sets {
            match set.id() {
                "997" | "999" => {
                    let (ack, issues) = read_functional_ack(set);
                    out.issues.extend(issues);
                    out.functional.extend(ack);
                }
                other => out.issues.push(Issue::warning(
                    set.st.location(),
                    format!("Transaction set {other:?} is not an acknowledgement"),
                )),
            }
        }
    }
    out
}

/// Read one 997 or 999 transaction set; `None` (with issues) when it is neither or has no AK1.
pub fn read_functional_ack(set: &TransactionSet<'_>) -> (Option<FunctionalAck>, Vec<Issue>) {
    let mut issues = Vec::new();
    let kind = match set.id() {
        "997" => AckKind::Fa997,
        "999" => AckKind::Ia999,
        other => {
            issues.push(Issue::error(
                set.st.location(),
                format!("Transaction set {other:?} is not a 997 or 999"),
            ));
            return (None, issues);
        }
    };
    let el = |s: &Segment<'_>, n: usize| s.element(n).unwrap_or_default().trim().to_owned();
    let opt = |s: &Segment<'_>, n: usize| {
        s.element(n)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let num = |s: &Segment<'_>, n: usize| s.element(n).and_then(|v| v.trim().parse::<u32>().ok());
    let codes_from = |s: &Segment<'_>, from: usize| -> Vec<String> {
        (from..=s.element_count())
            .filter_map(|n| opt(s, n))
            .collect()
    };
    let mut ack: Option<FunctionalAck> = None;
    for (i, seg) in set.body.iter().enumerate() {
        let position = i + 2;
        let loc = || Location {
            segment_position: Some(position),
            ..seg.location()
        };
        let id = seg.id();
        if id == "AK1" {
            if ack.is_some() {
                issues.push(Issue::error(loc(), "A second AK1 in one acknowledgement"));
                continue;
            }
            ack = Some(FunctionalAck {
                kind,
                ack_control_number: set.control_number().to_owned(),
                functional_id: el(seg, 1),
                group_control_number: el(seg, 2),
                version: opt(seg, 3),
                sets: Vec::new(),
                status: None,
                included: None,
                received: None,
                accepted: None,
                codes: Vec::new(),
            });
            continue;
        }
        let Some(a) = ack.as_mut() else {
            issues.push(Issue::error(loc(), format!("{id} before AK1")));
            continue;
        };
        match id {
            "AK2" => a.sets.push(SetResult {
                id: el(seg, 1),
                control_number: el(seg, 2),
                implementation: opt(seg, 3),
                status: None,
                codes: Vec::new(),
                segment_errors: Vec::new(),
            }),
            "AK3" | "IK3" => match a.sets.last_mut() {
                Some(s) => s.segment_errors.push(SegmentError {
                    segment_id: el(seg, 1),
                    position: num(seg, 2).map(|n| n as usize).unwrap_or_default(),
                    loop_id: opt(seg, 3),
                    code: opt(seg, 4),
                    elements: Vec::new(),
                    context: Vec::new(),
                    severity: Severity::Error,
                }),
                None => issues.push(Issue::error(loc(), format!("{id} outside an AK2 loop"))),
            },
            "AK4" | "IK4" => {
                let e = ElementError {
                    position: seg
                        .component(1, 1)
                        .and_then(|v| v.trim().parse().ok())
                        .unwrap_or_default(),
                    component: seg.component(1, 2).and_then(|v| v.trim().parse().ok()),
                    repetition: seg.component(1, 3).and_then(|v| v.trim().parse().ok()),
                    element_number: opt(seg, 2),
                    code: el(seg, 3),
                    bad_data: opt(seg, 4),
                };
                match a.sets.last_mut().and_then(|s| s.segment_errors.last_mut()) {
                    Some(s) => s.elements.push(e),
                    None => issues.push(Issue::error(loc(), format!("{id} outside an AK3 loop"))),
                }
            }
            "CTX" => {
                let c = Context {
                    name: seg.component(1, 1).unwrap_or_default().trim().to_owned(),
                    reference: seg
                        .component(1, 2)
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned),
                };
                // Segment context (after IK3) is kept; a CTX before any IK3 is set context.
                if let Some(s) = a.sets.last_mut().and_then(|s| s.segment_errors.last_mut()) {
                    s.context.push(c);
                }
            }
            "AK5" | "IK5" => match a.sets.last_mut() {
                Some(s) => {
                    s.status = AckStatus::from_code(&el(seg, 1));
                    if s.status.is_none() {
                        issues.push(Issue::error(
                            loc(),
                            format!("{id}01 {:?} is not a status code", el(seg, 1)),
                        ));
                    }
                    s.codes = codes_from(seg, 2);
                }
                None => issues.push(Issue::error(loc(), format!("{id} outside an AK2 loop"))),
            },
            "AK9" => {
                a.status = AckStatus::from_code(&el(seg, 1));
                if a.status.is_none() {
                    issues.push(Issue::error(
                        loc(),
                        format!("AK901 {:?} is not a status code", el(seg, 1)),
                    ));
                }
                a.included = num(seg, 2);
                a.received = num(seg, 3);
                a.accepted = num(seg, 4);
                a.codes = codes_from(seg, 5);
            }
            _ => issues.push(Issue::warning(
                loc(),
                format!("Unexpected segment {id:?} in a {}", set.id()),
            )),
        }
    }
    match &ack {
        None => issues.push(Issue::error(
            set.st.location(),
            "No AK1 in the acknowledgement",
        )),
        Some(a) if a.status.is_none() && !issues.iter().any(|i| i.message.starts_with("AK901")) => {
            issues.push(Issue::error(
                set.st.location(),
                "No AK9 in the acknowledgement",
            ));
        }
        _ => {}
    }
    (ack, issues)
}
