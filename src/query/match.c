/* The match (match.h): this file owns running one prepared query on the
 * index and ranking what it finds: candidates fetched beyond the page,
 * each scored BM25 × the prose prior × the coverage factor (rank.h), the
 * page taken from them (copies folded, at most per_doc a document), and
 * each hit's highlights, snippet and explanation. The passages with a
 * phrase's words apart that follow are apart.c's. */
#include "match.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "candidate.h"
#include "collapse.h"
#include "highlight.h"
#include "words.h"
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
    if (!c) {
        xc_mset_free(ms);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    docid_pos *order = malloc((n ? n : 1) * sizeof *order);
    spor_status st = order ? SPOR_OK
                           : spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (unsigned i = 0; i < n && !st; i++) {
        if (xc_mset_get(ms, i, &c[i].docid, &c[i].score, &xe))
            st = ixh_fail(ix, "reading a hit", &xe, err);
        else
            order[i] = (docid_pos){c[i].docid, i};
    }
    /* Read in docid order, Xapian's cursors on the record table and the
     * value stream find the next hit often in the block they hold. */
    if (!st && n > 1)
        qsort(order, n, sizeof *order, cmp_docid_pos);
    for (unsigned i = 0; i < n && !st; i++) {
        char *data = NULL, *prose = NULL;
        size_t len = 0, prose_len = 0;
        cand_passage *cd = &c[order[i].pos];
        /* With the record, the prose measure stored at indexing (none
         * stored means 0: prose). */
        if (xc_db_get_hit(ix->db, cd->docid, &data, &len,
                          SCHEMA_SLOT_NONPROSE, &prose, &prose_len, &xe)) {
            st = ixh_fail(ix, "reading a hit", &xe, err);
            break;
        }
        st = schema_record_decode_dict(data, len, ix->zdict, ix->zdict_len,
                                       &cd->rec, err);
        free(data);
        if (!st && (st = check_doc_ord(ix, cd, err)))
            schema_record_free(&cd->rec);
        if (!st)
            cd->rec.nonprose = schema_value_double(prose, prose_len);
        free(prose);
    }
    free(order);
    xc_mset_free(ms);
    /* On failure too: the records not read are empty, free-able. */
    *out = c;
    *n_out = n;
    return st;
}

static void free_candidates(cand_passage *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        schema_record_free(&c[i].rec);
    free(c);
}

/* Passages with the query's phrases first (spor_hit.apart), then by
 * score. */
