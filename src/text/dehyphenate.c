/* Deciding what a hyphen at the end of a PDF-extracted line means.
 *
 * Danish writes compounds closed ("beskæftigelsesindsats"), so a hyphen
 * between two lower-case halves at a line break is almost always the
 * typesetter's: join. The hyphens that stay are recognisable from their
 * surroundings: a suspended compound part is followed by a conjunction
 * ("Social- og Beskæftigelsesudvalget"); a hyphenated compound involves an
 * acronym, a number or a proper name ("KL-konsulent", "Top600-programmet",
 * "Saint-Denis"); and a few prefixes always take a hyphen ("ikke-vestlig").
 * A lexicon, when the caller has one, settles the lower-case cases the
 * rules would get wrong. Everything here is read-only scanning of the two
 * lines: no allocation, so the decision cannot fail. */
#include "spor/text/dehyphenate.h"

#include <stdint.h>
#include <string.h>

#include "spor/text/utf8.h"

/* Longest joined word we build for a lexicon lookup. Longer words are
 * decided by the rules alone: no Danish word list holds such words. */
#define DEHY_MAX_LOOKUP_BYTES 256

/* Words that follow a suspended compound part: "bolig- og erhvervs...",
 * "job- eller uddannelses...", "social- samt beskæftigelses...",
 * "fra social- til beskæftigelsesområdet", "både social- som ...",
 * "hhv. social- hhv. beskæftigelses...", "mere social- end ...". */
static const char *const SUSPENSION_WORDS[] = {
    "og", "eller", "samt", "til", "som", "hhv", "end",
};

/* Closed compounds that a typesetter may break right before "til" or "som"
 * ("der-" + "til", "lige-" + "som"): without this list they would look
 * like suspended parts. Written as left part + next word. */
static const char *const CLOSED_BEFORE_CONJ[] = {
    "dertil", "hertil", "hidtil", "indtil", "hvortil", "fremtil", "bagtil",
    "udtil", "hentil", "ligesom", "såsom", "eftersom", "hvorsom",
};

/* Prefixes written with a hyphen in Danish whatever follows ("ikke-vestlig",
 * "ikke-medlemmer"). "eks-" is not here: "eks-" + "empel" is a syllable
 * break of "eksempel" far more often than an ex-something. */
static const char *const HYPHEN_PREFIXES[] = {
    "ikke",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int is_word_cp(uint32_t cp)
{
    return utf8_is_letter(cp) || utf8_is_digit(cp);
}

/* Decodes the code point ending at s[end-1]; sets *start to its offset. */
static uint32_t cp_before(const char *s, size_t end, size_t *start)
{
    size_t p = end - 1, adv;
    /* A code point is at most 4 bytes: step back over continuation bytes. */
    while (p > 0 && end - p < 4 && ((unsigned char)s[p] & 0xC0u) == 0x80u)
        p--;
    uint32_t cp = utf8_decode(s + p, end - p, &adv);
    if (cp == UTF8_INVALID || p + adv != end) {
        *start = end - 1;
        return UTF8_REPLACEMENT;
    }
    *start = p;
    return cp;
}

static uint32_t cp_at(const char *s, size_t len, size_t pos, size_t *adv)
{
    uint32_t cp = utf8_decode(s + pos, len - pos, adv);
    return cp == UTF8_INVALID ? UTF8_REPLACEMENT : cp;
}

/* A word of one of the lines, as byte range and what the rules ask of it. */
typedef struct word_info {
    const char *s;
    size_t len;
    int n_letters;
    int all_upper;   /* every letter upper case (and there is one) */
    int first_upper; /* first code point upper case */
    int first_digit;
    int has_digit;
} word_info;

static void describe(word_info *w)
{
    size_t p = 0, adv;
    int first = 1, lower_seen = 0;
    w->n_letters = w->first_upper = w->first_digit = w->has_digit = 0;
    while (p < w->len) {
        uint32_t cp = cp_at(w->s, w->len, p, &adv);
        if (first) {
            w->first_upper = utf8_is_upper(cp);
            w->first_digit = utf8_is_digit(cp);
            first = 0;
        }
        if (utf8_is_digit(cp))
            w->has_digit = 1;
        else if (utf8_is_letter(cp) && !(cp >= 0x0300 && cp <= 0x036F)) {
            w->n_letters++;
            if (!utf8_is_upper(cp))
                lower_seen = 1;
        }
        p += adv;
    }
    w->all_upper = w->n_letters > 0 && !lower_seen;
}

/* Appends the lower-cased bytes of s[0..len) at out[*n], within cap.
 * Returns 0 when it does not fit. */
static int put_lower(char *out, size_t cap, size_t *n, const char *s,
                     size_t len)
{
    size_t p = 0, adv;
    while (p < len) {
        char enc[4];
        size_t k = utf8_encode(utf8_tolower(cp_at(s, len, p, &adv)), enc);
        if (*n + k > cap)
            return 0;
        memcpy(out + *n, enc, k);
        *n += k;
        p += adv;
    }
    return 1;
}

/* Lower-cases left [+ sep] + right into buf; returns the length or 0. */
static size_t build(char *buf, size_t cap, const word_info *l,
                    const char *sep, const word_info *r)
{
    size_t n = 0;
    if (!put_lower(buf, cap, &n, l->s, l->len))
        return 0;
    if (sep && !put_lower(buf, cap, &n, sep, strlen(sep)))
        return 0;
    if (r && !put_lower(buf, cap, &n, r->s, r->len))
        return 0;
    return n;
}

static int in_list(const char *w, size_t n, const char *const *list,
                   size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && memcmp(list[i], w, n) == 0)
            return 1;
    return 0;
}

