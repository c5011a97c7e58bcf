//! CONTRL building (golden), needs_contrl, and reading CONTRL/APERAK.

use chrono::{NaiveDate, NaiveTime};

use super::*;
use crate::edifact::{
    contrl, needs_contrl, read_acks, write_interchange, Action, ContrlOptions, MessageIssues,
};
use crate::{Issue, Location};

fn date() -> (NaiveDate, NaiveTime) {
    (
        NaiveDate::from_ymd_opt(2024, 2, 1).unwrap_or_default(),
        NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default(),
    )
}

/// Build and write the CONTRL for `input` with `extra` issues.
fn contrl_text(input: &[u8], extra: &[MessageIssues], opts: &ContrlOptions) -> String {
    let parsed = parse_ok(input);
    let ic = only(&parsed);
    let msg = contrl(ic, extra, opts);
    let (d, t) = date();
    let header = ic.reply_header("C1", d, t);
    let written = write_interchange(&header, &[msg]);
    assert!(written.issues.is_empty(), "{:?}", written.issues);
    // The CONTRL itself reads back clean.
    let back = parse_ok(&written.bytes);
    assert_eq!(kinds(only(&back)), []);
    written.text()
}

const INBOUND: &str = "UNA:+.? 'UNB+UNOC:3+5412345000013:14+4012345000009:14+240131:1100+REF7++ORDERS++1'UNH+M1+ORDERS:D:96A:UN:EAN008'BGM+220+PO1+9'DTM+137:20240131:102'NAD+BY+5412345000013::9'UNT+5+M1'UNH+M2+ORDERS:D:96A:UN:EAN008'BGM+220+PO2+9'UNT+4+M2'UNZ+2+REF7'";

#[test]
fn contrl_golden_with_envelope_and_mapping_issues() {
    let parsed = parse_ok(INBOUND.as_bytes());
    let ic = only(&parsed);
    // M2's UNT says 4 for 3 segments.
    assert_eq!(kinds(ic), [K::SegmentCountMismatch]);
    let mapping = vec![MessageIssues {
        group: None,
        message: 0,
        issues: vec![
            Issue::error(
                Location {
                    segment: Some("NAD".into()),
                    segment_position: Some(4),
                    element: Some(2),
                    component: Some(3),
                    ..Location::default()
                },
                "Code list agency must be 9",
            )
            .with_code("12"),
            Issue::error(
                Location {
                    segment: Some("DTM".into()),
                    segment_position: Some(3),
                    ..Location::default()
                },
                "Segment not expected here",
            )
            .with_code("15"),
            Issue::warning(Location::default(), "Only a warning").with_code("12"),
        ],
    }];
    assert!(needs_contrl(ic, &[]));
    let text = contrl_text(INBOUND.as_bytes(), &mapping, &ContrlOptions::default());
    golden("contrl_mixed.edi", &text.replace('\'', "'\n"));
    // Everything in it, explicitly.
    assert!(text.contains("UNB+UNOC:3+4012345000009:14+5412345000013:14+240201:0930+C1'"));
    assert!(text.contains("UNH+1+CONTRL:D:3:UN'"));
    assert!(text.contains("UCI+REF7+5412345000013:14+4012345000009:14+7'"));
    assert!(text.contains("UCM+M1+ORDERS:D:96A:UN:EAN008+4'UCS+3+15'UCS+4'UCD+12+2:3'"));
    assert!(text.contains("UCM+M2+ORDERS:D:96A:UN:EAN008+4+29+UNT+1'"));
}

use EnvelopeErrorKind as K;

#[test]
fn interchange_level_error_rejects_everything() {
    let input = INBOUND.replace("UNZ+2+REF7", "UNZ+3+REF7");
    let text = contrl_text(input.as_bytes(), &[], &ContrlOptions::default());
    assert!(
        text.contains("UCI+REF7+5412345000013:14+4012345000009:14+4+29+UNZ+1'"),
        "{text}"
    );
    assert!(!text.contains("UCM"));
}

#[test]
fn clean_interchange_acknowledged_or_received() {
    let input = INBOUND
        .replace("UNT+4+M2", "UNT+3+M2")
        .replace("++1'UNH+M1", "'UNH+M1");
    let parsed = parse_ok(input.as_bytes());
    let ic = only(&parsed);
    assert_eq!(kinds(ic), []);
    assert!(!needs_contrl(ic, &[]));
    assert!(needs_contrl(ic, &[Issue::error(Location::default(), "x")]));
    let text = contrl_text(input.as_bytes(), &[], &ContrlOptions::default());
    assert!(
        text.contains(
            "+7'UCM+M1+ORDERS:D:96A:UN:EAN008+7'UCM+M2+ORDERS:D:96A:UN:EAN008+7'UNT+5+1'"
        ),
        "{text}"
    );
    let opts = ContrlOptions {
        report_accepted_messages: false,
        ..ContrlOptions::default()
    };
    let text = contrl_text(input.as_bytes(), &[], &opts);
    assert!(text.contains("+7'UNT+3+1'"), "{text}");
    let opts = ContrlOptions {
        received_only: true,
        ..ContrlOptions::default()
    };
    let text = contrl_text(input.as_bytes(), &[], &opts);
    assert!(text.contains("+8'UNT+3+1'"), "{text}");
}

