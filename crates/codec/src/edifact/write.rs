//! The strict writers: [`SegmentWriter`] for message bodies (release-character escaping,
//! trailing empties omitted) and [`write_interchange`] for UNA/UNB/UNH…UNT/UNZ, encoded in the
//! syntax level the data needs.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

use super::charset::Charset;
use super::envelope::Party;
use super::segment::Delimiters;
use crate::{Issue, Location};

/// Accumulates the segments of one message body (between UNH and UNT), as text.
///
/// Values are escaped with the release character (every service character in data, including
/// the repetition separator from syntax 4 on); CR and LF in data become spaces (with a warning,
/// since readers drop line breaks inside segments). Trailing empty components, repetitions and
/// elements are omitted. The text is encoded to bytes by [`write_interchange`].
#[derive(Clone, Debug)]
pub struct SegmentWriter {
    delimiters: Delimiters,
    segments: Vec<(String, String)>,
    issues: Vec<Issue>,
}

impl SegmentWriter {
    /// An empty body written with `delimiters` (use the interchange's; [`Delimiters::DEFAULT`]
    /// for syntax 3, [`Delimiters::DEFAULT_V4`] for syntax 4).
    pub fn new(delimiters: Delimiters) -> Self {
        Self {
            delimiters,
            segments: Vec::new(),
            issues: Vec::new(),
        }
    }

    /// The delimiters this writer uses.
    pub fn delimiters(&self) -> Delimiters {
        self.delimiters
    }

    /// Append `TAG+e1+e2…'` where each element is a list of components (`&["BY"]` for a simple
    /// element, `&["5412345000013", "", "9"]` for a composite).
    pub fn segment(&mut self, tag: &str, elements: &[&[&str]]) {
        let reps: Vec<[&[&str]; 1]> = elements.iter().map(|e| [*e]).collect();
        let refs: Vec<&[&[&str]]> = reps.iter().map(|r| r.as_slice()).collect();
        self.segment_with_repetitions(tag, &refs);
    }

    /// Append a segment whose elements are all simple (one component each).
    pub fn simple(&mut self, tag: &str, elements: &[&str]) {
        let comps: Vec<[&str; 1]> = elements.iter().map(|e| [*e]).collect();
        let refs: Vec<&[&str]> = comps.iter().map(|c| c.as_slice()).collect();
        self.segment(tag, &refs);
    }

    /// Append a segment whose elements repeat: element → repetitions → components, joined with
    /// the repetition separator (syntax 4). Without one, only the first repetition is written
    /// and the others are reported as errors.
    pub fn segment_with_repetitions(&mut self, tag: &str, elements: &[&[&[&str]]]) {
        let position = self.segments.len() + 2;
        let d = self.delimiters;
        let mut out = String::with_capacity(16 + elements.len() * 8);
        if !valid_tag(tag) {
            self.issues.push(Issue::error(
                loc(tag, position, None, None),
                format!("Segment tag {tag:?} is not 3 upper-case letters or digits"),
            ));
        }
        out.push_str(tag);
        let is_empty_rep = |r: &&[&str]| r.iter().all(|c| c.is_empty());
        let last_el = elements
            .iter()
            .rposition(|reps| !reps.iter().all(is_empty_rep));
        if let Some(last_el) = last_el {
            for (ei, reps) in elements.iter().take(last_el + 1).enumerate() {
                out.push(char::from(d.element));
                let last_rep = reps.iter().rposition(|r| !is_empty_rep(r)).unwrap_or(0);
                for (ri, comps) in reps.iter().take(last_rep + 1).enumerate() {
                    if ri > 0 {
                        match d.repetition {
                            Some(r) => out.push(char::from(r)),
                            None => {
                                self.issues.push(Issue::error(
                                    loc(tag, position, Some(ei + 1), None),
                                    "A repetition was dropped: the interchange has no repetition separator (syntax 4 only)",
                                ));
                                break;
                            }
                        }
                    }
                    let last_c = comps.iter().rposition(|c| !c.is_empty()).unwrap_or(0);
                    for (ci, c) in comps.iter().take(last_c + 1).enumerate() {
                        if ci > 0 {
                            out.push(char::from(d.component));
                        }
                        let component = (comps.len() > 1).then_some(ci + 1);
                        self.push_escaped(&mut out, c, tag, position, ei + 1, component);
                    }
                }
            }
        }
        out.push(char::from(d.segment));
        self.segments.push((tag.to_owned(), out));
    }

