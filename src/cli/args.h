/* Argument handling shared by the query commands (search, compare, show):
 * the --color value and the query words, each with its one-line error. */
#ifndef SPOR_CLI_ARGS_H
#define SPOR_CLI_ARGS_H

#include "spor/buf.h"

/* The colour setting for --color WHEN (off for JSON), or -1 after an
 * error line naming cmd. */
int cli_color_for(const char *cmd, const char *when, int json);

/* Joins argv[first..argc) with spaces into q; -1 after an error line
 * naming cmd when there are no words (or no memory). */
int cli_query_words(const char *cmd, int argc, char **argv, int first,
                    sbuf *q);

#endif
