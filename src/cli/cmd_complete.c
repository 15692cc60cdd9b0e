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
#include "optconfig.h"
#include "spor/text/buf.h"
#include "spor/query/search.h"
#include "spor/text/utf8.h"

/* Where complete's option puts its value (static: see opts.h). */
static const char *index_opt;

static const cli_option complete_options[] = {
    CLI_OPT_INDEX(&index_opt),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_complete(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_complete_def = {
    "complete", "commands | options COMMAND | places | place-terms",
    "candidates for shell completion",
    "Lists candidates for the bash and zsh completion scripts: the\n"
    "commands, a command's options with the kind of value each takes, or\n"
    "the places named in the index.",
    complete_options, cmd_complete, 1};

/* The kind of value an option takes, as the completion scripts name
 * it. */
static const char *kind_name(const cli_option *o)
{
    switch (o->kind) {
    case CLI_KIND_FLAG:
    case CLI_KIND_HELP: return "flag";
    case CLI_KIND_COUNT: return "count";
    case CLI_KIND_CHOICE: return "choice";
    case CLI_KIND_STRING:
    case CLI_KIND_STRINGS:
    case CLI_KIND_END: break;
    }
    switch (o->hint) {
    case CLI_HINT_DIR: return "dir";
    case CLI_HINT_FILE: return "file";
    case CLI_HINT_PLACE: return "place";
    case CLI_HINT_TEXT: break;
    }
    return "text";
}

static void list_options(const cli_command *c)
{
    for (const cli_option *o = c->options; o->kind != CLI_KIND_END; o++) {
        const char *kind = kind_name(o);
        const char *sep = o->kind == CLI_KIND_CHOICE ? ":" : "";
        const char *ch = o->kind == CLI_KIND_CHOICE ? o->choices : "";
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

typedef struct name_list {
    char **names;
    size_t n, cap;
    int lower;  /* store lower-cased */
    int oom;
} name_list;

static int add_name(void *ctx, const char *name, size_t len)
{
    name_list *l = ctx;
    if (!len)
        return 0;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 32;
        char **q = realloc(l->names, nc * sizeof *q);
        if (!q) {
            l->oom = 1;
            return 1;
        }
        l->names = q;
        l->cap = nc;
    }
    sbuf low = SBUF_INIT;
    if ((l->lower ? utf8_lower(name, len, &low)
                  : sbuf_append(&low, name, len)) != SPOR_OK ||
        !(l->names[l->n] = sbuf_detach(&low, NULL))) {
        sbuf_free(&low);
        l->oom = 1;
        return 1;
    }
    l->n++;
    return 0;
}

/* Prints each place of the index once, sorted: the documents' own places
 * and those its passages are tagged with; lower-cased when lower (the
 * filter terms are stored lower-cased). */
static int list_places(int lower)
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
    name_list l = {NULL, 0, 0, lower, 0};
    int rc = CLI_EXIT_NO_HITS;
    for (size_t i = 0; i < t->n && !l.oom; i++) {
        const char *p = t->docs[i].places ? t->docs[i].places : "";
        while (*p && !l.oom) {
            size_t len = strcspn(p, ",");
            add_name(&l, p, len);
            p += len + (p[len] == ',');
        }
    }
    if (!l.oom && spor_index_each_place(ix, add_name, &l, &err) != SPOR_OK)
        goto out;
    if (l.oom)
        goto out;
    if (l.n)
        qsort(l.names, l.n, sizeof *l.names, cmp_str);
    for (size_t i = 0; i < l.n; i++)
        if (i == 0 || strcmp(l.names[i], l.names[i - 1]))
            puts(l.names[i]);
    rc = l.n ? 0 : CLI_EXIT_NO_HITS;
out:
    for (size_t i = 0; i < l.n; i++)
        free(l.names[i]);
    free(l.names);
    spor_index_close(ix);
    return rc;
}

static int cmd_complete(const cli_command *cmd, int argc, char **argv)
{
    cli_rest a;
    cli_parsed parsed = cli_read_options(cmd, argc, argv, &a);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    int rc = CLI_EXIT_ERROR;
    const char *what = a.n ? a.pos[0] : "";
    if (!strcmp(what, "commands") && a.n == 1) {
        for (size_t i = 0; cli_commands[i]; i++)
            if (!cli_commands[i]->hidden)
                printf("%s\t%s\n", cli_commands[i]->name,
                       cli_commands[i]->summary);
        rc = 0;
    } else if (!strcmp(what, "options") && a.n == 2) {
        const cli_command *c = cli_find_command(a.pos[1]);
        if (c) {
            list_options(c);
            rc = 0;
        } else {
            rc = CLI_EXIT_NO_HITS;
        }
    } else if (!strcmp(what, "places") && a.n == 1) {
        rc = list_places(0);
    } else if (!strcmp(what, "place-terms") && a.n == 1) {
        rc = list_places(1);
    } else {
        cli_error("complete: expected 'commands', 'options COMMAND', "
                  "'places' or 'place-terms' (see 'spor complete --help')");
    }
    cli_rest_free(&a);
    return rc;
}
