/* Unit tests for highlights and snippets (src/query/snippet.c). A small
 * matcher stands in for the query: words starting with "beskæftig" are
 * query term 0 and words starting with "indsats" term 1, which is how the
 * real matcher behaves for "beskæftigelse indsats" up to stemming. Checked:
 * highlight byte ranges in multi-byte UTF-8 text, which window the snippet
 * shows (coverage of distinct terms first, then the start of its sentence),
 * "…" exactly where text was cut, highlight ranges inside the snippet, the
 * snippet being one line, and texts with no match or no text at all. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "spor/query/snippet.h"

#define ELLIPSIS "\xe2\x80\xa6" /* U+2026 */

typedef struct matcher {
    unsigned calls;
} matcher;

static int starts_with(const char *term, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(term, prefix, n) == 0;
}

static int match(void *ctx, const char *term, size_t len)
{
    matcher *m = ctx;
    m->calls++;
    /* The snippet code hands over lower-cased words, never raw text. */
    for (size_t i = 0; i < len; i++)
        if (term[i] >= 'A' && term[i] <= 'Z')
            fail_msg("matcher got an upper-case word \"%.*s\"", (int)len, term);
    if (starts_with(term, len, "beskæftig"))
        return 0;
    if (starts_with(term, len, "indsats"))
        return 1;
    return -1;
}

static snip_result build(const char *text, unsigned window)
{
    snip_result r;
    matcher m = {0};
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(snip_build(text, strlen(text), match, &m, window, &r,
                                &err), SPOR_OK);
    assert_non_null(r.snippet);
    assert_int_equal(strlen(r.snippet), r.snippet_len);
    return r;
}

/* The range [start, end) of the occurrence-th (0-based) appearance of word
 * in text. */
static snip_range find(const char *text, const char *word, int occurrence)
{
    const char *p = text;
    for (;;) {
        p = strstr(p, word);
        assert_non_null(p);
        if (occurrence-- == 0)
            break;
        p += strlen(word);
    }
    snip_range r = {(size_t)(p - text), (size_t)(p - text) + strlen(word)};
    return r;
}

static void assert_range(snip_range got, snip_range want, const char *what)
{
    if (got.start != want.start || got.end != want.end)
        fail_msg("%s: got [%zu, %zu), want [%zu, %zu)", what, got.start,
                 got.end, want.start, want.end);
}

/* Each snippet highlight covers, byte for byte, a word that is highlighted
 * in the full text too, and the words come in order. */
static void assert_snippet_hl_consistent(const char *text, const snip_result *r)
{
    size_t j = 0;
    for (size_t i = 0; i < r->n_snippet_hl; i++) {
        snip_range s = r->snippet_hl[i];
        assert_true(s.start < s.end && s.end <= r->snippet_len);
        if (i)
            assert_true(r->snippet_hl[i - 1].end <= s.start);
        while (j < r->n_hl &&
               (r->hl[j].end - r->hl[j].start != s.end - s.start ||
                memcmp(text + r->hl[j].start, r->snippet + s.start,
                       s.end - s.start) != 0))
            j++;
        if (j == r->n_hl)
            fail_msg("snippet highlight %zu \"%.*s\" is no highlighted word", i,
                     (int)(s.end - s.start), r->snippet + s.start);
        j++;
    }
}

/* ---- highlights ----------------------------------------------------------- */

static void test_highlights_are_word_ranges(void **state)
{
    (void)state;
    /* Multi-byte letters before, inside and after the matched words, so an
     * off-by-one in bytes or a count in characters shows. */
    const char *text = "Øget beskæftigelse på Ærø: Indsatsen i Århus gav "
                       "beskæftigelsesfremgang. Ikke-beskæftigede og "
                       "indsats-område.";
    snip_result r = build(text, 36);
    assert_int_equal(r.n_hl, 5);
    /* The space tells the word from the longer one that follows. */
    snip_range besk = find(text, "beskæftigelse ", 0);
    besk.end--;
    assert_range(r.hl[0], besk, "hl 0");
    assert_range(r.hl[1], find(text, "Indsatsen", 0), "hl 1");
    assert_range(r.hl[2], find(text, "beskæftigelsesfremgang", 0), "hl 2");
    /* A hyphen splits words: "Ikke-beskæftigede" highlights only its second
     * half, "indsats-område" only its first. */
    assert_range(r.hl[3], find(text, "beskæftigede", 0), "hl 3");
    snip_range ind = find(text, "indsats-", 0);
    ind.end--;
    assert_range(r.hl[4], ind, "hl 4");

    /* The whole text fits: the snippet is the text, its highlights are the
     * text's, and nothing is marked as cut. */
    assert_string_equal(r.snippet, text);
    assert_null(strstr(r.snippet, ELLIPSIS));
    assert_int_equal(r.n_snippet_hl, r.n_hl);
    for (size_t i = 0; i < r.n_hl; i++)
        assert_range(r.snippet_hl[i], r.hl[i], "snippet hl");
    snip_result_free(&r);
    assert_null(r.snippet); /* free resets */
}

