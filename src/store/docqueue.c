/* The document queue between analysis and Xapian's writer (docqueue.h):
 * a ring of analysed documents not yet written, guarded by one mutex. */
#include "docqueue.h"

#include <pthread.h>
#include <stdlib.h>

/* Documents analysed but not yet written: enough to keep the writer busy
 * while the analyser reads a large file, few enough to hold in memory. */
#define DQ_DOCS 512

struct dq_queue {
    xc_doc *items[DQ_DOCS];
    size_t head, n;
    int done;     /* the producer has finished */
    int abort;    /* the consumer has failed: stop producing */
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
};

spor_status dq_new(dq_queue **out)
{
    dq_queue *q = calloc(1, sizeof *q);
    if (!q)
        return SPOR_ENOMEM;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    *out = q;
    return SPOR_OK;
}

void dq_free(dq_queue *q)
{
    if (!q)
        return;
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->mu);
    free(q);
}

int dq_push(dq_queue *q, xc_doc *doc)
{
    pthread_mutex_lock(&q->mu);
    while (q->n == DQ_DOCS && !q->abort)
        pthread_cond_wait(&q->not_full, &q->mu);
    int aborted = q->abort;
    if (!aborted) {
        q->items[(q->head + q->n) % DQ_DOCS] = doc;
        q->n++;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    if (aborted)
        xc_doc_free(doc);
    return aborted;
}

xc_doc *dq_pop(dq_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->n == 0 && !q->done)
        pthread_cond_wait(&q->not_empty, &q->mu);
    xc_doc *d = NULL;
    if (q->n) {
        d = q->items[q->head];
        q->head = (q->head + 1) % DQ_DOCS;
        q->n--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return d;
}

void dq_finish(dq_queue *q, int abort)
{
    pthread_mutex_lock(&q->mu);
    if (abort)
        q->abort = 1;
    else
        q->done = 1;
    pthread_cond_broadcast(&q->not_full);
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}
