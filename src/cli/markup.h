/* Writing document text into the markup of the export formats (markup.c):
 * HTML, Markdown and a text with its highlight spans marked in either.
 * Whatever a document, a title or a query holds arrives as text in the
 * reader's page, never as markup: a file containing <script> shows the
 * word <script>. A byte that is not UTF-8 is written as U+FFFD, as JSON
 * writes it. */
#ifndef SPOR_CLI_MARKUP_H
#define SPOR_CLI_MARKUP_H

#include <stdio.h>

#include "spor/query/snippet.h"

/* Writes s[0..len) to f as text of one markup. */
typedef void (*cli_escape_fn)(FILE *f, const char *s, size_t len);

/* HTML text or attribute value: & < > " ' as character references, and a
 * control character XML does not allow as U+FFFD, so the page also parses
 * as XML. */
void cli_html_text(FILE *f, const char *s, size_t len);

/* Markdown text within one line, also inside a table cell: a backslash
 * before every character that would open emphasis, code, a link, raw
 * HTML, an entity or a cell (\ ` * _ [ ] < > | & ~), and before what
 * would start a block at the start of s (# - + = and "1." or "1)"); a
 * line end or tab as a space, other control characters as U+FFFD. */
void cli_md_text(FILE *f, const char *s, size_t len);

/* s[0..len) written with esc, each highlight span hl[0..n) (sorted, not
 * overlapping, within s, as snip_result holds them) between open and
 * close: "<mark>" and "</mark>", or "**" twice. */
void cli_write_marked(FILE *f, const char *s, size_t len,
                      const snip_range *hl, size_t n, cli_escape_fn esc,
                      const char *open, const char *close);

#endif
