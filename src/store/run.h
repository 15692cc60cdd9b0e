/* The indexer's private interface: the state of one indexing run, which
 * its stages share, and the calls between the files that make up the
 * indexer (indexer.h is the public side). Only src/store's indexer files
 * include it:
 *  - run.c: the run state's helpers (warnings, its lists, the manifest of
 *    the folder being read, copy-group keys);
 *  - walk.c: the input walk, from the paths named to the files to read;
 *  - feed.c: reading and analysing the work list into Xapian's writers;
 *  - update.c: an update's work on the previous generation;
 *  - tables.c: the corpus-wide tables and the index metadata;
 *  - indexer.c: idx_build, the pipeline that calls them in turn. */
#ifndef SPOR_STORE_RUN_H
#define SPOR_STORE_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "spor/analysis/analyser.h"
#include "spor/analysis/splitter.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "spor/doc/manifest.h"
#include "spor/doc/places.h"
#include "spor/doc/segment.h"
#include "spor/store/codec.h"
#include "spor/store/copies.h"
#include "spor/store/copy_sketch.h"
#include "spor/store/run_opts.h"
#include "spor/store/schema.h"
#include "spor/store/writers.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "spor/text/strmap.h"
#include "xapian_c.h"

#include "docqueue.h"
#include "passjob.h"

/* run.c: the run state. */

typedef struct file_list {
    char **paths;
    size_t n, cap;
} file_list;

/* A file to read and analyse, and where its entry goes: ord is the
 * document ordinal it replaces (changed, or re-split), or -1 for a new
 * entry at the end of the table. */
typedef struct work_item {
    char *path;
    long ord;
    uint64_t size;
    int resplit;  /* unchanged, analysed again for a changed split */
    size_t walk;  /* its place in the walked list (shards built apart) */
} work_item;

typedef struct work_list {
    work_item *items;
    size_t n, cap;
} work_list;

typedef struct group_key {
    size_t passage;       /* its number in the copy detector */
    char key[SCHEMA_ID_MAX];
} group_key;

typedef struct apt_tables apt_tables;

typedef struct run {
    const idx_opts *opts;
    xc_wdb *db;
    xc_db *prev_db;       /* the current generation, read-only (update) */
    ana_analyser ana;
    schema_doctable table;
    size_t table_cap;
    size_t n_prev;        /* entries of the table that came from the
                             previous generation */
    char *seen;           /* per previous entry: found in this run */
    char *redo;           /* per previous entry: in the work list */
    size_t *by_path;      /* previous entries, ordered by path */
    unsigned *late_gone;  /* entries whose file vanished before analysis */
    size_t n_late_gone, cap_late_gone;
    mf_manifest manifest;
    char *manifest_dir;   /* folder whose manifest is loaded */
    time_t started;
    int dirty;            /* the table changed without passages changing */
    idx_summary *sum;
    pl_gazetteer *gaz;    /* NULL: places from the manifest only */
    cp_detector *copies;  /* copy groups over the whole corpus */
    sbuf stemkeep;        /* the stemmer's keep list (stem.h), to store */
    group_key *heads;     /* the key of each passage that heads a copy
                             group, in the order added: only heads are
                             ever looked up (a group is named by its
                             head), and most passages of a large corpus
                             join a group rather than start one */
    size_t n_heads, cap_heads;
    size_t n_copies;      /* passages added to the copy detector */
    strmap *kept_keys;    /* group keys of kept passages (update) */
    cp_sketches *kept;    /* the kept passages' copy sketches (update;
                             copy_kept.c) */
    unsigned *kept_docids; /* each kept passage's docid, in docid order */
    size_t n_kept, cap_kept;
    unsigned char *kept_marks; /* per docid of the previous generation: 1
                                  when the passage is kept */
    size_t cap_marks;
    cp_shingles *kept_read; /* per kept passage: its shingles once read
                               as a candidate (h NULL: not read) */
    size_t kept_read_total; /* shingles held there */
    strmap *kept_last;    /* kept group key → 1 + the document of the new
                             passage that last joined it */
    uint64_t *stock;      /* the detector's stock phrases, taken before
                             it is freed, for the metadata */
    size_t n_stock;
    strmap *doc_ids;      /* the ids of the table's documents, made when
                             the first new document needs an id */
    sbuf cwd;             /* the run's folder, with doc_ids */
    dq_queue *queue;      /* documents go here, to the writer thread */
    wr_pool *pool;        /* or here, on a full build: parallel writers */
    pj_maker *maker;      /* the pool's tools for making documents */
    sbuf zdict;           /* compression dictionary for the passages */
    codec_deflater *deflater; /* with zdict; the worker thread's alone
                                 while it runs */
    apt_tables *apart;    /* writing one shard built apart: the merged
                             tables it is written with (apart.h) */
} run;

