/* Passages by id (see passages.h). The passages are fetched by their id
 * terms through an ordinary search, so show and web read the index the
 * way search does. */
#include "passages.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spor/query/search.h"
#include "spor/text/buf.h"

int cli_passage_id_parse(const char *id, char doc[SCHEMA_ID_MAX],
                         unsigned *ord)
{
    const char *dot = strrchr(id, '.');
    if (!dot || dot == id || (size_t)(dot - id) >= SCHEMA_ID_MAX || !dot[1])
        return -1;
    long v = cli_parse_count(dot + 1);
    if (v < 0)
        return -1;
    memcpy(doc, id, (size_t)(dot - id));
    doc[dot - id] = '\0';
    *ord = (unsigned)v;
    return 0;
}

const schema_docinfo *cli_find_doc(const schema_doctable *docs,
                                   const char *doc_id)
{
    for (size_t i = 0; i < docs->n; i++)
        if (!strcmp(docs->docs[i].id, doc_id))
            return &docs->docs[i];
    return NULL;
}

static int cmp_hit_ord(const void *a, const void *b)
{
    const spor_hit *x = a, *y = b;
    return x->rec.passage_ord < y->rec.passage_ord ? -1
           : x->rec.passage_ord > y->rec.passage_ord;
}

spor_status cli_passages_around(spor_index *ix, const schema_docinfo *d,
                                unsigned ord, unsigned context,
                                spor_results *res, spor_err *err)
{
    unsigned first = ord > context ? ord - context : 0;
    unsigned last = ord + context < d->n_passages ? ord + context
                                                  : d->n_passages - 1;
    sbuf q = SBUF_INIT;
    for (unsigned k = first; k <= last; k++)
        if (sbuf_printf(&q, "%sid:%s.%u", k > first ? " " : "", d->id, k)) {
            sbuf_free(&q);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = last - first + 1;
    so.keep_duplicates = 1;
    so.no_spelling = 1; /* ids are not words */
    spor_status st = spor_search(ix, q.data, &so, res, err);
    sbuf_free(&q);
    if (st == SPOR_OK)
        qsort(res->hits, res->n, sizeof *res->hits, cmp_hit_ord);
    return st;
}
