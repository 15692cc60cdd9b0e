/* Facets: how many of a search's matching passages each place, document
 * and year has. Xapian's ValueCountMatchSpy counts the passages' facet
 * values (SCHEMA_SLOT_FACETS) while the search runs, on remote shards
 * too; this module expands the counted values into per-place, -document
 * and -year counts. Of each copy group only the passage the search keeps
 * is counted, so the counts agree with the hits a full listing shows:
 * Xapian runs spies before collapsing, so when copies collapse a second
 * spy finds the groups with passages that joined another's
 * (SCHEMA_SLOT_JOINED) and one more search over just those groups tells
 * which passage of each the collapse kept and which it dropped. The
 * copies the match folds itself (collapse.h) are taken out too
 * (fct_counter_fold), so that the counts are of the passages a listing
 * of every hit shows. */
#ifndef SPOR_FACETS_H
#define SPOR_FACETS_H

#include <stddef.h>
#include "spor/doc/places.h"
#include "spor/store/schema.h"
#include "spor/text/status.h"
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
    unsigned total;    /* matching passages counted: each copy group once,
                          each folded copy with the passage it is folded
                          into, as the hits list them */
    unsigned copies;   /* the further copies of them that match (shown and
                          counted when copies are kept: --all-copies) */
} spor_facets;

/* The spies of one search: spies[0] counts SCHEMA_SLOT_FACETS, spies[1]
 * (only when the search collapses copies) SCHEMA_SLOT_JOINED. */
/* A passage's facet value (SCHEMA_SLOT_FACETS). */
typedef struct fct_value {
    char *val;
    size_t len;
} fct_value;

typedef struct fct_counter {
    xc_spy *spies[2];
    size_t n_spies;
    fct_value *folded;   /* the copies folded away (fct_counter_fold) */
    size_t n_folded, cap_folded;
} fct_counter;

/* Spies for a search that collapses copies on SCHEMA_SLOT_COPY (collapse
 * non-zero) or keeps every copy; free with fct_counter_free. */
spor_status fct_counter_init(fct_counter *c, int collapse, spor_err *err);
void fct_counter_free(fct_counter *c);

/* Takes out of c's counts a matching passage the match folded into
 * another as its copy: val (len bytes) is its SCHEMA_SLOT_FACETS value. */
spor_status fct_counter_fold(fct_counter *c, const char *val, size_t len,
                             spor_err *err);

/* Reads the spies after db was searched for q with so (whose spies were
 * c's, and check_at_least the document count) into out. Searches db once
 * more when copies collapsed. Errors name where (the index). */
spor_status fct_collect(const fct_counter *c, xc_db *db, const xc_query *q,
                        const xc_search_opts *so, const pl_gazetteer *gaz,
                        const schema_doctable *docs, const char *where,
                        spor_facets *out, spor_err *err);
void spor_facets_free(spor_facets *f);

#endif
