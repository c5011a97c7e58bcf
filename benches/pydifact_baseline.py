#!/usr/bin/env python3
"""The pydifact baseline of benches/edifact_translate.sh: read FILE (decoded as Latin-1, BOM
stripped) with pydifact's `Interchange.from_str` and walk every segment and message, printing
the counts. Parse only: no mapping, no output. Run with the virtualenv of tests/judges/pydifact
(`pip install -r tests/judges/pydifact/requirements.txt`)."""
import sys
import warnings

warnings.simplefilter("ignore")
from pydifact.segmentcollection import Interchange  # noqa: E402

text = open(sys.argv[1], "rb").read().decode("latin-1").lstrip("\ufeff")
ic = Interchange.from_str(text)
segments = sum(1 for _ in ic.segments)
messages = sum(1 for _ in ic.get_messages())
print(f"{segments} segments, {messages} messages")
