/* Danish compound splitting: "beskæftigelsesindsatsen" is beskæftigelse +
 * indsatsen, "hjemløsetælling" is hjemløse + tælling, but "hjemløse" is not
 * hjem + løse. A split is taken only where every part is a known word (in
 * the corpus or the Danish word list), no part is a function word or a
 * prefix, the linking elements -s- and -e- are accounted for, and the parts
 * are together more frequent than the whole word (the geometric-mean
 * criterion of Koehn and Knight, 2003): a lexicalised word such as
 * "hjemløse" is far more frequent than "hjem" and "løse" are. */
#ifndef SPOR_COMPOUND_H
#define SPOR_COMPOUND_H

#include <stddef.h>
#include "spor/analysis/stopwords.h"

/* What the splitter knows of a word (lower-cased): its corpus frequency
 * (>= 1), 0 when it is a real word that the corpus lacks (word list only),
 * or -1 when it is not a known word at all. */
typedef long (*cpd_freq_fn)(void *ctx, const char *word, size_t len);

typedef struct cpd_lexicon {
    cpd_freq_fn freq;
    void *ctx;
    const stop_list *stops; /* stop words are never parts; may be NULL */
} cpd_lexicon;

/* Parts of a compound: four covers "ungdomsuddannelsesvejledning". */
#define CPD_MAX_PARTS 4
/* Each part has at least this many letters ("job", "hus"). */
#define CPD_MIN_PART_CHARS 3

typedef struct cpd_split {
    size_t n; /* 0 when the word is not split */
    struct {
        size_t start, len; /* byte range in the word, linking -s-/-e- left out */
    } parts[CPD_MAX_PARTS];
} cpd_split;

/* Splits word[0..len) (lower-case UTF-8). Returns the number of parts
 * (0 for no split). */
size_t cpd_split_word(const cpd_lexicon *lex, const char *word, size_t len,
                      cpd_split *out);

#endif
