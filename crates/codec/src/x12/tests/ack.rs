//! 997 / 999 / TA1: golden outputs for four inbound cases, mapper errors, and reading acks back
//! (our own and the corpus ones).

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::x12::{
    ack_997, ack_999, acknowledge_group, needs_ta1, read_acks, ta1, write_interchange,
    write_interchange_with_ta1, AckKind, AckOptions, AckStatus, Context, ElementError,
    SegmentError, SetAck,
};
use crate::{Issue, Location, Severity};

fn now() -> (NaiveDate, NaiveTime) {
    (
        NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default(),
        NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default(),
    )
}

fn options(i: usize) -> AckOptions {
    AckOptions {
        group_control_number: 5001 + i as u32,
        set_control_number: format!("{:04}", i + 1),
        report_accepted_sets: true,
    }
}

/// The 997 or 999 interchange answering `text`.
fn functional_ack(text: &str, kind: AckKind, set_acks: &[SetAck]) -> String {
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let (date, time) = now();
    let header = ic.reply_header(900_000_001, date, time);
    let groups = ic
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| match kind {
            AckKind::Fa997 => ack_997(ic, g, set_acks, &options(i)),
            AckKind::Ia999 => ack_999(ic, g, set_acks, &options(i)),
        })
        .collect();
    let (out, issues) = write_interchange(&header, groups);
    assert!(issues.is_empty(), "{issues:#?}");
    out
}

/// The TA1 interchange answering `text`.
fn ta1_ack(text: &str, duplicate: bool) -> String {
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let (date, time) = now();
    let header = ic.reply_header(900_000_002, date, time);
    let (out, issues) = write_interchange_with_ta1(&header, &[ta1(ic, duplicate)], Vec::new());
    assert!(issues.is_empty(), "{issues:#?}");
    out
}

/// The same interchange in 5010 (ISA 00501 with `^`, GS08 005010), as a 999 partner sends.
fn to_5010(text: &str) -> String {
    text.replacen("*U*00401*", "*^*00501*", 1)
        .replace("*X*004010~", "*X*005010~")
}

/// One segment per line, for readable golden files.
fn lines(s: &str) -> String {
    s.replace('~', "~\n")
}

fn good_requesting_ta1() -> String {
    interchange(GOOD).replacen("*000000001*0*P*", "*000000001*1*P*", 1)
}

fn with_bad_se_count() -> String {
    good_requesting_ta1().replace("SE*5*0001~", "SE*7*0001~")
}

fn with_duplicate_st02() -> String {
    let body = [
        GOOD[0],
        GOOD[1],
        GOOD[2],
        GOOD[3],
        GOOD[4],
        GOOD[5],
        GOOD[1],
        GOOD[2],
        GOOD[4],
        "SE*4*0001~",
        "GE*2*1~",
        "IEA*1*000000001~",
    ];
    interchange(&body).replacen("*000000001*0*P*", "*000000001*1*P*", 1)
}

fn with_missing_ge() -> String {
    let body: Vec<&str> = GOOD
        .iter()
        .copied()
        .filter(|s| !s.starts_with("GE"))
        .collect();
    interchange(&body).replacen("*000000001*0*P*", "*000000001*1*P*", 1)
}

#[test]
fn golden_acks() {
    let cases = [
        ("good", good_requesting_ta1()),
        ("bad_se_count", with_bad_se_count()),
        ("duplicate_st02", with_duplicate_st02()),
        ("missing_ge", with_missing_ge()),
    ];
    for (name, text) in &cases {
        golden(
            &format!("{name}_997.edi"),
            &lines(&functional_ack(text, AckKind::Fa997, &[])),
        );
        golden(
            &format!("{name}_999.edi"),
            &lines(&functional_ack(&to_5010(text), AckKind::Ia999, &[])),
        );
        golden(&format!("{name}_ta1.edi"), &lines(&ta1_ack(text, false)));
    }
}

