/* `spor web`'s parts and what they hand each other: cmd_web.c (options and
 * lifecycle), web_http.c (libmicrohttpd, limits and headers), web_api.c
 * (the routes and their JSON), web_source.c (an indexed document's own
 * file), web_assets.c (the page's files built into the binary). A route
 * fills a web_reply; only web_http.c speaks HTTP. */
#ifndef SPOR_CLI_WEB_H
#define SPOR_CLI_WEB_H

#include <stddef.h>

#include "spor/query/index.h"

/* The longest query, filter or id a request may carry: a query longer
 * than a paragraph is not typed by a person, and every word costs a
 * search's time. */
#define WEB_MAX_ARG 512

/* What a route answers: a status, a Content-Type and a body, static or
 * malloc'd and then also in owned (freed once sent). csp, when not NULL,
 * replaces the page's Content-Security-Policy (web_http.c); disposition,
 * when not NULL, is sent as Content-Disposition. */
typedef struct web_reply {
    unsigned status;
    const char *type;
    const char *body;
    size_t len;
    char *owned;            /* body, when it is malloc'd; else NULL */
    const char *csp;
    char disposition[160];
} web_reply;

/* What the routes read: the index, opened once at start. */
typedef struct web_ctx {
    spor_index *ix;
    const char *index_name;
} web_ctx;

/* A request's query-string argument by name (decoded), or NULL. */
typedef const char *(*web_arg_fn)(void *req, const char *name);

/* Answers a GET of path (decoded, without the query string); never
 * fails: an error is a reply with its status and message. */
void web_route(web_ctx *ctx, const char *path, web_arg_fn arg, void *req,
               web_reply *out);

/* A reply of status whose body is JSON {"error": msg} (json non-zero) or
 * a short Danish HTML page saying msg, escaped. */
void web_error(web_reply *out, unsigned status, int json, const char *msg);

/* The file of the built-in page named by path ("/app.js"); 0 when there
 * is one (out filled, body static), -1 when not. */
int web_asset(const char *path, web_reply *out);

/* GET /kilde/ID: the file of the indexed document with id ID, read now
 * and served only while it is the file indexed (size and content hash). */
void web_source(web_ctx *ctx, const char *doc_id, web_reply *out);

/* The server (web_http.c). */
typedef struct web_limits {
    unsigned max_connections;
    unsigned timeout_seconds;
} web_limits;
typedef struct web_server web_server;

/* Listens on iface:port (port 0: any free port) and serves ctx from a
 * thread of its own until web_http_stop; *bound is the port it listens
 * on. -1 after an error line. */
int web_http_start(web_ctx *ctx, const char *iface, unsigned port,
                   const web_limits *lim, web_server **out,
                   unsigned *bound);
void web_http_stop(web_server *srv);

#endif
