/* Table-driven command line: each subcommand describes itself and its
 * options once (cli_command, cli_option), and that one table drives the
 * option parser, the --help text, the config file's keys and the shell
 * completion (`spor complete`). A new subcommand is a cmd_*.c file with
 * its table and one line in the list in commands.c; a new option is one
 * row in its command's table. */
#ifndef SPOR_CLI_OPTS_H
#define SPOR_CLI_OPTS_H

#include <stddef.h>

/* What an option's value is, which also says how a shell completes it. */
typedef enum cli_value_kind {
    CLI_VALUE_NONE = 0, /* a flag: takes no value */
    CLI_VALUE_TEXT,     /* any text */
    CLI_VALUE_COUNT,    /* a whole number >= 0 (checked by the parser) */
    CLI_VALUE_DIR,      /* a folder */
    CLI_VALUE_FILE,     /* a file */
    CLI_VALUE_CHOICE,   /* one of the words in choices (checked) */
    CLI_VALUE_PLACE     /* a place named in the index */
} cli_value_kind;

typedef struct cli_option {
    const char *name;      /* long name, without "--" */
    char short_name;       /* 0 when there is none */
    int id;                /* what cli_args_next returns for it */
    cli_value_kind kind;
    const char *metavar;   /* the value's name in help, e.g. "DIR" */
    const char *choices;   /* CLI_VALUE_CHOICE: "text|json|tsv" */
    const char *env;       /* an environment variable that beats the config
                              file's value for this option, or NULL */
    const char *help;      /* one line */
} cli_option;

typedef struct cli_command cli_command;
struct cli_command {
    const char *name;
    const char *args;        /* what follows the options in usage */
    const char *summary;     /* one line for `spor --help` */
    const char *help;        /* paragraph(s) for `spor CMD --help` */
    const cli_option *options; /* ends with an entry whose name is NULL */
    int (*run)(const cli_command *cmd, int argc, char **argv);
    int hidden;              /* not listed in help or completion */
};

/* Option ids shared by every command; a command's own ids start at
 * CLI_OPT_FIRST_OWN. */
enum {
    CLI_ARGS_END = 0,
    CLI_ARGS_ERROR = -1,
    CLI_ARGS_HELP = -2,
    CLI_OPT_HELP = 1,
    CLI_OPT_INDEX,
    CLI_OPT_FORMAT,
    CLI_OPT_JSON,
    CLI_OPT_FORMAT_VERSION,
    CLI_OPT_COLOR,
    CLI_OPT_QUIET,
    CLI_OPT_VERBOSE,
    CLI_OPT_DOC,
    CLI_OPT_YEAR,
    CLI_OPT_NO_SYNONYMS,
    CLI_OPT_STRICT_PHRASES,
    CLI_OPT_FIRST_OWN = 100
};

/* Rows shared by several commands. */
#define CLI_OPTION_HELP                                                     \
    {"help", 'h', CLI_OPT_HELP, CLI_VALUE_NONE, NULL, NULL, NULL,           \
     "show this help and exit"}
#define CLI_OPTION_INDEX                                                    \
    {"index", 0, CLI_OPT_INDEX, CLI_VALUE_DIR, "DIR", NULL, "SPOR_INDEX",   \
     "the index folder (default: $SPOR_INDEX, else the config file, else "  \
     "./index)"}
#define CLI_OPTION_FORMAT                                                   \
    {"format", 0, CLI_OPT_FORMAT, CLI_VALUE_CHOICE, "FORMAT",               \
     "text|json|tsv", NULL,                                                 \
     "output format: text (default), json (JSON Lines) or tsv"}
#define CLI_OPTION_JSON                                                     \
    {"json", 0, CLI_OPT_JSON, CLI_VALUE_NONE, NULL, NULL, NULL,             \
     "short for --format json"}
#define CLI_OPTION_FORMAT_VERSION                                           \
    {"format-version", 0, CLI_OPT_FORMAT_VERSION, CLI_VALUE_COUNT, "N",     \
     NULL, NULL,                                                            \
     "write version N of the json/tsv format; fail if unsupported"}
