/* Tests of indexing runs through the library: an index of another schema
 * version is refused by readers with a message naming it, and a writer
 * builds it anew (with a warning) instead of updating it; an update keeps
 * the document table dense when files go (the last entry moves into the
 * hole and its passages are renumbered), so every hit still names its own
 * document; a file an update adds that copies a kept passage joins the
 * kept passage's copy group, found by the stored copy sketches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/store/indexer.h"
#include "spor/query/search.h"
#include "spor/store/generation.h"
#include "spor/store/schema.h"
#include "xapian_c.h"

static char g_tmp[] = "/tmp/spor_test_update_XXXXXX";

static void on_warn(void *ctx, const char *msg)
{
    char *last = ctx;
    snprintf(last, SPOR_ERR_MSG_MAX, "%s", msg);
}

/* Writes a document whose passage holds a word unique to it. */
static void write_doc(const char *name, const char *word)
{
    char path[512];
    snprintf(path, sizeof path, "%s/docs/%s", g_tmp, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 12; i++)
        fprintf(f, "Kommunen hjælper borgere i boligområdet med job. ");
    fprintf(f, "Ordet %s står kun her.\n", word);
    fclose(f);
}

static void build(const char *const *paths, size_t n, idx_summary *s,
                  char *warning)
{
    char ix[512];
    snprintf(ix, sizeof ix, "%s/ix", g_tmp);
    idx_opts o = {.stopwords_path = SPOR_SOURCE_DIR "/stopwords/danish.txt",
                  .warn = on_warn, .warn_ctx = warning};
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(idx_build(ix, paths, n, &o, s, &e), SPOR_OK);
}

/* The path of the document of the only hit for word. */
static void hit_doc(const char *word, char *out, size_t cap)
{
    char ix[512];
    snprintf(ix, sizeof ix, "%s/ix", g_tmp);
    spor_index *x;
    spor_err e;
    assert_int_equal(spor_index_open(ix, &x, &e), SPOR_OK);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    assert_int_equal(spor_search(x, word, &o, &r, &e), SPOR_OK);
    assert_int_equal(r.n, 1);
    snprintf(out, cap, "%s", r.hits[0].doc->path);
    spor_results_free(&r);
    spor_index_close(x);
}

static void test_removal_renumbers(void **state)
{
    (void)state;
    char docs[512], warning[SPOR_ERR_MSG_MAX] = "", doc[512];
    snprintf(docs, sizeof docs, "%s/docs", g_tmp);
    assert_int_equal(mkdir(docs, 0777), 0);
    write_doc("a.txt", "aftenskole");
    write_doc("b.txt", "bydelsmor");
    write_doc("c.txt", "cykelhandler");
    const char *paths[] = {docs};
    idx_summary s;
    build(paths, 1, &s, warning);
    assert_int_equal(s.n_added, 3);
    /* a.txt (ordinal 0) goes: c.txt moves into its place. */
    char a[600];
    snprintf(a, sizeof a, "%s/a.txt", docs);
    assert_int_equal(unlink(a), 0);
    build(paths, 1, &s, warning);
    assert_int_equal(s.n_removed, 1);
    assert_int_equal(s.n_unchanged, 2);
    assert_int_equal(s.n_docs, 2);
    assert_true(s.updated);
    hit_doc("cykelhandler", doc, sizeof doc);
    assert_non_null(strstr(doc, "/c.txt"));
    hit_doc("bydelsmor", doc, sizeof doc);
    assert_non_null(strstr(doc, "/b.txt"));
}

static void test_other_schema_version(void **state)
{
    (void)state;
    char ix[512], warning[SPOR_ERR_MSG_MAX] = "";
    snprintf(ix, sizeof ix, "%s/ix", g_tmp);
    char *gen;
    spor_err e;
    assert_int_equal(gen_current_path(ix, &gen, &e), SPOR_OK);
    xc_wdb *db;
    xc_error xe;
    assert_int_equal(xc_wdb_open(gen, &db, &xe), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(db, "spor.schema", "99", 2, &xe),
                     XC_OK);
    assert_int_equal(xc_wdb_commit(db, &xe), XC_OK);
    xc_wdb_close(db);
    free(gen);

    spor_index *x;
    assert_int_equal(spor_index_open(ix, &x, &e), SPOR_EINDEX);
    assert_non_null(strstr(e.msg, ix));
    assert_non_null(strstr(e.msg, "schema version 99"));
    assert_null(strchr(e.msg, '\n'));

    char docs[512];
    snprintf(docs, sizeof docs, "%s/docs", g_tmp);
    const char *paths[] = {docs};
    idx_summary s;
    build(paths, 1, &s, warning);
    assert_false(s.updated);
    assert_int_equal(s.n_added, 2);
    assert_non_null(strstr(warning, "building the index anew"));
    assert_non_null(strstr(warning, "schema version 99"));
    assert_int_equal(spor_index_open(ix, &x, &e), SPOR_OK);
    spor_index_close(x);
}

