/* The HTML reader: libxml2's forgiving HTML parser, then a walk over the
 * tree that keeps what a reader of the page reads.
 *
 * What a browser would not show or what is not the page's own content is
 * dropped: the head (but the <title> is kept as the document's title),
 * scripts, styles, forms, hidden elements, and navigation: <nav>, <aside>,
 * page-level <header> and <footer> (those inside an <article> or <main> are
 * content), elements whose ARIA role is navigation, banner, contentinfo or
 * search, and elements whose class or id names navigation ("nav...",
 * "breadcrumb...", "toc", as DocBook's and Sphinx's page chrome does).
 *
 * The rest becomes lines for the segmenter: h1..h6 are heading lines;
 * paragraphs and other blocks are body lines separated by blank lines;
 * list items are bullet lines and table rows tab-separated rows, both kept
 * in the paragraph of their list or table; <pre> keeps its line breaks.
 * Entities are decoded by the parser. Each line cites the source line of
 * its first text, so a passage's line range points into the HTML file.
 * libxml2's own line numbers are those of elements' start tags, and of
 * where a text node's first chunk ended, not where it began; so the reader
 * looks for the text's first word in the source after its element's start
 * tag (and after the text found before it), and falls back on libxml2's
 * number, less the line breaks in the text, when the word is not there
 * verbatim (an entity in it). */
#include "spor/doc/formats.h"
#include "readers_module.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* libxml2 stops building the tree at 256 nested elements unless told not
 * to, and a page nested deeper lost everything from there on; this reader
 * bounds the depth it walks itself (HTML_MAX_DEPTH). libxml2 before 2.11
 * names the option only for its XML parser; the HTML parser takes the same
 * bit. */
#ifndef HTML_PARSE_HUGE
#define HTML_PARSE_HUGE XML_PARSE_HUGE
#endif

#include "spor/text/buf.h"
#include "spor/text/utf8.h"

/* Deeper element nesting than this is not a page but an attack on the
 * stack: the walk recurses no deeper, and reads what lies below as plain
 * text without recursion (walk_flat). */
#define HTML_MAX_DEPTH 512
/* Bytes searched for a charset declaration (choose_encoding), and room
 * for the name declared. */
#define HTML_CHARSET_SNIFF 2048
#define HTML_CHARSET_NAME_MAX 40
#define BULLET "\xE2\x80\xA2 " /* "• ", which the segmenter takes as a bullet */
/* The first word of a text node looked for in the source: long enough to
 * be found in the right place, short enough to hold no entity. */
#define HTML_LOCATE_BYTES 24
/* libxml2 hands text to the tree in chunks of about this many bytes; a
 * text node's line number is where its first chunk ended. */
#define HTML_PARSER_CHUNK 1000

typedef struct walker {
    rd_doc *doc;
    const char *src;       /* the raw bytes, to cite source byte ranges */
    size_t src_len;
    size_t *line_offs;     /* start of each source line */
    size_t n_src_lines;
    size_t cursor;         /* source offset after the last text located */
    sbuf line;             /* the line being built */
    unsigned line_no;      /* source line of its first text, 0 if none */
    int space;             /* a blank is due before the next text */
    int pre;               /* inside <pre> */
    int in_content;        /* inside <article> or <main> */
    const char *prefix;    /* due before the line's first text: a bullet
                              or a cell separator */
    int blank_due;         /* a blank line is due before the next line */
    rd_role role;          /* of the line being built */
    spor_status st;
} walker;

static int name_is(const xmlNode *n, const char *name)
{
    return n->name && !strcasecmp((const char *)n->name, name);
}

static int name_in(const xmlNode *n, const char *const *names)
{
    for (size_t i = 0; names[i]; i++)
        if (name_is(n, names[i]))
            return 1;
    return 0;
}

static const char *const dropped_elements[] = {
    "head", "script", "style", "noscript", "template", "nav", "aside",
    "form", "button", "select", "textarea", "input", "label", "iframe",
    "object", "embed", "svg", "math", "canvas", "audio", "video", "map",
    NULL};

