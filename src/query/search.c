/* The query path: open an index, parse a query the way the index was
 * analysed and expand its words (qbuild.h), rank passages with BM25 and
 * the prose prior (rank.h), collapse copies of the same passage into one
 * hit, and attach highlights and a snippet to each hit. A query without
 * hits is retried with its spelling corrected (spell.h).
 *
 * Copies: the corpus may hold one report twice (a clean text and a raw PDF
 * extraction). The indexer puts copies of a passage in one copy group
 * (copies.h); Xapian collapses each group to its best hit, and the hit
 * lists the group's other passages in also_in. */
#include "spor/query/search.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/analysis/analyser.h"
#include "spor/text/buf.h"
#include "spor/store/copies.h"
#include "spor/analysis/compound.h"
#include "filters.h"
#include "spor/store/indexer.h"
#include "spor/text/normalise.h"
#include "spor/query/loosen.h"
#include "qbuild.h"
#include "spor/query/rank.h"
#include "spor/store/shards.h"
#include "spell.h"
#include "spor/analysis/lexicon.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "spor/text/strmap.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"
#include "xapian_c.h"

/* Candidates fetched beyond the page, so that the prose prior can lift a
 * passage from below the page into it: the prior at most halves a score
 * (rank.c), so a passage ranked well below the page by BM25 alone may
 * still belong on it. Copies need no room here, Xapian collapses them. */
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

/* The field that names one passage (the other fields are filters.h's). */
#define QUERY_ID_FIELD "id"

struct spor_index {
    const char *wordlist;  /* Danish word list, or NULL */
    char *dir;
    shd_set set;     /* the database(s) opened; db is set.db */
    xc_db *db;
    /* docs.n is the document count; an entry is read from the index when
     * first needed (path NULL until then) and stays where it is, so hits
     * can borrow it. all_docs: every entry has been read. */
    schema_doctable docs;
    int all_docs;
    unsigned *loaded;      /* ordinals of the entries read */
    size_t n_loaded, loaded_cap;
    char *zdict;           /* the passages' compression dictionary */
    size_t zdict_len;
    stop_list *stops;
    stem_stemmer *stemmer;
    xc_qparser *qp;
    pl_gazetteer *gaz;  /* the index's copy; NULL in an index without one */
    flt_ctx flt;
};

const pl_gazetteer *spor_index_gazetteer(const spor_index *ix)
{
    return ix->gaz;
}

void spor_index_close(spor_index *ix)
{
    if (!ix)
        return;
    xc_qparser_free(ix->qp);
    shd_close(&ix->set);
    /* Only the entries read: walking the whole table would touch every
     * page of it. */
    for (size_t i = 0; i < ix->n_loaded; i++)
        schema_docinfo_free(&ix->docs.docs[ix->loaded[i]]);
    free(ix->docs.docs);
    free(ix->loaded);
    free(ix->zdict);
    stop_free(ix->stops);
    stem_free(ix->stemmer);
    pl_free(ix->gaz);
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

/* Reads document ord's entry into the table, unless it is there. */
static spor_status load_doc(spor_index *ix, unsigned ord, spor_err *err)
{
    if (ord >= ix->docs.n)
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged (passage "
                         "of an unknown document)", ix->dir);
    if (ix->docs.docs[ord].path)
        return SPOR_OK;
    char key[SCHEMA_DOC_KEY_MAX];
    char *meta = NULL;
    size_t len = 0;
    if (spor_grow(&ix->loaded, &ix->loaded_cap, ix->n_loaded,
                  sizeof *ix->loaded, 32))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    schema_doc_key(ord, key);
    spor_status st = read_meta(ix, key, &meta, &len, err);
    schema_doctable one;
    if (!st && (st = schema_doctable_decode(meta, len, &one, err)) == SPOR_OK) {
        if (one.n == 1) {
            ix->docs.docs[ord] = one.docs[0];
            ix->loaded[ix->n_loaded++] = ord;
            free(one.docs);
        } else {
            schema_doctable_free(&one);
            st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (entry "
                           "%s)", ix->dir, key);
        }
    } else if (st == SPOR_EINDEX && meta) {
        spor_err inner = *err;
        st = spor_fail(err, st, "%s: %s", ix->dir, inner.msg);
    }
    free(meta);
    return st;
}

/* Reads every entry not read yet. */
static spor_status load_all_docs(spor_index *ix, spor_err *err)
{
    for (size_t i = 0; !ix->all_docs && i < ix->docs.n; i++) {
        spor_status st = load_doc(ix, (unsigned)i, err);
        if (st)
            return st;
    }
    ix->all_docs = 1;
    return SPOR_OK;
}

const schema_doctable *spor_index_docs(spor_index *ix, spor_err *err)
{
    return load_all_docs(ix, err) == SPOR_OK ? &ix->docs : NULL;
}

static const schema_doctable *filter_docs(void *ctx, spor_err *err)
{
    return spor_index_docs(ctx, err);
}

static spor_status setup_parser(spor_index *ix, spor_err *err)
{
    xc_error xe;
    if (xc_qparser_new(&ix->qp, &xe) ||
        xc_qparser_set_database(ix->qp, ix->db, &xe) ||
        xc_qparser_set_stemmer(ix->qp, stem_xapian_callback, ix->stemmer,
                               &xe) ||
        xc_qparser_set_stemming_strategy(ix->qp, XC_STEM_NONE, &xe) ||
        xc_qparser_set_default_op(ix->qp, XC_OP_OR, &xe) ||
        xc_qparser_set_max_expansion(ix->qp, WILDCARD_MAX_EXPANSION, &xe))
        return xfail(err, "query parser", ix->dir, &xe);
    if (xc_qparser_add_boolean_prefix(ix->qp, QUERY_ID_FIELD, SCHEMA_PREFIX_ID,
                                      &xe))
        return xfail(err, "query parser", ix->dir, &xe);
    ix->flt.gaz = ix->gaz;
    ix->flt.docs = filter_docs;
    ix->flt.docs_ctx = ix;
    spor_status st = flt_register(ix->qp, &ix->flt, err);
    if (st)
        return st;
    for (size_t i = 0; i < stop_count(ix->stops); i++)
        if (xc_qparser_add_stopword(ix->qp, stop_word(ix->stops, i), &xe))
            return xfail(err, "query parser", ix->dir, &xe);
    return SPOR_OK;
}

spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err)
{
    return spor_index_open_set(&dir, 1, NULL, out, err);
}

