/* Tests of copy groups: passages that are the same text up to spacing,
 * line breaks, case and hyphenation join one group, as do the two
 * extractions of the Aarhus report in the corpus; different passages on
 * one topic do not. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/copies.h"
#include "spor/doc/reader.h"
#include "spor/doc/segment.h"

/* More passages than copies.c's CP_MAX_POSTINGS (256) hold the stock
 * phrase. */
#define CP_MAX_POSTINGS_TEST 300

static void test_spacing_and_case_do_not_count(void **state)
{
    (void)state;
    cp_detector *d;
    spor_err e;
    size_t g;
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    const char *first = "I Amsterdam er der cirka 7000 hjemløse, hvoraf "
                        "de 2000 er under 27 år, og mange af dem sover på "
                        "gaden.";
    assert_int_equal(cp_add(d, first, strlen(first), 0, &g, &e), SPOR_OK);
    assert_int_equal(g, 0);
    const char *other = "Jobcentret i Sønderborg har rykket ud i "
                        "boligområdet for at møde borgerne.";
    assert_int_equal(cp_add(d, other, strlen(other), 0, &g, &e), SPOR_OK);
    assert_int_equal(g, 1);
    const char *copy = "I  AMSTERDAM er der\ncirka 7000 hjemløse , hvoraf "
                       "de 2000 er under 27 år, og mange af dem sover på "
                       "ga-\nden";
    assert_int_equal(cp_add(d, copy, strlen(copy), 1, &g, &e), SPOR_OK);
    assert_int_equal(g, 0);
    /* Same topic, other words: its own group. */
    const char *topic = "I Amsterdam er hjemløshed et stort problem, og "
                        "kommunen har mange tilbud til de hjemløse.";
    assert_int_equal(cp_add(d, topic, strlen(topic), 1, &g, &e), SPOR_OK);
    assert_int_equal(g, 3);
    /* A second passage of document 1 like the first: the group already
     * holds document 1's copy, so this one stands alone. */
    assert_int_equal(cp_add(d, first, strlen(first), 1, &g, &e), SPOR_OK);
    assert_int_equal(g, 4);
    /* A third document's copy joins the group. */
    assert_int_equal(cp_add(d, first, strlen(first), 2, &g, &e), SPOR_OK);
    assert_int_equal(g, 0);
    cp_free(d);
}

static void test_short_stub_is_not_a_copy(void **state)
{
    (void)state;
    cp_shingles a, b;
    const char *stub = "Opsamling på refleksioner på baggrund af besøgene";
    const char *text = "Opsamling på refleksioner på baggrund af besøget. "
                       "Som afslutning blev der holdt et møde om det hele";
    assert_int_equal(cp_make_shingles(stub, strlen(stub), &a), SPOR_OK);
    assert_int_equal(cp_make_shingles(text, strlen(text), &b), SPOR_OK);
    assert_true(cp_common(&a, &b) * 2 >= a.n);
    assert_false(cp_are_copies(&a, &b));
    assert_true(cp_are_copies(&a, &a));
    cp_shingles_free(&a);
    cp_shingles_free(&b);
}

static void test_contained_piece_joins(void **state)
{
    (void)state;
    cp_shingles a, b;
    const char *whole = "Homebase er en frivillig forening som har særligt "
                        "fokus på hjemløse og udsatte borgere i byen og "
                        "tilbyder et sted at være om dagen, med mad, bad "
                        "og hjælp til at søge job og bolig";
    const char *part = "Homebase er en frivillig forening som har særligt "
                       "fokus på hjemløse og udsatte borgere i byen";
    assert_int_equal(cp_make_shingles(whole, strlen(whole), &a), SPOR_OK);
    assert_int_equal(cp_make_shingles(part, strlen(part), &b), SPOR_OK);
    assert_true(cp_are_copies(&a, &b));
    assert_int_equal(cp_common(&a, &b), b.n);
    cp_shingles_free(&a);
    cp_shingles_free(&b);
}

/* Reads and segments a corpus file (both freed by the caller). */
static void segment_file(const char *path, rd_doc *doc, seg_result *seg)
{
    spor_err e;
    assert_int_equal(rd_read_file(path, doc, &e), SPOR_OK);
    assert_int_equal(seg_segment(doc, NULL, seg, &e), SPOR_OK);
}

/* Segments a corpus file and adds its passages; returns the count. */
static size_t add_file(cp_detector *d, const char *path, unsigned doc_no,
                       size_t **groups, size_t *n_groups)
{
    rd_doc doc;
    seg_result seg;
    spor_err e;
    segment_file(path, &doc, &seg);
    *groups = realloc(*groups, (*n_groups + seg.n_passages) * sizeof **groups);
    assert_non_null(*groups);
    for (size_t i = 0; i < seg.n_passages; i++)
        assert_int_equal(cp_add(d, seg.passages[i].text, seg.passages[i].len,
                                doc_no, &(*groups)[(*n_groups)++], &e),
                         SPOR_OK);
    size_t n = seg.n_passages;
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return n;
}

