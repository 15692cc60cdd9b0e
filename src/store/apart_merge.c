/* Shards built apart, step 2 (apart.h): the partial tables files of all
 * shards merge into the merged one. Counts add; the document table is put
 * together in walk order, with the ids one build gives (a path's hash,
 * salted past any id taken by an earlier document); and the copy detector
 * runs over every passage in that order, as one build's does, so that the
 * copy groups (and the passage that names each) are one database's. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/apart.h"
#include "spor/store/shards.h"

#include "tables_file.h"

/* One partial file, read and checked, and where its sections start. */
typedef struct part_file {
    const char *path;
    sbuf body;
    unsigned k, n;
    uint64_t fingerprint, n_files;
    fld_reader at;          /* after the header */
} part_file;

typedef struct merge {
    part_file *parts;
    size_t n_parts;
    uint64_t n_files;
    int *owner;            /* per walked file: its shard, -1 none yet */
    const unsigned char **doc_at; /* per walked file: its record, or NULL */
    strmap *counts, *ids, *extra;
    cp_detector *copies;
    sbuf docs, links, words;
    size_t n_docs, n_links, n_words;
    int words_failed;
    unsigned passage;      /* passages put in order so far */
    spor_err *err;
} merge;

static spor_status damaged(const part_file *p, spor_err *err)
{
    return spor_fail(err, SPOR_EINVAL, "%s: damaged tables file (its fields "
                     "do not add up)", p->path);
}

/* Reads a partial file's header and checks it against the first one's. */
static spor_status read_part(merge *m, size_t i, spor_err *err)
{
    part_file *p = &m->parts[i];
    spor_status st = tf_read(p->path, TF_PARTIAL, &p->body, err);
    if (st)
        return st;
    fld_reader *r = &p->at;
    fld_reader_init(r, p->body.data, p->body.len);
    uint64_t version = fld_get_u64(r);
    p->k = (unsigned)fld_get_u64(r);
    p->n = (unsigned)fld_get_u64(r);
    p->fingerprint = fld_get_u64(r);
    p->n_files = fld_get_u64(r);
    if (r->bad || p->n < 2 || p->n > SHD_MAX || p->k >= p->n)
        return damaged(p, err);
    if (version != SCHEMA_VERSION)
        return spor_fail(err, SPOR_EINVAL, "%s: counted by a spor of index "
                         "schema %llu, this one writes %d", p->path,
                         (unsigned long long)version, SCHEMA_VERSION);
    const part_file *f = &m->parts[0];
    if (i && (p->n != f->n || p->fingerprint != f->fingerprint ||
              p->n_files != f->n_files))
        return spor_fail(err, SPOR_EINVAL, "%s and %s were counted from "
                         "different inputs or numbers of shards (%u, %u "
                         "shards; %llu, %llu files)", f->path, p->path, f->n,
                         p->n, (unsigned long long)f->n_files,
                         (unsigned long long)p->n_files);
    for (size_t j = 0; j < i; j++)
        if (m->parts[j].k == p->k)
            return spor_fail(err, SPOR_EINVAL, "%s and %s both count shard "
                             "%u of %u", m->parts[j].path, p->path, p->k + 1,
                             p->n);
    return SPOR_OK;
}

/* Skips a document record's passages' texts. */
static void skip_texts(fld_reader *r, uint64_t n)
{
    size_t len;
    for (uint64_t i = 0; i < n && !r->bad; i++)
        fld_get_str(r, &len);
}

