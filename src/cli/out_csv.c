/* CSV output (see out_csv.h): the fields of the JSON objects as RFC 4180
 * rows. A JSON list is one field: a list of names comma-separated (as in
 * TSV), a list of byte ranges "start-end" space-separated; null is an
 * empty field, booleans are "true" and "false". */
#include "out_csv.h"

#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "paths.h"
#include "spor/text/utf8.h"

/* RFC 4180 ends every record with CRLF, whatever the platform. */
#define CSV_EOL "\r\n"

/* The hit columns, in the order of the JSON object's fields. */
#define CSV_HIT_HEADER                                                     \
    "rank,score,id,doc,path,title,publisher,year,section,places,page,"     \
    "page_end,line_start,line_end,byte_start,byte_end,snippet,"           \
    "snippet_highlights,text,highlights,also_in,suggestion,corrected,"    \
    "apart,missing,continues"
#define CSV_PASSAGE_HEADER                                                 \
    "focus,offset,id,doc,path,section,places,page,page_end,line_start,"    \
    "line_end,text"
#define CSV_STATS_HEADER                                                   \
    "documents,passages,terms,stems,index_bytes,raw_bytes,index_to_raw,"   \
    "root"

void cli_csv_bom(FILE *f)
{
    fputs("\xef\xbb\xbf", f);
}

void cli_csv_field(FILE *f, const char *s, size_t len)
{
    int quote = 0;
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (quote)
        fputc('"', f);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t adv = cli_char_at(s, len, i, &cp);
        if (cp == UTF8_INVALID)
            fputs("\xef\xbf\xbd", f);
        else if (s[i] == '"')
            fputs("\"\"", f);
        else
            fwrite(s + i, 1, adv, f);
        i += adv;
    }
    if (quote)
        fputc('"', f);
}

/* A row being written: the separator goes before every field but the
 * first. */
typedef struct csv_row {
    FILE *f;
    int fields;
} csv_row;

static void sep(csv_row *r)
{
    if (r->fields++)
        fputc(',', r->f);
}

static void put_str(csv_row *r, const char *s, size_t len)
{
    sep(r);
    cli_csv_field(r->f, s, len);
}

static void put_cstr(csv_row *r, const char *s)
{
    put_str(r, s ? s : "", s ? strlen(s) : 0);
}

/* A number or a word that needs no quoting. */
static void put_fmt(csv_row *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void put_fmt(csv_row *r, const char *fmt, ...)
{
    sep(r);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->f, fmt, ap);
    va_end(ap);
}

static void put_bool(csv_row *r, int b)
{
    put_fmt(r, "%s", b ? "true" : "false");
}

/* Appends item to the comma-separated t (nothing for an empty item, as
 * a JSON array has none); -1 when out of memory. */
static int join(sbuf *t, const char *item, size_t n)
{
    if (!n)
        return 0;
    return (t->len && sbuf_append_char(t, ',') != SPOR_OK) ||
                   sbuf_append(t, item, n) != SPOR_OK
               ? -1 : 0;
}

/* The items joined as one field; an empty field when memory runs out
 * (the row keeps its columns). */
static void put_joined(csv_row *r, sbuf *t, int bad)
{
    put_str(r, !bad && t->data ? t->data : "", bad ? 0 : t->len);
    sbuf_free(t);
}

/* The items of a comma-separated list. */
static void put_list(csv_row *r, const char *list)
{
    sbuf t = SBUF_INIT;
    int bad = 0;
    for (const char *p = list ? list : ""; *p;) {
        size_t n = strcspn(p, ",");
        bad |= join(&t, p, n);
        p += n + (p[n] == ',');
    }
    put_joined(r, &t, bad);
}

static void put_words(csv_row *r, char *const *words, size_t n)
{
    sbuf t = SBUF_INIT;
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad |= join(&t, words[i], strlen(words[i]));
    put_joined(r, &t, bad);
}

static void put_ids(csv_row *r, const char (*ids)[SCHEMA_ID_MAX], size_t n)
{
    sbuf t = SBUF_INIT;
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        bad |= join(&t, ids[i], strlen(ids[i]));
    put_joined(r, &t, bad);
}

static void put_ranges(csv_row *r, const snip_range *hl, size_t n)
{
    sep(r);
    for (size_t i = 0; i < n; i++)
        fprintf(r->f, "%s%zu-%zu", i ? " " : "", hl[i].start, hl[i].end);
}

static void put_pages(csv_row *r, const spor_hit *h)
{
    if (h->rec.page_start) {
        put_fmt(r, "%u", h->rec.page_start);
        put_fmt(r, "%u", h->rec.page_end);
    } else {
        put_fmt(r, "%s", "");
        put_fmt(r, "%s", "");
    }
}

