/* The Markdown reader: plain-text lines, then the Markdown taken out.
 *
 * Markdown is read line by line like text (so every line keeps its source
 * line and bytes), then each line is rewritten: ATX ("# Title") and setext
 * (a line underlined with === or ---) headings become heading lines; fenced
 * and indented code stays as body text that is never taken for a heading
 * (a "# comment" in a shell example is not a section); links and images
 * keep their text, inline code its content, and emphasis, inline HTML,
 * escapes and entities are undone; tables become tab-separated rows, which
 * the segmenter keeps as rows. YAML front matter is dropped, its title kept
 * as the document's. Emphasis with '*' is left to the segmenter, which
 * strips it from all text. */
#include "spor/doc/formats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "readers_module.h"
#include "spor/text/utf8.h"

/* Front matter longer than this many lines is not front matter: a "---"
 * rule at the top of a document followed by text much later. */
#define MD_FRONT_MATTER_MAX_LINES 60
/* Four columns of indentation after a blank line make a code block. */
#define MD_CODE_INDENT 4
/* An entity name longer than this is not one ("&" in running text). */
#define MD_ENTITY_MAX 32

static int is_blank(const rd_line *l)
{
    for (size_t i = 0; i < l->len; i++)
        if (l->text[i] != ' ' && l->text[i] != '\t')
            return 0;
    return 1;
}

static size_t indent_of(const char *s, size_t n)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            col++;
        else if (s[i] == '\t')
            col += 4 - col % 4;
        else
            break;
    }
    return col;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* A run of fence characters (``` or ~~~) opening the line, its length. */
static size_t fence_len(const char *s, size_t n, char *ch)
{
    size_t i = skip_spaces(s, n, 0);
    if (i > 3 || i >= n || (s[i] != '`' && s[i] != '~'))
        return 0;
    size_t k = i;
    while (k < n && s[k] == s[i])
        k++;
    if (k - i < 3)
        return 0;
    *ch = s[i];
    return k - i;
}

/* A line of only c (at least two), spaces around: a setext underline. */
static int underline_of(const char *s, size_t n, char c)
{
    size_t i = skip_spaces(s, n, 0), k = i;
    if (i > 3)
        return 0;
    while (k < n && s[k] == c)
        k++;
    return k - i >= 2 && skip_spaces(s, n, k) == n;
}

/* A table's separator row: |---|:--:| and the like. */
static int table_separator(const char *s, size_t n)
{
    int dashes = 0, pipes = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dashes++;
        else if (s[i] == '|')
            pipes++;
        else if (s[i] != ':' && s[i] != ' ' && s[i] != '\t')
            return 0;
    }
    return dashes >= 3 && pipes >= 1;
}

/* "[label]: url": a link reference definition, not text. */
static int link_definition(const char *s, size_t n)
{
    size_t i = skip_spaces(s, n, 0);
    if (i > 3 || i >= n || s[i] != '[')
        return 0;
    const char *close = memchr(s + i, ']', n - i);
    return close && (size_t)(close - s) + 1 < n && close[1] == ':';
}

/* The ASCII punctuation a backslash may escape. */
static int escapable(char c)
{
    return c && strchr("\\`*_{}[]()#+-.!|<>~\"'&$%,:;=?@^/", c) != NULL;
}

