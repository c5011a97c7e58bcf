//! `edi-baseline FILE`: parse FILE with the crates.io `edi` crate (0.4, GPL-3.0, used here as a
//! benchmark baseline only) and print what it found. `edi::parse` needs the whole input as one
//! `&str`, so the file is read into memory first, as any user of the crate must.
//!
//! Prints `segments=N transactions=N interchanges=N` on stdout and exits 0, or the parse error
//! on stderr and exits 1. With `--loose`, uses `edi::loose_parse` (no SE/GE/IEA count checks).

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let loose = args.iter().any(|a| a == "--loose");
    args.retain(|a| a != "--loose");
    let [path] = args.as_slice() else {
        eprintln!("usage: edi-baseline [--loose] FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return ExitCode::from(2);
        }
    };
    let parsed = if loose {
        edi::loose_parse(&text)
    } else {
        edi::parse(&text)
    };
    match parsed {
        Ok(doc) => {
            let mut segments = 0usize;
            let mut transactions = 0usize;
            for ic in &doc.interchanges {
                for group in &ic.functional_groups {
                    transactions += group.transactions.len();
                    for ts in &group.transactions {
                        segments += ts.segments.len();
                    }
                }
            }
            println!(
                "segments={segments} transactions={transactions} interchanges={}",
                doc.interchanges.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("edi parse error: {e:?}");
            ExitCode::FAILURE
        }
    }
}
