/* The reader: from a file's bytes to numbered, normalised lines.
 *
 * Lines are split on the raw bytes first and only then sanitised and
 * normalised one by one. Sanitising replaces a bad byte by a three-byte
 * U+FFFD and normalising drops or composes characters, so the text of a line
 * may be longer or shorter than its source; splitting first keeps each
 * line's src_off/src_len exact, which is what a passage's byte range and the
 * "open the report at this line" promise rest on. */
#include "spor/doc/reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spor/text/buf.h"
#include "spor/text/file.h"
#include "spor/text/normalise.h"
#include "spor/text/utf8.h"

/* FNV-1a 64: cheap, stable across platforms and good enough to notice that
 * a file changed since it was indexed (not a security measure). */
#define FNV64_OFFSET 0xcbf29ce484222325ull
#define FNV64_PRIME 0x100000001b3ull

/* Name used in error messages for in-memory input. */
#define RD_BUFFER_NAME "(buffer)"

uint64_t rd_hash_bytes(const char *p, size_t n)
{
    uint64_t h = FNV64_OFFSET;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= FNV64_PRIME;
    }
    return h;
}

/* Length of the line starting at p[0..n) and of its terminator (0, 1 or 2
 * bytes: LF, CR, CRLF). */
static size_t line_end(const char *p, size_t n, size_t *term_len)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            *term_len = 1;
            return i;
        }
        if (p[i] == '\r') {
            *term_len = (i + 1 < n && p[i + 1] == '\n') ? 2 : 1;
            return i;
        }
    }
    *term_len = 0;
    return n;
}

static size_t count_lines(const char *p, size_t n)
{
    size_t count = 0, pos = 0;
    while (pos < n) {
        size_t term;
        size_t len = line_end(p + pos, n - pos, &term);
        pos += len + term;
        count++;
    }
    return count;
}

/* Windows-1252's 0x80..0x9F (the rest of the upper half is Latin-1, the
 * code point itself); 0 marks the five bytes it leaves undefined. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static spor_status cp1252_to_utf8(const char *in, size_t len, sbuf *out)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)in[i];
        uint32_t cp = c < 0x80 ? c
                      : c < 0xA0 ? cp1252_high[c - 0x80] : c;
        char enc[4];
        if (!cp)
            cp = UTF8_REPLACEMENT;
        if (sbuf_append(out, enc, utf8_encode(cp, enc)))
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

/* Sanitises and normalises one source line into a fresh string. */
static spor_status make_line(const char *src, size_t src_off, size_t src_len,
                             rd_doc *doc, sbuf *scratch, rd_line *line)
{
    size_t n_bad = 0, first_bad = 0;
    sbuf_reset(scratch);
    if (doc->latin1) {
        if (cp1252_to_utf8(src + src_off, src_len, scratch))
            return SPOR_ENOMEM;
    } else if (utf8_sanitize(src + src_off, src_len, scratch, &n_bad,
                             &first_bad) != SPOR_OK)
        return SPOR_ENOMEM;
    if (n_bad) {
        if (doc->n_invalid == 0)
            doc->first_invalid = src_off + first_bad;
        doc->n_invalid += n_bad;
    }
    sbuf text = SBUF_INIT;
    if (norm_line(scratch->data ? scratch->data : "", scratch->len, &text) !=
        SPOR_OK) {
        sbuf_free(&text);
        return SPOR_ENOMEM;
    }
    line->text = sbuf_detach(&text, &line->len);
    if (!line->text)
        return SPOR_ENOMEM;
    line->text[line->len] = '\0'; /* a never-appended buffer comes back
                                      unterminated from sbuf_detach */
    line->src_off = src_off;
    line->src_len = src_len;
    return SPOR_OK;
}

/* Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC
 * do, the last in terminal captures). */
static int is_binary_control(unsigned char c)
{
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\v' && c != '\f' &&
            c != '\r' && c != 0x1B) || c == 0x7F;
}

/* The encoding a byte order mark names, when it is one spor does not read:
 * UTF-32's marks first, since the little-endian one begins with UTF-16's. */
