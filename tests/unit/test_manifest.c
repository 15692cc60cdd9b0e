/* Tests of the manifest parser on the bundled corpus manifest and on the
 * mistakes people make when editing a TSV file by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "spor/doc/manifest.h"

static void write_tmp(char *path, size_t n, const char *text)
{
    snprintf(path, n, "/tmp/spor_test_manifest_%ld.tsv", (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int has_place(const mf_entry *e, const char *place)
{
    for (size_t i = 0; i < e->n_places; i++)
        if (strcmp(e->places[i], place) == 0)
            return 1;
    return 0;
}

static void test_corpus_manifest(void **state)
{
    (void)state;
    mf_manifest m;
    spor_err e;
    assert_int_equal(
        mf_load(SPOR_SOURCE_DIR "/corpus/" MANIFEST_FILE_NAME, &m, &e),
        SPOR_OK);
    assert_int_equal(m.n_entries, 5);
    const mf_entry *k = mf_find(&m, "kbh-socialudvalget-studietur-2015.txt");
    assert_non_null(k);
    assert_int_equal(k->year, 2015);
    assert_true(has_place(k, "London"));
    assert_true(has_place(k, "Saint-Denis"));
    assert_null(k->places[k->n_places]);
    assert_string_equal(k->publisher, "Københavns Kommune, Socialforvaltningen");
    const mf_entry *a = mf_find(&m, "aarhus-amsterdam-studietur-2023.txt");
    assert_non_null(a);
    assert_int_equal(a->year, 2023);
    assert_int_equal(a->n_places, 4);
    assert_string_equal(a->places[0], "Aarhus");
    assert_null(mf_find(&m, "nope.txt"));
    mf_free(&m);
}

static void test_comments_blanks_spaces(void **state)
{
    (void)state;
    char path[256];
    write_tmp(path, sizeof path,
              "# a comment\n\n  \n"
              "a.txt\tTitle A\tPub\t\t Aarhus , ,Odense \r\n"
              "b.txt\tTitle B\tPub\t1999\t\n");
    mf_manifest m;
    spor_err e;
    assert_int_equal(mf_load(path, &m, &e), SPOR_OK);
    assert_int_equal(m.n_entries, 2);
    assert_int_equal(m.entries[0].year, 0);
    assert_int_equal(m.entries[0].n_places, 2);
    assert_string_equal(m.entries[0].places[0], "Aarhus");
    assert_string_equal(m.entries[0].places[1], "Odense");
    assert_int_equal(m.entries[1].year, 1999);
    assert_int_equal(m.entries[1].n_places, 0);
    assert_null(m.entries[1].places[0]);
    mf_free(&m);
    unlink(path);
}

static void test_malformed_line(void **state)
{
    (void)state;
    char path[256];
    write_tmp(path, sizeof path,
              "# header\n"
              "a.txt\tTitle\tPub\t2020\tAarhus\n"
              "b.txt\tonly three\tfields\n");
    mf_manifest m;
    spor_err e;
    assert_int_equal(mf_load(path, &m, &e), SPOR_EINVAL);
    char want[300];
    snprintf(want, sizeof want, "%s:3: expected 5 tab-separated fields", path);
    assert_string_equal(e.msg, want);
    assert_int_equal(m.n_entries, 0);
    write_tmp(path, sizeof path, "a.txt\tT\tP\ttwenty\tX\n");
    assert_int_equal(mf_load(path, &m, &e), SPOR_EINVAL);
    assert_non_null(strstr(e.msg, ":1:"));
    write_tmp(path, sizeof path, "a.txt\tT\tP\t2020\tX\textra\n");
    assert_int_equal(mf_load(path, &m, &e), SPOR_EINVAL);
    unlink(path);
}

static void test_missing_is_empty(void **state)
{
    (void)state;
    mf_manifest m;
    spor_err e;
    assert_int_equal(mf_load("/tmp/spor-no-such-dir/MANIFEST.tsv", &m, &e),
                     SPOR_OK);
    assert_int_equal(m.n_entries, 0);
    assert_null(mf_find(&m, "a.txt"));
    mf_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_manifest),
        cmocka_unit_test(test_comments_blanks_spaces),
        cmocka_unit_test(test_malformed_line),
        cmocka_unit_test(test_missing_is_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
