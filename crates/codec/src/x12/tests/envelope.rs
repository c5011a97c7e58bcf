//! Envelope validation: every check, with its level, indices and ack code.

use super::*;
use crate::x12::{EnvelopeIssue, Level};
use crate::Severity;

/// GOOD with `from` replaced by `to` in one segment.
fn good_with(from: &str, to: &str) -> String {
    let body: Vec<String> = GOOD
        .iter()
        .map(|s| {
            if *s == from {
                to.to_owned()
            } else {
                (*s).to_owned()
            }
        })
        .collect();
    assert!(GOOD.contains(&from), "{from} not in GOOD");
    let refs: Vec<&str> = body.iter().map(String::as_str).collect();
    interchange(&refs)
}

/// The single issue of `text`, checked for kind, level, code and indices.
fn single(
    text: &str,
    kind: EnvelopeErrorKind,
    code: &str,
    group: Option<usize>,
    set: Option<usize>,
) -> EnvelopeIssue {
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [kind], "{:#?}", ic.issues);
    let issue = ic.issues[0].clone();
    assert_eq!(issue.issue.code.as_deref(), Some(code));
    assert_eq!(issue.kind.code(), Some(code));
    assert_eq!((issue.group, issue.set), (group, set));
    issue
}

#[test]
fn segment_count_mismatch() {
    let i = single(
        &good_with("SE*5*0001~", "SE*6*0001~"),
        EnvelopeErrorKind::SegmentCountMismatch,
        "4",
        Some(0),
        Some(0),
    );
    assert_eq!(i.level(), Level::Set);
    assert_eq!(i.issue.location.segment.as_deref(), Some("SE"));
    assert_eq!(i.issue.location.segment_position, Some(5));
    assert_eq!(i.issue.location.element, Some(1));
    // Not a number at all: the same problem, no panic.
    single(
        &good_with("SE*5*0001~", "SE*X*0001~"),
        EnvelopeErrorKind::SegmentCountMismatch,
        "4",
        Some(0),
        Some(0),
    );
}

#[test]
fn set_control_number_mismatch() {
    single(
        &good_with("SE*5*0001~", "SE*5*0002~"),
        EnvelopeErrorKind::SetControlNumberMismatch,
        "3",
        Some(0),
        Some(0),
    );
}

#[test]
fn invalid_set_header() {
    single(
        &good_with("ST*850*0001~", "ST*85*0001~"),
        EnvelopeErrorKind::InvalidSetId,
        "6",
        Some(0),
        Some(0),
    );
    let parsed_text = good_with("ST*850*0001~", "ST*850*001~").replace("SE*5*0001~", "SE*5*001~");
    single(
        &parsed_text,
        EnvelopeErrorKind::InvalidSetControlNumber,
        "7",
        Some(0),
        Some(0),
    );
}

#[test]
fn missing_se() {
    let i = single(
        &good_with("SE*5*0001~", "REF*ZZ*1~"),
        EnvelopeErrorKind::MissingSe,
        "2",
        Some(0),
        Some(0),
    );
    assert!(
        i.issue.message.contains("found \"GE\""),
        "{}",
        i.issue.message
    );
    let text = good_with("SE*5*0001~", "REF*ZZ*1~");
    let parsed = parse_ok(text.as_bytes());
    let set = &only(&parsed).groups[0].sets[0];
    assert!(set.se.is_none());
    assert_eq!(set.body.len(), 4, "the set runs to the GE");
}

#[test]
fn duplicate_st02_and_ge01() {
    let body = [
        GOOD[0],
        GOOD[1],
        GOOD[2],
        GOOD[3],
        GOOD[4],
        GOOD[5], // set 1
        GOOD[1],
        GOOD[2],
        GOOD[3],
        GOOD[4],
        GOOD[5], // set 2, same ST02
        "GE*2*1~",
        "IEA*1*000000001~",
    ];
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::DuplicateSetControlNumber]);
    assert_eq!((ic.issues[0].group, ic.issues[0].set), (Some(0), Some(1)));
    assert_eq!(ic.issues[0].issue.code.as_deref(), Some("23"));
    assert_eq!(ic.set_issues(0, 1).count(), 1);
    assert_eq!(ic.set_issues(0, 0).count(), 0);
}

#[test]
fn group_trailer_problems() {
    single(
        &good_with("GE*1*1~", "GE*2*1~"),
        EnvelopeErrorKind::SetCountMismatch,
        "5",
        Some(0),
        None,
    );
    single(
        &good_with("GE*1*1~", "GE*1*2~"),
        EnvelopeErrorKind::GroupControlNumberMismatch,
        "4",
        Some(0),
        None,
    );
    let text = good_with("GE*1*1~", "NTE*GEN*x~");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        kinds(ic),
        [
            EnvelopeErrorKind::UnexpectedSegment,
            EnvelopeErrorKind::MissingGe
        ]
    );
    assert_eq!(ic.issues[0].level(), Level::Interchange);
    assert_eq!(ic.issues[0].issue.code.as_deref(), Some("022"));
    assert_eq!(ic.issues[0].group, Some(0));
}

