#!/bin/sh
# test-packs.sh: every shipped rule pack passes `accord check`, with no
# warning either: what we ship is what we ask analysts to write.
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
finish
