/* scan.c: runs every rule of a pack over a sentence in one pass.
 *
 * Why a lazy DFA.  The rules of all packs form one NFA (nfa.c).  Turning
 * it into a DFA ahead of time can take time and memory exponential in the
 * rules, and most of those states are never visited by real text.  So the
 * DFA is built here, while scanning, one state and one transition at a
 * time, and cached: once warm, each token costs a hash lookup for its
 * class and one transition lookup, whatever the number of rules.  The
 * cache is capped; past the cap it is emptied and rebuilt from the
 * current state, so memory is bounded and the results never depend on
 * what the cache holds.  (This is the RE2 design.)
 *
 * Token classes.  A token "has" atoms: its fixed shape (WORD, NUM, CAP,
 * PUNCT, quote marks), the folded word if a rule names it, its exact text
 * if a case-sensitive rule names it, its stem if a rule names that stem,
 * and the prefixes that rules name.  Tokens with the same atoms are
 * indistinguishable to every rule: that set is the token's class.  A
 * class is found by hashing the token's text once (a per-scanner cache
 * maps text to class); a word that no rule names has only its shape.
 *
 * The search is unanchored: every pattern may start at every token.  The
 * closure of all pattern starts ("start set") belongs to every DFA state,
 * so it is kept out of the states and its successors are computed once
 * per class.  Sentences are framed by two virtual tokens, ^ before and $
 * after, so that anchors are ordinary one-token predicates.
 *
 * Spans and captures.  The DFA says which patterns match somewhere in the
 * sentence.  Only for those, a Pike VM (threads with capture registers,
 * deduplicated by instruction, in priority order) finds the matches:
 * for each rule, left to right and not overlapping, the match that
 * starts first and, among those, the longest; within it, captures follow
 * the highest-priority path (greedy repetition, alternatives in order).
 * A rule is vetoed in a sentence when one of its `unless` patterns matches
 * anywhere in it.  Matches of different rules may overlap: all are
 * reported, ordered by start, then longest, then priority, then rule
 * order.
 *
 * Big packs are factored (see part_find): each group of patterns that
 * start with the same word or list runs as a DFA of its own, in the same
 * cache, only while the text gives it something to do, so that the
 * states do not hold every combination of the groups that recent words
 * started.
 *
 * Identical patterns (a veto written under 2,000 rules) are one MATCH of
 * the detection program, for a group of patterns (nfa.c): a state holds
 * one instruction for all of them.  When no veto's span is wanted, the
 * vetoes of a group that matched are not even listed: each rule that
 * matched looks up whether the groups of its vetoes did.
 *
 * Labels need no spans.  A statement's labels depend only on which rules
 * matched and which were vetoed, and the DFA pass says both: when no
 * span is wanted (a summary, eval), scanner_scan_rules stops there and
 * no Pike VM runs.  When spans are wanted but not captures (TSV), the
 * Pike VM runs without capture registers, and a pattern whose matches
 * all span the same number of tokens needs none: its ends say it all.
 */
#include "config.h"

#include <string.h>
#include <libstemmer.h>

#include "scan.h"
#include "util.h"

typedef struct {
  guint32 *atoms;
  guint32 n_atoms;
  gboolean real;
  guint64 *holds;        /* bit per predicate: does it hold for this class */
  /* Factored: bit per part, set when the part names one of the class's
   * atoms other than the fixed ones (see key_class); the fixed atoms. */
  guint64 *special;
  guint32 fixed;
  guint64 relev;         /* see RELEV_ANY */
} Class;

/* A state of the lazy DFA: a set of pcs, kept in the DFA's pool, its
 * MATCHes first.  A set is not sorted: its hash
 * is a sum over its pcs, and a set found by a closure is compared with a
 * state by the closure's marks, so no state is ever sorted. */
typedef struct {
  guint32 first;         /* into pool: n_pcs CONSUME, FAN and MATCH pcs outside
                            the start set, the n_matches MATCHes first */
  guint32 n_pcs;
  guint32 n_matches;
  guint32 hash;          /* of the pcs */
} DState;

/* Factored: what a token must have for a thread of a state to go on, as
 * a mask of atom bits (atom_bit): a state's has a bit for each atom its
 * threads name (RELEV_ANY for a negated predicate: any real token may
 * do), a class's for each of its atoms (and RELEV_ANY when real).  No
 * bit in common: no thread goes on. */
#define RELEV_ANY (G_GUINT64_CONSTANT (1) << ATOM_N_FIXED)

/* A cached transition: one open-addressing table for the whole DFA,
 * keyed by (state, class), so that a cached step reads one entry; TO has
 * DSTATE_MATCHES set when the next state has MATCHes (only then is the
 * state itself read).  The key is one word, (state + 1) << cls_bits |
 * class, so that an entry takes 8 bytes and a cache line holds 8: the
 * table is most of what a step reads, and half the size misses the CPU's
 * caches half as often.  CLS_BITS grows with the classes seen; a
 * transition whose state and class do not fit in 32 bits together (more
 * than 2^23 states with 512 classes) is computed but not cached. */
typedef struct {
  guint32 key;           /* 0: empty */
  guint32 to;
} DTrans;

#ifndef CLS_BITS_MIN   /* smaller or larger only to test widening and uncached steps */
#define CLS_BITS_MIN 9
#endif

#define DSTATE_MATCHES 0x80000000u
/* No transition is this (it would be state 2^31 - 1, with MATCHes). */
#define ROW_UNSET 0xffffffffu

/* In front of the transition table, a direct-mapped copy of the
 * transitions used last (4 KiB): the table is read at nearly every
 * token, in an order that only depends on the text, and its lines leave
 * the CPU's nearest caches as the text streams through them (measured:
 * 10% faster with the default pack).  A factored pack's parts have
 * tables of their own (part_transition): too many transitions for it. */
#define FRONT_TRANS_BITS 9

/* What a factored step reads of a state first (16 bytes): whether the
 * token matters to it (RELEV_ANY), and the transition it took last,
 * which it very often takes again (a gap goes on over any word). */
typedef struct {
  guint64 relev;
  guint32 last_cls;      /* ROW_UNSET: none yet */
  guint32 last_to;       /* with DSTATE_MATCHES as in the table */
} StateHot;

/* Factored: the transitions of one part's states, in a table of the
 * part's own (see part_transition). */
typedef struct {
  DTrans *t;
  guint32 cap, count;
} PartTable;

/* Where a part (see "Factored", below) goes on a class from no state:
 * the start set's successors in that part, sc->start_succ's pcs
 * [FIRST, FIRST + N) after its count, and their state once made. */
typedef struct {
  guint32 part;
  guint32 first, n;
  guint32 state;         /* ROW_UNSET until made; DSTATE_MATCHES as in transitions */
} Trigger;

/* A pattern as the scanner notes it in a sentence: the sentence it was
 * last hit in (a stamp), and its index among the hit patterns then. */
typedef struct {
  guint32 stamp;
  guint32 slot;
} PatHit;

/* A match group as the scanner notes it: one place, one cache line. */
typedef struct {
  guint32 first;         /* into the pack's group_patterns; of a group of one
                            pattern, that pattern */
  guint32 n;
  guint32 n_rules;       /* how many of them are rules (they come first) */
  guint32 stamp;         /* the sentence in which it last matched */
} ScanGroup;

/* What a step of a factored pack reads of a class, in one place (32
 * bytes): where the parts go on it from no state, and the class's own
 * masks (Class). */
typedef struct {
  Trigger *t;            /* by part, ascending; NULL: not made yet */
  const guint64 *special;
  guint64 relev;
  guint32 n;
  guint16 fixed;
  guint16 skip;          /* 1 when t[0] is the main part's: not started by triggers */
} TrigRow;

/* The lazy DFA over all patterns.  Its memory is its arrays' capacities:
 * when one would grow past the cache's size, the cache is emptied instead
 * (the capacities stay, to be filled again).  When the text visits more
 * states than the cache can hold (the cache is emptied while most steps
 * miss it), the states are not worth caching: the scanner then steps the
 * NFA itself, the same sets without hashing or storing them, and tries
 * the DFA again after a while. */
typedef struct {
  GArray *start_consume;     /* CONSUME and FAN pcs of the start set */
  DState *states;
  guint32 n_states, states_cap;
  StateHot *hot;             /* factored: per state */
  PartTable *ptab;           /* factored: per part (the main part's are in trans) */
  guint32 n_ptab;
  gsize ptab_memory;
  guint32 *pool;             /* per state: its pcs, then the match groups of its MATCHes */
  gsize pool_len, pool_cap;
  guint64 *index;            /* open addressing over pcs: the state's hash << 32 | state + 1,
                                0 empty (a probe reads a state only when the hashes agree) */
  guint32 index_cap;
  DTrans *trans;
  guint32 trans_cap, trans_count;
  guint32 cls_bits;          /* of a transition's key (DTrans) */
  DTrans front[1 << FRONT_TRANS_BITS];   /* see transition */
  guint32 *row0;             /* per class: the transition from state 0, or ROW_UNSET */
  guint32 row0_len;
  GPtrArray *start_succ;     /* per class: GArray, the closure of the start set's successors
                                (see start_closure), or NULL */
  TrigRow *trig;             /* factored: per class, where the parts go from no state
                                (see start_parts), or t NULL */
  guint32 trig_len;
  guint8 *quiet;             /* factored: per class (trig_len of them), 1 when it leaves
                                every part empty when all are (known so far) */
  gsize succ_memory;
  gboolean want_reset;       /* factored: the cache is full, empty it after this token */
  gsize memory;              /* the capacities, in bytes, and succ_memory */
  gsize resets;
  gboolean nfa_mode;         /* stepping the NFA: the cache thrashed */
  gsize nfa_steps;           /* steps since nfa_mode began */
} Dfa;

typedef struct {
  gsize len, ncap;
  guint32 *pcs[2];
  gint32 *starts[2];
  gint32 *caps[2];
  guint32 *seen;
  gint32 *work, *best_caps;
  gint64 *stack;
  guint32 step;     /* the last stamp used in seen: no clearing between patterns */
} PikeScratch;

/* What the Pike VM needs to know of a pattern: the CONSUMEs a match can
 * begin with, and the fewest and most tokens a match spans (MAXLEN -1:
 * no bound). */
typedef struct {
  guint32 *first;
  guint32 n_first;
  gint32 minlen, maxlen;
  gboolean ready;
} PatInfo;

#define TOKEN_INLINE 14   /* keys this long or shorter live in the slot */

typedef struct {
  guint64 hash;          /* 0: empty */
  guint32 len;
  guint32 cls;
  guint8 kind, cap;
  union {
    char *key;           /* len > TOKEN_INLINE */
    char inl[TOKEN_INLINE];
  } k;
} TokenSlot;

/* In front of the token cache, small tables for tokens of at most 16
 * bytes, small enough to stay in the L1 cache: KEY holds every byte of
 * the token (see token_class) and META its length, kind and case, so an
 * equal pair is the same token.  Tokens of 9 to 16 bytes, fewer, need
 * two words of key: a table of their own keeps the short ones' slots
 * small. */
typedef struct {
  guint64 key;
  guint32 meta;          /* 0: empty */
  guint32 cls;
} FrontSlot;

typedef struct {
  guint64 key[2];
  guint32 meta;          /* 0: empty */
  guint32 cls;
} FrontSlot2;

#define FRONT_BITS 11
#define FRONT2_BITS 9
/* token_class reads a token's kind and case in one load. */
G_STATIC_ASSERT (offsetof (Token, cap) == offsetof (Token, kind) + 1);

struct AccordScanner {
  const AccordPack *pack;
  PikeScratch pike;
  FrontSlot front[1 << FRONT_BITS];
  FrontSlot2 front2[1 << FRONT2_BITS];
  TokenSlot *tc;             /* the token cache */
  gsize tc_cap, tc_count;
  struct sb_stemmer *stemmer;

  GPtrArray *classes;        /* Class* */
  GHashTable *class_index;   /* GBytes key -> class + 1 */
  guint32 bos, eos;

  guint8 *in_start;          /* per pc: in the start set of its pattern */
  Dfa *dfa;                  /* the lazy DFA over the detection program */
  /* Factored (a big pack, see part_find): the part of each detection pc,
   * or NULL when the pack is not factored; the parts active in a step. */
  guint32 *part_of;
  guint32 n_parts;           /* 1 (the main part) + the keyed parts */
  guint32 *part_seen, part_stamp;
  guint32 *part_fixed;       /* per part: the fixed atoms (bits) its predicates name */
  guint32 *atom_parts_first; /* per atom: its parts, atom_parts[first[a]..first[a + 1]) */
  guint32 *atom_parts;
  guint32 dflt[1 << ATOM_N_FIXED];  /* per set of fixed atoms: its class, or ROW_UNSET */
  guint64 *act;              /* the active parts: part << 32 | state */
  guint32 act_max;           /* the most parts active after a token that starts some */
  GArray *cls_buf;           /* guint32: class of each position of a sentence */
  guint cls_room;            /* see array_set_len (util.h) */
  GArray *hit;               /* guint32: patterns that matched in a sentence */
  gint32 *vetoed;            /* per rule: its first veto that matched, or -1 */
  gsize class_memory, limit;
  gsize resets, transitions;
  gsize life_steps, life_misses;   /* since the cache was last emptied */
  gboolean thrashing;        /* the cache was full while most steps missed it */
  gsize nfa_switches;

  /* Closure scratch. */
  guint32 *mark;             /* per pc: generation */
  guint32 gen;
  guint32 *stk;
  gsize stk_cap;
  GArray *found;             /* what closure found; sized for every pc */
  guint32 *seeds;
  gsize n_seeds, seeds_cap;
  GArray *here;              /* scratch: a state's pcs across a reset */
  /* Per seed pc, what its closure finds, listed once (see eps_list). */
  guint32 *eps_first;        /* per pc: into eps_pool, or EPS_NONE */
  guint32 *eps_n;
  guint32 *eps_pool;
  gsize eps_len, eps_cap;
  guint32 *emark, egen;      /* the marks of one list's walk */
  guint32 *step_pred;        /* per pc: its predicate if a CONSUME, else STEP_FAN or STEP_NONE */
  guint32 found_hash;        /* hash_pcs of what step_set found */

  /* Per-pattern fragment ends, for the Pike VM's scratch. */
  guint32 *frag_end;
  PatInfo *info;             /* per pattern, computed when first needed */
  guint32 n_patterns;
  PatHit *pat_hit;           /* per pattern: the sentence it was last hit in, and where */
  guint64 *hit_bits;         /* per pattern: hit in this sentence (sorting many hits) */
  guint32 stamp;
  /* Match groups (identical patterns, see nfa.c): the group of each
   * pattern, how many of a group's patterns are rules (they come first),
   * and the sentence (stamp) in which each group last matched.  When no
   * veto's span is wanted, a group's vetoes are not listed one by one:
   * each rule hit looks up its vetoes' groups instead. */
  guint32 *pattern_group;
  ScanGroup *groups;
  gboolean all_patterns;     /* this sentence lists the vetoes hit too */

  /* Where the patterns that matched end, from the DFA pass: events
   * (slot, end) in the order found, then grouped by slot. */
  GArray *events;            /* guint32 pairs */
  GArray *ends;              /* guint32: ends of slot k at ends_first[k].. */
  GArray *ends_first;        /* guint32, one more than hit */
};

/* The cache's default size: proportional to the detection program (the
 * states real text visits grow with it), within these bounds. */
