/* Reading the optional config file: this module owns where the file is,
 * its syntax and the settings read from it, and nothing of what they
 * mean (optconfig.c checks them against the commands and hands them to
 * a command's options). The file holds defaults for command-line
 * options, so a user can set an index path or a colour choice once. It
 * is read from $SPOR_CONFIG, else $XDG_CONFIG_HOME/spor/config, else
 * ~/.config/spor/config; a missing file is no error. The format is
 * INI-like:
 *
 *     # comment
 *     index = ~/spor-index      applies to every command with --index
 *     [search]
 *     limit = 20                applies to `spor search` only
 *
 * A key is an option's long name; a flag takes true or false. A command
 * takes its settings before its command line, so the command line wins;
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

/* Says whether a setting means something: called for each section
 * header (key and value NULL) and each "key = value" line as the file is
 * read (value as written, quotes removed). Returns 0, or -1 after writing
 * why not into why (cap bytes), which is then printed after the file and
 * line. */
typedef int (*cli_config_check_fn)(void *ctx, const char *section,
                                   const char *key, const char *value,
                                   char *why, size_t cap);

/* Reads the config file once, checking each line with check. Returns 0,
 * or -1 after printing a one-line error naming the file and line
 * (malformed line, a setting check refused, unreadable file). */
int cli_config_load(cli_config_check_fn check, void *ctx);
void cli_config_free(void);

/* Calls fn for each setting in file order until it returns non-zero;
 * returns that value, or 0. */
int cli_config_each(int (*fn)(const cli_config_entry *e, void *ctx),
                    void *ctx);

/* The file looked for (NULL when $SPOR_CONFIG is set empty), and whether
 * it was found. */
const char *cli_config_path(void);
int cli_config_found(void);

/* Whether a flag's config value means on ("true", "yes", "on", "1"), and
 * whether it is one of the words for on or off. */
int cli_config_true(const char *value);
int cli_config_is_bool(const char *value);

#endif
