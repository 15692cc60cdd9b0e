/* Place tagging: the gazetteer, finding place names in text, and passing
 * places down from document and section to passages that name none (see
 * places.h for the rules). Names are compared as sequences of folded words
 * made by the shared tokeniser, so "Nieuw-West", "Nieuw West" and
 * "Nieuw-west" are one name, and "Århus" is "Aarhus". */
#include "places_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/file.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

/* Longest name, in words, that the matcher tries ("Nykøbing Falster",
 * "Tower Hamlets"); longer spellings are refused when loading. */
#define PL_MAX_NAME_WORDS 4
/* A gazetteer is a small hand-kept file; anything larger is a mistake. */
#define PL_MAX_FILE_BYTES (4u << 20)

typedef struct place {
    char *name;
    int parent;
    int common_word; /* flag "ord" */
    unsigned *towns; /* an ambiguous name's places (parent is then -1) */
    size_t n_towns;
} place;

typedef struct spelling {
    unsigned id;
    char *words[PL_MAX_NAME_WORDS]; /* folded */
    size_t n_words;
    int needs_capital;
} spelling;

struct pl_gazetteer {
    char *source;
    size_t source_len;
    place *places;
    size_t n_places;
    spelling *sp;
    size_t n_sp;
};

/* ---- sets ----------------------------------------------------------------- */

int pl_set_has(const pl_set *s, unsigned id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->ids[i] == id)
            return 1;
    return 0;
}

spor_status pl_set_add(pl_set *s, unsigned id)
{
    if (pl_set_has(s, id))
        return SPOR_OK;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 8;
        unsigned *p = realloc(s->ids, cap * sizeof *p);
        if (!p)
            return SPOR_ENOMEM;
        s->ids = p;
        s->cap = cap;
    }
    s->ids[s->n++] = id;
    return SPOR_OK;
}

void pl_set_free(pl_set *s)
{
    free(s->ids);
    memset(s, 0, sizeof *s);
}

spor_status pl_set_add_all(pl_set *to, const pl_set *from)
{
    for (size_t i = 0; i < from->n; i++)
        if (pl_set_add(to, from->ids[i]))
            return SPOR_ENOMEM;
    return SPOR_OK;
}

/* ---- folding -------------------------------------------------------------- */

/* Appends the folded form of a lower-cased word: Danish letters spelled the
 * old way (æ ae, ø oe, å aa, as in "Aarhus"), the German and Swedish ones
 * alike (Malmö, Malmø), other accents dropped. */
static spor_status fold_word(const char *w, size_t len, sbuf *out)
{
    size_t i = 0;
    while (i < len) {
        size_t adv;
        uint32_t cp = utf8_decode(w + i, len - i, &adv);
        const char *rep = NULL;
        switch (cp) {
        case 0xE6: case 0xE4: rep = "ae"; break;
        case 0xF8: case 0xF6: rep = "oe"; break;
        case 0xE5: rep = "aa"; break;
        case 0xE9: case 0xE8: case 0xEA: case 0xEB: rep = "e"; break;
        case 0xFC: case 0xFB: case 0xF9: case 0xFA: rep = "u"; break;
        case 0xE1: case 0xE0: case 0xE2: rep = "a"; break;
        case 0xF3: case 0xF2: case 0xF4: rep = "o"; break;
        case 0xED: case 0xEC: case 0xEE: case 0xEF: rep = "i"; break;
        default: break;
        }
        spor_status st = rep ? sbuf_append_str(out, rep)
                             : sbuf_append(out, w + i, adv ? adv : 1);
        if (st)
            return st;
        i += adv ? adv : 1;
    }
    return SPOR_OK;
}

/* ---- loading ---------------------------------------------------------------- */

void pl_free(pl_gazetteer *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->n_places; i++) {
        free(g->places[i].name);
        free(g->places[i].towns);
    }
    for (size_t i = 0; i < g->n_sp; i++)
        for (size_t k = 0; k < g->sp[i].n_words; k++)
            free(g->sp[i].words[k]);
    free(g->places);
    free(g->sp);
    free(g->source);
    free(g);
}

