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

/* Where the brackets and the parentheses of one span close. Each kind is
 * matched in one pass with a stack, so that a line of many unclosed '['
 * costs one scan, not one scan per '[' (200,000 of them took 28 s when
 * each '[' looked for its ']' on its own). A pair's close is MD_NONE when
 * nothing closes it. Pairs are in order of their open, for binary search. */
#define MD_NONE ((size_t)-1)

typedef struct md_pair {
    size_t open, close;
} md_pair;

typedef struct md_marks {
    md_pair *brackets, *parens;
    size_t nbrackets, nparens;
    /* The first '>' at or after gt_from is at gt_at (MD_NONE: none), so
     * that a line of many unclosed '<' is searched once. */
    size_t gt_from, gt_at;
} md_marks;

/* Pairs every `open` with its `close` in s[0..n); a backslash escapes
 * the next byte when `escapes` is set. */
static spor_status pair_up(const char *s, size_t n, char open, char close,
                          int escapes, md_pair **out, size_t *nout)
{
    size_t count = 0;
    for (size_t k = 0; k < n; k++)
        count += s[k] == open;
    *out = NULL;
    *nout = 0;
    if (!count)
        return SPOR_OK;
    md_pair *pairs = malloc(count * sizeof *pairs);
    size_t *stack = malloc(count * sizeof *stack);
    if (!pairs || !stack) {
        free(pairs);
        free(stack);
        return SPOR_ENOMEM;
    }
    size_t np = 0, depth = 0;
    for (size_t k = 0; k < n; k++) {
        if (escapes && s[k] == '\\') {
            k++;
            continue;
        }
        if (s[k] == open) {
            pairs[np] = (md_pair){k, MD_NONE};
            stack[depth++] = np++;
        } else if (s[k] == close && depth) {
            pairs[stack[--depth]].close = k;
        }
    }
    free(stack);
    *out = pairs;
    *nout = np;
    return SPOR_OK;
}

static spor_status marks_find(const char *s, size_t n, md_marks *m)
{
    *m = (md_marks){.gt_from = MD_NONE};
    spor_status st = pair_up(s, n, '[', ']', 1, &m->brackets, &m->nbrackets);
    if (st == SPOR_OK)
        st = pair_up(s, n, '(', ')', 0, &m->parens, &m->nparens);
    return st;
}

static void marks_free(md_marks *m)
{
    free(m->brackets);
    free(m->parens);
}

/* The close of the pair opened at i, or MD_NONE. */
static size_t close_of(const md_pair *pairs, size_t n, size_t i)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (pairs[mid].open < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && pairs[lo].open == i ? pairs[lo].close : MD_NONE;
}

/* The end of a link's "(url ...)" part starting at s[i] == '(', when it
 * closes before limit, else 0. */
static size_t paren_end(const md_marks *m, size_t limit, size_t i)
{
    size_t close = close_of(m->parens, m->nparens, i);
    return close != MD_NONE && close < limit ? close + 1 : 0;
}

/* The matching ']' for the '[' at s[i], when before limit, else 0. */
static size_t bracket_end(const md_marks *m, size_t limit, size_t i)
{
    size_t close = close_of(m->brackets, m->nbrackets, i);
    return close != MD_NONE && close < limit ? close : 0;
}

/* An inline HTML tag or autolink at s[i] == '<', ending before limit:
 * its end, or 0. s[0..n) is the whole span. */
static size_t tag_end(const char *s, size_t n, md_marks *m, size_t limit,
                      size_t i)
{
    if (i + 1 >= limit)
        return 0;
    char c = s[i + 1];
    if (!(isalpha((unsigned char)c) || c == '/' || c == '!'))
        return 0;
    if (m->gt_from == MD_NONE || i < m->gt_from ||
        (m->gt_at != MD_NONE && i > m->gt_at)) {
        const char *gt = memchr(s + i, '>', n - i);
        m->gt_from = i;
        m->gt_at = gt ? (size_t)(gt - s) : MD_NONE;
    }
    return m->gt_at != MD_NONE && m->gt_at < limit ? m->gt_at + 1 : 0;
}

