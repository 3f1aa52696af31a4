#!/usr/bin/env bash
# Benchmark (not a test): the whole test suite, `./headroom test`, after one build that is not timed.
# Goals: under 100 s on 2 cores, and no slower than a base revision's suite timed on the same machine
# (--base). Machines differ by more than a change does: seconds measured on another machine compare
# nothing. Other work on the machine skews both: run it on a quiet machine, and read the slowest classes
# from a trx log when it misses.
#   bench/tests.sh [RUNS] [--base REV] [--filter EXPR]
#     RUNS           runs of each suite (default 1); the median is printed
#     --base REV     also times REV's suite, checked out into a temporary git worktree and built by its
#                    own code; the runs alternate (base, working tree, base, ...) so drift hits both
#     --filter EXPR  times only these tests of the working tree (`dotnet test --filter`), for example to
#                    leave out the tests of features that REV did not have yet
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh

runs=1 base="" filter=()
while [ $# -gt 0 ]; do
  case "$1" in
    --base) base="${2:?--base needs a revision}"; shift 2 ;;
    --filter) filter=(--filter "${2:?--filter needs an expression}"); shift 2 ;;
    *[!0-9]*|"") echo "usage: bench/tests.sh [RUNS] [--base REV] [--filter EXPR]" >&2; exit 64 ;;
    *) runs="$1"; shift ;;
  esac
done

prepare() { # DIR: its npm packages and one build, untimed. A package folder whose lock file equals ours
            # shares our node_modules (no install); any other is installed from its own lock file.
  local dir="$1" folder
  for folder in . loadtest; do
    [ -f "$dir/$folder/package-lock.json" ] || continue
    [ -e "$dir/$folder/node_modules" ] && continue
    if [ "$dir" != "$PWD" ] && [ -d "$folder/node_modules" ] && cmp -s "$folder/package-lock.json" "$dir/$folder/package-lock.json"; then
      ln -s "$PWD/$folder/node_modules" "$dir/$folder/node_modules"
    else
      echo "bench: npm ci in $dir/$folder ..." >&2
      (cd "$dir/$folder" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 ARTILLERY_DISABLE_TELEMETRY=true npm ci --no-audit --no-fund --loglevel=error >&2)
    fi
  done
  echo "bench: building $dir (dotnet build, not timed) ..." >&2
  (cd "$dir" && dotnet build Headroom.sln --nologo -v q >/dev/null)
}

suite() { # DIR LOG [ARGS...]: one `./headroom test --no-build` in DIR, its output in LOG (its tail shown when it fails)
  local dir="$1" log="$2"; shift 2
  (cd "$dir" && ./headroom test --no-build "$@") >"$log" 2>&1 || { tail -n 30 "$log" >&2; return 1; }
}

count() { sed -nE 's/^tests: ([0-9]+) passed.*/\1/p' "$1" | tail -n 1; }

work=$(mktemp -d)
tree="$work/base"
trap 'remove_worktree "$tree"; rm -rf "$work"' EXIT

if [ -n "$base" ]; then
  base_worktree bench "$base" "$tree"
  prepare "$tree"
fi
prepare "$PWD"

here=() there=()
for i in $(seq 1 "$runs"); do
  if [ -n "$base" ]; then
    echo "bench: $base's suite: run $i/$runs ..." >&2
    there+=("$(seconds suite "$tree" "$work/base.log")")
  fi
  echo "bench: the working tree's suite${filter:+ (${filter[1]})}: run $i/$runs ..." >&2
  here+=("$(seconds suite "$PWD" "$work/here.log" "${filter[@]}")")
done

[ -n "$(count "$work/here.log")" ] || { echo "bench: no test ran in the working tree (is --filter right?)" >&2; exit 1; }
now=$(printf '%s\n' "${here[@]}" | median)
printf '\n%-44s %8s %7s\n' "suite (median of $runs)" "seconds" "tests"
printf '%-44s %8s %7s   (goal: under 100)\n' "working tree${filter:+, filtered}" "$now" "$(count "$work/here.log")"
if [ -n "$base" ]; then
  then_=$(printf '%s\n' "${there[@]}" | median)
  printf '%-44s %8s %7s\n' "$base (${commit:0:12})" "$then_" "$(count "$work/base.log")"
  awk -v a="$now" -v b="$then_" 'BEGIN { r = a / b; printf "\nworking tree / base: %.2f (%s)\n", r, r <= 1 ? "faster" : r <= 1.05 ? "no slower: within 5%, the run-to-run noise (assumed)" : "slower" }'
fi
