/* Checks shared by the fuzz targets that read a document and segment it
 * (fuzz_segment, fuzz_markdown, fuzz_html, fuzz_pdf): what a reader gives
 * the segmenter, and what the segmenter gives the indexer, must keep the
 * promises later stages rely on. A broken promise aborts, which libFuzzer
 * reports as a finding. */
#ifndef SPOR_FUZZ_CHECK_H
#define SPOR_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/doc/reader.h"
#include "spor/doc/segment.h"
#include "spor/text/utf8.h"

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond))                                                         \
            abort();                                                         \
    } while (0)

/* A failed read: a status, a one-line message, nothing allocated. */
static inline void fuzz_check_failed(spor_status st, const spor_err *err,
                                     const rd_doc *doc)
{
    CHECK(st != SPOR_OK && err->msg[0] && !strchr(err->msg, '\n'));
    CHECK(doc->n_lines == 0 && doc->lines == NULL && doc->title == NULL);
}

/* How a reader numbers its lines (fuzz_check_lines), as bits. */
enum {
    FUZZ_LINES_ANY = 0,     /* as the source has them (HTML: libxml2 gives
                               an element's line, and broken markup moves
                               elements) */
    FUZZ_LINES_ORDERED = 1, /* never going back (Markdown, PDF) */
    FUZZ_LINES_COUNTED = 3, /* exactly 1, 2, 3, ... (plain text) */
    FUZZ_LINES_PAGED = 4    /* each on a page from 1 up (PDF) */
};

/* Every line is valid UTF-8 without a line break, with a line number from
 * 1 up, numbered as order says; src_limit > 0: every line's source bytes
 * lie inside the input of that size (a PDF's offsets count its extracted
 * text instead: 0). */
static inline void fuzz_check_lines(const rd_doc *doc, size_t src_limit,
                                    int order)
{
    for (size_t i = 0; i < doc->n_lines; i++) {
        const rd_line *l = &doc->lines[i];
        CHECK(l->lineno >= 1);
        if (i > 0 && (order & FUZZ_LINES_ORDERED))
            CHECK(l->lineno >= doc->lines[i - 1].lineno);
        if ((order & FUZZ_LINES_COUNTED) == FUZZ_LINES_COUNTED)
            CHECK(l->lineno == i + 1);
        if (order & FUZZ_LINES_PAGED)
            CHECK(l->page >= 1);
        if (src_limit)
            CHECK(l->src_off + l->src_len <= src_limit);
        CHECK(l->text && strlen(l->text) == l->len);
        CHECK(utf8_valid(l->text, l->len));
        CHECK(!memchr(l->text, '\n', l->len));
    }
    if (doc->title)
        CHECK(utf8_valid(doc->title, strlen(doc->title)));
}

/* Segments doc and checks the passages: non-empty valid UTF-8 with a
 * section, citing a range of lines of the document (and, src_limit > 0,
 * bytes inside the input), in order when the lines are (order as for
 * fuzz_check_lines). */
static inline void fuzz_check_segment(const rd_doc *doc, size_t src_limit,
                                      int order)
{
    seg_result seg;
    spor_err err;
    CHECK(seg_segment(doc, NULL, &seg, &err) == SPOR_OK);
    unsigned max_line = 0;
    for (size_t i = 0; i < doc->n_lines; i++)
        if (doc->lines[i].lineno > max_line)
            max_line = doc->lines[i].lineno;
    for (size_t i = 0; i < seg.n_passages; i++) {
        const seg_passage *p = &seg.passages[i];
        CHECK(p->len > 0 && strlen(p->text) == p->len);
        CHECK(utf8_valid(p->text, p->len));
        CHECK(p->section && utf8_valid(p->section, strlen(p->section)));
        CHECK(p->line_start >= 1 && p->line_start <= p->line_end &&
              p->line_end <= max_line);
        CHECK(p->byte_start <= p->byte_end);
        if (src_limit)
            CHECK(p->byte_end <= src_limit);
        if (i > 0 && (order & FUZZ_LINES_ORDERED))
            CHECK(p->line_start >= seg.passages[i - 1].line_end);
    }
    CHECK(seg.title != NULL);
    seg_result_free(&seg);
}

/* One input through a reader of a format (parse; name for messages) and
 * the segmenter, with the checks above (src_limit and order as there).
 * A reader may refuse an input with a one-line reason, never for want of
 * memory. */
static inline int fuzz_reader(rd_parse_fn parse, const char *name,
                              const uint8_t *data, size_t size,
                              size_t src_limit, int order)
{
    rd_doc doc;
    spor_err err;
    spor_status st = parse((const char *)data, size, name, &doc, &err);
    if (st != SPOR_OK) {
        CHECK(st != SPOR_ENOMEM);
        fuzz_check_failed(st, &err, &doc);
        return 0;
    }
    fuzz_check_lines(&doc, src_limit, order);
    fuzz_check_segment(&doc, src_limit, order);
    rd_doc_free(&doc);
    return 0;
}

#endif
