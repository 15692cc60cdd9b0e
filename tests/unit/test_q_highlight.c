/* Highlight matching (highlight.h): the answers hl_prefetch gives a
 * page's words from the compound splits stored with each passage are the
 * answers hl_match_word gives word by word from the index's compound
 * table. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "highlight.h"
#include "spor/store/hit_value.h"
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

/* Every passage of the fixture: its text and stored splits. */
typedef struct fx_passages {
    schema_record rec[64];
    char *splits[64];
    size_t split_lens[64];
    size_t n;
} fx_passages;

static void read_passages(qf_fixture *f, fx_passages *p)
{
    unsigned n_docs = 0;
    xc_error xe;
    spor_err err;
    assert_int_equal(xc_db_doccount(f->ix->db, &n_docs, &xe), XC_OK);
    assert_true(n_docs > 5 && n_docs <= 64);
    p->n = 0;
    for (unsigned id = 1; id <= n_docs; id++) {
        char *val = NULL;
        size_t len = 0;
        hit_view v;
        assert_int_equal(xc_db_get_value(f->ix->db, id, SCHEMA_SLOT_HIT, &val,
                                         &len, &xe),
                         XC_OK);
        assert_int_equal(hitv_decode(val, len, &v), SPOR_OK);
        assert_int_equal(schema_record_decode_dict(v.record, v.record_len,
                                                   f->ix->zdict,
                                                   f->ix->zdict_len,
                                                   &p->rec[p->n], &err),
                         SPOR_OK);
        p->splits[p->n] = v.splits_len ? malloc(v.splits_len) : NULL;
        if (v.splits_len)
            memcpy(p->splits[p->n], v.splits, v.splits_len);
        p->split_lens[p->n] = v.splits_len;
        free(val);
        p->n++;
    }
}

static void test_prefetch_same_answers(void **state)
{
    qf_fixture *f = *state;
    spor_err err;
    xc_query *q = part_query();
    hl_terms plain, ahead;
    assert_int_equal(hl_terms_init(&plain, f->ix, q, &err), SPOR_OK);
    assert_int_equal(hl_terms_init(&ahead, f->ix, q, &err), SPOR_OK);
    static fx_passages p;
    read_passages(f, &p);
    const char *texts[64], *splits[64];
    size_t lens[64];
    for (size_t i = 0; i < p.n; i++) {
        texts[i] = p.rec[i].text;
        lens[i] = p.rec[i].text_len;
        splits[i] = p.splits[i];
    }
    assert_int_equal(hl_prefetch(&ahead, texts, lens, splits, p.split_lens,
                                 p.n),
                     SPOR_OK);
    size_t n_words = 0, n_parts = 0;
    for (size_t i = 0; i < p.n; i++) {
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
    /* Some answers come from a stem rather than the word itself. (The
     * fixture's corpus, without a word list, splits none of its words:
     * test_passage_splits checks the stored splits themselves.) */
    assert_true(n_parts > 0);
    for (size_t i = 0; i < p.n; i++) {
        schema_record_free(&p.rec[i]);
        free(p.splits[i]);
    }
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
