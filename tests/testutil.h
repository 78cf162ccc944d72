/* testutil.h: temporary files for the GTest programs (see testutil.c). */
#ifndef ACCORD_TESTUTIL_H
#define ACCORD_TESTUTIL_H

#include <glib.h>

/* rm -rf PATH, never following symbolic links; what cannot be removed is
 * said with g_test_message. */
void test_remove_tree (const char *path);

/* Writes TEXT to TOP/REL, making the directories on the way; returns the
 * path (free it). */
char *test_put (const char *top, const char *rel, const char *text);

#endif