#define CACHE_PER_INST 512
#define CACHE_LIMIT_MIN (4u * 1024 * 1024)
#define CACHE_LIMIT_MAX (48u * 1024 * 1024)
#define TOKEN_CACHE_MAX 200000
#define NFA_RETRY 2000000   /* steps in NFA mode before the DFA is tried again */

static void
class_free (gpointer p)
{
  Class *c = p;
  g_free (c->atoms);
  g_free (c->holds);
  g_free (c->special);
  g_free (c);
}

static guint32 intern_class (AccordScanner *sc, GArray *atoms, gboolean real);
static void part_find (AccordScanner *sc);
static gboolean pred_holds_slow (AccordScanner *sc, guint32 pred, const Class *c);

/* SORT_UINT (NAME, TYPE): NAME (V, N) sorts V[0..N) of TYPE in place,
 * with no call per comparison (g_array_sort's): a sentence may hit
 * hundreds of patterns of a big pack, and factoring a pack sorts
 * hundreds of thousands of pairs at start-up.  Quicksort on the median
 * of three, recursing on the smaller side, then insertion sort; a
 * part already in order (most of the start-up's pairs) is not sorted. */
#define SORT_UINT(name, type)                                                                                 \
  static void name (type *v, gsize n)                                                                        \
  {                                                                                                          \
    gsize sorted = 1;                                                                                        \
    while (sorted < n && v[sorted - 1] <= v[sorted])                                                         \
      sorted++;                                                                                              \
    if (sorted >= n)                                                                                         \
      return;                                                                                                \
    while (n > 16)                                                                                           \
      {                                                                                                      \
        type a = v[0], b = v[n / 2], c = v[n - 1];                                                           \
        type pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);                      \
        gsize i = 0, j = n - 1;                                                                              \
        for (;;)                                                                                             \
          {                                                                                                  \
            while (v[i] < pivot)                                                                             \
              i++;                                                                                           \
            while (v[j] > pivot)                                                                             \
              j--;                                                                                           \
            if (i >= j)                                                                                      \
              break;                                                                                         \
            type t = v[i];                                                                                   \
            v[i] = v[j];                                                                                     \
            v[j] = t;                                                                                        \
            i++;                                                                                             \
            j--;                                                                                             \
          }                                                                                                  \
        gsize left = j + 1;                                                                                  \
        if (left < n - left)                                                                                 \
          {                                                                                                  \
            name (v, left);                                                                                  \
            v += left;                                                                                       \
            n -= left;                                                                                       \
          }                                                                                                  \
        else                                                                                                 \
          {                                                                                                  \
            name (v + left, n - left);                                                                       \
            n = left;                                                                                        \
          }                                                                                                  \
      }                                                                                                      \
    for (gsize i = 1; i < n; i++)                                                                            \
      {                                                                                                      \
        type x = v[i];                                                                                       \
        gsize j = i;                                                                                         \
        while (j > 0 && v[j - 1] > x)                                                                        \
          {                                                                                                  \
            v[j] = v[j - 1];                                                                                 \
            j--;                                                                                             \
          }                                                                                                  \
        v[j] = x;                                                                                            \
      }                                                                                                      \
  }

SORT_UINT (sort_u32, guint32)
SORT_UINT (sort_u64, guint64)

static void build_dfa (AccordScanner *sc);
static void token_cache_clear (AccordScanner *sc);
static void dfa_free (gpointer p);

/* A new generation of the closure marks: no pc is marked. */
static inline void
marks_new (AccordScanner *sc)
{
  if (++sc->gen == 0)
    {
      memset (sc->mark, 0, sizeof (guint32) * sc->pack->n_detect);
      sc->gen = 1;
    }
}

/* Room in sc->stk for eps_walk from N seeds. */
static guint32 *
stk_reserve (AccordScanner *sc, gsize n)
{
  const AccordPack *p = sc->pack;
  gsize need = n + 2 * (gsize) p->n_detect + p->n_fan_children + 2;
  if (sc->stk_cap < need)
    {
      sc->stk_cap = need;
      sc->stk = g_renew (guint32, sc->stk, need);
    }
  return sc->stk;
}

/* The walk of every closure: pops STK[0..TOP) (the last first) and
 * expands each pc not marked GEN in MARK, marking it; the CONSUME,
 * MATCH and FAN pcs it meets (outside the start set with SKIP_START) go
 * to OUT from NO on, in the order met.  Returns the new NO.  STK has
 * room for two entries a pc and the fans' children. */
static inline guint32
eps_walk (const AccordPack *p, const guint8 *in_start, gboolean skip_start, guint32 *mark, guint32 gen,
          guint32 *stk, gsize top, guint32 *out, guint32 no)
{
  while (top)
    {
      guint32 pc = stk[--top];
      if (mark[pc] == gen)
        continue;
      mark[pc] = gen;
      const Inst *in = &p->detect[pc];
      switch (in->op)
        {
        case OP_CONSUME:
        case OP_MATCH:
          if (!skip_start || !in_start[pc])
            out[no++] = pc;
          break;
        case OP_FAN:
          {
            /* The fan waits for a token; its other children go on now. */
            if (!skip_start || !in_start[pc])
              out[no++] = pc;
            const PackFan *f = &p->fans[in->arg];
            for (guint32 k = f->n_generic; k-- > 0;)
              stk[top++] = p->fan_children[f->generic_first + k];
            break;
          }
        case OP_JMP:
        case OP_SAVE:
          stk[top++] = in->x;
          break;
        case OP_SPLIT:
          stk[top++] = in->y;
          stk[top++] = in->x;
          break;
        }
    }
  return no;
}

/* Adds to FOUND the CONSUME and MATCH pcs reachable from SEEDS by
 * epsilon moves; with SKIP_START, leaves out those of the start set.
 * Plain arrays, no allocation (a step does not walk: eps_list walks
 * once from each seed).  Every pc is expanded once (marked by
 * generation), so the stack never holds more than the seeds and two
 * entries per pc.  Pcs
 * marked already (in the current generation) are not expanded again:
 * closure_marked adds to what they reach. */
static void
closure_marked (AccordScanner *sc, const guint32 *seeds, guint n, gboolean skip_start)
{
  const AccordPack *p = sc->pack;
  guint32 *stk = stk_reserve (sc, n);
  gsize top = 0;
  for (guint i = n; i-- > 0;)
    stk[top++] = seeds[i];
  GArray *found = sc->found;
  /* Each pc is found once at most: room for all of them, then trimmed. */
  guint nf = found->len;
  g_array_set_size (found, nf + p->n_detect);
  nf = eps_walk (p, sc->in_start, skip_start, sc->mark, sc->gen, stk, top, (guint32 *) found->data, nf);
  array_truncate (found, nf);
}

static void
closure (AccordScanner *sc, const guint32 *seeds, guint n, gboolean skip_start)
{
  marks_new (sc);
  closure_marked (sc, seeds, n, skip_start);
}

AccordScanner *
scanner_new (const AccordPack *pack)
{
  AccordScanner *sc = g_new0 (AccordScanner, 1);
  sc->pack = pack;
  sc->stemmer = sb_stemmer_new ("english", "UTF_8");
  sc->classes = g_ptr_array_new_with_free_func (class_free);
  sc->class_index = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  sc->cls_buf = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->hit = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->vetoed = g_new (gint32, MAX (pack->n_rules, 1));
  for (guint32 r = 0; r < pack->n_rules; r++)
    sc->vetoed[r] = -1;
  sc->limit = CLAMP ((gsize) pack->n_detect * CACHE_PER_INST, CACHE_LIMIT_MIN, CACHE_LIMIT_MAX);
  sc->mark = g_new0 (guint32, MAX (pack->n_detect, 1));
  sc->found = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->here = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* The start set: what can come first in the detection program. */
  sc->in_start = g_new0 (guint8, MAX (pack->n_detect, 1));
  if (pack->n_detect)
    closure (sc, &pack->meta[0], 1, FALSE);
  for (guint i = 0; i < sc->found->len; i++)
    sc->in_start[g_array_index (sc->found, guint32, i)] = 1;
  g_array_set_size (sc->found, 0);
  part_find (sc);

  /* Fragment ends: patterns are laid out one after the other, so each
   * ends where the next one (in pc order) starts. */
  guint32 np = pack->starts->len;
  sc->frag_end = g_new0 (guint32, MAX (np, 1));
  sc->info = g_new0 (PatInfo, MAX (np, 1));
  sc->n_patterns = np;
  sc->pat_hit = g_new0 (PatHit, MAX (np, 1));
  sc->hit_bits = g_new0 (guint64, (np + 63) / 64 + 1);
  sc->pattern_group = g_new0 (guint32, MAX (np, 1));
  /* A pattern joins the hit patterns once a sentence: room for all of
   * them, so that note_end stores without a call. */
  guint hit_room = 0;
  array_reserve_room (sc->hit, np, &hit_room);
  sc->groups = g_new0 (ScanGroup, MAX (pack->n_groups, 1));
  for (guint32 g = 0; g < pack->n_groups; g++)
    {
      sc->groups[g].first = pack->groups[g].first;
      sc->groups[g].n = pack->groups[g].n;
    }
  for (guint32 g = 0; g < pack->n_groups; g++)
    for (guint32 k = 0; k < pack->groups[g].n; k++)
      {
        guint32 pat = pack->group_patterns[pack->groups[g].first + k];
        sc->pattern_group[pat] = g;
        if (pat < pack->n_rules)
          sc->groups[g].n_rules++;
        if (pack->groups[g].n == 1)
          sc->groups[g].first = pat;
      }
  sc->events = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->ends = g_array_new (FALSE, FALSE, sizeof (guint32));
  sc->ends_first = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) order = g_array_new (FALSE, FALSE, sizeof (guint64));
  for (guint32 i = 0; i < np; i++)
    {
      guint64 key = ((guint64) g_array_index (pack->starts, guint32, i) << 32) | i;
      g_array_append_val (order, key);
    }
  sort_u64 ((guint64 *) (void *) order->data, order->len);
  for (guint32 k = 0; k < np; k++)
    {
      guint32 i = (guint32) (g_array_index (order, guint64, k) & 0xffffffff);
      guint32 next = pack->n_insts;
      for (guint32 j = k + 1; j < np; j++)
        {
          guint32 s2 = (guint32) (g_array_index (order, guint64, j) >> 32);
          if (s2 > g_array_index (pack->starts, guint32, i))
            {
              next = s2;
              break;
            }
        }
      sc->frag_end[i] = next;
    }

  g_autoptr (GArray) a = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 bos = ATOM_BOS, eos = ATOM_EOS;
  g_array_append_val (a, bos);
  sc->bos = intern_class (sc, a, FALSE);
  g_array_index (a, guint32, 0) = eos;
  sc->eos = intern_class (sc, a, FALSE);
  build_dfa (sc);
  return sc;
}

void
scanner_free (AccordScanner *sc)
{
  if (!sc)
    return;
  sb_stemmer_delete (sc->stemmer);
  g_ptr_array_unref (sc->classes);
  g_hash_table_unref (sc->class_index);
  token_cache_clear (sc);
  g_free (sc->tc);
  dfa_free (sc->dfa);
  g_array_unref (sc->cls_buf);
  g_array_unref (sc->hit);
  g_free (sc->vetoed);
  g_free (sc->mark);
  g_free (sc->in_start);
  g_free (sc->part_of);
  g_free (sc->part_seen);
  g_free (sc->part_fixed);
  g_free (sc->atom_parts_first);
  g_free (sc->atom_parts);
  g_free (sc->act);
  g_free (sc->stk);
  g_array_unref (sc->found);
  g_array_unref (sc->here);
  g_free (sc->seeds);
  g_free (sc->eps_first);
  g_free (sc->eps_n);
  g_free (sc->eps_pool);
  g_free (sc->emark);
  g_free (sc->step_pred);
  /* The pack may be gone already: only the scanner's own memory. */
  for (guint32 i = 0; i < sc->n_patterns; i++)
    g_free (sc->info[i].first);
  g_free (sc->info);
  g_free (sc->frag_end);
  g_free (sc->pat_hit);
  g_free (sc->hit_bits);
  g_free (sc->pattern_group);
  g_free (sc->groups);
  g_array_unref (sc->events);
  g_array_unref (sc->ends);
  g_array_unref (sc->ends_first);
  for (int l = 0; l < 2; l++)
    {
      g_free (sc->pike.pcs[l]);
      g_free (sc->pike.starts[l]);
      g_free (sc->pike.caps[l]);
    }
  g_free (sc->pike.seen);
  g_free (sc->pike.work);
  g_free (sc->pike.best_caps);
  g_free (sc->pike.stack);
  g_free (sc);
}

void
scanner_set_cache_limit (AccordScanner *sc, gsize bytes)
{
  if (bytes)
    sc->limit = MAX (bytes, 4096);
}

void
scanner_cap_cache_limit (AccordScanner *sc, gsize bytes)
{
  sc->limit = MIN (sc->limit, MAX (bytes, 4096));
}

/* ---- classes ---- */

/* Factoring a big pack.  The detection program starts with a FAN over
 * the patterns' first parts (nfa.c); each child of it keyed by a word or
 * a list, with all that follows it, is a part: its instructions are its
 * own (the trie shares nothing across children).  With many such parts,
 * every word of a text starts some of them, and one DFA state per set of
 * threads holds every combination of the parts that recent words
 * started, at every distance: the states multiply with the words of the
 * text, and the cache never warms up.  So each part is run as a DFA of
 * its own, in the same cache: its states hold only its own pcs, a state
 * goes on with the start set's successors in its part only, and a step
 * steps the main part (the FAN's other children, the start set) and each
 * part active, and starts the parts that the token begins.  The union of
 * the parts' sets is the set one DFA would have, so the matches are the
 * same; a step costs a transition per active part, and there are few.
 * A pack with fewer keyed parts than this is not factored. */
#define FACTOR_MIN 64
#define PART_ALL G_MAXUINT32   /* step_set: every part */

/* An atom's bit in a relevance mask: its own for a fixed atom, one of
 * the bits above RELEV_ANY for the others (shared, by a hash). */
static inline guint64
atom_bit (guint32 atom)
{
  if (atom < ATOM_N_FIXED)
    return G_GUINT64_CONSTANT (1) << atom;
  guint32 spread = 64 - ATOM_N_FIXED - 1;
  guint32 h = (guint32) (((guint64) (atom * 0x9e3779b1u) * spread) >> 32);
  return G_GUINT64_CONSTANT (1) << (ATOM_N_FIXED + 1 + h);
}

/* Gives part ID to every pc reached from ENTRY; FALSE when one belongs
 * to another part already (the parts share code: no factoring).  A pc is
 * expanded once, so the stack of stk_reserve is deep enough. */
static gboolean
part_walk (AccordScanner *sc, guint32 *part, guint32 entry, guint32 id)
{
  const AccordPack *p = sc->pack;
  guint32 *stk = stk_reserve (sc, 1);
  gsize top = 0;
  stk[top++] = entry;
  while (top)
    {
      guint32 pc = stk[--top];
      if (part[pc] == id)
        continue;
      if (part[pc] != G_MAXUINT32)
        return FALSE;
      part[pc] = id;
      const Inst *in = &p->detect[pc];
      switch (in->op)
        {
        case OP_CONSUME:
        case OP_JMP:
        case OP_SAVE:
          stk[top++] = in->x;
          break;
        case OP_SPLIT:
          stk[top++] = in->x;
          stk[top++] = in->y;
          break;
        case OP_FAN:
          {
            const PackFan *f = &p->fans[in->arg];
            const PackFanKey *k = p->fan_keys + f->key_first;
            for (guint32 a = 0; a < f->n_keys; a++)
              for (guint32 c = 0; c < k[a].n_children; c++)
                stk[top++] = p->fan_children[k[a].child_first + c];
            for (guint32 c = 0; c < f->n_generic; c++)
              stk[top++] = p->fan_children[f->generic_first + c];
            break;
          }
        default:
          break;
        }
    }
  return TRUE;
}

