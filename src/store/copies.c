/* Copy groups at index time (see copies.h): word-trigram shingles per
 * passage, an inverted table from shingle to the passages holding it, and
 * for each new passage a count of shared shingles per earlier passage. */
#include "spor/copies.h"

#include <stdlib.h>
#include <string.h>

#include "spor/tokenise.h"

/* A shingle held by more passages than this is a stock phrase ("i forhold
 * til at"), not evidence of copying; its postings are not followed, which
 * keeps adding a passage cheap on large corpora. */
#define CP_MAX_POSTINGS 256

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static spor_status push(cp_shingles *s, size_t *cap, uint64_t h)
{
    if (s->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 128;
        uint64_t *p = realloc(s->h, ncap * sizeof *p);
        if (!p)
            return SPOR_ENOMEM;
        s->h = p;
        *cap = ncap;
    }
    s->h[s->n++] = h;
    return SPOR_OK;
}

spor_status cp_make_shingles(const char *text, size_t len, cp_shingles *out)
{
    uint64_t w[3] = {0, 0, 0}, all = FNV_OFFSET;
    size_t n_words = 0, cap = 0;
    tok_iter it;
    tok_token t;
    memset(out, 0, sizeof *out);
    tok_init(&it, text, len);
    int r;
    while ((r = tok_next(&it, &t)) == 1) {
        uint64_t h = FNV_OFFSET;
        for (size_t i = 0; i < t.term_len; i++)
            h = (h ^ (unsigned char)t.term[i]) * FNV_PRIME;
        all = (all ^ h) * FNV_PRIME;
        w[0] = w[1];
        w[1] = w[2];
        w[2] = h;
        if (++n_words >= 3 && push(out, &cap, w[0] * 31 * 31 + w[1] * 31 + w[2])) {
            r = -1;
            break;
        }
    }
    tok_done(&it);
    if (r == 0 && n_words > 0 && n_words < 3 && push(out, &cap, all))
        r = -1;
    if (r < 0) {
        cp_shingles_free(out);
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
    size_t buckets = 0;
    for (size_t i = 0; i < out->n; i++) {
        /* The high bits: the low ones of w0*31*31 + ... mix less. */
        unsigned b = (unsigned)(out->h[i] >> 54) & (CP_SIG_WORDS * 64 - 1);
        uint64_t bit = 1ULL << (b & 63);
        buckets += !(out->sig[b >> 6] & bit);
        out->sig[b >> 6] |= bit;
    }
    out->sig_extra = out->n - buckets;
    return SPOR_OK;
}

void cp_shingles_free(cp_shingles *s)
{
    free(s->h);
    memset(s, 0, sizeof *s);
}

size_t cp_common(const cp_shingles *a, const cp_shingles *b)
{
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j])
            i++;
        else if (a->h[i] > b->h[j])
            j++;
        else
            common++, i++, j++;
    }
    return common;
}

static int contained(size_t common, size_t na, size_t nb)
{
    size_t small = na < nb ? na : nb, large = na < nb ? nb : na;
    if (small == 0)
        return 0;
    if (small < CP_SHORT_SHINGLES)
        return (double)common >= CP_CONTAINMENT * (double)large;
    return (double)common >= CP_CONTAINMENT * (double)small;
}

/* Bits set in x. Written out: without -mpopcnt the builtin is a call into
 * libgcc, slower than this. */
static unsigned bits_set(uint64_t x)
{
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return (unsigned)((x * 0x0101010101010101ULL) >> 56);
}

int cp_are_copies(const cp_shingles *a, const cp_shingles *b)
{
    /* Each shared hash sets the same bucket in both signatures; a bucket
     * shared holds one shared hash plus at most the set's extra ones. */
    size_t bound = a->sig_extra < b->sig_extra ? a->sig_extra : b->sig_extra;
    for (size_t i = 0; i < CP_SIG_WORDS; i++)
        bound += bits_set(a->sig[i] & b->sig[i]);
    if (!contained(bound, a->n, b->n))
        return 0;
    return contained(cp_common(a, b), a->n, b->n);
}

/* ---- the detector ------------------------------------------------------- */

typedef struct posting {
    uint32_t passage;
    uint32_t next;   /* next posting of the same shingle, or NONE */
} posting;

#define NONE UINT32_MAX

typedef struct slot {
    uint64_t key;
    uint32_t head;   /* NONE: empty slot */
    uint32_t count;
} slot;

struct cp_detector {
    slot *table;       /* open addressing, power-of-two size */
    size_t table_size, table_used;
    posting *post;
    size_t n_post, cap_post;
    size_t *n_shingles; /* per passage */
    size_t *group;      /* per passage */
    unsigned *last_doc; /* per passage, for the group it heads: the
                           document that last joined the group */
    size_t n, cap;
    uint32_t *hits;     /* per passage: shared shingles with the new one */
    uint32_t *touched;
    size_t n_touched, cap_touched;
};

spor_status cp_new(cp_detector **out, spor_err *err)
{
    cp_detector *d = calloc(1, sizeof *d);
    if (!d)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    d->table_size = 1024;
    d->table = malloc(d->table_size * sizeof *d->table);
    if (!d->table) {
        free(d);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < d->table_size; i++)
        d->table[i].head = NONE;
    *out = d;
    return SPOR_OK;
}

