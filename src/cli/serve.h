/* The server behind `spor serve` (serve.c): listens on a TCP port and
 * runs one Xapian remote-protocol server per connection, on the
 * generation "current" names when the connection opens, pinned while it
 * lasts, with a cap on connections served at once. */
#ifndef SPOR_CLI_SERVE_H
#define SPOR_CLI_SERVE_H

/* The per-connection server: Xapian's xapian-progsrv speaks the remote
 * protocol on its standard input and output, which serve makes the
 * connection. $SPOR_PROGSRV names another program. */
#define SERVE_PROGRAM "xapian-progsrv"
/* A connection that sends nothing for this long (ms) is closed by the
 * per-connection server, so idle connections cannot hold the cap's slots
 * for ever. A search needs a few ms between its messages. */
#define SERVE_IDLE_TIMEOUT_MS 60000
/* Connections the kernel queues while every slot is taken. */
#define SERVE_LISTEN_BACKLOG 64

typedef struct serve_config {
    const char *dir;        /* the index folder */
    unsigned shard;         /* 1..N: serve that shard only; 0: all */
    int meta;               /* serve the set's metadata database only */
    const char *prog;       /* the per-connection server program */
    unsigned max_conns;     /* connections served at once */
} serve_config;

/* Listens on iface:port; prints the error and returns -1 when it cannot. */
int serve_listen(const char *iface, unsigned port);

/* Serves connections on lfd until SIGTERM, SIGINT or SIGHUP; then ends
 * the connections and dies of that signal. Returns an exit status only
 * when serving fails. */
int serve_run(const serve_config *c, int lfd);

#endif
