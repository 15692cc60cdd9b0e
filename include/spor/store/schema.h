/* The index schema: how a passage becomes a Xapian document, and how what is
 * stored beside the terms is encoded. docs/index-schema.md describes the
 * same for people; SCHEMA_VERSION changes whenever either changes, and an
 * index of another version is refused rather than misread.
 *
 * One Xapian document per passage:
 *  terms   words with positions, "Z"+stem, "C"+stem of compound parts,
 *          "S"+stem of the section heading, "T"+stem of the title,
 *          and boolean filter terms:
 *          "Q"+passage id, "D"+document id, "P"+place, "Y"+year,
 *          "K"+copy group key (only where it is not the passage's own
 *          id: schema_copy_group_query);
 *  values  SCHEMA_SLOT_* below; the passage's schema_record,
 *          deflate-compressed with the index's preset dictionary (codec.h,
 *          zdict.h), is stored once, in the hit value (SCHEMA_SLOT_HIT);
 *  data    empty (since schema 16).
 * Database metadata holds the schema version, the document table (one key
 * per document), the compression dictionary, the gazetteer and the stop
 * list the index was built with (so queries use the same list). */
#ifndef SPOR_SCHEMA_H
#define SPOR_SCHEMA_H

#include <stddef.h>
#include <stdint.h>
#include "spor/analysis/analyser.h"
#include "spor/text/buf.h"
#include "spor/store/codec.h"
#include "spor/store/copy_sketch.h"
#include "spor/store/hit_value.h"
#include "spor/text/status.h"
#include "xapian_c.h"

/* 4: passage records carry a page range (PDF).
 * 5: records compressed with the preset dictionary spor.zdict, the
 *    document table as one key per document, the non-prose share in
 *    slot 5.
 * 6: document mtimes in nanoseconds (0: not to be trusted, hash the file),
 *    the corpus word counts in spor.counts, for copy-forward updates.
 * 7: SCHEMA_SLOT_FACETS and SCHEMA_SLOT_JOINED, so that facets are
 *    counted by Xapian's own ValueCountMatchSpy (remote shards too).
 * 8: filter term N (the passage states a number), spor.stemkeep.
 * 9: a compound ending in a word of spor.stemkeep keeps its s too, so
 *    its Z stems differ from schema 8's.
 * 10: irregular Danish forms share a stem (stem.c: børn as barn, byen as
 *    by, jobcentret as jobcenter), so their Z and C stems differ from 9's.
 * 11: adjacent lines of which one is a whole paragraph are two paragraphs
 *    (segment.c), so passages differ from 10's; adjectives' neuter -t
 *    forms share their stem (stort as stor).
 * 12: no value in slot 3 (the text's fingerprint, which nothing read);
 *    no K term on a passage whose copy key is its own id.
 * 13: document ids are stored in the document table (unique within the
 *    index: a colliding hash takes a salt); paths are stored absolute,
 *    with the full build's folder in spor.root; passages' places follow
 *    the section tree and skip addresses and contents (gazetteer names in
 *    several towns resolved by context).
 * 14: a navigation passage (a contents, an agenda, a list of links:
 *    segment.h) is marked in slot 5.
 * 15: SCHEMA_SLOT_ID, the passage's id, and SCHEMA_SLOT_HIT, what a
 *    search reads of a candidate with its words' compound splits, so
 *    that a search over remote shards reads, names and highlights its
 *    candidates and their copies from what comes back with the match
 *    (sort keys) instead of asking for each candidate's document, each
 *    copy's document entry and each word's split, one request each (the
 *    hit value carries the navigation mark too).
 * 16: the record is stored once, in the hit value: no document data (it
 *    held the same compressed bytes), and no value in slot 5 (the
 *    non-prose share and navigation mark, which the hit value holds and
 *    nothing read from slot 5).
 * 17: no value in slot 1 (the passage ordinal, which nothing read; the
 *    record holds it) nor in slot 3 (the passage id, which the hit value
 *    begins with: a search listing a page's copies takes the id from
 *    their hit values), 0.5 MB of the 7 MB benchmark corpus's index.
 * 18: SCHEMA_SLOT_SKETCH, each passage's copy sketch, and the stock
 *    phrases in spor.copy-stock, so that an update finds the kept
 *    passages a new one may copy without re-reading every kept passage
 *    (copy_sketch.h). */
#define SCHEMA_VERSION 18

#define SCHEMA_META_VERSION "spor.schema"
#define SCHEMA_META_STOPWORDS "spor.stopwords"
/* The number of documents, and "spor.doc:" + ordinal (decimal) → that one
 * document's entry, encoded as a one-entry document table: a search reads
 * only the entries of its hits, not the whole table (which grows with the
 * corpus and would make every start-up slower). */
