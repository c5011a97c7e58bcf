//! The strict writer: fixed-width ISA, counts, scrubbing, errors, and parse → write → parse.

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::x12::{
    write_interchange, write_interchange_with_ta1, AckStatus, Delimiters, GroupOut,
    InterchangeHeader, Segment, SegmentWriter, SetOut, Ta1Out,
};
use crate::Severity;

fn header(version: &str) -> InterchangeHeader {
    InterchangeHeader {
        sender_qualifier: "ZZ".into(),
        sender_id: "SUPPLIER".into(),
        receiver_qualifier: "01".into(),
        receiver_id: "123456789".into(),
        date: NaiveDate::from_ymd_opt(2024, 3, 5).unwrap_or_default(),
        time: NaiveTime::from_hms_opt(7, 4, 59).unwrap_or_default(),
        version: version.into(),
        control_number: 42,
        ack_requested: true,
        usage: 'T',
        delimiters: Delimiters::DEFAULT,
    }
}

fn set(id: &str, ctl: &str, segments: &[(&str, &[&str])]) -> SetOut {
    let mut body = SegmentWriter::new(Delimiters::DEFAULT);
    for (sid, els) in segments {
        body.segment(sid, els);
    }
    SetOut {
        id: id.into(),
        control_number: ctl.into(),
        implementation: None,
        body,
    }
}

fn group(ctl: u32, sets: Vec<SetOut>) -> GroupOut {
    GroupOut {
        functional_id: "PR".into(),
        sender: "SUPPLIERAPP".into(),
        receiver: "BUYERAPP".into(),
        control_number: ctl,
        version: "004010".into(),
        sets,
    }
}

#[test]
fn complete_interchange_with_counts() {
    let groups = vec![
        group(
            7,
            vec![
                set(
                    "855",
                    "0001",
                    &[("BAK", &["00", "AD", "PO1", "20240305"]), ("CTT", &["1"])],
                ),
                set("855", "0002", &[("BAK", &["00", "AC", "PO2", "20240305"])]),
            ],
        ),
        group(8, vec![set("855", "0003", &[])]),
    ];
    let (out, issues) = write_interchange(&header("00401"), groups);
    assert!(issues.is_empty(), "{issues:#?}");
    let expected = concat!(
        "ISA*00*          *00*          *ZZ*SUPPLIER       *01*123456789      *240305*0704*U*00401*000000042*1*T*:~",
        "GS*PR*SUPPLIERAPP*BUYERAPP*20240305*0704*7*X*004010~",
        "ST*855*0001~BAK*00*AD*PO1*20240305~CTT*1~SE*4*0001~",
        "ST*855*0002~BAK*00*AC*PO2*20240305~SE*3*0002~",
        "GE*2*7~",
        "GS*PR*SUPPLIERAPP*BUYERAPP*20240305*0704*8*X*004010~",
        "ST*855*0003~SE*2*0003~",
        "GE*1*8~",
        "IEA*2*000000042~",
    );
    assert_eq!(out, expected);
    assert_eq!(
        out.find("GS").unwrap_or_default(),
        106,
        "ISA is 106 characters"
    );
    let parsed = parse_ok(out.as_bytes());
    assert!(
        only(&parsed).issues.is_empty(),
        "{:#?}",
        only(&parsed).issues
    );
}

#[test]
fn isa11_follows_the_version() {
    let (out, issues) = write_interchange(&header("00501"), vec![]);
    assert!(issues.is_empty(), "{issues:#?}");
    assert!(out.contains("*^*00501*"), "{out}");
    let mut h = header("00501");
    h.delimiters.repetition = None;
    let (out, issues) = write_interchange(&h, vec![]);
    assert!(out.contains("*^*00501*"), "{out}");
    assert_eq!(issues.len(), 1);
    let (out, _) = write_interchange(&header("00401"), vec![]);
    assert!(out.contains("*U*00401*"), "{out}");
}

