/* The config file's settings as option values (see optconfig.h): checked
 * against the command tables when the file is read, and handed to a
 * command's options through cli_option_set when the command starts. */
#include "optconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

/* The option key names in section, or in any command when section is
 * NULL; the help option is no setting. */
static const cli_option *known_key(const cli_command *const *commands,
                                   const char *section, const char *key)
{
    for (size_t i = 0; commands[i]; i++) {
        const cli_command *c = commands[i];
        if (section && strcmp(section, c->name))
            continue;
        const cli_option *o = cli_find_option(c, key);
        if (o && o->kind != CLI_KIND_HELP)
            return o;
    }
    return NULL;
}

int cli_config_check_setting(void *ctx, const char *section,
                             const char *key, const char *value, char *why,
                             size_t cap)
{
    const cli_command *const *commands = ctx;
    if (!key) {
        for (size_t i = 0; commands[i]; i++)
            if (!strcmp(commands[i]->name, section))
                return 0;
        snprintf(why, cap, "no command '%s' for a section", section);
        return -1;
    }
    const cli_option *o = known_key(commands, section, key);
    int flag = o && o->kind == CLI_KIND_FLAG;
    if (!o)
        snprintf(why, cap, "%s%s has no option '%s'",
                 section ? "spor " : "", section ? section : "no command",
                 key);
    else if (flag && !cli_config_is_bool(value))
        snprintf(why, cap, "%s takes true or false, not '%s'", key, value);
    else if (!flag && !*value)
        snprintf(why, cap, "%s needs a value", key);
    else
        return 0;
    return -1;
}

/* The config.h callback for one command: each setting of its section or
 * of every command that names one of its options sets that option,
 * unless the option's environment variable is set (it beats the file).
 * A flag set to false is left as it is. Returns a cli_parsed. */
static int apply_setting(const cli_config_entry *e, void *ctx)
{
    const cli_command *cmd = ctx;
    if (e->section && strcmp(e->section, cmd->name))
        return CLI_PARSED_OK;
    const cli_option *o = cli_find_option(cmd, e->key);
    if (!o || o->kind == CLI_KIND_HELP)
        return CLI_PARSED_OK;
    if (o->env) {
        const char *env = getenv(o->env);
        if (env && *env)
            return CLI_PARSED_OK;
    }
    if (o->kind == CLI_KIND_FLAG)
        return cli_config_true(e->value) ? cli_option_set(cmd, o, NULL, 1)
                                         : CLI_PARSED_OK;
    return cli_option_set(cmd, o, e->value, 1);
}

cli_parsed cli_read_options(const cli_command *cmd, int argc, char **argv,
                            cli_rest *rest)
{
    rest->pos = NULL;
    rest->n = 0;
    cli_parsed r = (cli_parsed)cli_config_each(apply_setting,
                                               (void *)cmd);
    if (r != CLI_PARSED_OK)
        return r;
    return cli_parse_options(cmd, argc, argv, rest);
}
