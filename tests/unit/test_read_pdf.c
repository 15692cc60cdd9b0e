/* Tests of the PDF reader: on a PDF typeset in the test from a report of
 * the bundled corpus (pdfmaker.h knows the page of every hyphenated word
 * and heading it set), and on Debian's Danish Debian Edu manual. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo.h>

#include "need_file.h"
#include "pdfmaker.h"
#include "spor/doc/formats.h"
#include "spor/doc/segment.h"

#define CORPUS_REPORT SPOR_SEEDS_DIR "/kbh-socialudvalget-studietur-2015.txt"
#define DEBIAN_EDU_PDF \
    "/usr/share/doc/debian-edu-doc-da/debian-edu-bookworm-manual.pdf"

typedef struct fixture {
    char path[256];
    pdfmaker_log log;
    rd_doc doc;
    seg_result seg;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    /* The PDF is named .txt on purpose: the reader is chosen by content. */
    snprintf(f->path, sizeof f->path, "/tmp/spor_test_pdf_%ld.txt",
             (long)getpid());
    char err[512];
    if (pdfmaker_render_file(CORPUS_REPORT, f->path, &f->log, err,
                             sizeof err) != 0) {
        fprintf(stderr, "cannot make the test PDF: %s\n", err);
        free(f);
        return -1;
    }
    spor_err e;
    spor_err_clear(&e);
    if (fmt_read_any(f->path, &f->doc, &e) != SPOR_OK ||
        seg_segment(&f->doc, NULL, &f->seg, &e) != SPOR_OK) {
        fprintf(stderr, "%s\n", e.msg);
        rd_doc_free(&f->doc);
        pdfmaker_log_free(&f->log);
        unlink(f->path);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!f)
        return 0; /* setup failed and said why */
    seg_result_free(&f->seg);
    rd_doc_free(&f->doc);
    pdfmaker_log_free(&f->log);
    unlink(f->path);
    free(f);
    return 0;
}

static void test_made_pdf_is_real_test(void **state)
{
    fixture *f = *state;
    /* Enough pages, breaks and headings for the tests below to mean
     * something. */
    assert_true(f->log.n_pages >= 10);
    assert_true(f->log.n_hyphens >= 50);
    assert_true(f->log.n_headings >= 20);
}

static void test_pages_and_title(void **state)
{
    fixture *f = *state;
    assert_non_null(f->doc.title);
    assert_string_equal(f->doc.title, PDFMAKER_TITLE);
    assert_true(f->doc.structured);
    unsigned last = 0;
    for (size_t i = 0; i < f->doc.n_lines; i++) {
        const rd_line *l = &f->doc.lines[i];
        assert_true(l->page >= 1 && l->page <= f->log.n_pages);
        assert_true(l->page >= last);
        last = l->page;
    }
    assert_int_equal(last, f->log.n_pages);
}

static void test_running_heads_dropped(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < f->doc.n_lines; i++) {
        const char *t = f->doc.lines[i].text;
        assert_null(strstr(t, PDFMAKER_RUNNING_HEAD));
        assert_false(!strncmp(t, "Side ", 5) && t[5] >= '0' && t[5] <= '9');
    }
}

/* Every hyphenated break is on the page the typesetter put it on... */
static void test_hyphen_lines_on_their_page(void **state)
{
    fixture *f = *state;
    for (size_t h = 0; h < f->log.n_hyphens; h++) {
        const pdfmaker_hyphen *hy = &f->log.hyphens[h];
        char tail[160];
        snprintf(tail, sizeof tail, " %s-", hy->left);
        size_t k = strlen(tail);
        int found = 0;
        for (size_t i = 0; i < f->doc.n_lines && !found; i++) {
            const rd_line *l = &f->doc.lines[i];
            found = l->page == hy->page && l->len >= k &&
                    !strcmp(l->text + l->len - k, tail);
        }
        if (!found)
            fail_msg("no line ending in '%s' on page %u", tail, hy->page);
    }
}

/* ...and the passages have the whole word back, citing that page. */
static void test_hyphens_repaired_in_passages(void **state)
{
    fixture *f = *state;
    for (size_t h = 0; h < f->log.n_hyphens; h++) {
        const pdfmaker_hyphen *hy = &f->log.hyphens[h];
        char broken[160];
        snprintf(broken, sizeof broken, "%s- ", hy->left);
        int whole_on_page = 0;
        for (size_t i = 0; i < f->seg.n_passages; i++) {
            const seg_passage *p = &f->seg.passages[i];
            assert_null(strstr(p->text, broken));
            if (strstr(p->text, hy->word) && p->page_start <= hy->page &&
                hy->page <= p->page_end)
                whole_on_page = 1;
        }
        if (!whole_on_page)
            fail_msg("'%s' (broken on page %u) is in no passage of that "
                     "page", hy->word, hy->page);
    }
}

