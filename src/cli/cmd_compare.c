/* `spor compare`: the best passages for a query place by place, with how
 * many matching passages each place has. On a terminal wide enough the
 * places stand side by side in columns; narrow or piped, one block per
 * place; with --json one object per place holding its hits, with
 * --format tsv or csv one line per hit, with --format md or html a
 * document with a table per place. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "cli.h"
#include "columns.h"
#include "commands.h"
#include "hits.h"
#include "out_csv.h"
#include "out_html.h"
#include "out_md.h"
#include "session.h"
#include "spor/text/buf.h"
#include "spor/query/compare.h"

/* Hits per place unless -n says otherwise: enough to compare, few enough
 * for columns to fit a screen. */
#define COMPARE_DEFAULT_HITS 3

static void print_blocks(const spor_comparison *cmp, int color)
{
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        sbuf tmp = SBUF_INIT;
        printf(color ? STYLE_BOLD "== %s: %u matching passage%s ==" STYLE_OFF
                       "\n\n"
                     : "== %s: %u matching passage%s ==\n\n",
               cli_text_safe(g->place, &tmp), g->count,
               g->count == 1 ? "" : "s");
        sbuf_free(&tmp);
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

/* Where compare's options put their values (static: see opts.h). */
static struct {
    cli_session s;
    spor_search_opts so;
    const char *places;
    unsigned max_places;
    int layout; /* 1 columns, -1 blocks, 0 choose */
} compare = {.max_places = SPOR_COMPARE_DEFAULT_PLACES};

static const cli_option compare_options[] = {
    CLI_OPTS_INDEXES(&compare.s),
    CLI_OPT_STRING(0, "places", &compare.places, CLI_HINT_PLACE,
                   "PLACE,PLACE...", "the places to compare (default: those "
                   "with the most matching passages)"),
    CLI_OPT_RANGE(0, "max-places", &compare.max_places, "M", 1, 0,
                  "without --places, compare the M places with the most "
                  "matching passages (default 4)"),
    CLI_OPT_RANGE('n', "limit", &compare.so.limit, "N", 1, 0,
                  "show the best N passages per place (default 3)"),
    CLI_OPT_DOC(&compare.so.docs),
    CLI_OPT_YEAR(&compare.so.years),
    CLI_OPTS_OUTPUT(&compare.s),
    CLI_OPTS_COLOR(&compare.s),
    CLI_OPT_SET_INT(0, "columns", &compare.layout, 1, "places side by side "
                    "in columns (default on a wide enough terminal)"),
    CLI_OPT_SET_INT(0, "blocks", &compare.layout, -1, "one block of hits "
                    "per place (default when narrow or piped)"),
    CLI_OPT_NO_SYNONYMS(&compare.so.no_synonyms),
    CLI_OPT_STRICT_PHRASES(&compare.so.strict_phrases),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_compare(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_compare_def = {
    "compare", "QUERY ...", "the best passages per place, side by side",
    "Searches QUERY once per place and shows each place's best passages\n"
    "with its number of matching passages: the places given with\n"
    "--places, else the places with the most matching passages (a district\n"
    "is left out when its city is listed). Query syntax as for search.\n"
    "Exit status: 0 hits, 1 no hits, 2 error.",
    compare_options, cmd_compare, 0};

/* Prints the comparison in the chosen format and layout; -1 when out of
 * memory. */
static int print_comparison(const cli_session *s, const spor_comparison *cmp,
                            const char *query)
{
    unsigned width = cli_terminal_width();
    int layout = compare.layout;
    if (layout == 0)
        layout = isatty(STDOUT_FILENO) && cmp->n > 1 &&
                         width >= cmp->n * CLI_COLUMN_MIN_WIDTH +
                                      (cmp->n - 1) * CLI_COLUMN_GAP
                     ? 1 : -1;
    if (layout == 1 && width < cmp->n * CLI_COLUMN_MIN_WIDTH)
        width = (unsigned)(cmp->n * CLI_COLUMN_MIN_WIDTH +
                           (cmp->n - 1) * CLI_COLUMN_GAP);
    if (s->format == CLI_FORMAT_CSV && s->bom)
        cli_csv_bom(stdout);
    if (s->format == CLI_FORMAT_JSON)
        print_json(cmp);
    else if (s->format == CLI_FORMAT_TSV)
        print_tsv(cmp);
    else if (s->format == CLI_FORMAT_CSV)
        cli_csv_compare(stdout, cmp);
    else if (s->format == CLI_FORMAT_MD)
        return cli_md_compare(stdout, query, cmp);
    else if (s->format == CLI_FORMAT_HTML)
        return cli_html_compare(stdout, query, cmp);
    else if (layout == 1 && cmp->n > 0)
        return cli_print_columns(cmp, width, s->color);
    else
        print_blocks(cmp, s->color);
    return 0;
}

static int cmd_compare(const cli_command *cmd, int argc, char **argv)
{
    cli_session *s = &compare.s;
    spor_search_opts_default(&compare.so);
    compare.so.limit = COMPARE_DEFAULT_HITS;
    cli_parsed parsed = cli_session_start(s, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    sbuf q = SBUF_INIT;
    spor_comparison cmp = {0};
    int rc = CLI_EXIT_ERROR;
    if (cli_query_words("compare", s->rest.pos, s->rest.n, &q) ||
        cli_session_open(s, "compare"))
        goto out;
    spor_err err;
    spor_err_clear(&err);
    if (spor_compare(s->ix, q.data, compare.places, compare.max_places,
                     &compare.so, &cmp, &err) != SPOR_OK) {
        cli_error("compare: %s", err.msg);
        goto out;
    }
    if (s->format != CLI_FORMAT_JSON)
        cli_print_suggestion(q.data, cmp.suggestion, cmp.corrected);
    size_t hits = 0;
    for (size_t i = 0; i < cmp.n; i++)
        hits += cmp.groups[i].res.n;
    if (print_comparison(s, &cmp, q.data)) {
        cli_error("compare: out of memory");
        goto out;
    }
    rc = hits ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("compare: cannot write the results");
        rc = CLI_EXIT_ERROR;
    }
out:
    spor_comparison_free(&cmp);
    cli_session_end(s);
    sbuf_free(&q);
    return rc;
}
