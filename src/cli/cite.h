/* The citation of a hit in a document a person reads (the md and html
 * formats; cite.c): which report, by whom, when, which section and where
 * in it, and the notes that go before the hits, in Danish like the rest
 * of such a document, written through the format's escaping. */
#ifndef SPOR_CLI_CITE_H
#define SPOR_CLI_CITE_H

#include <stdio.h>

#include "markup.h"
#include "spor/query/results.h"

/* Where in its document a hit is, as a reader turns to it: "s. 12" or
 * "s. 12–13" for a document with pages (PDF), else "linje 12" or
 * "linje 12–14". */
#define CLI_CITE_WHERE_MAX 48
void cli_cite_where(const spor_hit *h, char out[CLI_CITE_WHERE_MAX]);

/* The hit's citation, each part written with esc: the title between
 * title_open and title_close, then " (" cli_cite_by ")" and ", "
 * cli_cite_place; a part the document lacks is left out. */
void cli_cite_write(FILE *f, const spor_hit *h, cli_escape_fn esc,
                    const char *title_open, const char *title_close);

/* Who published the hit's document and when: "Publisher, 2023",
 * "Publisher" or "2023"; 0 when the document says neither (nothing
 * written). */
int cli_cite_by(FILE *f, const spor_hit *h, cli_escape_fn esc);

/* Where in its document the hit is: "afsnit »section«, " (when it has
 * one) and cli_cite_where's place. */
void cli_cite_place(FILE *f, const spor_hit *h, cli_escape_fn esc);

/* The file and passage id of a hit, written with esc: "corpus/x.txt,
 * passage 981ff2d2.57". */
void cli_cite_source(FILE *f, const spor_hit *h, cli_escape_fn esc);

/* The notes a document gives before its hits, each written with esc
 * between open and close: shards that did not answer, the spelling
 * suggestion, query words found nowhere, a phrase answered by its words
 * apart. res may be NULL (compare has no such lists). 0, or -1 when out
 * of memory. */
int cli_cite_notes(FILE *f, const char *suggestion, int corrected,
                   const spor_results *res, unsigned missing_shards,
                   cli_escape_fn esc, const char *open, const char *close);

#endif
