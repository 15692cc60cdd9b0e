/* Copies among a search's hits, shared inside the query layer: the corpus
 * may hold one report twice (a clean text and a raw PDF extraction). The
 * indexer puts copies of a passage in one copy group (copies.h); Xapian
 * collapses each group to its best hit, and the hit lists the group's
 * other passages in also_in. Copies the groups missed are folded here
 * among the candidates. */
#ifndef SPOR_QUERY_COLLAPSE_H
#define SPOR_QUERY_COLLAPSE_H

#include <stddef.h>
#include "candidate.h"
#include "index_priv.h"
#include "spor/query/results.h"

/* Sets the also_in of each page hit hits[k] (candidate c[page[k]],
 * k < n) to the ids of the other passages in its copy group (its
 * copy_key): the copies Xapian collapsed into it, and any that did not
 * match the query at all. One search for the whole page, whatever the
 * number of hits and copies: over remote shards each request is a round
 * trip. */
spor_status clp_page_copies(spor_index *ix, const cand_passage *c,
                            const size_t *page, size_t n, spor_hit *hits,
                            spor_err *err);

/* Copies the collapse keys missed: a passage of the raw PDF copy can span
 * two passages of the clean copy, and a copy group holds only one passage
 * per document. Among the candidates c[0..n), a passage mostly contained
 * in a higher-ranked one (cp_are_copies) is folded into the first such
 * one that is not itself folded: copy_of[j] = i, or -1. chain[] links
 * each kept candidate to its first folded copy and each folded copy to
 * the next copy of the same candidate (-1 ends a chain), so that the
 * copies of a hit are listed without a pass over all candidates.
 * SPOR_ENOMEM when memory runs out. */
spor_status clp_fold(const cand_passage *c, size_t n, long *copy_of,
                     long *chain);

/* Adds the ids of the candidates folded into candidate i (chain, from
 * clp_fold) to h->also_in. SPOR_ENOMEM when memory runs out. */
spor_status clp_add_folded(const cand_passage *c, const long *chain,
                           size_t i, spor_hit *h);

#endif
