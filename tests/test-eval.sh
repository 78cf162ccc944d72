#!/bin/sh
# test-eval.sh: accord eval through the real program.
#
# tests/eval/ holds two short articles written for these tests (port.txt,
# more/aid.txt), their rules (t.rules, so that the figures do not move when
# the default pack is tuned), two gold files (gold.jsonl, more/gold.jsonl)
# and the report expected on both (expected.txt).  The figures were worked
# out by hand, gold statement by gold statement:
#
#   port.txt  0-24 45-157 396-454 background, right; 25-44 "background", right;
#             158-237 pledge+quote, system pledge; 238-311 condition+pledge,
#             right; 312-395 quote, right; 455-500 pledge, right but not the
#             statement's bounds; 138-177 pledge, overlaps statements 3 and 4
#             by 19 bytes each, so it takes the first (background); 24-25
#             condition, a line break: no statement overlaps it
#   aid.txt   0-20 background, right; 21-88 pledge+condition, system pledge;
#             89-129 background, system pledge (talks_held);
#             130-202 condition+pledge, system condition; 203-286 no labels,
#             system quote (quote_said)
#
#   pledge    TP 4 FP 1 FN 2: P 0.800 R 0.667 F1 0.727, 6 gold
#   condition TP 2 FP 0 FN 2: P 1.000 R 0.500 F1 0.667, 4 gold
#   quote     TP 1 FP 1 FN 1: P 0.500 R 0.500 F1 0.500, 2 gold
#   macro F1 0.631; primary labels right 9 of 15 (0.600); exact bounds
#   12 of 15 (0.800)
#
# When the reference scorer is at hand ($ACCORD_SHARED, else the directory
# shared beside the source tree: tools/score, corpus/dev) and python3 is
# installed, the figures of accord eval are compared with the scorer's, on
# these gold files and on the development corpus; otherwise those checks
# are skipped.  The JSON checks read the output with perl's JSON::PP (or
# are skipped without it).
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

data=$ACCORD_SRCDIR/tests/eval
shared=${ACCORD_SHARED:-$ACCORD_SRCDIR/../shared}
score=$shared/tools/score
dev=$shared/corpus/dev

# no_fingerprint FILE: the report with the pack's fingerprint blanked.
no_fingerprint () {
  sed '1s/; pack [0-9a-f]*$/; pack FINGERPRINT/' "$1"
}

have_json_pp=no
if command -v perl >/dev/null 2>&1 && perl -MJSON::PP -e 1 2>/dev/null; then
  have_json_pp=yes
fi

# figures FILE: the figures of a JSON report, one a line, rounded to 3
# decimals, and the start of each list, in the report's order.
figures () {
  perl -MJSON::PP -e '
    local $/; open my $fh, "<", $ARGV[0] or die; my $j = decode_json(<$fh>);
    my @l = qw(pledge condition quote); my @p = (@l, "background");
    printf "units %d documents %d missing [%s]\n", $j->{units}, $j->{documents},
      join(",", @{$j->{docs_missing}});
    printf "%s %.3f %.3f %.3f %d tp %d fp %d fn %d\n", $_, @{$j->{labels}{$_}}{qw(precision recall f1 support tp fp fn)} for @l;
    printf "macro_f1 %.3f primary_accuracy %.3f exact_boundaries %.3f\n", @$j{qw(macro_f1 primary_accuracy exact_boundaries)};
    for my $g (@p) { printf "confusion %s %s\n", $g, join(" ", map { $j->{confusion}{$g}{$_} } @p) }
    for my $r (@{$j->{rules}}) {
      printf "rule %s %s %d %d %.3f%s\n", @$r{qw(rule label tp fp precision)},
        join("", map { " $_->{doc}:$_->{start}-$_->{end}" } @{$r->{false_positives}});
    }
    for my $x (@l) {
      my $u = $j->{unreached}{$x};
      printf "unreached %s %d%s\n", $x, $u->{count},
        join("", map { " $_->{doc}:$_->{start}-$_->{end}/" . join(",", @{$_->{system}}) } @{$u->{examples}});
    }' "$1"
}

# ---- the report ----

cd "$data" || exit 1
run eval -r t.rules gold.jsonl more/gold.jsonl
expect_rc 0 "eval of two gold files exits 0"
no_fingerprint "$tmp/out" >"$tmp/report"
same "the text report is the expected one (tests/eval/expected.txt)" "$data/expected.txt" "$tmp/report"
if [ ! -s "$tmp/err" ]; then
  ok "a clean eval prints nothing on stderr"
else
  fail "a clean eval prints nothing on stderr" "$(cat "$tmp/err")"
fi
if head -1 "$tmp/out" | grep -Eq '; pack [0-9a-f]{32}$'; then
  ok "the report names the pack's fingerprint"
