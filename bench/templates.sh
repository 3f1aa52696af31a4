#!/usr/bin/env bash
# Check (not a timing): are staging's and prod's templates byte-for-byte those of a base revision? A
# restructuring must not change what is deployed. The base is checked out into a temporary git
# worktree and synthesized by its own code (`./headroom preview`), the working tree by this code;
# every *.template.json is compared with cmp, never after reformatting.
#   bench/templates.sh [BASE_REV]   (default HEAD); exits 1 when any template differs
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-HEAD}"
envs=(staging prod)
source bench/lib.sh

work=$(mktemp -d)
tree="$work/base"
trap 'remove_worktree "$tree"; rm -rf "$work"' EXIT
base_worktree templates "$base" "$tree"
# The CDK CLI's packages are not needed to synthesize; sharing ours spares an npm install.
[ -d node_modules ] && [ ! -e "$tree/node_modules" ] && ln -s "$PWD/node_modules" "$tree/node_modules"

synth() { # DIR OUT: ./headroom preview in DIR, its output kept for when it fails
  (cd "$1" && ./headroom preview "${envs[@]}" --out "$2") >"$2.log" 2>&1
}
echo "templates: building and synthesizing ${envs[*]} at $base ..." >&2
# No build servers for the base: they would outlive its worktree.
t=$(MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false seconds synth "$tree" "$work/before") || { tail -n 40 "$work/before.log" >&2; echo "templates: the base did not synthesize" >&2; exit 2; }
echo "templates: base synthesized in $t s; now the working tree ..." >&2
t=$(seconds synth "$PWD" "$work/after") || { tail -n 40 "$work/after.log" >&2; echo "templates: the working tree did not synthesize" >&2; exit 2; }
echo "templates: working tree synthesized in $t s" >&2

status=0
names=$( (cd "$work/before" && ls -- *.template.json; cd "$work/after" && ls -- *.template.json) 2>/dev/null | sort -u || true)
[ -n "$names" ] || { echo "templates: no templates were synthesized" >&2; exit 2; }
for name in $names; do
  before="$work/before/$name" after="$work/after/$name"
  if [ ! -f "$before" ] || [ ! -f "$after" ]; then
    echo "$name: only in $([ -f "$before" ] && echo "$base" || echo "the working tree")"
    status=1
  elif cmp -s "$before" "$after"; then
    echo "$name: identical"
  else
    echo "$name: DIFFERS ($(cmp "$before" "$after" | sed 's/^.*: //'))"
    diff -u --label "$base/$name" --label "working-tree/$name" "$before" "$after" | head -n 40 || true
    status=1
  fi
done
exit "$status"
