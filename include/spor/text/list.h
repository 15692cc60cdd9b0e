/* Comma-separated lists ("Aarhus, Amsterdam"), as the manifest, the
 * passage records and the command-line filters write places, documents
 * and years. */
#ifndef SPOR_LIST_H
#define SPOR_LIST_H

#include <stddef.h>

/* Steps *cursor to the next item: sets *item and *len to it, spaces
 * around it trimmed, and returns 1; returns 0 at the end. Empty items are
 * skipped. */
int list_next(const char **cursor, const char **item, size_t *len);

#endif
