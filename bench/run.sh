#!/bin/sh
# run.sh: the automaton's benchmark (make bench).
#
# For packs of 100, 1,000, 10,000 and 100,000 generated rules: compile
# time, peak memory and size of the pack (accord compile --stats), load
# time and scan rate (bench-load), in one table; then a long run of the
# differential test.  Machines here are noisy: compare figures from one
# run, not across runs.
#
# Environment: ACCORD and BENCH_LOAD (the programs), TEST_AUTOMATON (the
# differential test), BENCH_SIZES (default "100 1000 10000 100000"),
# BENCH_DIFF_CASES (default 100000).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${ACCORD:?}" "${BENCH_LOAD:?}" "${TEST_AUTOMATON:?}"
sizes=${BENCH_SIZES:-100 1000 10000 100000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/accord-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%-8s %10s %10s %12s %10s %14s %14s\n' rules compile_s peak_MiB pack_bytes load_ms scan_cold_tok/s scan_warm_tok/s
"$ACCORD" compile -o "$tmp/en.pack" "$here/../rules/en" 2>/dev/null
"$BENCH_LOAD" "$tmp/en.pack" 20 "$here/words.txt" > "$tmp/load"
printf '%-8s %10s %10s %12s %10s %14s %14s\n' "rules/en" - - "$(wc -c <"$tmp/en.pack")" \
  "$(awk '/^load_ms_median/ {print $2}' "$tmp/load")" \
  "$(awk '/^scan_tokens_per_s_cold/ {print $2}' "$tmp/load")" \
  "$(awk '/^scan_tokens_per_s_warm/ {print $2}' "$tmp/load")"
for n in $sizes; do
  sh "$here/gen-rules.sh" "$n" > "$tmp/r$n.rules"
  "$ACCORD" compile --stats -o "$tmp/r$n.pack" "$tmp/r$n.rules" > "$tmp/stats" 2>"$tmp/err" || {
    cat "$tmp/err" >&2
    exit 1
  }
  ct=$(awk '/^compile time/ {print $3}' "$tmp/stats")
  mem=$(awk '/^peak memory/ {print $3}' "$tmp/stats")
  size=$(awk '/^pack size/ {print $3}' "$tmp/stats")
  "$BENCH_LOAD" "$tmp/r$n.pack" 20 "$here/words.txt" > "$tmp/load"
  load=$(awk '/^load_ms_median/ {print $2}' "$tmp/load")
  cold=$(awk '/^scan_tokens_per_s_cold/ {print $2}' "$tmp/load")
  warm=$(awk '/^scan_tokens_per_s_warm/ {print $2}' "$tmp/load")
  printf '%-8s %10s %10s %12s %10s %14s %14s\n' "$n" "$ct" "$mem" "$size" "$load" "$cold" "$warm"
done

cases=${BENCH_DIFF_CASES:-100000}
echo
echo "differential test, $cases random rule sets:"
ACCORD_DIFF_CASES=$cases "$TEST_AUTOMATON" -p /automaton/differential | grep -E '^(ok|not ok|# seed)'
