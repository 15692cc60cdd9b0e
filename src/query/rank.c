/* Prose prior and query coverage (see rank.h); the non-prose share the
 * prior weighs is measured by the text layer (prose.h) when a passage is
 * indexed. Coverage answers what BM25 cannot see: BM25 adds its terms'
 * weights, so a passage saying one rare query word three times can
 * outscore one that says every query word once. */
#include "spor/query/rank.h"

#include <math.h>

/* How much a wholly non-prose passage loses: a table of contents keeps
 * half its score, so it still shows when nothing better matches. */
#define RANK_NONPROSE_PENALTY 0.5

/* Exponent of the coverage factor: a passage matching the query words
 * that carry half the query's weight keeps half its score. Lucene's
 * classic coordination factor is the same idea, counting words instead
 * of weighing them. Evaluation (27 queries): nDCG 0.795 → 0.809, four
 * queries up (g21 +0.31), three down (g25 −0.08); exponent 0.5: 0.807. */
#define RANK_COVERAGE_EXPONENT 1.0
/* The share of a word's top weight (the most it adds to any candidate)
 * at which a passage counts as saying the word in full. BM25's length
 * normalisation and saturating term frequency keep an ordinary mention
 * within a factor of 2-3 of the best, while the weak ways of matching sit
 * lower: one part of a compound alone, the word in a title only. */
#define RANK_COVERAGE_FULL_SHARE 0.25

double rank_prior(double nonprose)
{
    return 1.0 - RANK_NONPROSE_PENALTY * nonprose;
}

double rank_coverage(const double *top, const double *got,
                     const unsigned char *headed, size_t n)
{
    double all = 0, covered = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(top[i] > 0))
            continue;
        all += top[i];
        double credit = headed && headed[i]
                            ? 1.0
                            : got[i] / (RANK_COVERAGE_FULL_SHARE * top[i]);
        covered += top[i] * (credit < 1.0 ? credit : 1.0);
    }
    return all > 0 ? covered / all : 1.0;
}

double rank_coverage_factor(double coverage)
{
    return pow(coverage, RANK_COVERAGE_EXPONENT);
}
