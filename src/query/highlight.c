/* Highlight terms (highlight.h): this file owns matching a passage's words
 * against the terms of the query as it ran, through the word as written,
 * its stem, or the parts of a compound of the corpus (for a page's hits
 * the splits stored with each passage, passage_splits.h; else the index's
 * compound table, looked up once per word through splits.h's cache on
 * the index handle). */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "spor/analysis/analyser.h"
#include "spor/analysis/compound.h"
#include "spor/store/passage_splits.h"
#include "spor/text/tokenise.h"
#include "splits.h"

static int term_cb(void *ctx, const char *term, size_t len, unsigned tf)
{
    hl_terms *s = ctx;
    (void)tf;
    /* Filter terms (capital prefixes other than Z and C) are not words. */
    if (len && term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z' &&
        term[0] != 'C')
        return 0;
    if (spor_grow(&s->terms, &s->cap, s->n, sizeof *s->terms, 16))
        return 1;
    if (!(s->terms[s->n] = strndup(term, len)))
        return 1;
    s->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

spor_status hl_terms_init(hl_terms *s, spor_index *ix, const xc_query *q,
                          spor_err *err)
{
    memset(s, 0, sizeof *s);
    s->stemmer = ix->stemmer;
    s->ix = ix;
    xc_error xe;
    if (xc_query_each_term(q, term_cb, s, &xe) != XC_OK)
        return ixh_fail(ix, "query terms", &xe, err);
    if (s->n)
        qsort(s->terms, s->n, sizeof *s->terms, cmp_str);
    if (smap_new(&s->seen) != SPOR_OK)
        s->seen = NULL; /* only slower */
    return SPOR_OK;
}

static int term_index(const hl_terms *s, const char *key)
{
    if (s->n == 0) /* a pure filter query has no words; bsearch wants a base */
        return -1;
    char *const *hit = bsearch(&key, s->terms, s->n, sizeof *s->terms, cmp_str);
    return hit ? (int)(hit - s->terms) : -1;
}

/* The id of the query term prefix + stem(w), or -1. */
static int stem_index(hl_terms *s, const char *prefix, const char *w,
                      size_t len)
{
    const char *stem;
    size_t stem_len;
    if (stem_word(s->stemmer, w, len, &stem, &stem_len))
        return -1;
    sbuf_reset(&s->scratch);
    if (sbuf_append_str(&s->scratch, prefix) ||
        sbuf_append(&s->scratch, stem, stem_len))
        return -1;
    return term_index(s, s->scratch.data);
}

/* A compound of the corpus matches when one of its parts is a query word
 * or a query part ("indsats" in "beskæftigelsesindsatsen"). */
static int match_parts(hl_terms *s, const char *term, size_t len)
{
    if (len < 2 * CPD_MIN_PART_CHARS)
        return -1;
    /* Not a compound of the corpus (or unreadable: no highlight). */
    if (splits_get(s->ix, term, len, &s->parts) != 1)
        return -1;
    int id = -1;
    for (const char *p = s->parts.data ? s->parts.data : ""; *p && id < 0;) {
        size_t k = strcspn(p, " ");
        id = stem_index(s, ANA_STEM_PREFIX, p, k);
        if (id < 0)
            id = stem_index(s, ANA_PART_PREFIX, p, k);
        p += k + (p[k] == ' ');
    }
    return id;
}

/* The word itself or its stem is a query term; -1 if neither. */
static int match_whole(hl_terms *s, const char *term, size_t len)
{
    sbuf_reset(&s->scratch);
    if (sbuf_append(&s->scratch, term, len))
        return -1;
    int id = term_index(s, s->scratch.data);
    if (id < 0)
        id = stem_index(s, ANA_STEM_PREFIX, term, len);
    return id;
}

/* Remembers a word's answer; a map that fails is dropped (only slower). */
static void remember(hl_terms *s, const char *term, size_t len, int id)
{
    if (s->seen && smap_add(s->seen, term, len, (uint32_t)(id + 1)) !=
                       SPOR_OK) {
        smap_free(s->seen);
        s->seen = NULL;
    }
}

/* The word itself, its stem, or one of its compound parts is a query
 * term. */
int hl_match_word(void *ctx, const char *term, size_t len)
{
    hl_terms *s = ctx;
    int known = 0;
    uint32_t memo = s->seen ? smap_get(s->seen, term, len, &known) : 0;
    if (known)
        return (int)memo - 1;
    int id = match_whole(s, term, len);
    if (id < 0)
        id = match_parts(s, term, len);
    remember(s, term, len, id);
    return id;
}

/* The query term the parts of compound term[0..len) (sp, byte ranges in
 * it) match, or -1, as match_parts answers from the compound table. */
static int match_split(hl_terms *s, const char *term, size_t len,
                       const cpd_split *sp)
{
    int id = -1;
    for (size_t i = 0; i < sp->n && id < 0; i++) {
        const char *p = term + sp->parts[i].start;
        size_t k = sp->parts[i].len;
        if (sp->parts[i].start > len || k > len - sp->parts[i].start)
            return -1;
        id = stem_index(s, ANA_STEM_PREFIX, p, k);
        if (id < 0)
            id = stem_index(s, ANA_PART_PREFIX, p, k);
    }
    return id;
}

/* Answers the words of text[0..len) with the splits stored with it
 * (splits[0..splits_len), passage_splits.h): a word not already answered
 * is met first at its first occurrence in the text, where the splits
 * list it if it is a compound. */
static spor_status answer_text(hl_terms *s, const char *text, size_t len,
                               const char *splits, size_t splits_len)
{
    tok_iter it;
    tok_token t;
    psplit_iter ps;
    int r = 0;
    psplit_init(&ps, splits, splits_len);
    tok_init(&it, text, len);
    for (size_t ord = 0; s->seen && (r = tok_next(&it, &t)) == 1; ord++) {
        int known = 0;
        smap_get(s->seen, t.term, t.term_len, &known);
        if (known)
            continue;
        int id = match_whole(s, t.term, t.term_len);
        if (id < 0 && t.term_len >= 2 * CPD_MIN_PART_CHARS) {
            cpd_split sp;
            int at = psplit_at(&ps, ord, &sp);
            /* A malformed value: the compound table answers instead. */
            id = at > 0 ? match_split(s, t.term, t.term_len, &sp)
                 : at < 0 ? match_parts(s, t.term, t.term_len)
                          : -1;
        }
        remember(s, t.term, t.term_len, id);
    }
    tok_done(&it);
    return r < 0 ? SPOR_ENOMEM : SPOR_OK;
}

spor_status hl_prefetch(hl_terms *s, const char *const *texts,
                        const size_t *lens, const char *const *splits,
                        const size_t *split_lens, size_t n)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++)
        st = answer_text(s, texts[i], lens[i], splits[i], split_lens[i]);
    return st;
}

void hl_terms_free(hl_terms *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->terms[i]);
    free(s->terms);
    smap_free(s->seen);
    sbuf_free(&s->scratch);
    sbuf_free(&s->parts);
}
