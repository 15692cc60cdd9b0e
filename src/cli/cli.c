/* The CLI's shared helpers (see cli.h). */
/* realpath() is XSI. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/text/buf.h"
#include "spor/text/exedir.h"
#include "spor/text/utf8.h"

#ifndef SPOR_DATADIR
#define SPOR_DATADIR "/usr/local/share/spor"
#endif
/* The data folder relative to the binary's folder once installed. */
#ifndef SPOR_BIN_TO_DATA
#define SPOR_BIN_TO_DATA "../share/spor"
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

/* The installed data folder, found from where the binary is, so a copy
 * installed under any prefix (cmake --install --prefix P) finds P/share/spor
 * without being rebuilt. */
static int installed_data_dir(char *out, size_t cap)
{
    return spor_beside_exe(SPOR_BIN_TO_DATA, out, cap);
}

char *cli_data_path(const char *rel)
{
    char path[4096], installed[4096];
    const char *env = getenv("SPOR_DATA_DIR");
    const char *roots[] = {
        env && *env ? env : NULL,
        installed_data_dir(installed, sizeof installed) == 0 ? installed
                                                             : NULL,
        SPOR_SOURCE_DIR, SPOR_DATADIR};
    for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
        struct stat sb;
        if (!roots[i])
            continue;
        snprintf(path, sizeof path, "%s/%s", roots[i], rel);
        if (stat(path, &sb) == 0) {
            /* Canonical, so messages show PREFIX/share, not bin/../share. */
            char *real = realpath(path, NULL);
            return real ? real : strdup(path);
        }
    }
    return NULL;
}

int cli_color(cli_when when)
{
    if (when == CLI_WHEN_AUTO) {
        const char *nc = getenv("NO_COLOR");
        const char *term = getenv("TERM");
        return isatty(STDOUT_FILENO) && !(nc && *nc) &&
               !(term && !strcmp(term, "dumb"));
    }
    return when == CLI_WHEN_ALWAYS;
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

int cli_check_format_version(const char *cmd, unsigned want)
{
    if (want == CLI_FORMAT_VERSION_NEWEST || want == CLI_FORMAT_VERSION)
        return 0;
    if (want < CLI_FORMAT_VERSION_MIN)
        cli_error("%s: --format-version %u is older than any this spor "
                  "writes (%d to %d)", cmd, want, CLI_FORMAT_VERSION_MIN,
                  CLI_FORMAT_VERSION);
    else
        cli_error("%s: --format-version %u is newer than this spor writes "
                  "(%d); upgrade spor", cmd, want, CLI_FORMAT_VERSION);
    return -1;
}

const char *cli_format_name(int f)
{
    static const char *const names[] = {"text", "json", "tsv", "csv", "md",
                                        "html"};
    return f >= 0 && (size_t)f < sizeof names / sizeof *names ? names[f]
                                                              : "?";
}

void cli_tsv_field(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        switch (s[i]) {
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\\': fputs("\\\\", f); break;
        default: fputc(s[i], f);
        }
    }
}

size_t cli_char_at(const char *s, size_t len, size_t i, uint32_t *cp)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t adv;
    *cp = utf8_decode(s + i, len - i, &adv);
    return adv;
}

/* The length of the character at s[i..len), and whether cli_text_safe
 * must write it otherwise (a control character or a byte that is not
 * UTF-8). */
static size_t char_at(const char *s, size_t len, size_t i, int *unsafe)
{
    uint32_t cp;
    size_t adv = cli_char_at(s, len, i, &cp);
    *unsafe = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == UTF8_INVALID;
    return adv;
}

/* Appends s[0..len) to tmp as cli_text_safe writes it; 0 or -1. */
static int escape_into(const char *s, size_t len, sbuf *tmp)
{
    sbuf_reset(tmp);
    int bad = 0;
    for (size_t i = 0; i < len && !bad;) {
        int unsafe;
        size_t n = char_at(s, len, i, &unsafe);
        for (size_t k = 0; k < n && !bad && unsafe; k++) {
            unsigned char c = (unsigned char)s[i + k];
            bad = c == '\n'   ? sbuf_append_str(tmp, "\\n") != SPOR_OK
                  : c == '\t' ? sbuf_append_str(tmp, "\\t") != SPOR_OK
                  : c == '\r' ? sbuf_append_str(tmp, "\\r") != SPOR_OK
                              : sbuf_printf(tmp, "\\x%02X", c) != SPOR_OK;
        }
        if (!unsafe)
            bad = sbuf_append(tmp, s + i, n) != SPOR_OK;
        i += n;
    }
    return bad || sbuf_append(tmp, "", 0) != SPOR_OK ? -1 : 0;
}

const char *cli_text_safe_n(const char *s, size_t len, sbuf *tmp)
{
    return escape_into(s, len, tmp) ? "?" : tmp->data;
}

const char *cli_text_safe(const char *s, sbuf *tmp)
{
    size_t len = strlen(s);
    int unsafe = 0;
    for (size_t i = 0; i < len && !unsafe;)
        i += char_at(s, len, i, &unsafe);
    if (!unsafe)
        return s;
    return cli_text_safe_n(s, len, tmp);
}
