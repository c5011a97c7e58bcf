//! Tokenizer and segment accessors.

use crate::edifact::{segments, Charset, Delimiters, Segment};

fn tags(input: &[u8]) -> Vec<String> {
    segments(input).map(|s| s.tag().to_owned()).collect()
}

#[test]
fn default_delimiters_and_values() {
    let input = b"UNB+UNOC:3+SENDER:14+RECIPIENT:14+240131:1100+REF1'UNH+1+ORDERS:D:96A:UN:EAN008'NAD+BY+5412345000013::9++ACME?+CO?: LTD?'S'UNT+3+1'UNZ+1+REF1'";
    let segs: Vec<Segment<'_>> = segments(input).collect();
    assert_eq!(tags(input), ["UNB", "UNH", "NAD", "UNT", "UNZ"]);
    let nad = &segs[2];
    assert_eq!(nad.element_count(), 4);
    assert_eq!(nad.value(1, 1).as_deref(), Some("BY"));
    assert_eq!(nad.value(2, 3).as_deref(), Some("9"));
    assert_eq!(nad.value(2, 2), None);
    assert_eq!(nad.value(3, 1), None);
    assert_eq!(nad.value(4, 1).as_deref(), Some("ACME+CO: LTD'S"));
    assert!(matches!(
        nad.value(1, 1),
        Some(std::borrow::Cow::Borrowed(_))
    ));
    assert_eq!(segs[0].charset, Charset::Unoc);
    assert_eq!(segs[1].value(2, 5).as_deref(), Some("EAN008"));
}

#[test]
fn una_repetition_and_wrapping() {
    let input = b"\xEF\xBB\xBF  UNA:+,? '\r\nUNB+UNOC:4+A+B+20240131:1100+1'\r\nUNH+1+X:D:96A:UN'COM+1:2*3:4'MOA+203:12,5'FTX+AAI+++LINE ONE\r\n CONTINUES'";
    let segs: Vec<Segment<'_>> = segments(input).collect();
    assert_eq!(tags(input), ["UNA", "UNB", "UNH", "COM", "MOA", "FTX"]);
    // UNA position 5 is a space: no repetition separator even in syntax 4.
    assert_eq!(segs[3].repetition_count(1), 1);
    assert_eq!(segs[3].value(1, 2).as_deref(), Some("2*3"));
    assert_eq!(segs[4].decimal(1, 2), "12.5".parse().ok());
    assert_eq!(segs[5].value(4, 1).as_deref(), Some("LINE ONE CONTINUES"));
}

#[test]
fn syntax_4_default_repetition() {
    let input = b"UNB+UNOC:4+A+B+20240131:1100+1'ATT+2++M*F?*X'";
    let segs: Vec<Segment<'_>> = segments(input).collect();
    assert_eq!(segs[1].delimiters.repetition, Some(b'*'));
    assert_eq!(segs[1].repetition_count(3), 2);
    assert_eq!(segs[1].repetition_values(3, 1), ["M", "F*X"]);
    let v3 = b"UNB+UNOC:3+A+B+240131:1100+1'ATT+2++M*F'";
    let segs: Vec<Segment<'_>> = segments(v3).collect();
    assert_eq!(segs[1].repetition_count(3), 1);
    assert_eq!(segs[1].value(3, 1).as_deref(), Some("M*F"));
}

#[test]
fn escaped_terminator_over_line_break() {
    let input = b"UNB+UNOB:1+A+B+071101:1701+1'\r\nNAD+SE+1::92+Schoenstrasse D?'\r\nOr7:81543+DE?'\r\n'\r\nUNZ+0+1'";
    let segs: Vec<Segment<'_>> = segments(input).collect();
    assert_eq!(tags(input), ["UNB", "NAD", "UNZ"]);
    assert_eq!(segs[1].value(3, 1).as_deref(), Some("Schoenstrasse D'Or7"));
    assert_eq!(segs[1].value(4, 1).as_deref(), Some("DE'"));
}

#[test]
fn repeated_una_and_empty_segments() {
    let input = b"UNA:+.? 'UNB+UNOA:3+A+B+240131:1100+1'UNZ+0+1'\nUNA^*.? $$\nUNB*UNOE^1*A*B*240131^1100*2$$UNZ*0*2$";
    let segs: Vec<Segment<'_>> = segments(input).collect();
    assert_eq!(tags(input), ["UNA", "UNB", "UNZ", "UNA", "UNB", "UNZ"]);
    assert_eq!(segs[4].delimiters.element, b'*');
    assert_eq!(segs[4].charset, Charset::Unoe);
    assert_eq!(segs[4].value(4, 2).as_deref(), Some("1100"));
}

