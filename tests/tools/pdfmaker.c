/* The test typesetter (see pdfmaker.h): cairo's PDF surface and its toy
 * text API with DejaVu Sans, which Debian's fontconfig always has. Page
 * geometry is A4 with report-like margins, sizes and spacing. */
#include "pdfmaker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#define PAGE_W 595.0
#define PAGE_H 842.0
#define MARGIN_X 70.0
#define MARGIN_TOP 80.0
#define MARGIN_BOTTOM 80.0
#define BODY_SIZE 10.5
#define BODY_LEADING 13.0
#define PARA_GAP 8.0
#define HEAD_SIZE 14.0
#define HEAD_GAP_BEFORE 14.0
#define HEAD_GAP_AFTER 4.0
#define RUNNING_SIZE 9.0
#define FONT "DejaVu Sans"
/* Only words this long are hyphenated, leaving at least these many bytes
 * on each side: short parts are not how typesetters break words. */
#define HYPHEN_MIN_WORD 8
#define HYPHEN_MIN_LEFT 3
#define HYPHEN_MIN_RIGHT 4

typedef struct maker {
    cairo_t *cr;
    double y;       /* baseline of the next line */
    unsigned page;
    pdfmaker_log *log;
    size_t cap_h, cap_hd;
    int failed;
} maker;

/* Copies src into dst[cap], cut short if it must be. */
static void set(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void font(maker *m, int bold, double size)
{
    cairo_select_font_face(m->cr, FONT, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD
                                : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(m->cr, size);
}

static double width(maker *m, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(m->cr, s, &e);
    return e.x_advance;
}

static void running(maker *m)
{
    font(m, 0, RUNNING_SIZE);
    cairo_move_to(m->cr, MARGIN_X, 40);
    cairo_show_text(m->cr, PDFMAKER_RUNNING_HEAD);
    char foot[32];
    snprintf(foot, sizeof foot, "Side %u", m->page);
    cairo_move_to(m->cr, PAGE_W / 2 - width(m, foot) / 2, PAGE_H - 40);
    cairo_show_text(m->cr, foot);
}

static void new_page(maker *m)
{
    if (m->page)
        cairo_show_page(m->cr);
    m->page++;
    m->y = MARGIN_TOP;
    running(m);
}

/* Makes room for a line of the given leading, starting a page if needed. */
static void need(maker *m, double leading)
{
    if (m->y + leading > PAGE_H - MARGIN_BOTTOM)
        new_page(m);
}

static void show_line(maker *m, const char *s, int bold, double size,
                      double leading)
{
    need(m, leading);
    font(m, bold, size);
    m->y += leading;
    cairo_move_to(m->cr, MARGIN_X, m->y);
    cairo_show_text(m->cr, s);
}

static int all_letters(const char *w)
{
    for (const unsigned char *p = (const unsigned char *)w; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p >= 0x80))
            return 0;
    return 1;
}

static void log_hyphen(maker *m, const char *word, const char *left)
{
    pdfmaker_log *l = m->log;
    if (l->n_hyphens == m->cap_h) {
        m->cap_h = m->cap_h ? m->cap_h * 2 : 32;
        pdfmaker_hyphen *v = realloc(l->hyphens, m->cap_h * sizeof *v);
        if (!v) {
            m->failed = 1;
            return;
        }
        l->hyphens = v;
    }
    pdfmaker_hyphen *h = &l->hyphens[l->n_hyphens++];
    set(h->word, sizeof h->word, word);
    set(h->left, sizeof h->left, left);
    h->page = m->page;
}

static void log_heading(maker *m, const char *text)
{
    pdfmaker_log *l = m->log;
    if (l->n_headings == m->cap_hd) {
        m->cap_hd = m->cap_hd ? m->cap_hd * 2 : 32;
        pdfmaker_heading *v = realloc(l->headings, m->cap_hd * sizeof *v);
        if (!v) {
            m->failed = 1;
            return;
        }
        l->headings = v;
    }
    pdfmaker_heading *h = &l->headings[l->n_headings++];
    set(h->text, sizeof h->text, text);
    h->page = m->page;
}

/* The longest left part of word (cut at a character boundary) that fits
 * in room with its hyphen; 0 if none may be cut. */
static size_t hyphen_cut(maker *m, const char *word, double room)
{
    size_t n = strlen(word), best = 0;
    if (n < HYPHEN_MIN_WORD || !all_letters(word))
        return 0;
    char buf[256];
    for (size_t k = HYPHEN_MIN_LEFT; k + HYPHEN_MIN_RIGHT <= n && k < 250;
         k++) {
        if (((unsigned char)word[k] & 0xC0) == 0x80)
            continue; /* inside a UTF-8 sequence */
        memcpy(buf, word, k);
        buf[k] = '-';
        buf[k + 1] = '\0';
        if (width(m, buf) <= room)
            best = k;
    }
    return best;
}

/* Sets a paragraph of words (separated by blanks) as filled lines. */
static void paragraph(maker *m, char *text)
{
    const double line_w = PAGE_W - 2 * MARGIN_X;
    char line[4096] = "";
    font(m, 0, BODY_SIZE);
    char *save = NULL;
    for (char *w = strtok_r(text, " \t\n", &save); w;
         w = strtok_r(NULL, " \t\n", &save)) {
        char word[512];
        set(word, sizeof word, w);
        for (;;) {
            char trial[4096 + 512 + 16]; /* line, blank, word, hyphen */
            snprintf(trial, sizeof trial, "%s%s%s", line, line[0] ? " " : "",
                     word);
            font(m, 0, BODY_SIZE);
            if (width(m, trial) <= line_w || !line[0]) {
                set(line, sizeof line, trial);
                break;
            }
            double room = line_w - width(m, line) - width(m, " ");
            size_t cut = hyphen_cut(m, word, room);
            if (cut) {
                char left[512];
                memcpy(left, word, cut);
                left[cut] = '\0';
                snprintf(trial, sizeof trial, "%s %s-", line, left);
                show_line(m, trial, 0, BODY_SIZE, BODY_LEADING);
                log_hyphen(m, word, left);
                memmove(word, word + cut, strlen(word + cut) + 1);
                set(line, sizeof line, word);
                break;
            }
            show_line(m, line, 0, BODY_SIZE, BODY_LEADING);
            line[0] = '\0';
        }
    }
    if (line[0])
        show_line(m, line, 0, BODY_SIZE, BODY_LEADING);
    m->y += PARA_GAP;
}

/* Removes "**" and leading '#'s and blanks, in place. */
static void strip_markup(char *s)
{
    char *o = s;
    const char *p = s;
    while (*p == '#' || *p == ' ')
        p++;
    while (*p) {
        if (p[0] == '*' && p[1] == '*') {
            p += 2;
            continue;
        }
        *o++ = *p++;
    }
    *o = '\0';
}

static void heading(maker *m, char *text)
{
    strip_markup(text);
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    m->y += HEAD_GAP_BEFORE;
    /* A heading never sits alone at a page's foot. */
    need(m, HEAD_SIZE * 1.3 + BODY_LEADING * 2);
    show_line(m, text, 1, HEAD_SIZE, HEAD_SIZE * 1.3);
    log_heading(m, text);
    m->y += HEAD_GAP_AFTER;
}

static int blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return 0;
    return 1;
}

