//! The whole X12 corpus: no panics anywhere, real files clean at envelope level (apart from the
//! listed quirks), broken files with precise issues.

use super::*;
use crate::x12::{
    ack_997, ack_999, interchanges, read_acks, segments, ta1, write_interchange,
    write_interchange_with_ta1, AckOptions, Level, SetAck,
};
use crate::Severity;
use chrono::{NaiveDate, NaiveTime};

use EnvelopeErrorKind as K;

/// Real-world files whose envelope has errors we report on purpose.
const REAL_QUIRKS: &[(&str, &[EnvelopeErrorKind])] = &[
    // ISA12 "00040": not a version.
    (
        "810/810_oopfactory_Example4_Adobe.edi",
        &[K::InvalidIsaElement { element: 12 }],
    ),
    (
        "810/810_oopfactory_Example5_Walmart.edi",
        &[K::InvalidIsaElement { element: 12 }],
    ),
    (
        "832/832_4010_hibcc_ex1.edi",
        &[K::InvalidIsaElement { element: 12 }],
    ),
    (
        "832/832_4010_hibcc_ex2.edi",
        &[K::InvalidIsaElement { element: 12 }],
    ),
    // ISA06 14 characters wide (read anyway by counting separators).
    (
        "850/850_4010_adobe_clp.edi",
        &[K::InvalidIsaElement { element: 6 }],
    ),
    (
        "850/850_4010_adobe_shrinkwrapped.edi",
        &[K::InvalidIsaElement { element: 6 }],
    ),
    // ISA06 14 wide, and an N1 without terminator, so SE01 counts one segment more.
    (
        "860/860_example1.edi",
        &[K::InvalidIsaElement { element: 6 }, K::SegmentCountMismatch],
    ),
    // IEA02 "00001660" for ISA13 "000016680".
    (
        "865/865_FromTyco.edi",
        &[K::InterchangeControlNumberMismatch],
    ),
    // Truncated after the last claim: no SE, GE, IEA.
    (
        "misc/837_5010_pipe-elements_bang-components.edi",
        &[K::MissingSe, K::MissingGe, K::MissingIea],
    ),
    // EdiFabric robustness vectors with deliberate faults.
    (
        "edifabric-810-00204/X12_810_00204_MissingGroupTrailer.edi",
        &[K::MissingGe],
    ),
    (
        "edifabric-810-00204/X12_810_00204_MissingInterchangeTrailer.edi",
        &[K::MissingIea],
    ),
    (
        "edifabric-810-00204/X12_810_00204_MultipleGroups.edi",
        &[K::DuplicateGroupControlNumber],
    ),
    // GS08 "UNKNOWN" (the version is in ST03): the group is rejected with AK905 2.
    (
        "edifabric-810-00204/X12_810_00204_VersionFromSt.edi",
        &[K::InvalidGsElement { element: 8 }],
    ),
    (
        "edifabric-810-00204/X12_810_00204_ValidAndInvalidMessage.edi",
        &[K::DuplicateSetControlNumber, K::SetCountMismatch],
    ),
    (
        "edifabric-810-00204/X12_810_00204_MultipleInvalidMessages.edi",
        &[
            K::SegmentCountMismatch,
            K::DuplicateSetControlNumber,
            K::DuplicateSetControlNumber,
            K::DuplicateSetControlNumber,
            K::MissingSe,
            K::DuplicateSetControlNumber,
            K::MissingSe,
            K::SetCountMismatch,
        ],
    ),
];

/// Real files that must not parse at all.
const NOT_X12: &[&str] = &["edifabric-810-00204/X12_810_00204_InvalidHeader.edi"];

/// Exercise every entry point on `bytes`; panics only on a broken invariant.
fn exercise(name: &str, bytes: &[u8]) {
    for seg in segments(bytes) {
        assert!(seg.offset + seg.raw().len() <= bytes.len(), "{name}");
        let _ = (
            seg.id(),
            seg.element_count(),
            seg.element(1),
            seg.component(1, 2),
        );
    }
    let (date, time) = (
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        NaiveTime::MIN,
    );
    for ic in interchanges(bytes) {
        // A set's text, when it has one, gives back every segment's own bytes.
        for set in ic.groups.iter().flat_map(|g| &g.sets) {
            let segs = std::iter::once(&set.st).chain(&set.body).chain(&set.se);
            for seg in segs.filter(|_| set.text.is_some()) {
                let text = set.text_of(seg).map(str::as_bytes);
                assert_eq!(text, Some(seg.raw()), "{name}: {}", seg.text());
            }
        }
        let header = ic.reply_header(1, date, time);
        let mut groups = Vec::new();
        for (i, g) in ic.groups.iter().enumerate() {
            let set_acks: Vec<SetAck> = g.sets.iter().map(SetAck::new).collect();
            let opts = |n: usize| AckOptions {
                group_control_number: n as u32 + 1,
                set_control_number: "0001".into(),
                report_accepted_sets: true,
            };
            groups.push(ack_997(&ic, g, &set_acks, &opts(2 * i)));
            groups.push(ack_999(&ic, g, &set_acks, &opts(2 * i + 1)));
        }
        let (out, written) = write_interchange_with_ta1(&header, &[ta1(&ic, false)], groups);
        // Only inbound ids that cannot be mirrored (too long, blank) make our header invalid.
        let clean = written.iter().all(|i| i.severity == Severity::Warning);
        // What we write reads back without envelope errors.
        let back = parse(out.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}\n{out}"));
        for b in back.interchanges.iter().filter(|_| clean) {
            assert!(
                !b.has_errors(),
                "{name}: our ack has envelope errors {:#?}\n{out}",
                b.issues
            );
            let summary = read_acks(b);
            assert!(
                summary
                    .issues
                    .iter()
                    .all(|i| i.severity == Severity::Warning),
                "{name}: {:#?}",
                summary.issues
            );
        }
        let _ = read_acks(&ic);
    }
}

