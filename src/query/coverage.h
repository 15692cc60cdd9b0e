/* Coverage, shared inside the query layer: how much of the query each
 * candidate passage matches, each query word weighed by what it adds to
 * the candidates (rank_coverage), and which words each candidate lacks. */
#ifndef SPOR_QUERY_COVERAGE_H
#define SPOR_QUERY_COVERAGE_H

#include <stddef.h>
#include "candidate.h"
#include "index_priv.h"
#include "qbuild.h"
#include "words.h"

/* Each candidate's coverage of the query (rank_coverage): which query
 * words it matches in any way, each word weighted by the most it adds to
 * any candidate, so that missing a rare word costs more than missing a
 * common one, and which its section heading names. The same weights say
 * which words match no candidate, of which those the index lacks are
 * g->absent, which words each candidate lacks of those some candidate
 * has or g->named names (g->lacks), and whether it lacks a quoted phrase
 * (apart). */
spor_status cov_apply(spor_index *ix, const qb_explain *ex, word_groups *g,
                      cand_passage *c, size_t n, spor_err *err);

#endif
