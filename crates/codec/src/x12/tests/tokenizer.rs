//! Tokenizer and segment accessors on dirty inputs, all inline.

use super::*;
use crate::x12::{interchanges, segments, Delimiters, Segment};
use crate::{CodecError, Severity};

fn ids<'a>(ic: &Interchange<'a>) -> Vec<&'a str> {
    let mut out = vec![ic.isa.id()];
    out.extend(ic.ta1.iter().map(Segment::id));
    for g in &ic.groups {
        out.push(g.gs.id());
        for s in &g.sets {
            out.push(s.st.id());
            out.extend(s.body.iter().map(Segment::id));
            out.extend(s.se.iter().map(Segment::id));
        }
        out.extend(g.ge.iter().map(Segment::id));
    }
    out.extend(ic.iea.iter().map(Segment::id));
    out
}

const GOOD_IDS: &[&str] = &["ISA", "GS", "ST", "BEG", "PO1", "CTT", "SE", "GE", "IEA"];

#[test]
fn good_interchange_is_clean() {
    let text = interchange(GOOD);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert!(parsed.issues.is_empty());
    assert_eq!(ids(ic), GOOD_IDS);
    assert_eq!(
        ic.delimiters,
        Delimiters {
            repetition: None,
            ..Delimiters::DEFAULT
        }
    );
    assert_eq!(ic.sender_id(), "SENDER");
    assert_eq!(ic.receiver_id(), "RECEIVER");
    assert_eq!(ic.control_number(), "000000001");
    assert_eq!(ic.version(), "00401");
    assert_eq!(
        ic.end,
        text.len() - 1,
        "end is just past the IEA terminator"
    );
    let g = &ic.groups[0];
    assert_eq!(
        (g.functional_id(), g.control_number(), g.version()),
        ("PO", "1", "004010")
    );
    let set = &g.sets[0];
    assert_eq!(
        (set.id(), set.control_number(), set.segment_count()),
        ("850", "0001", 5)
    );
}

#[test]
fn utf8_bom_and_leading_whitespace() {
    let text = format!("\u{feff}\r\n   \t{}", interchange(GOOD));
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert!(parsed.issues.is_empty());
    assert_eq!(ic.isa.offset, 3 + 2 + 4);
    assert_eq!(ids(ic), GOOD_IDS);
}

#[test]
fn pretty_printed_with_crlf_and_indentation() {
    let mut text = isa("U", "00401", "000000001", '0');
    text.push_str("\r\n");
    for (i, seg) in GOOD.iter().enumerate() {
        text.push_str(&" ".repeat(i % 4 * 2));
        text.push_str(seg);
        text.push_str("  \r\n");
    }
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(ids(ic), GOOD_IDS);
    assert_eq!(ic.groups[0].sets[0].body[1].element(7), Some("ABC-1"));
}

#[test]
fn newline_as_terminator() {
    let text = interchange(GOOD).replace('~', "");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(ic.delimiters.segment, b'\n');
    assert_eq!(ids(ic), GOOD_IDS);
    // CRLF line ends with a newline terminator: the CR is the terminator, the LF is skipped.
    let crlf = text.replace('\n', "\r\n");
    let parsed = parse_ok(crlf.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(ic.delimiters.segment, b'\r');
    assert_eq!(ic.groups[0].sets[0].body[0].element(3), Some("PO123"));
}

#[test]
fn spaces_before_a_newline_terminator_are_tolerated() {
    let text = interchange(GOOD).replace("~\n", " \r\n");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::UnusualTerminator]);
    assert!(!ic.has_errors());
    assert_eq!(ids(ic), GOOD_IDS);
    assert_eq!(
        ic.groups[0].version(),
        "004010",
        "trailing blanks are dropped"
    );
}

#[test]
fn multi_byte_terminator_is_tolerated() {
    let text = interchange(GOOD).replace('~', "\u{2026}");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::UnusualTerminator]);
    assert_eq!(ids(ic), GOOD_IDS);
    assert_eq!(
        ic.groups[0].sets[0].se.map(|s| s.raw()),
        Some(&b"SE*5*0001"[..])
    );
}

#[test]
fn pipe_and_caret_element_separators() {
    for sep in ['|', '^'] {
        let text = interchange(GOOD).replace('*', &sep.to_string());
        let parsed = parse_ok(text.as_bytes());
        let ic = only(&parsed);
        assert!(ic.issues.is_empty(), "{sep}: {:#?}", ic.issues);
        assert_eq!(ic.delimiters.element, sep as u8);
        assert_eq!(ids(ic), GOOD_IDS);
        assert_eq!(ic.groups[0].sets[0].body[1].element(2), Some("10"));
    }
    // `~` as element separator and `}` as terminator (corpus 846 #1).
    let text = interchange(GOOD).replace('~', "}").replace('*', "~");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!((ic.delimiters.element, ic.delimiters.segment), (b'~', b'}'));
    assert_eq!(ids(ic), GOOD_IDS);
}

