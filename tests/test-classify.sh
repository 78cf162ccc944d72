#!/bin/sh
# test-classify.sh: accord classify through the real program, for what the
# in-process golden cases (tests/cases/classify) cannot check: that threads
# change nothing, that a compiled pack and its rule files agree, a 50 MB
# document, the byte coverage of the records over generated documents,
# standard input, -o, exit statuses seen by the shell and the progress
# line.  It needs only POSIX sh and awk.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

cd "$tmp" || exit 1

# A small pack of our own, so that the checks do not move when the default
# pack is improved: captures, a veto, a quotation rule that reads across
# statements, and a list item rule.
cat >t.rules <<'EOF'
pack "t" version 1;
labels pledge(actor), condition(clause), quote(source, cue);
precedence quote > pledge > condition;
list ACTOR = Kyiv Moscow Ankara Brussels Doha ministers envoys donors "the EU";
rule pledged_to -> pledge : actor:ACTOR _{0,3} ~pledge "to"
  unless "refused" _{0,2} "to";
rule will_act -> pledge : actor:ACTOR "will" ("send" | "lift" | "reopen" | "fund");
rule if_clause -> condition : "if" clause:(_{1,8}) ",";
rule provided -> condition : "provided" "that" clause:(WORD{1,8});
rule quote_said -> quote : QUOTE{4,} ","? source:(_{0,4}) cue:("said" | "told");
rule quote_runs_on -> quote : ^ OPENQ !CLOSEQ{4,60} $;
EOF

# gen_corpus DIR N SEED: writes N documents DIR/doc-NNN.txt of varied sizes
# (from empty to about 60 KB) made of the templates below: headlines,
# bylines, datelines, sentences that the rules above label (and some that
# they must not), quotations over several sentences, list items, accented
# names and typographic quotation marks; every fifth document has CR LF
# line endings.
gen_corpus () {
  mkdir -p "$1"
  awk -v dir="$1" -v n="$2" -v seed="$3" '
function pick(a, k) { return a[int(rand() * k) + 1] }
function fill(s) {
  gsub(/@A/, pick(ACT, nact), s)
  gsub(/@P/, pick(PLACE, nplace), s)
  gsub(/@T/, pick(THING, nthing), s)
  gsub(/@D/, pick(DAY, nday), s)
  gsub(/@N/, int(rand() * 900) + 10, s)
  return s
}
function para(   k, j, s, r) {
  r = rand()
  if (r < 0.12) {                       # a quotation of several sentences
    s = "\"" fill(pick(Q, nq))
    for (j = 0; j < 1 + int(rand() * 3); j++)
      s = s " " fill(pick(Q, nq))
    sub(/\.$/, ",", s)
    return s "\" " fill(pick(ATTR, nattr)) "."
  }
  if (r < 0.22) {                       # a list
    s = fill(pick(INTRO, nintro))
    for (j = 0; j < 2 + int(rand() * 4); j++)
      s = s nl pick(BULLET, nbullet) " " fill(pick(BODY, nbody))
    return s
  }
  if (r < 0.27)                         # a sub-heading
    return fill(pick(HEAD, nhead))
  k = 1 + int(rand() * 6)
  s = ""
  for (j = 0; j < k; j++) {
    s = s (j ? (rand() < 0.15 ? nl : " ") : "") fill(pick(BODY, nbody))
  }
  return s
}
BEGIN {
  srand(seed)
  nact = split("Kyiv|Moscow|Ankara|Brussels|Doha|The ministers|Envoys|Donors|The EU|Zürich|Gen. Okafor", ACT, "|")
  nplace = split("Geneva|Istanbul|Odesa|Doha|Vienna|Brussels|São Paulo|Reykjavík", PLACE, "|")
  nthing = split("the grain corridor|the prisoner exchange|a ceasefire line|the port of Odesa|tariffs on steel|the monitoring mission|the energy grid|the U.S.-brokered draft", THING, "|")
  nday = split("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", DAY, "|")
  nhead = split("Talks on @T resume in @P|@A weighs offer on @T|Envoys gather in @P as deadline nears|What comes next|Key points of the @P draft", HEAD, "|")
  nbody = split( \
    "@A pledged to review @T by @D.|" \
    "@A will reopen @T within @N days, officials said.|" \
    "If the truce holds, @A will fund @T.|" \
    "@A promised to send @N engineers provided that the guns fall silent.|" \
    "Observers counted @N trucks near @P on @D.|" \
    "The talks in @P ran late into the night.|" \
    "@A refused to pledge to lift @T.|" \
    "Mr. Haddad, the mediator, met both delegations at 9 a.m. on @D.|" \
    "Diplomats said the text of @T ran to @N pages.|" \
    "“We are not there yet on @T,” a senior envoy told reporters in @P.|" \
    "Prices rose 3.5% after @A said it would wait... Markets then calmed.|" \
    "Is @T still on the table? Nobody in @P would say.|" \
    "Café owners in @P said business had halved since the spring.", BODY, "|")
  nq = split( \
    "We have waited for this moment since the winter.|" \
    "We pledged to bring the prisoners home, and we will.|" \
    "Nobody should doubt our resolve on @T.|" \
    "The first convoy crossed at dawn and more will follow.|" \
    "If the guns stay silent, the ships sail on @D.", Q, "|")
  nattr = split("the deputy minister said|an envoy told reporters in @P|@A said in a statement|said Ms. Lindqvist, who leads the mission", ATTR, "|")
  nintro = split("The draft commits the sides to the following:|Under the plan:|Officials listed three steps:", INTRO, "|")
  nbullet = split("-|*|•|1.|2)|(a)", BULLET, "|")
  for (i = 1; i <= n; i++) {
    f = sprintf("%s/doc-%03d.txt", dir, i)
    nl = i % 5 == 3 ? "\r\n" : "\n"
    if (i == 1) { printf "" > f; close(f); continue }          # empty
    if (i == 2) { printf " \t%s%s  %s", nl, nl, nl > f; close(f); continue }
    np = i % 13 == 0 ? 150 + int(rand() * 150) : 1 + int(rand() * 30)
    out = fill(pick(HEAD, nhead)) nl "By Marta Lind" nl nl toupper(pick(PLACE, nplace)) " (Wire) - " fill(pick(BODY, nbody))
    for (p = 0; p < np; p++)
      out = out nl nl para()
    if (i % 7 != 0)                     # some documents end without a line break
      out = out nl
    printf "%s", out > f
    close(f)
  }
}'
}

