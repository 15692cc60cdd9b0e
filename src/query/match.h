/* The match and its ranking, shared inside the query layer: one prepared
 * query (prepare.h) run on the index, its candidates ranked by BM25 times
 * the prose prior and the coverage factor (rank.h), copies collapsed and
 * folded (collapse.h), one page of hits with highlights, a snippet and,
 * asked for, what each way of matching added; facets counted alongside;
 * and the passages with a phrase's words apart after those with it. */
#ifndef SPOR_QUERY_MATCH_H
#define SPOR_QUERY_MATCH_H

#include "index_priv.h"
#include "prepare.h"
#include "spor/query/results.h"

/* Runs rq under o: its page of hits, the estimate and facets, nothing
 * topped up (match.c). out is empty on failure. */
spor_status mt_run(spor_index *ix, const prep_request *rq,
                   const spor_search_opts *o, spor_results *out,
                   spor_err *err);

/* Answers rq under o for one spelling (o->no_spelling is not looked at):
 * o's page of hits, and when the query's phrases have fewer passages than
 * the page holds (and not o->strict_phrases), the passages with their
 * words apart after them (spor_hit.apart; loosen.h; apart.c). out is
 * empty on failure. rq->exclude must be NULL. */
spor_status mt_answer(spor_index *ix, const prep_request *rq,
                      const spor_search_opts *o, spor_results *out,
                      spor_err *err);

/* Whether the query norm as typed matches any passage under o's filters:
 * one match is enough, so nothing is read or ranked. */
spor_status mt_any(spor_index *ix, const char *norm,
                   const spor_search_opts *o, int *any, spor_err *err);

#endif
