/* Synonym sources: Debian's Danish thesaurus (mythes-da, "hjemløs" ~
 * "husvild", "boligløs") and spor's short domain list (data/synonyms.tsv).
 * Readers hand each (word, synonym) pair to a callback; the indexer keeps
 * the pairs whose synonym occurs in the corpus, in Xapian's synonym table,
 * and the query builder adds them at a lower weight than the word typed. */
#ifndef SPOR_SYNONYMS_H
#define SPOR_SYNONYMS_H

#include <stddef.h>
#include "spor/text/status.h"

#define SYN_DEFAULT_THESAURUS "/usr/share/mythes/th_da_DK.dat"

/* word and syn are lower-cased; syn may hold several words separated by
 * single spaces (a phrase). Returns non-zero to stop. */
typedef int (*syn_pair_fn)(void *ctx, const char *word, size_t wlen,
                           const char *syn, size_t slen);

/* A MyThes .dat file (UTF-8): only the first sense of each entry, and only
 * single words without qualifiers such as "(underbegreb)": later senses
 * and hyponyms are where a thesaurus strays from what a searcher means. */
spor_status syn_read_mythes(const char *path, syn_pair_fn fn, void *ctx,
                            spor_err *err);

/* A group file: one group per line, entries comma-separated, '#'
 * comments; every entry is paired with every other, both ways. */
spor_status syn_read_groups(const char *path, syn_pair_fn fn, void *ctx,
                            spor_err *err);

#endif
