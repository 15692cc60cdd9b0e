/* The indexing pipeline, idx_build: one run's stages in order (lock, walk,
 * start a build or an update, analyse and write, the corpus-wide tables,
 * commit, publish), each a call into the indexer's other files (run.h
 * names them). A run walks the inputs, decides per file whether it is new,
 * changed, unchanged or gone, reads, segments and analyses what must be
 * (re)indexed, and publishes the result as a new index generation only
 * when it is complete (see indexer.h and generation.h). Files that cannot be
 * indexed are skipped with a warning; a failure of the index itself aborts
 * the run and leaves the previous generation in place.
 *
 * A full build counts the corpus's words in a first pass (for the compound
 * splitter, the compression dictionary, the spelling and synonym tables),
 * its files read ahead by a thread per core (readahead.h), then reads and
 * segments every file again here and hands the passages to the writer
 * threads (writers.h), which make and write their documents into part
 * databases, compacted with the scratch database (tables, metadata) into
 * the new generation at the end. The spelling table is written meanwhile
 * by a thread of its own, the synonyms while the writers finish.
 *
 * An update starts from a copy of the current generation rather than
 * changing it in place: a published generation never changes, so readers
 * need no retry logic, and Xapian may flush the copy as often as it likes
 * without a reader ever seeing half an update. The corpus-wide tables are
 * carried forward so that the update answers like a fresh build of the
 * same files (docs/index-schema.md, "Updates", says where it cannot):
 *  - word counts: the stored counts, less the words of the passages that
 *    leave (decoded from the index), plus those of the files read anew;
 *  - compound splits: the words whose split the new counts may change
 *    (they or a piece of them changed count) are judged again; a kept
 *    document holding a word whose split changed is
 *    analysed again, so its terms are what a fresh build would give;
 *  - spelling: adjusted by the change of each word's count; synonyms:
 *    rewritten; the compression dictionary: kept (the kept passages are
 *    compressed with it);
 *  - copy groups: the new passages are compared with the kept ones, which
 *    keep their group keys.
 * The updated copy becomes the generation as it stands while the updates
 * since the last compaction rewrote little of the corpus, else it is
 * compacted into it (IDX_COMPACT_SHARE). A set of shards is updated the
 * same way, through a writer that copies only the shards it writes
 * (shard_update.h). */
#include "spor/store/indexer.h"

#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spor/store/generation.h"
#include "spor/store/shard_update.h"
#include "spor/store/shards.h"
#include "spor/store/verify.h"
#include "spor/store/xerror.h"
#include "spor/store/zdict.h"

#include "readahead.h"
#include "run.h"

/* The scratch database a generation is built (or updated) in before
 * compaction; its name starts like a generation's, so a killed run's
 * leftovers are removed with the stale generations. */
#define IDX_BUILD_SUFFIX "-build"

/* An update publishes its scratch copy as it stands, without compacting
 * it, while the files the updates since the last compaction read anew or
 * removed add up to at most this share of the corpus's bytes. Compaction
 * rewrites the whole index (a fifth of a one-file update's time at 50 MB)
 * to win back the blocks Xapian's writer leaves part empty; but a copy
 * updated in place reuses the blocks its earlier updates freed, so it
 * grows once (a quarter at 10 MB) and then little, and searches it as
 * fast (docs/index-schema.md, "Updates", has the figures). */
#define IDX_COMPACT_SHARE 0.10
/* Metadata: the bytes of the files read anew or removed by the updates
 * since this generation was last compacted (absent: it is compacted). */
#define IDX_META_REWRITTEN "spor.rewritten-bytes"

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

/* The pipeline's own state around the run's: the index folder, its lock
 * and generations, and the tools the stages share. */
