#!/usr/bin/env bash
# Sums the counters of every .trx file under a results directory into "N passed, N failed[, N skipped]".
# A run that executed nothing prints "0 passed, 0 failed" and fails, so an empty run is visible.
set -euo pipefail
dir=${1:-TestResults}
passed=0 failed=0 total=0 executed=0
shopt -s nullglob globstar
for f in "$dir"/**/*.trx; do
  line=$(grep -o '<Counters [^>]*>' "$f" | head -n1)
  get() { echo "$line" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total)))
  executed=$((executed + $(get executed)))
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
done
skipped=$((total - executed))
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$executed" -gt 0 ]
