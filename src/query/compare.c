/* Place-by-place searching (see compare.h): this file owns one filtered
 * search per place, counts from the facet spies, and the merge that lets
 * plain search answer a query naming several places (compare_priv.h).
 * Spelling is settled once for the whole query: the places are all
 * searched for what was typed or all for the suggestion, never some for
 * one and some for the other. */
#include "spor/query/compare.h"
#include "compare_priv.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "placename.h"
#include "prepare.h"
#include "spor/text/list.h"
#include "spor/doc/places.h"

/* The weight of the whole query (place names included) added to a passage
 * that matches the query without the place names, in place-by-place
 * search. */
#define CMPR_PLACE_NAME_WEIGHT 1.0
/* Hits fetched per place, as a multiple of the page, before ranking the
 * passages about the asked places alone above the overviews. */
#define CMPR_RERANK_FACTOR 2
/* Places counted per hit when judging how specific it is; more is an
 * overview anyway. */
#define CMPR_MAX_ROOTS 16

void spor_comparison_free(spor_comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->groups[i].place);
        spor_results_free(&c->groups[i].res);
    }
    free(c->groups);
    free(c->suggestion);
    memset(c, 0, sizeof *c);
}

/* A spelling of the query, answered for all its places: fills the
 * caller's answer (freeing what an earlier call left there) and sets
 * *none when it found nothing anywhere. */
typedef spor_status (*spelling_fn)(void *ctx, const char *norm,
                                   const spor_search_opts *o, int *none,
                                   spor_err *err);

/* The spelling fallback of place-by-place answers: fn answers the query
 * as typed (norm) and, when that finds nothing anywhere and the spelling
 * table corrects it (first page only), the correction instead, with
 * *corrected set. *suggestion is the correction (malloc'd) or NULL, for
 * "Mente du". With o->no_spelling, only what was typed. */
static spor_status answer_spelled(spor_index *ix, const char *norm,
                                  const spor_search_opts *o, spelling_fn fn,
                                  void *ctx, char **suggestion,
                                  int *corrected, spor_err *err)
{
    char *sugg = NULL;
    spor_status st = o->no_spelling ? SPOR_OK
                                    : prep_suggest(ix, norm, &sugg, err);
    int none = 0;
    if (!st)
        st = fn(ctx, norm, o, &none, err);
    if (!st && none && sugg && o->offset == 0) {
        /* Nothing anywhere for what was typed: what was probably meant. */
        st = fn(ctx, sugg, o, &none, err);
        *corrected = 1;
    }
    if (st) {
        free(sugg);
        return st;
    }
    *suggestion = sugg;
    return SPOR_OK;
}

/* One search of norm as written, no place by place, under o. */
static spor_status answer(spor_index *ix, const char *norm,
                          const spor_search_opts *o, spor_results *out,
                          spor_err *err)
{
    prep_request rq = {norm, NULL, NULL, NULL, NULL, NULL};
    return mt_answer(ix, &rq, o, out, err);
}

static spor_status named_places(const pl_gazetteer *gaz, const char *query,
                                pl_set *out);
static spor_status strip_places(const pl_gazetteer *gaz, const char *norm,
                                sbuf *topic, int *has_words);

/* What a comparison searches in each place: the query's topic, which a
 * passage must match (and which its count counts), and the whole query,
 * which adds weight. */
typedef struct place_query {
    prep_request rq;
    sbuf topic;
    pl_set named;  /* the places the query names */
} place_query;

/* The topic of norm is norm without the place names it names outside
 * phrases and operators: within one place's passages a place name, as an
 * ordinary word, would match (and count) passages that only name a
 * place. A query of place names alone is its own topic. */
