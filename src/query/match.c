/* The match (match.h): this file owns running one prepared query on the
 * index and ranking what it finds: candidates fetched beyond the page,
 * each scored BM25 × the prose prior × the coverage factor (rank.h), the
 * page taken from them (copies folded, at most per_doc a document), and
 * each hit's highlights, snippet and explanation; then, when a query's
 * phrases do not fill the page, the passages with their words apart
 * ranked after them. */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "candidate.h"
#include "collapse.h"
#include "headkey.h"
#include "highlight.h"
#include "words.h"
#include "spor/store/hit_value.h"
#include "spor/query/loosen.h"
#include "spor/query/rank.h"

/* Candidates fetched beyond the page, so that the prose prior can lift a
 * passage from below the page into it: the prior at most halves a score
 * (rank.c), so a passage ranked well below the page by BM25 alone may
 * still belong on it. Copies need no room here, Xapian collapses them. */
#define CANDIDATE_FACTOR 3
#define CANDIDATE_EXTRA 20
/* The most candidates one query ranks. Scoring them for coverage filters
 * each query word by an OR of the candidates' id terms, and Xapian 1.4
 * recomputes an OR's bound each time a branch runs out, so the cost grows
 * with the square of the candidates (-n 40000 took 112 s). A page of
 * SPOR_MAX_RANKED passages (12,000 candidates) takes a few seconds; a
 * query that asks for more gets the passages these give, and
 * results.capped says so. */
#define MAX_CANDIDATES (SPOR_MAX_RANKED * CANDIDATE_FACTOR)
/* Coverages this close are equal (sums of floating-point shares). */
#define RANK_COVERAGE_EPSILON 1e-9
/* A score put just below another keeps nearly all of it: the passage
 * ranks next after it, not at the bottom. */
#define RANK_BELOW 0.999
/* A passage under a heading that is the query's phrase itself ("Social
 * innovation" for "social innovation") is about it even where it never
 * says it (a definition list, a case told under its name): its score
 * counts this much more. */
#define RANK_PHRASE_HEADING_LIFT 1.5

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

/* A candidate's document stays unread until the page needs it (take_hit,
 * the fallback of candidates_filter): its ordinal is only checked here. */
static spor_status check_doc_ord(spor_index *ix, const cand_passage *cd,
                                 spor_err *err)
{
    if (cd->rec.doc_ord < ix->docs.n)
        return SPOR_OK;
    return spor_fail(err, SPOR_EINDEX, "%s: index is damaged (passage of "
                     "an unknown document)", ix->dir);
}

/* A value that names a passage (its id, its group's key) into out, which
 * holds SCHEMA_ID_MAX; SPOR_EINDEX when it does not fit. */
static spor_status copy_name(spor_index *ix, const char *v, size_t len,
                             char out[SCHEMA_ID_MAX], spor_err *err)
{
    if (len >= SCHEMA_ID_MAX)
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged (a "
                         "passage's id or copy key too long)", ix->dir);
    memcpy(out, v, len);
    out[len] = '\0';
    return SPOR_OK;
}

/* Hit i of ms as candidate cd: its copy group from its collapse key, and
 * from its sort key, the hit value (hit_value.h), its id, its words'
 * compound splits, its prose measure and its record. */
