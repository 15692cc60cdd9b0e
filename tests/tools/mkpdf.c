/* mkpdf IN OUT.pdf: typesets a text document into a PDF for the CLI tests
 * (see pdfmaker.h) and prints what it did, one fact a line, tab-separated:
 *   pages   N
 *   hyphen  PAGE  WORD  LEFT-PART
 *   heading PAGE  TEXT */
#include <stdio.h>

#include "pdfmaker.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: mkpdf IN.txt OUT.pdf\n");
        return 2;
    }
    pdfmaker_log log;
    char err[512];
    if (pdfmaker_render_file(argv[1], argv[2], &log, err, sizeof err) != 0) {
        fprintf(stderr, "mkpdf: %s\n", err);
        return 2;
    }
    printf("pages\t%u\n", log.n_pages);
    for (size_t i = 0; i < log.n_hyphens; i++)
        printf("hyphen\t%u\t%s\t%s\n", log.hyphens[i].page,
               log.hyphens[i].word, log.hyphens[i].left);
    for (size_t i = 0; i < log.n_headings; i++)
        printf("heading\t%u\t%s\n", log.headings[i].page,
               log.headings[i].text);
    pdfmaker_log_free(&log);
    pdfmaker_cleanup();
    return 0;
}
