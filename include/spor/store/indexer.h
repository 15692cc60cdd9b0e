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
#include "spor/store/run_opts.h"

#define IDX_CURRENT_LINK GEN_CURRENT_LINK
#define IDX_LOCK_FILE GEN_LOCK_FILE

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
