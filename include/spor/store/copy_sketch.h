/* Copy sketches: a small fixed-size summary of a passage's shingle set
 * (copies.h), stored with the passage at indexing, so that an update
 * finds the kept passages a new passage may copy without reading and
 * re-shingling every kept passage's text.
 *
 * The sketch is the passage's CP_SKETCH smallest shingle hashes after a
 * mixing step (a bottom-k sample: a passage of fewer shingles keeps them
 * all). Two passages that share shingles share a sketch value when one of
 * the shared shingles is among the sample of the earlier one; the sketch
 * only names candidates, and the copy decision is the detector's, on the
 * candidates' whole shingle sets. A copy whose shared shingles all fall
 * outside the sample is missed; over every passage of the benchmark's
 * base corpus, in order, 24 values missed none (16 changed 0.5% of the
 * passages' groups, 20 two passages). */
#ifndef SPOR_COPY_SKETCH_H
#define SPOR_COPY_SKETCH_H

#include <stddef.h>
#include <stdint.h>
#include "spor/store/copies.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"

#define CP_SKETCH 24

/* The sketch of s's shingles into out (sorted, distinct); returns how
 * many values (fewer than CP_SKETCH only for a passage of fewer
 * shingles). */
size_t cp_sketch(const cp_shingles *s, uint32_t out[CP_SKETCH]);
/* As stored: 4 bytes a value, little-endian (appended to out). */
spor_status cp_sketch_encode(const uint32_t *v, size_t n, sbuf *out);
/* The values of a stored sketch (at most CP_SKETCH; a length not a
 * multiple of 4 is damage: SPOR_EINDEX). */
spor_status cp_sketch_decode(const void *in, size_t len,
                             uint32_t out[CP_SKETCH], size_t *n);

/* The sketches of passages known only by them (an update's kept
 * passages), numbered 0, 1, ... in the order added. */
typedef struct cp_sketches cp_sketches;

spor_status cp_sketches_new(cp_sketches **out);
void cp_sketches_free(cp_sketches *k);
spor_status cp_sketches_add(cp_sketches *k, const uint32_t *v, size_t n);
/* The passages whose sketch holds one of s's shingles, in the order
 * added, each once, into *ids (valid until the next call); a value held
 * by more than CP_MAX_POSTINGS passages is a stock phrase, not followed,
 * as the detector does not follow one. */
spor_status cp_sketches_candidates(cp_sketches *k, const cp_shingles *s,
                                   const uint32_t **ids, size_t *n);

#endif
