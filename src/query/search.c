/* The query path: open an index, parse a query the way the index was
 * analysed, rank passages with BM25, fold copies of the same passage into
 * one hit, and attach highlights and a snippet to each hit.
 *
 * Copies: the corpus may hold one report twice (a clean text and a raw PDF
 * extraction), segmented differently, so copies are rarely byte-identical
 * passages. A hit whose word trigrams are mostly contained in a higher hit
 * is folded into it and listed in its also_in. */
#include "spor/search.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spor/buf.h"
#include "spor/indexer.h"
#include "spor/normalise.h"
#include "spor/stem.h"
#include "spor/stopwords.h"
#include "spor/tokenise.h"
#include "spor/utf8.h"
#include "xapian_c.h"

/* Share of the smaller passage's word trigrams found in the other, above
 * which two passages count as copies. Half is well above what two
 * different passages on one topic share (a few stock phrases) and below
 * what two extractions of one page share (line breaks and hyphenation
 * change only the trigrams around them). */
#define NEAR_DUP_CONTAINMENT 0.5
/* Candidates fetched beyond the page, so that folding copies still fills
 * the page: at most two copies of a passage exist in practice. */
#define CANDIDATE_FACTOR 3
#define CANDIDATE_EXTRA 20
/* Wildcards expand to at most this many terms: a lone "b*" must not turn
 * into a query that runs for seconds. */
#define WILDCARD_MAX_EXPANSION 200
/* The longest query accepted; longer input is almost surely a mistake
 * (a file piped in), and Xapian's parser is not built for it. */
#define QUERY_MAX_BYTES 8192
/* Each word of a query costs a posting list or two; a pasted page of
 * text is not a query, and on a large index it would run for seconds. A
 * long paragraph still fits. */
#define QUERY_MAX_WORDS 256
/* Each wildcard may expand to WILDCARD_MAX_EXPANSION terms; this keeps
 * the whole query under a few thousand terms. */
#define QUERY_MAX_WILDCARDS 8

/* Times to re-resolve "current" when the generation it named vanished
 * while being opened; each retry means a writer published meanwhile. */
#define OPEN_ATTEMPTS 5

struct spor_index {
    char *dir;
    char *db_path;
    xc_db *db;
    schema_doctable docs;
    stop_list *stops;
    stem_stemmer *stemmer;
    xc_qparser *qp;
};

const schema_doctable *spor_index_docs(const spor_index *ix)
{
    return &ix->docs;
}

void spor_index_close(spor_index *ix)
{
    if (!ix)
        return;
    xc_qparser_free(ix->qp);
    xc_db_close(ix->db);
    schema_doctable_free(&ix->docs);
    stop_free(ix->stops);
    stem_free(ix->stemmer);
    free(ix->db_path);
    free(ix->dir);
    free(ix);
}

static spor_status xfail(spor_err *err, const char *what, const char *dir,
                         const xc_error *xe)
{
    spor_status st = xe->status == XC_ENOMEM ? SPOR_ENOMEM : SPOR_EINDEX;
    /* Xapian finds a damaged table only when it reads the damaged block,
     * so any failure below may be damage: say how to recover. */
    int damage = xe->status == XC_ECORRUPT || xe->status == XC_EOPENING ||
                 xe->status == XC_EOTHER;
    return spor_fail(err, st, "%s: %s: %s%s", dir, what, xe->msg,
                     damage ? " (index damaged? rebuild it with 'spor index "
                              "--rebuild')" : "");
}

static spor_status read_meta(spor_index *ix, const char *key, char **out,
                             size_t *len, spor_err *err)
{
    xc_error xe;
    xc_status xs = xc_db_get_metadata(ix->db, key, out, len, &xe);
    if (xs == XC_ENOTFOUND)
        return spor_fail(err, SPOR_EINDEX, "%s: not a spor index (no %s); "
                         "rebuild it with 'spor index'", ix->dir, key);
    if (xs != XC_OK)
        return xfail(err, "index is damaged", ix->dir, &xe);
    return SPOR_OK;
}