static int is_word_byte(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Appends the character an entity at s[0..n) ("&amp;", "&#229;") stands
 * for and returns its length, or 0 when it is not an entity. */
static size_t entity(const char *s, size_t n, sbuf *out)
{
    const char *semi = memchr(s, ';', n < MD_ENTITY_MAX ? n : MD_ENTITY_MAX);
    if (!semi || semi - s < 2)
        return 0;
    size_t len = (size_t)(semi - s) + 1;
    uint32_t cp = 0;
    if (s[1] == '#') {
        int hex = s[2] == 'x' || s[2] == 'X';
        char *end;
        char num[MD_ENTITY_MAX];
        memcpy(num, s + 2 + hex, len - 3 - (size_t)hex);
        num[len - 3 - (size_t)hex] = '\0';
        unsigned long v = strtoul(num, &end, hex ? 16 : 10);
        if (*end || !num[0] || v == 0 || v > 0x10FFFF ||
            (v >= 0xD800 && v <= 0xDFFF))
            return 0;
        cp = (uint32_t)v;
    } else {
        char name[MD_ENTITY_MAX];
        memcpy(name, s + 1, len - 2);
        name[len - 2] = '\0';
        /* libxml2's table, from the readers module (loaded only when a
         * document has a named entity). */
        if (rd_html_entity(name, &cp) != 1)
            return 0;
    }
    char enc[4];
    if (sbuf_append(out, enc, utf8_encode(cp, enc)) != SPOR_OK)
        return 0;
    return len;
}

/* The end of a link's "(url ...)" part starting at s[i] == '(', or 0. */
static size_t paren_end(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (size_t k = i; k < n; k++) {
        if (s[k] == '(')
            depth++;
        else if (s[k] == ')' && --depth == 0)
            return k + 1;
    }
    return 0;
}

/* The matching ']' for the '[' at s[i], or 0. */
static size_t bracket_end(const char *s, size_t n, size_t i)
{
    int depth = 0;
    for (size_t k = i; k < n; k++) {
        if (s[k] == '\\') {
            k++;
            continue;
        }
        if (s[k] == '[')
            depth++;
        else if (s[k] == ']' && --depth == 0)
            return k;
    }
    return 0;
}

/* An inline HTML tag or autolink at s[i] == '<': its end, or 0. */
static size_t tag_end(const char *s, size_t n, size_t i)
{
    if (i + 1 >= n)
        return 0;
    char c = s[i + 1];
    if (!(isalpha((unsigned char)c) || c == '/' || c == '!'))
        return 0;
    const char *gt = memchr(s + i, '>', n - i);
    return gt ? (size_t)(gt - s) + 1 : 0;
}

static spor_status strip_inline(const char *s, size_t n, sbuf *out);

/* Appends s[a..b) stripped; used for link and image texts. */
static spor_status strip_part(const char *s, size_t a, size_t b, sbuf *out)
{
    return strip_inline(s + a, b - a, out);
}

static spor_status strip_inline(const char *s, size_t n, sbuf *out)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && st == SPOR_OK;) {
        char c = s[i];
        if (c == '\\' && i + 1 < n && escapable(s[i + 1])) {
            st = sbuf_append_char(out, s[i + 1]);
            i += 2;
            continue;
        }
        if (c == '`') {
            size_t run = 0;
            while (i + run < n && s[i + run] == '`')
                run++;
            /* The code span ends at the next run of the same length. */
            size_t k = i + run, end = 0;
            while (k < n) {
                size_t r = 0;
                while (k + r < n && s[k + r] == '`')
                    r++;
                if (r == run) {
                    end = k;
                    break;
                }
                k += r ? r : 1;
            }
            if (end) {
                size_t a = skip_spaces(s, end, i + run), b = end;
                while (b > a && s[b - 1] == ' ')
                    b--;
                st = sbuf_append(out, s + a, b - a);
                i = end + run;
            } else {
                st = sbuf_append(out, s + i, run);
                i += run;
            }
            continue;
        }
        if ((c == '!' && i + 1 < n && s[i + 1] == '[') || c == '[') {
            size_t open = c == '!' ? i + 1 : i;
            size_t close = bracket_end(s, n, open);
            if (close) {
                size_t after = close + 1;
                if (after < n && s[after] == '(' && paren_end(s, n, after))
                    after = paren_end(s, n, after);
                else if (after < n && s[after] == '[' &&
                         bracket_end(s, n, after))
                    after = bracket_end(s, n, after) + 1;
                st = strip_part(s, open + 1, close, out);
                i = after;
                continue;
            }
        }
        if (c == '<') {
            size_t end = tag_end(s, n, i);
            if (end) {
                /* An autolink keeps its address; a tag goes. */
                const char *colon = memchr(s + i, ':', end - i);
                const char *space = memchr(s + i, ' ', end - i);
                if (colon && !space)
                    st = sbuf_append(out, s + i + 1, end - i - 2);
                i = end;
                continue;
            }
        }
        if (c == '&') {
            size_t len = entity(s + i, n - i, out);
            if (len) {
                i += len;
                continue;
            }
        }
        if (c == '_' || (c == '~' && i + 1 < n && s[i + 1] == '~')) {
            size_t run = 0;
            while (i + run < n && s[i + run] == c)
                run++;
            int before = i > 0 && is_word_byte((unsigned char)s[i - 1]);
            int after = i + run < n && is_word_byte((unsigned char)s[i + run]);
            /* Emphasis opens or closes at a word's edge; an underscore
             * inside a word (snake_case) is text. */
            if (before != after) {
                i += run;
                continue;
            }
            st = sbuf_append(out, s + i, run);
            i += run;
            continue;
        }
        st = sbuf_append_char(out, c);
        i++;
    }
    return st;
}

