/* Line normalisation: the character-level clean-up every line of a document
 * and every query goes through, so that text copied from a PDF (decomposed
 * "å", ligatures, soft hyphens, NBSP, curly apostrophes) and text typed on
 * a keyboard end up as the same bytes. This is deliberately not full NFC:
 * we compose the Latin letters that occur in Danish and in the names the
 * corpus mentions, and leave every other combining sequence alone (the
 * tokeniser keeps combining marks inside words, so nothing is lost). */
#include "spor/text/normalise.h"

#include <stdint.h>

#include "spor/text/utf8.h"

/* A base letter plus one combining mark that has a precomposed form. */
typedef struct composition {
    char base;
    uint16_t mark;
    uint16_t composed;
} composition;

#define MARK_GRAVE 0x0300
#define MARK_ACUTE 0x0301
#define MARK_CIRCUMFLEX 0x0302
#define MARK_TILDE 0x0303
#define MARK_DIAERESIS 0x0308
#define MARK_RING 0x030A
#define MARK_CARON 0x030C
#define MARK_CEDILLA 0x0327
#define MARK_SOLIDUS 0x0338 /* how some PDFs build ø: o + long solidus */

static const composition COMPOSITIONS[] = {
    {'A', MARK_GRAVE, 0xC0}, {'E', MARK_GRAVE, 0xC8}, {'I', MARK_GRAVE, 0xCC},
    {'O', MARK_GRAVE, 0xD2}, {'U', MARK_GRAVE, 0xD9},
    {'a', MARK_GRAVE, 0xE0}, {'e', MARK_GRAVE, 0xE8}, {'i', MARK_GRAVE, 0xEC},
    {'o', MARK_GRAVE, 0xF2}, {'u', MARK_GRAVE, 0xF9},

    {'A', MARK_ACUTE, 0xC1}, {'E', MARK_ACUTE, 0xC9}, {'I', MARK_ACUTE, 0xCD},
    {'O', MARK_ACUTE, 0xD3}, {'U', MARK_ACUTE, 0xDA}, {'Y', MARK_ACUTE, 0xDD},
    {'a', MARK_ACUTE, 0xE1}, {'e', MARK_ACUTE, 0xE9}, {'i', MARK_ACUTE, 0xED},
    {'o', MARK_ACUTE, 0xF3}, {'u', MARK_ACUTE, 0xFA}, {'y', MARK_ACUTE, 0xFD},
    {'C', MARK_ACUTE, 0x0106}, {'c', MARK_ACUTE, 0x0107},
    {'N', MARK_ACUTE, 0x0143}, {'n', MARK_ACUTE, 0x0144},
    {'S', MARK_ACUTE, 0x015A}, {'s', MARK_ACUTE, 0x015B},
    {'Z', MARK_ACUTE, 0x0179}, {'z', MARK_ACUTE, 0x017A},

    {'A', MARK_CIRCUMFLEX, 0xC2}, {'E', MARK_CIRCUMFLEX, 0xCA},
    {'I', MARK_CIRCUMFLEX, 0xCE}, {'O', MARK_CIRCUMFLEX, 0xD4},
    {'U', MARK_CIRCUMFLEX, 0xDB},
    {'a', MARK_CIRCUMFLEX, 0xE2}, {'e', MARK_CIRCUMFLEX, 0xEA},
    {'i', MARK_CIRCUMFLEX, 0xEE}, {'o', MARK_CIRCUMFLEX, 0xF4},
    {'u', MARK_CIRCUMFLEX, 0xFB},

    {'A', MARK_TILDE, 0xC3}, {'N', MARK_TILDE, 0xD1}, {'O', MARK_TILDE, 0xD5},
    {'a', MARK_TILDE, 0xE3}, {'n', MARK_TILDE, 0xF1}, {'o', MARK_TILDE, 0xF5},

    {'A', MARK_DIAERESIS, 0xC4}, {'E', MARK_DIAERESIS, 0xCB},
    {'I', MARK_DIAERESIS, 0xCF}, {'O', MARK_DIAERESIS, 0xD6},
    {'U', MARK_DIAERESIS, 0xDC}, {'Y', MARK_DIAERESIS, 0x0178},
    {'a', MARK_DIAERESIS, 0xE4}, {'e', MARK_DIAERESIS, 0xEB},
    {'i', MARK_DIAERESIS, 0xEF}, {'o', MARK_DIAERESIS, 0xF6},
    {'u', MARK_DIAERESIS, 0xFC}, {'y', MARK_DIAERESIS, 0xFF},

    {'A', MARK_RING, 0xC5}, {'a', MARK_RING, 0xE5},
    {'U', MARK_RING, 0x016E}, {'u', MARK_RING, 0x016F},

    {'C', MARK_CARON, 0x010C}, {'c', MARK_CARON, 0x010D},
    {'E', MARK_CARON, 0x011A}, {'e', MARK_CARON, 0x011B},
    {'N', MARK_CARON, 0x0147}, {'n', MARK_CARON, 0x0148},
    {'R', MARK_CARON, 0x0158}, {'r', MARK_CARON, 0x0159},
    {'S', MARK_CARON, 0x0160}, {'s', MARK_CARON, 0x0161},
    {'Z', MARK_CARON, 0x017D}, {'z', MARK_CARON, 0x017E},

    {'C', MARK_CEDILLA, 0xC7}, {'c', MARK_CEDILLA, 0xE7},

    {'O', MARK_SOLIDUS, 0xD8}, {'o', MARK_SOLIDUS, 0xF8},
};

