/* Passages named by their ids (see passages.h): parsing an id, finding
 * its document and passages, and comparing the document's file with the
 * one indexed, shared by show and open. */
#include "passages.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "spor/doc/reader.h"
#include "spor/text/buf.h"

int cli_parse_passage_id(const char *id, char doc[SCHEMA_ID_MAX],
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

int cli_passage_arg(const cli_session *s, const char *cmd,
                    char doc[SCHEMA_ID_MAX], unsigned *ord)
{
    if (s->rest.n != 1) {
        cli_error("%s: give one passage id (see 'spor %s --help')", cmd,
                  cmd);
        return -1;
    }
    if (cli_parse_passage_id(s->rest.pos[0], doc, ord) != 0) {
        cli_error("%s: '%s' is not a passage id (like 981ff2d2.57, as "
                  "'spor search' prints them)", cmd, s->rest.pos[0]);
        return -1;
    }
    return 0;
}

const schema_docinfo *cli_passage_doc(spor_index *ix, const char *doc_id,
                                      unsigned ord, spor_err *err)
{
    spor_err_clear(err);
    const schema_doctable *docs = spor_index_docs(ix, err);
    if (!docs)
        return NULL;
    for (size_t i = 0; i < docs->n; i++)
        if (!strcmp(docs->docs[i].id, doc_id))
            return ord < docs->docs[i].n_passages ? &docs->docs[i] : NULL;
    return NULL;
}

static int cmp_hit_ord(const void *a, const void *b)
{
    const spor_hit *x = a, *y = b;
    return x->rec.passage_ord < y->rec.passage_ord ? -1
           : x->rec.passage_ord > y->rec.passage_ord;
}

spor_status cli_fetch_passages(spor_index *ix, const char *doc_id,
                               unsigned first, unsigned last,
                               spor_results *res, spor_err *err)
{
    sbuf q = SBUF_INIT;
    for (unsigned k = first; k <= last; k++)
        if (sbuf_printf(&q, "%sid:%s.%u", k > first ? " " : "", doc_id, k)) {
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

cli_doc_state cli_doc_check(const schema_docinfo *d, char **bytes,
                            size_t *len, spor_err *err)
{
    char *b = NULL;
    size_t n = 0;
    struct stat sb;
    spor_err_clear(err);
    if (bytes)
        *bytes = NULL;
    if (stat(d->path, &sb) != 0 && errno == ENOENT)
        return CLI_DOC_GONE;
    if (rd_load_file(d->path, &b, &n, err) != SPOR_OK)
        return CLI_DOC_UNREADABLE;
    if (n != d->size || rd_hash_bytes(b, n) != d->hash) {
        free(b);
        return CLI_DOC_CHANGED;
    }
    if (bytes) {
        *bytes = b;
        *len = n;
    } else {
        free(b);
    }
    return CLI_DOC_SAME;
}
