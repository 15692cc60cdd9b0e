/* Generations of an index folder (see generation.h): the writer lock, the
 * copy a copy-forward update starts from, the atomic switch of "current",
 * the generation a reader opens, and the removal of generations no reader
 * should open any more. */
#include "spor/store/generation.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spor/text/buf.h"

/* How often gen_pin resolves "current" again when the generation it found
 * was removed before it was pinned: each retry follows a publish, so more
 * than a few in a row mean something else is deleting generations. */
#define GEN_PIN_ATTEMPTS 5

/* Copy buffer: large enough that a big posting table copies at disk speed,
 * small enough to sit on the heap of any machine. */
#define GEN_COPY_CHUNK (1u << 20)

void gen_remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        sbuf p = SBUF_INIT;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            sbuf_reset(&p);
            if (sbuf_printf(&p, "%s/%s", path, e->d_name))
                break;
            struct stat sb;
            if (lstat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode))
                gen_remove_tree(p.data);
            else
                unlink(p.data);
        }
        sbuf_free(&p);
        closedir(d);
    }
    rmdir(path);
}

spor_status gen_make_dirs(const char *dir, spor_err *err)
{
    sbuf p = SBUF_INIT;
    if (sbuf_append_str(&p, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 1; i <= p.len; i++) {
        if (i < p.len && p.data[i] != '/')
            continue;
        char c = p.data[i];
        p.data[i] = '\0';
        if (mkdir(p.data, 0777) != 0 && errno != EEXIST) {
            spor_status st = spor_fail(err, SPOR_EIO, "%s: cannot create "
                                       "index folder: %s", p.data,
                                       strerror(errno));
            sbuf_free(&p);
            return st;
        }
        p.data[i] = c;
    }
    sbuf_free(&p);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return spor_fail(err, SPOR_EIO, "%s: not a folder", dir);
    return SPOR_OK;
}

spor_status gen_lock(const char *dir, int *fd_out, spor_err *err)
{
    sbuf p = SBUF_INIT;
    if (sbuf_printf(&p, "%s/" GEN_LOCK_FILE, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    int fd = open(p.data, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) {
        spor_status st = spor_fail(err, SPOR_EIO, "%s: cannot open lock: %s",
                                   p.data, strerror(errno));
        sbuf_free(&p);
        return st;
    }
    sbuf_free(&p);
    /* A POSIX record lock: the kernel drops it when the holder dies, so a
     * killed writer never leaves the index locked. */
    struct flock fl = {0};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        struct flock who = fl;
        char pid[32] = "";
        if (fcntl(fd, F_GETLK, &who) == 0 && who.l_type != F_UNLCK)
            snprintf(pid, sizeof pid, "%ld", (long)who.l_pid);
        else {
            ssize_t n = read(fd, pid, sizeof pid - 1);
            pid[n > 0 ? n : 0] = '\0';
            pid[strcspn(pid, "\n")] = '\0';
        }
        close(fd);
        return spor_fail(err, SPOR_EINDEX,
                         "%s: index is being updated by another spor (pid "
                         "%s); try again when it ends", dir,
                         pid[0] ? pid : "unknown");
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, (size_t)n, 0) != n) {
        /* The lock itself holds; only the courtesy pid would be missing. */
    }
    *fd_out = fd;
    return SPOR_OK;
}

void gen_unlock(int fd)
{
    if (fd >= 0)
        close(fd); /* releases the record lock */
}

/* Why dir has no current generation to name: a folder the reader may not
 * read is not a folder without an index. */
static spor_status no_current(const char *dir, spor_err *err)
{
    sbuf p = SBUF_INIT;
    struct stat sb;
    if (sbuf_printf(&p, "%s/" GEN_CURRENT_LINK, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    int denied = lstat(p.data, &sb) != 0 && (errno == EACCES ||
                                             errno == EPERM);
    sbuf_free(&p);
    if (denied)
        return spor_fail(err, SPOR_EINDEX, "%s: permission denied (cannot "
                         "read the index folder)", dir);
    return spor_fail(err, SPOR_EINDEX, "%s: no spor index here (run 'spor "
                     "index' first)", dir);
}

spor_status gen_current_path(const char *dir, char **out, spor_err *err)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return spor_fail(err, SPOR_EINDEX, "%s: no index here (run 'spor "
                         "index' first): %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return spor_fail(err, SPOR_EINDEX, "%s: not an index folder", dir);
    char gen[GEN_NAME_MAX];
    gen_current_name(dir, gen);
    sbuf p = SBUF_INIT;
    if (!gen[0])
        return no_current(dir, err);
    if (sbuf_printf(&p, "%s/%s", dir, gen))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    int rc = stat(p.data, &sb);
    if (rc != 0 && (errno == EACCES || errno == EPERM)) {
        spor_status st = spor_fail(err, SPOR_EINDEX, "%s: permission denied",
                                   p.data);
        sbuf_free(&p);
        return st;
    }
    if (rc != 0 || !S_ISDIR(sb.st_mode)) {
        sbuf_free(&p);
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged: its "
                         "current generation %s is missing; rebuild it with "
                         "'spor index'", dir, gen);
    }
    *out = sbuf_detach(&p, NULL);
    return *out ? SPOR_OK : spor_fail(err, SPOR_ENOMEM, "out of memory");
}

void gen_current_name(const char *dir, char out[GEN_NAME_MAX])
{
    sbuf p = SBUF_INIT;
    out[0] = '\0';
    if (sbuf_printf(&p, "%s/" GEN_CURRENT_LINK, dir) == SPOR_OK) {
        ssize_t n = readlink(p.data, out, GEN_NAME_MAX - 1);
        out[n > 0 ? n : 0] = '\0';
        /* Only a plain generation name is ours to follow. */
        if (strncmp(out, GEN_PREFIX, strlen(GEN_PREFIX)) != 0 ||
            strchr(out, '/'))
            out[0] = '\0';
    }
    sbuf_free(&p);
}

void gen_new_name(const char *avoid, char out[GEN_NAME_MAX])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    for (long bump = 0;; bump++) {
        snprintf(out, GEN_NAME_MAX, GEN_PREFIX "%lld%09ld-%ld",
                 (long long)ts.tv_sec, ts.tv_nsec + bump, (long)getpid());
        if (!avoid || strcmp(out, avoid) != 0)
            return;
    }
}

/* Pruning: a generation of shards may name a shard of an earlier one
 * through a symlink (`shard-1 -> ../gen-…/shard-1`, an update that left
 * the shard as it was), so a generation no reader opens any more may still
 * hold shards that a kept one uses. */
typedef struct prune {
    char **names;      /* the generations, GEN_PREFIX… */
    int *fd;           /* each one's folder, locked exclusively: not pinned
                          (-1: kept, pinned or the one to keep) */
    size_t n, cap;
    char **refs;       /* "gen-…/child" that kept generations link to */
    size_t n_refs, cap_refs;
} prune;

static void prune_free(prune *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->names[i]);
        if (p->fd[i] >= 0)
            close(p->fd[i]);
    }
    for (size_t i = 0; i < p->n_refs; i++)
        free(p->refs[i]);
    free(p->names);
    free(p->fd);
    free(p->refs);
}