static int known(const dehy_lexicon *lex, const char *w, size_t n)
{
    return lex && lex->known && n > 0 && lex->known(lex->ctx, w, n);
}

/* The hyphen: last visible character of prev, glued to a word. Sets the
 * word before it and whether the hyphen is a soft one; returns 0 when prev
 * does not end in a hyphenated word. */
static int hyphen_word(const char *prev, size_t prev_len, word_info *left,
                       int *soft)
{
    size_t e = prev_len, p;
    uint32_t cp;
    for (;;) {
        if (e == 0)
            return 0;
        cp = cp_before(prev, e, &p);
        if (!utf8_is_space(cp))
            break;
        e = p;
    }
    *soft = cp == 0x00AD;
    if (cp != '-' && cp != 0x2010 && !*soft)
        return 0;
    e = p;
    size_t ls = e;
    while (ls > 0) {
        cp = cp_before(prev, ls, &p);
        if (!is_word_cp(cp))
            break;
        ls = p;
    }
    if (ls == e) /* " -", "--", a dash: not a broken word */
        return 0;
    left->s = prev + ls;
    left->len = e - ls;
    return 1;
}

/* The first word of next. Returns 0 with *d set when next does not start
 * with one: nothing to decide, or a '&' or '/' that keeps the space. */
static int first_word(const char *next, size_t next_len, word_info *right,
                      dehy_decision *d)
{
    size_t ns = 0, adv;
    uint32_t cp;
    while (ns < next_len) {
        cp = cp_at(next, next_len, ns, &adv);
        if (!utf8_is_space(cp))
            break;
        ns += adv;
    }
    *d = DEHY_NONE;
    if (ns >= next_len)
        return 0;
    cp = cp_at(next, next_len, ns, &adv);
    if (cp == '&' || cp == '/') {
        *d = DEHY_KEEP_SPACE;
        return 0;
    }
    if (!is_word_cp(cp))
        return 0;
    size_t ne = ns;
    while (ne < next_len) {
        cp = cp_at(next, next_len, ne, &adv);
        if (!is_word_cp(cp))
            break;
        ne += adv;
    }
    right->s = next + ns;
    right->len = ne - ns;
    return 1;
}

/* Suspended compound part before a conjunction. Returns 1 with *d set when
 * the right word is one of the conjunctions: the space stays unless the
 * join is a closed compound ("der-" + "til"). */
