/* Running another program for the user, without a shell, so that no
 * path can be read as shell syntax: a command line written by the user
 * (a config value, $EDITOR) split into words, words written back
 * shell-quoted (spor open --print), a program found on PATH, and the
 * program started with an argv, either in the foreground (an editor in
 * this terminal: spor waits for it, as system() does, and ^C goes to the
 * editor) or in the background (a desktop viewer: its own session, and
 * spor returns once it has started). */
#ifndef SPOR_CLI_LAUNCH_H
#define SPOR_CLI_LAUNCH_H

#include <stddef.h>
#include <stdio.h>
#include "spor/text/buf.h"

/* A command's words, NULL-ended (v[n] == NULL) for exec. */
typedef struct cli_argv {
    char **v;
    size_t n, cap;
} cli_argv;

/* Appends a copy of s (or of s[0..len)); 0, or -1 out of memory. */
int cli_argv_push(cli_argv *a, const char *s);
int cli_argv_push_n(cli_argv *a, const char *s, size_t len);
void cli_argv_free(cli_argv *a);

/* Splits line into words at blanks, as a shell would without expanding
 * anything: '...' keeps everything in it, "..." everything but \" and
 * \\, and a backslash elsewhere keeps the next character. Appends the
 * words to out; -1 with why when a quote is not closed or out of
 * memory. */
int cli_split_command(const char *line, cli_argv *out, char *why,
                      size_t cap);

/* Writes the words on f as one shell command line that runs them: a
 * word of only safe characters as it is, others in '...' ($'...' when
 * they hold a control character, so that the line stays one line and
 * no escape reaches the terminal). */
void cli_print_argv(FILE *f, const cli_argv *a);

/* The file program names (a path when it has a '/', else the first
 * executable file of that name in PATH's folders) into path; -1 when
 * there is none. */
int cli_find_program(const char *program, sbuf *path);

typedef enum cli_run_mode {
    CLI_RUN_WAIT,   /* in this terminal; returns when it ends */
    CLI_RUN_DETACH  /* in its own session, with no terminal input */
} cli_run_mode;

/* Runs a's program (found on PATH when it has no '/') with a's words.
 * Returns 0 once a detached program has started, or once a waited one
 * has exited with status 0; otherwise -1 with why (not found, the exit
 * status or the signal it ended with). */
int cli_run(const cli_argv *a, cli_run_mode mode, char *why, size_t cap);

#endif
