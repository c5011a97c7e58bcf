//! Envelope structure and validation on inline interchanges.

use super::*;
use crate::edifact::{interchanges, Charset, Level};
use crate::{CodecError, Severity};

use EnvelopeErrorKind as K;

#[test]
fn good_interchange_is_clean_and_structured() {
    let s = orders(&["BGM+220+PO1+9'", "NAD+BY+5412345000013::9'"]);
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), []);
    assert!(ic.una.is_some());
    let h = &ic.header;
    assert_eq!(h.syntax_id, "UNOC");
    assert_eq!(h.version_number(), Some(3));
    assert_eq!(h.charset, Some(Charset::Unoc));
    assert_eq!(h.sender.id, "SENDER");
    assert_eq!(h.sender.qualifier, "14");
    assert_eq!(h.recipient.id, "RECIPIENT");
    assert_eq!(h.control_reference, "REF1");
    assert!(h.datetime().is_some());
    assert_eq!(ic.messages.len(), 1);
    let m = &ic.messages[0];
    assert_eq!(m.reference(), "1");
    assert_eq!(m.message_type(), "ORDERS");
    assert_eq!(m.version(), "D");
    assert_eq!(m.release(), "96A");
    assert_eq!(m.agency(), "UN");
    assert_eq!(m.association(), "EAN008");
    assert_eq!(m.segments().len(), 2);
    assert_eq!(m.segment_count(), 4);
    assert_eq!(
        m.segments().get(1).unwrap().value(2, 1).as_deref(),
        Some("5412345000013")
    );
}

#[test]
fn counts_and_references_are_checked_together() {
    let s = "UNB+UNOA:3+S+R+240131:1100+REF1+++++1'UNH+1+ORDERS:D:96A:UN'BGM+220'UNT+5+2'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNZ+3+REF2'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        kinds(ic),
        [
            K::SegmentCountMismatch,
            K::MessageReferenceMismatch,
            K::DuplicateMessageReference,
            K::InterchangeCountMismatch,
            K::InterchangeReferenceMismatch,
        ]
    );
    let codes: Vec<&str> = ic.issues.iter().map(|i| i.kind.code()).collect();
    assert_eq!(codes, ["29", "28", "26", "29", "28"]);
    let levels: Vec<Level> = ic.issues.iter().map(|i| i.level()).collect();
    assert_eq!(
        levels,
        [
            Level::Message,
            Level::Message,
            Level::Message,
            Level::Interchange,
            Level::Interchange
        ]
    );
    // The UNT issues are located by segment position (UNH = 1) and element.
    let unt = &ic.issues[0].issue.location;
    assert_eq!((unt.segment_position, unt.element), (Some(3), Some(1)));
    assert_eq!(ic.issues[2].message, Some(1));
    assert_eq!(ic.message_issues(None, 0).count(), 2);
}

#[test]
fn missing_trailers_and_bad_header_values() {
    let s = "UNB+UNOC:9+S+R+241399:2500+REF1'UNG+ORDERS+S+R+240131:1100+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'BGM+220'UNH+2+ORDERS:D:96A:UN'UNT+2+2'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        error_kinds(ic),
        [
            K::UnsupportedSyntaxVersion,
            K::InvalidUnbElement { element: 4 },
            K::InvalidUnbElement { element: 4 },
            K::MissingUnt,
            K::MissingUne,
            K::MissingUnz,
        ]
    );
    assert_eq!(ic.groups.len(), 1);
    assert_eq!(ic.groups[0].messages.len(), 2);
    let missing_unt = ic
        .issues
        .iter()
        .find(|i| i.kind == K::MissingUnt)
        .map(|i| (i.group, i.message));
    assert_eq!(missing_unt, Some((Some(0), Some(0))));
}

#[test]
fn groups_counted_by_unz_when_used() {
    let s = "UNB+UNOC:3+S+R+240131:1100+REF1'UNG+ORDERS+S+R+240131:1100+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+1+G1'UNZ+1+REF1'";
    let parsed = parse_ok(s.as_bytes());
    assert_eq!(kinds(only(&parsed)), []);
    let s = "UNB+UNOC:3+S+R+240131:1100+REF1'UNG+ORDERS+S+R+240131:1100+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+2+G2'UNH+2+ORDERS:D:96A:UN'UNT+2+2'UNZ+2+REF1'";
    let parsed = parse_ok(s.as_bytes());
    assert_eq!(
        kinds(only(&parsed)),
        [
            K::GroupCountMismatch,
            K::GroupReferenceMismatch,
            K::MixedGroupsAndMessages,
            K::InterchangeCountMismatch,
        ]
    );
}

