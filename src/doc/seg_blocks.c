/* Headings: the segmenter's grouping of a document's paragraphs into
 * heading and text blocks. Headings are Markdown '#' lines, wholly **bold**
 * short lines, short ALL-CAPS lines, short title-like lines standing alone
 * before prose and, in double-spaced PDF text, a short first line of a
 * paragraph over full-width lines. Only the segmenter's files use it,
 * through seg_int.h. */
#include "seg_int.h"

#include <stdint.h>
#include <string.h>

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
/* In PDF text a heading sits on the first line of its paragraph; it is
 * recognised when it is clearly shorter than the line after it (body lines
 * are full width). A ratio, in percent of the next line's words. */
#define SEG_PDF_HEADING_RATIO 70

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
    while (n && (s[n - 1] == '*' || seg_is_blank(s[n - 1])))
        n--;
    while (n && *s == '*') {
        s++;
        n--;
    }
    /* A comma or semicolon joins clauses: "Genstart; log ind som første
     * bruger og test" is an instruction, not a title. */
    if (!n || memchr(s, ',', n) || memchr(s, ';', n) ||
        seg_looks_like_address(s, n))
        return 0;
    if (strchr(".,;:-", s[n - 1]))
        return 0;
    uint32_t c = seg_first_cp(s, n);
    if (!seg_is_upper_cp(c) && !utf8_is_digit(c))
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
        if (seg_is_lower_cp(cp))
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
    while (start > 0 && !seg_is_blank(li->s[start - 1]))
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
    uint32_t c = seg_first_cp(next->s, next->n);
    if (!seg_is_upper_cp(c) && !utf8_is_digit(c))
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
        !seg_starts_with(li[i].s, li[i].n, "**"))
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
    if (seg_looks_like_address(f->s, f->n))
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

unsigned seg_heading_style(const line_info *li, const block *b)
{
    if (li[b->lo].md_level)
        return li[b->lo].md_level;
    unsigned letters = 0;
    int caps = 1;
    for (size_t i = b->lo; i <= b->hi; i++)
        if (li[i].kind == LK_TEXT && !all_caps(&li[i], &letters))
            caps = 0;
    return SEG_STYLE_PLAIN + (caps && letters ? 1u : 0u) +
           (li[b->lo].n_bold ? 2u : 0u);
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
        while (n && (li[i].s[n - 1] == '*' || seg_is_blank(li[i].s[n - 1])))
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

int seg_build_blocks(const line_info *li, size_t n, int double_spaced,
                     block_list *bl)
{
    size_t para_lo = SIZE_MAX, prev = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (li[i].kind != LK_TEXT)
            continue;
        if (prev != SIZE_MAX &&
            !seg_same_paragraph(li, prev, i, double_spaced)) {
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