/* A partial file's share, documents and words, into m. */
static spor_status take_part(merge *m, part_file *p, spor_err *err)
{
    fld_reader *r = &p->at;
    uint64_t n_claimed = fld_get_u64(r);
    for (uint64_t i = 0; i < n_claimed && !r->bad; i++) {
        uint64_t w = fld_get_u64(r);
        if (w >= m->n_files || m->owner[w] >= 0)
            return damaged(p, err);
        m->owner[w] = (int)p->k;
    }
    uint64_t n_docs = fld_get_u64(r);
    for (uint64_t i = 0; i < n_docs && !r->bad; i++) {
        uint64_t w = fld_get_u64(r);
        if (w >= m->n_files || m->owner[w] != (int)p->k || m->doc_at[w])
            return damaged(p, err);
        m->doc_at[w] = r->p;
        size_t len;
        fld_get_str(r, &len); /* the path, for its id */
        fld_get_str(r, &len); /* the entry */
        skip_texts(r, fld_get_u64(r));
    }
    uint64_t n_words = fld_get_u64(r);
    for (uint64_t i = 0; i < n_words && !r->bad; i++) {
        size_t len;
        const char *word = fld_get_str(r, &len);
        uint64_t count = fld_get_u64(r);
        if (!r->bad && smap_add(m->counts, word, len, (uint32_t)count))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    uint64_t n_extra = fld_get_u64(r);
    for (uint64_t i = 0; i < n_extra && !r->bad; i++) {
        size_t len;
        const char *word = fld_get_str(r, &len);
        fld_get_u64(r);
        if (!r->bad && smap_add(m->extra, word, len, 1))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    if (r->bad || r->p != r->end)
        return damaged(p, err);
    return SPOR_OK;
}

/* The id one build gives the document at path: see feed.c's new_doc_id. */
static spor_status doc_id(merge *m, const char *path, size_t len,
                          char id[SCHEMA_ID_MAX], spor_err *err)
{
    char *p = strndup(path, len);
    int taken = 1;
    if (!p)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (unsigned salt = 0; taken; salt++) {
        schema_doc_id(p, salt, id);
        smap_get(m->ids, id, strlen(id), &taken);
    }
    free(p);
    if (smap_add(m->ids, id, strlen(id), 1))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* The next document in walk order: its entry with its id, and its
 * passages through the copy detector. */
static spor_status put_doc(merge *m, uint64_t w, const part_file *p,
                           spor_err *err)
{
    fld_reader r = {m->doc_at[w], p->at.end, 0};
    size_t plen, elen;
    const char *path = fld_get_str(&r, &plen);
    const char *enc = fld_get_str(&r, &elen);
    uint64_t n = fld_get_u64(&r);
    schema_doctable t = {0};
    sbuf out = SBUF_INIT;
    spor_status st = r.bad ? damaged(p, err)
                           : schema_doctable_decode(enc, elen, &t, err);
    if (!st && (t.n != 1 || t.docs[0].n_passages != n))
        st = damaged(p, err);
    if (!st)
        st = doc_id(m, path, plen, t.docs[0].id, err);
    for (uint64_t i = 0; !st && i < n; i++) {
        size_t len, group;
        const char *text = fld_get_str(&r, &len);
        st = r.bad ? damaged(p, err)
                   : cp_add(m->copies, text, len, (unsigned)m->n_docs,
                            &group, err);
        if (!st && group != m->passage) {
            if (fld_put_u64(&m->links, m->passage) ||
                fld_put_u64(&m->links, group))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            m->n_links++;
        }
        m->passage++;
    }
    if (!st && (st = schema_doctable_encode(&t, &out, err)) == SPOR_OK &&
        (fld_put_u64(&m->docs, w) || fld_put_str(&m->docs, out.data, out.len)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    m->n_docs++;
    sbuf_free(&out);
    schema_doctable_free(&t);
    return st;
}

static int put_word(void *ctx, const char *word, size_t len, uint32_t count)
{
    merge *m = ctx;
    m->n_words++;
    m->words_failed = fld_put_str(&m->words, word, len) ||
                      fld_put_u64(&m->words, count);
    return m->words_failed;
}

/* The merged file's body (docs/index-schema.md); the set's name is a hash
 * of the rest, so the same partial files give the same set. */
static spor_status merged_body(merge *m, sbuf *body, spor_err *err)
{
    const part_file *f = &m->parts[0];
    smap_each(m->counts, put_word, m);
    size_t n_words = m->n_words;
    int bad = m->words_failed || fld_put_u64(body, SCHEMA_VERSION) || fld_put_u64(body, f->n) ||
              fld_put_u64(body, f->fingerprint) ||
              fld_put_u64(body, m->n_files) || fld_put_u64(body, m->n_docs) ||
              sbuf_append(body, m->docs.data, m->docs.len) ||
              fld_put_u64(body, n_words) ||
              sbuf_append(body, m->words.data, m->words.len);
    sbuf_reset(&m->words);
    m->n_words = 0;
    smap_each(m->extra, put_word, m);
    bad = bad || m->words_failed || fld_put_u64(body, m->n_words) ||
              sbuf_append(body, m->words.data, m->words.len) ||
              fld_put_u64(body, m->n_links) ||
              sbuf_append(body, m->links.data, m->links.len);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; !bad && i < body->len; i++)
        h = (h ^ (unsigned char)body->data[i]) * 0x100000001b3ULL;
    char set[32];
    snprintf(set, sizeof set, "apart-%016llx", (unsigned long long)h);
    if (bad || fld_put_str(body, set, strlen(set)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* Every walked file is in a share, and every shard's file is given. */
static spor_status check_whole(const merge *m, spor_err *err)
{
    const part_file *f = &m->parts[0];
    if (m->n_parts != f->n) {
        unsigned k = 0;
        for (int found = 1; found && k < f->n; k += found) {
            found = 0;
            for (size_t i = 0; i < m->n_parts; i++)
                found |= m->parts[i].k == k;
        }
        return spor_fail(err, SPOR_EINVAL, "shard %u of %u has no partial "
                         "tables file here: give one for every shard", k + 1,
                         f->n);
    }
    for (uint64_t w = 0; w < m->n_files; w++)
        if (m->owner[w] < 0)
            return damaged(f, err);
    return SPOR_OK;
}

static spor_status merge_all(merge *m, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < m->n_parts && !st; i++)
        st = read_part(m, i, err);
    if (st)
        return st;
    m->n_files = m->parts[0].n_files;
    size_t n = m->n_files ? (size_t)m->n_files : 1;
    m->owner = malloc(n * sizeof *m->owner);
    m->doc_at = calloc(n, sizeof *m->doc_at);
    if (!m->owner || !m->doc_at || smap_new(&m->counts) ||
        smap_new(&m->ids) || smap_new(&m->extra))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t w = 0; w < n; w++)
        m->owner[w] = -1;
    for (size_t i = 0; i < m->n_parts && !st; i++)
        st = take_part(m, &m->parts[i], err);
    if (!st)
        st = check_whole(m, err);
    if (!st)
        st = cp_new(&m->copies, err);
    for (uint64_t w = 0; w < m->n_files && !st; w++) {
        if (!m->doc_at[w])
            continue;
        size_t i = 0;
        while (m->parts[i].k != (unsigned)m->owner[w])
            i++;
        st = put_doc(m, w, &m->parts[i], err);
    }
    return st;
}

spor_status apt_merge(const char *const *parts, size_t n,
                      const char *out_path, apt_merged *info, spor_err *err)
{
    memset(info, 0, sizeof *info);
    if (n < 1)
        return spor_fail(err, SPOR_EINVAL, "no partial tables files to "
                         "merge");
    merge m = {.n_parts = n, .docs = SBUF_INIT, .links = SBUF_INIT,
               .words = SBUF_INIT, .err = err};
    sbuf body = SBUF_INIT;
    m.parts = calloc(n, sizeof *m.parts);
    spor_status st = m.parts ? SPOR_OK
                             : spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; !st && i < n; i++)
        m.parts[i] = (part_file){.path = parts[i], .body = SBUF_INIT};
    if (!st)
        st = merge_all(&m, err);
    if (!st)
        st = merged_body(&m, &body, err);
    if (!st)
        st = tf_write(out_path, TF_MERGED, &body, err);
    if (!st)
        *info = (apt_merged){m.parts[0].n, (unsigned)m.n_docs, m.passage,
                             (unsigned)m.n_links};
    for (size_t i = 0; m.parts && i < n; i++)
        sbuf_free(&m.parts[i].body);
    free(m.parts);
    free(m.owner);
    free((void *)m.doc_at);
    smap_free(m.counts);
    smap_free(m.ids);
    smap_free(m.extra);
    cp_free(m.copies);
    sbuf_free(&m.docs);
    sbuf_free(&m.links);
    sbuf_free(&m.words);
    sbuf_free(&body);
    return st;
}
