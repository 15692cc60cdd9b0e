/* Query expansion per word (see qbuild.h). Each plain word w becomes
 *   OR( Z+stem(w),                      any inflection
 *       EXACT_WEIGHT × w,                the form typed, on top
 *       PART_WEIGHT × C+stem(w),         w as a part of a compound
 *       SPLIT_WEIGHT × AND(parts of w) ) w's own parts written apart
 * so every inflection matches, the exact form ranks first, and compounds
 * meet their parts in both directions at a lower weight; further ways,
 * each weighing less than the word (section heading and title, a place
 * w names, a number for a quantity word, the word a typo meant, the verb
 * or -ing noun derived from w, synonyms), are listed in rewrite_word. A
 * quoted phrase matches its words in any inflection (rewrite_phrase). */
#include "qbuild.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/analysis/analyser.h"
#include "spor/analysis/compound.h"
#include "spor/store/schema.h"
#include "spor/text/utf8.h"

/* Scale of the exact-form term. The exact form is rarer than its stem
 * class, so its idf is higher already; half weight keeps a passage with
 * the exact form ahead of one with an inflection without letting the form
 * dominate a multi-word query. */
#define QB_EXACT_WEIGHT 0.5
/* A compound containing the word is about the word, but less squarely
 * than the word itself: "indsats" in "beskæftigelsesindsatsen". */
#define QB_PART_WEIGHT 0.5
/* The parts of a compound query word written apart ("tælling af
 * hjemløse" for "hjemløsetælling"): each part scores as a word, so the
 * sum of their weights is scaled down to stay below the compound itself. */
#define QB_SPLIT_WEIGHT 0.5
/* Each part of a compound query word alone: half the weight of all its
 * parts together. */
#define QB_PART_ALONE_WEIGHT 0.25
/* Synonyms widen the net; a thesaurus pair is right in one sense of the
 * word only, so a synonym match counts well below the word typed. */
#define QB_SYNONYM_WEIGHT 0.3
/* The word in the section heading or the document title: the passage is
 * in a part of a report about the word, a small push on top of the text's
 * own evidence (evaluation: 6 queries up, 2 down). */
#define QB_SECTION_WEIGHT 0.3
#define QB_TITLE_WEIGHT 0.1
/* A passage about a place the query names (tagged with it: it names the
 * place, or its section or document is about it) without the word itself.
 * The tag weighs as a fraction of its idf, about what one occurrence of a
 * word that rare would add: reports name a place once and then write
 * about it for pages. */
#define QB_PLACE_WEIGHT 0.5
/* A query asking for a quantity ("antal hjemløse") is answered by a
 * number ("cirka 7000 hjemløse") as well as by the word itself: a passage
 * stating a number scores what the quantity word would (its idf). */
#define QB_NUMBER_WEIGHT 1.0
/* The word a misspelt query word probably meant ("amsterdm" → amsterdam):
 * the typed word matches nothing, so this is the word's only evidence, but
 * a suggestion may be wrong, so it weighs half. */
#define QB_SPELLING_WEIGHT 0.5
/* The ways one query word can match (rewrite_word lists them). */
#define QB_MATCH_KINDS 12
/* Synonyms used per word: the thesaurus lists up to a dozen. */
#define QB_MAX_SYNONYMS 12
/* A phrase in any inflection ("fremskudte beskæftigelsesindsatser" for
 * "fremskudt beskæftigelsesindsats") matches as a phrase of stems would;
 * the phrase as typed weighs extra on top, as the exact form of a word
 * does (QB_EXACT_WEIGHT). */
#define QB_PHRASE_EXACT_WEIGHT QB_EXACT_WEIGHT
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
/* Two query words written apart that the reports write as one word
 * ("job center", "top 600": særskrivning, a common Danish slip) each match
 * that word at this weight, so the pair weighs about as the word typed
 * closed would. */
#define QB_JOINED_WEIGHT 0.5
/* Pairs looked at per query; a longer query is a paragraph pasted in, not
 * a compound typed apart. */
