//! Fuzz the EDIFACT reader: tokenizer, value decoding, envelope validation, CONTRL building and
//! writing, and the CONTRL/APERAK reader must never panic, and every segment must lie inside the
//! input. `complete_end` (where `translate` cuts a stream) must agree with building the
//! interchanges.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::edifact::{
    complete_end, contrl, interchanges, may_hold_unz, parse, read_acks, segments,
    write_interchange, ContrlOptions,
};

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
    // The cut from the tokens alone: the start of the first interchange that is not complete,
    // or of the last one, and the UNA of the last one before it that had one.
    let (used, una) = complete_end(data);
    let mut want = (0, None);
    let mut held: Option<Option<&[u8]>> = None;
    for ic in interchanges(data) {
        if let Some(Some(u)) = held.take() {
            want.1 = Some(u);
        }
        want.0 = ic.start;
        if !(ic.unz.is_some() && ic.end < data.len()) {
            break;
        }
        held = Some(ic.una.as_ref().map(|u| u.raw()));
    }
    assert_eq!((used, una.map(|u| u.raw())), want);
    let _ = may_hold_unz(data);
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
