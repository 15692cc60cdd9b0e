/* The compound splits stored with a passage (passage_splits.h): what is
 * written for a text reads back, token by token, as the splitter's own
 * answer for every word it splits and as no split for every other word;
 * a word is listed once, stop words never; a malformed value is said to
 * be one. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spor/analysis/stopwords.h"
#include "spor/store/passage_splits.h"
#include "spor/text/tokenise.h"

/* A stub splitter: two words of the text are compounds. */
static size_t stub_split(void *ctx, const char *word, size_t len,
                         cpd_split *out)
{
    (void)ctx;
    memset(out, 0, sizeof *out);
    if (len == 21 && !memcmp(word, "gadeplansmedarbejdere", len)) {
        out->n = 3;
        out->parts[0].start = 0, out->parts[0].len = 4;   /* gade */
        out->parts[1].start = 4, out->parts[1].len = 4;   /* plan, -s- out */
        out->parts[2].start = 9, out->parts[2].len = 12;  /* medarbejdere */
    } else if (len == 14 && !memcmp(word, "boligselskabet", len)) {
        out->n = 2;
        out->parts[0].start = 0, out->parts[0].len = 5;
        out->parts[1].start = 5, out->parts[1].len = 9;
    } else if (len == 3 && !memcmp(word, "til", len)) {
        out->n = 2; /* a stop word the analyser never splits */
        out->parts[0].start = 0, out->parts[0].len = 1;
        out->parts[1].start = 1, out->parts[1].len = 2;
    }
    return out->n;
}

static const char TEXT[] =
    "Gadeplansmedarbejdere møder boligselskabet, og til sidst møder "
    "gadeplansmedarbejdere boligselskabet igen.";

static void test_round_trip(void **state)
{
    (void)state;
    stop_list *stops = NULL;
    spor_err err;
    assert_int_equal(stop_parse("til\n", 4, &stops, &err), SPOR_OK);
    ana_analyser a = {.stops = stops, .split = stub_split};
    sbuf v = SBUF_INIT;
    assert_int_equal(psplit_encode(&a, TEXT, strlen(TEXT), &v), SPOR_OK);
    assert_true(v.len > 0);
    psplit_iter ps;
    psplit_init(&ps, v.data, v.len);
    tok_iter it;
    tok_token t;
    size_t listed = 0;
    tok_init(&it, TEXT, strlen(TEXT));
    for (size_t ord = 0; tok_next(&it, &t) == 1; ord++) {
        cpd_split got, want;
        int at = psplit_at(&ps, ord, &got);
        assert_true(at >= 0);
        /* Only the first occurrence of each compound (ordinals 0, 2). */
        int first = ord == 0 || ord == 2;
        assert_int_equal(at, first);
        if (at) {
            stub_split(NULL, t.term, t.term_len, &want);
            assert_memory_equal(&got.parts, &want.parts,
                                want.n * sizeof want.parts[0]);
            assert_int_equal(got.n, want.n);
            listed++;
        }
    }
    tok_done(&it);
    assert_int_equal(listed, 2);

    /* Cut short: malformed, never a read past the end. */
    psplit_init(&ps, v.data, v.len - 1);
    cpd_split sp;
    assert_int_equal(psplit_at(&ps, 0, &sp), 1);
    assert_int_equal(psplit_at(&ps, 2, &sp), -1);
    /* No splitter, nothing stored. */
    ana_analyser plain = {0};
    sbuf_reset(&v);
    assert_int_equal(psplit_encode(&plain, TEXT, strlen(TEXT), &v), SPOR_OK);
    assert_int_equal(v.len, 0);
    psplit_init(&ps, NULL, 0);
    assert_int_equal(psplit_at(&ps, 0, &sp), 0);
    sbuf_free(&v);
    stop_free(stops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
