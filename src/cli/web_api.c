/* spor web's routes (web.h): the page's files, its three JSON answers
 * (/api/search, /api/compare, /api/passage) and the documents' files
 * (/kilde/ID, web_source.c). The JSON is written here, from the query
 * library's results, as the page draws it (app.js puts every string in
 * with textContent, so no document or query text is ever read as
 * markup); the only HTML made here is the error page, escaped in
 * put_html. */
#define _GNU_SOURCE /* open_memstream's declaration in older glibc */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hits.h"
#include "passages.h"
#include "paths.h"
#include "spor/query/compare.h"
#include "spor/query/search.h"
#include "spor/text/buf.h"
#include "web.h"

/* Hits on one page of the search view. */
#define WEB_PAGE_HITS 10
/* The comparison's table: at most this many topics and places, each
 * topic one search per place. */
#define WEB_MAX_TOPICS 6
#define WEB_MAX_PLACES 6
/* Best passages shown per place under the table. */
#define WEB_COMPARE_HITS 3
/* Passages before and after the one opened, as spor show --context. */
#define WEB_CONTEXT 2

/* A body being written: a memory stream whose bytes become the reply. */
typedef struct web_out {
    FILE *f;
    char *buf;
    size_t len;
} web_out;

static int out_open(web_out *o)
{
    o->buf = NULL;
    o->len = 0;
    o->f = open_memstream(&o->buf, &o->len);
    return o->f ? 0 : -1;
}

/* Closes o into r's body with status and type; a stream that failed
 * becomes a 500. */
static void out_reply(web_out *o, web_reply *r, unsigned status,
                      const char *type)
{
    int bad = ferror(o->f);
    if (fclose(o->f) != 0 || bad) {
        free(o->buf);
        r->status = 500;
        r->type = "text/plain; charset=utf-8";
        r->body = "out of memory";
        r->len = strlen(r->body);
        return;
    }
    r->status = status;
    r->type = type;
    r->body = r->owned = o->buf;
    r->len = o->len;
}

static void put_str(FILE *f, const char *s)
{
    cli_json_string(f, s ? s : "", s ? strlen(s) : 0);
}

/* The one HTML escaper: text as it may stand in an element or a quoted
 * attribute. */
static void put_html(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
}

void web_error(web_reply *out, unsigned status, int json, const char *msg)
{
    web_out o;
    if (out_open(&o)) {
        out->status = 500;
        out->type = "text/plain; charset=utf-8";
        out->body = "out of memory";
        out->len = strlen(out->body);
        return;
    }
    if (json) {
        fputs("{\"error\":", o.f);
        put_str(o.f, msg);
        fputs("}\n", o.f);
        out_reply(&o, out, status, "application/json; charset=utf-8");
        return;
    }
    fputs("<!doctype html>\n<html lang=\"da\"><meta charset=\"utf-8\">"
          "<meta name=\"viewport\" content=\"width=device-width\">"
          "<link rel=\"stylesheet\" href=\"/style.css\">"
          "<title>spor: fejl</title><main><h1>Fejl</h1><p class=\"error\">",
          o.f);
    put_html(o.f, msg);
    fputs("</p><p><a href=\"/\">Til søgningen</a></p></main></html>\n", o.f);
    out_reply(&o, out, status, "text/html; charset=utf-8");
}

/* The argument name, NULL when absent or empty; -1 (with out an error
 * reply) when longer than WEB_MAX_ARG. */
static int get_arg(web_arg_fn arg, void *req, const char *name,
                   const char **val, web_reply *out)
{
    const char *v = arg(req, name);
    *val = v && *v ? v : NULL;
    if (*val && strlen(*val) > WEB_MAX_ARG) {
        web_error(out, 414, 1, "Søgningen er for lang (højst 512 tegn).");
        return -1;
    }
    return 0;
}

