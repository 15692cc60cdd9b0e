/* The readers module: the PDF and HTML readers as a loadable library.
 *
 * poppler-glib and libxml2 pull some sixty shared libraries (GLib, cairo,
 * freetype, ...) into any process linked with them, and loading them costs
 * every `spor search` more time than the search itself. So the two readers
 * live in a module of their own (spor-readers.so) that libspor dlopen()s
 * the first time a PDF or HTML file is read (readers_dl.c); a process that
 * never meets one never loads them.
 *
 * The module exports one symbol, SPOR_READERS_SYMBOL, a table of its entry
 * points. The table carries the sizes of the structures it shares with
 * libspor, so a module from another build is refused with a message rather
 * than misread. */
#ifndef SPOR_READERS_MODULE_H
#define SPOR_READERS_MODULE_H

#include <stddef.h>
#include <stdint.h>
#include "spor/doc/reader.h"
#include "spor/text/status.h"

/* Bumped whenever the table or a structure it passes changes. */
#define SPOR_READERS_ABI 1
#define SPOR_READERS_SYMBOL "spor_readers_v1"
/* The module's file name, looked for as readers_dl.c says. */
#define SPOR_READERS_FILE "spor-readers.so"

typedef struct spor_readers_module {
    unsigned abi;            /* SPOR_READERS_ABI */
    size_t doc_size;         /* sizeof(rd_doc) */
    size_t line_size;        /* sizeof(rd_line) */
    size_t err_size;         /* sizeof(spor_err) */
    rd_parse_fn parse_pdf;
    rd_parse_fn parse_html;
    /* The code point of the HTML named entity name ("aring", no & or ;),
     * 0 when there is none (libxml2's table; the Markdown reader's too). */
    uint32_t (*html_entity)(const char *name);
} spor_readers_module;

/* The readers themselves, inside the module (read_pdf.c, read_html.c);
 * libspor's rd_parse_pdf/rd_parse_html load the module and call these. */
spor_status rdm_parse_pdf(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err);
spor_status rdm_parse_html(const char *bytes, size_t len, const char *name,
                           rd_doc *out, spor_err *err);
uint32_t rdm_html_entity(const char *name);

/* In libspor (readers_dl.c): the module's html_entity. Returns 1 and sets
 * *cp when name is an entity, 0 when it is not, -1 when the module cannot
 * be loaded (the Markdown reader then keeps the entity as written). */
int rd_html_entity(const char *name, uint32_t *cp);

#endif
