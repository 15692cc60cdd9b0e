/* Reading ahead (readahead.h): a ring of slots, one per file in flight.
 * A thread claims the next file of the list while the ring has room,
 * reads and segments it outside the lock, and fills its slot; the
 * receiver takes the slots in list order, waiting for the one it needs. */
#include "readahead.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "spor/doc/formats.h"

#include "run.h"

/* Files read but not yet taken, at most: enough for the threads to run
 * past a slow file (a large PDF) without the receiver waiting. */
#define RA_WINDOW_FILES 64
/* Source bytes of those files, at most (a file larger than this is still
 * read, alone): the documents and passages in flight take a few times
 * their source's size. */
#define RA_WINDOW_BYTES (1u << 20)
#define RA_MAX_THREADS 8

typedef struct ra_slot {
    ra_file f;
    int done;
} ra_slot;

struct ra_reader {
    const work_list *files;
    int do_stat, keep_doc;
    ra_slot slots[RA_WINDOW_FILES];
    size_t next_claim, next_take;
    uint64_t bytes_ahead;  /* source bytes claimed and not yet taken */
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t claimable, filled;
    pthread_t th[RA_MAX_THREADS];
    unsigned n_threads;
};

static int can_claim(const ra_reader *ra)
{
    if (ra->stop || ra->next_claim >= ra->files->n)
        return 1; /* the thread should look and leave */
    if (ra->next_claim - ra->next_take >= RA_WINDOW_FILES)
        return 0;
    return ra->next_claim == ra->next_take ||
           ra->bytes_ahead + ra->files->items[ra->next_claim].size <=
               RA_WINDOW_BYTES;
}

/* Reads and segments file i into f, as the indexer's passes do. */
static void read_one(const ra_reader *ra, size_t i, ra_file *f)
{
    const char *path = ra->files->items[i].path;
    memset(f, 0, sizeof *f);
    f->index = i;
    f->path = path;
    spor_err_clear(&f->err);
    if (ra->do_stat && stat(path, &f->sb) != 0) {
        f->stage = RA_STAT;
        f->stat_errno = errno;
        return;
    }
    if ((f->st = fmt_read_any(path, &f->doc, &f->err)) != SPOR_OK) {
        f->stage = RA_READ;
        return;
    }
    f->st = seg_segment(&f->doc, NULL, &f->seg, &f->err);
    f->stage = f->st ? RA_SEGMENT : RA_DONE;
    if (!ra->keep_doc) {
        rd_doc_free(&f->doc);
        memset(&f->doc, 0, sizeof f->doc);
    }
}

static void *reader(void *arg)
{
    ra_reader *ra = arg;
    pthread_mutex_lock(&ra->mu);
    for (;;) {
        while (!can_claim(ra))
            pthread_cond_wait(&ra->claimable, &ra->mu);
        if (ra->stop || ra->next_claim >= ra->files->n)
            break;
        size_t i = ra->next_claim++;
        ra->bytes_ahead += ra->files->items[i].size;
        pthread_mutex_unlock(&ra->mu);
        ra_file f;
        read_one(ra, i, &f);
        pthread_mutex_lock(&ra->mu);
        ra_slot *s = &ra->slots[i % RA_WINDOW_FILES];
        s->f = f;
        s->done = 1;
        pthread_cond_broadcast(&ra->filled);
    }
    pthread_mutex_unlock(&ra->mu);
    return NULL;
}

spor_status ra_start(const work_list *files, unsigned n_threads,
                     int do_stat, int keep_doc, ra_reader **out,
                     spor_err *err)
{
    ra_reader *ra = calloc(1, sizeof *ra);
    if (!ra)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    ra->files = files;
    ra->do_stat = do_stat;
    ra->keep_doc = keep_doc;
    pthread_mutex_init(&ra->mu, NULL);
    pthread_cond_init(&ra->claimable, NULL);
    pthread_cond_init(&ra->filled, NULL);
    if (n_threads < 1)
        n_threads = 1;
    if (n_threads > RA_MAX_THREADS)
        n_threads = RA_MAX_THREADS;
    for (unsigned i = 0; i < n_threads; i++) {
        if (pthread_create(&ra->th[i], NULL, reader, ra) != 0) {
            ra_free(ra);
            return spor_fail(err, SPOR_EINTERNAL, "cannot start a reading "
                             "thread");
        }
        ra->n_threads++;
    }
    *out = ra;
    return SPOR_OK;
}

int ra_next(ra_reader *ra, ra_file *out)
{
    pthread_mutex_lock(&ra->mu);
    if (ra->next_take >= ra->files->n) {
        pthread_mutex_unlock(&ra->mu);
        return 0;
    }
    ra_slot *s = &ra->slots[ra->next_take % RA_WINDOW_FILES];
    while (!s->done)
        pthread_cond_wait(&ra->filled, &ra->mu);
    *out = s->f;
    s->done = 0;
    ra->bytes_ahead -= ra->files->items[ra->next_take].size;
    ra->next_take++;
    pthread_cond_broadcast(&ra->claimable);
    pthread_mutex_unlock(&ra->mu);
    return 1;
}

void ra_free(ra_reader *ra)
{
    if (!ra)
        return;
    pthread_mutex_lock(&ra->mu);
    ra->stop = 1;
    pthread_cond_broadcast(&ra->claimable);
    pthread_mutex_unlock(&ra->mu);
    for (unsigned i = 0; i < ra->n_threads; i++)
        pthread_join(ra->th[i], NULL);
    for (size_t i = 0; i < RA_WINDOW_FILES; i++)
        if (ra->slots[i].done) {
            rd_doc_free(&ra->slots[i].f.doc);
            seg_result_free(&ra->slots[i].f.seg);
        }
    pthread_cond_destroy(&ra->filled);
    pthread_cond_destroy(&ra->claimable);
    pthread_mutex_destroy(&ra->mu);
    free(ra);
}