static void
part_find (AccordScanner *sc)
{
  const AccordPack *p = sc->pack;
  if (!p->n_detect || p->detect[p->meta[0]].op != OP_FAN)
    return;
  const PackFan *f = &p->fans[p->detect[p->meta[0]].arg];
  guint32 *part = g_new (guint32, p->n_detect);
  memset (part, 0xff, p->n_detect * sizeof (guint32));
  guint32 n_parts = 1;
  gboolean ok = TRUE;
  /* The keyed children, each a part (a list's child is under each of
   * its atoms: one part). */
  const PackFanKey *keys = p->fan_keys + f->key_first;
  for (guint32 a = 0; a < f->n_keys && ok; a++)
    for (guint32 k = 0; k < keys[a].n_children && ok; k++)
      {
        guint32 entry = p->fan_children[keys[a].child_first + k];
        if (part[entry] == G_MAXUINT32)
          ok = part_walk (sc, part, entry, n_parts++);
      }
  /* The rest is the main part. */
  part[p->meta[0]] = 0;
  for (guint32 k = 0; k < f->n_generic && ok; k++)
    ok = part_walk (sc, part, p->fan_children[f->generic_first + k], 0);
  if (!ok || n_parts - 1 < FACTOR_MIN)
    {
      g_free (part);
      return;
    }
  for (guint32 pc = 0; pc < p->n_detect; pc++)
    if (part[pc] == G_MAXUINT32)
      part[pc] = 0;   /* unreachable */

  /* What each part names: its fixed atoms, and for each other atom, the
   * parts that name it (counted, then filled: the lists only set bits of
   * a class's special mask, so their order does not matter; an atom met
   * again in the part it was last met in is not listed again, and as a
   * part's pcs are mostly together, a part is seldom listed twice). */
  sc->part_fixed = g_new0 (guint32, n_parts);
  guint32 *first = g_new0 (guint32, p->n_atoms + 1);
  guint32 *last = g_new0 (guint32, MAX (p->n_atoms, 1));   /* part + 1 listed last */
  guint32 *fill = NULL;
  for (int pass = 0; pass < 2; pass++)
    {
      memset (last, 0, MAX (p->n_atoms, 1) * sizeof (guint32));
      for (guint32 pc = 0; pc < p->n_detect; pc++)
        {
          guint32 x = part[pc];
          if (!x || p->detect[pc].op != OP_CONSUME)
            continue;
          const PackPred *q = &p->preds[p->detect[pc].arg];
          for (guint32 k = 0; k < q->n_atoms; k++)
            {
              guint32 a = p->pred_atoms[q->atom_first + k];
              if (a < ATOM_N_FIXED)
                sc->part_fixed[x] |= 1u << a;
              else if (last[a] != x + 1)
                {
                  last[a] = x + 1;
                  if (pass == 0)
                    first[a + 1]++;
                  else
                    sc->atom_parts[fill[a]++] = x;
                }
            }
        }
      if (pass == 0)
        {
          for (guint32 a = 0; a < p->n_atoms; a++)
            first[a + 1] += first[a];
          sc->atom_parts = g_new (guint32, MAX (first[p->n_atoms], 1));
          fill = g_memdup2 (first, MAX (p->n_atoms, 1) * sizeof (guint32));
        }
    }
  sc->atom_parts_first = first;
  g_free (last);
  g_free (fill);
  memset (sc->dflt, 0xff, sizeof sc->dflt);
  sc->part_of = part;
  sc->n_parts = n_parts;
  sc->part_seen = g_new0 (guint32, n_parts);
  sc->act = g_new (guint64, n_parts);
}

static guint32
intern_class (AccordScanner *sc, GArray *atoms, gboolean real)
{
  sort_u32 ((guint32 *) (void *) atoms->data, atoms->len);
  GByteArray *key = g_byte_array_new ();
  guint8 r = real ? 1 : 0;
  g_byte_array_append (key, &r, 1);
  g_byte_array_append (key, (const guint8 *) atoms->data, atoms->len * sizeof (guint32));
  GBytes *k = g_byte_array_free_to_bytes (key);
  gpointer found = g_hash_table_lookup (sc->class_index, k);
  if (found)
    {
      g_bytes_unref (k);
      return GPOINTER_TO_UINT (found) - 1;
    }
  Class *c = g_new0 (Class, 1);
  c->atoms = g_memdup2 (atoms->data, atoms->len * sizeof (guint32));
  c->n_atoms = atoms->len;
  c->real = real;
  /* Which predicates hold, once per class: each test is then one bit.
   * Only the predicates that name one of its atoms, and the negated ones,
   * can hold. */
  const AccordPack *p = sc->pack;
  gsize words = (p->n_preds + 63) / 64;
  c->holds = g_new0 (guint64, MAX (words, 1));
  for (guint32 i = 0; i < p->negated_preds->len; i++)
    {
      guint32 q = g_array_index (p->negated_preds, guint32, i);
      if (pred_holds_slow (sc, q, c))
        c->holds[q >> 6] |= G_GUINT64_CONSTANT (1) << (q & 63);
    }
  for (guint32 i = 0; i < c->n_atoms; i++)
    {
      GArray *list = c->atoms[i] < p->n_atoms ? g_ptr_array_index (p->atom_preds, c->atoms[i]) : NULL;
      for (guint32 j = 0; list && j < list->len; j++)
        {
          guint32 q = g_array_index (list, guint32, j);
          if (!p->preds[q].negated)
            c->holds[q >> 6] |= G_GUINT64_CONSTANT (1) << (q & 63);
        }
    }
  sc->class_memory += words * 8;
  if (sc->part_of)
    {
      gsize pw = (sc->n_parts + 63) / 64;
      c->special = g_new0 (guint64, pw);
      for (guint32 i = 0; i < c->n_atoms; i++)
        {
          guint32 a = c->atoms[i];
          if (a < ATOM_N_FIXED)
            c->fixed |= 1u << a;
          c->relev |= atom_bit (a);
          if (a >= ATOM_N_FIXED && a < p->n_atoms)
            for (guint32 j = sc->atom_parts_first[a]; j < sc->atom_parts_first[a + 1]; j++)
              c->special[sc->atom_parts[j] >> 6] |= G_GUINT64_CONSTANT (1) << (sc->atom_parts[j] & 63);
        }
      if (real)
        c->relev |= RELEV_ANY;
      sc->class_memory += pw * 8;
    }
  guint32 id = sc->classes->len;
  g_ptr_array_add (sc->classes, c);
  g_hash_table_insert (sc->class_index, k, GUINT_TO_POINTER (id + 1));
  sc->class_memory += sizeof *c + atoms->len * sizeof (guint32) + 64;
  return id;
}

/* Whether predicate PRED holds for CLASS, from the atoms. */
static gboolean
pred_holds_slow (AccordScanner *sc, guint32 pred, const Class *c)
{
  const AccordPack *p = sc->pack;
  const PackPred *pp = &p->preds[pred];
  const guint32 *atoms = p->pred_atoms + pp->atom_first;
  gboolean hit = FALSE;
  for (guint32 i = 0; i < c->n_atoms && !hit; i++)
    {
      guint32 a = c->atoms[i];
      guint32 lo = 0, hi = pp->n_atoms;
      while (lo < hi)
        {
          guint32 mid = lo + (hi - lo) / 2;
          if (atoms[mid] < a)
            lo = mid + 1;
          else
            hi = mid;
        }
      hit = lo < pp->n_atoms && atoms[lo] == a;
    }
  return pp->negated ? c->real && !hit : hit;
}

gboolean
scanner_pred_holds (AccordScanner *sc, guint32 pred, guint32 cls)
{
  const Class *c = g_ptr_array_index (sc->classes, cls);
  return (c->holds[pred >> 6] >> (pred & 63)) & 1;
}

const guint32 *
scanner_class_atoms (AccordScanner *sc, guint32 cls, guint32 *n)
{
  const Class *c = g_ptr_array_index (sc->classes, cls);
  *n = c->n_atoms;
  return c->atoms;
}

guint32
scanner_bos_class (AccordScanner *sc)
{
  return sc->bos;
}

guint32
scanner_eos_class (AccordScanner *sc)
{
  return sc->eos;
}

static void
lookup_atom (GHashTable *h, const char *key, GArray *atoms)
{
  gpointer v = g_hash_table_lookup (h, key);
  if (v)
    {
      guint32 a = GPOINTER_TO_UINT (v) - 1;
      g_array_append_val (atoms, a);
    }
}

static guint32
classify (AccordScanner *sc, const char *raw, gsize len, TokenKind kind, gboolean cap)
{
  const AccordPack *p = sc->pack;
  g_autoptr (GArray) atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 shape = kind == TOK_WORD ? ATOM_WORD : kind == TOK_NUM ? ATOM_NUM
                  : kind == TOK_OPENQ ? ATOM_OPENQ : kind == TOK_CLOSEQ ? ATOM_CLOSEQ : ATOM_PUNCT;
  g_array_append_val (atoms, shape);
  if (cap)
    {
      guint32 c = ATOM_CAP;
      g_array_append_val (atoms, c);
    }
  g_autofree char *exact = g_utf8_make_valid (raw, (gssize) len);
  g_autofree char *folded = text_fold (exact, -1);
  lookup_atom (p->words, folded, atoms);
  if (g_hash_table_size (p->exact))
    lookup_atom (p->exact, exact, atoms);
  if (kind == TOK_WORD && g_hash_table_size (p->stems))
    {
      const sb_symbol *s = sb_stemmer_stem (sc->stemmer, (const sb_symbol *) folded, (int) strlen (folded));
      if (s)
        {
          g_autofree char *stem = g_strndup ((const char *) s, (gsize) sb_stemmer_length (sc->stemmer));
          lookup_atom (p->stems, stem, atoms);
        }
    }
  if (kind == TOK_WORD)
    {
      gsize flen = strlen (folded);
      for (guint i = 0; i < p->prefix_lens->len; i++)
        {
          guint32 l = g_array_index (p->prefix_lens, guint32, i);
          if (l > flen || (l < flen && ((guchar) folded[l] & 0xc0) == 0x80))
            continue;
          char save = folded[l];
          folded[l] = '\0';
          lookup_atom (p->prefixes, folded, atoms);
          folded[l] = save;
        }
    }
  return intern_class (sc, atoms, TRUE);
}

/* The token cache: open addressing over (kind, cap, text) with the hash
 * stored, so that a repeated word costs one hash and one comparison; a
 * short word's text is kept in its slot. */
static inline guint64
load64 (const char *p)
{
  guint64 v;
  memcpy (&v, p, 8);
  return v;
}

static inline guint32
load32 (const char *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return v;
}

/* Reads every byte of RAW once or twice, in whole words (the last word
 * overlaps the one before it); the length is part of the hash. */
static inline guint64
token_hash (const char *raw, gsize len, guint8 kind, guint8 cap)
{
  const guint64 k = 0x9e3779b97f4a7c15ull;
  guint64 h = 0xcbf29ce484222325ull ^ ((guint64) kind << 8 | cap) ^ ((guint64) len << 16);
  if (len >= 8)
    {
      for (gsize i = 0; i + 8 < len; i += 8)
        h = (h ^ load64 (raw + i)) * k;
      h = (h ^ load64 (raw + len - 8)) * k;
    }
  else if (len >= 4)
    h = (h ^ ((guint64) load32 (raw) << 32 | load32 (raw + len - 4))) * k;
  else if (len > 0)
    h = (h ^ ((guint64) (guchar) raw[0] << 16 | (guint64) (guchar) raw[len / 2] << 8 | (guchar) raw[len - 1])) * k;
  h ^= h >> 29;
  return h | 1;   /* 0 marks an empty slot */
}

static inline const char *
slot_key (const TokenSlot *e)
{
  return e->len > TOKEN_INLINE ? e->k.key : e->k.inl;
}

static void
token_cache_clear (AccordScanner *sc)
{
  memset (sc->front, 0, sizeof sc->front);
  memset (sc->front2, 0, sizeof sc->front2);
  if (!sc->tc)
    return;   /* nothing cached yet (memset of NULL is undefined, even for 0 bytes) */
  for (gsize i = 0; i < sc->tc_cap; i++)
    if (sc->tc[i].hash && sc->tc[i].len > TOKEN_INLINE)
      g_free (sc->tc[i].k.key);
  memset (sc->tc, 0, sc->tc_cap * sizeof *sc->tc);
  sc->tc_count = 0;
}

static void
token_cache_insert (AccordScanner *sc, guint64 h, const char *raw, gsize len, guint8 kind, guint8 cap,
                    guint32 cls)
{
  if (sc->tc_count >= TOKEN_CACHE_MAX)
    token_cache_clear (sc);
  if ((sc->tc_count + 1) * 2 > sc->tc_cap)
    {
      gsize cap2 = sc->tc_cap ? sc->tc_cap * 2 : 4096;
      TokenSlot *old = sc->tc;
      gsize old_cap = sc->tc_cap;
      sc->tc = g_new0 (TokenSlot, cap2);
      sc->tc_cap = cap2;
      for (gsize i = 0; i < old_cap; i++)
        if (old[i].hash)
          {
            gsize k = old[i].hash & (cap2 - 1);
            while (sc->tc[k].hash)
              k = (k + 1) & (cap2 - 1);
            sc->tc[k] = old[i];
          }
      g_free (old);
    }
  gsize k = h & (sc->tc_cap - 1);
  while (sc->tc[k].hash)
    k = (k + 1) & (sc->tc_cap - 1);
  TokenSlot *e = &sc->tc[k];
  e->hash = h;
  e->len = (guint32) len;
  e->kind = kind;
  e->cap = cap;
  e->cls = cls;
  if (len > TOKEN_INLINE)
    e->k.key = g_memdup2 (raw, len);
  else
    memcpy (e->k.inl, raw, len);
  sc->tc_count++;
}

/* Whether the LEN bytes at A and B are the same: a short key in a few
 * overlapping loads, as token_hash reads it. */
static inline gboolean
same_key (const char *a, const char *b, gsize len)
{
  if (len > 16)
    return memcmp (a, b, len) == 0;
  if (len >= 8)
    return load64 (a) == load64 (b) && load64 (a + len - 8) == load64 (b + len - 8);
  if (len >= 4)
    return load32 (a) == load32 (b) && load32 (a + len - 4) == load32 (b + len - 4);
  return len == 0 || (a[0] == b[0] && a[len / 2] == b[len / 2] && a[len - 1] == b[len - 1]);
}

static G_GNUC_NO_INLINE guint32
token_class_miss (AccordScanner *sc, guint64 h, const char *raw, gsize len, guint8 kind, guint8 cap)
{
  guint32 cls = classify (sc, raw, len, kind, cap);
  token_cache_insert (sc, h, raw, len, kind, cap, cls);
  return cls;
}

