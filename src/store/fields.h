/* The encoding of numbers and strings inside stored records (the
 * document table, passage records: schema.c) and the tables files of
 * shards built apart (tables_file.c): unsigned LEB128 numbers, and
 * strings as their length followed by their bytes. Private to src/store. */
#ifndef SPOR_STORE_FIELDS_H
#define SPOR_STORE_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "spor/text/buf.h"
#include "spor/text/status.h"

/* Appends v, or len bytes of s with their length, to b. */
spor_status fld_put_u64(sbuf *b, uint64_t v);
spor_status fld_put_str(sbuf *b, const char *s, size_t len);

/* Reads encoded fields front to back. A read past the end or a malformed
 * number sets bad and returns 0 (or an empty string): the caller checks
 * bad once, after the fields it needs. */
typedef struct fld_reader {
    const unsigned char *p, *end;
    int bad;
} fld_reader;

void fld_reader_init(fld_reader *r, const void *data, size_t len);
uint64_t fld_get_u64(fld_reader *r);
/* The next string, in place (not NUL-terminated). */
const char *fld_get_str(fld_reader *r, size_t *len);

#endif
