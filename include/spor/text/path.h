/* Paths that open from anywhere: a path made absolute against the current
 * folder and tidied by its letters alone (".", ".." and repeated slashes
 * taken out; symlinks are not resolved, so the path keeps the names the
 * user sees), and the part of such a path below a folder. The index
 * stores documents' paths this way, and shows them relative where that
 * reads better. */
#ifndef SPOR_TEXT_PATH_H
#define SPOR_TEXT_PATH_H

#include "spor/text/buf.h"
#include "spor/text/status.h"

/* The current folder, absolute (getcwd), into out (reset first). */
spor_status path_cwd(sbuf *out, spor_err *err);

/* path made absolute against cwd (absolute itself; ignored when path is
 * absolute) and tidied, into out (reset first). "/" stays "/". */
spor_status path_absolute(const char *path, const char *cwd, sbuf *out);

/* The part of the absolute path below folder dir ("a/b.txt" for
 * "/x/a/b.txt" under "/x" or "/x/"), or NULL when path is not inside dir
 * (or is dir itself). Both must be tidied as path_absolute tidies. */
const char *path_below(const char *path, const char *dir);

#endif