static void test_headings_are_sections(void **state)
{
    fixture *f = *state;
    for (size_t h = 0; h < f->log.n_headings; h++) {
        const pdfmaker_heading *hd = &f->log.headings[h];
        int as_line = 0;
        for (size_t i = 0; i < f->doc.n_lines; i++) {
            const rd_line *l = &f->doc.lines[i];
            if (l->role == RD_ROLE_HEADING && !strcmp(l->text, hd->text) &&
                l->page == hd->page)
                as_line = 1;
        }
        if (!as_line)
            fail_msg("heading '%s' (page %u) not read as a heading", hd->text,
                     hd->page);
    }
    /* Body text is never a heading line. */
    size_t headings = 0;
    for (size_t i = 0; i < f->doc.n_lines; i++)
        headings += f->doc.lines[i].role == RD_ROLE_HEADING;
    assert_int_equal(headings, f->log.n_headings);
    /* Passages cite the heading above them as their section: every
     * section is a heading set in the PDF, and most headings have text. */
    size_t distinct = 0;
    for (size_t i = 0; i < f->seg.n_passages; i++) {
        const char *sec = f->seg.passages[i].section;
        int known = !*sec && i == 0;
        for (size_t h = 0; h < f->log.n_headings && !known; h++)
            known = !strcmp(sec, f->log.headings[h].text);
        if (!known)
            fail_msg("section '%s' is no heading of the PDF", sec);
        distinct += i == 0 || strcmp(sec, f->seg.passages[i - 1].section);
    }
    assert_true(distinct * 2 >= f->log.n_headings);
}

static void test_damaged_pdf(void **state)
{
    (void)state;
    const char junk[] = "%PDF-1.4\nthis is no PDF at all\n";
    rd_doc d;
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(rd_parse_pdf(junk, sizeof junk - 1, "junk.pdf", &d, &e),
                     SPOR_EINVAL);
    assert_non_null(strstr(e.msg, "junk.pdf"));
    assert_non_null(strstr(e.msg, "damaged"));
    assert_int_equal(d.n_lines, 0);
}

static void test_pdf_without_text(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "/tmp/spor_test_pdf_%ld_scan.pdf",
             (long)getpid());
    cairo_surface_t *s = cairo_pdf_surface_create(path, 595, 842);
    cairo_t *cr = cairo_create(s);
    cairo_rectangle(cr, 100, 100, 200, 300); /* a "scan": no text at all */
    cairo_fill(cr);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    rd_doc d;
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(fmt_read_any(path, &d, &e), SPOR_EINVAL);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "no text"));
    unlink(path);
}

/* Debian's manual: the PDF of a real typesetting chain (dblatex). */
static void test_debian_edu_manual(void **state)
{
    (void)state;
    need_file(DEBIAN_EDU_PDF, "debian-edu-doc-da");
    rd_doc d;
    seg_result r;
    spor_err e;
    spor_err_clear(&e);
    assert_int_equal(fmt_read_any(DEBIAN_EDU_PDF, &d, &e), SPOR_OK);
    assert_string_equal(d.title, "Manual for Debian Edu / Skolelinux 12 "
                                 "Bookworm");
    /* The running head of every page and the "N / 96" feet are gone:
     * only the title page may hold the title. */
    for (size_t i = 0; i < d.n_lines; i++) {
        if (d.lines[i].page > 1)
            assert_null(strstr(d.lines[i].text, "Skolelinux 12 Bookworm"));
        assert_null(strstr(d.lines[i].text, " / 96"));
    }
    assert_int_equal(seg_segment(&d, NULL, &r, &e), SPOR_OK);
    /* Checked by eye in a PDF viewer: section 17.1.5 is on page 88, and
     * "netværk-"/"stjenesterne" is broken across lines on page 10 in
     * "(dette for at sikre at netværkstrafik fra LTPS-klienterne ikke
     * påvirker resten af netværkstjenesterne)". */
    int lyd = 0, joined = 0;
    for (size_t i = 0; i < r.n_passages; i++) {
        const seg_passage *p = &r.passages[i];
        if (strstr(p->text, "LTSP-tynde klienter bruger netværkslyd")) {
            lyd = 1;
            assert_int_equal(p->page_start, 88);
            assert_string_equal(p->section, "17.1.5 Lyd med LTSP-klienter");
        }
        if (strstr(p->text, "LTPS-klienterne ikke påvirker resten af "
                            "netværkstjenesterne")) {
            joined = 1;
            assert_true(p->page_start <= 10 && 10 <= p->page_end);
        }
        assert_null(strstr(p->text, "netværk- stjenesterne"));
    }
    assert_true(lyd);
    assert_true(joined);
    seg_result_free(&r);
    rd_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest made[] = {
        cmocka_unit_test(test_made_pdf_is_real_test),
        cmocka_unit_test(test_pages_and_title),
        cmocka_unit_test(test_running_heads_dropped),
        cmocka_unit_test(test_hyphen_lines_on_their_page),
        cmocka_unit_test(test_hyphens_repaired_in_passages),
        cmocka_unit_test(test_headings_are_sections),
    };
    const struct CMUnitTest other[] = {
        cmocka_unit_test(test_damaged_pdf),
        cmocka_unit_test(test_pdf_without_text),
        cmocka_unit_test(test_debian_edu_manual),
    };
    int failed = cmocka_run_group_tests_name("made from the corpus", made,
                                             setup, teardown);
    failed += cmocka_run_group_tests_name("other PDFs", other, NULL, NULL);
    pdfmaker_cleanup();
    return failed;
}