static const char *wide_encoding(const char *b, size_t len)
{
    if (len >= 4 && !memcmp(b, "\xFF\xFE\0\0", 4))
        return "UTF-32 (little-endian)";
    if (len >= 4 && !memcmp(b, "\0\0\xFE\xFF", 4))
        return "UTF-32 (big-endian)";
    if (len >= 2 && !memcmp(b, "\xFF\xFE", 2))
        return "UTF-16 (little-endian)";
    if (len >= 2 && !memcmp(b, "\xFE\xFF", 2))
        return "UTF-16 (big-endian)";
    return NULL;
}

/* Decides whether bytes are text, and how to read them: sets doc->n_nul,
 * doc->latin1, and for Windows-1252 doc->n_invalid and first_invalid. */
static spor_status classify(const char *bytes, size_t len, const char *name,
                            rd_doc *doc, spor_err *err)
{
    const char *wide = wide_encoding(bytes, len);
    if (wide)
        return spor_fail(err, SPOR_EBINARY, "%s: %s text is not read "
                         "(convert it to UTF-8)", name, wide);
    size_t n_ctrl = 0, first_ctrl = 0, n_nul = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        if (is_binary_control(c)) {
            if (!n_ctrl)
                first_ctrl = i;
            n_ctrl++;
            n_nul += c == 0;
        }
    }
    if (n_ctrl && n_ctrl * 1000 > len * RD_MAX_CONTROL_PERMILLE) {
        unsigned char c = (unsigned char)bytes[first_ctrl];
        if (c == 0)
            return spor_fail(err, SPOR_EBINARY, "%s: binary file (NUL byte at "
                             "offset %zu)", name, first_ctrl);
        return spor_fail(err, SPOR_EBINARY, "%s: binary file (control byte "
                         "0x%02X at offset %zu)", name, c, first_ctrl);
    }
    doc->n_nul = n_nul;
    size_t n_bad = 0, n_multi = 0, first_bad = 0;
    for (size_t i = 0; i < len;) {
        if ((unsigned char)bytes[i] < 0x80) {
            i++;
            continue;
        }
        size_t adv;
        if (utf8_decode(bytes + i, len - i, &adv) == UTF8_INVALID) {
            if (!n_bad)
                first_bad = i;
            n_bad++;
        } else {
            n_multi++;
        }
        i += adv;
    }
    if (n_bad && !n_multi) {
        doc->latin1 = 1;
        doc->n_invalid = n_bad;
        doc->first_invalid = first_bad;
    } else if (n_bad * 1000 > len * RD_MAX_INVALID_PERMILLE) {
        return spor_fail(err, SPOR_EBINARY, "%s: binary file (%zu of %zu "
                         "bytes are not UTF-8, first at offset %zu)", name,
                         n_bad, len, first_bad);
    }
    return SPOR_OK;
}

static spor_status parse_bytes(const char *bytes, size_t len, const char *name,
                               rd_doc *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    out->src_bytes = len;
    spor_status st = classify(bytes, len, name, out, err);
    if (st)
        return st;
    out->content_hash = rd_hash_bytes(bytes, len);

    /* A UTF-8 BOM says nothing about the text; it is not part of line 1. */
    size_t start = 0;
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        start = 3;
    size_t n = count_lines(bytes + start, len - start);
    if (n == 0)
        return SPOR_OK;
    out->lines = calloc(n, sizeof *out->lines);
    if (!out->lines)
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", name);
    out->cap_lines = n;

    sbuf scratch = SBUF_INIT;
    size_t pos = start;
    for (size_t i = 0; i < n; i++) {
        size_t term;
        size_t llen = line_end(bytes + pos, len - pos, &term);
        if (make_line(bytes, pos, llen, out, &scratch, &out->lines[i]) !=
            SPOR_OK) {
            sbuf_free(&scratch);
            out->n_lines = i + 1; /* line i may hold a partial allocation */
            rd_doc_free(out);
            return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", name);
        }
        out->lines[i].lineno = (unsigned)(i + 1);
        out->n_lines = i + 1;
        pos += llen + term;
    }
    sbuf_free(&scratch);
    return SPOR_OK;
}

spor_status rd_read_buffer(const char *bytes, size_t len, rd_doc *out,
                           spor_err *err)
{
    if (!out || (!bytes && len))
        return spor_fail(err, SPOR_EINVAL, "rd_read_buffer: bad arguments");
    if (len > RD_MAX_FILE_BYTES) {
        memset(out, 0, sizeof *out);
        return spor_fail(err, SPOR_EINVAL, "%s: larger than %u bytes",
                         RD_BUFFER_NAME, RD_MAX_FILE_BYTES);
    }
    return parse_bytes(bytes ? bytes : "", len, RD_BUFFER_NAME, out, err);
}

