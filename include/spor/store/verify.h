/* Verifying a database's tables before a reader trusts them.
 *
 * libxapian reads a table's blocks as they are: a damaged block that still
 * looks like a block can send its match into memory it does not own
 * (single flipped bytes of postlist.glass or position.glass crashed
 * searches with SIGSEGV). Xapian's own check (xc_db_check) finds that
 * damage, but reads the whole database, so it runs once per state of the
 * tables: a marker file beside them records the identity of each table
 * file (device, inode, size, modification and change times) when the check
 * passed, and a reader whose tables still match it skips the check. A
 * generation is never changed by spor once published, so any change to
 * its tables (a copy, a restore, a stray write) is checked again. */
#ifndef SPOR_STORE_VERIFY_H
#define SPOR_STORE_VERIFY_H

#include "spor/text/status.h"

/* The marker's name, in the database's folder. */
#define VFY_MARKER "spor.verified"

/* Checks the glass database in the folder db_path unless its tables match
 * the marker, and writes the marker when the check passes (when the
 * folder is writable; otherwise the check runs on every open). A folder
 * that is no glass database is left to the open to report. Fails with
 * SPOR_EINDEX: "<db_path>: index is damaged: <what Xapian found>", with the
 * rebuild advice, or "<table>: permission denied" for a table the reader
 * may not read. */
spor_status vfy_tables(const char *db_path, spor_err *err);

/* The writer's check of a generation it made, before it publishes it:
 * vfy_tables on the database, or on each shard of a sharded generation,
 * so that readers of it find the marker and skip the check. */
spor_status vfy_generation(const char *gen_path, spor_err *err);

#endif
