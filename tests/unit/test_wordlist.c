/* Word list look-up by binary search in an mmap: every line of a sorted
 * list is found and nothing between them is; a capital initial finds a
 * proper noun; an unsorted list, CRLF lines, a last line without a newline,
 * an empty or missing file all answer right; a list opened once answers
 * as the file does, look-up after look-up, and no list is a list without
 * words; and Debian's Danish list, when installed, agrees with a plain
 * scan for its own lines and for near misses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spor/analysis/lexicon.h"
#include "spor/doc/reader.h"
#include "spor/text/wordlist.h"
#include "tmpdir.h"

static char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = malloc(strlen(dir) + strlen(name) + 2);
    assert_non_null(path);
    sprintf(path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static int has(const char *path, const char *w)
{
    return wl_contains(path, w, strlen(w));
}

static void test_sorted(void **state)
{
    /* Byte order, as LC_ALL=C sort writes it: capitals first, then
     * lower case, then the Danish letters (UTF-8 lead bytes above 'z';
     * å C3 A5 < æ C3 A6 < ø C3 B8). */
    char *p = write_file(*state, "sorted", "A-aktie\nAarhus\nabe\naf\n"
                         "afvikling\nbolig\nhjemløs\nunge\nzebra\nårhus\n"
                         "ærme\nø\n");
    const char *in[] = {"Aarhus", "A-aktie", "abe", "af", "afvikling",
                        "bolig", "hjemløs", "unge", "zebra", "ærme", "ø",
                        "århus"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        assert_true(has(p, in[i]));
    const char *out[] = {"A", "aa", "ab", "abed", "afviklin", "afviklinger",
                         "aarhus", "b", "boliger", "zzz", "æ", "å", "Ø",
                         "århusx", "0"};
    for (size_t i = 0; i < sizeof out / sizeof *out; i++)
        assert_false(has(p, out[i]));
    /* Proper nouns are listed capitalised. */
    assert_true(wl_contains_word(p, "aarhus", 6));
    assert_false(wl_contains_word(p, "aarhuus", 7));
    assert_false(wl_contains_word(p, "", 0));
    free(p);
}

static void test_odd_files(void **state)
{
    char *crlf = write_file(*state, "crlf", "alfa\r\nbeta\r\ngamma\r\n");
    assert_true(has(crlf, "beta"));
    assert_true(has(crlf, "gamma"));
    assert_false(has(crlf, "beta\r"));
    char *nonl = write_file(*state, "nonl", "alfa\nbeta\ngamma");
    assert_true(has(nonl, "gamma"));
    assert_true(has(nonl, "alfa"));
    assert_false(has(nonl, "gam"));
    char *one = write_file(*state, "one", "ord\n");
    assert_true(has(one, "ord"));
    assert_false(has(one, "or"));
    char *empty = write_file(*state, "empty", "");
    assert_false(has(empty, "ord"));
    char *blank = write_file(*state, "blank", "\n\n\nord\n\n");
    assert_true(has(blank, "ord"));
    assert_false(has("/nonexistent/spor/wordlist", "ord"));
    assert_false(has(*state, "ord")); /* a folder */
    free(crlf);
    free(nonl);
    free(one);
    free(empty);
    free(blank);
}

/* An unsorted list: the probes see the disorder and the scan answers. */
static void test_unsorted(void **state)
{
    char *p = write_file(*state, "unsorted", "zebra\nunge\nbolig\nabe\n"
                         "hjemløs\naf\nærme\nafvikling\n");
    const char *in[] = {"zebra", "unge", "bolig", "abe", "hjemløs", "af",
                        "ærme", "afvikling"};
    for (size_t i = 0; i < sizeof in / sizeof *in; i++)
        assert_true(has(p, in[i]));
    assert_false(has(p, "ab"));
    assert_false(has(p, "zebraer"));
    free(p);
}

/* A list opened once answers every look-up as the path-based calls do,
 * also after a file it was opened from is gone (an index handle keeps it
 * for its life); a file that cannot be a list opens as NULL, a list
 * without words. */
static void test_opened(void **state)
{
    char *p = write_file(*state, "opened", "Aarhus\nabe\nbolig\nunge\r\n"
                         "ærme\n");
    wl_list *l = wl_open(p);
    assert_non_null(l);
    assert_int_equal(unlink(p), 0);
    for (int round = 0; round < 2; round++) {
        assert_true(wl_has(l, "abe", 3));
        assert_true(wl_has(l, "unge", 4));
        assert_true(wl_has(l, "ærme", strlen("ærme")));
        assert_false(wl_has(l, "aarhus", 6));
        assert_false(wl_has(l, "bol", 3));
        assert_false(wl_has(l, "", 0));
        assert_true(wl_has_word(l, "aarhus", 6));
        assert_true(wl_has_word(l, "bolig", 5));
        assert_false(wl_has_word(l, "boliger", 7));
    }
    wl_close(l);
    char *empty = write_file(*state, "empty", "");
    assert_null(wl_open(empty));
    assert_null(wl_open("/nonexistent/spor/wordlist"));
    assert_null(wl_open(*state));
    assert_null(wl_open(NULL));
    assert_false(wl_has(NULL, "abe", 3));
    assert_false(wl_has_word(NULL, "abe", 3));
    wl_close(NULL);
    free(p);
    free(empty);
}

/* The real list: each of a spread of its lines is found, and the same
 * line with a letter added or taken away is found exactly when a scan
 * finds it. */
static void test_debian_list(void **state)
{
    (void)state;
    if (access(LEX_DEFAULT_WORDLIST, R_OK) != 0)
        skip();
    char *text = NULL;
    size_t size = 0;
    spor_err e;
    assert_int_equal(rd_load_file(LEX_DEFAULT_WORDLIST, &text, &size, &e),
                     SPOR_OK);
    /* A newline first, so every line is "\n" word "\n" in all. */
    char *all = malloc(size + 2);
    assert_non_null(all);
    all[0] = '\n';
    memcpy(all + 1, text, size + 1);
    free(text);
    /* Every 997th line: the probes then land all over the file. */
    size_t lineno = 0, checked = 0;
    char word[256], needle[300];
    for (char *p = all + 1; *p; lineno++) {
        char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        if (lineno % 997 == 0 && n > 1 && n + 2 < sizeof word) {
            memcpy(word, p, n);
            word[n] = '\0';
            assert_true(has(LEX_DEFAULT_WORDLIST, word));
            /* Near misses, one letter more and one byte less: found
             * exactly when a scan of the file finds them. */
            word[n] = 'q';
            word[n + 1] = '\0';
            snprintf(needle, sizeof needle, "\n%s\n", word);
            assert_int_equal(has(LEX_DEFAULT_WORDLIST, word),
                             strstr(all, needle) != NULL);
            word[n - 1] = '\0';
            snprintf(needle, sizeof needle, "\n%s\n", word);
            assert_int_equal(has(LEX_DEFAULT_WORDLIST, word),
                             strstr(all, needle) != NULL);
            checked++;
        }
        p += n + (nl != NULL);
    }
    assert_true(checked > 100);
    free(all);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sorted, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_odd_files, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_unsorted, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test_setup_teardown(test_opened, make_tmpdir,
                                        remove_tmpdir),
        cmocka_unit_test(test_debian_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
