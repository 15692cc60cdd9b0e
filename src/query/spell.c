/* Query spelling correction (see spell.h). */
#include "spell.h"

#include <stdlib.h>
#include <string.h>

#include "spor/analysis/analyser.h"
#include "spor/store/xerror.h"
#include "spor/text/buf.h"
#include "spor/analysis/lexicon.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"
#include "spor/text/wordlist.h"

static int index_has(const spell_context *c, sbuf *t, const char *prefix,
                     const char *w, size_t len)
{
    unsigned tf = 0;
    xc_error xe;
    sbuf_reset(t);
    if (sbuf_append_str(t, prefix) || sbuf_append(t, w, len) ||
        xc_db_termfreq(c->db, t->data, &tf, &xe))
        return 1; /* when in doubt, do not correct */
    return tf > 0;
}

static int is_known(const spell_context *c, sbuf *t, const char *w,
                    size_t len)
{
    const char *stem;
    size_t stem_len;
    if (index_has(c, t, "", w, len))
        return 1;
    if (stem_word(c->stemmer, w, len, &stem, &stem_len))
        return 1;
    if (index_has(c, t, ANA_STEM_PREFIX, stem, stem_len) ||
        index_has(c, t, ANA_PART_PREFIX, stem, stem_len))
        return 1;
    return wl_has_word(c->wordlist, w, len);
}

/* Query syntax words are not spelling mistakes. */
static int is_operator(const char *q, const tok_token *t)
{
    static const char *const ops[] = {"AND", "OR", "NOT", "XOR", "NEAR",
                                      "ADJ"};
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
        if (strlen(ops[i]) == t->len && !strncmp(q + t->start, ops[i], t->len))
            return 1;
    /* field:value — the field name and its value are not words. */
    size_t end = t->start + t->len;
    return q[end] == ':' || (t->start && q[t->start - 1] == ':');
}

static size_t n_chars(const char *w, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)w[i] & 0xC0) != 0x80;
    return n;
}

spor_status spell_correct(const spell_context *c, const char *q, char **out,
                          spor_err *err)
{
    *out = NULL;
    size_t qlen = strlen(q), copied = 0;
    sbuf res = SBUF_INIT, t = SBUF_INIT;
    tok_iter it;
    tok_token tok;
    int r, changed = 0;
    spor_status st = SPOR_OK;
    tok_init(&it, q, qlen);
    while ((r = tok_next(&it, &tok)) == 1) {
        if (tok.has_digit || n_chars(tok.term, tok.term_len) <
                                 SPELL_MIN_WORD_CHARS ||
            is_operator(q, &tok) ||
            is_known(c, &t, tok.term, tok.term_len))
            continue;
        char *sugg = NULL;
        xc_error xe;
        if (xc_db_spelling_suggestion(c->db, tok.term,
                                      SPELL_MAX_EDIT_DISTANCE, &sugg, &xe)) {
            if (xerr_status(xe.status) == SPOR_ENOMEM) {
                st = SPOR_ENOMEM;
                break;
            }
            continue; /* no spelling table: no suggestion */
        }
        if (sugg[0] && strcmp(sugg, tok.term)) {
            if (sbuf_append(&res, q + copied, tok.start - copied) ||
                sbuf_append_str(&res, sugg))
                st = SPOR_ENOMEM;
            copied = tok.start + tok.len;
            changed = 1;
        }
        free(sugg);
        if (st)
            break;
    }
    tok_done(&it);
    if (r < 0)
        st = SPOR_ENOMEM;
    if (!st && changed && sbuf_append(&res, q + copied, qlen - copied))
        st = SPOR_ENOMEM;
    sbuf_free(&t);
    if (st) {
        sbuf_free(&res);
        return spor_fail(err, st, "spelling: out of memory");
    }
    if (changed)
        *out = sbuf_detach(&res, NULL);
    sbuf_free(&res);
    if (changed && !*out)
        return spor_fail(err, SPOR_ENOMEM, "spelling: out of memory");
    return SPOR_OK;
}