/* A comma-separated list as a JSON array. */
static void put_list(FILE *f, const char *list)
{
    fputc('[', f);
    int first = 1;
    for (const char *p = list ? list : ""; *p;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n) {
            fputs(first ? "" : ",", f);
            cli_json_string(f, p, n);
            first = 0;
        }
        p += n + (e != NULL);
    }
    fputc(']', f);
}

/* One run of a snippet, after a comma unless it is the first. */
static void put_run(FILE *f, const char *s, size_t n, int mark, int *first)
{
    if (!n)
        return;
    fputs(*first ? "{" : ",{", f);
    fputs(mark ? "\"m\":1,\"t\":" : "\"t\":", f);
    cli_json_string(f, s, n);
    fputc('}', f);
    *first = 0;
}

/* The snippet as runs of text, each marked when it is a match: the page
 * wraps the marked ones in <mark> without reading any as markup. */
static void put_snippet(FILE *f, const spor_hit *h)
{
    const char *s = h->snip.snippet;
    size_t at = 0;
    int first = 1;
    fputc('[', f);
    for (size_t i = 0; i < h->snip.n_snippet_hl; i++) {
        const snip_range *r = &h->snip.snippet_hl[i];
        put_run(f, s + at, r->start - at, 0, &first);
        put_run(f, s + r->start, r->end - r->start, 1, &first);
        at = r->end;
    }
    put_run(f, s + at, h->snip.snippet_len - at, 0, &first);
    fputc(']', f);
}

/* Where the passage is, as the CLI writes it (":12-14", " p. 3"), and
 * the fields every passage object has. */
static void put_passage_fields(FILE *f, const spor_hit *h)
{
    char where[CLI_WHERE_MAX];
    cli_hit_where(h, where);
    fputs("\"id\":", f);
    put_str(f, h->id);
    fputs(",\"doc_id\":", f);
    put_str(f, h->doc->id);
    fputs(",\"doc\":", f);
    put_str(f, cli_doc_path(h->doc->path));
    fputs(",\"where\":", f);
    put_str(f, where[0] == ':' ? where + 1 : where);
    fputs(",\"title\":", f);
    put_str(f, h->doc->title);
    fputs(",\"section\":", f);
    put_str(f, h->rec.section);
    fputs(",\"places\":", f);
    put_list(f, h->rec.places);
    if (h->doc->year > 0)
        fprintf(f, ",\"year\":%d", h->doc->year);
}

static void put_hit(FILE *f, const spor_hit *h)
{
    fputc('{', f);
    put_passage_fields(f, h);
    fputs(",\"snippet\":", f);
    put_snippet(f, h);
    fprintf(f, ",\"apart\":%s", h->apart ? "true" : "false");
    fputs(",\"continues\":", f);
    if (h->continues[0])
        put_str(f, h->continues);
    else
        fputs("null", f);
    fputc('}', f);
}

static void put_hits(FILE *f, const spor_results *res)
{
    fputc('[', f);
    for (size_t i = 0; i < res->n; i++) {
        fputs(i ? "," : "", f);
        put_hit(f, &res->hits[i]);
    }
    fputc(']', f);
}

static void put_facet_list(FILE *f, const char *kind,
                           const spor_facet_list *l)
{
    fprintf(f, "\"%s\":[", kind);
    for (size_t i = 0; i < l->n; i++) {
        const char *v = l->items[i].value;
        fputs(i ? ",{\"value\":" : "{\"value\":", f);
        put_str(f, strcmp(kind, "doc") ? v : cli_doc_path(v));
        fputs(",\"key\":", f);
        put_str(f, l->items[i].key);
        fprintf(f, ",\"count\":%u}", l->items[i].count);
    }
    fputc(']', f);
}

/* The searches' notes (a place no place answers to) and the spelling
 * outcome, the fields every answer ends with. */
