/* `spor show ID`: one passage with N passages before and after it, to read
 * a precedent in context, with its source lines (--source prints them as
 * they stand in the file, when the file is still the one indexed: its
 * content hash is compared with the one the index keeps). The passages are
 * fetched by their id terms through an ordinary search, so show reads the
 * index the way search does. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "hits.h"
#include "passages.h"
#include "paths.h"
#include "session.h"
#include "spor/text/buf.h"
#include "spor/query/index.h"
#include "spor/query/search.h"

#define SHOW_DEFAULT_CONTEXT 1
/* More context than this is reading the whole report: open the file. */
#define SHOW_MAX_CONTEXT 50

/* The file behind the passages, for --source: its bytes as read now, or
 * NULL when it is not the file indexed any more (warned once). */
typedef struct show_source {
    char *bytes;
    size_t len;
} show_source;

/* Reads the document d for --source and checks that it is the file that
 * was indexed (size and content hash as the index recorded them); when it
 * is not, says so on stderr and leaves src->bytes NULL, so the stored
 * passages are printed instead of lines that are no longer theirs. */
static void load_source(const schema_docinfo *d, show_source *src)
{
    spor_err err;
    sbuf tmp = SBUF_INIT;
    switch (cli_doc_check(d, &src->bytes, &src->len, &err)) {
    case CLI_DOC_SAME:
        break;
    case CLI_DOC_GONE:
        cli_warning("show: %s: no such file (moved or deleted since it was "
                    "indexed, or indexed from another folder); the stored "
                    "passages follow", cli_text_safe(d->path, &tmp));
        break;
    case CLI_DOC_UNREADABLE:
        cli_warning("show: %s; the stored passages follow",
                    cli_text_safe(err.msg, &tmp));
        break;
    case CLI_DOC_CHANGED:
        cli_warning("show: %s: changed since it was indexed; the stored "
                    "passages follow (index it again for its lines)",
                    cli_text_safe(d->path, &tmp));
        break;
    }
    sbuf_free(&tmp);
}

/* Prints lines first..last (from 1) of the file's bytes, numbered; 0 when
 * it has them. */
static int print_source(const show_source *src, unsigned first,
                        unsigned last)
{
    if (!src->bytes)
        return -1;
    sbuf tmp = SBUF_INIT;
    const char *p = src->bytes, *end = src->bytes + src->len;
    unsigned no = 0;
    while (p < end && ++no <= last) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *eol = nl ? nl : end;
        size_t n = (size_t)(eol - p);
        while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r'))
            n--;
        if (no >= first)
            printf("%6u  %s\n", no, cli_text_safe_n(p, n, &tmp));
        p = nl ? nl + 1 : end;
    }
    sbuf_free(&tmp);
    return no >= first ? 0 : -1;
}

