/* The framing and field encoding of the tables files that shards built
 * apart exchange (tables_file.h). */
#include "tables_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "spor/store/codec.h"
#include "spor/text/file.h"

/* Far above any corpus's tables (a partial file holds its share's text,
 * packed); a larger file is not one of ours. */
#define TF_MAX_BYTES (16UL << 30)
/* The fixed part after the first line: three 8-byte numbers. */
#define TF_FRAME_BYTES 24

static const char *const TF_KIND_NAMES[] = {"partial", "merged"};

static void put_le64(unsigned char *out, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        out[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le64(const unsigned char *in)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = v << 8 | in[i];
    return v;
}

/* Writes all of f's content and makes it durable; closes f. */
static spor_status write_out(FILE *f, const char *tmp, const char *head,
                             const unsigned char *frame, const sbuf *packed,
                             spor_err *err)
{
    int bad = fputs(head, f) == EOF ||
              fwrite(frame, 1, TF_FRAME_BYTES, f) != TF_FRAME_BYTES ||
              fwrite(packed->data, 1, packed->len, f) != packed->len ||
              fflush(f) != 0 || fsync(fileno(f)) != 0;
    int saved = errno;
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        saved = errno;
    }
    if (bad)
        return spor_fail(err, SPOR_EIO, "%s: cannot write: %s", tmp,
                         strerror(saved));
    return SPOR_OK;
}

spor_status tf_write(const char *path, tf_kind kind, const sbuf *body,
                     spor_err *err)
{
    sbuf packed = SBUF_INIT, tmp = SBUF_INIT;
    char head[64];
    unsigned char frame[TF_FRAME_BYTES];
    spor_status st = codec_compress(body->data ? body->data : "", body->len,
                                    &packed, err);
    if (st)
        return st;
    snprintf(head, sizeof head, "%s %d %s\n", TF_MAGIC, TF_VERSION,
             TF_KIND_NAMES[kind]);
    put_le64(frame, packed.len);
    put_le64(frame + 8, body->len);
    put_le64(frame + 16, crc32_z(0L, (const Bytef *)packed.data,
                               packed.len));
    FILE *f = NULL;
    if (sbuf_printf(&tmp, "%s.tmp", path))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    else if (!(f = fopen(tmp.data, "wb")))
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", tmp.data,
                       strerror(errno));
    else
        st = write_out(f, tmp.data, head, frame, &packed, err);
    if (!st && rename(tmp.data, path) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", path,
                       strerror(errno));
    if (st && tmp.data)
        unlink(tmp.data);
    sbuf_free(&packed);
    sbuf_free(&tmp);
    return st;
}

/* Checks the first line: magic, version, kind; *skip gets its length. */
static spor_status check_head(const char *path, const char *data,
                              size_t len, tf_kind kind, size_t *skip,
                              spor_err *err)
{
    const char *nl = memchr(data, '\n', len < 64 ? len : 64);
    size_t ml = strlen(TF_MAGIC);
    if (!nl || (size_t)(nl - data) <= ml || memcmp(data, TF_MAGIC, ml) ||
        data[ml] != ' ')
        return spor_fail(err, SPOR_EINVAL, "%s: not a spor tables file",
                         path);
    int version = 0;
    char name[16] = "";
    if (sscanf(data + ml, " %d %15s", &version, name) != 2)
        return spor_fail(err, SPOR_EINVAL, "%s: damaged tables file (bad "
                         "first line)", path);
    if (version != TF_VERSION)
        return spor_fail(err, SPOR_EINVAL, "%s: tables file of version %d; "
                         "this spor reads version %d (count and merge with "
                         "one spor)", path, version, TF_VERSION);
    if (strcmp(name, TF_KIND_NAMES[kind]))
        return spor_fail(err, SPOR_EINVAL, "%s: a %s tables file, where a "
                         "%s one is needed", path, name,
                         TF_KIND_NAMES[kind]);
    *skip = (size_t)(nl - data) + 1;
    return SPOR_OK;
}

spor_status tf_read(const char *path, tf_kind kind, sbuf *body,
                    spor_err *err)
{
    char *data = NULL;
    size_t len = 0, skip = 0;
    spor_status st = file_read_all(path, "tables file", TF_MAX_BYTES, &data,
                                   &len, err);
    if (st)
        return st;
    if ((st = check_head(path, data, len, kind, &skip, err)))
        goto out;
    const unsigned char *frame = (const unsigned char *)data + skip;
    if (len - skip < TF_FRAME_BYTES ||
        get_le64(frame) != len - skip - TF_FRAME_BYTES) {
        st = spor_fail(err, SPOR_EINVAL, "%s: damaged tables file "
                       "(truncated or extended)", path);
        goto out;
    }
    const unsigned char *packed = frame + TF_FRAME_BYTES;
    size_t plen = len - skip - TF_FRAME_BYTES;
    if (crc32_z(0L, packed, plen) != get_le64(frame + 16)) {
        st = spor_fail(err, SPOR_EINVAL, "%s: damaged tables file (checksum "
                       "does not match)", path);
        goto out;
    }
    sbuf_reset(body);
    spor_err derr;
    spor_err_clear(&derr);
    if (codec_decompress(packed, plen, body, &derr) ||
        body->len != get_le64(frame + 8))
        st = spor_fail(err, SPOR_EINVAL, "%s: damaged tables file (does not "
                       "unpack)", path);
out:
    free(data);
    return st;
}
