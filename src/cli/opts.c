/* The table-driven option parser and help printer (see opts.h). It reads
 * GNU-style options: "--name value", "--name=value", "-n value", "-nvalue",
 * clusters of short flags ("-qv"), options mixed with positional
 * arguments, and "--" to end the options (a query word may start with
 * "-"). Values from the config file come first, so the command line wins
 * by simply coming later. */
#include "opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"

/* A "did you mean" is only offered for names this close (edit distance):
 * beyond two edits the guess is more often wrong than helpful. */
#define CLI_NEAREST_MAX_DISTANCE 2

int cli_args_init(cli_args *a, const cli_command *cmd, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->cmd = cmd;
    a->argc = argc;
    a->argv = argv;
    a->next = 1;
    a->in_config = 1;
    a->pos = calloc((size_t)(argc > 0 ? argc : 1), sizeof *a->pos);
    if (!a->pos) {
        cli_error("%s: out of memory", cmd->name);
        return -1;
    }
    return 0;
}

void cli_args_free(cli_args *a)
{
    free(a->pos);
    a->pos = NULL;
}

const cli_option *cli_find_option(const cli_command *cmd, const char *name)
{
    for (const cli_option *o = cmd->options; o->name; o++)
        if (!strcmp(o->name, name))
            return o;
    return NULL;
}

