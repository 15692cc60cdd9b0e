/* Tests of the segmenter: headings, markup stripping, passage sizes and
 * line ranges on small inline texts, and the same properties on every
 * document of the bundled corpus, including the raw PDF copy. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/doc/segment.h"
#include "spor/text/tokenise.h"

/* The segmenter may let a merged last piece pass SEG_MAX_WORDS by a little. */
#define MAX_WITH_SLACK (SEG_MAX_WORDS + SEG_MAX_WORDS / 10)

static void segment_text(const char *text, rd_doc *d, seg_result *r)
{
    spor_err e;
    assert_int_equal(rd_read_buffer(text, strlen(text), d, &e), SPOR_OK);
    assert_int_equal(seg_segment(d, NULL, r, &e), SPOR_OK);
}

static void done(rd_doc *d, seg_result *r)
{
    seg_result_free(r);
    rd_doc_free(d);
}

/* Appends n sentences of 9 words each ("Sætning N handler om ..."). */
static void add_sentences(sbuf *b, int first, int n)
{
    for (int i = 0; i < n; i++)
        assert_int_equal(sbuf_printf(b, "%sSætning %d handler om beskæftigelse "
                                        "og bolig i byen.",
                                     i ? " " : "", first + i),
                         SPOR_OK);
}

static void test_markdown_headings(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append_str(&b, "# Rapport om studieturen\n\n");
    add_sentences(&b, 1, 6);
    sbuf_append_str(&b, "\n\n## Baggrund\n\n");
    add_sentences(&b, 10, 6);
    sbuf_append_str(&b, "\n\n### **3. Hvor vil vi hen?**\n\n");
    add_sentences(&b, 20, 6);
    sbuf_append_str(&b, "\n");
    rd_doc d;
    seg_result r;
    segment_text(b.data, &d, &r);
    assert_string_equal(r.title, "Rapport om studieturen");
    assert_int_equal(r.n_passages, 3);
    assert_string_equal(r.passages[0].section, "Rapport om studieturen");
    assert_string_equal(r.passages[1].section, "Baggrund");
    assert_string_equal(r.passages[2].section, "3. Hvor vil vi hen?");
    assert_int_equal(r.passages[0].line_start, 3);
    assert_int_equal(r.passages[0].line_end, 3);
    assert_int_equal(r.passages[1].line_start, 7);
    assert_int_equal(r.passages[0].n_words, 54);
    assert_null(strstr(r.passages[0].text, "#"));
    done(&d, &r);
    sbuf_free(&b);
}

static void test_plain_headings_bullets_bold(void **state)
{
    (void)state;
    const char *text =
        "**Rapport for\nUdvalgets Studietur**\nDen 16. april 2023\n\n"
        "Introduktion\n\n"
        "Turen gik til Amsterdam, og **formålet** var at få inspiration.\n\n"
        "Mandag den 17. april 2023\n\n"
        "- Velkomst ved formanden\n- Introduktion til **området**\n\n"
        "Tabel\n\n\tNavn\tTitel\n1\tEva\tForkvinde\n\n"
        "---\n\nFAKTA OM BOLIGSEKTOREN\n\n"
        "Den almene boligsektor er stor, og den har mange beboere.\n";
    rd_doc d;
    seg_result r;
    segment_text(text, &d, &r);
    assert_string_equal(r.title, "Rapport for Udvalgets Studietur");
    const char *sections[] = {"Rapport for Udvalgets Studietur",
                              "Introduktion", "Mandag den 17. april 2023",
                              "Tabel", "FAKTA OM BOLIGSEKTOREN"};
    assert_int_equal(r.n_passages, 5);
    for (size_t i = 0; i < r.n_passages; i++) {
        assert_string_equal(r.passages[i].section, sections[i]);
        assert_null(strstr(r.passages[i].text, "**"));
        assert_null(strstr(r.passages[i].text, "---"));
    }
    assert_string_equal(r.passages[0].text, "Den 16. april 2023");
    assert_string_equal(r.passages[1].text, "Turen gik til Amsterdam, og "
                                            "formålet var at få inspiration.");
    assert_string_equal(r.passages[2].text, "Velkomst ved formanden\n"
                                            "Introduktion til området");
    assert_int_equal(r.passages[2].line_start, 11);
    assert_int_equal(r.passages[2].line_end, 12);
    assert_non_null(strstr(r.passages[3].text, "Navn | Titel"));
    assert_non_null(strstr(r.passages[3].text, "\n1 | Eva | Forkvinde"));
    done(&d, &r);
}