#[test]
fn statuses_of_the_four_cases() {
    let verdict = |text: &str| {
        let parsed = parse_ok(text.as_bytes());
        let ic = only(&parsed);
        let (_, v) = acknowledge_group(AckKind::Fa997, ic, &ic.groups[0], &[], &options(0));
        (needs_ta1(ic), ta1(ic, false).status, v)
    };
    let (ta1_due, ta1_status, v) = verdict(&good_requesting_ta1());
    assert!(ta1_due, "ISA14 = 1");
    assert_eq!(ta1_status, AckStatus::Accepted);
    assert_eq!(v.status, AckStatus::Accepted);
    assert_eq!(v.sets, [("0001".to_owned(), AckStatus::Accepted)]);

    let (_, _, v) = verdict(&with_bad_se_count());
    assert_eq!(v.status, AckStatus::Rejected);
    assert_eq!(v.sets[0].1, AckStatus::Rejected);

    let (_, _, v) = verdict(&with_duplicate_st02());
    assert_eq!(v.status, AckStatus::PartiallyAccepted);
    assert_eq!(
        v.sets.iter().map(|s| s.1).collect::<Vec<_>>(),
        [AckStatus::Accepted, AckStatus::Rejected]
    );

    let (_, _, v) = verdict(&with_missing_ge());
    assert_eq!(
        v.status,
        AckStatus::Rejected,
        "a group without GE is rejected"
    );
    assert_eq!(v.sets[0].1, AckStatus::Accepted);
}

#[test]
fn exact_997_for_a_bad_se_count() {
    let out = functional_ack(&with_bad_se_count(), AckKind::Fa997, &[]);
    assert!(
        out.contains("~ST*997*0001~AK1*PO*1~AK2*850*0001~AK5*R*4~AK9*R*1*1*0~SE*6*0001~"),
        "{out}"
    );
    assert!(
        out.contains("GS*FA*RECEIVERAPP*SENDERAPP*20240201*0930*5001*X*004010~"),
        "{out}"
    );
    assert!(out.starts_with("ISA*00*          *00*          *ZZ*RECEIVER       *ZZ*SENDER         *240201*0930*U*00401*900000001*0*P*:~"), "{out}");
}

#[test]
fn ta1_codes() {
    // Duplicate interchange (the caller's verdict).
    let out = ta1_ack(&good_requesting_ta1(), true);
    assert!(
        out.contains("~TA1*000000001*240131*1100*R*025~IEA*0*900000002~"),
        "{out}"
    );
    // A bad envelope: IEA02 mismatch rejects with 001; needs a TA1 even without ISA14.
    let text = interchange(GOOD).replace("IEA*1*000000001~", "IEA*1*000000002~");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(!ic.ack_requested());
    assert!(needs_ta1(ic));
    let t = ta1(ic, false);
    assert_eq!(
        (t.status, t.note_code.as_str()),
        (AckStatus::Rejected, "001")
    );
    // Bad separators: 026.
    let text = interchange(GOOD).replacen("ISA*", "ISA+", 1);
    let parsed = parse_ok(text.as_bytes());
    let t = ta1(only(&parsed), false);
    assert_eq!(
        (t.status, t.note_code.as_str()),
        (AckStatus::Rejected, "026")
    );
    // A tolerated quirk (U in 00501) notes E/016 but needs no TA1 by itself.
    let text = interchange(GOOD).replacen("*U*00401*", "*U*00501*", 1);
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(!needs_ta1(ic));
    let t = ta1(ic, false);
    assert_eq!(
        (t.status, t.note_code.as_str()),
        (AckStatus::AcceptedWithErrors, "016")
    );
    // 022 for a structure problem.
    let text = interchange(GOOD).replace("GE*1*1~", "NTE*GEN*x~GE*1*1~");
    let parsed = parse_ok(text.as_bytes());
    assert_eq!(ta1(only(&parsed), false).note_code, "022");
    // Bad GS content is no interchange problem: its group's AK9 says it (see
    // `a_bad_gs_rejects_its_group_only`).
    let text = interchange(GOOD).replace("*20240131*1100*1*X*", "*20241301*1100*1*X*");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(!needs_ta1(ic));
    let t = ta1(ic, false);
    assert_eq!(
        (t.status, t.note_code.as_str()),
        (AckStatus::Accepted, "000")
    );
}

