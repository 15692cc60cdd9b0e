/* The bounded queue between the indexer's analysis thread and Xapian's
 * writer (docqueue.c owns it; the indexer's files use it). Analysis
 * (reading, segmenting, stemming, splitting, compressing) runs in a worker
 * thread and Xapian's writer in the calling thread, so the two halves of
 * the work use both cores; the queue is bounded, so memory does not grow
 * with the corpus when one side is faster. */
#ifndef SPOR_STORE_DOCQUEUE_H
#define SPOR_STORE_DOCQUEUE_H

#include "spor/text/status.h"
#include "xapian_c.h"

typedef struct dq_queue dq_queue;

spor_status dq_new(dq_queue **out);
void dq_free(dq_queue *q);

/* Hands doc to the writer; returns non-zero (and frees doc) when the
 * writer has failed. */
int dq_push(dq_queue *q, xc_doc *doc);

/* The next document, or NULL when the producer is done and all are out. */
xc_doc *dq_pop(dq_queue *q);

/* The producer is done (abort 0), or the consumer has failed and the
 * producer should stop (abort 1). */
void dq_finish(dq_queue *q, int abort);

#endif
