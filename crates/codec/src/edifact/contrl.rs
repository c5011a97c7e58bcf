//! CONTRL (syntax and service report): build one for an inbound interchange, and read inbound
//! CONTRL and APERAK messages for reconciling what we sent.
//!
//! # Building
//! 1. [`needs_contrl`]: UNB 0031 = 1, or anything wrong (envelope or mapping errors).
//! 2. [`contrl`] builds the CONTRL message from the envelope issues and the issues mappers and
//!    partner rules found per message ([`MessageIssues`]).
//! 3. [`Interchange::reply_header`] gives the swapped UNB, and
//!    [`write_interchange`](super::write_interchange) writes it.
//!
//! # Convention for located issues
//! An [`Issue`] becomes part of a CONTRL when it is an error: `Issue.code` is the 0085 syntax
//! error code (anything else is reported as 18, unspecified), `location.segment_position` counts
//! from UNH = 1, `location.element` and `location.component` are 1-based. Issues on UNH/UNT or
//! without a segment position are reported in the UCM itself (the first one), the others as
//! UCS (segment position + code) with a UCD (code + element:component) when an element is
//! named.
//!
//! The UCI echoes the inbound 0020, sender and recipient with action 0083: `4` when an
//! interchange-level error rejects everything, else `7` (acknowledged; lower levels too unless
//! a UCF/UCM says `4`), or `8` (received only) on request. Groups get a UCF, messages a UCM
//! when they have errors or when [`ContrlOptions::report_accepted_messages`] is set.

use std::borrow::Cow;

use chrono::{NaiveDate, NaiveTime};

use super::charset::Charset;
use super::envelope::{EnvelopeIssue, Interchange, Level, Message, Party};
use super::segment::{Delimiters, Segment};
use super::write::{InterchangeHeader, MessageOut, SegmentWriter};
use crate::{Issue, Location, Severity};

/// Action coded 0083.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `4`: this level and all lower levels rejected.
    Rejected,
    /// `7`: this level acknowledged; lower levels too unless explicitly rejected.
    Acknowledged,
    /// `8`: interchange received (nothing checked yet).
    Received,
}

impl Action {
    /// The 0083 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Rejected => "4",
            Self::Acknowledged => "7",
            Self::Received => "8",
        }
    }

    /// Parse a 0083 code (the withdrawn 1/2/3/5/6 are `None`).
    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code.trim() {
            "4" => Self::Rejected,
            "7" => Self::Acknowledged,
            "8" => Self::Received,
            _ => return None,
        })
    }
}

/// Issues found beyond the envelope (mapping, partner rules) for one inbound message.
#[derive(Clone, Debug, Default)]
pub struct MessageIssues {
    /// The group index (into [`Interchange::groups`]), `None` for messages directly under UNB.
    pub group: Option<usize>,
    /// The message index within its group or within [`Interchange::messages`].
    pub message: usize,
    /// The issues, located per the module convention.
    pub issues: Vec<Issue>,
}

/// How to build a CONTRL.
#[derive(Clone, Debug)]
pub struct ContrlOptions {
    /// UNH 0062 of the CONTRL message itself.
    pub message_reference: String,
    /// Give every message (and group) a UCM (UCF), not only the rejected ones.
    pub report_accepted_messages: bool,
    /// Only say "received" (UCI 0083 = 8) when nothing is wrong at the interchange level.
    pub received_only: bool,
    /// S009 0057 of the CONTRL itself (e.g. `EAN002` for EANCOM partners); empty to omit.
    pub association: String,
}

impl Default for ContrlOptions {
    fn default() -> Self {
        Self {
            message_reference: "1".into(),
            report_accepted_messages: true,
            received_only: false,
            association: String::new(),
        }
    }
}

