/* Tests of query preparation (src/query/prepare.c): the normalisation a
 * query goes through once (Danish quotes made phrases, soft hyphens and
 * line breaks, fields the syntax does not know split into words, the
 * limits), the fields of the query syntax (prep_has_place_field,
 * flt_field_kind), the spelling pairs, the parse with its plain reading
 * when Xapian refuses the syntax, and the boost, exclusion and filters
 * combined into the prepared query. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_q_fixture.h"

#include "prepare.h"

/* prep_normalise's text for query, or NULL with *st set on refusal. */
static char *norm_of(const char *query, spor_status *st, spor_err *err)
{
    sbuf n = SBUF_INIT;
    spor_err_clear(err);
    *st = prep_normalise(query, &n, err);
    if (*st) {
        sbuf_free(&n);
        return NULL;
    }
    return sbuf_detach(&n, NULL);
}

static void assert_norm(const char *query, const char *want)
{
    spor_status st;
    spor_err err;
    char *got = norm_of(query, &st, &err);
    if (!got)
        fail_msg("prep_normalise(%s): %s", query, err.msg);
    if (strcmp(got, want))
        fail_msg("prep_normalise(%s) = [%s], want [%s]", query, got, want);
    free(got);
}

static void assert_refused(const char *query, const char *msg_part)
{
    spor_status st;
    spor_err err;
    char *got = norm_of(query, &st, &err);
    if (got)
        fail_msg("prep_normalise accepted [%.40s...]: [%.40s]", query, got);
    assert_int_equal(st, SPOR_EQUERY);
    if (!strstr(err.msg, msg_part))
        fail_msg("message '%s' lacks '%s'", err.msg, msg_part);
}

/* ---- normalisation ------------------------------------------------------ */

static void test_danish_quotes(void **state)
{
    (void)state;
    /* „ (U+201E), » and « become '"'; U+201C, which Xapian knows, stays. */
    assert_norm("„fast bolig“", "\"fast bolig\xe2\x80\x9c");
    assert_norm("»fast bolig«", "\"fast bolig\"");
    assert_norm("«fast bolig» hjemløse", "\"fast bolig\" hjemløse");
    assert_norm("\"fast bolig\"", "\"fast bolig\"");
}

static void test_soft_hyphen_and_breaks(void **state)
{
    (void)state;
    /* As the documents were normalised: the soft hyphen (U+00AD) goes,
     * a line break or tab is a space. */
    assert_norm("hjem\xc2\xadløse", "hjemløse");
    assert_norm("hjemløse\tfoo\nbar\rbaz", "hjemløse foo bar baz");
}

static void test_unknown_fields_split(void **state)
{
    (void)state;
    /* A field the syntax does not know becomes two words. */
    assert_norm("foo:bar hjemløse", "foo bar hjemløse");
    assert_norm("http://x.dk", "http //x.dk");
    /* The fields it knows stay. */
    assert_norm("hjemløse sted:aarhus", "hjemløse sted:aarhus");
    assert_norm("place:odense år:2019 year:2020 doc:kbh",
                "place:odense år:2019 year:2020 doc:kbh");
    assert_norm("id:abc.1", "id:abc.1");
    /* Not a field: a colon before a space, or a name with digits. */
    assert_norm("kl: 10 a1:b", "kl: 10 a1:b");
}

static void test_limits(void **state)
{
    (void)state;
    char *q = malloc(8194);
    assert_non_null(q);
    memset(q, 'a', 8193);
    q[8193] = '\0';
    assert_refused(q, "8193 bytes");
    /* 257 words of two bytes: "a " repeated. */
    for (size_t i = 0; i < 257; i++)
        memcpy(q + 2 * i, "a ", 2);
    q[2 * 257] = '\0';
    assert_refused(q, "257 words");
    q[2 * 256] = '\0'; /* 256 words: accepted */
    spor_status st;
    spor_err err;
    char *ok = norm_of(q, &st, &err);
    assert_non_null(ok);
    free(ok);
    free(q);
    assert_refused("a* b* c* d* e* f* g* h* i*", "9 wildcards");
    assert_norm("a* b* c* d* e* f* g* h*", "a* b* c* d* e* f* g* h*");
    assert_refused("ab\xff" "cd", "offset 2");
}

