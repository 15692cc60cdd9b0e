/* An update's copy groups against the kept passages (run.h): the kept
 * passages are known by their stored copy sketches (copy_sketch.h), not
 * added to the copy detector, which holds only the new passages; a new
 * passage's candidates among the kept ones are those whose sketch it
 * meets, and only they are read and compared in full. A kept group a new
 * passage copies at least as closely as the new group the detector chose
 * comes first, as the kept passages come before the new ones in a
 * detector seeded with them. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/hit_value.h"
#include "spor/store/xerror.h"

spor_status kept_load_stock(run *r, spor_err *err)
{
    char *v = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_db_get_metadata(r->prev_db, SCHEMA_META_COPY_STOCK, &v, &len,
                           &xe) != XC_OK)
        return xe.status == XC_ENOTFOUND
                   ? SPOR_OK
                   : xerr_fail(err, &xe, 0, "reading the copy stock list");
    size_t n = len / 8;
    uint64_t *h = malloc((n ? n : 1) * sizeof *h);
    if (!h) {
        free(v);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        h[i] = 0;
        for (int b = 7; b >= 0; b--)
            h[i] = h[i] << 8 | (unsigned char)v[8 * i + (size_t)b];
    }
    free(v);
    spor_status st = cp_mark_stock(r->copies, h, n);
    free(h);
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}

spor_status kept_mark(run *r, unsigned docid, spor_err *err)
{
    if (docid >= r->cap_marks) {
        size_t cap = r->cap_marks ? r->cap_marks : 4096;
        while (cap <= docid)
            cap *= 2;
        unsigned char *p = realloc(r->kept_marks, cap);
        if (!p)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        memset(p + r->cap_marks, 0, cap - r->cap_marks);
        r->kept_marks = p;
        r->cap_marks = cap;
    }
    r->kept_marks[docid] = 1;
    return SPOR_OK;
}

static int is_kept(const run *r, unsigned docid)
{
    return docid < r->cap_marks && r->kept_marks[docid];
}

typedef struct enter_ctx {
    run *r;
    spor_status st;
    spor_err *err;
} enter_ctx;

static int enter_sketch(void *ctx, unsigned docid, const char *val,
                        size_t len)
{
    enter_ctx *c = ctx;
    run *r = c->r;
    uint32_t sk[CP_SKETCH];
    size_t n = 0;
    if (!is_kept(r, docid))
        return 0;
    if (cp_sketch_decode(val, len, sk, &n)) {
        c->st = spor_fail(c->err, SPOR_EINDEX, "passage %u: a damaged copy "
                          "sketch (rebuild the index)", docid);
        return 1;
    }
    if (spor_grow(&r->kept_docids, &r->cap_kept, r->n_kept,
                  sizeof *r->kept_docids, 1024) ||
        cp_sketches_add(r->kept, sk, n)) {
        c->st = spor_fail(c->err, SPOR_ENOMEM, "out of memory");
        return 1;
    }
    r->kept_docids[r->n_kept++] = docid;
    return 0;
}

static int enter_key(void *ctx, unsigned docid, const char *val, size_t len)
{
    enter_ctx *c = ctx;
    if (is_kept(c->r, docid) && smap_add(c->r->kept_keys, val, len, 1)) {
        c->st = spor_fail(c->err, SPOR_ENOMEM, "out of memory");
        return 1;
    }
    return 0;
}

/* One pass over each value's stream, not a look-up per passage: a value
 * read by docid costs a B-tree descent each. */
