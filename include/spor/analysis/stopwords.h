/* The Danish stop list: function words that carry no meaning on their own
 * (og, i, at, ...). They are still indexed as words with positions, so that
 * phrases containing them match, but they get no stem term and the query
 * parser drops them outside phrases. */
#ifndef SPOR_STOPWORDS_H
#define SPOR_STOPWORDS_H

#include <stddef.h>
#include "spor/text/status.h"

typedef struct stop_list stop_list;

/* Parses a list: one word per line, '#' or '|' starts a comment (Snowball's
 * own files use '|'), blank lines ignored. Words are lower-cased UTF-8. */
spor_status stop_parse(const char *text, size_t len, stop_list **out,
                       spor_err *err);
/* Reads and parses the file at path; errors name the path. */
spor_status stop_load(const char *path, stop_list **out, spor_err *err);
void stop_free(stop_list *s);

int stop_contains(const stop_list *s, const char *word, size_t len);
size_t stop_count(const stop_list *s);
const char *stop_word(const stop_list *s, size_t i);

#endif
