/* Comparing places: the best passages for one query, place by place, with
 * how many matching passages each place has.
 *
 * BM25 favours passages that name one place often, so a query naming
 * three cities ("hjemløshed amsterdam london") would otherwise fill the
 * first page with the city its best passage names. spor_search_places
 * (search.h) answers such a query as compare does: one filtered search per place
 * named, merged best-of-each in turn. */
#ifndef SPOR_COMPARE_H
#define SPOR_COMPARE_H

#include "spor/query/index.h"
#include "spor/query/results.h"

/* How many places compare shows when it chooses them itself. */
#define SPOR_COMPARE_DEFAULT_PLACES 4

typedef struct spor_place_group {
    char *place;        /* the place's name as the gazetteer writes it */
    unsigned count;     /* matching passages about the place */
    spor_results res;   /* its best passages (o->limit of them) */
} spor_place_group;

typedef struct spor_comparison {
    spor_place_group *groups;
    size_t n;
    char *suggestion;   /* the query with misspelt words corrected, or NULL */
    int corrected;      /* 1: no place had a match for the query, so these
                           are the suggestion's */
} spor_comparison;

/* Runs query once per place: places is a comma-separated list, or NULL to
 * take the max_places places with the most matching passages (a district
 * is left out when its city is in the list). o's other filters apply to
 * every place; o->limit hits per place. Spelling is checked once for
 * the whole comparison (unless o->no_spelling). */
spor_status spor_compare(spor_index *ix, const char *query,
                         const char *places, unsigned max_places,
                         const spor_search_opts *o, spor_comparison *out,
                         spor_err *err);
void spor_comparison_free(spor_comparison *c);

#endif
