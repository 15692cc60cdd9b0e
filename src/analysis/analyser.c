/* Text to terms: the tokeniser's words, each emitted as itself (positional)
 * and as its Snowball stem, stop words only as themselves. Xapian's
 * TermGenerator does the same with its own tokeniser; ours knows Danish
 * numbers and keeps the stemmer shared with the query side. */
#include "spor/analysis/analyser.h"

#include <string.h>

#include "spor/text/tokenise.h"

/* Xapian refuses terms over 245 bytes; the stem prefix needs one more. */
#define ANA_MAX_TERM 240

/* "C" + stem of each part of t, when t is a compound. */
static spor_status emit_parts(const ana_analyser *a, const tok_token *t,
                              unsigned pos, ana_emit_fn emit, void *ctx)
{
    cpd_split sp;
    char term[ANA_MAX_TERM + 2];
    if (a->split(a->split_ctx, t->term, t->term_len, &sp) < 2)
        return SPOR_OK;
    for (size_t i = 0; i < sp.n; i++) {
        const char *stem;
        size_t stem_len;
        spor_status st = stem_word(a->stemmer, t->term + sp.parts[i].start,
                                   sp.parts[i].len, &stem, &stem_len);
        if (st)
            return st;
        if (stem_len > ANA_MAX_TERM)
            continue;
        term[0] = ANA_PART_PREFIX[0];
        memcpy(term + 1, stem, stem_len);
        term[stem_len + 1] = '\0';
        if ((st = emit(ctx, term, stem_len + 1, pos, ANA_PART)) != SPOR_OK)
            return st;
    }
    return SPOR_OK;
}

void ana_judge_word(const ana_analyser *a, const char *word, size_t len)
{
    cpd_split sp;
    if (!a->split || len > ANA_MAX_TERM ||
        (a->stops && stop_contains(a->stops, word, len)))
        return;
    a->split(a->split_ctx, word, len, &sp);
}

/* What ana_analyse emits for token t after the word itself: nothing for
 * a stop word, else its stem and, for a compound, its parts' stems. */
static spor_status analyse_word(const ana_analyser *a, const tok_token *t,
                                unsigned pos, ana_emit_fn emit, void *ctx)
{
    char zterm[ANA_MAX_TERM + 2];
    if (a->stops && stop_contains(a->stops, t->term, t->term_len))
        return SPOR_OK;
    const char *stem;
    size_t stem_len;
    spor_status st = stem_word(a->stemmer, t->term, t->term_len, &stem,
                               &stem_len);
    if (st || stem_len > ANA_MAX_TERM)
        return st;
    zterm[0] = ANA_STEM_PREFIX[0];
    memcpy(zterm + 1, stem, stem_len);
    zterm[stem_len + 1] = '\0';
    if ((st = emit(ctx, zterm, stem_len + 1, pos, ANA_STEM)) != SPOR_OK)
        return st;
    return a->split ? emit_parts(a, t, pos, emit, ctx) : SPOR_OK;
}

/* Passes each term to the caller's emit and records it in the memo. */
typedef struct recording {
    ana_memo *memo;
    ana_emit_fn emit;
    void *ctx;
} recording;

static spor_status record_term(void *ctx, const char *term, size_t len,
                               unsigned pos, ana_kind kind)
{
    recording *r = ctx;
    ana_memo_add(r->memo, term, len, (int)kind);
    return r->emit(r->ctx, term, len, pos, kind);
}

/* analyse_word through the memo: the terms recorded for t when it has
 * them, else analysed and recorded. */
static spor_status memo_word(const ana_analyser *a, const tok_token *t,
                             unsigned pos, ana_emit_fn emit, void *ctx)
{
    ana_memo_iter it;
    if (ana_memo_find(a->memo, t->term, t->term_len, &it)) {
        const char *term;
        size_t len;
        int kind;
        spor_status st = SPOR_OK;
        while (!st && ana_memo_next(&it, &term, &len, &kind))
            st = emit(ctx, term, len, pos, (ana_kind)kind);
        return st;
    }
    recording r = {a->memo, emit, ctx};
    ana_memo_begin(a->memo);
    spor_status st = analyse_word(a, t, pos, record_term, &r);
    if (st)
        ana_memo_abort(a->memo);
    else
        ana_memo_commit(a->memo, t->term, t->term_len);
    return st;
}

spor_status ana_analyse(const ana_analyser *a, const char *text, size_t len,
                        unsigned *pos, ana_emit_fn emit, void *ctx,
                        spor_err *err)
{
    tok_iter it;
    tok_token t;
    spor_status st = SPOR_OK;
    int r;

    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1) {
        if (t.term_len > ANA_MAX_TERM)
            continue;
        unsigned p = ++*pos;
        if ((st = emit(ctx, t.term, t.term_len, p, ANA_WORD)) != SPOR_OK)
            break;
        st = a->memo ? memo_word(a, &t, p, emit, ctx)
                     : analyse_word(a, &t, p, emit, ctx);
        if (st != SPOR_OK)
            break;
    }
    tok_done(&it);
    if (r < 0)
        st = SPOR_ENOMEM;
    if (st != SPOR_OK && err && err->status == SPOR_OK)
        spor_fail(err, st, "analyser: %s", spor_status_name(st));
    return st;
}
