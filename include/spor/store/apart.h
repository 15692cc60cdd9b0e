/* Shards built apart: one index's shards indexed on several machines that
 * exchange only small files, and ranking exactly as one database of the
 * whole corpus would (docs/scaling.md has the recipe).
 *
 * 1. Count: each machine walks the same inputs, takes its share (every
 *    machine computes the same share from the walked list and the files'
 *    sizes), reads and segments it, and writes a partial tables file
 *    (apt_count): its word counts, its document entries and the text of
 *    its passages, for copy detection.
 * 2. Merge: the partial files merge into one (apt_merge): the counts add,
 *    the document table is put together in walk order with the ids one
 *    build would give, and the copy detector runs over every passage in
 *    order, so copies between documents on different machines fold as in
 *    one database. The merged file holds the counts, the table and, for
 *    each passage that joins an earlier one's copy group, that passage.
 * 3. Write: each machine indexes its share with the merged tables
 *    (idx_build with idx_opts.shard and tables_path): the splitter and
 *    spelling from the whole corpus's counts, each passage at the docid it
 *    has in one database, the whole document table as metadata, and
 *    spor.shard metadata naming the set. */
#ifndef SPOR_STORE_APART_H
#define SPOR_STORE_APART_H

#include <stddef.h>

#include "spor/store/run_opts.h"
#include "spor/text/status.h"

/* Step 1: counts shard o->shard of o->shards of the documents under paths
 * into the partial tables file out_path. sum counts the share's
 * documents (added), passages and skipped files. */
spor_status apt_count(const char *const *paths, size_t n_paths,
                      const idx_opts *o, const char *out_path,
                      idx_summary *sum, spor_err *err);

/* What a merge put together. */
typedef struct apt_merged {
    unsigned n_shards, n_docs, n_passages, n_copies;
} apt_merged;

/* Step 2: merges the partial files parts[0..n) (one per shard, any order)
 * into the merged tables file out_path. Files of different inputs or
 * counts of shards, a shard given twice or missing, are refused. */
spor_status apt_merge(const char *const *parts, size_t n,
                      const char *out_path, apt_merged *info, spor_err *err);

#endif
