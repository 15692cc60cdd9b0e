/* The PDF reader: poppler's text, page by page, with the layout put back.
 *
 * poppler-glib gives each page's text in reading order, one line per
 * typeset line, and for every character its box and font. From these the
 * reader rebuilds what plain extraction loses:
 *  - paragraphs: a vertical gap clearly larger than the usual line spacing,
 *    a change of font size, or a jump back up the page (a new column)
 *    ends a paragraph; a page break ends one too, and the segmenter joins
 *    a sentence that runs on over it;
 *  - headings: a short paragraph set wholly in bold or in a clearly larger
 *    size than the body text; when the document has such headings, the
 *    other lines are marked as body text so no guess overrides the fonts;
 *  - running heads and feet: a line in the top or bottom margin band that
 *    recurs, digits aside, on many pages ("Rapport 2023 · side 12") is
 *    dropped, as is a lone page number there;
 *  - pages of contents (lines with dot leaders) are dropped;
 *  - line-end hyphens set as soft hyphens become hyphens again, so the
 *    segmenter's hyphenation repair sees the break.
 * Every line carries its page. Line numbers count the extracted lines
 * through the document and byte offsets point into the extracted text:
 * a PDF has no source lines of its own, and the page is what a hit cites.
 *
 * GLib aborts when it cannot allocate, so poppler's own allocations are
 * not checked here; everything spor allocates is. */
#include "spor/doc/formats.h"
#include "readers_module.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <poppler.h>

#include "spor/text/buf.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* A gap between lines larger than the document's usual gap by this share
 * of the line height ends a paragraph. Body text is set with gaps of
 * 0.1-0.3 line heights; paragraph spacing adds at least half a line. */
#define PDF_PARA_GAP_SLACK 0.4
/* Gaps are compared after rounding to this many points, so the usual gap
 * is a clear mode despite sub-point jitter. */
#define PDF_GAP_BUCKET 0.5
/* Font sizes differing by more than this share are different styles. */
#define PDF_SIZE_CHANGE 0.1
/* A heading is set at least this much larger than the body text (or in
 * bold), and has at most this many words. */
#define PDF_HEADING_SIZE_RATIO 1.15
#define PDF_HEADING_MAX_WORDS 20
/* Running heads and feet live in these top and bottom shares of the page,
 * and recur on at least this many pages and this share of all pages. */
#define PDF_MARGIN_BAND 0.1
#define PDF_RUNNING_MIN_PAGES 3
#define PDF_RUNNING_MIN_SHARE 0.3
/* A page of contents: at least this share of its lines hold a dot leader
 * ("Indledning . . . . . 5"). Such pages are navigation and are dropped:
 * every heading word would find them. */
#define PDF_TOC_SHARE 0.25
/* Dots (each maybe followed by one blank) that make a leader. */
#define PDF_LEADER_DOTS 5
/* A lone page number ("12", "- 12 -", "12 / 96") has at most this many
 * characters. */
#define PDF_PAGE_NUMBER_MAX 12
/* Metadata titles that are no titles: what office programs write. */
static const char *const junk_title_prefixes[] = {"Microsoft Word - ",
                                                  "untitled", "Untitled",
                                                  NULL};
static const char *const junk_title_suffixes[] = {".doc", ".docx", ".pdf",
                                                  ".indd", ".odt", ".rtf",
                                                  NULL};

#define SOFT_HYPHEN "\xC2\xAD"

typedef struct pdf_line {
    char *text;       /* as poppler gave it, soft hyphen at the end fixed */
    size_t len;
    unsigned page;
    double top, bottom, left;
    double size;      /* font size of the first character */
    int bold;         /* every character in a bold face */
    int drop;         /* a running head or foot */
    int margin;       /* in the top or bottom margin band */
    size_t off;       /* offset in the extracted text of the document */
    char *key;        /* text with digits as '#', for running heads */
} pdf_line;

typedef struct pdf_lines {
    pdf_line *v;
    size_t n, cap;
    size_t text_off;
    unsigned n_pages;
} pdf_lines;