/* The field:value filters of the query syntax. */
static const struct { const char *field, *prefix; } filters[] = {
    {"sted", SCHEMA_PREFIX_PLACE}, {"place", SCHEMA_PREFIX_PLACE},
    {"doc", SCHEMA_PREFIX_DOC},    {"år", SCHEMA_PREFIX_YEAR},
    {"year", SCHEMA_PREFIX_YEAR},  {"id", SCHEMA_PREFIX_ID},
};

static spor_status setup_parser(spor_index *ix, spor_err *err)
{
    xc_error xe;
    if (xc_qparser_new(&ix->qp, &xe) ||
        xc_qparser_set_database(ix->qp, ix->db, &xe) ||
        xc_qparser_set_stemmer(ix->qp, stem_xapian_callback, ix->stemmer,
                               &xe) ||
        xc_qparser_set_stemming_strategy(ix->qp, XC_STEM_SOME, &xe) ||
        xc_qparser_set_default_op(ix->qp, XC_OP_OR, &xe) ||
        xc_qparser_set_max_expansion(ix->qp, WILDCARD_MAX_EXPANSION, &xe))
        return xfail(err, "query parser", ix->dir, &xe);
    for (size_t i = 0; i < sizeof filters / sizeof *filters; i++)
        if (xc_qparser_add_boolean_prefix(ix->qp, filters[i].field,
                                          filters[i].prefix, &xe))
            return xfail(err, "query parser", ix->dir, &xe);
    for (size_t i = 0; i < stop_count(ix->stops); i++)
        if (xc_qparser_add_stopword(ix->qp, stop_word(ix->stops, i), &xe))
            return xfail(err, "query parser", ix->dir, &xe);
    return SPOR_OK;
}

spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err)
{
    spor_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->dir = strdup(dir))) {
        free(ix);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    spor_status st = SPOR_OK;
    char *meta = NULL;
    size_t len = 0;
    xc_error xe;
    /* A writer may publish a new generation and remove this one between
     * resolving "current" and opening it: then resolve again. */
    for (int attempt = 0;; attempt++) {
        if ((st = idx_current_path(dir, &ix->db_path, err)) != SPOR_OK)
            goto fail;
        if (xc_db_open(ix->db_path, &ix->db, &xe) == XC_OK)
            break;
        char *again = NULL;
        spor_err ignored;
        int moved = idx_current_path(dir, &again, &ignored) == SPOR_OK &&
                    strcmp(again, ix->db_path) != 0;
        free(again);
        if (!moved || attempt + 1 >= OPEN_ATTEMPTS) {
            st = xfail(err, "cannot open index", dir, &xe);
            goto fail;
        }
        free(ix->db_path);
        ix->db_path = NULL;
    }
    if ((st = read_meta(ix, SCHEMA_META_VERSION, &meta, &len, err)))
        goto fail;
    if (atoi(meta) != SCHEMA_VERSION) {
        st = spor_fail(err, SPOR_EINDEX, "%s: index has schema version %s, "
                       "this spor reads version %d; rebuild it with 'spor "
                       "index'", dir, meta, SCHEMA_VERSION);
        goto fail;
    }
    free(meta);
    meta = NULL;
    if ((st = read_meta(ix, SCHEMA_META_DOCS, &meta, &len, err)))
        goto fail;
    if ((st = schema_doctable_decode(meta, len, &ix->docs, err))) {
        spor_err inner = *err;
        st = spor_fail(err, st, "%s: %s", dir, inner.msg);
        goto fail;
    }
    free(meta);
    meta = NULL;
    /* An index built without a stop list has no stopwords key. */
    if (xc_db_get_metadata(ix->db, SCHEMA_META_STOPWORDS, &meta, &len,
                           &xe) == XC_OK)
        st = stop_parse(meta, len, &ix->stops, err);
    else
        st = stop_parse("", 0, &ix->stops, err);
    if (st || (st = stem_new("danish", &ix->stemmer, err)) ||
        (st = setup_parser(ix, err)))
        goto fail;
    free(meta);
    *out = ix;
    return SPOR_OK;
fail:
    free(meta);
    spor_index_close(ix);
    return st;
}

void spor_search_opts_default(spor_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_words = SNIP_DEFAULT_WORDS;
}

/* ---- query terms, for highlighting ----------------------------------- */

typedef struct term_set {
    char **terms;
    size_t n, cap;
    stem_stemmer *stemmer;
    sbuf scratch;
} term_set;

