/* Highlights and snippets. Every word of a passage that matches the query,
 * in whatever inflected form (the matcher compares stems), is highlighted;
 * the snippet is the window of the passage with the most distinct query
 * words, so a hit shows why it was found. */
#ifndef SPOR_SNIPPET_H
#define SPOR_SNIPPET_H

#include <stddef.h>
#include "spor/text/status.h"

typedef struct snip_range {
    size_t start, end; /* byte range [start, end) */
} snip_range;

/* Given a lower-cased word, returns a non-negative id of the query term it
 * matches (equal ids count once in the window choice), or -1. */
typedef int (*snip_match_fn)(void *ctx, const char *term, size_t len);

typedef struct snip_result {
    snip_range *hl;          /* matches in the whole text */
    size_t n_hl;
    char *snippet;           /* one line: the window, "…" where cut */
    size_t snippet_len;
    snip_range *snippet_hl;  /* matches in the snippet */
    size_t n_snippet_hl;
} snip_result;

/* A snippet of about this many words fits two lines of a terminal. */
#define SNIP_DEFAULT_WORDS 36

spor_status snip_build(const char *text, size_t len, snip_match_fn match,
                       void *ctx, unsigned window_words, snip_result *out,
                       spor_err *err);
void snip_result_free(snip_result *r);

#endif
