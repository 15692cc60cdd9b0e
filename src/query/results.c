/* What a search is asked and answers (results.h): this file owns the
 * options' defaults and freeing the results, whichever module (match.c,
 * compare.c) filled them. */
#include "spor/query/results.h"

#include <stdlib.h>
#include <string.h>

void spor_search_opts_default(spor_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = 10;
    o->snippet_words = SNIP_DEFAULT_WORDS;
}

void spor_hit_free(spor_hit *h)
{
    for (size_t j = 0; j < h->n_explain; j++)
        free(h->explain[j].word);
    free(h->explain);
    schema_record_free(&h->rec);
    snip_result_free(&h->snip);
    free(h->also_in);
    spor_words_free(h->missing, h->n_missing);
}

void spor_words_free(char **words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
}

void spor_results_free(spor_results *r)
{
    free(r->suggestion);
    spor_words_free(r->missing, r->n_missing);
    spor_words_free(r->by_head, r->n_by_head);
    spor_words_free(r->heads, r->n_by_head);
    for (size_t i = 0; i < r->n; i++)
        spor_hit_free(&r->hits[i]);
    free(r->hits);
    spor_facets_free(&r->facets);
    memset(r, 0, sizeof *r);
}

int spor_results_none(const spor_results *r, const spor_search_opts *o)
{
    return o->limit ? r->n == 0 : r->estimated == 0;
}
