/* Snippet window choice: a sliding window over the passage's words scored
 * by distinct query terms first and total matches second, the way FTS5's
 * snippet() favours coverage over repetition. The window then widens to the
 * start of its sentence when that costs only a few words, so snippets do
 * not start mid-clause without need. */
#include "spor/query/snippet.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"

/* How far back (in words) the window may move to begin at a sentence. */
#define SNIP_SENTENCE_SLACK 8
#define SNIP_ELLIPSIS "\xe2\x80\xa6"
#define SNIP_ELLIPSIS_LEN 3

typedef struct word {
    size_t start, end;
    int term; /* query term id, or -1 */
} word;

void snip_result_free(snip_result *r)
{
    free(r->hl);
    free(r->snippet);
    free(r->snippet_hl);
    memset(r, 0, sizeof *r);
}

/* 1 when text before word w ends a sentence (or w is the first word). */
static int starts_sentence(const char *text, const word *words, size_t w)
{
    if (w == 0)
        return 1;
    for (size_t i = words[w].start; i > words[w - 1].end; i--) {
        char c = text[i - 1];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n')
            return 1;
    }
    return 0;
}

/* Scores windows [i, i+win) and returns the best start. */
static size_t best_window(const word *words, size_t n, size_t win,
                          int max_term)
{
    if (n <= win)
        return 0;
    int *count = calloc((size_t)max_term + 1, sizeof *count);
    if (!count)
        return 0; /* degrade to the passage start rather than fail */
    long distinct = 0, total = 0, best = -1;
    size_t best_i = 0;
    for (size_t i = 0; i < n; i++) {
        if (words[i].term >= 0) {
            total++;
            if (count[words[i].term]++ == 0)
                distinct++;
        }
        if (i >= win) {
            const word *o = &words[i - win];
            if (o->term >= 0) {
                total--;
                if (--count[o->term] == 0)
                    distinct--;
            }
        }
        if (i + 1 >= win) {
            long score = distinct * 1000 + total;
            if (score > best) {
                best = score;
                best_i = i + 1 - win;
            }
        }
    }
    free(count);
    return best_i;
}

/* A passage's words, each with the query term it matches. */
typedef struct word_list {
    word *v;
    size_t n, cap;
    size_t n_hl;   /* words that match */
    int max_term;  /* the highest term id matched, or -1 */
} word_list;

static spor_status match_words(const char *text, size_t len,
                               snip_match_fn match, void *ctx, word_list *w)
{
    tok_iter it;
    tok_token t;
    int r;
    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1) {
        if (w->n == w->cap) {
            size_t ncap = w->cap ? w->cap * 2 : 256;
            word *p = realloc(w->v, ncap * sizeof *p);
            if (!p) {
                r = -1;
                break;
            }
            w->v = p;
            w->cap = ncap;
        }
        int id = match(ctx, t.term, t.term_len);
        w->v[w->n].start = t.start;
        w->v[w->n].end = t.start + t.len;
        w->v[w->n].term = id;
        if (id > w->max_term)
            w->max_term = id;
        if (id >= 0)
            w->n_hl++;
        w->n++;
    }
    tok_done(&it);
    return r < 0 ? SPOR_ENOMEM : SPOR_OK;
}

/* out->hl: the matches in the whole text; room for the snippet's. */
static spor_status list_highlights(const word_list *w, snip_result *out)
{
    out->hl = calloc(w->n_hl ? w->n_hl : 1, sizeof *out->hl);
    out->snippet_hl = calloc(w->n_hl ? w->n_hl : 1, sizeof *out->snippet_hl);
    if (!out->hl || !out->snippet_hl)
        return SPOR_ENOMEM;
    for (size_t i = 0; i < w->n; i++)
        if (w->v[i].term >= 0) {
            out->hl[out->n_hl].start = w->v[i].start;
            out->hl[out->n_hl].end = w->v[i].end;
            out->n_hl++;
        }
    return SPOR_OK;
}

/* The snippet's words [*first, *last): the best window, widened to the
 * start of its sentence when that is near. */
static void choose_window(const char *text, const word_list *w,
                          unsigned window_words, size_t *first,
                          size_t *last)
{
    size_t win = window_words ? window_words : SNIP_DEFAULT_WORDS;
    size_t best = best_window(w->v, w->n, win, w->max_term);
    /* Widen (not shift) the window back to its sentence start: the best
     * window usually ends on a query word, which a shift would drop. Word 0
     * always starts a sentence. */
    *first = best;
    for (size_t back = 0; back < SNIP_SENTENCE_SLACK && back <= best; back++)
        if (starts_sentence(text, w->v, best - back)) {
            *first = best - back;
            break;
        }
    *last = w->n ? (best + win < w->n ? best + win : w->n) : 0;
}

/* out->snippet: the text of words [first, last) on one line, with its
 * highlights. */
static spor_status write_snippet(const char *text, size_t len,
                                 const word_list *w, size_t first,
                                 size_t last, snip_result *out)
{
    const word *words = w->v;
    size_t n = w->n;
    /* A window that reaches an end of the passage keeps what lies beyond
     * its words there (an opening quote, the final punctuation). */
    size_t from = first > 0 ? words[first].start : 0;
    size_t to = last < n ? words[last - 1].end : len;
    while (from < to && (text[from] == ' ' || text[from] == '\n'))
        from++;
    while (to > from && (text[to - 1] == ' ' || text[to - 1] == '\n'))
        to--;

    sbuf sn = SBUF_INIT;
    spor_status st = SPOR_OK;
    /* "…" only where words were left out. */
    size_t shift = 0;
    if (first > 0) {
        st = sbuf_append(&sn, SNIP_ELLIPSIS, SNIP_ELLIPSIS_LEN);
        shift = SNIP_ELLIPSIS_LEN;
    }
    for (size_t i = from; i < to && !st; i++)
        st = sbuf_append_char(&sn, text[i] == '\n' || text[i] == '\t'
                                       ? ' ' : text[i]);
    if (!st && last < n)
        st = sbuf_append(&sn, SNIP_ELLIPSIS, SNIP_ELLIPSIS_LEN);
    if (st) {
        sbuf_free(&sn);
        return SPOR_ENOMEM;
    }
    for (size_t i = first; i < last; i++)
        if (words[i].term >= 0 && words[i].end <= to) {
            out->snippet_hl[out->n_snippet_hl].start =
                words[i].start - from + shift;
            out->snippet_hl[out->n_snippet_hl].end = words[i].end - from + shift;
            out->n_snippet_hl++;
        }
    out->snippet = sbuf_detach(&sn, &out->snippet_len);
    return out->snippet ? SPOR_OK : SPOR_ENOMEM;
}

spor_status snip_build(const char *text, size_t len, snip_match_fn match,
                       void *ctx, unsigned window_words, snip_result *out,
                       spor_err *err)
{
    memset(out, 0, sizeof *out);
    word_list w = {NULL, 0, 0, 0, -1};
    size_t first = 0, last = 0;
    spor_status st = match_words(text, len, match, ctx, &w);
    if (!st)
        st = list_highlights(&w, out);
    if (!st) {
        choose_window(text, &w, window_words, &first, &last);
        st = write_snippet(text, len, &w, first, last, out);
    }
    free(w.v);
    if (st) {
        snip_result_free(out);
        return spor_fail(err, SPOR_ENOMEM, "snippet: out of memory");
    }
    return SPOR_OK;
}
