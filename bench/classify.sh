#!/bin/sh
# classify.sh: how fast accord classify reads news (make bench, after
# run.sh; alone: make bench-classify).
#
# Generates a corpus of news-like prose (default 64 MiB, in documents of
# 2 to 20 KB, from the templates below and the vocabulary of words.txt)
# in a temporary directory, then times on it, in the same run:
#   wc -w                                  the floor: reading and splitting words
#   accord classify -q -j 1 -f summary     the default pack (rules/en)
#   the same with a generated pack of 10,000 rules (gen-rules.sh, compiled)
#   the same as the first with -j 2
#   the same as the first with -f jsonl    spans and captures computed too
#                                          (a summary needs neither)
# and prints one table: seconds (the best of BENCH_REPEAT runs), MB/s
# (10^6 bytes of input per second), peak memory (GNU time's %M, when
# /usr/bin/time is GNU time: apt package "time"), and the ratios that
# matter, each against its target (issue 4): the default pack's
# throughput against wc -w's (>= 0.5), 10,000 rules against the default
# pack (>= 0.8), two threads against one (>= 1.7), peak memory of one
# thread (< 64 MiB, with either pack).  Machines here are noisy: compare
# figures from one run, not across runs.
#
# Environment: ACCORD (the program), BENCH_CLASSIFY_MIB (default 64),
# BENCH_REPEAT (default 9: rounds of the runs with a target),
# BENCH_JSONL_REPEAT (default 3: of the -f jsonl run, which has none and
# takes as long as the others together), BENCH_RULES (default 10000).
set -eu
LC_ALL=C.UTF-8
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
: "${ACCORD:?ACCORD must name the accord program}"
mib=${BENCH_CLASSIFY_MIB:-64}
repeat=${BENCH_REPEAT:-9}
jsonl_repeat=${BENCH_JSONL_REPEAT:-3}
nrules=${BENCH_RULES:-10000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/accord-bench-classify.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---- the corpus ----

words=$(tr '\n' '|' <"$here/words.txt")
awk -v dir="$tmp/corpus" -v total="$((mib * 1048576))" -v words="$words" '
function pick(a, k) { return a[int(rand() * k) + 1] }
function noun() { return W[int(rand() * nw) + 1] }
# fill(TEMPLATE): @A an actor (@a in lower case), @P a place, @W a word of
# words.txt, @D a day, @N a number, @S who spoke.
function fill(s,   out, i, ch) {
  out = ""
  while ((i = index(s, "@")) > 0) {
    out = out substr(s, 1, i - 1)
    ch = substr(s, i + 1, 1)
    s = substr(s, i + 2)
    if (ch == "A") out = out pick(ACT, nact)
    else if (ch == "a") out = out tolower(pick(ACT, nact))
    else if (ch == "P") out = out pick(PLACE, nplace)
    else if (ch == "W") out = out noun()
    else if (ch == "D") out = out pick(DAY, nday)
    else if (ch == "N") out = out (int(rand() * 990) + 10)
    else if (ch == "S") out = out pick(SPEAK, nspeak)
    else out = out "@" ch
  }
  return out s
}
function sentence(   r) {
  r = rand()
  if (r < 0.55) return fill(pick(BODY, nbody))
  if (r < 0.75) return fill(pick(PLEDGE, npledge))
  if (r < 0.88) return fill(pick(COND, ncond))
  return "\"" fill(pick(QUOTE, nquote)) ",\" " fill(pick(SPEAK, nspeak)) "."
}
function paragraph(   k, j, s, r) {
  r = rand()
  if (r < 0.06) {
    s = fill("Officials listed the main points of the @W:")
    for (j = 0; j < 2 + int(rand() * 4); j++)
      s = s "\n- " fill(pick(PLEDGE, npledge))
    return s
  }
  if (r < 0.10) {
    s = "\"" fill(pick(QUOTE, nquote)) ". " fill(pick(QUOTE, nquote)) ". " fill(pick(QUOTE, nquote)) ",\" " fill(pick(SPEAK, nspeak)) "."
    return s
  }
  if (r < 0.13) return fill("@W and @W top agenda in @P")
  k = 1 + int(rand() * 5)
  s = sentence()
  for (j = 1; j < k; j++) s = s " " sentence()
  return s
}
BEGIN {
  srand(7)
  nw = split(words, lines, "|")
  nw = 0
  for (i = 1; i in lines; i++) {
    m = split(lines[i], t, " ")
    for (j = 1; j <= m; j++) W[++nw] = t[j]
  }
  nact = split("Kyiv|Moscow|Washington|Brussels|Beijing|Ankara|Doha|The ministers|The negotiators|Both sides|The government|The European Union|The alliance|Donors|The mediators|The delegation", ACT, "|")
  nplace = split("Geneva|Istanbul|Vienna|Doha|Brussels|Cairo|Oslo|Riyadh|Jeddah|Minsk|Helsinki|Nairobi|Bogotá|Zürich", PLACE, "|")
  nday = split("Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday", DAY, "|")
  nspeak = split("the minister said|an envoy told reporters|a senior official said|the spokeswoman said in a statement|said a diplomat briefed on the talks|@A said in a statement", SPEAK, "|")
  nbody = split( \
    "Talks on the @W resumed in @P on @D after a pause of @N days.|" \
    "The @W has been the main sticking point since the spring.|" \
    "Diplomats said the latest @W ran to @N pages and left the @W open.|" \
    "@A and its partners met behind closed doors for @N hours.|" \
    "Mr. Haddad, the chief mediator, arrived in @P late on @D.|" \
    "The U.S. delegation declined to comment on the @W.|" \
    "Markets rose 2.5% as hopes for a @W grew.|" \
    "Observers counted @N @W near the @W on @D.|" \
    "Neither side has published the text of the @W.|" \
    "The previous @W collapsed in @P over the @W.", BODY, "|")
  npledge = split( \
    "@A pledged to lift the @W on @W within @N days.|" \
    "@A committed to fund the @W until the end of the year.|" \
    "@A will provide @N @W for the @W, officials said.|" \
    "@A agreed to withdraw @W from the @W by @D.|" \
    "@A promised not to resume the @W while the talks continue.|" \
    "@A stands ready to guarantee the @W.", PLEDGE, "|")
  ncond = split( \
    "If the @W holds, @a will reopen the @W.|" \
    "The @W depends on the @W being signed first.|" \
    "Provided that the @W is respected, the @W could follow by @D.|" \
    "Unless the @W ends, there will be no @W, the minister warned.|" \
    "In return for the @W, @a would ease the @W.", COND, "|")
  nquote = split( \
    "We will not accept any @W that ignores the @W|" \
    "Our commitment to the @W is firm and it will not change|" \
    "Nobody at this table wants the @W to fail now|" \
    "The @W is ready and the rest depends on political will", QUOTE, "|")
  bytes = 0
  for (d = 1; bytes < total; d++) {
    want = 2048 + int(rand() * 18432)
    s = fill("@W talks: @A weighs @W in @P") "\nBy staff reporters\n\n" toupper(pick(PLACE, nplace)) " (Wire) - " sentence()
    while (length(s) < want) s = s "\n\n" paragraph()
    s = s "\n"
    f = sprintf("%s/%04d/%06d.txt", dir, int(d / 1000), d)
    if (d % 1000 == 0 || d == 1) system("mkdir -p " dir "/" sprintf("%04d", int(d / 1000)))
    printf "%s", s > f
    close(f)
    bytes += length(s)
  }
  print d - 1 > (dir "/../ndocs")
}'
ndocs=$(cat "$tmp/ndocs")
size=$(find "$tmp/corpus" -type f -name '*.txt' -exec cat {} + | wc -c)

# ---- the measures ----

gnu_time=no
if [ -x /usr/bin/time ] && /usr/bin/time -f '%e %M' -o "$tmp/t" true 2>/dev/null && [ -s "$tmp/t" ]; then
  gnu_time=yes
fi

# now: seconds since the epoch, with fractions when date has them.
now () {
  t=$(date +%s.%N)
  case $t in
    *N*) date +%s ;;
    *) echo "$t" ;;
  esac
}

