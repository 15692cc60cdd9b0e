/* The one place where an error from the Xapian wrapper (xc_status and its
 * message, include/xapian_c.h) becomes a spor error: a single mapping of
 * Xapian's kinds to spor's codes, and a single wording of the advice a
 * damaged index gets. Every layer that calls the wrapper reports through
 * here instead of choosing codes of its own. */
#ifndef SPOR_STORE_XERROR_H
#define SPOR_STORE_XERROR_H

#include "spor/text/status.h"
#include "xapian_c.h"

/* The spor code for a wrapper status: out of memory stays out of memory,
 * a query the parser rejects is a query error, an absent key or document
 * is "not found", a bad argument is invalid input, and everything else
 * (missing, locked, damaged, too new or unreachable databases, and
 * Xapian's other errors) is an index error. */
spor_status xerr_status(xc_status xs);

/* Nonzero when the wrapper status may mean a damaged index: Xapian finds
 * a damaged table only when it reads the damaged block, so a failure to
 * open, a corrupt block and an unclassified error all may be damage. */
int xerr_may_be_damage(xc_status xs);

/* Fills err with "<context>: <Xapian's message>", where the context is
 * formatted from fmt, adds the rebuild advice when the failure may be
 * damage and hint_damage is nonzero, and returns xerr_status(xe->status). */
spor_status xerr_fail(spor_err *err, const xc_error *xe, int hint_damage,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
