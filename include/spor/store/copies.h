/* Copies: finding passages that are the same text, or nearly, across the
 * whole corpus while it is indexed, so that search can collapse them with
 * Xapian's collapse keys.
 *
 * Two extractions of one report (a clean text and a raw PDF dump) are
 * segmented differently, so copies are rarely equal passages: hashes of
 * whole passages would not meet. Instead each passage is reduced to the
 * set of its word trigrams ("shingles", over lower-cased words, so
 * spacing, line breaks and repaired hyphenation do not count); a passage
 * whose shingles are mostly contained in an earlier passage's joins that
 * passage's copy group. The group key (the id of the group's first
 * passage) goes into a value slot, and search collapses on it. */
#ifndef SPOR_COPIES_H
#define SPOR_COPIES_H

#include <stddef.h>
#include <stdint.h>
#include "spor/text/status.h"

/* Share of the smaller passage's shingles found in the other, above which
 * two passages count as copies. Half is well above what two different
 * passages on one topic share (a few stock phrases) and below what two
 * extractions of one page share (line breaks and hyphenation change only
 * the trigrams around them). */
#define CP_CONTAINMENT 0.5
/* A passage with fewer shingles than this (a dozen words: an agenda line,
 * a caption) is a copy only of a passage about as short: a stub found in
 * a long passage is a heading or a quotation there, not a copy of it. */
#define CP_SHORT_SHINGLES 12

/* A shingle held by more passages than this is a stock phrase ("i forhold
 * til at"), not evidence of copying; its postings are not followed, which
 * keeps adding a passage cheap on large corpora. */
#define CP_MAX_POSTINGS 256

/* 64-bit words of a shingle set's signature: one bit per bucket of the
 * hashes, 1024 buckets. A passage has a few hundred shingles, so two
 * unrelated passages share few buckets, and the signature rules most
 * pairs out without merging the sets (cp_are_copies). */
#define CP_SIG_WORDS 16

typedef struct cp_shingles {
    uint64_t *h;   /* sorted, distinct */
    size_t n;
    uint64_t sig[CP_SIG_WORDS]; /* the buckets the hashes fall in */
    size_t sig_extra; /* n less the buckets set: hashes sharing a bucket */
} cp_shingles;

/* The shingles of text[0..len); a text of one or two words gets one
 * shingle for all of it. */
spor_status cp_make_shingles(const char *text, size_t len, cp_shingles *out);
void cp_shingles_free(cp_shingles *s);
/* How many shingles a and b share. */
size_t cp_common(const cp_shingles *a, const cp_shingles *b);
/* 1 when a and b are copies by CP_CONTAINMENT. The signatures bound the
 * shared count from above (shared buckets, plus the hashes that share a
 * bucket within the smaller set), so a pair whose bound is already too low
 * is answered without counting; the answer is the count's. */
int cp_are_copies(const cp_shingles *a, const cp_shingles *b);
/* 1 when `common` shared shingles make sets of na and nb shingles copies
 * by CP_CONTAINMENT (what cp_are_copies decides, for a caller that has
 * counted the shared shingles itself). */
int cp_contained(size_t common, size_t na, size_t nb);

typedef struct cp_detector cp_detector;

spor_status cp_new(cp_detector **out, spor_err *err);
void cp_free(cp_detector *d);

/* Adds a passage of document doc (documents are added one after the
 * other) and returns the number of the passage whose group it joins: its
 * own number (passages are numbered 0, 1, ... in the order added) when it
 * copies no earlier one. A group holds at most one passage per document:
 * when one long passage of a copy spans two of another's, the two are
 * different passages, and collapsing them would hide one. */
spor_status cp_add(cp_detector *d, const char *text, size_t len,
                   unsigned doc, size_t *group_out, spor_err *err);
/* cp_add for a passage whose shingles the caller made; *share gets the
 * share of the smaller set found in the passage joined (0 when it starts
 * its own group). */
spor_status cp_add_shingles(cp_detector *d, const cp_shingles *s,
                            unsigned doc, size_t *group, double *share,
                            spor_err *err);
/* Stock phrases: the shingles held by more than CP_MAX_POSTINGS of the
 * passages added (or marked), which the detector does not follow. An
 * update marks the full build's (stored in the index), so that its
 * detector, which holds only the new passages, skips what a detector of
 * the whole corpus would; cp_stock lists them (sorted, *out to free). */
spor_status cp_mark_stock(cp_detector *d, const uint64_t *h, size_t n);
int cp_is_stock(const cp_detector *d, uint64_t h);
spor_status cp_stock(const cp_detector *d, uint64_t **out, size_t *n);
/* The shingles a and b share that are not stock phrases: the count the
 * detector decides on. */
size_t cp_common_followed(const cp_detector *d, const cp_shingles *a,
                          const cp_shingles *b);
/* How many distinct shingle sets the passages added so far have: the
 * detector's postings grow with these, not with the passages. */
size_t cp_shapes(const cp_detector *d);

#endif
