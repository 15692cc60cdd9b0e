/* libFuzzer target for the reader and the segmenter: arbitrary bytes are
 * read as a document (rd_read_buffer) and cut into passages. Besides what
 * ASan and UBSan catch, it checks that every passage cites lines and bytes
 * that exist in the input, in order, and holds valid UTF-8 text. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_doc doc;
    spor_err err;
    spor_status st = rd_read_buffer((const char *)data, size, &doc, &err);
    if (st != SPOR_OK) {
        /* Only binary bytes make text unreadable, with a one-line reason. */
        CHECK(st == SPOR_EBINARY && err.msg[0] && !strchr(err.msg, '\n'));
        CHECK(doc.n_lines == 0 && doc.lines == NULL);
        return 0;
    }
    for (size_t i = 0; i < doc.n_lines; i++) {
        const rd_line *l = &doc.lines[i];
        CHECK(l->lineno == i + 1);
        CHECK(l->src_off + l->src_len <= size);
        CHECK(strlen(l->text) == l->len && utf8_valid(l->text, l->len));
    }
    seg_result seg;
    st = seg_segment(&doc, NULL, &seg, &err);
    CHECK(st == SPOR_OK);
    unsigned n_lines = (unsigned)doc.n_lines;
    for (size_t i = 0; i < seg.n_passages; i++) {
        const seg_passage *p = &seg.passages[i];
        CHECK(p->len > 0 && strlen(p->text) == p->len);
        CHECK(utf8_valid(p->text, p->len));
        CHECK(p->section && utf8_valid(p->section, strlen(p->section)));
        CHECK(p->line_start >= 1 && p->line_start <= p->line_end &&
              p->line_end <= n_lines);
        CHECK(p->byte_start <= p->byte_end && p->byte_end <= size);
        if (i > 0)
            CHECK(p->line_start >= seg.passages[i - 1].line_end);
    }
    CHECK(seg.title != NULL);
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return 0;
}
