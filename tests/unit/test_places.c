/* Tests of place tagging: the bundled gazetteer, name matching in Danish
 * inflections and spellings, capitalisation rules, parents, and the
 * inheritance of places from section and document to passages. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/doc/places.h"

static pl_gazetteer *gaz;

static int setup(void **state)
{
    (void)state;
    spor_err e;
    return pl_load(SPOR_SOURCE_DIR "/" PL_GAZETTEER_FILE, &gaz, &e) ==
                   SPOR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    pl_free(gaz);
    return 0;
}

/* The places text names, as "A|B|" in the order found. */
static char *found(const char *text, int mode)
{
    static char buf[512];
    pl_set s = {0};
    assert_int_equal(pl_find(gaz, text, strlen(text), mode, &s), SPOR_OK);
    buf[0] = '\0';
    for (size_t i = 0; i < s.n; i++) {
        strncat(buf, pl_name(gaz, s.ids[i]), sizeof buf - strlen(buf) - 2);
        strcat(buf, "|");
    }
    pl_set_free(&s);
    return buf;
}

static void test_all_municipalities(void **state)
{
    (void)state;
    size_t kommuner = 0;
    /* Each municipality line says "kommune" in its kind field. */
    FILE *f = fopen(SPOR_SOURCE_DIR "/" PL_GAZETTEER_FILE, "r");
    assert_non_null(f);
    char line[1024];
    while (fgets(line, sizeof line, f))
        if (line[0] != '#' && strstr(line, "\tkommune"))
            kommuner++;
    fclose(f);
    assert_int_equal(kommuner, 98);
    assert_true(pl_lookup(gaz, "Aabenraa", 8) >= 0);
    assert_true(pl_lookup(gaz, "Vesthimmerland", 14) >= 0);
}

static void test_inflections_and_spellings(void **state)
{
    (void)state;
    assert_string_equal(found("I Københavns Kommune", PL_FIND_TEXT),
                        "København|");
    assert_string_equal(found("Århus og Aarhus", PL_FIND_TEXT), "Aarhus|");
    assert_string_equal(found("Londons parker", PL_FIND_TEXT), "London|");
    assert_string_equal(found("de københavnske herberger", PL_FIND_TEXT),
                        "København|");
    assert_string_equal(found("Malmø og Malmö", PL_FIND_TEXT), "Malmö|");
    /* Two-word names, with or without the hyphen. */
    assert_string_equal(found("bydelen Nieuw West", PL_FIND_TEXT),
                        "Nieuw-West|Amsterdam|");
    assert_string_equal(found("Høje Kolstrup", PL_FIND_TEXT),
                        "Høje Kolstrup|Aabenraa|");
}

static void test_capitals_and_common_words(void **state)
{
    (void)state;
    /* Proper names need their capital in running text, not in queries. */
    assert_string_equal(found("london", PL_FIND_TEXT), "");
    assert_string_equal(found("london", PL_FIND_ANY_CASE), "London|");
    /* "Vejen" is also "the road": not at a sentence start, not lower. */
    assert_string_equal(found("Vejen til job er lang.", PL_FIND_TEXT), "");
    assert_string_equal(found("vejen til job", PL_FIND_ANY_CASE), "");
    assert_string_equal(found("jobcentret i Vejen", PL_FIND_TEXT),
                        "Vejen|");
}

static void test_parents_and_towns(void **state)
{
    (void)state;
    assert_string_equal(found("Hobro", PL_FIND_TEXT), "Hobro|Mariagerfjord|");
    assert_string_equal(found("Zuidooost", PL_FIND_TEXT),
                        "Zuidoost|Amsterdam|");
    int id = pl_lookup(gaz, "Saint-Denis", 11);
    assert_true(id >= 0);
    assert_string_equal(pl_name(gaz, (unsigned)pl_parent(gaz, (unsigned)id)),
                        "Paris");
    assert_int_equal(pl_lookup(gaz, "Atlantis", 8), -1);
}

