/* Coverage (coverage.h): this file owns weighing each query word over the
 * candidates, one filtered subquery a word, and each candidate's share of
 * the query and the words it lacks. */
#include "coverage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headkey.h"
#include "spor/query/rank.h"

/* A candidate's docid and its place in the candidate array, sorted by
 * docid to find a match's candidate by binary search. */
typedef struct docid_pos {
    unsigned docid;
    size_t pos;
} docid_pos;

static int cmp_docid_pos(const void *a, const void *b)
{
    const docid_pos *x = a, *y = b;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* What matches the candidates and nothing else, so that a word's subquery
 * filtered by it scores only them: their docids (pos, in docid order),
 * which cost Xapian no look-up, on an index of one local shard; else the
 * OR of their id terms, one B-tree look-up each per word searched. */
static spor_status candidates_filter(spor_index *ix, const cand_passage *c,
                                     const docid_pos *pos, size_t n,
                                     xc_query **out, spor_err *err)
{
    xc_error xe;
    if (ix->set.n_parts == 1 && !ix->set.remote) {
        unsigned *docids = malloc((n ? n : 1) * sizeof *docids);
        if (!docids)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        for (size_t i = 0; i < n; i++)
            docids[i] = pos[i].docid;
        xc_status xs = xc_query_docids(ix->db, docids, n, out, &xe);
        free(docids);
        return xs ? ixh_fail(ix, "coverage", &xe, err) : SPOR_OK;
    }
    xc_query **ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++) {
        char term[SCHEMA_ID_MAX + 2];
        snprintf(term, sizeof term, SCHEMA_PREFIX_ID "%s", c[i].id);
        if (xc_query_term(term, 1, &ids[i], &xe))
            st = ixh_fail(ix, "coverage", &xe, err);
    }
    if (!st && xc_query_combine(XC_Q_OR, ids, n, 0, out, &xe))
        st = ixh_fail(ix, "coverage", &xe, err);
    for (size_t i = 0; i < n; i++)
        xc_query_free(ids[i]);
    free(ids);
    return st;
}

/* What one query word (items[0..n_items) of the expansion, all of one
 * word) adds to each candidate: weights[k] for candidate k, 0 when the
 * word does not match it. */
static spor_status word_weights(spor_index *ix, const qb_explain_item *items,
                                size_t n_items, xc_query *only,
                                const docid_pos *pos, size_t n,
                                double *weights, spor_err *err)
{
    xc_query **subs = malloc(n_items * sizeof *subs);
    if (!subs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_items; i++)
        subs[i] = items[i].q;
    xc_query *word = NULL, *f = NULL;
    xc_mset *ms = NULL;
    xc_error xe;
    spor_status st = SPOR_OK;
    xc_query *parts[2] = {NULL, only};
    if (xc_query_combine(XC_Q_OR, subs, n_items, 0, &word, &xe) ||
        !(parts[0] = word) ||
        xc_query_combine(XC_Q_FILTER, parts, 2, 0, &f, &xe) ||
        xc_db_search(ix->db, f, NULL, 0, (unsigned)n, &ms, &xe))
        st = ixh_fail(ix, "coverage", &xe, err);
    memset(weights, 0, n * sizeof *weights);
    for (unsigned i = 0; !st && i < xc_mset_size(ms); i++) {
        docid_pos key = {0, 0};
        double w = 0;
        if (xc_mset_get(ms, i, &key.docid, &w, &xe)) {
            st = ixh_fail(ix, "coverage", &xe, err);
            break;
        }
        const docid_pos *p = bsearch(&key, pos, n, sizeof *pos, cmp_docid_pos);
        if (p)
            weights[p->pos] = w;
    }
    xc_mset_free(ms);
    xc_query_free(f);
    xc_query_free(word);
    free(subs);
    return st;
}

/* A quoted phrase counts for a passage through its section heading only
 * when the heading names the phrase (hk_heading_has), not its words
 * apart: else the passage lacks the phrase (got 0) unless its own text
 * has it, which the phrase's other ways of matching say (without the
 * heading's). */
