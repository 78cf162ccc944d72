/* cli.h: what the commands of the accord program share (see cli.c). */
#ifndef ACCORD_CLI_H
#define ACCORD_CLI_H

#include <stdio.h>
#include "accord.h"

enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2 };

typedef struct {
  FILE *out;
  FILE *err;
} Cli;

typedef struct {
  const char *name;
  const char *args;
  const char *summary;
  const char *description;
  int (*run) (Cli *cli, int argc, char **argv);
} Command;

typedef enum { COLOUR_AUTO, COLOUR_ALWAYS, COLOUR_NEVER } ColourMode;

G_GNUC_INTERNAL const Command *find_command (const char *name);
/* Prints "accord: MESSAGE" and a hint; returns the usage exit status. */
G_GNUC_INTERNAL int usage_error (Cli *cli, const char *command, const char *fmt, ...) G_GNUC_PRINTF (3, 4);
/* Parses the options of CMD into ENTRIES, the operands into *ARGS.
 * Returns -1 to go on, or an exit status (help shown, usage error). */
G_GNUC_INTERNAL int parse_options (Cli *cli, const Command *cmd, GOptionEntry *entries, int argc,
                                   char **argv, char ***args);
G_GNUC_INTERNAL gboolean want_colour (Cli *cli, ColourMode mode);
/* The values of --color and --state-budget for COMMAND.  Return -1 to go
 * on, or the usage exit status after saying what is wrong. */
G_GNUC_INTERNAL int parse_colour (Cli *cli, const char *command, const char *value, ColourMode *mode);
G_GNUC_INTERNAL int parse_budget (Cli *cli, const char *command, const char *text, guint32 *out);
/* ARGS with each directory replaced by its .rules files; NULL-terminated. */
G_GNUC_INTERNAL GPtrArray *rule_paths (AccordDiagnostics *diags, char **args);

/* The pack for -r RULES (rule files, directories, or one pack file; the
 * default English pack without any); NULL after an error, printed. */
G_GNUC_INTERNAL AccordPack *open_rules (Cli *cli, char **rules, char **includes, guint32 budget);

G_GNUC_INTERNAL int cmd_classify (Cli *cli, int argc, char **argv);
G_GNUC_INTERNAL int cmd_explain (Cli *cli, int argc, char **argv);
G_GNUC_INTERNAL int cmd_test (Cli *cli, int argc, char **argv);
G_GNUC_INTERNAL int cmd_eval (Cli *cli, int argc, char **argv);

#endif
