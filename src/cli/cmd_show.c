/* `spor show ID`: one passage with N passages before and after it, to read
 * a precedent in context, with its source lines (--source prints them as
 * they stand in the file). The passages are fetched by their id terms
 * through an ordinary search, so show reads the index the way search
 * does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "hits.h"
#include "indexes.h"
#include "spor/text/buf.h"
#include "spor/query/search.h"

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
    char where[CLI_WHERE_MAX];
    cli_hit_where(h, where);
    if (color)
        printf("%s " STYLE_PATH "%s" STYLE_OFF STYLE_LINES "%s" STYLE_OFF
               "  %s", mark, h->doc->path, where, h->id);
    else
        printf("%s %s%s  %s", mark, h->doc->path, where, h->id);
    if (h->rec.section[0])
        printf("  \xe2\x80\xba %s", h->rec.section);
    putchar('\n');
    /* A PDF's own lines are compressed streams, not text: its passages
     * always print as extracted. */
    if (!source || h->rec.page_start ||
        print_source(h->doc->path, h->rec.line_start,
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

static void print_passage_json(const spor_hit *h, int focus, int offset)
{
    printf("{\"type\":\"passage\",\"version\":%d,\"focus\":%s,"
           "\"offset\":%d,\"id\":", CLI_FORMAT_VERSION,
           focus ? "true" : "false", offset);
    cli_json_string(stdout, h->id, strlen(h->id));
    fputs(",\"doc\":", stdout);
    cli_json_string(stdout, h->doc->path, strlen(h->doc->path));
    fputs(",\"section\":", stdout);
    cli_json_string(stdout, h->rec.section, strlen(h->rec.section));
    fputs(",\"places\":", stdout);
    cli_print_list_json(h->rec.places);
    cli_print_pages_json(h);
    printf(",\"line_start\":%u,\"line_end\":%u,\"text\":",
           h->rec.line_start, h->rec.line_end);
    cli_json_string(stdout, h->rec.text, h->rec.text_len);
    fputs("}\n", stdout);
}

#define SHOW_TSV_HEADER \
    "focus\toffset\tid\tdoc\tline_start\tline_end\tsection\tplaces\ttext\t" \
    "page\tpage_end"

static void print_passage_tsv(const spor_hit *h, int focus, int offset)
{
    printf("%d\t%d\t", focus, offset);
    cli_tsv_field(stdout, h->id, strlen(h->id));
    putchar('\t');
    cli_tsv_field(stdout, h->doc->path, strlen(h->doc->path));
    printf("\t%u\t%u\t", h->rec.line_start, h->rec.line_end);
    cli_tsv_field(stdout, h->rec.section, strlen(h->rec.section));
    putchar('\t');
    const char *pl = h->rec.places ? h->rec.places : "";
    cli_tsv_field(stdout, pl, strlen(pl));
    putchar('\t');
    cli_tsv_field(stdout, h->rec.text, h->rec.text_len);
    cli_print_pages_tsv(h);
    putchar('\n');
}

enum { OPT_CONTEXT = CLI_OPT_FIRST_OWN, OPT_SOURCE };

static const cli_option show_options[] = {
    CLI_OPTION_INDEXES,
    {"context", 0, OPT_CONTEXT, CLI_VALUE_COUNT, "N", NULL, NULL,
     "also show N passages before and after it (default 1, at most 50)"},
    {"source", 0, OPT_SOURCE, CLI_VALUE_NONE, NULL, NULL, NULL,
     "print the file's own lines instead of the cleaned passage text"},
    CLI_OPTIONS_OUTPUT,
    CLI_OPTION_COLOR,
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_show(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_show_def = {
    "show", "PASSAGE-ID", "a passage with the passages around it",
    "Prints the passage PASSAGE-ID (an id as 'spor search' prints it, like\n"
    "981ff2d2.57) with N passages before and after it, in document order;\n"
    "the passage asked for is marked '>'.\n"
    "Exit status: 0 shown, 1 not found in the index's passages, 2 error.",
    show_options, cmd_show, 0};

static int cmd_show(const cli_command *cmd, int argc, char **argv)
{
    const char *color_opt = "auto";
    cli_indexes ixo = {0};
    int source = 0;
    unsigned context = SHOW_DEFAULT_CONTEXT;
    cli_output_opts out;
    cli_output_opts_default(&out);
    cli_args a;
    if (cli_args_init(&a, cmd, argc, argv))
        return CLI_EXIT_ERROR;
    int id = 1;
    while (id > 0 && (id = cli_args_next(&a)) > 0) {
        if (cli_output_option(&out, id, &a) ||
            cli_indexes_option(&ixo, id, &a))
            continue;
        switch (id) {
        case CLI_OPT_COLOR: color_opt = a.value; break;
        case OPT_SOURCE: source = 1; break;
        case OPT_CONTEXT:
            if (a.count > SHOW_MAX_CONTEXT) {
                cli_error("show: --context needs a whole number from 0 to "
                          "%d, not '%s'", SHOW_MAX_CONTEXT, a.value);
                id = CLI_ARGS_ERROR;
            }
            context = (unsigned)a.count;
            break;
        }
    }
    if (id < 0 || cli_check_format_version(cmd->name, out.format_version)) {
        cli_args_free(&a);
        return id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    }
    int color = out.format == CLI_FORMAT_TEXT ? cli_color(color_opt) : 0;
    if (a.n_pos != 1) {
        cli_error("show: give one passage id (see 'spor show --help')");
        cli_args_free(&a);
        return CLI_EXIT_ERROR;
    }
    const char *pid = a.pos[0];
    char doc_id[SCHEMA_ID_MAX];
    unsigned ord;
    if (parse_id(pid, doc_id, &ord) != 0) {
        cli_error("show: '%s' is not a passage id (like 981ff2d2.57, as "
                  "'spor search' prints them)", pid);
        cli_args_free(&a);
        return CLI_EXIT_ERROR;
    }
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_results res = {0};
    sbuf q = SBUF_INIT;
    int rc = CLI_EXIT_ERROR;
    if (cli_indexes_open("show", &ixo, &ix))
        goto out;
    const schema_doctable *docs = spor_index_docs(ix, &err);
    if (!docs) {
        cli_error("show: %s", err.msg);
        goto out;
    }
    const schema_docinfo *d = NULL;
    for (size_t i = 0; i < docs->n && !d; i++)
        if (!strcmp(docs->docs[i].id, doc_id))
            d = &docs->docs[i];
    if (!d || ord >= d->n_passages) {
        cli_error("show: no passage '%s' in the index %s", pid,
                  ixo.n ? ixo.named[0] : cli_index_dir(ixo.config));
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
    so.no_spelling = 1; /* ids are not words */
    if (spor_search(ix, q.data, &so, &res, &err) != SPOR_OK) {
        cli_error("show: %s", err.msg);
        goto out;
    }
    qsort(res.hits, res.n, sizeof *res.hits, cmp_hit_ord);
    if (out.format == CLI_FORMAT_TSV)
        puts(SHOW_TSV_HEADER);
    for (size_t i = 0; i < res.n; i++) {
        const spor_hit *h = &res.hits[i];
        int focus = h->rec.passage_ord == ord;
        int offset = (int)h->rec.passage_ord - (int)ord;
        if (out.format == CLI_FORMAT_JSON)
            print_passage_json(h, focus, offset);
        else if (out.format == CLI_FORMAT_TSV)
            print_passage_tsv(h, focus, offset);
        else
            print_passage_text(h, focus, color, source);
    }
    rc = res.n ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
    if (fflush(stdout) != 0) {
        cli_error("show: cannot write the passage");
        rc = CLI_EXIT_ERROR;
    }
out:
    cli_args_free(&a);
    spor_results_free(&res);
    spor_index_close(ix);
    sbuf_free(&q);
    return rc;
}
