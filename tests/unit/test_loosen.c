/* Loosening a query's phrases (loosen.h): which phrases become groups of
 * words, and which stay phrases because loosening them would change what
 * the query excludes or filters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "spor/query/loosen.h"

/* The query loosened to any of a phrase's words, or "(none)" when
 * nothing was loosened; the same with every word, the group's words
 * joined by AND. */
static void expect_every(const char *q, const char *want)
{
    char *out = NULL;
    assert_int_equal(qry_loosen_phrases(q, strlen(q), 1, &out), SPOR_OK);
    assert_string_equal(out ? out : "(none)", want);
    free(out);
}

static void expect(const char *q, const char *want)
{
    char *out = NULL;
    assert_int_equal(qry_loosen_phrases(q, strlen(q), 0, &out), SPOR_OK);
    assert_string_equal(out ? out : "(none)", want);
    free(out);
    if (!strcmp(want, "(none)"))
        expect_every(q, want);
}

static void test_phrase_becomes_group(void **state)
{
    (void)state;
    expect("\"relationel velfærd\"", "(relationel velfærd)");
    expect("nightstop \"unge hjemløse\" london",
           "nightstop (unge hjemløse) london");
    expect("\"social innovation\" AND \"relationel velfærd\"",
           "(social innovation) AND (relationel velfærd)");
    expect("(bolig OR \"unge hjemløse\")", "(bolig OR (unge hjemløse))");
}

static void test_typographic_quotes(void **state)
{
    (void)state;
    /* U+201C and U+201D, which Xapian's parser also reads as quotes. */
    expect("\xE2\x80\x9Csocial innovation\xE2\x80\x9D",
           "(social innovation)");
}

static void test_unbalanced_runs_to_end(void **state)
{
    (void)state;
    expect("\"unge hjemløse", "(unge hjemløse)");
}

static void test_kept_phrases(void **state)
{
    (void)state;
    /* One word in quotes is no phrase to loosen. */
    expect("\"hjemløse\"", "(none)");
    expect("bolig \"hjemløse\"", "(none)");
    /* Excluded, required, given to a field, or opening inside a word. */
    expect("bolig -\"unge hjemløse\"", "(none)");
    expect("+\"unge hjemløse\" bolig", "(none)");
    expect("doc:\"unge hjemløse\"", "(none)");
    expect("ord\"unge hjemløse\"", "(none)");
    /* A kept phrase stays whole beside a loosened one. */
    expect("-\"a b\" \"unge hjemløse\"", "-\"a b\" (unge hjemløse)");
    expect("\"x\" \"unge hjemløse\"", "\"x\" (unge hjemløse)");
    /* No quotes at all. */
    expect("fremskudt beskæftigelse", "(none)");
    expect("", "(none)");
}

static void test_every_word(void **state)
{
    (void)state;
    expect_every("\"fremskudt beskæftigelse\"",
                 "(fremskudt AND beskæftigelse)");
    expect_every("\"fremskudt beskæftigelse\" efterværn",
                 "(fremskudt AND beskæftigelse) efterværn");
    expect_every("\"unge  hjemløse i london\"",
                 "(unge AND hjemløse AND i AND london)");
    /* Punctuation alone has nothing to search for: no AND around it. */
    expect_every("\"§ 17 udvalget\"", "(17 AND udvalget)");
    expect_every("-\"a b\" \"unge hjemløse\"",
                 "-\"a b\" (unge AND hjemløse)");
}

static void test_phrase_has_word(void **state)
{
    (void)state;
    const char *q = "bolig \"Fremskudt beskæftigelse\" -nightstop";
    assert_true(qry_phrase_has_word(q, strlen(q), "fremskudt"));
    assert_true(qry_phrase_has_word(q, strlen(q), "beskæftigelse"));
    assert_false(qry_phrase_has_word(q, strlen(q), "bolig"));
    assert_false(qry_phrase_has_word(q, strlen(q), "nightstop"));
}

static void test_has_quotes(void **state)
{
    (void)state;
    assert_true(qry_has_quotes("\"a b\"", 5));
    assert_true(qry_has_quotes("x \xE2\x80\x9Cy", 6));
    assert_false(qry_has_quotes("gadeplans-medarbejder", 21));
    /* Only the bytes given count. */
    assert_false(qry_has_quotes("ab \"c\"", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrase_becomes_group),
        cmocka_unit_test(test_typographic_quotes),
        cmocka_unit_test(test_unbalanced_runs_to_end),
        cmocka_unit_test(test_kept_phrases),
        cmocka_unit_test(test_every_word),
        cmocka_unit_test(test_has_quotes),
        cmocka_unit_test(test_phrase_has_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