const char *pl_source(const pl_gazetteer *g, size_t *len)
{
    *len = g->source_len;
    return g->source;
}

size_t pl_count(const pl_gazetteer *g) { return g->n_places; }
const char *pl_name(const pl_gazetteer *g, unsigned id)
{
    return id < g->n_places ? g->places[id].name : "";
}
int pl_parent(const pl_gazetteer *g, unsigned id)
{
    return id < g->n_places ? g->places[id].parent : -1;
}
size_t pl_towns(const pl_gazetteer *g, unsigned id, const unsigned **towns)
{
    if (id >= g->n_places)
        return 0;
    *towns = g->places[id].towns;
    return g->places[id].n_towns;
}

typedef struct field {
    const char *p;
    size_t n;
} field;

static field trim(const char *p, size_t n)
{
    while (n && (*p == ' ' || *p == '\r'))
        p++, n--;
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\r'))
        n--;
    field f = {p, n};
    return f;
}

/* The place whose canonical name is exactly f, or -1. */
static int find_canonical(const pl_gazetteer *g, field f)
{
    for (size_t i = 0; i < g->n_places; i++)
        if (strlen(g->places[i].name) == f.n &&
            !memcmp(g->places[i].name, f.p, f.n))
            return (int)i;
    return -1;
}

/* Adds a spelling of place id: 1 on success, 0 when it has no words or
 * too many, -1 out of memory. */
static int add_spelling(pl_gazetteer *g, size_t *cap, unsigned id, field f)
{
    if (g->n_sp == *cap) {
        size_t ncap = *cap ? *cap * 2 : 256;
        spelling *p = realloc(g->sp, ncap * sizeof *p);
        if (!p)
            return -1;
        g->sp = p;
        *cap = ncap;
    }
    spelling *s = &g->sp[g->n_sp];
    memset(s, 0, sizeof *s);
    s->id = id;
    tok_iter it;
    tok_token t;
    sbuf w = SBUF_INIT;
    int r, ok = 1;
    tok_init(&it, f.p, f.n);
    while ((r = tok_next(&it, &t)) == 1) {
        if (s->n_words == 0)
            s->needs_capital = t.is_upper_initial;
        if (s->n_words == PL_MAX_NAME_WORDS) {
            ok = 0;
            break;
        }
        sbuf_reset(&w);
        if (fold_word(t.term, t.term_len, &w) ||
            !(s->words[s->n_words] = sbuf_detach(&w, NULL))) {
            r = -1;
            break;
        }
        s->n_words++;
    }
    tok_done(&it);
    sbuf_free(&w);
    if (r < 0 || !ok || s->n_words == 0) {
        for (size_t k = 0; k < s->n_words; k++)
            free(s->words[k]);
        return r < 0 ? -1 : 0;
    }
    g->n_sp++;
    return 1;
}

static int cmp_spelling(const void *a, const void *b)
{
    const spelling *x = a, *y = b;
    return strcmp(x->words[0], y->words[0]);
}

/* The parent field: one place, or several for a name found in more than
 * one town (comma-separated: "Horsens,Aalborg"), which are then the
 * name's towns and its parent is left open (-1). */
static spor_status parse_parents(const pl_gazetteer *g, field f,
                                 const char *what, unsigned lineno,
                                 int *parent, unsigned **towns, size_t *n,
                                 spor_err *err)
{
    const char *p = f.p, *end = f.p + f.n;
    size_t cap = 0;
    *n = 0;
    while (p < end) {
        const char *comma = memchr(p, ',', (size_t)(end - p));
        field one = trim(p, comma ? (size_t)(comma - p) : (size_t)(end - p));
        int id = one.n ? find_canonical(g, one) : -1;
        if (id < 0) {
            free(*towns);
            *towns = NULL;
            return spor_fail(err, SPOR_EINVAL, "%s:%u: parent '%.*s' is not "
                             "a place listed above", what, lineno,
                             (int)one.n, one.p);
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 2;
            unsigned *v = realloc(*towns, cap * sizeof *v);
            if (!v) {
                free(*towns);
                *towns = NULL;
                return spor_fail(err, SPOR_ENOMEM, "out of memory");
            }
            *towns = v;
        }
        (*towns)[(*n)++] = (unsigned)id;
        p = comma ? comma + 1 : end;
    }
    if (*n == 1) {
        *parent = (int)(*towns)[0];
        free(*towns);
        *towns = NULL;
        *n = 0;
    }
    return SPOR_OK;
}

