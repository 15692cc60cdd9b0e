/* The progress line `spor index` draws on a terminal: files, megabytes,
 * rate and time left, redrawn in place with carriage returns and erased
 * when the run ends, so the terminal keeps only the summary. */
#ifndef SPOR_CLI_PROGRESS_H
#define SPOR_CLI_PROGRESS_H

#include <stdio.h>
#include "spor/store/indexer.h"

typedef struct cli_progress {
    FILE *out;
    double t0;          /* when the run started */
    double last_draw;   /* when the line was last drawn */
    int shown;          /* a line is on screen */
    unsigned width;     /* terminal columns */
} cli_progress;

/* Starts a display on out (a terminal). */
void cli_progress_start(cli_progress *p, FILE *out);
/* An idx_progress_fn: ctx is a cli_progress. */
void cli_progress_update(void *ctx, const idx_progress *pg);
/* Erases the line, e.g. before a warning or at the end. */
void cli_progress_clear(cli_progress *p);

#endif
