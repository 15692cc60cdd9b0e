/* spor's entry point: dispatch to a subcommand. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: spor COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  index  [--index DIR] [--rebuild] [PATH ...]\n"
    "                                    index or update (default: the bundled corpus)\n"
    "  search [--index DIR] [-n N] [--offset K] [--json] [--color WHEN] QUERY ...\n"
    "                                    rank passages for a query\n"
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
    cli_error("unknown command '%s' (try 'spor --help')", cmd);
    return CLI_EXIT_ERROR;
}
