/* UTF-8 at the edge of libspor: strict decoding (so a malformed file can
 * never smuggle an overlong '/' or a surrogate past validation), encoding,
 * sanitising untrusted bytes into valid text, and the small amount of
 * Unicode knowledge the tokeniser needs: simple one-to-one case mapping and
 * letter/digit/space classes for the scripts that occur in Danish public
 * documents (Latin with its extensions, Greek, Cyrillic). We do not pull in
 * ICU for this: the tables below are short and the behaviour is easy to
 * pin down in tests. */
#include "spor/text/utf8.h"

#include <stddef.h>
#include <stdint.h>

/* Largest code point Unicode will ever assign. */
#define UTF8_MAX_CP 0x10FFFFu

uint32_t utf8_decode(const char *s, size_t len, size_t *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    uint32_t cp, min;
    size_t n;

    *adv = 1;
    if (len == 0)
        return UTF8_INVALID;
    if (u[0] < 0x80)
        return u[0];
    if (u[0] < 0xC2) /* continuation byte, or 0xC0/0xC1: always overlong */
        return UTF8_INVALID;
    if (u[0] < 0xE0) {
        n = 2;
        cp = u[0] & 0x1Fu;
        min = 0x80;
    } else if (u[0] < 0xF0) {
        n = 3;
        cp = u[0] & 0x0Fu;
        min = 0x800;
    } else if (u[0] < 0xF5) {
        n = 4;
        cp = u[0] & 0x07u;
        min = 0x10000;
    } else {
        return UTF8_INVALID;
    }
    if (len < n)
        return UTF8_INVALID;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0u) != 0x80u)
            return UTF8_INVALID;
        cp = (cp << 6) | (u[i] & 0x3Fu);
    }
    if (cp < min || cp > UTF8_MAX_CP || (cp >= 0xD800 && cp <= 0xDFFF))
        return UTF8_INVALID;
    *adv = n;
    return cp;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    /* Never emit invalid UTF-8, whatever the caller passes. */
    if (cp > UTF8_MAX_CP || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
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

/* In these blocks capitals and small letters alternate, capital on the even
 * code point when even_upper is set. */
typedef struct case_pairs {
    uint32_t lo, hi;
    int even_upper;
} case_pairs;

static const case_pairs PAIRED_BLOCKS[] = {
    {0x0100, 0x012F, 1}, /* Latin Extended-A: Ā ā ... Į į */
    {0x0132, 0x0137, 1}, /* Ĳ ĳ ... Ķ ķ */
    {0x0139, 0x0148, 0}, /* Ĺ ĺ ... Ň ň */
    {0x014A, 0x0177, 1}, /* Ŋ ŋ ... Ŷ ŷ */
    {0x0179, 0x017E, 0}, /* Ź ź ... Ž ž */
    {0x0460, 0x0481, 1}, /* Cyrillic historic letters */
    {0x048A, 0x04BF, 1}, /* Cyrillic extended letters */
    {0x04C1, 0x04CE, 0},
    {0x04D0, 0x052F, 1},
    {0x1E00, 0x1E95, 1}, /* Latin Extended Additional (Vietnamese, ...) */
    {0x1EA0, 0x1EFF, 1},
};

uint32_t utf8_tolower(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 0x20 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) /* À-Þ, not × */
        return cp + 0x20;
    if (cp < 0x100)
        return cp;
    if (cp == 0x0130) /* İ: the simple lower-case mapping is plain i */
        return 'i';
    if (cp == 0x0178) /* Ÿ lives outside the block of its small letter */
        return 0xFF;
    if (cp >= 0x0391 && cp <= 0x03AB && cp != 0x03A2) /* Greek Α-Ϋ */
        return cp + 0x20;
    if (cp == 0x0386)
        return 0x03AC;
    if (cp >= 0x0388 && cp <= 0x038A)
        return cp + 0x25;
    if (cp == 0x038C)
        return 0x03CC;
    if (cp == 0x038E || cp == 0x038F)
        return cp + 0x3F;
    if (cp >= 0x0410 && cp <= 0x042F) /* Cyrillic А-Я */
        return cp + 0x20;
    if (cp >= 0x0400 && cp <= 0x040F) /* Ѐ-Џ */
        return cp + 0x50;
    if (cp == 0x04C0)
        return 0x04CF;
    if (cp == 0x1E9E) /* capital sharp s */
        return 0xDF;
    for (size_t i = 0; i < sizeof PAIRED_BLOCKS / sizeof PAIRED_BLOCKS[0]; i++) {
        const case_pairs *b = &PAIRED_BLOCKS[i];
        if (cp >= b->lo && cp <= b->hi) {
            int even = (cp % 2) == 0;
            return (even == b->even_upper) ? cp + 1 : cp;
        }
    }
    return cp;
}

