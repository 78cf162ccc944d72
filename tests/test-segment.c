/* test-segment.c: the statement segmenter (src/segment.c).
 *
 *  - /segment/case/...: one text per case, with the statements written
 *    out by hand, joined by " | " (a NUL byte shows as \0), and their
 *    kinds (S sentence, L line) where they matter;
 *  - /segment/property/written: every case text is covered (below);
 *  - /segment/property/generated: 2,000 random documents are covered.
 *    ACCORD_TEST_SEED picks the seed (printed on failure);
 *  - /segment/large: 50 MB without a line break, and 10 MB of random
 *    bytes, are covered.
 *
 * Covered: every byte that is not white space is in exactly one
 * statement; statements are in order, within the text, and trimmed.
 * White space is decided here independently of segment.c.
 */
#include "config.h"

#include <string.h>

#include "segment.h"

/* ---- coverage ---- */

static gboolean
ws (gunichar c)
{
  return g_unichar_isspace (c) || c == '\v' || c == 0x85 || c == 0xfeff;
}

/* For each byte: 1 if it is part of a white-space character, and whether
 * a character starts there. */
static void
classify (const char *text, gsize len, guint8 *space, guint8 *starts)
{
  gsize i = 0;
  while (i < len)
    {
      gsize n = 1;
      gunichar c = (guchar) text[i];
      if (c >= 0x80)
        {
          c = g_utf8_get_char_validated (text + i, (gssize) MIN (len - i, 4));
          if (c == (gunichar) -1 || c == (gunichar) -2)
            c = 0xfffd;
          else
            n = (gsize) g_utf8_skip[(guchar) text[i]];
        }
      starts[i] = 1;
      for (gsize k = 0; k < n; k++)
        space[i + k] = ws (c);
      i += n;
    }
}

/* NULL when OUT[FIRST..] covers TEXT as promised, else what is wrong. */
static char *
check_coverage (const char *text, gsize len, gsize base, GArray *out, guint first)
{
  g_autofree guint8 *space = g_malloc0 (len + 1);
  g_autofree guint8 *starts = g_malloc0 (len + 1);
  classify (text, len, space, starts);
  starts[len] = 1;
  gsize pos = 0;        /* everything before is accounted for */
  for (guint k = first; k < out->len; k++)
    {
      const Statement *s = &g_array_index (out, Statement, k);
      if (s->start < base || s->end > base + len || s->start >= s->end)
        return g_strdup_printf ("statement %u [%u, %u) is outside or empty", k, s->start, s->end);
      gsize a = s->start - base, b = s->end - base;
      if (a < pos)
        return g_strdup_printf ("statement %u [%u, %u) overlaps or is out of order", k, s->start,
                                s->end);
      for (gsize i = pos; i < a; i++)
        if (!space[i])
          return g_strdup_printf ("byte %" G_GSIZE_FORMAT " (0x%02x) is in no statement", i,
                                  (guchar) text[i]);
      if (!starts[a] || space[a])
        return g_strdup_printf ("statement %u starts at %" G_GSIZE_FORMAT
                                ", not on a character that is not white space", k, a);
      if (!starts[b] || space[b - 1])
        return g_strdup_printf ("statement %u ends at %" G_GSIZE_FORMAT
                                ", not after a character that is not white space", k, b);
      if (s->kind != STATEMENT_SENTENCE && s->kind != STATEMENT_LINE)
        return g_strdup_printf ("statement %u has kind %u", k, s->kind);
      pos = b;
    }
  for (gsize i = pos; i < len; i++)
    if (!space[i])
      return g_strdup_printf ("byte %" G_GSIZE_FORMAT " (0x%02x) is in no statement", i,
                              (guchar) text[i]);
  return NULL;
}

static GHashTable *
abbrev_table (const char *list)
{
  if (!list)
    return NULL;
  GHashTable *h = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) words = g_strsplit (list, " ", -1);
  for (char **w = words; *w; w++)
    if (**w)
      g_hash_table_add (h, g_utf8_casefold (*w, -1));
  return h;
}

/* ---- the cases ---- */

typedef struct {
  const char *name;
  const char *text;
  gssize len;           /* -1: up to the NUL */
  const char *expect;   /* the statements joined by " | " */
  const char *kinds;    /* S or L per statement; NULL: not checked */
  const char *abbrevs;  /* space-separated, for ABBREVS; NULL: none */
} Case;

#define T(name, text, expect) { name, text, -1, expect, NULL, NULL }
#define TK(name, text, expect, kinds) { name, text, -1, expect, kinds, NULL }
#define TA(name, text, abbrevs, expect) { name, text, -1, expect, NULL, abbrevs }
#define TN(name, text, expect) { name, text, sizeof text - 1, expect, NULL, NULL }

#define R10(s) s s s s s s s s s s
#define LONG_WORD R10 (R10 (R10 ("Negotiator")))    /* 3,000 letters */

