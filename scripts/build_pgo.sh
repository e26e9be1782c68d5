#!/usr/bin/env bash
# Build the release binary with profile-guided optimization (PGO), then
# lay its code out by profile with BOLT when llvm-bolt is installed.
#
# 1. Build claimcheck instrumented (-Cprofile-generate) in target/pgo-build.
# 2. Run it over a training set: generated 837P, 837I and 835 files
#    validated with every rule (the 837P also with the benchmark payer
#    profiles) and parsed to JSON, plus the shipped fixtures. Every main
#    job is in it, so that none of their paths is laid out as cold code.
# 3. Merge the counts with llvm-profdata and build claimcheck's own crates
#    again with -Cprofile-use. The flags go to claimcheck alone
#    (scripts/pgo_rustc.sh), so the dependencies are built once for both
#    builds: the hot code is claimcheck's, and what it inlines from them
#    is instrumented with it.
# 4. With llvm-bolt (Debian: `apt-get install bolt-19`): instrument that
#    binary (both builds link with --emit-relocs, which BOLT needs to move
#    functions), run the same training set again, and let BOLT reorder
#    functions and basic blocks by the counts and move cold code out of
#    the hot pages. Without llvm-bolt, step 3's binary is the result.
#    (-hugify, backing the hot code with a huge page, was 5 % slower on
#    the benchmark VM and is not used.)
# 5. The result must give the same JSON findings on the fixtures and the
#    training files as the build no profile shaped (step 1's); the script
#    fails otherwise.
#
# Same source, same behaviour: only inlining and code layout follow the
# counts. On the benchmark VM, every-rule validation of the 100 MB 837P
# runs 18 % fewer instructions after PGO and takes 0.78-0.86 of the plain
# build's time; BOLT then takes off another 1-9 % (BENCHMARKS.md, issue
# 6).
#
# Needs llvm-profdata that reads the raw profiles of rustc's LLVM
# (rustc 1.95 / LLVM 22 writes raw version 10: llvm-profdata 19 or later;
# Debian bookworm: `apt-get install llvm-19`). Set LLVM_PROFDATA to
# choose one; otherwise the newest found is tried first. Set LLVM_BOLT to
# choose llvm-bolt (its merge-fdata must be beside it), or LLVM_BOLT=none
# to skip step 4.
#
# Usage: scripts/build_pgo.sh [OUT]   (default: target/pgo/claimcheck)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/pgo/claimcheck}
work=target/pgo
mkdir -p "$work" "$(dirname "$out")"
raw="$PWD/$work/raw"
data="$work/training"
rm -rf "$raw"
mkdir -p "$raw" "$data"

candidates=()
[ -n "${LLVM_PROFDATA:-}" ] && candidates+=("$LLVM_PROFDATA")
for v in 30 29 28 27 26 25 24 23 22 21 20 19; do
  for c in "llvm-profdata-$v" "/usr/lib/llvm-$v/bin/llvm-profdata"; do
    command -v "$c" >/dev/null 2>&1 && candidates+=("$(command -v "$c")")
  done
