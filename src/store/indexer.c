/* The indexing run: walk the inputs, decide per file whether it is new,
 * changed, unchanged or gone, read, segment and analyse what must be
 * (re)indexed, and publish the result as a new index generation only when
 * it is complete (see indexer.h and generation.h). Files that cannot be
 * indexed are skipped with a warning; a failure of the index itself aborts
 * the run and leaves the previous generation in place.
 *
 * An update starts from a copy of the current generation rather than
 * changing it in place: a published generation never changes, so readers
 * need no retry logic, and Xapian may flush the copy as often as it likes
 * without a reader ever seeing half an update. The copy costs one
 * sequential read and write of the index (or nothing, where the file system
 * clones), far less than re-reading and re-analysing the documents. */
#include "spor/indexer.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spor/analyser.h"
#include "spor/buf.h"
#include "spor/manifest.h"
#include "spor/reader.h"
#include "spor/schema.h"
#include "spor/segment.h"
#include "spor/utf8.h"
#include "xapian_c.h"

/* Folder walks stop here: a report collection is never this deep, and a
 * deeper tree is almost always a mistake. */
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

static int has_text_extension(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    return !strcmp(dot, ".txt") || !strcmp(dot, ".md") ||
           !strcmp(dot, ".TXT") || !strcmp(dot, ".MD");
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

/* Adds the documents below dir to l, sorted, skipping hidden entries. */
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
        if (e->d_name[0] != '.')
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
            if (has_text_extension(names.paths[i])) {
                warn(o, "%s: skipped: %s", shown(path.data, &show),
                     strerror(errno));
                sum->n_skipped++;
            }
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            st = walk(path.data, depth + 1, wp, l, sum, o, err);
        else if (S_ISREG(sb.st_mode) && has_text_extension(names.paths[i]))
            if (file_list_add(l, path.data))
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

/* ---- one indexing run ------------------------------------------------- */

typedef struct run {
    const idx_opts *opts;
    xc_wdb *db;
    ana_analyser ana;
    schema_doctable table;
    size_t table_cap;
    size_t n_prev;        /* entries of the table that came from the
                             previous generation */
    char *seen;           /* per previous entry: found in this run */
    size_t *by_path;      /* previous entries, ordered by path */
    mf_manifest manifest;
    char *manifest_dir;   /* folder whose manifest is loaded */
    time_t started;
    int dirty;            /* the table changed without passages changing */
    idx_summary *sum;
} run;

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
 * it must be re-indexed. A title guessed from the text is not compared. */
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

static spor_status index_error(spor_err *err, const char *what,
                               const char *path, const xc_error *xe)
{
    return spor_fail(err, xe->status == XC_ENOMEM ? SPOR_ENOMEM : SPOR_EINDEX,
                     "%s: %s: %s", path, what, xe->msg);
}

/* Deletes the passages of table entry ord from the index. */
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

/* Writes the passages of a segmented document under table entry ord. */
static spor_status write_passages(run *r, unsigned ord, const seg_result *seg,
                                  spor_err *err)
{
    const schema_docinfo *dp = &r->table.docs[ord];
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < seg->n_passages && !st; i++) {
        const seg_passage *p = &seg->passages[i];
        schema_record rec = {
            .doc_ord = ord, .passage_ord = (unsigned)i,
            .line_start = p->line_start, .line_end = p->line_end,
            .byte_start = p->byte_start, .byte_end = p->byte_end,
            .section = p->section, .places = dp->places,
            .text = p->text, .text_len = p->len};
        xc_doc *xd;
        if ((st = schema_make_document(&rec, dp, &r->ana, &xd, err)))
            break;
        xc_error xe;
        if (xc_wdb_add_document(r->db, xd, NULL, &xe) != XC_OK)
            st = index_error(err, "writing the index", dp->path, &xe);
        xc_doc_free(xd);
    }
    return st;
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

/* Reads and segments path. *skip is set when the file cannot be indexed
 * (warned about); errors are failures of the run. */
static spor_status read_file(run *r, const char *path, rd_doc *doc,
                             seg_result *seg, int *skip, spor_err *err)
{
    spor_err ferr;
    spor_err_clear(&ferr);
    *skip = 0;
    memset(seg, 0, sizeof *seg);
    if (rd_read_file(path, doc, &ferr) != SPOR_OK) {
        if (ferr.status == SPOR_ENOMEM)
            return spor_fail(err, SPOR_ENOMEM, "%s", ferr.msg);
        warn(r->opts, "%s (skipped)", ferr.msg);
        *skip = 1;
        return SPOR_OK;
    }
    if (doc->latin1)
        warn(r->opts, "%s: not UTF-8 (first invalid UTF-8 byte at %zu); read "
             "as Windows-1252", path, doc->first_invalid);
    else if (doc->n_invalid)
        warn(r->opts, "%s: %zu invalid UTF-8 byte%s replaced (first at byte "
             "%zu)", path, doc->n_invalid, doc->n_invalid == 1 ? "" : "s",
             doc->first_invalid);
    if (doc->n_nul)
        warn(r->opts, "%s: %zu NUL byte%s read as spaces", path, doc->n_nul,
             doc->n_nul == 1 ? "" : "s");
    spor_status st = seg_segment(doc, NULL, seg, &ferr);
    if (st) {
        rd_doc_free(doc);
        return spor_fail(err, st, "%s: %s", path, ferr.msg);
    }
    if (seg->n_passages == 0) {
        warn(r->opts, "%s: no text to index (skipped)", path);
        *skip = 1;
        seg_result_free(seg);
        rd_doc_free(doc);
    }
    return SPOR_OK;
}

/* Brings one file into the index: new, changed or unchanged. */
static spor_status index_file(run *r, const char *path, spor_err *err)
{
    sbuf show = SBUF_INIT;
    struct stat sb;
    if (stat(path, &sb) != 0) {
        /* Listed by the walk, gone (or unreadable) now. */
        warn(r->opts, "%s: skipped: %s", shown(path, &show),
             errno == ENOENT ? "deleted while indexing" : strerror(errno));
        r->sum->n_skipped++;
        sbuf_free(&show);
        return SPOR_OK;
    }
    if (!utf8_valid(path, strlen(path)))
        warn(r->opts, "%s: file name is not valid UTF-8; indexed under its "
             "bytes as they are", shown(path, &show));
    sbuf_free(&show);
    spor_status st = load_manifest_for(r, path, err);
    if (st)
        return st;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const mf_entry *m = mf_find(&r->manifest, base);

    long prev = find_previous(r, path);
    if (prev >= 0) {
        schema_docinfo *d = &r->table.docs[prev];
        r->seen[prev] = 1;
        if (d->size == (uint64_t)sb.st_size && d->mtime == mtime_ns(&sb) &&
            d->mtime != 0 && !metadata_differs(d, m)) {
            r->sum->n_unchanged++;
            return SPOR_OK;
        }
    }
    rd_doc doc;
    seg_result seg;
    int skip;
    if ((st = read_file(r, path, &doc, &seg, &skip, err)) != SPOR_OK)
        return st;
    stage(r->opts, "file");
    if (skip) {
        r->sum->n_skipped++;
        if (prev >= 0)
            r->seen[prev] = 0; /* unreadable now: it leaves the index */
        return SPOR_OK;
    }
    /* Trust the mtime only if the file did not change while being read
     * and cannot change again unnoticed within the timestamp granularity. */
    int64_t mtime = mtime_ns(&sb);
    if ((uint64_t)sb.st_size != doc.src_bytes ||
        sb.st_mtim.tv_sec >= r->started - IDX_RACY_SECONDS)
        mtime = 0;
    if (prev >= 0) {
        schema_docinfo *d = &r->table.docs[prev];
        if (d->hash == doc.content_hash && d->size == doc.src_bytes &&
            !metadata_differs(d, m)) {
            /* Touched, not changed: remember the new mtime so the next
             * run need not hash it again. */
            r->dirty |= d->mtime != mtime;
            d->mtime = mtime;
            r->sum->n_unchanged++;
            goto out;
        }
    }
    schema_docinfo d = {0};
    d.path = strdup(path);
    d.title = strdup(m && m->title[0] ? m->title
                     : seg.title && seg.title[0] ? seg.title : base);
    d.publisher = strdup(m ? m->publisher : "");
    d.places = join_places(m);
    d.year = m ? m->year : 0;
    d.size = doc.src_bytes;
    d.mtime = mtime;
    d.hash = doc.content_hash;
    d.n_passages = (unsigned)seg.n_passages;
    if (!d.path || !d.title || !d.publisher || !d.places) {
        schema_docinfo_free(&d);
        st = spor_fail(err, SPOR_ENOMEM, "%s: out of memory", path);
        goto out;
    }
    schema_doc_id(d.path, d.id);
    unsigned ord;
    if (prev >= 0) {
        /* Same path, same document id: the old passages go, the entry is
         * replaced in place so no other ordinal moves. */
        ord = (unsigned)prev;
        if ((st = delete_passages(r, ord, err)) != SPOR_OK) {
            schema_docinfo_free(&d);
            goto out;
        }
        schema_docinfo_free(&r->table.docs[ord]);
        r->table.docs[ord] = d;
        r->sum->n_changed++;
    } else {
        ord = (unsigned)r->table.n;
        if ((st = add_docinfo(r, &d, err)) != SPOR_OK) {
            schema_docinfo_free(&d);
            goto out;
        }
        r->sum->n_added++;
    }
    st = write_passages(r, ord, &seg, err);
out:
    seg_result_free(&seg);
    rd_doc_free(&doc);
    return st;
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
    c->st = schema_renumber_document(doc, c->ord, c->err);
    if (!c->st && xc_wdb_replace_document(c->r->db, docid, doc, &xe) != XC_OK)
        c->st = index_error(c->err, "rewriting its passages", path, &xe);
    xc_doc_free(doc);
    return c->st != SPOR_OK;
}

/* Deletes the passages of previous entries not seen in this run, and
 * keeps the table dense: the last entry moves into each hole and its
 * passages are renumbered (passages cite their document by ordinal). */
static spor_status remove_unseen(run *r, spor_err *err)
{
    schema_doctable *t = &r->table;
    char *gone = calloc(t->n ? t->n : 1, 1);
    if (!gone)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    spor_status st = SPOR_OK;
    for (size_t i = 0; i < r->n_prev && !st; i++)
        if (!r->seen[i]) {
            gone[i] = 1;
            r->sum->n_removed++;
            st = delete_passages(r, i, err);
        }
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
    }
    free(gone);
    return st;
}

