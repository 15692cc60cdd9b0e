/* Reading ahead (readahead.c owns it): threads that read and segment the
 * files of a work list while the indexer's own thread works on the ones
 * read before, handed over in the list's order, so that what the indexer
 * does with them (counting words, giving documents their ordinals) is
 * the same as reading them one by one. Reading and segmenting is most of
 * the counting pass, which otherwise keeps one core busy and the other
 * idle. How far the threads run ahead is bounded (RA_WINDOW_FILES,
 * RA_WINDOW_BYTES), so memory does not grow with the corpus. */
#ifndef SPOR_STORE_READAHEAD_H
#define SPOR_STORE_READAHEAD_H

#include <stddef.h>
#include <sys/stat.h>

#include "spor/doc/reader.h"
#include "spor/doc/segment.h"
#include "spor/text/status.h"

struct work_list;
typedef struct ra_reader ra_reader;

/* Where reading a file stopped. */
typedef enum ra_stage {
    RA_DONE,     /* read and segmented: seg (and doc, when kept) hold it */
    RA_STAT,     /* stat failed: stat_errno says why */
    RA_READ,     /* fmt_read_any failed: err says why */
    RA_SEGMENT   /* seg_segment failed: err says why (doc still kept) */
} ra_stage;

/* One file as the threads left it; the receiver of ra_next owns doc and
 * seg (free them with rd_doc_free and seg_result_free whatever the
 * stage: they are zeroed where not filled). */
typedef struct ra_file {
    size_t index;          /* its place in the work list */
    const char *path;      /* its path, the work list's */
    ra_stage stage;
    spor_status st;        /* fmt_read_any's or seg_segment's status */
    spor_err err;
    int stat_errno;
    struct stat sb;        /* with do_stat: the file's stat before reading */
    rd_doc doc;            /* with keep_doc; else freed once segmented */
    seg_result seg;
} ra_file;

/* Starts reading files ahead in n_threads threads (at least one). With
 * do_stat, each file is stat'ed just before it is read; with keep_doc,
 * its rd_doc is kept for the receiver. */
spor_status ra_start(const struct work_list *files, unsigned n_threads,
                     int do_stat, int keep_doc, ra_reader **out,
                     spor_err *err);

/* The next file of the list, in order, into *out: 1, or 0 when every
 * file has been handed over. Waits for the threads as needed. */
int ra_next(ra_reader *ra, ra_file *out);

/* Stops the threads (files read but not taken are freed) and frees ra;
 * NULL is allowed. */
void ra_free(ra_reader *ra);

#endif
