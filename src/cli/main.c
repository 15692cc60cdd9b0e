/* spor's entry point: top-level options, the config file, and dispatch to
 * a subcommand (commands.c lists them). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "config.h"
#include "optconfig.h"

/* The config file, each setting checked against the command tables. */
static int load_config(void)
{
    return cli_config_load(cli_config_check_setting, (void *)cli_commands);
}

static int print_version(void)
{
    printf("spor %s\n", SPOR_VERSION);
    printf("output format version %d (json, tsv, csv, md, html)\n", CLI_FORMAT_VERSION);
    char *stop = cli_data_path("stopwords/danish.txt");
    if (stop) {
        /* The data folder is the one holding the stop list. */
        char *cut = strstr(stop, "/stopwords/danish.txt");
        if (cut)
            *cut = '\0';
    }
    printf("data: %s\n", stop ? stop : "(not found; set SPOR_DATA_DIR)");
    free(stop);
    const char *cfg = cli_config_path();
    printf("config: %s%s\n", cfg ? cfg : "(none)",
           cfg ? (cli_config_found() ? "" : " (not present)") : "");
    return 0;
}

static int unknown_command(const char *name)
{
    const char *names[32];
    size_t n = 0;
    for (size_t i = 0; cli_commands[i] && n < 31; i++)
        if (!cli_commands[i]->hidden)
            names[n++] = cli_commands[i]->name;
    names[n] = NULL;
    const char *near = cli_nearest(name, names);
    if (near)
        cli_error("unknown command '%s' (did you mean '%s'? see 'spor "
                  "--help')", name, near);
    else
        cli_error("unknown command '%s' (see 'spor --help')", name);
    return CLI_EXIT_ERROR;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_main_help(stderr);
        return CLI_EXIT_ERROR;
    }
    const char *arg = argv[1];
    if (!strcmp(arg, "--help") || !strcmp(arg, "-h") || !strcmp(arg, "help")) {
        if (argc > 2 && strcmp(arg, "help") == 0) {
            const cli_command *c = cli_find_command(argv[2]);
            if (!c)
                return unknown_command(argv[2]);
            cli_print_command_help(c);
            return 0;
        }
        cli_print_main_help(stdout);
        return 0;
    }
    if (!strcmp(arg, "--version") || !strcmp(arg, "-V")) {
        /* A broken config file is reported but does not hide the
         * version: --version is what one runs to debug a setup. */
        (void)load_config();
        int rc = print_version();
        cli_config_free();
        return rc;
    }
    if (arg[0] == '-') {
        cli_error("unknown option '%s' (options follow the command: 'spor "
                  "COMMAND %s'; see 'spor --help')", arg, arg);
        return CLI_EXIT_ERROR;
    }
    const cli_command *c = cli_find_command(arg);
    if (!c)
        return unknown_command(arg);
    if (load_config() != 0)
        return CLI_EXIT_ERROR;
    int rc = c->run(c, argc - 1, argv + 1);
    cli_config_free();
    return rc;
}
