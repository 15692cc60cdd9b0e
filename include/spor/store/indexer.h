/* Building and updating an index from files and folders.
 *
 * The index folder holds generations (generation.h): each run writes a new
 * Xapian database beside the current one and only then points the symlink
 * "current" at it with an atomic rename(2), so a reader always opens a
 * complete index, and a run that fails or is killed at any moment leaves
 * the previous index as it was. A run on an existing index of this schema
 * and stop list is an update: it copies the current generation and re-reads
 * only the files that were added or changed (size and mtime first, then the
 * content hash), deletes the passages of files that are gone, and leaves
 * the rest alone; the corpus-wide tables (word counts, compound splits,
 * spelling, synonyms, copy groups) are brought up to date as
 * docs/index-schema.md describes. The index then holds exactly the files
 * found under the paths of this run. A lock file keeps two writers apart. */
#ifndef SPOR_INDEXER_H
#define SPOR_INDEXER_H

#include <stddef.h>
#include <stdint.h>
#include "spor/text/status.h"

#include "spor/store/generation.h"

#define IDX_CURRENT_LINK GEN_CURRENT_LINK
#define IDX_LOCK_FILE GEN_LOCK_FILE

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
    unsigned shards;            /* 2 or more: split the generation into
                                   this many shards (shards.h); 0 or 1:
                                   one database */
    idx_stage_fn stage;         /* may be NULL */
    void *stage_ctx;
    int rebuild;                /* 1: a full build even where an update
                                   would do (a damaged index) */
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
    double seconds;
} idx_summary;

/* Indexes paths (files, or folders walked for documents: text, Markdown,
 * HTML and PDF, told by name and content, see formats.h) into the
 * index at dir (created if needed), as an update when dir holds an index
 * of this schema built with the same stop list, else as a full build.
 * Fails without touching the current index when no document could be
 * indexed or anything below fails. */
spor_status idx_build(const char *dir, const char *const *paths,
                      size_t n_paths, const idx_opts *opts,
                      idx_summary *summary, spor_err *err);

#endif
