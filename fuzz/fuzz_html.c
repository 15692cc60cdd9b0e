/* libFuzzer target for the HTML reader (read_html.c, libxml2) through the
 * readers module, and the segmenter on its output, with the checks of
 * fuzz_check.h. */
#include "fuzz_check.h"
#include "fuzz_readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(fuzz_module->parse_html, "fuzz.html", data, size,
                       size, FUZZ_LINES_ANY);
}