else
  fail "the report names the pack's fingerprint" "$(head -1 "$tmp/out")"
fi
has "the per-label table has the hand-worked figures (pledge)" "$tmp/out" "pledge      0.800  0.667  0.727     6"
has "the per-label table has the hand-worked figures (quote)" "$tmp/out" "quote       0.500  0.500  0.500     2"
has "macro F1 is the mean of the three F1" "$tmp/out" "macro F1          0.631"
has "a tie in overlap goes to the first statement" "$tmp/out" "port.txt:138-177 (system: background)"
has "a gold statement that overlaps nothing gets no label" "$tmp/out" "port.txt:24-25 (system: background)"
has "a vetoed match does not fire its rule (396-454)" "$tmp/out" "pledged_to pledge         1     0     1.000"

for j in 1 2; do
  run eval -j $j -r t.rules gold.jsonl more/gold.jsonl
  no_fingerprint "$tmp/out" >"$tmp/report-j$j"
  same "-j $j gives the same report" "$data/expected.txt" "$tmp/report-j$j"
done

run eval -r t.rules - <gold.jsonl
expect_rc 0 "a gold file on standard input"
has "standard input: its 10 statements are scored" "$tmp/out" "10 gold statements in 1 document;"

# ---- examples ----

run eval --examples 1 -r t.rules gold.jsonl more/gold.jsonl
has "--examples 1 says how many examples are not shown" "$tmp/out" "    ... and 1 more"
n=$(grep -c '^    [a-z/]*\.txt:' "$tmp/out" || true)
if [ "$n" -eq 5 ]; then
  ok "--examples 1 shows one example per rule and per label (5)"
else
  fail "--examples 1 shows one example per rule and per label (5)" "$n examples" "$(cat "$tmp/out")"
fi
run eval --examples=0 -r t.rules gold.jsonl more/gold.jsonl
expect_rc 0 "--examples=0 exits 0"
n=$(grep -c '\.txt:' "$tmp/out" || true)
if [ "$n" -eq 0 ] && grep -q '^  pledge: 2$' "$tmp/out"; then
  ok "--examples=0 shows no statement, and still the counts"
else
  fail "--examples=0 shows no statement, and still the counts" "$(cat "$tmp/out")"
fi

# ---- JSON ----

run eval -f json -r t.rules gold.jsonl more/gold.jsonl
expect_rc 0 "eval -f json exits 0"
cp "$tmp/out" "$tmp/report.json"
if [ "$have_json_pp" = yes ]; then
  cat >"$tmp/figures.expected" <<'EOF'
units 15 documents 2 missing []
pledge 0.800 0.667 0.727 6 tp 4 fp 1 fn 2
condition 1.000 0.500 0.667 4 tp 2 fp 0 fn 2
quote 0.500 0.500 0.500 2 tp 1 fp 1 fn 1
macro_f1 0.631 primary_accuracy 0.600 exact_boundaries 0.800
confusion pledge 3 1 0 1
confusion condition 0 0 0 1
confusion quote 1 0 1 0
confusion background 1 0 1 5
rule quote_said quote 1 1 0.500 more/aid.txt:203-286
rule talks_held pledge 0 1 0.000 more/aid.txt:89-129
rule will_act pledge 3 0 1.000
rule if_clause condition 2 0 1.000
rule pledged_to pledge 1 0 1.000
rule provided condition 0 0 0.000
unreached pledge 2 more/aid.txt:130-202/condition port.txt:138-177/
unreached condition 2 more/aid.txt:21-88/pledge port.txt:24-25/
unreached quote 1 port.txt:158-237/pledge
EOF
  if figures "$tmp/report.json" >"$tmp/figures" 2>"$tmp/figures.err"; then
    ok "the JSON report parses"
  else
    fail "the JSON report parses" "$(cat "$tmp/figures.err")" "$(head -c 2000 "$tmp/report.json")"
  fi
  same "the JSON report has the hand-worked figures, rules and examples" "$tmp/figures.expected" "$tmp/figures"
  run eval -f json --examples 0 -r t.rules gold.jsonl more/gold.jsonl
  cp "$tmp/out" "$tmp/report0.json"
  if figures "$tmp/report0.json" | grep -q ':'; then
    fail "-f json --examples 0 lists no statement" "$(figures "$tmp/report0.json")"
  else
    ok "-f json --examples 0 lists no statement"
  fi
else
  skip "the JSON report parses" "perl with JSON::PP is not installed"
  skip "the JSON report has the hand-worked figures, rules and examples" "perl with JSON::PP is not installed"
  skip "-f json --examples 0 lists no statement" "perl with JSON::PP is not installed"
fi
has "the JSON report has macro_f1" "$tmp/report.json" '"macro_f1" : 0.631'

# ---- paths ----