static void put_tail(FILE *f, web_ctx *ctx, const char *suggestion,
                     int corrected)
{
    fputs(",\"suggestion\":", f);
    if (suggestion)
        put_str(f, suggestion);
    else
        fputs("null", f);
    fprintf(f, ",\"corrected\":%s,\"notes\":",
            corrected ? "true" : "false");
    put_str(f, spor_index_notes(ctx->ix));
    spor_index_clear_notes(ctx->ix);
    fputs("}\n", f);
}

/* A failed search's reply: a query that cannot be read is the asker's
 * mistake (400), anything else the server's (500). */
static void search_failed(web_ctx *ctx, const spor_err *err, web_reply *out)
{
    spor_index_clear_notes(ctx->ix);
    int asker = err->status == SPOR_EQUERY || err->status == SPOR_EINVAL;
    /* The library's own words follow, in English, as the CLI prints them. */
    char msg[SPOR_ERR_MSG_MAX + 64];
    snprintf(msg, sizeof msg, "%s: %s",
             asker ? "Søgningen kan ikke bruges" : "Fejl i indekset",
             err->msg);
    web_error(out, asker ? 400 : 500, 1, msg);
}

/* GET /api/search?q=QUERY[&sted=PLACE][&doc=DOC][&aar=YEAR][&side=N]: a
 * page of hits and the facets of all matching passages. */
static void api_search(web_ctx *ctx, web_arg_fn arg, void *req,
                       web_reply *out)
{
    const char *q, *side;
    spor_search_opts so;
    spor_search_opts_default(&so);
    if (get_arg(arg, req, "q", &q, out) ||
        get_arg(arg, req, "sted", &so.places, out) ||
        get_arg(arg, req, "doc", &so.docs, out) ||
        get_arg(arg, req, "aar", &so.years, out) ||
        get_arg(arg, req, "side", &side, out))
        return;
    if (!q) {
        web_error(out, 400, 1, "Skriv noget at søge efter.");
        return;
    }
    long page = side ? cli_parse_count(side) : 1;
    if (page < 1 || page > SPOR_MAX_RANKED / WEB_PAGE_HITS) {
        web_error(out, 400, 1, "Ugyldigt sidetal.");
        return;
    }
    so.limit = WEB_PAGE_HITS;
    so.offset = (unsigned)(page - 1) * WEB_PAGE_HITS;
    so.facets = 1;
    spor_results res = {0};
    spor_err err;
    spor_err_clear(&err);
    web_out o;
    if (spor_search_places(ctx->ix, q, &so, &res, &err) != SPOR_OK) {
        search_failed(ctx, &err, out);
    } else if (out_open(&o)) {
        web_error(out, 500, 1, "out of memory");
    } else {
        fputs("{\"query\":", o.f);
        put_str(o.f, q);
        fprintf(o.f, ",\"total\":%u,\"offset\":%u,\"page_size\":%d,"
                "\"hits\":", res.facets.total, so.offset, WEB_PAGE_HITS);
        put_hits(o.f, &res);
        fputs(",\"facets\":{", o.f);
        put_facet_list(o.f, "place", &res.facets.places);
        fputc(',', o.f);
        put_facet_list(o.f, "doc", &res.facets.docs);
        fputc(',', o.f);
        put_facet_list(o.f, "year", &res.facets.years);
        fputs("},\"missing\":[", o.f);
        for (size_t i = 0; i < res.n_missing; i++) {
            fputs(i ? "," : "", o.f);
            put_str(o.f, res.missing[i]);
        }
        fputc(']', o.f);
        put_tail(o.f, ctx, res.suggestion, res.corrected);
        out_reply(&o, out, 200, "application/json; charset=utf-8");
    }
    spor_results_free(&res);
}

/* The topics of a comparison: q split at ';' (or line ends), blank ones
 * dropped, into topics[] (pointers into buf); their number, or -1 when
 * there are more than WEB_MAX_TOPICS. */
