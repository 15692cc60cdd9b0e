/* The query's words for the match (match.c): the expansion's items
 * (qbuild.h) grouped by word, which words each candidate lacks and which
 * the index lacks altogether (spor_results.missing), and those words as
 * lists of strings. Shared inside the query layer. */
#ifndef SPOR_QUERY_WORDS_H
#define SPOR_QUERY_WORDS_H

#include <stddef.h>
#include "index_priv.h"
#include "qbuild.h"
#include "spor/text/status.h"

/* The query's words as coverage and the missing words count them: the
 * expansion's items grouped by word (qbuild notes a word's ways in one go,
 * so they are adjacent; a word typed twice is two groups, both counting
 * the same). A quoted phrase is one word here, its words joined by a space
 * (which no single word holds); a wildcard is none. */
typedef struct word_groups {
    size_t n;               /* words */
    size_t *start;          /* word w is items[start[w]..start[w + 1]) */
    unsigned char *lacks;   /* candidates × n: cand_passage.lacks */
    unsigned char *phrase;  /* n: the word is a phrase (quoted, or a
                               hyphenated word's parts) */
    unsigned char *named;   /* n: a hit lacking the word names it even
                               when no candidate has it (NULL: none) */
    unsigned char *absent;  /* n: no way of matching the word matches */
    int absent_known;       /* absent is filled (once per query) */
} word_groups;

/* Groups ex's items by word into g (emptied first). */
spor_status wg_group(const qb_explain *ex, word_groups *g, spor_err *err);
void wg_free(word_groups *g);

/* Sets g->absent for the words no way of matching finds anywhere in the
 * index (filters aside), asking only of the words with top 0 (matching no
 * candidate), and g->absent_known. */
spor_status wg_find_absent(spor_index *ix, const qb_explain *ex,
                           word_groups *g, const double *top, spor_err *err);

/* Appends to v (n of them) the words of g flagged in flags (one flag a
 * word; flags may be NULL), each once. */
spor_status wg_flagged(const qb_explain *ex, const word_groups *g,
                       const unsigned char *flags, char ***v, size_t *n,
                       spor_err *err);

/* Appends to words and heads (n pairs) each word of ex that matched as its
 * head (QB_KIND_HEAD), once, with that head. */
spor_status wg_by_head(const qb_explain *ex, char ***words, char ***heads,
                       size_t *n, spor_err *err);

#endif
