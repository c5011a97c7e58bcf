#!/usr/bin/env bash
# A profile-guided (PGO) release build of b2bgate, for batch translation (`b2bgate translate`).
#
# Usage: bash scripts/pgo_build.sh        (prints the path of the optimised binary on stdout)
#        b=$(bash scripts/pgo_build.sh) && B2BGATE=$b bash benches/x12_translate.sh 50 7
#        PGO_GENERATED=0 bash scripts/pgo_build.sh   (train on the corpus only)
#
# Needs the toolchain's llvm-profdata: `rustup component add llvm-tools` (the one in the
# rustup sysroot matches rustc's LLVM; a distribution's llvm-profdata usually does not).
#
# 1. Builds b2bgate instrumented (`-Cprofile-generate`) into $CARGO_TARGET_DIR/pgo/gen, with
#    `--target` set to the host so that build scripts and proc macros are not instrumented
#    (the rustc book's PGO workflow). RUSTFLAGS from the environment are kept.
# 2. Trains it: `translate` on X12 850s and EDIFACT ORDERS made by the generators with seed 7
#    (the benches read seed 850 and 96: other orders of the same shape, not the bench files;
#    skipped with PGO_GENERATED=0), on one thread and on the default pool, and, when
#    ../shared/corpus is there, on every `*.edi` and `*.xml` file in its x12/, edifact/, ubl/
#    and cxml/ folders except `perf/` (the EDIFACT stress file is a bench input, so it is not
#    trained on). Exit 1 (a rejected document) is part of the training; any other failure
#    stops the script.
# 3. Merges the profiles into a file named by its content hash (so that a new profile rebuilds
#    every crate with it) and builds with `-Cprofile-use` into $CARGO_TARGET_DIR/pgo/use.
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

if [ -n "${CARGO_ENCODED_RUSTFLAGS:-}" ]; then
  echo "CARGO_ENCODED_RUSTFLAGS is set: it would override the PGO flags; use RUSTFLAGS" >&2
  exit 1
fi
case $target_dir in *' '*) echo "the target directory must not contain spaces" >&2; exit 1 ;; esac
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
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Cprofile-generate=$data" \
  cargo build --release --quiet --bin b2bgate --target "$host" --target-dir "$pgo_dir/gen" >&2
gen=$pgo_dir/gen/$host/release/b2bgate

# One training run: exit 0 or 1 (documents rejected) is expected, anything else is not.
train() {
  local rc=0
  "$gen" translate "$@" >/dev/null 2>&1 || rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "training run failed (exit $rc): translate $*" >&2
    exit 1
  fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "==> training" >&2
if [ "${PGO_GENERATED:-1}" != 0 ]; then
  python3 scripts/gen_x12_850.py 8 "$tmp/x12.edi" 7 >&2
  python3 scripts/gen_edifact_orders.py 4 "$tmp/edifact.edi" 7 >&2
  for f in "$tmp/x12.edi" "$tmp/edifact.edi"; do
    train --threads 1 "$f"
    train "$f"
  done
fi
corpus=../shared/corpus
if [ -d "$corpus" ]; then
  n=0
  for d in x12 edifact ubl cxml; do
    [ -d "$corpus/$d" ] || { echo "    $corpus/$d is missing" >&2; continue; }
    while IFS= read -r -d '' f; do
      train "$f"
      n=$((n + 1))
    done < <(find "$corpus/$d" -type f \( -name '*.edi' -o -name '*.xml' \) \
      -not -path '*/perf/*' -print0)
  done
  echo "    $n corpus files" >&2
else
  echo "    corpus absent: generated files only" >&2
fi
if ! compgen -G "$data/*.profraw" >/dev/null; then
  echo "no profile was written (no training data?)" >&2
  exit 1
fi

echo "==> merging profiles" >&2
"$profdata" merge -o "$data/merged.profdata" "$data" >&2
hash=$(sha256sum "$data/merged.profdata" | cut -c1-16)
profile=$pgo_dir/profile-$hash.profdata
rm -f "$pgo_dir"/profile-*.profdata
mv "$data/merged.profdata" "$profile"
echo "==> optimised build ($profile)" >&2
RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Cprofile-use=$profile" \
  cargo build --release --quiet --bin b2bgate --target "$host" --target-dir "$pgo_dir/use" >&2
echo "$pgo_dir/use/$host/release/b2bgate"
