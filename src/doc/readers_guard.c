/* rdg_parse: a reader in a child process with bounded time and memory
 * (see readers_guard.h for why and the limits).
 *
 * The child is forked from the reading thread: it runs only the reader,
 * writes the document into a pipe and leaves with _exit, so it never
 * touches what the process's other threads (Xapian's writer) hold. The
 * document goes over the pipe as fixed records of its fields (wire_head,
 * then a wire_line and the text of each line), every byte of them set;
 * the parent checks every length against what it received before it
 * trusts one, and takes the result only when it is whole. */
#define _GNU_SOURCE /* wait4, pipe2 */
#include "readers_guard.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "spor/text/buf.h"

/* The child writes through a buffer of this size. */
#define RDG_WRITE_CHUNK 65536
/* Files that failed by a limit, remembered by content (see the header). */
#define RDG_REMEMBER 32
/* A child that dies, or exits without a result, after using at least this
 * share of its memory limit is reported as over the limit (an allocator
 * that cannot allocate aborts or exits). */
#define RDG_MEMORY_SHARE_FOR_BLAME 0.5
/* A child killed (not by us) after this share of its CPU limit was killed
 * by the limit (the kernel's accounting is in ticks). */
#define RDG_CPU_SHARE_FOR_BLAME 0.9
/* A child that neither sends nor uses CPU for this long is stalled (see
 * collect); it is killed and the file read again, this many times more. */
#define RDG_STALL_SECONDS 5.0
#define RDG_STALL_RETRIES 2

typedef struct rdg_limits {
    unsigned long cpu_seconds;
    unsigned long memory_mb;
} rdg_limits;

/* One limit from the environment, or its default. */
static spor_status env_limit(const char *var, unsigned long def,
                             unsigned long max, const char *name,
                             unsigned long *out, spor_err *err)
{
    const char *s = getenv(var);
    *out = def;
    if (!s || !*s)
        return SPOR_OK;
    char *end = NULL;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v == 0 || v > max || s[0] == '-')
        return spor_fail(err, SPOR_EINVAL, "%s: %s=%s is not a whole number "
                         "from 1 to %lu", name, var, s, max);
    *out = v;
    return SPOR_OK;
}

/* Pages of the process's address space and resident set, from
 * /proc/self/statm; 0 when unknown. */
static void own_size(size_t *vm_bytes, size_t *rss_bytes)
{
    unsigned long vm = 0, rss = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu %lu", &vm, &rss) != 2)
            vm = rss = 0;
        fclose(f);
    }
    long page = sysconf(_SC_PAGESIZE);
    *vm_bytes = (size_t)vm * (size_t)(page > 0 ? page : 4096);
    *rss_bytes = (size_t)rss * (size_t)(page > 0 ? page : 4096);
}

/* ---- the child ---------------------------------------------------- */

typedef struct wbuf {
    int fd;
    int bad;
    size_t n;
    char b[RDG_WRITE_CHUNK];
} wbuf;