static int term_cb(void *ctx, const char *term, size_t len, unsigned tf)
{
    term_set *s = ctx;
    (void)tf;
    /* Filter terms (capital prefixes other than Z) are not words. */
    if (len && term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z')
        return 0;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **p = realloc(s->terms, cap * sizeof *p);
        if (!p)
            return 1;
        s->terms = p;
        s->cap = cap;
    }
    if (!(s->terms[s->n] = strndup(term, len)))
        return 1;
    s->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int term_index(const term_set *s, const char *key)
{
    if (s->n == 0) /* a pure NOT or wildcard query: bsearch wants a base */
        return -1;
    char *const *hit = bsearch(&key, s->terms, s->n, sizeof *s->terms, cmp_str);
    return hit ? (int)(hit - s->terms) : -1;
}

/* snip_match_fn: the word itself, or its stem, is a query term. */
static int match_word(void *ctx, const char *term, size_t len)
{
    term_set *s = ctx;
    sbuf_reset(&s->scratch);
    if (sbuf_append(&s->scratch, term, len))
        return -1;
    int id = term_index(s, s->scratch.data);
    if (id >= 0)
        return id;
    const char *stem;
    size_t stem_len;
    if (stem_word(s->stemmer, term, len, &stem, &stem_len))
        return -1;
    sbuf_reset(&s->scratch);
    if (sbuf_append_char(&s->scratch, 'Z') ||
        sbuf_append(&s->scratch, stem, stem_len))
        return -1;
    return term_index(s, s->scratch.data);
}

static void term_set_free(term_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->terms[i]);
    free(s->terms);
    sbuf_free(&s->scratch);
}

/* ---- copies ------------------------------------------------------------- */

typedef struct shingles {
    uint64_t *h;
    size_t n;
} shingles;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The sorted, distinct hashes of text's word trigrams. */
static spor_status make_shingles(const char *text, size_t len, shingles *out)
{
    uint64_t w[3] = {0, 0, 0};
    size_t n_words = 0, cap = 0;
    tok_iter it;
    tok_token t;
    out->h = NULL;
    out->n = 0;
    tok_init(&it, text, len);
    int r;
    while ((r = tok_next(&it, &t)) == 1) {
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < t.term_len; i++)
            h = (h ^ (unsigned char)t.term[i]) * 0x100000001b3ULL;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = h;
        if (++n_words < 3)
            continue;
        if (out->n == cap) {
            size_t ncap = cap ? cap * 2 : 128;
            uint64_t *p = realloc(out->h, ncap * sizeof *p);
            if (!p) {
                r = -1;
                break;
            }
            out->h = p;
            cap = ncap;
        }
        out->h[out->n++] = w[0] * 31 * 31 + w[1] * 31 + w[2];
    }
    tok_done(&it);
    if (r < 0) {
        free(out->h);
        out->h = NULL;
        out->n = 0;
        return SPOR_ENOMEM;
    }
    if (out->n) {
        qsort(out->h, out->n, sizeof *out->h, cmp_u64);
        size_t k = 1;
        for (size_t i = 1; i < out->n; i++)
            if (out->h[i] != out->h[k - 1])
                out->h[k++] = out->h[i];
        out->n = k;
    }
    return SPOR_OK;
}

static int are_copies(const shingles *a, const shingles *b)
{
    size_t small = a->n < b->n ? a->n : b->n;
    if (small == 0)
        return 0;
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j])
            i++;
        else if (a->h[i] > b->h[j])
            j++;
        else
            common++, i++, j++;
    }
    return (double)common >= NEAR_DUP_CONTAINMENT * (double)small;
}

/* ---- search ------------------------------------------------------------ */

typedef struct candidate {
    unsigned docid;
    double score;
    schema_record rec;
    shingles sh;
    long copy_of;  /* index of the kept candidate it copies, or -1 */
} candidate;

void spor_results_free(spor_results *r)
{
    for (size_t i = 0; i < r->n; i++) {
        schema_record_free(&r->hits[i].rec);
        snip_result_free(&r->hits[i].snip);
        free(r->hits[i].also_in);
    }
    free(r->hits);
    memset(r, 0, sizeof *r);
}

