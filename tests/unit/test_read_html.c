/* Tests of the HTML reader: what is dropped (head, scripts, styles,
 * navigation, hidden parts), what becomes headings, rows and paragraphs,
 * entities and encodings, source line numbers; and real pages from
 * Debian's Danish GIMP and LibreOffice help. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "need_file.h"
#include "spor/doc/formats.h"
#include "spor/doc/segment.h"

#define GIMP_PAGE "/usr/share/gimp/2.0/help/da/gimp-tool-crop.html"
#define LO_PAGE "/usr/share/libreoffice/help/da/text/swriter/guide/auto_off.html"

static const char PAGE[] =
    "<!DOCTYPE html>\n"                                             /* 1 */
    "<html><head><title>Hjemløse &amp;\n  unge</title>\n"          /* 2-3 */
    "<style>p { color: red }</style><script>var x = 'skjult';</script>\n"
    "</head>\n"                                                     /* 5 */
    "<body><nav><a href='/'>Forside</a></nav>\n"                    /* 6 */
    "<header><p>Sidehoved</p></header>\n"                          /* 7 */
    "<main>\n"                                                      /* 8 */
    "<h1>Indsatser for unge</h1>\n"                                /* 9 */
    "<p>Fremskudt beskæftigelse i\n"                               /* 10 */
    "Aarhus &aelig;&oslash;&aring; &#229; &#x00E6;.</p>\n"        /* 11 */
    "<ul><li>Første punkt</li>\n<li>Andet <b>punkt</b></li></ul>\n" /* 12-13 */
    "<div class=\"breadcrumbs\">Hjem › Sider</div>\n"              /* 14 */
    "<div hidden>Skjult tekst</div><p style='display: none'>Usynlig</p>\n"
    "<div role=\"navigation\">Menu</div>\n"                        /* 16 */
    "<h2>Resultater</h2>\n"                                        /* 17 */
    "<table><tr><th>By</th><th>Antal</th></tr>\n"                  /* 18 */
    "<tr><td>Aarhus</td><td>12</td></tr></table>\n"                /* 19 */
    "<pre>linje et\nlinje to</pre>\n"                              /* 20-21 */
    "<article><header><h3>Artikelhoved</h3></header>"
    "<p>Artikeltekst.</p></article>\n"                             /* 22 */
    "<script>document.write('skjult')</script>\n"
    "</main><footer>Sidefod</footer></body></html>\n";

static void parse(const char *html, size_t len, rd_doc *d)
{
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(rd_parse_html(html, len, "side.html", d, &e), SPOR_OK);
}

static const rd_line *find_line(const rd_doc *d, const char *text)
{
    for (size_t i = 0; i < d->n_lines; i++)
        if (!strcmp(d->lines[i].text, text))
            return &d->lines[i];
    return NULL;
}

static int anywhere(const rd_doc *d, const char *needle)
{
    for (size_t i = 0; i < d->n_lines; i++)
        if (strstr(d->lines[i].text, needle))
            return 1;
    return 0;
}

static void test_dropped_parts(void **state)
{
    (void)state;
    rd_doc d;
    parse(PAGE, sizeof PAGE - 1, &d);
    static const char *const gone[] = {
        "skjult", "color", "Forside", "Sidehoved", "Hjem", "Skjult tekst",
        "Usynlig", "Menu", "Sidefod", "Hjemløse"};
    for (size_t i = 0; i < sizeof gone / sizeof *gone; i++)
        if (anywhere(&d, gone[i]))
            fail_msg("'%s' should have been dropped", gone[i]);
    rd_doc_free(&d);
}

static void test_structure(void **state)
{
    (void)state;
    rd_doc d;
    parse(PAGE, sizeof PAGE - 1, &d);
    assert_true(d.structured);
    assert_string_equal(d.title, "Hjemløse & unge");
    const rd_line *l = find_line(&d, "Indsatser for unge");
    assert_non_null(l);
    assert_int_equal(l->role, RD_ROLE_HEADING);
    assert_int_equal(l->lineno, 9);
    /* Entities decoded, the source line break a blank. */
    l = find_line(&d, "Fremskudt beskæftigelse i Aarhus æøå å æ.");
    assert_non_null(l);
    assert_int_equal(l->role, RD_ROLE_TEXT);
    assert_int_equal(l->lineno, 10);
    /* The line cites its source line's bytes. */
    assert_int_equal(l->src_len, strlen("<p>Fremskudt beskæftigelse i"));
    assert_memory_equal(PAGE + l->src_off, "<p>Fremskudt", 12);
    assert_non_null(find_line(&d, "\xE2\x80\xA2 Første punkt"));
    assert_non_null(find_line(&d, "\xE2\x80\xA2 Andet punkt"));
    assert_non_null(find_line(&d, "By\tAntal"));
    assert_non_null(find_line(&d, "Aarhus\t12"));
    assert_non_null(find_line(&d, "linje et"));
    assert_non_null(find_line(&d, "linje to"));
    /* A header inside an article is the article's, not the site's. */
    l = find_line(&d, "Artikelhoved");
    assert_non_null(l);
    assert_int_equal(l->role, RD_ROLE_HEADING);

    seg_result r;
    spor_err e;
    assert_int_equal(seg_segment(&d, NULL, &r, &e), SPOR_OK);
    int first = 0, second = 0;
    for (size_t i = 0; i < r.n_passages; i++) {
        const seg_passage *p = &r.passages[i];
        assert_int_equal(p->page_start, 0);
        if (!strcmp(p->section, "Indsatser for unge") &&
            strstr(p->text, "Fremskudt beskæftigelse i Aarhus"))
            first = 1;
        if (!strcmp(p->section, "Resultater") && strstr(p->text, "Aarhus"))
            second = 1;
    }
    assert_true(first);
    assert_true(second);
    seg_result_free(&r);
    rd_doc_free(&d);
}