#[test]
fn repetition_separator_only_from_00402() {
    // 00501 with ^: repetitions are split.
    let mut body: Vec<String> = GOOD.iter().map(|s| s.to_string()).collect();
    body[0] = body[0].replace("004010", "005010");
    body[3] = "PO1*1*10*EA*9.5**VP*ABC^DEF~".into();
    let refs: Vec<&str> = body.iter().map(String::as_str).collect();
    let text = interchange(&refs).replacen("*U*00401*", "*^*00501*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(ic.delimiters.repetition, Some(b'^'));
    let po1 = ic.groups[0].sets[0].body[1];
    assert_eq!(po1.repetitions(7), ["ABC", "DEF"]);
    assert_eq!(po1.element(7), Some("ABC^DEF"));

    // 00401 with ^ in ISA11: not a repetition separator, a warning (016).
    let text = interchange(&refs).replacen("*U*00401*", "*^*00401*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::InvalidStandardsIdentifier]);
    assert_eq!(ic.issues[0].issue.code.as_deref(), Some("016"));
    assert_eq!(ic.issues[0].issue.severity, Severity::Warning);
    assert_eq!(ic.delimiters.repetition, None);
    assert_eq!(ic.groups[0].sets[0].body[1].repetitions(7), ["ABC^DEF"]);
}

#[test]
fn isa11_u_in_00501_is_tolerated_with_a_warning() {
    let text = interchange(GOOD).replacen("*U*00401*", "*U*00501*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::InvalidRepetitionSeparator]);
    let issue = &ic.issues[0].issue;
    assert_eq!(issue.severity, Severity::Warning);
    assert_eq!(issue.code.as_deref(), Some("016"));
    assert_eq!(issue.location.element, Some(11));
    assert!(!ic.has_errors());
    assert_eq!(ic.delimiters.repetition, None);
    assert_eq!(ids(ic), GOOD_IDS);
}

#[test]
fn ta1_between_isa_and_gs() {
    let mut body = vec!["TA1*000000077*240130*0900*A*000~"];
    body.extend_from_slice(GOOD);
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(ic.ta1.len(), 1);
    assert_eq!(ic.ta1[0].element(1), Some("000000077"));
    assert_eq!(ids(ic).len(), GOOD_IDS.len() + 1);

    // An interchange of TA1s only.
    let text = interchange(&["TA1*000000077*240130*0900*R*022~", "IEA*0*000000001~"]);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!((ic.ta1.len(), ic.groups.len()), (1, 0));
}

#[test]
fn two_interchanges_with_different_delimiters() {
    let first = interchange(GOOD);
    let second = interchange(GOOD)
        .replace('*', "|")
        .replace('~', "\n")
        .replace("000000001", "000000002")
        .replace("\n\n", "\n");
    let text = format!("{first}\r\n{second}");
    let parsed = parse_ok(text.as_bytes());
    assert_eq!(parsed.interchanges.len(), 2);
    for (ic, ctl) in parsed.interchanges.iter().zip(["000000001", "000000002"]) {
        assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
        assert_eq!(ic.control_number(), ctl);
        assert_eq!(ids(ic), GOOD_IDS);
    }
    assert_eq!(parsed.interchanges[1].delimiters.element, b'|');
    assert_eq!(parsed.interchanges[1].delimiters.segment, b'\n');
    // Each interchange's bytes can be sliced out with isa.offset..end.
    let ic = &parsed.interchanges[0];
    assert!(text[ic.isa.offset..ic.end].ends_with("IEA*1*000000001~"));
    let ic = &parsed.interchanges[1];
    assert!(text[ic.isa.offset..ic.end].starts_with("ISA|00|"));
}

#[test]
fn second_isa_without_iea_starts_a_new_interchange() {
    let mut first: Vec<&str> = GOOD.to_vec();
    first.pop(); // no IEA
    let text = format!("{}{}", interchange(&first), interchange(GOOD));
    let parsed = parse_ok(text.as_bytes());
    assert_eq!(parsed.interchanges.len(), 2);
    assert_eq!(
        kinds(&parsed.interchanges[0]),
        [EnvelopeErrorKind::MissingIea]
    );
    assert_eq!(
        parsed.interchanges[0].issues[0].issue.code.as_deref(),
        Some("023")
    );
    assert!(parsed.interchanges[1].issues.is_empty());
}

#[test]
fn the_letters_isa_inside_data_never_resync() {
    let body = [
        "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*004010~",
        "ST*850*0001~",
        "BEG*00*SA*ISA*ISA~",
        "N1*ST*ISA*92*ISA~",
        "MSG*ISA*00*          *00*          *ZZ*SENDER~",
        "NTE*GEN*text~ISAX*1~",
        "SE*7*0001~",
        "GE*1*1~",
        "IEA*1*000000001~",
    ];
    let text = interchange(&body);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    let set = &ic.groups[0].sets[0];
    let body_ids: Vec<&str> = set.body.iter().map(Segment::id).collect();
    assert_eq!(body_ids, ["BEG", "N1", "MSG", "NTE", "ISAX"]);
}

#[test]
fn trimmed_isa_is_read_by_counting_separators() {
    let text = "ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*240131*1100*U*00401*000000001*0*P*:~\n"
        .to_string()
        + &GOOD.join("\n");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        ic.delimiters,
        Delimiters {
            repetition: None,
            ..Delimiters::DEFAULT
        }
    );
    assert_eq!(ids(ic), GOOD_IDS);
    let got: Vec<(EnvelopeErrorKind, Option<&str>)> = ic
        .issues
        .iter()
        .map(|i| (i.kind, i.issue.code.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (EnvelopeErrorKind::IsaNotFixedWidth, Some("024")),
            (
                EnvelopeErrorKind::InvalidIsaElement { element: 2 },
                Some("011")
            ),
            (
                EnvelopeErrorKind::InvalidIsaElement { element: 4 },
                Some("013")
            ),
            (
                EnvelopeErrorKind::InvalidIsaElement { element: 6 },
                Some("006")
            ),
            (
                EnvelopeErrorKind::InvalidIsaElement { element: 8 },
                Some("008")
            ),
        ]
    );
    assert_eq!(ic.issues[0].issue.severity, Severity::Warning);
    assert_eq!(ic.sender_id(), "SENDER");
}

#[test]
fn padded_isa_is_read_by_counting_separators() {
    let text = interchange(GOOD).replacen("*SENDER         *", "*SENDER           *", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(
        kinds(ic),
        [
            EnvelopeErrorKind::IsaNotFixedWidth,
            EnvelopeErrorKind::InvalidIsaElement { element: 6 }
        ]
    );
    assert_eq!(ids(ic), GOOD_IDS);
}

#[test]
fn inconsistent_element_separator() {
    let text = interchange(GOOD).replacen("ISA*", "ISA+", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::InconsistentElementSeparator]);
    assert_eq!(ic.issues[0].issue.code.as_deref(), Some("026"));
    assert_eq!(ic.delimiters.element, b'*');
    assert_eq!(ic.groups[0].sets.len(), 1, "the rest is still read");
    assert_eq!(
        ic.control_number(),
        "000000001",
        "ISA fields are found despite the shift"
    );
    assert_eq!(ic.sender_id(), "SENDER");
    assert_eq!(ic.sender_qualifier(), "ZZ");
}

#[test]
fn bad_component_separator_and_terminator() {
    // ISA16 equal to the element separator.
    let text = interchange(GOOD).replacen("*P*:~", "*P**~", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(
        kinds(ic).contains(&EnvelopeErrorKind::InvalidComponentSeparator),
        "{:#?}",
        ic.issues
    );
    // A letter after ISA16 cannot terminate: the next segment is read from there.
    let text = interchange(GOOD).replacen("*P*:~\n", "*P*:", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), [EnvelopeErrorKind::InvalidSegmentTerminator]);
    assert_eq!(ic.issues[0].issue.code.as_deref(), Some("004"));
    assert_eq!(ids(ic), GOOD_IDS);
}

#[test]
fn truncated_isa() {
    let parsed = parse_ok(b"ISA*00*          *00*");
    let ic = only(&parsed);
    assert!(
        kinds(ic).contains(&EnvelopeErrorKind::PrematureEnd),
        "{:#?}",
        ic.issues
    );
    assert!(ic.has_errors());
}

#[test]
fn junk_outside_interchanges_is_reported() {
    let text = format!("garbage\n{}trailing junk\n", interchange(GOOD));
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    assert_eq!(parsed.issues.len(), 2, "{:#?}", parsed.issues);
    assert_eq!(parsed.issues[0].location.offset, Some(0));
    assert!(parsed.issues[1]
        .message
        .contains("after the interchange trailer"));
}

#[test]
fn no_isa_is_an_error_and_empty_is_empty() {
    assert_eq!(parse(b"").err(), Some(CodecError::Empty));
    assert_eq!(parse(b"\xEF\xBB\xBF \r\n").err(), Some(CodecError::Empty));
    assert!(matches!(
        parse(b"UNB+UNOA:1+X+Y'").err(),
        Some(CodecError::Malformed { .. })
    ));
    assert!(matches!(
        parse(b"FSA*00*").err(),
        Some(CodecError::Malformed { .. })
    ));
}

#[test]
fn streaming_yields_one_interchange_at_a_time() {
    let text = interchange(GOOD).repeat(3);
    let mut it = interchanges(text.as_bytes());
    let mut n = 0;
    for ic in it.by_ref() {
        assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
        assert_eq!(ids(&ic), GOOD_IDS);
        n += 1;
    }
    assert_eq!(n, 3);
    assert!(it.issues().is_empty());
}

#[test]
fn raw_segment_iterator() {
    let text = interchange(GOOD);
    let all: Vec<&str> = segments(text.as_bytes()).map(|s| s.id()).collect();
    assert_eq!(all, GOOD_IDS);
}

#[test]
fn segment_accessors() {
    let d = Delimiters::DEFAULT;
    let seg = Segment::new(b"REF*ZZ*A:B:C*X^Y^Z**", 10, d);
    assert_eq!(seg.id(), "REF");
    assert_eq!(seg.element_count(), 5);
    assert_eq!(seg.element(1), Some("ZZ"));
    assert_eq!(seg.element(2), Some("A:B:C"));
    assert_eq!(seg.element(4), Some(""));
    assert_eq!(seg.element(5), Some(""));
    assert_eq!(seg.element(6), None);
    assert_eq!(seg.element(0), Some("REF"));
    assert_eq!(seg.element_bytes(3), Some(&b"X^Y^Z"[..]));
    assert_eq!(seg.component(2, 1), Some("A"));
    assert_eq!(seg.component(2, 3), Some("C"));
    assert_eq!(seg.component(2, 4), None);
    assert_eq!(seg.component(2, 0), None);
    assert_eq!(seg.component(1, 1), Some("ZZ"));
    assert_eq!(seg.repetitions(3), ["X", "Y", "Z"]);
    assert_eq!(seg.repetitions(1), ["ZZ"]);
    assert!(seg.repetitions(9).is_empty());
    assert_eq!(seg.raw(), b"REF*ZZ*A:B:C*X^Y^Z**");
    assert_eq!(seg.offset, 10);

    // Ids that are not alphanumeric give "".
    assert_eq!(Segment::new(b"R F*1", 0, d).id(), "");
    assert_eq!(Segment::new(b"*1", 0, d).id(), "");
    assert_eq!(Segment::new(b"", 0, d).id(), "");
    assert_eq!(Segment::new(b"", 0, d).element_count(), 0);
    // Not UTF-8: None, but the bytes are there.
    let latin1 = Segment::new(b"N1*ST*M\xFCller", 0, d);
    assert_eq!(latin1.element(2), None);
    assert_eq!(latin1.element_bytes(2), Some(&b"M\xFCller"[..]));
    assert_eq!(latin1.element(1), Some("ST"));
}

/// A segment's id reads the same whether it is one of the known ids or not: the known ones
/// come from a table, the others from their bytes; anything not alphanumeric is no id.
#[test]
fn segment_ids_known_or_not() {
    let d = Delimiters::DEFAULT;
    let id = |raw: &'static [u8]| Segment::new(raw, 0, d).id();
    assert_eq!(id(b"PO1*1*10*EA"), "PO1");
    assert_eq!(id(b"N1*ST*Dock"), "N1");
    assert_eq!(id(b"ZZ9*1"), "ZZ9");
    assert_eq!(id(b"LONGID*1"), "LONGID");
    assert_eq!(id(b"CTT"), "CTT");
    assert_eq!(id(b"XYZW"), "XYZW");
    assert_eq!(id(b"P-1*1"), "");
    assert_eq!(id(b"*1"), "");
    assert_eq!(id(b""), "");
}

#[test]
fn envelope_ids_are_the_ids_of_envelope_segments() {
    const ENVELOPE: [&str; 7] = ["ISA", "IEA", "GS", "GE", "ST", "SE", "TA1"];
    let heads = [
        "ST", "SE", "GS", "GE", "IEA", "ISA", "TA1", "S", "STX", "SEG", "IE", "IEAX", "T", "TA",
        "G", "GSA", "PO1", "", "st", "S T",
    ];
    let tails = ["", "*", "*1*2", "X", "X*1", "|", "|1", "1", "E*"];
    let mut checked = 0;
    // Separators among them that are letters of the envelope ids.
    for sep in [b'*', b'|', b'S', b'E', b'T', b'A', b'I', b'G', b'1'] {
        let d = Delimiters {
            element: sep,
            ..Delimiters::DEFAULT
        };
        for head in heads {
            for tail in tails {
                let raw = format!("{head}{tail}");
                let seg = Segment::new(raw.as_bytes(), 0, d);
                let id = seg.id();
                let want = if ENVELOPE.contains(&id) { id } else { "" };
                assert_eq!(
                    seg.envelope_id(),
                    want,
                    "{raw:?} with separator {:?}",
                    sep as char
                );
                checked += usize::from(!want.is_empty());
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} envelope segments among the cases"
    );
}
