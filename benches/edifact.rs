//! EDIFACT inbound, stage by stage, on two inputs: the corpus stress file
//! (`../shared/corpus/edifact/perf/pydifact_huge_file2.edi`, one ORDERS of 109,619 segments;
//! its benches measure nothing and say so when the corpus is absent) and a file from
//! `scripts/gen_edifact_orders.py` (5 MB by default; `EDIFACT_BENCH_MB=20` for more). Each stage
//! includes the ones before it, so the differences show where `b2bgate translate` spends its
//! time, and `envelope` is the stage that does what pydifact's parse does (and more: every
//! envelope check).
//!
//! Reproduce: `cargo bench --bench edifact` (needs python3). The end-to-end comparison with
//! pydifact, with peak memory, is `bash benches/edifact_translate.sh`.

use std::io;
use std::path::Path;
use std::process::Command;

use codec::edifact;
use divan::counter::BytesCount;
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

/// The two inputs the benches take.
const INPUTS: &[&str] = &["stress", "generated"];

/// The bytes of `which` (empty when the stress file's corpus is absent).
fn input(which: &str) -> Vec<u8> {
    if which == "stress" {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/edifact/perf/pydifact_huge_file2.edi");
        return std::fs::read(&path).unwrap_or_else(|_| {
            eprintln!(
                "{} is absent: the stress benches measure nothing",
                path.display()
            );
            Vec::new()
        });
    }
    let mb = std::env::var("EDIFACT_BENCH_MB").unwrap_or_else(|_| "5".to_owned());
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/gen_edifact_orders.py"
        ))
        .arg(&mb)
        .output()
        .expect("python3 scripts/gen_edifact_orders.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Segments only: the zero-copy tokenizer (UNA, release character, wrapped lines).
#[divan::bench(args = INPUTS, sample_count = 10)]
fn tokenize(bencher: Bencher, which: &str) {
    let data = input(which);
    bencher
        .counter(BytesCount::of_slice(&data))
        .bench(|| edifact::segments(black_box(&data)).count());
}

/// Tokenizer + envelope: interchanges, groups and messages with every UNB/UNZ, UNG/UNE and
/// UNH/UNT check, and the charset check of every value.
#[divan::bench(args = INPUTS, sample_count = 10)]
fn envelope(bencher: Bencher, which: &str) {
    let data = input(which);
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        edifact::interchanges(black_box(&data))
            .map(|ic| ic.all_messages().len())
            .sum::<usize>()
    });
}

/// Envelope + every message mapped to its canonical document, with the mapping's issues.
#[divan::bench(args = INPUTS, sample_count = 10)]
fn map(bencher: Bencher, which: &str) {
    let data = input(which);
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        let mut docs = 0usize;
        for ic in edifact::interchanges(black_box(&data)) {
            for (_, _, msg) in ic.all_messages() {
                let (doc, _issues) = edifact::map::read_message(msg);
                docs += usize::from(doc.is_some());
            }
        }
        docs
    });
}

/// Everything `b2bgate translate` does (map, validate, issue lines, JSON), output to a sink.
#[divan::bench(args = INPUTS, sample_count = 10)]
fn translate(bencher: Bencher, which: &str) {
    let data = input(which);
    bencher.counter(BytesCount::of_slice(&data)).bench(|| {
        b2bgate::translate::translate(black_box(&data[..]), &mut io::sink(), &mut io::sink())
            .expect("translate")
    });
}
