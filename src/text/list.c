/* Walking comma-separated lists without copying them (see list.h). */
#include "spor/text/list.h"

#include <string.h>

int list_next(const char **cursor, const char **item, size_t *len)
{
    const char *p = *cursor ? *cursor : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *s = p;
        p = e ? e + 1 : p + n;
        while (n && (*s == ' ' || *s == '\t'))
            s++, n--;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n) {
            *cursor = p;
            *item = s;
            *len = n;
            return 1;
        }
    }
    *cursor = p;
    return 0;
}
