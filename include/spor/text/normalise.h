/* Character-level clean-up of one line of text, before tokenising and
 * segmentation: the same clean-up runs on documents and on queries, so a
 * word typed in a query meets the word as it was indexed. */
#ifndef SPOR_NORMALISE_H
#define SPOR_NORMALISE_H

#include <stddef.h>
#include "spor/text/buf.h"

/* Appends a normalised copy of in[0..len) (valid UTF-8, one line, no '\n')
 * to out:
 *  - composes the decomposed Latin letters that occur in Danish text
 *    (a + U+030A → å, o + U+0308 → ö, e + U+0301 → é, ...): NFC for the
 *    letters that matter, not a full Unicode normaliser;
 *  - drops soft hyphens (U+00AD), zero-width characters and the BOM;
 *  - expands ligatures (ﬁ ﬂ ﬀ ﬃ ﬄ ﬅ ﬆ);
 *  - maps NBSP and the other Unicode spaces to ' ' (tabs are kept: tab
 *    tables are text structure);
 *  - maps typographic apostrophes (U+2019, U+2018) to ASCII ', and the
 *    non-breaking and figure hyphens (U+2011, U+2010) to '-';
 *  - replaces C0/C1 control characters other than tab with ' '.
 * Quotes, dashes (– —) and all letters are otherwise left as they are. */
spor_status norm_line(const char *in, size_t len, sbuf *out);

#endif
