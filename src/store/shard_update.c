/* Updating a set of shards (shard_update.h): the set's previous generation
 * read as one database, the writer that copies a shard when it is first
 * written, and the new generation made of the metadata database, the
 * shards written and links to the shards left as they were. */
#include "spor/store/shard_update.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spor/store/generation.h"
#include "spor/store/schema.h"
#include "spor/store/shards.h"
#include "spor/store/xerror.h"
#include "spor/text/buf.h"

struct shd_update {
    char *from;        /* the previous generation */
    char *build;       /* the scratch folder */
    unsigned n;
    char *written;     /* per shard: copied into build to be written */
    spor_err copy_err; /* why a copy failed */
};

/* path/name, malloc'd; NULL when out of memory. */
static char *join(const char *path, const char *name)
{
    sbuf b = SBUF_INIT;
    if (sbuf_printf(&b, "%s/%s", path, name)) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_detach(&b, NULL);
}

static char *shard_path(const char *gen_path, unsigned k)
{
    char name[32];
    snprintf(name, sizeof name, SHD_DIR_PREFIX "%u", k);
    return join(gen_path, name);
}

unsigned shd_update_count(const char *gen_path)
{
    char *meta = join(gen_path, SHD_META_DIR);
    xc_db *db = NULL;
    xc_error xe;
    char *val = NULL;
    size_t len = 0;
    unsigned n = 0;
    struct stat sb;
    if (meta && shd_is_sharded(gen_path) && stat(meta, &sb) == 0 &&
        xc_db_open(meta, &db, &xe) == XC_OK &&
        xc_db_get_metadata(db, SHD_META_SET, &val, &len, &xe) == XC_OK &&
        (len >= 64 || sscanf(val, "%u", &n) != 1 || n < 2 || n > SHD_MAX))
        n = 0;
    free(val);
    xc_db_close(db);
    free(meta);
    return n;
}

/* The shards' paths in the previous generation, and its metadata
 * database's; *paths is n + 1 malloc'd strings, the metadata last. */
