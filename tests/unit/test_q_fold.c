/* Tests of copy folding among a search's candidates (src/query/collapse.c):
 * a candidate mostly contained in a higher-ranked one of another document
 * is folded into the first such kept candidate, and each kept candidate's
 * chain lists its folded copies in rank order. Few candidates are compared
 * pairwise and many through an inverted table; both must give the answer
 * the definition gives, checked here against a direct reading of it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collapse.h"
#include "spor/store/copies.h"

/* Words the made-up passages are drawn from: few enough that passages
 * share stock trigrams, as real ones do. */
static const char *const WORDS[] = {
    "unge", "hjemløse", "bolig", "beskæftigelse", "indsats", "kommune",
    "borgere", "familier", "job", "uddannelse", "samarbejde", "tilbud",
    "misbrug", "socialrådgiver", "netværk", "indsatsen", "byen", "aarhus",
};
#define N_WORDS (sizeof WORDS / sizeof *WORDS)

/* Candidate i's text: its own random words, or a near copy of an earlier
 * one (a few words changed), so that folding has work to do. */
static char *make_text(unsigned *seed, char **texts, size_t i)
{
    char *t = malloc(2048);
    assert_non_null(t);
    t[0] = '\0';
    size_t from = i > 4 && rand_r(seed) % 3 == 0 ? (size_t)rand_r(seed) % i
                                                  : (size_t)-1;
    if (from != (size_t)-1) {
        snprintf(t, 2048, "%s", texts[from]);
        /* Change one word in eight: still a copy by containment. */
        char *p = t;
        for (int k = 0; (p = strchr(p, ' ')) != NULL; k++, p++)
            if (k % 8 == 3)
                p[1] = 'x';
        return t;
    }
    for (int k = 0; k < 40; k++) {
        strcat(t, WORDS[(size_t)rand_r(seed) % N_WORDS]);
        strcat(t, " ");
    }
    return t;
}

/* The definition, read directly: the first earlier kept candidate of
 * another document that cp_are_copies says j copies. */
static void reference(const cand_passage *c, size_t n, long *copy_of)
{
    cp_shingles *sh = calloc(n, sizeof *sh);
    assert_non_null(sh);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cp_make_shingles(c[i].rec.text, c[i].rec.text_len,
                                          &sh[i]), SPOR_OK);
    for (size_t j = 0; j < n; j++) {
        copy_of[j] = -1;
        for (size_t i = 0; i < j && copy_of[j] < 0; i++)
            if (copy_of[i] < 0 && c[i].rec.doc_ord != c[j].rec.doc_ord &&
                cp_are_copies(&sh[i], &sh[j]))
                copy_of[j] = (long)i;
    }
    for (size_t i = 0; i < n; i++)
        cp_shingles_free(&sh[i]);
    free(sh);
}

static void check_fold(size_t n, unsigned seed)
{
    cand_passage *c = calloc(n, sizeof *c);
    char **texts = calloc(n, sizeof *texts);
    long *copy_of = malloc(n * sizeof *copy_of);
    long *want = malloc(n * sizeof *want);
    long *chain = malloc(n * sizeof *chain);
    assert_true(c && texts && copy_of && want && chain);
    for (size_t i = 0; i < n; i++) {
        texts[i] = make_text(&seed, texts, i);
        c[i].rec.text = texts[i];
        c[i].rec.text_len = strlen(texts[i]);
        c[i].rec.doc_ord = (unsigned)(i % 7);
    }
    assert_int_equal(clp_fold(c, n, copy_of, chain), SPOR_OK);
    reference(c, n, want);
    size_t folded = 0;
    for (size_t j = 0; j < n; j++) {
        assert_int_equal(copy_of[j], want[j]);
        folded += copy_of[j] >= 0;
    }
    /* Some candidates fold, or the test shows nothing. */
    assert_true(folded > n / 10);
    /* Each kept candidate's chain: exactly its copies, in rank order. */
    for (size_t i = 0; i < n; i++) {
        if (copy_of[i] >= 0)
            continue;
        long prev = (long)i;
        size_t listed = 0, expected = 0;
        for (long j = chain[i]; j >= 0; j = chain[j]) {
            assert_int_equal(copy_of[j], (long)i);
            assert_true(j > prev);
            prev = j;
            listed++;
        }
        for (size_t j = 0; j < n; j++)
            expected += copy_of[j] == (long)i;
        assert_int_equal(listed, expected);
    }
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(c);
    free(copy_of);
    free(want);
    free(chain);
}

/* A page's worth: compared pairwise. */
static void test_few_candidates(void **state)
{
    (void)state;
    check_fold(60, 1);
    check_fold(200, 2);
}

/* Many: through the inverted table. */
static void test_many_candidates(void **state)
{
    (void)state;
    check_fold(700, 3);
    check_fold(1500, 4);
}

/* No candidates, and one. */
static void test_edges(void **state)
{
    (void)state;
    long copy_of[1] = {7}, chain[1] = {7};
    assert_int_equal(clp_fold(NULL, 0, copy_of, chain), SPOR_OK);
    cand_passage one = {0};
    one.rec.text = (char *)"unge hjemløse i aarhus";
    one.rec.text_len = strlen(one.rec.text);
    assert_int_equal(clp_fold(&one, 1, copy_of, chain), SPOR_OK);
    assert_int_equal(copy_of[0], -1);
    assert_int_equal(chain[0], -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_few_candidates),
        cmocka_unit_test(test_many_candidates),
        cmocka_unit_test(test_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
