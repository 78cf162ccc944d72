/* fuzz-parse.c: placeholder, being written. */
#include "config.h"
#include <stdint.h>
#include <stddef.h>
#include "accord.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  (void) data;
  (void) size;
  return 0;
}
