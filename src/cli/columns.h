/* Laying out `spor compare`'s places side by side in columns on a
 * terminal (columns.c). */
#ifndef SPOR_CLI_COLUMNS_H
#define SPOR_CLI_COLUMNS_H

#include "spor/query/compare.h"

/* A column narrower than this cannot hold a readable snippet line; with
 * fewer columns' room the output falls back to blocks. */
#define CLI_COLUMN_MIN_WIDTH 32
#define CLI_COLUMN_GAP 3

/* The terminal's columns (stdout's, else $COLUMNS, else 80). */
unsigned cli_terminal_width(void);

/* Prints cmp's places in columns filling width; -1 when out of memory. */
int cli_print_columns(const spor_comparison *cmp, unsigned width,
                      int color);

#endif