#define SCHEMA_META_NDOCS "spor.ndocs"
#define SCHEMA_META_DOC_PREFIX "spor.doc:"
/* The preset dictionary the stored passages are compressed with. */
#define SCHEMA_META_ZDICT "spor.zdict"
#define SCHEMA_META_GAZETTEER "spor.gazetteer"
/* The folder the full build ran in (absolute): documents' paths are
 * stored absolute, and shown below this folder as `doc`. */
#define SCHEMA_META_ROOT "spor.root"
/* "spor.split:" + word → the word's compound parts, space-separated, for
 * each compound of the corpus (highlighting and query-time splitting). */
#define SCHEMA_META_SPLIT_PREFIX "spor.split:"
/* The corpus's word counts (what the compound splitter, the spelling table
 * and the synonym filter were built from), "word<TAB>count" lines,
 * deflate-compressed: an update adjusts them by the files it adds, changes
 * and removes instead of re-reading the whole corpus. */
#define SCHEMA_META_COUNTS "spor.counts"
/* The words that are their own stem (stem.h's keep list), one a line: the
 * index's terms were stemmed with it, so queries must be too. Absent when
 * the list is empty (no word list at indexing). */
#define SCHEMA_META_STEMKEEP "spor.stemkeep"
/* The copy detector's stock phrases (copies.h: shingles held by more than
 * CP_MAX_POSTINGS passages), 8 bytes each, little-endian, sorted: an
 * update's detector skips them as the full build's did. */
#define SCHEMA_META_COPY_STOCK "spor.copy-stock"

#define SCHEMA_PREFIX_ID "Q"
#define SCHEMA_PREFIX_DOC "D"
#define SCHEMA_PREFIX_PLACE "P"
#define SCHEMA_PREFIX_YEAR "Y"
#define SCHEMA_PREFIX_COPY "K"  /* copy group key (copies.h) */
/* Stems of the section heading and of the document title (no positions). */
#define SCHEMA_PREFIX_SECTION "S"
#define SCHEMA_PREFIX_TITLE "T"
/* The term (prefix alone) a passage holds when it states a quantity: a
 * number that is not a year. A query asking for a count matches it. */
#define SCHEMA_TERM_NUMBER "N"

enum {
    SCHEMA_SLOT_DOC = 0,        /* document ordinal, 4 bytes big-endian */
    /* Slot 1 held the passage ordinal until schema 16 (the record holds
     * it; nothing read the value). */
    SCHEMA_SLOT_YEAR = 2,       /* year, 4 bytes big-endian (0 unknown) */
    /* Slot 3 held the passage id in schemas 15 and 16 (the hit value
     * begins with it), a fingerprint of the text until schema 12. */
    SCHEMA_SLOT_COPY = 4,       /* copy group key: the id of the group's
                                   first passage; search collapses on it;
                                   its passages: schema_copy_group_query */
    /* Slot 5 held the non-prose share until schema 16 (the hit value
     * holds it). */
    /* What facets count, in one value so one ValueCountMatchSpy counts
     * all three kinds and a hit's sort key can carry them
     * (schema_facets_value): document ordinal and year (4 bytes
     * big-endian each), then the passage's places, lower-cased as the
     * place terms, sorted, each once, tab-separated. */
    SCHEMA_SLOT_FACETS = 6,
    /* The copy group key of a passage that joined an earlier passage's
     * group; absent for a group's first passage and passages without
     * copies. A search collapsing copies corrects its facet counts for
     * the groups found here (facets.h). */
    SCHEMA_SLOT_JOINED = 7,
    /* What a search reads of a candidate (hit_value.h): id, compound
     * splits of its words, non-prose share and record, in one value that
     * comes with the match as the hit's sort key; the one place the
     * record is stored (schema_hit_record reads it). */
    SCHEMA_SLOT_HIT = 8,
    /* The passage's copy sketch (copy_sketch.h): an update looks the kept
     * passages a new passage may copy up by it. */
    SCHEMA_SLOT_SKETCH = 9
};

/* The SCHEMA_SLOT_FACETS value of a passage (appended to out); places is
 * the record's comma-separated list. */
spor_status schema_facets_value(unsigned doc_ord, int year,
                                const char *places, sbuf *out);

/* Document ids are 8 hex digits (schema_doc_id), stored in the document
 * table; passage ids are "<doc id>.<passage ordinal>", stable while the
 * file is unchanged. */
#define SCHEMA_ID_MAX 32

