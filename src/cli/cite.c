/* Citations for people (see cite.h): the parts a memo cites a report by,
 * in the order a reader looks for them, and the notes on the query. */
#include "cite.h"

#include <string.h>

#include "paths.h"
#include "spor/text/buf.h"

/* The dash between two numbers of a range. */
#define EN_DASH "\xe2\x80\x93"

void cli_cite_where(const spor_hit *h, char out[CLI_CITE_WHERE_MAX])
{
    /* A PDF's page is what a reader can turn to; the line numbers of its
     * extracted text match nothing they see. */
    unsigned a = h->rec.page_start ? h->rec.page_start : h->rec.line_start;
    unsigned b = h->rec.page_start ? h->rec.page_end : h->rec.line_end;
    const char *what = h->rec.page_start ? "s." : "linje";
    if (b > a)
        snprintf(out, CLI_CITE_WHERE_MAX, "%s %u" EN_DASH "%u", what, a, b);
    else
        snprintf(out, CLI_CITE_WHERE_MAX, "%s %u", what, a);
}

static void write_str(FILE *f, cli_escape_fn esc, const char *s)
{
    esc(f, s, strlen(s));
}

int cli_cite_by(FILE *f, const spor_hit *h, cli_escape_fn esc)
{
    int publisher = h->doc->publisher[0] != '\0';
    if (publisher)
        write_str(f, esc, h->doc->publisher);
    if (h->doc->year > 0)
        fprintf(f, "%s%d", publisher ? ", " : "", h->doc->year);
    return publisher || h->doc->year > 0;
}

void cli_cite_place(FILE *f, const spor_hit *h, cli_escape_fn esc)
{
    if (h->rec.section[0]) {
        fputs("afsnit \xc2\xbb", f);
        write_str(f, esc, h->rec.section);
        fputs("\xc2\xab, ", f);
    }
    char where[CLI_CITE_WHERE_MAX];
    cli_cite_where(h, where);
    write_str(f, esc, where);
}

void cli_cite_write(FILE *f, const spor_hit *h, cli_escape_fn esc,
                    const char *title_open, const char *title_close)
{
    fputs(title_open, f);
    write_str(f, esc, h->doc->title);
    fputs(title_close, f);
    if (h->doc->publisher[0] || h->doc->year > 0) {
        fputs(" (", f);
        cli_cite_by(f, h, esc);
        fputc(')', f);
    }
    fputs(", ", f);
    cli_cite_place(f, h, esc);
}

void cli_cite_source(FILE *f, const spor_hit *h, cli_escape_fn esc)
{
    write_str(f, esc, cli_doc_path(h->doc->path));
    fputs(", passage ", f);
    write_str(f, esc, h->id);
}

/* Appends "»w1«, »w2«" for the n words. */
static int add_words(sbuf *out, char *const *words, size_t n)
{
    int r = 0;
    for (size_t i = 0; i < n && !r; i++)
        r = sbuf_printf(out, "%s\xc2\xbb%s\xc2\xab", i ? ", " : "",
                        words[i]) != SPOR_OK;
    return r;
}

/* The notes as lines, each ending in a line end, into out. */
static int note_lines(const char *suggestion, int corrected,
                      const spor_results *res, unsigned missing_shards,
                      sbuf *out)
{
    int r = 0;
    if (missing_shards)
        r |= sbuf_printf(out, "Svaret er ufuldst\xc3\xa6ndigt: %u af "
                         "indeksets dele svarede ikke.\n",
                         missing_shards) != SPOR_OK;
    if (suggestion && corrected)
        r |= sbuf_printf(out, "Ingen resultater for s\xc3\xb8gningen; viser "
                         "resultater for \xc2\xbb%s\xc2\xab.\n",
                         suggestion) != SPOR_OK;
    else if (suggestion)
        r |= sbuf_printf(out, "Mente du: %s\n", suggestion) != SPOR_OK;
    if (res && res->n_missing) {
        r |= sbuf_append_str(out, "Ingen forekomster af ") != SPOR_OK;
        r |= add_words(out, res->missing, res->n_missing);
        r |= sbuf_append_str(out, ".\n") != SPOR_OK;
    }
    for (size_t i = 0; res && i < res->n_by_head && !r; i++)
        r |= sbuf_printf(out, "\xc2\xbb%s\xc2\xab findes ikke; s\xc3\xb8gt "
                         "p\xc3\xa5 leddet \xc2\xbb%s\xc2\xab.\n",
                         res->by_head[i], res->heads[i]) != SPOR_OK;
    if (res && res->n && res->hits[0].apart)
        r |= sbuf_append_str(out, "Ingen passager med frasen; viser "
                             "passager med ordene hver for sig.\n") !=
             SPOR_OK;
    return r ? -1 : 0;
}

int cli_cite_notes(FILE *f, const char *suggestion, int corrected,
                   const spor_results *res, unsigned missing_shards,
                   cli_escape_fn esc, const char *open, const char *close)
{
    sbuf lines = SBUF_INIT;
    int r = note_lines(suggestion, corrected, res, missing_shards, &lines);
    for (const char *p = lines.data; !r && p && *p;) {
        const char *nl = strchr(p, '\n');
        fputs(open, f);
        esc(f, p, (size_t)(nl - p));
        fputs(close, f);
        p = nl + 1;
    }
    sbuf_free(&lines);
    return r;
}
