/* Prose prior and query coverage (see rank.h). The prose measure is
 * deliberately simple and language-neutral: it counts tokens that belong
 * to numbers, links and table cells, words on short lines that end no
 * sentence (lists), and how many words go by without a sentence ending.
 * Coverage answers what BM25 cannot see: BM25 adds its terms' weights, so
 * a passage saying one rare query word three times can outscore one that
 * says every query word once. */
#include "spor/query/rank.h"

#include <math.h>
#include <string.h>

#include "spor/text/tokenise.h"

/* A prose sentence rarely runs past this many words; a longer stretch
 * without '.', '!', '?' or ':' is a list, a heading run or a table. */
#define RANK_SENTENCE_WORDS 40
/* A line this short without a sentence ending is a list item, a heading
 * or a table row: an itinerary or a table of contents, not an answer. */
#define RANK_LIST_LINE_WORDS 10

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

/* 1 when the token at text[start..] is inside a URL or an e-mail address:
 * the run of non-space characters around it holds "://", "www.", "@" or a
 * slash-separated path. */
static int in_link(const char *text, size_t len, size_t start)
{
    size_t a = start, b = start;
    while (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n')
        a--;
    while (b < len && text[b] != ' ' && text[b] != '\n')
        b++;
    for (size_t i = a; i < b; i++) {
        if (text[i] == '@' || text[i] == '/')
            return 1;
        if (i + 4 <= b && !strncmp(text + i, "www.", 4))
            return 1;
    }
    return 0;
}

/* Words on short lines that do not end a sentence. */
static size_t list_words(const char *text, size_t len)
{
    size_t total = 0;
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && text[b] != '\n')
            b++;
        size_t e = b;
        while (e > a && (text[e - 1] == ' ' || text[e - 1] == '\t'))
            e--;
        size_t words = tok_count(text + a, b - a);
        char last = e > a ? text[e - 1] : '.';
        if (words <= RANK_LIST_LINE_WORDS && last != '.' && last != '!' &&
            last != '?' && last != ':')
            total += words;
        a = b + 1;
    }
    return total;
}

double rank_nonprose(const char *text, size_t len)
{
    tok_iter it;
    tok_token t;
    size_t words = 0, odd = 0, since_stop = 0, unsentenced = 0, prev_end = 0;
    int cell = 0;
    tok_init(&it, text, len);
    while (tok_next(&it, &t) == 1) {
        /* Punctuation between the previous word and this one. */
        for (size_t i = prev_end; i < t.start; i++) {
            char c = text[i];
            if (c == '.' || c == '!' || c == '?' || c == ':') {
                if (since_stop > RANK_SENTENCE_WORDS)
                    unsentenced += since_stop;
                since_stop = 0;
            }
            if (c == '|')
                cell = 1;
        }
        words++;
        since_stop++;
        int number = 1;
        for (size_t i = 0; i < t.term_len; i++)
            if (!(t.term[i] >= '0' && t.term[i] <= '9') && t.term[i] != '.' &&
                t.term[i] != ',')
                number = 0;
        if (number || cell || in_link(text, len, t.start))
            odd++;
        cell = 0;
        prev_end = t.start + t.len;
    }
    tok_done(&it);
    if (since_stop > RANK_SENTENCE_WORDS)
        unsentenced += since_stop;
    if (!words)
        return 1.0;
    double share = (double)(odd + unsentenced + list_words(text, len)) /
                   (double)words;
    return share > 1.0 ? 1.0 : share;
}

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
