/* The indexing run: walk the inputs, decide per file whether it is new,
 * changed, unchanged or gone, read, segment and analyse what must be
 * (re)indexed, and publish the result as a new index generation only when
 * it is complete (see indexer.h and generation.h). Files that cannot be
 * indexed are skipped with a warning; a failure of the index itself aborts
 * the run and leaves the previous generation in place.
 *
 * A full build counts the corpus's words in a first pass (for the compound
 * splitter, the compression dictionary, the spelling and synonym tables),
 * then analyses every file in a worker thread that feeds Xapian's writer
 * through a bounded queue, into a scratch database compacted into the new
 * generation at the end.
 *
 * An update starts from a copy of the current generation rather than
 * changing it in place: a published generation never changes, so readers
 * need no retry logic, and Xapian may flush the copy as often as it likes
 * without a reader ever seeing half an update. The corpus-wide tables are
 * carried forward so that the update answers like a fresh build of the
 * same files (docs/index-schema.md, "Updates", says where it cannot):
 *  - word counts: the stored counts, less the words of the passages that
 *    leave (decoded from the index), plus those of the files read anew;
 *  - compound splits: every word of the vocabulary is judged again with
 *    the new counts; a kept document holding a word whose split changed is
 *    analysed again, so its terms are what a fresh build would give;
 *  - spelling: adjusted by the change of each word's count; synonyms:
 *    rewritten; the compression dictionary: kept (the kept passages are
 *    compressed with it);
 *  - copy groups: the new passages are compared with the kept ones, which
 *    keep their group keys. */
#include "spor/store/indexer.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spor/analysis/analyser.h"
#include "spor/text/buf.h"
#include "spor/store/copies.h"
#include "spor/doc/formats.h"
#include "spor/analysis/lexicon.h"
#include "spor/doc/manifest.h"
#include "spor/doc/places.h"
#include "spor/query/rank.h"
#include "spor/doc/reader.h"
#include "spor/store/schema.h"
#include "spor/store/shards.h"
#include "spor/doc/segment.h"
#include "spor/analysis/splitter.h"
#include "spor/text/strmap.h"
#include "spor/analysis/synonyms.h"
#include "spor/text/tokenise.h"
#include "spor/text/utf8.h"
#include "spor/store/writers.h"
#include "spor/store/zdict.h"
#include "xapian_c.h"

/* The scratch database a generation is built (or updated) in before
 * compaction; its name starts like a generation's, so a killed run's
 * leftovers are removed with the stale generations. */
#define IDX_BUILD_SUFFIX "-build"
/* Folder walks stop here: a report collection is never this deep, and a
 * deeper tree is almost always a symlink loop or a mistake. */
#define IDX_MAX_DEPTH 32
/* A file modified this close (seconds) to the run may change again within
 * its file system's timestamp granularity after we read it; its mtime is
 * not trusted next time (recorded as 0), so the next run hashes it. */
#define IDX_RACY_SECONDS 2

typedef struct file_list {
    char **paths;
    size_t n, cap;
} file_list;

static void file_list_free(file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
}

static spor_status file_list_add(file_list *l, const char *path)
{
    if (spor_grow(&l->paths, &l->cap, l->n, sizeof *l->paths, 64))
        return SPOR_ENOMEM;
    char *s = strdup(path);
    if (!s)
        return SPOR_ENOMEM;
    l->paths[l->n++] = s;
    return SPOR_OK;
}

