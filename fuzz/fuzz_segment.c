/* libFuzzer target for the reader and the segmenter: arbitrary bytes are
 * read as a document (rd_read_buffer) and cut into passages. Besides what
 * ASan and UBSan catch, it checks that every passage cites lines and bytes
 * that exist in the input, in order, and holds valid UTF-8 text
 * (fuzz_check.h). */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rd_doc doc;
    spor_err err;
    spor_status st = rd_read_buffer((const char *)data, size, &doc, &err);
    if (st != SPOR_OK) {
        /* Only binary bytes make text unreadable, with a one-line reason. */
        CHECK(st == SPOR_EBINARY);
        fuzz_check_failed(st, &err, &doc);
        return 0;
    }
    fuzz_check_lines(&doc, size, FUZZ_LINES_COUNTED);
    fuzz_check_segment(&doc, size, FUZZ_LINES_COUNTED);
    rd_doc_free(&doc);
    return 0;
}