/* A code span opening with the run of backticks at s[i]: appends its
 * content (or the run itself when nothing closes it) and returns where
 * the text goes on. */
static size_t code_span(const char *s, size_t limit, size_t i, sbuf *out,
                        spor_status *st)
{
    size_t run = 0;
    while (i + run < limit && s[i + run] == '`')
        run++;
    /* The code span ends at the next run of the same length. */
    size_t k = i + run, end = 0;
    while (k < limit) {
        size_t r = 0;
        while (k + r < limit && s[k + r] == '`')
            r++;
        if (r == run) {
            end = k;
            break;
        }
        k += r ? r : 1;
    }
    if (!end) {
        *st = sbuf_append(out, s + i, run);
        return i + run;
    }
    size_t a = skip_spaces(s, end, i + run), b = end;
    while (b > a && s[b - 1] == ' ')
        b--;
    *st = sbuf_append(out, s + a, b - a);
    return end + run;
}

/* A run of '_' or "~~" at s[i]: emphasis opens or closes at a word's edge
 * and goes; an underscore inside a word (snake_case) is text. `start` is
 * where the enclosing span starts (a link text is a span of its own). */
static size_t emphasis(const char *s, size_t start, size_t limit, size_t i,
                       sbuf *out, spor_status *st)
{
    char c = s[i];
    size_t run = 0;
    while (i + run < limit && s[i + run] == c)
        run++;
    int before = i > start && is_word_byte((unsigned char)s[i - 1]);
    int after = i + run < limit && is_word_byte((unsigned char)s[i + run]);
    if (before == after)
        *st = sbuf_append(out, s + i, run);
    return i + run;
}

/* A link or image's text is read like the text around it, then the text
 * goes on after its "(url)" or "[ref]". Links nest as deep as the input
 * does, so the spans waiting to go on are kept on the heap, not on the C
 * stack (100,000 nested '[' overflowed a recursive reader). */
typedef struct md_span {
    size_t limit, resume, start;
} md_span;

typedef struct md_spans {
    md_span *v;
    size_t n, cap;
} md_spans;

static spor_status spans_push(md_spans *sp, md_span span)
{
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 16;
        md_span *v = realloc(sp->v, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->n++] = span;
    return SPOR_OK;
}

/* A link or image at s[i] ("[text](url)", "[text][ref]", "![alt](src)"):
 * opens its text as the current span and returns where that text starts,
 * or 0 when s[i] opens no link. */
static size_t link_open(const char *s, const md_marks *m, md_span *cur,
                        md_spans *sp, size_t i, spor_status *st)
{
    size_t open = s[i] == '!' ? i + 1 : i;
    size_t close = bracket_end(m, cur->limit, open);
    if (!close)
        return 0;
    size_t after = close + 1, end;
    if (after < cur->limit && s[after] == '(' &&
        (end = paren_end(m, cur->limit, after)))
        after = end;
    else if (after < cur->limit && s[after] == '[' &&
             (end = bracket_end(m, cur->limit, after)))
        after = end + 1;
    if ((*st = spans_push(sp, (md_span){cur->limit, after, cur->start})))
        return 0;
    *cur = (md_span){close, 0, open + 1};
    return open + 1;
}

