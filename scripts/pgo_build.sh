#!/usr/bin/env bash
# A profile-guided (PGO) release build of b2bgate, for batch translation (`b2bgate translate`).
#
# Usage: bash scripts/pgo_build.sh        (prints the path of the optimised binary on stdout)
#        B2BGATE=$(bash scripts/pgo_build.sh) bash benches/x12_translate.sh 50 5
#
# Needs the toolchain's llvm-profdata: `rustup component add llvm-tools` (the one in the
# rustup sysroot matches rustc's LLVM; a distribution's llvm-profdata usually does not).
#
# 1. Builds b2bgate instrumented (`-Cprofile-generate`) into $CARGO_TARGET_DIR/pgo/gen.
# 2. Trains it: `translate` on X12 850s and EDIFACT ORDERS made by the generators with seed 7
#    (the benches read seed 850 and 96: other orders of the same shape, not the bench files),
#    on one thread and on the default pool, and, when ../shared/corpus is there, on every
#    X12, EDIFACT, UBL and cXML file of the corpus except `perf/` (the EDIFACT stress file is a
#    bench input, so it is not trained on). Exit codes are ignored: rejected documents are
#    part of the training.
# 3. Merges the profiles and builds with `-Cprofile-use` into $CARGO_TARGET_DIR/pgo/use.
#
# What the training does not run (the HTTP server, the store, AS2…) LLVM treats as cold and
# optimises for size. This build is for batch translation and is measured as such; the
# server's figures in the README come from the plain release build, and each figure says which
# build it is from.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
pgo_dir=$target_dir/pgo

host=$(rustc -vV | sed -n 's/^host: //p')
profdata=$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata
if [ ! -x "$profdata" ]; then
  echo "llvm-profdata is missing: rustup component add llvm-tools" >&2
  exit 1
fi

data=$pgo_dir/data
rm -rf "$data"
mkdir -p "$data"
echo "==> instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$data" \
  cargo build --release --quiet --bin b2bgate --target-dir "$pgo_dir/gen" >&2
gen=$pgo_dir/gen/release/b2bgate

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "==> training" >&2
python3 scripts/gen_x12_850.py 8 "$tmp/x12.edi" 7 2>/dev/null
python3 scripts/gen_edifact_orders.py 4 "$tmp/edifact.edi" 7 2>/dev/null
for f in "$tmp/x12.edi" "$tmp/edifact.edi"; do
  "$gen" translate --threads 1 "$f" >/dev/null 2>&1 || true
  "$gen" translate "$f" >/dev/null 2>&1 || true
done
corpus=../shared/corpus
if [ -d "$corpus" ]; then
  n=0
  while IFS= read -r -d '' f; do
    "$gen" translate "$f" >/dev/null 2>&1 || true
    n=$((n + 1))
  done < <(find "$corpus/x12" "$corpus/edifact" "$corpus/ubl" "$corpus/cxml" -type f \
    \( -name '*.edi' -o -name '*.x12' -o -name '*.txt' -o -name '*.xml' -o -name '*.EDI' \) \
    -not -path '*/perf/*' -print0 2>/dev/null)
  echo "    $n corpus files" >&2
else
  echo "    corpus absent: generated files only" >&2
fi

echo "==> merging profiles" >&2
"$profdata" merge -o "$data/merged.profdata" "$data"
echo "==> optimised build" >&2
RUSTFLAGS="-Cprofile-use=$data/merged.profdata" \
  cargo build --release --quiet --bin b2bgate --target-dir "$pgo_dir/use" >&2
echo "$pgo_dir/use/release/b2bgate"
