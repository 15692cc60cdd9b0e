/* Analysis and writing: reads, segments and analyses each file of a
 * run's work list and hands its passages to Xapian's writers (feed_all,
 * run.h), and counts the corpus's words for the splitter beforehand
 * (feed_count_words). Files that cannot be indexed are skipped with a
 * warning; a failure of the index itself stops the run. */
#include "run.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/doc/formats.h"
#include "spor/doc/reader.h"
#include "spor/doc/segment.h"
#include "spor/store/xerror.h"
#include "spor/text/path.h"
#include "spor/text/prose.h"
#include "spor/text/utf8.h"

#include "readahead.h"

static spor_status add_docinfo(run *r, schema_docinfo *d, spor_err *err)
{
    schema_doctable *t = &r->table;
    if (spor_grow(&t->docs, &r->table_cap, t->n, sizeof *t->docs, 16))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    t->docs[t->n++] = *d;
    return SPOR_OK;
}

/* A new entry's id: the hash of its path (below the run's folder, so a
 * corpus indexed from its own folder gets the same ids wherever it
 * lies), or the first salted hash that no other document of the index
 * has. Checked against every id of the table (kept documents' stored ids
 * too), so ids are unique by construction, not by the luck of 32 bits;
 * the id is stored with the entry, so an update never moves it. */
static spor_status new_doc_id(run *r, const char *path,
                              char id[SCHEMA_ID_MAX], spor_err *err)
{
    spor_status st = SPOR_OK;
    if (!r->doc_ids) {
        if ((st = path_cwd(&r->cwd, err)) != SPOR_OK)
            return st;
        st = smap_new(&r->doc_ids);
        for (size_t i = 0; i < r->table.n && !st; i++)
            st = smap_add(r->doc_ids, r->table.docs[i].id,
                          strlen(r->table.docs[i].id), 1);
    }
    const char *below = path_below(path, r->cwd.data);
    int taken = 1;
    for (unsigned salt = 0; !st && taken; salt++) {
        schema_doc_id(below ? below : path, salt, id);
        smap_get(r->doc_ids, id, strlen(id), &taken);
    }
    if (!st)
        st = smap_add(r->doc_ids, id, strlen(id), 1);
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}

/* A changed entry whose file cannot be read any more leaves the index. */
static spor_status mark_late_gone(run *r, long ord, spor_err *err)
{
    if (ord < 0)
        return SPOR_OK;
    r->sum->n_removed++;
    if (spor_grow(&r->late_gone, &r->cap_late_gone, r->n_late_gone,
                  sizeof *r->late_gone, 8))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    r->late_gone[r->n_late_gone++] = (unsigned)ord;
    return SPOR_OK;
}

/* Hands a passage to the writers; fails when they have failed. The pool
 * makes its document in a writer thread (passjob.h); for the queue it is
 * made here. With the queue, the writer's own error is the one
 * reported. */
static spor_status deliver(run *r, schema_record *rec,
                           const schema_docinfo *dp, spor_err *err)
{
    spor_status st;
    if (r->pool) {
        pj_job *job;
        if ((st = pj_job_new(rec, dp, &job, err)))
            return st;
        return wr_pool_add(r->pool, job, err);
    }
    rec->nonprose = prose_nonprose(rec->text, rec->text_len);
    xc_doc *xd;
    if ((st = schema_make_document(rec, dp, &r->ana, &xd, err)))
        return st;
    return dq_push(r->queue, xd) ? SPOR_EINDEX : SPOR_OK;
}

/* Reads and segments the file of w. Problems with the file are warnings
 * (SPOR_OK with *got 0: the file is skipped and, if it had an entry, leaves
 * the index); *got 1: doc and seg hold it. */
