/* Query preparation (prepare.h): this file owns what a query string goes
 * through before it is matched: validation and normalisation, the fields
 * the syntax knows, the spelling correction and its pairs of words, the
 * parse (with a plain reading when Xapian refuses the syntax), the
 * expansion of its words, and the boost words, exclusion and filters
 * combined into the query. */
#include "prepare.h"

#include <stdlib.h>
#include <string.h>

#include "spell.h"
#include "spor/store/xerror.h"
#include "spor/text/normalise.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* The longest query accepted; longer input is almost surely a mistake
 * (a file piped in), and Xapian's parser is not built for it. */
#define QUERY_MAX_BYTES 8192
/* Each word of a query costs a posting list or two; a pasted page of
 * text is not a query, and on a large index it would run for seconds. A
 * long paragraph still fits. */
#define QUERY_MAX_WORDS 256
/* Each wildcard may expand to WILDCARD_MAX_EXPANSION terms (index.c);
 * this keeps the whole query under a few thousand terms. */
#define QUERY_MAX_WILDCARDS 8

/* Called for q[name..colon) followed by ':' and a value: what Xapian's
 * parser may read as "field:value", a name of letters only. */
typedef void (*field_fn)(void *ctx, const char *q, size_t name,
                         size_t colon);

static void each_field(const char *q, size_t len, field_fn fn, void *ctx)
{
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && q[i] != ' ' && q[i] != ':' && q[i] != '"' &&
               q[i] != '(')
            i++;
        if (i < len && q[i] == ':' && i > start && i + 1 < len &&
            q[i + 1] != ' ') {
            int letters = 1;
            for (size_t k = start; k < i; k++)
                letters &= (unsigned char)q[k] >= 0x80 ||
                           (q[k] >= 'a' && q[k] <= 'z') ||
                           (q[k] >= 'A' && q[k] <= 'Z');
            if (letters)
                fn(ctx, q, start, i);
        }
        i++;
    }
}

/* field_fn: a field the syntax does not know becomes two words (Xapian
 * would read "field:word" as a phrase, which silently finds nothing).
 * ctx is q itself, writable. */
static void split_unknown(void *ctx, const char *q, size_t name,
                          size_t colon)
{
    size_t n = colon - name;
    int known = flt_field_kind(q + name, n) != FLT_NOT_FIELD ||
                (n == strlen(IXH_ID_FIELD) &&
                 !memcmp(q + name, IXH_ID_FIELD, n));
    if (!known)
        ((char *)ctx)[colon] = ' ';
}

static void find_place_field(void *ctx, const char *q, size_t name,
                             size_t colon)
{
    if (flt_field_kind(q + name, colon - name) == FLT_PLACE)
        *(int *)ctx = 1;
}

int prep_has_place_field(const char *norm)
{
    int found = 0;
    each_field(norm, strlen(norm), find_place_field, &found);
    return found;
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

spor_status prep_normalise(const char *query, sbuf *norm, spor_err *err)
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
    each_field(norm->data, norm->len, split_unknown, norm->data);
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

spor_status prep_suggest(spor_index *ix, const char *norm, char **out,
                         spor_err *err)
{
    spell_context sc = {ix->db, ix->stemmer, ix->wordlist};
    return spell_correct(&sc, norm, out, err);
}

void prep_typos_free(prep_typos *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free((char *)t->v[i].typed);
        free((char *)t->v[i].meant);
    }
    free(t->v);
    t->v = NULL;
    t->n = 0;
}