static void test_strip(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    const char *q = "hjemløshed amsterdam london";
    assert_int_equal(pl_strip(gaz, q, strlen(q), PL_FIND_ANY_CASE, &b),
                     SPOR_OK);
    assert_non_null(b.data);
    assert_string_equal(b.data, "hjemløshed  ");
    sbuf_free(&b);
}

static void add_passage(seg_result *r, const char *section, const char *text)
{
    seg_passage *p = &r->passages[r->n_passages++];
    memset(p, 0, sizeof *p);
    p->section = (char *)section;
    p->text = (char *)text;
    p->len = strlen(text);
}

static void test_inheritance(void **state)
{
    (void)state;
    seg_passage ps[8];
    seg_result r = {ps, 0, NULL};
    add_passage(&r, "Indledning", "Rapporten handler om beskæftigelse.");
    add_passage(&r, "Besøg i Zuidoost", "Indsatsen har fokus på unge.");
    add_passage(&r, "Besøg i Zuidoost", "Også i Aarhus kender man det.");
    add_passage(&r, "Hjemløse", "Mødet handlede om herberger i London.");
    add_passage(&r, "Hjemløse", "Der var fokus på de unge.");
    add_passage(&r, "Hvor vil vi hen?", "Vi vil gerne udvide tilbuddet.");
    char **tags = NULL;
    spor_err e;
    assert_int_equal(pl_tag_segments(gaz, &r, "Aarhus, Amsterdam, Gotham",
                                     "Studietur", &tags, &e),
                     SPOR_OK);
    /* No place anywhere near: the document's places, unknown ones kept. */
    assert_string_equal(tags[0], "Aarhus,Amsterdam,Gotham");
    /* The heading's district, and its city. */
    assert_string_equal(tags[1], "Zuidoost,Amsterdam");
    /* Its own place and the heading's. */
    assert_string_equal(tags[2], "Aarhus,Zuidoost,Amsterdam");
    assert_string_equal(tags[3], "London");
    /* Named by another passage of its section. */
    assert_string_equal(tags[4], "London");
    /* Carried on from the last section that named a place. */
    assert_string_equal(tags[5], "London");
    pl_tags_free(tags, r.n_passages);
}

static void test_overview_sections_pass_nothing_on(void **state)
{
    (void)state;
    seg_passage ps[4];
    seg_result r = {ps, 0, NULL};
    add_passage(&r, "Indhold", "Køge, Greve, Odense, Aalborg og Horsens.");
    add_passage(&r, "Forord", "Rapporten samler erfaringer.");
    char **tags = NULL;
    spor_err e;
    assert_int_equal(pl_tag_segments(gaz, &r, "Danmark", "", &tags, &e),
                     SPOR_OK);
    assert_string_equal(tags[0], "Køge,Greve,Odense,Aalborg,Horsens");
    assert_string_equal(tags[1], "Danmark");
    pl_tags_free(tags, r.n_passages);
}

static void test_malformed_gazetteer(void **state)
{
    (void)state;
    pl_gazetteer *g = NULL;
    spor_err e;
    const char *bad = "# places\nAmsterdam\tstorby\n\tby\tAmsterdam\n";
    assert_int_equal(pl_parse(bad, strlen(bad), "g.tsv", &g, &e),
                     SPOR_EINVAL);
    assert_non_null(strstr(e.msg, "g.tsv:3"));
    const char *orphan = "Zuidoost\tbydel\tAmsterdam\n";
    assert_int_equal(pl_parse(orphan, strlen(orphan), "g.tsv", &g, &e),
                     SPOR_EINVAL);
    assert_non_null(strstr(e.msg, "parent"));
    assert_int_equal(pl_load("/nonexistent/gazetteer.tsv", &g, &e),
                     SPOR_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent/gazetteer.tsv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_municipalities),
        cmocka_unit_test(test_inflections_and_spellings),
        cmocka_unit_test(test_capitals_and_common_words),
        cmocka_unit_test(test_parents_and_towns),
        cmocka_unit_test(test_strip),
        cmocka_unit_test(test_inheritance),
        cmocka_unit_test(test_overview_sections_pass_nothing_on),
        cmocka_unit_test(test_malformed_gazetteer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
