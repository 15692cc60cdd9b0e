/* Writing shards (shards.h): shd_split turns a committed, compacted
 * generation into shard databases by document, in parallel, each carrying
 * the whole set's metadata; opening them is shard_set.c's.
 *
 * Xapian does the hard parts: a combined Database computes BM25 over the
 * global statistics of all its parts (remote ones included), so scores
 * equal those of one database, and xapian-tcpsrv serves a shard. What is
 * ours is the partition, the metadata every shard must carry, the checks
 * that the parts named really are one index, and the error or partial
 * result when a shard does not answer. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "spor/store/shards.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/store/schema.h"
#include "spor/store/xerror.h"
#include "spor/text/buf.h"


typedef struct split_job {
    const char *whole;          /* the database being split */
    char *path;                 /* this shard's folder */
    unsigned k, n;
    int meta;                   /* the set's metadata database, not a
                                   shard (SHD_META_DIR) */
    const char *set;            /* the run's name, shared by its shards */
    const unsigned *shard_of;   /* document ordinal → shard */
    size_t n_docs;
    xc_db *from;
    xc_wdb *to;
    sbuf scratch;
    spor_status st;
    spor_err err;
    xc_error xe;
} split_job;

/* Value SCHEMA_SLOT_DOC as a document ordinal; SIZE_MAX when malformed. */
static size_t doc_ordinal(const char *val, size_t len)
{
    const unsigned char *b = (const unsigned char *)val;
    return len == 4 ? ((size_t)b[0] << 24 | (size_t)b[1] << 16 |
                       (size_t)b[2] << 8 | b[3])
                    : SIZE_MAX;
}

static int copy_if_mine(void *ctx, unsigned docid, const char *val,
                        size_t len)
{
    split_job *j = ctx;
    size_t ord = doc_ordinal(val, len);
    if (ord >= j->n_docs) {
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: passage %u names no "
                          "document of the %zu", j->whole, docid, j->n_docs);
        return 1;
    }
    if (j->shard_of[ord] != j->k)
        return 0;
    /* The same docid as in the one database: see shards.h. */
    if (xc_wdb_copy_document(j->to, j->from, docid, docid, &j->xe)) {
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s: copying passage %u",
                          j->path, docid);
        return 1;
    }
    return 0;
}

static int add_line(void *ctx, const char *term, size_t len, unsigned tf)
{
    (void)tf;
    sbuf *b = ctx;
    return sbuf_append(b, term, len) || sbuf_append_char(b, '\n');
}

