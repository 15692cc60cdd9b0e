/* Unit tests for utf8: strict decoding of every kind of malformed input,
 * sanitising with counts, encoding, case mapping and character classes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spor/text/utf8.h"

static uint32_t dec(const char *s, size_t len, size_t *adv)
{
    return utf8_decode(s, len, adv);
}

static void test_decode_valid(void **state)
{
    (void)state;
    size_t adv;
    assert_int_equal(dec("A", 1, &adv), 'A');
    assert_int_equal(adv, 1);
    assert_int_equal(dec("\xC3\xA6", 2, &adv), 0xE6); /* æ */
    assert_int_equal(adv, 2);
    assert_int_equal(dec("\xE2\x80\x99", 3, &adv), 0x2019);
    assert_int_equal(adv, 3);
    assert_int_equal(dec("\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
    assert_int_equal(adv, 4);
    assert_int_equal(dec("\xF4\x8F\xBF\xBF", 4, &adv), 0x10FFFF);
    assert_int_equal(adv, 4);
    assert_int_equal(dec("\xED\x9F\xBF", 3, &adv), 0xD7FF); /* just below surrogates */
}

static void test_decode_invalid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t len;
    } bad[] = {
        {"\x80", 1},                 /* lone continuation byte */
        {"\xBF", 1},
        {"\xC0\xAF", 2},             /* overlong '/' in 2 bytes */
        {"\xC1\xBF", 2},             /* overlong in 2 bytes */
        {"\xE0\x80\xAF", 3},         /* overlong '/' in 3 bytes */
        {"\xE0\x9F\xBF", 3},         /* overlong U+07FF */
        {"\xF0\x80\x80\xAF", 4},     /* overlong '/' in 4 bytes */
        {"\xF0\x8F\xBF\xBF", 4},     /* overlong U+FFFF */
        {"\xED\xA0\x80", 3},         /* high surrogate U+D800 */
        {"\xED\xBF\xBF", 3},         /* low surrogate U+DFFF */
        {"\xF4\x90\x80\x80", 4},     /* U+110000 */
        {"\xF5\x80\x80\x80", 4},     /* lead byte beyond U+10FFFF */
        {"\xFF", 1},
        {"\xC3", 1},                 /* truncated 2-byte */
        {"\xE2\x82", 2},             /* truncated 3-byte */
        {"\xF0\x9F\x98", 3},         /* truncated 4-byte */
        {"\xC3\x41", 2},             /* continuation missing */
        {"\xE2\x28\xA1", 3},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t adv = 99;
        assert_int_equal(dec(bad[i].s, bad[i].len, &adv), UTF8_INVALID);
        assert_int_equal(adv, 1);
        assert_false(utf8_valid(bad[i].s, bad[i].len));
    }
    assert_true(utf8_valid("bl\xC3\xA5" "b\xC3\xA6r", 7));
    assert_true(utf8_valid("", 0));
}

static void test_encode_roundtrip(void **state)
{
    (void)state;
    static const uint32_t cps[] = {0x24, 0x7F, 0x80, 0xE5, 0x7FF, 0x800,
                                   0x20AC, 0xFFFD, 0x10000, 0x10FFFF};
    for (size_t i = 0; i < sizeof cps / sizeof cps[0]; i++) {
        char buf[4];
        size_t adv;
        size_t n = utf8_encode(cps[i], buf);
        assert_int_equal(dec(buf, n, &adv), cps[i]);
        assert_int_equal(adv, n);
    }
    char buf[4];
    /* A surrogate is never written: it comes out as U+FFFD. */
    assert_int_equal(utf8_encode(0xD800, buf), 3);
    assert_memory_equal(buf, "\xEF\xBF\xBD", 3);
}

static void test_sanitize(void **state)
{
    (void)state;
    sbuf out = SBUF_INIT;
    size_t n = 99, first = 99;

    /* "Søren" with: an overlong, a surrogate, a truncated tail. */
    const char in[] = "S\xC3\xB8r\xC0\xAF" "en\xED\xA0\x80!\xE2\x82";
    assert_int_equal(utf8_sanitize(in, sizeof in - 1, &out, &n, &first), SPOR_OK);
    /* Each invalid byte becomes one U+FFFD: 2 + 3 + 2 bytes. */
    assert_int_equal(n, 7);
    assert_int_equal(first, 4);
    assert_string_equal(out.data, "S\xC3\xB8r\xEF\xBF\xBD\xEF\xBF\xBD" "en"
                                  "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD!"
                                  "\xEF\xBF\xBD\xEF\xBF\xBD");
    assert_true(utf8_valid(out.data, out.len));

    /* Valid input is copied unchanged; the counts are optional. */
    sbuf_reset(&out);
    assert_int_equal(utf8_sanitize("æøå ÆØÅ", strlen("æøå ÆØÅ"), &out, &n, NULL),
                     SPOR_OK);
    assert_int_equal(n, 0);
    assert_string_equal(out.data, "æøå ÆØÅ");
    sbuf_reset(&out);
    assert_int_equal(utf8_sanitize("x\x80", 2, &out, NULL, NULL), SPOR_OK);
    assert_string_equal(out.data, "x\xEF\xBF\xBD");
    sbuf_free(&out);
}