/* 1 for the words Xapian's parser takes as operators (FLAG_BOOLEAN). */
static int is_operator_word(const char *w, size_t n)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR",
                                      "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        size_t k = strlen(ops[i]);
        if (n < k || memcmp(w, ops[i], k) != 0)
            continue;
        if (n == k)
            return 1;
        if (w[k] != '/' || n == k + 1) /* NEAR/3, ADJ/2 */
            continue;
        size_t j = k + 1;
        while (j < n && w[j] >= '0' && w[j] <= '9')
            j++;
        if (j == n)
            return 1;
    }
    return 0;
}

/* The query as plain words: operators, parentheses and quotes dropped.
 * What someone who wrote "bolig AND" or "(bolig" most likely meant, when
 * Xapian's parser refuses the query as written. */
static spor_status plain_reading(const char *q, size_t len, sbuf *out)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && q[i] == ' ')
            i++;
        size_t start = i;
        while (i < len && q[i] != ' ')
            i++;
        if (i == start || is_operator_word(q + start, i - start))
            continue;
        if (out->len && sbuf_append_char(out, ' '))
            return SPOR_ENOMEM;
        for (size_t j = start; j < i; j++)
            if (q[j] != '(' && q[j] != ')' && q[j] != '"' &&
                sbuf_append_char(out, q[j]))
                return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

/* Turns "field:word" with a field the syntax does not know into two words
 * (Xapian would read it as a phrase, which silently finds nothing). */
static void split_unknown_fields(char *q, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && q[i] != ' ' && q[i] != ':' && q[i] != '"' &&
               q[i] != '(')
            i++;
        if (i < len && q[i] == ':' && i > start && i + 1 < len &&
            q[i + 1] != ' ') {
            int known = 0, letters = 1;
            for (size_t k = start; k < i; k++)
                letters &= (unsigned char)q[k] >= 0x80 ||
                           (q[k] >= 'a' && q[k] <= 'z') ||
                           (q[k] >= 'A' && q[k] <= 'Z');
            for (size_t f = 0; f < sizeof filters / sizeof *filters; f++)
                known |= strlen(filters[f].field) == i - start &&
                         !memcmp(filters[f].field, q + start, i - start);
            if (letters && !known)
                q[i] = ' ';
        }
        i++;
    }
}

/* Trailing-* wildcards in q (a '*' right after a word character). */
static size_t count_wildcards(const char *q, size_t len)
{
    size_t n = 0;
    for (size_t i = 1; i < len; i++)
        n += q[i] == '*' && q[i - 1] != ' ' && q[i - 1] != '*';
    return n;
}

