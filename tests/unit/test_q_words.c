/* The query's words for the match (words.h), over a database of one
 * passage with the terms "first" and "resultat": the expansion's items
 * group by word (a word typed twice is two groups); a word no way of
 * matching finds in the index is absent, one with a way that matches is
 * not, and a word some candidate matches (top > 0) is not asked; flagged
 * words come out in query order, each once. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tmpdir.h"
#include "spor/query/results.h"
#include "words.h"

static void open_handle(const char *dir, spor_index *ix)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/db", dir);
    xc_wdb *w = NULL;
    xc_doc *d = NULL;
    xc_error xe;
    assert_int_equal(xc_wdb_create(path, &w, &xe), XC_OK);
    assert_int_equal(xc_doc_new(&d, &xe), XC_OK);
    assert_int_equal(xc_doc_add_term(d, "first", 1, &xe), XC_OK);
    assert_int_equal(xc_doc_add_term(d, "resultat", 1, &xe), XC_OK);
    assert_int_equal(xc_wdb_add_document(w, d, NULL, &xe), XC_OK);
    xc_doc_free(d);
    assert_int_equal(xc_wdb_commit(w, &xe), XC_OK);
    xc_wdb_close(w);
    memset(ix, 0, sizeof *ix);
    assert_int_equal(xc_db_open(path, &ix->db, &xe), XC_OK);
}

/* Appends one way of matching word: the term. */
static void add_item(qb_explain *ex, const char *word, const char *term)
{
    ex->items = realloc(ex->items, (ex->n + 1) * sizeof *ex->items);
    assert_non_null(ex->items);
    qb_explain_item *it = &ex->items[ex->n++];
    xc_error xe;
    it->word = strdup(word);
    it->kind = "exact";
    it->head = NULL;
    assert_int_equal(xc_query_term(term, 1, &it->q, &xe), XC_OK);
}

static void test_words(void **state)
{
    spor_index ix;
    open_handle(*state, &ix);
    qb_explain ex = {NULL, 0, 0};
    /* housing: nowhere in any form; resultater: its stem is there; first
     * matches a candidate; housing again, typed twice. */
    const char *items[][2] = {{"housing", "housing"},
                              {"housing", "Zhous"},
                              {"resultater", "resultater"},
                              {"resultater", "resultat"},
                              {"first", "nothing-first"},
                              {"housing", "housing"}};
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        add_item(&ex, items[i][0], items[i][1]);
    word_groups g;
    spor_err err;
    assert_int_equal(wg_group(&ex, &g, &err), SPOR_OK);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.start[1], 2);
    assert_int_equal(g.start[3], 5);
    assert_int_equal(g.start[4], 6);
    /* "first" matched a candidate: not asked, though its one way here
     * matches nothing. */
    double top[4] = {0, 0, 1.5, 0};
    assert_int_equal(wg_find_absent(&ix, &ex, &g, top, &err), SPOR_OK);
    assert_true(g.absent_known);
    const unsigned char want[4] = {1, 0, 0, 1};
    assert_memory_equal(g.absent, want, 4);
    char **words = NULL;
    size_t n = 0;
    assert_int_equal(wg_flagged(&ex, &g, g.absent, &words, &n, &err),
                     SPOR_OK);
    assert_int_equal(n, 1);
    assert_string_equal(words[0], "housing");
    const unsigned char lacks[4] = {0, 1, 1, 0};
    assert_int_equal(wg_flagged(&ex, &g, lacks, &words, &n, &err), SPOR_OK);
    assert_int_equal(n, 3);
    assert_string_equal(words[1], "resultater");
    assert_string_equal(words[2], "first");
    assert_int_equal(wg_flagged(&ex, &g, NULL, &words, &n, &err), SPOR_OK);
    assert_int_equal(n, 3);
    spor_words_free(words, n);
    wg_free(&g);
    qb_explain_free(&ex);
    xc_db_close(ix.db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_words, make_tmpdir,
                                        remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
