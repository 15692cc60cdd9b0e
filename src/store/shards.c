/* Shards (shards.h): splitting a committed index into shard databases by
 * document, in parallel, and opening a set of shards, local or served over
 * the network, as one Xapian database.
 *
 * Xapian does the hard parts: a combined Database computes BM25 over the
 * global statistics of all its parts (remote ones included), so scores
 * equal those of one database, and xapian-tcpsrv serves a shard. What is
 * ours is the partition, the metadata every shard must carry, the checks
 * that the parts named really are one index, and the error or partial
 * result when a shard does not answer. */
#define _XOPEN_SOURCE 700 /* nftw */
#include "spor/store/shards.h"

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/text/buf.h"
#include "spor/store/generation.h"
#include "spor/store/schema.h"

/* How long a remote shard may take to accept a connection or answer one
 * request before it counts as not answering. Xapian's own default (10 s)
 * keeps a user waiting too long for a shard that is down; a loaded shard
 * on a LAN answers well within this. */
#define SHD_REMOTE_TIMEOUT_MS 5000
/* Stub files may name stub files; deeper nesting is a loop. */
#define SHD_MAX_DEPTH 8
/* Longest line read from a stub file. */
#define SHD_STUB_LINE_MAX 4096

/* ---- splitting -------------------------------------------------------- */

typedef struct split_job {
    const char *whole;          /* the database being split */
    char *path;                 /* this shard's folder */
    unsigned k, n;
    const char *set;            /* the run's name, shared by its shards */
    const unsigned *shard_of;   /* document ordinal → shard */
    size_t n_docs;
    xc_db *from;
    xc_wdb *to;
    sbuf scratch;
    spor_status st;
    spor_err err;
    xc_error xe;
} split_job;

/* Value SCHEMA_SLOT_DOC as a document ordinal; SIZE_MAX when malformed. */
static size_t doc_ordinal(const char *val, size_t len)
{
    const unsigned char *b = (const unsigned char *)val;
    return len == 4 ? ((size_t)b[0] << 24 | (size_t)b[1] << 16 |
                       (size_t)b[2] << 8 | b[3])
                    : SIZE_MAX;
}

static int copy_if_mine(void *ctx, unsigned docid, const char *val,
                        size_t len)
{
    split_job *j = ctx;
    size_t ord = doc_ordinal(val, len);
    if (ord >= j->n_docs) {
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: passage %u names no "
                          "document of the %zu", j->whole, docid, j->n_docs);
        return 1;
    }
    if (j->shard_of[ord] != j->k)
        return 0;
    /* The same docid as in the one database: see shards.h. */
    if (xc_wdb_copy_document(j->to, j->from, docid, docid, &j->xe)) {
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: copying passage %u: %s",
                          j->path, docid, j->xe.msg);
        return 1;
    }
    return 0;
}

static int add_line(void *ctx, const char *term, size_t len, unsigned tf)
{
    (void)tf;
    sbuf *b = ctx;
    return sbuf_append(b, term, len) || sbuf_append_char(b, '\n');
}

