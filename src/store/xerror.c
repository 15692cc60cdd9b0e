/* Turns errors from the Xapian wrapper into spor errors, in one place
 * (include/spor/store/xerror.h says why). */
#include "spor/store/xerror.h"

#include <stdarg.h>
#include <stdio.h>

/* What a person can do about a damaged index. */
#define XERR_REBUILD_HINT \
    " (index damaged? rebuild it with 'spor index --rebuild')"

spor_status xerr_status(xc_status xs)
{
    switch (xs) {
    case XC_OK: return SPOR_OK;
    case XC_ENOMEM: return SPOR_ENOMEM;
    case XC_EQUERY: return SPOR_EQUERY;
    case XC_ENOTFOUND: return SPOR_ENOTFOUND;
    case XC_EINVAL: return SPOR_EINVAL;
    case XC_EOPENING:
    case XC_EVERSION:
    case XC_ECORRUPT:
    case XC_ELOCK:
    case XC_EMODIFIED:
    case XC_ENETWORK:
    case XC_EOTHER: return SPOR_EINDEX;
    }
    return SPOR_EINTERNAL;
}

int xerr_may_be_damage(xc_status xs)
{
    return xs == XC_ECORRUPT || xs == XC_EOPENING || xs == XC_EOTHER;
}

spor_status xerr_fail(spor_err *err, const xc_error *xe, int hint_damage,
                      const char *fmt, ...)
{
    char context[SPOR_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(context, sizeof context, fmt, ap);
    va_end(ap);
    int hint = hint_damage && xerr_may_be_damage(xe->status);
    return spor_fail(err, xerr_status(xe->status), "%s: %s%s", context,
                     xe->msg, hint ? XERR_REBUILD_HINT : "");
}
