/* `spor index`: build or update the index from files and folders, print
 * one summary line. Warnings about single files go to stderr as they
 * happen.
 *
 * For tests only, two environment variables stop a run at a chosen stage
 * (see idx_stage_fn): SPOR_DEBUG_STOP_AT=STAGE stops the process (SIGSTOP)
 * the first time it reaches STAGE, so a test can act while it waits, and
 * SPOR_DEBUG_KILL_AT=N kills it (SIGKILL) at the N-th stage it passes, so a
 * test can check that a run killed at any moment loses nothing. */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "spor/indexer.h"
#include "spor/manifest.h"

static void on_warning(void *ctx, const char *msg)
{
    (void)ctx;
    cli_warning("%s", msg);
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

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"rebuild", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL;
    int rebuild = 0;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 'r': rebuild = 1; break;
        case 'h':
            puts("usage: spor index [--index DIR] [--rebuild] [PATH ...]\n"
                 "Indexes *.txt and *.md files (folders are walked); the "
                 "default PATH is the bundled corpus. An existing index is "
                 "updated (only added and changed files are read);\n"
                 "--rebuild builds it anew (a damaged index).");
            return 0;
        default:
            cli_error("index: unknown or incomplete option '%s' (try 'spor "
                      "index --help')", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    const char *dir = cli_index_dir(index_opt);
    char *stop = cli_data_path("stopwords/danish.txt");
    if (!stop) {
        cli_error("index: cannot find the stop list stopwords/danish.txt "
                  "(set SPOR_DATA_DIR)");
        return CLI_EXIT_ERROR;
    }
    /* The bundled corpus: ./corpus when run from the project, so paths in
     * results stay short, else the one beside the data files. */
    struct stat sb;
    char *def = stat("corpus/" MANIFEST_FILE_NAME, &sb) == 0
                    ? strdup("corpus") : cli_data_path("corpus");
    const char *const *paths = (const char *const *)argv + optind;
    size_t n_paths = (size_t)(argc - optind);
    if (n_paths == 0) {
        if (!def) {
            cli_error("index: no PATH given and no bundled corpus found");
            free(stop);
            return CLI_EXIT_ERROR;
        }
        paths = (const char *const *)&def;
        n_paths = 1;
    }
    const char *stop_at = getenv("SPOR_DEBUG_STOP_AT");
    const char *kill_at = getenv("SPOR_DEBUG_KILL_AT");
    debug_hook hook = {stop_at && *stop_at ? stop_at : NULL,
                       kill_at ? atol(kill_at) : 0, 0};
    idx_opts o = {.stopwords_path = stop, .warn = on_warning};
    o.rebuild = rebuild;
    if (hook.stop_at || hook.kill_at > 0) {
        o.stage = on_stage;
        o.stage_ctx = &hook;
    }
    idx_summary s;
    spor_err err;
    spor_err_clear(&err);
    spor_status st = idx_build(dir, paths, n_paths, &o, &s, &err);
    free(stop);
    free(def);
    if (st != SPOR_OK) {
        cli_error("index: %s", err.msg);
        return CLI_EXIT_ERROR;
    }
    printf("indexed %u document%s, %u passages, %.1f MB in %.2f s into %s: "
           "%u added, %u changed, %u removed, %u unchanged",
           s.n_docs, s.n_docs == 1 ? "" : "s", s.n_passages,
           (double)s.raw_bytes / 1e6, s.seconds, dir, s.n_added,
           s.n_changed, s.n_removed, s.n_unchanged);
    if (s.n_skipped)
        printf(" (%u skipped)", s.n_skipped);
    putchar('\n');
    return 0;
}
