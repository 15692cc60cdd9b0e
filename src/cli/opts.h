/* Options declared once: this header owns the declaration of a command
 * (cli_command) and of its options (cli_option), and the parser that
 * reads a command line into the options' destinations (opts.c). Each
 * option is one row naming its short and long name, what it takes, where
 * its value goes and its help line, as git's parse-options does it:
 *
 *     CLI_OPT_COUNT('n', "limit", &search.so.limit, "N",
 *                   "show at most N hits (default 10)"),
 *
 * From that one row come the parsing, the --help text (usage.c), the
 * config file's keys (optconfig.c) and the shell completion (`spor
 * complete options`). The config file does not pass through the parser:
 * it sets the same destinations through cli_option_set before the
 * command line is read (optconfig.c), so the command line wins by coming
 * later. A command's destinations are file-static: --help, the config
 * file's check and the completion read its table without running it, so
 * the table is static too and points into them (a process runs one
 * command, and the CLI is the one place allowed global state). */
#ifndef SPOR_CLI_OPTS_H
#define SPOR_CLI_OPTS_H

#include <stddef.h>

/* What an option takes, and so what its destination is. */
typedef enum cli_opt_kind {
    CLI_KIND_END = 0, /* ends a table */
    CLI_KIND_FLAG,    /* no value: int *dest = set_to */
    CLI_KIND_COUNT,   /* a whole number from min to max: unsigned *dest */
    CLI_KIND_STRING,  /* any text: const char **dest */
    CLI_KIND_STRINGS, /* repeatable text: appended to cli_strings *dest */
    CLI_KIND_CHOICE,  /* one word of choices: int *dest = its position */
    CLI_KIND_HELP     /* prints the command's help */
} cli_opt_kind;

/* What a text value names, for a shell to complete it. */
typedef enum cli_value_hint {
    CLI_HINT_TEXT = 0,
    CLI_HINT_DIR,
    CLI_HINT_FILE,
    CLI_HINT_PLACE /* a place named in the index */
} cli_value_hint;

/* A count's range error reads "--port out of range: '0'" rather than
 * "--port needs a whole number from 1 to 65535, not '0'". */
#define CLI_RANGE_TERSE 1u

typedef struct cli_option {
    cli_opt_kind kind;
    char short_name;       /* 0 when there is none */
    const char *name;      /* long name, without "--" */
    void *dest;            /* where the value goes (see cli_opt_kind) */
    int set_to;            /* CLI_KIND_FLAG: the value it sets */
    unsigned min, max;     /* CLI_KIND_COUNT: the range; max 0: none but
                              cli_parse_count's */
    unsigned flags;        /* CLI_RANGE_TERSE */
    cli_value_hint hint;   /* CLI_KIND_STRING(S) */
    const char *metavar;   /* the value's name in help, e.g. "DIR" */
    const char *choices;   /* CLI_KIND_CHOICE: "text|json|tsv" */
    const char *env;       /* an environment variable that beats the config
                              file's value for this option, or NULL */
    const char *help;      /* one line */
} cli_option;

/* The destination of a repeatable option. The config file's value is a
 * default: a later config value replaces it, and so does the command
 * line's first value; the command line's values then add up. */
#define CLI_STRINGS_MAX 256
typedef struct cli_strings {
    const char *items[CLI_STRINGS_MAX];
    size_t n;
    int from_config; /* items[0] is the config file's value */
    int too_many;    /* more than CLI_STRINGS_MAX were given */
} cli_strings;

/* Casts a destination to void *, failing to compile when p does not
 * point to a type: a row cannot bind a flag to an unsigned. */
#define CLI_DEST(type, p) ((void *)(1 ? (p) : (type *)0))

#define CLI_OPT_SET_INT(s, l, p, v, h)                                      \
    {.kind = CLI_KIND_FLAG, .short_name = (s), .name = (l),                 \
     .dest = CLI_DEST(int, p), .set_to = (v), .help = (h)}
#define CLI_OPT_BOOL(s, l, p, h) CLI_OPT_SET_INT(s, l, p, 1, h)
#define CLI_OPT_RANGE_F(s, l, p, mv, lo, hi, f, h)                          \
    {.kind = CLI_KIND_COUNT, .short_name = (s), .name = (l),                \
     .dest = CLI_DEST(unsigned, p), .min = (lo), .max = (hi), .flags = (f), \
     .metavar = (mv), .help = (h)}
#define CLI_OPT_RANGE(s, l, p, mv, lo, hi, h)                               \
    CLI_OPT_RANGE_F(s, l, p, mv, lo, hi, 0, h)
#define CLI_OPT_COUNT(s, l, p, mv, h) CLI_OPT_RANGE(s, l, p, mv, 0, 0, h)
#define CLI_OPT_STRING_ENV(s, l, p, hnt, mv, e, h)                          \
    {.kind = CLI_KIND_STRING, .short_name = (s), .name = (l),               \
     .dest = CLI_DEST(const char *, p), .hint = (hnt), .metavar = (mv),     \
     .env = (e), .help = (h)}
