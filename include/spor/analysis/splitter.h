/* The compound splitter as the indexer uses it: the corpus's own word
 * counts (gathered in a first pass over the documents) and the Danish word
 * list as lexicon, and a cache, since a corpus repeats its words. */
#ifndef SPOR_SPLITTER_H
#define SPOR_SPLITTER_H

#include <stddef.h>
#include "spor/analysis/compound.h"
#include "spor/text/status.h"
#include "spor/analysis/stopwords.h"
#include "spor/text/strmap.h"

typedef struct spl_splitter spl_splitter;

/* wordlist_path may be NULL (corpus counts only). A missing word list is
 * an error here; the caller decides whether to go on without it. */
spor_status spl_new(const char *wordlist_path, const stop_list *stops,
                    spl_splitter **out, spor_err *err);
void spl_free(spl_splitter *s);

/* First pass: counts the words of text into the corpus lexicon. Counting
 * must be complete before the first spl_split call. */
spor_status spl_count(spl_splitter *s, const char *text, size_t len);

/* For an update (indexer.c): adds count occurrences of word, as stored by
 * an earlier run, and takes back the words of text that leaves the
 * corpus. Both, like spl_count, only before the first spl_split. */
spor_status spl_add_count(spl_splitter *s, const char *word, size_t len,
                          uint32_t count);
spor_status spl_uncount(spl_splitter *s, const char *text, size_t len);

/* An ana_split_fn (analyser.h) with ctx = the spl_splitter. */
size_t spl_split(void *ctx, const char *word, size_t len, cpd_split *out);

/* The Danish word list it splits with (lower-cased keys); NULL without. */
const strmap *spl_wordlist(const spl_splitter *s);

/* What spl_split said of word so far: -1 not asked, 0 not split, 1 split. */
int spl_judged(const spl_splitter *s, const char *word, size_t len);

/* Calls fn for each word that was split so far, with its parts joined by
 * single spaces; fn returns non-zero to stop. */
typedef int (*spl_each_fn)(void *ctx, const char *word, size_t len,
                           const char *parts, size_t parts_len);
spor_status spl_each(spl_splitter *s, spl_each_fn fn, void *ctx);

/* How often word occurred in the counted text (0 when never). */
uint32_t spl_word_count(const spl_splitter *s, const char *word, size_t len);

/* Calls fn for each word counted by spl_count, with its count. */
void spl_each_word(spl_splitter *s, smap_each_fn fn, void *ctx);

#endif
