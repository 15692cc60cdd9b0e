/* The analyser turns text into index terms, and is the single place that
 * decides what a term is: tokenise, lower-case, stem, skip stop words. The
 * indexer calls it for passage text; the query side reuses its stemmer and
 * stop list through Xapian's QueryParser, so both sides produce the same
 * terms.
 *
 * Terms emitted per word: the lower-cased word with its position (for
 * phrases), and, unless the word is a stop word, "Z" + its stem without
 * position (Xapian's convention for stemmed terms) and, for a compound,
 * "C" + the stem of each part. */
#ifndef SPOR_ANALYSER_H
#define SPOR_ANALYSER_H

#include <stddef.h>
#include "spor/analysis/anamemo.h"
#include "spor/analysis/compound.h"
#include "spor/text/status.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"

#define ANA_STEM_PREFIX "Z"
/* Stems of the parts of a compound word (beskæftigelsesindsatsen gives
 * Cbeskæftig and Cindsats): a prefix of their own, so a query can weigh a
 * part match below a match of the word itself. */
#define ANA_PART_PREFIX "C"

typedef enum ana_kind {
    ANA_WORD, /* lower-cased surface form, positional */
    ANA_STEM, /* "Z" + stem, no position */
    ANA_PART  /* "C" + stem of a compound part, no position */
} ana_kind;

/* Receives each term; returns SPOR_OK to go on. */
typedef spor_status (*ana_emit_fn)(void *ctx, const char *term, size_t len,
                                   unsigned pos, ana_kind kind);

/* Splits a word into compound parts (compound.h); returns the count, 0
 * when the word is not a compound. */
typedef size_t (*ana_split_fn)(void *ctx, const char *word, size_t len,
                               cpd_split *out);

typedef struct ana_analyser {
    stem_stemmer *stemmer; /* borrowed */
    const stop_list *stops; /* borrowed, may be NULL */
    ana_split_fn split;     /* NULL: no compound parts */
    void *split_ctx;
    ana_memo *memo;         /* NULL: none; else this thread's alone, made
                               for these tools (anamemo.h) */
} ana_analyser;

/* Asks the splitter about word as ana_analyse would when it met the word
 * in a text (not for stop words or words too long to index), so that a
 * shard built apart judges every word of the corpus, not only its share's
 * (apart.h). */
void ana_judge_word(const ana_analyser *a, const char *word, size_t len);

/* Analyses text[0..len). Positions continue from *pos (which is advanced), so
 * several fields of one document can share a position space; a gap between
 * fields keeps phrases from matching across them. */
spor_status ana_analyse(const ana_analyser *a, const char *text, size_t len,
                        unsigned *pos, ana_emit_fn emit, void *ctx,
                        spor_err *err);

#endif