static inline guint32
token_class_slow (AccordScanner *sc, const char *raw, gsize len, guint8 kind, guint8 cap)
{
  guint64 h = token_hash (raw, len, kind, cap);
  if (sc->tc_cap)
    {
      gsize mask = sc->tc_cap - 1, k = h & mask;
      for (;;)
        {
          const TokenSlot *e = &sc->tc[k];
          if (!e->hash)
            break;
          if (e->hash == h && e->len == len && e->kind == kind && e->cap == cap
              && same_key (slot_key (e), raw, len))
            return e->cls;
          k = (k + 1) & mask;
        }
    }
  return token_class_miss (sc, h, raw, len, kind, cap);
}

/* The front tables hold sets of two slots, the one filled last first:
 * two common words that hash alike would otherwise keep pushing each
 * other out.  Their keys are tokens' bytes as little-endian numbers, and
 * their META the length, kind and case (never 0, as the length is not).
 * The set for a token of 1 to 8 bytes, key KEY: */
static inline FrontSlot *
front_set (AccordScanner *sc, guint64 key, guint32 meta)
{
  guint64 x = (key ^ ((guint64) meta << 40)) * 0x9e3779b97f4a7c15ull;
  return sc->front + 2 * (x >> (64 - FRONT_BITS + 1));
}

/* Token T of TEXT, of 1 to 8 bytes, key KEY, is in neither slot of F. */
static G_GNUC_NO_INLINE guint32
front_miss (AccordScanner *sc, const char *text, const Token *t, FrontSlot *f, guint64 key, guint32 meta)
{
  guint32 cls = token_class_slow (sc, text + t->start, t->end - t->start, t->kind, t->cap);
  /* A miss may have cleared the table: F is still the set to fill. */
  f[1] = f[0];
  f[0] = (FrontSlot) { key, meta, cls };
  return cls;
}

/* The class of token T of TEXT that token_class leaves: one of 9 to 16
 * bytes is looked up in the second front table first, its key its first
 * 8 bytes and its last 8 (overlapping: the length tells them apart).  A
 * short one at the very start of TEXT is not worth a front slot. */
static G_GNUC_NO_INLINE guint32
token_class_rest (AccordScanner *sc, const char *text, const Token *t)
{
  const char *raw = text + t->start;
  gsize len = t->end - t->start;
  if (len - 9 >= 8)
    return token_class_slow (sc, raw, len, t->kind, t->cap);
  guint64 k0 = load64 (raw), k1 = load64 (raw + len - 8);
  guint32 meta = (guint32) len | (guint32) t->kind << 8 | (guint32) t->cap << 16;
  guint64 x = ((k0 ^ ((guint64) meta << 40)) * 0x9e3779b97f4a7c15ull ^ k1) * 0xbf58476d1ce4e5b9ull;
  FrontSlot2 *f = sc->front2 + 2 * (x >> (64 - FRONT2_BITS + 1));
  for (int w = 0; w < 2; w++)
    if (f[w].key[0] == k0 && f[w].key[1] == k1 && f[w].meta == meta)
      return f[w].cls;
  guint32 cls = token_class_slow (sc, raw, len, t->kind, t->cap);
  f[1] = f[0];   /* as in front_miss */
  f[0] = (FrontSlot2) { { k0, k1 }, meta, cls };
  return cls;
}

/* The class of token T of TEXT.  One of 1 to 8 bytes is looked up in the
 * front table first, its key read in one load: the 8 bytes that end with
 * the token (the bytes before it are TEXT's too), less those before it. */
static inline guint32
token_class (AccordScanner *sc, const char *text, const Token *t)
{
  guint32 end = t->end, len = end - t->start;
  if (G_LIKELY (len - 1 < 8 && end >= 8))
    {
      /* 64 - 8 * LEN, as the shift takes it: modulo 64. */
      guint64 key = GUINT64_FROM_LE (load64 (text + end - 8)) >> ((0 - 8 * len) & 63);
      guint16 kc;   /* kind and case in one load (in either order: META is only compared) */
      memcpy (&kc, (const char *) t + offsetof (Token, kind), 2);
      guint32 meta = len | (guint32) kc << 8;
      FrontSlot *f = front_set (sc, key, meta);
      if (f[0].key == key && f[0].meta == meta)
        return f[0].cls;
      if (f[1].key == key && f[1].meta == meta)
        return f[1].cls;
      return front_miss (sc, text, t, f, key, meta);
    }
  return token_class_rest (sc, text, t);
}

guint32
scanner_token_class (AccordScanner *sc, const char *text, const Token *t)
{
  return token_class (sc, text, t);
}

/* ---- the lazy DFAs ---- */

static void
dfa_free (gpointer p)
{
  Dfa *dfa = p;
  g_array_unref (dfa->start_consume);
  g_free (dfa->states);
  g_free (dfa->hot);
  if (dfa->ptab)
    for (guint32 i = 0; i < dfa->n_ptab; i++)
      g_free (dfa->ptab[i].t);
  g_free (dfa->ptab);
  g_free (dfa->pool);
  g_free (dfa->index);
  g_free (dfa->trans);
  g_free (dfa->row0);
  g_ptr_array_unref (dfa->start_succ);
  for (guint32 i = 0; i < dfa->trig_len; i++)
    g_free (dfa->trig[i].t);
  g_free (dfa->trig);
  g_free (dfa->quiet);
  g_free (dfa);
}

static void
free_array (gpointer a)
{
  if (a)
    g_array_unref (a);
}

static inline guint32
pc_mix (guint32 pc)
{
  return (guint32) (((guint64) pc * 0x9e3779b97f4a7c15ull) >> 32);
}

#define HASH_PCS_N 0x27d4eb2du

/* Independent of the order of PCS (step_set hashes as it finds). */
static guint32
hash_pcs (const guint32 *pcs, guint32 n)
{
  guint32 h = n * HASH_PCS_N;
  for (guint32 i = 0; i < n; i++)
    h += pc_mix (pcs[i]);
  return h;
}

static inline guint32
trans_slot (guint32 key, guint32 mask)
{
  return (guint32) (((guint64) key * 0x9e3779b97f4a7c15ull) >> 32) & mask;
}

/* The key of the transition from STATE on CLS in *KEY; FALSE when they
 * do not fit in one (such a transition is not cached). */
static inline gboolean
trans_key (const Dfa *dfa, guint32 state, guint32 cls, guint32 *key)
{
  guint64 k = ((guint64) state + 1) << dfa->cls_bits | cls;
  *key = (guint32) k;
  return (k >> 32) == 0 && (cls >> dfa->cls_bits) == 0;
}

static inline void
trans_put (DTrans *t, guint32 mask, guint32 key, guint32 to)
{
  guint32 h = trans_slot (key, mask);
  while (t[h].key)
    h = (h + 1) & mask;
  t[h].key = key;
  t[h].to = to;
}

/* Makes the keys wide enough for class CLS when every state the cache
 * may hold still fits (the entries are keyed again, in place). */
static void part_tables_clear (Dfa *dfa);

static void
trans_widen (Dfa *dfa, guint32 cls)
{
  guint32 bits = dfa->cls_bits;
  while ((cls >> bits) && bits < 31 && (((guint64) dfa->n_states + 1) >> (32 - (bits + 1))) == 0)
    bits++;
  if (bits == dfa->cls_bits)
    return;
  guint32 old_bits = dfa->cls_bits, mask = dfa->trans_cap - 1;
  dfa->cls_bits = bits;
  memset (dfa->front, 0, sizeof dfa->front);
  /* The parts' tables are only caches: emptied, not re-keyed. */
  part_tables_clear (dfa);
  if (!dfa->trans_count)
    return;
  DTrans *old = g_memdup2 (dfa->trans, (gsize) dfa->trans_cap * sizeof (DTrans));
  memset (dfa->trans, 0, (gsize) dfa->trans_cap * sizeof (DTrans));
  for (guint32 i = 0; i < dfa->trans_cap; i++)
    if (old[i].key)
      {
        guint32 from1 = old[i].key >> old_bits, c = old[i].key & ((1u << old_bits) - 1);
        trans_put (dfa->trans, mask, from1 << bits | c, old[i].to);
      }
  g_free (old);
}

/* Empties the parts' transition tables (keeping their capacities). */
static void
part_tables_clear (Dfa *dfa)
{
  for (guint32 i = 0; i < dfa->n_ptab; i++)
    if (dfa->ptab[i].count)
      {
        memset (dfa->ptab[i].t, 0, dfa->ptab[i].cap * sizeof (DTrans));
        dfa->ptab[i].count = 0;
      }
}

static void
dfa_recount (Dfa *dfa)
{
  dfa->memory = (gsize) dfa->states_cap * (sizeof (DState) + (dfa->hot ? sizeof (StateHot) : 0))
                + dfa->pool_cap * sizeof (guint32)
                + (gsize) dfa->index_cap * sizeof (guint64) + (gsize) dfa->trans_cap * sizeof (DTrans)
                + (gsize) dfa->row0_len * sizeof (guint32) + (gsize) dfa->trig_len * (sizeof (TrigRow) + 1)
                + dfa->ptab_memory
                + dfa->succ_memory;
}

/* Whether growing the cache by EXTRA bytes keeps it within its size;
 * a cache that holds nothing may always grow. */
static inline gboolean
dfa_may_grow (AccordScanner *sc, Dfa *dfa, gsize extra)
{
  return dfa->memory + extra <= sc->limit || dfa->n_states <= 1;
}

static guint32 intern_state (AccordScanner *sc, Dfa *dfa, const guint32 *pcs, guint32 n, gboolean marked);

/* Empties the cache (keeping its capacities); state 0, the empty set, is
 * made again. */
static void
cache_reset (AccordScanner *sc, Dfa *dfa)
{
  dfa->n_states = 0;
  dfa->pool_len = 0;
  if (dfa->index_cap)
    memset (dfa->index, 0, dfa->index_cap * sizeof (guint64));
  if (dfa->trans_cap)
    memset (dfa->trans, 0, dfa->trans_cap * sizeof (DTrans));
  dfa->trans_count = 0;
  memset (dfa->front, 0, sizeof dfa->front);
  part_tables_clear (dfa);
  if (dfa->row0_len)
    memset (dfa->row0, 0xff, dfa->row0_len * sizeof (guint32));
  g_ptr_array_set_size (dfa->start_succ, 0);
  for (guint32 i = 0; i < dfa->trig_len; i++)
    g_clear_pointer (&dfa->trig[i].t, g_free);
  if (dfa->trig_len)
    memset (dfa->quiet, 0, dfa->trig_len);
  dfa->succ_memory = 0;
  dfa->want_reset = FALSE;
  dfa_recount (dfa);
  dfa->resets++;
  sc->resets++;
  intern_state (sc, dfa, NULL, 0, FALSE);
}

/* Room for one more state and N more entries of the pool; FALSE when
 * the cache is full (with FORCE, it grows all the same). */
static gboolean
dfa_reserve_state (AccordScanner *sc, Dfa *dfa, gsize n, gboolean force)
{
  if (dfa->n_states + 1 > dfa->states_cap)
    {
      guint32 cap = dfa->states_cap ? dfa->states_cap * 2 : 256;
      if (!force && !dfa_may_grow (sc, dfa, (gsize) (cap - dfa->states_cap) * sizeof (DState)))
        return FALSE;
      dfa->states = g_renew (DState, dfa->states, cap);
      if (sc->part_of)
        dfa->hot = g_renew (StateHot, dfa->hot, cap);
      dfa->states_cap = cap;
      dfa_recount (dfa);
    }
  n *= 2;   /* the pcs, and the groups of the MATCHes among them */
  if (dfa->pool_len + n > dfa->pool_cap)
    {
      gsize cap = MAX (dfa->pool_cap ? dfa->pool_cap * 2 : 4096, dfa->pool_len + n);
      if (!force && !dfa_may_grow (sc, dfa, (cap - dfa->pool_cap) * sizeof (guint32)))
        return FALSE;
      dfa->pool = g_renew (guint32, dfa->pool, cap);
      dfa->pool_cap = cap;
      dfa_recount (dfa);
    }
  if ((dfa->n_states + 1) * 2 > dfa->index_cap)
    {
      guint32 cap = dfa->index_cap ? dfa->index_cap * 2 : 512;
      if (!force && !dfa_may_grow (sc, dfa, (gsize) (cap - dfa->index_cap) * sizeof (guint64)))
        return FALSE;
      g_free (dfa->index);
      dfa->index = g_new0 (guint64, cap);
      dfa->index_cap = cap;
      guint32 mask = cap - 1;
      for (guint32 i = 0; i < dfa->n_states; i++)
        {
          guint32 h = dfa->states[i].hash & mask;
          while (dfa->index[h])
            h = (h + 1) & mask;
          dfa->index[h] = (guint64) dfa->states[i].hash << 32 | (i + 1);
        }
      dfa_recount (dfa);
    }
  return TRUE;
}

/* A table of CAP slots (a power of two) with the transitions of OLD, of
 * OLD_CAP slots, which is freed. */
static DTrans *
trans_rehash (DTrans *old, guint32 old_cap, guint32 cap)
{
  DTrans *t = g_new0 (DTrans, cap);
  for (guint32 i = 0; i < old_cap; i++)
    if (old[i].key)
      trans_put (t, cap - 1, old[i].key, old[i].to);
  g_free (old);
  return t;
}

/* Room for one more transition (at most 3/4 full); FALSE when the cache
 * is full (with FORCE, it grows all the same). */
static gboolean
dfa_reserve_trans (AccordScanner *sc, Dfa *dfa, gboolean force)
{
  if ((gsize) (dfa->trans_count + 1) * 4 <= (gsize) dfa->trans_cap * 3)
    return TRUE;
  guint32 cap = dfa->trans_cap ? dfa->trans_cap * 2 : 1024;
  if (!force && !dfa_may_grow (sc, dfa, (gsize) (cap - dfa->trans_cap) * sizeof (DTrans)))
    return FALSE;
  dfa->trans = trans_rehash (dfa->trans, dfa->trans_cap, cap);
  dfa->trans_cap = cap;
  dfa_recount (dfa);
  return TRUE;
}

/* Marks PCS with a new generation of the closure marks, as if a closure
 * had found them. */
static void
mark_pcs (AccordScanner *sc, const guint32 *pcs, guint32 n)
{
  if (++sc->gen == 0)
    {
      memset (sc->mark, 0, sizeof (guint32) * sc->pack->n_detect);
      sc->gen = 1;
    }
  for (guint32 i = 0; i < n; i++)
    sc->mark[pcs[i]] = sc->gen;
}

/* Factored: what a token needs for some thread of PCS[0..N) to go on
 * (RELEV_ANY). */
static guint64
state_relevance (AccordScanner *sc, const guint32 *pcs, guint32 n)
{
  const AccordPack *p = sc->pack;
  guint64 m = 0;
  for (guint32 i = 0; i < n; i++)
    {
      const Inst *in = &p->detect[pcs[i]];
      if (in->op == OP_CONSUME)
        {
          const PackPred *q = &p->preds[in->arg];
          if (q->negated)
            m |= RELEV_ANY;
          for (guint32 k = 0; k < q->n_atoms; k++)
            m |= atom_bit (p->pred_atoms[q->atom_first + k]);
        }
      else if (in->op == OP_FAN)
        {
          const PackFan *f = &p->fans[in->arg];
          for (guint32 k = 0; k < f->n_keys; k++)
            m |= atom_bit (p->fan_keys[f->key_first + k].atom);
        }
    }
  return m;
}

/* The state of the set PCS[0..N) (distinct pcs outside the start set),
 * added when new; MARKED: the closure marks of the current generation
 * are set for exactly these pcs among those a state can hold (they were
 * just found); HASH: hash_pcs of them.  The caller has made room
 * (dfa_reserve_state). */
