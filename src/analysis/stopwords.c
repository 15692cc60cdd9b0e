/* The stop list as a sorted array searched by bsearch: about a hundred
 * words, looked up once per token at index time, so a hash table would buy
 * nothing but code. */
#include "spor/analysis/stopwords.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/file.h"

struct stop_list {
    char **words;
    size_t n;
};

static int cmp_words(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void stop_free(stop_list *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->words[i]);
    free(s->words);
    free(s);
}

/* Adds line[0..len) after cutting comments and surrounding blanks. */
static spor_status add_line(stop_list *s, size_t *cap, const char *line,
                            size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] == '#' || line[i] == '|') {
            len = i;
            break;
        }
    while (len && (line[0] == ' ' || line[0] == '\t'))
        line++, len--;
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
                   line[len - 1] == '\r'))
        len--;
    if (!len)
        return SPOR_OK;
    if (s->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 128;
        char **w = realloc(s->words, ncap * sizeof *w);
        if (!w)
            return SPOR_ENOMEM;
        s->words = w;
        *cap = ncap;
    }
    char *w = malloc(len + 1);
    if (!w)
        return SPOR_ENOMEM;
    memcpy(w, line, len);
    w[len] = '\0';
    s->words[s->n++] = w;
    return SPOR_OK;
}

spor_status stop_parse(const char *text, size_t len, stop_list **out,
                       spor_err *err)
{
    stop_list *s = calloc(1, sizeof *s);
    if (!s)
        return spor_fail(err, SPOR_ENOMEM, "stop list: out of memory");
    size_t cap = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            if (add_line(s, &cap, text + start, i - start) != SPOR_OK) {
                stop_free(s);
                return spor_fail(err, SPOR_ENOMEM, "stop list: out of memory");
            }
            start = i + 1;
        }
    }
    if (s->n)
        qsort(s->words, s->n, sizeof *s->words, cmp_words);
    *out = s;
    return SPOR_OK;
}

spor_status stop_load(const char *path, stop_list **out, spor_err *err)
{
    FILE *f;
    spor_status ost = file_open_regular(path, "stop list",
                                        FILE_MAX_TABLE_BYTES, 0, &f, err);
    if (ost != SPOR_OK)
        return ost;
    sbuf b = SBUF_INIT;
    char chunk[4096];
    size_t n;
    spor_status st = SPOR_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((st = sbuf_append(&b, chunk, n)) != SPOR_OK)
            break;
    int bad = ferror(f);
    fclose(f);
    if (st == SPOR_OK && bad)
        st = spor_fail(err, SPOR_EIO, "%s: read error", path);
    else if (st != SPOR_OK)
        st = spor_fail(err, st, "%s: out of memory", path);
    if (st == SPOR_OK)
        st = stop_parse(b.data ? b.data : "", b.len, out, err);
    sbuf_free(&b);
    return st;
}

int stop_contains(const stop_list *s, const char *word, size_t len)
{
    char key[64];
    /* No stop word is that long; an empty list has no array for bsearch. */
    if (!s || !s->n || len >= sizeof key)
        return 0;
    memcpy(key, word, len);
    key[len] = '\0';
    const char *k = key;
    return bsearch(&k, s->words, s->n, sizeof *s->words, cmp_words) != NULL;
}

size_t stop_count(const stop_list *s)
{
    return s ? s->n : 0;
}

const char *stop_word(const stop_list *s, size_t i)
{
    return s && i < s->n ? s->words[i] : NULL;
}
