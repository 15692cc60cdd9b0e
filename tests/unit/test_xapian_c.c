/* Unit tests for the C API over libxapian (src/store/xapian_c.cc). Each test
 * builds a small real database in a fresh temporary directory, so what is
 * checked is Xapian's behaviour as seen through the wrapper: terms, values,
 * metadata, the query parser with a C stemmer plugged in, phrase, filter and
 * wildcard matching, collapsing, and errors that come back as status codes
 * and messages instead of exceptions. */
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
#include <sys/stat.h>
#include <unistd.h>

#include "xapian_c.h"

/* ---- helpers ---------------------------------------------------------- */

/* A toy Danish stemmer: enough to prove that Xapian calls back into C.
 * "kommunerne" and "kommunen" both become "kommun". */
typedef struct stem_ctx {
    int calls;
} stem_ctx;

static long toy_stem(void *ctx, const char *word, size_t len, char *out,
                     size_t outcap) {
    if (ctx)
        ((stem_ctx *)ctx)->calls++;
    size_t n = len;
    if (len > 6 && memcmp(word + len - 4, "erne", 4) == 0)
        n = len - 4;
    else if (len > 4 && memcmp(word + len - 2, "en", 2) == 0)
        n = len - 2;
    if (n > outcap)
        return -1;
    memcpy(out, word, n);
    return (long)n;
}

/* Removes a directory tree (the databases here are one level deep, but
 * recursing costs nothing). */

typedef struct fixture {
    char dir[64];
    char dbpath[128];
    xc_db *db;
} fixture;

/* Indexes space-separated words as positional surface terms plus Z-stems
 * (the schema of DESIGN.md in miniature). */
static void add_words(xc_doc *doc, const char *text) {
    char buf[256], stem[64];
    snprintf(buf, sizeof buf, "%s", text);
    unsigned pos = 1;
    for (char *save = NULL, *w = strtok_r(buf, " ", &save); w;
         w = strtok_r(NULL, " ", &save), pos++) {
        assert_int_equal(xc_doc_add_posting(doc, w, pos, 1, NULL), XC_OK);
        stem[0] = 'Z';
        long n = toy_stem(NULL, w, strlen(w), stem + 1, sizeof stem - 2);
        assert_true(n > 0);
        stem[n + 1] = '\0';
        assert_int_equal(xc_doc_add_term(doc, stem, 1, NULL), XC_OK);
    }
}

static unsigned add_passage(xc_wdb *w, const char *text, const char *place,
                            const char *fingerprint, const char *ordinal,
                            const char *data) {
    xc_doc *doc = NULL;
    xc_error err;
    unsigned id = 0;
    assert_int_equal(xc_doc_new(&doc, &err), XC_OK);
    add_words(doc, text);
    assert_int_equal(xc_doc_add_boolean_term(doc, place, &err), XC_OK);
    assert_int_equal(xc_doc_set_value(doc, 1, fingerprint, strlen(fingerprint),
                                      &err), XC_OK);
    if (ordinal)
        assert_int_equal(xc_doc_set_value(doc, 0, ordinal, strlen(ordinal),
                                          &err), XC_OK);
    assert_int_equal(xc_doc_set_data(doc, data, strlen(data), &err), XC_OK);
    assert_int_equal(xc_wdb_add_document(w, doc, &id, &err), XC_OK);
    xc_doc_free(doc);
    return id;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->dir, sizeof f->dir, "/tmp/spor-xc-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->dbpath, sizeof f->dbpath, "%s/db", f->dir);

    xc_wdb *w = NULL;
    xc_error err;
    assert_int_equal(xc_wdb_create(f->dbpath, &w, &err), XC_OK);
    /* doc 1 and doc 3 share a fingerprint: one passage in two copies. */
    assert_int_equal(add_passage(w, "kommunerne har fremskudt beskæftigelse",
                                 "Paarhus", "fpA", "7", "passage one"), 1);
    assert_int_equal(add_passage(w, "borgerne får beskæftigelse fremskudt kommunalt",
                                 "Pamsterdam", "fpB", "8", "passage two"), 2);
    assert_int_equal(add_passage(w, "fremskudt beskæftigelse efterværn",
                                 "Pkøbenhavn", "fpA", NULL, "passage three"), 3);
    assert_int_equal(add_passage(w, "kommunalt efterværn", "Plondon", "fpC",
                                 "9", "passage four"), 4);
    assert_int_equal(xc_wdb_set_metadata(w, "schema", "1", 1, &err), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "blob", "a\0b", 3, &err), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &err), XC_OK);
    xc_wdb_close(w);

    assert_int_equal(xc_db_open(f->dbpath, &f->db, &err), XC_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    xc_db_close(f->db);
    rm_rf(f->dir);
    struct stat st;
    assert_int_not_equal(stat(f->dir, &st), 0);
    free(f);
    return 0;
}

