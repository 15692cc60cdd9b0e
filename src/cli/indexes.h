/* The index a query command searches: one --index folder, or several
 * (shards of one index, Xapian stub files naming local and remote shards;
 * see shards.h), with --allow-partial to search the shards that answer
 * when some do not. Shared by search, compare, show and stats. */
#ifndef SPOR_CLI_INDEXES_H
#define SPOR_CLI_INDEXES_H

#include <stddef.h>
#include "opts.h"
#include "spor/query/search.h"

/* More --index options than shards a set may have (SHD_MAX) is a typo. */
#define CLI_MAX_INDEXES 256

enum { CLI_OPT_ALLOW_PARTIAL = CLI_OPT_FIRST_OWN - 1 };

#define CLI_OPTION_INDEXES                                                  \
    {"index", 0, CLI_OPT_INDEX, CLI_VALUE_DIR, "DIR", NULL, "SPOR_INDEX",   \
     "the index folder (default: $SPOR_INDEX, else the config file, else "  \
     "./index); repeat it, or name a Xapian stub file, to search shards "  \
     "together"},                                                           \
    {"allow-partial", 0, CLI_OPT_ALLOW_PARTIAL, CLI_VALUE_NONE, NULL, NULL, \
     NULL, "search the shards that answer when some do not (a warning "    \
     "names the others)"}

typedef struct cli_indexes {
    const char *config;                 /* the config file's index */
    const char *named[CLI_MAX_INDEXES]; /* --index options, in order */
    size_t n;
    int allow_partial;
    int too_many;
} cli_indexes;

/* Takes option id when it is --index or --allow-partial: returns 1. */
int cli_indexes_option(cli_indexes *x, int id, const cli_args *a);

/* Opens the index (cli_index_dir's default when none was named); prints
 * one error line starting with cmd on failure, and a warning naming each
 * shard left out under --allow-partial. Returns 0 or -1. */
int cli_indexes_open(const char *cmd, const cli_indexes *x,
                     spor_index **out);

#endif
