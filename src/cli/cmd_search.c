/* `spor search`: run a query and print the hits, as text blocks for people,
 * as JSON Lines, TSV or CSV for scripts, or as a Markdown or HTML document
 * to paste into a memo (docs/json-output.md); with
 * --facets, how many matching passages each place, document and year has.
 * A query naming several places is answered place by place
 * (spor_search_places). With --batch, the queries come one a line from
 * standard input, all answered over the index opened once (batch.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "batch.h"
#include "cli.h"
#include "commands.h"
#include "hits.h"
#include "out_csv.h"
#include "out_html.h"
#include "out_md.h"
#include "session.h"
#include "spor/text/buf.h"
#include "spor/query/compare.h"
#include "spor/query/search.h"

/* Where search's options put their values (static: see opts.h). */
static struct {
    cli_session s;
    spor_search_opts so;
    int batch;
} search;

static const cli_option search_options[] = {
    CLI_OPTS_INDEXES(&search.s),
    CLI_OPT_COUNT('n', "limit", &search.so.limit, "N",
                  "show at most N hits (default 10)"),
    CLI_OPT_COUNT(0, "offset", &search.so.offset, "K",
                  "skip the first K hits (for paging)"),
    CLI_OPTS_OUTPUT(&search.s),
    CLI_OPT_BOOL(0, "batch", &search.batch, "read the queries from standard "
                 "input, one a line, and write JSON Lines, each object "
                 "tagged with its query's line number"),
    CLI_OPTS_COLOR(&search.s),
    CLI_OPT_STRING(0, "place", &search.so.places, CLI_HINT_PLACE,
                   "PLACE[,PLACE...]", "only passages about one of these "
                   "places (any spelling or inflection)"),
    CLI_OPT_DOC(&search.so.docs),
    CLI_OPT_YEAR(&search.so.years),
    CLI_OPT_RANGE(0, "per-doc", &search.so.per_doc, "N", 1, 0,
                  "at most N hits from one document (N above 0)"),
    CLI_OPT_BOOL(0, "facets", &search.so.facets, "also count the matching "
                 "passages, in all and per place, document and year"),
    CLI_OPT_BOOL(0, "all-copies", &search.so.keep_duplicates, "show every "
                 "copy of a passage found in several documents"),
    CLI_OPT_NO_SYNONYMS(&search.so.no_synonyms),
    CLI_OPT_STRICT_PHRASES(&search.so.strict_phrases),
    CLI_OPT_BOOL(0, "explain", &search.so.explain, "show for each hit what "
                 "each query word matched and added to the score"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

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
    "With --batch, reads one query a line from standard input instead\n"
    "(no QUERY), answers each with the options given, and writes its JSON\n"
    "objects tagged \"query\": LINE, then a \"done\" object (or an \"error\"\n"
    "object for a query that fails); blank lines are skipped.\n"
    "Exit status: 0 hits, 1 no hits, 2 error; with --batch 0 when every\n"
    "query was answered, 2 when one failed.",
    search_options, cmd_search, 0};

/* Prints the hits as a CSV table or a document (md, html); 1 when the
 * format is none of these, -1 when out of memory. */
static int print_export(const cli_session *s, const spor_results *res,
                        const char *query)
{
    unsigned missing = spor_index_missing_shards(s->ix);
    switch (s->format) {
    case CLI_FORMAT_CSV:
        if (s->bom)
            cli_csv_bom(stdout);
        cli_csv_hits(stdout, res);
        return 0;
    case CLI_FORMAT_MD:
        return cli_md_search(stdout, query, res, missing);
    case CLI_FORMAT_HTML:
        return cli_html_search(stdout, query, res, missing);
    default:
        return 1;
    }
}

/* Prints the hits (and facets) in the chosen format; line tags each JSON
 * object with the line of a batch's query (0: none). -1 when out of
 * memory. */
static int print_results(const cli_session *s, const spor_results *res,
                         const char *query, unsigned long line)
{
    int json = s->format == CLI_FORMAT_JSON;
    if (!json) {
        cli_print_suggestion(query, res->suggestion, res->corrected);
        cli_print_missing_text(res);
        cli_print_by_head_text(res);
    }
    /* Hits without the phrase rank after all with it (spor_hit.apart). */
    if (!json && res->n && res->hits[0].apart)
        fputs(res->hits[0].n_missing
                  ? "spor: ingen passager med frasen; viser passager med "
                    "nogle af ordene\n"
                  : "spor: ingen passager med frasen; viser passager med "
                    "ordene hver for sig\n",
              stderr);
    int exported = print_export(s, res, query);
    if (exported <= 0)
        return exported;
    if (json && spor_index_missing_shards(s->ix))
        cli_print_partial_json(spor_index_missing_shards(s->ix), line);
    if (s->format == CLI_FORMAT_TSV) {
        cli_print_hit_tsv_header();
        putchar('\n');
    }
    for (size_t i = 0; i < res->n; i++) {
        if (json) {
            cli_print_hit_json(&res->hits[i], res->suggestion,
                               res->corrected, line);
        } else if (s->format == CLI_FORMAT_TSV) {
            cli_print_hit_tsv(&res->hits[i]);
            putchar('\n');
        } else {
            cli_print_hit_text(&res->hits[i], s->color);
        }
    }
    /* After the hits: a reader that takes each line for a hit (as the
     * evaluator does) keeps their ranks. */
    if (json) {
        cli_print_missing_json(res, line);
        cli_print_by_head_json(res, line);
    }
    if (search.so.facets)
        cli_print_facets(&res->facets, json, s->color, line);
    return 0;
}

/* The warning for a page asked for past what one query ranks. */
static void warn_capped(const spor_results *res, unsigned long line)
{
    if (!res->capped)
        return;
    char where[32] = "";
    if (line)
        snprintf(where, sizeof where, " line %lu:", line);
    cli_warning("search:%s one query ranks about %d passages; the page "
                "past them is short (ask for fewer with -n and --offset, "
                "or narrow the query)", where, SPOR_MAX_RANKED);
}

/* cli_batch_answer_fn: one query of a batch, answered as a single search
 * answers it; ctx is the session. */
static long answer_batch_query(void *ctx, const char *query,
                               unsigned long line, spor_err *err)
{
    cli_session *s = ctx;
    spor_results res = {0};
    if (spor_search_places(s->ix, query, &search.so, &res, err) != SPOR_OK) {
        spor_results_free(&res);
        return -1;
    }
    if (print_results(s, &res, query, line)) {
        spor_results_free(&res);
        spor_fail(err, SPOR_ENOMEM, "out of memory");
        return -1;
    }
    warn_capped(&res, line);
    long n = (long)res.n;
    spor_results_free(&res);
    return n;
}

/* The search of the query on the command line; returns the exit status. */
static int search_once(cli_session *s)
{
    sbuf q = SBUF_INIT;
    int rc = CLI_EXIT_ERROR;
    if (cli_query_words("search", s->rest.pos, s->rest.n, &q) ||
        cli_session_open(s, "search"))
        goto out;
    spor_err err;
    spor_err_clear(&err);
    spor_results res = {0};
    if (spor_search_places(s->ix, q.data, &search.so, &res, &err) !=
            SPOR_OK) {
        cli_error("search: %s", err.msg);
        spor_results_free(&res);
        goto out;
    }
    int printed = print_results(s, &res, q.data, 0);
    warn_capped(&res, 0);
    /* -n 0 asks for no page: the query's matches decide. */
    rc = spor_results_none(&res, &search.so) ? CLI_EXIT_NO_HITS
                                             : CLI_EXIT_HITS;
    if (printed) {
        cli_error("search: out of memory");
        rc = CLI_EXIT_ERROR;
    } else if (fflush(stdout) != 0) {
        cli_error("search: cannot write the results");
        rc = CLI_EXIT_ERROR;
    }
    spor_results_free(&res);
out:
    sbuf_free(&q);
    return rc;
}

/* The searches of the queries on standard input; returns the exit
 * status. */
static int search_batch(cli_session *s)
{
    if (cli_session_open(s, "search"))
        return CLI_EXIT_ERROR;
    return cli_batch_run(stdin, "search", answer_batch_query, s);
}

/* Options that do not go together; -1 after an error line. A batch
 * writes JSON Lines: any other format given is a mistake, not a choice
 * to override. */
static int check_usage(cli_session *s)
{
    int text_or_json = s->format == CLI_FORMAT_TEXT ||
                       s->format == CLI_FORMAT_JSON;
    if (search.so.facets && !text_or_json) {
        /* Facet rows would break the one table TSV and CSV readers
         * expect, and a memo cites passages, not counts. */
        cli_error("search: --facets needs --format text or json, not "
                  "--format %s", cli_format_name(s->format));
        return -1;
    }
    /* TSV has always written hits without the explanation; the formats
     * after it say so instead. */
    if (search.so.explain && !text_or_json && s->format != CLI_FORMAT_TSV) {
        cli_error("search: --explain needs --format text or json, not "
                  "--format %s", cli_format_name(s->format));
        return -1;
    }
    if (!search.batch)
        return 0;
    if (s->format_given && s->format != CLI_FORMAT_JSON) {
        cli_error("search: --batch writes JSON Lines, not --format %s",
                  cli_format_name(s->format));
        return -1;
    }
    if (s->rest.n) {
        cli_error("search: --batch reads the queries from standard input, "
                  "one a line; give no QUERY");
        return -1;
    }
    s->format = CLI_FORMAT_JSON;
    s->color = 0;
    return 0;
}

static int cmd_search(const cli_command *cmd, int argc, char **argv)
{
    cli_session *s = &search.s;
    spor_search_opts_default(&search.so);
    search.batch = 0;
    cli_parsed parsed = cli_session_start(s, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    int rc = CLI_EXIT_ERROR;
    if (!check_usage(s))
        rc = search.batch ? search_batch(s) : search_once(s);
    cli_session_end(s);
    return rc;
}