static const char *const paragraph_elements[] = {
    "p", "div", "section", "article", "main", "header", "footer", "body",
    "blockquote", "ul", "ol", "dl", "table", "figure", "figcaption",
    "caption", "address", "hr", "center", "details", "summary", "fieldset",
    "legend", "pre", "h1", "h2", "h3", "h4", "h5", "h6", NULL};

static const char *const row_elements[] = {"li", "tr", "dt", "dd", "br",
                                           NULL};

static const char *const dropped_roles[] = {
    "navigation", "banner", "contentinfo", "search", "menu", "menubar",
    "toolbar", NULL};

/* Whether a class or id value names navigation: one of its words starts
 * with "nav" or "breadcrumb" or is "toc". */
static int names_navigation(const char *v)
{
    while (v && *v) {
        while (*v == ' ' || *v == '\t')
            v++;
        size_t n = strcspn(v, " \t");
        if ((n >= 3 && !strncasecmp(v, "nav", 3)) ||
            (n >= 10 && !strncasecmp(v, "breadcrumb", 10)) ||
            (n == 3 && !strncasecmp(v, "toc", 3)))
            return 1;
        v += n;
    }
    return 0;
}

static int attr_says(const xmlNode *n, const char *attr,
                     int (*pred)(const char *))
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)attr);
    if (!v)
        return 0;
    int yes = pred((const char *)v);
    xmlFree(v);
    return yes;
}

static int role_dropped(const char *v)
{
    for (size_t i = 0; dropped_roles[i]; i++)
        if (!strcasecmp(v, dropped_roles[i]))
            return 1;
    return 0;
}

static int style_hidden(const char *v)
{
    /* "display: none" with any spacing */
    const char *d = strstr(v, "display");
    if (!d)
        return 0;
    d += 7;
    while (*d == ' ' || *d == ':')
        d++;
    return !strncasecmp(d, "none", 4);
}

static int always(const char *v)
{
    (void)v;
    return 1;
}

static int is_true(const char *v)
{
    return !strcasecmp(v, "true");
}

static int dropped(const walker *w, const xmlNode *n)
{
    if (name_in(n, dropped_elements))
        return 1;
    if ((name_is(n, "header") || name_is(n, "footer")) && !w->in_content)
        return 1;
    return attr_says(n, "hidden", always) ||
           attr_says(n, "aria-hidden", is_true) ||
           attr_says(n, "style", style_hidden) ||
           attr_says(n, "role", role_dropped) ||
           attr_says(n, "class", names_navigation) ||
           attr_says(n, "id", names_navigation);
}

/* Appends a line to the document: the line being built, or a blank. */
static void put_line(walker *w, const char *text, size_t len, unsigned line_no,
                     rd_role role)
{
    if (w->st != SPOR_OK)
        return;
    rd_line meta;
    memset(&meta, 0, sizeof meta);
    meta.lineno = line_no;
    meta.role = role;
    if (line_no >= 1 && line_no <= w->n_src_lines) {
        meta.src_off = w->line_offs[line_no - 1];
        size_t end = line_no < w->n_src_lines ? w->line_offs[line_no]
                                              : w->src_len;
        while (end > meta.src_off &&
               (w->src[end - 1] == '\n' || w->src[end - 1] == '\r'))
            end--;
        meta.src_len = end - meta.src_off;
    }
    w->st = rd_doc_append(w->doc, text, len, &meta);
}

/* Ends the line being built; with blank, a paragraph ends too. */
static void end_line(walker *w, int blank)
{
    if (w->line.len) {
        if (w->blank_due && w->doc->n_lines)
            put_line(w, "", 0, w->line_no, RD_ROLE_TEXT);
        put_line(w, w->line.data, w->line.len, w->line_no, w->role);
        w->blank_due = 0;
    }
    /* A bullet waits for its item's text, past a <p> inside the <li>. */
    if (w->line.len)
        w->prefix = NULL;
    sbuf_reset(&w->line);
    w->line_no = 0;
    w->space = 0;
    w->role = RD_ROLE_TEXT;
    if (blank)
        w->blank_due = 1;
}