static spor_status strip_inline(const char *s, size_t n, sbuf *out)
{
    md_marks m;
    md_spans sp = {0};
    spor_status st = marks_find(s, n, &m);
    md_span cur = {n, 0, 0};
    for (size_t i = 0, at; st == SPOR_OK;) {
        if (i >= cur.limit) {
            if (!sp.n)
                break;
            i = sp.v[--sp.n].resume;
            cur = sp.v[sp.n];
            continue;
        }
        char c = s[i];
        if (c == '\\' && i + 1 < cur.limit && escapable(s[i + 1])) {
            st = sbuf_append_char(out, s[i + 1]);
            i += 2;
        } else if (c == '`') {
            i = code_span(s, cur.limit, i, out, &st);
        } else if (((c == '!' && i + 1 < cur.limit && s[i + 1] == '[') ||
                    c == '[') &&
                   ((at = link_open(s, &m, &cur, &sp, i, &st)) || st)) {
            i = at;
        } else if (c == '<' && (at = tag_end(s, n, &m, cur.limit, i))) {
            /* An autolink keeps its address; a tag goes. */
            const char *colon = memchr(s + i, ':', at - i);
            const char *space = memchr(s + i, ' ', at - i);
            if (colon && !space)
                st = sbuf_append(out, s + i + 1, at - i - 2);
            i = at;
        } else if (c == '&' && (at = entity(s + i, cur.limit - i, out))) {
            i += at;
        } else if (c == '_' ||
                   (c == '~' && i + 1 < cur.limit && s[i + 1] == '~')) {
            i = emphasis(s, cur.start, cur.limit, i, out, &st);
        } else {
            st = sbuf_append_char(out, c);
            i++;
        }
    }
    free(sp.v);
    marks_free(&m);
    return st;
}

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

/* YAML front matter: "---" on the first line, closed by "---" or "..."
 * within MD_FRONT_MATTER_MAX_LINES lines. Its lines are cleared and its
 * title kept; *start is the first line after it (0 when there is none). */
static spor_status skip_front_matter(rd_doc *doc, size_t *start)
{
    *start = 0;
    if (!doc->n_lines || strcmp(doc->lines[0].text, "---"))
        return SPOR_OK;
    for (size_t i = 1; i < doc->n_lines && i <= MD_FRONT_MATTER_MAX_LINES;
         i++)
        if (!strcmp(doc->lines[i].text, "---") ||
            !strcmp(doc->lines[i].text, "...")) {
            if (front_matter(doc, i) != SPOR_OK)
                return SPOR_ENOMEM;
            *start = i + 1;
            break;
        }
    return SPOR_OK;
}

/* What the lines before tell the next: an open fence or HTML comment, and
 * whether the line before was blank or indented code. */
typedef struct md_blocks {
    char fence_ch;  /* '`' or '~' of the open fence */
    size_t fence;   /* the open fence's length; 0 outside fenced code */
    int in_comment; /* inside an HTML comment that spans lines */
    int prev_blank;
    int prev_code;
} md_blocks;

/* A line inside fenced code, or one opening or closing a fence: the code
 * is kept verbatim, the fence lines go. Returns 1 when it took the line. */
static int fenced_code(md_blocks *bl, rd_line *l, spor_status *st)
{
    const char *s = l->text;
    size_t n = l->len;
    char ch;
    size_t fl = fence_len(s, n, &ch);
    if (bl->fence) {
        if (fl >= bl->fence && ch == bl->fence_ch &&
            skip_spaces(s, n, skip_spaces(s, n, 0) + fl) == n) {
            bl->fence = 0;
            *st = clear_line(l);
        } else {
            l->role = RD_ROLE_TEXT; /* code: kept verbatim */
        }
        bl->prev_blank = 0;
        return 1;
    }
    if (fl) {
        bl->fence = fl;
        bl->fence_ch = ch;
        *st = clear_line(l);
        return 1;
    }
    return 0;
}

/* A line inside an HTML comment opened on an earlier line goes, up to the
 * line that closes it. Returns 1 when it took the line. */
static int comment_continues(md_blocks *bl, rd_line *l, spor_status *st)
{
    if (!bl->in_comment)
        return 0;
    const char *e = strstr(l->text, "-->");
    bl->in_comment = !e;
    *st = clear_line(l);
    return 1;
}

/* A blank line, or indented code (four columns after a blank line or more
 * code), which stays as text. Returns 1 when it took the line; otherwise
 * any run of indented code has ended. */
static int blank_or_indented_code(md_blocks *bl, rd_line *l)
{
    if (is_blank(l)) {
        bl->prev_blank = 1;
        bl->prev_code = 0;
        return 1;
    }
    if ((bl->prev_blank || bl->prev_code) &&
        indent_of(l->text, l->len) >= MD_CODE_INDENT) {
        l->role = RD_ROLE_TEXT;
        bl->prev_code = 1;
        bl->prev_blank = 0;
        return 1;
    }
    bl->prev_code = 0;
    return 0;
}