static const Case cases[] = {
  /* ---- nothing, and one statement ---- */
  TK ("empty", "", "", ""),
  TK ("spaces-only", "   \t  \n\n  \r\n ", "", ""),
  TK ("nbsp-only", "\xc2\xa0\xe2\x80\xaf\xe2\x80\xa8\xe2\x80\xa9\xef\xbb\xbf\v\f", "", ""),
  TK ("one-sentence", "The talks resumed on Monday.", "The talks resumed on Monday.", "S"),
  TK ("two-sentences", "The talks resumed on Monday. Both sides sent envoys.",
      "The talks resumed on Monday. | Both sides sent envoys.", "SS"),
  TK ("no-final-punctuation", "The talks resumed on Monday", "The talks resumed on Monday", "L"),
  TK ("no-final-after-sentence", "The talks resumed. Both sides sent envoys",
      "The talks resumed. | Both sides sent envoys", "SS"),
  T ("leading-trailing-space", "  \n The talks resumed.  Both sides sent envoys. \n\n ",
     "The talks resumed. | Both sides sent envoys."),
  T ("no-space-after-period", "The talks resumed.Both sides sent envoys.",
     "The talks resumed.Both sides sent envoys."),
  T ("only-punctuation", "...", "..."),

  /* ---- question and exclamation marks, ellipses ---- */
  T ("question", "Will the truce hold? Diplomats in Doha are not sure.",
     "Will the truce hold? | Diplomats in Doha are not sure."),
  T ("exclamation", "Enough! The envoy walked out of the room.",
     "Enough! | The envoy walked out of the room."),
  T ("question-exclamation-run", "Is this a deal?! Nobody in the hall could tell.",
     "Is this a deal?! | Nobody in the hall could tell."),
  T ("question-lower-case", "Why now? the envoy asked before leaving.",
     "Why now? the envoy asked before leaving."),
  T ("exclamation-quote-lower", "\xe2\x80\x9cStop!\xe2\x80\x9d cried a delegate, and the hall fell silent.",
     "\xe2\x80\x9cStop!\xe2\x80\x9d cried a delegate, and the hall fell silent."),
  T ("ellipsis-upper", "We waited for an answer... Nobody came.",
     "We waited for an answer... | Nobody came."),
  T ("ellipsis-lower", "We waited... and waited for a reply from Moscow.",
     "We waited... and waited for a reply from Moscow."),
  T ("ellipsis-unicode-upper", "We waited for an answer\xe2\x80\xa6 Nobody came.",
     "We waited for an answer\xe2\x80\xa6 | Nobody came."),
  T ("ellipsis-unicode-lower", "The offer was\xe2\x80\xa6 generous, at best.",
     "The offer was\xe2\x80\xa6 generous, at best."),
  T ("ellipsis-no-space", "The deal...was signed at noon. Markets rose.",
     "The deal...was signed at noon. | Markets rose."),
  T ("ellipsis-spaced", "The deal . . . was signed at noon. Markets rose.",
     "The deal . . . was signed at noon. | Markets rose."),
  T ("ellipsis-four-dots", "The envoy never replied.... Then the line went dead.",
     "The envoy never replied.... | Then the line went dead."),
  T ("interrobang", "A deal at last\xe2\x80\xbd Few in the room believed it.",
     "A deal at last\xe2\x80\xbd | Few in the room believed it."),

  /* ---- numbers ---- */
  T ("decimal", "Inflation rose 3.5 percent in May. Prices held in June.",
     "Inflation rose 3.5 percent in May. | Prices held in June."),
  T ("decimal-percent", "Tariffs fell to 0.75% on Friday. Exporters cheered the cut.",
     "Tariffs fell to 0.75% on Friday. | Exporters cheered the cut."),
  T ("number-start", "The vote was held in 2019. 2020 brought a new round of talks.",
     "The vote was held in 2019. | 2020 brought a new round of talks."),
  T ("decimal-start", "Turnout was low. 12.5 million people voted.",
     "Turnout was low. | 12.5 million people voted."),
  T ("number-before-number", "The clause is in section 4. 5 delegations objected to it.",
     "The clause is in section 4. | 5 delegations objected to it."),
  T ("thousands", "Some 800,000 people fled. 1,200 returned by spring.",
     "Some 800,000 people fled. | 1,200 returned by spring."),
  T ("currency-start", "The fund is short. $50 billion is still missing.",
     "The fund is short. | $50 billion is still missing."),

  /* ---- lower-case starts ---- */
  T ("lower-case-start", "The envoy arrived late. and the meeting began without him.",
     "The envoy arrived late. and the meeting began without him."),
  T ("lower-case-brand", "The ministers met in Oslo. iPhone exports were not discussed.",
     "The ministers met in Oslo. iPhone exports were not discussed."),

  /* ---- abbreviations ---- */
  T ("abbr-mr-mrs-ms", "Mr. Okoye met Mrs. Varga and Ms. Lindqvist in Vienna. They spoke for hours.",
     "Mr. Okoye met Mrs. Varga and Ms. Lindqvist in Vienna. | They spoke for hours."),
  T ("abbr-dr-prof", "Dr. Haas and Prof. Ortiz drafted the annex. It was short.",
     "Dr. Haas and Prof. Ortiz drafted the annex. | It was short."),
  T ("abbr-military", "Gen. Park, Lt. Col. Reyes and Maj. Dunn signed. Capt. Ito, Adm. Vale and Sgt. Moss "
     "watched.",
     "Gen. Park, Lt. Col. Reyes and Maj. Dunn signed. | Capt. Ito, Adm. Vale and Sgt. Moss watched."),
  T ("abbr-politics", "Sen. Ward, Rep. Ochoa and Gov. Lind met Pres. Amadi. Amb. Kerr joined them later.",
     "Sen. Ward, Rep. Ochoa and Gov. Lind met Pres. Amadi. | Amb. Kerr joined them later."),
  T ("abbr-st-jr-sr", "The envoy flew to St. Petersburg with Robert Hale Jr. and Tom Hale Sr. on Tuesday.",
     "The envoy flew to St. Petersburg with Robert Hale Jr. and Tom Hale Sr. on Tuesday."),
  T ("abbr-jr-before-name", "The letter was signed by Amos Kent Jr. Officials in Ankara did not comment.",
     "The letter was signed by Amos Kent Jr. Officials in Ankara did not comment."),
  T ("abbr-no-number", "The talks took place at No. 10 on Friday. Officials were upbeat.",
     "The talks took place at No. 10 on Friday. | Officials were upbeat."),
  T ("abbr-nos", "Clauses Nos. 3 and 4 were dropped. Negotiators agreed.",
     "Clauses Nos. 3 and 4 were dropped. | Negotiators agreed."),
  T ("abbr-art-para", "Under Art. 5 and Para. 2 of the charter, aid must flow. Both sides agree.",
     "Under Art. 5 and Para. 2 of the charter, aid must flow. | Both sides agree."),
  T ("abbr-no-as-answer", "Asked if the talks had failed, he said no. The next round starts in June.",
     "Asked if the talks had failed, he said no. | The next round starts in June."),
  T ("abbr-art-as-word", "The museum returned the looted art. Officials called it a gesture of goodwill.",
     "The museum returned the looted art. | Officials called it a gesture of goodwill."),
  T ("abbr-vs", "It was Kyiv vs. Moscow again. The talks stalled.",
     "It was Kyiv vs. Moscow again. | The talks stalled."),
  T ("abbr-etc", "They discussed grain, oil, steel, etc. Nothing else came up.",
     "They discussed grain, oil, steel, etc. Nothing else came up."),
  T ("abbr-eg-ie", "Some items, e.g. Grain exports, were settled. Others, i.e. Energy, were not.",
     "Some items, e.g. Grain exports, were settled. | Others, i.e. Energy, were not."),
  T ("abbr-approx", "The convoy carried approx. 400 tonnes of aid. It arrived at dawn.",
     "The convoy carried approx. 400 tonnes of aid. | It arrived at dawn."),
  T ("abbr-months", "The truce began on Jan. 5 and ended on Feb. 9. Talks resumed in Mar. 2024 and Apr. "
     "2025.",
     "The truce began on Jan. 5 and ended on Feb. 9. | Talks resumed in Mar. 2024 and Apr. 2025."),
  T ("abbr-months-rest", "Deadlines fell on Jun. 1, Jul. 15, Aug. 30, Sep. 2, Sept. 9, Oct. 3, Nov. 11 and "
     "Dec. 24. None was met.",
     "Deadlines fell on Jun. 1, Jul. 15, Aug. 30, Sep. 2, Sept. 9, Oct. 3, Nov. 11 and Dec. 24. | None was "
     "met."),
  T ("abbr-am-pm", "The ceasefire starts at 6 a.m. Monday and ends at 9 p.m. Friday. Monitors will report "
     "daily.",
     "The ceasefire starts at 6 a.m. Monday and ends at 9 p.m. Friday. | Monitors will report daily."),
  T ("abbr-upper-case", "GEN. TARKOV ARRIVED LATE. THE TALKS BEGAN.",
     "GEN. TARKOV ARRIVED LATE. | THE TALKS BEGAN."),
  T ("abbr-in-brackets", "The plan (drafted by Gen. Okafor) was approved. It takes effect soon.",
     "The plan (drafted by Gen. Okafor) was approved. | It takes effect soon."),
  T ("abbr-in-quotes", "\xe2\x80\x9c" "Dr. Moreau will lead,\xe2\x80\x9d the ministry said. She arrived on "
     "Sunday.",
     "\xe2\x80\x9c" "Dr. Moreau will lead,\xe2\x80\x9d the ministry said. | She arrived on Sunday."),
  T ("abbr-nbsp", "Mr.\xc2\xa0Haddad signed. Gen.\xc2\xa0Soto did not.",
     "Mr.\xc2\xa0Haddad signed. | Gen.\xc2\xa0Soto did not."),
  TK ("abbr-at-text-end", "The delegation was led by an envoy from the U.S.",
      "The delegation was led by an envoy from the U.S.", "S"),
  T ("abbr-before-blank-line", "Talks were held with the U.S.\n\nThe next round is in May.",
     "Talks were held with the U.S. | The next round is in May."),
  T ("abbr-initials-line-end", "Sanctions were imposed by the U.S.\nThe next round is in May.",
     "Sanctions were imposed by the U.S. | The next round is in May."),
  T ("abbr-title-line-end", "The plan was drafted by Gen.\nOkafor and his staff.",
     "The plan was drafted by Gen.\nOkafor and his staff."),
  T ("abbr-etc-line-end", "Grain, oil, steel, etc.\nThe list is final.",
     "Grain, oil, steel, etc. | The list is final."),
  T ("abbr-pm-line-end", "The vote is at 9 p.m.\nResults will follow on Sunday.",
     "The vote is at 9 p.m. | Results will follow on Sunday."),
  T ("abbr-word-ending-like-abbr", "The team went on to the summit. Talks began at once.",
     "The team went on to the summit. | Talks began at once."),
  T ("abbr-url-like-gov", "The text is posted on state.gov. Reporters read it.",
     "The text is posted on state.gov. | Reporters read it."),

  /* ---- initials ---- */
  T ("initials-us-uk", "The U.S. and the U.K. backed the plan. The U.N. and the E.U. did too.",
     "The U.S. and the U.K. backed the plan. | The U.N. and the E.U. did too."),
  T ("initials-before-name", "The envoy briefed the U.N. Security Council on Friday.",
     "The envoy briefed the U.N. Security Council on Friday."),
  T ("initials-single", "The report by J. Smith and A. B. Carter was leaked. It named no sources.",
     "The report by J. Smith and A. B. Carter was leaked. | It named no sources."),
  T ("initials-capital-letter-end", "The plan was backed by group B. Talks continue.",
     "The plan was backed by group B. Talks continue."),
  T ("initials-capital-letter-line-end", "The plan was backed by group B.\nTalks continue.",
     "The plan was backed by group B. | Talks continue."),
  T ("initials-lower-single", "He chose option b. Then he left.", "He chose option b. | Then he left."),
  T ("initials-four", "The U.S.S.R. collapsed in 1991. Talks began soon after.",
     "The U.S.S.R. collapsed in 1991. | Talks began soon after."),
  T ("initials-hyphen", "The U.S.-led talks ended. Iran left the table.",
     "The U.S.-led talks ended. | Iran left the table."),

  /* ---- quotes ---- */
  T ("quote-comma", "\"We will stay,\" he said.", "\"We will stay,\" he said."),
  T ("quote-full-then-sentence", "\"We will not leave.\" The minister then left.",
     "\"We will not leave.\" | The minister then left."),
  T ("quote-after-colon", "He said: \"We will stay.\" Nobody replied.",
     "He said: \"We will stay.\" | Nobody replied."),
  T ("quote-attributed-then-quote", "\"We will stay,\" the envoy said. \"Nothing has changed.\"",
     "\"We will stay,\" the envoy said. | \"Nothing has changed.\""),
  T ("quote-curly-double", "\xe2\x80\x9cWe will stay,\xe2\x80\x9d the envoy said. \xe2\x80\x9cNothing has "
     "changed.\xe2\x80\x9d",
     "\xe2\x80\x9cWe will stay,\xe2\x80\x9d the envoy said. | \xe2\x80\x9cNothing has changed.\xe2\x80\x9d"),
  T ("quote-curly-single", "\xe2\x80\x98We will stay,\xe2\x80\x99 the envoy said. \xe2\x80\x98Nothing has "
     "changed.\xe2\x80\x99",
     "\xe2\x80\x98We will stay,\xe2\x80\x99 the envoy said. | \xe2\x80\x98Nothing has changed.\xe2\x80\x99"),
  T ("quote-straight-single", "'We will stay,' he said. 'Nothing has changed.' Then he left.",
     "'We will stay,' he said. | 'Nothing has changed.' | Then he left."),
  T ("quote-guillemets", "The president said: \xc2\xabWe will stay.\xc2\xbb The talks went on.",
     "The president said: \xc2\xabWe will stay.\xc2\xbb | The talks went on."),
  T ("quote-guillemets-french-spacing",
     "\xc2\xab Nous restons \xc2\xbb, a dit l\xe2\x80\x99" "envoy\xc3\xa9. \xc2\xab Rien n\xe2\x80\x99" "a "
     "chang\xc3\xa9.\xc2\xa0\xc2\xbb Il est parti.",
     "\xc2\xab Nous restons \xc2\xbb, a dit l\xe2\x80\x99" "envoy\xc3\xa9. | \xc2\xab Rien n\xe2\x80\x99" "a "
     "chang\xc3\xa9.\xc2\xa0\xc2\xbb | Il est parti."),
  T ("quote-low-nine", "\xe2\x80\x9eWir bleiben\xe2\x80\x9c, sagte der Gesandte. \xe2\x80\x9eNichts hat sich "
     "ge\xc3\xa4ndert.\xe2\x80\x9c Dann ging er.",
     "\xe2\x80\x9eWir bleiben\xe2\x80\x9c, sagte der Gesandte. | \xe2\x80\x9eNichts hat sich "
     "ge\xc3\xa4ndert.\xe2\x80\x9c | Dann ging er."),
  T ("quote-over-two-sentences", "\"We will stay. We will not give up,\" the minister said.",
     "\"We will stay. | We will not give up,\" the minister said."),
  T ("quote-over-two-curly", "\xe2\x80\x9cThe door is open. The offer stands,\xe2\x80\x9d she said in "
     "Brussels.",
     "\xe2\x80\x9cThe door is open. | The offer stands,\xe2\x80\x9d she said in Brussels."),
  T ("quote-nested", "He said: \"They told us 'we stay until March.'\" The talks ended.",
     "He said: \"They told us 'we stay until March.'\" | The talks ended."),
  T ("quote-nested-curly", "\xe2\x80\x9cThey called it \xe2\x80\x98" "a final offer.\xe2\x80\x99\xe2\x80\x9d "
     "Few believed them.",
     "\xe2\x80\x9cThey called it \xe2\x80\x98" "a final offer.\xe2\x80\x99\xe2\x80\x9d | Few believed them."),
  T ("quote-question-then-verb", "\"Is there a deal?\" asked a reporter in the front row.",
     "\"Is there a deal?\" asked a reporter in the front row."),
  T ("quote-question-then-name", "\"Is there a deal?\" Haddad asked.",
     "\"Is there a deal?\" | Haddad asked."),
  T ("quote-exclamation", "\xe2\x80\x9cNever!\xe2\x80\x9d a protester shouted outside. Police stood by.",
     "\xe2\x80\x9cNever!\xe2\x80\x9d a protester shouted outside. | Police stood by."),
  T ("quote-period-inside", "The envoy called the offer \"a start.\" Others disagreed.",
     "The envoy called the offer \"a start.\" | Others disagreed."),
  T ("quote-period-outside", "The envoy called the offer \xe2\x80\x9c" "a start\xe2\x80\x9d. Others "
     "disagreed.",
     "The envoy called the offer \xe2\x80\x9c" "a start\xe2\x80\x9d. | Others disagreed."),
  T ("quote-scare", "The so-called \xe2\x80\x9cpeace dividend\xe2\x80\x9d never arrived. Markets fell.",
     "The so-called \xe2\x80\x9cpeace dividend\xe2\x80\x9d never arrived. | Markets fell."),
  T ("quote-digit-after", "He answered \"no.\" 40 delegates walked out.",
     "He answered \"no.\" | 40 delegates walked out."),
  T ("quote-across-lines", "The envoy said:\n\xe2\x80\x9cWe will stay until the end.\xe2\x80\x9d",
     "The envoy said:\n\xe2\x80\x9cWe will stay until the end.\xe2\x80\x9d"),

  /* ---- brackets ---- */
  T ("bracket-whole-sentence", "(The talks were closed to the press.) Officials gave no details.",
     "(The talks were closed to the press.) | Officials gave no details."),
  T ("bracket-before-period", "The deal was signed (in Doha). It takes effect in May.",
     "The deal was signed (in Doha). | It takes effect in May."),
  T ("bracket-inner-period", "The accord (see Art. 4.) was revised. It is now final.",
     "The accord (see Art. 4.) was revised. | It is now final."),
  T ("bracket-opens-sentence", "The vote passed. [Updated at noon] Officials confirmed it.",
     "The vote passed. | [Updated at noon] Officials confirmed it."),
  T ("bracket-quote", "(\xe2\x80\x9cWe will stay.\xe2\x80\x9d) The envoy left.",
     "(\xe2\x80\x9cWe will stay.\xe2\x80\x9d) | The envoy left."),

  /* ---- headlines, bylines, datelines, sub-headings ---- */
  TK ("headline-blank-line",
      "Rivals Agree To Extend Grain Corridor\n\nThe rivals agreed on Tuesday to extend the corridor. "
      "Shipping resumed.",
      "Rivals Agree To Extend Grain Corridor | The rivals agreed on Tuesday to extend the corridor. | "
      "Shipping resumed.",
      "LSS"),
  TK ("headline-newline", "Ceasefire Holds For Third Day\nThe ceasefire held for a third day on Sunday.",
      "Ceasefire Holds For Third Day | The ceasefire held for a third day on Sunday.", "LS"),
  TK ("headline-byline-dateline",
      "Truce talks stall in Cairo\nBy Jane Roe and Omar Haddad\nCAIRO, May 2 (Reuters) - Talks on a truce "
      "stalled on Thursday. Mediators will try again.\n",
      "Truce talks stall in Cairo | By Jane Roe and Omar Haddad | CAIRO, May 2 (Reuters) - Talks on a truce "
      "stalled on Thursday. | Mediators will try again.",
      "LLSS"),
  TK ("headline-dek-byline",
      "Envoys Near Deal On Prisoner Swap\nBoth sides say a deal could come within days.\nBy Lena Park, "
      "Diplomatic Correspondent\n\nEnvoys said on Monday that a swap was close.",
      "Envoys Near Deal On Prisoner Swap | Both sides say a deal could come within days. | By Lena Park, "
      "Diplomatic Correspondent | Envoys said on Monday that a swap was close.",
      "LSLS"),
  TK ("dateline-only-line", "GENEVA \xe2\x80\x94\nEnvoys from both sides met on Friday.",
      "GENEVA \xe2\x80\x94 | Envoys from both sides met on Friday.", "LS"),
  TK ("dateline-ap-style", "GENEVA (AP) \xe2\x80\x94 Envoys from both sides met on Friday. They agreed on "
      "little.",
      "GENEVA (AP) \xe2\x80\x94 Envoys from both sides met on Friday. | They agreed on little.", "SS"),
  T ("dateline-colon", "ANKARA: Officials confirmed the talks on Monday. No date was set.",
     "ANKARA: Officials confirmed the talks on Monday. | No date was set."),
  TK ("subheading", "The first phase ends in March.\nWhat comes next\nThe second phase is unclear.",
      "The first phase ends in March. | What comes next | The second phase is unclear.", "SLS"),
  TK ("headline-question", "Will the truce hold?\n\nDiplomats doubt it.",
      "Will the truce hold? | Diplomats doubt it.", "SS"),
  TK ("headline-with-colon", "Analysis: Why the grain deal matters\nThe deal matters for three reasons.",
      "Analysis: Why the grain deal matters | The deal matters for three reasons.", "LS"),
  TK ("headline-initials", "U.S. And Iran Near Deal In Oman\nTalks resume on Sunday.",
      "U.S. And Iran Near Deal In Oman | Talks resume on Sunday.", "LS"),
  TK ("quote-line-without-period", "\xe2\x80\x9cWe are not there yet\xe2\x80\x9d\nThe minister spoke after "
      "the talks.",
      "\xe2\x80\x9cWe are not there yet\xe2\x80\x9d | The minister spoke after the talks.", "LS"),
  TK ("reporting-credit", "The talks continue on Monday.\n(Reporting by Jane Roe; Editing by Sam Poe)",
      "The talks continue on Monday. | (Reporting by Jane Roe; Editing by Sam Poe)", "SL"),
  TK ("open-line-with-two-sentences", "Talks went well. The truce held\nA new round starts soon.",
      "Talks went well. | The truce held | A new round starts soon.", "SSS"),
  TK ("colon-line-then-headline", "Key points of the deal:\nCeasefire From Monday\nPrisoner Swap Within A "
      "Week\n",
      "Key points of the deal: | Ceasefire From Monday | Prisoner Swap Within A Week", "SLL"),

  /* ---- list items ---- */
  TK ("list-dash",
      "The draft commits both sides to:\n- Troops to withdraw by March\n- Prisoners to be exchanged within a "
      "month.",
      "The draft commits both sides to: | - Troops to withdraw by March | - Prisoners to be exchanged within "
      "a month.",
      "SLL"),
  TK ("list-star", "* Aid corridors to open\n* Monitors to deploy", "* Aid corridors to open | * Monitors to "
      "deploy",
      "LL"),
  TK ("list-bullet-with-sentences", "\xe2\x80\xa2 Aid corridors open.\n\xe2\x80\xa2 Monitors deploy. "
      "Observers too.",
      "\xe2\x80\xa2 Aid corridors open. | \xe2\x80\xa2 Monitors deploy. Observers too.", "LL"),
  TK ("list-numbered-dot", "1. Aid corridors open.\n2. Monitors deploy.\n10. Talks resume.",
      "1. Aid corridors open. | 2. Monitors deploy. | 10. Talks resume.", "LLL"),
  TK ("list-numbered-paren", "1) Aid corridors open\n2) Monitors deploy", "1) Aid corridors open | 2) "
      "Monitors deploy",
      "LL"),
  TK ("list-letter-paren", "a) Aid corridors open\n(b) Monitors deploy", "a) Aid corridors open | (b) "
      "Monitors deploy",
      "LL"),
  TK ("list-dashes", "\xe2\x80\x93 Aid corridors open\n\xe2\x80\x94 Monitors deploy.",
      "\xe2\x80\x93 Aid corridors open | \xe2\x80\x94 Monitors deploy.", "LL"),
  TK ("list-indented", "   * Aid to flow from June\n\t- Monitors to follow", "* Aid to flow from June | - "
      "Monitors to follow",
      "LL"),
  TK ("list-wrapped-item", "- Troops will withdraw from the\n  border by the end of March\n- Talks resume",
      "- Troops will withdraw from the\n  border by the end of March | - Talks resume", "LL"),
  TK ("list-then-paragraph", "- Aid corridors open.\nThe rest of the plan is vague.",
      "- Aid corridors open. | The rest of the plan is vague.", "LS"),
  TK ("list-markers-alone", "-\n*", "- | *", "LL"),
  T ("not-a-list-decimal", "1.5 million people fled.\n2.5 million returned.",
     "1.5 million people fled. | 2.5 million returned."),
  T ("not-a-list-hyphenated", "-backed talks went on. Nobody left.", "-backed talks went on. | Nobody left."),

  /* ---- line breaks and white space ---- */
  TK ("hard-wrap-lower-case", "The ministers met in Geneva and agreed\nto extend the truce by a month.\nThe "
      "vote is next week.",
      "The ministers met in Geneva and agreed\nto extend the truce by a month. | The vote is next "
      "week.", "SS"),
  TK ("hard-wrap-three-lines", "The envoys agreed\nto extend the truce and\nto reopen the border.\nMarkets "
      "rose.",
      "The envoys agreed\nto extend the truce and\nto reopen the border. | Markets rose.", "SS"),
  TK ("headline-then-lower-case-label", "Leaders Agree On Debt Relief\nlive updates\n\nLeaders agreed on "
      "Sunday to ease debt rules.",
      "Leaders Agree On Debt Relief | live updates | Leaders agreed on Sunday to ease debt rules.", "LLS"),
  TK ("headline-then-lower-case-line-end", "Truce Talks Resume\nanalysis",
      "Truce Talks Resume | analysis", "LL"),
  T ("wrapped-comma-no-final", "The talks, which began in May,\ncontinued on Friday",
     "The talks, which began in May,\ncontinued on Friday"),
  T ("wrapped-comma", "The talks, which began in May,\ncontinued on Friday.",
     "The talks, which began in May,\ncontinued on Friday."),
  T ("wrapped-semicolon", "Aid will flow;\nTroops will leave.", "Aid will flow;\nTroops will leave."),
  T ("paragraph-per-line", "The talks ended on Friday.\nBoth sides left Doha.\nA new round is planned.",
     "The talks ended on Friday. | Both sides left Doha. | A new round is planned."),
  T ("blank-line-ends", "The talks ended without a deal,\n\nofficials said on Monday.",
     "The talks ended without a deal, | officials said on Monday."),
  TK ("blank-lines-with-spaces", "First Round Ends\n   \n\t\nThe second round starts in May.",
      "First Round Ends | The second round starts in May.", "LS"),
  TK ("crlf", "Truce Extended\r\n\r\nThe truce was extended on Monday.\r\nAid trucks entered at dawn.\r\n",
      "Truce Extended | The truce was extended on Monday. | Aid trucks entered at dawn.", "LSS"),
  TK ("cr-only", "Truce Extended\rThe truce was extended.", "Truce Extended | The truce was extended.", "LS"),
  T ("tabs", "\tThe talks resumed.\tBoth sides sent envoys.\t", "The talks resumed. | Both sides sent "
     "envoys."),
  T ("nbsp-between", "The talks resumed.\xc2\xa0" "Both sides sent envoys.\xc2\xa0",
     "The talks resumed. | Both sides sent envoys."),
  T ("nbsp-around", "\xc2\xa0\xc2\xa0The envoy left.\xe2\x80\xaf", "The envoy left."),
  TK ("line-separator", "Truce Extended\xe2\x80\xa8The truce held.", "Truce Extended | The truce "
      "held.", "LS"),
  T ("paragraph-separator", "The talks ended,\xe2\x80\xa9officials said.", "The talks ended, | officials "
     "said."),
  TK ("vertical-tab-form-feed", "Truce Extended\vThe truce held.\fA new round starts soon.",
      "Truce Extended | The truce held. | A new round starts soon.", "LSS"),
  T ("next-line-char", "The truce held.\xc2\x85" "Aid arrived.", "The truce held. | Aid arrived."),
  T ("bom", "\xef\xbb\xbfThe talks resumed. Both sides met.", "The talks resumed. | Both sides met."),
  T ("bom-alone", "\xef\xbb\xbf", ""),

  /* ---- URLs, e-mail ---- */
  T ("url-inside", "Read the text at www.example.org/accord.html today. It runs to 40 pages.",
     "Read the text at www.example.org/accord.html today. | It runs to 40 pages."),
  T ("url-at-end", "The text is at https://example.com/truce. Officials confirmed it.",
     "The text is at https://example.com/truce. | Officials confirmed it."),
  T ("email", "Write to press.office@example.int. The office replies quickly.",
     "Write to press.office@example.int. | The office replies quickly."),
  T ("email-inside", "Write to j.doe@example.com for the full text.", "Write to j.doe@example.com for the "
     "full text."),

  /* ---- other scripts ---- */
  T ("spanish-marks", "\xc2\xbfHabr\xc3\xa1 acuerdo? \xc2\xa1Nadie lo sabe! Las conversaciones siguen.",
     "\xc2\xbfHabr\xc3\xa1 acuerdo? | \xc2\xa1Nadie lo sabe! | Las conversaciones siguen."),
  T ("greek", "\xce\x97 \xcf\x83\xcf\x85\xce\xbd\xce\xac\xce\xbd\xcf\x84\xce\xb7\xcf\x83\xce\xb7 "
     "\xcf\x84\xce\xb5\xce\xbb\xce\xb5\xce\xaf\xcf\x89\xcf\x83\xce\xb5. \xce\x9f\xce\xb9 "
     "\xcf\x83\xcf\x85\xce\xbd\xce\xbf\xce\xbc\xce\xb9\xce\xbb\xce\xaf\xce\xb5\xcf\x82 "
     "\xcf\x83\xcf\x85\xce\xbd\xce\xb5\xcf\x87\xce\xaf\xce\xb6\xce\xbf\xce\xbd\xcf\x84\xce\xb1\xce\xb9.",
     "\xce\x97 \xcf\x83\xcf\x85\xce\xbd\xce\xac\xce\xbd\xcf\x84\xce\xb7\xcf\x83\xce\xb7 "
     "\xcf\x84\xce\xb5\xce\xbb\xce\xb5\xce\xaf\xcf\x89\xcf\x83\xce\xb5. | \xce\x9f\xce\xb9 "
     "\xcf\x83\xcf\x85\xce\xbd\xce\xbf\xce\xbc\xce\xb9\xce\xbb\xce\xaf\xce\xb5\xcf\x82 "
     "\xcf\x83\xcf\x85\xce\xbd\xce\xb5\xcf\x87\xce\xaf\xce\xb6\xce\xbf\xce\xbd\xcf\x84\xce\xb1\xce\xb9."),
  T ("caseless-script", "The talks ended. "
     "\xe4\xbc\x9a\xe8\xb0\x88\xe7\xbb\x93\xe6\x9d\x9f\xe4\xba\x86\xe3\x80\x82",
     "The talks ended. | \xe4\xbc\x9a\xe8\xb0\x88\xe7\xbb\x93\xe6\x9d\x9f\xe4\xba\x86\xe3\x80\x82"),

  /* ---- bytes ---- */
  T ("invalid-utf8", "The talks \xff\xfe resumed. Both\x80 sides met.", "The talks \xff\xfe resumed. | "
     "Both\x80 sides met."),
  T ("invalid-after-period", "The talks resumed. \xff" "Both sides met.", "The talks resumed. \xff" "Both "
     "sides met."),
  T ("truncated-at-end", "The talks resumed \xe2\x80", "The talks resumed \xe2\x80"),
  T ("truncated-space-at-end", "The talks resumed.\n\xe2\x80", "The talks resumed. | \xe2\x80"),
  T ("overlong-space", "The talks resumed.\xc0\xa0" "Both sides met.", "The talks resumed.\xc0\xa0" "Both "
     "sides met."),
  TN ("nul-bytes", "The talks\0resumed. Both\0sides met.\0", "The talks\\0resumed. | Both\\0sides met.\\0"),
  TN ("nul-only", "\0", "\\0"),
  TN ("nul-between-lines", "Truce Extended\n\0\nThe truce held.", "Truce Extended | \\0 | The truce held."),

  /* ---- long words ---- */
  T ("very-long-word", "Talks on " LONG_WORD ". Both sides met.", "Talks on " LONG_WORD ". | Both sides "
     "met."),
  T ("very-long-word-alone", LONG_WORD, LONG_WORD),
  T ("long-capitalised-word-period", R10 ("Ab") ". Talks resumed.", R10 ("Ab") ". | Talks resumed."),

  /* ---- ABBREVS ---- */
  T ("abbrevs-none", "Cdr. Vance led the patrol.", "Cdr. | Vance led the patrol."),
  TA ("abbrevs-declared", "Cdr. Vance led the patrol. Brig. Osei followed.", "cdr. brig.",
      "Cdr. Vance led the patrol. | Brig. Osei followed."),
  TA ("abbrevs-case-folded", "CDR. Vance led. Talks began.", "cdr.", "CDR. Vance led. | Talks began."),
  TA ("abbrevs-non-ascii", "Le G\xc3\xa9n. Dubois est arriv\xc3\xa9. Les pourparlers ont "
      "repris.", "g\xc3\xa9n.",
      "Le G\xc3\xa9n. Dubois est arriv\xc3\xa9. | Les pourparlers ont repris."),
  TA ("abbrevs-line-end", "The patrol was led by the Cdr.\nNobody else came.", "cdr.",
      "The patrol was led by the Cdr. | Nobody else came."),
  TA ("abbrevs-builtin-kept", "Mr. Vance met Cdr. Osei. They talked.", "cdr.", "Mr. Vance met Cdr. Osei. | "
      "They talked."),
  TA ("abbrevs-number-word", "It was no. The talks ended.", "no.", "It was no. The talks ended."),

  /* ---- a whole article ---- */
  TK ("article",
      "\xef\xbb\xbf" "Envoys Agree Framework For Border Truce\n"
      "Monitors would deploy within 30 days, officials say\n"
      "By Mara Lind\n"
      "\n"
      "VIENNA, April 14 (Reuters) - Envoys from both sides agreed on Monday to a framework for a border "
      "truce, "
      "Austria's foreign ministry said. The U.S. and the E.U. will send observers.\n"
      "\n"
      "\xe2\x80\x9cThis is a first step. Nothing more,\xe2\x80\x9d said Amb. Tove Rask, who chaired the "
      "talks. "
      "\xe2\x80\x9cWe start at 6 a.m. Friday.\xe2\x80\x9d\n"
      "\n"
      "Under the framework, both sides would:\n"
      "- Pull heavy weapons 15 km back\n"
      "- Exchange prisoners by Jun. 30\n"
      "\n"
      "Details are at www.example.org/truce... The next round is set for Geneva.\n",
      "Envoys Agree Framework For Border Truce | Monitors would deploy within 30 days, officials say | By "
      "Mara Lind | "
      "VIENNA, April 14 (Reuters) - Envoys from both sides agreed on Monday to a framework for a border "
      "truce, "
      "Austria's foreign ministry said. | The U.S. and the E.U. will send observers. | "
      "\xe2\x80\x9cThis is a first step. | Nothing more,\xe2\x80\x9d said Amb. Tove Rask, who chaired the "
      "talks. | "
      "\xe2\x80\x9cWe start at 6 a.m. Friday.\xe2\x80\x9d | "
      "Under the framework, both sides would: | - Pull heavy weapons 15 km back | - Exchange prisoners by "
      "Jun. 30 | "
      "Details are at www.example.org/truce... | The next round is set for Geneva.",
      "LLLSSSSSSLLSS"),
};

