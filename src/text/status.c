/* The error record: formatting a one-line message into a fixed buffer, so
 * reporting an error never needs an allocation that could itself fail. */
#include "spor/text/status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

spor_status spor_fail(spor_err *err, spor_status status, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->status = status;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        /* Messages are one line by contract: a newline from a file name or a
         * library message would break grep-style stderr. */
        for (char *p = err->msg; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
    }
    return status;
}

void spor_err_clear(spor_err *err)
{
    if (err) {
        err->status = SPOR_OK;
        err->msg[0] = '\0';
    }
}

const char *spor_status_name(spor_status status)
{
    switch (status) {
    case SPOR_OK: return "ok";
    case SPOR_ENOMEM: return "out of memory";
    case SPOR_EIO: return "input/output error";
    case SPOR_EINVAL: return "invalid input";
    case SPOR_EBINARY: return "not a text file";
    case SPOR_EINDEX: return "index error";
    case SPOR_EQUERY: return "query error";
    case SPOR_ENOTFOUND: return "not found";
    case SPOR_EINTERNAL: return "internal error";
    }
    return "unknown error";
}
