#!/usr/bin/env bash
# Benchmark of validation with payer profiles and cross-file counting
# (issue 7): 1,000,000 generated service lines in four 837P files of
# 50 MB whose members come back across files (synth --members), checked
# with every rule and the two benchmark profiles in benches/data/.
# Prints throughput (MB/s, one worker and two) and peak memory (max RSS)
# for several member pool sizes, to show memory growing with members x
# periods and not with lines. Not a test; prints a table.
# Usage: benches/profiles.sh [MEMBERS ...]   (default: 10000 40000 160000)
set -euo pipefail
cd "$(dirname "$0")/.."
pools=("$@")
[ ${#pools[@]} -gt 0 ] || pools=(10000 40000 160000)
cargo build --release --quiet --bin claimcheck --example synth
# BIN=target/pgo/claimcheck: the profile-guided build (scripts/build_pgo.sh).
bin=${BIN:-target/release/claimcheck}
echo "binary: $bin"
synth=target/release/examples/synth
dir=${BENCH_DIR:-$(mktemp -d)}
runs=${RUNS:-3}
profiles=(--profile benches/data/bench_ffs.toml --profile benches/data/bench_case_rate.toml)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
# The VM this runs on drifts up to 2x in speed between hours. A control
# (SNIP 1-2 alone on one 50 MB file, -j 1, best of 3), timed before and
# after the table, says which phase the numbers come from.
control() {
  local f="$dir/control.837" best="" t0 t
  [ -f "$f" ] || "$synth" --kind 837p --size 50MB --seed 1 -o "$f" 2>/dev/null
  for _ in 1 2 3; do
    t0=$(date +%s%N)
    "$bin" validate -j 1 --select ENV,SYN "$f" > /dev/null || true
    t=$(awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0)/1e9}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "control ($1): SNIP 1-2 on a 50 MB 837P, -j 1: $best s"
}
control before
printf '%-9s %-7s %-8s %-9s %-8s %-11s %-9s\n' members files lines threads seconds MB/s max_rss_MB
for members in "${pools[@]}"; do
  files=()
  lines=0
  for seed in 1 2 3 4; do
    f="$dir/bh_m${members}_s${seed}.837"
    [ -f "$f" ] || "$synth" --kind 837p --size 50MB --seed "$seed" --members "$members" -o "$f" 2>/dev/null
    files+=("$f")
    lines=$((lines + $(grep -c '^SV1\*' "$f")))
  done
  bytes=$(cat "${files[@]}" | wc -c)
  cat "${files[@]}" > /dev/null   # warm the page cache
  for j in 1 2; do
    best=""
    rss=0
    for _ in $(seq "$runs"); do
      t0=$(date +%s%N)
      m=$( { /usr/bin/time -f '%M' "$bin" validate -j "$j" "${profiles[@]}" "${files[@]}" > /dev/null || true; } 2>&1 | tail -1)
      t=$(awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0)/1e9}")
      if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
      [ "$m" -gt "$rss" ] && rss=$m
    done
    printf '%-9s %-7s %-8s %-9s %-8s %-11s %-9s\n' "$members" 4 "$lines" "$j" "$best" \
      "$(awk "BEGIN{printf \"%.0f\", $bytes/1e6/$best}")" "$(awk "BEGIN{printf \"%.1f\", $rss/1024}")"
  done
done
control after