spor_status kept_enter(run *r, spor_err *err)
{
    enter_ctx c = {r, SPOR_OK, err};
    xc_error xe;
    if (!r->kept && cp_sketches_new(&r->kept))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (xc_db_each_value(r->prev_db, SCHEMA_SLOT_SKETCH, enter_sketch, &c,
                         &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading the copy sketches");
    if (!c.st && xc_db_each_value(r->prev_db, SCHEMA_SLOT_COPY, enter_key,
                                  &c, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading the copy keys");
    free(r->kept_marks);
    r->kept_marks = NULL;
    r->cap_marks = 0;
    return c.st;
}

/* The shingles of kept passage docid, read from its stored record. */
static spor_status kept_shingles(run *r, unsigned docid, cp_shingles *out,
                                 spor_err *err)
{
    char *v = NULL;
    size_t len = 0;
    hit_view hv;
    schema_record rec;
    xc_error xe;
    if (xc_db_get_value(r->prev_db, docid, SCHEMA_SLOT_HIT, &v, &len,
                        &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading passage %u", docid);
    spor_status st = hitv_decode(v, len, &hv)
                         ? spor_fail(err, SPOR_EINDEX, "passage %u: a "
                                     "damaged record", docid)
                         : schema_hit_record(&hv, r->zdict.data, r->zdict.len,
                                             &rec, err);
    free(v);
    if (st)
        return st;
    if (cp_make_shingles(rec.text, rec.text_len, out))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    schema_record_free(&rec);
    return st;
}

/* Shingles of read kept passages held for the next new passages that
 * meet them (a large update meets the same kept passages again and
 * again): 8 bytes each, up to 32 MB; past that, read again each time. */
#define KEPT_READ_MAX ((size_t)4 << 20)

/* The shingles of kept passage id: held ones, or read (and held while
 * there is room). */
static spor_status candidate(run *r, uint32_t id, cp_shingles *q,
                             spor_err *err)
{
    if (!r->kept_read &&
        !(r->kept_read = calloc(r->n_kept, sizeof *r->kept_read)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (r->kept_read[id].h) {
        *q = r->kept_read[id];
        return SPOR_OK;
    }
    spor_status st = kept_shingles(r, r->kept_docids[id], q, err);
    if (!st && q->n && r->kept_read_total + q->n <= KEPT_READ_MAX) {
        r->kept_read[id] = *q;
        r->kept_read_total += q->n;
    }
    return st;
}

void kept_free(run *r)
{
    for (size_t i = 0; r->kept_read && i < r->n_kept; i++)
        cp_shingles_free(&r->kept_read[i]);
    free(r->kept_read);
    r->kept_read = NULL;
    r->kept_read_total = 0;
    cp_sketches_free(r->kept);
    r->kept = NULL;
    free(r->kept_docids);
    r->kept_docids = NULL;
    r->n_kept = r->cap_kept = 0;
    free(r->kept_marks);
    r->kept_marks = NULL;
    r->cap_marks = 0;
    smap_free(r->kept_last);
    r->kept_last = NULL;
}

/* The stored group key of kept passage docid. */
static spor_status kept_key(run *r, unsigned docid, char key[SCHEMA_ID_MAX],
                            spor_err *err)
{
    char *v = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_db_get_value(r->prev_db, docid, SCHEMA_SLOT_COPY, &v, &len,
                        &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading passage %u's copy key",
                         docid);
    if (!len || len >= SCHEMA_ID_MAX) {
        free(v);
        return spor_fail(err, SPOR_EINDEX, "passage %u: no copy key",
                         docid);
    }
    memcpy(key, v, len);
    key[len] = '\0';
    free(v);
    return SPOR_OK;
}

/* Notes that document doc joined kept group key: a group holds at most
 * one passage per document (copies.h). */
static spor_status note_joined(run *r, const char *key, unsigned doc)
{
    size_t len = strlen(key);
    if (!r->kept_last && smap_new(&r->kept_last))
        return SPOR_ENOMEM;
    uint32_t cur = smap_get(r->kept_last, key, len, NULL);
    if (cur)
        smap_sub(r->kept_last, key, len, cur);
    return smap_add(r->kept_last, key, len, doc + 1);
}

spor_status kept_group(run *r, const cp_shingles *s, unsigned doc,
                       double share, char key[SCHEMA_ID_MAX], int *found,
                       spor_err *err)
{
    const uint32_t *ids;
    size_t n;
    *found = 0;
    if (!r->kept || !s->n)
        return SPOR_OK;
    if (cp_sketches_candidates(r->kept, s, &ids, &n))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    double best = share;
    char cand[SCHEMA_ID_MAX];
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++) {
        unsigned docid = r->kept_docids[ids[i]];
        cp_shingles q;
        if ((st = candidate(r, ids[i], &q, err)))
            break;
        size_t common = cp_common_followed(r->copies, s, &q);
        size_t small = s->n < q.n ? s->n : q.n;
        int copy = cp_contained(common, s->n, q.n);
        if (q.h != r->kept_read[ids[i]].h)
            cp_shingles_free(&q);
        double sh = small ? (double)common / (double)small : 0;
        /* Kept candidates come in docid order: the first of equals wins,
         * and any beats a new group it equals. */
        if (!copy || sh < best || (sh == best && *found))
            continue;
        if ((st = kept_key(r, docid, cand, err)))
            break;
        if (r->kept_last &&
            smap_get(r->kept_last, cand, strlen(cand), NULL) == doc + 1)
            continue;
        best = sh;
        *found = 1;
        memcpy(key, cand, SCHEMA_ID_MAX);
    }
    if (!st && *found && note_joined(r, key, doc))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    return st;
}