/// Whether a CONTRL is due: the sender asked (UNB 0031 = 1), or there is an envelope error, or
/// one of `issues` (mapping, rules) is an error. Never for an interchange of CONTRL messages
/// only: a CONTRL is not acknowledged by a CONTRL.
pub fn needs_contrl(inbound: &Interchange<'_>, issues: &[Issue]) -> bool {
    let messages = inbound.all_messages();
    let only_contrl = !messages.is_empty()
        && messages
            .iter()
            .all(|(_, _, m)| m.message_type() == "CONTRL");
    !only_contrl
        && (inbound.header.ack_requested()
            || inbound.has_errors()
            || issues.iter().any(|i| i.severity == Severity::Error))
}

/// A 0085 code from an issue: its code when it is 1–3 digits, else `18` (unspecified).
fn code_of(issue: &Issue) -> String {
    match issue.code.as_deref() {
        Some(c) if (1..=3).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => {
            c.to_owned()
        }
        _ => "18".to_owned(),
    }
}

fn s011(loc: &Location) -> (String, String) {
    (
        loc.element.map(|e| e.to_string()).unwrap_or_default(),
        loc.component.map(|c| c.to_string()).unwrap_or_default(),
    )
}

impl Interchange<'_> {
    /// The syntax version of replies: the inbound one when 1–4, else 3.
    fn reply_version(&self) -> u8 {
        self.header
            .version_number()
            .filter(|v| (1..=4).contains(v))
            .unwrap_or(3)
    }

    /// The delimiters of a reply to this interchange: the inbound ones when usable (distinct,
    /// ASCII, not letters, digits or spaces, with a release character), else the defaults; the
    /// repetition separator only from syntax 4 on (`*` when the inbound had none).
    pub fn reply_delimiters(&self) -> Delimiters {
        let d = self.delimiters;
        let version = self.reply_version();
        let mut all = vec![d.component, d.element, d.segment];
        all.extend(d.release);
        let mut uniq = all.clone();
        uniq.sort_unstable();
        uniq.dedup();
        let usable = d.release.is_some()
            && uniq.len() == all.len()
            && all
                .iter()
                .all(|b| b.is_ascii() && !b.is_ascii_alphanumeric() && *b != b' ')
            && matches!(d.decimal, b'.' | b',');
        let mut out = if usable {
            d
        } else {
            Delimiters::for_version(version)
        };
        if version < 4 {
            out.repetition = None;
        } else if out
            .repetition
            .is_none_or(|r| all.contains(&r) || !r.is_ascii() || r.is_ascii_alphanumeric())
        {
            out.repetition = [b'*', b'^', b'~', b'!']
                .into_iter()
                .find(|c| !all.contains(c));
        }
        out
    }

    /// The header of a reply to this interchange (CONTRL, APERAK, or any outbound document to
    /// the same partner): sender and recipient swapped, the inbound syntax identifier (UNOC when
    /// it cannot be written), version (3 when unsupported), delimiters
    /// ([`Interchange::reply_delimiters`]) and test indicator mirrored, UNA written when the
    /// inbound had one, no acknowledgement requested. The caller supplies the control reference
    /// and the clock. For a bare message file (no UNB) the parties are empty, which the writer
    /// reports as errors.
    pub fn reply_header(
        &self,
        control_reference: impl Into<String>,
        date: NaiveDate,
        time: NaiveTime,
    ) -> InterchangeHeader {
        let h = &self.header;
        let charset = match h.charset {
            Some(cs) if !matches!(cs, Charset::Unox | Charset::Unknown) => cs,
            _ => Charset::Unoc,
        };
        let version = self.reply_version();
        let delimiters = self.reply_delimiters();
        InterchangeHeader {
            charset,
            raise_charset: true,
            syntax_version: version,
            sender: h.recipient.clone(),
            recipient: h.sender.clone(),
            date,
            time,
            control_reference: control_reference.into(),
            application_reference: String::new(),
            priority: String::new(),
            ack_requested: false,
            agreement_id: h.agreement_id.clone(),
            test: h.is_test(),
            una: self.una.is_some() || delimiters != Delimiters::for_version(version),
            delimiters,
            line_breaks: false,
        }
    }
}