static gsize
case_len (const Case *c)
{
  return c->len < 0 ? strlen (c->text) : (gsize) c->len;
}

/* The statements OUT[FIRST..] as text, joined by " | ". */
static char *
render (const char *text, gsize base, GArray *out, guint first, GString *kinds)
{
  GString *s = g_string_new (NULL);
  for (guint k = first; k < out->len; k++)
    {
      const Statement *st = &g_array_index (out, Statement, k);
      if (k > first)
        g_string_append (s, " | ");
      for (guint32 i = st->start; i < st->end; i++)
        {
          char b = text[i - base];
          if (b == '\0')
            g_string_append (s, "\\0");
          else
            g_string_append_c (s, b);
        }
      if (kinds)
        g_string_append_c (kinds, st->kind == STATEMENT_LINE ? 'L' : 'S');
    }
  return g_string_free (s, FALSE);
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  gsize len = case_len (c);
  g_autoptr (GHashTable) abbrevs = abbrev_table (c->abbrevs);

  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (Statement));
  segment (c->text, len, 0, abbrevs, out);
  g_autoptr (GString) kinds = g_string_new (NULL);
  g_autofree char *got = render (c->text, 0, out, 0, kinds);
  g_assert_cmpstr (got, ==, c->expect);
  if (c->kinds)
    g_assert_cmpstr (kinds->str, ==, c->kinds);

  /* The same statements, moved by BASE and after what OUT held. */
  g_autoptr (GArray) moved = g_array_new (FALSE, FALSE, sizeof (Statement));
  Statement sentinel = { 1, 2, STATEMENT_LINE };
  g_array_append_val (moved, sentinel);
  segment (c->text, len, 1000, abbrevs, moved);
  g_assert_cmpuint (moved->len, ==, out->len + 1);
  g_assert_cmpuint (g_array_index (moved, Statement, 0).start, ==, 1);
  for (guint k = 0; k < out->len && k + 1 < moved->len; k++)
    {
      const Statement *a = &g_array_index (out, Statement, k);
      const Statement *b = &g_array_index (moved, Statement, k + 1);
      g_assert_cmpuint (b->start, ==, a->start + 1000);
      g_assert_cmpuint (b->end, ==, a->end + 1000);
      g_assert_cmpuint (b->kind, ==, a->kind);
    }
}