static void add_text(walker *w, const char *s, size_t n, unsigned line_no)
{
    for (size_t i = 0; i < n && w->st == SPOR_OK; i++) {
        char c = s[i];
        if (w->pre && c == '\n') {
            end_line(w, 0);
            line_no++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            if (c == '\n')
                line_no++;
            if (w->line.len)
                w->space = 1;
            continue;
        }
        if (!w->line_no)
            w->line_no = line_no;
        if (w->prefix) {
            w->st = sbuf_append_str(&w->line, w->prefix);
            w->prefix = NULL;
            w->space = 0;
        }
        if (w->st == SPOR_OK && w->space)
            w->st = sbuf_append_char(&w->line, ' ');
        w->space = 0;
        if (w->st == SPOR_OK)
            w->st = sbuf_append_char(&w->line, c);
    }
}

/* The 1-based source line holding byte offset off. */
static unsigned line_at(const walker *w, size_t off)
{
    size_t lo = 0, hi = w->n_src_lines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->line_offs[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (unsigned)lo + 1;
}

/* memmem, which POSIX lacks. */
static const char *find_mem(const char *hay, size_t n, const char *needle,
                            size_t m)
{
    for (const char *p = hay; m && (size_t)(hay + n - p) >= m; p++) {
        p = memchr(p, needle[0], (size_t)(hay + n - p) - m + 1);
        if (!p)
            return NULL;
        if (!memcmp(p, needle, m))
            return p;
    }
    return NULL;
}

static size_t count_newlines(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += s[i] == '\n';
    return k;
}

/* The source line where the text node's content begins (see the file
 * comment). */
static unsigned locate(walker *w, const xmlNode *n, const char *c, size_t len)
{
    size_t k = 0;
    while (k < len && (c[k] == ' ' || c[k] == '\t' || c[k] == '\n' ||
                       c[k] == '\r'))
        k++;
    size_t m = 0;
    while (k + m < len && m < HTML_LOCATE_BYTES && c[k + m] != ' ' &&
           c[k + m] != '\n' && c[k + m] != '\t' && c[k + m] != '<' &&
           c[k + m] != '&')
        m++;
    while (m && k + m < len && ((unsigned char)c[k + m] & 0xC0) == 0x80)
        m--; /* whole characters only */
    long parent_line = n->parent ? xmlGetLineNo(n->parent) : 0;
    size_t from = w->cursor;
    if (parent_line > 0 && (size_t)parent_line <= w->n_src_lines &&
        w->line_offs[parent_line - 1] > from)
        from = w->line_offs[parent_line - 1];
    if (m && from < w->src_len) {
        const char *hit = find_mem(w->src + from, w->src_len - from, c + k, m);
        if (hit) {
            size_t at = (size_t)(hit - w->src);
            w->cursor = at + m;
            return line_at(w, at) - (unsigned)count_newlines(c, k);
        }
    }
    long end_line = xmlGetLineNo(n);
    size_t in_chunk = len < HTML_PARSER_CHUNK ? len : HTML_PARSER_CHUNK;
    long start = end_line - (long)count_newlines(c, in_chunk);
    return start > 0 ? (unsigned)start : 1;
}

static void walk(walker *w, xmlNode *first, int depth);

static void walk_element(walker *w, xmlNode *n, int depth)
{
    if (dropped(w, n))
        return;
    int para = name_in(n, paragraph_elements);
    int row = name_in(n, row_elements);
    int heading = n->name && (n->name[0] == 'h' || n->name[0] == 'H') &&
                  n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2];
    if (para || row)
        end_line(w, para);
    if (name_is(n, "li"))
        w->prefix = BULLET;
    if ((name_is(n, "td") || name_is(n, "th")) && w->line.len)
        w->prefix = "\t";
    if (heading)
        w->role = RD_ROLE_HEADING;
    int was_pre = w->pre, was_content = w->in_content;
    if (name_is(n, "pre"))
        w->pre = 1;
    if (name_is(n, "article") || name_is(n, "main"))
        w->in_content = 1;
    walk(w, n->children, depth + 1);
    w->pre = was_pre;
    w->in_content = was_content;
    if (para || row)
        end_line(w, para);
    if (name_is(n, "li"))
        w->prefix = NULL; /* an item without text */
}

