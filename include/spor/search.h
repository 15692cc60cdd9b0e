/* Searching an index: the query string goes through the same normaliser
 * as documents, then Xapian's QueryParser (with spor's stemmer and the stop
 * list stored in the index), BM25 over passages, duplicate collapsing, and
 * highlights and a snippet for each hit. */
#ifndef SPOR_SEARCH_H
#define SPOR_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "spor/schema.h"
#include "spor/snippet.h"
#include "spor/status.h"

typedef struct spor_index spor_index;

/* Opens the index in dir (see indexer.h). A missing, damaged or foreign
 * index gives SPOR_EINDEX with a message naming dir. */
spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err);
void spor_index_close(spor_index *ix);
/* The whole document table (read from the index on first use: a search
 * itself reads only its hits' entries). NULL when it cannot be read; err
 * says why. */
const schema_doctable *spor_index_docs(spor_index *ix, spor_err *err);

typedef struct spor_search_opts {
    unsigned offset;      /* hits to skip */
    unsigned limit;       /* hits to return */
    int keep_duplicates;  /* 1: do not collapse copies of one passage */
    int no_synonyms;      /* 1: do not expand words with synonyms */
    int explain;          /* 1: fill spor_hit.explain */
    unsigned snippet_words;
} spor_search_opts;

void spor_search_opts_default(spor_search_opts *o);

/* What one way of matching a query word added to a hit's score. */
typedef struct spor_explain_term {
    char *word;        /* the query word */
    const char *kind;  /* "stem", "exact", "in compound", "synonym", ... */
    double weight;     /* its BM25 weight in this passage */
} spor_explain_term;

typedef struct spor_hit {
    unsigned rank;                /* 1-based, counting from offset */
    double score;
    char id[SCHEMA_ID_MAX];
    const schema_docinfo *doc;    /* borrowed from the index */
    schema_record rec;
    snip_result snip;             /* highlights in rec.text, snippet */
    char (*also_in)[SCHEMA_ID_MAX]; /* ids of collapsed copies */
    size_t n_also_in;
    double bm25;                  /* Xapian's score, before the prior */
    double prior;                 /* score = bm25 × prior */
    spor_explain_term *explain;   /* with opts.explain: what matched */
    size_t n_explain;
} spor_hit;

typedef struct spor_results {
    spor_hit *hits;
    size_t n;
    unsigned estimated;  /* Xapian's estimate of all matching passages */
    char *suggestion;    /* the query with misspelt words corrected, or
                            NULL ("Mente du: ...") */
    int corrected;       /* 1: the query had no hits, so these are the
                            hits of the suggestion */
    int explained;       /* 1: the hits carry explain data */
} spor_results;

/* Runs query. An empty query or one with nothing to search for gives
 * SPOR_EQUERY; a query Xapian cannot parse likewise. */
spor_status spor_search(spor_index *ix, const char *query,
                        const spor_search_opts *o, spor_results *out,
                        spor_err *err);
void spor_results_free(spor_results *r);

typedef struct spor_index_stats {
    unsigned n_docs;
    unsigned n_passages;
    unsigned long n_terms;      /* distinct words (no stems, no filters) */
    unsigned long n_stems;
    uint64_t index_bytes;       /* on disk */
    uint64_t raw_bytes;         /* of the documents indexed */
} spor_index_stats;

spor_status spor_index_get_stats(spor_index *ix, spor_index_stats *out,
                                 spor_err *err);

#endif
