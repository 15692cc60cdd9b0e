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
#include "coverage.h"
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
        st = schema_hit_record(&v, ix->zdict, ix->zdict_len, &cd->rec, err);
    if (!st && (st = check_doc_ord(ix, cd, err)))
        schema_record_free(&cd->rec);
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
            st = cov_apply(ix, &m->ex, &m->words, m->c, m->n, err);
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
        st = apply_prior(ix, &m->ex, c, n, err);
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
    if (!st && !o->keep_duplicates)
        st = uncount_all_folded(ix, m, matches, err);
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
    h->apart = cd->apart;
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
