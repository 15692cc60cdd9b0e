/* spor's entry point: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: spor COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  index  [--index DIR] [PATH ...]   index documents (default: the bundled corpus)\n"
    "  search [--index DIR] [-n N] [--offset K] [--json] [--color WHEN]\n"
    "         [--place P] [--doc D] [--year Y] [--per-doc N] [--facets] QUERY ...\n"
    "                                    rank passages for a query\n"
    "  compare [--places A,B,...] QUERY ...  best passages per place, side by side\n"
    "  show   [--context N] PASSAGE-ID   a passage with the passages around it\n"
    "  stats  [--index DIR] [--json]     sizes of the index\n"
    "\n"
    "The index is --index DIR, else $SPOR_INDEX, else ./index.\n"
    "Exit status: 0 hits (or success), 1 no hits, 2 error.\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_EXIT_ERROR;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("spor %s\n", SPOR_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "index"))
        return cmd_index(argc - 1, argv + 1);
    if (!strcmp(cmd, "search"))
        return cmd_search(argc - 1, argv + 1);
    if (!strcmp(cmd, "stats"))
        return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(cmd, "compare"))
        return cmd_compare(argc - 1, argv + 1);
    if (!strcmp(cmd, "show"))
        return cmd_show(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'spor --help')", cmd);
    return CLI_EXIT_ERROR;
}
