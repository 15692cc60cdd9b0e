/* Filter queries for places, documents and years (see filters.h). Place
 * names go through the gazetteer the index was built with, so a filter
 * finds passages in whatever spelling they were tagged; years use the
 * year value slot (4 bytes big-endian, so byte order is number order) for
 * ranges, and the year terms for single years. */
#include "filters.h"
#include "placename.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/xerror.h"
#include "spor/text/buf.h"
#include "spor/text/list.h"
#include "spor/text/path.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* Years outside this range are typos, not report dates. */
#define FLT_YEAR_MIN 1000
#define FLT_YEAR_MAX 9999

static void trim(const char **v, size_t *len)
{
    while (*len && (**v == ' ' || **v == '\t'))
        (*v)++, (*len)--;
    while (*len && ((*v)[*len - 1] == ' ' || (*v)[*len - 1] == '\t'))
        (*len)--;
}

static spor_status term_query(const char *term, xc_query **out, spor_err *err)
{
    xc_error xe;
    if (xc_query_term(term, 1, out, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "filter");
    return SPOR_OK;
}

/* The place term for name, or *term NULL when the name is unknown: then
 * err says so, with the nearest known names. */
static spor_status place_term(const flt_ctx *c, const char *name, size_t len,
                              char **term, spor_err *err)
{
    *term = NULL;
    trim(&name, &len);
    if (!len)
        return spor_fail(err, SPOR_EQUERY, "empty place name");
    if (!utf8_valid(name, len))
        return spor_fail(err, SPOR_EQUERY, "place name is not valid UTF-8");
    sbuf near = SBUF_INIT;
    spor_status st = pn_resolve(c->gaz, c->db, name, len, term, &near, err);
    if (!st && !*term)
        spor_fail(err, SPOR_EQUERY, "ukendt sted '%.*s'%s%s", (int)len, name,
                  near.len ? "; nærmeste kendte: " : "",
                  near.len ? near.data : "");
    sbuf_free(&near);
    return st;
}

spor_status flt_place_term(const flt_ctx *c, const char *name, size_t len,
                           char **out, spor_err *err)
{
    spor_status st = place_term(c, name, len, out, err);
    return st || *out ? st : SPOR_EQUERY;
}

spor_status flt_place(const flt_ctx *c, const char *v, size_t len,
                      xc_query **out, spor_err *err)
{
    char *term = NULL;
    spor_status st = flt_place_term(c, v, len, &term, err);
    if (!st)
        st = term_query(term, out, err);
    free(term);
    return st;
}

static spor_status or_all(xc_query **qs, size_t n, xc_query **out,
                          spor_err *err)
{
    xc_error xe;
    if (n == 1) {
        *out = qs[0];
        qs[0] = NULL;
        return SPOR_OK;
    }
    if (xc_query_combine(XC_Q_OR, qs, n, 0, out, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "filter");
    return SPOR_OK;
}

static void free_all(xc_query **qs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        xc_query_free(qs[i]);
    free(qs);
}

/* A run of at least this many consecutive document ordinals matched by one
 * doc: filter becomes one value range on SCHEMA_SLOT_DOC instead of one
 * term per document. Xapian 1.4 recomputes the maximum weight of the whole
 * query tree each time one branch of an OR runs out, so an OR of N
 * one-document terms costs N squared (20,000 documents: 10 s); a range
 * costs one pass over the slot's values. Documents are numbered in walk
 * order, so a folder or a name part usually matches long runs; a shorter
 * run stays terms, which are cheaper than a pass over every value. */
#define FLT_DOC_RANGE_MIN 8

static void be32(unsigned v, unsigned char out[4]);

/* The filter for documents first..last of the table: a value range, or
 * one term each (appended to qs at *n). */
static spor_status doc_run(const schema_doctable *docs, size_t first,
                           size_t last, xc_query **qs, size_t *n,
                           spor_err *err)
{
    if (last - first + 1 >= FLT_DOC_RANGE_MIN) {
        unsigned char a[4], b[4];
        xc_error xe;
        be32((unsigned)first, a);
        be32((unsigned)last, b);
        if (xc_query_value_range(SCHEMA_SLOT_DOC, a, 4, b, 4, &qs[*n], &xe))
            return xerr_fail(err, &xe, 0, "filter");
        (*n)++;
        return SPOR_OK;
    }
    for (size_t i = first; i <= last; i++) {
        char term[SCHEMA_ID_MAX + 2];
        snprintf(term, sizeof term, SCHEMA_PREFIX_DOC "%s", docs->docs[i].id);
        spor_status st = term_query(term, &qs[*n], err);
        if (st)
            return st;
        (*n)++;
    }
    return SPOR_OK;
}

/* Whether document d's path, as `doc` shows it (below the index's
 * folder), contains want, or its whole path is want: a part of the
 * stored absolute path above the index's folder ("home", "srv") would
 * name every document. */
static int doc_path_has(const flt_ctx *c, const schema_docinfo *d,
                        const char *want)
{
    const char *below = c->root ? path_below(d->path, c->root) : NULL;
    return strstr(below ? below : d->path, want) != NULL ||
           !strcmp(d->path, want);
}

/* The documents whose id is want, else those whose path contains it, as
 * runs of consecutive ordinals (doc_run) into qs. */
static spor_status doc_matches(const flt_ctx *c, const schema_doctable *docs,
                               const char *want, xc_query **qs, size_t *n,
                               spor_err *err)
{
    spor_status st = SPOR_OK;
    /* An exact id wins; else every document whose path contains want. */
    for (int pass = 0; pass < 2 && !st && *n == 0; pass++) {
        size_t run = 0, len = 0;
        for (size_t i = 0; i <= docs->n && !st; i++) {
            const schema_docinfo *d = i < docs->n ? &docs->docs[i] : NULL;
            int hit = d && (pass == 0 ? !strcmp(d->id, want)
                                      : doc_path_has(c, d, want));
            if (hit && !len++)
                run = i;
            else if (!hit && len) {
                st = doc_run(docs, run, run + len - 1, qs, n, err);
                len = 0;
            }
        }
    }
    return st;
}

spor_status flt_doc(const flt_ctx *c, const char *v, size_t len,
                    xc_query **out, spor_err *err)
{
    trim(&v, &len);
    if (!len)
        return spor_fail(err, SPOR_EQUERY, "empty document name");
    spor_err derr;
    spor_err_clear(&derr);
    const schema_doctable *docs = c->docs(c->docs_ctx, &derr);
    if (!docs)
        return spor_fail(err, derr.status, "%s", derr.msg);
    xc_query **qs = calloc(docs->n ? docs->n : 1, sizeof *qs);
    if (!qs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    size_t n = 0;
    spor_status st = SPOR_OK;
    char *want = strndup(v, len);
    if (!want)
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st)
        st = doc_matches(c, docs, want, qs, &n, err);
    if (!st && n == 0)
        st = spor_fail(err, SPOR_EQUERY, "no indexed document matches "
                       "'%s' (give a document id or part of its path)", want);
    if (!st)
        st = or_all(qs, n, out, err);
    free(want);
    free_all(qs, n);
    return st;
}

/* Parses a year at v[0..len); 0 when len is 0, -1 when malformed. */
static int parse_year(const char *v, size_t len)
{
    if (len == 0)
        return 0;
    if (len > 4)
        return -1;
    int y = 0;
    for (size_t i = 0; i < len; i++) {
        if (v[i] < '0' || v[i] > '9')
            return -1;
        y = y * 10 + (v[i] - '0');
    }
    return y >= FLT_YEAR_MIN && y <= FLT_YEAR_MAX ? y : -1;
}

static void be32(unsigned v, unsigned char out[4])
{
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(v >> (24 - 8 * i));
}

spor_status flt_year(const flt_ctx *c, const char *v, size_t len,
                     xc_query **out, spor_err *err)
{
    (void)c;
    trim(&v, &len);
    const char *dots = NULL;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = v + i;
            break;
        }
    if (!dots) {
        int y = parse_year(v, len);
        if (y <= 0)
            return spor_fail(err, SPOR_EQUERY, "year '%.*s' is not a year "
                             "(%d..%d) or a range like 2015..2023", (int)len,
                             v, FLT_YEAR_MIN, FLT_YEAR_MAX);
        char term[16];
        snprintf(term, sizeof term, SCHEMA_PREFIX_YEAR "%d", y);
        return term_query(term, out, err);
    }
    size_t l1 = (size_t)(dots - v), l2 = len - l1 - 2;
    int lo = parse_year(v, l1), hi = parse_year(dots + 2, l2);
    if (lo < 0 || hi < 0 || (lo == 0 && hi == 0) || (hi && lo > hi))
        return spor_fail(err, SPOR_EQUERY, "year range '%.*s' is not like "
                         "2015..2023", (int)len, v);
    unsigned char a[4], b[4];
    be32(lo ? (unsigned)lo : 1, a);
    be32(hi ? (unsigned)hi : FLT_YEAR_MAX, b);
    xc_error xe;
    if (xc_query_value_range(SCHEMA_SLOT_YEAR, a, 4, b, 4, out, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "filter");
    return SPOR_OK;
}

typedef spor_status (*one_fn)(const flt_ctx *, const char *, size_t,
                              xc_query **, spor_err *);

/* A comma-separated list of alternatives, ORed. */
static spor_status build_list(const flt_ctx *c, const char *list, one_fn fn,
                              xc_query **out, spor_err *err)
{
    size_t cap = 1;
    for (const char *p = list; *p; p++)
        cap += *p == ',';
    xc_query **qs = calloc(cap, sizeof *qs);
    if (!qs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    size_t n = 0, len;
    spor_status st = SPOR_OK;
    const char *cur = list, *item;
    while (!st && list_next(&cur, &item, &len))
        if (!(st = fn(c, item, len, &qs[n], err)))
            n++;
    if (!st && n == 0)
        st = spor_fail(err, SPOR_EQUERY, "empty filter '%s'", list);
    if (!st)
        st = or_all(qs, n, out, err);
    free_all(qs, n);
    return st;
}

spor_status flt_build(const flt_ctx *c, const char *places, const char *docs,
                      const char *years, xc_query **out, spor_err *err)
{
    xc_query *parts[3] = {NULL, NULL, NULL};
    size_t n = 0;
    spor_status st = SPOR_OK;
    *out = NULL;
    if (places && places[0])
        st = build_list(c, places, flt_place, &parts[n++], err);
    if (!st && docs && docs[0])
        st = build_list(c, docs, flt_doc, &parts[n++], err);
    if (!st && years && years[0])
        st = build_list(c, years, flt_year, &parts[n++], err);
    xc_error xe;
    if (!st && n == 1) {
        *out = parts[0];
        parts[0] = NULL;
    } else if (!st && n > 1 &&
               xc_query_combine(XC_Q_AND, parts, n, 0, out, &xe) != XC_OK) {
        st = xerr_fail(err, &xe, 0, "filter");
    }
    for (size_t i = 0; i < n; i++)
        xc_query_free(parts[i]);
    return st;
}

/* ---- query-string fields ------------------------------------------------ */

static int field_cb(void *ctx, const char *value, size_t len, xc_query **out,
                    char *msg, size_t msgcap, one_fn fn)
{
    spor_err e;
    spor_err_clear(&e);
    if (fn(ctx, value, len, out, &e) != SPOR_OK) {
        snprintf(msg, msgcap, "%s", e.msg);
        return 1;
    }
    return 0;
}

/* The words of v as the query's own words, ORed (NULL when it has none). */
static xc_status word_query(const char *v, size_t len, xc_query **out,
                            xc_error *xe)
{
    tok_iter it;
    tok_token t;
    xc_query *acc = NULL;
    xc_status xs = XC_OK;
    tok_init(&it, v, len);
    while (xs == XC_OK && tok_next(&it, &t) == 1) {
        xc_query *w = NULL, *either = NULL;
        xs = xc_query_term(t.term, 1, &w, xe);
        if (xs == XC_OK && acc) {
            xc_query *both[2] = {acc, w};
            xs = xc_query_combine(XC_Q_OR, both, 2, 0, &either, xe);
            xc_query_free(w);
            if (xs == XC_OK) {
                xc_query_free(acc);
                acc = either;
            }
        } else if (xs == XC_OK) {
            acc = w;
        }
    }
    tok_done(&it);
    if (xs != XC_OK) {
        xc_query_free(acc);
        acc = NULL;
    }
    *out = acc;
    return xs;
}

/* sted:NAME. A name no place answers to is searched as the word it is
 * (the passages must have it), and a note says so: matching nothing
 * would say that no passage is about a place nobody knows. */
static int place_cb(void *ctx, const char *v, size_t len, xc_query **out,
                    char *msg, size_t msgcap)
{
    const flt_ctx *c = ctx;
    char *term = NULL;
    spor_err e;
    spor_err_clear(&e);
    spor_status st = place_term(c, v, len, &term, &e);
    xc_error xe;
    if (!st && term) {
        st = term_query(term, out, &e);
    } else if (!st) {
        if (word_query(v, len, out, &xe) != XC_OK)
            st = xerr_fail(&e, &xe, 0, "filter");
        else if (!*out)
            st = SPOR_EQUERY; /* no word either: e says the place is
                                 unknown */
        else if (c->notes &&
                 !strstr(c->notes->data ? c->notes->data : "", e.msg))
            sbuf_printf(c->notes, "%s; søgt som ord i teksten\n", e.msg);
    }
    free(term);
    if (st)
        snprintf(msg, msgcap, "%s", e.msg);
    return st != SPOR_OK;
}

static int doc_cb(void *ctx, const char *v, size_t len, xc_query **out,
                  char *msg, size_t msgcap)
{
    return field_cb(ctx, v, len, out, msg, msgcap, flt_doc);
}

static int year_cb(void *ctx, const char *v, size_t len, xc_query **out,
                   char *msg, size_t msgcap)
{
    return field_cb(ctx, v, len, out, msg, msgcap, flt_year);
}

static const struct {
    const char *field;
    xc_field_fn fn;
    flt_field kind;
} fields[] = {
    {"sted", place_cb, FLT_PLACE}, {"place", place_cb, FLT_PLACE},
    {"doc", doc_cb, FLT_DOC},
    {"år", year_cb, FLT_YEAR},     {"year", year_cb, FLT_YEAR},
};

flt_field flt_field_kind(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (strlen(fields[i].field) == len &&
            !memcmp(fields[i].field, name, len))
            return fields[i].kind;
    return FLT_NOT_FIELD;
}

spor_status flt_register(xc_qparser *qp, flt_ctx *c, spor_err *err)
{
    xc_error xe;
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        if (xc_qparser_add_boolean_field(qp, fields[i].field, fields[i].fn, c,
                                         &xe) != XC_OK)
            return xerr_fail(err, &xe, 0, "query parser");
    return SPOR_OK;
}
