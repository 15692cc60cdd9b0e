/* The places of `spor compare` side by side in columns: each place's
 * heading and hits word-wrapped into a column of the terminal's width,
 * the columns then printed row by row. */
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "hits.h"
#include "spor/text/buf.h"
#include "spor/text/utf8.h"

/* Lines of snippet per hit in a column. */
#define COLUMN_SNIPPET_LINES 4

unsigned cli_terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    long v = c ? cli_parse_count(c) : -1;
    return v > 0 ? (unsigned)v : 80;
}

typedef struct column {
    char **lines;   /* each at most width characters */
    size_t n, cap;
} column;

static int col_add(column *c, const char *s, size_t len)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **p = realloc(c->lines, cap * sizeof *p);
        if (!p)
            return -1;
        c->lines = p;
        c->cap = cap;
    }
    if (!(c->lines[c->n] = strndup(s, len)))
        return -1;
    c->n++;
    return 0;
}

static void col_free(column *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->lines[i]);
    free(c->lines);
}

/* Terminal columns of s[0..len). */
static size_t width_of(const char *s, size_t len)
{
    return utf8_width(s, len);
}

/* Byte length of the longest prefix of s[0..len) of at most w columns. */
static size_t prefix_bytes(const char *s, size_t len, size_t w)
{
    return utf8_width_prefix(s, len, w);
}

/* Word-wraps s into lines of at most width characters, at most max_lines
 * (the last ending in … when cut). */
static int col_wrap(column *c, const char *s, size_t len, size_t width,
                    size_t max_lines)
{
    size_t at = 0, lines = 0;
    while (at < len && lines < max_lines) {
        while (at < len && s[at] == ' ')
            at++;
        size_t rest = len - at;
        if (width_of(s + at, rest) <= width) {
            if (col_add(c, s + at, rest))
                return -1;
            return 0;
        }
        size_t cut = prefix_bytes(s + at, rest, width);
        size_t sp = cut;
        while (sp > 0 && s[at + sp] != ' ')
            sp--;
        if (sp == 0)
            sp = cut;
        if (lines + 1 == max_lines) {
            /* The last line: leave room for the ellipsis. */
            size_t b = prefix_bytes(s + at, rest, width - 1);
            sbuf t = SBUF_INIT;
            int r = sbuf_append(&t, s + at, b) ||
                    sbuf_append_str(&t, "\xe2\x80\xa6") ||
                    col_add(c, t.data, t.len);
            sbuf_free(&t);
            return r ? -1 : 0;
        }
        if (col_add(c, s + at, sp))
            return -1;
        at += sp;
        lines++;
    }
    return 0;
}

/* A hit's file, place in it and id on one line, or when the column is
 * too narrow for them the file on one line (cut short) and the place and
 * id below it, so that the id is never cut off: it is what `spor show`
 * and `spor open` take. */
static int col_add_place(column *c, const spor_hit *h, size_t width)
{
    const char *base = strrchr(h->doc->path, '/');
    base = base ? base + 1 : h->doc->path;
    char where[CLI_WHERE_MAX];
    cli_hit_where(h, where);
    sbuf t = SBUF_INIT, safe = SBUF_INIT;
    const char *name = cli_text_safe(base, &safe);
    int r = sbuf_printf(&t, "%s%s  %s", name, where, h->id) != SPOR_OK;
    if (!r && width_of(t.data, t.len) > width) {
        sbuf_reset(&t);
        r = col_wrap(c, name, strlen(name), width, 1) ||
            sbuf_printf(&t, "%s  %s", where + (where[0] == ' '), h->id) ||
            col_wrap(c, t.data, t.len, width, 1);
    } else if (!r) {
        r = col_wrap(c, t.data, t.len, width, 1);
    }
    sbuf_free(&t);
    sbuf_free(&safe);
    return r;
}

static int build_column(const spor_place_group *g, size_t width, column *c)
{
    sbuf t = SBUF_INIT, safe = SBUF_INIT;
    int r = sbuf_printf(&t, "%s (%u)", cli_text_safe(g->place, &safe),
                        g->count) ||
            col_wrap(c, t.data, t.len, width, 1);
    for (size_t i = 0; i < g->res.n && !r; i++) {
        const spor_hit *h = &g->res.hits[i];
        r = col_add(c, "", 0) || col_add_place(c, h, width) ||
            col_wrap(c, h->snip.snippet, h->snip.snippet_len, width,
                     COLUMN_SNIPPET_LINES);
    }
    sbuf_free(&t);
    sbuf_free(&safe);
    return r;
}

int cli_print_columns(const spor_comparison *cmp, unsigned width,
                      int color)
{
    size_t n = cmp->n;
    size_t colw = (width - CLI_COLUMN_GAP * (n - 1)) / n;
    column *cols = calloc(n, sizeof *cols);
    if (!cols)
        return -1;
    int r = 0;
    size_t rows = 0;
    for (size_t i = 0; i < n && !r; i++) {
        r = build_column(&cmp->groups[i], colw, &cols[i]);
        if (cols[i].n > rows)
            rows = cols[i].n;
    }
    for (size_t row = 0; row < rows && !r; row++) {
        for (size_t i = 0; i < n; i++) {
            const char *s = row < cols[i].n ? cols[i].lines[row] : "";
            size_t w = width_of(s, strlen(s));
            int head = row == 0 && color;
            printf("%s%s%s", head ? STYLE_BOLD : "", s, head ? STYLE_OFF : "");
            if (i + 1 < n)
                printf("%*s", (int)(colw - w + CLI_COLUMN_GAP), "");
        }
        putchar('\n');
    }
    for (size_t i = 0; i < n; i++)
        col_free(&cols[i]);
    free(cols);
    return r;
}
