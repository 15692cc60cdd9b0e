/* libFuzzer target for the character and word layers: arbitrary bytes go
 * through UTF-8 sanitising, line normalisation, the tokeniser and the
 * hyphenation-repair rules, as every line of every document does. Besides
 * what ASan and UBSan catch, it checks the promises later stages rely on:
 * sanitised and normalised text is valid UTF-8, and every token lies inside
 * its input with a lower-cased term no longer than the tokeniser's cap. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/dehyphenate.h"
#include "spor/text/normalise.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond))                                                         \
            abort();                                                         \
    } while (0)

/* Tokenises text and checks each token against it. */
static void check_tokens(const char *text, size_t len)
{
    tok_iter it;
    tok_token t;
    size_t last_end = 0, n = 0;
    tok_init(&it, text, len);
    int r;
    while ((r = tok_next(&it, &t)) == 1) {
        CHECK(t.start >= last_end && t.len > 0 && t.start + t.len <= len);
        CHECK(t.term_len > 0 && t.term_len <= TOK_MAX_WORD_BYTES);
        CHECK(strlen(t.term) == t.term_len);
        CHECK(utf8_valid(t.term, t.term_len));
        last_end = t.start + t.len;
        n++;
    }
    CHECK(r == 0);
    tok_done(&it);
    CHECK(tok_count(text, len) == n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sbuf clean = SBUF_INIT, norm = SBUF_INIT;
    const char *in = (const char *)data;
    size_t n_bad = 0, first_bad = 0;
    CHECK(utf8_sanitize(in, size, &clean, &n_bad, &first_bad) == SPOR_OK);
    CHECK(utf8_valid(clean.data ? clean.data : "", clean.len));
    CHECK((n_bad == 0) == (utf8_valid(in, size) != 0));

    /* Normalise line by line, as the reader does, and pair each line with
     * the next for the hyphenation rules. */
    const char *text = clean.data ? clean.data : "";
    size_t pos = 0, prev_start = 0, prev_len = 0;
    int have_prev = 0;
    while (pos <= clean.len) {
        const char *nl = memchr(text + pos, '\n', clean.len - pos);
        size_t line_len = nl ? (size_t)(nl - (text + pos)) : clean.len - pos;
        sbuf_reset(&norm);
        CHECK(norm_line(text + pos, line_len, &norm) == SPOR_OK);
        const char *nt = norm.data ? norm.data : "";
        CHECK(utf8_valid(nt, norm.len));
        CHECK(memchr(nt, '\n', norm.len) == NULL);
        check_tokens(nt, norm.len);
        if (have_prev) {
            dehy_decision d = dehy_decide(text + prev_start, prev_len,
                                          text + pos, line_len, NULL);
            CHECK(d == DEHY_NONE || d == DEHY_JOIN || d == DEHY_KEEP_HYPHEN ||
                  d == DEHY_KEEP_SPACE);
        }
        prev_start = pos;
        prev_len = line_len;
        have_prev = 1;
        if (!nl)
            break;
        pos += line_len + 1;
    }
    /* Raw (unnormalised) valid text is tokenised too: queries and snippets
     * tokenise text that never went through norm_line. */
    check_tokens(text, clean.len);
    sbuf_free(&clean);
    sbuf_free(&norm);
    return 0;
}