/* How messages name the index: its folder, or all the parts named. */
static char *join_specs(const char *const *specs, size_t n)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < n; i++)
        if ((i && sbuf_append_str(&b, " + ")) ||
            sbuf_append_str(&b, specs[i])) {
            sbuf_free(&b);
            return NULL;
        }
    return sbuf_detach(&b, NULL);
}

unsigned spor_index_missing_shards(const spor_index *ix)
{
    return ix->set.n_missing;
}

unsigned spor_index_shards(const spor_index *ix)
{
    return ix->set.n_shards;
}

const char *spor_index_name(const spor_index *ix)
{
    return ix->dir;
}

int spor_index_is_remote(const spor_index *ix)
{
    return ix->set.remote;
}

spor_status spor_index_open_set(const char *const *specs, size_t n,
                                const shd_open_opts *o, spor_index **out,
                                spor_err *err)
{
    spor_index *ix = calloc(1, sizeof *ix);
    if (ix && access(LEX_DEFAULT_WORDLIST, R_OK) == 0)
        ix->wordlist = LEX_DEFAULT_WORDLIST;
    if (!ix || !(ix->dir = join_specs(specs, n))) {
        free(ix);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    const char *dir = ix->dir;
    char *meta = NULL;
    size_t len = 0;
    xc_error xe;
    spor_status st = shd_open(specs, n, o, &ix->set, err);
    if (st)
        goto fail;
    ix->db = ix->set.db;
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
    if ((st = read_meta(ix, SCHEMA_META_NDOCS, &meta, &len, err)))
        goto fail;
    char *end = NULL;
    unsigned long nd = strtoul(meta, &end, 10);
    /* A document takes far more than 8 bytes of index: bound the count
     * before the table is allocated. */
    if (end == meta || *end || nd > UINT_MAX / 64) {
        st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (%s)", dir,
                       SCHEMA_META_NDOCS);
        goto fail;
    }
    /* calloc of a large table maps zero pages: no cost until touched. */
    ix->docs.docs = calloc(nd ? nd : 1, sizeof *ix->docs.docs);
    if (!ix->docs.docs) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto fail;
    }
    ix->docs.n = nd;
    free(meta);
    meta = NULL;
    /* Xapian drops an empty metadata value: no key, an empty dictionary
     * (a corpus too small to train one). */
    xc_status zs = xc_db_get_metadata(ix->db, SCHEMA_META_ZDICT, &ix->zdict,
                                      &ix->zdict_len, &xe);
    if (zs != XC_OK && zs != XC_ENOTFOUND) {
        st = xfail(err, "index is damaged", dir, &xe);
        goto fail;
    }
    meta = NULL;
    /* An index built without a stop list has no stopwords key. */
    if (xc_db_get_metadata(ix->db, SCHEMA_META_STOPWORDS, &meta, &len,
                           &xe) == XC_OK)
        st = stop_parse(meta, len, &ix->stops, err);
    else
        st = stop_parse("", 0, &ix->stops, err);
    free(meta);
    meta = NULL;
    /* The gazetteer the passages were tagged with, so place filters and
     * place names in queries resolve the same way. */
    if (!st && xc_db_get_metadata(ix->db, SCHEMA_META_GAZETTEER, &meta, &len,
                                  &xe) == XC_OK &&
        (st = pl_parse(meta, len, dir, &ix->gaz, err)) != SPOR_OK) {
        spor_err inner = *err;
        st = spor_fail(err, st, "%s: index is damaged: %s", dir, inner.msg);
    }
    if (st || (st = stem_new("danish", &ix->stemmer, err)))
        goto fail;
    /* Stem as the index did: the words that are their own stem. */
    free(meta);
    meta = NULL;
    xc_status ks = xc_db_get_metadata(ix->db, SCHEMA_META_STEMKEEP, &meta,
                                      &len, &xe);
    if (ks != XC_OK && ks != XC_ENOTFOUND) {
        st = xfail(err, "index is damaged", dir, &xe);
        goto fail;
    }
    if (ks == XC_OK && stem_set_keep(ix->stemmer, meta, len)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto fail;
    }
    if ((st = setup_parser(ix, err)))
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
    xc_db *db;  /* for the compound table */
    sbuf scratch;
    /* match_parts's answers for the words already looked up (id + 1, 0
     * for none): the hits' passages share many words, and each look-up
     * is a walk of the compound table. NULL when it could not be made. */
    strmap *seen;
} term_set;

