/* Edit distance between short strings, for "did you mean" suggestions
 * (option names, place names). */
#ifndef SPOR_TEXT_DISTANCE_H
#define SPOR_TEXT_DISTANCE_H

#include <stddef.h>

/* Strings longer than this are not compared: no name spor suggests is,
 * and the work row stays on the stack. */
#define TEXT_DISTANCE_MAX_LEN 64

/* The Levenshtein distance (bytes: one insertion, deletion or
 * substitution each) between a[0..na) and b[0..nb), or (size_t)-1 when
 * either is longer than TEXT_DISTANCE_MAX_LEN. */
size_t text_edit_distance(const char *a, size_t na, const char *b,
                          size_t nb);

#endif