static spor_status read_candidate(spor_index *ix, const xc_mset *ms,
                                  unsigned i, cand_passage *cd,
                                  spor_err *err)
{
    char *key = NULL, *val = NULL;
    size_t key_len = 0, val_len = 0;
    hit_view v;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (xc_mset_keys(ms, i, &key, &key_len, &val, &val_len, &xe))
        st = ixh_fail(ix, "reading a hit", &xe, err);
    else if (hitv_decode(val, val_len, &v))
        st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (a passage "
                       "without its hit value)", ix->dir);
    if (!st && !(st = copy_name(ix, v.id, v.id_len, cd->id, err)))
        st = copy_name(ix, key, key_len, cd->copy_key, err);
    if (!st && v.splits_len &&
        !(cd->splits = malloc(v.splits_len)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st && v.splits_len) {
        memcpy(cd->splits, v.splits, v.splits_len);
        cd->splits_len = v.splits_len;
    }
    if (!st)
        st = schema_record_decode_dict(v.record, v.record_len, ix->zdict,
                                       ix->zdict_len, &cd->rec, err);
    if (!st && (st = check_doc_ord(ix, cd, err)))
        schema_record_free(&cd->rec);
    if (!st) {
        /* As value 5 is stored: 9 bytes with the navigation mark, else 8 */
        size_t plen = v.nonprose[8] ? HITV_PROSE_LEN : 8;
        cd->rec.nonprose = schema_value_double((const char *)v.nonprose,
                                               plen);
        cd->rec.navigation =
            schema_value_navigation((const char *)v.nonprose, plen);
    }
    free(key);
    free(val);
    return st;
}

/* The first `want` matches of q as candidates, all they need brought by
 * the match itself (read_candidate): over remote shards a request per
 * candidate would be a round trip each. */
static spor_status fetch_candidates(spor_index *ix, const xc_query *q,
                                    const xc_search_opts *so,
                                    unsigned want, cand_passage **out,
                                    size_t *n_out, unsigned *estimated,
                                    spor_err *err)
{
    xc_mset *ms = NULL;
    xc_error xe;
    if (xc_db_search(ix->db, q, so, 0, want, &ms, &xe) != XC_OK)
        return ixh_fail(ix, "search failed", &xe, err);
    unsigned n = xc_mset_size(ms);
    *estimated = xc_mset_matches_estimated(ms);
    cand_passage *c = calloc(n ? n : 1, sizeof *c);
    spor_status st = c ? SPOR_OK
                       : spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (unsigned i = 0; i < n && !st; i++) {
        if (xc_mset_get(ms, i, &c[i].docid, &c[i].score, &xe))
            st = ixh_fail(ix, "reading a hit", &xe, err);
        else
            st = read_candidate(ix, ms, i, &c[i], err);
    }
    xc_mset_free(ms);
    if (!c)
        return st;
    /* On failure too: the records not read are empty, free-able. */
    *out = c;
    *n_out = n;
    return st;
}

static void free_candidates(cand_passage *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        schema_record_free(&c[i].rec);
        free(c[i].splits);
    }
    free(c);
}

static int cmp_candidate(const void *a, const void *b)
{
    const cand_passage *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* A contents, an agenda or a list of links (segment.h) repeats the words
 * of the sections it points at, and so can outscore them: it is put just
 * below the lowest prose passage that matches as much of the query. It
 * keeps its place above passages that match less. */
static void demote_navigation(cand_passage *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!c[i].rec.navigation)
            continue;
        double below = c[i].score;
        for (size_t j = 0; j < n; j++)
            if (!c[j].rec.navigation &&
                c[j].coverage >= c[i].coverage - RANK_COVERAGE_EPSILON &&
                c[j].score < below)
                below = c[j].score;
        if (below < c[i].score)
            c[i].score = below * RANK_BELOW;
    }
}

/* The passages under a heading that is the query's phrase itself
 * (headkey.h) are about it as a whole section is. */
static spor_status lift_phrase_headings(spor_index *ix, const qb_explain *ex,
                                        cand_passage *c, size_t n,
                                        spor_err *err)
{
    sbuf keys = SBUF_INIT, tmp = SBUF_INIT;
    spor_status st = hk_phrases(ix->stemmer, ix->stops, ex, &keys);
    for (size_t i = 0; !st && keys.len && i < n; i++) {
        int is = hk_heading_is(ix->stemmer, ix->stops, c[i].rec.section,
                               &keys, &tmp);
        if (is < 0)
            st = SPOR_ENOMEM;
        else if (is)
            c[i].score *= RANK_PHRASE_HEADING_LIFT;
    }
    sbuf_free(&keys);
    sbuf_free(&tmp);
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}

/* BM25 times the prose prior and the coverage factor, lifted under a
 * heading that is the phrase, navigation after prose, then the new
 * order. */
static spor_status apply_prior(spor_index *ix, const qb_explain *ex,
                               cand_passage *c, size_t n, spor_err *err)
{
    for (size_t i = 0; i < n; i++) {
        c[i].bm25 = c[i].score;
        c[i].prior = rank_prior(c[i].rec.nonprose);
        c[i].score *= c[i].prior * rank_coverage_factor(c[i].coverage);
    }
    spor_status st = lift_phrase_headings(ix, ex, c, n, err);
    if (st)
        return st;
    demote_navigation(c, n);
    if (n > 1)
        qsort(c, n, sizeof *c, cmp_candidate);
    return SPOR_OK;
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
        for (size_t k = 0; !st && k < n; k++) {
            got[k * g->n + w] = weights[k];
            if (weights[k] > top[w])
                top[w] = weights[k];
        }
        for (size_t h = i; !st && h < j; h++) {
            if (strcmp(ex->items[h].kind, QB_KIND_HEADING))
                continue;
            st = word_weights(ix, &ex->items[h], 1, only, pos, n, weights,
                              err);
            for (size_t k = 0; !st && k < n; k++)
                headed[k * g->n + w] |= weights[k] > 0;
        }
    }
    xc_query_free(only);
    free(weights);
    free(pos);
    return st;
}

