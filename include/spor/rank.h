/* The ranker: what spor adds to Xapian's BM25 when ordering passages.
 * BM25 sees only term statistics; a table of contents or a list of links
 * that repeats the query words scores as well as the paragraph that
 * explains them. The ranker scales each candidate's score by a prior for
 * how much the passage reads as prose, then re-sorts. */
#ifndef SPOR_RANK_H
#define SPOR_RANK_H

#include <stddef.h>

/* Share of the passage that is not prose, in [0, 1]: numbers and page
 * references, URLs and e-mail addresses, table cells, and lines without
 * sentences. */
double rank_nonprose(const char *text, size_t len);

/* The factor a BM25 score is multiplied by for a passage with the given
 * non-prose share. */
double rank_prior(double nonprose);

#endif
