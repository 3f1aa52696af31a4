#!/usr/bin/env bash
# Benchmark (not a test): `./headroom preview` on each hostile-corpus file (tests/Headroom.Tests/Config/Hostile),
# as a user would run it: the whole command, .NET start-up included. Prints the slowest file and the median.
# Goal: every file refused (exit 1) in under a second.
#   bench/hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
./headroom preview --help >/dev/null 2>&1  # build once, outside the timings
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
times=(); slowest=0; slowest_file=""
for file in tests/Headroom.Tests/Config/Hostile/*.yaml; do
  rm -rf "$work/env" && mkdir -p "$work/env" && cp "$file" "$work/env/"
  start=$(date +%s.%N)
  set +e; ./headroom preview --environments "$work/env" --out "$work/out" >/dev/null 2>&1; code=$?; set -e
  end=$(date +%s.%N)
  [ "$code" -eq 1 ] || { echo "bench: $file exited $code, not 1" >&2; exit 1; }
  t=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')
  times+=("$t")
  if awk -v t="$t" -v s="$slowest" 'BEGIN { exit !(t > s) }'; then slowest=$t; slowest_file=$file; fi
done
printf '%-44s %8s\n' "hostile files refused (exit 1)" "${#times[@]}"
printf '%-44s %8s\n' "median seconds per file" "$(printf '%s\n' "${times[@]}" | median)"
printf '%-44s %8s   (goal: under 1; %s)\n' "slowest seconds" "$slowest" "$(basename "$slowest_file")"
