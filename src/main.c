/* main.c: the accord program; everything else is in libaccord. */
#include "config.h"

#include <locale.h>

#include "accord.h"

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  return accord_cli_main (argc, argv, stdout, stderr);
}