static spor_status parse_query(spor_index *ix, const char *query,
                               xc_query **q, spor_err *err)
{
    size_t qlen = strlen(query);
    if (qlen > QUERY_MAX_BYTES)
        return spor_fail(err, SPOR_EQUERY, "query is %zu bytes long; the "
                         "limit is %d", qlen, QUERY_MAX_BYTES);
    size_t bad_at;
    if (!utf8_valid(query, qlen)) {
        sbuf tmp = SBUF_INIT;
        size_t n_bad = 0;
        bad_at = 0;
        utf8_sanitize(query, qlen, &tmp, &n_bad, &bad_at);
        sbuf_free(&tmp);
        return spor_fail(err, SPOR_EQUERY, "query is not valid UTF-8 (bad "
                         "byte at offset %zu)", bad_at);
    }
    sbuf flat = SBUF_INIT, norm = SBUF_INIT, plain = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < qlen && !st; i++)
        st = sbuf_append_char(&flat, query[i] == '\n' || query[i] == '\r' ||
                                             query[i] == '\t' ? ' ' : query[i]);
    if (!st)
        st = norm_line(flat.data ? flat.data : "", flat.len, &norm);
    sbuf_free(&flat);
    if (st) {
        sbuf_free(&norm);
        return spor_fail(err, st, "query: out of memory");
    }
    if (norm.data)
        split_unknown_fields(norm.data, norm.len);
    const char *text = norm.data ? norm.data : "";
    size_t n_words = tok_count(text, norm.len);
    size_t n_wild = count_wildcards(text, norm.len);
    if (n_words > QUERY_MAX_WORDS) {
        sbuf_free(&norm);
        return spor_fail(err, SPOR_EQUERY, "query has %zu words; the limit is "
                         "%d", n_words, QUERY_MAX_WORDS);
    }
    if (n_wild > QUERY_MAX_WILDCARDS) {
        sbuf_free(&norm);
        return spor_fail(err, SPOR_EQUERY, "query has %zu wildcards; the "
                         "limit is %d", n_wild, QUERY_MAX_WILDCARDS);
    }
    xc_error xe;
    xc_status xs = xc_qparser_parse(ix->qp, text,
                                    XC_QP_DEFAULT | XC_QP_PURE_NOT, q, &xe);
    if (xs == XC_EQUERY) {
        xc_error xe2;
        if (plain_reading(text, norm.len, &plain) != SPOR_OK)
            xs = XC_ENOMEM;
        else if (plain.len &&
                 xc_qparser_parse(ix->qp, plain.data,
                                  XC_QP_LOVEHATE | XC_QP_WILDCARD, q,
                                  &xe2) == XC_OK) {
            if (xc_query_is_empty(*q)) {
                xc_query_free(*q);
                *q = NULL;
            } else {
                xs = XC_OK;
            }
        }
    }
    if (xs != XC_OK) {
        st = spor_fail(err, xs == XC_ENOMEM ? SPOR_ENOMEM : SPOR_EQUERY,
                       "cannot parse query '%s': %s", text, xe.msg);
    } else if (xc_query_is_empty(*q)) {
        st = spor_fail(err, SPOR_EQUERY, "query '%s' has no words to search "
                       "for", text);
        xc_query_free(*q);
        *q = NULL;
    }
    sbuf_free(&plain);
    sbuf_free(&norm);
    return st;
}

static spor_status fetch_candidates(spor_index *ix, const xc_query *q,
                                    unsigned want, candidate **out,
                                    size_t *n_out, unsigned *estimated,
                                    spor_err *err)
{
    xc_search_opts so;
    xc_search_opts_default(&so);
    xc_mset *ms = NULL;
    xc_error xe;
    if (xc_db_search(ix->db, q, &so, 0, want, &ms, &xe) != XC_OK)
        return xfail(err, "search failed", ix->dir, &xe);
    unsigned n = xc_mset_size(ms);
    *estimated = xc_mset_matches_estimated(ms);
    candidate *c = calloc(n ? n : 1, sizeof *c);
    if (!c) {
        xc_mset_free(ms);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    spor_status st = SPOR_OK;
    size_t k = 0;
    for (unsigned i = 0; i < n && !st; i++) {
        char *data = NULL;
        size_t len = 0;
        candidate *cd = &c[k];
        cd->copy_of = -1;
        if (xc_mset_get(ms, i, &cd->docid, &cd->score, &xe) ||
            xc_db_get_data(ix->db, cd->docid, &data, &len, &xe)) {
            st = xfail(err, "reading a hit", ix->dir, &xe);
            break;
        }
        st = schema_record_decode(data, len, &cd->rec, err);
        free(data);
        if (!st && cd->rec.doc_ord >= ix->docs.n) {
            schema_record_free(&cd->rec);
            st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (passage "
                           "of an unknown document)", ix->dir);
        }
        if (!st)
            k++;
    }
    xc_mset_free(ms);
    *out = c;
    *n_out = k;
    return st;
}

static void free_candidates(candidate *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        schema_record_free(&c[i].rec);
        free(c[i].sh.h);
    }
    free(c);
}

static spor_status fold_copies(candidate *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (make_shingles(c[i].rec.text, c[i].rec.text_len, &c[i].sh))
            return SPOR_ENOMEM;
    for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (c[j].copy_of < 0 && are_copies(&c[i].sh, &c[j].sh)) {
                c[i].copy_of = (long)j;
                break;
            }
    return SPOR_OK;
}

