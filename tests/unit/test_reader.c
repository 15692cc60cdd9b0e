/* Tests of the reader: what it refuses, how it splits and repairs lines,
 * and that every line keeps its exact place in the source bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spor/text/buf.h"
#include "spor/doc/reader.h"

static void write_file(const char *path, const char *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, len, f), len);
    fclose(f);
}

static void tmp_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "/tmp/spor_test_reader_%ld_%s", (long)getpid(), name);
}

static void test_binary_refused(void **state)
{
    (void)state;
    char path[256];
    tmp_path(path, sizeof path, "bin");
    write_file(path, "abc\0def", 7);
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_file(path, &d, &e), SPOR_EBINARY);
    assert_non_null(strstr(e.msg, path));
    assert_non_null(strstr(e.msg, "NUL byte at offset 3"));
    assert_int_equal(d.n_lines, 0);
    rd_doc_free(&d);
    unlink(path);
}

static void test_invalid_utf8_replaced(void **state)
{
    (void)state;
    /* "ø" (valid UTF-8, as long as "ok" was) marks the file as UTF-8, so
     * the bad bytes are strays rather than Windows-1252 text. */
    const char in[] = "\xC3\xB8\nbad \xFF here\n\xC3\x28x\n";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer(in, sizeof in - 1, &d, &e), SPOR_OK);
    assert_int_equal(d.n_lines, 3);
    assert_int_equal(d.n_invalid, 2);
    assert_int_equal(d.first_invalid, 7);
    assert_string_equal(d.lines[1].text, "bad \xEF\xBF\xBD here");
    /* Sanitising grew the line, but the source span is still exact. */
    assert_int_equal(d.lines[1].src_off, 3);
    assert_int_equal(d.lines[1].src_len, 10);
    assert_int_equal(d.lines[2].src_off, 14);
    rd_doc_free(&d);
}

static void test_windows1252_read(void **state)
{
    (void)state;
    /* Danish in Windows-1252: no valid UTF-8 multi-byte character at all. */
    const char in[] = "Hj\xE6lp til boligs\xF8gende \x96 \x80 5\n";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer(in, sizeof in - 1, &d, &e), SPOR_OK);
    assert_int_equal(d.latin1, 1);
    assert_int_equal(d.first_invalid, 2);
    assert_string_equal(d.lines[0].text,
                        "Hj\xC3\xA6lp til boligs\xC3\xB8gende "
                        "\xE2\x80\x93 \xE2\x82\xAC 5");
    rd_doc_free(&d);
}

static void test_stray_nul_read_as_space(void **state)
{
    (void)state;
    sbuf b = SBUF_INIT;
    for (int i = 0; i < 40; i++)
        sbuf_append_str(&b, "Frivillige hjælper unge hjemløse i byen. ");
    sbuf_append(&b, "A\0B\n", 4);
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer(b.data, b.len, &d, &e), SPOR_OK);
    assert_int_equal(d.n_nul, 1);
    assert_non_null(strstr(d.lines[0].text, "A B"));
    rd_doc_free(&d);
    sbuf_free(&b);
}

static void test_binary_without_nul_refused(void **state)
{
    (void)state;
    /* Compressed or random bytes: many are not UTF-8, some happen to be. */
    char in[4096];
    uint32_t x = 2463534242u;
    for (size_t i = 0; i < sizeof in; i++) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        unsigned char c = (unsigned char)(x >> 7);
        in[i] = (char)(c < 0x20 ? c | 0x40 : c); /* no control bytes */
    }
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer(in, sizeof in, &d, &e), SPOR_EBINARY);
    assert_non_null(strstr(e.msg, "not UTF-8"));
    const char utf16[] = "\xFF\xFEH\0j\0";
    assert_int_equal(rd_read_buffer(utf16, sizeof utf16 - 1, &d, &e),
                     SPOR_EBINARY);
    assert_non_null(strstr(e.msg, "UTF-16"));
}

