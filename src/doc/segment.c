/* The segmenter: from a document's lines to sections and passages.
 *
 * It works in three passes and a last look. First each line is classified (blank, rule,
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
 * straddle a heading. Every passage keeps the source lines it came from.
 * Last, the passages that only point elsewhere (a contents, an agenda, a
 * list of links) are marked, against the finished outline.
 *
 * This file owns the segmenter's entry (seg_segment runs the passes in
 * order) and the result's lifetime; each pass lives in its own file, named
 * in seg_int.h, which only the segmenter's files include. */
#include "spor/doc/segment.h"

#include <stdlib.h>
#include <string.h>

#include "seg_int.h"

spor_status seg_segment(const rd_doc *doc, const dehy_lexicon *lex,
                        seg_result *out, spor_err *err)
{
    if (!doc || !out)
        return spor_fail(err, SPOR_EINVAL, "seg_segment: bad arguments");
    memset(out, 0, sizeof *out);
    line_info *li = NULL;
    block_list bl = {NULL, 0, 0};
    char *title = NULL;
    spor_status s = SPOR_OK;

    if (doc->n_lines) {
        li = calloc(doc->n_lines, sizeof *li);
        if (!li)
            s = SPOR_ENOMEM;
    }
    if (s == SPOR_OK) {
        for (size_t i = 0; i < doc->n_lines; i++)
            seg_classify_line(&doc->lines[i], &li[i]);
        int dbl = !doc->structured &&
                  seg_detect_double_spacing(li, doc->n_lines);
        if (dbl)
            seg_drop_page_numbers(li, doc->n_lines);
        if (seg_build_blocks(li, doc->n_lines, dbl, &bl))
            s = SPOR_ENOMEM;
    }
    if (s == SPOR_OK)
        s = seg_pack_blocks(doc, li, &bl, lex, out, &title);
    if (s == SPOR_OK)
        s = seg_mark_navigation(out);
    if (s == SPOR_OK && !title && !(title = strdup("")))
        s = SPOR_ENOMEM;
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
    for (size_t i = 0; i < r->n_headings; i++)
        free(r->headings[i].text);
    free(r->headings);
    free(r->title);
    memset(r, 0, sizeof *r);
}