static guint32
intern_hashed (AccordScanner *sc, Dfa *dfa, const guint32 *pcs, guint32 n, guint32 hash, gboolean marked)
{
  if (dfa->n_states && dfa->index_cap)
    {
      guint32 mask = dfa->index_cap - 1;
      gboolean have_marks = marked;
      for (guint32 h = hash & mask; dfa->index[h]; h = (h + 1) & mask)
        {
          if ((guint32) (dfa->index[h] >> 32) != hash)
            continue;
          const DState *d = &dfa->states[(guint32) dfa->index[h] - 1];
          if (d->n_pcs != n)
            continue;
          if (!have_marks)
            {
              mark_pcs (sc, pcs, n);
              have_marks = TRUE;
            }
          /* Both sets are distinct pcs of the kinds a state holds, of the
           * same size: equal when every pc of the state is marked. */
          const guint32 *dp = dfa->pool + d->first, *mark = sc->mark;
          guint32 gen = sc->gen, i = 0;
          while (i < n && mark[dp[i]] == gen)
            i++;
          if (i == n)
            return (guint32) dfa->index[h] - 1;
        }
    }
  const Inst *detect = sc->pack->detect;
  guint32 n_matches = 0;
  for (guint32 i = 0; i < n; i++)
    if (detect[pcs[i]].op == OP_MATCH)
      n_matches++;
  dfa_reserve_state (sc, dfa, n, TRUE);
  guint32 id = dfa->n_states++;
  DState *d = &dfa->states[id];
  d->first = (guint32) dfa->pool_len;
  d->n_pcs = n;
  d->n_matches = n_matches;
  d->hash = hash;
  if (sc->part_of)
    {
      StateHot *h = &dfa->hot[id];
      h->relev = state_relevance (sc, pcs, n);
      h->last_cls = ROW_UNSET;
      h->last_to = 0;
    }
  guint32 *dp = dfa->pool + dfa->pool_len;
  for (guint32 i = 0, m = 0, k = n_matches; i < n; i++)
    if (detect[pcs[i]].op == OP_MATCH)
      dp[m++] = pcs[i];
    else
      dp[k++] = pcs[i];
  for (guint32 m = 0; m < n_matches; m++)
    dp[n + m] = detect[dp[m]].arg;
  dfa->pool_len += n + n_matches;
  guint32 mask = dfa->index_cap - 1, h = hash & mask;
  while (dfa->index[h])
    h = (h + 1) & mask;
  dfa->index[h] = (guint64) hash << 32 | (id + 1);
  return id;
}

/* Not inlined: its callers are in the scanning loop (detect), whose
 * code should not grow with a hashing loop it seldom runs. */
static G_GNUC_NO_INLINE guint32
intern_state (AccordScanner *sc, Dfa *dfa, const guint32 *pcs, guint32 n, gboolean marked)
{
  return intern_hashed (sc, dfa, pcs, n, hash_pcs (pcs, n), marked);
}

/* The DFA over the detection program, with its start set. */
static Dfa *
dfa_new (AccordScanner *sc)
{
  const AccordPack *p = sc->pack;
  Dfa *dfa = g_new0 (Dfa, 1);
  dfa->cls_bits = CLS_BITS_MIN;
  dfa->start_succ = g_ptr_array_new_with_free_func (free_array);
  dfa->start_consume = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (sc->part_of)
    {
      dfa->ptab = g_new0 (PartTable, sc->n_parts);
      dfa->n_ptab = sc->n_parts;
    }
  g_array_set_size (sc->found, 0);
  if (p->n_detect)
    closure (sc, &p->meta[0], 1, FALSE);
  for (guint i = 0; i < sc->found->len; i++)
    {
      guint32 pc = g_array_index (sc->found, guint32, i);
      if (p->detect[pc].op == OP_CONSUME || p->detect[pc].op == OP_FAN)
        g_array_append_val (dfa->start_consume, pc);
    }
  g_array_set_size (sc->found, 0);
  intern_state (sc, dfa, NULL, 0, FALSE);   /* state 0: nothing but the start set */
  return dfa;
}

/* The scanner's DFA over every pattern. */
static void
build_dfa (AccordScanner *sc)
{
  sc->dfa = dfa_new (sc);
}

static inline void
seeds_reserve (AccordScanner *sc, gsize extra)
{
  if (sc->n_seeds + extra > sc->seeds_cap)
    {
      sc->seeds_cap = MAX (sc->seeds_cap * 2, sc->n_seeds + extra + 256);
      sc->seeds = g_renew (guint32, sc->seeds, sc->seeds_cap);
    }
}

/* Appends to the seeds where the instruction PC (a CONSUME or a FAN)
 * goes on a token of class C. */
static inline void
step_from (AccordScanner *sc, guint32 pc, const Class *c)
{
  const AccordPack *p = sc->pack;
  const Inst *in = &p->detect[pc];
  if (in->op == OP_CONSUME)
    {
      if ((c->holds[in->arg >> 6] >> (in->arg & 63)) & 1)
        {
          seeds_reserve (sc, 1);
          sc->seeds[sc->n_seeds++] = in->x;
        }
      return;
    }
  if (in->op != OP_FAN)
    return;
  /* The children keyed by an atom of the token: their first word holds. */
  const PackFan *f = &p->fans[in->arg];
  const PackFanKey *keys = p->fan_keys + f->key_first;
  for (guint32 i = 0; i < c->n_atoms; i++)
    {
      guint32 a = c->atoms[i], lo = 0, hi = f->n_keys;
      while (lo < hi)
        {
          guint32 mid = lo + (hi - lo) / 2;
          if (keys[mid].atom < a)
            lo = mid + 1;
          else
            hi = mid;
        }
      if (lo < f->n_keys && keys[lo].atom == a)
        {
          seeds_reserve (sc, keys[lo].n_children);
          for (guint32 k = 0; k < keys[lo].n_children; k++)
            sc->seeds[sc->n_seeds++] = p->detect[p->fan_children[keys[lo].child_first + k]].x;
        }
    }
}

#define STEP_FAN (G_MAXUINT32 - 1)
#define STEP_NONE G_MAXUINT32

/* The tables of step_set, made when the first transition is computed:
 * what a step reads of each pc of a state in one array of 4 bytes a pc
 * (most pcs of a state are CONSUMEs whose predicate does not hold), and
 * the seeds' lists (none made yet). */
static void
step_tables (AccordScanner *sc)
{
  const AccordPack *p = sc->pack;
  guint32 nd = MAX (p->n_detect, 1);
  sc->eps_first = g_new (guint32, nd);
  memset (sc->eps_first, 0xff, nd * sizeof (guint32));
  sc->eps_n = g_new (guint32, nd);
  sc->emark = g_new0 (guint32, nd);
  sc->step_pred = g_new (guint32, nd);
  for (guint32 pc = 0; pc < p->n_detect; pc++)
    {
      guint32 op = p->detect[pc].op;
      sc->step_pred[pc] = op == OP_CONSUME ? p->detect[pc].arg : op == OP_FAN ? STEP_FAN : STEP_NONE;
    }
}

/* The seeds where PCS[0..N) go on a token of class C (step_from for
 * each), in sc->seeds: a CONSUME gives one at most, inline (most pcs of
 * a state are CONSUMEs whose predicate does not hold). */
static inline void
step_seeds (AccordScanner *sc, const guint32 *pcs, guint32 n, const Class *c)
{
  if (G_UNLIKELY (!sc->step_pred))
    step_tables (sc);
  sc->n_seeds = 0;
  seeds_reserve (sc, n);
  const Inst *detect = sc->pack->detect;
  const guint32 *step_pred = sc->step_pred;
  const guint64 *holds = c->holds;
  guint32 *seeds = sc->seeds;
  gsize ns = 0;
  for (guint32 i = 0; i < n; i++)
    {
      guint32 q = step_pred[pcs[i]];
      if (q < STEP_FAN)
        {
          if ((holds[q >> 6] >> (q & 63)) & 1)
            seeds[ns++] = detect[pcs[i]].x;
        }
      else if (q == STEP_FAN)
        {
          sc->n_seeds = ns;
          step_from (sc, pcs[i], c);
          seeds = sc->seeds;
          ns = sc->n_seeds;
        }
    }
  sc->n_seeds = ns;
}

/* A seed's list is kept when it is this short, and while the lists fit
 * in EPS_POOL_PER_PC entries per pc (a pack's closures are short; a long
 * one is walked again each time). */
#define EPS_KEEP 64
#define EPS_POOL_PER_PC 4
#define EPS_NONE G_MAXUINT32

/* The CONSUME, MATCH and FAN pcs outside the start set that SEED reaches
 * by epsilon moves, in the order closure_marked would find them from
 * SEED alone, in *N of them; valid until the next call.  Why this is the
 * same as closure_marked: a step marks a set closed under epsilon moves
 * (the start set's successors and what earlier seeds reached), and a walk
 * through such a set only finds pcs of it, so skipping the marked pcs of
 * a seed's list leaves what the shared walk finds, in its order. */
static const guint32 *
eps_list (AccordScanner *sc, guint32 seed, guint32 *n)
{
  const AccordPack *p = sc->pack;
  guint32 first = sc->eps_first[seed];
  if (first != EPS_NONE)
    {
      *n = sc->eps_n[seed];
      return sc->eps_pool + first;
    }
  if (++sc->egen == 0)
    {
      memset (sc->emark, 0, sizeof (guint32) * p->n_detect);
      sc->egen = 1;
    }
  guint32 *stk = stk_reserve (sc, 1);
  /* Listed at the pool's end, kept there only when short enough. */
  if (sc->eps_cap < sc->eps_len + p->n_detect)
    {
      sc->eps_cap = MAX (sc->eps_cap * 2, sc->eps_len + p->n_detect);
      sc->eps_pool = g_renew (guint32, sc->eps_pool, sc->eps_cap);
    }
  guint32 *out = sc->eps_pool + sc->eps_len;
  stk[0] = seed;
  /* The walk of closure_marked, from one seed, with marks of its own. */
  guint32 no = eps_walk (p, sc->in_start, TRUE, sc->emark, sc->egen, stk, 1, out, 0);
  if (no <= EPS_KEEP && sc->eps_len + no <= (gsize) EPS_POOL_PER_PC * p->n_detect + 4096)
    {
      sc->eps_first[seed] = (guint32) sc->eps_len;
      sc->eps_n[seed] = no;
      sc->eps_len += no;
    }
  *n = no;
  return out;
}

/* Factored: sorts the start set's successors on CLS (sc->found) by part
 * and lists where each part's are, in dfa->trig. */
/* Factored: makes the rows and quiet marks reach class N - 1 (rows not
 * made yet: t NULL). */
static void
trig_cover (Dfa *dfa, guint32 n)
{
  if (dfa->trig_len >= n)
    return;
  guint32 len = MAX (n, dfa->trig_len * 2);
  dfa->trig = g_renew (TrigRow, dfa->trig, len);
  memset (dfa->trig + dfa->trig_len, 0, (len - dfa->trig_len) * sizeof (TrigRow));
  dfa->quiet = g_renew (guint8, dfa->quiet, len);
  memset (dfa->quiet + dfa->trig_len, 0, len - dfa->trig_len);
  dfa->trig_len = len;
  dfa_recount (dfa);
}

static void
start_parts (AccordScanner *sc, Dfa *dfa, guint32 cls)
{
  guint32 nf = sc->found->len, *fd = (guint32 *) sc->found->data;
  guint64 *keyed = g_new (guint64, MAX (nf, 1));
  for (guint32 i = 0; i < nf; i++)
    keyed[i] = (guint64) sc->part_of[fd[i]] << 32 | fd[i];
  sort_u64 (keyed, nf);
  GArray *trig = g_array_new (FALSE, FALSE, sizeof (Trigger));
  for (guint32 i = 0; i < nf; i++)
    {
      fd[i] = (guint32) keyed[i];
      guint32 part = (guint32) (keyed[i] >> 32);
      if (!trig->len || g_array_index (trig, Trigger, trig->len - 1).part != part)
        {
          Trigger t = { part, i, 0, ROW_UNSET };
          g_array_append_val (trig, t);
        }
      g_array_index (trig, Trigger, trig->len - 1).n++;
    }
  g_free (keyed);
  trig_cover (dfa, cls + 1);
  TrigRow *row = &dfa->trig[cls];
  const Class *c = g_ptr_array_index (sc->classes, cls);
  row->special = c->special;
  row->relev = c->relev;
  row->fixed = (guint16) c->fixed;
  row->n = trig->len;
  row->skip = trig->len && g_array_index (trig, Trigger, 0).part == 0;
  row->t = (Trigger *) g_array_free (trig, row->n == 0);
  if (!row->t)
    row->t = g_new (Trigger, 1);
  dfa->succ_memory += row->n * sizeof (Trigger) + 32;
  dfa->memory += row->n * sizeof (Trigger) + 32;
}

/* The closure of the start set's successors on class CLS, the same in
 * every step on CLS, so computed once: [0] the number F of pcs it finds,
 * then those F pcs.  A step marks them and adds what the successors of
 * its own state reach (a closure is the union of its seeds' closures,
 * and a set's order does not matter). */
static const GArray *
start_closure (AccordScanner *sc, Dfa *dfa, guint32 cls)
{
  if (dfa->start_succ->len <= cls)
    g_ptr_array_set_size (dfa->start_succ, cls + 1);
  GArray *succ = g_ptr_array_index (dfa->start_succ, cls);
  if (!succ)
    {
      const Class *c = g_ptr_array_index (sc->classes, cls);
      step_seeds (sc, (const guint32 *) dfa->start_consume->data, dfa->start_consume->len, c);
      g_array_set_size (sc->found, 0);
      closure (sc, sc->seeds, (guint) sc->n_seeds, TRUE);
      guint32 nf = sc->found->len;
      if (sc->part_of)
        start_parts (sc, dfa, cls);
      succ = g_array_sized_new (FALSE, FALSE, sizeof (guint32), 1 + nf);
      g_array_append_val (succ, nf);
      g_array_append_vals (succ, sc->found->data, nf);
      g_array_set_size (sc->found, 0);
      sc->n_seeds = 0;
      dfa->start_succ->pdata[cls] = succ;
      dfa->succ_memory += succ->len * sizeof (guint32) + 32;
      dfa->memory += succ->len * sizeof (guint32) + 32;
    }
  return succ;
}

/* Factored: the start set's successors in PART on CLS (start_closure
 * made them), or NULL when it has none. */
static Trigger *
part_trigger (Dfa *dfa, guint32 cls, guint32 part)
{
  const TrigRow *row = &dfa->trig[cls];
  Trigger *t = row->t;
  guint32 lo = 0, hi = row->n;
  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;
      if (t[mid].part < part)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < row->n && t[lo].part == part ? &t[lo] : NULL;
}

/* The set that follows PCS[0..N) on a token of class CLS, in sc->found
 * (and marked, see intern_state); factored, PART is theirs (PART_ALL:
 * the whole start set goes on too, as in an NFA step). */
