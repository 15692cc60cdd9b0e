/* Unit tests for the tokeniser: Danish words, numbers, infixes, offsets,
 * the word-length limit and the word count. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/doc/reader.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

typedef struct want_tok {
    const char *term;
    size_t start, len;
} want_tok;

static void check_tokens(const char *text, const want_tok *want, size_t n)
{
    tok_iter it;
    tok_token tok;
    size_t i = 0;
    tok_init(&it, text, strlen(text));
    int r;
    while ((r = tok_next(&it, &tok)) == 1) {
        assert_true(i < n);
        assert_string_equal(tok.term, want[i].term);
        assert_int_equal(tok.term_len, strlen(want[i].term));
        assert_int_equal(tok.start, want[i].start);
        assert_int_equal(tok.len, want[i].len);
        i++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(i, n);
    assert_int_equal(tok_count(text, strlen(text)), n);
    tok_done(&it);
}

#define CHECK(text, ...)                                                   \
    do {                                                                   \
        static const want_tok w_[] = {__VA_ARGS__};                        \
        check_tokens(text, w_, sizeof w_ / sizeof w_[0]);                  \
    } while (0)

static void test_danish_sentence(void **state)
{
    (void)state;
    CHECK("Beskæftigelsesindsatsen i Top600-programmet kostede 12.959,9 kr. "
          "for 4.700 borgere i 9220 Aalborg Øst, KL's",
          {"beskæftigelsesindsatsen", 0, 24}, {"i", 25, 1},
          {"top600", 27, 6}, {"programmet", 34, 10}, {"kostede", 45, 7},
          {"12.959,9", 53, 8}, {"kr", 62, 2}, {"for", 66, 3},
          {"4.700", 70, 5}, {"borgere", 76, 7}, {"i", 84, 1},
          {"9220", 86, 4}, {"aalborg", 91, 7}, {"øst", 99, 4},
          {"kl's", 105, 4});
}

static void test_numbers(void **state)
{
    (void)state;
    /* A trailing '.' or ',' ends the number; '.' between letters splits. */
    CHECK("i 2015. Og 2015.12, 3,5% af 1.000.000",
          {"i", 0, 1}, {"2015", 2, 4}, {"og", 8, 2}, {"2015.12", 11, 7},
          {"3,5", 20, 3}, {"af", 25, 2}, {"1.000.000", 28, 9});
    CHECK("bl.a. f.eks. a.1", {"bl", 0, 2}, {"a", 3, 1}, {"f", 6, 1},
          {"eks", 8, 3}, {"a", 13, 1}, {"1", 15, 1});
    /* Only digits on both sides join: "4..7" and "4. 7" are two numbers. */
    CHECK("4..7 4. 7", {"4", 0, 1}, {"7", 3, 1}, {"4", 5, 1}, {"7", 8, 1});
}

static void test_infixes(void **state)
{
    (void)state;
    CHECK("AT&T KL\xE2\x80\x99s 'citat' rock'n'roll & Co",
          {"at&t", 0, 4}, {"kl's", 5, 6}, {"citat", 13, 5},
          {"rock'n'roll", 20, 11}, {"co", 34, 2});
    /* Hyphens, slashes and dashes separate. */
    CHECK("Nieuw-West/West Werk \xE2\x80\x93 ikke-vestlig",
          {"nieuw", 0, 5}, {"west", 6, 4}, {"west", 11, 4}, {"werk", 16, 4},
          {"ikke", 25, 4}, {"vestlig", 30, 7});
}

static void test_letters(void **state)
{
    (void)state;
    /* Upper-case Danish letters lower-case; é ü stay letters; a combining
     * mark the normaliser left stays inside the word. */
    CHECK("ÆBLE Øst Århus Müller café ma\xCC\x8A" "ske",
          {"æble", 0, 5}, {"øst", 6, 4}, {"århus", 11, 6},
          {"müller", 18, 7}, {"café", 26, 5}, {"ma\xCC\x8Aske", 32, 7});
    /* NBSP, § and quotes separate; a soft hyphen left in does not. */
    CHECK("\xC2\xA7\xC2\xA0" "17 \xE2\x80\x9Dkan\xE2\x80\x9D be\xC2\xAD" "kæmpe",
          {"17", 4, 2}, {"kan", 10, 3}, {"bekæmpe", 17, 10});
    check_tokens("", NULL, 0);
}

static void test_flags(void **state)
{
    (void)state;
    tok_iter it;
    tok_token tok;
    const char *s = "Øst top600 KL 9220 øst";
    tok_init(&it, s, strlen(s));
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_true(tok.is_upper_initial);
    assert_false(tok.has_digit);
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_false(tok.is_upper_initial);
    assert_true(tok.has_digit);
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_true(tok.is_upper_initial);
    assert_string_equal(tok.term, "kl");
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_true(tok.has_digit);
    assert_false(tok.is_upper_initial);
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_false(tok.is_upper_initial);
    assert_int_equal(tok_next(&it, &tok), 0);
    assert_int_equal(tok_next(&it, &tok), 0); /* stays at the end */
    tok_done(&it);
}

