/* `spor open ID`: the document a passage comes from, opened where the
 * passage is: a PDF in a viewer at its page, any other document (text,
 * Markdown, HTML, whose stored lines are the source file's) in the user's
 * editor at its first line. The command runs from an argv, without a
 * shell (launch.h), so no file name is read as shell syntax; --print
 * writes it shell-quoted instead of running it. A PDF viewer is the
 * pdf-viewer setting, else the first of pdf_viewers on PATH, else
 * xdg-open (which takes no page); an editor is the editor setting, else
 * $VISUAL, else $EDITOR (given +LINE), else xdg-open (which takes no
 * line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "launch.h"
#include "passages.h"
#include "session.h"
#include "spor/text/buf.h"

/* What a command template's words may hold, replaced by the file's path,
 * the passage's first page (PDF) or its first line (other documents). */
#define OPEN_FILE "{file}"
#define OPEN_PAGE "{page}"
#define OPEN_LINE "{line}"
/* Opens a document without knowing where in it: the desktop's choice. */
#define OPEN_DESKTOP "xdg-open"
/* Room for "+", a line or page number, and a NUL. */
#define OPEN_NUMBER_MAX 24
/* Room for a built-in viewer's program name, and for all of them. */
#define OPEN_PROGRAM_MAX 32
#define OPEN_NAMES_MAX 256

/* PDF viewers that open at a page, in the order they are looked for on
 * PATH: GNOME's and KDE's own, zathura, the MATE and Cinnamon forks of
 * GNOME's, then MuPDF. The list in --help and the man page follows it. */
static const char *const pdf_viewers[] = {
    "evince -i " OPEN_PAGE " " OPEN_FILE,
    "okular --page " OPEN_PAGE " " OPEN_FILE,
    "zathura -P " OPEN_PAGE " " OPEN_FILE,
    "atril -i " OPEN_PAGE " " OPEN_FILE,
    "xreader -i " OPEN_PAGE " " OPEN_FILE,
    "mupdf " OPEN_FILE " " OPEN_PAGE,
    NULL};

/* Where open's options put their values (static: see opts.h). */
static struct {
    cli_session s;
    int print;
    const char *pdf_viewer;
    const char *editor;
} opn;