#[test]
fn every_corpus_file_parses_without_panic() {
    let files = corpus_files();
    if files.is_empty() {
        return;
    }
    assert!(files.len() >= 80, "only {} corpus files", files.len());
    for (name, bytes) in &files {
        exercise(name, bytes);
    }
}

#[test]
fn real_files_are_clean_at_envelope_level_except_known_quirks() {
    for (name, bytes) in corpus_files() {
        if name.starts_with("broken/") {
            continue;
        }
        if NOT_X12.contains(&name.as_str()) {
            assert!(parse(&bytes).is_err(), "{name}");
            continue;
        }
        let parsed = parse(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let got: Vec<EnvelopeErrorKind> =
            parsed.interchanges.iter().flat_map(error_kinds).collect();
        let expected: &[EnvelopeErrorKind] = REAL_QUIRKS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, k)| *k)
            .unwrap_or_default();
        assert_eq!(
            got, expected,
            "{name}: {:#?}",
            parsed.interchanges[0].issues
        );
        // Every real file has at least one group with a set (or TA1s).
        assert!(
            parsed
                .interchanges
                .iter()
                .any(|ic| !ic.ta1.is_empty() || ic.groups.iter().any(|g| !g.sets.is_empty())),
            "{name}"
        );
        let outside: Vec<_> = parsed.issues.iter().collect();
        if name.ends_with("InvalidTrailers.edi") {
            assert_eq!(outside.len(), 1, "{name}");
            assert!(outside[0].message.contains("after the interchange trailer"));
        } else {
            assert!(outside.is_empty(), "{name}: {outside:#?}");
        }
    }
}

/// The (kind, code, group, set) of every issue of the only interchange of corpus file `name`.
/// An issue as (kind, code, group, set).
type Found = (EnvelopeErrorKind, String, Option<usize>, Option<usize>);

fn issues_of(name: &str) -> Option<Vec<Found>> {
    let bytes = corpus_file(name)?;
    let parsed = parse_ok(&bytes);
    let ic = only(&parsed);
    Some(
        ic.issues
            .iter()
            .map(|i| {
                (
                    i.kind,
                    i.issue.code.clone().unwrap_or_default(),
                    i.group,
                    i.set,
                )
            })
            .collect(),
    )
}

fn s(code: &str) -> String {
    code.to_owned()
}

/// `ISA12 = 00000` in every GT-Logistics fixture.
const V: (EnvelopeErrorKind, &str) = (K::InvalidIsaElement { element: 12 }, "017");

