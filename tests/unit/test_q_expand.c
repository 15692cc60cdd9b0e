/* Tests of the query expansion (qbuild.c and qb_*.c): what qb_expand makes
 * of a parsed query word or phrase over a small index, read from the
 * Xapian query's description and the --explain items: a word's stem,
 * exact form and compound-part terms; a compound the corpus lacks reaching
 * its parts; two words typed apart reaching the word the reports write
 * closed; a phrase in any inflection; the verb behind an -ing noun;
 * synonyms (and none when they are off); a place's tag; a number for a
 * quantity word; the word a typo meant; and filter terms left alone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "test_q_fixture.h"

#include "index_priv.h"
#include "placename.h"
#include "qbuild.h"

typedef struct expansion {
    char *desc;     /* Xapian's description of the expanded query */
    qb_explain ex;  /* the ways each word matches */
} expansion;

/* query (normalised already) parsed as prep_parse parses it and expanded
 * with synonyms on or off and the typos given. */
static void expand(spor_index *ix, const char *query, int synonyms,
                   const qb_typo *typos, size_t n_typos, expansion *out)
{
    xc_query *parsed = NULL, *q = NULL;
    xc_error xe;
    spor_err err;
    memset(out, 0, sizeof *out);
    if (xc_qparser_parse(ix->qp, query, XC_QP_DEFAULT | XC_QP_PURE_NOT,
                         &parsed, &xe) != XC_OK)
        fail_msg("parse %s: %s", query, xe.msg);
    qb_context c = {ix->db, ix->stemmer, ix->stops, {synonyms}, &out->ex,
                    NULL, ix->gaz, typos, n_typos, query, NULL};
    spor_err_clear(&err);
    if (qb_expand(&c, parsed, &q, &err) != SPOR_OK)
        fail_msg("qb_expand %s: %s", query, err.msg);
    xc_query_free(parsed);
    assert_int_equal(xc_query_describe(q, &out->desc, &xe), XC_OK);
    xc_query_free(q);
}

static void expansion_free(expansion *e)
{
    free(e->desc);
    qb_explain_free(&e->ex);
}

/* 1 when word matches in the way kind (an explain item). */
static int has_kind(const expansion *e, const char *word, const char *kind)
{
    for (size_t i = 0; i < e->ex.n; i++)
        if (!strcmp(e->ex.items[i].word, word) &&
            !strcmp(e->ex.items[i].kind, kind))
            return 1;
    return 0;
}

static void assert_desc_has(const expansion *e, const char *part)
{
    if (!strstr(e->desc, part))
        fail_msg("'%s' not in %s", part, e->desc);
}

static void assert_desc_lacks(const expansion *e, const char *part)
{
    if (strstr(e->desc, part))
        fail_msg("'%s' in %s", part, e->desc);
}

/* The text of the first hit of a plain search for query. */
static char *first_hit(spor_index *ix, const char *query)
{
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    spor_err err;
    assert_int_equal(spor_search(ix, query, &o, &r, &err), SPOR_OK);
    assert_true(r.n > 0);
    char *t = strndup(r.hits[0].rec.text, r.hits[0].rec.text_len);
    spor_results_free(&r);
    return t;
}

static void test_plain_word(void **state)
{
    expansion e;
    expand(qf_index(state), "ledige", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "ledige", "stem"));
    assert_true(has_kind(&e, "ledige", "exact"));
    assert_true(has_kind(&e, "ledige", "in compound"));
    assert_true(has_kind(&e, "ledige", QB_KIND_HEADING));
    assert_true(has_kind(&e, "ledige", "in title"));
    assert_false(has_kind(&e, "ledige", "its parts"));
    /* Any inflection through the stem, the form typed weighted half. */
    assert_desc_has(&e, "Zled OR 0.5 * ledige OR 0.5 * Cled");
    expansion_free(&e);
}

static void test_compound_reaches_parts(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    /* Not in the corpus: split over the index's own words. */
    expand(ix, "hjemløsetælling", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "hjemløsetælling", "its parts"));
    assert_desc_has(&e, "(Zhjemløs OR Chjemløs) AND (Ztælling OR Ctælling)");
    expansion_free(&e);
    /* So the passage with both parts comes first. */
    char *t = first_hit(ix, "hjemløsetælling");
    assert_non_null(strstr(t, "En tælling viste"));
    free(t);
    /* A corpus word without a stored split is not taken apart. */
    expand(ix, "hjemløshed", 1, NULL, 0, &e);
    assert_false(has_kind(&e, "hjemløshed", "its parts"));
    expansion_free(&e);
}

