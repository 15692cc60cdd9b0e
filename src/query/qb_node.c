/* The query nodes the expansion builds (terms, stems, OR and AND, scaled
 * weights) and the first failure on the way, kept in the rewrite's
 * context (rw_ctx) so a caller can build on and check once. Only the
 * query builder's files (qbuild.c, qb_*.c) use it, through qb_int.h. */
#include "qb_int.h"

#include <string.h>

#include "spor/store/xerror.h"

void qb_xc_fail(rw_ctx *r)
{
    r->st = r->xerr.status != XC_OK ? xerr_status(r->xerr.status)
                                    : SPOR_EINTERNAL;
}

/* Filter terms (a capital-letter prefix) are not words. */
int qb_is_filter_term(const char *t, size_t len)
{
    return len && t[0] >= 'A' && t[0] <= 'Z';
}

xc_query *qb_term_query(rw_ctx *r, const char *prefix, const char *t,
                        size_t len, double scale)
{
    xc_query *q = NULL, *s = NULL;
    sbuf_reset(&r->term);
    if (sbuf_append_str(&r->term, prefix) || sbuf_append(&r->term, t, len)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    if (xc_query_term(r->term.data, 1, &q, &r->xerr) != XC_OK) {
        qb_xc_fail(r);
        return NULL;
    }
    if (scale == 1.0)
        return q;
    xc_status xs = xc_query_scale(q, scale, &s, &r->xerr);
    xc_query_free(q);
    if (xs != XC_OK) {
        qb_xc_fail(r);
        return NULL;
    }
    return s;
}

/* Frees the n queries in subs. */
void qb_free_all(xc_query **subs, size_t n)
{
    while (n)
        xc_query_free(subs[--n]);
}

/* Combines subs (consumed) with op into *out; NULL on failure. */
xc_query *qb_combine(rw_ctx *r, xc_query_op op, xc_query **subs, size_t n)
{
    xc_query *q = NULL;
    if (n == 1)
        return subs[0];
    if (xc_query_combine(op, subs, n, 0, &q, &r->xerr) != XC_OK)
        qb_xc_fail(r);
    qb_free_all(subs, n);
    return q;
}

xc_query *qb_scaled(rw_ctx *r, xc_query *q, double factor)
{
    xc_query *s = NULL;
    if (!q)
        return NULL;
    if (xc_query_scale(q, factor, &s, &r->xerr) != XC_OK)
        qb_xc_fail(r);
    xc_query_free(q);
    return s;
}

/* "prefix" + stem of w[0..len). */
xc_query *qb_stem_query(rw_ctx *r, const char *prefix, const char *w,
                        size_t len)
{
    const char *stem;
    size_t stem_len;
    if (stem_word(r->c->stemmer, w, len, &stem, &stem_len)) {
        r->st = SPOR_ENOMEM;
        return NULL;
    }
    return qb_term_query(r, prefix, stem, stem_len, 1.0);
}

/* Frees the queries in subs[0..n) that are set, and unsets them. */
void qb_free_set(xc_query **subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xc_query_free(subs[i]);
        subs[i] = NULL;
    }
}

/* Appends a copy of t to v (n of cap used) for a term callback: 1 (stop)
 * when v is full or the copy fails (*oom set). */
int qb_add_copy(char **v, size_t *n, size_t cap, int *oom, const char *t,
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
