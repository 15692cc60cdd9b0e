/* The segmenter: from a document's lines to sections and passages.
 *
 * It works in three passes. First each line is classified (blank, rule,
 * text; Markdown heading level, bullet, table, bold markers) and the
 * document's layout is guessed: ordinary text, where a blank line ends a
 * paragraph, or "double-spaced" PDF extraction, where every line is followed
 * by an empty line and only whitespace-only lines or longer gaps end one.
 * Second, consecutive lines are grouped into paragraphs and the paragraphs
 * into blocks, each a heading or a text block; headings are Markdown '#'
 * lines, wholly **bold** short lines, short ALL-CAPS lines and short
 * title-like lines standing alone before prose. Third, text blocks are
 * cleaned (markup stripped, broken lines joined with dehyphenation repair)
 * and packed into passages of SEG_MIN_WORDS..SEG_MAX_WORDS words that never
 * straddle a heading. Every passage keeps the source lines it came from. */
#include "spor/doc/segment.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* A short line standing alone is a heading only up to this many words:
 * section titles in the corpus have at most 8, while a one-line paragraph
 * of prose rarely stays under 10. */
#define SEG_SHORT_HEADING_WORDS 10
/* A wholly bold line (or run of lines) longer than this is an emphasised
 * lead paragraph, not a heading. */
#define SEG_BOLD_HEADING_WORDS 15
/* A bold heading broken over more lines than this is not a heading (the
 * report title in the corpus spans three). */
#define SEG_BOLD_HEADING_LINES 4
/* ALL-CAPS headings: at most this many words and lines, at least this many
 * letters (so "KL" or "S" alone is not a heading). */
#define SEG_CAPS_HEADING_WORDS 12
#define SEG_CAPS_HEADING_LINES 3
#define SEG_CAPS_MIN_LETTERS 4
/* A single line of at least this many words ending a sentence is prose a
 * heading can stand over, however short. */
#define SEG_PROSE_MIN_WORDS 5
/* Any heading needs a few letters: "12" is a page number, "KL" a logo. */
#define SEG_HEADING_MIN_LETTERS 3
/* PDF page numbers: a line of at most this many digits alone. */
#define SEG_PAGE_NUMBER_DIGITS 4
/* In PDF text a heading sits on the first line of its paragraph; it is
 * recognised when it is clearly shorter than the line after it (body lines
 * are full width). A ratio, in percent of the next line's words. */
#define SEG_PDF_HEADING_RATIO 70
/* Layout detection: a document is double-spaced when at least this share
 * (percent) of its text lines are followed by exactly one empty line, and
 * either this share of those gaps fall inside a sentence (the next line goes
 * on in lower case or the line ends in a hyphen) or whitespace-only lines
 * make up this share of the text lines. Clean text with one blank line
 * between paragraphs has almost no gaps inside sentences. */
#define SEG_DOUBLE_SINGLE_PCT 60
#define SEG_DOUBLE_CONT_PCT 30
#define SEG_DOUBLE_WS_PCT 15
/* Too few lines say nothing about the layout. */
#define SEG_DOUBLE_MIN_LINES 8
/* The last small piece of a section is merged into the previous passage
 * when the result stays within SEG_MAX_WORDS plus this slack: a passage of
 * 265 words is better than a 15-word fragment. */
#define SEG_MERGE_SLACK 25
/* A line of this many words is a whole paragraph on one line: text
 * wrapped by a tool or a PDF extractor stays under about 17 words a line,
 * so adjacent lines this long are paragraphs without a blank line between
 * them (a text export with one paragraph a line). */
#define SEG_UNWRAPPED_WORDS 25
/* A run of this many dots is a table-of-contents leader, not text. */
#define SEG_DOT_LEADER 4

enum line_kind { LK_EMPTY, LK_WS, LK_RULE, LK_TEXT };

typedef struct line_info {
    const char *s;      /* content without indentation, decorations, '#'s or
                           bullet marker; trailing whitespace trimmed */
    size_t n;
    unsigned char kind;
    unsigned char md_level; /* 1..6 for a Markdown '#' heading */
    unsigned char bullet;
    unsigned char table;    /* has a tab between cells */
    unsigned n_bold;        /* "**" markers in the line */
    unsigned words;
    unsigned char role;     /* rd_role from the reader */
} line_info;

enum block_kind { BK_TEXT, BK_HEADING };

typedef struct block {
    unsigned char kind;
    size_t lo, hi; /* line indices, inclusive; only LK_TEXT lines count */
} block;

typedef struct block_list {
    block *v;
    size_t n, cap;
} block_list;

/* Where each source line's text starts inside a paragraph's cleaned text,
 * so that a piece of a split paragraph can name its own lines. */
typedef struct line_mark {
    size_t off;
    size_t line;
} line_mark;

typedef struct para {
    sbuf text;
    line_mark *marks;
    size_t n_marks, cap_marks;
} para;

/* The passage being filled and the passages made so far. */
typedef struct packer {
    const rd_doc *doc;
    seg_result *out;
    size_t cap;
    sbuf acc;
    unsigned acc_words;
    size_t acc_first, acc_last;
    const char *section;
    size_t section_first; /* index of the section's first passage */
} packer;

