//! Fuzz the EDIFACT message maps: every message of any input goes through `read_message`
//! (ORDERS, ORDCHG, ORDRSP, DESADV, INVOIC) and, when it yields a document, through the writers
//! (ORDRSP, DESADV, INVOIC, PRICAT, INVRPT) and back through the reader; nothing may panic.
//! `read_message` (the tokenizer's segments read in place, lines handed out as they end) must
//! give exactly what reading the fully converted body gives.
//! Seed with `../../../../shared/corpus/edifact`.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::edifact::{map, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse(data) else {
        return;
    };
    for ic in &parsed.interchanges {
        for (_, _, msg) in ic.all_messages() {
            let in_place = map::read_message(msg);
            let converted = map::body_of(msg.segments());
            let (want_doc, mut want_issues) = map::read_body(&msg.message_type(), &converted);
            if want_doc.is_none() {
                for i in &mut want_issues {
                    i.location.offset = Some(msg.unh.offset);
                }
            }
            assert_eq!(
                format!("{in_place:?}"),
                format!("{:?}", (want_doc, want_issues))
            );
            let Some(doc) = in_place.0 else {
                continue;
            };
            let _ = doc.validate();
            for dir in [map::Directory::D96A, map::Directory::D01B] {
                let _ = map::message_header(&doc, dir);
            }
            if let Some((body, _)) = map::write_document(&doc) {
                let _ = map::read_body(&msg.message_type(), &body);
            }
        }
    }
});