#[test]
fn mapper_errors_become_ak3_ak4_and_ik3_ctx_ik4() {
    let text = interchange(GOOD)
        .replacen("*U*00401*", "*^*00501*", 1)
        .replace("004010", "005010X220A1");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let set = &ic.groups[0].sets[0];
    let mut seg = SegmentError::new("PO1", 3)
        .with_element(ElementError {
            position: 2,
            component: None,
            repetition: None,
            element_number: Some("330".into()),
            code: "6".into(),
            bad_data: Some("1*0~".into()),
        })
        .with_element(ElementError {
            position: 7,
            component: Some(2),
            repetition: Some(1),
            element_number: None,
            code: "7".into(),
            bad_data: None,
        });
    seg.loop_id = Some("PO1".into());
    seg.context.push(Context {
        name: "PO101".into(),
        reference: Some("1".into()),
    });
    let mut ack = SetAck::new(set);
    ack.segment_errors.push(seg);
    ack.segment_errors
        .push(SegmentError::new("ZZZ", 5).with_code("1"));

    let (date, time) = now();
    let header = ic.reply_header(900_000_001, date, time);
    let g997 = ack_997(ic, &ic.groups[0], std::slice::from_ref(&ack), &options(0));
    let g999 = ack_999(ic, &ic.groups[0], std::slice::from_ref(&ack), &options(0));
    let (out997, issues) = write_interchange(&header, vec![g997]);
    // The bad data carries two delimiters: replaced by spaces, with a warning.
    assert_eq!(issues.len(), 1, "{issues:#?}");
    assert_eq!(issues[0].severity, Severity::Warning);
    assert!(
        out997.contains(
            "~ST*997*0001~AK1*PO*1*005010X220A1~AK2*850*0001~AK3*PO1*3*PO1*8~AK4*2*330*6*1 0 ~AK4*7:2**7~AK3*ZZZ*5**1~AK5*R*5~AK9*R*1*1*0~SE*10*0001~"
        ),
        "{out997}"
    );
    let (out999, _) = write_interchange(&header, vec![g999]);
    assert!(
        out999.contains(
            "~ST*999*0001*005010X231A1~AK1*PO*1*005010X220A1~AK2*850*0001~IK3*PO1*3*PO1*8~CTX*PO101:1~IK4*2*330*6*1 0 ~IK4*7:2:1**7~IK3*ZZZ*5**1~IK5*R*5~AK9*R*1*1*0~SE*11*0001~"
        ),
        "{out999}"
    );
    assert!(
        out999.contains("*X*005010X231A1~"),
        "GS08 of a 999: {out999}"
    );
}

#[test]
fn set_ack_from_issues() {
    let text = interchange(GOOD);
    let parsed = parse_ok(text.as_bytes());
    let set = &only(&parsed).groups[0].sets[0];
    let at = |segment: &str, position: usize, element: Option<usize>| Location {
        segment: Some(segment.into()),
        segment_position: Some(position),
        element,
        ..Location::default()
    };
    let issues = [
        Issue::error(at("BEG", 2, Some(3)), "PO number missing").with_code("1"),
        Issue::error(at("BEG", 2, Some(5)), "Bad date").with_code("8"),
        // A business finding (no X12 code): no AK4, it only marks the set.
        Issue::warning(
            at("CTT", 9, Some(1)),
            "CTT01 is not the number of PO1 segments",
        ),
        Issue::warning(at("PO1", 3, None), "Unknown qualifier").with_code("2"),
        Issue::error(Location::default(), "No lines"),
    ];
    let ack = SetAck::from_issues(set, &issues);
    assert_eq!(ack.st_offset, set.st.offset);
    assert_eq!(ack.segment_errors.len(), 2);
    let beg = &ack.segment_errors[0];
    assert_eq!(
        (beg.segment_id.as_str(), beg.position, beg.severity),
        ("BEG", 2, Severity::Error)
    );
    assert_eq!(
        beg.elements
            .iter()
            .map(|e| (e.position, e.code.as_str()))
            .collect::<Vec<_>>(),
        [(3, "1"), (5, "8")]
    );
    let po1 = &ack.segment_errors[1];
    assert_eq!(
        (po1.code.as_deref(), po1.severity),
        (Some("2"), Severity::Warning)
    );
    assert_eq!(ack.codes, ["5"]);

    let warnings_only = SetAck::from_issues(set, &issues[3..4]);
    let parsed2 = parse_ok(text.as_bytes());
    let ic = only(&parsed2);
    let (_, v) = acknowledge_group(
        AckKind::Fa997,
        ic,
        &ic.groups[0],
        &[warnings_only],
        &options(0),
    );
    assert_eq!(v.sets[0].1, AckStatus::AcceptedWithErrors);
    assert_eq!(v.status, AckStatus::AcceptedWithErrors);
}

