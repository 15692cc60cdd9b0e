/* A C API over libxapian: the only door from libspor's C code into Xapian.
 *
 * Every handle is opaque. Every call returns an xc_status and, when it fails,
 * fills the caller's xc_error with Xapian's own message (error class and
 * description). No exception ever crosses this boundary, and no business
 * logic lives behind it: callers decide what terms, values and queries mean.
 * The model is notmuch's C API over Xapian. */
#ifndef XAPIAN_C_H
#define XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xc_status {
    XC_OK = 0,
    XC_ENOMEM,          /* std::bad_alloc */
    XC_EOPENING,        /* DatabaseOpeningError: missing or not a database */
    XC_EVERSION,        /* DatabaseVersionError: backend format unsupported */
    XC_ECORRUPT,        /* DatabaseCorruptError */
    XC_ELOCK,           /* DatabaseLockError: another writer holds the lock */
    XC_EMODIFIED,       /* DatabaseModifiedError: reopen and retry */
    XC_EQUERY,          /* QueryParserError */
    XC_ENOTFOUND,       /* DocNotFoundError, or a value/metadata key absent */
    XC_EINVAL,          /* InvalidArgumentError, or a NULL/bad argument */
    XC_EOTHER,          /* any other Xapian::Error or std::exception */
    XC_ENETWORK         /* NetworkError: a remote database does not answer */
} xc_status;

#define XC_ERROR_MAX 400

typedef struct xc_error {
    xc_status status;
    char msg[XC_ERROR_MAX]; /* "ErrorClass: description", one line */
} xc_error;

typedef struct xc_wdb xc_wdb;         /* WritableDatabase */
typedef struct xc_db xc_db;           /* Database (read only) */
typedef struct xc_doc xc_doc;         /* Document being built */
typedef struct xc_query xc_query;     /* Query */
typedef struct xc_qparser xc_qparser; /* QueryParser */
typedef struct xc_mset xc_mset;       /* MSet: one page of results */

/* The stemmer is C code (libspor's Snowball wrapper). The wrapper plugs it
 * into Xapian as a StemImplementation through this callback so that indexing
 * and query parsing stem identically. The callback writes the stem of
 * word[0..len) into out (capacity outcap) and returns its length, or -1 to
 * leave the word unstemmed. */
typedef long (*xc_stem_fn)(void *ctx, const char *word, size_t len,
                           char *out, size_t outcap);

/* ---- writing ---------------------------------------------------------- */

/* Creates a new database at path (which must not exist), glass backend. */
xc_status xc_wdb_create(const char *path, xc_wdb **out, xc_error *err);
/* As xc_wdb_create, for a scratch database that is only ever compacted
 * into the one kept: its commits skip fsync (Xapian's DB_NO_SYNC), since
 * compaction syncs what it writes and a run cut short discards the
 * scratch anyway. */
xc_status xc_wdb_create_scratch(const char *path, xc_wdb **out,
                                xc_error *err);
/* Opens an existing database for writing (or creates it if missing). */
xc_status xc_wdb_open(const char *path, xc_wdb **out, xc_error *err);
xc_status xc_wdb_add_document(xc_wdb *db, const xc_doc *doc,
                              unsigned *docid_out, xc_error *err);
xc_status xc_wdb_replace_document(xc_wdb *db, unsigned docid,
                                  const xc_doc *doc, xc_error *err);
xc_status xc_wdb_delete_document(xc_wdb *db, unsigned docid, xc_error *err);
/* Deletes every document indexed by term (e.g. all passages of a file). */
xc_status xc_wdb_delete_by_term(xc_wdb *db, const char *term, xc_error *err);
xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const void *val,
                              size_t len, xc_error *err);
/* The stored document docid (terms, values, data), to change and put back
 * with xc_wdb_replace_document; free it with xc_doc_free. */
xc_status xc_wdb_get_document(xc_wdb *db, unsigned docid, xc_doc **out,
                              xc_error *err);
/* Calls fn with the docid of each document indexed by term, in docid order;
 * fn returns non-zero to stop early, and may change those documents. */