static void test_line_endings_and_bom(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBFone\r\ntwo\rthree\n\nfive";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer(in, sizeof in - 1, &d, &e), SPOR_OK);
    assert_int_equal(d.n_lines, 5);
    assert_string_equal(d.lines[0].text, "one");
    assert_string_equal(d.lines[1].text, "two");
    assert_string_equal(d.lines[2].text, "three");
    assert_string_equal(d.lines[3].text, "");
    assert_string_equal(d.lines[4].text, "five");
    for (size_t i = 0; i < d.n_lines; i++)
        assert_int_equal(d.lines[i].lineno, i + 1);
    assert_int_equal(d.lines[0].src_off, 3);
    assert_int_equal(d.lines[0].src_len, 3);
    assert_int_equal(d.lines[1].src_off, 8);
    assert_int_equal(d.lines[2].src_off, 12);
    assert_int_equal(d.lines[4].src_off, 19);
    assert_int_equal(d.lines[4].src_len, 4);
    assert_int_equal(d.src_bytes, sizeof in - 1);
    for (size_t i = 0; i < d.n_lines; i++)
        assert_memory_equal(in + d.lines[i].src_off, d.lines[i].text,
                            d.lines[i].src_len);
    rd_doc_free(&d);
}

static void test_trailing_newline_no_extra_line(void **state)
{
    (void)state;
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_buffer("a\nb\n", 4, &d, &e), SPOR_OK);
    assert_int_equal(d.n_lines, 2);
    rd_doc_free(&d);
    assert_int_equal(rd_read_buffer("a\r\n\r\n", 5, &d, &e), SPOR_OK);
    assert_int_equal(d.n_lines, 2);
    assert_string_equal(d.lines[1].text, "");
    rd_doc_free(&d);
}

static void test_empty_file(void **state)
{
    (void)state;
    char path[256];
    tmp_path(path, sizeof path, "empty");
    write_file(path, "", 0);
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_file(path, &d, &e), SPOR_OK);
    assert_int_equal(d.n_lines, 0);
    assert_int_equal(d.src_bytes, 0);
    assert_int_equal(d.content_hash, 0xcbf29ce484222325ull);
    rd_doc_free(&d);
    unlink(path);
}

static void test_missing_and_directory(void **state)
{
    (void)state;
    rd_doc d;
    spor_err e;
    const char *missing = "/tmp/spor-no-such-dir/nothing.txt";
    assert_int_equal(rd_read_file(missing, &d, &e), SPOR_EIO);
    assert_non_null(strstr(e.msg, missing));
    assert_non_null(strstr(e.msg, "No such file"));
    assert_int_equal(rd_read_file("/tmp", &d, &e), SPOR_EIO);
    assert_non_null(strstr(e.msg, "/tmp"));
}

static void test_normalised_and_hashed(void **state)
{
    (void)state;
    /* A soft hyphen is dropped by norm_line; the hash is over raw bytes. */
    const char in[] = "udfor\xC2\xAD" "dringer\n";
    rd_doc d, d2;
    spor_err e;
    assert_int_equal(rd_read_buffer(in, sizeof in - 1, &d, &e), SPOR_OK);
    assert_string_equal(d.lines[0].text, "udfordringer");
    assert_int_equal(d.lines[0].src_len, 14);
    assert_int_equal(rd_read_buffer("udfordringer\n", 13, &d2, &e), SPOR_OK);
    assert_true(d.content_hash != d2.content_hash);
    /* FNV-1a 64 of "a" is a published test vector. */
    rd_doc_free(&d2);
    assert_int_equal(rd_read_buffer("a", 1, &d2, &e), SPOR_OK);
    assert_int_equal(d2.content_hash, 0xaf63dc4c8601ec8cull);
    rd_doc_free(&d);
    rd_doc_free(&d2);
}

static void test_corpus_file_offsets(void **state)
{
    (void)state;
    const char *path =
        SPOR_SOURCE_DIR "/corpus/aarhus-amsterdam-studietur-2023-pdf.txt";
    rd_doc d;
    spor_err e;
    assert_int_equal(rd_read_file(path, &d, &e), SPOR_OK);
    assert_true(d.n_lines > 1000);
    assert_int_equal(d.n_invalid, 0);
    size_t prev_end = 0;
    for (size_t i = 0; i < d.n_lines; i++) {
        assert_true(d.lines[i].src_off >= prev_end);
        prev_end = d.lines[i].src_off + d.lines[i].src_len;
        assert_true(prev_end <= d.src_bytes);
    }
    rd_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_binary_refused),
        cmocka_unit_test(test_invalid_utf8_replaced),
        cmocka_unit_test(test_windows1252_read),
        cmocka_unit_test(test_stray_nul_read_as_space),
        cmocka_unit_test(test_binary_without_nul_refused),
        cmocka_unit_test(test_line_endings_and_bom),
        cmocka_unit_test(test_trailing_newline_no_extra_line),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_missing_and_directory),
        cmocka_unit_test(test_normalised_and_hashed),
        cmocka_unit_test(test_corpus_file_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
