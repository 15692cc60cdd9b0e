/* Document text into HTML and Markdown (see markup.h): each character
 * that means something to the markup is written so that it means itself,
 * and highlight spans are marked around the escaped words. */
#include "markup.h"

#include <string.h>

#include "cli.h"
#include "spor/text/utf8.h"

/* The U+FFFD written for a byte that is not UTF-8 or a control
 * character the markup cannot hold. */
#define REPLACEMENT "\xef\xbf\xbd"

/* The character at s[i..len): its length, and whether it is to be
 * written as U+FFFD (not UTF-8, or a C0 control other than tab, line
 * feed and carriage return, or a noncharacter XML forbids). */
static size_t next_char(const char *s, size_t len, size_t i, int *bad)
{
    uint32_t cp;
    size_t adv = cli_char_at(s, len, i, &cp);
    *bad = (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
           cp == UTF8_INVALID || cp == 0xFFFE || cp == 0xFFFF;
    return adv;
}

void cli_html_text(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        int bad;
        size_t n = next_char(s, len, i, &bad);
        switch (bad ? 0 : s[i]) {
        case 0: fputs(REPLACEMENT, f); break;
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        /* &#39;, not &apos;: HTML 4 readers know only the number. */
        case '\'': fputs("&#39;", f); break;
        default: fwrite(s + i, 1, n, f);
        }
        i += n;
    }
}

/* The length of a run of digits at s (at most 9, as CommonMark's ordered
 * list markers) followed by '.' or ')': a list item at a line's start. */
static size_t list_number(const char *s, size_t len)
{
    size_t d = 0;
    while (d < len && d < 9 && s[d] >= '0' && s[d] <= '9')
        d++;
    return d > 0 && d < len && (s[d] == '.' || s[d] == ')') ? d : 0;
}

void cli_md_text(FILE *f, const char *s, size_t len)
{
    /* At the start, these would begin a heading, a list, a setext
     * underline or a numbered list. */
    size_t number = list_number(s, len);
    if (len && s[0] && strchr("#-+=", s[0]))
        fputc('\\', f);
    for (size_t i = 0; i < len;) {
        int bad;
        size_t n = next_char(s, len, i, &bad);
        if (bad)
            fputs(REPLACEMENT, f);
        else if (s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
            fputc(' ', f);
        else if (strchr("\\`*_[]<>|&~", s[i]) || (number && i == number))
            fprintf(f, "\\%c", s[i]);
        else
            fwrite(s + i, 1, n, f);
        i += n;
    }
}

void cli_write_marked(FILE *f, const char *s, size_t len,
                      const snip_range *hl, size_t n, cli_escape_fn esc,
                      const char *open, const char *close)
{
    size_t at = 0;
    for (size_t i = 0; i < n; i++) {
        /* Spans out of order or past the end are not marked: the text is
         * still written whole. */
        if (hl[i].start < at || hl[i].end <= hl[i].start || hl[i].end > len)
            continue;
        esc(f, s + at, hl[i].start - at);
        fputs(open, f);
        esc(f, s + hl[i].start, hl[i].end - hl[i].start);
        fputs(close, f);
        at = hl[i].end;
    }
    esc(f, s + at, len - at);
}
