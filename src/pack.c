/* pack.c: compiled rule packs, in memory and on disk.
 *
 * A pack is the frozen form of a rule set: flat arrays of labels, rules,
 * vetoes, predicates, atoms, the matching program, examples and
 * abbreviations, with every name in one string table.  Compiling a rule
 * set writes those arrays in the file format and then loads them back
 * with the same loader that reads a file, so a pack compiled in memory
 * and one read from disk cannot behave differently.
 *
 * The file: a 64-byte header (magic "ACCPACK\0", a byte-order mark, the
 * format version, the payload size, a 64-bit checksum of the payload
 * (pack_checksum), and the fingerprint of the source rules), then the payload:
 * sections in a fixed order, each a 16-byte header (tag, element size,
 * count) and its elements padded to 8 bytes.  The loader checks the
 * magic, version, size and checksum, then bounds-checks every offset and
 * index before anything uses them, so a corrupt, truncated or foreign
 * file is rejected with a message, never followed.  Packs are written
 * through a temporary file and renamed into place, so a crash never
 * leaves half a pack.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>

#include "diag.h"
#include "pack.h"

#define PACK_MAGIC "ACCPACK"   /* 8 bytes with its NUL */
#define PACK_BOM 0x01020304u
#define PACK_VERSION 4u   /* 4: pack_checksum takes 8 bytes a step (3: FNV-1a) */
#define HEADER_SIZE 64u

typedef struct {
  char magic[8];
  guint32 bom;
  guint32 version;
  guint64 payload_size;
  guint64 checksum;
  char fingerprint[32];
} PackHeader;

G_STATIC_ASSERT (sizeof (PackHeader) == HEADER_SIZE);

typedef struct {
  guint32 tag;
  guint32 elem_size;
  guint32 count;
  guint32 reserved;
} SectionHeader;

/* X(tag, field, count field, element type) in file order. */
#define PACK_SECTIONS(X)                                          \
  X (1, strings, strings_len, char)                               \
  X (2, labels, n_labels, PackLabel)                              \
  X (3, roles, n_roles, guint32)                                  \
  X (4, rules, n_rules, PackRule)                                 \
  X (5, caps, n_caps, guint32)                                    \
  X (6, vetoes, n_vetoes, PackVeto)                               \
  X (7, files, n_files, guint32)                                  \
  X (8, insts, n_insts, Inst)                                     \
  X (9, preds, n_preds, PackPred)                                 \
  X (10, pred_atoms, n_pred_atoms, guint32)                       \
  X (11, atoms, n_atoms, PackAtom)                                \
  X (12, abbrevs, n_abbrevs, guint32)                             \
  X (13, examples, n_examples, PackExample)                       \
  X (14, example_labels, n_example_labels, guint32)              \
  X (15, detect, n_detect, Inst)                                  \
  X (16, fans, n_fans, PackFan)                                   \
  X (17, fan_keys, n_fan_keys, PackFanKey)                        \
  X (18, fan_children, n_fan_children, guint32)                   \
  X (19, meta, n_meta, guint32)                                   \
  X (20, groups, n_groups, PackGroup)                             \
  X (21, group_patterns, n_group_patterns, guint32)

/* The checksum of a payload, 8 bytes a step (a pack is read whole at
 * every start, and FNV-1a's byte a step was most of loading a big one).
 * Each step, (h ^ w) * odd then h ^ h >> 32, is a bijection of h, so a
 * payload that differs from another in one word never has its checksum. */
static guint64
pack_checksum (const guint8 *p, gsize n)
{
  guint64 h = 0xcbf29ce484222325ull ^ n;
  gsize i = 0;
  for (; i + 8 <= n; i += 8)
    {
      guint64 w;
      memcpy (&w, p + i, 8);
      h = (h ^ GUINT64_FROM_LE (w)) * 0x9e3779b97f4a7c15ull;
      h ^= h >> 32;
    }
  for (; i < n; i++)
    h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

/* ---------------------------------------------------------------- */
/* Loading                                                          */

static gboolean
corrupt (GError **error, const char *what)
{
  g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "corrupt pack: %s", what);
  return FALSE;
}

