/* test-diag.c: sources (line and column of a byte) and the diagnostics
 * sink (src/source.c, src/diag.c): what is recorded, what is dropped,
 * and exactly how it renders.
 */
#include "config.h"

#include <string.h>

#include "accord.h"
#include "source.h"

/* ---- helpers ---- */

static AccordSource *
source (const char *text)
{
  return accord_source_new ("t.rules", text, strlen (text));
}

static AccordSpan
span (guint32 file, guint32 start, guint32 end)
{
  AccordSpan s = { file, start, end };
  return s;
}

/* A sink with one source, t.rules, holding TEXT. */
static AccordDiagnostics *
sink (const char *text)
{
  AccordDiagnostics *d = accord_diagnostics_new ();
  accord_diagnostics_add_source (d, source (text));
  return d;
}

/* ---- lines and columns ---- */

static void
test_line_numbers (void)
{
  g_autoptr (AccordSource) src = source ("ab\ncd\n\nef");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_line (src, 2), ==, 1);   /* the newline itself */
  g_assert_cmpuint (accord_source_line (src, 3), ==, 2);
  g_assert_cmpuint (accord_source_line (src, 6), ==, 3);
  g_assert_cmpuint (accord_source_line (src, 7), ==, 4);
  g_assert_cmpuint (accord_source_line (src, 9), ==, 4);   /* end of text */
}

static void
test_line_empty_source (void)
{
  g_autoptr (AccordSource) src = accord_source_new ("e.rules", "", 0);
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 0), ==, 1);
}

static void
test_column_first_call (void)
{
  /* The column of a fresh source, asked before any line number. */
  g_autoptr (AccordSource) src = source ("ab\ncd");
  g_assert_cmpuint (accord_source_column (src, 4), ==, 2);
}

static void
test_column_ascii (void)
{
  g_autoptr (AccordSource) src = source ("abc\nxyz");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 2), ==, 3);
  g_assert_cmpuint (accord_source_column (src, 3), ==, 4);
  g_assert_cmpuint (accord_source_column (src, 4), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 6), ==, 3);
}

static void
test_column_tabs (void)
{
  g_autoptr (AccordSource) src = source ("\tx\n\t\tx\nabc\tx\nabcdefgh\tx\nabcdefg\tx");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 1), ==, 9);
  g_assert_cmpuint (accord_source_column (src, 5), ==, 17);
  g_assert_cmpuint (accord_source_column (src, 11), ==, 9);
  /* After 8 characters a tab goes to the next stop, 17. */
  g_assert_cmpuint (accord_source_column (src, 22), ==, 17);
  g_assert_cmpuint (accord_source_column (src, 32), ==, 9);
}

static void
test_column_utf8 (void)
{
  /* "né x": é is 2 bytes, one column; "✓" is 3 bytes; "𝄞" 4 bytes. */
  g_autoptr (AccordSource) src = source ("n\xc3\xa9 x \xe2\x9c\x93y\xf0\x9d\x84\x9ez");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 4), ==, 4);
  g_assert_cmpuint (accord_source_column (src, 9), ==, 7);
  g_assert_cmpuint (accord_source_column (src, 14), ==, 9);
}

static void
test_column_crlf (void)
{
  g_autoptr (AccordSource) src = source ("ab\r\ncd\r\n");
  g_assert_cmpuint (accord_source_line (src, 4), ==, 2);
  g_assert_cmpuint (accord_source_column (src, 4), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 5), ==, 2);
  g_assert_cmpuint (accord_source_line (src, 8), ==, 3);
}

static void
test_column_invalid_bytes (void)
{
  /* Invalid UTF-8 counts one column per byte. */
  g_autoptr (AccordSource) src = source ("\xff\xfe" "x\xe2\x9c" "y\xc3");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 2), ==, 3);
  g_assert_cmpuint (accord_source_column (src, 5), ==, 6);
  g_assert_cmpuint (accord_source_column (src, 7), ==, 8);
}

static void
test_column_past_end (void)
{
  g_autoptr (AccordSource) src = source ("abc");
  g_assert_cmpuint (accord_source_line (src, 0), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 100), ==, 4);
}

static void
test_column_bom (void)
{
  /* A byte order mark takes no column. */
  g_autoptr (AccordSource) src = source ("\xef\xbb\xbfpack x\nab");
  g_assert_cmpuint (accord_source_line (src, 3), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 3), ==, 1);
  g_assert_cmpuint (accord_source_column (src, 8), ==, 6);
  g_assert_cmpuint (accord_source_column (src, 11), ==, 2);
}

