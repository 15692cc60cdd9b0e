/* A case that continues (continues.h): this file owns filling a page
 * that the query's own passages leave short with the passages that
 * follow its hits in their sections, which go on about what a hit names
 * (a project, a place, an estate) without naming it again. They are read
 * by their id terms, as spor show reads a passage's neighbours. */
#include "continues.h"

#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "spor/text/buf.h"

/* How many passages after one hit may continue it: the next few
 * passages of a section go on about its case; further on a section has
 * often moved on to another, and one hit's section should not fill the
 * page alone. */
#define CONTINUE_PER_HIT 3
/* The hits continued: the top ones, whose case the query most likely
 * names; a long page of weak hits is not to be doubled by their
 * sections. */
#define CONTINUE_HITS 3

/* 1 when the page already holds passage id, or a copy of text. */
static int on_page(const spor_results *out, const spor_hit *c)
{
    for (size_t i = 0; i < out->n; i++) {
        const spor_hit *h = &out->hits[i];
        if (!strcmp(h->id, c->id) ||
            (h->rec.text_len == c->rec.text_len &&
             !memcmp(h->rec.text, c->rec.text, c->rec.text_len)))
            return 1;
    }
    return 0;
}

static int cmp_passage_ord(const void *a, const void *b)
{
    const spor_hit *x = a, *y = b;
    return x->rec.passage_ord < y->rec.passage_ord ? -1
           : x->rec.passage_ord > y->rec.passage_ord;
}

/* The up to max passages after hit h in its document, in document
 * order, into got (copies folded unless o keeps them). */
static spor_status fetch_following(spor_index *ix, const spor_search_opts *o,
                                   const spor_hit *h, unsigned max,
                                   spor_results *got, spor_err *err)
{
    memset(got, 0, sizeof *got);
    sbuf q = SBUF_INIT;
    unsigned ord = h->rec.passage_ord;
    for (unsigned k = ord + 1; k <= ord + max && k < h->doc->n_passages; k++)
        if (sbuf_printf(&q, "%sid:%s.%u", q.len ? " " : "", h->doc->id, k)) {
            sbuf_free(&q);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
    if (!q.len)
        return SPOR_OK;
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = max;
    so.keep_duplicates = o->keep_duplicates;
    so.snippet_words = o->snippet_words;
    so.no_spelling = 1; /* ids are not words */
    /* The query's filters hold for what continues its hits too. */
    so.places = o->places;
    so.docs = o->docs;
    so.years = o->years;
    prep_request rq = {q.data, NULL, NULL, NULL, NULL, NULL};
    spor_status st = mt_run(ix, &rq, &so, got, err);
    sbuf_free(&q);
    if (!st && got->n > 1)
        qsort(got->hits, got->n, sizeof *got->hits, cmp_passage_ord);
    return st;
}

/* Moves the passages of got that go on from hit `from` of out (the same
 * section, one after the other, none on the page yet) behind out's hits,
 * ranked on, each marked with the id of the hit it continues. */
static spor_status append_following(spor_results *out, size_t from,
                                    spor_results *got,
                                    const spor_search_opts *o,
                                    spor_err *err)
{
    spor_hit *h = realloc(out->hits, (out->n + got->n) * sizeof *h);
    if (!h)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    out->hits = h;
    unsigned next = h[from].rec.passage_ord + 1;
    for (size_t i = 0; i < got->n && out->n < o->limit; i++) {
        spor_hit *c = &got->hits[i];
        /* A gap (a copy folded away) or another section: the case the
         * hit names is no longer the subject. */
        if (c->rec.passage_ord != next++ ||
            strcmp(c->rec.section, out->hits[from].rec.section))
            break;
        if (on_page(out, c))
            continue;
        spor_hit *d = &out->hits[out->n];
        *d = *c;
        memset(c, 0, sizeof *c);
        d->rank = o->offset + (unsigned)out->n + 1;
        memcpy(d->continues, out->hits[from].id, sizeof d->continues);
        out->n++;
    }
    return SPOR_OK;
}

/* 1 when norm leaves passages out by their words or fields (NOT,
 * -word, sted:, år:, doc:, id:): a passage that continues a hit was not
 * looked at by them, and may be one they leave out. */
static int narrows(const char *norm)
{
    for (const char *p = norm; *p; p++) {
        int word_start = p == norm || p[-1] == ' ' || p[-1] == '(';
        if (*p == ':' || (word_start && *p == '-') ||
            (word_start && !strncmp(p, "NOT", 3) &&
             (p[3] == ' ' || p[3] == '(' || !p[3])))
            return 1;
    }
    return 0;
}

spor_status cont_fill(spor_index *ix, const char *norm,
                      const spor_search_opts *o, spor_results *out,
                      spor_err *err)
{
    /* The first page only: the hits continued are the top ones. With
     * --strict-phrases the page holds the phrase's passages, nothing
     * else. */
    if (o->offset || o->strict_phrases || !o->limit || out->n >= o->limit ||
        narrows(norm))
        return SPOR_OK;
    size_t matched = out->n < CONTINUE_HITS ? out->n : CONTINUE_HITS;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < matched && !st && out->n < o->limit; i++) {
        /* A passage without a heading has no section to go on in; one
         * without the query's phrase names no case of it. */
        if (out->hits[i].apart || !out->hits[i].rec.section[0])
            continue;
        spor_results got;
        st = fetch_following(ix, o, &out->hits[i], CONTINUE_PER_HIT, &got,
                             err);
        if (!st && got.n)
            st = append_following(out, i, &got, o, err);
        spor_results_free(&got);
    }
    return st;
}
