/* Compression of stored passage text with zlib. A stored blob starts with a
 * one-byte format tag and the uncompressed length, so a damaged or foreign
 * blob is recognised rather than decompressed into garbage. */
#ifndef SPOR_CODEC_H
#define SPOR_CODEC_H

#include <stddef.h>
#include "spor/buf.h"
#include "spor/status.h"

/* Appends the compressed form of in[0..len) to out. */
spor_status codec_compress(const void *in, size_t len, sbuf *out,
                           spor_err *err);
/* Appends the original bytes of a blob made by codec_compress to out. */
spor_status codec_decompress(const void *in, size_t len, sbuf *out,
                             spor_err *err);

#endif
