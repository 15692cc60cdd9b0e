/* libFuzzer target for the PDF reader (read_pdf.c, poppler-glib) through
 * the readers module, and the segmenter on its output, with the checks of
 * fuzz_check.h. A PDF's line offsets count its extracted text, not the
 * input's bytes, so those are not checked against the input. */
#include "fuzz_check.h"
#include "fuzz_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(fuzz_module->parse_pdf, "fuzz.pdf", data, size, 0,
                       FUZZ_LINES_ORDERED | FUZZ_LINES_PAGED);
}
