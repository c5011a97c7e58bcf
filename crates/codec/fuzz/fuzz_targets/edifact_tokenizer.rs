//! Fuzz the EDIFACT reader: tokenizer, value decoding, envelope validation, CONTRL building and
//! writing, and the CONTRL/APERAK reader must never panic, and every segment must lie inside the
//! input.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::edifact::{contrl, parse, read_acks, segments, write_interchange, ContrlOptions};

fuzz_target!(|data: &[u8]| {
    for seg in segments(data) {
        assert!(seg.offset + seg.raw().len() <= data.len());
        let _ = (
            seg.tag(),
            seg.value(1, 1),
            seg.value_at(2, 2, 2),
            seg.repetition_values(1, 1),
            seg.decimal(1, 2),
        );
    }
    let Ok(parsed) = parse(data) else {
        return;
    };
    let date = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    for ic in &parsed.interchanges {
        let msg = contrl(ic, &[], &ContrlOptions::default());
        let header = ic.reply_header("1", date, chrono::NaiveTime::MIN);
        let _ = write_interchange(&header, &[msg]);
        let _ = read_acks(ic);
    }
});