/* Writes key's synonyms as metadata (SHD_META_SYN_PREFIX). */
static int syn_to_meta(void *ctx, const char *key, size_t len, unsigned tf)
{
    (void)tf;
    split_job *j = ctx;
    sbuf syn = SBUF_INIT;
    sbuf_reset(&j->scratch);
    if (sbuf_append_str(&j->scratch, SHD_META_SYN_PREFIX) ||
        sbuf_append(&j->scratch, key, len)) {
        j->st = spor_fail(&j->err, SPOR_ENOMEM, "out of memory");
        return 1;
    }
    /* The synonyms of one key, not the key list being walked: a second
     * iterator over another table of the same database. */
    xc_status xs = xc_db_each_synonym(j->from, j->scratch.data +
                                      strlen(SHD_META_SYN_PREFIX),
                                      add_line, &syn, &j->xe);
    if (xs == XC_OK && syn.len)
        xs = xc_wdb_set_metadata(j->to, j->scratch.data, syn.data, syn.len,
                                 &j->xe);
    sbuf_free(&syn);
    if (xs != XC_OK) {
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: writing synonyms: %s",
                          j->path, j->xe.msg);
        return 1;
    }
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag,
                        struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void remove_all(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Each shard is written into SHD_BUILD_SUFFIX beside its place and then
 * compacted into it, as the generation itself is (indexer.c): blocks
 * packed full, docids kept. */
#define SHD_BUILD_SUFFIX "-build"

static void *split_one(void *arg)
{
    split_job *j = arg;
    char meta[128];
    sbuf build = SBUF_INIT;
    snprintf(meta, sizeof meta, "%u %u %s", j->k, j->n, j->set);
    if (sbuf_printf(&build, "%s" SHD_BUILD_SUFFIX, j->path)) {
        j->st = spor_fail(&j->err, SPOR_ENOMEM, "out of memory");
        return NULL;
    }
    if (xc_db_open(j->whole, &j->from, &j->xe) ||
        xc_wdb_create(build.data, &j->to, &j->xe) ||
        xc_wdb_copy_tables(j->to, j->from, &j->xe) ||
        xc_wdb_set_metadata(j->to, SHD_META_SHARD, meta, strlen(meta),
                            &j->xe)) {
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: %s", j->path,
                          j->xe.msg);
        goto out;
    }
    if (xc_db_each_synonym_key(j->from, syn_to_meta, j, &j->xe) && !j->st)
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: %s", j->whole,
                          j->xe.msg);
    if (!j->st &&
        xc_db_each_value(j->from, SCHEMA_SLOT_DOC, copy_if_mine, j,
                         &j->xe) && !j->st)
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: %s", j->whole,
                          j->xe.msg);
    if (!j->st && xc_wdb_commit(j->to, &j->xe))
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: committing: %s",
                          j->path, j->xe.msg);
out:
    xc_wdb_close(j->to);
    xc_db_close(j->from);
    j->to = NULL;
    j->from = NULL;
    if (!j->st && xc_db_compact(build.data, j->path, &j->xe))
        j->st = spor_fail(&j->err, SPOR_EINDEX, "%s: compacting: %s",
                          j->path, j->xe.msg);
    remove_all(build.data);
    sbuf_free(&build);
    sbuf_free(&j->scratch);
    return NULL;
}

/* Passages per document, counted from value SCHEMA_SLOT_DOC rather than
 * read from the document entries: the split needs only the sizes, and
 * the entries' encoding stays the schema module's business. */
typedef struct doc_sizes {
    const char *path;
    unsigned long *n_passages;  /* by document ordinal */
    size_t n_docs;
    spor_status st;
    spor_err *err;
} doc_sizes;

static int count_passage(void *ctx, unsigned docid, const char *val,
                         size_t len)
{
    doc_sizes *d = ctx;
    size_t ord = doc_ordinal(val, len);
    if (ord >= d->n_docs) {
        d->st = spor_fail(d->err, SPOR_EINDEX, "%s: passage %u names no "
                          "document of the %zu", d->path, docid, d->n_docs);
        return 1;
    }
    d->n_passages[ord]++;
    return 0;
}