typedef int (*xc_docid_fn)(void *ctx, unsigned docid);
xc_status xc_wdb_each_docid(xc_wdb *db, const char *term, xc_docid_fn fn,
                            void *ctx, xc_error *err);
xc_status xc_wdb_commit(xc_wdb *db, xc_error *err);
/* Closes and frees; NULL is allowed. Like Xapian, closing commits pending
 * changes but cannot report a failure: call xc_wdb_commit first. */
void xc_wdb_close(xc_wdb *db);
/* Writes a compacted copy of the database at src into dest (a new
 * directory): blocks filled, free space dropped (Xapian's compact). */
xc_status xc_db_compact(const char *src, const char *dest, xc_error *err);
/* Compacts the n databases srcs into one at dest, as xc_db_compact does
 * one: their document ids are kept, so their used ranges must not overlap
 * (empty databases have none); metadata keys held by more than one source
 * keep the first source's value. */
xc_status xc_db_compact_many(const char *const *srcs, size_t n,
                             const char *dest, xc_error *err);

/* ---- documents -------------------------------------------------------- */

xc_status xc_doc_new(xc_doc **out, xc_error *err);
void xc_doc_free(xc_doc *doc);
/* A term at a position (for phrase and NEAR matching), wdf += wdfinc. */
xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos,
                             unsigned wdfinc, xc_error *err);
/* A term without position. */
xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdfinc,
                          xc_error *err);
/* A filter term: wdf 0, so it never changes the BM25 score. */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term,
                                  xc_error *err);
xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const void *val,
                           size_t len, xc_error *err);
xc_status xc_doc_set_data(xc_doc *doc, const void *data, size_t len,
                          xc_error *err);
/* The document's data; *out malloc'd (caller frees). */
xc_status xc_doc_get_data(const xc_doc *doc, char **out, size_t *len,
                          xc_error *err);
/* The document's value in slot ("" when it has none); *out malloc'd. */
xc_status xc_doc_get_value(const xc_doc *doc, unsigned slot, char **out,
                           size_t *len, xc_error *err);

/* ---- reading ---------------------------------------------------------- */

xc_status xc_db_open(const char *path, xc_db **out, xc_error *err);
void xc_db_close(xc_db *db);
/* Re-reads the latest committed revision (after DatabaseModifiedError). */
xc_status xc_db_reopen(xc_db *db, xc_error *err);
/* Checks every table of the database at path as Xapian's check does (the
 * B-tree structure of each table and, for a whole database, that postings,
 * term lists and document lengths agree): reads the whole database, so
 * its cost grows with the index. Damage found gives XC_ECORRUPT, or the
 * status of the error Xapian threw. */
xc_status xc_db_check(const char *path, xc_error *err);
xc_status xc_db_doccount(xc_db *db, unsigned *out, xc_error *err);
/* Number of distinct terms: iterates the allterms list (cheap enough for
 * `stats`, not meant for the query path). prefix may be "" for all. */
xc_status xc_db_termcount(xc_db *db, const char *prefix, unsigned long *out,
                          xc_error *err);
/* How many documents index term (0 when absent). */
xc_status xc_db_termfreq(xc_db *db, const char *term, unsigned *out,
                         xc_error *err);
/* Metadata value for key; *out is malloc'd (caller frees), *len its size.
 * An absent key gives XC_ENOTFOUND. */
xc_status xc_db_get_metadata(xc_db *db, const char *key, char **out,
                             size_t *len, xc_error *err);
/* Data and a value of a document by docid; *out malloc'd, caller frees. */
xc_status xc_db_get_data(xc_db *db, unsigned docid, char **out, size_t *len,
                         xc_error *err);
xc_status xc_db_get_value(xc_db *db, unsigned docid, unsigned slot,
                          char **out, size_t *len, xc_error *err);
/* The same for a document a search has just returned: its data and its
 * value in slot (data or value may be NULL: not read), without the check
 * that the document exists (Xapian's DOC_ASSUME_VALID), a B-tree look-up
 * each that a hit does not need. */
