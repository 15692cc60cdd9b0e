/* The clean text of a block: Markdown emphasis, table tabs and dot leaders
 * turned into plain text, the lines of a paragraph joined with
 * dehyphenation repair (dehy_decide), and where each source line starts in
 * the result, so a piece of the text can name its lines. Only the
 * segmenter's files use it, through seg_int.h. */
#include "seg_int.h"

#include <stdlib.h>
#include <string.h>

/* A run of this many dots is a table-of-contents leader, not text. */
#define SEG_DOT_LEADER 4

#define EN_DASH "\xE2\x80\x93"

static int emphasis_star(const char *s, size_t n, size_t i)
{
    int before = i > 0 && !seg_is_blank(s[i - 1]);
    int after = i + 1 < n && !seg_is_blank(s[i + 1]);
    return before != after;
}

/* Appends s[0..n) without Markdown emphasis, with tabs as cell separators
 * (" | ", empty cells dropped), dot leaders removed and blanks collapsed. */
static spor_status clean_inline(const char *s, size_t n, sbuf *out)
{
    size_t start_len = out->len;
    int space = 0, cell = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '*' && i + 1 < n && s[i + 1] == '*') {
            i++;
            continue;
        }
        if (c == '*' && emphasis_star(s, n, i))
            continue;
        if (c == '.') {
            size_t k = i;
            while (k < n && s[k] == '.')
                k++;
            if (k - i >= SEG_DOT_LEADER) {
                space = 1;
                i = k - 1;
                continue;
            }
        }
        if (c == '\t') {
            cell = 1;
            continue;
        }
        if (seg_is_blank(c)) {
            space = 1;
            continue;
        }
        if (out->len > start_len) {
            const char *sep = cell ? " | " : space ? " " : "";
            if (sbuf_append_str(out, sep) != SPOR_OK)
                return SPOR_ENOMEM;
        }
        space = cell = 0;
        if (sbuf_append_char(out, c) != SPOR_OK)
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

static spor_status add_mark(para *p, size_t line)
{
    if (p->n_marks == p->cap_marks) {
        size_t cap = p->cap_marks ? p->cap_marks * 2 : 16;
        line_mark *m = realloc(p->marks, cap * sizeof *m);
        if (!m)
            return SPOR_ENOMEM;
        p->marks = m;
        p->cap_marks = cap;
    }
    line_mark mk = {p->text.len, line};
    p->marks[p->n_marks++] = mk;
    return SPOR_OK;
}

/* Joins a line to the text so far, repairing a word hyphenated across the
 * break as dehy_decide says. */
static spor_status join_line(sbuf *text, const sbuf *prev, const sbuf *cur,
                             const dehy_lexicon *lex)
{
    dehy_decision d = dehy_decide(prev->data, prev->len, cur->data, cur->len,
                                  lex);
    if (d == DEHY_JOIN && text->len && text->data[text->len - 1] == '-')
        text->data[--text->len] = '\0';
    if (d == DEHY_NONE || d == DEHY_KEEP_SPACE)
        return sbuf_append_char(text, ' ');
    return SPOR_OK;
}

/* Builds the cleaned text of the lines lo..hi. With rows set, bullets and
 * table lines stay lines of their own ('\n'); other lines are joined. With
 * marks, records where each line's text starts. */
spor_status seg_block_text(const line_info *li, const block *b,
                           const dehy_lexicon *lex, int rows, para *p)
{
    sbuf prev = SBUF_INIT, cur = SBUF_INIT;
    spor_status s = SPOR_OK;
    int prev_table = 0;
    for (size_t i = b->lo; i <= b->hi && s == SPOR_OK; i++) {
        if (li[i].kind != LK_TEXT)
            continue;
        sbuf_reset(&cur);
        if ((s = clean_inline(li[i].s, li[i].n, &cur)) != SPOR_OK)
            break;
        if (!cur.len)
            continue;
        if (p->text.len) {
            int new_row = rows && (li[i].bullet || li[i].table || prev_table);
            s = new_row ? sbuf_append_char(&p->text, '\n')
                        : join_line(&p->text, &prev, &cur, lex);
        }
        if (s == SPOR_OK)
            s = add_mark(p, i);
        if (s == SPOR_OK)
            s = sbuf_append(&p->text, cur.data, cur.len);
        if (s == SPOR_OK) {
            sbuf_reset(&prev);
            s = sbuf_append(&prev, cur.data, cur.len);
        }
        prev_table = li[i].table;
    }
    sbuf_free(&prev);
    sbuf_free(&cur);
    return s;
}

void seg_para_free(para *p)
{
    sbuf_free(&p->text);
    free(p->marks);
    memset(p, 0, sizeof *p);
}

spor_status seg_heading_text(const line_info *li, const block *b,
                             const dehy_lexicon *lex, char **out)
{
    para p;
    memset(&p, 0, sizeof p);
    spor_status s = seg_block_text(li, b, lex, 0, &p);
    if (s == SPOR_OK) {
        /* "– GEVINSTER VED ...": a dash opening a subtitle line is layout. */
        size_t skip = 0;
        const char *t = p.text.data ? p.text.data : "";
        while (t[skip] == '-' || t[skip] == ' ' ||
               seg_starts_with(t + skip, strlen(t + skip), EN_DASH))
            skip += t[skip] == '-' || t[skip] == ' ' ? 1 : 3;
        *out = strdup(t + skip);
        if (!*out)
            s = SPOR_ENOMEM;
    }
    seg_para_free(&p);
    return s;
}