static int term_cb(void *ctx, const char *term, size_t len, unsigned tf)
{
    term_set *s = ctx;
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

static int term_index(const term_set *s, const char *key)
{
    if (s->n == 0) /* a pure filter query has no words; bsearch wants a base */
        return -1;
    char *const *hit = bsearch(&key, s->terms, s->n, sizeof *s->terms, cmp_str);
    return hit ? (int)(hit - s->terms) : -1;
}

/* The id of the query term prefix + stem(w), or -1. */
static int stem_index(term_set *s, const char *prefix, const char *w,
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
static int match_parts(term_set *s, const char *term, size_t len)
{
    char *parts = NULL;
    size_t plen = 0;
    xc_error xe;
    if (len < 2 * CMP_MIN_PART_CHARS)
        return -1;
    int known = 0;
    uint32_t memo = s->seen ? smap_get(s->seen, term, len, &known) : 0;
    if (known)
        return (int)memo - 1;
    sbuf_reset(&s->scratch);
    if (sbuf_append_str(&s->scratch, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(&s->scratch, term, len))
        return -1;
    if (xc_db_get_metadata(s->db, s->scratch.data, &parts, &plen, &xe)) {
        /* Not a compound of the corpus (or unreadable: no highlight). */
        if (s->seen && smap_add(s->seen, term, len, 0) != SPOR_OK) {
            smap_free(s->seen);
            s->seen = NULL;
        }
        return -1;
    }
    int id = -1;
    for (char *p = parts; *p && id < 0;) {
        size_t k = strcspn(p, " ");
        id = stem_index(s, ANA_STEM_PREFIX, p, k);
        if (id < 0)
            id = stem_index(s, ANA_PART_PREFIX, p, k);
        p += k + (p[k] == ' ');
    }
    free(parts);
    if (s->seen && smap_add(s->seen, term, len, (uint32_t)(id + 1)) !=
                       SPOR_OK) {
        smap_free(s->seen);
        s->seen = NULL;
    }
    return id;
}

/* snip_match_fn: the word itself, its stem, or one of its compound parts
 * is a query term. */
static int match_word(void *ctx, const char *term, size_t len)
{
    term_set *s = ctx;
    sbuf_reset(&s->scratch);
    if (sbuf_append(&s->scratch, term, len))
        return -1;
    int id = term_index(s, s->scratch.data);
    if (id < 0)
        id = stem_index(s, ANA_STEM_PREFIX, term, len);
    if (id < 0)
        id = match_parts(s, term, len);
    return id;
}

static void term_set_free(term_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->terms[i]);
    free(s->terms);
    smap_free(s->seen);
    sbuf_free(&s->scratch);
}

/* ---- search ------------------------------------------------------------ */

typedef struct candidate {
    unsigned docid;
    double score;
    double bm25, prior, coverage;
    schema_record rec;
} candidate;

void spor_results_free(spor_results *r)
{
    free(r->suggestion);
    for (size_t i = 0; i < r->n; i++) {
        for (size_t j = 0; j < r->hits[i].n_explain; j++)
            free(r->hits[i].explain[j].word);
        free(r->hits[i].explain);
        schema_record_free(&r->hits[i].rec);
        snip_result_free(&r->hits[i].snip);
        free(r->hits[i].also_in);
    }
    free(r->hits);
    spor_facets_free(&r->facets);
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
            known = flt_is_field(q + start, i - start) ||
                    (i - start == strlen(QUERY_ID_FIELD) &&
                     !memcmp(q + start, QUERY_ID_FIELD, i - start));
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

/* Danish quotes a phrase „so“ or »so« (or «so»); Xapian's parser knows
 * only '"', U+201C and U+201D, and would read the words as unquoted. The
 * Danish marks become '"' in place (the string only shrinks). */
static void danish_quotes(sbuf *q)
{
    size_t w = 0;
    for (size_t r = 0; r < q->len;) {
        const unsigned char *c = (const unsigned char *)q->data + r;
        size_t n = 0;
        if (r + 2 < q->len && c[0] == 0xE2 && c[1] == 0x80 && c[2] == 0x9E)
            n = 3; /* „ U+201E */
        else if (r + 1 < q->len && c[0] == 0xC2 &&
                 (c[1] == 0xBB || c[1] == 0xAB))
            n = 2; /* » U+00BB, « U+00AB */
        if (n) {
            q->data[w++] = '"';
            r += n;
        } else {
            q->data[w++] = q->data[r++];
        }
    }
    q->len = w;
    q->data[w] = '\0';
}

/* Validates the query and puts it through the document normaliser, so a
 * query word meets the word as it was indexed. */
static spor_status normalise_query(const char *query, sbuf *norm,
                                   spor_err *err)
{
    size_t qlen = strlen(query);
    if (qlen > QUERY_MAX_BYTES)
        return spor_fail(err, SPOR_EQUERY, "query is %zu bytes long; the "
                         "limit is %d", qlen, QUERY_MAX_BYTES);
    if (!utf8_valid(query, qlen)) {
        sbuf tmp = SBUF_INIT;
        size_t n_bad = 0, bad_at = 0;
        utf8_sanitize(query, qlen, &tmp, &n_bad, &bad_at);
        sbuf_free(&tmp);
        return spor_fail(err, SPOR_EQUERY, "query is not valid UTF-8 (bad "
                         "byte at offset %zu)", bad_at);
    }
    sbuf flat = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < qlen && !st; i++)
        st = sbuf_append_char(&flat, query[i] == '\n' || query[i] == '\r' ||
                                             query[i] == '\t' ? ' ' : query[i]);
    if (!st)
        st = norm_line(flat.data ? flat.data : "", flat.len, norm);
    if (!st && !norm->data)
        st = sbuf_append(norm, "", 0);
    sbuf_free(&flat);
    if (st)
        return spor_fail(err, st, "query: out of memory");
    danish_quotes(norm);
    split_unknown_fields(norm->data, norm->len);
    size_t n_words = tok_count(norm->data, norm->len);
    size_t n_wild = count_wildcards(norm->data, norm->len);
    if (n_words > QUERY_MAX_WORDS)
        return spor_fail(err, SPOR_EQUERY, "query has %zu words; the limit is "
                         "%d", n_words, QUERY_MAX_WORDS);
    if (n_wild > QUERY_MAX_WILDCARDS)
        return spor_fail(err, SPOR_EQUERY, "query has %zu wildcards; the "
                         "limit is %d", n_wild, QUERY_MAX_WILDCARDS);
    return SPOR_OK;
}

/* typos: the query's misspelt words with what they probably mean (none:
 * NULL, 0). */
typedef struct typo_list {
    qb_typo *v;
    size_t n;
} typo_list;

static spor_status parse_query(spor_index *ix, const char *norm,
                               const spor_search_opts *o, qb_explain *ex,
                               const typo_list *typos, xc_query **q,
                               spor_err *err)
{
    xc_error xe;
    spor_status st = SPOR_OK;
    sbuf plain = SBUF_INIT;
    xc_status xs = xc_qparser_parse(ix->qp, norm,
                                    XC_QP_DEFAULT | XC_QP_PURE_NOT, q, &xe);
    if (xs == XC_EQUERY) {
        xc_error xe2;
        if (plain_reading(norm, strlen(norm), &plain) != SPOR_OK)
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
                       "cannot parse query '%s': %s", norm, xe.msg);
    } else if (xc_query_is_empty(*q)) {
        st = spor_fail(err, SPOR_EQUERY, "query '%s' has no words to search "
                       "for", norm);
        xc_query_free(*q);
        *q = NULL;
    } else {
        qb_context qc = {ix->db, ix->stemmer, ix->stops,
                         {!o->no_synonyms}, ex,
                         ix->set.n_shards ? shd_each_synonym : NULL,
                         ix->gaz, typos ? typos->v : NULL,
                         typos ? typos->n : 0};
        xc_query *expanded = NULL;
        st = qb_expand(&qc, *q, &expanded, err);
        xc_query_free(*q);
        *q = expanded;
    }
    sbuf_free(&plain);
    return st;
}

/* The prose measure stored at indexing (none stored means 0: prose). */
static spor_status read_nonprose(spor_index *ix, candidate *cd,
                                 spor_err *err)
{
    char *v = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_db_get_value(ix->db, cd->docid, SCHEMA_SLOT_NONPROSE, &v, &len,
                        &xe) != XC_OK)
        return xfail(err, "reading a hit", ix->dir, &xe);
    cd->rec.nonprose = schema_value_double(v, len);
    free(v);
    return SPOR_OK;
}

