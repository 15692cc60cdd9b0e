/* The option parser: it reads a command line into the destinations its
 * command's option table names (see opts.h), and checks each value on the
 * way. It reads GNU-style options: "--name value", "--name=value",
 * "-n value", "-nvalue", clusters of short flags ("-qv"), options mixed
 * with positional arguments, and "--" to end the options (a query word
 * may start with "-"). It knows nothing of the config file, which sets
 * the same destinations through cli_option_set (optconfig.c). */
#include "opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spor/text/distance.h"

/* A "did you mean" is only offered for names this close (edit distance):
 * beyond two edits the guess is more often wrong than helpful. */
#define CLI_NEAREST_MAX_DISTANCE 2

int cli_parsed_exit(cli_parsed r)
{
    return r == CLI_PARSED_HELP ? 0 : CLI_EXIT_ERROR;
}

void cli_rest_free(cli_rest *r)
{
    free(r->pos);
    r->pos = NULL;
    r->n = 0;
}

const cli_option *cli_find_option(const cli_command *cmd, const char *name)
{
    for (const cli_option *o = cmd->options; o->kind != CLI_KIND_END; o++)
        if (!strcmp(o->name, name))
            return o;
    return NULL;
}

static const cli_option *find_short(const cli_command *cmd, char c)
{
    for (const cli_option *o = cmd->options; o->kind != CLI_KIND_END; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

const char *cli_nearest(const char *word, const char *const *names)
{
    const char *best = NULL;
    size_t best_d = CLI_NEAREST_MAX_DISTANCE + 1;
    size_t wl = strlen(word);
    for (size_t i = 0; names[i]; i++) {
        /* A typed prefix of a name ("--form") is as good as a near miss. */
        size_t d = wl >= 3 && !strncmp(names[i], word, wl)
                       ? 1 : text_edit_distance(word, wl, names[i],
                                                strlen(names[i]));
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

static cli_parsed unknown_option(const cli_command *cmd, const char *arg)
{
    const char *names[64];
    size_t n = 0;
    for (const cli_option *o = cmd->options; o->kind != CLI_KIND_END &&
                                             n < 63; o++)
        names[n++] = o->name;
    names[n] = NULL;
    const char *word = arg;
    while (*word == '-')
        word++;
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(word, "="), word);
    const char *near = arg[1] == '-' ? cli_nearest(name, names) : NULL;
    if (near)
        cli_error("%s: unknown option '%s' (did you mean '--%s'? see 'spor "
                  "%s --help')", cmd->name, arg, near, cmd->name);
    else if (arg[1] != '-' && cmd->args && strstr(cmd->args, "QUERY"))
        cli_error("%s: unknown option '%s' (to exclude a word, put '--' "
                  "before the query; see 'spor %s --help')", cmd->name,
                  arg, cmd->name);
    else
        cli_error("%s: unknown option '%s' (see 'spor %s --help')",
                  cmd->name, arg, cmd->name);
    return CLI_PARSED_ERROR;
}

static const char *config_note(int from_config)
{
    return from_config ? " (in the config file)" : "";
}

/* A count's value: a whole number (else an error naming the config file
 * when it came from there), then within the option's range (an error
 * that reads the same wherever the value came from). */
static cli_parsed set_count(const cli_command *cmd, const cli_option *o,
                            const char *value, int from_config)
{
    long v = cli_parse_count(value);
    if (v < 0) {
        cli_error("%s: --%s needs a whole number, not '%s'%s", cmd->name,
                  o->name, value, config_note(from_config));
        return CLI_PARSED_ERROR;
    }
    if ((unsigned long)v < o->min || (o->max && (unsigned long)v > o->max)) {
        if (o->flags & CLI_RANGE_TERSE)
            cli_error("%s: --%s out of range: '%s'", cmd->name, o->name,
                      value);
        else if (!o->max)
            cli_error("%s: --%s needs a whole number above %u, not '%s'",
                      cmd->name, o->name, o->min - 1, value);
        else
            cli_error("%s: --%s needs a whole number from %u to %u, not "
                      "'%s'", cmd->name, o->name, o->min, o->max, value);
        return CLI_PARSED_ERROR;
    }
    *(unsigned *)o->dest = (unsigned)v;
    return CLI_PARSED_OK;
}

/* A choice's value: its position among the choices, else an error
 * listing them ("text, json, tsv"). */
static cli_parsed set_choice(const cli_command *cmd, const cli_option *o,
                             const char *value, int from_config)
{
    size_t vl = strlen(value);
    int at = 0;
    for (const char *c = o->choices; *c; at++) {
        size_t n = strcspn(c, "|");
        if (n == vl && !strncmp(c, value, n)) {
            *(int *)o->dest = at;
            return CLI_PARSED_OK;
        }
        c += n + (c[n] == '|');
    }
    char list[256];
    size_t len = 0;
    for (const char *c = o->choices; *c && len + 8 < sizeof list; c++) {
        if (*c == '|') {
            list[len++] = ',';
            list[len++] = ' ';
        } else {
            list[len++] = *c;
        }
    }
    list[len] = '\0';
    cli_error("%s: --%s takes %s, not '%s'%s", cmd->name, o->name, list,
              value, config_note(from_config));
    return CLI_PARSED_ERROR;
}

static void add_string(cli_strings *l, const char *value, int from_config)
{
    if (from_config || l->from_config)
        l->n = 0;
    l->from_config = from_config;
    if (l->n < CLI_STRINGS_MAX)
        l->items[l->n++] = value;
    else
        l->too_many = 1;
}

cli_parsed cli_option_set(const cli_command *cmd, const cli_option *o,
                          const char *value, int from_config)
{
    switch (o->kind) {
    case CLI_KIND_FLAG:
        *(int *)o->dest = o->set_to;
        return CLI_PARSED_OK;
    case CLI_KIND_COUNT:
        return set_count(cmd, o, value, from_config);
    case CLI_KIND_STRING:
        *(const char **)o->dest = value;
        return CLI_PARSED_OK;
    case CLI_KIND_STRINGS:
        add_string(o->dest, value, from_config);
        return CLI_PARSED_OK;
    case CLI_KIND_CHOICE:
        return set_choice(cmd, o, value, from_config);
    case CLI_KIND_HELP:
        cli_print_command_help(cmd);
        return CLI_PARSED_HELP;
    case CLI_KIND_END:
        break;
    }
    return CLI_PARSED_ERROR;
}

/* Where the parser is in argv. */
typedef struct parse_state {
    const cli_command *cmd;
    int argc;
    char **argv;
    int next;           /* next argv index */
    cli_rest *rest;
} parse_state;

/* Takes option o, met as arg (its label, "--name" or "-n"), with the
 * value written inside the same argument (after "=" or in a short
 * cluster), or else the next argument when o takes one. */
static cli_parsed take(parse_state *p, const cli_option *o,
                       const char *inline_value, const char *arg)
{
    int takes_value = o->kind != CLI_KIND_FLAG && o->kind != CLI_KIND_HELP;
    if (!takes_value) {
        if (inline_value && o->kind != CLI_KIND_HELP) {
            cli_error("%s: --%s takes no value (got '%s')", p->cmd->name,
                      o->name, arg);
            return CLI_PARSED_ERROR;
        }
        return cli_option_set(p->cmd, o, NULL, 0);
    }
    const char *value = inline_value;
    if (!value) {
        if (p->next >= p->argc) {
            cli_error("%s: %s needs a value (%s)", p->cmd->name, arg,
                      o->metavar ? o->metavar : "a value");
            return CLI_PARSED_ERROR;
        }
        value = p->argv[p->next++];
    }
    return cli_option_set(p->cmd, o, value, 0);
}

/* "--name" or "--name=value". */
static cli_parsed long_option(parse_state *p, const char *arg)
{
    char name[128];
    const char *eq = strchr(arg + 2, '=');
    size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
    if (n >= sizeof name)
        return unknown_option(p->cmd, arg);
    memcpy(name, arg + 2, n);
    name[n] = '\0';
    const cli_option *o = cli_find_option(p->cmd, name);
    if (!o)
        return unknown_option(p->cmd, arg);
    char label[140];
    snprintf(label, sizeof label, "--%s", name);
    return take(p, o, eq ? eq + 1 : NULL, label);
}

/* "-n", "-nVALUE" or a cluster of short flags "-qv". */
static cli_parsed short_options(parse_state *p, const char *cluster)
{
    cli_parsed r = CLI_PARSED_OK;
    while (r == CLI_PARSED_OK && *cluster) {
        char arg[3] = {'-', *cluster++, '\0'};
        const cli_option *o = find_short(p->cmd, arg[1]);
        if (!o)
            return unknown_option(p->cmd, arg);
        if (o->kind != CLI_KIND_FLAG && o->kind != CLI_KIND_HELP)
            return take(p, o, *cluster ? cluster : NULL, arg);
        r = take(p, o, NULL, arg);
    }
    return r;
}

static cli_parsed parse_argv(parse_state *p)
{
    int only_positional = 0;
    cli_parsed r = CLI_PARSED_OK;
    while (r == CLI_PARSED_OK && p->next < p->argc) {
        char *arg = p->argv[p->next++];
        if (only_positional || arg[0] != '-' || !arg[1])
            p->rest->pos[p->rest->n++] = arg;
        else if (!strcmp(arg, "--"))
            only_positional = 1;
        else if (arg[1] == '-')
            r = long_option(p, arg);
        else
            r = short_options(p, arg + 1);
    }
    if (r == CLI_PARSED_OK && !p->cmd->args && p->rest->n) {
        cli_error("%s: unexpected argument '%s' (see 'spor %s --help')",
                  p->cmd->name, p->rest->pos[0], p->cmd->name);
        r = CLI_PARSED_ERROR;
    }
    return r;
}

cli_parsed cli_parse_options(const cli_command *cmd, int argc, char **argv,
                             cli_rest *rest)
{
    rest->n = 0;
    rest->pos = calloc((size_t)(argc > 0 ? argc : 1), sizeof *rest->pos);
    if (!rest->pos) {
        cli_error("%s: out of memory", cmd->name);
        return CLI_PARSED_ERROR;
    }
    parse_state p = {cmd, argc, argv, 1, rest};
    cli_parsed r = parse_argv(&p);
    if (r != CLI_PARSED_OK)
        cli_rest_free(rest);
    return r;
}
