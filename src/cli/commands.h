/* The list of subcommands. Each lives in its own cmd_*.c file and exports
 * its description table (opts.h); adding one means adding it here and to
 * the list in commands.c. */
#ifndef SPOR_CLI_COMMANDS_H
#define SPOR_CLI_COMMANDS_H

#include "opts.h"

extern const cli_command cmd_index_def;
extern const cli_command cmd_search_def;
extern const cli_command cmd_stats_def;
extern const cli_command cmd_compare_def;
extern const cli_command cmd_show_def;
extern const cli_command cmd_open_def;
extern const cli_command cmd_complete_def;
extern const cli_command cmd_serve_def;
extern const cli_command cmd_web_def;

/* Every command, NULL-ended, in the order `spor --help` lists them. */
extern const cli_command *const cli_commands[];

/* The command called name, or NULL. */
const cli_command *cli_find_command(const char *name);

/* `spor --help`: the commands and where to read more. */
void cli_print_main_help(FILE *f);

#endif
