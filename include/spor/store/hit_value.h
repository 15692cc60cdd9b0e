/* The hit value (SCHEMA_SLOT_HIT): everything a search reads of a
 * candidate passage, in one value, so that it comes back with the match
 * as the hit's sort key. Over remote shards Xapian 1.4 fetches documents
 * one request each (MSet::fetch does not pipeline them), and a search
 * reads some 3 × the page + 20 candidates; as a sort key the same bytes
 * travel inside the shard's one answer to the match.
 *
 * Layout: the passage id and its compound splits (passage_splits.h), each
 * a varint length and the bytes, the non-prose share and navigation mark
 * (HITV_PROSE_LEN bytes: schema_double_value's 8 bytes, zeros when 0,
 * and the navigation mark byte, 0 when the passage is not navigation),
 * then the stored record (schema_record_encode) to the end: its only
 * copy, which schema_hit_record reads. */
#ifndef SPOR_STORE_HIT_VALUE_H
#define SPOR_STORE_HIT_VALUE_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/text/status.h"

#define HITV_PROSE_LEN 9

typedef struct hit_view {
    const char *id, *splits, *record;
    size_t id_len, splits_len, record_len;
    /* the non-prose share (schema_double_value; zeros when 0), then its
     * navigation mark or 0 */
    unsigned char nonprose[HITV_PROSE_LEN];
} hit_view;

/* The value of v, appended to out. */
spor_status hitv_encode(const hit_view *v, sbuf *out);
/* The parts of value[0..len), pointing into it; SPOR_EINDEX when it is
 * malformed. */
spor_status hitv_decode(const char *value, size_t len, hit_view *out);

#endif
