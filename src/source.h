/* source.h: internal view of AccordSource (see source.c). */
#ifndef ACCORD_SOURCE_H
#define ACCORD_SOURCE_H

#include "accord.h"

struct AccordSource {
  char *name;
  char *data;          /* NUL-terminated copy; may hold other NULs */
  gsize len;
  GArray *lines;       /* guint32 byte offset of each line start, built lazily */
  GHashTable *suppress; /* "line:id" strings from '# suppress:' comments */
};

G_GNUC_INTERNAL gsize source_line_start (AccordSource *src, gsize offset);
G_GNUC_INTERNAL gsize source_line_end (AccordSource *src, gsize offset);
G_GNUC_INTERNAL gsize source_char_len (const char *p, gsize avail);
G_GNUC_INTERNAL guint source_advance_column (guint col, char c);
G_GNUC_INTERNAL void source_add_suppression (AccordSource *src, guint line, const char *id);
G_GNUC_INTERNAL gboolean source_is_suppressed (AccordSource *src, guint line, const char *id);

#endif
