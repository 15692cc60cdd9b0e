/* The passages with a quoted phrase's words apart (match.h's
 * mt_answer): this file owns topping up a page that a query's phrases do
 * not fill, tier by tier, after the query's own passages, and the paging
 * through the tiers. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "spor/query/loosen.h"

/* Moves the hits of more, which lack the query's phrases, behind those
 * of out, ranked on from them, each marked apart. */
static spor_status append_apart(spor_results *out, spor_results *more,
                                const spor_search_opts *o, spor_err *err)
{
    if (!more->n)
        return SPOR_OK;
    spor_hit *h = realloc(out->hits, (out->n + more->n) * sizeof *h);
    if (!h)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    out->hits = h;
    for (size_t i = 0; i < more->n; i++) {
        spor_hit *d = &h[out->n];
        *d = more->hits[i];
        d->rank = o->offset + (unsigned)out->n + 1;
        d->apart = 1;
        out->n++;
    }
    out->explained |= more->explained;
    out->capped |= more->capped;
    /* The hits now belong to out. */
    free(more->hits);
    more->hits = NULL;
    more->n = 0;
    return SPOR_OK;
}

/* How many passages rq has under o up to o's page, its page holding n
 * hits: those skipped and shown, unless the page lies past them all, when
 * they are counted. */
static spor_status count_before(spor_index *ix, const prep_request *rq,
                                const spor_search_opts *o, size_t n,
                                unsigned *count, spor_err *err)
{
    *count = o->offset + (unsigned)n;
    if (n || !o->offset)
        return SPOR_OK;
    spor_search_opts co = *o;
    co.offset = 0;
    co.limit = o->offset;
    co.facets = 0;
    co.explain = 0;
    spor_results cr;
    spor_status st = mt_run(ix, rq, &co, &cr, err);
    if (!st) {
        *count = (unsigned)cr.n;
        spor_results_free(&cr);
    }
    return st;
}

/* One tier of the words apart: rq's passages after the *before shown in
 * the tiers above it, filling out's page (o's); *before grows by the
 * tier's passages. */
static spor_status add_tier(spor_index *ix, const prep_request *rq,
                            const spor_search_opts *o, unsigned *before,
                            spor_results *out, spor_err *err)
{
    spor_search_opts lo = *o;
    lo.offset = o->offset > *before ? o->offset - *before : 0;
    lo.limit = o->limit - (unsigned)out->n;
    lo.facets = 0;
    spor_results more;
    spor_err loose_err;
    spor_status st = mt_run(ix, rq, &lo, &more, &loose_err);
    /* The words apart may say nothing the parser can search for (a
     * phrase of stop words): the tier is empty. */
    if (st == SPOR_EQUERY)
        return SPOR_OK;
    if (st) {
        *err = loose_err;
        return st;
    }
    unsigned count = 0;
    st = count_before(ix, rq, &lo, more.n, &count, err);
    *before += count;
    if (!st)
        st = append_apart(out, &more, o, err);
    spor_results_free(&more);
    return st;
}

/* When the query's phrases have fewer passages than the page holds, the
 * page is filled with the passages the query itself does not match of the
 * query with its phrases loosened (loosen.h): first those with every word
 * of each phrase, in any form and order; then those with only some,
 * which list the words they lack (spor_hit.missing). out holds the hits
 * of rq for o's page; facets and the estimate stay those of the query. */
static spor_status top_up_apart(spor_index *ix, const prep_request *rq,
                                const spor_search_opts *o,
                                spor_results *out, spor_err *err)
{
    if (o->strict_phrases || !o->limit || out->n >= o->limit)
        return SPOR_OK;
    char *every = NULL, *some = NULL;
    size_t len = strlen(rq->norm);
    if (qry_loosen_phrases(rq->norm, len, 1, &every) ||
        qry_loosen_phrases(rq->norm, len, 0, &some)) {
        free(every);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (!every || !some) {
        free(every);
        free(some);
        return SPOR_OK;
    }
    prep_request tiers[2] = {*rq, *rq};
    tiers[0].norm = every;
    tiers[0].exclude = rq->norm;
    tiers[1].norm = some;
    tiers[1].exclude = rq->norm;
    tiers[1].exclude_also = every;
    tiers[0].phrases = tiers[1].phrases = rq->norm;
    unsigned before = 0;
    spor_status st = count_before(ix, rq, o, out->n, &before, err);
    for (size_t t = 0; t < 2 && !st && out->n < o->limit; t++)
        st = add_tier(ix, &tiers[t], o, &before, out, err);
    free(every);
    free(some);
    return st;
}

spor_status mt_answer(spor_index *ix, const prep_request *rq,
                      const spor_search_opts *o, spor_results *out,
                      spor_err *err)
{
    spor_status st = mt_run(ix, rq, o, out, err);
    if (!st)
        st = top_up_apart(ix, rq, o, out, err);
    if (st)
        spor_results_free(out);
    return st;
}