cd "$tmp" || exit 1
run eval -r "$data/t.rules" "$data/gold.jsonl"
expect_rc 0 "a gold file in another directory: its docs are found beside it"
has "a doc is relative to its gold file's directory" "$tmp/out" "$data/port.txt:138-177"

mkdir -p miss
cat >miss/gold.jsonl <<EOF
{"doc": "nowhere.txt", "start": 0, "end": 10, "labels": ["pledge"]}
{"doc": "$data/port.txt", "start": 0, "end": 24, "labels": []}
{"doc": "nowhere.txt", "start": 11, "end": 20, "labels": ["quote"]}
{"doc": "$data/port.txt", "start": 455, "end": 519, "labels": ["pledge"]}
EOF
run eval -r "$data/t.rules" miss/gold.jsonl
expect_rc 1 "a document that cannot be read: exit 1"
if [ "$(cat "$tmp/err")" = "accord: cannot open 'miss/nowhere.txt': No such file or directory" ]; then
  ok "a document that cannot be read is named on stderr, once"
else
  fail "a document that cannot be read is named on stderr, once" "$(cat "$tmp/err")"
fi
has "the others are still scored" "$tmp/out" "2 gold statements in 1 document;"
has "the report names the document left out" "$tmp/out" "documents that could not be read (left out): miss/nowhere.txt"
has "the unread document's statements are left out of the figures" "$tmp/out" "pledge      1.000  1.000  1.000     1"
run eval -f json -r "$data/t.rules" miss/gold.jsonl
has "-f json lists the document left out" "$tmp/out" '"miss/nowhere.txt"'

