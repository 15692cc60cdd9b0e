/* Tests of place-by-place answering (src/query/compare.c): spor_compare's
 * groups (places given, in any spelling, or chosen by their counts, a
 * district left out beside its city), each group's hits and count; and
 * spor_search_places, which answers a query naming several places one
 * place at a time and merges the places' best passages in turns, each
 * passage once, over a small index. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_q_fixture.h"

#include "compare_priv.h"
#include "spor/query/compare.h"

/* The passages of the fixture a test names, by the start of their text. */
#define AARHUS_HJEMLOSE "Aarhus har talt de hjemløse"
#define AARHUS_VINTER "Om vinteren sover de hjemløse"
#define ODENSE_BOLIG "Odense har en plan mod hjemløshed"
#define ODENSE_BOTH "Odense og Aarhus deler"

static int starts(const spor_hit *h, const char *text)
{
    return h->rec.text_len >= strlen(text) &&
           !memcmp(h->rec.text, text, strlen(text));
}

/* 1 when the hit is tagged with place (rec.places, comma-separated). */
static int tagged(const spor_hit *h, const char *place)
{
    const char *p = h->rec.places;
    size_t n = strlen(place);
    while (p && *p) {
        if (!strncmp(p, place, n) && (p[n] == ',' || p[n] == '\0'))
            return 1;
        p = strchr(p, ',');
        p = p ? p + 1 : NULL;
    }
    return 0;
}

static void search_places(spor_index *ix, const char *query,
                          const spor_search_opts *o, spor_results *r)
{
    spor_err err;
    spor_err_clear(&err);
    if (spor_search_places(ix, query, o, r, &err) != SPOR_OK)
        fail_msg("search %s: %s", query, err.msg);
}

/* ---- spor_search_places ------------------------------------------------- */

static void test_merge_in_turns(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r, plain;
    spor_err err;
    /* A plain search ranks the passage naming both cities first, though
     * it says nothing about the homeless. */
    assert_int_equal(spor_search(ix, "hjemløse aarhus odense", &o, &plain,
                                 &err), SPOR_OK);
    assert_true(plain.n >= 3);
    assert_true(starts(&plain.hits[0], ODENSE_BOTH));
    spor_results_free(&plain);

    /* Place by place: the passages about the topic, the best of each
     * place first (Odense's one, Aarhus's better one, higher score first),
     * then Aarhus's second. */
    search_places(ix, "hjemløse aarhus odense", &o, &r);
    assert_int_equal(r.n, 3);
    assert_true(starts(&r.hits[0], ODENSE_BOLIG));
    assert_true(starts(&r.hits[1], AARHUS_HJEMLOSE));
    assert_true(starts(&r.hits[2], AARHUS_VINTER));
    assert_true(r.hits[0].score >= r.hits[1].score);
    for (size_t i = 0; i < r.n; i++)
        assert_int_equal(r.hits[i].rank, i + 1);
    assert_null(r.suggestion);
    spor_results_free(&r);

    /* The page: offset and limit cut the merged list. */
    o.offset = 1;
    o.limit = 1;
    search_places(ix, "hjemløse aarhus odense", &o, &r);
    assert_int_equal(r.n, 1);
    assert_true(starts(&r.hits[0], AARHUS_HJEMLOSE));
    assert_int_equal(r.hits[0].rank, 2);
    spor_results_free(&r);
}

static void test_passage_once(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    /* "Erfaringer" is about both places: each place lists it, the merge
     * takes it once. */
    search_places(ix, "jobcentret aarhus odense", &o, &r);
    assert_int_equal(r.n, 3);
    int both = 0;
    for (size_t i = 0; i < r.n; i++) {
        both += starts(&r.hits[i], ODENSE_BOTH);
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(r.hits[i].id, r.hits[k].id);
        assert_true(tagged(&r.hits[i], "Aarhus") ||
                    tagged(&r.hits[i], "Odense"));
    }
    assert_int_equal(both, 1);
    spor_results_free(&r);
}