/* ---- fields ------------------------------------------------------------- */

static void test_field_kind(void **state)
{
    (void)state;
    assert_int_equal(flt_field_kind("sted", 4), FLT_PLACE);
    assert_int_equal(flt_field_kind("place", 5), FLT_PLACE);
    assert_int_equal(flt_field_kind("doc", 3), FLT_DOC);
    assert_int_equal(flt_field_kind("år", strlen("år")), FLT_YEAR);
    assert_int_equal(flt_field_kind("year", 4), FLT_YEAR);
    /* Names are whole and case-sensitive; "id" is not a filter. */
    assert_int_equal(flt_field_kind("id", 2), FLT_NOT_FIELD);
    assert_int_equal(flt_field_kind("Sted", 4), FLT_NOT_FIELD);
    assert_int_equal(flt_field_kind("ste", 3), FLT_NOT_FIELD);
    assert_int_equal(flt_field_kind("steder", 6), FLT_NOT_FIELD);
    assert_int_equal(flt_field_kind("sted", 3), FLT_NOT_FIELD);
}

static void test_has_place_field(void **state)
{
    (void)state;
    assert_true(prep_has_place_field("hjemløse sted:aarhus"));
    assert_true(prep_has_place_field("place:odense hjemløse"));
    assert_true(prep_has_place_field("(bolig OR job) sted:odense"));
    assert_false(prep_has_place_field("hjemløse aarhus odense"));
    assert_false(prep_has_place_field("hjemløse år:2019 doc:kbh"));
    /* "sted: aarhus" is not a field (Xapian reads two words). */
    assert_false(prep_has_place_field("hjemløse sted: aarhus"));
    assert_false(prep_has_place_field("byensted:aarhus"));
}

/* ---- spelling pairs ----------------------------------------------------- */

static void test_typos_pair(void **state)
{
    (void)state;
    prep_typos t = {NULL, 0};
    assert_int_equal(prep_typos_pair("hjemlose i arhus", "hjemløse i aarhus",
                                     &t), SPOR_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.v[0].typed, "hjemlose");
    assert_string_equal(t.v[0].meant, "hjemløse");
    assert_string_equal(t.v[1].typed, "arhus");
    assert_string_equal(t.v[1].meant, "aarhus");
    prep_typos_free(&t);
    assert_int_equal(t.n, 0);
    assert_int_equal(prep_typos_pair("hjemløse", "hjemløse", &t), SPOR_OK);
    assert_int_equal(t.n, 0);
    /* Words of one length differ too. */
    assert_int_equal(prep_typos_pair("mange tal", "mange tak", &t), SPOR_OK);
    assert_int_equal(t.n, 1);
    assert_string_equal(t.v[0].typed, "tal");
    assert_string_equal(t.v[0].meant, "tak");
    prep_typos_free(&t);
}

/* ---- parse and the prepared query --------------------------------------- */

/* Xapian's description of the prepared query (rq under o); NULL with
 * *st set when preparation fails. */
static char *prepared(spor_index *ix, const prep_request *rq,
                      const spor_search_opts *o, spor_status *st,
                      spor_err *err)
{
    xc_query *q = NULL;
    spor_err_clear(err);
    *st = prep_query(ix, rq, o, NULL, &q, err);
    if (*st)
        return NULL;
    assert_non_null(q);
    return qf_describe(q);
}

/* The description of norm parsed and expanded alone. */
static char *parsed(spor_index *ix, const char *norm, spor_status *st,
                    spor_err *err)
{
    spor_search_opts o;
    spor_search_opts_default(&o);
    prep_request rq = {norm, NULL, NULL, NULL, NULL, NULL};
    return prepared(ix, &rq, &o, st, err);
}

