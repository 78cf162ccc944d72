#!/bin/sh
# test-html.sh: accord classify -f html.  The page is checked with grep
# (one standalone file: no network, the legend and the counts, text
# escaped) and, when Debian's chromium is installed, in a real headless
# browser: the DOM it builds holds every statement with its label class
# and title, and a screenshot renders.
# shellcheck source=tests/lib.sh
. "$ACCORD_SRCDIR/tests/lib.sh"

# has FILE DESCRIPTION STRING: ok if FILE holds STRING (fixed).
has () {
  if grep -qF -- "$3" "$1"; then
    ok "$2"
  else
    fail "$2" "no '$3' in $(basename "$1")"
  fi
}

# lacks FILE DESCRIPTION PATTERN: ok if no line of FILE matches PATTERN
# (extended, case-insensitive).
lacks () {
  if grep -qiE -- "$3" "$1"; then
    fail "$2" "$(grep -iE -- "$3" "$1" | head -5)"
  else
    ok "$2"
  fi
}

cd "$tmp" || exit 1
mkdir in run

# Two wire stories, written for this test.  The first ends with markup,
# an ampersand, both quotes and an invalid UTF-8 byte (\377).
cat >in/harbour.txt <<'EOF'
Ministers Agree Framework for Border Crossings
By Hana Okafor, Staff Correspondent

VALLETTA, March 4 (Wirecast) -- Trade ministers pledged to reopen the two customs posts within a month, officials confirmed on Tuesday. The posts will reopen only if both sides withdraw their patrols from the river crossing.

"We will not sign anything that leaves our farmers exposed," the agriculture minister said.

EOF
printf '%s\n' 'A delegate pasted <script>alert("boom")</script> & '"'single'"' quotes into the draft.' \
  >>in/harbour.txt
printf 'The file also carries a stray byte: \377 here.\n' >>in/harbour.txt
cat >in/port.txt <<'EOF'
Port Deal Hinges on Inspections
By Tomas Reyes

The coalition vowed to fund the rebuilding of the harbour & its grain silos, officials said on Friday.
Aid will flow unless inspectors report new violations before June.

Kyiv will deploy air defence units if the allies guarantee funding.

Negotiators met for six hours.
EOF

# ---- the page, with grep ----

rc=0
(cd run && "$ACCORD" classify -q -f html -o page.html ../in/harbour.txt ../in/port.txt) \
  >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" -eq 0 ] && [ -s run/page.html ] && [ ! -s "$tmp/out" ] && [ ! -s "$tmp/err" ]; then
  ok "classify -f html -o page.html exits 0 and prints nothing"
else
  fail "classify -f html -o page.html exits 0 and prints nothing" "exit status $rc" "$(cat "$tmp/out" "$tmp/err")"
fi
page=run/page.html
if [ "$(ls run)" = page.html ]; then
  ok "the page is one file"
else
  fail "the page is one file" "$(ls run)"
fi
if head -n 1 "$page" | grep -qx '<!DOCTYPE html>' && grep -qF '<meta charset="utf-8">' "$page"; then
  ok "the page is HTML5 and declares UTF-8"
else
  fail "the page is HTML5 and declares UTF-8" "$(head -n 5 "$page")"
fi
lacks "$page" "no http:// or https:// reference" 'https?://'
lacks "$page" "no external resource (link, src=, url(), @import)" '<link|src=|url\(|@import'
lacks "$page" "no script element" '<script'
if iconv -f UTF-8 -t UTF-8 "$page" >/dev/null 2>&1; then
  ok "the page is valid UTF-8"
else
  fail "the page is valid UTF-8"
fi
has "$page" "the invalid byte is shown as U+FFFD" "$(printf 'stray byte: \357\277\275 here.')"
has "$page" "markup, ampersand and quotes in the text are escaped" \
  'pasted &lt;script&gt;alert(&quot;boom&quot;)&lt;/script&gt; &amp; &#39;single&#39; quotes'
has "$page" "the ampersand of the second story is escaped" 'the harbour &amp; its grain silos'
for label in quote pledge condition background; do
  has "$page" "the legend shows $label" "<span class=\"chip label-$label\">$label</span>"
done
n=$(grep -c '<table class="counts">' "$page" || true)
if [ "$n" -eq 2 ]; then
  ok "each document has its table of counts"
else
  fail "each document has its table of counts" "$n tables"
fi
has "$page" "the corpus totals are there" 'total (2 documents)'
if grep -qE 'pack <code>[0-9a-f]{32}</code>' "$page"; then
  ok "the footer gives the pack's fingerprint"
else
  fail "the footer gives the pack's fingerprint" "$(grep -F '<footer' "$page")"
