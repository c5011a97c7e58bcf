//! The writer: escaping, trailing empties, charset choice and encoding, round trips.

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::edifact::{
    write_interchange, Charset, Delimiters, InterchangeHeader, MessageOut, Party, SegmentWriter,
};
use crate::Severity;

fn header(charset: Charset, version: u8) -> InterchangeHeader {
    let mut h = InterchangeHeader::new(
        Party {
            id: "5412345000013".into(),
            qualifier: "14".into(),
            routing: String::new(),
        },
        Party {
            id: "4012345000009".into(),
            qualifier: "14".into(),
            routing: String::new(),
        },
        "42",
        NaiveDate::from_ymd_opt(2024, 1, 31).unwrap_or_default(),
        NaiveTime::from_hms_opt(11, 5, 0).unwrap_or_default(),
    );
    h.charset = charset;
    h.syntax_version = version;
    h.delimiters = Delimiters::for_version(version);
    h
}

#[test]
fn segment_writer_escapes_and_omits_trailing_empties() {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT_V4);
    w.segment(
        "NAD",
        &[
            &["BY"],
            &["5412345000013", "", "9"],
            &[],
            &["A+B:C'D?E*F"],
            &[""],
            &[],
        ],
    );
    w.simple("BGM", &["220", "PO-1", "9", "", ""]);
    w.segment_with_repetitions("ATT", &[&[&["2"]], &[], &[&["M"], &["F"], &[""]]]);
    w.segment("UNS", &[&["S", "", ""]]);
    assert_eq!(
        w.text(),
        "NAD+BY+5412345000013::9++A?+B?:C?'D??E?*F'BGM+220+PO-1+9'ATT+2++M*F'UNS+S'"
    );
    assert_eq!(w.count(), 4);
    assert!(w.issues().is_empty());
    // Syntax 3: no repetition separator, `*` is data.
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    w.simple("FTX", &["AAI", "", "", "5*5\nlines"]);
    w.segment_with_repetitions("ATT", &[&[&["M"], &["F"]]]);
    w.simple("bad", &[]);
    assert_eq!(w.text(), "FTX+AAI+++5*5 lines'ATT+M'bad'");
    let sev: Vec<Severity> = w.issues().iter().map(|i| i.severity).collect();
    assert_eq!(sev, [Severity::Warning, Severity::Error, Severity::Error]);
    assert_eq!(w.issues()[1].location.segment_position, Some(3));
}

#[test]
fn interchange_counts_and_reads_back_clean() {
    let mut body = SegmentWriter::new(Delimiters::DEFAULT);
    body.simple("BGM", &["231", "PO-1", "29"]);
    body.segment("DTM", &[&["137", "20240131", "102"]]);
    let mut h = header(Charset::Unoa, 3);
    h.ack_requested = true;
    h.test = true;
    h.agreement_id = "EANCOM".into();
    let mut m = MessageOut::new("1", "ORDRSP", "96A", body);
    m.association = "EAN005".into();
    let written = write_interchange(&h, &[m]);
    assert!(written.issues.is_empty(), "{:?}", written.issues);
    assert_eq!(written.charset, Charset::Unoa);
    assert_eq!(
        written.text(),
        "UNA:+.? 'UNB+UNOA:3+5412345000013:14+4012345000009:14+240131:1105+42++++1+EANCOM+1'UNH+1+ORDRSP:D:96A:UN:EAN005'BGM+231+PO-1+29'DTM+137:20240131:102'UNT+4+1'UNZ+1+42'"
    );
    let parsed = parse_ok(&written.bytes);
    let ic = only(&parsed);
    assert_eq!(kinds(ic), []);
    assert!(ic.header.ack_requested() && ic.header.is_test());
    // Syntax 4: CCYYMMDD and the repetition separator in UNA.
    let h = header(Charset::Unoc, 4);
    let written = write_interchange(
        &h,
        &[MessageOut::new(
            "1",
            "ORDRSP",
            "96A",
            SegmentWriter::new(Delimiters::DEFAULT_V4),
        )],
    );
    assert!(
        written
            .text()
            .starts_with("UNA:+.?*'UNB+UNOC:4+5412345000013:14+4012345000009:14+20240131:1105+42'"),
        "{}",
        written.text()
    );
    assert_eq!(kinds(only(&parse_ok(&written.bytes))), []);
}

