/* The update path: what a run does with the previous generation when it
 * updates it (run.h). It opens and checks that generation, sorts the files
 * into unchanged, changed, added and gone, and on the copy brings the
 * word counts up to date, judges again the compound split of each word
 * the new counts may split otherwise (a kept document holding a word
 * whose split changed is analysed again),
 * deletes the passages that leave, drops the entries of removed files and
 * renumbers the ones that move, and seeds the copy detector with the kept
 * passages; indexer.h and docs/index-schema.md ("Updates") say why. */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/doc/reader.h"
#include "spor/store/xerror.h"
#include "spor/text/tokenise.h"

/* 1 when the manifest now says something else about a document than what
 * the index holds (a new title, places, ...): its passages carry that, so
 * it must be re-indexed. A title taken from the text is not compared. */
static int metadata_differs(const schema_docinfo *d, const mf_entry *m)
{
    if (!m)
        return d->publisher[0] || d->places[0] || d->year;
    char *places = run_join_places(m);
    int differs = !places || strcmp(places, d->places) ||
                  strcmp(m->publisher, d->publisher) || m->year != d->year ||
                  (m->title[0] && strcmp(m->title, d->title));
    free(places);
    return differs;
}

/* An update stems with the keep list the index was built with (stem.h),
 * whatever the word list says now, so old and new passages agree; an index
 * without one was built without a word list. */