static void
test_source_copies (void)
{
  char buf[] = "abc";
  g_autoptr (AccordSource) src = accord_source_new ("x.rules", buf, 3);
  buf[0] = 'z';
  g_assert_cmpstr (accord_source_data (src), ==, "abc");
  g_assert_cmpuint (accord_source_length (src), ==, 3);
  g_assert_cmpstr (accord_source_name (src), ==, "x.rules");
}

/* ---- rendering ---- */

static void
test_render_caret (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("pack \"t\" version 1; labels pledge;\n"
                                          "rule r -> pledge : COMIT \"to\" ;\n");
  AccordSpan s = span (0, 54, 59);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "unknown list '%s'", "COMIT");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==,
                   "t.rules:2:20: error: unknown list 'COMIT'\n"
                   "  rule r -> pledge : COMIT \"to\" ;\n"
                   "                     ^~~~~\n"
                   "accord: 1 error in t.rules\n");
}

static void
test_render_one_char (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 1, 2);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "t.rules:1:2: error: x\n  abc\n   ^\naccord: 1 error in t.rules\n");
}

static void
test_render_tabs (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("\trule\tr -> x : \"a\";\n");
  AccordSpan s = span (0, 6, 7);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* Tabs before the span are copied, so the caret lines up in any
   * terminal; the column counts them to stops of 8. */
  g_assert_cmpstr (out, ==,
                   "t.rules:1:17: error: x\n"
                   "  \trule\tr -> x : \"a\";\n"
                   "  \t    \t^\n"
                   "accord: 1 error in t.rules\n");
}

static void
test_render_utf8 (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = n\xc3\xa9gociation caf\xc3\xa9;\n");
  AccordSpan s = span (0, 9, 21);
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "x-id", "w");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* One mark per column, not per byte. */
  g_assert_cmpstr (out, ==,
                   "t.rules:1:10: warning: w [x-id]\n"
                   "  list A = n\xc3\xa9gociation caf\xc3\xa9;\n"
                   "           ^~~~~~~~~~~\n"
                   "accord: 1 warning in t.rules\n");
}

static void
test_render_zero_width (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("labels pledge\nrule r -> pledge : \"x\";\n");
  AccordSpan s = span (0, 13, 13);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "expected ';' at the end of the statement");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==,
                   "t.rules:1:14: error: expected ';' at the end of the statement\n"
                   "  labels pledge\n"
                   "               ^\n"
                   "accord: 1 error in t.rules\n");
}

static void
test_render_zero_width_middle (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abcdef");
  AccordSpan s = span (0, 3, 3);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "here");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "t.rules:1:4: error: here\n  abcdef\n     ^\naccord: 1 error in t.rules\n");
}

static void
test_render_past_line_end (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("rule r -> x : (\"a\"\n  \"b\");\n");
  AccordSpan s = span (0, 14, 25);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "group");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* Only the first line is shown, marked to its end. */
  g_assert_cmpstr (out, ==,
                   "t.rules:1:15: error: group\n"
                   "  rule r -> x : (\"a\"\n"
                   "                ^~~~\n"
                   "accord: 1 error in t.rules\n");
}

static void
test_render_crlf (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("ab\r\ncd\r\n");
  AccordSpan s = span (0, 4, 6);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "t.rules:2:1: error: x\n  cd\n  ^~\naccord: 1 error in t.rules\n");
}

static void
test_render_empty_source (void)
{
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  accord_diagnostics_add_source (d, accord_source_new ("e.rules", "", 0));
  AccordSpan s = span (0, 0, 0);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "empty rule file");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* Nothing to show under it. */
  g_assert_cmpstr (out, ==, "e.rules:1:1: error: empty rule file\naccord: 1 error in e.rules\n");
}

static void
test_render_bom (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("\xef\xbb\xbfpack x;");
  AccordSpan s = span (0, 8, 9);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "t.rules:1:6: error: x\n  pack x;\n       ^\naccord: 1 error in t.rules\n");
}

static void
test_render_control_bytes (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("a\x01" "b\xff" "c");
  AccordSpan s = span (0, 4, 5);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* Control characters and invalid bytes never reach the terminal. */
  g_assert_cmpstr (out, ==, "t.rules:1:5: error: x\n  a?b?c\n      ^\naccord: 1 error in t.rules\n");
}

