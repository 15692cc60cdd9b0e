/* Which words of a hit's passage the query matches, for highlights and
 * the snippet (snippet.h): the word itself, its stem or one of its
 * compound parts is a term of the query as run. Shared inside the query
 * layer (the match builds one set per query and asks it per hit). */
#ifndef SPOR_QUERY_HIGHLIGHT_H
#define SPOR_QUERY_HIGHLIGHT_H

#include <stddef.h>
#include "index_priv.h"
#include "spor/text/buf.h"
#include "spor/text/strmap.h"
#include "xapian_c.h"

typedef struct hl_terms {
    char **terms;   /* the query's word terms, sorted */
    size_t n, cap;
    stem_stemmer *stemmer;
    spor_index *ix; /* for the compound splits (splits.h) */
    sbuf scratch, parts;
    /* The answers for the words already matched (id + 1, 0 for none):
     * the hits' passages share many words, and a word's answer may take
     * a stem and a walk of the compound table. NULL when it could not be
     * made. */
    strmap *seen;
} hl_terms;

/* The word terms of q, the query run on ix. s is free-able with
 * hl_terms_free whatever this returns. */
spor_status hl_terms_init(hl_terms *s, spor_index *ix, const xc_query *q,
                          spor_err *err);
/* Answers for the words of texts[0..n) (the passages of a page) ahead of
 * hl_match_word, each text's compounds from the splits stored with it
 * (splits[i], split_lens[i]: its SCHEMA_SLOT_SPLITS value), so that
 * highlighting a page asks the index nothing (each question is a round
 * trip to a remote shard). The answers are those of the compound table. */
spor_status hl_prefetch(hl_terms *s, const char *const *texts,
                        const size_t *lens, const char *const *splits,
                        const size_t *split_lens, size_t n);
/* snip_match_fn over an hl_terms (ctx), remembering each word's answer. */
int hl_match_word(void *ctx, const char *term, size_t len);
void hl_terms_free(hl_terms *s);

#endif
