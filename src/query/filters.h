/* Filters: restricting a search to places, documents and years, from
 * options (--place, --doc, --year) or from the query string (sted:,
 * place:, doc:, år:, year:). Both paths build the same boolean Xapian
 * queries over the filter terms of the schema, so they combine freely
 * with any query and never change a score.
 *
 *  place  a place name in any spelling or inflection the gazetteer knows
 *         ("Århus", "Københavns", also "Kobenhavn"), or as the passages
 *         carry it; any other name is an error in an option and a word
 *         to search for in the query string
 *  doc    a document id, or a part of a document's path ("kbh-social")
 *  year   2015, or a range 2015..2023 (either end may be left open) */
#ifndef SPOR_FILTERS_H
#define SPOR_FILTERS_H

#include <stddef.h>
#include "spor/doc/places.h"
#include "spor/store/schema.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "xapian_c.h"

/* The document table, for document filters: called only when a filter
 * names a document, so an index opened for other searches need not read
 * it. NULL when it cannot be read, with err saying why. */
typedef const schema_doctable *(*flt_docs_fn)(void *ctx, spor_err *err);

typedef struct flt_ctx {
    const pl_gazetteer *gaz;      /* may be NULL */
    flt_docs_fn docs;
    void *docs_ctx;
    const char *root;             /* the index's folder, or "" */
    xc_db *db;                    /* for place names the index knows; may
                                     be NULL */
    sbuf *notes;                  /* where sted: with an unknown name says
                                     it was searched as a word, a line
                                     each; may be NULL */
} flt_ctx;

/* The filter term for a place name ("P" + canonical name, lower case);
 * SPOR_EQUERY for a name no place answers to ("ukendt sted 'x'", with the
 * nearest known names). placename.h says how names resolve. */
spor_status flt_place_term(const flt_ctx *c, const char *name, size_t len,
                           char **out, spor_err *err);

/* One value of each kind, as a query. */
spor_status flt_place(const flt_ctx *c, const char *v, size_t len,
                      xc_query **out, spor_err *err);
spor_status flt_doc(const flt_ctx *c, const char *v, size_t len,
                    xc_query **out, spor_err *err);
spor_status flt_year(const flt_ctx *c, const char *v, size_t len,
                     xc_query **out, spor_err *err);

/* The filter for the options: each argument (NULL or "" for none) is a
 * comma-separated list of alternatives; the kinds are ANDed. *out is NULL
 * when nothing is filtered. */
spor_status flt_build(const flt_ctx *c, const char *places, const char *docs,
                      const char *years, xc_query **out, spor_err *err);

/* Registers sted:/place:, doc: and år:/year: with the query parser; c
 * must outlive qp. */
spor_status flt_register(xc_qparser *qp, flt_ctx *c, spor_err *err);

/* What a field of the query syntax filters by. */
typedef enum flt_field {
    FLT_NOT_FIELD,  /* not a field flt_register registers */
    FLT_PLACE,
    FLT_DOC,
    FLT_YEAR
} flt_field;

/* What the field name[0..len) ("sted", "doc", ...) filters by. */
flt_field flt_field_kind(const char *name, size_t len);

#endif
