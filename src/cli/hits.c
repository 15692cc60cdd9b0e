/* Printing hits for search, compare and show (see hits.h): the text block
 * people read, the JSON object and the TSV line scripts read
 * (docs/json-output.md). */
#include "hits.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "paths.h"
#include "spor/query/rank.h"

void cli_print_list_json(const char *list)
{
    putchar('[');
    const char *p = list ? list : "";
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

static void print_words_json(char *const *words, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar(',');
        cli_json_string(stdout, words[i], strlen(words[i]));
    }
    putchar(']');
}

void cli_print_missing_json(const spor_results *r, unsigned long query)
{
    if (!r->n_missing)
        return;
    cli_print_json_head("missing", query);
    fputs(",\"words\":", stdout);
    print_words_json(r->missing, r->n_missing);
    fputs("}\n", stdout);
}

void cli_print_missing_text(const spor_results *r)
{
    if (!r->n_missing)
        return;
    sbuf tmp = SBUF_INIT;
    fputs("spor: ingen forekomster af", stderr);
    for (size_t i = 0; i < r->n_missing; i++)
        fprintf(stderr, "%s \"%s\"", i ? "," : "",
                cli_text_safe(r->missing[i], &tmp));
    fputc('\n', stderr);
    sbuf_free(&tmp);
}

void cli_print_by_head_json(const spor_results *r, unsigned long query)
{
    if (!r->n_by_head)
        return;
    cli_print_json_head("head", query);
    fputs(",\"words\":[", stdout);
    for (size_t i = 0; i < r->n_by_head; i++) {
        fputs(i ? ",{\"word\":" : "{\"word\":", stdout);
        cli_json_string(stdout, r->by_head[i], strlen(r->by_head[i]));
        fputs(",\"head\":", stdout);
        cli_json_string(stdout, r->heads[i], strlen(r->heads[i]));
        putchar('}');
    }
    fputs("]}\n", stdout);
}

void cli_print_by_head_text(const spor_results *r)
{
    sbuf a = SBUF_INIT, b = SBUF_INIT;
    for (size_t i = 0; i < r->n_by_head; i++) {
        fprintf(stderr, "spor: \"%s\" findes ikke; søgt på leddet \"%s\"\n",
                cli_text_safe(r->by_head[i], &a),
                cli_text_safe(r->heads[i], &b));
    }
    sbuf_free(&a);
    sbuf_free(&b);
}

static void print_ranges_json(const snip_range *r, size_t n)
{
    putchar('[');
    for (size_t i = 0; i < n; i++)
        printf("%s[%zu,%zu]", i ? "," : "", r[i].start, r[i].end);
    putchar(']');
}

void cli_print_json_head(const char *type, unsigned long query)
{
    printf("{\"type\":\"%s\",\"version\":%d", type, CLI_FORMAT_VERSION);
    if (query)
        printf(",\"query\":%lu", query);
}

void cli_print_partial_json(unsigned missing_shards, unsigned long query)
{
    cli_print_json_head("partial", query);
    printf(",\"missing_shards\":%u}\n", missing_shards);
}

void cli_print_doc_json(const spor_hit *h)
{
    const char *doc = cli_doc_path(h->doc->path);
    fputs(",\"doc\":", stdout);
    cli_json_string(stdout, doc, strlen(doc));
    fputs(",\"path\":", stdout);
    cli_json_string(stdout, h->doc->path, strlen(h->doc->path));
}

