/* Unit tests for norm_line: composition of decomposed Danish letters,
 * invisible characters, ligatures, spaces, apostrophes, hyphens and
 * control characters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "spor/text/normalise.h"
#include "spor/text/utf8.h"

/* Normalises s and checks the result equals want (and is valid UTF-8). */
static void check(const char *s, const char *want)
{
    sbuf out = SBUF_INIT;
    assert_int_equal(norm_line(s, strlen(s), &out), SPOR_OK);
    assert_non_null(out.data);
    assert_string_equal(out.data, want);
    assert_int_equal(out.len, strlen(want));
    assert_true(utf8_valid(out.data, out.len));
    sbuf_free(&out);
}

static void test_compose_danish(void **state)
{
    (void)state;
    /* a + combining ring above, as PDF extraction often gives it */
    check("bla\xCC\x8A" "b\xC3\xA6r", "blåbær");
    check("A\xCC\x8A" "rhus", "Århus");
    check("Mu\xCC\x88ller", "Müller");
    check("Zuidoost caf\xC3\xA9 cafe\xCC\x81", "Zuidoost café café");
    check("o\xCC\xB8st O\xCC\xB8", "øst Ø");
    check("a\xCC\x80 e\xCC\x82 n\xCC\x83 c\xCC\xA7 y\xCC\x88 Y\xCC\x88",
          "à ê ñ ç ÿ Ÿ");
    check("Sa\xCC\x88 i\xCC\x81 U\xCC\x81", "Sä í Ú");
}

static void test_other_marks_pass(void **state)
{
    (void)state;
    /* No precomposed form: the mark stays. */
    check("q\xCC\x8A", "q\xCC\x8A");
    /* A mark after a non-letter or after a composed letter stays too. */
    check("1\xCC\x8A", "1\xCC\x8A");
    check("\xC3\xA5\xCC\x81", "\xC3\xA5\xCC\x81");
    /* Only the first mark composes. */
    check("a\xCC\x8A\xCC\x81", "å\xCC\x81");
}

static void test_invisible_dropped(void **state)
{
    (void)state;
    check("beskæf\xC2\xADtigelse", "beskæftigelse");
    check("\xEF\xBB\xBFRapport", "Rapport");
    check("ud\xE2\x80\x8B" "dan\xE2\x80\x8C" "nel\xE2\x80\x8D" "se\xE2\x81\xA0",
          "uddannelse");
    /* A soft hyphen between base and mark does not block composition. */
    check("a\xC2\xAD\xCC\x8A", "å");
}

static void test_ligatures(void **state)
{
    (void)state;
    check("\xEF\xAC\x81nansieret", "finansieret");
    check("e\xEF\xAC\x80" "ekt \xEF\xAC\x82" "ow e\xEF\xAC\x83" "cient "
          "\xEF\xAC\x84" " \xEF\xAC\x85 \xEF\xAC\x86",
          "effekt flow efficient ffl st st");
}

static void test_spaces_and_controls(void **state)
{
    (void)state;
    check("12\xC2\xA0" "000 kr", "12 000 kr");
    check("a\xE2\x80\x89" "b\xE2\x80\xAF" "c\xE3\x80\x80" "d", "a b c d");
    check("kol1\tkol2", "kol1\tkol2");
    check("a\x01" "b\x1F" "c\x7F" "d\r", "a b c d ");
    check("x\xC2\x85y", "x y"); /* C1 control NEL */
}

static void test_apostrophes_hyphens(void **state)
{
    (void)state;
    check("KL\xE2\x80\x99s \xE2\x80\x98" "citat", "KL's 'citat");
    check("non\xE2\x80\x91" "stop a\xE2\x80\x90" "b", "non-stop a-b");
    /* Dashes and quotes otherwise stay as they are. */
    check("boligområder \xE2\x80\x93 gevinster \xE2\x80\x9D" "kan\xE2\x80\x9D",
          "boligområder – gevinster ”kan”");
}

static void test_invalid_and_append(void **state)
{
    (void)state;
    sbuf out = SBUF_INIT;
    assert_int_equal(sbuf_append_str(&out, ">"), SPOR_OK);
    /* Invalid bytes cannot survive into the output. */
    assert_int_equal(norm_line("a\xFF" "b", 3, &out), SPOR_OK);
    assert_string_equal(out.data, ">a\xEF\xBF\xBD" "b");
    assert_true(utf8_valid(out.data, out.len));
    /* Empty input appends nothing. */
    assert_int_equal(norm_line("", 0, &out), SPOR_OK);
    assert_string_equal(out.data, ">a\xEF\xBF\xBD" "b");
    sbuf_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compose_danish),
        cmocka_unit_test(test_other_marks_pass),
        cmocka_unit_test(test_invisible_dropped),
        cmocka_unit_test(test_ligatures),
        cmocka_unit_test(test_spaces_and_controls),
        cmocka_unit_test(test_apostrophes_hyphens),
        cmocka_unit_test(test_invalid_and_append),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
