/* Encoding of passages into Xapian documents and of the stored record and
 * document table. Both blobs use the same tiny format: unsigned LEB128
 * varints and length-prefixed strings, so nothing depends on tabs or
 * newlines never appearing in a path or a heading. */
#include "spor/store/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/codec.h"
#include "spor/store/hit_value.h"
#include "spor/store/passage_splits.h"
#include "spor/store/xerror.h"
#include "spor/text/list.h"
#include "spor/text/utf8.h"

#include "fields.h"

/* First byte of each blob: bump when the layout changes. */
#define SCHEMA_RECORD_TAG 1
#define SCHEMA_DOCTABLE_TAG 2
/* Positions between fields of one passage, so a phrase cannot span them. */
#define SCHEMA_FIELD_GAP 100

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ULL

void schema_doc_id(const char *path, unsigned salt, char out[SCHEMA_ID_MAX])
{
    uint64_t h = fnv1a(FNV_OFFSET, path, strlen(path));
    if (salt) {
        /* After a NUL, which no path holds: no salted id of one path is
         * the plain hash of another path's bytes. */
        char tail[16];
        int n = snprintf(tail, sizeof tail, "%c%u", 0, salt);
        h = fnv1a(h, tail, (size_t)n);
    }
    snprintf(out, SCHEMA_ID_MAX, "%08x", (unsigned)(h ^ (h >> 32)));
}

void schema_passage_id(const char *doc_id, unsigned passage_ord,
                       char out[SCHEMA_ID_MAX])
{
    snprintf(out, SCHEMA_ID_MAX, "%.8s.%u", doc_id, passage_ord);
}

xc_status schema_load_stemkeep(xc_db *db, stem_stemmer *s, xc_error *xe)
{
    char *val = NULL;
    size_t len = 0;
    xc_status xs = xc_db_get_metadata(db, SCHEMA_META_STEMKEEP, &val, &len,
                                      xe);
    if (xs != XC_OK && xs != XC_ENOTFOUND)
        return xs;
    spor_status st = stem_set_keep(s, val ? val : "", val ? len : 0);
    free(val);
    return st ? XC_ENOMEM : XC_OK;
}

/* ---- strings (numbers: fields.h) ------------------------------------- */

static spor_status put_str(sbuf *b, const char *s, size_t n)
{
    return fld_put_str(b, s ? s : "", n);
}

static spor_status put_cstr(sbuf *b, const char *s)
{
    return put_str(b, s, s ? strlen(s) : 0);
}

/* A malloc'd NUL-terminated copy of the next string, or NULL (r->bad set
 * for damage, or out of memory: the caller cannot tell, and reports the
 * record as damaged either way, which is the safe reading). */
static char *get_str(fld_reader *r, size_t *len_out)
{
    size_t n;
    const char *in = fld_get_str(r, &n);
    char *s = r->bad ? NULL : malloc(n + 1);
    if (!s) {
        r->bad = 1;
        return NULL;
    }
    memcpy(s, in, n);
    s[n] = '\0';
    if (len_out)
        *len_out = n;
    return s;
}

/* ---- document table ---------------------------------------------------- */

spor_status schema_doctable_encode(const schema_doctable *t, sbuf *out,
                                   spor_err *err)
{
    spor_status st = sbuf_append_char(out, SCHEMA_DOCTABLE_TAG);
    if (!st)
        st = fld_put_u64(out, t->n);
    for (size_t i = 0; i < t->n && !st; i++) {
        const schema_docinfo *d = &t->docs[i];
        if (!st) st = put_cstr(out, d->path);
        if (!st) st = put_cstr(out, d->title);
        if (!st) st = put_cstr(out, d->publisher);
        if (!st) st = put_cstr(out, d->places);
        if (!st) st = fld_put_u64(out, (uint64_t)(d->year < 0 ? 0 : d->year));
        if (!st) st = fld_put_u64(out, d->size);
        if (!st) st = fld_put_u64(out, (uint64_t)d->mtime);
        if (!st) st = fld_put_u64(out, d->hash);
        if (!st) st = fld_put_u64(out, d->n_passages);
        if (!st) st = put_cstr(out, d->id);
    }
    if (st)
        return spor_fail(err, st, "document table: out of memory");
    return SPOR_OK;
}