/* Locks the folder at path exclusively without waiting: -1 when a reader
 * pins it (or it cannot be opened). Where flock is not supported the
 * folder counts as not pinned, as it always did. */
static int lock_unpinned(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0 &&
        errno == EWOULDBLOCK) {
        close(fd);
        return -1;
    }
    return fd >= 0 ? fd : -2; /* -2: removable, nothing to hold */
}

/* Records what generation name's symlinks point to (GEN_PREFIX…/child). */
static void note_refs(const char *dir, const char *name, prune *p)
{
    sbuf g = SBUF_INIT, e = SBUF_INIT;
    DIR *d = NULL;
    if (sbuf_printf(&g, "%s/%s", dir, name) || !(d = opendir(g.data)))
        goto out;
    struct dirent *de;
    while ((de = readdir(d))) {
        char target[GEN_NAME_MAX * 2];
        sbuf_reset(&e);
        if (sbuf_printf(&e, "%s/%s", g.data, de->d_name))
            break;
        ssize_t n = readlink(e.data, target, sizeof target - 1);
        if (n <= 3 || strncmp(target, "../", 3) != 0)
            continue;
        target[n] = '\0';
        if (spor_grow(&p->refs, &p->cap_refs, p->n_refs, sizeof *p->refs, 8))
            break;
        if ((p->refs[p->n_refs] = strdup(target + 3)))
            p->n_refs++;
    }
out:
    if (d)
        closedir(d);
    sbuf_free(&g);
    sbuf_free(&e);
}

