/* `spor compare`: the best passages for a query place by place, with how
 * many matching passages each place has. On a terminal wide enough the
 * places stand side by side in columns; narrow or piped, one block per
 * place; with --json one object per place holding its hits, with
 * --format tsv one line per hit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "commands.h"
#include "hits.h"
#include "indexes.h"
#include "spor/text/buf.h"
#include "spor/query/compare.h"
#include "spor/text/utf8.h"

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

static int build_column(const spor_place_group *g, size_t width, column *c)
{
    sbuf t = SBUF_INIT;
    int r = sbuf_printf(&t, "%s (%u)", g->place, g->count) ||
            col_wrap(c, t.data, t.len, width, 1);
    for (size_t i = 0; i < g->res.n && !r; i++) {
        const spor_hit *h = &g->res.hits[i];
        const char *base = strrchr(h->doc->path, '/');
        base = base ? base + 1 : h->doc->path;
        char where[CLI_WHERE_MAX];
        cli_hit_where(h, where);
        sbuf_reset(&t);
        r = col_add(c, "", 0) ||
            sbuf_printf(&t, "%s%s", base, where) ||
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
               CLI_FORMAT_VERSION);
        cli_json_string(stdout, g->place, strlen(g->place));
        printf(",\"count\":%u,\"hits\":[", g->count);
        for (size_t k = 0; k < g->res.n; k++) {
            if (k)
                putchar(',');
            cli_print_hit_json_object(&g->res.hits[k], cmp->suggestion,
                                      cmp->corrected);
        }
        fputs("]}\n", stdout);
    }
}

/* One line per hit, the place and its count first; a place without hits
 * still gets a line, with the hit's columns empty. */
static void print_tsv(const spor_comparison *cmp)
{
    fputs("place\tcount\t", stdout);
    cli_print_hit_tsv_header();
    putchar('\n');
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        for (size_t k = 0; k < g->res.n || k == 0; k++) {
            cli_tsv_field(stdout, g->place, strlen(g->place));
            printf("\t%u\t", g->count);
            if (k < g->res.n)
                cli_print_hit_tsv(&g->res.hits[k]);
            else
                cli_print_hit_tsv_empty();
            putchar('\n');
        }
    }
}

enum {
    OPT_LIMIT = CLI_OPT_FIRST_OWN,
    OPT_PLACES,
    OPT_MAX_PLACES,
    OPT_COLUMNS,
    OPT_BLOCKS
};

static const cli_option compare_options[] = {
    CLI_OPTION_INDEXES,
    {"places", 0, OPT_PLACES, CLI_VALUE_PLACE, "PLACE,PLACE...", NULL, NULL,
     "the places to compare (default: those with the most matching "
     "passages)"},
    {"max-places", 0, OPT_MAX_PLACES, CLI_VALUE_COUNT, "M", NULL, NULL,
     "without --places, compare the M places with the most matching "
     "passages (default 4)"},
    {"limit", 'n', OPT_LIMIT, CLI_VALUE_COUNT, "N", NULL, NULL,
     "show the best N passages per place (default 3)"},
    CLI_OPTION_DOC,
    CLI_OPTION_YEAR,
    CLI_OPTIONS_OUTPUT,
    CLI_OPTION_COLOR,
    {"columns", 0, OPT_COLUMNS, CLI_VALUE_NONE, NULL, NULL, NULL,
     "places side by side in columns (default on a wide enough terminal)"},
    {"blocks", 0, OPT_BLOCKS, CLI_VALUE_NONE, NULL, NULL, NULL,
     "one block of hits per place (default when narrow or piped)"},
    CLI_OPTION_NO_SYNONYMS,
    CLI_OPTION_STRICT_PHRASES,
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_compare(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_compare_def = {
    "compare", "QUERY ...", "the best passages per place, side by side",
    "Searches QUERY once per place and shows each place's best passages\n"
    "with its number of matching passages: the places given with\n"
    "--places, else the places with the most matching passages (a district\n"
    "is left out when its city is listed). Query syntax as for search.\n"
    "Exit status: 0 hits, 1 no hits, 2 error.",
    compare_options, cmd_compare, 0};

static int cmd_compare(const cli_command *cmd, int argc, char **argv)
{
    const char *color_opt = "auto", *places = NULL;
    cli_indexes ixo = {0};
    int layout = 0; /* 1 columns, -1 blocks, 0 choose */
    unsigned max_places = CMP_DEFAULT_PLACES;
    cli_output_opts out;
    cli_output_opts_default(&out);
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = COMPARE_DEFAULT_HITS;
    cli_args a;
    if (cli_args_init(&a, cmd, argc, argv))
        return CLI_EXIT_ERROR;
    int id = 1;
    while (id > 0 && (id = cli_args_next(&a)) > 0) {
        if (cli_output_option(&out, id, &a) ||
            cli_indexes_option(&ixo, id, &a))
            continue;
        switch (id) {
        case CLI_OPT_COLOR: color_opt = a.value; break;
        case OPT_PLACES: places = a.value; break;
        case CLI_OPT_DOC: so.docs = a.value; break;
        case CLI_OPT_YEAR: so.years = a.value; break;
        case OPT_COLUMNS: layout = 1; break;
        case OPT_BLOCKS: layout = -1; break;
        case CLI_OPT_NO_SYNONYMS: so.no_synonyms = 1; break;
        case CLI_OPT_STRICT_PHRASES: so.strict_phrases = 1; break;
        case OPT_LIMIT:
        case OPT_MAX_PLACES:
            if (a.count == 0) {
                cli_error("compare: --%s needs a whole number above 0, not "
                          "'%s'", a.opt->name, a.value);
                id = CLI_ARGS_ERROR;
            } else if (id == OPT_LIMIT) {
                so.limit = (unsigned)a.count;
            } else {
                max_places = (unsigned)a.count;
            }
            break;
        }
    }
    if (id < 0 || cli_check_format_version(cmd->name, out.format_version)) {
        cli_args_free(&a);
        return id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    }
    int json = out.format == CLI_FORMAT_JSON;
    int color = out.format == CLI_FORMAT_TEXT ? cli_color(color_opt) : 0;
    sbuf q = SBUF_INIT;
    int bad = cli_query_words("compare", a.pos, a.n_pos, &q);
    cli_args_free(&a);
    if (bad)
        return CLI_EXIT_ERROR;
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_comparison cmp = {0};
    int rc = CLI_EXIT_ERROR;
    if (cli_indexes_open("compare", &ixo, &ix))
        goto out;
    if (spor_compare(ix, q.data, places, max_places, &so, &cmp, &err) !=
            SPOR_OK) {
        cli_error("compare: %s", err.msg);
        goto out;
    }
    if (!json)
        cli_print_suggestion(q.data, cmp.suggestion, cmp.corrected);
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
    else if (out.format == CLI_FORMAT_TSV)
        print_tsv(&cmp);
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