/* ---- characters ---------------------------------------------------- */

static uint32_t first_cp(const char *s, size_t n)
{
    if (!n)
        return 0;
    size_t adv;
    return utf8_decode(s, n, &adv);
}

/* The last code point of s[0..n), and its start in *start. */
static uint32_t last_cp(const char *s, size_t n, size_t *start)
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

static int is_lower_cp(uint32_t cp)
{
    return utf8_is_letter(cp) && utf8_toupper(cp) != cp;
}

static int is_upper_cp(uint32_t cp)
{
    return utf8_is_letter(cp) && utf8_is_upper(cp);
}

static int is_blank_char(char c)
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

static int starts_with(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && memcmp(s, prefix, k) == 0;
}

/* Web and mail addresses: link lists are not headings or prose. */
static int looks_like_address(const char *s, size_t n)
{
    return starts_with(s, n, "www.") || starts_with(s, n, "<") ||
           starts_with(s, n, "[http") || has_str(s, n, "://") ||
           has_str(s, n, "@");
}

/* ---- line classification ------------------------------------------ */

#define PDF_BULLET "\xE2\x80\xA2"   /* • */
#define MIDDLE_DOT "\xC2\xB7"       /* · */
#define SQUARE_BULLET "\xE2\x96\xAA" /* ▪ */
#define DECORATION "\xE2\x80\xBA"   /* ›, a box marker in the KL layout */
#define EN_DASH "\xE2\x80\x93"

static void skip_blanks(const char **s, size_t *n)
{
    while (*n && is_blank_char(**s)) {
        (*s)++;
        (*n)--;
    }
}

