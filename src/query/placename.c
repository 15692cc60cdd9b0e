/* Resolving typed place names (placename.h): the gazetteer first, then the
 * index's own place terms, then the spelling without Danish letters, and
 * for a name none of them knows, the gazetteer's names nearest to it. */
#include "placename.h"

#include <stdlib.h>
#include <string.h>

#include "spor/store/schema.h"
#include "spor/text/distance.h"
#include "spor/text/fold.h"
#include "spor/text/utf8.h"

/* At most this many nearest names are suggested. */
#define PN_NEAR_MAX 3

/* name as compared without Danish letters: lower case, Scandinavian
 * folding (aa as å, oe as ø), then ø as o and å as a, so "Kobenhavn",
 * "koebenhavn" and "København" meet, and "Arhus" and "Aarhus". */
static spor_status skeleton(const char *name, size_t len, sbuf *out)
{
    sbuf low = SBUF_INIT, folded = SBUF_INIT;
    sbuf_reset(out);
    spor_status st = utf8_lower(name, len, &low);
    if (!st && low.len)
        st = fold_scandinavian(low.data, low.len, &folded);
    for (size_t i = 0; !st && i < folded.len; i++) {
        const unsigned char *c = (const unsigned char *)folded.data + i;
        if (i + 1 < folded.len && c[0] == 0xC3 && (c[1] == 0xB8 || c[1] == 0xA5)) {
            st = sbuf_append_char(out, c[1] == 0xB8 ? 'o' : 'a');
            i++;
        } else {
            st = sbuf_append_char(out, (char)c[0]);
        }
    }
    sbuf_free(&low);
    sbuf_free(&folded);
    return st;
}

/* "P" + name lower-cased, malloc'd. */
static char *place_term(const char *name, size_t len)
{
    sbuf t = SBUF_INIT;
    if (sbuf_append_str(&t, SCHEMA_PREFIX_PLACE) || utf8_lower(name, len, &t)) {
        sbuf_free(&t);
        return NULL;
    }
    return sbuf_detach(&t, NULL);
}

/* The gazetteer's places by their skeletons: the one whose skeleton is
 * want's (*same, -1 when none or several), and the nearest ones into
 * near. */
typedef struct pn_near {
    int same, n_same;
    unsigned id[PN_NEAR_MAX], d[PN_NEAR_MAX];
    size_t n;
} pn_near;

static void keep_near(pn_near *nr, unsigned id, unsigned d)
{
    size_t at = nr->n < PN_NEAR_MAX ? nr->n++ : PN_NEAR_MAX;
    while (at > 0 && nr->d[at - 1] > d) {
        if (at < PN_NEAR_MAX) {
            nr->d[at] = nr->d[at - 1];
            nr->id[at] = nr->id[at - 1];
        }
        at--;
    }
    if (at < PN_NEAR_MAX) {
        nr->d[at] = d;
        nr->id[at] = id;
    }
}

static spor_status scan_gazetteer(const pl_gazetteer *gaz, const sbuf *want,
                                  pn_near *nr)
{
    /* A name this far from every known one is no misspelling of any. */
    unsigned limit = 1 + (unsigned)want->len / 4;
    sbuf sk = SBUF_INIT;
    spor_status st = SPOR_OK;
    nr->same = -1;
    for (size_t id = 0; gaz && id < pl_count(gaz) && !st; id++) {
        const char *name = pl_name(gaz, (unsigned)id);
        if ((st = skeleton(name, strlen(name), &sk)) != SPOR_OK)
            break;
        if (sk.len == want->len && !memcmp(sk.data, want->data, sk.len)) {
            nr->same = (int)id;
            nr->n_same++;
        }
        size_t d = text_edit_distance(want->data, want->len, sk.data,
                                      sk.len);
        if (d <= limit)
            keep_near(nr, (unsigned)id, (unsigned)d);
    }
    sbuf_free(&sk);
    return st;
}

int pn_lookup(const pl_gazetteer *gaz, const char *name, size_t len)
{
    int id = gaz ? pl_lookup(gaz, name, len) : -1;
    if (id >= 0 || !gaz)
        return id;
    sbuf want = SBUF_INIT;
    pn_near nr = {0};
    if (skeleton(name, len, &want) == SPOR_OK && want.len &&
        scan_gazetteer(gaz, &want, &nr) == SPOR_OK && nr.n_same == 1)
        id = nr.same;
    sbuf_free(&want);
    return id;
}

/* 1 when the index has passages tagged with term. */
static int index_has(xc_db *db, const char *term)
{
    unsigned tf = 0;
    xc_error xe;
    return db && xc_db_termfreq(db, term, &tf, &xe) == XC_OK && tf > 0;
}

