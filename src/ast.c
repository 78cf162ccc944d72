/* ast.c: the arena behind AstFile and a printer for patterns. */
#include "config.h"

#include "ast.h"

static const char *const class_names[] = {
#define X(e, n, d) n,
  ACCORD_TOKEN_CLASSES (X)
#undef X
};

const char *
ast_class_name (AstClass c)
{
  return c < AST_N_CLASSES ? class_names[c] : "?";
}

int
ast_class_lookup (const char *name)
{
  for (int i = 0; i < AST_N_CLASSES; i++)
    if (g_str_equal (class_names[i], name))
      return i;
  return -1;
}

AstFile *
ast_file_new (guint32 file)
{
  AstFile *f = g_new0 (AstFile, 1);
  f->file = file;
  f->strings = g_string_chunk_new (1024);
  f->mem = g_ptr_array_new_with_free_func (g_free);
  f->arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  f->imports = ast_array (f);
  f->labels = ast_array (f);
  f->precedences = ast_array (f);
  f->precedence_spans = ast_array (f);
  f->lists = ast_array (f);
  f->abbrevs = ast_array (f);
  f->rules = ast_array (f);
  f->examples = ast_array (f);
  return f;
}

void
ast_file_free (AstFile *f)
{
  if (!f)
    return;
  g_ptr_array_unref (f->arrays);
  g_ptr_array_unref (f->mem);
  g_string_chunk_free (f->strings);
  g_free (f);
}

gpointer
ast_alloc (AstFile *f, gsize size)
{
  gpointer p = g_malloc0 (size);
  g_ptr_array_add (f->mem, p);
  return p;
}

GPtrArray *
ast_array (AstFile *f)
{
  GPtrArray *a = g_ptr_array_new ();
  g_ptr_array_add (f->arrays, a);
  return a;
}

const char *
ast_intern (AstFile *f, const char *s)
{
  return g_string_chunk_insert_const (f->strings, s);
}

AstNode *
ast_node (AstFile *f, AstKind kind, const AccordSpan *span)
{
  AstNode *n = ast_new (f, AstNode);
  n->kind = kind;
  n->span = *span;
  n->cls = -1;
  return n;
}

static void
print_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      if (*s == '"' || *s == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

static void
print_quant (GString *out, gint min, gint max)
{
  if (min == 0 && max == 1)
    g_string_append_c (out, '?');
  else if (min == 0 && max < 0)
    g_string_append_c (out, '*');
  else if (min == 1 && max < 0)
    g_string_append_c (out, '+');
  else if (min == max)
    g_string_append_printf (out, "{%d}", min);
  else if (max < 0)
    g_string_append_printf (out, "{%d,}", min);
  else
    g_string_append_printf (out, "{%d,%d}", min, max);
}

void
ast_node_print (GString *out, const AstNode *n)
{
  switch (n->kind)
    {
    case AST_LITERAL:
      if (n->case_sensitive)
        g_string_append_c (out, '=');
      print_string (out, n->text);
      break;
    case AST_STEM:
      g_string_append_c (out, '~');
      print_string (out, n->text);
      break;
    case AST_PREFIX:
      g_string_append_c (out, '"');
      g_string_append (out, n->text);
      g_string_append (out, "*\"");
      break;
    case AST_NAME:
    case AST_BAREWORD:
      g_string_append (out, n->text);
      break;
    case AST_BOS:
      g_string_append_c (out, '^');
      break;
    case AST_EOS:
      g_string_append_c (out, '$');
      break;
    case AST_SEQ:
    case AST_ALT:
      g_string_append_c (out, '(');
      for (guint i = 0; i < n->kids->len; i++)
        {
          if (i)
            g_string_append (out, n->kind == AST_SEQ ? " " : " | ");
          ast_node_print (out, g_ptr_array_index (n->kids, i));
        }
      g_string_append_c (out, ')');
      break;
    case AST_REPEAT:
      ast_node_print (out, n->child);
      print_quant (out, n->min, n->max);
      break;
    case AST_NOT:
      g_string_append_c (out, '!');
      ast_node_print (out, n->child);
      break;
    case AST_CAPTURE:
      g_string_append_printf (out, "%s:", n->text);
      ast_node_print (out, n->child);
      break;
    case AST_QUOTE:
      g_string_append (out, "QUOTE");
      if (n->min != 1 || n->max != -1)
        print_quant (out, n->min, n->max);
      break;
    }
}