#[test]
fn broken_files_give_precise_issues() {
    let Some(got) = issues_of("broken/gtlogistics_no-ge-trailer.edi") else {
        return;
    };
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::MissingGe, s("3"), Some(0), None)
        ]
    );

    let got = issues_of("broken/gtlogistics_no-se-trailer.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::MissingSe, s("2"), Some(0), Some(0))
        ]
    );

    let got = issues_of("broken/gtlogistics_no-matching-segment-count.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::SegmentCountMismatch, s("4"), Some(0), Some(0))
        ]
    );

    let got = issues_of("broken/gtlogistics_no-matching-st-count.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::SetCountMismatch, s("5"), Some(0), None)
        ]
    );

    let got = issues_of("broken/gtlogistics_no-matching-gs-count.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::GroupCountMismatch, s("021"), None, None)
        ]
    );

    let got = issues_of("broken/gtlogistics_no-iea-trailer.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::MissingIea, s("023"), None, None)
        ]
    );

    let got = issues_of("broken/gtlogistics_release-not-exist.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::MissingIea, s("023"), None, None)
        ]
    );

    // A GE without its GS: the stray GE, and IEA01 counting two groups.
    let got = issues_of("broken/gtlogistics_no-gs-heading.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::UnexpectedSegment, s("022"), None, None),
            (K::GroupCountMismatch, s("021"), None, None),
        ]
    );

    // An SE without its ST.
    let got = issues_of("broken/gtlogistics_no-st-heading.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (V.0, s(V.1), None, None),
            (K::UnexpectedSegment, s("022"), Some(0), None)
        ]
    );

    // `ISA 00*…`: the element separator after ISA disagrees with the rest.
    let got = issues_of("broken/gtlogistics_inconsistent-element-separator-isa-heading.edi")
        .unwrap_or_default();
    assert_eq!(
        got,
        [
            (K::InconsistentElementSeparator, s("026"), None, None),
            (K::MissingIea, s("023"), None, None),
        ]
    );

    // Trimmed ISA: read by counting separators, every short field reported.
    let got = issues_of("broken/gtlogistics_trimmed-isa-heading.edi").unwrap_or_default();
    assert_eq!(
        got,
        [
            (K::IsaNotFixedWidth, s("024"), None, None),
            (K::InvalidIsaElement { element: 2 }, s("011"), None, None),
            (K::InvalidIsaElement { element: 4 }, s("013"), None, None),
            (K::InvalidIsaElement { element: 6 }, s("006"), None, None),
            (K::InvalidIsaElement { element: 8 }, s("008"), None, None),
            (V.0, s(V.1), None, None),
            (K::MissingIea, s("023"), None, None),
        ]
    );

    // Wrong ISA widths (IDs 14 wide, 11-digit control number) and a junk GS: the GS problems
    // reject its group (AK905: none for GS02, GS03 and GS04, 6 for GS06, 2 for GS08).
    let got = issues_of("broken/837_5010_bad-isa-field-widths.edi").unwrap_or_default();
    let codes: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    assert_eq!(
        codes,
        ["024", "006", "008", "014", "018", "", "", "", "6", "2", "4"]
    );

    // An IEA without ISA: reported outside any interchange.
    let bytes = corpus_file("broken/gtlogistics_no-isa-heading.edi").unwrap_or_default();
    let parsed = parse_ok(&bytes);
    assert_eq!(parsed.issues.len(), 1);
    assert_eq!(parsed.issues[0].code.as_deref(), Some("022"));
    assert!(parsed.issues[0].message.contains("IEA*0*000022222"));

    // Empty input.
    let bytes = corpus_file("broken/gtlogistics_empty-edi.edi").unwrap_or_default();
    assert_eq!(parse(&bytes).err(), Some(crate::CodecError::Empty));
}

#[test]
fn every_broken_file_has_an_error_at_some_level() {
    for (name, bytes) in corpus_files() {
        if !name.starts_with("broken/") {
            continue;
        }
        let Ok(parsed) = parse(&bytes) else {
            continue;
        };
        let errors = parsed
            .all_issues()
            .filter(|i| i.severity == Severity::Error)
            .count();
        assert!(errors > 0, "{name}");
        for ic in &parsed.interchanges {
            for i in &ic.issues {
                assert!(has_code(i), "{name}: {i:?}");
                match i.level() {
                    Level::Set => assert!(i.set.is_some() && i.group.is_some()),
                    Level::Group => assert!(i.group.is_some() && i.set.is_none()),
                    Level::Interchange => assert!(i.set.is_none()),
                }
            }
        }
    }
}

#[test]
fn corpus_interchanges_round_trip_through_the_writer() {
    for (name, bytes) in corpus_files() {
        if name.starts_with("broken/") {
            continue;
        }
        let Ok(parsed) = parse(&bytes) else { continue };
        for ic in &parsed.interchanges {
            if ic.has_errors() {
                continue;
            }
            super::write::assert_round_trip(&name, ic);
        }
    }
}

#[test]
fn writing_an_ack_for_each_real_file_needs_no_fixups() {
    let (date, time) = (
        NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
        NaiveTime::MIN,
    );
    for (name, bytes) in corpus_files() {
        let Ok(parsed) = parse(&bytes) else { continue };
        for ic in &parsed.interchanges {
            let header = ic.reply_header(7, date, time);
            let groups = ic
                .groups
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    ack_997(
                        ic,
                        g,
                        &[],
                        &AckOptions {
                            group_control_number: i as u32 + 1,
                            set_control_number: "0001".into(),
                            report_accepted_sets: false,
                        },
                    )
                })
                .collect();
            let (_, issues) = write_interchange(&header, groups);
            let errors: Vec<_> = issues
                .iter()
                .filter(|i| i.severity == Severity::Error)
                .collect();
            // Only the inbound ids themselves can make our header invalid (too long, blank).
            assert!(
                errors.iter().all(|i| i
                    .location
                    .segment
                    .as_deref()
                    .is_some_and(|s| s == "ISA" || s == "GS")),
                "{name}: {errors:#?}"
            );
        }
    }
}