/* Collects the terms a callback is given, so asserts run outside it (a
 * cmocka failure must not longjmp through C++ frames). */
typedef struct terms {
    char list[16][64];
    unsigned freq[16];
    size_t n;
    size_t stop_after; /* 0: never stop */
} terms;

static int collect_term(void *ctx, const char *term, size_t len,
                        unsigned termfreq) {
    terms *t = ctx;
    if (t->n < 16 && len < 64) {
        memcpy(t->list[t->n], term, len);
        t->list[t->n][len] = '\0';
        t->freq[t->n] = termfreq;
        t->n++;
    }
    return t->stop_after && t->n >= t->stop_after;
}

/* Runs q and returns the docids of the hits as a bit set. */
static unsigned hits(xc_db *db, const xc_query *q) {
    xc_mset *m = NULL;
    xc_error err;
    assert_int_equal(xc_db_search(db, q, NULL, 0, 10, &m, &err), XC_OK);
    unsigned set = 0;
    for (unsigned i = 0; i < xc_mset_size(m); i++) {
        unsigned id = 0;
        assert_int_equal(xc_mset_get(m, i, &id, NULL, &err), XC_OK);
        set |= 1u << id;
    }
    xc_mset_free(m);
    return set;
}

static xc_qparser *make_parser(xc_db *db, stem_ctx *sc) {
    xc_qparser *qp = NULL;
    xc_error err;
    assert_int_equal(xc_qparser_new(&qp, &err), XC_OK);
    assert_int_equal(xc_qparser_set_database(qp, db, &err), XC_OK);
    assert_int_equal(xc_qparser_set_stemmer(qp, toy_stem, sc, &err), XC_OK);
    assert_int_equal(xc_qparser_set_stemming_strategy(qp, XC_STEM_SOME, &err),
                     XC_OK);
    assert_int_equal(xc_qparser_add_boolean_prefix(qp, "place", "P", &err),
                     XC_OK);
    return qp;
}

static unsigned parse_hits(xc_db *db, xc_qparser *qp, const char *text) {
    xc_query *q = NULL;
    xc_error err;
    xc_status st = xc_qparser_parse(qp, text, XC_QP_DEFAULT, &q, &err);
    if (st != XC_OK)
        fail_msg("parse '%s': %s", text, err.msg);
    unsigned set = hits(db, q);
    xc_query_free(q);
    return set;
}

#define DOCS(a, b, c, d) ((a) << 1 | (b) << 2 | (c) << 3 | (d) << 4)

/* ---- tests ------------------------------------------------------------ */

static void test_counts(void **state) {
    fixture *f = *state;
    xc_error err;
    unsigned n = 0;
    assert_int_equal(xc_db_doccount(f->db, &n, &err), XC_OK);
    assert_int_equal(n, 4);
    assert_int_equal(xc_db_termfreq(f->db, "fremskudt", &n, &err), XC_OK);
    assert_int_equal(n, 3);
    assert_int_equal(xc_db_termfreq(f->db, "Zkommun", &n, &err), XC_OK);
    assert_int_equal(n, 1);
    assert_int_equal(xc_db_termfreq(f->db, "nowhere", &n, &err), XC_OK);
    assert_int_equal(n, 0);

    unsigned long count = 0;
    assert_int_equal(xc_db_termcount(f->db, "P", &count, &err), XC_OK);
    assert_int_equal(count, 4);
    assert_int_equal(xc_db_termcount(f->db, "", &count, &err), XC_OK);
    /* 8 surface words, 8 Z-stems, 4 places. */
    assert_int_equal(count, 20);

    terms t = {0};
    assert_int_equal(xc_db_each_term(f->db, "P", collect_term, &t, &err), XC_OK);
    assert_int_equal(t.n, 4);
    assert_string_equal(t.list[0], "Paarhus");
    assert_string_equal(t.list[1], "Pamsterdam");
    assert_string_equal(t.list[2], "Pkøbenhavn");
    assert_string_equal(t.list[3], "Plondon");
    assert_int_equal(t.freq[0], 1);

    terms early = {.stop_after = 2};
    assert_int_equal(xc_db_each_term(f->db, "", collect_term, &early, &err),
                     XC_OK);
    assert_int_equal(early.n, 2);
}