static spor_status parse_line(pl_gazetteer *g, size_t *pcap, size_t *scap,
                              const char *line, size_t n, const char *what,
                              unsigned lineno, spor_err *err)
{
    field f[5] = {{0}};
    size_t nf = 0;
    const char *p = line, *end = line + n;
    while (nf < 5) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        size_t fl = tab ? (size_t)(tab - p) : (size_t)(end - p);
        f[nf++] = trim(p, fl);
        if (!tab)
            break;
        p = tab + 1;
    }
    if (f[0].n == 0)
        return spor_fail(err, SPOR_EINVAL, "%s:%u: a place needs a name",
                         what, lineno);
    int parent = -1;
    unsigned *towns = NULL;
    size_t n_towns = 0;
    if (nf > 2 && f[2].n) {
        spor_status pst = parse_parents(g, f[2], what, lineno, &parent,
                                        &towns, &n_towns, err);
        if (pst)
            return pst;
    }
    if (g->n_places == *pcap) {
        size_t cap = *pcap ? *pcap * 2 : 128;
        place *pp = realloc(g->places, cap * sizeof *pp);
        if (!pp) {
            free(towns);
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        g->places = pp;
        *pcap = cap;
    }
    place *pl = &g->places[g->n_places];
    pl->name = strndup(f[0].p, f[0].n);
    if (!pl->name) {
        free(towns);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    pl->parent = parent;
    pl->towns = towns;
    pl->n_towns = n_towns;
    pl->common_word = nf > 4 && f[4].n == 3 && !memcmp(f[4].p, "ord", 3);
    unsigned id = (unsigned)g->n_places++;
    int r = add_spelling(g, scap, id, f[0]);
    if (r == 0)
        return spor_fail(err, SPOR_EINVAL, "%s:%u: '%.*s' has no words or "
                         "more than %d", what, lineno, (int)f[0].n, f[0].p,
                         PL_MAX_NAME_WORDS);
    const char *v = nf > 3 ? f[3].p : "", *vend = v + (nf > 3 ? f[3].n : 0);
    while (r > 0 && v < vend) {
        const char *comma = memchr(v, ',', (size_t)(vend - v));
        field s = trim(v, comma ? (size_t)(comma - v) : (size_t)(vend - v));
        if (s.n && (r = add_spelling(g, scap, id, s)) == 0)
            return spor_fail(err, SPOR_EINVAL, "%s:%u: spelling '%.*s' has "
                             "no words or more than %d", what, lineno,
                             (int)s.n, s.p, PL_MAX_NAME_WORDS);
        v = comma ? comma + 1 : vend;
    }
    if (r < 0)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

spor_status pl_parse(const char *text, size_t len, const char *what,
                     pl_gazetteer **out, spor_err *err)
{
    if (!utf8_valid(text, len))
        return spor_fail(err, SPOR_EINVAL, "%s: gazetteer is not valid "
                         "UTF-8", what);
    pl_gazetteer *g = calloc(1, sizeof *g);
    if (!g || !(g->source = malloc(len + 1))) {
        free(g);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    memcpy(g->source, text, len);
    g->source[len] = '\0';
    g->source_len = len;
    size_t pcap = 0, scap = 0;
    unsigned lineno = 0;
    const char *p = text, *end = text + len;
    spor_status st = SPOR_OK;
    while (p < end && !st) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        field t = trim(p, n);
        if (t.n && t.p[0] != '#')
            st = parse_line(g, &pcap, &scap, p, n, what, lineno, err);
        p = nl ? nl + 1 : end;
    }
    if (st) {
        pl_free(g);
        return st;
    }
    if (g->n_sp)
        qsort(g->sp, g->n_sp, sizeof *g->sp, cmp_spelling);
    *out = g;
    return SPOR_OK;
}

spor_status pl_load(const char *path, pl_gazetteer **out, spor_err *err)
{
    FILE *f;
    spor_status ost = file_open_regular(path, "gazetteer", PL_MAX_FILE_BYTES,
                                        0, &f, err);
    if (ost != SPOR_OK)
        return ost;
    sbuf b = SBUF_INIT;
    char chunk[8192];
    size_t n;
    spor_status st = SPOR_OK;
    while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > PL_MAX_FILE_BYTES)
            st = spor_fail(err, SPOR_EINVAL, "%s: gazetteer is larger than "
                           "%u bytes", path, PL_MAX_FILE_BYTES);
        else if (sbuf_append(&b, chunk, n))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (!st && ferror(f))
        st = spor_fail(err, SPOR_EIO, "%s: cannot read gazetteer: %s", path,
                       strerror(errno));
    fclose(f);
    if (!st)
        st = pl_parse(b.data ? b.data : "", b.len, path, out, err);
    sbuf_free(&b);
    return st;
}

/* ---- matching ------------------------------------------------------------- */

typedef struct word {
    size_t off;        /* of the folded word in the words buffer */
    size_t len;
    size_t src_start, src_end; /* the word in the text */
    int capital;
    int sentence_start;
} word;

typedef struct words {
    word *w;
    size_t n;
    sbuf text;         /* folded words, NUL-separated */
} words;

static void words_free(words *ws)
{
    free(ws->w);
    sbuf_free(&ws->text);
}

/* A word starts a sentence when only spaces, quotes or bullets stand
 * between it and the text start or the previous . ! ? : or line break. */
static int starts_sentence(const char *text, size_t start)
{
    while (start > 0) {
        unsigned char c = (unsigned char)text[start - 1];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '\n')
            return 1;
        if (c == ' ' || c == '\t' || c == '"' || c == '*' || c == '-' ||
            c == '(' || c >= 0x80) {
            /* Multi-byte characters before a word are typographic quotes
             * or dashes here: the tokeniser would have joined letters. */
            start--;
            continue;
        }
        return 0;
    }
    return 1;
}