static void w_flush(wbuf *w)
{
    size_t off = 0;
    while (!w->bad && off < w->n) {
        ssize_t k = write(w->fd, w->b + off, w->n - off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            w->bad = 1;
        else
            off += (size_t)k;
    }
    w->n = 0;
}

static void w_put(wbuf *w, const void *p, size_t n)
{
    const char *s = p;
    while (n && !w->bad) {
        if (w->n == sizeof w->b)
            w_flush(w);
        size_t k = sizeof w->b - w->n < n ? sizeof w->b - w->n : n;
        memcpy(w->b + w->n, s, k);
        w->n += k;
        s += k;
        n -= k;
    }
}

/* What the child sends: this head, the title (title_len bytes, no NUL),
 * then for each line a wire_line and its text (len bytes, no NUL). */
typedef struct wire_head {
    uint64_t src_bytes, n_invalid, first_invalid, n_nul, content_hash;
    uint64_t n_lines, title_len; /* title_len: UINT64_MAX for no title */
    int32_t status, latin1, structured, pad;
    char msg[SPOR_ERR_MSG_MAX];
} wire_head;

typedef struct wire_line {
    uint64_t len, src_off, src_len;
    uint32_t lineno, page, role, pad;
} wire_line;

static int send_result(int fd, const spor_err *e, const rd_doc *doc)
{
    static wbuf w; /* 64 KB: not on the stack; the child is one thread */
    w.fd = fd;
    w.bad = 0;
    w.n = 0;
    wire_head h;
    memset(&h, 0, sizeof h);
    h.src_bytes = doc->src_bytes;
    h.n_invalid = doc->n_invalid;
    h.first_invalid = doc->first_invalid;
    h.n_nul = doc->n_nul;
    h.content_hash = doc->content_hash;
    h.n_lines = doc->n_lines;
    h.title_len = doc->title ? strlen(doc->title) : UINT64_MAX;
    h.status = (int32_t)e->status;
    h.latin1 = doc->latin1;
    h.structured = doc->structured;
    snprintf(h.msg, sizeof h.msg, "%s", e->msg);
    w_put(&w, &h, sizeof h);
    if (doc->title)
        w_put(&w, doc->title, (size_t)h.title_len);
    for (size_t i = 0; i < doc->n_lines; i++) {
        const rd_line *l = &doc->lines[i];
        wire_line wl;
        memset(&wl, 0, sizeof wl);
        wl.len = l->len;
        wl.src_off = l->src_off;
        wl.src_len = l->src_len;
        wl.lineno = l->lineno;
        wl.page = l->page;
        wl.role = (uint32_t)l->role;
        w_put(&w, &wl, sizeof wl);
        w_put(&w, l->text, l->len);
    }
    w_flush(&w);
    return w.bad;
}

static void set_limit(int which, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {soft, hard};
    (void)setrlimit(which, &rl);
}

/* The child: limits, the reader, the result into fd. Never returns. */
static void child_main(int fd, const rdg_limits *lim, rd_parse_fn parse,
                       const char *bytes, size_t len, const char *name)
{
    /* Whatever the libraries under the reader print is not spor's to
     * show: the parent reports the outcome in one line. */
    sigset_t all;
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    signal(SIGXCPU, SIG_DFL);
    int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDERR_FILENO);
        close(null);
    }
    set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_seconds,
              (rlim_t)lim->cpu_seconds + 1);
    size_t vm, rss;
    own_size(&vm, &rss);
    if (vm)
        set_limit(RLIMIT_AS, (rlim_t)(vm + lim->memory_mb * 1024 * 1024),
                  RLIM_INFINITY);
    rd_doc doc;
    spor_err e;
    spor_err_clear(&e);
    memset(&doc, 0, sizeof doc);
    e.status = parse(bytes, len, name, &doc, &e);
    int bad = send_result(fd, &e, &doc);
    _exit(bad ? 1 : 0);
}

/* ---- the parent --------------------------------------------------- */

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The CPU time the process pid has used, in clock ticks (utime + stime of
 * /proc/PID/stat); -1 when unknown. */
static long long cpu_ticks(pid_t pid)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')'); /* the name may hold spaces */
    unsigned long long ut, st;
    /* After the name: state and ten more fields, then utime, stime. */
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u "
                            "%llu %llu", &ut, &st) != 2)
        return -1;
    return (long long)(ut + st);
}

/* How collect ended. */
enum { RDG_DONE, RDG_LATE, RDG_STALLED };

/* Reads fd to its end into b; *how says whether it got there, passed the
 * deadline, or found the child pid stalled: neither sending nor using CPU
 * for RDG_STALL_SECONDS (blocked on a lock that another thread of this
 * process held when it forked: AddressSanitizer's allocator does that). */