static void warn(const idx_opts *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(const idx_opts *o, const char *fmt, ...)
{
    if (!o->warn)
        return;
    char msg[SPOR_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    o->warn(o->warn_ctx, msg);
}

static void stage(const idx_opts *o, const char *name)
{
    if (o->stage)
        o->stage(o->stage_ctx, name);
}

/* A path as it can be shown on one line of UTF-8: invalid bytes and
 * control characters as \xNN. */
static const char *shown(const char *path, sbuf *b)
{
    sbuf_reset(b);
    size_t len = strlen(path);
    for (size_t i = 0; i < len;) {
        size_t adv;
        uint32_t cp = utf8_decode(path + i, len - i, &adv);
        spor_status st;
        if (cp == UTF8_INVALID || cp < 0x20 || cp == 0x7F)
            st = sbuf_printf(b, "\\x%02X", (unsigned char)path[i]);
        else
            st = sbuf_append(b, path + i, adv);
        if (st)
            return path;
        i += adv;
    }
    return b->data ? b->data : "";
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folders on the way down to the one being walked: a folder that is
 * its own ancestor (through a symlink) is a loop. */
typedef struct walk_path {
    dev_t dev[IDX_MAX_DEPTH + 1];
    ino_t ino[IDX_MAX_DEPTH + 1];
} walk_path;

/* Adds the documents below dir to l, sorted, skipping hidden entries
 * unless asked for. What is a document is told by name and magic bytes
 * (formats.h); other files are counted as ignored, without a warning each:
 * a folder of web pages holds many images and style sheets. */
static spor_status walk(const char *dir, int depth, walk_path *wp,
                        file_list *l, idx_summary *sum, const idx_opts *o,
                        spor_err *err)
{
    sbuf show = SBUF_INIT;
    struct stat dsb = {0};
    if (depth > IDX_MAX_DEPTH) {
        warn(o, "%s: skipped: folders nested deeper than %d",
             shown(dir, &show), IDX_MAX_DEPTH);
        sbuf_free(&show);
        return SPOR_OK;
    }
    if (stat(dir, &dsb) == 0)
        for (int i = 0; i < depth; i++)
            if (wp->dev[i] == dsb.st_dev && wp->ino[i] == dsb.st_ino) {
                warn(o, "%s: skipped: symlink loop (the folder contains "
                     "itself)", shown(dir, &show));
                sum->n_skipped++;
                sbuf_free(&show);
                return SPOR_OK;
            }
    wp->dev[depth] = dsb.st_dev;
    wp->ino[depth] = dsb.st_ino;
    DIR *d = opendir(dir);
    if (!d) {
        warn(o, "%s: skipped: %s", shown(dir, &show), strerror(errno));
        sum->n_skipped++;
        sbuf_free(&show);
        return SPOR_OK;
    }
    file_list names = {0};
    struct dirent *e;
    spor_status st = SPOR_OK;
    while ((e = readdir(d)) && !st)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (e->d_name[0] != '.' || o->include_hidden))
            st = file_list_add(&names, e->d_name);
    closedir(d);
    if (st) {
        file_list_free(&names);
        sbuf_free(&show);
        return spor_fail(err, st, "%s: out of memory", dir);
    }
    if (names.n)
        qsort(names.paths, names.n, sizeof *names.paths, cmp_str);
    sbuf path = SBUF_INIT;
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    for (size_t i = 0; i < names.n && !st; i++) {
        /* The manifest is read for the documents beside it, not ignored. */
        if (!strcmp(names.paths[i], MANIFEST_FILE_NAME))
            continue;
        sbuf_reset(&path);
        if (sbuf_append(&path, dir, dl) || sbuf_append_char(&path, '/') ||
            sbuf_append_str(&path, names.paths[i])) {
            st = spor_fail(err, SPOR_ENOMEM, "%s: out of memory", dir);
            break;
        }
        struct stat sb;
        if (stat(path.data, &sb) != 0) {
            /* Dangling links and self-referencing links (ELOOP) land
             * here; only files we would have indexed are worth a word. */
            if (rd_format_of_name(names.paths[i]) != RD_FORMAT_UNKNOWN &&
                rd_format_of_name(names.paths[i]) != RD_FORMAT_OTHER) {
                warn(o, "%s: skipped: %s", shown(path.data, &show),
                     strerror(errno));
                sum->n_skipped++;
            }
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            st = walk(path.data, depth + 1, wp, l, sum, o, err);
        else if (S_ISREG(sb.st_mode) && !rd_is_document(path.data))
            sum->n_ignored++;
        else if (S_ISREG(sb.st_mode) && file_list_add(l, path.data))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    sbuf_free(&path);
    sbuf_free(&show);
    file_list_free(&names);
    return st;
}

/* Drops repeated paths (a file named twice on the command line, or inside
 * a folder also named), keeping the first, so a file is one document. */
static spor_status dedupe(file_list *l)
{
    if (l->n < 2)
        return SPOR_OK;
    char **sorted = malloc(l->n * sizeof *sorted);
    if (!sorted)
        return SPOR_ENOMEM;
    memcpy(sorted, l->paths, l->n * sizeof *sorted);
    qsort(sorted, l->n, sizeof *sorted, cmp_str);
    int dup = 0;
    for (size_t i = 1; i < l->n && !dup; i++)
        dup = !strcmp(sorted[i], sorted[i - 1]);
    free(sorted);
    if (!dup)
        return SPOR_OK;
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++)
            seen = !strcmp(l->paths[j], l->paths[i]);
        if (seen)
            free(l->paths[i]);
        else
            l->paths[k++] = l->paths[i];
    }
    l->n = k;
    return SPOR_OK;
}

spor_status idx_current_path(const char *dir, char **out, spor_err *err)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return spor_fail(err, SPOR_EINDEX, "%s: no index here (run 'spor "
                         "index' first): %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return spor_fail(err, SPOR_EINDEX, "%s: not an index folder", dir);
    char gen[GEN_NAME_MAX];
    gen_current_name(dir, gen);
    sbuf p = SBUF_INIT;
    if (!gen[0])
        return spor_fail(err, SPOR_EINDEX, "%s: no spor index here (run "
                         "'spor index' first)", dir);
    if (sbuf_printf(&p, "%s/%s", dir, gen))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (stat(p.data, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        sbuf_free(&p);
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged: its "
                         "current generation %s is missing; rebuild it with "
                         "'spor index'", dir, gen);
    }
    *out = sbuf_detach(&p, NULL);
    return *out ? SPOR_OK : spor_fail(err, SPOR_ENOMEM, "out of memory");
}

/* ---- the document queue ------------------------------------------------ */

/* Documents analysed but not yet written. Analysis (reading, segmenting,
 * stemming, splitting, compressing) runs in a worker thread and Xapian's
 * writer in the calling thread, so the two halves of the work use both
 * cores; the queue is bounded, so memory does not grow with the corpus
 * when one side is faster. */
#define IDX_QUEUE_DOCS 512

typedef struct doc_queue {
    xc_doc *items[IDX_QUEUE_DOCS];
    size_t head, n;
    int done;     /* the producer has finished */
    int abort;    /* the consumer has failed: stop producing */
    pthread_mutex_t mu;
    pthread_cond_t not_empty, not_full;
} doc_queue;

/* Hands doc to the writer; returns non-zero (and frees doc) when the
 * writer has failed. */
static int queue_push(doc_queue *q, xc_doc *doc)
{
    pthread_mutex_lock(&q->mu);
    while (q->n == IDX_QUEUE_DOCS && !q->abort)
        pthread_cond_wait(&q->not_full, &q->mu);
    int aborted = q->abort;
    if (!aborted) {
        q->items[(q->head + q->n) % IDX_QUEUE_DOCS] = doc;
        q->n++;
        pthread_cond_signal(&q->not_empty);
    }
    pthread_mutex_unlock(&q->mu);
    if (aborted)
        xc_doc_free(doc);
    return aborted;
}

/* The next document, or NULL when the producer is done and all are out. */
static xc_doc *queue_pop(doc_queue *q)
{
    pthread_mutex_lock(&q->mu);
    while (q->n == 0 && !q->done)
        pthread_cond_wait(&q->not_empty, &q->mu);
    xc_doc *d = NULL;
    if (q->n) {
        d = q->items[q->head];
        q->head = (q->head + 1) % IDX_QUEUE_DOCS;
        q->n--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->mu);
    return d;
}

static void queue_finish(doc_queue *q, int abort)
{
    pthread_mutex_lock(&q->mu);
    if (abort)
        q->abort = 1;
    else
        q->done = 1;
    pthread_cond_broadcast(&q->not_full);
    pthread_cond_broadcast(&q->not_empty);
    pthread_mutex_unlock(&q->mu);
}

/* ---- one indexing run ------------------------------------------------- */

/* A file to read and analyse, and where its entry goes: ord is the
 * document ordinal it replaces (changed, or re-split), or -1 for a new
 * entry at the end of the table. */
typedef struct work_item {
    char *path;
    long ord;
    uint64_t size;
    int resplit;  /* unchanged, analysed again for a changed split */
} work_item;

typedef struct work_list {
    work_item *items;
    size_t n, cap;
} work_list;

static spor_status work_add(work_list *w, const char *path, long ord,
                            uint64_t size)
{
    if (spor_grow(&w->items, &w->cap, w->n, sizeof *w->items, 64))
        return SPOR_ENOMEM;
    char *s = strdup(path);
    if (!s)
        return SPOR_ENOMEM;
    w->items[w->n++] = (work_item){s, ord, size, 0};
    return SPOR_OK;
}

static void work_free(work_list *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->items[i].path);
    free(w->items);
}

typedef struct group_key {
    size_t passage;       /* its number in the copy detector */
    char key[SCHEMA_ID_MAX];
} group_key;

typedef struct run {
    const idx_opts *opts;
    xc_wdb *db;
    xc_db *prev_db;       /* the current generation, read-only (update) */
    ana_analyser ana;
    schema_doctable table;
    size_t table_cap;
    size_t n_prev;        /* entries of the table that came from the
                             previous generation */
    char *seen;           /* per previous entry: found in this run */
    char *redo;           /* per previous entry: in the work list */
    size_t *by_path;      /* previous entries, ordered by path */
    unsigned *late_gone;  /* entries whose file vanished before analysis */
    size_t n_late_gone, cap_late_gone;
    mf_manifest manifest;
    char *manifest_dir;   /* folder whose manifest is loaded */
    time_t started;
    int dirty;            /* the table changed without passages changing */
    idx_summary *sum;
    pl_gazetteer *gaz;    /* NULL: places from the manifest only */
    cp_detector *copies;  /* copy groups over the whole corpus */
    sbuf stemkeep;        /* the stemmer's keep list (stem.h), to store */
    group_key *heads;     /* the key of each passage that heads a copy
                             group, in the order added: only heads are
                             ever looked up (a group is named by its
                             head), and most passages of a large corpus
                             join a group rather than start one */
    size_t n_heads, cap_heads;
    size_t n_copies;      /* passages added to the copy detector */
    strmap *kept_keys;    /* group keys of kept passages (update) */
    doc_queue *queue;     /* documents go here, to the writer thread */
    wr_pool *pool;        /* or here, on a full build: parallel writers */
    sbuf zdict;           /* compression dictionary for the passages */
    codec_deflater *deflater; /* with zdict; the worker thread's alone
                                 while it runs */
} run;

static spor_status push_head(run *r, size_t passage, const char *key,
                             spor_err *err)
{
    if (spor_grow(&r->heads, &r->cap_heads, r->n_heads, sizeof *r->heads,
                  256))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    r->heads[r->n_heads].passage = passage;
    snprintf(r->heads[r->n_heads++].key, SCHEMA_ID_MAX, "%s", key);
    return SPOR_OK;
}

/* The key of the group headed by passage (heads are in passage order). */
static spor_status head_key(const run *r, size_t passage,
                            char key[SCHEMA_ID_MAX], spor_err *err)
{
    size_t lo = 0, hi = r->n_heads;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->heads[mid].passage < passage)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == r->n_heads || r->heads[lo].passage != passage)
        return spor_fail(err, SPOR_EINTERNAL, "copy detection: group %zu "
                         "has no key", passage);
    memcpy(key, r->heads[lo].key, SCHEMA_ID_MAX);
    return SPOR_OK;
}

/* Adds a new passage to the copy detector and gives the key of the copy
 * group it joins. A passage that starts a group is keyed by its own id,
 * unless a kept group already uses that id as its key (its first passage
 * was changed or removed, the group lives on): then by the id with a
 * suffix, so two groups never share a key. */