static void
test_render_long_line_left (void)
{
  GString *line = g_string_new (NULL);
  for (int i = 0; i < 300; i++)
    g_string_append_c (line, (char) ('a' + i % 26));
  memcpy (line->str + 200, "XYZ", 3);
  g_autoptr (AccordDiagnostics) d = sink (line->str);
  AccordSpan s = span (0, 200, 203);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "far");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* A window of 160 columns, a quarter of it before the span. */
  g_autofree char *pad = g_strnfill (40, ' ');
  g_autofree char *want = g_strdup_printf ("t.rules:1:201: error: far\n"
                                           "  ...%s\n"
                                           "     %s^~~\n"
                                           "accord: 1 error in t.rules\n",
                                           line->str + 160, pad);
  g_assert_cmpstr (out, ==, want);
  g_string_free (line, TRUE);
}

static void
test_render_long_line_both (void)
{
  GString *line = g_string_new (NULL);
  for (int i = 0; i < 1000; i++)
    g_string_append_c (line, (char) ('a' + i % 26));
  g_autoptr (AccordDiagnostics) d = sink (line->str);
  AccordSpan s = span (0, 500, 900);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "far");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_autofree char *shown = g_strndup (line->str + 460, 160);
  g_autofree char *pad = g_strnfill (40, ' ');
  g_autofree char *marks = g_strnfill (119, '~');
  g_autofree char *want = g_strdup_printf ("t.rules:1:501: error: far\n"
                                           "  ...%s...\n"
                                           "     %s^%s\n"
                                           "accord: 1 error in t.rules\n",
                                           shown, pad, marks);
  g_assert_cmpstr (out, ==, want);
  g_string_free (line, TRUE);
}

static void
test_render_long_line_start (void)
{
  /* A span near the start of a long line: cut on the right only. */
  g_autofree char *line = g_strnfill (500, 'w');
  g_autoptr (AccordDiagnostics) d = sink (line);
  AccordSpan s = span (0, 10, 12);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "near");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_autofree char *shown = g_strnfill (160, 'w');
  g_autofree char *want = g_strdup_printf ("t.rules:1:11: error: near\n"
                                           "  %s...\n"
                                           "            ^~\n"
                                           "accord: 1 error in t.rules\n",
                                           shown);
  g_assert_cmpstr (out, ==, want);
}

static void
test_render_long_line_utf8_cut (void)
{
  /* The window never cuts a character in two. */
  GString *line = g_string_new (NULL);
  for (int i = 0; i < 300; i++)
    g_string_append (line, "\xc3\xa9");
  g_autoptr (AccordDiagnostics) d = sink (line->str);
  g_string_free (line, TRUE);
  AccordSpan s = span (0, 301, 303);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "x");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_true (g_utf8_validate (out, -1, NULL));
}

static void
test_render_notes (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = x;\nlist A = y;\n");
  AccordSpan second = span (0, 17, 18), first = span (0, 5, 6);
  AccordDiag *e = accord_diag_add (d, ACCORD_SEVERITY_ERROR, &second, NULL, "list 'A' is already defined");
  g_assert_nonnull (e);
  accord_diag_note (d, e, &first, "first defined here");
  accord_diag_note (d, e, NULL, "a note without a place");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* Notes take one line each, with no excerpt. */
  g_assert_cmpstr (out, ==,
                   "t.rules:2:6: error: list 'A' is already defined\n"
                   "  list A = y;\n"
                   "       ^\n"
                   "t.rules:1:6: note: first defined here\n"
                   "accord: note: a note without a place\n"
                   "accord: 1 error in t.rules\n");
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_NOTE), ==, 0);
}

static void
test_render_note_on_dropped (void)
{
  /* A note on a dropped diagnostic (NULL) is a no-op. */
  g_autoptr (AccordDiagnostics) d = sink ("x");
  AccordSpan s = span (0, 0, 1);
  accord_diag_note (d, NULL, &s, "nothing");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "");
}

