/* The index handle (index.h): this file owns opening an index and what it
 * reads from the index's metadata to answer queries as the documents were
 * analysed (schema version, document table, compression dictionary, stop
 * list, gazetteer, stemmer's keep list, the query parser set up with
 * them), the document table read entry by entry, and the index's places
 * and statistics. The rest of the query layer reads the handle through
 * index_priv.h and reports Xapian errors on it through ixh_fail. */
#include "index_priv.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spor/analysis/lexicon.h"
#include "spor/store/verify.h"
#include "spor/store/xerror.h"
#include "spor/text/buf.h"

/* Wildcards expand to at most this many terms: a lone "b*" must not turn
 * into a query that runs for seconds. */
#define WILDCARD_MAX_EXPANSION 200

const pl_gazetteer *spor_index_gazetteer(const spor_index *ix)
{
    return ix->gaz;
}

void spor_index_close(spor_index *ix)
{
    if (!ix)
        return;
    xc_qparser_free(ix->qp);
    shd_close(&ix->set);
    /* Only the entries read: walking the whole table would touch every
     * page of it. */
    for (size_t i = 0; i < ix->n_loaded; i++)
        schema_docinfo_free(&ix->docs.docs[ix->loaded[i]]);
    free(ix->docs.docs);
    free(ix->loaded);
    free(ix->zdict);
    stop_free(ix->stops);
    stem_free(ix->stemmer);
    pl_free(ix->gaz);
    wl_close(ix->wordlist);
    smap_free(ix->splits);
    sbuf_free(&ix->split_parts);
    free(ix->root);
    sbuf_free(&ix->notes);
    free(ix->dir);
    free(ix);
}

spor_status ixh_fail(const spor_index *ix, const char *what,
                     const xc_error *xe, spor_err *err)
{
    /* Xapian finds a damaged table only when it reads the damaged block,
     * so any failure on the index may be damage: say how to recover. */
    return xerr_fail(err, xe, 1, "%s: %s", ix->dir, what);
}

static spor_status read_meta(spor_index *ix, const char *key, char **out,
                             size_t *len, spor_err *err)
{
    xc_error xe;
    xc_status xs = xc_db_get_metadata(ix->db, key, out, len, &xe);
    if (xs == XC_ENOTFOUND)
        return spor_fail(err, SPOR_EINDEX, "%s: not a spor index (no %s); "
                         "rebuild it with 'spor index'", ix->dir, key);
    if (xs != XC_OK)
        return ixh_fail(ix, "index is damaged", &xe, err);
    return SPOR_OK;
}

spor_status ixh_load_doc(spor_index *ix, unsigned ord, spor_err *err)
{
    if (ord >= ix->docs.n)
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged (passage "
                         "of an unknown document)", ix->dir);
    if (ix->docs.docs[ord].path)
        return SPOR_OK;
    char key[SCHEMA_DOC_KEY_MAX];
    char *meta = NULL;
    size_t len = 0;
    if (spor_grow(&ix->loaded, &ix->loaded_cap, ix->n_loaded,
                  sizeof *ix->loaded, 32))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    schema_doc_key(ord, key);
    spor_status st = read_meta(ix, key, &meta, &len, err);
    schema_doctable one;
    if (!st && (st = schema_doctable_decode(meta, len, &one, err)) == SPOR_OK) {
        if (one.n == 1) {
            ix->docs.docs[ord] = one.docs[0];
            ix->loaded[ix->n_loaded++] = ord;
            free(one.docs);
        } else {
            schema_doctable_free(&one);
            st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (entry "
                           "%s)", ix->dir, key);
        }
    } else if (st == SPOR_EINDEX && meta) {
        spor_err inner = *err;
        st = spor_fail(err, st, "%s: %s", ix->dir, inner.msg);
    }
    free(meta);
    return st;
}

