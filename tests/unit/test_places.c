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
    seg_result r = {ps, 0, NULL, NULL, 0};
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
    /* Not carried on from an earlier section (sections without an outline
     * are all at the top): the document's few places. */
    assert_string_equal(tags[5], "Aarhus,Amsterdam,Gotham");
    pl_tags_free(tags, r.n_passages);
}

static void test_overview_sections_pass_nothing_on(void **state)
{
    (void)state;
    seg_passage ps[4];
    seg_result r = {ps, 0, NULL, NULL, 0};
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

/* Tags every passage of r (with doc_places) into tags. */
static char **tag(seg_result *r, const char *doc_places)
{
    char **tags = NULL;
    spor_err e;
    assert_int_equal(pl_tag_segments(gaz, r, doc_places, "", &tags, &e),
                     SPOR_OK);
    return tags;
}

/* A colophon's address, a table of contents and a publisher line tag
 * nothing, and a national report passes no places down. */
static void test_addresses_and_contents_tag_nothing(void **state)
{
    (void)state;
    seg_passage ps[6];
    seg_result r = {ps, 0, NULL, NULL, 0};
    add_passage(&r, "", "Beskæftigelse i boligområder\n© KL\nKL\n"
                "Weidekampsgade 10\n2300 København S\nTlf. 3370 3370\n"
                "kl@kl.dk\nISBN 978-87-93950-26-9-pdf");
    add_passage(&r, "Indhold", "FORORD | 4\nJOBPLANETEN I KØGE | 10\n"
                "SUNDPARKEN I HORSENS | 16\nBYG TIL VÆKST I ODENSE | 24");
    add_passage(&r, "Indhold", "Forord ..... 4\nKøge ..... 10\n"
                "Aalborg ..... 26");
    add_passage(&r, "Forord", "Rapporten samler erfaringer fra hele landet.");
    add_passage(&r, "Jobplaneten", "Udgivet af Greve Kommune\n"
                "Jobplaneten hjælper unge i Køge.");
    add_passage(&r, "Kontakt", "Anne Hansen, Rådhuspladsen 2, 8000 Aarhus C");
    char **tags = tag(&r, "Køge,København,Horsens,Aabenraa,Greve,Odense");
    /* Only the passage's own prose line names a place. */
    const char *want[] = {"", "", "", "", "Køge", ""};
    for (size_t i = 0; i < r.n_passages; i++)
        assert_string_equal(tags[i], want[i]);
    pl_tags_free(tags, r.n_passages);
}

/* Prose that merely has a number before a name, or a year, still counts. */
static void test_prose_is_not_an_address(void **state)
{
    (void)state;
    seg_passage ps[2];
    seg_result r = {ps, 0, NULL, NULL, 0};
    add_passage(&r, "Resultater", "I 2018 fik 40 unge job i Horsens.");
    add_passage(&r, "Tabel", "Horsens | 12 | 14 | 18\nKøge | 3 | 5 | 9\n"
                "Greve | 2 | 4 | 1");
    char **tags = tag(&r, "");
    assert_string_equal(tags[0], "Horsens");
    assert_string_equal(tags[1], "Horsens,Køge,Greve");
    pl_tags_free(tags, r.n_passages);
}

/* Inheritance follows the outline: from the section, then the sections
 * above it, never from an earlier sibling; then the document. */
static void test_inheritance_follows_outline(void **state)
{
    (void)state;
    seg_heading hs[5] = {
        {(char *)"Besøg i Zuidoost", 0}, {(char *)"Baggrund", 1},
        {(char *)"Hjemløse", 0}, {(char *)"Forord", 0},
        {(char *)"Program", 4}};
    seg_passage ps[6];
    seg_result r = {ps, 0, NULL, hs, 5};
    const char *text[] = {"Indsatsen har fokus på unge.",
                          "Projektet startede i 2014.",
                          "Mødet handlede om herberger i London.",
                          "Rapporten samler erfaringer.",
                          "Vi mødtes klokken ti."};
    size_t heading[] = {1, 2, 3, 4, 5};
    for (size_t i = 0; i < 5; i++) {
        add_passage(&r, hs[heading[i] - 1].text, text[i]);
        ps[i].heading = heading[i];
    }
    char **tags = tag(&r, "Aarhus,Amsterdam,Zuidoost,København,London,Paris");
    assert_string_equal(tags[0], "Zuidoost,Amsterdam");
    /* From the section above it. */
    assert_string_equal(tags[1], "Zuidoost,Amsterdam");
    assert_string_equal(tags[2], "London");
    /* Not London, the section before it; the document names too many
     * places to pass them on. */
    assert_string_equal(tags[3], "");
    assert_string_equal(tags[4], "");
    pl_tags_free(tags, r.n_passages);
}

/* A section that names nothing itself passes on what its subsections
 * name. */
static void test_section_passes_subsections_places(void **state)
{
    (void)state;
    seg_heading hs[3] = {{(char *)"Besøg", 0}, {(char *)"Oplæg", 1},
                         {(char *)"Spørgsmål", 1}};
    seg_passage ps[3];
    seg_result r = {ps, 0, NULL, hs, 3};
    add_passage(&r, "Besøg", "Udvalget blev modtaget af direktøren.");
    add_passage(&r, "Oplæg", "Han arbejder i Saint-Denis.");
    add_passage(&r, "Spørgsmål", "Der blev spurgt til ressourcerne.");
    for (size_t i = 0; i < 3; i++)
        ps[i].heading = i + 1;
    char **tags = tag(&r, "");
    assert_string_equal(tags[0], "Saint-Denis,Paris");
    assert_string_equal(tags[2], "Saint-Denis,Paris");
    pl_tags_free(tags, r.n_passages);
}

/* An estate name found in several towns takes the town named nearby, in
 * its section or in the document, and none when nothing decides. */
static void test_ambiguous_names(void **state)
{
    (void)state;
    int id = pl_lookup(gaz, "Sundparken", 10);
    assert_true(id >= 0);
    const unsigned *towns = NULL;
    assert_int_equal(pl_towns(gaz, (unsigned)id, &towns), 2);
    assert_int_equal(pl_parent(gaz, (unsigned)id), -1);
    assert_string_equal(found("Sundparken", PL_FIND_TEXT), "Sundparken|");
    assert_string_equal(found("Sundparken i Horsens", PL_FIND_TEXT),
                        "Sundparken|Horsens|");
    seg_passage ps[5];
    seg_result r = {ps, 0, NULL, NULL, 0};
    add_passage(&r, "Fremskudt", "Sundparken i Horsens Kommune er udsat.");
    add_passage(&r, "Fremskudt", "Medarbejderne sidder i Sundparken.");
    add_passage(&r, "Netværk", "I Aalborg Kommune arbejder man med det.");
    add_passage(&r, "Netværk", "Kildeparken og Sundparken har mange ledige.");
    add_passage(&r, "Skurvognen", "Jobcentret holder til i Sundparken.");
    char **tags = tag(&r, "Horsens,Aalborg");
    assert_string_equal(tags[0], "Sundparken,Horsens");
    /* Its section names the town. */
    assert_string_equal(tags[1], "Sundparken,Horsens");
    assert_string_equal(tags[3], "Kildeparken,Aalborg,Sundparken");
    /* The document names both towns: nothing decides. */
    assert_string_equal(tags[4], "Sundparken");
    pl_tags_free(tags, r.n_passages);
    r.n_passages = 0;
    add_passage(&r, "Skurvognen", "Jobcentret holder til i Sundparken.");
    tags = tag(&r, "Horsens");
    assert_string_equal(tags[0], "Sundparken,Horsens");
    pl_tags_free(tags, r.n_passages);
    /* Every town must be listed above; the error names the missing one. */
    pl_gazetteer *g = NULL;
    spor_err e;
    const char *bad = "Horsens\tkommune\nSundparken\tbydel\tHorsens,Nowhere\n";
    assert_int_equal(pl_parse(bad, strlen(bad), "g.tsv", &g, &e),
                     SPOR_EINVAL);
    assert_non_null(strstr(e.msg, "'Nowhere'"));
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
        cmocka_unit_test(test_addresses_and_contents_tag_nothing),
        cmocka_unit_test(test_prose_is_not_an_address),
        cmocka_unit_test(test_inheritance_follows_outline),
        cmocka_unit_test(test_section_passes_subsections_places),
        cmocka_unit_test(test_ambiguous_names),
        cmocka_unit_test(test_malformed_gazetteer),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