static spor_status copy_group(run *r, const schema_record *rec,
                              const char *doc_id, char key[SCHEMA_ID_MAX],
                              spor_err *err)
{
    size_t group, me = r->n_copies;
    spor_status st = cp_add(r->copies, rec->text, rec->text_len,
                            rec->doc_ord, &group, err);
    if (st)
        return st;
    r->n_copies++;
    if (group != me)
        return head_key(r, group, key, err);
    char id[SCHEMA_ID_MAX];
    schema_passage_id(doc_id, rec->passage_ord, id);
    snprintf(key, SCHEMA_ID_MAX, "%s", id);
    for (unsigned k = 1;
         r->kept_keys && smap_get(r->kept_keys, key, strlen(key), NULL); k++)
        snprintf(key, SCHEMA_ID_MAX, "%.20s~%u", id, k);
    return push_head(r, me, key, err);
}

static spor_status load_manifest_for(run *r, const char *path, spor_err *err)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 0;
    if (r->manifest_dir && strlen(r->manifest_dir) == dl &&
        !strncmp(r->manifest_dir, path, dl))
        return SPOR_OK;
    mf_free(&r->manifest);
    free(r->manifest_dir);
    r->manifest_dir = strndup(path, dl);
    if (!r->manifest_dir)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    sbuf mp = SBUF_INIT;
    spor_status st = dl ? sbuf_printf(&mp, "%.*s/" MANIFEST_FILE_NAME,
                                      (int)dl, path)
                        : sbuf_append_str(&mp, MANIFEST_FILE_NAME);
    if (st) {
        sbuf_free(&mp);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    spor_err merr;
    spor_err_clear(&merr);
    if (mf_load(mp.data, &r->manifest, &merr) != SPOR_OK) {
        warn(r->opts, "%s (manifest ignored)", merr.msg);
        memset(&r->manifest, 0, sizeof r->manifest);
    }
    sbuf_free(&mp);
    return SPOR_OK;
}

static char *join_places(const mf_entry *m)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; m && i < m->n_places; i++)
        if ((i && sbuf_append_char(&b, ',')) ||
            sbuf_append_str(&b, m->places[i])) {
            sbuf_free(&b);
            return NULL;
        }
    return sbuf_detach(&b, NULL);
}

/* 1 when the manifest now says something else about a document than what
 * the index holds (a new title, places, ...): its passages carry that, so
 * it must be re-indexed. A title taken from the text is not compared. */
static int metadata_differs(const schema_docinfo *d, const mf_entry *m)
{
    if (!m)
        return d->publisher[0] || d->places[0] || d->year;
    char *places = join_places(m);
    int differs = !places || strcmp(places, d->places) ||
                  strcmp(m->publisher, d->publisher) || m->year != d->year ||
                  (m->title[0] && strcmp(m->title, d->title));
    free(places);
    return differs;
}

static int64_t mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* The mtime to record for a file just read: 0 (hash it next time) when
 * it changed while being read or may still change unnoticed within the
 * timestamp granularity. */
static int64_t trusted_mtime(const run *r, const struct stat *sb,
                             uint64_t bytes_read)
{
    if ((uint64_t)sb->st_size != bytes_read ||
        sb->st_mtim.tv_sec >= r->started - IDX_RACY_SECONDS)
        return 0;
    return mtime_ns(sb);
}

static spor_status add_docinfo(run *r, schema_docinfo *d, spor_err *err)
{
    schema_doctable *t = &r->table;
    if (spor_grow(&t->docs, &r->table_cap, t->n, sizeof *t->docs, 16))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    t->docs[t->n++] = *d;
    return SPOR_OK;
}

