/* The other forms of a query word that the index holds: the inflections
 * of a phrase word (stems carry no positions, so a phrase matches through
 * its words' forms) and the verb or -ing noun derived from a word. Only
 * the query builder's files use it, through qb_int.h. */
#include "qb_int.h"

#include <string.h>

#include "spor/analysis/analyser.h"

/* Stems carry no positions in the index (they would add a third to its
 * size), so a phrase word becomes the OR of the word forms that share its
 * stem, listed from the index under the prefix the word and its stem
 * share. A Danish word has a handful of forms; the cap bounds a stem that
 * collects many. */
#define QB_PHRASE_MAX_FORMS 32
/* Forms are listed under a prefix of at least this many bytes: a shorter
 * one lists too much of the vocabulary to stem it all per query. */
#define QB_FORM_PREFIX_MIN 3
/* A verb and the noun made from it with -ing ("rekruttere",
 * "rekrutteringen"; "udvikle", "udviklingen") mean the same act, but
 * Snowball leaves -ing alone, so they share no stem. Each also matches
 * the other, well below the word itself: the pairing is regular but not
 * always right ("ledning", a wire, is not a "lede"). */
#define QB_DERIVED_WEIGHT 0.3
/* Snowball's Danish steps are not idempotent: "myndigheder" stems to
 * "mynd" but "myndighederne" to "myndighed", which stems to "mynd" in
 * turn. A word's root is its stem stemmed again until it stays (a few
 * rounds suffice), so that every inflection reaches a compound part
 * stored under the other stem. */
#define QB_RESTEM_ROUNDS 3
/* What must be left of a noun before -ing for it to be made from a verb:
 * "ting" and "ring" are not. */
#define QB_DERIVED_MIN_ROOT 3

typedef struct forms_ctx forms_ctx;
struct forms_ctx {
    rw_ctx *r;
    const char *word;                   /* the word as typed */
    size_t word_len;
    sbuf stem;                          /* the stem a form must have */
    /* 1 when index word t belongs, 0 when not, -1 on failure. */
    int (*belongs)(forms_ctx *f, const char *t, size_t len);
    xc_query *forms[QB_PHRASE_MAX_FORMS];
    size_t n;
    int other;                          /* a form other than the word */
};

/* An inflection of the word: the same stem. */
static int same_stem(forms_ctx *f, const char *term, size_t len)
{
    const char *stem;
    size_t stem_len;
    if (stem_word(f->r->c->stemmer, term, len, &stem, &stem_len))
        return -1;
    return stem_len == f->stem.len && !memcmp(stem, f->stem.data, stem_len);
}

/* The root of w[0..len) (QB_RESTEM_ROUNDS) into out; non-zero on
 * failure. */
static int root_of(stem_stemmer *sm, const char *w, size_t len, sbuf *out)
{
    sbuf_reset(out);
    if (sbuf_append(out, w, len))
        return -1;
    for (int i = 0; i < QB_RESTEM_ROUNDS; i++) {
        const char *stem;
        size_t stem_len;
        if (stem_word(sm, out->data, out->len, &stem, &stem_len))
            return -1;
        if (stem_len == out->len && !memcmp(stem, out->data, stem_len))
            break;
        sbuf_reset(out);
        if (sbuf_append(out, stem, stem_len))
            return -1;
    }
    return 0;
}

/* A compound part (a term of ANA_PART_PREFIX) with the root f->stem. */
static int same_root(forms_ctx *f, const char *term, size_t len)
{
    size_t skip = strlen(ANA_PART_PREFIX);
    sbuf root = SBUF_INIT;
    int b = root_of(f->r->c->stemmer, term + skip, len - skip, &root)
                ? -1
                : root.len == f->stem.len &&
                      !memcmp(root.data, f->stem.data, root.len);
    sbuf_free(&root);
    return b;
}

/* xc_term_fn: keeps an index word that belongs (f->belongs). */
static int collect_form(void *ctx, const char *term, size_t len,
                        unsigned termfreq)
{
    (void)termfreq;
    forms_ctx *f = ctx;
    int b = f->belongs(f, term, len);
    if (b < 0) {
        f->r->st = SPOR_ENOMEM;
        return 1;
    }
    if (!b)
        return 0;
    if (!(f->forms[f->n] = qb_term_query(f->r, "", term, len, 1.0)))
        return 1;
    f->other |= len != f->word_len || memcmp(term, f->word, len);
    return ++f->n == QB_PHRASE_MAX_FORMS;
}

/* The OR of the index words under prefix[0..plen) that belong to f (at
 * most QB_PHRASE_MAX_FORMS); NULL with r->st unset when none but the
 * word itself does. */
static xc_query *list_forms(rw_ctx *r, forms_ctx *f, const char *prefix,
                            size_t plen)
{
    xc_query *out = NULL;
    sbuf p = SBUF_INIT;
    if (sbuf_append(&p, prefix, plen)) {
        r->st = SPOR_ENOMEM;
    } else if (xc_db_each_term(r->c->db, p.data, collect_form, f,
                               &r->xerr) != XC_OK) {
        if (!r->st)
            qb_xc_fail(r);
    } else if (!r->st && f->other) {
        /* Even one form that is not the word typed widens the match (a
         * word typed in ASCII, a form the corpus lacks). */
        out = qb_combine(r, XC_Q_OR, f->forms, f->n);
        f->n = 0;
    }
    qb_free_all(f->forms, f->n);
    f->n = 0;
    sbuf_free(&p);
    return out;
}

/* Endings of a noun made from a verb with -ing, longest first. */
static const char *const ing_endings[] = {"ingernes", "ingerne", "ingens",
                                          "ingers", "ingen", "inger",
                                          "ings", "ing"};

