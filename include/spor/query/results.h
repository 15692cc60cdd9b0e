/* What a search is asked and what it answers (search.h runs it, compare.h
 * runs it place by place): the options, the hits with what explains
 * their rank, and the results around them (facets, a spelling
 * suggestion). results.c owns the defaults and the freeing. */
#ifndef SPOR_QUERY_RESULTS_H
#define SPOR_QUERY_RESULTS_H

#include <stddef.h>
#include "spor/query/facets.h"
#include "spor/query/snippet.h"
#include "spor/store/schema.h"

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

/* The options of a plain search: the first 10 hits, snippets of
 * SNIP_DEFAULT_WORDS words, nothing filtered. */
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
    char **missing;               /* the query words (and quoted phrases)
                                     this passage matches in no way, of
                                     those some candidate matches; query
                                     order, each once */
    size_t n_missing;
    char continues[SCHEMA_ID_MAX]; /* "" for a passage the query matches;
                                     else the id of the hit on the page
                                     whose section this passage goes on
                                     in, not naming its case (ranked
                                     after every passage matched) */
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
    int capped;          /* 1: the page asked for more passages than one
                            query ranks (SPOR_MAX_RANKED): it holds what
                            the best ones gave */
    char **missing;      /* the query words (and quoted phrases) no form
                            of which is in the index (stem, exact form,
                            compound parts, spelling, synonyms: every way
                            the query matches it), in query order, each
                            once; of the suggestion when corrected */
    size_t n_missing;
    char **by_head;      /* the query words the index has in no form and
                            that matched as their known head instead
                            ("snyltefamilier" as "familier"), in query
                            order; heads[i] is by_head[i]'s head */
    char **heads;
    size_t n_by_head;
} spor_results;

/* About how many passages one query ranks: -n and --offset past it give
 * a shorter page (spor_results.capped). match.c says why. */
#define SPOR_MAX_RANKED 4000

/* Frees n malloc'd words and their array (spor_hit.missing,
 * spor_results.missing). */
void spor_words_free(char **words, size_t n);

/* Frees what one hit owns. */
void spor_hit_free(spor_hit *h);
void spor_results_free(spor_results *r);

/* 1 when r, from a search with options o, found nothing: no hits, or for a
 * search without a page (o->limit 0) no matches. */
int spor_results_none(const spor_results *r, const spor_search_opts *o);

#endif
