/* Scandinavian normalisation (see fold.h). Byte-level: the digraphs are
 * ASCII and the two umlauts are fixed two-byte sequences, so no decoding
 * is needed and multi-byte letters pass through untouched. */
#include "spor/text/fold.h"

#define UTF8_AE "\xc3\xa6"     /* æ */
#define UTF8_OSLASH "\xc3\xb8" /* ø */
#define UTF8_ARING "\xc3\xa5"  /* å */

/* The replacement for the sequence at w[i], or NULL; *consumed gets its
 * length in bytes. */
static const char *rule_at(const char *w, size_t len, size_t i,
                           size_t *consumed)
{
    unsigned char c = (unsigned char)w[i];
    unsigned char d = i + 1 < len ? (unsigned char)w[i + 1] : 0;
    *consumed = 2;
    if (c == 0xc3 && d == 0xa4) /* ä */
        return UTF8_AE;
    if (c == 0xc3 && d == 0xb6) /* ö */
        return UTF8_OSLASH;
    if (c == 'a' && (d == 'a' || d == 'o'))
        return UTF8_ARING;
    if (c == 'a' && d == 'e')
        return UTF8_AE;
    if (c == 'o' && (d == 'e' || d == 'o'))
        return UTF8_OSLASH;
    return NULL;
}

spor_status fold_scandinavian(const char *word, size_t len, sbuf *out)
{
    size_t i = 0, run = 0;
    while (i < len) {
        size_t n;
        const char *r = rule_at(word, len, i, &n);
        if (!r) {
            i++;
            continue;
        }
        if (sbuf_append(out, word + run, i - run) || sbuf_append(out, r, 2))
            return SPOR_ENOMEM;
        i += n;
        run = i;
    }
    return sbuf_append(out, word + run, len - run);
}

int fold_changes(const char *word, size_t len)
{
    size_t n;
    for (size_t i = 0; i < len; i++)
        if (rule_at(word, len, i, &n))
            return 1;
    return 0;
}
