/* Tests of the filters (src/query/filters.c): the filter terms for places
 * (through the gazetteer, in any spelling or inflection, or without
 * Danish letters; unknown names refused with the nearest known ones), documents (an id, or part of a path; an unknown name
 * refused), years and year ranges (either end open; malformed ones
 * refused); lists of alternatives ORed, kinds ANDed; and the same filters
 * given in the query string, over a small index. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_q_fixture.h"

#include "filters.h"
#include "index_priv.h"

static void assert_place_term(spor_index *ix, const char *name,
                              const char *want)
{
    char *term = NULL;
    spor_err err;
    spor_err_clear(&err);
    if (flt_place_term(&ix->flt, name, strlen(name), &term, &err) != SPOR_OK)
        fail_msg("flt_place_term(%s): %s", name, err.msg);
    if (strcmp(term, want))
        fail_msg("flt_place_term(%s) = %s, want %s", name, term, want);
    free(term);
}

static void test_place_terms(void **state)
{
    spor_index *ix = qf_index(state);
    assert_place_term(ix, "Aarhus", "Paarhus");
    assert_place_term(ix, "Århus", "Paarhus");
    assert_place_term(ix, "århus", "Paarhus");
    assert_place_term(ix, "Københavns", "Pkøbenhavn");
    assert_place_term(ix, "Kbh", "Pkøbenhavn");
    assert_place_term(ix, "  Odense\t", "Podense");
    assert_place_term(ix, "Gellerupparken", "Pgellerup");
    /* Without Danish letters: the one place whose name it is. */
    assert_place_term(ix, "Kobenhavn", "Pkøbenhavn");
    assert_place_term(ix, "koebenhavn", "Pkøbenhavn");
    /* A name no place answers to is refused, saying which, with the
     * nearest known names when some are near. */
    char *term = NULL;
    spor_err err;
    assert_int_equal(flt_place_term(&ix->flt, "Ukendtby", 8, &term, &err),
                     SPOR_EQUERY);
    assert_null(term);
    assert_non_null(strstr(err.msg, "ukendt sted 'Ukendtby'"));
    assert_int_equal(flt_place_term(&ix->flt, "Kobnhavn", 8, &term, &err),
                     SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "nærmeste kendte: København"));
    assert_int_equal(flt_place_term(&ix->flt, " ", 1, &term, &err),
                     SPOR_EQUERY);
    assert_int_equal(flt_place_term(&ix->flt, "\xff", 1, &term, &err),
                     SPOR_EQUERY);
    assert_null(term);
}

/* The description of year filter v, or NULL with the status in *st. */
static char *year_desc(spor_index *ix, const char *v, spor_status *st,
                       spor_err *err)
{
    xc_query *q = NULL;
    spor_err_clear(err);
    *st = flt_year(&ix->flt, v, strlen(v), &q, err);
    return *st ? NULL : qf_describe(q);
}

static void test_year_terms(void **state)
{
    spor_index *ix = qf_index(state);
    spor_status st;
    spor_err err;
    char *d = year_desc(ix, " 2019 ", &st, &err);
    assert_non_null(d);
    assert_string_equal(d, "Query(Y2019)");
    free(d);
    d = year_desc(ix, "2015..2019", &st, &err);
    assert_non_null(d);
    assert_string_equal(d, "Query(VALUE_RANGE 2 \\x00\\x00\\x07\\xdf "
                           "\\x00\\x00\\x07\\xe3)");
    free(d);
    const char *bad[] = {"19", "20190", "abc", "2021..2015", "..", "x..2019",
                         "2019..x", "999", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        d = year_desc(ix, bad[i], &st, &err);
        if (d)
            fail_msg("year '%s' accepted: %s", bad[i], d);
        assert_int_equal(st, SPOR_EQUERY);
    }
}

/* The documents (by base name, "aarhus.md|...", in rank order) of the
 * hits of query under o. */
static void hit_docs(spor_index *ix, const char *query,
                     const spor_search_opts *o, char *out, size_t cap)
{
    spor_results r;
    spor_err err;
    spor_err_clear(&err);
    if (spor_search(ix, query, o, &r, &err) != SPOR_OK)
        fail_msg("search %s: %s", query, err.msg);
    out[0] = '\0';
    for (size_t i = 0; i < r.n; i++) {
        const char *slash = strrchr(r.hits[i].doc->path, '/');
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s|", slash + 1);
    }
    spor_results_free(&r);
}

/* Whether each of query's hits under o comes from doc, and there are n. */
static void assert_all_from(spor_index *ix, const char *query,
                            const spor_search_opts *o, const char *doc,
                            unsigned n)
{
    char got[512], want[512] = "";
    hit_docs(ix, query, o, got, sizeof got);
    for (unsigned i = 0; i < n; i++)
        strcat(want, doc), strcat(want, "|");
    if (strcmp(got, want))
        fail_msg("%s: hits from %s, want %s", query, got, want);
}

