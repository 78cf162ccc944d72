#!/bin/sh
# test-readme.sh: the README's quick start shows lines of the output of
# `accord classify -f tsv tests/articles/grain-corridor.txt` with the
# default rules; each line it shows must be a line that command prints, so
# that the README stays true when the rules change.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

cd "$ACCORD_SRCDIR" || exit 1
"$ACCORD" classify -f tsv tests/articles/grain-corridor.txt >"$tmp/out.tsv" 2>"$tmp/err" \
  || fail "accord classify runs on the README's article" "$(cat "$tmp/err")"

grep -e '^doc	n	start' -e '^tests/articles/grain-corridor.txt	' README.md >"$tmp/shown" || true
n=$(wc -l <"$tmp/shown")
if [ "$n" -ge 3 ]; then
  ok "the README shows $n lines of the quick start's output"
else
  fail "the README shows lines of the quick start's output" "found $n"
fi
while IFS= read -r line; do
  if grep -qxF "$line" "$tmp/out.tsv"; then
    ok "README line is in the output: $(printf '%s' "$line" | cut -f1-5 | tr '\t' ' ')"
  else
    fail "README line is in the output: $(printf '%s' "$line" | cut -f1-5 | tr '\t' ' ')" \
      "README: $line" "output: $(grep -F "$(printf '%s' "$line" | cut -f1-3)" "$tmp/out.tsv")"
  fi
done <"$tmp/shown"

finish
