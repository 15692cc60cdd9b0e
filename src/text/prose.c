/* The prose measure (prose.h): what share of a passage is numbers, links,
 * table cells, list lines and runs of words without a sentence ending. It
 * is deliberately simple and language-neutral: it counts tokens that
 * belong to numbers, links and table cells, words on short lines that end
 * no sentence (lists), and how many words go by without a sentence
 * ending. */
#include "spor/text/prose.h"

#include <string.h>

#include "spor/text/tokenise.h"

/* A prose sentence rarely runs past this many words; a longer stretch
 * without '.', '!', '?' or ':' is a list, a heading run or a table. */
#define PROSE_SENTENCE_WORDS 40
/* A line this short without a sentence ending is a list item, a heading
 * or a table row: an itinerary or a table of contents, not an answer. */
#define PROSE_LIST_LINE_WORDS 10

/* The run of non-space characters that the last token stood in, and
 * whether it is a link. Tokens come in order, so each run is measured
 * once: a 300 KB run of 100,000 tokens ('ab;ab;...') was measured once
 * per token, 145 s. */
typedef struct link_run {
    size_t a, b; /* the run is text[a..b); a == b: none measured yet */
    int link;
} link_run;

/* 1 when the token at text[start..] is inside a URL or an e-mail address:
 * the run of non-space characters around it holds "://", "www.", "@" or a
 * slash-separated path. */
static int in_link(const char *text, size_t len, size_t start, link_run *r)
{
    if (r->a < r->b && start >= r->a && start < r->b)
        return r->link;
    size_t a = start, b = start;
    while (a > 0 && text[a - 1] != ' ' && text[a - 1] != '\n')
        a--;
    while (b < len && text[b] != ' ' && text[b] != '\n')
        b++;
    int link = 0;
    for (size_t i = a; i < b && !link; i++)
        link = text[i] == '@' || text[i] == '/' ||
               (i + 4 <= b && !strncmp(text + i, "www.", 4));
    *r = (link_run){a, b, link};
    return link;
}

/* Words on short lines that do not end a sentence. */
static size_t list_words(const char *text, size_t len)
{
    size_t total = 0;
    for (size_t a = 0; a < len;) {
        size_t b = a;
        while (b < len && text[b] != '\n')
            b++;
        size_t e = b;
        while (e > a && (text[e - 1] == ' ' || text[e - 1] == '\t'))
            e--;
        size_t words = tok_count(text + a, b - a);
        char last = e > a ? text[e - 1] : '.';
        if (words <= PROSE_LIST_LINE_WORDS && last != '.' && last != '!' &&
            last != '?' && last != ':')
            total += words;
        a = b + 1;
    }
    return total;
}

double prose_nonprose(const char *text, size_t len)
{
    tok_iter it;
    tok_token t;
    size_t words = 0, odd = 0, since_stop = 0, unsentenced = 0, prev_end = 0;
    int cell = 0;
    link_run run = {0, 0, 0};
    tok_init(&it, text, len);
    while (tok_next(&it, &t) == 1) {
        /* Punctuation between the previous word and this one. */
        for (size_t i = prev_end; i < t.start; i++) {
            char c = text[i];
            if (c == '.' || c == '!' || c == '?' || c == ':') {
                if (since_stop > PROSE_SENTENCE_WORDS)
                    unsentenced += since_stop;
                since_stop = 0;
            }
            if (c == '|')
                cell = 1;
        }
        words++;
        since_stop++;
        int number = 1;
        for (size_t i = 0; i < t.term_len; i++)
            if (!(t.term[i] >= '0' && t.term[i] <= '9') && t.term[i] != '.' &&
                t.term[i] != ',')
                number = 0;
        if (number || cell || in_link(text, len, t.start, &run))
            odd++;
        cell = 0;
        prev_end = t.start + t.len;
    }
    tok_done(&it);
    if (since_stop > PROSE_SENTENCE_WORDS)
        unsentenced += since_stop;
    if (!words)
        return 1.0;
    double share = (double)(odd + unsentenced + list_words(text, len)) /
                   (double)words;
    return share > 1.0 ? 1.0 : share;
}