/* A table row "| a | b |" as tab-separated cells. */
static spor_status table_row(const char *s, size_t n, sbuf *out)
{
    size_t a = skip_spaces(s, n, 0), b = n;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    if (a < b && s[a] == '|')
        a++;
    if (b > a && s[b - 1] == '|' && (b < 2 || s[b - 2] != '\\'))
        b--;
    sbuf cell = SBUF_INIT;
    spor_status st = SPOR_OK;
    size_t start = a;
    for (size_t i = a; i <= b && st == SPOR_OK; i++) {
        if (i < b && !(s[i] == '|' && (i == a || s[i - 1] != '\\')))
            continue;
        size_t ca = skip_spaces(s, i, start), cb = i;
        while (cb > ca && (s[cb - 1] == ' ' || s[cb - 1] == '\t'))
            cb--;
        sbuf_reset(&cell);
        st = strip_inline(s + ca, cb - ca, &cell);
        if (st == SPOR_OK && start > a)
            st = sbuf_append_char(out, '\t');
        if (st == SPOR_OK && cell.len)
            st = sbuf_append(out, cell.data, cell.len);
        start = i + 1;
    }
    sbuf_free(&cell);
    return st;
}

static spor_status set_text(rd_line *l, sbuf *b)
{
    if (sbuf_append(b, "", 0) != SPOR_OK) /* makes data non-NULL */
        return SPOR_ENOMEM;
    size_t len;
    char *t = sbuf_detach(b, &len);
    if (!t)
        return SPOR_ENOMEM;
    free(l->text);
    l->text = t;
    l->len = len;
    return SPOR_OK;
}

static spor_status clear_line(rd_line *l)
{
    sbuf b = SBUF_INIT;
    return set_text(l, &b);
}

/* Heading text of an ATX line: the '#'s and a closing run dropped. */
static spor_status atx_heading(rd_line *l, size_t hashes_at, size_t hashes)
{
    const char *s = l->text;
    size_t a = skip_spaces(s, l->len, hashes_at + hashes), b = l->len;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    size_t k = b;
    while (k > a && s[k - 1] == '#')
        k--;
    if (k == a || s[k - 1] == ' ' || s[k - 1] == '\t')
        b = k;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
        b--;
    sbuf out = SBUF_INIT;
    spor_status st = strip_inline(s + a, b - a, &out);
    if (st == SPOR_OK)
        st = set_text(l, &out);
    sbuf_free(&out);
    l->role = RD_ROLE_HEADING;
    return st;
}

/* The value of "title:" in front matter lines lo..hi, quotes removed. */
static spor_status front_matter(rd_doc *doc, size_t hi)
{
    for (size_t i = 1; i < hi && !doc->title; i++) {
        const char *s = doc->lines[i].text;
        size_t n = doc->lines[i].len;
        if (n < 6 || strncmp(s, "title:", 6))
            continue;
        size_t a = skip_spaces(s, n, 6), b = n;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (b - a >= 2 && (s[a] == '"' || s[a] == '\'') && s[b - 1] == s[a]) {
            a++;
            b--;
        }
        if (b > a && !(doc->title = strndup(s + a, b - a)))
            return SPOR_ENOMEM;
    }
    for (size_t i = 0; i <= hi; i++)
        if (clear_line(&doc->lines[i]) != SPOR_OK)
            return SPOR_ENOMEM;
    return SPOR_OK;
}

