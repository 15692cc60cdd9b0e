/* Unit tests for the sharded update's writer and reader in the C API over
 * libxapian (xc_wdb_open_sharded, xc_db_open_sharded): docids are one
 * database's across the shards, a shard is copied only when it is first
 * written (and read where it lies until then), a document's passages go
 * back to the shard they were deleted from, new ones to the shard with the
 * fewest, and metadata goes to the metadata database. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "xapian_c.h"

typedef struct copies {
    const char *dir;
    int calls[2];
} copies;

/* The copy callback: copies shard k's files (flat) into dir/copy-k. */
static int copy_cb(void *ctx, unsigned k, char *path, size_t cap)
{
    copies *c = ctx;
    char from[256], to[256];
    snprintf(from, sizeof from, "%s/s%u", c->dir, k);
    snprintf(to, sizeof to, "%s/copy-%u", c->dir, k);
    if (strlen(to) >= cap || mkdir(to, 0777) != 0)
        return -1;
    DIR *d = opendir(from);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.' || !strcmp(e->d_name, "flintlock"))
            continue;
        char a[512], b[512], cmd[1100];
        snprintf(a, sizeof a, "%s/%s", from, e->d_name);
        snprintf(b, sizeof b, "%s/%s", to, e->d_name);
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", a, b);
        if (system(cmd) != 0)
            return -1;
    }
    if (d)
        closedir(d);
    c->calls[k]++;
    memcpy(path, to, strlen(to) + 1);
    return 0;
}

/* A passage of document doc (term "D" + doc) at docid in db. */
static void put(xc_wdb *db, unsigned docid, const char *doc,
                const char *word)
{
    xc_error err;
    xc_doc *d = NULL;
    char term[32];
    snprintf(term, sizeof term, "D%s", doc);
    assert_int_equal(xc_doc_new(&d, &err), XC_OK);
    assert_int_equal(xc_doc_add_term(d, term, 1, &err), XC_OK);
    assert_int_equal(xc_doc_add_term(d, word, 1, &err), XC_OK);
    assert_int_equal(xc_doc_set_value(d, 0, doc, strlen(doc), &err), XC_OK);
    assert_int_equal(xc_wdb_replace_document(db, docid, d, &err), XC_OK);
    xc_doc_free(d);
}

static void make(const char *dir, const char *name, xc_wdb **out)
{
    char p[256];
    xc_error err;
    snprintf(p, sizeof p, "%s/%s", dir, name);
    assert_int_equal(xc_wdb_create(p, out, &err), XC_OK);
}

static int collect(void *ctx, unsigned docid)
{
    unsigned *ids = ctx;
    ids[++ids[0]] = docid;
    return 0;
}

