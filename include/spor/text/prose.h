/* How much of a passage reads as prose: a property of the text itself,
 * measured once at indexing (stored with each passage, schema.h) and used
 * by the ranker's prose prior (rank.h). A table of contents or a list of
 * links that repeats the query words scores as well under BM25 as the
 * paragraph that explains them; this measure tells them apart. */
#ifndef SPOR_PROSE_H
#define SPOR_PROSE_H

#include <stddef.h>

/* Share of the passage that is not prose, in [0, 1]: numbers and page
 * references, URLs and e-mail addresses, table cells, and lines without
 * sentences. */
double prose_nonprose(const char *text, size_t len);

#endif
