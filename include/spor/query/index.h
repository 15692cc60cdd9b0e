/* The index handle a search runs on: opening an index (one folder, or
 * shards of one; see shards.h), what the index says about itself (its
 * name, shards, places and statistics) and its document table, read entry
 * by entry as hits need it. Searching it is search.h's; the handle's
 * internals are shared inside the query layer only (src/query/index_priv.h). */
#ifndef SPOR_QUERY_INDEX_H
#define SPOR_QUERY_INDEX_H

#include <stddef.h>
#include <stdint.h>
#include "spor/doc/places.h"
#include "spor/store/schema.h"
#include "spor/store/shards.h"
#include "spor/text/status.h"

typedef struct spor_index spor_index;

/* Opens the index in dir (see indexer.h). A missing, damaged or foreign
 * index gives SPOR_EINDEX with a message naming dir. */
spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err);
/* Opens several databases as one index: shards of one index (index
 * folders, shard databases, Xapian stub files naming local and remote
 * shards; see shards.h). o may be NULL. With o->allow_partial, shards that
 * do not answer are left out (spor_index_missing_shards counts them). */
spor_status spor_index_open_set(const char *const *specs, size_t n,
                                const shd_open_opts *o, spor_index **out,
                                spor_err *err);
/* Shards of the index not searched (allow_partial), 0 when complete. */
unsigned spor_index_missing_shards(const spor_index *ix);
/* Shards of the index, 0 when it is one database. */
unsigned spor_index_shards(const spor_index *ix);
/* How messages name the index: its folder, or the parts named. */
const char *spor_index_name(const spor_index *ix);
/* The folder the index was built in (absolute; "" when it does not
 * say): documents' paths are stored absolute, and a document's `doc` is
 * its path below this folder. */
const char *spor_index_root(const spor_index *ix);
/* What the searches since the last clear have to tell the user beside
 * their answers, one line each ("" when nothing): a place named in the
 * query (sted:) that no place answers to, searched as a word. */
const char *spor_index_notes(const spor_index *ix);
void spor_index_clear_notes(spor_index *ix);
/* 1 when some shard is searched over the network. */
int spor_index_is_remote(const spor_index *ix);
void spor_index_close(spor_index *ix);
/* The whole document table, read from the index on first use: opening an
 * index and searching it read only the entries of the hits, so start-up
 * does not grow with the corpus. Entries never move once read, so a hit's
 * doc stays valid after this call. NULL when the table cannot be read;
 * err says why. */
const schema_doctable *spor_index_docs(spor_index *ix, spor_err *err);
/* The gazetteer the index was tagged with, or NULL. */
const pl_gazetteer *spor_index_gazetteer(const spor_index *ix);

/* Calls fn for each place the index's passages are tagged with, named as
 * the gazetteer writes it (a place it lacks in lower case); fn returns
 * non-zero to stop. */
typedef int (*spor_place_fn)(void *ctx, const char *name, size_t len);
spor_status spor_index_each_place(spor_index *ix, spor_place_fn fn,
                                  void *ctx, spor_err *err);

typedef struct spor_index_stats {
    unsigned n_docs;
    unsigned n_passages;
    unsigned long n_terms;      /* distinct words (no stems, no filters) */
    unsigned long n_stems;
    uint64_t index_bytes;       /* on disk */
    uint64_t raw_bytes;         /* of the documents indexed */
} spor_index_stats;

spor_status spor_index_get_stats(spor_index *ix, spor_index_stats *out,
                                 spor_err *err);

#endif
