/* Choosing the reader for a file: magic bytes first, the name second.
 *
 * Content wins over the name because files travel under wrong names (a
 * report downloaded as "download.php", a PDF renamed ".txt"); the name
 * decides only what the bytes cannot tell, Markdown from plain text. The
 * magic checks are deliberately few: the formats spor reads, and the common
 * binary formats a document folder also holds, so these are refused with a
 * message that says what they are rather than "NUL byte at offset 3". */
#include "spor/doc/formats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spor/text/file.h"

typedef struct name_format {
    const char *ext; /* lower case, without the dot */
    rd_format format;
} name_format;

static const name_format extensions[] = {
    {"txt", RD_FORMAT_TEXT},      {"text", RD_FORMAT_TEXT},
    {"md", RD_FORMAT_MARKDOWN},   {"markdown", RD_FORMAT_MARKDOWN},
    {"mdown", RD_FORMAT_MARKDOWN}, {"mkd", RD_FORMAT_MARKDOWN},
    {"html", RD_FORMAT_HTML},     {"htm", RD_FORMAT_HTML},
    {"xhtml", RD_FORMAT_HTML},    {"shtml", RD_FORMAT_HTML},
    {"pdf", RD_FORMAT_PDF},
};

typedef struct magic {
    const char *bytes;
    size_t len;
    const char *what; /* for messages */
} magic;

/* Formats spor does not read, recognised so the refusal can name them. */
static const magic other_magics[] = {
    {"\x89PNG", 4, "PNG image"},
    {"\xFF\xD8\xFF", 3, "JPEG image"},
    {"GIF8", 4, "GIF image"},
    {"PK\x03\x04", 4, "ZIP archive (or an office document or EPUB)"},
    {"\x1F\x8B", 2, "gzip archive"},
    {"BZh", 3, "bzip2 archive"},
    {"\xFD" "7zXZ", 5, "xz archive"},
    {"\x7F" "ELF", 4, "executable"},
    {"\xD0\xCF\x11\xE0", 4, "old Microsoft Office document"},
    {"wOFF", 4, "web font"},
    {"wOF2", 4, "web font"},
    {"OTTO", 4, "font"},
    {"%!PS", 4, "PostScript file"},
};

const char *rd_format_name(rd_format f)
{
    switch (f) {
    case RD_FORMAT_TEXT: return "text";
    case RD_FORMAT_MARKDOWN: return "markdown";
    case RD_FORMAT_HTML: return "html";
    case RD_FORMAT_PDF: return "pdf";
    case RD_FORMAT_OTHER: return "other";
    case RD_FORMAT_UNKNOWN: break;
    }
    return "unknown";
}

rd_format rd_format_of_name(const char *name)
{
    if (!name)
        return RD_FORMAT_UNKNOWN;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return RD_FORMAT_UNKNOWN;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (!strcasecmp(dot + 1, extensions[i].ext))
            return extensions[i].format;
    return RD_FORMAT_UNKNOWN;
}

static int starts_nocase(const char *s, size_t n, const char *prefix)
{
    size_t k = strlen(prefix);
    return n >= k && !strncasecmp(s, prefix, k);
}

static const char *find_bytes(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(s + i, needle, k))
            return s + i;
    return NULL;
}

/* HTML starts, after a BOM, blanks, an XML declaration and comments, with
 * a doctype or an <html> tag. Text that merely mentions a tag later does
 * not count. */
static int looks_like_html(const char *s, size_t n)
{
    if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
        s += 3;
        n -= 3;
    }
    for (;;) {
        while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
            s++;
            n--;
        }
        const char *close = NULL;
        if (starts_nocase(s, n, "<?xml"))
            close = find_bytes(s, n, "?>");
        else if (starts_nocase(s, n, "<!--"))
            close = find_bytes(s, n, "-->");
        else
            break;
        if (!close)
            return 0;
        size_t skip = (size_t)(close - s) + (s[1] == '?' ? 2 : 3);
        s += skip;
        n -= skip;
    }
    return starts_nocase(s, n, "<!doctype html") ||
           starts_nocase(s, n, "<html");
}

/* What the first bytes say, and for OTHER what it is. */
static rd_format detect_magic(const char *head, size_t n, const char **what)
{
    *what = NULL;
    /* The PDF header may follow some junk within the first KiB. */
    if (head && find_bytes(head, n < RD_SNIFF_BYTES ? n : RD_SNIFF_BYTES,
                           "%PDF-"))
        return RD_FORMAT_PDF;
    if (head && looks_like_html(head, n))
        return RD_FORMAT_HTML;
    for (size_t i = 0; head && i < sizeof other_magics / sizeof *other_magics;
         i++)
        if (n >= other_magics[i].len &&
            !memcmp(head, other_magics[i].bytes, other_magics[i].len)) {
            *what = other_magics[i].what;
            return RD_FORMAT_OTHER;
        }
    return RD_FORMAT_UNKNOWN;
}

rd_format rd_detect(const char *name, const char *head, size_t n)
{
    const char *what;
    rd_format f = detect_magic(head, n, &what);
    return f != RD_FORMAT_UNKNOWN ? f : rd_format_of_name(name);
}

int rd_is_document(const char *path)
{
    rd_format by_name = rd_format_of_name(path);
    if (by_name != RD_FORMAT_UNKNOWN)
        return 1;
    FILE *f;
    spor_err ignored;
    /* Only a regular file can be a document: a FIFO would block the walk. */
    if (file_open_regular(path, "document", RD_MAX_FILE_BYTES, 0, &f,
                          &ignored) != SPOR_OK)
        return 0;
    char head[RD_SNIFF_BYTES];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    rd_format by_bytes = rd_detect(NULL, head, n);
    return by_bytes == RD_FORMAT_PDF || by_bytes == RD_FORMAT_HTML;
}

/* The reader the bytes and the name call for. */
static spor_status parse_detected(const char *bytes, size_t len,
                                  const char *name, rd_doc *out,
                                  spor_err *err)
{
    const char *what;
    rd_format f = detect_magic(bytes, len, &what);
    if (f == RD_FORMAT_UNKNOWN)
        f = rd_format_of_name(name);
    switch (f) {
    case RD_FORMAT_PDF:
        return rd_parse_pdf(bytes, len, name, out, err);
    case RD_FORMAT_HTML:
        return rd_parse_html(bytes, len, name, out, err);
    case RD_FORMAT_MARKDOWN:
        return rd_parse_markdown(bytes, len, name, out, err);
    case RD_FORMAT_OTHER:
        return spor_fail(err, SPOR_EBINARY, "%s: %s %s, not a document spor "
                         "reads (text, Markdown, HTML or PDF)", name,
                         strchr("aeiouAEIOU", what[0]) ? "an" : "a", what);
    case RD_FORMAT_TEXT:
    case RD_FORMAT_UNKNOWN:
        break;
    }
    return rd_parse_text(bytes, len, name, out, err);
}

spor_status rd_read_any(const char *path, rd_doc *out, spor_err *err)
{
    return rd_read_with(path, parse_detected, out, err);
}
