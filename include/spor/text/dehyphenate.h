/* Repair of words broken across lines by PDF text extraction.
 *
 * When a line ends in a hyphen glued to a word ("udfordrin-") and the next
 * line starts with a word ("ger og ..."), the break is either a typesetting
 * hyphen (join: "udfordringer") or a true hyphen that stays: a suspended
 * compound part before a conjunction ("Social- og Beskæftigelses..."), or a
 * hyphenated compound ("KL-konsulent", "Top600-programmet", "Saint-Denis").
 * This module decides which. An optional lexicon (word frequencies of the
 * corpus and a Danish word list) breaks ties the rules cannot. */
#ifndef SPOR_DEHYPHENATE_H
#define SPOR_DEHYPHENATE_H

#include <stddef.h>

typedef enum dehy_decision {
    DEHY_NONE,        /* no hyphenated break here: join the lines with ' ' */
    DEHY_JOIN,        /* drop the hyphen, join without space: udfordringer */
    DEHY_KEEP_HYPHEN, /* keep the hyphen, no space: KL-konsulent */
    DEHY_KEEP_SPACE   /* keep the hyphen and a space: "Social- og" */
} dehy_decision;

/* Answers whether a lower-cased word is known (1) or not (0). */
typedef int (*dehy_known_fn)(void *ctx, const char *word, size_t len);

typedef struct dehy_lexicon {
    dehy_known_fn known; /* NULL: rules only */
    void *ctx;
} dehy_lexicon;

/* Decides how the end of one line (prev, the whole line, trailing spaces
 * allowed) joins the start of the next (next, the whole line, leading
 * spaces allowed). lex may be NULL. */
dehy_decision dehy_decide(const char *prev, size_t prev_len,
                          const char *next, size_t next_len,
                          const dehy_lexicon *lex);

#endif