static spor_status heading_phrase_only(spor_index *ix, const qb_explain *ex,
                                       size_t i, size_t j,
                                       const cand_passage *c, size_t n,
                                       xc_query *only, const docid_pos *pos,
                                       double *got, size_t stride,
                                       spor_err *err)
{
    qb_explain_item *ways = malloc((j - i) * sizeof *ways);
    double *text = malloc(n * sizeof *text);
    sbuf a = SBUF_INIT, b = SBUF_INIT;
    size_t k = 0;
    spor_status st = ways && text ? SPOR_OK
                                  : spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t h = i; !st && h < j; h++)
        if (strcmp(ex->items[h].kind, QB_KIND_HEADING))
            ways[k++] = ex->items[h];
    for (size_t x = 0; !st && x < n; x++)
        text[x] = 0;
    if (!st && k)
        st = word_weights(ix, ways, k, only, pos, n, text, err);
    /* The phrase's key once, for every heading it is looked for in. */
    size_t words;
    if (!st && hk_key(ix->stemmer, ix->stops, ex->items[i].word,
                      strlen(ex->items[i].word), &b, &words))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t x = 0; !st && x < n; x++) {
        if (text[x] > 0 || got[x * stride] <= 0)
            continue;
        int has = hk_heading_has(ix->stemmer, ix->stops, c[x].rec.section,
                                 &b, &a);
        if (has < 0)
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        else if (!has)
            got[x * stride] = 0;
    }
    sbuf_free(&a);
    sbuf_free(&b);
    free(text);
    free(ways);
    return st;
}

/* What each word adds to each candidate (got, candidates × words), the
 * most it adds to any (top) and which candidates' section headings name
 * it (headed). */
static spor_status weigh_words(spor_index *ix, const qb_explain *ex,
                               const word_groups *g, const cand_passage *c,
                               size_t n, double *top, double *got,
                               unsigned char *headed, spor_err *err)
{
    docid_pos *pos = malloc(n * sizeof *pos);
    double *weights = malloc(n * sizeof *weights);
    xc_query *only = NULL;
    spor_status st = pos && weights
                         ? SPOR_OK
                         : spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st) {
        for (size_t k = 0; k < n; k++)
            pos[k] = (docid_pos){c[k].docid, k};
        qsort(pos, n, sizeof *pos, cmp_docid_pos);
        st = candidates_filter(ix, c, pos, n, &only, err);
    }
    for (size_t w = 0; !st && w < g->n; w++) {
        size_t i = g->start[w], j = g->start[w + 1];
        st = word_weights(ix, &ex->items[i], j - i, only, pos, n, weights,
                          err);
        for (size_t k = 0; !st && k < n; k++)
            got[k * g->n + w] = weights[k];
        int heading_way = 0;
        for (size_t h = i; !st && h < j; h++) {
            if (strcmp(ex->items[h].kind, QB_KIND_HEADING))
                continue;
            heading_way = 1;
            st = word_weights(ix, &ex->items[h], 1, only, pos, n, weights,
                              err);
            for (size_t k = 0; !st && k < n; k++)
                headed[k * g->n + w] |= weights[k] > 0;
        }
        if (!st && heading_way && g->phrase[w])
            st = heading_phrase_only(ix, ex, i, j, c, n, only, pos, &got[w],
                                     g->n, err);
        for (size_t k = 0; !st && k < n; k++) {
            if (got[k * g->n + w] > top[w])
                top[w] = got[k * g->n + w];
        }
    }
    xc_query_free(only);
    free(weights);
    free(pos);
    return st;
}

/* cov_apply (coverage.h): the words weighed, then each candidate's
 * share, then what each lacks. */
spor_status cov_apply(spor_index *ix, const qb_explain *ex, word_groups *g,
                      cand_passage *c, size_t n, spor_err *err)
{
    for (size_t i = 0; i < n; i++)
        c[i].coverage = 1.0;
    free(g->lacks);
    g->lacks = NULL;
    if (!g->n)
        return SPOR_OK;
    size_t cells = n * g->n;
    double *top = calloc(g->n, sizeof *top);
    double *got = calloc(cells ? cells : 1, sizeof *got);
    unsigned char *headed = calloc(cells ? cells : 1, 1);
    g->lacks = calloc(cells ? cells : 1, 1);
    spor_status st = top && got && headed && g->lacks
                         ? SPOR_OK
                         : spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st && n)
        st = weigh_words(ix, ex, g, c, n, top, got, headed, err);
    /* One candidate, or one word: nothing to rank by coverage. */
    for (size_t k = 0; !st && n >= 2 && g->n >= 2 && k < n; k++)
        c[k].coverage = rank_coverage(top, &got[k * g->n],
                                      &headed[k * g->n], g->n);
    if (!st && !g->absent_known)
        st = wg_find_absent(ix, ex, g, top, err);
    for (size_t k = 0; !st && k < n; k++) {
        for (size_t w = 0; w < g->n; w++) {
            int lacks = got[k * g->n + w] <= 0;
            /* A phrase whose words only the heading names is lacked
             * (apart), not missing: the passage has each of its words. */
            g->lacks[k * g->n + w] = lacks && !g->absent[w] &&
                                     !(g->phrase[w] && headed[k * g->n + w]) &&
                                     (top[w] > 0 ||
                                      (g->named && g->named[w]));
            c[k].apart |= lacks && g->phrase[w];
        }
        c[k].lacks = &g->lacks[k * g->n];
    }
    free(headed);
    free(got);
    free(top);
    return st;
}