# measure NAME COMMAND...: runs COMMAND once (output to $tmp/NAME.out)
# and folds its time into $tmp/NAME.time, "SECONDS KIB": the best time
# and the highest peak memory so far (KIB is - without GNU time).
measure () {
  name=$1
  shift
  if [ "$gnu_time" = yes ]; then
    /usr/bin/time -f '%e %M' -o "$tmp/t" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    read -r secs kib <"$tmp/t"
  else
    t0=$(now)
    "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
    t1=$(now)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
    kib=-
  fi
  best=
  mem=-
  if [ -s "$tmp/$name.time" ]; then
    read -r best mem <"$tmp/$name.time"
  fi
  best=$(awk -v a="$best" -v b="$secs" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
  if [ "$kib" != - ]; then
    mem=$(awk -v a="$mem" -v b="$kib" 'BEGIN { print (a == "-" || b + 0 > a + 0) ? b : a }')
  fi
  echo "$best $mem" >"$tmp/$name.time"
  echo "$secs" >>"$tmp/$name.all"
}

sh "$here/gen-rules.sh" "$nrules" >"$tmp/gen.rules"
"$ACCORD" compile -o "$tmp/gen.pack" "$tmp/gen.rules" 2>"$tmp/compile.err" || {
  cat "$tmp/compile.err" >&2
  exit 1
}

# run NAME: one timed run of NAME.  wc -w reads the same files, named on
# its command line (find gives them in batches, as xargs would).
run () {
  case $1 in
    wc) measure wc find "$tmp/corpus" -type f -name '*.txt' -exec wc -w {} + ;;
    default) measure default "$ACCORD" classify -q -j 1 -f summary "$tmp/corpus" ;;
    two) measure two "$ACCORD" classify -q -j 2 -f summary "$tmp/corpus" ;;
    rules) measure rules "$ACCORD" classify -q -j 1 -f summary -r "$tmp/gen.pack" "$tmp/corpus" ;;
    jsonl) measure jsonl "$ACCORD" classify -q -j 1 -f jsonl "$tmp/corpus" ;;
  esac
}

