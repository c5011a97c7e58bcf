#!/usr/bin/env python3
"""Generate a large, deterministic X12 004010 file of 850 purchase orders, for benchmarks.

Usage: scripts/gen_x12_850.py [SIZE_MB] [OUT] [SEED]

    SIZE_MB  target size in MB (10^6 bytes, default 50); orders are added until the file
             reaches it, so it ends a little above (at most one order more).
    OUT      output file (default: stdout; `-` too).
    SEED     PRNG seed (default 850, the benchmarks' file). Another seed gives other orders of
             the same shape: scripts/pgo_build.sh trains on seed 7, not on what the bench reads.

The same arguments always give the same bytes (seeded PRNG, fixed dates). The file is what a
buyer's EDI system sends: partner ZZ/DEMOBUYER to ZZ/B2BGATE, one interchange (ISA/IEA) with
one functional group (GS/GE, "PO") per 50 orders, sequential ISA13/GS06 control numbers,
ST02 numbered 0001.. within each group, SE01/GE01/IEA01 counts that match, `*` element
separator, `>` component separator, and `~` segment terminator followed by a newline.

Each 850 carries BEG, CUR, two REF, PER, one or two DTM, N1/N3/N4 loops for ship-to, bill-to
and (every other order) buyer, 1-20 PO1 lines with VP/BP/UP (valid UPC-A check digit) id
pairs, each followed by a PID description, then CTT (line count and hash total of
quantities) and AMT*TT (the order total, computed in cents). Every order maps to a canonical
purchase order without issues: `b2bgate translate FILE` writes one JSON line per ST.
"""

import random
import sys
from datetime import date, timedelta

SEED = 850
ORDERS_PER_INTERCHANGE = 50
SENDER = "DEMOBUYER"
RECEIVER = "B2BGATE"

STREETS = ["Main St", "Commerce Dr", "Industrial Pkwy", "Market St", "Harbor Blvd",
           "Oak Ave", "Distribution Way", "Elm St", "Lakeview Rd", "Enterprise Ct"]
CITIES = [("Columbus", "OH", "43215"), ("Indianapolis", "IN", "46204"),
          ("Louisville", "KY", "40202"), ("Memphis", "TN", "38103"),
          ("Reno", "NV", "89501"), ("Allentown", "PA", "18101"),
          ("Dallas", "TX", "75201"), ("Ontario", "CA", "91761"),
          ("Atlanta", "GA", "30303"), ("Joliet", "IL", "60431")]
