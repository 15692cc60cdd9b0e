/* The CLI's shared helpers (see cli.h). */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/utf8.h"

#ifndef SPOR_DATADIR
#define SPOR_DATADIR "/usr/local/share/spor"
#endif

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("spor: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warning(const char *fmt, ...)
{
    va_list ap;
    fputs("spor: warning: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

const char *cli_index_dir(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("SPOR_INDEX");
    return env && *env ? env : "index";
}

char *cli_data_path(const char *rel)
{
    char path[4096];
    const char *env = getenv("SPOR_DATA_DIR");
    const char *roots[] = {env && *env ? env : NULL, SPOR_SOURCE_DIR,
                           SPOR_DATADIR};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
        struct stat sb;
        if (!roots[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", roots[i], rel);
        if (stat(path, &sb) == 0)
            return strdup(path);
    }
    return NULL;
}

int cli_color(const char *when)
{
    if (!when || !strcmp(when, "auto")) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        return isatty(STDOUT_FILENO) && !(nc && *nc) &&
               !(term && !strcmp(term, "dumb"));
    }
    if (!strcmp(when, "always"))
        return 1;
    if (!strcmp(when, "never"))
        return 0;
    return -1;
}

void cli_json_string(FILE *f, const char *s, size_t len)
{
    fputc('"', f);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            /* JSON is UTF-8: a byte that is not (a file name from an old
             * Windows share) is written as U+FFFD. */
            size_t adv;
            if (utf8_decode(s + i, len - i, &adv) == UTF8_INVALID)
                fputs("\\ufffd", f);
            else
                fwrite(s + i, 1, adv, f);
            i += adv - 1;
            continue;
        }
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    fputc('"', f);
}

long cli_parse_count(const char *s)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 1000000)
        return -1;
    return v;
}
