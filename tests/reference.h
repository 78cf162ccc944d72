/* reference.h: a deliberately simple matcher for the tests (see
 * reference.c). */
#ifndef ACCORD_REFERENCE_H
#define ACCORD_REFERENCE_H

#include "ir.h"
#include "scan.h"

/* Matches of every rule of IR over the sentence whose token classes
 * (with the virtual ^ and $ around them) are CLS[0..N_EXT), the same
 * records, in the same order, that scanner_scan gives. */
void reference_scan (Ir *ir, const AccordPack *pack, AccordScanner *sc, const guint32 *cls,
                     guint32 n_ext, GArray *matches, GArray *caps);

#endif