static void skip_decoration(const char **s, size_t *n)
{
    while (starts_with(*s, *n, DECORATION)) {
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
        if (n > k && memcmp(s, markers[i], k) == 0 && is_blank_char(s[k]))
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
        if (is_blank_char(s[i]))
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
        if (!is_blank_char(s[i]) && s[i] != '*' && s[i] != '#')
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

static void classify_line(const rd_line *line, line_info *li)
{
    const char *s = line->text;
    size_t n = line->len;
    memset(li, 0, sizeof *li);
    li->role = (unsigned char)line->role;
    while (n && (is_blank_char(s[n - 1])))
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
               is_blank_char(s[hashes])) {
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

/* ---- paragraphs and layout ----------------------------------------- */

static int ends_with_word_hyphen(const line_info *li)
{
    if (li->n < 2 || li->s[li->n - 1] != '-')
        return 0;
    size_t st;
    uint32_t cp = last_cp(li->s, li->n - 1, &st);
    return utf8_is_letter(cp);
}

/* Whether the line after a gap goes on with the sentence of the line
 * before: a word hyphenated across the break, or a lower-case start after a
 * line that did not end a sentence. */
static int continues(const line_info *prev, const line_info *next)
{
    if (prev->md_level || prev->table || next->md_level || next->bullet ||
        next->table || looks_like_address(next->s, next->n))
        return 0;
    uint32_t nc = first_cp(next->s, next->n);
    if (ends_with_word_hyphen(prev))
        return utf8_is_letter(nc) || utf8_is_digit(nc);
    if (!is_lower_cp(nc))
        return 0;
    size_t st;
    uint32_t pc = last_cp(prev->s, prev->n, &st);
    return utf8_is_letter(pc) || utf8_is_digit(pc) || pc == ',' || pc == ';';
}

static int detect_double_spacing(const line_info *li, size_t n)
{
    size_t text = 0, single = 0, cont = 0, ws = 0;
    for (size_t i = 0; i < n; i++) {
        if (li[i].kind == LK_WS)
            ws++;
        if (li[i].kind != LK_TEXT)
            continue;
        text++;
        if (i + 2 < n && li[i + 1].kind == LK_EMPTY &&
            li[i + 2].kind != LK_EMPTY) {
            single++;
            if (li[i + 2].kind == LK_TEXT && continues(&li[i], &li[i + 2]))
                cont++;
        }
    }
    if (text < SEG_DOUBLE_MIN_LINES || single * 100 < text * SEG_DOUBLE_SINGLE_PCT)
        return 0;
    return cont * 100 >= single * SEG_DOUBLE_CONT_PCT ||
           ws * 100 >= text * SEG_DOUBLE_WS_PCT;
}

/* In PDF text a line holding only a short number is a page number: it
 * separates paragraphs like a whitespace-only line and is not text. */
static void drop_page_numbers(line_info *li, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (li[i].kind != LK_TEXT || li[i].bullet || li[i].md_level ||
            li[i].n > SEG_PAGE_NUMBER_DIGITS)
            continue;
        size_t k = 0;
        while (k < li[i].n && li[i].s[k] >= '0' && li[i].s[k] <= '9')
            k++;
        if (k == li[i].n)
            li[i].kind = LK_WS;
    }
}

/* Whether text lines a < b (only non-text lines between) belong to one
 * paragraph. */
static int same_paragraph(const line_info *li, size_t a, size_t b,
                          int double_spaced)
{
    size_t empty = 0, other = 0;
    for (size_t i = a + 1; i < b; i++) {
        if (li[i].kind == LK_EMPTY)
            empty++;
        else
            other++; /* whitespace-only line or a rule */
    }
    int cont = continues(&li[a], &li[b]);
    if (empty + other == 0 && !double_spaced && !cont &&
        (li[a].words >= SEG_UNWRAPPED_WORDS ||
         li[b].words >= SEG_UNWRAPPED_WORDS) &&
        !li[a].bullet && !li[b].bullet && !li[a].table && !li[b].table)
        return 0; /* one paragraph a line */
    if (empty + other == 0)
        return double_spaced ? cont : 1;
    if (double_spaced && other == 0 && empty == 1)
        return 1;
    /* A word hyphenated across a gap never ends a paragraph; otherwise only
     * a single blank line can hide a sentence going on (a PDF page break in
     * clean text). */
    int blank_gap = 1;
    for (size_t i = a + 1; i < b; i++)
        if (li[i].kind == LK_RULE)
            blank_gap = 0;
    if (blank_gap && cont && ends_with_word_hyphen(&li[a]))
        return 1;
    return !double_spaced && empty + other == 1 && li[a + 1].kind != LK_RULE &&
           cont;
}

/* ---- headings ------------------------------------------------------ */

static int push_block(block_list *bl, unsigned char kind, size_t lo, size_t hi)
{
    if (spor_grow(&bl->v, &bl->cap, bl->n, sizeof *bl->v, 64))
        return -1;
    block b = {kind, lo, hi};
    bl->v[bl->n++] = b;
    return 0;
}

/* A title-like line: short, not a sentence, not a list item or address. */
static int heading_like(const line_info *li)
{
    if (li->kind != LK_TEXT || li->bullet || li->table || li->words == 0 ||
        li->words > SEG_SHORT_HEADING_WORDS)
        return 0;
    const char *s = li->s;
    size_t n = li->n;
    while (n && (s[n - 1] == '*' || is_blank_char(s[n - 1])))
        n--;
    while (n && *s == '*') {
        s++;
        n--;
    }
    /* A comma or semicolon joins clauses: "Genstart; log ind som første
     * bruger og test" is an instruction, not a title. */
    if (!n || memchr(s, ',', n) || memchr(s, ';', n) ||
        looks_like_address(s, n))
        return 0;
    if (strchr(".,;:-", s[n - 1]))
        return 0;
    uint32_t c = first_cp(s, n);
    if (!is_upper_cp(c) && !utf8_is_digit(c))
        return 0;
    /* A sentence end inside ("Kilde: CFBU. Rentegnet af KL") is prose; a
     * date's "17. april" is not a sentence end. */
    unsigned letters = 0;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = utf8_decode(s + i, n - i, &adv);
        letters += utf8_is_letter(cp) != 0;
        if (cp == '.' && i > 0 && i + 1 < n && s[i + 1] == ' ' &&
            !utf8_is_digit((unsigned char)s[i - 1]))
            return 0;
        /* "Antal deltagere: 10" is a label and its value. */
        if (cp == ':' && i + 2 < n && s[i + 1] == ' ' &&
            utf8_is_digit((unsigned char)s[i + 2]))
            return 0;
        i += adv;
    }
    return letters >= SEG_HEADING_MIN_LETTERS;
}

static int all_caps(const line_info *li, unsigned *letters)
{
    size_t i = 0;
    while (i < li->n) {
        size_t adv;
        uint32_t cp = utf8_decode(li->s + i, li->n - i, &adv);
        if (is_lower_cp(cp))
            return 0;
        if (utf8_is_letter(cp))
            (*letters)++;
        i += adv;
    }
    return 1;
}

/* Words that end a line broken inside a sentence, never a heading. */
static int ends_in_function_word(const line_info *li)
{
    static const char *const words[] = {
        "i", "og", "at", "en", "et", "til", "for", "med", "på", "af", "som",
        "der", "det", "er", "har", "den", "de", "om", "fra", "ved", "eller",
        "men", "så", "ikke", "kan", "var", "blev", "skal", "the", "of", "and"};
    size_t end = li->n, start = end;
    while (start > 0 && !is_blank_char(li->s[start - 1]))
        start--;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == end - start &&
            memcmp(words[i], li->s + start, end - start) == 0)
            return 1;
    return 0;
}

/* PDF text: the first line of a paragraph is its heading when it is
 * title-like and clearly shorter than the full-width line after it. */
static int pdf_heading_line(const line_info *first, const line_info *next)
{
    if (!heading_like(first) || ends_in_function_word(first) ||
        next->bullet || next->table)
        return 0;
    uint32_t c = first_cp(next->s, next->n);
    if (!is_upper_cp(c) && !utf8_is_digit(c))
        return 0;
    return first->words * 100 <= next->words * SEG_PDF_HEADING_RATIO;
}

static size_t next_text(const line_info *li, size_t i, size_t hi)
{
    for (i++; i <= hi; i++)
        if (li[i].kind == LK_TEXT)
            return i;
    return SIZE_MAX;
}