static void
test_render_sorted (void)
{
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  guint32 a = accord_diagnostics_add_source (d, accord_source_new ("a.rules", "one\ntwo\n", 8));
  guint32 b = accord_diagnostics_add_source (d, accord_source_new ("b.rules", "three\n", 6));
  AccordSpan s1 = span (b, 0, 5), s2 = span (a, 4, 7), s3 = span (a, 0, 3);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s1, NULL, "b first line");
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s2, "w", "a second line");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s3, NULL, "a first line");
  accord_diag_add_file (d, ACCORD_SEVERITY_ERROR, NULL, "about no file");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==,
                   "accord: about no file\n"
                   "a.rules:1:1: error: a first line\n"
                   "  one\n"
                   "  ^~~\n"
                   "a.rules:2:1: warning: a second line [w]\n"
                   "  two\n"
                   "  ^~~\n"
                   "b.rules:1:1: error: b first line\n"
                   "  three\n"
                   "  ^~~~~\n"
                   /* One is about no file: "in 2 files" would mislead. */
                   "accord: 3 errors and 1 warning\n");
}

static void
test_sorted_stable (void)
{
  /* Diagnostics at one position keep the order they were added in. */
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 1, 2);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "first");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "second");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "third");
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (d);
  g_assert_cmpuint (all->len, ==, 3);
  if (all->len != 3)
    return;
  g_assert_cmpstr (((AccordDiag *) g_ptr_array_index (all, 0))->message, ==, "first");
  g_assert_cmpstr (((AccordDiag *) g_ptr_array_index (all, 2))->message, ==, "third");
}

static void
test_render_file_diag (void)
{
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  accord_diag_add_file (d, ACCORD_SEVERITY_ERROR, "gone.rules", "cannot open '%s': %s", "gone.rules",
                        "No such file or directory");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_true (g_str_has_prefix (out, "gone.rules: error: cannot open 'gone.rules': No such file "
                                        "or directory\n"));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, 1);
}

/* ---- the summary line ---- */

static char *
summary_of (AccordDiagnostics *d)
{
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = g_strv_length (lines);
  /* The text ends with '\n', so the last piece is empty. */
  return n >= 2 ? g_strdup (lines[n - 2]) : g_strdup ("");
}

static void
test_summary_one_error (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 0, 1);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 1 error in t.rules");
}

static void
test_summary_errors_and_warning (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s0 = span (0, 0, 1), s1 = span (0, 1, 2), s2 = span (0, 2, 3);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s0, NULL, "e");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s1, NULL, "e");
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s2, "w", "w");
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 2 errors and 1 warning in t.rules");
}

static void
test_summary_warnings_only (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s0 = span (0, 0, 1), s1 = span (0, 1, 2);
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s0, "w", "w");
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s1, "w", "w");
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 2 warnings in t.rules");
}

static void
test_summary_files (void)
{
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("f%d.rules", i);
      guint32 f = accord_diagnostics_add_source (d, accord_source_new (name, "x", 1));
      AccordSpan s = span (f, 0, 1);
      accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
    }
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 3 errors in 3 files");
}

static void
test_summary_note_file_not_counted (void)
{
  /* A note pointing into another file does not make it "2 files". */
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  guint32 a = accord_diagnostics_add_source (d, accord_source_new ("a.rules", "x", 1));
  guint32 b = accord_diagnostics_add_source (d, accord_source_new ("b.rules", "y", 1));
  AccordSpan sa = span (a, 0, 1), sb = span (b, 0, 1);
  AccordDiag *e = accord_diag_add (d, ACCORD_SEVERITY_ERROR, &sb, NULL, "e");
  accord_diag_note (d, e, &sa, "the other one is here");
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 1 error in b.rules");
}

static void
test_summary_nothing (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "");
}

/* ---- what is recorded ---- */

static void
test_suppressed_warning (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = x;\nlist B = y;\n");
  source_add_suppression (accord_diagnostics_source (d, 0), 1, "unused-list");
  AccordSpan s1 = span (0, 5, 6), s2 = span (0, 17, 18);
  g_assert_null (accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s1, "unused-list", "list 'A' is never used"));
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s2, "unused-list", "list 'B' is never used"));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_WARNING), ==, 1);
  g_autofree char *last = summary_of (d);
  g_assert_cmpstr (last, ==, "accord: 1 warning in t.rules");
}

static void
test_suppress_other_id (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = x x;\n");
  source_add_suppression (accord_diagnostics_source (d, 0), 1, "unused-list");
  AccordSpan s = span (0, 11, 12);
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "duplicate-entry", "dup"));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_WARNING), ==, 1);
}

static void
test_suppress_not_errors (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = x;\n");
  source_add_suppression (accord_diagnostics_source (d, 0), 1, "unused-list");
  AccordSpan s = span (0, 5, 6);
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, "unused-list", "e"));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, 1);
}

