/* Running another program for the user without a shell (see launch.h):
 * splitting a command line into words, quoting words for a shell,
 * finding a program on PATH and starting it with posix_spawn. */
#define _GNU_SOURCE /* POSIX_SPAWN_SETSID, environ */
#include "launch.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

/* Where a program is looked for when PATH is unset: glibc's execvp
 * default, less the current folder. */
#define LAUNCH_DEFAULT_PATH "/bin:/usr/bin"

int cli_argv_push_n(cli_argv *a, const char *s, size_t len)
{
    /* One more for the NULL that ends the list. */
    if (spor_grow(&a->v, &a->cap, a->n + 1, sizeof *a->v, 8) != SPOR_OK)
        return -1;
    char *copy = malloc(len + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, len);
    copy[len] = '\0';
    a->v[a->n++] = copy;
    a->v[a->n] = NULL;
    return 0;
}

int cli_argv_push(cli_argv *a, const char *s)
{
    return cli_argv_push_n(a, s, strlen(s));
}

void cli_argv_free(cli_argv *a)
{
    for (size_t i = 0; i < a->n; i++)
        free(a->v[i]);
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Reads one word from *pp into w (reset first), up to a blank outside
 * quotes; 1 when a quote is not closed, -1 out of memory, else 0. */
static int read_word(const char **pp, sbuf *w)
{
    const char *p = *pp;
    char quote = 0;
    int bad = 0;
    sbuf_reset(w);
    for (; *p && !bad && (quote || !is_blank(*p)); p++) {
        if (quote && *p == quote)
            quote = 0;
        else if (!quote && (*p == '\'' || *p == '"'))
            quote = *p;
        else if (*p == '\\' && p[1] &&
                 (!quote || (quote == '"' && (p[1] == '"' || p[1] == '\\'))))
            bad = sbuf_append_char(w, *++p) != SPOR_OK;
        else
            bad = sbuf_append_char(w, *p) != SPOR_OK;
    }
    *pp = p;
    return bad ? -1 : quote ? 1 : 0;
}

int cli_split_command(const char *line, cli_argv *out, char *why,
                      size_t cap)
{
    sbuf w = SBUF_INIT;
    const char *p = line;
    int r = 0;
    while (!r) {
        while (is_blank(*p))
            p++;
        if (!*p)
            break;
        r = read_word(&p, &w);
        if (!r && cli_argv_push_n(out, w.data ? w.data : "", w.len))
            r = -1;
    }
    sbuf_free(&w);
    if (r > 0)
        snprintf(why, cap, "a quote is not closed");
    else if (r < 0)
        snprintf(why, cap, "out of memory");
    return r ? -1 : 0;
}

/* Whether c needs no quoting anywhere in a word (a byte of a multi-byte
 * character is a letter to a shell). */
static int shell_safe(unsigned char c)
{
    return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c) != NULL;
}

/* A word in $'...': control characters, quotes, backslashes and every
 * byte past ASCII as escapes, so nothing but ASCII reaches the terminal. */