/* Each candidate's coverage of the query (rank_coverage): which query
 * words it matches in any way, each word weighted by the most it adds to
 * any candidate, so that missing a rare word costs more than missing a
 * common one, and which its section heading names. The same weights say
 * which words each candidate lacks (g->lacks) and which words match no
 * candidate, of which those the index lacks too are g->absent. */
static spor_status apply_coverage(spor_index *ix, const qb_explain *ex,
                                  word_groups *g, cand_passage *c, size_t n,
                                  spor_err *err)
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
    for (size_t k = 0; !st && k < n; k++) {
        for (size_t w = 0; w < g->n; w++)
            g->lacks[k * g->n + w] = top[w] > 0 && got[k * g->n + w] <= 0;
        c[k].lacks = &g->lacks[k * g->n];
    }
    if (!st && !g->absent_known)
        st = wg_find_absent(ix, ex, g, top, err);
    free(headed);
    free(got);
    free(top);
    return st;
}

/* The weight of each way of matching in hit h: each subquery alone,
 * restricted to the passage. BM25 adds its terms' weights, so these sum
 * to the hit's BM25 score. */
static spor_status explain_hit(spor_index *ix, const qb_explain *ex,
                               spor_hit *h, spor_err *err)
{
    char qterm[SCHEMA_ID_MAX + 2];
    xc_query *only = NULL;
    xc_error xe;
    snprintf(qterm, sizeof qterm, SCHEMA_PREFIX_ID "%s", h->id);
    if (xc_query_term(qterm, 1, &only, &xe))
        return ixh_fail(ix, "explain", &xe, err);
    h->explain = calloc(ex->n ? ex->n : 1, sizeof *h->explain);
    spor_status st = h->explain ? SPOR_OK
                                : spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < ex->n && !st; i++) {
        xc_query *parts[2] = {ex->items[i].q, only}, *f = NULL;
        xc_mset *ms = NULL;
        double w = 0;
        if (xc_query_combine(XC_Q_FILTER, parts, 2, 0, &f, &xe) ||
            xc_db_search(ix->db, f, NULL, 0, 1, &ms, &xe) ||
            (xc_mset_size(ms) && xc_mset_get(ms, 0, NULL, &w, &xe))) {
            st = ixh_fail(ix, "explain", &xe, err);
        } else if (w > 0) {
            spor_explain_term *t = &h->explain[h->n_explain];
            if (!(t->word = strdup(ex->items[i].word)))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            else {
                t->kind = ex->items[i].kind;
                t->weight = w;
                h->n_explain++;
            }
        }
        xc_mset_free(ms);
        xc_query_free(f);
    }
    xc_query_free(only);
    return st;
}

/* One run of the match: the query as run, what ranks and highlights its
 * hits, and its candidates. */
typedef struct match_run {
    xc_query *q;
    qb_explain ex;     /* the expansion's items: coverage and explain */
    word_groups words; /* ex by word: coverage and the missing words */
    hl_terms terms;
    xc_search_opts so;
    fct_counter fc;    /* facet spies, with o->facets */
    cand_passage *c;   /* ranked, best first */
    size_t n;
    unsigned *per_doc; /* passages taken per document, with o->per_doc */
    long *copy_of;     /* clp_fold's answer, unless copies are kept */
    long *chain;       /* and its chains of folded copies */
    int capped;        /* 1: MAX_CANDIDATES cut what the page asked for */
} match_run;

