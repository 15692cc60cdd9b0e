/* The input walk: from the paths a run is given to the list of document
 * files it reads (walk_inputs, run.h), folders walked in sorted order,
 * hidden entries skipped unless asked for, loops and repeats dropped, and
 * symlinks that lead out of the paths given skipped unless asked for. */
/* realpath, which POSIX.1-2008 base leaves to the XSI option. */
#define _XOPEN_SOURCE 700
#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "spor/doc/formats.h"
#include "spor/doc/manifest.h"
#include "spor/doc/reader.h"
#include "spor/text/path.h"

/* Folder walks stop here: a report collection is never this deep, and a
 * deeper tree is almost always a symlink loop or a mistake. */
#define WALK_MAX_DEPTH 32

/* The folders on the way down to the one being walked: a folder that is
 * its own ancestor (through a symlink) is a loop. */
typedef struct walk_path {
    dev_t dev[WALK_MAX_DEPTH + 1];
    ino_t ino[WALK_MAX_DEPTH + 1];
} walk_path;

/* One walk over the paths given: where it is, what it collects, and the
 * real paths (symlinks resolved) of the paths given, the tree a symlink
 * must stay in to be followed without --follow. */
typedef struct walker {
    walk_path wp;
    file_list *out;
    idx_summary *sum;
    const idx_opts *o;
    file_list roots;
    spor_err *err;
} walker;

/* 1 when the folder at dir is not walked (warned): too deep, or its own
 * ancestor through a symlink. Records it on the way down otherwise. */
static int refused(const char *dir, int depth, walk_path *wp,
                   idx_summary *sum, const idx_opts *o)
{
    sbuf show = SBUF_INIT;
    struct stat dsb = {0};
    if (depth > WALK_MAX_DEPTH) {
        run_warn(o, "%s: skipped: folders nested deeper than %d",
                 run_shown(dir, &show), WALK_MAX_DEPTH);
        sbuf_free(&show);
        return 1;
    }
    if (stat(dir, &dsb) == 0)
        for (int i = 0; i < depth; i++)
            if (wp->dev[i] == dsb.st_dev && wp->ino[i] == dsb.st_ino) {
                run_warn(o, "%s: skipped: symlink loop (the folder contains "
                         "itself)", run_shown(dir, &show));
                sum->n_skipped++;
                sbuf_free(&show);
                return 1;
            }
    wp->dev[depth] = dsb.st_dev;
    wp->ino[depth] = dsb.st_ino;
    return 0;
}

/* The names in dir, sorted, without "." and "..", and without hidden
 * ones unless asked for. A folder that cannot be read is a warning and
 * has no names. */
static spor_status list_names(const char *dir, idx_summary *sum,
                              const idx_opts *o, file_list *names,
                              spor_err *err)
{
    DIR *d = opendir(dir);
    if (!d) {
        sbuf show = SBUF_INIT;
        run_warn(o, "%s: skipped: %s", run_shown(dir, &show),
                 strerror(errno));
        sum->n_skipped++;
        sbuf_free(&show);
        return SPOR_OK;
    }
    struct dirent *e;
    spor_status st = SPOR_OK;
    while ((e = readdir(d)) && !st)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            (e->d_name[0] != '.' || o->include_hidden))
            st = run_files_add(names, e->d_name);
    closedir(d);
    if (st)
        return spor_fail(err, st, "%s: out of memory", dir);
    if (names->n)
        qsort(names->paths, names->n, sizeof *names->paths, run_cmp_str);
    return SPOR_OK;
}

/* 1 when the real path real is one of the paths given or below one. */
static int inside_roots(const walker *w, const char *real)
{
    for (size_t i = 0; i < w->roots.n; i++) {
        const char *r = w->roots.paths[i];
        size_t n = strlen(r);
        /* The root "/" holds everything; otherwise a prefix counts only
         * up to a '/' ("/data/a" does not hold "/data/ab"). */
        if (n == 1 && r[0] == '/')
            return 1;
        if (!strncmp(real, r, n) && (real[n] == '\0' || real[n] == '/'))
            return 1;
    }
    return 0;
}

/* 1 when path is a symlink leading out of the paths given that is not to
 * be followed (warned and counted when it leads to a folder or a document,
 * counted as ignored when to another file): the walk stays in the tree it
 * was given unless --follow asks otherwise. A link that cannot be resolved
 * is left to the caller's stat, which says why. */
