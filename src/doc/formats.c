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
    fmt_format format;
} name_format;

static const name_format extensions[] = {
    {"txt", FMT_TEXT},      {"text", FMT_TEXT},
    {"md", FMT_MARKDOWN},   {"markdown", FMT_MARKDOWN},
    {"mdown", FMT_MARKDOWN}, {"mkd", FMT_MARKDOWN},
    {"html", FMT_HTML},     {"htm", FMT_HTML},
    {"xhtml", FMT_HTML},    {"shtml", FMT_HTML},
    {"pdf", FMT_PDF},
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

const char *fmt_name(fmt_format f)
{
    switch (f) {
    case FMT_TEXT: return "text";
    case FMT_MARKDOWN: return "markdown";
    case FMT_HTML: return "html";
    case FMT_PDF: return "pdf";
    case FMT_OTHER: return "other";
    case FMT_UNKNOWN: break;
    }
    return "unknown";
}

fmt_format fmt_of_name(const char *name)
{
    if (!name)
        return FMT_UNKNOWN;
    const char *slash = strrchr(name, '/');
    const char *base = slash ? slash + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)
        return FMT_UNKNOWN;
    for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (!strcasecmp(dot + 1, extensions[i].ext))
            return extensions[i].format;
    return FMT_UNKNOWN;
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
static fmt_format detect_magic(const char *head, size_t n, const char **what)
{
    *what = NULL;
    /* The PDF header may follow some junk within the first KiB. */
    if (head && find_bytes(head, n < FMT_SNIFF_BYTES ? n : FMT_SNIFF_BYTES,
                           "%PDF-"))
        return FMT_PDF;
    if (head && looks_like_html(head, n))
        return FMT_HTML;
    for (size_t i = 0; head && i < sizeof other_magics / sizeof *other_magics;
         i++)
        if (n >= other_magics[i].len &&
            !memcmp(head, other_magics[i].bytes, other_magics[i].len)) {
            *what = other_magics[i].what;
            return FMT_OTHER;
        }
    return FMT_UNKNOWN;
}

fmt_format fmt_detect(const char *name, const char *head, size_t n)
{
    const char *what;
    fmt_format f = detect_magic(head, n, &what);
    return f != FMT_UNKNOWN ? f : fmt_of_name(name);
}

int fmt_is_document(const char *path)
{
    fmt_format by_name = fmt_of_name(path);
    if (by_name != FMT_UNKNOWN)
        return 1;
    FILE *f;
    spor_err ignored;
    /* Only a regular file can be a document: a FIFO would block the walk. */
    if (file_open_regular(path, "document", RD_MAX_FILE_BYTES, 0, &f,
                          &ignored) != SPOR_OK)
        return 0;
    char head[FMT_SNIFF_BYTES];
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    fmt_format by_bytes = fmt_detect(NULL, head, n);
    return by_bytes == FMT_PDF || by_bytes == FMT_HTML;
}

/* The reader the bytes and the name call for. */
static spor_status parse_detected(const char *bytes, size_t len,
                                  const char *name, rd_doc *out,
                                  spor_err *err)
{
    const char *what;
    fmt_format f = detect_magic(bytes, len, &what);
    if (f == FMT_UNKNOWN)
        f = fmt_of_name(name);
    switch (f) {
    case FMT_PDF:
        return rd_parse_pdf(bytes, len, name, out, err);
    case FMT_HTML:
        return rd_parse_html(bytes, len, name, out, err);
    case FMT_MARKDOWN:
        return rd_parse_markdown(bytes, len, name, out, err);
    case FMT_OTHER:
        return spor_fail(err, SPOR_EBINARY, "%s: %s %s, not a document spor "
                         "reads (text, Markdown, HTML or PDF)", name,
                         strchr("aeiouAEIOU", what[0]) ? "an" : "a", what);
    case FMT_TEXT:
    case FMT_UNKNOWN:
        break;
    }
    return rd_parse_text(bytes, len, name, out, err);
}

spor_status fmt_read_any(const char *path, rd_doc *out, spor_err *err)
{
    return rd_read_with(path, parse_detected, out, err);
}
