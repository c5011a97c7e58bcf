#!/usr/bin/env python3
"""Time several builds of `b2bgate translate` (and the `edi` baseline) in one interleaved loop.

Usage: python3 benches/interleave.py FILE ROUNDS PROGRAM [PROGRAM ...]

Each round runs every PROGRAM once, in the order given, on FILE, with stdout and stderr to
/dev/null: `PROGRAM translate FILE`, or `PROGRAM FILE` for a program named `edi-baseline`
(benches/edi-baseline, built by benches/x12_translate.sh). Running them in turn, round after
round, lets every program see the same moments of a noisy machine, which separate runs of the
bench scripts do not. Prints each program's fastest and median wall time and, when the `edi`
baseline is among them, each median against its median.

    python3 benches/interleave.py po50.edi 15 target/release/b2bgate \\
        target/pgo/use/x86_64-unknown-linux-gnu/release/b2bgate target/release/edi-baseline
"""
import os
import statistics
import subprocess
import sys
import time


def main(argv: list) -> int:
    if len(argv) < 4 or argv[1] in ("-h", "--help"):
        sys.stderr.write(__doc__)
        return 2
    file, rounds, programs = argv[1], int(argv[2]), argv[3:]
    times = {p: [] for p in programs}
    for _ in range(rounds):
        for p in programs:
            cmd = [p, file] if os.path.basename(p) == "edi-baseline" else [p, "translate", file]
            start = time.perf_counter()
            rc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
            times[p].append(time.perf_counter() - start)
            # translate exits 1 when it rejects a document; anything else measured nothing.
            if rc not in (0, 1):
                sys.stderr.write(f"{' '.join(cmd)} failed (exit {rc})\n")
                return 1
    edi = next((p for p in programs if os.path.basename(p) == "edi-baseline"), None)
    for p in programs:
        med = statistics.median(times[p])
        line = f"{p}: fastest {min(times[p]):.4f} s, median {med:.4f} s"
        if edi and p != edi:
            line += f", edi median / this median {statistics.median(times[edi]) / med:.2f}x"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