/* The last line of a wholly bold run starting at i, or SIZE_MAX. */
static size_t bold_run_end(const line_info *li, size_t i, size_t hi)
{
    if (li[i].role == RD_ROLE_TEXT || li[i].n < 5 ||
        !starts_with(li[i].s, li[i].n, "**"))
        return SIZE_MAX;
    unsigned marks = 0, words = 0, lines = 0;
    for (size_t j = i; j <= hi && j != SIZE_MAX; j = next_text(li, j, hi)) {
        marks += li[j].n_bold;
        words += li[j].words;
        lines++;
        if (marks > 2 || words > SEG_BOLD_HEADING_WORDS ||
            lines > SEG_BOLD_HEADING_LINES || li[j].bullet || li[j].table ||
            li[j].md_level)
            return SIZE_MAX;
        if (marks == 2) {
            size_t n = li[j].n;
            return (n >= 2 && li[j].s[n - 2] == '*' && li[j].s[n - 1] == '*')
                       ? j
                       : SIZE_MAX;
        }
    }
    return SIZE_MAX;
}

static int flush_text(block_list *bl, const line_info *li, size_t lo,
                      size_t hi, int double_spaced)
{
    if (lo == SIZE_MAX)
        return 0;
    size_t second = next_text(li, lo, hi);
    if (double_spaced && second != SIZE_MAX &&
        pdf_heading_line(&li[lo], &li[second])) {
        if (push_block(bl, BK_HEADING, lo, lo))
            return -1;
        lo = second;
    }
    return push_block(bl, BK_TEXT, lo, hi);
}

/* Splits the paragraph of lines lo..hi into heading and text blocks. */
static int paragraph_blocks(block_list *bl, const line_info *li, size_t lo,
                            size_t hi, int double_spaced)
{
    size_t start = SIZE_MAX, last = SIZE_MAX;
    for (size_t i = lo; i <= hi && i != SIZE_MAX;) {
        size_t end = li[i].md_level ? i : bold_run_end(li, i, hi);
        if (end == SIZE_MAX) {
            if (start == SIZE_MAX)
                start = i;
            last = i;
            i = next_text(li, i, hi);
            continue;
        }
        if (flush_text(bl, li, start, last, double_spaced) ||
            push_block(bl, BK_HEADING, i, end))
            return -1;
        start = last = SIZE_MAX;
        i = next_text(li, end, hi);
    }
    return flush_text(bl, li, start, last, double_spaced);
}

static size_t text_lines_in(const line_info *li, const block *b)
{
    size_t k = 0;
    for (size_t i = b->lo; i <= b->hi; i++)
        k += li[i].kind == LK_TEXT;
    return k;
}

/* Whether a text block reads as prose or a list, i.e. something a heading
 * can stand over (a lone name or an address cannot). */
static int substantial(const line_info *li, const block *b)
{
    if (b->kind != BK_TEXT)
        return 0;
    const line_info *f = &li[b->lo];
    if (looks_like_address(f->s, f->n))
        return 0;
    if (f->bullet || f->table || text_lines_in(li, b) > 1 ||
        f->words > SEG_SHORT_HEADING_WORDS)
        return 1;
    char end = f->n ? f->s[f->n - 1] : 0;
    return f->words >= SEG_PROSE_MIN_WORDS &&
           (end == '.' || end == '!' || end == '?');
}

static int caps_heading(const line_info *li, const block *b)
{
    size_t lines = 0;
    unsigned words = 0, letters = 0;
    for (size_t i = b->lo; i <= b->hi; i++) {
        if (li[i].kind != LK_TEXT)
            continue;
        lines++;
        words += li[i].words;
        if (li[i].bullet || li[i].table || !all_caps(&li[i], &letters) ||
            li[i].s[li[i].n - 1] == ':')
            return 0;
    }
    return lines <= SEG_CAPS_HEADING_LINES && words <= SEG_CAPS_HEADING_WORDS &&
           letters >= SEG_CAPS_MIN_LETTERS;
}

/* 1 when the text block b ends in a colon: what follows is what it
 * announces ("Kontroller om systemet fungerer:"), never a new section. */
static int announces(const line_info *li, const block *b)
{
    if (b->kind != BK_TEXT)
        return 0;
    for (size_t i = b->hi + 1; i-- > b->lo;) {
        if (li[i].kind != LK_TEXT)
            continue;
        size_t n = li[i].n;
        while (n && (li[i].s[n - 1] == '*' || is_blank_char(li[i].s[n - 1])))
            n--;
        return n && li[i].s[n - 1] == ':';
    }
    return 0;
}

/* Promotes text blocks that are headings by their look: ALL CAPS, or a
 * short title-like line standing alone before prose and not after a line
 * that announces it. */