static void lines_free(pdf_lines *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].text);
        free(l->v[i].key);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int is_blank_char_pdf(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

static int is_bold_font(const char *name)
{
    static const char *const marks[] = {"bold", "black", "heavy", "semibold",
                                        "demi", NULL};
    if (!name)
        return 0;
    for (size_t i = 0; marks[i]; i++)
        for (const char *p = name; *p; p++)
            if (!strncasecmp(p, marks[i], strlen(marks[i])))
                return 1;
    return 0;
}

/* The attributes run covering character index ci. */
static PopplerTextAttributes *attrs_at(GList *attrs, int ci)
{
    for (GList *l = attrs; l; l = l->next) {
        PopplerTextAttributes *a = l->data;
        if (a->start_index <= ci && ci <= a->end_index)
            return a;
    }
    return NULL;
}

static char *digits_key(const char *s, size_t n)
{
    char *k = malloc(n + 1);
    if (!k)
        return NULL;
    size_t j = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= '0' && c <= '9') {
            if (j && k[j - 1] == '#')
                continue;
            c = '#';
        }
        k[j++] = c;
    }
    k[j] = '\0';
    return k;
}

static spor_status add_line(pdf_lines *l, const pdf_line *src)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        pdf_line *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *src;
    return SPOR_OK;
}

/* One page's lines with their boxes and fonts. */
static spor_status read_page(PopplerPage *page, unsigned page_no,
                             pdf_lines *out)
{
    char *text = poppler_page_get_text(page);
    if (!text)
        return SPOR_OK;
    PopplerRectangle *rects = NULL;
    guint n_rects = 0;
    if (!poppler_page_get_text_layout(page, &rects, &n_rects))
        n_rects = 0;
    GList *attrs = poppler_page_get_text_attributes(page);
    double width, height;
    poppler_page_get_size(page, &width, &height);

    spor_status st = SPOR_OK;
    int ci = 0, line_ci = 0, all_bold = 1;
    const char *start = text;
    for (const char *p = text; st == SPOR_OK; p = g_utf8_next_char(p), ci++) {
        if (*p && *p != '\n') {
            PopplerTextAttributes *a = attrs_at(attrs, ci);
            if (!is_blank_char_pdf(*p) && (!a || !is_bold_font(a->font_name)))
                all_bold = 0;
            continue;
        }
        size_t len = (size_t)(p - start);
        while (len && (start[len - 1] == ' ' || start[len - 1] == '\r'))
            len--;
        if (len) {
            pdf_line ln;
            memset(&ln, 0, sizeof ln);
            ln.page = page_no;
            ln.off = out->text_off + (size_t)(start - text);
            if ((guint)line_ci < n_rects) {
                ln.top = rects[line_ci].y1;
                ln.bottom = rects[line_ci].y2;
                ln.left = rects[line_ci].x1;
            }
            PopplerTextAttributes *a = attrs_at(attrs, line_ci);
            ln.size = a ? a->font_size : 0;
            ln.bold = all_bold;
            ln.margin = height > 0 && (ln.top < height * PDF_MARGIN_BAND ||
                                       ln.bottom > height * (1 - PDF_MARGIN_BAND));
            ln.text = malloc(len + 2);
            if (!ln.text) {
                st = SPOR_ENOMEM;
                break;
            }
            memcpy(ln.text, start, len);
            ln.len = len;
            /* A soft hyphen ending a line is the typesetter's hyphen. */
            if (len >= 2 && !memcmp(ln.text + len - 2, SOFT_HYPHEN, 2)) {
                ln.text[len - 2] = '-';
                ln.len = len - 1;
            }
            ln.text[ln.len] = '\0';
            ln.key = digits_key(ln.text, ln.len);
            if (!ln.key || add_line(out, &ln) != SPOR_OK) {
                free(ln.text);
                free(ln.key);
                st = SPOR_ENOMEM;
                break;
            }
        }
        if (!*p)
            break;
        start = p + 1;
        line_ci = ci + 1;
        all_bold = 1;
    }
    out->text_off += strlen(text) + 1;
    g_free(text);
    g_free(rects);
    poppler_page_free_text_attributes(attrs);
    return st;
}

/* A lone page number: short, with a digit and hardly a word ("12",
 * "- 12 -", "12 / 96", "Side 12"). */
static int is_page_number(const char *s, size_t n)
{
    if (n > PDF_PAGE_NUMBER_MAX)
        return 0;
    int digit = 0, letters = 0;
    for (size_t i = 0; i < n; i++) {
        digit |= s[i] >= '0' && s[i] <= '9';
        letters += isalpha((unsigned char)s[i]) != 0;
    }
    return digit && letters <= 6;
}

