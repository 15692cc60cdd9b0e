/* The compound splits kept on the index handle (splits.h), over a
 * database holding a compound table of two words: a compound of the
 * corpus gets its parts, a word that is none gets none, and either answer
 * is kept on the handle, so the same word asked again (the next hit, the
 * next query of a batch) gets the same answer without the database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpdir.h"
#include "splits.h"
#include "spor/store/schema.h"
#include "spor/text/strmap.h"

/* A handle with only what splits.h reads: the database, the cache. */
static void open_handle(const char *dir, spor_index *ix)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/db", dir);
    xc_wdb *w = NULL;
    xc_error xe;
    assert_int_equal(xc_wdb_create(path, &w, &xe), XC_OK);
    const char *split[][2] = {{"gadeplansmedarbejdere", "gadeplan medarbejd"},
                              {"varmestuen", "varm stue"}};
    for (size_t i = 0; i < 2; i++) {
        char key[128];
        snprintf(key, sizeof key, "%s%s", SCHEMA_META_SPLIT_PREFIX,
                 split[i][0]);
        assert_int_equal(xc_wdb_set_metadata(w, key, split[i][1],
                                              strlen(split[i][1]), &xe),
                         XC_OK);
    }
    assert_int_equal(xc_wdb_commit(w, &xe), XC_OK);
    xc_wdb_close(w);
    memset(ix, 0, sizeof *ix);
    assert_int_equal(xc_db_open(path, &ix->db, &xe), XC_OK);
}

static void close_handle(spor_index *ix)
{
    xc_db_close(ix->db);
    smap_free(ix->splits);
    sbuf_free(&ix->split_parts);
}

static int kept(const spor_index *ix, const char *w)
{
    int found = 0;
    if (ix->splits)
        smap_get(ix->splits, w, strlen(w), &found);
    return found;
}

static void test_splits(void **state)
{
    spor_index ix;
    open_handle(*state, &ix);
    sbuf parts = SBUF_INIT;
    const char *words[] = {"gadeplansmedarbejdere", "hjemløse", "varmestuen",
                           "xyzzyqqqq"};
    const char *want[] = {"gadeplan medarbejd", NULL, "varm stue", NULL};
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < 4; i++) {
            const char *w = words[i];
            assert_int_equal(kept(&ix, w), round == 1);
            assert_int_equal(splits_get(&ix, w, strlen(w), &parts),
                             want[i] != NULL);
            if (want[i])
                assert_string_equal(parts.data, want[i]);
            else
                assert_int_equal(parts.len, 0);
            assert_true(kept(&ix, w));
        }
        /* The second round is answered from the handle alone. */
        xc_db_close(ix.db);
        ix.db = NULL;
    }
    sbuf_free(&parts);
    close_handle(&ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_splits, make_tmpdir,
                                        remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