static spor_status split_words(const char *text, size_t len, words *ws)
{
    memset(ws, 0, sizeof *ws);
    size_t cap = 0;
    tok_iter it;
    tok_token t;
    int r;
    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1) {
        if (ws->n == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            word *p = realloc(ws->w, ncap * sizeof *p);
            if (!p) {
                r = -1;
                break;
            }
            ws->w = p;
            cap = ncap;
        }
        word *w = &ws->w[ws->n];
        w->off = ws->text.len;
        if (fold_word(t.term, t.term_len, &ws->text) ||
            sbuf_append_char(&ws->text, '\0')) {
            r = -1;
            break;
        }
        w->len = ws->text.len - 1 - w->off;
        w->src_start = t.start;
        w->src_end = t.start + t.len;
        w->capital = t.is_upper_initial;
        w->sentence_start = starts_sentence(text, t.start);
        ws->n++;
    }
    tok_done(&it);
    if (r < 0) {
        words_free(ws);
        return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

/* Index of the first spelling whose first word is key[0..n), or n_sp. */
static size_t first_spelling(const pl_gazetteer *g, const char *key, size_t n)
{
    size_t lo = 0, hi = g->n_sp;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = g->sp[mid].words[0];
        int c = strncmp(w, key, n);
        if (c == 0 && w[n] != '\0')
            c = 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int word_is(const words *ws, size_t i, const char *w, int last)
{
    const char *t = ws->text.data + ws->w[i].off;
    size_t tl = ws->w[i].len, wl = strlen(w);
    if (tl == wl && !memcmp(t, w, wl))
        return 1;
    /* the genitive: Københavns, Amsterdams */
    return last && tl == wl + 1 && t[wl] == 's' && !memcmp(t, w, wl);
}

/* Does spelling s match at word i? */
static int matches_at(const pl_gazetteer *g, const spelling *s,
                      const words *ws, size_t i, int mode)
{
    if (i + s->n_words > ws->n)
        return 0;
    const place *p = &g->places[s->id];
    if (p->common_word && (!ws->w[i].capital || ws->w[i].sentence_start))
        return 0;
    if (mode == PL_FIND_TEXT && s->needs_capital && !ws->w[i].capital)
        return 0;
    for (size_t k = 0; k < s->n_words; k++)
        if (!word_is(ws, i + k, s->words[k], k + 1 == s->n_words))
            return 0;
    return 1;
}

spor_status pl_add_with_parents(const pl_gazetteer *g, unsigned id,
                                pl_set *out)
{
    /* Parents are declared above their children, so the chain ends. */
    for (int p = (int)id; p >= 0; p = g->places[p].parent)
        if (pl_set_add(out, (unsigned)p))
            return SPOR_ENOMEM;
    return SPOR_OK;
}

/* Tries the spellings starting with key[0..n) at word i; returns the
 * number of words of the longest match (0 for none). */
static size_t try_key(const pl_gazetteer *g, const words *ws, size_t i,
                      const char *key, size_t n, int mode, int *id_out)
{
    size_t best = 0;
    for (size_t k = first_spelling(g, key, n);
         k < g->n_sp && !strncmp(g->sp[k].words[0], key, n) &&
         g->sp[k].words[0][n] == '\0';
         k++)
        if (g->sp[k].n_words > best && matches_at(g, &g->sp[k], ws, i, mode)) {
            best = g->sp[k].n_words;
            *id_out = (int)g->sp[k].id;
        }
    return best;
}

/* Finds the names in text: adds places to out (if not NULL), and the text
 * without the names to rest (if not NULL). */
static spor_status find_names(const pl_gazetteer *g, const char *text,
                              size_t len, int mode, pl_set *out, sbuf *rest)
{
    words ws;
    if (split_words(text, len, &ws))
        return SPOR_ENOMEM;
    spor_status st = SPOR_OK;
    size_t copied = 0;
    for (size_t i = 0; i < ws.n && !st;) {
        const char *w = ws.text.data + ws.w[i].off;
        size_t wl = ws.w[i].len;
        int id = -1;
        size_t used = try_key(g, &ws, i, w, wl, mode, &id);
        /* A one-word name in the genitive: "Londons". */
        if (!used && wl > 1 && w[wl - 1] == 's')
            used = try_key(g, &ws, i, w, wl - 1, mode, &id);
        if (used) {
            if (out)
                st = pl_add_with_parents(g, (unsigned)id, out);
            if (!st && rest) {
                st = sbuf_append(rest, text + copied,
                                 ws.w[i].src_start - copied);
                copied = ws.w[i + used - 1].src_end;
            }
            i += used;
        } else {
            i++;
        }
    }
    if (!st && rest)
        st = sbuf_append(rest, text + copied, len - copied);
    words_free(&ws);
    return st;
}

spor_status pl_find(const pl_gazetteer *g, const char *text, size_t len,
                    int mode, pl_set *out)
{
    return find_names(g, text, len, mode, out, NULL);
}

spor_status pl_strip(const pl_gazetteer *g, const char *text, size_t len,
                     int mode, sbuf *out)
{
    return find_names(g, text, len, mode, NULL, out);
}

int pl_lookup(const pl_gazetteer *g, const char *name, size_t len)
{
    words ws;
    if (split_words(name, len, &ws))
        return -1;
    int id = -1;
    for (size_t k = 0; k < g->n_sp && id < 0; k++) {
        const spelling *s = &g->sp[k];
        if (s->n_words != ws.n)
            continue;
        size_t m = 0;
        while (m < ws.n && word_is(&ws, m, s->words[m], m + 1 == ws.n))
            m++;
        if (m == ws.n)
            id = (int)s->id;
    }
    words_free(&ws);
    return id;
}