static void promote_headings(block_list *bl, const line_info *li)
{
    for (size_t k = 0; k < bl->n; k++) {
        block *b = &bl->v[k];
        if (b->kind != BK_TEXT || li[b->lo].role == RD_ROLE_TEXT)
            continue;
        if (caps_heading(li, b)) {
            b->kind = BK_HEADING;
            continue;
        }
        if (text_lines_in(li, b) == 1 && heading_like(&li[b->lo]) &&
            k + 1 < bl->n && substantial(li, &bl->v[k + 1]) &&
            !(k > 0 && announces(li, &bl->v[k - 1])))
            b->kind = BK_HEADING;
    }
}

static int build_blocks(const line_info *li, size_t n, int double_spaced,
                        block_list *bl)
{
    size_t para_lo = SIZE_MAX, prev = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (li[i].kind != LK_TEXT)
            continue;
        if (prev != SIZE_MAX && !same_paragraph(li, prev, i, double_spaced)) {
            if (paragraph_blocks(bl, li, para_lo, prev, double_spaced))
                return -1;
            para_lo = SIZE_MAX;
        }
        if (para_lo == SIZE_MAX)
            para_lo = i;
        prev = i;
    }
    if (para_lo != SIZE_MAX && paragraph_blocks(bl, li, para_lo, prev,
                                                double_spaced))
        return -1;
    promote_headings(bl, li);
    return 0;
}

/* ---- cleaning ------------------------------------------------------ */

static int emphasis_star(const char *s, size_t n, size_t i)
{
    int before = i > 0 && !is_blank_char(s[i - 1]);
    int after = i + 1 < n && !is_blank_char(s[i + 1]);
    return before != after;
}

/* Appends s[0..n) without Markdown emphasis, with tabs as cell separators
 * (" | ", empty cells dropped), dot leaders removed and blanks collapsed. */
static spor_status clean_inline(const char *s, size_t n, sbuf *out)
{
    size_t start_len = out->len;
    int space = 0, cell = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '*' && i + 1 < n && s[i + 1] == '*') {
            i++;
            continue;
        }
        if (c == '*' && emphasis_star(s, n, i))
            continue;
        if (c == '.') {
            size_t k = i;
            while (k < n && s[k] == '.')
                k++;
            if (k - i >= SEG_DOT_LEADER) {
                space = 1;
                i = k - 1;
                continue;
            }
        }
        if (c == '\t') {
            cell = 1;
            continue;
        }
        if (is_blank_char(c)) {
            space = 1;
            continue;
        }
        if (out->len > start_len) {
            const char *sep = cell ? " | " : space ? " " : "";
            if (sbuf_append_str(out, sep) != SPOR_OK)
                return SPOR_ENOMEM;
        }
        space = cell = 0;
        if (sbuf_append_char(out, c) != SPOR_OK)
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

static spor_status add_mark(para *p, size_t line)
{
    if (p->n_marks == p->cap_marks) {
        size_t cap = p->cap_marks ? p->cap_marks * 2 : 16;
        line_mark *m = realloc(p->marks, cap * sizeof *m);
        if (!m)
            return SPOR_ENOMEM;
        p->marks = m;
        p->cap_marks = cap;
    }
    line_mark mk = {p->text.len, line};
    p->marks[p->n_marks++] = mk;
    return SPOR_OK;
}

/* Joins a line to the text so far, repairing a word hyphenated across the
 * break as dehy_decide says. */
static spor_status join_line(sbuf *text, const sbuf *prev, const sbuf *cur,
                             const dehy_lexicon *lex)
{
    dehy_decision d = dehy_decide(prev->data, prev->len, cur->data, cur->len,
                                  lex);
    if (d == DEHY_JOIN && text->len && text->data[text->len - 1] == '-')
        text->data[--text->len] = '\0';
    if (d == DEHY_NONE || d == DEHY_KEEP_SPACE)
        return sbuf_append_char(text, ' ');
    return SPOR_OK;
}

/* Builds the cleaned text of the lines lo..hi. With rows set, bullets and
 * table lines stay lines of their own ('\n'); other lines are joined. With
 * marks, records where each line's text starts. */
static spor_status block_text(const line_info *li, const block *b,
                              const dehy_lexicon *lex, int rows, para *p)
{
    sbuf prev = SBUF_INIT, cur = SBUF_INIT;
    spor_status s = SPOR_OK;
    int prev_table = 0;
    for (size_t i = b->lo; i <= b->hi && s == SPOR_OK; i++) {
        if (li[i].kind != LK_TEXT)
            continue;
        sbuf_reset(&cur);
        if ((s = clean_inline(li[i].s, li[i].n, &cur)) != SPOR_OK)
            break;
        if (!cur.len)
            continue;
        if (p->text.len) {
            int new_row = rows && (li[i].bullet || li[i].table || prev_table);
            s = new_row ? sbuf_append_char(&p->text, '\n')
                        : join_line(&p->text, &prev, &cur, lex);
        }
        if (s == SPOR_OK)
            s = add_mark(p, i);
        if (s == SPOR_OK)
            s = sbuf_append(&p->text, cur.data, cur.len);
        if (s == SPOR_OK) {
            sbuf_reset(&prev);
            s = sbuf_append(&prev, cur.data, cur.len);
        }
        prev_table = li[i].table;
    }
    sbuf_free(&prev);
    sbuf_free(&cur);
    return s;
}

