/* Unit tests for the preset compression dictionary: the dictionary codec
 * (codec_deflate / codec_decompress_dict) and its training from corpus
 * word counts (zdict.c). A dictionary blob must round-trip, must be
 * smaller than the plain zlib form for text the dictionary knows, and
 * must be refused with SPOR_EINDEX (not misread) without the dictionary. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "spor/text/buf.h"
#include "spor/store/codec.h"
#include "spor/analysis/splitter.h"
#include "spor/analysis/stopwords.h"
#include "spor/store/zdict.h"

#define STOPWORDS_PATH SPOR_SOURCE_DIR "/stopwords/danish.txt"

static const char passage[] =
    "Beskæftigelsesindsatsen i kommunen skal styrke borgernes tilknytning "
    "til arbejdsmarkedet, og jobcentret samarbejder med virksomhederne om "
    "praktikpladser.";

static const char corpus[] =
    "beskæftigelsesindsatsen kommunen borgernes tilknytning arbejdsmarkedet "
    "jobcentret samarbejder virksomhederne praktikpladser styrke ";

static spl_splitter *trained(stop_list **stops)
{
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(stop_load(STOPWORDS_PATH, stops, &err), SPOR_OK);
    spl_splitter *s = NULL;
    assert_int_equal(spl_new(NULL, *stops, &s, &err), SPOR_OK);
    /* Each word well above the trainer's minimum count; "sjælden" once. */
    for (int i = 0; i < 10; i++)
        assert_int_equal(spl_count(s, corpus, strlen(corpus)), SPOR_OK);
    assert_int_equal(spl_count(s, "sjælden", strlen("sjælden")), SPOR_OK);
    return s;
}

static void test_train(void **state)
{
    (void)state;
    stop_list *stops = NULL;
    spl_splitter *s = trained(&stops);
    sbuf d = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(zdict_train(s, &d, &err), SPOR_OK);
    assert_true(d.len > 0 && d.len <= ZDICT_MAX_BYTES);
    assert_non_null(strstr(d.data, "arbejdsmarkedet "));
    assert_null(strstr(d.data, "sjælden")); /* seen once: no place */
    /* The word that saves most (longest, all counts equal) comes last. */
    const char *last = "beskæftigelsesindsatsen ";
    assert_int_equal(memcmp(d.data + d.len - strlen(last), last,
                            strlen(last)), 0);
    sbuf_free(&d);
    spl_free(s);
    stop_free(stops);
}

static void test_dict_codec(void **state)
{
    (void)state;
    stop_list *stops = NULL;
    spl_splitter *s = trained(&stops);
    sbuf dict = SBUF_INIT, plain = SBUF_INIT, withd = SBUF_INIT,
         back = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(zdict_train(s, &dict, &err), SPOR_OK);
    codec_deflater *d = NULL;
    assert_int_equal(codec_deflater_new(dict.data, dict.len, &d, &err),
                     SPOR_OK);
    assert_int_equal(codec_compress(passage, strlen(passage), &plain, &err),
                     SPOR_OK);
    /* Twice through one deflater: the reset between passages works. */
    for (int i = 0; i < 2; i++) {
        sbuf_reset(&withd);
        sbuf_reset(&back);
        assert_int_equal(codec_deflate(d, passage, strlen(passage), &withd,
                                       &err), SPOR_OK);
        assert_int_equal(codec_decompress_dict(withd.data, withd.len,
                                               dict.data, dict.len, &back,
                                               &err), SPOR_OK);
        assert_int_equal(back.len, strlen(passage));
        assert_memory_equal(back.data, passage, back.len);
    }
    assert_true(withd.len < plain.len);
    /* A dictionary blob without the dictionary is refused, not misread. */
    sbuf_reset(&back);
    assert_int_equal(codec_decompress(withd.data, withd.len, &back, &err),
                     SPOR_EINDEX);
    assert_non_null(strstr(err.msg, "dictionary"));
    /* A plain blob still decompresses when a dictionary is given. */
    sbuf_reset(&back);
    assert_int_equal(codec_decompress_dict(plain.data, plain.len, dict.data,
                                           dict.len, &back, &err), SPOR_OK);
    assert_memory_equal(back.data, passage, strlen(passage));
    /* A truncated dictionary blob is an index error. */
    sbuf_reset(&back);
    assert_int_equal(codec_decompress_dict(withd.data, withd.len - 2,
                                           dict.data, dict.len, &back, &err),
                     SPOR_EINDEX);
    codec_deflater_free(d);
    sbuf_free(&dict);
    sbuf_free(&plain);
    sbuf_free(&withd);
    sbuf_free(&back);
    spl_free(s);
    stop_free(stops);
}

/* A deflater compresses each record to the bytes a fresh raw deflate
 * stream given the dictionary gives it (the stored records do not depend
 * on how the deflater prepares its stream), record after record, with a
 * dictionary and without one. */
static void test_deflater_as_fresh_stream(void **state)
{
    (void)state;
    stop_list *stops = NULL;
    spl_splitter *s = trained(&stops);
    sbuf dict = SBUF_INIT, got = SBUF_INIT;
    spor_err err;
    spor_err_clear(&err);
    assert_int_equal(zdict_train(s, &dict, &err), SPOR_OK);
    for (int with_dict = 0; with_dict < 2; with_dict++) {
        codec_deflater *d = NULL;
        size_t dlen = with_dict ? dict.len : 0;
        assert_int_equal(codec_deflater_new(dict.data, dlen, &d, &err),
                         SPOR_OK);
        for (size_t n = 0; n < sizeof passage; n += 17) {
            /* zlib as the codec uses it: raw, level 6, memLevel 8. */
            z_stream z;
            memset(&z, 0, sizeof z);
            assert_int_equal(deflateInit2(&z, 6, Z_DEFLATED, -15, 8,
                                          Z_DEFAULT_STRATEGY), Z_OK);
            if (dlen)
                assert_int_equal(deflateSetDictionary(&z, (const Bytef *)
                                                      dict.data,
                                                      (uInt)dlen), Z_OK);
            unsigned char want[1024];
            z.next_in = (Bytef *)(uintptr_t)passage;
            z.avail_in = (uInt)n;
            z.next_out = want;
            z.avail_out = sizeof want;
            assert_int_equal(deflate(&z, Z_FINISH), Z_STREAM_END);
            sbuf_reset(&got);
            assert_int_equal(codec_deflate(d, passage, n, &got, &err),
                             SPOR_OK);
            assert_int_equal(got.len, 5 + z.total_out);
            assert_memory_equal(got.data + 5, want, z.total_out);
            deflateEnd(&z);
        }
        codec_deflater_free(d);
    }
    sbuf_free(&dict);
    sbuf_free(&got);
    spl_free(s);
    stop_free(stops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_train),
        cmocka_unit_test(test_dict_codec),
        cmocka_unit_test(test_deflater_as_fresh_stream),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