void
accord_pack_free (AccordPack *p)
{
  if (!p)
    return;
  if (p->words)
    g_hash_table_unref (p->words);
  if (p->exact)
    g_hash_table_unref (p->exact);
  if (p->stems)
    g_hash_table_unref (p->stems);
  if (p->prefixes)
    g_hash_table_unref (p->prefixes);
  if (p->prefix_lens)
    g_array_unref (p->prefix_lens);
  if (p->abbrev_set)
    g_hash_table_unref (p->abbrev_set);
  if (p->atom_preds)
    g_ptr_array_unref (p->atom_preds);
  if (p->negated_preds)
    g_array_unref (p->negated_preds);
  if (p->starts)
    g_array_unref (p->starts);
  if (p->bytes)
    g_bytes_unref (p->bytes);
  g_strfreev (p->file_names);
  g_free (p);
}

static gboolean
str_ok (const AccordPack *p, guint32 off)
{
  return off < p->strings_len;
}

/* first + n within total, without overflow. */
static gboolean
range_ok (guint32 first, guint32 n, guint32 total)
{
  return first <= total && n <= total - first;
}

static void
free_array (gpointer a)
{
  if (a)
    g_array_unref (a);
}

gboolean
pack_index (AccordPack *p, GError **error)
{
  if (p->strings_len == 0 || p->strings[p->strings_len - 1] != '\0')
    return corrupt (error, "string table");
  for (guint32 i = 0; i < p->n_labels; i++)
    if (!str_ok (p, p->labels[i].name) || !range_ok (p->labels[i].role_first, p->labels[i].n_roles, p->n_roles))
      return corrupt (error, "labels");
  for (guint32 i = 0; i < p->n_roles; i++)
    if (!str_ok (p, p->roles[i]))
      return corrupt (error, "roles");
  for (guint32 i = 0; i < p->n_caps; i++)
    if (!str_ok (p, p->caps[i]))
      return corrupt (error, "captures");
  for (guint32 i = 0; i < p->n_files; i++)
    if (!str_ok (p, p->files[i]))
      return corrupt (error, "files");
  for (guint32 i = 0; i < p->n_rules; i++)
    {
      const PackRule *r = &p->rules[i];
      if (!str_ok (p, r->name) || r->label >= p->n_labels || r->start >= p->n_insts
          || !range_ok (r->veto_first, r->n_vetoes, p->n_vetoes)
          || !range_ok (r->cap_first, r->n_caps, p->n_caps) || r->n_caps > 32
          || (p->n_files && r->file >= p->n_files))
        return corrupt (error, "rules");
    }
  for (guint32 i = 0; i < p->n_vetoes; i++)
    if (p->vetoes[i].start >= p->n_insts || p->vetoes[i].rule >= p->n_rules)
      return corrupt (error, "vetoes");
  guint32 n_patterns = p->n_rules + p->n_vetoes;
  for (guint32 i = 0; i < p->n_insts; i++)
    {
      const Inst *in = &p->insts[i];
      gboolean ok;
      switch (in->op)
        {
        case OP_CONSUME: ok = in->arg < p->n_preds && in->x < p->n_insts; break;
        case OP_SPLIT: ok = in->x < p->n_insts && in->y < p->n_insts; break;
        case OP_JMP: ok = in->x < p->n_insts; break;
        case OP_SAVE: ok = in->arg < 64 && in->x < p->n_insts; break;
        case OP_MATCH: ok = in->arg < n_patterns; break;
        default: ok = FALSE; break;
        }
      if (!ok)
        return corrupt (error, "program");
    }
  if (p->n_meta < 1 || (p->n_detect > 0 && p->meta[0] >= p->n_detect)
      || (p->n_detect == 0 && n_patterns > 0))
    return corrupt (error, "detection program");
  for (guint32 i = 0; i < p->n_detect; i++)
    {
      const Inst *in = &p->detect[i];
      gboolean ok;
      switch (in->op)
        {
        case OP_CONSUME: ok = in->arg < p->n_preds && in->x < p->n_detect; break;
        case OP_SPLIT: ok = in->x < p->n_detect && in->y < p->n_detect; break;
        case OP_JMP: ok = in->x < p->n_detect; break;
        case OP_MATCH: ok = in->arg < p->n_groups; break;
        case OP_FAN: ok = in->arg < p->n_fans; break;
        default: ok = FALSE; break;
        }
      if (!ok)
        return corrupt (error, "detection program");
    }
  for (guint32 i = 0; i < p->n_groups; i++)
    if (p->groups[i].n == 0 || !range_ok (p->groups[i].first, p->groups[i].n, p->n_group_patterns))
      return corrupt (error, "match groups");
  for (guint32 i = 0; i < p->n_group_patterns; i++)
    if (p->group_patterns[i] >= n_patterns)
      return corrupt (error, "match groups");
  for (guint32 i = 0; i < p->n_fans; i++)
    if (!range_ok (p->fans[i].key_first, p->fans[i].n_keys, p->n_fan_keys)
        || !range_ok (p->fans[i].generic_first, p->fans[i].n_generic, p->n_fan_children))
      return corrupt (error, "fans");
  for (guint32 i = 0; i < p->n_fan_keys; i++)
    if (p->fan_keys[i].atom >= p->n_atoms
        || !range_ok (p->fan_keys[i].child_first, p->fan_keys[i].n_children, p->n_fan_children))
      return corrupt (error, "fan keys");
  for (guint32 i = 0; i < p->n_fan_children; i++)
    if (p->fan_children[i] >= p->n_detect)
      return corrupt (error, "fan children");
  for (guint32 i = 0; i < p->n_preds; i++)
    if (!range_ok (p->preds[i].atom_first, p->preds[i].n_atoms, p->n_pred_atoms) || p->preds[i].negated > 1)
      return corrupt (error, "predicates");
  for (guint32 i = 0; i < p->n_pred_atoms; i++)
    if (p->pred_atoms[i] >= p->n_atoms)
      return corrupt (error, "predicate atoms");
  if (p->n_atoms < ATOM_N_FIXED)
    return corrupt (error, "atoms");
  for (guint32 i = 0; i < p->n_atoms; i++)
    if (p->atoms[i].kind > ATOM_KIND_PREFIX || !str_ok (p, p->atoms[i].text)
        || (i < ATOM_N_FIXED) != (p->atoms[i].kind == ATOM_KIND_FIXED))
      return corrupt (error, "atoms");
  for (guint32 i = 0; i < p->n_abbrevs; i++)
    if (!str_ok (p, p->abbrevs[i]))
      return corrupt (error, "abbreviations");
  for (guint32 i = 0; i < p->n_examples; i++)
    {
      const PackExample *e = &p->examples[i];
      if (!str_ok (p, e->text) || !range_ok (e->label_first, e->n_labels, p->n_example_labels)
          || (p->n_files && e->file >= p->n_files))
        return corrupt (error, "examples");
    }
  for (guint32 i = 0; i < p->n_example_labels; i++)
    if (p->example_labels[i] >= p->n_labels)
      return corrupt (error, "example labels");

  /* The run-time indexes. */
  p->words = g_hash_table_new (g_str_hash, g_str_equal);
  p->exact = g_hash_table_new (g_str_hash, g_str_equal);
  p->stems = g_hash_table_new (g_str_hash, g_str_equal);
  p->prefixes = g_hash_table_new (g_str_hash, g_str_equal);
  p->prefix_lens = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 i = ATOM_N_FIXED; i < p->n_atoms; i++)
    {
      const char *t = pack_str (p, p->atoms[i].text);
      GHashTable *h = p->atoms[i].kind == ATOM_KIND_WORD    ? p->words
                      : p->atoms[i].kind == ATOM_KIND_EXACT ? p->exact
                      : p->atoms[i].kind == ATOM_KIND_STEM  ? p->stems
                                                            : p->prefixes;
      g_hash_table_insert (h, (gpointer) t, GUINT_TO_POINTER (i + 1));
      if (h == p->prefixes)
        {
          guint32 len = (guint32) strlen (t);
          gboolean seen = FALSE;
          for (guint k = 0; k < p->prefix_lens->len; k++)
            seen = seen || g_array_index (p->prefix_lens, guint32, k) == len;
          if (!seen && len > 0)
            g_array_append_val (p->prefix_lens, len);
        }
    }
  p->abbrev_set = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint32 i = 0; i < p->n_abbrevs; i++)
    g_hash_table_add (p->abbrev_set, (gpointer) pack_str (p, p->abbrevs[i]));
  abbrev_set_init (&p->abbrevs_fast, p->abbrev_set);
  p->atom_preds = g_ptr_array_new_with_free_func (free_array);
  g_ptr_array_set_size (p->atom_preds, p->n_atoms);
  p->negated_preds = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 i = 0; i < p->n_preds; i++)
    {
      if (p->preds[i].negated)
        g_array_append_val (p->negated_preds, i);
      for (guint32 k = 0; k < p->preds[i].n_atoms; k++)
        {
          guint32 a = p->pred_atoms[p->preds[i].atom_first + k];
          GArray *list = g_ptr_array_index (p->atom_preds, a);
          if (!list)
            {
              list = g_array_new (FALSE, FALSE, sizeof (guint32));
              p->atom_preds->pdata[a] = list;
            }
          g_array_append_val (list, i);
        }
    }
  p->starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 i = 0; i < p->n_rules; i++)
    g_array_append_val (p->starts, p->rules[i].start);
  for (guint32 i = 0; i < p->n_vetoes; i++)
    g_array_append_val (p->starts, p->vetoes[i].start);
  return TRUE;
}