fi
has "$page" "a title names the rule and its captures" \
  'pledge — commit_to: actor=&quot;ministers&quot;'

# The statements and their primary labels, as -f tsv gives them.
"$ACCORD" classify -q -f tsv in/harbour.txt in/port.txt | sed 1d | cut -f5 >labels.want

# The same page from several threads.
"$ACCORD" classify -q -j 4 -f html -o page4.html in/harbour.txt in/port.txt
"$ACCORD" classify -q -j 1 -f html -o page1.html in/harbour.txt in/port.txt
if cmp -s page1.html page4.html; then
  ok "-j 4 writes the same page as -j 1"
else
  fail "-j 4 writes the same page as -j 1" "$(diff page1.html page4.html | head -20)"
fi
rc=0
"$ACCORD" classify -q -f xml in/port.txt >"$tmp/out" 2>"$tmp/err" || rc=$?
if [ "$rc" -eq 2 ] && grep -qF 'html' "$tmp/err"; then
  ok "an unknown format exits 2 and lists html"
else
  fail "an unknown format exits 2 and lists html" "exit status $rc" "$(cat "$tmp/err")"
fi

# ---- the page, in a headless browser ----

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  cat >browser-checks <<'EOF'
the browser builds the DOM
the DOM holds every statement, in order, with its label class
the DOM keeps the titles
the DOM shows a statement with two labels
headlines and bylines are blocks of their own
the escaped markup stays text in the DOM
the browser renders a screenshot (PNG)
EOF
  while IFS= read -r desc; do
    skip "$desc" "chromium not installed"
  done <browser-checks
  finish
  exit $?
fi

mkdir home
# browse ARGS...: runs headless chromium on the page; its messages go to
# $tmp/browser.err.
browse () {
  env HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" XDG_CACHE_HOME="$tmp/home" \
    timeout 60 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/profile" "$@" "file://$tmp/run/page.html" 2>"$tmp/browser.err"
}

rc=0
browse --dump-dom >dom.html || rc=$?
if [ "$rc" -eq 0 ] && grep -qF '<section class="totals"' dom.html; then
  ok "the browser builds the DOM"
else
  fail "the browser builds the DOM" "exit status $rc" "$(tail -n 20 "$tmp/browser.err")"
fi
grep -o '<span class="st label-[A-Za-z0-9_]*' dom.html | sed 's/.*label-//' >labels.got || true
if [ -s labels.got ] && cmp -s labels.want labels.got; then
  ok "the DOM holds every statement, in order, with its label class"
else
  fail "the DOM holds every statement, in order, with its label class" "$(diff labels.want labels.got)"
fi
if grep -qF 'title="statement 3: pledge' dom.html \
  && grep -qF 'pledge — commit_to: actor=&quot;ministers&quot;' dom.html \
  && grep -qF 'quote — quote_then_speech: source=&quot;the agriculture minister&quot;, cue=&quot;said&quot;' dom.html
then
  ok "the DOM keeps the titles"
else
  fail "the DOM keeps the titles" "$(grep -F 'title=' dom.html | head -10)"
fi
if grep -qF '<span class="st label-pledge also-condition" title="statement 5: pledge (labels: pledge, condition)' dom.html
then
  ok "the DOM shows a statement with two labels"
else
  fail "the DOM shows a statement with two labels" "$(grep -F 'Kyiv' dom.html)"
fi
if grep -qF '<div class="line"><span class="st label-pledge" title="statement 1: pledge' dom.html \
  && grep -qF 'pledge — deal_sealed">Ministers Agree' dom.html \
  && grep -qF '<div class="line"><span class="st label-background" title="statement 2: background">By Tomas Reyes' dom.html
then
  ok "headlines and bylines are blocks of their own"
else
  fail "headlines and bylines are blocks of their own" "$(grep -F 'class="line"' dom.html | head -5)"
fi
if grep -qF 'pasted &lt;script&gt;alert("boom")&lt;/script&gt; &amp;' dom.html && ! grep -qi '<script' dom.html; then
  ok "the escaped markup stays text in the DOM"
else
  fail "the escaped markup stays text in the DOM" "$(grep -iF 'script' dom.html | head -5)"
fi
rc=0
browse --screenshot="$tmp/shot.png" --window-size=1200,900 >/dev/null || rc=$?
magic=$(od -An -tx1 -N8 "$tmp/shot.png" 2>/dev/null | tr -d ' \n' || true)
if [ "$rc" -eq 0 ] && [ -s "$tmp/shot.png" ] && [ "$magic" = 89504e470d0a1a0a ]; then
  ok "the browser renders a screenshot (PNG)"
else
  fail "the browser renders a screenshot (PNG)" "exit status $rc, magic '$magic'" "$(tail -n 20 "$tmp/browser.err")"
fi

finish
