/* `spor stats`: what is in the index and what it costs on disk. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "out_csv.h"
#include "session.h"
#include "spor/query/index.h"
#include "spor/text/buf.h"
#include "spor/query/search.h"

/* Where stats's options put their values (static: see opts.h). */
static cli_session stats;

static const cli_option stats_options[] = {
    CLI_OPTS_INDEXES(&stats),
    CLI_OPTS_OUTPUT(&stats),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_stats(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_stats_def = {
    "stats", NULL, "what the index holds and its size on disk",
    "Prints the number of documents, passages and terms in the index, and\n"
    "its size on disk against the raw text. --format md and html are for\n"
    "hits: not here.",
    stats_options, cmd_stats, 0};

static int cmd_stats(const cli_command *cmd, int argc, char **argv)
{
    cli_parsed parsed = cli_session_start(&stats, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    if (stats.format == CLI_FORMAT_MD || stats.format == CLI_FORMAT_HTML) {
        /* A memo cites passages; the index's figures are for scripts and
         * the text view. */
        cli_error("stats: --format %s writes hits; give text, json, tsv or "
                  "csv", cli_format_name(stats.format));
        cli_session_end(&stats);
        return CLI_EXIT_ERROR;
    }
    spor_err err;
    spor_err_clear(&err);
    spor_index_stats s;
    if (cli_session_open(&stats, "stats")) {
        cli_session_end(&stats);
        return CLI_EXIT_ERROR;
    }
    spor_index *ix = stats.ix;
    if (spor_index_get_stats(ix, &s, &err) != SPOR_OK) {
        cli_error("stats: %s", err.msg);
        cli_session_end(&stats);
        return CLI_EXIT_ERROR;
    }
    /* The folder `doc` paths are below (documents are stored absolute). */
    const char *root = spor_index_root(ix);
    double ratio = s.raw_bytes ? (double)s.index_bytes / (double)s.raw_bytes
                               : 0.0;
    if (stats.format == CLI_FORMAT_JSON) {
        printf("{\"type\":\"stats\",\"version\":%d,\"documents\":%u,"
               "\"passages\":%u,\"terms\":%lu,\"stems\":%lu,"
               "\"index_bytes\":%llu,\"raw_bytes\":%llu,"
               "\"index_to_raw\":%.3f,\"root\":",
               CLI_FORMAT_VERSION, s.n_docs, s.n_passages, s.n_terms,
               s.n_stems,
               (unsigned long long)s.index_bytes,
               (unsigned long long)s.raw_bytes, ratio);
        cli_json_string(stdout, root, strlen(root));
        fputs("}\n", stdout);
    } else if (stats.format == CLI_FORMAT_CSV) {
        if (stats.bom)
            cli_csv_bom(stdout);
        cli_csv_stats(stdout, &s, root);
    } else if (stats.format == CLI_FORMAT_TSV) {
        /* One "key<TAB>value" line each, keys as in the JSON object. */
        printf("documents\t%u\npassages\t%u\nterms\t%lu\nstems\t%lu\n"
               "index_bytes\t%llu\nraw_bytes\t%llu\nindex_to_raw\t%.3f\n"
               "root\t",
               s.n_docs, s.n_passages, s.n_terms, s.n_stems,
               (unsigned long long)s.index_bytes,
               (unsigned long long)s.raw_bytes, ratio);
        cli_tsv_field(stdout, root, strlen(root));
        putchar('\n');
    } else {
        sbuf tmp = SBUF_INIT;
        printf("index        %s\n", spor_index_name(ix));
        printf("built in     %s\n", cli_text_safe(root, &tmp));
        sbuf_free(&tmp);
        printf("documents    %u\n", s.n_docs);
        printf("passages     %u\n", s.n_passages);
        printf("terms        %lu distinct words, %lu stems\n", s.n_terms,
               s.n_stems);
        printf("raw text     %llu bytes\n", (unsigned long long)s.raw_bytes);
        printf("index size   %llu bytes (%.2f x the raw text)\n",
               (unsigned long long)s.index_bytes, ratio);
        if (spor_index_shards(ix))
            printf("shards       %u (%u searched)\n", spor_index_shards(ix),
                   spor_index_shards(ix) - spor_index_missing_shards(ix));
    }
    cli_session_end(&stats);
    return 0;
}
