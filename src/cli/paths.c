/* Showing documents' paths relative to the index's folder or the current
 * one (paths.h says which where). The two folders are the CLI's state for
 * the one command a process runs. */
#include "paths.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/path.h"

static char *index_root;
static sbuf cwd = SBUF_INIT;

void cli_paths_set(const char *root)
{
    cli_paths_free();
    index_root = root && root[0] ? strdup(root) : NULL;
    if (path_cwd(&cwd, NULL) != SPOR_OK)
        sbuf_free(&cwd); /* no current folder: paths shown as stored */
}

static const char *below(const char *path, const char *dir)
{
    const char *b = dir && path[0] == '/' ? path_below(path, dir) : NULL;
    return b ? b : path;
}

const char *cli_doc_path(const char *path)
{
    return below(path, index_root);
}

const char *cli_shown_path(const char *path)
{
    return below(path, cwd.data);
}

void cli_paths_free(void)
{
    free(index_root);
    index_root = NULL;
    sbuf_free(&cwd);
}