/* Reads the whole stream; the size from stat is only a hint, since the file
 * may change between stat and read. */
static spor_status slurp(FILE *f, const char *path, size_t hint, char **buf_out,
                         size_t *len_out, spor_err *err)
{
    size_t cap = hint + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
    for (;;) {
        if (len == cap) {
            if (cap > RD_MAX_FILE_BYTES) {
                free(buf);
                return spor_fail(err, SPOR_EINVAL, "%s: larger than %u bytes",
                                 path, RD_MAX_FILE_BYTES);
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
            }
            buf = p;
            cap *= 2;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0)
            break;
    }
    if (ferror(f)) {
        int e = errno;
        free(buf);
        return spor_fail(err, SPOR_EIO, "%s: %s", path,
                         e ? strerror(e) : "read error");
    }
    if (len > RD_MAX_FILE_BYTES) {
        free(buf);
        return spor_fail(err, SPOR_EINVAL, "%s: larger than %u bytes", path,
                         RD_MAX_FILE_BYTES);
    }
    if (len == cap) {
        char *p = realloc(buf, cap + 1);
        if (!p) {
            free(buf);
            return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
        }
        buf = p;
    }
    buf[len] = '\0'; /* as rd_load_file promises */
    *buf_out = buf;
    *len_out = len;
    return SPOR_OK;
}

spor_status rd_load_file(const char *path, char **bytes, size_t *len,
                         spor_err *err)
{
    if (!path || !bytes || !len)
        return spor_fail(err, SPOR_EINVAL, "rd_load_file: bad arguments");
    *bytes = NULL;
    *len = 0;
    FILE *f;
    spor_status s = file_open_regular(path, "document", RD_MAX_FILE_BYTES,
                                      0, &f, err);
    if (s != SPOR_OK)
        return s;
    struct stat st;
    size_t hint = fstat(fileno(f), &st) == 0 ? (size_t)st.st_size : 0;
    s = slurp(f, path, hint, bytes, len, err);
    fclose(f);
    return s;
}

spor_status rd_parse_text(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err)
{
    if (!out || (!bytes && len) || !name)
        return spor_fail(err, SPOR_EINVAL, "rd_parse_text: bad arguments");
    return parse_bytes(bytes ? bytes : "", len, name, out, err);
}

spor_status rd_read_with(const char *path, rd_parse_fn parse, rd_doc *out,
                         spor_err *err)
{
    if (!path || !parse || !out)
        return spor_fail(err, SPOR_EINVAL, "rd_read_with: bad arguments");
    memset(out, 0, sizeof *out);
    char *buf = NULL;
    size_t len = 0;
    spor_status st = rd_load_file(path, &buf, &len, err);
    if (st != SPOR_OK)
        return st;
    st = parse(buf, len, path, out, err);
    free(buf);
    return st;
}

spor_status rd_read_file(const char *path, rd_doc *out, spor_err *err)
{
    return rd_read_with(path, rd_parse_text, out, err);
}

spor_status rd_doc_append(rd_doc *doc, const char *text, size_t len,
                          const rd_line *meta)
{
    if (doc->n_lines == doc->cap_lines) {
        size_t cap = doc->cap_lines ? doc->cap_lines * 2 : 64;
        rd_line *v = realloc(doc->lines, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        doc->lines = v;
        doc->cap_lines = cap;
    }
    rd_line *line = &doc->lines[doc->n_lines];
    *line = *meta;
    line->text = NULL;
    sbuf scratch = SBUF_INIT;
    /* make_line sees text as a buffer of its own (offset 0); the true
     * source offsets are restored after. */
    size_t invalid_before = doc->n_invalid;
    spor_status s = make_line(text, 0, len, doc, &scratch, line);
    sbuf_free(&scratch);
    if (s != SPOR_OK)
        return s;
    if (!invalid_before && doc->n_invalid)
        doc->first_invalid += meta->src_off;
    line->src_off = meta->src_off;
    line->src_len = meta->src_len;
    doc->n_lines++;
    return SPOR_OK;
}

void rd_doc_free(rd_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_lines; i++)
        free(doc->lines[i].text);
    free(doc->lines);
    free(doc->title);
    free(doc->warning);
    memset(doc, 0, sizeof *doc);
}