static void test_metadata(void **state) {
    fixture *f = *state;
    xc_error err;
    char *val = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_metadata(f->db, "schema", &val, &len, &err),
                     XC_OK);
    assert_int_equal(len, 1);
    assert_string_equal(val, "1");
    free(val);

    assert_int_equal(xc_db_get_metadata(f->db, "blob", &val, &len, &err), XC_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(val, "a\0b", 4); /* includes the trailing NUL */
    free(val);

    val = NULL;
    assert_int_equal(xc_db_get_metadata(f->db, "missing", &val, &len, &err),
                     XC_ENOTFOUND);
    assert_int_equal(err.status, XC_ENOTFOUND);
    assert_true(strlen(err.msg) > 0);
    assert_null(val);
}

static void test_data_and_values(void **state) {
    fixture *f = *state;
    xc_error err;
    char *s = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_data(f->db, 3, &s, &len, &err), XC_OK);
    assert_int_equal(len, strlen("passage three"));
    assert_string_equal(s, "passage three");
    free(s);

    assert_int_equal(xc_db_get_value(f->db, 2, 0, &s, &len, &err), XC_OK);
    assert_string_equal(s, "8");
    free(s);
    assert_int_equal(xc_db_get_value(f->db, 3, 1, &s, &len, &err), XC_OK);
    assert_string_equal(s, "fpA");
    free(s);

    /* An absent slot is an empty value, not an error. */
    len = 99;
    assert_int_equal(xc_db_get_value(f->db, 3, 0, &s, &len, &err), XC_OK);
    assert_int_equal(len, 0);
    assert_string_equal(s, "");
    free(s);

    s = NULL;
    assert_int_equal(xc_db_get_data(f->db, 99, &s, &len, &err), XC_ENOTFOUND);
    assert_non_null(strstr(err.msg, "DocNotFoundError"));
    assert_null(s);
    assert_int_equal(xc_db_get_data(f->db, 0, &s, &len, &err), XC_EINVAL);
    assert_null(s);

    /* A hit's data and value in one call, either alone. */
    char *v = NULL;
    size_t vlen = 0;
    assert_int_equal(xc_db_get_hit(f->db, 2, &s, &len, 0, &v, &vlen, &err),
                     XC_OK);
    assert_string_equal(s, "passage two");
    assert_string_equal(v, "8");
    free(s);
    free(v);
    assert_int_equal(xc_db_get_hit(f->db, 3, NULL, NULL, 1, &v, &vlen, &err),
                     XC_OK);
    assert_string_equal(v, "fpA");
    free(v);
    assert_int_equal(xc_db_get_hit(f->db, 3, NULL, NULL, 1, NULL, NULL, &err),
                     XC_EINVAL);
}

static void test_stemmer_callback(void **state) {
    fixture *f = *state;
    stem_ctx sc = {0};
    xc_qparser *qp = make_parser(f->db, &sc);
    xc_error err;

    /* "kommunen" occurs in no document; only its stem links it to doc 1. */
    xc_query *q = NULL;
    assert_int_equal(xc_qparser_parse(qp, "kommunen", XC_QP_DEFAULT, &q, &err),
                     XC_OK);
    assert_true(sc.calls > 0);
    terms t = {0};
    assert_int_equal(xc_query_each_term(q, collect_term, &t, &err), XC_OK);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.list[0], "Zkommun");

    char *desc = NULL;
    assert_int_equal(xc_query_describe(q, &desc, &err), XC_OK);
    assert_non_null(strstr(desc, "Zkommun"));
    free(desc);

    xc_mset *m = NULL;
    assert_int_equal(xc_db_search(f->db, q, NULL, 0, 10, &m, &err), XC_OK);
    assert_int_equal(xc_mset_size(m), 1);
    assert_int_equal(xc_mset_matches_estimated(m), 1);
    unsigned id = 0;
    double w = 0;
    assert_int_equal(xc_mset_get(m, 0, &id, &w, &err), XC_OK);
    assert_int_equal(id, 1);
    assert_true(w > 0);
    terms mt = {0};
    assert_int_equal(xc_mset_each_matching_term(m, 0, collect_term, &mt, &err),
                     XC_OK);
    assert_int_equal(mt.n, 1);
    assert_string_equal(mt.list[0], "Zkommun");
    assert_int_equal(mt.freq[0], 1);
    assert_int_equal(xc_mset_get(m, 1, &id, &w, &err), XC_EINVAL);
    xc_mset_free(m);
    xc_query_free(q);
    xc_qparser_free(qp);
}

