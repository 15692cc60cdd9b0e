/* `spor search`: run a query and print the hits, as text blocks for people
 * or as JSON Lines for scripts (docs/json-output.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "spor/buf.h"
#include "spor/search.h"

/* ANSI styles, as ripgrep uses them: path magenta, lines green, match bold
 * red. */
#define STYLE_PATH "\033[35m"
#define STYLE_LINES "\033[32m"
#define STYLE_MATCH "\033[1;31m"
#define STYLE_DIM "\033[2m"
#define STYLE_OFF "\033[0m"

#define JSON_SCHEMA_VERSION 1

static void print_places_json(const char *places)
{
    putchar('[');
    const char *p = places ? places : "";
    int first = 1;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            if (!first)
                putchar(',');
            cli_json_string(stdout, p, n);
            first = 0;
        }
        p += n + (e ? 1 : 0);
    }
    putchar(']');
}

static void print_ranges_json(const snip_range *r, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++)
        printf("%s[%zu,%zu]", i ? "," : "", r[i].start, r[i].end);
    putchar(']');
}

static void print_hit_json(const spor_hit *h)
{
    printf("{\"type\":\"hit\",\"version\":%d,\"rank\":%u,\"score\":%.4f,"
           "\"id\":", JSON_SCHEMA_VERSION, h->rank, h->score);
    cli_json_string(stdout, h->id, strlen(h->id));
    fputs(",\"doc\":", stdout);
    cli_json_string(stdout, h->doc->path, strlen(h->doc->path));
    fputs(",\"title\":", stdout);
    cli_json_string(stdout, h->doc->title, strlen(h->doc->title));
    fputs(",\"section\":", stdout);
    cli_json_string(stdout, h->rec.section, strlen(h->rec.section));
    fputs(",\"places\":", stdout);
    print_places_json(h->rec.places);
    if (h->doc->year > 0)
        printf(",\"year\":%d", h->doc->year);
    else
        fputs(",\"year\":null", stdout);
    if (h->rec.page_start)
        printf(",\"page\":%u,\"page_end\":%u", h->rec.page_start,
               h->rec.page_end);
    else
        fputs(",\"page\":null,\"page_end\":null", stdout);
    printf(",\"line_start\":%u,\"line_end\":%u,\"byte_start\":%llu,"
           "\"byte_end\":%llu,\"text\":", h->rec.line_start, h->rec.line_end,
           (unsigned long long)h->rec.byte_start,
           (unsigned long long)h->rec.byte_end);
    cli_json_string(stdout, h->rec.text, h->rec.text_len);
    fputs(",\"snippet\":", stdout);
    cli_json_string(stdout, h->snip.snippet, h->snip.snippet_len);
    fputs(",\"highlights\":", stdout);
    print_ranges_json(h->snip.hl, h->snip.n_hl);
    fputs(",\"snippet_highlights\":", stdout);
    print_ranges_json(h->snip.snippet_hl, h->snip.n_snippet_hl);
    fputs(",\"also_in\":[", stdout);
    for (size_t i = 0; i < h->n_also_in; i++) {
        if (i)
            putchar(',');
        cli_json_string(stdout, h->also_in[i], strlen(h->also_in[i]));
    }
    fputs("]}\n", stdout);
}

