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
#include "optconfig.h"
#include "paths.h"
#include "progress.h"
#include "spor/store/apart.h"
#include "spor/store/indexer.h"
#include "spor/doc/manifest.h"
#include "spor/doc/places.h"
#include "spor/store/shards.h"

/* Where index's options put their values (static: see opts.h). */
static struct {
    const char *index;
    int verbosity; /* -1 quiet, 1 verbose: the last of the two wins */
    int progress;  /* a cli_when */
    int hidden, follow, rebuild;
    unsigned shards;
    const char *shard, *count, *merge, *tables; /* shards built apart */
    unsigned shard_k;  /* --shard K/N, parsed */
} opt = {.progress = CLI_WHEN_AUTO};

static const cli_option index_options[] = {
    CLI_OPT_INDEX(&opt.index),
    CLI_OPT_SET_INT('q', "quiet", &opt.verbosity, -1, "print nothing but "
                    "errors (no progress, summary or warnings)"),
    CLI_OPT_SET_INT('v', "verbose", &opt.verbosity, 1, "also name each file "
                    "as it is done, and the data files used"),
    CLI_OPT_CHOICE(0, "progress", &opt.progress, "WHEN", CLI_CHOICES_WHEN,
                   "progress line on stderr: auto (when it is a terminal), "
                   "always, never"),
    CLI_OPT_BOOL(0, "hidden", &opt.hidden, "also walk hidden files and "
                 "folders (names starting with a dot)"),
    CLI_OPT_BOOL('L', "follow", &opt.follow, "also follow symlinks that "
                 "lead out of the paths given (skipped with a warning "
                 "otherwise)"),
    CLI_OPT_RANGE(0, "shards", &opt.shards, "N", 1, SHD_MAX,
                  "split the index by document into N shard databases, "
                  "written in parallel (docs/scaling.md)"),
    CLI_OPT_STRING(0, "shard", &opt.shard, CLI_HINT_TEXT, "K/N", "with "
                   "--count or --tables: only shard K of N, built apart "
                   "(docs/scaling.md)"),
    CLI_OPT_STRING(0, "count", &opt.count, CLI_HINT_FILE, "FILE", "step 1 "
                   "of a shard built apart: count its documents into the "
                   "partial tables FILE"),
    CLI_OPT_STRING(0, "merge", &opt.merge, CLI_HINT_FILE, "FILE", "step 2: "
                   "merge the partial tables files given as PATHs into "
                   "FILE"),
    CLI_OPT_STRING(0, "tables", &opt.tables, CLI_HINT_FILE, "FILE", "step 3: "
                   "write the shard into the index with the merged tables "
                   "FILE"),
    CLI_OPT_BOOL(0, "rebuild", &opt.rebuild, "build the index anew instead "
                 "of updating it (a damaged index)"),
    CLI_OPT_HELP(),
    CLI_OPT_END};

static int cmd_index(const cli_command *cmd, int argc, char **argv);

const cli_command cmd_index_def = {
    "index", "[PATH ...]", "index documents (default: the bundled corpus)",
    "Indexes text, Markdown, HTML and PDF files (folders are walked; hidden\n"
    "ones only with --hidden; symlinks out of the paths given only with\n"
    "--follow) into a new index generation and switches to\n"
    "it when complete; a failed run leaves the previous index in place.\n"
    "An existing index is updated: only added and changed files are read,\n"
    "and the passages of removed files are dropped (--rebuild: anew).\n"
    "A MANIFEST.tsv beside the documents gives titles, years and places.\n"
    "The default PATH is the bundled corpus.\n"
    "On a terminal a progress line is drawn on stderr.\n"
    "With --shards N the index is split into N shards (DIR/current/shard-K),\n"
    "which can be served with 'spor serve' and searched together.\n"
    "Shards built apart, on N machines that exchange only tables files:\n"
    "  spor index --shard K/N --count part-K.tables PATH ...   (each K)\n"
    "  spor index --merge all.tables part-1.tables ... part-N.tables\n"
    "  spor index --shard K/N --tables all.tables --index DIR-K PATH ...\n"
    "then search them together: --index DIR-1 ... --index DIR-N.",
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
    /* A warning opens with the file's path, stored absolute: shown as
     * typed when below the current folder. */
    cli_warning("%s", cli_shown_path(msg));
}