spor_status prep_typos_pair(const char *norm, const char *meant,
                            prep_typos *out)
{
    tok_iter a, b;
    tok_token ta, tb;
    int ra = 0, rb = 0;
    spor_status st = SPOR_OK;
    tok_init(&a, norm, strlen(norm));
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

/* q with each word's leading '-' as "NOT " when every word of q is
 * excluded ("-misbrug", -"to ord"), into out; 0 (out untouched) for any
 * other query. Xapian's parser reads a query of excluded words alone as
 * those words wanted, the opposite of what was asked; "NOT misbrug" is
 * what the user meant: every passage without it (what the filters
 * leave). */
static int only_excluded(const char *q, sbuf *out)
{
    size_t words = 0;
    for (size_t i = 0; q[i]; i++)
        if (q[i] != ' ') {
            if (q[i] != '-' || !q[i + 1] || q[i + 1] == ' ')
                return 0;
            words++;
            for (int quoted = 0; q[i] && (quoted || q[i] != ' '); i++)
                quoted ^= q[i] == '"';
            if (!q[i])
                break;
        }
    int quoted = 0;
    for (size_t i = 0; q[i] && words; i++) {
        int starts = !quoted && q[i] == '-' && (i == 0 || q[i - 1] == ' ');
        quoted ^= q[i] == '"';
        if (starts ? sbuf_append_str(out, "NOT ")
                   : sbuf_append_char(out, q[i]))
            return 0; /* out of memory: parsed as typed */
    }
    return words > 0;
}

/* Xapian's parse of norm, or of its plain reading when Xapian refuses the
 * syntax as written; *q NULL when neither has anything to search for. */
static xc_status parse_syntax(spor_index *ix, const char *norm, xc_query **q,
                              xc_error *xe)
{
    sbuf nots = SBUF_INIT;
    xc_status xs = xc_qparser_parse(
        ix->qp, only_excluded(norm, &nots) ? nots.data : norm,
        XC_QP_DEFAULT | XC_QP_PURE_NOT, q, xe);
    sbuf_free(&nots);
    if (xs != XC_EQUERY)
        return xs;
    sbuf plain = SBUF_INIT;
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
    sbuf_free(&plain);
    return xs;
}

spor_status prep_parse(spor_index *ix, const char *norm,
                       const spor_search_opts *o, qb_explain *ex,
                       const prep_typos *typos, xc_query **q, spor_err *err)
{
    xc_error xe;
    xc_status xs = parse_syntax(ix, norm, q, &xe);
    if (xs != XC_OK)
        return spor_fail(err, xs == XC_ENOMEM ? SPOR_ENOMEM : SPOR_EQUERY,
                         "cannot parse query '%s': %s", norm, xe.msg);
    if (xc_query_is_empty(*q)) {
        xc_query_free(*q);
        *q = NULL;
        return spor_fail(err, SPOR_EQUERY, "query '%s' has no words to "
                         "search for", norm);
    }
    qb_context qc = {ix->db, ix->stemmer, ix->stops,
                     {!o->no_synonyms}, ex,
                     ix->set.n_shards ? shd_each_synonym : NULL,
                     ix->gaz, typos ? typos->v : NULL,
                     typos ? typos->n : 0, norm, ix->wordlist};
    xc_query *expanded = NULL;
    spor_status st = qb_expand(&qc, *q, &expanded, err);
    xc_query_free(*q);
    *q = expanded;
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
        st = ixh_fail(ix, what, &xe, err);
    xc_query_free(sub);
    if (!st) {
        xc_query_free(*q);
        *q = r;
    }
    return st;
}

/* The query with the boost words (normalised) as an optional extra. */
static spor_status apply_boost(spor_index *ix, const char *boost,
                               const spor_search_opts *o, xc_query **q,
                               spor_err *err)
{
    xc_query *b = NULL, *scaled = NULL;
    /* Boost words that parse to nothing (only stop words) change nothing;
     * they are expanded like the query's own words. */
    spor_err ignored;
    spor_status st = prep_parse(ix, boost, o, NULL, NULL, &b, &ignored);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, st, "%s", ignored.msg);
    if (st)
        return SPOR_OK;
    xc_error xe;
    if (xc_query_scale(b, o->boost_weight, &scaled, &xe) != XC_OK)
        st = ixh_fail(ix, "query boost", &xe, err);
    xc_query_free(b);
    return st ? st : combine_into(ix, XC_Q_AND_MAYBE, q, scaled, "query boost",
                                  err);
}

/* apply_boost with the request's boost words, or the options' normalised
 * here. */
static spor_status boost_request(spor_index *ix, const prep_request *rq,
                                 const spor_search_opts *o, xc_query **q,
                                 spor_err *err)
{
    if (rq->boost)
        return apply_boost(ix, rq->boost, o, q, err);
    if (!o->boost)
        return SPOR_OK;
    sbuf norm = SBUF_INIT;
    spor_status st = prep_normalise(o->boost, &norm, err);
    if (!st)
        st = apply_boost(ix, norm.data, o, q, err);
    sbuf_free(&norm);
    return st;
}

spor_status prep_filter(spor_index *ix, const spor_search_opts *o,
                        xc_query **q, spor_err *err)
{
    xc_query *f = NULL;
    spor_status st = flt_build(&ix->flt, o->places, o->docs, o->years, &f,
                               err);
    if (st || !f)
        return st;
    return combine_into(ix, XC_Q_FILTER, q, f, "query filter", err);
}

/* The query without the passages that the query shown before it
 * matches; *q is replaced. */
static spor_status apply_exclusion(spor_index *ix, const char *shown,
                                   const spor_search_opts *o,
                                   const prep_typos *typos, xc_query **q,
                                   spor_err *err)
{
    xc_query *e = NULL;
    spor_status st = prep_parse(ix, shown, o, NULL, typos, &e, err);
    if (st)
        return st;
    return combine_into(ix, XC_Q_AND_NOT, q, e, "query exclusion", err);
}

spor_status prep_query(spor_index *ix, const prep_request *rq,
                       const spor_search_opts *o, qb_explain *ex,
                       xc_query **q, spor_err *err)
{
    spor_status st = prep_parse(ix, rq->norm, o, ex, rq->typos, q, err);
    if (!st)
        st = boost_request(ix, rq, o, q, err);
    if (!st && rq->exclude)
        st = apply_exclusion(ix, rq->exclude, o, rq->typos, q, err);
    if (!st && rq->exclude_also)
        st = apply_exclusion(ix, rq->exclude_also, o, rq->typos, q, err);
    if (!st)
        st = prep_filter(ix, o, q, err);
    if (st) {
        xc_query_free(*q);
        *q = NULL;
    }
    return st;
}
