/* A case that continues (continues.c): the passages after a hit in its
 * section fill a page that the query's own passages leave short. */
#ifndef SPOR_QUERY_CONTINUES_H
#define SPOR_QUERY_CONTINUES_H

#include "spor/query/index.h"
#include "spor/query/results.h"
#include "spor/text/status.h"

/* When out, the first page of query norm under o (offset 0, not
 * o->strict_phrases), holds fewer hits than o->limit, appends after them
 * the passages that follow each of the top few hits (not apart, under a
 * heading) in its document and section, at most a few a hit, the best
 * hit's first, each once and not a copy of a hit, under o's filters;
 * each marked spor_hit.continues. Nothing when norm excludes words or
 * filters by a field. out's counts stay the query's. */
spor_status cont_fill(spor_index *ix, const char *norm,
                      const spor_search_opts *o, spor_results *out,
                      spor_err *err);

#endif