/* The stop list as stored in the index: one word per line. */
static spor_status stop_text(const stop_list *stops, sbuf *b)
{
    for (size_t i = 0; i < stop_count(stops); i++)
        if (sbuf_append_str(b, stop_word(stops, i)) ||
            sbuf_append_char(b, '\n'))
            return SPOR_ENOMEM;
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
    sbuf_reset(&b);
    if (!st && (st = schema_doctable_encode(&r->table, &b, err)) == SPOR_OK &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_DOCS, b.data, b.len, &xe) !=
            XC_OK)
        goto xfail;
    sbuf_reset(&b);
    if (!st)
        st = stop_text(stops, &b);
    if (!st && b.len &&
        xc_wdb_set_metadata(r->db, SCHEMA_META_STOPWORDS, b.data, b.len,
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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Why the previous generation cannot be updated in place of a full build,
 * or NULL when it can (then *table holds its document table). */
static const char *previous_unusable(const char *path, const stop_list *stops,
                                     schema_doctable *table, char *why,
                                     size_t why_cap)
{
    xc_db *db;
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    const char *res = NULL;
    spor_err e;
    memset(table, 0, sizeof *table);
    if (xc_db_open(path, &db, &xe) != XC_OK) {
        snprintf(why, why_cap, "it cannot be opened (%s)", xe.msg);
        return why;
    }
    if (xc_db_get_metadata(db, SCHEMA_META_VERSION, &val, &len, &xe) !=
        XC_OK) {
        res = "it holds no schema version";
    } else if (atoi(val) != SCHEMA_VERSION) {
        snprintf(why, why_cap, "it has schema version %.20s, this spor "
                 "writes %d", val, SCHEMA_VERSION);
        res = why;
    }
    free(val);
    val = NULL;
    if (!res) {
        sbuf want = SBUF_INIT;
        if (xc_db_get_metadata(db, SCHEMA_META_STOPWORDS, &val, &len, &xe) !=
            XC_OK)
            len = 0;
        if (stop_text(stops, &want))
            res = "out of memory";
        else if (want.len != len || (len && memcmp(want.data, val, len)))
            res = "it was built with another stop list";
        sbuf_free(&want);
        free(val);
        val = NULL;
    }
    if (!res) {
        if (xc_db_get_metadata(db, SCHEMA_META_DOCS, &val, &len, &xe) !=
                XC_OK ||
            schema_doctable_decode(val, len, table, &e) != SPOR_OK)
            res = "its document table is damaged";
        free(val);
    }
    xc_db_close(db);
    return res;
}

/* Orders the previous entries by path for find_previous (a plain
 * insertion into a sorted array: qsort has no context argument). */
static spor_status index_previous(run *r)
{
    r->by_path = malloc((r->n_prev ? r->n_prev : 1) * sizeof *r->by_path);
    r->seen = calloc(r->n_prev ? r->n_prev : 1, 1);
    if (!r->by_path || !r->seen)
        return SPOR_ENOMEM;
    /* Sort ordinals by path: a merge sort would do, but tables are small
     * next to the documents; this is O(n log n) with a temporary of
     * (path, ordinal) pairs. */
    typedef struct { const char *path; size_t ord; } pair;
    pair *p = malloc((r->n_prev ? r->n_prev : 1) * sizeof *p);
    if (!p)
        return SPOR_ENOMEM;
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
    file_list files = {0};
    sbuf gen_path = SBUF_INIT, cur_path = SBUF_INIT;
    int gen_made = 0;
    xc_error xe;
    gen_new_name(cur, gen);

    if ((st = stop_load(opts->stopwords_path, &stops, err)) ||
        (st = stem_new("danish", &stemmer, err)))
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
        (cur[0] && sbuf_printf(&cur_path, "%s/%s", dir, cur))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (cur[0] && !opts->rebuild) {
        char why[SPOR_ERR_MSG_MAX];
        const char *no = previous_unusable(cur_path.data, stops, &r.table,
                                           why, sizeof why);
        if (no) {
            warn(opts, "%s: building the index anew: %s", dir, no);
        } else {
            r.n_prev = r.table_cap = r.table.n;
            summary->updated = 1;
            if (index_previous(&r)) {
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
                goto out;
            }
        }
    }
    /* Which files must be read is known only while reading them (a new
     * mtime may hide the same bytes), so an update always starts from a
     * copy; an update that changed nothing is thrown away below. */
    gen_made = 1;
    if (summary->updated) {
        if ((st = gen_copy(cur_path.data, gen_path.data, err)) != SPOR_OK)
            goto out;
        stage(opts, "copied");
        if (xc_wdb_open(gen_path.data, &r.db, &xe) != XC_OK) {
            st = spor_fail(err, SPOR_EINDEX, "%s: cannot open index copy: %s",
                           gen_path.data, xe.msg);
            goto out;
        }
    } else if (xc_wdb_create(gen_path.data, &r.db, &xe) != XC_OK) {
        st = spor_fail(err, SPOR_EINDEX, "%s: cannot create index: %s",
                       gen_path.data, xe.msg);
        goto out;
    }
    for (size_t i = 0; i < files.n && !st; i++)
        st = index_file(&r, files.paths[i], err);
    if (!st)
        st = remove_unseen(&r, err);
    if (st)
        goto out;
    if (r.table.n == 0) {
        st = spor_fail(err, SPOR_EINVAL, "no documents to index in the given "
                       "path%s (looked for *.txt and *.md)",
                       n_paths == 1 ? "" : "s");
        goto out;
    }
    for (size_t i = 0; i < r.table.n; i++) {
        summary->n_passages += r.table.docs[i].n_passages;
        summary->raw_bytes += r.table.docs[i].size;
    }
    summary->n_docs = (unsigned)r.table.n;
    if (summary->updated && !r.dirty && !summary->n_added &&
        !summary->n_changed && !summary->n_removed) {
        summary->untouched = 1;
        goto out; /* the copy is removed below; current stays */
    }
    if ((st = write_metadata(&r, stops, err)) != SPOR_OK)
        goto out;
    stage(opts, "written");
    if (xc_wdb_commit(r.db, &xe) != XC_OK) {
        st = spor_fail(err, SPOR_EINDEX, "%s: committing the index: %s",
                       gen_path.data, xe.msg);
        goto out;
    }
    stage(opts, "committed");
    xc_wdb_close(r.db);
    r.db = NULL;
    if ((st = gen_publish(dir, gen, err)) != SPOR_OK)
        goto out;
    gen_made = 0;
    stage(opts, "published");
    gen_remove_stale(dir, gen);
out:
    summary->seconds = now_seconds() - t0;
    /* Closing may commit to an unfinished copy; it is removed anyway. */
    xc_wdb_close(r.db);
    if (gen_made)
        gen_remove_tree(gen_path.data);
    sbuf_free(&gen_path);
    sbuf_free(&cur_path);
    file_list_free(&files);
    schema_doctable_free(&r.table);
    free(r.seen);
    free(r.by_path);
    mf_free(&r.manifest);
    free(r.manifest_dir);
    stem_free(stemmer);
    stop_free(stops);
    gen_unlock(lock_fd);
    return st;
}
