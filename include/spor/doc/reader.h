/* Reading a document file into normalised lines.
 *
 * The reader owns the bytes-to-text step: it refuses what is not text
 * (binary bytes, UTF-16), reads 8-bit text as Windows-1252, replaces
 * stray invalid UTF-8 and NUL bytes (and counts them, so the caller can
 * warn), drops a BOM, splits lines on LF, CRLF or CR, and normalises each line
 * (norm_line). Each line remembers where it came from, so that a passage can
 * later cite its source line numbers and byte range in the original file. */
#ifndef SPOR_READER_H
#define SPOR_READER_H

#include <stddef.h>
#include <stdint.h>
#include "spor/text/status.h"

/* Text has next to no control bytes (tab, line breaks and form feed aside);
 * a file with more than this share of them (NUL included) is binary. A few
 * stray NULs from a broken converter are read as spaces instead. */
#define RD_MAX_CONTROL_PERMILLE 10
/* A file with more than this share of bytes that are not UTF-8, and some
 * that are, is not text in any encoding we read (random or compressed
 * bytes: about half of them are not UTF-8). One with no valid UTF-8
 * multi-byte character at all is read as Windows-1252, the usual 8-bit
 * encoding of Danish text. */
#define RD_MAX_INVALID_PERMILLE 250

/* Files above this size are refused: spor indexes reports, and a larger
 * "text" file is almost always a log or a data dump. */
#define RD_MAX_FILE_BYTES (256u * 1024u * 1024u)

/* What a reader of a structured format (HTML, PDF fonts, Markdown) knows
 * about a line, so the segmenter need not guess from the text alone. */
typedef enum rd_role {
    RD_ROLE_GUESS = 0, /* plain text: the segmenter decides (the default) */
    RD_ROLE_HEADING,   /* a section heading (markers already stripped) */
    RD_ROLE_TEXT       /* body text, never a heading, whatever it looks like */
} rd_role;

typedef struct rd_line {
    char *text;        /* normalised, NUL-terminated, no line terminator */
    size_t len;
    unsigned lineno;   /* 1-based source line number */
    size_t src_off;    /* byte offset of the line in the source file */
    size_t src_len;    /* byte length in the source (without terminator) */
    unsigned page;     /* 1-based page (PDF), 0 when the format has none */
    rd_role role;
} rd_line;

typedef struct rd_doc {
    rd_line *lines;
    size_t n_lines;
    size_t src_bytes;     /* size of the file as read */
    size_t n_invalid;     /* invalid UTF-8 bytes replaced by U+FFFD (or,
                             with latin1, bytes read as Windows-1252) */
    size_t first_invalid; /* byte offset of the first, when n_invalid > 0 */
    size_t n_nul;         /* NUL bytes read as spaces */
    int latin1;           /* 1: not UTF-8, read as Windows-1252 */
    uint64_t content_hash; /* FNV-1a 64 of the raw bytes */
    char *title;          /* the format's own title (HTML <title>, PDF
                             metadata), NULL when it has none */
    char *warning;        /* what the reader has to say about how it read
                             the file (an HTML page's declared charset that
                             its bytes contradict), NULL when nothing */
    int structured;       /* 1: a reader of a structured format made the
                             lines, and a blank line is exactly a paragraph
                             break (the segmenter guesses no layout) */
    size_t cap_lines;     /* allocated lines (rd_doc_append) */
} rd_doc;

/* Reads and normalises the file at path. Errors name the path: SPOR_EIO
 * (cannot open/read, a directory), SPOR_EBINARY (not text: control bytes
 * or non-UTF-8 bytes above the limits, or UTF-16), SPOR_EINVAL (larger
 * than RD_MAX_FILE_BYTES). */
spor_status rd_read_file(const char *path, rd_doc *out, spor_err *err);

/* The same from memory (tests, and readers of other formats). */
spor_status rd_read_buffer(const char *bytes, size_t len, rd_doc *out,
                           spor_err *err);

void rd_doc_free(rd_doc *doc);

/* Reads the whole file at path into *bytes (malloc'd, NUL-terminated, the
 * NUL not counted in *len), with the checks and messages of rd_read_file:
 * SPOR_EIO, SPOR_EINVAL for a file above RD_MAX_FILE_BYTES. */
spor_status rd_load_file(const char *path, char **bytes, size_t *len,
                         spor_err *err);

/* The plain-text reader over bytes already in memory; name is used in
 * error messages (rd_read_file is rd_read_with(rd_parse_text)). */
spor_status rd_parse_text(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err);

/* A reader over bytes in memory, as rd_parse_text. */
typedef spor_status (*rd_parse_fn)(const char *bytes, size_t len,
                                   const char *name, rd_doc *out,
                                   spor_err *err);

/* Loads the file at path (rd_load_file) and hands its bytes to parse, with
 * the path as the name. */
spor_status rd_read_with(const char *path, rd_parse_fn parse, rd_doc *out,
                         spor_err *err);

/* FNV-1a 64 of bytes: the content hash every reader records. */
uint64_t rd_hash_bytes(const char *bytes, size_t len);

/* For readers of other formats: appends a line made from text[0..len)
 * (sanitised: invalid UTF-8 is replaced and counted; then normalised).
 * meta gives lineno, src_off, src_len, page and role; its text is
 * ignored. */
spor_status rd_doc_append(rd_doc *doc, const char *text, size_t len,
                          const rd_line *meta);

/* The readers, over bytes in memory; name is used in messages. */
spor_status rd_parse_markdown(const char *bytes, size_t len, const char *name,
                              rd_doc *out, spor_err *err);
spor_status rd_parse_html(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err);
spor_status rd_parse_pdf(const char *bytes, size_t len, const char *name,
                         rd_doc *out, spor_err *err);

#endif
