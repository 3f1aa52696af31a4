#!/usr/bin/env bash
# Benchmark (not a test): `./headroom preview` of every environment against a bare
# `npx cdk synth --all` of the same app, and the whole test suite. Prints medians and the ratio.
# Goals: preview within 1.2x of bare synth; the suite under 3 minutes on 2 cores.
#   bench/preview.sh [RUNS]     (default 5 runs after one warm-up of each)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/lib.sh

measure() { # label, command...: warm up once, then time $runs runs
  local label="$1"; shift
  echo "bench: $label: warm-up ..." >&2
  seconds "$@" >/dev/null
  median_of "$runs" "$label" "$@"
}

preview=$(measure "headroom preview (all environments)" ./headroom preview --out cdk.out/bench-preview)
synth=$(measure "npx cdk synth --all" npx cdk synth --all --quiet --output cdk.out/bench-synth)
suite_runs=1
[ "$runs" -ge 3 ] && suite_runs=3
tests=$(runs=$suite_runs measure "./headroom test" ./headroom test)

ratio=$(awk -v p="$preview" -v s="$synth" 'BEGIN { printf "%.4f", p / s }')
printf '\n%-34s %8s\n' "what (median of $runs)" "seconds"
printf '%-34s %8s\n' "./headroom preview (all envs)" "$preview"
printf '%-34s %8s\n' "npx cdk synth --all" "$synth"
printf '%-34s %8s   (goal: under 180, median of %s)\n' "./headroom test" "$tests" "$suite_runs"
printf '%-34s %8.2f   (goal: at most 1.20)\n' "preview / synth" "$ratio"
