/* cmd-classify.c: accord classify and accord explain.
 *
 * classify reads documents (files, directories, standard input, JSON
 * Lines corpora), classifies each (classify.c) and writes the records
 * (output.c) in input order.  With -j N, N worker threads each read a
 * file, classify it, format its records and free it, while the main
 * thread queues at most 16N documents ahead and only writes finished
 * buffers (and the errors met reading them), in order, a batch at a
 * time (it waits once for 8N of them, not once a document, and the
 * threads never run out of work meanwhile); so memory is bounded by a
 * few documents a thread, not by the corpus.  (JSON Lines corpora and
 * standard input are read by the main thread, a record at a time.)
 * Each worker takes a classifier (its own automaton cache, kept warm
 * from one document to the next) from a shared pool, and computes no
 * more than the format shows: a summary needs only which rules matched,
 * TSV their spans, not their captures.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-glib/json-glib.h>

#include "classify.h"
#include "cli.h"
#include "jsonl.h"
#include "ir.h"
#include "output.h"
#include "prebuilt.h"
#include "resolve.h"
#include "util.h"

/* Documents larger than this are refused (offsets are 32-bit). */
#define MAX_DOCUMENT ((gsize) G_MAXUINT32 - 1)

/* ---- rules ---- */

/* TRUE when this program runs from its build tree: the default pack is
 * then the source tree's rules, compiled beside it in the build tree,
 * else the installed ones. */
static gboolean
uninstalled (void)
{
  char exe[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0)
    return FALSE;
  exe[n] = '\0';
  char build[PATH_MAX];
  return realpath (ACCORD_BUILD_DIR, build) && g_str_has_prefix (exe, build) && exe[strlen (build)] == '/';
}

/* The pack for RULES: one pack file as it is, or rule files and
 * directories compiled; the default pack without any.  NULL after an
 * error, which has been printed.  (Shared with the other commands that
 * take -r: see cli.h.) */
AccordPack *
open_rules (Cli *cli, char **rules, char **includes, guint32 budget)
{
  if (rules && rules[0] && !rules[1] && !g_file_test (rules[0], G_FILE_TEST_IS_DIR)
      && accord_is_pack_file (rules[0]))
    {
      g_autoptr (GError) error = NULL;
      AccordPack *pack = accord_pack_load (rules[0], &error);
      if (!pack)
        fprintf (cli->err, "accord: %s\n", error->message);
      return pack;
    }
  g_autofree char *dflt = NULL;
  char *dflt_args[2] = { NULL, NULL };
  if (!rules || !rules[0])
    {
      gboolean built = uninstalled ();
      dflt = g_build_filename (built ? ACCORD_SOURCE_RULES_DIR : ACCORD_RULES_DIR, "en", NULL);
      /* The pack compiled with accord, while the rules are as they were
       * then (a -I directory or another budget could change them). */
      if ((!includes || !includes[0]) && !budget)
        {
          const char *dir = built ? ACCORD_BUILD_DIR "/rules" : ACCORD_PACK_DIR;
          g_autofree char *pack_path = g_build_filename (dir, "en.pack", NULL);
          g_autofree char *manifest = g_build_filename (dir, "en.manifest", NULL);
          AccordPack *pack = prebuilt_open (pack_path, manifest, dflt);
          if (pack)
            return pack;
        }
      dflt_args[0] = dflt;
      rules = dflt_args;
    }
  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  for (char **i = includes; i && *i; i++)
    accord_loader_add_include_dir (loader, *i);
  accord_loader_add_default_path (loader);
  g_autoptr (GPtrArray) files = rule_paths (diags, rules);
  g_autoptr (AccordRuleSet) set = NULL;
  if (accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR) == 0)
    set = accord_loader_load_many (loader, (const char *const *) files->pdata);
  AccordPack *pack = set ? accord_pack_compile (set, diags, budget) : NULL;
  g_autofree char *text = accord_diagnostics_render (diags, want_colour (cli, COLOUR_AUTO));
  fputs (text, cli->err);
  return pack;
}

/* ---- inputs ---- */

typedef struct {
  char *name;      /* doc: the path, the JSON record's id, or "-" */
  char *text;
  gsize len;
} Doc;

static void
doc_free (Doc *d)
{
  if (!d)
    return;
  g_free (d->name);
  g_free (d->text);
  g_free (d);
}

typedef enum { FORMAT_AUTO, FORMAT_TEXT, FORMAT_JSONL } InputFormat;