static uint32_t compose(char base, uint32_t mark)
{
    for (size_t i = 0; i < sizeof COMPOSITIONS / sizeof COMPOSITIONS[0]; i++)
        if (COMPOSITIONS[i].base == base && COMPOSITIONS[i].mark == mark)
            return COMPOSITIONS[i].composed;
    return 0;
}

/* Invisible format characters: they split or glue words at random in PDF
 * output and mean nothing to a reader. */
static int is_dropped(uint32_t cp)
{
    return cp == 0x00AD                      /* soft hyphen */
           || (cp >= 0x200B && cp <= 0x200F) /* zero-width space/joiners, LRM, RLM */
           || cp == 0x2060                   /* word joiner */
           || cp == 0xFEFF;                  /* BOM / zero-width no-break space */
}

static const char *ligature(uint32_t cp)
{
    switch (cp) {
    case 0xFB00: return "ff";
    case 0xFB01: return "fi";
    case 0xFB02: return "fl";
    case 0xFB03: return "ffi";
    case 0xFB04: return "ffl";
    case 0xFB05: return "st"; /* long s + t */
    case 0xFB06: return "st";
    default: return NULL;
    }
}

spor_status norm_line(const char *in, size_t len, sbuf *out)
{
    size_t before = out->len;
    size_t i = 0;
    /* Set while the last byte written is an ASCII letter a following
     * combining mark may merge with. */
    int composable = 0;

    /* Output is never longer than input except for ligatures (3 bytes in,
     * up to 3 out) and invalid bytes (1 in, 3 out); reserving len covers
     * ordinary lines in a single allocation. */
    if (sbuf_reserve(out, len) != SPOR_OK)
        return SPOR_ENOMEM;

    while (i < len) {
        size_t adv;
        uint32_t cp = utf8_decode(in + i, len - i, &adv);
        spor_status st = SPOR_OK;
        char enc[4];
        i += adv;

        if (cp == UTF8_INVALID)
            cp = UTF8_REPLACEMENT;

        if (cp < 0x80 && cp != 0x7F) {
            char c = (char)cp;
            if (cp < 0x20 && cp != '\t')
                c = ' ';
            st = sbuf_append_char(out, c);
            composable = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        } else if (is_dropped(cp)) {
            /* Transparent: "a" + soft hyphen + ring still composes. */
            continue;
        } else if (cp >= 0x0300 && cp <= 0x036F && composable) {
            uint32_t c = compose(out->data[out->len - 1], cp);
            if (c) {
                out->len--;
                st = sbuf_append(out, enc, utf8_encode(c, enc));
            } else {
                st = sbuf_append(out, enc, utf8_encode(cp, enc));
            }
            composable = 0;
        } else {
            const char *lig = ligature(cp);
            composable = 0;
            if (lig)
                st = sbuf_append_str(out, lig);
            else if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
                st = sbuf_append_char(out, ' ');
            else if (utf8_is_space(cp))
                st = sbuf_append_char(out, ' ');
            else if (cp == 0x2018 || cp == 0x2019)
                st = sbuf_append_char(out, '\'');
            else if (cp == 0x2010 || cp == 0x2011)
                st = sbuf_append_char(out, '-');
            else
                st = sbuf_append(out, enc, utf8_encode(cp, enc));
        }
        if (st != SPOR_OK) {
            out->len = before;
            if (out->data)
                out->data[before] = '\0';
            return st;
        }
    }
    return SPOR_OK;
}