xc_status xc_db_get_hit(xc_db *db, unsigned docid, char **data,
                        size_t *data_len, unsigned slot, char **value,
                        size_t *value_len, xc_error *err);
/* Calls fn for each term of the database that starts with prefix, in
 * order, with its term frequency; fn returns non-zero to stop early. */
typedef int (*xc_term_fn)(void *ctx, const char *term, size_t len,
                          unsigned termfreq);
xc_status xc_db_each_term(xc_db *db, const char *prefix, xc_term_fn fn,
                          void *ctx, xc_error *err);

/* ---- queries ---------------------------------------------------------- */

/* Query parser flags: the subset spor exposes (values are spor's own and
 * translated to Xapian's inside the wrapper). */
enum {
    XC_QP_BOOLEAN = 1 << 0,        /* AND OR NOT XOR */
    XC_QP_PHRASE = 1 << 1,         /* "quoted phrases" */
    XC_QP_LOVEHATE = 1 << 2,       /* +word -word */
    XC_QP_WILDCARD = 1 << 3,       /* word* */
    XC_QP_BOOLEAN_ANY_CASE = 1 << 4,
    XC_QP_PURE_NOT = 1 << 5,       /* NOT word alone */
    XC_QP_DEFAULT = XC_QP_BOOLEAN | XC_QP_PHRASE | XC_QP_LOVEHATE |
                    XC_QP_WILDCARD
};

typedef enum xc_stem_strategy {
    XC_STEM_NONE,
    XC_STEM_SOME,   /* Z-prefixed stems, except capitalised words/phrases */
    XC_STEM_ALL_Z   /* Z-prefixed stems for every word */
} xc_stem_strategy;

typedef enum xc_op { XC_OP_OR, XC_OP_AND } xc_op;

xc_status xc_qparser_new(xc_qparser **out, xc_error *err);
void xc_qparser_free(xc_qparser *qp);
/* The database supplies term frequencies for wildcard expansion. */
xc_status xc_qparser_set_database(xc_qparser *qp, xc_db *db, xc_error *err);
xc_status xc_qparser_set_stemmer(xc_qparser *qp, xc_stem_fn fn, void *ctx,
                                 xc_error *err);
xc_status xc_qparser_set_stemming_strategy(xc_qparser *qp,
                                           xc_stem_strategy s,
                                           xc_error *err);
xc_status xc_qparser_add_stopword(xc_qparser *qp, const char *word,
                                  xc_error *err);
xc_status xc_qparser_set_default_op(xc_qparser *qp, xc_op op, xc_error *err);
/* field:value in the query string becomes a filter term prefix+value. */
xc_status xc_qparser_add_boolean_prefix(xc_qparser *qp, const char *field,
                                        const char *prefix, xc_error *err);
/* field:word in the query string searches terms prefix+word. */
xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field,
                                const char *prefix, xc_error *err);
/* field:value in the query string becomes whatever query fn builds from
 * value (a Xapian FieldProcessor, as a filter: it adds no weight). fn
 * returns 0 and sets *out (which the parser then owns and frees), or
 * non-zero with a one-line reason in msg (capacity msgcap), which the
 * parser reports as a QueryParserError. fn must not keep value. */
typedef int (*xc_field_fn)(void *ctx, const char *value, size_t len,
                           xc_query **out, char *msg, size_t msgcap);
xc_status xc_qparser_add_boolean_field(xc_qparser *qp, const char *field,
                                       xc_field_fn fn, void *ctx,
                                       xc_error *err);
/* Caps how many terms one trailing-* wildcard may expand to. */
xc_status xc_qparser_set_max_expansion(xc_qparser *qp, unsigned max,
                                       xc_error *err);
xc_status xc_qparser_parse(xc_qparser *qp, const char *text, unsigned flags,
                           xc_query **out, xc_error *err);

/* Query construction beside the parser. */
xc_status xc_query_term(const char *term, unsigned wqf, xc_query **out,
                        xc_error *err);
