/* spor web's HTTP side (web.h): libmicrohttpd listens and parses, one
 * thread of its own polls every connection, so the routes run one at a
 * time over the one open index. This file owns the limits (methods, URL
 * and header size, connections, time), the security headers every reply
 * carries and the Host check that keeps other web sites' pages from
 * reading the index through a name that points here. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"
#include "web.h"
#include "web_mhd.h"

/* A request's line and headers must fit in this much of the connection's
 * memory; a longer one is refused by libmicrohttpd (414 or 431). A page's
 * URL with the longest query and filters is far below it. */
#define WEB_CONNECTION_MEMORY (16 * 1024)

/* Only this page's own files run or load: no inline script, nothing from
 * another origin, no frames around it. */
#define WEB_CSP                                                             \
    "default-src 'none'; script-src 'self'; style-src 'self'; "            \
    "img-src 'self'; connect-src 'self'; form-action 'self'; "             \
    "base-uri 'none'; frame-ancestors 'none'"

/* libmicrohttpd's functions (web_mhd.h), loaded by web_http_start. */
static const web_mhd *mhd;

struct web_server {
    struct MHD_Daemon *d;
    web_ctx *ctx;
    /* Host headers accepted ("127.0.0.1:8080", ...), NULL-ended; hosts[0]
     * NULL: any (the server listens on every interface). */
    char *hosts[5];
};

static const char *get_arg(void *req, const char *name)
{
    return mhd->lookup_connection_value(req, MHD_GET_ARGUMENT_KIND, name);
}

static int host_allowed(const web_server *srv, struct MHD_Connection *conn)
{
    if (!srv->hosts[0])
        return 1;
    const char *host =
        mhd->lookup_connection_value(conn, MHD_HEADER_KIND, "Host");
    if (!host)
        return 0;
    for (size_t i = 0; srv->hosts[i]; i++)
        if (!strcmp(host, srv->hosts[i]))
            return 1;
    return 0;
}

/* Sends r with the headers every reply carries; the body r owns is
 * handed to libmicrohttpd (a document's file is not copied again). */
static enum MHD_Result send_reply(struct MHD_Connection *conn, web_reply *r)
{
    struct MHD_Response *resp = mhd->create_response_from_buffer(
        r->len, (void *)r->body,
        r->owned ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!resp)
        return MHD_NO;
    r->owned = NULL;
    mhd->add_response_header(resp, "Content-Type", r->type);
    mhd->add_response_header(resp, "Content-Security-Policy",
                            r->csp ? r->csp : WEB_CSP);
    mhd->add_response_header(resp, "X-Content-Type-Options", "nosniff");
    mhd->add_response_header(resp, "X-Frame-Options", "DENY");
    mhd->add_response_header(resp, "Referrer-Policy", "no-referrer");
    mhd->add_response_header(resp, "Cache-Control", "no-store");
    if (r->disposition[0])
        mhd->add_response_header(resp, "Content-Disposition",
                                r->disposition);
    if (r->status == MHD_HTTP_METHOD_NOT_ALLOWED)
        mhd->add_response_header(resp, "Allow", "GET, HEAD");
    enum MHD_Result ok = mhd->queue_response(conn, r->status, resp);
    mhd->destroy_response(resp);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn,
                                  const char *url, const char *method,
                                  const char *version,
                                  const char *upload_data,
                                  size_t *upload_data_size, void **state)
{
    (void)version;
    (void)upload_data;
    (void)upload_data_size;
    (void)state;
    web_server *srv = cls;
    web_reply r;
    memset(&r, 0, sizeof r);
    int api = !strncmp(url, "/api/", 5);
    /* Read-only: a POST's body is never read, it is refused at once. */
    if (strcmp(method, MHD_HTTP_METHOD_GET) &&
        strcmp(method, MHD_HTTP_METHOD_HEAD))
        web_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED, api,
                  "Kun GET og HEAD: spor web ændrer intet.");
    else if (!host_allowed(srv, conn))
        web_error(&r, MHD_HTTP_MISDIRECTED_REQUEST, api,
                  "Ukendt værtsnavn: brug adressen spor web skrev, da den "
                  "startede.");
    else
        web_route(srv->ctx, url, get_arg, conn, &r);
    enum MHD_Result ok = send_reply(conn, &r);
    free(r.owned);
    return ok;
}

/* libmicrohttpd's own messages (a request too big, a connection
 * refused), as spor's warnings. */
__attribute__((format(printf, 2, 0))) static void
on_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    cli_warning("web: %s", line);
}

/* The Host headers a browser sends for this server; none checked when
 * it listens on every interface (whoever reaches it may name it as they
 * like). */
static int fill_hosts(web_server *srv, const char *iface, int v6,
                      unsigned port)
{
    if (!strcmp(iface, "0.0.0.0") || !strcmp(iface, "::"))
        return 0;
    const char *names[] = {iface, "localhost", "127.0.0.1", "[::1]"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(names[i]) + 16;
        srv->hosts[i] = malloc(n);
        if (!srv->hosts[i])
            return -1;
        snprintf(srv->hosts[i], n, i == 0 && v6 ? "[%s]:%u" : "%s:%u",
                 names[i], port);
    }
    return 0;
}

/* The address to listen on; -1 when iface is not an IPv4 or IPv6
 * address. */
static int make_addr(const char *iface, unsigned port,
                     struct sockaddr_storage *ss, int *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    *v6 = strchr(iface, ':') != NULL;
    if (!*v6 && inet_pton(AF_INET, iface, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        return 0;
    }
    if (*v6 && inet_pton(AF_INET6, iface, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        return 0;
    }
    return -1;
}

int web_http_start(web_ctx *ctx, const char *iface, unsigned port,
                   const web_limits *lim, web_server **out, unsigned *bound)
{
    struct sockaddr_storage ss;
    int v6;
    if (make_addr(iface, port, &ss, &v6)) {
        cli_error("web: --interface '%s' is not an IPv4 or IPv6 address",
                  iface);
        return -1;
    }
    if (!mhd && !(mhd = web_mhd_load()))
        return -1;
    web_server *srv = calloc(1, sizeof *srv);
    if (!srv) {
        cli_error("web: out of memory");
        return -1;
    }
    srv->ctx = ctx;
    unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                     (v6 ? MHD_USE_IPv6 : 0);
    srv->d = mhd->start_daemon(
        flags, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_log, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_CONNECTION_LIMIT, lim->max_connections,
        MHD_OPTION_CONNECTION_TIMEOUT, lim->timeout_seconds,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)WEB_CONNECTION_MEMORY,
        MHD_OPTION_END);
    if (!srv->d) {
        cli_error("web: cannot listen on %s port %u: %s%s", iface, port,
                  strerror(errno),
                  errno == EADDRINUSE ? " (another --port, or --port 0 for "
                                        "any free one)" : "");
        free(srv);
        return -1;
    }
    const union MHD_DaemonInfo *info =
        mhd->get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    *bound = info ? info->port : port;
    if (fill_hosts(srv, iface, v6, *bound)) {
        cli_error("web: out of memory");
        web_http_stop(srv);
        return -1;
    }
    *out = srv;
    return 0;
}

void web_http_stop(web_server *srv)
{
    if (!srv)
        return;
    if (srv->d)
        mhd->stop_daemon(srv->d);
    for (size_t i = 0; srv->hosts[i]; i++)
        free(srv->hosts[i]);
    free(srv);
}
