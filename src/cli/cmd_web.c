/* `spor web`: a read-only web page over an index, served by spor itself
 * (web_http.c) on this machine by default: a search box with facets, a
 * comparison of topics across places, a passage in its context. This
 * file owns the options and the lifecycle: open the index once (a
 * missing or damaged one fails here, with the error every command
 * gives), listen, say where, serve until SIGINT or SIGTERM, close. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "session.h"
#include "web.h"

/* Only this machine unless told otherwise, as for spor serve: the page
 * reads every indexed document. */
#define WEB_DEFAULT_INTERFACE "127.0.0.1"
#define WEB_DEFAULT_PORT 8080
/* Connections open at once: a browser opens about six to a server; a few
 * people on one machine fit. More wait in the listen queue. */
#define WEB_DEFAULT_MAX_CONNECTIONS 32
#define WEB_MAX_CONNECTIONS_LIMIT 1024
/* A connection that sends nothing for this long is closed, so an idle or
 * stalled client does not hold a place for ever. */
#define WEB_TIMEOUT_SECONDS 15
#define WEB_STR_(x) #x
#define WEB_STR(x) WEB_STR_(x)

/* Where web's options put their values (static: see opts.h). */
static struct {
    cli_session s;
    const char *iface;
    unsigned port, max_conns;
} web = {.iface = WEB_DEFAULT_INTERFACE, .port = WEB_DEFAULT_PORT,
         .max_conns = WEB_DEFAULT_MAX_CONNECTIONS};

static const cli_option web_options[] = {
    CLI_OPTS_INDEXES(&web.s),
    CLI_OPT_RANGE_F('p', "port", &web.port, "PORT", 0, 65535,
                    CLI_RANGE_TERSE, "listen on this TCP port (default "
                    WEB_STR(WEB_DEFAULT_PORT) "; 0: any free port)"),
    CLI_OPT_STRING(0, "interface", &web.iface, CLI_HINT_TEXT, "ADDR",
                   "listen on this address (default " WEB_DEFAULT_INTERFACE
                   "; 0.0.0.0 for every interface)"),
    CLI_OPT_RANGE(0, "max-connections", &web.max_conns, "N", 1,
                  WEB_MAX_CONNECTIONS_LIMIT, "serve at most N connections "
                  "at once; more wait their turn (default "
                  WEB_STR(WEB_DEFAULT_MAX_CONNECTIONS) ")"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_web(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_web_def = {
    "web", NULL, "a search page in the browser, on this machine",
    "Serves a read-only web page over the index at\n"
    "http://127.0.0.1:8080/ until stopped (Ctrl-C): a search box with the\n"
    "query syntax of 'spor search', highlighted snippets and the places,\n"
    "documents and years to narrow by; a comparison of one or more topics\n"
    "across places, with the matching passages per place; each passage in\n"
    "its context, with a link to its document's file. Only the indexed\n"
    "documents' files are served, looked up by document id. The index is\n"
    "opened once, at start (restart it to see an update). There is no\n"
    "authentication: with --interface 0.0.0.0 anyone who reaches the port\n"
    "reads every indexed document.",
    web_options, cmd_web, 0};

/* Serves until SIGINT or SIGTERM. The signals are blocked before the
 * server's thread starts, so that thread inherits the mask and the
 * signal reaches the sigwait here. */
static int serve_until_signal(cli_session *s, sigset_t *stop)
{
    web_ctx ctx = {s->ix, cli_session_index_name(s)};
    web_limits lim = {web.max_conns, WEB_TIMEOUT_SECONDS};
    web_server *srv = NULL;
    unsigned port;
    if (web_http_start(&ctx, web.iface, web.port, &lim, &srv, &port))
        return CLI_EXIT_ERROR;
    int v6 = strchr(web.iface, ':') != NULL;
    printf(v6 ? "http://[%s]:%u/\n" : "http://%s:%u/\n", web.iface, port);
    fflush(stdout);
    fputs("spor web: serverer indekset; Ctrl-C stopper\n", stderr);
    int sig;
    sigwait(stop, &sig);
    web_http_stop(srv);
    return 0;
}

static int cmd_web(const cli_command *cmd, int argc, char **argv)
{
    cli_session *s = &web.s;
    cli_parsed parsed = cli_session_start(s, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    /* A client gone mid-reply is the server's business, not a reason to
     * die. */
    signal(SIGPIPE, SIG_IGN);
    int rc = CLI_EXIT_ERROR;
    if (cli_session_open(s, "web") == 0 &&
        pthread_sigmask(SIG_BLOCK, &stop, NULL) == 0)
        rc = serve_until_signal(s, &stop);
    cli_session_end(s);
    return rc;
}