AccordPack *
accord_pack_new_from_bytes (GBytes *bytes, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  if (size < HEADER_SIZE || memcmp (data, PACK_MAGIC, 8) != 0)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "not an accord pack");
      return NULL;
    }
  PackHeader h;
  memcpy (&h, data, sizeof h);
  if (h.bom != PACK_BOM)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED,
                   "pack written on a machine of the other byte order: compile it again here");
      return NULL;
    }
  if (h.version != PACK_VERSION)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED,
                   "pack format version %u, this accord reads version %u: compile it again",
                   h.version, PACK_VERSION);
      return NULL;
    }
  if (h.payload_size != size - HEADER_SIZE)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED,
                   "truncated pack: %" G_GSIZE_FORMAT " bytes, the header says %" G_GUINT64_FORMAT,
                   size, h.payload_size + HEADER_SIZE);
      return NULL;
    }
  if (pack_checksum (data + HEADER_SIZE, size - HEADER_SIZE) != h.checksum)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "corrupt pack: checksum mismatch");
      return NULL;
    }

  AccordPack *p = g_new0 (AccordPack, 1);
  p->bytes = g_bytes_ref (bytes);
  for (int i = 0; i < 32; i++)
    p->fingerprint[i] = g_ascii_isxdigit (h.fingerprint[i]) ? h.fingerprint[i] : '0';
  gsize off = HEADER_SIZE;