static void
step_set (AccordScanner *sc, Dfa *dfa, const guint32 *pcs, guint32 n, guint32 cls, guint32 part)
{
  const AccordPack *p = sc->pack;
  const GArray *start = start_closure (sc, dfa, cls);
  const guint32 *sp = (const guint32 *) start->data;
  guint32 nf = sp[0], from = 0, count = nf;
  const Class *c = g_ptr_array_index (sc->classes, cls);
  step_seeds (sc, pcs, n, c);
  const guint32 *seeds = sc->seeds;
  gsize ns = sc->n_seeds;
  if (sc->part_of && part != PART_ALL)
    {
      /* Only the part's successors: a pc of another part marked would
       * make a state of it look like this set (intern_state); the seeds
       * reach none of another part's pcs (part_walk). */
      const Trigger *t = part_trigger (dfa, cls, part);
      from = t ? t->first : 0;
      count = t ? t->n : 0;
    }
  /* First the start set's successors (the part's), marked: then each
   * seed's list adds its pcs not found yet, as one walk from all the
   * seeds would (eps_list). */
  marks_new (sc);
  guint32 *mark = sc->mark, gen = sc->gen;
  GArray *found = sc->found;
  g_array_set_size (found, p->n_detect);
  /* Hashed as they are found (hash_pcs), for intern_state. */
  guint32 *fd = (guint32 *) found->data, nfd = 0, h = 0;
  for (guint32 i = 0; i < count; i++)
    {
      guint32 pc = sp[1 + from + i];
      mark[pc] = gen;
      fd[nfd++] = pc;
      h += pc_mix (pc);
    }
  for (gsize s = 0; s < ns; s++)
    {
      guint32 m;
      const guint32 *l = eps_list (sc, seeds[s], &m);
      for (guint32 k = 0; k < m; k++)
        {
          guint32 pc = l[k];
          if (mark[pc] != gen)
            {
              mark[pc] = gen;
              fd[nfd++] = pc;
              h += pc_mix (pc);
            }
        }
    }
  array_truncate (found, nfd);
  sc->found_hash = h + nfd * HASH_PCS_N;
}

/* One step of the NFA from ACTIVE (CONSUME and MATCH pcs outside the
 * start set) on a token of class CLS: ACTIVE becomes the next set, as a
 * DFA transition would compute it, but nothing is cached. */
static void
nfa_step (AccordScanner *sc, Dfa *dfa, GArray *active, guint32 cls)
{
  step_set (sc, dfa, (const guint32 *) active->data, active->len, cls, PART_ALL);
  g_array_set_size (active, 0);
  g_array_append_vals (active, sc->found->data, sc->found->len);
}

/* Factored: the state that follows STATE, of PART (see step_set), on
 * CLS, made when new, with DSTATE_MATCHES when it has MATCHes.  Other
 * parts' states are in use: a full cache is emptied after the step
 * (part_reset), not here. */
static guint32
factored_next (AccordScanner *sc, Dfa *dfa, guint32 state, guint32 cls, guint32 part)
{
  sc->transitions++;
  sc->life_misses++;
  const DState *cd = &dfa->states[state];
  step_set (sc, dfa, dfa->pool + cd->first, cd->n_pcs, cls, part);
  guint32 n = sc->found->len;
  if (!dfa_reserve_state (sc, dfa, n, FALSE))
    dfa->want_reset = TRUE;
  guint32 next = intern_hashed (sc, dfa, (const guint32 *) sc->found->data, n, sc->found_hash, TRUE);
  if (dfa->states[next].n_matches)
    next |= DSTATE_MATCHES;
  return next;
}

/* The transition from STATE on CLS, not in the cache: computed, and
 * cached (a full cache is emptied first; factored, after the step).
 * Returns the next state, with DSTATE_MATCHES when it has MATCHes. */
static G_GNUC_NO_INLINE guint32
transition_miss (AccordScanner *sc, Dfa *dfa, guint32 state, guint32 cls)
{
  guint32 next;
  if (sc->part_of)
    {
      /* A state of the main part (the keyed parts' have tables of their
       * own: part_transition_miss). */
      if (!dfa_reserve_trans (sc, dfa, FALSE))
        {
          dfa->want_reset = TRUE;
          dfa_reserve_trans (sc, dfa, TRUE);
        }
      next = factored_next (sc, dfa, state, cls, 0);
    }
  else
    {
      sc->transitions++;
      sc->life_misses++;
      const DState *cd = &dfa->states[state];
      step_set (sc, dfa, dfa->pool + cd->first, cd->n_pcs, cls, PART_ALL);
      const guint32 *pcs = (const guint32 *) sc->found->data;
      guint32 n = sc->found->len;
      gboolean marked = TRUE;
      if (!dfa_reserve_trans (sc, dfa, FALSE) || !dfa_reserve_state (sc, dfa, n, FALSE))
        {
          /* Empty the cache; the state we are in is made again from its
           * pcs (then the marks are no longer those of the set found). */
          GArray *here = sc->here;
          g_array_set_size (here, 0);
          g_array_append_vals (here, dfa->pool + cd->first, cd->n_pcs);
          /* Over the cache's life, most steps missed it: it thrashes
           * (the next sentences step the NFA).  A cache that fills while
           * it serves most steps is worth filling again. */
          if (sc->life_misses * 2 > sc->life_steps)
            sc->thrashing = TRUE;
          sc->life_steps = sc->life_misses = 0;
          cache_reset (sc, dfa);
          state = intern_state (sc, dfa, (const guint32 *) here->data, here->len, FALSE);
          dfa_reserve_trans (sc, dfa, TRUE);
          marked = FALSE;
        }
      next = intern_hashed (sc, dfa, pcs, n, sc->found_hash, marked);
      if (dfa->states[next].n_matches)
        next |= DSTATE_MATCHES;
    }
  guint32 key;
  if (cls >> dfa->cls_bits)
    trans_widen (dfa, cls);
  if (!trans_key (dfa, state, cls, &key))
    return next;   /* computed, not cached */
  trans_put (dfa->trans, dfa->trans_cap - 1, key, next);
  dfa->trans_count++;
  return next;
}

/* Factored: the transition from STATE (of keyed part X) on CLS, not in
 * its part's table: computed, and cached there. */
static G_GNUC_NO_INLINE guint32
part_transition_miss (AccordScanner *sc, Dfa *dfa, guint32 x, guint32 state, guint32 cls)
{
  guint32 next = factored_next (sc, dfa, state, cls, x);
  if (cls >> dfa->cls_bits)
    trans_widen (dfa, cls);
  guint32 key;
  if (!trans_key (dfa, state, cls, &key))
    return next;   /* computed, not cached */
  PartTable *pt = &dfa->ptab[x];
  if ((gsize) (pt->count + 1) * 4 > (gsize) pt->cap * 3)
    {
      guint32 cap = pt->cap ? pt->cap * 2 : 16;
      if (!dfa_may_grow (sc, dfa, (gsize) (cap - pt->cap) * sizeof (DTrans)))
        dfa->want_reset = TRUE;
      pt->t = trans_rehash (pt->t, pt->cap, cap);
      dfa->ptab_memory += (gsize) (cap - pt->cap) * sizeof (DTrans);
      pt->cap = cap;
      dfa_recount (dfa);
    }
  trans_put (pt->t, pt->cap - 1, key, next);
  pt->count++;
  return next;
}

/* Factored: the transition from STATE, of keyed part X, on CLS.  Each
 * part has a table of its own: the few parts active at a time read a few
 * small tables that stay in the CPU's caches, not lines spread over one
 * big table. */
static inline guint32
part_transition (AccordScanner *sc, Dfa *dfa, guint32 x, guint32 state, guint32 cls)
{
  const PartTable *pt = &dfa->ptab[x];
  guint32 key;
  if (G_LIKELY (trans_key (dfa, state, cls, &key)) && pt->cap)
    for (guint32 mask = pt->cap - 1, h = trans_slot (key, mask);; h = (h + 1) & mask)
      {
        const DTrans *t = &pt->t[h];
        if (t->key == key)
          return t->to;
        if (!t->key)
          break;
      }
  return part_transition_miss (sc, dfa, x, state, cls);
}

/* The transition from state 0 on CLS, for its row (state 0 is the
 * state between most words: a plain array, no hashing). */
static G_GNUC_NO_INLINE guint32
transition0_miss (AccordScanner *sc, Dfa *dfa, guint32 cls)
{
  guint32 to = ROW_UNSET, mask = dfa->trans_cap - 1, key;
  if (dfa->trans_cap && trans_key (dfa, 0, cls, &key))
    for (guint32 h = trans_slot (key, mask);; h = (h + 1) & mask)
      {
        const DTrans *t = &dfa->trans[h];
        if (t->key == key)
          {
            to = t->to;
            break;
          }
        if (!t->key)
          break;
      }
  if (to == ROW_UNSET)
    to = transition_miss (sc, dfa, 0, cls);
  /* A miss may have emptied the cache, and state 0 is the empty set
   * again: its row still holds, with this one entry. */
  if (cls >= dfa->row0_len)
    {
      guint32 len = MAX (cls + 1, dfa->row0_len * 2);
      len = MAX (len, 256);
      dfa->row0 = g_renew (guint32, dfa->row0, len);
      memset (dfa->row0 + dfa->row0_len, 0xff, (len - dfa->row0_len) * sizeof (guint32));
      dfa->row0_len = len;
      dfa_recount (dfa);
    }
  dfa->row0[cls] = to;
  return to;
}

static inline guint32
transition (AccordScanner *sc, Dfa *dfa, guint32 state, guint32 cls)
{
  if (state == 0)
    {
      if (G_LIKELY (cls < dfa->row0_len) && dfa->row0[cls] != ROW_UNSET)
        return dfa->row0[cls];
      return transition0_miss (sc, dfa, cls);
    }
  guint32 mask = dfa->trans_cap - 1, key;
  if (G_LIKELY (trans_key (dfa, state, cls, &key)) && dfa->trans_cap)
    {
      DTrans *fr = &dfa->front[(key * 0x9e3779b1u) >> (32 - FRONT_TRANS_BITS)];
      if (fr->key == key)
        return fr->to;
      for (guint32 h = trans_slot (key, mask);; h = (h + 1) & mask)
        {
          const DTrans *t = &dfa->trans[h];
          if (t->key == key)
            {
              *fr = *t;
              return t->to;
            }
          if (!t->key)
            break;
        }
    }
  return transition_miss (sc, dfa, state, cls);
}

/* ---- the Pike VM ---- */

typedef struct {
  AccordScanner *sc;
  guint32 base, len;     /* the pattern's fragment: pcs base..base+len */
  guint32 ncap;          /* capture registers (2 per capture) */
  const guint32 *cls;    /* class of each extended position */
  guint32 n_ext;
  /* Thread lists: per list, threads in order, caps inline. */
  guint32 *pcs[2];
  gint32 *starts[2];
  gint32 *caps[2];
  guint32 count[2];
  guint32 *seen;         /* per fragment pc: step stamp (stamps only grow) */
  gsize seen_len;
  guint32 step;
  gint32 *work;          /* capture registers of the thread being expanded */
  gint64 *stack;         /* pc, or a restore (-(slot+1) << 32 | old) */
  const guint32 *first;  /* the CONSUME pcs a match can begin with */
  guint32 n_first;
  /* Where matches of the pattern end (from the DFA pass), ascending, and
   * how many tokens a match spans: no match starts where none of them
   * can be its end. */
  const guint32 *ends;
  guint32 n_ends, next_end;
  gint32 minlen, maxlen;
  /* Best match so far. */
  gboolean have;
  gint32 best_start, best_end;
  gint32 *best_caps;
} Pike;

/* Copies N capture slots: a few words, not worth a call to memcpy (the
 * Pike VM copies a thread's captures at every step it takes). */
static inline void
caps_copy (gint32 *to, const gint32 *from, guint32 n)
{
  for (guint32 i = 0; i < n; i++)
    to[i] = from[i];
}

static void
pike_add (Pike *pk, int list, guint32 pc0, gint32 start, guint32 pos)
{
  const AccordPack *p = pk->sc->pack;
  gint64 *stack = pk->stack;
  gsize top = 0;
  stack[top++] = pc0;
  while (top)
    {
      gint64 e = stack[--top];
      if (e < 0)
        {
          guint32 slot = (guint32) ((-e) >> 32) - 1;
          pk->work[slot] = (gint32) (guint32) ((-e) & 0xffffffff) - 1;
          continue;
        }
      guint32 pc = (guint32) e, rel = pc - pk->base;
      if (rel >= pk->len)
        continue;   /* outside the fragment: never in a well-formed pack */
      if (pk->seen[rel] == pk->step)
        continue;
      pk->seen[rel] = pk->step;
      const Inst *in = &p->insts[pc];
      switch (in->op)
        {
        case OP_CONSUME:
          {
            /* A thread that the token at POS does not take would die at
             * its next step: it is not added (most of a list's words). */
            if (pos >= pk->n_ext || !scanner_pred_holds (pk->sc, in->arg, pk->cls[pos]))
              break;
            guint32 k = pk->count[list]++;
            pk->pcs[list][k] = pc;
            pk->starts[list][k] = start;
            if (pk->ncap)
              caps_copy (pk->caps[list] + (gsize) k * pk->ncap, pk->work, pk->ncap);
            break;
          }
        case OP_MATCH:
          if (!pk->have || start < pk->best_start
              || (start == pk->best_start && (gint32) pos > pk->best_end))
            {
              pk->have = TRUE;
              pk->best_start = start;
              pk->best_end = (gint32) pos;
              if (pk->ncap)
                caps_copy (pk->best_caps, pk->work, pk->ncap);
            }
          break;
        case OP_JMP:
          stack[top++] = in->x;
          break;
        case OP_SPLIT:
          stack[top++] = in->y;
          stack[top++] = in->x;
          break;
        case OP_SAVE:
          if (in->arg < pk->ncap)
            {
              stack[top++] = -((((gint64) in->arg + 1) << 32) | (gint64) (guint32) (pk->work[in->arg] + 1));
              pk->work[in->arg] = (gint32) pos;
            }
          stack[top++] = in->x;
          break;
        default:
          break;
        }
    }
}

/* Whether a match can start at position I: some first instruction of
 * the pattern takes the token there.  (A thread that cannot take its
 * first token dies at once; not starting it saves its closure.) */
static gboolean
can_start (Pike *pk, guint32 i)
{
  for (guint32 k = 0; k < pk->n_first; k++)
    if (scanner_pred_holds (pk->sc, pk->sc->pack->insts[pk->first[k]].arg, pk->cls[i]))
      return TRUE;
  return FALSE;
}

/* The first position at or after I where a match can start, or
 * G_MAXUINT32: a match that starts at I or later ends at one of the ends
 * the DFA saw, at least MINLEN and at most MAXLEN tokens after its start.
 * I never decreases from one call to the next for one pattern.  (Not
 * starting threads where no match starts changes nothing: such a thread
 * never shares an instruction with one that goes on to match.) */
static guint32
next_start (Pike *pk, guint32 i)
{
  while (pk->next_end < pk->n_ends && (gint64) pk->ends[pk->next_end] < (gint64) i + pk->minlen)
    pk->next_end++;
  if (pk->next_end == pk->n_ends)
    return G_MAXUINT32;
  if (pk->maxlen < 0)
    return i;
  gint64 lb = (gint64) pk->ends[pk->next_end] - pk->maxlen;
  return lb > (gint64) i ? (guint32) lb : i;
}

