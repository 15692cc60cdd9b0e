/* The corpus manifest: a small tab-separated table of what is known about
 * each document (title, publisher, year, places), read once per indexing
 * run. It is hand-edited, so the parser forgives what people do to such
 * files (comments, blank lines, CRLF endings, spaces around fields and
 * around the commas of the place list) and names file and line for what it
 * cannot forgive. */
#include "spor/doc/manifest.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/file.h"

#define MF_FIELDS 5

/* A year outside this range is a typo, not a report's date. */
#define MF_YEAR_MIN 1000
#define MF_YEAR_MAX 9999

typedef struct span {
    const char *p;
    size_t n;
} span;

static span trim(const char *p, size_t n)
{
    while (n && isspace((unsigned char)*p)) {
        p++;
        n--;
    }
    while (n && isspace((unsigned char)p[n - 1]))
        n--;
    span s = {p, n};
    return s;
}

static char *dup_span(span s)
{
    char *d = malloc(s.n + 1);
    if (d) {
        memcpy(d, s.p, s.n);
        d[s.n] = '\0';
    }
    return d;
}

static void entry_free(mf_entry *e)
{
    free(e->file);
    free(e->title);
    free(e->publisher);
    if (e->places)
        for (size_t i = 0; i < e->n_places; i++)
            free(e->places[i]);
    free(e->places);
    memset(e, 0, sizeof *e);
}

/* Splits "a, b,,c" into a NULL-terminated list, dropping empty items. */
static spor_status parse_places(span s, mf_entry *e)
{
    size_t max = 1;
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] == ',')
            max++;
    e->places = calloc(max + 1, sizeof *e->places);
    if (!e->places)
        return SPOR_ENOMEM;
    size_t start = 0;
    for (size_t i = 0; i <= s.n; i++) {
        if (i < s.n && s.p[i] != ',')
            continue;
        span item = trim(s.p + start, i - start);
        start = i + 1;
        if (!item.n)
            continue;
        char *d = dup_span(item);
        if (!d)
            return SPOR_ENOMEM;
        e->places[e->n_places++] = d;
    }
    return SPOR_OK;
}

/* 1 when s is empty (year unknown) or a plausible year, stored in *year. */
static int parse_year(span s, int *year)
{
    *year = 0;
    if (!s.n)
        return 1;
    if (s.n > 4)
        return 0;
    int y = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (!isdigit((unsigned char)s.p[i]))
            return 0;
        y = y * 10 + (s.p[i] - '0');
    }
    if (y < MF_YEAR_MIN || y > MF_YEAR_MAX)
        return 0;
    *year = y;
    return 1;
}

static spor_status parse_line(const char *line, size_t len, const char *path,
                              unsigned lineno, mf_entry *e, spor_err *err)
{
    span f[MF_FIELDS];
    size_t nf = 0, start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && line[i] != '\t')
            continue;
        if (nf == MF_FIELDS)
            return spor_fail(err, SPOR_EINVAL,
                             "%s:%u: expected %d tab-separated fields", path,
                             lineno, MF_FIELDS);
        f[nf++] = trim(line + start, i - start);
        start = i + 1;
    }
    if (nf != MF_FIELDS)
        return spor_fail(err, SPOR_EINVAL,
                         "%s:%u: expected %d tab-separated fields", path,
                         lineno, MF_FIELDS);
    if (!f[0].n)
        return spor_fail(err, SPOR_EINVAL, "%s:%u: empty file name", path,
                         lineno);
    if (!parse_year(f[3], &e->year))
        return spor_fail(err, SPOR_EINVAL, "%s:%u: bad year '%.*s'", path,
                         lineno, (int)(f[3].n > 32 ? 32 : f[3].n), f[3].p);
    e->file = dup_span(f[0]);
    e->title = dup_span(f[1]);
    e->publisher = dup_span(f[2]);
    if (!e->file || !e->title || !e->publisher ||
        parse_places(f[4], e) != SPOR_OK)
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
    return SPOR_OK;
}

static spor_status append_entry(mf_manifest *m, size_t *cap, mf_entry *e)
{
    if (m->n_entries == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        mf_entry *p = realloc(m->entries, ncap * sizeof *p);
        if (!p)
            return SPOR_ENOMEM;
        m->entries = p;
        *cap = ncap;
    }
    m->entries[m->n_entries++] = *e;
    return SPOR_OK;
}

spor_status mf_load(const char *path, mf_manifest *out, spor_err *err)
{
    if (!path || !out)
        return spor_fail(err, SPOR_EINVAL, "mf_load: bad arguments");
    memset(out, 0, sizeof *out);
    FILE *f;
    /* No manifest: nothing is known, not an error. */
    spor_status ost = file_open_regular(path, "manifest",
                                        FILE_MAX_TABLE_BYTES, FILE_MISSING_OK,
                                        &f, err);
    if (ost != SPOR_OK || !f)
        return ost;
    char *line = NULL;
    size_t line_cap = 0, cap = 0;
    unsigned lineno = 0;
    spor_status s = SPOR_OK;
    ssize_t got;
    errno = 0;
    while ((got = getline(&line, &line_cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)got;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        span t = trim(line, len);
        if (!t.n || t.p[0] == '#')
            continue;
        mf_entry e;
        memset(&e, 0, sizeof e);
        s = parse_line(line, len, path, lineno, &e, err);
        if (s == SPOR_OK && append_entry(out, &cap, &e) != SPOR_OK)
            s = spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
        if (s != SPOR_OK) {
            entry_free(&e);
            break;
        }
    }
    if (s == SPOR_OK && ferror(f))
        s = spor_fail(err, SPOR_EIO, "%s: %s", path, strerror(errno));
    free(line);
    fclose(f);
    if (s != SPOR_OK)
        mf_free(out);
    return s;
}

const mf_entry *mf_find(const mf_manifest *m, const char *file)
{
    if (!m || !file)
        return NULL;
    for (size_t i = 0; i < m->n_entries; i++)
        if (strcmp(m->entries[i].file, file) == 0)
            return &m->entries[i];
    return NULL;
}

void mf_free(mf_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_entries; i++)
        entry_free(&m->entries[i]);
    free(m->entries);
    memset(m, 0, sizeof *m);
}