static spor_status index_error(spor_err *err, const char *what,
                               const char *path, const xc_error *xe)
{
    return spor_fail(err, xe->status == XC_ENOMEM ? SPOR_ENOMEM : SPOR_EINDEX,
                     "%s: %s: %s", path, what, xe->msg);
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

/* Hands an analysed passage to the writers; fails when they have failed.
 * With the queue, the writer's own error is the one reported. */
static spor_status deliver(run *r, xc_doc *xd, spor_err *err)
{
    if (r->pool)
        return wr_pool_add(r->pool, xd, err);
    return queue_push(r->queue, xd) ? SPOR_EINDEX : SPOR_OK;
}

/* Reads, segments and analyses one file of the work list into the queue.
 * Problems with the file are warnings (return SPOR_OK, file skipped);
 * problems with the index are errors. Runs in the worker thread. */
static spor_status index_file(run *r, const work_item *w, spor_err *err)
{
    const char *path = w->path;
    spor_err ferr;
    spor_err_clear(&ferr);
    sbuf show = SBUF_INIT;
    struct stat sb;
    rd_doc doc;
    seg_result seg;
    spor_status st;
    if (stat(path, &sb) != 0) {
        /* Listed by the walk, gone (or unreadable) now. */
        warn(r->opts, "%s: skipped: %s", shown(path, &show),
             errno == ENOENT ? "deleted while indexing" : strerror(errno));
        sbuf_free(&show);
        r->sum->n_skipped++;
        return mark_late_gone(r, w->ord, err);
    }
    if (w->ord < 0 && !utf8_valid(path, strlen(path)))
        warn(r->opts, "%s: file name is not valid UTF-8; indexed under its "
             "bytes as they are", shown(path, &show));
    sbuf_free(&show);
    if (rd_read_any(path, &doc, &ferr) != SPOR_OK) {
        if (ferr.status == SPOR_ENOMEM)
            return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
        warn(r->opts, "%s (skipped)", ferr.msg);
        r->sum->n_skipped++;
        return mark_late_gone(r, w->ord, err);
    }
    stage(r->opts, "file");
    if (doc.latin1)
        warn(r->opts, "%s: not UTF-8 (first invalid UTF-8 byte at %zu); read "
             "as Windows-1252", path, doc.first_invalid);
    else if (doc.n_invalid)
        warn(r->opts, "%s: %zu invalid UTF-8 byte%s replaced (first at byte "
             "%zu)", path, doc.n_invalid, doc.n_invalid == 1 ? "" : "s",
             doc.first_invalid);
    if (doc.n_nul)
        warn(r->opts, "%s: %zu NUL byte%s read as spaces", path, doc.n_nul,
             doc.n_nul == 1 ? "" : "s");
    st = seg_segment(&doc, NULL, &seg, &ferr);
    if (st) {
        rd_doc_free(&doc);
        return spor_fail(err, st, "%s: %s", path, ferr.msg);
    }
    if (seg.n_passages == 0) {
        warn(r->opts, "%s: no text to index (skipped)", path);
        r->sum->n_skipped++;
        seg_result_free(&seg);
        rd_doc_free(&doc);
        return mark_late_gone(r, w->ord, err);
    }
    if ((st = load_manifest_for(r, path, err)) != SPOR_OK)
        goto out;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const mf_entry *m = mf_find(&r->manifest, base);

    schema_docinfo d = {0};
    d.path = strdup(path);
    d.title = strdup(m && m->title[0] ? m->title
                     : doc.title && doc.title[0] ? doc.title
                     : seg.title && seg.title[0] ? seg.title : base);
    d.publisher = strdup(m ? m->publisher : "");
    d.places = join_places(m);
    d.year = m ? m->year : 0;
    d.size = doc.src_bytes;
    d.mtime = trusted_mtime(r, &sb, doc.src_bytes);
    d.hash = doc.content_hash;
    d.n_passages = (unsigned)seg.n_passages;
    if (!d.path || !d.title || !d.publisher || !d.places) {
        schema_docinfo_free(&d);
        st = spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    schema_doc_id(d.path, d.id);
    unsigned doc_ord;
    if (w->ord >= 0) {
        /* Same path, same document id: the entry is replaced in place so
         * no other ordinal moves (its old passages are gone already). */
        doc_ord = (unsigned)w->ord;
        schema_docinfo_free(&r->table.docs[doc_ord]);
        r->table.docs[doc_ord] = d;
    } else {
        doc_ord = (unsigned)r->table.n;
        if ((st = add_docinfo(r, &d, err)) != SPOR_OK) {
            schema_docinfo_free(&d);
            goto out;
        }
    }
    const schema_docinfo *dp = &r->table.docs[doc_ord];
    char **places = NULL;
    if (r->gaz && (st = pl_tag_segments(r->gaz, &seg, dp->places, dp->title,
                                        &places, err)))
        goto out;
    for (size_t i = 0; i < seg.n_passages && !st; i++) {
        const seg_passage *p = &seg.passages[i];
        schema_record rec = {
            .doc_ord = doc_ord, .passage_ord = (unsigned)i,
            .line_start = p->line_start, .line_end = p->line_end,
            .byte_start = p->byte_start, .byte_end = p->byte_end,
            .page_start = p->page_start, .page_end = p->page_end,
            .section = p->section,
            .places = places ? places[i] : dp->places,
            .text = p->text, .text_len = p->len,
            .nonprose = rank_nonprose(p->text, p->len),
            .deflater = r->deflater};
        xc_doc *xd;
        if ((st = copy_group(r, &rec, dp->id, rec.copy_key, err)) ||
            (st = schema_make_document(&rec, dp, &r->ana, &xd, err)))
            break;
        if ((st = deliver(r, xd, err)) != SPOR_OK)
            break;
    }
    pl_tags_free(places, seg.n_passages);
    if (!st && w->ord < 0)
        r->sum->n_added++;
    else if (!st && !w->resplit)
        r->sum->n_changed++;
out:
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return st;
}

/* First pass: the word counts of paths for the compound splitter. Files
 * are read as the second pass reads them (rd_read_any: every format), so
 * the counts cover the text that gets indexed. Files that cannot be read
 * are passed over here; the second pass reports them. */
static spor_status count_words(spl_splitter *spl, const work_list *files,
                               spor_err *err)
{
    for (size_t i = 0; i < files->n; i++) {
        const char *path = files->items[i].path;
        rd_doc doc;
        seg_result seg;
        spor_err ferr;
        spor_err_clear(&ferr);
        if (rd_read_any(path, &doc, &ferr) != SPOR_OK) {
            if (ferr.status == SPOR_ENOMEM)
                return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
            continue;
        }
        spor_status st = seg_segment(&doc, NULL, &seg, &ferr);
        rd_doc_free(&doc);
        if (st == SPOR_ENOMEM)
            return spor_fail(err, st, "%s: out of memory", path);
        if (st)
            continue;
        for (size_t j = 0; j < seg.n_passages && !st; j++)
            st = spl_count(spl, seg.passages[j].text, seg.passages[j].len);
        seg_result_free(&seg);
        if (st)
            return spor_fail(err, st, "%s: out of memory", path);
    }
    return SPOR_OK;
}

/* An update stems with the keep list the index was built with (stem.h),
 * whatever the word list says now, so old and new passages agree; an index
 * without one was built without a word list. */
static spor_status keep_stored(run *r, stem_stemmer *stemmer,
                               const char *dir, spor_err *err)
{
    char *val = NULL;
    size_t len = 0;
    xc_error xe;
    xc_status xs = xc_db_get_metadata(r->prev_db, SCHEMA_META_STEMKEEP, &val,
                                      &len, &xe);
    if (xs != XC_OK && xs != XC_ENOTFOUND)
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged: %s", dir,
                         xe.msg);
    spor_status st = stem_set_keep(stemmer, val ? val : "", val ? len : 0);
    free(val);
    return st ? spor_fail(err, st, "out of memory") : SPOR_OK;
}

/* The splitter, with the word list when there is one: without it, splits
 * are found only between words the corpus itself contains. */
static spor_status make_splitter(const idx_opts *o, const stop_list *stops,
                                 spl_splitter **out, spor_err *err)
{
    const char *wl = o->wordlist_path;
    if (!wl && access(LEX_DEFAULT_WORDLIST, R_OK) == 0)
        wl = LEX_DEFAULT_WORDLIST;
    if (wl && !*wl)
        wl = NULL; /* "" turns the word list off */
    spor_err werr;
    spor_err_clear(&werr);
    spor_status st = spl_new(wl, stops, out, &werr);
    if (st == SPOR_EIO) {
        warn(o, "%s; compounds are split with the corpus's words only",
             werr.msg);
        st = spl_new(NULL, stops, out, err);
    } else if (st) {
        *err = werr;
    }
    return st;
}

typedef struct split_meta_ctx {
    xc_wdb *db;
    xc_db *prev;          /* update: the previous generation, whose table
                             the copy holds; NULL on a full build */
    const strmap *old_counts; /* update: the previous word counts */
    sbuf key;
    xc_error xe;
    int failed;
} split_meta_ctx;

static int store_split(void *ctx, const char *word, size_t len,
                       const char *parts, size_t parts_len)
{
    split_meta_ctx *m = ctx;
    sbuf_reset(&m->key);
    if (sbuf_append_str(&m->key, SCHEMA_META_SPLIT_PREFIX) ||
        sbuf_append(&m->key, word, len)) {
        m->failed = 1;
        return 1;
    }
    if (m->prev) {
        /* The copy has the previous table: write only what differs. */
        char *old = NULL;
        size_t olen = 0;
        xc_error xe;
        int same = xc_db_get_metadata(m->prev, m->key.data, &old, &olen,
                                      &xe) == XC_OK &&
                   olen == parts_len && !memcmp(old, parts, olen);
        free(old);
        if (same)
            return 0;
    }
    if (xc_wdb_set_metadata(m->db, m->key.data, parts, parts_len, &m->xe)) {
        m->failed = 1;
        return 1;
    }
    return 0;
}

/* Words shorter than this are left out of the spelling table: they are
 * not corrected (spell.h), so they would only make it larger. */
#define IDX_SPELLING_MIN_BYTES 4

static int store_spelling(void *ctx, const char *word, size_t len,
                          uint32_t count)
{
    split_meta_ctx *m = ctx;
    if (len < IDX_SPELLING_MIN_BYTES)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] >= '0' && word[i] <= '9')
            return 0; /* numbers are not spelt */
    /* An update changes each word's frequency by the change of its
     * count, so the table ends as a fresh build's. */
    uint32_t old = m->old_counts ? smap_get(m->old_counts, word, len, NULL)
                                 : 0;
    if (count == old)
        return 0;
    sbuf_reset(&m->key);
    if (sbuf_append(&m->key, word, len) ||
        (count > old
             ? xc_wdb_add_spelling(m->db, m->key.data, count - old, &m->xe)
             : xc_wdb_remove_spelling(m->db, m->key.data, old - count,
                                      &m->xe))) {
        m->failed = 1;
        return 1;
    }
    return 0;
}

static spor_status write_splits(xc_wdb *db, xc_db *prev,
                                const strmap *old_counts, spl_splitter *spl,
                                spor_err *err)
{
    split_meta_ctx m = {db, prev, old_counts, SBUF_INIT, {XC_OK, ""}, 0};
    spor_status st = spl_each(spl, store_split, &m);
    if (!st && !m.failed)
        spl_each_word(spl, store_spelling, &m);
    sbuf_free(&m.key);
    if (st)
        return spor_fail(err, st, "compound table: out of memory");
    if (m.failed)
        return spor_fail(err, SPOR_EINDEX, "writing the compound and "
                         "spelling tables: %s",
                         m.xe.msg[0] ? m.xe.msg : "out of memory");
    return SPOR_OK;
}

/* ---- synonyms ------------------------------------------------------- */

/* Synonyms are stored word to word, not stem to stem: Snowball gives
 * "ledig" (unemployed) and "lede" (to lead) the one stem "led", and a
 * stem-level table would hand the one's synonyms to the other. */
typedef struct syn_ctx {
    xc_wdb *db;
    spl_splitter *spl;     /* the corpus's word counts */
    xc_error xe;
    spor_status st;
} syn_ctx;

static int in_corpus(syn_ctx *c, const char *w, size_t len)
{
    return spl_word_count(c->spl, w, len) > 0;
}

/* Keeps word ~ syn when every word of syn occurs in the corpus: only those
 * can ever match. */
static int add_pair(void *ctx, const char *word, size_t wlen,
                    const char *syn, size_t slen)
{
    syn_ctx *c = ctx;
    (void)wlen;
    for (const char *p = syn; p < syn + slen;) {
        size_t k = strcspn(p, " ");
        if (!in_corpus(c, p, k))
            return 0;
        p += k + 1;
    }
    if (xc_wdb_add_synonym(c->db, word, syn, &c->xe)) {
        c->st = SPOR_EINDEX;
        return 1;
    }
    return 0;
}

