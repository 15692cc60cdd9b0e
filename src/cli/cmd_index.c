/* `spor index`: build the index from files and folders, print one summary
 * line. Warnings about single files go to stderr as they happen. */
#include <getopt.h>
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

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"hidden", no_argument, NULL, 'H'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL;
    int c, hidden = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 'H': hidden = 1; break;
        case 'h':
            puts("usage: spor index [--index DIR] [--hidden] [PATH ...]\n"
                 "Indexes text, Markdown, HTML and PDF files; folders are "
                 "walked (hidden ones\nonly with --hidden). The default "
                 "PATH is the bundled corpus.");
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
    idx_opts o = {stop, on_warning, NULL, hidden};
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
    printf("indexed %u document%s, %u passages, %.1f MB in %.2f s into %s",
           s.n_docs, s.n_docs == 1 ? "" : "s", s.n_passages,
           (double)s.raw_bytes / 1e6, s.seconds, dir);
    if (s.n_skipped)
        printf(" (%u skipped)", s.n_skipped);
    if (s.n_ignored)
        printf(" (%u other file%s not documents)", s.n_ignored,
               s.n_ignored == 1 ? "" : "s");
    putchar('\n');
    return 0;
}