static void
test_suppressed_everything (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("list A = x;\n");
  source_add_suppression (accord_diagnostics_source (d, 0), 1, "unused-list");
  AccordSpan s = span (0, 5, 6);
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "unused-list", "w");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "");
}

static void
test_duplicate_dropped (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 0, 1);
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "same %d", 1));
  g_assert_null (accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "same %d", 1));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, 1);
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_cmpstr (out, ==, "t.rules:1:1: error: same 1\n  abc\n  ^\naccord: 1 error in t.rules\n");
}

static void
test_duplicate_differs (void)
{
  /* Another span, message or severity is another diagnostic. */
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 0, 1), t = span (0, 0, 2);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "m");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &t, NULL, "m");
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "n");
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "w", "m");
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, 3);
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_WARNING), ==, 1);
}

static void
test_error_cap (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abcdefghijklmnopqrstuvwxyz");
  for (guint32 i = 0; i < 25; i++)
    {
      AccordSpan s = span (0, i, i + 1);
      AccordDiag *e = accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "error %u", i);
      if (i < ACCORD_MAX_ERRORS_PER_FILE)
        g_assert_nonnull (e);
      else
        g_assert_null (e);
    }
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, ACCORD_MAX_ERRORS_PER_FILE);
  g_assert_true (accord_diagnostics_file_full (d, 0));
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_true (g_str_has_suffix (out, "t.rules: note: stopped after 20 errors\n"
                                        "accord: 20 errors in t.rules\n"));
  g_assert_null (strstr (out, "error 20"));
}

static void
test_error_cap_per_file (void)
{
  /* One file's cap does not silence the next file; its note comes
   * right after its own diagnostics. */
  g_autoptr (AccordDiagnostics) d = accord_diagnostics_new ();
  guint32 a = accord_diagnostics_add_source (d, accord_source_new ("a.rules", "aaaaaaaaaaaaaaaaaaaaaaaaa", 25));
  guint32 b = accord_diagnostics_add_source (d, accord_source_new ("b.rules", "b", 1));
  for (guint32 i = 0; i < 25; i++)
    {
      AccordSpan s = span (a, i, i + 1);
      accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
    }
  AccordSpan sb = span (b, 0, 1);
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_ERROR, &sb, NULL, "in b"));
  g_assert_false (accord_diagnostics_file_full (d, b));
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_nonnull (strstr (out, "a.rules: note: stopped after 20 errors\nb.rules:1:1: error: in b\n"));
  g_assert_true (g_str_has_suffix (out, "accord: 21 errors in 2 files\n"));
}

static void
test_error_cap_warnings (void)
{
  /* Warnings neither count towards the cap nor are stopped by it. */
  g_autoptr (AccordDiagnostics) d = sink ("abcdefghijklmnopqrstuvwxyz");
  for (guint32 i = 0; i < 20; i++)
    {
      AccordSpan s = span (0, i, i + 1);
      accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "w", "w");
    }
  g_assert_false (accord_diagnostics_file_full (d, 0));
  for (guint32 i = 0; i < 20; i++)
    {
      AccordSpan s = span (0, i, i + 1);
      accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
    }
  AccordSpan s = span (0, 25, 26);
  g_assert_nonnull (accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "w", "late"));
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_ERROR), ==, 20);
  g_assert_cmpuint (accord_diagnostics_count (d, ACCORD_SEVERITY_WARNING), ==, 21);
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  /* The cap was reached but nothing was dropped: no note. */
  g_assert_null (strstr (out, "stopped after"));
}

/* ---- colour ---- */

static void
test_colour_never (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("abc");
  AccordSpan s = span (0, 0, 1);
  AccordDiag *e = accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
  accord_diag_note (d, e, &s, "n");
  accord_diag_add (d, ACCORD_SEVERITY_WARNING, &s, "w", "w");
  g_autofree char *out = accord_diagnostics_render (d, FALSE);
  g_assert_null (strchr (out, '\033'));
}

