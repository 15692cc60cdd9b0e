/* Lines whose place names say nothing about what a passage is about, told
 * by their shape: addresses and contact lines (a colophon's "2300 København
 * S" is where the publisher sits, not what the report discusses) and
 * tables of contents (a list of every chapter's places). */
#include "places_int.h"

#include <string.h>

/* A contact line is short; a longer line is prose that happens to give a
 * phone number or an address, and its places count. */
#define PL_CONTACT_MAX_WORDS 40
/* A postcode line: postcode, town, and at most a district letter or two
 * ("2300 København S", "8000 Aarhus C"). */
#define PL_POSTCODE_MAX_AFTER 3
/* A street line: the street, its number, perhaps a floor ("Weidekampsgade
 * 10", "Rådhuspladsen 2, 1. sal"). */
#define PL_STREET_MAX_WORDS 5
/* A table of contents: at least this many entry lines, making up at least
 * PL_TOC_SHARE percent of the text's lines, their page numbers mostly
 * rising (at least PL_TOC_RISING percent of neighbouring pairs). */
#define PL_TOC_MIN_LINES 3
#define PL_TOC_SHARE 60
#define PL_TOC_RISING 65
/* A page number has at most this many digits (a year has four). */
#define PL_PAGE_DIGITS 3

typedef struct span {
    const char *p;
    size_t n;
} span;

/* Splits s[0..n) at spaces, tabs and table bars into at most max words. */
static size_t split(const char *s, size_t n, span *w, size_t max)
{
    size_t k = 0, i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '|'))
            i++;
        size_t start = i;
        while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '|')
            i++;
        if (i > start) {
            if (k < max)
                w[k].p = s + start, w[k].n = i - start;
            k++;
        }
    }
    return k;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static size_t leading_digits(span w)
{
    size_t i = 0;
    while (i < w.n && is_digit(w.p[i]))
        i++;
    return i;
}

static int upper_initial(span w)
{
    unsigned char c = (unsigned char)w.p[0];
    /* Æ Ø Å and accented capitals are C3 80..9E in UTF-8. */
    return (c >= 'A' && c <= 'Z') ||
           (c == 0xC3 && w.n > 1 && (unsigned char)w.p[1] < 0x9F);
}

/* w without trailing . , : ; and lower-cased ASCII, into buf. */
static const char *bare(span w, char *buf, size_t cap)
{
    size_t n = w.n;
    while (n && (w.p[n - 1] == '.' || w.p[n - 1] == ',' ||
                 w.p[n - 1] == ':' || w.p[n - 1] == ';'))
        n--;
    if (n >= cap)
        n = cap - 1;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)(w.p[i] >= 'A' && w.p[i] <= 'Z' ? w.p[i] + 32 : w.p[i]);
    buf[n] = '\0';
    return buf;
}

static int word_in(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(w, list[i]))
            return 1;
    return 0;
}

/* Phone, e-mail, company number, ISBN and the like, anywhere in the line. */
static int contact_word(span w)
{
    static const char *const labels[] = {
        "tlf", "telefon", "tel", "fax", "mobil", "mobiltelefon", "e-mail",
        "email", "mail", "cvr", "cvr-nr", "ean", "ean-nr", "isbn", "issn",
        "p-nr", "giro"};
    char buf[32];
    if (word_in(bare(w, buf, sizeof buf), labels,
                sizeof labels / sizeof labels[0]))
        return 1;
    const char *at = memchr(w.p, '@', w.n);
    return at && at > w.p && memchr(at, '.', (size_t)(w.p + w.n - at));
}

/* A Danish postcode: four digits, not starting with 0. */
static int postcode(span w)
{
    size_t n = w.n && w.p[w.n - 1] == ',' ? w.n - 1 : w.n;
    return n == 4 && leading_digits(w) == 4 && w.p[0] != '0';
}

/* "2300 København S" alone, or after a comma ("Vej 2, 8000 Aarhus C"). */
static int postcode_line(const span *w, size_t k)
{
    for (size_t i = 0; i + 1 < k; i++) {
        if (!postcode(w[i]) || !(i == 0 || w[i - 1].p[w[i - 1].n - 1] == ','))
            continue;
        size_t after = k - i - 1;
        if (after > PL_POSTCODE_MAX_AFTER || !upper_initial(w[i + 1]))
            continue;
        int ok = 1;
        for (size_t j = i + 1; j < k; j++)
            ok &= upper_initial(w[j]);
        if (ok)
            return 1;
    }
    return 0;
}

