/* What the query builder's files share (qbuild.h is its face to the rest
 * of the query layer): the rewrite's context, which carries the first
 * failure, the weights more than one file uses, and each file's entry
 * points. Only qbuild.c and qb_*.c include it. qbuild.c builds the tree
 * of ways a word or phrase matches; qb_node.c makes its nodes;
 * qb_compound.c adds a compound's parts and words typed apart;
 * qb_forms.c a word's inflected and derived forms; qb_meaning.c its
 * synonyms, place and number. */
#ifndef SPOR_QUERY_QB_INT_H
#define SPOR_QUERY_QB_INT_H

#include <stddef.h>

#include "qbuild.h"
#include "spor/text/buf.h"

/* A compound containing the word is about the word, but less squarely
 * than the word itself: "indsats" in "beskæftigelsesindsatsen". */
#define QB_PART_WEIGHT 0.5
/* Pairs looked at per query; a longer query is a paragraph pasted in, not
 * a compound typed apart. */
#define QB_MAX_JOINS 16

/* Two adjacent query words that the index has written as one word. */
typedef struct join_pair {
    char *first, *second; /* the query words */
    char *joined;         /* the word they make ("top" "600": "top600") */
} join_pair;

/* One expansion's state, passed to every step: the caller's context, a
 * buffer for building terms, the first failure (st; the wrapper's error
 * behind it in xerr) and the query's pairs written apart. */
typedef struct rw_ctx {
    const qb_context *c;
    sbuf term;
    xc_error xerr;
    spor_status st;
    join_pair joins[QB_MAX_JOINS];
    size_t n_joins;
} rw_ctx;

/* Every function below that returns a query returns NULL on failure with
 * r->st set, unless it says that NULL may also mean "none". */

/* In qb_node.c: query nodes. */

/* Records a failure of the Xapian wrapper, whose message is in r->xerr,
 * as r->st (through spor/store/xerror.h). */
void qb_xc_fail(rw_ctx *r);
/* Filter terms (a capital-letter prefix) are not words. */
int qb_is_filter_term(const char *t, size_t len);
/* The term prefix + t[0..len), its weight scaled by scale. */
xc_query *qb_term_query(rw_ctx *r, const char *prefix, const char *t,
                        size_t len, double scale);
/* "prefix" + stem of w[0..len). */
xc_query *qb_stem_query(rw_ctx *r, const char *prefix, const char *w,
                        size_t len);
/* Combines subs (consumed) with op. */
xc_query *qb_combine(rw_ctx *r, xc_query_op op, xc_query **subs, size_t n);
/* q (consumed; may be NULL) with its weight scaled by factor. */
xc_query *qb_scaled(rw_ctx *r, xc_query *q, double factor);
/* Frees the n queries in subs. */
void qb_free_all(xc_query **subs, size_t n);
/* Frees the queries in subs[0..n) that are set, and unsets them. */
void qb_free_set(xc_query **subs, size_t n);
/* Appends a copy of t to v (n of cap used) for a term callback: 1 (stop)
 * when v is full or the copy fails (*oom set). */
int qb_add_copy(char **v, size_t *n, size_t cap, int *oom, const char *t,
                size_t len);

/* In qb_compound.c: compounds. NULL may mean none. */

/* The parts of compound w written apart. */
xc_query *qb_parts_query(rw_ctx *r, const char *w, size_t len);
/* The phrase's words written as one word, when the index has it. */
xc_query *qb_joined_query(rw_ctx *r, const char *const *terms,
                          const size_t *lens, size_t n);
/* Finds the adjacent query words the index has as one word (r->joins). */
void qb_find_joins(rw_ctx *r, const xc_query *parsed);
/* The closed word of each pair w is half of. */
xc_query *qb_pair_query(rw_ctx *r, const char *w, size_t len);
/* The known head of w, when neither the index nor the word list has w
 * (so no split found its first part) and w is no typo (spell.h); its
 * offset in w in *head_at. */
xc_query *qb_head_query(rw_ctx *r, const char *w, size_t len,
                        size_t *head_at);

/* In qb_forms.c: a word's other forms. NULL may mean none. */

/* w's verb when w is an -ing noun, else the -ing nouns made from w. */
xc_query *qb_derived_query(rw_ctx *r, const char *w, size_t len);
/* w as a compound part, under each stem of its root. */
xc_query *qb_part_query(rw_ctx *r, const char *w, size_t len);
/* The OR of the index's forms of phrase word w. */
xc_query *qb_phrase_word_forms(rw_ctx *r, const char *w, size_t len);

/* In qb_meaning.c: what a word means. NULL may mean none. */

xc_query *qb_synonyms_query(rw_ctx *r, const char *w, size_t len);
xc_query *qb_place_query(rw_ctx *r, const char *w, size_t len);
xc_query *qb_number_query(rw_ctx *r, const char *w, size_t len);

#endif