#define X(TAG, FIELD, COUNT, TYPE)                                                         \
  {                                                                                        \
    SectionHeader sh;                                                                      \
    if (size - off < sizeof sh)                                                            \
      goto truncated;                                                                      \
    memcpy (&sh, data + off, sizeof sh);                                                   \
    off += sizeof sh;                                                                      \
    if (sh.tag != (TAG) || sh.elem_size != sizeof (TYPE))                                  \
      goto bad_section;                                                                    \
    guint64 bytes_n = (guint64) sh.count * sh.elem_size;                                   \
    guint64 padded = (bytes_n + 7) & ~(guint64) 7;                                         \
    if (padded > size - off)                                                               \
      goto truncated;                                                                      \
    p->FIELD = (const TYPE *) (data + off);                                                \
    p->COUNT = sh.count;                                                                   \
    off += padded;                                                                         \
  }
  PACK_SECTIONS (X)
#undef X
  if (off != size)
    goto bad_section;
  if (!pack_index (p, error))
    {
      accord_pack_free (p);
      return NULL;
    }
  return p;

truncated:
  accord_pack_free (p);
  g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "corrupt pack: a section runs past the end");
  return NULL;
bad_section:
  accord_pack_free (p);
  g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "corrupt pack: unexpected section layout");
  return NULL;
}

