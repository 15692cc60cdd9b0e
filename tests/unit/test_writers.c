/* The writer pool (writers.h): documents handed over in order come out of
 * the compacted parts with the ids one writer would have given them, in
 * several parts written by several threads; a writer's failure reaches
 * the producer as an error naming the part. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/writers.h"
#include "tmpdir.h"
#include "xapian_c.h"

static xc_doc *make_doc(unsigned i)
{
    xc_doc *d = NULL;
    xc_error xe;
    char term[32], data[32];
    snprintf(term, sizeof term, "t%u", i);
    snprintf(data, sizeof data, "passage %u", i);
    assert_int_equal(xc_doc_new(&d, &xe), XC_OK);
    assert_int_equal(xc_doc_add_posting(d, term, 1, 1, &xe), XC_OK);
    assert_int_equal(xc_doc_add_term(d, "all", 1, &xe), XC_OK);
    assert_int_equal(xc_doc_set_data(d, data, strlen(data), &xe), XC_OK);
    return d;
}

static void test_parts_merge_in_order(void **state)
{
    const char *dir = *state;
    enum { N_DOCS = 23, PART = 4 };
    char base[512], meta[512], dest[512];
    snprintf(base, sizeof base, "%s/scratch", dir);
    snprintf(dest, sizeof dest, "%s/out", dir);
    snprintf(meta, sizeof meta, "%s", base);
    /* The scratch database holds only metadata, as a full build's does. */
    xc_wdb *w = NULL;
    xc_error xe;
    assert_int_equal(xc_wdb_create(meta, &w, &xe), XC_OK);
    assert_int_equal(xc_wdb_set_metadata(w, "k", "v", 1, &xe), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &xe), XC_OK);
    xc_wdb_close(w);

    wr_pool *p = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(wr_pool_new(base, 3, PART, 1, NULL, &p, &err), SPOR_OK);
    for (unsigned i = 1; i <= N_DOCS; i++)
        assert_int_equal(wr_pool_add(p, make_doc(i), &err), SPOR_OK);
    assert_int_equal(wr_pool_finish(p, &err), SPOR_OK);
    size_t n = 0;
    const char *const *parts = wr_pool_parts(p, &n);
    assert_int_equal(n, (N_DOCS + PART - 1) / PART);

    const char *srcs[16];
    srcs[0] = meta;
    for (size_t i = 0; i < n; i++)
        srcs[i + 1] = parts[i];
    assert_int_equal(xc_db_compact_many(srcs, n + 1, dest, &xe), XC_OK);
    wr_pool_free(p);

    xc_db *db = NULL;
    unsigned count = 0, tf = 0;
    assert_int_equal(xc_db_open(dest, &db, &xe), XC_OK);
    assert_int_equal(xc_db_doccount(db, &count, &xe), XC_OK);
    assert_int_equal(count, N_DOCS);
    assert_int_equal(xc_db_termfreq(db, "all", &tf, &xe), XC_OK);
    assert_int_equal(tf, N_DOCS);
    /* Document i is the i-th handed over, whichever thread wrote it. */
    for (unsigned i = 1; i <= N_DOCS; i++) {
        char *data = NULL;
        size_t len = 0;
        char want[32];
        snprintf(want, sizeof want, "passage %u", i);
        assert_int_equal(xc_db_get_data(db, i, &data, &len, &xe), XC_OK);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(data, want, len);
        free(data);
    }
    char *v = NULL;
    size_t vlen = 0;
    assert_int_equal(xc_db_get_metadata(db, "k", &v, &vlen, &xe), XC_OK);
    assert_int_equal(vlen, 1);
    free(v);
    xc_db_close(db);
}

/* Parts that cannot be created (their folder is missing): the failure
 * comes back to the producer, naming the part, and nothing hangs. */
static void test_writer_failure_reported(void **state)
{
    const char *dir = *state;
    char base[512];
    snprintf(base, sizeof base, "%s/missing/deeper", dir);
    wr_pool *p = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(wr_pool_new(base, 2, 2, 1, NULL, &p, &err), SPOR_OK);
    spor_status st = SPOR_OK;
    for (unsigned i = 1; i <= 40 && !st; i++)
        st = wr_pool_add(p, make_doc(i), &err);
    spor_status fin = wr_pool_finish(p, &err);
    assert_true(st != SPOR_OK || fin != SPOR_OK);
    assert_non_null(strstr(err.msg, "part-"));
    wr_pool_free(p);
}

/* A pool freed without finishing (the producer failed) drops what is
 * queued and stops its threads. */
static void test_free_unfinished(void **state)
{
    const char *dir = *state;
    wr_pool *p = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(wr_pool_new(dir, 2, 5, 1, NULL, &p, &err), SPOR_OK);
    for (unsigned i = 1; i <= 12; i++)
        assert_int_equal(wr_pool_add(p, make_doc(i), &err), SPOR_OK);
    wr_pool_free(p);
}

/* A maker's jobs: the number of the passage, made into its document in
 * the writer thread, which counts how many it made. */