typedef struct {
  char *path;
  gboolean jsonl;
  guint64 size;    /* for the progress only (then stat'ed) */
} Input;

static void
input_free (gpointer p)
{
  Input *in = p;
  g_free (in->path);
  g_free (in);
}

static void
add_input (GPtrArray *inputs, const char *path, InputFormat fmt)
{
  Input *in = g_new0 (Input, 1);
  in->path = g_strdup (path);
  in->jsonl = fmt == FORMAT_JSONL || (fmt == FORMAT_AUTO && g_str_has_suffix (path, ".jsonl"));
  g_ptr_array_add (inputs, in);
}

/* Every file under DIR whose name matches GLOB, sorted, recursively. */
static void
add_dir (GPtrArray *inputs, const char *dir, GPatternSpec *glob, InputFormat fmt)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  list_files (dir, glob, files);
  for (guint i = 0; i < files->len; i++)
    add_input (inputs, g_ptr_array_index (files, i), fmt);
}


/* A binary file: a NUL byte in its first 8 KiB. */
static gboolean
looks_binary (const char *data, gsize len)
{
  return memchr (data, '\0', MIN (len, 8192)) != NULL;
}

/* ---- the run ---- */

typedef struct {
  Cli *cli;
  AccordPack *pack;
  OutputFormat format;
  guint64 keep;
  gboolean keep_background;
  gsize cache_limit;        /* bytes per classifier; 0: the default */
  guint threads;
  GMutex lock;
  GCond done_cond;
  gpointer waiting;         /* atomic: the Job the main thread waits for, or NULL */
  GPtrArray *classifiers;   /* free Worker* */
} Run;

/* What a thread needs to classify a document, kept from one document to
 * the next: the classifier (its automaton's cache) and the result arrays,
 * which then hardly ever grow. */
typedef struct {
  AccordClassifier *c;
  Classified cls;
} Worker;

static void
worker_free (gpointer p)
{
  Worker *wk = p;
  classifier_free (wk->c);
  classified_clear (&wk->cls);
  g_free (wk);
}

/* One document to classify: a file the worker reads (PATH), or a
 * document read already (DOC: a JSON Lines record, standard input).  The
 * worker reads, classifies, formats and frees it; the main thread only
 * writes OUT (and MESSAGE, what to say on standard error) in order. */
typedef struct {
  Run *run;
  const char *path;
  Doc *doc;
  GString *out;
  SummaryRow *row;
  char *message;
  gboolean failed;
  gsize len;
  gint done;                /* atomic: written once by the thread, when all else is */
} Job;

static Worker *
take_worker (Run *run)
{
  g_mutex_lock (&run->lock);
  Worker *wk = run->classifiers->len ? g_ptr_array_steal_index (run->classifiers, run->classifiers->len - 1)
                                     : NULL;
  g_mutex_unlock (&run->lock);
  if (!wk)
    {
      wk = g_new0 (Worker, 1);
      wk->c = classifier_new (run->pack);
      classifier_set_cache_limit (wk->c, run->cache_limit);
      /* The default: up to 48 MiB for one thread, 32 MiB each for more. */
      if (!run->cache_limit && run->threads > 1)
        classifier_cap_cache_limit (wk->c, (gsize) 32 * 1024 * 1024);
      /* Compute no more than the format shows: a summary needs only which
       * rules matched, TSV their order (spans), not their captures. */
      classifier_set_detail (wk->c, run->format == OUTPUT_SUMMARY ? CLASSIFY_RULES
                                    : run->format == OUTPUT_TSV   ? CLASSIFY_SPANS
                                                                  : CLASSIFY_FULL);
      classified_init (&wk->cls);
    }
  return wk;
}

static void
give_worker (Run *run, Worker *wk)
{
  g_mutex_lock (&run->lock);
  g_ptr_array_add (run->classifiers, wk);
  g_mutex_unlock (&run->lock);
}

/* Reads the text file of JOB into its document; FALSE when there is
 * nothing to classify (JOB's message says why, when it is an error or a
 * warning). */