static void test_query_terms_in_order(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    xc_error err;
    xc_query *q = NULL;
    /* Query order, each term once, not the sorted order Xapian keeps. */
    assert_int_equal(xc_qparser_parse(qp, "efterværn borgerne efterværn",
                                      XC_QP_DEFAULT, &q, &err), XC_OK);
    terms t = {0};
    assert_int_equal(xc_query_each_term(q, collect_term, &t, &err), XC_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.list[0], "Zefterværn");
    assert_string_equal(t.list[1], "Zborg");
    xc_query_free(q);
    xc_qparser_free(qp);
}

static void test_phrase(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    /* Doc 2 has both words but in the other order. */
    assert_int_equal(parse_hits(f->db, qp, "\"fremskudt beskæftigelse\""),
                     DOCS(1, 0, 1, 0));
    assert_int_equal(parse_hits(f->db, qp, "fremskudt beskæftigelse"),
                     DOCS(1, 1, 1, 0));
    xc_qparser_free(qp);

    xc_error err;
    xc_query *a = NULL, *b = NULL, *ph = NULL, *near = NULL;
    assert_int_equal(xc_query_term("fremskudt", 1, &a, &err), XC_OK);
    assert_int_equal(xc_query_term("beskæftigelse", 1, &b, &err), XC_OK);
    xc_query *pair[] = {a, b};
    assert_int_equal(xc_query_combine(XC_Q_PHRASE, pair, 2, 0, &ph, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, ph), DOCS(1, 0, 1, 0));
    /* NEAR ignores order. */
    assert_int_equal(xc_query_combine(XC_Q_NEAR, pair, 2, 2, &near, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, near), DOCS(1, 1, 1, 0));
    xc_query_free(a);
    xc_query_free(b);
    /* The combined queries outlive the handles they were built from. */
    assert_int_equal(hits(f->db, ph), DOCS(1, 0, 1, 0));
    xc_query_free(ph);
    xc_query_free(near);
}

static void test_boolean_filter(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    assert_int_equal(parse_hits(f->db, qp, "beskæftigelse place:amsterdam"),
                     DOCS(0, 1, 0, 0));
    assert_int_equal(parse_hits(f->db, qp, "place:london"), DOCS(0, 0, 0, 1));
    xc_qparser_free(qp);

    xc_error err;
    xc_query *word = NULL, *place = NULL, *filtered = NULL, *notq = NULL;
    assert_int_equal(xc_query_term("efterværn", 1, &word, &err), XC_OK);
    assert_int_equal(xc_query_term("Pkøbenhavn", 1, &place, &err), XC_OK);
    xc_query *pair[] = {word, place};
    assert_int_equal(xc_query_combine(XC_Q_FILTER, pair, 2, 0, &filtered, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, filtered), DOCS(0, 0, 1, 0));
    assert_int_equal(xc_query_combine(XC_Q_AND_NOT, pair, 2, 0, &notq, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, notq), DOCS(0, 0, 0, 1));

    /* A boolean term adds nothing to the score. */
    xc_mset *m1 = NULL, *m2 = NULL;
    double w1 = 0, w2 = 0;
    assert_int_equal(xc_db_search(f->db, word, NULL, 0, 10, &m1, &err), XC_OK);
    assert_int_equal(xc_db_search(f->db, filtered, NULL, 0, 10, &m2, &err),
                     XC_OK);
    for (unsigned i = 0; i < xc_mset_size(m1); i++) {
        unsigned id = 0;
        assert_int_equal(xc_mset_get(m1, i, &id, &w1, &err), XC_OK);
        if (id == 3)
            break;
    }
    assert_int_equal(xc_mset_get(m2, 0, NULL, &w2, &err), XC_OK);
    assert_float_equal(w1, w2, 1e-9);
    xc_mset_free(m1);
    xc_mset_free(m2);
    xc_query_free(word);
    xc_query_free(place);
    xc_query_free(filtered);
    xc_query_free(notq);
}