spor_status pn_resolve(const pl_gazetteer *gaz, xc_db *db, const char *name,
                       size_t len, char **term, sbuf *near, spor_err *err)
{
    *term = NULL;
    sbuf_reset(near);
    int id = gaz ? pl_lookup(gaz, name, len) : -1;
    const char *canon = id >= 0 ? pl_name(gaz, (unsigned)id) : name;
    if (!(*term = place_term(canon, id >= 0 ? strlen(canon) : len)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (id >= 0 || !gaz || index_has(db, *term))
        return SPOR_OK;
    free(*term);
    *term = NULL;
    sbuf want = SBUF_INIT;
    pn_near nr = {0};
    spor_status st = skeleton(name, len, &want);
    if (!st && want.len)
        st = scan_gazetteer(gaz, &want, &nr);
    sbuf_free(&want);
    if (!st && nr.n_same == 1) {
        canon = pl_name(gaz, (unsigned)nr.same);
        if (!(*term = place_term(canon, strlen(canon))))
            st = SPOR_ENOMEM;
        return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
    }
    for (size_t i = 0; !st && i < nr.n; i++)
        if ((i && sbuf_append_str(near, ", ")) ||
            sbuf_append_str(near, pl_name(gaz, nr.id[i])))
            st = SPOR_ENOMEM;
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}

/* A token of the query syntax: a word, a quoted phrase, a bracket, or
 * (whole) a bracketed group or phrase under an operator. */
typedef struct pn_tok {
    size_t start, end;
    int held;
} pn_tok;

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The end of the phrase or bracketed group that starts at q[i]. */
static size_t group_end(const char *q, size_t len, size_t i)
{
    if (q[i] == '"') {
        const char *e = memchr(q + i + 1, '"', len - i - 1);
        return e ? (size_t)(e - q) + 1 : len;
    }
    int depth = 0;
    for (; i < len; i++) {
        if (q[i] == '"') {
            i = group_end(q, len, i) - 1;
            continue;
        }
        depth += q[i] == '(';
        if (q[i] == ')' && --depth == 0)
            return i + 1;
    }
    return len;
}

/* The end of the token at q[i]; whole: a group there is one token. */
static size_t token_end(const char *q, size_t len, size_t i, int whole)
{
    if (q[i] == '+' || q[i] == '-') {
        i++;
        whole = 1;
    }
    if (i < len && (q[i] == '"' || (whole && q[i] == '(')))
        return group_end(q, len, i);
    if (i < len && (q[i] == '(' || q[i] == ')'))
        return i + 1;
    while (i < len && !is_blank(q[i]) && q[i] != '(' && q[i] != ')' &&
           q[i] != '"')
        i++;
    return i;
}

static int is_op(const char *q, const pn_tok *t, const char *op)
{
    size_t n = strlen(op);
    return t->end - t->start == n && !memcmp(q + t->start, op, n);
}

/* The tokens of q with what holds them (see pn_each_stretch). */
static size_t held_tokens(const char *q, size_t len, pn_tok *toks)
{
    size_t n = 0;
    int next_held = 0;
    for (size_t i = 0; i < len;) {
        if (is_blank(q[i])) {
            i++;
            continue;
        }
        pn_tok *t = &toks[n++];
        t->start = i;
        t->end = i = token_end(q, len, i, next_held);
        size_t tlen = t->end - t->start;
        t->held = next_held || q[t->start] == '"' ||
                  (tlen > 1 && (q[t->start] == '+' || q[t->start] == '-'));
        next_held = 0;
        if (is_op(q, t, "NOT") || is_op(q, t, "AND")) {
            t->held = next_held = 1;
            if (n > 1 && is_op(q, t, "AND"))
                toks[n - 2].held = 1;
        }
    }
    return n;
}

spor_status pn_each_stretch(const char *norm, pn_stretch_fn fn, void *ctx)
{
    size_t len = strlen(norm);
    pn_tok *toks = malloc((len ? len : 1) * sizeof *toks);
    if (!toks)
        return SPOR_ENOMEM;
    size_t n = held_tokens(norm, len, toks);
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < n && !st;) {
        size_t k = i + 1;
        while (k < n && toks[k].held == toks[i].held)
            k++;
        st = fn(ctx, norm + toks[i].start, toks[k - 1].end - toks[i].start,
                toks[i].held);
        i = k;
    }
    free(toks);
    return st;
}

static int word_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return u >= 0x80 || (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') ||
           (u >= 'A' && u <= 'Z');
}

typedef struct held_find {
    sbuf want, low;
    int found;
} held_find;

/* pn_stretch_fn: sets found when a held stretch has the word want. */
static spor_status find_held(void *ctx, const char *s, size_t len, int held)
{
    held_find *h = ctx;
    if (!held || h->found)
        return SPOR_OK;
    sbuf_reset(&h->low);
    spor_status st = utf8_lower(s, len, &h->low);
    const char *t = h->low.data;
    for (size_t i = 0; !st && h->want.len && i + h->want.len <= h->low.len;
         i++)
        if (!memcmp(t + i, h->want.data, h->want.len) &&
            (i == 0 || !word_byte(t[i - 1])) &&
            (i + h->want.len == h->low.len ||
             !word_byte(t[i + h->want.len])))
            h->found = 1;
    return st;
}

spor_status pn_word_held(const char *norm, const char *w, size_t len,
                         int *held)
{
    held_find h = {SBUF_INIT, SBUF_INIT, 0};
    spor_status st = utf8_lower(w, len, &h.want);
    if (!st)
        st = pn_each_stretch(norm, find_held, &h);
    *held = h.found;
    sbuf_free(&h.want);
    sbuf_free(&h.low);
    return st;
}
