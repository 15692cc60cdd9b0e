/* `spor stats`: what is in the index and what it costs on disk. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "spor/search.h"

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"index", required_argument, NULL, 'i'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *index_opt = NULL;
    int json = 0, c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'i': index_opt = optarg; break;
        case 'j': json = 1; break;
        case 'h':
            puts("usage: spor stats [--index DIR] [--json]");
            return 0;
        default:
            cli_error("stats: unknown or incomplete option '%s' (try 'spor "
                      "stats --help')", argv[optind - 1]);
            return CLI_EXIT_ERROR;
        }
    }
    const char *dir = cli_index_dir(index_opt);
    spor_err err;
    spor_err_clear(&err);
    spor_index *ix = NULL;
    spor_index_stats s;
    if (spor_index_open(dir, &ix, &err) != SPOR_OK ||
        spor_index_get_stats(ix, &s, &err) != SPOR_OK) {
        cli_error("stats: %s", err.msg);
        spor_index_close(ix);
        return CLI_EXIT_ERROR;
    }
    spor_index_close(ix);
    double ratio = s.raw_bytes ? (double)s.index_bytes / (double)s.raw_bytes
                               : 0.0;
    if (json) {
        printf("{\"type\":\"stats\",\"version\":1,\"documents\":%u,"
               "\"passages\":%u,\"terms\":%lu,\"stems\":%lu,"
               "\"index_bytes\":%llu,\"raw_bytes\":%llu,"
               "\"index_to_raw\":%.3f}\n",
               s.n_docs, s.n_passages, s.n_terms, s.n_stems,
               (unsigned long long)s.index_bytes,
               (unsigned long long)s.raw_bytes, ratio);
    } else {
        printf("index        %s\n", dir);
        printf("documents    %u\n", s.n_docs);
        printf("passages     %u\n", s.n_passages);
        printf("terms        %lu distinct words, %lu stems\n", s.n_terms,
               s.n_stems);
        printf("raw text     %llu bytes\n", (unsigned long long)s.raw_bytes);
        printf("index size   %llu bytes (%.2f x the raw text)\n",
               (unsigned long long)s.index_bytes, ratio);
    }
    return 0;
}
