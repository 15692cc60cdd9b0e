/* Copies among hits (collapse.h): this file owns listing the page's copy
 * groups from the index and folding the copies the groups missed. */
#include "collapse.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/copies.h"

/* A copy found by clp_page_copies: its place in the search's answer
 * (Xapian's plain order within a group is relevance, then docid), the
 * page hit whose group holds it, and its id. */
typedef struct copy_hit {
    double weight;
    unsigned docid;
    size_t hit;
    char id[SCHEMA_ID_MAX];
} copy_hit;

static int cmp_copy_hit(const void *a, const void *b)
{
    const copy_hit *x = a, *y = b;
    if (x->hit != y->hit)
        return x->hit < y->hit ? -1 : 1;
    if (x->weight != y->weight)
        return x->weight < y->weight ? 1 : -1;
    return x->docid < y->docid ? -1 : x->docid > y->docid;
}

/* Copies expected at most per group in the first search of a page's
 * groups: most groups are a passage alone or a handful of copies (21 in
 * the most duplicated benchmark corpus); a page whose groups hold more is
 * searched again with room doubled, until the answer is not full. */
#define COPIES_PER_GROUP_GUESS 32

/* The OR of the copy groups of the page's hits that have a group key. */
static spor_status groups_query(spor_index *ix, const cand_passage *c,
                                const size_t *page, size_t n,
                                xc_query **out, size_t *n_groups,
                                spor_err *err)
{
    xc_query **subs = calloc(n ? n : 1, sizeof *subs);
    if (!subs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    xc_error xe;
    spor_status st = SPOR_OK;
    size_t k = 0;
    for (size_t i = 0; i < n && !st; i++) {
        const char *key = c[page[i]].copy_key;
        if (key[0] && schema_copy_group_query(key, strlen(key), &subs[k++],
                                              &xe))
            st = ixh_fail(ix, "reading copies", &xe, err);
    }
    if (!st && k && xc_query_combine(XC_Q_OR, subs, k, 0, out, &xe))
        st = ixh_fail(ix, "reading copies", &xe, err);
    for (size_t i = 0; i < k; i++)
        xc_query_free(subs[i]);
    free(subs);
    *n_groups = k;
    return st;
}

/* The page hit whose group key is key[0..len), or n when none. */
static size_t hit_of_group(const cand_passage *c, const size_t *page,
                           size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        const char *k = c[page[i]].copy_key;
        if (strlen(k) == len && !memcmp(k, key, len))
            return i;
    }
    return n;
}

/* One copy of the answer ms (hit i) into found[*n_found]: its id comes
 * at the start of its hit value, the sort key (SCHEMA_SLOT_HIT), and its
 * group as the collapse key (SCHEMA_SLOT_COPY); the page hit itself is
 * left out. */
static spor_status take_copy(spor_index *ix, const xc_mset *ms, unsigned i,
                             const cand_passage *c, const size_t *page,
                             size_t n, copy_hit *found, size_t *n_found,
                             spor_err *err)
{
    copy_hit *f = &found[*n_found];
    char *key = NULL, *hv = NULL;
    size_t klen = 0, hvlen = 0;
    hit_view v;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (xc_mset_get(ms, i, &f->docid, &f->weight, &xe) ||
        xc_mset_keys(ms, i, &key, &klen, &hv, &hvlen, &xe))
        st = ixh_fail(ix, "reading copies", &xe, err);
    else if (hitv_decode(hv, hvlen, &v) || !v.id_len ||
             v.id_len >= SCHEMA_ID_MAX)
        st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (a passage "
                       "without its id)", ix->dir);
    if (!st) {
        f->hit = hit_of_group(c, page, n, key, klen);
        memcpy(f->id, v.id, v.id_len);
        f->id[v.id_len] = '\0';
        *n_found += f->hit < n && f->docid != c[page[f->hit]].docid;
    }
    free(key);
    free(hv);
    return st;
}

/* Every passage of the groups of q (n_groups of them), in found (malloc'd,
 * *n_found of them): searched again with more room while the answer is
 * full. */
static spor_status search_groups(spor_index *ix, const xc_query *q,
                                 size_t n_groups, const cand_passage *c,
                                 const size_t *page, size_t n,
                                 copy_hit **found, size_t *n_found,
                                 spor_err *err)
{
    xc_search_opts so;
    xc_search_opts_default(&so);
    so.sort_value_slot = SCHEMA_SLOT_HIT;
    so.collapse_slot = SCHEMA_SLOT_COPY;
    unsigned room = (unsigned)n_groups * COPIES_PER_GROUP_GUESS;
    for (;;) {
        /* No group reaches room passages: nothing collapses, and each
         * passage's collapse key is its group. */
        so.collapse_max = room;
        xc_mset *ms = NULL;
        xc_error xe;
        if (xc_db_search(ix->db, q, &so, 0, room, &ms, &xe))
            return ixh_fail(ix, "reading copies", &xe, err);
        unsigned got = xc_mset_size(ms);
        spor_status st = SPOR_OK;
        if (got < room) {
            *n_found = 0;
            if (!(*found = malloc((got ? got : 1) * sizeof **found)))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            for (unsigned i = 0; i < got && !st; i++)
                st = take_copy(ix, ms, i, c, page, n, *found, n_found, err);
        }
        xc_mset_free(ms);
        if (st || got < room)
            return st;
        if (room > UINT_MAX / 2)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        room *= 2;
    }
}

spor_status clp_page_copies(spor_index *ix, const cand_passage *c,
                            const size_t *page, size_t n, spor_hit *hits,
                            spor_err *err)
{
    xc_query *q = NULL;
    size_t n_groups = 0, n_found = 0;
    copy_hit *found = NULL;
    spor_status st = groups_query(ix, c, page, n, &q, &n_groups, err);
    if (!st && n_groups)
        st = search_groups(ix, q, n_groups, c, page, n, &found, &n_found,
                           err);
    if (!st && n_found > 1)
        qsort(found, n_found, sizeof *found, cmp_copy_hit);
    for (size_t i = 0, j; i < n_found && !st; i = j) {
        spor_hit *h = &hits[found[i].hit];
        for (j = i; j < n_found && found[j].hit == found[i].hit; j++)
            ;
        if (!(h->also_in = calloc(j - i, sizeof *h->also_in)))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        for (size_t k = i; k < j && !st; k++)
            memcpy(h->also_in[h->n_also_in++], found[k].id, SCHEMA_ID_MAX);
    }
    /* On failure the hits hold no copies: they are not on the page yet. */
    for (size_t i = 0; st && i < n; i++) {
        free(hits[i].also_in);
        hits[i].also_in = NULL;
        hits[i].n_also_in = 0;
    }
    free(found);
    xc_query_free(q);
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

spor_status clp_add_folded(const cand_passage *c,
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
        const char *id = c[j].id;
        int dup = 0;
        for (size_t k = 0; k < h->n_also_in && !dup; k++)
            dup = !strcmp(h->also_in[k], id);
        if (!dup)
            memcpy(h->also_in[h->n_also_in++], id, SCHEMA_ID_MAX);
    }
    return SPOR_OK;
}