static void test_parse_plain_reading(void **state)
{
    spor_index *ix = qf_index(state);
    spor_status st;
    spor_err err;
    char *want = parsed(ix, "bolig", &st, &err);
    assert_non_null(want);
    /* Syntax Xapian refuses is read as the plain words meant. */
    const char *broken[] = {"bolig AND", "(bolig", "bolig OR", "OR bolig", "bolig)"};
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        char *got = parsed(ix, broken[i], &st, &err);
        if (!got)
            fail_msg("%s: %s", broken[i], err.msg);
        assert_string_equal(got, want);
        free(got);
    }
    free(want);
    /* Syntax Xapian reads is kept as written. */
    char *both = parsed(ix, "bolig AND hjemløse", &st, &err);
    assert_non_null(both);
    assert_non_null(strstr(both, " AND "));
    free(both);
    /* Nothing left after the plain reading: refused. */
    assert_null(parsed(ix, "AND", &st, &err));
    assert_int_equal(st, SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "cannot parse query 'AND'"));
    assert_null(parsed(ix, "", &st, &err));
    assert_int_equal(st, SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "no words to search for"));
}

static void test_prepared_query_parts(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_status st;
    spor_err err;
    prep_request rq = {"hjemløse", NULL, NULL, NULL, NULL, NULL};
    char *plain = prepared(ix, &rq, &o, &st, &err);
    assert_non_null(plain);
    assert_null(strstr(plain, "AND_MAYBE"));
    assert_null(strstr(plain, "AND_NOT"));
    assert_null(strstr(plain, "FILTER"));
    free(plain);

    /* Boost words: an optional extra, expanded like the query. */
    rq.boost = "vinter";
    o.boost_weight = 2.0;
    char *d = prepared(ix, &rq, &o, &st, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, "AND_MAYBE"));
    assert_non_null(strstr(d, "Zvint"));
    free(d);
    /* ...also from the options, normalised there. */
    rq.boost = NULL;
    o.boost = "VINTER";
    d = prepared(ix, &rq, &o, &st, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, "AND_MAYBE"));
    assert_non_null(strstr(d, "Zvint"));
    free(d);
    o.boost = NULL;

    /* An exclusion leaves out what another query matches. */
    rq.exclude = "gaden";
    d = prepared(ix, &rq, &o, &st, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, "AND_NOT"));
    assert_non_null(strstr(d, "Zgad"));
    free(d);
    rq.exclude = NULL;

    /* The options' filters: a place in any spelling, a year. */
    o.places = "Århus";
    o.years = "2019";
    d = prepared(ix, &rq, &o, &st, &err);
    assert_non_null(d);
    assert_non_null(strstr(d, "FILTER"));
    assert_non_null(strstr(d, "Paarhus"));
    assert_non_null(strstr(d, "Y2019"));
    free(d);
    /* A filter that is no filter fails the preparation. */
    o.places = NULL;
    o.years = "19";
    assert_null(prepared(ix, &rq, &o, &st, &err));
    assert_int_equal(st, SPOR_EQUERY);
}

int main(void)
{
    const struct CMUnitTest plain[] = {
        cmocka_unit_test(test_danish_quotes),
        cmocka_unit_test(test_soft_hyphen_and_breaks),
        cmocka_unit_test(test_unknown_fields_split),
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_field_kind),
        cmocka_unit_test(test_has_place_field),
        cmocka_unit_test(test_typos_pair),
    };
    const struct CMUnitTest indexed[] = {
        cmocka_unit_test(test_parse_plain_reading),
        cmocka_unit_test(test_prepared_query_parts),
    };
    int failed = cmocka_run_group_tests(plain, NULL, NULL);
    return failed + cmocka_run_group_tests(indexed, qf_setup, qf_teardown);
}