/// Build the CONTRL message answering `inbound` (see the module docs for the layout). `extra`
/// carries the mapping and rule issues per message. Write it with
/// [`Interchange::reply_header`] and [`write_interchange`](super::write_interchange).
pub fn contrl(
    inbound: &Interchange<'_>,
    extra: &[MessageIssues],
    opts: &ContrlOptions,
) -> MessageOut {
    let d = inbound.reply_delimiters();
    let version = inbound.reply_version();
    let mut w = SegmentWriter::new(d);
    let h = &inbound.header;

    // UCI
    let ic_error = inbound
        .interchange_issues()
        .find(|i| i.is_error())
        .map(|i| &i.issue);
    let action = if ic_error.is_some() {
        Action::Rejected
    } else if opts.received_only {
        Action::Received
    } else {
        Action::Acknowledged
    };
    let party = |p: &Party| [p.id.clone(), p.qualifier.clone(), p.routing.clone()];
    let sender = party(&h.sender);
    let recipient = party(&h.recipient);
    let (code, tag, el, comp) = match ic_error {
        Some(i) => {
            let (e, c) = s011(&i.location);
            (
                code_of(i),
                i.location.segment.clone().unwrap_or_default(),
                e,
                c,
            )
        }
        None => Default::default(),
    };
    w.segment(
        "UCI",
        &[
            &[&h.control_reference],
            &[&sender[0], &sender[1], &sender[2]],
            &[&recipient[0], &recipient[1], &recipient[2]],
            &[action.code()],
            &[&code],
            &[&tag],
            &[&el, &comp],
        ],
    );

    if action == Action::Acknowledged {
        // Messages directly under UNB.
        for (mi, m) in inbound.messages.iter().enumerate() {
            ucm(&mut w, inbound, None, mi, m, extra, opts);
        }
        // Groups.
        for (gi, g) in inbound.groups.iter().enumerate() {
            let group_error = group_rejection(inbound, gi);
            let message_errors = g
                .messages
                .iter()
                .enumerate()
                .any(|(mi, _)| !message_error_issues(inbound, Some(gi), mi, extra).is_empty());
            if group_error.is_none() && !message_errors && !opts.report_accepted_messages {
                continue;
            }
            let ga = if group_error.is_some() {
                Action::Rejected
            } else {
                Action::Acknowledged
            };
            let (code, tag, el, comp) = match group_error {
                Some(i) => {
                    let (e, c) = s011(&i.location);
                    (
                        code_of(i),
                        i.location.segment.clone().unwrap_or_default(),
                        e,
                        c,
                    )
                }
                None => Default::default(),
            };
            let gs = party(&g.sender());
            let gr = party(&g.recipient());
            w.segment(
                "UCF",
                &[
                    &[&g.reference()],
                    &[&gs[0], &gs[1], &gs[2]],
                    &[&gr[0], &gr[1], &gr[2]],
                    &[ga.code()],
                    &[&code],
                    &[&tag],
                    &[&el, &comp],
                ],
            );
            if ga == Action::Acknowledged {
                for (mi, m) in g.messages.iter().enumerate() {
                    ucm(&mut w, inbound, Some(gi), mi, m, extra, opts);
                }
            }
        }
    }

    let (v, r) = if version >= 4 { ("4", "1") } else { ("D", "3") };
    MessageOut {
        reference: opts.message_reference.clone(),
        message_type: "CONTRL".into(),
        version: v.into(),
        release: r.into(),
        agency: "UN".into(),
        association: opts.association.clone(),
        body: w,
    }
}

/// The CONTRL refusing `inbound` as a duplicate: `UCI` echoing its 0020 and parties with action
/// 4 (rejected) and syntax error 26 (duplicate detected) on UNB 0020 (element 5). Nothing below
/// the interchange is reported: none of it was processed.
pub fn contrl_duplicate(inbound: &Interchange<'_>, opts: &ContrlOptions) -> MessageOut {
    contrl_refusing(inbound, "26", 5, opts)
}

