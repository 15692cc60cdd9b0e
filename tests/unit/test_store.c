/* Unit tests for what the index stores beside its terms: the zlib framing
 * of passage text (codec.c) and the index schema (schema.c): the passage
 * record and document table blobs, passage fingerprints, document and
 * passage ids, and the Xapian document built for a passage, checked by
 * writing it to a real temporary database and reading it back. Damaged
 * blobs must come back as SPOR_EINDEX, never as a crash or a misread; the
 * ASan build runs the same tests to prove the "no crash" part. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spor/analysis/analyser.h"
#include "spor/text/buf.h"
#include "spor/store/codec.h"
#include "spor/store/hit_value.h"
#include "spor/store/schema.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "xapian_c.h"

#define STOPWORDS_PATH SPOR_SOURCE_DIR "/stopwords/danish.txt"

/* ---- codec -------------------------------------------------------------- */

static void roundtrip(const char *in, size_t len)
{
    sbuf z = SBUF_INIT, back = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(codec_compress(in, len, &z, &err), SPOR_OK);
    assert_true(z.len >= 5); /* tag + length header at least */
    assert_int_equal(codec_decompress(z.data, z.len, &back, &err), SPOR_OK);
    assert_int_equal(back.len, len);
    if (len)
        assert_memory_equal(back.data, in, len);
    assert_int_equal(back.data[back.len], '\0'); /* sbuf contract */
    sbuf_free(&z);
    sbuf_free(&back);
}

static void test_codec_roundtrip(void **state)
{
    (void)state;
    roundtrip("", 0);
    roundtrip("x", 1);
    roundtrip("Fremskudte indsatser løfter beskæftigelsen – også i "
              "Nieuw-West.\n",
              strlen("Fremskudte indsatser løfter beskæftigelsen – også i "
                     "Nieuw-West.\n"));
    /* Binary bytes, NULs included, survive unchanged. */
    static const char bin[] = {0, 1, 2, (char)0xff, 0, 'a'};
    roundtrip(bin, sizeof bin);

    /* 1 MB of text made of varied Danish words, so that zlib sees something
     * more like a report than a single repeated byte. */
    static const char *const words[] = {"hjemløse", "beskæftigelse", "og",
                                        "indsatsen", "i", "Aarhus", "4.700",
                                        "kr.", "udfordringer", "\n"};
    size_t cap = 1024 * 1024;
    char *big = malloc(cap);
    assert_non_null(big);
    size_t n = 0;
    uint32_t seed = 12345;
    while (n < cap) {
        seed = seed * 1103515245u + 12345u;
        const char *w = words[(seed >> 16) % 10];
        for (size_t i = 0; w[i] && n < cap; i++)
            big[n++] = w[i];
        if (n < cap)
            big[n++] = ' ';
    }
    roundtrip(big, n);
    free(big);
}

/* Compressing and decompressing append: the buffer's earlier contents stay
 * (the record encoder relies on this). */
static void test_codec_appends(void **state)
{
    (void)state;
    sbuf z = SBUF_INIT, back = SBUF_INIT;
    spor_err err;
    assert_int_equal(sbuf_append_str(&z, "HDR"), SPOR_OK);
    assert_int_equal(codec_compress("passage", 7, &z, &err), SPOR_OK);
    assert_memory_equal(z.data, "HDR", 3);
    assert_int_equal(sbuf_append_str(&back, "<"), SPOR_OK);
    assert_int_equal(codec_decompress(z.data + 3, z.len - 3, &back, &err),
                     SPOR_OK);
    assert_string_equal(back.data, "<passage");
    sbuf_free(&z);
    sbuf_free(&back);
}

static void expect_damaged(const void *blob, size_t len, const char *what)
{
    sbuf out = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    spor_status st = codec_decompress(blob, len, &out, &err);
    if (st != SPOR_EINDEX)
        fail_msg("%s: got status %d, want SPOR_EINDEX", what, (int)st);
    assert_int_equal(err.status, SPOR_EINDEX);
    assert_non_null(strstr(err.msg, "damaged"));
    assert_int_equal(out.len, 0); /* nothing half-decoded is left behind */
    sbuf_free(&out);
}

