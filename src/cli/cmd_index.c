/* `spor index`: build or update the index from files and folders, print
 * one summary line. Warnings about single files go to stderr as they
 * happen; on a terminal a progress line is drawn on stderr while the run
 * goes.
 *
 * For tests only, two environment variables stop a run at a chosen stage
 * (see idx_stage_fn): SPOR_DEBUG_STOP_AT=STAGE stops the process (SIGSTOP)
 * the first time it reaches STAGE, so a test can act while it waits, and
 * SPOR_DEBUG_KILL_AT=N kills it (SIGKILL) at the N-th stage it passes, so a
 * test can check that a run killed at any moment loses nothing. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "progress.h"
#include "spor/store/indexer.h"
#include "spor/doc/manifest.h"
#include "spor/doc/places.h"
#include "spor/store/shards.h"

enum { OPT_PROGRESS = CLI_OPT_FIRST_OWN, OPT_HIDDEN, OPT_SHARDS, OPT_REBUILD };

static const cli_option index_options[] = {
    CLI_OPTION_INDEX,
    {"quiet", 'q', CLI_OPT_QUIET, CLI_VALUE_NONE, NULL, NULL, NULL,
     "print nothing but errors (no progress, summary or warnings)"},
    {"verbose", 'v', CLI_OPT_VERBOSE, CLI_VALUE_NONE, NULL, NULL, NULL,
     "also name each file as it is done, and the data files used"},
    {"progress", 0, OPT_PROGRESS, CLI_VALUE_CHOICE, "WHEN",
     CLI_CHOICES_WHEN, NULL,
     "progress line on stderr: auto (when it is a terminal), always, never"},
    {"hidden", 0, OPT_HIDDEN, CLI_VALUE_NONE, NULL, NULL, NULL,
     "also walk hidden files and folders (names starting with a dot)"},
    {"shards", 0, OPT_SHARDS, CLI_VALUE_COUNT, "N", NULL, NULL,
     "split the index by document into N shard databases, written in "
     "parallel (docs/scaling.md)"},
    {"rebuild", 0, OPT_REBUILD, CLI_VALUE_NONE, NULL, NULL, NULL,
     "build the index anew instead of updating it (a damaged index)"},
    CLI_OPTION_HELP,
    CLI_OPTION_END};

static int cmd_index(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_index_def = {
    "index", "[PATH ...]", "index documents (default: the bundled corpus)",
    "Indexes text, Markdown, HTML and PDF files (folders are walked; hidden\n"
    "ones only with --hidden) into a new index generation and switches to\n"
    "it when complete; a failed run leaves the previous index in place.\n"
    "An existing index is updated: only added and changed files are read,\n"
    "and the passages of removed files are dropped (--rebuild: anew).\n"
    "A MANIFEST.tsv beside the documents gives titles, years and places.\n"
    "The default PATH is the bundled corpus.\n"
    "On a terminal a progress line is drawn on stderr.\n"
    "With --shards N the index is split into N shards (DIR/current/shard-K),\n"
    "which can be served with 'spor serve' and searched together.",
    index_options, cmd_index, 0};

/* What the callbacks from the indexer need. */
typedef struct index_ui {
    int quiet, verbose, progress_on;
    cli_progress progress;
} index_ui;

static void on_warning(void *ctx, const char *msg)
{
    index_ui *ui = ctx;
    if (ui->quiet)
        return;
    if (ui->progress_on)
        cli_progress_clear(&ui->progress);
    cli_warning("%s", msg);
}

static void on_progress(void *ctx, const idx_progress *pg)
{
    index_ui *ui = ctx;
    if (ui->verbose) {
        if (ui->progress_on)
            cli_progress_clear(&ui->progress);
        fprintf(stderr, "spor: %u/%u %s (%.1f kB)\n", pg->files_done,
                pg->files_total, pg->path, (double)pg->bytes / 1e3);
    }
    if (ui->progress_on)
        cli_progress_update(&ui->progress, pg);
}

typedef struct debug_hook {
    const char *stop_at;
    long kill_at;
    long passed;
} debug_hook;

static void on_stage(void *ctx, const char *stage)
{
    debug_hook *h = ctx;
    h->passed++;
    if (h->kill_at > 0 && h->passed >= h->kill_at)
        raise(SIGKILL);
    if (h->stop_at && !strcmp(h->stop_at, stage)) {
        h->stop_at = NULL;
        fflush(stdout);
        fflush(stderr);
        raise(SIGSTOP);
    }
}

