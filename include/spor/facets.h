/* Facets: how many of a search's matching passages each place, document
 * and year has, counted by Xapian match spies over the filter terms while
 * the search runs. Of each copy group only the passage the search keeps is
 * counted, so the counts agree with the hits a full listing shows. */
#ifndef SPOR_FACETS_H
#define SPOR_FACETS_H

#include <stddef.h>
#include "spor/places.h"
#include "spor/schema.h"
#include "spor/status.h"
#include "xapian_c.h"

typedef struct spor_facet {
    char *value;     /* place name, document path, or year */
    char *key;       /* the filter value: place term, document id, year */
    unsigned count;  /* matching passages */
} spor_facet;

typedef struct spor_facet_list {
    spor_facet *items; /* most passages first, then by value */
    size_t n;
} spor_facet_list;

typedef struct spor_facets {
    spor_facet_list places, docs, years;
    unsigned total;    /* matching passages counted */
} spor_facets;

enum { FCT_PLACE, FCT_DOC, FCT_YEAR, FCT_N };

/* One spy per facet kind, for a search collapsing on collapse_slot (or
 * -1); free with fct_spies_free. */
spor_status fct_spies_new(xc_spy *spies[FCT_N], int collapse_slot,
                          spor_err *err);
void fct_spies_free(xc_spy *spies[FCT_N]);

/* Reads the spies after a search into out. */
spor_status fct_collect(xc_spy *const spies[FCT_N], const pl_gazetteer *gaz,
                        const schema_doctable *docs, spor_facets *out,
                        spor_err *err);
void spor_facets_free(spor_facets *f);

#endif
