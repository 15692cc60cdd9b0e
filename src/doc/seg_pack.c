/* Passages: the segmenter's packing of a document's blocks into passages
 * of SEG_MIN_WORDS..SEG_MAX_WORDS words. Small paragraphs are merged with
 * their neighbours, paragraphs longer than SEG_MAX_WORDS are cut at
 * sentence ends (or line breaks) into pieces of about SEG_TARGET_WORDS, a
 * small last piece joins the section's previous passage, and no passage
 * straddles a heading. Every passage keeps the source lines it came from.
 * Only the segmenter's files use it, through seg_int.h. */
#include "seg_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* The last small piece of a section is merged into the previous passage
 * when the result stays within SEG_MAX_WORDS plus this slack: a passage of
 * 265 words is better than a 15-word fragment. */
#define SEG_MERGE_SLACK 25

/* Outline levels tracked; a heading deeper than this stands under the
 * deepest open one (real documents use three or four). */
#define SEG_MAX_DEPTH 16

/* The open branch of the outline: each level's heading style and its
 * 1-based index in seg_result.headings. */
typedef struct outline {
    unsigned style[SEG_MAX_DEPTH];
    size_t heading[SEG_MAX_DEPTH];
    size_t depth;
    size_t cap; /* of seg_result.headings */
} outline;

/* The passage being filled and the passages made so far. */
typedef struct packer {
    const rd_doc *doc;
    seg_result *out;
    size_t cap;
    sbuf acc;
    unsigned acc_words;
    size_t acc_first, acc_last;
    const char *section;
    size_t section_first; /* index of the section's first passage */
    size_t heading;       /* the section's heading, as seg_passage.heading */
    outline tree;
} packer;

/* Abbreviations that end in '.' inside a sentence (lower-cased). */
static int is_abbreviation(const char *w, size_t n)
{
    static const char *const abbr[] = {
        "bl", "ca", "fx", "mv", "nr", "kr", "mio", "mia", "pct", "jf", "evt",
        "inkl", "ekskl", "dvs", "el", "ift", "ifm", "mm", "ml", "tlf", "st",
        "eks", "pt", "osv", "etc", "hhv", "vedr", "ang", "bla", "sept", "okt",
        "nov", "dec", "jan", "feb", "aug", "dr", "prof", "mr", "mrs", "ms"};
    if (n <= 1)
        return 1; /* initials and "d." */
    for (size_t i = 0; i < sizeof abbr / sizeof abbr[0]; i++)
        if (strlen(abbr[i]) == n && memcmp(abbr[i], w, n) == 0)
            return 1;
    return 0;
}

/* If a sentence ends at text[i] ('.', '?' or '!'), the offset where the
 * next sentence starts; else 0. */
static size_t sentence_break(const char *t, size_t n, size_t i)
{
    char c = t[i];
    if (c != '.' && c != '?' && c != '!')
        return 0;
    size_t j = i + 1;
    while (j < n && (t[j] == '"' || t[j] == '\'' || t[j] == ')' ||
                     seg_starts_with(t + j, n - j, "\xE2\x80\x9D")))
        j += (unsigned char)t[j] == 0xE2 ? 3 : 1;
    if (j >= n || t[j] != ' ')
        return 0;
    size_t k = j;
    while (k < n && t[k] == ' ')
        k++;
    if (k >= n)
        return 0;
    uint32_t next = seg_first_cp(t + k, n - k);
    int digit = utf8_is_digit(next);
    if (!digit && !seg_is_upper_cp(next))
        return 0;
    if (c == '.') {
        size_t w = i;
        while (w > 0 && ((unsigned char)t[w - 1] >= 0x80 ||
                         ((t[w - 1] | 0x20) >= 'a' && (t[w - 1] | 0x20) <= 'z')))
            w--;
        char low[8];
        size_t len = i - w;
        if (len == 0) /* "2023." or "(S)." : a number or symbol ends it */
            return digit ? 0 : k;
        if (len < sizeof low) {
            for (size_t q = 0; q < len; q++)
                low[q] = (char)(t[w + q] | 0x20);
            if (is_abbreviation(low, len))
                return 0;
        }
        if (digit && len < 4)
            return 0; /* "kap. 3", "nr. 5": a number after a short word */
    }
    return k;
}