static int split_topics(char *buf, char *topics[WEB_MAX_TOPICS])
{
    int n = 0;
    for (char *p = buf; p;) {
        char *e = p + strcspn(p, ";\n");
        char *next = *e ? e + 1 : NULL;
        *e = '\0';
        while (*p == ' ')
            p++;
        if (*p) {
            if (n == WEB_MAX_TOPICS)
                return -1;
            topics[n++] = p;
        }
        p = next;
    }
    return n;
}

/* The places of the first topic's comparison, comma-separated, for the
 * other topics to be searched in; NULL when out of memory. */
static char *place_list(const spor_comparison *cmp)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < cmp->n; i++)
        if (sbuf_printf(&b, "%s%s", i ? "," : "", cmp->groups[i].place)) {
            sbuf_free(&b);
            return NULL;
        }
    return b.data ? b.data : strdup("");
}

/* One row of the table: the topic and its count in each of cols's
 * places (found by name: c is another search's answer). */
static void put_row(FILE *f, const char *topic, const spor_comparison *cols,
                    const spor_comparison *c)
{
    fputs("{\"query\":", f);
    put_str(f, topic);
    fputs(",\"counts\":[", f);
    for (size_t i = 0; i < cols->n; i++) {
        unsigned count = 0;
        for (size_t k = 0; k < c->n; k++)
            if (!strcmp(c->groups[k].place, cols->groups[i].place))
                count = c->groups[k].count;
        fprintf(f, "%s%u", i ? "," : "", count);
    }
    fputs("]}", f);
}

/* The first topic's comparison: the places (its columns) and their best
 * passages. */
static void put_columns(FILE *f, const spor_comparison *c)
{
    fputs("\"columns\":[", f);
    for (size_t i = 0; i < c->n; i++) {
        fputs(i ? ",{\"place\":" : "{\"place\":", f);
        put_str(f, c->groups[i].place);
        fprintf(f, ",\"count\":%u,\"hits\":", c->groups[i].count);
        put_hits(f, &c->groups[i].res);
        fputc('}', f);
    }
    fputc(']', f);
}

/* The rows of the topics after the first, each searched in the first's
 * places; -1 with err set when a search fails. */
static int put_rows(FILE *f, web_ctx *ctx, char *const *topics, int n,
                    const spor_comparison *first, spor_err *err)
{
    put_row(f, topics[0], first, first);
    char *places = place_list(first);
    if (!places) {
        spor_fail(err, SPOR_ENOMEM, "out of memory");
        return -1;
    }
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = 1; /* only the counts are shown */
    for (int t = 1; t < n; t++) {
        spor_comparison c = {0};
        if (first->n && spor_compare(ctx->ix, topics[t], places,
                                     (unsigned)first->n, &so, &c,
                                     err) != SPOR_OK) {
            spor_comparison_free(&c);
            free(places);
            return -1;
        }
        fputc(',', f);
        put_row(f, topics[t], first, &c);
        spor_comparison_free(&c);
    }
    free(places);
    return 0;
}

/* A place's matching passages summed over a comparison's topics. */
typedef struct web_place_sum {
    char *place;
    unsigned total;
} web_place_sum;

/* Most passages first; ties by name, so the columns do not depend on
 * qsort. */
static int cmp_place_sum(const void *a, const void *b)
{
    const web_place_sum *x = a, *y = b;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(x->place, y->place);
}

/* Adds c's places and their counts to sums (*n of them, names copied);
 * -1 when out of memory. */
static int add_place_sums(web_place_sum *sums, size_t *n,
                          const spor_comparison *c)
{
    for (size_t i = 0; i < c->n; i++) {
        size_t k = 0;
        while (k < *n && strcmp(sums[k].place, c->groups[i].place))
            k++;
        if (k == *n) {
            sums[k].place = strdup(c->groups[i].place);
            if (!sums[k].place)
                return -1;
            sums[k].total = 0;
            (*n)++;
        }
        sums[k].total += c->groups[i].count;
    }
    return 0;
}

