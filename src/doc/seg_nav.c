/* Navigation passages (segment.h): a table of contents, an agenda or a
 * list of links points at answers elsewhere instead of giving one, yet
 * repeats the words of the sections it names. This file owns telling them
 * apart, after the passages are packed: a passage is navigation when most
 * of its words stand in entries (its lines, and the cells of a table's
 * lines) that name a heading of the same document other than its own, or
 * that are a short label with a link. An
 * entry is compared by its words, numbers left out, so "FORORD | 4" and
 * "INTRODUKTION ..... 3" name the headings "Forord" and "Introduktion". */
#include "seg_int.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"

/* A contents or an agenda lists at least this many entries; one line
 * naming a heading is a sentence that happens to. */
#define NAV_MIN_ENTRIES 3
/* The share of a passage's words that must stand in entries pointing
 * elsewhere: a contents may carry a line the outline lacks, while a
 * paragraph that goes on to list the visits of the day is prose. */
#define NAV_WORD_SHARE 0.6
/* An entry with a link is a pointer when it is a label and the link, not
 * a sentence that mentions an address. */
#define NAV_LINK_ENTRY_WORDS 12

/* The words of s[0..n), lower-cased, numbers left out, one space apart,
 * into out, and their number into *words; non-zero when out of memory. */
static int entry_key(const char *s, size_t n, sbuf *out, size_t *words)
{
    tok_iter it;
    tok_token t;
    int r;
    sbuf_reset(out);
    *words = 0;
    tok_init(&it, s, n);
    while ((r = tok_next(&it, &t)) == 1) {
        if (t.has_digit)
            continue;
        ++*words;
        if ((out->len && sbuf_append_char(out, ' ')) ||
            sbuf_append(out, t.term, t.term_len)) {
            r = -1;
            break;
        }
    }
    tok_done(&it);
    return r < 0;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when s[0..n) carries a link (a URL, an address). */
static int has_link(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '@' || (i + 3 <= n && !memcmp(s + i, "://", 3)) ||
            (i + 4 <= n && !memcmp(s + i, "www.", 4)))
            return 1;
    return 0;
}

/* Counts p's entries (*entries), its words (*all) and the words of the
 * entries pointing elsewhere (*pointing). keys are the outline's heading
 * keys, sorted; own is the key of p's section heading. Non-zero when out
 * of memory. */
static int count_entries(const seg_passage *p, char *const *keys,
                         size_t n_keys, const char *own, size_t *entries,
                         size_t *all, size_t *pointing)
{
    sbuf key = SBUF_INIT;
    size_t words;
    *entries = *all = *pointing = 0;
    for (size_t a = 0; a < p->len;) {
        size_t b = a;
        while (b < p->len && p->text[b] != '\n' && p->text[b] != '|' &&
               p->text[b] != '\t')
            b++;
        if (entry_key(p->text + a, b - a, &key, &words)) {
            sbuf_free(&key);
            return 1;
        }
        if (key.len) {
            const char *k = key.data;
            (*entries)++;
            *all += words;
            if ((words <= NAV_LINK_ENTRY_WORDS && has_link(p->text + a, b - a)) ||
                (strcmp(k, own) &&
                 bsearch(&k, keys, n_keys, sizeof *keys, cmp_key)))
                *pointing += words;
        }
        a = b + 1;
    }
    sbuf_free(&key);
    return 0;
}

spor_status seg_mark_navigation(seg_result *r)
{
    char **keys = calloc(r->n_headings ? r->n_headings : 1, sizeof *keys);
    sbuf key = SBUF_INIT;
    spor_status st = keys ? SPOR_OK : SPOR_ENOMEM;
    for (size_t i = 0; !st && i < r->n_headings; i++) {
        const char *h = r->headings[i].text;
        size_t words;
        if (entry_key(h, strlen(h), &key, &words) ||
            !(keys[i] = strdup(key.data ? key.data : "")))
            st = SPOR_ENOMEM;
    }
    char **sorted = st ? NULL : malloc((r->n_headings + 1) * sizeof *sorted);
    if (!st && !sorted)
        st = SPOR_ENOMEM;
    if (!st) {
        memcpy(sorted, keys, r->n_headings * sizeof *sorted);
        qsort(sorted, r->n_headings, sizeof *sorted, cmp_key);
    }
    for (size_t i = 0; !st && i < r->n_passages; i++) {
        seg_passage *p = &r->passages[i];
        size_t entries, all, pointing;
        const char *own = p->heading ? keys[p->heading - 1] : "";
        if (count_entries(p, sorted, r->n_headings, own, &entries, &all,
                          &pointing))
            st = SPOR_ENOMEM;
        else
            p->navigation = entries >= NAV_MIN_ENTRIES &&
                            (double)pointing >= NAV_WORD_SHARE * (double)all;
    }
    for (size_t i = 0; keys && i < r->n_headings; i++)
        free(keys[i]);
    free(keys);
    free(sorted);
    sbuf_free(&key);
    return st;
}
