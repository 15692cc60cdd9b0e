/* Opening the files spor reads whole (documents, and the tables it is
 * configured with: stop lists, word lists, thesauri, synonym lists,
 * manifests, gazetteers, config files) so that no file can hang or flood
 * a run: a FIFO, a device or a socket is refused before it is read (opening
 * one could block forever, or never end, like /dev/zero), and a file larger
 * than its kind allows is refused before a byte of it is read. */
#ifndef SPOR_TEXT_FILE_H
#define SPOR_TEXT_FILE_H

#include <stdio.h>

#include "spor/text/status.h"

/* Stop lists, synonym lists, manifests, config files: text a person
 * writes, a few kilobytes; 16 MB is far past any real one. */
#define FILE_MAX_TABLE_BYTES (16u << 20)
/* Word lists and thesauri from Debian (wdanish 3.9 MB, mythes-da 4.4 MB)
 * and the corpus's own: room for lists ten times those. */
#define FILE_MAX_WORDLIST_BYTES (64u << 20)

/* Opens path for reading when it is a regular file of at most max bytes,
 * without blocking on a FIFO. On failure err says "<path>: <why>", with
 * `what` (e.g. "stop list") naming the file's role, and nothing is open:
 * SPOR_EINVAL for a file over max, SPOR_EIO for everything else. With
 * FILE_MISSING_OK in flags, a file that does not exist is no error: the
 * call returns SPOR_OK with *out NULL. */
#define FILE_MISSING_OK 1u
spor_status file_open_regular(const char *path, const char *what,
                              unsigned long max, unsigned flags, FILE **out,
                              spor_err *err);

/* Reads the whole of a regular file of at most max bytes into a new
 * NUL-terminated buffer (see file_open_regular). */
spor_status file_read_all(const char *path, const char *what,
                          unsigned long max, char **data, size_t *len,
                          spor_err *err);

#endif