# The runs take turns, BENCH_REPEAT rounds of each: a slow spell of a
# shared machine then slows one round of every run, not every round of
# one, and the best of each still compares like with like.  Each round
# is the last one backwards (wc default two rules, then rules two default
# wc): every pair a ratio is made of is timed within a run of the other,
# and half the rounds time one of the two first, half the other, so that
# a machine that runs the first or the second of two runs faster favours
# neither.
i=0
while [ "$i" -lt "$repeat" ]; do
  if [ $((i % 2)) -eq 0 ]; then
    order="wc default two rules"
  else
    order="rules two default wc"
  fi
  for name in $order; do
    run "$name"
  done
  if [ "$i" -lt "$jsonl_repeat" ] || [ "$i" -eq 0 ]; then
    run jsonl
  fi
  i=$((i + 1))
done
for name in default rules two jsonl; do
  if [ -s "$tmp/$name.err" ]; then
    cat "$tmp/$name.err" >&2
    exit 1
  fi
done
if ! cmp -s "$tmp/default.out" "$tmp/two.out"; then
  echo "classify.sh: -j 2 and -j 1 disagree" >&2
  exit 1
fi
statements=$(awk '/^total/ { print $4 }' "$tmp/default.out")

# ---- the table ----

echo
printf 'accord classify: %s bytes (%.1f MiB) in %s documents of 2-20 KB, %s statements; best of %s runs (-f jsonl: %s)\n' \
  "$size" "$(awk -v s="$size" 'BEGIN { print s / 1048576 }')" "$ndocs" "$statements" "$repeat" \
  "$(( jsonl_repeat < repeat ? (jsonl_repeat > 0 ? jsonl_repeat : 1) : repeat ))"
[ "$gnu_time" = yes ] || echo "(no GNU time at /usr/bin/time: peak memory not measured; apt install time)"
awk -v size="$size" -v nrules="$nrules" -v cpus="$(nproc 2>/dev/null || echo '?')" \
    -v wc="$(cat "$tmp/wc.time")" -v def="$(cat "$tmp/default.time")" \
    -v rules="$(cat "$tmp/rules.time")" -v two="$(cat "$tmp/two.time")" \
    -v jsonl="$(cat "$tmp/jsonl.time")" \
    -v wc_all="$(tr '\n' ' ' <"$tmp/wc.all")" -v def_all="$(tr '\n' ' ' <"$tmp/default.all")" \
    -v rules_all="$(tr '\n' ' ' <"$tmp/rules.all")" -v two_all="$(tr '\n' ' ' <"$tmp/two.all")" '