static void test_codec_damaged(void **state)
{
    (void)state;
    const char *text = "Housing First-tilgangen er udbredt i Amsterdam, hvor "
                       "hjemløse får en bolig først og støtte bagefter.";
    size_t len = strlen(text);
    sbuf z = SBUF_INIT;
    spor_err err;
    assert_int_equal(codec_compress(text, len, &z, &err), SPOR_OK);
    unsigned char *bad = malloc(z.len);
    assert_non_null(bad);

    /* A foreign format tag. */
    memcpy(bad, z.data, z.len);
    bad[0] = 'x';
    expect_damaged(bad, z.len, "wrong tag");

    /* Every truncation, from nothing to all but the last byte. Each copy is
     * an exact-size allocation so ASan sees any read past the end. */
    for (size_t cut = 0; cut < z.len; cut++) {
        unsigned char *t = malloc(cut ? cut : 1);
        assert_non_null(t);
        memcpy(t, z.data, cut);
        char what[64];
        snprintf(what, sizeof what, "truncated to %zu", cut);
        expect_damaged(t, cut, what);
        free(t);
    }

    /* The header lies about the length: one byte more, one byte less, and
     * an absurd size that must be refused before allocating it. */
    uint32_t lies[] = {(uint32_t)len + 1, (uint32_t)len - 1, 0,
                       0xffffffffu, 64u * 1024u * 1024u + 1u};
    for (size_t i = 0; i < sizeof lies / sizeof *lies; i++) {
        memcpy(bad, z.data, z.len);
        for (int b = 0; b < 4; b++)
            bad[1 + b] = (unsigned char)(lies[i] >> (8 * b));
        char what[64];
        snprintf(what, sizeof what, "length lie %u", lies[i]);
        expect_damaged(bad, z.len, what);
    }
    /* Sizes above the codec's limit are refused from the header alone,
     * before allocating for them: the message gives the length. */
    for (size_t i = 3; i < sizeof lies / sizeof *lies; i++) {
        memcpy(bad, z.data, z.len);
        for (int b = 0; b < 4; b++)
            bad[1 + b] = (unsigned char)(lies[i] >> (8 * b));
        sbuf out = SBUF_INIT;
        spor_err_clear(&err);
        assert_int_equal(codec_decompress(bad, z.len, &out, &err),
                         SPOR_EINDEX);
        char want[64];
        snprintf(want, sizeof want, "length %u", lies[i]);
        assert_non_null(strstr(err.msg, want));
        assert_null(out.data); /* nothing was allocated */
        sbuf_free(&out);
    }

    /* A flipped byte in the compressed body (zlib's checksum catches it). */
    memcpy(bad, z.data, z.len);
    bad[z.len / 2] ^= 0x55;
    expect_damaged(bad, z.len, "flipped byte");

    free(bad);
    sbuf_free(&z);
}

/* ---- passage record ------------------------------------------------------ */

static void assert_record_equal(const schema_record *a, const schema_record *b)
{
    assert_int_equal(a->doc_ord, b->doc_ord);
    assert_int_equal(a->passage_ord, b->passage_ord);
    assert_int_equal(a->line_start, b->line_start);
    assert_int_equal(a->line_end, b->line_end);
    assert_true(a->byte_start == b->byte_start);
    assert_true(a->byte_end == b->byte_end);
    assert_string_equal(a->section, b->section);
    assert_string_equal(a->places, b->places);
    assert_int_equal(a->text_len, b->text_len);
    assert_memory_equal(a->text, b->text, a->text_len);
    assert_int_equal(b->text[b->text_len], '\0');
}

