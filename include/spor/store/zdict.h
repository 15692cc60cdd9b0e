/* Training of the preset compression dictionary for stored passages
 * (codec.h) from the corpus's own word counts, gathered by the indexer's
 * first pass. */
#ifndef SPOR_ZDICT_H
#define SPOR_ZDICT_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/analysis/splitter.h"
#include "spor/text/status.h"

/* Bytes of dictionary: deflate refers back at most 32 KB, but zlib hashes
 * the whole dictionary for every passage it compresses, so a smaller one
 * is much faster to use; 16 KB holds the corpus's ~2,000 most useful
 * words, which carry most of what a dictionary gains. */
#define ZDICT_MAX_BYTES 16384

/* Fills out (reset first) with the dictionary: the words that save most
 * (occurrences × length), space-separated, the most useful last (deflate
 * codes near references in fewer bits). */
spor_status zdict_train(spl_splitter *spl, sbuf *out, spor_err *err);

#endif