static spor_status read_sizes(const char *path, doc_sizes *d, spor_err *err)
{
    xc_db *db = NULL;
    xc_error xe;
    char *meta = NULL, *end = NULL;
    size_t len = 0;
    spor_status st = SPOR_OK;
    memset(d, 0, sizeof *d);
    d->path = path;
    d->err = err;
    if (xc_db_open(path, &db, &xe) ||
        xc_db_get_metadata(db, SCHEMA_META_NDOCS, &meta, &len, &xe)) {
        st = spor_fail(err, SPOR_EINDEX, "%s: %s", path, xe.msg);
        goto out;
    }
    unsigned long nd = strtoul(meta, &end, 10);
    if (end == meta || *end || nd > UINT_MAX / 64) {
        st = spor_fail(err, SPOR_EINDEX, "%s: bad %s", path,
                       SCHEMA_META_NDOCS);
        goto out;
    }
    d->n_docs = nd;
    if (!(d->n_passages = calloc(nd ? nd : 1, sizeof *d->n_passages))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (xc_db_each_value(db, SCHEMA_SLOT_DOC, count_passage, d, &xe))
        st = d->st ? d->st
                   : spor_fail(err, SPOR_EINDEX, "%s: %s", path, xe.msg);
    else
        st = d->st;
out:
    free(meta);
    xc_db_close(db);
    return st;
}

typedef struct doc_load {
    unsigned long n_passages;
    size_t ord;
} doc_load;

/* Most passages first, ties by ordinal: the order is the same on every
 * run. */
static int cmp_load(const void *a, const void *b)
{
    const doc_load *x = a, *y = b;
    if (x->n_passages != y->n_passages)
        return x->n_passages > y->n_passages ? -1 : 1;
    return x->ord < y->ord ? -1 : x->ord > y->ord;
}

/* Whole documents to shards, largest first each to the lightest shard so
 * far (by passages), so shards come out about equally large whatever the
 * order of the files. Ties go to the lower shard. */
static spor_status assign(const doc_sizes *d, unsigned n, unsigned *shard_of,
                          spor_err *err)
{
    doc_load *order = malloc((d->n_docs ? d->n_docs : 1) * sizeof *order);
    unsigned long load[SHD_MAX] = {0};
    if (!order)
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < d->n_docs; i++)
        order[i] = (doc_load){d->n_passages[i], i};
    qsort(order, d->n_docs, sizeof *order, cmp_load);
    for (size_t i = 0; i < d->n_docs; i++) {
        unsigned best = 0;
        for (unsigned k = 1; k < n; k++)
            if (load[k] < load[best])
                best = k;
        shard_of[order[i].ord] = best;
        load[best] += order[i].n_passages;
    }
    free(order);
    return SPOR_OK;
}

spor_status shd_split(const char *gen_path, unsigned n, spor_err *err)
{
    if (n < 2 || n > SHD_MAX)
        return spor_fail(err, SPOR_EINVAL, "--shards must be 2 to %d, not %u",
                         SHD_MAX, n);
    sbuf whole = SBUF_INIT, stub = SBUF_INIT;
    doc_sizes sizes = {0};
    unsigned *shard_of = NULL;
    split_job *jobs = NULL;
    pthread_t *threads = NULL;
    int moved = 0;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&whole, "%s.whole", gen_path)) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if (rename(gen_path, whole.data) != 0 || !(moved = 1) ||
        mkdir(gen_path, 0777) != 0) {
        st = spor_fail(err, SPOR_EIO, "%s: cannot make the shard folder: %s",
                       gen_path, strerror(errno));
        goto out;
    }
    if ((st = read_sizes(whole.data, &sizes, err)))
        goto out;
    shard_of = calloc(sizes.n_docs ? sizes.n_docs : 1, sizeof *shard_of);
    jobs = calloc(n, sizeof *jobs);
    threads = calloc(n, sizeof *threads);
    if (!shard_of || !jobs || !threads) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    if ((st = assign(&sizes, n, shard_of, err)))
        goto out;
    const char *set = strrchr(gen_path, '/');
    set = set ? set + 1 : gen_path;
    for (unsigned k = 0; k < n && !st; k++) {
        sbuf p = SBUF_INIT;
        if (sbuf_printf(&p, "%s/" SHD_DIR_PREFIX "%u", gen_path, k) ||
            sbuf_printf(&stub, "auto " SHD_DIR_PREFIX "%u\n", k)) {
            sbuf_free(&p);
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            break;
        }
        jobs[k] = (split_job){.whole = whole.data, .k = k, .n = n,
                              .set = set, .shard_of = shard_of,
                              .n_docs = sizes.n_docs};
        jobs[k].path = sbuf_detach(&p, NULL);
        if (!jobs[k].path)
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    unsigned started = 0;
    for (; !st && started < n; started++)
        if (pthread_create(&threads[started], NULL, split_one,
                           &jobs[started]) != 0)
            st = spor_fail(err, SPOR_EINTERNAL, "cannot start a thread to "
                           "write shard %u", started);
    for (unsigned k = 0; k < started; k++)
        pthread_join(threads[k], NULL);
    for (unsigned k = 0; k < started && !st; k++)
        if (jobs[k].st) {
            st = jobs[k].st;
            *err = jobs[k].err;
        }
    if (!st) {
        /* The stub last: until it exists the folder is no database. */
        sbuf sp = SBUF_INIT;
        FILE *f = NULL;
        if (sbuf_printf(&sp, "%s/" SHD_STUB_FILE, gen_path) ||
            !(f = fopen(sp.data, "w")) ||
            fwrite(stub.data, 1, stub.len, f) != stub.len ||
            fflush(f) != 0 || fsync(fileno(f)) != 0)
            st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s",
                           sp.data ? sp.data : gen_path, strerror(errno));
        if (f && fclose(f) != 0 && !st)
            st = spor_fail(err, SPOR_EIO, "%s: cannot write: %s", sp.data,
                           strerror(errno));
        sbuf_free(&sp);
    }
