/* Copies among hits (collapse.h): this file owns listing a hit's copy
 * group from the index and folding the copies the groups missed. */
#include "collapse.h"

#include <stdlib.h>
#include <string.h>

#include "spor/store/copies.h"
#include "spor/text/buf.h"

/* A copy found by clp_group_copies, ordered as Xapian ranks by
 * relevance. */
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

/* The passages of copy group term (tf of them) other than docid, into
 * found[0..*n_found). Each copy's document and passage ordinals come with
 * the match as its sort key (SCHEMA_SLOT_DOC) and collapse key
 * (SCHEMA_SLOT_PASSAGE, with no collapsing: at most tf passages share
 * one), read from the value streams during the match instead of one
 * look-up per copy and slot; the copies are then put back in Xapian's
 * plain order (relevance, then docid). */
static spor_status match_group(spor_index *ix, const char *term, unsigned tf,
                               unsigned docid, copy_hit *found,
                               size_t *n_found, spor_err *err)
{
    xc_search_opts so;
    xc_search_opts_default(&so);
    so.sort_value_slot = SCHEMA_SLOT_DOC;
    so.collapse_slot = SCHEMA_SLOT_PASSAGE;
    so.collapse_max = tf;
    xc_query *q = NULL;
    xc_mset *ms = NULL;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (xc_query_term(term, 1, &q, &xe) ||
        xc_db_search(ix->db, q, &so, 0, tf, &ms, &xe))
        st = ixh_fail(ix, "reading copies", &xe, err);
    for (unsigned i = 0; !st && i < xc_mset_size(ms) && *n_found < tf; i++) {
        copy_hit *c = &found[*n_found];
        char *pass = NULL, *doc = NULL;
        size_t plen = 0, dlen = 0;
        if (xc_mset_get(ms, i, &c->docid, &c->weight, &xe) ||
            xc_mset_keys(ms, i, &pass, &plen, &doc, &dlen, &xe)) {
            st = ixh_fail(ix, "reading copies", &xe, err);
            break;
        }
        c->doc_ord = be32_value(doc, dlen);
        c->pass_ord = be32_value(pass, plen);
        free(pass);
        free(doc);
        *n_found += c->docid != docid;
    }
    if (!st && *n_found > 1)
        qsort(found, *n_found, sizeof *found, cmp_copy_hit);
    xc_mset_free(ms);
    xc_query_free(q);
    return st;
}

spor_status clp_group_copies(spor_index *ix, unsigned docid, spor_hit *h,
                             spor_err *err)
{
    char *key = NULL;
    size_t klen = 0;
    xc_error xe;
    if (xc_db_get_value(ix->db, docid, SCHEMA_SLOT_COPY, &key, &klen, &xe))
        return xe.status == XC_ENOTFOUND
                   ? SPOR_OK
                   : ixh_fail(ix, "reading a hit", &xe, err);
    sbuf term = SBUF_INIT;
    spor_status st = SPOR_OK;
    unsigned tf = 0;
    copy_hit *found = NULL;
    size_t n_found = 0;
    if (sbuf_append_str(&term, SCHEMA_PREFIX_COPY) ||
        sbuf_append(&term, key, klen))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    else if (xc_db_termfreq(ix->db, term.data, &tf, &xe) != XC_OK)
        st = ixh_fail(ix, "reading copies", &xe, err);
    if (!st && tf >= 2 &&
        (!(h->also_in = calloc(tf, sizeof *h->also_in)) ||
         !(found = calloc(tf, sizeof *found))))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st && tf >= 2)
        st = match_group(ix, term.data, tf, docid, found, &n_found, err);
    for (size_t i = 0; i < n_found && !st; i++) {
        if ((st = ixh_load_doc(ix, found[i].doc_ord, err)) != SPOR_OK)
            break;
        schema_passage_id(ix->docs.docs[found[i].doc_ord].id,
                          found[i].pass_ord, h->also_in[h->n_also_in++]);
    }
    free(found);
    sbuf_free(&term);
    free(key);
    return st;
}

spor_status clp_fold(const cand_passage *c, size_t n, long *copy_of)
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

spor_status clp_add_folded(spor_index *ix, const cand_passage *c, size_t n,
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