static void test_facets_of_places_answer(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    o.facets = 1;
    o.limit = 100;
    spor_results r, plain;
    spor_err err;
    search_places(ix, "hjemløse aarhus odense", &o, &r);
    /* The counts are of the passages the places' searches match, each
     * once: the topic in either place, as the hits list them, not every
     * passage that names a place. */
    spor_search_opts po = o;
    po.places = "aarhus,odense";
    assert_int_equal(spor_search(ix, "hjemløse", &po, &plain, &err), SPOR_OK);
    assert_int_equal(r.facets.total, r.n);
    assert_int_equal(r.facets.total, plain.facets.total);
    assert_int_equal(r.facets.places.n, plain.facets.places.n);
    for (size_t i = 0; i < r.facets.places.n; i++) {
        assert_string_equal(r.facets.places.items[i].value,
                            plain.facets.places.items[i].value);
        assert_int_equal(r.facets.places.items[i].count,
                         plain.facets.places.items[i].count);
    }
    spor_results_free(&r);
    spor_results_free(&plain);
}

/* The ids of query's hits under o, "id|id|...". */
static void ids(spor_index *ix, const char *query, const spor_search_opts *o,
                int by_place, char *out, size_t cap)
{
    spor_results r;
    spor_err err;
    spor_status st = by_place ? spor_search_places(ix, query, o, &r, &err)
                              : spor_search(ix, query, o, &r, &err);
    assert_int_equal(st, SPOR_OK);
    out[0] = '\0';
    for (size_t i = 0; i < r.n; i++) {
        size_t used = strlen(out);
        snprintf(out + used, cap - used, "%s|", r.hits[i].id);
    }
    spor_results_free(&r);
}

static void test_plain_when_filtered_or_one_place(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    char a[512], b[512];
    const char *queries[] = {"hjemløse aarhus", "hjemløse aarhus odense "
                             "sted:odense", "hjemløse"};
    for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
        ids(ix, queries[i], &o, 1, a, sizeof a);
        ids(ix, queries[i], &o, 0, b, sizeof b);
        assert_string_equal(a, b);
    }
    o.places = "Aarhus";
    ids(ix, "hjemløse aarhus odense", &o, 1, a, sizeof a);
    ids(ix, "hjemløse aarhus odense", &o, 0, b, sizeof b);
    assert_string_equal(a, b);
}

static void test_places_named(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    pl_set named = {0};
    spor_err err;
    const pl_gazetteer *gaz = spor_index_gazetteer(ix);
    assert_non_null(gaz);
    assert_int_equal(cmpr_places_named(ix, "hjemløse aarhus odense", &o,
                                       &named, &err), SPOR_OK);
    assert_int_equal(named.n, 2);
    int seen_a = 0, seen_o = 0;
    for (size_t i = 0; i < named.n; i++) {
        seen_a |= !strcmp(pl_name(gaz, named.ids[i]), "Aarhus");
        seen_o |= !strcmp(pl_name(gaz, named.ids[i]), "Odense");
    }
    assert_true(seen_a && seen_o);
    pl_set_free(&named);
    /* One place, or a district with its own city: not place by place. */
    const char *one[] = {"hjemløse aarhus", "hjemløse gellerup aarhus",
                         "hjemløse sted:odense aarhus"};
    for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
        assert_int_equal(cmpr_places_named(ix, one[i], &o, &named, &err),
                         SPOR_OK);
        assert_int_equal(named.n, 0);
        pl_set_free(&named);
    }
    o.places = "Odense";
    assert_int_equal(cmpr_places_named(ix, "hjemløse aarhus odense", &o,
                                       &named, &err), SPOR_OK);
    assert_int_equal(named.n, 0);
    pl_set_free(&named);
}

/* ---- spor_compare ------------------------------------------------------- */