static void walk_text(walker *w, xmlNode *n)
{
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) &&
        n->content) {
        const char *c = (const char *)n->content;
        size_t len = strlen(c);
        add_text(w, c, len, locate(w, n, c, len));
    }
}

/* Where an element deeper than HTML_MAX_DEPTH begins or ends: a paragraph
 * or a row ends the line. */
static void flat_break(walker *w, const xmlNode *n)
{
    int para = name_in(n, paragraph_elements);
    if (para || name_in(n, row_elements))
        end_line(w, para);
}

/* The elements from first on and all they hold, without recursion (the
 * nesting below HTML_MAX_DEPTH may be as deep as the file is long): the
 * text in order, a line ended at each paragraph or row, what a reader does
 * not see skipped. Headings, lists and <pre> are not told apart that deep:
 * their text is read as plain lines. */
static void walk_flat(walker *w, xmlNode *first)
{
    xmlNode *top = first ? first->parent : NULL;
    for (xmlNode *n = first; n && w->st == SPOR_OK;) {
        if (n->type == XML_ELEMENT_NODE && !dropped(w, n)) {
            flat_break(w, n);
            if (n->children) {
                n = n->children;
                continue;
            }
        } else {
            walk_text(w, n);
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
            flat_break(w, n);
        }
        n = n->next;
    }
}

static void walk(walker *w, xmlNode *first, int depth)
{
    if (depth > HTML_MAX_DEPTH) {
        walk_flat(w, first);
        return;
    }
    for (xmlNode *n = first; n && w->st == SPOR_OK; n = n->next) {
        if (n->type == XML_ELEMENT_NODE)
            walk_element(w, n, depth);
        else
            walk_text(w, n);
    }
}