/* A docid list filters exactly those documents, adds no weight, and is
 * refused unsorted or on a database of several shards. */
static void test_docids_filter(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_query *word = NULL, *ids = NULL, *filtered = NULL, *bad = NULL;
    const unsigned two[] = {1, 3}, back[] = {3, 1};
    assert_int_equal(xc_query_term("fremskudt", 1, &word, &err), XC_OK);
    assert_int_equal(xc_query_docids(f->db, two, 2, &ids, &err), XC_OK);
    xc_query *pair[] = {word, ids};
    assert_int_equal(xc_query_combine(XC_Q_FILTER, pair, 2, 0, &filtered, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, word), DOCS(1, 1, 1, 0));
    assert_int_equal(hits(f->db, filtered), DOCS(1, 0, 1, 0));
    xc_mset *m1 = NULL, *m2 = NULL;
    assert_int_equal(xc_db_search(f->db, word, NULL, 0, 10, &m1, &err), XC_OK);
    assert_int_equal(xc_db_search(f->db, filtered, NULL, 0, 10, &m2, &err),
                     XC_OK);
    for (unsigned i = 0; i < xc_mset_size(m2); i++) {
        unsigned id2 = 0, id1 = 0;
        double w2 = 0, w1 = -1;
        assert_int_equal(xc_mset_get(m2, i, &id2, &w2, &err), XC_OK);
        for (unsigned j = 0; j < xc_mset_size(m1) && id1 != id2; j++)
            assert_int_equal(xc_mset_get(m1, j, &id1, &w1, &err), XC_OK);
        assert_float_equal(w1, w2, 1e-9);
    }
    xc_mset_free(m1);
    xc_mset_free(m2);
    assert_int_equal(xc_query_docids(f->db, back, 2, &bad, &err), XC_EINVAL);
    xc_db *multi = NULL;
    assert_int_equal(xc_db_new_empty(&multi, &err), XC_OK);
    assert_int_equal(xc_db_add_database(multi, f->db, &err), XC_OK);
    assert_int_equal(xc_db_add_database(multi, f->db, &err), XC_OK);
    assert_int_equal(xc_query_docids(multi, two, 2, &bad, &err), XC_EINVAL);
    xc_db_close(multi);
    xc_query_free(word);
    xc_query_free(ids);
    xc_query_free(filtered);
}

static void test_wildcard(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    /* kommun* expands to kommunerne (doc 1) and kommunalt (docs 2, 4). */
    assert_int_equal(parse_hits(f->db, qp, "kommun*"), DOCS(1, 1, 0, 1));
    xc_error err;
    assert_int_equal(xc_qparser_set_max_expansion(qp, 1, &err), XC_OK);
    /* Capped at one, the most frequent expansion is kept. */
    assert_int_equal(parse_hits(f->db, qp, "kommun*"), DOCS(0, 1, 0, 1));
    xc_qparser_free(qp);
}

static void test_stopwords_and_default_op(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    xc_error err;
    assert_int_equal(xc_qparser_set_default_op(qp, XC_OP_AND, &err), XC_OK);
    /* Doc 2 lacks "har": with AND it fails until "har" is a stopword. */
    assert_int_equal(parse_hits(f->db, qp, "har borgerne"), 0);
    assert_int_equal(xc_qparser_add_stopword(qp, "har", &err), XC_OK);
    assert_int_equal(parse_hits(f->db, qp, "har borgerne"), DOCS(0, 1, 0, 0));
    xc_qparser_free(qp);
}

static void test_malformed_query(void **state) {
    fixture *f = *state;
    xc_qparser *qp = make_parser(f->db, NULL);
    xc_error err;
    xc_query *q = NULL;

    /* An unclosed phrase and bracket: Xapian repairs what it can. */
    assert_int_equal(xc_qparser_parse(qp, "\"fremskudt beskæftigelse (",
                                      XC_QP_DEFAULT, &q, &err), XC_OK);
    assert_false(xc_query_is_empty(q));
    assert_int_equal(hits(f->db, q), DOCS(1, 0, 1, 0));
    xc_query_free(q);

    /* A dangling operator it cannot repair is a query error, not a crash. */
    q = NULL;
    assert_int_equal(xc_qparser_parse(qp, "fremskudt AND", XC_QP_DEFAULT, &q,
                                      &err), XC_EQUERY);
    assert_int_equal(err.status, XC_EQUERY);
    assert_non_null(strstr(err.msg, "QueryParserError: "));
    assert_null(strchr(err.msg, '\n'));
    assert_null(q);

    /* Nothing searchable: an empty query. */
    assert_int_equal(xc_qparser_parse(qp, "\"", XC_QP_DEFAULT, &q, &err), XC_OK);
    assert_true(xc_query_is_empty(q));
    xc_query_free(q);

    q = NULL;
    assert_int_equal(xc_qparser_parse(qp, "x", 1u << 20, &q, &err), XC_EINVAL);
    assert_null(q);
    xc_qparser_free(qp);
}