static void test_record_roundtrip(void **state)
{
    (void)state;
    char text[] = "Beskæftigelsen i Nørrebro – “fremskudt” indsats, 4.700 kr.\n"
                  "Anden linje med æ, ø og å.";
    schema_record r = {
        .doc_ord = 4, .passage_ord = 300,
        .line_start = 17, .line_end = 123456,
        /* Beyond 32 bits: byte offsets are 64-bit on the wire. */
        .byte_start = 5000000000ULL, .byte_end = UINT64_MAX,
        .section = "Mandag den 17. april 2023 – Besøg på Nørrebro",
        .places = "København,Nieuw-West",
        .text = text, .text_len = strlen(text)};
    sbuf blob = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(schema_record_encode(&r, &blob, &err), SPOR_OK);
    schema_record back;
    assert_int_equal(schema_record_decode(blob.data, blob.len, &back, &err),
                     SPOR_OK);
    assert_record_equal(&r, &back);
    schema_record_free(&back);
    assert_null(back.text); /* free resets the record */

    /* Empty section, empty places (NULL is stored as ""), empty text. */
    sbuf_reset(&blob);
    schema_record e = {.doc_ord = 0, .passage_ord = 0, .section = "",
                       .places = NULL, .text = "", .text_len = 0};
    assert_int_equal(schema_record_encode(&e, &blob, &err), SPOR_OK);
    assert_int_equal(schema_record_decode(blob.data, blob.len, &back, &err),
                     SPOR_OK);
    assert_string_equal(back.section, "");
    assert_string_equal(back.places, "");
    assert_int_equal(back.text_len, 0);
    assert_string_equal(back.text, "");
    schema_record_free(&back);

    /* Text with NUL bytes keeps its length. */
    sbuf_reset(&blob);
    e.text = "a\0b";
    e.text_len = 3;
    assert_int_equal(schema_record_encode(&e, &blob, &err), SPOR_OK);
    assert_int_equal(schema_record_decode(blob.data, blob.len, &back, &err),
                     SPOR_OK);
    assert_int_equal(back.text_len, 3);
    assert_memory_equal(back.text, "a\0b", 3);
    schema_record_free(&back);
    sbuf_free(&blob);
}

static void expect_record_damaged(const char *blob, size_t len,
                                  const char *what)
{
    schema_record back;
    spor_err err;
    spor_err_clear(&err);
    memset(&back, 0x5a, sizeof back); /* decode must reset it */
    spor_status st = schema_record_decode(blob, len, &back, &err);
    if (st != SPOR_EINDEX)
        fail_msg("%s: got status %d, want SPOR_EINDEX", what, (int)st);
    assert_int_equal(err.status, SPOR_EINDEX);
    /* Nothing is left for the caller to free or to misread. */
    assert_null(back.section);
    assert_null(back.places);
    assert_null(back.text);
    schema_record_free(&back);
}

/* Compresses raw record bytes, so the damage is inside a valid zlib frame
 * and only the record decoder can notice it. */
static void expect_plain_damaged(const void *plain, size_t len,
                                 const char *what)
{
    sbuf z = SBUF_INIT;
    spor_err err;
    assert_int_equal(codec_compress(plain, len, &z, &err), SPOR_OK);
    expect_record_damaged(z.data, z.len, what);
    sbuf_free(&z);
}