/* A line opening an HTML comment that it does not close goes; the lines
 * up to the close follow it. Returns 1 when it took the line. */
static int comment_opens(md_blocks *bl, rd_line *l, size_t ind,
                         spor_status *st)
{
    const char *s = l->text;
    if (ind > 3 || strncmp(s + ind, "<!--", 4) || strstr(s, "-->"))
        return 0;
    bl->in_comment = 1;
    *st = clear_line(l);
    bl->prev_blank = 1;
    return 1;
}

/* An ATX heading ("# Title", one to six '#'). Returns 1 when it took the
 * line. */
static int atx_line(md_blocks *bl, rd_line *l, size_t ind, spor_status *st)
{
    const char *s = l->text;
    size_t n = l->len, hashes = 0;
    while (ind + hashes < n && s[ind + hashes] == '#')
        hashes++;
    if (ind <= 3 && hashes >= 1 && hashes <= 6 &&
        (ind + hashes == n || s[ind + hashes] == ' ' ||
         s[ind + hashes] == '\t')) {
        *st = atx_heading(l, ind, hashes);
        bl->prev_blank = 0;
        return 1;
    }
    return 0;
}

/* Setext: one line of text underlined, standing after a blank. Returns 1
 * when line i is one; its underline, line i + 1, is cleared with it. */
static int setext_line(md_blocks *bl, rd_doc *doc, size_t i, size_t ind,
                       spor_status *st)
{
    if (!(bl->prev_blank && i + 1 < doc->n_lines &&
          (underline_of(doc->lines[i + 1].text, doc->lines[i + 1].len, '=') ||
           underline_of(doc->lines[i + 1].text, doc->lines[i + 1].len,
                        '-'))))
        return 0;
    *st = atx_heading(&doc->lines[i], ind, 0);
    if (*st == SPOR_OK)
        *st = clear_line(&doc->lines[i + 1]);
    bl->prev_blank = 1;
    return 1;
}

/* A line of running text, a table row or a quote: link definitions and
 * table separators go, the rest loses its inline Markdown. out is scratch
 * space. */
static spor_status body_line(rd_line *l, size_t ind, sbuf *out)
{
    const char *s = l->text;
    size_t n = l->len;
    if (link_definition(s, n) || table_separator(s, n))
        return clear_line(l);
    /* Block quote markers go; what they quote is text. */
    size_t a = ind;
    while (a < n && s[a] == '>')
        a = skip_spaces(s, n, a + 1);
    sbuf_reset(out);
    spor_status st;
    if (a < n && s[a] == '|')
        st = table_row(s + a, n - a, out);
    else {
        st = sbuf_append(out, s, ind);
        if (st == SPOR_OK)
            st = strip_inline(s + a, n - a, out);
    }
    if (st == SPOR_OK)
        st = set_text(l, out);
    return st;
}

/* Line i rewritten by the first kind of line it is; returns how many
 * lines it took (a setext heading takes its underline too). */
static size_t rewrite_line(md_blocks *bl, rd_doc *doc, size_t i, sbuf *out,
                           spor_status *st)
{
    rd_line *l = &doc->lines[i];
    if (fenced_code(bl, l, st) || comment_continues(bl, l, st) ||
        blank_or_indented_code(bl, l))
        return 1;
    size_t ind = skip_spaces(l->text, l->len, 0);
    if (comment_opens(bl, l, ind, st) || atx_line(bl, l, ind, st))
        return 1;
    if (setext_line(bl, doc, i, ind, st))
        return 2;
    bl->prev_blank = 0;
    *st = body_line(l, ind, out);
    return 1;
}

static spor_status rewrite(rd_doc *doc)
{
    size_t start;
    if (skip_front_matter(doc, &start) != SPOR_OK)
        return SPOR_ENOMEM;
    md_blocks bl = {0, 0, 0, 1, 0};
    sbuf out = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = start; i < doc->n_lines && st == SPOR_OK;)
        i += rewrite_line(&bl, doc, i, &out, &st);
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
