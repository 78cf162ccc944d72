#!/bin/sh
# test-man-examples.sh: the examples of accord-rules(5) are rule files
# that `accord check --fatal-warnings` accepts, and accord(1) names every
# long option of the program.
#
# Every .EX/.EE block of man/accord-rules.5.in is one TAP line that names
# the line of its .EX.  The roff escapes used in blocks are turned back
# into text (\e \- \(dq \(aq \(ti \(ha \(ga, and \& removed), then:
#
#   - a block with a pack statement is a whole rule file: it is checked as
#     it stands;
#   - any other block is a fragment: it is appended to the prelude (below)
#     and checked with it, so it may use the prelude's labels and lists;
#   - every check runs with -I $tmp/lib, so blocks can import the packs
#     that "file" blocks (below) wrote there.
#
# A roff comment line before .EX (the nearest one wins) changes that:
#
#   .\" accord-test: skip        not a rule file (diagnostics, grammar):
#                                 not checked; still one TAP line (skip)
#   .\" accord-test: prelude     a whole rule file, checked as usual, that
#                                 every later fragment is appended to; the
#                                 script adds "# suppress: unused-list" to
#                                 each of its `list` lines, since a
#                                 fragment need not use all its lists
#                                 (so its list lines carry no comment)
#   .\" accord-test: file NAME   a whole rule file, also written to
#                                 $tmp/lib/NAME (NAME like en/words.rules)
#                                 for later blocks to import; checked there
#
# Blocks are handled in the order of the page, so a "file" block must come
# before the blocks that import it.  A failure prints accord's diagnostics
# as TAP comments (for a fragment, the line numbers count the prelude).
#
# sed and awk only: no Python.
. "$ACCORD_SRCDIR/tests/lib.sh"

page=$ACCORD_SRCDIR/man/accord-rules.5.in
man1=$ACCORD_SRCDIR/man/accord.1.in
blocks=$tmp/blocks
mkdir -p "$blocks" "$tmp/lib"

# Splits the page into $blocks/LINE.roff, one per block, and prints one
# line "LINE MODE [NAME]" per block, MODE being check, skip, prelude or
# file.
awk -v dir="$blocks" '
  /^\.\\" accord-test:/ {
    mode = $3; name = $4
    next
  }
  /^\.EX([ \t]|$)/ {
    start = NR
    out = dir "/" start ".roff"
    printf "" > out
    inblock = 1
    if (mode == "") mode = "check"
    print start, mode, name
    next
  }
  /^\.EE([ \t]|$)/ && inblock {
    close(out)
    inblock = 0; mode = ""; name = ""
    next
  }
  inblock { print > out; next }
  # A comment line that is not an annotation does not cancel one.
  /^\.\\"/ { next }
' "$page" >"$tmp/manifest"

# Roff escapes back to text: \e goes through a placeholder so that "\e-"
# stays a backslash and a hyphen.
soh=$(printf '\001')
unroff () {
  sed -e "s/\\\\e/$soh/g" \
      -e 's/\\&//g' \
      -e 's/\\-/-/g' \
      -e 's/\\(dq/"/g' \
      -e "s/\\\\(aq/'/g" \
      -e 's/\\(ti/~/g' \
      -e 's/\\(ha/^/g' \
      -e 's/\\(ga/`/g' \
      -e "s/$soh/\\\\/g" "$1"
}

# A file with a pack statement is whole.
is_whole () {
  grep -Eq '^[[:space:]]*pack[[:space:]]+"' "$1"
}

# run_check DESC FILE [NOTE]: one TAP line for `accord check` on FILE;
# NOTE goes out before the diagnostics of a failure.
run_check () {
  if "$ACCORD" check --fatal-warnings -I "$tmp/lib" "$2" >"$tmp/out" 2>&1; then
    ok "$1"
  elif [ $# -gt 2 ]; then
    fail "$1" "$3" "$(cat "$tmp/out")"
  else
    fail "$1" "$(cat "$tmp/out")"
  fi
}

prelude=
n_blocks=0
while read -r line mode name; do
  n_blocks=$((n_blocks + 1))
  src=$blocks/$line.roff
  text=$blocks/$line.rules
  unroff "$src" >"$text"
  desc="accord-rules.5.in:$line"
  case $mode in
    skip)
      ok "$desc # SKIP not a rule file"
      ;;
    prelude)
      if ! is_whole "$text"; then
        fail "$desc: the prelude is not a whole rule file (no pack statement)"
        continue
      fi
      sed '/^[[:space:]]*list[[:space:]]/s/$/  # suppress: unused-list/' "$text" >"$tmp/prelude.rules"
      prelude=$tmp/prelude.rules
      run_check "$desc (prelude)" "$text"
      ;;
    file)
      if [ -z "$name" ]; then
        fail "$desc: 'accord-test: file' needs a file name"
      elif ! is_whole "$text"; then
        fail "$desc: $name is not a whole rule file (no pack statement)"
      else
        mkdir -p "$(dirname "$tmp/lib/$name")"
        cp "$text" "$tmp/lib/$name"
        run_check "$desc (file $name)" "$tmp/lib/$name"
      fi
      ;;
    check)
      if is_whole "$text"; then
        run_check "$desc (whole file)" "$text"
      elif [ -z "$prelude" ]; then
        fail "$desc: a fragment before the prelude"
      else
        cat "$prelude" "$text" >"$blocks/$line-full.rules"
        run_check "$desc (fragment after the prelude)" "$blocks/$line-full.rules" \
          "(lines 1-$(wc -l <"$prelude" | tr -d " ") are the prelude)"
      fi
      ;;
    *)
      fail "$desc: unknown annotation 'accord-test: $mode'"
      ;;
  esac
done <"$tmp/manifest"

if [ "$n_blocks" -gt 0 ]; then
  ok "accord-rules.5.in has $n_blocks example blocks"
else
  fail "accord-rules.5.in has no .EX/.EE block"
fi

# Every long option that the help texts print appears in accord(1), with
# the roff hyphens (\-) read as hyphens.
# The commands are the first words of the lines under "Commands:".
commands=$("$ACCORD" --help | awk '/^Commands:/ {on = 1; next} on && /^  [a-z]/ {print $1} on && /^$/ {on = 0}')
{
  "$ACCORD" --help
  for c in $commands; do "$ACCORD" "$c" --help; done
} >"$tmp/help" 2>&1 || true
options=$(grep -Eo -- '--[a-z][a-z-]*' "$tmp/help" | sort -u | tr '\n' ' ')
sed 's/\\-/-/g' "$man1" >"$tmp/accord.1"
missing=
for opt in $options; do
  grep -Eq -- "$opt([^a-z-]|\$)" "$tmp/accord.1" || missing="$missing $opt"
done
if [ -z "$options" ]; then
  fail "the help of accord and its commands prints long options" "$(cat "$tmp/help")"
elif [ -n "$missing" ]; then
  fail "accord.1.in names every long option of accord and its commands ($commands)" \
       "missing:$missing"
else
  ok "accord.1.in names every long option of accord and its commands: ${options% }"
fi

finish