out:
    if (moved)
        remove_all(whole.data);
    for (unsigned k = 0; jobs && k < n; k++)
        free(jobs[k].path);
    free(jobs);
    free(threads);
    free(shard_of);
    free(sizes.n_passages);
    sbuf_free(&whole);
    sbuf_free(&stub);
    return st;
}

/* ---- opening ---------------------------------------------------------- */

typedef struct part {
    char *label;     /* how messages name it: a path or HOST:PORT */
    char *path;      /* local database, or NULL */
    char *host;      /* remote, or NULL */
    unsigned port;
    xc_db *db;
    unsigned k, n;   /* from SHD_META_SHARD; n 0 when not a shard */
    char set[96];
} part;

typedef struct part_list {
    part *v;
    size_t n, cap;
} part_list;

static void parts_free(part_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].label);
        free(l->v[i].path);
        free(l->v[i].host);
        xc_db_close(l->v[i].db);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static spor_status add_part(part_list *l, const char *path, const char *host,
                            unsigned port, spor_err *err)
{
    if (spor_grow(&l->v, &l->cap, l->n, sizeof *l->v, 8))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    part *p = &l->v[l->n];
    memset(p, 0, sizeof *p);
    sbuf label = SBUF_INIT;
    if (host ? sbuf_printf(&label, "%s:%u", host, port)
             : sbuf_append_str(&label, path))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    p->label = sbuf_detach(&label, NULL);
    p->path = path ? strdup(path) : NULL;
    p->host = host ? strdup(host) : NULL;
    p->port = port;
    l->n++;
    if (!p->label || (path && !p->path) || (host && !p->host))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

static int is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int exists_in(const char *dir, const char *name)
{
    sbuf p = SBUF_INIT;
    struct stat sb;
    int r = sbuf_printf(&p, "%s/%s", dir, name) == SPOR_OK &&
            stat(p.data, &sb) == 0;
    sbuf_free(&p);
    return r;
}

int shd_is_sharded(const char *gen_path)
{
    return is_dir(gen_path) && exists_in(gen_path, SHD_STUB_FILE);
}

static spor_status expand(const char *spec, int depth, part_list *l,
                          spor_err *err);

/* One "remote" argument: HOST:PORT (Xapian's TCP form). */
static spor_status remote_part(const char *arg, const char *file,
                               unsigned line, part_list *l, spor_err *err)
{
    const char *colon = strrchr(arg, ':');
    char *end = NULL;
    long port = colon ? strtol(colon + 1, &end, 10) : 0;
    if (!colon || colon == arg || !colon[1] || *end || port < 1 ||
        port > 65535)
        return spor_fail(err, SPOR_EINVAL, "%s:%u: 'remote %s': spor reads "
                         "only 'remote HOST:PORT'", file, line, arg);
    char host[256];
    size_t hl = (size_t)(colon - arg);
    if (hl >= sizeof host)
        return spor_fail(err, SPOR_EINVAL, "%s:%u: host name too long",
                         file, line);
    memcpy(host, arg, hl);
    host[hl] = '\0';
    return add_part(l, NULL, host, (unsigned)port, err);
}

/* Reads a Xapian stub file: lines "auto PATH" (or a backend name instead
 * of auto) and "remote HOST:PORT"; relative paths are relative to the
 * stub's folder, as for Xapian. */
static spor_status read_stub(const char *file, const char *base, int depth,
                             part_list *l, spor_err *err)
{
    FILE *f = fopen(file, "r");
    if (!f)
        return spor_fail(err, SPOR_EINDEX, "%s: cannot read: %s", file,
                         strerror(errno));
    char buf[SHD_STUB_LINE_MAX];
    unsigned line = 0;
    size_t before = l->n;
    spor_status st = SPOR_OK;
    while (!st && fgets(buf, sizeof buf, f)) {
        line++;
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            st = spor_fail(err, SPOR_EINDEX, "%s:%u: not an index folder or a Xapian stub file "
                           "(line too long)", file, line);
            break;
        }
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r' ||
                       buf[len - 1] == ' ' || buf[len - 1] == '\t'))
            buf[--len] = '\0';
        char *s = buf + strspn(buf, " \t");
        if (!*s || *s == '#')
            continue;
        char *arg = s + strcspn(s, " \t");
        if (*arg)
            *arg++ = '\0';
        arg += strspn(arg, " \t");
        if (!*arg) {
            st = spor_fail(err, SPOR_EINDEX, "%s:%u: not an index folder or a Xapian stub file "
                           "('%.40s' without a database)", file, line, s);
        } else if (!strcmp(s, "remote")) {
            st = remote_part(arg, file, line, l, err);
        } else if (!strcmp(s, "auto") || !strcmp(s, "glass") ||
                   !strcmp(s, "chert")) {
            sbuf p = SBUF_INIT;
            if (arg[0] == '/' ? sbuf_append_str(&p, arg)
                              : sbuf_printf(&p, "%s/%s", base, arg))
                st = spor_fail(err, SPOR_ENOMEM, "out of memory");
            else
                st = expand(p.data, depth + 1, l, err);
            sbuf_free(&p);
        } else {
            st = spor_fail(err, SPOR_EINDEX, "%s:%u: not an index folder or a Xapian stub file "
                           "(unknown database type '%.40s')", file, line, s);
        }
    }
    if (!st && ferror(f))
        st = spor_fail(err, SPOR_EIO, "%s: cannot read: %s", file,
                       strerror(errno));
    fclose(f);
    if (!st && l->n == before)
        st = spor_fail(err, SPOR_EINDEX, "%s: stub file names no database",
                       file);
    return st;
}

