/* Building an index from files and folders.
 *
 * An index directory holds generations: each run writes a complete new
 * Xapian database "gen-<time>-<pid>" beside the current one, commits it, and
 * only then points the symlink "current" at it with an atomic rename(2).
 * A reader therefore always opens a complete index, and a run that fails or
 * is killed at any moment leaves the previous index in place (its partial
 * generation is removed by the next run). A lock file keeps two writers
 * apart. */
#ifndef SPOR_INDEXER_H
#define SPOR_INDEXER_H

#include <stddef.h>
#include <stdint.h>
#include "spor/status.h"

#define IDX_CURRENT_LINK "current"
#define IDX_LOCK_FILE "spor.lock"

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
} idx_opts;

typedef struct idx_summary {
    unsigned n_docs;      /* documents indexed */
    unsigned n_passages;
    unsigned n_skipped;   /* files skipped with a warning */
    unsigned n_ignored;   /* files in walked folders that are not documents
                             (images, style sheets, ...), without warning */
    uint64_t raw_bytes;   /* bytes of the documents indexed */
    double seconds;
} idx_summary;

/* Indexes paths (files, or folders walked for documents: text, Markdown,
 * HTML and PDF, told by name and content, see formats.h) into the
 * index at dir (created if needed). Fails without touching the current
 * index when no document could be indexed or anything below fails. */
spor_status idx_build(const char *dir, const char *const *paths,
                      size_t n_paths, const idx_opts *opts,
                      idx_summary *summary, spor_err *err);

/* The path of the database a reader should open: dir/current. Fails with
 * SPOR_EINDEX when dir holds no spor index. *out is malloc'd. */
spor_status idx_current_path(const char *dir, char **out, spor_err *err);

#endif