function row(name, t, ratio,   a, mbs, mem) {
  split(t, a, " ")
  mbs = a[1] > 0 ? size / 1e6 / a[1] : 0
  mem = a[2] == "-" ? "-" : sprintf("%.1f", a[2] / 1024)
  printf "%-36s %8.2f %9.1f %9s   %s\n", name, a[1], mbs, mem, ratio
  return a[1]
}
function x(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "?" }
# paired(A, B): the median over the rounds of the time in A over the
# time in B, each pair timed moments apart (A and B: the times of the
# rounds, in order).
function paired(a, b,   ta, tb, n, i, j, r, t) {
  n = split(a, ta, " ")
  split(b, tb, " ")
  for (i = 1; i <= n; i++)
    r[i] = tb[i] > 0 ? ta[i] / tb[i] : 0
  for (i = 2; i <= n; i++)
    for (j = i; j > 1 && r[j - 1] > r[j]; j--) {
      t = r[j]; r[j] = r[j - 1]; r[j - 1] = t
    }
  return n ? sprintf("%.2f", n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2) : "?"
}
function meets(r, goal) { return r != "?" && r + 0 >= goal + 0 }
# target(NAME, RATIO, PAIRED, GOAL): a line of the targets table: the
# ratio of the best times and the median of the ratios of the rounds must each
# be at least GOAL.
function target(name, r, pr, goal) {
  if (goal == "-")
    printf "%-52s %6s %7s   %-8s %s\n", name, r, pr, "-", "(no target: for comparison)"
  else
    printf "%-52s %6s %7s   >= %-5s %s\n", name, r, pr, goal,
      meets(r, goal) && meets(pr, goal) ? "target met" : \
      meets(pr, goal) ? "met by the rounds, not the best times" : \
      meets(r, goal) ? "met by the best times, not the rounds" : "not met"
}
BEGIN {
  split(wc, W, " "); split(def, D, " "); split(rules, R, " "); split(two, T, " "); split(jsonl, J, " ")
  printf "%-36s %8s %9s %9s   %s\n", "run", "seconds", "MB/s", "peak_MiB", "ratio"
  row("wc -w (the floor)", wc, "")
  row("classify -j 1, default pack", def, "time " x(D[1], W[1]) "x that of wc -w")
  row("classify -j 1, " nrules " generated rules", rules, "time " x(R[1], D[1]) "x that of the default pack")
  row("classify -j 2, default pack", two, "speed-up " x(D[1], T[1]) "x over -j 1 (" cpus " cores)")
  row("classify -j 1 -f jsonl, default pack", jsonl, "time " x(J[1], D[1]) "x that of -f summary")
  print ""
  printf "%-52s %6s %7s   %-8s %s\n", "target (issue 4)", "best", "rounds", "goal", ""
  target("throughput, default pack -j 1 / wc -w", x(W[1], D[1]), paired(wc_all, def_all), "0.5")
  target("throughput, default pack -j 1 -f jsonl / wc -w", x(W[1], J[1]), "-", "-")
  target("throughput, " nrules " rules / default pack", x(D[1], R[1]), paired(def_all, rules_all), "0.8")
  target("speed-up, -j 2 / -j 1 (" cpus " cores)", x(D[1], T[1]), paired(def_all, two_all), "1.7")
  if (D[2] == "-")
    printf "%-52s %6s %7s   %-8s %s\n", "peak memory -j 1, MiB", "-", "", "< 64", "not measured"
  else {
    m = (D[2] > R[2] ? D[2] : R[2]) / 1024
    printf "%-52s %6.1f %7s   <  %-5s %s\n", "peak memory -j 1 (either pack), MiB", m, "", "64", m < 64 ? "target met" : "not met"
  }
}'