#[test]
fn our_acks_read_back() {
    for (text, kind) in [
        (with_duplicate_st02(), AckKind::Fa997),
        (with_duplicate_st02(), AckKind::Ia999),
        (with_missing_ge(), AckKind::Fa997),
    ] {
        let out = functional_ack(&text, kind, &[]);
        let parsed = parse_ok(out.as_bytes());
        let ic = only(&parsed);
        assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
        let summary = read_acks(ic);
        assert!(summary.issues.is_empty(), "{:#?}", summary.issues);
        assert_eq!(summary.functional.len(), 1);
        let fa = &summary.functional[0];
        assert_eq!(fa.kind, kind);
        assert_eq!(
            (fa.functional_id.as_str(), fa.group_control_number.as_str()),
            ("PO", "1")
        );
        if text == with_missing_ge() {
            assert_eq!(fa.status, Some(AckStatus::Rejected));
            assert_eq!(fa.codes, ["3"]);
        } else {
            assert_eq!(fa.status, Some(AckStatus::PartiallyAccepted));
            assert_eq!(
                (fa.included, fa.received, fa.accepted),
                (Some(2), Some(2), Some(1))
            );
            assert_eq!(fa.sets.len(), 2);
            assert_eq!(fa.sets[1].status, Some(AckStatus::Rejected));
            assert_eq!(fa.sets[1].codes, ["23"]);
        }
    }
    // A TA1 reads back too.
    let out = ta1_ack(&with_bad_se_count(), true);
    let parsed = parse_ok(out.as_bytes());
    let summary = read_acks(only(&parsed));
    assert_eq!(summary.ta1.len(), 1);
    assert_eq!(summary.ta1[0].status, Some(AckStatus::Rejected));
    assert_eq!(summary.ta1[0].note_code, "025");
    assert_eq!(summary.ta1[0].control_number, "000000001");
    assert!(summary.interchange("1").is_some());
}

#[test]
fn fixture_999_reads() {
    let bytes = fixture("999_5010_pyx12.edi");
    let parsed = parse_ok(&bytes);
    let summary = read_acks(only(&parsed));
    assert!(summary.issues.is_empty(), "{:#?}", summary.issues);
    let fa = &summary.functional[0];
    assert_eq!(fa.kind, AckKind::Ia999);
    assert_eq!(
        (
            fa.functional_id.as_str(),
            fa.group_control_number.as_str(),
            fa.version.as_deref()
        ),
        ("BE", "146", Some("005010X220A1"))
    );
    assert_eq!(fa.status, Some(AckStatus::Accepted));
    assert_eq!(fa.sets[0].control_number, "146001");
    assert_eq!(fa.set_status("146001"), Some(AckStatus::Accepted));
    assert_eq!(
        fa.set_status("999999"),
        Some(AckStatus::Accepted),
        "unlisted = accepted"
    );
    assert!(summary
        .group("0146")
        .is_some_and(|g| g.status == Some(AckStatus::Accepted)));
    assert!(summary.group("147").is_none());
}