void schema_docinfo_free(schema_docinfo *d)
{
    free(d->path);
    free(d->title);
    free(d->publisher);
    free(d->places);
    memset(d, 0, sizeof *d);
}

void schema_doctable_free(schema_doctable *t)
{
    for (size_t i = 0; i < t->n; i++)
        schema_docinfo_free(&t->docs[i]);
    free(t->docs);
    t->docs = NULL;
    t->n = 0;
}

void schema_doc_key(unsigned ord, char out[SCHEMA_DOC_KEY_MAX])
{
    snprintf(out, SCHEMA_DOC_KEY_MAX, SCHEMA_META_DOC_PREFIX "%u", ord);
}

void schema_double_value(double v, unsigned char out[8])
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(bits >> (56 - 8 * i));
}

/* The byte after the non-prose share that marks a navigation passage. */
#define SCHEMA_NAVIGATION_MARK 'n'

int schema_value_navigation(const char *v, size_t len)
{
    return len == 9 && v[8] == SCHEMA_NAVIGATION_MARK;
}

double schema_value_double(const char *v, size_t len)
{
    if (len != 8 && !schema_value_navigation(v, len))
        return 0.0;
    uint64_t bits = 0;
    for (int i = 0; i < 8; i++)
        bits = bits << 8 | (unsigned char)v[i];
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

spor_status schema_doctable_decode(const char *in, size_t len,
                                   schema_doctable *out, spor_err *err)
{
    fld_reader r;
    fld_reader_init(&r, in, len);
    memset(out, 0, sizeof *out);
    if (len < 1 || *r.p++ != SCHEMA_DOCTABLE_TAG)
        return spor_fail(err, SPOR_EINDEX, "document table is damaged");
    uint64_t n = fld_get_u64(&r);
    /* Each entry takes at least 9 bytes: bound n before allocating. */
    if (r.bad || n > len / 9 + 1)
        return spor_fail(err, SPOR_EINDEX, "document table is damaged");
    out->docs = calloc(n ? (size_t)n : 1, sizeof *out->docs);
    if (!out->docs)
        return spor_fail(err, SPOR_ENOMEM, "document table: out of memory");
    for (uint64_t i = 0; i < n && !r.bad; i++) {
        schema_docinfo *d = &out->docs[i];
        out->n = (size_t)i + 1;
        d->path = get_str(&r, NULL);
        d->title = get_str(&r, NULL);
        d->publisher = get_str(&r, NULL);
        d->places = get_str(&r, NULL);
        d->year = (int)fld_get_u64(&r);
        d->size = fld_get_u64(&r);
        d->mtime = (int64_t)fld_get_u64(&r);
        d->hash = fld_get_u64(&r);
        d->n_passages = (unsigned)fld_get_u64(&r);
        size_t id_len = 0;
        char *id = get_str(&r, &id_len);
        if (!id || !id_len || id_len >= SCHEMA_ID_MAX)
            r.bad = 1;
        else
            memcpy(d->id, id, id_len + 1);
        free(id);
    }
    if (r.bad) {
        schema_doctable_free(out);
        return spor_fail(err, SPOR_EINDEX, "document table is damaged");
    }
    return SPOR_OK;
}

/* ---- passage record ----------------------------------------------------- */

spor_status schema_record_encode(const schema_record *rec, sbuf *out,
                                 spor_err *err)
{
    sbuf plain = SBUF_INIT;
    spor_status st = sbuf_append_char(&plain, SCHEMA_RECORD_TAG);
    if (!st) st = fld_put_u64(&plain, rec->doc_ord);
    if (!st) st = fld_put_u64(&plain, rec->passage_ord);
    if (!st) st = fld_put_u64(&plain, rec->line_start);
    if (!st) st = fld_put_u64(&plain, rec->line_end);
    if (!st) st = fld_put_u64(&plain, rec->byte_start);
    if (!st) st = fld_put_u64(&plain, rec->byte_end);
    if (!st) st = fld_put_u64(&plain, rec->page_start);
    if (!st) st = fld_put_u64(&plain, rec->page_end);
    if (!st) st = put_cstr(&plain, rec->section);
    if (!st) st = put_cstr(&plain, rec->places);
    if (!st) st = put_str(&plain, rec->text, rec->text_len);
    if (st) {
        sbuf_free(&plain);
        return spor_fail(err, st, "passage record: out of memory");
    }
    st = rec->deflater ? codec_deflate(rec->deflater, plain.data, plain.len,
                                       out, err)
                       : codec_compress(plain.data, plain.len, out, err);
    sbuf_free(&plain);
    return st;
}

void schema_record_free(schema_record *r)
{
    free(r->section);
    free(r->places);
    free(r->text);
    memset(r, 0, sizeof *r);
}

spor_status schema_record_decode(const char *in, size_t len,
                                 schema_record *out, spor_err *err)
{
    return schema_record_decode_dict(in, len, NULL, 0, out, err);
}

spor_status schema_record_decode_dict(const char *in, size_t len,
                                      const char *zdict, size_t zdict_len,
                                      schema_record *out, spor_err *err)
{
    sbuf plain = SBUF_INIT;
    memset(out, 0, sizeof *out);
    spor_status st = codec_decompress_dict(in, len, zdict, zdict_len, &plain,
                                           err);
    if (st) {
        sbuf_free(&plain); /* a failed decompress may have reserved memory */
        return st;
    }
    fld_reader r;
    fld_reader_init(&r, plain.data, plain.len);
    if (plain.len < 1 || *r.p++ != SCHEMA_RECORD_TAG)
        r.bad = 1;
    out->doc_ord = (unsigned)fld_get_u64(&r);
    out->passage_ord = (unsigned)fld_get_u64(&r);
    out->line_start = (unsigned)fld_get_u64(&r);
    out->line_end = (unsigned)fld_get_u64(&r);
    out->byte_start = fld_get_u64(&r);
    out->byte_end = fld_get_u64(&r);
    out->page_start = (unsigned)fld_get_u64(&r);
    out->page_end = (unsigned)fld_get_u64(&r);
    out->section = get_str(&r, NULL);
    out->places = get_str(&r, NULL);
    out->text = get_str(&r, &out->text_len);
    sbuf_free(&plain);
    if (r.bad) {
        schema_record_free(out);
        return spor_fail(err, SPOR_EINDEX, "passage record is damaged");
    }
    return SPOR_OK;
}

/* ---- the Xapian document ------------------------------------------------- */

typedef struct emit_ctx {
    xc_doc *doc;
    xc_error xerr;
    char field_prefix; /* 0 for the text; else the heading or title field */
    int has_number;    /* the text states a quantity */
    sbuf tmp;
} emit_ctx;

/* Years of the reports' era read as dates, not quantities. */
#define SCHEMA_YEAR_MIN 1900
#define SCHEMA_YEAR_MAX 2099

/* A token of digits (with thousands or decimal marks inside: "7.000",
 * "3,5") that is not a year. */
static int is_quantity(const char *t, size_t len)
{
    if (!len || t[0] < '0' || t[0] > '9' || t[len - 1] < '0' ||
        t[len - 1] > '9')
        return 0;
    long v = 0;
    int plain = 1;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == '.' || t[i] == ',')
            plain = 0;
        else if (t[i] < '0' || t[i] > '9')
            return 0;
        else if (v < 100000)
            v = v * 10 + (t[i] - '0');
    }
    return !(plain && len == 4 && v >= SCHEMA_YEAR_MIN && v <= SCHEMA_YEAR_MAX);
}

