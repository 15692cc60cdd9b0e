/* Reading the config file: where it is, its lines and the settings they
 * hold (see config.h for the format). Every setting is checked as the
 * file is read, through the caller's check (optconfig.c holds the one
 * against the command tables), so a typo is reported with its line
 * instead of silently doing nothing. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "cli.h"
#include "spor/text/file.h"

/* A config line longer than this is not a setting anyone wrote by hand. */
#define CONFIG_LINE_MAX 4096

static struct {
    cli_config_entry *entries;
    size_t n, cap;
    char path[4096];
    int has_path;
    int found;
} g_config;

int cli_config_each(int (*fn)(const cli_config_entry *e, void *ctx),
                    void *ctx)
{
    for (size_t i = 0; i < g_config.n; i++) {
        int r = fn(&g_config.entries[i], ctx);
        if (r)
            return r;
    }
    return 0;
}

const char *cli_config_path(void)
{
    return g_config.has_path ? g_config.path : NULL;
}

int cli_config_found(void)
{
    return g_config.found;
}

int cli_config_true(const char *v)
{
    return !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
           !strcasecmp(v, "on") || !strcmp(v, "1");
}

int cli_config_is_bool(const char *v)
{
    return cli_config_true(v) || !strcasecmp(v, "false") ||
           !strcasecmp(v, "no") || !strcasecmp(v, "off") || !strcmp(v, "0");
}

void cli_config_free(void)
{
    for (size_t i = 0; i < g_config.n; i++) {
        free(g_config.entries[i].section);
        free(g_config.entries[i].key);
        free(g_config.entries[i].value);
    }
    free(g_config.entries);
    g_config.entries = NULL;
    g_config.n = g_config.cap = 0;
}

static void find_path(void)
{
    const char *env = getenv("SPOR_CONFIG");
    const char *xdg = getenv("XDG_CONFIG_HOME");
    const char *home = getenv("HOME");
    g_config.has_path = 1;
    if (env) {
        g_config.has_path = *env != '\0';
        snprintf(g_config.path, sizeof g_config.path, "%s", env);
    } else if (xdg && *xdg) {
        snprintf(g_config.path, sizeof g_config.path, "%s/spor/config", xdg);
    } else if (home && *home) {
        snprintf(g_config.path, sizeof g_config.path,
                 "%s/.config/spor/config", home);
    } else {
        g_config.has_path = 0;
    }
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
                 s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* A leading "~/" means the home folder, as in a shell. */
static char *expand_value(const char *v)
{
    const char *home = getenv("HOME");
    if (v[0] == '~' && v[1] == '/' && home && *home) {
        size_t n = strlen(home) + strlen(v);
        char *s = malloc(n);
        if (s)
            snprintf(s, n, "%s%s", home, v + 1);
        return s;
    }
    return strdup(v);
}

static int add_entry(const char *section, const char *key, const char *value,
                     unsigned line)
{
    if (g_config.n == g_config.cap) {
        size_t cap = g_config.cap ? g_config.cap * 2 : 16;
        cli_config_entry *p = realloc(g_config.entries, cap * sizeof *p);
        if (!p)
            return -1;
        g_config.entries = p;
        g_config.cap = cap;
    }
    cli_config_entry *e = &g_config.entries[g_config.n];
    e->section = section ? strdup(section) : NULL;
    e->key = strdup(key);
    e->value = expand_value(value);
    e->line = line;
    if ((section && !e->section) || !e->key || !e->value) {
        free(e->section);
        free(e->key);
        free(e->value);
        return -1;
    }
    g_config.n++;
    return 0;
}

/* What parse_line checks each setting with. */
typedef struct config_checker {
    cli_config_check_fn fn;
    void *ctx;
} config_checker;

static int parse_line(char *s, char *section, size_t section_cap,
                      unsigned line, const config_checker *check)
{
    const char *path = g_config.path;
    char why[CONFIG_LINE_MAX + 128]; /* the line, quoted in the reason */
    s = trim(s);
    if (!*s || *s == '#' || *s == ';')
        return 0;
    if (*s == '[') {
        char *end = strchr(s, ']');
        if (!end || *trim(end + 1)) {
            cli_error("config %s:%u: a section is written [command]", path,
                      line);
            return -1;
        }
        *end = '\0';
        char *name = trim(s + 1);
        if (check->fn(check->ctx, name, NULL, NULL, why, sizeof why)) {
            cli_error("config %s:%u: %s", path, line, why);
            return -1;
        }
        snprintf(section, section_cap, "%s", name);
        return 0;
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        cli_error("config %s:%u: expected 'option = value', got '%.60s'",
                  path, line, s);
        return -1;
    }
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    size_t vl = strlen(value);
    if (vl >= 2 && (value[0] == '"' || value[0] == '\'') &&
        value[vl - 1] == value[0]) {
        value[vl - 1] = '\0';
        value++;
    }
    const char *sec = section[0] ? section : NULL;
    if (check->fn(check->ctx, sec, key, value, why, sizeof why)) {
        cli_error("config %s:%u: %s", path, line, why);
        return -1;
    }
    if (add_entry(sec, key, value, line)) {
        cli_error("config %s: out of memory", path);
        return -1;
    }
    return 0;
}

int cli_config_load(cli_config_check_fn check_fn, void *ctx)
{
    config_checker check = {check_fn, ctx};
    find_path();
    if (!g_config.has_path)
        return 0;
    /* A missing file is no error; a FIFO or a device (/dev/zero) is
     * refused before it is read, and so is a file past the size bound. */
    FILE *f;
    spor_err ferr;
    if (file_open_regular(g_config.path, "config file", FILE_MAX_TABLE_BYTES,
                          FILE_MISSING_OK, &f, &ferr) != SPOR_OK) {
        cli_error("config %s", ferr.msg);
        return -1;
    }
    if (!f)
        return 0;
    g_config.found = 1;
    char *buf = NULL, section[64] = "";
    size_t cap = 0;
    ssize_t n;
    unsigned line = 0;
    int rc = 0;
    while (!rc && (n = getline(&buf, &cap, f)) >= 0) {
        line++;
        if (n > CONFIG_LINE_MAX) {
            cli_error("config %s:%u: line longer than %d bytes",
                      g_config.path, line, CONFIG_LINE_MAX);
            rc = -1;
        } else if (memchr(buf, '\0', (size_t)n)) {
            cli_error("config %s:%u: not a text file (NUL byte)",
                      g_config.path, line);
            rc = -1;
        } else {
            rc = parse_line(buf, section, sizeof section, line, &check);
        }
    }
    free(buf);
    if (!rc && ferror(f)) {
        cli_error("config %s: %s", g_config.path, strerror(errno));
        rc = -1;
    }
    fclose(f);
    if (rc)
        cli_config_free();
    return rc;
}
