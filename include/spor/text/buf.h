/* A growable byte buffer: the one way libspor builds strings of unknown
 * length. The contents are always NUL-terminated (the NUL is not counted in
 * len), so a buffer can be handed to code that wants a C string. */
#ifndef SPOR_BUF_H
#define SPOR_BUF_H

#include <stddef.h>
#include "spor/text/status.h"

typedef struct sbuf {
    char *data; /* NULL until the first append */
    size_t len;
    size_t cap;
} sbuf;

#define SBUF_INIT {NULL, 0, 0}

/* Each returns SPOR_OK or SPOR_ENOMEM; on failure the buffer is unchanged. */
spor_status sbuf_reserve(sbuf *b, size_t extra);
spor_status sbuf_append(sbuf *b, const void *p, size_t n);
spor_status sbuf_append_str(sbuf *b, const char *s);
spor_status sbuf_append_char(sbuf *b, char c);
spor_status sbuf_printf(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* v as a varint: 7 bits a byte, low first, the high bit set on all but
 * the last. */
spor_status sbuf_append_varint(sbuf *b, size_t v);
/* Reads a varint at *p (before end) into *v and moves *p past it; -1 when
 * it is cut short or too long, 0 otherwise. */
int buf_read_varint(const unsigned char **p, const unsigned char *end,
                    size_t *v);

/* Empties the buffer but keeps its memory. */
void sbuf_reset(sbuf *b);
/* Frees the memory; the buffer is SBUF_INIT again. */
void sbuf_free(sbuf *b);
/* Hands the NUL-terminated contents to the caller (who frees them) and
 * resets the buffer. Returns an empty allocated string for an empty buffer,
 * or NULL when that allocation fails. */
char *sbuf_detach(sbuf *b, size_t *len_out);

/* Makes room for element n of a growable array: items is the address of
 * the array pointer (NULL while empty), *cap its capacity in elements of
 * elem bytes. When n has reached *cap the array doubles (to first when
 * empty); on failure it is left as it was. */
spor_status spor_grow(void *items, size_t *cap, size_t n, size_t elem,
                      size_t first);

#endif
