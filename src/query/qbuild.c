/* The query tree of the expansion (see qbuild.h): what each plain word
 * and each phrase of the parsed query becomes, and the --explain record
 * of it. Each plain word w becomes
 *   OR( Z+stem(w),                      any inflection
 *       EXACT_WEIGHT × w,                the form typed, on top
 *       PART_WEIGHT × C+stem(w),         w as a part of a compound
 *       SPLIT_WEIGHT × AND(parts of w) ) w's own parts written apart
 * so every inflection matches, the exact form ranks first, and compounds
 * meet their parts in both directions at a lower weight; further ways,
 * each weighing less than the word (section heading and title, a place
 * w names, a number for a quantity word, the word a typo meant, the verb
 * or -ing noun derived from w, synonyms), are listed in rewrite_word. A
 * quoted phrase matches its words in any inflection (rewrite_phrase).
 * The ways themselves come from qb_compound.c (a compound's parts, words
 * typed apart), qb_forms.c (inflected and derived forms) and qb_meaning.c
 * (synonyms, places, numbers), the query nodes from qb_node.c. */
#include "qbuild.h"

#include <stdlib.h>
#include <string.h>

#include "qb_int.h"
#include "spor/analysis/analyser.h"
#include "spor/store/schema.h"
#include "spor/store/xerror.h"

/* Scale of the exact-form term. The exact form is rarer than its stem
 * class, so its idf is higher already; half weight keeps a passage with
 * the exact form ahead of one with an inflection without letting the form
 * dominate a multi-word query. */
#define QB_EXACT_WEIGHT 0.5
/* The word in the section heading or the document title: the passage is
 * in a part of a report about the word, a small push on top of the text's
 * own evidence (evaluation: 6 queries up, 2 down). */
#define QB_SECTION_WEIGHT 0.3
#define QB_TITLE_WEIGHT 0.1
/* The word a misspelt query word probably meant ("amsterdm" → amsterdam):
 * the typed word matches nothing, so this is the word's only evidence, but
 * a suggestion may be wrong, so it weighs half. */
#define QB_SPELLING_WEIGHT 0.5
/* The ways one query word can match (rewrite_word lists them). */
#define QB_MATCH_KINDS 13
/* A phrase in any inflection ("fremskudte beskæftigelsesindsatser" for
 * "fremskudt beskæftigelsesindsats") matches as a phrase of stems would;
 * the phrase as typed weighs extra on top, as the exact form of a word
 * does (QB_EXACT_WEIGHT). */
#define QB_PHRASE_EXACT_WEIGHT QB_EXACT_WEIGHT

/* Keeps a copy of each way the word can match, for --explain. */
static int note_for_explain(rw_ctx *r, const char *t, size_t len,
                            xc_query *const *subs, const char *const *kinds,
                            size_t n, const char *head, size_t head_len)
{
    qb_explain *ex = r->c->explain;
    for (size_t i = 0; i < n; i++) {
        if (ex->n == ex->cap) {
            size_t cap = ex->cap ? ex->cap * 2 : 16;
            qb_explain_item *p = realloc(ex->items, cap * sizeof *p);
            if (!p)
                goto nomem;
            ex->items = p;
            ex->cap = cap;
        }
        qb_explain_item *it = &ex->items[ex->n];
        it->kind = kinds[i];
        it->head = NULL;
        if (!(it->word = strndup(t, len)))
            goto nomem;
        if (!strcmp(kinds[i], QB_KIND_HEAD) &&
            !(it->head = strndup(head, head_len))) {
            free(it->word);
            goto nomem;
        }
        if (xc_query_combine(XC_Q_OR, &subs[i], 1, 0, &it->q, &r->xerr)) {
            free(it->word);
            free(it->head);
            qb_xc_fail(r);
            return 1;
        }
        ex->n++;
    }
    return 0;
nomem:
    r->st = SPOR_ENOMEM;
    return 1;
}

static int rewrite_word(void *ctx, const char *t, size_t len,
                        xc_query **out);

/* w expanded as the word meant, when w is a known typo; NULL otherwise (r->st
 * tells a failure apart). */
static xc_query *typo_query(rw_ctx *r, const char *w, size_t len)
{
    for (size_t i = 0; i < r->c->n_typos; i++) {
        const qb_typo *ty = &r->c->typos[i];
        if (strlen(ty->typed) != len || memcmp(ty->typed, w, len))
            continue;
        /* The meant word is expanded as if typed, but neither explained
         * item by item (the whole counts as one "spelling" match) nor
         * corrected again. */
        qb_context c = *r->c;
        c.explain = NULL;
        c.n_typos = 0;
        /* No pairs: the meant word stands for the typo alone. */
        rw_ctx r2 = {&c, SBUF_INIT, {XC_OK, ""}, SPOR_OK, {{NULL, NULL, NULL}},
                     0};
        xc_query *q = NULL;
        int failed = rewrite_word(&r2, ty->meant, strlen(ty->meant), &q);
        sbuf_free(&r2.term);
        if (failed) {
            r->st = r2.st ? r2.st : SPOR_EINTERNAL;
            r->xerr = r2.xerr;
            return NULL;
        }
        return q ? qb_scaled(r, q, QB_SPELLING_WEIGHT) : NULL;
    }
    return NULL;
}

