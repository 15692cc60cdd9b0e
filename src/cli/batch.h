/* spor search --batch: many queries in one process over one open index,
 * for scripts that would otherwise start spor once per query. This module
 * owns the batch loop: reading the queries, one a line, from a stream;
 * skipping blank lines; the object that closes each query's answer
 * ("done") or stands for it ("error"), flushed as each query is answered;
 * and the exit status. The answering is the caller's (cmd_search.c), so a
 * query of a batch gets exactly the objects a single search writes. */
#ifndef SPOR_CLI_BATCH_H
#define SPOR_CLI_BATCH_H

#include <stdio.h>
#include "spor/text/status.h"

/* Answers query, the text of line `line` of the batch's input: writes its
 * JSON objects, each tagged with line (cli_print_json_head), and returns
 * how many hits it wrote; or returns -1 with err set, having written
 * nothing, when the query fails. */
typedef long (*cli_batch_answer_fn)(void *ctx, const char *query,
                                    unsigned long line, spor_err *err);

/* Answers each line of in with answer, cmd naming the command in messages.
 * Returns the exit status: CLI_EXIT_HITS when every query was answered
 * (with hits or without), CLI_EXIT_ERROR when a query failed (its error
 * object written, the batch going on) or when in cannot be read or the
 * answers cannot be written (the batch stopping there). */
int cli_batch_run(FILE *in, const char *cmd, cli_batch_answer_fn answer,
                  void *ctx);

#endif