static void on_progress(void *ctx, const idx_progress *pg)
{
    index_ui *ui = ctx;
    if (ui->verbose) {
        if (ui->progress_on)
            cli_progress_clear(&ui->progress);
        fprintf(stderr, "spor: %u/%u %s (%.1f kB)\n", pg->files_done,
                pg->files_total, cli_shown_path(pg->path),
                (double)pg->bytes / 1e3);
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

/* The data files and inputs a run reads, found before it starts. */
typedef struct index_inputs {
    char *stop, *gaz, *syn, *def;
    const char *const *paths;
    size_t n_paths;
} index_inputs;

static void free_inputs(index_inputs *in)
{
    free(in->stop);
    free(in->gaz);
    free(in->def);
    free(in->syn);
}

/* Finds the stop list, the gazetteer, the synonyms and, when no PATH is
 * given, the bundled corpus; -1 after an error line. */
static int find_inputs(const cli_rest *rest, int quiet, index_inputs *in)
{
    memset(in, 0, sizeof *in);
    in->stop = cli_data_path("stopwords/danish.txt");
    if (!in->stop) {
        cli_error("index: cannot find the stop list stopwords/danish.txt "
                  "(set SPOR_DATA_DIR)");
        return -1;
    }
    /* The bundled corpus: ./corpus when run from the project, so paths in
     * results stay short, else the one beside the data files. */
    struct stat sb;
    in->def = stat("corpus/" MANIFEST_FILE_NAME, &sb) == 0
                  ? strdup("corpus") : cli_data_path("corpus");
    in->paths = (const char *const *)rest->pos;
    in->n_paths = rest->n;
    if (in->n_paths == 0) {
        if (!in->def) {
            cli_error("index: no PATH given and no bundled corpus found");
            free_inputs(in);
            return -1;
        }
        in->paths = (const char *const *)&in->def;
        in->n_paths = 1;
    }
    /* Without the gazetteer passages carry only their manifest places. */
    in->gaz = cli_data_path(PL_GAZETTEER_FILE);
    if (!in->gaz && !quiet)
        cli_warning("index: cannot find %s (set SPOR_DATA_DIR); passages "
                    "are tagged with their documents' places only",
                    PL_GAZETTEER_FILE);
    in->syn = cli_data_path("data/synonyms.tsv");
    return 0;
}

static void print_inputs(const char *dir, const index_inputs *in)
{
    fprintf(stderr, "spor: index %s\nspor: stop list %s\n", dir, in->stop);
    if (in->gaz)
        fprintf(stderr, "spor: gazetteer %s\n", in->gaz);
    if (in->syn)
        fprintf(stderr, "spor: synonyms %s\n", in->syn);
    for (size_t i = 0; i < in->n_paths; i++)
        fprintf(stderr, "spor: input %s\n", in->paths[i]);
}

/* Runs the indexer over in into dir, drawing progress on ui. */
static spor_status build(const char *dir, const index_inputs *in,
                         index_ui *ui, idx_summary *s, spor_err *err)
{
    idx_opts o = {.stopwords_path = in->stop, .synonyms_path = in->syn,
                  .gazetteer_path = in->gaz,
                  .warn = on_warning, .warn_ctx = ui,
                  .progress = on_progress, .progress_ctx = ui,
                  .include_hidden = opt.hidden, .follow_links = opt.follow,
                  .shards = opt.shards, .rebuild = opt.rebuild,
                  .shard = opt.shard_k, .tables_path = opt.tables};
    const char *stop_at = getenv("SPOR_DEBUG_STOP_AT");
    const char *kill_at = getenv("SPOR_DEBUG_KILL_AT");
    debug_hook hook = {stop_at && *stop_at ? stop_at : NULL,
                       kill_at ? atol(kill_at) : 0, 0};
    if (hook.stop_at || hook.kill_at > 0) {
        o.stage = on_stage;
        o.stage_ctx = &hook;
    }
    if (ui->progress_on)
        cli_progress_start(&ui->progress, stderr);
    spor_status st = idx_build(dir, in->paths, in->n_paths, &o, s, err);
    if (ui->progress_on)
        cli_progress_clear(&ui->progress);
    return st;
}

static void print_summary(const char *dir, const idx_summary *s)
{
    printf("indexed %u document%s, %u passages, %.1f MB in %.2f s into %s: "
           "%u added, %u changed, %u removed, %u unchanged",
           s->n_docs, s->n_docs == 1 ? "" : "s", s->n_passages,
           (double)s->raw_bytes / 1e6, s->seconds, dir, s->n_added,
           s->n_changed, s->n_removed, s->n_unchanged);
    if (s->n_resplit)
        printf(" (%u unchanged re-analysed: a word in them now splits "
               "differently)", s->n_resplit);
    if (opt.shard_k)
        printf(" (shard %u of %u)", opt.shard_k, opt.shards);
    else if (s->n_shards > 1 && s->updated && !s->untouched)
        printf(" (%u shards, %u rewritten)", s->n_shards,
               s->n_shards_written);
    else if (s->n_shards > 1)
        printf(" (%u shards)", s->n_shards);
    if (s->n_skipped)
        printf(" (%u skipped)", s->n_skipped);
    if (s->n_ignored)
        printf(" (%u other file%s not documents)", s->n_ignored,
               s->n_ignored == 1 ? "" : "s");
    putchar('\n');
}

/* Checks the options of shards built apart and parses --shard; -1 after
 * an error line. */
static int check_apart(const cli_rest *rest)
{
    if (opt.merge) {
        if (opt.shard || opt.count || opt.tables || opt.shards) {
            cli_error("index: --merge takes no --shard, --shards, --count or "
                      "--tables");
            return -1;
        }
        if (rest->n == 0) {
            cli_error("index: --merge needs the partial tables files as "
                      "PATHs");
            return -1;
        }
        return 0;
    }
    if (!opt.shard) {
        if (opt.count || opt.tables) {
            cli_error("index: --count and --tables need --shard K/N");
            return -1;
        }
        return 0;
    }
    unsigned k = 0, n = 0;
    char extra;
    if (sscanf(opt.shard, "%u/%u%c", &k, &n, &extra) != 2 || n < 2 ||
        n > SHD_MAX || k < 1 || k > n) {
        cli_error("index: --shard %s: must be K/N with 1 <= K <= N and "
                  "2 <= N <= %d", opt.shard, SHD_MAX);
        return -1;
    }
    if (opt.shards && opt.shards != n) {
        cli_error("index: --shards %u and --shard %s disagree", opt.shards,
                  opt.shard);
        return -1;
    }
    if (!opt.count == !opt.tables) {
        cli_error("index: --shard needs one of --count FILE (step 1) and "
                  "--tables FILE (step 3)");
        return -1;
    }
    opt.shard_k = k;
    opt.shards = n;
    return 0;
}

/* Step 2 of shards built apart: one summary line. */
static int run_merge(const cli_rest *rest, int quiet)
{
    apt_merged m;
    spor_err err;
    spor_err_clear(&err);
    if (apt_merge((const char *const *)rest->pos, rest->n, opt.merge, &m,
                  &err) != SPOR_OK) {
        cli_error("index: %s", err.msg);
        return CLI_EXIT_ERROR;
    }
    if (!quiet)
        printf("merged the tables of %u shards: %u documents, %u passages "
               "(%u in copy groups of earlier ones) into %s\n", m.n_shards,
               m.n_docs, m.n_passages, m.n_copies, opt.merge);
    return 0;
}

/* Step 1 of shards built apart: one summary line. */
static spor_status run_count(const index_inputs *in, index_ui *ui,
                             spor_err *err)
{
    idx_opts o = {.stopwords_path = in->stop, .warn = on_warning,
                  .warn_ctx = ui, .include_hidden = opt.hidden,
                  .follow_links = opt.follow, .shards = opt.shards,
                  .shard = opt.shard_k};
    idx_summary s;
    spor_status st = apt_count(in->paths, in->n_paths, &o, opt.count, &s,
                               err);
    if (!st && !ui->quiet)
        printf("counted shard %u of %u: %u documents, %u passages, %.1f MB "
               "into %s (%u skipped)\n", opt.shard_k, opt.shards, s.n_docs,
               s.n_passages, (double)s.raw_bytes / 1e6, opt.count,
               s.n_skipped);
    return st;
}

static int cmd_index(const cli_command *cmd, int argc, char **argv)
{
    cli_rest rest;
    cli_parsed parsed = cli_read_options(cmd, argc, argv, &rest);
    if (parsed != CLI_PARSED_OK)
        return cli_parsed_exit(parsed);
    index_ui ui = {.quiet = opt.verbosity < 0, .verbose = opt.verbosity > 0};
    ui.progress_on = !ui.quiet && (opt.progress == CLI_WHEN_ALWAYS ||
                                   (opt.progress == CLI_WHEN_AUTO &&
                                    isatty(STDERR_FILENO)));
    if (check_apart(&rest)) {
        cli_rest_free(&rest);
        return CLI_EXIT_ERROR;
    }
    if (opt.merge) {
        int rc = run_merge(&rest, ui.quiet);
        cli_rest_free(&rest);
        return rc;
    }
    const char *dir = cli_index_dir(opt.index);
    index_inputs in;
    if (find_inputs(&rest, ui.quiet, &in)) {
        cli_rest_free(&rest);
        return CLI_EXIT_ERROR;
    }
    if (ui.verbose)
        print_inputs(dir, &in);
    idx_summary s;
    spor_err err;
    spor_err_clear(&err);
    /* Progress names files below the current folder as typed. */
    cli_paths_set(NULL);
    spor_status st = opt.count ? run_count(&in, &ui, &err)
                               : build(dir, &in, &ui, &s, &err);
    cli_paths_free();
    free_inputs(&in);
    cli_rest_free(&rest);
    if (st != SPOR_OK) {
        cli_error("index: %s", err.msg);
        return CLI_EXIT_ERROR;
    }
    if (!ui.quiet && !opt.count)
        print_summary(dir, &s);
    return 0;
}
