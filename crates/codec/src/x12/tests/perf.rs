//! Tokenizer throughput on a large generated input. Ignored by default; run it in release:
//!
//! ```text
//! cargo test -p codec --release --lib x12::tests::perf -- --ignored --nocapture
//! ```

use std::time::Instant;

use super::*;
use crate::x12::{interchanges, segments};

/// About `target` bytes of realistic 850s: 100 interchanges of 2 groups × 20 sets × 100 lines.
fn big_input(target: usize) -> Vec<u8> {
    let mut set = String::new();
    set.push_str("BEG*00*SA*PO-000123**20240131~\nREF*DP*038~\nDTM*002*20240214~\n");
    set.push_str(
        "N1*ST*XYZ RETAIL STORE 0042*92*0042~\nN3*31875 SOLON RD~\nN4*SOLON*OH*44139*US~\n",
    );
    for i in 1..=100 {
        set.push_str(&format!(
            "PO1*{i}*120*EA*9.25*PE*UP*065322117{i:03}*VP*AB{i:04}*BP*BX-{i}~\nPID*F****SMALL WIDGET MODEL {i}~\n"
        ));
    }
    set.push_str("CTT*100~\n");
    let body_segments = set.matches('~').count();
    let mut out = String::with_capacity(target + 100_000);
    let mut ic = 0u32;
    while out.len() < target {
        ic += 1;
        out.push_str(&isa("U", "00401", &format!("{ic:09}"), '0'));
        out.push('\n');
        for g in 1..=2u32 {
            out.push_str(&format!(
                "GS*PO*SENDERAPP*RECEIVERAPP*20240131*1100*{g}*X*004010~\n"
            ));
            for s in 1..=20u32 {
                out.push_str(&format!("ST*850*{s:04}~\n"));
                out.push_str(&set);
                out.push_str(&format!("SE*{}*{s:04}~\n", body_segments + 2));
            }
            out.push_str("GE*20*");
            out.push_str(&g.to_string());
            out.push_str("~\n");
        }
        out.push_str(&format!("IEA*2*{ic:09}~\n"));
    }
    out.into_bytes()
}

#[test]
#[ignore = "throughput measurement; run in release with --ignored"]
fn x12_throughput() {
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
    let mut sets = 0usize;
    let mut issues = 0usize;
    for ic in interchanges(&input) {
        sets += ic.groups.iter().map(|g| g.sets.len()).sum::<usize>();
        issues += ic.issues.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "envelope (streaming, validated): {sets} sets in {s:.3} s = {:.0} MiB/s",
        mb / s
    );
    assert_eq!(issues, 0);

    let t = Instant::now();
    let parsed = parse_ok(&input);
    let s = t.elapsed().as_secs_f64();
    println!(
        "parse (all interchanges held): {} interchanges in {s:.3} s = {:.0} MiB/s",
        parsed.interchanges.len(),
        mb / s
    );
}

#[test]
#[ignore = "throughput measurement; run in release with --ignored"]
fn adversarial_inputs_stay_linear() {
    let cases: [(&str, Vec<u8>); 5] = [
        ("ISA* repeated", b"ISA*".repeat(2_000_000)),
        (
            "ISA*...:GS repeated",
            interchange(&[])
                .replace("~\n", "")
                .repeat(50_000)
                .into_bytes(),
        ),
        (
            "no terminator",
            [
                isa("U", "00401", "000000001", '0').into_bytes(),
                b"N1*ST*X*".repeat(1_000_000),
            ]
            .concat(),
        ),
        ("delimiters only", b"ISA*~*~:^|".repeat(800_000)),
        ("junk with ISA words", b"xISAxISA ISA".repeat(600_000)),
    ];
    for (name, input) in cases {
        let t = Instant::now();
        let n = interchanges(&input).count();
        let s = t.elapsed().as_secs_f64();
        println!(
            "{name}: {} KiB, {n} interchanges in {s:.3} s = {:.0} MiB/s",
            input.len() / 1024,
            input.len() as f64 / 1048576.0 / s
        );
    }
}

#[test]
fn big_input_is_valid() {
    let input = big_input(300_000);
    let parsed = parse_ok(&input);
    for ic in &parsed.interchanges {
        assert!(ic.issues.is_empty(), "{:#?}", ic.issues);
    }
}
