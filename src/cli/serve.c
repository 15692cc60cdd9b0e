/* The server behind `spor serve` (see serve.h).
 *
 * Why not xapian-tcpsrv itself: it opens the path it was given for each
 * connection, and spor gave it the resolved generation, which the next
 * update removes; given "current" instead, Xapian would open each table
 * file through the symlink separately, and a switch in between would mix
 * two generations. So serve accepts the connections itself and, per
 * connection, forks a child that pins the current generation (gen_pin: a
 * shared lock the writer's pruning respects) and becomes xapian-progsrv on
 * it, the connection as its standard input and output. The child holds the
 * pin until the connection ends; when it ends on a generation that is no
 * longer current, the old generation is removed here, as the writer would
 * have. Xapian opens every table when the connection opens, so the pin
 * guards the opening above all; it is held throughout for whatever Xapian
 * may reopen.
 *
 * At most max_conns children run at once: while they do, the listening
 * socket is not polled and new connections wait in the kernel's queue. */
#include "serve.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "spor/store/generation.h"
#include "spor/store/shards.h"
#include "spor/text/buf.h"

/* A running connection: its child and the generation current when it
 * opened (the one to remove when it ends, if no longer current). */
typedef struct serve_conn {
    pid_t pid; /* 0: a free slot */
    char gen[GEN_NAME_MAX];
} serve_conn;

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
    stop_signal = sig;
}

/* Only interrupts pselect, so the loop reaps. */
static void on_child(int sig)
{
    (void)sig;
}

static const int stop_signals[] = {SIGTERM, SIGINT, SIGHUP};
#define N_STOP_SIGNALS (sizeof stop_signals / sizeof stop_signals[0])

int serve_listen(const char *iface, unsigned port)
{
    char portbuf[16];
    snprintf(portbuf, sizeof portbuf, "%u", port);
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    int rc = getaddrinfo(iface, portbuf, &hints, &res);
    if (rc != 0) {
        cli_error("serve: cannot listen on %s:%s: %s", iface, portbuf,
                  gai_strerror(rc));
        return -1;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC |
                    SOCK_NONBLOCK, a->ai_protocol);
        int one = 1;
        if (fd >= 0 &&
            (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
             bind(fd, a->ai_addr, a->ai_addrlen) ||
             listen(fd, SERVE_LISTEN_BACKLOG))) {
            saved = errno;
            close(fd);
            fd = -1;
        } else if (fd < 0) {
            saved = errno;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        cli_error("serve: cannot listen on %s:%s: %s", iface, portbuf,
                  strerror(saved));
    return fd;
}

/* The child for connection cfd: pins the generation, becomes the
 * per-connection server on it. Never returns. */
static void run_connection(const serve_config *c, int cfd,
                           const sigset_t *mask)
{
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        signal(stop_signals[i], SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    sigprocmask(SIG_SETMASK, mask, NULL);
    if (dup2(cfd, STDIN_FILENO) < 0 || dup2(cfd, STDOUT_FILENO) < 0)
        _exit(CLI_EXIT_ERROR);
    if (cfd > STDOUT_FILENO)
        close(cfd);
    spor_err err;
    spor_err_clear(&err);
    char *gen = NULL;
    int pin = -1;
    if (gen_pin(c->dir, &gen, &pin, &err) != SPOR_OK) {
        cli_error("serve: %s", err.msg);
        _exit(CLI_EXIT_ERROR);
    }
    /* The server inherits the pin and holds it until it exits. */
    fcntl(pin, F_SETFD, 0);
    sbuf path = SBUF_INIT;
    struct stat sb;
    if ((c->meta    ? sbuf_printf(&path, "%s/" SHD_META_DIR, gen)
         : c->shard ? sbuf_printf(&path, "%s/" SHD_DIR_PREFIX "%u", gen,
                                  c->shard - 1)
                    : sbuf_append_str(&path, gen)) != SPOR_OK)
        _exit(CLI_EXIT_ERROR);
    if ((c->shard || c->meta) && stat(path.data, &sb) != 0) {
        if (c->meta)
            cli_error("serve: %s has no metadata database any more (it was "
                      "rebuilt as one database)", c->dir);
        else
            cli_error("serve: %s has no shard %u any more (it was rebuilt "
                      "with fewer shards)", c->dir, c->shard);
        _exit(CLI_EXIT_ERROR);
    }
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", SERVE_IDLE_TIMEOUT_MS);
    char *args[] = {(char *)c->prog, "--timeout", timeout, path.data, NULL};
    execvp(c->prog, args);
    cli_error("serve: cannot run %s: %s", c->prog, strerror(errno));
    _exit(CLI_EXIT_ERROR);
}

/* Accepts one connection and starts its child in a free slot. */
static void accept_one(const serve_config *c, int lfd, serve_conn *conns,
                       const sigset_t *mask)
{
    int cfd = accept(lfd, NULL, NULL);
    if (cfd < 0)
        return; /* gone before it was accepted, or try again later */
    fcntl(cfd, F_SETFD, FD_CLOEXEC); /* the child dups it to 0 and 1 */
    /* The protocol is many small request-reply messages: without this,
     * Nagle's algorithm and delayed acknowledgements cost 40 ms a reply
     * (xapian-tcpsrv sets it too; xapian-progsrv, made for pipes, not). */
    int one = 1;
    setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    serve_conn *slot = conns;
    while (slot->pid)
        slot++; /* the caller polls only while a slot is free */
    gen_current_name(c->dir, slot->gen);
    pid_t pid = fork();
    if (pid == 0)
        run_connection(c, cfd, mask);
    if (pid < 0)
        cli_error("serve: cannot start a server for a connection: %s",
                  strerror(errno));
    else
        slot->pid = pid;
    close(cfd);
}

/* Frees the slots of children that ended; removes the generations they
 * leave behind unread. Returns how many slots are in use. */
static unsigned reap(const serve_config *c, serve_conn *conns)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
        for (unsigned i = 0; i < c->max_conns; i++) {
            if (conns[i].pid != pid)
                continue;
            conns[i].pid = 0;
            if (conns[i].gen[0])
                gen_remove_unpinned(c->dir, conns[i].gen);
        }
    }
    unsigned busy = 0;
    for (unsigned i = 0; i < c->max_conns; i++)
        busy += conns[i].pid != 0;
    return busy;
}