static void test_record_damaged(void **state)
{
    (void)state;
    schema_record r = {.doc_ord = 1, .passage_ord = 2, .line_start = 3,
                       .line_end = 4, .byte_start = 5, .byte_end = 6,
                       .section = "Afsnit", .places = "Aarhus",
                       .text = "hjemløse unge", .text_len = 14};
    sbuf blob = SBUF_INIT;
    spor_err err;
    assert_int_equal(schema_record_encode(&r, &blob, &err), SPOR_OK);

    /* Damage to the zlib frame: cut short, or a byte changed. */
    for (size_t cut = 0; cut < blob.len; cut++) {
        char *t = malloc(cut ? cut : 1);
        assert_non_null(t);
        memcpy(t, blob.data, cut);
        expect_record_damaged(t, cut, "truncated blob");
        free(t);
    }
    blob.data[blob.len - 1] ^= 0x01;
    expect_record_damaged(blob.data, blob.len, "flipped checksum byte");

    /* Damage to the record inside a sound frame. */
    expect_plain_damaged("", 0, "empty record");
    expect_plain_damaged("\x02\x01\x02", 3, "unknown record tag");
    /* Tag, 6 varints, then a section claiming 100 bytes but holding 3. */
    expect_plain_damaged("\x01\x01\x02\x03\x04\x05\x06\x64" "abc", 11,
                         "string longer than the record");
    /* A varint that never ends. */
    expect_plain_damaged("\x01\x80\x80\x80", 4, "unterminated varint");
    /* A varint longer than 64 bits. */
    expect_plain_damaged("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
                         12, "overlong varint");

    /* Every cut of the plain record, repacked in a sound frame. */
    sbuf plain = SBUF_INIT;
    blob.data[blob.len - 1] ^= 0x01; /* undo the flip */
    assert_int_equal(codec_decompress(blob.data, blob.len, &plain, &err),
                     SPOR_OK);
    for (size_t cut = 0; cut < plain.len; cut++)
        expect_plain_damaged(plain.data, cut, "record cut short");
    sbuf_free(&plain);
    sbuf_free(&blob);
}

/* ---- document table ------------------------------------------------------ */

static schema_docinfo make_info(const char *path, const char *title,
                                const char *publisher, const char *places,
                                int year, uint64_t size, int64_t mtime,
                                uint64_t hash, unsigned n_passages)
{
    schema_docinfo d = {0};
    d.path = strdup(path);
    d.title = strdup(title);
    d.publisher = strdup(publisher);
    d.places = strdup(places);
    assert_non_null(d.path);
    assert_non_null(d.title);
    assert_non_null(d.publisher);
    assert_non_null(d.places);
    d.year = year;
    d.size = size;
    d.mtime = mtime;
    d.hash = hash;
    d.n_passages = n_passages;
    schema_doc_id(path, 0, d.id);
    return d;
}

static void make_table(schema_doctable *t)
{
    t->n = 3;
    t->docs = calloc(3, sizeof *t->docs);
    assert_non_null(t->docs);
    t->docs[0] = make_info("corpus/aarhus-amsterdam-studietur-2023.txt",
                           "Rapport for Social- og Beskæftigelsesudvalgets "
                           "Studietur til Amsterdam", "Aarhus Kommune",
                           "Aarhus,Amsterdam,Nieuw-West", 2023, 30019,
                           1700000000, 0xfedcba9876543210ULL, 41);
    t->docs[1] = make_info("/abs/path/kbh.txt", "Socialudvalgets studietur – "
                           "Rejserapport", "Københavns Kommune", "", 2015,
                           92185, -1, 0, 1);
    t->docs[2] = make_info("ingen-titel.md", "", "", "", 0, 0, 0, UINT64_MAX,
                           0);
}

