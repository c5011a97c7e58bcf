#!/usr/bin/env python3
"""Outside judge for b2bgate's EDIFACT output (tests/it/edifact_judge.rs).

Every FILE must parse with pydifact (pinned in requirements.txt): the bytes are decoded per the
UNB syntax identifier (UNOA-UNOC Latin-1, UNOD ISO 8859-2, UNOE 8859-5, UNOF 8859-7, UNOW/UNOY
UTF-8), `Interchange.from_str` must read it, it must hold at least one message, and every
message's UNT segment count must equal the segments pydifact read for it (UNH and UNT included).

Usage: check.py FILE...   Prints "OK FILE" or "FAIL FILE: error"; exits 1 if any file failed.
"""
import re
import sys
import warnings

warnings.simplefilter("ignore")
from pydifact.segmentcollection import Interchange  # noqa: E402

CODECS = {
    "UNOA": "latin-1", "UNOB": "latin-1", "UNOC": "latin-1", "UNOD": "iso8859-2",
    "UNOE": "iso8859-5", "UNOF": "iso8859-7", "UNOW": "utf-8", "UNOY": "utf-8",
}


def check(path):
    raw = open(path, "rb").read()
    m = re.search(rb"UNB\+(UNO[A-Z])", raw)
    if not m:
        raise ValueError("no UNB with a syntax identifier")
    text = raw.decode(CODECS.get(m.group(1).decode(), "latin-1"))
    ic = Interchange.from_str(text)
    messages = list(ic.get_messages())
    if not messages:
        raise ValueError("no message")
    # Segment counts per message, from the flat segment list.
    count, counts = None, []
    for seg in ic.segments:
        if seg.tag == "UNH":
            count = 1
        elif count is not None:
            count += 1
            if seg.tag == "UNT":
                if int(seg.elements[0]) != count:
                    raise ValueError(f"UNT says {seg.elements[0]} segments, pydifact read {count}")
                counts.append(count)
                count = None
    types = " ".join(m.type for m in messages)
    return f"{len(messages)} message(s): {types}"


failed = 0
if len(sys.argv) < 2:
    print("usage: check.py FILE...", file=sys.stderr)
    sys.exit(2)
for path in sys.argv[1:]:
    try:
        print(f"OK {path} ({check(path)})")
    except Exception as e:  # noqa: BLE001 - any failure is the verdict
        failed += 1
        print(f"FAIL {path}: {type(e).__name__}: {e}")
sys.exit(1 if failed else 0)
