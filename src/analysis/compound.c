/* Compound splitting (see compound.h): enumerate the ways to cut a word
 * into known parts, score each by the geometric mean of the parts'
 * frequencies, and keep the best if it beats the whole word's frequency. */
#include "spor/analysis/compound.h"

#include <math.h>
#include <string.h>

#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* The whole word competes with this share of its frequency weight. At
 * 1 (Koehn and Knight's rule) a compound common in the corpus is never
 * split: "boligsociale" outnumbers "bolig". A lexicalised word still
 * loses because one of its "parts" is rare ("løse" in "hjemløse").
 * Measured on tests/data/compounds.tsv (precision/recall): 1.0 →
 * 0.923/0.680, 0.5 → 0.921/0.786, 0.3 → 0.915/0.847, 0.1 → 0.903/0.861. */
#define CPD_WHOLE_BIAS 0.3
/* Words shorter than two minimal parts cannot be compounds. */
#define CPD_MIN_WORD_CHARS (2 * CPD_MIN_PART_CHARS)
/* Prefixes and bound forms that look like words but are not parts a
 * searcher would type alone (sam-arbejde, mis-brug, frem-skudt); the stop
 * list covers the prepositions (til-bud, under-visning, efter-værn). */
static const char *const not_parts[] = {
    "an",  "be",   "bi",  "er",   "for",  "fore", "frem", "gen", "hen",
    "mis", "sam",  "und", "van",  "ved",  "bag",  "imod", "ur",  "eks",
    "til", "over", "ind", "ud",   "op",   "af",   "nu",   "ny",  "ge",
    "ingen", "uden", "inden", "sammen", "lige",
    /* Inflected forms of the suffix -hed, which are also words (hede,
     * heath): "hjemløsheden" is hjemløshed + -en, not hjemløs + heden. */
    "heden", "heder", "hedens", "hederne",
};
/* Real words that the corpus lacks are short ones only by accident of the
 * word list ("ove", "res", "tre", "ske"): a part known only from the word
 * list must be at least this long ("tælling", "mangel"). */
#define CPD_MIN_LISTED_PART_CHARS 5
/* Inflectional and derivational endings ("-ene", "-ser", "-hed") are words
 * of three letters too: the head, which carries the inflection, needs at
 * least four. */
#define CPD_MIN_HEAD_CHARS 4

typedef struct search {
    const cpd_lexicon *lex;
    const char *w;
    size_t len;
    cpd_split cur, best;
    double cur_log, best_score;
} search;

static int is_excluded(const cpd_lexicon *lex, const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof not_parts / sizeof *not_parts; i++)
        if (strlen(not_parts[i]) == n && !memcmp(not_parts[i], p, n))
            return 1;
    return lex->stops && stop_contains(lex->stops, p, n);
}

/* No part is longer than the longest word the tokeniser keeps
 * (TOK_MAX_WORD_BYTES): a longer one is in no index and in no sane word
 * list. Bounding the parts keeps a split linear in the word's length; a
 * run of thousands of letters typed as one query word used to be measured
 * and looked up at each of its cuts, quadratic (8,000 letters: 2 s). */
#define CPD_MAX_PART_BYTES TOK_MAX_WORD_BYTES

/* Letters in w[0..n), counting code points. */
static size_t chars(const char *w, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)w[i] & 0xC0) != 0x80;
    return c;
}

/* The frequency weight of a part: frequency + 1 for known words (a word
 * list word counts 1), or -1 when the part is not a word. */
static double part_weight(const search *s, size_t start, size_t n,
                          int is_head)
{
    if (n > CPD_MAX_PART_BYTES)
        return -1;
    size_t c = chars(s->w + start, n);
    if (c < (is_head ? CPD_MIN_HEAD_CHARS : CPD_MIN_PART_CHARS) ||
        is_excluded(s->lex, s->w + start, n))
        return -1;
    long f = s->lex->freq(s->lex->ctx, s->w + start, n);
    if (f < 0 || (f == 0 && c < CPD_MIN_LISTED_PART_CHARS))
        return -1;
    return (double)f + 1.0;
}

static void push(search *s, size_t start, size_t n, double weight)
{
    s->cur.parts[s->cur.n].start = start;
    s->cur.parts[s->cur.n].len = n;
    s->cur.n++;
    s->cur_log += log(weight);
}

static void pop(search *s, double weight)
{
    s->cur.n--;
    s->cur_log -= log(weight);
}

/* Tries every parse of w[from..len) given the parts chosen so far. */
static void explore(search *s, size_t from)
{
    if (s->cur.n >= 1) {
        /* The rest as the head. */
        double h = part_weight(s, from, s->len - from, 1);
        if (h > 0) {
            push(s, from, s->len - from, h);
            double gm = exp(s->cur_log / (double)s->cur.n);
            if (gm > s->best_score) {
                s->best_score = gm;
                s->best = s->cur;
            }
            pop(s, h);
        }
    }
    if (s->cur.n + 1 >= CPD_MAX_PARTS)
        return;
    /* A modifier w[from..cut), maybe with a linking s or e at its end. */
    /* A cut further on makes a modifier too long, even less a linking
     * letter. */
    size_t end = s->len - from > CPD_MAX_PART_BYTES + 2
                     ? from + CPD_MAX_PART_BYTES + 2 : s->len;
    for (size_t cut = from + 1; cut < end; cut++) {
        if (((unsigned char)s->w[cut] & 0xC0) == 0x80)
            continue; /* not a character boundary */
        size_t n = cut - from;
        double m = part_weight(s, from, n, 0);
        if (m > 0) {
            push(s, from, n, m);
            explore(s, cut);
            pop(s, m);
        }
        char last = s->w[cut - 1];
        if ((last == 's' || last == 'e') && n > 1) {
            double ml = part_weight(s, from, n - 1, 0);
            if (ml > 0) {
                push(s, from, n - 1, ml);
                explore(s, cut);
                pop(s, ml);
            }
        }
    }
}

size_t cpd_split_word(const cpd_lexicon *lex, const char *word, size_t len,
                      cpd_split *out)
{
    memset(out, 0, sizeof *out);
    if (chars(word, len) < CPD_MIN_WORD_CHARS)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (!(((unsigned char)word[i]) & 0x80) &&
            !(word[i] >= 'a' && word[i] <= 'z'))
            return 0; /* digits, hyphens: not a plain compound */
    long whole = lex->freq(lex->ctx, word, len);
    search s = {lex, word, len, {0}, {0}, 0.0, 0.0};
    /* The unsplit word competes with its own frequency weight. */
    s.best_score = whole < 0 ? 0.0 : ((double)whole + 1.0) * CPD_WHOLE_BIAS;
    explore(&s, 0);
    if (s.best.n < 2)
        return 0;
    *out = s.best;
    return out->n;
}
