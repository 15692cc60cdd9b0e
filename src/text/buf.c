/* Growable buffer. Growth doubles the capacity so appending n bytes one at
 * a time costs O(n); every allocation is checked and a failed append leaves
 * the buffer as it was. */
#include "spor/text/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Small first allocation: most buffers hold a word or a line. */
#define SBUF_MIN_CAP 64

spor_status sbuf_reserve(sbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return SPOR_ENOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return SPOR_OK;
    size_t cap = b->cap ? b->cap : SBUF_MIN_CAP;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *p = realloc(b->data, cap);
    if (!p)
        return SPOR_ENOMEM;
    b->data = p;
    b->cap = cap;
    /* Keeps the promise that contents are NUL-terminated even when nothing
     * is appended after a reserve (a line of soft hyphens only). */
    b->data[b->len] = '\0';
    return SPOR_OK;
}

spor_status sbuf_append(sbuf *b, const void *p, size_t n)
{
    if (sbuf_reserve(b, n) != SPOR_OK)
        return SPOR_ENOMEM;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return SPOR_OK;
}

spor_status sbuf_append_str(sbuf *b, const char *s)
{
    return sbuf_append(b, s, strlen(s));
}

spor_status sbuf_append_char(sbuf *b, char c)
{
    return sbuf_append(b, &c, 1);
}

spor_status sbuf_append_varint(sbuf *b, size_t v)
{
    unsigned char out[10];
    size_t n = 0;
    do {
        out[n++] = (unsigned char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
        v >>= 7;
    } while (v);
    return sbuf_append(b, out, n);
}

int buf_read_varint(const unsigned char **p, const unsigned char *end,
                    size_t *v)
{
    size_t r = 0;
    for (unsigned shift = 0; *p < end && shift < 64; shift += 7) {
        unsigned char c = *(*p)++;
        r |= (size_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *v = r;
            return 0;
        }
    }
    return -1;
}

spor_status sbuf_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return SPOR_EINVAL;
    if (sbuf_reserve(b, (size_t)n) != SPOR_OK)
        return SPOR_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return SPOR_OK;
}

void sbuf_reset(sbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sbuf_free(sbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *sbuf_detach(sbuf *b, size_t *len_out)
{
    if (!b->data) {
        if (sbuf_reserve(b, 0) != SPOR_OK)
            return NULL;
        b->data[0] = '\0';
    }
    char *p = b->data;
    if (len_out)
        *len_out = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return p;
}

spor_status spor_grow(void *items, size_t *cap, size_t n, size_t elem,
                      size_t first)
{
    if (n < *cap)
        return SPOR_OK;
    size_t ncap = *cap ? *cap * 2 : first;
    if (ncap <= n || ncap > SIZE_MAX / elem)
        return SPOR_ENOMEM;
    /* The array pointer is read and written as bytes: items may point to
     * any object pointer type. */
    void *old, *p;
    memcpy(&old, items, sizeof old);
    if (!(p = realloc(old, ncap * elem)))
        return SPOR_ENOMEM;
    memcpy(items, &p, sizeof p);
    *cap = ncap;
    return SPOR_OK;
}
