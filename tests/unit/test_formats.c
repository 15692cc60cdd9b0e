/* Tests of format detection: content before name, the name where the
 * bytes say nothing, and what a folder walk takes for a document. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "spor/doc/formats.h"

static void test_detect(void **state)
{
    (void)state;
    const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n";
    const char junk_pdf[] = "\r\n\r\n%PDF-1.4\n";
    const char html[] = "\xEF\xBB\xBF  <!DOCTYPE HTML>\n<html>";
    const char xhtml[] = "<?xml version=\"1.0\"?>\n<!-- x -->\n<!DOCTYPE "
                         "html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\">";
    const char bare[] = "\n<html lang=da><body>";
    const char text[] = "Rapport om <html> i tekst\n";
    const char png[] = "\x89PNG\r\n\x1a\n";
    assert_int_equal(fmt_detect("a.txt", pdf, sizeof pdf - 1), FMT_PDF);
    assert_int_equal(fmt_detect(NULL, junk_pdf, sizeof junk_pdf - 1),
                     FMT_PDF);
    assert_int_equal(fmt_detect("a.md", html, sizeof html - 1), FMT_HTML);
    assert_int_equal(fmt_detect("a", xhtml, sizeof xhtml - 1), FMT_HTML);
    assert_int_equal(fmt_detect("a", bare, sizeof bare - 1), FMT_HTML);
    assert_int_equal(fmt_detect("a.txt", text, sizeof text - 1),
                     FMT_TEXT);
    assert_int_equal(fmt_detect("a", text, sizeof text - 1), FMT_UNKNOWN);
    assert_int_equal(fmt_detect("a.html", png, sizeof png - 1),
                     FMT_OTHER);
    assert_int_equal(fmt_detect("dir.d/README.MD", "x", 1),
                     FMT_MARKDOWN);
    assert_int_equal(fmt_detect("side.HTM", "x", 1), FMT_HTML);
    assert_int_equal(fmt_detect("a.pdf", "", 0), FMT_PDF);
    assert_int_equal(fmt_detect(".md", "x", 1), FMT_UNKNOWN);
    assert_string_equal(fmt_name(FMT_PDF), "pdf");
}

static void write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

static void test_is_document_and_refusal(void **state)
{
    (void)state;
    char dir[128], p[256];
    snprintf(dir, sizeof dir, "/tmp/spor_test_formats_%ld", (long)getpid());
    snprintf(p, sizeof p, "%s.pdfdownload", dir);
    write_file(p, "%PDF-1.4\n", 9);
    assert_true(fmt_is_document(p)); /* by content */
    unlink(p);
    snprintf(p, sizeof p, "%s.css", dir);
    write_file(p, "p { color: red }\n", 17);
    assert_false(fmt_is_document(p));
    unlink(p);
    snprintf(p, sizeof p, "%s.md", dir);
    write_file(p, "# Overskrift\n", 13);
    assert_true(fmt_is_document(p)); /* by name */
    unlink(p);
    snprintf(p, sizeof p, "%s.txt", dir);
    write_file(p, "\x89PNG\r\n\x1a\n\0\0", 10);
    rd_doc d;
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(fmt_read_any(p, &d, &e), SPOR_EBINARY);
    assert_non_null(strstr(e.msg, p));
    assert_non_null(strstr(e.msg, "PNG image"));
    unlink(p);
    assert_false(fmt_is_document("/nonexistent/spor/file"));
    assert_int_equal(fmt_read_any("/nonexistent/spor/file.pdf", &d, &e),
                     SPOR_EIO);
    assert_non_null(strstr(e.msg, "/nonexistent/spor/file.pdf"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_is_document_and_refusal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
