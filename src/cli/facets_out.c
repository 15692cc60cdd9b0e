/* Printing facet counts (spor search --facets): after the hits, the
 * matching passages in all (a "total" object) and one JSON object per
 * facet value, type "facet"; or a line and a short table per kind. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "hits.h"
#include "paths.h"

/* The text table lists this many values per kind; JSON lists all. */
#define FACETS_TEXT_MAX 10

static void print_kind(const char *kind, const spor_facet_list *l, int json,
                       int color, unsigned long query)
{
    if (json) {
        for (size_t i = 0; i < l->n; i++) {
            cli_print_json_head("facet", query);
            printf(",\"facet\":\"%s\",\"value\":", kind);
            const char *v = l->items[i].value;
            if (!strcmp(kind, "doc"))
                v = cli_doc_path(v);
            cli_json_string(stdout, v, strlen(v));
            fputs(",\"key\":", stdout);
            cli_json_string(stdout, l->items[i].key, strlen(l->items[i].key));
            printf(",\"count\":%u}\n", l->items[i].count);
        }
        return;
    }
    if (!l->n)
        return;
    printf(color ? STYLE_BOLD "%s:" STYLE_OFF : "%s:", kind);
    sbuf tmp = SBUF_INIT;
    for (size_t i = 0; i < l->n && i < FACETS_TEXT_MAX; i++)
        printf("%s %s (%u)", i ? "," : "",
               cli_text_safe(strcmp(kind, "doc")
                                 ? l->items[i].value
                                 : cli_shown_path(l->items[i].value),
                             &tmp),
               l->items[i].count);
    sbuf_free(&tmp);
    if (l->n > FACETS_TEXT_MAX)
        printf(", … %zu more", l->n - FACETS_TEXT_MAX);
    putchar('\n');
}

/* The matching passages in all, and their further copies (facets.h):
 * a "total" object, or the line above the table. */
static void print_total(const spor_facets *f, int json, int color,
                        unsigned long query)
{
    if (json) {
        cli_print_json_head("total", query);
        printf(",\"matching\":%u,\"copies\":%u}\n", f->total, f->copies);
        return;
    }
    if (color)
        fputs(STYLE_DIM, stdout);
    printf("%u matching passage%s", f->total, f->total == 1 ? "" : "s");
    if (f->copies)
        printf(" (and %u cop%s of them, listed with --all-copies)",
               f->copies, f->copies == 1 ? "y" : "ies");
    puts(color ? STYLE_OFF : "");
}

void cli_print_facets(const spor_facets *f, int json, int color,
                      unsigned long query)
{
    print_total(f, json, color, query);
    print_kind("place", &f->places, json, color, query);
    print_kind("doc", &f->docs, json, color, query);
    print_kind("year", &f->years, json, color, query);
}