spor_status ixh_load_all_docs(spor_index *ix, spor_err *err)
{
    for (size_t i = 0; !ix->all_docs && i < ix->docs.n; i++) {
        spor_status st = ixh_load_doc(ix, (unsigned)i, err);
        if (st)
            return st;
    }
    ix->all_docs = 1;
    return SPOR_OK;
}

const schema_doctable *spor_index_docs(spor_index *ix, spor_err *err)
{
    return ixh_load_all_docs(ix, err) == SPOR_OK ? &ix->docs : NULL;
}

static const schema_doctable *filter_docs(void *ctx, spor_err *err)
{
    return spor_index_docs(ctx, err);
}

/* How messages name the index: its folder, or all the parts named. */
static char *join_specs(const char *const *specs, size_t n)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < n; i++)
        if ((i && sbuf_append_str(&b, " + ")) ||
            sbuf_append_str(&b, specs[i])) {
            sbuf_free(&b);
            return NULL;
        }
    return sbuf_detach(&b, NULL);
}

static spor_status read_version(spor_index *ix, spor_err *err)
{
    char *meta = NULL;
    size_t len = 0;
    spor_status st = read_meta(ix, SCHEMA_META_VERSION, &meta, &len, err);
    if (!st && atoi(meta) != SCHEMA_VERSION)
        st = spor_fail(err, SPOR_EINDEX, "%s: index has schema version %s, "
                       "this spor reads version %d; rebuild it with 'spor "
                       "index'", ix->dir, meta, SCHEMA_VERSION);
    free(meta);
    return st;
}

/* The document table, with no entry read yet. */
static spor_status read_doc_count(spor_index *ix, spor_err *err)
{
    char *meta = NULL;
    size_t len = 0;
    spor_status st = read_meta(ix, SCHEMA_META_NDOCS, &meta, &len, err);
    if (st)
        return st;
    char *end = NULL;
    unsigned long nd = strtoul(meta, &end, 10);
    /* A document takes far more than 8 bytes of index: bound the count
     * before the table is allocated. */
    if (end == meta || *end || nd > UINT_MAX / 64)
        st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged (%s)",
                       ix->dir, SCHEMA_META_NDOCS);
    free(meta);
    if (st)
        return st;
    /* calloc of a large table maps zero pages: no cost until touched. */
    ix->docs.docs = calloc(nd ? nd : 1, sizeof *ix->docs.docs);
    if (!ix->docs.docs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    ix->docs.n = nd;
    return SPOR_OK;
}

static spor_status read_zdict(spor_index *ix, spor_err *err)
{
    xc_error xe;
    /* Xapian drops an empty metadata value: no key, an empty dictionary
     * (a corpus too small to train one). */
    xc_status zs = xc_db_get_metadata(ix->db, SCHEMA_META_ZDICT, &ix->zdict,
                                      &ix->zdict_len, &xe);
    if (zs != XC_OK && zs != XC_ENOTFOUND)
        return ixh_fail(ix, "index is damaged", &xe, err);
    return SPOR_OK;
}

static spor_status read_stopwords(spor_index *ix, spor_err *err)
{
    char *meta = NULL;
    size_t len = 0;
    xc_error xe;
    spor_status st;
    /* An index built without a stop list has no stopwords key. */
    if (xc_db_get_metadata(ix->db, SCHEMA_META_STOPWORDS, &meta, &len,
                           &xe) == XC_OK)
        st = stop_parse(meta, len, &ix->stops, err);
    else
        st = stop_parse("", 0, &ix->stops, err);
    free(meta);
    return st;
}

/* The gazetteer the passages were tagged with, so place filters and place
 * names in queries resolve the same way. */
static spor_status read_gazetteer(spor_index *ix, spor_err *err)
{
    char *meta = NULL;
    size_t len = 0;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (xc_db_get_metadata(ix->db, SCHEMA_META_GAZETTEER, &meta, &len,
                           &xe) == XC_OK &&
        (st = pl_parse(meta, len, ix->dir, &ix->gaz, err)) != SPOR_OK) {
        spor_err inner = *err;
        st = spor_fail(err, st, "%s: index is damaged: %s", ix->dir,
                       inner.msg);
    }
    free(meta);
    return st;
}