AccordPack *
accord_pack_load (const char *path, GError **error)
{
  FILE *fp = fopen (path, "rb");
  if (!fp)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot open '%s': %s", path, g_strerror (errno));
      return NULL;
    }
  GByteArray *buf = g_byte_array_new ();
  guint8 chunk[65536];
  size_t n;
  while ((n = fread (chunk, 1, sizeof chunk, fp)) > 0)
    g_byte_array_append (buf, chunk, (guint) n);
  int err = ferror (fp) ? errno : 0;
  fclose (fp);
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (buf);
  if (err)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot read '%s': %s", path, g_strerror (err));
      return NULL;
    }
  g_autoptr (GError) local = NULL;
  AccordPack *p = accord_pack_new_from_bytes (bytes, &local);
  if (!p)
    g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "%s: %s", path, local->message);
  return p;
}

gboolean
accord_is_pack_file (const char *path)
{
  FILE *fp = fopen (path, "rb");
  if (!fp)
    return FALSE;
  char magic[8] = { 0 };
  gboolean yes = fread (magic, 1, 8, fp) == 8 && memcmp (magic, PACK_MAGIC, 8) == 0;
  fclose (fp);
  return yes;
}

/* ---------------------------------------------------------------- */
/* Writing                                                          */

typedef struct {
  GString *strings;
  GHashTable *offsets;   /* string -> offset + 1 */
} Strings;

static guint32
intern_str (Strings *s, const char *str)
{
  gpointer found = g_hash_table_lookup (s->offsets, str);
  if (found)
    return GPOINTER_TO_UINT (found) - 1;
  guint32 off = (guint32) s->strings->len;
  g_string_append_len (s->strings, str, (gssize) strlen (str) + 1);
  g_hash_table_insert (s->offsets, g_strdup (str), GUINT_TO_POINTER (off + 1));
  return off;
}

static void
put_section (GByteArray *out, guint32 tag, guint32 elem_size, guint32 count, const void *data)
{
  SectionHeader sh = { tag, elem_size, count, 0 };
  g_byte_array_append (out, (const guint8 *) &sh, sizeof sh);
  gsize n = (gsize) elem_size * count;
  if (n)
    g_byte_array_append (out, data, (guint) n);
  static const guint8 zeros[8] = { 0 };
  if (n % 8)
    g_byte_array_append (out, zeros, (guint) (8 - n % 8));
}

