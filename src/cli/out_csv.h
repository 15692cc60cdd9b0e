/* CSV output (RFC 4180; out_csv.c), for spreadsheets and scripts: a
 * header row naming the columns after the JSON fields, then one row per
 * hit, passage or index; CRLF line ends, a field quoted when it holds a
 * comma, a quote or a line end. docs/json-output.md lists the columns. */
#ifndef SPOR_CLI_OUT_CSV_H
#define SPOR_CLI_OUT_CSV_H

#include <stdio.h>

#include "spor/query/compare.h"
#include "spor/query/index.h"
#include "spor/query/results.h"

/* The UTF-8 byte order mark, written first when asked (--bom): Excel
 * reads a CSV file without it in the machine's legacy code page. */
void cli_csv_bom(FILE *f);

/* s[0..len) as one field, quoted when it must be (a byte that is not
 * UTF-8 as U+FFFD, as JSON writes it). */
void cli_csv_field(FILE *f, const char *s, size_t len);

/* spor search: the header and a row per hit. */
void cli_csv_hits(FILE *f, const spor_results *res);

/* spor compare: place and count, then the hit columns; a place without
 * hits gets one row with its hit columns empty. */
void cli_csv_compare(FILE *f, const spor_comparison *cmp);

/* spor show: a row per passage, focus marking the passage ord. */
void cli_csv_passages(FILE *f, const spor_results *res, unsigned ord);

/* spor stats: the header and one row; root is the folder the index was
 * built in. */
void cli_csv_stats(FILE *f, const spor_index_stats *s, const char *root);

#endif
