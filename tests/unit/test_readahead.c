/* Reading ahead (src/store/readahead.h): whatever the number of threads,
 * the files come back in the work list's order, each as reading and
 * segmenting it in turn gives it, with the stage a file that cannot be
 * read stopped at; stopping half-way frees what was read ahead. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/doc/formats.h"
#include "readahead.h"
#include "run.h"
#include "tmpdir.h"

enum { N_FILES = 40 };

/* N_FILES files of different sizes under dir; every seventh is missing
 * and every eleventh is binary. */
static void make_files(const char *dir, work_list *w)
{
    for (unsigned i = 0; i < N_FILES; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/f%02u.txt", dir, i);
        uint64_t size = 0;
        if (i % 7 != 3) {
            FILE *f = fopen(path, "w");
            assert_non_null(f);
            if (i % 11 == 5)
                fwrite("binary\0\0\0\001 data", 1, 15, f);
            for (unsigned p = 0; p < 1 + i % 5; p++)
                fprintf(f, "Afsnit %u i fil %u om boligstøtte og "
                        "ledighedsydelse, skrevet %u gange.\n\n", p, i,
                        i * p);
            size = (uint64_t)ftell(f);
            fclose(f);
        }
        assert_int_equal(run_work_add(w, path, -1, size), SPOR_OK);
    }
}

/* f as reading and segmenting its file in this thread gives it. */
static void check_as_sequential(const ra_file *f)
{
    rd_doc doc;
    seg_result seg;
    spor_err err;
    spor_err_clear(&err);
    if (fmt_read_any(f->path, &doc, &err) != SPOR_OK) {
        assert_int_equal(f->stage, RA_READ);
        assert_int_equal(f->st, err.status);
        assert_string_equal(f->err.msg, err.msg);
        return;
    }
    assert_int_equal(seg_segment(&doc, NULL, &seg, &err), SPOR_OK);
    assert_int_equal(f->stage, RA_DONE);
    assert_int_equal(f->seg.n_passages, seg.n_passages);
    for (size_t j = 0; j < seg.n_passages; j++)
        assert_string_equal(f->seg.passages[j].text, seg.passages[j].text);
    seg_result_free(&seg);
    rd_doc_free(&doc);
}

static void read_all(const work_list *w, unsigned threads, int do_stat)
{
    ra_reader *ra = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(ra_start(w, threads, do_stat, 1, &ra, &err), SPOR_OK);
    ra_file f;
    size_t n = 0;
    while (ra_next(ra, &f)) {
        assert_int_equal(f.index, n);
        assert_string_equal(f.path, w->items[n].path);
        if (do_stat && n % 7 == 3)
            assert_int_equal(f.stage, RA_STAT);
        else
            check_as_sequential(&f);
        if (f.stage == RA_DONE)
            assert_true(f.doc.n_lines > 0); /* kept */
        rd_doc_free(&f.doc);
        seg_result_free(&f.seg);
        n++;
    }
    assert_int_equal(n, N_FILES);
    assert_int_equal(ra_next(ra, &f), 0);
    ra_free(ra);
}

static void test_order_and_content(void **state)
{
    work_list w = {0};
    make_files(*state, &w);
    for (unsigned threads = 1; threads <= 4; threads++) {
        read_all(&w, threads, 0);
        read_all(&w, threads, 1);
    }
    run_work_free(&w);
}

/* Stopped after a few files: the threads end and what they read ahead is
 * freed (ASan's leak check holds this). */
static void test_stop_early(void **state)
{
    work_list w = {0};
    make_files(*state, &w);
    ra_reader *ra = NULL;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(ra_start(&w, 3, 0, 0, &ra, &err), SPOR_OK);
    ra_file f;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(ra_next(ra, &f), 1);
        assert_int_equal(f.doc.n_lines, 0); /* not kept */
        rd_doc_free(&f.doc);
        seg_result_free(&f.seg);
    }
    ra_free(ra);
    ra_free(NULL);
    run_work_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_order_and_content, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_stop_early, make_tmpdir,
                                        remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