static spor_status read_file(run *r, const work_item *w, struct stat *sb,
                             rd_doc *doc, seg_result *seg, int *got,
                             spor_err *err)
{
    const char *path = w->path;
    spor_err ferr;
    spor_err_clear(&ferr);
    sbuf show = SBUF_INIT;
    *got = 0;
    if (stat(path, sb) != 0) {
        /* Listed by the walk, gone (or unreadable) now. */
        run_warn(r->opts, "%s: skipped: %s", run_shown(path, &show),
                 errno == ENOENT ? "deleted while indexing"
                                 : strerror(errno));
        sbuf_free(&show);
        r->sum->n_skipped++;
        return mark_late_gone(r, w->ord, err);
    }
    if (w->ord < 0 && !utf8_valid(path, strlen(path)))
        run_warn(r->opts, "%s: file name is not valid UTF-8; indexed under "
                 "its bytes as they are", run_shown(path, &show));
    sbuf_free(&show);
    if (fmt_read_any(path, doc, &ferr) != SPOR_OK) {
        if (ferr.status == SPOR_ENOMEM)
            return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
        run_warn(r->opts, "%s (skipped)", ferr.msg);
        r->sum->n_skipped++;
        return mark_late_gone(r, w->ord, err);
    }
    run_stage(r->opts, "file");
    if (doc->latin1)
        run_warn(r->opts, "%s: not UTF-8 (first invalid UTF-8 byte at %zu); "
                 "read as Windows-1252", path, doc->first_invalid);
    else if (doc->n_invalid)
        run_warn(r->opts, "%s: %zu invalid UTF-8 byte%s replaced (first at "
                 "byte %zu)", path, doc->n_invalid,
                 doc->n_invalid == 1 ? "" : "s", doc->first_invalid);
    if (doc->warning)
        run_warn(r->opts, "%s: %s", path, doc->warning);
    if (doc->n_nul)
        run_warn(r->opts, "%s: %zu NUL byte%s read as spaces", path,
                 doc->n_nul, doc->n_nul == 1 ? "" : "s");
    spor_status st = seg_segment(doc, NULL, seg, &ferr);
    if (st) {
        rd_doc_free(doc);
        return spor_fail(err, st, "%s: %s", path, ferr.msg);
    }
    if (seg->n_passages == 0) {
        run_warn(r->opts, "%s: no text to index (skipped)", path);
        r->sum->n_skipped++;
        seg_result_free(seg);
        rd_doc_free(doc);
        return mark_late_gone(r, w->ord, err);
    }
    *got = 1;
    return SPOR_OK;
}

/* Puts the entry of the file just read into the document table: in place
 * of the one it replaces, or at the end; *doc_ord says where. */
static spor_status put_entry(run *r, const work_item *w,
                             const struct stat *sb, const rd_doc *doc,
                             const seg_result *seg, unsigned *doc_ord,
                             spor_err *err)
{
    const char *path = w->path;
    spor_status st = run_load_manifest(r, path, err);
    if (st)
        return st;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const mf_entry *m = mf_find(&r->manifest, base);

    schema_docinfo d = {0};
    d.path = strdup(path);
    d.title = strdup(m && m->title[0] ? m->title
                     : doc->title && doc->title[0] ? doc->title
                     : seg->title && seg->title[0] ? seg->title : base);
    d.publisher = strdup(m ? m->publisher : "");
    d.places = run_join_places(m);
    d.year = m ? m->year : 0;
    d.size = doc->src_bytes;
    d.mtime = run_trusted_mtime(r, sb, doc->src_bytes);
    d.hash = doc->content_hash;
    d.n_passages = (unsigned)seg->n_passages;
    if (!d.path || !d.title || !d.publisher || !d.places) {
        schema_docinfo_free(&d);
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
    }
    if (r->apart) {
        /* Built apart: the entry is the merged table's, the same in every
         * shard; the file must be the one that was counted. */
        *doc_ord = (unsigned)w->ord;
        const schema_docinfo *e = &r->table.docs[*doc_ord];
        int same = e->hash == d.hash && e->n_passages == d.n_passages;
        schema_docinfo_free(&d);
        if (!same)
            return spor_fail(err, SPOR_EINVAL, "%s: changed since its words "
                             "were counted: count and merge again", path);
        return SPOR_OK;
    }
    if (w->ord >= 0) {
        /* Same path, same document id: the entry is replaced in place so
         * no other ordinal moves (its old passages are gone already). */
        *doc_ord = (unsigned)w->ord;
        memcpy(d.id, r->table.docs[*doc_ord].id, sizeof d.id);
        schema_docinfo_free(&r->table.docs[*doc_ord]);
        r->table.docs[*doc_ord] = d;
        return SPOR_OK;
    }
    *doc_ord = (unsigned)r->table.n;
    if ((st = new_doc_id(r, path, d.id, err)) != SPOR_OK ||
        (st = add_docinfo(r, &d, err)) != SPOR_OK)
        schema_docinfo_free(&d);
    return st;
}

