/* fuzz-pack-load.c: any bytes as a compiled pack.
 *
 * The bytes are loaded as they are (most are refused at the magic or the
 * checksum) and once more with the checksum recomputed, so that damaged
 * contents reach the bounds checks behind it.  Whatever loads is scanned
 * over a sentence that touches every kind of token.  Nothing may crash,
 * hang or leak.
 *
 * The packs in pack-corpus were written by `accord compile` (small.pack from a
 * rule file that uses every construct, en.pack from rules/en); when the
 * pack format version changes, compile them again, or they only reach
 * the version check.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "accord.h"
#include "pack.h"
#include "scan.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* For replay.c: the corpus of packs; rule files are not packs. */
extern const char fuzz_corpus[];
extern const int fuzz_replay_sources;
const char fuzz_corpus[] = "pack-corpus";
const int fuzz_replay_sources = 0;

static void
try_load (const uint8_t *data, size_t size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (AccordPack) pack = accord_pack_new_from_bytes (bytes, NULL);
  if (!pack)
    return;
  static const char text[] = "\"If Kyiv vowed to stay,\" Gen. Smith said, the U.S. would pay 50% of €3bn ( 42 ) ...";
  g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
  tokenize (text, sizeof text - 1, 0, pack->abbrev_set, toks, NULL);
  g_autoptr (AccordScanner) sc = scanner_new (pack);
  g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  g_autoptr (GArray) caps = g_array_new (FALSE, FALSE, sizeof (gint32));
  g_autoptr (GArray) vetoes = g_array_new (FALSE, FALSE, sizeof (ScanVeto));
  scanner_scan (sc, text, (const Token *) toks->data, toks->len, m, caps, vetoes);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  try_load (data, size);
  if (size >= 64)
    {
      g_autofree uint8_t *copy = g_memdup2 (data, size);
      guint64 h = 0xcbf29ce484222325ull;
      for (size_t i = 64; i < size; i++)
        {
          h ^= copy[i];
          h *= 0x100000001b3ull;
        }
      memcpy (copy + 24, &h, 8);
      try_load (copy, size);
    }
  return 0;
}
