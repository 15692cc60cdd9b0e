/* The corpus-wide tables of an index and its metadata (run.h): the
 * compound splitter a run analyses with, the compound and spelling tables
 * and the synonym table it writes from the corpus's word counts, the
 * stored word counts themselves, and the metadata that describes the
 * index (schema version, dictionary, document table, stop list,
 * gazetteer, keep list); docs/index-schema.md describes them. */
#include "run.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spor/analysis/lexicon.h"
#include "spor/analysis/synonyms.h"
#include "spor/store/xerror.h"
#include "spor/text/path.h"


/* The splitter, with the word list when there is one: without it, splits
 * are found only between words the corpus itself contains. */
spor_status tab_make_splitter(const idx_opts *o, const stop_list *stops,
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
        run_warn(o, "%s; compounds are split with the corpus's words only",
                 werr.msg);
        st = spl_new(NULL, stops, out, err);
    } else if (st) {
        *err = werr;
    }
    return st;
}

typedef struct split_meta_ctx {
    const strmap *wordlist; /* the splitter's word list; NULL without */
    xc_wdb *db;
    xc_db *prev;          /* update: the previous generation, whose table
                             the copy holds; NULL on a full build */
    const strmap *old_counts; /* update: the previous word counts */
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
        sbuf_append(&m->key, word, len)) {
        m->xe.status = XC_ENOMEM;
        m->failed = 1;
        return 1;
    }
    if (m->prev) {
        /* The copy has the previous table: write only what differs. */
        char *old = NULL;
        size_t olen = 0;
        xc_error xe;
        int same = xc_db_get_metadata(m->prev, m->key.data, &old, &olen,
                                      &xe) == XC_OK &&
                   olen == parts_len && !memcmp(old, parts, olen);
        free(old);
        if (same)
            return 0;
    }
    if (xc_wdb_set_metadata(m->db, m->key.data, parts, parts_len, &m->xe)) {
        m->failed = 1;
        return 1;
    }
    return 0;
}

/* Words shorter than this are left out of the spelling table: they are
 * not corrected (spell.h), so they would only make it larger. */
#define IDX_SPELLING_MIN_BYTES 4
/* A word seen fewer times than this in the corpus is left out of the
 * spelling table unless the word list has it. Such words are two fifths
 * of the table's (11,365 of 29,201 on the 7 MB benchmark corpus, 0.8 of
 * its 2 MB) and mostly the corpus's own typos ("instilling",
 * "konbinationsfeltet"), English and code; a typo there is the nearest
 * suggestion for a query's typo of the real word ("instiling" would
 * become "instilling", not "indstilling"). */
#define IDX_SPELLING_MIN_COUNT 2

/* The frequency a word of count occurrences has in the spelling table (0:
 * not in it). A function of the count alone (and the word list, which an
 * update keeps), so an update moving a word across the threshold moves
 * it in or out whole and the table stays a fresh build's. */
static uint32_t spelling_freq(const split_meta_ctx *m, const char *word,
                              size_t len, uint32_t count)
{
    int found = 0;
    if (count >= IDX_SPELLING_MIN_COUNT || !count)
        return count;
    if (m->wordlist)
        smap_get(m->wordlist, word, len, &found);
    return found ? count : 0;
}

static int store_spelling(void *ctx, const char *word, size_t len,
                          uint32_t count)
{
    split_meta_ctx *m = ctx;
    if (len < IDX_SPELLING_MIN_BYTES)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (word[i] >= '0' && word[i] <= '9')
            return 0; /* numbers are not spelt */
    /* An update changes each word's frequency by the change of its
     * count, so the table ends as a fresh build's. */
    uint32_t old = m->old_counts ? smap_get(m->old_counts, word, len, NULL)
                                 : 0;
    old = spelling_freq(m, word, len, old);
    count = spelling_freq(m, word, len, count);
    if (count == old)
        return 0;
    sbuf_reset(&m->key);
    if (sbuf_append(&m->key, word, len)) {
        m->xe.status = XC_ENOMEM;
        m->failed = 1;
        return 1;
    }
    if ((count > old
             ? xc_wdb_add_spelling(m->db, m->key.data, count - old, &m->xe)
             : xc_wdb_remove_spelling(m->db, m->key.data, old - count,
                                      &m->xe))) {
        m->failed = 1;
        return 1;
    }
    return 0;
}

/* The failure of a table's writing callbacks, as the caller reports it. */
static spor_status table_failed(const split_meta_ctx *m, const char *what,
                                spor_err *err)
{
    if (!m->xe.msg[0])
        return spor_fail(err, SPOR_ENOMEM, "writing the %s table: out of "
                         "memory", what);
    return xerr_fail(err, &m->xe, 0, "writing the %s table", what);
}

