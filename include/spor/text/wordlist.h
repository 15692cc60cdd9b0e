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

/* A word list kept mapped for many look-ups. An index handle asks a few
 * words of each query (spell.h); mapping the file anew for each look-up
 * cost more than the look-up, the page tables built and torn down every
 * time, which showed when one process answers many queries (spor search
 * --batch). */
typedef struct wl_list wl_list;

/* Maps the word list at path until wl_close. NULL when the file is
 * missing, unreadable or empty (or memory runs out): the look-ups below
 * take NULL as a list without words, as wl_contains answers for such a
 * file. */
wl_list *wl_open(const char *path);
void wl_close(wl_list *l);

/* wl_contains and wl_contains_word on a list opened with wl_open. */
int wl_has(const wl_list *l, const char *word, size_t len);
int wl_has_word(const wl_list *l, const char *word, size_t len);

#endif
