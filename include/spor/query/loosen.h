/* A query's phrases loosened: "relationel velfærd" read as (relationel
 * AND velfærd), every word in any order and at any distance, or as
 * (relationel velfærd), any of its words. The match (match.c) shows the
 * passages with every word of the phrase apart after those of the phrase
 * itself when the phrase alone does not fill the page: a report that
 * names the concept in other words is still what someone quoting it is
 * after, below the exact matches. Passages with only some of the words
 * come last. */
#ifndef SPOR_LOOSEN_H
#define SPOR_LOOSEN_H

#include <stddef.h>
#include "spor/text/status.h"

/* *out is the query (len bytes of q) with each phrase of two or more words
 * in brackets instead of quotes, its words joined by AND when every_word
 * (malloc'd, NUL-terminated), or NULL when
 * the query has no phrase to loosen. Quotes are those Xapian's parser
 * reads: '"', U+201C and U+201D. A phrase the query excludes (-"a b"),
 * requires (+"a b"), gives to a field (doc:"a b") or that starts inside a
 * word is kept: loosening it would change what the query excludes or
 * filters, not only how near its words must stand. */
spor_status qry_loosen_phrases(const char *q, size_t len, int every_word,
                               char **out);

/* 1 when word (lower case) is a word of a quoted phrase of q (len
 * bytes). */
int qry_phrase_has_word(const char *q, size_t len, const char *word);

/* 1 when q (len bytes) quotes anything: its phrases are typed, not
 * made by Xapian's parser of a hyphenated word ("gadeplans-medarbejder"),
 * which is a phrase of its parts too. */
int qry_has_quotes(const char *q, size_t len);

#endif