static spor_status collect(int fd, pid_t pid, double deadline, sbuf *b,
                           int *how)
{
    *how = RDG_DONE;
    double progress_at = now_seconds();
    long long ticks = cpu_ticks(pid);
    for (;;) {
        double now = now_seconds(), left = deadline - now;
        long long t = cpu_ticks(pid);
        if (t != ticks) {
            ticks = t;
            progress_at = now;
        }
        if (left <= 0 || (t >= 0 && now - progress_at > RDG_STALL_SECONDS)) {
            *how = left <= 0 ? RDG_LATE : RDG_STALLED;
            return SPOR_OK;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, left < 1 ? (int)(left * 1000) + 1 : 1000);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return SPOR_EIO;
        if (r == 0)
            continue;
        if (sbuf_reserve(b, RDG_WRITE_CHUNK) != SPOR_OK)
            return SPOR_ENOMEM;
        ssize_t k = read(fd, b->data + b->len, RDG_WRITE_CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return SPOR_EIO;
        if (k == 0)
            return SPOR_OK;
        b->len += (size_t)k;
        progress_at = now_seconds();
    }
}

/* Takes n bytes at *pos of b into dst; 0 when b is too short. */
static int take(const sbuf *b, size_t *pos, void *dst, size_t n)
{
    if (n > b->len - *pos)
        return 0;
    if (n)
        memcpy(dst, b->data + *pos, n);
    *pos += n;
    return 1;
}

/* A string of n bytes at *pos of b, malloc'd with a NUL; *s NULL and
 * SPOR_EIO when b is too short. */
static spor_status take_text(const sbuf *b, size_t *pos, uint64_t n,
                             char **s)
{
    *s = NULL;
    if (n > b->len - *pos)
        return SPOR_EIO;
    if (!(*s = malloc((size_t)n + 1)))
        return SPOR_ENOMEM;
    take(b, pos, *s, (size_t)n);
    (*s)[n] = '\0';
    return SPOR_OK;
}

/* Rebuilds the child's result from b into out and e; SPOR_EIO when b is
 * not a whole result, SPOR_ENOMEM. */
static spor_status decode(const sbuf *b, rd_doc *out, spor_err *e)
{
    size_t pos = 0;
    wire_head h;
    memset(out, 0, sizeof *out);
    if (!take(b, &pos, &h, sizeof h) ||
        h.n_lines > (b->len - pos) / sizeof(wire_line))
        return SPOR_EIO;
    e->status = (spor_status)h.status;
    h.msg[sizeof h.msg - 1] = '\0';
    snprintf(e->msg, sizeof e->msg, "%s", h.msg);
    out->src_bytes = (size_t)h.src_bytes;
    out->n_invalid = (size_t)h.n_invalid;
    out->first_invalid = (size_t)h.first_invalid;
    out->n_nul = (size_t)h.n_nul;
    out->content_hash = h.content_hash;
    out->latin1 = h.latin1;
    out->structured = h.structured;
    spor_status st = SPOR_OK;
    if (h.title_len != UINT64_MAX &&
        (st = take_text(b, &pos, h.title_len, &out->title)) != SPOR_OK)
        return st;
    if (!h.n_lines)
        return pos == b->len ? SPOR_OK : SPOR_EIO;
    if (!(out->lines = calloc((size_t)h.n_lines, sizeof *out->lines)))
        return SPOR_ENOMEM;
    out->cap_lines = (size_t)h.n_lines;
    for (size_t i = 0; i < h.n_lines; i++) {
        wire_line wl;
        rd_line *l = &out->lines[i];
        if (!take(b, &pos, &wl, sizeof wl))
            return SPOR_EIO;
        if ((st = take_text(b, &pos, wl.len, &l->text)) != SPOR_OK)
            return st;
        out->n_lines = i + 1;
        l->len = (size_t)wl.len;
        l->src_off = (size_t)wl.src_off;
        l->src_len = (size_t)wl.src_len;
        l->lineno = wl.lineno;
        l->page = wl.page;
        l->role = (rd_role)wl.role;
    }
    return pos == b->len ? SPOR_OK : SPOR_EIO;
}

static void why_memory(char *why, size_t cap, const rdg_limits *lim,
                       const char *format)
{
    snprintf(why, cap, "reading it needed more than %lu MB of memory (the "
             "limit per %s file; %s)", lim->memory_mb, format, RDG_ENV_MB);
}

/* Why a child that sent no whole result ended, as a phrase. */
static void blame(char *why, size_t cap, int wstatus, int how,
                  const struct rusage *ru, size_t rss_at_fork,
                  const rdg_limits *lim, const char *format)
{
    double cpu = (double)ru->ru_utime.tv_sec + (double)ru->ru_stime.tv_sec +
                 ((double)ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
    size_t peak = (size_t)ru->ru_maxrss * 1024;
    size_t grew = peak > rss_at_fork ? peak - rss_at_fork : 0;
    int sig = WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0;
    if (how == RDG_STALLED)
        snprintf(why, cap, "the %s reader stalled (no progress for %.0f s, "
                 "%d times)", format, RDG_STALL_SECONDS,
                 RDG_STALL_RETRIES + 1);
    else if (how == RDG_LATE)
        snprintf(why, cap, "reading it took more than %lu s (the time limit "
                 "per %s file is %lu s of CPU, %u times that in all; %s)",
                 lim->cpu_seconds * RDG_WALL_FACTOR, format, lim->cpu_seconds,
                 RDG_WALL_FACTOR, RDG_ENV_SECONDS);
    else if (sig == SIGXCPU ||
             (sig == SIGKILL && cpu >= RDG_CPU_SHARE_FOR_BLAME *
                                           (double)lim->cpu_seconds))
        snprintf(why, cap, "reading it took more than %lu s of CPU (the "
                 "limit per %s file; %s)", lim->cpu_seconds, format,
                 RDG_ENV_SECONDS);
    else if ((double)grew >= RDG_MEMORY_SHARE_FOR_BLAME *
                                 (double)lim->memory_mb * 1048576.0)
        why_memory(why, cap, lim, format);
    else if (sig)
        snprintf(why, cap, "the %s reader crashed on it (%s)", format,
                 strsignal(sig));
    else
        snprintf(why, cap, "the %s reader ended without a result (exit %d)",
                 format, WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
}

/* ---- files that failed by a limit --------------------------------- */

typedef struct failed_file {
    uint64_t hash;
    size_t len;
    char why[SPOR_ERR_MSG_MAX];
} failed_file;

static pthread_mutex_t failed_mu = PTHREAD_MUTEX_INITIALIZER;
static failed_file failed[RDG_REMEMBER];
static size_t n_failed, next_failed;

static int recall(uint64_t hash, size_t len, char *why, size_t cap)
{
    int found = 0;
    pthread_mutex_lock(&failed_mu);
    for (size_t i = 0; i < n_failed && !found; i++)
        if (failed[i].hash == hash && failed[i].len == len) {
            snprintf(why, cap, "%s", failed[i].why);
            found = 1;
        }
    pthread_mutex_unlock(&failed_mu);
    return found;
}

static void remember(uint64_t hash, size_t len, const char *why)
{
    pthread_mutex_lock(&failed_mu);
    failed_file *f = &failed[next_failed];
    f->hash = hash;
    f->len = len;
    snprintf(f->why, sizeof f->why, "%s", why);
    next_failed = (next_failed + 1) % RDG_REMEMBER;
    if (n_failed < RDG_REMEMBER)
        n_failed++;
    pthread_mutex_unlock(&failed_mu);
}

/* ---- the whole ---------------------------------------------------- */

/* Forks the child and waits for its result (see rdg_parse); *why gets
 * the reason when the child gave none, *how how the wait ended. */
static spor_status run_child(rd_parse_fn parse, const char *format,
                             const char *bytes, size_t len, const char *name,
                             const rdg_limits *lim, rd_doc *out,
                             spor_err *err, char *why, size_t why_cap,
                             int *how)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0)
        return spor_fail(err, SPOR_EIO, "%s: cannot start the %s reader: %s",
                         name, format, strerror(errno));
    size_t vm, rss;
    own_size(&vm, &rss);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(fds[0]);
        close(fds[1]);
        return spor_fail(err, SPOR_EIO, "%s: cannot start the %s reader: %s",
                         name, format, strerror(e));
    }
    if (pid == 0) {
        close(fds[0]);
        child_main(fds[1], lim, parse, bytes, len, name);
    }
    close(fds[1]);
    sbuf b = SBUF_INIT;
    double deadline =
        now_seconds() + (double)lim->cpu_seconds * RDG_WALL_FACTOR;
    spor_status st = collect(fds[0], pid, deadline, &b, how);
    if (*how != RDG_DONE || st != SPOR_OK)
        kill(pid, SIGKILL);
    close(fds[0]);
    int wstatus = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &wstatus, 0, &ru) < 0 && errno == EINTR)
        ;
    if (st == SPOR_OK && *how == RDG_DONE && WIFEXITED(wstatus) &&
        WEXITSTATUS(wstatus) == 0) {
        st = decode(&b, out, err);
        sbuf_free(&b);
        if (st == SPOR_OK && err->status == SPOR_ENOMEM) {
            /* The reader ran out of the child's memory: the file's limit,
             * not the process's. */
            rd_doc_free(out);
            why_memory(why, why_cap, lim, format);
            return SPOR_EINVAL;
        }
        if (st == SPOR_OK)
            return err->status; /* the reader's own verdict */
        rd_doc_free(out);
        if (st == SPOR_ENOMEM)
            return spor_fail(err, st, "%s: out of memory", name);
    }
    sbuf_free(&b);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, st, "%s: out of memory", name);
    blame(why, why_cap, wstatus, *how, &ru, rss, lim, format);
    return SPOR_EINVAL;
}