typedef struct build {
    run r;
    const char *dir;
    const char *const *paths;
    size_t n_paths;
    int lock_fd;
    char cur[GEN_NAME_MAX], gen[GEN_NAME_MAX];
    sbuf gen_path, build_path, cur_path;
    int gen_made;         /* the new generation's folders may exist: they
                             are removed unless it is published */
    size_t n_prev_keys;   /* document keys the previous generation had */
    unsigned shards;      /* shards of the new generation: --shards, or
                             as many as the current one has (1: one
                             database) */
    unsigned set_update;  /* shards of a set updated shard by shard
                             (shard_update.h), else 0 */
    shd_update *supd;
    stop_list *stops;
    stem_stemmer *stemmer;
    spl_splitter *splitter;
    strmap *old_counts;   /* update: the previous word counts */
    uint64_t rewritten;   /* update: bytes of the files it reads anew or
                             removes */
    file_list files;      /* the inputs, walked */
    work_list todo;       /* the files to read */
    int tables_early;     /* the spelling and synonym tables are written */
    pthread_t spell_th;   /* full build: writing the spelling table */
    int spell_running;    /* spell_th is to be joined */
    spor_status spell_st; /* and how it ended */
    spor_err spell_err;
} build;

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

/* Creates the index folder, takes the writer lock and removes what
 * killed runs left; names the current and the new generation. */
