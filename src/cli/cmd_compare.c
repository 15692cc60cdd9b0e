/* `spor compare`: the best passages for a query place by place, with how
 * many matching passages each place has. On a terminal wide enough the
 * places stand side by side in columns; narrow or piped, one block per
 * place; with --json one object per place holding its hits. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "hits.h"
#include "spor/buf.h"
#include "spor/compare.h"
#include "spor/utf8.h"

/* Hits per place unless -n says otherwise: enough to compare, few enough
 * for columns to fit a screen. */
#define COMPARE_DEFAULT_HITS 3
/* A column narrower than this cannot hold a readable snippet line; with
 * fewer columns' room the output falls back to blocks. */
#define COLUMN_MIN_WIDTH 32
#define COLUMN_GAP 3
/* Lines of snippet per hit in a column. */
#define COLUMN_SNIPPET_LINES 4

static unsigned terminal_width(void)
{
    struct winsize ws;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    const char *c = getenv("COLUMNS");
    long v = c ? cli_parse_count(c) : -1;
    return v > 0 ? (unsigned)v : 80;
}

/* ---- columns --------------------------------------------------------------- */

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

/* Characters (code points) in s[0..len). */
static size_t width_of(const char *s, size_t len)
{
    size_t w = 0;
    for (size_t i = 0; i < len; i++)
        w += ((unsigned char)s[i] & 0xC0) != 0x80;
    return w;
}

/* Byte length of the longest prefix of s[0..len) of at most w chars. */
static size_t prefix_bytes(const char *s, size_t len, size_t w)
{
    size_t i = 0, chars = 0;
    while (i < len) {
        size_t adv = 1;
        while (i + adv < len && ((unsigned char)s[i + adv] & 0xC0) == 0x80)
            adv++;
        if (chars + 1 > w)
            break;
        chars++;
        i += adv;
    }
    return i;
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

static int build_column(const spor_place_group *g, size_t width, column *c)
{
    sbuf t = SBUF_INIT;
    int r = sbuf_printf(&t, "%s (%u)", g->place, g->count) ||
            col_wrap(c, t.data, t.len, width, 1);
    for (size_t i = 0; i < g->res.n && !r; i++) {
        const spor_hit *h = &g->res.hits[i];
        const char *base = strrchr(h->doc->path, '/');
        base = base ? base + 1 : h->doc->path;
        sbuf_reset(&t);
        r = col_add(c, "", 0) ||
            sbuf_printf(&t, "%s:%u-%u", base, h->rec.line_start,
                        h->rec.line_end) ||
            col_wrap(c, t.data, t.len, width, 1) ||
            col_wrap(c, h->snip.snippet, h->snip.snippet_len, width,
                     COLUMN_SNIPPET_LINES);
    }
    sbuf_free(&t);
    return r;
}

static int print_columns(const spor_comparison *cmp, unsigned width,
                         int color)
{
    size_t n = cmp->n;
    size_t colw = (width - COLUMN_GAP * (n - 1)) / n;
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
                printf("%*s", (int)(colw - w + COLUMN_GAP), "");
        }
        putchar('\n');
    }
    for (size_t i = 0; i < n; i++)
        col_free(&cols[i]);
    free(cols);
    return r;
}

static void print_blocks(const spor_comparison *cmp, int color)
{
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        printf(color ? STYLE_BOLD "== %s: %u matching passage%s ==" STYLE_OFF
                       "\n\n"
                     : "== %s: %u matching passage%s ==\n\n",
               g->place, g->count, g->count == 1 ? "" : "s");
        for (size_t k = 0; k < g->res.n; k++)
            cli_print_hit_text(&g->res.hits[k], color);
        if (!g->res.n)
            puts("    (no passages)\n");
    }
}

