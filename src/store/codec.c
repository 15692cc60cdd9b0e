/* zlib framing for stored text. Short passages (a few hundred bytes) are
 * where deflate does worst: with nothing earlier to refer to, it codes
 * most words letter by letter. A preset dictionary trained on the corpus
 * (zdict.h) gives it the corpus's common words to refer to. */
#include "spor/store/codec.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Format tags: what follows the 5-byte header. */
#define CODEC_TAG_ZLIB 'z'
#define CODEC_TAG_DICT 'd'  /* raw deflate with the index's dictionary */
/* zlib's default level: level 9 spends much longer for a percent or two
 * on short passages. */
#define CODEC_LEVEL 6
/* Raw deflate (no zlib header or checksum: the 5-byte header says what
 * it is, and Xapian checks its blocks): 6 bytes a passage saved. */
#define CODEC_RAW_BITS (-15)
#define CODEC_MEM_LEVEL 8
#define CODEC_HEADER 5
/* Refuse absurd lengths from a damaged header before allocating. */
#define CODEC_MAX_PLAIN (64u * 1024u * 1024u)

spor_status codec_compress(const void *in, size_t len, sbuf *out,
                           spor_err *err)
{
    if (len > CODEC_MAX_PLAIN)
        return spor_fail(err, SPOR_EINVAL, "codec: %zu bytes is too large to store",
                         len);
    uLong bound = compressBound((uLong)len);
    if (sbuf_reserve(out, CODEC_HEADER + bound) != SPOR_OK)
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    unsigned char *p = (unsigned char *)out->data + out->len;
    p[0] = CODEC_TAG_ZLIB;
    for (int i = 0; i < 4; i++)
        p[1 + i] = (unsigned char)((uint32_t)len >> (8 * i));
    uLongf clen = bound;
    if (compress2(p + CODEC_HEADER, &clen, in, (uLong)len, CODEC_LEVEL) !=
        Z_OK)
        return spor_fail(err, SPOR_EINTERNAL, "codec: zlib compression failed");
    out->len += CODEC_HEADER + clen;
    out->data[out->len] = '\0';
    return SPOR_OK;
}

/* A deflater primes a stream with the dictionary once and copies it for
 * each record: setting a 16 KB dictionary hashes every byte of it, which
 * cost as much as compressing the passage itself, while a copy of the
 * primed state is a few memcpys. deflateCopy allocates the copy's
 * buffers; they come from an arena of the deflater's (the copy asks for
 * the sizes deflateInit2 asked for, measured when priming), so copying
 * costs no malloc and touches the same memory each time. Should zlib
 * refuse the copy, the deflater falls back to giving a reset stream the
 * dictionary per record, which compresses to the same bytes. */
struct codec_deflater {
    z_stream z;            /* the stream a record is compressed with */
    z_stream primed;       /* with the dictionary set, when copying */
    int copying;           /* z is a copy of primed (else reset per record) */
    int z_live;            /* z holds a stream to end */
    unsigned char *arena;  /* the copy's buffers */
    size_t arena_need, arena_used;
    int from_arena;        /* allocations are the copy's, from the arena */
    const void *dict;
    size_t dict_len;
};

/* zlib's buffers are aligned for any use, as malloc's are. */
#define CODEC_ARENA_ALIGN 16

static size_t arena_round(size_t n)
{
    return (n + CODEC_ARENA_ALIGN - 1) & ~(size_t)(CODEC_ARENA_ALIGN - 1);
}

static voidpf deflater_alloc(voidpf opaque, uInt items, uInt size)
{
    codec_deflater *d = opaque;
    size_t n = arena_round((size_t)items * size);
    if (!d->from_arena) {
        d->arena_need += n; /* priming: what a copy will ask for */
        return malloc((size_t)items * size);
    }
    if (!d->arena || d->arena_used + n > d->arena_need)
        return Z_NULL;
    voidpf p = d->arena + d->arena_used;
    d->arena_used += n;
    return p;
}

static void deflater_free(voidpf opaque, voidpf p)
{
    codec_deflater *d = opaque;
    const unsigned char *b = p;
    if (d->arena && b >= d->arena && b < d->arena + d->arena_need)
        return; /* the arena is reused whole */
    free(p);
}

/* A stream of ours, initialised (allocating through the deflater's
 * functions when arena is set, else zlib's own). */
static int stream_init(codec_deflater *d, z_stream *z, int arena)
{
    memset(z, 0, sizeof *z);
    if (arena) {
        z->zalloc = deflater_alloc;
        z->zfree = deflater_free;
        z->opaque = d;
    }
    return deflateInit2(z, CODEC_LEVEL, Z_DEFLATED, CODEC_RAW_BITS,
                        CODEC_MEM_LEVEL, Z_DEFAULT_STRATEGY) == Z_OK;
}

/* The stream reset and given the dictionary, for each record. */
static int start_fallback(codec_deflater *d)
{
    d->copying = 0;
    d->z_live = stream_init(d, &d->z, 0);
    return d->z_live;
}

spor_status codec_deflater_new(const void *dict, size_t dict_len,
                               codec_deflater **out, spor_err *err)
{
    codec_deflater *d = calloc(1, sizeof *d);
    if (!d)
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    d->dict = dict;
    d->dict_len = dict_len;
    if (stream_init(d, &d->primed, 1)) {
        d->copying = 1;
        if ((dict_len && deflateSetDictionary(&d->primed, dict,
                                              (uInt)dict_len) != Z_OK) ||
            !(d->arena = malloc(d->arena_need ? d->arena_need : 1))) {
            deflateEnd(&d->primed);
            d->copying = 0;
        }
    }
    if (!d->copying && !start_fallback(d)) {
        codec_deflater_free(d);
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    }
    *out = d;
    return SPOR_OK;
}

