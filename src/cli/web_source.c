/* GET /kilde/ID for spor web (web.h): the file of an indexed document,
 * found by its id in the index's document table, never by a path from
 * the request, so nothing outside the indexed documents is served. The
 * file is read now and served only while it is the one indexed (its size
 * and content hash as the index recorded them). Text is served as plain
 * text in a sandbox (an indexed HTML file shows its source and runs
 * nothing); a PDF is offered as a download. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passages.h"
#include "web.h"

/* What a served file may do: nothing (no script, no loads, no forms). */
#define WEB_SOURCE_CSP "sandbox; default-src 'none'"

static int is_pdf(const char *path)
{
    size_t n = strlen(path);
    return n >= 4 && !strcmp(path + n - 4, ".pdf");
}

/* Content-Disposition for a download named like the file (its base
 * name, with anything but plain characters as '_'). */
static void set_download(web_reply *out, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char name[100];
    size_t n = 0;
    for (; base[n] && n + 1 < sizeof name; n++) {
        char c = base[n];
        int plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '-';
        name[n] = plain ? c : '_';
    }
    name[n] = '\0';
    snprintf(out->disposition, sizeof out->disposition,
             "attachment; filename=\"%s\"", name);
}

void web_source(web_ctx *ctx, const char *doc_id, web_reply *out)
{
    spor_err err;
    /* Every indexed document has a passage 0. */
    const schema_docinfo *d = cli_passage_doc(ctx->ix, doc_id, 0, &err);
    if (!d) {
        if (err.status != SPOR_OK)
            web_error(out, 500, 0, err.msg);
        else
            web_error(out, 404, 0, "Intet dokument med det id i indekset.");
        return;
    }
    if (spor_index_is_remote(ctx->ix)) {
        web_error(out, 404, 0, "Indekset søges over netværket; dets filer "
                               "ligger på de maskiner, der serverer det.");
        return;
    }
    char *bytes = NULL;
    size_t len = 0;
    switch (cli_doc_check(d, &bytes, &len, &err)) {
    case CLI_DOC_SAME:
        break;
    case CLI_DOC_CHANGED:
        web_error(out, 409, 0, "Filen er ændret, siden den blev indekseret; "
                               "indekser den igen.");
        return;
    default:
        web_error(out, 404, 0, "Filen kan ikke læses (flyttet eller slettet "
                               "siden den blev indekseret).");
        return;
    }
    out->status = 200;
    out->body = out->owned = bytes;
    out->len = len;
    out->csp = WEB_SOURCE_CSP;
    if (is_pdf(d->path)) {
        out->type = "application/pdf";
        set_download(out, d->path);
    } else {
        out->type = "text/plain; charset=utf-8";
    }
}