spor_status upd_keep_stored(run *r, stem_stemmer *stemmer, const char *dir,
                            spor_err *err)
{
    xc_error xe;
    xc_status xs = schema_load_stemkeep(r->prev_db, stemmer, &xe);
    if (xs == XC_ENOMEM)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (xs != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: index is damaged", dir);
    return SPOR_OK;
}

/* 1 when metadata key of db holds exactly want[0..len) (absent = ""). */
static int meta_equals(xc_db *db, const char *key, const char *want,
                       size_t len)
{
    char *val = NULL;
    size_t vlen = 0;
    xc_error xe;
    if (xc_db_get_metadata(db, key, &val, &vlen, &xe) != XC_OK)
        vlen = 0;
    int eq = vlen == len && (!len || !memcmp(val, want, len));
    free(val);
    return eq;
}


/* Why db's document table cannot be read into r, or NULL when it is. */
static const char *load_doctable(run *r, xc_db *db)
{
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    spor_err e;
    if (xc_db_get_metadata(db, SCHEMA_META_NDOCS, &val, &len, &xe) != XC_OK)
        return "its document table is damaged";
    char *end = NULL;
    unsigned long nd = strtoul(val, &end, 10);
    int bad = end == val || *end;
    free(val);
    if (bad || nd > UINT32_MAX / 64)
        return "its document table is damaged";
    r->table.docs = calloc(nd ? nd : 1, sizeof *r->table.docs);
    if (!r->table.docs)
        return "out of memory";
    r->table_cap = nd ? nd : 1;
    for (size_t i = 0; i < nd; i++) {
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doctable one;
        schema_doc_key((unsigned)i, key);
        val = NULL;
        bad = xc_db_get_metadata(db, key, &val, &len, &xe) != XC_OK ||
              schema_doctable_decode(val, len, &one, &e) != SPOR_OK;
        free(val);
        if (!bad && one.n != 1) {
            schema_doctable_free(&one);
            bad = 1;
        }
        if (bad)
            return "its document table is damaged";
        r->table.docs[r->table.n++] = one.docs[0];
        free(one.docs);
    }
    return NULL;
}

/* Why db's compression dictionary cannot be read into r, or NULL. */
static const char *load_zdict(run *r, xc_db *db)
{
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    xc_status zs = xc_db_get_metadata(db, SCHEMA_META_ZDICT, &val, &len, &xe);
    if (zs == XC_OK && sbuf_append(&r->zdict, val, len)) {
        free(val);
        return "out of memory";
    }
    free(val);
    if (zs != XC_OK && zs != XC_ENOTFOUND)
        return "its compression dictionary cannot be read";
    return NULL;
}

const char *upd_open_previous(run *r, const char *path,
                              const stop_list *stops, char *why,
                              size_t why_cap)
{
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    /* A set of shards comes opened (shard_update.h). */
    if (!r->prev_db && xc_db_open(path, &r->prev_db, &xe) != XC_OK) {
        snprintf(why, why_cap, "it cannot be opened (%s)", xe.msg);
        return why;
    }
    xc_db *db = r->prev_db;
    if (xc_db_get_metadata(db, SCHEMA_META_VERSION, &val, &len, &xe) !=
        XC_OK)
        return "it holds no schema version";
    int version = atoi(val);
    snprintf(why, why_cap, "it has schema version %.20s, this spor writes "
             "%d", val, SCHEMA_VERSION);
    free(val);
    if (version != SCHEMA_VERSION)
        return why;
    sbuf want = SBUF_INIT;
    if (tab_stop_text(stops, &want)) {
        sbuf_free(&want);
        return "out of memory";
    }
    int same = meta_equals(db, SCHEMA_META_STOPWORDS, want.data, want.len);
    sbuf_free(&want);
    if (!same)
        return "it was built with another stop list";
    size_t glen = 0;
    const char *gsrc = r->gaz ? pl_source(r->gaz, &glen) : NULL;
    if (!meta_equals(db, SCHEMA_META_GAZETTEER, gsrc, glen))
        return "it was built with another gazetteer";
    const char *no = load_doctable(r, db);
    return no ? no : load_zdict(r, db);
}

/* The previous entry for path, or -1. */
static long find_previous(const run *r, const char *path)
{
    size_t lo = 0, hi = r->n_prev;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(r->table.docs[r->by_path[mid]].path, path);
        if (c == 0)
            return (long)r->by_path[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Orders the previous entries by path for find_previous. */
spor_status upd_index_previous(run *r)
{
    size_t n = r->n_prev ? r->n_prev : 1;
    r->by_path = malloc(n * sizeof *r->by_path);
    r->seen = calloc(n, 1);
    r->redo = calloc(n, 1);
    typedef struct { const char *path; size_t ord; } pair;
    pair *p = malloc(n * sizeof *p);
    if (!r->by_path || !r->seen || !r->redo || !p) {
        free(p);
        return SPOR_ENOMEM;
    }
    for (size_t i = 0; i < r->n_prev; i++) {
        p[i].path = r->table.docs[i].path;
        p[i].ord = i;
    }
    qsort(p, r->n_prev, sizeof *p, run_cmp_str); /* path is the first member */
    for (size_t i = 0; i < r->n_prev; i++)
        r->by_path[i] = p[i].ord;
    free(p);
    return SPOR_OK;
}


/* Sorts each file into unchanged (size and mtime, else the content hash,
 * and the manifest's word on it, as recorded), or into the work list:
 * changed (with its ordinal) or added. Files the previous table has but
 * this run does not find stay unseen: they are removed later. */
spor_status upd_classify(run *r, const file_list *files, work_list *todo,
                         spor_err *err)
{
    sbuf show = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < files->n && !st; i++) {
        const char *path = files->paths[i];
        struct stat sb;
        if (stat(path, &sb) != 0) {
            run_warn(r->opts, "%s: skipped: %s", run_shown(path, &show),
                     errno == ENOENT ? "deleted while indexing"
                                     : strerror(errno));
            r->sum->n_skipped++;
            continue;
        }
        long prev = find_previous(r, path);
        if (prev < 0) {
            st = run_work_add(todo, path, -1, (uint64_t)sb.st_size);
            continue;
        }
        if ((st = run_load_manifest(r, path, err)) != SPOR_OK)
            break;
        const char *base = strrchr(path, '/');
        const mf_entry *m = mf_find(&r->manifest, base ? base + 1 : path);
        schema_docinfo *d = &r->table.docs[prev];
        r->seen[prev] = 1;
        if (metadata_differs(d, m)) {
            r->redo[prev] = 1;
            st = run_work_add(todo, path, prev, (uint64_t)sb.st_size);
            continue;
        }
        if (d->size == (uint64_t)sb.st_size && d->mtime == run_mtime_ns(&sb) &&
            d->mtime != 0) {
            r->sum->n_unchanged++;
            continue;
        }
        char *bytes = NULL;
        size_t len = 0;
        spor_err ferr;
        spor_err_clear(&ferr);
        if (rd_load_file(path, &bytes, &len, &ferr) != SPOR_OK) {
            if (ferr.status == SPOR_ENOMEM) {
                st = spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
                break;
            }
            run_warn(r->opts, "%s (skipped)", ferr.msg);
            r->sum->n_skipped++;
            r->seen[prev] = 0; /* unreadable now: it leaves the index */
            continue;
        }
        uint64_t hash = rd_hash_bytes(bytes, len);
        free(bytes);
        if (hash == d->hash && len == d->size) {
            /* Touched, not changed: remember the new mtime so the next
             * run need not hash it again. */
            int64_t mtime = run_trusted_mtime(r, &sb, len);
            r->dirty |= d->mtime != mtime;
            d->mtime = mtime;
            r->sum->n_unchanged++;
            continue;
        }
        r->redo[prev] = 1;
        st = run_work_add(todo, path, prev, (uint64_t)sb.st_size);
    }
    sbuf_free(&show);
    if (st == SPOR_ENOMEM && !err->msg[0])
        spor_fail(err, st, "out of memory");
    return st;
}

/* Calls fn with each stored passage of entry ord (decoded), in passage
 * order; reads the copy, which holds the previous passages until
 * remove_passages. */
typedef spor_status (*passage_fn)(run *r, unsigned docid,
                                  const schema_record *rec, void *ctx,
                                  spor_err *err);

typedef struct each_passage_ctx {
    run *r;
    passage_fn fn;
    void *ctx;
    spor_status st;
    spor_err *err;
    const char *path;
} each_passage_ctx;

static int each_passage_one(void *ctx, unsigned docid)
{
    each_passage_ctx *c = ctx;
    xc_doc *doc = NULL;
    xc_error xe;
    if (xc_wdb_get_document(c->r->db, docid, &doc, &xe) != XC_OK) {
        c->st = xerr_fail(c->err, &xe, 0, "%s: reading its passages",
                          c->path);
        return 1;
    }
    schema_record rec;
    c->st = schema_doc_record(doc, c->r->zdict.data, c->r->zdict.len, &rec,
                              c->err);
    xc_doc_free(doc);
    if (c->st)
        return 1;
    c->st = c->fn(c->r, docid, &rec, c->ctx, c->err);
    schema_record_free(&rec);
    return c->st != SPOR_OK;
}

static spor_status each_passage(run *r, size_t ord, passage_fn fn, void *ctx,
                                spor_err *err)
{
    const schema_docinfo *d = &r->table.docs[ord];
    char term[SCHEMA_ID_MAX + 2];
    snprintf(term, sizeof term, SCHEMA_PREFIX_DOC "%s", d->id);
    each_passage_ctx c = {r, fn, ctx, SPOR_OK, err, d->path};
    xc_error xe;
    if (xc_wdb_each_docid(r->db, term, each_passage_one, &c, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: reading its passages", d->path);
    return c.st;
}

static spor_status uncount_passage(run *r, unsigned docid,
                                   const schema_record *rec, void *ctx,
                                   spor_err *err)
{
    (void)r;
    (void)docid;
    if (spl_uncount(ctx, rec->text, rec->text_len))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* Puts the words of a kept document's heading or title to the splitter,
 * as analysing it would: a fresh build records their splits too (they
 * are not in the word counts, which cover the passages' text). */
static spor_status judge_text(run *r, const char *text, size_t len,
                              spor_err *err)
{
    tok_iter it;
    tok_token t;
    int rc;
    cpd_split sp;
    tok_init(&it, text ? text : "", len);
    while ((rc = tok_next(&it, &t)) == 1)
        if (!r->ana.stops || !stop_contains(r->ana.stops, t.term, t.term_len))
            spl_split(r->ana.split_ctx, t.term, t.term_len, &sp);
    tok_done(&it);
    return rc < 0 ? spor_fail(err, SPOR_ENOMEM, "out of memory") : SPOR_OK;
}

/* Notes a kept passage for the copy groups of the new ones (its sketch
 * and key are read after, for all kept passages in one pass over each
 * value: kept_enter), and judges its section heading's words. */
static spor_status seed_copy(run *r, unsigned docid, const schema_record *rec,
                             void *ctx, spor_err *err)
{
    (void)ctx;
    spor_status st = kept_mark(r, docid, err);
    if (st)
        return st;
    return judge_text(r, rec->section, rec->section ? strlen(rec->section)
                                                    : 0, err);
}

typedef struct judge_ctx {
    run *r;
    spl_splitter *spl;
    const stop_list *stops;
    work_list *todo;
    const strmap *old;  /* the previous word counts */
    strmap *changed;    /* the words whose count this update changed */
    size_t min_len, max_len; /* their shortest and longest, in bytes */
    sbuf key, parts;
    spor_status st;
    spor_err *err;
} judge_ctx;

static int note_changed(judge_ctx *j, const char *word, size_t len)
{
    if (smap_add(j->changed, word, len, 1)) {
        j->st = spor_fail(j->err, SPOR_ENOMEM, "out of memory");
        return 1;
    }
    if (!j->max_len || len < j->min_len)
        j->min_len = len;
    if (len > j->max_len)
        j->max_len = len;
    return 0;
}

static int changed_new(void *ctx, const char *word, size_t len,
                       uint32_t count)
{
    judge_ctx *j = ctx;
    return count != smap_get(j->old, word, len, NULL) &&
           note_changed(j, word, len);
}

static int changed_old(void *ctx, const char *word, size_t len,
                       uint32_t count)
{
    judge_ctx *j = ctx;
    return count != spl_word_count(j->spl, word, len) &&
           note_changed(j, word, len);
}

/* 1 when word or a piece of it (cut at character boundaries) had its
 * count changed by this update. cpd_split_word decides a word's split from
 * the word list, the stop list and the corpus frequencies of the word and
 * of its pieces (part_weight looks up only w[start..start+n)), nothing
 * else: a word for which this is 0 splits as the previous generation
 * recorded, and need not be judged again. */
static int may_split_otherwise(const judge_ctx *j, const char *w, size_t len)
{
    int found = 0;
    if (!j->max_len)
        return 0;
    for (size_t a = 0; a < len && !found; a++) {
        if (((unsigned char)w[a] & 0xC0) == 0x80)
            continue;
        for (size_t b = a + j->min_len; b <= len && b - a <= j->max_len &&
                                        !found; b++)
            if (b == len || ((unsigned char)w[b] & 0xC0) != 0x80)
                smap_get(j->changed, w + a, b - a, &found);
    }
    return found;
}

static int mark_resplit(void *ctx, unsigned docid)
{
    judge_ctx *j = ctx;
    char *v = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_db_get_value(j->r->prev_db, docid, SCHEMA_SLOT_DOC, &v, &len,
                        &xe) != XC_OK || len != 4) {
        free(v);
        return 0; /* a passage written by this run */
    }
    const unsigned char *b = (const unsigned char *)v;
    size_t ord = (size_t)b[0] << 24 | (size_t)b[1] << 16 | (size_t)b[2] << 8 |
                 b[3];
    free(v);
    run *r = j->r;
    if (ord < r->n_prev && r->seen[ord] && !r->redo[ord]) {
        r->redo[ord] = 1;
        r->sum->n_resplit++;
        if (run_work_add(j->todo, r->table.docs[ord].path, (long)ord,
                         r->table.docs[ord].size)) {
            j->st = spor_fail(j->err, SPOR_ENOMEM, "out of memory");
            return 1;
        }
        j->todo->items[j->todo->n - 1].resplit = 1;
    }
    return 0;
}

/* Judges word again with the new counts when they may split it otherwise;
 * when its split is not what the previous generation recorded, the kept documents that hold it are put
 * on the work list (their compound terms change). */
static int judge_word(void *ctx, const char *word, size_t len, uint32_t count)
{
    judge_ctx *j = ctx;
    /* A word no passage holds any more splits nothing (its entry, if any,
     * is pruned unless a heading still names it). */
    if (!count || (j->stops && stop_contains(j->stops, word, len)) ||
        !may_split_otherwise(j, word, len))
        return 0;
    cpd_split sp = {0};
    size_t n = spl_split(j->spl, word, len, &sp);
    sbuf_reset(&j->parts);
    for (size_t i = 0; i < n; i++)
        if ((i && sbuf_append_char(&j->parts, ' ')) ||
            sbuf_append(&j->parts, word + sp.parts[i].start,
                        sp.parts[i].len))
            goto nomem;
    sbuf_reset(&j->key);
    if (sbuf_append_str(&j->key, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(&j->key, word, len))
        goto nomem;
    char *old = NULL;
    size_t olen = 0;
    xc_error xe;
    if (xc_db_get_metadata(j->r->prev_db, j->key.data, &old, &olen, &xe) !=
        XC_OK)
        olen = 0;
    int same = olen == j->parts.len && (!olen || !memcmp(old, j->parts.data,
                                                         olen));
    free(old);
    if (same)
        return 0;
    sbuf_reset(&j->key);
    if (sbuf_append(&j->key, word, len))
        goto nomem;
    if (xc_wdb_each_docid(j->r->db, j->key.data, mark_resplit, j, &xe) !=
        XC_OK) {
        j->st = xerr_fail(j->err, &xe, 0, "index: finding a word");
        return 1;
    }
    return j->st != SPOR_OK;
nomem:
    j->st = spor_fail(j->err, SPOR_ENOMEM, "out of memory");
    return 1;
}

static spor_status delete_passages(run *r, size_t ord, spor_err *err)
{
    const schema_docinfo *d = &r->table.docs[ord];
    char term[SCHEMA_ID_MAX + 2];
    snprintf(term, sizeof term, SCHEMA_PREFIX_DOC "%s", d->id);
    xc_error xe;
    if (xc_wdb_delete_by_term(r->db, term, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: removing its passages", d->path);
    return SPOR_OK;
}

typedef struct renumber_ctx {
    run *r;
    unsigned ord;
    spor_status st;
    spor_err *err;
} renumber_ctx;

static int renumber_one(void *ctx, unsigned docid)
{
    renumber_ctx *c = ctx;
    xc_doc *doc;
    xc_error xe;
    const char *path = c->r->table.docs[c->ord].path;
    if (xc_wdb_get_document(c->r->db, docid, &doc, &xe) != XC_OK) {
        c->st = xerr_fail(c->err, &xe, 0, "%s: reading its passages", path);
        return 1;
    }
    c->st = schema_renumber_document(doc, c->ord, c->r->zdict.data,
                                     c->r->zdict.len, c->r->deflater, c->err);
    if (!c->st && xc_wdb_replace_document(c->r->db, docid, doc, &xe) != XC_OK)
        c->st = xerr_fail(c->err, &xe, 0, "%s: rewriting its passages",
                          path);
    xc_doc_free(doc);
    return c->st != SPOR_OK;
}

/* Drops the entries marked in gone (their passages are deleted already)
 * and keeps the table dense: the last entry moves into each hole and its
 * passages are renumbered (passages cite their document by ordinal); a
 * work item that followed the moved entry follows it. */
spor_status upd_remove_entries(run *r, char *gone, work_list *todo,
                               spor_err *err)
{
    schema_doctable *t = &r->table;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < t->n && !st;) {
        if (!gone[i]) {
            i++;
            continue;
        }
        size_t last = t->n - 1;
        schema_docinfo_free(&t->docs[i]);
        if (i != last) {
            t->docs[i] = t->docs[last];
            gone[i] = gone[last];
            if (r->seen && i < r->n_prev && last < r->n_prev) {
                r->seen[i] = r->seen[last];
                r->redo[i] = r->redo[last];
            }
            for (size_t k = 0; todo && k < todo->n; k++)
                if (todo->items[k].ord == (long)last)
                    todo->items[k].ord = (long)i;
            if (!gone[i]) {
                char term[SCHEMA_ID_MAX + 2];
                snprintf(term, sizeof term, SCHEMA_PREFIX_DOC "%s",
                         t->docs[i].id);
                renumber_ctx c = {r, (unsigned)i, SPOR_OK, err};
                xc_error xe;
                if (xc_wdb_each_docid(r->db, term, renumber_one, &c, &xe) !=
                    XC_OK)
                    st = xerr_fail(err, &xe, 0, "%s: renumbering its "
                                   "passages", t->docs[i].path);
                else
                    st = c.st;
            }
        }
        t->n--;
        if (r->n_prev > t->n)
            r->n_prev = t->n;
    }
    return st;
}


/* The update's work before analysis, on the copy: brings the word counts
 * up to date, finds kept documents whose compound splits changed, deletes
 * the passages that leave, drops the entries of removed files, and seeds
 * the copy detector with the kept passages. */
spor_status upd_prepare(run *r, spl_splitter *spl, const stop_list *stops,
                        const strmap *old_counts, work_list *todo,
                        spor_err *err)
{
    spor_status st = SPOR_OK;
    size_t n = r->n_prev;
    for (size_t i = 0; i < n && !st; i++)
        if (!r->seen[i] || r->redo[i])
            st = each_passage(r, i, uncount_passage, spl, err);
    /* The files read anew (the re-split ones join the list below, their
     * words are counted already). */
    if (!st)
        st = feed_count_words(spl, todo, err);
    if (st)
        return st;
    judge_ctx j = {r, spl, stops, todo, old_counts, NULL, 0, 0, SBUF_INIT,
                   SBUF_INIT, SPOR_OK, err};
    if (smap_new(&j.changed))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    spl_each_word(spl, changed_new, &j);
    if (!j.st)
        smap_each(old_counts, changed_old, &j);
    if (!j.st)
        spl_each_word(spl, judge_word, &j);
    smap_free(j.changed);
    sbuf_free(&j.key);
    sbuf_free(&j.parts);
    if ((st = j.st) != SPOR_OK)
        return st;
    char *gone = calloc(n ? n : 1, 1);
    if (!gone)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n && !st; i++) {
        if (!r->seen[i]) {
            gone[i] = 1;
            r->sum->n_removed++;
        }
        if (!r->seen[i] || r->redo[i])
            st = delete_passages(r, i, err);
    }
    if (!st)
        st = upd_remove_entries(r, gone, todo, err);
    free(gone);
    if (!st && smap_new(&r->kept_keys))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (!st)
        st = kept_load_stock(r, err);
    for (unsigned i = 0; i < r->n_prev && !st; i++)
        if (!r->redo[i]) {
            const char *title = r->table.docs[i].title;
            if ((st = judge_text(r, title, strlen(title), err)) == SPOR_OK)
                st = each_passage(r, i, seed_copy, &i, err);
        }
    return st ? st : kept_enter(r, err);
}

typedef struct prune_ctx {
    run *r;
    spl_splitter *spl;
    xc_error xe;
    int failed;
} prune_ctx;

static int prune_one(void *ctx, const char *key, size_t len, unsigned tf)
{
    prune_ctx *c = ctx;
    size_t pl = strlen(SCHEMA_META_SPLIT_PREFIX);
    (void)tf;
    if (len <= pl)
        return 0;
    /* Not judged but still counted: judge_word found its split unchanged. */
    int judged = spl_judged(c->spl, key + pl, len - pl);
    if (judged == 1 ||
        (judged < 0 && spl_word_count(c->spl, key + pl, len - pl)))
        return 0;
    char *k = strndup(key, len);
    if (!k || xc_wdb_set_metadata(c->r->db, k, "", 0, &c->xe) != XC_OK) {
        if (!k) {
            c->xe.status = XC_ENOMEM;
            snprintf(c->xe.msg, sizeof c->xe.msg, "out of memory");
        }
        free(k);
        c->failed = 1;
        return 1;
    }
    free(k);
    return 0;
}

/* Update: drops the compound table's entries for words that no document
 * of the index splits any more (they left the corpus, or now stay
 * whole); a counted word upd_prepare did not judge keeps its entry; write_splits then writes the entries that are new or differ. */
spor_status upd_prune_splits(run *r, spl_splitter *spl, spor_err *err)
{
    prune_ctx c = {r, spl, {XC_OK, ""}, 0};
    xc_error xe;
    if (xc_db_each_metadata_key(r->prev_db, SCHEMA_META_SPLIT_PREFIX,
                                prune_one, &c, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "reading the compound table");
    if (c.failed)
        return xerr_fail(err, &c.xe, 0, "writing the compound table");
    return SPOR_OK;
}