static void test_the_two_aarhus_copies(void **state)
{
    (void)state;
    cp_detector *d;
    spor_err e;
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    size_t *groups = NULL, n = 0;
    size_t n_clean = add_file(
        d, SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023.txt", 0, &groups,
        &n);
    size_t n_pdf = add_file(
        d, SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023-pdf.txt", 1,
        &groups, &n);
    /* Most passages of the PDF extraction join a group of the clean text,
     * though the two are segmented differently. */
    size_t joined = 0;
    for (size_t i = n_clean; i < n_clean + n_pdf; i++)
        joined += groups[i] < n_clean;
    assert_true(joined * 10 >= n_pdf * 8);
    /* The clean text's passages are not copies of each other, and no
     * group holds two passages of one document. */
    for (size_t i = 0; i < n_clean; i++)
        assert_int_equal(groups[i], i);
    for (size_t i = n_clean; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            assert_true(groups[i] != groups[k] || groups[i] == i);
    free(groups);
    cp_free(d);
}

/* Appends the shingles of every passage of a corpus file to *sh. */
static void shingle_file(const char *path, cp_shingles **sh, size_t *n)
{
    rd_doc doc;
    seg_result seg;
    segment_file(path, &doc, &seg);
    *sh = realloc(*sh, (*n + seg.n_passages) * sizeof **sh);
    assert_non_null(*sh);
    for (size_t i = 0; i < seg.n_passages; i++)
        assert_int_equal(cp_make_shingles(seg.passages[i].text,
                                          seg.passages[i].len, &(*sh)[(*n)++]),
                         SPOR_OK);
    seg_result_free(&seg);
    rd_doc_free(&doc);
}

/* The signature test in cp_are_copies only skips counting: over every pair
 * of passages of the two Aarhus extractions and a third report, the answer
 * equals the containment of the exact count (copies.h's rule). */
static void test_signature_never_changes_the_answer(void **state)
{
    (void)state;
    cp_shingles *sh = NULL;
    size_t n = 0;
    shingle_file(SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023.txt", &sh,
                 &n);
    shingle_file(SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023-pdf.txt",
                 &sh, &n);
    shingle_file(SPOR_SEEDS_DIR "/kbh-socialudvalget-studietur-2015.txt", &sh,
                 &n);
    size_t copies = 0, pairs = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++) {
            size_t common = cp_common(&sh[i], &sh[k]);
            size_t na = sh[i].n, nb = sh[k].n;
            size_t small = na < nb ? na : nb, large = na < nb ? nb : na;
            int want = small > 0 &&
                       (double)common >= CP_CONTAINMENT *
                           (double)(small < CP_SHORT_SHINGLES ? large : small);
            assert_int_equal(cp_are_copies(&sh[i], &sh[k]), want);
            copies += want;
            pairs++;
        }
    /* Both answers occur: the PDF extraction copies the clean text. */
    assert_true(copies >= 30);
    assert_true(pairs > copies * 100);
    for (size_t i = 0; i < n; i++)
        cp_shingles_free(&sh[i]);
    free(sh);
}

/* Passages of one shingle set share a shape: repeats add no postings,
 * and the groups are what comparing every pair would give. */
static void test_repeats_share_a_shape(void **state)
{
    (void)state;
    cp_detector *d;
    spor_err e;
    size_t g;
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    const char *a = "Homebase er en frivillig forening som har særligt "
                    "fokus på hjemløse og udsatte borgere i byen";
    const char *b = "Jobcentret i Sønderborg har rykket ud i boligområdet "
                    "for at møde borgerne.";
    assert_int_equal(cp_add(d, a, strlen(a), 0, &g, &e), SPOR_OK);
    assert_int_equal(cp_add(d, b, strlen(b), 0, &g, &e), SPOR_OK);
    for (unsigned doc = 1; doc <= 3; doc++) {
        assert_int_equal(cp_add(d, b, strlen(b), doc, &g, &e), SPOR_OK);
        assert_int_equal(g, 1);
        assert_int_equal(cp_add(d, a, strlen(a), doc, &g, &e), SPOR_OK);
        assert_int_equal(g, 0);
    }
    /* A second copy within document 3 starts a group of its own, yet is
     * the same shape. */
    assert_int_equal(cp_add(d, a, strlen(a), 3, &g, &e), SPOR_OK);
    assert_int_equal(g, 8);
    assert_int_equal(cp_add(d, a, strlen(a), 4, &g, &e), SPOR_OK);
    assert_int_equal(g, 0);
    assert_int_equal(cp_shapes(d), 2);
    cp_free(d);
}

/* The group a brute-force comparison with every earlier passage gives
 * (copies.h's rule): the highest share among the contained passages
 * whose group holds no passage of doc yet, ties to the older group. */