typedef struct job_maker {
    unsigned made[3];
    unsigned bad_thread;
} job_maker;

static spor_status make_job(void *ctx, unsigned thread, void *job,
                            xc_doc **out, spor_err *err)
{
    (void)err;
    job_maker *m = ctx;
    if (thread >= 3) {
        m->bad_thread = 1;
        thread = 0;
    }
    m->made[thread]++; /* each thread has its own counter */
    *out = make_doc(*(unsigned *)job);
    return SPOR_OK;
}

static void free_job(void *job)
{
    free(job);
}

/* With a maker, the writer threads make the documents from the jobs, each
 * with its own tools (its thread number), and the ids stay in order. */
static void test_maker_makes_documents(void **state)
{
    const char *dir = *state;
    enum { N_DOCS = 17, PART = 3 };
    job_maker jm = {{0}, 0};
    wr_maker m = {make_job, free_job, &jm};
    wr_pool *p = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(wr_pool_new(dir, 3, PART, 1, &m, &p, &err), SPOR_OK);
    for (unsigned i = 1; i <= N_DOCS; i++) {
        unsigned *job = malloc(sizeof *job);
        assert_non_null(job);
        *job = i;
        assert_int_equal(wr_pool_add(p, job, &err), SPOR_OK);
    }
    assert_int_equal(wr_pool_finish(p, &err), SPOR_OK);
    assert_int_equal(jm.bad_thread, 0);
    assert_int_equal(jm.made[0] + jm.made[1] + jm.made[2], N_DOCS);
    size_t n = 0;
    const char *const *parts = wr_pool_parts(p, &n);
    xc_error xe;
    unsigned want = 1;
    for (size_t i = 0; i < n; i++) {
        xc_db *db = NULL;
        assert_int_equal(xc_db_open(parts[i], &db, &xe), XC_OK);
        for (unsigned k = 0; k < PART && want <= N_DOCS; k++, want++) {
            char *data = NULL, expect[32];
            size_t len = 0;
            snprintf(expect, sizeof expect, "passage %u", want);
            assert_int_equal(xc_db_get_data(db, want, &data, &len, &xe),
                             XC_OK);
            assert_int_equal(len, strlen(expect));
            assert_memory_equal(data, expect, len);
            free(data);
        }
        xc_db_close(db);
    }
    assert_int_equal(want, N_DOCS + 1);
    wr_pool_free(p);
}

/* Gaps (wr_pool_skip_to, shards built apart): each document keeps the id
 * it was given, across parts and within one, and compaction keeps them;
 * an id below the next one is refused. */
static void test_skip_keeps_ids(void **state)
{
    const char *dir = *state;
    static const unsigned ids[] = {3, 4, 9, 10, 11, 30, 31, 57};
    enum { N = sizeof ids / sizeof ids[0], PART = 3 };
    char base[512], dest[512];
    snprintf(base, sizeof base, "%s/scratch", dir);
    snprintf(dest, sizeof dest, "%s/out", dir);
    xc_wdb *w = NULL;
    xc_error xe;
    assert_int_equal(xc_wdb_create(base, &w, &xe), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &xe), XC_OK);
    xc_wdb_close(w);
    wr_pool *p = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(wr_pool_new(base, 2, PART, 1, NULL, &p, &err), SPOR_OK);
    for (unsigned i = 0; i < N; i++) {
        assert_int_equal(wr_pool_skip_to(p, ids[i], &err), SPOR_OK);
        assert_int_equal(wr_pool_add(p, make_doc(ids[i]), &err), SPOR_OK);
    }
    assert_int_not_equal(wr_pool_skip_to(p, 40, &err), SPOR_OK);
    assert_int_equal(wr_pool_finish(p, &err), SPOR_OK);
    size_t n = 0;
    const char *const *parts = wr_pool_parts(p, &n);
    const char *srcs[16] = {base};
    for (size_t i = 0; i < n; i++)
        srcs[i + 1] = parts[i];
    assert_int_equal(xc_db_compact_many(srcs, n + 1, dest, &xe), XC_OK);
    wr_pool_free(p);
    xc_db *db = NULL;
    unsigned count = 0;
    assert_int_equal(xc_db_open(dest, &db, &xe), XC_OK);
    assert_int_equal(xc_db_doccount(db, &count, &xe), XC_OK);
    assert_int_equal(count, N);
    for (unsigned i = 0; i < N; i++) {
        char *data = NULL, want[32];
        size_t len = 0;
        snprintf(want, sizeof want, "passage %u", ids[i]);
        assert_int_equal(xc_db_get_data(db, ids[i], &data, &len, &xe), XC_OK);
        assert_int_equal(len, strlen(want));
        assert_memory_equal(data, want, len);
        free(data);
    }
    xc_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_skip_keeps_ids, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_parts_merge_in_order,
                                        make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_writer_failure_reported,
                                        make_tmpdir, remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_free_unfinished, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_maker_makes_documents,
                                        make_tmpdir, remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
