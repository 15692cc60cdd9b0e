/* The word splitter shared by indexing and querying. Its rules follow
 * Xapian 1.4's TermGenerator and QueryParser (a word is a run of word
 * characters; a few infix characters stay inside when both neighbours
 * qualify; over-long words are dropped), so a term made here from a
 * document equals the term made from the same word in a query. The scan
 * works on byte offsets into the caller's text so snippets can point back
 * at the original words. */
#include "spor/text/tokenise.h"

#include <stdint.h>
#include <string.h>

#include "spor/text/utf8.h"

static int is_word_cp(uint32_t cp)
{
    /* ASCII, most of any text, without the call into the letter tables. */
    if (cp < 0x80)
        return (cp | 0x20) - 'a' < 26 || cp - '0' < 10;
    return utf8_is_letter(cp) || utf8_is_digit(cp);
}

/* Invisible characters that must not split a word if the normaliser has
 * not already removed them (Xapian ignores the same zero-width set). */
static int is_ignored(uint32_t cp)
{
    return cp == 0x00AD || (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 ||
           cp == 0xFEFF;
}

/* Characters that join two digits into one number: "4.700", "12.959,9". */
static int is_digit_infix(uint32_t cp)
{
    return cp == '.' || cp == ',';
}

/* Characters that join two word characters: "KL's", "AT&T". */
static int is_word_infix(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '&';
}

/* Decodes at text[pos..len); invalid bytes read as U+FFFD, a separator. */
static uint32_t cp_at(const char *text, size_t len, size_t pos, size_t *adv)
{
    if ((unsigned char)text[pos] < 0x80) { /* callers keep pos < len */
        *adv = 1;
        return (unsigned char)text[pos];
    }
    uint32_t cp = utf8_decode(text + pos, len - pos, adv);
    return cp == UTF8_INVALID ? UTF8_REPLACEMENT : cp;
}

/* The first word character at or after pos, skipping ignored ones. */
static uint32_t next_visible(const char *text, size_t len, size_t pos)
{
    while (pos < len) {
        size_t adv;
        uint32_t cp = cp_at(text, len, pos, &adv);
        if (!is_ignored(cp))
            return cp;
        pos += adv;
    }
    return 0;
}

/* Finds the next word at or after *pos: sets [*start, *end) and returns 1,
 * or returns 0 when the text holds no more words. */
static int scan_word(const char *text, size_t len, size_t *pos, size_t *start,
                     size_t *end)
{
    size_t p = *pos, adv;
    uint32_t cp, prev;

    for (;;) {
        if (p >= len) {
            *pos = len;
            return 0;
        }
        cp = cp_at(text, len, p, &adv);
        if (is_word_cp(cp))
            break;
        p += adv;
    }
    *start = p;
    prev = cp;
    p += adv;
    while (p < len) {
        cp = cp_at(text, len, p, &adv);
        if (is_word_cp(cp)) {
            prev = cp;
            p += adv;
            continue;
        }
        uint32_t after = next_visible(text, len, p + adv);
        if (is_ignored(cp) && is_word_cp(after)) {
            p += adv;
            continue;
        }
        if (is_digit_infix(cp) && utf8_is_digit(prev) && utf8_is_digit(after)) {
            p += adv;
            continue;
        }
        if (is_word_infix(cp) && is_word_cp(after)) {
            p += adv;
            continue;
        }
        break;
    }
    *end = p;
    *pos = p;
    return 1;
}

/* The term's form of one code point of a word, or 0 when it is left out. */
static uint32_t term_cp(uint32_t cp)
{
    if (is_ignored(cp))
        return 0;
    if (cp == 0x2019) /* Xapian writes both apostrophes as ASCII ' */
        return '\'';
    return utf8_tolower(cp);
}

static size_t term_bytes(const char *text, size_t start, size_t end)
{
    size_t n = 0;
    char enc[4];
    while (start < end) {
        size_t adv;
        uint32_t cp = term_cp(cp_at(text, end, start, &adv));
        if (cp)
            n += cp < 0x80 ? 1 : utf8_encode(cp, enc);
        start += adv;
    }
    return n;
}

void tok_init(tok_iter *it, const char *text, size_t len)
{
    it->text = text;
    it->len = len;
    it->pos = 0;
    it->term = (sbuf)SBUF_INIT;
}

int tok_next(tok_iter *it, tok_token *tok)
{
    size_t start, end;

    while (scan_word(it->text, it->len, &it->pos, &start, &end)) {
        /* Measure before building, so a base64 blob costs no allocation. */
        if (term_bytes(it->text, start, end) > TOK_MAX_WORD_BYTES)
            continue;
        sbuf_reset(&it->term);
        if (sbuf_reserve(&it->term, TOK_MAX_WORD_BYTES) != SPOR_OK)
            return -1;
        /* Written in place: term_bytes above bounds the term by the
         * reservation, and this runs for every word of every text a
         * search reads (copies, highlights, snippets). */
        char *out = it->term.data;
        size_t n = 0;
        int has_digit = 0, first = 1, upper = 0;
        size_t p = start;
        while (p < end) {
            size_t adv;
            char enc[4];
            unsigned char c = (unsigned char)it->text[p];
            if (c < 0x80 && !first) {
                /* An ASCII character inside the word: its lower case, one
                 * byte (what the general path below makes of it). */
                out[n++] = (char)((unsigned)c - 'A' < 26 ? c + 0x20 : c);
                has_digit |= (unsigned)c - '0' < 10;
                p++;
                continue;
            }
            uint32_t raw = cp_at(it->text, end, p, &adv);
            uint32_t cp = term_cp(raw);
            p += adv;
            if (!cp)
                continue;
            if (first) {
                upper = utf8_is_upper(raw);
                first = 0;
            }
            has_digit |= utf8_is_digit(raw);
            size_t k = utf8_encode(cp, enc);
            memcpy(out + n, enc, k);
            n += k;
        }
        it->term.len = n;
        out[n] = '\0';
        tok->start = start;
        tok->len = end - start;
        tok->term = it->term.data;
        tok->term_len = it->term.len;
        tok->has_digit = has_digit;
        tok->is_upper_initial = upper;
        return 1;
    }
    return 0;
}

void tok_done(tok_iter *it)
{
    sbuf_free(&it->term);
}

size_t tok_count(const char *text, size_t len)
{
    size_t pos = 0, start, end, n = 0;
    while (scan_word(text, len, &pos, &start, &end))
        if (term_bytes(text, start, end) <= TOK_MAX_WORD_BYTES)
            n++;
    return n;
}