/* A short line is no heading when a colon announces it or clauses make
 * it an instruction (the Debian Edu manual's upgrade steps); the same
 * shape after a sentence stays one. */
static void test_announced_lines_stay_text(void **state)
{
    (void)state;
    const char *text =
        "Opgradering\n\n"
        "Læs al information omhyggeligt, før du går videre med opgraderingen "
        "af serveren.\n\n"
        "- Kontroller om det opgraderede system fungerer:\n\n"
        "Log ind som første bruger og test\n\n"
        "- om Gosa fungerer,\n\n- om man kan håndtere printere.\n\n"
        "Genstart; log ind og test igen\n\n"
        "- om e-post fungerer.\n\n"
        "Efter opgraderingen\n\n"
        "- Slet de gamle pakker fra serveren.\n";
    rd_doc d;
    seg_result r;
    segment_text(text, &d, &r);
    int announced = 0, clauses = 0, after = 0;
    for (size_t i = 0; i < r.n_passages; i++) {
        assert_string_not_equal(r.passages[i].section,
                                "Log ind som første bruger og test");
        assert_string_not_equal(r.passages[i].section,
                                "Genstart; log ind og test igen");
        announced |= strstr(r.passages[i].text,
                            "Log ind som første bruger og test") != NULL;
        clauses |= strstr(r.passages[i].text,
                          "Genstart; log ind og test igen") != NULL;
        after |= !strcmp(r.passages[i].section, "Efter opgraderingen");
    }
    assert_true(announced && clauses && after);
    done(&d, &r);
}

/* A text export with one paragraph a line and no blank lines between
 * them: each long line is a paragraph and a title line above one is a
 * heading; wrapped lines of one paragraph still join. */
static void test_one_paragraph_a_line(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append_str(&b, "Baggrund\n");
    add_sentences(&b, 1, 7);
    sbuf_append_str(&b, "\nResultater\n");
    add_sentences(&b, 10, 7);
    sbuf_append_str(&b, "\nOpfølgning\n");
    add_sentences(&b, 20, 6);
    sbuf_append_str(&b, " Den sidste sætning fortsætter\n"
                        "på den næste linje og slutter her.\n");
    rd_doc d;
    seg_result r;
    segment_text(b.data, &d, &r);
    assert_int_equal(r.n_passages, 3);
    assert_string_equal(r.passages[0].section, "Baggrund");
    assert_string_equal(r.passages[1].section, "Resultater");
    assert_string_equal(r.passages[2].section, "Opfølgning");
    assert_non_null(strstr(r.passages[2].text,
                           "fortsætter på den næste linje"));
    assert_int_equal(r.passages[2].line_end, 7);
    assert_int_equal(r.passages[1].line_start, 4);
    assert_int_equal(r.passages[1].line_end, 4);
    done(&d, &r);
    sbuf_free(&b);
}

static void test_small_pieces_merge(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append_str(&b, "# Afsnit\n\n");
    add_sentences(&b, 1, 2); /* 18 words */
    sbuf_append_str(&b, "\n\n");
    add_sentences(&b, 3, 3); /* +27: the passage reaches 45 */
    sbuf_append_str(&b, "\n\n");
    add_sentences(&b, 6, 1); /* 9 words left: merged into the passage */
    sbuf_append_str(&b, "\n\n# Andet afsnit\n\nKort stykke her.\n");
    rd_doc d;
    seg_result r;
    segment_text(b.data, &d, &r);
    assert_int_equal(r.n_passages, 2);
    assert_int_equal(r.passages[0].n_words, 54);
    assert_int_equal(r.passages[0].line_start, 3);
    assert_int_equal(r.passages[0].line_end, 7);
    assert_int_equal(r.passages[0].byte_start, d.lines[2].src_off);
    assert_int_equal(r.passages[0].byte_end,
                     d.lines[6].src_off + d.lines[6].src_len);
    assert_non_null(strstr(r.passages[0].text, "byen.\nSætning 3"));
    /* A small section stays small: it never merges across a heading. */
    assert_string_equal(r.passages[1].section, "Andet afsnit");
    assert_string_equal(r.passages[1].text, "Kort stykke her.");
    assert_int_equal(r.passages[1].n_words, 3);
    done(&d, &r);
    sbuf_free(&b);
}

