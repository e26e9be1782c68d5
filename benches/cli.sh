#!/usr/bin/env bash
# End-to-end benchmark of `claimcheck validate` on generated 837P files:
# throughput (MB/s) and peak memory (max RSS) for each size given in MB.
# Not a test; prints a table. Usage: benches/cli.sh [SIZE_MB ...]  (default: 100 1000)
# BIN=target/pgo/claimcheck measures the profile-guided release build
# (scripts/build_pgo.sh) instead of the plain `cargo build --release`.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000)
cargo build --release --quiet --bin claimcheck --example synth
bin=${BIN:-target/release/claimcheck}
echo "binary: $bin"
synth=target/release/examples/synth
dir=${BENCH_DIR:-$(mktemp -d)}
runs=${RUNS:-3}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"
printf '%-10s %-8s %-10s %-10s %-12s\n' file threads seconds MB/s max_rss_MB
for mb in "${sizes[@]}"; do
  f="$dir/synth_${mb}MB.837"
  [ -f "$f" ] || "$synth" --kind 837p --size "${mb}MB" --seed 7 -o "$f" 2>/dev/null
  bytes=$(stat -c %s "$f")
  cat "$f" > /dev/null   # warm the page cache: measure parsing, not the disk
  best=""
  rss=0
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    m=$( { /usr/bin/time -f '%M' "$bin" validate -j 1 "$f" > /dev/null; } 2>&1 | tail -1)
    t=$(awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0)/1e9}")
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    [ "$m" -gt "$rss" ] && rss=$m
  done
  printf '%-10s %-8s %-10s %-10s %-12s\n' "${mb}MB" 1 "$best" \
    "$(awk "BEGIN{printf \"%.0f\", $bytes/1e6/$best}")" "$(awk "BEGIN{printf \"%.1f\", $rss/1024}")"
done
# Scaling with -j over several files (the first size, four copies).
mb=${sizes[0]}
f="$dir/synth_${mb}MB.837"
for i in 1 2 3 4; do ln -sf "$f" "$dir/copy$i.837x"; done
for j in 1 2; do
  t0=$(date +%s%N)
  m=$( { /usr/bin/time -f '%M' "$bin" validate -j "$j" "$dir"/copy1.837x "$dir"/copy2.837x "$dir"/copy3.837x "$dir"/copy4.837x > /dev/null; } 2>&1 | tail -1)
  t=$(awk "BEGIN{printf \"%.3f\", ($(date +%s%N) - $t0)/1e9}")
  printf '%-10s %-8s %-10s %-10s %-12s\n' "4x${mb}MB" "$j" "$t" \
    "$(awk "BEGIN{printf \"%.0f\", 4*$(stat -c %s "$f")/1e6/$t}")" "$(awk "BEGIN{printf \"%.1f\", $m/1024}")"
done