spor_status tab_write_splits(xc_wdb *db, xc_db *prev, spl_splitter *spl,
                             spor_err *err)
{
    split_meta_ctx m = {NULL, db, prev, NULL, SBUF_INIT, {XC_OK, ""}, 0};
    spor_status st = spl_each(spl, store_split, &m);
    sbuf_free(&m.key);
    if (st)
        return spor_fail(err, st, "compound table: out of memory");
    return m.failed ? table_failed(&m, "compound", err) : SPOR_OK;
}

spor_status tab_write_spelling(xc_wdb *db, const strmap *old_counts,
                               spl_splitter *spl, spor_err *err)
{
    split_meta_ctx m = {spl_wordlist(spl), db, NULL, old_counts, SBUF_INIT,
                        {XC_OK, ""}, 0};
    spl_each_word(spl, store_spelling, &m);
    sbuf_free(&m.key);
    return m.failed ? table_failed(&m, "spelling", err) : SPOR_OK;
}

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
        c->st = xerr_status(c->xe.status);
        return 1;
    }
    return 0;
}

/* Fills the synonym table from the thesaurus and the domain list. A
 * missing source is a warning: search works without synonyms. */
spor_status tab_write_synonyms(const idx_opts *o, xc_wdb *db,
                               spl_splitter *spl, spor_err *err)
{
    syn_ctx c = {db, spl, {XC_OK, ""}, SPOR_OK};
    /* An update's copy holds the previous table, made for other counts. */
    if (xc_wdb_clear_synonyms(db, &c.xe) != XC_OK)
        return xerr_fail(err, &c.xe, 0, "clearing the synonym table");
    const char *thes = o->thesaurus_path;
    if (!thes && access(SYN_DEFAULT_THESAURUS, R_OK) == 0)
        thes = SYN_DEFAULT_THESAURUS;
    if (thes && !*thes)
        thes = NULL; /* "" turns the thesaurus off */
    spor_err serr;
    spor_err_clear(&serr);
    if (thes && syn_read_mythes(thes, add_pair, &c, &serr) && !c.st)
        run_warn(o, "%s (thesaurus synonyms left out)", serr.msg);
    spor_err_clear(&serr);
    if (!c.st && o->synonyms_path &&
        syn_read_groups(o->synonyms_path, add_pair, &c, &serr) && !c.st)
        run_warn(o, "%s (domain synonyms left out)", serr.msg);
    if (c.st)
        return xerr_fail(err, &c.xe, 0, "writing the synonym table");
    return SPOR_OK;
}


typedef struct counts_ctx {
    sbuf *out;
    int failed;
} counts_ctx;

