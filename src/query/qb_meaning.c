/* Ways a query word matches by what it means rather than by its letters:
 * its synonyms from the index's table, the place it names (its tag), and
 * a stated number when the word asks for a quantity. Only the query
 * builder's files use it, through qb_int.h. */
#include "qb_int.h"
#include "placename.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "spor/analysis/analyser.h"
#include "spor/store/schema.h"
#include "spor/text/utf8.h"

/* Synonyms widen the net; a thesaurus pair is right in one sense of the
 * word only, so a synonym match counts well below the word typed. */
#define QB_SYNONYM_WEIGHT 0.3
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
/* Synonyms used per word: the thesaurus lists up to a dozen. */
#define QB_MAX_SYNONYMS 12

typedef struct syn_list {
    char *v[QB_MAX_SYNONYMS];
    size_t n;
    int oom;
} syn_list;

static int collect_synonym(void *ctx, const char *term, size_t len,
                           unsigned tf)
{
    syn_list *l = ctx;
    (void)tf;
    return qb_add_copy(l->v, &l->n, QB_MAX_SYNONYMS, &l->oom, term, len);
}

/* A stored synonym: a word, or a phrase of words, matched exactly. */
static xc_query *synonym_query(rw_ctx *r, const char *v)
{
    xc_query *words[8];
    size_t n = 0;
    for (const char *p = v; *p && n < 8;) {
        size_t k = strcspn(p, " ");
        if (!(words[n] = qb_term_query(r, "", p, k, 1.0))) {
            qb_free_all(words, n);
            return NULL;
        }
        n++;
        p += k + (p[k] == ' ');
    }
    if (n == 1)
        return words[0];
    xc_query *q = NULL;
    if (n && xc_query_combine(XC_Q_PHRASE, words, n, 0, &q, &r->xerr))
        qb_xc_fail(r);
    qb_free_all(words, n);
    return q;
}

/* Inflectional endings, longest first: the synonym table is keyed by base
 * forms, so "ledige" looks up "ledig" when it has no entry of its own. */
static const char *const endings[] = {"erne", "ene", "ers", "er", "en",
                                      "et", "e", "s"};

/* OR of w's synonyms from the index's synonym table, scaled down; NULL
 * when w has none (r->st tells a failure apart). */
xc_query *qb_synonyms_query(rw_ctx *r, const char *w, size_t len)
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
            if (l.oom)
                r->st = SPOR_ENOMEM;
            else
                qb_xc_fail(r);
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
        qb_free_all(qs, k);
        return NULL;
    }
    return qb_scaled(r, qb_combine(r, XC_Q_OR, qs, k), QB_SYNONYM_WEIGHT);
}

/* Passages tagged with the place w names (not its parents: "aalborg"
 * means Aalborg, not its region); NULL when w names none (r->st tells a
 * failure apart). Place names that are also common words ("vejen") need a
 * capital to count, and the parser has lower-cased the word: they never
 * match here. */
xc_query *qb_place_query(rw_ctx *r, const char *w, size_t len)
{
    int held = 0;
    if (!r->c->gaz)
        return NULL;
    if (r->c->query && pn_word_held(r->c->query, w, len, &held)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    if (held)
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
            qb_xc_fail(r);
        else if (tf > 0 && tf < n &&
                 xc_query_tagged(r->term.data,
                                 QB_PLACE_WEIGHT * log((double)n / tf), &q,
                                 &r->xerr))
            qb_xc_fail(r);
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
xc_query *qb_number_query(rw_ctx *r, const char *w, size_t len)
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
        qb_xc_fail(r);
    else if (n > 0 &&
             xc_query_tagged(SCHEMA_TERM_NUMBER,
                             QB_NUMBER_WEIGHT *
                                 log((double)n / (tf ? tf : 1)),
                             &out, &r->xerr))
        qb_xc_fail(r);
    sbuf_free(&mine);
    return out;
}
