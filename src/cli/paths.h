/* How documents' paths are shown. The index stores them absolute, so a
 * JSON `path` opens from anywhere; `doc` (JSON, TSV, facets) keeps what it
 * always was, the path below the folder the index was built in; text for
 * people shows a path below the current folder relative to it, and any
 * other absolute. */
#ifndef SPOR_CLI_PATHS_H
#define SPOR_CLI_PATHS_H

/* Remembers the index's folder (spor_index_root) and the current folder;
 * before this, every path is shown as stored. */
void cli_paths_set(const char *root);
/* A document's `doc`: below the index's folder, else as stored. */
const char *cli_doc_path(const char *path);
/* A document's path for people: below the current folder, else as
 * stored. */
const char *cli_shown_path(const char *path);
void cli_paths_free(void);

#endif