/* Offset in t[from..n) after about want words, at a blank. */
static size_t cut_after_words(const char *t, size_t from, size_t n,
                              unsigned want)
{
    unsigned got = 0;
    size_t i = from;
    while (i < n) {
        size_t j = i;
        while (j < n && t[j] != ' ' && t[j] != '\n')
            j++;
        got += (unsigned)tok_count(t + i, j - i);
        while (j < n && (t[j] == ' ' || t[j] == '\n'))
            j++;
        i = j;
        if (got >= want)
            break;
    }
    return i;
}

typedef struct cut {
    size_t off;     /* where the next piece starts */
    unsigned words; /* words before it, from the paragraph start */
} cut;

/* Candidate cuts: line breaks (between list items or rows) and sentence
 * ends. Word counts add up because every cut is at a blank. */
static spor_status find_cuts(const char *t, size_t n, cut **out, size_t *n_out)
{
    size_t cap = 32, k = 0, last = 0;
    unsigned words = 0;
    cut *v = malloc(cap * sizeof *v);
    if (!v)
        return SPOR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t at = t[i] == '\n' ? i + 1 : sentence_break(t, n, i);
        if (!at || at >= n)
            continue;
        words += (unsigned)tok_count(t + last, at - last);
        last = at;
        if (k == cap) {
            cut *p = realloc(v, cap * 2 * sizeof *v);
            if (!p) {
                free(v);
                return SPOR_ENOMEM;
            }
            v = p;
            cap *= 2;
        }
        cut c = {at, words};
        v[k++] = c;
        i = at - 1;
    }
    *out = v;
    *n_out = k;
    return SPOR_OK;
}

/* Widens p's source lines and bytes to cover lines [first, last] of the
 * document. Not just the first's start and the last's end: an HTML
 * reader's lines follow the elements, and broken markup can put a later
 * element on an earlier source line (a passage cited "lines 2-1"). */
static void cover_lines(const rd_doc *doc, size_t first, size_t last,
                        seg_passage *p)
{
    for (size_t i = first; i <= last; i++) {
        const rd_line *l = &doc->lines[i];
        if (l->lineno < p->line_start)
            p->line_start = l->lineno;
        if (l->lineno > p->line_end)
            p->line_end = l->lineno;
        if (l->src_off < p->byte_start)
            p->byte_start = l->src_off;
        if (l->src_off + l->src_len > p->byte_end)
            p->byte_end = l->src_off + l->src_len;
    }
}

