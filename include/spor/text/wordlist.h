/* Looking a word up in a word list file without reading it all.
 *
 * Debian's word lists (/usr/share/dict/danish: 4 MB, 350,000 lines) are
 * sorted in byte order, so a query word is found by binary search over a
 * read-only mmap() of the file: some twenty probes touch a few pages,
 * where reading and scanning the file took milliseconds per query. The
 * probes check the order they see; a file found out of order is scanned
 * line by line instead, so an unsorted list still answers right, only
 * slower. */
#ifndef SPOR_WORDLIST_H
#define SPOR_WORDLIST_H

#include <stddef.h>

/* Whether the word list at path has a line equal to word[0..len) (a
 * trailing '\r' on a line is ignored). A missing, unreadable or empty file
 * answers 0. */
int wl_contains(const char *path, const char *word, size_t len);

/* wl_contains for word as given (lower case) or with a capital initial,
 * as proper nouns are listed ("Aarhus"). */
int wl_contains_word(const char *path, const char *word, size_t len);

#endif
