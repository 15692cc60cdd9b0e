/* Updating a set of shards (issue 17): an update of an index split into
 * shards rewrites the set's metadata database and only the shards whose
 * passages change, and names the others where they are.
 *
 * The update itself is the one of one database (update.c, feed.c,
 * tables.c), on a writer that routes by one database's docids
 * (xc_wdb_open_sharded): metadata, spelling and synonyms go to a copy of
 * the metadata database; a shard is copied when it is first written (it
 * holds a passage that leaves, moves or is read again, or it is the shard
 * new documents go to); the others are never opened for writing. The new
 * generation holds the metadata database, the shards written, and for each
 * shard left as it was a symlink to where it lies (`shard-1 ->
 * ../gen-…/shard-1`); pruning keeps what a kept generation links to
 * (generation.c). The switch of `current` is the same rename as ever, so a
 * search sees the whole old set or the whole new one. */
#ifndef SPOR_SHARD_UPDATE_H
#define SPOR_SHARD_UPDATE_H

#include <stddef.h>
#include "spor/text/status.h"
#include "xapian_c.h"

typedef struct shd_update shd_update;

/* The number of shards of the generation at gen_path when it is a set an
 * update can work on (a metadata database SHD_META_DIR and its shards),
 * else 0. */
unsigned shd_update_count(const char *gen_path);

/* Opens the set at gen_path (n shards) read-only as the previous
 * generation of an update (xc_db_open_sharded). */
spor_status shd_update_open_previous(const char *gen_path, unsigned n,
                                     xc_db **prev, spor_err *err);

/* Starts an update of the set at gen_path in the scratch folder
 * build_path (created): *db writes a copy of the metadata database and,
 * from their first write on, copies of the shards. */
spor_status shd_update_begin(const char *gen_path, const char *build_path,
                             unsigned n, shd_update **out, xc_wdb **db,
                             spor_err *err);

/* Before the commit: the metadata copy of the synonym table
 * (SHD_META_SYN_PREFIX), which the update rewrote. */
spor_status shd_update_tables(xc_wdb *db, spor_err *err);

/* After the commit, with *db closed: makes the new generation at gen_path
 * from the scratch folder (each database written compacted into it when
 * compact, else moved), links the shards not written, writes the stub last
 * and removes the scratch folder. */
spor_status shd_update_finish(shd_update *u, const char *gen_path,
                              int compact, spor_err *err);

/* Shards the update wrote (copied), of the set's. */
unsigned shd_update_written(const shd_update *u);

void shd_update_free(shd_update *u);

#endif
