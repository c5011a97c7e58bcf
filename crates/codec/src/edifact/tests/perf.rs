//! Tokenizer and envelope throughput on a large generated input. Ignored by default (no timing
//! assertions); run it in release:
//!
//! ```text
//! cargo test -p codec --release --lib edifact::tests::perf -- --ignored --nocapture
//! ```

use std::time::Instant;

use crate::edifact::{interchanges, segments};

/// About `target` bytes of realistic ORDERS: interchanges of 20 messages × 100 lines, with a
/// released character in every line and one value per message decoded.
fn big_input(target: usize) -> Vec<u8> {
    let mut msg = String::new();
    msg.push_str("BGM+220+PO-000123+9'\nDTM+137:20240131:102'\nNAD+BY+5412345000013::9'\n");
    msg.push_str("NAD+SU+4012345000009::9++ACME?+SONS LTD+STREET 1+CITY++12345+DE'\n");
    for i in 1..=100 {
        msg.push_str(&format!(
            "LIN+{i}++40123450{i:05}:SRS'\nIMD+F++:::SMALL WIDGET?: MODEL {i}'\nQTY+21:120:PCE'\nPRI+AAA:9.25'\n"
        ));
    }
    msg.push_str("UNS+S'\nCNT+2:100'\n");
    let body_segments = msg.matches("'\n").count();
    let mut out = String::with_capacity(target + 100_000);
    let mut ic = 0u32;
    while out.len() < target {
        ic += 1;
        out.push_str(&format!(
            "UNA:+.? 'UNB+UNOC:3+5412345000013:14+4012345000009:14+240131:1100+{ic}'\n"
        ));
        for m in 1..=20u32 {
            out.push_str(&format!("UNH+{m}+ORDERS:D:96A:UN:EAN008'\n"));
            out.push_str(&msg);
            out.push_str(&format!("UNT+{}+{m}'\n", body_segments + 2));
        }
        out.push_str(&format!("UNZ+20+{ic}'\n"));
    }
    out.into_bytes()
}

#[test]
#[ignore = "throughput measurement; run in release with --ignored"]
fn edifact_throughput() {
    let input = big_input(200 * 1024 * 1024);
    let mb = input.len() as f64 / (1024.0 * 1024.0);

    let t = Instant::now();
    let n = segments(&input).count();
    let s = t.elapsed().as_secs_f64();
    println!(
        "tokenizer: {mb:.0} MiB, {n} segments in {s:.3} s = {:.0} MiB/s, {:.1} M segments/s",
        mb / s,
        n as f64 / s / 1e6
    );

    let t = Instant::now();
    let mut messages = 0usize;
    let mut errors = 0usize;
    let mut decoded = 0usize;
    for ic in interchanges(&input) {
        errors += ic.issues.iter().filter(|i| i.is_error()).count();
        for m in &ic.messages {
            messages += 1;
            for seg in m.segments() {
                if seg.tag() == "IMD" {
                    decoded += seg.value(3, 4).map_or(0, |v| v.len());
                }
            }
        }
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "envelope + IMD values: {messages} messages ({errors} errors, {decoded} bytes decoded) in {s:.3} s = {:.0} MiB/s",
        mb / s
    );
    assert_eq!(errors, 0);
}