    fn push_escaped(
        &mut self,
        out: &mut String,
        text: &str,
        tag: &str,
        position: usize,
        element: usize,
        component: Option<usize>,
    ) {
        let d = self.delimiters;
        let mut unescapable = false;
        let mut line_break = false;
        for ch in text.chars() {
            let b = u8::try_from(ch).ok();
            match b {
                Some(b'\r' | b'\n') => {
                    line_break = true;
                    out.push(' ');
                }
                Some(b) if d.is_service(b) => match d.release {
                    Some(r) => {
                        out.push(char::from(r));
                        out.push(ch);
                    }
                    None => {
                        unescapable = true;
                        out.push(' ');
                    }
                },
                _ => out.push(ch),
            }
        }
        let l = loc(tag, position, Some(element), component);
        if unescapable {
            self.issues.push(Issue::error(
                l.clone(),
                "A service character in the value could not be released (no release character); replaced by a space",
            ));
        }
        if line_break {
            self.issues.push(Issue::warning(
                l,
                "A line break in the value was replaced by a space",
            ));
        }
    }

    /// Segments written so far.
    pub fn count(&self) -> usize {
        self.segments.len()
    }

    /// Problems found while writing (bad tags, unescapable characters…), located by segment
    /// position counted from UNH = 1.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The text of each segment (terminator included), with its tag.
    pub fn segments(&self) -> impl Iterator<Item = (&str, &str)> {
        self.segments.iter().map(|(t, s)| (t.as_str(), s.as_str()))
    }

    /// All segments as one string (no line breaks).
    pub fn text(&self) -> String {
        self.segments.iter().map(|(_, s)| s.as_str()).collect()
    }

    /// The segments (tag, text) and the issues.
    pub fn into_parts(self) -> (Vec<(String, String)>, Vec<Issue>) {
        (self.segments, self.issues)
    }
}

fn loc(tag: &str, position: usize, element: Option<usize>, component: Option<usize>) -> Location {
    Location {
        segment: Some(tag.to_owned()),
        segment_position: Some(position),
        element,
        component,
        ..Location::default()
    }
}

/// 3 upper-case ASCII letters or digits.
fn valid_tag(tag: &str) -> bool {
    tag.len() == 3
        && tag
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// What the `UNB` of an outbound interchange says, and how to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InterchangeHeader {
    /// The preferred syntax level (the partner's, or the default): UNOA…UNOK, UNOW or UNOY.
    pub charset: Charset,
    /// Raise the level when the data needs it (UNOA → UNOB → UNOC → UNOW); when `false`,
    /// characters the level cannot carry are error issues.
    pub raise_charset: bool,
    /// S001 0002: 3 or 4 (dates are CCYYMMDD and the repetition separator exists from 4 on).
    pub syntax_version: u8,
    /// S002.
    pub sender: Party,
    /// S003.
    pub recipient: Party,
    /// S004 date.
    pub date: NaiveDate,
    /// S004 time (HHMM).
    pub time: NaiveTime,
    /// 0020, 1–14 characters (also in UNZ).
    pub control_reference: String,
    /// 0026, e.g. the message type; empty to omit.
    pub application_reference: String,
    /// 0029; empty to omit.
    pub priority: String,
    /// 0031 = 1: ask for a CONTRL.
    pub ack_requested: bool,
    /// 0032, e.g. `EANCOM`; empty to omit.
    pub agreement_id: String,
    /// 0035 = 1: test interchange.
    pub test: bool,
    /// Write a `UNA` (always written anyway when the delimiters differ from the defaults).
    pub una: bool,
    /// The delimiters; the repetition separator is dropped below syntax 4 and `*` is used in
    /// syntax 4 when none is given.
    pub delimiters: Delimiters,
    /// Put a line break after each segment terminator (readers ignore it).
    pub line_breaks: bool,
}