static spor_status place_query_init(const pl_gazetteer *gaz, const char *norm,
                                    place_query *pq, spor_err *err)
{
    memset(pq, 0, sizeof *pq);
    pq->rq.norm = norm;
    int has_words = 0;
    if (!gaz)
        return SPOR_OK;
    if (named_places(gaz, norm, &pq->named) ||
        (pq->named.n && strip_places(gaz, norm, &pq->topic, &has_words)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (has_words) {
        pq->rq.norm = pq->topic.data;
        pq->rq.boost = norm;
    }
    return SPOR_OK;
}

static void place_query_free(place_query *pq)
{
    sbuf_free(&pq->topic);
    pl_set_free(&pq->named);
}

/* The search of pq under o: the whole query weighs as search_named has
 * it. */
static spor_status answer_topic(spor_index *ix, const place_query *pq,
                                const spor_search_opts *o, spor_results *out,
                                spor_err *err)
{
    spor_search_opts to = *o;
    if (pq->rq.boost)
        to.boost_weight = CMPR_PLACE_NAME_WEIGHT;
    return mt_answer(ix, &pq->rq, &to, out, err);
}

/* The best o->limit passages about place, and how many there are. */
static spor_status search_place(spor_index *ix, const place_query *pq,
                                const char *place, const spor_search_opts *o,
                                spor_place_group *g, spor_err *err)
{
    spor_search_opts po = *o;
    po.places = place;
    po.facets = 1;
    spor_status st = answer_topic(ix, pq, &po, &g->res, err);
    if (st)
        return st;
    g->count = g->res.facets.total;
    spor_facets_free(&g->res.facets);
    return SPOR_OK;
}

static spor_status add_group(spor_comparison *c, size_t *cap,
                             const char *place, size_t len, spor_err *err)
{
    if (c->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        spor_place_group *p = realloc(c->groups, ncap * sizeof *p);
        if (!p)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        c->groups = p;
        *cap = ncap;
    }
    spor_place_group *g = &c->groups[c->n];
    memset(g, 0, sizeof *g);
    if (!(g->place = strndup(place, len)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    c->n++;
    return SPOR_OK;
}

/* The places named in list, as the gazetteer writes them. */
static spor_status given_places(const pl_gazetteer *gaz, const char *list,
                                spor_comparison *c, size_t *cap,
                                spor_err *err)
{
    const char *cur = list, *p;
    size_t n;
    spor_status st = SPOR_OK;
    while (!st && list_next(&cur, &p, &n)) {
        int id = pn_lookup(gaz, p, n);
        const char *name = id >= 0 ? pl_name(gaz, (unsigned)id) : p;
        st = add_group(c, cap, name, id >= 0 ? strlen(name) : n, err);
    }
    if (!st && c->n == 0)
        st = spor_fail(err, SPOR_EQUERY, "no places given in '%s'", list);
    return st;
}

/* 1 when the facet list also holds the parent of place (a district's
 * city), which then stands for it. */
static int parent_listed(const pl_gazetteer *gaz, const spor_facet_list *l,
                         const char *place)
{
    int id = gaz ? pl_lookup(gaz, place, strlen(place)) : -1;
    int parent = id >= 0 ? pl_parent(gaz, (unsigned)id) : -1;
    if (parent < 0)
        return 0;
    const char *pname = pl_name(gaz, (unsigned)parent);
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->items[i].value, pname))
            return 1;
    return 0;
}

/* The places with the most matching passages. */
static spor_status chosen_places(spor_index *ix, const place_query *pq,
                                 unsigned max_places,
                                 const spor_search_opts *o,
                                 spor_comparison *c, size_t *cap,
                                 spor_err *err)
{
    spor_search_opts fo = *o;
    fo.facets = 1;
    fo.limit = 0;
    fo.offset = 0;
    spor_results r;
    spor_status st = answer_topic(ix, pq, &fo, &r, err);
    if (st)
        return st;
    const pl_gazetteer *gaz = spor_index_gazetteer(ix);
    const spor_facet_list *l = &r.facets.places;
    for (size_t i = 0; i < l->n && c->n < max_places && !st; i++)
        if (!parent_listed(gaz, l, l->items[i].value))
            st = add_group(c, cap, l->items[i].value,
                           strlen(l->items[i].value), err);
    spor_results_free(&r);
    return st;
}

typedef struct compare_ctx {
    spor_index *ix;
    const char *places;
    unsigned max_places;
    spor_comparison *out;
} compare_ctx;

/* spelling_fn: spor_compare for one spelling of the query. */
static spor_status compare_once(void *ctx, const char *norm,
                                const spor_search_opts *o, int *none,
                                spor_err *err)
{
    compare_ctx *cc = ctx;
    spor_comparison *out = cc->out;
    spor_comparison_free(out);
    size_t cap = 0;
    unsigned max = cc->max_places ? cc->max_places : SPOR_COMPARE_DEFAULT_PLACES;
    const pl_gazetteer *gaz = spor_index_gazetteer(cc->ix);
    place_query pq;
    spor_status st = place_query_init(gaz, norm, &pq, err);
    if (st) {
        /* Failed already. */
    } else if (cc->places) {
        st = given_places(gaz, cc->places, out, &cap, err);
    } else if (pq.named.n >= 2) {
        /* The places the query names are those to compare. */
        for (size_t i = 0; i < pq.named.n && !st; i++) {
            const char *name = pl_name(gaz, pq.named.ids[i]);
            st = add_group(out, &cap, name, strlen(name), err);
        }
    } else {
        st = chosen_places(cc->ix, &pq, max, o, out, &cap, err);
    }
    for (size_t i = 0; i < out->n && !st; i++)
        st = search_place(cc->ix, &pq, out->groups[i].place, o,
                          &out->groups[i], err);
    place_query_free(&pq);
    if (st) {
        spor_comparison_free(out);
        return st;
    }
    unsigned matches = 0;
    for (size_t i = 0; i < out->n; i++)
        matches += out->groups[i].count;
    *none = matches == 0;
    return SPOR_OK;
}

spor_status spor_compare(spor_index *ix, const char *query,
                         const char *places, unsigned max_places,
                         const spor_search_opts *o, spor_comparison *out,
                         spor_err *err)
{
    memset(out, 0, sizeof *out);
    sbuf norm = SBUF_INIT;
    compare_ctx cc = {ix, places, max_places, out};
    spor_status st = prep_normalise(query, &norm, err);
    if (!st)
        st = answer_spelled(ix, norm.data, o, compare_once, &cc,
                            &out->suggestion, &out->corrected, err);
    sbuf_free(&norm);
    return st;
}

typedef struct free_names {
    const pl_gazetteer *gaz;
    pl_set *found;  /* the names in free stretches, or NULL */
    sbuf *rest;     /* the query without them, or NULL */
} free_names;

/* pn_stretch_fn: the place names of a free stretch, found or stripped; a
 * held one (a phrase, a word under an operator) stays as it is. */
static spor_status names_in(void *ctx, const char *s, size_t len, int held)
{
    free_names *fn = ctx;
    if (fn->found)
        return held ? SPOR_OK
                    : pl_find(fn->gaz, s, len, PL_FIND_ANY_CASE, fn->found);
    if (fn->rest->len && sbuf_append_char(fn->rest, ' '))
        return SPOR_ENOMEM;
    return held ? sbuf_append(fn->rest, s, len)
                : pl_strip(fn->gaz, s, len, PL_FIND_ANY_CASE, fn->rest);
}

/* norm without the place names in its free stretches, into topic
 * (NUL-terminated); *has_words says whether anything is left. */
static spor_status strip_places(const pl_gazetteer *gaz, const char *norm,
                                sbuf *topic, int *has_words)
{
    free_names fn = {gaz, NULL, topic};
    *has_words = 0;
    if (pn_each_stretch(norm, names_in, &fn) ||
        sbuf_append_char(topic, '\0'))
        return SPOR_ENOMEM;
    for (const char *p = topic->data; *p && !*has_words; p++)
        *has_words = *p != ' ';
    return SPOR_OK;
}

/* The places a query names outside phrases and operators: found by the
 * gazetteer in any case, leaving out a city that is there only as a named
 * district's parent. */
static spor_status named_places(const pl_gazetteer *gaz, const char *query,
                                pl_set *out)
{
    pl_set all = {0};
    free_names fn = {gaz, &all, NULL};
    spor_status st = pn_each_stretch(query, names_in, &fn);
    for (size_t i = 0; i < all.n && !st; i++) {
        int is_parent = 0;
        for (size_t k = 0; k < all.n; k++)
            if (pl_parent(gaz, all.ids[k]) == (int)all.ids[i])
                is_parent = 1;
        if (!is_parent)
            st = pl_set_add(out, all.ids[i]);
    }
    pl_set_free(&all);
    return st;
}

static int already_listed(const spor_results *r, const spor_hit *h)
{
    for (size_t i = 0; i < r->n; i++) {
        if (!strcmp(r->hits[i].id, h->id))
            return 1;
        for (size_t k = 0; k < r->hits[i].n_also_in; k++)
            if (!strcmp(r->hits[i].also_in[k], h->id))
                return 1;
    }
    return 0;
}

static int root_of(const pl_gazetteer *gaz, int id)
{
    while (id >= 0 && pl_parent(gaz, (unsigned)id) >= 0)
        id = pl_parent(gaz, (unsigned)id);
    return id;
}

/* 1 + how many places a hit is about (counting a district with its city)
 * besides those the query names: a passage about other cities too, like
 * an itinerary, is less about the ones asked for. */
static unsigned other_places(const pl_gazetteer *gaz, const pl_set *named,
                             const char *places)
{
    int roots[CMPR_MAX_ROOTS];
    unsigned n = 0;
    const char *cur = places, *p;
    size_t len;
    while (list_next(&cur, &p, &len)) {
        int id = root_of(gaz, pl_lookup(gaz, p, len));
        int asked = 0;
        for (size_t q = 0; q < named->n && !asked; q++)
            asked = root_of(gaz, (int)named->ids[q]) == id;
        unsigned k = 0;
        while (k < n && roots[k] != id)
            k++;
        if (!asked && k == n && n < CMPR_MAX_ROOTS)
            roots[n++] = id;
    }
    return n + 1;
}

/* Passages with the query's phrases before those with only their words
 * (spor_hit.apart), each by score. */
static int cmp_score(const void *a, const void *b)
{
    const spor_hit *x = a, *y = b;
    if (x->apart != y->apart)
        return x->apart - y->apart;
    return x->score > y->score ? -1 : x->score < y->score;
}

/* Ranks one place's hits by score over the square root of other_places,
 * and renumbers them. */
static void prefer_specific(const pl_gazetteer *gaz, const pl_set *named,
                            spor_results *r)
{
    for (size_t i = 0; i < r->n; i++)
        r->hits[i].score /= sqrt((double)other_places(gaz, named,
                                                      r->hits[i].rec.places));
    qsort(r->hits, r->n, sizeof *r->hits, cmp_score);
    for (size_t i = 0; i < r->n; i++)
        r->hits[i].rank = (unsigned)i + 1;
}

typedef struct turn_item {
    size_t group;
    double score;
} turn_item;

static int cmp_turn(const void *a, const void *b)
{
    const turn_item *x = a, *y = b;
    return x->score > y->score ? -1 : x->score < y->score;
}

/* Takes the places' hits in turns: the best of each place, then the second
 * best of each, and so on; within a turn, higher scores first. A passage
 * about two of the places is taken once. */
static spor_status merge_turns(spor_comparison *c, const spor_search_opts *o,
                               spor_results *out, spor_err *err)
{
    unsigned page = o->offset + o->limit;
    spor_results seen = {0};
    size_t *next = calloc(c->n ? c->n : 1, sizeof *next);
    turn_item *turn = calloc(c->n ? c->n : 1, sizeof *turn);
    seen.hits = calloc(page ? page : 1, sizeof *seen.hits);
    out->hits = calloc(o->limit ? o->limit : 1, sizeof *out->hits);
    if (!next || !turn || !seen.hits || !out->hits) {
        free(next);
        free(turn);
        free(seen.hits);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    /* Every place's passages with the query's phrases take their turns
     * before any passage with the phrases' words apart (spor_hit.apart),
     * which each place lists last. */
    for (int apart = 0; apart <= 1; apart++) {
        while (seen.n < page) {
            size_t m = 0;
            for (size_t g = 0; g < c->n; g++) {
                const spor_results *r = &c->groups[g].res;
                if (next[g] < r->n && r->hits[next[g]].apart <= apart)
                    turn[m++] = (turn_item){g, r->hits[next[g]].score};
            }
            if (m == 0)
                break;
            qsort(turn, m, sizeof *turn, cmp_turn);
            for (size_t k = 0; k < m && seen.n < page; k++) {
                spor_results *r = &c->groups[turn[k].group].res;
                spor_hit *h = &r->hits[next[turn[k].group]++];
                if (already_listed(&seen, h))
                    continue;
                seen.hits[seen.n++] = *h;
                memset(h, 0, sizeof *h);
            }
        }
    }
    for (size_t i = 0; i < seen.n; i++) {
        if (i < o->offset) {
            spor_hit_free(&seen.hits[i]);
            continue;
        }
        out->hits[out->n] = seen.hits[i];
        out->hits[out->n].rank = (unsigned)i + 1;
        out->n++;
    }
    free(seen.hits);
    free(next);
    free(turn);
    return SPOR_OK;
}

/* Place-by-place search of norm for the places it names (two or more),
 * for one spelling of the query. */
static spor_status search_named(spor_index *ix, const char *norm,
                                const pl_set *named,
                                const spor_search_opts *o, spor_results *out,
                                spor_err *err)
{
    const pl_gazetteer *gaz = spor_index_gazetteer(ix);
    memset(out, 0, sizeof *out);
    /* Within one place's passages the place names say little about the
     * topic: as ordinary words they would rank passages that only name
     * the places (an itinerary, a table of contents) above those about
     * the topic. So a passage must match the rest of the query, and the
     * names only add to its weight. */
    sbuf topic = SBUF_INIT;
    int has_words = 0;
    if (strip_places(gaz, norm, &topic, &has_words)) {
        sbuf_free(&topic);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    prep_request rq = {has_words ? topic.data : norm, NULL, NULL, NULL,
                       NULL, NULL};
    spor_comparison c = {0};
    size_t cap = 0;
    spor_status st = SPOR_OK;
    spor_search_opts po = *o;
    po.offset = 0;
    /* More than the page, so that specific passages can move up. */
    po.limit = (o->offset + o->limit) * CMPR_RERANK_FACTOR;
    po.facets = 0;
    if (has_words) {
        rq.boost = norm;
        po.boost_weight = CMPR_PLACE_NAME_WEIGHT;
    }
    for (size_t i = 0; i < named->n && !st; i++) {
        const char *name = pl_name(gaz, named->ids[i]);
        st = add_group(&c, &cap, name, strlen(name), err);
        po.places = name;
        if (!st)
            st = mt_answer(ix, &rq, &po, &c.groups[c.n - 1].res, err);
        if (!st) {
            prefer_specific(gaz, named, &c.groups[c.n - 1].res);
            /* An estimate for the whole: passages about two of the
             * places count twice. */
            out->estimated += c.groups[c.n - 1].res.estimated;
        }
    }
    if (!st)
        st = merge_turns(&c, o, out, err);
    if (!st && o->facets) {
        /* The passages the places' searches match, each once: the query's
         * in any of the places. */
        sbuf list = SBUF_INIT;
        for (size_t i = 0; i < named->n && !st; i++)
            if ((i && sbuf_append_char(&list, ',')) ||
                sbuf_append_str(&list, pl_name(gaz, named->ids[i])))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        spor_search_opts fo = po;
        fo.limit = 0;
        fo.offset = 0;
        fo.facets = 1;
        fo.places = list.data;
        spor_results fr;
        if (!st && (st = mt_answer(ix, &rq, &fo, &fr, err)) == SPOR_OK) {
            out->facets = fr.facets;
            out->estimated = fr.estimated;
            memset(&fr.facets, 0, sizeof fr.facets);
            spor_results_free(&fr);
        }
        sbuf_free(&list);
    }
    spor_comparison_free(&c);
    sbuf_free(&topic);
    if (st)
        spor_results_free(out);
    return st;
}

spor_status cmpr_places_named(spor_index *ix, const char *norm,
                              const spor_search_opts *o, pl_set *named,
                              spor_err *err)
{
    const pl_gazetteer *gaz = spor_index_gazetteer(ix);
    if (!gaz || (o->places && o->places[0]) || prep_has_place_field(norm))
        return SPOR_OK;
    if (named_places(gaz, norm, named)) {
        pl_set_free(named);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (named->n < 2)
        pl_set_free(named);
    return SPOR_OK;
}

typedef struct named_ctx {
    spor_index *ix;
    /* The places the query as typed names; NULL once it is answered. */
    const pl_set *named;
    spor_results *out;
} named_ctx;

/* spelling_fn: one spelling of a query that names several places. */
static spor_status answer_by_place(void *ctx, const char *norm,
                                   const spor_search_opts *o, int *none,
                                   spor_err *err)
{
    named_ctx *nc = ctx;
    const pl_set *named = nc->named;
    pl_set own = {0};
    spor_status st = SPOR_OK;
    spor_results_free(nc->out);
    nc->named = NULL;
    if (!named) {
        /* The correction: place by place again if it still names several
         * places. */
        st = cmpr_places_named(nc->ix, norm, o, &own, err);
        named = &own;
    }
    if (!st && named->n)
        st = search_named(nc->ix, norm, named, o, nc->out, err);
    else if (!st)
        st = answer(nc->ix, norm, o, nc->out, err);
    pl_set_free(&own);
    if (!st)
        *none = spor_results_none(nc->out, o);
    return st;
}

spor_status cmpr_search_named(spor_index *ix, const char *norm,
                              const pl_set *named, const spor_search_opts *o,
                              spor_results *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    named_ctx nc = {ix, named, out};
    return answer_spelled(ix, norm, o, answer_by_place, &nc,
                          &out->suggestion, &out->corrected, err);
}