static int cmd_index(const cli_command *cmd, int argc, char **argv)
{
    const char *index_opt = NULL, *progress_opt = "auto";
    index_ui ui = {0};
    int hidden = 0, rebuild = 0;
    cli_args a;
    if (cli_args_init(&a, cmd, argc, argv))
        return CLI_EXIT_ERROR;
    int id = 1;
    unsigned shards = 0;
    while (id > 0 && (id = cli_args_next(&a)) > 0) {
        switch (id) {
        case CLI_OPT_INDEX: index_opt = a.value; break;
        case OPT_SHARDS:
            if (a.count < 1 || a.count > SHD_MAX) {
                cli_error("index: --shards needs a whole number from 1 to "
                          "%d, not '%s'", SHD_MAX, a.value);
                id = CLI_ARGS_ERROR;
            }
            shards = (unsigned)a.count;
            break;
        case CLI_OPT_QUIET: ui.quiet = 1; ui.verbose = 0; break;
        case CLI_OPT_VERBOSE: ui.verbose = 1; ui.quiet = 0; break;
        case OPT_PROGRESS: progress_opt = a.value; break;
        case OPT_HIDDEN: hidden = 1; break;
        case OPT_REBUILD: rebuild = 1; break;
        }
    }
    if (id < 0) {
        cli_args_free(&a);
        return id == CLI_ARGS_HELP ? 0 : CLI_EXIT_ERROR;
    }
    ui.progress_on = !ui.quiet && (!strcmp(progress_opt, "always") ||
                                   (!strcmp(progress_opt, "auto") &&
                                    isatty(STDERR_FILENO)));
    const char *dir = cli_index_dir(index_opt);
    char *stop = cli_data_path("stopwords/danish.txt");
    if (!stop) {
        cli_error("index: cannot find the stop list stopwords/danish.txt "
                  "(set SPOR_DATA_DIR)");
        cli_args_free(&a);
        return CLI_EXIT_ERROR;
    }
    /* The bundled corpus: ./corpus when run from the project, so paths in
     * results stay short, else the one beside the data files. */
    struct stat sb;
    char *def = stat("corpus/" MANIFEST_FILE_NAME, &sb) == 0
                    ? strdup("corpus") : cli_data_path("corpus");
    const char *const *paths = (const char *const *)a.pos;
    size_t n_paths = a.n_pos;
    if (n_paths == 0) {
        if (!def) {
            cli_error("index: no PATH given and no bundled corpus found");
            free(stop);
            cli_args_free(&a);
            return CLI_EXIT_ERROR;
        }
        paths = (const char *const *)&def;
        n_paths = 1;
    }
    /* Without the gazetteer passages carry only their manifest places. */
    char *gaz = cli_data_path(PL_GAZETTEER_FILE);
    if (!gaz && !ui.quiet)
        cli_warning("index: cannot find %s (set SPOR_DATA_DIR); passages "
                    "are tagged with their documents' places only",
                    PL_GAZETTEER_FILE);
    char *syn = cli_data_path("data/synonyms.tsv");
    if (ui.verbose) {
        fprintf(stderr, "spor: index %s\nspor: stop list %s\n", dir, stop);
        if (gaz)
            fprintf(stderr, "spor: gazetteer %s\n", gaz);
        if (syn)
            fprintf(stderr, "spor: synonyms %s\n", syn);
        for (size_t i = 0; i < n_paths; i++)
            fprintf(stderr, "spor: input %s\n", paths[i]);
    }
    idx_opts o = {.stopwords_path = stop, .synonyms_path = syn,
                  .gazetteer_path = gaz,
                  .warn = on_warning, .warn_ctx = &ui,
                  .progress = on_progress, .progress_ctx = &ui,
                  .include_hidden = hidden,
                  .shards = shards, .rebuild = rebuild};
    const char *stop_at = getenv("SPOR_DEBUG_STOP_AT");
    const char *kill_at = getenv("SPOR_DEBUG_KILL_AT");
    debug_hook hook = {stop_at && *stop_at ? stop_at : NULL,
                       kill_at ? atol(kill_at) : 0, 0};
    if (hook.stop_at || hook.kill_at > 0) {
        o.stage = on_stage;
        o.stage_ctx = &hook;
    }
    idx_summary s;
    spor_err err;
    spor_err_clear(&err);
    if (ui.progress_on)
        cli_progress_start(&ui.progress, stderr);
    spor_status st = idx_build(dir, paths, n_paths, &o, &s, &err);
    if (ui.progress_on)
        cli_progress_clear(&ui.progress);
    free(stop);
    free(gaz);
    free(def);
    free(syn);
    cli_args_free(&a);
    if (st != SPOR_OK) {
        cli_error("index: %s", err.msg);
        return CLI_EXIT_ERROR;
    }
    if (ui.quiet)
        return 0;
    printf("indexed %u document%s, %u passages, %.1f MB in %.2f s into %s: "
           "%u added, %u changed, %u removed, %u unchanged",
           s.n_docs, s.n_docs == 1 ? "" : "s", s.n_passages,
           (double)s.raw_bytes / 1e6, s.seconds, dir, s.n_added,
           s.n_changed, s.n_removed, s.n_unchanged);
    if (s.n_resplit)
        printf(" (%u unchanged re-analysed: a word in them now splits "
               "differently)", s.n_resplit);
    if (shards > 1)
        printf(" (%u shards)", shards);
    if (s.n_skipped)
        printf(" (%u skipped)", s.n_skipped);
    if (s.n_ignored)
        printf(" (%u other file%s not documents)", s.n_ignored,
               s.n_ignored == 1 ? "" : "s");
    putchar('\n');
    return 0;
}
