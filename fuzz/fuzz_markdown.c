/* libFuzzer target for the Markdown reader (read_md.c) and the segmenter
 * on its output: arbitrary bytes are read as a .md file and cut into
 * passages, with the checks of fuzz_check.h. Named entities come from the
 * readers module, as in spor. */
#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_reader(rd_parse_markdown, "fuzz.md", data, size, size,
                       FUZZ_LINES_ORDERED);
}
