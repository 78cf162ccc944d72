#!/bin/sh
# test-test.sh: accord test, the example sentences of rule files as TAP.
#
# The packs under tests/rule-examples/talks (base, and ceasefire, which
# imports it) are copied to $tmp/r and tested from $tmp, so the names in
# the output are short and do not depend on the build; the other rule
# files (a failing one, a broken one, one without examples) are written
# here.  Checked: the exact TAP of a passing file and of a failing one
# (expected and actual labels, the rules that fired, a vetoed match and
# its veto), the scope of an example (its own file and that file's
# imports; an import's examples are not run again), directories, a
# compiled pack, errors in a rule file, coverage, -q and usage errors.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

cd "$tmp" || exit 1
cp -R "$ACCORD_SRCDIR/tests/rule-examples" r
chmod -R u+w r

# ---- a file whose examples pass: the exact TAP ----

run test r/talks/ceasefire.rules
expect_rc 0 "a file whose examples pass: exit status 0"
cat >want <<'EOF'
TAP version 13
1..4
ok 1 - r/talks/ceasefire.rules:13: If the truce holds, the two delegations pledged to swap ...
ok 2 - r/talks/ceasefire.rules:14: "The guns along the river are silent," a mediator said.
ok 3 - r/talks/ceasefire.rules:15: The border commission pledged to publish its survey maps.
ok 4 - r/talks/ceasefire.rules:16: Rain delayed the ferry from the northern bank.
EOF
same "a file whose examples pass: the exact TAP" want out
printf '4 examples, 4 passed, 0 failed\n' >want
same "a file whose examples pass: the count on standard error" want err

# Scope: ceasefire.rules:15 gets its pledge from talks/base's rule (with
# the ACTOR that ceasefire extends), and the two examples of talks/base
# were not run (4 tests, not 6).
lacks "an imported file's examples are not run with the importer" out "base.rules"

# ---- a directory: every .rules file, sorted, each in its own scope ----

run test r/talks
expect_rc 0 "a directory: exit status 0"
cat >want <<'EOF'
TAP version 13
1..6
ok 1 - r/talks/base.rules:15: Valdoria pledged to reopen the river crossing by Friday.
ok 2 - r/talks/base.rules:16: Ostmark did not pledge to withdraw its gunboats.
ok 3 - r/talks/ceasefire.rules:13: If the truce holds, the two delegations pledged to swap ...
ok 4 - r/talks/ceasefire.rules:14: "The guns along the river are silent," a mediator said.
ok 5 - r/talks/ceasefire.rules:15: The border commission pledged to publish its survey maps.
ok 6 - r/talks/ceasefire.rules:16: Rain delayed the ferry from the northern bank.
EOF
same "a directory: each example once, in file order" want out
cp out dir.out

run test r/talks r/talks/base.rules r/talks/../talks/ceasefire.rules
same "a file named twice (or also through its directory) is tested once" want out

# ---- a failing example: expected, actual, the rules that fired ----

cat >r/talks/harbour.rules <<'EOF'
# A pack with no rules of its own: its examples use talks/base's rule.
pack "talks/harbour" version 1;
import "talks/base";

example "Envoys pledged to return to the harbour talks on Monday." -> pledge;
example "Ostmark did not pledge to withdraw its gunboats." -> pledge;
example "Valdoria pledged to clear the mines." -> background;
example "Delegates met in room #4 of the old customs house." -> background;
EOF
run test r/talks/harbour.rules
expect_rc 1 "a failing example: exit status 1"
cat >want <<'EOF'
TAP version 13
1..4
ok 1 - r/talks/harbour.rules:5: Envoys pledged to return to the harbour talks on Monday.
not ok 2 - r/talks/harbour.rules:6: Ostmark did not pledge to withdraw its gunboats.
  ---
  sentence: "Ostmark did not pledge to withdraw its gunboats."
  expected: [pledge]
  actual: [background]
  fired:
    - rule: pledged_to -> pledge
      at: r/talks/base.rules:11:6
      span: [0, 25]
      text: "Ostmark did not pledge to"
      captures: {actor: "Ostmark"}
      vetoed_by: unless at r/talks/base.rules:13:10
      veto_text: "not pledge"
  ...
