/* Shared pieces of the command-line front end: where the index and the data
 * files are, error and warning lines, colour and JSON output. Only the CLI
 * prints and chooses exit codes; the library below returns statuses. */
#ifndef SPOR_CLI_H
#define SPOR_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "spor/text/buf.h"
#include "spor/text/status.h"

/* Exit codes, like grep's. */
#define CLI_EXIT_HITS 0
#define CLI_EXIT_NO_HITS 1
#define CLI_EXIT_ERROR 2

/* "spor: message" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --index, else $SPOR_INDEX, else "index" in the current folder. */
const char *cli_index_dir(const char *opt);

/* Path of a bundled data file (e.g. "stopwords/danish.txt"): under
 * $SPOR_DATA_DIR, else the installed data folder beside the binary
 * (BIN/../share/spor), else the source tree the binary was built from,
 * else the configured install prefix. Returns a malloc'd path, or NULL when not found. */
char *cli_data_path(const char *rel);

/* The values of --color WHEN and --progress WHEN, in the order of their
 * words in CLI_CHOICES_WHEN (opts.h). */
typedef enum cli_when {
    CLI_WHEN_AUTO,
    CLI_WHEN_ALWAYS,
    CLI_WHEN_NEVER
} cli_when;

/* Whether --color WHEN means colour: "auto" means stdout is a terminal
 * and NO_COLOR is unset. */
int cli_color(cli_when when);

/* Writes s[0..len) as a JSON string, with quotes. */
void cli_json_string(FILE *f, const char *s, size_t len);

/* Parses a non-negative integer option value; -1 when malformed. */
long cli_parse_count(const char *s);

/* Output formats. The json, tsv and csv layouts, and the fields the md
 * and html documents show, carry one version number
 * (docs/json-output.md); --format-version asks for a given one, so a
 * script learns at once when the spor it calls writes another. In the
 * order of --format's words (session.h). */
typedef enum cli_format {
    CLI_FORMAT_TEXT,
    CLI_FORMAT_JSON,
    CLI_FORMAT_TSV,
    CLI_FORMAT_CSV,
    CLI_FORMAT_MD,
    CLI_FORMAT_HTML
} cli_format;

/* The --format word of f ("csv"), for messages. */
const char *cli_format_name(int f);
#define CLI_FORMAT_VERSION 1
#define CLI_FORMAT_VERSION_MIN 1
/* No --format-version given: the newest. */
#define CLI_FORMAT_VERSION_NEWEST ((unsigned)-1)

/* 0 when this spor writes format version want, else prints why not and
 * returns -1. */
int cli_check_format_version(const char *cmd, unsigned want);

/* The character at s[i..len) (i < len): its byte length, and in *cp its
 * code point, UTF8_INVALID for a byte that is not UTF-8. */
size_t cli_char_at(const char *s, size_t len, size_t i, uint32_t *cp);

/* Writes s[0..len) as one TSV field: tab, newline, CR and backslash as
 * \t \n \r \\. */
void cli_tsv_field(FILE *f, const char *s, size_t len);

/* A field of text output (a path, a title, a section, a place, a source
 * line) as it may reach a terminal: s itself when every byte of it is
 * printable text, else a copy in *tmp (overwritten) in which a control
 * character (C0, DEL, C1) is written as \xNN (\n, \t and \r as such) and a
 * byte that is not UTF-8 as \xNN, so that no file name or manifest title
 * can move the cursor, retitle the terminal or split a line. Never NULL. */
const char *cli_text_safe(const char *s, sbuf *tmp);
/* The same for s[0..len), always copied into *tmp. */
const char *cli_text_safe_n(const char *s, size_t len, sbuf *tmp);

#endif