static int cmp_candidate(const void *a, const void *b)
{
    const cand_passage *x = a, *y = b;
    if (x->apart != y->apart)
        return x->apart - y->apart;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* BM25 times the prose prior and the coverage factor, then the new
 * order (cmp_candidate). */
static void apply_prior(cand_passage *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c[i].bm25 = c[i].score;
        c[i].prior = rank_prior(c[i].rec.nonprose);
        c[i].score *= c[i].prior * rank_coverage_factor(c[i].coverage);
    }
    if (n > 1)
        qsort(c, n, sizeof *c, cmp_candidate);
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
        char id[SCHEMA_ID_MAX], term[SCHEMA_ID_MAX + 2];
        if ((st = ixh_load_doc(ix, c[i].rec.doc_ord, err)))
            break;
        schema_passage_id(ix->docs.docs[c[i].rec.doc_ord].id,
                          c[i].rec.passage_ord, id);
        snprintf(term, sizeof term, SCHEMA_PREFIX_ID "%s", id);
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
 * which words match no candidate, of which those the index lacks are
 * g->absent, which words each candidate lacks of those some candidate
 * has or g->named names (g->lacks), and whether it lacks a quoted phrase
 * (apart). */
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
    if (!st && !g->absent_known)
        st = wg_find_absent(ix, ex, g, top, err);
    for (size_t k = 0; !st && k < n; k++) {
        for (size_t w = 0; w < g->n; w++) {
            int lacks = got[k * g->n + w] <= 0;
            g->lacks[k * g->n + w] = lacks && !g->absent[w] &&
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
    if (o->facets) {
        unsigned n_docs = 0;
        xc_error xe;
        /* Exact counts need every match seen, not only the first page. */
        if ((st = fct_counter_init(&m->fc, m->so.collapse_slot >= 0,
                                   err)) == SPOR_OK &&
            xc_db_doccount(ix->db, &n_docs, &xe) != XC_OK)
            st = ixh_fail(ix, "facets", &xe, err);
        m->so.spies = m->fc.spies;
        m->so.n_spies = m->fc.n_spies;
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
            apply_prior(m->c, m->n);
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
        m->so.spies = NULL; /* counted once is enough */
        m->so.n_spies = 0;
    }
}

/* Copies the collapse missed, folded among the ranked candidates
 * (clp_fold), unless o keeps copies. */
static spor_status fold_copies(const spor_search_opts *o, match_run *m,
                               spor_err *err)
{
    size_t n = m->n ? m->n : 1;
    if (!o->keep_duplicates &&
        (!(m->copy_of = malloc(n * sizeof *m->copy_of)) ||
         !(m->chain = malloc(n * sizeof *m->chain)) ||
         clp_fold(m->c, m->n, m->copy_of, m->chain)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* Takes the candidates c[0..n) folded as copies (copy_of) out of the
 * facet counts. */
static spor_status uncount_folded(spor_index *ix, fct_counter *fc,
                                  const cand_passage *c, size_t n,
                                  const long *copy_of, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++) {
        if (copy_of[i] < 0)
            continue;
        char *val = NULL;
        size_t len = 0;
        xc_error xe;
        if (xc_db_get_hit(ix->db, c[i].docid, NULL, NULL, SCHEMA_SLOT_FACETS,
                          &val, &len, &xe) != XC_OK) {
            /* A passage without the value was not counted either. */
            if (xe.status != XC_ENOTFOUND)
                st = ixh_fail(ix, "facets", &xe, err);
        } else if (len) {
            st = fct_counter_fold(fc, val, len, err);
        }
        free(val);
    }
    return st;
}

/* The copies folded among all `matches` passages the query matches (at
 * most MAX_CANDIDATES), out of the facet counts, so that they count what
 * paging through the hits lists: the page's candidates when they are
 * all, else all fetched once more and ranked by BM25 and the prose prior
 * alone (coverage costs a query per word over all of them, and its
 * order seldom decides which of two copies is folded into the other). */
static spor_status uncount_all_folded(spor_index *ix, match_run *m,
                                      unsigned matches, spor_err *err)
{
    if (m->n >= matches)
        return uncount_folded(ix, &m->fc, m->c, m->n, m->copy_of, err);
    xc_search_opts so = m->so;
    so.spies = NULL;
    so.n_spies = 0;
    cand_passage *c = NULL;
    size_t n = 0;
    unsigned estimated = 0;
    long *copy_of = NULL, *chain = NULL;
    spor_status st = fetch_candidates(
        ix, m->q, &so, matches > MAX_CANDIDATES ? MAX_CANDIDATES : matches,
        &c, &n, &estimated, err);
    for (size_t i = 0; !st && i < n; i++)
        c[i].coverage = 1.0;
    if (!st)
        apply_prior(c, n);
    if (!st && (!(copy_of = malloc((n ? n : 1) * sizeof *copy_of)) ||
                !(chain = malloc((n ? n : 1) * sizeof *chain)) ||
                clp_fold(c, n, copy_of, chain)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st)
        st = uncount_folded(ix, &m->fc, c, n, copy_of, err);
    free(copy_of);
    free(chain);
    free_candidates(c, n);
    return st;
}

/* The facets of the matching passages, copies counted once as the hits
 * list them (facets.h). */
static spor_status count_facets(spor_index *ix, const spor_search_opts *o,
                                match_run *m, unsigned matches,
                                spor_facets *out, spor_err *err)
{
    /* Document facets are shown by path: every entry may be needed. */
    spor_status st = ixh_load_all_docs(ix, err);
    if (!st && !o->keep_duplicates)
        st = uncount_all_folded(ix, m, matches, err);
    if (!st)
        st = fct_collect(&m->fc, ix->db, m->q, &m->so, ix->gaz, &ix->docs,
                         ix->dir, out, err);
    return st;
}

/* Candidate i as hit h (its record moved into h), with its copies, its
 * highlights and snippet, and with o->explain what matched. */
static spor_status take_hit(spor_index *ix, const spor_search_opts *o,
                            match_run *m, size_t i, spor_hit *h,
                            spor_err *err)
{
    cand_passage *cd = &m->c[i];
    /* The documents of the hit and of the copies folded into it. */
    spor_status st = ixh_load_doc(ix, cd->rec.doc_ord, err);
    for (long j = m->chain ? m->chain[i] : -1; j >= 0 && !st; j = m->chain[j])
        st = ixh_load_doc(ix, m->c[j].rec.doc_ord, err);
    if (st)
        return st;
    h->score = cd->score;
    h->bm25 = cd->bm25;
    h->prior = cd->prior;
    h->coverage = cd->coverage;
    h->apart = cd->apart;
    h->doc = &ix->docs.docs[cd->rec.doc_ord];
    schema_passage_id(h->doc->id, cd->rec.passage_ord, h->id);
    h->rec = cd->rec;
    memset(&cd->rec, 0, sizeof cd->rec);
    if (!o->keep_duplicates)
        st = clp_group_copies(ix, cd->docid, h, err);
    if (!st && m->copy_of &&
        clp_add_folded(ix, m->c, m->chain, i, h))
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

/* o's page of the ranked candidates: copies folded (fold_copies), at
 * most o->per_doc passages of a document, o->offset skipped. */
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
    /* The page's candidates first, so that their words are matched in
     * one go (hl_prefetch). */
    size_t *page = malloc((slots ? slots : 1) * sizeof *page);
    const char **texts = malloc((slots ? slots : 1) * sizeof *texts);
    size_t *lens = malloc((slots ? slots : 1) * sizeof *lens);
    spor_status st = page && texts && lens
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
        page[n_page++] = i;
    }
    if (!st && hl_prefetch(&m->terms, texts, lens, n_page))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t k = 0; k < n_page && !st; k++) {
        spor_hit *h = &out->hits[out->n];
        h->rank = o->offset + (unsigned)out->n + 1;
        out->n++;
        st = take_hit(ix, o, m, page[k], h, err);
    }
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

/* Flags in g->named the words of the quoted phrases of phrases: a passage
 * of the words apart that lacks one says so, even when no candidate has
 * it (a place whose passages never name it). Not every word: one the
 * query excludes matches no candidate either. */
static spor_status name_phrase_words(const char *phrases, const qb_explain *ex,
                                     word_groups *g, spor_err *err)
{
    if (!(g->named = calloc(g->n ? g->n : 1, 1)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t w = 0; w < g->n; w++)
        g->named[w] = (unsigned char)qry_phrase_has_word(
            phrases, strlen(phrases), ex->items[g->start[w]].word);
    return SPOR_OK;
}

spor_status mt_run(spor_index *ix, const prep_request *rq,
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
    /* Only a quoted phrase makes a passage without it apart. */
    if (!st && !qry_has_quotes(rq->norm, strlen(rq->norm)))
        memset(m.words.phrase, 0, m.words.n);
    if (!st && rq->phrases)
        st = name_phrase_words(rq->phrases, &m.ex, &m.words, err);
    if (!st)
        st = hl_terms_init(&m.terms, ix, m.q, err);
    if (!st)
        st = set_up_search(ix, o, &m, err);
    if (!st)
        st = fetch_ranked(ix, o, &m, &out->estimated, err);
    if (!st)
        st = fold_copies(o, &m, err);
    if (!st && o->facets)
        st = count_facets(ix, o, &m, out->estimated, &out->facets, err);
    if (!st)
        st = fill_page(ix, o, &m, out, err);
    if (!st)
        st = wg_flagged(&m.ex, &m.words, m.words.absent, &out->missing,
                           &out->n_missing, err);
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