static gint
cmp_str_ptr (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Fingerprint: SHA-256 of every source file of the unit (pack name and
 * text), first 16 bytes in hex. */
static void
fingerprint (AccordRuleSet *set, AccordDiagnostics *diags, char out[33])
{
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  for (guint i = 0; i < set->asts->len; i++)
    {
      AstFile *f = g_ptr_array_index (set->asts, i);
      AccordSource *src = accord_diagnostics_source (diags, f->file);
      const char *name = f->has_header ? f->pack.text : "";
      g_checksum_update (sum, (const guchar *) name, (gssize) strlen (name) + 1);
      g_checksum_update (sum, (const guchar *) accord_source_data (src),
                         (gssize) accord_source_length (src));
    }
  const char *hex = g_checksum_get_string (sum);
  memcpy (out, hex, 32);
  out[32] = '\0';
}

AccordPack *
accord_pack_compile (AccordRuleSet *set, AccordDiagnostics *diags, guint32 state_budget)
{
  g_autoptr (Ir) ir = ir_build (set);
  GArray *rule_starts = NULL, *veto_starts = NULL;
  g_autoptr (GArray) prog = nfa_compile (ir, set, state_budget ? state_budget : ACCORD_DEFAULT_STATE_BUDGET,
                                         diags, &rule_starts, &veto_starts);
  if (!prog)
    return NULL;
  g_autoptr (GArray) rstarts = rule_starts;
  g_autoptr (GArray) vstarts = veto_starts;
  guint32 detect_start = 0;
  GArray *fans_a = NULL, *fan_keys_a = NULL, *fan_children_a = NULL, *groups_a = NULL, *group_patterns_a = NULL;
  g_autoptr (GArray) detect = nfa_compile_detect (ir, &detect_start, &fans_a, &fan_keys_a, &fan_children_a,
                                                  &groups_a, &group_patterns_a);
  g_autoptr (GArray) groups = groups_a;
  g_autoptr (GArray) group_patterns = group_patterns_a;
  g_autoptr (GArray) fans = fans_a;
  g_autoptr (GArray) fan_keys = fan_keys_a;
  g_autoptr (GArray) fan_children = fan_children_a;

  Strings s = { g_string_new (""), g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  intern_str (&s, "");

  /* Labels, in precedence order, with their roles. */
  g_autoptr (GArray) labels = g_array_new (FALSE, FALSE, sizeof (PackLabel));
  g_autoptr (GArray) roles = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) label_no = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < set->label_order->len; i++)
    {
      Label *l = g_ptr_array_index (set->label_order, i);
      PackLabel pl = { intern_str (&s, l->name), l->role_names->len, roles->len };
      for (guint k = 0; k < l->role_names->len; k++)
        {
          guint32 r = intern_str (&s, g_ptr_array_index (l->role_names, k));
          g_array_append_val (roles, r);
        }
      g_array_append_val (labels, pl);
      g_hash_table_insert (label_no, (gpointer) l->name, GUINT_TO_POINTER (i));
    }

  /* Files, for locations. */
  g_autoptr (GArray) files = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) file_no = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < set->asts->len; i++)
    {
      AstFile *f = g_ptr_array_index (set->asts, i);
      guint32 name = intern_str (&s, accord_source_name (accord_diagnostics_source (diags, f->file)));
      g_hash_table_insert (file_no, GUINT_TO_POINTER (f->file), GUINT_TO_POINTER (files->len));
      g_array_append_val (files, name);
    }

  /* Rules, vetoes, captures. */
  g_autoptr (GArray) rules = g_array_new (FALSE, FALSE, sizeof (PackRule));
  g_autoptr (GArray) vetoes = g_array_new (FALSE, FALSE, sizeof (PackVeto));
  g_autoptr (GArray) caps = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 veto_i = 0;
  for (guint i = 0; i < set->rules->len; i++)
    {
      AstRule *r = g_ptr_array_index (set->rules, i);
      IrRule *ir_rule = g_ptr_array_index (ir->rules, i);
      AccordSource *src = accord_diagnostics_source (diags, r->name.span.file);
      PackRule pr = { 0 };
      pr.name = intern_str (&s, r->name.text);
      pr.label = GPOINTER_TO_UINT (g_hash_table_lookup (label_no, r->label.text));
      pr.priority = r->priority;
      pr.start = g_array_index (rstarts, guint32, i);
      pr.veto_first = vetoes->len;
      pr.n_vetoes = r->vetoes->len;
      pr.cap_first = caps->len;
      pr.n_caps = ir_rule->captures->len;
      pr.file = GPOINTER_TO_UINT (g_hash_table_lookup (file_no, GUINT_TO_POINTER (r->name.span.file)));
      pr.line = accord_source_line (src, r->name.span.start);
      pr.col = accord_source_column (src, r->name.span.start);
      for (guint k = 0; k < ir_rule->captures->len; k++)
        {
          guint32 c = intern_str (&s, g_ptr_array_index (ir_rule->captures, k));
          g_array_append_val (caps, c);
        }
      for (guint k = 0; k < r->vetoes->len; k++)
        {
          AstNode *v = g_ptr_array_index (r->vetoes, k);
          PackVeto pv = { g_array_index (vstarts, guint32, veto_i++), i,
                          accord_source_line (src, v->span.start),
                          accord_source_column (src, v->span.start) };
          g_array_append_val (vetoes, pv);
        }
      g_array_append_val (rules, pr);
    }

  /* Predicates and atoms. */
  g_autoptr (GArray) preds = g_array_new (FALSE, FALSE, sizeof (PackPred));
  g_autoptr (GArray) pred_atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < ir->preds->len; i++)
    {
      IrPred *ip = g_ptr_array_index (ir->preds, i);
      PackPred pp = { pred_atoms->len, ip->atoms->len, ip->negated ? 1 : 0 };
      g_array_append_vals (pred_atoms, ip->atoms->data, ip->atoms->len);
      g_array_append_val (preds, pp);
    }
  g_autoptr (GArray) atoms = g_array_new (FALSE, FALSE, sizeof (PackAtom));
  for (guint i = 0; i < ir->atom_kinds->len; i++)
    {
      const char *t = g_ptr_array_index (ir->atom_texts, i);
      PackAtom pa = { GPOINTER_TO_UINT (g_ptr_array_index (ir->atom_kinds, i)), intern_str (&s, t ? t : "") };
      g_array_append_val (atoms, pa);
    }

  /* Abbreviations (folded) and examples. */
  g_autoptr (GArray) abbrevs = g_array_new (FALSE, FALSE, sizeof (guint32));
  GHashTableIter it;
  gpointer key;
  g_autoptr (GPtrArray) abbrev_list = g_ptr_array_new ();
  g_hash_table_iter_init (&it, ir->abbrevs);
  while (g_hash_table_iter_next (&it, &key, NULL))
    g_ptr_array_add (abbrev_list, key);
  /* By text (g_ptr_array_sort gives pointers to the elements): a pack
   * is the same bytes whatever the heap's layout. */
  g_ptr_array_sort (abbrev_list, cmp_str_ptr);
  for (guint i = 0; i < abbrev_list->len; i++)
    {
      guint32 a = intern_str (&s, *(char **) &abbrev_list->pdata[i]);
      g_array_append_val (abbrevs, a);
    }
  g_autoptr (GArray) examples = g_array_new (FALSE, FALSE, sizeof (PackExample));
  g_autoptr (GArray) example_labels = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < set->examples->len; i++)
    {
      AstExample *e = g_ptr_array_index (set->examples, i);
      AccordSource *src = accord_diagnostics_source (diags, e->span.file);
      PackExample pe = { intern_str (&s, e->text), example_labels->len, 0,
                         GPOINTER_TO_UINT (g_hash_table_lookup (file_no, GUINT_TO_POINTER (e->span.file))),
                         accord_source_line (src, e->span.start),
                         accord_source_column (src, e->span.start) };
      for (guint k = 0; k < e->labels->len; k++)
        {
          AstName *n = g_ptr_array_index (e->labels, k);
          if (g_str_equal (n->text, "background"))
            continue;
          guint32 l = GPOINTER_TO_UINT (g_hash_table_lookup (label_no, n->text));
          g_array_append_val (example_labels, l);
          pe.n_labels++;
        }
      g_array_append_val (examples, pe);
    }

  /* Serialise, then load what was written. */
  GByteArray *out = g_byte_array_new ();
  PackHeader h = { PACK_MAGIC, PACK_BOM, PACK_VERSION, 0, 0, { 0 } };
  char fp[33];
  fingerprint (set, diags, fp);
  memcpy (h.fingerprint, fp, 32);
  g_byte_array_append (out, (const guint8 *) &h, sizeof h);
  put_section (out, 1, 1, (guint32) s.strings->len, s.strings->str);
  put_section (out, 2, sizeof (PackLabel), labels->len, labels->data);
  put_section (out, 3, sizeof (guint32), roles->len, roles->data);
  put_section (out, 4, sizeof (PackRule), rules->len, rules->data);
  put_section (out, 5, sizeof (guint32), caps->len, caps->data);
  put_section (out, 6, sizeof (PackVeto), vetoes->len, vetoes->data);
  put_section (out, 7, sizeof (guint32), files->len, files->data);
  put_section (out, 8, sizeof (Inst), prog->len, prog->data);
  put_section (out, 9, sizeof (PackPred), preds->len, preds->data);
  put_section (out, 10, sizeof (guint32), pred_atoms->len, pred_atoms->data);
  put_section (out, 11, sizeof (PackAtom), atoms->len, atoms->data);
  put_section (out, 12, sizeof (guint32), abbrevs->len, abbrevs->data);
  put_section (out, 13, sizeof (PackExample), examples->len, examples->data);
  put_section (out, 14, sizeof (guint32), example_labels->len, example_labels->data);
  put_section (out, 15, sizeof (Inst), detect->len, detect->data);
  put_section (out, 16, sizeof (PackFan), fans->len, fans->data);
  put_section (out, 17, sizeof (PackFanKey), fan_keys->len, fan_keys->data);
  put_section (out, 18, sizeof (guint32), fan_children->len, fan_children->data);
  put_section (out, 19, sizeof (guint32), 1, &detect_start);
  put_section (out, 20, sizeof (PackGroup), groups->len, groups->data);
  put_section (out, 21, sizeof (guint32), group_patterns->len, group_patterns->data);
  g_string_free (s.strings, TRUE);
  g_hash_table_unref (s.offsets);

  PackHeader *hp = (PackHeader *) out->data;
  hp->payload_size = out->len - HEADER_SIZE;
  hp->checksum = pack_checksum (out->data + HEADER_SIZE, out->len - HEADER_SIZE);
  g_autoptr (GBytes) bytes = g_byte_array_free_to_bytes (out);
  g_autoptr (GError) error = NULL;
  AccordPack *p = accord_pack_new_from_bytes (bytes, &error);
  if (!p)
    g_error ("a pack just compiled does not load: %s", error->message);
  return p;
}

