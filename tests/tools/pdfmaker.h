/* A small PDF typesetter for the tests: lays out a text document with
 * cairo into an A4 PDF, the way report software does, and remembers what
 * it did, so tests can check the PDF reader against the truth.
 *
 * Paragraphs are separated by blank lines; a paragraph whose first line
 * starts with '#' is a heading (set larger, in bold); "**" markers are
 * dropped. Body lines are filled greedily; a long word that does not fit
 * at a line's end is hyphenated there ("udfordrin-" / "ger"), as a
 * typesetter's hyphenation does. Every page carries a running head and a
 * page number foot, which the reader must drop. */
#ifndef SPOR_TEST_PDFMAKER_H
#define SPOR_TEST_PDFMAKER_H

#include <stddef.h>

#define PDFMAKER_RUNNING_HEAD "Testrapport fra spor"
#define PDFMAKER_TITLE "Testrapport fra korpus"

typedef struct pdfmaker_hyphen {
    char word[128];   /* the whole word */
    char left[128];   /* the part before the hyphen, without it */
    unsigned page;    /* 1-based page of the break */
} pdfmaker_hyphen;

typedef struct pdfmaker_heading {
    char text[256];
    unsigned page;
} pdfmaker_heading;

typedef struct pdfmaker_log {
    pdfmaker_hyphen *hyphens;
    size_t n_hyphens;
    pdfmaker_heading *headings;
    size_t n_headings;
    unsigned n_pages;
} pdfmaker_log;

/* Typesets text[0..len) into a PDF at path. Returns 0, or -1 with a message
 * in err. */
int pdfmaker_render(const char *text, size_t len, const char *path,
                    pdfmaker_log *log, char *err, size_t err_len);

/* Reads the file at in and typesets it to out (see pdfmaker_render). */
int pdfmaker_render_file(const char *in, const char *out, pdfmaker_log *log,
                         char *err, size_t err_len);

void pdfmaker_log_free(pdfmaker_log *log);

/* Frees cairo's and fontconfig's caches at the end of a program, so the
 * leak checker sees only leaks of our own. */
void pdfmaker_cleanup(void);

#endif
