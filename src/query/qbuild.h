/* Query building: Xapian's QueryParser reads the query syntax (operators,
 * phrases, filters) with stemming off, and this module then replaces each
 * plain word of the parsed query with what a Danish searcher means by it:
 * its stem (any inflection, Scandinavian spellings folded), the exact form
 * typed (weighted up, so exact spellings rank first), and further
 * expansions that each weigh less than the word typed. A phrase matches
 * its words in any inflection, the phrase as typed weighing extra. */
#ifndef SPOR_QBUILD_H
#define SPOR_QBUILD_H

#include <stddef.h>
#include "spor/doc/places.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "spor/text/status.h"
#include "spor/text/wordlist.h"
#include "xapian_c.h"

/* Prefix of the index terms that mark a compound's parts (see schema.h). */
#define QB_PART_PREFIX "C"

typedef struct qb_opts {
    int synonyms; /* 1: expand with synonyms */
} qb_opts;

/* One way a query word can match, kept for --explain: the word, what kind
 * of match ("stem", "exact", "in compound", "synonym", ...) and the
 * subquery (its weight in a hit is its contribution to the score). */
/* The kind of the match in the section heading (search.c's coverage asks
 * for it by name). */
#define QB_KIND_HEADING "in heading"
/* The kind of the match of an unknown compound through its known head
 * (match.c reports such words by it). */
#define QB_KIND_HEAD "its head"

typedef struct qb_explain_item {
    char *word;
    const char *kind; /* static string */
    xc_query *q;
    char *head;       /* QB_KIND_HEAD: the head the word matched as */
} qb_explain_item;

typedef struct qb_explain {
    qb_explain_item *items;
    size_t n, cap;
} qb_explain;

void qb_explain_free(qb_explain *ex);

/* A query word that matched nothing and the word the spelling table
 * suggests for it (spell.h). */
typedef struct qb_typo {
    const char *typed, *meant;
} qb_typo;

typedef struct qb_context {
    xc_db *db;               /* borrowed */
    stem_stemmer *stemmer;   /* borrowed */
    const stop_list *stops;  /* borrowed */
    qb_opts opts;
    qb_explain *explain;     /* NULL, or filled with every match kind */
    /* Where synonyms come from: NULL for the index's synonym table
     * (xc_db_each_synonym); a sharded index reads its metadata copy
     * (shards.h), which remote shards serve too. */
    xc_status (*each_synonym)(xc_db *db, const char *term, xc_term_fn fn,
                              void *ctx, xc_error *err);
    /* The index's gazetteer (borrowed; NULL in an index without one): a
     * word naming a place also matches the passages tagged with it. */
    const pl_gazetteer *gaz;
    /* Misspelt words of a query that has hits without them: each also
     * matches as the word meant, below the words typed correctly. */
    const qb_typo *typos;
    size_t n_typos;
    /* The normalised query text, or NULL: a place name it holds under an
     * operator or in a phrase (placename.h) is the word alone, no place
     * tag ("NOT københavn" keeps the København passages that never
     * write it). */
    const char *query;
    /* The Danish word list (borrowed; may be NULL): the first part of a
     * compound searched by its head must be unknown to it too. */
    const wl_list *wordlist;
} qb_context;

/* Rewrites the parsed query (from a QueryParser with stemming off) into
 * the query to run. *out is the caller's. */
spor_status qb_expand(const qb_context *c, const xc_query *parsed,
                      xc_query **out, spor_err *err);

#endif
