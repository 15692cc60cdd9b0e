/* The segmenter's reading of single lines: the character tests its files
 * share, and the classification of each source line (blank, rule, text;
 * Markdown heading level, bullet, table, bold markers) with its content
 * cut free of indentation, decorations, '#'s and bullet marker. Only the
 * segmenter's files use it, through seg_int.h. */
#include "seg_int.h"

#include <string.h>

#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

uint32_t seg_first_cp(const char *s, size_t n)
{
    if (!n)
        return 0;
    size_t adv;
    return utf8_decode(s, n, &adv);
}

/* The last code point of s[0..n), and its start in *start. */
uint32_t seg_last_cp(const char *s, size_t n, size_t *start)
{
    if (!n) {
        *start = 0;
        return 0;
    }
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    size_t adv;
    *start = i;
    return utf8_decode(s + i, n - i, &adv);
}

int seg_is_lower_cp(uint32_t cp)
{
    return utf8_is_letter(cp) && utf8_toupper(cp) != cp;
}

int seg_is_upper_cp(uint32_t cp)
{
    return utf8_is_letter(cp) && utf8_is_upper(cp);
}

int seg_is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int has_str(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

int seg_starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* Web and mail addresses: link lists are not headings or prose. */
int seg_looks_like_address(const char *s, size_t n)
{
    return seg_starts_with(s, n, "www.") || seg_starts_with(s, n, "<") ||
           seg_starts_with(s, n, "[http") || has_str(s, n, "://") ||
           has_str(s, n, "@");
}

#define PDF_BULLET "\xE2\x80\xA2"   /* • */
#define MIDDLE_DOT "\xC2\xB7"       /* · */
#define SQUARE_BULLET "\xE2\x96\xAA" /* ▪ */
#define DECORATION "\xE2\x80\xBA"   /* ›, a box marker in the KL layout */

static void skip_blanks(const char **s, size_t *n)
{
    while (*n && seg_is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
}

static void skip_decoration(const char **s, size_t *n)
{
    while (seg_starts_with(*s, *n, DECORATION)) {
        *s += 3;
        *n -= 3;
        skip_blanks(s, n);
    }
}

/* A bullet marker followed by a blank; "**bold**" is not a bullet. */
static size_t bullet_marker_len(const char *s, size_t n)
{
    static const char *const markers[] = {"-", "*", "+", PDF_BULLET,
                                          MIDDLE_DOT, SQUARE_BULLET};
    for (size_t i = 0; i < sizeof markers / sizeof markers[0]; i++) {
        size_t k = strlen(markers[i]);
        if (n > k && memcmp(s, markers[i], k) == 0 && seg_is_blank(s[k]))
            return k;
    }
    return 0;
}

/* "---", "***", "___", "===": horizontal rules and setext underlines. */
static int is_rule(const char *s, size_t n)
{
    size_t marks = 0;
    char c = 0;
    for (size_t i = 0; i < n; i++) {
        if (seg_is_blank(s[i]))
            continue;
        if (!strchr("-*_=", s[i]) || (c && s[i] != c))
            return 0;
        c = s[i];
        marks++;
    }
    return marks >= 3;
}

/* A line whose only visible characters are bold markers is markup. */
static int only_markup(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!seg_is_blank(s[i]) && s[i] != '*' && s[i] != '#')
            return 0;
    return 1;
}

static unsigned count_bold(const char *s, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '*' && s[i + 1] == '*') {
            k++;
            i++;
        }
    return k;
}

void seg_classify_line(const rd_line *line, line_info *li)
{
    const char *s = line->text;
    size_t n = line->len;
    memset(li, 0, sizeof *li);
    li->role = (unsigned char)line->role;
    while (n && (seg_is_blank(s[n - 1])))
        n--;
    if (n == 0) {
        li->kind = line->len ? LK_WS : LK_EMPTY;
        return;
    }
    skip_blanks(&s, &n);
    if (is_rule(s, n) || only_markup(s, n)) {
        li->kind = LK_RULE;
        return;
    }
    li->kind = LK_TEXT;
    size_t hashes = 0;
    while (li->role == RD_ROLE_GUESS && hashes < n && s[hashes] == '#')
        hashes++;
    if (li->role == RD_ROLE_HEADING) {
        li->md_level = 1;
    } else if (hashes >= 1 && hashes <= 6 && hashes < n &&
               seg_is_blank(s[hashes])) {
        li->md_level = (unsigned char)hashes;
        s += hashes;
        n -= hashes;
        skip_blanks(&s, &n);
    }
    skip_decoration(&s, &n);
    size_t bl = li->md_level ? 0 : bullet_marker_len(s, n);
    if (bl) {
        li->bullet = 1;
        s += bl;
        n -= bl;
        skip_blanks(&s, &n);
        skip_decoration(&s, &n);
    }
    li->s = s;
    li->n = n;
    li->table = memchr(s, '\t', n) != NULL;
    li->n_bold = count_bold(s, n);
    li->words = (unsigned)tok_count(s, n);
    if (li->words == 0 && !li->table)
        li->kind = LK_RULE; /* punctuation only: a decoration */
}
