/* Starting a command that reads an index (see session.h): its options
 * from the config file and the command line, the checks every such
 * command makes, and opening the index. The command line's --index list
 * replaces the config file's one folder, and shards left out under
 * --allow-partial are named on stderr so a partial answer is never
 * mistaken for a whole one. */
#include "session.h"

#include <string.h>

#include "optconfig.h"
#include "paths.h"

cli_parsed cli_session_start(cli_session *s, const cli_command *cmd,
                             int argc, char **argv)
{
    memset(s, 0, sizeof *s);
    /* No format yet, so that one given can be told from the default. */
    s->format = -1;
    s->format_version = CLI_FORMAT_VERSION_NEWEST;
    s->color_when = CLI_WHEN_AUTO;
    cli_parsed r = cli_read_options(cmd, argc, argv, &s->rest);
    s->format_given = s->format >= 0;
    if (!s->format_given)
        s->format = CLI_FORMAT_TEXT;
    if (r == CLI_PARSED_OK &&
        cli_check_format_version(cmd->name, s->format_version))
        r = CLI_PARSED_ERROR;
    if (r == CLI_PARSED_OK && s->bom && s->format != CLI_FORMAT_CSV) {
        /* Only a spreadsheet reading CSV needs the mark; in JSON or TSV it
         * would be a stray character before the first field. */
        cli_error("%s: --bom goes with --format csv, not --format %s",
                  cmd->name, cli_format_name(s->format));
        r = CLI_PARSED_ERROR;
    }
    if (r != CLI_PARSED_OK) {
        cli_session_end(s);
        return r;
    }
    s->color = s->format == CLI_FORMAT_TEXT ? cli_color(s->color_when) : 0;
    return CLI_PARSED_OK;
}

const char *cli_session_index_name(const cli_session *s)
{
    return s->indexes.n ? s->indexes.items[0] : cli_index_dir(NULL);
}

typedef struct missing_ctx {
    const char *cmd;
} missing_ctx;

static void on_missing(void *ctx, const char *shard, const char *why)
{
    missing_ctx *m = ctx;
    cli_warning("%s: %s left out, results are partial: %s", m->cmd, shard,
                why);
}

int cli_session_open(cli_session *s, const char *cmd)
{
    if (s->indexes.too_many) {
        cli_error("%s: more than %d --index options", cmd, CLI_STRINGS_MAX);
        return -1;
    }
    const char *one = cli_index_dir(NULL);
    const char *const *specs = s->indexes.n ? s->indexes.items : &one;
    missing_ctx m = {cmd};
    shd_open_opts o = {s->allow_partial, on_missing, &m};
    spor_err err;
    spor_err_clear(&err);
    if (spor_index_open_set(specs, s->indexes.n ? s->indexes.n : 1, &o,
                            &s->ix, &err)) {
        cli_error("%s: %s", cmd, err.msg);
        return -1;
    }
    cli_paths_set(spor_index_root(s->ix));
    return 0;
}

void cli_session_notes(cli_session *s)
{
    if (!s->ix)
        return;
    const char *p = spor_index_notes(s->ix);
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        cli_warning("%.*s", (int)n, p);
        p += n + (nl != NULL);
    }
    spor_index_clear_notes(s->ix);
}

void cli_session_end(cli_session *s)
{
    cli_session_notes(s);
    cli_rest_free(&s->rest);
    spor_index_close(s->ix);
    s->ix = NULL;
    cli_paths_free();
}