static const cli_option open_options[] = {
    CLI_OPTS_INDEXES(&opn.s),
    CLI_OPT_BOOL(0, "print", &opn.print, "print the command that opens it "
                 "(shell-quoted) instead of running it"),
    CLI_OPT_STRING(0, "pdf-viewer", &opn.pdf_viewer, CLI_HINT_TEXT,
                   "COMMAND", "open PDFs with COMMAND, in which {page} and "
                   "{file} stand for the page and the file (default: the "
                   "first of evince, okular, zathura, atril, xreader, "
                   "mupdf on PATH, else xdg-open)"),
    CLI_OPT_STRING(0, "editor", &opn.editor, CLI_HINT_TEXT, "COMMAND",
                   "open other documents with COMMAND, in which {line} and "
                   "{file} stand for the line and the file (default: "
                   "$VISUAL, else $EDITOR, given +LINE and the file, else "
                   "xdg-open)"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_open(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_open_def = {
    "open", "PASSAGE-ID", "open the document at a passage",
    "Opens the document of the passage PASSAGE-ID (an id as 'spor search'\n"
    "prints it, like 981ff2d2.57) where the passage is: a PDF in a viewer\n"
    "at its page, any other document in your editor at its first line.\n"
    "A viewer starts in the background; spor waits for an editor.\n"
    "Exit status: 0 opened (or printed), 2 error (no such passage, the\n"
    "file gone since it was indexed, nothing to open it with).",
    open_options, cmd_open, 0};

/* How the document will be opened, and who said so (for errors). */
typedef struct open_plan {
    cli_argv argv;
    cli_run_mode mode;
    const char *from; /* "$EDITOR", "the pdf-viewer setting", ... */
} open_plan;

/* Appends word to a with each placeholder keys[k] replaced by
 * values[k]; keys[0] is the file's, and *has_file tells that it was
 * there. 0, or -1 out of memory. */
static int expand_word(const char *word, const char *const keys[],
                       const char *const values[], size_t n_keys,
                       cli_argv *a, int *has_file)
{
    sbuf w = SBUF_INIT;
    int bad = 0;
    for (const char *p = word; *p && !bad;) {
        size_t k = 0;
        while (k < n_keys && strncmp(p, keys[k], strlen(keys[k])))
            k++;
        if (k < n_keys) {
            bad = sbuf_append_str(&w, values[k]) != SPOR_OK;
            *has_file |= k == 0;
            p += strlen(keys[k]);
        } else {
            bad = sbuf_append_char(&w, *p++) != SPOR_OK;
        }
    }
    bad = bad || cli_argv_push_n(a, w.data ? w.data : "", w.len);
    sbuf_free(&w);
    return bad ? -1 : 0;
}

/* The command template tmpl (a setting's value or a built-in viewer) as
 * words, {file} and key (OPEN_PAGE or OPEN_LINE) replaced; the file is
 * added last when tmpl does not place it. -1 after an error line. */
static int expand_template(const char *tmpl, const char *file,
                           const char *key, const char *value,
                           open_plan *plan)
{
    char why[128] = "out of memory";
    cli_argv words = {0};
    const char *const keys[] = {OPEN_FILE, key};
    const char *const values[] = {file, value};
    int has_file = 0, bad = cli_split_command(tmpl, &words, why, sizeof why);
    if (!bad && words.n == 0) {
        snprintf(why, sizeof why, "no command");
        bad = -1;
    }
    for (size_t i = 0; i < words.n && !bad; i++)
        bad = expand_word(words.v[i], keys, values, 2, &plan->argv,
                          &has_file);
    if (!bad && !has_file)
        bad = cli_argv_push(&plan->argv, file);
    if (bad)
        cli_error("open: %s '%s': %s", plan->from, tmpl, why);
    cli_argv_free(&words);
    return bad ? -1 : 0;
}

/* The program of built-in viewer i: its template's first word. */
static void viewer_program(size_t i, char program[OPEN_PROGRAM_MAX])
{
    snprintf(program, OPEN_PROGRAM_MAX, "%.*s",
             (int)strcspn(pdf_viewers[i], " "), pdf_viewers[i]);
}

/* The first built-in viewer whose program is on PATH, or NULL. */
static const char *pdf_viewer_on_path(void)
{
    sbuf path = SBUF_INIT;
    const char *found = NULL;
    for (size_t i = 0; pdf_viewers[i] && !found; i++) {
        char program[OPEN_PROGRAM_MAX];
        viewer_program(i, program);
        if (cli_find_program(program, &path) == 0)
            found = pdf_viewers[i];
    }
    sbuf_free(&path);
    return found;
}

/* "evince, okular, ..., mupdf", for messages. */
static void viewer_names(char *out, size_t cap)
{
    size_t at = 0;
    out[0] = '\0';
    for (size_t i = 0; pdf_viewers[i] && at < cap; i++) {
        char program[OPEN_PROGRAM_MAX];
        viewer_program(i, program);
        int n = snprintf(out + at, cap - at, "%s%s", i ? ", " : "",
                         program);
        at += n > 0 ? (size_t)n : 0;
    }
}

static int on_path(const char *program)
{
    sbuf path = SBUF_INIT;
    int found = cli_find_program(program, &path) == 0;
    sbuf_free(&path);
    return found;
}

/* A PDF, in a viewer at page: -1 after an error line. */
static int plan_pdf(const char *file, unsigned page, open_plan *plan)
{
    char value[OPEN_NUMBER_MAX], names[OPEN_NAMES_MAX];
    snprintf(value, sizeof value, "%u", page);
    viewer_names(names, sizeof names);
    const char *tmpl = opn.pdf_viewer;
    plan->mode = CLI_RUN_DETACH;
    plan->from = "the pdf-viewer setting";
    if (!tmpl) {
        tmpl = pdf_viewer_on_path();
        plan->from = "the PDF viewer";
    }
    if (!tmpl && on_path(OPEN_DESKTOP)) {
        cli_warning("open: no PDF viewer that opens at a page (%s) on "
                    "PATH; " OPEN_DESKTOP " opens the file at its start, "
                    "the passage is on page %u", names, page);
        tmpl = OPEN_DESKTOP " " OPEN_FILE;
    }
    if (!tmpl) {
        cli_error("open: no PDF viewer on PATH (%s or " OPEN_DESKTOP "); "
                  "name one with --pdf-viewer or pdf-viewer in the config "
                  "file", names);
        return -1;
    }
    return expand_template(tmpl, file, OPEN_PAGE, value, plan);
}

/* $VISUAL, else $EDITOR, when set and not empty; *name says which. */
static const char *editor_from_env(const char **name)
{
    static const char *const vars[] = {"VISUAL", "EDITOR"};
    static const char *const names[] = {"$VISUAL", "$EDITOR"};
    for (size_t i = 0; i < 2; i++) {
        const char *v = getenv(vars[i]);
        if (v && v[strspn(v, " \t")]) {
            *name = names[i];
            return v;
        }
    }
    return NULL;
}

/* Any other document, in an editor at line: -1 after an error line. */
static int plan_text(const char *file, unsigned line, open_plan *plan)
{
    char value[OPEN_NUMBER_MAX], plus[OPEN_NUMBER_MAX];
    snprintf(value, sizeof value, "%u", line);
    snprintf(plus, sizeof plus, "+%u", line);
    plan->mode = CLI_RUN_WAIT;
    plan->from = "the editor setting";
    if (opn.editor)
        return expand_template(opn.editor, file, OPEN_LINE, value, plan);
    const char *env = editor_from_env(&plan->from);
    if (env) {
        /* $EDITOR is a command line ("emacsclient -t"), and +LINE is
         * what vi, Emacs, nano, micro and kakoune take alike. */
        sbuf tmpl = SBUF_INIT;
        int rc = -1;
        if (sbuf_printf(&tmpl, "%s %s", env, plus) != SPOR_OK)
            cli_error("open: out of memory");
        else
            rc = expand_template(tmpl.data, file, OPEN_LINE, value, plan);
        sbuf_free(&tmpl);
        return rc;
    }
    if (on_path(OPEN_DESKTOP)) {
        plan->mode = CLI_RUN_DETACH;
        plan->from = OPEN_DESKTOP;
        return expand_template(OPEN_DESKTOP, file, OPEN_LINE, value, plan);
    }
    cli_error("open: no editor: set $VISUAL or $EDITOR, or editor in the "
              "config file (" OPEN_DESKTOP " is not on PATH either)");
    return -1;
}

/* The passage pid (document doc_id, passage ord) into res; -1 after an
 * error line. */
static int find_passage(cli_session *s, const char *pid, const char *doc_id,
                        unsigned ord, spor_results *res)
{
    spor_err err;
    const schema_docinfo *d = cli_passage_doc(s->ix, doc_id, ord, &err);
    if (d && cli_fetch_passages(s->ix, doc_id, ord, ord, res, &err) !=
                 SPOR_OK)
        d = NULL;
    if (!d && err.status != SPOR_OK)
        cli_error("open: %s", err.msg);
    else if (!d || res->n != 1)
        cli_error("open: no passage '%s' in the index %s", pid,
                  cli_session_index_name(s));
    return d && res->n == 1 ? 0 : -1;
}

/* 0 when the document's file is there to open (warning when it changed
 * since it was indexed: the passage may have moved in it), else -1 after
 * an error line. Files of a shard searched over the network are on the
 * machine that serves it. */
static int check_file(const cli_session *s, const spor_hit *h)
{
    spor_err err;
    sbuf tmp = SBUF_INIT;
    const char *path = cli_text_safe(h->doc->path, &tmp);
    int rc = -1;
    if (spor_index_is_remote(s->ix)) {
        cli_error("open: the index %s has shards searched over the network, "
                  "whose files are on the machines that serve them ('spor "
                  "show' prints the passage)", cli_session_index_name(s));
        sbuf_free(&tmp);
        return -1;
    }
    switch (cli_doc_check(h->doc, NULL, NULL, &err)) {
    case CLI_DOC_SAME:
        rc = 0;
        break;
    case CLI_DOC_CHANGED:
        cli_warning("open: %s: changed since it was indexed, the passage "
                    "may have moved (index it again)", path);
        rc = 0;
        break;
    case CLI_DOC_GONE:
        cli_error("open: %s: no such file (moved or deleted since it was "
                  "indexed)", path);
        break;
    case CLI_DOC_UNREADABLE:
        cli_error("open: %s", cli_text_safe(err.msg, &tmp));
        break;
    }
    sbuf_free(&tmp);
    return rc;
}

/* Prints or runs the plan; returns the exit status. */
static int carry_out(const open_plan *plan)
{
    char why[SPOR_ERR_MSG_MAX];
    if (opn.print) {
        cli_print_argv(stdout, &plan->argv);
        if (fflush(stdout) == 0)
            return CLI_EXIT_HITS;
        cli_error("open: cannot write the command");
        return CLI_EXIT_ERROR;
    }
    if (cli_run(&plan->argv, plan->mode, why, sizeof why) == 0)
        return CLI_EXIT_HITS;
    sbuf tmp = SBUF_INIT;
    cli_error("open: %s: %s", plan->from, cli_text_safe(why, &tmp));
    sbuf_free(&tmp);
    return CLI_EXIT_ERROR;
}

static int cmd_open(const cli_command *cmd, int argc, char **argv)
{
    cli_session *s = &opn.s;
    cli_parsed parsed = cli_session_start(s, cmd, argc, argv);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    spor_results res = {0};
    open_plan plan = {0};
    int rc = CLI_EXIT_ERROR, planned = -1;
    char doc_id[SCHEMA_ID_MAX];
    unsigned ord;
    const char *pid = s->rest.n ? s->rest.pos[0] : NULL;
    if (cli_passage_arg(s, "open", doc_id, &ord) == 0 &&
        cli_session_open(s, "open") == 0 &&
        find_passage(s, pid, doc_id, ord, &res) == 0 &&
        check_file(s, &res.hits[0]) == 0) {
        const spor_hit *h = &res.hits[0];
        planned = h->rec.page_start
                      ? plan_pdf(h->doc->path, h->rec.page_start, &plan)
                      : plan_text(h->doc->path, h->rec.line_start, &plan);
    }
    if (planned == 0)
        rc = carry_out(&plan);
    cli_argv_free(&plan.argv);
    spor_results_free(&res);
    cli_session_end(s);
    return rc;
}
