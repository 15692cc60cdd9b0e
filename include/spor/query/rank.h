/* The ranker: what spor adds to Xapian's BM25 when ordering passages.
 * BM25 sees only term statistics; a table of contents or a list of links
 * that repeats the query words scores as well as the paragraph that
 * explains them. The ranker scales each candidate's score by a prior for
 * how much the passage reads as prose and by how much of the query it
 * covers, then re-sorts. */
#ifndef SPOR_RANK_H
#define SPOR_RANK_H

#include <stddef.h>

/* The factor a BM25 score is multiplied by for a passage with the given
 * non-prose share (prose_nonprose, prose.h). */
double rank_prior(double nonprose);

/* How much of the query a passage covers, in [0, 1]. top[i] is the most
 * query word i adds to any candidate (0: the word matches none and does
 * not count), got[i] what it adds to this passage. Each word counts with
 * its top weight, so missing a rare word costs more than missing a common
 * one; a word counts in full once the passage gets a fair share of its
 * top weight, and in proportion below that (a compound's part alone, a
 * word only in the document title). A word the passage's section heading
 * names (headed[i] non-zero; headed may be NULL) counts in full: the
 * passages under "Automatisk nedlukning af maskiner om natten" are about
 * it where they only say "them". 1 when no word counts. */
double rank_coverage(const double *top, const double *got,
                     const unsigned char *headed, size_t n);

/* The factor a score is multiplied by for a passage with that coverage. */
double rank_coverage_factor(double coverage);

#endif