/* When t is an -ing noun ("rekrutteringen"): 1 and the stem of its verb
 * ("rekruttere" → "rekrut") in *out; 0 when it is none (or the verb's
 * stem is the noun's own); -1 on failure. */
static int ing_verb_stem(stem_stemmer *sm, const char *t, size_t len,
                         sbuf *out)
{
    size_t cut = 0;
    for (size_t i = 0; i < sizeof ing_endings / sizeof *ing_endings; i++) {
        size_t n = strlen(ing_endings[i]);
        if (len >= n + QB_DERIVED_MIN_ROOT &&
            !memcmp(t + len - n, ing_endings[i], n)) {
            cut = n;
            break;
        }
    }
    if (!cut)
        return 0;
    const char *stem;
    size_t stem_len;
    sbuf_reset(out);
    if (sbuf_append(out, t, len - cut) || sbuf_append_char(out, 'e') ||
        stem_word(sm, out->data, out->len, &stem, &stem_len))
        return -1;
    sbuf_reset(out);
    if (sbuf_append(out, stem, stem_len) ||
        stem_word(sm, t, len, &stem, &stem_len))
        return -1;
    return !(stem_len == out->len && !memcmp(stem, out->data, stem_len));
}

/* An -ing noun made from the verb whose stem is f->stem. */
static int derived_noun(forms_ctx *f, const char *term, size_t len)
{
    sbuf v = SBUF_INIT;
    int b = ing_verb_stem(f->r->c->stemmer, term, len, &v);
    if (b > 0)
        b = v.len == f->stem.len && !memcmp(v.data, f->stem.data, v.len);
    sbuf_free(&v);
    return b;
}

/* w's verb when w is an -ing noun ("rekruttering" → rekruttere, any
 * inflection), else the -ing nouns of the index made from w as a verb
 * ("rekrutterer" → rekrutteringen, ...); NULL when there is none (r->st
 * tells a failure apart). */
xc_query *qb_derived_query(rw_ctx *r, const char *w, size_t len)
{
    if (qb_is_filter_term(w, len) || stop_contains(r->c->stops, w, len))
        return NULL;
    forms_ctx f = {r, w, len, SBUF_INIT, derived_noun, {NULL}, 0, 0};
    xc_query *out = NULL;
    const char *stem;
    size_t stem_len;
    int noun = ing_verb_stem(r->c->stemmer, w, len, &f.stem);
    if (noun < 0) {
        r->st = SPOR_ENOMEM;
    } else if (noun) {
        out = qb_term_query(r, ANA_STEM_PREFIX, f.stem.data, f.stem.len, 1.0);
    } else if (stem_word(r->c->stemmer, w, len, &stem, &stem_len)) {
        r->st = SPOR_ENOMEM;
    } else {
        sbuf_reset(&f.stem);
        if (sbuf_append(&f.stem, stem, stem_len))
            r->st = SPOR_ENOMEM;
        else if (stem_len >= QB_FORM_PREFIX_MIN)
            out = list_forms(r, &f, f.stem.data, f.stem.len);
    }
    sbuf_free(&f.stem);
    return out ? qb_scaled(r, out, QB_DERIVED_WEIGHT) : NULL;
}

/* The OR of the index's forms of phrase word w (any inflection, folded
 * spellings), listed under the prefix w and its stem share; NULL with
 * r->st unset when w has no form but itself (a stop word, a word without
 * inflections in the index). */
xc_query *qb_phrase_word_forms(rw_ctx *r, const char *w, size_t len)
{
    if (qb_is_filter_term(w, len) || stop_contains(r->c->stops, w, len))
        return NULL;
    forms_ctx f = {r, w, len, SBUF_INIT, same_stem, {NULL}, 0, 0};
    const char *stem;
    size_t stem_len, common = 0;
    if (stem_word(r->c->stemmer, w, len, &stem, &stem_len) ||
        sbuf_append(&f.stem, stem, stem_len)) {
        r->st = SPOR_ENOMEM;
        sbuf_free(&f.stem);
        return NULL;
    }
    while (common < len && common < stem_len && w[common] == stem[common])
        common++;
    xc_query *out =
        common >= QB_FORM_PREFIX_MIN ? list_forms(r, &f, w, common) : NULL;
    sbuf_free(&f.stem);
    return out;
}

/* w as a part of a compound: the parts with its stem, and those stored
 * under another stem of its root ("myndighederne" reaches
 * "kommunemyndighedernes" and "myndighedsudøvelse"). */
xc_query *qb_part_query(rw_ctx *r, const char *w, size_t len)
{
    sbuf own = SBUF_INIT, prefix = SBUF_INIT;
    forms_ctx f = {r, NULL, 0, SBUF_INIT, same_root, {NULL}, 0, 0};
    const char *stem;
    size_t stem_len;
    xc_query *out = NULL;
    if (stem_word(r->c->stemmer, w, len, &stem, &stem_len) ||
        sbuf_append_str(&own, ANA_PART_PREFIX) ||
        sbuf_append(&own, stem, stem_len) ||
        root_of(r->c->stemmer, stem, stem_len, &f.stem) ||
        sbuf_append_str(&prefix, ANA_PART_PREFIX) ||
        sbuf_append(&prefix, f.stem.data, f.stem.len)) {
        r->st = SPOR_ENOMEM;
    } else {
        f.word = own.data;
        f.word_len = own.len;
        if (f.stem.len >= QB_FORM_PREFIX_MIN)
            out = list_forms(r, &f, prefix.data, prefix.len);
        if (!out && !r->st)
            out = qb_term_query(r, "", own.data, own.len, 1.0);
    }
    sbuf_free(&own);
    sbuf_free(&prefix);
    sbuf_free(&f.stem);
    return out;
}