static spor_status expand(const char *spec, int depth, part_list *l,
                          spor_err *err)
{
    if (depth > SHD_MAX_DEPTH)
        return spor_fail(err, SPOR_EINDEX, "%s: stub files nested too deep "
                         "(a loop?)", spec);
    struct stat sb;
    if (stat(spec, &sb) == 0 && S_ISREG(sb.st_mode)) {
        char *copy = strdup(spec);
        if (!copy)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        char *slash = strrchr(copy, '/');
        const char *base = ".";
        if (slash) {
            *slash = '\0';
            base = slash == copy ? "/" : copy;
        }
        spor_status st = read_stub(spec, base, depth, l, err);
        free(copy);
        return st;
    }
    if (shd_is_sharded(spec)) {
        sbuf p = SBUF_INIT;
        if (sbuf_printf(&p, "%s/" SHD_STUB_FILE, spec))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        spor_status st = read_stub(p.data, spec, depth, l, err);
        sbuf_free(&p);
        return st;
    }
    if (is_dir(spec) && exists_in(spec, "iamglass"))
        return add_part(l, spec, NULL, 0, err);
    /* A spor index folder: its current generation. */
    char *cur = NULL;
    spor_status st = gen_current_path(spec, &cur, err);
    if (!st)
        st = shd_is_sharded(cur) ? expand(cur, depth + 1, l, err)
                 : add_part(l, cur, NULL, 0, err);
    free(cur);
    return st;
}

