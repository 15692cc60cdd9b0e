/* The vocabulary the compound splitter consults: word frequencies counted
 * in the corpus being indexed, together with a Danish word list (Debian's
 * wdanish), since a small corpus lacks many real words that occur only as
 * parts of compounds ("tælling" in "hjemløsetælling"). */
#ifndef SPOR_LEXICON_H
#define SPOR_LEXICON_H

#include <stddef.h>
#include "spor/text/status.h"
#include "spor/text/strmap.h"

/* Debian's wdanish installs the Danish word list here. */
#define LEX_DEFAULT_WORDLIST "/usr/share/dict/danish"

typedef struct lex_lexicon {
    strmap *corpus;   /* lower-cased word → occurrences; may be NULL */
    strmap *wordlist; /* lower-cased words; may be NULL */
} lex_lexicon;

/* Reads a word list (one word per line, UTF-8), lower-casing each word.
 * Errors name the path. */
spor_status lex_load_wordlist(const char *path, strmap **out, spor_err *err);

/* Counts the words of text[0..len) (normalised UTF-8) into corpus. */
spor_status lex_count_text(strmap *corpus, const char *text, size_t len);
/* Undoes lex_count_text for the same text (a document leaving the corpus). */
spor_status lex_uncount_text(strmap *corpus, const char *text, size_t len);

/* A query word's look-up in the word list: wordlist.h (binary search in
 * an mmap, no hash built). */

/* A cpd_freq_fn (compound.h) with ctx = lex_lexicon: the corpus count,
 * else 0 for a word-list word, else -1. */
long lex_freq(void *ctx, const char *word, size_t len);

#endif
