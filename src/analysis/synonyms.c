/* Readers of synonym sources (see synonyms.h). */
#include "spor/analysis/synonyms.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/file.h"
#include "spor/text/utf8.h"

/* The longest line either format has in practice; longer lines (a
 * runaway sense list) are cut, losing only their tail. */
#define SYN_LINE_MAX 8192
/* Entries per group line in the domain list. */
#define SYN_GROUP_MAX 16

/* Lower-cased copy of s[0..n) with surrounding blanks trimmed, into b. */
static spor_status clean(const char *s, size_t n, sbuf *b)
{
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        n--;
    sbuf_reset(b);
    if (!utf8_valid(s, n))
        return SPOR_EINVAL;
    return utf8_lower(s, n, b) ? SPOR_ENOMEM : sbuf_append(b, "", 0);
}

spor_status syn_read_mythes(const char *path, syn_pair_fn fn, void *ctx,
                            spor_err *err)
{
    FILE *f;
    spor_status ost = file_open_regular(path, "thesaurus",
                                        FILE_MAX_WORDLIST_BYTES, 0, &f, err);
    if (ost != SPOR_OK)
        return ost;
    char line[SYN_LINE_MAX];
    sbuf head = SBUF_INIT, syn = SBUF_INIT;
    spor_status st = SPOR_OK;
    int want_sense = 0, stop = 0;
    if (!fgets(line, sizeof line, f)) /* the encoding line */
        line[0] = '\0';
    while (!stop && fgets(line, sizeof line, f)) {
        if (line[0] != '|' && line[0] != '(') {
            /* "word|number of senses" */
            char *bar = strchr(line, '|');
            want_sense = bar && !memchr(line, ' ', (size_t)(bar - line)) &&
                         clean(line, (size_t)(bar - line), &head) == SPOR_OK &&
                         head.len;
            continue;
        }
        if (!want_sense)
            continue;
        want_sense = 0; /* first sense only */
        char *p = strchr(line, '|');
        while (p && !stop) {
            char *q = strchr(p + 1, '|');
            size_t n = q ? (size_t)(q - p - 1) : strcspn(p + 1, "\r\n");
            const char *w = p + 1;
            if (n && !memchr(w, ' ', n) && !memchr(w, '(', n) &&
                clean(w, n, &syn) == SPOR_OK && syn.len &&
                strcmp(syn.data, head.data))
                stop = fn(ctx, head.data, head.len, syn.data, syn.len);
            p = q;
        }
    }
    int bad = ferror(f);
    fclose(f);
    sbuf_free(&head);
    sbuf_free(&syn);
    if (bad)
        st = spor_fail(err, SPOR_EIO, "%s: read error", path);
    return st;
}

spor_status syn_read_groups(const char *path, syn_pair_fn fn, void *ctx,
                            spor_err *err)
{
    FILE *f;
    spor_status ost = file_open_regular(path, "synonym list",
                                        FILE_MAX_TABLE_BYTES, 0, &f, err);
    if (ost != SPOR_OK)
        return ost;
    char line[SYN_LINE_MAX];
    sbuf items[SYN_GROUP_MAX];
    for (size_t i = 0; i < SYN_GROUP_MAX; i++)
        items[i] = (sbuf)SBUF_INIT;
    spor_status st = SPOR_OK;
    unsigned lineno = 0;
    int stop = 0;
    while (!stop && !st && fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "#")] = '\0';
        size_t n = 0;
        for (char *p = line; *p && n < SYN_GROUP_MAX;) {
            size_t k = strcspn(p, ",");
            spor_status cs = clean(p, k, &items[n]);
            if (cs == SPOR_ENOMEM)
                st = spor_fail(err, cs, "%s: out of memory", path);
            else if (cs)
                st = spor_fail(err, cs, "%s:%u: not UTF-8", path, lineno);
            else if (items[n].len)
                n++;
            p += k + (p[k] == ',');
        }
        for (size_t i = 0; i < n && !stop && !st; i++)
            for (size_t j = 0; j < n && !stop; j++)
                if (i != j)
                    stop = fn(ctx, items[i].data, items[i].len,
                              items[j].data, items[j].len);
    }
    int bad = ferror(f);
    fclose(f);
    for (size_t i = 0; i < SYN_GROUP_MAX; i++)
        sbuf_free(&items[i]);
    if (!st && bad)
        st = spor_fail(err, SPOR_EIO, "%s: read error", path);
    return st;
}