/* Fills the synonym table from the thesaurus and the domain list. A
 * missing source is a warning: search works without synonyms. */
static spor_status write_synonyms(const idx_opts *o, xc_wdb *db,
                                  spl_splitter *spl, spor_err *err)
{
    syn_ctx c = {db, spl, {XC_OK, ""}, SPOR_OK};
    /* An update's copy holds the previous table, made for other counts. */
    if (xc_wdb_clear_synonyms(db, &c.xe) != XC_OK)
        return spor_fail(err, SPOR_EINDEX, "clearing the synonym table: %s",
                         c.xe.msg);
    const char *thes = o->thesaurus_path;
    if (!thes && access(SYN_DEFAULT_THESAURUS, R_OK) == 0)
        thes = SYN_DEFAULT_THESAURUS;
    if (thes && !*thes)
        thes = NULL; /* "" turns the thesaurus off */
    spor_err serr;
    spor_err_clear(&serr);
    if (thes && syn_read_mythes(thes, add_pair, &c, &serr) && !c.st)
        warn(o, "%s (thesaurus synonyms left out)", serr.msg);
    spor_err_clear(&serr);
    if (!c.st && o->synonyms_path &&
        syn_read_groups(o->synonyms_path, add_pair, &c, &serr) && !c.st)
        warn(o, "%s (domain synonyms left out)", serr.msg);
    if (c.st)
        return spor_fail(err, c.st, "writing the synonym table: %s",
                         c.xe.msg);
    return SPOR_OK;
}


/* ---- stored word counts ------------------------------------------------ */

typedef struct counts_ctx {
    sbuf *out;
    int failed;
} counts_ctx;

static int put_count(void *ctx, const char *word, size_t len, uint32_t count)
{
    counts_ctx *c = ctx;
    if (!count)
        return 0; /* a word that left the corpus */
    if (sbuf_append(c->out, word, len) ||
        sbuf_printf(c->out, "\t%lu\n", (unsigned long)count)) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

/* The splitter's word counts, as SCHEMA_META_COUNTS stores them. */
static spor_status encode_counts(spl_splitter *spl, sbuf *out, spor_err *err)
{
    sbuf plain = SBUF_INIT;
    counts_ctx c = {&plain, 0};
    spl_each_word(spl, put_count, &c);
    spor_status st = c.failed ? spor_fail(err, SPOR_ENOMEM, "out of memory")
                              : codec_compress(plain.data ? plain.data : "",
                                               plain.len, out, err);
    sbuf_free(&plain);
    return st;
}

/* Reads SCHEMA_META_COUNTS into the splitter and into old (a copy kept to
 * adjust the spelling table by). */
static spor_status load_counts(xc_db *db, spl_splitter *spl, strmap *old,
                               spor_err *err)
{
    char *val = NULL;
    size_t len = 0;
    xc_error xe;
    sbuf plain = SBUF_INIT;
    if (xc_db_get_metadata(db, SCHEMA_META_COUNTS, &val, &len, &xe) != XC_OK)
        return spor_fail(err, SPOR_EINDEX, "its word counts are missing");
    spor_status st = codec_decompress(val, len, &plain, err);
    free(val);
    for (size_t i = 0; !st && i < plain.len;) {
        const char *line = plain.data + i;
        const char *nl = memchr(line, '\n', plain.len - i);
        const char *tab = nl ? memchr(line, '\t', (size_t)(nl - line)) : NULL;
        if (!tab) {
            st = spor_fail(err, SPOR_EINDEX, "its word counts are damaged");
            break;
        }
        uint32_t n = (uint32_t)strtoul(tab + 1, NULL, 10);
        if (spl_add_count(spl, line, (size_t)(tab - line), n) ||
            smap_add(old, line, (size_t)(tab - line), n))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        i = (size_t)(nl - plain.data) + 1;
    }
    sbuf_free(&plain);
    return st;
}

static spor_status write_metadata(run *r, const stop_list *stops,
                                  spl_splitter *spl, size_t n_prev_keys,
                                  spor_err *err)
{
    sbuf b = SBUF_INIT;
    xc_error xe;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&b, "%d", SCHEMA_VERSION))
        st = SPOR_ENOMEM;
    else if (xc_wdb_set_metadata(r->db, SCHEMA_META_VERSION, b.data, b.len,
                                 &xe) != XC_OK)
        goto xfail;
    if (!st && xc_wdb_set_metadata(r->db, SCHEMA_META_ZDICT,
                                   r->zdict.data ? r->zdict.data : "",
                                   r->zdict.len, &xe) != XC_OK)
        goto xfail;
    /* The document table, one key per document: a search reads only its
     * hits' entries. */
    for (size_t i = 0; !st && i < r->table.n; i++) {
        schema_doctable one = {&r->table.docs[i], 1};
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doc_key((unsigned)i, key);
        sbuf_reset(&b);
        if ((st = schema_doctable_encode(&one, &b, err)) == SPOR_OK &&
            xc_wdb_set_metadata(r->db, key, b.data, b.len, &xe) != XC_OK)
            goto xfail;
    }
    /* An update that removed documents leaves their keys in the copy. */
    for (size_t i = r->table.n; !st && i < n_prev_keys; i++) {
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doc_key((unsigned)i, key);
        if (xc_wdb_set_metadata(r->db, key, "", 0, &xe) != XC_OK)
            goto xfail;
    }
    sbuf_reset(&b);
    if (!st && sbuf_printf(&b, "%zu", r->table.n))
        st = SPOR_ENOMEM;
    if (!st && xc_wdb_set_metadata(r->db, SCHEMA_META_NDOCS, b.data, b.len,
                                   &xe) != XC_OK)
        goto xfail;
    sbuf_reset(&b);
    for (size_t i = 0; !st && i < stop_count(stops); i++)
        if (sbuf_append_str(&b, stop_word(stops, i)) ||
            sbuf_append_char(&b, '\n'))
            st = SPOR_ENOMEM;
    if (!st && b.len &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_STOPWORDS, b.data, b.len,
                            &xe) != XC_OK)
        goto xfail;
    size_t glen = 0;
    const char *gsrc = r->gaz ? pl_source(r->gaz, &glen) : NULL;
    if (!st && glen &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_GAZETTEER, gsrc, glen,
                            &xe) != XC_OK)
        goto xfail;
    /* An update's copy holds the list it was stemmed with already. */
    if (!st && r->stemkeep.len &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_STEMKEEP, r->stemkeep.data,
                            r->stemkeep.len, &xe) != XC_OK)
        goto xfail;
    sbuf_reset(&b);
    if (!st && (st = encode_counts(spl, &b, err)) == SPOR_OK &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_COUNTS, b.data, b.len, &xe) !=
            XC_OK)
        goto xfail;
    sbuf_free(&b);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, st, "out of memory");
    return st;
xfail:
    sbuf_free(&b);
    return spor_fail(err, SPOR_EINDEX, "writing index metadata: %s", xe.msg);
}

/* ---- the previous generation ------------------------------------------ */

