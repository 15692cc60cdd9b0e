/* Shards: one index split by document into several Xapian databases,
 * searched together as one, locally or over the network.
 *
 * `spor index --shards N` analyses the whole corpus once (compound counts
 * and copy groups need all of it, and one analysis is what makes the
 * ranking equal to that of one index), commits it as usual, and then
 * shd_split writes N shard databases from the compacted generation in
 * parallel, each holding whole documents. Every shard carries the whole
 * set's metadata (schema version, document entries, compression
 * dictionary, stop list, compound splits, gazetteer, synonyms as
 * metadata), so that Xapian's combined database, whose metadata comes
 * from its first database only, reads the same wherever that one lives;
 * and each passage keeps the docid it had in the one database, which
 * keeps Xapian's tie-breaking (lower docid first) the same after its
 * docids interleave.
 *
 * shd_open opens what the user names (index folders, shard databases,
 * Xapian stub files with `auto PATH` and `remote HOST:PORT` lines), checks
 * that the parts are shards of one index, and combines them. */
#ifndef SPOR_SHARDS_H
#define SPOR_SHARDS_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "xapian_c.h"

/* A sharded generation holds SHD_DIR_PREFIX<k> databases and a stub file
 * named as Xapian looks for one inside a folder, so Xapian itself (and
 * xapian-tcpsrv, xapian-delve) open the folder as the combined database. */
#define SHD_STUB_FILE "XAPIANDB"
#define SHD_DIR_PREFIX "shard-"
/* Metadata of each shard: "K N SET" (K its number from 0, N the number of
 * shards, SET the name of the indexing run that made them). */
#define SHD_META_SHARD "spor.shard"
/* The set's metadata database: a glass database without passages holding
 * the whole index's metadata, spelling and synonyms, named first in the
 * stub so that a combination reads its metadata there; an update of the
 * set rewrites it and only the shards whose passages change. Its metadata
 * SHD_META_SET is "N SET" (it has no SHD_META_SHARD). */
#define SHD_META_DIR "meta"
#define SHD_META_SET "spor.shardset"
/* Metadata "spor.syn:" + key → the key's synonyms, one a line: Xapian's
 * remote backend does not serve the synonym table, metadata it does. */
#define SHD_META_SYN_PREFIX "spor.syn:"
/* More shards than this is a typo, not a plan. */
#define SHD_MAX 256

/* Turns the committed database at gen_path into n shards in the folder
 * gen_path (the database moves aside and is removed at the end). On
 * failure the caller removes gen_path; nothing else is left behind. */
spor_status shd_split(const char *gen_path, unsigned n, spor_err *err);

/* Marks the database `to` as shard k (from 0) of n of the set named set
 * (SHD_META_SHARD) and copies the synonym table of the committed database
 * at from_path (to's own) into its metadata (SHD_META_SYN_PREFIX): what
 * shd_split gives each shard, for a shard built apart (apart.h). */
spor_status shd_mark_shard(const char *from_path, xc_wdb *to, unsigned k,
                           unsigned n, const char *set, spor_err *err);
/* Writes the stub file that makes the folder gen_path open as the
 * combination of the databases it names (stub: its lines), durably. */
spor_status shd_write_stub(const char *gen_path, const sbuf *stub,
                           spor_err *err);
/* 1 when the generation folder gen_path holds shards (its stub file), so
 * that what works on one database (an incremental update that copies the
 * previous generation forward) can refuse it by name. */
int shd_is_sharded(const char *gen_path);

/* Called once for each shard that did not answer when allow_partial is
 * set: what it is and why. */
typedef void (*shd_missing_fn)(void *ctx, const char *shard,
                               const char *why);

typedef struct shd_open_opts {
    int allow_partial;       /* 1: search the shards that answer */
    shd_missing_fn missing;  /* may be NULL */
    void *missing_ctx;
} shd_open_opts;

typedef struct shd_set {
    xc_db *db;             /* all parts combined */
    unsigned n_parts;      /* databases opened */
    unsigned n_shards;     /* shards of the index (0: not sharded) */
    unsigned n_missing;    /* shards not searched (allow_partial) */
    int remote;            /* 1: some part is served over the network */
    char *path;            /* a local folder of the set, for its size on
                              disk; NULL when all parts are remote */
} shd_set;

/* Opens specs[0..n) as one database. A spec is a spor index folder (its
 * current generation, sharded or not), a Xapian database folder, or a
 * stub file. Parts of different indexes, a shard named twice, and (unless
 * allow_partial) a shard that does not answer or is not named are errors
 * naming the part. */
spor_status shd_open(const char *const *specs, size_t n,
                     const shd_open_opts *o, shd_set *out, spor_err *err);
void shd_close(shd_set *s);

/* Calls fn for each synonym of term from the metadata copy of the synonym
 * table (SHD_META_SYN_PREFIX); the same contract as xc_db_each_synonym. */
xc_status shd_each_synonym(xc_db *db, const char *term, xc_term_fn fn,
                           void *ctx, xc_error *err);

#endif