static gboolean
job_read (Job *job)
{
  const char *path = job->path;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      job->message = g_strdup_printf ("accord: cannot open '%s': %s\n", path, g_strerror (errno));
      job->failed = TRUE;
      return FALSE;
    }
  char *data = NULL;
  gsize len = 0;
  int err = 0;
  gboolean ok = read_fd_all (fd, MAX_DOCUMENT, &data, &len, &err);
  close (fd);
  if (!ok)
    {
      job->message = g_strdup_printf ("accord: cannot read '%s': %s\n", path,
                                      err == EFBIG ? "larger than 4 GiB" : g_strerror (err));
      job->failed = TRUE;
      return FALSE;
    }
  if (looks_binary (data, len))
    {
      job->message = g_strdup_printf ("accord: warning: skipping binary file '%s'\n", path);
      g_free (data);
      return FALSE;
    }
  Doc *doc = g_new0 (Doc, 1);
  doc->name = g_strdup (path);
  doc->text = data;
  doc->len = len;
  job->doc = doc;
  return TRUE;
}

static void
job_work (Job *job)
{
  Run *run = job->run;
  if (job->path && !job_read (job))
    return;
  job->len = job->doc->len;
  Worker *wk = take_worker (run);
  Classified *cls = &wk->cls;
  classifier_run (wk->c, job->doc->text, job->doc->len, cls);
  job->out = g_string_new (NULL);
  switch (run->format)
    {
    case OUTPUT_JSONL:
      output_jsonl (job->out, run->pack, job->doc->name, job->doc->text, cls, run->keep, run->keep_background);
      break;
    case OUTPUT_TSV:
      output_tsv (job->out, run->pack, job->doc->name, job->doc->text, cls, run->keep, run->keep_background);
      break;
    case OUTPUT_SUMMARY:
      job->row = summary_row_new (run->pack, job->doc->name, cls, run->keep, run->keep_background);
      break;
    case OUTPUT_HTML:
      output_html_document (job->out, run->pack, job->doc->name, job->doc->text, cls, run->keep,
                            run->keep_background);
      job->row = summary_row_new (run->pack, job->doc->name, cls, G_MAXUINT64, TRUE);
      break;
    }
  give_worker (run, wk);
  doc_free (job->doc);
  job->doc = NULL;
}

static void
pool_work (gpointer data, gpointer user)
{
  Job *job = data;
  job_work (job);
  /* Done, without the lock: only the job the main thread waits for takes
   * it, to wake it.  (Both sides store, then load the other's word, all
   * sequentially consistent: either the main thread sees DONE, or this
   * thread sees WAITING.)  JOB may be freed as soon as DONE is set. */
  Run *run = job->run;
  g_atomic_int_set (&job->done, TRUE);
  if (g_atomic_pointer_get (&run->waiting) == job)
    {
      g_mutex_lock (&run->lock);
      g_cond_signal (&run->done_cond);
      g_mutex_unlock (&run->lock);
    }
}

typedef struct {
  Run *run;
  FILE *out;
  GThreadPool *pool;
  GQueue pending;           /* Job*, in input order */
  guint max_pending;
  guint64 out_bytes;        /* output of the documents written, for max_pending */
  GPtrArray *rows;          /* SummaryRow*, for -f summary */
  gboolean failed;          /* a document could not be read */
  /* Progress. */
  gboolean progress;
  guint docs_done, docs_total;
  guint64 bytes_done, bytes_total;
  gint64 t0, last_shown;
} Writer;

static void
show_progress (Writer *w, gboolean final)
{
  if (!w->progress)
    return;
  gint64 now = g_get_monotonic_time ();
  if (!final && now - w->last_shown < 200000)
    return;
  w->last_shown = now;
  double secs = (double) (now - w->t0) / 1e6;
  double mbs = secs > 0 ? (double) w->bytes_done / 1e6 / secs : 0;
  double left = mbs > 0 && w->bytes_total > w->bytes_done ? (double) (w->bytes_total - w->bytes_done) / 1e6 / mbs : 0;
  fprintf (w->run->cli->err, "\raccord: %u/%u documents, %.1f MB/s, %d:%02d left ", w->docs_done,
           w->docs_total, mbs, (int) left / 60, (int) left % 60);
  if (final)
    fputc ('\n', w->run->cli->err);
  fflush (w->run->cli->err);
}

static void
write_job (Writer *w, Job *job)
{
  if (job->message)
    {
      fputs (job->message, w->run->cli->err);
      g_free (job->message);
    }
  w->failed |= job->failed;
  if (job->out && job->out->len)
    fwrite (job->out->str, 1, job->out->len, w->out);
  if (job->row)
    g_ptr_array_add (w->rows, job->row);
  w->docs_done++;
  w->out_bytes += job->out ? job->out->len : sizeof (SummaryRow);
  w->bytes_done += job->len;
  show_progress (w, FALSE);
  if (job->out)
    g_string_free (job->out, TRUE);
  g_free (job);
}

