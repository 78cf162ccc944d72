# lib.sh: shared by the shell tests.  Source it, then call ok/fail and
# finish.  It prints TAP, keeps a temporary directory in $tmp (removed on
# exit), and finds the program in $ACCORD (set by `make check`).
set -eu
LC_ALL=C.UTF-8
export LC_ALL
unset ACCORD_RULES_PATH || true
NO_COLOR=1
export NO_COLOR

: "${ACCORD:?ACCORD must name the accord program (make check sets it)}"
: "${ACCORD_SRCDIR:?ACCORD_SRCDIR must name the source tree (make check sets it)}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/accord-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

tap_n=0
tap_failed=0

# ok DESCRIPTION: a passing check.
ok () {
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $*"
}

# fail DESCRIPTION [DETAIL...]: a failing check; details go out as comments.
fail () {
  tap_n=$((tap_n + 1))
  tap_failed=$((tap_failed + 1))
  echo "not ok $tap_n - $1"
  shift
  for line in "$@"; do
    printf '%s\n' "$line" | sed 's/^/# /'
  done
}

# check DESCRIPTION COMMAND...: ok if COMMAND succeeds.
check () {
  desc=$1
  shift
  if "$@" >"$tmp/check.out" 2>&1; then
    ok "$desc"
  else
    fail "$desc" "$(cat "$tmp/check.out")"
  fi
}

# skip DESCRIPTION REASON: a check that cannot run here.
skip () {
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $1 # SKIP $2"
}

# run ARGS...: runs accord; sets $rc, and $tmp/out and $tmp/err.
run () {
  rc=0
  "$ACCORD" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# expect_rc WANT DESCRIPTION: checks the status of the last run.
expect_rc () {
  if [ "$rc" -eq "$1" ]; then
    ok "$2"
  else
    fail "$2" "exit status $rc, expected $1" "stdout:" "$(head -c 2000 "$tmp/out")" \
      "stderr:" "$(head -c 2000 "$tmp/err")"
  fi
}

# same DESCRIPTION WANT GOT: ok if file WANT is not empty (two empty
# outputs prove nothing) and GOT holds the same bytes; else the diff.
same () {
  if [ -s "$2" ] && cmp -s "$2" "$3"; then
    ok "$1"
  else
    fail "$1" "$(diff -u "$2" "$3" 2>&1 | head -n 60)" "$(wc -c "$2" "$3" 2>&1)"
  fi
}

# has DESCRIPTION FILE TEXT: ok if a line of FILE contains the fixed
# string TEXT.
has () {
  if grep -qF -- "$3" "$2"; then
    ok "$1"
  else
    fail "$1" "no line with: $3" "$(head -c 3000 "$2")"
  fi
}

# has_line DESCRIPTION FILE TEXT: ok if FILE holds the line TEXT, exactly.
has_line () {
  if grep -qxF -- "$3" "$2"; then
    ok "$1"
  else
    fail "$1" "no line '$3' in:" "$(head -c 3000 "$2")"
  fi
}

# lacks DESCRIPTION FILE TEXT: ok if no line of FILE contains TEXT.
lacks () {
  if grep -qF -- "$3" "$2"; then
    fail "$1" "unexpected '$3' in:" "$(grep -F -- "$3" "$2" | head -5)"
  else
    ok "$1"
  fi
}

# finish: prints the plan; the exit status tells whether all passed.
finish () {
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
}