/* Writes key's synonyms as metadata (SHD_META_SYN_PREFIX). */
static int syn_to_meta(void *ctx, const char *key, size_t len, unsigned tf)
{
    (void)tf;
    split_job *j = ctx;
    sbuf syn = SBUF_INIT;
    sbuf_reset(&j->scratch);
    if (sbuf_append_str(&j->scratch, SHD_META_SYN_PREFIX) ||
        sbuf_append(&j->scratch, key, len)) {
        j->st = spor_fail(&j->err, SPOR_ENOMEM, "out of memory");
        return 1;
    }
    /* The synonyms of one key, not the key list being walked: a second
     * iterator over another table of the same database. */
    xc_status xs = xc_db_each_synonym(j->from, j->scratch.data +
                                      strlen(SHD_META_SYN_PREFIX),
                                      add_line, &syn, &j->xe);
    if (xs == XC_OK && syn.len)
        xs = xc_wdb_set_metadata(j->to, j->scratch.data, syn.data, syn.len,
                                 &j->xe);
    sbuf_free(&syn);
    if (xs != XC_OK) {
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s: writing synonyms",
                          j->path);
        return 1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_all(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

spor_status shd_mark_shard(const char *from_path, xc_wdb *to, unsigned k,
                           unsigned n, const char *set, spor_err *err)
{
    split_job j = {.whole = from_path, .path = (char *)from_path, .to = to,
                   .scratch = SBUF_INIT};
    char meta[128];
    snprintf(meta, sizeof meta, "%u %u %s", k, n, set);
    if (xc_db_open(from_path, &j.from, &j.xe) ||
        xc_wdb_set_metadata(to, SHD_META_SHARD, meta, strlen(meta), &j.xe))
        j.st = xerr_fail(&j.err, &j.xe, 0, "%s", from_path);
    else if (xc_db_each_synonym_key(j.from, syn_to_meta, &j, &j.xe) &&
             !j.st)
        j.st = xerr_fail(&j.err, &j.xe, 0, "%s", from_path);
    xc_db_close(j.from);
    sbuf_free(&j.scratch);
    if (j.st)
        *err = j.err;
    return j.st;
}

/* Each shard is written into SHD_BUILD_SUFFIX beside its place and then
 * compacted into it, as the generation itself is (indexer.c): blocks
 * packed full, docids kept. */
#define SHD_BUILD_SUFFIX "-build"

static void *split_one(void *arg)
{
    split_job *j = arg;
    char meta[128];
    sbuf build = SBUF_INIT;
    if (j->meta)
        snprintf(meta, sizeof meta, "%u %s", j->n, j->set);
    else
        snprintf(meta, sizeof meta, "%u %u %s", j->k, j->n, j->set);
    if (sbuf_printf(&build, "%s" SHD_BUILD_SUFFIX, j->path)) {
        j->st = spor_fail(&j->err, SPOR_ENOMEM, "out of memory");
        return NULL;
    }
    if (xc_db_open(j->whole, &j->from, &j->xe) ||
        xc_wdb_create(build.data, &j->to, &j->xe) ||
        /* The spelling table only in the metadata database: Xapian adds
         * the frequencies of every database of a combination. */
        xc_wdb_copy_tables(j->to, j->from, j->meta, &j->xe) ||
        xc_wdb_set_metadata(j->to, j->meta ? SHD_META_SET : SHD_META_SHARD,
                            meta, strlen(meta), &j->xe)) {
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s", j->path);
        goto out;
    }
    if (xc_db_each_synonym_key(j->from, syn_to_meta, j, &j->xe) && !j->st)
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s", j->whole);
    if (!j->st && !j->meta &&
        xc_db_each_value(j->from, SCHEMA_SLOT_DOC, copy_if_mine, j,
                         &j->xe) && !j->st)
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s", j->whole);
    if (!j->st && xc_wdb_commit(j->to, &j->xe))
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s: committing", j->path);
out:
    xc_wdb_close(j->to);
    xc_db_close(j->from);
    j->to = NULL;
    j->from = NULL;
    if (!j->st && xc_db_compact(build.data, j->path, &j->xe))
        j->st = xerr_fail(&j->err, &j->xe, 0, "%s: compacting", j->path);
    remove_all(build.data);
    sbuf_free(&build);
    sbuf_free(&j->scratch);
    return NULL;
}

/* Passages per document, counted from value SCHEMA_SLOT_DOC rather than
 * read from the document entries: the split needs only the sizes, and
 * the entries' encoding stays the schema module's business. */
typedef struct doc_sizes {
    const char *path;
    unsigned long *n_passages;  /* by document ordinal */
    size_t n_docs;
    spor_status st;
    spor_err *err;
} doc_sizes;

static int count_passage(void *ctx, unsigned docid, const char *val,
                         size_t len)
{
    doc_sizes *d = ctx;
    size_t ord = doc_ordinal(val, len);
    if (ord >= d->n_docs) {
        d->st = spor_fail(d->err, SPOR_EINDEX, "%s: passage %u names no "
                          "document of the %zu", d->path, docid, d->n_docs);
        return 1;
    }
    d->n_passages[ord]++;
    return 0;
}

static spor_status read_sizes(const char *path, doc_sizes *d, spor_err *err)
{
    xc_db *db = NULL;
    xc_error xe;
    char *meta = NULL, *end = NULL;
    size_t len = 0;
    spor_status st = SPOR_OK;
    memset(d, 0, sizeof *d);
    d->path = path;
    d->err = err;
    if (xc_db_open(path, &db, &xe) ||
        xc_db_get_metadata(db, SCHEMA_META_NDOCS, &meta, &len, &xe)) {
        st = xerr_fail(err, &xe, 0, "%s", path);
        goto out;
    }
    unsigned long nd = strtoul(meta, &end, 10);
    if (end == meta || *end || nd > UINT_MAX / 64) {
        st = spor_fail(err, SPOR_EINDEX, "%s: bad %s", path,
                       SCHEMA_META_NDOCS);
        goto out;
    }
    d->n_docs = nd;
    if (!(d->n_passages = calloc(nd ? nd : 1, sizeof *d->n_passages))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (xc_db_each_value(db, SCHEMA_SLOT_DOC, count_passage, d, &xe))
        st = d->st ? d->st : xerr_fail(err, &xe, 0, "%s", path);
    else
        st = d->st;
out:
    free(meta);
    xc_db_close(db);
    return st;
}

typedef struct doc_load {
    unsigned long n_passages;
    size_t ord;
} doc_load;

/* Most passages first, ties by ordinal: the order is the same on every
 * run. */
static int cmp_load(const void *a, const void *b)
{
    const doc_load *x = a, *y = b;
    if (x->n_passages != y->n_passages)
        return x->n_passages > y->n_passages ? -1 : 1;
    return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* Whole documents to shards, largest first each to the lightest shard so
 * far (by passages), so shards come out about equally large whatever the
 * order of the files. Ties go to the lower shard. */
static spor_status assign(const doc_sizes *d, unsigned n, unsigned *shard_of,
                          spor_err *err)
{
    doc_load *order = malloc((d->n_docs ? d->n_docs : 1) * sizeof *order);
    unsigned long load[SHD_MAX] = {0};
    if (!order)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n_docs; i++)
        order[i] = (doc_load){d->n_passages[i], i};
    qsort(order, d->n_docs, sizeof *order, cmp_load);
    for (size_t i = 0; i < d->n_docs; i++) {
        unsigned best = 0;
        for (unsigned k = 1; k < n; k++)
            if (load[k] < load[best])
                best = k;
        shard_of[order[i].ord] = best;
        load[best] += order[i].n_passages;
    }
    free(order);
    return SPOR_OK;
}

spor_status shd_write_stub(const char *gen_path, const sbuf *stub,
                           spor_err *err)
{
    spor_status st = SPOR_OK;
    sbuf sp = SBUF_INIT;
    FILE *f = NULL;
    if (sbuf_printf(&sp, "%s/" SHD_STUB_FILE, gen_path) ||
        !(f = fopen(sp.data, "w")) ||
        fwrite(stub->data, 1, stub->len, f) != stub->len ||
        fflush(f) != 0 || fsync(fileno(f)) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s",
                       sp.data ? sp.data : gen_path, strerror(errno));
    if (f && fclose(f) != 0 && !st)
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", sp.data,
                       strerror(errno));
    sbuf_free(&sp);
    return st;
}

/* The split's jobs: one per shard, and job n for the metadata database;
 * stub gets the lines naming them. */
static spor_status make_jobs(const char *gen_path, const char *whole,
                             unsigned n, const unsigned *shard_of,
                             size_t n_docs, split_job *jobs, sbuf *stub,
                             spor_err *err)
{
    spor_status st = SPOR_OK;
    const char *set = strrchr(gen_path, '/');
    set = set ? set + 1 : gen_path;
    /* Job n writes the metadata database, named first in the stub: Xapian
     * reads metadata from the first database of a combination, and an
     * update rewrites it alone when no shard's passages change. */
    if (sbuf_append_str(stub, "auto " SHD_META_DIR "\n"))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (unsigned k = 0; k <= n && !st; k++) {
        sbuf p = SBUF_INIT;
        if (k == n ? sbuf_printf(&p, "%s/" SHD_META_DIR, gen_path)
                   : (sbuf_printf(&p, "%s/" SHD_DIR_PREFIX "%u", gen_path, k) ||
                      sbuf_printf(stub, "auto " SHD_DIR_PREFIX "%u\n", k))) {
            sbuf_free(&p);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        jobs[k] = (split_job){.whole = whole, .k = k, .n = n,
                              .meta = k == n, .set = set,
                              .shard_of = shard_of, .n_docs = n_docs};
        jobs[k].path = sbuf_detach(&p, NULL);
        if (!jobs[k].path)
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    return st;
}

spor_status shd_split(const char *gen_path, unsigned n, spor_err *err)
{
    if (n < 2 || n > SHD_MAX)
        return spor_fail(err, SPOR_EINVAL, "--shards must be 2 to %d, not %u",
                         SHD_MAX, n);
    sbuf whole = SBUF_INIT, stub = SBUF_INIT;
    doc_sizes sizes = {0};
    unsigned *shard_of = NULL;
    split_job *jobs = NULL;
    pthread_t *threads = NULL;
    int moved = 0;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&whole, "%s.whole", gen_path)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (rename(gen_path, whole.data) != 0 || !(moved = 1) ||
        mkdir(gen_path, 0777) != 0) {
        st = spor_fail(err, SPOR_EIO, "%s: cannot make the shard folder: %s",
                       gen_path, strerror(errno));
        goto out;
    }
    if ((st = read_sizes(whole.data, &sizes, err)))
        goto out;
    shard_of = calloc(sizes.n_docs ? sizes.n_docs : 1, sizeof *shard_of);
    jobs = calloc(n + 1, sizeof *jobs);
    threads = calloc(n + 1, sizeof *threads);
    if (!shard_of || !jobs || !threads) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = assign(&sizes, n, shard_of, err)))
        goto out;
    if ((st = make_jobs(gen_path, whole.data, n, shard_of, sizes.n_docs,
                        jobs, &stub, err)))
        goto out;
    unsigned started = 0;
    for (; !st && started <= n; started++)
        if (pthread_create(&threads[started], NULL, split_one,
                           &jobs[started]) != 0)
            st = spor_fail(err, SPOR_EINTERNAL, "cannot start a thread to "
                           "write shard %u", started);
    for (unsigned k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    for (unsigned k = 0; k < started && !st; k++)
        if (jobs[k].st) {
            st = jobs[k].st;
            *err = jobs[k].err;
        }
    /* The stub last: until it exists the folder is no database. */
    if (!st)
        st = shd_write_stub(gen_path, &stub, err);
out:
    if (moved)
        remove_all(whole.data);
    for (unsigned k = 0; jobs && k <= n; k++)
        free(jobs[k].path);
    free(jobs);
    free(threads);
    free(shard_of);
    free(sizes.n_passages);
    sbuf_free(&whole);
    sbuf_free(&stub);
    return st;
}
