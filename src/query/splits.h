/* The compound splits of the corpus's words, as the highlights need them
 * (highlight.h): each word of each hit's passage is looked up in the
 * index's compound table, and most of those look-ups find nothing. A
 * look-up walks Xapian's B-tree, block reads and all, and the hits of one
 * process's queries share most of their words, so the answers are kept
 * on the index handle, which never sees its index change: spor search
 * --batch spent about 40% of its time in these look-ups before. */
#ifndef SPOR_QUERY_SPLITS_H
#define SPOR_QUERY_SPLITS_H

#include <stddef.h>
#include "index_priv.h"
#include "spor/text/buf.h"

/* The parts of word[0..len), a compound of the corpus, space-separated
 * ("beskæftigelse indsats"), into *parts (replaced). Returns 1 for a
 * compound, 0 for a word that is none, -1 when the table cannot be read
 * or memory runs out (the word then gets no highlight). */
int splits_get(spor_index *ix, const char *word, size_t len, sbuf *parts);

#endif