/* Tags, analyses and delivers the passages of entry doc_ord. */
static spor_status write_passages(run *r, unsigned doc_ord,
                                  const seg_result *seg, spor_err *err)
{
    const schema_docinfo *dp = &r->table.docs[doc_ord];
    char **places = NULL;
    spor_status st = SPOR_OK;
    if (r->gaz && (st = pl_tag_segments(r->gaz, seg, dp->places, dp->title,
                                        &places, err)))
        return st;
    /* Built apart: each passage at the docid it has in one database. */
    if (r->apart)
        st = wr_pool_skip_to(r->pool, apt_first_docid(r->apart, doc_ord),
                             err);
    for (size_t i = 0; i < seg->n_passages && !st; i++) {
        const seg_passage *p = &seg->passages[i];
        schema_record rec = {
            .doc_ord = doc_ord, .passage_ord = (unsigned)i,
            .line_start = p->line_start, .line_end = p->line_end,
            .byte_start = p->byte_start, .byte_end = p->byte_end,
            .page_start = p->page_start, .page_end = p->page_end,
            .section = p->section,
            .places = places ? places[i] : dp->places,
            .text = p->text, .text_len = p->len,
            .navigation = p->navigation,
            .deflater = r->deflater};
        if ((st = r->apart ? apt_copy_key(r, doc_ord, (unsigned)i,
                                          rec.copy_key, err)
                           : run_copy_group(r, &rec, dp->id, rec.copy_key,
                                            err)))
            break;
        st = deliver(r, &rec, dp, err);
    }
    pl_tags_free(places, seg->n_passages);
    return st;
}

/* Reads, segments and analyses one file of the work list into the queue.
 * Problems with the file are warnings (return SPOR_OK, file skipped);
 * problems with the index are errors. Runs in the worker thread. */
static spor_status index_file(run *r, const work_item *w, spor_err *err)
{
    struct stat sb;
    rd_doc doc;
    seg_result seg;
    int got;
    unsigned doc_ord = 0;
    spor_status st = read_file(r, w, &sb, &doc, &seg, &got, err);
    if (st || !got)
        return st;
    if ((st = put_entry(r, w, &sb, &doc, &seg, &doc_ord, err)) == SPOR_OK)
        st = write_passages(r, doc_ord, &seg, err);
    if (!st && (w->ord < 0 || r->apart))
        r->sum->n_added++;
    else if (!st && !w->resplit)
        r->sum->n_changed++;
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return st;
}

/* Threads reading ahead for the counting pass: one per core. The counting
 * itself (this thread) is the lighter half, so the readers keep the
 * cores busy; more threads than cores would only hold more files. */
#define FEED_MAX_READERS 4

spor_status feed_read_ahead(const work_list *files, ra_reader **out,
                            spor_err *err)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned k = n < 1 ? 1 : n > FEED_MAX_READERS ? FEED_MAX_READERS
                                                   : (unsigned)n;
    return ra_start(files, k, 0, 0, out, err);
}

/* First pass: the word counts of the files for the compound splitter.
 * Files are read as the second pass reads them (fmt_read_any: every
 * format), so the counts cover the text that gets indexed; the reading
 * threads hand them over in the list's order, so the counts are entered
 * as one thread reading them in turn would. Files that cannot be read
 * are passed over here; the second pass reports them. */
spor_status feed_count_read(spl_splitter *spl, ra_reader *ra, spor_err *err)
{
    ra_file f;
    spor_status st = SPOR_OK;
    while (!st && ra_next(ra, &f)) {
        if (f.stage == RA_READ && f.st == SPOR_ENOMEM)
            st = spor_fail(err, SPOR_ENOMEM, "%s", f.err.msg);
        else if (f.stage == RA_SEGMENT && f.st == SPOR_ENOMEM)
            st = SPOR_ENOMEM;
        for (size_t j = 0; f.stage == RA_DONE && j < f.seg.n_passages && !st;
             j++)
            st = spl_count(spl, f.seg.passages[j].text,
                           f.seg.passages[j].len);
        if (st == SPOR_ENOMEM && f.stage != RA_READ)
            st = spor_fail(err, st, "%s: out of memory", f.path);
        rd_doc_free(&f.doc);
        seg_result_free(&f.seg);
    }
    return st;
}

spor_status feed_count_words(spl_splitter *spl, const work_list *files,
                             spor_err *err)
{
    ra_reader *ra = NULL;
    spor_status st = feed_read_ahead(files, &ra, err);
    if (!st)
        st = feed_count_read(spl, ra, err);
    ra_free(ra);
    return st;
}

