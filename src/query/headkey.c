/* Heading keys (headkey.h): a heading and a query phrase compared by the
 * stems of their words. */
#include "headkey.h"

#include <string.h>

#include "spor/text/tokenise.h"

spor_status hk_key(stem_stemmer *sm, const stop_list *stops,
                   const char *text, size_t len, sbuf *out, size_t *words)
{
    tok_iter it;
    tok_token t;
    int r;
    spor_status st = SPOR_OK;
    sbuf_reset(out);
    *words = 0;
    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1) {
        const char *stem;
        size_t stem_len;
        if (stop_contains(stops, t.term, t.term_len))
            continue;
        if (stem_word(sm, t.term, t.term_len, &stem, &stem_len) ||
            (out->len && sbuf_append_char(out, ' ')) ||
            sbuf_append(out, stem, stem_len)) {
            st = SPOR_ENOMEM;
            break;
        }
        ++*words;
    }
    tok_done(&it);
    return r < 0 ? SPOR_ENOMEM : st;
}

/* Appends key and a newline to out. */
static spor_status add_key(sbuf *out, const sbuf *key)
{
    return sbuf_append(out, key->data, key->len) ||
                   sbuf_append_char(out, '\n')
               ? SPOR_ENOMEM
               : SPOR_OK;
}

spor_status hk_phrases(stem_stemmer *sm, const stop_list *stops,
                       const qb_explain *ex, sbuf *out)
{
    sbuf key = SBUF_INIT, all = SBUF_INIT;
    size_t words, n_all = 0;
    spor_status st = SPOR_OK;
    sbuf_reset(out);
    for (size_t i = 0; !st && i < ex->n; i++) {
        const char *w = ex->items[i].word;
        if (i && !strcmp(w, ex->items[i - 1].word))
            continue; /* the same word's next way of matching */
        st = hk_key(sm, stops, w, strlen(w), &key, &words);
        if (!st && words >= 2)
            st = add_key(out, &key);
        if (!st && words && ((all.len && sbuf_append_char(&all, ' ')) ||
                             sbuf_append(&all, key.data, key.len)))
            st = SPOR_ENOMEM;
        n_all += words;
    }
    if (!st && n_all >= 2)
        st = add_key(out, &all);
    sbuf_free(&key);
    sbuf_free(&all);
    return st;
}

int hk_heading_is(stem_stemmer *sm, const stop_list *stops,
                  const char *heading, const sbuf *keys, sbuf *tmp)
{
    size_t words;
    if (!keys->len || !heading || !*heading)
        return 0;
    if (hk_key(sm, stops, heading, strlen(heading), tmp, &words))
        return -1;
    if (words < 2)
        return 0;
    for (const char *p = keys->data; p < keys->data + keys->len;) {
        const char *e = memchr(p, '\n', (size_t)(keys->data + keys->len - p));
        if ((size_t)(e - p) == tmp->len && !memcmp(p, tmp->data, tmp->len))
            return 1;
        p = e + 1;
    }
    return 0;
}

int hk_heading_has(stem_stemmer *sm, const stop_list *stops,
                   const char *heading, const sbuf *phrase_key, sbuf *tmp)
{
    size_t words;
    if (!heading || !*heading || !phrase_key->len)
        return 0;
    if (hk_key(sm, stops, heading, strlen(heading), tmp, &words))
        return -1;
    if (phrase_key->len > tmp->len)
        return 0;
    for (size_t at = 0; at + phrase_key->len <= tmp->len; at++) {
        /* Whole words: the run starts and ends at a space or an end. */
        if ((at && tmp->data[at - 1] != ' ') ||
            memcmp(tmp->data + at, phrase_key->data, phrase_key->len))
            continue;
        size_t end = at + phrase_key->len;
        if (end == tmp->len || tmp->data[end] == ' ')
            return 1;
    }
    return 0;
}