static void
test_colour_always (void)
{
  g_autoptr (AccordDiagnostics) d = sink ("\tabc");
  AccordSpan s = span (0, 1, 2);
  accord_diag_add (d, ACCORD_SEVERITY_ERROR, &s, NULL, "e");
  g_autofree char *out = accord_diagnostics_render (d, TRUE);
  g_assert_nonnull (strstr (out, "\033[1;31merror:\033[0m e\n"));
  /* The marks are coloured, the blanks before them are not. */
  g_assert_nonnull (strstr (out, "\n  \t\033[1;32m^\033[0m\n"));
  /* Without colour the same text, less the escapes. */
  g_autofree char *plain = accord_diagnostics_render (d, FALSE);
  GString *stripped = g_string_new (NULL);
  for (const char *p = out; *p; p++)
    {
      if (*p == '\033')
        {
          while (*p && *p != 'm')
            p++;
          if (!*p)
            break;
          continue;
        }
      g_string_append_c (stripped, *p);
    }
  g_assert_cmpstr (stripped->str, ==, plain);
  g_string_free (stripped, TRUE);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/diag/source/line", test_line_numbers);
  g_test_add_func ("/diag/source/empty", test_line_empty_source);
  g_test_add_func ("/diag/source/column-first-call", test_column_first_call);
  g_test_add_func ("/diag/source/column-ascii", test_column_ascii);
  g_test_add_func ("/diag/source/column-tabs", test_column_tabs);
  g_test_add_func ("/diag/source/column-utf8", test_column_utf8);
  g_test_add_func ("/diag/source/column-crlf", test_column_crlf);
  g_test_add_func ("/diag/source/column-invalid-bytes", test_column_invalid_bytes);
  g_test_add_func ("/diag/source/column-past-end", test_column_past_end);
  g_test_add_func ("/diag/source/column-bom", test_column_bom);
  g_test_add_func ("/diag/source/copies", test_source_copies);

  g_test_add_func ("/diag/render/caret", test_render_caret);
  g_test_add_func ("/diag/render/one-char", test_render_one_char);
  g_test_add_func ("/diag/render/tabs", test_render_tabs);
  g_test_add_func ("/diag/render/utf8", test_render_utf8);
  g_test_add_func ("/diag/render/zero-width-eol", test_render_zero_width);
  g_test_add_func ("/diag/render/zero-width-middle", test_render_zero_width_middle);
  g_test_add_func ("/diag/render/past-line-end", test_render_past_line_end);
  g_test_add_func ("/diag/render/crlf", test_render_crlf);
  g_test_add_func ("/diag/render/empty-source", test_render_empty_source);
  g_test_add_func ("/diag/render/bom", test_render_bom);
  g_test_add_func ("/diag/render/control-bytes", test_render_control_bytes);
  g_test_add_func ("/diag/render/long-line-left", test_render_long_line_left);
  g_test_add_func ("/diag/render/long-line-both", test_render_long_line_both);
  g_test_add_func ("/diag/render/long-line-start", test_render_long_line_start);
  g_test_add_func ("/diag/render/long-line-utf8", test_render_long_line_utf8_cut);
  g_test_add_func ("/diag/render/notes", test_render_notes);
  g_test_add_func ("/diag/render/note-on-dropped", test_render_note_on_dropped);
  g_test_add_func ("/diag/render/sorted", test_render_sorted);
  g_test_add_func ("/diag/render/sorted-stable", test_sorted_stable);
  g_test_add_func ("/diag/render/file", test_render_file_diag);

  g_test_add_func ("/diag/summary/one-error", test_summary_one_error);
  g_test_add_func ("/diag/summary/errors-and-warning", test_summary_errors_and_warning);
  g_test_add_func ("/diag/summary/warnings-only", test_summary_warnings_only);
  g_test_add_func ("/diag/summary/files", test_summary_files);
  g_test_add_func ("/diag/summary/note-file", test_summary_note_file_not_counted);
  g_test_add_func ("/diag/summary/nothing", test_summary_nothing);

  g_test_add_func ("/diag/record/suppressed", test_suppressed_warning);
  g_test_add_func ("/diag/record/suppress-other-id", test_suppress_other_id);
  g_test_add_func ("/diag/record/suppress-not-errors", test_suppress_not_errors);
  g_test_add_func ("/diag/record/suppressed-everything", test_suppressed_everything);
  g_test_add_func ("/diag/record/duplicate", test_duplicate_dropped);
  g_test_add_func ("/diag/record/duplicate-differs", test_duplicate_differs);
  g_test_add_func ("/diag/record/error-cap", test_error_cap);
  g_test_add_func ("/diag/record/error-cap-per-file", test_error_cap_per_file);
  g_test_add_func ("/diag/record/error-cap-warnings", test_error_cap_warnings);

  g_test_add_func ("/diag/colour/never", test_colour_never);
  g_test_add_func ("/diag/colour/always", test_colour_always);

  return g_test_run ();
}