#define CLI_CHOICES_WHEN "auto|always|never"
#define CLI_OPTION_COLOR                                                    \
    {"color", 0, CLI_OPT_COLOR, CLI_VALUE_CHOICE, "WHEN", CLI_CHOICES_WHEN, \
     NULL, "highlight matches: auto (on a terminal, unless NO_COLOR), "     \
     "always, never"},                                                      \
    {"colour", 0, CLI_OPT_COLOR, CLI_VALUE_CHOICE, "WHEN", CLI_CHOICES_WHEN,\
     NULL, "the same as --color"}
/* --format, --json and --format-version, for every command that writes
 * json and tsv (cli_output_option takes them). */
#define CLI_OPTIONS_OUTPUT                                                  \
    CLI_OPTION_FORMAT, CLI_OPTION_JSON, CLI_OPTION_FORMAT_VERSION
/* The filters of the query commands besides places (filters.h). */
#define CLI_OPTION_DOC                                                      \
    {"doc", 0, CLI_OPT_DOC, CLI_VALUE_TEXT, "DOC[,DOC...]", NULL, NULL,     \
     "only passages of these documents (a document id or part of its "     \
     "path)"}
#define CLI_OPTION_YEAR                                                     \
    {"year", 0, CLI_OPT_YEAR, CLI_VALUE_TEXT, "YEAR", NULL, NULL,           \
     "only documents of this year (2015) or range (2015..2023); several "  \
     "comma-separated"}
#define CLI_OPTION_NO_SYNONYMS                                              \
    {"no-synonyms", 0, CLI_OPT_NO_SYNONYMS, CLI_VALUE_NONE, NULL, NULL,     \
     NULL, "match only the words typed (and their forms), not their "      \
     "synonyms"}
#define CLI_OPTION_STRICT_PHRASES                                           \
    {"strict-phrases", 0, CLI_OPT_STRICT_PHRASES, CLI_VALUE_NONE, NULL,     \
     NULL, NULL, "a quoted phrase matches only as the phrase: no passages " \
     "with its words apart after the phrase's own"}
#define CLI_OPTION_END {NULL, 0, 0, CLI_VALUE_NONE, NULL, NULL, NULL, NULL}

/* Walks one command's arguments: the config file's defaults for it first,
 * then argv (argv[0] is the command's name). Options and positional
 * arguments may be mixed; "--" ends the options. */
typedef struct cli_args {
    const cli_command *cmd;
    int argc;
    char **argv;
    int next;              /* next argv index */
    const char *cluster;   /* rest of a "-ab" cluster of short flags */
    size_t config_next;    /* next config entry to consider */
    int in_config;
    int only_positional;   /* after "--" */
    char **pos;            /* positional arguments, in order */
    size_t n_pos;
    const char *value;     /* the value of the option just returned */
    long count;            /* CLI_VALUE_COUNT: value as a number */
    int from_config;       /* the option just returned came from config */
    const cli_option *opt; /* the option just returned */
} cli_args;

/* Returns 0, or -1 (message printed) when out of memory. */
int cli_args_init(cli_args *a, const cli_command *cmd, int argc,
                  char **argv);
void cli_args_free(cli_args *a);

/* The next option's id (a->value, a->count set), CLI_ARGS_END when all
 * are read (positional arguments are then in a->pos), CLI_ARGS_ERROR after
 * printing a one-line error with a hint, or CLI_ARGS_HELP after printing
 * the command's help to stdout. */
int cli_args_next(cli_args *a);

/* The output options several commands share (--format, --json,
 * --format-version), collected by cli_output_option. */
typedef struct cli_output_opts {
    int format;          /* a cli_format */
    long format_version; /* -1: the newest */
} cli_output_opts;

void cli_output_opts_default(cli_output_opts *o);
/* Takes option id if it is one of the output options: returns 1 then. */
int cli_output_option(cli_output_opts *o, int id, const cli_args *a);

/* Looks up an option of cmd by its long name. */
const cli_option *cli_find_option(const cli_command *cmd, const char *name);

/* Prints cmd's usage, help and option table to stdout. */
void cli_print_command_help(const cli_command *cmd);

/* "--name" as written on the command line, for messages. */
const char *cli_option_label(const cli_option *o, char *buf, size_t cap);

/* The best "did you mean" candidate for word among names (NULL-ended),
 * or NULL when none is close. */
const char *cli_nearest(const char *word, const char *const *names);

#endif
