/* Whether a section heading is a query's phrase itself: both reduced to
 * their words' stems, in order ("Social innovation" and "social
 * innovationen"). The match (match.c) lifts the passages under such a
 * heading: the whole section is about the phrase. */
#ifndef SPOR_QUERY_HEADKEY_H
#define SPOR_QUERY_HEADKEY_H

#include "qbuild.h"
#include "spor/analysis/stem.h"
#include "spor/analysis/stopwords.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"

/* The stems of text's words, stop words left out, one space apart, into
 * out (reset first); *words is their number. */
spor_status hk_key(stem_stemmer *sm, const stop_list *stops,
                   const char *text, size_t len, sbuf *out, size_t *words);

/* The keys a heading may equal, from the expansion's items: each phrase
 * (a query word of two or more words) and the query's words together
 * when there are two or more; '\n'-separated in out. */
spor_status hk_phrases(stem_stemmer *sm, const stop_list *stops,
                       const qb_explain *ex, sbuf *out);

/* 1 when heading's key is one of keys (hk_phrases); -1 on failure. */
int hk_heading_is(stem_stemmer *sm, const stop_list *stops,
                  const char *heading, const sbuf *keys, sbuf *tmp);

/* 1 when heading's key holds phrase_key (the phrase's hk_key) as a run
 * of whole words: the heading names the phrase, not only its words apart
 * ("Social innovation i praksis" holds "social innovation"; "Fremskudte
 * indsatser løfter beskæftigelsen" does not hold "fremskudt
 * beskæftigelse"); -1 on failure. */
int hk_heading_has(stem_stemmer *sm, const stop_list *stops,
                   const char *heading, const sbuf *phrase_key, sbuf *tmp);

#endif
