/* Cached compound splitting for the indexer (see splitter.h). The cache
 * maps a word to 0 (not a compound) or to 1 + the index of its split. */
#include "spor/analysis/splitter.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/analysis/lexicon.h"

struct spl_splitter {
    lex_lexicon lex;
    cpd_lexicon cl;
    strmap *cache;
    cpd_split *splits;
    size_t n, cap;
    int failed; /* an allocation failed in spl_split: splits are skipped */
};

spor_status spl_new(const char *wordlist_path, const stop_list *stops,
                    spl_splitter **out, spor_err *err)
{
    spl_splitter *s = calloc(1, sizeof *s);
    if (!s || smap_new(&s->lex.corpus) || smap_new(&s->cache)) {
        spl_free(s);
        return spor_fail(err, SPOR_ENOMEM, "compound splitter: out of memory");
    }
    if (wordlist_path) {
        spor_status st = lex_load_wordlist(wordlist_path, &s->lex.wordlist,
                                           err);
        if (st) {
            spl_free(s);
            return st;
        }
    }
    s->cl.freq = lex_freq;
    s->cl.ctx = &s->lex;
    s->cl.stops = stops;
    *out = s;
    return SPOR_OK;
}

void spl_free(spl_splitter *s)
{
    if (!s)
        return;
    smap_free(s->lex.corpus);
    smap_free(s->lex.wordlist);
    smap_free(s->cache);
    free(s->splits);
    free(s);
}

spor_status spl_count(spl_splitter *s, const char *text, size_t len)
{
    return lex_count_text(s->lex.corpus, text, len);
}

spor_status spl_add_count(spl_splitter *s, const char *word, size_t len,
                          uint32_t count)
{
    return smap_add(s->lex.corpus, word, len, count);
}

spor_status spl_uncount(spl_splitter *s, const char *text, size_t len)
{
    return lex_uncount_text(s->lex.corpus, text, len);
}

size_t spl_split(void *ctx, const char *word, size_t len, cpd_split *out)
{
    spl_splitter *s = ctx;
    int found;
    uint32_t v = smap_get(s->cache, word, len, &found);
    if (found) {
        if (!v)
            return 0;
        *out = s->splits[v - 1];
        return out->n;
    }
    size_t n = cpd_split_word(&s->cl, word, len, out);
    if (n < 2) {
        if (smap_add(s->cache, word, len, 0))
            s->failed = 1;
        return 0;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        cpd_split *p = realloc(s->splits, cap * sizeof *p);
        if (!p) {
            s->failed = 1;
            return n; /* still correct, only not cached */
        }
        s->splits = p;
        s->cap = cap;
    }
    s->splits[s->n] = *out;
    if (smap_add(s->cache, word, len, (uint32_t)(s->n + 1)))
        s->failed = 1;
    else
        s->n++;
    return n;
}

typedef struct each_ctx {
    spl_splitter *s;
    spl_each_fn fn;
    void *ctx;
    sbuf parts;
    spor_status st;
} each_ctx;

static int each_entry(void *ctx, const char *key, size_t len, uint32_t v)
{
    each_ctx *e = ctx;
    if (!v)
        return 0;
    const cpd_split *sp = &e->s->splits[v - 1];
    sbuf_reset(&e->parts);
    for (size_t i = 0; i < sp->n; i++)
        if ((i && sbuf_append_char(&e->parts, ' ')) ||
            sbuf_append(&e->parts, key + sp->parts[i].start,
                        sp->parts[i].len)) {
            e->st = SPOR_ENOMEM;
            return 1;
        }
    return e->fn(e->ctx, key, len, e->parts.data, e->parts.len);
}

spor_status spl_each(spl_splitter *s, spl_each_fn fn, void *ctx)
{
    each_ctx e = {s, fn, ctx, SBUF_INIT, SPOR_OK};
    smap_each(s->cache, each_entry, &e);
    sbuf_free(&e.parts);
    return e.st;
}

const strmap *spl_wordlist(const spl_splitter *s)
{
    return s->lex.wordlist;
}

void spl_each_word(spl_splitter *s, smap_each_fn fn, void *ctx)
{
    smap_each(s->lex.corpus, fn, ctx);
}

int spl_judged(const spl_splitter *s, const char *word, size_t len)
{
    int found;
    uint32_t v = smap_get(s->cache, word, len, &found);
    return found ? v != 0 : -1;
}

uint32_t spl_word_count(const spl_splitter *s, const char *word, size_t len)
{
    return smap_get(s->lex.corpus, word, len, NULL);
}