static int has_leader(const char *s, size_t n)
{
    size_t dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (++dots >= PDF_LEADER_DOTS)
                return 1;
        } else if (!(s[i] == ' ' && dots && i + 1 < n && s[i + 1] == '.')) {
            dots = 0;
        }
    }
    return 0;
}

/* Marks the lines of pages of contents. */
static void mark_contents(pdf_lines *l)
{
    size_t from = 0;
    while (from < l->n) {
        size_t to = from, leaders = 0;
        while (to < l->n && l->v[to].page == l->v[from].page) {
            leaders += has_leader(l->v[to].text, l->v[to].len);
            to++;
        }
        if ((double)leaders >= (double)(to - from) * PDF_TOC_SHARE)
            for (size_t i = from; i < to; i++)
                l->v[i].drop = 1;
        from = to;
    }
}

/* A margin line as mark_running sorts them: by key, then in page order. */
typedef struct margin_ref {
    const char *key;
    size_t i;
    int eligible; /* not dropped before, and not a page number */
} margin_ref;

static int by_key_then_order(const void *pa, const void *pb)
{
    const margin_ref *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->i > b->i) - (a->i < b->i);
}

/* Drops the lines of one key's group when the key stands in the margin of
 * enough pages: from its first line that is neither dropped already nor a
 * page number on (those before it are dropped anyway). */
static void drop_group(pdf_lines *l, const margin_ref *g, size_t n,
                       size_t need)
{
    size_t pages = 0, first = n;
    unsigned last = 0;
    for (size_t k = 0; k < n; k++) {
        const pdf_line *b = &l->v[g[k].i];
        if (b->page != last) {
            pages++;
            last = b->page;
        }
        if (g[k].eligible && first == n)
            first = k;
    }
    if (pages >= need)
        for (size_t k = first; k < n; k++)
            l->v[g[k].i].drop = 1;
}

/* Marks running heads and feet (see the file comment): margin lines whose
 * key stands in the margin of enough pages, and page numbers. The lines
 * are grouped by key with one sort, so that a document of many pages costs
 * n log n, not one pass over every line per margin line (100,000 pages
 * took past 300 s). */
static spor_status mark_running(pdf_lines *l)
{
    size_t need = PDF_RUNNING_MIN_PAGES;
    if (need < (size_t)(l->n_pages * PDF_RUNNING_MIN_SHARE))
        need = (size_t)(l->n_pages * PDF_RUNNING_MIN_SHARE);
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->v[i].margin != 0;
    if (!n)
        return SPOR_OK;
    margin_ref *refs = malloc(n * sizeof *refs);
    if (!refs)
        return SPOR_ENOMEM;
    n = 0;
    for (size_t i = 0; i < l->n; i++) {
        pdf_line *a = &l->v[i];
        if (!a->margin)
            continue;
        int eligible = !a->drop && !is_page_number(a->text, a->len);
        if (!a->drop && !eligible)
            a->drop = 1;
        refs[n++] = (margin_ref){a->key, i, eligible};
    }
    qsort(refs, n, sizeof *refs, by_key_then_order);
    for (size_t g = 0, k; g < n; g = k) {
        for (k = g + 1; k < n && !strcmp(refs[k].key, refs[g].key); k++)
            ;
        drop_group(l, refs + g, k - g, need);
    }
    free(refs);
    return SPOR_OK;
}

typedef struct tally {
    double key;
    double weight;
} tally;

/* Adds weight to key in t (at most cap distinct keys; further keys are
 * ignored, which only matters for pathological documents). */
static void tally_add(tally *t, size_t *n, size_t cap, double key, double w)
{
    for (size_t i = 0; i < *n; i++)
        if (t[i].key == key) {
            t[i].weight += w;
            return;
        }
    if (*n < cap) {
        t[*n].key = key;
        t[*n].weight = w;
        (*n)++;
    }
}

static double tally_mode(const tally *t, size_t n, double fallback)
{
    double best = fallback, w = 0;
    for (size_t i = 0; i < n; i++)
        if (t[i].weight > w) {
            w = t[i].weight;
            best = t[i].key;
        }
    return best;
}

/* Distinct font sizes and gaps a document is expected to use; more are
 * not tallied (the mode is among the first in any real document). */
#define PDF_TALLY_MAX 64

static int same_size(double a, double b)
{
    double m = a > b ? a : b;
    return m <= 0 || fabs(a - b) <= m * PDF_SIZE_CHANGE;
}

