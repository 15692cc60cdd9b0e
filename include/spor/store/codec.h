/* Compression of stored passage text with zlib. A stored blob starts with a
 * one-byte format tag and the uncompressed length, so a damaged or foreign
 * blob is recognised rather than decompressed into garbage. */
#ifndef SPOR_CODEC_H
#define SPOR_CODEC_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/text/status.h"

/* Appends the compressed form of in[0..len) to out. */
spor_status codec_compress(const void *in, size_t len, sbuf *out,
                           spor_err *err);
/* Appends the original bytes of a blob made by codec_compress to out. */
spor_status codec_decompress(const void *in, size_t len, sbuf *out,
                             spor_err *err);

/* The same with a preset dictionary (zlib's deflateSetDictionary): text
 * that the dictionary holds is coded as references into it, which is
 * what makes a passage of a few hundred bytes compress well. The blob is
 * raw deflate under its own tag; decompressing needs the same dictionary
 * (a blob made by codec_compress decompresses with or without one). */
spor_status codec_compress_dict(const void *in, size_t len, const void *dict,
                                size_t dict_len, sbuf *out, spor_err *err);
/* A reusable compressor for codec_compress_dict's format: one zlib stream
 * reset per passage instead of set up and torn down (which clears ~300 KB
 * of state each time). Not shared between threads. */
typedef struct codec_deflater codec_deflater;
spor_status codec_deflater_new(const void *dict, size_t dict_len,
                               codec_deflater **out, spor_err *err);
void codec_deflater_free(codec_deflater *d);
spor_status codec_deflate(codec_deflater *d, const void *in, size_t len,
                          sbuf *out, spor_err *err);
spor_status codec_decompress_dict(const void *in, size_t len,
                                  const void *dict, size_t dict_len,
                                  sbuf *out, spor_err *err);

#endif