static spor_status lock_index(build *b, spor_err *err)
{
    spor_status st = gen_make_dirs(b->dir, err);
    if (st || (st = gen_lock(b->dir, &b->lock_fd, err)) != SPOR_OK)
        return st;
    run_stage(b->r.opts, "locked");
    gen_current_name(b->dir, b->cur);
    gen_remove_stale(b->dir, b->cur[0] ? b->cur : NULL);
    gen_new_name(b->cur, b->gen);
    if (sbuf_printf(&b->gen_path, "%s/%s", b->dir, b->gen) ||
        sbuf_printf(&b->build_path, "%s" IDX_BUILD_SUFFIX, b->gen_path.data) ||
        (b->cur[0] && sbuf_printf(&b->cur_path, "%s/%s", b->dir, b->cur)))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* The stop list, the stemmer, the copy detector and the gazetteer. */
static spor_status load_tools(build *b, spor_err *err)
{
    const idx_opts *opts = b->r.opts;
    spor_status st;
    if ((st = stop_load(opts->stopwords_path, &b->stops, err)) ||
        (st = stem_new("danish", &b->stemmer, err)) ||
        (st = cp_new(&b->r.copies, err)) ||
        (opts->gazetteer_path &&
         (st = pl_load(opts->gazetteer_path, &b->r.gaz, err))))
        return st;
    b->r.ana.stemmer = b->stemmer;
    b->r.ana.stops = b->stops;
    return SPOR_OK;
}

static spor_status walk_stage(build *b, spor_err *err)
{
    spor_status st = walk_inputs(b->paths, b->n_paths, b->r.opts, b->r.sum,
                                 &b->files, err);
    if (!st)
        run_stage(b->r.opts, "walked");
    return st;
}

/* How many shards the current generation has (1: one database). */
static unsigned current_shards(const build *b)
{
    if (!shd_is_sharded(b->cur_path.data))
        return 1;
    unsigned set = shd_update_count(b->cur_path.data);
    if (set)
        return set;
    xc_db *db = NULL;
    xc_error xe;
    char *meta = NULL;
    size_t len = 0;
    unsigned k = 0, n = 0;
    if (xc_db_open(b->cur_path.data, &db, &xe) == XC_OK &&
        xc_db_get_metadata(db, SHD_META_SHARD, &meta, &len, &xe) == XC_OK &&
        len < 64 && sscanf(meta, "%u %u", &k, &n) == 2 && n > 1 &&
        n <= SHD_MAX)
        k = n;
    else
        k = 2; /* damaged: still sharded; the build anew mends it */
    free(meta);
    xc_db_close(db);
    return k;
}

/* Decides between an update and a full build: the current generation is
 * updated when there is one, it can be, and no rebuild is asked for;
 * otherwise the warning says why it is built anew. */
static spor_status open_previous(build *b, spor_err *err)
{
    run *r = &b->r;
    const idx_opts *opts = r->opts;
    unsigned cur_shards = b->cur[0] ? current_shards(b) : 1;
    /* Without --shards a sharded index stays sharded: a scheduled update
     * must not quietly make it one database. */
    b->shards = opts->shards ? opts->shards : cur_shards;
    r->sum->n_shards = b->shards > 1 ? b->shards : 0;
    if (!b->cur[0] || opts->rebuild)
        return SPOR_OK;
    /* A set of shards with its metadata database is updated shard by
     * shard (shard_update.h). Copying a set forward as one database would
     * mix up its interleaved docids, so one without it is built anew
     * (docs/scaling.md); so is one split anew or joined. */
    if (cur_shards > 1 && b->shards == cur_shards)
        b->set_update = shd_update_count(b->cur_path.data);
    spor_status st;
    if (b->set_update &&
        (st = shd_update_open_previous(b->cur_path.data, b->set_update,
                                       &r->prev_db, err)))
        return st;
    if (!b->set_update && (cur_shards > 1 || b->shards > 1)) {
        run_warn(opts, "%s: building the index anew%s", b->dir,
                 cur_shards > 1 && b->shards == cur_shards
                     ? ": its shards have no metadata database (split "
                       "before updates per shard)"
                 : b->shards > 1 ? ": it is split into shards now"
                                 : ": its shards are made one database");
        return SPOR_OK;
    }
    char why[SPOR_ERR_MSG_MAX];
    const char *no = upd_open_previous(r, b->cur_path.data, b->stops, why,
                                       sizeof why);
    if (no) {
        run_warn(opts, "%s: building the index anew: %s", b->dir, no);
        schema_doctable_free(&r->table);
        memset(&r->table, 0, sizeof r->table);
        r->table_cap = 0;
        sbuf_reset(&r->zdict);
        xc_db_close(r->prev_db);
        r->prev_db = NULL;
        b->set_update = 0;
        return SPOR_OK;
    }
    r->n_prev = r->table.n;
    b->n_prev_keys = r->table.n;
    r->sum->updated = 1;
    if (upd_index_previous(r))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    return SPOR_OK;
}

/* The summary's totals from the document table. Set, not added to: an
 * update that only re-records mtimes sums the table both when it plans
 * and when it writes. */
static void sum_table(run *r)
{
    r->sum->n_docs = (unsigned)r->table.n;
    r->sum->n_passages = 0;
    r->sum->raw_bytes = 0;
    for (size_t i = 0; i < r->table.n; i++) {
        r->sum->n_passages += r->table.docs[i].n_passages;
        r->sum->raw_bytes += r->table.docs[i].size;
    }
}

/* Sorts the files against the previous generation; when nothing changed,
 * not even a recorded mtime, the run is over (summary->untouched). */
static spor_status plan_update(build *b, spor_err *err)
{
    run *r = &b->r;
    spor_status st = upd_classify(r, &b->files, &b->todo, err);
    if (st)
        return st;
    int removed = 0;
    for (size_t i = 0; i < r->n_prev; i++)
        removed |= !r->seen[i];
    if (!b->todo.n && !removed) {
        sum_table(r);
        if (!r->dirty)
            r->sum->untouched = 1; /* current stays as it is */
    }
    return SPOR_OK;
}

/* An update's start: the splitter and stemmer as the previous generation
 * had them, a copy of it to work on, its word counts, and the work on the
 * copy before analysis (update.c). */
static spor_status start_update(build *b, spor_err *err)
{
    run *r = &b->r;
    spor_status st = plan_update(b, err);
    if (st || r->sum->untouched)
        return st;
    /* Loaded only now: the word list takes longer than a no-op update. */
    if ((st = tab_make_splitter(r->opts, b->stops, &b->splitter, err)) ||
        (st = upd_keep_stored(r, b->stemmer, b->dir, err)))
        return st;
    r->ana.split = spl_split;
    r->ana.split_ctx = b->splitter;
    /* Which words change their split is known only once the counts are,
     * which needs the stored passages of the files that leave: so the
     * update works on a copy from here on. */
    b->gen_made = 1;
    xc_error xe;
    if (b->set_update) {
        /* The metadata database copied; each shard when first written. */
        if ((st = shd_update_begin(b->cur_path.data, b->build_path.data,
                                   b->set_update, &b->supd, &r->db, err)))
            return st;
        run_stage(r->opts, "copied");
    } else {
        if ((st = gen_copy(b->cur_path.data, b->build_path.data, err)))
            return st;
        run_stage(r->opts, "copied");
        if (xc_wdb_open(b->build_path.data, &r->db, &xe) != XC_OK)
            return xerr_fail(err, &xe, 0, "%s: cannot open index copy",
                             b->build_path.data);
    }
    if (smap_new(&b->old_counts))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    spor_err cerr;
    spor_err_clear(&cerr);
    if (tab_load_counts(r->prev_db, b->splitter, b->old_counts, &cerr))
        return spor_fail(err, SPOR_EINDEX, "%s: index is damaged: %s; "
                         "rebuild it with 'spor index --rebuild'", b->dir,
                         cerr.msg);
    if ((st = codec_deflater_new(r->zdict.data ? r->zdict.data : "",
                                 r->zdict.len, &r->deflater, err)))
        return st;
    for (size_t i = 0; i < r->n_prev; i++)
        if (!r->seen[i])
            b->rewritten += r->table.docs[i].size; /* removed */
    if ((st = upd_prepare(r, b->splitter, b->stops, b->old_counts, &b->todo,
                          err)))
        return st;
    for (size_t i = 0; i < b->todo.n; i++)
        b->rewritten += b->todo.items[i].size; /* read anew */
    return SPOR_OK;
}

/* A full build's splitter, and the stemmer's keep list from the word
 * list. */
static spor_status make_splitter(build *b, spor_err *err)
{
    run *r = &b->r;
    spor_status st = tab_make_splitter(r->opts, b->stops, &b->splitter, err);
    if (st)
        return st;
    if (stem_find_keep(b->stemmer, spl_wordlist(b->splitter), &r->stemkeep) ||
        stem_set_keep(b->stemmer, r->stemkeep.data ? r->stemkeep.data : "",
                      r->stemkeep.len))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    r->ana.split = spl_split;
    r->ana.split_ctx = b->splitter;
    return SPOR_OK;
}

/* A full build's compression dictionary from the word counts, and its
 * scratch database with the pool of parallel writers. */
static spor_status open_scratch(build *b, spor_err *err)
{
    run *r = &b->r;
    spor_status st;
    if ((st = zdict_train(b->splitter, &r->zdict, err)) ||
        (st = codec_deflater_new(r->zdict.data ? r->zdict.data : "",
                                 r->zdict.len, &r->deflater, err)))
        return st;
    /* Built in a scratch database, then compacted into the generation:
     * Xapian's writer leaves B-tree blocks part empty, and compaction
     * roughly halves the index. */
    b->gen_made = 1;
    xc_error xe;
    if (xc_wdb_create_scratch(b->build_path.data, &r->db, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: cannot create index",
                         b->build_path.data);
    /* The passages go into part databases inside the scratch one, written
     * in parallel; the scratch database itself gets the tables and
     * metadata, and compaction merges them all. */
    unsigned n = idx_writers();
    if ((st = pj_maker_new(n, &r->ana, r->stemkeep.data, r->stemkeep.len,
                           r->zdict.data, r->zdict.len, &r->maker, err)))
        return st;
    wr_maker m = pj_wr_maker(r->maker);
    return wr_pool_new(b->build_path.data, n, IDX_PART_DOCS, 1, &m, &r->pool,
                       err);
}

/* A full build's start: every file on the work list, the splitter, the
 * word counts from a first pass, and the scratch database. The files are
 * being read already while the splitter loads its word list. */
static spor_status start_full(build *b, spor_err *err)
{
    for (size_t i = 0; i < b->files.n; i++) {
        struct stat sb;
        uint64_t size = stat(b->files.paths[i], &sb) == 0
                            ? (uint64_t)sb.st_size : 0;
        if (run_work_add(&b->todo, b->files.paths[i], -1, size))
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
    }
    ra_reader *ra = NULL;
    spor_status st = feed_read_ahead(&b->todo, &ra, err);
    if (!st)
        st = make_splitter(b, err);
    if (!st)
        st = feed_count_read(b->splitter, ra, err);
    ra_free(ra);
    return st ? st : open_scratch(b, err);
}

/* Writing one shard built apart (apart.h): a full build's start, with
 * the merged tables' counts and document table instead of a first pass,
 * and only the share's files on the work list. */
static spor_status start_apart(build *b, spor_err *err)
{
    if (!b->r.opts->tables_path)
        return spor_fail(err, SPOR_EINVAL, "a shard built apart is written "
                         "with the merged tables file (--tables)");
    spor_status st = make_splitter(b, err);
    if (!st)
        st = apt_load(&b->r, b->splitter, &b->files, &b->todo, err);
    return st ? st : open_scratch(b, err);
}

/* A shard built apart names its set and carries the synonyms as
 * metadata, as shd_split's shards do: committed first, so the synonym
 * table can be read back. */
static spor_status mark_apart(build *b, spor_err *err)
{
    run *r = &b->r;
    xc_error xe;
    if (xc_wdb_commit(r->db, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: committing the index",
                         b->build_path.data);
    apt_count_share(r->apart, &r->sum->n_docs, &r->sum->n_passages);
    r->sum->raw_bytes = 0;
    for (size_t i = 0; i < b->todo.n; i++)
        r->sum->raw_bytes += b->todo.items[i].size;
    return shd_mark_shard(b->build_path.data, r->db, r->opts->shard - 1,
                          r->opts->shards, apt_set(r->apart), err);
}

/* Every passage has its group: the copy detector (on distinct text the
 * run's largest structure) goes; its stock phrases go to the metadata. */
static spor_status drop_copies(run *r, spor_err *err)
{
    if (r->copies && cp_stock(r->copies, &r->stock, &r->n_stock))
        return spor_fail(err, SPOR_ENOMEM, "out of memory");
    cp_free(r->copies);
    kept_free(r);
    r->copies = NULL;
    free(r->heads);
    r->heads = NULL;
    r->n_heads = r->cap_heads = 0;
    return SPOR_OK;
}

/* A full build's spelling table needs the word counts only, so a thread
 * of its own writes and commits it into the scratch database (which
 * nothing else touches meanwhile) as the passages start to be made: the
 * writer threads wait for their first batch then, so a core is free, and
 * the run's memory is far from its peak, which the table's (tens of
 * megabytes before the commit) would otherwise add to. The splitter's
 * counts it reads no longer change. */
static void *spelling_thread(void *arg)
{
    build *b = arg;
    run *r = &b->r;
    xc_error xe;
    spor_err_clear(&b->spell_err);
    b->spell_st = tab_write_spelling(r->db, NULL, b->splitter,
                                     &b->spell_err);
    if (!b->spell_st && xc_wdb_commit(r->db, &xe) != XC_OK)
        b->spell_st = xerr_fail(&b->spell_err, &xe, 0, "%s: committing the "
                                "index", b->build_path.data);
#ifdef __GLIBC__
    /* The table's nodes, freed by the commit, stay in this thread's malloc
     * arena, which no other thread allocates from: give them back. */
    malloc_trim(0);
#endif
    return NULL;
}

static spor_status start_spelling(build *b, spor_err *err)
{
    if (pthread_create(&b->spell_th, NULL, spelling_thread, b) != 0)
        return spor_fail(err, SPOR_EINTERNAL, "cannot start the spelling "
                         "thread");
    b->spell_running = 1;
    return SPOR_OK;
}

static spor_status join_spelling(build *b, spor_err *err)
{
    if (!b->spell_running)
        return SPOR_OK;
    pthread_join(b->spell_th, NULL);
    b->spell_running = 0;
    if (b->spell_st && err)
        *err = b->spell_err;
    return b->spell_st;
}

/* The tail of a full build's analysis (feed_all): the rest of the tables
 * that need the counts only, written while the writer threads write the
 * last passages, since this thread would only wait for them and the core
 * one of them leaves as it finishes first would stay idle. */
static spor_status early_tables(void *ctx, spor_err *err)
{
    build *b = ctx;
    spor_status st = drop_copies(&b->r, err);
    if (!st)
        st = join_spelling(b, err);
    if (!st)
        st = tab_write_synonyms(b->r.opts, b->r.db, b->splitter, err);
    if (!st)
        b->tables_early = 1;
    return st;
}

/* Reads, analyses and writes the work list, then drops the entries of
 * files that vanished meanwhile; a run that leaves no document fails. */
static spor_status analyse_and_write(build *b, spor_err *err)
{
    run *r = &b->r;
    idx_progress pg = {0};
    for (size_t i = 0; i < b->todo.n; i++)
        pg.bytes_total += b->todo.items[i].size;
    pg.files_total = (unsigned)b->todo.n;
    int full = r->pool && !r->apart && !r->prev_db;
    spor_status st = full ? start_spelling(b, err) : SPOR_OK;
    if (!st)
        st = feed_all(r, &b->todo, &pg, b->build_path.data,
                      full ? early_tables : NULL, b, err);
    /* Failed before the tail: the thread still writes the database. */
    join_spelling(b, NULL);
    if (st)
        return st;
    st = drop_copies(r, err);
    if (st)
        return st;
    if (r->n_late_gone && r->apart)
        return spor_fail(err, SPOR_EINVAL, "%s: read when counted, not now: "
                         "count and merge again",
                         r->table.docs[r->late_gone[0]].path);
    if (r->n_late_gone) {
        char *gone = calloc(r->table.n ? r->table.n : 1, 1);
        if (!gone)
            return spor_fail(err, SPOR_ENOMEM, "out of memory");
        for (size_t i = 0; i < r->n_late_gone; i++)
            gone[r->late_gone[i]] = 1;
        st = upd_remove_entries(r, gone, NULL, err);
        free(gone);
        if (st)
            return st;
    }
    if (r->table.n == 0)
        return spor_fail(err, SPOR_EINVAL, "no documents to index in the "
                         "given path%s (looked for text, Markdown, HTML and "
                         "PDF)", b->n_paths == 1 ? "" : "s");
    return SPOR_OK;
}

static int judge_word(void *ctx, const char *word, size_t len,
                      uint32_t count)
{
    if (count)
        ana_judge_word(ctx, word, len);
    return 0;
}

/* The corpus-wide tables and the metadata (tables.c). A shard built apart
 * has split only its share's words: it judges the rest of the corpus's,
 * so that its compound table is one database's. */
static spor_status write_tables(build *b, spor_err *err)
{
    run *r = &b->r;
    spor_status st = SPOR_OK;
    if (r->apart)
        spl_each_word(b->splitter, judge_word, &r->ana);
    if (r->prev_db)
        st = upd_prune_splits(r, b->splitter, err);
    if (!st)
        st = tab_write_splits(r->db, r->prev_db, b->splitter, err);
    if (!st && !b->tables_early)
        st = tab_write_spelling(r->db, b->old_counts, b->splitter, err);
    if (!st && !b->tables_early)
        st = tab_write_synonyms(r->opts, r->db, b->splitter, err);
    if (!st && b->supd)
        st = shd_update_tables(r->db, err);
    if (!st)
        st = tab_write_metadata(r, b->stops, b->splitter, b->n_prev_keys,
                                err);
    if (st)
        return st;
    sum_table(r);
    if (r->apart && (st = mark_apart(b, err)))
        return st;
    run_stage(r->opts, "written");
    return SPOR_OK;
}

/* Update, before the commit: whether the updates since the last
 * compaction, this one included, rewrote enough of the corpus to compact
 * it (IDX_COMPACT_SHARE); the copy records what they rewrote when not. A
 * full build and a set split anew are always compacted. */
static spor_status must_compact(build *b, int *compact, spor_err *err)
{
    run *r = &b->r;
    *compact = 1;
    if (!r->prev_db || r->pool || (b->shards > 1 && !b->supd))
        return SPOR_OK;
    char *val = NULL;
    size_t len = 0;
    xc_error xe;
    uint64_t done = 0, corpus = 0;
    if (xc_db_get_metadata(r->prev_db, IDX_META_REWRITTEN, &val, &len,
                           &xe) == XC_OK && len)
        done = strtoull(val, NULL, 10);
    free(val);
    done += b->rewritten;
    for (size_t i = 0; i < r->table.n; i++)
        corpus += r->table.docs[i].size;
    *compact = (double)done > (double)corpus * IDX_COMPACT_SHARE;
    char num[32];
    snprintf(num, sizeof num, "%llu", (unsigned long long)done);
    if (xc_wdb_set_metadata(r->db, IDX_META_REWRITTEN, num,
                            *compact ? 0 : strlen(num), &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: writing the index",
                         b->build_path.data);
    return SPOR_OK;
}

/* Commits the scratch database, compacts it (with the pool's parts) into
 * the new generation or, for a small update, makes it the generation, and
 * splits that into shards when asked. */
static spor_status commit(build *b, spor_err *err)
{
    run *r = &b->r;
    xc_error xe;
    int compact = 1;
    spor_status st = SPOR_OK;
    if ((st = must_compact(b, &compact, err)))
        return st;
    if (xc_wdb_commit(r->db, &xe) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: committing the index",
                         b->build_path.data);
    run_stage(r->opts, "committed");
    xc_wdb_close(r->db);
    r->db = NULL;
    if (b->supd) {
        r->sum->n_shards_written = shd_update_written(b->supd);
        return shd_update_finish(b->supd, b->gen_path.data, compact, err);
    }
    if (!compact) {
        /* Xapian's commit synced the tables; publishing syncs the folder
         * that holds both names. */
        if (rename(b->build_path.data, b->gen_path.data) != 0)
            return spor_fail(err, SPOR_EIO, "%s: cannot rename to %s: %s",
                             b->build_path.data, b->gen_path.data,
                             strerror(errno));
        return SPOR_OK;
    }
    if ((r->pool ? compact_parts(b->build_path.data, r->pool,
                                 b->gen_path.data, &xe)
                 : xc_db_compact(b->build_path.data, b->gen_path.data,
                                 &xe)) != XC_OK)
        return xerr_fail(err, &xe, 0, "%s: compacting the index",
                         b->gen_path.data);
    gen_remove_tree(b->build_path.data);
    /* Sharding works on the finished, compacted generation. */
    if (b->shards > 1 && !r->apart)
        return shd_split(b->gen_path.data, b->shards, err);
    return SPOR_OK;
}

/* Points "current" at the new generation and removes the old one. */
static spor_status publish(build *b, spor_err *err)
{
    /* Checked here, where the index is being built anyway, so that no
     * search pays for the check (verify.h). */
    spor_status st = vfy_generation(b->gen_path.data, err);
    if (!st)
        st = gen_publish(b->dir, b->gen, err);
    if (st)
        return st;
    b->gen_made = 0;
    run_stage(b->r.opts, "published");
    xc_db_close(b->r.prev_db);
    b->r.prev_db = NULL;
    gen_remove_stale(b->dir, b->gen);
    return SPOR_OK;
}

/* Frees the run; removes the new generation unless it was published, and
 * gives up the lock. */
static void build_free(build *b)
{
    join_spelling(b, NULL);
    wr_pool_free(b->r.pool);
    pj_maker_free(b->r.maker);
    /* Closing may commit to an unfinished scratch database; it is removed
     * anyway. */
    xc_wdb_close(b->r.db);
    xc_db_close(b->r.prev_db);
    if (b->gen_made) {
        gen_remove_tree(b->build_path.data);
        gen_remove_tree(b->gen_path.data);
    }
    sbuf_free(&b->gen_path);
    sbuf_free(&b->build_path);
    sbuf_free(&b->cur_path);
    run_files_free(&b->files);
    run_work_free(&b->todo);
    run_free(&b->r);
    smap_free(b->old_counts);
    shd_update_free(b->supd);
    stem_free(b->stemmer);
    spl_free(b->splitter);
    stop_free(b->stops);
    gen_unlock(b->lock_fd);
}

spor_status idx_build(const char *dir, const char *const *paths,
                      size_t n_paths, const idx_opts *opts,
                      idx_summary *summary, spor_err *err)
{
    double t0 = now_seconds();
    memset(summary, 0, sizeof *summary);
    build b = {.dir = dir, .paths = paths, .n_paths = n_paths,
               .lock_fd = -1, .gen_path = SBUF_INIT,
               .build_path = SBUF_INIT, .cur_path = SBUF_INIT};
    b.r.opts = opts;
    b.r.sum = summary;
    b.r.started = time(NULL);

    spor_status st = lock_index(&b, err);
    if (st == SPOR_OK)
        st = load_tools(&b, err);
    if (st == SPOR_OK)
        st = walk_stage(&b, err);
    if (st == SPOR_OK && opts->shard)
        st = start_apart(&b, err);
    else if (st == SPOR_OK)
        st = open_previous(&b, err);
    if (st == SPOR_OK && !opts->shard)
        st = summary->updated ? start_update(&b, err) : start_full(&b, err);
    /* An update that finds nothing changed stops here: current stays. */
    if (st == SPOR_OK && !summary->untouched) {
        st = analyse_and_write(&b, err);
        if (st == SPOR_OK)
            st = write_tables(&b, err);
        if (st == SPOR_OK)
            st = commit(&b, err);
        if (st == SPOR_OK)
            st = publish(&b, err);
    }
    summary->seconds = now_seconds() - t0;
    build_free(&b);
    return st;
}
