#!/usr/bin/env python3
"""Generate a large, deterministic UN/EDIFACT file of EANCOM ORDERS D96A messages, for benchmarks.

Usage: scripts/gen_edifact_orders.py [SIZE_MB] [OUT] [SEED]

    SIZE_MB  target size in MB (10^6 bytes, default 20); interchanges of 100 messages are
             added until the file reaches it, so it ends up to one interchange above.
    OUT      output file (default: stdout; `-` too).
    SEED     PRNG seed (default 96, the benchmarks' file). Another seed gives other messages
             of the same shape: scripts/pgo_build.sh trains on seed 7, not on what the bench
             reads.

The same arguments always give the same bytes (seeded PRNG, fixed dates). The file is what a
retailer's EDI system sends to the demo partner's counterpart: UNA `:+.? '`, one interchange
(UNB UNOC:3, sender 5412345000013:14, recipient 5400000000003:14) per 100 messages with
sequential control references, UNH ORDERS:D:96A:UN:EAN008 numbered within each interchange,
UNT/UNZ counts that match, and a newline after each segment terminator.

Each ORDERS carries BGM 220, DTM 137/2, RFF CT, NAD BY/SU/DP with GLNs (NAD DP with a street
address holding a release-escaped `?+` now and then), CUX EUR, 1-20 LIN lines with a GTIN-13
(valid check digit), PIA supplier part, IMD description, QTY 21 and PRI AAA, then UNS and
CNT 2. Every message maps to a canonical purchase order without errors.
"""

import random
import sys
from datetime import date, timedelta

SEED = 96
PER_INTERCHANGE = 100
SENDER = "5412345000013"
RECIPIENT = "5400000000003"
WORDS = ["paper", "pens", "folder", "stapler", "toner", "envelopes", "notebook", "marker",
         "binder", "tape", "scissors", "labels", "ruler", "clips", "glue"]


def gtin13(rng):
    digits = [rng.randrange(10) for _ in range(12)]
    total = sum(d * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def message(rng, ref, n):
    day = date(2026, 1, 1) + timedelta(days=n % 300)
    segs = [
        f"UNH+{ref}+ORDERS:D:96A:UN:EAN008",
        f"BGM+220+PO{n:08d}+9",
        f"DTM+137:{day:%Y%m%d}:102",
        f"DTM+2:{day + timedelta(days=7):%Y%m%d}:102",
        f"RFF+CT:C-{rng.randrange(1000, 9999)}",
        f"NAD+BY+{SENDER}::9",
        f"NAD+SU+{RECIPIENT}::9",
        f"NAD+DP+5412345000020::9++Store {n % 97}+Main Street {n % 50}?+1+Brussels++1000+BE",
        "CUX+2:EUR:9",
    ]
    lines = rng.randrange(1, 21)
    for i in range(1, lines + 1):
        price = rng.randrange(50, 50000) / 100
        segs += [
            f"LIN+{i}++{gtin13(rng)}:EN",
            f"PIA+5+SKU-{rng.randrange(100000):05d}:SA",
            f"IMD+F++:::{rng.choice(WORDS)} {rng.choice(WORDS)}",
            f"QTY+21:{rng.randrange(1, 100)}",
            f"PRI+AAA:{price:.2f}",
        ]
    segs += ["UNS+S", f"CNT+2:{lines}"]
    segs.append(f"UNT+{len(segs) + 1}+{ref}")
    return "".join(s + "'\n" for s in segs)


def main(argv: list) -> int:
    if len(argv) > 4 or (len(argv) > 1 and argv[1] in ("-h", "--help")):
        sys.stderr.write(__doc__)
        return 2
    size = int(float(argv[1]) * 1e6) if len(argv) > 1 else 20_000_000
    seed = int(argv[3]) if len(argv) > 3 else SEED
    to_file = len(argv) > 2 and argv[2] != "-"
    out = open(argv[2], "w", encoding="latin-1") if to_file else sys.stdout
    rng = random.Random(seed)
    written = messages = interchanges = 0
    out.write("UNA:+.? '\n")
    written += 10
    while written < size:
        interchanges += 1
        head = f"UNB+UNOC:3+{SENDER}:14+{RECIPIENT}:14+260101:1200+{interchanges}'\n"
        body = [message(rng, ref, messages + ref) for ref in range(1, PER_INTERCHANGE + 1)]
        messages += PER_INTERCHANGE
        text = head + "".join(body) + f"UNZ+{PER_INTERCHANGE}+{interchanges}'\n"
        out.write(text)
        written += len(text)
    out.flush()
    if to_file:
        out.close()
    print(f"{written} bytes, {interchanges} interchanges, {messages} orders", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
