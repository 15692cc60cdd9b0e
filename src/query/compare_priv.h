/* Place-by-place answering for plain search, shared inside the query
 * layer: spor_search_places (search.c) hands compare.c a query that names
 * two or more places, so that BM25's taste for passages naming one place
 * often does not fill the page with one of them (compare.h says more). */
#ifndef SPOR_QUERY_COMPARE_PRIV_H
#define SPOR_QUERY_COMPARE_PRIV_H

#include "spor/doc/places.h"
#include "spor/query/index.h"
#include "spor/query/results.h"

/* The places the normalised query norm names, when it should be answered
 * place by place: two or more, and neither the query (a place field of
 * filters.h) nor o filters by place itself. named is empty otherwise. */
spor_status cmpr_places_named(spor_index *ix, const char *norm,
                              const spor_search_opts *o, pl_set *named,
                              spor_err *err);

/* Answers norm, which names the places named, place by place: the best
 * passage of each place in turn, each passage once. Spelling is settled
 * once for all places (unless o->no_spelling). out is empty on failure. */
spor_status cmpr_search_named(spor_index *ix, const char *norm,
                              const pl_set *named, const spor_search_opts *o,
                              spor_results *out, spor_err *err);

#endif
