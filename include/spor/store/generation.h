/* Index generations on disk: the folder layout that makes updates atomic.
 *
 * An index folder holds complete Xapian databases "gen-<ns>-<pid>", a
 * symlink "current" naming the live one, and the writer lock "spor.lock".
 * A writer never changes a published generation: it builds the next one
 * (fresh, or as a copy of the current one that it then updates), commits
 * it, and switches "current" with rename(2). Readers resolve "current"
 * once and open that generation, which therefore never changes under them.
 * These helpers are the indexer's, and gen_current_path is every reader's;
 * they report through spor_err and never print. */
#ifndef SPOR_GENERATION_H
#define SPOR_GENERATION_H

#include <stddef.h>
#include "spor/text/status.h"

#define GEN_PREFIX "gen-"
#define GEN_CURRENT_LINK "current"
#define GEN_LOCK_FILE "spor.lock"
/* Room for a generation's name. */
#define GEN_NAME_MAX 64

/* Creates dir and its missing parents; fails when dir is not a folder. */
spor_status gen_make_dirs(const char *dir, spor_err *err);

/* Takes the writer lock of the index in dir without waiting: a second
 * writer gets SPOR_EINDEX naming the holder's pid. *fd_out keeps the lock
 * until gen_unlock. */
spor_status gen_lock(const char *dir, int *fd_out, spor_err *err);
void gen_unlock(int fd);

/* The path of the database a reader should open: the generation
 * dir/current points at, resolved once so that the reader keeps one
 * generation even if a writer publishes another meanwhile. Fails with
 * SPOR_EINDEX when dir holds no spor index. *out is malloc'd. */
spor_status gen_current_path(const char *dir, char **out, spor_err *err);

/* The name of the generation "current" points at, or "" when none. */
void gen_current_name(const char *dir, char out[GEN_NAME_MAX]);

/* A fresh generation name, different from avoid (the current one). */
void gen_new_name(const char *avoid, char out[GEN_NAME_MAX]);

/* Pins the generation dir/current points at: resolves it, opens its
 * folder and takes a shared flock(2) on it, resolving again when a writer
 * removed it meanwhile. *path_out (malloc'd) is the generation's path,
 * *fd_out (close-on-exec) holds the pin until it is closed, by the
 * process or by its exit. A file system without flock gives no pin (the
 * generation is then pruned as before; the path is still returned). */
spor_status gen_pin(const char *dir, char **path_out, int *fd_out,
                    spor_err *err);

/* Removes every generation of dir except keep (NULL: none kept) and those
 * a reader pins (gen_pin). Only with the lock held: these are the previous
 * generation and leftovers of runs that were killed. */
void gen_remove_stale(const char *dir, const char *keep);

/* Removes the generation name of dir when "current" no longer points at
 * it and no reader pins it: what gen_remove_stale left for a reader, once
 * the reader is done. Needs no lock (no writer reads a generation after
 * it stopped being current, and names are never reused). Returns 1 when
 * it removed it. */
int gen_remove_unpinned(const char *dir, const char *name);

/* Removes a folder and what it holds (best effort). */
void gen_remove_tree(const char *path);

/* Copies the files of the generation folder from into the new folder to,
 * each made durable (fsync) before the copy is trusted; a clone (reflink)
 * where the file system can. */
spor_status gen_copy(const char *from, const char *to, spor_err *err);

/* Points dir/current at gen atomically and durably. */
spor_status gen_publish(const char *dir, const char *gen, spor_err *err);

#endif