static void test_combine_and_scale(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_query *none = NULL, *t = NULL, *scaled = NULL, *syn = NULL, *z = NULL;
    assert_int_equal(xc_query_combine(XC_Q_OR, NULL, 0, 0, &none, &err), XC_OK);
    assert_true(xc_query_is_empty(none));
    assert_true(xc_query_is_empty(NULL));

    assert_int_equal(xc_query_term("efterværn", 1, &t, &err), XC_OK);
    assert_false(xc_query_is_empty(t));
    assert_int_equal(xc_query_scale(t, 2.0, &scaled, &err), XC_OK);
    xc_mset *m1 = NULL, *m2 = NULL;
    double w1 = 0, w2 = 0;
    assert_int_equal(xc_db_search(f->db, t, NULL, 0, 1, &m1, &err), XC_OK);
    assert_int_equal(xc_db_search(f->db, scaled, NULL, 0, 1, &m2, &err), XC_OK);
    assert_int_equal(xc_mset_get(m1, 0, NULL, &w1, &err), XC_OK);
    assert_int_equal(xc_mset_get(m2, 0, NULL, &w2, &err), XC_OK);
    assert_float_equal(w2, 2.0 * w1, 1e-9);
    xc_mset_free(m1);
    xc_mset_free(m2);

    assert_int_equal(xc_query_term("Zkommun", 1, &z, &err), XC_OK);
    xc_query *pair[] = {t, z};
    assert_int_equal(xc_query_combine(XC_Q_SYNONYM, pair, 2, 0, &syn, &err),
                     XC_OK);
    assert_int_equal(hits(f->db, syn), DOCS(1, 0, 1, 1));

    xc_query *with_null[] = {t, NULL};
    xc_query *bad = NULL;
    assert_int_equal(xc_query_combine(XC_Q_AND, with_null, 2, 0, &bad, &err),
                     XC_EINVAL);
    assert_null(bad);
    xc_query_free(none);
    xc_query_free(t);
    xc_query_free(scaled);
    xc_query_free(syn);
    xc_query_free(z);
}

static void test_collapse(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_query *q = NULL;
    assert_int_equal(xc_query_term("fremskudt", 1, &q, &err), XC_OK);
    xc_search_opts o;
    xc_search_opts_default(&o);
    assert_int_equal(o.collapse_slot, -1);
    assert_float_equal(o.bm25_k1, 1.0, 0);
    o.collapse_slot = 1;
    xc_mset *m = NULL;
    assert_int_equal(xc_db_search(f->db, q, &o, 0, 10, &m, &err), XC_OK);
    /* Docs 1 and 3 share fingerprint fpA: one of them is shown. */
    assert_int_equal(xc_mset_size(m), 2);
    unsigned collapsed = 0;
    for (unsigned i = 0; i < xc_mset_size(m); i++)
        collapsed += xc_mset_collapse_count(m, i);
    assert_int_equal(collapsed, 1);
    assert_int_equal(xc_mset_collapse_count(m, 5), 0);
    xc_mset_free(m);

    /* Paging: first=1 skips the best hit. */
    assert_int_equal(xc_db_search(f->db, q, NULL, 1, 10, &m, &err), XC_OK);
    assert_int_equal(xc_mset_size(m), 2);
    assert_int_equal(xc_mset_matches_estimated(m), 3);
    xc_mset_free(m);
    xc_query_free(q);
}

/* The value-count spy counts before collapsing; a hit carries its collapse
 * key and, sorted by relevance then a value, that value as its sort key. */
