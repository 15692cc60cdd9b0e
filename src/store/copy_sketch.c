/* Copy sketches (see copy_sketch.h): a passage's bottom-k sample of mixed
 * shingle hashes, its stored form, and the table of kept passages'
 * sketches an update looks candidates up in. */
#include "spor/store/copy_sketch.h"

#include <stdlib.h>
#include <string.h>

/* The shingle hashes (copies.c) are sums of word hashes, whose order
 * follows the first word's hash: the sample is taken after a full mix, so
 * that it is a uniform sample of the shingles. */
static uint32_t sketch_value(uint64_t h)
{
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return (uint32_t)(h >> 32);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

size_t cp_sketch(const cp_shingles *s, uint32_t out[CP_SKETCH])
{
    /* The CP_SKETCH smallest, kept sorted by insertion: passages have
     * tens of shingles, and most are larger than the sample's largest. */
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        uint32_t v = sketch_value(s->h[i]);
        if (n == CP_SKETCH && v >= out[n - 1])
            continue;
        size_t j = 0;
        while (j < n && out[j] < v)
            j++;
        if (j < n && out[j] == v)
            continue; /* two shingles, one value */
        if (n < CP_SKETCH)
            n++;
        memmove(&out[j + 1], &out[j], (n - 1 - j) * sizeof *out);
        out[j] = v;
    }
    return n;
}

spor_status cp_sketch_encode(const uint32_t *v, size_t n, sbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        char b[4] = {(char)(v[i] & 0xff), (char)(v[i] >> 8 & 0xff),
                     (char)(v[i] >> 16 & 0xff), (char)(v[i] >> 24)};
        if (sbuf_append(out, b, 4))
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

spor_status cp_sketch_decode(const void *in, size_t len,
                             uint32_t out[CP_SKETCH], size_t *n)
{
    const unsigned char *p = in;
    if (len % 4 || len / 4 > CP_SKETCH)
        return SPOR_EINDEX;
    *n = len / 4;
    for (size_t i = 0; i < *n; i++, p += 4)
        out[i] = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
                 (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return SPOR_OK;
}

/* ---- the table of kept passages' sketches --------------------------- */

typedef struct entry {
    uint32_t value;
    uint32_t id;
} entry;

/* A sorted array of (value, passage) pairs: built once (an update adds
 * every kept passage before the first new one), then only searched; 8
 * bytes a value, against the detector's table of every shingle. */
struct cp_sketches {
    entry *e;
    size_t n, cap;
    uint32_t n_ids;
    int sorted;
    uint32_t *found;      /* the candidates of the last lookup */
    size_t n_found, cap_found;
    unsigned char *seen;  /* per passage: already among found */
    size_t cap_seen;
};

spor_status cp_sketches_new(cp_sketches **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? SPOR_OK : SPOR_ENOMEM;
}

void cp_sketches_free(cp_sketches *k)
{
    if (!k)
        return;
    free(k->e);
    free(k->found);
    free(k->seen);
    free(k);
}

spor_status cp_sketches_add(cp_sketches *k, const uint32_t *v, size_t n)
{
    if (k->n_ids == UINT32_MAX ||
        spor_grow(&k->e, &k->cap, k->n + n, sizeof *k->e, 1024))
        return SPOR_ENOMEM;
    for (size_t i = 0; i < n; i++)
        k->e[k->n++] = (entry){v[i], k->n_ids};
    k->n_ids++;
    k->sorted = 0;
    return SPOR_OK;
}

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->value != y->value)
        return x->value < y->value ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* The first entry of value v, or k->n. */
static size_t lower_bound(const cp_sketches *k, uint32_t v)
{
    const entry *base = k->e;
    size_t n = k->n;
    while (n > 0) {
        size_t half = n / 2;
        if (base[half].value < v) {
            base += half + 1;
            n -= half + 1;
        } else {
            n = half;
        }
    }
    return (size_t)(base - k->e);
}

spor_status cp_sketches_candidates(cp_sketches *k, const cp_shingles *s,
                                   const uint32_t **ids, size_t *n)
{
    if (!k->sorted && k->n) {
        qsort(k->e, k->n, sizeof *k->e, cmp_entry);
        k->sorted = 1;
    }
    if (k->cap_seen < k->n_ids) {
        unsigned char *p = realloc(k->seen, k->n_ids);
        if (!p)
            return SPOR_ENOMEM;
        memset(p + k->cap_seen, 0, k->n_ids - k->cap_seen);
        k->seen = p;
        k->cap_seen = k->n_ids;
    }
    k->n_found = 0;
    for (size_t i = 0; i < s->n; i++) {
        size_t a = lower_bound(k, sketch_value(s->h[i])), b = a;
        while (b < k->n && k->e[b].value == k->e[a].value)
            b++;
        if (a == k->n || k->e[a].value != sketch_value(s->h[i]) ||
            b - a > CP_MAX_POSTINGS)
            continue;
        for (size_t j = a; j < b; j++) {
            uint32_t id = k->e[j].id;
            if (k->seen[id])
                continue;
            if (spor_grow(&k->found, &k->cap_found, k->n_found,
                          sizeof *k->found, 64))
                return SPOR_ENOMEM;
            k->seen[id] = 1;
            k->found[k->n_found++] = id;
        }
    }
    for (size_t i = 0; i < k->n_found; i++)
        k->seen[k->found[i]] = 0;
    if (k->n_found)
        qsort(k->found, k->n_found, sizeof *k->found, cmp_u32);
    *ids = k->found;
    *n = k->n_found;
    return SPOR_OK;
}