/// The CONTRL refusing `inbound` as a whole: `UCI` echoing its 0020 and parties with action 4
/// (rejected), syntax error `code` (0085, e.g. `7`: not the actual recipient, `26`: duplicate)
/// on UNB element `element`. Nothing below the interchange is reported.
pub fn contrl_refusing(
    inbound: &Interchange<'_>,
    code: &str,
    element: usize,
    opts: &ContrlOptions,
) -> MessageOut {
    let element = element.to_string();
    let mut w = SegmentWriter::new(inbound.reply_delimiters());
    let h = &inbound.header;
    let party = |p: &Party| [p.id.clone(), p.qualifier.clone(), p.routing.clone()];
    let (sender, recipient) = (party(&h.sender), party(&h.recipient));
    w.segment(
        "UCI",
        &[
            &[&h.control_reference],
            &[&sender[0], &sender[1], &sender[2]],
            &[&recipient[0], &recipient[1], &recipient[2]],
            &[Action::Rejected.code()],
            &[code],
            &["UNB"],
            &[&element],
        ],
    );
    let (v, r) = if inbound.reply_version() >= 4 {
        ("4", "1")
    } else {
        ("D", "3")
    };
    MessageOut {
        reference: opts.message_reference.clone(),
        message_type: "CONTRL".into(),
        version: v.into(),
        release: r.into(),
        agency: "UN".into(),
        association: String::new(),
        body: w,
    }
}

/// The error issues of one message: envelope (message level) and extra.
fn message_error_issues<'i>(
    inbound: &'i Interchange<'_>,
    group: Option<usize>,
    message: usize,
    extra: &'i [MessageIssues],
) -> Vec<&'i Issue> {
    let env = inbound
        .message_issues(group, message)
        .filter(|i| i.is_error())
        .map(|i: &EnvelopeIssue| &i.issue);
    let more = extra
        .iter()
        .filter(|m| m.group == group && m.message == message)
        .flat_map(|m| m.issues.iter())
        .filter(|i| i.severity == Severity::Error);
    env.chain(more).collect()
}

fn ucm(
    w: &mut SegmentWriter,
    inbound: &Interchange<'_>,
    group: Option<usize>,
    index: usize,
    m: &Message<'_>,
    extra: &[MessageIssues],
    opts: &ContrlOptions,
) {
    let errors = message_error_issues(inbound, group, index, extra);
    if errors.is_empty() && !opts.report_accepted_messages {
        return;
    }
    let action = if errors.is_empty() {
        Action::Acknowledged
    } else {
        Action::Rejected
    };
    let is_ucm_level = |i: &Issue| {
        i.location.segment_position.is_none()
            || matches!(i.location.segment.as_deref(), Some("UNH" | "UNT"))
    };
    let head = errors.iter().find(|i| is_ucm_level(i));
    let (code, tag, el, comp) = match head {
        Some(i) => {
            let (e, c) = s011(&i.location);
            (
                code_of(i),
                i.location.segment.clone().unwrap_or_default(),
                e,
                c,
            )
        }
        None => Default::default(),
    };
    w.segment(
        "UCM",
        &[
            &[&m.reference()],
            &[
                &m.message_type(),
                &m.version(),
                &m.release(),
                &m.agency(),
                &m.association(),
            ],
            &[action.code()],
            &[&code],
            &[&tag],
            &[&el, &comp],
        ],
    );
    // UCS/UCD, by segment position in input order of first mention.
    let mut positions: Vec<usize> = Vec::new();
    for i in errors.iter().filter(|i| !is_ucm_level(i)) {
        if let Some(p) = i.location.segment_position {
            if !positions.contains(&p) {
                positions.push(p);
            }
        }
    }
    positions.sort_unstable();
    for p in positions {
        let at_p: Vec<&&Issue> = errors
            .iter()
            .filter(|i| !is_ucm_level(i) && i.location.segment_position == Some(p))
            .collect();
        let seg_code = at_p
            .iter()
            .find(|i| i.location.element.is_none())
            .map(|i| code_of(i))
            .unwrap_or_default();
        w.segment("UCS", &[&[&p.to_string()], &[&seg_code]]);
        for i in at_p.iter().filter(|i| i.location.element.is_some()) {
            let (e, c) = s011(&i.location);
            w.segment("UCD", &[&[&code_of(i)], &[&e, &c]]);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// One group in an inbound CONTRL (UCF).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GroupReport {
    /// UCF 0048: the reference of the group we sent.
    pub reference: String,
    /// 0083.
    pub action: Option<Action>,
    /// 0085, when given.
    pub error: Option<String>,
}

/// One segment error in an inbound CONTRL (UCS and its UCDs).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentReport {
    /// UCS 0096: segment position (UNH = 1).
    pub position: usize,
    /// UCS 0085, when given.
    pub error: Option<String>,
    /// UCD: (0085, element position, component position).
    pub elements: Vec<(String, usize, Option<usize>)>,
}

/// One message in an inbound CONTRL (UCM).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageReport {
    /// UCM 0062: the reference of the message we sent.
    pub reference: String,
    /// UCM S009 0065.
    pub message_type: String,
    /// The UCF reference it is under, when in a group.
    pub group: Option<String>,
    /// 0083.
    pub action: Option<Action>,
    /// 0085, when given.
    pub error: Option<String>,
    /// UCM 0013: the service segment in error, when given.
    pub error_segment: Option<String>,
    /// UCS/UCD.
    pub segments: Vec<SegmentReport>,
}