static void test_words_apart_reach_joined(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    expand(ix, "job center", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "job", "joined"));
    assert_true(has_kind(&e, "center", "joined"));
    assert_desc_has(&e, "0.5 * (Zjobcent OR 0.5 * Cjobcent)");
    expansion_free(&e);
    /* Words the index does not write together stay apart. */
    expand(ix, "job hjemløse", 1, NULL, 0, &e);
    assert_false(has_kind(&e, "job", "joined"));
    expansion_free(&e);
    /* A hyphenated or quoted pair is the closed word too. */
    expand(ix, "\"job center\"", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "job center", "joined"));
    assert_desc_has(&e, "Zjobcent");
    expansion_free(&e);
}

static void test_phrase_any_inflection(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    /* The corpus says "fast bolig". */
    expand(ix, "\"faste boliger\"", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "faste boliger", "phrase, inflected"));
    assert_true(has_kind(&e, "faste boliger", "phrase"));
    assert_desc_has(&e, "(fast PHRASE 2 bolig)");
    assert_desc_has(&e, "0.5 * (faste PHRASE 2 boliger)");
    expansion_free(&e);
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    spor_err err;
    assert_int_equal(spor_search(ix, "\"faste boliger\"", &o, &r, &err),
                     SPOR_OK);
    assert_int_equal(r.n, 1);
    assert_false(r.hits[0].apart);
    assert_non_null(strstr(r.hits[0].rec.text, "fast bolig"));
    spor_results_free(&r);
    /* A phrase whose words have no other forms stays as typed. */
    expand(ix, "\"fast bolig\"", 1, NULL, 0, &e);
    assert_false(has_kind(&e, "fast bolig", "phrase, inflected"));
    assert_true(has_kind(&e, "fast bolig", "phrase"));
    expansion_free(&e);
}

static void test_derived_forms(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    /* The -ing noun reaches its verb ("rekrutterer" in the corpus). */
    expand(ix, "rekruttering", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "rekruttering", "derived"));
    assert_desc_has(&e, "0.2999999999999999889 * Zrekrut");
    expansion_free(&e);
    char *t = first_hit(ix, "rekruttering");
    assert_non_null(strstr(t, "rekrutterer"));
    free(t);
}

static void test_synonyms(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    /* The domain list: hjemløs, husvild, boligløs ("husvild" alone is in
     * the corpus); "hjemløse" looks up its base form. */
    expand(ix, "hjemløse", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "hjemløse", "synonym"));
    assert_desc_has(&e, "0.2999999999999999889 * husvild");
    assert_desc_lacks(&e, "boligløs");
    expansion_free(&e);
    expand(ix, "hjemløse", 0, NULL, 0, &e);
    assert_false(has_kind(&e, "hjemløse", "synonym"));
    assert_desc_lacks(&e, "husvild");
    expansion_free(&e);
    /* Through the search: the synonym's passage is found, and not with
     * synonyms off. */
    spor_search_opts o;
    spor_search_opts_default(&o);
    spor_results r;
    spor_err err;
    int found[2] = {0, 0};
    for (int off = 0; off <= 1; off++) {
        o.no_synonyms = off;
        assert_int_equal(spor_search(ix, "hjemløse", &o, &r, &err), SPOR_OK);
        for (size_t i = 0; i < r.n; i++)
            found[off] |= strstr(r.hits[i].rec.text, "husvild") != NULL;
        spor_results_free(&r);
    }
    assert_true(found[0]);
    assert_false(found[1]);
}

static void test_place_and_number(void **state)
{
    spor_index *ix = qf_index(state);
    expansion e;
    expand(ix, "odense", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "odense", "place tag"));
    assert_desc_has(&e, "FILTER Podense");
    expansion_free(&e);
    expand(ix, "antal hjemløse", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "antal", "a number"));
    assert_false(has_kind(&e, "hjemløse", "a number"));
    assert_false(has_kind(&e, "hjemløse", "place tag"));
    expansion_free(&e);
}

/* A place name under +, -, NOT or AND, or in a phrase, is the word alone;
 * beside them, free, it keeps its place tag. */
