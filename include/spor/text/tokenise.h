/* Splitting normalised text into words, the Danish way, and the same way
 * Xapian's QueryParser splits a query, so that query terms meet index terms:
 *  - a word is a run of letters and digits (æ ø å é ü ... are letters), so
 *    "Top600", "9220" and "COVID19" are single words;
 *  - '.' and ',' between two digits stay inside a number: "4.700",
 *    "12.959,9", "2015.12" (a trailing '.' ends a sentence instead);
 *  - an apostrophe or '&' between two letters stays inside: "KL's" stays
 *    one word as Xapian keeps it;
 *  - a hyphen splits: "Top600-programmet" is "top600" and "programmet";
 *  - everything else (space, punctuation, symbols) separates words.
 * Terms are lower-cased. Offsets are byte offsets into the input so that
 * snippets can highlight the original text. */
#ifndef SPOR_TOKENISE_H
#define SPOR_TOKENISE_H

#include <stddef.h>
#include "spor/text/buf.h"

/* Longest word kept; longer runs (base64, URLs) are skipped as noise, as
 * Xapian's TermGenerator skips terms over its own limit. */
#define TOK_MAX_WORD_BYTES 64

typedef struct tok_token {
    size_t start;    /* byte offset of the word in the input */
    size_t len;      /* byte length in the input */
    const char *term;/* lower-cased word, NUL-terminated; valid until the
                        next tok_next call on the same iterator */
    size_t term_len;
    int has_digit;   /* the word contains a digit */
    int is_upper_initial; /* first letter was upper case */
} tok_token;

typedef struct tok_iter {
    const char *text;
    size_t len;
    size_t pos;
    sbuf term;
} tok_iter;

/* Starts iterating text[0..len) (valid UTF-8). */
void tok_init(tok_iter *it, const char *text, size_t len);
/* Fills tok with the next word: returns 1, 0 at the end, or -1 when an
 * allocation failed. */
int tok_next(tok_iter *it, tok_token *tok);
/* Frees the iterator's buffer. */
void tok_done(tok_iter *it);

/* Counts the words of text[0..len) (the segmenter's measure of size). */
size_t tok_count(const char *text, size_t len);

#endif
