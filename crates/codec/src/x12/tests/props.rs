//! Properties: no panic on arbitrary or mutated input, every segment inside the input, and the
//! writer's output always reads back with the values it was given (delimiters scrubbed).

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::x12::{
    ack_997, ack_999, interchanges, read_acks, segments, ta1, write_interchange,
    write_interchange_with_ta1, AckOptions, Delimiters, GroupOut, InterchangeHeader, SegmentWriter,
    SetAck, SetOut,
};
use crate::Severity;

/// Run every entry point on `bytes` and check the structural invariants.
fn check(bytes: &[u8]) {
    for seg in segments(bytes) {
        assert!(seg.offset + seg.raw().len() <= bytes.len());
        let _ = (
            seg.id(),
            seg.element(2),
            seg.component(1, 2),
            seg.repetitions(1),
        );
    }
    let _ = parse(bytes);
    let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    for ic in interchanges(bytes) {
        assert!(ic.end <= bytes.len() + 1);
        for g in &ic.groups {
            for s in &g.sets {
                for seg in std::iter::once(&s.st).chain(&s.body).chain(&s.se) {
                    assert!(seg.offset + seg.raw().len() <= bytes.len());
                }
            }
        }
        for i in &ic.issues {
            assert!(super::has_code(i), "{i:?}");
        }
        let opts = |n: usize| AckOptions {
            group_control_number: n as u32 + 1,
            set_control_number: "0001".into(),
            report_accepted_sets: true,
        };
        let mut groups = Vec::new();
        for (i, g) in ic.groups.iter().enumerate() {
            let acks: Vec<SetAck> = g.sets.iter().map(SetAck::new).collect();
            groups.push(ack_997(&ic, g, &acks, &opts(2 * i)));
            groups.push(ack_999(&ic, g, &acks, &opts(2 * i + 1)));
        }
        let header = ic.reply_header(1, date, NaiveTime::MIN);
        let _ = write_interchange_with_ta1(&header, &[ta1(&ic, false)], groups);
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
        Just(b'*'),
        Just(b'~'),
        Just(b':'),
        Just(b'^'),
        Just(b'|'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b' '),
        Just(0xE2u8),
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

/// Corpus-like seeds: the inline interchanges and the fixtures.
fn seeds() -> Vec<Vec<u8>> {
    let good = interchange(GOOD);
    vec![
        good.clone().into_bytes(),
        good.replace('*', "|").replace('~', "\n").into_bytes(),
        format!("\u{feff}{}", good.replacen("*U*00401*", "*^*00501*", 1)).into_bytes(),
        format!("{good}{good}").into_bytes(),
        fixture("850_4010_node-x12.edi"),
        fixture("855_5010_stedi.edi"),
        fixture("999_5010_pyx12.edi"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_bytes_after_an_isa_never_panic(
        head in 0usize..106,
        tail in proptest::collection::vec(any::<u8>(), 0..400),
    ) {
        let isa = super::isa("U", "00401", "000000001", '1');
        let mut bytes = isa.as_bytes()[..head].to_vec();
        bytes.extend_from_slice(&tail);
        check(&bytes);
    }

    #[test]
    fn mutated_interchanges_never_panic(
        seed in 0usize..7,
        mutations in proptest::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let bytes = apply(seeds[seed % seeds.len()].clone(), &mutations);
        check(&bytes);
    }

    #[test]
    fn written_values_read_back(
        values in proptest::collection::vec(
            proptest::collection::vec("[A-Za-z0-9 *~:^.,-]{0,12}", 1..6),
            1..20,
        ),
        version in prop_oneof![Just("00401"), Just("00501")],
    ) {
        let mut body = SegmentWriter::new(Delimiters::DEFAULT);
        for els in &values {
            let refs: Vec<&str> = els.iter().map(String::as_str).collect();
            body.segment("REF", &refs);
        }
        let header = InterchangeHeader {
            sender_qualifier: "ZZ".into(),
            sender_id: "A".into(),
            receiver_qualifier: "ZZ".into(),
            receiver_id: "B".into(),
            date: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            time: NaiveTime::MIN,
            version: version.into(),
            control_number: 9,
            ack_requested: false,
            usage: 'T',
            delimiters: Delimiters::DEFAULT,
        };
        let group = GroupOut {
            functional_id: "PO".into(),
            sender: "AA".into(),
            receiver: "BB".into(),
            control_number: 3,
            version: "004010".into(),
            sets: vec![SetOut { id: "850".into(), control_number: "0001".into(), implementation: None, body }],
        };
        let (out, issues) = write_interchange(&header, vec![group]);
        prop_assert!(issues.iter().all(|i| i.severity == Severity::Warning), "{:?}", issues);
        let parsed = parse_ok(out.as_bytes());
        let ic = only(&parsed);
        prop_assert!(ic.issues.is_empty(), "{:?}\n{}", ic.issues, out);
        let set = &ic.groups[0].sets[0];
        prop_assert_eq!(set.body.len(), values.len());
        for (seg, els) in set.body.iter().zip(&values) {
            let scrubbed: Vec<String> = els
                .iter()
                .map(|e| e.chars().map(|c| if "*~:^".contains(c) { ' ' } else { c }).collect())
                .collect();
            let last = scrubbed.iter().rposition(|e| !e.is_empty()).map_or(0, |i| i + 1);
            prop_assert_eq!(seg.element_count(), last);
            for (n, e) in scrubbed.iter().take(last).enumerate() {
                prop_assert_eq!(seg.element(n + 1), Some(e.as_str()));
            }
        }
    }
}