static spor_status stop_text(const stop_list *stops, sbuf *b)
{
    for (size_t i = 0; i < stop_count(stops); i++)
        if (sbuf_append_str(b, stop_word(stops, i)) ||
            sbuf_append_char(b, '\n'))
            return SPOR_ENOMEM;
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

/* Why the previous generation at path cannot be updated, or NULL when it
 * can: then r holds it open (prev_db), its document table and its
 * compression dictionary. */
static const char *previous_unusable(run *r, const char *path,
                                     const stop_list *stops, char *why,
                                     size_t why_cap)
{
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    spor_err e;
    if (xc_db_open(path, &r->prev_db, &xe) != XC_OK) {
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
    if (stop_text(stops, &want)) {
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
    val = NULL;
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
static spor_status index_previous(run *r)
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
    qsort(p, r->n_prev, sizeof *p, cmp_str); /* path is the first member */
    for (size_t i = 0; i < r->n_prev; i++)
        r->by_path[i] = p[i].ord;
    free(p);
    return SPOR_OK;
}

/* Sorts each file into unchanged (size and mtime, else the content hash,
 * and the manifest's word on it, as recorded), or into the work list:
 * changed (with its ordinal) or added. Files the previous table has but
 * this run does not find stay unseen: they are removed later. */
static spor_status classify(run *r, const file_list *files, work_list *todo,
                            spor_err *err)
{
    sbuf show = SBUF_INIT;
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < files->n && !st; i++) {
        const char *path = files->paths[i];
        struct stat sb;
        if (stat(path, &sb) != 0) {
            warn(r->opts, "%s: skipped: %s", shown(path, &show),
                 errno == ENOENT ? "deleted while indexing" : strerror(errno));
            r->sum->n_skipped++;
            continue;
        }
        long prev = find_previous(r, path);
        if (prev < 0) {
            st = work_add(todo, path, -1, (uint64_t)sb.st_size);
            continue;
        }
        if ((st = load_manifest_for(r, path, err)) != SPOR_OK)
            break;
        const char *base = strrchr(path, '/');
        const mf_entry *m = mf_find(&r->manifest, base ? base + 1 : path);
        schema_docinfo *d = &r->table.docs[prev];
        r->seen[prev] = 1;
        if (metadata_differs(d, m)) {
            r->redo[prev] = 1;
            st = work_add(todo, path, prev, (uint64_t)sb.st_size);
            continue;
        }
        if (d->size == (uint64_t)sb.st_size && d->mtime == mtime_ns(&sb) &&
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
            warn(r->opts, "%s (skipped)", ferr.msg);
            r->sum->n_skipped++;
            r->seen[prev] = 0; /* unreadable now: it leaves the index */
            continue;
        }
        uint64_t hash = rd_hash_bytes(bytes, len);
        free(bytes);
        if (hash == d->hash && len == d->size) {
            /* Touched, not changed: remember the new mtime so the next
             * run need not hash it again. */
            int64_t mtime = trusted_mtime(r, &sb, len);
            r->dirty |= d->mtime != mtime;
            d->mtime = mtime;
            r->sum->n_unchanged++;
            continue;
        }
        r->redo[prev] = 1;
        st = work_add(todo, path, prev, (uint64_t)sb.st_size);
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
    char *data = NULL;
    size_t len = 0;
    xc_error xe;
    if (xc_wdb_get_document(c->r->db, docid, &doc, &xe) != XC_OK ||
        xc_doc_get_data(doc, &data, &len, &xe) != XC_OK) {
        xc_doc_free(doc);
        c->st = index_error(c->err, "reading its passages", c->path, &xe);
        return 1;
    }
    xc_doc_free(doc);
    schema_record rec;
    c->st = schema_record_decode_dict(data, len, c->r->zdict.data,
                                      c->r->zdict.len, &rec, c->err);
    free(data);
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
        return index_error(err, "reading its passages", d->path, &xe);
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
    cmp_split sp;
    tok_init(&it, text ? text : "", len);
    while ((rc = tok_next(&it, &t)) == 1)
        if (!r->ana.stops || !stop_contains(r->ana.stops, t.term, t.term_len))
            spl_split(r->ana.split_ctx, t.term, t.term_len, &sp);
    tok_done(&it);
    return rc < 0 ? spor_fail(err, SPOR_ENOMEM, "out of memory") : SPOR_OK;
}

/* Seeds the copy detector with a kept passage under its stored group key
 * (its own id when it has none). */
static spor_status seed_copy(run *r, unsigned docid, const schema_record *rec,
                             void *ctx, spor_err *err)
{
    unsigned ord = *(const unsigned *)ctx;
    char key[SCHEMA_ID_MAX];
    char *v = NULL;
    size_t vlen = 0;
    xc_error xe;
    size_t group, me = r->n_copies;
    spor_status st = cp_add(r->copies, rec->text, rec->text_len, ord, &group,
                            err);
    if (st)
        return st;
    r->n_copies++;
    if (xc_db_get_value(r->prev_db, docid, SCHEMA_SLOT_COPY, &v, &vlen,
                        &xe) == XC_OK && vlen && vlen < SCHEMA_ID_MAX) {
        memcpy(key, v, vlen);
        key[vlen] = '\0';
    } else {
        schema_passage_id(r->table.docs[ord].id, rec->passage_ord, key);
    }
    free(v);
    if (smap_add(r->kept_keys, key, strlen(key), 1))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if ((st = judge_text(r, rec->section, rec->section ? strlen(rec->section)
                                                       : 0, err)))
        return st;
    return group == me ? push_head(r, me, key, err) : SPOR_OK;
}

/* ---- compound splits that changed ------------------------------------ */

typedef struct judge_ctx {
    run *r;
    spl_splitter *spl;
    const stop_list *stops;
    work_list *todo;
    sbuf key, parts;
    spor_status st;
    spor_err *err;
} judge_ctx;

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
        if (work_add(j->todo, r->table.docs[ord].path, (long)ord,
                     r->table.docs[ord].size)) {
            j->st = spor_fail(j->err, SPOR_ENOMEM, "out of memory");
            return 1;
        }
        j->todo->items[j->todo->n - 1].resplit = 1;
    }
    return 0;
}

/* Judges word again with the new counts; when its split is not what the
 * previous generation recorded, the kept documents that hold it are put
 * on the work list (their compound terms change). */
static int judge_word(void *ctx, const char *word, size_t len, uint32_t count)
{
    judge_ctx *j = ctx;
    if (j->stops && stop_contains(j->stops, word, len))
        return 0;
    cmp_split sp = {0};
    size_t n = count ? spl_split(j->spl, word, len, &sp) : 0;
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
    if (count) {
        sbuf_reset(&j->key);
        if (sbuf_append(&j->key, word, len))
            goto nomem;
        if (xc_wdb_each_docid(j->r->db, j->key.data, mark_resplit, j, &xe) !=
            XC_OK) {
            j->st = index_error(j->err, "finding a word", "index", &xe);
            return 1;
        }
        return j->st != SPOR_OK;
    }
    return 0;
nomem:
    j->st = spor_fail(j->err, SPOR_ENOMEM, "out of memory");
    return 1;
}

/* ---- removing entries ------------------------------------------------- */

static spor_status delete_passages(run *r, size_t ord, spor_err *err)
{
    const schema_docinfo *d = &r->table.docs[ord];
    char term[SCHEMA_ID_MAX + 2];
    snprintf(term, sizeof term, SCHEMA_PREFIX_DOC "%s", d->id);
    xc_error xe;
    if (xc_wdb_delete_by_term(r->db, term, &xe) != XC_OK)
        return index_error(err, "removing its passages", d->path, &xe);
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
        c->st = index_error(c->err, "reading its passages", path, &xe);
        return 1;
    }
    c->st = schema_renumber_document(doc, c->ord, c->r->zdict.data,
                                     c->r->zdict.len, c->r->deflater, c->err);
    if (!c->st && xc_wdb_replace_document(c->r->db, docid, doc, &xe) != XC_OK)
        c->st = index_error(c->err, "rewriting its passages", path, &xe);
    xc_doc_free(doc);
    return c->st != SPOR_OK;
}

/* Drops the entries marked in gone (their passages are deleted already)
 * and keeps the table dense: the last entry moves into each hole and its
 * passages are renumbered (passages cite their document by ordinal); a
 * work item that followed the moved entry follows it. */
static spor_status remove_entries(run *r, char *gone, work_list *todo,
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
                    st = index_error(err, "renumbering its passages",
                                     t->docs[i].path, &xe);
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
        queue_finish(r->queue, 0);
    return NULL;
}

/* Indexes every file: analysis in a worker thread, Xapian's writer here;
 * or, on a full build, analysis here and the pool's writers in theirs. */
