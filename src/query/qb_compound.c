/* Compounds in a query: a compound query word also matches its parts
 * (the split stored at indexing, or one over the index's vocabulary), and
 * two query words the reports write as one word ("job center", a Danish
 * compound typed apart or with hyphens) also match that word. Only the
 * query builder's files use it, through qb_int.h. */
#include "qb_int.h"

#include <stdlib.h>
#include <string.h>

#include "spor/analysis/analyser.h"
#include "spor/analysis/compound.h"
#include "spor/store/schema.h"
#include "spor/store/xerror.h"
#include "spell.h"

/* The parts of a compound query word written apart ("tælling af
 * hjemløse" for "hjemløsetælling"): each part scores as a word, so the
 * sum of their weights is scaled down to stay below the compound itself. */
#define QB_SPLIT_WEIGHT 0.5
/* Each part of a compound query word alone: half the weight of all its
 * parts together. */
#define QB_PART_ALONE_WEIGHT 0.25
/* Two query words written apart that the reports write as one word
 * ("job center", "top 600": særskrivning, a common Danish slip) each match
 * that word at this weight, so the pair weighs about as the word typed
 * closed would. */
#define QB_JOINED_WEIGHT 0.5
/* A compound whose first part neither the index nor the splitter knows
 * ("snyltefamilier") is still about its head ("familier"), but less
 * squarely than the whole word would be: its head matches at the weight
 * of a word's parts written apart. */
#define QB_HEAD_WEIGHT QB_SPLIT_WEIGHT
/* A head has at least this many bytes, and at least this share of the
 * word: a shorter ending of an unknown word ("ring" of the fragment
 * "tralisering", "vist" of "ningsvist") is as likely a suffix as a word,
 * while a compound's head carries much of its length ("familier"). */
#define QB_HEAD_MIN_CHARS 5
#define QB_HEAD_MIN_SHARE 0.4
/* A longer "word" is no compound (Danish's longest written compounds run
 * to some 50 letters, 2 bytes each for æ, ø, å): it is not searched by a
 * head, whose search stems every ending and would cost the square of its
 * length (a pasted run of 8,000 letters took seconds). */
#define QB_HEAD_MAX_BYTES 100

/* The number of passages with the term prefix + the stem of w, in *tf;
 * non-zero on failure. */
static int stem_freq(rw_ctx *r, const char *prefix, const char *w,
                     size_t len, unsigned *tf)
{
    const char *stem;
    size_t stem_len;
    *tf = 0;
    sbuf_reset(&r->term);
    return stem_word(r->c->stemmer, w, len, &stem, &stem_len) ||
           sbuf_append_str(&r->term, prefix) ||
           sbuf_append(&r->term, stem, stem_len) ||
           xc_db_termfreq(r->c->db, r->term.data, tf, &r->xerr);
}

/* cpd_freq_fn over the index: a word is known when it occurs as a word or
 * as a compound part, since only such parts can match anything. */
static long index_freq(void *ctx, const char *w, size_t len)
{
    rw_ctx *r = ctx;
    unsigned tf = 0, ctf = 0;
    sbuf_reset(&r->term);
    if (sbuf_append(&r->term, w, len) ||
        xc_db_termfreq(r->c->db, r->term.data, &tf, &r->xerr))
        return -1;
    if (tf)
        return (long)tf;
    if (stem_freq(r, ANA_PART_PREFIX, w, len, &ctf))
        return -1;
    return ctf ? (long)ctf : -1;
}

/* The parts of w as the index knows them: the split stored for a corpus
 * word, else a split over the index's own vocabulary. Part i is
 * parts[i] (pointing into w or into *store). */