static spor_status emit_term(void *ctx, const char *term, size_t len,
                             unsigned pos, ana_kind kind)
{
    emit_ctx *e = ctx;
    xc_status xs;
    if (e->field_prefix) {
        /* Heading and title words: their stems, and the stems of a
         * compound's parts, under the field's prefix, so a query can give
         * them a weight of their own. Parts count because headings are
         * where reports coin compounds ("SAMARBEJDE MED ERHVERVSNETVÆRK"
         * is a section about a network). */
        if (kind != ANA_STEM)
            return SPOR_OK;
        sbuf_reset(&e->tmp);
        if (sbuf_append_char(&e->tmp, e->field_prefix) ||
            sbuf_append(&e->tmp, term + 1, len - 1))
            return SPOR_ENOMEM;
        xs = xc_doc_add_term(e->doc, e->tmp.data, 1, &e->xerr);
    } else {
        if (kind == ANA_WORD && !e->has_number && is_quantity(term, len))
            e->has_number = 1;
        xs = kind == ANA_WORD
                 ? xc_doc_add_posting(e->doc, term, pos, 1, &e->xerr)
                 : xc_doc_add_term(e->doc, term, 1, &e->xerr);
    }
    return xerr_status(xs);
}

static void be32(unsigned v, unsigned char out[4])
{
    for (int i = 0; i < 4; i++)
        out[i] = (unsigned char)(v >> (24 - 8 * i));
}

