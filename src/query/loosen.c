/* Loosening a query's quoted phrases into bracketed groups of words (see
 * loosen.h). Quotes pair up in order, as Xapian's parser pairs them; an
 * opening quote without a closing one runs to the end of the query. */
#include "spor/query/loosen.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"

/* Bytes of the quote character at q[i] (0: none). */
static size_t quote_at(const char *q, size_t len, size_t i)
{
    if (q[i] == '"')
        return 1;
    /* U+201C and U+201D: E2 80 9C, E2 80 9D. */
    if (i + 2 < len && (unsigned char)q[i] == 0xE2 &&
        (unsigned char)q[i + 1] == 0x80 &&
        ((unsigned char)q[i + 2] == 0x9C || (unsigned char)q[i + 2] == 0x9D))
        return 3;
    return 0;
}

int qry_has_quotes(const char *q, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (quote_at(q, len, i))
            return 1;
    return 0;
}

/* 1 when word is among the words of text[0..len). */
static int has_word(const char *text, size_t len, const char *word)
{
    tok_iter it;
    tok_token t;
    int found = 0, r;
    tok_init(&it, text, len);
    while (!found && (r = tok_next(&it, &t)) == 1)
        found = t.term_len == strlen(word) && !memcmp(t.term, word, t.term_len);
    tok_done(&it);
    return found;
}

int qry_phrase_has_word(const char *q, size_t len, const char *word)
{
    size_t i = 0;
    while (i < len) {
        size_t ql = quote_at(q, len, i);
        if (!ql) {
            i++;
            continue;
        }
        size_t inner = i + ql, close = inner, cl = 0;
        while (close < len && !(cl = quote_at(q, len, close)))
            close++;
        if (has_word(q + inner, close - inner, word))
            return 1;
        i = close + cl;
    }
    return 0;
}

/* Whether a phrase opening at q[i] may be loosened: it stands at the
 * start of the query, after a space or after a bracket. */
static int loosenable(const char *q, size_t i)
{
    return i == 0 || q[i - 1] == ' ' || q[i - 1] == '(';
}

/* Appends the phrase's words p[0..n) to b as a group: as written, or
 * with every_word joined by AND. A stretch of punctuation alone ("§")
 * has nothing to search for and would leave an AND without a word, so it
 * is left out of an AND group. */
static spor_status append_group(sbuf *b, const char *p, size_t n,
                                int every_word)
{
    spor_status st = sbuf_append_char(b, '(');
    if (!every_word) {
        if (!st)
            st = sbuf_append(b, p, n);
        return st ? st : sbuf_append_char(b, ')');
    }
    int first = 1;
    for (size_t i = 0; i < n && !st;) {
        while (i < n && p[i] == ' ')
            i++;
        size_t start = i;
        while (i < n && p[i] != ' ')
            i++;
        if (i == start || !tok_count(p + start, i - start))
            continue;
        if (!first)
            st = sbuf_append_str(b, " AND ");
        if (!st)
            st = sbuf_append(b, p + start, i - start);
        first = 0;
    }
    return st ? st : sbuf_append_char(b, ')');
}

spor_status qry_loosen_phrases(const char *q, size_t len, int every_word,
                               char **out)
{
    *out = NULL;
    sbuf b = SBUF_INIT;
    spor_status st = SPOR_OK;
    int changed = 0;
    size_t i = 0;
    while (i < len && !st) {
        size_t ql = quote_at(q, len, i);
        if (!ql) {
            st = sbuf_append_char(&b, q[i++]);
            continue;
        }
        size_t open = i, inner = i + ql, close = inner, cl = 0;
        while (close < len && !(cl = quote_at(q, len, close)))
            close++;
        size_t end = close + cl; /* past the closing quote, or len */
        if (loosenable(q, open) && tok_count(q + inner, close - inner) >= 2) {
            st = append_group(&b, q + inner, close - inner, every_word);
            changed = 1;
        } else {
            st = sbuf_append(&b, q + open, end - open);
        }
        i = end;
    }
    if (st || !changed) {
        sbuf_free(&b);
        return st;
    }
    if (!(*out = sbuf_detach(&b, NULL)))
        return SPOR_ENOMEM;
    return SPOR_OK;
}