/* Writes the jobs at the head of the queue, in order, until at most
 * KEEP are pending.  The main thread waits for the last of those it must
 * write (jobs finish about in order): it wakes once for them all, not
 * once a document, and the threads go on with the KEEP left meanwhile. */
static void
drain (Writer *w, guint keep)
{
  Run *run = w->run;
  while (g_queue_get_length (&w->pending) > keep)
    {
      Job *last = g_queue_peek_nth (&w->pending, g_queue_get_length (&w->pending) - keep - 1);
      Job *job = g_queue_peek_head (&w->pending);
      if (!g_atomic_int_get (&job->done))
        {
          Job *wait_for = g_atomic_int_get (&last->done) ? job : last;
          g_mutex_lock (&run->lock);
          g_atomic_pointer_set (&run->waiting, wait_for);
          while (!g_atomic_int_get (&wait_for->done))
            g_cond_wait (&run->done_cond, &run->lock);
          g_atomic_pointer_set (&run->waiting, NULL);
          g_mutex_unlock (&run->lock);
        }
      /* Every finished job at the head, up to LAST. */
      for (;;)
        {
          Job *j = g_queue_peek_head (&w->pending);
          if (!j || !g_atomic_int_get (&j->done))
            break;
          g_queue_pop_head (&w->pending);
          write_job (w, j);
          if (j == last)
            break;
        }
    }
}

/* About how much output may wait to be written (see submit). */
#define PENDING_BYTES ((guint64) 4 * 1024 * 1024)

/* Classifies DOC, or the text file PATH (which must outlive the job). */
static void
submit (Writer *w, Doc *doc, const char *path)
{
  Job *job = g_new0 (Job, 1);
  job->run = w->run;
  job->doc = doc;
  job->path = path;
  if (!w->pool)
    {
      job_work (job);
      write_job (w, job);
      return;
    }
  g_queue_push_tail (&w->pending, job);
  g_thread_pool_push (w->pool, job, NULL);
  /* Past MAX_PENDING, write down to half of it: the main thread wakes
   * once for many documents.  The more documents wait, the fewer times it
   * wakes (each wake-up takes a core from a thread for a while) and the
   * more output is held: as many as hold about PENDING_BYTES of output
   * going by the documents so far, 16 to 128 a thread (a summary's rows
   * are small, JSON Lines is about three times the text). */
  if (w->docs_done >= 16)
    {
      guint64 each = MAX (w->out_bytes / w->docs_done, 1);
      w->max_pending = (guint) CLAMP (PENDING_BYTES / each, 16 * w->run->threads, 128 * w->run->threads);
    }
  if (g_queue_get_length (&w->pending) > w->max_pending)
    drain (w, w->max_pending / 2);
}

/* One {"id": ..., "text": ...} record of a JSON Lines corpus. */
typedef struct {
  Cli *cli;
  const char *path;
  Writer *w;
} CorpusRead;

static gboolean
corpus_record (JsonNode *root, const char *line, gsize len, guint lineno, gpointer data)
{
  CorpusRead *cr = data;
  JsonObject *obj = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *text = obj ? json_object_get_member (obj, "text") : NULL;
  if (!text || !JSON_NODE_HOLDS_VALUE (text) || json_node_get_value_type (text) != G_TYPE_STRING)
    {
      fprintf (cr->cli->err, "%s:%u: error: a record needs a \"text\" string\n", cr->path, lineno);
      return FALSE;
    }
  /* A C string ends at a NUL: a text with \u0000 would be cut short
   * without a word.  Say so instead. */
  if (g_strstr_len (line, (gssize) len, "\\u0000"))
    {
      fprintf (cr->cli->err, "%s:%u: error: the text holds a NUL character (\\u0000), which accord cannot read\n",
               cr->path, lineno);
      return FALSE;
    }
  JsonNode *id = json_object_get_member (obj, "id");
  Doc *doc = g_new0 (Doc, 1);
  if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING)
    doc->name = g_strdup (json_node_get_string (id));
  else if (id && JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_INT64)
    doc->name = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
  else
    doc->name = g_strdup_printf ("%s:%u", cr->path, lineno);
  const char *t = json_node_get_string (text);
  doc->len = strlen (t);
  doc->text = g_strndup (t, doc->len);
  submit (cr->w, doc, NULL);
  return TRUE;
}

