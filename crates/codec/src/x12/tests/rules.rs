//! Segment/element rules: every code `check` gives, how they end up in the 997, `merge`, and no
//! panic on arbitrary segments.

use chrono::{NaiveDate, NaiveTime};
use proptest::prelude::*;

use super::*;
use crate::x12::rules::{check, merge, ElementRule, SegmentRule, SetRules};
use crate::x12::{ack_997, write_interchange, AckOptions, SetAck};
use crate::Issue;

fn el(position: usize) -> ElementRule {
    ElementRule {
        position,
        ..ElementRule::default()
    }
}

fn seg(id: &str, mandatory: bool, elements: Vec<ElementRule>) -> SegmentRule {
    SegmentRule {
        id: id.into(),
        mandatory: Some(mandatory),
        max_use: None,
        elements,
    }
}

/// A small 850 table in the spirit of `schemas/x12/004010/850.toml`.
fn rules_850() -> SetRules {
    SetRules {
        set: "850".into(),
        part_qualifiers: None,
        closed: None,
        segments: vec![
            SegmentRule {
                max_use: Some(1),
                ..seg(
                    "BEG",
                    true,
                    vec![
                        ElementRule {
                            mandatory: Some(true),
                            min: Some(2),
                            max: Some(2),
                            codes: Some(vec!["00".into(), "01".into(), "05".into()]),
                            ..el(1)
                        },
                        ElementRule {
                            mandatory: Some(true),
                            min: Some(1),
                            max: Some(22),
                            ..el(3)
                        },
                        ElementRule {
                            mandatory: Some(true),
                            min: Some(8),
                            max: Some(8),
                            date: Some(true),
                            ..el(5)
                        },
                    ],
                )
            },
            seg("REF", false, vec![]),
            seg(
                "PO1",
                true,
                vec![
                    ElementRule {
                        numeric: Some(true),
                        max: Some(15),
                        ..el(2)
                    },
                    ElementRule {
                        min: Some(2),
                        max: Some(2),
                        ..el(3)
                    },
                ],
            ),
            seg("CTT", false, vec![]),
        ],
    }
}

/// `check` on the only set of `text`.
fn issues_of(text: &str, rules: &SetRules) -> Vec<Issue> {
    let parsed = parse_ok(text.as_bytes());
    let set = &only(&parsed).groups[0].sets[0];
    check(set, rules)
}

