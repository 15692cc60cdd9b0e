/* Copy groups at index time (see copies.h): word-trigram shingles per
 * passage, an inverted table from shingle to the distinct shingle sets
 * holding it (passages with the same set share one), and for each new
 * passage a count of shared shingles per earlier set. */
#include "spor/store/copies.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"

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

/* The shingles a and b share, less the stock phrases of d (none when d
 * is NULL). */
static size_t common_of(const cp_detector *d, const cp_shingles *a,
                        const cp_shingles *b)
{
    size_t i = 0, j = 0, common = 0;
    while (i < a->n && j < b->n) {
        if (a->h[i] < b->h[j])
            i++;
        else if (a->h[i] > b->h[j])
            j++;
        else
            common += !d || !cp_is_stock(d, a->h[i]), i++, j++;
    }
    return common;
}

size_t cp_common(const cp_shingles *a, const cp_shingles *b)
{
    return common_of(NULL, a, b);
}

int cp_contained(size_t common, size_t na, size_t nb)
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
    if (!cp_contained(bound, a->n, b->n))
        return 0;
    return cp_contained(cp_common(a, b), a->n, b->n);
}

/* ---- the detector ------------------------------------------------------- */

/* Passages with the very same shingle set (a file indexed twice under two
 * names, a boilerplate paragraph in every report) share one "shape": the
 * inverted table lists shapes, not passages, so a repeated passage costs a
 * member entry instead of a posting per shingle. The answers are those of
 * per-passage postings: every member of a shape shares exactly the shape's
 * shingles with a new passage. */

typedef struct posting {
    uint32_t shape;
    uint32_t next;   /* next posting of the same shingle, or NONE */
} posting;

#define NONE UINT32_MAX
/* A slot's ref with this bit is the one shape of a shingle held by one
 * passage so far; without it, the shingle's entry in lists. On distinct
 * text most shingles are held once, and keep no posting or list. */
#define DIRECT 0x80000000u

/* The table holds one slot per distinct shingle for the whole run, so it
 * is the detector's largest part: 12 bytes (the key as two halves keeps
 * the slot free of padding). */
typedef struct slot {
    uint32_t key_lo, key_hi;
    uint32_t ref;    /* NONE: empty; DIRECT|shape; or an index in lists */
} slot;

typedef struct list {
    uint32_t head;   /* first posting (the newest shape) */
    uint32_t count;  /* passages (not shapes) holding the shingle */
} list;

/* The table grows by half when it is three quarters full, so it is always
 * between half and three quarters full: linear probing stays short, and
 * the table, the detector's largest part, is never more than twice what
 * its shingles need (doubling a power-of-two table left it between a
 * quarter and three quarters full, up to three times what they need). */
#define LOAD_NUM 3
#define LOAD_DEN 4
/* The table is cut into this many parts by the top bits of the mixed
 * hash, each growing on its own: growing copies one part, so the old and
 * the new copy together cost a part more, not the whole table again (the
 * peak of a run on distinct text was that copy). */
#define PART_BITS 6
#define N_PARTS (1u << PART_BITS)
#define PART_FIRST_SLOTS 64

typedef struct part {
    slot *slots;
    size_t size, used;
} part;

typedef struct shape {
    uint64_t set_hash;   /* of the sorted shingles, to spot a repeat */
    uint32_t n_shingles;
    uint32_t last;       /* its latest passage; the others by member.next */
    uint32_t hits;       /* shingles shared with the passage being added */
} shape;

typedef struct member {
    uint32_t shape;
    uint32_t next;     /* previous passage of the same shape, or NONE */
    uint32_t group;
    uint32_t last_doc; /* for the group it heads: the document that last
                          joined the group */
} member;

struct cp_detector {
    part table[N_PARTS]; /* open addressing, linear probing */
    list *lists;       /* shingles held by more than one passage */
    size_t n_lists, cap_lists;
    posting *post;
    size_t n_post, cap_post;
    shape *shapes;
    size_t n_shapes, cap_shapes;
    member *pass;      /* per passage */
    size_t n, cap;
    uint32_t *touched; /* shapes sharing a shingle with the new passage */
    size_t n_touched, cap_touched;
};