GBytes *
accord_pack_bytes (const AccordPack *pack)
{
  return g_bytes_ref (pack->bytes);
}

/* Writes all of DATA to FD; FALSE with errno set on failure. */
static gboolean
write_all (int fd, const guint8 *data, gsize size)
{
  gsize done = 0;
  while (done < size)
    {
      ssize_t n = write (fd, data + done, size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      done += (gsize) n;
    }
  return TRUE;
}

gboolean
accord_pack_save (const AccordPack *pack, const char *path, GError **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (pack->bytes, &size);
  /* A device or a pipe (/dev/stdout, a FIFO) is written as it is: renaming
   * a file over it would replace it. */
  struct stat st;
  if (stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      int fd = S_ISDIR (st.st_mode) ? -1 : open (path, O_WRONLY);
      if (fd < 0 || !write_all (fd, data, size))
        {
          int e = S_ISDIR (st.st_mode) ? EISDIR : errno;
          if (fd >= 0)
            close (fd);
          g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot write '%s': %s", path, g_strerror (e));
          return FALSE;
        }
      close (fd);
      return TRUE;
    }
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY, 0644);
  if (fd < 0)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot write '%s': %s", path, g_strerror (errno));
      return FALSE;
    }
  if (!write_all (fd, data, size))
    {
      int e = errno;
      close (fd);
      g_unlink (tmp);
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot write '%s': %s", path, g_strerror (e));
      return FALSE;
    }
  if (fsync (fd) != 0 || close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      int e = errno;
      g_unlink (tmp);
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "cannot write '%s': %s", path, g_strerror (e));
      return FALSE;
    }
  return TRUE;
}

const char *
accord_pack_fingerprint (const AccordPack *pack)
{
  return pack->fingerprint;
}

void
accord_pack_get_stats (const AccordPack *p, AccordPackStats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->rules = p->n_rules;
  stats->vetoes = p->n_vetoes;
  stats->labels = p->n_labels;
  stats->predicates = p->n_preds;
  stats->states = p->n_insts;
  stats->examples = p->n_examples;
  for (guint32 i = 0; i < p->n_atoms; i++)
    switch (p->atoms[i].kind)
      {
      case ATOM_KIND_WORD: stats->words++; break;
      case ATOM_KIND_EXACT: stats->exact_words++; break;
      case ATOM_KIND_STEM: stats->stems++; break;
      case ATOM_KIND_PREFIX: stats->prefixes++; break;
      default: break;
      }
  stats->bytes = g_bytes_get_size (p->bytes);
}