static void test_place_under_operator(void **state)
{
    spor_index *ix = qf_index(state);
    const char *held[] = {"hjemløse -odense", "hjemløse NOT odense",
                          "+odense hjemløse", "odense AND hjemløse",
                          "hjemløse AND odense", "NOT (odense OR aarhus)",
                          "-\"odense kommune\"", "hjemløse AND NOT odense"};
    expansion e;
    for (size_t i = 0; i < sizeof held / sizeof *held; i++) {
        expand(ix, held[i], 1, NULL, 0, &e);
        if (has_kind(&e, "odense", "place tag"))
            fail_msg("place tag in '%s'", held[i]);
        assert_desc_lacks(&e, "Podense");
        expansion_free(&e);
    }
    expand(ix, "odense -hjemløse OR aarhus", 1, NULL, 0, &e);
    assert_true(has_kind(&e, "odense", "place tag"));
    assert_true(has_kind(&e, "aarhus", "place tag"));
    expansion_free(&e);
}

typedef struct stretches {
    char text[256];
} stretches;

/* pn_stretch_fn: "[held]" or "<free>" for each stretch, in order. */
static spor_status note_stretch(void *ctx, const char *s, size_t len,
                                int held)
{
    stretches *st = ctx;
    size_t at = strlen(st->text);
    snprintf(st->text + at, sizeof st->text - at, "%c%.*s%c",
             held ? '[' : '<', (int)len, s, held ? ']' : '>');
    return SPOR_OK;
}

static void test_stretches(void **state)
{
    (void)state;
    const char *cases[][2] = {
        {"hjemløse københavn aarhus", "<hjemløse københavn aarhus>"},
        {"+urbanplanen -amager", "[+urbanplanen -amager]"},
        {"urbanplanen NOT københavn", "<urbanplanen>[NOT københavn]"},
        {"a b AND c d", "<a>[b AND c]<d>"},
        {"x \"i københavn\" aarhus", "<x>[\"i københavn\"]<aarhus>"},
        {"-(amager OR valby) unge", "[-(amager OR valby)]<unge>"},
        {"NOT (amager OR valby)", "[NOT (amager OR valby)]"},
        {"(amager OR valby) unge", "<(amager OR valby) unge>"},
        {"nord-amager - x", "<nord-amager - x>"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        stretches st = {""};
        assert_int_equal(pn_each_stretch(cases[i][0], note_stretch, &st),
                         SPOR_OK);
        assert_string_equal(st.text, cases[i][1]);
    }
    int held = 0;
    assert_int_equal(pn_word_held("unge -København", "københavn",
                                  strlen("københavn"), &held),
                     SPOR_OK);
    assert_true(held);
    assert_int_equal(pn_word_held("-københavnske københavn", "københavn",
                                  strlen("københavn"), &held), SPOR_OK);
    assert_false(held);
}

static void test_typo_meant(void **state)
{
    spor_index *ix = qf_index(state);
    qb_typo ty = {"hjemlose", "hjemløse"};
    expansion e;
    expand(ix, "hjemlose", 1, &ty, 1, &e);
    assert_true(has_kind(&e, "hjemlose", "spelling"));
    assert_desc_has(&e, "Zhjemløs");
    expansion_free(&e);
    expand(ix, "hjemlose", 1, NULL, 0, &e);
    assert_false(has_kind(&e, "hjemlose", "spelling"));
    assert_desc_lacks(&e, "Zhjemløs");
    expansion_free(&e);
}

static void test_filter_terms_untouched(void **state)
{
    expansion e;
    expand(qf_index(state), "hjemløse sted:odense år:2021", 1, NULL, 0, &e);
    assert_desc_has(&e, "FILTER (Podense AND Y2021)");
    assert_desc_lacks(&e, "ZPodense");
    for (size_t i = 0; i < e.ex.n; i++)
        assert_string_equal(e.ex.items[i].word, "hjemløse");
    expansion_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_word),
        cmocka_unit_test(test_compound_reaches_parts),
        cmocka_unit_test(test_words_apart_reach_joined),
        cmocka_unit_test(test_phrase_any_inflection),
        cmocka_unit_test(test_derived_forms),
        cmocka_unit_test(test_synonyms),
        cmocka_unit_test(test_place_and_number),
        cmocka_unit_test(test_place_under_operator),
        cmocka_unit_test(test_stretches),
        cmocka_unit_test(test_typo_meant),
        cmocka_unit_test(test_filter_terms_untouched),
    };
    return cmocka_run_group_tests(tests, qf_setup, qf_teardown);
}
