/* The corpus manifest: what is known about each document beyond its text
 * (title, publisher, year, places). A directory of documents may carry a
 * file MANIFEST.tsv; its lines are
 *     file <TAB> title <TAB> publisher <TAB> year <TAB> places
 * where places is a comma-separated list, year is a number or empty, and
 * lines starting with '#' are comments. */
#ifndef SPOR_MANIFEST_H
#define SPOR_MANIFEST_H

#include <stddef.h>
#include "spor/text/status.h"

#define MANIFEST_FILE_NAME "MANIFEST.tsv"

typedef struct mf_entry {
    char *file;      /* base name of the document */
    char *title;
    char *publisher;
    int year;        /* 0 when unknown */
    char **places;   /* NULL-terminated list */
    size_t n_places;
} mf_entry;

typedef struct mf_manifest {
    mf_entry *entries;
    size_t n_entries;
} mf_manifest;

/* Reads path. A missing file is not an error: the manifest is empty.
 * A malformed line gives SPOR_EINVAL naming path and line. */
spor_status mf_load(const char *path, mf_manifest *out, spor_err *err);
/* The entry for a base name, or NULL. */
const mf_entry *mf_find(const mf_manifest *m, const char *file);
void mf_free(mf_manifest *m);

#endif
