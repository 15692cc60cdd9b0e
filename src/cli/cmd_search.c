/* `spor search`: run a query and print the hits, as text blocks for people
 * or as JSON Lines or TSV for scripts (docs/json-output.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "spor/buf.h"
#include "spor/search.h"

/* ANSI styles, as ripgrep uses them: path magenta, lines green, match bold
 * red. */
#define STYLE_PATH "\033[35m"
#define STYLE_LINES "\033[32m"
#define STYLE_MATCH "\033[1;31m"
#define STYLE_DIM "\033[2m"
#define STYLE_OFF "\033[0m"


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

static void print_hit_json(const spor_hit *h, const spor_results *res)
{
    printf("{\"type\":\"hit\",\"version\":%d,\"rank\":%u,\"score\":%.4f,"
           "\"id\":", CLI_FORMAT_VERSION, h->rank, h->score);
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
    fputs("],\"suggestion\":", stdout);
    if (res->suggestion)
        cli_json_string(stdout, res->suggestion, strlen(res->suggestion));
    else
        fputs("null", stdout);
    printf(",\"corrected\":%s", res->corrected ? "true" : "false");
    if (res->explained) {
        printf(",\"explain\":{\"bm25\":%.4f,\"prior\":%.4f,\"matches\":[",
               h->bm25, h->prior);
        for (size_t i = 0; i < h->n_explain; i++) {
            const spor_explain_term *t = &h->explain[i];
            fputs(i ? ",{\"word\":" : "{\"word\":", stdout);
            cli_json_string(stdout, t->word, strlen(t->word));
            fputs(",\"kind\":", stdout);
            cli_json_string(stdout, t->kind, strlen(t->kind));
            printf(",\"weight\":%.4f}", t->weight);
        }
        fputs("]}", stdout);
    }
    fputs("}\n", stdout);
}

/* --explain in text: the score's factors, then per query word what each
 * way of matching added. */
static void print_explain_text(const spor_hit *h)
{
    printf("    why: %.2f = BM25 %.2f x prose %.2f\n", h->score, h->bm25,
           h->prior);
    for (size_t i = 0; i < h->n_explain; i++) {
        const spor_explain_term *t = &h->explain[i];
        int first = i == 0 || strcmp(t->word, h->explain[i - 1].word);
        int last = i + 1 == h->n_explain || strcmp(t->word, h->explain[i + 1].word);
        if (first)
            printf("      %s:", t->word);
        printf(" %s %.2f%s", t->kind, t->weight, last ? "\n" : ",");
    }
}

static void print_hit_text(const spor_hit *h, int color, int explain)
{
    if (color)
        printf(STYLE_PATH "%s" STYLE_OFF ":" STYLE_LINES "%u-%u" STYLE_OFF,
               h->doc->path, h->rec.line_start, h->rec.line_end);
    else
        printf("%s:%u-%u", h->doc->path, h->rec.line_start, h->rec.line_end);
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
    if (explain)
        print_explain_text(h);
    putchar('\n');
}

enum {
    OPT_LIMIT = CLI_OPT_FIRST_OWN,
    OPT_OFFSET,
    OPT_ALL_COPIES,
    OPT_NO_SYNONYMS,
    OPT_EXPLAIN
};