spor_status cp_new(cp_detector **out, spor_err *err)
{
    cp_detector *d = calloc(1, sizeof *d);
    if (!d)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t p = 0; p < N_PARTS; p++) {
        part *pt = &d->table[p];
        pt->size = PART_FIRST_SLOTS;
        if (!(pt->slots = malloc(pt->size * sizeof *pt->slots))) {
            cp_free(d);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < pt->size; i++)
            pt->slots[i].ref = NONE;
    }
    *out = d;
    return SPOR_OK;
}

void cp_free(cp_detector *d)
{
    if (!d)
        return;
    for (size_t p = 0; p < N_PARTS; p++)
        free(d->table[p].slots);
    free(d->lists);
    free(d->post);
    free(d->shapes);
    free(d->pass);
    free(d->touched);
    free(d);
}

static uint64_t slot_key(const slot *sl)
{
    return (uint64_t)sl->key_hi << 32 | sl->key_lo;
}

static uint64_t mix(uint64_t key)
{
    return (key ^ (key >> 29)) * 0xbf58476d1ce4e5b9ULL;
}

static part *part_of(cp_detector *d, uint64_t key)
{
    return &d->table[mix(key) >> (64 - PART_BITS)];
}

/* The home slot of key in its part: 32 bits of the mix below the part's
 * scaled to the part's size (a multiply, not a modulo: any size works). */
static slot *find_slot(slot *slots, size_t size, uint64_t key)
{
    uint64_t m = (uint32_t)(mix(key) >> (32 - PART_BITS));
    size_t i = (size_t)((m * (uint64_t)size) >> 32);
    while (slots[i].ref != NONE && slot_key(&slots[i]) != key)
        if (++i == size)
            i = 0;
    return &slots[i];
}

static spor_status grow_part(part *pt)
{
    size_t size = pt->size + pt->size / 2;
    if (size > UINT32_MAX)
        return SPOR_ENOMEM;
    slot *t = malloc(size * sizeof *t);
    if (!t)
        return SPOR_ENOMEM;
    for (size_t i = 0; i < size; i++)
        t[i].ref = NONE;
    for (size_t i = 0; i < pt->size; i++)
        if (pt->slots[i].ref != NONE)
            *find_slot(t, size, slot_key(&pt->slots[i])) = pt->slots[i];
    free(pt->slots);
    pt->slots = t;
    pt->size = size;
    return SPOR_OK;
}

/* A hash of a sorted shingle set, seeded apart from the shingle hashes
 * and finished with a multiply-xorshift so that sets differing in one
 * shingle differ everywhere. */
static uint64_t set_hash(const cp_shingles *s)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ s->n;
    for (size_t i = 0; i < s->n; i++)
        h = (h ^ s->h[i]) * FNV_PRIME;
    h ^= h >> 31;
    h *= 0xbf58476d1ce4e5b9ULL;
    return h ^ (h >> 29);
}

static spor_status touch(cp_detector *d, uint32_t sh)
{
    if (d->shapes[sh].hits++ == 0) {
        if (spor_grow(&d->touched, &d->cap_touched, d->n_touched,
                      sizeof *d->touched, 256))
            return SPOR_ENOMEM;
        d->touched[d->n_touched++] = sh;
    }
    return SPOR_OK;
}

/* Counts the shingles each earlier shape shares with s into its hits and
 * lists the shapes touched; *skipped gets the shingles not followed. */
