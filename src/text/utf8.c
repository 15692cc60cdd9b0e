/* UTF-8 at the edge of libspor: strict decoding (so a malformed file can
 * never smuggle an overlong '/' or a surrogate past validation), encoding,
 * sanitising untrusted bytes into valid text, and the Unicode knowledge the
 * tokeniser and the terminal layout need: simple one-to-one case mapping,
 * letter/digit/space classes and display widths. The Unicode tables are
 * utf8proc's (kept current with each Unicode release by its maintainers);
 * this file adds the ASCII fast paths and the few places where spor's
 * answer differs from utf8proc's, each with its reason. */
#include "spor/text/utf8.h"

#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

/* Largest code point Unicode will ever assign. */
#define UTF8_MAX_CP 0x10FFFFu
/* Longest UTF-8 sequence: utf8proc never needs to look further. */
#define UTF8_MAX_SEQ 4

uint32_t utf8_decode(const char *s, size_t len, size_t *adv)
{
    utf8proc_int32_t cp;
    utf8proc_ssize_t n;

    *adv = 1;
    if (len == 0)
        return UTF8_INVALID;
    if ((unsigned char)s[0] < 0x80)
        return (unsigned char)s[0];
    /* utf8proc rejects overlongs, surrogates, code points past U+10FFFF
     * and truncated sequences, as validation needs. */
    n = utf8proc_iterate((const utf8proc_uint8_t *)s,
                         len < UTF8_MAX_SEQ ? (utf8proc_ssize_t)len
                                            : UTF8_MAX_SEQ,
                         &cp);
    if (n < 1)
        return UTF8_INVALID;
    *adv = (size_t)n;
    return (uint32_t)cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    /* Never emit invalid UTF-8, whatever the caller passes (utf8proc would
     * encode a surrogate). */
    if (cp > UTF8_MAX_CP || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp,
                                        (utf8proc_uint8_t *)out);
}

spor_status utf8_sanitize(const char *in, size_t len, sbuf *out,
                          size_t *n_invalid, size_t *first_invalid)
{
    static const char repl[] = "\xEF\xBF\xBD";
    size_t bad = 0, first = 0;
    size_t i = 0, run = 0; /* run: start of the pending valid stretch */
    size_t before = out->len;

    /* Copy valid stretches in one append each: most input is all valid. */
    while (i < len) {
        size_t adv;
        if ((unsigned char)in[i] < 0x80) {
            i++;
            continue;
        }
        if (utf8_decode(in + i, len - i, &adv) != UTF8_INVALID) {
            i += adv;
            continue;
        }
        if (sbuf_append(out, in + run, i - run) != SPOR_OK ||
            sbuf_append(out, repl, 3) != SPOR_OK)
            goto nomem;
        if (bad == 0)
            first = i;
        bad++;
        i++;
        run = i;
    }
    if (sbuf_append(out, in + run, len - run) != SPOR_OK)
        goto nomem;
    if (n_invalid)
        *n_invalid = bad;
    if (first_invalid)
        *first_invalid = first;
    return SPOR_OK;

nomem:
    /* Leave the buffer as the caller gave it. */
    out->len = before;
    if (out->data)
        out->data[before] = '\0';
    return SPOR_ENOMEM;
}

int utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        size_t adv;
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        if (utf8_decode(s + i, len - i, &adv) == UTF8_INVALID)
            return 0;
        i += adv;
    }
    return 1;
}

uint32_t utf8_tolower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
    return (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
}

uint32_t utf8_toupper(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') ? cp - 0x20 : cp;
    /* ß has no capital in Unicode's simple mapping; utf8proc (2.8) gives
     * the rare ẞ, which would make ß a "lower-case letter" that sentence
     * detection and the capitalised word-list lookup then act on. */
    if (cp == 0xDF)
        return cp;
    return (uint32_t)utf8proc_toupper((utf8proc_int32_t)cp);
}

/* Letters and combining marks of every script. Marks count as letters so
 * that a decomposed "å" (a + U+030A) the normaliser could not compose
 * still stays inside its word, as in Xapian; and no script counts as a
 * separator, which would silently drop whole words of the immigrant-
 * language names public documents mention. The invisible marks (the
 * variation selectors after an emoji: "🔎︎") are no letters: alone after
 * a symbol they would make a word of nothing. */
int utf8_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    switch (p->category) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return 1;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return !p->ignorable;
    default:
        return 0;
    }
}

int utf8_is_digit(uint32_t cp)
{
    /* ASCII only: other scripts' digits are rare here and would need their
     * own folding to meet an ASCII query. */
    return cp >= '0' && cp <= '9';
}

int utf8_is_upper(uint32_t cp)
{
    return utf8_tolower(cp) != cp;
}

int utf8_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_ZS: /* NBSP, the em/en/thin spaces, ... */
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

/* Columns of the character at s[0..len); *adv gets its byte length. ASCII
 * (tab and controls included) counts one column each, as it always has in
 * the compare layout; an invalid byte counts one (U+FFFD). */
static size_t char_width(const char *s, size_t len, size_t *adv)
{
    if ((unsigned char)s[0] < 0x80) {
        *adv = 1;
        return 1;
    }
    uint32_t cp = utf8_decode(s, len, adv);
    if (cp == UTF8_INVALID)
        return 1;
    return (size_t)utf8proc_charwidth((utf8proc_int32_t)cp);
}

size_t utf8_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        size_t adv;
        w += char_width(s + i, len - i, &adv);
        i += adv;
    }
    return w;
}

size_t utf8_width_prefix(const char *s, size_t len, size_t cols)
{
    size_t w = 0, i = 0;
    while (i < len) {
        size_t adv;
        size_t cw = char_width(s + i, len - i, &adv);
        /* A zero-width mark still joins the character before it. */
        if (w + cw > cols)
            break;
        w += cw;
        i += adv;
    }
    return i;
}

spor_status utf8_lower(const char *s, size_t len, sbuf *out)
{
    size_t before = out->len;
    size_t i = 0;
    /* Lower-casing never grows a code point by more than 4 bytes; reserving
     * len up front covers the common case in one allocation. */
    if (sbuf_reserve(out, len) != SPOR_OK)
        return SPOR_ENOMEM;
    while (i < len) {
        size_t adv = 0;
        char enc[4];
        while (i + adv < len && (unsigned char)s[i + adv] < 0x80)
            adv++;
        if (adv > 0) {
            /* An ASCII run: one append, lower-cased where it landed. */
            size_t at = out->len;
            if (sbuf_append(out, s + i, adv) != SPOR_OK)
                goto nomem;
            for (size_t k = at; k < out->len; k++)
                if (out->data[k] >= 'A' && out->data[k] <= 'Z')
                    out->data[k] += 0x20;
            i += adv;
            continue;
        }
        uint32_t cp = utf8_decode(s + i, len - i, &adv);
        if (cp == UTF8_INVALID)
            cp = UTF8_REPLACEMENT;
        size_t n = utf8_encode(utf8_tolower(cp), enc);
        if (sbuf_append(out, enc, n) != SPOR_OK)
            goto nomem;
        i += adv;
    }
    return SPOR_OK;

nomem:
    out->len = before;
    out->data[before] = '\0';
    return SPOR_ENOMEM;
}