static const cli_option search_options[] = {
    CLI_OPTION_INDEX,
    {"limit", 'n', OPT_LIMIT, CLI_VALUE_COUNT, "N", NULL, NULL,
     "show at most N hits (default 10)"},
    {"offset", 0, OPT_OFFSET, CLI_VALUE_COUNT, "K", NULL, NULL,
     "skip the first K hits (for paging)"},
    CLI_OPTION_FORMAT,
    CLI_OPTION_JSON,
    CLI_OPTION_FORMAT_VERSION,
    CLI_OPTION_COLOR,
    {"all-copies", 0, OPT_ALL_COPIES, CLI_VALUE_NONE, NULL, NULL, NULL,
     "show every copy of a passage found in several documents"},
    {"explain", 0, OPT_EXPLAIN, CLI_VALUE_NONE, NULL, NULL, NULL,
     "show for each hit what each query word matched and added to the score"},
    {"no-synonyms", 0, OPT_NO_SYNONYMS, CLI_VALUE_NONE, NULL, NULL, NULL,
     "match only the words typed (and their forms), not their synonyms"},
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_search(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_search_def = {
    "search", "QUERY ...", "rank passages for a query",
    "Ranks the passages of the index for QUERY (the words are joined with\n"
    "spaces) and prints the best, each with its document, lines and a\n"
    "snippet. Query syntax: words in any inflected form, \"a phrase\",\n"
    "AND OR NOT, +required, -excluded (put -- before a query that starts\n"
    "with -), prefix*, and the filters sted:PLACE, år:YEAR, doc:ID.\n"
    "Exit status: 0 hits, 1 no hits, 2 error.",
    search_options, cmd_search, 0};

static void print_tsv_header(void)
{
    puts("rank\tscore\tid\tdoc\tline_start\tline_end\tyear\tplaces\t"
         "title\tsection\tsnippet");
}

static void print_hit_tsv(const spor_hit *h)
{
    printf("%u\t%.4f\t", h->rank, h->score);
    cli_tsv_field(stdout, h->id, strlen(h->id));
    putchar('\t');
    cli_tsv_field(stdout, h->doc->path, strlen(h->doc->path));
    printf("\t%u\t%u\t", h->rec.line_start, h->rec.line_end);
    if (h->doc->year > 0)
        printf("%d", h->doc->year);
    putchar('\t');
    const char *pl = h->rec.places ? h->rec.places : "";
    cli_tsv_field(stdout, pl, strlen(pl));
    putchar('\t');
    cli_tsv_field(stdout, h->doc->title, strlen(h->doc->title));
    putchar('\t');
    cli_tsv_field(stdout, h->rec.section, strlen(h->rec.section));
    putchar('\t');
    cli_tsv_field(stdout, h->snip.snippet, h->snip.snippet_len);
    putchar('\n');
}

static int cmd_search(const cli_command *cmd, int argc, char **argv)
{
    const char *index_opt = NULL, *color_opt = "auto";
    cli_output_opts out;
    cli_output_opts_default(&out);
    spor_search_opts so;
    spor_search_opts_default(&so);
    cli_args a;
    if (cli_args_init(&a, cmd, argc, argv))
        return CLI_EXIT_ERROR;
    int id;
    while ((id = cli_args_next(&a)) > 0) {
        if (cli_output_option(&out, id, &a))
            continue;
        switch (id) {
        case CLI_OPT_INDEX: index_opt = a.value; break;
        case CLI_OPT_COLOR: color_opt = a.value; break;
        case OPT_ALL_COPIES: so.keep_duplicates = 1; break;
        case OPT_LIMIT: so.limit = (unsigned)a.count; break;
        case OPT_OFFSET: so.offset = (unsigned)a.count; break;
        case OPT_NO_SYNONYMS: so.no_synonyms = 1; break;
        case OPT_EXPLAIN: so.explain = 1; break;
        }
    }
    if (id < 0 || cli_check_format_version(cmd->name, out.format_version)) {
        cli_args_free(&a);
        return id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    }
    int json = out.format == CLI_FORMAT_JSON;
    int color = out.format == CLI_FORMAT_TEXT ? cli_color(color_opt) : 0;
    if (a.n_pos == 0) {
        cli_error("search: no query given (see 'spor search --help')");
        cli_args_free(&a);
        return CLI_EXIT_ERROR;
    }
    sbuf q = SBUF_INIT;
    for (size_t i = 0; i < a.n_pos; i++)
        if ((i && sbuf_append_char(&q, ' ')) ||
            sbuf_append_str(&q, a.pos[i])) {
            cli_error("search: out of memory");
            cli_args_free(&a);
            sbuf_free(&q);
            return CLI_EXIT_ERROR;
        }
    cli_args_free(&a);

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
    if (res.suggestion && !json) {
        if (res.corrected)
            fprintf(stderr, "spor: ingen resultater for \"%s\"; viser "
                    "resultater for \"%s\"\n", q.data, res.suggestion);
        else
            fprintf(stderr, "Mente du: %s\n", res.suggestion);
    }
    if (out.format == CLI_FORMAT_TSV)
        print_tsv_header();
    for (size_t i = 0; i < res.n; i++)
        if (json)
            print_hit_json(&res.hits[i], &res);
        else if (out.format == CLI_FORMAT_TSV)
            print_hit_tsv(&res.hits[i]);
        else
            print_hit_text(&res.hits[i], color, res.explained);
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
