/* The layout of a document's classified lines: whether it is ordinary text,
 * where a blank line ends a paragraph, or "double-spaced" PDF extraction,
 * where every line is followed by an empty line and only whitespace-only
 * lines or longer gaps end one; page numbers in such text; and whether two
 * text lines belong to one paragraph. Only the segmenter's files use it,
 * through seg_int.h. */
#include "seg_int.h"

#include "spor/text/utf8.h"

/* PDF page numbers: a line of at most this many digits alone. */
#define SEG_PAGE_NUMBER_DIGITS 4
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
/* A line of this many words is a whole paragraph on one line: text
 * wrapped by a tool or a PDF extractor stays under about 17 words a line,
 * so adjacent lines this long are paragraphs without a blank line between
 * them (a text export with one paragraph a line). */
#define SEG_UNWRAPPED_WORDS 25

static int ends_with_word_hyphen(const line_info *li)
{
    if (li->n < 2 || li->s[li->n - 1] != '-')
        return 0;
    size_t st;
    uint32_t cp = seg_last_cp(li->s, li->n - 1, &st);
    return utf8_is_letter(cp);
}

/* Whether the line after a gap goes on with the sentence of the line
 * before: a word hyphenated across the break, or a lower-case start after a
 * line that did not end a sentence. */
static int continues(const line_info *prev, const line_info *next)
{
    if (prev->md_level || prev->table || next->md_level || next->bullet ||
        next->table || seg_looks_like_address(next->s, next->n))
        return 0;
    uint32_t nc = seg_first_cp(next->s, next->n);
    if (ends_with_word_hyphen(prev))
        return utf8_is_letter(nc) || utf8_is_digit(nc);
    if (!seg_is_lower_cp(nc))
        return 0;
    size_t st;
    uint32_t pc = seg_last_cp(prev->s, prev->n, &st);
    return utf8_is_letter(pc) || utf8_is_digit(pc) || pc == ',' || pc == ';';
}

int seg_detect_double_spacing(const line_info *li, size_t n)
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
void seg_drop_page_numbers(line_info *li, size_t n)
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
int seg_same_paragraph(const line_info *li, size_t a, size_t b,
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
