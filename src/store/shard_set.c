/* Opening shards (shards.h): shd_open resolves what the user names (index
 * folders, shard databases, Xapian stub files with local and remote
 * parts), checks that the parts are shards of one index, and combines
 * them into one Xapian database; writing them is shards.c's. */
#include "spor/store/shards.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spor/store/generation.h"
#include "spor/store/verify.h"
#include "spor/store/xerror.h"
#include "spor/text/buf.h"

/* How long a remote shard may take to accept a connection or answer one
 * request before it counts as not answering. Xapian's own default (10 s)
 * keeps a user waiting too long for a shard that is down; a loaded shard
 * on a LAN answers well within this. */
#define SHD_REMOTE_TIMEOUT_MS 5000
/* Stub files may name stub files; deeper nesting is a loop. */
#define SHD_MAX_DEPTH 8
/* Longest line read from a stub file. */
#define SHD_STUB_LINE_MAX 4096

typedef struct part {
    char *label;     /* how messages name it: a path or HOST:PORT */
    char *path;      /* local database, or NULL */
    char *host;      /* remote, or NULL */
    unsigned port;
    xc_db *db;
    unsigned k, n;   /* from SHD_META_SHARD; n 0 when not a shard */
    int meta;        /* the set's metadata database (SHD_META_SET) */
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
    /* Before libxapian reads a block: a damaged table can crash it. */
    spor_status vs = p->path ? vfy_tables(p->path, err) : SPOR_OK;
    if (vs)
        return vs;
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
            free(meta);
            meta = NULL;
            xs = xc_db_get_metadata(p->db, SHD_META_SET, &meta, &len, &xe);
            char set[sizeof p->set];
            if (xs == XC_ENOTFOUND) {
                xs = XC_OK; /* an index that is not sharded */
            } else if (xs == XC_OK) {
                if (len >= 64 || sscanf(meta, "%u %63s", &p->n, set) != 2 ||
                    p->n < 2)
                    xs = XC_ECORRUPT, snprintf(xe.msg, sizeof xe.msg,
                                               "bad %s metadata",
                                               SHD_META_SET);
                else
                    snprintf(p->set, sizeof p->set, "%s", set), p->meta = 1;
            }
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
        return spor_fail(err, xerr_status(xs), "shard %s does not answer: %s",
                         p->label, xe.msg);
    if (xs == XC_ENOMEM)
        return spor_fail(err, xerr_status(xs), "%s: out of memory",
                         p->label);
    /* A local database that does not open is damaged: only a new build
     * mends it. */
    return spor_fail(err, xerr_status(xs), "%s: cannot open index: %s; "
                     "rebuild it with 'spor index --rebuild'", p->label,
                     xe.msg);
}

static int cmp_part(const void *a, const void *b)
{
    const part *x = a, *y = b;
    if (!x->db != !y->db)
        return x->db ? -1 : 1;
    /* The metadata database first: Xapian reads metadata from the first
     * database of a combination. */
    if (x->meta != y->meta)
        return x->meta ? -1 : 1;
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
    size_t n_meta = 0;
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
        if (v[i].meta && n_meta++)
            return spor_fail(err, SPOR_EINDEX, "%s: the set's metadata "
                             "database is named twice", v[i].label);
        if (v[i].meta)
            continue;
        if (seen[v[i].k])
            return spor_fail(err, SPOR_EINDEX, "%s: shard %u of %u is named "
                             "twice", v[i].label, v[i].k + 1, v[i].n);
        seen[v[i].k] = 1;
    }
    out->n_shards = first->n;
    out->n_missing = first->n - (unsigned)(n - n_meta);
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
            st = spor_fail(err, xerr_status(xe.status), "%s", xe.msg);
            goto out;
        }
        for (size_t i = 0; i < n_open; i++)
            if (xc_db_add_database(out->db, l.v[i].db, &xe)) {
                st = xerr_fail(err, &xe, 0, "%s", l.v[i].label);
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
