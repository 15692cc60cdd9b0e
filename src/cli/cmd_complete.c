/* `spor complete`: what the shell completion scripts (completion/) ask
 * the binary, so that they never hard-code a command, option or place:
 *
 *   spor complete commands             "name<TAB>summary" per command
 *   spor complete options COMMAND      "--name<TAB>kind<TAB>help" per option
 *                                      (and "-n<TAB>..." for short names);
 *                                      kind is flag, text, count, dir, file,
 *                                      place or choice:a|b|c
 *   spor complete places [--index DIR] the places named in the index
 *   spor complete place-terms [--index DIR]
 *                                      the same in the form the query
 *                                      filter sted:PLACE takes (lower case)
 *
 * It stays silent on stderr where a completion would be spoiled by a
 * message (no index yet) and then exits 1, like a search without hits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "spor/buf.h"
#include "spor/search.h"
#include "spor/utf8.h"

static const cli_option complete_options[] = {
    CLI_OPTION_INDEX,
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_complete(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_complete_def = {
    "complete", "commands | options COMMAND | places | place-terms",
    "candidates for shell completion",
    "Lists candidates for the bash and zsh completion scripts: the\n"
    "commands, a command's options with the kind of value each takes, or\n"
    "the places named in the index.",
    complete_options, cmd_complete, 1};

static const char *kind_name(const cli_option *o)
{
    switch (o->kind) {
    case CLI_VALUE_NONE: return "flag";
    case CLI_VALUE_TEXT: return "text";
    case CLI_VALUE_COUNT: return "count";
    case CLI_VALUE_DIR: return "dir";
    case CLI_VALUE_FILE: return "file";
    case CLI_VALUE_CHOICE: return "choice";
    case CLI_VALUE_PLACE: return "place";
    }
    return "text";
}

static void list_options(const cli_command *c)
{
    for (const cli_option *o = c->options; o->name; o++) {
        const char *kind = kind_name(o);
        const char *sep = o->kind == CLI_VALUE_CHOICE ? ":" : "";
        const char *ch = o->kind == CLI_VALUE_CHOICE ? o->choices : "";
        printf("--%s\t%s%s%s\t%s\n", o->name, kind, sep, ch, o->help);
        if (o->short_name)
            printf("-%c\t%s%s%s\t%s\n", o->short_name, kind, sep, ch,
                   o->help);
    }
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Prints each place of the index once, sorted; lower-cased when lower
 * (the filter terms are stored lower-cased). */
static int list_places(const char *index_opt, int lower)
{
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    if (spor_index_open(cli_index_dir(index_opt), &ix, &err) != SPOR_OK)
        return CLI_EXIT_NO_HITS;
    const schema_doctable *t = spor_index_docs(ix, &err);
    if (!t) {
        spor_index_close(ix);
        return CLI_EXIT_NO_HITS;
    }
    size_t n = 0, cap = 0;
    char **names = NULL;
    int rc = CLI_EXIT_NO_HITS;
    for (size_t i = 0; i < t->n; i++) {
        const char *p = t->docs[i].places ? t->docs[i].places : "";
        while (*p) {
            size_t len = strcspn(p, ",");
            if (len) {
                if (n == cap) {
                    size_t nc = cap ? cap * 2 : 32;
                    char **q = realloc(names, nc * sizeof *q);
                    if (!q)
                        goto out;
                    names = q;
                    cap = nc;
                }
                sbuf low = SBUF_INIT;
                if (lower ? utf8_lower(p, len, &low) != SPOR_OK
                          : sbuf_append(&low, p, len) != SPOR_OK) {
                    sbuf_free(&low);
                    goto out;
                }
                if (!(names[n] = sbuf_detach(&low, NULL)))
                    goto out;
                n++;
            }
            p += len + (p[len] == ',');
        }
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || strcmp(names[i], names[i - 1]))
            puts(names[i]);
    rc = n ? 0 : CLI_EXIT_NO_HITS;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    spor_index_close(ix);
    return rc;
}

static int cmd_complete(const cli_command *cmd, int argc, char **argv)
{
    const char *index_opt = NULL;
    cli_args a;
    if (cli_args_init(&a, cmd, argc, argv))
        return CLI_EXIT_ERROR;
    int id;
    while ((id = cli_args_next(&a)) > 0)
        if (id == CLI_OPT_INDEX)
            index_opt = a.value;
    int rc = CLI_EXIT_ERROR;
    const char *what = a.n_pos ? a.pos[0] : "";
    if (id < 0) {
        rc = id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    } else if (!strcmp(what, "commands") && a.n_pos == 1) {
        for (size_t i = 0; cli_commands[i]; i++)
            if (!cli_commands[i]->hidden)
                printf("%s\t%s\n", cli_commands[i]->name,
                       cli_commands[i]->summary);
        rc = 0;
    } else if (!strcmp(what, "options") && a.n_pos == 2) {
        const cli_command *c = cli_find_command(a.pos[1]);
        if (c) {
            list_options(c);
            rc = 0;
        } else {
            rc = CLI_EXIT_NO_HITS;
        }
    } else if (!strcmp(what, "places") && a.n_pos == 1) {
        rc = list_places(index_opt, 0);
    } else if (!strcmp(what, "place-terms") && a.n_pos == 1) {
        rc = list_places(index_opt, 1);
    } else {
        cli_error("complete: expected 'commands', 'options COMMAND', "
                  "'places' or 'place-terms' (see 'spor complete --help')");
    }
    cli_args_free(&a);
    return rc;
}