gen_corpus corpus 60 20240611
ndocs=$(printf '%s\n' corpus/*.txt | wc -l)
if [ "$ndocs" -eq 60 ] && [ "$(cat corpus/*.txt | wc -c)" -gt 200000 ]; then
  ok "the generated corpus has 60 documents, $(cat corpus/*.txt | wc -c) bytes"
else
  fail "the generated corpus has 60 documents" "$(ls -l corpus)"
fi

# ---- (a) threads give the output of one thread ----

for fmt in jsonl tsv summary; do
  for j in 1 2 7; do
    "$ACCORD" classify -q -j "$j" -f "$fmt" -r t.rules corpus >"a-$fmt-$j" 2>"a-$fmt-$j.err" || echo "exit $?" >>"a-$fmt-$j.err"
  done
  if [ -s "a-$fmt-1.err" ]; then
    fail "-f $fmt -j 1 runs cleanly" "$(cat "a-$fmt-1.err")"
  else
    ok "-f $fmt -j 1 runs cleanly"
  fi
  same "-f $fmt: -j 2 writes what -j 1 writes" "a-$fmt-1" "a-$fmt-2"
  same "-f $fmt: -j 7 writes what -j 1 writes" "a-$fmt-1" "a-$fmt-7"
done
# Every document with text is in the output, in order.
awk -F'"' '{ print $4 }' a-jsonl-1 | uniq >docs-seen
printf '%s\n' corpus/*.txt | sed -n '3,$p' >docs-want
same "-j 7: every document with text has records, in input order" docs-want docs-seen
# The default pack too (its own rules, more of them), with JSON Lines.
"$ACCORD" classify -q -j 1 corpus >d-1 2>d-1.err || echo "exit $?" >>d-1.err
"$ACCORD" classify -q -j 7 corpus >d-7 2>d-7.err || echo "exit $?" >>d-7.err
same "the default pack: -j 7 writes what -j 1 writes" d-1 d-7
# Many short documents: past the first few, the threads are let further
# ahead of the writing (up to 128 documents a thread), and the order
# still holds, of the records and of the errors: every hundredth name is
# of a file that does not exist, whose error must come in its place.
mkdir many
awk 'BEGIN { for (i = 1; i <= 900; i++) {
  f = sprintf("many/d%04d.txt", i)
  printf "Talks %d resumed.\nThe sides will meet again on day %d if the truce holds.\n", i, i % 31 > f
  close(f) } }'
set --
for f in many/*.txt; do
  set -- "$@" "$f"
  case $f in *00.txt) set -- "$@" "${f%.txt}-gone.txt" ;; esac
done
for fmt in summary jsonl; do
  for j in 1 2 7; do
    rc=0
    "$ACCORD" classify -q -j $j -f "$fmt" -r t.rules "$@" >m-$j 2>m-$j.err || rc=$?
    echo "exit $rc" >>m-$j.err
  done
  if [ "$(grep -c 'many/d' m-1)" -ge 900 ] && [ "$(grep -c "cannot open 'many/d.*-gone.txt'" m-1.err)" -eq 9 ] \
     && grep -qx 'exit 1' m-1.err; then
    ok "900 short documents, -f $fmt: every one classified, the 9 missing named, exit 1"
  else
    fail "900 short documents, -f $fmt: every one classified, the 9 missing named, exit 1" "$(head -5 m-1.err)"
  fi
  same "900 short documents, -f $fmt: -j 2 writes what -j 1 writes" m-1 m-2
  same "900 short documents, -f $fmt: -j 7 writes what -j 1 writes" m-1 m-7
  same "900 short documents, -f $fmt: -j 7 says what -j 1 says, in the same order" m-1.err m-7.err
done
# One JSON Lines corpus of the same documents, read by one thread and by 7.
for f in corpus/*.txt; do
  printf '{"id": "%s", "text": "' "$f"
  awk 'BEGIN { ORS = "" } { gsub(/\\/, "\\\\"); gsub(/"/, "\\\""); gsub(/\r/, "\\r"); gsub(/\t/, "\\t");
       if (NR > 1) print "\\n"; print }' "$f"
  printf '"}\n'
done >corpus.jsonl
"$ACCORD" classify -q -j 1 -r t.rules corpus.jsonl >jl-1 2>jl-1.err || echo "exit $?" >>jl-1.err
"$ACCORD" classify -q -j 7 -r t.rules corpus.jsonl >jl-7 2>jl-7.err || echo "exit $?" >>jl-7.err
same "a JSON Lines corpus: -j 7 writes what -j 1 writes" jl-1 jl-7
# Its ids are the file names and its texts the files' bytes (without the
# last line break), so its records are those of the files.
same "a JSON Lines corpus gives the records of its files" a-jsonl-1 jl-1

# ---- (b) a compiled pack and its rule files agree ----

run compile -o t.pack t.rules
expect_rc 0 "accord compile -o t.pack t.rules"
"$ACCORD" classify -q -j 2 -r t.pack corpus >b-pack 2>b-pack.err || echo "exit $?" >>b-pack.err
same "-r t.pack writes what -r t.rules writes" a-jsonl-1 b-pack
run compile -o en.pack "$ACCORD_SRCDIR/rules/en"
expect_rc 0 "accord compile -o en.pack rules/en"
"$ACCORD" classify -q -j 2 -r en.pack corpus >b-en 2>b-en.err || echo "exit $?" >>b-en.err
same "-r en.pack (compiled rules/en) writes what the default pack writes" d-1 b-en
"$ACCORD" explain -r t.pack 'If the truce holds, Kyiv pledged to send engineers, an envoy said.' >b-x1 2>&1 || true
"$ACCORD" explain -r t.rules 'If the truce holds, Kyiv pledged to send engineers, an envoy said.' >b-x2 2>&1 || true
same "explain -r t.pack says what explain -r t.rules says" b-x1 b-x2

# ---- (c) a 50 MB document without a line break ----

sentence='Kyiv pledged to reopen the ports if the talks in Geneva go well, an envoy said. '
yes "$sentence" | tr -d '\n' | head -c 52428800 >big.txt
rc=0
timeout 120 "$ACCORD" classify -q -j 1 -f tsv -r t.rules big.txt >big.tsv 2>big.err || rc=$?
expect_rc 0 "a 50 MB document without a line break is classified within 120 s"
# The records follow each other, one blank apart, from byte 0 to the end.
# The text ends at its last byte that is not a blank.
size=52428800
[ "$(tail -c 1 big.txt)" = " " ] && size=$((size - 1))
if awk -F'\t' -v size="$size" -v slen=${#sentence} '
  NR == 1 { next }
  { n++ }
  n == 1 && $3 != 0 { print "first record starts at " $3; bad = 1; exit }
  n > 1 && $3 != prev + 1 { print "record " $2 " starts at " $3 ", after " prev; bad = 1; exit }
  $4 - $3 > slen { print "record " $2 " is " $4 - $3 " bytes long"; bad = 1; exit }
  { prev = $4 }
  END { if (!bad && prev != size) { print "last record ends at " prev; bad = 1 }
        if (!bad && n < size / slen) { print n " records"; bad = 1 }
        exit bad }' big.tsv >big.check 2>&1; then
  ok "the records of the 50 MB document cover it, one sentence each"
else
  fail "the records of the 50 MB document cover it, one sentence each" "$(cat big.check)"
fi
rm -f big.tsv
# The same size with no sentence end at all: one statement of 50 MB.
yes 'kyiv pledged to reopen the ports if the talks go well and an envoy said' | tr '\n' ' ' | head -c 52428800 >big.txt
rc=0
timeout 120 "$ACCORD" classify -q -j 1 -f summary -r t.rules big.txt >big.sum 2>big.err || rc=$?
expect_rc 0 "a 50 MB document without a sentence end is classified within 120 s"
if awk '$1 == "big.txt" && $2 == 1 { found = 1 } END { exit !found }' big.sum; then
  ok "the 50 MB document without a sentence end is one statement"
else
  fail "the 50 MB document without a sentence end is one statement" "$(cat big.sum big.err)"
fi
rm -f big.txt big.sum

# ---- (d) the records cover every byte that is not white space, once ----

# covers DOC RECORDS: the [start,end) spans of the JSON Lines RECORDS of
# DOC are in order, do not overlap, start and end on a byte that is not
# white space, and hold every byte of DOC that is not white space.  (The
# documents use ASCII white space only, and maybe a byte-order mark.)
covers () {
  od -An -v -tu1 "$1" | tr -s ' ' '\n' | sed '/^$/d' >bytes
  awk -F'[:,]' -v doc="$1" '
    FNR == NR {
      # {"doc":"NAME","n":N,"start":S,"end":E,...: fields 6 and 8.
      if ($2 != "\"" doc "\"") next
      k++; s[k] = $6 + 0; e[k] = $8 + 0
      if (s[k] >= e[k] || (k > 1 && s[k] < e[k - 1])) { print "bad span " k ": " s[k] "-" e[k]; bad = 1 }
      for (i = s[k]; i < e[k]; i++) cover[i]++
      first[s[k]] = 1; last[e[k] - 1] = 1
      next
    }
    { byte[FNR - 1] = $1 + 0; n = FNR }
    END {
      # A byte-order mark at the start belongs to no statement.
      bom = n >= 3 && byte[0] == 239 && byte[1] == 187 && byte[2] == 191
      for (i = 0; i < n; i++) {
        b = byte[i]
        ws = b == 9 || b == 10 || b == 11 || b == 12 || b == 13 || b == 32 || (bom && i < 3)
        if (!ws && cover[i] != 1) { print "byte " i " (" b ") covered " cover[i] + 0 " times"; bad = 1 }
        if (ws && ((i in first) || (i in last))) { print "a record starts or ends on white space at " i; bad = 1 }
      }
      exit bad
    }' "$2" bytes
}
for d in 003 013 026 044 052; do
  if covers "corpus/doc-$d.txt" a-jsonl-1 >cov.out 2>&1; then
    ok "the records of doc-$d.txt cover its text exactly once ($(wc -c <"corpus/doc-$d.txt") bytes)"
  else
    fail "the records of doc-$d.txt cover its text exactly once" "$(head -20 cov.out)"
  fi
done
# A document with invalid UTF-8, NUL bytes past 8 KiB, Unicode quotation
# marks and a byte-order mark.
{
  printf '\357\273\277Talks stall in Gen\350ve\n\n'
  i=0
  while [ $i -lt 120 ]; do
    printf '“We will not sign,” an envoy said. Kyiv pledged to wait\377 for the text.\n'
    i=$((i + 1))
  done
  printf 'Moscow\000 pledged to reply.\000 If the truce holds, donors will fund the grid.\n'
} >odd.txt
"$ACCORD" classify -q -r t.rules odd.txt >odd.jsonl 2>odd.err || true
if covers odd.txt odd.jsonl >cov.out 2>&1 && [ ! -s odd.err ]; then
  ok "the records of a document with invalid UTF-8 and NUL bytes cover it exactly once"
else
  fail "the records of a document with invalid UTF-8 and NUL bytes cover it exactly once" \
    "$(head -20 cov.out)" "$(cat odd.err)"
fi

# ---- (e) standard input ----

"$ACCORD" classify -q -r t.rules - <corpus/doc-013.txt >e-stdin 2>e.err || echo "exit $?" >>e.err
"$ACCORD" classify -q -r t.rules corpus/doc-013.txt | sed 's|^{"doc":"corpus/doc-013.txt"|{"doc":"-"|' >e-file
same "classify - reads standard input, as document '-'" e-file e-stdin
"$ACCORD" classify -q -f tsv -r t.rules corpus/doc-004.txt - corpus/doc-005.txt <corpus/doc-013.txt >e-mixed 2>e.err || true
if [ "$(cut -f1 e-mixed | uniq | tr '\n' ' ')" = "doc corpus/doc-004.txt - corpus/doc-005.txt " ]; then
  ok "'-' between files is read in its place"
else
  fail "'-' between files is read in its place" "$(cut -f1 e-mixed | uniq)"
fi
printf 'Kyiv pledged to reopen the port.' | "$ACCORD" explain -r t.rules - >e-explain 2>&1 || true
if grep -q '^  match pledged_to -> pledge \[0,15) "Kyiv pledged to"' e-explain; then
  ok "explain - reads standard input"
else
  fail "explain - reads standard input" "$(cat e-explain)"
fi

# ---- (f) -o FILE ----

run classify -q -j 2 -r t.rules -o f-out.jsonl corpus
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
  ok "-o FILE: exit 0, nothing on standard output or standard error"
else
  fail "-o FILE: exit 0, nothing on standard output or standard error" "exit $rc" "$(head -c 500 "$tmp/out" "$tmp/err")"
fi
same "-o FILE writes what standard output would get" a-jsonl-1 f-out.jsonl
run classify -q -f summary -r t.rules -o f-out.sum corpus
same "-o FILE -f summary writes the summary" a-summary-1 f-out.sum
run classify -q -r t.rules -o nosuchdir/out.jsonl corpus/doc-003.txt
if [ "$rc" -eq 1 ] && grep -q "nosuchdir/out.jsonl" "$tmp/err"; then
  ok "-o into a missing directory: exit 1, naming the file"
else
  fail "-o into a missing directory: exit 1, naming the file" "exit $rc" "$(cat "$tmp/err")"
fi

# ---- (g) exit statuses ----

run classify -q -r t.rules corpus/doc-003.txt
expect_rc 0 "classify exits 0"
run classify -q -f tsv -r t.rules corpus/doc-003.txt nowhere.txt corpus/doc-004.txt
expect_rc 1 "classify exits 1 when an input is missing"
if grep -q "nowhere.txt" "$tmp/err" && grep -q '^corpus/doc-003.txt	' "$tmp/out" \
   && grep -q '^corpus/doc-004.txt	' "$tmp/out"; then
  ok "the missing input is named and the others are written"
else
  fail "the missing input is named and the others are written" "$(cat "$tmp/err")" "$(cut -f1 "$tmp/out" | uniq)"
fi
# An input that cannot be read: a file without read permission, or for
# root, who reads those, /proc/self/mem (it opens, but reading its first
# page fails).
cp corpus/doc-004.txt locked.txt
chmod 000 locked.txt
unreadable=locked.txt
if [ -r locked.txt ]; then
  unreadable=
  [ -r /proc/self/mem ] && unreadable=/proc/self/mem
fi
if [ -z "$unreadable" ]; then
  skip "classify exits 1 when an input cannot be read, and writes the others" "no unreadable file here"
else
  run classify -q -f tsv -r t.rules corpus/doc-003.txt "$unreadable" corpus/doc-005.txt
  if [ "$rc" -eq 1 ] && grep -q "'$unreadable'" "$tmp/err" && grep -q '^corpus/doc-005.txt	' "$tmp/out"; then
    ok "classify exits 1 when an input cannot be read ($unreadable), and writes the others"
  else
    fail "classify exits 1 when an input cannot be read ($unreadable), and writes the others" \
      "exit $rc" "$(cat "$tmp/err")"
  fi
fi
chmod 644 locked.txt
printf '{"id": 1, "text": "Kyiv pledged to wait."}\n{"id": 2}\n' >g.jsonl
run classify -q -r t.rules g.jsonl
if [ "$rc" -eq 1 ] && grep -q '^g.jsonl:2: ' "$tmp/err" && grep -q '"doc":"1"' "$tmp/out"; then
  ok "classify exits 1 for a JSON Lines record without text, and writes the others"
else
  fail "classify exits 1 for a JSON Lines record without text, and writes the others" "exit $rc" "$(cat "$tmp/err")"
fi
printf '{"id": 1, "text": "Kyiv pledged to wait."}\n{"id": 2, "text": "Moscow pledged\n{"id": 3, "text": "Doha pledged to host."}\n' >h.jsonl
run classify -q -f tsv -r t.rules h.jsonl
if [ "$rc" -eq 1 ] && grep -q '^h.jsonl:2:[0-9:]* error: invalid JSON' "$tmp/err" && [ "$(cut -f1 "$tmp/out" | tr '\n' ' ')" = "doc 1 3 " ]; then
  ok "classify exits 1 for a line that is not JSON, and writes the others"
else
  fail "classify exits 1 for a line that is not JSON, and writes the others" "exit $rc" "$(cat "$tmp/err" "$tmp/out")"
fi
run classify -f bogus -r t.rules corpus/doc-003.txt
expect_rc 2 "-f bogus exits 2"
run classify --labels nosuch -r t.rules corpus/doc-003.txt
expect_rc 2 "--labels nosuch exits 2"
run classify -r t.rules
expect_rc 2 "classify without inputs exits 2"
run classify -j -1 -r t.rules corpus/doc-003.txt
expect_rc 2 "-j -1 exits 2"
run explain -r t.rules
expect_rc 2 "explain without a text exits 2"
printf 'pack "b" version 1;\nlabels pledge;\nrule r -> pledge : COMIT ;\n' >bad.rules
run classify -r bad.rules corpus/doc-003.txt
if [ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && grep -q "unknown list 'COMIT'" "$tmp/err"; then
  ok "a rule file with an error: exit 1, nothing classified"
else
  fail "a rule file with an error: exit 1, nothing classified" "exit $rc" "$(cat "$tmp/err")"
fi

# ---- (h) the progress line ----

run classify -j 2 -f summary -r t.rules corpus
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
  ok "no progress line when standard error is not a terminal"
else
  fail "no progress line when standard error is not a terminal" "$(cat "$tmp/err")"
fi
if command -v script >/dev/null 2>&1 \
   && script -qec 'test -t 2' /dev/null >/dev/null 2>&1 </dev/null; then
  printf '#!/bin/sh\nexec "%s" classify %s -f summary -r "%s/t.rules" -o "%s/%s" "%s/corpus"\n' \
    "$ACCORD" "" "$tmp" "$tmp" h1.sum "$tmp" >h1.sh
  printf '#!/bin/sh\nexec "%s" classify %s -f summary -r "%s/t.rules" -o "%s/%s" "%s/corpus"\n' \
    "$ACCORD" "-q" "$tmp" "$tmp" h2.sum "$tmp" >h2.sh
  chmod +x h1.sh h2.sh
  script -qec "$tmp/h1.sh" /dev/null >h1.tty 2>&1 </dev/null || true
  script -qec "$tmp/h2.sh" /dev/null >h2.tty 2>&1 </dev/null || true
  if grep -q 'accord: 60/60 documents' h1.tty; then
    ok "a progress line on a terminal"
  else
    fail "a progress line on a terminal" "$(cat h1.tty)"
  fi
  if [ ! -s h2.tty ]; then
    ok "-q: no progress line on a terminal"
  else
    fail "-q: no progress line on a terminal" "$(cat h2.tty)"
  fi
else
  skip "a progress line on a terminal" "no script(1) that makes a terminal"
  skip "-q: no progress line on a terminal" "no script(1) that makes a terminal"
fi

finish
