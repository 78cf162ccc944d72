#!/bin/sh
# gen-rules.sh N [SEED]: writes a pack of N rules to standard output,
# drawn from the vocabulary of negotiation news (bench/words.txt, a few
# hundred content words; rules start with a phrase of two of them or
# with one, as real rules start with what they are about): literals and phrases, stems,
# prefixes, lists, classes, bounded gaps, alternatives, optional parts,
# captures and vetoes, in proportions like a real pack's.
set -eu
n=${1:?usage: gen-rules.sh N [SEED]}
seed=${2:-42}
here=$(cd "$(dirname "$0")" && pwd)
words=$(tr '\n' ' ' < "$here/words.txt")
awk -v n="$n" -v seed="$seed" -v words="$words" '
function pick(a, k) { return a[int(rand() * k) + 1] }
function word() { return "\"" pick(W, nw) "\"" }
function item(   r) {
  r = rand()
  if (r < 0.40) return word()
  if (r < 0.55) return "~" pick(V, nv)
  if (r < 0.62) return "\"" substr(pick(W, nw), 1, 5) "*\""
  if (r < 0.75) return pick(L, nl)
  if (r < 0.80) return pick(C, nc)
  if (r < 0.90) return "(" word() " | " word() ")"
  return word() "?"
}
BEGIN {
  srand(seed)
  nw = split(words, W, " ")
  nv = split("commit pledge promise vow guarantee undertake agree offer provide deploy " \
             "withdraw lift ease reduce cut release ensure support monitor protect fund " \
             "finance deliver establish implement respect restore resume", V, " ")
  nl = split("ACTOR COMMIT SPEECH HEDGE DOC", L, " ")
  nc = split("CAP NUM WORD", C, " ")
  split("pledge condition quote", LAB, " ")
  print "pack \"bench/rules\" version 1;"
  print "labels pledge(actor), condition(clause), quote(source, cue);"
  print "precedence quote > pledge > condition;"
  print "list ACTOR = ministers leaders government allies Washington Moscow Kyiv Brussels Beijing \"the EU\" \"the United States\" NATO;"
  print "list COMMIT = ~commit ~pledge ~promise ~vow ~undertake \"stand ready\";"
  print "list SPEECH = said says told added ~state ~announce \"according to\";"
  print "list HEDGE = could might may likely possibly unlikely expected;"
  print "list DOC = agreement deal treaty plan draft text declaration framework;"
  for (i = 1; i <= n; i++) {
    lab = LAB[int(rand() * 3) + 1]
    k = 2 + int(rand() * 3)
    p = ""
    if (lab == "pledge" && rand() < 0.3) p = "actor:ACTOR _{0,3} "
    for (j = 1; j <= k; j++) {
      # A rule starts with what it is about: a two-word phrase mostly
      # ("grain corridor", "security guarantees"), or a word.
      first = rand() < 0.6 ? "\"" pick(W, nw) " " pick(W, nw) "\"" : word()
      p = p (j == 1 ? first : item())
      if (j < k) p = p (rand() < 0.25 ? " _{0," int(1 + rand() * 5) "} " : " ")
    }
    if (lab == "condition" && rand() < 0.3) p = p " clause:(_{1,8})"
    v = rand() < 0.2 ? " unless HEDGE" : ""
    printf "rule r%d -> %s : %s%s;\n", i, lab, p, v
  }
  print "example \"The ministers pledged to reopen the border.\" -> pledge;"
}'