/* 1 when a kept generation links to name/child (child NULL: to anything
 * in name). */
static int referenced(const prune *p, const char *name, const char *child)
{
    size_t len = strlen(name);
    for (size_t i = 0; i < p->n_refs; i++)
        if (!strncmp(p->refs[i], name, len) && p->refs[i][len] == '/' &&
            (!child || !strcmp(p->refs[i] + len + 1, child)))
            return 1;
    return 0;
}

/* Removes what of generation name no kept generation links to: all of it,
 * or (its set's stub first, so no reader opens it as a set any more) every
 * entry but the linked ones. */
static void prune_one(const char *dir, const char *name, const prune *p)
{
    sbuf g = SBUF_INIT, e = SBUF_INIT;
    if (sbuf_printf(&g, "%s/%s", dir, name))
        goto out;
    if (!referenced(p, name, NULL)) {
        gen_remove_tree(g.data);
        goto out;
    }
    if (sbuf_printf(&e, "%s/XAPIANDB", g.data) == SPOR_OK)
        unlink(e.data);
    DIR *d = opendir(g.data);
    struct dirent *de;
    while (d && (de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
            referenced(p, name, de->d_name))
            continue;
        sbuf_reset(&e);
        if (sbuf_printf(&e, "%s/%s", g.data, de->d_name) == SPOR_OK) {
            struct stat sb;
            if (lstat(e.data, &sb) == 0 && S_ISDIR(sb.st_mode))
                gen_remove_tree(e.data);
            else
                unlink(e.data);
        }
    }
    if (d)
        closedir(d);
out:
    sbuf_free(&g);
    sbuf_free(&e);
}

/* Removes the generations of dir that are neither keep, nor the one
 * "current" names, nor pinned by a reader (gen_pin), except what the kept
 * ones link to; only_name, when not NULL, limits the removal to it. The
 * exclusive locks are held while the trees go, so a reader that opened a
 * folder meanwhile gets its shared lock only on the removed folder, sees
 * that, and resolves "current" again (gen_pin). Returns how many
 * generations it pruned. */
static int prune_generations(const char *dir, const char *keep,
                             const char *only_name)
{
    prune p = {0};
    char cur[GEN_NAME_MAX];
    gen_current_name(dir, cur);
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    sbuf path = SBUF_INIT;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0 ||
            spor_grow(&p.names, &p.cap, p.n, sizeof *p.names, 8))
            continue;
        int *fd = realloc(p.fd, p.cap * sizeof *fd);
        if (!fd || !(p.names[p.n] = strdup(e->d_name)))
            break;
        p.fd = fd;
        int kept = (keep && !strcmp(e->d_name, keep)) ||
                   !strcmp(e->d_name, cur) ||
                   (only_name && strcmp(e->d_name, only_name));
        sbuf_reset(&path);
        p.fd[p.n] = kept || sbuf_printf(&path, "%s/%s", dir, e->d_name)
                        ? -1 : lock_unpinned(path.data);
        p.n++;
    }
    closedir(d);
    sbuf_free(&path);
    for (size_t i = 0; i < p.n; i++)
        if (p.fd[i] == -1)
            note_refs(dir, p.names[i], &p);
    int pruned = 0;
    for (size_t i = 0; i < p.n; i++)
        if (p.fd[i] != -1) {
            prune_one(dir, p.names[i], &p);
            pruned++;
        }
    prune_free(&p);
    return pruned;
}

void gen_remove_stale(const char *dir, const char *keep)
{
    prune_generations(dir, keep, NULL);
}

int gen_remove_unpinned(const char *dir, const char *name)
{
    if (strncmp(name, GEN_PREFIX, strlen(GEN_PREFIX)) != 0 ||
        strchr(name, '/'))
        return 0;
    return prune_generations(dir, NULL, name) > 0;
}

