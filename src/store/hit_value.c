/* The hit value (hit_value.h): this file owns its layout. */
#include "spor/store/hit_value.h"

#include <string.h>


/* A varint length at *p, then that many bytes, which must fit before
 * end: *out points at them and *p moves past. */
static int get_part(const char **p, const char *end, const char **out,
                    size_t *len)
{
    const unsigned char *u = (const unsigned char *)*p;
    size_t v = 0;
    if (buf_read_varint(&u, (const unsigned char *)end, &v) ||
        v > (size_t)(end - (const char *)u))
        return -1;
    *out = (const char *)u;
    *len = v;
    *p = (const char *)u + v;
    return 0;
}

spor_status hitv_encode(const hit_view *v, sbuf *out)
{
    if (sbuf_append_varint(out, v->id_len) ||
        sbuf_append(out, v->id, v->id_len) ||
        sbuf_append_varint(out, v->splits_len) ||
        sbuf_append(out, v->splits, v->splits_len) ||
        sbuf_append(out, v->nonprose, HITV_PROSE_LEN) ||
        sbuf_append(out, v->record, v->record_len))
        return SPOR_ENOMEM;
    return SPOR_OK;
}

spor_status hitv_decode(const char *value, size_t len, hit_view *out)
{
    if (!value)
        return SPOR_EINDEX;
    const char *p = value, *end = value + len;
    if (get_part(&p, end, &out->id, &out->id_len) ||
        get_part(&p, end, &out->splits, &out->splits_len) || end - p < HITV_PROSE_LEN)
        return SPOR_EINDEX;
    memcpy(out->nonprose, p, HITV_PROSE_LEN);
    out->record = p + HITV_PROSE_LEN;
    out->record_len = (size_t)(end - out->record);
    return SPOR_OK;
}