/* ---- window choice -------------------------------------------------------- */

/* Eight hits on one term lose to one hit on each of two terms: a snippet
 * should show why the passage matched the whole query. */
static void test_window_prefers_distinct_terms(void **state)
{
    (void)state;
    const char *text =
        "beskæftigelse beskæftigelsen beskæftiget beskæftigelse "
        "beskæftigelsen beskæftigelse beskæftiget beskæftigelse "
        "alfa bravo charlie delta echo foxtrot golf hotel "
        "indsatsen virker og beskæftigelsen stiger "
        "kilo lima mike november oscar papa quebec romeo";
    snip_result r = build(text, 8);
    assert_int_equal(r.n_hl, 10);
    /* The first 8-word window holding both terms. */
    assert_string_equal(r.snippet, ELLIPSIS "echo foxtrot golf hotel indsatsen "
                        "virker og beskæftigelsen" ELLIPSIS);
    assert_int_equal(r.n_snippet_hl, 2);
    snip_range want0 = find(r.snippet, "indsatsen", 0);
    snip_range want1 = find(r.snippet, "beskæftigelsen", 0);
    assert_range(r.snippet_hl[0], want0, "snippet hl 0");
    assert_range(r.snippet_hl[1], want1, "snippet hl 1");
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);
}

/* The window moves back to the start of its sentence when that is only a
 * few words away, but must not lose the query words it was chosen for: the
 * window that first covers both terms ends on one of them. */
static void test_window_sentence_start_keeps_matches(void **state)
{
    (void)state;
    const char *text = "Alfa bravo charlie. Delta echo foxtrot golf hotel "
                       "indsatsen kilo lima mike beskæftigelse november "
                       "oscar papa quebec.";
    snip_result r = build(text, 8);
    assert_int_equal(r.n_hl, 2);
    /* Both query words are in the snippet... */
    assert_int_equal(r.n_snippet_hl, 2);
    assert_non_null(strstr(r.snippet, "indsatsen"));
    assert_non_null(strstr(r.snippet, "beskæftigelse"));
    /* ...which begins at the sentence start, cut text marked on both ends. */
    assert_string_equal(r.snippet, ELLIPSIS "Delta echo foxtrot golf hotel "
                        "indsatsen kilo lima mike beskæftigelse" ELLIPSIS);
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);

    /* The first sentence of the text counts as a sentence start too: no
     * point cutting two words off the front. */
    text = "Alfa bravo charlie delta echo foxtrot golf hotel indsatsen kilo "
           "beskæftigelse lima mike november oscar papa quebec romeo.";
    r = build(text, 8);
    assert_int_equal(r.n_snippet_hl, 2);
    assert_string_equal(r.snippet, "Alfa bravo charlie delta echo foxtrot golf "
                        "hotel indsatsen kilo beskæftigelse" ELLIPSIS);
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);
}

/* ---- ellipses and one-line snippets ----------------------------------------- */

