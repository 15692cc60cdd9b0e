/* Parallel writers for a full build: Xapian's writer is single-threaded
 * per database and was the slowest stage of indexing, so a full build
 * writes its passages into several part databases at once, each holding a
 * contiguous run of document ids, and compaction (which every generation
 * goes through anyway) merges them into one database with the same ids, in
 * the same order, as one writer would have given them.
 *
 * One producer thread calls wr_pool_add with the documents in order; the
 * pool numbers them from first_docid, cuts them into batches of part_docs
 * and hands each batch to whichever writer thread is free, which writes it
 * into a fresh database named base/part-NNNNN. Memory is bounded by the
 * batches in flight (queued + being written), not by the corpus.
 *
 * What the producer hands over is a job: a ready document, or (with a
 * maker) anything the writer thread turns into one just before writing
 * it. Making the document (term generation, compressing the stored
 * record) in the writer threads takes it off the producer, which
 * otherwise does most of a build's work on one core while the writers
 * wait. */
#ifndef SPOR_WRITERS_H
#define SPOR_WRITERS_H

#include <stddef.h>
#include "spor/text/status.h"
#include "xapian_c.h"

typedef struct wr_pool wr_pool;

/* Turns a job into the document to write, in writer thread number thread
 * (0 .. n_threads-1: each thread has its own tools in ctx); fails with a
 * message naming what. */
typedef spor_status (*wr_make_fn)(void *ctx, unsigned thread, void *job,
                                  xc_doc **out, spor_err *err);

typedef struct wr_maker {
    wr_make_fn make;
    void (*free_job)(void *job);
    void *ctx;
} wr_maker;

/* Starts n_threads writer threads writing parts under the folder base
 * (which must exist). With maker NULL, jobs are xc_doc handles written as
 * they are; the maker is copied. */
spor_status wr_pool_new(const char *base, unsigned n_threads,
                        unsigned part_docs, unsigned first_docid,
                        const wr_maker *maker, wr_pool **out, spor_err *err);

/* Makes docid (not below the next id) the id of the next job: shards
 * built apart leave gaps where the other shards' passages go (apart.h). */
spor_status wr_pool_skip_to(wr_pool *p, unsigned docid, spor_err *err);
/* Hands job to the pool (always: the pool frees it). Fails when a writer
 * has failed: its message is then in err, and the producer should stop. */
spor_status wr_pool_add(wr_pool *p, void *job, spor_err *err);

/* Writes the last batch, waits for every writer and reports the first
 * failure. After it, wr_pool_parts lists the parts written, in docid
 * order. */
spor_status wr_pool_finish(wr_pool *p, spor_err *err);

/* The parts' paths, in document id order; valid until wr_pool_free. */
const char *const *wr_pool_parts(const wr_pool *p, size_t *n);

/* Stops the writers if still running (documents not yet written are
 * dropped) and frees the pool; the part databases stay on disk. NULL is
 * allowed. */
void wr_pool_free(wr_pool *p);

#endif
