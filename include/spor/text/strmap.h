/* A hash map from strings to 32-bit counts, for vocabularies: the Danish
 * word list (300,000 words) and the corpus's word frequencies. Keys are
 * copied into an arena, so adding a word costs one small copy and the map
 * frees in a handful of calls. Open addressing with linear probing keeps
 * lookups to one cache line in the common case. */
#ifndef SPOR_STRMAP_H
#define SPOR_STRMAP_H

#include <stddef.h>
#include <stdint.h>
#include "spor/text/status.h"

typedef struct strmap strmap;

spor_status smap_new(strmap **out);
void smap_free(strmap *m);

/* Adds inc to key's count (inserting it with count inc). */
spor_status smap_add(strmap *m, const char *key, size_t len, uint32_t inc);
/* Takes dec from key's count (not below 0); the key stays, with its count
 * 0 (the arena cannot give memory back). Absent keys are left absent. */
void smap_sub(strmap *m, const char *key, size_t len, uint32_t dec);
/* The count of key, or 0 when absent; *found (optional) tells which. */
uint32_t smap_get(const strmap *m, const char *key, size_t len, int *found);
size_t smap_size(const strmap *m);

/* Calls fn for each entry (in no particular order) until it returns
 * non-zero. */
typedef int (*smap_each_fn)(void *ctx, const char *key, size_t len,
                            uint32_t count);
void smap_each(const strmap *m, smap_each_fn fn, void *ctx);

#endif
