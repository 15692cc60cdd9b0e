/* Line normalisation: the character-level clean-up every line of a document
 * and every query goes through, so that text copied from a PDF (decomposed
 * "å", ligatures, soft hyphens, NBSP, curly apostrophes) and text typed on
 * a keyboard end up as the same bytes. The Unicode knowledge is utf8proc's
 * (canonical composition and decomposition, the ligatures' compatibility
 * forms); the choices are ours. It is not full NFC: a combining mark is
 * composed onto the ASCII letter just before it and nowhere else (a second
 * mark, or a mark after a precomposed letter, stays as it is: the
 * tokeniser keeps combining marks inside words, so nothing is lost), and
 * the marks are not reordered; every other character is put in its NFC
 * form on its own (the Ångström sign becomes Å). Beyond Unicode: o + long
 * solidus becomes ø, as some PDFs build it, and the invisible characters
 * and typographic variants below are dropped or mapped to ASCII. */
#include "spor/text/normalise.h"

#include <stdint.h>
#include <utf8proc.h>

#include "spor/text/utf8.h"

#define MARK_SOLIDUS 0x0338 /* how some PDFs build ø: o + long solidus */

/* Longest canonical or compatibility decomposition of one code point
 * (Unicode's is 18, for U+FDFA; NFC of one code point is far shorter). */
#define NORM_MAX_DECOMP 18

/* The precomposed letter for ASCII letter base + combining mark, or 0. */
static uint32_t compose(char base, uint32_t mark)
{
    utf8proc_int32_t pair[2] = {(unsigned char)base, (utf8proc_int32_t)mark};

    if (mark == MARK_SOLIDUS && (base == 'o' || base == 'O'))
        return base == 'o' ? 0xF8 : 0xD8; /* ø has no decomposition */
    if (utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE) != 1)
        return 0;
    return (uint32_t)pair[0];
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

/* The Latin ligatures (ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ): PDF text of typeset Danish is full of
 * them. Other compatibility characters (m², ½, fullwidth letters) keep
 * their form: NFKC would fold "m²" into "m2". */
static int is_ligature(uint32_t cp)
{
    return cp >= 0xFB00 && cp <= 0xFB06;
}

/* Decomposes cp into buf (NORM_MAX_DECOMP long), into its compatibility
 * form when compat is set, and recomposes canonically; returns the length
 * of the result (cp itself when utf8proc cannot say). */
static utf8proc_ssize_t decompose(uint32_t cp, int compat,
                                  utf8proc_int32_t *buf)
{
    int boundclass = 0;
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | (compat ? UTF8PROC_COMPAT : 0);
    utf8proc_ssize_t n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf,
                                                 NORM_MAX_DECOMP, opt,
                                                 &boundclass);
    if (n >= 1 && n <= NORM_MAX_DECOMP)
        n = utf8proc_normalize_utf32(buf, n, UTF8PROC_COMPOSE);
    if (n < 1 || n > NORM_MAX_DECOMP) {
        buf[0] = (utf8proc_int32_t)cp;
        n = 1;
    }
    return n;
}

/* 1 when NFC may change cp on its own: it has a canonical decomposition
 * and is not in Latin-1, Latin Extended or the combining marks, where every
 * such letter is its own composed form. */
static int nfc_may_change(uint32_t cp)
{
    if (cp < 0x0340)
        return 0;
    const utf8proc_property_t *p = utf8proc_get_property((utf8proc_int32_t)cp);
    return p->decomp_seqindex != UINT16_MAX && p->decomp_type == 0;
}

/* Appends cp in its NFC form (its compatibility form for a ligature). */
static spor_status append_nfc(sbuf *out, uint32_t cp)
{
    char enc[4];
    utf8proc_int32_t buf[NORM_MAX_DECOMP];
    utf8proc_ssize_t n;

    if (!is_ligature(cp) && !nfc_may_change(cp))
        return sbuf_append(out, enc, utf8_encode(cp, enc));
    n = decompose(cp, is_ligature(cp), buf);
    for (utf8proc_ssize_t k = 0; k < n; k++)
        if (sbuf_append(out, enc, utf8_encode((uint32_t)buf[k], enc)))
            return SPOR_ENOMEM;
    return SPOR_OK;
}

/* Length of the run of printable ASCII at s[0..len): copied as it is. */
static size_t printable_ascii(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && (unsigned char)s[n] >= 0x20 && (unsigned char)s[n] < 0x7F)
        n++;
    return n;
}

static int is_ascii_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

spor_status norm_line(const char *in, size_t len, sbuf *out)
{
    size_t before = out->len;
    size_t i = 0;
    spor_status st = SPOR_OK;
    /* Set while the last byte written is an ASCII letter a following
     * combining mark may merge with. */
    int composable = 0;

    /* Output is never longer than input except for ligatures (3 bytes in,
     * up to 3 out) and invalid bytes (1 in, 3 out); reserving len covers
     * ordinary lines in a single allocation. */
    if (sbuf_reserve(out, len) != SPOR_OK)
        return SPOR_ENOMEM;

    while (i < len) {
        size_t adv = printable_ascii(in + i, len - i);
        uint32_t cp;

        if (adv > 0) {
            /* Most of every line: one append per run. */
            st = sbuf_append(out, in + i, adv);
            composable = is_ascii_letter(in[i + adv - 1]);
            i += adv;
            if (st != SPOR_OK)
                goto fail;
            continue;
        }
        cp = utf8_decode(in + i, len - i, &adv);
        i += adv;

        if (cp == UTF8_INVALID)
            cp = UTF8_REPLACEMENT;

        if (cp < 0x80 && cp != 0x7F) {
            /* Controls: tab stays (tab tables are text structure). */
            st = sbuf_append_char(out, cp == '\t' ? '\t' : ' ');
            composable = 0;
        } else if (is_dropped(cp)) {
            /* Transparent: "a" + soft hyphen + ring still composes. */
            continue;
        } else if (cp >= 0x0300 && cp <= 0x036F && composable) {
            char enc[4];
            uint32_t c = compose(out->data[out->len - 1], cp);
            if (c) {
                out->len--;
                st = sbuf_append(out, enc, utf8_encode(c, enc));
            } else {
                st = sbuf_append(out, enc, utf8_encode(cp, enc));
            }
            composable = 0;
        } else {
            composable = 0;
            if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
                st = sbuf_append_char(out, ' ');
            else if (utf8_is_space(cp))
                st = sbuf_append_char(out, ' ');
            else if (cp == 0x2018 || cp == 0x2019)
                st = sbuf_append_char(out, '\'');
            else if (cp == 0x2010 || cp == 0x2011)
                st = sbuf_append_char(out, '-');
            else
                st = append_nfc(out, cp);
        }
        if (st != SPOR_OK)
            goto fail;
    }
    return SPOR_OK;

fail:
    out->len = before;
    if (out->data)
        out->data[before] = '\0';
    return st;
}
