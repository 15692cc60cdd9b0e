/* A memo of the analyser's answers, word by word, for one thread that
 * analyses much text (an indexer's writer thread). What ana_analyse emits
 * for a word after the word itself (its stem, the stems of its compound
 * parts, or nothing for a stop word) depends on the word alone while the
 * stemmer, stop list and splitter stay as they are, and the same few
 * thousand words make up most of any text: so each word is analysed once
 * and its terms are replayed from the memo after, instead of a stop-list
 * search, a stem and a split for every occurrence.
 *
 * The memo holds at most ANA_MEMO_MAX_WORDS words (the first met, which in
 * running text are mostly the frequent ones); words past that are
 * analysed every time, so memory stays bounded whatever the corpus. A
 * memo must be dropped (or not used) when the analyser's tools change. */
#ifndef SPOR_ANAMEMO_H
#define SPOR_ANAMEMO_H

#include <stddef.h>
#include "spor/text/status.h"

typedef struct ana_memo ana_memo;

spor_status ana_memo_new(ana_memo **out);
void ana_memo_free(ana_memo *m);

/* Reading a word's terms back. */
typedef struct ana_memo_iter {
    const unsigned char *p;
    unsigned left;
} ana_memo_iter;

/* 1 with it at word's first term when the memo has the word, else 0. */
int ana_memo_find(const ana_memo *m, const char *word, size_t len,
                  ana_memo_iter *it);
/* The next term (NUL-terminated) and its kind (an ana_kind): 1, or 0 at
 * the end of the word's terms. */
int ana_memo_next(ana_memo_iter *it, const char **term, size_t *len,
                  int *kind);

/* Recording a word: begin, add each term as it is emitted, then commit
 * (the word becomes known) or abort (nothing is kept). Recording into a
 * full memo is allowed and keeps nothing. */
void ana_memo_begin(ana_memo *m);
void ana_memo_add(ana_memo *m, const char *term, size_t len, int kind);
void ana_memo_commit(ana_memo *m, const char *word, size_t len);
void ana_memo_abort(ana_memo *m);

#endif