/* The folder the index was built in, which `doc` paths are shown below
 * ("" when the index does not say). */
static spor_status read_root(spor_index *ix, spor_err *err)
{
    size_t len = 0;
    xc_error xe;
    xc_status xs = xc_db_get_metadata(ix->db, SCHEMA_META_ROOT, &ix->root,
                                      &len, &xe);
    if (xs != XC_OK && xs != XC_ENOTFOUND)
        return ixh_fail(ix, "index is damaged", &xe, err);
    if (!ix->root && !(ix->root = strdup("")))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* Stem as the index did: the words that are their own stem. */
static spor_status make_stemmer(spor_index *ix, spor_err *err)
{
    spor_status st = stem_new("danish", &ix->stemmer, err);
    if (st)
        return st;
    xc_error xe;
    xc_status ks = schema_load_stemkeep(ix->db, ix->stemmer, &xe);
    if (ks == XC_ENOMEM)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (ks != XC_OK)
        return ixh_fail(ix, "index is damaged", &xe, err);
    return SPOR_OK;
}

static spor_status setup_parser(spor_index *ix, spor_err *err)
{
    xc_error xe;
    if (xc_qparser_new(&ix->qp, &xe) ||
        xc_qparser_set_database(ix->qp, ix->db, &xe) ||
        xc_qparser_set_stemmer(ix->qp, stem_xapian_callback, ix->stemmer,
                               &xe) ||
        xc_qparser_set_stemming_strategy(ix->qp, XC_STEM_NONE, &xe) ||
        xc_qparser_set_default_op(ix->qp, XC_OP_OR, &xe) ||
        xc_qparser_set_max_expansion(ix->qp, WILDCARD_MAX_EXPANSION, &xe))
        return ixh_fail(ix, "query parser", &xe, err);
    if (xc_qparser_add_boolean_prefix(ix->qp, IXH_ID_FIELD, SCHEMA_PREFIX_ID,
                                      &xe))
        return ixh_fail(ix, "query parser", &xe, err);
    ix->flt.gaz = ix->gaz;
    ix->flt.docs = filter_docs;
    ix->flt.docs_ctx = ix;
    ix->flt.root = ix->root;
    ix->flt.db = ix->db;
    ix->flt.notes = &ix->notes;
    spor_status st = flt_register(ix->qp, &ix->flt, err);
    if (st)
        return st;
    for (size_t i = 0; i < stop_count(ix->stops); i++)
        if (xc_qparser_add_stopword(ix->qp, stop_word(ix->stops, i), &xe))
            return ixh_fail(ix, "query parser", &xe, err);
    return SPOR_OK;
}

spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err)
{
    return spor_index_open_set(&dir, 1, NULL, out, err);
}

spor_status spor_index_open_set(const char *const *specs, size_t n,
                                const shd_open_opts *o, spor_index **out,
                                spor_err *err)
{
    spor_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->dir = join_specs(specs, n))) {
        free(ix);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    ix->wordlist = wl_open(LEX_DEFAULT_WORDLIST);
    spor_status st = shd_open(specs, n, o, &ix->set, err);
    ix->db = ix->set.db;
    if (!st)
        st = read_version(ix, err);
    if (!st)
        st = read_doc_count(ix, err);
    if (!st)
        st = read_zdict(ix, err);
    if (!st)
        st = read_stopwords(ix, err);
    if (!st)
        st = read_gazetteer(ix, err);
    if (!st)
        st = read_root(ix, err);
    if (!st)
        st = make_stemmer(ix, err);
    if (!st)
        st = setup_parser(ix, err);
    if (st) {
        spor_index_close(ix);
        return st;
    }
    *out = ix;
    return SPOR_OK;
}

unsigned spor_index_missing_shards(const spor_index *ix)
{
    return ix->set.n_missing;
}

unsigned spor_index_shards(const spor_index *ix)
{
    return ix->set.n_shards;
}

