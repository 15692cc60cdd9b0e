/* Vocabulary for compound splitting (see lexicon.h). */
#include "spor/analysis/lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/file.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

spor_status lex_load_wordlist(const char *path, strmap **out, spor_err *err)
{
    FILE *f;
    spor_status ost = file_open_regular(path, "word list",
                                        FILE_MAX_WORDLIST_BYTES, 0, &f, err);
    if (ost != SPOR_OK)
        return ost;
    strmap *m = NULL;
    if (smap_new(&m) != SPOR_OK) {
        fclose(f);
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
    }
    char line[512];
    sbuf lower = SBUF_INIT;
    spor_status st = SPOR_OK;
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n");
        if (!n || !utf8_valid(line, n))
            continue; /* a word list in another encoding: skip the line */
        sbuf_reset(&lower);
        if ((st = utf8_lower(line, n, &lower)) != SPOR_OK ||
            (st = smap_add(m, lower.data, lower.len, 1)) != SPOR_OK)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    sbuf_free(&lower);
    if (st || bad) {
        smap_free(m);
        return st ? spor_fail(err, st, "%s: out of memory", path)
                  : spor_fail(err, SPOR_EIO, "%s: read error", path);
    }
    *out = m;
    return SPOR_OK;
}

spor_status lex_count_text(strmap *corpus, const char *text, size_t len)
{
    tok_iter it;
    tok_token t;
    int r;
    spor_status st = SPOR_OK;
    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1)
        if ((st = smap_add(corpus, t.term, t.term_len, 1)) != SPOR_OK)
            break;
    tok_done(&it);
    return r < 0 ? SPOR_ENOMEM : st;
}

spor_status lex_uncount_text(strmap *corpus, const char *text, size_t len)
{
    tok_iter it;
    tok_token t;
    int r;
    tok_init(&it, text, len);
    while ((r = tok_next(&it, &t)) == 1)
        smap_sub(corpus, t.term, t.term_len, 1);
    tok_done(&it);
    return r < 0 ? SPOR_ENOMEM : SPOR_OK;
}

long lex_freq(void *ctx, const char *word, size_t len)
{
    const lex_lexicon *lx = ctx;
    int found = 0;
    if (lx->corpus) {
        uint32_t c = smap_get(lx->corpus, word, len, &found);
        if (found && c)
            return (long)c;
    }
    if (lx->wordlist) {
        smap_get(lx->wordlist, word, len, &found);
        if (found)
            return 0;
    }
    return -1;
}
