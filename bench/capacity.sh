#!/usr/bin/env bash
# Benchmark (not a test): `./headroom capacity` over every environment, and with a --users recommendation, as a user
# runs them (the whole command, .NET start-up included, no synthesis). Goal: each answers in under a second.
#   bench/capacity.sh [RUNS]     (default 5; the median)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
source bench/lib.sh
./headroom capacity --help >/dev/null 2>&1  # build once, outside the timings
all=$(median_of "$runs" "headroom capacity" ./headroom capacity)
recommend=$(median_of "$runs" "headroom capacity --users" ./headroom capacity staging --users 2000)
printf '\n%-48s %8s\n' "what (median of $runs)" "seconds"
printf '%-48s %8s   (goal: under 1)\n' "./headroom capacity (every environment)" "$all"
printf '%-48s %8s   (goal: under 1)\n' "./headroom capacity staging --users 2000" "$recommend"
