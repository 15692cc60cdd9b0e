/* Unit tests for dehy_decide. Most line pairs are copied verbatim from the
 * raw PDF extraction of the Amsterdam report (corpus seed 001), with the
 * decision the clean copy (seed 000) shows to be right; the suspended
 * hyphens come from the KL catalogue (seed 002) and the London report
 * (seed 004). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spor/text/dehyphenate.h"

typedef struct line_pair {
    const char *prev, *next;
    dehy_decision want;
} line_pair;

static void check_pairs(const line_pair *p, size_t n, const dehy_lexicon *lex)
{
    for (size_t i = 0; i < n; i++) {
        dehy_decision got = dehy_decide(p[i].prev, strlen(p[i].prev), p[i].next,
                                        strlen(p[i].next), lex);
        if (got != p[i].want)
            fail_msg("pair %zu \"%s\" / \"%s\": got %d, want %d", i, p[i].prev,
                     p[i].next, (int)got, (int)p[i].want);
    }
}

/* Typesetting hyphens from seed 001: join. */
static const line_pair JOINS[] = {
    {"fokus i Amsterdam og Holland, og som samtidigt har en tematisk relevans i forhold til aktuelle udfordrin-",
     "ger og indsatsområder i Aarhus.  ", DEHY_JOIN},
    {"af arbejdet i Social- og Beskæftigelsesudvalget i Aarhus Kommune. I programmet for turen var der der-",
     "for lagt vægt på at belyse temaer og initiativer på social- og beskæftigelsesområdet, som har et særligt ",
     DEHY_JOIN},
    {"Ved besøg og oplæg blev der sat fokus på hjemløshed, ungeindsatser, sociale og beskæftigelsesret-",
     "tede indsatser i udsatte bydele med mere, med henblik på at blive klogere på nye tilgange og vinkler på ",
     DEHY_JOIN},
    {"finde boliger til udsatte. Samtidigt udfordrer det mulighe-",
     "derne for at ”almindelige” mennesker kan bo i byen såsom ", DEHY_JOIN},
    {"I præsentationen var der også fokus på den decen-",
     "tralisering der skete for nogle år tilbage, hvor kom-", DEHY_JOIN},
    {"Under punktet orienterede Amsterdam Kommune kort om social- og beskæftigelsesområdet i Amster-",
     "dam Kommune, hvor der primært arbejdes ud fra to lovgivninger med afsæt i henholdsvis socialområdet ",
     DEHY_JOIN},
    {"På beskæftigelsesdelen oprettede man i Amsterdam en særlig jobindsats målrettet flygtninge fra Ukra-",
     "ine. Der var tale om et offentligt-privat samarbejde, hvor det offentlige og rekrutteringsbureauer arbej-",
     DEHY_JOIN},
    {"På boligsiden er man særligt udfordret i modtagelsen af de mange ukrainere grundet den store bolig-",
     "mangel i byen. I Amsterdam har man modtaget cirka 4.700 ukrainere. Grundet boligudfordringerne bor ",
     DEHY_JOIN},
    {"kontinuitet for dem, som ønsker at komme ud af hjemløs-", "hed.  ", DEHY_JOIN},
    {"Startpunkt har forskellige indsatser målrettet folk, som er uden uddannelse eller beskæftigelse. Start-",
     "punt tilbyder således indsatser målrettet sprogfærdigheder, net-", DEHY_JOIN},
    {"Jongerenpunt er en særlig indgang for unge mellem 16 og 27 år.  Mange af de unge er således på ”kan-",
     "ten” og er typisk unge med ingen eller et lavt uddannelsesniveau.  ", DEHY_JOIN},
    {"nelse. Lokalerne bruges næsten hele dagen til forskellige formål og bliver på den måde et samlings-",
     "punkt i området.  ", DEHY_JOIN},
    {"gere, som er en del af programmet, får en handle-",
     "plan. I nogle tilfælde er den lavet med borgeren selv, ", DEHY_JOIN},
    {"Både i Top600 og Top400 programmerne er der en styregruppe hvor Borgmesteren sidder for borden-",
     "den, ligesom lederne for de forskellige aktører er medlemmer af styregruppen. Der er således fast sty-",
     DEHY_JOIN},
    {"ikke kan få passet deres børn, økonomiske udfordringer, sprog-",
     "problemer, gæld. Her forsøger man at fjerne nogle af barrie-", DEHY_JOIN},
    {"Afdelingen i Zuidoost har cirka 22 medarbejdere, hvor hoved-",
     "parten er virksomhedskonsulenter, som forsøger at skaffe og ", DEHY_JOIN},
    {"hjemløshed og misbrug i storbyen. Rundvisningerne organiseres af foreningen, Amsterdam Under-",
     "ground, hvis formål primært er at hjælpe udsatte og ", DEHY_JOIN},
    {"cirka 1000 borgere årligt som deltager i et forløb i Amster-",
     "damWerkt! og heraf får 60% arbejde. Det er dog en udfor-", DEHY_JOIN},
    /* seed 002, across a blank line the caller skips */
    {"midler fra maj 2020, blev der frigivet 30,2 mia. kr. til renoveringer i den al-",
     "mene sektor. Heraf indgår 18,4 mia. kr. til renoveringsprojekter", DEHY_JOIN},
};