#[test]
fn charsets_decode() {
    let d = Delimiters::DEFAULT;
    let seg = |raw: &'static [u8], cs| Segment::new(raw, 0, d, cs);
    assert_eq!(
        seg(b"NAD+SE+\xC0\xEB\xD1\xD0", Charset::Unoe)
            .value(2, 1)
            .as_deref(),
        Some("Рыба")
    );
    assert_eq!(
        seg(b"FTX+\xA3\xF3d\xBC", Charset::Unod)
            .value(1, 1)
            .as_deref(),
        Some("Łódź")
    );
    assert_eq!(
        seg(b"FTX+stra\xDFe", Charset::Unoc).value(1, 1).as_deref(),
        Some("straße")
    );
    assert_eq!(
        seg("FTX+straße".as_bytes(), Charset::Unow)
            .value(1, 1)
            .as_deref(),
        Some("straße")
    );
    assert_eq!(
        seg(b"FTX+\xE1\xE2\xE3", Charset::Unof)
            .value(1, 1)
            .as_deref(),
        Some("αβγ")
    );
}

#[test]
fn invalid_tags_are_empty() {
    for raw in [&b"1r"[..], b"", b"UNHX+1", b"unh+1", b"NH+1"] {
        let s = Segment::new(raw, 0, Delimiters::DEFAULT, Charset::Unoa);
        assert!(s.tag().is_empty() || raw == b"NH+1", "{raw:?}");
    }
    let s = Segment::new(b"UN\r\nH+1", 0, Delimiters::DEFAULT, Charset::Unoa);
    assert_eq!(s.tag(), "UNH");
}

/// Tags read in one step (three tag characters, then a separator or the end) or byte by byte
/// (the rest): a tag character that is a separator, a fourth tag character, a wrapped tag and
/// a tag that is all the segment. `props.rs` checks both ways agree on any bytes.
#[test]
fn tags_read_in_one_step_or_byte_by_byte() {
    let letters = Delimiters {
        element: b'A',
        component: b'7',
        ..Delimiters::DEFAULT
    };
    for (raw, d, tag) in [
        (&b"NAD+BY"[..], Delimiters::DEFAULT, "NAD"),
        (b"NAD", Delimiters::DEFAULT, "NAD"),
        (b"NAD:X", Delimiters::DEFAULT, "NAD"),
        (b"NADX+1", Delimiters::DEFAULT, ""),
        (b"NA\nD+1", Delimiters::DEFAULT, "NAD"),
        (b"NAD\r\n+1", Delimiters::DEFAULT, "NAD"),
        (b"nad+1", Delimiters::DEFAULT, ""),
        (b"NAD", letters, ""),
        (b"LIN", letters, "LIN"),
        (b"LINA1", letters, "LIN"),
        (b"Q7Y", letters, ""),
        (b"QTY7", letters, "QTY"),
    ] {
        assert_eq!(Segment::new(raw, 0, d, Charset::Unoa).tag(), tag, "{raw:?}");
    }
    let service = |raw: &[u8]| Segment::new(raw, 0, Delimiters::DEFAULT, Charset::Unoa).starts_un();
    assert!(service(b"UNH+1") && service(b"UNS+S") && service(b"UNZ"));
    assert!(!service(b"NAD+BY") && !service(b"UN+1") && !service(b"") && !service(b"UNHX+1"));
}

/// A segment stays small: a message of 110,000 segments is a list of them (40 bytes each,
/// not 56), and every tag, known or not, reads the same.
#[test]
fn segments_are_40_bytes_and_tags_read_the_same_known_or_not() {
    assert!(std::mem::size_of::<Segment<'_>>() <= 40);
    let input = b"UNA:+.? 'UNB+UNOC:3+S+R+240101:1200+1'UNH+1+ORDERS:D:96A:UN'XYZ+1'N\r\nAD+BY'LIN+1'UNT+5+1'UNZ+1+1'";
    assert_eq!(
        tags(input),
        ["UNA", "UNB", "UNH", "XYZ", "NAD", "LIN", "UNT", "UNZ"]
    );
}
