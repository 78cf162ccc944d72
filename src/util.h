/* util.h: small helpers shared by the modules (see util.c). */
#ifndef ACCORD_UTIL_H
#define ACCORD_UTIL_H

#include <stdio.h>
#include <string.h>
#include <glib.h>

/* Reads the file descriptor FD to its end into *DATA (NUL-terminated,
 * g_free it) and *LEN.  Past MAX bytes, stops with *ERR = EFBIG; on a
 * read error *ERR is the errno (a directory: EISDIR).  Returns FALSE on
 * either.  A regular file takes one fstat and two reads (a corpus is
 * thousands of files). */
G_GNUC_INTERNAL gboolean read_fd_all (int fd, gsize max, char **data, gsize *len, int *err);
/* The same from FP's descriptor: FP must have nothing buffered (nothing
 * read from it yet). */
G_GNUC_INTERNAL gboolean read_all (FILE *fp, gsize max, char **data, gsize *len, int *err);

/* Appends to OUT (char*, owned) every file under DIR whose name matches
 * MATCH, recursively and sorted by path; hidden files and directories,
 * and links to directories, are skipped. */
G_GNUC_INTERNAL void list_files (const char *dir, GPatternSpec *match, GPtrArray *out);

/* The character at P (of at most AVAIL bytes) and its length in *N;
 * invalid UTF-8 is U+FFFD of one byte.  Inline: the tokenizer and the
 * segmenter call it for every character. */
static inline gunichar
utf8_char_at (const char *p, gsize avail, gsize *n)
{
  guchar b = (guchar) *p;
  if (b < 0x80)
    {
      *n = 1;
      return b;
    }
  gunichar c = g_utf8_get_char_validated (p, (gssize) MIN (avail, 4));
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *n = 1;
      return 0xfffd;
    }
  *n = (gsize) (g_utf8_next_char (p) - p);
  return c;
}

/* g_ascii_tolower, inline (GLib's is a call): other bytes are kept. */
static inline char
ascii_lower (char c)
{
  return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

/* g_array_set_size (A, LEN) for LEN <= A->len, inline (GLib's is a call,
 * and a shrink goes through g_array_remove_range): for arrays made by
 * g_array_new (FALSE, FALSE, ...) without a clear function only, as the
 * scanner's and the classifier's scratch arrays are, emptied at every
 * statement. */
static inline void
array_truncate (GArray *a, guint len)
{
  g_assert (len <= a->len);
  a->len = len;
}

/* GLib keeps a GArray's memory when its length falls (array_truncate)
 * but does not say how much it holds, so that every growth of a scratch
 * array is a call into GLib (g_array_set_size: some 60 instructions, at
 * every statement, four times over).  *ROOM, kept by the array's owner
 * (0 at first), is a length the array has had: its memory holds that
 * many elements, and a length up to it needs no call.  For arrays made by
 * g_array_new (FALSE, FALSE, ...) without a clear function only. */
static inline void
array_set_len (GArray *a, guint len, guint *room)
{
  if (G_UNLIKELY (len > *room))
    {
      g_array_set_size (a, len);
      *room = len;
    }
  a->len = len;
}

/* Makes room in A for N more elements (see array_set_len for ROOM),
 * which array_push_reserved then stores without a call. */
static inline void
array_reserve_room (GArray *a, guint n, guint *room)
{
  guint len = a->len;
  array_set_len (a, len + n, room);
  a->len = len;
}

/* g_string_append_len (S, P, N) without a call when S has room (GString's
 * allocated_len is public): a record of JSON Lines is some thirty short
 * appends. */
static inline void
string_put (GString *s, const char *p, gsize n)
{
  if (G_LIKELY (s->len + n < s->allocated_len))
    {
      memcpy (s->str + s->len, p, n);
      s->len += n;
      s->str[s->len] = '\0';
    }
  else
    g_string_append_len (s, p, (gssize) n);
}

/* string_put of a string literal. */
#define string_put_lit(s, lit) string_put ((s), "" lit, sizeof (lit) - 1)

/* Appends V in decimal to S: g_string_append_printf (S, "%u", V) without
 * the formatting machinery (keys are built this way by the thousand when
 * a pack compiles). */
static inline void
string_append_uint (GString *s, guint32 v)
{
  char buf[10];
  int n = 0;
  do
    buf[n++] = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  char out[10];
  for (int i = 0; i < n; i++)
    out[i] = buf[n - 1 - i];
  string_put (s, out, (gsize) n);
}

/* Appends V, of TYPE, to A, which has room for it (array_reserve_room). */
#define array_push_reserved(a, type, v) (((type *) (void *) (a)->data)[(a)->len++] = (v))

#endif