impl MessageReport {
    /// Whether the message was not rejected.
    pub fn accepted(&self) -> bool {
        self.action != Some(Action::Rejected)
    }
}

/// What an inbound CONTRL says about an interchange we sent.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ContrlReport {
    /// UCI 0020: the reference of our interchange.
    pub interchange_reference: String,
    /// UCI S002: the sender of that interchange (us).
    pub sender: Party,
    /// UCI S003: its recipient.
    pub recipient: Party,
    /// UCI 0083.
    pub action: Option<Action>,
    /// UCI 0085, when given.
    pub error: Option<String>,
    /// UCI 0013, when given.
    pub error_segment: Option<String>,
    /// UCF, in order.
    pub groups: Vec<GroupReport>,
    /// UCM, in order.
    pub messages: Vec<MessageReport>,
}

impl ContrlReport {
    /// Whether the interchange was not rejected as a whole.
    pub fn interchange_accepted(&self) -> bool {
        self.action != Some(Action::Rejected)
    }

    /// The UCM for our message reference `reference`, if any.
    pub fn message(&self, reference: &str) -> Option<&MessageReport> {
        self.messages.iter().find(|m| m.reference == reference)
    }

    /// Whether our message `reference` counts as accepted: not rejected itself, nor its group,
    /// nor the interchange (an unmentioned message is acknowledged with the UCI unless that says
    /// 8 = received only, in which case `None`).
    pub fn message_accepted(&self, reference: &str) -> Option<bool> {
        if !self.interchange_accepted() {
            return Some(false);
        }
        match self.message(reference) {
            Some(m) => {
                let group_rejected = m.group.as_deref().is_some_and(|g| {
                    self.groups
                        .iter()
                        .any(|gr| gr.reference == g && gr.action == Some(Action::Rejected))
                });
                Some(m.accepted() && !group_rejected)
            }
            None if self.action == Some(Action::Acknowledged) => Some(true),
            None => None,
        }
    }
}

/// One error in an inbound APERAK (ERC and the FTX after it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AperakError {
    /// ERC C901 9321: the application error code.
    pub code: String,
    /// FTX 4440 texts following the ERC (components joined with a space).
    pub texts: Vec<String>,
}