static void print_hit_json(const spor_hit *h, const char *suggestion,
                           int corrected, unsigned long query)
{
    cli_print_json_head("hit", query);
    printf(",\"rank\":%u,\"score\":%.4f,\"id\":", h->rank, h->score);
    cli_json_string(stdout, h->id, strlen(h->id));
    cli_print_doc_json(h);
    fputs(",\"title\":", stdout);
    cli_json_string(stdout, h->doc->title, strlen(h->doc->title));
    fputs(",\"publisher\":", stdout);
    cli_json_string(stdout, h->doc->publisher, strlen(h->doc->publisher));
    fputs(",\"section\":", stdout);
    cli_json_string(stdout, h->rec.section, strlen(h->rec.section));
    fputs(",\"places\":", stdout);
    cli_print_list_json(h->rec.places);
    if (h->doc->year > 0)
        printf(",\"year\":%d", h->doc->year);
    else
        fputs(",\"year\":null", stdout);
    cli_print_pages_json(h);
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
    if (suggestion)
        cli_json_string(stdout, suggestion, strlen(suggestion));
    else
        fputs("null", stdout);
    printf(",\"corrected\":%s", corrected ? "true" : "false");
    printf(",\"apart\":%s", h->apart ? "true" : "false");
    fputs(",\"missing\":", stdout);
    print_words_json(h->missing, h->n_missing);
    fputs(",\"continues\":", stdout);
    if (h->continues[0])
        cli_json_string(stdout, h->continues, strlen(h->continues));
    else
        fputs("null", stdout);
    if (h->explain) {
        printf(",\"explain\":{\"bm25\":%.4f,\"prior\":%.4f,"
               "\"coverage\":%.4f,\"matches\":[",
               h->bm25, h->prior, h->coverage);
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
    putchar('}');
}

void cli_print_hit_json(const spor_hit *h, const char *suggestion,
                        int corrected, unsigned long query)
{
    print_hit_json(h, suggestion, corrected, query);
    putchar('\n');
}

void cli_print_hit_json_object(const spor_hit *h, const char *suggestion,
                               int corrected)
{
    print_hit_json(h, suggestion, corrected, 0);
}

/* --explain in text: the score's factors, then per query word what each
 * way of matching added. */
static void print_explain_text(const spor_hit *h)
{
    printf("    why: %.2f = BM25 %.2f x prose %.2f", h->score, h->bm25,
           h->prior);
    if (h->coverage < 1.0)
        printf(" x coverage %.2f (%.0f%% of the query)",
               rank_coverage_factor(h->coverage), 100.0 * h->coverage);
    putchar('\n');
    for (size_t i = 0; i < h->n_explain; i++) {
        const spor_explain_term *t = &h->explain[i];
        int first = i == 0 || strcmp(t->word, h->explain[i - 1].word);
        int last = i + 1 == h->n_explain ||
                   strcmp(t->word, h->explain[i + 1].word);
        if (first)
            printf("      %s:", t->word);
        printf(" %s %.2f%s", t->kind, t->weight, last ? "\n" : ",");
    }
}

void cli_hit_where(const spor_hit *h, char out[CLI_WHERE_MAX])
{
    /* A PDF's page is what a reader can turn to; the line numbers of its
     * extracted text match nothing they see. */
    if (h->rec.page_start && h->rec.page_end > h->rec.page_start)
        snprintf(out, CLI_WHERE_MAX, " pp. %u-%u", h->rec.page_start,
                 h->rec.page_end);
    else if (h->rec.page_start)
        snprintf(out, CLI_WHERE_MAX, " p. %u", h->rec.page_start);
    else
        snprintf(out, CLI_WHERE_MAX, ":%u-%u", h->rec.line_start,
                 h->rec.line_end);
}

void cli_print_pages_json(const spor_hit *h)
{
    if (h->rec.page_start)
        printf(",\"page\":%u,\"page_end\":%u", h->rec.page_start,
               h->rec.page_end);
    else
        fputs(",\"page\":null,\"page_end\":null", stdout);
}

void cli_print_hit_text(const spor_hit *h, int color)
{
    char where[CLI_WHERE_MAX];
    cli_hit_where(h, where);
    sbuf tmp = SBUF_INIT;
    const char *path = cli_text_safe(cli_shown_path(h->doc->path), &tmp);
    /* The id after the place, so that `spor open ID` and `spor show ID`
     * can be typed from what was read. */
    if (color)
        printf(STYLE_PATH "%s" STYLE_OFF STYLE_LINES "%s" STYLE_OFF
               "  " STYLE_DIM "%s" STYLE_OFF, path, where, h->id);
    else
        printf("%s%s  %s", path, where, h->id);
    printf("  %s", cli_text_safe(h->doc->title, &tmp));
    if (h->rec.section[0])
        printf(" \xe2\x80\xba %s", cli_text_safe(h->rec.section, &tmp));
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
    if (h->continues[0])
        printf(color ? STYLE_DIM "    (fortsat fra %s)" STYLE_OFF "\n"
                     : "    (fortsat fra %s)\n", h->continues);
    /* Apart and missing nothing: every word of the phrase, not as one. */
    if (h->apart)
        printf(color ? STYLE_DIM "    %s" STYLE_OFF "\n" : "    %s\n",
               h->n_missing ? "not the phrase"
                            : "the phrase's words, not the phrase");
    if (h->n_missing) {
        printf(color ? STYLE_DIM "    missing:" : "    missing:");
        for (size_t i = 0; i < h->n_missing; i++)
            printf("%s %s", i ? "," : "",
                   cli_text_safe(h->missing[i], &tmp));
        puts(color ? STYLE_OFF : "");
    }
    if (h->n_also_in) {
        printf(color ? STYLE_DIM "    also in:" : "    also in:");
        for (size_t i = 0; i < h->n_also_in; i++)
            printf(" %s", h->also_in[i]);
        puts(color ? STYLE_OFF : "");
    }
    sbuf_free(&tmp);
    if (h->explain)
        print_explain_text(h);
    putchar('\n');
}

/* The page columns come last, so a script that reads columns by position
 * reads the same ones as before they were added. */
#define HIT_TSV_HEADER                                                  \
    "rank\tscore\tid\tdoc\tline_start\tline_end\tyear\tplaces\t"        \
    "title\tsection\tsnippet\tpage\tpage_end"

void cli_print_hit_tsv_header(void)
{
    fputs(HIT_TSV_HEADER, stdout);
}

void cli_print_hit_tsv_empty(void)
{
    for (const char *p = HIT_TSV_HEADER; *p; p++)
        if (*p == '\t')
            putchar('\t');
}

void cli_print_pages_tsv(const spor_hit *h)
{
    if (h->rec.page_start)
        printf("\t%u\t%u", h->rec.page_start, h->rec.page_end);
    else
        fputs("\t\t", stdout);
}

void cli_print_hit_tsv(const spor_hit *h)
{
    printf("%u\t%.4f\t", h->rank, h->score);
    cli_tsv_field(stdout, h->id, strlen(h->id));
    putchar('\t');
    const char *doc = cli_doc_path(h->doc->path);
    cli_tsv_field(stdout, doc, strlen(doc));
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
    cli_print_pages_tsv(h);
}

void cli_print_suggestion(const char *query, const char *suggestion,
                          int corrected)
{
    if (!suggestion)
        return;
    if (corrected)
        fprintf(stderr, "spor: ingen resultater for \"%s\"; viser "
                "resultater for \"%s\"\n", query, suggestion);
    else
        fprintf(stderr, "Mente du: %s\n", suggestion);
}