static spor_status count_shared(cp_detector *d, const cp_shingles *s,
                                size_t *skipped)
{
    d->n_touched = 0;
    *skipped = 0;
    for (size_t i = 0; i < s->n; i++) {
        part *pt = part_of(d, s->h[i]);
        uint32_t ref = find_slot(pt->slots, pt->size, s->h[i])->ref;
        if (ref == NONE)
            continue;
        if (ref & DIRECT) {
            if (touch(d, ref & ~DIRECT))
                return SPOR_ENOMEM;
            continue;
        }
        if (d->lists[ref].count > CP_MAX_POSTINGS) {
            (*skipped)++;
            continue;
        }
        for (uint32_t p = d->lists[ref].head; p != NONE; p = d->post[p].next)
            if (touch(d, d->post[p].shape))
                return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

static spor_status push_posting(cp_detector *d, list *l, uint32_t sh)
{
    if (spor_grow(&d->post, &d->cap_post, d->n_post, sizeof *d->post, 1024))
        return SPOR_ENOMEM;
    d->post[d->n_post] = (posting){sh, l->head};
    l->head = (uint32_t)d->n_post++;
    return SPOR_OK;
}

/* Gives sl a list of its own, counting one passage and no shape yet. */
static spor_status new_list(cp_detector *d, slot *sl)
{
    if (spor_grow(&d->lists, &d->cap_lists, d->n_lists, sizeof *d->lists,
                  1024))
        return SPOR_ENOMEM;
    d->lists[d->n_lists] = (list){NONE, 1};
    sl->ref = (uint32_t)d->n_lists++;
    return SPOR_OK;
}

/* Turns a slot holding its one shape directly into a list with a posting
 * for that shape, as the shingle gets its second passage. */
static spor_status make_list(cp_detector *d, slot *sl)
{
    uint32_t sh = sl->ref & ~DIRECT;
    if (new_list(d, sl))
        return SPOR_ENOMEM;
    return push_posting(d, &d->lists[sl->ref], sh);
}

/* Enters s's shingles into the table: each counts one more passage, and a
 * new shape (sh != NONE) gets a posting on each. */
static spor_status enter_shingles(cp_detector *d, const cp_shingles *s,
                                  uint32_t sh)
{
    for (size_t i = 0; i < s->n; i++) {
        part *pt = part_of(d, s->h[i]);
        if (LOAD_DEN * (pt->used + 1) > LOAD_NUM * pt->size && grow_part(pt))
            return SPOR_ENOMEM;
        slot *sl = find_slot(pt->slots, pt->size, s->h[i]);
        if (sl->ref == NONE) {
            sl->key_lo = (uint32_t)s->h[i];
            sl->key_hi = (uint32_t)(s->h[i] >> 32);
            pt->used++;
            if (sh != NONE) {
                sl->ref = DIRECT | sh;
                continue;
            }
            /* A repeated shape brings no new shingle unless its set hash
             * met another set's: the shingle is counted, with no posting. */
            if (new_list(d, sl))
                return SPOR_ENOMEM;
            d->lists[sl->ref].count = 0;
        } else if ((sl->ref & DIRECT) && make_list(d, sl)) {
            return SPOR_ENOMEM;
        }
        list *l = &d->lists[sl->ref];
        /* count only grows, and a shingle past CP_MAX_POSTINGS is never
         * followed again: a posting added then would never be read. */
        if (++l->count <= CP_MAX_POSTINGS && sh != NONE &&
            push_posting(d, l, sh))
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

static spor_status add_passage(cp_detector *d, const cp_shingles *s,
                               unsigned doc, size_t *group_out,
                               double *share_out)
{
    size_t me = d->n;
    if (me >= NONE - 1 || d->n_shapes >= DIRECT - 1 ||
        d->n_post >= NONE - 2 * s->n || d->n_lists >= DIRECT - s->n)
        return SPOR_EINVAL;
    size_t skipped;
    if (spor_grow(&d->pass, &d->cap, me, sizeof *d->pass, 256) ||
        count_shared(d, s, &skipped))
        return SPOR_ENOMEM;
    uint64_t hash = set_hash(s);
    uint32_t same = NONE;
    size_t group = me;
    double best = 0;
    for (size_t i = 0; i < d->n_touched; i++) {
        shape *sh = &d->shapes[d->touched[i]];
        size_t no = sh->n_shingles, hits = sh->hits;
        sh->hits = 0;
        /* The same set: every shingle followed is shared, the rest (too
         * common to follow) are vouched for by the set hash. */
        if (same == NONE && no == s->n && hits + skipped == no &&
            sh->set_hash == hash)
            same = d->touched[i];
        if (!cp_contained(hits, no, s->n))
            continue;
        size_t small = no < s->n ? no : s->n;
        double share = (double)hits / (double)small;
        for (uint32_t m = sh->last; m != NONE; m = d->pass[m].next) {
            size_t g = d->pass[m].group;
            if (d->pass[g].last_doc != doc &&
                (share > best || (share == best && g < group))) {
                best = share;
                group = g;
            }
        }
    }
    uint32_t sh = same;
    if (sh == NONE) {
        if (spor_grow(&d->shapes, &d->cap_shapes, d->n_shapes,
                      sizeof *d->shapes, 256))
            return SPOR_ENOMEM;
        sh = (uint32_t)d->n_shapes;
        d->shapes[sh] = (shape){hash, (uint32_t)s->n, NONE, 0};
    }
    if (enter_shingles(d, s, same == NONE ? sh : NONE))
        return SPOR_ENOMEM;
    if (same == NONE)
        d->n_shapes++;
    d->pass[me] = (member){sh, d->shapes[sh].last, (uint32_t)group, doc};
    d->shapes[sh].last = (uint32_t)me;
    d->pass[group].last_doc = doc;
    d->n++;
    *group_out = group;
    *share_out = best;
    return SPOR_OK;
}

spor_status cp_add(cp_detector *d, const char *text, size_t len,
                   unsigned doc, size_t *group_out, spor_err *err)
{
    cp_shingles s;
    double share;
    if (cp_make_shingles(text, len, &s))
        return spor_fail(err, SPOR_ENOMEM, "copy detection: out of memory");
    spor_status st = cp_add_shingles(d, &s, doc, group_out, &share, err);
    cp_shingles_free(&s);
    return st;
}

spor_status cp_add_shingles(cp_detector *d, const cp_shingles *s,
                            unsigned doc, size_t *group_out, double *share,
                            spor_err *err)
{
    spor_status st = add_passage(d, s, doc, group_out, share);
    if (st == SPOR_EINVAL)
        return spor_fail(err, st, "copy detection: too many passages");
    if (st)
        return spor_fail(err, st, "copy detection: out of memory");
    return SPOR_OK;
}

/* The slot of shingle h, or NULL when the table has none. */
static const slot *lookup(const cp_detector *d, uint64_t h)
{
    const part *pt = &d->table[mix(h) >> (64 - PART_BITS)];
    const slot *sl = find_slot(pt->slots, pt->size, h);
    return sl->ref == NONE ? NULL : sl;
}

int cp_is_stock(const cp_detector *d, uint64_t h)
{
    const slot *sl = lookup(d, h);
    return sl && !(sl->ref & DIRECT) &&
           d->lists[sl->ref].count > CP_MAX_POSTINGS;
}

size_t cp_common_followed(const cp_detector *d, const cp_shingles *a,
                          const cp_shingles *b)
{
    return common_of(d, a, b);
}

spor_status cp_mark_stock(cp_detector *d, const uint64_t *h, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        part *pt = part_of(d, h[i]);
        if (d->n_lists >= DIRECT - 1 ||
            (LOAD_DEN * (pt->used + 1) > LOAD_NUM * pt->size &&
             grow_part(pt)))
            return SPOR_ENOMEM;
        slot *sl = find_slot(pt->slots, pt->size, h[i]);
        if (sl->ref == NONE) {
            sl->key_lo = (uint32_t)h[i];
            sl->key_hi = (uint32_t)(h[i] >> 32);
            pt->used++;
            if (new_list(d, sl))
                return SPOR_ENOMEM;
        } else if ((sl->ref & DIRECT) && make_list(d, sl)) {
            return SPOR_ENOMEM;
        }
        if (d->lists[sl->ref].count <= CP_MAX_POSTINGS)
            d->lists[sl->ref].count = CP_MAX_POSTINGS + 1;
    }
    return SPOR_OK;
}

spor_status cp_stock(const cp_detector *d, uint64_t **out, size_t *n)
{
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (size_t p = 0; p < N_PARTS; p++)
        for (size_t i = 0; i < d->table[p].size; i++) {
            const slot *sl = &d->table[p].slots[i];
            if (sl->ref == NONE || (sl->ref & DIRECT) ||
                d->lists[sl->ref].count <= CP_MAX_POSTINGS)
                continue;
            if (spor_grow(out, &cap, *n, sizeof **out, 64)) {
                free(*out);
                *out = NULL;
                return SPOR_ENOMEM;
            }
            (*out)[(*n)++] = slot_key(sl);
        }
    if (*n)
        qsort(*out, *n, sizeof **out, cmp_u64);
    return SPOR_OK;
}

size_t cp_shapes(const cp_detector *d)
{
    return d->n_shapes;
}
