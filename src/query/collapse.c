/* Copies among hits (collapse.h): this file owns listing a hit's copy
 * group from the index and folding the copies the groups missed. */
#include "collapse.h"

#include <stdint.h>
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

/* The passages of copy group key (at most tf of them) other than docid, into
 * found[0..*n_found). Each copy's document and passage ordinals come with
 * the match as its sort key (SCHEMA_SLOT_DOC) and collapse key
 * (SCHEMA_SLOT_PASSAGE, with no collapsing: at most tf passages share
 * one), read from the value streams during the match instead of one
 * look-up per copy and slot; the copies are then put back in Xapian's
 * plain order (relevance, then docid). */
static spor_status match_group(spor_index *ix, const char *key, size_t klen,
                               unsigned tf, unsigned docid, copy_hit *found,
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
    if (schema_copy_group_query(key, klen, &q, &xe) ||
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
    if (xc_db_get_hit(ix->db, docid, NULL, NULL, SCHEMA_SLOT_COPY, &key,
                      &klen, &xe))
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
    /* tf passages joined the group; its first passage (found by its id
     * term, schema_copy_group_query) may have left in an update. */
    unsigned most = tf + 1;
    if (!st && tf >= 1 &&
        (!(h->also_in = calloc(most, sizeof *h->also_in)) ||
         !(found = calloc(most, sizeof *found))))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st && tf >= 1)
        st = match_group(ix, key, klen, most, docid, found, &n_found, err);
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

/* The candidates kept so far (not folded), as an inverted table from
 * shingle to the kept candidates that hold it, so that a candidate is
 * compared only with the kept ones it shares a shingle with: pairwise
 * comparison was quadratic (-n 40000 over 100,000 passages took 112 s).
 * Open addressing over the shingle hashes; postings are linked lists in
 * one array. */
typedef struct fold_slot {
    uint64_t key;
    long head; /* first posting, -1: empty slot */
} fold_slot;

typedef struct fold_posting {
    size_t cand;
    long next;
} fold_posting;

typedef struct fold_table {
    fold_slot *slots;
    size_t cap, used;      /* cap is a power of two */
    fold_posting *post;
    size_t n_post, cap_post;
    unsigned *common;      /* per candidate: shingles shared with the one
                            * being folded */
    size_t *touched;       /* the candidates whose common is not 0 */
    size_t n_touched;
} fold_table;

/* The slot of key, or the empty slot where it would go. */
static fold_slot *fold_find(fold_table *t, uint64_t key)
{
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL) & (t->cap - 1);
    while (t->slots[i].head >= 0 && t->slots[i].key != key)
        i = (i + 1) & (t->cap - 1);
    return &t->slots[i];
}

static spor_status fold_grow(fold_table *t)
{
    fold_table old = *t;
    t->cap = old.cap ? old.cap * 2 : 1024;
    t->used = 0;
    if (!(t->slots = malloc(t->cap * sizeof *t->slots))) {
        t->slots = old.slots;
        t->cap = old.cap;
        t->used = old.used;
        return SPOR_ENOMEM;
    }
    for (size_t i = 0; i < t->cap; i++)
        t->slots[i].head = -1;
    for (size_t i = 0; old.slots && i < old.cap; i++)
        if (old.slots[i].head >= 0) {
            *fold_find(t, old.slots[i].key) = old.slots[i];
            t->used++;
        }
    free(old.slots);
    return SPOR_OK;
}

/* Lists kept candidate `cand` under each of its shingles. */
static spor_status fold_keep(fold_table *t, const cp_shingles *sh,
                             size_t cand)
{
    for (size_t k = 0; k < sh->n; k++) {
        /* At most half full, so that probes stay short. */
        if ((t->used + 1) * 2 > t->cap && fold_grow(t))
            return SPOR_ENOMEM;
        if (t->n_post == t->cap_post) {
            size_t cap = t->cap_post ? t->cap_post * 2 : 1024;
            fold_posting *p = realloc(t->post, cap * sizeof *p);
            if (!p)
                return SPOR_ENOMEM;
            t->post = p;
            t->cap_post = cap;
        }
        fold_slot *s = fold_find(t, sh->h[k]);
        if (s->head < 0) {
            s->key = sh->h[k];
            t->used++;
        }
        t->post[t->n_post] = (fold_posting){cand, s->head};
        s->head = (long)t->n_post++;
    }
    return SPOR_OK;
}

/* The first kept candidate of another document that candidate j is a copy
 * of, or -1: the shared shingles are counted through the table, and the
 * decision is cp_are_copies's (cp_contained on the count). */
