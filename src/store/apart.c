/* Shards built apart, steps 1 and 2 (apart.h): which files are a shard's
 * share, counting a share into a partial tables file, and merging the
 * partial files into the merged one. Step 3, writing a shard with the
 * merged tables, is apart_load.c's and the indexer's. The files' fields
 * are in docs/index-schema.md ("Tables files"). */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/analysis/lexicon.h"
#include "spor/store/apart.h"
#include "spor/store/shards.h"
#include "spor/text/path.h"

#include "tables_file.h"

#define FNV_OFFSET 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * FNV_PRIME;
    return h;
}

typedef struct file_size {
    uint64_t size;
    size_t walk;
} file_size;

/* Largest first, ties in walk order: the same on every machine. */
static int cmp_size(const void *a, const void *b)
{
    const file_size *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? 1 : -1;
    return (x->walk > y->walk) - (x->walk < y->walk);
}

/* The shard of each walked file: largest first, each to the shard with
 * the fewest bytes so far (ties to the lower shard), so shares come out
 * about equally large; the fingerprint covers each file's path (below the
 * folder the run is in, as document ids are made) and size. */
static spor_status assign(const file_list *files, unsigned n,
                          unsigned *shard_of, file_size *v,
                          uint64_t *fingerprint, spor_err *err)
{
    sbuf cwd = SBUF_INIT;
    spor_status st = path_cwd(&cwd, err);
    if (st)
        return st;
    uint64_t h = fnv(FNV_OFFSET, &files->n, sizeof files->n);
    for (size_t i = 0; i < files->n; i++) {
        struct stat sb;
        v[i] = (file_size){stat(files->paths[i], &sb) == 0
                               ? (uint64_t)sb.st_size : 0, i};
        const char *below = path_below(files->paths[i], cwd.data);
        const char *p = below ? below : files->paths[i];
        h = fnv(fnv(h, p, strlen(p) + 1), &v[i].size, sizeof v[i].size);
    }
    sbuf_free(&cwd);
    *fingerprint = h;
    qsort(v, files->n, sizeof *v, cmp_size);
    uint64_t load[SHD_MAX] = {0};
    for (size_t i = 0; i < files->n; i++) {
        unsigned best = 0;
        for (unsigned k = 1; k < n; k++)
            if (load[k] < load[best])
                best = k;
        shard_of[v[i].walk] = best;
        load[best] += v[i].size;
    }
    return SPOR_OK;
}

spor_status apt_share(const file_list *files, const idx_opts *o,
                      work_list *mine, uint64_t *fingerprint,
                      spor_err *err)
{
    if (o->shards < 2 || o->shards > SHD_MAX || o->shard < 1 ||
        o->shard > o->shards)
        return spor_fail(err, SPOR_EINVAL, "--shard must be K/N with "
                         "1 <= K <= N and 2 <= N <= %d", SHD_MAX);
    size_t n = files->n ? files->n : 1;
    unsigned *shard_of = calloc(n, sizeof *shard_of);
    file_size *v = calloc(n, sizeof *v);
    spor_status st = !shard_of || !v
                         ? spor_fail(err, SPOR_ENOMEM, "out of memory")
                         : assign(files, o->shards, shard_of, v, fingerprint,
                                  err);
    for (size_t i = 0; !st && i < files->n; i++) {
        if (shard_of[i] != o->shard - 1)
            continue;
        struct stat sb;
        uint64_t size = stat(files->paths[i], &sb) == 0
                            ? (uint64_t)sb.st_size : 0;
        if (run_work_add(mine, files->paths[i], -1, size))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        else
            mine->items[mine->n - 1].walk = i;
    }
    free(shard_of);
    free(v);
    return st;
}

/* Step 1's output while it is made: the documents read, then the rest. */
typedef struct count_out {
    sbuf docs;
    sbuf cwd;
    strmap *extra;        /* words of titles and section headings: the
                             analysis splits them too, the counts do not
                             cover them */
    size_t n_docs;
    unsigned n_passages;
} count_out;

