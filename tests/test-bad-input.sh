#!/bin/sh
# test-bad-input.sh: `accord check` on rule files that are not rule
# files, or are absurdly large or deep.  Each run must end with exit
# status 1 and an "error:" line that names the file, within 20 seconds
# and 2 GB of address space, and never by a signal.
. "$ACCORD_SRCDIR/tests/lib.sh"

# ASan reserves terabytes of address space: no memory cap under it.
asan=no
if nm "$ACCORD" 2>/dev/null | grep -q __asan_init; then
  asan=yes
fi

work="$tmp/bad"
mkdir -p "$work"

# run_capped ARG...: runs `accord check ARG...` in $work, capped; sets $status.
run_capped () {
  status=0
  (
    cd "$work"
    if [ "$asan" = no ]; then
      ulimit -v 2000000
    fi
    exec timeout 20 "$ACCORD" check "$@"
  ) >"$tmp/out" 2>&1 || status=$?
}

# expect DESCRIPTION FILE REGEX: the last run failed cleanly, with an
# error about FILE whose message matches REGEX (extended).
expect () {
  desc=$1
  file=$2
  regex=$3
  excerpt=$(head -c 1500 "$tmp/out" | tr -c '[:print:]\n' '?')
  if [ "$status" -eq 124 ]; then
    fail "$desc" "timed out after 20 s"
  elif [ "$status" -ge 128 ]; then
    fail "$desc" "killed by signal $((status - 128))" "$excerpt"
  elif [ "$status" -ne 1 ]; then
    fail "$desc" "exit status $status, expected 1" "$excerpt"
  elif ! grep -a -q -E "^$file(:[0-9]+:[0-9]+)?: error: $regex" "$tmp/out"; then
    fail "$desc" "no 'error:' line for $file matching: $regex" "$excerpt"
  else
    ok "$desc"
  fi
}

header='pack "t" version 1;'

# -- encodings and odd bytes --

printf '%s\nlist PLACES = caf\351 Gen\350ve;\n' "$header" >"$work/latin1.rules"
run_capped latin1.rules
expect "Latin-1 bytes: invalid UTF-8" latin1.rules 'invalid UTF-8 \(byte 0xe9\)'

printf '%s\nlabels pledge;\000\000rule r -> pledge : "x";\n' "$header" >"$work/nul.rules"
run_capped nul.rules
expect "NUL bytes: binary file" nul.rules 'NUL byte'

: >"$work/empty.rules"
run_capped empty.rules
expect "empty file" empty.rules 'empty rule file'

# -- a directory where a pack should be --

mkdir -p "$work/sub.rules" "$work/nothing"
printf '%s\nimport "sub";\n' "$header" >"$work/dir-import.rules"
run_capped dir-import.rules
expect "import of a directory named like a pack" dir-import.rules ".*'sub'"

printf '%s\nimport "nothing";\n' "$header" >"$work/dir-empty.rules"
run_capped dir-empty.rules
expect "import of a directory with no .rules file" dir-empty.rules ".*'nothing'"

# -- big noise --

head -c 10000000 /dev/urandom >"$work/noise.rules"
run_capped noise.rules
expect "10 MB of random bytes" noise.rules '(NUL byte|invalid UTF-8)'

# Printable noise: words, blanks, newlines and the language's
# punctuation, so the lexer and the parser see it all.
set64='abcdefghijklmnopqrstuvwxyzGABCDEF01      ;:,=|?*+{}~!^$>()_"#.\n\n'
head -c 10000000 /dev/urandom | tr '\000-\377' "$set64$set64$set64$set64" >"$work/words.rules"
run_capped words.rules
expect "10 MB of random printable words" words.rules '.+'

# -- depth and length --

awk -v h="$header" 'BEGIN {
  printf "%s\nlabels l;\nrule r -> l : ", h
  for (i = 0; i < 100000; i++) printf "("
  printf "\"x\""
  for (i = 0; i < 100000; i++) printf ")"
  print ";"
}' >"$work/parens.rules"
run_capped parens.rules
expect "100,000 nested parentheses" parens.rules 'parentheses nested more than [0-9]+ deep'

awk -v h="$header" 'BEGIN {
  printf "%s\nlabels l;\nrule r -> l :", h
  for (i = 0; i < 1000000; i++) printf " \"w\""
  print ";"
  print "rule s -> lx : \"y\";"
}' >"$work/sequence.rules"
run_capped sequence.rules
# A long rule is a rule: the whole file is read, and only the typo after
# it is an error.
expect "a 1,000,000-item sequence" sequence.rules "unknown label 'lx'"

awk -v h="$header" 'BEGIN {
  printf "%s\nlabels l;\nrule r -> l : ", h
  for (i = 0; i < 100000; i++) printf "!"
  print "\"x\";"
}' >"$work/bangs.rules"
run_capped bangs.rules
expect "100,000 '!' in a row" bangs.rules '.+'

# One 5 MB line: a long example sentence, then a misspelt label.
awk -v h="$header" 'BEGIN {
  printf "%s labels pledge; example \"", h
  for (i = 0; i < 500000; i++) printf "word%05d ", i % 100000
  print "\" -> pldge;"
}' >"$work/line.rules"
run_capped line.rules
expect "a 5 MB line" line.rules "unknown label 'pldge'"
if [ "$status" -eq 1 ] && [ "$(wc -c <"$tmp/out")" -gt 4000 ]; then
  fail "a 5 MB line is cut in the excerpt" "$(wc -c <"$tmp/out") bytes of output"
else
  ok "a 5 MB line is cut in the excerpt"
fi

finish
