/* Word list look-up by binary search in an mmap() (see wordlist.h).
 *
 * The search keeps the lines it has seen below and above the key; a probe
 * that does not fall between them proves the file unsorted, and the
 * answer then comes from a linear scan of the same mapping. Lines are
 * compared as bytes, the order `LC_ALL=C sort` gives. */
#include "spor/text/wordlist.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/text/buf.h"
#include "spor/text/utf8.h"

typedef struct line {
    const char *s;
    size_t n;
} line;

/* The line starting at off (its end: '\n' or the end of the map). */
static line line_at(const char *map, size_t size, size_t off)
{
    const char *nl = memchr(map + off, '\n', size - off);
    size_t n = nl ? (size_t)(nl - (map + off)) : size - off;
    if (n && map[off + n - 1] == '\r')
        n--;
    return (line){map + off, n};
}

static int cmp_line(line a, const char *key, size_t len)
{
    size_t m = a.n < len ? a.n : len;
    int c = memcmp(a.s, key, m);
    if (c)
        return c;
    return a.n < len ? -1 : a.n > len;
}

static int cmp_lines(line a, line b)
{
    return cmp_line(a, b.s, b.n);
}

static int scan(const char *map, size_t size, const char *key, size_t len)
{
    for (size_t off = 0; off < size;) {
        line l = line_at(map, size, off);
        if (l.n == len && !memcmp(l.s, key, len))
            return 1;
        const char *nl = memchr(map + off, '\n', size - off);
        if (!nl)
            break;
        off = (size_t)(nl - map) + 1;
    }
    return 0;
}

/* 1 found, 0 not found, -1 the probes met lines out of order. */
static int bsearch_lines(const char *map, size_t size, const char *key,
                         size_t len)
{
    /* Invariant: every line starting in [0, lo) sorts below key, every
     * line starting at or after hi sorts above it; lo is a line start. */
    size_t lo = 0, hi = size;
    line below = {NULL, 0}, above = {NULL, 0};
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        /* The first line starting at or after mid, else the one at lo. */
        size_t start = mid;
        while (start > lo && map[start - 1] != '\n')
            start--;
        if (start < lo)
            start = lo;
        line l = line_at(map, size, start);
        if ((below.s && cmp_lines(below, l) > 0) ||
            (above.s && cmp_lines(l, above) > 0))
            return -1;
        int c = cmp_line(l, key, len);
        if (c == 0)
            return 1;
        const char *nl = memchr(map + start, '\n', size - start);
        size_t next = nl ? (size_t)(nl - map) + 1 : size;
        if (c < 0) {
            below = l;
            lo = next;
        } else {
            above = l;
            hi = start;
        }
    }
    return 0;
}

struct wl_list {
    const char *map;
    size_t size;
};

wl_list *wl_open(const char *path)
{
    if (!path)
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size <= 0) {
        close(fd);
        return NULL;
    }
    size_t size = (size_t)sb.st_size;
    void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    wl_list *l = p == MAP_FAILED ? NULL : malloc(sizeof *l);
    if (!l) {
        if (p != MAP_FAILED)
            munmap(p, size);
        return NULL;
    }
    l->map = p;
    l->size = size;
    return l;
}

void wl_close(wl_list *l)
{
    if (!l)
        return;
    munmap((void *)l->map, l->size);
    free(l);
}

int wl_has(const wl_list *l, const char *word, size_t len)
{
    if (!l || !word || !len)
        return 0;
    int r = bsearch_lines(l->map, l->size, word, len);
    if (r < 0)
        r = scan(l->map, l->size, word, len);
    return r;
}

int wl_has_word(const wl_list *l, const char *word, size_t len)
{
    if (wl_has(l, word, len))
        return 1;
    if (!l || !len || !utf8_valid(word, len))
        return 0;
    /* Proper nouns are listed capitalised: "Aarhus". */
    size_t adv;
    uint32_t cp = utf8_decode(word, len, &adv);
    uint32_t up = utf8_toupper(cp);
    if (up == cp)
        return 0;
    sbuf cap = SBUF_INIT;
    char enc[4];
    int found = 0;
    if (!sbuf_append(&cap, enc, utf8_encode(up, enc)) &&
        !sbuf_append(&cap, word + adv, len - adv))
        found = wl_has(l, cap.data, cap.len);
    sbuf_free(&cap);
    return found;
}

int wl_contains(const char *path, const char *word, size_t len)
{
    if (!path || !word || !len)
        return 0;
    wl_list *l = wl_open(path);
    int r = wl_has(l, word, len);
    wl_close(l);
    return r;
}

int wl_contains_word(const char *path, const char *word, size_t len)
{
    wl_list *l = wl_open(path);
    int r = wl_has_word(l, word, len);
    wl_close(l);
    return r;
}