static size_t split_query_word(rw_ctx *r, const char *w, size_t len,
                               sbuf *store, const char **parts,
                               size_t *part_len)
{
    char *val = NULL;
    size_t vlen = 0;
    sbuf_reset(&r->term);
    if (sbuf_append_str(&r->term, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(&r->term, w, len))
        return 0;
    xc_error xe;
    if (xc_db_get_metadata(r->c->db, r->term.data, &val, &vlen, &xe) ==
        XC_OK) {
        size_t n = 0;
        sbuf_reset(store);
        if (sbuf_append(store, val, vlen)) {
            free(val);
            return 0;
        }
        free(val);
        for (char *p = store->data; *p && n < CPD_MAX_PARTS;) {
            size_t k = strcspn(p, " ");
            parts[n] = p;
            part_len[n++] = k;
            p += k + (p[k] == ' ');
        }
        return n >= 2 ? n : 0;
    }
    /* A word of the corpus was judged at index time, with the corpus's
     * counts and the word list: no stored split means it is not a
     * compound ("hjemløshed" is not hjem + løshed). Only words the corpus
     * lacks are split here, over the index's own vocabulary. */
    unsigned tf = 0;
    sbuf_reset(&r->term);
    if (sbuf_append(&r->term, w, len) ||
        xc_db_termfreq(r->c->db, r->term.data, &tf, &xe) || tf > 0)
        return 0;
    cpd_lexicon lex = {index_freq, r, r->c->stops};
    cpd_split sp;
    size_t n = cpd_split_word(&lex, w, len, &sp);
    for (size_t i = 0; i < n; i++) {
        parts[i] = w + sp.parts[i].start;
        part_len[i] = sp.parts[i].len;
    }
    return n;
}

/* AND over the parts, each as a word or as a compound part. */
xc_query *qb_parts_query(rw_ctx *r, const char *w, size_t len)
{
    const char *parts[CPD_MAX_PARTS];
    size_t part_len[CPD_MAX_PARTS];
    sbuf store = SBUF_INIT;
    size_t n = split_query_word(r, w, len, &store, parts, part_len);
    xc_query *each[CPD_MAX_PARTS];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        xc_query *alt[2];
        alt[0] = qb_stem_query(r, ANA_STEM_PREFIX, parts[i], part_len[i]);
        if (!alt[0])
            break;
        alt[1] = qb_stem_query(r, ANA_PART_PREFIX, parts[i], part_len[i]);
        if (!alt[1]) {
            xc_query_free(alt[0]);
            break;
        }
        if (!(each[k] = qb_combine(r, XC_Q_OR, alt, 2)))
            break;
        k++;
    }
    sbuf_free(&store);
    if (k < n || n == 0) {
        qb_free_all(each, k);
        return NULL;
    }
    /* Each part alone too, far below: a passage on "gadeplansfunktion" is
     * near one on "gadeplansmedarbejder"; the part's idf decides how near
     * (a rare first part counts, a common head such as "medarbejder"
     * hardly). */
    xc_query *alone[CPD_MAX_PARTS], *both[2];
    for (size_t i = 0; i < k; i++)
        if (xc_query_combine(XC_Q_OR, &each[i], 1, 0, &alone[i], &r->xerr)) {
            qb_free_all(alone, i);
            qb_free_all(each, k);
            qb_xc_fail(r);
            return NULL;
        }
    both[0] = qb_scaled(r, qb_combine(r, XC_Q_AND, each, k), QB_SPLIT_WEIGHT);
    if (!both[0])
        return qb_free_all(alone, k), NULL;
    both[1] = qb_scaled(r, qb_combine(r, XC_Q_OR, alone, k),
                        QB_PART_ALONE_WEIGHT);
    if (!both[1]) {
        xc_query_free(both[0]);
        return NULL;
    }
    return qb_combine(r, XC_Q_OR, both, 2);
}

/* 1 when the index has w, in some inflection, as a word or a compound
 * part (-1 on failure). */
static int known_stem(rw_ctx *r, const char *w, size_t len)
{
    unsigned tf = 0;
    if (stem_freq(r, ANA_STEM_PREFIX, w, len, &tf))
        return -1;
    if (tf)
        return 1;
    if (stem_freq(r, ANA_PART_PREFIX, w, len, &tf))
        return -1;
    return tf > 0;
}

/* The closed word w as it matches: its stem, and as part of a longer
 * compound. */
static xc_query *closed_query(rw_ctx *r, const char *w, size_t len)
{
    xc_query *ways[2] = {qb_stem_query(r, ANA_STEM_PREFIX, w, len), NULL};
    if (ways[0])
        ways[1] = qb_scaled(r, qb_stem_query(r, ANA_PART_PREFIX, w, len),
                            QB_PART_WEIGHT);
    if (ways[0] && ways[1])
        return qb_combine(r, XC_Q_OR, ways, 2);
    qb_free_set(ways, 2);
    return NULL;
}

/* The phrase's words written as one word, when the index has that word:
 * a Danish compound typed with hyphens ("hoved-server", "top-600") or
 * apart in quotes is the compound the reports write closed. NULL with
 * r->st unset when the index lacks the word. */
xc_query *qb_joined_query(rw_ctx *r, const char *const *terms,
                          const size_t *lens, size_t n)
{
    sbuf w = SBUF_INIT;
    xc_query *q = NULL;
    for (size_t i = 0; i < n && !r->st; i++)
        if (sbuf_append(&w, terms[i], lens[i]))
            r->st = SPOR_ENOMEM;
    int known = r->st ? 0 : known_stem(r, w.data, w.len);
    if (known < 0 && !r->st)
        qb_xc_fail(r);
    if (known > 0)
        q = closed_query(r, w.data, w.len);
    sbuf_free(&w);
    return q;
}

/* The query's plain words in order, for finding pairs written apart. */
typedef struct word_seq {
    char *v[QB_MAX_JOINS + 1];
    size_t n;
    const stop_list *stops;
    int oom;
} word_seq;

static int collect_word(void *ctx, const char *t, size_t len, unsigned tf)
{
    (void)tf;
    word_seq *ws = ctx;
    if (qb_is_filter_term(t, len) || stop_contains(ws->stops, t, len) ||
        memchr(t, '*', len))
        return 0;
    return qb_add_copy(ws->v, &ws->n, sizeof ws->v / sizeof *ws->v, &ws->oom,
                       t, len);
}