static spor_status open_part(part *p, spor_err *err)
{
    xc_error xe;
    xc_status xs = p->host ? xc_db_open_remote(p->host, p->port,
                                               SHD_REMOTE_TIMEOUT_MS, &p->db,
                                               &xe)
                           : xc_db_open(p->path, &p->db, &xe);
    char *meta = NULL;
    size_t len = 0;
    if (xs == XC_OK) {
        xs = xc_db_get_metadata(p->db, SHD_META_SHARD, &meta, &len, &xe);
        if (xs == XC_ENOTFOUND) {
            xs = XC_OK; /* an index that is not sharded */
        } else if (xs == XC_OK) {
            char set[sizeof p->set];
            if (len >= 64 || sscanf(meta, "%u %u %63s", &p->k, &p->n,
                                    set) != 3 ||
                p->n < 2 || p->k >= p->n)
                xs = XC_ECORRUPT, snprintf(xe.msg, sizeof xe.msg,
                                           "bad %s metadata", SHD_META_SHARD);
            else
                snprintf(p->set, sizeof p->set, "%s", set);
        }
        free(meta);
    }
    if (xs == XC_OK)
        return SPOR_OK;
    xc_db_close(p->db);
    p->db = NULL;
    if (xs == XC_ENETWORK)
        return spor_fail(err, SPOR_EINDEX, "shard %s does not answer: %s",
                         p->label, xe.msg);
    if (xs == XC_ENOMEM)
        return spor_fail(err, SPOR_ENOMEM, "%s: out of memory", p->label);
    /* A local database that does not open is damaged: only a new build
     * mends it. */
    return spor_fail(err, SPOR_EINDEX, "%s: cannot open index: %s; rebuild "
                     "it with 'spor index --rebuild'", p->label, xe.msg);
}

static int cmp_part(const void *a, const void *b)
{
    const part *x = a, *y = b;
    if (!x->db != !y->db)
        return x->db ? -1 : 1;
    return x->k < y->k ? -1 : x->k > y->k;
}

/* The parts that opened must be distinct shards of one index, or one
 * index alone. */
static spor_status check_set(part *v, size_t n, size_t n_failed,
                             const shd_open_opts *o, shd_set *out,
                             spor_err *err)
{
    const part *first = &v[0];
    if (n == 1 && n_failed == 0 && first->n == 0)
        return SPOR_OK;
    unsigned char seen[SHD_MAX] = {0};
    for (size_t i = 0; i < n; i++) {
        if (v[i].n == 0)
            return spor_fail(err, SPOR_EINDEX, "%s is an index of its own, "
                             "not a shard: spor searches several databases "
                             "only as shards of one index (spor index "
                             "--shards N)", v[i].label);
        if (v[i].n != first->n || strcmp(v[i].set, first->set))
            return spor_fail(err, SPOR_EINDEX, "%s and %s are shards of "
                             "different indexes (%s, %s)", first->label,
                             v[i].label, first->set, v[i].set);
        if (v[i].n > SHD_MAX)
            return spor_fail(err, SPOR_EINDEX, "%s: too many shards (%u)",
                             v[i].label, v[i].n);
        if (seen[v[i].k])
            return spor_fail(err, SPOR_EINDEX, "%s: shard %u of %u is named "
                             "twice", v[i].label, v[i].k + 1, v[i].n);
        seen[v[i].k] = 1;
    }
    out->n_shards = first->n;
    out->n_missing = first->n - (unsigned)n;
    if (out->n_missing == 0)
        return SPOR_OK;
    if (!o->allow_partial) {
        unsigned k = 0;
        while (seen[k])
            k++;
        return spor_fail(err, SPOR_EINDEX, "%s: shard %u of %u is not "
                         "named; name every shard (or --allow-partial)",
                         first->label, k + 1, first->n);
    }
    /* Shards that failed were reported already; name the others. */
    if (o->missing && out->n_missing > n_failed)
        for (unsigned k = 0; k < first->n; k++)
            if (!seen[k]) {
                char what[64];
                snprintf(what, sizeof what, "shard %u of %u", k + 1,
                         first->n);
                o->missing(o->missing_ctx, what, "not named");
            }
    return SPOR_OK;
}