static spor_status rewrite(rd_doc *doc)
{
    size_t start = 0;
    if (doc->n_lines && !strcmp(doc->lines[0].text, "---")) {
        for (size_t i = 1; i < doc->n_lines && i <= MD_FRONT_MATTER_MAX_LINES;
             i++)
            if (!strcmp(doc->lines[i].text, "---") ||
                !strcmp(doc->lines[i].text, "...")) {
                if (front_matter(doc, i) != SPOR_OK)
                    return SPOR_ENOMEM;
                start = i + 1;
                break;
            }
    }
    char fence_ch = 0;
    size_t fence = 0;
    int in_comment = 0, prev_blank = 1, prev_code = 0;
    sbuf out = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = start; i < doc->n_lines && st == SPOR_OK; i++) {
        rd_line *l = &doc->lines[i];
        const char *s = l->text;
        size_t n = l->len;
        char ch;
        size_t fl = fence_len(s, n, &ch);
        if (fence) {
            if (fl >= fence && ch == fence_ch &&
                skip_spaces(s, n, skip_spaces(s, n, 0) + fl) == n) {
                fence = 0;
                st = clear_line(l);
            } else {
                l->role = RD_ROLE_TEXT; /* code: kept verbatim */
            }
            prev_blank = 0;
            continue;
        }
        if (fl) {
            fence = fl;
            fence_ch = ch;
            st = clear_line(l);
            continue;
        }
        if (in_comment) {
            const char *e = strstr(s, "-->");
            in_comment = !e;
            st = clear_line(l);
            continue;
        }
        int blank = is_blank(l);
        if (blank) {
            prev_blank = 1;
            prev_code = 0;
            continue;
        }
        if ((prev_blank || prev_code) && indent_of(s, n) >= MD_CODE_INDENT) {
            l->role = RD_ROLE_TEXT;
            prev_code = 1;
            prev_blank = 0;
            continue;
        }
        prev_code = 0;
        size_t ind = skip_spaces(s, n, 0);
        if (ind <= 3 && !strncmp(s + ind, "<!--", 4) && !strstr(s, "-->")) {
            in_comment = 1;
            st = clear_line(l);
            prev_blank = 1;
            continue;
        }
        size_t hashes = 0;
        while (ind + hashes < n && s[ind + hashes] == '#')
            hashes++;
        if (ind <= 3 && hashes >= 1 && hashes <= 6 &&
            (ind + hashes == n || s[ind + hashes] == ' ' ||
             s[ind + hashes] == '\t')) {
            st = atx_heading(l, ind, hashes);
            prev_blank = 0;
            continue;
        }
        /* Setext: one line of text underlined, standing after a blank. */
        if (prev_blank && i + 1 < doc->n_lines &&
            (underline_of(doc->lines[i + 1].text, doc->lines[i + 1].len, '=') ||
             underline_of(doc->lines[i + 1].text, doc->lines[i + 1].len,
                          '-'))) {
            st = atx_heading(l, ind, 0);
            if (st == SPOR_OK)
                st = clear_line(&doc->lines[i + 1]);
            i++;
            prev_blank = 1;
            continue;
        }
        prev_blank = 0;
        if (link_definition(s, n) || table_separator(s, n)) {
            st = clear_line(l);
            continue;
        }
        /* Block quote markers go; what they quote is text. */
        size_t a = ind;
        while (a < n && s[a] == '>')
            a = skip_spaces(s, n, a + 1);
        sbuf_reset(&out);
        if (a < n && s[a] == '|')
            st = table_row(s + a, n - a, &out);
        else {
            st = sbuf_append(&out, s, ind);
            if (st == SPOR_OK)
                st = strip_inline(s + a, n - a, &out);
        }
        if (st == SPOR_OK)
            st = set_text(l, &out);
    }
    sbuf_free(&out);
    return st;
}

spor_status rd_parse_markdown(const char *bytes, size_t len, const char *name,
                              rd_doc *out, spor_err *err)
{
    spor_status st = rd_parse_text(bytes, len, name, out, err);
    if (st != SPOR_OK)
        return st;
    if (rewrite(out) != SPOR_OK) {
        rd_doc_free(out);
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", name);
    }
    return SPOR_OK;
}