not ok 3 - r/talks/harbour.rules:7: Valdoria pledged to clear the mines.
  ---
  sentence: "Valdoria pledged to clear the mines."
  expected: [background]
  actual: [pledge]
  fired:
    - rule: pledged_to -> pledge
      at: r/talks/base.rules:11:6
      span: [0, 19]
      text: "Valdoria pledged to"
      captures: {actor: "Valdoria"}
  ...
ok 4 - r/talks/harbour.rules:8: Delegates met in room \#4 of the old customs house.
EOF
same "a failing example: not ok, with the sentence, the labels and the rules that fired" want out
printf '4 examples, 2 passed, 2 failed\n' >want
same "a failing example: the count on standard error" want err

# Examples that fail do not stop the others: the directory now has 10.
run test r/talks
expect_rc 1 "a directory with a failing example: exit status 1"
has_line "a directory with a failing example: the plan counts every example" out "1..10"
has_line "a directory with a failing example: the count" err "10 examples, 8 passed, 2 failed"

# ---- -q: only the failures ----

run test -q r/talks/ceasefire.rules
expect_rc 0 "-q, all passing: exit status 0"
if [ ! -s "$tmp/out" ]; then
  ok "-q, all passing: nothing on standard output"
else
  fail "-q, all passing: nothing on standard output" "$(cat "$tmp/out")"
fi
run test -q r/talks/harbour.rules
expect_rc 1 "-q, failing: exit status 1"
if [ "$(grep -c '^ok' "$tmp/out")" -eq 0 ] && [ "$(grep -c '^not ok' "$tmp/out")" -eq 2 ]; then
  ok "-q, failing: only the two not ok lines"
else
  fail "-q, failing: only the two not ok lines" "$(cat "$tmp/out")"
fi

rm r/talks/harbour.rules

# ---- errors in a rule file: diagnostics, Bail out!, exit status 1 ----

mkdir -p bad
cat >bad/broken.rules <<'EOF'
pack "broken" version 1;
labels pledge(actor);
list ACTOR = Valdoria Ostmark;
rule r -> pledge : actor:ACTR "pledged" ;
example "Valdoria pledged to talk." -> pledge;
EOF
run test bad/broken.rules r/talks/ceasefire.rules
expect_rc 1 "a rule file with an error: exit status 1"
has_line "a rule file with an error: file:line:col: error: on standard error" err \
  "bad/broken.rules:4:26: error: unknown list 'ACTR'"
has_line "a rule file with an error: Bail out! on standard output" out "Bail out! bad/broken.rules has errors"
has_line "a rule file with an error: the other files are still tested" out "1..4"

cat >bad/syntax.rules <<'EOF'
pack "syntax" version 1;
labels pledge;
example "Valdoria pledged to talk." -> ;
EOF
run test bad/syntax.rules
expect_rc 1 "a syntax error: exit status 1"
if grep -q '^bad/syntax.rules:3:[0-9]*: error: ' "$tmp/err"; then
  ok "a syntax error: file:line:col: error:"
else
  fail "a syntax error: file:line:col: error:" "$(cat "$tmp/err")"
fi

run test --state-budget=5 r/talks/base.rules
expect_rc 1 "--state-budget: a rule over the budget is an error"
has_line "--state-budget: the run bails out" out "Bail out! r/talks/base.rules has errors"

run test bad/missing.rules
expect_rc 1 "a file that does not exist: exit status 1"

# ---- -I: where imports are looked for ----

mkdir -p solo
cp r/talks/ceasefire.rules solo/ceasefire.rules
run test solo/ceasefire.rules
expect_rc 1 "an import that is not found: exit status 1"
run test -I r solo/ceasefire.rules
expect_rc 0 "-I DIR: the import is found there"
has_line "-I DIR: the examples run" out "ok 3 - solo/ceasefire.rules:15: The border commission pledged to publish its survey maps."

# ---- a rule file without examples: a comment, not a failure ----

cat >r/talks/lexicon.rules <<'EOF'
pack "talks/lexicon" version 1;
import "talks/base";
list ACTOR += "the river council";
EOF
run test r/talks/lexicon.rules
expect_rc 0 "a file without examples: exit status 0"
has_line "a file without examples: a TAP comment" out "# r/talks/lexicon.rules: no examples"
has_line "a file without examples: an empty plan" out "1..0 # SKIP no examples"
rm r/talks/lexicon.rules