/* The leftmost-longest match at or after FROM; FALSE if none. */
static gboolean
pike_search (Pike *pk, guint32 start_pc, guint32 from)
{
  const AccordPack *p = pk->sc->pack;
  pk->have = FALSE;
  pk->count[0] = pk->count[1] = 0;
  int cur = 0;
  for (guint32 i = from; i <= pk->n_ext; i++)
    {
      if (!pk->have && pk->count[cur] == 0)
        {
          i = next_start (pk, i);
          if (i > pk->n_ext)
            break;
        }
      /* Past the last end the DFA saw, no thread can match any more. */
      if (i > pk->ends[pk->n_ends - 1])
        break;
      /* Threads already in the list were added at step i by the previous
       * position; a new thread starting here comes last. */
      if (++pk->step == 0)
        {
          memset (pk->seen, 0, pk->seen_len * sizeof (guint32));
          pk->step = 1;
        }
      /* Re-mark the pcs already in the current list for deduplication. */
      for (guint32 k = 0; k < pk->count[cur]; k++)
        pk->seen[pk->pcs[cur][k] - pk->base] = pk->step;
      if (!pk->have && i < pk->n_ext && can_start (pk, i))
        {
          for (guint32 c = 0; c < pk->ncap; c++)
            pk->work[c] = -1;
          pike_add (pk, cur, start_pc, (gint32) i, i);
        }
      if (i == pk->n_ext || (pk->count[cur] == 0 && pk->have))
        break;
      if (pk->count[cur] == 0)
        continue;   /* nothing can start here: try the next position */
      int nxt = 1 - cur;
      pk->count[nxt] = 0;
      if (++pk->step == 0)
        {
          memset (pk->seen, 0, pk->seen_len * sizeof (guint32));
          pk->step = 1;
        }
      for (guint32 k = 0; k < pk->count[cur]; k++)
        {
          gint32 s = pk->starts[cur][k];
          if (pk->have && s > pk->best_start)
            break;   /* later starts can no longer win */
          const Inst *in = &p->insts[pk->pcs[cur][k]];
          if (!scanner_pred_holds (pk->sc, in->arg, pk->cls[i]))
            continue;
          if (pk->ncap)
            caps_copy (pk->work, pk->caps[cur] + (gsize) k * pk->ncap, pk->ncap);
          pike_add (pk, nxt, in->x, s, i + 1);
        }
      cur = nxt;
    }
  return pk->have;
}

static gint32
real_pos (gint32 ext, guint32 n)
{
  if (ext < 0)
    return -1;
  gint32 r = ext - 1;
  return r < 0 ? 0 : r > (gint32) n ? (gint32) n : r;
}

/* The edge from FROM to T, ADD tokens long, in the sweep of pattern_info:
 * a forward edge inside the fragment [BASE, END) carries the bounds on;
 * a backward one makes the pattern unbounded. */
static void
bound_edge (guint32 base, guint32 end, guint32 from, guint32 t, gint32 add, gint32 *lo, gint32 *hi,
            gboolean *back)
{
  if (t <= from)
    {
      *back = TRUE;
      return;
    }
  if (t >= end)
    return;   /* never in a well-formed pack, and the Pike VM ignores it */
  gint32 a = lo[from - base] + add, b = hi[from - base] + add;
  guint32 k = t - base;
  if (lo[k] < 0 || a < lo[k])
    lo[k] = a;
  if (b > hi[k])
    hi[k] = b;
}

/* What the Pike VM needs of pattern PAT, computed once per scanner: the
 * CONSUME instructions that begin it (the closure of its start in the
 * matching program), and the fewest and most tokens a match spans.
 * A fragment's jumps all go forward but the one that closes an unbounded
 * repetition, so one sweep in pc order gives both bounds; a backward
 * jump makes the most unbounded (the fewest stays right: going round a
 * loop again never saves a token). */
static const PatInfo *
pattern_info (AccordScanner *sc, guint32 pat)
{
  PatInfo *pi = &sc->info[pat];
  if (pi->ready)
    return pi;
  const AccordPack *p = sc->pack;
  guint32 base = g_array_index (p->starts, guint32, pat), end = sc->frag_end[pat];
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) stack = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GHashTable) seen = g_hash_table_new (NULL, NULL);
  g_array_append_val (stack, base);
  while (stack->len)
    {
      guint32 pc = g_array_index (stack, guint32, stack->len - 1);
      g_array_set_size (stack, stack->len - 1);
      if (pc >= end || !g_hash_table_add (seen, GUINT_TO_POINTER (pc + 1)))
        continue;
      const Inst *in = &p->insts[pc];
      if (in->op == OP_CONSUME)
        g_array_append_val (out, pc);
      else if (in->op == OP_SPLIT)
        {
          g_array_append_val (stack, in->y);
          g_array_append_val (stack, in->x);
        }
      else if (in->op == OP_JMP || in->op == OP_SAVE)
        g_array_append_val (stack, in->x);
    }
  pi->n_first = out->len;
  pi->first = (guint32 *) g_array_free (out, FALSE);

  guint32 len = end > base ? end - base : 0;
  g_autofree gint32 *lo = g_new (gint32, MAX (len, 1));
  g_autofree gint32 *hi = g_new (gint32, MAX (len, 1));
  for (guint32 k = 0; k < len; k++)
    lo[k] = hi[k] = -1;
  if (len)
    lo[0] = hi[0] = 0;
  gboolean back = FALSE;
  gint32 mn = -1, mx = -1;
  for (guint32 k = 0; k < len; k++)
    {
      if (lo[k] < 0)
        continue;
      guint32 pc = base + k;
      const Inst *in = &p->insts[pc];
      switch (in->op)
        {
        case OP_CONSUME:
          bound_edge (base, end, pc, in->x, 1, lo, hi, &back);
          break;
        case OP_SPLIT:
          bound_edge (base, end, pc, in->x, 0, lo, hi, &back);
          bound_edge (base, end, pc, in->y, 0, lo, hi, &back);
          break;
        case OP_JMP:
        case OP_SAVE:
          bound_edge (base, end, pc, in->x, 0, lo, hi, &back);
          break;
        case OP_MATCH:
          if (mn < 0 || lo[k] < mn)
            mn = lo[k];
          mx = MAX (mx, hi[k]);
          break;
        default:
          back = TRUE;   /* not in a matching program: assume nothing */
          break;
        }
    }
  pi->minlen = MAX (mn, 0);
  pi->maxlen = back ? -1 : mx;   /* also -1 when no MATCH is reached */
  pi->ready = TRUE;
  return pi;
}

/* All matches of pattern PAT (leftmost-longest, not overlapping); calls
 * back with each. */
static void
emit_match (gint32 start, gint32 end, const gint32 *cap_regs, guint32 ncaps, guint32 n_real, guint32 rule,
            gint32 veto, GArray *matches, GArray *caps, ScanVeto *veto_out)
{
  if (veto_out)
    {
      veto_out->start = (guint32) real_pos (start, n_real);
      veto_out->end = (guint32) real_pos (end, n_real);
      return;
    }
  ScanMatch m = { rule, (guint32) real_pos (start, n_real), (guint32) real_pos (end, n_real), veto,
                  caps ? caps->len : 0,
                  ncaps };
  for (guint32 c = 0; c < 2 * ncaps; c++)
    {
      gint32 v = real_pos (cap_regs[c], n_real);
      g_array_append_val (caps, v);
    }
  g_array_append_val (matches, m);
}

/* ENDS[0..N_ENDS): where the pattern's matches end, from the DFA pass. */
static void
pike_all (AccordScanner *sc, guint32 pat, guint32 ncaps, const guint32 *cls, guint32 n_ext,
          guint32 n_real, guint32 rule, gint32 veto, GArray *matches, GArray *caps,
          gboolean first_only, ScanVeto *veto_out, const guint32 *ends, guint32 n_ends)
{
  const PatInfo *pi = pattern_info (sc, pat);
  if (ncaps == 0 && pi->minlen > 0 && pi->maxlen == pi->minlen)
    {
      /* Every match spans the same number of tokens and there is nothing
       * to capture: the ends say it all.  The leftmost match is the one
       * that ends first, the next one the first that starts after it. */
      guint32 pos = 0, len = (guint32) pi->minlen;
      for (guint32 k = 0; k < n_ends; k++)
        {
          if (ends[k] < pos + len)
            continue;
          emit_match ((gint32) (ends[k] - len), (gint32) ends[k], NULL, 0, n_real, rule, veto, matches, caps,
                      veto_out);
          if (first_only)
            break;
          pos = ends[k];
        }
      return;
    }

  const AccordPack *p = sc->pack;
  guint32 start_pc = g_array_index (p->starts, guint32, pat);
  Pike pk = { 0 };
  pk.sc = sc;
  pk.base = start_pc;
  pk.len = sc->frag_end[pat] - start_pc;
  pk.ncap = 2 * ncaps;
  pk.cls = cls;
  pk.n_ext = n_ext;
  /* Scratch, kept by the scanner and grown to the largest fragment: a
   * thread per pc in each list, a stack of two entries and a restore per
   * pc. */
  PikeScratch *ps = &sc->pike;
  gsize ncap1 = MAX (pk.ncap, 1);
  if (ps->len < pk.len || ps->ncap < ncap1)
    {
      ps->len = MAX (ps->len, pk.len);
      ps->ncap = MAX (ps->ncap, ncap1);
      for (int l = 0; l < 2; l++)
        {
          ps->pcs[l] = g_renew (guint32, ps->pcs[l], ps->len);
          ps->starts[l] = g_renew (gint32, ps->starts[l], ps->len);
          ps->caps[l] = g_renew (gint32, ps->caps[l], ps->len * ps->ncap);
        }
      g_free (ps->seen);
      ps->seen = g_new0 (guint32, ps->len);
      ps->step = 0;
      ps->work = g_renew (gint32, ps->work, ps->ncap);
      ps->best_caps = g_renew (gint32, ps->best_caps, ps->ncap);
      ps->stack = g_renew (gint64, ps->stack, 3 * ps->len + 4);
    }
  for (int l = 0; l < 2; l++)
    {
      pk.pcs[l] = ps->pcs[l];
      pk.starts[l] = ps->starts[l];
      pk.caps[l] = ps->caps[l];
    }
  pk.seen = ps->seen;
  pk.seen_len = ps->len;
  pk.step = ps->step;
  pk.work = ps->work;
  pk.best_caps = ps->best_caps;
  pk.stack = ps->stack;
  pk.first = pi->first;
  pk.n_first = pi->n_first;
  if (n_ends == 0)
    return;   /* never: the pattern was hit */
  pk.ends = ends;
  pk.n_ends = n_ends;
  pk.minlen = pi->minlen;
  pk.maxlen = pi->maxlen;

  guint32 pos = 0;
  while (pos < n_ext && pike_search (&pk, start_pc, pos))
    {
      emit_match (pk.best_start, pk.best_end, pk.best_caps, ncaps, n_real, rule, veto, matches, caps, veto_out);
      if (first_only)
        break;
      pos = (guint32) MAX (pk.best_end, (gint32) pos + 1);
    }
  ps->step = pk.step;
}