typedef enum xc_query_op {
    XC_Q_OR, XC_Q_AND, XC_Q_AND_NOT, XC_Q_FILTER, XC_Q_AND_MAYBE,
    XC_Q_SYNONYM, XC_Q_PHRASE, XC_Q_NEAR
} xc_query_op;
/* Combines n subqueries (window is for PHRASE and NEAR, 0 = default). The
 * subqueries stay owned by the caller. */
xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n,
                           unsigned window, xc_query **out, xc_error *err);
/* Documents whose value in slot lies in [lo, hi] (byte-wise comparison,
 * OP_VALUE_RANGE). */
xc_status xc_query_value_range(unsigned slot, const void *lo, size_t lo_len,
                               const void *hi, size_t hi_len, xc_query **out,
                               xc_error *err);
/* Multiplies a query's weight by factor (OP_SCALE_WEIGHT). */
xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out,
                         xc_error *err);
/* Documents indexed with term (a boolean filter term), each scoring a
 * fixed weight: a tag such as a passage's place has no frequency of its
 * own to weigh, so the caller decides what being tagged is worth. */
xc_status xc_query_tagged(const char *term, double weight, xc_query **out,
                          xc_error *err);
/* The documents ids[0..n) (ascending), weight 0: a filter that costs no
 * B-tree look-up, where an OR of n id terms costs n. Only for a database
 * of one local shard (docids are a shard's own inside Xapian, and a
 * remote shard would need the source registered): XC_EINVAL otherwise,
 * or when ids are not ascending. */
xc_status xc_query_docids(const xc_db *db, const unsigned *ids, size_t n,
                          xc_query **out, xc_error *err);
void xc_query_free(xc_query *q);
int xc_query_is_empty(const xc_query *q);
/* Calls fn for each distinct term in the query (in query order); termfreq
 * is 0, as a query alone knows no frequencies. Wildcards and other
 * expansions happen at search time and so are not listed. */
xc_status xc_query_each_term(const xc_query *q, xc_term_fn fn, void *ctx,
                             xc_error *err);
/* Xapian's own description, for debugging and --explain; malloc'd. */
xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err);

/* Rebuilds q with each term leaf handed to fn. fn may set *out to a
 * replacement (ownership passes to the wrapper) or leave it NULL to keep
 * the leaf; it returns non-zero to abort (the call then fails with
 * XC_EOTHER). Leaves under PHRASE, NEAR, SCALE_WEIGHT, ELITE_SET and
 * wildcard or value operators are kept as they are: their parameters are
 * not part of Xapian 1.4's public API, so they cannot be rebuilt. */
typedef int (*xc_rewrite_fn)(void *ctx, const char *term, size_t len,
                             xc_query **out);
xc_status xc_query_rewrite(const xc_query *q, xc_rewrite_fn fn, void *ctx,
                           xc_query **out, xc_error *err);
/* As xc_query_rewrite, except that each PHRASE of plain terms (a quoted phrase,
 * a hyphenated word) is handed whole to phrase_fn: terms[i], lens[i] in
 * order. It may set *out to a replacement or leave it NULL to keep the
 * phrase. The parser gives a phrase the window of its length, which a
 * phrase rebuilt with XC_Q_PHRASE and window 0 gets too. */
typedef int (*xc_phrase_fn)(void *ctx, const char *const *terms,
                            const size_t *lens, size_t n, xc_query **out);
xc_status xc_query_rewrite_phrases(const xc_query *q, xc_rewrite_fn fn,
                                   xc_phrase_fn phrase_fn, void *ctx,
                                   xc_query **out, xc_error *err);

/* Calls fn for each metadata key that starts with prefix, in order (the
 * termfreq argument is 0); fn returns non-zero to stop early. */
xc_status xc_db_each_metadata_key(xc_db *db, const char *prefix,
                                  xc_term_fn fn, void *ctx, xc_error *err);

/* ---- spelling and synonyms -------------------------------------------- */

/* Adds word to the spelling table (its frequency grows by freqinc). */
xc_status xc_wdb_add_spelling(xc_wdb *db, const char *word, unsigned freqinc,
                              xc_error *err);