static xmlNode *find_element(xmlNode *n, const char *name, int depth)
{
    for (; n && depth < HTML_MAX_DEPTH; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(n, name))
            return n;
        xmlNode *f = find_element(n->children, name, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

/* The <title>, blanks collapsed; NULL when there is none. */
static spor_status page_title(xmlNode *root, char **out)
{
    *out = NULL;
    xmlNode *t = find_element(root, "title", 0);
    if (!t)
        return SPOR_OK;
    xmlChar *raw = xmlNodeGetContent(t);
    if (!raw)
        return SPOR_OK;
    sbuf b = SBUF_INIT;
    spor_status st = SPOR_OK;
    int space = 0;
    for (const char *p = (const char *)raw; *p && st == SPOR_OK; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = b.len > 0;
            continue;
        }
        if (space)
            st = sbuf_append_char(&b, ' ');
        space = 0;
        if (st == SPOR_OK)
            st = sbuf_append_char(&b, *p);
    }
    xmlFree(raw);
    if (st == SPOR_OK && b.len) {
        sbuf clean = SBUF_INIT;
        st = utf8_sanitize(b.data, b.len, &clean, NULL, NULL);
        if (st == SPOR_OK && !(*out = sbuf_detach(&clean, NULL)))
            st = SPOR_ENOMEM;
        sbuf_free(&clean);
    }
    sbuf_free(&b);
    return st;
}

/* Whether the page declares its encoding near the top (<meta charset=>,
 * the http-equiv content type, an XML declaration's encoding=); the name
 * declared goes to name, "" when it cannot be read. */
static int declared_charset(const char *s, size_t n,
                            char name[HTML_CHARSET_NAME_MAX])
{
    size_t k = n < HTML_CHARSET_SNIFF ? n : HTML_CHARSET_SNIFF;
    name[0] = '\0';
    for (size_t i = 0; i + 8 <= k; i++) {
        if (strncasecmp(s + i, "charset=", 8) &&
            strncasecmp(s + i, "encoding", 8))
            continue;
        size_t j = i + 8;
        while (j < k && (s[j] == '=' || s[j] == '"' || s[j] == '\'' ||
                         s[j] == ' '))
            j++;
        size_t m = 0;
        while (j + m < k && m + 1 < HTML_CHARSET_NAME_MAX &&
               (isalnum((unsigned char)s[j + m]) || s[j + m] == '-' ||
                s[j + m] == '_' || s[j + m] == ':' || s[j + m] == '.'))
            m++;
        memcpy(name, s + j, m);
        name[m] = '\0';
        return 1;
    }
    return 0;
}

static int has_multibyte(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return 1;
    return 0;
}

/* The encoding the parser is told, NULL to let it follow the page. Bytes
 * that are valid UTF-8 are UTF-8: libxml2 would take a page that declares
 * nothing for Latin-1, and one that declares Latin-1 or Windows-1252 while
 * its bytes are UTF-8 (a page saved by an editor that kept the old meta
 * tag) would come out as mojibake; real 8-bit text with æ, ø or å is
 * never valid UTF-8. The second case is told in doc->warning. */
static spor_status choose_encoding(const char *bytes, size_t len, rd_doc *doc,
                                   const char **enc)
{
    char declared[HTML_CHARSET_NAME_MAX];
    int declares = declared_charset(bytes, len, declared);
    *enc = NULL;
    if (!utf8_valid(bytes, len))
        return SPOR_OK;
    *enc = "UTF-8";
    if (!declares || !has_multibyte(bytes, len) ||
        !strcasecmp(declared, "utf-8") || !strcasecmp(declared, "utf8"))
        return SPOR_OK;
    sbuf w = SBUF_INIT;
    if (sbuf_printf(&w, "declares charset %s, but its bytes are UTF-8; "
                    "read as UTF-8", declared[0] ? declared : "(unreadable)"))
        return SPOR_ENOMEM;
    doc->warning = sbuf_detach(&w, NULL);
    return doc->warning ? SPOR_OK : SPOR_ENOMEM;
}

static spor_status line_table(walker *w)
{
    size_t n = 1;
    for (size_t i = 0; i < w->src_len; i++)
        n += w->src[i] == '\n';
    w->line_offs = malloc(n * sizeof *w->line_offs);
    if (!w->line_offs)
        return SPOR_ENOMEM;
    size_t k = 0;
    w->line_offs[k++] = 0;
    for (size_t i = 0; i < w->src_len; i++)
        if (w->src[i] == '\n')
            w->line_offs[k++] = i + 1;
    w->n_src_lines = n;
    return SPOR_OK;
}

uint32_t rdm_html_entity(const char *name)
{
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    return e ? e->value : 0;
}

spor_status rdm_parse_html(const char *bytes, size_t len, const char *name,
                           rd_doc *out, spor_err *err)
{
    if (!out || (!bytes && len) || !name)
        return spor_fail(err, SPOR_EINVAL, "rd_parse_html: bad arguments");
    memset(out, 0, sizeof *out);
    if (len > RD_MAX_FILE_BYTES)
        return spor_fail(err, SPOR_EINVAL, "%s: larger than %u bytes", name,
                         RD_MAX_FILE_BYTES);
    out->src_bytes = len;
    out->content_hash = rd_hash_bytes(bytes ? bytes : "", len);
    out->structured = 1;
    if (len == 0)
        return SPOR_OK;
    const char *enc = NULL;
    if (choose_encoding(bytes, len, out, &enc))
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", name);
    htmlDocPtr html = htmlReadMemory(bytes, (int)len, NULL, enc,
                                     HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                         HTML_PARSE_NOWARNING |
                                         HTML_PARSE_NONET | HTML_PARSE_HUGE);
    if (!html) {
        rd_doc_free(out);
        return spor_fail(err, SPOR_EINVAL, "%s: cannot parse as HTML", name);
    }
    walker w;
    memset(&w, 0, sizeof w);
    w.doc = out;
    w.src = bytes;
    w.src_len = len;
    w.role = RD_ROLE_TEXT;
    w.st = line_table(&w);
    xmlNode *root = xmlDocGetRootElement(html);
    if (w.st == SPOR_OK && root)
        w.st = page_title(root, &out->title);
    if (w.st == SPOR_OK && root) {
        walk(&w, root, 0);
        end_line(&w, 1);
    }
    sbuf_free(&w.line);
    free(w.line_offs);
    xmlFreeDoc(html);
    if (w.st != SPOR_OK) {
        rd_doc_free(out);
        return spor_fail(err, w.st, "%s: out of memory", name);
    }
    return SPOR_OK;
}
