//! Properties: no panic on arbitrary or mutated input (inline seeds and every corpus file), every
//! segment inside the input, and the writer's output always reads back with the values it was
//! given, delimiter characters in data included.

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::edifact::{
    contrl, interchanges, read_acks, segments, write_interchange, Charset, ContrlOptions,
    Delimiters, InterchangeHeader, MessageOut, Party, SegmentWriter,
};
use crate::Severity;

/// Run every entry point on `bytes` and check the structural invariants.
fn check(bytes: &[u8]) {
    for seg in segments(bytes) {
        assert!(seg.offset + seg.raw().len() <= bytes.len());
        let _ = (
            seg.tag(),
            seg.value(1, 1),
            seg.value_at(2, 2, 2),
            seg.repetition_values(1, 1),
            seg.components(2),
            seg.decimal(1, 2),
            seg.element_count(),
        );
    }
    let _ = parse(bytes);
    let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    for ic in interchanges(bytes) {
        assert!(ic.end <= bytes.len() + 1);
        for (_, _, m) in ic.all_messages() {
            for seg in m.all_segments() {
                assert!(seg.offset + seg.raw().len() <= bytes.len());
            }
        }
        for i in &ic.issues {
            assert!(i.issue.code.is_some());
        }
        let msg = contrl(&ic, &[], &ContrlOptions::default());
        let header = ic.reply_header("1", date, NaiveTime::MIN);
        let written = write_interchange(&header, &[msg]);
        // A CONTRL for anything we could read parses back.
        if !written.has_errors() {
            let _ = parse(&written.bytes).map(|p| p.interchanges.len());
        }
        let _ = read_acks(&ic);
    }
}

/// A mutation of a byte buffer.
#[derive(Debug, Clone)]
enum Mutation {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        Just(b'+'),
        Just(b':'),
        Just(b'\''),
        Just(b'?'),
        Just(b'*'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b' '),
        Just(0xC3u8),
        Just(0xEF),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(p, b)| Mutation::Set(p, b)),
        (any::<usize>(), interesting).prop_map(|(p, b)| Mutation::Insert(p, b)),
        (any::<usize>(), 1usize..40).prop_map(|(p, n)| Mutation::Delete(p, n)),
        (any::<usize>(), 1usize..200).prop_map(|(p, n)| Mutation::Duplicate(p, n)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Set(p, b) => {
                if let Some(x) = bytes.get_mut(p % len) {
                    *x = b;
                }
            }
            Mutation::Insert(p, b) => bytes.insert(p % (bytes.len() + 1), b),
            Mutation::Delete(p, n) => {
                let start = p % len;
                let end = (start + n).min(bytes.len());
                if start < end {
                    bytes.drain(start..end);
                }
            }
            Mutation::Duplicate(p, n) => {
                let start = p % len;
                let end = (start + n).min(bytes.len());
                if start < end {
                    let chunk: Vec<u8> = bytes[start..end].to_vec();
                    bytes.splice(end..end, chunk);
                }
            }
            Mutation::Truncate(p) => bytes.truncate(p % len),
        }
    }
    bytes
}

/// Inline seeds plus every corpus file under 64 KiB (the corpus is optional).
fn seeds() -> Vec<Vec<u8>> {
    let good = orders(&["BGM+220+PO1+9'", "NAD+BY+5412345000013::9++A?+B'"]);
    let mut v = vec![
        good.clone().into_bytes(),
        good.replace("UNA:+.? '", "UNA^|.? ~")
            .replace('+', "|")
            .replace(':', "^")
            .replace('\'', "~")
            .into_bytes(),
        format!("\u{feff}{good}{good}").into_bytes(),
        "UNH+1+ORDERS:D:96A:UN'BGM+220'UNT+3+1'".into(),
        "UNB+UNOC:4+S+R+20240131:1100+1'UNG+X+S+R+20240131:1100+G+UN+D:96A'UNH+1+X:D:96A:UN'ATT+2++M*F'UNT+3+1'UNE+1+G'UNZ+1+1'".into(),
    ];
    v.extend(
        corpus_files()
            .into_iter()
            .filter(|(_, b)| b.len() < 65_536)
            .map(|(_, b)| b),
    );
    v
}

