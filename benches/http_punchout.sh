#!/usr/bin/env bash
# End-to-end punchout start over HTTP: POST a PunchOutSetupRequest to /cxml on a release build
# running on SQLite, N times from one client with keep-alive, and report requests per second and
# mean latency. Each request authenticates, archives the (masked) request and creates a session
# in the database before answering.
#
#   bash benches/http_punchout.sh [N]      (default N=500; needs curl and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
cargo build --release -q
DATA=$(mktemp -d)
PORT=18089
B2BGATE_DATA_DIR=$DATA B2BGATE_BIND=127.0.0.1:$PORT B2BGATE_ADMIN_TOKEN=bench \
  ./target/release/b2bgate serve >"$DATA/serve.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
cat >"$DATA/posr.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<cXML payloadID="1@bench" timestamp="2026-11-24T10:00:00-05:00"><Header>
<From><Credential domain="NetworkID"><Identity>AN01000000001</Identity></Credential></From>
<To><Credential domain="DUNS"><Identity>123456789</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN01000000001</Identity><SharedSecret>demo-shared-secret</SharedSecret></Credential><UserAgent>bench</UserAgent></Sender></Header>
<Request><PunchOutSetupRequest operation="create"><BuyerCookie>bench</BuyerCookie>
<BrowserFormPost><URL>https://buyer.example/return</URL></BrowserFormPost></PunchOutSetupRequest></Request></cXML>
XML
# One client, N sequential requests over one keep-alive connection (Python's http.client).
python3 - "$PORT" "$N" "$DATA/posr.xml" <<'PY'
import http.client, sys, time
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
body = open(path, "rb").read()
conn = http.client.HTTPConnection("127.0.0.1", port)
ok, t0 = 0, time.perf_counter()
for _ in range(n):
    conn.request("POST", "/cxml", body, {"content-type": "text/xml"})
    r = conn.getresponse()
    data = r.read()
    ok += r.status == 200 and b'code="200"' in data
t = time.perf_counter() - t0
print(f"{n} requests ({ok} answered cXML 200) in {t:.2f} s: {n / t:.0f} req/s, {1000 * t / n:.2f} ms mean")
PY