static void test_value_spy_and_keys(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_query *q = NULL;
    assert_int_equal(xc_query_term("fremskudt", 1, &q, &err), XC_OK);
    xc_spy *spy = NULL;
    assert_int_equal(xc_spy_new_values(1, &spy, &err), XC_OK);
    xc_search_opts o;
    xc_search_opts_default(&o);
    assert_int_equal(o.sort_value_slot, -1);
    o.collapse_slot = 1;
    o.spies = &spy;
    o.n_spies = 1;
    o.check_at_least = 4;
    xc_mset *m = NULL;
    assert_int_equal(xc_db_search(f->db, q, &o, 0, 10, &m, &err), XC_OK);
    assert_int_equal(xc_mset_size(m), 2);
    xc_mset_free(m);
    assert_int_equal(xc_spy_seen(spy), 3);
    terms t = {0};
    assert_int_equal(xc_spy_each(spy, collect_term, &t, &err), XC_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.list[0], "fpA");
    assert_int_equal(t.freq[0], 2);
    assert_string_equal(t.list[1], "fpB");
    assert_int_equal(t.freq[1], 1);
    xc_spy_free(spy);

    /* Collapsing with room for every copy keeps all three, each with its
     * key; the sort key is value 0 (doc 3 has none). */
    o.spies = NULL;
    o.n_spies = 0;
    o.collapse_max = 10;
    o.sort_value_slot = 0;
    assert_int_equal(xc_db_search(f->db, q, &o, 0, 10, &m, &err), XC_OK);
    assert_int_equal(xc_mset_size(m), 3);
    for (unsigned i = 0; i < 3; i++) {
        unsigned id = 0;
        char *ck = NULL, *sk = NULL;
        size_t cl = 0, sl = 0;
        assert_int_equal(xc_mset_get(m, i, &id, NULL, &err), XC_OK);
        assert_int_equal(xc_mset_keys(m, i, &ck, &cl, &sk, &sl, &err), XC_OK);
        const char *want_ck = id == 2 ? "fpB" : "fpA";
        const char *want_sk = id == 1 ? "7" : id == 2 ? "8" : "";
        assert_int_equal(cl, strlen(want_ck));
        assert_string_equal(ck, want_ck);
        assert_int_equal(sl, strlen(want_sk));
        assert_string_equal(sk, want_sk);
        free(ck);
        free(sk);
    }
    assert_int_equal(xc_mset_keys(m, 3, NULL, NULL, NULL, NULL, &err),
                     XC_EINVAL);
    xc_mset_free(m);
    xc_query_free(q);
}

static void test_updates_and_reopen(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open(f->dbpath, &w, &err), XC_OK);

    /* Single writer: a second one is refused with a lock error. */
    xc_wdb *w2 = NULL;
    assert_int_equal(xc_wdb_open(f->dbpath, &w2, &err), XC_ELOCK);
    assert_non_null(strstr(err.msg, "DatabaseLockError"));
    assert_null(w2);

    assert_int_equal(xc_wdb_delete_by_term(w, "Pamsterdam", &err), XC_OK);
    xc_doc *doc = NULL;
    assert_int_equal(xc_doc_new(&doc, &err), XC_OK);
    add_words(doc, "ny tekst");
    assert_int_equal(xc_doc_set_data(doc, "replaced", 8, &err), XC_OK);
    assert_int_equal(xc_wdb_replace_document(w, 1, doc, &err), XC_OK);
    xc_doc_free(doc);
    assert_int_equal(xc_wdb_delete_document(w, 4, &err), XC_OK);
    assert_int_equal(xc_wdb_delete_document(w, 99, &err), XC_ENOTFOUND);
    assert_int_equal(xc_wdb_commit(w, &err), XC_OK);
    xc_wdb_close(w);

    /* The reader sees the old revision until it reopens. */
    unsigned n = 0;
    assert_int_equal(xc_db_doccount(f->db, &n, &err), XC_OK);
    assert_int_equal(n, 4);
    assert_int_equal(xc_db_reopen(f->db, &err), XC_OK);
    assert_int_equal(xc_db_doccount(f->db, &n, &err), XC_OK);
    assert_int_equal(n, 2);
    char *s = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_data(f->db, 1, &s, &len, &err), XC_OK);
    assert_string_equal(s, "replaced");
    free(s);
    assert_int_equal(xc_db_termfreq(f->db, "kommunerne", &n, &err), XC_OK);
    assert_int_equal(n, 0);

    /* Creating over an existing database is refused. */
    assert_int_not_equal(xc_wdb_create(f->dbpath, &w, &err), XC_OK);
    assert_true(strlen(err.msg) > 0);
}

