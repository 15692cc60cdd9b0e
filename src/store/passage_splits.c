/* Passage splits (passage_splits.h): this file owns writing and reading
 * the compound splits stored with each passage. */
#include "spor/store/passage_splits.h"

#include <stdint.h>

#include "spor/text/strmap.h"
#include "spor/text/tokenise.h"

/* As the analyser (analyser.c): longer tokens are not indexed at all. */
#define PSPLIT_MAX_TERM 240

/* One entry: the delta to token ord, then the parts of sp. */
static int put_entry(sbuf *out, size_t delta, const cpd_split *sp)
{
    if (sbuf_append_varint(out, delta) ||
        sbuf_append_char(out, (char)(unsigned char)sp->n))
        return -1;
    for (size_t i = 0; i < sp->n; i++)
        if (sbuf_append_varint(out, sp->parts[i].start) ||
            sbuf_append_varint(out, sp->parts[i].len))
            return -1;
    return 0;
}

spor_status psplit_encode(const ana_analyser *a, const char *text,
                          size_t len, sbuf *out)
{
    if (!a->split)
        return SPOR_OK;
    strmap *seen = NULL;
    if (smap_new(&seen) != SPOR_OK)
        return SPOR_ENOMEM;
    tok_iter it;
    tok_token t;
    spor_status st = SPOR_OK;
    size_t ord = 0, prev = 0;
    int r = 0;
    tok_init(&it, text, len);
    for (; !st && (r = tok_next(&it, &t)) == 1; ord++) {
        /* The words the analyser gives parts for: indexed, no stop word,
         * split in two or more; each listed once. */
        int known = 0;
        if (t.term_len > PSPLIT_MAX_TERM ||
            (a->stops && stop_contains(a->stops, t.term, t.term_len)))
            continue;
        smap_get(seen, t.term, t.term_len, &known);
        if (known)
            continue;
        cpd_split sp;
        if (smap_add(seen, t.term, t.term_len, 1) != SPOR_OK)
            st = SPOR_ENOMEM;
        else if (a->split(a->split_ctx, t.term, t.term_len, &sp) >= 2) {
            if (put_entry(out, ord - prev, &sp))
                st = SPOR_ENOMEM;
            prev = ord;
        }
    }
    tok_done(&it);
    if (!st && r < 0)
        st = SPOR_ENOMEM;
    smap_free(seen);
    return st;
}

/* Reads the next entry's ordinal into it->next. */
static int read_next(psplit_iter *it)
{
    size_t delta = 0;
    it->has_next = it->p < it->end;
    if (!it->has_next)
        return 0;
    if (buf_read_varint(&it->p, it->end, &delta))
        return -1;
    it->next += delta;
    return 0;
}

void psplit_init(psplit_iter *it, const char *value, size_t len)
{
    it->p = (const unsigned char *)value;
    /* No splits stored (NULL): even a zero offset on NULL is undefined. */
    it->end = value ? it->p + len : it->p;
    it->next = 0;
    if (read_next(it))
        it->p = it->end, it->has_next = 0;
}

/* Skips or reads the parts of the entry at it->p into out. */
static int read_parts(psplit_iter *it, cpd_split *out)
{
    if (it->p >= it->end)
        return -1;
    size_t n = *it->p++;
    if (n > CPD_MAX_PARTS)
        return -1;
    out->n = n;
    for (size_t i = 0; i < n; i++)
        if (buf_read_varint(&it->p, it->end, &out->parts[i].start) ||
            buf_read_varint(&it->p, it->end, &out->parts[i].len))
            return -1;
    return 0;
}

int psplit_at(psplit_iter *it, size_t ord, cpd_split *out)
{
    cpd_split skip;
    while (it->has_next && it->next < ord)
        if (read_parts(it, &skip) || read_next(it))
            return -1;
    if (!it->has_next || it->next != ord)
        return 0;
    if (read_parts(it, out) || read_next(it))
        return -1;
    return 1;
}
