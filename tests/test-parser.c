/* test-parser.c: placeholder, being written. */
#include "config.h"
#include "accord.h"

static void
test_version (void)
{
  g_assert_cmpstr (accord_version (), ==, PACKAGE_VERSION);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parser/placeholder", test_version);
  return g_test_run ();
}
