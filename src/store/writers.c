/* The writer pool of a full build (see writers.h): documents are cut into
 * batches of consecutive document ids, and each batch is written by one
 * of several threads into a database of its own. Xapian databases are
 * independent objects, so the threads share nothing but the batch queue.
 * A document id is given explicitly (replace_document on an id past the
 * database's last is Xapian's plain add), so a part starting at id 4097
 * holds ids 4097.. and the parts' ranges never overlap, which is what
 * compaction needs to merge them keeping the ids (a shard built apart has
 * gaps in its ids, within a part too: wr_pool_skip_to). */
#include "spor/store/writers.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/xerror.h"
#include "spor/text/buf.h"

/* Batches waiting for a writer. Two let the producer run ahead of a busy
 * writer by a whole batch, which is what keeps both writers fed; more
 * would only hold more documents in memory. */
#define WR_QUEUE_BATCHES 2
/* More writers than this gain nothing on the machines spor targets and
 * each holds a batch in memory. */
#define WR_MAX_THREADS 8

/* A writer thread's argument: its pool and its number (which tools of
 * the maker's it uses). */
typedef struct wr_thread {
    wr_pool *pool;
    unsigned index;
} wr_thread;

typedef struct wr_batch {
    void **docs;        /* jobs (xc_doc handles without a maker) */
    unsigned *ids;      /* document id of each (consecutive, but for
                           the gaps of wr_pool_skip_to) */
    size_t n;
    const char *path;   /* the part database (owned by the pool) */
} wr_batch;

struct wr_pool {
    char *base;
    wr_maker maker;                      /* make NULL: jobs are documents */
    unsigned part_docs;
    unsigned next_docid;
    wr_batch *cur;                       /* being filled by the producer */
    wr_batch *queue[WR_QUEUE_BATCHES];
    size_t head, nq;
    int closing;                         /* no more batches will come */
    int failed;                          /* a writer failed: drop the rest */
    spor_err err;                        /* the first failure */
    char **parts;
    size_t n_parts, cap_parts;
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
    pthread_t th[WR_MAX_THREADS];
    wr_thread args[WR_MAX_THREADS];
    unsigned n_threads;
    int joined;
};

static void job_free(const wr_pool *p, void *job)
{
    if (p->maker.make)
        p->maker.free_job(job);
    else
        xc_doc_free(job);
}

static void batch_free(const wr_pool *p, wr_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n; i++)
        if (b->docs[i])
            job_free(p, b->docs[i]);
    free(b->docs);
    free(b->ids);
    free(b);
}

/* Writes job i of batch b into db (making its document first when the
 * pool has a maker), then frees the job, so memory drains as the part
 * fills. */
static spor_status write_job(const wr_pool *p, unsigned thread, wr_batch *b,
                             size_t i, xc_wdb *db, spor_err *err)
{
    xc_doc *doc = b->docs[i];
    spor_status st = SPOR_OK;
    if (p->maker.make)
        st = p->maker.make(p->maker.ctx, thread, b->docs[i], &doc, err);
    xc_error xe;
    if (!st && xc_wdb_replace_document(db, b->ids[i], doc,
                                       &xe) != XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: writing the index", b->path);
    if (p->maker.make && doc)
        xc_doc_free(doc);
    job_free(p, b->docs[i]);
    b->docs[i] = NULL;
    return st;
}

/* Writes batch b into its part database. */
static spor_status write_batch(const wr_pool *p, unsigned thread,
                               wr_batch *b, spor_err *err)
{
    xc_wdb *db = NULL;
    xc_error xe;
    if (xc_wdb_create_scratch(b->path, &db, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: cannot create index part",
                         b->path);
    for (size_t i = 0; i < b->n; i++) {
        spor_status st = write_job(p, thread, b, i, db, err);
        if (st) {
            xc_wdb_close(db);
            return st;
        }
    }
    xc_status xs = xc_wdb_commit(db, &xe);
    xc_wdb_close(db);
    if (xs != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: committing the index", b->path);
    return SPOR_OK;
}

static void *writer(void *arg)
{
    const wr_thread *t = arg;
    wr_pool *p = t->pool;
    for (;;) {
        pthread_mutex_lock(&p->mu);
        while (p->nq == 0 && !p->closing)
            pthread_cond_wait(&p->not_empty, &p->mu);
        if (p->nq == 0) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        wr_batch *b = p->queue[p->head];
        p->head = (p->head + 1) % WR_QUEUE_BATCHES;
        p->nq--;
        int failed = p->failed;
        pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->mu);
        spor_err e;
        spor_err_clear(&e);
        if (!failed && write_batch(p, t->index, b, &e) != SPOR_OK) {
            pthread_mutex_lock(&p->mu);
            if (!p->failed) {
                p->failed = 1;
                p->err = e;
            }
            pthread_cond_broadcast(&p->not_full);
            pthread_mutex_unlock(&p->mu);
        }
        batch_free(p, b);
    }
    return NULL;
}

spor_status wr_pool_new(const char *base, unsigned n_threads,
                        unsigned part_docs, unsigned first_docid,
                        const wr_maker *maker, wr_pool **out, spor_err *err)
{
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > WR_MAX_THREADS)
        n_threads = WR_MAX_THREADS;
    wr_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->base = strdup(base))) {
        free(p);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (maker)
        p->maker = *maker;
    p->part_docs = part_docs ? part_docs : 1;
    p->next_docid = first_docid ? first_docid : 1;
    spor_err_clear(&p->err);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    pthread_cond_init(&p->not_full, NULL);
    for (unsigned i = 0; i < n_threads; i++) {
        p->args[i] = (wr_thread){p, i};
        if (pthread_create(&p->th[i], NULL, writer, &p->args[i]) != 0) {
            wr_pool_free(p);
            return spor_fail(err, SPOR_EINTERNAL, "cannot start a writer "
                             "thread");
        }
        p->n_threads++;
    }
    *out = p;
    return SPOR_OK;
}