/* A street name followed by its house number ("Weidekampsgade 10"). */
static int street_line(const span *w, size_t k)
{
    static const char *const ends[] = {
        "gade", "vej", "allé", "alle", "plads", "pladsen", "stræde", "torv",
        "torvet", "boulevard", "vænge", "vænget", "kaj", "kajen", "bakke",
        "bakken", "stien", "huse", "straße", "street", "road"};
    if (k > PL_STREET_MAX_WORDS)
        return 0;
    for (size_t i = 0; i + 1 < k; i++) {
        size_t d = leading_digits(w[i + 1]);
        if (!d || d > 4 || !upper_initial(w[0]))
            continue;
        char buf[64];
        const char *name = bare(w[i], buf, sizeof buf);
        size_t nl = strlen(name);
        for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++) {
            size_t el = strlen(ends[e]);
            if (nl >= el && !strcmp(name + nl - el, ends[e]))
                return 1;
        }
    }
    return 0;
}

int pl_address_line(const char *s, size_t n)
{
    span w[PL_CONTACT_MAX_WORDS + 1];
    size_t k = split(s, n, w, PL_CONTACT_MAX_WORDS + 1);
    if (k == 0 || k > PL_CONTACT_MAX_WORDS)
        return 0;
    char b0[32], b1[32];
    if (k > 1 && !strcmp(bare(w[0], b0, sizeof b0), "udgivet") &&
        !strcmp(bare(w[1], b1, sizeof b1), "af"))
        return 1;
    for (size_t i = 0; i < k; i++)
        if (contact_word(w[i]))
            return 1;
    return postcode_line(w, k) || street_line(w, k);
}

/* The page number a contents line ends in ("Forord ..... 4",
 * "FORORD | 4"), or -1: a number of at most PL_PAGE_DIGITS digits after
 * words with letters, with at most one other number (a second column). */
static long contents_entry(const char *s, size_t n)
{
    span w[64];
    size_t k = split(s, n, w, 64);
    if (k < 2 || k > 64)
        return -1;
    span last = w[k - 1];
    size_t d = leading_digits(last);
    if (d == 0 || d != last.n || d > PL_PAGE_DIGITS)
        return -1;
    size_t numbers = 0, letters = 0;
    for (size_t i = 0; i < k; i++) {
        size_t ld = leading_digits(w[i]);
        if (ld && ld == w[i].n)
            numbers++;
        else if (w[i].p[0] != '.')
            letters++;
    }
    if (numbers > 2 || letters == 0)
        return -1;
    long v = 0;
    for (size_t i = 0; i < d; i++)
        v = v * 10 + (last.p[i] - '0');
    return v;
}

int pl_contents(const char *text, size_t len)
{
    size_t lines = 0, entries = 0, pairs = 0, rising = 0;
    long prev = -1;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        span w[1];
        if (split(p, n, w, 1)) {
            lines++;
            long page = contents_entry(p, n);
            if (page >= 0) {
                entries++;
                if (prev >= 0) {
                    pairs++;
                    rising += page >= prev;
                }
                prev = page;
            }
        }
        p = nl ? nl + 1 : end;
    }
    return entries >= PL_TOC_MIN_LINES && entries * 100 >= lines * PL_TOC_SHARE &&
           rising * 100 >= pairs * PL_TOC_RISING;
}

/* A contact block (a colophon, the contact persons of a case): at least
 * this many address lines, and at least a quarter of the lines. */
#define PL_CONTACT_MIN_LINES 3
#define PL_CONTACT_SHARE 25

spor_status pl_find_content(const pl_gazetteer *g, const char *text,
                            size_t len, pl_set *out)
{
    if (pl_contents(text, len))
        return SPOR_OK;
    size_t lines = 0, contact = 0;
    const char *p = text, *end = text + len;
    for (; p < end; lines++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        contact += pl_address_line(p, n) != 0;
        p = nl ? nl + 1 : end;
    }
    if (contact >= PL_CONTACT_MIN_LINES &&
        contact * 100 >= lines * PL_CONTACT_SHARE)
        return SPOR_OK;
    for (p = text; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (!pl_address_line(p, n)) {
            spor_status st = pl_find(g, p, n, PL_FIND_TEXT, out);
            if (st)
                return st;
        }
        p = nl ? nl + 1 : end;
    }
    return SPOR_OK;
}