uint32_t utf8_toupper(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') ? cp - 0x20 : cp;
    if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) /* à-þ, not ÷ */
        return cp - 0x20;
    if (cp == 0xFF)
        return 0x0178;
    if (cp == 0xB5) /* micro sign: its capital is Greek Mu */
        return 0x039C;
    if (cp < 0x100) /* includes ß, which has no one-letter capital */
        return cp;
    if (cp == 0x0131) /* dotless ı */
        return 'I';
    if (cp == 0x017F) /* long ſ */
        return 'S';
    if (cp >= 0x03B1 && cp <= 0x03CB && cp != 0x03C2) /* Greek α-ϋ */
        return cp - 0x20;
    if (cp == 0x03C2) /* final sigma */
        return 0x03A3;
    if (cp == 0x03AC)
        return 0x0386;
    if (cp >= 0x03AD && cp <= 0x03AF)
        return cp - 0x25;
    if (cp == 0x03CC)
        return 0x038C;
    if (cp == 0x03CD || cp == 0x03CE)
        return cp - 0x3F;
    if (cp >= 0x0430 && cp <= 0x044F) /* Cyrillic а-я */
        return cp - 0x20;
    if (cp >= 0x0450 && cp <= 0x045F)
        return cp - 0x50;
    if (cp == 0x04CF)
        return 0x04C0;
    for (size_t i = 0; i < sizeof PAIRED_BLOCKS / sizeof PAIRED_BLOCKS[0]; i++) {
        const case_pairs *b = &PAIRED_BLOCKS[i];
        if (cp >= b->lo && cp <= b->hi) {
            int even = (cp % 2) == 0;
            return (even != b->even_upper) ? cp - 1 : cp;
        }
    }
    return cp;
}

/* Inclusive ranges of letters and combining marks. Marks count as letters
 * so that a decomposed "å" (a + U+030A) the normaliser could not compose
 * still stays inside its word, as in Xapian. Beyond the scripts the brief
 * requires, the common scripts of immigrant-language names are listed too:
 * treating them as separators would silently drop whole words. */
typedef struct cp_range {
    uint32_t lo, hi;
} cp_range;

static const cp_range LETTER_RANGES[] = {
    {0x00AA, 0x00AA}, /* ª */
    {0x00B5, 0x00B5}, /* µ */
    {0x00BA, 0x00BA}, /* º */
    {0x00C0, 0x00D6},
    {0x00D8, 0x00F6},
    {0x00F8, 0x02C1}, /* Latin-1 letters, Extended-A and -B, IPA */
    {0x02C6, 0x02D1}, /* modifier letters */
    {0x02E0, 0x02E4},
    {0x02EC, 0x02EC},
    {0x02EE, 0x02EE},
    {0x0300, 0x036F}, /* combining diacritical marks */
    {0x0370, 0x0374},
    {0x0376, 0x0377},
    {0x037A, 0x037D},
    {0x037F, 0x037F},
    {0x0386, 0x0386},
    {0x0388, 0x038A},
    {0x038C, 0x038C},
    {0x038E, 0x03A1},
    {0x03A3, 0x03F5},
    {0x03F7, 0x0481}, /* Greek and Cyrillic */
    {0x0483, 0x0489}, /* Cyrillic combining marks */
    {0x048A, 0x052F},
    {0x0531, 0x0556}, /* Armenian */
    {0x0561, 0x0587},
    {0x0591, 0x05BD}, /* Hebrew points */
    {0x05D0, 0x05EA}, /* Hebrew */
    {0x0610, 0x061A}, /* Arabic marks */
    {0x0620, 0x065F}, /* Arabic letters and harakat */
    {0x066E, 0x06D3},
    {0x06D5, 0x06DC},
    {0x06FA, 0x06FC},
    {0x0900, 0x0963}, /* Devanagari letters and signs */
    {0x0E01, 0x0E3A}, /* Thai */
    {0x10A0, 0x10FF}, /* Georgian */
    {0x1AB0, 0x1AFF}, /* combining marks, extended */
    {0x1D00, 0x1DBF}, /* phonetic extensions */
    {0x1DC0, 0x1DFF}, /* combining marks, supplement */
    {0x1E00, 0x1FFF}, /* Latin Extended Additional, Greek Extended */
    {0x20D0, 0x20FF}, /* combining marks for symbols */
    {0x2C60, 0x2C7F}, /* Latin Extended-C */
    {0x3040, 0x30FF}, /* Hiragana, Katakana */
    {0x3400, 0x4DBF}, /* CJK extension A */
    {0x4E00, 0x9FFF}, /* CJK unified ideographs */
    {0xA720, 0xA7FF}, /* Latin Extended-D */
    {0xAB30, 0xAB6F}, /* Latin Extended-E */
    {0xAC00, 0xD7A3}, /* Hangul syllables */
    {0xFB00, 0xFB06}, /* Latin ligatures, should the normaliser be skipped */
    {0xFE20, 0xFE2F}, /* combining half marks */
    {0xFF21, 0xFF3A}, /* fullwidth Latin */
    {0xFF41, 0xFF5A},
};

static int in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return 1;
    }
    return 0;
}

int utf8_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
    return in_ranges(cp, LETTER_RANGES,
                     sizeof LETTER_RANGES / sizeof LETTER_RANGES[0]);
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
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
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
        size_t adv;
        char enc[4];
        uint32_t cp = utf8_decode(s + i, len - i, &adv);
        if (cp == UTF8_INVALID)
            cp = UTF8_REPLACEMENT;
        size_t n = utf8_encode(utf8_tolower(cp), enc);
        if (sbuf_append(out, enc, n) != SPOR_OK) {
            out->len = before;
            out->data[before] = '\0';
            return SPOR_ENOMEM;
        }
        i += adv;
    }
    return SPOR_OK;
}