gint
scan_match_compare (gconstpointer a, gconstpointer b, gpointer data)
{
  const AccordPack *p = data;
  const ScanMatch *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  gint32 px = p->rules[x->rule].priority, py = p->rules[y->rule].priority;
  if (px != py)
    return px > py ? -1 : 1;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Pattern M matches, ending at extended position END: the first time in
 * a sentence, M joins the hit patterns; with ENDS, the end is noted. */
static inline void
note_end (AccordScanner *sc, guint32 m, guint32 end, gboolean ends)
{
  PatHit *ph = &sc->pat_hit[m];
  if (ph->stamp != sc->stamp)
    {
      ph->stamp = sc->stamp;
      ph->slot = sc->hit->len;
      array_push_reserved (sc->hit, guint32, m);
    }
  if (ends)
    {
      guint32 ev[2] = { ph->slot, end };
      g_array_append_vals (sc->events, ev, 2);
    }
}

/* The events, grouped by hit pattern (a counting sort: each group stays
 * in ascending order of end). */
static void
group_ends (AccordScanner *sc)
{
  guint32 nh = sc->hit->len, ne = sc->events->len / 2;
  const guint32 *ev = (const guint32 *) sc->events->data;
  g_array_set_size (sc->ends_first, nh + 1);
  guint32 *first = (guint32 *) sc->ends_first->data;
  memset (first, 0, (nh + 1) * sizeof (guint32));
  for (guint32 k = 0; k < ne; k++)
    first[ev[2 * k] + 1]++;
  for (guint32 h = 0; h < nh; h++)
    first[h + 1] += first[h];
  g_array_set_size (sc->ends, ne);
  guint32 *ends = (guint32 *) sc->ends->data;
  /* Fill each group from its start, then move the starts back. */
  for (guint32 k = 0; k < ne; k++)
    ends[first[ev[2 * k]]++] = ev[2 * k + 1];
  for (guint32 h = nh; h > 0; h--)
    first[h] = first[h - 1];
  first[0] = 0;
}

/* Match group GI matched, and so did its rules, and its vetoes when
 * they are listed. */
static inline void
note_group (AccordScanner *sc, guint32 gi, guint32 end, gboolean ends)
{
  const AccordPack *p = sc->pack;
  ScanGroup *g = &sc->groups[gi];
  g->stamp = sc->stamp;
  guint32 n = sc->all_patterns ? g->n : g->n_rules;
  if (g->n == 1)
    {
      if (n)
        note_end (sc, g->first, end, ends);
      return;
    }
  const guint32 *pats = p->group_patterns + g->first;
  for (guint32 k = 0; k < n; k++)
    note_end (sc, pats[k], end, ends);
}

static const guint32 *
ends_of (AccordScanner *sc, guint32 m, guint32 *n)
{
  guint32 slot = sc->pat_hit[m].slot;
  const guint32 *first = (const guint32 *) sc->ends_first->data;
  *n = first[slot + 1] - first[slot];
  return (const guint32 *) sc->ends->data + first[slot];
}

/* The classes of the sentence TOKENS[0..N), framed by ^ and $, in
 * sc->cls_buf; returns them. */
static const guint32 *
sentence_classes (AccordScanner *sc, const char *text, const Token *tokens, guint n)
{
  array_set_len (sc->cls_buf, n + 2, &sc->cls_room);
  guint32 *cls = (guint32 *) sc->cls_buf->data;
  cls[0] = sc->bos;
  for (guint i = 0; i < n; i++)
    cls[i + 1] = token_class (sc, text, &tokens[i]);
  cls[n + 1] = sc->eos;
  return cls;
}

/* S, a state with DSTATE_MATCHES when it has MATCHes, reached at
 * extended position END: its MATCHes are noted; returns the state. */
static inline guint32
state_matches (AccordScanner *sc, Dfa *dfa, guint32 s, guint32 end, gboolean ends)
{
  if (G_LIKELY (!(s & DSTATE_MATCHES)))
    return s;
  s &= ~DSTATE_MATCHES;
  const DState *d = &dfa->states[s];
  const guint32 *groups = dfa->pool + d->first + d->n_pcs;
  for (guint32 k = 0; k < d->n_matches; k++)
    note_group (sc, groups[k], end, ends);
  return s;
}

/* The bits of a relevance mask for atoms other than the fixed ones. */
#define RELEV_WORDS (~((RELEV_ANY << 1) - 1))

/* The class of a token with the fixed atoms F only, made when first
 * needed. */
static guint32
dflt_class (AccordScanner *sc, guint32 f)
{
  if (G_UNLIKELY (sc->dflt[f] == ROW_UNSET))
    {
      g_autoptr (GArray) atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (guint32 a = 0; a < ATOM_N_FIXED; a++)
        if (f & (1u << a))
          g_array_append_val (atoms, a);
      sc->dflt[f] = intern_class (sc, atoms, TRUE);
    }
  return sc->dflt[f];
}

/* Factored: the class that stands for C in a step of a state of part X
 * whose relevance mask is RELEV.  Unless the state's threads name one of
 * C's atoms other than the fixed ones (RELEV's bits say they may, and
 * the part's list says it does), or C starts X again, each predicate of
 * the state holds for C exactly as for a token with only those fixed
 * atoms (positive ones name an atom of C or none; negated ones, the
 * same): C steps the state as that token's class does, and the state's
 * transitions are cached for that one class, not for each of the many
 * classes the state never names. */
static inline guint32
key_class (AccordScanner *sc, guint32 c, const TrigRow *cc, guint32 x, guint64 relev)
{
  if (!(cc->relev & RELEV_ANY))
    return c;   /* ^ or $ */
  if ((cc->special[x >> 6] >> (x & 63)) & 1)
    {
      gboolean named = (relev & cc->relev & RELEV_WORDS) != 0;
      for (guint32 k = cc->skip; k < cc->n && !named; k++)
        named = cc->t[k].part == x;
      if (named)
        return c;
    }
  return dflt_class (sc, cc->fixed & sc->part_fixed[x]);
}

/* Factored: the state that part T starts in on CLS (made when first
 * needed), with DSTATE_MATCHES when it has MATCHes. */
static guint32
trigger_state (AccordScanner *sc, Dfa *dfa, guint32 cls, Trigger *t)
{
  if (t->state == ROW_UNSET)
    {
      const GArray *start = g_ptr_array_index (dfa->start_succ, cls);
      guint32 id = intern_state (sc, dfa, (const guint32 *) start->data + 1 + t->first, t->n, FALSE);
      if (dfa->states[id].n_matches)
        id |= DSTATE_MATCHES;
      t->state = id;
      if (!dfa_may_grow (sc, dfa, 0))
        dfa->want_reset = TRUE;
    }
  return t->state;
}

/* Factored: what a step reads of class CLS, made ready. */
static inline const TrigRow *
class_row (AccordScanner *sc, Dfa *dfa, guint32 cls)
{
  if (G_UNLIKELY (!dfa->trig[cls].t))   /* detect_parts covered every class */
    start_closure (sc, dfa, cls);
  return &dfa->trig[cls];
}

/* Factored: empties the full cache between two steps, and makes again
 * the states in use: MAIN's and those of the N active parts ACT. */
static void
part_reset (AccordScanner *sc, Dfa *dfa, guint32 *main, guint64 *act, guint32 n)
{
  GArray *here = sc->here;
  g_array_set_size (here, 0);
  for (guint32 i = 0; i <= n; i++)
    {
      const DState *d = &dfa->states[i < n ? (guint32) act[i] : *main];
      g_array_append_val (here, d->n_pcs);
      g_array_append_vals (here, dfa->pool + d->first, d->n_pcs);
    }
  if (sc->life_misses * 2 > sc->life_steps)
    sc->thrashing = TRUE;
  sc->life_steps = sc->life_misses = 0;
  cache_reset (sc, dfa);
  const guint32 *h = (const guint32 *) here->data;
  for (guint32 i = 0; i <= n; i++)
    {
      guint32 id = intern_state (sc, dfa, h + 1, h[0], FALSE);
      if (i < n)
        act[i] = (act[i] & G_GUINT64_CONSTANT (0xffffffff00000000)) | id;
      else
        *main = id;
      h += 1 + h[0];
    }
  dfa->want_reset = FALSE;
}

/* Up to this many parts that went on are looked through, not stamped. */
#define PART_SEEN_SCAN 8

/* Factored: one pass over CLS[0..N_EXT) (see detect).  The active parts
 * are one list, stepped in place: a part that goes on is written back at
 * or before where it was read, and the parts a token starts follow. */
static void
detect_parts (AccordScanner *sc, Dfa *dfa, const guint32 *cls, guint32 n_ext, gboolean ends)
{
  guint64 *act = sc->act;
  guint32 main = 0, n_act = 0;
  gsize steps = n_ext;   /* a step per token, and one per part active */
  /* Every class of the sentence has a row and a quiet mark, so the
   * token loop reads them without a bound check. */
  trig_cover (dfa, sc->classes->len);
  for (guint32 i = 0; i < n_ext; i++)
    {
      if (!(main | n_act))
        {
          /* Nothing active: skip the tokens that start nothing (most
           * between the words rules are about). */
          while (i < n_ext && dfa->quiet[cls[i]])
            i++;
          if (i == n_ext)
            break;
        }
      gboolean was_quiet = !(main | n_act);
      guint32 c = cls[i], s;
      const TrigRow *cc = class_row (sc, dfa, c);
      /* An empty main part stays empty on a class that does not start it
       * (its first trigger is not the main part's). */
      if (main || cc->skip)
        {
          main = state_matches (sc, dfa, transition (sc, dfa, main, c), i + 1, ends);
          cc = &dfa->trig[c];   /* a miss may have moved the rows */
        }
      steps += n_act;
      guint32 nb = 0;
      for (guint32 j = 0; j < n_act; j++)
        {
          /* No thread goes on: the part is done, unless the token starts
           * it again (below). */
          guint32 x = (guint32) (act[j] >> 32), from = (guint32) act[j];
          StateHot *h = &dfa->hot[from];
          if (!(h->relev & cc->relev))
            continue;
          guint32 kc = key_class (sc, c, cc, x, h->relev);
          if (h->last_cls == kc)
            s = h->last_to;
          else
            {
              s = part_transition (sc, dfa, x, from, kc);
              /* A miss may have moved the states and the rows. */
              h = &dfa->hot[from];
              cc = &dfa->trig[c];
              h->last_cls = kc;
              h->last_to = s;
            }
          s = state_matches (sc, dfa, s, i + 1, ends);
          if (s)
            act[nb++] = (guint64) x << 32 | s;
        }
      guint32 nt = cc->n - cc->skip;
      if (nt)
        {
          /* The parts that went on are not started again: a few are
           * looked through, more are stamped. */
          Trigger *t = cc->t + cc->skip;
          guint32 kept = nb, stamp = 0;
          if (kept > PART_SEEN_SCAN)
            {
              if (G_UNLIKELY (++sc->part_stamp == 0))
                {
                  memset (sc->part_seen, 0, sc->n_parts * sizeof (guint32));
                  sc->part_stamp = 1;
                }
              stamp = sc->part_stamp;
              for (guint32 j = 0; j < kept; j++)
                sc->part_seen[act[j] >> 32] = stamp;
            }
          for (guint32 k = 0; k < nt; k++)
            {
              guint32 x = t[k].part;
              gboolean went_on = FALSE;
              if (kept > PART_SEEN_SCAN)
                went_on = sc->part_seen[x] == stamp;
              else
                for (guint32 j = 0; j < kept && !went_on; j++)
                  went_on = (guint32) (act[j] >> 32) == x;
              if (went_on)
                continue;
              s = state_matches (sc, dfa, trigger_state (sc, dfa, c, &t[k]), i + 1, ends);
              if (s)
                act[nb++] = (guint64) x << 32 | s;
            }
          sc->act_max = MAX (sc->act_max, nb);
        }
      n_act = nb;
      if (was_quiet && !(main | n_act))
        dfa->quiet[c] = 1;
      if (G_UNLIKELY (dfa->want_reset))
        part_reset (sc, dfa, &main, act, n_act);
    }
  sc->life_steps += steps;
}

/* One pass of the DFA over CLS[0..N_EXT): the patterns that match
 * somewhere, in sc->hit (sorted: rules, then vetoes when ALL); with ENDS,
 * where their matches end, grouped (ends_of).  Without ALL, the vetoes
 * are only known by their groups (veto_mark). */
static void
detect (AccordScanner *sc, const guint32 *cls, guint32 n_ext, gboolean ends, gboolean all)
{
  const AccordPack *p = sc->pack;
  if (++sc->stamp == 0)
    {
      for (guint32 m = 0; m < p->starts->len; m++)
        sc->pat_hit[m].stamp = 0;
      for (guint32 g = 0; g < p->n_groups; g++)
        sc->groups[g].stamp = 0;
      sc->stamp = 1;
    }
  sc->all_patterns = all;
  GArray *hit = sc->hit;
  array_truncate (hit, 0);
  array_truncate (sc->events, 0);
  Dfa *dfa = sc->dfa;
  if (dfa->nfa_mode)
    {
      g_autoptr (GArray) active = g_array_new (FALSE, FALSE, sizeof (guint32));
      for (guint32 i = 0; i < n_ext; i++)
        {
          nfa_step (sc, dfa, active, cls[i]);
          for (guint32 k = 0; k < active->len; k++)
            {
              guint32 pc = g_array_index (active, guint32, k);
              if (p->detect[pc].op == OP_MATCH)
                note_group (sc, p->detect[pc].arg, i + 1, ends);
            }
        }
      dfa->nfa_steps += n_ext;
      if (dfa->nfa_steps >= NFA_RETRY)
        {
          dfa->nfa_mode = FALSE;
          sc->life_steps = sc->life_misses = 0;
        }
    }
  else
    {
      if (sc->part_of)
        detect_parts (sc, dfa, cls, n_ext, ends);
      else
        {
          guint32 state = 0;
          for (guint32 i = 0; i < n_ext; i++)
            {
              state = state_matches (sc, dfa, transition (sc, dfa, state, cls[i]), i + 1, ends);
            }
          sc->life_steps += n_ext;
        }
      if (sc->thrashing)
        {
          /* Step the NFA for a while instead. */
          sc->thrashing = FALSE;
          cache_reset (sc, dfa);
          sc->life_steps = sc->life_misses = 0;
          dfa->nfa_mode = TRUE;
          dfa->nfa_steps = 0;
          sc->nfa_switches++;
        }
    }
  if (!hit->len)
    return;
  if (ends)
    group_ends (sc);
  guint32 *h = (guint32 *) hit->data, nh = hit->len;
  if (nh <= 64)
    {
      sort_u32 (h, nh);
      return;
    }
  /* Many hits (a big pack's vetoes often match together): in order from
   * a bitmap of the patterns, in time linear in their number. */
  guint64 *bits = sc->hit_bits;
  for (guint32 k = 0; k < nh; k++)
    bits[h[k] >> 6] |= G_GUINT64_CONSTANT (1) << (h[k] & 63);
  guint32 k = 0;
  for (guint32 w = 0; w < (sc->n_patterns + 63) / 64; w++)
    for (guint64 b = bits[w]; b; b &= b - 1)
      h[k++] = w * 64 + (guint32) __builtin_ctzll (b);
  memset (bits, 0, ((sc->n_patterns + 63) / 64) * sizeof (guint64));
}

/* For each rule hit, the first of its vetoes hit (sc->vetoed, -1 for
 * none); with VETOES, appends where each veto hit first matched (needs
 * the ends).  VETOED is kept at -1 between sentences: only the rules set
 * here are reset (veto_clear), so a sentence costs nothing per rule of
 * the pack. */
static void
veto_mark (AccordScanner *sc, const guint32 *cls, guint32 n_ext, guint n, GArray *vetoes)
{
  const AccordPack *p = sc->pack;
  GArray *hit = sc->hit;
  gint32 *vetoed = sc->vetoed;
  if (!sc->all_patterns)
    {
      /* Only rules were listed: each looks for its first veto hit. */
      for (guint i = 0; i < hit->len; i++)
        {
          guint32 r = g_array_index (hit, guint32, i);
          const PackRule *pr = &p->rules[r];
          for (guint32 v = pr->veto_first; v < pr->veto_first + pr->n_vetoes; v++)
            if (sc->groups[sc->pattern_group[p->n_rules + v]].stamp == sc->stamp)
              {
                vetoed[r] = (gint32) v;
                break;
              }
        }
      return;
    }
  for (guint i = 0; i < hit->len; i++)
    {
      guint32 m = g_array_index (hit, guint32, i);
      if (m < p->n_rules)
        continue;
      guint32 v = m - p->n_rules;
      guint32 r = p->vetoes[v].rule;
      if (vetoed[r] < 0 || (gint32) v < vetoed[r])
        vetoed[r] = (gint32) v;
      if (vetoes)
        {
          ScanVeto sv = { v, 0, 0 };
          guint32 ne;
          const guint32 *ends = ends_of (sc, m, &ne);
          pike_all (sc, m, 0, cls, n_ext, n, r, -1, NULL, NULL, TRUE, &sv, ends, ne);
          g_array_append_val (vetoes, sv);
        }
    }
}

static void
veto_clear (AccordScanner *sc)
{
  const AccordPack *p = sc->pack;
  GArray *hit = sc->hit;
  for (guint i = 0; i < hit->len; i++)
    {
      guint32 m = g_array_index (hit, guint32, i);
      sc->vetoed[m < p->n_rules ? m : p->vetoes[m - p->n_rules].rule] = -1;
    }
}

void
scanner_scan (AccordScanner *sc, const char *text, const Token *tokens, guint n, GArray *matches,
              GArray *caps, GArray *vetoes)
{
  const AccordPack *p = sc->pack;
  guint32 n_ext = n + 2;
  const guint32 *cls = sentence_classes (sc, text, tokens, n);

  /* One pass of the DFA: which patterns match somewhere, and where they
   * end; then the Pike VM, only for those, finds the spans. */
  detect (sc, cls, n_ext, TRUE, vetoes != NULL);
  GArray *hit = sc->hit;
  if (!hit->len)
    return;
  veto_mark (sc, cls, n_ext, n, vetoes);
  guint first = matches->len;
  for (guint i = 0; i < hit->len; i++)
    {
      guint32 m = g_array_index (hit, guint32, i);
      if (m >= p->n_rules)
        continue;
      guint32 ne;
      const guint32 *ends = ends_of (sc, m, &ne);
      pike_all (sc, m, caps ? p->rules[m].n_caps : 0, cls, n_ext, n, m, sc->vetoed[m], matches, caps, FALSE,
                NULL, ends, ne);
    }
  veto_clear (sc);
  if (matches->len > first)
    g_qsort_with_data ((guint8 *) matches->data + (gsize) first * sizeof (ScanMatch), (gint) (matches->len - first),
                       sizeof (ScanMatch), scan_match_compare, (gpointer) p);
}

void
scanner_scan_rules (AccordScanner *sc, const char *text, const Token *tokens, guint n, GArray *matches,
                    guint *room)
{
  const AccordPack *p = sc->pack;
  guint32 n_ext = n + 2;
  const guint32 *cls = sentence_classes (sc, text, tokens, n);
  detect (sc, cls, n_ext, FALSE, FALSE);
  GArray *hit = sc->hit;
  if (!hit->len)
    return;
  veto_mark (sc, cls, n_ext, n, NULL);
  guint room_local = 0;
  array_reserve_room (matches, hit->len, room ? room : &room_local);
  for (guint i = 0; i < hit->len; i++)
    {
      guint32 m = g_array_index (hit, guint32, i);
      if (m >= p->n_rules)
        break;   /* sorted: the vetoes come after the rules */
      ScanMatch sm = { m, 0, 0, sc->vetoed[m], 0, 0 };
      array_push_reserved (matches, ScanMatch, sm);
    }
  veto_clear (sc);
}

void
scanner_get_stats (AccordScanner *sc, ScannerStats *stats)
{
  stats->states = sc->dfa->n_states;
  stats->memory = sc->class_memory + sc->dfa->memory;
  stats->nfa_switches = sc->nfa_switches;
  stats->classes = sc->classes->len;
  stats->transitions = sc->transitions;
  stats->resets = sc->resets;
  stats->parts = sc->part_of ? sc->n_parts - 1 : 0;
  stats->parts_active_max = sc->act_max;
}