#[test]
fn groups_get_ucf() {
    let input = "UNB+UNOC:4+S:14+R:14+20240131:1100+REF1'UNG+ORDERS+S+R+20240131:1100+G1+UN+D:96A'UNH+1+ORDERS:D:96A:UN'UNT+2+1'UNE+1+G9'UNZ+1+REF1'";
    let text = contrl_text(input.as_bytes(), &[], &ContrlOptions::default());
    // No UNA inbound and default syntax 4 delimiters: none outbound either.
    assert!(
        text.starts_with("UNB+UNOC:4+R:14+S:14+20240201:0930+C1'"),
        "{text}"
    );
    assert!(text.contains("UNH+1+CONTRL:4:1:UN'"), "{text}");
    assert!(text.contains("UCF+G1+S+R+4+28+UNE+2'"), "{text}");
}

#[test]
fn read_back_our_own_contrl() {
    let text = contrl_text(
        INBOUND.as_bytes(),
        &[MessageIssues {
            group: None,
            message: 0,
            issues: vec![Issue::error(
                Location {
                    segment_position: Some(4),
                    element: Some(2),
                    component: Some(3),
                    ..Location::default()
                },
                "bad",
            )
            .with_code("12")],
        }],
        &ContrlOptions::default(),
    );
    let parsed = parse_ok(text.as_bytes());
    let acks = read_acks(only(&parsed));
    assert!(acks.issues.is_empty());
    let r = acks.interchange("REF7").cloned().unwrap_or_default();
    assert_eq!(r.action, Some(Action::Acknowledged));
    assert_eq!(r.sender.id, "5412345000013");
    assert_eq!(r.message_accepted("M1"), Some(false));
    assert_eq!(r.message_accepted("M2"), Some(false));
    let m1 = r.message("M1").cloned().unwrap_or_default();
    assert_eq!(m1.segments.len(), 1);
    assert_eq!(m1.segments[0].position, 4);
    assert_eq!(m1.segments[0].elements, [("12".to_owned(), 2, Some(3))]);
    assert_eq!(r.message_accepted("M3"), Some(true));
}

#[test]
fn read_corpus_contrl_and_aperak() {
    let Some(bytes) = corpus_file("edifabric/CONTRL.edi") else {
        return;
    };
    let parsed = parse_ok(&bytes);
    // A CONTRL is never acknowledged, even with 0031 = 1 and an envelope error.
    assert!(only(&parsed).header.ack_requested() && only(&parsed).has_errors());
    assert!(!needs_contrl(only(&parsed), &[]));
    let acks = read_acks(only(&parsed));
    assert_eq!(acks.contrl.len(), 2);
    let r = &acks.contrl[0];
    assert_eq!(r.interchange_reference, "131");
    assert_eq!(r.sender.id, "SENDER1");
    assert_eq!(r.sender.qualifier, "14");
    assert_eq!(r.sender.routing, "ZZUK");
    assert_eq!(r.action, Some(Action::Received));
    assert!(r.interchange_accepted());
    assert_eq!(r.message_accepted("000000101"), None);

    for (file, accepted, text) in [
        (
            "pydifact/messages_v3_aperak.edi",
            true,
            "Message accepted without errors",
        ),
        (
            "pydifact/messages_v3_aperak_rejected.edi",
            false,
            "Order rejected due to invalid product code",
        ),
        ("pydifact/messages_v4_aperak.edi", true, ""),
        // The unreleased `:` splits the free text into two components, joined with a space.
        (
            "pydifact/messages_v4_aperak_rejected.edi",
            false,
            "Order rejected  invalid product code",
        ),
    ] {
        let bytes = corpus_file(file).unwrap_or_default();
        let parsed = parse_ok(&bytes);
        let acks = read_acks(only(&parsed));
        assert_eq!(acks.aperak.len(), 1, "{file}");
        let a = &acks.aperak[0];
        assert_eq!(a.accepted(), accepted, "{file}: {a:?}");
        assert_eq!(a.reference("ACW"), Some("PO123456"), "{file}");
        if !text.is_empty() {
            assert_eq!(a.errors[0].texts, [text], "{file}");
        }
    }
}

#[test]
fn an_aperak_names_the_documents_it_answers_in_doc_and_rff() {
    let text = "UNB+UNOC:3+5412345000013:14+5400000000003:14+240201:0930+AP1'\
                UNH+1+APERAK:D:96A:UN:EAN001'BGM+313+APERAK-9+27'DTM+137:20240201:102'\
                DOC+380+INV-7'RFF+IV:INV-7'RFF+ON:PO-1'ERC+12'FTX+AAO+++Unknown GTIN'\
                UNT+9+1'UNZ+1+AP1'";
    let parsed = parse_ok(text.as_bytes());
    let acks = read_acks(only(&parsed));
    let a = &acks.aperak[0];
    assert_eq!(a.documents, [("380".to_owned(), "INV-7".to_owned())]);
    assert_eq!(a.reference("IV"), Some("INV-7"));
    assert_eq!(a.reference("ON"), Some("PO-1"));
    assert!(!a.accepted());
    assert_eq!(a.errors[0].code, "12");
    assert_eq!(a.errors[0].texts, ["Unknown GTIN"]);
}
