/* The optional config file: defaults for command-line options, so a user
 * can set an index path or a colour choice once. It is read from
 * $SPOR_CONFIG, else $XDG_CONFIG_HOME/spor/config, else
 * ~/.config/spor/config; a missing file is no error. The format is INI-like:
 *
 *     # comment
 *     index = ~/spor-index      applies to every command with --index
 *     [search]
 *     limit = 20                applies to `spor search` only
 *
 * A key is an option's long name; a flag takes true or false. Values enter
 * the option parser before the command line, so the command line wins;
 * an option with an environment variable (--index, $SPOR_INDEX) takes the
 * variable over the file. The state lives here for the process's life:
 * the CLI is the one place allowed global state. */
#ifndef SPOR_CLI_CONFIG_H
#define SPOR_CLI_CONFIG_H

#include <stddef.h>

typedef struct cli_config_entry {
    char *section;  /* command name, or NULL for every command */
    char *key;
    char *value;
    unsigned line;
} cli_config_entry;

/* Reads the config file once. Returns 0, or -1 after printing a one-line
 * error naming the file and line (malformed line, unknown command or
 * option, unreadable file). */
int cli_config_load(void);
void cli_config_free(void);

/* The i-th entry in file order, or NULL past the end. */
const cli_config_entry *cli_config_entry_at(size_t i);

/* The file looked for (NULL when $SPOR_CONFIG is set empty), and whether
 * it was found. */
const char *cli_config_path(void);
int cli_config_found(void);

/* Whether a flag's config value means on ("true", "yes", "on", "1"). */
int cli_config_true(const char *value);

#endif