static int rewrite_word(void *ctx, const char *t, size_t len, xc_query **out)
{
    rw_ctx *r = ctx;
    if (qb_is_filter_term(t, len))
        return 0;
    if (stop_contains(r->c->stops, t, len)) {
        /* A stop word kept by the parser (it is all the query has): only
         * its exact form is indexed. */
        return 0;
    }
    /* One for each way of matching added below. */
    xc_query *subs[QB_MATCH_KINDS];
    const char *kinds[QB_MATCH_KINDS];
    size_t n = 0;
#define ADD(kind, expr)                                                     \
    do {                                                                    \
        if (!(subs[n] = (expr)))                                            \
            goto fail;                                                      \
        kinds[n++] = (kind);                                                \
    } while (0)
#define ADD_OPTIONAL(kind, expr)                                            \
    do {                                                                    \
        if ((subs[n] = (expr)) != NULL)                                     \
            kinds[n++] = (kind);                                            \
        else if (r->st)                                                     \
            goto fail;                                                      \
    } while (0)
    ADD("stem", qb_stem_query(r, ANA_STEM_PREFIX, t, len));
    ADD("exact", qb_term_query(r, "", t, len, QB_EXACT_WEIGHT));
    ADD("in compound",
        qb_scaled(r, qb_part_query(r, t, len), QB_PART_WEIGHT));
    ADD(QB_KIND_HEADING,
        qb_scaled(r, qb_stem_query(r, SCHEMA_PREFIX_SECTION, t, len),
                  QB_SECTION_WEIGHT));
    ADD("in title",
        qb_scaled(r, qb_stem_query(r, SCHEMA_PREFIX_TITLE, t, len),
                  QB_TITLE_WEIGHT));
    size_t split = n, head_at = len;
    ADD_OPTIONAL("its parts", qb_parts_query(r, t, len));
    if (n == split) /* no split: perhaps a known head */
        ADD_OPTIONAL(QB_KIND_HEAD, qb_head_query(r, t, len, &head_at));
    ADD_OPTIONAL("place tag", qb_place_query(r, t, len));
    ADD_OPTIONAL("a number", qb_number_query(r, t, len));
    ADD_OPTIONAL("spelling", typo_query(r, t, len));
    ADD_OPTIONAL("derived", qb_derived_query(r, t, len));
    ADD_OPTIONAL("joined", qb_pair_query(r, t, len));
    if (r->c->opts.synonyms)
        ADD_OPTIONAL("synonym", qb_synonyms_query(r, t, len));
#undef ADD
#undef ADD_OPTIONAL
    if (r->c->explain &&
        note_for_explain(r, t, len, subs, kinds, n, t + head_at, len - head_at))
        goto fail;
    if (!(*out = qb_combine(r, XC_Q_OR, subs, n)))
        return 1;
    return 0;
fail:
    qb_free_all(subs, n);
    return 1;
}

/* The phrase's words in the section heading, any order and inflection:
 * the passages under a heading that names the phrase are about it even
 * where they never repeat it (a definition list under "Social
 * innovation"). NULL when the phrase has only stop words (r->st tells a
 * failure apart). */
static xc_query *phrase_heading_query(rw_ctx *r, const char *const *terms,
                                      const size_t *lens, size_t n)
{
    xc_query **each = calloc(n ? n : 1, sizeof *each);
    size_t k = 0;
    if (!each) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (stop_contains(r->c->stops, terms[i], lens[i]))
            continue;
        if (!(each[k] = qb_stem_query(r, SCHEMA_PREFIX_SECTION, terms[i],
                                      lens[i]))) {
            qb_free_all(each, k);
            free(each);
            return NULL;
        }
        k++;
    }
    xc_query *q = k ? qb_scaled(r, qb_combine(r, XC_Q_AND, each, k),
                                QB_SECTION_WEIGHT)
                    : NULL;
    free(each);
    return q;
}

/* Each phrase word as typed (exact) and in its forms (any; as typed when
 * it has none, else *inflected set), and the phrase's text; non-zero on
 * failure (r->st). */
static int phrase_words(rw_ctx *r, const char *const *terms,
                        const size_t *lens, size_t n, xc_query **exact,
                        xc_query **any, sbuf *text, int *inflected)
{
    for (size_t i = 0; i < n; i++) {
        if (!(exact[i] = qb_term_query(r, "", terms[i], lens[i], 1.0)))
            return 1;
        any[i] = qb_phrase_word_forms(r, terms[i], lens[i]);
        if (r->st)
            return 1;
        if (any[i])
            *inflected = 1;
        else if (!(any[i] = qb_term_query(r, "", terms[i], lens[i], 1.0)))
            return 1;
        if ((i && sbuf_append(text, " ", 1)) ||
            sbuf_append(text, terms[i], lens[i])) {
            r->st = SPOR_ENOMEM;
            return 1;
        }
    }
    return 0;
}

