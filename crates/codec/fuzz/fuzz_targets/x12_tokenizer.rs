//! Fuzz the X12 reader: tokenizer, envelope validation, acknowledgement building and writing,
//! and the ack reader must never panic, and every segment must lie inside the input.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::x12::{
    ack_997, ack_999, parse, read_acks, segments, ta1, write_interchange_with_ta1, AckOptions,
    SetAck,
};

fuzz_target!(|data: &[u8]| {
    for seg in segments(data) {
        assert!(seg.offset + seg.raw().len() <= data.len());
        let _ = (
            seg.id(),
            seg.element(1),
            seg.component(1, 2),
            seg.repetitions(1),
        );
    }
    let Ok(parsed) = parse(data) else {
        return;
    };
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    for ic in &parsed.interchanges {
        let mut groups = Vec::new();
        for (i, g) in ic.groups.iter().enumerate() {
            let acks: Vec<SetAck> = g.sets.iter().map(SetAck::new).collect();
            let opts = |n: usize| AckOptions {
                group_control_number: n as u32 + 1,
                set_control_number: "0001".into(),
                report_accepted_sets: true,
            };
            groups.push(ack_997(ic, g, &acks, &opts(2 * i)));
            groups.push(ack_999(ic, g, &acks, &opts(2 * i + 1)));
        }
        let header = ic.reply_header(1, date, chrono::NaiveTime::MIN);
        let _ = write_interchange_with_ta1(&header, &[ta1(ic, false)], groups);
        let _ = read_acks(ic);
    }
});
