/* HTML output (out_html.c): a whole standalone UTF-8 page in Danish
 * (lang="da") with a little inline CSS, to open in a browser, print or
 * paste into a memo: each hit cited by title, publisher, year, section
 * and page or lines, with its snippet, the matched words in <mark>;
 * compare as a table per place. Every text from a document, the index or
 * the query is escaped (markup.h), and the page is well-formed XML too. */
#ifndef SPOR_CLI_OUT_HTML_H
#define SPOR_CLI_OUT_HTML_H

#include <stdio.h>

#include "spor/query/compare.h"
#include "spor/query/results.h"

/* spor search: a heading naming the query, the notes (spelling, words
 * found nowhere, shards that did not answer), then a numbered list of
 * citations. 0, or -1 when out of memory. */
int cli_html_search(FILE *f, const char *query, const spor_results *res,
                    unsigned missing_shards);

/* spor compare: a heading, the notes, then per place a heading with its
 * count and a table of its hits. 0 or -1 as above. */
int cli_html_compare(FILE *f, const char *query,
                     const spor_comparison *cmp);

/* spor show: the document's title, then each passage's place in it and
 * its text as a quotation, the passage ord marked. */
void cli_html_passages(FILE *f, const spor_results *res, unsigned ord);

#endif
