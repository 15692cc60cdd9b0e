/* Turning a document's lines into sections and passages.
 *
 * The segmenter recognises structure in the light Markdown and in raw PDF
 * text: headings (#-lines, lines that are wholly **bold**, short title-like
 * lines standing alone, numbered headings), bullets, tab tables, and, in PDF
 * text, lines of one paragraph broken by the extractor (it joins them,
 * repairing hyphenation with dehy_decide). Markdown markup (**, #, bullet
 * markers) is stripped from the passage text.
 *
 * Paragraphs are grouped into passages within a section: small pieces are
 * merged with their neighbours until a passage has at least
 * SEG_MIN_WORDS words, and long paragraphs are split at sentence ends so no
 * passage exceeds SEG_MAX_WORDS. A passage never straddles a heading. */
#ifndef SPOR_SEGMENT_H
#define SPOR_SEGMENT_H

#include <stddef.h>
#include "spor/text/dehyphenate.h"
#include "spor/doc/reader.h"
#include "spor/text/status.h"

/* BM25 over-rewards very short passages (headings, captions): a prototype
 * lost MRR against 60-word paragraphs when many passages were shorter.
 * Measured on the evaluation set with default BM25: 40 → nDCG 0.560,
 * 50 → 0.602, 60 → 0.629, 70 → 0.606, 80 → 0.607. */
#define SEG_MIN_WORDS 60
/* Long enough for a paragraph of argument, short enough that a snippet and
 * the line range still point at the answer. */
#define SEG_MAX_WORDS 250
/* A passage is never split below this, when cutting a long paragraph. */
#define SEG_TARGET_WORDS 150

/* One heading of the document's outline. Levels come from the headings'
 * look, as a reader would take them: Markdown '#' levels where there are
 * any; otherwise a heading of a style not seen yet in the current branch
 * (ALL CAPS, bold, plain) stands under the heading before it, and one of a
 * style already open closes that heading's branch and becomes its sibling. */
typedef struct seg_heading {
    char *text;
    size_t parent;       /* 1-based index in seg_result.headings; 0 for a
                            heading at the top */
} seg_heading;

typedef struct seg_passage {
    char *text;          /* clean passage text: markup stripped, lines of a
                            paragraph joined, paragraphs separated by "\n" */
    size_t len;
    char *section;       /* heading of the enclosing section, "" if none */
    unsigned line_start; /* first and last source lines (1-based) */
    unsigned line_end;
    size_t byte_start;   /* source byte range [byte_start, byte_end) */
    size_t byte_end;
    unsigned page_start; /* first and last page (PDF), 0 when none */
    unsigned page_end;
    unsigned n_words;
    size_t heading;      /* 1-based index of its section's heading in
                            seg_result.headings; 0 before the first */
    int navigation;      /* 1: a table of contents, an agenda or a list of
                            links (seg_nav.c): it points at answers
                            elsewhere, the ranker puts it after prose */
} seg_passage;

typedef struct seg_result {
    seg_passage *passages;
    size_t n_passages;
    char *title;         /* the first heading, a guess at the title ("" if
                            none); the manifest's title wins when present */
    seg_heading *headings; /* the outline, in document order */
    size_t n_headings;
} seg_result;

/* Segments doc. lex (may be NULL) helps hyphenation repair. */
spor_status seg_segment(const rd_doc *doc, const dehy_lexicon *lex,
                        seg_result *out, spor_err *err);

void seg_result_free(seg_result *r);

#endif