/* Adds prefix + each comma-separated item of list, lower-cased. */
static xc_status add_list_terms(xc_doc *doc, const char *prefix,
                                const char *list, xc_error *xerr)
{
    sbuf t = SBUF_INIT;
    xc_status xs = XC_OK;
    const char *cur = list ? list : "", *p;
    size_t n;
    while (xs == XC_OK && list_next(&cur, &p, &n)) {
        sbuf_reset(&t);
        if (sbuf_append_str(&t, prefix) || utf8_lower(p, n, &t)) {
            xs = xerr->status = XC_ENOMEM;
            snprintf(xerr->msg, sizeof xerr->msg, "out of memory");
        } else
            xs = xc_doc_add_boolean_term(doc, t.data, xerr);
    }
    sbuf_free(&t);
    return xs;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

spor_status schema_facets_value(unsigned doc_ord, int year,
                                const char *places, sbuf *out)
{
    unsigned char v[8];
    be32(doc_ord, v);
    be32(year > 0 ? (unsigned)year : 0, v + 4);
    if (sbuf_append(out, v, sizeof v))
        return SPOR_ENOMEM;
    /* The places as their terms are written, sorted: equal sets give
     * equal values, so the spy counts a set once however listed. */
    size_t n_items = 1;
    for (const char *p = places ? places : ""; *p; p++)
        n_items += *p == ',';
    char **items = calloc(n_items, sizeof *items);
    if (!items)
        return SPOR_ENOMEM;
    spor_status st = SPOR_OK;
    size_t k = 0, n;
    const char *cur = places ? places : "", *p;
    sbuf t = SBUF_INIT;
    while (!st && list_next(&cur, &p, &n)) {
        sbuf_reset(&t);
        if (utf8_lower(p, n, &t) || !(items[k++] = strdup(t.data ? t.data : "")))
            st = SPOR_ENOMEM;
    }
    sbuf_free(&t);
    if (!st && k > 1)
        qsort(items, k, sizeof *items, cmp_cstr);
    for (size_t i = 0, w = 0; i < k && !st; i++) {
        if (!items[i] || (i && items[i - 1] && !strcmp(items[i], items[i - 1])))
            continue;
        if ((w++ && sbuf_append_char(out, '\t')) ||
            sbuf_append_str(out, items[i]))
            st = SPOR_ENOMEM;
    }
    for (size_t i = 0; i < k; i++)
        free(items[i]);
    free(items);
    return st;
}

/* One Xapian document being built from a passage record. */
typedef struct doc_build {
    emit_ctx e; /* the document, the wrapper's error, a scratch buffer */
    const schema_record *r;
    const schema_docinfo *d;
    char id[SCHEMA_ID_MAX]; /* the passage's id */
    spor_err *err;
} doc_build;

/* A wrapper call's outcome as spor's: a failure names the document's file. */
static spor_status build_check(doc_build *b, xc_status xs)
{
    return xs == XC_OK ? SPOR_OK
                       : xerr_fail(b->err, &b->e.xerr, 0, "%s", b->d->path);
}

/* prefix + value as one boolean term. */
static spor_status add_prefixed_term(doc_build *b, const char *prefix,
                                     const char *value)
{
    sbuf_reset(&b->e.tmp);
    spor_status st = sbuf_printf(&b->e.tmp, "%s%s", prefix, value);
    if (st != SPOR_OK)
        return st;
    return build_check(b, xc_doc_add_boolean_term(b->e.doc, b->e.tmp.data,
                                                  &b->e.xerr));
}

static spor_status set_value(doc_build *b, unsigned slot, const void *v,
                             size_t len)
{
    return build_check(b, xc_doc_set_value(b->e.doc, slot, v, len,
                                           &b->e.xerr));
}

/* The words of the text, then of the section heading and the document's
 * title under their fields' prefixes, at positions that go on across the
 * three. */
static spor_status index_words(doc_build *b, const ana_analyser *a)
{
    unsigned pos = 0;
    const schema_record *r = b->r;
    spor_status st =
        ana_analyse(a, r->text, r->text_len, &pos, emit_term, &b->e, b->err);
    b->e.field_prefix = SCHEMA_PREFIX_SECTION[0];
    if (!st && r->section)
        st = ana_analyse(a, r->section, strlen(r->section), &pos, emit_term,
                         &b->e, b->err);
    b->e.field_prefix = SCHEMA_PREFIX_TITLE[0];
    if (!st && b->d->title)
        st = ana_analyse(a, b->d->title, strlen(b->d->title), &pos,
                         emit_term, &b->e, b->err);
    if (st && b->e.xerr.status != XC_OK)
        st = build_check(b, b->e.xerr.status);
    return st;
}

/* The boolean terms filters match: the passage and its document, its
 * places, whether it states a quantity, the document's year. */
static spor_status add_filter_terms(doc_build *b)
{
    char year[16];
    spor_status st = add_prefixed_term(b, SCHEMA_PREFIX_ID, b->id);
    if (!st)
        st = add_prefixed_term(b, SCHEMA_PREFIX_DOC, b->d->id);
    if (!st)
        st = build_check(b, add_list_terms(b->e.doc, SCHEMA_PREFIX_PLACE,
                                           b->r->places, &b->e.xerr));
    if (!st && b->e.has_number)
        st = build_check(b, xc_doc_add_boolean_term(
                                b->e.doc, SCHEMA_TERM_NUMBER, &b->e.xerr));
    if (!st && b->d->year > 0) {
        snprintf(year, sizeof year, "%d", b->d->year);
        st = add_prefixed_term(b, SCHEMA_PREFIX_YEAR, year);
    }
    return st;
}

/* The values that filter and group passages: document, year, and the
 * copy key (the passage's own id unless it copies another) with its term.
 * The passage's ordinal and id are not values of their own: the record
 * holds the one and the hit value begins with the other, and each value
 * slot costs its bytes again (schema 17). */
static spor_status set_order_values(doc_build *b)
{
    unsigned char v4[4];
    be32(b->r->doc_ord, v4);
    spor_status st = set_value(b, SCHEMA_SLOT_DOC, v4, 4);
    be32(b->d->year > 0 ? (unsigned)b->d->year : 0, v4);
    if (!st)
        st = set_value(b, SCHEMA_SLOT_YEAR, v4, 4);
    const char *key = b->r->copy_key[0] ? b->r->copy_key : b->id;
    if (!st)
        st = set_value(b, SCHEMA_SLOT_COPY, key, strlen(key));
    /* A passage keyed by its own id is found by its Q term: most passages
     * have no copy, and a K term of their own would be a posting list of
     * one for every one of them (schema_copy_group_query). */
    if (!st && strcmp(key, b->id) != 0)
        st = add_prefixed_term(b, SCHEMA_PREFIX_COPY, key);
    return st;
}

xc_status schema_copy_group_query(const char *key, size_t len,
                                  xc_query **out, xc_error *xe)
{
    char term[2][SCHEMA_ID_MAX + 8];
    xc_query *sub[2] = {NULL, NULL};
    if (len > SCHEMA_ID_MAX) {
        xe->status = XC_EINVAL;
        snprintf(xe->msg, sizeof xe->msg, "copy group key too long");
        return XC_EINVAL;
    }
    snprintf(term[0], sizeof term[0], SCHEMA_PREFIX_COPY "%.*s", (int)len,
             key);
    snprintf(term[1], sizeof term[1], SCHEMA_PREFIX_ID "%.*s", (int)len,
             key);
    xc_status xs = xc_query_term(term[0], 1, &sub[0], xe);
    if (xs == XC_OK)
        xs = xc_query_term(term[1], 1, &sub[1], xe);
    if (xs == XC_OK)
        xs = xc_query_combine(XC_Q_OR, sub, 2, 0, out, xe);
    xc_query_free(sub[0]);
    xc_query_free(sub[1]);
    return xs;
}

/* The copy sketch: the detector's caller's, or one made from the text
 * (shards built apart run the detector on records that never reach it). */
static spor_status set_sketch(doc_build *b)
{
    uint32_t made[CP_SKETCH];
    const uint32_t *v = b->r->sketch;
    size_t n = b->r->n_sketch;
    if (!n) {
        cp_shingles s;
        if (cp_make_shingles(b->r->text, b->r->text_len, &s))
            return SPOR_ENOMEM;
        n = cp_sketch(&s, made);
        v = made;
        cp_shingles_free(&s);
    }
    sbuf_reset(&b->e.tmp);
    if (cp_sketch_encode(v, n, &b->e.tmp))
        return SPOR_ENOMEM;
    return n ? set_value(b, SCHEMA_SLOT_SKETCH, b->e.tmp.data, b->e.tmp.len)
             : SPOR_OK;
}

/* The values read back about the passage's content: its facets and the
 * passage it was joined to. */
static spor_status set_content_values(doc_build *b)
{
    const schema_record *r = b->r;
    sbuf_reset(&b->e.tmp);
    spor_status st = schema_facets_value(r->doc_ord, b->d->year, r->places,
                                         &b->e.tmp);
    if (!st)
        st = set_value(b, SCHEMA_SLOT_FACETS, b->e.tmp.data, b->e.tmp.len);
    if (!st && r->copy_key[0] && strcmp(r->copy_key, b->id))
        st = set_value(b, SCHEMA_SLOT_JOINED, r->copy_key,
                       strlen(r->copy_key));
    if (!st)
        st = set_sketch(b);
    return st;
}

/* The passage record itself, with what else a search reads of it, as its
 * hit value (hit_value.h): stored there only, not as the document's data
 * too, which would hold the same compressed bytes a second time. */
static spor_status set_stored_record(doc_build *b, const ana_analyser *a)
{
    sbuf_reset(&b->e.tmp);
    sbuf hit = SBUF_INIT, splits = SBUF_INIT;
    spor_status st = schema_record_encode(b->r, &b->e.tmp, b->err);
    if (!st)
        st = psplit_encode(a, b->r->text, b->r->text_len, &splits);
    hit_view v = {b->id, splits.data, b->e.tmp.data, strlen(b->id),
                  splits.len, b->e.tmp.len, {0}};
    if (b->r->nonprose > 0)
        schema_double_value(b->r->nonprose, v.nonprose);
    if (b->r->navigation)
        v.nonprose[8] = SCHEMA_NAVIGATION_MARK;
    if (!st)
        st = hitv_encode(&v, &hit);
    if (!st)
        st = set_value(b, SCHEMA_SLOT_HIT, hit.data, hit.len);
    sbuf_free(&hit);
    sbuf_free(&splits);
    return st;
}

spor_status schema_make_document(const schema_record *r,
                                 const schema_docinfo *d,
                                 const ana_analyser *a, xc_doc **out,
                                 spor_err *err)
{
    doc_build b = {{NULL, {XC_OK, ""}, 0, 0, SBUF_INIT}, r, d, "", err};
    if (xc_doc_new(&b.e.doc, &b.e.xerr) != XC_OK)
        return xerr_fail(err, &b.e.xerr, 0, "%s", d->path);
    schema_passage_id(d->id, r->passage_ord, b.id);
    spor_status st = index_words(&b, a);
    if (!st)
        st = add_filter_terms(&b);
    if (!st)
        st = set_order_values(&b);
    if (!st)
        st = set_content_values(&b);
    if (!st)
        st = set_stored_record(&b, a);
    sbuf_free(&b.e.tmp);
    if (st == SPOR_OK) {
        *out = b.e.doc;
        return SPOR_OK;
    }
    if (st == SPOR_ENOMEM && err && !err->msg[0])
        spor_fail(err, st, "%s: out of memory", d->path);
    xc_doc_free(b.e.doc);
    return st;
}

spor_status schema_hit_record(const hit_view *v, const char *zdict,
                              size_t zdict_len, schema_record *out,
                              spor_err *err)
{
    spor_status st = schema_record_decode_dict(v->record, v->record_len,
                                               zdict, zdict_len, out, err);
    if (st)
        return st;
    /* 9 bytes with the navigation mark, else the share's 8 */
    size_t plen = v->nonprose[8] ? HITV_PROSE_LEN : 8;
    out->nonprose = schema_value_double((const char *)v->nonprose, plen);
    out->navigation = schema_value_navigation((const char *)v->nonprose,
                                              plen);
    return SPOR_OK;
}

/* The hit value of doc, decoded into v; *val holds it (the caller frees
 * it). */
static spor_status doc_hit_value(const xc_doc *doc, char **val, hit_view *v,
                                 spor_err *err)
{
    size_t len = 0;
    xc_error xe;
    *val = NULL;
    if (xc_doc_get_value(doc, SCHEMA_SLOT_HIT, val, &len, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading a passage");
    if (hitv_decode(*val, len, v))
        return spor_fail(err, SPOR_EINDEX, "reading a passage: its hit "
                         "value is damaged");
    return SPOR_OK;
}

spor_status schema_doc_record(const xc_doc *doc, const char *zdict,
                              size_t zdict_len, schema_record *out,
                              spor_err *err)
{
    char *val = NULL;
    hit_view v;
    spor_status st = doc_hit_value(doc, &val, &v, err);
    if (!st)
        st = schema_hit_record(&v, zdict, zdict_len, out, err);
    free(val);
    return st;
}

spor_status schema_renumber_document(xc_doc *doc, unsigned doc_ord,
                                     const char *zdict, size_t zdict_len,
                                     codec_deflater *deflater,
                                     spor_err *err)
{
    char *val = NULL;
    hit_view v;
    schema_record rec;
    spor_status st = doc_hit_value(doc, &val, &v, err);
    if (!st)
        st = schema_hit_record(&v, zdict, zdict_len, &rec, err);
    if (st) {
        free(val);
        return st;
    }
    rec.doc_ord = doc_ord;
    rec.deflater = deflater;
    sbuf record = SBUF_INIT, out = SBUF_INIT;
    unsigned char v4[4];
    be32(doc_ord, v4);
    xc_error xe;
    if ((st = schema_record_encode(&rec, &record, err)) == SPOR_OK) {
        v.record = record.data;
        v.record_len = record.len;
        st = hitv_encode(&v, &out);
    }
    if (!st && (xc_doc_set_value(doc, SCHEMA_SLOT_HIT, out.data, out.len,
                                 &xe) != XC_OK ||
                xc_doc_set_value(doc, SCHEMA_SLOT_DOC, v4, 4, &xe) != XC_OK))
        st = xerr_fail(err, &xe, 0, "renumbering a passage");
    sbuf_free(&out);
    sbuf_free(&record);
    schema_record_free(&rec);
    free(val);
    return st;
}
