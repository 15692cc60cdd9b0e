/* Opening the index for a query command from its --index options (see
 * indexes.h): the command line's list replaces the config file's one
 * folder, and shards left out under --allow-partial are named on stderr
 * so a partial answer is never mistaken for a whole one. */
#include "indexes.h"

#include "cli.h"

int cli_indexes_option(cli_indexes *x, int id, const cli_args *a)
{
    if (id == CLI_OPT_ALLOW_PARTIAL) {
        x->allow_partial = 1;
        return 1;
    }
    if (id != CLI_OPT_INDEX)
        return 0;
    if (a->from_config)
        x->config = a->value;
    else if (x->n < CLI_MAX_INDEXES)
        x->named[x->n++] = a->value;
    else
        x->too_many = 1;
    return 1;
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

int cli_indexes_open(const char *cmd, const cli_indexes *x,
                     spor_index **out)
{
    if (x->too_many) {
        cli_error("%s: more than %d --index options", cmd, CLI_MAX_INDEXES);
        return -1;
    }
    const char *one = cli_index_dir(x->config);
    const char *const *specs = x->n ? x->named : &one;
    missing_ctx m = {cmd};
    shd_open_opts o = {x->allow_partial, on_missing, &m};
    spor_err err;
    spor_err_clear(&err);
    if (spor_index_open_set(specs, x->n ? x->n : 1, &o, out, &err)) {
        cli_error("%s: %s", cmd, err.msg);
        return -1;
    }
    return 0;
}
