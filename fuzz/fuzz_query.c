/* libFuzzer target for the query front end: arbitrary bytes are searched
 * as a query string (normalising, Xapian's QueryParser with spor's stemmer,
 * stop list and filter prefixes, wildcard expansion, BM25, copy folding,
 * highlights and snippets) against an index of the bundled corpus built
 * once at start-up. A query may be refused (SPOR_EQUERY) but nothing else
 * may fail, and every hit must hold in-bounds highlights. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spor/store/indexer.h"
#include "spor/query/search.h"
#include "spor/text/utf8.h"

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (!(cond)) {                                                       \
            fprintf(stderr, "fuzz_query: check failed: %s (%s)\n", #cond,    \
                    err.msg);                                                \
            abort();                                                         \
        }                                                                    \
    } while (0)

/* The harness's own state: one index for the whole run. */
static char g_dir[] = "/tmp/spor-fuzz-query.XXXXXX";
static spor_index *g_index;

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void cleanup(void)
{
    spor_index_close(g_index);
    nftw(g_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    spor_err err;
    spor_err_clear(&err);
    if (!mkdtemp(g_dir)) {
        perror("fuzz_query: mkdtemp");
        exit(1);
    }
    atexit(cleanup);
    const char *corpus = SPOR_SOURCE_DIR "/corpus";
    idx_opts o = {.stopwords_path = SPOR_SOURCE_DIR "/stopwords/danish.txt"};
    idx_summary s;
    CHECK(idx_build(g_dir, &corpus, 1, &o, &s, &err) == SPOR_OK);
    CHECK(spor_index_open(g_dir, &g_index, &err) == SPOR_OK);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    spor_err err;
    spor_err_clear(&err);
    /* The CLI hands a C string; bytes after a NUL never arrive. */
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    spor_search_opts o;
    spor_search_opts_default(&o);
    o.limit = 5;
    spor_results r;
    spor_status st = spor_search(g_index, q, &o, &r, &err);
    CHECK(st == SPOR_OK || st == SPOR_EQUERY);
    if (st == SPOR_OK) {
        CHECK(r.n <= o.limit);
        for (size_t i = 0; i < r.n; i++) {
            const spor_hit *h = &r.hits[i];
            CHECK(h->rank == i + 1 && h->doc != NULL);
            for (size_t k = 0; k < h->snip.n_hl; k++)
                CHECK(h->snip.hl[k].start < h->snip.hl[k].end &&
                      h->snip.hl[k].end <= h->rec.text_len);
            CHECK(utf8_valid(h->snip.snippet, h->snip.snippet_len));
        }
        spor_results_free(&r);
    } else {
        CHECK(err.msg[0] != '\0' && strchr(err.msg, '\n') == NULL);
    }
    free(q);
    return 0;
}