/* Ends the running connections and waits for them. */
static void stop_all(const serve_config *c, serve_conn *conns)
{
    for (unsigned i = 0; i < c->max_conns; i++)
        if (conns[i].pid)
            kill(conns[i].pid, SIGTERM);
    for (unsigned i = 0; i < c->max_conns; i++)
        if (conns[i].pid)
            waitpid(conns[i].pid, NULL, 0);
}

int serve_run(const serve_config *c, int lfd)
{
    serve_conn *conns = calloc(c->max_conns, sizeof *conns);
    if (!conns) {
        cli_error("serve: out of memory");
        return CLI_EXIT_ERROR;
    }
    /* The signals are blocked except inside pselect, so none is missed
     * between the checks and the wait. */
    sigset_t block, mask;
    sigemptyset(&block);
    sigaddset(&block, SIGCHLD);
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaddset(&block, stop_signals[i]);
    sigprocmask(SIG_BLOCK, &block, &mask);
    struct sigaction sa = {0};
    sa.sa_handler = on_stop;
    for (size_t i = 0; i < N_STOP_SIGNALS; i++)
        sigaction(stop_signals[i], &sa, NULL);
    sa.sa_handler = on_child;
    sigaction(SIGCHLD, &sa, NULL);
    int status = 0;
    while (!stop_signal) {
        unsigned busy = reap(c, conns);
        fd_set rd;
        FD_ZERO(&rd);
        if (busy < c->max_conns)
            FD_SET(lfd, &rd);
        int n = pselect(lfd + 1, &rd, NULL, NULL, NULL, &mask);
        if (n < 0 && errno != EINTR) {
            cli_error("serve: %s", strerror(errno));
            status = CLI_EXIT_ERROR;
            break;
        }
        if (n > 0 && FD_ISSET(lfd, &rd))
            accept_one(c, lfd, conns, &mask);
    }
    close(lfd);
    stop_all(c, conns);
    free(conns);
    if (stop_signal) {
        /* Dies of the signal, as the caller expects of a server. */
        signal(stop_signal, SIG_DFL);
        sigprocmask(SIG_SETMASK, &mask, NULL);
        raise(stop_signal);
    }
    return status;
}