/* ---- properties ---- */

static void
test_written (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_autoptr (GHashTable) abbrevs = abbrev_table (c->abbrevs);
      g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (Statement));
      segment (c->text, case_len (c), 7, abbrevs, out);
      g_autofree char *err = check_coverage (c->text, case_len (c), 7, out, 0);
      if (err)
        g_test_message ("case %s: %s", c->name, err);
      g_assert_null (err);
    }
}

static guint32
env_uint (const char *name, guint32 dflt)
{
  const char *v = g_getenv (name);
  return v && *v ? (guint32) g_ascii_strtoull (v, NULL, 10) : dflt;
}

static const char *const words[] = {
  "talks", "ceasefire", "envoy", "the", "deal", "troops", "withdraw", "sanctions", "grain",
  "3.5", "0.75%", "2024", "800,000", "example.com", "j.doe@example.org", "U.S.", "E.U.", "Mr.",
  "Gen.", "No.", "etc.", "a.m.", "Jan.", "Cdr.", "J.", "vs.", "e.g.", "...", "\xe2\x80\xa6",
  "Kyiv", "Doha", "\xc3\xa9t\xc3\xa9", "\xe4\xbc\x9a\xe8\xb0\x88", "(Reuters)", "[sic]", "-", "\xe2\x80\x94",
};
static const char *const spaces[] = {
  " ", " ", " ", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\xc2\xa0", "\xe2\x80\xa8", "\xe2\x80\xa9",
  "\v", "\f", "\xef\xbb\xbf", "\xc2\x85", " \n ", "\xe2\x80\xaf",
};
static const char *const opens[] = {
  "\"", "'", "\xe2\x80\x9c", "\xe2\x80\x98", "\xc2\xab", "\xe2\x80\x9e", "(", "[",
};
static const char *const closes[] = {
  "\"", "'", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xbb", "\xe2\x80\x9c", ")", "]",
};
static const char *const ends[] = { ".", ".", ".", "?", "!", "...", "\xe2\x80\xa6", ":", ",", ";", "?!", "" };
static const char *const markers[] = { "- ", "* ", "\xe2\x80\xa2 ", "1. ", "12) ", "(a) ", "\xe2\x80\x94 " };