static void test_case_mapping(void **state)
{
    (void)state;
    /* æ ø å */
    assert_int_equal(utf8_tolower(0xC6), 0xE6);
    assert_int_equal(utf8_tolower(0xD8), 0xF8);
    assert_int_equal(utf8_tolower(0xC5), 0xE5);
    assert_int_equal(utf8_toupper(0xE6), 0xC6);
    assert_int_equal(utf8_toupper(0xF8), 0xD8);
    assert_int_equal(utf8_toupper(0xE5), 0xC5);
    /* é ü */
    assert_int_equal(utf8_tolower(0xC9), 0xE9);
    assert_int_equal(utf8_toupper(0xE9), 0xC9);
    assert_int_equal(utf8_tolower(0xDC), 0xFC);
    assert_int_equal(utf8_toupper(0xFC), 0xDC);
    /* × ÷ are not letters; ß has no one-letter capital; ÿ ↔ Ÿ */
    assert_int_equal(utf8_tolower(0xD7), 0xD7);
    assert_int_equal(utf8_toupper(0xF7), 0xF7);
    assert_int_equal(utf8_toupper(0xDF), 0xDF);
    assert_int_equal(utf8_toupper(0xFF), 0x178);
    assert_int_equal(utf8_tolower(0x178), 0xFF);
    /* Latin Extended-A pairs in both parities: Č č, Ł ł, Ž ž */
    assert_int_equal(utf8_tolower(0x10C), 0x10D);
    assert_int_equal(utf8_tolower(0x141), 0x142);
    assert_int_equal(utf8_toupper(0x142), 0x141);
    assert_int_equal(utf8_tolower(0x17D), 0x17E);
    assert_int_equal(utf8_tolower(0x10D), 0x10D);
    /* Greek Σ σ ς, Ά ά; Cyrillic Д д, Ё ё */
    assert_int_equal(utf8_tolower(0x3A3), 0x3C3);
    assert_int_equal(utf8_toupper(0x3C2), 0x3A3);
    assert_int_equal(utf8_tolower(0x386), 0x3AC);
    assert_int_equal(utf8_tolower(0x414), 0x434);
    assert_int_equal(utf8_tolower(0x401), 0x451);
    assert_int_equal(utf8_toupper(0x451), 0x401);
    /* ASCII and things without case */
    assert_int_equal(utf8_tolower('Q'), 'q');
    assert_int_equal(utf8_toupper('q'), 'Q');
    assert_int_equal(utf8_tolower('4'), '4');
    assert_int_equal(utf8_tolower(0x20AC), 0x20AC);

    assert_true(utf8_is_upper(0xC6));
    assert_true(utf8_is_upper('K'));
    assert_false(utf8_is_upper(0xE6));
    assert_false(utf8_is_upper('7'));
}

static void test_lower_string(void **state)
{
    (void)state;
    sbuf out = SBUF_INIT;
    const char *s = "ÆBLE Øst ÅRHUS Müller ÉCOLE";
    assert_int_equal(utf8_lower(s, strlen(s), &out), SPOR_OK);
    assert_string_equal(out.data, "æble øst århus müller école");
    sbuf_free(&out);
}

static void test_classes(void **state)
{
    (void)state;
    const uint32_t letters[] = {'a', 'Z', 0xE6, 0xF8, 0xE5, 0xC6, 0xE9, 0xFC,
                                0xAA, 0xBA, 0xB5, 0x142, 0x1E9E, 0x3B1,
                                0x436, 0x301, 0x30A, 0x1EA1};
    for (size_t i = 0; i < sizeof letters / sizeof letters[0]; i++)
        assert_true(utf8_is_letter(letters[i]));
    const uint32_t non_letters[] = {'1', ' ', '-', '.', 0xD7, 0xF7, 0xA0,
                                    0xAD, 0x2013, 0x2019, 0xA7, 0x20AC};
    for (size_t i = 0; i < sizeof non_letters / sizeof non_letters[0]; i++)
        assert_false(utf8_is_letter(non_letters[i]));
    assert_true(utf8_is_digit('0'));
    assert_true(utf8_is_digit('9'));
    assert_false(utf8_is_digit('a'));
    const uint32_t spaces[] = {' ', '\t', '\n', '\r', 0xA0, 0x2000, 0x2009,
                               0x200A, 0x202F, 0x205F, 0x3000};
    for (size_t i = 0; i < sizeof spaces / sizeof spaces[0]; i++)
        assert_true(utf8_is_space(spaces[i]));
    assert_false(utf8_is_space('x'));
    assert_false(utf8_is_space(0x200B)); /* zero width: not a space */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decode_valid),
        cmocka_unit_test(test_decode_invalid),
        cmocka_unit_test(test_encode_roundtrip),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_case_mapping),
        cmocka_unit_test(test_lower_string),
        cmocka_unit_test(test_classes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