static spor_status fetch_candidates(spor_index *ix, const xc_query *q,
                                    const xc_search_opts *so,
                                    unsigned want, candidate **out,
                                    size_t *n_out, unsigned *estimated,
                                    spor_err *err)
{
    xc_mset *ms = NULL;
    xc_error xe;
    if (xc_db_search(ix->db, q, so, 0, want, &ms, &xe) != XC_OK)
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
        if (xc_mset_get(ms, i, &cd->docid, &cd->score, &xe) ||
            xc_db_get_data(ix->db, cd->docid, &data, &len, &xe)) {
            st = xfail(err, "reading a hit", ix->dir, &xe);
            break;
        }
        st = schema_record_decode_dict(data, len, ix->zdict, ix->zdict_len,
                                       &cd->rec, err);
        free(data);
        if (!st && (st = load_doc(ix, cd->rec.doc_ord, err)))
            schema_record_free(&cd->rec);
        if (!st)
            st = read_nonprose(ix, cd, err);
        if (!st)
            k++;
    }
    xc_mset_free(ms);
    *out = c;
    *n_out = k;
    return st;
}

static int cmp_candidate(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* BM25 times the prose prior and the coverage factor, then the new
 * order. */
static void apply_prior(candidate *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        c[i].bm25 = c[i].score;
        c[i].prior = rank_prior(c[i].rec.nonprose);
        c[i].score *= c[i].prior * rank_coverage_factor(c[i].coverage);
    }
    if (n > 1)
        qsort(c, n, sizeof *c, cmp_candidate);
}

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

/* The OR of the candidates' id terms: a word's subquery filtered by it
 * scores the candidates and nothing else. */
