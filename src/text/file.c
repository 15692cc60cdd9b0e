/* Opens and reads the files spor reads whole, refusing what is not a
 * regular file and what is larger than its kind allows before reading it
 * (include/spor/text/file.h says why). */
#include "spor/text/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a file that is not a regular one is, for the message. */
static const char *kind_of(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISDIR(mode))
        return "a directory";
    return "not a regular file";
}

spor_status file_open_regular(const char *path, const char *what,
                              unsigned long max, unsigned flags, FILE **out,
                              spor_err *err)
{
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
     * writer forever. It is cleared again for the regular file's reads. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        if (errno == ENOENT && (flags & FILE_MISSING_OK))
            return SPOR_OK;
        return spor_fail(err, SPOR_EIO, "%s: cannot read %s: %s", path, what,
                         strerror(errno));
    }
    struct stat sb;
    spor_status st = SPOR_OK;
    if (fstat(fd, &sb) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot read %s: %s", path, what,
                       strerror(errno));
    else if (!S_ISREG(sb.st_mode))
        st = spor_fail(err, SPOR_EIO, "%s: cannot read %s: %s, not a "
                       "regular file", path, what, kind_of(sb.st_mode));
    else if (sb.st_size < 0 || (unsigned long long)sb.st_size > max)
        st = spor_fail(err, SPOR_EINVAL, "%s: %s is larger than %lu bytes",
                       path, what, max);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 ||
             !(*out = fdopen(fd, "rb")))
        st = spor_fail(err, SPOR_EIO, "%s: cannot read %s: %s", path, what,
                       strerror(errno));
    if (st != SPOR_OK)
        close(fd);
    return st;
}

spor_status file_read_all(const char *path, const char *what,
                          unsigned long max, char **data, size_t *len,
                          spor_err *err)
{
    *data = NULL;
    *len = 0;
    FILE *f;
    spor_status st = file_open_regular(path, what, max, 0, &f, err);
    if (st != SPOR_OK)
        return st;
    struct stat sb;
    size_t size = fstat(fileno(f), &sb) == 0 ? (size_t)sb.st_size : 0;
    /* One byte past the size tells a file that grew since the check; what
     * it grew by is not read, so the bound holds. */
    char *buf = malloc(size + 2);
    if (!buf) {
        fclose(f);
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
    }
    size_t got = fread(buf, 1, size + 1, f);
    int bad = ferror(f);
    fclose(f);
    if (bad || got > size) {
        free(buf);
        return spor_fail(err, SPOR_EIO, "%s: cannot read %s: %s", path, what,
                         bad ? "read error" : "it changed while read");
    }
    buf[got] = '\0';
    *data = buf;
    *len = got;
    return SPOR_OK;
}
