/* The query's words for the match (words.h): this file owns grouping the
 * expansion's items by word, finding the words the index has in no form,
 * and turning flagged words (and the words matched by their head) into
 * the lists spor_results and spor_hit carry. */
#include "words.h"

#include <stdlib.h>
#include <string.h>

void wg_free(word_groups *g)
{
    free(g->start);
    free(g->lacks);
    free(g->phrase);
    free(g->named);
    free(g->absent);
    memset(g, 0, sizeof *g);
}

spor_status wg_group(const qb_explain *ex, word_groups *g, spor_err *err)
{
    memset(g, 0, sizeof *g);
    if (!(g->start = malloc((ex->n + 1) * sizeof *g->start)) ||
        !(g->absent = calloc(ex->n ? ex->n : 1, 1)) ||
        !(g->phrase = calloc(ex->n ? ex->n : 1, 1)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < ex->n; i++)
        if (i == 0 || strcmp(ex->items[i].word, ex->items[i - 1].word)) {
            g->phrase[g->n] = strchr(ex->items[i].word, ' ') != NULL;
            g->start[g->n++] = i;
        }
    g->start[g->n] = ex->n;
    return SPOR_OK;
}

spor_status wg_find_absent(spor_index *ix, const qb_explain *ex,
                           word_groups *g, const double *top, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t w = 0; !st && w < g->n; w++) {
        if (top[w] > 0)
            continue;
        size_t i = g->start[w], n_items = g->start[w + 1] - i;
        xc_query **subs = malloc(n_items * sizeof *subs);
        if (!subs)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        for (size_t k = 0; k < n_items; k++)
            subs[k] = ex->items[i + k].q;
        xc_query *word = NULL;
        xc_mset *ms = NULL;
        xc_error xe;
        if (xc_query_combine(XC_Q_OR, subs, n_items, 0, &word, &xe) ||
            xc_db_search(ix->db, word, NULL, 0, 1, &ms, &xe))
            st = ixh_fail(ix, "missing words", &xe, err);
        else
            g->absent[w] = xc_mset_size(ms) == 0;
        xc_mset_free(ms);
        xc_query_free(word);
        free(subs);
    }
    g->absent_known = !st;
    return st;
}

/* Appends a copy of word to v (n of them) unless v has it. */
static spor_status add_word(char ***v, size_t *n, const char *word,
                            spor_err *err)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*v)[i], word))
            return SPOR_OK;
    char **p = realloc(*v, (*n + 1) * sizeof *p);
    if (!p)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    *v = p;
    if (!(p[*n] = strdup(word)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    (*n)++;
    return SPOR_OK;
}

spor_status wg_flagged(const qb_explain *ex, const word_groups *g,
                       const unsigned char *flags, char ***v, size_t *n,
                       spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t w = 0; flags && !st && w < g->n; w++)
        if (flags[w])
            st = add_word(v, n, ex->items[g->start[w]].word, err);
    return st;
}


spor_status wg_by_head(const qb_explain *ex, char ***words, char ***heads,
                       size_t *n, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; !st && i < ex->n; i++) {
        if (!ex->items[i].head)
            continue;
        size_t had = *n;
        st = add_word(words, n, ex->items[i].word, err);
        if (st || *n == had)
            continue;
        /* heads grows with words, one head for each new word. */
        char **p = realloc(*heads, *n * sizeof *p);
        if (!p || !(p[*n - 1] = strdup(ex->items[i].head))) {
            if (p)
                *heads = p;
            /* The word without a head is dropped again. */
            free((*words)[--*n]);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        *heads = p;
    }
    return st;
}
