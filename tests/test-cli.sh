#!/bin/sh
# test-cli.sh: what the in-process golden cases (tests/cases/cli) cannot
# check, through the real program: exit statuses seen by the shell,
# standard input, colour on a real terminal and the NO_COLOR and TERM
# variables, --version, and files that cannot be read.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

# has_escape FILE: does FILE hold an ANSI escape sequence?
has_escape () {
  grep -q "$(printf '\033')\[" "$1"
}

cd "$tmp" || exit 1
printf 'pack "good" version 1;\nlabels pledge;\nrule r -> pledge : "vow" ;\n' >good.rules
printf 'pack "bad" version 1;\nlabels pledge;\nrule r -> pledge : COMIT ;\n' >bad.rules
printf 'pack "warn" version 1;\nlabels pledge;\nlist L = x;\nrule r -> pledge : "vow" ;\n' >warn.rules

# ---- exit statuses ----

run check good.rules
expect_rc 0 "check of a clean file exits 0"
if [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
  ok "check of a clean file prints nothing"
else
  fail "check of a clean file prints nothing" "$(cat "$tmp/out" "$tmp/err")"
fi
run check bad.rules
expect_rc 1 "check of a file with an error exits 1"
run check warn.rules
expect_rc 0 "a warning alone exits 0"
run check --fatal-warnings warn.rules
expect_rc 1 "--fatal-warnings: a warning exits 1"
run check
expect_rc 2 "check without files exits 2"
run frobnicate
expect_rc 2 "an unknown command exits 2"
run --frobnicate
expect_rc 2 "an unknown option exits 2"
run check --frobnicate good.rules
expect_rc 2 "an unknown option of check exits 2"
if [ ! -s "$tmp/out" ] && [ -s "$tmp/err" ]; then
  ok "a usage error goes to stderr only"
else
  fail "a usage error goes to stderr only" "stdout: $(cat "$tmp/out")" "stderr: $(cat "$tmp/err")"
fi
run
expect_rc 2 "no arguments at all exits 2"
run --help
expect_rc 0 "--help exits 0"
if grep -q '^Usage: accord' "$tmp/out"; then
  ok "--help prints the usage on stdout"
else
  fail "--help prints the usage on stdout" "$(cat "$tmp/out")"
fi

# ---- --version ----

run --version
expect_rc 0 "--version exits 0"
if grep -Eqx 'accord [0-9]+\.[0-9]+\.[0-9]+' "$tmp/out" && [ "$(wc -l <"$tmp/out")" -eq 1 ]; then
  ok "--version prints 'accord X.Y.Z'"
else
  fail "--version prints 'accord X.Y.Z'" "$(cat "$tmp/out")"
fi

# ---- standard input ----

rc=0
"$ACCORD" check - <good.rules >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "check - reads a clean file from stdin"
rc=0
"$ACCORD" check - <bad.rules >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 1 "check - reports errors in stdin"
if grep -q "^<stdin>:3:20: error: unknown list 'COMIT'$" "$tmp/err"; then
  ok "errors in stdin are named <stdin>, with line and column"
else
  fail "errors in stdin are named <stdin>, with line and column" "$(cat "$tmp/err")"
fi
rc=0
printf 'pack "top" version 1;\nimport "good";\nrule s -> pledge : "promise" ;\n' |
  "$ACCORD" check -v - >"$tmp/out" 2>"$tmp/err" || rc=$?
expect_rc 0 "stdin imports packs from the current directory"
if grep -Eq '^(-|<stdin>): ok: 2 rules, 0 lists, 0 examples, 2 files$' "$tmp/out"; then
  ok "check -v - prints an ok line for stdin"
else
  fail "check -v - prints an ok line for stdin" "$(cat "$tmp/out" "$tmp/err")"
fi

# ---- files that cannot be read ----

# We run as root, who can read a chmod 000 file: use a dangling symbolic
# link and a directory that holds no rule file instead.
ln -s "$tmp/nowhere/at/all.rules" dangling.rules
mkdir dir.rules
run check dangling.rules bad.rules
expect_rc 1 "a dangling symlink is an error"
if grep -q "^accord: cannot open 'dangling.rules': No such file or directory$" "$tmp/err"; then
  ok "a dangling symlink is reported by name"
else
  fail "a dangling symlink is reported by name" "$(cat "$tmp/err")"
fi
if grep -q "^bad.rules:3:20: error: unknown list 'COMIT'$" "$tmp/err"; then
  ok "the other files are still checked after an unreadable one"
else
  fail "the other files are still checked after an unreadable one" "$(cat "$tmp/err")"
fi
run check dir.rules good.rules
expect_rc 1 "a directory named like a rule file, with no rule file in it, is an error"
if grep -q "^accord: no .rules files in 'dir.rules'$" "$tmp/err"; then
  ok "the empty directory is reported by name"
else
  fail "the empty directory is reported by name" "$(cat "$tmp/err")"
fi
if [ "$(id -u)" -ne 0 ]; then
  printf 'pack "locked" version 1;\n' >locked.rules
  chmod 000 locked.rules
  run check locked.rules good.rules
  chmod 644 locked.rules
  if [ "$rc" -eq 1 ] && grep -q "locked.rules.*Permission denied" "$tmp/err"; then
    ok "an unreadable file is reported by name"
  else
    fail "an unreadable file is reported by name" "status $rc" "$(cat "$tmp/err")"
  fi
else
  skip "an unreadable file is reported by name" "root can read a chmod 000 file"
fi

# ---- colour ----

run check bad.rules
if has_escape "$tmp/err"; then
  fail "no colour when stderr is not a terminal" "$(cat "$tmp/err")"
else
  ok "no colour when stderr is not a terminal"
fi
rc=0
env -u NO_COLOR TERM=xterm "$ACCORD" check bad.rules >"$tmp/out" 2>"$tmp/err" || rc=$?
if has_escape "$tmp/err"; then
  fail "no colour on a pipe even without NO_COLOR" "$(cat "$tmp/err")"
else
  ok "no colour on a pipe even without NO_COLOR"
fi
run check --color=always bad.rules
if has_escape "$tmp/err"; then
  ok "--color=always colours a pipe despite NO_COLOR"
else
  fail "--color=always colours a pipe despite NO_COLOR" "$(cat "$tmp/err")"
fi

# on_tty FILE OPTIONS ENV...: runs "accord check OPTIONS bad.rules" on a
# pseudo-terminal made by script(1), its environment changed by ENV (env(1)
# arguments); all it prints goes to FILE.
on_tty () {
  file=$1
  opts=$2
  shift 2
  {
    echo '#!/bin/sh'
    printf 'exec env'
    for a in "$@"; do printf " '%s'" "$a"; done
    printf " '%s' check %s '%s/bad.rules' 2>&1\n" "$ACCORD" "$opts" "$tmp"
  } >"$tmp/tty.sh"
  chmod +x "$tmp/tty.sh"
  script -qec "$tmp/tty.sh" /dev/null >"$file" 2>&1 </dev/null || true
}

# colour_on FILE: FILE holds the diagnostic, with escape codes.
colour_on () {
  grep -q "unknown list 'COMIT'" "$1" && has_escape "$1"
}

# colour_off FILE: FILE holds the diagnostic, without escape codes.
colour_off () {
  grep -q "unknown list 'COMIT'" "$1" && ! has_escape "$1"
}

tty_ok=no
if command -v script >/dev/null 2>&1 \
   && script -qec 'test -t 2' /dev/null >/dev/null 2>&1 </dev/null; then
  tty_ok=yes
fi
if [ "$tty_ok" = yes ]; then
  on_tty "$tmp/tty1" "" -u NO_COLOR TERM=xterm
  if colour_on "$tmp/tty1"; then
    ok "colour on a terminal without NO_COLOR"
  else
    fail "colour on a terminal without NO_COLOR" "$(cat "$tmp/tty1")"
  fi
  on_tty "$tmp/tty2" "" NO_COLOR=1 TERM=xterm
  if colour_off "$tmp/tty2"; then
    ok "NO_COLOR=1 turns colour off on a terminal"
  else
    fail "NO_COLOR=1 turns colour off on a terminal" "$(cat "$tmp/tty2")"
  fi
  on_tty "$tmp/tty3" "" NO_COLOR= TERM=xterm
  if colour_on "$tmp/tty3"; then
    ok "an empty NO_COLOR does not turn colour off"
  else
    fail "an empty NO_COLOR does not turn colour off" "$(cat "$tmp/tty3")"
  fi
  on_tty "$tmp/tty4" "" -u NO_COLOR TERM=dumb
  if colour_off "$tmp/tty4"; then
    ok "TERM=dumb turns colour off on a terminal"
  else
    fail "TERM=dumb turns colour off on a terminal" "$(cat "$tmp/tty4")"
  fi
  on_tty "$tmp/tty5" --color=never -u NO_COLOR TERM=xterm
  if colour_off "$tmp/tty5"; then
    ok "--color=never turns colour off on a terminal"
  else
    fail "--color=never turns colour off on a terminal" "$(cat "$tmp/tty5")"
  fi
  on_tty "$tmp/tty6" --color=auto NO_COLOR=1 TERM=xterm
  if colour_off "$tmp/tty6"; then
    ok "--color=auto follows NO_COLOR on a terminal"
  else
    fail "--color=auto follows NO_COLOR on a terminal" "$(cat "$tmp/tty6")"
  fi
else
  for d in "colour on a terminal without NO_COLOR" "NO_COLOR=1 turns colour off on a terminal" \
           "an empty NO_COLOR does not turn colour off" "TERM=dumb turns colour off on a terminal" \
           "--color=never turns colour off on a terminal" \
           "--color=auto follows NO_COLOR on a terminal"; do
    skip "$d" "no pseudo-terminal (script(1) from bsdutils/util-linux)"
  done
fi

# compile -o onto a pipe writes into it and leaves it a pipe (a rename
# would have replaced it, as it would /dev/null).
if command -v mkfifo >/dev/null 2>&1; then
  mkfifo "$tmp/pipe"
  cat "$tmp/pipe" >"$tmp/from-pipe" &
  reader=$!
  printf 'pack "p" version 1;\nlabels l;\nrule r -> l : "x";\n' >"$tmp/p.rules"
  if "$ACCORD" compile -o "$tmp/pipe" "$tmp/p.rules" >"$tmp/out" 2>&1 && wait "$reader" \
     && [ -p "$tmp/pipe" ] && [ "$(head -c 7 "$tmp/from-pipe")" = ACCPACK ]; then
    ok "compile -o PIPE writes the pack into the pipe and keeps the pipe"
  else
    fail "compile -o PIPE writes the pack into the pipe and keeps the pipe" "$(cat "$tmp/out")"
  fi
else
  ok "compile -o PIPE # SKIP no mkfifo"
fi

finish