void codec_deflater_free(codec_deflater *d)
{
    if (!d)
        return;
    if (d->z_live)
        deflateEnd(&d->z);
    if (d->copying)
        deflateEnd(&d->primed);
    free(d->arena);
    free(d);
}

/* d->z ready for the next record: a fresh copy of the primed stream, or
 * reset and given the dictionary. */
static int ready(codec_deflater *d)
{
    if (d->copying) {
        if (d->z_live)
            deflateEnd(&d->z); /* frees only into the arena */
        d->z_live = 0;
        d->arena_used = 0;
        d->from_arena = 1;
        int zr = deflateCopy(&d->z, &d->primed);
        d->from_arena = 0;
        if (zr == Z_OK) {
            d->z_live = 1;
            return 1;
        }
        /* A failed copy may leave z pointing at primed's state. */
        memset(&d->z, 0, sizeof d->z);
        deflateEnd(&d->primed);
        if (!start_fallback(d))
            return 0;
    }
    return deflateReset(&d->z) == Z_OK &&
           (!d->dict_len || deflateSetDictionary(&d->z, d->dict,
                                                 (uInt)d->dict_len) == Z_OK);
}

spor_status codec_deflate(codec_deflater *d, const void *in, size_t len,
                          sbuf *out, spor_err *err)
{
    if (len > CODEC_MAX_PLAIN)
        return spor_fail(err, SPOR_EINVAL, "codec: %zu bytes is too large to store",
                         len);
    if (!ready(d))
        return spor_fail(err, SPOR_EINTERNAL, "codec: zlib refused the "
                         "dictionary");
    uLong bound = deflateBound(&d->z, (uLong)len);
    if (sbuf_reserve(out, CODEC_HEADER + bound) != SPOR_OK)
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    unsigned char *p = (unsigned char *)out->data + out->len;
    p[0] = CODEC_TAG_DICT;
    for (int i = 0; i < 4; i++)
        p[1 + i] = (unsigned char)((uint32_t)len >> (8 * i));
    d->z.next_in = (Bytef *)(uintptr_t)in;
    d->z.avail_in = (uInt)len;
    d->z.next_out = p + CODEC_HEADER;
    d->z.avail_out = (uInt)bound;
    if (deflate(&d->z, Z_FINISH) != Z_STREAM_END)
        return spor_fail(err, SPOR_EINTERNAL, "codec: zlib compression failed");
    out->len += CODEC_HEADER + d->z.total_out;
    out->data[out->len] = '\0';
    return SPOR_OK;
}

spor_status codec_compress_dict(const void *in, size_t len, const void *dict,
                                size_t dict_len, sbuf *out, spor_err *err)
{
    codec_deflater *d = NULL;
    spor_status st = codec_deflater_new(dict, dict_len, &d, err);
    if (!st)
        st = codec_deflate(d, in, len, out, err);
    codec_deflater_free(d);
    return st;
}

static spor_status inflate_dict(const unsigned char *p, size_t len,
                                const void *dict, size_t dict_len,
                                uint32_t plain, sbuf *out, spor_err *err)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, CODEC_RAW_BITS) != Z_OK)
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    spor_status st = SPOR_OK;
    if (dict_len && inflateSetDictionary(&z, dict, (uInt)dict_len) != Z_OK) {
        st = spor_fail(err, SPOR_EINDEX, "codec: the index's compression "
                       "dictionary is damaged");
        goto out;
    }
    z.next_in = (Bytef *)(uintptr_t)p;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out->data + out->len;
    z.avail_out = plain;
    int zr = inflate(&z, Z_FINISH);
    if (zr != Z_STREAM_END || z.total_out != plain) {
        st = spor_fail(err, SPOR_EINDEX, "codec: stored text is damaged "
                       "(zlib: %s)", zr == Z_NEED_DICT || !dict_len
                       ? "needs the index's dictionary" : zError(zr));
        goto out;
    }
    out->len += plain;
    out->data[out->len] = '\0';
out:
    inflateEnd(&z);
    return st;
}

spor_status codec_decompress(const void *in, size_t len, sbuf *out,
                             spor_err *err)
{
    return codec_decompress_dict(in, len, NULL, 0, out, err);
}

spor_status codec_decompress_dict(const void *in, size_t len,
                                  const void *dict, size_t dict_len,
                                  sbuf *out, spor_err *err)
{
    const unsigned char *p = in;
    if (len < CODEC_HEADER ||
        (p[0] != CODEC_TAG_ZLIB && p[0] != CODEC_TAG_DICT))
        return spor_fail(err, SPOR_EINDEX, "codec: stored text is damaged "
                         "(unknown format)");
    uint32_t plain = 0;
    for (int i = 0; i < 4; i++)
        plain |= (uint32_t)p[1 + i] << (8 * i);
    if (plain > CODEC_MAX_PLAIN)
        return spor_fail(err, SPOR_EINDEX, "codec: stored text is damaged "
                         "(length %u)", plain);
    if (sbuf_reserve(out, plain) != SPOR_OK)
        return spor_fail(err, SPOR_ENOMEM, "codec: out of memory");
    if (p[0] == CODEC_TAG_DICT)
        return inflate_dict(p + CODEC_HEADER, len - CODEC_HEADER, dict,
                            dict_len, plain, out, err);
    uLongf dlen = plain;
    int zr = uncompress((Bytef *)out->data + out->len, &dlen, p + CODEC_HEADER,
                        (uLong)(len - CODEC_HEADER));
    if (zr != Z_OK || dlen != plain)
        return spor_fail(err, SPOR_EINDEX, "codec: stored text is damaged "
                         "(zlib: %s)", zError(zr));
    out->len += dlen;
    out->data[out->len] = '\0';
    return SPOR_OK;
}