static spor_status write_all(run *r, const work_list *files,
                             idx_progress *pg, const char *db_path,
                             spor_err *err)
{
    if (r->pool) {
        producer p = {r, files, pg, SPOR_OK, {SPOR_OK, ""}};
        produce(&p);
        spor_err werr;
        spor_err_clear(&werr);
        /* A writer's failure stops the producer with that failure; the
         * writer's message says what happened. */
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
    doc_queue *q = calloc(1, sizeof *q);
    if (!q)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    r->queue = q;
    producer p = {r, files, pg, SPOR_OK, {SPOR_OK, ""}};
    pthread_t th;
    spor_status st = SPOR_OK;
    if (pthread_create(&th, NULL, produce, &p) != 0) {
        st = spor_fail(err, SPOR_EINTERNAL, "cannot start the analysis "
                       "thread");
        goto out;
    }
    xc_doc *d;
    while ((d = queue_pop(q)) != NULL) {
        xc_error xe;
        if (!st && xc_wdb_add_document(r->db, d, NULL, &xe) != XC_OK) {
            st = spor_fail(err, SPOR_EINDEX, "%s: writing the index: %s",
                           db_path, xe.msg);
            queue_finish(q, 1);
        }
        xc_doc_free(d);
    }
    pthread_join(th, NULL);
    /* The writer's failure stops the producer with EINDEX of its own:
     * the writer's message is the one that says what happened. */
    if (!st && p.st) {
        st = p.st;
        if (err)
            *err = p.err;
    }
out:
    r->queue = NULL;
    pthread_cond_destroy(&q->not_full);
    pthread_cond_destroy(&q->not_empty);
    pthread_mutex_destroy(&q->mu);
    free(q);
    return st;
}

/* Passages per part database on a full build (writers.h): each part is
 * written, committed and later merged whole, so parts should be few (one
 * per half megabyte or so of text; compaction opens them all at once),
 * yet the batches in flight (queued and being written, a few per writer)
 * are held in memory, so not large either: about 10 MB a batch. */
#define IDX_PART_DOCS 2048
/* Writer threads: one per core, at least two (with one, the pool would
 * only be the old single writer with more parts to merge), at most four
 * (each holds a batch in memory). */
#define IDX_MIN_WRITERS 2
#define IDX_MAX_WRITERS 4

static unsigned idx_writers(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < IDX_MIN_WRITERS)
        return IDX_MIN_WRITERS;
    return n > IDX_MAX_WRITERS ? IDX_MAX_WRITERS : (unsigned)n;
}

/* Compacts the scratch database (tables, metadata; no passages) and the
 * pool's parts into the generation: the parts' docid ranges follow each
 * other, so the merged ids are those of one writer. */
