/* The compound splits kept on the index handle (see splits.h): a map
 * from word to where its parts are in one buffer, filled as words are
 * looked up, up to a size, then only read. */
#include "splits.h"

#include <stdlib.h>

#include "spor/store/schema.h"
#include "spor/text/strmap.h"

/* Words kept: the distinct words of the passages a long batch shows, a
 * few MB; past it a word is looked up in the index each time, as before. */
#define SPLITS_MAX_WORDS (1u << 18)
/* Bytes of parts kept; offsets into them are 32-bit map values. */
#define SPLITS_MAX_BYTES (16u << 20)

/* Keeps word's answer: 1 + the offset of its parts, or 0 for none. A
 * full or failing cache is only slower, so a failure here is no error. */
static void remember(spor_index *ix, const char *word, size_t len,
                     const char *parts, size_t plen)
{
    if (!ix->splits && smap_new(&ix->splits) != SPOR_OK)
        return;
    if (smap_size(ix->splits) >= SPLITS_MAX_WORDS ||
        ix->split_parts.len + plen + 1 > SPLITS_MAX_BYTES)
        return;
    uint32_t value = 0;
    if (parts) {
        value = (uint32_t)ix->split_parts.len + 1;
        if (sbuf_append(&ix->split_parts, parts, plen) ||
            sbuf_append_char(&ix->split_parts, '\0'))
            return;
    }
    (void)smap_add(ix->splits, word, len, value);
}

int splits_get(spor_index *ix, const char *word, size_t len, sbuf *parts)
{
    sbuf_reset(parts);
    int known = 0;
    uint32_t at = ix->splits ? smap_get(ix->splits, word, len, &known) : 0;
    if (known) {
        if (!at)
            return 0;
        return sbuf_append_str(parts, ix->split_parts.data + at - 1) ? -1
                                                                      : 1;
    }
    if (sbuf_append_str(parts, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(parts, word, len))
        return -1;
    char *val = NULL;
    size_t vlen = 0;
    xc_error xe;
    xc_status xs = xc_db_get_metadata(ix->db, parts->data, &val, &vlen, &xe);
    sbuf_reset(parts);
    if (xs == XC_ENOTFOUND) {
        remember(ix, word, len, NULL, 0);
        return 0;
    }
    if (xs != XC_OK)
        return -1;
    int st = sbuf_append(parts, val, vlen) ? -1 : 1;
    if (st == 1)
        remember(ix, word, len, val, vlen);
    free(val);
    return st;
}