cp "$data/port.txt" port.txt
cat >bad.jsonl <<'EOF'
{"doc": "port.txt", "start": 0, "end": 24, "labels": []}
{"doc": "port.txt", "start": 0,
{"doc": "port.txt", "end": 5}
["port.txt", 0, 5]
{"doc": "port.txt", "start": 9, "end": 5}
{"doc": "port.txt", "start": 0, "end": 5, "labels": "pledge"}
{"start": 0, "end": 5}
{"doc": "port.txt", "start": 455, "end": 519, "labels": ["pleedge", "pledge"]}
{"doc": "port.txt", "start": 1.5, "end": 5}
EOF
run eval -r "$data/t.rules" bad.jsonl
expect_rc 1 "bad gold lines: exit 1"
if grep -q '^bad.jsonl:2:[0-9]*: error: invalid JSON' "$tmp/err"; then
  ok "invalid JSON is reported as FILE:LINE:COLUMN: error"
else
  fail "invalid JSON is reported as FILE:LINE:COLUMN: error" "$(cat "$tmp/err")"
fi
grep -v '^bad.jsonl:2:' "$tmp/err" >"$tmp/err.rest" || true
cat >"$tmp/err.expected" <<'EOF'
bad.jsonl:3: error: a gold record needs "start" and "end" (whole numbers: byte offsets)
bad.jsonl:4: error: a gold record is a JSON object
bad.jsonl:5: error: the span 9-5 is not a span of bytes (0 <= start <= end)
bad.jsonl:6: error: "labels" must be a list of label names
bad.jsonl:7: error: a gold record needs a "doc" (the document's path)
bad.jsonl:8: warning: unknown label 'pleedge' (not scored)
bad.jsonl:9: error: a gold record needs "start" and "end" (whole numbers: byte offsets)
EOF
same "each bad gold line is reported as FILE:LINE: error, and an unknown label warned about" \
  "$tmp/err.expected" "$tmp/err.rest"
has "the good gold lines are still scored" "$tmp/out" "2 gold statements in 1 document;"

run eval -r "$data/t.rules" nope.jsonl bad.jsonl
expect_rc 1 "a gold file that does not exist: exit 1"
has "a gold file that does not exist is named" "$tmp/err" "accord: cannot open 'nope.jsonl': No such file or directory"

# ---- usage ----

run eval -r "$data/t.rules"
expect_rc 2 "eval without a gold file is a usage error"
run eval --format=xml -r "$data/t.rules" "$data/gold.jsonl"
expect_rc 2 "an unknown --format is a usage error"
has "an unknown --format is named" "$tmp/err" "accord: --format takes text or json, not 'xml'"
run eval --examples=-1 -r "$data/t.rules" "$data/gold.jsonl"
expect_rc 2 "a negative --examples is a usage error"
printf 'pack "b" version 1;\nlabels pledge;\nrule r -> pledge : COMIT ;\n' >broken.rules
run eval -r broken.rules "$data/gold.jsonl"
expect_rc 1 "rules with an error: exit 1"
has "rules with an error are reported" "$tmp/err" "broken.rules:3:20: error: unknown list 'COMIT'"
run help eval
expect_rc 0 "accord help eval exits 0"
has "accord help eval lists --examples" "$tmp/out" "--examples=N"

# ---- agreement with the reference scorer ----

# compare SCORE.json EVAL.json: every figure of the scorer equal in
# accord's report to 3 decimals.
cat >"$tmp/compare.py" <<'EOF'
import json, sys
ref, got = (json.load(open(p)) for p in sys.argv[1:3])
bad, n = [], 0
def same(name, a, b):
    global n
    n += 1
    if isinstance(a, float) or isinstance(b, float):
        ok = "%.3f" % a == "%.3f" % b
    else:
        ok = a == b
    if not ok:
        bad.append("%s: score %r, accord eval %r" % (name, a, b))
for k in ("units", "macro_f1", "primary_accuracy", "exact_boundaries"):
    same(k, ref[k], got[k])
for label, row in ref["labels"].items():
    for k in ("precision", "recall", "f1", "support"):
        same("%s %s" % (label, k), row[k], got["labels"][label][k])
same("docs_missing", ref["docs_missing"], got["docs_missing"])
print("\n".join(bad) if bad else "%d figures agree" % n)
sys.exit(1 if bad else 0)
EOF

# agree DESCRIPTION GOLD SYSTEM EVAL: compares the scorer on GOLD and
# SYSTEM (JSON Lines) with EVAL (accord eval -f json).
agree () {
  if ! "$score" "$2" "$3" --json >"$tmp/score.json" 2>"$tmp/score.err"; then
    fail "$1" "the scorer failed:" "$(cat "$tmp/score.err")"
  elif python3 "$tmp/compare.py" "$tmp/score.json" "$4" >"$tmp/compare.out" 2>&1; then
    ok "$1: $(cat "$tmp/compare.out")"
  else
    fail "$1" "$(cat "$tmp/compare.out")"
  fi
}

if ! command -v python3 >/dev/null 2>&1; then
  skip "accord eval agrees with the reference scorer on tests/eval" "python3 is not installed"
  skip "accord eval agrees with the reference scorer on the development corpus" "python3 is not installed"
  skip "the per-label rows of accord eval and of the scorer are the same on the development corpus" "python3 is not installed"
elif [ ! -f "$score" ]; then
  skip "accord eval agrees with the reference scorer on tests/eval" "no scorer at $score (set ACCORD_SHARED)"
  skip "accord eval agrees with the reference scorer on the development corpus" "no scorer at $score"
  skip "the per-label rows of accord eval and of the scorer are the same on the development corpus" "no scorer at $score"
else
  # The scorer takes one gold file; the documents' base names differ.
  cat "$data/gold.jsonl" "$data/more/gold.jsonl" >"$tmp/gold-all.jsonl"
  (cd "$data" && "$ACCORD" classify -q -j 1 -r t.rules port.txt more/aid.txt) >"$tmp/sys.jsonl"
  (cd "$data" && "$ACCORD" eval -f json -r t.rules gold.jsonl more/gold.jsonl) >"$tmp/eval.json"
  agree "accord eval agrees with the reference scorer on tests/eval" \
    "$tmp/gold-all.jsonl" "$tmp/sys.jsonl" "$tmp/eval.json"

  if [ ! -f "$dev/gold.jsonl" ]; then
    skip "accord eval agrees with the reference scorer on the development corpus" "no $dev/gold.jsonl"
    skip "the per-label rows of accord eval and of the scorer are the same on the development corpus" "no $dev/gold.jsonl"
  else
    # One pack for both runs, so that rules edited meanwhile change nothing.
    rc=0
    "$ACCORD" compile -o "$tmp/en.pack" "$ACCORD_SRCDIR/rules/en" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -ne 0 ]; then
      fail "the default pack compiles for the development corpus" "$(cat "$tmp/err")"
    else
      "$ACCORD" classify -q -r "$tmp/en.pack" -f jsonl "$dev"/*.txt >"$tmp/dev.jsonl" 2>"$tmp/err" || true
      run eval -f json -r "$tmp/en.pack" "$dev/gold.jsonl"
      cp "$tmp/out" "$tmp/dev-eval.json"
      agree "accord eval agrees with the reference scorer on the development corpus" \
        "$dev/gold.jsonl" "$tmp/dev.jsonl" "$tmp/dev-eval.json"
      # The per-label lines of the two text reports are the same too.
      "$score" "$dev/gold.jsonl" "$tmp/dev.jsonl" | grep -E '^(pledge|condition|quote) ' >"$tmp/score-rows" || true
      run eval -r "$tmp/en.pack" "$dev/gold.jsonl"
      grep -E '^(pledge|condition|quote) +[0-9]+\.[0-9]{3} ' "$tmp/out" >"$tmp/eval-rows" || true
      same "the per-label rows of accord eval and of the scorer are the same on the development corpus" \
        "$tmp/score-rows" "$tmp/eval-rows"
    fi
  fi
fi

finish