#[test]
fn corpus_acks_read() {
    let Some(b997) = corpus_file("acks/997_4010_accepted_gtlogistics.edi") else {
        return;
    };
    let parsed = parse_ok(&b997);
    let s = read_acks(only(&parsed));
    assert!(s.issues.is_empty(), "{:#?}", s.issues);
    let fa = &s.functional[0];
    assert_eq!(
        (
            fa.kind,
            fa.functional_id.as_str(),
            fa.group_control_number.as_str()
        ),
        (AckKind::Fa997, "SM", "1")
    );
    assert_eq!(fa.status, Some(AckStatus::Accepted));
    assert!(fa.sets.is_empty());
    assert_eq!(
        (fa.included, fa.received, fa.accepted),
        (Some(1), Some(1), Some(1))
    );

    let Some(b999) = corpus_file("acks/999_5010X231_wisconsin_with_IK3_IK4_CTX.edi") else {
        return;
    };
    let parsed = parse_ok(&b999);
    let s = read_acks(only(&parsed));
    assert!(s.issues.is_empty(), "{:#?}", s.issues);
    let fa = &s.functional[0];
    assert_eq!(
        (fa.group_control_number.as_str(), fa.version.as_deref()),
        ("17456", Some("004010X098A1"))
    );
    let statuses: Vec<(&str, Option<AckStatus>)> = fa
        .sets
        .iter()
        .map(|x| (x.control_number.as_str(), x.status))
        .collect();
    assert_eq!(statuses[0], ("0001", Some(AckStatus::Accepted)));
    assert_eq!(statuses[1], ("002", Some(AckStatus::Rejected)));
    let bad = &fa.sets[1];
    assert_eq!(bad.codes, ["5"]);
    let ik3 = &bad.segment_errors[0];
    assert_eq!(
        (ik3.segment_id.as_str(), ik3.position, ik3.code.as_deref()),
        ("CLM", 22, Some("8"))
    );
    assert_eq!(
        ik3.context,
        [Context {
            name: "CLM01".into(),
            reference: Some("123456789".into())
        }]
    );
    assert_eq!(
        ik3.elements,
        [ElementError {
            position: 2,
            component: None,
            repetition: None,
            element_number: Some("782".into()),
            code: "1".into(),
            bad_data: None,
        }]
    );

    for name in [
        "acks/999_5010_pyx12_ls_le.edi",
        "acks/999_5010_pyx12_lui.edi",
    ] {
        let Some(b) = corpus_file(name) else { return };
        let parsed = parse_ok(&b);
        let s = read_acks(only(&parsed));
        assert!(s.issues.is_empty(), "{name}: {:#?}", s.issues);
        assert!(!s.functional.is_empty());
        assert!(s
            .functional
            .iter()
            .all(|f| f.status == Some(AckStatus::Accepted)));
    }

    let Some(t1) = corpus_file("acks/TA1_sample1.edi") else {
        return;
    };
    let parsed = parse_ok(&t1);
    let s = read_acks(only(&parsed));
    assert_eq!(s.ta1.len(), 2);
    assert_eq!(
        (
            s.ta1[0].control_number.as_str(),
            s.ta1[0].status,
            s.ta1[0].note_code.as_str()
        ),
        ("0659", Some(AckStatus::Accepted), "")
    );
    let Some(t2) = corpus_file("acks/TA1_sample2.edi") else {
        return;
    };
    let parsed = parse_ok(&t2);
    let s = read_acks(only(&parsed));
    assert_eq!(s.ta1.len(), 1);
    assert_eq!(
        (
            s.ta1[0].control_number.as_str(),
            s.ta1[0].status,
            s.ta1[0].note_code.as_str()
        ),
        ("900000001", Some(AckStatus::Rejected), "006")
    );
}

/// An 850 with loops in the header, in lines and in the summary (positions in the comments).
fn with_loops(line2_id: &str) -> String {
    let body = [
        "BEG*00*SA*PO1**20240131",               // 2
        "REF*DP*1",                              // 3
        "N1*ST*Dock*92*D1",                      // 4: header N1 loop
        "N3*1 Road",                             // 5
        "PO1*1*10*EA*9.5**VP*A",                 // 6: line 1
        "PID*F****Thing",                        // 7: PID loop inside the line
        "MEA*PD*LN*1",                           // 8
        "PO4*1",                                 // 9: the line loop again
        "N1*ST*Store*92*S1",                     // 10: the line's N1 loop
        "N3*2 Road",                             // 11
        &format!("PO1*{line2_id}*1*EA*1**VP*B"), // 12: line 2
        "SLN*1**I*1*EA",                         // 13: SLN loop
        "N9*L1*NOTE",                            // 14: the SLN's N9 loop
        "MSG*hi",                                // 15
        "XYZ*1",                                 // 16: no table knows it: the line loop
        "CTT*2",                                 // 17: summary CTT loop
        "AMT*TT*10",                             // 18
    ];
    to_5010(&with_body(&body))
}