/* Whether fd is still the folder at path (not removed, not replaced). */
static int same_folder(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

spor_status gen_pin(const char *dir, char **path_out, int *fd_out,
                    spor_err *err)
{
    for (int attempt = 0; attempt < GEN_PIN_ATTEMPTS; attempt++) {
        char *path = NULL;
        spor_status st = gen_current_path(dir, &path, err);
        if (st)
            return st;
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            /* Waits only while a writer removes this very folder; another
             * failure (no flock here) leaves the generation unpinned. */
            while (flock(fd, LOCK_SH) != 0 && errno == EINTR)
                ;
            if (same_folder(fd, path)) {
                *path_out = path;
                *fd_out = fd;
                return SPOR_OK;
            }
            close(fd);
        }
        free(path);
    }
    return spor_fail(err, SPOR_EINDEX, "%s: its current generation keeps "
                     "being removed before it can be opened", dir);
}

/* Copies one file, then fsyncs it: Xapian's commit syncs only the tables
 * it rewrites, so an untouched copied table must be durable by itself. */
static spor_status copy_file(const char *from, const char *to, char *buf,
                             spor_err *err)
{
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return spor_fail(err, SPOR_EIO, "%s: cannot read: %s", from,
                         strerror(errno));
    int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (out < 0) {
        spor_status st = spor_fail(err, SPOR_EIO, "%s: cannot create: %s",
                                   to, strerror(errno));
        close(in);
        return st;
    }
    spor_status st = SPOR_OK;
#ifdef FICLONE
    if (ioctl(out, FICLONE, in) == 0)
        goto synced;
#endif
    for (;;) {
        ssize_t n = read(in, buf, GEN_COPY_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            st = spor_fail(err, SPOR_EIO, "%s: cannot read: %s", from,
                           strerror(errno));
            break;
        }
        if (n == 0)
            break;
        for (ssize_t done = 0; done < n;) {
            ssize_t w = write(out, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0) {
                st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", to,
                               strerror(errno));
                break;
            }
            done += w;
        }
        if (st)
            break;
    }
#ifdef FICLONE
synced:
#endif
    if (!st && fsync(out) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", to,
                       strerror(errno));
    if (close(out) != 0 && !st)
        st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", to,
                       strerror(errno));
    close(in);
    return st;
}

spor_status gen_copy(const char *from, const char *to, spor_err *err)
{
    if (mkdir(to, 0777) != 0)
        return spor_fail(err, SPOR_EIO, "%s: cannot create: %s", to,
                         strerror(errno));
    DIR *d = opendir(from);
    if (!d)
        return spor_fail(err, SPOR_EINDEX, "%s: cannot read index: %s", from,
                         strerror(errno));
    char *buf = malloc(GEN_COPY_CHUNK);
    sbuf src = SBUF_INIT, dst = SBUF_INIT;
    spor_status st = buf ? SPOR_OK
                         : spor_fail(err, SPOR_ENOMEM, "out of memory");
    struct dirent *e;
    while (!st && (e = readdir(d))) {
        /* Xapian's lock file belongs to the copy's own writer. */
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "flintlock"))
            continue;
        sbuf_reset(&src);
        sbuf_reset(&dst);
        if (sbuf_printf(&src, "%s/%s", from, e->d_name) ||
            sbuf_printf(&dst, "%s/%s", to, e->d_name)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            break;
        }
        struct stat sb;
        if (lstat(src.data, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        st = copy_file(src.data, dst.data, buf, err);
    }
    closedir(d);
    free(buf);
    sbuf_free(&src);
    sbuf_free(&dst);
    int dfd = st ? -1 : open(to, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return st;
}

spor_status gen_publish(const char *dir, const char *gen, spor_err *err)
{
    sbuf tmp = SBUF_INIT, cur = SBUF_INIT;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&tmp, "%s/" GEN_CURRENT_LINK ".%ld.tmp", dir,
                    (long)getpid()) ||
        sbuf_printf(&cur, "%s/" GEN_CURRENT_LINK, dir)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    unlink(tmp.data);
    if (symlink(gen, tmp.data) != 0 || rename(tmp.data, cur.data) != 0) {
        st = spor_fail(err, SPOR_EIO, "%s: cannot switch to the new index: %s",
                       dir, strerror(errno));
        unlink(tmp.data);
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd); /* makes the switch itself durable */
        close(dfd);
    }
out:
    sbuf_free(&tmp);
    sbuf_free(&cur);
    return st;
}
