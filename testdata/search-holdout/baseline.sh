#!/bin/sh
# Runs the search evaluation (index/eval_test.go on these records and
# queries) on another revision of the code, for a side-by-side figure:
#
#   sh testdata/search-holdout/baseline.sh REV     (e.g. the commit before the search rules)
#
# It checks REV out into a temporary git worktree, copies this evaluation
# into it, runs it there in report-only mode and removes the worktree.
set -eu
rev=${1:?usage: baseline.sh REV}
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$tmp/wt" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git -C "$root" worktree add --detach "$tmp/wt" "$rev" >/dev/null 2>&1
mkdir -p "$tmp/wt/testdata/search-holdout"
cp "$root"/testdata/search-holdout/records.json "$root"/testdata/search-holdout/queries.tsv "$tmp/wt/testdata/search-holdout/"
cp "$root/index/eval_test.go" "$tmp/wt/index/"
cd "$tmp/wt" && OPENDATA_EVAL_REPORT_ONLY=1 go test -count=1 -run '^TestSearchHoldout$' -v ./index