static void test_sharded_writer(void **state)
{
    const char *dir = *state;
    xc_error err;
    xc_wdb *s0, *s1, *meta;
    /* One database's docids 1..5: a (1, 2) and c (5) in shard 0, b (3,
     * 4) in shard 1. */
    make(dir, "s0", &s0);
    make(dir, "s1", &s1);
    make(dir, "meta", &meta);
    put(s0, 1, "a", "x");
    put(s0, 2, "a", "y");
    put(s1, 3, "b", "x");
    put(s1, 4, "b", "y");
    put(s0, 5, "c", "x");
    assert_int_equal(xc_wdb_set_metadata(meta, "k", "old", 3, &err), XC_OK);
    xc_wdb_close(s0);
    xc_wdb_close(s1);
    xc_wdb_close(meta);

    char m[256], p0[256], p1[256];
    snprintf(m, sizeof m, "%s/meta", dir);
    snprintf(p0, sizeof p0, "%s/s0", dir);
    snprintf(p1, sizeof p1, "%s/s1", dir);
    const char *shards[] = {p0, p1};
    copies c = {dir, {0, 0}};
    xc_wdb *w = NULL;
    assert_int_equal(xc_wdb_open_sharded(m, shards, 2, "D", copy_cb, &c, &w,
                                         &err), XC_OK);

    /* Reads across the shards copy nothing. */
    unsigned ids[8] = {0};
    assert_int_equal(xc_wdb_each_docid(w, "x", collect, ids, &err), XC_OK);
    assert_int_equal(ids[0], 3);
    assert_int_equal(ids[1], 1);
    assert_int_equal(ids[2], 3);
    assert_int_equal(ids[3], 5);
    xc_doc *d = NULL;
    assert_int_equal(xc_wdb_get_document(w, 4, &d, &err), XC_OK);
    xc_doc_free(d);
    assert_int_equal(xc_wdb_get_document(w, 9, &d, &err), XC_ENOTFOUND);
    assert_int_equal(c.calls[0] + c.calls[1], 0);

    /* b changes: its passages leave shard 1 and come back there, after
     * the highest docid; shard 0 is never copied. */
    assert_int_equal(xc_wdb_delete_by_term(w, "Db", &err), XC_OK);
    assert_int_equal(c.calls[1], 1);
    assert_int_equal(xc_doc_new(&d, &err), XC_OK);
    assert_int_equal(xc_doc_add_term(d, "Db", 1, &err), XC_OK);
    unsigned id = 0;
    assert_int_equal(xc_wdb_add_document(w, d, &id, &err), XC_OK);
    xc_doc_free(d);
    assert_int_equal(id, 6);
    /* A new document goes to the shard that had fewer passages when the
     * update began: shard 1 (2 against 3). */
    assert_int_equal(xc_doc_new(&d, &err), XC_OK);
    assert_int_equal(xc_doc_add_term(d, "Dnew", 1, &err), XC_OK);
    assert_int_equal(xc_wdb_add_document(w, d, &id, &err), XC_OK);
    xc_doc_free(d);
    assert_int_equal(id, 7);
    assert_int_equal(xc_wdb_set_metadata(w, "k", "new", 3, &err), XC_OK);
    assert_int_equal(xc_wdb_commit(w, &err), XC_OK);
    assert_true(xc_wdb_shard_written(w, 1));
    assert_false(xc_wdb_shard_written(w, 0));
    xc_wdb_close(w);
    assert_int_equal(c.calls[0], 0);
    assert_int_equal(c.calls[1], 1);

    /* The published shards are as they were; the copy has the change. */
    xc_db *db = NULL;
    unsigned n = 0;
    assert_int_equal(xc_db_open(p1, &db, &err), XC_OK);
    assert_int_equal(xc_db_doccount(db, &n, &err), XC_OK);
    assert_int_equal(n, 2);
    xc_db_close(db);
    char c1[256];
    snprintf(c1, sizeof c1, "%s/copy-1", dir);
    assert_int_equal(xc_db_open(c1, &db, &err), XC_OK);
    assert_int_equal(xc_db_doccount(db, &n, &err), XC_OK);
    assert_int_equal(n, 2); /* docids 6 and 7 */
    assert_int_equal(xc_db_termfreq(db, "Dnew", &n, &err), XC_OK);
    assert_int_equal(n, 1);
    xc_db_close(db);

    /* The reader: metadata from meta, values by one database's docid. */
    const char *now[] = {p0, c1};
    assert_int_equal(xc_db_open_sharded(m, now, 2, &db, &err), XC_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_metadata(db, "k", &v, &len, &err), XC_OK);
    assert_memory_equal(v, "new", 3);
    free(v);
    assert_int_equal(xc_db_get_value(db, 5, 0, &v, &len, &err), XC_OK);
    assert_memory_equal(v, "c", 1);
    free(v);
    assert_int_equal(xc_db_get_value(db, 3, 0, &v, &len, &err),
                     XC_ENOTFOUND);
    xc_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sharded_writer, make_tmpdir,
                                        remove_tmpdir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
