//! Fuzz the `multipart/related` reader of cXML attachments: the first line of the input is the
//! `Content-Type` header value, the rest the body; every `cid:` lookup and the root's cXML read
//! must not panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::mime::{is_multipart, parse_multipart};

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let content_type = String::from_utf8_lossy(data.get(..split).unwrap_or_default());
    let body = data.get(split + 1..).unwrap_or_default();
    let _ = is_multipart(&content_type);
    let Ok(m) = parse_multipart(&content_type, body) else {
        return;
    };
    for p in std::iter::once(&m.root).chain(&m.others) {
        if let Some(id) = &p.content_id {
            let _ = m.attachment(id);
            let _ = m.attachment(&format!("cid:{id}"));
        }
    }
    let _ = codec::cxml::read(&m.root.body);
});
