/* Argument handling shared by the query commands (see args.h). */
#include "args.h"

#include "cli.h"

int cli_query_words(const char *cmd, char *const *words, size_t n, sbuf *q)
{
    if (n == 0) {
        cli_error("%s: no query given (see 'spor %s --help')", cmd, cmd);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if ((i && sbuf_append_char(q, ' ')) || sbuf_append_str(q, words[i])) {
            cli_error("%s: out of memory", cmd);
            sbuf_free(q);
            return -1;
        }
    return 0;
}
