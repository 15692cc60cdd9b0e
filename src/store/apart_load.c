/* Shards built apart, step 3 (apart.h): the merged tables file read into
 * the run that writes one shard: the whole document table, the corpus's
 * word counts, the share's files with their ordinals, the docid of each
 * document's first passage in one database, and the copy groups. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/apart.h"

#include "tables_file.h"

/* The set's name as apt_merge makes it ("apart-" and 16 hex digits). */
#define APT_SET_MAX 40

struct apt_tables {
    sbuf body;
    unsigned *first;       /* per ordinal: docid of its first passage */
    size_t n_docs;
    uint64_t *from, *to;   /* passage → the earlier passage whose copy
                              group it joins, by passage (from 0) */
    size_t n_links;
    long *ord_of_walk;     /* per walked file: its ordinal, -1 none */
    unsigned share_docs, share_passages;
    char set[APT_SET_MAX];
};

static spor_status damaged(const char *path, spor_err *err)
{
    return spor_fail(err, SPOR_EINVAL, "%s: damaged tables file (its fields "
                     "do not add up)", path);
}

/* The document table, and each document's place in the walk and first
 * docid. */
static spor_status read_docs(run *r, apt_tables *t, fld_reader *rd,
                             uint64_t n_files, spor_err *err)
{
    const char *path = r->opts->tables_path;
    uint64_t n = fld_get_u64(rd);
    if (rd->bad || n > n_files)
        return damaged(path, err);
    t->n_docs = (size_t)n;
    t->first = malloc((t->n_docs + 1) * sizeof *t->first);
    t->ord_of_walk = malloc((n_files ? n_files : 1) * sizeof *t->ord_of_walk);
    r->table.docs = calloc(t->n_docs ? t->n_docs : 1, sizeof *r->table.docs);
    if (!t->first || !t->ord_of_walk || !r->table.docs)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    r->table_cap = t->n_docs ? t->n_docs : 1;
    for (uint64_t w = 0; w < n_files; w++)
        t->ord_of_walk[w] = -1;
    unsigned docid = 1;
    for (size_t i = 0; i < t->n_docs; i++) {
        uint64_t w = fld_get_u64(rd);
        size_t len;
        const char *enc = fld_get_str(rd, &len);
        schema_doctable one = {0};
        if (rd->bad || w >= n_files || t->ord_of_walk[w] >= 0)
            return damaged(path, err);
        spor_status st = schema_doctable_decode(enc, len, &one, err);
        if (st)
            return st;
        if (one.n != 1) {
            schema_doctable_free(&one);
            return damaged(path, err);
        }
        r->table.docs[r->table.n++] = one.docs[0];
        free(one.docs);
        t->ord_of_walk[w] = (long)i;
        t->first[i] = docid;
        docid += r->table.docs[i].n_passages;
    }
    t->first[t->n_docs] = docid;
    return SPOR_OK;
}

/* The word counts into the splitter, the words of titles and headings
 * judged by it (see apt_count), and the copy links. */
static spor_status read_rest(const char *path, apt_tables *t,
                             spl_splitter *spl, const ana_analyser *ana,
                             fld_reader *rd, spor_err *err)
{
    uint64_t n_words = fld_get_u64(rd);
    for (uint64_t i = 0; i < n_words && !rd->bad; i++) {
        size_t len;
        const char *word = fld_get_str(rd, &len);
        uint64_t count = fld_get_u64(rd);
        if (!rd->bad && spl_add_count(spl, word, len, (uint32_t)count))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    uint64_t n_extra = fld_get_u64(rd);
    for (uint64_t i = 0; i < n_extra && !rd->bad; i++) {
        size_t len;
        const char *word = fld_get_str(rd, &len);
        fld_get_u64(rd);
        if (!rd->bad)
            ana_judge_word(ana, word, len);
    }
    uint64_t n_links = fld_get_u64(rd);
    uint64_t n_passages = t->first[t->n_docs] - 1;
    if (rd->bad || n_links > n_passages)
        return damaged(path, err);
    t->n_links = (size_t)n_links;
    t->from = malloc((t->n_links ? t->n_links : 1) * sizeof *t->from);
    t->to = malloc((t->n_links ? t->n_links : 1) * sizeof *t->to);
    if (!t->from || !t->to)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < t->n_links && !rd->bad; i++) {
        t->from[i] = fld_get_u64(rd);
        t->to[i] = fld_get_u64(rd);
        if (t->to[i] >= t->from[i] || t->from[i] >= n_passages ||
            (i && t->from[i] <= t->from[i - 1]))
            return damaged(path, err);
    }
    size_t len;
    const char *set = fld_get_str(rd, &len);
    if (rd->bad || rd->p != rd->end || !len || len >= APT_SET_MAX ||
        memchr(set, ' ', len))
        return damaged(path, err);
    memcpy(t->set, set, len);
    t->set[len] = '\0';
    return SPOR_OK;
}