spor_status feed_count_share(run *r, spl_splitter *spl,
                             const work_list *files, feed_doc_fn fn,
                             void *ctx, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < files->n && !st; i++) {
        const work_item *w = &files->items[i];
        struct stat sb;
        rd_doc doc;
        seg_result seg;
        int got;
        unsigned doc_ord = 0;
        if ((st = read_file(r, w, &sb, &doc, &seg, &got, err)) || !got)
            continue;
        st = put_entry(r, w, &sb, &doc, &seg, &doc_ord, err);
        for (size_t j = 0; j < seg.n_passages && !st; j++)
            if (spl_count(spl, seg.passages[j].text, seg.passages[j].len))
                st = spor_fail(err, SPOR_ENOMEM, "%s: out of memory",
                               w->path);
        if (!st)
            st = fn(ctx, w, &r->table.docs[doc_ord], &seg, err);
        seg_result_free(&seg);
        rd_doc_free(&doc);
    }
    return st;
}

typedef struct producer {
    run *r;
    const work_list *files;
    idx_progress *pg;
    spor_status st;
    spor_err err;
} producer;

/* The worker thread: reads and analyses every file into the queue. It
 * alone calls the warning and progress callbacks, so they never run
 * concurrently. */
static void *produce(void *arg)
{
    producer *p = arg;
    run *r = p->r;
    spor_err_clear(&p->err);
    for (size_t i = 0; i < p->files->n && !p->st; i++) {
        const work_item *w = &p->files->items[i];
        p->st = index_file(r, w, &p->err);
        if (!p->st && r->opts->progress) {
            p->pg->path = w->path;
            p->pg->bytes = w->size;
            p->pg->files_done++;
            p->pg->bytes_done += w->size;
            r->opts->progress(r->opts->progress_ctx, p->pg);
        }
    }
    if (r->queue)
        dq_finish(r->queue, 0);
    return NULL;
}

/* Full build: analysis here, the pool's writers in their threads, and
 * the tail's work here while they write the last batches. A writer's
 * failure stops the producer with that failure; the writer's message
 * says what happened. */
static spor_status write_pooled(run *r, const work_list *files,
                                idx_progress *pg, feed_tail_fn tail,
                                void *tail_ctx, spor_err *err)
{
    producer p = {r, files, pg, SPOR_OK, {SPOR_OK, ""}};
    produce(&p);
    if (!p.st && tail)
        p.st = tail(tail_ctx, &p.err);
    spor_err werr;
    spor_err_clear(&werr);
    spor_status st = wr_pool_finish(r->pool, &werr);
    if (st) {
        if (err)
            *err = werr;
        return st;
    }
    if (p.st && err)
        *err = p.err;
    return p.st;
}

/* Update: analysis in a worker thread, Xapian's writer here. */
static spor_status write_queued(run *r, const work_list *files,
                                idx_progress *pg, const char *db_path,
                                spor_err *err)
{
    if (dq_new(&r->queue))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    producer p = {r, files, pg, SPOR_OK, {SPOR_OK, ""}};
    pthread_t th;
    spor_status st = SPOR_OK;
    if (pthread_create(&th, NULL, produce, &p) != 0) {
        st = spor_fail(err, SPOR_EINTERNAL, "cannot start the analysis "
                       "thread");
    } else {
        xc_doc *d;
        while ((d = dq_pop(r->queue)) != NULL) {
            xc_error xe;
            if (!st && xc_wdb_add_document(r->db, d, NULL, &xe) != XC_OK) {
                st = xerr_fail(err, &xe, 0, "%s: writing the index",
                               db_path);
                dq_finish(r->queue, 1);
            }
            xc_doc_free(d);
        }
        pthread_join(th, NULL);
    }
    /* The writer's failure stops the producer with EINDEX of its own:
     * the writer's message is the one that says what happened. */
    if (!st && p.st) {
        st = p.st;
        if (err)
            *err = p.err;
    }
    dq_free(r->queue);
    r->queue = NULL;
    return st;
}

/* Indexes every file: analysis in a worker thread, Xapian's writer here;
 * or, on a full build, analysis here and the pool's writers in theirs. */
spor_status feed_all(run *r, const work_list *files, idx_progress *pg,
                     const char *db_path, feed_tail_fn tail, void *tail_ctx,
                     spor_err *err)
{
    if (r->pool)
        return write_pooled(r, files, pg, tail, tail_ctx, err);
    return write_queued(r, files, pg, db_path, err);
}