static long fold_first_copy(fold_table *t, const cand_passage *c,
                            const cp_shingles *sh, size_t j)
{
    t->n_touched = 0;
    for (size_t k = 0; k < sh[j].n; k++) {
        fold_slot *s = fold_find(t, sh[j].h[k]);
        for (long p = s->head; p >= 0; p = t->post[p].next) {
            size_t i = t->post[p].cand;
            if (t->common[i]++ == 0)
                t->touched[t->n_touched++] = i;
        }
    }
    long best = -1;
    for (size_t k = 0; k < t->n_touched; k++) {
        size_t i = t->touched[k];
        if ((best < 0 || (long)i < best) &&
            c[i].rec.doc_ord != c[j].rec.doc_ord &&
            cp_contained(t->common[i], sh[i].n, sh[j].n))
            best = (long)i;
        t->common[i] = 0;
    }
    return best;
}

/* Folds the candidates in rank order through the table (clp_fold). */
static spor_status fold_all(const cand_passage *c, const cp_shingles *sh,
                            size_t n, long *copy_of, long *chain)
{
    fold_table t = {0};
    long *tail = malloc(n * sizeof *tail);
    t.common = calloc(n, sizeof *t.common);
    t.touched = malloc(n * sizeof *t.touched);
    size_t shingles = 0;
    for (size_t j = 0; j < n; j++)
        shingles += sh[j].n;
    /* Sized once for every shingle, at most half full: no rehashing. */
    size_t cap = 1024;
    while (cap < 2 * shingles + 2)
        cap *= 2;
    t.cap = cap / 2;
    spor_status st = tail && t.common && t.touched ? fold_grow(&t)
                                                   : SPOR_ENOMEM;
    for (size_t j = 0; j < n && !st; j++) {
        long i = fold_first_copy(&t, c, sh, j);
        copy_of[j] = i;
        chain[j] = -1;
        tail[j] = (long)j;
        if (i < 0) {
            st = fold_keep(&t, &sh[j], j);
        } else {
            chain[tail[i]] = (long)j;
            tail[i] = (long)j;
        }
    }
    free(tail);
    free(t.slots);
    free(t.post);
    free(t.common);
    free(t.touched);
    return st;
}

/* Up to this many candidates (a page or a few, the common case), each is
 * compared with the kept ones before it directly: a pair whose signatures
 * rule it out costs a few instructions, less than building the inverted
 * table. Past it the pairs grow with the square of the candidates and the
 * table wins (both answer the same). */
#define FOLD_PAIRWISE_MAX 256

/* Folds the candidates in rank order, each compared with every kept one
 * before it (clp_fold, for few candidates). */
static void fold_pairwise(const cand_passage *c, const cp_shingles *sh,
                          size_t n, long *copy_of, long *chain)
{
    for (size_t j = 0; j < n; j++) {
        copy_of[j] = -1;
        chain[j] = -1;
        for (size_t i = 0; i < j; i++)
            if (copy_of[i] < 0 && c[i].rec.doc_ord != c[j].rec.doc_ord &&
                cp_are_copies(&sh[i], &sh[j])) {
                copy_of[j] = (long)i;
                break;
            }
    }
    /* The chains, built backwards so that each lists its copies in rank
     * order. */
    for (size_t j = n; j-- > 0;)
        if (copy_of[j] >= 0) {
            chain[j] = chain[copy_of[j]];
            chain[copy_of[j]] = (long)j;
        }
}

spor_status clp_fold(const cand_passage *c, size_t n, long *copy_of,
                     long *chain)
{
    cp_shingles *sh = calloc(n ? n : 1, sizeof *sh);
    if (!sh)
        return SPOR_ENOMEM;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st; i++)
        st = cp_make_shingles(c[i].rec.text, c[i].rec.text_len, &sh[i]);
    if (!st && n <= FOLD_PAIRWISE_MAX)
        fold_pairwise(c, sh, n, copy_of, chain);
    else if (!st)
        st = fold_all(c, sh, n, copy_of, chain);
    for (size_t i = 0; i < n; i++)
        cp_shingles_free(&sh[i]);
    free(sh);
    return st;
}

spor_status clp_add_folded(spor_index *ix, const cand_passage *c,
                           const long *chain, size_t i, spor_hit *h)
{
    size_t extra = 0;
    for (long j = chain[i]; j >= 0; j = chain[j])
        extra++;
    if (!extra)
        return SPOR_OK;
    char (*p)[SCHEMA_ID_MAX] =
        realloc(h->also_in, (h->n_also_in + extra) * sizeof *p);
    if (!p)
        return SPOR_ENOMEM;
    h->also_in = p;
    for (long j = chain[i]; j >= 0; j = chain[j]) {
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