static void put_doc(csv_row *r, const spor_hit *h)
{
    put_cstr(r, h->id);
    put_cstr(r, cli_doc_path(h->doc->path));
    put_cstr(r, h->doc->path);
}

/* The hit columns of one row (without its line end). */
static void put_hit(csv_row *r, const spor_hit *h, const char *suggestion,
                    int corrected)
{
    put_fmt(r, "%u", h->rank);
    put_fmt(r, "%.4f", h->score);
    put_doc(r, h);
    put_cstr(r, h->doc->title);
    put_cstr(r, h->doc->publisher);
    if (h->doc->year > 0)
        put_fmt(r, "%d", h->doc->year);
    else
        put_fmt(r, "%s", "");
    put_cstr(r, h->rec.section);
    put_list(r, h->rec.places);
    put_pages(r, h);
    put_fmt(r, "%u", h->rec.line_start);
    put_fmt(r, "%u", h->rec.line_end);
    put_fmt(r, "%llu", (unsigned long long)h->rec.byte_start);
    put_fmt(r, "%llu", (unsigned long long)h->rec.byte_end);
    put_str(r, h->snip.snippet, h->snip.snippet_len);
    put_ranges(r, h->snip.snippet_hl, h->snip.n_snippet_hl);
    put_str(r, h->rec.text, h->rec.text_len);
    put_ranges(r, h->snip.hl, h->snip.n_hl);
    put_ids(r, (const char (*)[SCHEMA_ID_MAX])h->also_in, h->n_also_in);
    put_cstr(r, suggestion);
    put_bool(r, corrected);
    put_bool(r, h->apart);
    put_words(r, h->missing, h->n_missing);
    put_cstr(r, h->continues[0] ? h->continues : NULL);
}

void cli_csv_hits(FILE *f, const spor_results *res)
{
    fputs(CSV_HIT_HEADER CSV_EOL, f);
    for (size_t i = 0; i < res->n; i++) {
        csv_row r = {f, 0};
        put_hit(&r, &res->hits[i], res->suggestion, res->corrected);
        fputs(CSV_EOL, f);
    }
}

void cli_csv_compare(FILE *f, const spor_comparison *cmp)
{
    fputs("place,count," CSV_HIT_HEADER CSV_EOL, f);
    for (size_t i = 0; i < cmp->n; i++) {
        const spor_place_group *g = &cmp->groups[i];
        for (size_t k = 0; k < g->res.n || k == 0; k++) {
            csv_row r = {f, 0};
            put_cstr(&r, g->place);
            put_fmt(&r, "%u", g->count);
            if (k < g->res.n)
                put_hit(&r, &g->res.hits[k], cmp->suggestion,
                        cmp->corrected);
            else
                /* One separator before each empty hit column. */
                for (const char *p = "," CSV_HIT_HEADER; *p; p++)
                    if (*p == ',')
                        fputc(',', f);
            fputs(CSV_EOL, f);
        }
    }
}

void cli_csv_passages(FILE *f, const spor_results *res, unsigned ord)
{
    fputs(CSV_PASSAGE_HEADER CSV_EOL, f);
    for (size_t i = 0; i < res->n; i++) {
        const spor_hit *h = &res->hits[i];
        csv_row r = {f, 0};
        put_bool(&r, h->rec.passage_ord == ord);
        put_fmt(&r, "%d", (int)h->rec.passage_ord - (int)ord);
        put_doc(&r, h);
        put_cstr(&r, h->rec.section);
        put_list(&r, h->rec.places);
        put_pages(&r, h);
        put_fmt(&r, "%u", h->rec.line_start);
        put_fmt(&r, "%u", h->rec.line_end);
        put_str(&r, h->rec.text, h->rec.text_len);
        fputs(CSV_EOL, f);
    }
}

void cli_csv_stats(FILE *f, const spor_index_stats *s, const char *root)
{
    double ratio = s->raw_bytes ? (double)s->index_bytes /
                                      (double)s->raw_bytes
                                : 0.0;
    fputs(CSV_STATS_HEADER CSV_EOL, f);
    fprintf(f, "%u,%u,%lu,%lu,%llu,%llu,%.3f,", s->n_docs, s->n_passages,
            s->n_terms, s->n_stems, (unsigned long long)s->index_bytes,
            (unsigned long long)s->raw_bytes, ratio);
    cli_csv_field(f, root, strlen(root));
    fputs(CSV_EOL, f);
}