static int leaves_tree(walker *w, const char *path)
{
    struct stat lsb, sb;
    if (w->o->follow_links || lstat(path, &lsb) != 0 || !S_ISLNK(lsb.st_mode))
        return 0;
    char *real = realpath(path, NULL);
    if (!real)
        return 0;
    int out = !inside_roots(w, real) && stat(path, &sb) == 0;
    if (out && S_ISREG(sb.st_mode) && !fmt_is_document(path)) {
        w->sum->n_ignored++;
    } else if (out && (S_ISDIR(sb.st_mode) || S_ISREG(sb.st_mode))) {
        sbuf show = SBUF_INIT, to = SBUF_INIT;
        run_warn(w->o, "%s: skipped: a symlink to %s, outside the paths "
                 "given (--follow follows it)", run_shown(path, &show),
                 run_shown(real, &to));
        w->sum->n_skipped++;
        sbuf_free(&show);
        sbuf_free(&to);
    }
    free(real);
    return out;
}

/* Adds the documents below dir to w->out, sorted, skipping hidden entries
 * unless asked for. What is a document is told by name and magic bytes
 * (formats.h); other files are counted as ignored, without a warning each:
 * a folder of web pages holds many images and style sheets. */
static spor_status walk(walker *w, const char *dir, int depth)
{
    const idx_opts *o = w->o;
    if (refused(dir, depth, &w->wp, w->sum, o))
        return SPOR_OK;
    file_list names = {0};
    spor_status st = list_names(dir, w->sum, o, &names, w->err);
    sbuf path = SBUF_INIT, show = SBUF_INIT;
    size_t dl = strlen(dir);
    while (dl > 0 && dir[dl - 1] == '/')
        dl--;
    for (size_t i = 0; i < names.n && !st; i++) {
        /* The manifest is read for the documents beside it, not ignored. */
        if (!strcmp(names.paths[i], MANIFEST_FILE_NAME))
            continue;
        sbuf_reset(&path);
        if (sbuf_append(&path, dir, dl) || sbuf_append_char(&path, '/') ||
            sbuf_append_str(&path, names.paths[i])) {
            st = spor_fail(w->err, SPOR_ENOMEM, "%s: out of memory", dir);
            break;
        }
        if (leaves_tree(w, path.data))
            continue;
        struct stat sb;
        if (stat(path.data, &sb) != 0) {
            /* Dangling links and self-referencing links (ELOOP) land
             * here; only files we would have indexed are worth a word. */
            if (fmt_of_name(names.paths[i]) != FMT_UNKNOWN &&
                fmt_of_name(names.paths[i]) != FMT_OTHER) {
                run_warn(o, "%s: skipped: %s", run_shown(path.data, &show),
                         strerror(errno));
                w->sum->n_skipped++;
            }
            continue;
        }
        if (S_ISDIR(sb.st_mode))
            st = walk(w, path.data, depth + 1);
        else if (S_ISREG(sb.st_mode) && !fmt_is_document(path.data))
            w->sum->n_ignored++;
        else if (S_ISREG(sb.st_mode) && run_files_add(w->out, path.data))
            st = spor_fail(w->err, SPOR_ENOMEM, "out of memory");
    }
    sbuf_free(&path);
    sbuf_free(&show);
    run_files_free(&names);
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
    qsort(sorted, l->n, sizeof *sorted, run_cmp_str);
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

/* The real paths of the paths given that exist, into w->roots: the tree
 * the walk keeps to. A path that does not resolve is warned about later,
 * when it is walked. */
static spor_status find_roots(walker *w, const char *const *paths,
                              size_t n_paths)
{
    for (size_t i = 0; i < n_paths; i++) {
        char *real = realpath(paths[i], NULL);
        if (!real && errno == ENOMEM)
            return SPOR_ENOMEM;
        spor_status st = real ? run_files_add(&w->roots, real) : SPOR_OK;
        free(real);
        if (st)
            return st;
    }
    return SPOR_OK;
}

spor_status walk_inputs(const char *const *paths, size_t n_paths,
                        const idx_opts *o, idx_summary *sum, file_list *out,
                        spor_err *err)
{
    walker w = {.out = out, .sum = sum, .o = o, .err = err};
    sbuf cwd = SBUF_INIT, abs = SBUF_INIT;
    spor_status st = path_cwd(&cwd, err);
    if (!st && !o->follow_links && find_roots(&w, paths, n_paths))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    for (size_t i = 0; i < n_paths && !st; i++) {
        struct stat sb;
        /* Absolute, so the index's paths open from any folder and an
         * update run from another folder finds the same files. */
        if (path_absolute(paths[i], cwd.data, &abs)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        } else if (stat(paths[i], &sb) != 0) {
            run_warn(o, "%s: skipped: %s", paths[i], strerror(errno));
            sum->n_skipped++;
        } else if (S_ISDIR(sb.st_mode)) {
            st = walk(&w, abs.data, 0);
        } else if (run_files_add(out, abs.data)) {
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        }
    }
    sbuf_free(&cwd);
    sbuf_free(&abs);
    run_files_free(&w.roots);
    if (!st && dedupe(out))
        st = spor_fail(err, SPOR_ENOMEM, "out of memory");
    return st;
}