/* Frees what r holds (not the databases, which the pipeline closes). */
void run_free(run *r);

/* Passes a warning to the caller's callback, when there is one. */
void run_warn(const idx_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Tells the caller's stage callback that the run passed stage name. */
void run_stage(const idx_opts *o, const char *name);
/* A path as it can be shown on one line of UTF-8: invalid bytes and
 * control characters as \xNN; b holds the text. */
const char *run_shown(const char *path, sbuf *b);
/* strcmp for qsort over an array of strings (or of structs whose first
 * member is one). */
int run_cmp_str(const void *a, const void *b);

spor_status run_files_add(file_list *l, const char *path);
void run_files_free(file_list *l);
spor_status run_work_add(work_list *w, const char *path, long ord,
                         uint64_t size);
void run_work_free(work_list *w);

/* Loads the manifest of the folder holding path, unless it is loaded. */
spor_status run_load_manifest(run *r, const char *path, spor_err *err);
/* A manifest entry's places as the index stores them: comma-separated,
 * malloc'd ("" for none); NULL when out of memory. */
char *run_join_places(const mf_entry *m);

int64_t run_mtime_ns(const struct stat *sb);
/* The mtime to record for a file just read (0: hash it next time). */
int64_t run_trusted_mtime(const run *r, const struct stat *sb,
                          uint64_t bytes_read);

/* Records key as the key of the copy group headed by passage. */
spor_status run_push_head(run *r, size_t passage, const char *key,
                          spor_err *err);
/* Adds a new passage to the copy detector; key gets its group's key, and
 * rec its copy sketch. */
spor_status run_copy_group(run *r, schema_record *rec,
                           const char *doc_id, char key[SCHEMA_ID_MAX],
                           spor_err *err);

/* copy_kept.c: an update's copy groups against the kept passages. */

/* Marks the previous generation's stock phrases in the detector. */
spor_status kept_load_stock(run *r, spor_err *err);
/* Notes docid (of the previous generation) as a kept passage. */
spor_status kept_mark(run *r, unsigned docid, spor_err *err);
/* Enters the kept passages by their stored sketches, and their group keys
 * in kept_keys (which no new group may take). */
spor_status kept_enter(run *r, spor_err *err);
/* The kept group a new passage (shingles s, of document doc) joins, when
 * it copies a kept passage at least as closely as share (what it shares
 * with the new passage it joined, 0 if none): *found 1 and key its key,
 * else *found 0. */
spor_status kept_group(run *r, const cp_shingles *s, unsigned doc,
                       double share, char key[SCHEMA_ID_MAX], int *found,
                       spor_err *err);

/* Frees what the kept passages' copy groups held. */
void kept_free(run *r);

/* walk.c: the input walk. */

/* The documents under paths (files named, or found in the folders named),
 * in order, each once; what cannot be read is a warning. */
spor_status walk_inputs(const char *const *paths, size_t n_paths,
                        const idx_opts *o, idx_summary *sum, file_list *out,
                        spor_err *err);

/* feed.c: analysis and writing. */

/* The word counts of the files for the compound splitter (first pass). */
spor_status feed_count_words(spl_splitter *spl, const work_list *files,
                             spor_err *err);
typedef struct ra_reader ra_reader; /* readahead.h */
/* The same in two steps: threads start reading the files (ra_free them
 * after), and then their words are counted into spl, so that the files
 * are read while the splitter is being made. */
spor_status feed_read_ahead(const work_list *files, ra_reader **out,
                            spor_err *err);
spor_status feed_count_read(spl_splitter *spl, ra_reader *ra,
                            spor_err *err);
/* Work for the run's own thread once every passage is handed to the
 * writer threads of a full build, done while they write the last ones. */
typedef spor_status (*feed_tail_fn)(void *ctx, spor_err *err);
/* Reads, analyses and writes every file of the work list; on a full
 * build, calls tail (when not NULL) before waiting for the writers. */
spor_status feed_all(run *r, const work_list *files, idx_progress *pg,
                     const char *db_path, feed_tail_fn tail, void *tail_ctx,
                     spor_err *err);

/* Called by feed_count_share for each document of the share read. */
typedef spor_status (*feed_doc_fn)(void *ctx, const work_item *w,
                                   const schema_docinfo *d,
                                   const seg_result *seg, spor_err *err);
/* Shards built apart, step 1: reads each file of the share, enters it in
 * the table, counts its words into spl and hands it to fn. */
spor_status feed_count_share(run *r, spl_splitter *spl,
                             const work_list *files, feed_doc_fn fn,
                             void *ctx, spor_err *err);

/* apart.c, apart_load.c: shards built apart (apart.h). */

/* The files of shard o->shard of o->shards (each with its walk index),
 * and the fingerprint of the walked list that every step checks. */
spor_status apt_share(const file_list *files, const idx_opts *o,
                      work_list *mine, uint64_t *fingerprint,
                      spor_err *err);
/* Step 3: loads the merged tables file o->tables_path into r (the whole
 * document table, r->apart) and the counts into spl; todo gets the
 * share's files, each with its ordinal. */
spor_status apt_load(run *r, spl_splitter *spl, const file_list *files,
                     work_list *todo, spor_err *err);
/* The docid of the first passage of document doc_ord in one database. */
unsigned apt_first_docid(const apt_tables *t, unsigned doc_ord);
/* The copy group key of a passage, as one database's build gives it. */
spor_status apt_copy_key(const run *r, unsigned doc_ord,
                         unsigned passage_ord, char key[SCHEMA_ID_MAX],
                         spor_err *err);
/* The name of the set the shards of the merged file make. */
const char *apt_set(const apt_tables *t);
/* The passages of this shard's share (for the summary). */
void apt_count_share(const apt_tables *t, unsigned *docs,
                     unsigned *passages);
void apt_free(apt_tables *t);

/* update.c: the update path. */

/* Why the previous generation at path cannot be updated, or NULL when it
 * can: then r holds it open, with its document table and dictionary. */
const char *upd_open_previous(run *r, const char *path,
                              const stop_list *stops, char *why,
                              size_t why_cap);
/* Orders the previous entries by path, for finding a file's entry. */
spor_status upd_index_previous(run *r);
/* Sorts the files into unchanged, changed and added (todo). */
spor_status upd_classify(run *r, const file_list *files, work_list *todo,
                         spor_err *err);
/* Stems with the keep list the previous generation was built with. */
spor_status upd_keep_stored(run *r, stem_stemmer *stemmer, const char *dir,
                            spor_err *err);
/* The update's work on the copy before analysis. */
spor_status upd_prepare(run *r, spl_splitter *spl, const stop_list *stops,
                        const strmap *old_counts, work_list *todo,
                        spor_err *err);
/* Drops the entries marked in gone and keeps the table dense. */
spor_status upd_remove_entries(run *r, char *gone, work_list *todo,
                               spor_err *err);
/* Drops the compound table's entries no document splits any more. */
spor_status upd_prune_splits(run *r, spl_splitter *spl, spor_err *err);

/* tables.c: the corpus-wide tables. */

/* The compound splitter, with the word list when there is one. */
spor_status tab_make_splitter(const idx_opts *o, const stop_list *stops,
                              spl_splitter **out, spor_err *err);
/* The stop list as the index stores it (one word a line), into b. */
spor_status tab_stop_text(const stop_list *stops, sbuf *b);
/* Reads the stored word counts into spl and into old. */
spor_status tab_load_counts(xc_db *db, spl_splitter *spl, strmap *old,
                            spor_err *err);
/* Writes the compound splits the splitter has judged (an update: those
 * that differ from prev's). */
spor_status tab_write_splits(xc_wdb *db, xc_db *prev, spl_splitter *spl,
                             spor_err *err);
/* Writes the spelling table from the word counts (an update: by how
 * much each changed from old_counts). It needs the counts only, so a full
 * build writes it while the passages are still being written. */
spor_status tab_write_spelling(xc_wdb *db, const strmap *old_counts,
                               spl_splitter *spl, spor_err *err);
/* Fills the synonym table from the thesaurus and the domain list. */
spor_status tab_write_synonyms(const idx_opts *o, xc_wdb *db,
                               spl_splitter *spl, spor_err *err);
/* Writes the index metadata: schema version, dictionary, document table,
 * stop list, gazetteer, keep list and word counts. */
spor_status tab_write_metadata(run *r, const stop_list *stops,
                               spl_splitter *spl, size_t n_prev_keys,
                               spor_err *err);

#endif