#define CLI_OPT_STRING(s, l, p, hnt, mv, h)                                 \
    CLI_OPT_STRING_ENV(s, l, p, hnt, mv, NULL, h)
#define CLI_OPT_STRINGS_ENV(s, l, p, hnt, mv, e, h)                         \
    {.kind = CLI_KIND_STRINGS, .short_name = (s), .name = (l),              \
     .dest = CLI_DEST(cli_strings, p), .hint = (hnt), .metavar = (mv),      \
     .env = (e), .help = (h)}
#define CLI_OPT_CHOICE(s, l, p, mv, ch, h)                                  \
    {.kind = CLI_KIND_CHOICE, .short_name = (s), .name = (l),               \
     .dest = CLI_DEST(int, p), .metavar = (mv), .choices = (ch),            \
     .help = (h)}
#define CLI_OPT_HELP()                                                      \
    {.kind = CLI_KIND_HELP, .short_name = 'h', .name = "help",              \
     .help = "show this help and exit"}
#define CLI_OPT_END {.kind = CLI_KIND_END}

/* Rows several commands share. */
#define CLI_OPT_INDEX(p)                                                    \
    CLI_OPT_STRING_ENV(0, "index", p, CLI_HINT_DIR, "DIR", "SPOR_INDEX",    \
                       "the index folder (default: $SPOR_INDEX, else the " \
                       "config file, else ./index)")
/* The words of --color and --progress, in cli_when's order. */
#define CLI_CHOICES_WHEN "auto|always|never"
/* The filters of the query commands besides places (filters.h). */
#define CLI_OPT_DOC(p)                                                      \
    CLI_OPT_STRING(0, "doc", p, CLI_HINT_TEXT, "DOC[,DOC...]",              \
                   "only passages of these documents (a document id or "   \
                   "part of its path)")
#define CLI_OPT_YEAR(p)                                                     \
    CLI_OPT_STRING(0, "year", p, CLI_HINT_TEXT, "YEAR",                     \
                   "only documents of this year (2015) or range "          \
                   "(2015..2023); several comma-separated")
#define CLI_OPT_NO_SYNONYMS(p)                                              \
    CLI_OPT_BOOL(0, "no-synonyms", p, "match only the words typed (and "    \
                 "their forms), not their synonyms")
#define CLI_OPT_STRICT_PHRASES(p)                                           \
    CLI_OPT_BOOL(0, "strict-phrases", p, "a quoted phrase matches only as " \
                 "the phrase: no passages with its words apart after the " \
                 "phrase's own, nor any that continue a hit's section")

typedef struct cli_command cli_command;
struct cli_command {
    const char *name;
    const char *args;        /* what follows the options in usage; NULL:
                                the command takes no arguments */
    const char *summary;     /* one line for `spor --help` */
    const char *help;        /* paragraph(s) for `spor CMD --help` */
    const cli_option *options; /* ends with CLI_OPT_END */
    int (*run)(const cli_command *cmd, int argc, char **argv);
    int hidden;              /* not listed in help or completion */
};

/* What cli_option_set and cli_parse_options return. */
typedef enum cli_parsed {
    CLI_PARSED_OK = 0,
    CLI_PARSED_HELP,  /* the help was printed: exit 0 */
    CLI_PARSED_ERROR  /* a one-line error was printed: exit 2 */
} cli_parsed;

/* The exit status a command returns after a result other than
 * CLI_PARSED_OK. */
int cli_parsed_exit(cli_parsed r);

/* What is left of a command line once its options are read: the
 * positional arguments, in order. */
typedef struct cli_rest {
    char **pos;
    size_t n;
} cli_rest;

void cli_rest_free(cli_rest *r);

/* Stores value (NULL for a flag) in o's destination after checking it
 * against o's kind; from_config marks a value from the config file in
 * the error. The help option prints cmd's help. */
cli_parsed cli_option_set(const cli_command *cmd, const cli_option *o,
                          const char *value, int from_config);

/* Reads argv (argv[0] is the command's name) into cmd's options. Options
 * and positional arguments may be mixed; "--" ends the options (a query
 * word may start with "-"). A command without args takes no positional
 * argument. rest is filled on CLI_PARSED_OK; free it with
 * cli_rest_free. */
cli_parsed cli_parse_options(const cli_command *cmd, int argc, char **argv,
                             cli_rest *rest);

/* Looks up an option of cmd by its long name. */
const cli_option *cli_find_option(const cli_command *cmd, const char *name);

/* The best "did you mean" candidate for word among names (NULL-ended),
 * or NULL when none is close. */
const char *cli_nearest(const char *word, const char *const *names);

/* Prints cmd's usage, help and option table to stdout (usage.c). */
void cli_print_command_help(const cli_command *cmd);

#endif