# ---- a compiled pack: its stored examples, numbered ----

run compile -o t.pack r/talks
expect_rc 0 "accord compile -o t.pack r/talks"
run test t.pack
expect_rc 0 "a pack: exit status 0"
cat >want <<'EOF'
TAP version 13
1..6
ok 1 - t.pack#1: Valdoria pledged to reopen the river crossing by Friday.
ok 2 - t.pack#2: Ostmark did not pledge to withdraw its gunboats.
ok 3 - t.pack#3: If the truce holds, the two delegations pledged to swap ...
ok 4 - t.pack#4: "The guns along the river are silent," a mediator said.
ok 5 - t.pack#5: The border commission pledged to publish its survey maps.
ok 6 - t.pack#6: Rain delayed the ferry from the northern bank.
EOF
same "a pack: its examples, numbered" want out

cat >r/talks/quay.rules <<'EOF'
pack "talks/quay" version 1;
import "talks/base";
example "The mediators pledged to stay in the port city." -> background;
EOF
run compile -o quay.pack r/talks/quay.rules
run test quay.pack
expect_rc 1 "a pack with a failing example: exit status 1"
has_line "a pack with a failing example: not ok, numbered" out \
  "not ok 3 - quay.pack#3: The mediators pledged to stay in the port city."
has_line "a pack with a failing example: where it was written" out "  source: r/talks/quay.rules:3:9"
rm r/talks/quay.rules

printf 'ACCPACK\0 not really a pack' >fake.pack
run test fake.pack
expect_rc 1 "a corrupt pack: exit status 1"
has_line "a corrupt pack: Bail out!" out "Bail out! fake.pack has errors"

# ---- coverage ----

run test --coverage r/talks
expect_rc 0 "--coverage: uncovered rules are not a failure"
has_line "--coverage: a file's count" out \
  "# coverage: r/talks/ceasefire.rules: 2 of 3 rules have a positive example"
has_line "--coverage: the rule without a positive example" out \
  "# rule provided_that (r/talks/ceasefire.rules:11) has no positive example"
has_line "--coverage: the total on standard error" err "3 of 4 rules have a positive example"

run test --require-coverage r/talks
expect_rc 1 "--require-coverage: a rule without a positive example fails"
has_line "--require-coverage: not ok for the file" out \
  "not ok 8 - r/talks/ceasefire.rules: every rule has a positive example"
has_line "--require-coverage: ok for the covered file" out \
  "ok 3 - r/talks/base.rules: every rule has a positive example"
has_line "--require-coverage: an error at the rule" err \
  "r/talks/ceasefire.rules:11:6: error: rule 'provided_that' has no positive example"

# A rule that fires only in an example expecting other labels is not
# covered by it.
cat >cov.rules <<'EOF'
pack "cov" version 1;
labels pledge, condition;
rule r_pledge -> pledge : "pledged" "to";
rule r_cond -> condition : "if";
example "Valdoria pledged to talk if Ostmark did." -> pledge, condition;
example "Ostmark pledged to wait." -> pledge;
EOF
run test --require-coverage cov.rules
expect_rc 0 "--require-coverage: every rule covered: exit status 0"

# ---- the TAP itself: as many results as the plan says ----

run test --coverage r/talks bad/broken.rules
plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$tmp/out")
results=$(grep -Ec '^(not )?ok [0-9]+ - ' "$tmp/out")
if [ "$plan" = "$results" ]; then
  ok "the plan matches the results ($results)"
else
  fail "the plan matches the results" "plan $plan, results $results"
fi

# ---- usage ----

run test
expect_rc 2 "no argument: usage error"
run test --color=sometimes r/talks
expect_rc 2 "--color=sometimes: usage error"
run test --state-budget=0 r/talks
expect_rc 2 "--state-budget=0: usage error"
run test --no-such-option r/talks
expect_rc 2 "an unknown option: usage error"
run test --help
expect_rc 0 "--help: exit status 0"
has_line "--help: the usage line" out "Usage: accord test [OPTION...] FILE|DIR|PACK..."
run test --color=always r/talks/ceasefire.rules
if grep -q "$(printf '\033')\\[32mok" "$tmp/out"; then
  ok "--color=always: ok in green"
else
  fail "--color=always: ok in green" "$(cat "$tmp/out")"
fi

finish
