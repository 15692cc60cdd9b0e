/* Tests of the Markdown reader: ATX and setext headings, code blocks kept
 * as text that is never a heading, inline markup stripped, tables as rows,
 * front matter, and line numbers untouched. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "spor/doc/formats.h"
#include "spor/doc/segment.h"

static const char DOC[] =
    "---\n"                                                     /* 1 */
    "title: \"Rapport om unge\"\n"                              /* 2 */
    "---\n"                                                     /* 3 */
    "Indledning\n"                                              /* 4 */
    "==========\n"                                              /* 5 */
    "\n"                                                        /* 6 */
    "Tekst med [et link](http://x.dk \"t\") og ![et billede](a.png), "
    "`kode_navn` og _kursiv_ og __fed__ og snake_case og \\*stjerne\\* "
    "og ~~slettet~~ og <span>html</span> og &amp; og <https://kl.dk>.\n" /* 7 */
    "\n"                                                        /* 8 */
    "## Fremskudt beskæftigelse ##\n"                           /* 9 */
    "\n"                                                        /* 10 */
    "```sh\n"                                                   /* 11 */
    "# ikke en overskrift\n"                                    /* 12 */
    "echo hjemløse\n"                                           /* 13 */
    "```\n"                                                     /* 14 */
    "\n"                                                        /* 15 */
    "| By | Antal |\n"                                          /* 16 */
    "|----|------:|\n"                                          /* 17 */
    "| Aarhus | 12 |\n"                                         /* 18 */
    "\n"                                                        /* 19 */
    "> Citat om [efterværn][ref].\n"                            /* 20 */
    "\n"                                                        /* 21 */
    "[ref]: http://example.com\n"                               /* 22 */
    "<!-- en kommentar\n"                                       /* 23 */
    "over to linjer -->\n"                                      /* 24 */
    "Resultater\n"                                              /* 25 */
    "----------\n"                                              /* 26 */
    "\n"                                                        /* 27 */
    "    # indrykket kode\n";                                   /* 28 */

static void read_doc(rd_doc *d)
{
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(rd_parse_markdown(DOC, sizeof DOC - 1, "a.md", d, &e),
                     SPOR_OK);
    assert_int_equal(d->n_lines, 28);
    for (size_t i = 0; i < d->n_lines; i++)
        assert_int_equal(d->lines[i].lineno, i + 1);
}

static void expect(const rd_doc *d, unsigned lineno, const char *text,
                   rd_role role)
{
    const rd_line *l = &d->lines[lineno - 1];
    assert_string_equal(l->text, text);
    assert_int_equal(l->role, role);
}

static void test_lines(void **state)
{
    (void)state;
    rd_doc d;
    read_doc(&d);
    assert_string_equal(d.title, "Rapport om unge");
    for (unsigned i = 1; i <= 3; i++)
        expect(&d, i, "", RD_ROLE_GUESS);
    expect(&d, 4, "Indledning", RD_ROLE_HEADING);
    expect(&d, 5, "", RD_ROLE_GUESS);
    expect(&d, 7, "Tekst med et link og et billede, kode_navn og kursiv og "
                  "fed og snake_case og *stjerne* og slettet og html og & og "
                  "https://kl.dk.", RD_ROLE_GUESS);
    expect(&d, 9, "Fremskudt beskæftigelse", RD_ROLE_HEADING);
    expect(&d, 11, "", RD_ROLE_GUESS);
    expect(&d, 12, "# ikke en overskrift", RD_ROLE_TEXT);
    expect(&d, 13, "echo hjemløse", RD_ROLE_TEXT);
    expect(&d, 14, "", RD_ROLE_GUESS);
    expect(&d, 16, "By\tAntal", RD_ROLE_GUESS);
    expect(&d, 17, "", RD_ROLE_GUESS);
    expect(&d, 18, "Aarhus\t12", RD_ROLE_GUESS);
    expect(&d, 20, "Citat om efterværn.", RD_ROLE_GUESS);
    expect(&d, 22, "", RD_ROLE_GUESS);
    expect(&d, 23, "", RD_ROLE_GUESS);
    expect(&d, 24, "", RD_ROLE_GUESS);
    expect(&d, 25, "Resultater", RD_ROLE_HEADING);
    expect(&d, 26, "", RD_ROLE_GUESS);
    expect(&d, 28, "    # indrykket kode", RD_ROLE_TEXT);
    rd_doc_free(&d);
}

static void test_sections(void **state)
{
    (void)state;
    rd_doc d;
    read_doc(&d);
    seg_result r;
    spor_err e;
    assert_int_equal(seg_segment(&d, NULL, &r, &e), SPOR_OK);
    int code = 0, indented = 0;
    for (size_t i = 0; i < r.n_passages; i++) {
        const seg_passage *p = &r.passages[i];
        assert_null(strstr(p->text, "]("));
        assert_null(strstr(p->text, "```"));
        if (strstr(p->text, "ikke en overskrift")) {
            code = 1;
            assert_string_equal(p->section, "Fremskudt beskæftigelse");
            assert_int_equal(p->line_start, 12);
        }
        if (strstr(p->text, "indrykket kode")) {
            indented = 1;
            assert_string_equal(p->section, "Resultater");
        }
        assert_string_not_equal(p->section, "ikke en overskrift");
    }
    assert_true(code);
    assert_true(indented);
    assert_string_equal(r.title, "Indledning");
    seg_result_free(&r);
    rd_doc_free(&d);
}

/* A rule under a paragraph line that follows text is not a heading. */
static void test_rule_after_paragraph(void **state)
{
    (void)state;
    const char md[] = "Første linje\nanden linje\n---\n\nEfter.\n";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_parse_markdown(md, sizeof md - 1, "b.md", &d, &e),
                     SPOR_OK);
    for (size_t i = 0; i < d.n_lines; i++)
        assert_int_not_equal(d.lines[i].role, RD_ROLE_HEADING);
    assert_null(d.title);
    rd_doc_free(&d);
}

/* Links nested as deep as the input goes keep their innermost text: the
 * reader must not recurse on input depth (100,000 nested '[' overflowed
 * the C stack and crashed the indexer). */
static void test_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 100000 };
    char *md = malloc(2 * DEPTH + 3);
    assert_non_null(md);
    memset(md, '[', DEPTH);
    md[DEPTH] = 'x';
    memset(md + DEPTH + 1, ']', DEPTH);
    md[2 * DEPTH + 1] = '\n';
    md[2 * DEPTH + 2] = '\0';
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_parse_markdown(md, 2 * DEPTH + 2, "deep.md", &d, &e),
                     SPOR_OK);
    assert_int_equal(d.n_lines, 1);
    assert_string_equal(d.lines[0].text, "x");
    rd_doc_free(&d);
    free(md);
}

/* Brackets, parentheses and '<' that never close are text, and a link
 * after them still loses its address. */
static void test_unclosed_marks(void **state)
{
    (void)state;
    const char md[] = "a [b (c <d [e](http://x) f] g\n";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_parse_markdown(md, sizeof md - 1, "u.md", &d, &e),
                     SPOR_OK);
    assert_string_equal(d.lines[0].text, "a b (c <d e f g");
    rd_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines),
        cmocka_unit_test(test_sections),
        cmocka_unit_test(test_rule_after_paragraph),
        cmocka_unit_test(test_deep_nesting),
        cmocka_unit_test(test_unclosed_marks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
