#!/bin/sh
# test-packs.sh: every shipped rule pack passes `accord check`, with no
# warning either: what we ship is what we ask analysts to write.  And the
# prebuilt default pack gives what compiling rules/en gives.
. "$ACCORD_SRCDIR/tests/lib.sh"

for f in $(cd "$ACCORD_SRCDIR" && find rules -name '*.rules' | sort); do
  if "$ACCORD" check --fatal-warnings "$ACCORD_SRCDIR/$f" >"$tmp/out" 2>&1; then
    ok "accord check $f"
  else
    fail "accord check $f" "$(cat "$tmp/out")"
  fi
done
if "$ACCORD" check --fatal-warnings "$ACCORD_SRCDIR/rules" >"$tmp/out" 2>&1; then
  ok "accord check rules/ (all packs at once)"
else
  fail "accord check rules/ (all packs at once)" "$(cat "$tmp/out")"
fi

# Without -r, accord loads the default pack that `make` compiled (while
# rules/en is as it was then): it must say exactly what compiling rules/en
# says, in records and in explain's rule locations.
articles="$ACCORD_SRCDIR/tests/articles"
"$ACCORD" classify -q -j 1 "$articles" >"$tmp/prebuilt" 2>&1
"$ACCORD" classify -q -j 1 -r "$ACCORD_SRCDIR/rules/en" "$articles" >"$tmp/compiled" 2>&1
if [ -s "$tmp/compiled" ] && cmp -s "$tmp/prebuilt" "$tmp/compiled"; then
  ok "classify: the default pack as prebuilt and as compiled from rules/en"
else
  fail "classify: the default pack as prebuilt and as compiled from rules/en" "$(diff "$tmp/prebuilt" "$tmp/compiled" | head -20)"
fi
first=$(ls "$articles"/*.txt | head -n 1)
"$ACCORD" explain - <"$first" >"$tmp/prebuilt" 2>&1
"$ACCORD" explain -r "$ACCORD_SRCDIR/rules/en" - <"$first" >"$tmp/compiled" 2>&1
if grep -q 'rules/en/.*\.rules:[0-9]' "$tmp/compiled" && cmp -s "$tmp/prebuilt" "$tmp/compiled"; then
  ok "explain: the default pack as prebuilt and as compiled from rules/en"
else
  fail "explain: the default pack as prebuilt and as compiled from rules/en" "$(diff "$tmp/prebuilt" "$tmp/compiled" | head -20)"
fi
finish
