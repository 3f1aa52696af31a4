#!/usr/bin/env bash
# Benchmark (not a test): what `headroom check` adds to the test suite for staging and prod. The
# environments are synthesized once; each run then judges that cloud assembly with every check
# (CloudFormation validation and cdk-nag in one Node process, Headroom's rules, the metric catalog).
# Goal: under 15 s on 2 cores.
#   bench/check.sh [RUNS]     (default 5 runs after one warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/lib.sh

echo "bench: synthesizing staging and prod once ..." >&2
./headroom preview staging prod --out cdk.out/bench-check >/dev/null
echo "bench: warm-up ..." >&2
seconds ./headroom check staging prod --assembly cdk.out/bench-check >/dev/null
check=$(median_of "$runs" "headroom check" ./headroom check staging prod --assembly cdk.out/bench-check)
printf '\n%-44s %8s\n' "what (median of $runs)" "seconds"
printf '%-44s %8s   (goal: under 15)\n' "./headroom check staging prod --assembly" "$check"