static spor_status emit(packer *pk, const char *text, size_t len,
                        unsigned words, size_t first, size_t last)
{
    seg_result *r = pk->out;
    if (r->n_passages == pk->cap) {
        size_t cap = pk->cap ? pk->cap * 2 : 32;
        seg_passage *v = realloc(r->passages, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        r->passages = v;
        pk->cap = cap;
    }
    seg_passage *p = &r->passages[r->n_passages];
    memset(p, 0, sizeof *p);
    p->text = malloc(len + 1);
    p->section = strdup(pk->section);
    if (!p->text || !p->section) {
        free(p->text);
        free(p->section);
        return SPOR_ENOMEM;
    }
    memcpy(p->text, text, len);
    p->text[len] = '\0';
    p->len = len;
    p->heading = pk->heading;
    const rd_line *a = &pk->doc->lines[first], *b = &pk->doc->lines[last];
    p->line_start = a->lineno;
    p->line_end = b->lineno;
    p->byte_start = a->src_off;
    p->byte_end = b->src_off + b->src_len;
    cover_lines(pk->doc, first, last, p);
    p->page_start = a->page;
    p->page_end = b->page;
    p->n_words = words;
    r->n_passages++;
    return SPOR_OK;
}

static spor_status flush_acc(packer *pk)
{
    if (!pk->acc_words) {
        sbuf_reset(&pk->acc);
        return SPOR_OK;
    }
    spor_status s = emit(pk, pk->acc.data, pk->acc.len, pk->acc_words,
                         pk->acc_first, pk->acc_last);
    sbuf_reset(&pk->acc);
    pk->acc_words = 0;
    return s;
}

static spor_status add_unit(packer *pk, const char *t, size_t n,
                            unsigned words, size_t first, size_t last)
{
    if (pk->acc_words && pk->acc_words + words > SEG_MAX_WORDS) {
        int small = pk->acc_words < SEG_MIN_WORDS &&
                    pk->acc_words + words <= SEG_MAX_WORDS + SEG_MERGE_SLACK;
        if (!small && flush_acc(pk) != SPOR_OK)
            return SPOR_ENOMEM;
    }
    if (pk->acc_words && sbuf_append_char(&pk->acc, '\n') != SPOR_OK)
        return SPOR_ENOMEM;
    if (sbuf_append(&pk->acc, t, n) != SPOR_OK)
        return SPOR_ENOMEM;
    if (!pk->acc_words)
        pk->acc_first = first;
    pk->acc_last = last;
    pk->acc_words += words;
    return pk->acc_words >= SEG_MIN_WORDS ? flush_acc(pk) : SPOR_OK;
}

/* Ends a section: a small last piece joins the section's previous passage
 * when that stays near the size limit. */
static spor_status end_section(packer *pk)
{
    seg_result *r = pk->out;
    if (pk->acc_words && pk->acc_words < SEG_MIN_WORDS &&
        r->n_passages > pk->section_first) {
        seg_passage *p = &r->passages[r->n_passages - 1];
        if (p->n_words + pk->acc_words <= SEG_MAX_WORDS + SEG_MERGE_SLACK) {
            char *t = realloc(p->text, p->len + 1 + pk->acc.len + 1);
            if (!t)
                return SPOR_ENOMEM;
            t[p->len] = '\n';
            memcpy(t + p->len + 1, pk->acc.data, pk->acc.len + 1);
            p->text = t;
            p->len += 1 + pk->acc.len;
            p->n_words += pk->acc_words;
            const rd_line *b = &pk->doc->lines[pk->acc_last];
            cover_lines(pk->doc, pk->acc_first, pk->acc_last, p);
            p->page_end = b->page;
            sbuf_reset(&pk->acc);
            pk->acc_words = 0;
        }
    }
    spor_status s = flush_acc(pk);
    pk->section_first = r->n_passages;
    return s;
}

/* The source lines of text[a..b) of a paragraph. */
static void piece_lines(const para *p, size_t a, size_t b, size_t *first,
                        size_t *last)
{
    *first = p->marks[0].line;
    *last = p->marks[0].line;
    for (size_t i = 0; i < p->n_marks; i++) {
        if (p->marks[i].off <= a)
            *first = p->marks[i].line;
        if (p->marks[i].off < b)
            *last = p->marks[i].line;
    }
}

static spor_status add_piece(packer *pk, const para *p, size_t a, size_t b)
{
    const char *t = p->text.data;
    while (a < b && (t[a] == ' ' || t[a] == '\n'))
        a++;
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\n'))
        b--;
    unsigned words = (unsigned)tok_count(t + a, b - a);
    if (!words)
        return SPOR_OK;
    size_t first, last;
    piece_lines(p, a, b, &first, &last);
    return add_unit(pk, t + a, b - a, words, first, last);
}

/* The best cut for the piece starting at from: the candidate whose piece is
 * closest to goal words without passing SEG_MAX_WORDS; 0 if none fits. */
static size_t choose_cut(const cut *c, size_t nc, size_t from,
                         unsigned from_words, unsigned goal)
{
    size_t best = 0;
    unsigned best_dist = UINT32_MAX;
    for (size_t i = 0; i < nc; i++) {
        if (c[i].off <= from || c[i].words <= from_words)
            continue;
        unsigned w = c[i].words - from_words;
        if (w > SEG_MAX_WORDS)
            break;
        unsigned dist = w > goal ? w - goal : goal - w;
        if (dist < best_dist) {
            best_dist = dist;
            best = i + 1;
        }
    }
    return best;
}

/* Adds a paragraph, cut at sentence ends into pieces of about
 * SEG_TARGET_WORDS when it is longer than SEG_MAX_WORDS. */
static spor_status add_paragraph(packer *pk, const para *p)
{
    const char *t = p->text.data;
    size_t n = p->text.len;
    unsigned total = (unsigned)tok_count(t, n);
    if (total <= SEG_MAX_WORDS)
        return add_piece(pk, p, 0, n);
    cut *cuts = NULL;
    size_t nc = 0;
    if (find_cuts(t, n, &cuts, &nc) != SPOR_OK)
        return SPOR_ENOMEM;
    size_t from = 0;
    unsigned from_words = 0;
    spor_status s = SPOR_OK;
    while (s == SPOR_OK && total - from_words > SEG_MAX_WORDS) {
        unsigned rest = total - from_words;
        unsigned pieces = (rest + SEG_TARGET_WORDS - 1) / SEG_TARGET_WORDS;
        unsigned goal = rest / pieces;
        size_t pick = choose_cut(cuts, nc, from, from_words, goal);
        size_t to;
        unsigned to_words;
        if (pick) {
            to = cuts[pick - 1].off;
            to_words = cuts[pick - 1].words;
        } else {
            /* No sentence end fits: cut between words. */
            to = cut_after_words(t, from, n, goal);
            to_words = from_words + (unsigned)tok_count(t + from, to - from);
        }
        if (to <= from || to >= n)
            break;
        s = add_piece(pk, p, from, to);
        from = to;
        from_words = to_words;
    }
    if (s == SPOR_OK)
        s = add_piece(pk, p, from, n);
    free(cuts);
    return s;
}

/* Adds heading text (taking it over) to the outline: a Markdown level
 * closes the levels at or below it (plain styles sort below all of them);
 * a plain style already open closes its branch; a new one opens under the
 * current heading. */
static spor_status open_heading(packer *pk, char *text, unsigned style)
{
    outline *o = &pk->tree;
    seg_result *r = pk->out;
    size_t keep = o->depth;
    if (style < SEG_STYLE_PLAIN) {
        while (keep && o->style[keep - 1] >= style)
            keep--;
    } else {
        for (size_t k = 0; k < o->depth; k++)
            if (o->style[k] == style) {
                keep = k;
                break;
            }
    }
    if (keep == SEG_MAX_DEPTH)
        keep--;
    if (r->n_headings == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 16;
        seg_heading *v = realloc(r->headings, cap * sizeof *v);
        if (!v)
            return SPOR_ENOMEM;
        r->headings = v;
        o->cap = cap;
    }
    seg_heading *h = &r->headings[r->n_headings++];
    h->text = text;
    h->parent = keep ? o->heading[keep - 1] : 0;
    o->style[keep] = style;
    o->heading[keep] = r->n_headings;
    o->depth = keep + 1;
    pk->heading = r->n_headings;
    pk->section = text;
    return SPOR_OK;
}

static spor_status pack_blocks(packer *pk, const line_info *li,
                               const block_list *bl, const dehy_lexicon *lex,
                               char **title)
{
    spor_status s = SPOR_OK;
    pk->section = "";
    for (size_t k = 0; k < bl->n && s == SPOR_OK; k++) {
        const block *b = &bl->v[k];
        if (b->kind == BK_HEADING) {
            char *h = NULL;
            if ((s = seg_heading_text(li, b, lex, &h)) != SPOR_OK)
                break;
            if (!*h) {
                free(h);
                continue;
            }
            if ((s = end_section(pk)) != SPOR_OK) {
                free(h);
                break;
            }
            if (!*title && !(*title = strdup(h))) {
                free(h);
                s = SPOR_ENOMEM;
                break;
            }
            if ((s = open_heading(pk, h, seg_heading_style(li, b)))) {
                free(h);
                break;
            }
            continue;
        }
        para p;
        memset(&p, 0, sizeof p);
        s = seg_block_text(li, b, lex, 1, &p);
        if (s == SPOR_OK && p.n_marks)
            s = add_paragraph(pk, &p);
        seg_para_free(&p);
    }
    if (s == SPOR_OK)
        s = end_section(pk);
    pk->section = "";
    return s;
}

spor_status seg_pack_blocks(const rd_doc *doc, const line_info *li,
                            const block_list *bl, const dehy_lexicon *lex,
                            seg_result *out, char **title)
{
    packer pk;
    memset(&pk, 0, sizeof pk);
    pk.doc = doc;
    pk.out = out;
    pk.section = "";
    spor_status s = pack_blocks(&pk, li, bl, lex, title);
    sbuf_free(&pk.acc);
    return s;
}