/* Lowers word's frequency in the spelling table by freqdec (removing it
 * at 0). */
xc_status xc_wdb_remove_spelling(xc_wdb *db, const char *word,
                                 unsigned freqdec, xc_error *err);
/* Empties the synonym table. */
xc_status xc_wdb_clear_synonyms(xc_wdb *db, xc_error *err);
/* Adds synonym as a synonym of term (both are index terms). */
xc_status xc_wdb_add_synonym(xc_wdb *db, const char *term,
                             const char *synonym, xc_error *err);
/* Xapian's best spelling correction for word within max_edit_distance;
 * *out is malloc'd, "" when there is none. */
xc_status xc_db_spelling_suggestion(xc_db *db, const char *word,
                                    unsigned max_edit_distance, char **out,
                                    xc_error *err);
/* Calls fn for each synonym of term (termfreq argument is 0). */
xc_status xc_db_each_synonym(xc_db *db, const char *term, xc_term_fn fn,
                             void *ctx, xc_error *err);

/* ---- searching -------------------------------------------------------- */

/* A match spy counting, over the documents a search matches, the values
 * they hold in one slot: Xapian's ValueCountMatchSpy, which xapian-tcpsrv
 * runs on remote shards too (it knows no other spy). Xapian calls spies
 * before collapsing, so with a collapse key the counts include the
 * documents the search then drops. Set check_at_least to the document
 * count for exact counts over all matches. */
typedef struct xc_spy xc_spy;
xc_status xc_spy_new_values(unsigned slot, xc_spy **out, xc_error *err);
void xc_spy_free(xc_spy *s);
/* Documents the spy has seen (with a value in its slot or not). */
unsigned xc_spy_seen(const xc_spy *s);
/* Calls fn for each non-empty value counted, in byte order, with its
 * count in termfreq; fn returns non-zero to stop. */
xc_status xc_spy_each(const xc_spy *s, xc_term_fn fn, void *ctx,
                      xc_error *err);

typedef struct xc_search_opts {
    double bm25_k1, bm25_k2, bm25_k3, bm25_b, bm25_min_normlen;
    int collapse_slot;  /* value slot to collapse on, or -1 for none */
    unsigned collapse_max;
    int sort_value_slot;     /* -1: by relevance, then docid (Xapian's
                                default); else by relevance, then this
                                slot's value, which each hit then carries
                                as its sort key (xc_mset_keys) */
    unsigned check_at_least; /* for accurate match estimates, 0 = default */
    xc_spy *const *spies;    /* match spies to run (the caller owns them;
                                they must outlive the search call) */
    size_t n_spies;
} xc_search_opts;

/* Xapian's defaults (k1 1, k2 0, k3 1, b 0.5, min_normlen 0.5), no collapse,
 * no spies. */
void xc_search_opts_default(xc_search_opts *o);

xc_status xc_db_search(xc_db *db, const xc_query *q, const xc_search_opts *o,
                       unsigned first, unsigned maxitems, xc_mset **out,
                       xc_error *err);
void xc_mset_free(xc_mset *m);
unsigned xc_mset_size(const xc_mset *m);
/* Xapian's estimate of the number of matches (not only this page). */
unsigned xc_mset_matches_estimated(const xc_mset *m);
xc_status xc_mset_get(const xc_mset *m, unsigned i, unsigned *docid,
                      double *weight, xc_error *err);
/* How many other documents collapsed into hit i (0 without collapse). */
unsigned xc_mset_collapse_count(const xc_mset *m, unsigned i);
/* Hit i's collapse key (empty without collapsing) and sort key (empty
 * without sort_value_slot), as malloc'd copies; either pointer may be
 * NULL. Remote shards send both with each hit, so reading them costs no
 * document fetch. */
xc_status xc_mset_keys(const xc_mset *m, unsigned i, char **collapse_key,
                       size_t *collapse_len, char **sort_key,
                       size_t *sort_len, xc_error *err);
/* Terms of the query that match hit i, in query order, with their term
 * frequency in the searched database. */