impl InterchangeHeader {
    /// UNOC syntax 3, default delimiters with UNA, no ack, production; the caller fills in the
    /// parties, reference and clock.
    pub fn new(
        sender: Party,
        recipient: Party,
        control_reference: impl Into<String>,
        date: NaiveDate,
        time: NaiveTime,
    ) -> Self {
        Self {
            charset: Charset::Unoc,
            raise_charset: true,
            syntax_version: 3,
            sender,
            recipient,
            date,
            time,
            control_reference: control_reference.into(),
            application_reference: String::new(),
            priority: String::new(),
            ack_requested: false,
            agreement_id: String::new(),
            test: false,
            una: true,
            delimiters: Delimiters::DEFAULT,
            line_breaks: false,
        }
    }

    /// The delimiters actually written: repetition only from syntax 4 on (`*` by default).
    pub fn effective_delimiters(&self) -> Delimiters {
        let mut d = self.delimiters;
        if self.syntax_version < 4 {
            d.repetition = None;
        } else if d.repetition.is_none() {
            d.repetition = Some(b'*');
        }
        d
    }
}

/// One message to write.
#[derive(Clone, Debug)]
pub struct MessageOut {
    /// UNH 0062 (and UNT), 1–14 characters.
    pub reference: String,
    /// S009 0065, e.g. `ORDRSP`.
    pub message_type: String,
    /// S009 0052, e.g. `D`.
    pub version: String,
    /// S009 0054, e.g. `96A`.
    pub release: String,
    /// S009 0051, e.g. `UN`.
    pub agency: String,
    /// S009 0057, e.g. `EAN005`; empty to omit.
    pub association: String,
    /// The segments between UNH and UNT.
    pub body: SegmentWriter,
}

impl MessageOut {
    /// A `UN` message of type `message_type`, directory `D`/`release`, no association code.
    pub fn new(
        reference: impl Into<String>,
        message_type: impl Into<String>,
        release: impl Into<String>,
        body: SegmentWriter,
    ) -> Self {
        Self {
            reference: reference.into(),
            message_type: message_type.into(),
            version: "D".into(),
            release: release.into(),
            agency: "UN".into(),
            association: String::new(),
            body,
        }
    }
}

/// A written interchange.
#[derive(Clone, Debug)]
pub struct Written {
    /// The bytes, encoded in `charset`.
    pub bytes: Vec<u8>,
    /// The syntax level written in UNB S001.
    pub charset: Charset,
    /// Everything the writer could not say validly (errors) or changed (warnings); callers must
    /// not send an interchange with errors.
    pub issues: Vec<Issue>,
}

impl Written {
    /// The bytes decoded back to text (for logs and tests).
    pub fn text(&self) -> String {
        self.charset.decode(&self.bytes).into_owned()
    }

    /// Whether any issue is an error.
    pub fn has_errors(&self) -> bool {
        self.issues
            .iter()
            .any(|i| i.severity == crate::Severity::Error)
    }
}

