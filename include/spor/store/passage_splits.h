/* The compound splits of a passage's words, stored with the passage
 * (SCHEMA_SLOT_SPLITS), so that a search highlights a hit's compounds
 * from what comes with the hit instead of asking the index's compound
 * table (spor.split:) word by word: over a remote shard every such
 * question is a round trip, a few hundred for a page of hits.
 *
 * The value lists the first occurrence in the passage text of each word
 * the analyser splits (the words it gives C terms for): the word's
 * ordinal among the text's tokens (tokenise.h) as a varint delta from the
 * previous entry's, the number of parts (one byte), then each part's byte
 * range in the lower-cased word as varints start and length. Words not
 * listed are no compounds. */
#ifndef SPOR_STORE_PASSAGE_SPLITS_H
#define SPOR_STORE_PASSAGE_SPLITS_H

#include <stddef.h>
#include "spor/analysis/analyser.h"
#include "spor/analysis/compound.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"

/* The value for text[0..len) as a's splitter splits its words, appended
 * to out (nothing when a has no splitter or no word splits). */
spor_status psplit_encode(const ana_analyser *a, const char *text,
                          size_t len, sbuf *out);

/* Reads a value entry by entry, in token order. */
typedef struct psplit_iter {
    const unsigned char *p, *end;
    size_t next;   /* token ordinal of the next entry */
    int has_next;  /* 0: no entry left */
} psplit_iter;

void psplit_init(psplit_iter *it, const char *value, size_t len);
/* The split of token ordinal ord (ordinals asked in increasing order):
 * 1 with *out filled when the value lists it, 0 when it does not, -1 when
 * the value is malformed. */
int psplit_at(psplit_iter *it, size_t ord, cpd_split *out);

#endif
