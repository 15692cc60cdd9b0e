/* Snowball stemming through libstemmer, after Scandinavian normalisation
 * (fold.h), so "hjemloeshed" and "hjemløshed" share a stem. libstemmer
 * returns a pointer into the stemmer's own state, valid until its next
 * call, so a stem_stemmer is not shared between threads; each searcher or
 * indexer owns one. */
#include "spor/stem.h"

#include <libstemmer.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/buf.h"
#include "spor/fold.h"

struct stem_stemmer {
    struct sb_stemmer *sb;
    sbuf folded; /* the word after Scandinavian normalisation */
};

spor_status stem_new(const char *lang, stem_stemmer **out, spor_err *err)
{
    stem_stemmer *s = calloc(1, sizeof *s);
    if (!s)
        return spor_fail(err, SPOR_ENOMEM, "stemmer: out of memory");
    s->sb = sb_stemmer_new(lang, NULL);
    if (!s->sb) {
        free(s);
        return spor_fail(err, SPOR_EINVAL,
                         "stemmer: no Snowball stemmer for '%s'", lang);
    }
    *out = s;
    return SPOR_OK;
}

void stem_free(stem_stemmer *s)
{
    if (!s)
        return;
    sb_stemmer_delete(s->sb);
    sbuf_free(&s->folded);
    free(s);
}

spor_status stem_word(stem_stemmer *s, const char *word, size_t len,
                      const char **out, size_t *out_len)
{
    if (len > (size_t)INT32_MAX)
        return SPOR_EINVAL;
    sbuf_reset(&s->folded);
    if (fold_scandinavian(word, len, &s->folded) != SPOR_OK)
        return SPOR_ENOMEM;
    const sb_symbol *r = sb_stemmer_stem(s->sb,
                                         (const sb_symbol *)s->folded.data,
                                         (int)s->folded.len);
    if (!r)
        return SPOR_ENOMEM; /* libstemmer's only failure is allocation */
    *out = (const char *)r;
    *out_len = (size_t)sb_stemmer_length(s->sb);
    return SPOR_OK;
}

long stem_xapian_callback(void *ctx, const char *word, size_t len, char *out,
                          size_t outcap)
{
    const char *st;
    size_t n;
    if (stem_word(ctx, word, len, &st, &n) != SPOR_OK || n > outcap)
        return -1;
    memcpy(out, st, n);
    return (long)n;
}
