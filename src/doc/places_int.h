/* What the place tagger's files share (include/spor/doc/places.h is their
 * public face): places.c owns the gazetteer and name matching,
 * places_shape.c the lines whose names do not count, places_tag.c the
 * tagging of a segmented document. */
#ifndef SPOR_DOC_PLACES_INT_H
#define SPOR_DOC_PLACES_INT_H

#include "spor/doc/places.h"

/* Adds id and its parents (an ambiguous name has none) to out. */
spor_status pl_add_with_parents(const pl_gazetteer *g, unsigned id,
                                pl_set *out);
spor_status pl_set_add_all(pl_set *to, const pl_set *from);

/* Whether a line is part of an address or a contact block: a postcode
 * before a town, a street and its number, a phone, e-mail, CVR or ISBN
 * line, "Udgivet af". */
int pl_address_line(const char *s, size_t n);
/* Whether text (lines separated by '\n') is a table of contents: mostly
 * short lines ending in page numbers that rise. */
int pl_contents(const char *text, size_t len);
/* Adds the places text names (as pl_find in running text), leaving out
 * address lines, and everything when the text is a table of contents or
 * a contact block. */
spor_status pl_find_content(const pl_gazetteer *g, const char *text,
                            size_t len, pl_set *out);

#endif
