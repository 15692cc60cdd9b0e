/* Status codes and the error record every libspor call threads through.
 * The library never prints or exits: a failing call fills a spor_err with
 * one line that says what went wrong and where, and returns its status. The
 * CLI decides what to show and which exit code to use. */
#ifndef SPOR_STATUS_H
#define SPOR_STATUS_H

#include <stddef.h>

typedef enum spor_status {
    SPOR_OK = 0,
    SPOR_ENOMEM,    /* allocation failed */
    SPOR_EIO,       /* reading or writing a file failed */
    SPOR_EINVAL,    /* bad argument or bad input data */
    SPOR_EBINARY,   /* input is not text (NUL bytes, not UTF-8 at all) */
    SPOR_EINDEX,    /* index missing, damaged, locked or of another schema */
    SPOR_EQUERY,    /* query string could not be parsed */
    SPOR_ENOTFOUND, /* a named thing (passage id, document) does not exist */
    SPOR_EINTERNAL  /* a library below us failed in an unexpected way */
} spor_status;

/* Big enough for a path and a reason; longer messages are truncated. */
#define SPOR_ERR_MSG_MAX 512

typedef struct spor_err {
    spor_status status;
    char msg[SPOR_ERR_MSG_MAX];
} spor_err;

/* Records status and a printf-style message in err (which may be NULL) and
 * returns status, so callers can write `return spor_fail(err, ...)`. */
spor_status spor_fail(spor_err *err, spor_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Clears err to SPOR_OK with an empty message. */
void spor_err_clear(spor_err *err);

/* A short English name for a status ("out of memory", ...). */
const char *spor_status_name(spor_status status);

#endif
