/* Unit tests for what the text layer now takes from utf8proc's Unicode
 * tables, beyond what the hand-written tables knew: composition of any
 * ASCII letter and mark, NFC of characters on their own, case mapping and
 * letters in every script, display widths; and the rules that stay spor's
 * own (ß keeps no capital, o + long solidus is ø, m² keeps its form, the
 * variation selector after an emoji is no letter). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spor/text/normalise.h"
#include "spor/text/utf8.h"

static void check(const char *s, const char *want)
{
    sbuf out = SBUF_INIT;
    assert_int_equal(norm_line(s, strlen(s), &out), SPOR_OK);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    assert_true(utf8_valid(out.data, out.len));
    sbuf_free(&out);
}

static void test_compose_any_latin(void **state)
{
    (void)state;
    /* Polish, Turkish, Romanian, Latvian letters decomposed, as PDF text
     * gives them: the old table knew only 80 pairs. */
    check("Z\xCC\x87" "ywiec z\xCC\x87", "Żywiec ż");
    check("Erdog\xCC\x86" "an", "Erdoğan");
    check("S\xCC\xA6" "erba\xCC\x86" "nescu", "Șerbănescu");
    check("e\xCC\xA8 a\xCC\x84 o\xCC\x8B", "ę ā ő");
    /* Still ours: o + long solidus is ø, which Unicode does not compose. */
    check("bo\xCC\xB8rn", "børn");
}

static void test_nfc_on_its_own(void **state)
{
    (void)state;
    /* Ångström sign (some PDF fonts give it for Å), Kelvin and Ohm signs,
     * a CJK compatibility ideograph. */
    check("\xE2\x84\xAB" "rhus", "Århus");
    check("5 \xE2\x84\xAA", "5 K");
    check("\xE2\x84\xA6", "\xCE\xA9");
    check("\xEF\xA7\x91", "\xE5\x85\xAD");
    /* Compatibility forms other than the ligatures stay: NFKC would turn
     * m² into m2 and ½ into 1⁄2. */
    check("120 m\xC2\xB2 \xC2\xBD", "120 m\xC2\xB2 \xC2\xBD");
    check("\xEF\xBC\xA1", "\xEF\xBC\xA1"); /* fullwidth A */
}

static void test_case_every_script(void **state)
{
    (void)state;
    assert_int_equal(utf8_tolower(0x218), 0x219);   /* Ș ș */
    assert_int_equal(utf8_tolower(0x531), 0x561);   /* Armenian Ա ա */
    assert_int_equal(utf8_tolower(0x10A0), 0x2D00); /* Georgian Ⴀ ⴀ */
    assert_int_equal(utf8_tolower(0xFF21), 0xFF41); /* fullwidth Ａ ａ */
    assert_int_equal(utf8_tolower(0x212B), 0xE5);   /* Ångström sign → å */
    assert_int_equal(utf8_toupper(0x219), 0x218);
    /* ß has no one-letter capital, whatever utf8proc says. */
    assert_int_equal(utf8_toupper(0xDF), 0xDF);
    sbuf out = SBUF_INIT;
    const char *s = "\xC8\x98" "ERBA\xC4\x82" "NESCU Ab";
    assert_int_equal(utf8_lower(s, strlen(s), &out), SPOR_OK);
    assert_string_equal(out.data, "\xC8\x99" "erba\xC4\x83" "nescu ab");
    sbuf_free(&out);
}

static void test_letters_every_script(void **state)
{
    (void)state;
    const uint32_t letters[] = {
        0x1200, /* Ethiopic ሀ (Tigrinya, Amharic) */
        0x0B95, /* Tamil க */
        0x0E40, /* Thai leading vowel เ */
        0x0995, /* Bengali ক */
        0x06FF, /* Arabic heh with inverted v */
        0x0219, /* Ș */
    };
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        assert_true(utf8_is_letter(letters[i]));
    assert_false(utf8_is_letter(0xFE0E));  /* variation selector */
    assert_false(utf8_is_letter(0xE0100));
    assert_false(utf8_is_letter(0x1F50E)); /* 🔎 */
    assert_false(utf8_is_letter(0x30FB));  /* katakana middle dot */
    assert_true(utf8_is_space(0x1680));
    assert_false(utf8_is_space(0xFEFF));
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(utf8_width("", 0), 0);
    assert_int_equal(utf8_width("bl\xC3\xA5" "b\xC3\xA6r", 8), 6);
    /* A combining mark takes no column, a CJK ideograph two. */
    assert_int_equal(utf8_width("a\xCC\x8A", 3), 1);
    assert_int_equal(utf8_width("\xE4\xB8\xAD\xE6\x96\x87", 6), 4);
    /* ASCII counts a column a byte, tab included, as the layout did. */
    assert_int_equal(utf8_width("a\tb", 3), 3);

    /* The prefix keeps a mark with its letter and never splits a wide
     * character over the limit. */
    assert_int_equal(utf8_width_prefix("a\xCC\x8A" "b", 4, 1), 3);
    assert_int_equal(utf8_width_prefix("\xE4\xB8\xAD\xE6\x96\x87", 6, 3), 3);
    assert_int_equal(utf8_width_prefix("\xE4\xB8\xAD\xE6\x96\x87", 6, 4), 6);
    assert_int_equal(utf8_width_prefix("abc", 3, 0), 0);
    assert_int_equal(utf8_width_prefix("abc", 3, 10), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compose_any_latin),
        cmocka_unit_test(test_nfc_on_its_own),
        cmocka_unit_test(test_case_every_script),
        cmocka_unit_test(test_letters_every_script),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