done
command -v llvm-profdata >/dev/null 2>&1 && candidates+=("$(command -v llvm-profdata)")
if [ ${#candidates[@]} -eq 0 ]; then
  echo "build_pgo: no llvm-profdata found (Debian: apt-get install llvm-19; or set LLVM_PROFDATA)" >&2
  exit 2
fi

# llvm-bolt by the path in its LLVM tree: Debian's /usr/bin/llvm-bolt-NN
# looks for its runtime library relative to /usr/bin and does not find it.
bolt=${LLVM_BOLT:-}
if [ -z "$bolt" ]; then
  for v in 30 29 28 27 26 25 24 23 22 21 20 19; do
    if [ -x "/usr/lib/llvm-$v/bin/llvm-bolt" ]; then
      bolt=/usr/lib/llvm-$v/bin/llvm-bolt
      break
    fi
  done
fi
[ "$bolt" = none ] && bolt=""

build() {
  # The binary alone: building an example with it would bring in the
  # dev-dependencies, whose feature unification changes the code enough
  # that most of the counts no longer match the final build. Relocations
  # are kept in the binary for BOLT, in both builds, so that nothing but
  # the profile flag differs between them.
  cargo clean --quiet --release --target-dir target/pgo-build -p claimcheck
  RUSTC_WORKSPACE_WRAPPER="$PWD/scripts/pgo_rustc.sh" \
    CLAIMCHECK_LINK_FLAG="-Clink-arg=-Wl,--emit-relocs" \
    CLAIMCHECK_PGO_FLAG=$1 cargo build --release --quiet \
    --target-dir target/pgo-build --bin claimcheck
}
echo "build_pgo: instrumented build (target/pgo-build)"
build "-Cprofile-generate=$raw"
gen="$work/claimcheck-instrumented"
cp target/pgo-build/release/claimcheck "$gen"
cargo build --release --quiet --example synth
synth=target/release/examples/synth

echo "build_pgo: training run"
[ -f "$data/p.837" ] || "$synth" --kind 837p --size 20MB --seed 11 --members 4000 -o "$data/p.837"
[ -f "$data/i.837" ] || "$synth" --kind 837i --size 5MB --seed 12 -o "$data/i.837"
[ -f "$data/r.835" ] || "$synth" --kind 835 --size 5MB --seed 13 -o "$data/r.835"
# The training set, run by the binary in $gen. Findings are expected (the
# generated files carry some): exit 1 is fine. Chained, so that a failed
# run fails `train` also where set -e does not apply (BOLT's step runs it
# as a tested command).
run() { "$gen" "$@" > /dev/null || [ $? -eq 1 ]; }
train() {
  run validate -j 1 "$data/p.837" "$data/i.837" "$data/r.835" &&
    run validate -j 1 --profile benches/data/bench_ffs.toml \
      --profile benches/data/bench_case_rate.toml "$data/p.837" &&
    run validate -j 1 --format sarif fixtures &&
    "$gen" parse "$data/i.837" > /dev/null &&
    "$gen" parse "$data/r.835" > /dev/null
}
train

merged="$work/merged.profdata"
ok=""
for p in "${candidates[@]}"; do
  if "$p" merge -o "$merged" "$raw"/*.profraw 2>"$work/merge.log"; then
    ok=$p
    break
  fi
done
if [ -z "$ok" ]; then
  echo "build_pgo: no llvm-profdata could read the raw profiles (tried ${candidates[*]}):" >&2
  cat "$work/merge.log" >&2
  exit 2
fi
echo "build_pgo: profiles merged with $ok"

echo "build_pgo: optimized build (target/pgo-build)"
build "-Cprofile-use=$PWD/$merged"
pgo="$work/claimcheck-pgo"
cp target/pgo-build/release/claimcheck "$pgo"
result=$pgo

bolt_layout() {
  local fdata="$PWD/$work/bolt"
  rm -rf "$fdata"
  mkdir -p "$fdata"
  gen="$work/claimcheck-bolt-instrumented"
  "$bolt" "$pgo" -o "$gen" -instrument -instrumentation-file-append-pid \
    -instrumentation-file="$fdata/run" || return 1
  train || return 1
  "$(dirname "$bolt")/merge-fdata" "$fdata"/run*.fdata > "$work/bolt.fdata" || return 1
  "$bolt" "$pgo" -o "$work/claimcheck-bolt" -data="$work/bolt.fdata" \
    -reorder-blocks=ext-tsp -reorder-functions=cdsort -split-functions \
    -split-all-cold -split-eh -icf=1 -use-gnu-stack -dyno-stats
}
if [ -z "$bolt" ]; then
  echo "build_pgo: no llvm-bolt; the profile-guided build is the result"
else
  echo "build_pgo: BOLT training run and layout ($bolt)"
  if bolt_layout > "$work/bolt.log" 2>&1; then
    result="$work/claimcheck-bolt"
  else
    tail -n 20 "$work/bolt.log" >&2
    echo "build_pgo: WARNING: BOLT failed (log: $work/bolt.log); the profile-guided build is the result" >&2
  fi
fi

# Same findings on the fixtures and the training files as the build that
# no profile shaped (the instrumented one: the same code and flags, with
# counters), or no result. A plain `cargo build --release --bin` would do
# as well, but where only `cargo test --release` ran before (CI), its
# dependencies' features differ (no dev-dependencies) and it is a third
# full build.
findings() {
  "$1" validate -j 1 --format json fixtures "$data/p.837" "$data/i.837" "$data/r.835" \
    > "$2" || [ $? -eq 1 ]
}
findings "$work/claimcheck-instrumented" "$work/reference.json"
findings "$result" "$work/result.json"
if ! cmp -s "$work/reference.json" "$work/result.json"; then
  echo "build_pgo: $result finds otherwise than the build without a profile (compare $work/reference.json and $work/result.json)" >&2
  exit 2
fi
echo "build_pgo: same findings as the build without a profile ($(grep -c '"rule"' "$work/result.json") on fixtures/ and the training files)"
cp "$result" "$out"
echo "build_pgo: wrote $out"