/* Reads one input and submits its documents; FALSE after an error,
 * which has been printed. */
static gboolean
read_input (Writer *w, const Input *in)
{
  Cli *cli = w->run->cli;
  gboolean is_stdin = g_str_equal (in->path, "-");
  if (!is_stdin && !in->jsonl)
    {
      /* A text file: the worker reads it. */
      submit (w, NULL, in->path);
      return TRUE;
    }
  FILE *fp = is_stdin ? stdin : fopen (in->path, "rb");
  if (!fp)
    {
      fprintf (cli->err, "accord: cannot open '%s': %s\n", in->path, g_strerror (errno));
      return FALSE;
    }
  if (!is_stdin)
    {
      struct stat st;
      if (fstat (fileno (fp), &st) == 0 && S_ISDIR (st.st_mode))
        {
          fclose (fp);
          fprintf (cli->err, "accord: cannot read '%s': %s\n", in->path, g_strerror (EISDIR));
          return FALSE;
        }
    }
  gboolean ok = TRUE;
  if (!in->jsonl)
    {
      char *data = NULL;
      gsize len = 0;
      int err = 0;
      if (!read_all (fp, MAX_DOCUMENT, &data, &len, &err))
        {
          fprintf (cli->err, "accord: cannot read '%s': %s\n", in->path,
                   err == EFBIG ? "larger than 4 GiB" : g_strerror (err));
          ok = FALSE;
        }
      else if (looks_binary (data, len))
        {
          fprintf (cli->err, "accord: warning: skipping binary file '%s'\n", in->path);
          g_free (data);
        }
      else
        {
          Doc *doc = g_new0 (Doc, 1);
          doc->name = g_strdup (in->path);
          doc->text = data;
          doc->len = len;
          submit (w, doc, NULL);
        }
    }
  else
    {
      /* JSON Lines: one {"id": ..., "text": ...} record a line. */
      CorpusRead cr = { cli, in->path, w };
      if (!jsonl_read (fp, in->path, cli->err, corpus_record, &cr))
        ok = FALSE;
    }
  if (!is_stdin)
    fclose (fp);
  return ok;
}

static gboolean
parse_labels (Cli *cli, const AccordPack *p, const char *spec, guint64 *keep, gboolean *keep_background)
{
  *keep = G_MAXUINT64;
  *keep_background = TRUE;
  if (!spec)
    return TRUE;
  *keep = 0;
  *keep_background = FALSE;
  g_auto (GStrv) names = g_strsplit (spec, ",", -1);
  for (char **n = names; *n; n++)
    {
      g_strstrip (*n);
      if (g_str_equal (*n, "background"))
        {
          *keep_background = TRUE;
          continue;
        }
      gboolean found = FALSE;
      for (guint l = 0; l < p->n_labels; l++)
        if (g_str_equal (*n, pack_str (p, p->labels[l].name)))
          {
            *keep |= G_GUINT64_CONSTANT (1) << l;
            found = TRUE;
          }
      if (!found)
        {
          usage_error (cli, "classify", "--labels: the pack has no label '%s'", *n);
          return FALSE;
        }
    }
  return TRUE;
}

/* The inputs named on the command line, in order: files as they are,
 * directories listed (sorted, recursively); the warnings to give after
 * the rules' diagnostics. */
typedef struct {
  char **args;
  const char *glob;
  InputFormat ifmt;
  GPtrArray *inputs;        /* Input* */
  GString *warnings;
} Listing;

static gpointer
list_inputs (gpointer data)
{
  Listing *l = data;
  g_autoptr (GPatternSpec) spec = g_pattern_spec_new (l->glob ? l->glob : "*.txt");
  for (char **a = l->args; *a; a++)
    {
      if (!g_str_equal (*a, "-") && g_file_test (*a, G_FILE_TEST_IS_DIR))
        {
          guint before = l->inputs->len;
          add_dir (l->inputs, *a, spec, l->ifmt);
          if (l->inputs->len == before)
            g_string_append_printf (l->warnings, "accord: warning: no file matching '%s' in '%s'\n",
                                    l->glob ? l->glob : "*.txt", *a);
        }
      else
        add_input (l->inputs, *a, g_str_equal (*a, "-") && l->ifmt == FORMAT_AUTO ? FORMAT_TEXT : l->ifmt);
    }
  return NULL;
}

