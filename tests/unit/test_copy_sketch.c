/* Tests of copy sketches (copy_sketch.h) and the stock phrases an update
 * marks in its detector: a sketch is at most CP_SKETCH sorted values, all
 * of a short passage's, the same for the same shingles; it survives its
 * stored form and a damaged one is refused; a near copy of a passage finds
 * it among the sketches and unrelated text finds nothing; a marked stock
 * phrase is skipped in the detector's count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/copy_sketch.h"

/* n words, the first `same` shared by every text made with that many, the
 * rest tagged with tag. */
static void make_text(char *out, size_t cap, int n, int same, char tag)
{
    size_t len = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap - len, "%s%c%c%c ",
                                i < same ? "ord" : "fremmed",
                                i < same ? 'a' : tag, 'a' + i / 26,
                                'a' + i % 26);
}

static size_t sketch_of(const char *text, uint32_t out[CP_SKETCH],
                        size_t *n_shingles)
{
    cp_shingles s;
    assert_int_equal(cp_make_shingles(text, strlen(text), &s), SPOR_OK);
    size_t n = cp_sketch(&s, out);
    *n_shingles = s.n;
    cp_shingles_free(&s);
    return n;
}

static void test_sketch_size_and_order(void **state)
{
    (void)state;
    char text[4096];
    uint32_t a[CP_SKETCH], b[CP_SKETCH];
    size_t ns;
    make_text(text, sizeof text, 100, 100, 'x');
    size_t n = sketch_of(text, a, &ns);
    assert_int_equal(ns, 98);
    assert_int_equal(n, CP_SKETCH);
    for (size_t i = 1; i < n; i++)
        assert_true(a[i - 1] < a[i]);
    /* The same shingles, another spacing and case: the same sketch. */
    for (char *p = text; *p; p++)
        if (*p == 'o')
            *p = 'O';
    assert_int_equal(sketch_of(text, b, &ns), n);
    assert_memory_equal(a, b, sizeof a);
    /* A short passage keeps every shingle. */
    make_text(text, sizeof text, 10, 10, 'x');
    assert_int_equal(sketch_of(text, a, &ns), 8);
    assert_int_equal(ns, 8);
}

static void test_stored_form(void **state)
{
    (void)state;
    char text[4096];
    uint32_t a[CP_SKETCH], b[CP_SKETCH];
    size_t ns, nb;
    make_text(text, sizeof text, 40, 40, 'x');
    size_t n = sketch_of(text, a, &ns);
    sbuf enc = SBUF_INIT;
    assert_int_equal(cp_sketch_encode(a, n, &enc), SPOR_OK);
    assert_int_equal(enc.len, 4 * n);
    assert_int_equal(cp_sketch_decode(enc.data, enc.len, b, &nb), SPOR_OK);
    assert_int_equal(nb, n);
    assert_memory_equal(a, b, n * sizeof *a);
    assert_int_equal(cp_sketch_decode(enc.data, enc.len - 1, b, &nb),
                     SPOR_EINDEX);
    char big[4 * CP_SKETCH + 4] = {0};
    assert_int_equal(cp_sketch_decode(big, sizeof big, b, &nb), SPOR_EINDEX);
    sbuf_free(&enc);
}

static void test_a_near_copy_finds_its_passage(void **state)
{
    (void)state;
    char text[4096];
    uint32_t v[CP_SKETCH];
    size_t ns;
    cp_sketches *k;
    assert_int_equal(cp_sketches_new(&k), SPOR_OK);
    /* 20 unrelated passages, then the one copied (id 20). */
    for (int i = 0; i < 20; i++) {
        make_text(text, sizeof text, 60, 0, (char)('b' + i));
        size_t n = sketch_of(text, v, &ns);
        assert_int_equal(cp_sketches_add(k, v, n), SPOR_OK);
    }
    make_text(text, sizeof text, 80, 80, 'a');
    size_t n = sketch_of(text, v, &ns);
    assert_int_equal(cp_sketches_add(k, v, n), SPOR_OK);

    /* Its first 60 words and 20 of its own. */
    const uint32_t *ids;
    size_t n_ids;
    cp_shingles s;
    make_text(text, sizeof text, 80, 60, 'z');
    assert_int_equal(cp_make_shingles(text, strlen(text), &s), SPOR_OK);
    assert_int_equal(cp_sketches_candidates(k, &s, &ids, &n_ids), SPOR_OK);
    assert_int_equal(n_ids, 1);
    assert_int_equal(ids[0], 20);
    cp_shingles_free(&s);
    /* Text of its own meets no sketch. */
    make_text(text, sizeof text, 80, 0, 'y');
    assert_int_equal(cp_make_shingles(text, strlen(text), &s), SPOR_OK);
    assert_int_equal(cp_sketches_candidates(k, &s, &ids, &n_ids), SPOR_OK);
    assert_int_equal(n_ids, 0);
    cp_shingles_free(&s);
    cp_sketches_free(k);
}

static void test_marked_stock_is_not_counted(void **state)
{
    (void)state;
    cp_detector *d;
    spor_err e;
    cp_shingles phrase, a, b;
    const char *p = "i forhold til", *t = "i forhold til at gøre noget";
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    assert_int_equal(cp_make_shingles(p, strlen(p), &phrase), SPOR_OK);
    assert_int_equal(phrase.n, 1);
    assert_int_equal(cp_make_shingles(t, strlen(t), &a), SPOR_OK);
    assert_int_equal(cp_make_shingles(t, strlen(t), &b), SPOR_OK);
    assert_int_equal(cp_common_followed(d, &a, &b), 4);
    assert_false(cp_is_stock(d, phrase.h[0]));
    assert_int_equal(cp_mark_stock(d, phrase.h, 1), SPOR_OK);
    assert_true(cp_is_stock(d, phrase.h[0]));
    assert_int_equal(cp_common_followed(d, &a, &b), 3);
    assert_int_equal(cp_common(&a, &b), 4);
    uint64_t *stock;
    size_t n;
    assert_int_equal(cp_stock(d, &stock, &n), SPOR_OK);
    assert_int_equal(n, 1);
    assert_true(stock[0] == phrase.h[0]);
    free(stock);
    cp_shingles_free(&phrase);
    cp_shingles_free(&a);
    cp_shingles_free(&b);
    cp_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sketch_size_and_order),
        cmocka_unit_test(test_stored_form),
        cmocka_unit_test(test_a_near_copy_finds_its_passage),
        cmocka_unit_test(test_marked_stock_is_not_counted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