/* True hyphens: keep, with or without the space. */
static const line_pair KEEPS[] = {
    /* seed 001 */
    {" Baggrunden for projektet var, at unge med ikke-",
     "vestlig baggrund havde svært ved at finde jobs ", DEHY_KEEP_HYPHEN},
    {"Det er obligatorisk for alle, som er tilknyttet Amsterdam-",
     "Werkt! at være til stede, hvis man ønsker at modtage un-", DEHY_KEEP_HYPHEN},
    /* seed 004 */
    {"jo aktivt samarbejde med en stor del af deres medarbejdere. Saint-",
     "Denis' strategi er at lave en ", DEHY_KEEP_HYPHEN},
    /* suspended parts from seeds 000-002, broken where they stand */
    {"af arbejdet i Social-", "og Beskæftigelsesudvalget i Aarhus Kommune.",
     DEHY_KEEP_SPACE},
    {"Det er særligt relevant fordi beskæftigelses-",
     "og indkomstniveauet er lavt", DEHY_KEEP_SPACE},
    {"og derfor er det i mange tilfælde adgangen til-  ",
     "  og koordineringen på tværs", DEHY_KEEP_SPACE},
    {"i udsatte bolig-", "eller erhvervsområder", DEHY_KEEP_SPACE},
    {"job-", "samt uddannelsesvejledning", DEHY_KEEP_SPACE},
    {"fra social-", "til beskæftigelsesområdet", DEHY_KEEP_SPACE},
    {"både social-", "som beskæftigelsesrettede indsatser", DEHY_KEEP_SPACE},
    {"bygge-", "& anlægsbranchen", DEHY_KEEP_SPACE},
    {"bygge-", "/anlægsbranchen", DEHY_KEEP_SPACE},
    {"hhv. social-", "hhv. beskæftigelsesområdet", DEHY_KEEP_SPACE},
    /* acronyms, numbers, names */
    {"en erfaren KL-", "konsulent fortalte", DEHY_KEEP_HYPHEN},
    {"i Top600-", "programmet", DEHY_KEEP_HYPHEN},
    {"under COVID-", "19 lukkede", DEHY_KEEP_HYPHEN},
    {"i perioden 2020-", "2023", DEHY_KEEP_HYPHEN},
    {"Besøg ved Startpunt Nieuw-", "West/West Werk", DEHY_KEEP_HYPHEN},
    {"ledige i A-", "kasse", DEHY_KEEP_HYPHEN},
    {"IT-", "systemet", DEHY_KEEP_HYPHEN},
    /* seed 002's all-caps title: ambiguous, so the hyphen stays */
    {"FREMSKUDT BESKÆFTIGELSE-", " INDSATSER", DEHY_KEEP_HYPHEN},
    {"JOB- OG UDDAN-", "NELSESVEJLEDNING", DEHY_KEEP_HYPHEN},
    {"JOB-", "OG UDDANNELSESVEJLEDNING", DEHY_KEEP_SPACE},
};

/* Closed words that a typesetter broke right before "til" / "som". */
static const line_pair CLOSED[] = {
    {"og der-", "til kommer en ny", DEHY_JOIN},
    {"styregruppen, lige-", "som lederne", DEHY_JOIN},
    {"indsatser på sundhedsområdet så-", "som tandpleje", DEHY_JOIN},
};

/* Lines that do not end in a broken word. */
static const line_pair NONES[] = {
    {"Foråret 2020 har også bragt nye muligheder med sig", "og flere", DEHY_NONE},
    {"boligområder -", "gevinster ved samarbejde", DEHY_NONE},
    {"boligområder \xE2\x80\x93", "gevinster ved samarbejde", DEHY_NONE},
    {"boligområder --", "gevinster", DEHY_NONE},
    {"-", "gevinster", DEHY_NONE},
    {"", "gevinster", DEHY_NONE},
    {"udfordrin-", "", DEHY_NONE},
    {"udfordrin-", "   ", DEHY_NONE},
    {"udfordrin-", "• ger", DEHY_NONE},
};