#[test]
fn every_corpus_file_and_its_prefixes_never_panic() {
    for (_, bytes) in corpus_files().into_iter().filter(|(_, b)| b.len() < 65_536) {
        check(&bytes);
        // A few truncations, including inside UNA and UNB.
        for cut in [1, 3, 5, 9, 12, 40, bytes.len() / 2] {
            check(bytes.get(..cut.min(bytes.len())).unwrap_or_default());
        }
    }
}

fn header(version: u8, charset: Charset) -> InterchangeHeader {
    let mut h = InterchangeHeader::new(
        Party {
            id: "A".into(),
            ..Party::default()
        },
        Party {
            id: "B".into(),
            ..Party::default()
        },
        "9",
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        NaiveTime::MIN,
    );
    h.syntax_version = version;
    h.charset = charset;
    h.delimiters = Delimiters::for_version(version);
    h
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_a_una_and_unb_never_panic(
        head in 0usize..60,
        tail in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let start = b"UNA:+.? 'UNB+UNOC:4+S:14+R:14+20240131:1100+REF1++X++1'UNH+";
        let mut bytes = start[..head.min(start.len())].to_vec();
        bytes.extend_from_slice(&tail);
        check(&bytes);
    }

    #[test]
    fn mutated_interchanges_never_panic(
        seed in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let bytes = apply(seeds[seed % seeds.len()].clone(), &mutations);
        check(&bytes);
    }

    #[test]
    fn written_values_read_back(
        values in proptest::collection::vec(
            proptest::collection::vec(
                proptest::collection::vec("[A-Za-z0-9 +:'?*.,\u{e9}\u{142}\u{416}-]{0,8}", 1..4),
                1..6,
            ),
            1..12,
        ),
        version in prop_oneof![Just(3u8), Just(4u8)],
        charset in prop_oneof![Just(Charset::Unoa), Just(Charset::Unoc), Just(Charset::Unod)],
    ) {
        let mut body = SegmentWriter::new(Delimiters::for_version(version));
        for els in &values {
            let refs: Vec<Vec<&str>> = els.iter().map(|c| c.iter().map(String::as_str).collect()).collect();
            let refs: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
            body.segment("FTX", &refs);
        }
        let written = write_interchange(&header(version, charset), &[MessageOut::new("1", "ORDERS", "96A", body)]);
        prop_assert!(written.issues.iter().all(|i| i.severity == Severity::Warning), "{:?}", written.issues);
        let parsed = parse_ok(&written.bytes);
        let ic = only(&parsed);
        prop_assert!(error_kinds(ic).is_empty(), "{:?}\n{}", ic.issues, written.text());
        let m = &ic.messages[0];
        prop_assert_eq!(m.segments().len(), values.len());
        for (seg, els) in m.segments().iter().zip(&values) {
            let is_empty = |c: &Vec<String>| c.iter().all(String::is_empty);
            let last = els.iter().rposition(|c| !is_empty(c)).map_or(0, |i| i + 1);
            prop_assert_eq!(seg.element_count(), last);
            for (n, comps) in els.iter().take(last).enumerate() {
                for (c, v) in comps.iter().enumerate() {
                    let got = seg.value(n + 1, c + 1).map(|v| v.into_owned()).unwrap_or_default();
                    prop_assert_eq!(&got, v, "{}", written.text());
                }
            }
        }
    }
}

proptest! {
    /// [`Segment::new`]'s one-step tag read agrees with the byte-by-byte one on any bytes and
    /// delimiters (separators that are tag characters, CR/LF wrapped or not).
    #[test]
    fn one_step_tags_agree_with_bytewise(
        raw in proptest::collection::vec(prop::sample::select(b"UNADT7+:\r\n a'".to_vec()), 0..7),
        element in prop::sample::select(b"+:A7\r\nU".to_vec()),
        component in prop::sample::select(b"+:A7\r\nU".to_vec()),
        segment in prop::sample::select(b"'\n\r".to_vec()),
    ) {
        let d = Delimiters { element, component, segment, ..Delimiters::DEFAULT };
        let (tag, len) = crate::edifact::segment::tag_bytewise(&raw, &d);
        let want = std::str::from_utf8(tag.get(..usize::from(len)).unwrap_or_default())
            .unwrap_or_default()
            .to_owned();
        let seg = crate::edifact::Segment::new(&raw, 0, d, Charset::Unoa);
        prop_assert_eq!(seg.tag(), want.as_str());
    }
}