const char *spor_index_name(const spor_index *ix)
{
    return ix->dir;
}

const char *spor_index_root(const spor_index *ix)
{
    return ix->root;
}

const char *spor_index_notes(const spor_index *ix)
{
    return ix->notes.data ? ix->notes.data : "";
}

void spor_index_clear_notes(spor_index *ix)
{
    sbuf_reset(&ix->notes);
}

int spor_index_is_remote(const spor_index *ix)
{
    return ix->set.remote;
}

typedef struct place_ctx {
    const pl_gazetteer *gaz;
    spor_place_fn fn;
    void *ctx;
} place_ctx;

static int place_term(void *ctx, const char *term, size_t len, unsigned tf)
{
    place_ctx *p = ctx;
    size_t skip = strlen(SCHEMA_PREFIX_PLACE);
    if (!tf || len <= skip)
        return 0;
    /* The terms are lower case; the gazetteer has the name as written. */
    int id = p->gaz ? pl_lookup(p->gaz, term + skip, len - skip) : -1;
    if (id >= 0) {
        const char *name = pl_name(p->gaz, (unsigned)id);
        return p->fn(p->ctx, name, strlen(name));
    }
    return p->fn(p->ctx, term + skip, len - skip);
}

spor_status spor_index_each_place(spor_index *ix, spor_place_fn fn,
                                  void *ctx, spor_err *err)
{
    place_ctx p = {ix->gaz, fn, ctx};
    xc_error xe;
    if (xc_db_each_term(ix->db, SCHEMA_PREFIX_PLACE, place_term, &p, &xe))
        return ixh_fail(ix, "reading places", &xe, err);
    return SPOR_OK;
}

static uint64_t dir_bytes(const char *path)
{
    /* Called again for each shard folder, which holds no folders. */
    DIR *d = opendir(path);
    uint64_t total = 0;
    if (!d)
        return 0;
    struct dirent *e;
    sbuf p = SBUF_INIT;
    while ((e = readdir(d))) {
        struct stat sb;
        sbuf_reset(&p);
        /* The check's marker is a note about the tables, not index. */
        if (e->d_name[0] == '.' ||
            !strncmp(e->d_name, VFY_MARKER, strlen(VFY_MARKER)) ||
            sbuf_printf(&p, "%s/%s", path, e->d_name) != SPOR_OK ||
            stat(p.data, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode))
            total += (uint64_t)sb.st_size;
        else if (S_ISDIR(sb.st_mode)) /* the shards of a sharded index */
            total += dir_bytes(p.data);
    }
    sbuf_free(&p);
    closedir(d);
    return total;
}

typedef struct count_ctx {
    unsigned long words, stems;
} count_ctx;

static int count_term(void *ctx, const char *term, size_t len, unsigned tf)
{
    count_ctx *c = ctx;
    (void)tf;
    if (!len)
        return 0;
    if (term[0] == 'Z')
        c->stems++;
    else if (!(term[0] >= 'A' && term[0] <= 'Z'))
        c->words++;
    return 0;
}

spor_status spor_index_get_stats(spor_index *ix, spor_index_stats *out,
                                 spor_err *err)
{
    memset(out, 0, sizeof *out);
    xc_error xe;
    unsigned n;
    count_ctx cc = {0, 0};
    if (xc_db_doccount(ix->db, &n, &xe) ||
        xc_db_each_term(ix->db, "", count_term, &cc, &xe))
        return ixh_fail(ix, "reading statistics", &xe, err);
    out->n_passages = n;
    spor_status st = ixh_load_all_docs(ix, err);
    if (st)
        return st;
    out->n_docs = (unsigned)ix->docs.n;
    out->n_terms = cc.words;
    out->n_stems = cc.stems;
    for (size_t i = 0; i < ix->docs.n; i++)
        out->raw_bytes += ix->docs.docs[i].size;
    out->index_bytes = ix->set.path ? dir_bytes(ix->set.path) : 0;
    return SPOR_OK;
}
