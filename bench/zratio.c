/* Reports how well the stored passages of a spor index compress with and
 * without the index's preset dictionary: every passage record is decoded
 * and encoded again both ways. Used by bench/run; not installed.
 *
 * usage: spor-zratio INDEXDIR   (prints one JSON object) */
#include <stdio.h>
#include <stdlib.h>

#include "spor/store/codec.h"
#include "spor/store/generation.h"
#include "spor/store/hit_value.h"
#include "spor/store/schema.h"
#include "xapian_c.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: spor-zratio INDEXDIR\n");
        return 2;
    }
    spor_err err;
    spor_err_clear(&err);
    char *path = NULL;
    xc_db *db = NULL;
    xc_error xe;
    char *dict = NULL;
    size_t dict_len = 0;
    if (gen_current_path(argv[1], &path, &err) ||
        xc_db_open(path, &db, &xe) ||
        /* No key: an empty dictionary (Xapian drops empty values). */
        (xc_db_get_metadata(db, SCHEMA_META_ZDICT, &dict, &dict_len, &xe) &&
         xe.status != XC_ENOTFOUND)) {
        fprintf(stderr, "spor-zratio: %s: %s\n", argv[1],
                err.msg[0] ? err.msg : xe.msg);
        return 2;
    }
    codec_deflater *d = NULL;
    unsigned n = 0;
    if (codec_deflater_new(dict, dict_len, &d, &err) ||
        xc_db_doccount(db, &n, &xe)) {
        fprintf(stderr, "spor-zratio: %s\n", err.msg);
        return 2;
    }
    unsigned long long text = 0, plain = 0, with = 0, passages = 0;
    sbuf a = SBUF_INIT, b = SBUF_INIT;
    /* A compacted index numbers its passages 1..n. */
    for (unsigned id = 1; id <= n; id++) {
        char *data = NULL;
        size_t len = 0;
        schema_record r;
        hit_view v;
        /* Since schema 16 the record's only copy is in the hit value. */
        if (xc_db_get_value(db, id, SCHEMA_SLOT_HIT, &data, &len, &xe) ||
            hitv_decode(data, len, &v) ||
            schema_record_decode_dict(v.record, v.record_len, dict,
                                      dict_len, &r, &err)) {
            fprintf(stderr, "spor-zratio: passage %u: %s\n", id,
                    err.msg[0] ? err.msg : xe.msg);
            return 2;
        }
        free(data);
        sbuf_reset(&a);
        sbuf_reset(&b);
        r.deflater = NULL;
        if (schema_record_encode(&r, &a, &err))
            return 2;
        r.deflater = d;
        if (schema_record_encode(&r, &b, &err))
            return 2;
        text += r.text_len;
        plain += a.len;
        with += b.len;
        passages++;
        schema_record_free(&r);
    }
    printf("{\"passages\": %llu, \"text_bytes\": %llu, \"zlib_bytes\": %llu, "
           "\"zlib_dict_bytes\": %llu, \"dict_bytes\": %zu}\n",
           passages, text, plain, with, dict_len);
    sbuf_free(&a);
    sbuf_free(&b);
    codec_deflater_free(d);
    free(dict);
    free(path);
    xc_db_close(db);
    return 0;
}