static void test_long_paragraph_split(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append_str(&b, "Lang tekst\n\n");
    add_sentences(&b, 1, 25); /* 225 words on one line */
    sbuf_append_str(&b, " ");
    add_sentences(&b, 26, 25); /* 225 more in the same paragraph */
    sbuf_append_str(&b, "\n");
    rd_doc d;
    seg_result r;
    segment_text(b.data, &d, &r);
    assert_int_equal(r.n_passages, 3);
    unsigned total = 0;
    for (size_t i = 0; i < r.n_passages; i++) {
        seg_passage *p = &r.passages[i];
        assert_string_equal(p->section, "Lang tekst");
        assert_true(p->n_words >= 100 && p->n_words <= SEG_MAX_WORDS);
        assert_int_equal(p->n_words, tok_count(p->text, p->len));
        /* Cut at sentence ends: every piece starts a sentence. */
        assert_memory_equal(p->text, "Sætning", strlen("Sætning"));
        assert_int_equal(p->text[p->len - 1], '.');
        total += p->n_words;
    }
    assert_int_equal(total, 450);
    assert_int_equal(r.passages[0].line_start, 3);
    assert_int_equal(r.passages[0].line_end, 3);
    assert_int_equal(r.passages[2].line_start, 3);
    assert_int_equal(r.passages[2].line_end, 3);
    done(&d, &r);
    sbuf_free(&b);
}

static void test_no_straddle_and_empty_sections(void **state)
{
    (void)state;
    const char *text = "Første del af teksten er her.\n\n"
                       "# Tom\n\n"
                       "# Fuld\n\n"
                       "Anden del af teksten er her.\n";
    rd_doc d;
    seg_result r;
    segment_text(text, &d, &r);
    assert_int_equal(r.n_passages, 2);
    assert_string_equal(r.passages[0].section, "");
    assert_string_equal(r.passages[0].text, "Første del af teksten er her.");
    assert_string_equal(r.passages[1].section, "Fuld");
    assert_int_equal(r.passages[1].line_start, 7);
    assert_string_equal(r.title, "Tom");
    done(&d, &r);
}

static void test_pdf_layout(void **state)
{
    (void)state;
    /* Every line followed by an empty one; " " lines end paragraphs. */
    const char *text =
        " Introduktion \n\n"
        "Formålet med studieturen var at skabe refleksion i Social- \n\n"
        "og Beskæftigelsesudvalget og at se på aktuelle udfordrin-\n\n"
        "ger i byen. Vi så mange gode eksempler på arbejdet der-\n\n"
        "for.  \n\n \n\n"
        "Besøg ved Homebase \n\n"
        "Homebase er en frivillig forening i Nieuw-West, som har fokus på \n\n"
        "familierne i området og på de unge mennesker der bor der.\n\n"
        " \n\n"
        "Homebase har i alt 48 lokationer i Amsterdam og flere i landet.\n\n"
        " \n\n"
        "Det sidste stykke af teksten handler om noget helt andet her.\n\n";
    rd_doc d;
    seg_result r;
    segment_text(text, &d, &r);
    assert_int_equal(r.n_passages, 2);
    assert_string_equal(r.passages[0].section, "Introduktion");
    assert_string_equal(r.passages[1].section, "Besøg ved Homebase");
    const char *t0 = r.passages[0].text;
    assert_non_null(strstr(t0, "udfordringer i byen"));
    assert_non_null(strstr(t0, "arbejdet derfor."));
    assert_non_null(strstr(t0, "Social- og Beskæftigelsesudvalget"));
    assert_null(strchr(t0, '\n')); /* one paragraph */
    assert_int_equal(r.passages[0].line_start, 3);
    assert_int_equal(r.passages[0].line_end, 9);
    assert_memory_equal(r.passages[1].text, "Homebase er en frivillig",
                        strlen("Homebase er en frivillig"));
    assert_int_equal(r.passages[1].line_start, 15);
    done(&d, &r);
}