static spor_status put_doc(void *ctx, const work_item *w,
                           const schema_docinfo *d, const seg_result *seg,
                           spor_err *err)
{
    count_out *c = ctx;
    sbuf enc = SBUF_INIT;
    schema_doctable one = {(schema_docinfo *)d, 1};
    const char *below = path_below(d->path, c->cwd.data);
    spor_status st = schema_doctable_encode(&one, &enc, err);
    if (st)
        return st;
    below = below ? below : d->path;
    st = fld_put_u64(&c->docs, w->walk) ||
         fld_put_str(&c->docs, below, strlen(below)) ||
         fld_put_str(&c->docs, enc.data, enc.len) ||
         fld_put_u64(&c->docs, seg->n_passages);
    for (size_t i = 0; !st && i < seg->n_passages; i++) {
        const seg_passage *p = &seg->passages[i];
        st = fld_put_str(&c->docs, p->text, p->len) ||
             (p->section &&
              lex_count_text(c->extra, p->section, strlen(p->section)));
    }
    if (!st && d->title)
        st = lex_count_text(c->extra, d->title, strlen(d->title));
    sbuf_free(&enc);
    c->n_docs++;
    c->n_passages += (unsigned)seg->n_passages;
    return st ? spor_fail(err, SPOR_ENOMEM, "out of memory") : SPOR_OK;
}

typedef struct word_out {
    sbuf b;
    size_t n;
    int failed;
} word_out;

static int put_word(void *ctx, const char *word, size_t len, uint32_t count)
{
    word_out *w = ctx;
    if (!count)
        return 0; /* a word that left the corpus */
    w->n++;
    w->failed = fld_put_str(&w->b, word, len) || fld_put_u64(&w->b, count);
    return w->failed;
}

/* The partial file's body: header, the share, its documents, its words. */
static spor_status partial_body(const idx_opts *o, uint64_t fingerprint,
                                size_t n_files, const work_list *mine,
                                count_out *c, spl_splitter *spl, sbuf *body,
                                spor_err *err)
{
    word_out words = {SBUF_INIT, 0, 0};
    int bad = fld_put_u64(body, SCHEMA_VERSION) ||
              fld_put_u64(body, o->shard - 1) ||
              fld_put_u64(body, o->shards) ||
              fld_put_u64(body, fingerprint) || fld_put_u64(body, n_files) ||
              fld_put_u64(body, mine->n);
    for (size_t i = 0; !bad && i < mine->n; i++)
        bad = fld_put_u64(body, mine->items[i].walk);
    bad = bad || fld_put_u64(body, c->n_docs) ||
          sbuf_append(body, c->docs.data, c->docs.len);
    if (!bad) {
        spl_each_word(spl, put_word, &words);
        bad = words.failed || fld_put_u64(body, words.n) ||
              sbuf_append(body, words.b.data, words.b.len);
    }
    sbuf_reset(&words.b);
    words.n = 0;
    if (!bad) {
        smap_each(c->extra, put_word, &words);
        bad = words.failed || fld_put_u64(body, words.n) ||
              sbuf_append(body, words.b.data, words.b.len);
    }
    sbuf_free(&words.b);
    return bad ? spor_fail(err, SPOR_ENOMEM, "out of memory") : SPOR_OK;
}

spor_status apt_count(const char *const *paths, size_t n_paths,
                      const idx_opts *o, const char *out_path,
                      idx_summary *sum, spor_err *err)
{
    memset(sum, 0, sizeof *sum);
    run r = {.opts = o, .sum = sum, .started = time(NULL)};
    stop_list *stops = NULL;
    spl_splitter *spl = NULL;
    file_list files = {0};
    work_list mine = {0};
    count_out c = {SBUF_INIT, SBUF_INIT, NULL, 0, 0};
    sbuf body = SBUF_INIT;
    uint64_t fingerprint = 0;
    spor_status st = stop_load(o->stopwords_path, &stops, err);
    if (!st)
        st = tab_make_splitter(o, stops, &spl, err);
    if (!st)
        st = walk_inputs(paths, n_paths, o, sum, &files, err);
    if (!st)
        st = apt_share(&files, o, &mine, &fingerprint, err);
    if (!st)
        st = path_cwd(&c.cwd, err);
    if (!st && smap_new(&c.extra))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st)
        st = feed_count_share(&r, spl, &mine, put_doc, &c, err);
    if (!st)
        st = partial_body(o, fingerprint, files.n, &mine, &c, spl, &body,
                          err);
    if (!st)
        st = tf_write(out_path, TF_PARTIAL, &body, err);
    sum->n_docs = (unsigned)c.n_docs;
    sum->n_added = (unsigned)c.n_docs;
    sum->n_passages = c.n_passages;
    for (size_t i = 0; i < mine.n; i++)
        sum->raw_bytes += mine.items[i].size;
    sbuf_free(&body);
    sbuf_free(&c.docs);
    sbuf_free(&c.cwd);
    smap_free(c.extra);
    run_work_free(&mine);
    run_files_free(&files);
    run_free(&r);
    spl_free(spl);
    stop_free(stops);
    return st;
}