/* The header: the same schema, number of shards and walked inputs. */
static spor_status check_header(const run *r, const file_list *files,
                                uint64_t fingerprint, fld_reader *rd,
                                uint64_t *n_files, spor_err *err)
{
    const char *path = r->opts->tables_path;
    uint64_t version = fld_get_u64(rd), n = fld_get_u64(rd),
             fp = fld_get_u64(rd);
    *n_files = fld_get_u64(rd);
    if (rd->bad)
        return damaged(path, err);
    if (version != SCHEMA_VERSION)
        return spor_fail(err, SPOR_EINVAL, "%s: merged by a spor of index "
                         "schema %llu, this one writes %d", path,
                         (unsigned long long)version, SCHEMA_VERSION);
    if (n != r->opts->shards)
        return spor_fail(err, SPOR_EINVAL, "%s: merged for %llu shards, not "
                         "%u", path, (unsigned long long)n, r->opts->shards);
    if (fp != fingerprint || *n_files != files->n)
        return spor_fail(err, SPOR_EINVAL, "%s: counted from other inputs "
                         "(%llu files then, %zu now, or other names or "
                         "sizes): count and merge again", path,
                         (unsigned long long)*n_files, files->n);
    return SPOR_OK;
}

/* The share's files that were counted, each with its ordinal. */
static spor_status take_share(apt_tables *t, const work_list *mine,
                              const schema_doctable *table, work_list *todo,
                              spor_err *err)
{
    for (size_t i = 0; i < mine->n; i++) {
        long ord = t->ord_of_walk[mine->items[i].walk];
        if (ord < 0)
            continue; /* skipped with a warning when counted */
        if (run_work_add(todo, mine->items[i].path, ord, mine->items[i].size))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        t->share_docs++;
        t->share_passages += table->docs[ord].n_passages;
    }
    return SPOR_OK;
}

spor_status apt_load(run *r, spl_splitter *spl, const file_list *files,
                     work_list *todo, spor_err *err)
{
    work_list mine = {0};
    uint64_t fingerprint = 0, n_files = 0;
    apt_tables *t = calloc(1, sizeof *t);
    if (!t)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    r->apart = t;
    fld_reader rd;
    spor_status st = apt_share(files, r->opts, &mine, &fingerprint, err);
    if (!st)
        st = tf_read(r->opts->tables_path, TF_MERGED, &t->body, err);
    if (!st) {
        fld_reader_init(&rd, t->body.data, t->body.len);
        st = check_header(r, files, fingerprint, &rd, &n_files, err);
    }
    if (!st)
        st = read_docs(r, t, &rd, n_files, err);
    if (!st)
        st = read_rest(r->opts->tables_path, t, spl, &r->ana, &rd, err);
    if (!st)
        st = take_share(t, &mine, &r->table, todo, err);
    run_work_free(&mine);
    sbuf_free(&t->body);
    return st;
}

unsigned apt_first_docid(const apt_tables *t, unsigned doc_ord)
{
    return t->first[doc_ord];
}

spor_status apt_copy_key(const run *r, unsigned doc_ord,
                         unsigned passage_ord, char key[SCHEMA_ID_MAX],
                         spor_err *err)
{
    const apt_tables *t = r->apart;
    uint64_t g = t->first[doc_ord] - 1 + (uint64_t)passage_ord;
    size_t lo = 0, hi = t->n_links;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->from[mid] < g)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint64_t head = lo < t->n_links && t->from[lo] == g ? t->to[lo] : g;
    /* The head's document: the last whose first passage is not after it. */
    size_t a = 0, b = t->n_docs;
    while (b - a > 1) {
        size_t mid = a + (b - a) / 2;
        if (t->first[mid] - 1 <= head)
            a = mid;
        else
            b = mid;
    }
    if (!t->n_docs || head >= t->first[t->n_docs] - 1)
        return spor_fail(err, SPOR_EINTERNAL, "copy group of passage %llu "
                         "is outside the table", (unsigned long long)g);
    schema_passage_id(r->table.docs[a].id,
                      (unsigned)(head - (t->first[a] - 1)), key);
    return SPOR_OK;
}

const char *apt_set(const apt_tables *t)
{
    return t->set;
}

void apt_count_share(const apt_tables *t, unsigned *docs,
                     unsigned *passages)
{
    *docs = t->share_docs;
    *passages = t->share_passages;
}

void apt_free(apt_tables *t)
{
    if (!t)
        return;
    sbuf_free(&t->body);
    free(t->first);
    free(t->from);
    free(t->to);
    free(t->ord_of_walk);
    free(t);
}