static spor_status candidates_filter(spor_index *ix, const candidate *c,
                                     size_t n, xc_query **out, spor_err *err)
{
    xc_query **ids = calloc(n ? n : 1, sizeof *ids);
    if (!ids)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    spor_status st = SPOR_OK;
    xc_error xe;
    for (size_t i = 0; i < n && !st; i++) {
        char id[SCHEMA_ID_MAX], term[SCHEMA_ID_MAX + 2];
        schema_passage_id(ix->docs.docs[c[i].rec.doc_ord].id,
                          c[i].rec.passage_ord, id);
        snprintf(term, sizeof term, SCHEMA_PREFIX_ID "%s", id);
        if (xc_query_term(term, 1, &ids[i], &xe))
            st = xfail(err, "coverage", ix->dir, &xe);
    }
    if (!st && xc_query_combine(XC_Q_OR, ids, n, 0, out, &xe))
        st = xfail(err, "coverage", ix->dir, &xe);
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
        st = xfail(err, "coverage", ix->dir, &xe);
    memset(weights, 0, n * sizeof *weights);
    for (unsigned i = 0; !st && i < xc_mset_size(ms); i++) {
        docid_pos key = {0, 0};
        double w = 0;
        if (xc_mset_get(ms, i, &key.docid, &w, &xe)) {
            st = xfail(err, "coverage", ix->dir, &xe);
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

/* Each candidate's coverage of the query (rank_coverage): which query
 * words it matches in any way, each word weighted by the most it adds to
 * any candidate, so that missing a rare word costs more than missing a
 * common one, and which its section heading names. The words are the
 * expansion's items (ex), grouped by word; a phrase or a wildcard is not
 * a word here and leaves coverage alone. */
static spor_status apply_coverage(spor_index *ix, const qb_explain *ex,
                                  candidate *c, size_t n, spor_err *err)
{
    for (size_t i = 0; i < n; i++)
        c[i].coverage = 1.0;
    if (n < 2 || !ex->n)
        return SPOR_OK;
    /* Items of one word are adjacent: qbuild notes a word's ways in one
     * go. A word typed twice is two groups; both count the same. */
    size_t n_words = 0;
    for (size_t i = 0; i < ex->n; i++)
        n_words += i == 0 || strcmp(ex->items[i].word, ex->items[i - 1].word);
    if (n_words < 2)
        return SPOR_OK;
    docid_pos *pos = malloc(n * sizeof *pos);
    double *weights = malloc(n * sizeof *weights);
    double *top = calloc(n_words, sizeof *top);
    double *got = calloc(n * n_words, sizeof *got);
    unsigned char *headed = calloc(n * n_words, 1);
    xc_query *only = NULL;
    spor_status st = pos && weights && top && got && headed
                         ? SPOR_OK
                         : spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st) {
        for (size_t k = 0; k < n; k++)
            pos[k] = (docid_pos){c[k].docid, k};
        qsort(pos, n, sizeof *pos, cmp_docid_pos);
        st = candidates_filter(ix, c, n, &only, err);
    }
    for (size_t i = 0, w = 0; !st && i < ex->n; w++) {
        size_t j = i + 1;
        while (j < ex->n && !strcmp(ex->items[j].word, ex->items[i].word))
            j++;
        st = word_weights(ix, &ex->items[i], j - i, only, pos, n, weights,
                          err);
        for (size_t k = 0; !st && k < n; k++) {
            got[k * n_words + w] = weights[k];
            if (weights[k] > top[w])
                top[w] = weights[k];
        }
        /* Which candidates' section headings name the word. */
        for (size_t h = i; !st && h < j; h++) {
            if (strcmp(ex->items[h].kind, QB_KIND_HEADING))
                continue;
            st = word_weights(ix, &ex->items[h], 1, only, pos, n, weights,
                              err);
            for (size_t k = 0; !st && k < n; k++)
                headed[k * n_words + w] |= weights[k] > 0;
        }
        i = j;
    }
    for (size_t k = 0; !st && k < n; k++)
        c[k].coverage = rank_coverage(top, &got[k * n_words],
                                      &headed[k * n_words], n_words);
    xc_query_free(only);
    free(headed);
    free(got);
    free(top);
    free(weights);
    free(pos);
    return st;
}

static void free_candidates(candidate *c, size_t n)
{
    for (size_t i = 0; i < n; i++)
        schema_record_free(&c[i].rec);
    free(c);
}

/* A copy found by find_copies, ordered as Xapian ranks by relevance. */
typedef struct copy_hit {
    double weight;
    unsigned docid, doc_ord, pass_ord;
} copy_hit;

static int cmp_copy_hit(const void *a, const void *b)
{
    const copy_hit *x = a, *y = b;
    if (x->weight != y->weight)
        return x->weight < y->weight ? 1 : -1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

static unsigned be32_value(const char *v, size_t len)
{
    unsigned n = 0;
    for (size_t k = 0; k < len && k < 4; k++)
        n = n << 8 | (unsigned char)v[k];
    return n;
}

/* The ids of the other passages in hit h's copy group (the copies Xapian
 * collapsed into it, and any that did not match the query at all). Each
 * copy's document and passage ordinals come with the match as its sort
 * key (SCHEMA_SLOT_DOC) and collapse key (SCHEMA_SLOT_PASSAGE, with no
 * collapsing: at most tf passages share one), read from the value streams
 * during the match instead of one look-up per copy and slot; the copies
 * are then put back in Xapian's plain order (relevance, then docid). */
static spor_status find_copies(spor_index *ix, unsigned docid, spor_hit *h,
                               spor_err *err)
{
    char *key = NULL;
    size_t klen = 0;
    xc_error xe;
    if (xc_db_get_value(ix->db, docid, SCHEMA_SLOT_COPY, &key, &klen, &xe))
        return xe.status == XC_ENOTFOUND ? SPOR_OK
                                         : xfail(err, "reading a hit", ix->dir,
                                                 &xe);
    sbuf term = SBUF_INIT;
    spor_status st = SPOR_OK;
    unsigned tf = 0;
    xc_query *q = NULL;
    xc_mset *ms = NULL;
    copy_hit *found = NULL;
    size_t n_found = 0;
    if (sbuf_append_str(&term, SCHEMA_PREFIX_COPY) ||
        sbuf_append(&term, key, klen)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (xc_db_termfreq(ix->db, term.data, &tf, &xe) != XC_OK) {
        st = xfail(err, "reading copies", ix->dir, &xe);
        goto out;
    }
    if (tf < 2)
        goto out;
    if (!(h->also_in = calloc(tf, sizeof *h->also_in)) ||
        !(found = calloc(tf, sizeof *found))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    xc_search_opts so;
    xc_search_opts_default(&so);
    so.sort_value_slot = SCHEMA_SLOT_DOC;
    so.collapse_slot = SCHEMA_SLOT_PASSAGE;
    so.collapse_max = tf;
    if (xc_query_term(term.data, 1, &q, &xe) ||
        xc_db_search(ix->db, q, &so, 0, tf, &ms, &xe)) {
        st = xfail(err, "reading copies", ix->dir, &xe);
        goto out;
    }
    for (unsigned i = 0; i < xc_mset_size(ms) && n_found < tf; i++) {
        copy_hit *c = &found[n_found];
        char *pass = NULL, *doc = NULL;
        size_t plen = 0, dlen = 0;
        if (xc_mset_get(ms, i, &c->docid, &c->weight, &xe) ||
            xc_mset_keys(ms, i, &pass, &plen, &doc, &dlen, &xe)) {
            st = xfail(err, "reading copies", ix->dir, &xe);
            break;
        }
        c->doc_ord = be32_value(doc, dlen);
        c->pass_ord = be32_value(pass, plen);
        free(pass);
        free(doc);
        n_found += c->docid != docid;
    }
    if (!st && n_found > 1)
        qsort(found, n_found, sizeof *found, cmp_copy_hit);
    for (size_t i = 0; i < n_found && !st; i++) {
        if ((st = load_doc(ix, found[i].doc_ord, err)) != SPOR_OK)
            break;
        schema_passage_id(ix->docs.docs[found[i].doc_ord].id,
                          found[i].pass_ord, h->also_in[h->n_also_in++]);
    }
out:
    free(found);
    xc_mset_free(ms);
    xc_query_free(q);
    sbuf_free(&term);
    free(key);
    return st;
}

/* *q combined with sub under op (sub's weight added, as a filter, or
 * excluded), replacing *q; sub is freed either way. what names the step
 * in an error. */
static spor_status combine_into(spor_index *ix, xc_query_op op, xc_query **q,
                                xc_query *sub, const char *what,
                                spor_err *err)
{
    xc_query *both[2] = {*q, sub}, *r = NULL;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (xc_query_combine(op, both, 2, 0, &r, &xe) != XC_OK)
        st = xfail(err, what, ix->dir, &xe);
    xc_query_free(sub);
    if (!st) {
        xc_query_free(*q);
        *q = r;
    }
    return st;
}

/* The query with the options' boost words as an optional extra. */
static spor_status apply_boost(spor_index *ix, const spor_search_opts *o,
                               xc_query **q, spor_err *err)
{
    xc_query *b = NULL, *scaled = NULL;
    if (!o->boost)
        return SPOR_OK;
    sbuf norm = SBUF_INIT;
    spor_status st = normalise_query(o->boost, &norm, err);
    if (st) {
        sbuf_free(&norm);
        return st;
    }
    /* Boost words that parse to nothing (only stop words) change nothing;
     * they are expanded like the query's own words. */
    spor_err ignored;
    st = parse_query(ix, norm.data, o, NULL, NULL, &b, &ignored);
    sbuf_free(&norm);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, st, "%s", ignored.msg);
    if (st)
        return SPOR_OK;
    xc_error xe;
    if (xc_query_scale(b, o->boost_weight, &scaled, &xe) != XC_OK)
        st = xfail(err, "query boost", ix->dir, &xe);
    xc_query_free(b);
    return st ? st : combine_into(ix, XC_Q_AND_MAYBE, q, scaled, "query boost",
                                  err);
}

/* The query with the options' filters applied; *q is replaced. */
static spor_status apply_filters(spor_index *ix, const spor_search_opts *o,
                                 xc_query **q, spor_err *err)
{
    xc_query *f = NULL;
    spor_status st = flt_build(&ix->flt, o->places, o->docs, o->years, &f,
                               err);
    if (st || !f)
        return st;
    return combine_into(ix, XC_Q_FILTER, q, f, "query filter", err);
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
        return xfail(err, "explain", ix->dir, &xe);
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
            st = xfail(err, "explain", ix->dir, &xe);
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

/* Copies the collapse keys missed: a passage of the raw PDF copy can span
 * two passages of the clean copy, and a copy group holds only one passage
 * per document. Among the candidates, a passage mostly contained in a
 * higher-ranked one (cp_are_copies) is folded into it: copy_of[j] = i,
 * or -1. */
static spor_status fold_copies(const candidate *c, size_t n, long *copy_of)
{
    cp_shingles *sh = calloc(n ? n : 1, sizeof *sh);
    if (!sh)
        return SPOR_ENOMEM;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++)
        st = cp_make_shingles(c[i].rec.text, c[i].rec.text_len, &sh[i]);
    for (size_t j = 0; j < n && !st; j++) {
        copy_of[j] = -1;
        for (size_t i = 0; i < j; i++)
            if (copy_of[i] < 0 && c[i].rec.doc_ord != c[j].rec.doc_ord &&
                cp_are_copies(&sh[i], &sh[j])) {
                copy_of[j] = (long)i;
                break;
            }
    }
    for (size_t i = 0; i < n; i++)
        cp_shingles_free(&sh[i]);
    free(sh);
    return st;
}

/* Adds the ids of the candidates folded into candidate i to h's also_in. */
static spor_status add_folded(spor_index *ix, const candidate *c, size_t n,
                              const long *copy_of, size_t i, spor_hit *h)
{
    size_t extra = 0;
    for (size_t j = i + 1; j < n; j++)
        extra += copy_of[j] == (long)i;
    if (!extra)
        return SPOR_OK;
    char (*p)[SCHEMA_ID_MAX] =
        realloc(h->also_in, (h->n_also_in + extra) * sizeof *p);
    if (!p)
        return SPOR_ENOMEM;
    h->also_in = p;
    for (size_t j = i + 1; j < n; j++) {
        if (copy_of[j] != (long)i)
            continue;
        char id[SCHEMA_ID_MAX];
        schema_passage_id(ix->docs.docs[c[j].rec.doc_ord].id,
                          c[j].rec.passage_ord, id);
        int dup = 0;
        for (size_t k = 0; k < h->n_also_in && !dup; k++)
            dup = !strcmp(h->also_in[k], id);
        if (!dup)
            memcpy(h->also_in[h->n_also_in++], id, SCHEMA_ID_MAX);
    }
    return SPOR_OK;
}

/* The query without the passages that the query shown (normalised) before
 * it matches; *q is replaced. */
static spor_status apply_exclusion(spor_index *ix, const char *shown,
                                   const spor_search_opts *o,
                                   const typo_list *typos, xc_query **q,
                                   spor_err *err)
{
    xc_query *e = NULL;
    spor_status st = parse_query(ix, shown, o, NULL, typos, &e, err);
    if (st)
        return st;
    return combine_into(ix, XC_Q_AND_NOT, q, e, "query exclusion", err);
}

/* Runs the query norm; with exclude (a normalised query, or NULL) the
 * passages it matches are left out. */
static spor_status run_query(spor_index *ix, const char *norm,
                             const spor_search_opts *o,
                             const typo_list *typos, const char *exclude,
                             spor_results *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    xc_query *q = NULL;
    qb_explain ex = {NULL, 0, 0};
    /* The expansion's items are kept always: coverage needs them. */
    spor_status st = parse_query(ix, norm, o, &ex, typos, &q, err);
    if (!st)
        st = apply_boost(ix, o, &q, err);
    if (!st && exclude)
        st = apply_exclusion(ix, exclude, o, typos, &q, err);
    if (!st)
        st = apply_filters(ix, o, &q, err);
    if (st) {
        xc_query_free(q);
        qb_explain_free(&ex);
        return st;
    }

    term_set terms = {0};
    terms.stemmer = ix->stemmer;
    terms.db = ix->db;
    xc_error xe;
    if (xc_query_each_term(q, term_cb, &terms, &xe) != XC_OK) {
        xc_query_free(q);
        term_set_free(&terms);
        qb_explain_free(&ex);
        return xfail(err, "query terms", ix->dir, &xe);
    }
    if (terms.n)
        qsort(terms.terms, terms.n, sizeof *terms.terms, cmp_str);
    if (smap_new(&terms.seen) != SPOR_OK)
        terms.seen = NULL; /* only slower */

    xc_search_opts so;
    xc_search_opts_default(&so);
    if (!o->keep_duplicates)
        so.collapse_slot = SCHEMA_SLOT_COPY;
    fct_counter fc = {{NULL, NULL}, 0};
    unsigned n_docs = 0;
    if (o->facets) {
        /* Exact counts need every match seen, not only the first page. */
        if ((st = fct_counter_init(&fc, so.collapse_slot >= 0, err)) ==
                SPOR_OK &&
            xc_db_doccount(ix->db, &n_docs, &xe) != XC_OK)
            st = xfail(err, "facets", ix->dir, &xe);
        so.spies = fc.spies;
        so.n_spies = fc.n_spies;
        so.check_at_least = n_docs;
    }
    /* Even without a page (facets only), look at one match, so that the
     * estimate is 0 only when nothing matches. */
    if (so.check_at_least < 1)
        so.check_at_least = 1;
    unsigned page = o->offset + o->limit;
    /* With --per-doc, a document's passages beyond the limit are skipped
     * here, so more may be needed: doubling until the page fills or the
     * matches run out. */
    unsigned want = page ? page * CANDIDATE_FACTOR + CANDIDATE_EXTRA : 0;
    candidate *c = NULL;
    size_t n = 0;
    unsigned *per_doc = NULL;
    if (!st && o->per_doc &&
        !(per_doc = calloc(ix->docs.n ? ix->docs.n : 1, sizeof *per_doc)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (;;) {
        if (st)
            break;
        st = fetch_candidates(ix, q, &so, want, &c, &n, &out->estimated, err);
        if (!st)
            st = apply_coverage(ix, &ex, c, n, err);
        if (!st)
            apply_prior(c, n);
        if (st || !o->per_doc || n < want)
            break;
        size_t kept = 0;
        memset(per_doc, 0, ix->docs.n * sizeof *per_doc);
        for (size_t i = 0; i < n; i++)
            kept += per_doc[c[i].rec.doc_ord]++ < o->per_doc;
        if (kept >= page || want > UINT32_MAX / 2)
            break;
        free_candidates(c, n);
        c = NULL;
        n = 0;
        want *= 2;
        so.spies = NULL; /* counted once is enough */
        so.n_spies = 0;
    }
    if (!st && o->facets) {
        /* Document facets are shown by path: every entry may be needed. */
        st = load_all_docs(ix, err);
        if (!st)
            st = fct_collect(&fc, ix->db, q, &so, ix->gaz, &ix->docs, ix->dir,
                             &out->facets, err);
    }
    xc_query_free(q);
    fct_counter_free(&fc);
    if (!st) {
        out->hits = calloc(o->limit ? o->limit : 1, sizeof *out->hits);
        if (!out->hits)
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (per_doc)
        memset(per_doc, 0, ix->docs.n * sizeof *per_doc);
    long *copy_of = NULL;
    if (!st && !o->keep_duplicates) {
        if (!(copy_of = malloc((n ? n : 1) * sizeof *copy_of)) ||
            fold_copies(c, n, copy_of))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    unsigned kept = 0;
    for (size_t i = 0; i < n && !st; i++) {
        if (copy_of && copy_of[i] >= 0)
            continue;
        if (per_doc && per_doc[c[i].rec.doc_ord]++ >= o->per_doc)
            continue;
        if (kept++ < o->offset)
            continue;
        if (out->n >= o->limit)
            break;
        spor_hit *h = &out->hits[out->n];
        h->rank = o->offset + (unsigned)out->n + 1;
        h->score = c[i].score;
        h->bm25 = c[i].bm25;
        h->prior = c[i].prior;
        h->coverage = c[i].coverage;
        h->doc = &ix->docs.docs[c[i].rec.doc_ord];
        schema_passage_id(h->doc->id, c[i].rec.passage_ord, h->id);
        h->rec = c[i].rec;
        memset(&c[i].rec, 0, sizeof c[i].rec);
        out->n++;
        if (!o->keep_duplicates)
            st = find_copies(ix, c[i].docid, h, err);
        if (!st && copy_of && add_folded(ix, c, n, copy_of, i, h))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        if (!st)
            st = snip_build(h->rec.text, h->rec.text_len, match_word, &terms,
                            o->snippet_words, &h->snip, err);
        if (!st && o->explain)
            st = explain_hit(ix, &ex, h, err);
    }
    free(per_doc);
    free(copy_of);
    free_candidates(c, n);
    term_set_free(&terms);
    qb_explain_free(&ex);
    out->explained = o->explain;
    if (st)
        spor_results_free(out);
    return st;
}

/* Whether query (normalised) as typed matches any passage under o's
 * filters: one match is enough, so nothing is read or ranked. */
static spor_status has_hits(spor_index *ix, const char *norm,
                            const spor_search_opts *o, int *any,
                            spor_err *err)
{
    xc_query *q = NULL;
    xc_mset *ms = NULL;
    xc_error xe;
    spor_status st = parse_query(ix, norm, o, NULL, NULL, &q, err);
    if (!st)
        st = apply_filters(ix, o, &q, err);
    if (!st && xc_db_search(ix->db, q, NULL, 0, 1, &ms, &xe) != XC_OK)
        st = xfail(err, "search failed", ix->dir, &xe);
    if (!st)
        *any = xc_mset_size(ms) > 0;
    xc_mset_free(ms);
    xc_query_free(q);
    return st;
}

int spor_results_none(const spor_results *r, const spor_search_opts *o)
{
    return o->limit ? r->n == 0 : r->estimated == 0;
}

spor_status spor_suggest(spor_index *ix, const char *query, char **out,
                         spor_err *err)
{
    *out = NULL;
    sbuf norm = SBUF_INIT;
    spor_status st = normalise_query(query, &norm, err);
    spell_context sc = {ix->db, ix->stemmer, ix->wordlist};
    if (!st)
        st = spell_correct(&sc, norm.data, out, err);
    sbuf_free(&norm);
    return st;
}

static void typo_list_free(typo_list *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->v[i].typed);
        free((char *)t->v[i].meant);
    }
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

/* The words where the corrected query differs from the query: the
 * correction replaces words one for one, so the two tokenise in step. */
static spor_status pair_typos(const char *query, const char *meant,
                              typo_list *out)
{
    tok_iter a, b;
    tok_token ta, tb;
    int ra = 0, rb = 0;
    spor_status st = SPOR_OK;
    tok_init(&a, query, strlen(query));
    tok_init(&b, meant, strlen(meant));
    while (!st && (ra = tok_next(&a, &ta)) == 1 &&
           (rb = tok_next(&b, &tb)) == 1) {
        if (ta.term_len == tb.term_len && !memcmp(ta.term, tb.term, ta.term_len))
            continue;
        qb_typo *v = realloc(out->v, (out->n + 1) * sizeof *v);
        if (!v) {
            st = SPOR_ENOMEM;
            break;
        }
        out->v = v;
        v[out->n].typed = strndup(ta.term, ta.term_len);
        v[out->n].meant = strndup(tb.term, tb.term_len);
        out->n++;
        if (!v[out->n - 1].typed || !v[out->n - 1].meant)
            st = SPOR_ENOMEM;
    }
    if (!st && (ra < 0 || rb < 0))
        st = SPOR_ENOMEM;
    tok_done(&a);
    tok_done(&b);
    return st;
}

/* Moves the hits of more behind those of out, ranked on from them, each
 * marked as found with the phrases' words apart. */
static spor_status append_apart(spor_results *out, spor_results *more,
                                const spor_search_opts *o, spor_err *err)
{
    if (!more->n)
        return SPOR_OK;
    spor_hit *h = realloc(out->hits, (out->n + more->n) * sizeof *h);
    if (!h)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    out->hits = h;
    for (size_t i = 0; i < more->n; i++) {
        spor_hit *d = &h[out->n];
        *d = more->hits[i];
        d->rank = o->offset + (unsigned)out->n + 1;
        d->apart = 1;
        out->n++;
    }
    out->explained |= more->explained;
    /* The hits now belong to out. */
    free(more->hits);
    more->hits = NULL;
    more->n = 0;
    return SPOR_OK;
}

/* When the query's phrases have fewer passages than the page holds, the
 * page is filled with the passages of the query with its phrases loosened
 * (loosen.h) that the query itself does not match. out holds the hits of
 * norm for o's page; facets and the estimate stay those of the phrases. */
static spor_status top_up_apart(spor_index *ix, const char *norm,
                                const spor_search_opts *o,
                                const typo_list *typos, spor_results *out,
                                spor_err *err)
{
    if (o->strict_phrases || !o->limit || out->n >= o->limit)
        return SPOR_OK;
    char *loose = NULL;
    if (qry_loosen_phrases(norm, strlen(norm), &loose))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!loose)
        return SPOR_OK;
    /* How many passages the phrases have in all: on a page past them,
     * out is empty and says nothing. */
    unsigned strict = o->offset + (unsigned)out->n;
    spor_status st = SPOR_OK;
    if (!out->n && o->offset) {
        spor_search_opts co = *o;
        co.offset = 0;
        co.limit = o->offset;
        co.facets = 0;
        co.explain = 0;
        spor_results cr;
        st = run_query(ix, norm, &co, typos, NULL, &cr, err);
        if (!st) {
            strict = (unsigned)cr.n;
            spor_results_free(&cr);
        }
    }
    spor_search_opts lo = *o;
    lo.offset = o->offset > strict ? o->offset - strict : 0;
    lo.limit = o->limit - (unsigned)out->n;
    lo.facets = 0;
    spor_results more;
    if (!st) {
        spor_err loose_err;
        st = run_query(ix, loose, &lo, typos, norm, &more, &loose_err);
        /* The words apart may say nothing the parser can search for (a
         * phrase of stop words): more is empty and the phrase's own hits
         * stand. */
        if (st == SPOR_EQUERY)
            st = SPOR_OK;
        else if (st)
            *err = loose_err;
    }
    if (!st) {
        st = append_apart(out, &more, o, err);
        spor_results_free(&more);
    }
    free(loose);
    return st;
}

spor_status spor_search(spor_index *ix, const char *query,
                        const spor_search_opts *o, spor_results *out,
                        spor_err *err)
{
    memset(out, 0, sizeof *out);
    sbuf norm = SBUF_INIT;
    char *suggestion = NULL;
    spor_status st = normalise_query(query, &norm, err);
    spell_context sc = {ix->db, ix->stemmer, ix->wordlist};
    if (!st && !o->no_spelling)
        st = spell_correct(&sc, norm.data, &suggestion, err);
    int typed_hits = 1;
    if (!st && suggestion && o->offset == 0)
        st = has_hits(ix, norm.data, o, &typed_hits, err);
    if (st) {
        /* Failed already. */
    } else if (!suggestion) {
        st = run_query(ix, norm.data, o, NULL, NULL, out, err);
        if (!st)
            st = top_up_apart(ix, norm.data, o, NULL, out, err);
    } else if (!typed_hits) {
        /* Nothing for what was typed: search what was probably meant. */
        st = run_query(ix, suggestion, o, NULL, NULL, out, err);
        if (!st)
            st = top_up_apart(ix, suggestion, o, NULL, out, err);
        out->corrected = 1;
    } else {
        /* Hits without the misspelt words, which match nothing: they
         * count as the words meant, at a lower weight, and the user is
         * still asked ("Mente du"). */
        typo_list typos = {NULL, 0};
        const typo_list *t = NULL;
        if (pair_typos(norm.data, suggestion, &typos))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        else
            t = typos.n ? &typos : NULL;
        if (!st)
            st = run_query(ix, norm.data, o, t, NULL, out, err);
        if (!st)
            st = top_up_apart(ix, norm.data, o, t, out, err);
        typo_list_free(&typos);
    }
    sbuf_free(&norm);
    if (st) {
        /* The hits of a search that went on and failed. */
        spor_results_free(out);
        free(suggestion);
        return st;
    }
    out->suggestion = suggestion;
    return SPOR_OK;
}

/* ---- places ------------------------------------------------------------ */

typedef struct place_ctx {
    const pl_gazetteer *gaz;
    spor_place_fn fn;
    void *ctx;
} place_ctx;

static int place_term(void *ctx, const char *term, size_t len, unsigned tf)
{
    place_ctx *p = ctx;
    size_t skip = strlen(SCHEMA_PREFIX_PLACE);
    if (!tf || len <= skip)
        return 0;
    /* The terms are lower case; the gazetteer has the name as written. */
    int id = p->gaz ? pl_lookup(p->gaz, term + skip, len - skip) : -1;
    if (id >= 0) {
        const char *name = pl_name(p->gaz, (unsigned)id);
        return p->fn(p->ctx, name, strlen(name));
    }
    return p->fn(p->ctx, term + skip, len - skip);
}

spor_status spor_index_each_place(spor_index *ix, spor_place_fn fn,
                                  void *ctx, spor_err *err)
{
    place_ctx p = {ix->gaz, fn, ctx};
    xc_error xe;
    if (xc_db_each_term(ix->db, SCHEMA_PREFIX_PLACE, place_term, &p, &xe))
        return xfail(err, "reading places", ix->dir, &xe);
    return SPOR_OK;
}

/* ---- stats --------------------------------------------------------------- */

static uint64_t dir_bytes(const char *path)
{
    /* Called again for each shard folder, which holds no folders. */
    DIR *d = opendir(path);
    uint64_t total = 0;
    if (!d)
        return 0;
    struct dirent *e;
    sbuf p = SBUF_INIT;
    while ((e = readdir(d))) {
        struct stat sb;
        sbuf_reset(&p);
        if (e->d_name[0] == '.' ||
            sbuf_printf(&p, "%s/%s", path, e->d_name) != SPOR_OK ||
            stat(p.data, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
        else if (S_ISDIR(sb.st_mode)) /* the shards of a sharded index */
            total += dir_bytes(p.data);
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
    spor_status st = load_all_docs(ix, err);
    if (st)
        return st;
    out->n_docs = (unsigned)ix->docs.n;
    out->n_terms = cc.words;
    out->n_stems = cc.stems;
    for (size_t i = 0; i < ix->docs.n; i++)
        out->raw_bytes += ix->docs.docs[i].size;
    out->index_bytes = ix->set.path ? dir_bytes(ix->set.path) : 0;
    return SPOR_OK;
}
