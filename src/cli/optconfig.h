/* How the config file's settings reach a command's options: the check
 * each setting passes as the file is read (a key must be an option of
 * its section's command, or of some command), and the callback that
 * sets one command's options from the settings, before its command line
 * is read. The option parser never sees the file. */
#ifndef SPOR_CLI_OPTCONFIG_H
#define SPOR_CLI_OPTCONFIG_H

#include <stddef.h>
#include "opts.h"

/* A cli_config_check_fn (config.h) against the command tables; ctx is
 * the NULL-ended list of commands (cli_commands). */
int cli_config_check_setting(void *ctx, const char *section,
                             const char *key, const char *value, char *why,
                             size_t cap);

/* Sets cmd's options from the config file, then from argv: the
 * config.h callback and the parser, one after the other. */
cli_parsed cli_read_options(const cli_command *cmd, int argc, char **argv,
                            cli_rest *rest);

#endif