static void para_free(para *p)
{
    sbuf_free(&p->text);
    free(p->marks);
    memset(p, 0, sizeof *p);
}

/* ---- splitting long paragraphs ------------------------------------- */

/* Abbreviations that end in '.' inside a sentence (lower-cased). */
static int is_abbreviation(const char *w, size_t n)
{
    static const char *const abbr[] = {
        "bl", "ca", "fx", "mv", "nr", "kr", "mio", "mia", "pct", "jf", "evt",
        "inkl", "ekskl", "dvs", "el", "ift", "ifm", "mm", "ml", "tlf", "st",
        "eks", "pt", "osv", "etc", "hhv", "vedr", "ang", "bla", "sept", "okt",
        "nov", "dec", "jan", "feb", "aug", "dr", "prof", "mr", "mrs", "ms"};
    if (n <= 1)
        return 1; /* initials and "d." */
    for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++)
        if (strlen(abbr[i]) == n && memcmp(abbr[i], w, n) == 0)
            return 1;
    return 0;
}

/* If a sentence ends at text[i] ('.', '?' or '!'), the offset where the
 * next sentence starts; else 0. */
static size_t sentence_break(const char *t, size_t n, size_t i)
{
    char c = t[i];
    if (c != '.' && c != '?' && c != '!')
        return 0;
    size_t j = i + 1;
    while (j < n && (t[j] == '"' || t[j] == '\'' || t[j] == ')' ||
                     starts_with(t + j, n - j, "\xE2\x80\x9D")))
        j += (unsigned char)t[j] == 0xE2 ? 3 : 1;
    if (j >= n || t[j] != ' ')
        return 0;
    size_t k = j;
    while (k < n && t[k] == ' ')
        k++;
    if (k >= n)
        return 0;
    uint32_t next = first_cp(t + k, n - k);
    int digit = utf8_is_digit(next);
    if (!digit && !is_upper_cp(next))
        return 0;
    if (c == '.') {
        size_t w = i;
        while (w > 0 && ((unsigned char)t[w - 1] >= 0x80 ||
                         ((t[w - 1] | 0x20) >= 'a' && (t[w - 1] | 0x20) <= 'z')))
            w--;
        char low[8];
        size_t len = i - w;
        if (len == 0) /* "2023." or "(S)." : a number or symbol ends it */
            return digit ? 0 : k;
        if (len < sizeof low) {
            for (size_t q = 0; q < len; q++)
                low[q] = (char)(t[w + q] | 0x20);
            if (is_abbreviation(low, len))
                return 0;
        }
        if (digit && len < 4)
            return 0; /* "kap. 3", "nr. 5": a number after a short word */
    }
    return k;
}

/* Offset in t[from..n) after about want words, at a blank. */
static size_t cut_after_words(const char *t, size_t from, size_t n,
                              unsigned want)
{
    unsigned got = 0;
    size_t i = from;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != ' ' && t[j] != '\n')
            j++;
        got += (unsigned)tok_count(t + i, j - i);
        while (j < n && (t[j] == ' ' || t[j] == '\n'))
            j++;
        i = j;
        if (got >= want)
            break;
    }
    return i;
}

typedef struct cut {
    size_t off;     /* where the next piece starts */
    unsigned words; /* words before it, from the paragraph start */
} cut;

/* Candidate cuts: line breaks (between list items or rows) and sentence
 * ends. Word counts add up because every cut is at a blank. */
static spor_status find_cuts(const char *t, size_t n, cut **out, size_t *n_out)
{
    size_t cap = 32, k = 0, last = 0;
    unsigned words = 0;
    cut *v = malloc(cap * sizeof *v);
    if (!v)
        return SPOR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t at = t[i] == '\n' ? i + 1 : sentence_break(t, n, i);
        if (!at || at >= n)
            continue;
        words += (unsigned)tok_count(t + last, at - last);
        last = at;
        if (k == cap) {
            cut *p = realloc(v, cap * 2 * sizeof *v);
            if (!p) {
                free(v);
                return SPOR_ENOMEM;
            }
            v = p;
            cap *= 2;
        }
        cut c = {at, words};
        v[k++] = c;
        i = at - 1;
    }
    *out = v;
    *n_out = k;
    return SPOR_OK;
}

/* ---- packing passages ---------------------------------------------- */