/* The columns of a comparison of several topics when no places are
 * given: each topic's SPOR_COMPARE_DEFAULT_PLACES places with the most
 * matching passages, the WEB_MAX_PLACES with the most over all topics,
 * comma-separated in *out (malloc'd; NULL when no topic has a place), so
 * that a city only the second topic is about gets its column too. */
static spor_status choose_places(web_ctx *ctx, char *const *topics, int n,
                                 char **out, spor_err *err)
{
    web_place_sum sums[WEB_MAX_TOPICS * SPOR_COMPARE_DEFAULT_PLACES];
    size_t ns = 0;
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = 1; /* only the counts are used */
    spor_status st = SPOR_OK;
    for (int t = 0; t < n && st == SPOR_OK; t++) {
        spor_comparison c = {0};
        st = spor_compare(ctx->ix, topics[t], NULL,
                          SPOR_COMPARE_DEFAULT_PLACES, &so, &c, err);
        if (st == SPOR_OK && add_place_sums(sums, &ns, &c))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        spor_comparison_free(&c);
    }
    qsort(sums, ns, sizeof *sums, cmp_place_sum);
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < ns; i++) {
        if (st == SPOR_OK && i < WEB_MAX_PLACES &&
            sbuf_printf(&b, "%s%s", i ? "," : "", sums[i].place))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        free(sums[i].place);
    }
    if (st != SPOR_OK)
        sbuf_free(&b);
    *out = st == SPOR_OK ? b.data : NULL;
    return st;
}

/* Checks a comparison's arguments: the topics split into topics[] (their
 * number in *n) and at most WEB_MAX_PLACES places; -1 with an error
 * reply. */
static int compare_args(char *buf, char *topics[WEB_MAX_TOPICS], int *n,
                        const char *places, web_reply *out)
{
    *n = split_topics(buf, topics);
    if (*n == 0) {
        web_error(out, 400, 1, "Skriv et eller flere emner at sammenligne.");
        return -1;
    }
    if (*n < 0) {
        web_error(out, 400, 1, "Højst 6 emner ad gangen.");
        return -1;
    }
    unsigned commas = 0;
    for (const char *p = places ? places : ""; *p; p++)
        commas += *p == ',';
    if (commas >= WEB_MAX_PLACES) {
        web_error(out, 400, 1, "Højst 6 steder ad gangen.");
        return -1;
    }
    return 0;
}

/* GET /api/compare?q=TOPIC[;TOPIC...][&steder=PLACE,...]: the first
 * topic's comparison across places (the places given, else those with
 * the most matching passages: the first topic's, or over all topics,
 * choose_places), and a table of every topic's matching passages in
 * those places. */
static void api_compare(web_ctx *ctx, web_arg_fn arg, void *req,
                        web_reply *out)
{
    const char *q, *places;
    if (get_arg(arg, req, "q", &q, out) ||
        get_arg(arg, req, "steder", &places, out))
        return;
    char *buf = strdup(q ? q : "");
    char *topics[WEB_MAX_TOPICS];
    int n;
    if (!buf) {
        web_error(out, 500, 1, "out of memory");
        return;
    }
    spor_comparison first = {0};
    spor_search_opts so;
    spor_search_opts_default(&so);
    so.limit = WEB_COMPARE_HITS;
    spor_err err;
    spor_err_clear(&err);
    web_out o = {0};
    char *chosen = NULL;
    if (compare_args(buf, topics, &n, places, out)) {
        /* the reply is made */
    } else if (!places && n > 1 &&
               choose_places(ctx, topics, n, &chosen, &err) != SPOR_OK) {
        search_failed(ctx, &err, out);
    } else if (spor_compare(ctx->ix, topics[0], chosen ? chosen : places,
                            SPOR_COMPARE_DEFAULT_PLACES, &so, &first,
                            &err) != SPOR_OK) {
        search_failed(ctx, &err, out);
    } else if (out_open(&o)) {
        web_error(out, 500, 1, "out of memory");
    } else {
        fputs("{\"rows\":[", o.f);
        int bad = put_rows(o.f, ctx, topics, n, &first, &err);
        fputs("],", o.f);
        put_columns(o.f, &first);
        put_tail(o.f, ctx, first.suggestion, first.corrected);
        if (bad) {
            fclose(o.f);
            free(o.buf);
            search_failed(ctx, &err, out);
        } else {
            out_reply(&o, out, 200, "application/json; charset=utf-8");
        }
    }
    spor_comparison_free(&first);
    free(chosen);
    free(buf);
}