spor_status spor_search(spor_index *ix, const char *query,
                        const spor_search_opts *o, spor_results *out,
                        spor_err *err)
{
    memset(out, 0, sizeof *out);
    xc_query *q = NULL;
    spor_status st = parse_query(ix, query, &q, err);
    if (st)
        return st;

    term_set terms = {0};
    terms.stemmer = ix->stemmer;
    xc_error xe;
    if (xc_query_each_term(q, term_cb, &terms, &xe) != XC_OK) {
        xc_query_free(q);
        term_set_free(&terms);
        return xfail(err, "query terms", ix->dir, &xe);
    }
    if (terms.n)
        qsort(terms.terms, terms.n, sizeof *terms.terms, cmp_str);

    unsigned page = o->offset + o->limit;
    unsigned want = o->keep_duplicates ? page
                                       : page * CANDIDATE_FACTOR + CANDIDATE_EXTRA;
    candidate *c = NULL;
    size_t n = 0;
    st = fetch_candidates(ix, q, want, &c, &n, &out->estimated, err);
    xc_query_free(q);
    if (!st && !o->keep_duplicates && fold_copies(c, n))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st) {
        out->hits = calloc(o->limit ? o->limit : 1, sizeof *out->hits);
        if (!out->hits)
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    unsigned kept = 0;
    for (size_t i = 0; i < n && !st; i++) {
        if (c[i].copy_of >= 0)
            continue;
        if (kept++ < o->offset)
            continue;
        if (out->n >= o->limit)
            break;
        spor_hit *h = &out->hits[out->n];
        h->rank = o->offset + (unsigned)out->n + 1;
        h->score = c[i].score;
        h->doc = &ix->docs.docs[c[i].rec.doc_ord];
        schema_passage_id(h->doc->id, c[i].rec.passage_ord, h->id);
        size_t n_copies = 0;
        for (size_t j = i + 1; j < n; j++)
            n_copies += c[j].copy_of == (long)i;
        if (n_copies) {
            h->also_in = calloc(n_copies, sizeof *h->also_in);
            if (!h->also_in) {
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
                break;
            }
            for (size_t j = i + 1; j < n; j++)
                if (c[j].copy_of == (long)i)
                    schema_passage_id(ix->docs.docs[c[j].rec.doc_ord].id,
                                      c[j].rec.passage_ord,
                                      h->also_in[h->n_also_in++]);
        }
        h->rec = c[i].rec;
        memset(&c[i].rec, 0, sizeof c[i].rec);
        out->n++;
        st = snip_build(h->rec.text, h->rec.text_len, match_word, &terms,
                        o->snippet_words, &h->snip, err);
    }
    free_candidates(c, n);
    term_set_free(&terms);
    if (st)
        spor_results_free(out);
    return st;
}

/* ---- stats --------------------------------------------------------------- */

static uint64_t dir_bytes(const char *path)
{
    DIR *d = opendir(path);
    uint64_t total = 0;
    if (!d)
        return 0;
    struct dirent *e;
    sbuf p = SBUF_INIT;
    while ((e = readdir(d))) {
        struct stat sb;
        sbuf_reset(&p);
        if (sbuf_printf(&p, "%s/%s", path, e->d_name) == SPOR_OK &&
            stat(p.data, &sb) == 0 && S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
    }
    sbuf_free(&p);
    closedir(d);
    return total;
}

typedef struct count_ctx {
    unsigned long words, stems;
} count_ctx;

static int count_term(void *ctx, const char *term, size_t len, unsigned tf)
{
    count_ctx *c = ctx;
    (void)tf;
    if (!len)
        return 0;
    if (term[0] == 'Z')
        c->stems++;
    else if (!(term[0] >= 'A' && term[0] <= 'Z'))
        c->words++;
    return 0;
}

spor_status spor_index_get_stats(spor_index *ix, spor_index_stats *out,
                                 spor_err *err)
{
    memset(out, 0, sizeof *out);
    xc_error xe;
    unsigned n;
    count_ctx cc = {0, 0};
    if (xc_db_doccount(ix->db, &n, &xe) ||
        xc_db_each_term(ix->db, "", count_term, &cc, &xe))
        return xfail(err, "reading statistics", ix->dir, &xe);
    out->n_passages = n;
    out->n_docs = (unsigned)ix->docs.n;
    out->n_terms = cc.words;
    out->n_stems = cc.stems;
    for (size_t i = 0; i < ix->docs.n; i++)
        out->raw_bytes += ix->docs.docs[i].size;
    out->index_bytes = dir_bytes(ix->db_path);
    return SPOR_OK;
}
