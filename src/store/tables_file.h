/* The files that shards built apart exchange (apart.h): their framing,
 * which says what a file is and catches a damaged or mismatched one, and
 * the encoding of the numbers and strings in its body. Private to
 * src/store (apart.c, apart_load.c).
 *
 * A file is a text line "spor-tables VERSION KIND\n", then three 8-byte
 * little-endian numbers (the body's length as stored, its length
 * unpacked, and the CRC-32 of the stored bytes), then the body as
 * codec_compress packs it. The body is a sequence of fields (fields.h);
 * docs/index-schema.md lists them for each kind. */
#ifndef SPOR_STORE_TABLES_FILE_H
#define SPOR_STORE_TABLES_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "spor/text/buf.h"
#include "spor/text/status.h"

#include "fields.h"

#define TF_MAGIC "spor-tables"
/* Raised whenever a field is added, moved or changes meaning: a file of
 * another version is refused, not half read. */
#define TF_VERSION 1

typedef enum tf_kind { TF_PARTIAL, TF_MERGED } tf_kind;

/* Writes body as a file of kind at path, durably: written beside it and
 * renamed over it, so a reader never sees half a file. */
spor_status tf_write(const char *path, tf_kind kind, const sbuf *body,
                     spor_err *err);
/* Reads the file at path into body; a file that is not a tables file, of
 * another version or kind, or damaged is a one-line error naming it. */
spor_status tf_read(const char *path, tf_kind kind, sbuf *body,
                    spor_err *err);

#endif