static const cli_option *find_short(const cli_command *cmd, char c)
{
    for (const cli_option *o = cmd->options; o->name; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

const char *cli_option_label(const cli_option *o, char *buf, size_t cap)
{
    snprintf(buf, cap, "--%s", o->name);
    return buf;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *cli_nearest(const char *word, const char *const *names)
{
    const char *best = NULL;
    size_t best_d = CLI_NEAREST_MAX_DISTANCE + 1;
    size_t wl = strlen(word);
    for (size_t i = 0; names[i]; i++) {
        /* A typed prefix of a name ("--form") is as good as a near miss. */
        size_t d = wl >= 3 && !strncmp(names[i], word, wl)
                       ? 1 : edit_distance(word, names[i]);
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

static void unknown_option(const cli_args *a, const char *arg)
{
    const char *names[64];
    size_t n = 0;
    for (const cli_option *o = a->cmd->options; o->name && n < 63; o++)
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
                  "%s --help')", a->cmd->name, arg, near, a->cmd->name);
    else if (arg[1] != '-' && a->cmd->args && strstr(a->cmd->args, "QUERY"))
        cli_error("%s: unknown option '%s' (to exclude a word, put '--' "
                  "before the query; see 'spor %s --help')", a->cmd->name,
                  arg, a->cmd->name);
    else
        cli_error("%s: unknown option '%s' (see 'spor %s --help')",
                  a->cmd->name, arg, a->cmd->name);
}

/* Checks value against o's kind; prints the error and returns -1. */
static int check_value(cli_args *a, const cli_option *o, const char *value)
{
    a->value = value;
    a->count = 0;
    if (o->kind == CLI_VALUE_COUNT) {
        long v = cli_parse_count(value);
        if (v < 0) {
            cli_error("%s: --%s needs a whole number, not '%s'%s",
                      a->cmd->name, o->name, value,
                      a->from_config ? " (in the config file)" : "");
            return -1;
        }
        a->count = v;
    } else if (o->kind == CLI_VALUE_CHOICE) {
        const char *c = o->choices;
        size_t vl = strlen(value);
        while (*c) {
            size_t n = strcspn(c, "|");
            if (n == vl && !strncmp(c, value, n))
                return 0;
            c += n + (c[n] == '|');
        }
        char list[256];
        size_t at = 0;
        for (c = o->choices; *c && at + 8 < sizeof list; c++) {
            if (*c == '|') {
                list[at++] = ',';
                list[at++] = ' ';
            } else {
                list[at++] = *c;
            }
        }
        list[at] = '\0';
        cli_error("%s: --%s takes %s, not '%s'%s", a->cmd->name,
                  o->name, list, value,
                  a->from_config ? " (in the config file)" : "");
        return -1;
    }
    return 0;
}

/* The config file's next value for this command, or 0 when none is
 * left. Flags set to false in the config are skipped. */
static int next_from_config(cli_args *a)
{
    const cli_config_entry *e;
    while ((e = cli_config_entry_at(a->config_next)) != NULL) {
        a->config_next++;
        if (e->section && strcmp(e->section, a->cmd->name))
            continue;
        const cli_option *o = cli_find_option(a->cmd, e->key);
        if (!o || o->id == CLI_OPT_HELP)
            continue;
        if (o->env) {
            const char *env = getenv(o->env);
            if (env && *env)
                continue; /* the environment beats the config file */
        }
        a->from_config = 1;
        a->opt = o;
        if (o->kind == CLI_VALUE_NONE) {
            if (!cli_config_true(e->value))
                continue;
            a->value = NULL;
            return o->id;
        }
        if (check_value(a, o, e->value))
            return CLI_ARGS_ERROR;
        return o->id;
    }
    a->in_config = 0;
    return 0;
}

static int take(cli_args *a, const cli_option *o, const char *inline_value,
                const char *arg)
{
    a->opt = o;
    if (o->id == CLI_OPT_HELP) {
        cli_print_command_help(a->cmd);
        return CLI_ARGS_HELP;
    }
    if (o->kind == CLI_VALUE_NONE) {
        if (inline_value) {
            cli_error("%s: --%s takes no value (got '%s')", a->cmd->name,
                      o->name, arg);
            return CLI_ARGS_ERROR;
        }
        a->value = NULL;
        return o->id;
    }
    const char *value = inline_value;
    if (!value) {
        if (a->next >= a->argc) {
            cli_error("%s: %s needs a value (%s)", a->cmd->name, arg,
                      o->metavar ? o->metavar : "a value");
            return CLI_ARGS_ERROR;
        }
        value = a->argv[a->next++];
    }
    return check_value(a, o, value) ? CLI_ARGS_ERROR : o->id;
}

int cli_args_next(cli_args *a)
{
    if (a->in_config) {
        int id = next_from_config(a);
        if (id)
            return id;
    }
    a->from_config = 0;
    if (a->cluster && *a->cluster) {
        char c = *a->cluster++;
        const cli_option *o = find_short(a->cmd, c);
        if (!o) {
            char arg[3] = {'-', c, '\0'};
            unknown_option(a, arg);
            return CLI_ARGS_ERROR;
        }
        char arg[3] = {'-', c, '\0'};
        if (o->kind != CLI_VALUE_NONE) {
            const char *v = *a->cluster ? a->cluster : NULL;
            a->cluster = NULL;
            return take(a, o, v, arg);
        }
        return take(a, o, NULL, arg);
    }
    while (a->next < a->argc) {
        char *arg = a->argv[a->next++];
        if (a->only_positional || arg[0] != '-' || !arg[1]) {
            a->pos[a->n_pos++] = arg;
            continue;
        }
        if (!strcmp(arg, "--")) {
            a->only_positional = 1;
            continue;
        }
        if (arg[1] == '-') {
            char name[128];
            const char *eq = strchr(arg + 2, '=');
            size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
            if (n >= sizeof name) {
                unknown_option(a, arg);
                return CLI_ARGS_ERROR;
            }
            memcpy(name, arg + 2, n);
            name[n] = '\0';
            const cli_option *o = cli_find_option(a->cmd, name);
            if (!o) {
                unknown_option(a, arg);
                return CLI_ARGS_ERROR;
            }
            char label[140];
            snprintf(label, sizeof label, "--%s", name);
            return take(a, o, eq ? eq + 1 : NULL, label);
        }
        a->cluster = arg + 1;
        return cli_args_next(a);
    }
    return CLI_ARGS_END;
}

/* Help lines wrap before this column, as a terminal of 80 shows them. */
#define HELP_WIDTH 79
/* The column where option descriptions start. */
#define HELP_INDENT 28

void cli_print_command_help(const cli_command *cmd)
{
    printf("usage: spor %s [OPTIONS]%s%s\n\n%s\n\noptions:\n", cmd->name,
           cmd->args ? " " : "", cmd->args ? cmd->args : "", cmd->help);
    for (const cli_option *o = cmd->options; o->name; o++) {
        char left[64];
        int n = snprintf(left, sizeof left, "  %c%c%c --%s%s%s",
                         o->short_name ? '-' : ' ',
                         o->short_name ? o->short_name : ' ',
                         o->short_name ? ',' : ' ', o->name,
                         o->metavar ? " " : "", o->metavar ? o->metavar : "");
        fputs(left, stdout);
        int col = n;
        if (col > HELP_INDENT - 2) {
            putchar('\n');
            col = 0;
        }
        printf("%*s", HELP_INDENT - col, "");
        col = HELP_INDENT;
        const char *w = o->help;
        while (*w) {
            size_t wl = strcspn(w, " ");
            if (col > HELP_INDENT && col + 1 + (int)wl > HELP_WIDTH) {
                printf("\n%*s", HELP_INDENT, "");
                col = HELP_INDENT;
            } else if (col > HELP_INDENT) {
                putchar(' ');
                col++;
            }
            fwrite(w, 1, wl, stdout);
            col += (int)wl;
            w += wl;
            while (*w == ' ')
                w++;
        }
        putchar('\n');
    }
}

void cli_output_opts_default(cli_output_opts *o)
{
    o->format = CLI_FORMAT_TEXT;
    o->format_version = -1;
}

int cli_output_option(cli_output_opts *o, int id, const cli_args *a)
{
    switch (id) {
    case CLI_OPT_FORMAT: o->format = cli_format_from(a->value); return 1;
    case CLI_OPT_JSON: o->format = CLI_FORMAT_JSON; return 1;
    case CLI_OPT_FORMAT_VERSION: o->format_version = a->count; return 1;
    default: return 0;
    }
}
