/* The shared start-up of the commands that read an index (search,
 * compare, show, stats): the options they share, bound to a cli_session
 * (which index: --index, repeated, and --allow-partial; the output
 * format: --format, --json, --format-version; --color), reading the
 * config file and the command line into them, and opening the index.
 * --index may name several folders (shards of one index) or Xapian stub
 * files naming local and remote shards (see shards.h); under
 * --allow-partial the shards that answer are searched when some do
 * not. */
#ifndef SPOR_CLI_SESSION_H
#define SPOR_CLI_SESSION_H

#include <stddef.h>
#include "cli.h"
#include "opts.h"
#include "spor/query/search.h"

typedef struct cli_session {
    /* Set by the options. */
    cli_strings indexes;      /* the config file's index, or --index's */
    int allow_partial;
    int format;               /* a cli_format */
    unsigned format_version;  /* CLI_FORMAT_VERSION_NEWEST when not given */
    int color_when;           /* a cli_when */
    int bom;                  /* --bom: csv starts with a byte order mark */
    /* Set by cli_session_start and cli_session_open. */
    int format_given;         /* --format or --json was given (command
                                 line or config file): spor search --batch
                                 refuses any but json */
    int color;                /* colour the text output */
    cli_rest rest;            /* the positional arguments */
    spor_index *ix;
} cli_session;

#define CLI_OPTS_INDEXES(s)                                                 \
    CLI_OPT_STRINGS_ENV(0, "index", &(s)->indexes, CLI_HINT_DIR, "DIR",     \
                        "SPOR_INDEX", "the index folder (default: "         \
                        "$SPOR_INDEX, else the config file, else ./index);" \
                        " repeat it, or name a Xapian stub file, to search " \
                        "shards together"),                                 \
    CLI_OPT_BOOL(0, "allow-partial", &(s)->allow_partial, "search the "     \
                 "shards that answer when some do not (a warning names "   \
                 "the others)")
/* The words of --format, in cli_format's order. */
#define CLI_CHOICES_FORMAT "text|json|tsv|csv|md|html"
/* --format, --json, --bom and --format-version, for every command that
 * writes json and tsv. */
#define CLI_OPTS_OUTPUT(s)                                                  \
    CLI_OPT_CHOICE(0, "format", &(s)->format, "FORMAT", CLI_CHOICES_FORMAT, \
                   "output format: text (default), json (JSON Lines), "    \
                   "tsv, csv, md (Markdown) or html"),                      \
    CLI_OPT_SET_INT(0, "json", &(s)->format, CLI_FORMAT_JSON,               \
                    "short for --format json"),                             \
    CLI_OPT_BOOL(0, "bom", &(s)->bom, "start csv with a UTF-8 byte order "  \
                 "mark, as Excel wants"),                                   \
    CLI_OPT_COUNT(0, "format-version", &(s)->format_version, "N",           \
                  "write version N of the json/tsv/csv format (and the "   \
                  "fields md/html show); fail if unsupported")
#define CLI_OPTS_COLOR(s)                                                   \
    CLI_OPT_CHOICE(0, "color", &(s)->color_when, "WHEN", CLI_CHOICES_WHEN,  \
                   "highlight matches: auto (on a terminal, unless "       \
                   "NO_COLOR), always, never"),                             \
    CLI_OPT_CHOICE(0, "colour", &(s)->color_when, "WHEN", CLI_CHOICES_WHEN, \
                   "the same as --color")

/* Reads the config file's settings and then argv into cmd's options (the
 * command's own destinations must hold their defaults already; s gets
 * its own), checks --format-version and decides on colour. Returns
 * CLI_PARSED_OK to go on, with the positional arguments in s->rest;
 * otherwise cli_session_end(s) has been called. */
cli_parsed cli_session_start(cli_session *s, const cli_command *cmd,
                             int argc, char **argv);

/* Opens the index into s->ix (cli_index_dir's default when none was
 * named); prints one error line starting with cmd on failure, and a
 * warning naming each shard left out under --allow-partial. Returns 0 or
 * -1. */
int cli_session_open(cli_session *s, const char *cmd);

/* The index as the user named it: the first --index, else the default. */
const char *cli_session_index_name(const cli_session *s);

/* Closes the index and frees what start took. */
/* Prints on stderr what the searches run have to say beside their
 * answers (spor_index_notes: a place in the query no place answers to),
 * and forgets it; cli_session_end does this too. */
void cli_session_notes(cli_session *s);
void cli_session_end(cli_session *s);

#endif