#[test]
fn delimiters_in_data_are_replaced_with_a_warning() {
    let mut w = SegmentWriter::new(Delimiters::DEFAULT);
    w.segment("N1", &["ST", "A*B~C:D^E\r\nF", "", ""]);
    w.segment("N2", &["", ""]);
    w.segment_with_components("SV1", &[&["HC", "99213", ""], &["12"], &[""]]);
    assert_eq!(w.count(), 3);
    assert_eq!(w.as_str(), "N1*ST*A B C D E  F~N2~SV1*HC:99213*12~");
    assert_eq!(w.issues().len(), 1);
    let i = &w.issues()[0];
    assert_eq!(i.severity, Severity::Warning);
    assert_eq!(i.location.segment.as_deref(), Some("N1"));
    assert_eq!(i.location.segment_position, Some(2), "ST is 1");
    assert_eq!(i.location.element, Some(2));
    let (text, issues) = w.into_parts();
    assert_eq!(issues.len(), 1);
    assert!(text.ends_with('~'));
}

#[test]
fn invalid_values_are_errors() {
    let mut h = header("4010");
    h.sender_id = "A-SENDER-ID-THAT-IS-TOO-LONG".into();
    h.usage = 'X';
    h.control_number = 0;
    h.delimiters.component = b'*';
    let mut bad_set = set("85", "1", &[("po1", &["1"])]);
    bad_set.body.segment("Ü", &[]);
    let g = GroupOut {
        functional_id: "P".into(),
        sender: "S".into(),
        receiver: "R".into(),
        control_number: 1_000_000_000,
        version: String::new(),
        sets: vec![bad_set, set("850", "1", &[])],
    };
    let (out, issues) = write_interchange(&h, vec![g]);
    let errors: Vec<String> = issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.location.to_string())
        .collect();
    for expected in [
        "ISA06", "ISA12", "ISA13", "ISA15", "ISA16", "GS01", "GS02", "GS03", "GS06", "GS08",
        "ST01", "ST02",
    ] {
        assert!(
            errors.iter().any(|e| e.starts_with(expected)),
            "{expected}: {errors:#?}"
        );
    }
    assert!(errors.iter().any(|e| e.starts_with("po1")), "{errors:#?}");
    // The ISA stays fixed width even so.
    assert_eq!(out.as_bytes().get(3), Some(&b'*'));
    assert_eq!(&out[35..50], "A-SENDER-ID-THA");
}

#[test]
fn ta1_only_interchange() {
    let t = Ta1Out {
        control_number: "000000017".into(),
        date: "240131".into(),
        time: "1100".into(),
        status: AckStatus::Rejected,
        note_code: "022".into(),
    };
    let (out, issues) = write_interchange_with_ta1(&header("00401"), &[t], vec![]);
    assert!(issues.is_empty(), "{issues:#?}");
    assert!(
        out.ends_with("~TA1*000000017*240131*1100*R*022~IEA*0*000000042~"),
        "{out}"
    );
    let parsed = parse_ok(out.as_bytes());
    let ic = only(&parsed);
    assert!(ic.issues.is_empty());
    assert_eq!(ic.ta1.len(), 1);
}

/// Elements with trailing empty components and elements dropped (what the writer omits).
fn normalize(seg: &Segment<'_>) -> Vec<Vec<String>> {
    let d = seg.delimiters;
    let mut els: Vec<Vec<String>> = seg
        .raw()
        .split(|&b| b == d.element)
        .map(|el| {
            let mut comps: Vec<String> = el
                .split(|&b| b == d.component)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect();
            while comps.len() > 1 && comps.last().is_some_and(String::is_empty) {
                comps.pop();
            }
            comps
        })
        .collect();
    while els.len() > 1 && els.last().is_some_and(|c| c.len() == 1 && c[0].is_empty()) {
        els.pop();
    }
    els
}

