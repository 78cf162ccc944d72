/* prebuilt.h: the default pack compiled when accord is built, and the
 * manifest that says when it may stand for compiling the rules again
 * (see prebuilt.c). */
#ifndef ACCORD_PREBUILT_H
#define ACCORD_PREBUILT_H

#include "accord.h"

/* Writes to PATH the manifest of PACK, compiled from the rule directory
 * DIR (SET, loaded by LOADER without -I, with DIAGS): the name of DIR,
 * the pack's fingerprint, and every source file's path under DIR with the
 * SHA-256 of the text that was compiled.  FALSE with ERROR set when the
 * pack could not be trusted in another place: a file outside DIR, an
 * import found other than as NAME.rules in DIR's parent (the root of its
 * packs), a file under DIR that is not in the pack, a diagnostic. */
gboolean prebuilt_write_manifest (AccordLoader *loader, const AccordRuleSet *set, AccordDiagnostics *diags,
                                  const AccordPack *pack, const char *dir, const char *path, GError **error);

/* (transfer full) The pack at PACK_PATH standing for the rules in DIR,
 * when the manifest at MANIFEST_PATH says it was compiled from exactly
 * the .rules files under DIR as they are now (same names, same bytes),
 * by this version of accord; its source files are named under DIR.
 * NULL otherwise, without a word: the rules are then compiled. */
AccordPack *prebuilt_open (const char *pack_path, const char *manifest_path, const char *dir);

#endif
