/* Verifying a database's tables once per state of them (verify.h): the
 * tables' identity, the marker that records it, and Xapian's check. */
#include "spor/store/verify.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spor/store/xerror.h"
#include "spor/text/buf.h"
#include "spor/text/file.h"
#include "xapian_c.h"

/* The files of a glass database: its version file and its tables (a table
 * never written may be absent). */
static const char *const VFY_FILES[] = {
    "iamglass",       "postlist.glass", "position.glass", "termlist.glass",
    "docdata.glass",  "spelling.glass", "synonym.glass",
};
#define VFY_N_FILES (sizeof VFY_FILES / sizeof VFY_FILES[0])
/* The marker's first line: a marker of another format is checked anew. */
#define VFY_MARKER_HEADER "spor tables verified 1\n"
/* A marker is a line per file; anything longer is not ours. */
#define VFY_MARKER_MAX 4096

/* One line per file: what any change to it (a write, a copy, a restore)
 * changes. The change time cannot be set back by a user, so a write that
 * restores the modification time is still seen. */
static spor_status identify(const char *db_path, sbuf *id, spor_err *err)
{
    sbuf p = SBUF_INIT;
    spor_status st = sbuf_append_str(id, VFY_MARKER_HEADER);
    for (size_t i = 0; !st && i < VFY_N_FILES; i++) {
        struct stat sb;
        sbuf_reset(&p);
        if ((st = sbuf_printf(&p, "%s/%s", db_path, VFY_FILES[i])))
            break;
        if (stat(p.data, &sb) != 0) {
            st = sbuf_printf(id, "%s -\n", VFY_FILES[i]);
            continue;
        }
        if (!S_ISREG(sb.st_mode)) {
            st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged: not a "
                           "regular file; rebuild it with 'spor index "
                           "--rebuild'", p.data);
            break;
        }
        /* Xapian would call an unreadable table damaged. */
        int fd = open(p.data, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0 && (errno == EACCES || errno == EPERM)) {
            st = spor_fail(err, SPOR_EINDEX, "%s: permission denied",
                           p.data);
            break;
        }
        if (fd >= 0)
            close(fd);
        st = sbuf_printf(id, "%s %llu %llu %lld %lld.%09ld %lld.%09ld\n",
                         VFY_FILES[i], (unsigned long long)sb.st_dev,
                         (unsigned long long)sb.st_ino,
                         (long long)sb.st_size, (long long)sb.st_mtim.tv_sec,
                         sb.st_mtim.tv_nsec, (long long)sb.st_ctim.tv_sec,
                         sb.st_ctim.tv_nsec);
    }
    sbuf_free(&p);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return st;
}

/* Nonzero when the marker records exactly these tables. */
static int marker_matches(const char *marker, const sbuf *id)
{
    char *data = NULL;
    size_t len = 0;
    spor_err ignored;
    if (file_read_all(marker, "marker", VFY_MARKER_MAX, &data, &len,
                      &ignored) != SPOR_OK)
        return 0;
    int same = len == id->len && memcmp(data, id->data, len) == 0;
    free(data);
    return same;
}

/* Best effort: a reader that may not write here checks on every open. */
static void write_marker(const char *marker, const sbuf *id)
{
    sbuf tmp = SBUF_INIT;
    if (sbuf_printf(&tmp, "%s.%ld.tmp", marker, (long)getpid()) == SPOR_OK) {
        FILE *f = fopen(tmp.data, "wx");
        if (f) {
            int bad = fwrite(id->data, 1, id->len, f) != id->len;
            bad |= fclose(f) != 0;
            /* rename is atomic: a reader sees the old marker or this. */
            if (bad || rename(tmp.data, marker) != 0)
                unlink(tmp.data);
        }
    }
    sbuf_free(&tmp);
}

/* Xapian's check decodes every entry, and some damage crashes it (one
 * flipped byte of termlist.glass sends it into SIGSEGV): it runs in a
 * child process, whose death is a finding like any other. Its stderr is
 * closed, so a sanitizer's report of the crash does not reach the user.
 * *checked is 0 when no child could be started: the tables are then
 * left unverified rather than refused. */
static xc_status check_in_child(const char *db_path, xc_error *xe,
                                int *checked)
{
    int fds[2];
    *checked = 0;
    if (pipe(fds) != 0)
        return XC_OK;
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return XC_OK;
    }
    if (pid == 0) {
        xc_error e;
        memset(&e, 0, sizeof e);
        close(fds[0]);
        int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
        if (null >= 0)
            dup2(null, STDERR_FILENO);
        e.status = xc_db_check(db_path, &e);
        /* Smaller than PIPE_BUF: written whole or not at all. */
        _exit(write(fds[1], &e, sizeof e) == (ssize_t)sizeof e ? 0 : 1);
    }
    close(fds[1]);
    xc_error e;
    size_t got = 0;
    while (got < sizeof e) {
        ssize_t n = read(fds[0], (char *)&e + got, sizeof e - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    *checked = 1;
    if (got == sizeof e && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        e.msg[sizeof e.msg - 1] = '\0';
        *xe = e;
        return e.status;
    }
    xe->status = XC_ECORRUPT;
    if (WIFSIGNALED(status))
        snprintf(xe->msg, sizeof xe->msg, "it crashed on them "
                 "(signal %d, %s)", WTERMSIG(status),
                 strsignal(WTERMSIG(status)));
    else
        snprintf(xe->msg, sizeof xe->msg, "it crashed on them");
    return XC_ECORRUPT;
}

spor_status vfy_tables(const char *db_path, spor_err *err)
{
    sbuf id = SBUF_INIT, marker = SBUF_INIT, glass = SBUF_INIT;
    struct stat sb;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&glass, "%s/%s", db_path, VFY_FILES[0]) ||
        sbuf_printf(&marker, "%s/" VFY_MARKER, db_path)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    /* Not a glass database: opening it reports what it is. */
    if (stat(glass.data, &sb) != 0) {
        if (errno == EACCES || errno == EPERM)
            st = spor_fail(err, SPOR_EINDEX, "%s: permission denied",
                           db_path);
        goto out;
    }
    if ((st = identify(db_path, &id, err)) || marker_matches(marker.data, &id))
        goto out;
    xc_error xe;
    int checked;
    xc_status xs = check_in_child(db_path, &xe, &checked);
    /* A table missing or of another format: opening reports that. */
    if (xs != XC_OK && xs != XC_EOPENING && xs != XC_EVERSION) {
        st = xerr_fail(err, &xe, 1, "%s: the tables fail Xapian's check",
                       db_path);
        goto out;
    }
    if (xs == XC_OK && checked)
        write_marker(marker.data, &id);
out:
    sbuf_free(&id);
    sbuf_free(&marker);
    sbuf_free(&glass);
    return st;
}

spor_status vfy_generation(const char *gen_path, spor_err *err)
{
    sbuf p = SBUF_INIT;
    struct stat sb;
    if (sbuf_printf(&p, "%s/%s", gen_path, VFY_FILES[0]))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    int single = stat(p.data, &sb) == 0;
    sbuf_free(&p);
    if (single)
        return vfy_tables(gen_path, err);
    DIR *d = opendir(gen_path);
    if (!d)
        return SPOR_OK; /* publishing it reports what is wrong */
    spor_status st = SPOR_OK;
    struct dirent *e;
    while (!st && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        sbuf_reset(&p);
        if (sbuf_printf(&p, "%s/%s", gen_path, e->d_name))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        else if (stat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode))
            st = vfy_tables(p.data, err); /* a shard */
    }
    sbuf_free(&p);
    closedir(d);
    return st;
}
