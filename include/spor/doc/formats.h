/* Document formats: telling them apart and reading each file with the
 * reader its format calls for (the readers themselves are declared in
 * reader.h).
 *
 * spor reads plain text, Markdown, HTML and PDF. The format of a file is
 * told by its content first (magic bytes: "%PDF-", an HTML doctype or
 * <html> tag) and by its name second (.md, .html, .pdf, ...), so a PDF
 * saved as "rapport.txt" is still read as a PDF. Every reader produces the
 * same rd_doc of normalised lines (reader.h), with the extras its format
 * knows: page numbers (PDF), headings and body-text roles (HTML, Markdown,
 * PDF fonts) and a title (HTML <title>, PDF metadata). */
#ifndef SPOR_FORMATS_H
#define SPOR_FORMATS_H

#include <stddef.h>
#include "spor/doc/reader.h"
#include "spor/text/status.h"

typedef enum fmt_format {
    FMT_UNKNOWN = 0, /* nothing says what it is */
    FMT_TEXT,
    FMT_MARKDOWN,
    FMT_HTML,
    FMT_PDF,
    FMT_OTHER        /* a known format spor does not read (images,
                              archives, fonts, office files, executables) */
} fmt_format;

/* Bytes of a file's start that fmt_detect looks at. */
#define FMT_SNIFF_BYTES 1024

/* The format of a file named name whose first bytes are head[0..n): magic
 * bytes first, then the extension. name may be NULL, head may be empty. */
fmt_format fmt_detect(const char *name, const char *head, size_t n);

/* The format the file name alone says (FMT_UNKNOWN if none). */
fmt_format fmt_of_name(const char *name);

/* A short lower-case name: "text", "markdown", "html", "pdf", ... */
const char *fmt_name(fmt_format f);

/* Whether a file met while walking a folder is a document to index: it
 * has a document extension, or its first bytes say PDF or HTML. Files
 * that are neither (images, style sheets, scripts, files without an
 * extension) are not documents; 0 also when the file cannot be opened
 * (the caller will meet the error when it reads the file, if it tries). */
int fmt_is_document(const char *path);

/* Reads the file at path with the reader its format calls for; an unknown
 * format is read as text (refused as binary if it is not). Errors name the
 * path: SPOR_EIO, SPOR_EINVAL (too large, damaged or encrypted PDF),
 * SPOR_EBINARY (not text, or a format spor does not read). */
spor_status fmt_read_any(const char *path, rd_doc *out, spor_err *err);

#endif