static void put_passages(FILE *f, const spor_results *res, unsigned ord)
{
    fputs(",\"passages\":[", f);
    for (size_t i = 0; i < res->n; i++) {
        const spor_hit *h = &res->hits[i];
        fputs(i ? ",{" : "{", f);
        put_passage_fields(f, h);
        fprintf(f, ",\"focus\":%s,\"text\":",
                h->rec.passage_ord == ord ? "true" : "false");
        cli_json_string(f, h->rec.text, h->rec.text_len);
        fputc('}', f);
    }
    fputc(']', f);
}

/* GET /api/passage?id=PASSAGE-ID: the passage with WEB_CONTEXT passages
 * before and after it, and where its document's file is served. */
static void api_passage(web_ctx *ctx, web_arg_fn arg, void *req,
                        web_reply *out)
{
    const char *id;
    char doc_id[SCHEMA_ID_MAX];
    unsigned ord;
    if (get_arg(arg, req, "id", &id, out))
        return;
    if (!id || cli_parse_passage_id(id, doc_id, &ord)) {
        web_error(out, 400, 1, "Det er ikke et passage-id (som 981ff2d2.57).");
        return;
    }
    spor_err err;
    const schema_docinfo *d = cli_passage_doc(ctx->ix, doc_id, ord, &err);
    if (!d) {
        if (err.status != SPOR_OK)
            web_error(out, 500, 1, err.msg);
        else
            web_error(out, 404, 1, "Ingen passage med det id i indekset.");
        return;
    }
    unsigned first = ord > WEB_CONTEXT ? ord - WEB_CONTEXT : 0;
    unsigned last = ord + WEB_CONTEXT < d->n_passages ? ord + WEB_CONTEXT
                                                      : d->n_passages - 1;
    spor_results res = {0};
    web_out o;
    if (cli_fetch_passages(ctx->ix, d->id, first, last, &res, &err) !=
        SPOR_OK) {
        search_failed(ctx, &err, out);
    } else if (out_open(&o)) {
        web_error(out, 500, 1, "out of memory");
    } else {
        fputs("{\"id\":", o.f);
        put_str(o.f, id);
        fputs(",\"source\":", o.f);
        if (spor_index_is_remote(ctx->ix))
            fputs("null", o.f);
        else
            fprintf(o.f, "\"/kilde/%s\"", d->id);
        put_passages(o.f, &res, ord);
        put_tail(o.f, ctx, NULL, 0);
        out_reply(&o, out, 200, "application/json; charset=utf-8");
    }
    spor_results_free(&res);
}

void web_route(web_ctx *ctx, const char *path, web_arg_fn arg, void *req,
               web_reply *out)
{
    if (!strcmp(path, "/api/search"))
        api_search(ctx, arg, req, out);
    else if (!strcmp(path, "/api/compare"))
        api_compare(ctx, arg, req, out);
    else if (!strcmp(path, "/api/passage"))
        api_passage(ctx, arg, req, out);
    else if (!strncmp(path, "/kilde/", 7))
        web_source(ctx, path + 7, out);
    else if (web_asset(path, out))
        web_error(out, 404, !strncmp(path, "/api/", 5),
                  "Siden findes ikke.");
}