FIRST = ["Ana", "Ben", "Chloe", "Dev", "Erin", "Farid", "Grace", "Hugo", "Ines", "Jon",
         "Kara", "Luis", "Mei", "Nils", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tara"]
LAST = ["Adams", "Brooks", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito",
        "Jensen", "Khan", "Lopez", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Silva"]
ADJ = ["STAINLESS", "HEAVY DUTY", "COMPACT", "INDUSTRIAL", "GALVANIZED", "ERGONOMIC",
       "RECYCLED", "HIGH VIS", "INSULATED", "ADJUSTABLE", "LED", "NITRILE"]
NOUN = ["HEX BOLT M8X40", "SAFETY GLOVES L", "CABLE TIES 200MM", "WORK LIGHT 20W",
        "SHELF BRACKET", "DUCT TAPE 48MM", "STORAGE BIN 15L", "WIRE ROPE 6MM",
        "PALLET WRAP 500MM", "HAND TRUCK", "LADDER 6FT", "FIRST AID KIT",
        "SAFETY VEST", "EAR PLUGS 200PK", "SHOP TOWELS", "WASHER M10 DIN125"]
UNITS = ["EA"] * 6 + ["CA", "BX", "PK", "DZ"]


def upc_a(body11: str) -> str:
    """A 12-digit UPC-A with its GS1 check digit."""
    odd = sum(int(d) for d in body11[0::2])
    even = sum(int(d) for d in body11[1::2])
    return body11 + str((10 - (odd * 3 + even) % 10) % 10)


def order(rnd: random.Random, n: int, st_control: str, day: date) -> list:
    """The segments of one 850 (ST..SE), without terminators."""
    segs = [f"ST*850*{st_control}"]
    po_date = day.strftime("%Y%m%d")
    segs.append(f"BEG*00*SA*DB{4500000000 + n}**{po_date}")
    segs.append("CUR*BY*USD")
    segs.append(f"REF*DP*{rnd.randint(100, 999)}")
    segs.append(f"REF*IA*{rnd.randint(10000, 99999)}")
    first, last = rnd.choice(FIRST), rnd.choice(LAST)
    segs.append(
        f"PER*BD*{first} {last}*TE*614-555-{rnd.randint(1000, 9999)}"
        f"*EM*{first.lower()}.{last.lower()}@demobuyer.example"
    )
    segs.append(f"DTM*002*{(day + timedelta(days=rnd.randint(5, 21))).strftime('%Y%m%d')}")
    if rnd.random() < 0.5:
        segs.append(f"DTM*010*{(day + timedelta(days=rnd.randint(1, 4))).strftime('%Y%m%d')}")
    store = rnd.randint(1, 899)
    city, state, zip_code = CITIES[store % len(CITIES)]
    segs += [
        f"N1*ST*DEMO BUYER STORE {store:04d}*92*{store:04d}",
        f"N3*{rnd.randint(10, 9999)} {rnd.choice(STREETS)}",
        f"N4*{city}*{state}*{zip_code}*US",
        "N1*BT*DEMO BUYER INC ACCOUNTS PAYABLE*92*AP01",
        "N3*PO BOX 1850",
        "N4*Columbus*OH*43216*US",
    ]
    if n % 2 == 0:
        segs += [
            "N1*BY*DEMO BUYER PURCHASING*92*BY01",
            "N3*100 Purchasing Plaza*Suite 400",
            "N4*Columbus*OH*43215*US",
        ]
    lines = rnd.randint(1, 20)
    qty_sum = 0
    total_cents = 0
    for i in range(1, lines + 1):
        item = rnd.randint(0, 99999)
        qty = rnd.choice([1, 2, 4, 6, 10, 12, 24, 36, 48, 100, rnd.randint(1, 500)])
        cents = int(10 ** rnd.uniform(1.7, 5.0))  # $0.50 .. $1,000, mostly cheap
        qty_sum += qty
        total_cents += qty * cents
        upc = upc_a(f"0{71234:05d}{item:05d}")
        segs.append(
            f"PO1*{i}*{qty}*{rnd.choice(UNITS)}*{cents // 100}.{cents % 100:02d}*PE"
            f"*VP*SUP-{item:05d}*BP*DB{item * 7 % 1000000:06d}*UP*{upc}"
        )
        segs.append(f"PID*F****{rnd.choice(ADJ)} {rnd.choice(NOUN)}")
    segs.append(f"CTT*{lines}*{qty_sum}")
    segs.append(f"AMT*TT*{total_cents // 100}.{total_cents % 100:02d}")
    segs.append(f"SE*{len(segs) + 1}*{st_control}")
    return segs


def interchange(rnd: random.Random, ic: int, first_order: int, count: int, day: date) -> str:
    """One ISA..IEA with one GS group of `count` orders."""
    ctl = f"{ic:09d}"
    hhmm = f"{(ic // 60) % 24:02d}{ic % 60:02d}"
    segs = [
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{SENDER:15}*ZZ*{RECEIVER:15}*"
        f"{day.strftime('%y%m%d')}*{hhmm}*U*00401*{ctl}*0*P*>",
        f"GS*PO*{SENDER}*{RECEIVER}*{day.strftime('%Y%m%d')}*{hhmm}*{ic}*X*004010",
    ]
    for k in range(count):
        segs += order(rnd, first_order + k, f"{k + 1:04d}", day)
    segs.append(f"GE*{count}*{ic}")
    segs.append(f"IEA*1*{ctl}")
    assert len(segs[0]) == 105, segs[0]
    return "".join(s + "~\n" for s in segs)


def generate(size_bytes: int, out, seed: int = SEED) -> tuple:
    rnd = random.Random(seed)
    written = 0
    orders = 0
    ic = 0
    start = date(2026, 1, 5)
    while written < size_bytes:
        ic += 1
        day = start + timedelta(days=(ic - 1) // 20)
        # One sub-generator per interchange: its orders are the same whatever the count, so
        # the last interchange can be cut to the target size without changing the others.
        sub_seed = rnd.getrandbits(64)
        count = ORDERS_PER_INTERCHANGE
        text = interchange(random.Random(sub_seed), ic, orders + 1, count, day)
        if written + len(text) > size_bytes:
            # Last interchange: the fewest orders that reach the target size.
            lo, hi = 1, count
            while lo < hi:
                mid = (lo + hi) // 2
                t = interchange(random.Random(sub_seed), ic, orders + 1, mid, day)
                if written + len(t) >= size_bytes:
                    hi = mid
                else:
                    lo = mid + 1
            count = lo
            text = interchange(random.Random(sub_seed), ic, orders + 1, count, day)
        out.write(text.encode("ascii"))
        written += len(text)
        orders += count
    return written, orders, ic


def main(argv: list) -> int:
    if len(argv) > 4 or (len(argv) > 1 and argv[1] in ("-h", "--help")):
        sys.stderr.write(__doc__)
        return 2
    size_mb = float(argv[1]) if len(argv) > 1 else 50.0
    target = int(size_mb * 1_000_000)
    seed = int(argv[3]) if len(argv) > 3 else SEED
    if len(argv) > 2 and argv[2] != "-":
        with open(argv[2], "wb") as f:
            written, orders, ics = generate(target, f, seed)
    else:
        written, orders, ics = generate(target, sys.stdout.buffer, seed)
        sys.stdout.buffer.flush()
    sys.stderr.write(f"{written} bytes, {orders} orders (850), {ics} interchanges\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