static size_t reference_group(const cp_shingles *sh, const size_t *group,
                              const unsigned *doc_of, size_t me)
{
    size_t best_g = me;
    double best = 0;
    for (size_t k = 0; k < me; k++) {
        size_t common = cp_common(&sh[k], &sh[me]);
        size_t na = sh[k].n, nb = sh[me].n;
        size_t small = na < nb ? na : nb, large = na < nb ? nb : na;
        if (!small || (double)common < CP_CONTAINMENT *
                                           (double)(small < CP_SHORT_SHINGLES
                                                        ? large : small))
            continue;
        size_t g = group[k];
        int taken = 0;
        for (size_t j = 0; j < me && !taken; j++)
            taken = group[j] == g && doc_of[j] == doc_of[me];
        double share = (double)common / (double)small;
        if (!taken && (share > best || (share == best && g < best_g))) {
            best = share;
            best_g = g;
        }
    }
    return best_g;
}

/* Three reports, the first two added three times each under new document
 * numbers (the repeats join shapes), agree with the brute force. */
static void test_groups_match_brute_force(void **state)
{
    (void)state;
    const char *files[] = {
        SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023.txt",
        SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023-pdf.txt",
        SPOR_SEEDS_DIR "/kbh-socialudvalget-studietur-2015.txt",
    };
    const unsigned order[] = {0, 1, 2, 0, 1, 0, 1};
    cp_detector *d;
    spor_err e;
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    cp_shingles *sh = NULL;
    size_t n = 0, *group = NULL;
    unsigned *doc_of = NULL;
    size_t shapes_first = 0;
    for (unsigned doc = 0; doc < sizeof order / sizeof *order; doc++) {
        if (doc == 3)
            shapes_first = cp_shapes(d);
        rd_doc rd;
        seg_result seg;
        segment_file(files[order[doc]], &rd, &seg);
        sh = realloc(sh, (n + seg.n_passages) * sizeof *sh);
        group = realloc(group, (n + seg.n_passages) * sizeof *group);
        doc_of = realloc(doc_of, (n + seg.n_passages) * sizeof *doc_of);
        assert_true(sh && group && doc_of);
        for (size_t i = 0; i < seg.n_passages; i++, n++) {
            const seg_passage *p = &seg.passages[i];
            assert_int_equal(cp_make_shingles(p->text, p->len, &sh[n]),
                             SPOR_OK);
            doc_of[n] = doc;
            assert_int_equal(cp_add(d, p->text, p->len, doc, &group[n], &e),
                             SPOR_OK);
            assert_int_equal(group[n], reference_group(sh, group, doc_of, n));
        }
        seg_result_free(&seg);
        rd_doc_free(&rd);
    }
    /* The repeats added passages, joined groups, and added no shapes. */
    assert_int_equal(cp_shapes(d), shapes_first);
    size_t joined = 0;
    for (size_t i = 0; i < n; i++)
        joined += group[i] != i;
    assert_true(joined * 2 > n);
    for (size_t i = 0; i < n; i++)
        cp_shingles_free(&sh[i]);
    free(sh);
    free(group);
    free(doc_of);
    cp_free(d);
}

/* Passage i of the stock-phrase test: "i forhold til at" and 30 words
 * of its own (letters spelling i and the word's place). */
static void stock_passage(unsigned i, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "i forhold til at");
    for (unsigned j = 0; j < 30; j++) {
        unsigned v = i * 30 + j;
        char w[8] = "q";
        for (size_t k = 1; k < 5; k++, v /= 26)
            w[k] = (char)('a' + v % 26);
        len += (size_t)snprintf(out + len, cap - len, " %s", w);
    }
}

/* A shingle in more passages than CP_MAX_POSTINGS is no longer followed
 * (nor given postings); passages holding it are still found by their own
 * shingles, before and after it passes the limit. */
static void test_stock_phrase_past_the_limit(void **state)
{
    (void)state;
    cp_detector *d;
    spor_err e;
    size_t g;
    char text[512];
    const unsigned n = CP_MAX_POSTINGS_TEST;
    assert_int_equal(cp_new(&d, &e), SPOR_OK);
    for (unsigned i = 0; i < n; i++) {
        stock_passage(i, text, sizeof text);
        assert_int_equal(cp_add(d, text, strlen(text), i, &g, &e), SPOR_OK);
        assert_int_equal(g, i);
    }
    const unsigned copies[] = {5, n - 1};
    for (unsigned k = 0; k < 2; k++) {
        stock_passage(copies[k], text, sizeof text);
        assert_int_equal(cp_add(d, text, strlen(text), n + k, &g, &e),
                         SPOR_OK);
        assert_int_equal(g, copies[k]);
    }
    cp_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spacing_and_case_do_not_count),
        cmocka_unit_test(test_short_stub_is_not_a_copy),
        cmocka_unit_test(test_contained_piece_joins),
        cmocka_unit_test(test_the_two_aarhus_copies),
        cmocka_unit_test(test_signature_never_changes_the_answer),
        cmocka_unit_test(test_repeats_share_a_shape),
        cmocka_unit_test(test_groups_match_brute_force),
        cmocka_unit_test(test_stock_phrase_past_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