/// Rebuild `ic` with the writer (same ids, versions and control numbers), parse it again and
/// compare every segment. Skips interchanges the writer cannot reproduce byte for byte (data that
/// is not UTF-8, non-ASCII delimiters, data with the repetition separator in it).
pub(super) fn assert_round_trip(name: &str, ic: &Interchange<'_>) {
    let d = ic.delimiters;
    let ascii = |b: u8| b.is_ascii_graphic() && !b.is_ascii_alphanumeric();
    if !(ascii(d.element)
        && ascii(d.component)
        && (ascii(d.segment) || matches!(d.segment, b'\n' | b'\r')))
    {
        return;
    }
    let (Ok(date), Ok(time)) = (
        NaiveDate::parse_from_str(ic.date(), "%y%m%d"),
        NaiveTime::parse_from_str(ic.time(), "%H%M"),
    ) else {
        return;
    };
    let Ok(control_number) = ic.control_number().parse::<u32>() else {
        return;
    };
    let mut h = ic.reply_header(control_number, date, time);
    std::mem::swap(&mut h.sender_id, &mut h.receiver_id);
    std::mem::swap(&mut h.sender_qualifier, &mut h.receiver_qualifier);
    h.ack_requested = ic.ack_requested();
    h.usage = ic.usage().chars().next().unwrap_or('P');
    let same = (
        h.delimiters.element,
        h.delimiters.component,
        h.delimiters.segment,
    ) == (d.element, d.component, d.segment);
    let rep = h.delimiters.repetition;
    let mut groups = Vec::new();
    for g in &ic.groups {
        let Ok(ctl) = g.control_number().parse::<u32>() else {
            return;
        };
        let mut sets = Vec::new();
        for s in &g.sets {
            let mut body = SegmentWriter::new(h.delimiters);
            for seg in &s.body {
                if rep.is_some_and(|r| seg.raw().contains(&r))
                    || !crate::x12::segment::valid_segment_id(seg.id())
                {
                    return;
                }
                let els: Vec<Vec<&str>> = (1..=seg.element_count())
                    .map(|n| {
                        seg.element(n)
                            .map(|e| e.split(char::from(d.component)).collect())
                            .unwrap_or_default()
                    })
                    .collect();
                if (1..=seg.element_count()).any(|n| seg.element(n).is_none()) {
                    return;
                }
                let refs: Vec<&[&str]> = els.iter().map(Vec::as_slice).collect();
                body.segment_with_components(seg.id(), &refs);
            }
            sets.push(SetOut {
                id: s.id().into(),
                control_number: s.control_number().into(),
                implementation: s.implementation().map(str::to_owned),
                body,
            });
        }
        groups.push(GroupOut {
            functional_id: g.functional_id().into(),
            sender: g.sender().into(),
            receiver: g.receiver().into(),
            control_number: ctl,
            version: g.version().into(),
            sets,
        });
    }
    let (out, issues) = write_interchange(&h, groups);
    assert!(
        issues.iter().all(|i| i.severity == Severity::Warning),
        "{name}: {issues:#?}"
    );
    let parsed = parse(out.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = only(&parsed);
    assert!(back.issues.is_empty(), "{name}: {:#?}\n{out}", back.issues);
    for (a, b) in [
        (ic.sender_id(), back.sender_id()),
        (ic.receiver_id(), back.receiver_id()),
        (ic.sender_qualifier(), back.sender_qualifier()),
        (ic.control_number(), back.control_number()),
        (ic.version(), back.version()),
        (ic.usage(), back.usage()),
    ] {
        assert_eq!(a, b, "{name}");
    }
    assert_eq!(ic.groups.len(), back.groups.len(), "{name}");
    for (g, bg) in ic.groups.iter().zip(&back.groups) {
        assert_eq!(
            (g.functional_id(), g.version(), g.sender(), g.receiver()),
            (bg.functional_id(), bg.version(), bg.sender(), bg.receiver()),
            "{name}"
        );
        assert_eq!(
            g.control_number().parse::<u32>().ok(),
            bg.control_number().parse::<u32>().ok(),
            "{name}: GS06 is written without leading zeros"
        );
        assert_eq!(g.sets.len(), bg.sets.len(), "{name}");
        for (s, bs) in g.sets.iter().zip(&bg.sets) {
            assert_eq!(
                (s.id(), s.control_number()),
                (bs.id(), bs.control_number()),
                "{name}"
            );
            assert_eq!(s.body.len(), bs.body.len(), "{name}");
            for (x, y) in s.body.iter().zip(&bs.body) {
                if same {
                    assert_eq!(normalize(x), normalize(y), "{name}");
                }
            }
        }
    }
}

#[test]
fn fixtures_round_trip() {
    for name in [
        "850_4010_node-x12.edi",
        "855_5010_stedi.edi",
        "999_5010_pyx12.edi",
    ] {
        let bytes = fixture(name);
        let parsed = parse_ok(&bytes);
        let ic = only(&parsed);
        assert!(ic.issues.is_empty(), "{name}: {:#?}", ic.issues);
        assert_round_trip(name, ic);
    }
}

#[test]
fn written_good_interchange_round_trips() {
    let text = interchange(GOOD);
    let parsed = parse_ok(text.as_bytes());
    assert_round_trip("GOOD", only(&parsed));
}
