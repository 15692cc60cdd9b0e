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

typedef struct idx_opts {
    const char *stopwords_path; /* the stop list to build with */
    idx_warn_fn warn;           /* may be NULL */
    void *warn_ctx;
    int include_hidden;         /* 1: walk hidden files and folders too */
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