/* The body text's font size (the size of most characters) and the usual
 * gap between its lines. */
static void body_style(const pdf_lines *l, double *size, double *gap)
{
    tally sizes[PDF_TALLY_MAX], gaps[PDF_TALLY_MAX];
    size_t ns = 0, ng = 0;
    const pdf_line *prev = NULL;
    for (size_t i = 0; i < l->n; i++) {
        const pdf_line *a = &l->v[i];
        if (a->drop)
            continue;
        tally_add(sizes, &ns, PDF_TALLY_MAX, round(a->size * 2) / 2,
                  (double)a->len);
        if (prev && prev->page == a->page && a->top > prev->top &&
            same_size(prev->size, a->size))
            tally_add(gaps, &ng, PDF_TALLY_MAX,
                      round((a->top - prev->bottom) / PDF_GAP_BUCKET) *
                          PDF_GAP_BUCKET,
                      1);
        prev = a;
    }
    *size = tally_mode(sizes, ns, 0);
    *gap = tally_mode(gaps, ng, 0);
}

static int heading_style(const pdf_line *a, double body_size)
{
    return a->bold || (body_size > 0 &&
                       a->size >= body_size * PDF_HEADING_SIZE_RATIO);
}

/* Whether line b starts a new paragraph after line a. */
static int breaks(const pdf_line *a, const pdf_line *b, double body_size,
                  double usual_gap)
{
    if (a->page != b->page || b->top < a->top || !same_size(a->size, b->size) ||
        heading_style(a, body_size) != heading_style(b, body_size))
        return 1;
    double h = b->bottom - b->top;
    return b->top - a->bottom > usual_gap + PDF_PARA_GAP_SLACK * h;
}

static spor_status put(rd_doc *doc, const pdf_line *ln, size_t index,
                       const char *text, size_t len, rd_role role)
{
    rd_line meta;
    memset(&meta, 0, sizeof meta);
    meta.lineno = (unsigned)(index + 1);
    meta.src_off = ln->off;
    meta.src_len = len ? ln->len : 0;
    meta.page = ln->page;
    meta.role = role;
    return rd_doc_append(doc, text, len, &meta);
}

/* Lays the lines out as paragraphs and headings into doc. */
static spor_status emit_lines(const pdf_lines *l, rd_doc *doc)
{
    double body_size, usual_gap;
    body_style(l, &body_size, &usual_gap);
    size_t *para_end = malloc((l->n + 1) * sizeof *para_end);
    if (!para_end)
        return SPOR_ENOMEM;
    /* First pass: is any paragraph a heading? Then body lines are marked
     * as such, else the segmenter may still guess headings. */
    int any_heading = 0;
    size_t np = 0;
    const pdf_line *prev = NULL;
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].drop)
            continue;
        if (prev && breaks(prev, &l->v[i], body_size, usual_gap))
            para_end[np++] = i;
        prev = &l->v[i];
    }
    para_end[np++] = l->n;

    spor_status st = SPOR_OK;
    sbuf head = SBUF_INIT;
    for (int pass = 0; pass < 2 && st == SPOR_OK; pass++) {
        size_t from = 0;
        for (size_t p = 0; p < np && st == SPOR_OK; p++) {
            size_t to = para_end[p];
            size_t first = from;
            while (first < to && l->v[first].drop)
                first++;
            if (first == to) {
                from = to;
                continue;
            }
            unsigned words = 0;
            for (size_t i = first; i < to; i++)
                if (!l->v[i].drop)
                    words += (unsigned)tok_count(l->v[i].text, l->v[i].len);
            int heading = heading_style(&l->v[first], body_size) &&
                          words <= PDF_HEADING_MAX_WORDS && words > 0;
            if (pass == 0) {
                any_heading |= heading;
                from = to;
                continue;
            }
            if (doc->n_lines)
                st = put(doc, &l->v[first], first, "", 0, RD_ROLE_GUESS);
            if (heading) {
                sbuf_reset(&head);
                for (size_t i = first; i < to && st == SPOR_OK; i++) {
                    if (l->v[i].drop)
                        continue;
                    if (head.len)
                        st = sbuf_append_char(&head, ' ');
                    if (st == SPOR_OK)
                        st = sbuf_append(&head, l->v[i].text, l->v[i].len);
                }
                if (st == SPOR_OK)
                    st = put(doc, &l->v[first], first, head.data, head.len,
                             RD_ROLE_HEADING);
            } else {
                rd_role role = any_heading ? RD_ROLE_TEXT : RD_ROLE_GUESS;
                for (size_t i = first; i < to && st == SPOR_OK; i++)
                    if (!l->v[i].drop)
                        st = put(doc, &l->v[i], i, l->v[i].text, l->v[i].len,
                                 role);
            }
            from = to;
        }
    }
    sbuf_free(&head);
    free(para_end);
    return st != SPOR_OK ? SPOR_ENOMEM : SPOR_OK;
}

