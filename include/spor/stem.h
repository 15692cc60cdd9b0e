/* Danish stemming with Snowball (libstemmer). One stemmer object serves the
 * indexer, the query parser (plugged into Xapian through the wrapper's
 * callback) and the snippet highlighter, so all three agree on every stem. */
#ifndef SPOR_STEM_H
#define SPOR_STEM_H

#include <stddef.h>
#include "spor/status.h"

typedef struct stem_stemmer stem_stemmer;

/* lang is a Snowball algorithm name ("danish"). */
spor_status stem_new(const char *lang, stem_stemmer **out, spor_err *err);
void stem_free(stem_stemmer *s);

/* Stems the lower-cased word[0..len) after Scandinavian normalisation
 * (fold.h): "aarhus" and "århus" get one stem. *out points into the stemmer's own
 * buffer and stays valid until the next call on s. */
spor_status stem_word(stem_stemmer *s, const char *word, size_t len,
                      const char **out, size_t *out_len);

/* An xc_stem_fn (see xapian_c.h) with ctx = the stem_stemmer. */
long stem_xapian_callback(void *ctx, const char *word, size_t len, char *out,
                          size_t outcap);

#endif