#[test]
fn bare_messages_and_junk() {
    let s = "UNH+1+ORDERS:D:96A:UN'BGM+220'UNT+3+1'UNH+2+INVOIC:D:96A:UN'UNT+2+2'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert!(ic.unb.is_none());
    assert_eq!(kinds(ic), [K::MissingUnb]);
    assert_eq!(ic.issues[0].issue.severity, Severity::Warning);
    assert_eq!(ic.messages.len(), 2);
    assert_eq!(
        parse(b"  \r\n").map(|p| p.interchanges.len()),
        Err(CodecError::Empty)
    );
    assert!(matches!(
        parse(b"hello world"),
        Err(CodecError::Malformed { .. })
    ));
    let s = "UNB+UNOC:3+S+R+240131:1100+A'UNH+1+X:D:96A:UN'UNT+2+1'UNZ+1+A'junk'more'UNB+UNOC:3+S+R+240131:1100+A'UNH+1+X:D:96A:UN'UNT+2+1'UNZ+1+A'";
    let parsed = parse_ok(s.as_bytes());
    assert_eq!(parsed.interchanges.len(), 2);
    assert_eq!(parsed.issues.len(), 1);
    assert_eq!(parsed.issues[0].code.as_deref(), Some("33"));
    assert_eq!(kinds(&parsed.interchanges[1]), [K::DuplicateInterchange]);
    assert_eq!(interchanges(s.as_bytes()).count(), 2);
}

#[test]
fn character_level_warnings() {
    let s = "UNB+UNOA:3+S+R+240131:1100+A'UNH+1+X:D:96A:UN'FTX+AAI+++lower case \u{C4}'UNT+3+1'UNZ+1+A'";
    let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
    let parsed = parse_ok(&bytes);
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [K::InvalidCharacter]);
    assert_eq!(ic.issues[0].issue.severity, Severity::Warning);
    assert!(
        ic.issues[0].issue.message.contains("9 lower-case, 1 8-bit"),
        "{}",
        ic.issues[0].issue.message
    );
    // Unknown syntax identifiers are accepted with a warning.
    let s = "UNB+UNOL:4+S+R+20240131:1100+A'UNH+1+X:D:96A:UN'UNT+2+1'UNZ+1+A'";
    let parsed = parse_ok(s.as_bytes());
    assert_eq!(kinds(only(&parsed)), [K::UnknownSyntaxIdentifier]);
    assert!(!only(&parsed).has_errors());
}

#[test]
fn ack_request_and_test_indicator() {
    let s = "UNB+UNOC:4+S:14+R:14+20240131:1100+A++ORDERS++1+EANCOM+1'UNH+1+X:D:96A:UN'UNT+2+1'UNZ+1+A'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), []);
    assert!(ic.header.ack_requested());
    assert!(ic.header.is_test());
    assert_eq!(ic.header.agreement_id, "EANCOM");
    assert_eq!(ic.header.application_reference, "ORDERS");
    assert_eq!(ic.delimiters.repetition, Some(b'*'));
}

#[test]
fn invalid_una_is_reported_and_defaults_kept() {
    let s = "UNA+++++'UNB+UNOC:3+S+R+240131:1100+A'UNH+1+X:D:96A:UN'UNT+2+1'UNZ+1+A'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [K::InvalidUna]);
    assert_eq!(ic.issues[0].kind.code(), "22");
    assert_eq!(ic.delimiters, crate::edifact::Delimiters::DEFAULT);
    assert_eq!(ic.messages.len(), 1);
}

#[test]
fn message_helpers_for_mappers() {
    let s = orders(&["BGM+220+PO1+9'", "NAD+BY+1::9'", "NAD+SU+2::9'"]);
    let parsed = parse_ok(s.as_bytes());
    let m = &only(&parsed).messages[0];
    assert_eq!(m.first("BGM").map(|(i, _)| i), Some(0));
    let nads: Vec<usize> = m.with_tag("NAD").map(|(i, _)| i).collect();
    assert_eq!(nads, [1, 2]);
    let loc = m.location(2, 2, Some(3));
    assert_eq!(
        (
            loc.segment.as_deref(),
            loc.segment_position,
            loc.element,
            loc.component
        ),
        (Some("NAD"), Some(4), Some(2), Some(3))
    );
    assert_eq!(m.location(0, 0, None).element, None);
    assert_eq!(m.location(9, 1, None).segment_position, Some(11));
}