static void test_compare_given_places(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_comparison c;
    spor_err err;
    /* A name no place answers to is an error saying which. */
    assert_int_equal(spor_compare(ix, "hjemløse", "Århus,Ukendtby", 0, &o, &c,
                                  &err), SPOR_EQUERY);
    assert_non_null(strstr(err.msg, "ukendt sted 'Ukendtby'"));
    spor_comparison_free(&c);
    /* A known place without passages gets its row, empty. */
    assert_int_equal(spor_compare(ix, "hjemløse", "Århus, Odense,Vejle", 0,
                                  &o, &c, &err), SPOR_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(c.groups[0].place, "Aarhus");
    assert_string_equal(c.groups[1].place, "Odense");
    assert_string_equal(c.groups[2].place, "Vejle");
    assert_int_equal(c.groups[0].count, 2);
    assert_int_equal(c.groups[1].count, 1);
    assert_int_equal(c.groups[2].count, 0);
    for (size_t g = 0; g < 2; g++) {
        const spor_results *r = &c.groups[g].res;
        assert_int_equal(r->n, c.groups[g].count);
        for (size_t i = 0; i < r->n; i++)
            assert_true(tagged(&r->hits[i], c.groups[g].place));
    }
    assert_true(starts(&c.groups[0].res.hits[0], AARHUS_HJEMLOSE) ||
                starts(&c.groups[0].res.hits[0], AARHUS_VINTER));
    assert_true(starts(&c.groups[1].res.hits[0], ODENSE_BOLIG));
    assert_int_equal(c.corrected, 0);
    spor_comparison_free(&c);
    /* o->limit hits per place; the count stays all of them. */
    o.limit = 1;
    assert_int_equal(spor_compare(ix, "hjemløse", "Aarhus", 0, &o, &c, &err),
                     SPOR_OK);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.groups[0].res.n, 1);
    assert_int_equal(c.groups[0].count, 2);
    spor_comparison_free(&c);
    assert_int_equal(spor_compare(ix, "hjemløse", " , ", 0, &o, &c, &err),
                     SPOR_EQUERY);
}

static void test_compare_chosen_places(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_comparison c;
    spor_err err;
    /* hjemløse: Aarhus 2, København 2, Odense 1; the two with most. */
    assert_int_equal(spor_compare(ix, "hjemløse", NULL, 2, &o, &c, &err),
                     SPOR_OK);
    assert_int_equal(c.n, 2);
    assert_string_equal(c.groups[0].place, "Aarhus");
    assert_string_equal(c.groups[1].place, "København");
    assert_int_equal(c.groups[0].count, 2);
    assert_int_equal(c.groups[1].count, 2);
    spor_comparison_free(&c);
    /* Gellerup's passage is about Aarhus too: the district is left out. */
    assert_int_equal(spor_compare(ix, "bydelsmødre", NULL, 0, &o, &c, &err),
                     SPOR_OK);
    assert_int_equal(c.n, 1);
    assert_string_equal(c.groups[0].place, "Aarhus");
    assert_int_equal(c.groups[0].count, 1);
    spor_comparison_free(&c);
}

static void test_compare_spelling(void **state)
{
    spor_index *ix = qf_index(state);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_comparison c;
    spor_err err;
    /* Nothing anywhere for what was typed: the correction, for all. */
    assert_int_equal(spor_compare(ix, "hjemlose", "Aarhus,Odense", 0, &o, &c,
                                  &err), SPOR_OK);
    assert_non_null(c.suggestion);
    assert_string_equal(c.suggestion, "hjemløse");
    assert_int_equal(c.corrected, 1);
    assert_int_equal(c.groups[0].count, 2);
    assert_int_equal(c.groups[1].count, 1);
    spor_comparison_free(&c);
    o.no_spelling = 1;
    assert_int_equal(spor_compare(ix, "hjemlose", "Aarhus,Odense", 0, &o, &c,
                                  &err), SPOR_OK);
    assert_null(c.suggestion);
    assert_int_equal(c.corrected, 0);
    assert_int_equal(c.groups[0].count + c.groups[1].count, 0);
    spor_comparison_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_in_turns),
        cmocka_unit_test(test_passage_once),
        cmocka_unit_test(test_facets_of_places_answer),
        cmocka_unit_test(test_plain_when_filtered_or_one_place),
        cmocka_unit_test(test_places_named),
        cmocka_unit_test(test_compare_given_places),
        cmocka_unit_test(test_compare_chosen_places),
        cmocka_unit_test(test_compare_spelling),
    };
    return cmocka_run_group_tests(tests, qf_setup, qf_teardown);
}
