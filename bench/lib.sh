# Shared by the benchmarks (sourced): quiet timing and medians.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=14,16,18,20 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

seconds() { # run a command quietly, print its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "bench: '$*' failed" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }
median_of() { # RUNS LABEL COMMAND...: time the command RUNS times (progress on stderr), print the median seconds
  local runs="$1" label="$2"; shift 2
  local times=() i t
  for i in $(seq 1 "$runs"); do
    echo "bench: $label: run $i/$runs ..." >&2
    # Called inside $(...), where set -e does not reach: a failed run must stop the benchmark by hand.
    t=$(seconds "$@") || return 1
    times+=("$t")
  done
  printf '%s\n' "${times[@]}" | median
}

# A base revision in a temporary git worktree, for the benchmarks that compare the working tree with it.
base_worktree() { # LABEL REV DIR: checks REV out into DIR and sets $commit; exits 2 on an unknown revision
  commit=$(git rev-parse --verify --quiet "$2^{commit}") || { echo "$1: unknown revision '$2'" >&2; exit 2; }
  echo "$1: checking out $2 (${commit:0:12}) into a temporary worktree ..." >&2
  git worktree add --detach --quiet "$3" "$commit"
}
remove_worktree() { # DIR: also after a failure, since a left-over worktree would stay registered in .git
  [ -d "$1" ] || return 0
  git worktree remove --force "$1" >/dev/null 2>&1 || rm -rf "$1"
  git worktree prune
}
