/* The list of subcommands and the top-level help built from it. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

const cli_command *const cli_commands[] = {
    &cmd_index_def, &cmd_search_def, &cmd_compare_def, &cmd_show_def,
    &cmd_open_def, &cmd_stats_def, &cmd_web_def, &cmd_serve_def,
    &cmd_complete_def, NULL};

const cli_command *cli_find_command(const char *name)
{
    for (size_t i = 0; cli_commands[i]; i++)
        if (!strcmp(cli_commands[i]->name, name))
            return cli_commands[i];
    return NULL;
}

void cli_print_main_help(FILE *f)
{
    fputs("usage: spor [--version] [--help] COMMAND [OPTIONS] [ARGS]\n"
          "\n"
          "Full-text search for Danish documents: ranked passages with\n"
          "document, section, line numbers and a highlighted snippet.\n"
          "\n"
          "commands:\n", f);
    for (size_t i = 0; cli_commands[i]; i++)
        if (!cli_commands[i]->hidden)
            fprintf(f, "  %-8s %s\n", cli_commands[i]->name,
                    cli_commands[i]->summary);
    fputs("\n"
          "'spor COMMAND --help' (or 'spor help COMMAND') lists a command's\n"
          "options; 'man spor' has the details.\n"
          "The index is --index DIR, else $SPOR_INDEX, else the config\n"
          "file's index (~/.config/spor/config), else ./index.\n"
          "Exit status: 0 hits (or success), 1 no hits, 2 error.\n", f);
}
