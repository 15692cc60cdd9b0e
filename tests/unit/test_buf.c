/* Unit tests for the growable-array helper of buf.c (spor_grow): the one
 * way libspor's lists make room for another element. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "spor/text/buf.h"

/* Empty, then doubling from the first capacity, keeping what was stored. */
static void test_grow_doubles_and_keeps(void **state)
{
    (void)state;
    long *v = NULL;
    size_t n = 0, cap = 0;
    for (long i = 0; i < 100; i++) {
        assert_int_equal(spor_grow(&v, &cap, n, sizeof *v, 4), SPOR_OK);
        assert_true(cap > n);
        v[n++] = i * 7;
    }
    assert_int_equal(cap, 128); /* 4, 8, ..., 128 */
    for (long i = 0; i < 100; i++)
        assert_int_equal(v[i], i * 7);
    /* Room left: nothing moves. */
    long *before = v;
    assert_int_equal(spor_grow(&v, &cap, n, sizeof *v, 4), SPOR_OK);
    assert_ptr_equal(v, before);
    assert_int_equal(cap, 128);
    free(v);
}

/* A size that cannot be allocated leaves the array as it was. */
static void test_grow_overflow_keeps_array(void **state)
{
    (void)state;
    char **v = NULL;
    size_t cap = 0;
    assert_int_equal(spor_grow(&v, &cap, 0, sizeof *v, 2), SPOR_OK);
    v[0] = "a";
    v[1] = "b";
    size_t huge = SIZE_MAX / 2;
    assert_int_equal(spor_grow(&v, &cap, 2, huge, 2), SPOR_ENOMEM);
    assert_int_equal(cap, 2);
    assert_string_equal(v[1], "b");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grow_doubles_and_keeps),
        cmocka_unit_test(test_grow_overflow_keeps_array),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