static void test_ellipsis_only_where_cut(void **state)
{
    (void)state;
    /* Best window at the start: only the end is cut. */
    const char *text = "Indsatsen for beskæftigelse virker godt i de udsatte "
                       "boligområder, viser evalueringen fra i år.";
    snip_result r = build(text, 5);
    assert_string_equal(r.snippet, "Indsatsen for beskæftigelse virker godt"
                        ELLIPSIS);
    assert_int_equal(r.n_snippet_hl, 2);
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);

    /* Best window at the end: only the start is cut, and the passage's final
     * punctuation is kept. (The lead-in is longer than the sentence-start
     * slack, so the window cannot widen to the first word.) */
    text = "Evalueringen fra i år viser ifølge rapporten fra kommunen at den "
           "fremskudte indsats for beskæftigelse.";
    r = build(text, 4);
    assert_string_equal(r.snippet, ELLIPSIS "fremskudte indsats for "
                        "beskæftigelse.");
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);

    /* Everything fits, with trailing blank space and a quotation mark before
     * the first word: nothing is cut, so no "…" anywhere, and the opening
     * quote stays. */
    text = "”Indsatsen virker”, siger beskæftigelseschefen.\n";
    r = build(text, 36);
    assert_null(strstr(r.snippet, ELLIPSIS));
    assert_string_equal(r.snippet, "”Indsatsen virker”, siger "
                        "beskæftigelseschefen.");
    assert_int_equal(r.n_snippet_hl, 2);
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);
}

static void test_newlines_become_spaces(void **state)
{
    (void)state;
    const char *text = "Beskæftigelsen\nstiger.\nIndsatsen\tvirker i\n"
                       "Nørrebro.";
    snip_result r = build(text, 36);
    assert_null(strchr(r.snippet, '\n'));
    assert_null(strchr(r.snippet, '\t'));
    assert_string_equal(r.snippet, "Beskæftigelsen stiger. Indsatsen virker i "
                        "Nørrebro.");
    /* Same length as the text: highlights keep their offsets. */
    assert_int_equal(r.snippet_len, strlen(text));
    assert_int_equal(r.n_snippet_hl, 2);
    assert_range(r.snippet_hl[0], find(text, "Beskæftigelsen", 0), "hl 0");
    assert_range(r.snippet_hl[1], find(text, "Indsatsen", 0), "hl 1");
    assert_snippet_hl_consistent(text, &r);
    snip_result_free(&r);
}

/* ---- no match, no text ------------------------------------------------------ */

static void test_no_match_starts_at_beginning(void **state)
{
    (void)state;
    const char *text = "Hjemløse unge får hjælp af frivillige værter i "
                       "London. Nightstop er et tilbud om overnatning.";
    snip_result r = build(text, 6);
    assert_int_equal(r.n_hl, 0);
    assert_int_equal(r.n_snippet_hl, 0);
    assert_string_equal(r.snippet, "Hjemløse unge får hjælp af frivillige"
                        ELLIPSIS);
    snip_result_free(&r);

    /* The default window (0) is SNIP_DEFAULT_WORDS words. */
    char longtext[2048] = "";
    for (int i = 0; i < 50; i++) {
        char w[16];
        snprintf(w, sizeof w, "ord%d ", i);
        strcat(longtext, w);
    }
    r = build(longtext, 0);
    char want[2048];
    const char *end = strstr(longtext, "ord36 ");
    assert_non_null(end);
    snprintf(want, sizeof want, "%.*s" ELLIPSIS, (int)(end - longtext - 1),
             longtext);
    assert_string_equal(r.snippet, want);
    snip_result_free(&r);
}

static void test_empty_text(void **state)
{
    (void)state;
    snip_result r;
    matcher m = {0};
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(snip_build("", 0, match, &m, 36, &r, &err), SPOR_OK);
    assert_int_equal(m.calls, 0);
    assert_int_equal(r.n_hl, 0);
    assert_int_equal(r.n_snippet_hl, 0);
    assert_non_null(r.snippet);
    assert_int_equal(r.snippet_len, 0);
    assert_string_equal(r.snippet, "");
    snip_result_free(&r);

    /* Punctuation only: no words, no highlights, no "…". */
    r = build(" – ", 36);
    assert_int_equal(r.n_hl, 0);
    assert_null(strstr(r.snippet, ELLIPSIS));
    snip_result_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_highlights_are_word_ranges),
        cmocka_unit_test(test_window_prefers_distinct_terms),
        cmocka_unit_test(test_window_sentence_start_keeps_matches),
        cmocka_unit_test(test_ellipsis_only_where_cut),
        cmocka_unit_test(test_newlines_become_spaces),
        cmocka_unit_test(test_no_match_starts_at_beginning),
        cmocka_unit_test(test_empty_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