static void test_long_words_skipped(void **state)
{
    (void)state;
    char text[256];
    /* Exactly TOK_MAX_WORD_BYTES bytes is kept, one more is skipped. */
    memset(text, 'a', TOK_MAX_WORD_BYTES);
    strcpy(text + TOK_MAX_WORD_BYTES, " ok ");
    memset(text + TOK_MAX_WORD_BYTES + 4, 'b', TOK_MAX_WORD_BYTES + 1);
    strcpy(text + 2 * TOK_MAX_WORD_BYTES + 5, " slut");

    tok_iter it;
    tok_token tok;
    tok_init(&it, text, strlen(text));
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_int_equal(tok.term_len, TOK_MAX_WORD_BYTES);
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_string_equal(tok.term, "ok");
    assert_int_equal(tok_next(&it, &tok), 1);
    assert_string_equal(tok.term, "slut");
    assert_int_equal(tok.start, 2 * TOK_MAX_WORD_BYTES + 6);
    assert_int_equal(tok_next(&it, &tok), 0);
    tok_done(&it);
    assert_int_equal(tok_count(text, strlen(text)), 3);

    /* The limit is on bytes: 33 × "ø" is 66 bytes. */
    char wide[128] = "";
    for (int i = 0; i < 33; i++)
        strcat(wide, "ø");
    assert_int_equal(tok_count(wide, strlen(wide)), 0);
}

static void test_count(void **state)
{
    (void)state;
    const char *s = "Social- og Beskæftigelsesudvalgets studietur gik i 2023 "
                    "til Amsterdam i Holland.";
    assert_int_equal(tok_count(s, strlen(s)), 11);
    assert_int_equal(tok_count("  -- , . ", 9), 0);
}

/* Whether a word holds what its term rewrites: an apostrophe (U+2019
 * becomes ') or an invisible character (U+00AD, U+200B-U+200D, U+2060,
 * U+FEFF are dropped). */
static int rewritten(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        unsigned char d = i + 1 < n ? (unsigned char)w[i + 1] : 0;
        if (c == '\'' || (c == 0xC2 && d == 0xAD) ||
            (c == 0xE2 && (d == 0x80 || d == 0x81)) || (c == 0xEF && d == 0xBB))
            return 1;
    }
    return 0;
}

/* Every word of the bundled reports (Danish letters, capitals, numbers,
 * mixed "Top600"-style words, ASCII and not): its term is the word's own
 * text lower-cased by utf8_lower, whatever path of the tokeniser (ASCII or
 * general) made it; only words with an apostrophe or an invisible
 * character, which the term rewrites, are left out. */
static void test_terms_are_the_lower_cased_words(void **state)
{
    (void)state;
    const char *files[] = {
        SPOR_SEEDS_DIR "/kl-beskaeftigelsesindsatser-boligomraader-2020.txt",
        SPOR_SEEDS_DIR "/aarhus-amsterdam-studietur-2023-pdf.txt"};
    size_t checked = 0, upper = 0, non_ascii = 0;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        char *text = NULL;
        size_t size = 0;
        spor_err e;
        assert_int_equal(rd_load_file(files[f], &text, &size, &e), SPOR_OK);
        tok_iter it;
        tok_token tok;
        sbuf low = SBUF_INIT;
        tok_init(&it, text, size);
        while (tok_next(&it, &tok) == 1) {
            const char *w = text + tok.start;
            if (rewritten(w, tok.len))
                continue;
            sbuf_reset(&low);
            assert_int_equal(utf8_lower(w, tok.len, &low), SPOR_OK);
            assert_int_equal(tok.term_len, low.len);
            assert_memory_equal(tok.term, low.data, low.len);
            assert_int_equal(tok.is_upper_initial,
                             utf8_is_upper(utf8_decode(w, tok.len,
                                                       &(size_t){0})));
            checked++;
            upper += tok.is_upper_initial;
            for (size_t i = 0; i < tok.len; i++)
                if ((unsigned char)w[i] >= 0x80) {
                    non_ascii++;
                    break;
                }
        }
        tok_done(&it);
        sbuf_free(&low);
        free(text);
    }
    assert_true(checked > 10000);
    assert_true(upper > 500);
    assert_true(non_ascii > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_danish_sentence),
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_infixes),
        cmocka_unit_test(test_letters),
        cmocka_unit_test(test_flags),
        cmocka_unit_test(test_long_words_skipped),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_terms_are_the_lower_cased_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