static int put_count(void *ctx, const char *word, size_t len, uint32_t count)
{
    counts_ctx *c = ctx;
    if (!count)
        return 0; /* a word that left the corpus */
    if (sbuf_append(c->out, word, len) ||
        sbuf_printf(c->out, "\t%lu\n", (unsigned long)count)) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

/* The splitter's word counts, as SCHEMA_META_COUNTS stores them. */
static spor_status encode_counts(spl_splitter *spl, sbuf *out, spor_err *err)
{
    sbuf plain = SBUF_INIT;
    counts_ctx c = {&plain, 0};
    spl_each_word(spl, put_count, &c);
    spor_status st = c.failed ? spor_fail(err, SPOR_ENOMEM, "out of memory")
                              : codec_compress(plain.data ? plain.data : "",
                                               plain.len, out, err);
    sbuf_free(&plain);
    return st;
}

/* Reads SCHEMA_META_COUNTS into the splitter and into old (a copy kept to
 * adjust the spelling table by). */
spor_status tab_load_counts(xc_db *db, spl_splitter *spl, strmap *old,
                            spor_err *err)
{
    char *val = NULL;
    size_t len = 0;
    xc_error xe;
    sbuf plain = SBUF_INIT;
    xc_status xs = xc_db_get_metadata(db, SCHEMA_META_COUNTS, &val, &len,
                                      &xe);
    if (xs != XC_OK)
        return spor_fail(err, xerr_status(xs), "its word counts are missing");
    spor_status st = codec_decompress(val, len, &plain, err);
    free(val);
    for (size_t i = 0; !st && i < plain.len;) {
        const char *line = plain.data + i;
        const char *nl = memchr(line, '\n', plain.len - i);
        const char *tab = nl ? memchr(line, '\t', (size_t)(nl - line)) : NULL;
        if (!tab) {
            st = spor_fail(err, SPOR_EINDEX, "its word counts are damaged");
            break;
        }
        uint32_t n = (uint32_t)strtoul(tab + 1, NULL, 10);
        if (spl_add_count(spl, line, (size_t)(tab - line), n) ||
            smap_add(old, line, (size_t)(tab - line), n))
            st = spor_fail(err, SPOR_ENOMEM, "out of memory");
        i = (size_t)(nl - plain.data) + 1;
    }
    sbuf_free(&plain);
    return st;
}

/* The stop list as SCHEMA_META_STOPWORDS stores it: one word a line. */
spor_status tab_stop_text(const stop_list *stops, sbuf *b)
{
    for (size_t i = 0; i < stop_count(stops); i++)
        if (sbuf_append_str(b, stop_word(stops, i)) ||
            sbuf_append_char(b, '\n'))
            return SPOR_ENOMEM;
    return SPOR_OK;
}

/* The document table, one key per document: a search reads only its
 * hits' entries. An update that removed documents leaves their keys in
 * the copy; they are emptied. */
static spor_status write_doctable(run *r, size_t n_prev_keys, sbuf *b,
                                  spor_err *err)
{
    xc_error xe;
    spor_status st = SPOR_OK;
    for (size_t i = 0; !st && i < r->table.n; i++) {
        schema_doctable one = {&r->table.docs[i], 1};
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doc_key((unsigned)i, key);
        sbuf_reset(b);
        if ((st = schema_doctable_encode(&one, b, err)) == SPOR_OK &&
            xc_wdb_set_metadata(r->db, key, b->data, b->len, &xe) != XC_OK)
            return xerr_fail(err, &xe, 0, "writing index metadata");
    }
    for (size_t i = r->table.n; !st && i < n_prev_keys; i++) {
        char key[SCHEMA_DOC_KEY_MAX];
        schema_doc_key((unsigned)i, key);
        if (xc_wdb_set_metadata(r->db, key, "", 0, &xe) != XC_OK)
            return xerr_fail(err, &xe, 0, "writing index metadata");
    }
    return st;
}

/* One metadata entry to write, when set. */
typedef struct meta_entry {
    const char *key;
    const char *val;
    size_t len;
    int set;
} meta_entry;

spor_status tab_write_metadata(run *r, const stop_list *stops,
                               spl_splitter *spl, size_t n_prev_keys,
                               spor_err *err)
{
    sbuf version = SBUF_INIT, ndocs = SBUF_INIT, stop = SBUF_INIT,
         counts = SBUF_INIT, b = SBUF_INIT, root = SBUF_INIT,
         stock = SBUF_INIT;
    size_t glen = 0;
    const char *gsrc = r->gaz ? pl_source(r->gaz, &glen) : NULL;
    spor_status st = SPOR_OK;
    if (sbuf_printf(&version, "%d", SCHEMA_VERSION) ||
        sbuf_printf(&ndocs, "%zu", r->table.n) || tab_stop_text(stops, &stop))
        st = SPOR_ENOMEM;
    /* The folder paths are shown relative to in `doc`: a full build's own;
     * an update's copy keeps the one it has, so no `doc` moves. */
    if (!st && !r->prev_db)
        st = path_cwd(&root, err);
    if (!st)
        st = write_doctable(r, n_prev_keys, &b, err);
    if (!st)
        st = encode_counts(spl, &counts, err);
    for (size_t i = 0; !st && i < r->n_stock; i++) {
        char h[8];
        for (int k = 0; k < 8; k++)
            h[k] = (char)(r->stock[i] >> (8 * k) & 0xff);
        st = sbuf_append(&stock, h, 8);
    }
    if (st == SPOR_ENOMEM)
        st = spor_fail(err, st, "out of memory");
    /* An update's copy holds the keep list it was stemmed with already. */
    const meta_entry meta[] = {
        {SCHEMA_META_VERSION, version.data, version.len, 1},
        {SCHEMA_META_ZDICT, r->zdict.data ? r->zdict.data : "", r->zdict.len,
         1},
        {SCHEMA_META_NDOCS, ndocs.data, ndocs.len, 1},
        {SCHEMA_META_STOPWORDS, stop.data, stop.len, stop.len > 0},
        {SCHEMA_META_GAZETTEER, gsrc, glen, glen > 0},
        {SCHEMA_META_STEMKEEP, r->stemkeep.data, r->stemkeep.len,
         r->stemkeep.len > 0},
        {SCHEMA_META_COUNTS, counts.data, counts.len, 1},
        {SCHEMA_META_ROOT, root.data, root.len, root.len > 0},
        /* Written empty too: an update's list replaces the one before. */
        {SCHEMA_META_COPY_STOCK, stock.data ? stock.data : "", stock.len,
         1},
    };
    for (size_t i = 0; !st && i < sizeof meta / sizeof *meta; i++) {
        xc_error xe;
        if (meta[i].set && xc_wdb_set_metadata(r->db, meta[i].key,
                                               meta[i].val, meta[i].len,
                                               &xe) != XC_OK)
            st = xerr_fail(err, &xe, 0, "writing index metadata");
    }
    sbuf_free(&version);
    sbuf_free(&ndocs);
    sbuf_free(&stop);
    sbuf_free(&counts);
    sbuf_free(&b);
    sbuf_free(&root);
    sbuf_free(&stock);
    return st;
}