static void print_passage_text(const spor_hit *h, int focus, int color,
                               const show_source *source)
{
    const char *mark = focus ? ">" : " ";
    char where[CLI_WHERE_MAX];
    cli_hit_where(h, where);
    sbuf tmp = SBUF_INIT;
    const char *path = cli_text_safe(cli_shown_path(h->doc->path), &tmp);
    if (color)
        printf("%s " STYLE_PATH "%s" STYLE_OFF STYLE_LINES "%s" STYLE_OFF
               "  %s", mark, path, where, h->id);
    else
        printf("%s %s%s  %s", mark, path, where, h->id);
    if (h->rec.section[0])
        printf("  \xe2\x80\xba %s", cli_text_safe(h->rec.section, &tmp));
    sbuf_free(&tmp);
    putchar('\n');
    /* A PDF's own lines are compressed streams, not text: its passages
     * always print as extracted. */
    if (!source || h->rec.page_start ||
        print_source(source, h->rec.line_start, h->rec.line_end) != 0) {
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
    cli_print_doc_json(h);
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
    const char *doc = cli_doc_path(h->doc->path);
    cli_tsv_field(stdout, doc, strlen(doc));
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

/* Where show's options put their values (static: see opts.h). */
static struct {
    cli_session s;
    unsigned context;
    int source;
} show = {.context = SHOW_DEFAULT_CONTEXT};

static const cli_option show_options[] = {
    CLI_OPTS_INDEXES(&show.s),
    CLI_OPT_RANGE(0, "context", &show.context, "N", 0, SHOW_MAX_CONTEXT,
                  "also show N passages before and after it (default 1, at "
                  "most 50)"),
    CLI_OPT_BOOL(0, "source", &show.source, "print the file's own lines "
                 "instead of the cleaned passage text"),
    CLI_OPTS_OUTPUT(&show.s),
    CLI_OPTS_COLOR(&show.s),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_show(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_show_def = {
    "show", "PASSAGE-ID", "a passage with the passages around it",
    "Prints the passage PASSAGE-ID (an id as 'spor search' prints it, like\n"
    "981ff2d2.57) with N passages before and after it, in document order;\n"
    "the passage asked for is marked '>'.\n"
    "Exit status: 0 shown, 1 not found in the index's passages, 2 error.",
    show_options, cmd_show, 0};

/* 0 when --source may read the files the index names: not when a shard is
 * searched over the network, as its paths are on the machine that serves
 * it, and the file of that name here (if any) is another one. */
static int source_allowed(cli_session *s)
{
    if (!show.source || !spor_index_is_remote(s->ix))
        return 0;
    cli_error("show: --source reads files on this machine, but %s has "
              "shards searched over the network, whose files are on the "
              "machines that serve them; show without --source prints the "
              "stored passages", cli_session_index_name(s));
    return -1;
}

/* The passages ord-context..ord+context of document doc_id (in res,
 * in document order); -1 after an error line. */
static int fetch_passages(cli_session *s, const char *pid,
                          const char *doc_id, unsigned ord,
                          spor_results *res)
{
    spor_err err;
    const schema_docinfo *d = cli_passage_doc(s->ix, doc_id, ord, &err);
    if (!d && err.status == SPOR_OK)
        cli_error("show: no passage '%s' in the index %s", pid,
                  cli_session_index_name(s));
    if (!d && err.status != SPOR_OK)
        cli_error("show: %s", err.msg);
    if (!d)
        return -1;
    unsigned context = show.context;
    unsigned first = ord > context ? ord - context : 0;
    unsigned last = ord + context < d->n_passages ? ord + context
                                                  : d->n_passages - 1;
    if (cli_fetch_passages(s->ix, doc_id, first, last, res, &err) !=
        SPOR_OK) {
        cli_error("show: %s", err.msg);
        return -1;
    }
    return 0;
}

/* Prints the passages around ord in the chosen format; returns the exit
 * status. */
static int print_passages(const cli_session *s, const spor_results *res,
                          unsigned ord)
{
    if (s->format == CLI_FORMAT_TSV)
        puts(SHOW_TSV_HEADER);
    /* A PDF's own lines are compressed streams: it is never read. */
    show_source src = {0};
    int source = show.source && s->format == CLI_FORMAT_TEXT && res->n &&
                 !res->hits[0].rec.page_start;
    if (source)
        load_source(res->hits[0].doc, &src);
    for (size_t i = 0; i < res->n; i++) {
        const spor_hit *h = &res->hits[i];
        int focus = h->rec.passage_ord == ord;
        int offset = (int)h->rec.passage_ord - (int)ord;
        if (s->format == CLI_FORMAT_JSON)
            print_passage_json(h, focus, offset);
        else if (s->format == CLI_FORMAT_TSV)
            print_passage_tsv(h, focus, offset);
        else
            print_passage_text(h, focus, s->color, source ? &src : NULL);
    }
    free(src.bytes);
    if (fflush(stdout) != 0) {
        cli_error("show: cannot write the passage");
        return CLI_EXIT_ERROR;
    }
    return res->n ? CLI_EXIT_HITS : CLI_EXIT_NO_HITS;
}

static int cmd_show(const cli_command *cmd, int argc, char **argv)
{
    cli_session *s = &show.s;
    cli_parsed parsed = cli_session_start(s, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    spor_results res = {0};
    int rc = CLI_EXIT_ERROR;
    char doc_id[SCHEMA_ID_MAX];
    unsigned ord;
    const char *pid = s->rest.n ? s->rest.pos[0] : NULL;
    if (cli_passage_arg(s, "show", doc_id, &ord) == 0 &&
        cli_session_open(s, "show") == 0 && source_allowed(s) == 0 &&
        fetch_passages(s, pid, doc_id, ord, &res) == 0)
        rc = print_passages(s, &res, ord);
    spor_results_free(&res);
    cli_session_end(s);
    return rc;
}
