/* Query preparation, shared inside the query layer: a query string made
 * into the Xapian query to run. The string is validated and normalised
 * ONCE, where a search enters (search.c, compare.c); everything below
 * takes the normalised text. Then Xapian's QueryParser reads its syntax,
 * qbuild.h expands its words, and the boost words, an exclusion and the
 * filters (filters.h) are combined in. */
#ifndef SPOR_QUERY_PREPARE_H
#define SPOR_QUERY_PREPARE_H

#include <stddef.h>
#include "index_priv.h"
#include "qbuild.h"
#include "spor/query/results.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "xapian_c.h"

/* Validates query and puts it through the document normaliser, so a query
 * word meets the word as it was indexed; refuses a query too long, with
 * too many words or wildcards, or not UTF-8 (SPOR_EQUERY). */
spor_status prep_normalise(const char *query, sbuf *norm, spor_err *err);

/* 1 when the normalised query filters by place itself (a place field of
 * filters.h, "sted:aarhus"), as the query parser will read it. */
int prep_has_place_field(const char *norm);

/* The normalised query with misspelt words corrected (spell.h): *out is
 * malloc'd, or NULL when nothing needs correcting. */
spor_status prep_suggest(spor_index *ix, const char *norm, char **out,
                         spor_err *err);

/* A query's misspelt words with what they probably mean. */
typedef struct prep_typos {
    qb_typo *v;
    size_t n;
} prep_typos;

/* The words where the corrected query meant differs from the query norm:
 * the correction replaces words one for one, so the two tokenise in step.
 * SPOR_ENOMEM (err untouched) when memory runs out. */
spor_status prep_typos_pair(const char *norm, const char *meant,
                            prep_typos *out);
void prep_typos_free(prep_typos *t);

/* One query to prepare, all text normalised. */
typedef struct prep_request {
    const char *norm;          /* the query */
    /* Words that add weight to what the query matches (AND_MAYBE, scaled
     * by o->boost_weight); NULL: the options' o->boost, normalised here,
     * or none. */
    const char *boost;
    const prep_typos *typos;   /* NULL: none */
    const char *exclude;       /* a query whose passages are left out, or
                                  NULL */
    const char *exclude_also;  /* another, or NULL */
    /* The query whose quoted phrases these words apart loosen (apart.c),
     * or NULL: a hit says which of the phrases' words it lacks. */
    const char *phrases;
} prep_request;

/* Parses the query norm and expands its words (qbuild.h): *q is the
 * caller's. ex (may be NULL) receives the expansion's items, typos (may
 * be NULL) the words that also match as the words meant. A query Xapian
 * cannot parse, or with nothing to search for, gives SPOR_EQUERY. */
spor_status prep_parse(spor_index *ix, const char *norm,
                       const spor_search_opts *o, qb_explain *ex,
                       const prep_typos *typos, xc_query **q, spor_err *err);

/* *q with o's filters applied (*q replaced). */
spor_status prep_filter(spor_index *ix, const spor_search_opts *o,
                        xc_query **q, spor_err *err);

/* The whole preparation of rq under o: parse and expand, boost, exclusion,
 * filters. *q is the caller's; ex as for prep_parse (the caller frees it,
 * also on failure). */
spor_status prep_query(spor_index *ix, const prep_request *rq,
                       const spor_search_opts *o, qb_explain *ex,
                       xc_query **q, spor_err *err);

#endif
