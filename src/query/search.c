/* Searching's entry, spor search's among them (search.h): this file owns
 * what happens to a query between the caller and the match: it is
 * normalised once here (prepare.h); for spor search (spor_search_places)
 * a query naming several places goes to place-by-place answering
 * (compare_priv.h); any other has its spelling settled here and is
 * matched and ranked by match.h.
 *
 * Spelling: a query without hits is answered for its correction
 * (spor_results.corrected); a query with hits whose misspelt words match
 * nothing keeps its hits, the misspelt words also matching as the words
 * meant, at a lower weight; either way the correction is suggested
 * ("Mente du"). */
#include "spor/query/search.h"

#include <stdlib.h>
#include <string.h>

#include "compare_priv.h"
#include "continues.h"
#include "match.h"
#include "prepare.h"

/* Hits without the misspelt words, which match nothing: they count as the
 * words meant, at a lower weight. */
static spor_status answer_with_typos(spor_index *ix, const char *norm,
                                     const char *meant,
                                     const spor_search_opts *o,
                                     spor_results *out, spor_err *err)
{
    prep_typos typos = {NULL, 0};
    if (prep_typos_pair(norm, meant, &typos)) {
        prep_typos_free(&typos);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    prep_request rq = {norm, NULL, typos.n ? &typos : NULL, NULL, NULL, NULL};
    spor_status st = mt_answer(ix, &rq, o, out, err);
    prep_typos_free(&typos);
    return st;
}

/* Answers norm, which names at most one place, with its spelling settled:
 * as typed, or for the suggestion when what was typed has no hits. */
static spor_status search_spelled(spor_index *ix, const char *norm,
                                  const spor_search_opts *o,
                                  spor_results *out, spor_err *err)
{
    char *suggestion = NULL;
    spor_status st = SPOR_OK;
    if (!o->no_spelling)
        st = prep_suggest(ix, norm, &suggestion, err);
    int typed_hits = 1;
    if (!st && suggestion && o->offset == 0)
        st = mt_any(ix, norm, o, &typed_hits, err);
    prep_request typed = {norm, NULL, NULL, NULL, NULL, NULL};
    prep_request meant = {suggestion, NULL, NULL, NULL, NULL,
                           NULL};
    if (st) {
        /* Failed already. */
    } else if (!suggestion) {
        st = mt_answer(ix, &typed, o, out, err);
    } else if (!typed_hits) {
        /* Nothing for what was typed: search what was probably meant. */
        st = mt_answer(ix, &meant, o, out, err);
        out->corrected = 1;
    } else {
        /* The user is still asked ("Mente du"). */
        st = answer_with_typos(ix, norm, suggestion, o, out, err);
    }
    /* A short page goes on in its hits' sections (continues.h). */
    if (!st)
        st = cont_fill(ix, norm, o, out, err);
    if (st) {
        /* The hits of a search that went on and failed. */
        spor_results_free(out);
        free(suggestion);
        return st;
    }
    out->suggestion = suggestion;
    return SPOR_OK;
}

/* spor_search, and with by_place spor_search_places. */
static spor_status search_query(spor_index *ix, const char *query,
                                const spor_search_opts *o, int by_place,
                                spor_results *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    sbuf norm = SBUF_INIT;
    pl_set named = {0};
    spor_status st = prep_normalise(query, &norm, err);
    if (!st && by_place)
        st = cmpr_places_named(ix, norm.data, o, &named, err);
    if (!st && named.n)
        st = cmpr_search_named(ix, norm.data, &named, o, out, err);
    else if (!st)
        st = search_spelled(ix, norm.data, o, out, err);
    pl_set_free(&named);
    sbuf_free(&norm);
    return st;
}

spor_status spor_search(spor_index *ix, const char *query,
                        const spor_search_opts *o, spor_results *out,
                        spor_err *err)
{
    return search_query(ix, query, o, 0, out, err);
}

spor_status spor_search_places(spor_index *ix, const char *query,
                               const spor_search_opts *o, spor_results *out,
                               spor_err *err)
{
    return search_query(ix, query, o, 1, out, err);
}
