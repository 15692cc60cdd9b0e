/* The batch loop of spor search --batch (see batch.h): one query a line,
 * each answered, closed by a "done" object or replaced by an "error"
 * object, and flushed before the next line is read, so a script that
 * writes a query to a pipe and waits for its answer gets it. */
#include "batch.h"

#include <errno.h>
#include <string.h>

#include "cli.h"
#include "hits.h"
#include "spor/text/buf.h"

/* A longer line is no query (the query layer refuses queries over a few
 * KiB with its own message, which a line up to this long gets); only this
 * much of it is kept, so input without line ends cannot fill memory. */
#define BATCH_LINE_MAX 65536

/* One line of the input. */
typedef struct batch_line {
    sbuf text;   /* the line without its end, at most BATCH_LINE_MAX bytes */
    size_t len;  /* the whole line's length */
    int has_nul; /* a NUL byte, which would cut the query short */
} batch_line;

/* Reads the next line of in into l, without its "\n" or "\r\n". Returns 1
 * for a line, 0 at the end of the input or on a read error (ferror), -1
 * when memory runs out. */
static int read_line(FILE *in, batch_line *l)
{
    sbuf_reset(&l->text);
    l->len = 0;
    l->has_nul = 0;
    int c;
    while ((c = getc(in)) != EOF && c != '\n') {
        l->has_nul |= c == '\0';
        if (l->len++ < BATCH_LINE_MAX &&
            sbuf_append_char(&l->text, (char)c) != SPOR_OK)
            return -1;
    }
    if (c == EOF && (l->len == 0 || ferror(in)))
        return 0;
    int kept = l->len <= BATCH_LINE_MAX;
    if (kept && l->len && l->text.data[l->len - 1] == '\r') {
        l->text.data[--l->text.len] = '\0';
        l->len--;
    }
    return 1;
}

/* Blank lines (nothing but spaces and tabs) separate groups of queries
 * in a file people write; they are no queries, so they are skipped. */
static int is_blank(const batch_line *l)
{
    if (l->len > BATCH_LINE_MAX)
        return 0;
    for (size_t i = 0; i < l->len; i++)
        if (l->text.data[i] != ' ' && l->text.data[i] != '\t')
            return 0;
    return 1;
}

/* The line's text as "query_text": null for a line too long to keep. */
static void print_query_text(const batch_line *l)
{
    fputs(",\"query_text\":", stdout);
    if (l->len > BATCH_LINE_MAX)
        fputs("null", stdout);
    else
        cli_json_string(stdout, l->text.data ? l->text.data : "", l->len);
}

/* Answers one line; its done object, or its error object and an error
 * line on stderr. Returns 0, or -1 when the query failed. */
static int answer_line(const batch_line *l, unsigned long line,
                       const char *cmd, cli_batch_answer_fn answer,
                       void *ctx)
{
    spor_err err;
    spor_err_clear(&err);
    long hits = -1;
    if (l->len > BATCH_LINE_MAX)
        spor_fail(&err, SPOR_EQUERY, "the line is longer than %d bytes",
                  BATCH_LINE_MAX);
    else if (l->has_nul)
        spor_fail(&err, SPOR_EQUERY, "the line has a NUL byte");
    else
        hits = answer(ctx, l->text.data ? l->text.data : "", line, &err);
    cli_print_json_head(hits < 0 ? "error" : "done", line);
    print_query_text(l);
    if (hits >= 0) {
        printf(",\"hits\":%ld}\n", hits);
        return 0;
    }
    fputs(",\"message\":", stdout);
    cli_json_string(stdout, err.msg, strlen(err.msg));
    fputs("}\n", stdout);
    cli_error("%s: line %lu: %s", cmd, line, err.msg);
    return -1;
}

int cli_batch_run(FILE *in, const char *cmd, cli_batch_answer_fn answer,
                  void *ctx)
{
    batch_line l = {SBUF_INIT, 0, 0};
    unsigned long line = 0;
    int failed = 0, got;
    while ((got = read_line(in, &l)) == 1) {
        line++;
        if (is_blank(&l))
            continue;
        failed |= answer_line(&l, line, cmd, answer, ctx) != 0;
        if (fflush(stdout) != 0) {
            cli_error("%s: cannot write the results", cmd);
            failed = 1;
            break;
        }
    }
    if (got < 0) {
        cli_error("%s: out of memory reading line %lu", cmd, line + 1);
        failed = 1;
    } else if (got == 0 && ferror(in)) {
        cli_error("%s: cannot read the queries (line %lu): %s", cmd,
                  line + 1, strerror(errno));
        failed = 1;
    }
    sbuf_free(&l.text);
    return failed ? CLI_EXIT_ERROR : CLI_EXIT_HITS;
}