int pdfmaker_render(const char *text, size_t len, const char *path,
                    pdfmaker_log *log, char *err, size_t err_len)
{
    memset(log, 0, sizeof *log);
    cairo_surface_t *s = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_len, "%s: %s", path,
                 cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return -1;
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   PDFMAKER_TITLE);
    maker m;
    memset(&m, 0, sizeof m);
    m.cr = cairo_create(s);
    m.log = log;
    cairo_set_source_rgb(m.cr, 0, 0, 0);
    new_page(&m);

    /* Paragraphs: runs of non-blank lines; a '#' line is a heading. */
    char *para = malloc(len + 1);
    size_t plen = 0;
    if (!para)
        m.failed = 1;
    size_t pos = 0;
    while (!m.failed && pos <= len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        int blank = blank_line(text + pos, end - pos);
        size_t lead = pos;
        while (lead < end && text[lead] == ' ')
            lead++;
        int is_heading = lead < end && text[lead] == '#';
        if ((blank || is_heading || !nl) && plen) {
            if (!blank && !is_heading) {
                para[plen++] = ' ';
                memcpy(para + plen, text + pos, end - pos);
                plen += end - pos;
            }
            para[plen] = '\0';
            strip_markup(para);
            paragraph(&m, para);
            plen = 0;
            if (!nl && !is_heading)
                break;
        }
        if (is_heading) {
            memcpy(para, text + lead, end - lead);
            para[end - lead] = '\0';
            heading(&m, para);
        } else if (!blank) {
            if (plen)
                para[plen++] = ' ';
            memcpy(para + plen, text + pos, end - pos);
            plen += end - pos;
        }
        if (!nl) {
            if (plen) {
                para[plen] = '\0';
                strip_markup(para);
                paragraph(&m, para);
            }
            break;
        }
        pos = end + 1;
    }
    free(para);
    log->n_pages = m.page;
    cairo_destroy(m.cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    if (m.failed || st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_len, "%s: %s", path,
                 m.failed ? "out of memory" : cairo_status_to_string(st));
        pdfmaker_log_free(log);
        return -1;
    }
    return 0;
}

int pdfmaker_render_file(const char *in, const char *out, pdfmaker_log *log,
                         char *err, size_t err_len)
{
    memset(log, 0, sizeof *log);
    FILE *f = fopen(in, "rb");
    if (!f) {
        snprintf(err, err_len, "%s: cannot open", in);
        return -1;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) {
        snprintf(err, err_len, "%s: out of memory", in);
        return -1;
    }
    int rc = pdfmaker_render(buf, len, out, log, err, err_len);
    free(buf);
    return rc;
}

void pdfmaker_log_free(pdfmaker_log *log)
{
    free(log->hyphens);
    free(log->headings);
    memset(log, 0, sizeof *log);
}

void pdfmaker_cleanup(void)
{
    cairo_debug_reset_static_data();
    FcFini();
}