spor_status rdg_parse(rd_parse_fn parse, const char *format,
                      const char *bytes, size_t len, const char *name,
                      rd_doc *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    spor_err local;
    if (!err)
        err = &local;
    spor_err_clear(err);
    if (getenv(RDG_ENV_IN_PROCESS))
        return parse(bytes, len, name, out, err);
    rdg_limits lim;
    if (env_limit(RDG_ENV_SECONDS, RDG_MAX_CPU_SECONDS,
                  RDG_MAX_SECONDS_SETTING, name, &lim.cpu_seconds, err) ||
        env_limit(RDG_ENV_MB, RDG_MAX_MEMORY_MB, RDG_MAX_MB_SETTING, name,
                  &lim.memory_mb, err))
        return err->status;
    uint64_t hash = rd_hash_bytes(bytes, len);
    char why[SPOR_ERR_MSG_MAX];
    if (recall(hash, len, why, sizeof why))
        return spor_fail(err, SPOR_EINVAL, "%s: %s", name, why);
    why[0] = '\0';
    spor_status st;
    int how = RDG_DONE;
    for (int tries = 0; tries <= RDG_STALL_RETRIES; tries++) {
        why[0] = '\0';
        st = run_child(parse, format, bytes, len, name, &lim, out, err, why,
                       sizeof why, &how);
        if (how != RDG_STALLED)
            break;
    }
    if (!why[0])
        return st;
    rd_doc_free(out);
    remember(hash, len, why);
    return spor_fail(err, SPOR_EINVAL, "%s: %s", name, why);
}