static spor_status set_paths(const char *gen_path, unsigned n, char ***paths,
                             spor_err *err)
{
    char **p = calloc(n + 1, sizeof *p);
    int ok = p != NULL;
    for (unsigned k = 0; ok && k < n; k++)
        ok = (p[k] = shard_path(gen_path, k)) != NULL;
    if (ok)
        ok = (p[n] = join(gen_path, SHD_META_DIR)) != NULL;
    if (!ok) {
        for (unsigned k = 0; p && k <= n; k++)
            free(p[k]);
        free(p);
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    *paths = p;
    return SPOR_OK;
}

static void paths_free(char **p, unsigned n)
{
    for (unsigned k = 0; p && k <= n; k++)
        free(p[k]);
    free(p);
}

spor_status shd_update_open_previous(const char *gen_path, unsigned n,
                                     xc_db **prev, spor_err *err)
{
    char **p = NULL;
    spor_status st = set_paths(gen_path, n, &p, err);
    if (st)
        return st;
    xc_error xe;
    if (xc_db_open_sharded(p[n], (const char *const *)p, n, prev, &xe) !=
        XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: cannot open index", gen_path);
    paths_free(p, n);
    return st;
}

/* The writer's copy of shard k, made on its first write. */
static int copy_shard(void *ctx, unsigned k, char *path, size_t cap)
{
    shd_update *u = ctx;
    char *from = shard_path(u->from, k), *to = shard_path(u->build, k);
    int rc = -1;
    if (!from || !to || strlen(to) >= cap)
        spor_fail(&u->copy_err, SPOR_ENOMEM, "out of memory");
    else if (gen_copy(from, to, &u->copy_err) == SPOR_OK) {
        memcpy(path, to, strlen(to) + 1);
        u->written[k] = 1;
        rc = 0;
    }
    free(from);
    free(to);
    return rc;
}

spor_status shd_update_begin(const char *gen_path, const char *build_path,
                             unsigned n, shd_update **out, xc_wdb **db,
                             spor_err *err)
{
    shd_update *u = calloc(1, sizeof *u);
    char **p = NULL;
    char *meta = NULL;
    spor_status st = SPOR_OK;
    *out = NULL;
    *db = NULL;
    if (!u || !(u->from = strdup(gen_path)) ||
        !(u->build = strdup(build_path)) || !(u->written = calloc(n, 1)) ||
        !(meta = join(build_path, SHD_META_DIR))) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    u->n = n;
    *out = u;
    if (mkdir(build_path, 0777) != 0) {
        st = spor_fail(err, SPOR_EIO, "%s: cannot create: %s", build_path,
                       strerror(errno));
        goto out;
    }
    if ((st = set_paths(gen_path, n, &p, err)) ||
        (st = gen_copy(p[n], meta, err)))
        goto out;
    xc_error xe;
    if (xc_wdb_open_sharded(meta, (const char *const *)p, n,
                            SCHEMA_PREFIX_DOC, copy_shard, u, db, &xe) !=
        XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: cannot open index copy",
                       build_path);
out:
    if (st && u && !*out)
        shd_update_free(u);
    paths_free(p, n);
    free(meta);
    return st;
}

spor_status shd_update_tables(xc_wdb *db, spor_err *err)
{
    xc_error xe;
    if (xc_wdb_synonyms_to_metadata(db, SHD_META_SYN_PREFIX, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "writing the synonyms' metadata");
    return SPOR_OK;
}

/* Moves or compacts the database from into to. */
static spor_status place(const char *from, const char *to, int compact,
                         spor_err *err)
{
    if (!compact) {
        if (rename(from, to) != 0)
            return spor_fail(err, SPOR_EIO, "%s: cannot rename to %s: %s",
                             from, to, strerror(errno));
        return SPOR_OK;
    }
    xc_error xe;
    if (xc_db_compact(from, to, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: compacting the index", to);
    return SPOR_OK;
}

/* Links shard k of the new generation to where the previous generation
 * has it: its own folder there, or where that one links to. */
static spor_status link_shard(const shd_update *u, const char *gen_path,
                              unsigned k, spor_err *err)
{
    char *old = shard_path(u->from, k), *to = shard_path(gen_path, k);
    const char *from_name = strrchr(u->from, '/');
    from_name = from_name ? from_name + 1 : u->from;
    char target[GEN_NAME_MAX * 2];
    spor_status st = SPOR_OK;
    if (!old || !to) {
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        goto out;
    }
    ssize_t len = readlink(old, target, sizeof target - 1);
    if (len > 0)
        target[len] = '\0';
    else
        snprintf(target, sizeof target, "../%s/" SHD_DIR_PREFIX "%u",
                 from_name, k);
    if (symlink(target, to) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot link to %s: %s", to,
                       target, strerror(errno));
out:
    free(old);
    free(to);
    return st;
}

spor_status shd_update_finish(shd_update *u, const char *gen_path,
                              int compact, spor_err *err)
{
    sbuf stub = SBUF_INIT;
    char *from = join(u->build, SHD_META_DIR), *to = join(gen_path,
                                                          SHD_META_DIR);
    spor_status st = SPOR_OK;
    if (!from || !to || sbuf_append_str(&stub, "auto " SHD_META_DIR "\n"))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    else if (mkdir(gen_path, 0777) != 0)
        st = spor_fail(err, SPOR_EIO, "%s: cannot create: %s", gen_path,
                       strerror(errno));
    else
        st = place(from, to, compact, err);
    for (unsigned k = 0; !st && k < u->n; k++) {
        free(from);
        free(to);
        from = shard_path(u->build, k);
        to = shard_path(gen_path, k);
        if (!from || !to ||
            sbuf_printf(&stub, "auto " SHD_DIR_PREFIX "%u\n", k))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        else if (u->written[k])
            st = place(from, to, compact, err);
        else
            st = link_shard(u, gen_path, k, err);
    }
    /* The stub last: until it exists the folder is no database. */
    if (!st)
        st = shd_write_stub(gen_path, &stub, err);
    int dfd = st ? -1 : open(gen_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    if (!st)
        gen_remove_tree(u->build);
    free(from);
    free(to);
    sbuf_free(&stub);
    return st;
}

unsigned shd_update_written(const shd_update *u)
{
    unsigned w = 0;
    for (unsigned k = 0; u && k < u->n; k++)
        w += u->written[k] != 0;
    return w;
}

void shd_update_free(shd_update *u)
{
    if (!u)
        return;
    free(u->from);
    free(u->build);
    free(u->written);
    free(u);
}
