/* A candidate passage of one match, as the match (match.c) fetches and
 * ranks it and the copy folding (collapse.h) reads it: a type only,
 * shared inside the query layer. */
#ifndef SPOR_QUERY_CANDIDATE_H
#define SPOR_QUERY_CANDIDATE_H

#include "spor/store/schema.h"

typedef struct cand_passage {
    unsigned docid;
    double score;                 /* the rank: bm25 × prior × coverage's */
    double bm25, prior, coverage; /* as spor_hit has them */
    /* One flag a query word (match.c's word groups), set for a word some
     * candidate matches (or word_groups.named names) and this one does
     * not; NULL when not known. Points into the match's table. */
    const unsigned char *lacks;
    char id[SCHEMA_ID_MAX];       /* from its hit value */
    char copy_key[SCHEMA_ID_MAX]; /* its collapse key ("" when copies are
                                     kept) */
    char *splits;                 /* SCHEMA_SLOT_SPLITS, malloc'd */
    size_t splits_len;
    int apart;                    /* spor_hit.apart: lacks a quoted phrase */
    schema_record rec;
} cand_passage;

#endif
