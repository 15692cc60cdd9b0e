/* The prose prior: a paragraph of argument reads as prose; a table of
 * contents, an itinerary, a list of links or a table does not, and loses
 * part of its BM25 score. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "spor/query/rank.h"
#include "spor/text/prose.h"

static double np(const char *t)
{
    return prose_nonprose(t, strlen(t));
}

static void test_prose_is_prose(void **state)
{
    (void)state;
    const char *p =
        "Den fremskudte beskæftigelsesindsats i Sundparken er en del af "
        "kommunens samlede indsats over for udsatte boligområder. Jobcentret "
        "har flyttet medarbejdere ud i området, og beboerne møder op hver "
        "dag. Det har givet et tættere samarbejde med den boligsociale "
        "helhedsplan.";
    assert_true(np(p) < 0.1);
    assert_true(rank_prior(np(p)) > 0.95);
}

static void test_lists_are_not(void **state)
{
    (void)state;
    /* As the segmenter gives the KL catalogue's contents page: one long
     * run of table cells without a sentence. */
    const char *toc =
        "FORORD | 4 | TEMA 02 / FREMSKUDT BESKÆFTIGELSE | 14 INDLEDNING | 5 "
        "| FREMSKUDT BESKÆFTIGELSE I SUNDPARKEN | 16 FAKTA OM "
        "BEBOERSAMMENSÆTNINGEN I DEN ALMENE BOLIGSEKTOR | 6 | JOBGUIDEN PÅ "
        "HØJE KOLSTRUP | 18 UDSATTE BOLIGOMRÅDER OG GHETTOLISTEN | 6 | JOB- "
        "OG UDDANNELSESVEJLEDNING FOR UDSATTE VOKSNE | 20 GHETTOLISTENS "
        "KRITERIER | 7 | TEMA 03 / SAMARBEJDE MED ERHVERVSLIVET OM "
        "JOBSKABELSE | 22 BOLIGSOCIALE HELHEDSPLANER | 7 | BYG TIL VÆKST I "
        "KORSLØKKEPARKEN | 24";
    const char *itinerary = "Velkomst ved formanden for Socialudvalget\n"
                            "Introduktion til beskæftigelsesområdet\n"
                            "Hjemløshed og udsathed i Amsterdam Kommune\n"
                            "Aftensmad på Resto VanHarte";
    const char *links = "Læs mere: www.cfbu.dk/udgivelser/robuste-unge "
                        "www.kl.dk/media/123/rapport.pdf "
                        "https://www.sbst.dk/nyheder/2019";
    assert_true(np(toc) > 0.5);
    assert_true(np(itinerary) > 0.8);
    assert_true(np(links) > 0.5);
    /* The prior keeps at least half the score: a list still shows when
     * nothing better matches. */
    assert_true(rank_prior(np(itinerary)) >= 0.5);
    assert_true(rank_prior(np(itinerary)) < rank_prior(np(toc)) + 0.3);
    assert_true(np("") == 1.0);
}

/* Two words: a rare one (top weight 6) and a common one (2). */
static void test_coverage_weighs_words(void **state)
{
    (void)state;
    const double top[] = {6.0, 2.0};
    const double both[] = {5.0, 1.5}, rare[] = {6.0, 0.0},
                 common[] = {0.0, 2.0};
    assert_true(rank_coverage(top, both, NULL, 2) == 1.0);
    /* Missing the rare word costs more than missing the common one. */
    assert_true(fabs(rank_coverage(top, rare, NULL, 2) - 0.75) < 1e-9);
    assert_true(fabs(rank_coverage(top, common, NULL, 2) - 0.25) < 1e-9);
    assert_true(rank_coverage_factor(1.0) == 1.0);
    assert_true(rank_coverage_factor(0.25) < rank_coverage_factor(0.75));
}

static void test_coverage_weak_match_counts_in_part(void **state)
{
    (void)state;
    const double top[] = {8.0, 8.0};
    /* An ordinary mention (a third of the best) counts in full; a weak
     * match (a compound's part alone: a twentieth) only in part. */
    const double mention[] = {8.0, 8.0 / 3}, weak[] = {8.0, 0.4};
    assert_true(rank_coverage(top, mention, NULL, 2) == 1.0);
    double c = rank_coverage(top, weak, NULL, 2);
    assert_true(c > 0.5 && c < 0.75);
}

static void test_coverage_heading_names_word(void **state)
{
    (void)state;
    /* The second word only in the section heading (a tenth of its best):
     * covered in full there, in part without the heading. */
    const double top[] = {6.0, 6.0}, got[] = {6.0, 0.6};
    const unsigned char headed[] = {0, 1}, not_headed[] = {0, 0};
    assert_true(rank_coverage(top, got, headed, 2) == 1.0);
    assert_true(rank_coverage(top, got, not_headed, 2) < 0.75);
    assert_true(rank_coverage(top, got, NULL, 2) ==
                rank_coverage(top, got, not_headed, 2));
    /* A word that matches no candidate still does not count. */
    const double none_top[] = {6.0, 0.0}, none_got[] = {6.0, 0.0};
    assert_true(rank_coverage(none_top, none_got, headed, 2) == 1.0);
}

static void test_coverage_without_words(void **state)
{
    (void)state;
    /* A word matching no candidate (a NOT word, a typo) does not count. */
    const double top[] = {0.0, 3.0}, got[] = {0.0, 3.0};
    assert_true(rank_coverage(top, got, NULL, 2) == 1.0);
    assert_true(rank_coverage(top, got, NULL, 0) == 1.0);
    const double none[] = {0.0, 0.0};
    assert_true(rank_coverage(none, none, NULL, 2) == 1.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prose_is_prose),
        cmocka_unit_test(test_lists_are_not),
        cmocka_unit_test(test_coverage_weighs_words),
        cmocka_unit_test(test_coverage_weak_match_counts_in_part),
        cmocka_unit_test(test_coverage_heading_names_word),
        cmocka_unit_test(test_coverage_without_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