#[test]
fn every_kind_carries_its_own_code() {
    let s = "UNB+UNOC:3+S+R+240131:1100+A'UNG++S+R++'UNH++:D'UNT+2'UNE+1'UNZ+1+A'";
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        kinds(ic),
        [
            K::MissingUngElement { element: 1 },
            K::MissingUngElement { element: 5 },
            K::MissingUnhElement { element: 1 },
            // S009 type, release and agency (the version `D` is there).
            K::MissingUnhElement { element: 2 },
            K::MissingUnhElement { element: 2 },
            K::MissingUnhElement { element: 2 },
        ]
    );
    for i in &ic.issues {
        assert_eq!(i.issue.code.as_deref(), Some(i.kind.code()));
    }
}

/// What `translate` computes by building the interchanges: the start of the first one that
/// is not complete or, when all are, of the last one (what follows it is not known yet), and
/// the UNA of the last interchange before that which had one.
fn complete_end_by_building(input: &[u8]) -> (usize, Option<Vec<u8>>) {
    let mut used = 0;
    let mut una = None;
    let mut held: Option<Option<Vec<u8>>> = None;
    for ic in interchanges(input) {
        if let Some(Some(u)) = held.take() {
            una = Some(u);
        }
        used = ic.start;
        if !(ic.unz.is_some() && ic.end < input.len()) {
            break;
        }
        held = Some(ic.una.as_ref().map(|u| u.raw().to_vec()));
    }
    (used, una)
}

#[test]
fn complete_end_is_where_building_the_interchanges_stops() {
    let mut inputs: Vec<Vec<u8>> = super::corpus_files()
        .into_iter()
        .map(|(_, bytes)| bytes)
        .filter(|b| b.len() < 200_000)
        .collect();
    let one = orders(&["BGM+220+PO1+9'", "NAD+BY+5412345000013::9'"]);
    inputs.push(format!("{one}\n{one}junk'{one}").into_bytes());
    inputs.push(format!("UNA:|.? ;{}", one.replace('+', "|").replace('\'', ";")).into_bytes());
    inputs.push(format!("{one}UNA:+.? 'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNZ+1+X'{one}").into_bytes());
    inputs.push(
        format!(
            "{one}UNB+UNOC:3+A+B+261124:1000+R'UNH+1+X'UNB+UNOC:3+A+B+261124:1000+S'UNZ+0+S'{one}"
        )
        .into_bytes(),
    );
    inputs.push(format!("{one}UN\r\nZ+1+R'{one}").into_bytes());
    for input in &inputs {
        // Every prefix of the small ones, a few hundred of the others.
        let step = (input.len() / 400).max(1);
        for len in (0..=input.len()).step_by(step).chain([input.len()]) {
            let buf = &input[..len];
            let (used, una) = crate::edifact::complete_end(buf);
            let expected = complete_end_by_building(buf);
            assert_eq!(
                (used, una.map(|u| u.raw().to_vec())),
                expected,
                "{len} bytes"
            );
        }
    }
}

#[test]
fn a_long_message_gets_room_for_its_body_at_once() {
    // Past `LONG_BODY` segments the body Vec is sized from the terminators ahead (up to the
    // UNT), not doubled: same segments, room for about as many as there are.
    let n = 3 * super::super::envelope::LONG_BODY;
    let body: Vec<String> = (0..n).map(|i| format!("FTX+AAI+++line {i}'")).collect();
    let refs: Vec<&str> = body.iter().map(String::as_str).collect();
    let s = orders(&refs);
    let parsed = parse_ok(s.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), []);
    let m = &ic.messages[0];
    assert_eq!(m.body.len(), n);
    assert!(
        m.body.capacity() < n + n / 8,
        "capacity {} for {n} segments",
        m.body.capacity()
    );
    assert_eq!(
        m.body.get(n - 1).unwrap().value(4, 1).as_deref(),
        Some(format!("line {}", n - 1).as_str())
    );
}

#[test]
fn body_room_counts_terminators_up_to_the_next_service_segment() {
    use super::super::envelope::body_room;
    let input = b"FTX+A'FTX+B'\r\nUNS+S'CNT+2:1'\nUNT+5+1'UNZ+1+X'";
    // FTX, FTX, UNS and CNT end before the UNT (UNS is a body segment).
    assert_eq!(body_room(input, 0, b'\''), 4);
    assert_eq!(body_room(input, 6, b'\''), 3);
    // No terminator: nothing ahead; past the end: nothing either.
    assert_eq!(body_room(b"FTX+A", 0, b'\''), 0);
    assert_eq!(body_room(input, 999, b'\''), 0);
}
