/* `spor show ID`: one passage with N passages before and after it, to read
 * a precedent in context, with its source lines (--source prints them as
 * they stand in the file). The passages are fetched by their id terms
 * through an ordinary search, so show reads the index the way search
 * does. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "cli.h"
#include "hits.h"
#include "spor/buf.h"
#include "spor/search.h"

#define SHOW_DEFAULT_CONTEXT 1
/* More context than this is reading the whole report: open the file. */
#define SHOW_MAX_CONTEXT 50

static int cmp_hit_ord(const void *a, const void *b)
{
    const spor_hit *x = a, *y = b;
    return x->rec.passage_ord < y->rec.passage_ord ? -1
           : x->rec.passage_ord > y->rec.passage_ord;
}

/* Splits "<doc id>.<ordinal>"; -1 when malformed. */
static int parse_id(const char *id, char doc[SCHEMA_ID_MAX], unsigned *ord)
{
    const char *dot = strrchr(id, '.');
    if (!dot || dot == id || (size_t)(dot - id) >= SCHEMA_ID_MAX || !dot[1])
        return -1;
    long v = cli_parse_count(dot + 1);
    if (v < 0)
        return -1;
    memcpy(doc, id, (size_t)(dot - id));
    doc[dot - id] = '\0';
    *ord = (unsigned)v;
    return 0;
}

/* Prints lines first..last of path, numbered; 0 when it could. */
static int print_source(const char *path, unsigned first, unsigned last)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned no = 0;
    while ((n = getline(&line, &cap, f)) >= 0 && ++no <= last) {
        if (no < first)
            continue;
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        printf("%6u  %.*s\n", no, (int)n, line);
    }
    free(line);
    fclose(f);
    return no >= first ? 0 : -1;
}

static void print_passage_text(const spor_hit *h, int focus, int color,
                               int source)
{
    const char *mark = focus ? ">" : " ";
    if (color)
        printf("%s " STYLE_PATH "%s" STYLE_OFF ":" STYLE_LINES "%u-%u"
               STYLE_OFF "  %s", mark, h->doc->path, h->rec.line_start,
               h->rec.line_end, h->id);
    else
        printf("%s %s:%u-%u  %s", mark, h->doc->path, h->rec.line_start,
               h->rec.line_end, h->id);
    if (h->rec.section[0])
        printf("  \xe2\x80\xba %s", h->rec.section);
    putchar('\n');
    if (!source || print_source(h->doc->path, h->rec.line_start,
                                h->rec.line_end) != 0) {
        if (color && !focus)
            fputs(STYLE_DIM, stdout);
        fwrite(h->rec.text, 1, h->rec.text_len, stdout);
        if (color && !focus)
            fputs(STYLE_OFF, stdout);
        putchar('\n');
    }
    putchar('\n');
}

int cmd_show(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"context", required_argument, NULL, 'C'},
        {"source", no_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"color", required_argument, NULL, 'c'},
        {"colour", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL, *color_opt = "auto";
    int json = 0, source = 0;
    unsigned context = SHOW_DEFAULT_CONTEXT;
    int c;
    long v;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 's': source = 1; break;
        case 'j': json = 1; break;
        case 'c': color_opt = optarg; break;
        case 'C':
            if ((v = cli_parse_count(optarg)) < 0 || v > SHOW_MAX_CONTEXT) {
                cli_error("show: --context needs a whole number from 0 to "
                          "%d, not '%s'", SHOW_MAX_CONTEXT, optarg);
                return CLI_EXIT_ERROR;
            }
            context = (unsigned)v;
            break;
        case 'h':
            puts("usage: spor show [--index DIR] [--context N] [--source] "
                 "[--json] [--color WHEN] PASSAGE-ID\n"
                 "The passage (an id from 'spor search') with N passages "
                 "before and after it;\n--source prints the lines of the "
                 "file instead of the cleaned text.");
            return 0;
        default:
            cli_error("show: unknown or incomplete option '%s' (try 'spor "
                      "show --help')", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    int color = cli_color_for("show", color_opt, json);
    if (color < 0)
        return CLI_EXIT_ERROR;
    if (optind + 1 != argc) {
        cli_error("show: give one passage id (try 'spor show --help')");
        return CLI_EXIT_ERROR;
    }
    const char *id = argv[optind];
    char doc_id[SCHEMA_ID_MAX];
    unsigned ord;
    if (parse_id(id, doc_id, &ord) != 0) {
        cli_error("show: '%s' is not a passage id (like 981ff2d2.57, as "
                  "'spor search' prints them)", id);
        return CLI_EXIT_ERROR;
    }
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_results res = {0};
    sbuf q = SBUF_INIT;
    int rc = CLI_EXIT_ERROR;
    if (spor_index_open(cli_index_dir(index_opt), &ix, &err) != SPOR_OK) {
        cli_error("show: %s", err.msg);
        goto out;
    }
    const schema_doctable *docs = spor_index_docs(ix);
    const schema_docinfo *d = NULL;
    for (size_t i = 0; i < docs->n && !d; i++)
        if (!strcmp(docs->docs[i].id, doc_id))
            d = &docs->docs[i];
    if (!d || ord >= d->n_passages) {
        cli_error("show: no passage '%s' in the index %s", id,
                  cli_index_dir(index_opt));
        goto out;
    }
    unsigned first = ord > context ? ord - context : 0;
    unsigned last = ord + context < d->n_passages ? ord + context
                                                  : d->n_passages - 1;
    for (unsigned k = first; k <= last; k++)
        if (sbuf_printf(&q, "%sid:%s.%u", k > first ? " " : "", doc_id, k)) {
            cli_error("show: out of memory");
            goto out;
        }
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = last - first + 1;
    so.keep_duplicates = 1;
    if (spor_search(ix, q.data, &so, &res, &err) != SPOR_OK) {
        cli_error("show: %s", err.msg);
        goto out;
    }
    qsort(res.hits, res.n, sizeof *res.hits, cmp_hit_ord);
    for (size_t i = 0; i < res.n; i++) {
        const spor_hit *h = &res.hits[i];
        int focus = h->rec.passage_ord == ord;
        if (json) {
            printf("{\"type\":\"passage\",\"version\":%d,\"focus\":%s,"
                   "\"offset\":%d,\"id\":", JSON_SCHEMA_VERSION,
                   focus ? "true" : "false",
                   (int)h->rec.passage_ord - (int)ord);
            cli_json_string(stdout, h->id, strlen(h->id));
            fputs(",\"doc\":", stdout);
            cli_json_string(stdout, h->doc->path, strlen(h->doc->path));
            fputs(",\"section\":", stdout);
            cli_json_string(stdout, h->rec.section, strlen(h->rec.section));
            fputs(",\"places\":", stdout);
            cli_print_list_json(h->rec.places);
            printf(",\"line_start\":%u,\"line_end\":%u,\"text\":",
                   h->rec.line_start, h->rec.line_end);
            cli_json_string(stdout, h->rec.text, h->rec.text_len);
            fputs("}\n", stdout);
        } else {
            print_passage_text(h, focus, color, source);
        }
    }
    rc = res.n ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("show: cannot write the passage");
        rc = CLI_EXIT_ERROR;
    }
out:
    spor_results_free(&res);
    spor_index_close(ix);
    sbuf_free(&q);
    return rc;
}
