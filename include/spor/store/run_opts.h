/* What an indexing run is given and what it reports: its options, its
 * progress and its summary. A header of types only, shared by the
 * indexer's pipeline (indexer.h) and the run's helpers (src/store/run.h),
 * so that neither includes the other. */
#ifndef SPOR_STORE_RUN_OPTS_H
#define SPOR_STORE_RUN_OPTS_H

#include <stdint.h>

/* Receives warnings about single files that were skipped or repaired. */
typedef void (*idx_warn_fn)(void *ctx, const char *message);

/* Where a run is, reported after each input file (indexed or skipped),
 * for a progress display. The totals are known once the inputs are walked,
 * before the first file is read. */
typedef struct idx_progress {
    const char *path;      /* the file just done */
    uint64_t bytes;        /* its size */
    unsigned files_done, files_total;
    uint64_t bytes_done, bytes_total;
} idx_progress;
typedef void (*idx_progress_fn)(void *ctx, const idx_progress *p);

/* Called as a run passes each stage ("locked", "walked", "copied",
 * "file" after each file read, "written", "committed", "published"), so
 * tests can stop or kill a run at a chosen moment. */
typedef void (*idx_stage_fn)(void *ctx, const char *stage);

typedef struct idx_opts {
    const char *stopwords_path; /* the stop list to build with */
    const char *wordlist_path;  /* Danish word list for compound splitting;
                                   NULL: the system's, if installed; "":
                                   none */
    const char *thesaurus_path; /* MyThes thesaurus; NULL: the system's;
                                   "": none */
    const char *synonyms_path;  /* domain synonym groups; NULL: none */
    idx_warn_fn warn;           /* may be NULL */
    void *warn_ctx;
    const char *gazetteer_path; /* places to tag passages with (places.h);
                                   NULL: only the manifest's places */
    idx_progress_fn progress;   /* may be NULL */
    void *progress_ctx;
    int include_hidden;         /* 1: walk hidden files and folders too */
    int follow_links;           /* 1: follow symlinks that lead out of the
                                   paths given too (skipped with a warning
                                   otherwise) */
    unsigned shards;            /* 2 or more: split the generation into
                                   this many shards (shards.h); 0 or 1:
                                   one database */
    idx_stage_fn stage;         /* may be NULL */
    void *stage_ctx;
    int rebuild;                /* 1: a full build even where an update
                                   would do (a damaged index) */
    unsigned shard;             /* 1..shards: this run counts (apt_count)
                                   or writes (idx_build, with tables_path)
                                   shard `shard` of `shards` alone, for
                                   shards built apart (apart.h); 0: all */
    const char *tables_path;    /* with shard: the merged tables file the
                                   shard is written with */
} idx_opts;

typedef struct idx_summary {
    unsigned n_docs;      /* documents in the index after the run */
    unsigned n_passages;  /* passages in the index after the run */
    unsigned n_skipped;   /* files skipped with a warning */
    unsigned n_ignored;   /* files in walked folders that are not documents
                             (images, style sheets, ...), without warning */
    uint64_t raw_bytes;   /* bytes of the documents in the index */
    unsigned n_added;     /* files new to the index (all, on a full build) */
    unsigned n_changed;   /* files re-read and re-indexed */
    unsigned n_removed;   /* files gone (or now unreadable) since last run */
    unsigned n_unchanged; /* files left as they were */
    unsigned n_resplit;   /* unchanged files re-analysed all the same, as a
                             word in them is now split differently */
    int updated;          /* 1: an update of the previous generation;
                             0: a full build */
    int untouched;        /* 1: nothing changed, no new generation made */
    unsigned n_shards;    /* shards of the index after the run (0: one
                             database) */
    unsigned n_shards_written; /* an update of shards: the shards it
                                  wrote (the others it left as they were) */
    double seconds;
} idx_summary;

#endif
