/* The index schema: how a passage becomes a Xapian document, and how what is
 * stored beside the terms is encoded. docs/index-schema.md describes the
 * same for people; SCHEMA_VERSION changes whenever either changes, and an
 * index of another version is refused rather than misread.
 *
 * One Xapian document per passage:
 *  terms   words with positions, "Z"+stem, and boolean filter terms:
 *          "Q"+passage id, "D"+document id, "P"+place, "Y"+year;
 *  values  SCHEMA_SLOT_* below;
 *  data    a schema_record, zlib-compressed (codec.h).
 * Database metadata holds the schema version, the document table and the
 * stop list the index was built with (so queries use the same list). */
#ifndef SPOR_SCHEMA_H
#define SPOR_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include "spor/analyser.h"
#include "spor/buf.h"
#include "spor/status.h"
#include "xapian_c.h"

#define SCHEMA_VERSION 1

#define SCHEMA_META_VERSION "spor.schema"
#define SCHEMA_META_DOCS "spor.docs"
#define SCHEMA_META_STOPWORDS "spor.stopwords"

#define SCHEMA_PREFIX_ID "Q"
#define SCHEMA_PREFIX_DOC "D"
#define SCHEMA_PREFIX_PLACE "P"
#define SCHEMA_PREFIX_YEAR "Y"

enum {
    SCHEMA_SLOT_DOC = 0,        /* document ordinal, 4 bytes big-endian */
    SCHEMA_SLOT_PASSAGE = 1,    /* passage ordinal in its document */
    SCHEMA_SLOT_YEAR = 2,       /* year, 4 bytes big-endian (0 unknown) */
    SCHEMA_SLOT_FINGERPRINT = 3 /* 8 bytes: hash of the normalised text */
};

/* Document ids are 8 hex digits of a hash of the path as indexed; passage
 * ids are "<doc id>.<passage ordinal>", stable while the file is unchanged. */
#define SCHEMA_ID_MAX 32

typedef struct schema_docinfo {
    char *path;      /* as given to `spor index`, relative paths kept */
    char *title;
    char *publisher;
    char *places;    /* comma-separated, "" if none */
    int year;        /* 0 unknown */
    uint64_t size;
    int64_t mtime;
    uint64_t hash;   /* content hash of the raw bytes */
    unsigned n_passages;
    char id[SCHEMA_ID_MAX];
} schema_docinfo;

typedef struct schema_doctable {
    schema_docinfo *docs;
    size_t n;
} schema_doctable;

typedef struct schema_record {
    unsigned doc_ord;     /* index into the document table */
    unsigned passage_ord;
    unsigned line_start, line_end;
    uint64_t byte_start, byte_end;
    char *section;
    char *places;         /* comma-separated */
    char *text;
    size_t text_len;
} schema_record;

/* The document id for a path. */
void schema_doc_id(const char *path, char out[SCHEMA_ID_MAX]);
void schema_passage_id(const char *doc_id, unsigned passage_ord,
                       char out[SCHEMA_ID_MAX]);

spor_status schema_doctable_encode(const schema_doctable *t, sbuf *out,
                                   spor_err *err);
spor_status schema_doctable_decode(const char *in, size_t len,
                                   schema_doctable *out, spor_err *err);
void schema_doctable_free(schema_doctable *t);
void schema_docinfo_free(schema_docinfo *d);

/* Encodes and compresses a record (the document data). */
spor_status schema_record_encode(const schema_record *r, sbuf *out,
                                 spor_err *err);
spor_status schema_record_decode(const char *in, size_t len,
                                 schema_record *out, spor_err *err);
void schema_record_free(schema_record *r);

/* A hash of the passage's words only (case, spacing, punctuation and line
 * breaks aside): two copies of one passage get the same fingerprint. */
uint64_t schema_fingerprint(const char *text, size_t len);

/* Builds the Xapian document for record r of document d. */
spor_status schema_make_document(const schema_record *r,
                                 const schema_docinfo *d,
                                 const ana_analyser *a, xc_doc **out,
                                 spor_err *err);

/* Points a stored passage at another document ordinal (its data record
 * and SCHEMA_SLOT_DOC), for when an update compacts the document table. */
spor_status schema_renumber_document(xc_doc *doc, unsigned doc_ord,
                                     spor_err *err);

#endif