int
cmd_classify (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) rules = NULL, includes = NULL, args = NULL;
  g_autofree char *format = NULL, *output = NULL, *labels = NULL, *glob = NULL, *input_format = NULL;
  gint jobs = 0, cache_mib = 0;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &rules,
      "Rule files, directories of them, or one pack (may be repeated; default: the English pack)", "RULES" },
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "jsonl (the default), tsv, summary or html", "FORMAT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write to FILE instead of standard output", "FILE" },
    { "labels", 0, 0, G_OPTION_ARG_STRING, &labels,
      "Keep only statements with one of these labels (comma separated; background too)", "LABELS" },
    { "glob", 0, 0, G_OPTION_ARG_STRING, &glob, "Files to read under a directory (default *.txt)", "PATTERN" },
    { "input-format", 0, 0, G_OPTION_ARG_STRING, &input_format,
      "auto (the default: .jsonl files are JSON Lines), text or jsonl", "FORMAT" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Classify with N threads (default: one per core)", "N" },
    { "cache-size", 0, 0, G_OPTION_ARG_INT, &cache_mib,
      "Memory for each thread's automaton cache, in MiB (default: sized to the pack, 4 to 48; at most 32 with more than one thread)", "MIB" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "No progress line", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("classify"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  OutputFormat fmt = OUTPUT_JSONL;
  if (format && g_str_equal (format, "tsv"))
    fmt = OUTPUT_TSV;
  else if (format && g_str_equal (format, "summary"))
    fmt = OUTPUT_SUMMARY;
  else if (format && g_str_equal (format, "html"))
    fmt = OUTPUT_HTML;
  else if (format && !g_str_equal (format, "jsonl"))
    return usage_error (cli, "classify", "--format takes jsonl, tsv, summary or html, not '%s'", format);
  InputFormat ifmt = FORMAT_AUTO;
  if (input_format && g_str_equal (input_format, "text"))
    ifmt = FORMAT_TEXT;
  else if (input_format && g_str_equal (input_format, "jsonl"))
    ifmt = FORMAT_JSONL;
  else if (input_format && !g_str_equal (input_format, "auto"))
    return usage_error (cli, "classify", "--input-format takes auto, text or jsonl, not '%s'", input_format);
  if (jobs < 0 || jobs > 1024)
    return usage_error (cli, "classify", "--jobs takes a number from 1 to 1024 (0: one per core)");
  if (cache_mib < 0 || cache_mib > 65536)
    return usage_error (cli, "classify", "--cache-size takes a number of MiB from 1 to 65536 (0: the default)");
  if (!args || !args[0])
    return usage_error (cli, "classify", "classify needs at least one input (a file, a directory or -)");

  /* With more than one thread, the inputs are listed (a corpus directory
   * may hold thousands of files) while the rules compile; when no thread
   * can be started, after. */
  guint threads = jobs ? (guint) jobs : g_get_num_processors ();
  g_autoptr (GPtrArray) inputs = g_ptr_array_new_with_free_func (input_free);
  g_autoptr (GString) warnings = g_string_new (NULL);
  Listing listing = { args, glob, ifmt, inputs, warnings };
  GThread *lister = threads > 1 ? g_thread_try_new ("accord-list", list_inputs, &listing, NULL) : NULL;
  g_autoptr (AccordPack) pack = open_rules (cli, rules, includes, 0);
  if (lister)
    g_thread_join (lister);
  if (!pack)
    return EXIT_ERRORS;
  Run run = { 0 };
  run.cli = cli;
  run.pack = pack;
  run.format = fmt;
  run.cache_limit = (gsize) cache_mib * 1024 * 1024;
  if (!parse_labels (cli, pack, labels, &run.keep, &run.keep_background))
    return EXIT_USAGE;
  g_mutex_init (&run.lock);
  g_cond_init (&run.done_cond);
  run.classifiers = g_ptr_array_new_with_free_func (worker_free);

  /* The inputs, in order. */
  gboolean ok = TRUE;
  if (!lister)
    list_inputs (&listing);
  fputs (warnings->str, cli->err);

  FILE *out = cli->out;
  if (output)
    {
      out = fopen (output, "wb");
      if (!out)
        {
          fprintf (cli->err, "accord: cannot write '%s': %s\n", output, g_strerror (errno));
          g_ptr_array_unref (run.classifiers);
          g_mutex_clear (&run.lock);
          g_cond_clear (&run.done_cond);
          return EXIT_ERRORS;
        }
    }
  Writer w = { 0 };
  w.run = &run;
  w.out = out;
  w.rows = g_ptr_array_new_with_free_func ((GDestroyNotify) summary_row_free);
  g_queue_init (&w.pending);
  run.threads = threads;
  if (threads > 1)
    {
      w.pool = g_thread_pool_new (pool_work, NULL, (gint) threads, FALSE, NULL);
      w.max_pending = 16 * threads;
    }
  int fd = fileno (cli->err);
  w.progress = !quiet && inputs->len > 1 && fd >= 0 && isatty (fd);
  w.docs_total = inputs->len;
  for (guint i = 0; w.progress && i < inputs->len; i++)
    {
      Input *in = g_ptr_array_index (inputs, i);
      struct stat st;
      if (stat (in->path, &st) == 0)
        in->size = (guint64) st.st_size;
      w.bytes_total += in->size;
    }
  w.t0 = g_get_monotonic_time ();

  if (fmt == OUTPUT_TSV || fmt == OUTPUT_HTML)
    {
      GString *h = g_string_new (NULL);
      if (fmt == OUTPUT_TSV)
        output_tsv_header (h);
      else
        output_html_begin (h, pack);
      fputs (h->str, out);
      g_string_free (h, TRUE);
    }
  for (guint i = 0; i < inputs->len; i++)
    ok = read_input (&w, g_ptr_array_index (inputs, i)) && ok;
  drain (&w, 0);
  if (w.pool)
    g_thread_pool_free (w.pool, FALSE, TRUE);
  show_progress (&w, TRUE);
  if (fmt == OUTPUT_SUMMARY || fmt == OUTPUT_HTML)
    {
      GString *s = g_string_new (NULL);
      if (fmt == OUTPUT_SUMMARY)
        output_summary (s, pack, w.rows);
      else
        output_html_end (s, pack, w.rows);
      fputs (s->str, out);
      g_string_free (s, TRUE);
    }
  g_ptr_array_unref (w.rows);
  ok = ok && !w.failed;
  if (out != cli->out && fclose (out) != 0)
    {
      fprintf (cli->err, "accord: cannot write '%s': %s\n", output, g_strerror (errno));
      ok = FALSE;
    }
  g_ptr_array_unref (run.classifiers);
  g_mutex_clear (&run.lock);
  g_cond_clear (&run.done_cond);
  return ok ? EXIT_OK : EXIT_ERRORS;
}

/* ---- explain ---- */

static void
describe_atom (GString *out, const AccordPack *p, guint32 a)
{
  static const char *const fixed[] = { "^", "$", "WORD", "NUM", "CAP", "PUNCT", "OPENQ", "CLOSEQ" };
  if (a < ATOM_N_FIXED)
    {
      g_string_append (out, fixed[a]);
      return;
    }
  const char *t = pack_str (p, p->atoms[a].text);
  switch (p->atoms[a].kind)
    {
    case ATOM_KIND_WORD: g_string_append_printf (out, "\"%s\"", t); break;
    case ATOM_KIND_EXACT: g_string_append_printf (out, "=\"%s\"", t); break;
    case ATOM_KIND_STEM: g_string_append_printf (out, "~%s", t); break;
    case ATOM_KIND_PREFIX: g_string_append_printf (out, "\"%s*\"", t); break;
    default: g_string_append (out, "?"); break;
    }
}

static void
quoted (GString *out, const char *s, gsize len)
{
  g_string_append_c (out, '"');
  json_escape (out, s, len);
  g_string_append_c (out, '"');
}

int
cmd_explain (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) rules = NULL, includes = NULL, args = NULL;
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &rules,
      "Rule files, directories of them, or one pack (default: the English pack)", "RULES" },
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("explain"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  if (!args || !args[0] || args[1])
    return usage_error (cli, "explain", "explain takes one text (or - for standard input)");
  g_autofree char *text = NULL;
  gsize len = 0;
  if (g_str_equal (args[0], "-"))
    {
      int err = 0;
      if (!read_all (stdin, MAX_DOCUMENT, &text, &len, &err))
        {
          fprintf (cli->err, "accord: cannot read standard input: %s\n", g_strerror (err));
          return EXIT_ERRORS;
        }
    }
  else
    {
      text = g_strdup (args[0]);
      len = strlen (text);
    }
  g_autoptr (AccordPack) pack = open_rules (cli, rules, includes, 0);
  if (!pack)
    return EXIT_ERRORS;
  const AccordPack *p = pack;
  g_autoptr (AccordClassifier) c = classifier_new (pack);
  Classified cls;
  classified_init (&cls);
  classifier_run (c, text, len, &cls);
  AccordScanner *sc = classifier_scanner (c);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < cls.records->len; i++)
    {
      const Record *r = &g_array_index (cls.records, Record, i);
      g_string_append_printf (out, "statement %u [%u,%u) %s%s: ", r->n, r->start, r->end,
                              r->kind == STATEMENT_LINE ? "line" : "sentence",
                              r->in_quote ? ", inside a quotation" : "");
      quoted (out, text + r->start, r->end - r->start);
      g_string_append (out, "\n  tokens:");
      for (guint k = 0; k < r->n_toks; k++)
        {
          const Token *t = &g_array_index (cls.tokens, Token, r->tok_first + k);
          guint32 na;
          const guint32 *atoms = scanner_class_atoms (sc, scanner_token_class (sc, text, t), &na);
          g_string_append (out, "\n    ");
          if (t->end == t->start)
            g_string_append (out, "(quotation goes on)");
          else
            quoted (out, text + t->start, t->end - t->start);
          for (guint32 a = 0; a < na; a++)
            {
              g_string_append (out, a ? " " : "  ");
              describe_atom (out, p, atoms[a]);
            }
        }
      g_string_append_c (out, '\n');
      for (guint k = 0; k < r->n_matches; k++)
        {
          const RecMatch *m = &g_array_index (cls.matches, RecMatch, r->match_first + k);
          const PackRule *rule = &p->rules[m->rule];
          g_string_append_printf (out, "  %s %s -> %s [%u,%u) ", m->veto >= 0 ? "vetoed" : "match",
                                  pack_str (p, rule->name), pack_str (p, p->labels[rule->label].name),
                                  m->start, m->end);
          quoted (out, text + m->start, m->end - m->start);
          for (guint cap = 0; cap < m->n_caps; cap++)
            {
              gint32 a = g_array_index (cls.caps, gint32, m->cap_first + 2 * cap);
              gint32 b = g_array_index (cls.caps, gint32, m->cap_first + 2 * cap + 1);
              if (a < 0 || b < a)
                continue;
              g_string_append_printf (out, " %s=", pack_str (p, p->caps[rule->cap_first + cap]));
              quoted (out, text + a, (gsize) (b - a));
            }
          g_string_append_printf (out, "  (%s:%u:%u)", pack_file_name (p, rule->file),
                                  rule->line, rule->col);
          if (m->veto >= 0)
            {
              const PackVeto *v = &p->vetoes[m->veto];
              g_string_append_printf (out, "\n    by the 'unless' at %s:%u:%u",
                                      pack_file_name (p, rule->file), v->line, v->col);
              for (guint q = 0; q < cls.vetoes->len; q++)
                {
                  const RecMatch *vm = &g_array_index (cls.vetoes, RecMatch, q);
                  if (vm->veto == m->veto && vm->start >= r->start && vm->end <= r->end)
                    {
                      g_string_append_printf (out, ", which matched [%u,%u) ", vm->start, vm->end);
                      quoted (out, text + vm->start, vm->end - vm->start);
                      break;
                    }
                }
            }
          g_string_append_c (out, '\n');
        }
      if (r->primary < 0)
        g_string_append (out, "  label: background (no rule matched, or every match was vetoed)\n");
      else
        {
          g_string_append_printf (out, "  label: %s", pack_str (p, p->labels[r->primary].name));
          if (r->labels & (r->labels - 1))
            {
              g_string_append (out, " (labels");
              for (guint l = 0; l < p->n_labels; l++)
                if (r->labels & (G_GUINT64_CONSTANT (1) << l))
                  g_string_append_printf (out, " %s", pack_str (p, p->labels[l].name));
              g_string_append (out, "; the precedence puts it first:");
              for (guint l = 0; l < p->n_labels; l++)
                g_string_append_printf (out, "%s%s", l ? " > " : " ", pack_str (p, p->labels[l].name));
              g_string_append_c (out, ')');
            }
          g_string_append_c (out, '\n');
        }
    }
  fputs (out->str, cli->out);
  g_string_free (out, TRUE);
  classified_clear (&cls);
  return EXIT_OK;
}