static void test_empty_document(void **state)
{
    (void)state;
    rd_doc d;
    seg_result r;
    segment_text("", &d, &r);
    assert_int_equal(r.n_passages, 0);
    assert_string_equal(r.title, "");
    done(&d, &r);
    segment_text("\n \n---\n**\n", &d, &r);
    assert_int_equal(r.n_passages, 0);
    done(&d, &r);
}

/* A reader's lines need not come in source order: libxml2 gives each HTML
 * element its line, and broken markup moves elements (found by fuzz_html:
 * a passage cited "lines 2-1", bytes 148-147). A passage cites the range
 * its lines cover. */
static void test_lines_out_of_source_order(void **state)
{
    (void)state;
    static const struct { const char *text; unsigned lineno; size_t off; }
        lines[] = {{"Beboere i området taler om boliger.", 5, 300},
                   {"Tekst om æbler og øer i byen.", 2, 120},
                   {"Uden slut-tags står teksten her.", 4, 200}};
    rd_doc d;
    memset(&d, 0, sizeof d);
    d.structured = 1;
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        rd_line meta;
        memset(&meta, 0, sizeof meta);
        meta.lineno = lines[i].lineno;
        meta.src_off = lines[i].off;
        meta.src_len = strlen(lines[i].text);
        meta.role = RD_ROLE_TEXT;
        assert_int_equal(rd_doc_append(&d, lines[i].text,
                                       strlen(lines[i].text), &meta),
                         SPOR_OK);
    }
    seg_result r;
    spor_err e;
    assert_int_equal(seg_segment(&d, NULL, &r, &e), SPOR_OK);
    assert_int_equal(r.n_passages, 1);
    assert_int_equal(r.passages[0].line_start, 2);
    assert_int_equal(r.passages[0].line_end, 5);
    assert_int_equal(r.passages[0].byte_start, 120);
    assert_int_equal(r.passages[0].byte_end,
                     300 + strlen(lines[0].text));
    done(&d, &r);
}

/* ---- the corpus ---------------------------------------------------- */

static const char *const CORPUS[] = {
    "aarhus-amsterdam-studietur-2023.txt",
    "aarhus-amsterdam-studietur-2023-pdf.txt",
    "kl-beskaeftigelsesindsatser-boligomraader-2020.txt",
    "cfbu-kl-tema4-fremskudte-indsatser.txt",
    "kbh-socialudvalget-studietur-2015.txt",
};

static void segment_corpus_file(const char *name, rd_doc *d, seg_result *r)
{
    char path[512];
    snprintf(path, sizeof path, "%s/corpus/%s", SPOR_SOURCE_DIR, name);
    spor_err e;
    assert_int_equal(rd_read_file(path, d, &e), SPOR_OK);
    assert_int_equal(seg_segment(d, NULL, r, &e), SPOR_OK);
}

static void test_corpus_passages(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof CORPUS / sizeof CORPUS[0]; k++) {
        rd_doc d;
        seg_result r;
        segment_corpus_file(CORPUS[k], &d, &r);
        assert_true(r.n_passages >= 10);
        assert_true(r.title[0] != '\0');
        size_t big = 0;
        unsigned prev_end = 0;
        for (size_t i = 0; i < r.n_passages; i++) {
            const seg_passage *p = &r.passages[i];
            assert_true(p->n_words >= 1 && p->n_words <= MAX_WITH_SLACK);
            assert_int_equal(p->n_words, tok_count(p->text, p->len));
            assert_int_equal(strlen(p->text), p->len);
            big += p->n_words >= SEG_MIN_WORDS;
            assert_true(p->line_start >= 1 && p->line_start <= p->line_end);
            assert_true(p->line_end <= d.n_lines);
            assert_true(p->line_start > prev_end);
            prev_end = p->line_end;
            assert_true(p->byte_start < p->byte_end &&
                        p->byte_end <= d.src_bytes);
            assert_null(strstr(p->text, "**"));
            assert_non_null(p->section);
        }
        if (big * 100 < r.n_passages * 80)
            fail_msg("%s: only %zu of %zu passages have %d+ words", CORPUS[k],
                     big, r.n_passages, SEG_MIN_WORDS);
        seg_result_free(&r);
        rd_doc_free(&d);
    }
}

