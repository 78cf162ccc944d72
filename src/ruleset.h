/* ruleset.h: the resolved form of a pack and its imports.  It owns the
 * syntax trees, whose names now point at their lists and classes. */
#ifndef ACCORD_RULESET_H
#define ACCORD_RULESET_H

#include "ast.h"

struct sb_stemmer;

typedef struct {
  const char *name;
  AstLabel *decl;         /* first declaration */
  GHashTable *files;      /* AstFile* set: files that declare it */
  GHashTable *roles;      /* role name -> AstName* */
  GPtrArray *role_names;  /* const char*, declaration order */
} Label;

typedef struct {
  const char *name;
  AstList *def;           /* the definition */
  AstFile *file;          /* the file that defines it */
  GPtrArray *entries;     /* AstEntry*: the definition's, then each +='s */
  GHashTable *keys;       /* normalised entry -> first AstEntry* */
  gboolean used;
} List;

struct AccordRuleSet {
  GPtrArray *asts;        /* AstFile*, owned, imports before importers */
  GPtrArray *labels;      /* Label*, owned, declaration order */
  GHashTable *label_by_name;
  GPtrArray *label_order; /* Label*, precedence order (highest first) */
  const char **label_names;
  GHashTable *lists;      /* name -> List*, owned */
  GPtrArray *list_order;  /* List*, definition order */
  GPtrArray *rules;       /* AstRule*, unit order */
  GPtrArray *examples;    /* AstExample* */
  GPtrArray *abbrevs;     /* const char* */
  struct sb_stemmer *stemmer;
};

#endif