static int suspended_part(const word_info *right, const char *joined,
                          size_t nj, const dehy_lexicon *lex, dehy_decision *d)
{
    char other[DEHY_MAX_LOOKUP_BYTES];
    size_t no = build(other, sizeof other, right, NULL, NULL);
    if (!no || !in_list(other, no, SUSPENSION_WORDS, COUNT(SUSPENSION_WORDS)))
        return 0;
    int may_close = no == 3 && (memcmp(other, "til", 3) == 0 ||
                                memcmp(other, "som", 3) == 0 ||
                                memcmp(other, "end", 3) == 0);
    if (may_close && nj &&
        (in_list(joined, nj, CLOSED_BEFORE_CONJ, COUNT(CLOSED_BEFORE_CONJ)) ||
         known(lex, joined, nj)))
        *d = DEHY_JOIN;
    else
        *d = DEHY_KEEP_SPACE;
    return 1;
}

/* Hyphens that the shape of the words keeps. Returns 1 with *d set when
 * the shape decides. */
static int kept_by_shape(const word_info *left, const word_info *right,
                         const char *joined, size_t nj,
                         const dehy_lexicon *lex, dehy_decision *d)
{
    /* Acronyms, numbers and codes keep their hyphen: typesetters do not
     * break "KL" or "600" across syllables. A one-letter left part ("A-",
     * "e-") is never a typesetting break either: no hyphenation pattern
     * leaves a single letter behind. */
    if (left->all_upper || left->has_digit || left->n_letters == 1 ||
        right->first_digit) {
        *d = DEHY_KEEP_HYPHEN;
        return 1;
    }
    /* An upper-case start is a name ("Saint-Denis", "Nieuw-West") or an
     * all-caps heading broken mid-word, where joining is a guess; only a
     * lexicon that knows the closed form ("AmsterdamWerkt") joins it. */
    if (right->first_upper) {
        if (!right->all_upper && known(lex, joined, nj))
            *d = DEHY_JOIN;
        else
            *d = DEHY_KEEP_HYPHEN;
        return 1;
    }
    return 0;
}

/* A prefix always written with a hyphen ("ikke-vestlig"). */
static int hyphen_prefix(const word_info *left)
{
    char other[DEHY_MAX_LOOKUP_BYTES];
    size_t no = build(other, sizeof other, left, NULL, NULL);
    return no && in_list(other, no, HYPHEN_PREFIXES, COUNT(HYPHEN_PREFIXES));
}

/* What is left, two lower-case halves: joined, unless a lexicon knows the
 * hyphenated form and not the joined one. */
static dehy_decision by_lexicon(const word_info *left, const word_info *right,
                                const char *joined, size_t nj,
                                const dehy_lexicon *lex)
{
    if (lex && lex->known && nj) {
        if (known(lex, joined, nj))
            return DEHY_JOIN;
        char other[DEHY_MAX_LOOKUP_BYTES];
        size_t no = build(other, sizeof other, left, "-", right);
        if (known(lex, other, no))
            return DEHY_KEEP_HYPHEN;
        /* Not done: "both halves are words, the join is not, so keep the
         * hyphen". Typesetters prefer to break compounds at the seam, so
         * that case is mostly a closed compound the word list lacks: on the
         * bundled report with the system Danish word list it kept
         * "hjemløs-hed", "samlings-punkt" and "handle-plan", and got
         * nothing right that the rules above miss. */
    }
    return DEHY_JOIN;
}

dehy_decision dehy_decide(const char *prev, size_t prev_len,
                          const char *next, size_t next_len,
                          const dehy_lexicon *lex)
{
    word_info left, right;
    int soft;
    dehy_decision d;
    if (!hyphen_word(prev, prev_len, &left, &soft))
        return DEHY_NONE;
    if (!first_word(next, next_len, &right, &d))
        return d;
    describe(&left);
    describe(&right);

    /* A soft hyphen is the typesetter's by definition. */
    if (soft)
        return DEHY_JOIN;

    char joined[DEHY_MAX_LOOKUP_BYTES];
    size_t nj = build(joined, sizeof joined, &left, NULL, &right);
    if (suspended_part(&right, joined, nj, lex, &d) ||
        kept_by_shape(&left, &right, joined, nj, lex, &d))
        return d;
    if (hyphen_prefix(&left))
        return DEHY_KEEP_HYPHEN;
    return by_lexicon(&left, &right, joined, nj, lex);
}
