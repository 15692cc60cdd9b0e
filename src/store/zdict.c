/* The preset dictionary for passage compression, trained on the corpus:
 * its most frequent long words. A passage of a few hundred bytes has too
 * little text of its own for deflate to find repeats in; with the corpus's
 * common words in the dictionary, most of its words become short
 * back-references instead. */
#include "spor/store/zdict.h"

#include <stdlib.h>
#include <string.h>

/* Words seen fewer times than this are not worth a place. */
#define ZDICT_MIN_COUNT 4
/* Words shorter than this code as literals about as cheaply as as a
 * reference. */
#define ZDICT_MIN_LEN 4

typedef struct zword {
    const char *w;
    size_t len;
    double gain;
} zword;

typedef struct zcollect {
    zword *v;
    size_t n, cap;
    int failed;
} zcollect;

static int collect(void *ctx, const char *key, size_t len, uint32_t count)
{
    zcollect *c = ctx;
    if (count < ZDICT_MIN_COUNT || len < ZDICT_MIN_LEN)
        return 0;
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 1024;
        zword *p = realloc(c->v, cap * sizeof *p);
        if (!p) {
            c->failed = 1;
            return 1;
        }
        c->v = p;
        c->cap = cap;
    }
    c->v[c->n++] = (zword){key, len, (double)count * (double)len};
    return 0;
}

static int by_gain_desc(const void *a, const void *b)
{
    const zword *x = a, *y = b;
    if (x->gain != y->gain)
        return x->gain < y->gain ? 1 : -1;
    /* Ties in a fixed order, so the same corpus gives the same index. */
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->w, y->w, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

spor_status zdict_train(spl_splitter *spl, sbuf *out, spor_err *err)
{
    zcollect c = {NULL, 0, 0, 0};
    sbuf_reset(out);
    spl_each_word(spl, collect, &c);
    if (c.failed) {
        free(c.v);
        return spor_fail(err, SPOR_ENOMEM, "compression dictionary: out of "
                         "memory");
    }
    if (c.n)
        qsort(c.v, c.n, sizeof *c.v, by_gain_desc);
    /* How many of the best fit, then write them best last. */
    size_t k = 0, bytes = 0;
    while (k < c.n && bytes + c.v[k].len + 1 <= ZDICT_MAX_BYTES)
        bytes += c.v[k++].len + 1;
    spor_status st = SPOR_OK;
    for (size_t i = k; i-- > 0 && !st;)
        if (sbuf_append(out, c.v[i].w, c.v[i].len) ||
            sbuf_append_char(out, ' '))
            st = spor_fail(err, SPOR_ENOMEM, "compression dictionary: out "
                           "of memory");
    free(c.v);
    return st;
}