#[test]
fn charset_is_raised_when_the_data_needs_it() {
    let write = |text: &str, cs: Charset, raise: bool| {
        let mut body = SegmentWriter::new(Delimiters::DEFAULT);
        body.simple("FTX", &["AAI", "", "", text]);
        let mut h = header(cs, 3);
        h.raise_charset = raise;
        write_interchange(&h, &[MessageOut::new("1", "ORDRSP", "96A", body)])
    };
    let w = write("PLAIN TEXT", Charset::Unoa, true);
    assert_eq!(w.charset, Charset::Unoa);
    let w = write("lower", Charset::Unoa, true);
    assert_eq!(w.charset, Charset::Unob);
    // Level B is level A with lower case, not all of ASCII: an e-mail address needs UNOC.
    for text in ["orders@buyer.example", "NO#1", "A_B", "[x]", "~", "$5"] {
        let raised = write(text, Charset::Unoa, true);
        assert_eq!(raised.charset, Charset::Unoc, "{text}");
        let parsed = parse_ok(&raised.bytes);
        assert_eq!(kinds(only(&parsed)), [], "{text}");
        let w = write(text, Charset::Unob, false);
        assert!(w.has_errors(), "{text} in UNOB");
    }
    let w = write("Straße", Charset::Unoa, true);
    assert_eq!(w.charset, Charset::Unoc);
    assert!(w.bytes.contains(&0xDF));
    let w = write("Łódź", Charset::Unoc, true);
    assert_eq!(w.charset, Charset::Unow);
    let w = write("Łódź", Charset::Unod, true);
    assert_eq!(w.charset, Charset::Unod);
    assert!(w.bytes.windows(2).any(|p| p == [0xA3, 0xF3]));
    // Read back: decoded to the same text.
    for (text, cs) in [
        ("Straße", Charset::Unoa),
        ("Łódź", Charset::Unod),
        ("Рыба", Charset::Unoe),
        ("日本", Charset::Unoc),
    ] {
        let w = write(text, cs, true);
        let parsed = parse_ok(&w.bytes);
        let ic = only(&parsed);
        let v = ic.messages[0]
            .segments()
            .get(0)
            .unwrap()
            .value(4, 1)
            .map(|v| v.into_owned());
        assert_eq!(v.as_deref(), Some(text), "{cs:?}");
        assert_eq!(kinds(ic), [], "{cs:?}");
    }
    // Not allowed to raise: an error per segment, written as spaces.
    let w = write("Łódź", Charset::Unoc, false);
    assert_eq!(w.charset, Charset::Unoc);
    assert!(w.has_errors());
    assert_eq!(w.issues[0].location.segment.as_deref(), Some("FTX"));
    assert_eq!(w.issues[0].location.segment_position, Some(2));
}

#[test]
fn writer_reports_what_it_cannot_say() {
    let mut h = header(Charset::Unoc, 3);
    h.control_reference = "123456789012345".into();
    h.sender.id.clear();
    let m = || {
        MessageOut::new(
            "1",
            "ORDRSP",
            "96A",
            SegmentWriter::new(Delimiters::DEFAULT),
        )
    };
    let w = write_interchange(&h, &[m(), m()]);
    let segs: Vec<Option<&str>> = w
        .issues
        .iter()
        .map(|i| i.location.segment.as_deref())
        .collect();
    assert_eq!(segs, [Some("UNB"), Some("UNB"), Some("UNH")]);
    assert!(w.issues.iter().all(|i| i.severity == Severity::Error));
}
