/* Absolute, tidied paths and the part of one below a folder (path.h says
 * why the index wants them). */
#include "spor/text/path.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

spor_status path_cwd(sbuf *out, spor_err *err)
{
    char buf[PATH_MAX];
    sbuf_reset(out);
    if (!getcwd(buf, sizeof buf))
        return spor_fail(err, SPOR_EIO, "cannot tell the current folder: %s",
                         strerror(errno));
    return sbuf_append_str(out, buf) ? spor_fail(err, SPOR_ENOMEM,
                                                 "out of memory")
                                     : SPOR_OK;
}

/* Appends one name to the tidied path in out: "." is dropped, ".." takes
 * the last name off (never above "/"). */
static spor_status push_name(sbuf *out, const char *name, size_t n)
{
    if (n == 0 || (n == 1 && name[0] == '.'))
        return SPOR_OK;
    if (n == 2 && name[0] == '.' && name[1] == '.') {
        while (out->len > 1 && out->data[out->len - 1] != '/')
            out->len--;
        if (out->len > 1)
            out->len--; /* the slash before the name taken off */
        out->data[out->len] = '\0';
        return SPOR_OK;
    }
    if (out->len > 1 && sbuf_append_char(out, '/'))
        return SPOR_ENOMEM;
    return sbuf_append(out, name, n);
}

/* Appends the names of p to out. */
static spor_status push_names(sbuf *out, const char *p)
{
    spor_status st = SPOR_OK;
    while (*p && !st) {
        const char *end = strchr(p, '/');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        st = push_name(out, p, n);
        p += n;
        while (*p == '/')
            p++;
    }
    return st;
}

spor_status path_absolute(const char *path, const char *cwd, sbuf *out)
{
    sbuf_reset(out);
    spor_status st = sbuf_append_char(out, '/');
    if (!st && path[0] != '/')
        st = push_names(out, cwd);
    if (!st)
        st = push_names(out, path);
    return st;
}

const char *path_below(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    while (n > 0 && dir[n - 1] == '/')
        n--;
    if (strncmp(path, dir, n) != 0 || path[n] != '/' || !path[n + 1])
        return NULL;
    return path + n + 1;
}