/* A phrase of n words: OR(phrase of each word's forms, the phrase as
 * typed × QB_PHRASE_EXACT_WEIGHT, its words in the section heading ×
 * QB_SECTION_WEIGHT), explained as one "word", the phrase text. A phrase
 * of stop words without other forms stays as it is. */
static int rewrite_phrase(void *ctx, const char *const *terms,
                          const size_t *lens, size_t n, xc_query **out)
{
    rw_ctx *r = ctx;
    xc_query **exact = calloc(n, sizeof *exact);
    xc_query **any = calloc(n, sizeof *any);
    xc_query *typed = NULL, *forms = NULL, *joined = NULL, *heading = NULL;
    int inflected = 0;
    sbuf text = SBUF_INIT;
    if (!exact || !any) {
        r->st = SPOR_ENOMEM;
        goto done;
    }
    if (phrase_words(r, terms, lens, n, exact, any, &text, &inflected))
        goto done;
    joined = qb_joined_query(r, terms, lens, n);
    if (!r->st)
        heading = phrase_heading_query(r, terms, lens, n);
    if (r->st)
        goto done;
    /* qb_combine() consumes its subqueries, failing or not. */
    typed = qb_combine(r, XC_Q_PHRASE, exact, n);
    memset(exact, 0, n * sizeof *exact);
    if (!typed)
        goto done;
    if (!inflected && !joined && !heading) {
        /* Unchanged; only the explanation is new. */
        const char *kind = "phrase";
        if (r->c->explain)
            note_for_explain(r, text.data, text.len, &typed, &kind, 1, NULL, 0);
        goto done;
    }
    xc_query *ways[4];
    const char *kinds[4];
    size_t k = 0;
    if (inflected) {
        forms = qb_combine(r, XC_Q_PHRASE, any, n);
        memset(any, 0, n * sizeof *any);
        if (!forms || !(typed = qb_scaled(r, typed, QB_PHRASE_EXACT_WEIGHT)))
            goto done;
        ways[k] = forms;
        kinds[k++] = "phrase, inflected";
    }
    ways[k] = typed;
    kinds[k++] = "phrase";
    if (joined) {
        ways[k] = joined;
        kinds[k++] = "joined";
    }
    if (heading) {
        ways[k] = heading;
        kinds[k++] = QB_KIND_HEADING;
    }
    if (r->c->explain &&
        note_for_explain(r, text.data, text.len, ways, kinds, k, NULL, 0))
        goto done;
    *out = qb_combine(r, XC_Q_OR, ways, k);
    forms = typed = joined = heading = NULL;
done:
    if (exact)
        qb_free_set(exact, n);
    if (any)
        qb_free_set(any, n);
    xc_query_free(typed);
    xc_query_free(forms);
    xc_query_free(joined);
    xc_query_free(heading);
    free(exact);
    free(any);
    sbuf_free(&text);
    return r->st != SPOR_OK || (inflected && !*out);
}

spor_status qb_expand(const qb_context *c, const xc_query *parsed,
                      xc_query **out, spor_err *err)
{
    rw_ctx r = {c, SBUF_INIT, {XC_OK, ""}, SPOR_OK, {{NULL, NULL, NULL}}, 0};
    /* Stays the status of a failure before the rewrite starts. */
    xc_error xe = {XC_EOTHER, ""};
    qb_find_joins(&r, parsed);
    xc_status xs = r.st ? XC_EOTHER
                        : xc_query_rewrite_phrases(parsed, rewrite_word,
                                                   rewrite_phrase, &r, out,
                                                   &xe);
    sbuf_free(&r.term);
    for (size_t i = 0; i < r.n_joins; i++) {
        free(r.joins[i].first);
        free(r.joins[i].second);
        free(r.joins[i].joined);
    }
    if (xs == XC_OK)
        return SPOR_OK;
    if (r.st == SPOR_ENOMEM || xs == XC_ENOMEM)
        return spor_fail(err, SPOR_ENOMEM, "query: out of memory");
    /* A failure in one of our steps left the wrapper's error in r.xerr;
     * a failure of the rewrite itself is in xe. */
    return xerr_fail(err, r.xerr.msg[0] ? &r.xerr : &xe, 0, "query");
}

void qb_explain_free(qb_explain *ex)
{
    for (size_t i = 0; i < ex->n; i++) {
        free(ex->items[i].word);
        free(ex->items[i].head);
        xc_query_free(ex->items[i].q);
    }
    free(ex->items);
    memset(ex, 0, sizeof *ex);
}
