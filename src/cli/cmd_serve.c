/* `spor serve`: serve an index, or one shard of it, on the network for
 * `spor search` elsewhere to search together with other shards (a stub
 * file's `remote HOST:PORT` lines). Each connection is served by Xapian's
 * own xapian-progsrv (Debian's xapian-tools) on the generation current
 * when it opens (serve.c): this command checks the index and the program,
 * listens, and serves until a signal stops it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "optconfig.h"
#include "serve.h"
#include "spor/text/buf.h"
#include "spor/store/generation.h"
#include "spor/store/shards.h"

/* Only this machine unless told otherwise: an index is not public data by
 * default, and the protocol has no authentication. */
#define SERVE_DEFAULT_INTERFACE "127.0.0.1"
/* Connections served at once; more wait in the listen queue. Each is one
 * process holding the index open; a search opens one connection per shard
 * and closes it when done, so 32 is 32 searches at the same moment. */
#define SERVE_DEFAULT_MAX_CONNECTIONS 32
#define SERVE_MAX_CONNECTIONS_LIMIT 4096
#define SERVE_STR_(x) #x
#define SERVE_STR(x) SERVE_STR_(x)

/* Where serve's options put their values (static: see opts.h). */
static struct {
    const char *index, *iface;
    unsigned port, shard; /* 0: not given */
    int meta;
    unsigned max_conns;
} opt = {.iface = SERVE_DEFAULT_INTERFACE,
         .max_conns = SERVE_DEFAULT_MAX_CONNECTIONS};

static const cli_option serve_options[] = {
    CLI_OPT_STRING_ENV(0, "index", &opt.index, CLI_HINT_DIR, "DIR",
                       "SPOR_INDEX", "the index folder to serve (default: "
                       "$SPOR_INDEX, else the config file, else ./index)"),
    CLI_OPT_RANGE_F('p', "port", &opt.port, "PORT", 1, 65535,
                    CLI_RANGE_TERSE, "listen on this TCP port (required)"),
    CLI_OPT_RANGE_F(0, "shard", &opt.shard, "K", 1, SHD_MAX,
                    CLI_RANGE_TERSE, "serve only shard K (1 to N) of a "
                    "sharded index"),
    CLI_OPT_BOOL(0, "meta", &opt.meta, "serve only the metadata database "
                 "of a sharded index (first in a stub of remote shards)"),
    CLI_OPT_STRING(0, "interface", &opt.iface, CLI_HINT_TEXT, "ADDR",
                   "listen on this address (default " SERVE_DEFAULT_INTERFACE
                   "; 0.0.0.0 for every interface)"),
    CLI_OPT_RANGE(0, "max-connections", &opt.max_conns, "N", 1,
                  SERVE_MAX_CONNECTIONS_LIMIT, "serve at most N connections "
                  "at once; more wait their turn (default "
                  SERVE_STR(SERVE_DEFAULT_MAX_CONNECTIONS) ")"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_serve(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_serve_def = {
    "serve", NULL, "serve an index or one shard over TCP",
    "Serves the index in DIR (all of it, or shard K of a sharded index\n"
    "with --shard K) with Xapian's remote protocol: each connection is\n"
    "served by xapian-progsrv (Debian package xapian-tools) on the index\n"
    "as it is when the connection opens, so an updated or rebuilt index\n"
    "is served from the next connection on. Search it from elsewhere\n"
    "through a Xapian stub file with a line 'remote HOST:PORT' per shard:\n"
    "spor search --index STUB QUERY. There is no authentication: anyone\n"
    "who reaches the port reads the index. See docs/scaling.md.",
    serve_options, cmd_serve, 0};

/* Whether prog can be run: a path, or a name found on $PATH. */
static int program_found(const char *prog)
{
    if (strchr(prog, '/'))
        return access(prog, X_OK) == 0;
    const char *dirs = getenv("PATH");
    sbuf p = SBUF_INIT;
    int found = 0;
    while (dirs && *dirs && !found) {
        size_t n = strcspn(dirs, ":");
        sbuf_reset(&p);
        if (sbuf_printf(&p, "%.*s/%s", (int)n, n ? dirs : ".", prog))
            break;
        found = access(p.data, X_OK) == 0;
        dirs += n + (dirs[n] == ':');
    }
    sbuf_free(&p);
    return found;
}

/* Checks once, before listening, that dir holds an index with the shard
 * asked for: each connection checks again, but these mistakes are better
 * told at once. */
static int index_servable(const char *dir, unsigned shard, int meta)
{
    spor_err err;
    spor_err_clear(&err);
    char *cur = NULL;
    if (gen_current_path(dir, &cur, &err) != SPOR_OK) {
        cli_error("serve: %s", err.msg);
        return 0;
    }
    int ok = 1;
    if (shard || meta) {
        sbuf stub = SBUF_INIT, path = SBUF_INIT;
        struct stat sb;
        if (sbuf_printf(&stub, "%s/" SHD_STUB_FILE, cur) ||
            (meta ? sbuf_printf(&path, "%s/" SHD_META_DIR, cur)
                  : sbuf_printf(&path, "%s/" SHD_DIR_PREFIX "%u", cur,
                                shard - 1))) {
            cli_error("serve: out of memory");
            ok = 0;
        } else if (stat(stub.data, &sb) != 0) {
            cli_error("serve: %s is not sharded; leave out %s", dir,
                      meta ? "--meta" : "--shard");
            ok = 0;
        } else if (stat(path.data, &sb) != 0) {
            if (meta)
                cli_error("serve: %s has no metadata database (split before "
                          "updates per shard: index it again)", dir);
            else
                cli_error("serve: %s has no shard %u", dir, shard);
            ok = 0;
        }
        sbuf_free(&stub);
        sbuf_free(&path);
    }
    free(cur);
    return ok;
}

static int cmd_serve(const cli_command *cmd, int argc, char **argv)
{
    cli_rest rest;
    cli_parsed parsed = cli_read_options(cmd, argc, argv, &rest);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    cli_rest_free(&rest);
    if (!opt.port) {
        cli_error("serve: --port PORT is required");
        return CLI_EXIT_ERROR;
    }
    if (opt.meta && opt.shard) {
        cli_error("serve: --meta and --shard exclude each other");
        return CLI_EXIT_ERROR;
    }
    serve_config c = {.dir = cli_index_dir(opt.index), .shard = opt.shard,
                      .meta = opt.meta,
                      .prog = getenv("SPOR_PROGSRV"),
                      .max_conns = opt.max_conns};
    if (!c.prog || !*c.prog)
        c.prog = SERVE_PROGRAM;
    if (!index_servable(c.dir, c.shard, c.meta))
        return CLI_EXIT_ERROR;
    if (!program_found(c.prog)) {
        cli_error("serve: cannot run %s: not found%s", c.prog,
                  strcmp(c.prog, SERVE_PROGRAM) ? ""
                  : " (install Debian's xapian-tools)");
        return CLI_EXIT_ERROR;
    }
    int lfd = serve_listen(opt.iface, opt.port);
    if (lfd < 0)
        return CLI_EXIT_ERROR;
    char shard[40] = "";
    if (c.shard)
        snprintf(shard, sizeof shard, " shard %u of", c.shard);
    else if (c.meta)
        snprintf(shard, sizeof shard, " the metadata database of");
    fprintf(stderr, "spor: serving%s %s on %s:%u, at most %u connections "
            "at once\n", shard, c.dir, opt.iface, opt.port, c.max_conns);
    return serve_run(&c, lfd);
}
