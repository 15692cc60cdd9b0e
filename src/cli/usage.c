/* What `spor COMMAND --help` prints, made from the command's declaration
 * and its option table (opts.h): the usage line, the help paragraphs and
 * one line per option, its description wrapped to a terminal's width. */
#include <stdio.h>
#include <string.h>

#include "opts.h"

/* Help lines wrap before this column, as a terminal of 80 shows them. */
#define HELP_WIDTH 79
/* The column where option descriptions start. */
#define HELP_INDENT 28

/* Writes text from column HELP_INDENT on, wrapped at word breaks. */
static void print_wrapped(const char *w)
{
    int col = HELP_INDENT;
    while (*w) {
        size_t wl = strcspn(w, " ");
        if (col > HELP_INDENT && col + 1 + (int)wl > HELP_WIDTH) {
            printf("\n%*s", HELP_INDENT, "");
            col = HELP_INDENT;
        } else if (col > HELP_INDENT) {
            putchar(' ');
            col++;
        }
        fwrite(w, 1, wl, stdout);
        col += (int)wl;
        w += wl;
        while (*w == ' ')
            w++;
    }
    putchar('\n');
}

void cli_print_command_help(const cli_command *cmd)
{
    printf("usage: spor %s [OPTIONS]%s%s\n\n%s\n\noptions:\n", cmd->name,
           cmd->args ? " " : "", cmd->args ? cmd->args : "", cmd->help);
    for (const cli_option *o = cmd->options; o->kind != CLI_KIND_END; o++) {
        char left[64];
        int n = snprintf(left, sizeof left, "  %c%c%c --%s%s%s",
                         o->short_name ? '-' : ' ',
                         o->short_name ? o->short_name : ' ',
                         o->short_name ? ',' : ' ', o->name,
                         o->metavar ? " " : "", o->metavar ? o->metavar : "");
        fputs(left, stdout);
        int col = n;
        if (col > HELP_INDENT - 2) {
            putchar('\n');
            col = 0;
        }
        printf("%*s", HELP_INDENT - col, "");
        print_wrapped(o->help);
    }
}
