//! The whole EDIFACT corpus: no panics anywhere, real files clean at envelope level (apart from
//! the listed quirks), broken files and the EdiFabric robustness variants with precise issues.

use std::borrow::Cow;

use super::*;
use crate::edifact::{interchanges, segments, Charset, Level};

use EnvelopeErrorKind as K;

/// Files whose envelope has errors we report on purpose: (file, error kinds of every
/// interchange in order, number of issues outside any interchange).
const QUIRKS: &[(&str, &[EnvelopeErrorKind], usize)] = &[
    // "NB+UNOB…": the UNB lost its U; the rest is a bare message, and UNZ has no UNB.
    (
        "broken/edifabric_CorruptUnb.edi",
        &[K::UnexpectedSegment],
        1,
    ),
    // "NH+…": the UNH lost its U; 38 segments outside any message, UNZ counts 2.
    (
        "broken/edifabric_CorruptUnh.edi",
        &[K::UnexpectedSegment, K::InterchangeCountMismatch],
        0,
    ),
    (
        "broken/edifabric_DuplicateGroup.edi",
        &[K::DuplicateGroupReference, K::DuplicateMessageReference],
        0,
    ),
    // Same sender and 0020 twice; both UNZ say 132 for UNB 131.
    (
        "broken/edifabric_DuplicateInterchange.edi",
        &[
            K::InterchangeReferenceMismatch,
            K::InterchangeReferenceMismatch,
            K::DuplicateInterchange,
        ],
        0,
    ),
    (
        "broken/edifabric_DuplicateMessage.edi",
        &[K::DuplicateMessageReference],
        0,
    ),
    // PAXLST: UNT says 16 for 17 segments (the smooks test expects the failure).
    (
        "broken/smooks_bad-paxlst.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    // BerryWorks tiny vectors carry placeholder letters in 0031 ("a") and 0035 ("t").
    (
        "charsets/tiny-UNOA.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    (
        "charsets/tiny-UNOE.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    (
        "charsets/tiny-syntaxVariants-UNOA.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    (
        "charsets/tiny-syntaxVariants-UNOE.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    (
        "charsets/tiny-withUNA-UNOA.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    (
        "charsets/tiny-withUNA-UNOE.edi",
        &[
            K::InvalidUnbElement { element: 9 },
            K::InvalidUnbElement { element: 11 },
        ],
        0,
    ),
    // UNZ says 2 for one message.
    (
        "eancom/EANCOM_DespatchAdvice.edi",
        &[K::InterchangeCountMismatch],
        0,
    ),
    (
        "eancom/EANCOM_Invoice.edi",
        &[K::InterchangeCountMismatch],
        0,
    ),
    // `UNB+UNOB+…`: no syntax version.
    (
        "edifabric/CONTRL.edi",
        &[K::MissingUnbElement { element: 1 }],
        0,
    ),
    // UNZ says 2 for one group.
    ("edifabric/Invoice.edi", &[K::InterchangeCountMismatch], 0),
    // UNT says 38 for 72 segments (the single-line original's count, kept after splitting).
    (
        "edifabric/PurchaseOrderMultiLine.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    // `UNG+1+2+3+4:44+5…`: placeholder values, so the UNG date is invalid.
    (
        "edifabric-invoic-d00a/INVOIC_D00A_Group.edi",
        &[K::InvalidUngElement { element: 4 }],
        0,
    ),
    (
        "edifabric-invoic-d00a/INVOIC_D00A_GroupMultipleMessages.edi",
        &[
            K::InvalidUngElement { element: 4 },
            K::DuplicateMessageReference,
        ],
        0,
    ),
    // "FNB" instead of "UNB": junk, then a bare message, then a UNZ without UNB.
    (
        "edifabric-invoic-d00a/INVOIC_D00A_InvalidHeader.edi",
        &[K::UnexpectedSegment],
        1,
    ),
    // "1r" after the UNZ.
    (
        "edifabric-invoic-d00a/INVOIC_D00A_InvalidTrailers.edi",
        &[],
        1,
    ),
    (
        "edifabric-invoic-d00a/INVOIC_D00A_MissingGroupTrailer.edi",
        &[K::InvalidUngElement { element: 4 }, K::MissingUne],
        0,
    ),
    (
        "edifabric-invoic-d00a/INVOIC_D00A_MissingInterchangeTrailer.edi",
        &[K::MissingUnz],
        0,
    ),
    // Five copies of one message, one with 40 segments, two without UNT; UNZ 1+1.
    (
        "edifabric-invoic-d00a/INVOIC_D00A_MultipleInvalidMessages.edi",
        &[
            K::SegmentCountMismatch,
            K::DuplicateMessageReference,
            K::DuplicateMessageReference,
            K::DuplicateMessageReference,
            K::MissingUnt,
            K::DuplicateMessageReference,
            K::MissingUnt,
            K::InterchangeCountMismatch,
            K::InterchangeReferenceMismatch,
        ],
        0,
    ),
    (
        "edifabric-invoic-d00a/INVOIC_D00A_ValidAndInvalidMessage.edi",
        &[
            K::DuplicateMessageReference,
            K::InterchangeCountMismatch,
            K::InterchangeReferenceMismatch,
        ],
        0,
    ),
    // The stress file: one message of 109619 segments with UNT 16, no UNZ.
    (
        "perf/pydifact_huge_file2.edi",
        &[K::SegmentCountMismatch, K::MissingUnz],
        0,
    ),
    // UNB date 999818, time 999; UNT 10 for 7 segments.
    (
        "php-edifact/example_multiline.edi",
        &[
            K::InvalidUnbElement { element: 4 },
            K::InvalidUnbElement { element: 4 },
            K::SegmentCountMismatch,
        ],
        0,
    ),
    // UNT 14 for 23 segments (lines were added to the sample later).
    (
        "php-edifact/example_release_character.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    // pydifact APERAKs: UNT says 8 for 7 segments.
    (
        "pydifact/messages_v3_aperak.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    (
        "pydifact/messages_v3_aperak_rejected.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    (
        "pydifact/messages_v4_aperak.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    (
        "pydifact/messages_v4_aperak_rejected.edi",
        &[K::SegmentCountMismatch],
        0,
    ),
    // Truncated: no UNZ.
    ("pydifact/order.edi", &[K::MissingUnz], 0),
    ("pydifact/order2.edi", &[K::MissingUnz], 0),
    // UNZ 1234567 for UNB 1.
    (
        "pydifact/wikipedia_de.edi",
        &[K::InterchangeReferenceMismatch],
        0,
    ),
];

/// Smooks message bodies: segments only, no UNB and no UNH, so nothing to read as EDIFACT.
const NOT_EDIFACT: &[&str] = &[
    "smooks/INVOIC_D93A_smooks.edi",
    "smooks/INVOIC_D96A_smooks.edi",
];

#[test]
fn every_corpus_file_reads_as_expected() {
    let files = corpus_files();
    let mut checked = 0;
    for (name, bytes) in &files {
        // Never panics, whatever the entry point.
        for seg in segments(bytes) {
            assert!(seg.offset + seg.raw().len() <= bytes.len(), "{name}");
        }
        let parsed = match parse(bytes) {
            Ok(p) => p,
            Err(e) => {
                assert!(NOT_EDIFACT.contains(&name.as_str()), "{name}: {e}");
                continue;
            }
        };
        assert!(!NOT_EDIFACT.contains(&name.as_str()), "{name} parsed");
        let got: Vec<EnvelopeErrorKind> =
            parsed.interchanges.iter().flat_map(error_kinds).collect();
        let outside = parsed.issues.len();
        let (want, want_outside) = QUIRKS
            .iter()
            .find(|(f, _, _)| f == name)
            .map(|(_, k, o)| (k.to_vec(), *o))
            .unwrap_or_default();
        assert_eq!(
            (got, outside),
            (want, want_outside),
            "{name}: {:#?}",
            parsed.all_issues().collect::<Vec<_>>()
        );
        for ic in &parsed.interchanges {
            for i in &ic.issues {
                assert_eq!(i.issue.code.as_deref(), Some(i.kind.code()), "{name}");
            }
        }
        // Streaming gives the same interchanges.
        assert_eq!(
            interchanges(bytes).count(),
            parsed.interchanges.len(),
            "{name}"
        );
        checked += 1;
    }
    if !files.is_empty() {
        assert!(checked >= 70, "only {checked} corpus files read");
        for (f, _, _) in QUIRKS {
            assert!(
                files.iter().any(|(n, _)| n == f),
                "quirk file {f} not in the corpus"
            );
        }
    }
}

/// Value `element`/`component` of the first body segment with `tag` of the first message of
/// corpus file `name`.
fn first_value(name: &str, tag: &str, element: usize, component: usize) -> Option<String> {
    value_where(name, tag, None, element, component)
}

/// Like [`first_value`], for the first segment whose first element is `qualifier`.
fn value_where(
    name: &str,
    tag: &str,
    qualifier: Option<&str>,
    element: usize,
    component: usize,
) -> Option<String> {
    let bytes = corpus_file(name)?;
    let parsed = parse_ok(&bytes);
    let ic = only(&parsed);
    let (_, _, m) = ic.all_messages().into_iter().next()?;
    let seg = m.segments().iter().find(|s| {
        s.tag() == tag && qualifier.is_none_or(|q| s.value(1, 1).as_deref() == Some(q))
    })?;
    seg.value(element, component).map(Cow::into_owned)
}

#[test]
fn charset_files_decode_to_unicode() {
    let Some(_) = corpus_file("charsets/tiny-UNOE.edi") else {
        return;
    };
    assert_eq!(
        first_value("charsets/tiny-UNOE.edi", "NAD", 4, 1).as_deref(),
        Some("Рыба текст")
    );
    assert_eq!(
        first_value("charsets/tiny-syntaxVariants-UNOE.edi", "NAD", 4, 1).as_deref(),
        Some("Рыба текст")
    );
    for (file, cs) in [
        ("charsets/ORDERS-D01B-UNOC.edi", Charset::Unoc),
        ("charsets/ORDERS-D01B-UNOD.edi", Charset::Unod),
        ("charsets/ORDERS-D01B-UNOE.edi", Charset::Unoe),
    ] {
        let bytes = corpus_file(file).unwrap_or_default();
        let parsed = parse_ok(&bytes);
        let ic = only(&parsed);
        assert_eq!(ic.charset, cs, "{file}");
        assert_eq!(ic.header.charset, Some(cs), "{file}");
        // Every value decodes without replacement characters.
        let mut non_ascii = String::new();
        for (_, _, m) in ic.all_messages() {
            for seg in m.all_segments() {
                for e in 1..=seg.element_count() {
                    for c in 1..=seg.component_count(e) {
                        let v = seg.value(e, c).unwrap_or_default();
                        assert!(!v.contains('\u{FFFD}'), "{file}: {v}");
                        non_ascii.extend(v.chars().filter(|ch| !ch.is_ascii()));
                    }
                }
            }
        }
        eprintln!("{file}: {non_ascii}");
        let expected_script = match cs {
            Charset::Unoe => non_ascii
                .chars()
                .any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
            Charset::Unod => non_ascii
                .chars()
                .any(|c| "ąčęěłńőřśšťůűźžżĄČĘĚŁŃŐŘŚŠŤŮŰŹŽŻ".contains(c)),
            _ => non_ascii.chars().all(|c| (c as u32) < 0x100),
        };
        assert!(expected_script, "{file}: {non_ascii}");
    }
}

#[test]
fn utf8_sent_as_latin1_is_read_as_utf8() {
    let Some(v) = first_value("php-edifact/example_utf8.edi", "IMD", 3, 4) else {
        return;
    };
    assert_eq!(v, "MUNCIË THE MIDDLE");
}

#[test]
fn escaped_variants_unescape() {
    let Some(v) = value_where(
        "edifabric-invoic-d00a/INVOIC_D00A_EscapedSegmentTerminator.edi",
        "NAD",
        Some("SE"),
        3,
        1,
    ) else {
        return;
    };
    // `Schoenstrasse D?'\r\nOr7`: a released terminator, then a line break inside the segment.
    assert_eq!(v, "Schoenstrasse D'Or7");
    assert_eq!(
        first_value(
            "edifabric-invoic-d00a/INVOIC_D00A_EscapedEscape.edi",
            "FTX",
            1,
            1
        )
        .as_deref(),
        Some("AAI?")
    );
    assert_eq!(
        first_value(
            "edifabric-invoic-d00a/INVOIC_D00A_EscapedRepetition.edi",
            "COM",
            1,
            2
        )
        .as_deref(),
        Some("2*3:4")
    );
    assert_eq!(
        first_value("php-edifact/example_release_character.edi", "ERC", 1, 1).as_deref(),
        Some("A7V")
    );
}

#[test]
fn robustness_variants_read_like_the_valid_one() {
    let Some(valid) = corpus_file("edifabric-invoic-d00a/INVOIC_D00A_Valid.edi") else {
        return;
    };
    let shape = |bytes: &[u8]| -> Vec<(String, usize)> {
        let parsed = parse_ok(bytes);
        let ic = &parsed.interchanges[0];
        ic.all_messages()
            .into_iter()
            .flat_map(|(_, _, m)| {
                m.all_segments()
                    .map(|s| (s.tag().to_owned(), s.element_count()))
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let want = shape(&valid);
    for f in [
        "INVOIC_D00A_CR.edi",
        "INVOIC_D00A_LF.edi",
        "INVOIC_D00A_DefaultUNA.edi",
        "INVOIC_D00A_NonDefaultSeparators.edi",
        "INVOIC_D00A_TrailingBlanks.edi",
        "INVOIC_D00A_TrailingSeparator.edi",
        "INVOIC_D00A_BOM.edi",
    ] {
        let bytes = corpus_file(&format!("edifabric-invoic-d00a/{f}")).unwrap_or_default();
        let got = shape(&bytes);
        assert_eq!(got.len(), want.len(), "{f}");
        let tags: Vec<&String> = got.iter().map(|(t, _)| t).collect();
        let want_tags: Vec<&String> = want.iter().map(|(t, _)| t).collect();
        assert_eq!(tags, want_tags, "{f}");
    }
    // A second interchange with its own UNA (`|` separators).
    let bytes = corpus_file("edifabric-invoic-d00a/INVOIC_D00A_MultipleInterchange.edi")
        .unwrap_or_default();
    let parsed = parse_ok(&bytes);
    assert_eq!(parsed.interchanges.len(), 2);
    assert_eq!(parsed.interchanges[1].delimiters.element, b'|');
    assert_eq!(parsed.interchanges[1].header.control_reference, "132");
    assert!(parsed.interchanges[1].una.is_some());
    // The level of each issue.
    let bytes = corpus_file("edifabric-invoic-d00a/INVOIC_D00A_MissingGroupTrailer.edi")
        .unwrap_or_default();
    let parsed = parse_ok(&bytes);
    let ic = only(&parsed);
    let une = ic
        .issues
        .iter()
        .find(|i| i.kind == K::MissingUne)
        .map(|i| (i.level(), i.group));
    assert_eq!(une, Some((Level::Group, Some(0))));
}