/// What an inbound APERAK says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AperakReport {
    /// UNH 0062 of the APERAK.
    pub message_reference: String,
    /// BGM C002 1001: document name code (e.g. `313`).
    pub document_name: String,
    /// BGM C106 1004: the APERAK's own number.
    pub document_number: String,
    /// BGM 1225: message function (`27` = not accepted, `29` = accepted without amendment…).
    pub function: String,
    /// DTM 137 (document date), as sent.
    pub date: Option<String>,
    /// RFF qualifier and reference (e.g. `ACW` = reference of the message being answered,
    /// `ON` = order number), in order.
    pub references: Vec<(String, String)>,
    /// DOC segments: the documents answered, as (C002 1001 document name code, C503 1004
    /// document number), e.g. (`380`, `INV-1`).
    pub documents: Vec<(String, String)>,
    /// ERC/FTX pairs, in order; FTX before any ERC are kept with an empty code.
    pub errors: Vec<AperakError>,
}

impl AperakReport {
    /// Whether the referenced document was accepted: BGM 1225 `27` means not accepted, `29`
    /// accepted; otherwise accepted when there is no ERC or every ERC code is `1` (no error), as
    /// the common samples use it.
    pub fn accepted(&self) -> bool {
        match self.function.as_str() {
            "27" => false,
            "29" => true,
            _ => self
                .errors
                .iter()
                .all(|e| e.code.is_empty() || e.code == "1"),
        }
    }

    /// The first reference with qualifier `qualifier` (e.g. `ACW`).
    pub fn reference(&self, qualifier: &str) -> Option<&str> {
        self.references
            .iter()
            .find(|(q, _)| q == qualifier)
            .map(|(_, r)| r.as_str())
    }
}

/// Every CONTRL and APERAK of an inbound interchange.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AckSummary {
    /// CONTRL messages, in order.
    pub contrl: Vec<ContrlReport>,
    /// APERAK messages, in order.
    pub aperak: Vec<AperakReport>,
    /// Problems reading them (missing UCI…).
    pub issues: Vec<Issue>,
}

impl AckSummary {
    /// The CONTRL about our interchange `reference`, if any.
    pub fn interchange(&self, reference: &str) -> Option<&ContrlReport> {
        self.contrl
            .iter()
            .find(|c| c.interchange_reference == reference)
    }
}

fn owned(v: Option<Cow<'_, str>>) -> String {
    v.map(Cow::into_owned).unwrap_or_default()
}

fn party_at(seg: &Segment<'_>, n: usize) -> Party {
    Party {
        id: owned(seg.value(n, 1)),
        qualifier: owned(seg.value(n, 2)),
        routing: owned(seg.value(n, 3)),
    }
}

/// Read one CONTRL message. Problems (no UCI, a UCS before any UCM…) are warnings.
pub fn read_contrl(msg: &Message<'_>) -> (ContrlReport, Vec<Issue>) {
    let mut report = ContrlReport::default();
    let mut issues = Vec::new();
    let mut group: Option<String> = None;
    let mut seen_uci = false;
    for seg in msg.segments() {
        match seg.tag() {
            "UCI" => {
                seen_uci = true;
                report.interchange_reference = owned(seg.value(1, 1));
                report.sender = party_at(&seg, 2);
                report.recipient = party_at(&seg, 3);
                report.action = seg.value(4, 1).and_then(|a| Action::from_code(&a));
                report.error = seg.value(5, 1).map(Cow::into_owned);
                report.error_segment = seg.value(6, 1).map(Cow::into_owned);
            }
            "UCF" => {
                let reference = owned(seg.value(1, 1));
                group = Some(reference.clone());
                report.groups.push(GroupReport {
                    reference,
                    action: seg.value(4, 1).and_then(|a| Action::from_code(&a)),
                    error: seg.value(5, 1).map(Cow::into_owned),
                });
            }
            "UCM" => report.messages.push(MessageReport {
                reference: owned(seg.value(1, 1)),
                message_type: owned(seg.value(2, 1)),
                group: group.clone(),
                action: seg.value(3, 1).and_then(|a| Action::from_code(&a)),
                error: seg.value(4, 1).map(Cow::into_owned),
                error_segment: seg.value(5, 1).map(Cow::into_owned),
                segments: Vec::new(),
            }),
            "UCS" => match report.messages.last_mut() {
                Some(m) => m.segments.push(SegmentReport {
                    position: seg
                        .value(1, 1)
                        .and_then(|p| p.trim().parse().ok())
                        .unwrap_or(0),
                    error: seg.value(2, 1).map(Cow::into_owned),
                    elements: Vec::new(),
                }),
                None => issues.push(Issue::warning(seg.location(), "UCS before any UCM")),
            },
            "UCD" => match report
                .messages
                .last_mut()
                .and_then(|m| m.segments.last_mut())
            {
                Some(s) => s.elements.push((
                    owned(seg.value(1, 1)),
                    seg.value(2, 1)
                        .and_then(|p| p.trim().parse().ok())
                        .unwrap_or(0),
                    seg.value(2, 2).and_then(|p| p.trim().parse().ok()),
                )),
                None => issues.push(Issue::warning(seg.location(), "UCD before any UCS")),
            },
            _ => {}
        }
    }
    if !seen_uci {
        issues.push(Issue::warning(msg.unh.location(), "CONTRL without UCI"));
    }
    (report, issues)
}

