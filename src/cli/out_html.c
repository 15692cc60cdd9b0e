/* HTML pages (see out_html.h). Written as XHTML-compatible HTML5: every
 * element closed, void elements self-closed, attributes quoted, so both
 * a browser and an XML parser read it; every text passes through
 * cli_html_text, so the only markup is what is written here. */
#include "out_html.h"

#include <string.h>

#include "cite.h"
#include "markup.h"
#include "paths.h"

/* Enough style to read and print well; no fonts or scripts to fetch. */
#define HTML_STYLE                                                        \
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;"         \
    "padding:0 1em;line-height:1.45;color:#222}"                          \
    "li{margin-bottom:1em}"                                               \
    "blockquote{margin:.3em 0;padding-left:1em;border-left:3px solid #ccc}" \
    "mark{background:#fde68a;color:inherit}"                              \
    ".src,.note{color:#555;font-size:90%}"                                \
    ".focus{border-left-color:#b45309}"                                   \
    "table{border-collapse:collapse;width:100%}"                          \
    "th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;"      \
    "vertical-align:top}"

static void html_str(FILE *f, const char *s)
{
    cli_html_text(f, s, strlen(s));
}

/* The page up to <body>, titled "spor: title". */
static void page_start(FILE *f, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"da\">\n<head>\n"
          "<meta charset=\"utf-8\"/>\n<title>spor: ", f);
    html_str(f, title);
    fputs("</title>\n<style>" HTML_STYLE "</style>\n</head>\n<body>\n", f);
}

static void page_end(FILE *f)
{
    fputs("</body>\n</html>\n", f);
}

/* The page's start, "<h1>Søgning: »query«</h1>" and the notes; 0 or -1. */
static int html_head(FILE *f, const char *what, const char *query,
                     const char *suggestion, int corrected,
                     const spor_results *res, unsigned missing_shards)
{
    page_start(f, query);
    fprintf(f, "<h1>%s: \xc2\xbb", what);
    html_str(f, query);
    fputs("\xc2\xab</h1>\n", f);
    return cli_cite_notes(f, suggestion, corrected, res, missing_shards,
                          cli_html_text, "<p class=\"note\">", "</p>\n");
}

/* The snippet, its matched words in <mark> (the spans the JSON
 * snippet_highlights hold). */
static void html_snippet(FILE *f, const spor_hit *h)
{
    cli_write_marked(f, h->snip.snippet, h->snip.snippet_len,
                     h->snip.snippet_hl, h->snip.n_snippet_hl,
                     cli_html_text, "<mark>", "</mark>");
}

static void html_item(FILE *f, const spor_hit *h)
{
    fprintf(f, "<li value=\"%u\"><p>", h->rank);
    cli_cite_write(f, h, cli_html_text, "<cite>", "</cite>");
    fputs("<br/>\n<span class=\"src\">", f);
    cli_cite_source(f, h, cli_html_text);
    fputs("</span></p>\n<blockquote>", f);
    html_snippet(f, h);
    fputs("</blockquote>", f);
    if (h->n_missing) {
        fputs("\n<p class=\"note\">Mangler: ", f);
        for (size_t i = 0; i < h->n_missing; i++) {
            fputs(i ? ", " : "", f);
            html_str(f, h->missing[i]);
        }
        fputs("</p>", f);
    }
    fputs("</li>\n", f);
}

int cli_html_search(FILE *f, const char *query, const spor_results *res,
                    unsigned missing_shards)
{
    if (html_head(f, "S\xc3\xb8gning", query, res->suggestion,
                  res->corrected, res, missing_shards))
        return -1;
    if (res->n) {
        fputs("<ol>\n", f);
        for (size_t i = 0; i < res->n; i++)
            html_item(f, &res->hits[i]);
        fputs("</ol>\n", f);
    } else {
        fputs("<p>Ingen passager fundet.</p>\n", f);
    }
    page_end(f);
    return 0;
}

/* One cell of text. */
static void html_cell(FILE *f, const char *s)
{
    fputs("<td>", f);
    html_str(f, s);
    fputs("</td>", f);
}

static void html_row(FILE *f, const spor_hit *h)
{
    fprintf(f, "<tr><td>%u</td>", h->rank);
    fputs("<td><cite>", f);
    html_str(f, h->doc->title);
    fputs("</cite></td>", f);
    html_cell(f, h->doc->publisher);
    if (h->doc->year > 0)
        fprintf(f, "<td>%d</td>", h->doc->year);
    else
        fputs("<td></td>", f);
    html_cell(f, h->rec.section);
    char where[CLI_CITE_WHERE_MAX];
    cli_cite_where(h, where);
    html_cell(f, where);
    fputs("<td>", f);
    html_snippet(f, h);
    fputs("</td></tr>\n", f);
}

int cli_html_compare(FILE *f, const char *query, const spor_comparison *cmp)
{
    if (html_head(f, "Sammenligning", query, cmp->suggestion,
                  cmp->corrected, NULL, 0))
        return -1;
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        fputs("<section>\n<h2>", f);
        html_str(f, g->place);
        fprintf(f, ": %u matchende passage%s</h2>\n", g->count,
                g->count == 1 ? "" : "r");
        if (!g->res.n) {
            fputs("<p>Ingen passager.</p>\n</section>\n", f);
            continue;
        }
        fputs("<table>\n<thead><tr><th>Nr.</th><th>Titel</th>"
              "<th>Udgiver</th><th>\xc3\x85r</th><th>Afsnit</th>"
              "<th>Side/linje</th><th>Uddrag</th></tr></thead>\n<tbody>\n",
              f);
        for (size_t k = 0; k < g->res.n; k++)
            html_row(f, &g->res.hits[k]);
        fputs("</tbody>\n</table>\n</section>\n", f);
    }
    page_end(f);
    return 0;
}

void cli_html_passages(FILE *f, const spor_results *res, unsigned ord)
{
    const spor_hit *first = res->n ? &res->hits[0] : NULL;
    const char *title = first ? first->doc->title : "";
    page_start(f, title);
    fputs("<h1>", f);
    html_str(f, title);
    fputs("</h1>\n", f);
    if (first) {
        fputs("<p class=\"src\">", f);
        if (cli_cite_by(f, first, cli_html_text))
            fputs(". ", f);
        html_str(f, cli_doc_path(first->doc->path));
        fputs("</p>\n", f);
    }
    for (size_t i = 0; i < res->n; i++) {
        const spor_hit *h = &res->hits[i];
        int focus = h->rec.passage_ord == ord;
        fputs(focus ? "<p><strong>Den s\xc3\xb8gte passage:</strong> "
                    : "<p>", f);
        cli_cite_place(f, h, cli_html_text);
        fputs(", passage ", f);
        html_str(f, h->id);
        fputs(focus ? "</p>\n<blockquote class=\"focus\">"
                    : "</p>\n<blockquote>", f);
        cli_html_text(f, h->rec.text, h->rec.text_len);
        fputs("</blockquote>\n", f);
    }
    page_end(f);
}
