/* Reading one file in a child process with bounded time and memory.
 *
 * Some files cost a reader far more than their size: a PDF of a few KB
 * whose Flate-compressed content stream expands to megabytes of text
 * stacked at one position keeps poppler busy for minutes and takes
 * hundreds of MB (poppler's text extraction is quadratic in characters
 * that overlap, and poppler-glib has no limit of its own on decompressed
 * bytes, time or memory). So such a reader runs in a forked child with
 * RLIMIT_CPU and an RLIMIT_AS above its starting size, under a wall-clock
 * deadline kept by the parent; the child sends the lines back through a
 * pipe. A child that goes over a limit, or dies, costs one file: it fails
 * with a message naming the file and the limit, and the run goes on.
 *
 * The limits per file, each overridable from the environment (a slower
 * machine, a test):
 *   RDG_MAX_CPU_SECONDS   CPU time          SPOR_PDF_MAX_SECONDS
 *   RDG_MAX_MEMORY_MB     memory above the  SPOR_PDF_MAX_MB
 *                         child's start
 * and a wall-clock deadline of RDG_WALL_FACTOR times the CPU limit (for a
 * child that waits rather than computes, or a machine shared with others).
 * A child that makes no progress at all for a few seconds is restarted
 * (readers_guard.c: RDG_STALL_SECONDS).
 * Decompressed bytes are bounded through these: poppler inflates a stream
 * as it reads it, so the time (and the memory of what it extracts) grows
 * with the bytes it expands to. */
#ifndef SPOR_READERS_GUARD_H
#define SPOR_READERS_GUARD_H

#include <stddef.h>
#include "spor/doc/reader.h"
#include "spor/text/status.h"

/* A real PDF of a thousand pages is read in seconds; a minute of CPU is
 * far beyond that and still bounds what a hostile file costs a run. */
#define RDG_MAX_CPU_SECONDS 60u
/* Poppler holds one page's text at a time and the lines of the document:
 * tens of MB for a large report. */
#define RDG_MAX_MEMORY_MB 1024u
/* The wall-clock deadline is this many times the CPU limit. */
#define RDG_WALL_FACTOR 3u
/* Environment variables that override the two limits. */
#define RDG_ENV_SECONDS "SPOR_PDF_MAX_SECONDS"
#define RDG_ENV_MB "SPOR_PDF_MAX_MB"
/* Set (to anything) in the environment, a PDF is read in spor's own
 * process without the limits: for memory checkers such as valgrind, which
 * would count the parent's heap as a forked child's leaks. Never for
 * untrusted input. */
#define RDG_ENV_IN_PROCESS "SPOR_PDF_IN_PROCESS"
/* Upper bounds for the overrides: a day, 64 GB. */
#define RDG_MAX_SECONDS_SETTING 86400ul
#define RDG_MAX_MB_SETTING 65536ul

/* Runs parse(bytes, len, name, out, err) in a child under the limits
 * above and returns its result as if it had run here. A file over a limit
 * or on which the child died fails with SPOR_EINVAL and a message naming
 * name and the limit (never SPOR_ENOMEM, which would stop a whole run:
 * the memory limit is the file's, not the process's). format ("PDF")
 * names the reader in messages. A file that failed so is remembered by
 * its content, and reading the same bytes again fails at once with the
 * same message (an index run reads every file twice). */
spor_status rdg_parse(rd_parse_fn parse, const char *format,
                      const char *bytes, size_t len, const char *name,
                      rd_doc *out, spor_err *err);

#endif
