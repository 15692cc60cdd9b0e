/* The analyser's memo (anamemo.h): a map from each word to its record in
 * one byte arena. A record is the count of its terms, then per term its
 * kind, its length and its bytes with a NUL (terms are at most
 * ANA_MEMO_MAX_TERM bytes, so a byte holds each length). */
#include "spor/analysis/anamemo.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/strmap.h"

/* Words remembered at most: about 80 bytes each with the map's share, so
 * a few megabytes per thread; a corpus has this many distinct words only
 * in its long tail, which is seen rarely. */
#define ANA_MEMO_MAX_WORDS 65536
/* Longer terms (the analyser emits none) are not remembered. */
#define ANA_MEMO_MAX_TERM 255
/* Terms one word emits at most (its stem and its parts: compound.h has
 * far fewer parts). */
#define ANA_MEMO_MAX_TERMS 255

struct ana_memo {
    strmap *words;      /* word -> 1 + its record's offset in arena */
    sbuf arena;
    size_t rec_start;   /* the record being made */
    unsigned rec_terms;
    int rec_bad;        /* it cannot be kept (full, too long, no memory) */
};

spor_status ana_memo_new(ana_memo **out)
{
    ana_memo *m = calloc(1, sizeof *m);
    if (!m || smap_new(&m->words)) {
        free(m);
        return SPOR_ENOMEM;
    }
    *out = m;
    return SPOR_OK;
}

void ana_memo_free(ana_memo *m)
{
    if (!m)
        return;
    smap_free(m->words);
    sbuf_free(&m->arena);
    free(m);
}

int ana_memo_find(const ana_memo *m, const char *word, size_t len,
                  ana_memo_iter *it)
{
    uint32_t at = smap_get(m->words, word, len, NULL);
    if (!at)
        return 0;
    it->p = (const unsigned char *)m->arena.data + at - 1;
    it->left = *it->p++;
    return 1;
}

int ana_memo_next(ana_memo_iter *it, const char **term, size_t *len,
                  int *kind)
{
    if (!it->left)
        return 0;
    it->left--;
    *kind = it->p[0];
    *len = it->p[1];
    *term = (const char *)it->p + 2;
    it->p += 2 + *len + 1;
    return 1;
}

void ana_memo_begin(ana_memo *m)
{
    m->rec_start = m->arena.len;
    m->rec_terms = 0;
    m->rec_bad = smap_size(m->words) >= ANA_MEMO_MAX_WORDS ||
                 m->arena.len >= UINT32_MAX / 2 ||
                 sbuf_append_char(&m->arena, 0);
}

void ana_memo_add(ana_memo *m, const char *term, size_t len, int kind)
{
    if (m->rec_bad)
        return;
    unsigned char head[2] = {(unsigned char)kind, (unsigned char)len};
    m->rec_bad = len > ANA_MEMO_MAX_TERM ||
                 m->rec_terms == ANA_MEMO_MAX_TERMS ||
                 sbuf_append(&m->arena, head, 2) ||
                 sbuf_append(&m->arena, term, len) ||
                 sbuf_append_char(&m->arena, '\0');
    m->rec_terms++;
}

void ana_memo_commit(ana_memo *m, const char *word, size_t len)
{
    if (!m->rec_bad) {
        m->arena.data[m->rec_start] = (char)m->rec_terms;
        if (smap_add(m->words, word, len, (uint32_t)m->rec_start + 1) ==
            SPOR_OK)
            return;
    }
    ana_memo_abort(m);
}

void ana_memo_abort(ana_memo *m)
{
    m->arena.len = m->rec_start;
    if (m->arena.data)
        m->arena.data[m->arena.len] = '\0';
}