static void test_open_errors(void **state) {
    fixture *f = *state;
    xc_error err;
    xc_db *db = NULL;
    char path[256];

    snprintf(path, sizeof path, "%s/does-not-exist", f->dir);
    memset(&err, 0, sizeof err);
    assert_int_equal(xc_db_open(path, &db, &err), XC_EOPENING);
    assert_int_equal(err.status, XC_EOPENING);
    assert_non_null(strstr(err.msg, "Error: "));
    assert_non_null(strstr(err.msg, "does-not-exist"));
    assert_null(db);

    /* A directory of junk that claims to be a glass database. */
    snprintf(path, sizeof path, "%s/junk", f->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    const char *names[] = {"iamglass", "postlist.glass", "termlist.glass",
                           "record.glass"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        char file[300];
        snprintf(file, sizeof file, "%s/%s", path, names[i]);
        FILE *fp = fopen(file, "w");
        assert_non_null(fp);
        fputs("this is not a xapian database\n", fp);
        fclose(fp);
    }
    memset(&err, 0, sizeof err);
    xc_status st = xc_db_open(path, &db, &err);
    assert_int_not_equal(st, XC_OK);
    assert_int_equal(err.status, st);
    assert_true(strlen(err.msg) > 0);
    assert_null(strchr(err.msg, '\n'));
    assert_null(db);

    /* A directory with no database at all. */
    snprintf(path, sizeof path, "%s/empty", f->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    assert_int_equal(xc_db_open(path, &db, &err), XC_EOPENING);
    assert_null(db);

    /* err may be NULL: the status alone still comes back. */
    assert_int_equal(xc_db_open(path, &db, NULL), XC_EOPENING);
}

/* Xapian's check: a good database passes, a truncated table does not. */
static void test_check(void **state) {
    fixture *f = *state;
    xc_error err;
    assert_int_equal(xc_db_check(f->dbpath, &err), XC_OK);
    assert_int_equal(xc_db_check(NULL, &err), XC_EINVAL);
    char table[300];
    snprintf(table, sizeof table, "%s/postlist.glass", f->dbpath);
    assert_int_equal(truncate(table, 100), 0);
    memset(&err, 0, sizeof err);
    xc_status st = xc_db_check(f->dbpath, &err);
    assert_int_not_equal(st, XC_OK);
    assert_int_equal(err.status, st);
    assert_true(strlen(err.msg) > 0);
}

static void test_null_arguments(void **state) {
    fixture *f = *state;
    xc_error err;
    unsigned n = 0;
    assert_int_equal(xc_db_open(NULL, NULL, &err), XC_EINVAL);
    assert_non_null(strstr(err.msg, "xc_db_open"));
    assert_int_equal(xc_db_doccount(NULL, &n, &err), XC_EINVAL);
    assert_int_equal(xc_db_termfreq(f->db, NULL, &n, NULL), XC_EINVAL);
    assert_int_equal(xc_wdb_commit(NULL, &err), XC_EINVAL);
    assert_int_equal(xc_doc_set_data(NULL, "x", 1, &err), XC_EINVAL);
    assert_int_equal(xc_qparser_parse(NULL, "x", 0, NULL, &err), XC_EINVAL);
    assert_int_equal(xc_db_search(f->db, NULL, NULL, 0, 10, NULL, &err),
                     XC_EINVAL);
    assert_int_equal(xc_mset_size(NULL), 0);
    assert_int_equal(xc_mset_collapse_count(NULL, 0), 0);
    /* Freeing NULL is allowed everywhere. */
    xc_wdb_close(NULL);
    xc_db_close(NULL);
    xc_doc_free(NULL);
    xc_query_free(NULL);
    xc_qparser_free(NULL);
    xc_mset_free(NULL);
}

int main(void) {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_counts),          T(test_metadata),
        T(test_data_and_values), T(test_stemmer_callback),
        T(test_query_terms_in_order), T(test_phrase),
        T(test_boolean_filter),  T(test_docids_filter),
        T(test_wildcard),
        T(test_stopwords_and_default_op), T(test_malformed_query),
        T(test_combine_and_scale), T(test_collapse),
        T(test_value_spy_and_keys),
        T(test_updates_and_reopen), T(test_open_errors),
        T(test_check),           T(test_null_arguments),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
