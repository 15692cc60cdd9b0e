/* The indexing run: walk the inputs, read, segment and analyse each file,
 * and write one new index generation which replaces the current one only
 * when it is complete (see indexer.h for the directory layout). Files that
 * cannot be indexed are skipped with a warning; a failure of the index
 * itself aborts the run and leaves the previous generation in place. */
#include "spor/indexer.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spor/analyser.h"
#include "spor/buf.h"
#include "spor/copies.h"
#include "spor/formats.h"
#include "spor/manifest.h"
#include "spor/places.h"
#include "spor/rank.h"
#include "spor/reader.h"
#include "spor/schema.h"
#include "spor/shards.h"
#include "spor/segment.h"
#include "spor/splitter.h"
#include "spor/synonyms.h"
#include "spor/lexicon.h"
#include "spor/zdict.h"
#include "xapian_c.h"

#define IDX_GEN_PREFIX "gen-"
/* The scratch database a generation is built in before compaction; its
 * name starts like a generation's, so a killed run's leftovers are
 * removed with the stale generations. */
#define IDX_BUILD_SUFFIX "-build"
/* Folder walks stop here: deeper trees are almost always a symlink loop or
 * a mistake, and a report collection is never this deep. */
#define IDX_MAX_DEPTH 32

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
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->paths, cap * sizeof *p);
        if (!p)
            return SPOR_ENOMEM;
        l->paths = p;
        l->cap = cap;
    }
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the documents below dir to l, sorted, skipping hidden entries
 * unless asked for. What is a document is told by name and magic bytes
 * (formats.h); other files are counted as ignored, without a warning each:
 * a folder of web pages holds many images and style sheets. */
static spor_status walk(const char *dir, int depth, file_list *l,
                        const idx_opts *o, unsigned *ignored, spor_err *err)
{
    if (depth > IDX_MAX_DEPTH) {
        warn(o, "%s: skipped: folders nested deeper than %d", dir,
             IDX_MAX_DEPTH);
        return SPOR_OK;
    }
    DIR *d = opendir(dir);
    if (!d) {
        warn(o, "%s: skipped: %s", dir, strerror(errno));
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
            warn(o, "%s: skipped: %s", path.data, strerror(errno));
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            st = walk(path.data, depth + 1, l, o, ignored, err);
        else if (S_ISREG(sb.st_mode) && !rd_is_document(path.data))
            (*ignored)++;
        else if (S_ISREG(sb.st_mode) && file_list_add(l, path.data))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    sbuf_free(&path);
    file_list_free(&names);
    return st;
}

/* Removes a generation directory: Xapian's glass backend keeps flat files,
 * but a nested directory is handled in case a future backend makes one. */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        sbuf p = SBUF_INIT;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            sbuf_reset(&p);
            if (sbuf_printf(&p, "%s/%s", path, e->d_name))
                break;
            struct stat sb;
            if (lstat(p.data, &sb) == 0 && S_ISDIR(sb.st_mode))
                remove_tree(p.data);
            else
                unlink(p.data);
        }
        sbuf_free(&p);
        closedir(d);
    }
    rmdir(path);
}