#[test]
fn loops_of_an_850() {
    let text = with_loops("ITEM-22");
    let parsed = parse_ok(text.as_bytes());
    let set = &only(&parsed).groups[0].sets[0];
    let loops = crate::x12::loops::SetLoops::of(set);
    let ids: Vec<Option<&str>> = (1..=19).map(|p| loops.loop_id(p)).collect();
    assert_eq!(
        ids,
        [
            None,        // ST
            None,        // BEG
            None,        // REF
            Some("N1"),  // N1
            Some("N1"),  // N3
            Some("PO1"), // PO1
            Some("PID"), // PID
            Some("PID"), // MEA
            Some("PO1"), // PO4
            Some("N1"),  // N1 in the line
            Some("N1"),  // N3
            Some("PO1"), // PO1
            Some("SLN"), // SLN
            Some("N9"),  // N9
            Some("N9"),  // MSG
            Some("PO1"), // XYZ
            Some("CTT"), // CTT
            Some("CTT"), // AMT
            None,        // SE
        ]
    );
    let lines: Vec<Option<(&str, Option<&str>)>> = [5, 6, 8, 11, 12, 16, 17, 19]
        .iter()
        .map(|&p| loops.line_of(p))
        .collect();
    assert_eq!(
        lines,
        [
            None,
            Some(("PO101", Some("1"))),
            Some(("PO101", Some("1"))),
            Some(("PO101", Some("1"))),
            Some(("PO101", Some("ITEM-22"))),
            Some(("PO101", Some("ITEM-22"))),
            None,
            None,
        ]
    );
    // A missing segment: the loop it opens, else the loop around where it was expected that
    // holds it.
    assert_eq!(loops.missing_loop_id("PO1", 17), Some("PO1"));
    assert_eq!(loops.missing_loop_id("N2", 5), Some("N1"));
    assert_eq!(loops.missing_loop_id("MEA", 9), Some("PO1"));
    assert_eq!(loops.missing_loop_id("PER", 3), None);
    assert_eq!(loops.missing_loop_id("BEG", 2), None);
    // Sets without a table have no loops.
    let text = interchange(GOOD).replace("ST*850*", "ST*810*");
    let parsed = parse_ok(text.as_bytes());
    let loops = crate::x12::loops::SetLoops::of(&only(&parsed).groups[0].sets[0]);
    assert_eq!((loops.loop_id(3), loops.line_of(3)), (None, None));
}

/// The AK3…AK5 (997) or IK3…IK5 (999) segments answering the only set of `text` with `issues`.
fn error_segments(text: &str, kind: AckKind, issues: &[Issue]) -> Vec<String> {
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    let ack = SetAck::from_issues(&ic.groups[0].sets[0], issues);
    let out = functional_ack(text, kind, &[ack]);
    out.split('~')
        .map(str::trim)
        .filter(|s| {
            ["AK3", "AK4", "IK3", "IK4", "CTX"]
                .iter()
                .any(|p| s.starts_with(p))
        })
        .map(str::to_owned)
        .collect()
}

fn at(segment: &str, position: usize, element: Option<usize>) -> Location {
    Location {
        segment: Some(segment.into()),
        segment_position: Some(position),
        element,
        ..Location::default()
    }
}

#[test]
fn ak303_names_the_loop_and_the_999_gives_the_line_as_context() {
    let text = with_loops("ITEM-22");
    let issues = [
        Issue::error(at("N3", 5, Some(1)), "Too long").with_code("5"),
        Issue::error(at("PID", 7, Some(1)), "Not a description type").with_code("7"),
        Issue::error(at("N3", 11, Some(1)), "Too long").with_code("5"),
        Issue::error(at("PO1", 12, Some(2)), "Not a number").with_code("6"),
        Issue::error(at("MSG", 15, None), "Unexpected").with_code("2"),
        Issue::error(at("PO1", 17, None), "No PO1").with_code("3"),
        Issue::error(at("BEG", 2, Some(3)), "Missing").with_code("1"),
    ];
    assert_eq!(
        error_segments(&text, AckKind::Ia999, &issues),
        [
            // The header N1 loop: no line, no context.
            "IK3*N3*5*N1*8",
            "IK4*1*166*5*1 Road",
            // In the PID loop of line 1.
            "IK3*PID*7*PID*8",
            "CTX*PO101:1",
            "IK4*1*349*7*F",
            // In the N1 loop of line 1.
            "IK3*N3*11*N1*8",
            "CTX*PO101:1",
            "IK4*1*166*5*2 Road",
            // The PO1 of line 2 itself is in the PO1 loop and in its line.
            "IK3*PO1*12*PO1*8",
            "CTX*PO101:ITEM-22",
            "IK4*2*330*6*1",
            // Nested twice: the N9 loop of the SLN loop, line 2.
            "IK3*MSG*15*N9*2",
            "CTX*PO101:ITEM-22",
            // A missing PO1, reported where CTT came: the loop it would open, no context.
            "IK3*PO1*17*PO1*3",
            // Outside any loop.
            "IK3*BEG*2**8",
            "IK4*3*324*1",
        ]
    );
    // The 997 has the loop ids, and no CTX.
    assert_eq!(
        error_segments(&text, AckKind::Fa997, &issues[1..2]),
        ["AK3*PID*7*PID*8", "AK4*1*349*7*F"]
    );
}