void cp_free(cp_detector *d)
{
    if (!d)
        return;
    free(d->table);
    free(d->post);
    free(d->n_shingles);
    free(d->group);
    free(d->last_doc);
    free(d->hits);
    free(d->touched);
    free(d);
}

static slot *find_slot(slot *table, size_t size, uint64_t key)
{
    size_t i = (size_t)(key ^ (key >> 29)) & (size - 1);
    while (table[i].head != NONE && table[i].key != key)
        i = (i + 1) & (size - 1);
    return &table[i];
}

static spor_status grow_table(cp_detector *d)
{
    size_t size = d->table_size * 2;
    slot *t = malloc(size * sizeof *t);
    if (!t)
        return SPOR_ENOMEM;
    for (size_t i = 0; i < size; i++)
        t[i].head = NONE;
    for (size_t i = 0; i < d->table_size; i++)
        if (d->table[i].head != NONE)
            *find_slot(t, size, d->table[i].key) = d->table[i];
    free(d->table);
    d->table = t;
    d->table_size = size;
    return SPOR_OK;
}

static spor_status grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return SPOR_OK;
    size_t ncap = *cap ? *cap * 2 : 256;
    while (ncap < need)
        ncap *= 2;
    void *q = realloc(*p, ncap * elem);
    if (!q)
        return SPOR_ENOMEM;
    *p = q;
    *cap = ncap;
    return SPOR_OK;
}

static spor_status add_passage(cp_detector *d, const cp_shingles *s,
                               unsigned doc, size_t *group_out)
{
    size_t me = d->n;
    if (me >= NONE - 1)
        return SPOR_EINVAL;
    if (me == d->cap) {
        /* All four arrays grow together, from the same capacity. */
        size_t c1 = d->cap, c2 = d->cap, c3 = d->cap, c4 = d->cap;
        if (grow((void **)&d->n_shingles, &c1, me + 1, sizeof(size_t)) ||
            grow((void **)&d->group, &c2, me + 1, sizeof(size_t)) ||
            grow((void **)&d->last_doc, &c3, me + 1, sizeof(unsigned)) ||
            grow((void **)&d->hits, &c4, me + 1, sizeof(uint32_t)))
            return SPOR_ENOMEM;
        d->cap = c4;
        memset(d->hits + me, 0, (d->cap - me) * sizeof *d->hits);
    }
    /* Count shingles shared with each earlier passage. */
    d->n_touched = 0;
    for (size_t i = 0; i < s->n; i++) {
        slot *sl = find_slot(d->table, d->table_size, s->h[i]);
        if (sl->head == NONE || sl->count > CP_MAX_POSTINGS)
            continue;
        for (uint32_t p = sl->head; p != NONE; p = d->post[p].next) {
            uint32_t other = d->post[p].passage;
            if (d->hits[other]++ == 0) {
                if (grow((void **)&d->touched, &d->cap_touched,
                         d->n_touched + 1, sizeof *d->touched))
                    return SPOR_ENOMEM;
                d->touched[d->n_touched++] = other;
            }
        }
    }
    size_t group = me;
    double best = 0;
    for (size_t i = 0; i < d->n_touched; i++) {
        uint32_t other = d->touched[i];
        size_t no = d->n_shingles[other];
        size_t small = no < s->n ? no : s->n;
        double share = small ? (double)d->hits[other] / (double)small : 0;
        size_t g = d->group[other];
        if (contained(d->hits[other], no, s->n) && d->last_doc[g] != doc &&
            (share > best || (share == best && g < group))) {
            best = share;
            group = d->group[other];
        }
        d->hits[other] = 0;
    }
    /* Then index this passage's shingles. */
    for (size_t i = 0; i < s->n; i++) {
        if (2 * (d->table_used + 1) > d->table_size && grow_table(d))
            return SPOR_ENOMEM;
        slot *sl = find_slot(d->table, d->table_size, s->h[i]);
        if (grow((void **)&d->post, &d->cap_post, d->n_post + 1,
                 sizeof *d->post))
            return SPOR_ENOMEM;
        if (sl->head == NONE) {
            sl->key = s->h[i];
            sl->count = 0;
            d->table_used++;
        }
        d->post[d->n_post].passage = (uint32_t)me;
        d->post[d->n_post].next = sl->head;
        sl->head = (uint32_t)d->n_post++;
        sl->count++;
    }
    d->n_shingles[me] = s->n;
    d->group[me] = group;
    d->last_doc[me] = doc;
    d->last_doc[group] = doc;
    d->n++;
    *group_out = group;
    return SPOR_OK;
}

spor_status cp_add(cp_detector *d, const char *text, size_t len,
                   unsigned doc, size_t *group_out, spor_err *err)
{
    cp_shingles s;
    if (cp_make_shingles(text, len, &s))
        return spor_fail(err, SPOR_ENOMEM, "copy detection: out of memory");
    spor_status st = add_passage(d, &s, doc, group_out);
    cp_shingles_free(&s);
    if (st == SPOR_EINVAL)
        return spor_fail(err, st, "copy detection: too many passages");
    if (st)
        return spor_fail(err, st, "copy detection: out of memory");
    return SPOR_OK;
}