typedef struct schema_docinfo {
    char *path;      /* absolute (path.h), so it opens from anywhere */
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
    unsigned page_start, page_end; /* PDF pages, 0 when none */
    char *section;
    char *places;         /* comma-separated */
    char *text;
    size_t text_len;
    double nonprose;      /* prose_nonprose() of the text: in the hit
                             value beside the encoded record, not in it */
    int navigation;       /* 1: a contents, agenda or link list (the hit
                             value's mark byte) */
    char copy_key[SCHEMA_ID_MAX]; /* indexing only ("" = its own id); not
                                     in the encoded record */
    /* Indexing only, not in the encoded record: the copy sketch (the
     * detector's caller makes it; when n_sketch is 0 the document is
     * made with one from the text). */
    uint32_t sketch[CP_SKETCH];
    size_t n_sketch;
    /* Encoding only: compresses with the index's dictionary (NULL: the
     * plain zlib format, no dictionary). */
    codec_deflater *deflater;
} schema_record;

/* A candidate document id for a path: 8 hex digits of FNV-1a 64 of the
 * path (folded to 32 bits), and with salt > 0 of the path followed by the
 * salt. The indexer takes salt 0, else the first salt whose id no other
 * document of the index has, and stores the id in the document's entry:
 * ids are unique within an index by construction, and an update keeps
 * each kept or changed document's stored id. */
void schema_doc_id(const char *path, unsigned salt, char out[SCHEMA_ID_MAX]);
void schema_passage_id(const char *doc_id, unsigned passage_ord,
                       char out[SCHEMA_ID_MAX]);

spor_status schema_doctable_encode(const schema_doctable *t, sbuf *out,
                                   spor_err *err);
spor_status schema_doctable_decode(const char *in, size_t len,
                                   schema_doctable *out, spor_err *err);
void schema_doctable_free(schema_doctable *t);
/* The metadata key of document ord's own entry (SCHEMA_META_DOC_PREFIX). */
#define SCHEMA_DOC_KEY_MAX 32
void schema_doc_key(unsigned ord, char out[SCHEMA_DOC_KEY_MAX]);
/* Encodes an 8-byte big-endian IEEE double value, and decodes one (0 when
 * len is not 8). */
void schema_double_value(double v, unsigned char out[8]);
double schema_value_double(const char *v, size_t len);
/* 1 when a non-prose share as the hit value holds it (schema_double_value,
 * then the mark byte when len is 9) marks a navigation passage. */
int schema_value_navigation(const char *v, size_t len);
void schema_docinfo_free(schema_docinfo *d);

/* Encodes and compresses a record (as the hit value holds it). */
spor_status schema_record_encode(const schema_record *r, sbuf *out,
                                 spor_err *err);
spor_status schema_record_decode(const char *in, size_t len,
                                 schema_record *out, spor_err *err);
/* The same for an index with a compression dictionary. */
spor_status schema_record_decode_dict(const char *in, size_t len,
                                      const char *zdict, size_t zdict_len,
                                      schema_record *out, spor_err *err);
void schema_record_free(schema_record *r);
/* The stored record of a passage, from its decoded hit value v
 * (hit_value.h): the one reader of the record schema_make_document
 * stores, with its non-prose share and navigation mark. zdict is the
 * index's compression dictionary. */
spor_status schema_hit_record(const hit_view *v, const char *zdict,
                              size_t zdict_len, schema_record *out,
                              spor_err *err);
/* The same from a passage's document: its hit value, decoded. */
spor_status schema_doc_record(const xc_doc *doc, const char *zdict,
                              size_t zdict_len, schema_record *out,
                              spor_err *err);

/* Gives s the keep list (stem.h) db's index was stemmed with, so that
 * words stem as they did at indexing whatever the word list says now; an
 * index built without a word list has none, and s then keeps none.
 * XC_ENOMEM when memory runs out, else XC_OK or Xapian's status (*xe). */
xc_status schema_load_stemkeep(xc_db *db, stem_stemmer *s, xc_error *xe);

/* The query matching every passage of the copy group key[0..len) (a
 * SCHEMA_SLOT_COPY value): the passages that joined the group hold the
 * term K+key; its first passage, whose key is its own id, holds no K term
 * (since schema 12) and is found by its id term Q+key. */
xc_status schema_copy_group_query(const char *key, size_t len,
                                  xc_query **out, xc_error *xe);

/* Builds the Xapian document for record r of document d. */
spor_status schema_make_document(const schema_record *r,
                                 const schema_docinfo *d,
                                 const ana_analyser *a, xc_doc **out,
                                 spor_err *err);

/* Points a stored passage at another document ordinal (the record in its
 * hit value and SCHEMA_SLOT_DOC), for when an update compacts the document table.
 * The record is decoded with the index's dictionary zdict and encoded
 * again with deflater (made with the same dictionary). */
spor_status schema_renumber_document(xc_doc *doc, unsigned doc_ord,
                                     const char *zdict, size_t zdict_len,
                                     codec_deflater *deflater,
                                     spor_err *err);

#endif