#[test]
fn the_line_context_needs_a_usable_line_id() {
    let pid = [Issue::error(at("PO1", 12, Some(2)), "Not a number").with_code("6")];
    let ctx = |line2_id: &str| -> Vec<String> {
        error_segments(&with_loops(line2_id), AckKind::Ia999, &pid)
            .into_iter()
            .filter(|s| s.starts_with("CTX"))
            .collect()
    };
    // No PO101: the business unit has no identifier, so no CTX.
    assert!(ctx("").is_empty());
    // CTX01-2 is AN 1/35: a longer identifier is cut.
    let long = "L".repeat(40);
    assert_eq!(ctx(&long), [format!("CTX*PO101:{}", "L".repeat(35))]);
    // Not printable ASCII: not a usable identifier (X231A1 then sends none).
    assert!(ctx("LINE\u{7f}1").is_empty());
    assert!(ctx("LÍNEA-1").is_empty());
}

#[test]
fn an_860_line_is_named_by_poc01() {
    let body = [
        "GS*PC*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*005010~",
        "ST*860*0001~",
        "BCH*04*SA*PO1**20240131~",
        "POC*7*QI*5*2*EA*9.5**VP*A~",
        "PID*Q****Thing~",
        "CTT*1~",
        "SE*6*0001~",
        "GE*1*1~",
        "IEA*1*000000001~",
    ];
    let text = to_5010(&interchange(&body));
    let issues = [Issue::error(at("PID", 4, Some(1)), "Not a type").with_code("7")];
    assert_eq!(
        error_segments(&text, AckKind::Ia999, &issues),
        ["IK3*PID*4*PID*8", "CTX*POC01:7", "IK4*1*349*7*Q"]
    );
}

/// A changed 860 line without POC03 (the quantity after the change) is an element error on
/// POC03 (data element 380), in the line's loop, named by POC01.
#[test]
fn an_860_line_without_poc03_is_an_element_error() {
    let body = [
        "GS*PC*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*005010~",
        "ST*860*0001~",
        "BCH*04*SA*PO1**20240131~",
        "POC*7*QI**2*EA*9.5**VP*A~",
        "CTT*1~",
        "SE*5*0001~",
        "GE*1*1~",
        "IEA*1*000000001~",
    ];
    let text = to_5010(&interchange(&body));
    let parsed = parse_ok(text.as_bytes());
    let (_, issues) = crate::x12::map::read_transaction(&only(&parsed).groups[0].sets[0]);
    assert!(
        issues.iter().any(|i| i.message.contains("POC03")),
        "{issues:?}"
    );
    assert_eq!(
        error_segments(&text, AckKind::Ia999, &issues),
        ["IK3*POC*3*POC*8", "CTX*POC01:7", "IK4*3*380*2"]
    );
    assert_eq!(
        error_segments(&text, AckKind::Fa997, &issues),
        ["AK3*POC*3*POC*8", "AK4*3*380*2"]
    );

    // A POC03 that is no number is that (code 6, an error: the quantity is unknown), not also
    // missing.
    let text = text.replace("POC*7*QI**2", "POC*7*QI*X*2");
    let parsed = parse_ok(text.as_bytes());
    let (_, issues) = crate::x12::map::read_transaction(&only(&parsed).groups[0].sets[0]);
    assert_eq!(
        error_segments(&text, AckKind::Fa997, &issues),
        ["AK3*POC*3*POC*8", "AK4*3*380*6*X"]
    );
    assert!(
        issues.iter().any(|i| i.severity == Severity::Error),
        "{issues:?}"
    );
}

/// Two groups: the first with `bad_gs`, the second sound (GS06 2).
fn two_groups(bad_gs: &str) -> String {
    let set = [
        "ST*850*0001~",
        "BEG*00*SA*PO123**20240131~",
        "PO1*1*10*EA*9.5**VP*ABC-1~",
        "CTT*1~",
        "SE*5*0001~",
    ];
    let mut body = vec![bad_gs];
    body.extend(set);
    body.push("GE*1*1~");
    body.push("GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*2*X*004010~");
    body.extend(set);
    body.extend(["GE*1*2~", "IEA*2*000000001~"]);
    interchange(&body)
}

