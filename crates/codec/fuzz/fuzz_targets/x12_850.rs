//! Fuzz the X12 transaction-set maps: every set of any input goes through `read_transaction`
//! (850, 860, 855, 865, 856, 810, 846, 832) and, when it yields a document, its writer; nothing
//! may panic. Seed with `../../../../shared/corpus/x12/850`.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::x12::{map, parse, Delimiters, SegmentWriter};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse(data) else {
        return;
    };
    for ic in &parsed.interchanges {
        for g in &ic.groups {
            for set in &g.sets {
                let (doc, _issues) = map::read_transaction(set);
                if let Some(doc) = doc {
                    let _ = doc.validate();
                    for id in ["855", "856", "810", "846", "832", "865"] {
                        let mut w = SegmentWriter::new(Delimiters::DEFAULT);
                        let _ = map::write_document(&mut w, id, &doc);
                        let _ = w.into_parts();
                    }
                }
            }
        }
    }
});