static const char *
pick (GRand *r, const char *const *v, gsize n)
{
  return v[g_rand_int_range (r, 0, (gint32) n)];
}
#define PICK(r, v) pick (r, v, G_N_ELEMENTS (v))

static void
add_sentence (GRand *r, GString *s)
{
  gboolean quoted = g_rand_int_range (r, 0, 4) == 0;
  int q = g_rand_int_range (r, 0, G_N_ELEMENTS (opens));
  if (quoted)
    g_string_append (s, opens[q]);
  int n = g_rand_int_range (r, 1, 12);
  for (int i = 0; i < n; i++)
    {
      if (i)
        g_string_append (s, g_rand_int_range (r, 0, 8) ? " " : PICK (r, spaces));
      const char *w = PICK (r, words);
      if (i == 0 && g_rand_boolean (r))
        {
          g_string_append_c (s, g_ascii_toupper (w[0]));
          g_string_append (s, w + 1);
        }
      else
        g_string_append (s, w);
    }
  g_string_append (s, PICK (r, ends));
  if (quoted)
    g_string_append (s, closes[g_rand_boolean (r) ? q : g_rand_int_range (r, 0, G_N_ELEMENTS (closes))]);
}

/* A document of random sentences, headlines, list items, quotes and bytes. */
static void
generate (GRand *r, GString *s)
{
  g_string_truncate (s, 0);
  int parts = g_rand_int_range (r, 0, 30);
  for (int p = 0; p < parts; p++)
    {
      switch (g_rand_int_range (r, 0, 8))
        {
        case 0:         /* a headline */
          g_string_append (s, "Envoys Agree Truce In ");
          g_string_append (s, PICK (r, words));
          g_string_append (s, g_rand_boolean (r) ? "\n" : "\n\n");
          break;
        case 1:         /* a list item */
          g_string_append (s, PICK (r, markers));
          add_sentence (r, s);
          g_string_append_c (s, '\n');
          break;
        case 2:         /* random bytes */
          for (int k = g_rand_int_range (r, 1, 20); k > 0; k--)
            g_string_append_c (s, (char) g_rand_int_range (r, 0, 256));
          break;
        case 3:         /* an attributed quote */
          g_string_append (s, "\"We will stay,\" ");
          g_string_append (s, PICK (r, words));
          g_string_append (s, " said. ");
          break;
        default:
          add_sentence (r, s);
          break;
        }
      g_string_append (s, PICK (r, spaces));
    }
}

