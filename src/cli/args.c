/* Argument handling shared by the query commands (see args.h). */
#include "args.h"

#include "cli.h"

int cli_color_for(const char *cmd, const char *when, int json)
{
    int color = json ? 0 : cli_color(when);
    if (color < 0)
        cli_error("%s: --color takes auto, always or never, not '%s'", cmd,
                  when);
    return color;
}

int cli_query_words(const char *cmd, int argc, char **argv, int first,
                    sbuf *q)
{
    if (first >= argc) {
        cli_error("%s: no query given (try 'spor %s --help')", cmd, cmd);
        return -1;
    }
    for (int i = first; i < argc; i++)
        if ((i > first && sbuf_append_char(q, ' ')) ||
            sbuf_append_str(q, argv[i])) {
            cli_error("%s: out of memory", cmd);
            sbuf_free(q);
            return -1;
        }
    return 0;
}