/* Writes docs2/name: a paragraph of 60 words, the first `same` of them
 * those of every file written with the same `same` (the rest its own). */
static void write_paragraph(const char *name, int same, char tag)
{
    char path[512];
    snprintf(path, sizeof path, "%s/docs2/%s", g_tmp, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 60; i++)
        fprintf(f, "%s%c%c%c ", i < same ? "ord" : "fremmed",
                i < same ? 'a' : tag, 'a' + i / 26, 'a' + i % 26);
    fprintf(f, "\n");
    fclose(f);
}

static int collect_value(void *ctx, unsigned docid, const char *val,
                         size_t len)
{
    char (*keys)[SCHEMA_ID_MAX] = ctx;
    assert_true(docid < 8 && len < SCHEMA_ID_MAX);
    memcpy(keys[docid], val, len);
    keys[docid][len] = '\0';
    return 0;
}

static int count_value(void *ctx, unsigned docid, const char *val,
                       size_t len)
{
    (void)docid;
    (void)val;
    assert_true(len > 0 && len % 4 == 0 && len / 4 <= CP_SKETCH);
    ++*(unsigned *)ctx;
    return 0;
}

static void test_update_joins_a_kept_copy(void **state)
{
    (void)state;
    char docs[512], ix[512], warning[SPOR_ERR_MSG_MAX] = "";
    snprintf(docs, sizeof docs, "%s/docs2", g_tmp);
    snprintf(ix, sizeof ix, "%s/ix2", g_tmp);
    assert_int_equal(mkdir(docs, 0777), 0);
    write_paragraph("a.txt", 60, 'a');
    write_paragraph("b.txt", 0, 'b');
    idx_opts o = {.stopwords_path = SPOR_SOURCE_DIR "/stopwords/danish.txt",
                  .warn = on_warn, .warn_ctx = warning};
    const char *paths[] = {docs};
    idx_summary s;
    spor_err e;
    assert_int_equal(idx_build(ix, paths, 1, &o, &s, &e), SPOR_OK);
    /* c.txt: a's first 50 words, then 10 of its own. */
    write_paragraph("c.txt", 50, 'c');
    assert_int_equal(idx_build(ix, paths, 1, &o, &s, &e), SPOR_OK);
    assert_true(s.updated);
    assert_int_equal(s.n_added, 1);

    char *gen;
    xc_db *db;
    xc_error xe;
    unsigned n_docs = 0, n_sketches = 0;
    char keys[8][SCHEMA_ID_MAX] = {{0}};
    assert_int_equal(gen_current_path(ix, &gen, &e), SPOR_OK);
    assert_int_equal(xc_db_open(gen, &db, &xe), XC_OK);
    assert_int_equal(xc_db_doccount(db, &n_docs, &xe), XC_OK);
    assert_int_equal(n_docs, 3);
    assert_int_equal(xc_db_each_value(db, SCHEMA_SLOT_SKETCH, count_value,
                                      &n_sketches, &xe), XC_OK);
    assert_int_equal(n_sketches, 3);
    assert_int_equal(xc_db_each_value(db, SCHEMA_SLOT_COPY, collect_value,
                                      keys, &xe), XC_OK);
    xc_db_close(db);
    free(gen);
    /* Two passages (a's and c's) share a key, b's is its own. */
    int shared = 0;
    for (int i = 0; i < 8; i++)
        for (int j = i + 1; j < 8; j++)
            shared += keys[i][0] && !strcmp(keys[i], keys[j]);
    assert_int_equal(shared, 1);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(g_tmp) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_removal_renumbers),
        cmocka_unit_test(test_other_schema_version),
        cmocka_unit_test(test_update_joins_a_kept_copy),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
