//! Fuzz the UBL reader: routing facts (`envelope`) and the full mapping (`read`) must never panic
//! on any bytes, and whatever maps must write back (the writers must not panic either).

#![no_main]

use libfuzzer_sys::fuzz_target;

use codec::ubl::{envelope, read, write_despatch_advice, write_invoice, write_order_response};
use model::Document;

fuzz_target!(|data: &[u8]| {
    let _ = envelope(data);
    let Ok((doc, _issues)) = read(data) else {
        return;
    };
    let params = Default::default();
    match &doc {
        Document::Invoice(i) => drop(write_invoice(i, &params)),
        Document::OrderResponse(r) => drop(write_order_response(r, &params)),
        Document::ShipNotice(n) => drop(write_despatch_advice(n, &params)),
        _ => {}
    }
});