static void
test_generated (void)
{
  guint32 seed = env_uint ("ACCORD_TEST_SEED", 20260301);
  g_autoptr (GRand) r = g_rand_new_with_seed (seed);
  g_autoptr (GHashTable) abbrevs = abbrev_table ("cdr. brig. \xc3\xa9t\xc3\xa9.");
  g_autoptr (GString) s = g_string_new (NULL);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (Statement));
  guint statements = 0;
  for (guint doc = 0; doc < 2000; doc++)
    {
      generate (r, s);
      gsize base = (gsize) g_rand_int_range (r, 0, 100000);
      g_array_set_size (out, 0);
      /* Exactly LEN bytes: nothing past the end is readable under ASan. */
      g_autofree char *text = g_memdup2 (s->str, s->len ? s->len : 1);
      segment (text, s->len, base, doc % 2 ? abbrevs : NULL, out);
      g_autofree char *err = check_coverage (text, s->len, base, out, 0);
      if (err)
        {
          g_autofree char *shown = g_strescape (s->str, NULL);
          g_test_message ("seed %u (ACCORD_TEST_SEED=%u) document %u: %s\ntext: \"%s\"", seed, seed, doc,
                          err, shown);
          g_assert_null (err);
          return;
        }
      statements += out->len;
    }
  g_test_message ("seed %u: 2000 documents, %u statements", seed, statements);
}

