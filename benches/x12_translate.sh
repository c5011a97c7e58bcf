#!/usr/bin/env bash
# Throughput and peak memory of `b2bgate translate` (X12 850 → canonical NDJSON: tokenize,
# envelope, map, validate, serialise) against the crates.io `edi` crate's `parse` of the same
# file (tokenize and envelope only: no mapping, no output).
#
# Usage: bash benches/x12_translate.sh [SIZE_MB] [ROUNDS]     (defaults: 50 MB, 3 rounds)
#        B2BGATE=PATH bash benches/x12_translate.sh 50 5     (that binary instead of building one,
#                                                             e.g. scripts/pgo_build.sh's)
#        THREADS=1 bash benches/x12_translate.sh 50 5        (translate --threads 1: one thread;
#                                                             default: one worker per core)
#
# 1. Builds both programs in release: the b2bgate binary, and benches/edi-baseline (a separate
#    crate with its own workspace, because `edi` is GPL-3.0 and must never be linked into
#    b2bgate). Set CARGO_TARGET_DIR to share a target directory.
# 2. Generates the file once into a temporary directory with scripts/gen_x12_850.py
#    (deterministic: the same SIZE_MB gives the same bytes).
# 3. Checks once (untimed, also a warm-up) that translate writes one JSON line per order and
#    exits 0, and whether `edi::parse` accepts the file.
# 4. Alternates timed runs, ROUNDS times: translate, edi, translate, edi… Each run is wrapped in
#    GNU `/usr/bin/time -f '%M %U %S'` for the peak RSS (maxrss of the process, in KiB) and the
#    user and system CPU seconds; wall time is taken with bash's $EPOCHREALTIME around it.
#    translate writes to /dev/null.
# 5. Prints every run (wall s, user s, sys s, MB/s with MB = 10^6 bytes, peak RSS, RSS / input
#    size) and the medians, then the two ratios the goal is about.
#
# The input is in the page cache for every run (it was just written), so this measures CPU and
# memory, not the disk.
set -euo pipefail
# B2BGATE, when set, must name an executable (made absolute before the cd below): an empty or
# wrong value is an error, never a silent fall back to building and timing the plain build.
if [ "${B2BGATE+set}" ]; then
  case $B2BGATE in /*) ;; *) B2BGATE=$PWD/$B2BGATE ;; esac
  [ -f "$B2BGATE" ] && [ -x "$B2BGATE" ] || { echo "B2BGATE=$B2BGATE is not an executable" >&2; exit 1; }
fi
cd "$(dirname "$0")/.."
root=$PWD

size_mb=${1:-50}
rounds=${2:-3}
threads=${THREADS:-0}
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac

if [ ! -x /usr/bin/time ]; then
  echo "GNU time is needed for the peak RSS: apt-get install -y time" >&2
  exit 1
fi

echo "==> building (release)" >&2
if [ "${B2BGATE+set}" ]; then
  b2bgate=$B2BGATE
else
  cargo build --release --quiet --bin b2bgate --target-dir "$target_dir"
  b2bgate=$target_dir/release/b2bgate
fi
echo "    b2bgate: $b2bgate" >&2
cargo build --release --quiet --manifest-path benches/edi-baseline/Cargo.toml --target-dir "$target_dir"
baseline=$target_dir/release/edi-baseline

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
file=$tmp/po850_${size_mb}mb.edi

echo "==> generating ${size_mb} MB of 850s" >&2
python3 scripts/gen_x12_850.py "$size_mb" "$file" 2>"$tmp/gen.txt"
cat "$tmp/gen.txt" >&2
bytes=$(stat -c %s "$file")
orders=$(sed -n 's/.* \([0-9]*\) orders.*/\1/p' "$tmp/gen.txt")

echo "==> checking" >&2
set +e
"$b2bgate" translate --threads "$threads" "$file" >"$tmp/translate.out" 2>"$tmp/translate.err"
status=$?
set -e
docs=$(wc -l <"$tmp/translate.out")
rm -f "$tmp/translate.out"
echo "translate: exit $status, $docs JSON lines for $orders orders, $(wc -l <"$tmp/translate.err") stderr lines" >&2
if [ "$status" -ne 0 ] || [ "$docs" -ne "$orders" ]; then
  head -20 "$tmp/translate.err" >&2
  echo "translate did not map every order" >&2
  exit 1
fi
edi_ok=yes
if "$baseline" "$file" >"$tmp/edi.out" 2>"$tmp/edi.err"; then
  echo "edi::parse: $(cat "$tmp/edi.out")" >&2
else
  edi_ok=no
  echo "edi::parse FAILED: $(head -c 600 "$tmp/edi.err")" >&2
fi

# One timed run: appends "tool seconds rss_kib user sys exit" to $tmp/runs.
run() {
  local tool=$1
  shift
  local t0 t1 rc
  t0=$EPOCHREALTIME
  set +e
  /usr/bin/time -f '%M %U %S' -o "$tmp/time.txt" "$@" >/dev/null 2>"$tmp/run.err"
  rc=$?
  set -e
  t1=$EPOCHREALTIME
  echo "$tool $(python3 -c "print(f'{$t1 - $t0:.4f}')") $(tail -1 "$tmp/time.txt") $rc" >>"$tmp/runs"
}

echo "==> $rounds rounds, alternating" >&2
: >"$tmp/runs"
for _ in $(seq "$rounds"); do
  run translate "$b2bgate" translate --threads "$threads" "$file"
  run edi "$baseline" "$file"
done

python3 - "$tmp/runs" "$bytes" "$edi_ok" "$threads" <<'EOF'
import statistics, sys
runs_path, size, edi_ok, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
runs = [l.split() for l in open(runs_path) if l.strip()]
mb = size / 1e6
print(f"input: {size:,} bytes ({mb:.1f} MB); edi::parse accepted it: {edi_ok}; "
      f"translate --threads {threads} (0: one worker per core)")
print(f"{'tool':<10} {'wall s':>7} {'user s':>7} {'sys s':>7} {'MB/s':>8} {'peak RSS MB':>12} "
      f"{'RSS/input':>10} exit")
med = {}
for tool in ("translate", "edi"):
    rows = [r for r in runs if r[0] == tool]
    for _, s, kib, user, sys_s, rc in rows:
        s, rss = float(s), int(kib) * 1024 / 1e6
        print(f"{tool:<10} {s:7.3f} {float(user):7.2f} {float(sys_s):7.2f} {mb / s:8.1f} "
              f"{rss:12.1f} {rss / mb:10.2f} {rc}")
    secs = statistics.median(float(r[1]) for r in rows)
    rss = statistics.median(int(r[2]) * 1024 / 1e6 for r in rows)
    med[tool] = (mb / secs, rss)
    print(f"{tool:<10} median: {secs:.3f} s, {mb / secs:.1f} MB/s, peak RSS {rss:.1f} MB "
          f"({rss / mb:.2f}x input)")
(t_mbs, t_rss), (e_mbs, e_rss) = med["translate"], med["edi"]
print(f"throughput translate / edi: {t_mbs / e_mbs:.2f}x (goal >= 3x)")
print(f"peak RSS translate / input: {t_rss / mb:.2f}x (goal <= 2x); edi: {e_rss / mb:.2f}x")
EOF