#[test]
fn a_bad_gs_rejects_its_group_only() {
    // GS04 is no date: AK9 R for that group, without an AK905 code (716 has none for it); the
    // other group is accepted; no TA1.
    let text = two_groups("GS*PO*SENDERAPP*RECEIVERAPP*20241301*1100*1*X*004010~");
    let parsed = parse_ok(text.as_bytes());
    let ic = only(&parsed);
    assert!(!needs_ta1(ic));
    let verdicts: Vec<AckStatus> = ic
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            acknowledge_group(AckKind::Fa997, ic, g, &[], &options(i))
                .1
                .status
        })
        .collect();
    assert_eq!(verdicts, [AckStatus::Rejected, AckStatus::Accepted]);
    let out = functional_ack(&text, AckKind::Fa997, &[]);
    assert!(
        out.contains(
            "~GS*FA*RECEIVERAPP*SENDERAPP*20240201*0930*5001*X*004010~ST*997*0001~AK1*PO*1~AK2*850*0001~AK5*A~AK9*R*1*1*0~SE*6*0001~GE*1*5001~\
             GS*FA*RECEIVERAPP*SENDERAPP*20240201*0930*5002*X*004010~ST*997*0002~AK1*PO*2~AK2*850*0001~AK5*A~AK9*A*1*1*1~SE*6*0002~GE*1*5002~IEA*2*900000001~"
        ),
        "{out}"
    );
    let out = functional_ack(&to_5010(&text), AckKind::Ia999, &[]);
    assert!(
        out.contains("~AK1*PO*1*005010~AK2*850*0001~IK5*A~AK9*R*1*1*0~SE*6*0001~"),
        "{out}"
    );
    assert!(
        out.contains("~AK1*PO*2*005010~AK2*850*0001~IK5*A~AK9*A*1*1*1~SE*6*0002~"),
        "{out}"
    );

    // GS08 is no known version: AK905 2, and the 997's own GS08 comes from ISA12.
    let out = functional_ack(
        &two_groups("GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*4010~"),
        AckKind::Fa997,
        &[],
    );
    assert!(
        out.contains("*5001*X*004010~ST*997*0001~AK1*PO*1~AK2*850*0001~AK5*A~AK9*R*1*1*0*2~"),
        "{out}"
    );
    assert!(out.contains("~AK9*A*1*1*1~"), "{out}");

    // GS06 is not numeric: AK905 6, AK102 echoes it so the partner finds its group (GE02 is
    // then no number to compare with: no AK905 4).
    let out = functional_ack(
        &two_groups("GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*1A*X*004010~")
            .replacen("GE*1*1~", "GE*1*1A~", 1),
        AckKind::Fa997,
        &[],
    );
    assert!(
        out.contains("~AK1*PO*1A~AK2*850*0001~AK5*A~AK9*R*1*1*0*6~"),
        "{out}"
    );

    // GS01 is no functional identifier: AK905 1. AK101 (ID 2/2) cannot echo it: the
    // functional id of the group's 850 stands in. Two upper-case letters are echoed as sent
    // (and, of the shape of one, not rejected).
    for (gs01, group_ack) in [
        ("PURCHASE", "~AK1*PO*1~AK2*850*0001~AK5*A~AK9*R*1*1*0*1~"),
        ("ZZ", "~AK1*ZZ*1~AK2*850*0001~AK5*A~AK9*A*1*1*1~"),
    ] {
        let gs = format!("GS*{gs01}*SENDERAPP*RECEIVERAPP*20240131*1100*1*X*004010~");
        let out = functional_ack(&two_groups(&gs), AckKind::Fa997, &[]);
        assert!(out.contains(group_ack), "{out}");
    }

    // GS02 is too short to be the acknowledgement's GS03: the ISA sender id stands in.
    let out = functional_ack(
        &two_groups("GS*PO*S*RECEIVERAPP*20240131*1100*1*X*004010~"),
        AckKind::Fa997,
        &[],
    );
    assert!(
        out.contains("~GS*FA*RECEIVERAPP*SENDER*20240201*0930*5001*X*004010~"),
        "{out}"
    );
    assert!(
        out.contains("~AK1*PO*1~AK2*850*0001~AK5*A~AK9*R*1*1*0~"),
        "{out}"
    );
}