static void test_year_filters(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    /* hjemløse: 2 passages from aarhus (2019), 1 from odense (2021), 2
     * from kbh (2015, one by the synonym). */
    static const struct {
        const char *years, *doc;
        unsigned n;
    } cases[] = {
        {"2019", "aarhus.md", 2},       {"2016..2020", "aarhus.md", 2},
        {"..2016", "kbh.md", 2},        {"2020..", "odense.md", 1},
        {"2021..2021", "odense.md", 1}, {"2016..2018", "", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        o.years = cases[i].years;
        assert_all_from(ix, "hjemløse", &o, cases[i].doc, cases[i].n);
    }
    /* Alternatives: either year. */
    char got[512];
    o.years = "2015, 2021";
    o.no_spelling = 1;
    hit_docs(ix, "hjemløse", &o, got, sizeof got);
    assert_null(strstr(got, "aarhus.md"));
    assert_non_null(strstr(got, "kbh.md"));
    assert_non_null(strstr(got, "odense.md"));
    /* In the query string, the same. */
    spor_search_opts_default(&o);
    assert_all_from(ix, "hjemløse år:2016..2020", &o, "aarhus.md", 2);
    assert_all_from(ix, "hjemløse year:2021", &o, "odense.md", 1);
}

static void test_place_filters(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    o.places = "Odense";
    assert_all_from(ix, "hjemløse", &o, "odense.md", 1);
    o.places = "Københavns";
    assert_all_from(ix, "hjemløse", &o, "kbh.md", 2);
    /* "Erfaringer" in odense.md names Aarhus too. */
    o.places = "Århus";
    char got[512];
    hit_docs(ix, "jobcentret", &o, got, sizeof got);
    assert_non_null(strstr(got, "aarhus.md"));
    assert_non_null(strstr(got, "odense.md"));
    /* Kinds ANDed: Aarhus in 2021 is only that passage. */
    o.years = "2021";
    assert_all_from(ix, "jobcentret", &o, "odense.md", 1);
    o.years = NULL;
    /* Alternatives ORed. */
    o.places = "Odense,Kbh";
    hit_docs(ix, "hjemløse", &o, got, sizeof got);
    assert_null(strstr(got, "aarhus.md"));
    assert_non_null(strstr(got, "kbh.md"));
    assert_non_null(strstr(got, "odense.md"));
    /* A known place no passage is tagged with: nothing, not an error (an
     * unknown name is one: test_place_terms). */
    o.places = "Vejle";
    o.no_spelling = 1;
    assert_all_from(ix, "hjemløse", &o, "", 0);
    spor_search_opts_default(&o);
    assert_all_from(ix, "hjemløse sted:odense", &o, "odense.md", 1);
    assert_all_from(ix, "hjemløse place:københavns", &o, "kbh.md", 2);
}

static void test_doc_filters(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    /* Part of a path. */
    o.docs = "odense";
    assert_all_from(ix, "hjemløse", &o, "odense.md", 1);
    /* An id. */
    spor_err err;
    const schema_doctable *docs = spor_index_docs(ix, &err);
    assert_non_null(docs);
    const char *kbh_id = NULL;
    for (size_t i = 0; i < docs->n; i++)
        if (strstr(docs->docs[i].path, "/kbh.md"))
            kbh_id = docs->docs[i].id;
    assert_non_null(kbh_id);
    o.docs = kbh_id;
    assert_all_from(ix, "hjemløse", &o, "kbh.md", 2);
    char q[128];
    snprintf(q, sizeof q, "hjemløse doc:%s", kbh_id);
    spor_search_opts_default(&o);
    assert_all_from(ix, q, &o, "kbh.md", 2);
    /* A name no document has is refused, with what to give instead. */
    xc_query *f = NULL;
    spor_err_clear(&err);
    assert_int_equal(flt_doc(&ix->flt, "nothere", 7, &f, &err), SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "no indexed document matches "
                                    "'nothere'"));
    assert_null(f);
    o.docs = "nothere";
    spor_results r;
    assert_int_equal(spor_search(ix, "hjemløse", &o, &r, &err), SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "'nothere'"));
}

static void test_build(void **state)
{
    spor_index *ix = qf_index(state);
    xc_query *q = NULL;
    spor_err err;
    /* Nothing to filter: no query. */
    assert_int_equal(flt_build(&ix->flt, NULL, "", NULL, &q, &err), SPOR_OK);
    assert_null(q);
    assert_int_equal(flt_build(&ix->flt, "Århus,Odense", NULL, "2019", &q,
                               &err), SPOR_OK);
    char *d = qf_describe(q);
    assert_non_null(d);
    assert_string_equal(d, "Query(((Paarhus OR Podense) AND Y2019))");
    free(d);
    q = NULL;
    /* A list of nothing is refused. */
    spor_err_clear(&err);
    assert_int_equal(flt_build(&ix->flt, ", ,", NULL, NULL, &q, &err),
                     SPOR_EQUERY);
    assert_null(q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_place_terms),
        cmocka_unit_test(test_year_terms),
        cmocka_unit_test(test_year_filters),
        cmocka_unit_test(test_place_filters),
        cmocka_unit_test(test_doc_filters),
        cmocka_unit_test(test_build),
    };
    return cmocka_run_group_tests(tests, qf_setup, qf_teardown);
}
