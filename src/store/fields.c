/* Numbers and strings in stored records and exchanged files (fields.h). */
#include "fields.h"

spor_status fld_put_u64(sbuf *b, uint64_t v)
{
    unsigned char out[10];
    size_t n = 0;
    do {
        out[n] = (unsigned char)(v & 0x7f);
        v >>= 7;
        if (v)
            out[n] |= 0x80;
        n++;
    } while (v);
    return sbuf_append(b, out, n);
}

spor_status fld_put_str(sbuf *b, const char *s, size_t len)
{
    spor_status st = fld_put_u64(b, len);
    return st ? st : sbuf_append(b, s, len);
}

void fld_reader_init(fld_reader *r, const void *data, size_t len)
{
    r->p = data;
    r->end = r->p + len;
    r->bad = 0;
}

uint64_t fld_get_u64(fld_reader *r)
{
    uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (r->bad || r->p >= r->end)
            break;
        unsigned char c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return v;
    }
    r->bad = 1;
    return 0;
}

const char *fld_get_str(fld_reader *r, size_t *len)
{
    uint64_t n = fld_get_u64(r);
    if (r->bad || n > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        *len = 0;
        return "";
    }
    const char *s = (const char *)r->p;
    r->p += n;
    *len = (size_t)n;
    return s;
}