#[test]
fn missing_ge() {
    let mut body: Vec<&str> = GOOD.to_vec();
    body.retain(|s| !s.starts_with("GE"));
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::MissingGe]);
    let i = &ic.issues[0];
    assert_eq!(
        (i.level(), i.group, i.issue.code.as_deref()),
        (Level::Group, Some(0), Some("3"))
    );
    assert_eq!(ic.group_issues(0).count(), 1);
}

#[test]
fn group_control_numbers() {
    single(
        &good_with(
            GOOD[0],
            "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1A*X*004010~",
        )
        .replace("GE*1*1~", "GE*1*1A~"),
        EnvelopeErrorKind::InvalidGroupControlNumber,
        "6",
        Some(0),
        None,
    );
    // The same GS06 twice (leading zeros do not make it different).
    let mut body: Vec<&str> = GOOD[..7].to_vec();
    body.extend_from_slice(&[
        "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*0001*X*004010~",
        "ST*850*0001~",
        "SE*2*0001~",
        "GE*1*0001~",
        "IEA*2*000000001~",
    ]);
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::DuplicateGroupControlNumber]);
    assert_eq!(
        (ic.issues[0].group, ic.issues[0].issue.code.as_deref()),
        (Some(1), Some("19"))
    );
}

#[test]
fn gs_content() {
    let text = good_with(GOOD[0], "GS*PURCHASE*S*RECEIVERAPP*20241331*2500*1*Y*~");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let got: Vec<(EnvelopeErrorKind, Option<usize>)> = ic
        .issues
        .iter()
        .map(|i| (i.kind, i.issue.location.element))
        .collect();
    assert_eq!(
        got,
        [1u8, 2, 4, 5, 7, 8].map(|e| (
            EnvelopeErrorKind::InvalidGsElement { element: e },
            Some(usize::from(e))
        ))
    );
    // Each rejects its group only (AK9), with the AK905 code there is: 1 for GS01, 2 for
    // GS08, none for the others (data element 716 has no code for them).
    assert!(ic
        .issues
        .iter()
        .all(|i| i.level() == Level::Group && i.group == Some(0) && i.set.is_none()));
    assert_eq!(
        ic.issues
            .iter()
            .map(|i| i.issue.code.as_deref())
            .collect::<Vec<_>>(),
        [Some("1"), None, None, None, None, Some("2")]
    );
    assert_eq!(ic.interchange_issues().count(), 0);
    assert_eq!(ic.group_issues(0).count(), 6);
    // GS08 must start with a known version and release.
    for version in ["4010", "UNKNOWN", "001010", "010010", "00401O"] {
        let gs = format!("GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*{version}~");
        single(
            &good_with(GOOD[0], &gs),
            EnvelopeErrorKind::InvalidGsElement { element: 8 },
            "2",
            Some(0),
            None,
        );
    }
    for version in ["004010VICS", "005010X231A1", "003060", "009999"] {
        let gs = format!("GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*{version}~");
        let text = good_with(GOOD[0], &gs);
        let parsed = parse_ok(text.as_bytes());
        assert!(only(&parsed).issues.is_empty(), "{version}");
    }
    // YYMMDD is the GS04 of versions before 004010; HHMMSSdd is a valid GS05.
    let text = good_with(
        GOOD[0],
        "GS*PO*SENDERAPP*RECEIVERAPP*240131*11000099*1*X*003060~",
    );
    let parsed = parse_ok(text.as_bytes());
    assert!(
        only(&parsed).issues.is_empty(),
        "{:#?}",
        only(&parsed).issues
    );
}

#[test]
fn interchange_trailer_problems() {
    single(
        &good_with("IEA*1*000000001~", "IEA*2*000000001~"),
        EnvelopeErrorKind::GroupCountMismatch,
        "021",
        None,
        None,
    );
    single(
        &good_with("IEA*1*000000001~", "IEA*1*000000009~"),
        EnvelopeErrorKind::InterchangeControlNumberMismatch,
        "001",
        None,
        None,
    );
    let mut body: Vec<&str> = GOOD.to_vec();
    body.pop();
    let i = single(
        &interchange(&body),
        EnvelopeErrorKind::MissingIea,
        "023",
        None,
        None,
    );
    assert_eq!(i.level(), Level::Interchange);
}