static void print_hit_text(const spor_hit *h, int color)
{
    /* Where to look: the page of a PDF, else the source lines. */
    char where[64];
    if (h->rec.page_start && h->rec.page_end > h->rec.page_start)
        snprintf(where, sizeof where, " pp. %u-%u", h->rec.page_start,
                 h->rec.page_end);
    else if (h->rec.page_start)
        snprintf(where, sizeof where, " p. %u", h->rec.page_start);
    else
        snprintf(where, sizeof where, ":%u-%u", h->rec.line_start,
                 h->rec.line_end);
    if (color)
        printf(STYLE_PATH "%s" STYLE_OFF STYLE_LINES "%s" STYLE_OFF,
               h->doc->path, where);
    else
        printf("%s%s", h->doc->path, where);
    printf("  %s", h->doc->title);
    if (h->rec.section[0])
        printf(" \xe2\x80\xba %s", h->rec.section);
    putchar('\n');
    fputs("    ", stdout);
    size_t at = 0;
    for (size_t i = 0; i < h->snip.n_snippet_hl; i++) {
        const snip_range *r = &h->snip.snippet_hl[i];
        fwrite(h->snip.snippet + at, 1, r->start - at, stdout);
        if (color)
            fputs(STYLE_MATCH, stdout);
        fwrite(h->snip.snippet + r->start, 1, r->end - r->start, stdout);
        if (color)
            fputs(STYLE_OFF, stdout);
        at = r->end;
    }
    fwrite(h->snip.snippet + at, 1, h->snip.snippet_len - at, stdout);
    putchar('\n');
    if (h->n_also_in) {
        printf(color ? STYLE_DIM "    also in:" : "    also in:");
        for (size_t i = 0; i < h->n_also_in; i++)
            printf(" %s", h->also_in[i]);
        puts(color ? STYLE_OFF : "");
    }
    putchar('\n');
}

int cmd_search(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"offset", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"color", required_argument, NULL, 'c'},
        {"colour", required_argument, NULL, 'c'},
        {"all-copies", no_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL, *color_opt = "auto";
    int json = 0;
    spor_search_opts so;
    spor_search_opts_default(&so);
    int c;
    long v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 'j': json = 1; break;
        case 'c': color_opt = optarg; break;
        case 'a': so.keep_duplicates = 1; break;
        case 'n':
        case 'o':
            if ((v = cli_parse_count(optarg)) < 0) {
                cli_error("search: %s needs a whole number, not '%s'",
                          c == 'n' ? "-n" : "--offset", optarg);
                return CLI_EXIT_ERROR;
            }
            if (c == 'n')
                so.limit = (unsigned)v;
            else
                so.offset = (unsigned)v;
            break;
        case 'h':
            puts("usage: spor search [--index DIR] [-n N] [--offset K] "
                 "[--json] [--color auto|always|never] [--all-copies] "
                 "QUERY ...\n"
                 "Query syntax: words (any form), \"a phrase\", AND OR NOT, "
                 "+required -excluded, prefix*, sted:PLACE år:YEAR.");
            return 0;
        default:
            cli_error("search: unknown or incomplete option '%s' (try 'spor "
                      "search --help')", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    int color = json ? 0 : cli_color(color_opt);
    if (color < 0) {
        cli_error("search: --color takes auto, always or never, not '%s'",
                  color_opt);
        return CLI_EXIT_ERROR;
    }
    if (optind >= argc) {
        cli_error("search: no query given (try 'spor search --help')");
        return CLI_EXIT_ERROR;
    }
    sbuf q = SBUF_INIT;
    for (int i = optind; i < argc; i++)
        if ((i > optind && sbuf_append_char(&q, ' ')) ||
            sbuf_append_str(&q, argv[i])) {
            cli_error("search: out of memory");
            return CLI_EXIT_ERROR;
        }

    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_results res = {0};
    int rc = CLI_EXIT_ERROR;
    const char *dir = cli_index_dir(index_opt);
    if (spor_index_open(dir, &ix, &err) != SPOR_OK) {
        cli_error("search: %s", err.msg);
        goto out;
    }
    if (spor_search(ix, q.data, &so, &res, &err) != SPOR_OK) {
        cli_error("search: %s", err.msg);
        goto out;
    }
    for (size_t i = 0; i < res.n; i++)
        if (json)
            print_hit_json(&res.hits[i]);
        else
            print_hit_text(&res.hits[i], color);
    rc = res.n ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("search: cannot write the results");
        rc = CLI_EXIT_ERROR;
    }
out:
    spor_results_free(&res);
    spor_index_close(ix);
    sbuf_free(&q);
    return rc;
}
