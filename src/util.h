/* util.h: small helpers shared by the modules (see util.c). */
#ifndef ACCORD_UTIL_H
#define ACCORD_UTIL_H

#include <stdio.h>
#include <glib.h>

/* Reads FP to its end into *DATA (NUL-terminated, g_free it) and *LEN.
 * Past MAX bytes, stops with *ERR = EFBIG; on a read error *ERR is the
 * errno.  Returns FALSE on either. */
G_GNUC_INTERNAL gboolean read_all (FILE *fp, gsize max, char **data, gsize *len, int *err);

/* The character at P (of at most AVAIL bytes) and its length in *N;
 * invalid UTF-8 is U+FFFD of one byte. */
G_GNUC_INTERNAL gunichar utf8_char_at (const char *p, gsize avail, gsize *n);

#endif