static void print_json(const spor_comparison *cmp)
{
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        printf("{\"type\":\"place\",\"version\":%d,\"place\":",
               JSON_SCHEMA_VERSION);
        cli_json_string(stdout, g->place, strlen(g->place));
        printf(",\"count\":%u,\"hits\":[", g->count);
        for (size_t k = 0; k < g->res.n; k++) {
            if (k)
                putchar(',');
            cli_print_hit_json_object(&g->res.hits[k]);
        }
        fputs("]}\n", stdout);
    }
}

int cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"places", required_argument, NULL, 'P'},
        {"max-places", required_argument, NULL, 'm'},
        {"doc", required_argument, NULL, 'D'},
        {"year", required_argument, NULL, 'Y'},
        {"json", no_argument, NULL, 'j'},
        {"color", required_argument, NULL, 'c'},
        {"colour", required_argument, NULL, 'c'},
        {"columns", no_argument, NULL, 'C'},
        {"blocks", no_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL, *color_opt = "auto", *places = NULL;
    int json = 0, layout = 0; /* 1 columns, -1 blocks, 0 choose */
    unsigned max_places = CMP_DEFAULT_PLACES;
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = COMPARE_DEFAULT_HITS;
    int c;
    long v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 'P': places = optarg; break;
        case 'D': so.docs = optarg; break;
        case 'Y': so.years = optarg; break;
        case 'j': json = 1; break;
        case 'c': color_opt = optarg; break;
        case 'C': layout = 1; break;
        case 'B': layout = -1; break;
        case 'n':
        case 'm':
            if ((v = cli_parse_count(optarg)) <= 0) {
                cli_error("compare: %s needs a whole number above 0, not "
                          "'%s'", c == 'n' ? "-n" : "--max-places", optarg);
                return CLI_EXIT_ERROR;
            }
            if (c == 'n')
                so.limit = (unsigned)v;
            else
                max_places = (unsigned)v;
            break;
        case 'h':
            puts("usage: spor compare [--index DIR] [--places A,B,...] "
                 "[--max-places M] [-n N] [--doc D] [--year Y]\n"
                 "                    [--json] [--color WHEN] "
                 "[--columns|--blocks] QUERY ...\n"
                 "The best N passages for QUERY per place, with the number "
                 "of matching passages\nper place. Without --places: the M "
                 "places with the most matching passages.");
            return 0;
        default:
            cli_error("compare: unknown or incomplete option '%s' (try 'spor "
                      "compare --help')", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    int color = cli_color_for("compare", color_opt, json);
    sbuf q = SBUF_INIT;
    if (color < 0 || cli_query_words("compare", argc, argv, optind, &q))
        return CLI_EXIT_ERROR;
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_comparison cmp = {0};
    int rc = CLI_EXIT_ERROR;
    if (spor_index_open(cli_index_dir(index_opt), &ix, &err) != SPOR_OK ||
        spor_compare(ix, q.data, places, max_places, &so, &cmp, &err) !=
            SPOR_OK) {
        cli_error("compare: %s", err.msg);
        goto out;
    }
    size_t hits = 0;
    for (size_t i = 0; i < cmp.n; i++)
        hits += cmp.groups[i].res.n;
    unsigned width = terminal_width();
    if (layout == 0)
        layout = isatty(STDOUT_FILENO) && cmp.n > 1 &&
                         width >= cmp.n * COLUMN_MIN_WIDTH +
                                      (cmp.n - 1) * COLUMN_GAP
                     ? 1 : -1;
    if (layout == 1 && width < cmp.n * COLUMN_MIN_WIDTH)
        width = (unsigned)(cmp.n * COLUMN_MIN_WIDTH +
                           (cmp.n - 1) * COLUMN_GAP);
    if (json)
        print_json(&cmp);
    else if (layout == 1 && cmp.n > 0) {
        if (print_columns(&cmp, width, color)) {
            cli_error("compare: out of memory");
            goto out;
        }
    } else
        print_blocks(&cmp, color);
    rc = hits ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("compare: cannot write the results");
        rc = CLI_EXIT_ERROR;
    }
out:
    spor_comparison_free(&cmp);
    spor_index_close(ix);
    sbuf_free(&q);
    return rc;
}
