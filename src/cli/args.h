/* Argument handling shared by the query commands (search, compare): the
 * query words, with their one-line error. */
#ifndef SPOR_CLI_ARGS_H
#define SPOR_CLI_ARGS_H

#include <stddef.h>
#include "spor/text/buf.h"

/* Joins words[0..n) (the positional arguments) with spaces into q; -1
 * after an error line naming cmd when there are none (or no memory). */
int cli_query_words(const char *cmd, char *const *words, size_t n, sbuf *q);

#endif
