/* `spor serve`: serve an index, or one shard of it, on the network for
 * `spor search` elsewhere to search together with other shards (a stub
 * file's `remote HOST:PORT` lines). The server is Xapian's own
 * xapian-tcpsrv (Debian's xapian-tools): this command finds the database
 * to serve in the index folder and replaces itself with the server, so
 * its process id is the server's and a signal stops it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "optconfig.h"
#include "spor/text/buf.h"
#include "spor/store/generation.h"
#include "spor/store/shards.h"

/* The server program, looked up on PATH; $SPOR_TCPSRV names another. */
#define SERVE_PROGRAM "xapian-tcpsrv"
/* Only this machine unless told otherwise: an index is not public data by
 * default. */
#define SERVE_DEFAULT_INTERFACE "127.0.0.1"

/* Where serve's options put their values (static: see opts.h). */
static struct {
    const char *index, *iface;
    unsigned port, shard; /* 0: not given */
} opt = {.iface = SERVE_DEFAULT_INTERFACE};

static const cli_option serve_options[] = {
    CLI_OPT_STRING_ENV(0, "index", &opt.index, CLI_HINT_DIR, "DIR",
                       "SPOR_INDEX", "the index folder to serve (default: "
                       "$SPOR_INDEX, else the config file, else ./index)"),
    CLI_OPT_RANGE_F('p', "port", &opt.port, "PORT", 1, 65535,
                    CLI_RANGE_TERSE, "listen on this TCP port (required)"),
    CLI_OPT_RANGE_F(0, "shard", &opt.shard, "K", 1, SHD_MAX,
                    CLI_RANGE_TERSE, "serve only shard K (1 to N) of a "
                    "sharded index"),
    CLI_OPT_STRING(0, "interface", &opt.iface, CLI_HINT_TEXT, "ADDR",
                   "listen on this address (default " SERVE_DEFAULT_INTERFACE
                   "; 0.0.0.0 for every interface)"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_serve(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_serve_def = {
    "serve", NULL, "serve an index or one shard over TCP",
    "Serves the index in DIR (all of it, or shard K of a sharded index\n"
    "with --shard K) with Xapian's remote protocol, by running\n"
    "xapian-tcpsrv (Debian package xapian-tools) in place of this\n"
    "command. Search it from elsewhere through a Xapian stub file with a\n"
    "line 'remote HOST:PORT' per shard: spor search --index STUB QUERY.\n"
    "A rebuilt index is served from the next connection on.\n"
    "See docs/scaling.md.",
    serve_options, cmd_serve, 0};

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
    long port = opt.port, shard = opt.shard;
    const char *iface = opt.iface;

    const char *dir = cli_index_dir(opt.index);
    spor_err err;
    spor_err_clear(&err);
    char *cur = NULL;
    if (gen_current_path(dir, &cur, &err) != SPOR_OK) {
        cli_error("serve: %s", err.msg);
        return CLI_EXIT_ERROR;
    }
    /* The symlink's path, not its target: each connection opens the
     * database afresh, so after a rebuild it serves the new generation. */
    sbuf path = SBUF_INIT;
    struct stat sb;
    int bad = 0;
    if (shard) {
        sbuf stub = SBUF_INIT;
        bad = sbuf_printf(&stub, "%s/" SHD_STUB_FILE, cur) ||
              sbuf_printf(&path, "%s/" SHD_DIR_PREFIX "%ld", cur,
                          shard - 1);
        if (!bad && stat(stub.data, &sb) != 0) {
            cli_error("serve: %s is not sharded; leave out --shard", dir);
            bad = 1;
        } else if (!bad && stat(path.data, &sb) != 0) {
            cli_error("serve: %s has no shard %ld", dir, shard);
            bad = 1;
        }
        sbuf_free(&stub);
    } else {
        bad = sbuf_append_str(&path, cur) != SPOR_OK;
    }
    free(cur);
    char portbuf[24]; /* any long */
    snprintf(portbuf, sizeof portbuf, "%ld", port);
    const char *prog = getenv("SPOR_TCPSRV");
    if (!prog || !*prog)
        prog = SERVE_PROGRAM;
    if (!bad) {
        fprintf(stderr, "spor: serving %s on %s:%s\n", path.data, iface,
                portbuf);
        fflush(stderr);
        /* xapian-tcpsrv stops on SIGTERM by signalling its whole process
         * group, which from a script is the script itself: a server
         * started by a script gets a group of its own. (A shell's job is
         * already a group leader, and keeps Ctrl-C.) */
        if (getpgrp() != getpid())
            setpgid(0, 0);
        char *args[] = {(char *)prog,   "--port",    portbuf, "--interface",
                        (char *)iface,  "--quiet",   path.data, NULL};
        execvp(prog, args);
        cli_error("serve: cannot run %s: %s%s", prog, strerror(errno),
                  errno == ENOENT ? " (install Debian's xapian-tools)" : "");
    }
    sbuf_free(&path);
    return CLI_EXIT_ERROR;
}