static void test_doctable_roundtrip(void **state)
{
    (void)state;
    schema_doctable t;
    make_table(&t);
    sbuf blob = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(schema_doctable_encode(&t, &blob, &err), SPOR_OK);

    schema_doctable back;
    assert_int_equal(schema_doctable_decode(blob.data, blob.len, &back, &err),
                     SPOR_OK);
    assert_int_equal(back.n, 3);
    for (size_t i = 0; i < 3; i++) {
        const schema_docinfo *a = &t.docs[i], *b = &back.docs[i];
        assert_string_equal(a->path, b->path);
        assert_string_equal(a->title, b->title);
        assert_string_equal(a->publisher, b->publisher);
        assert_string_equal(a->places, b->places);
        assert_int_equal(a->year, b->year);
        assert_true(a->size == b->size);
        assert_true(a->mtime == b->mtime); /* -1 survives the varint */
        assert_true(a->hash == b->hash);
        assert_int_equal(a->n_passages, b->n_passages);
        /* The id is not stored: it is recomputed from the path. */
        assert_string_equal(a->id, b->id);
    }
    schema_doctable_free(&back);
    assert_null(back.docs);
    assert_int_equal(back.n, 0);

    /* An empty table round-trips too. */
    schema_doctable empty = {NULL, 0};
    sbuf_reset(&blob);
    assert_int_equal(schema_doctable_encode(&empty, &blob, &err), SPOR_OK);
    assert_int_equal(schema_doctable_decode(blob.data, blob.len, &back, &err),
                     SPOR_OK);
    assert_int_equal(back.n, 0);
    schema_doctable_free(&back);

    schema_doctable_free(&t);
    sbuf_free(&blob);
}

/* The table is read from index metadata, which a damaged or foreign index
 * can fill with anything: every prefix of a valid table must be refused,
 * each from an exact-size copy so that ASan catches a read past the end. */
static void test_doctable_truncated(void **state)
{
    (void)state;
    schema_doctable t;
    make_table(&t);
    sbuf blob = SBUF_INIT;
    spor_err err;
    assert_int_equal(schema_doctable_encode(&t, &blob, &err), SPOR_OK);
    for (size_t cut = 0; cut < blob.len; cut++) {
        char *p = malloc(cut ? cut : 1);
        assert_non_null(p);
        memcpy(p, blob.data, cut);
        schema_doctable back;
        spor_err_clear(&err);
        spor_status st = schema_doctable_decode(p, cut, &back, &err);
        if (st != SPOR_EINDEX)
            fail_msg("table cut to %zu of %zu bytes: status %d", cut, blob.len,
                     (int)st);
        assert_int_equal(err.status, SPOR_EINDEX);
        assert_null(back.docs);
        assert_int_equal(back.n, 0);
        free(p);
    }

    /* A wrong tag, and a count far beyond what the bytes can hold. */
    schema_doctable back;
    blob.data[0] = 7;
    assert_int_equal(schema_doctable_decode(blob.data, blob.len, &back, &err),
                     SPOR_EINDEX);
    static const char huge[] = "\x01\xff\xff\xff\xff\x0f";
    assert_int_equal(schema_doctable_decode(huge, sizeof huge - 1, &back,
                                            &err), SPOR_EINDEX);
    assert_null(back.docs);
    schema_doctable_free(&t);
    sbuf_free(&blob);
}

/* ---- fingerprints and ids ------------------------------------------------ */

static int all_hex(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return 0;
    return 1;
}

static void test_ids(void **state)
{
    (void)state;
    char a[SCHEMA_ID_MAX], b[SCHEMA_ID_MAX], c[SCHEMA_ID_MAX];
    const char *path = "corpus/aarhus-amsterdam-studietur-2023.txt";
    schema_doc_id(path, 0, a);
    schema_doc_id(path, 0, b);
    assert_string_equal(a, b); /* stable: a pure function of the path */
    assert_int_equal(strlen(a), 8);
    assert_true(all_hex(a, 8));
    /* Another path, and the same file named another way, differ: the id
     * is of the path as indexed. */
    schema_doc_id("corpus/aarhus-amsterdam-studietur-2023-pdf.txt", 0, c);
    assert_string_not_equal(a, c);
    schema_doc_id("./corpus/aarhus-amsterdam-studietur-2023.txt", 0, c);
    assert_string_not_equal(a, c);
    /* Always 8 digits: ids whose hash starts with zero bits keep their
     * leading zeros (about one path in 16 has one). */
    int leading_zero = 0;
    for (int i = 0; i < 200; i++) {
        char p[32];
        snprintf(p, sizeof p, "doc-%d.txt", i);
        schema_doc_id(p, 0, c);
        assert_int_equal(strlen(c), 8);
        assert_true(all_hex(c, 8));
        leading_zero |= c[0] == '0';
    }
    assert_true(leading_zero);
    schema_doc_id("", 0, c);
    assert_int_equal(strlen(c), 8);
    /* A salt gives another candidate for the same path, still 8 digits:
     * what the indexer takes when the plain id is another document's. */
    schema_doc_id(path, 1, b);
    assert_string_not_equal(a, b);
    assert_int_equal(strlen(b), 8);
    assert_true(all_hex(b, 8));
    schema_doc_id(path, 2, c);
    assert_string_not_equal(b, c);

    char pid[SCHEMA_ID_MAX], want[SCHEMA_ID_MAX + 16];
    schema_passage_id(a, 0, pid);
    snprintf(want, sizeof want, "%s.0", a);
    assert_string_equal(pid, want);
    schema_passage_id(a, 4294967295u, pid);
    snprintf(want, sizeof want, "%s.4294967295", a);
    assert_string_equal(pid, want);
    /* Only the doc id's 8 digits are used, whatever follows them. */
    schema_passage_id("0123abcdEXTRA", 12, pid);
    assert_string_equal(pid, "0123abcd.12");
}