static spor_status emit(packer *pk, const char *text, size_t len,
                        unsigned words, size_t first, size_t last)
{
    seg_result *r = pk->out;
    if (r->n_passages == pk->cap) {
        size_t cap = pk->cap ? pk->cap * 2 : 32;
        seg_passage *v = realloc(r->passages, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        r->passages = v;
        pk->cap = cap;
    }
    seg_passage *p = &r->passages[r->n_passages];
    memset(p, 0, sizeof *p);
    p->text = malloc(len + 1);
    p->section = strdup(pk->section);
    if (!p->text || !p->section) {
        free(p->text);
        free(p->section);
        return SPOR_ENOMEM;
    }
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    p->len = len;
    const rd_line *a = &pk->doc->lines[first], *b = &pk->doc->lines[last];
    p->line_start = a->lineno;
    p->line_end = b->lineno;
    p->byte_start = a->src_off;
    p->byte_end = b->src_off + b->src_len;
    p->page_start = a->page;
    p->page_end = b->page;
    p->n_words = words;
    r->n_passages++;
    return SPOR_OK;
}

static spor_status flush_acc(packer *pk)
{
    if (!pk->acc_words) {
        sbuf_reset(&pk->acc);
        return SPOR_OK;
    }
    spor_status s = emit(pk, pk->acc.data, pk->acc.len, pk->acc_words,
                         pk->acc_first, pk->acc_last);
    sbuf_reset(&pk->acc);
    pk->acc_words = 0;
    return s;
}

static spor_status add_unit(packer *pk, const char *t, size_t n,
                            unsigned words, size_t first, size_t last)
{
    if (pk->acc_words && pk->acc_words + words > SEG_MAX_WORDS) {
        int small = pk->acc_words < SEG_MIN_WORDS &&
                    pk->acc_words + words <= SEG_MAX_WORDS + SEG_MERGE_SLACK;
        if (!small && flush_acc(pk) != SPOR_OK)
            return SPOR_ENOMEM;
    }
    if (pk->acc_words && sbuf_append_char(&pk->acc, '\n') != SPOR_OK)
        return SPOR_ENOMEM;
    if (sbuf_append(&pk->acc, t, n) != SPOR_OK)
        return SPOR_ENOMEM;
    if (!pk->acc_words)
        pk->acc_first = first;
    pk->acc_last = last;
    pk->acc_words += words;
    return pk->acc_words >= SEG_MIN_WORDS ? flush_acc(pk) : SPOR_OK;
}

/* Ends a section: a small last piece joins the section's previous passage
 * when that stays near the size limit. */
static spor_status end_section(packer *pk)
{
    seg_result *r = pk->out;
    if (pk->acc_words && pk->acc_words < SEG_MIN_WORDS &&
        r->n_passages > pk->section_first) {
        seg_passage *p = &r->passages[r->n_passages - 1];
        if (p->n_words + pk->acc_words <= SEG_MAX_WORDS + SEG_MERGE_SLACK) {
            char *t = realloc(p->text, p->len + 1 + pk->acc.len + 1);
            if (!t)
                return SPOR_ENOMEM;
            t[p->len] = '\n';
            memcpy(t + p->len + 1, pk->acc.data, pk->acc.len + 1);
            p->text = t;
            p->len += 1 + pk->acc.len;
            p->n_words += pk->acc_words;
            const rd_line *b = &pk->doc->lines[pk->acc_last];
            p->line_end = b->lineno;
            p->byte_end = b->src_off + b->src_len;
            p->page_end = b->page;
            sbuf_reset(&pk->acc);
            pk->acc_words = 0;
        }
    }
    spor_status s = flush_acc(pk);
    pk->section_first = r->n_passages;
    return s;
}

/* The source lines of text[a..b) of a paragraph. */
static void piece_lines(const para *p, size_t a, size_t b, size_t *first,
                        size_t *last)
{
    *first = p->marks[0].line;
    *last = p->marks[0].line;
    for (size_t i = 0; i < p->n_marks; i++) {
        if (p->marks[i].off <= a)
            *first = p->marks[i].line;
        if (p->marks[i].off < b)
            *last = p->marks[i].line;
    }
}

static spor_status add_piece(packer *pk, const para *p, size_t a, size_t b)
{
    const char *t = p->text.data;
    while (a < b && (t[a] == ' ' || t[a] == '\n'))
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\n'))
        b--;
    unsigned words = (unsigned)tok_count(t + a, b - a);
    if (!words)
        return SPOR_OK;
    size_t first, last;
    piece_lines(p, a, b, &first, &last);
    return add_unit(pk, t + a, b - a, words, first, last);
}

/* The best cut for the piece starting at from: the candidate whose piece is
 * closest to goal words without passing SEG_MAX_WORDS; 0 if none fits. */
static size_t choose_cut(const cut *c, size_t nc, size_t from,
                         unsigned from_words, unsigned goal)
{
    size_t best = 0;
    unsigned best_dist = UINT32_MAX;
    for (size_t i = 0; i < nc; i++) {
        if (c[i].off <= from || c[i].words <= from_words)
            continue;
        unsigned w = c[i].words - from_words;
        if (w > SEG_MAX_WORDS)
            break;
        unsigned dist = w > goal ? w - goal : goal - w;
        if (dist < best_dist) {
            best_dist = dist;
            best = i + 1;
        }
    }
    return best;
}

/* Adds a paragraph, cut at sentence ends into pieces of about
 * SEG_TARGET_WORDS when it is longer than SEG_MAX_WORDS. */
static spor_status add_paragraph(packer *pk, const para *p)
{
    const char *t = p->text.data;
    size_t n = p->text.len;
    unsigned total = (unsigned)tok_count(t, n);
    if (total <= SEG_MAX_WORDS)
        return add_piece(pk, p, 0, n);
    cut *cuts = NULL;
    size_t nc = 0;
    if (find_cuts(t, n, &cuts, &nc) != SPOR_OK)
        return SPOR_ENOMEM;
    size_t from = 0;
    unsigned from_words = 0;
    spor_status s = SPOR_OK;
    while (s == SPOR_OK && total - from_words > SEG_MAX_WORDS) {
        unsigned rest = total - from_words;
        unsigned pieces = (rest + SEG_TARGET_WORDS - 1) / SEG_TARGET_WORDS;
        unsigned goal = rest / pieces;
        size_t pick = choose_cut(cuts, nc, from, from_words, goal);
        size_t to;
        unsigned to_words;
        if (pick) {
            to = cuts[pick - 1].off;
            to_words = cuts[pick - 1].words;
        } else {
            /* No sentence end fits: cut between words. */
            to = cut_after_words(t, from, n, goal);
            to_words = from_words + (unsigned)tok_count(t + from, to - from);
        }
        if (to <= from || to >= n)
            break;
        s = add_piece(pk, p, from, to);
        from = to;
        from_words = to_words;
    }
    if (s == SPOR_OK)
        s = add_piece(pk, p, from, n);
    free(cuts);
    return s;
}

/* ---- driver -------------------------------------------------------- */

static spor_status heading_text(const line_info *li, const block *b,
                                const dehy_lexicon *lex, char **out)
{
    para p;
    memset(&p, 0, sizeof p);
    spor_status s = block_text(li, b, lex, 0, &p);
    if (s == SPOR_OK) {
        /* "– GEVINSTER VED ...": a dash opening a subtitle line is layout. */
        size_t skip = 0;
        const char *t = p.text.data ? p.text.data : "";
        while (t[skip] == '-' || t[skip] == ' ' ||
               starts_with(t + skip, strlen(t + skip), EN_DASH))
            skip += t[skip] == '-' || t[skip] == ' ' ? 1 : 3;
        *out = strdup(t + skip);
        if (!*out)
            s = SPOR_ENOMEM;
    }
    para_free(&p);
    return s;
}

static spor_status pack_blocks(packer *pk, const line_info *li,
                               const block_list *bl, const dehy_lexicon *lex,
                               char **title)
{
    char *section = NULL;
    spor_status s = SPOR_OK;
    pk->section = "";
    for (size_t k = 0; k < bl->n && s == SPOR_OK; k++) {
        const block *b = &bl->v[k];
        if (b->kind == BK_HEADING) {
            char *h = NULL;
            if ((s = heading_text(li, b, lex, &h)) != SPOR_OK)
                break;
            if (!*h) {
                free(h);
                continue;
            }
            if ((s = end_section(pk)) != SPOR_OK) {
                free(h);
                break;
            }
            if (!*title && !(*title = strdup(h))) {
                free(h);
                s = SPOR_ENOMEM;
                break;
            }
            free(section);
            section = h;
            pk->section = section;
            continue;
        }
        para p;
        memset(&p, 0, sizeof p);
        s = block_text(li, b, lex, 1, &p);
        if (s == SPOR_OK && p.n_marks)
            s = add_paragraph(pk, &p);
        para_free(&p);
    }
    if (s == SPOR_OK)
        s = end_section(pk);
    free(section);
    pk->section = "";
    return s;
}

spor_status seg_segment(const rd_doc *doc, const dehy_lexicon *lex,
                        seg_result *out, spor_err *err)
{
    if (!doc || !out)
        return spor_fail(err, SPOR_EINVAL, "seg_segment: bad arguments");
    memset(out, 0, sizeof *out);
    line_info *li = NULL;
    block_list bl = {NULL, 0, 0};
    packer pk;
    memset(&pk, 0, sizeof pk);
    pk.doc = doc;
    pk.out = out;
    pk.section = "";
    char *title = NULL;
    spor_status s = SPOR_OK;

    if (doc->n_lines) {
        li = calloc(doc->n_lines, sizeof *li);
        if (!li)
            s = SPOR_ENOMEM;
    }
    if (s == SPOR_OK) {
        for (size_t i = 0; i < doc->n_lines; i++)
            classify_line(&doc->lines[i], &li[i]);
        int dbl = !doc->structured &&
                  detect_double_spacing(li, doc->n_lines);
        if (dbl)
            drop_page_numbers(li, doc->n_lines);
        if (build_blocks(li, doc->n_lines, dbl, &bl))
            s = SPOR_ENOMEM;
    }
    if (s == SPOR_OK)
        s = pack_blocks(&pk, li, &bl, lex, &title);
    if (s == SPOR_OK && !title && !(title = strdup("")))
        s = SPOR_ENOMEM;
    sbuf_free(&pk.acc);
    free(bl.v);
    free(li);
    if (s != SPOR_OK) {
        free(title);
        seg_result_free(out);
        return spor_fail(err, s, "segmenting: %s", spor_status_name(s));
    }
    out->title = title;
    return SPOR_OK;
}

void seg_result_free(seg_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_passages; i++) {
        free(r->passages[i].text);
        free(r->passages[i].section);
    }
    free(r->passages);
    free(r->title);
    memset(r, 0, sizeof *r);
}