/* Creates dir and its missing parents. */
static spor_status make_dirs(const char *dir, spor_err *err)
{
    sbuf p = SBUF_INIT;
    if (sbuf_append_str(&p, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 1; i <= p.len; i++) {
        if (i < p.len && p.data[i] != '/')
            continue;
        char c = p.data[i];
        p.data[i] = '\0';
        if (mkdir(p.data, 0777) != 0 && errno != EEXIST) {
            spor_status st = spor_fail(err, SPOR_EIO, "%s: cannot create "
                                       "index folder: %s", p.data,
                                       strerror(errno));
            sbuf_free(&p);
            return st;
        }
        p.data[i] = c;
    }
    sbuf_free(&p);
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return spor_fail(err, SPOR_EIO, "%s: not a folder", dir);
    return SPOR_OK;
}

/* Takes the writer lock; the file holds the owner's pid for the message a
 * second writer gets. */
static spor_status take_lock(const char *dir, int *fd_out, spor_err *err)
{
    sbuf p = SBUF_INIT;
    if (sbuf_printf(&p, "%s/" IDX_LOCK_FILE, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    int fd = open(p.data, O_RDWR | O_CREAT, 0666);
    if (fd < 0) {
        spor_status st = spor_fail(err, SPOR_EIO, "%s: cannot open lock: %s",
                                   p.data, strerror(errno));
        sbuf_free(&p);
        return st;
    }
    struct flock fl = {0};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    if (fcntl(fd, F_SETLK, &fl) != 0) {
        char pid[32] = "";
        ssize_t n = read(fd, pid, sizeof pid - 1);
        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        spor_status st = spor_fail(err, SPOR_EINDEX,
                                   "%s: index is being updated by another "
                                   "spor (pid %s); try again when it ends",
                                   dir, pid[0] ? pid : "unknown");
        close(fd);
        sbuf_free(&p);
        return st;
    }
    char pid[32];
    int n = snprintf(pid, sizeof pid, "%ld\n", (long)getpid());
    if (ftruncate(fd, 0) != 0 || write(fd, pid, (size_t)n) != n) {
        /* The lock itself holds; only the courtesy message would suffer. */
    }
    sbuf_free(&p);
    *fd_out = fd;
    return SPOR_OK;
}

/* Removes generations other than keep (the current one): leftovers of runs
 * that were killed. Only called with the lock held. */
static void remove_stale_generations(const char *dir, const char *keep)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    sbuf p = SBUF_INIT;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, IDX_GEN_PREFIX, strlen(IDX_GEN_PREFIX)) != 0 ||
            (keep && !strcmp(e->d_name, keep)))
            continue;
        sbuf_reset(&p);
        if (sbuf_printf(&p, "%s/%s", dir, e->d_name) == SPOR_OK)
            remove_tree(p.data);
    }
    sbuf_free(&p);
    closedir(d);
}

/* The generation "current" points at, or "" when there is none. */
static void current_generation(const char *dir, char *out, size_t cap)
{
    sbuf p = SBUF_INIT;
    out[0] = '\0';
    if (sbuf_printf(&p, "%s/" IDX_CURRENT_LINK, dir) == SPOR_OK) {
        ssize_t n = readlink(p.data, out, cap - 1);
        out[n > 0 ? n : 0] = '\0';
    }
    sbuf_free(&p);
}