static spor_status open_once(const char *const *specs, size_t n,
                             const shd_open_opts *o, shd_set *out,
                             spor_err *err)
{
    static const shd_open_opts none = {0, NULL, NULL};
    if (!o)
        o = &none;
    memset(out, 0, sizeof *out);
    part_list l = {0};
    spor_status st = SPOR_OK;
    if (n == 0)
        return spor_fail(err, SPOR_EINVAL, "no index named");
    for (size_t i = 0; i < n && !st; i++)
        st = expand(specs[i], 0, &l, err);
    size_t n_failed = 0;
    for (size_t i = 0; i < l.n && !st; i++) {
        spor_err perr;
        spor_err_clear(&perr);
        spor_status ps = open_part(&l.v[i], &perr);
        if (ps == SPOR_OK)
            continue;
        /* Only a shard that does not answer may be left out: a local
         * database that fails to open is damaged, not away. */
        if (!o->allow_partial || !l.v[i].host || ps == SPOR_ENOMEM) {
            st = ps;
            *err = perr;
        } else {
            n_failed++;
            if (o->missing)
                o->missing(o->missing_ctx, l.v[i].label, perr.msg);
        }
    }
    if (!st && n_failed == l.n)
        st = spor_fail(err, SPOR_EINDEX, "no shard answers (%s is the "
                       "first)", l.v[0].label);
    if (st)
        goto out;
    qsort(l.v, l.n, sizeof *l.v, cmp_part); /* opened ones first, by k */
    size_t n_open = l.n - n_failed;
    if ((st = check_set(l.v, n_open, n_failed, o, out, err)))
        goto out;
    xc_error xe;
    if (n_open == 1) {
        out->db = l.v[0].db;
        l.v[0].db = NULL;
    } else {
        if (xc_db_new_empty(&out->db, &xe)) {
            st = spor_fail(err, SPOR_ENOMEM, "%s", xe.msg);
            goto out;
        }
        for (size_t i = 0; i < n_open; i++)
            if (xc_db_add_database(out->db, l.v[i].db, &xe)) {
                st = spor_fail(err, SPOR_EINDEX, "%s: %s", l.v[i].label,
                               xe.msg);
                goto out;
            }
    }
    out->n_parts = (unsigned)n_open;
    for (size_t i = 0; i < n_open; i++)
        out->remote |= l.v[i].host != NULL;
    /* A single spec is measured whole (all its shards); otherwise the
     * first local part. */
    const char *local = NULL;
    for (size_t i = 0; i < n_open && !local; i++)
        local = l.v[i].path;
    if (n == 1 && !out->remote && is_dir(specs[0]) &&
        gen_current_path(specs[0], &out->path, err) == SPOR_OK)
        local = NULL;
    spor_err_clear(err);
    if (local && !(out->path = strdup(local)))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
out:
    parts_free(&l);
    if (st)
        shd_close(out);
    return st;
}

/* A writer may publish a new generation and remove the one a reader just
 * resolved "current" to, between resolving and opening it; resolving
 * again then finds the new one. */
#define SHD_OPEN_ATTEMPTS 3

spor_status shd_open(const char *const *specs, size_t n,
                     const shd_open_opts *o, shd_set *out, spor_err *err)
{
    spor_status st = SPOR_OK;
    for (int attempt = 0; attempt < SHD_OPEN_ATTEMPTS; attempt++) {
        st = open_once(specs, n, o, out, err);
        if (st != SPOR_EINDEX)
            break;
    }
    return st;
}

void shd_close(shd_set *s)
{
    if (!s)
        return;
    xc_db_close(s->db);
    free(s->path);
    memset(s, 0, sizeof *s);
}

xc_status shd_each_synonym(xc_db *db, const char *term, xc_term_fn fn,
                           void *ctx, xc_error *err)
{
    sbuf key = SBUF_INIT;
    if (sbuf_printf(&key, SHD_META_SYN_PREFIX "%s", term)) {
        err->status = XC_ENOMEM;
        snprintf(err->msg, sizeof err->msg, "out of memory");
        return XC_ENOMEM;
    }
    char *val = NULL;
    size_t len = 0;
    xc_status xs = xc_db_get_metadata(db, key.data, &val, &len, err);
    sbuf_free(&key);
    if (xs == XC_ENOTFOUND)
        return XC_OK;
    for (size_t i = 0; xs == XC_OK && i < len;) {
        const char *nl = memchr(val + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - val) : len;
        if (end > i && fn(ctx, val + i, end - i, 0))
            break;
        i = end + 1;
    }
    free(val);
    return xs;
}