/// Read one APERAK message.
pub fn read_aperak(msg: &Message<'_>) -> AperakReport {
    let mut r = AperakReport {
        message_reference: msg.reference().into_owned(),
        ..AperakReport::default()
    };
    for seg in msg.segments() {
        match seg.tag() {
            "BGM" => {
                r.document_name = owned(seg.value(1, 1));
                r.document_number = owned(seg.value(2, 1));
                r.function = owned(seg.value(3, 1));
            }
            "DTM" if seg.value(1, 1).as_deref() == Some("137") => {
                r.date = seg.value(1, 2).map(Cow::into_owned);
            }
            "RFF" => r
                .references
                .push((owned(seg.value(1, 1)), owned(seg.value(1, 2)))),
            "DOC" => r
                .documents
                .push((owned(seg.value(1, 1)), owned(seg.value(2, 1)))),
            "ERC" => r.errors.push(AperakError {
                code: owned(seg.value(1, 1)),
                texts: Vec::new(),
            }),
            "FTX" => {
                let text: Vec<String> = (1..=5)
                    .filter_map(|c| seg.value(4, c).map(Cow::into_owned))
                    .collect();
                if text.is_empty() {
                    continue;
                }
                if r.errors.is_empty() {
                    r.errors.push(AperakError::default());
                }
                if let Some(e) = r.errors.last_mut() {
                    e.texts.push(text.join(" "));
                }
            }
            _ => {}
        }
    }
    r
}

/// Read every CONTRL and APERAK of `inbound`.
pub fn read_acks(inbound: &Interchange<'_>) -> AckSummary {
    let mut out = AckSummary::default();
    for (_, _, m) in inbound.all_messages() {
        match m.message_type().as_ref() {
            "CONTRL" => {
                let (r, issues) = read_contrl(m);
                out.contrl.push(r);
                out.issues.extend(issues);
            }
            "APERAK" => out.aperak.push(read_aperak(m)),
            _ => {}
        }
    }
    out
}

/// Whether the interchange has an interchange-level envelope error, i.e. its CONTRL rejects it
/// as a whole (UCI 0083 = 4) and none of its messages should be processed.
pub fn rejects_interchange(inbound: &Interchange<'_>) -> bool {
    inbound
        .issues
        .iter()
        .any(|i| i.is_error() && i.level() == Level::Interchange)
}

/// The first group-level envelope error of group `group` (UNG/UNE counts or references), which
/// makes its CONTRL reject the group as a whole (UCF 0083 = 4): none of the group's messages
/// may then be processed. `None` when the group is accepted.
pub fn group_rejection<'i>(inbound: &'i Interchange<'_>, group: usize) -> Option<&'i Issue> {
    inbound
        .group_issues(group)
        .find(|i| i.is_error())
        .map(|i| &i.issue)
}