static void
test_large (void)
{
  /* 50 MB of one paragraph. */
  static const char sentence[] = "Gen. Okafor said the U.S. would send 3.5 tonnes of aid by Jan. 5. ";
  gsize size = 50u * 1024 * 1024;
  g_autoptr (GString) s = g_string_sized_new (size + sizeof sentence);
  while (s->len < size)
    g_string_append (s, sentence);
  g_autoptr (GArray) out = g_array_new (FALSE, FALSE, sizeof (Statement));
  segment (s->str, s->len, 0, NULL, out);
  g_assert_cmpuint (out->len, ==, s->len / (sizeof sentence - 1));
  g_autofree char *err = check_coverage (s->str, s->len, 0, out, 0);
  g_assert_null (err);

  /* 10 MB of random bytes. */
  guint32 seed = env_uint ("ACCORD_TEST_SEED", 20260301);
  g_autoptr (GRand) r = g_rand_new_with_seed (seed);
  gsize n = 10u * 1024 * 1024;
  g_autofree char *bytes = g_malloc (n);
  for (gsize i = 0; i < n; i++)
    bytes[i] = (char) g_rand_int_range (r, 0, 256);
  g_array_set_size (out, 0);
  segment (bytes, n, 0, NULL, out);
  g_autofree char *err2 = check_coverage (bytes, n, 0, out, 0);
  if (err2)
    g_test_message ("seed %u (ACCORD_TEST_SEED=%u): %s", seed, seed, err2);
  g_assert_null (err2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/segment/case/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_func ("/segment/property/written", test_written);
  g_test_add_func ("/segment/property/generated", test_generated);
  g_test_add_func ("/segment/large", test_large);
  return g_test_run ();
}