/// A complete interchange: optional UNA, UNB with the chosen syntax identifier, UNH/UNT with the
/// right counts, UNZ with the message count, every value escaped and the whole encoded in the
/// chosen level.
///
/// The level is `header.charset`, raised (when `header.raise_charset`) to the first of UNOB
/// (only above UNOA), UNOC, UNOW that can carry every character. Characters the final level
/// cannot carry are error issues (and written as spaces), as are references that are empty or
/// longer than 14, duplicate message references, colliding delimiters and a missing sender or
/// recipient.
pub fn write_interchange(header: &InterchangeHeader, messages: &[MessageOut]) -> Written {
    let mut issues: Vec<Issue> = Vec::new();
    let d = header.effective_delimiters();
    check_delimiters(&d, &mut issues);
    let mut service = SegmentWriter::new(d);

    let mut preferred = header.charset;
    if matches!(preferred, Charset::Unknown | Charset::Unox) {
        issues.push(Issue::warning(
            loc("UNB", 0, Some(1), Some(1)),
            format!(
                "Syntax level {:?} cannot be written; UNOC was used",
                preferred.syntax_id()
            ),
        ));
        preferred = Charset::Unoc;
    }

    // Choose the level from every value.
    let mut all_text = String::new();
    for p in [&header.sender, &header.recipient] {
        all_text.push_str(&p.id);
        all_text.push_str(&p.qualifier);
        all_text.push_str(&p.routing);
    }
    all_text.push_str(&header.control_reference);
    all_text.push_str(&header.application_reference);
    all_text.push_str(&header.agreement_id);
    all_text.push_str(&header.priority);
    for m in messages {
        for (_, s) in m.body.segments() {
            all_text.push_str(s);
        }
        for v in [
            &m.reference,
            &m.message_type,
            &m.version,
            &m.release,
            &m.agency,
            &m.association,
        ] {
            all_text.push_str(v);
        }
    }
    let charset = if header.raise_charset {
        Charset::choose(preferred, &all_text)
    } else {
        preferred
    };

    // UNB. UNOW and UNOY are syntax version 4 code values: raised to one of them, the
    // interchange declares version 4 (with its 8-digit date). The delimiters stay those the
    // messages were written with, and the UNA says them.
    let syntax_version = if header.syntax_version < 4 && charset != preferred && charset.is_utf8() {
        issues.push(Issue::warning(
            loc("UNB", 0, Some(1), Some(2)),
            format!(
                "{} is a syntax version 4 level: the interchange declares version 4, not {}",
                charset.syntax_id(),
                header.syntax_version
            ),
        ));
        4
    } else {
        header.syntax_version
    };
    let version = syntax_version.to_string();
    if !(1..=4).contains(&syntax_version) {
        issues.push(Issue::error(
            loc("UNB", 0, Some(1), Some(2)),
            format!("Syntax version {version} does not exist (1 to 4)"),
        ));
    }
    let date = if syntax_version >= 4 {
        format!(
            "{:04}{:02}{:02}",
            header.date.year(),
            header.date.month(),
            header.date.day()
        )
    } else {
        format!(
            "{:02}{:02}{:02}",
            header.date.year().rem_euclid(100),
            header.date.month(),
            header.date.day()
        )
    };
    let time = format!("{:02}{:02}", header.time.hour(), header.time.minute());
    check_reference("UNB", 5, &header.control_reference, &mut issues);
    for (n, p) in [(2usize, &header.sender), (3, &header.recipient)] {
        if p.id.is_empty() {
            issues.push(Issue::error(
                loc("UNB", 0, Some(n), Some(1)),
                "The interchange sender and recipient identifications are mandatory",
            ));
        }
    }
    service.segment(
        "UNB",
        &[
            &[charset.syntax_id(), &version],
            &[
                &header.sender.id,
                &header.sender.qualifier,
                &header.sender.routing,
            ],
            &[
                &header.recipient.id,
                &header.recipient.qualifier,
                &header.recipient.routing,
            ],
            &[&date, &time],
            &[&header.control_reference],
            &[],
            &[&header.application_reference],
            &[&header.priority],
            &[if header.ack_requested { "1" } else { "" }],
            &[&header.agreement_id],
            &[if header.test { "1" } else { "" }],
        ],
    );

    let mut out: Vec<u8> = Vec::new();
    let nl = |out: &mut Vec<u8>| {
        if header.line_breaks {
            out.push(b'\n');
        }
    };
    let default_delims = Delimiters::for_version(syntax_version);
    if header.una || d != default_delims {
        out.extend_from_slice(d.una().as_bytes());
        nl(&mut out);
    }
    let mut encode = |text: &str, tag: &str, position: usize, out: &mut Vec<u8>| {
        let (bytes, bad) = charset.encode(text);
        out.extend_from_slice(&bytes);
        if !bad.is_empty() {
            let chars: String = bad.iter().map(|(_, c)| *c).collect();
            issues.push(Issue::error(
                loc(tag, position, None, None),
                format!(
                    "{} character(s) {chars:?} cannot be written in {}; written as spaces",
                    bad.len(),
                    charset.syntax_id()
                ),
            ));
        }
        nl(out);
    };
    let mut refs = std::collections::HashSet::new();
    let (service_segments, service_issues) = service.into_parts();
    for (tag, text) in &service_segments {
        encode(text, tag, 0, &mut out);
    }
    let mut message_issues = Vec::new();
    for m in messages {
        let mut w = SegmentWriter::new(d);
        let reference = m.reference.as_str();
        if !refs.insert(reference) {
            message_issues.push(Issue::error(
                loc("UNH", 1, Some(1), None),
                format!("Message reference {reference:?} is used twice in this interchange"),
            ));
        }
        check_reference("UNH", 1, reference, &mut message_issues);
        if m.body.delimiters() != d {
            message_issues.push(Issue::error(
                loc("UNH", 1, None, None),
                format!(
                    "Message {reference:?} was written with other delimiters than the interchange's"
                ),
            ));
        }
        w.segment(
            "UNH",
            &[
                &[reference],
                &[
                    &m.message_type,
                    &m.version,
                    &m.release,
                    &m.agency,
                    &m.association,
                ],
            ],
        );
        let count = (m.body.count() + 2).to_string();
        for (tag, text) in &w.into_parts().0 {
            encode(text, tag, 1, &mut out);
        }
        for (i, (tag, text)) in m.body.segments().enumerate() {
            encode(text, tag, i + 2, &mut out);
        }
        message_issues.extend(m.body.issues().iter().cloned());
        let mut w = SegmentWriter::new(d);
        w.simple("UNT", &[&count, reference]);
        for (tag, text) in &w.into_parts().0 {
            encode(text, tag, m.body.count() + 2, &mut out);
        }
    }
    let mut w = SegmentWriter::new(d);
    w.simple(
        "UNZ",
        &[&messages.len().to_string(), &header.control_reference],
    );
    for (tag, text) in &w.into_parts().0 {
        encode(text, tag, 0, &mut out);
    }
    issues.extend(service_issues);
    issues.extend(message_issues);
    Written {
        bytes: out,
        charset,
        issues,
    }
}

fn check_reference(tag: &str, element: usize, r: &str, issues: &mut Vec<Issue>) {
    let n = r.chars().count();
    if n == 0 || n > 14 {
        issues.push(Issue::error(
            loc(tag, usize::from(tag == "UNH"), Some(element), None),
            format!("Reference {r:?} must be 1 to 14 characters"),
        ));
    }
}

fn check_delimiters(d: &Delimiters, issues: &mut Vec<Issue>) {
    let mut all = vec![d.component, d.element, d.segment];
    all.extend(d.release);
    all.extend(d.repetition);
    let mut sorted = all.clone();
    sorted.sort_unstable();
    sorted.dedup();
    let bad = sorted.len() != all.len()
        || all
            .iter()
            .any(|b| b.is_ascii_alphanumeric() || *b == b' ' || !b.is_ascii());
    if bad || d.release.is_none() || !matches!(d.decimal, b'.' | b',') {
        issues.push(Issue::error(
            loc("UNA", 0, None, None),
            format!(
                "The delimiters {:?} are not usable (distinct, not letters, digits or spaces, with a release character)",
                d.una()
            ),
        ));
    }
}
