/* Tests of the facets (src/query/facets.c, counted by the match): how many
 * of a search's matching passages each place, document and year has, over
 * a small index whose passages a test can count by hand; most first, then
 * by value; the filter key beside each value; the counts following the
 * filters, and counted without a page of hits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_q_fixture.h"

/* The list as "value=count|...", documents by base name. */
static void list_str(const spor_facet_list *l, char *out, size_t cap)
{
    out[0] = '\0';
    for (size_t i = 0; i < l->n; i++) {
        const char *v = l->items[i].value, *slash = strrchr(v, '/');
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s=%u|", slash ? slash + 1 : v,
                 l->items[i].count);
    }
}

static void facets_of(spor_index *ix, const char *query,
                      spor_search_opts *o, spor_results *r)
{
    spor_err err;
    o->facets = 1;
    spor_err_clear(&err);
    if (spor_search(ix, query, o, r, &err) != SPOR_OK)
        fail_msg("search %s: %s", query, err.msg);
}

static void assert_facets(const spor_results *r, const char *places,
                          const char *docs, const char *years,
                          unsigned total)
{
    char got[512];
    list_str(&r->facets.places, got, sizeof got);
    assert_string_equal(got, places);
    list_str(&r->facets.docs, got, sizeof got);
    assert_string_equal(got, docs);
    list_str(&r->facets.years, got, sizeof got);
    assert_string_equal(got, years);
    assert_int_equal(r->facets.total, total);
}

static void test_counts(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    /* hjemløse: aarhus.md "Hjemløse" and "Vinter"; odense.md "Bolig
     * først"; kbh.md "Gaden" and (the synonym) "Parken". */
    facets_of(ix, "hjemløse", &o, &r);
    assert_facets(&r, "Aarhus=2|København=2|Odense=1|",
                  "aarhus.md=2|kbh.md=2|odense.md=1|",
                  "2015=2|2019=2|2021=1|", 5);
    assert_int_equal(r.n, 5);
    /* The keys are what a filter takes. */
    for (size_t i = 0; i < r.facets.years.n; i++)
        assert_string_equal(r.facets.years.items[i].key,
                            r.facets.years.items[i].value);
    assert_string_equal(r.facets.places.items[1].key, "københavn");
    spor_err err;
    const schema_doctable *docs = spor_index_docs(ix, &err);
    assert_non_null(docs);
    for (size_t i = 0; i < r.facets.docs.n; i++) {
        const spor_facet *f = &r.facets.docs.items[i];
        int found = 0;
        for (size_t k = 0; k < docs->n; k++)
            found |= !strcmp(docs->docs[k].id, f->key) &&
                     !strcmp(docs->docs[k].path, f->value);
        assert_true(found);
    }
    spor_results_free(&r);

    /* A passage tagged with two places counts for each; a district
     * (Gellerup) counts for its own name. */
    facets_of(ix, "jobcentret OR bydelsmødre", &o, &r);
    assert_facets(&r, "Aarhus=3|Odense=2|Gellerup=1|København=1|",
                  "aarhus.md=2|odense.md=2|kbh.md=1|",
                  "2019=2|2021=2|2015=1|", 5);
    spor_results_free(&r);
}

static void test_counts_follow_filters(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    o.years = "2015..2019";
    facets_of(ix, "hjemløse", &o, &r);
    assert_facets(&r, "Aarhus=2|København=2|",
                  "aarhus.md=2|kbh.md=2|", "2015=2|2019=2|", 4);
    spor_results_free(&r);
    spor_search_opts_default(&o);
    facets_of(ix, "hjemløse sted:odense", &o, &r);
    assert_facets(&r, "Odense=1|", "odense.md=1|", "2021=1|", 1);
    spor_results_free(&r);
}

static void test_counts_without_page(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    /* All matches are counted, not just the page's. */
    o.limit = 1;
    facets_of(ix, "hjemløse", &o, &r);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.facets.total, 5);
    spor_results_free(&r);
    o.limit = 0;
    facets_of(ix, "hjemløse", &o, &r);
    assert_int_equal(r.n, 0);
    assert_facets(&r, "Aarhus=2|København=2|Odense=1|",
                  "aarhus.md=2|kbh.md=2|odense.md=1|",
                  "2015=2|2019=2|2021=1|", 5);
    spor_results_free(&r);
    /* Not asked: not counted. */
    o.limit = 10;
    o.facets = 0;
    spor_err err;
    assert_int_equal(spor_search(ix, "hjemløse", &o, &r, &err), SPOR_OK);
    assert_int_equal(r.facets.total, 0);
    assert_int_equal(r.facets.places.n, 0);
    spor_results_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_counts_follow_filters),
        cmocka_unit_test(test_counts_without_page),
    };
    return cmocka_run_group_tests(tests, qf_setup, qf_teardown);
}