spor_status idx_current_path(const char *dir, char **out, spor_err *err)
{
    struct stat sb;
    if (stat(dir, &sb) != 0)
        return spor_fail(err, SPOR_EINDEX, "%s: no index here (run 'spor "
                         "index' first): %s", dir, strerror(errno));
    if (!S_ISDIR(sb.st_mode))
        return spor_fail(err, SPOR_EINDEX, "%s: not an index folder", dir);
    sbuf p = SBUF_INIT;
    if (sbuf_printf(&p, "%s/" IDX_CURRENT_LINK, dir))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    if (stat(p.data, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        sbuf_free(&p);
        return spor_fail(err, SPOR_EINDEX, "%s: no spor index here (run "
                         "'spor index' first)", dir);
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

typedef struct run {
    const idx_opts *opts;
    xc_wdb *db;
    ana_analyser ana;
    schema_doctable table;
    size_t table_cap;
    mf_manifest manifest;
    char *manifest_dir;   /* folder whose manifest is loaded */
    idx_summary *sum;
    pl_gazetteer *gaz;    /* NULL: places from the manifest only */
    cp_detector *copies;  /* copy groups over the whole run */
    char (*ids)[SCHEMA_ID_MAX]; /* passage ids in the order added */
    size_t n_ids, cap_ids;
    doc_queue *queue;     /* documents go here, to the writer thread */
    sbuf zdict;           /* compression dictionary for the passages */
    codec_deflater *deflater; /* with zdict; the worker thread's alone */
} run;

/* Remembers the id of the passage just added to the copy detector, and
 * gives the key of the copy group it joined. */
static spor_status copy_group(run *r, const schema_record *rec,
                              const char *doc_id, char key[SCHEMA_ID_MAX],
                              spor_err *err)
{
    if (r->n_ids == r->cap_ids) {
        size_t cap = r->cap_ids ? r->cap_ids * 2 : 256;
        char(*p)[SCHEMA_ID_MAX] = realloc(r->ids, cap * sizeof *p);
        if (!p)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        r->ids = p;
        r->cap_ids = cap;
    }
    size_t group;
    spor_status st = cp_add(r->copies, rec->text, rec->text_len,
                            rec->doc_ord, &group, err);
    if (st)
        return st;
    schema_passage_id(doc_id, rec->passage_ord, r->ids[r->n_ids]);
    memcpy(key, r->ids[group], SCHEMA_ID_MAX);
    r->n_ids++;
    return SPOR_OK;
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

static spor_status add_docinfo(run *r, schema_docinfo *d, spor_err *err)
{
    schema_doctable *t = &r->table;
    if (t->n == r->table_cap) {
        size_t cap = r->table_cap ? r->table_cap * 2 : 16;
        schema_docinfo *p = realloc(t->docs, cap * sizeof *p);
        if (!p)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        t->docs = p;
        r->table_cap = cap;
    }
    t->docs[t->n++] = *d;
    return SPOR_OK;
}

/* Indexes one file. Problems with the file are warnings (return SPOR_OK,
 * file skipped); problems with the index are errors. */
static spor_status index_file(run *r, const char *path, spor_err *err)
{
    spor_err ferr;
    spor_err_clear(&ferr);
    rd_doc doc;
    if (rd_read_any(path, &doc, &ferr) != SPOR_OK) {
        if (ferr.status == SPOR_ENOMEM)
            return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
        warn(r->opts, "%s (skipped)", ferr.msg);
        r->sum->n_skipped++;
        return SPOR_OK;
    }
    if (doc.n_invalid)
        warn(r->opts, "%s: %zu invalid UTF-8 byte%s replaced (first at byte "
             "%zu)", path, doc.n_invalid, doc.n_invalid == 1 ? "" : "s",
             doc.first_invalid);
    seg_result seg;
    spor_status st = seg_segment(&doc, NULL, &seg, &ferr);
    if (st) {
        rd_doc_free(&doc);
        return spor_fail(err, st, "%s: %s", path, ferr.msg);
    }
    if (seg.n_passages == 0) {
        warn(r->opts, "%s: no text to index (skipped)", path);
        r->sum->n_skipped++;
        seg_result_free(&seg);
        rd_doc_free(&doc);
        return SPOR_OK;
    }
    if ((st = load_manifest_for(r, path, err)) != SPOR_OK)
        goto out;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const mf_entry *m = mf_find(&r->manifest, base);

    schema_docinfo d = {0};
    struct stat sb;
    d.path = strdup(path);
    d.title = strdup(m && m->title[0] ? m->title
                     : doc.title && doc.title[0] ? doc.title
                     : seg.title && seg.title[0] ? seg.title : base);
    d.publisher = strdup(m ? m->publisher : "");
    d.places = join_places(m);
    d.year = m ? m->year : 0;
    d.size = doc.src_bytes;
    d.mtime = stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : 0;
    d.hash = doc.content_hash;
    d.n_passages = (unsigned)seg.n_passages;
    if (!d.path || !d.title || !d.publisher || !d.places) {
        schema_docinfo_free(&d);
        st = spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    schema_doc_id(d.path, d.id);
    unsigned doc_ord = (unsigned)r->table.n;
    if ((st = add_docinfo(r, &d, err)) != SPOR_OK) {
        schema_docinfo_free(&d);
        goto out;
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
        if (queue_push(r->queue, xd))
            st = SPOR_EINDEX; /* the writer's own error is reported */
    }
    pl_tags_free(places, seg.n_passages);
    if (!st) {
        r->sum->n_docs++;
        r->sum->n_passages += (unsigned)seg.n_passages;
        r->sum->raw_bytes += doc.src_bytes;
    }
out:
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return st;
}

/* First pass: the corpus's word counts for the compound splitter. Files
 * are read as the second pass reads them (rd_read_any: every format), so
 * the counts cover the text that gets indexed. Files that cannot be read
 * are passed over here; the second pass reports them. */
static spor_status count_words(spl_splitter *spl, const file_list *files,
                               spor_err *err)
{
    for (size_t i = 0; i < files->n; i++) {
        rd_doc doc;
        seg_result seg;
        spor_err ferr;
        spor_err_clear(&ferr);
        if (rd_read_any(files->paths[i], &doc, &ferr) != SPOR_OK) {
            if (ferr.status == SPOR_ENOMEM)
                return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
            continue;
        }
        spor_status st = seg_segment(&doc, NULL, &seg, &ferr);
        rd_doc_free(&doc);
        if (st == SPOR_ENOMEM)
            return spor_fail(err, st, "%s: out of memory", files->paths[i]);
        if (st)
            continue;
        for (size_t j = 0; j < seg.n_passages && !st; j++)
            st = spl_count(spl, seg.passages[j].text, seg.passages[j].len);
        seg_result_free(&seg);
        if (st)
            return spor_fail(err, st, "%s: out of memory", files->paths[i]);
    }
    return SPOR_OK;
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
        sbuf_append(&m->key, word, len) ||
        xc_wdb_set_metadata(m->db, m->key.data, parts, parts_len, &m->xe)) {
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
    sbuf_reset(&m->key);
    if (sbuf_append(&m->key, word, len) ||
        xc_wdb_add_spelling(m->db, m->key.data, count, &m->xe)) {
        m->failed = 1;
        return 1;
    }
    return 0;
}

static spor_status write_splits(xc_wdb *db, spl_splitter *spl, spor_err *err)
{
    split_meta_ctx m = {db, SBUF_INIT, {XC_OK, ""}, 0};
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

static spor_status write_metadata(run *r, const stop_list *stops,
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
     * hits' entries, and a later run can replace one document's. */
    for (size_t i = 0; !st && i < r->table.n; i++) {
        schema_doctable one = {&r->table.docs[i], 1};
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doc_key((unsigned)i, key);
        sbuf_reset(&b);
        if ((st = schema_doctable_encode(&one, &b, err)) == SPOR_OK &&
            xc_wdb_set_metadata(r->db, key, b.data, b.len, &xe) != XC_OK)
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
    sbuf_free(&b);
    if (st == SPOR_ENOMEM)
        return spor_fail(err, st, "out of memory");
    return st;
xfail:
    sbuf_free(&b);
    return spor_fail(err, SPOR_EINDEX, "writing index metadata: %s", xe.msg);
}

/* Points dir/current at gen with a rename, which replaces atomically. */
static spor_status publish(const char *dir, const char *gen, spor_err *err)
{
    sbuf tmp = SBUF_INIT, cur = SBUF_INIT;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&tmp, "%s/" IDX_CURRENT_LINK ".%ld.tmp", dir,
                    (long)getpid()) ||
        sbuf_printf(&cur, "%s/" IDX_CURRENT_LINK, dir)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    unlink(tmp.data);
    if (symlink(gen, tmp.data) != 0 || rename(tmp.data, cur.data) != 0) {
        st = spor_fail(err, SPOR_EIO, "%s: cannot switch to the new index: %s",
                       dir, strerror(errno));
        unlink(tmp.data);
        goto out;
    }
    int dfd = open(dir, O_RDONLY);
    if (dfd >= 0) {
        fsync(dfd); /* make the switch itself durable */
        close(dfd);
    }
out:
    sbuf_free(&tmp);
    sbuf_free(&cur);
    return st;
}

typedef struct producer {
    run *r;
    const file_list *files;
    const uint64_t *sizes;
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
        p->st = index_file(r, p->files->paths[i], &p->err);
        if (!p->st && r->opts->progress) {
            p->pg->path = p->files->paths[i];
            p->pg->bytes = p->sizes[i];
            p->pg->files_done++;
            p->pg->bytes_done += p->sizes[i];
            r->opts->progress(r->opts->progress_ctx, p->pg);
        }
    }
    queue_finish(r->queue, 0);
    return NULL;
}

/* Indexes every file: analysis in a worker thread, Xapian's writer here. */
static spor_status write_all(run *r, const file_list *files,
                             const uint64_t *sizes, idx_progress *pg,
                             const char *db_path, spor_err *err)
{
    doc_queue *q = calloc(1, sizeof *q);
    if (!q)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    r->queue = q;
    producer p = {r, files, sizes, pg, SPOR_OK, {SPOR_OK, ""}};
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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

spor_status idx_build(const char *dir, const char *const *paths,
                      size_t n_paths, const idx_opts *opts,
                      idx_summary *summary, spor_err *err)
{
    double t0 = now_seconds();
    memset(summary, 0, sizeof *summary);
    spor_status st = make_dirs(dir, err);
    if (st)
        return st;
    int lock_fd = -1;
    if ((st = take_lock(dir, &lock_fd, err)) != SPOR_OK)
        return st;

    char old_gen[256];
    current_generation(dir, old_gen, sizeof old_gen);
    remove_stale_generations(dir, old_gen[0] ? old_gen : NULL);

    run r = {0};
    r.opts = opts;
    r.sum = summary;
    stop_list *stops = NULL;
    stem_stemmer *stemmer = NULL;
    spl_splitter *splitter = NULL;
    file_list files = {0};
    char gen[64];
    sbuf gen_path = SBUF_INIT, build_path = SBUF_INIT;
    snprintf(gen, sizeof gen, IDX_GEN_PREFIX "%ld-%ld", (long)time(NULL),
             (long)getpid());

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
            st = walk(paths[i], 0, &files, opts, &summary->n_ignored, err);
        } else if (file_list_add(&files, paths[i])) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
    }
    if (st)
        goto out;

    if ((st = make_splitter(opts, stops, &splitter, err)) ||
        (st = count_words(splitter, &files, err)) ||
        (st = zdict_train(splitter, &r.zdict, err)) ||
        (st = codec_deflater_new(r.zdict.data ? r.zdict.data : "",
                                 r.zdict.len, &r.deflater, err)))
        goto out;
    /* Two runs in one process within a second get the same name, and the
     * earlier one is the current generation: never reuse a name. */
    for (unsigned k = 1;; k++) {
        struct stat gsb;
        sbuf_reset(&gen_path);
        if (sbuf_printf(&gen_path, "%s/%s", dir, gen)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            goto out;
        }
        if (lstat(gen_path.data, &gsb) != 0)
            break;
        snprintf(gen, sizeof gen, IDX_GEN_PREFIX "%ld-%ld-%u",
                 (long)time(NULL), (long)getpid(), k);
    }
    /* Built in a scratch database, then compacted into the generation:
     * Xapian's writer leaves B-tree blocks part empty, and compaction
     * roughly halves the index. */
    xc_error xe;
    if (sbuf_printf(&build_path, "%s" IDX_BUILD_SUFFIX, gen_path.data)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (xc_wdb_create(build_path.data, &r.db, &xe) != XC_OK) {
        st = spor_fail(err, SPOR_EINDEX, "%s: cannot create index: %s",
                       build_path.data, xe.msg);
        goto out;
    }
    r.ana.split = spl_split;
    r.ana.split_ctx = splitter;
    idx_progress pg = {0};
    uint64_t *sizes = calloc(files.n ? files.n : 1, sizeof *sizes);
    if (!sizes) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < files.n; i++) {
        struct stat sb;
        sizes[i] = stat(files.paths[i], &sb) == 0 ? (uint64_t)sb.st_size : 0;
        pg.bytes_total += sizes[i];
    }
    pg.files_total = (unsigned)files.n;
    st = write_all(&r, &files, sizes, &pg, build_path.data, err);
    free(sizes);
    if (!st)
        st = write_splits(r.db, splitter, err);
    if (!st)
        st = write_synonyms(opts, r.db, splitter, err);
    if (!st && summary->n_docs == 0)
        st = spor_fail(err, SPOR_EINVAL, "no documents to index in the given "
                       "path%s (looked for text, Markdown, HTML and PDF)",
                       n_paths == 1 ? "" : "s");
    if (!st)
        st = write_metadata(&r, stops, err);
    if (!st && xc_wdb_commit(r.db, &xe) != XC_OK)
        st = spor_fail(err, SPOR_EINDEX, "%s: committing the index: %s",
                       build_path.data, xe.msg);
    xc_wdb_close(r.db);
    r.db = NULL;
    if (!st && xc_db_compact(build_path.data, gen_path.data, &xe) != XC_OK)
        st = spor_fail(err, SPOR_EINDEX, "%s: compacting the index: %s",
                       gen_path.data, xe.msg);
    remove_tree(build_path.data);
    /* Sharding works on the finished, compacted generation. */
    if (!st && opts->shards > 1)
        st = shd_split(gen_path.data, opts->shards, err);
    if (!st)
        st = publish(dir, gen, err);
    if (!st)
        remove_stale_generations(dir, gen);
    else
        remove_tree(gen_path.data);
out:
    summary->seconds = now_seconds() - t0;
    xc_wdb_close(r.db);
    if (st && build_path.data)
        remove_tree(build_path.data);
    sbuf_free(&gen_path);
    sbuf_free(&build_path);
    file_list_free(&files);
    schema_doctable_free(&r.table);
    codec_deflater_free(r.deflater);
    sbuf_free(&r.zdict);
    mf_free(&r.manifest);
    free(r.manifest_dir);
    pl_free(r.gaz);
    cp_free(r.copies);
    free(r.ids);
    stem_free(stemmer);
    spl_free(splitter);
    stop_free(stops);
    if (lock_fd >= 0)
        close(lock_fd); /* releases the lock */
    return st;
}