static void test_joins(void **state)
{
    (void)state;
    check_pairs(JOINS, sizeof JOINS / sizeof JOINS[0], NULL);
}

static void test_keeps(void **state)
{
    (void)state;
    check_pairs(KEEPS, sizeof KEEPS / sizeof KEEPS[0], NULL);
}

static void test_closed_before_conjunction(void **state)
{
    (void)state;
    check_pairs(CLOSED, sizeof CLOSED / sizeof CLOSED[0], NULL);
}

static void test_nones(void **state)
{
    (void)state;
    check_pairs(NONES, sizeof NONES / sizeof NONES[0], NULL);
}

static void test_soft_hyphen(void **state)
{
    (void)state;
    /* A soft hyphen at the end is the typesetter's even before "og". */
    const char *prev = "udfordrin\xC2\xAD";
    assert_int_equal(dehy_decide(prev, strlen(prev), "ger", 3, NULL), DEHY_JOIN);
    assert_int_equal(dehy_decide(prev, strlen(prev), "og", 2, NULL), DEHY_JOIN);
}

/* A tiny lexicon: records what it was asked and knows a few words. */
typedef struct test_lex {
    const char *const *words;
    size_t n;
    int calls;
    int saw_upper;
} test_lex;

static int lex_known(void *ctx, const char *word, size_t len)
{
    test_lex *t = ctx;
    t->calls++;
    for (size_t i = 0; i < len; i++)
        if (word[i] >= 'A' && word[i] <= 'Z')
            t->saw_upper = 1;
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->words[i]) == len && memcmp(t->words[i], word, len) == 0)
            return 1;
    return 0;
}

static void test_lexicon(void **state)
{
    (void)state;
    static const char *const words[] = {
        "amsterdamwerkt", "offentligt-privat", "udfordringer", "ind-og-ud",
    };
    test_lex t = {words, sizeof words / sizeof words[0], 0, 0};
    dehy_lexicon lex = {lex_known, &t};

    /* The corpus knows the closed brand name: join despite the capital. */
    const char *p1 = "Det er obligatorisk for alle, som er tilknyttet Amsterdam-";
    const char *n1 = "Werkt! at være til stede";
    assert_int_equal(dehy_decide(p1, strlen(p1), n1, strlen(n1), &lex), DEHY_JOIN);
    /* ... but a name it does not know keeps its hyphen. */
    assert_int_equal(dehy_decide("Saint-", 6, "Denis", 5, &lex), DEHY_KEEP_HYPHEN);
    /* The hyphenated form is known and the joined one is not: keep. */
    const char *p2 = "et offentligt-";
    assert_int_equal(dehy_decide(p2, strlen(p2), "privat samarbejde", 17, &lex),
                     DEHY_KEEP_HYPHEN);
    /* Without the lexicon the same pair is taken as a typesetting break. */
    assert_int_equal(dehy_decide(p2, strlen(p2), "privat samarbejde", 17, NULL),
                     DEHY_JOIN);
    /* Known joined word: join; unknown pieces fall back to the rule. */
    assert_int_equal(dehy_decide("aktuelle udfordrin-", 19, "ger og", 6, &lex),
                     DEHY_JOIN);
    assert_int_equal(dehy_decide("den decen-", 10, "tralisering", 11, &lex),
                     DEHY_JOIN);
    /* A conjunction wins over the lexicon. */
    assert_int_equal(dehy_decide("ind-", 4, "og udrejse", 10, &lex),
                     DEHY_KEEP_SPACE);
    assert_true(t.calls > 0);
    assert_false(t.saw_upper); /* words are asked for lower-cased */

    /* A lexicon without a callback is the same as none. */
    dehy_lexicon empty = {NULL, NULL};
    assert_int_equal(dehy_decide(p1, strlen(p1), n1, strlen(n1), &empty),
                     DEHY_KEEP_HYPHEN);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_joins),
        cmocka_unit_test(test_keeps),
        cmocka_unit_test(test_closed_before_conjunction),
        cmocka_unit_test(test_nones),
        cmocka_unit_test(test_soft_hyphen),
        cmocka_unit_test(test_lexicon),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