xc_status xc_mset_each_matching_term(const xc_mset *m, unsigned i,
                                     xc_term_fn fn, void *ctx,
                                     xc_error *err);

/* Relevance feedback: the up to maxterms best expansion terms (Xapian's
 * ESet over the given relevant docids), best first; fn gets each term
 * (termfreq argument: 0). Terms starting with a capital letter other than
 * Z (filters) are left out by Xapian's decider below. */
xc_status xc_db_expand(xc_db *db, const unsigned *docids, size_t n,
                       unsigned maxterms, xc_term_fn fn, void *ctx,
                       xc_error *err);

/* ---- several databases: shards ---------------------------------------- */

/* A database served by xapian-tcpsrv (or `spor serve`) on host:port.
 * timeout_ms bounds each exchange and the connection attempt; a server
 * that is down gives XC_ENETWORK. */
xc_status xc_db_open_remote(const char *host, unsigned port,
                            unsigned timeout_ms, xc_db **out, xc_error *err);
/* Adds what from holds to db, which then searches both as one database
 * with global statistics (Xapian's add_database). Docids interleave: with
 * n databases, docid d of the i-th (0-based) becomes (d - 1) * n + i + 1.
 * Metadata comes from the first database only. */
xc_status xc_db_add_database(xc_db *db, const xc_db *from, xc_error *err);
/* An empty database to add others to. */
xc_status xc_db_new_empty(xc_db **out, xc_error *err);
/* Calls fn for each document with a value in slot, in docid order, with
 * the docid and the value; fn returns non-zero to stop. */
typedef int (*xc_value_fn)(void *ctx, unsigned docid, const char *val,
                           size_t len);
xc_status xc_db_each_value(xc_db *db, unsigned slot, xc_value_fn fn,
                           void *ctx, xc_error *err);
/* Copies document docid of from into db under the docid as_docid (terms,
 * positions, values and data as they are). */
xc_status xc_wdb_copy_document(xc_wdb *db, xc_db *from, unsigned docid,
                               unsigned as_docid, xc_error *err);
/* Copies from's user metadata, spelling table (unless spelling is 0) and
 * synonym table into db. */
xc_status xc_wdb_copy_tables(xc_wdb *db, xc_db *from, int spelling,
                             xc_error *err);
/* Calls fn for each term that has synonyms (termfreq argument: 0). */
xc_status xc_db_each_synonym_key(xc_db *db, xc_term_fn fn, void *ctx,
                                 xc_error *err);

/* A sharded update's writer. Metadata, spelling and synonyms go to the
 * database at meta_path; passages to the shards, by one database's docids:
 * each shard is read where it is (shards[k]) until it is first written,
 * when copy(ctx, k, path, cap) must copy it and put the copy's path in
 * path (returning 0), and the copy is written instead. A document added
 * goes to the shard its document's term (home_prefix...) was deleted from,
 * else to the shard with the fewest passages; its docid follows the
 * highest of any shard. */
typedef int (*xc_shard_copy_fn)(void *ctx, unsigned k, char *path,
                                size_t cap);
xc_status xc_wdb_open_sharded(const char *meta_path,
                              const char *const *shards, size_t n,
                              const char *home_prefix, xc_shard_copy_fn copy,
                              void *ctx, xc_wdb **out, xc_error *err);
/* 1 when the sharded writer db has written (copied) shard k. */
int xc_wdb_shard_written(const xc_wdb *db, unsigned k);
/* Reads a sharded index as one database for an update: metadata from
 * meta_path, values (xc_db_get_value) by one database's docids from the
 * shards. */
xc_status xc_db_open_sharded(const char *meta_path, const char *const *shards,
                             size_t n, xc_db **out, xc_error *err);
/* Replaces db's metadata keys prefix+term by its synonym table, one key a
 * term with synonyms, its synonyms one a line. */
xc_status xc_wdb_synonyms_to_metadata(xc_wdb *db, const char *prefix,
                                      xc_error *err);

#ifdef __cplusplus
}
#endif

#endif
