/* zlib framing for stored text. Short passages (a few hundred bytes) are
 * where deflate does worst; a later preset dictionary will help them, and
 * the format tag leaves room for it. */
#include "spor/codec.h"

#include <stdint.h>
#include <zlib.h>

/* Format tags: what follows the 5-byte header. */
#define CODEC_TAG_ZLIB 'z'
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
    if (compress2(p + CODEC_HEADER, &clen, in, (uLong)len,
                  Z_BEST_COMPRESSION) != Z_OK)
        return spor_fail(err, SPOR_EINTERNAL, "codec: zlib compression failed");
    out->len += CODEC_HEADER + clen;
    out->data[out->len] = '\0';
    return SPOR_OK;
}

spor_status codec_decompress(const void *in, size_t len, sbuf *out,
                             spor_err *err)
{
    const unsigned char *p = in;
    if (len < CODEC_HEADER || p[0] != CODEC_TAG_ZLIB)
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