static void test_encodings(void **state)
{
    (void)state;
    rd_doc d;
    /* Declared Latin-1. */
    const char latin1[] = "<html><head><meta charset=\"iso-8859-1\"></head>"
                          "<body><p>K\xF8" "benhavn og \xC6r\xF8</p></body>"
                          "</html>";
    parse(latin1, sizeof latin1 - 1, &d);
    assert_non_null(find_line(&d, "København og Ærø"));
    rd_doc_free(&d);
    /* Undeclared, but UTF-8: read as UTF-8, not as Latin-1. */
    const char utf8[] = "<html><body><p>Kø og Ærø</p></body></html>";
    parse(utf8, sizeof utf8 - 1, &d);
    assert_non_null(find_line(&d, "Kø og Ærø"));
    assert_int_equal(d.n_invalid, 0);
    rd_doc_free(&d);
}

static void test_broken_and_empty(void **state)
{
    (void)state;
    rd_doc d;
    parse("", 0, &d);
    assert_int_equal(d.n_lines, 0);
    rd_doc_free(&d);
    const char broken[] = "<html><p>ulukket <b>fed <i>tekst</p><div>mere";
    parse(broken, sizeof broken - 1, &d);
    assert_non_null(find_line(&d, "ulukket fed tekst"));
    assert_non_null(find_line(&d, "mere"));
    rd_doc_free(&d);
}

/* The line in the file at path that holds needle (1-based), or 0. */
static unsigned source_line_of(const char *path, const char *needle)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char buf[8192];
    unsigned n = 0, found = 0;
    while (!found && fgets(buf, sizeof buf, f)) {
        n++;
        if (strstr(buf, needle))
            found = n;
    }
    fclose(f);
    return found;
}

static void test_gimp_help(void **state)
{
    (void)state;
    need_file(GIMP_PAGE, "gimp-help-da");
    rd_doc d;
    spor_err e;
    assert_int_equal(fmt_read_any(GIMP_PAGE, &d, &e), SPOR_OK);
    assert_string_equal(d.title, "4.4. Beskær");
    /* DocBook's navigation header and footer are dropped. */
    assert_false(anywhere(&d, "Transform Tools"));
    assert_false(anywhere(&d, "4.5. Rotér"));
    assert_false(anywhere(&d, "Report a bug"));
    const rd_line *h = find_line(&d, "4.4.3. Værktøjsindstillinger");
    assert_non_null(h);
    assert_int_equal(h->role, RD_ROLE_HEADING);
    int found = 0;
    for (size_t i = 0; i < d.n_lines; i++)
        if (!strncmp(d.lines[i].text, "The Crop Tool is used to crop", 29)) {
            found = 1;
            assert_int_equal(d.lines[i].lineno,
                             source_line_of(GIMP_PAGE, "The Crop Tool is used"));
        }
    assert_true(found);
    for (size_t i = 0; i < d.n_lines; i++)
        assert_null(strchr(d.lines[i].text, '<'));
    rd_doc_free(&d);
}

static void test_libreoffice_help(void **state)
{
    (void)state;
    need_file(LO_PAGE, "libreoffice-help-da");
    rd_doc d;
    spor_err e;
    assert_int_equal(fmt_read_any(LO_PAGE, &d, &e), SPOR_OK);
    assert_string_equal(d.title, "Deaktivering af Autokorrektur");
    /* The page chrome (logo header, side panels with the search box and
     * contents, the debug footer) is dropped. */
    assert_false(anywhere(&d, "Indholdsfortegnelse"));
    assert_false(anywhere(&d, "Help content debug info"));
    assert_false(anywhere(&d, "Modul"));
    const rd_line *h = find_line(&d, "For at fjerne et ord fra "
                                     "Autokorrekturlisten");
    assert_non_null(h);
    assert_int_equal(h->role, RD_ROLE_HEADING);
    assert_non_null(find_line(&d, "\xE2\x80\xA2 Klik på Slet."));
    rd_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dropped_parts),
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_encodings),
        cmocka_unit_test(test_broken_and_empty),
        cmocka_unit_test(test_gimp_help),
        cmocka_unit_test(test_libreoffice_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
