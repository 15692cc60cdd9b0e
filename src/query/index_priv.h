/* The index handle's internals, shared by the query layer's modules only
 * (index.c owns them; preparation, match, highlights and copies read
 * them): the databases, the document table read entry by entry, what the
 * index stores to analyse a query as its documents were, and the one way
 * the query layer reports a Xapian error on the index. */
#ifndef SPOR_QUERY_INDEX_PRIV_H
#define SPOR_QUERY_INDEX_PRIV_H

#include <stddef.h>
#include "spor/query/index.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "spor/text/buf.h"
#include "spor/text/strmap.h"
#include "spor/text/wordlist.h"
#include "filters.h"
#include "xapian_c.h"

/* The field that names one passage (the other fields are filters.h's). */
#define IXH_ID_FIELD "id"

struct spor_index {
    wl_list *wordlist;  /* the Danish word list, mapped once for all
                           the queries' spelling (spell.h); NULL when it
                           is not installed */
    char *dir;
    char *root;      /* the folder it was built in (spor.root), or "" */
    sbuf notes;      /* what searches since the last clear have to tell the
                        user, a line each (spor_index_notes) */
    shd_set set;     /* the database(s) opened; db is set.db */
    xc_db *db;
    /* docs.n is the document count; an entry is read from the index when
     * first needed (path NULL until then) and stays where it is, so hits
     * can borrow it. all_docs: every entry has been read. */
    schema_doctable docs;
    int all_docs;
    unsigned *loaded;      /* ordinals of the entries read */
    size_t n_loaded, loaded_cap;
    char *zdict;           /* the passages' compression dictionary */
    size_t zdict_len;
    stop_list *stops;
    stem_stemmer *stemmer;
    xc_qparser *qp;
    pl_gazetteer *gaz;  /* the index's copy; NULL in an index without one */
    /* The compound splits looked up so far (splits.h): word -> 1 + the
     * offset of its parts in split_parts, 0 for no compound. NULL until
     * the first look-up. */
    strmap *splits;
    sbuf split_parts;
    flt_ctx flt;
};

/* Fills err with "<index>: <what>: <Xapian's message>", with the rebuild
 * advice when the failure may be damage (xerror.h). */
spor_status ixh_fail(const spor_index *ix, const char *what,
                     const xc_error *xe, spor_err *err);

/* Reads document ord's entry into ix->docs, unless it is there. */
spor_status ixh_load_doc(spor_index *ix, unsigned ord, spor_err *err);
/* Reads every entry not read yet. */
spor_status ixh_load_all_docs(spor_index *ix, spor_err *err);

#endif