/* Finds the adjacent pairs of the query's words that the index has as one
 * word: written straight together ("top" "600") or with the linking s
 * ("job" "center" is "jobcenter", "beskæftigelse" "indsats" is
 * "beskæftigelsesindsats"). */
void qb_find_joins(rw_ctx *r, const xc_query *parsed)
{
    word_seq ws = {{NULL}, 0, r->c->stops, 0};
    if (xc_query_each_term(parsed, collect_word, &ws, &r->xerr) != XC_OK &&
        !ws.oom)
        qb_xc_fail(r);
    if (ws.oom)
        r->st = SPOR_ENOMEM;
    sbuf w = SBUF_INIT;
    for (size_t i = 0; i + 1 < ws.n && !r->st && r->n_joins < QB_MAX_JOINS;
         i++) {
        size_t la = strlen(ws.v[i]);
        for (int link = 0; link <= 1 && !r->st; link++) {
            if (link && la && ws.v[i][la - 1] == 's')
                break;
            sbuf_reset(&w);
            if (sbuf_append_str(&w, ws.v[i]) ||
                (link && sbuf_append_char(&w, 's')) ||
                sbuf_append_str(&w, ws.v[i + 1])) {
                r->st = SPOR_ENOMEM;
                break;
            }
            int known = known_stem(r, w.data, w.len);
            if (known < 0) {
                qb_xc_fail(r);
            } else if (known) {
                join_pair *j = &r->joins[r->n_joins];
                j->first = strdup(ws.v[i]);
                j->second = strdup(ws.v[i + 1]);
                j->joined = strdup(w.data);
                r->n_joins++;
                if (!j->first || !j->second || !j->joined)
                    r->st = SPOR_ENOMEM;
                break;
            }
        }
    }
    sbuf_free(&w);
    for (size_t i = 0; i < ws.n; i++)
        free(ws.v[i]);
}

/* w as one half of a pair written apart: the closed word of each pair it
 * is in, or NULL (r->st tells a failure apart). */
xc_query *qb_pair_query(rw_ctx *r, const char *w, size_t len)
{
    xc_query *subs[QB_MAX_JOINS];
    size_t n = 0;
    for (size_t i = 0; i < r->n_joins && !r->st; i++) {
        const join_pair *j = &r->joins[i];
        if ((strlen(j->first) != len || memcmp(j->first, w, len)) &&
            (strlen(j->second) != len || memcmp(j->second, w, len)))
            continue;
        xc_query *q = closed_query(r, j->joined, strlen(j->joined));
        if (q)
            subs[n++] = q;
    }
    if (r->st) {
        qb_free_all(subs, n);
        return NULL;
    }
    return n ? qb_scaled(r, qb_combine(r, XC_Q_OR, subs, n), QB_JOINED_WEIGHT)
             : NULL;
}

/* 1 when Xapian's spelling table offers a word for w: w is then a typo
 * (spell.h), not a compound, and its ending is no head (-1 on failure). */
static int has_spelling(rw_ctx *r, const char *w, size_t len)
{
    char *sugg = NULL;
    sbuf_reset(&r->term);
    if (sbuf_append(&r->term, w, len))
        return -1;
    xc_error xe;
    if (xc_db_spelling_suggestion(r->c->db, r->term.data,
                                  SPELL_MAX_EDIT_DISTANCE, &sugg, &xe))
        return xerr_status(xe.status) == SPOR_ENOMEM ? -1 : 0;
    int has = sugg[0] && strncmp(sugg, w, len);
    free(sugg);
    return has;
}

/* Where the longest known head of w starts (its last part, at least
 * QB_HEAD_MIN_CHARS bytes and QB_HEAD_MIN_SHARE of w after a first part
 * of at least CPD_MIN_PART_CHARS), or 0 when w has none; -1 on
 * failure. */
static long known_head(rw_ctx *r, const char *w, size_t len)
{
    for (size_t i = CPD_MIN_PART_CHARS;
         i + QB_HEAD_MIN_CHARS <= len &&
         (double)(len - i) >= QB_HEAD_MIN_SHARE * (double)len;
         i++) {
        if (((unsigned char)w[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        int k = known_stem(r, w + i, len - i);
        if (k)
            return k < 0 ? -1 : (long)i;
    }
    return 0;
}

xc_query *qb_head_query(rw_ctx *r, const char *w, size_t len,
                        size_t *head_at)
{
    if (len > QB_HEAD_MAX_BYTES)
        return NULL;
    int known = known_stem(r, w, len);
    /* A word of the word list is a word the corpus lacks, not a
     * compound made up for the query ("husvild" is not about "vild"). */
    if (!known && wl_has_word(r->c->wordlist, w, len))
        known = 1;
    int typo = known ? 0 : has_spelling(r, w, len);
    long at = known || typo ? 0 : known_head(r, w, len);
    if (known < 0 || at < 0)
        qb_xc_fail(r);
    else if (typo < 0)
        r->st = SPOR_ENOMEM;
    if (at <= 0)
        return NULL;
    *head_at = (size_t)at;
    return qb_scaled(r, closed_query(r, w + at, len - (size_t)at),
                     QB_HEAD_WEIGHT);
}