/* ---- the Xapian document ------------------------------------------------- */

static unsigned termfreq(xc_db *db, const char *term)
{
    unsigned tf = 0;
    xc_error xe;
    if (xc_db_termfreq(db, term, &tf, &xe) != XC_OK)
        fail_msg("termfreq(%s): %s", term, xe.msg);
    return tf;
}

static void assert_xvalue(xc_db *db, unsigned docid, unsigned slot,
                         const unsigned char *want, size_t n)
{
    char *v = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_db_get_value(db, docid, slot, &v, &len, &xe) != XC_OK)
        fail_msg("value %u of doc %u: %s", slot, docid, xe.msg);
    assert_int_equal(len, n);
    assert_memory_equal(v, want, n);
    free(v);
}

static void test_make_document(void **state)
{
    const char *dir = *state;
    char dbpath[256];
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);

    stem_stemmer *stemmer = NULL;
    stop_list *stops = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stem_new("danish", &stemmer, &err), SPOR_OK);
    assert_int_equal(stop_load(STOPWORDS_PATH, &stops, &err), SPOR_OK);
    ana_analyser ana = {.stemmer = stemmer, .stops = stops};

    schema_docinfo d = {0};
    d.path = "corpus/test-rapport.txt";
    d.title = "Testrapport";
    d.publisher = "";
    d.places = "Aarhus";
    d.year = 2023;
    schema_doc_id(d.path, 0, d.id);

    char text[] = "Beskæftigelsen af hjemløse i Aarhus.\nIndsatsen virker.";
    schema_record r = {
        .doc_ord = 2, .passage_ord = 7, .line_start = 10, .line_end = 12,
        .byte_start = 400, .byte_end = 460, .section = "",
        /* Spaces around items and upper case are not part of the place. */
        .places = " Aarhus, Nieuw-West ,KØBENHAVN,", .text = text,
        .text_len = strlen(text), .nonprose = 0.25, .navigation = 1};
    xc_doc *doc = NULL;
    assert_int_equal(schema_make_document(&r, &d, &ana, &doc, &err), SPOR_OK);
    assert_non_null(doc);

    /* A second passage of a document with unknown year. */
    schema_docinfo d2 = d;
    d2.path = "corpus/uden-aar.txt";
    d2.year = 0;
    schema_doc_id(d2.path, 0, d2.id);
    schema_record r2 = {.doc_ord = 0, .passage_ord = 0, .section = "",
                        .places = "", .text = "Hjemløse unge.",
                        .text_len = strlen("Hjemløse unge.")};
    /* It joined the first passage's copy group. */
    schema_passage_id(d.id, 7, r2.copy_key);
    xc_doc *doc2 = NULL;
    assert_int_equal(schema_make_document(&r2, &d2, &ana, &doc2, &err),
                     SPOR_OK);

    xc_wdb *w = NULL;
    xc_error xe;
    unsigned id1 = 0, id2 = 0;
    assert_int_equal(xc_wdb_create(dbpath, &w, &xe), XC_OK);
    assert_int_equal(xc_wdb_add_document(w, doc, &id1, &xe), XC_OK);
    assert_int_equal(xc_wdb_add_document(w, doc2, &id2, &xe), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &xe), XC_OK);
    xc_wdb_close(w);
    xc_doc_free(doc);
    xc_doc_free(doc2);

    xc_db *db = NULL;
    assert_int_equal(xc_db_open(dbpath, &db, &xe), XC_OK);

    /* Words, lower-cased, stop words included (phrases need them). */
    static const char *const words[] = {"beskæftigelsen", "af", "i",
                                        "aarhus", "indsatsen", "virker"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (termfreq(db, words[i]) != 1)
            fail_msg("word term \"%s\" missing", words[i]);
    assert_int_equal(termfreq(db, "hjemløse"), 2);
    assert_int_equal(termfreq(db, "unge"), 1);
    assert_int_equal(termfreq(db, "Beskæftigelsen"), 0);
    /* Stems of the non-stop words; "hjemløse" appears in both passages. */
    assert_int_equal(termfreq(db, "Zbeskæftig"), 1);
    assert_int_equal(termfreq(db, "Zhjemløs"), 2);
    /* Scandinavian folding: "aarhus" is stemmed as "århus". */
    assert_int_equal(termfreq(db, "Zårhus"), 1);
    assert_int_equal(termfreq(db, "Zindsats"), 1);
    assert_int_equal(termfreq(db, "Zvirk"), 1);
    assert_int_equal(termfreq(db, "Zaf"), 0);
    assert_int_equal(termfreq(db, "Zi"), 0);

    /* Filter terms. */
    char term[64], pid[SCHEMA_ID_MAX];
    schema_passage_id(d.id, 7, pid);
    snprintf(term, sizeof term, "Q%s", pid);
    assert_int_equal(termfreq(db, term), 1);
    snprintf(term, sizeof term, "Q%s.0", d2.id);
    assert_int_equal(termfreq(db, term), 1);
    snprintf(term, sizeof term, "D%s", d.id);
    assert_int_equal(termfreq(db, term), 1);
    snprintf(term, sizeof term, "D%s", d2.id);
    assert_int_equal(termfreq(db, term), 1);
    assert_int_equal(termfreq(db, "Paarhus"), 1);
    assert_int_equal(termfreq(db, "Pnieuw-west"), 1);
    assert_int_equal(termfreq(db, "Pkøbenhavn"), 1);
    assert_int_equal(termfreq(db, "P"), 0);        /* the trailing comma */
    assert_int_equal(termfreq(db, "P aarhus"), 0);
    assert_int_equal(termfreq(db, "PKØBENHAVN"), 0);
    assert_int_equal(termfreq(db, "Y2023"), 1);
    assert_int_equal(termfreq(db, "Y0"), 0);       /* unknown year: no term */
    /* The copy group's K term is only on the passage that joined it; the
     * group's first passage is found by its Q term, and the group's query
     * finds both. */
    snprintf(term, sizeof term, "K%s", pid);
    assert_int_equal(termfreq(db, term), 1);
    snprintf(term, sizeof term, "K%s.0", d2.id);
    assert_int_equal(termfreq(db, term), 0);
    xc_query *gq = NULL;
    xc_mset *gm = NULL;
    xc_search_opts so;
    xc_search_opts_default(&so);
    assert_int_equal(schema_copy_group_query(pid, strlen(pid), &gq, &xe),
                     XC_OK);
    assert_int_equal(xc_db_search(db, gq, &so, 0, 10, &gm, &xe), XC_OK);
    assert_int_equal(xc_mset_size(gm), 2);
    xc_mset_free(gm);
    xc_query_free(gq);

    /* Values: big-endian ordinals and year. */
    static const unsigned char doc_ord[4] = {0, 0, 0, 2};
    static const unsigned char year[4] = {0, 0, 0x07, 0xe7};
    static const unsigned char zero[4] = {0, 0, 0, 0};
    static const unsigned char zero8[8] = {0};
    assert_xvalue(db, id1, SCHEMA_SLOT_DOC, doc_ord, 4);
    assert_xvalue(db, id1, SCHEMA_SLOT_YEAR, year, 4);
    assert_xvalue(db, id2, SCHEMA_SLOT_YEAR, zero, 4);
    /* What facets count: document ordinal, year, then the places as their
     * terms, sorted and tab-separated; only the year and ordinal (zero)
     * when there are none. */
    static const unsigned char facets1[] =
        "\0\0\0\x02\0\0\x07\xe7" "aarhus\tkøbenhavn\tnieuw-west";
    assert_xvalue(db, id1, SCHEMA_SLOT_FACETS, facets1, sizeof facets1 - 1);
    assert_xvalue(db, id2, SCHEMA_SLOT_FACETS, zero8, 8);
    /* The group key of a passage that joined another's group only. */
    assert_xvalue(db, id2, SCHEMA_SLOT_JOINED, (const unsigned char *)pid,
                  strlen(pid));
    assert_xvalue(db, id2, SCHEMA_SLOT_COPY, (const unsigned char *)pid,
                  strlen(pid));
    char *jv = NULL;
    size_t jlen = 0;
    assert_int_equal(xc_db_get_value(db, id1, SCHEMA_SLOT_JOINED, &jv, &jlen,
                                     &xe), XC_OK);
    assert_int_equal(jlen, 0); /* Xapian: an absent value reads empty */
    free(jv);

    /* The record is stored once, in the hit value, with the non-prose
     * share beside it: the document data (which held the same bytes
     * until schema 16) is empty, and slot 5 (the share) has no value. */
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_data(db, id1, &data, &len, &xe), XC_OK);
    assert_int_equal(len, 0);
    free(data);
    assert_int_equal(xc_db_get_value(db, id1, 5, &data, &len, &xe), XC_OK);
    assert_int_equal(len, 0);
    free(data);
    /* Nor slots 1 and 3 (the passage ordinal and id until schema 16: the
     * record and the hit value hold them). */
    for (unsigned slot = 1; slot <= 3; slot += 2) {
        assert_int_equal(xc_db_get_value(db, id1, slot, &data, &len, &xe),
                         XC_OK);
        assert_int_equal(len, 0);
        free(data);
    }
    assert_int_equal(xc_db_get_value(db, id1, SCHEMA_SLOT_HIT, &data, &len,
                                     &xe), XC_OK);
    hit_view hv;
    assert_int_equal(hitv_decode(data, len, &hv), SPOR_OK);
    assert_memory_equal(hv.id, pid, strlen(pid));
    schema_record back;
    assert_int_equal(schema_hit_record(&hv, NULL, 0, &back, &err), SPOR_OK);
    assert_record_equal(&r, &back);
    assert_true(back.nonprose == 0.25);
    assert_int_equal(back.navigation, 1);
    schema_record_free(&back);
    free(data);

    xc_db_close(db);
    stop_free(stops);
    stem_free(stemmer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codec_roundtrip),
        cmocka_unit_test(test_codec_appends),
        cmocka_unit_test(test_codec_damaged),
        cmocka_unit_test(test_record_roundtrip),
        cmocka_unit_test(test_record_damaged),
        cmocka_unit_test(test_doctable_roundtrip),
        cmocka_unit_test(test_doctable_truncated),
        cmocka_unit_test(test_ids),
        cmocka_unit_test_setup_teardown(test_make_document, make_tmpdir,
                                        remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
