/* Danish stemming with Snowball (libstemmer). One stemmer object serves the
 * indexer, the query parser (plugged into Xapian through the wrapper's
 * callback) and the snippet highlighter, so all three agree on every stem. */
#ifndef SPOR_STEM_H
#define SPOR_STEM_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "spor/text/strmap.h"

typedef struct stem_stemmer stem_stemmer;

/* lang is a Snowball algorithm name ("danish"). */
spor_status stem_new(const char *lang, stem_stemmer **out, spor_err *err);
void stem_free(stem_stemmer *s);

/* Stems the lower-cased word[0..len) after Scandinavian normalisation
 * (fold.h): "aarhus" and "århus" get one stem. *out points into the stemmer's own
 * buffer and stays valid until the next call on s. */
spor_status stem_word(stem_stemmer *s, const char *word, size_t len,
                      const char **out, size_t *out_len);

/* Snowball strips a final -s after most consonants, which is right for a
 * plural or genitive ("jobs", "Danmarks") and wrong for a noun whose stem
 * ends in s: "indsats" becomes "indsat" (inserted, an inmate) while
 * "indsatsen" and "indsatser" stem to "indsats". The keep list names the
 * words that are their own stem: the word list's words ending in -s that
 * Snowball cuts to the word without the s and whose definite form (word +
 * "en": "indsatsen", "pladsen", "kursen") is a word too, which a plural or
 * genitive never has ("jobsen", "københavnsen").
 *
 * Builds the keep list from a word list (keys lower-cased): the folded
 * words, sorted, one a line, into out. */
spor_status stem_find_keep(stem_stemmer *s, const strmap *wordlist,
                           sbuf *out);
/* Makes s stem the words of list (as stem_find_keep writes it; it may be
 * empty) to themselves. The index stores the list it was built with, and a
 * searcher sets the same one, so queries stem as the index did. */
spor_status stem_set_keep(stem_stemmer *s, const char *list, size_t len);

/* An xc_stem_fn (see xapian_c.h) with ctx = the stem_stemmer. */
long stem_xapian_callback(void *ctx, const char *word, size_t len, char *out,
                          size_t outcap);

#endif