static void print_ansi_c_quoted(FILE *f, const char *s)
{
    fputs("$'", f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\'' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20 || *p >= 0x7F)
            fprintf(f, "\\x%02X", *p);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

static void print_word(FILE *f, const char *s)
{
    sbuf tmp = SBUF_INIT;
    int plain = *s && *s != '=' && *s != '~';
    for (const char *p = s; *p && plain; p++)
        plain = shell_safe((unsigned char)*p);
    if (cli_text_safe(s, &tmp) != s) {
        print_ansi_c_quoted(f, s);
    } else if (plain) {
        fputs(s, f);
    } else {
        fputc('\'', f);
        for (const char *p = s; *p; p++)
            if (*p == '\'')
                fputs("'\\''", f); /* close, an escaped quote, reopen */
            else
                fputc(*p, f);
        fputc('\'', f);
    }
    sbuf_free(&tmp);
}

void cli_print_argv(FILE *f, const cli_argv *a)
{
    for (size_t i = 0; i < a->n; i++) {
        if (i)
            fputc(' ', f);
        print_word(f, a->v[i]);
    }
    fputc('\n', f);
}

static int is_program(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
           access(path, X_OK) == 0;
}

int cli_find_program(const char *program, sbuf *path)
{
    sbuf_reset(path);
    if (strchr(program, '/'))
        return sbuf_append_str(path, program) == SPOR_OK &&
                       is_program(program) ? 0 : -1;
    const char *dirs = getenv("PATH");
    if (!dirs)
        dirs = LAUNCH_DEFAULT_PATH;
    while (*dirs) {
        const char *end = strchr(dirs, ':');
        size_t n = end ? (size_t)(end - dirs) : strlen(dirs);
        /* An empty entry means the current folder, which is not searched:
         * a file planted in the folder of a report is never run. */
        if (n) {
            sbuf_reset(path);
            if (sbuf_printf(path, "%.*s/%s", (int)n, dirs, program))
                return -1;
            if (is_program(path->data))
                return 0;
        }
        dirs += n + (end != NULL);
    }
    return -1;
}

/* Waits for pid; 0 when it exited with status 0, else -1 with why. */
static int wait_for(pid_t pid, const char *name, char *why, size_t cap)
{
    int status;
    pid_t got;
    do
        got = waitpid(pid, &status, 0);
    while (got < 0 && errno == EINTR);
    if (got < 0)
        snprintf(why, cap, "%s: %s", name, strerror(errno));
    else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
        snprintf(why, cap, "%s exited with status %d", name,
                 WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        snprintf(why, cap, "%s ended by signal %d (%s)", name,
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        return 0;
    return -1;
}

/* The attributes of the child: default handling of the signals spor
 * ignores while it waits, no signal blocked, and a detached one in a new
 * session (no terminal to stop it or hang it up) with no input. */
static int spawn_setup(cli_run_mode mode, posix_spawnattr_t *attr,
                       posix_spawn_file_actions_t *fa)
{
    sigset_t def, none;
    sigemptyset(&def);
    sigaddset(&def, SIGINT);
    sigaddset(&def, SIGQUIT);
    sigaddset(&def, SIGPIPE);
    sigemptyset(&none);
    short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
    if (mode == CLI_RUN_DETACH)
        flags |= POSIX_SPAWN_SETSID;
    int e = posix_spawnattr_setsigdefault(attr, &def) ||
            posix_spawnattr_setsigmask(attr, &none) ||
            posix_spawnattr_setflags(attr, flags);
    if (!e && mode == CLI_RUN_DETACH)
        e = posix_spawn_file_actions_addopen(fa, STDIN_FILENO, "/dev/null",
                                             O_RDONLY, 0) ||
            posix_spawn_file_actions_addopen(fa, STDOUT_FILENO, "/dev/null",
                                             O_WRONLY, 0);
    return e ? -1 : 0;
}

int cli_run(const cli_argv *a, cli_run_mode mode, char *why, size_t cap)
{
    sbuf path = SBUF_INIT;
    if (!a->n || cli_find_program(a->v[0], &path) != 0) {
        snprintf(why, cap, "%s: %s", a->n ? a->v[0] : "(no command)",
                 a->n && strchr(a->v[0], '/') ? "not an executable file"
                                              : "no such program on PATH");
        sbuf_free(&path);
        return -1;
    }
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t fa;
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_init(&fa);
    /* While the editor has the terminal, ^C and ^\ are the editor's: spor
     * must not die under it and leave the shell and the editor reading
     * the same terminal. */
    struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
    sigemptyset(&ign.sa_mask);
    int rc = -1;
    if (mode == CLI_RUN_WAIT) {
        sigaction(SIGINT, &ign, &old_int);
        sigaction(SIGQUIT, &ign, &old_quit);
    }
    fflush(stdout);
    pid_t pid;
    int e = spawn_setup(mode, &attr, &fa) ? ENOMEM
            : posix_spawn(&pid, path.data, &fa, &attr, a->v, environ);
    if (e)
        snprintf(why, cap, "cannot run %s: %s", path.data, strerror(e));
    else
        rc = mode == CLI_RUN_WAIT ? wait_for(pid, a->v[0], why, cap) : 0;
    if (mode == CLI_RUN_WAIT) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGQUIT, &old_quit, NULL);
    }
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    sbuf_free(&path);
    return rc;
}
