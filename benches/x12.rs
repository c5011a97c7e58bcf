//! X12 850 inbound, stage by stage, on a file from `scripts/gen_x12_850.py` (5 MB by default;
//! `X12_BENCH_MB=50` for more). Each stage includes the ones before it, so the differences show
//! where `b2bgate translate` spends its time.
//!
//! Reproduce: `cargo bench --bench x12` (needs python3). The end-to-end comparison with the
//! `edi` crate, with peak memory, is `bash benches/x12_translate.sh`.

use std::io;
use std::process::Command;

use codec::x12;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// The generated input (deterministic for a given size).
fn input() -> Vec<u8> {
    let mb = std::env::var("X12_BENCH_MB").unwrap_or_else(|_| "5".to_owned());
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/gen_x12_850.py"
        ))
        .arg(&mb)
        .output()
        .expect("python3 scripts/gen_x12_850.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Segments only: the zero-copy tokenizer.
#[divan::bench(sample_count = 10)]
fn tokenize(bencher: Bencher) {
    let data = input();
    bencher
        .counter(BytesCount::of_slice(&data))
        .bench(|| x12::segments(black_box(&data)).count());
}

/// Tokenizer + envelope: interchanges, groups and sets, with every envelope check.
#[divan::bench(sample_count = 10)]
fn envelope(bencher: Bencher) {
    let data = input();
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        x12::interchanges(black_box(&data))
            .map(|ic| ic.groups.iter().map(|g| g.sets.len()).sum::<usize>())
            .sum::<usize>()
    });
}

/// Envelope + 850 → canonical `PurchaseOrder` for every set.
#[divan::bench(sample_count = 10)]
fn map_850(bencher: Bencher) {
    let data = input();
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        let mut docs = 0usize;
        for ic in x12::interchanges(black_box(&data)) {
            for set in ic.groups.iter().flat_map(|g| &g.sets) {
                let (doc, _issues) = x12::map::read_transaction(set);
                docs += usize::from(doc.is_some());
            }
        }
        docs
    });
}

/// Everything `b2bgate translate` does (map, validate, JSON), output to a sink.
#[divan::bench(sample_count = 10)]
fn translate(bencher: Bencher) {
    let data = input();
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        b2bgate::translate::translate(black_box(&data[..]), &mut io::sink(), &mut io::sink())
            .expect("translate")
    });
}