static void test_corpus_pdf_repaired(void **state)
{
    (void)state;
    rd_doc d;
    seg_result r;
    segment_corpus_file("aarhus-amsterdam-studietur-2023-pdf.txt", &d, &r);
    sbuf all = SBUF_INIT;
    for (size_t i = 0; i < r.n_passages; i++) {
        sbuf_append_str(&all, r.passages[i].text);
        sbuf_append_char(&all, '\n');
    }
    const char *t = all.data;
    assert_non_null(strstr(t, "udfordringer"));
    assert_non_null(strstr(t, "derfor"));
    assert_non_null(strstr(t, "decentralisering"));
    assert_non_null(strstr(t, "Social- og Beskæftigelsesudvalget"));
    assert_null(strstr(t, "udfordrin-"));
    assert_null(strstr(t, "udfordrin "));
    assert_null(strstr(t, "decen-"));
    assert_null(strstr(t, "decen "));
    assert_null(strstr(t, " tralisering"));
    /* Section headings were found, and the same report's headings match. */
    int homebase = 0;
    for (size_t i = 0; i < r.n_passages; i++)
        homebase += strcmp(r.passages[i].section, "Besøg ved Homebase") == 0;
    assert_true(homebase >= 1);
    sbuf_free(&all);
    seg_result_free(&r);
    rd_doc_free(&d);
}

/* The outline: Markdown levels nest; without them a heading of a new look
 * stands under the one before, and one of a look already open is its
 * sibling. Every passage names its section's heading. */
static void test_outline(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    sbuf_append_str(&b, "# Del 1\n\n");
    add_sentences(&b, 1, 7);
    sbuf_append_str(&b, "\n\n## Baggrund\n\n");
    add_sentences(&b, 10, 7);
    sbuf_append_str(&b, "\n\n# Del 2\n\n");
    add_sentences(&b, 20, 7);
    sbuf_append_str(&b, "\n");
    rd_doc d;
    seg_result r;
    segment_text(b.data, &d, &r);
    assert_int_equal(r.n_headings, 3);
    assert_string_equal(r.headings[1].text, "Baggrund");
    assert_int_equal(r.headings[0].parent, 0);
    assert_int_equal(r.headings[1].parent, 1);
    assert_int_equal(r.headings[2].parent, 0);
    assert_int_equal(r.n_passages, 3);
    assert_int_equal(r.passages[0].heading, 1);
    assert_int_equal(r.passages[1].heading, 2);
    assert_int_equal(r.passages[2].heading, 3);
    done(&d, &r);

    sbuf_reset(&b);
    sbuf_append_str(&b, "JOBPLANETEN\n\n");
    add_sentences(&b, 1, 7);
    sbuf_append_str(&b, "\n\nBaggrund\n\n");
    add_sentences(&b, 10, 7);
    sbuf_append_str(&b, "\n\nRESULTATER OG GEVINSTER\n\n");
    add_sentences(&b, 20, 7);
    sbuf_append_str(&b, "\n");
    segment_text(b.data, &d, &r);
    assert_int_equal(r.n_headings, 3);
    assert_int_equal(r.headings[1].parent, 1); /* plain under CAPS */
    assert_int_equal(r.headings[2].parent, 0); /* CAPS again: a sibling */
    done(&d, &r);
    sbuf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markdown_headings),
        cmocka_unit_test(test_plain_headings_bullets_bold),
        cmocka_unit_test(test_announced_lines_stay_text),
        cmocka_unit_test(test_one_paragraph_a_line),
        cmocka_unit_test(test_small_pieces_merge),
        cmocka_unit_test(test_long_paragraph_split),
        cmocka_unit_test(test_no_straddle_and_empty_sections),
        cmocka_unit_test(test_pdf_layout),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_lines_out_of_source_order),
        cmocka_unit_test(test_outline),
        cmocka_unit_test(test_corpus_passages),
        cmocka_unit_test(test_corpus_pdf_repaired),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
