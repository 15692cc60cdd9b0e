/* Markdown documents (see out_md.h), CommonMark with GitHub's tables. A
 * line's text always passes through cli_md_text, so the only markup is
 * what is written here. */
#include "out_md.h"

#include <string.h>

#include "cite.h"
#include "markup.h"
#include "paths.h"

static void md_str(FILE *f, const char *s)
{
    cli_md_text(f, s, strlen(s));
}

/* The snippet, its matched words in bold (the spans the JSON
 * snippet_highlights hold). */
static void md_snippet(FILE *f, const spor_hit *h)
{
    cli_write_marked(f, h->snip.snippet, h->snip.snippet_len,
                     h->snip.snippet_hl, h->snip.n_snippet_hl, cli_md_text,
                     "**", "**");
}

/* "# Søgning: »query«" and the notes under it; 0 or -1. */
static int md_head(FILE *f, const char *what, const char *query,
                   const char *suggestion, int corrected,
                   const spor_results *res, unsigned missing_shards)
{
    fprintf(f, "# %s: \xc2\xbb", what);
    md_str(f, query);
    fputs("\xc2\xab\n\n", f);
    return cli_cite_notes(f, suggestion, corrected, res, missing_shards,
                          cli_md_text, "_", "_\n\n");
}

/* One hit as a list item: the citation, the file and passage id, the
 * snippet quoted; continuation lines indented to the item's text. */
static void md_item(FILE *f, const spor_hit *h)
{
    int indent = fprintf(f, "%u. ", h->rank);
    cli_cite_write(f, h, cli_md_text, "**", "**");
    fprintf(f, "\\\n%*s", indent, "");
    cli_cite_source(f, h, cli_md_text);
    fprintf(f, "\n\n%*s> ", indent, "");
    md_snippet(f, h);
    fputc('\n', f);
    if (h->n_missing) {
        fprintf(f, "\n%*sMangler: ", indent, "");
        for (size_t i = 0; i < h->n_missing; i++) {
            fputs(i ? ", " : "", f);
            md_str(f, h->missing[i]);
        }
        fputc('\n', f);
    }
    fputc('\n', f);
}

int cli_md_search(FILE *f, const char *query, const spor_results *res,
                  unsigned missing_shards)
{
    if (md_head(f, "S\xc3\xb8gning", query, res->suggestion, res->corrected,
                res, missing_shards))
        return -1;
    for (size_t i = 0; i < res->n; i++)
        md_item(f, &res->hits[i]);
    if (!res->n)
        fputs("Ingen passager fundet.\n", f);
    return 0;
}

/* One hit as a table row. */
static void md_row(FILE *f, const spor_hit *h)
{
    fprintf(f, "| %u | ", h->rank);
    md_str(f, h->doc->title);
    fputs(" | ", f);
    md_str(f, h->doc->publisher);
    fputs(" | ", f);
    if (h->doc->year > 0)
        fprintf(f, "%d", h->doc->year);
    fputs(" | ", f);
    md_str(f, h->rec.section);
    char where[CLI_CITE_WHERE_MAX];
    cli_cite_where(h, where);
    fprintf(f, " | %s | ", where);
    md_snippet(f, h);
    fputs(" |\n", f);
}

int cli_md_compare(FILE *f, const char *query, const spor_comparison *cmp)
{
    if (md_head(f, "Sammenligning", query, cmp->suggestion, cmp->corrected,
                NULL, 0))
        return -1;
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        fputs("## ", f);
        md_str(f, g->place);
        fprintf(f, ": %u matchende passage%s\n\n", g->count,
                g->count == 1 ? "" : "r");
        if (!g->res.n) {
            fputs("Ingen passager.\n\n", f);
            continue;
        }
        fputs("| Nr. | Titel | Udgiver | \xc3\x85r | Afsnit | Side/linje "
              "| Uddrag |\n|---:|---|---|---|---|---|---|\n", f);
        for (size_t k = 0; k < g->res.n; k++)
            md_row(f, &g->res.hits[k]);
        fputc('\n', f);
    }
    return 0;
}

void cli_md_passages(FILE *f, const spor_results *res, unsigned ord)
{
    if (!res->n)
        return;
    const spor_hit *first = &res->hits[0];
    fputs("# ", f);
    md_str(f, first->doc->title);
    fputs("\n\n", f);
    if (cli_cite_by(f, first, cli_md_text))
        fputs(". ", f);
    md_str(f, cli_doc_path(first->doc->path));
    fputs("\n\n", f);
    for (size_t i = 0; i < res->n; i++) {
        const spor_hit *h = &res->hits[i];
        if (h->rec.passage_ord == ord)
            fputs("**Den s\xc3\xb8gte passage:** ", f);
        cli_cite_place(f, h, cli_md_text);
        fputs(", passage ", f);
        md_str(f, h->id);
        fputs("\n\n> ", f);
        cli_md_text(f, h->rec.text, h->rec.text_len);
        fputs("\n\n", f);
    }
}