/* The search's options: copies collapsed unless kept, facet spies. */
static spor_status set_up_search(spor_index *ix, const spor_search_opts *o,
                                 match_run *m, spor_err *err)
{
    spor_status st = SPOR_OK;
    xc_search_opts_default(&m->so);
    if (!o->keep_duplicates)
        m->so.collapse_slot = SCHEMA_SLOT_COPY;
    /* What each candidate needs comes with it as its sort key. Ties in
     * BM25 then go by this value rather than by docid, in one database
     * and in shards alike; they matter only where they straddle the end
     * of the candidates, and the candidates are ranked again below. */
    m->so.sort_value_slot = SCHEMA_SLOT_HIT;
    if (o->facets) {
        unsigned n_docs = 0;
        xc_error xe;
        /* Exact counts need every match seen, not only the first page. */
        if ((st = fct_counter_init(&m->fc, m->so.collapse_slot >= 0,
                                   err)) == SPOR_OK &&
            xc_db_doccount(ix->db, &n_docs, &xe) != XC_OK)
            st = ixh_fail(ix, "facets", &xe, err);
        m->so.check_at_least = n_docs;
    }
    /* Even without a page (facets only), look at one match, so that the
     * estimate is 0 only when nothing matches. */
    if (m->so.check_at_least < 1)
        m->so.check_at_least = 1;
    if (!st && o->per_doc &&
        !(m->per_doc = calloc(ix->docs.n ? ix->docs.n : 1,
                              sizeof *m->per_doc)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    return st;
}

/* The ranked candidates for o's page. With per_doc, a document's passages
 * beyond the limit are skipped later, so more may be needed: doubling
 * until the page fills or the matches run out. */
static spor_status fetch_ranked(spor_index *ix, const spor_search_opts *o,
                                match_run *m, unsigned *estimated,
                                spor_err *err)
{
    unsigned long page = (unsigned long)o->offset + o->limit;
    unsigned long need = page ? page * CANDIDATE_FACTOR + CANDIDATE_EXTRA : 0;
    unsigned want = need > MAX_CANDIDATES ? MAX_CANDIDATES : (unsigned)need;
    m->capped = need > MAX_CANDIDATES;
    for (;;) {
        spor_status st = fetch_candidates(ix, m->q, &m->so, want, &m->c,
                                          &m->n, estimated, err);
        if (!st)
            st = apply_coverage(ix, &m->ex, &m->words, m->c, m->n, err);
        if (!st)
            st = apply_prior(ix, &m->ex, m->c, m->n, err);
        if (st || !o->per_doc || m->n < want)
            return st;
        size_t kept = 0;
        memset(m->per_doc, 0, ix->docs.n * sizeof *m->per_doc);
        for (size_t i = 0; i < m->n; i++)
            kept += m->per_doc[m->c[i].rec.doc_ord]++ < o->per_doc;
        if (kept >= page || want >= MAX_CANDIDATES) {
            m->capped |= kept < page;
            return SPOR_OK;
        }
        free_candidates(m->c, m->n);
        m->c = NULL;
        m->n = 0;
        want = want * 2 > MAX_CANDIDATES ? MAX_CANDIDATES : want * 2;
    }
}

static spor_status count_facets(spor_index *ix, match_run *m,
                                spor_facets *out, spor_err *err)
{
    /* Document facets are shown by path: every entry may be needed. */
    spor_status st = ixh_load_all_docs(ix, err);
    /* Counted by a match of their own, without hit values: Xapian's
     * remote matcher let the spies of a match sorted by value count some
     * passages twice (København 27 where one database counts 25). */
    xc_search_opts so = m->so;
    so.sort_value_slot = -1;
    so.spies = m->fc.spies;
    so.n_spies = m->fc.n_spies;
    xc_mset *ms = NULL;
    xc_error xe;
    if (!st && xc_db_search(ix->db, m->q, &so, 0, 0, &ms, &xe))
        st = ixh_fail(ix, "facets", &xe, err);
    xc_mset_free(ms);
    if (!st)
        st = fct_collect(&m->fc, ix->db, m->q, &so, ix->gaz, &ix->docs,
                         ix->dir, out, err);
    return st;
}

/* Candidate i as hit h (its record moved into h), with the copies folded
 * into it (after those of its group, already in h), its highlights and
 * snippet, and with o->explain what matched. */
static spor_status take_hit(spor_index *ix, const spor_search_opts *o,
                            match_run *m, size_t i, spor_hit *h,
                            spor_err *err)
{
    cand_passage *cd = &m->c[i];
    /* The hit's document: the copies folded into it are named by their
     * ids, without theirs. */
    spor_status st = ixh_load_doc(ix, cd->rec.doc_ord, err);
    if (st)
        return st;
    h->score = cd->score;
    h->bm25 = cd->bm25;
    h->prior = cd->prior;
    h->coverage = cd->coverage;
    h->doc = &ix->docs.docs[cd->rec.doc_ord];
    schema_passage_id(h->doc->id, cd->rec.passage_ord, h->id);
    h->rec = cd->rec;
    memset(&cd->rec, 0, sizeof cd->rec);
    if (m->copy_of && clp_add_folded(m->c, m->chain, i, h))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st)
        st = snip_build(h->rec.text, h->rec.text_len, hl_match_word,
                        &m->terms, o->snippet_words, &h->snip, err);
    if (!st && o->explain)
        st = explain_hit(ix, &m->ex, h, err);
    if (!st)
        st = wg_flagged(&m->ex, &m->words, cd->lacks, &h->missing,
                           &h->n_missing, err);
    return st;
}

/* o's page of the ranked candidates: copies folded, at most o->per_doc
 * passages of a document, o->offset skipped. */
static spor_status fill_page(spor_index *ix, const spor_search_opts *o,
                             match_run *m, spor_results *out, spor_err *err)
{
    /* A page holds at most the candidates, whatever -n asked for. */
    size_t slots = o->limit < m->n ? o->limit : m->n;
    out->hits = calloc(slots ? slots : 1, sizeof *out->hits);
    if (!out->hits)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (m->per_doc)
        memset(m->per_doc, 0, ix->docs.n * sizeof *m->per_doc);
    if (!o->keep_duplicates &&
        (!(m->copy_of = malloc((m->n ? m->n : 1) * sizeof *m->copy_of)) ||
         !(m->chain = malloc((m->n ? m->n : 1) * sizeof *m->chain)) ||
         clp_fold(m->c, m->n, m->copy_of, m->chain)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    /* The page's candidates first, so that their words are matched in
     * one go (hl_prefetch). */
    size_t *page = malloc((slots ? slots : 1) * sizeof *page);
    const char **texts = malloc((slots ? slots : 1) * sizeof *texts);
    size_t *lens = malloc((slots ? slots : 1) * sizeof *lens);
    const char **splits = malloc((slots ? slots : 1) * sizeof *splits);
    size_t *split_lens = malloc((slots ? slots : 1) * sizeof *split_lens);
    spor_status st = page && texts && lens && splits && split_lens
                         ? SPOR_OK
                         : spor_fail(err, SPOR_ENOMEM, "out of memory");
    size_t n_page = 0;
    unsigned kept = 0;
    for (size_t i = 0; i < m->n && !st && n_page < slots; i++) {
        if (m->copy_of && m->copy_of[i] >= 0)
            continue;
        if (m->per_doc && m->per_doc[m->c[i].rec.doc_ord]++ >= o->per_doc)
            continue;
        if (kept++ < o->offset)
            continue;
        texts[n_page] = m->c[i].rec.text;
        lens[n_page] = m->c[i].rec.text_len;
        splits[n_page] = m->c[i].splits;
        split_lens[n_page] = m->c[i].splits_len;
        page[n_page++] = i;
    }
    if (!st && hl_prefetch(&m->terms, texts, lens, splits, split_lens,
                           n_page))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st && !o->keep_duplicates)
        st = clp_page_copies(ix, m->c, page, n_page, out->hits, err);
    for (size_t k = 0; k < n_page && !st; k++) {
        spor_hit *h = &out->hits[out->n];
        h->rank = o->offset + (unsigned)out->n + 1;
        out->n++;
        st = take_hit(ix, o, m, page[k], h, err);
    }
    free(split_lens);
    free(splits);
    free(lens);
    free(texts);
    free(page);
    return st;
}

static void match_run_free(match_run *m)
{
    free(m->per_doc);
    free(m->copy_of);
    free(m->chain);
    free_candidates(m->c, m->n);
    hl_terms_free(&m->terms);
    wg_free(&m->words);
    qb_explain_free(&m->ex);
    xc_query_free(m->q);
    fct_counter_free(&m->fc);
}

/* Runs rq under o: its page of hits, the estimate and facets. out is
 * empty on failure. */
static spor_status run_query(spor_index *ix, const prep_request *rq,
                             const spor_search_opts *o, spor_results *out,
                             spor_err *err)
{
    memset(out, 0, sizeof *out);
    match_run m;
    memset(&m, 0, sizeof m);
    /* The expansion's items are kept always: coverage needs them. */
    spor_status st = prep_query(ix, rq, o, &m.ex, &m.q, err);
    if (!st)
        st = wg_group(&m.ex, &m.words, err);
    if (!st)
        st = hl_terms_init(&m.terms, ix, m.q, err);
    if (!st)
        st = set_up_search(ix, o, &m, err);
    if (!st)
        st = fetch_ranked(ix, o, &m, &out->estimated, err);
    if (!st && o->facets)
        st = count_facets(ix, &m, &out->facets, err);
    if (!st)
        st = fill_page(ix, o, &m, out, err);
    if (!st)
        st = wg_flagged(&m.ex, &m.words, m.words.absent, &out->missing,
                           &out->n_missing, err);
    if (!st)
        st = wg_by_head(&m.ex, &out->by_head, &out->heads, &out->n_by_head,
                        err);
    /* Said only where the cut shows: a page that came out short. */
    out->capped = m.capped && m.n >= MAX_CANDIDATES && out->n < o->limit;
    match_run_free(&m);
    out->explained = o->explain;
    if (st)
        spor_results_free(out);
    return st;
}

spor_status mt_any(spor_index *ix, const char *norm,
                   const spor_search_opts *o, int *any, spor_err *err)
{
    xc_query *q = NULL;
    xc_mset *ms = NULL;
    xc_error xe;
    spor_status st = prep_parse(ix, norm, o, NULL, NULL, &q, err);
    if (!st)
        st = prep_filter(ix, o, &q, err);
    if (!st && xc_db_search(ix->db, q, NULL, 0, 1, &ms, &xe) != XC_OK)
        st = ixh_fail(ix, "search failed", &xe, err);
    if (!st)
        *any = xc_mset_size(ms) > 0;
    xc_mset_free(ms);
    xc_query_free(q);
    return st;
}

/* Moves the hits of more behind those of out, ranked on from them, each
 * marked as found with the phrases' words apart. */
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

/* How many passages the phrases of rq have in all, when out (o's page)
 * is empty because the page lies past them. */
static spor_status count_strict(spor_index *ix, const prep_request *rq,
                                const spor_search_opts *o,
                                const spor_results *out, unsigned *strict,
                                spor_err *err)
{
    *strict = o->offset + (unsigned)out->n;
    if (out->n || !o->offset)
        return SPOR_OK;
    spor_search_opts co = *o;
    co.offset = 0;
    co.limit = o->offset;
    co.facets = 0;
    co.explain = 0;
    spor_results cr;
    spor_status st = run_query(ix, rq, &co, &cr, err);
    if (!st) {
        *strict = (unsigned)cr.n;
        spor_results_free(&cr);
    }
    return st;
}

/* When the query's phrases have fewer passages than the page holds, the
 * page is filled with the passages of the query with its phrases loosened
 * (loosen.h) that the query itself does not match. out holds the hits of
 * rq for o's page; facets and the estimate stay those of the phrases. */
static spor_status top_up_apart(spor_index *ix, const prep_request *rq,
                                const spor_search_opts *o,
                                spor_results *out, spor_err *err)
{
    if (o->strict_phrases || !o->limit || out->n >= o->limit)
        return SPOR_OK;
    char *loose = NULL;
    if (qry_loosen_phrases(rq->norm, strlen(rq->norm), &loose))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!loose)
        return SPOR_OK;
    unsigned strict = 0;
    spor_status st = count_strict(ix, rq, o, out, &strict, err);
    spor_search_opts lo = *o;
    lo.offset = o->offset > strict ? o->offset - strict : 0;
    lo.limit = o->limit - (unsigned)out->n;
    lo.facets = 0;
    prep_request lq = *rq;
    lq.norm = loose;
    lq.exclude = rq->norm;
    spor_results more;
    if (!st) {
        spor_err loose_err;
        st = run_query(ix, &lq, &lo, &more, &loose_err);
        /* The words apart may say nothing the parser can search for (a
         * phrase of stop words): more is empty and the phrase's own hits
         * stand. */
        if (st == SPOR_EQUERY)
            st = SPOR_OK;
        else if (st)
            *err = loose_err;
    }
    if (!st) {
        st = append_apart(out, &more, o, err);
        spor_results_free(&more);
    }
    free(loose);
    return st;
}

spor_status mt_answer(spor_index *ix, const prep_request *rq,
                      const spor_search_opts *o, spor_results *out,
                      spor_err *err)
{
    spor_status st = run_query(ix, rq, o, out, err);
    if (!st)
        st = top_up_apart(ix, rq, o, out, err);
    if (st)
        spor_results_free(out);
    return st;
}
