/* The state one indexing run shares among its stages (run.h): its
 * warnings and stage reports, its file and work lists, the manifest of the
 * folder being read, the mtimes it records, and the keys of the copy
 * groups its passages join. */
#include "run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/text/utf8.h"

/* A file modified this close (seconds) to the run may change again within
 * its file system's timestamp granularity after we read it; its mtime is
 * not trusted next time (recorded as 0), so the next run hashes it. */
#define RUN_RACY_SECONDS 2

void run_files_free(file_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    free(l->paths);
}

spor_status run_files_add(file_list *l, const char *path)
{
    if (spor_grow(&l->paths, &l->cap, l->n, sizeof *l->paths, 64))
        return SPOR_ENOMEM;
    char *s = strdup(path);
    if (!s)
        return SPOR_ENOMEM;
    l->paths[l->n++] = s;
    return SPOR_OK;
}

void run_warn(const idx_opts *o, const char *fmt, ...)
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

void run_stage(const idx_opts *o, const char *name)
{
    if (o->stage)
        o->stage(o->stage_ctx, name);
}

const char *run_shown(const char *path, sbuf *b)
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

int run_cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

spor_status run_work_add(work_list *w, const char *path, long ord,
                         uint64_t size)
{
    if (spor_grow(&w->items, &w->cap, w->n, sizeof *w->items, 64))
        return SPOR_ENOMEM;
    char *s = strdup(path);
    if (!s)
        return SPOR_ENOMEM;
    w->items[w->n++] = (work_item){s, ord, size, 0, 0};
    return SPOR_OK;
}

void run_work_free(work_list *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->items[i].path);
    free(w->items);
}

spor_status run_push_head(run *r, size_t passage, const char *key,
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
spor_status run_copy_group(run *r, schema_record *rec, const char *doc_id,
                           char key[SCHEMA_ID_MAX], spor_err *err)
{
    size_t group, me = r->n_copies;
    double share;
    int kept = 0;
    cp_shingles s;
    if (cp_make_shingles(rec->text, rec->text_len, &s))
        return spor_fail(err, SPOR_ENOMEM, "copy detection: out of memory");
    rec->n_sketch = cp_sketch(&s, rec->sketch);
    spor_status st = cp_add_shingles(r->copies, &s, rec->doc_ord, &group,
                                     &share, err);
    if (!st) {
        r->n_copies++;
        st = kept_group(r, &s, rec->doc_ord, share, key, &kept, err);
    }
    cp_shingles_free(&s);
    if (st)
        return st;
    /* A new passage in a kept group names the group for the new passages
     * that join it after. */
    if (kept)
        return group == me ? run_push_head(r, me, key, err) : SPOR_OK;
    if (group != me)
        return head_key(r, group, key, err);
    char id[SCHEMA_ID_MAX];
    schema_passage_id(doc_id, rec->passage_ord, id);
    snprintf(key, SCHEMA_ID_MAX, "%s", id);
    for (unsigned k = 1;
         r->kept_keys && smap_get(r->kept_keys, key, strlen(key), NULL); k++)
        snprintf(key, SCHEMA_ID_MAX, "%.20s~%u", id, k);
    return run_push_head(r, me, key, err);
}

spor_status run_load_manifest(run *r, const char *path, spor_err *err)
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
        run_warn(r->opts, "%s (manifest ignored)", merr.msg);
        memset(&r->manifest, 0, sizeof r->manifest);
    }
    sbuf_free(&mp);
    return SPOR_OK;
}

char *run_join_places(const mf_entry *m)
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

int64_t run_mtime_ns(const struct stat *sb)
{
    return (int64_t)sb->st_mtim.tv_sec * 1000000000 + sb->st_mtim.tv_nsec;
}

/* The mtime to record for a file just read: 0 (hash it next time) when
 * it changed while being read or may still change unnoticed within the
 * timestamp granularity. */
int64_t run_trusted_mtime(const run *r, const struct stat *sb,
                          uint64_t bytes_read)
{
    if ((uint64_t)sb->st_size != bytes_read ||
        sb->st_mtim.tv_sec >= r->started - RUN_RACY_SECONDS)
        return 0;
    return run_mtime_ns(sb);
}

void run_free(run *r)
{
    schema_doctable_free(&r->table);
    free(r->seen);
    free(r->redo);
    free(r->by_path);
    free(r->late_gone);
    codec_deflater_free(r->deflater);
    sbuf_free(&r->zdict);
    sbuf_free(&r->stemkeep);
    mf_free(&r->manifest);
    free(r->manifest_dir);
    pl_free(r->gaz);
    cp_free(r->copies);
    free(r->heads);
    smap_free(r->kept_keys);
    kept_free(r);
    free(r->stock);
    smap_free(r->doc_ids);
    sbuf_free(&r->cwd);
    apt_free(r->apart);
}
