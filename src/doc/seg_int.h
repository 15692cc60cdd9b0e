/* What the segmenter's files share (include/spor/doc/segment.h is its
 * public face): a classified source line, the heading and text blocks
 * lines are grouped into, a paragraph's cleaned text with its line marks,
 * and each file's entry points. Only src/doc/seg*.c and segment.c include
 * it. The passes run in this order: seg_lines.c classifies each line,
 * seg_layout.c guesses the layout and which lines are one paragraph,
 * seg_blocks.c finds the headings, seg_clean.c cleans a block's text,
 * seg_pack.c packs the text blocks into passages and seg_nav.c marks the
 * passages that only point elsewhere. */
#ifndef SPOR_DOC_SEG_INT_H
#define SPOR_DOC_SEG_INT_H

#include <stddef.h>
#include <stdint.h>

#include "spor/doc/segment.h"
#include "spor/text/buf.h"

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

/* In seg_lines.c: characters and single lines. */

/* The first code point of s[0..n), 0 when empty. */
uint32_t seg_first_cp(const char *s, size_t n);
/* The last code point of s[0..n), and its start in *start. */
uint32_t seg_last_cp(const char *s, size_t n, size_t *start);
int seg_is_lower_cp(uint32_t cp);
int seg_is_upper_cp(uint32_t cp);
/* A space or a tab. */
int seg_is_blank(char c);
int seg_starts_with(const char *s, size_t n, const char *prefix);
/* Web and mail addresses: link lists are not headings or prose. */
int seg_looks_like_address(const char *s, size_t n);
/* Fills li with what the source line is. */
void seg_classify_line(const rd_line *line, line_info *li);

/* In seg_layout.c: layout and paragraphs. */

/* Whether the n lines are double-spaced PDF extraction. */
int seg_detect_double_spacing(const line_info *li, size_t n);
/* Turns lines holding only a page number into whitespace-only lines. */
void seg_drop_page_numbers(line_info *li, size_t n);
/* Whether text lines a < b (only non-text lines between) belong to one
 * paragraph. */
int seg_same_paragraph(const line_info *li, size_t a, size_t b,
                       int double_spaced);

/* In seg_blocks.c: headings. */

/* Groups the n lines into heading and text blocks (appended to bl);
 * -1 when out of memory. */
int seg_build_blocks(const line_info *li, size_t n, int double_spaced,
                     block_list *bl);

/* A heading's style, for the outline: its Markdown level (1..6), else
 * SEG_STYLE_PLAIN, plus 1 when ALL CAPS and 2 when bold. */
#define SEG_STYLE_PLAIN 8
unsigned seg_heading_style(const line_info *li, const block *b);

/* In seg_clean.c: a block's clean text. */

/* Builds the cleaned text of block b into p. With rows set, bullets and
 * table lines stay lines of their own ('\n'); other lines are joined. */
spor_status seg_block_text(const line_info *li, const block *b,
                           const dehy_lexicon *lex, int rows, para *p);
void seg_para_free(para *p);
/* The text of heading block b, in *out (the caller's). */
spor_status seg_heading_text(const line_info *li, const block *b,
                             const dehy_lexicon *lex, char **out);

/* In seg_pack.c: passages. */

/* Packs the blocks into out's passages; *title gets the first heading
 * (the caller's; left NULL when there is none). */
spor_status seg_pack_blocks(const rd_doc *doc, const line_info *li,
                            const block_list *bl, const dehy_lexicon *lex,
                            seg_result *out, char **title);

/* In seg_nav.c: marks the passages that are navigation (a contents, an
 * agenda, a list of links), once the outline and passages are made. */
spor_status seg_mark_navigation(seg_result *r);

#endif