#[test]
fn isa_values() {
    let cases = [
        ("*240131*1100*", "*241331*1100*", 9u8, "014"),
        ("*240131*1100*", "*240131*2460*", 10, "015"),
        ("*00401*", "*00040*", 12, "017"),
        ("*000000001*0*", "*00000000A*0*", 13, "018"),
        ("*000000001*0*P", "*000000001*2*P", 14, "019"),
        ("*0*P*:", "*0*Q*:", 15, "020"),
        ("ISA*00*", "ISA*99*", 1, "010"),
        ("*          *ZZ*SENDER", "*          *Z *SENDER", 5, "005"),
    ];
    for (from, to, element, code) in cases {
        let text = interchange(GOOD).replacen(from, to, 1);
        let parsed = parse_ok(text.as_bytes());
        let ic = only(&parsed);
        let bad: Vec<&EnvelopeIssue> = ic
            .issues
            .iter()
            .filter(|i| i.kind != EnvelopeErrorKind::InterchangeControlNumberMismatch)
            .collect();
        assert_eq!(bad.len(), 1, "{to}: {:#?}", ic.issues);
        assert_eq!(
            bad[0].kind,
            EnvelopeErrorKind::InvalidIsaElement { element },
            "{to}"
        );
        assert_eq!(bad[0].issue.code.as_deref(), Some(code), "{to}");
        assert_eq!(bad[0].issue.location.element, Some(usize::from(element)));
        assert_eq!(bad[0].issue.severity, Severity::Error);
    }
}

#[test]
fn segments_outside_a_set_are_one_issue_per_run() {
    let body = [
        GOOD[0],
        "NTE*GEN*a~",
        "NTE*GEN*b~",
        "NTE*GEN*c~",
        GOOD[1],
        GOOD[2],
        GOOD[3],
        GOOD[4],
        GOOD[5],
        "NTE*GEN*d~",
        GOOD[6],
        GOOD[7],
    ];
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        kinds(ic),
        [
            EnvelopeErrorKind::UnexpectedSegment,
            EnvelopeErrorKind::UnexpectedSegment
        ]
    );
    assert!(
        ic.issues[0].issue.message.starts_with("3 segments"),
        "{}",
        ic.issues[0].issue.message
    );
    assert_eq!(ic.issues[0].group, Some(0));
    assert_eq!(
        ic.groups[0].sets[0].body.len(),
        3,
        "the set itself is intact"
    );
}

#[test]
fn set_outside_a_group() {
    let body = [
        "ST*850*0001~",
        "BEG*00*SA*1**20240131~",
        "SE*3*0001~",
        "IEA*0*000000001~",
    ];
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::UnexpectedSegment]);
    assert!(ic.issues[0]
        .issue
        .message
        .contains("outside any functional group"));
    assert!(ic.groups.is_empty());
}

#[test]
fn every_problem_is_collected() {
    let body = [
        "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*7*X*004010~",
        "ST*850*0001~",
        "BEG*00*SA*PO123**20240131~",
        "SE*9*0002~",
        "ST*850*0001~",
        "BEG*00*SA*PO124**20240131~",
        "GE*5*8~",
        "IEA*3*000000002~",
    ];
    let text = interchange(&body).replacen("*240131*1100*", "*240231*1100*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let mut got: Vec<(Level, &str)> = ic
        .issues
        .iter()
        .map(|i| (i.level(), i.kind.code().unwrap_or_default()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        [
            (Level::Interchange, "001"),
            (Level::Interchange, "014"),
            (Level::Interchange, "021"),
            (Level::Group, "4"),
            (Level::Group, "5"),
            (Level::Set, "2"),
            (Level::Set, "23"),
            (Level::Set, "3"),
            (Level::Set, "4"),
        ]
    );
    // In input order.
    let offsets: Vec<usize> = ic
        .issues
        .iter()
        .filter_map(|i| i.issue.location.offset)
        .collect();
    assert!(offsets.windows(2).all(|w| w[0] <= w[1]), "{offsets:?}");
}

#[test]
fn reply_header_swaps_and_mirrors() {
    use chrono::{NaiveDate, NaiveTime};
    let text = interchange(GOOD).replacen("*U*00401*", "*U*00501*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let date = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default();
    let time = NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default();
    let h = ic.reply_header(42, date, time);
    assert_eq!(
        (h.sender_qualifier.as_str(), h.sender_id.as_str()),
        ("ZZ", "RECEIVER")
    );
    assert_eq!(
        (h.receiver_qualifier.as_str(), h.receiver_id.as_str()),
        ("ZZ", "SENDER")
    );
    assert_eq!(h.version, "00501");
    assert_eq!(h.usage, 'P');
    assert!(!h.ack_requested);
    assert_eq!(h.delimiters.repetition, Some(b'^'), "U in 00501 becomes ^");
    assert_eq!((h.delimiters.element, h.delimiters.segment), (b'*', b'~'));
}
