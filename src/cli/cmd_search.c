/* `spor search`: run a query and print the hits, as text blocks for people
 * or as JSON Lines or TSV for scripts (docs/json-output.md); with
 * --facets, how many matching passages each place, document and year has.
 * A query naming several places is answered place by place
 * (spor_search_places). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "commands.h"
#include "hits.h"
#include "indexes.h"
#include "spor/text/buf.h"
#include "spor/query/compare.h"
#include "spor/query/search.h"

enum {
    OPT_LIMIT = CLI_OPT_FIRST_OWN,
    OPT_OFFSET,
    OPT_ALL_COPIES,
    OPT_PLACE,
    OPT_PER_DOC,
    OPT_FACETS,
    OPT_EXPLAIN
};

static const cli_option search_options[] = {
    CLI_OPTION_INDEXES,
    {"limit", 'n', OPT_LIMIT, CLI_VALUE_COUNT, "N", NULL, NULL,
     "show at most N hits (default 10)"},
    {"offset", 0, OPT_OFFSET, CLI_VALUE_COUNT, "K", NULL, NULL,
     "skip the first K hits (for paging)"},
    CLI_OPTIONS_OUTPUT,
    CLI_OPTION_COLOR,
    {"place", 0, OPT_PLACE, CLI_VALUE_PLACE, "PLACE[,PLACE...]", NULL, NULL,
     "only passages about one of these places (any spelling or "
     "inflection)"},
    CLI_OPTION_DOC,
    CLI_OPTION_YEAR,
    {"per-doc", 0, OPT_PER_DOC, CLI_VALUE_COUNT, "N", NULL, NULL,
     "at most N hits from one document (N above 0)"},
    {"facets", 0, OPT_FACETS, CLI_VALUE_NONE, NULL, NULL, NULL,
     "also count the matching passages per place, document and year"},
    {"all-copies", 0, OPT_ALL_COPIES, CLI_VALUE_NONE, NULL, NULL, NULL,
     "show every copy of a passage found in several documents"},
    CLI_OPTION_NO_SYNONYMS,
    CLI_OPTION_STRICT_PHRASES,
    {"explain", 0, OPT_EXPLAIN, CLI_VALUE_NONE, NULL, NULL, NULL,
     "show for each hit what each query word matched and added to the score"},
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_search(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_search_def = {
    "search", "QUERY ...", "rank passages for a query",
    "Ranks the passages of the index for QUERY (the words are joined with\n"
    "spaces) and prints the best, each with its document, lines and a\n"
    "snippet. Query syntax: words in any inflected form, \"a phrase\",\n"
    "AND OR NOT, +required, -excluded (put -- before a query that starts\n"
    "with -), prefix*, and the filters sted:PLACE, år:YEAR (or\n"
    "år:2015..2023), doc:DOC. A query naming two or more places is\n"
    "answered place by place, the best passage of each in turn.\n"
    "Exit status: 0 hits, 1 no hits, 2 error.",
    search_options, cmd_search, 0};

static int cmd_search(const cli_command *cmd, int argc, char **argv)
{
    const char *color_opt = "auto";
    cli_indexes ixo = {0};
    cli_output_opts out;
    cli_output_opts_default(&out);
    spor_search_opts so;
    spor_search_opts_default(&so);
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
        case OPT_ALL_COPIES: so.keep_duplicates = 1; break;
        case OPT_LIMIT: so.limit = (unsigned)a.count; break;
        case OPT_OFFSET: so.offset = (unsigned)a.count; break;
        case CLI_OPT_NO_SYNONYMS: so.no_synonyms = 1; break;
        case CLI_OPT_STRICT_PHRASES: so.strict_phrases = 1; break;
        case OPT_PLACE: so.places = a.value; break;
        case CLI_OPT_DOC: so.docs = a.value; break;
        case CLI_OPT_YEAR: so.years = a.value; break;
        case OPT_PER_DOC:
            if (a.count == 0) {
                cli_error("search: --per-doc needs a whole number above 0, "
                          "not '%s'", a.value);
                id = CLI_ARGS_ERROR;
            }
            so.per_doc = (unsigned)a.count;
            break;
        case OPT_FACETS: so.facets = 1; break;
        case OPT_EXPLAIN: so.explain = 1; break;
        }
    }
    if (id < 0 || cli_check_format_version(cmd->name, out.format_version)) {
        cli_args_free(&a);
        return id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    }
    if (so.facets && out.format == CLI_FORMAT_TSV) {
        /* Facet rows would break the one table TSV readers expect. */
        cli_error("search: --facets needs --format text or json");
        cli_args_free(&a);
        return CLI_EXIT_ERROR;
    }
    int json = out.format == CLI_FORMAT_JSON;
    int color = out.format == CLI_FORMAT_TEXT ? cli_color(color_opt) : 0;
    sbuf q = SBUF_INIT;
    int bad = cli_query_words("search", a.pos, a.n_pos, &q);
    cli_args_free(&a);
    if (bad)
        return CLI_EXIT_ERROR;

    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_results res = {0};
    int rc = CLI_EXIT_ERROR;
    if (cli_indexes_open("search", &ixo, &ix))
        goto out;
    if (spor_search_places(ix, q.data, &so, &res, &err) != SPOR_OK) {
        cli_error("search: %s", err.msg);
        goto out;
    }
    if (!json)
        cli_print_suggestion(q.data, res.suggestion, res.corrected);
    if (!json && res.n && res.hits[0].apart)
        fputs("spor: ingen passager med frasen; viser passager med ordene "
              "hver for sig\n", stderr);
    if (json && spor_index_missing_shards(ix))
        cli_print_partial_json(spor_index_missing_shards(ix));
    if (out.format == CLI_FORMAT_TSV) {
        cli_print_hit_tsv_header();
        putchar('\n');
    }
    for (size_t i = 0; i < res.n; i++) {
        if (json) {
            cli_print_hit_json(&res.hits[i], res.suggestion, res.corrected);
        } else if (out.format == CLI_FORMAT_TSV) {
            cli_print_hit_tsv(&res.hits[i]);
            putchar('\n');
        } else {
            cli_print_hit_text(&res.hits[i], color);
        }
    }
    if (so.facets)
        cli_print_facets(&res.facets, json, color);
    rc = res.n ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("search: cannot write the results");
        rc = CLI_EXIT_ERROR;
    }
out:
    spor_results_free(&res);
    spor_index_close(ix);
    sbuf_free(&q);
    return rc;
}