/* The metadata title when it looks like one. */
static spor_status meta_title(PopplerDocument *d, char **out)
{
    *out = NULL;
    char *t = poppler_document_get_title(d);
    if (!t)
        return SPOR_OK;
    size_t n = strlen(t);
    while (n && isspace((unsigned char)t[n - 1]))
        n--;
    size_t a = 0;
    while (a < n && isspace((unsigned char)t[a]))
        a++;
    int junk = n == a;
    for (size_t i = 0; !junk && junk_title_prefixes[i]; i++)
        junk = !strncmp(t + a, junk_title_prefixes[i],
                        strlen(junk_title_prefixes[i]));
    for (size_t i = 0; !junk && junk_title_suffixes[i]; i++) {
        size_t k = strlen(junk_title_suffixes[i]);
        junk = n - a >= k && !strncasecmp(t + n - k, junk_title_suffixes[i], k);
    }
    spor_status st = SPOR_OK;
    if (!junk) {
        sbuf b = SBUF_INIT;
        st = utf8_sanitize(t + a, n - a, &b, NULL, NULL);
        if (st == SPOR_OK && !(*out = sbuf_detach(&b, NULL)))
            st = SPOR_ENOMEM;
        sbuf_free(&b);
    }
    g_free(t);
    return st;
}

spor_status rdm_parse_pdf(const char *bytes, size_t len, const char *name,
                          rd_doc *out, spor_err *err)
{
    if (!out || !bytes || !name)
        return spor_fail(err, SPOR_EINVAL, "rd_parse_pdf: bad arguments");
    memset(out, 0, sizeof *out);
    if (len > RD_MAX_FILE_BYTES)
        return spor_fail(err, SPOR_EINVAL, "%s: larger than %u bytes", name,
                         RD_MAX_FILE_BYTES);
    GBytes *gb = g_bytes_new_static(bytes, len);
    GError *gerr = NULL;
    PopplerDocument *d = poppler_document_new_from_bytes(gb, NULL, &gerr);
    g_bytes_unref(gb);
    if (!d) {
        spor_status st;
        if (gerr && gerr->domain == POPPLER_ERROR &&
            gerr->code == POPPLER_ERROR_ENCRYPTED)
            st = spor_fail(err, SPOR_EINVAL, "%s: encrypted PDF (needs a "
                           "password)", name);
        else
            st = spor_fail(err, SPOR_EINVAL, "%s: damaged or not a PDF: %s",
                           name, gerr ? gerr->message : "unknown error");
        if (gerr)
            g_error_free(gerr);
        return st;
    }
    out->src_bytes = len;
    out->content_hash = rd_hash_bytes(bytes, len);
    out->structured = 1;
    pdf_lines lines;
    memset(&lines, 0, sizeof lines);
    int n_pages = poppler_document_get_n_pages(d);
    lines.n_pages = n_pages > 0 ? (unsigned)n_pages : 0;
    spor_status st = meta_title(d, &out->title);
    for (int i = 0; i < n_pages && st == SPOR_OK; i++) {
        PopplerPage *page = poppler_document_get_page(d, i);
        if (!page)
            continue;
        st = read_page(page, (unsigned)i + 1, &lines);
        g_object_unref(page);
    }
    if (st == SPOR_OK) {
        mark_contents(&lines);
        st = mark_running(&lines);
        if (st == SPOR_OK)
            st = emit_lines(&lines, out);
    }
    lines_free(&lines);
    g_object_unref(d);
    if (st != SPOR_OK) {
        rd_doc_free(out);
        return spor_fail(err, st, "%s: out of memory", name);
    }
    if (out->n_lines == 0) {
        rd_doc_free(out);
        return spor_fail(err, SPOR_EINVAL, "%s: no text in this PDF (%u "
                         "page%s; a scan without a text layer?)", name,
                         lines.n_pages, lines.n_pages == 1 ? "" : "s");
    }
    return SPOR_OK;
}
