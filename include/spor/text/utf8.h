/* UTF-8 decoding, encoding, validation, simple case mapping, character
 * classes and display widths (utf8proc's tables underneath).
 * Every byte string from outside (files, queries, file names) passes through
 * utf8_sanitize before anything else looks at it, so the rest of libspor may
 * assume valid UTF-8. */
#ifndef SPOR_UTF8_H
#define SPOR_UTF8_H

#include <stddef.h>
#include <stdint.h>
#include "spor/text/buf.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* Decodes one code point at s[0..len). On success returns it and sets *adv
 * to its byte length (1..4). On an invalid or truncated sequence (overlong,
 * surrogate, > U+10FFFF) returns UTF8_INVALID and sets *adv to 1. len must
 * be > 0. */
#define UTF8_INVALID 0xFFFFFFFFu
uint32_t utf8_decode(const char *s, size_t len, size_t *adv);

/* Writes cp as UTF-8 into out (at least 4 bytes); returns the byte count. */
size_t utf8_encode(uint32_t cp, char *out);

/* Copies in[0..len) to out replacing each invalid byte with U+FFFD.
 * *n_invalid receives how many bytes were replaced and *first_invalid the
 * byte offset of the first (both optional). */
spor_status utf8_sanitize(const char *in, size_t len, sbuf *out,
                          size_t *n_invalid, size_t *first_invalid);

/* 1 when s[0..len) is entirely valid UTF-8. */
int utf8_valid(const char *s, size_t len);

/* Simple (one-to-one) case mapping for every script; code points without
 * case are returned unchanged, and ß has no capital here. */
uint32_t utf8_tolower(uint32_t cp);
uint32_t utf8_toupper(uint32_t cp);

/* Character classes used by the tokeniser: letters of every script
 * (æ ø å é ü among them) and combining marks count as letters; digits are
 * ASCII 0-9 only. */
int utf8_is_letter(uint32_t cp);
int utf8_is_digit(uint32_t cp);
int utf8_is_upper(uint32_t cp);
int utf8_is_space(uint32_t cp); /* includes NBSP and the Unicode spaces */

/* Terminal columns s[0..len) (valid UTF-8) takes: combining marks and
 * zero-width characters none, East Asian wide characters two, ASCII one
 * per byte. */
size_t utf8_width(const char *s, size_t len);

/* Byte length of the longest prefix of s[0..len) at most cols columns wide
 * (a combining mark stays with the character before it). */
size_t utf8_width_prefix(const char *s, size_t len, size_t cols);

/* Appends the lower-cased form of s[0..len) (valid UTF-8) to out. */
spor_status utf8_lower(const char *s, size_t len, sbuf *out);

#endif
