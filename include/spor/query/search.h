/* Searching an index: the query string goes through the same normaliser
 * as documents, then Xapian's QueryParser (with the stop list stored in
 * the index) and spor's word expansion, filters, BM25 over passages with
 * the prose prior, copies collapsed, highlights and a snippet for each
 * hit; a query without hits is retried with its spelling corrected, and
 * a quoted phrase with fewer passages than the page is followed by the
 * passages with its words apart (loosen.h). */
#ifndef SPOR_SEARCH_H
#define SPOR_SEARCH_H

#include <stddef.h>
#include <stdint.h>
#include "spor/query/facets.h"
#include "spor/doc/places.h"
#include "spor/store/schema.h"
#include "spor/store/shards.h"
#include "spor/query/snippet.h"
#include "spor/text/status.h"

typedef struct spor_index spor_index;

/* Opens the index in dir (see indexer.h). A missing, damaged or foreign
 * index gives SPOR_EINDEX with a message naming dir. */
spor_status spor_index_open(const char *dir, spor_index **out, spor_err *err);
/* Opens several databases as one index: shards of one index (index
 * folders, shard databases, Xapian stub files naming local and remote
 * shards; see shards.h). o may be NULL. With o->allow_partial, shards that
 * do not answer are left out (spor_index_missing_shards counts them). */
spor_status spor_index_open_set(const char *const *specs, size_t n,
                                const shd_open_opts *o, spor_index **out,
                                spor_err *err);
/* Shards of the index not searched (allow_partial), 0 when complete. */
unsigned spor_index_missing_shards(const spor_index *ix);
/* Shards of the index, 0 when it is one database. */
unsigned spor_index_shards(const spor_index *ix);
/* How messages name the index: its folder, or the parts named. */
const char *spor_index_name(const spor_index *ix);
/* 1 when some shard is searched over the network. */
int spor_index_is_remote(const spor_index *ix);
void spor_index_close(spor_index *ix);
/* The whole document table, read from the index on first use: opening an
 * index and searching it read only the entries of the hits, so start-up
 * does not grow with the corpus. Entries never move once read, so a hit's
 * doc stays valid after this call. NULL when the table cannot be read;
 * err says why. */
const schema_doctable *spor_index_docs(spor_index *ix, spor_err *err);
/* The gazetteer the index was tagged with, or NULL. */
const pl_gazetteer *spor_index_gazetteer(const spor_index *ix);

typedef struct spor_search_opts {
    unsigned offset;      /* hits to skip */
    unsigned limit;       /* hits to return */
    int keep_duplicates;  /* 1: do not collapse copies of one passage */
    int no_synonyms;      /* 1: do not expand words with synonyms */
    int no_spelling;      /* 1: neither suggest a spelling nor search it
                             when the query has no hits */
    int strict_phrases;   /* 1: a quoted phrase matches only as a phrase;
                             0: when its passages do not fill the page,
                             those with its words apart follow (loosen.h),
                             marked spor_hit.apart */
    int explain;          /* 1: fill spor_hit.explain */
    unsigned snippet_words;
    /* Filters (filters.h), each a comma-separated list of alternatives or
     * NULL: places, documents (id or part of the path), years (2015 or
     * 2015..2023). */
    const char *places, *docs, *years;
    unsigned per_doc;     /* at most this many hits per document, 0 = any */
    /* Words that add weight to passages the query matches but do not
     * match on their own (Xapian's AND_MAYBE), scaled by boost_weight;
     * NULL for none. */
    const char *boost;
    double boost_weight;
    int facets;           /* 1: count matches per place, document, year */
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
    double bm25;                  /* Xapian's score, before the factors */
    double prior;                 /* the prose prior (rank.h) */
    double coverage;              /* share of the query's weight matched;
                                     score = bm25 × prior ×
                                     rank_coverage_factor(coverage) */
    spor_explain_term *explain;   /* with opts.explain: what matched */
    size_t n_explain;
    int apart;                    /* 1: the query's phrases are not in this
                                     passage, only their words (ranked
                                     after every passage with them) */
} spor_hit;

typedef struct spor_results {
    spor_hit *hits;
    size_t n;
    unsigned estimated;  /* Xapian's estimate of all matching passages */
    spor_facets facets;  /* filled when opts.facets is set */
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

/* 1 when r, from a search with options o, found nothing: no hits, or for a
 * search without a page (o->limit 0) no matches. */
int spor_results_none(const spor_results *r, const spor_search_opts *o);

/* The query with misspelt words corrected (spell.h), as spor_search would
 * suggest it: *out is malloc'd, or NULL when nothing needs correcting.
 * For callers that search one query several times (once per place) and
 * want one suggestion for all. */
spor_status spor_suggest(spor_index *ix, const char *query, char **out,
                         spor_err *err);

/* Calls fn for each place the index's passages are tagged with, named as
 * the gazetteer writes it (a place it lacks in lower case); fn returns
 * non-zero to stop. */
typedef int (*spor_place_fn)(void *ctx, const char *name, size_t len);
spor_status spor_index_each_place(spor_index *ix, spor_place_fn fn,
                                  void *ctx, spor_err *err);

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
