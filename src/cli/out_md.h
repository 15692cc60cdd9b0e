/* Markdown output (out_md.c): a document a person pastes into a memo,
 * each hit cited by title, publisher, year, section and page or lines,
 * with its snippet, the matched words in bold; compare as a table per
 * place. Every text from a document, the index or the query is escaped
 * (markup.h), so none of it becomes markup. */
#ifndef SPOR_CLI_OUT_MD_H
#define SPOR_CLI_OUT_MD_H

#include <stdio.h>

#include "spor/query/compare.h"
#include "spor/query/results.h"

/* spor search: a heading naming the query, the notes (spelling, words
 * found nowhere, shards that did not answer), then a numbered list of
 * citations. 0, or -1 when out of memory. */
int cli_md_search(FILE *f, const char *query, const spor_results *res,
                  unsigned missing_shards);

/* spor compare: a heading, the notes, then per place a heading with its
 * count and a table of its hits. 0 or -1 as above. */
int cli_md_compare(FILE *f, const char *query, const spor_comparison *cmp);

/* spor show: the document's title, then each passage's place in it and
 * its text as a quotation, the passage ord marked. */
void cli_md_passages(FILE *f, const spor_results *res, unsigned ord);

#endif
