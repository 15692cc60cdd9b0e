/* Highlight matching (highlight.h): the answers hl_prefetch gathers for a
 * page's words, the compound table read in key order, are the answers
 * hl_match_word gives word by word without it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "highlight.h"
#include "test_q_fixture.h"
#include "spor/text/tokenise.h"

/* Query terms that compounds of the fixture contain as parts
 * ("gadeplansmedarbejdere", "boligselskabet", "varmestuen"). */
static xc_query *part_query(void)
{
    static const char *const terms[] = {"Zmedarbejd", "Cmedarbejd", "Zbolig",
                                        "Cbolig", "Zgad", "Cgad", "jobcentret"};
    xc_query *t[7] = {NULL}, *q = NULL;
    xc_error xe;
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(xc_query_term(terms[i], 1, &t[i], &xe), XC_OK);
    assert_int_equal(xc_query_combine(XC_Q_OR, t, 7, 0, &q, &xe), XC_OK);
    for (size_t i = 0; i < 7; i++)
        xc_query_free(t[i]);
    return q;
}

static void test_prefetch_same_answers(void **state)
{
    qf_fixture *f = *state;
    spor_err err;
    xc_query *q = part_query();
    hl_terms plain, ahead;
    assert_int_equal(hl_terms_init(&plain, f->ix, q, &err), SPOR_OK);
    assert_int_equal(hl_terms_init(&ahead, f->ix, q, &err), SPOR_OK);
    const char *texts[QF_N_DOCS];
    size_t lens[QF_N_DOCS];
    for (size_t i = 0; i < QF_N_DOCS; i++) {
        texts[i] = QF_DOCS[i].text;
        lens[i] = strlen(texts[i]);
    }
    assert_int_equal(hl_prefetch(&ahead, texts, lens, QF_N_DOCS), SPOR_OK);
    size_t n_words = 0, n_parts = 0;
    for (size_t i = 0; i < QF_N_DOCS; i++) {
        tok_iter it;
        tok_token t;
        tok_init(&it, texts[i], lens[i]);
        while (tok_next(&it, &t) == 1) {
            int want = hl_match_word(&plain, t.term, t.term_len);
            assert_int_equal(hl_match_word(&ahead, t.term, t.term_len), want);
            n_words++;
            n_parts += want >= 0 && t.term_len > 12;
        }
        tok_done(&it);
    }
    assert_true(n_words > 100);
    /* Some answers come from the compound table. */
    assert_true(n_parts > 0);
    hl_terms_free(&plain);
    hl_terms_free(&ahead);
    xc_query_free(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefetch_same_answers),
    };
    return cmocka_run_group_tests(tests, qf_setup, qf_teardown);
}
