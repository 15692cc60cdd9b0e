/* Searching an index (index.h): the query string goes through the same
 * normaliser as documents, then Xapian's QueryParser (with the stop list
 * stored in the index) and spor's word expansion, filters, BM25 over
 * passages with the prose prior, copies collapsed, highlights and a
 * snippet for each hit; a query without hits is retried with its spelling
 * corrected, a quoted phrase with fewer passages than the page is followed
 * by the passages with its words apart (loosen.h), and spor search's
 * query naming several places is answered place by place (compare.h). What a search is
 * asked and what it answers are results.h's. */
#ifndef SPOR_SEARCH_H
#define SPOR_SEARCH_H

#include "spor/query/index.h"
#include "spor/query/results.h"
#include "spor/text/status.h"

/* Runs query. An empty query or one with nothing to search for gives
 * SPOR_EQUERY; a query Xapian cannot parse likewise. */
spor_status spor_search(spor_index *ix, const char *query,
                        const spor_search_opts *o, spor_results *out,
                        spor_err *err);

/* spor search's entry: like spor_search, but a query that names two or
 * more places (and sets no place filter, in o or in the query) is
 * answered place by place, the best passage of each place in turn, each
 * passage once (compare.h). */
spor_status spor_search_places(spor_index *ix, const char *query,
                               const spor_search_opts *o, spor_results *out,
                               spor_err *err);

#endif