#define QB_MAX_JOINS 16
/* What must be left of a noun before -ing for it to be made from a verb:
 * "ting" and "ring" are not. */
#define QB_DERIVED_MIN_ROOT 3

/* Two adjacent query words that the index has written as one word. */
typedef struct join_pair {
    char *first, *second; /* the query words */
    char *joined;         /* the word they make ("top" "600": "top600") */
} join_pair;

typedef struct rw_ctx {
    const qb_context *c;
    sbuf term;
    xc_error xerr;
    spor_status st;
    join_pair joins[QB_MAX_JOINS];
    size_t n_joins;
} rw_ctx;

/* Filter terms (a capital-letter prefix) are not words. */
static int is_filter_term(const char *t, size_t len)
{
    return len && t[0] >= 'A' && t[0] <= 'Z';
}

static xc_query *term_query(rw_ctx *r, const char *prefix, const char *t,
                            size_t len, double scale)
{
    xc_query *q = NULL, *s = NULL;
    sbuf_reset(&r->term);
    if (sbuf_append_str(&r->term, prefix) || sbuf_append(&r->term, t, len)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    if (xc_query_term(r->term.data, 1, &q, &r->xerr) != XC_OK) {
        r->st = SPOR_EINTERNAL;
        return NULL;
    }
    if (scale == 1.0)
        return q;
    xc_status xs = xc_query_scale(q, scale, &s, &r->xerr);
    xc_query_free(q);
    if (xs != XC_OK) {
        r->st = SPOR_EINTERNAL;
        return NULL;
    }
    return s;
}

/* Frees the n queries in subs. */
static void free_all(xc_query **subs, size_t n)
{
    while (n)
        xc_query_free(subs[--n]);
}

/* Combines subs (consumed) with op into *out; NULL on failure. */
static xc_query *combine(rw_ctx *r, xc_query_op op, xc_query **subs,
                         size_t n)
{
    xc_query *q = NULL;
    if (n == 1)
        return subs[0];
    if (xc_query_combine(op, subs, n, 0, &q, &r->xerr) != XC_OK)
        r->st = SPOR_EINTERNAL;
    free_all(subs, n);
    return q;
}

static xc_query *scaled(rw_ctx *r, xc_query *q, double factor)
{
    xc_query *s = NULL;
    if (!q)
        return NULL;
    if (xc_query_scale(q, factor, &s, &r->xerr) != XC_OK)
        r->st = SPOR_EINTERNAL;
    xc_query_free(q);
    return s;
}

/* "prefix" + stem of w[0..len). */
static xc_query *stem_query(rw_ctx *r, const char *prefix, const char *w,
                            size_t len)
{
    const char *stem;
    size_t stem_len;
    if (stem_word(r->c->stemmer, w, len, &stem, &stem_len)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    return term_query(r, prefix, stem, stem_len, 1.0);
}

/* cmp_freq_fn over the index: a word is known when it occurs as a word or
 * as a compound part, since only such parts can match anything. */
/* The number of passages with the term prefix + the stem of w, in *tf;
 * non-zero on failure. */
static int stem_freq(rw_ctx *r, const char *prefix, const char *w,
                     size_t len, unsigned *tf)
{
    const char *stem;
    size_t stem_len;
    *tf = 0;
    sbuf_reset(&r->term);
    return stem_word(r->c->stemmer, w, len, &stem, &stem_len) ||
           sbuf_append_str(&r->term, prefix) ||
           sbuf_append(&r->term, stem, stem_len) ||
           xc_db_termfreq(r->c->db, r->term.data, tf, &r->xerr);
}

static long index_freq(void *ctx, const char *w, size_t len)
{
    rw_ctx *r = ctx;
    unsigned tf = 0, ctf = 0;
    sbuf_reset(&r->term);
    if (sbuf_append(&r->term, w, len) ||
        xc_db_termfreq(r->c->db, r->term.data, &tf, &r->xerr))
        return -1;
    if (tf)
        return (long)tf;
    if (stem_freq(r, ANA_PART_PREFIX, w, len, &ctf))
        return -1;
    return ctf ? (long)ctf : -1;
}

/* The parts of w as the index knows them: the split stored for a corpus
 * word, else a split over the index's own vocabulary. Part i is
 * parts[i] (pointing into w or into *store). */
static size_t split_query_word(rw_ctx *r, const char *w, size_t len,
                               sbuf *store, const char **parts,
                               size_t *part_len)
{
    char *val = NULL;
    size_t vlen = 0;
    sbuf_reset(&r->term);
    if (sbuf_append_str(&r->term, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(&r->term, w, len))
        return 0;
    xc_error xe;
    if (xc_db_get_metadata(r->c->db, r->term.data, &val, &vlen, &xe) ==
        XC_OK) {
        size_t n = 0;
        sbuf_reset(store);
        if (sbuf_append(store, val, vlen)) {
            free(val);
            return 0;
        }
        free(val);
        for (char *p = store->data; *p && n < CMP_MAX_PARTS;) {
            size_t k = strcspn(p, " ");
            parts[n] = p;
            part_len[n++] = k;
            p += k + (p[k] == ' ');
        }
        return n >= 2 ? n : 0;
    }
    /* A word of the corpus was judged at index time, with the corpus's
     * counts and the word list: no stored split means it is not a
     * compound ("hjemløshed" is not hjem + løshed). Only words the corpus
     * lacks are split here, over the index's own vocabulary. */
    unsigned tf = 0;
    sbuf_reset(&r->term);
    if (sbuf_append(&r->term, w, len) ||
        xc_db_termfreq(r->c->db, r->term.data, &tf, &xe) || tf > 0)
        return 0;
    cmp_lexicon lex = {index_freq, r, r->c->stops};
    cmp_split sp;
    size_t n = cmp_split_word(&lex, w, len, &sp);
    for (size_t i = 0; i < n; i++) {
        parts[i] = w + sp.parts[i].start;
        part_len[i] = sp.parts[i].len;
    }
    return n;
}

/* AND over the parts, each as a word or as a compound part. */
static xc_query *parts_query(rw_ctx *r, const char *w, size_t len)
{
    const char *parts[CMP_MAX_PARTS];
    size_t part_len[CMP_MAX_PARTS];
    sbuf store = SBUF_INIT;
    size_t n = split_query_word(r, w, len, &store, parts, part_len);
    xc_query *each[CMP_MAX_PARTS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        xc_query *alt[2];
        if (!(alt[0] = stem_query(r, ANA_STEM_PREFIX, parts[i], part_len[i])))
            break;
        if (!(alt[1] = stem_query(r, ANA_PART_PREFIX, parts[i], part_len[i]))) {
            xc_query_free(alt[0]);
            break;
        }
        if (!(each[k] = combine(r, XC_Q_OR, alt, 2)))
            break;
        k++;
    }
    sbuf_free(&store);
    if (k < n || n == 0) {
        free_all(each, k);
        return NULL;
    }
    /* Each part alone too, far below: a passage on "gadeplansfunktion" is
     * near one on "gadeplansmedarbejder"; the part's idf decides how near
     * (a rare first part counts, a common head such as "medarbejder"
     * hardly). */
    xc_query *alone[CMP_MAX_PARTS], *both[2];
    for (size_t i = 0; i < k; i++)
        if (xc_query_combine(XC_Q_OR, &each[i], 1, 0, &alone[i], &r->xerr)) {
            free_all(alone, i);
            free_all(each, k);
            r->st = SPOR_EINTERNAL;
            return NULL;
        }
    if (!(both[0] = scaled(r, combine(r, XC_Q_AND, each, k), QB_SPLIT_WEIGHT)))
        return free_all(alone, k), NULL;
    if (!(both[1] = scaled(r, combine(r, XC_Q_OR, alone, k), QB_PART_ALONE_WEIGHT))) {
        xc_query_free(both[0]);
        return NULL;
    }
    return combine(r, XC_Q_OR, both, 2);
}

typedef struct syn_list {
    char *v[QB_MAX_SYNONYMS];
    size_t n;
    int oom;
} syn_list;

/* Appends a copy of t to v (n of cap used) for a term callback: 1 (stop)
 * when v is full or the copy fails (*oom set). */
static int add_copy(char **v, size_t *n, size_t cap, int *oom, const char *t,
                    size_t len)
{
    if (*n == cap)
        return 1;
    if (!(v[*n] = strndup(t, len))) {
        *oom = 1;
        return 1;
    }
    (*n)++;
    return 0;
}

static int collect_synonym(void *ctx, const char *term, size_t len,
                           unsigned tf)
{
    syn_list *l = ctx;
    (void)tf;
    return add_copy(l->v, &l->n, QB_MAX_SYNONYMS, &l->oom, term, len);
}

/* A stored synonym: a word, or a phrase of words, matched exactly. */
static xc_query *synonym_query(rw_ctx *r, const char *v)
{
    xc_query *words[8];
    size_t n = 0;
    for (const char *p = v; *p && n < 8;) {
        size_t k = strcspn(p, " ");
        if (!(words[n] = term_query(r, "", p, k, 1.0))) {
            free_all(words, n);
            return NULL;
        }
        n++;
        p += k + (p[k] == ' ');
    }
    if (n == 1)
        return words[0];
    xc_query *q = NULL;
    if (n && xc_query_combine(XC_Q_PHRASE, words, n, 0, &q, &r->xerr))
        r->st = SPOR_EINTERNAL;
    free_all(words, n);
    return q;
}

/* Inflectional endings, longest first: the synonym table is keyed by base
 * forms, so "ledige" looks up "ledig" when it has no entry of its own. */
static const char *const endings[] = {"erne", "ene", "ers", "er", "en",
                                      "et", "e", "s"};

/* OR of w's synonyms from the index's synonym table, scaled down; NULL
 * when w has none (r->st tells a failure apart). */
static xc_query *synonyms_query(rw_ctx *r, const char *w, size_t len)
{
    syn_list l = {{0}, 0, 0};
    for (size_t e = 0; e <= sizeof endings / sizeof *endings && !l.n; e++) {
        size_t cut = 0;
        if (e > 0) {
            cut = strlen(endings[e - 1]);
            if (len < cut + 3 || memcmp(w + len - cut, endings[e - 1], cut))
                continue;
        }
        sbuf_reset(&r->term);
        if (sbuf_append(&r->term, w, len - cut) ||
            (r->c->each_synonym ? r->c->each_synonym
                                : xc_db_each_synonym)(r->c->db, r->term.data,
                                                      collect_synonym, &l,
                                                      &r->xerr) ||
            l.oom) {
            r->st = l.oom ? SPOR_ENOMEM : SPOR_EINTERNAL;
            break;
        }
    }
    xc_query *qs[QB_MAX_SYNONYMS];
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (!r->st && (qs[k] = synonym_query(r, l.v[i])) != NULL)
            k++;
        free(l.v[i]);
    }
    if (r->st || k == 0) {
        free_all(qs, k);
        return NULL;
    }
    return scaled(r, combine(r, XC_Q_OR, qs, k), QB_SYNONYM_WEIGHT);
}

/* Passages tagged with the place w names (not its parents: "aalborg"
 * means Aalborg, not its region); NULL when w names none (r->st tells a
 * failure apart). Place names that are also common words ("vejen") need a
 * capital to count, and the parser has lower-cased the word: they never
 * match here. */
static xc_query *place_query(rw_ctx *r, const char *w, size_t len)
{
    if (!r->c->gaz)
        return NULL;
    pl_set found = {0};
    if (pl_find(r->c->gaz, w, len, PL_FIND_ANY_CASE, &found)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    xc_query *q = NULL;
    if (found.n) {
        const char *name = pl_name(r->c->gaz, found.ids[0]);
        unsigned tf = 0, n = 0;
        sbuf_reset(&r->term);
        if (sbuf_append_str(&r->term, SCHEMA_PREFIX_PLACE) ||
            utf8_lower(name, strlen(name), &r->term))
            r->st = SPOR_ENOMEM;
        else if (xc_db_termfreq(r->c->db, r->term.data, &tf, &r->xerr) ||
                 xc_db_doccount(r->c->db, &n, &r->xerr))
            r->st = SPOR_EINTERNAL;
        else if (tf > 0 && tf < n &&
                 xc_query_tagged(r->term.data,
                                 QB_PLACE_WEIGHT * log((double)n / tf), &q,
                                 &r->xerr))
            r->st = SPOR_EINTERNAL;
    }
    pl_set_free(&found);
    return q;
}

/* Danish words that ask for a quantity; compared by stem, so their
 * inflections ("antallet", "andelen", "udgifterne") count too. */
static const char *const quantity_words[] = {
    "antal", "andel", "procent", "pct", "tal", "mængde", "omfang",
    "beløb", "udgift", "pris", "budget"};

/* Passages stating a number, when w asks for a quantity; NULL otherwise
 * (r->st tells a failure apart). */
static xc_query *number_query(rw_ctx *r, const char *w, size_t len)
{
    const char *stem;
    size_t stem_len;
    sbuf mine = SBUF_INIT;
    if (stem_word(r->c->stemmer, w, len, &stem, &stem_len) ||
        sbuf_append(&mine, stem, stem_len)) {
        sbuf_free(&mine);
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    int asks = 0;
    for (size_t i = 0; i < sizeof quantity_words / sizeof *quantity_words &&
                       !asks && !r->st;
         i++) {
        const char *q = quantity_words[i];
        if (stem_word(r->c->stemmer, q, strlen(q), &stem, &stem_len))
            r->st = SPOR_ENOMEM;
        else
            asks = stem_len == mine.len && !memcmp(stem, mine.data, stem_len);
    }
    xc_query *out = NULL;
    unsigned tf = 0, n = 0;
    sbuf_reset(&r->term);
    if (!asks || r->st)
        ;
    else if (sbuf_append_str(&r->term, ANA_STEM_PREFIX) ||
             sbuf_append(&r->term, mine.data, mine.len))
        r->st = SPOR_ENOMEM;
    else if (xc_db_termfreq(r->c->db, r->term.data, &tf, &r->xerr) ||
             xc_db_doccount(r->c->db, &n, &r->xerr))
        r->st = SPOR_EINTERNAL;
    else if (n > 0 &&
             xc_query_tagged(SCHEMA_TERM_NUMBER,
                             QB_NUMBER_WEIGHT *
                                 log((double)n / (tf ? tf : 1)),
                             &out, &r->xerr))
        r->st = SPOR_EINTERNAL;
    sbuf_free(&mine);
    return out;
}

/* Keeps a copy of each way the word can match, for --explain. */
static int note_for_explain(rw_ctx *r, const char *t, size_t len,
                            xc_query *const *subs, const char *const *kinds,
                            size_t n)
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
        if (!(it->word = strndup(t, len)))
            goto nomem;
        if (xc_query_combine(XC_Q_OR, &subs[i], 1, 0, &it->q, &r->xerr)) {
            free(it->word);
            r->st = SPOR_EINTERNAL;
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
    if (!(f->forms[f->n] = term_query(f->r, "", term, len, 1.0)))
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
            r->st = SPOR_EINTERNAL;
    } else if (!r->st && f->other) {
        /* Even one form that is not the word typed widens the match (a
         * word typed in ASCII, a form the corpus lacks). */
        out = combine(r, XC_Q_OR, f->forms, f->n);
        f->n = 0;
    }
    free_all(f->forms, f->n);
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
static xc_query *derived_query(rw_ctx *r, const char *w, size_t len)
{
    if (is_filter_term(w, len) || stop_contains(r->c->stops, w, len))
        return NULL;
    forms_ctx f = {r, w, len, SBUF_INIT, derived_noun, {NULL}, 0, 0};
    xc_query *out = NULL;
    const char *stem;
    size_t stem_len;
    int noun = ing_verb_stem(r->c->stemmer, w, len, &f.stem);
    if (noun < 0) {
        r->st = SPOR_ENOMEM;
    } else if (noun) {
        out = term_query(r, ANA_STEM_PREFIX, f.stem.data, f.stem.len, 1.0);
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
    return out ? scaled(r, out, QB_DERIVED_WEIGHT) : NULL;
}

/* The OR of the index's forms of phrase word w (any inflection, folded
 * spellings), listed under the prefix w and its stem share; NULL with
 * r->st unset when w has no form but itself (a stop word, a word without
 * inflections in the index). */
static xc_query *phrase_word_forms(rw_ctx *r, const char *w, size_t len)
{
    if (is_filter_term(w, len) || stop_contains(r->c->stops, w, len))
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
        return q ? scaled(r, q, QB_SPELLING_WEIGHT) : NULL;
    }
    return NULL;
}

static xc_query *pair_query(rw_ctx *r, const char *w, size_t len);

static int rewrite_word(void *ctx, const char *t, size_t len, xc_query **out)
{
    rw_ctx *r = ctx;
    if (is_filter_term(t, len))
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
    ADD("stem", stem_query(r, ANA_STEM_PREFIX, t, len));
    ADD("exact", term_query(r, "", t, len, QB_EXACT_WEIGHT));
    ADD("in compound", scaled(r, stem_query(r, ANA_PART_PREFIX, t, len),
                              QB_PART_WEIGHT));
    ADD(QB_KIND_HEADING, scaled(r, stem_query(r, SCHEMA_PREFIX_SECTION, t, len),
                             QB_SECTION_WEIGHT));
    ADD("in title", scaled(r, stem_query(r, SCHEMA_PREFIX_TITLE, t, len),
                           QB_TITLE_WEIGHT));
    ADD_OPTIONAL("its parts", parts_query(r, t, len));
    ADD_OPTIONAL("place tag", place_query(r, t, len));
    ADD_OPTIONAL("a number", number_query(r, t, len));
    ADD_OPTIONAL("spelling", typo_query(r, t, len));
    ADD_OPTIONAL("derived", derived_query(r, t, len));
    ADD_OPTIONAL("joined", pair_query(r, t, len));
    if (r->c->opts.synonyms)
        ADD_OPTIONAL("synonym", synonyms_query(r, t, len));
#undef ADD
#undef ADD_OPTIONAL
    if (r->c->explain && note_for_explain(r, t, len, subs, kinds, n))
        goto fail;
    if (!(*out = combine(r, XC_Q_OR, subs, n)))
        return 1;
    return 0;
fail:
    free_all(subs, n);
    return 1;
}

/* Frees the queries in subs[0..n) that are set, and unsets them. */
static void free_set(xc_query **subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xc_query_free(subs[i]);
        subs[i] = NULL;
    }
}

/* A phrase of n words: OR(phrase of each word's forms, the phrase as
 * typed × QB_PHRASE_EXACT_WEIGHT), explained as one "word", the phrase
 * text. A phrase whose words have no other forms stays as it is. */
/* 1 when the index has w, in some inflection, as a word or a compound
 * part (-1 on failure). */
static int known_stem(rw_ctx *r, const char *w, size_t len)
{
    unsigned tf = 0;
    if (stem_freq(r, ANA_STEM_PREFIX, w, len, &tf))
        return -1;
    if (tf)
        return 1;
    if (stem_freq(r, ANA_PART_PREFIX, w, len, &tf))
        return -1;
    return tf > 0;
}

/* The closed word w as it matches: its stem, and as part of a longer
 * compound. */
static xc_query *closed_query(rw_ctx *r, const char *w, size_t len)
{
    xc_query *ways[2] = {stem_query(r, ANA_STEM_PREFIX, w, len), NULL};
    if (ways[0])
        ways[1] = scaled(r, stem_query(r, ANA_PART_PREFIX, w, len),
                         QB_PART_WEIGHT);
    if (ways[0] && ways[1])
        return combine(r, XC_Q_OR, ways, 2);
    free_set(ways, 2);
    return NULL;
}

/* The phrase's words written as one word, when the index has that word:
 * a Danish compound typed with hyphens ("hoved-server", "top-600") or
 * apart in quotes is the compound the reports write closed. NULL with
 * r->st unset when the index lacks the word. */
static xc_query *joined_query(rw_ctx *r, const char *const *terms,
                              const size_t *lens, size_t n)
{
    sbuf w = SBUF_INIT;
    xc_query *q = NULL;
    for (size_t i = 0; i < n && !r->st; i++)
        if (sbuf_append(&w, terms[i], lens[i]))
            r->st = SPOR_ENOMEM;
    int known = r->st ? 0 : known_stem(r, w.data, w.len);
    if (known < 0 && !r->st)
        r->st = SPOR_EINTERNAL;
    if (known > 0)
        q = closed_query(r, w.data, w.len);
    sbuf_free(&w);
    return q;
}

/* The query's plain words in order, for finding pairs written apart. */
typedef struct word_seq {
    char *v[QB_MAX_JOINS + 1];
    size_t n;
    const stop_list *stops;
    int oom;
} word_seq;

static int collect_word(void *ctx, const char *t, size_t len, unsigned tf)
{
    (void)tf;
    word_seq *ws = ctx;
    if (is_filter_term(t, len) || stop_contains(ws->stops, t, len) ||
        memchr(t, '*', len))
        return 0;
    return add_copy(ws->v, &ws->n, sizeof ws->v / sizeof *ws->v, &ws->oom, t,
                    len);
}

/* Finds the adjacent pairs of the query's words that the index has as one
 * word: written straight together ("top" "600") or with the linking s
 * ("job" "center" is "jobcenter", "beskæftigelse" "indsats" is
 * "beskæftigelsesindsats"). */
static void find_joins(rw_ctx *r, const xc_query *parsed)
{
    word_seq ws = {{NULL}, 0, r->c->stops, 0};
    xc_error xe;
    if (xc_query_each_term(parsed, collect_word, &ws, &xe) != XC_OK &&
        !ws.oom)
        r->st = SPOR_EINTERNAL;
    if (ws.oom)
        r->st = SPOR_ENOMEM;
    sbuf w = SBUF_INIT;
    for (size_t i = 0; i + 1 < ws.n && !r->st && r->n_joins < QB_MAX_JOINS;
         i++) {
        size_t la = strlen(ws.v[i]);
        for (int link = 0; link <= 1 && !r->st; link++) {
            if (link && la && ws.v[i][la - 1] == 's')
                break;
            sbuf_reset(&w);
            if (sbuf_append_str(&w, ws.v[i]) ||
                (link && sbuf_append_char(&w, 's')) ||
                sbuf_append_str(&w, ws.v[i + 1])) {
                r->st = SPOR_ENOMEM;
                break;
            }
            int known = known_stem(r, w.data, w.len);
            if (known < 0) {
                r->st = SPOR_EINTERNAL;
            } else if (known) {
                join_pair *j = &r->joins[r->n_joins];
                j->first = strdup(ws.v[i]);
                j->second = strdup(ws.v[i + 1]);
                j->joined = strdup(w.data);
                r->n_joins++;
                if (!j->first || !j->second || !j->joined)
                    r->st = SPOR_ENOMEM;
                break;
            }
        }
    }
    sbuf_free(&w);
    for (size_t i = 0; i < ws.n; i++)
        free(ws.v[i]);
}

/* w as one half of a pair written apart: the closed word of each pair it
 * is in, or NULL (r->st tells a failure apart). */
static xc_query *pair_query(rw_ctx *r, const char *w, size_t len)
{
    xc_query *subs[QB_MAX_JOINS];
    size_t n = 0;
    for (size_t i = 0; i < r->n_joins && !r->st; i++) {
        const join_pair *j = &r->joins[i];
        if ((strlen(j->first) != len || memcmp(j->first, w, len)) &&
            (strlen(j->second) != len || memcmp(j->second, w, len)))
            continue;
        xc_query *q = closed_query(r, j->joined, strlen(j->joined));
        if (q)
            subs[n++] = q;
    }
    if (r->st) {
        free_all(subs, n);
        return NULL;
    }
    return n ? scaled(r, combine(r, XC_Q_OR, subs, n), QB_JOINED_WEIGHT)
             : NULL;
}

static int rewrite_phrase(void *ctx, const char *const *terms,
                          const size_t *lens, size_t n, xc_query **out)
{
    rw_ctx *r = ctx;
    xc_query **exact = calloc(n, sizeof *exact);
    xc_query **any = calloc(n, sizeof *any);
    xc_query *typed = NULL, *forms = NULL, *joined = NULL;
    int inflected = 0;
    sbuf text = SBUF_INIT;
    if (!exact || !any) {
        r->st = SPOR_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(exact[i] = term_query(r, "", terms[i], lens[i], 1.0)))
            goto done;
        any[i] = phrase_word_forms(r, terms[i], lens[i]);
        if (r->st)
            goto done;
        if (any[i])
            inflected = 1;
        else if (!(any[i] = term_query(r, "", terms[i], lens[i], 1.0)))
            goto done;
        if ((i && sbuf_append(&text, " ", 1)) ||
            sbuf_append(&text, terms[i], lens[i])) {
            r->st = SPOR_ENOMEM;
            goto done;
        }
    }
    joined = joined_query(r, terms, lens, n);
    if (r->st)
        goto done;
    /* combine() consumes its subqueries, failing or not. */
    typed = combine(r, XC_Q_PHRASE, exact, n);
    memset(exact, 0, n * sizeof *exact);
    if (!typed)
        goto done;
    if (!inflected && !joined) {
        /* Unchanged; only the explanation is new. */
        const char *kind = "phrase";
        if (r->c->explain)
            note_for_explain(r, text.data, text.len, &typed, &kind, 1);
        goto done;
    }
    xc_query *ways[3];
    const char *kinds[3];
    size_t k = 0;
    if (inflected) {
        forms = combine(r, XC_Q_PHRASE, any, n);
        memset(any, 0, n * sizeof *any);
        if (!forms || !(typed = scaled(r, typed, QB_PHRASE_EXACT_WEIGHT)))
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
    if (r->c->explain &&
        note_for_explain(r, text.data, text.len, ways, kinds, k))
        goto done;
    *out = combine(r, XC_Q_OR, ways, k);
    forms = typed = joined = NULL;
done:
    if (exact)
        free_set(exact, n);
    if (any)
        free_set(any, n);
    xc_query_free(typed);
    xc_query_free(forms);
    xc_query_free(joined);
    free(exact);
    free(any);
    sbuf_free(&text);
    return r->st != SPOR_OK || (inflected && !*out);
}

spor_status qb_expand(const qb_context *c, const xc_query *parsed,
                      xc_query **out, spor_err *err)
{
    rw_ctx r = {c, SBUF_INIT, {XC_OK, ""}, SPOR_OK, {{NULL, NULL, NULL}}, 0};
    xc_error xe = {XC_OK, ""};
    find_joins(&r, parsed);
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
    return spor_fail(err, SPOR_EINTERNAL, "query: %s",
                     r.xerr.msg[0] ? r.xerr.msg : xe.msg);
}

void qb_explain_free(qb_explain *ex)
{
    for (size_t i = 0; i < ex->n; i++) {
        free(ex->items[i].word);
        xc_query_free(ex->items[i].q);
    }
    free(ex->items);
    memset(ex, 0, sizeof *ex);
}