/* A new batch starting at the next document id, with its part's path. */
static spor_status new_batch(wr_pool *p, spor_err *err)
{
    sbuf path = SBUF_INIT;
    wr_batch *b = calloc(1, sizeof *b);
    if (p->n_parts == p->cap_parts) {
        size_t cap = p->cap_parts ? p->cap_parts * 2 : 16;
        char **np = realloc(p->parts, cap * sizeof *np);
        if (!np) {
            free(b);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        p->parts = np;
        p->cap_parts = cap;
    }
    if (!b || !(b->docs = malloc(p->part_docs * sizeof *b->docs)) ||
        !(b->ids = malloc(p->part_docs * sizeof *b->ids)) ||
        sbuf_printf(&path, "%s/part-%05zu", p->base, p->n_parts)) {
        if (b) {
            free(b->docs);
            free(b->ids);
        }
        free(b);
        sbuf_free(&path);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    p->parts[p->n_parts] = sbuf_detach(&path, NULL);
    if (!p->parts[p->n_parts]) {
        free(b->docs);
        free(b->ids);
        free(b);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    b->path = p->parts[p->n_parts++];
    p->cur = b;
    return SPOR_OK;
}

/* Queues the current batch for a writer, waiting while the queue is
 * full; fails (dropping the batch) when a writer has failed. */
static spor_status push_batch(wr_pool *p, spor_err *err)
{
    wr_batch *b = p->cur;
    p->cur = NULL;
    pthread_mutex_lock(&p->mu);
    while (p->nq == WR_QUEUE_BATCHES && !p->failed)
        pthread_cond_wait(&p->not_full, &p->mu);
    int failed = p->failed;
    if (!failed) {
        p->queue[(p->head + p->nq) % WR_QUEUE_BATCHES] = b;
        p->nq++;
        pthread_cond_signal(&p->not_empty);
    } else if (err) {
        *err = p->err;
    }
    pthread_mutex_unlock(&p->mu);
    if (failed) {
        batch_free(p, b);
        return err ? err->status : SPOR_EINDEX;
    }
    return SPOR_OK;
}

spor_status wr_pool_add(wr_pool *p, void *job, spor_err *err)
{
    spor_status st;
    if (!p->cur && (st = new_batch(p, err)) != SPOR_OK) {
        job_free(p, job);
        return st;
    }
    p->cur->ids[p->cur->n] = p->next_docid++;
    p->cur->docs[p->cur->n++] = job;
    if (p->cur->n == p->part_docs)
        return push_batch(p, err);
    return SPOR_OK;
}

spor_status wr_pool_skip_to(wr_pool *p, unsigned docid, spor_err *err)
{
    if (docid < p->next_docid)
        return spor_fail(err, SPOR_EINTERNAL, "writers: document id %u "
                         "after %u", docid, p->next_docid);
    p->next_docid = docid;
    return SPOR_OK;
}

/* Tells the writers no more batches come and waits for them. */
static void join_all(wr_pool *p)
{
    if (p->joined)
        return;
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    pthread_cond_broadcast(&p->not_empty);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->n_threads; i++)
        pthread_join(p->th[i], NULL);
    p->joined = 1;
}

spor_status wr_pool_finish(wr_pool *p, spor_err *err)
{
    spor_status st = SPOR_OK;
    if (p->cur && p->cur->n)
        st = push_batch(p, err);
    join_all(p);
    if (!st && p->failed) {
        if (err)
            *err = p->err;
        st = p->err.status ? p->err.status : SPOR_EINDEX;
    }
    return st;
}

const char *const *wr_pool_parts(const wr_pool *p, size_t *n)
{
    *n = p->n_parts;
    return (const char *const *)p->parts;
}

void wr_pool_free(wr_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->failed = 1; /* whatever is still queued is dropped */
    pthread_mutex_unlock(&p->mu);
    join_all(p);
    for (size_t i = 0; i < p->nq; i++)
        batch_free(p, p->queue[(p->head + i) % WR_QUEUE_BATCHES]);
    batch_free(p, p->cur);
    for (size_t i = 0; i < p->n_parts; i++)
        free(p->parts[i]);
    free(p->parts);
    free(p->base);
    pthread_cond_destroy(&p->not_full);
    pthread_cond_destroy(&p->not_empty);
    pthread_mutex_destroy(&p->mu);
    free(p);
}
