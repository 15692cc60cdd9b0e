/* Character-level clean-up of one line of text, before tokenising and
 * segmentation: the same clean-up runs on documents and on queries, so a
 * word typed in a query meets the word as it was indexed. */
#ifndef SPOR_NORMALISE_H
#define SPOR_NORMALISE_H

#include <stddef.h>
#include "spor/text/buf.h"

/* Appends a normalised copy of in[0..len) (valid UTF-8, one line, no '\n')
 * to out:
 *  - composes an ASCII letter and the combining mark after it into its
 *    precomposed letter (a + U+030A → å, o + U+0308 → ö, z + U+0307 → ż,
 *    and o + U+0338 → ø, as PDFs build it), and puts every other character
 *    in its NFC form on its own (U+212B Ångström sign → Å): close to NFC,
 *    not a full Unicode normaliser (a second mark is left as it is);
 *  - drops soft hyphens (U+00AD), zero-width characters and the BOM;
 *  - expands ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ) to their compatibility forms; other
 *    compatibility characters (m², ½) are kept;
 *  - maps NBSP and the other Unicode spaces to ' ' (tabs are kept: tab
 *    tables are text structure);
 *  - maps typographic apostrophes (U+2019, U+2018) to ASCII ', and the
 *    non-breaking and figure hyphens (U+2011, U+2010) to '-';
 *  - replaces C0/C1 control characters other than tab with ' '.
 * Quotes, dashes (– —) and all letters are otherwise left as they are. */
spor_status norm_line(const char *in, size_t len, sbuf *out);

#endif