/// (segment, position, element, code) of each issue.
fn coded(issues: &[Issue]) -> Vec<(String, usize, Option<usize>, String)> {
    issues
        .iter()
        .map(|i| {
            (
                i.location.segment.clone().unwrap_or_default(),
                i.location.segment_position.unwrap_or_default(),
                i.location.element,
                i.code.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn c(s: &str, p: usize, e: Option<usize>, code: &str) -> (String, usize, Option<usize>, String) {
    (s.into(), p, e, code.into())
}

/// The AK3/AK4/AK5 segments of the 997 for `text` with `issues`.
fn ak_segments(text: &str, issues: &[Issue]) -> Vec<String> {
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let set = &ic.groups[0].sets[0];
    let ack = SetAck::from_issues(set, issues);
    let group = ack_997(
        ic,
        &ic.groups[0],
        &[ack],
        &AckOptions {
            group_control_number: 1,
            set_control_number: "0001".into(),
            report_accepted_sets: true,
        },
    );
    let date = NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default();
    let time = NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default();
    let (out, _) = write_interchange(&ic.reply_header(1, date, time), vec![group]);
    out.split('~')
        .map(str::trim)
        .filter(|s| s.starts_with("AK3") || s.starts_with("AK4") || s.starts_with("AK5"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_good_set_has_no_issues() {
    let text = interchange(GOOD);
    assert_eq!(issues_of(&text, &rules_850()), []);
}

#[test]
fn element_codes_1_4_5_6_7_8() {
    let text = with_body(&[
        // BEG01 not in the list (7), BEG03 missing (1), BEG05 not a day (8).
        "BEG*09*SA***20241399",
        // PO102 not a number (6), PO103 too long (5).
        "PO1*1*ten*EACH*9.5",
        // PO103 too short (4).
        "PO1*2*1*E*9.5",
        // PO102: 16 digits is too long (5); the sign and the point do not count.
        "PO1*3*-1234567890123.456*EA",
        "PO1*4*-12345678901.2345*EA",
    ]);
    let issues = issues_of(&text, &rules_850());
    assert_eq!(
        coded(&issues),
        [
            c("BEG", 2, Some(1), "7"),
            c("BEG", 2, Some(3), "1"),
            c("BEG", 2, Some(5), "8"),
            c("PO1", 3, Some(2), "6"),
            c("PO1", 3, Some(3), "5"),
            c("PO1", 4, Some(3), "4"),
            c("PO1", 5, Some(2), "5"),
        ],
        "{issues:#?}"
    );
    assert!(issues.iter().all(|i| i.severity == crate::Severity::Error));
    let aks = ak_segments(&text, &issues);
    assert_eq!(
        aks,
        [
            // AK402 names the data element, AK404 copies the bad value (not for missing ones);
            // AK303 names the loop of a segment in one (none for BEG).
            "AK3*BEG*2**8",
            "AK4*1*353*7*09",
            "AK4*3*324*1",
            "AK4*5*373*8*20241399",
            "AK3*PO1*3*PO1*8",
            "AK4*2*330*6*ten",
            "AK4*3*355*5*EACH",
            "AK3*PO1*4*PO1*8",
            "AK4*3*355*4*E",
            "AK3*PO1*5*PO1*8",
            "AK4*2*330*5*-1234567890123.456",
            "AK5*R*5",
        ]
    );
}

#[test]
fn segment_codes_1_2_3_5() {
    let mut rules = rules_850();
    rules.closed = Some(true);
    let text = with_body(&[
        "REF*DP*1",
        "beg*00*SA*P1**20240101",
        "BEG*00*SA*P1**20240101",
        "BEG*00*SA*P2**20240101",
        "XYZ*1",
        "CTT*0",
    ]);
    let issues = issues_of(&text, &rules);
    assert_eq!(
        coded(&issues),
        [
            c("BEG", 3, None, "1"),
            c("BEG", 5, None, "5"),
            c("XYZ", 6, None, "2"),
            // No PO1: expected where CTT (the next table segment present) came.
            c("PO1", 7, None, "3"),
        ],
        "{issues:#?}"
    );
    assert_eq!(
        ak_segments(&text, &issues),
        [
            "AK3*BEG*3**1",
            "AK3*BEG*5**5",
            "AK3*XYZ*6**2",
            "AK3*PO1*7*PO1*3",
            "AK5*R*5"
        ]
    );
    // Missing with nothing after it in the table: at SE. A missing beginning segment: where the
    // next listed one is.
    let text = with_body(&["PO1*1*1*EA"]);
    let mut rules = rules_850();
    rules.segments.push(seg("AMT", true, vec![]));
    assert_eq!(
        coded(&issues_of(&text, &rules)),
        [c("BEG", 2, None, "3"), c("AMT", 3, None, "3")]
    );
}

#[test]
fn part_qualifiers_need_a_supplier_part() {
    let mut rules = rules_850();
    rules.part_qualifiers = Some(vec!["VP".into(), "VN".into()]);
    let text = with_body(&[
        "BEG*00*SA*P1**20240101",
        "PO1*1*1*EA*1**VP*A-1",
        "PO1*2*1*EA*1**BP*B-2*VN*A-2",
        "PO1*3*1*EA*1**BP*B-3",
        "PO1*4*1*EA*1",
        "PO1*5*1*EA*1**VP*",
    ]);
    assert_eq!(
        coded(&issues_of(&text, &rules)),
        [
            c("PO1", 5, Some(6), "7"),
            c("PO1", 6, Some(6), "1"),
            c("PO1", 7, Some(6), "7"),
        ]
    );
}

#[test]
fn merge_overrides_and_adds() {
    let partner = SetRules {
        set: String::new(),
        part_qualifiers: Some(vec!["VP".into()]),
        closed: None,
        segments: vec![
            // BEG01: another code list; BEG03 stays as it was; BEG04 added.
            SegmentRule {
                id: "BEG".into(),
                mandatory: None,
                max_use: None,
                elements: vec![
                    ElementRule {
                        codes: Some(vec!["00".into()]),
                        ..el(1)
                    },
                    ElementRule {
                        mandatory: Some(true),
                        ..el(4)
                    },
                ],
            },
            // REF becomes mandatory; PER is new.
            SegmentRule {
                mandatory: Some(true),
                ..seg("REF", true, vec![])
            },
            seg("PER", true, vec![]),
        ],
    };
    let standard = rules_850();
    let m = merge(&standard, &partner);
    assert_eq!(m.set, "850");
    assert_eq!(m.part_qualifiers, Some(vec!["VP".to_owned()]));
    let beg = m.segment("BEG").unwrap_or_else(|| panic!("no BEG"));
    assert_eq!((beg.mandatory, beg.max_use), (Some(true), Some(1)));
    assert_eq!(beg.elements.len(), 4);
    assert_eq!(beg.elements[0].codes, Some(vec!["00".to_owned()]));
    assert_eq!(beg.elements[0].min, Some(2));
    assert_eq!(beg.elements[1], standard.segments[0].elements[1]);
    assert_eq!(beg.elements[3].position, 4);
    assert_eq!(m.segment("REF").and_then(|s| s.mandatory), Some(true));
    assert_eq!(m.segments.last().map(|s| s.id.as_str()), Some("PER"));
    assert!(m.problems().is_empty(), "{:?}", m.problems());
    // Merging nothing changes nothing.
    assert_eq!(merge(&standard, &SetRules::default()), standard);

    // The merged rules at work: BEG01 01 is no longer allowed, BEG04, REF and PER are missing.
    let text = with_body(&["BEG*01*SA*P1**20240101", "PO1*1*1*EA*1**VP*A"]);
    assert_eq!(
        coded(&issues_of(&text, &m)),
        [
            c("BEG", 2, Some(1), "7"),
            c("BEG", 2, Some(4), "1"),
            c("REF", 3, None, "3"),
            c("PER", 4, None, "3"),
        ]
    );
}

#[test]
fn problems_in_rules_are_found() {
    let mut r = rules_850();
    r.segments.push(seg("BEG", false, vec![el(0)]));
    r.segments.push(seg("b-g", false, vec![]));
    r.segments[0].elements.push(ElementRule {
        min: Some(3),
        max: Some(2),
        ..el(1)
    });
    let p = r.problems();
    assert_eq!(p.len(), 5, "{p:?}");
}

#[test]
fn dates_and_numbers() {
    let rules = SetRules {
        segments: vec![seg(
            "DTM",
            false,
            vec![
                ElementRule {
                    date: Some(true),
                    ..el(2)
                },
                ElementRule {
                    numeric: Some(true),
                    ..el(3)
                },
            ],
        )],
        ..SetRules::default()
    };
    for (body, expected) in [
        ("DTM*002*20240229*-1.5", vec![]),
        ("DTM*002*240229*.5", vec![]),
        ("DTM*002*20230229", vec![c("DTM", 2, Some(2), "8")]),
        (
            "DTM*002*2024022*1.2.3",
            vec![c("DTM", 2, Some(2), "8"), c("DTM", 2, Some(3), "6")],
        ),
        (
            "DTM*002*2024-02-29*-",
            vec![c("DTM", 2, Some(2), "8"), c("DTM", 2, Some(3), "6")],
        ),
    ] {
        let text = with_body(&[body]);
        assert_eq!(coded(&issues_of(&text, &rules)), expected, "{body}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_never_panics(
        body in proptest::collection::vec("[A-Za-z0-9*:^ .\\-]{0,40}", 0..12),
        closed in any::<bool>(),
    ) {
        let refs: Vec<&str> = body.iter().map(String::as_str).collect();
        let text = with_body(&refs);
        let mut rules = rules_850();
        rules.closed = Some(closed);
        rules.part_qualifiers = Some(vec!["VP".into()]);
        rules.segments.push(SegmentRule {
            max_use: Some(0),
            ..seg("N1", true, vec![ElementRule { mandatory: Some(true), ..el(40) }])
        });
        if let Ok(parsed) = crate::x12::parse(text.as_bytes()) {
            for ic in &parsed.interchanges {
                for g in &ic.groups {
                    for s in &g.sets {
                        for i in check(s, &rules) {
                            prop_assert!(i.location.segment_position.is_some());
                        }
                        let _ = SetAck::from_issues(s, &check(s, &rules));
                    }
                }
            }
        }
    }
}