static xc_status compact_parts(const char *scratch, const wr_pool *pool,
                               const char *dest, xc_error *xe)
{
    size_t n = 0;
    const char *const *parts = wr_pool_parts(pool, &n);
    const char **srcs = malloc((n + 1) * sizeof *srcs);
    if (!srcs) {
        xe->status = XC_ENOMEM;
        snprintf(xe->msg, sizeof xe->msg, "out of memory");
        return XC_ENOMEM;
    }
    srcs[0] = scratch;
    for (size_t i = 0; i < n; i++)
        srcs[i + 1] = parts[i];
    xc_status xs = xc_db_compact_many(srcs, n + 1, dest, xe);
    free(srcs);
    return xs;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The update's work before analysis, on the copy: brings the word counts
 * up to date, finds kept documents whose compound splits changed, deletes
 * the passages that leave, drops the entries of removed files, and seeds
 * the copy detector with the kept passages. */
static spor_status prepare_update(run *r, spl_splitter *spl,
                                  const stop_list *stops, work_list *todo,
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
        st = count_words(spl, todo, err);
    if (st)
        return st;
    judge_ctx j = {r, spl, stops, todo, SBUF_INIT, SBUF_INIT,
                   SPOR_OK, err};
    spl_each_word(spl, judge_word, &j);
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
        st = remove_entries(r, gone, todo, err);
    free(gone);
    if (!st && smap_new(&r->kept_keys))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (unsigned i = 0; i < r->n_prev && !st; i++)
        if (!r->redo[i]) {
            const char *title = r->table.docs[i].title;
            if ((st = judge_text(r, title, strlen(title), err)) == SPOR_OK)
                st = each_passage(r, i, seed_copy, &i, err);
        }
    return st;
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
    if (len <= pl || spl_judged(c->spl, key + pl, len - pl) == 1)
        return 0;
    char *k = strndup(key, len);
    if (!k || xc_wdb_set_metadata(c->r->db, k, "", 0, &c->xe) != XC_OK) {
        if (!k)
            snprintf(c->xe.msg, sizeof c->xe.msg, "out of memory");
        free(k);
        c->failed = 1;
        return 1;
    }
    free(k);
    return 0;
}

/* Update: drops the compound table's entries for words that no document
 * of the index splits any more (they left the corpus, or now stay
 * whole); write_splits then writes the entries that are new or differ. */
static spor_status prune_splits(run *r, spl_splitter *spl, spor_err *err)
{
    prune_ctx c = {r, spl, {XC_OK, ""}, 0};
    xc_error xe;
    if (xc_db_each_metadata_key(r->prev_db, SCHEMA_META_SPLIT_PREFIX,
                                prune_one, &c, &xe) != XC_OK)
        return spor_fail(err, SPOR_EINDEX, "reading the compound table: %s",
                         xe.msg);
    if (c.failed)
        return spor_fail(err, SPOR_EINDEX, "writing the compound table: %s",
                         c.xe.msg);
    return SPOR_OK;
}

spor_status idx_build(const char *dir, const char *const *paths,
                      size_t n_paths, const idx_opts *opts,
                      idx_summary *summary, spor_err *err)
{
    double t0 = now_seconds();
    memset(summary, 0, sizeof *summary);
    spor_status st = gen_make_dirs(dir, err);
    if (st)
        return st;
    int lock_fd = -1;
    if ((st = gen_lock(dir, &lock_fd, err)) != SPOR_OK)
        return st;
    stage(opts, "locked");

    char cur[GEN_NAME_MAX], gen[GEN_NAME_MAX];
    gen_current_name(dir, cur);
    gen_remove_stale(dir, cur[0] ? cur : NULL);

    run r = {0};
    r.opts = opts;
    r.sum = summary;
    r.started = time(NULL);
    stop_list *stops = NULL;
    stem_stemmer *stemmer = NULL;
    spl_splitter *splitter = NULL;
    strmap *old_counts = NULL;
    file_list files = {0};
    work_list todo = {0};
    sbuf gen_path = SBUF_INIT, build_path = SBUF_INIT, cur_path = SBUF_INIT;
    int gen_made = 0;
    size_t n_prev_keys = 0;
    xc_error xe;
    gen_new_name(cur, gen);

    if ((st = stop_load(opts->stopwords_path, &stops, err)) ||
        (st = stem_new("danish", &stemmer, err)))
        goto out;
    if ((st = cp_new(&r.copies, err)) ||
        (opts->gazetteer_path &&
         (st = pl_load(opts->gazetteer_path, &r.gaz, err))))
        goto out;
    r.ana.stemmer = stemmer;
    r.ana.stops = stops;

    for (size_t i = 0; i < n_paths && !st; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) != 0) {
            warn(opts, "%s: skipped: %s", paths[i], strerror(errno));
            summary->n_skipped++;
        } else if (S_ISDIR(sb.st_mode)) {
            walk_path wp;
            st = walk(paths[i], 0, &wp, &files, summary, opts, err);
        } else if (file_list_add(&files, paths[i])) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
    }
    if (!st && dedupe(&files))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (st)
        goto out;
    stage(opts, "walked");

    if (sbuf_printf(&gen_path, "%s/%s", dir, gen) ||
        sbuf_printf(&build_path, "%s" IDX_BUILD_SUFFIX, gen_path.data) ||
        (cur[0] && sbuf_printf(&cur_path, "%s/%s", dir, cur))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    /* A sharded generation interleaves docids across its shards: copying
     * it forward as one database would mix them up, so it is built anew
     * (docs/scaling.md). */
    if (cur[0] && !opts->rebuild && shd_is_sharded(cur_path.data)) {
        warn(opts, "%s: building the index anew: a sharded index is not "
             "updated in place", dir);
    } else if (cur[0] && !opts->rebuild) {
        char why[SPOR_ERR_MSG_MAX];
        const char *no = previous_unusable(&r, cur_path.data, stops, why,
                                           sizeof why);
        if (no) {
            warn(opts, "%s: building the index anew: %s", dir, no);
            schema_doctable_free(&r.table);
            memset(&r.table, 0, sizeof r.table);
            r.table_cap = 0;
            sbuf_reset(&r.zdict);
            xc_db_close(r.prev_db);
            r.prev_db = NULL;
        } else {
            r.n_prev = r.table.n;
            n_prev_keys = r.table.n;
            summary->updated = 1;
            if (index_previous(&r)) {
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
                goto out;
            }
        }
    }
    if (summary->updated) {
        if ((st = classify(&r, &files, &todo, err)) != SPOR_OK)
            goto out;
        int removed = 0;
        for (size_t i = 0; i < r.n_prev; i++)
            removed |= !r.seen[i];
        if (!todo.n && !removed) {
            summary->n_docs = (unsigned)r.table.n;
            for (size_t i = 0; i < r.table.n; i++) {
                summary->n_passages += r.table.docs[i].n_passages;
                summary->raw_bytes += r.table.docs[i].size;
            }
            if (!r.dirty) {
                summary->untouched = 1;
                goto out; /* current stays as it is */
            }
        }
        /* Loaded only now: the word list takes longer than a no-op
         * update. */
        if ((st = make_splitter(opts, stops, &splitter, err)) != SPOR_OK ||
            (st = keep_stored(&r, stemmer, dir, err)) != SPOR_OK)
            goto out;
        r.ana.split = spl_split;
        r.ana.split_ctx = splitter;
        /* Which words change their split is known only once the counts
         * are, which needs the stored passages of the files that leave:
         * so the update works on a copy from here on. */
        gen_made = 1;
        if ((st = gen_copy(cur_path.data, build_path.data, err)) != SPOR_OK)
            goto out;
        stage(opts, "copied");
        if (xc_wdb_open(build_path.data, &r.db, &xe) != XC_OK) {
            st = spor_fail(err, SPOR_EINDEX, "%s: cannot open index copy: %s",
                           build_path.data, xe.msg);
            goto out;
        }
        if (smap_new(&old_counts)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            goto out;
        }
        spor_err cerr;
        spor_err_clear(&cerr);
        if (load_counts(r.prev_db, splitter, old_counts, &cerr) != SPOR_OK) {
            st = spor_fail(err, SPOR_EINDEX, "%s: index is damaged: %s; "
                           "rebuild it with 'spor index --rebuild'", dir,
                           cerr.msg);
            goto out;
        }
        if ((st = codec_deflater_new(r.zdict.data ? r.zdict.data : "",
                                     r.zdict.len, &r.deflater, err)) ||
            (st = prepare_update(&r, splitter, stops, &todo, err)))
            goto out;
    } else {
        if ((st = make_splitter(opts, stops, &splitter, err)) != SPOR_OK)
            goto out;
        if (stem_find_keep(stemmer, spl_wordlist(splitter), &r.stemkeep) ||
            stem_set_keep(stemmer, r.stemkeep.data ? r.stemkeep.data : "",
                          r.stemkeep.len)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            goto out;
        }
        r.ana.split = spl_split;
        r.ana.split_ctx = splitter;
        for (size_t i = 0; i < files.n && !st; i++) {
            struct stat sb;
            uint64_t size = stat(files.paths[i], &sb) == 0
                                ? (uint64_t)sb.st_size : 0;
            if (work_add(&todo, files.paths[i], -1, size))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
        if (st || (st = count_words(splitter, &todo, err)) ||
            (st = zdict_train(splitter, &r.zdict, err)) ||
            (st = codec_deflater_new(r.zdict.data ? r.zdict.data : "",
                                     r.zdict.len, &r.deflater, err)))
            goto out;
        /* Built in a scratch database, then compacted into the
         * generation: Xapian's writer leaves B-tree blocks part empty, and
         * compaction roughly halves the index. */
        gen_made = 1;
        if (xc_wdb_create(build_path.data, &r.db, &xe) != XC_OK) {
            st = spor_fail(err, SPOR_EINDEX, "%s: cannot create index: %s",
                           build_path.data, xe.msg);
            goto out;
        }
        /* The passages go into part databases inside the scratch one,
         * written in parallel; the scratch database itself gets the
         * tables and metadata, and compaction merges them all. */
        if ((st = wr_pool_new(build_path.data, idx_writers(), IDX_PART_DOCS,
                              1, &r.pool, err)) != SPOR_OK)
            goto out;
    }
    idx_progress pg = {0};
    for (size_t i = 0; i < todo.n; i++)
        pg.bytes_total += todo.items[i].size;
    pg.files_total = (unsigned)todo.n;
    if ((st = write_all(&r, &todo, &pg, build_path.data, err)) != SPOR_OK)
        goto out;
    if (r.n_late_gone) {
        char *gone = calloc(r.table.n ? r.table.n : 1, 1);
        if (!gone) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < r.n_late_gone; i++)
            gone[r.late_gone[i]] = 1;
        st = remove_entries(&r, gone, NULL, err);
        free(gone);
        if (st)
            goto out;
    }
    if (r.table.n == 0) {
        st = spor_fail(err, SPOR_EINVAL, "no documents to index in the given "
                       "path%s (looked for text, Markdown, HTML and PDF)",
                       n_paths == 1 ? "" : "s");
        goto out;
    }
    if (r.prev_db)
        st = prune_splits(&r, splitter, err);
    if (!st)
        st = write_splits(r.db, r.prev_db, old_counts, splitter, err);
    if (!st)
        st = write_synonyms(opts, r.db, splitter, err);
    if (!st)
        st = write_metadata(&r, stops, splitter, n_prev_keys, err);
    if (st)
        goto out;
    for (size_t i = 0; i < r.table.n; i++) {
        summary->n_passages += r.table.docs[i].n_passages;
        summary->raw_bytes += r.table.docs[i].size;
    }
    summary->n_docs = (unsigned)r.table.n;
    stage(opts, "written");
    if (xc_wdb_commit(r.db, &xe) != XC_OK) {
        st = spor_fail(err, SPOR_EINDEX, "%s: committing the index: %s",
                       build_path.data, xe.msg);
        goto out;
    }
    stage(opts, "committed");
    xc_wdb_close(r.db);
    r.db = NULL;
    if ((r.pool ? compact_parts(build_path.data, r.pool, gen_path.data, &xe)
                : xc_db_compact(build_path.data, gen_path.data, &xe)) !=
        XC_OK) {
        st = spor_fail(err, SPOR_EINDEX, "%s: compacting the index: %s",
                       gen_path.data, xe.msg);
        goto out;
    }
    gen_remove_tree(build_path.data);
    /* Sharding works on the finished, compacted generation. */
    if (opts->shards > 1 &&
        (st = shd_split(gen_path.data, opts->shards, err)) != SPOR_OK)
        goto out;
    if ((st = gen_publish(dir, gen, err)) != SPOR_OK)
        goto out;
    gen_made = 0;
    stage(opts, "published");
    xc_db_close(r.prev_db);
    r.prev_db = NULL;
    gen_remove_stale(dir, gen);
out:
    summary->seconds = now_seconds() - t0;
    wr_pool_free(r.pool);
    /* Closing may commit to an unfinished scratch database; it is removed
     * anyway. */
    xc_wdb_close(r.db);
    xc_db_close(r.prev_db);
    if (gen_made) {
        gen_remove_tree(build_path.data);
        gen_remove_tree(gen_path.data);
    }
    sbuf_free(&gen_path);
    sbuf_free(&build_path);
    sbuf_free(&cur_path);
    file_list_free(&files);
    work_free(&todo);
    schema_doctable_free(&r.table);
    free(r.seen);
    free(r.redo);
    free(r.by_path);
    free(r.late_gone);
    codec_deflater_free(r.deflater);
    sbuf_free(&r.zdict);
    sbuf_free(&r.stemkeep);
    mf_free(&r.manifest);
    free(r.manifest_dir);
    pl_free(r.gaz);
    cp_free(r.copies);
    free(r.heads);
    smap_free(r.kept_keys);
    smap_free(old_counts);
    stem_free(stemmer);
    spl_free(splitter);
    stop_free(stops);
    gen_unlock(lock_fd);
    return st;
}
