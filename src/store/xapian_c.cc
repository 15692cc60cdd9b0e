/* The C API over libxapian declared in include/xapian_c.h, and the only C++
 * in spor. Each opaque handle is a struct around the Xapian object it names;
 * each entry point runs its body inside guard(), which turns every exception
 * into an xc_status and a one-line message, because a C++ exception unwinding
 * through C frames is undefined behaviour. Nothing here decides what a term,
 * value or query means: callers in src/store and src/query do that. */
#include "xapian_c.h"

#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_set>
#include <vector>

/* A sharded update's shards (xc_wdb_open_sharded): each is read where it
 * was published until it is first written, when the caller's copy()
 * makes a copy of it to write instead. Docids are one database's: each
 * shard holds its passages at the docids they have in one database. */
struct xc_shards {
    std::vector<Xapian::Database> ro;
    std::vector<Xapian::WritableDatabase> rw;
    std::vector<char> written;
    /* A document's term (home_prefix) -> the shard its passages were
     * deleted from: its passages written again go back there. */
    std::string home_prefix;
    std::map<std::string, unsigned> home;
    Xapian::docid last = 0;
    unsigned target = 0; /* the shard new documents go to */
    xc_shard_copy_fn copy = nullptr;
    void *ctx = nullptr;
};

struct xc_wdb {
    Xapian::WritableDatabase db; /* or, sharded, the metadata database */
    xc_shards *sh = nullptr;
    ~xc_wdb() { delete sh; }
};

struct xc_db {
    Xapian::Database db; /* sharded (xc_db_open_sharded): the metadata
                            database */
    /* Sharded: the shards, whose values are read by one database's
     * docids. */
    std::vector<Xapian::Database> parts = {};
};

struct xc_doc {
    Xapian::Document doc;
};

struct xc_query {
    Xapian::Query q;
};

struct xc_qparser {
    Xapian::QueryParser qp;
    /* QueryParser keeps only a pointer to its stopper, so the handle owns
     * it and the two live and die together. */
    Xapian::SimpleStopper stopper;
    bool stopper_installed = false;
    /* The first field processor's refusal during a parse (see
     * CFieldProcessor), reported when parse_query has returned. */
    std::string field_error;
};

/* Xapian's own ValueCountMatchSpy, the one match spy xapian-tcpsrv
 * knows: a search over remote shards runs it on each server and merges
 * the counts (see xc_spy_new_values). */
struct xc_spy {
    Xapian::ValueCountMatchSpy spy;
    explicit xc_spy(Xapian::valueno slot) : spy(slot) {}
};

/* Lets C code build the query for a field:value (see xc_field_fn). A
 * refusal is not thrown from here: libxapian 1.4's parser leaks the terms
 * it holds when an exception passes through it. It is kept in *error and
 * thrown by xc_qparser_parse once parse_query has returned. */
class CFieldProcessor : public Xapian::FieldProcessor {
  public:
    CFieldProcessor(xc_field_fn fn, void *ctx, std::string *error)
        : fn_(fn), ctx_(ctx), error_(error) {}
    Xapian::Query operator()(const std::string &value) override {
        xc_query *q = nullptr;
        char msg[XC_ERROR_MAX] = "";
        if (fn_(ctx_, value.data(), value.size(), &q, msg, sizeof msg) != 0 ||
            !q) {
            delete q;
            if (error_->empty())
                *error_ = msg[0] ? msg : "bad field value";
            return Xapian::Query(Xapian::Query::MatchNothing);
        }
        Xapian::Query r = q->q;
        delete q;
        return r;
    }

  private:
    xc_field_fn fn_;
    void *ctx_;
    std::string *error_; /* the owning xc_qparser's field_error */
};

struct xc_mset {
    /* get_matching_terms_begin() is an Enquire method, so the mset keeps
     * its (reference-counted) Enquire, which also keeps the database. */
    Xapian::Enquire enquire;
    Xapian::MSet mset;
    explicit xc_mset(const Xapian::Database &db) : enquire(db) {}
};

namespace {

/* Copies msg into err on one line, cutting at a UTF-8 character boundary so
 * the caller can print it as it is. */
xc_status fail(xc_error *err, xc_status status, const char *msg, size_t len) {
    if (err) {
        err->status = status;
        size_t n = len;
        if (n > XC_ERROR_MAX - 1) {
            n = XC_ERROR_MAX - 1;
            while (n > 0 && (static_cast<unsigned char>(msg[n]) & 0xC0) == 0x80)
                n--;
        }
        for (size_t i = 0; i < n; i++) {
            char c = msg[i];
            err->msg[i] = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
        }
        err->msg[n] = '\0';
    }
    return status;
}

xc_status fail(xc_error *err, xc_status status, const std::string &msg) {
    return fail(err, status, msg.data(), msg.size());
}

/* Message text for the paths where building a std::string could throw. */
xc_status fail(xc_error *err, xc_status status, const char *msg) {
    return fail(err, status, msg, std::strlen(msg));
}

xc_status fail_xapian(xc_error *err, xc_status status, const Xapian::Error &e) {
    /* fail() must not throw: a bad_alloc while building the message leaves
     * the status without text rather than escaping the boundary. */
    try {
        return fail(err, status, e.get_description());
    } catch (...) {
        return fail(err, status, "Xapian::Error (no memory for the message)");
    }
}

xc_status invalid(xc_error *err, const char *func, const char *what) {
    try {
        return fail(err, XC_EINVAL,
                    std::string("InvalidArgumentError: ") + func + ": " + what);
    } catch (...) {
        return fail(err, XC_EINVAL, "InvalidArgumentError");
    }
}

/* The one try/catch of the file. Subclasses come before their bases:
 * DatabaseVersionError and DatabaseNotFoundError derive from
 * DatabaseOpeningError, and everything derives from Xapian::Error. */
template <typename F>
xc_status guard(xc_error *err, F &&body) noexcept {
    try {
        return body();
    } catch (const Xapian::DatabaseVersionError &e) {
        return fail_xapian(err, XC_EVERSION, e);
    } catch (const Xapian::DatabaseOpeningError &e) {
        return fail_xapian(err, XC_EOPENING, e);
    } catch (const Xapian::DatabaseCorruptError &e) {
        return fail_xapian(err, XC_ECORRUPT, e);
    } catch (const Xapian::DatabaseLockError &e) {
        return fail_xapian(err, XC_ELOCK, e);
    } catch (const Xapian::DatabaseModifiedError &e) {
        return fail_xapian(err, XC_EMODIFIED, e);
    } catch (const Xapian::QueryParserError &e) {
        return fail_xapian(err, XC_EQUERY, e);
    } catch (const Xapian::DocNotFoundError &e) {
        return fail_xapian(err, XC_ENOTFOUND, e);
    } catch (const Xapian::InvalidArgumentError &e) {
        return fail_xapian(err, XC_EINVAL, e);
    } catch (const Xapian::NetworkError &e) {
        return fail_xapian(err, XC_ENETWORK, e);
    } catch (const Xapian::Error &e) {
        return fail_xapian(err, XC_EOTHER, e);
    } catch (const std::bad_alloc &) {
        return fail(err, XC_ENOMEM, "std::bad_alloc: out of memory");
    } catch (const std::exception &e) {
        try {
            return fail(err, XC_EOTHER, std::string("std::exception: ") + e.what());
        } catch (...) {
            return fail(err, XC_EOTHER, "std::exception");
        }
    } catch (...) {
        return fail(err, XC_EOTHER, "unknown exception");
    }
}

/* For the entry points that have no xc_error to report through. */
template <typename T, typename F>
T quietly(T fallback, F &&body) noexcept {
    try {
        return body();
    } catch (...) {
        return fallback;
    }
}

/* Hands s to C as a malloc'd, NUL-terminated copy. */
void copy_out(const std::string &s, char **out, size_t *len) {
    char *p = static_cast<char *>(std::malloc(s.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '\0';
    *out = p;
    if (len)
        *len = s.size();
}

/* Bytes from C: a NULL pointer is fine only for an empty value. */
bool bytes_ok(const void *p, size_t len) { return p || len == 0; }

std::string bytes(const void *p, size_t len) {
    return len ? std::string(static_cast<const char *>(p), len) : std::string();
}

class CallbackStemmer : public Xapian::StemImplementation {
    /* Stems of Danish words are short; a word whose stem does not fit is
     * left as it is, the same way at index and at query time. */
    static constexpr size_t STEM_BUF = 256;
    xc_stem_fn fn_;
    void *ctx_;

  public:
    CallbackStemmer(xc_stem_fn fn, void *ctx) : fn_(fn), ctx_(ctx) {}

    std::string operator()(const std::string &word) override {
        char buf[STEM_BUF];
        long n = fn_(ctx_, word.data(), word.size(), buf, sizeof buf);
        if (n < 0 || static_cast<size_t>(n) > sizeof buf)
            return word;
        return std::string(buf, static_cast<size_t>(n));
    }

    std::string get_description() const override { return "spor-c-stemmer"; }
};

/* Hands each term of [it, end) to fn until it asks to stop. */
template <typename Freq>
void each_term(Xapian::TermIterator it, const Xapian::TermIterator &end,
               xc_term_fn fn, void *ctx, Freq &&freq) {
    for (; it != end; ++it) {
        const std::string term = *it;
        if (fn(ctx, term.c_str(), term.size(), freq(it, term)))
            break;
    }
}

} // namespace

/* libxapian 1.4's Database::check deletes an object through a pointer to
 * a type 8 bytes smaller than the one it allocated (inside the library,
 * harmless with its allocator), and AddressSanitizer aborts on that: the
 * sanitizer builds leave that one finding out, so that the check of the
 * tables (xc_db_check) runs there as it does in release builds. */
#if defined(__SANITIZE_ADDRESS__)
#define XC_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define XC_ASAN 1
#endif
#endif
#ifdef XC_ASAN
extern "C" const char *__asan_default_options(void);
extern "C" const char *__asan_default_options(void) {
    return "new_delete_type_mismatch=0";
}
#endif


/* ---- a sharded update's shards (struct xc_shards) --------------------- */

Xapian::Database &sh_read(xc_shards *s, unsigned k) {
    return s->written[k] ? static_cast<Xapian::Database &>(s->rw[k]) : s->ro[k];
}

/* Shard k to write: a copy of it, made on its first write. */
Xapian::WritableDatabase &sh_write(xc_shards *s, unsigned k) {
    if (!s->written[k]) {
        char path[4096];
        if (s->copy(s->ctx, k, path, sizeof path) != 0)
            throw Xapian::DatabaseError("cannot copy shard " +
                                        std::to_string(k) + " to update it");
        s->rw[k] = Xapian::WritableDatabase(path, Xapian::DB_OPEN);
        s->written[k] = 1;
    }
    return s->rw[k];
}

/* The shard holding docid, or -1. Shards are few (at most a few dozen):
 * asking each costs a B-tree look-up apiece. */
int sh_owner(xc_shards *s, Xapian::docid did) {
    for (unsigned k = 0; k < s->ro.size(); k++) {
        try {
            (void)sh_read(s, k).get_doclength(did);
            return static_cast<int>(k);
        } catch (const Xapian::DocNotFoundError &) {
        }
    }
    return -1;
}

/* Where a document's passages go: back to the shard they were deleted
 * from (a changed document stays where it was), else the target. */
unsigned sh_home(xc_shards *s, const Xapian::Document &doc) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(s->home_prefix);
    if (t != doc.termlist_end() && (*t).compare(0, s->home_prefix.size(),
                                                s->home_prefix) == 0) {
        auto h = s->home.find(*t);
        if (h != s->home.end())
            return h->second;
    }
    return s->target;
}

void sh_replace(xc_shards *s, Xapian::docid did, const Xapian::Document &doc) {
    int k = sh_owner(s, did);
    sh_write(s, k >= 0 ? static_cast<unsigned>(k) : sh_home(s, doc))
        .replace_document(did, doc);
    if (did > s->last)
        s->last = did;
}

Xapian::Document sh_get(xc_shards *s, Xapian::docid did) {
    int k = sh_owner(s, did);
    if (k < 0)
        throw Xapian::DocNotFoundError("document " + std::to_string(did) +
                                       " is in no shard");
    return sh_read(s, static_cast<unsigned>(k)).get_document(did);
}

void sh_delete_term(xc_shards *s, const std::string &term) {
    for (unsigned k = 0; k < s->ro.size(); k++)
        if (sh_read(s, k).term_exists(term)) {
            if (term.compare(0, s->home_prefix.size(), s->home_prefix) == 0)
                s->home[term] = k;
            sh_write(s, k).delete_document(term);
        }
}

std::vector<Xapian::docid> sh_postings(xc_shards *s, const std::string &term) {
    std::vector<Xapian::docid> ids;
    for (unsigned k = 0; k < s->ro.size(); k++) {
        Xapian::Database &d = sh_read(s, k);
        for (auto it = d.postlist_begin(term); it != d.postlist_end(term); ++it)
            ids.push_back(*it);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

/* Rejects a NULL (or otherwise bad) argument before any Xapian call. */
#define XC_REQUIRE(cond)                                                     \
    do {                                                                     \
        if (!(cond))                                                         \
            return invalid(err, __func__, "requires " #cond);               \
    } while (0)

extern "C" {

/* ---- writing ---------------------------------------------------------- */

static xc_status wdb_open(const char *func, const char *path, int flags,
                          xc_wdb **out, xc_error *err) {
    if (!path || !out)
        return invalid(err, func, "requires path && out");
    return guard(err, [&] {
        *out = new xc_wdb{Xapian::WritableDatabase(path, flags)};
        return XC_OK;
    });
}

xc_status xc_wdb_create(const char *path, xc_wdb **out, xc_error *err) {
    return wdb_open(__func__, path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS,
                    out, err);
}

xc_status xc_wdb_create_scratch(const char *path, xc_wdb **out,
                                xc_error *err) {
    return wdb_open(__func__, path,
                    Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS |
                        Xapian::DB_NO_SYNC,
                    out, err);
}

xc_status xc_wdb_open(const char *path, xc_wdb **out, xc_error *err) {
    return wdb_open(__func__, path,
                    Xapian::DB_CREATE_OR_OPEN | Xapian::DB_BACKEND_GLASS, out,
                    err);
}

xc_status xc_wdb_add_document(xc_wdb *db, const xc_doc *doc,
                              unsigned *docid_out, xc_error *err) {
    XC_REQUIRE(db && doc);
    return guard(err, [&] {
        Xapian::docid id;
        if (db->sh) {
            id = ++db->sh->last;
            sh_write(db->sh, sh_home(db->sh, doc->doc))
                .replace_document(id, doc->doc);
        } else {
            id = db->db.add_document(doc->doc);
        }
        if (docid_out)
            *docid_out = id;
        return XC_OK;
    });
}

xc_status xc_wdb_replace_document(xc_wdb *db, unsigned docid,
                                  const xc_doc *doc, xc_error *err) {
    XC_REQUIRE(db && doc);
    return guard(err, [&] {
        if (db->sh)
            sh_replace(db->sh, docid, doc->doc);
        else
            db->db.replace_document(docid, doc->doc);
        return XC_OK;
    });
}

xc_status xc_wdb_delete_document(xc_wdb *db, unsigned docid, xc_error *err) {
    XC_REQUIRE(db);
    return guard(err, [&] {
        if (!db->sh) {
            db->db.delete_document(docid);
            return XC_OK;
        }
        int k = sh_owner(db->sh, docid);
        if (k < 0)
            throw Xapian::DocNotFoundError("document " +
                                           std::to_string(docid) +
                                           " is in no shard");
        sh_write(db->sh, static_cast<unsigned>(k)).delete_document(docid);
        return XC_OK;
    });
}

xc_status xc_wdb_delete_by_term(xc_wdb *db, const char *term, xc_error *err) {
    XC_REQUIRE(db && term);
    return guard(err, [&] {
        if (db->sh)
            sh_delete_term(db->sh, term);
        else
            db->db.delete_document(std::string(term));
        return XC_OK;
    });
}

xc_status xc_wdb_set_metadata(xc_wdb *db, const char *key, const void *val,
                              size_t len, xc_error *err) {
    XC_REQUIRE(db && key && bytes_ok(val, len));
    return guard(err, [&] {
        db->db.set_metadata(key, bytes(val, len));
        return XC_OK;
    });
}

xc_status xc_wdb_commit(xc_wdb *db, xc_error *err) {
    XC_REQUIRE(db);
    return guard(err, [&] {
        db->db.commit();
        for (size_t k = 0; db->sh && k < db->sh->rw.size(); k++)
            if (db->sh->written[k])
                db->sh->rw[k].commit();
        return XC_OK;
    });
}

xc_status xc_db_compact(const char *src, const char *dest, xc_error *err) {
    XC_REQUIRE(src && dest);
    return guard(err, [&] {
        Xapian::Database db(src);
        // FULLER: blocks packed full; a generation is never updated in place.
        // The block size stays Xapian's 8 KB: 16 KB makes the 7 MB
        // benchmark corpus's index 0.85 MB (2.4%) smaller, but searches
        // 1.5% slower (CPU) and an update's uncompacted copy 2 MB larger
        // (the writer splits the larger blocks); docs/index-schema.md.
        db.compact(dest, Xapian::Compactor::FULLER | Xapian::DBCOMPACT_NO_RENUMBER);
        return XC_OK;
    });
}

xc_status xc_db_compact_many(const char *const *srcs, size_t n,
                             const char *dest, xc_error *err) {
    XC_REQUIRE(srcs && n && dest);
    return guard(err, [&] {
        Xapian::Database db;
        for (size_t i = 0; i < n; i++)
            db.add_database(Xapian::Database(srcs[i]));
        db.compact(dest, Xapian::Compactor::FULLER | Xapian::DBCOMPACT_NO_RENUMBER);
        return XC_OK;
    });
}

void xc_wdb_close(xc_wdb *db) {
    if (!db)
        return;
    /* close() commits; its failure has nowhere to go, and the handle must
     * be freed either way. */
    guard(nullptr, [&] {
        db->db.close();
        for (size_t k = 0; db->sh && k < db->sh->rw.size(); k++)
            if (db->sh->written[k])
                db->sh->rw[k].close();
        return XC_OK;
    });
    quietly(0, [&] {
        delete db;
        return 0;
    });
}

xc_status xc_wdb_get_document(xc_wdb *db, unsigned docid, xc_doc **out,
                              xc_error *err) {
    XC_REQUIRE(db && out);
    return guard(err, [&] {
        *out = new xc_doc{db->sh ? sh_get(db->sh, docid)
                                 : db->db.get_document(docid)};
        return XC_OK;
    });
}

xc_status xc_wdb_each_docid(xc_wdb *db, const char *term, xc_docid_fn fn,
                            void *ctx, xc_error *err) {
    XC_REQUIRE(db && term && fn);
    return guard(err, [&] {
        /* Collected first: the callback may modify the documents, and a
         * posting list must not change under its iterator. */
        std::vector<Xapian::docid> ids;
        if (db->sh)
            ids = sh_postings(db->sh, term);
        else
            for (auto it = db->db.postlist_begin(term);
                 it != db->db.postlist_end(term); ++it)
                ids.push_back(*it);
        for (Xapian::docid id : ids)
            if (fn(ctx, id))
                break;
        return XC_OK;
    });
}

/* ---- documents -------------------------------------------------------- */

xc_status xc_doc_new(xc_doc **out, xc_error *err) {
    XC_REQUIRE(out);
    return guard(err, [&] {
        *out = new xc_doc;
        return XC_OK;
    });
}

void xc_doc_free(xc_doc *doc) {
    quietly(0, [&] {
        delete doc;
        return 0;
    });
}

xc_status xc_doc_get_data(const xc_doc *doc, char **out, size_t *len,
                          xc_error *err) {
    XC_REQUIRE(doc && out);
    return guard(err, [&] {
        copy_out(doc->doc.get_data(), out, len);
        return XC_OK;
    });
}

xc_status xc_doc_get_value(const xc_doc *doc, unsigned slot, char **out,
                           size_t *len, xc_error *err) {
    XC_REQUIRE(doc && out);
    return guard(err, [&] {
        copy_out(doc->doc.get_value(slot), out, len);
        return XC_OK;
    });
}

xc_status xc_doc_add_posting(xc_doc *doc, const char *term, unsigned pos,
                             unsigned wdfinc, xc_error *err) {
    XC_REQUIRE(doc && term);
    return guard(err, [&] {
        doc->doc.add_posting(term, pos, wdfinc);
        return XC_OK;
    });
}

xc_status xc_doc_add_term(xc_doc *doc, const char *term, unsigned wdfinc,
                          xc_error *err) {
    XC_REQUIRE(doc && term);
    return guard(err, [&] {
        doc->doc.add_term(term, wdfinc);
        return XC_OK;
    });
}

xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term,
                                  xc_error *err) {
    XC_REQUIRE(doc && term);
    return guard(err, [&] {
        doc->doc.add_boolean_term(term);
        return XC_OK;
    });
}

xc_status xc_doc_set_value(xc_doc *doc, unsigned slot, const void *val,
                           size_t len, xc_error *err) {
    XC_REQUIRE(doc && bytes_ok(val, len));
    return guard(err, [&] {
        doc->doc.add_value(slot, bytes(val, len));
        return XC_OK;
    });
}

xc_status xc_doc_set_data(xc_doc *doc, const void *data, size_t len,
                          xc_error *err) {
    XC_REQUIRE(doc && bytes_ok(data, len));
    return guard(err, [&] {
        doc->doc.set_data(bytes(data, len));
        return XC_OK;
    });
}

/* ---- reading ---------------------------------------------------------- */

xc_status xc_db_open(const char *path, xc_db **out, xc_error *err) {
    XC_REQUIRE(path && out);
    return guard(err, [&] {
        *out = new xc_db{Xapian::Database(path)};
        return XC_OK;
    });
}

void xc_db_close(xc_db *db) {
    /* No close(): an mset may still share the database through its Enquire,
     * and the reference count closes it when the last user goes. */
    quietly(0, [&] {
        delete db;
        return 0;
    });
}

xc_status xc_db_reopen(xc_db *db, xc_error *err) {
    XC_REQUIRE(db);
    return guard(err, [&] {
        db->db.reopen();
        return XC_OK;
    });
}

xc_status xc_db_check(const char *path, xc_error *err) {
    XC_REQUIRE(path);
    return guard(err, [&] {
        /* Most damage throws; what check reports only as text on its
         * stream (NULL here) still counts as errors. */
        size_t n = Xapian::Database::check(path, 0, nullptr);
        if (n == 0)
            return XC_OK;
        return fail(err, XC_ECORRUPT,
                    "DatabaseCorruptError: Xapian's check found " +
                        std::to_string(n) + " errors in the tables");
    });
}

xc_status xc_db_doccount(xc_db *db, unsigned *out, xc_error *err) {
    XC_REQUIRE(db && out);
    return guard(err, [&] {
        *out = db->db.get_doccount();
        return XC_OK;
    });
}

xc_status xc_db_termcount(xc_db *db, const char *prefix, unsigned long *out,
                          xc_error *err) {
    XC_REQUIRE(db && out);
    return guard(err, [&] {
        const std::string pfx = prefix ? prefix : "";
        unsigned long n = 0;
        for (auto it = db->db.allterms_begin(pfx); it != db->db.allterms_end(pfx);
             ++it)
            n++;
        *out = n;
        return XC_OK;
    });
}

xc_status xc_db_termfreq(xc_db *db, const char *term, unsigned *out,
                         xc_error *err) {
    XC_REQUIRE(db && term && out);
    return guard(err, [&] {
        *out = db->db.get_termfreq(term);
        return XC_OK;
    });
}

xc_status xc_db_get_metadata(xc_db *db, const char *key, char **out,
                             size_t *len, xc_error *err) {
    XC_REQUIRE(db && key && out);
    return guard(err, [&] {
        const std::string val = db->db.get_metadata(key);
        /* Xapian stores no empty metadata: empty is how it says absent. */
        if (val.empty())
            return fail(err, XC_ENOTFOUND,
                        std::string("NotFound: no metadata for key '") + key +
                            "'");
        copy_out(val, out, len);
        return XC_OK;
    });
}

xc_status xc_db_get_data(xc_db *db, unsigned docid, char **out, size_t *len,
                         xc_error *err) {
    XC_REQUIRE(db && out);
    return guard(err, [&] {
        copy_out(db->db.get_document(docid).get_data(), out, len);
        return XC_OK;
    });
}

xc_status xc_db_get_value(xc_db *db, unsigned docid, unsigned slot,
                          char **out, size_t *len, xc_error *err) {
    XC_REQUIRE(db && out);
    return guard(err, [&] {
        if (db->parts.empty()) {
            copy_out(db->db.get_document(docid).get_value(slot), out, len);
            return XC_OK;
        }
        for (Xapian::Database &part : db->parts) {
            Xapian::Document doc;
            try {
                doc = part.get_document(docid);
            } catch (const Xapian::DocNotFoundError &) {
                continue;
            }
            copy_out(doc.get_value(slot), out, len);
            return XC_OK;
        }
        throw Xapian::DocNotFoundError("document " + std::to_string(docid) +
                                       " is in no shard");
    });
}

xc_status xc_db_get_hit(xc_db *db, unsigned docid, char **data,
                        size_t *data_len, unsigned slot, char **value,
                        size_t *value_len, xc_error *err) {
    XC_REQUIRE(db && (data || value));
    return guard(err, [&] {
        Xapian::Document doc =
            db->db.get_document(docid, Xapian::DOC_ASSUME_VALID);
        if (data)
            copy_out(doc.get_data(), data, data_len);
        if (value) {
            try {
                copy_out(doc.get_value(slot), value, value_len);
            } catch (...) {
                if (data) {
                    std::free(*data);
                    *data = nullptr;
                }
                throw;
            }
        }
        return XC_OK;
    });
}

xc_status xc_db_each_term(xc_db *db, const char *prefix, xc_term_fn fn,
                          void *ctx, xc_error *err) {
    XC_REQUIRE(db && fn);
    return guard(err, [&] {
        const std::string pfx = prefix ? prefix : "";
        each_term(db->db.allterms_begin(pfx), db->db.allterms_end(pfx), fn, ctx,
                  [](const Xapian::TermIterator &it, const std::string &) {
                      return static_cast<unsigned>(it.get_termfreq());
                  });
        return XC_OK;
    });
}

/* ---- queries ---------------------------------------------------------- */

xc_status xc_qparser_new(xc_qparser **out, xc_error *err) {
    XC_REQUIRE(out);
    return guard(err, [&] {
        *out = new xc_qparser;
        return XC_OK;
    });
}

void xc_qparser_free(xc_qparser *qp) {
    quietly(0, [&] {
        delete qp;
        return 0;
    });
}

xc_status xc_qparser_set_database(xc_qparser *qp, xc_db *db, xc_error *err) {
    XC_REQUIRE(qp && db);
    return guard(err, [&] {
        qp->qp.set_database(db->db);
        return XC_OK;
    });
}

xc_status xc_qparser_set_stemmer(xc_qparser *qp, xc_stem_fn fn, void *ctx,
                                 xc_error *err) {
    XC_REQUIRE(qp && fn);
    return guard(err, [&] {
        /* Xapian::Stem takes ownership (intrusive reference count). */
        qp->qp.set_stemmer(Xapian::Stem(new CallbackStemmer(fn, ctx)));
        return XC_OK;
    });
}

xc_status xc_qparser_set_stemming_strategy(xc_qparser *qp,
                                           xc_stem_strategy s,
                                           xc_error *err) {
    XC_REQUIRE(qp);
    Xapian::QueryParser::stem_strategy xs;
    switch (s) {
    case XC_STEM_NONE: xs = Xapian::QueryParser::STEM_NONE; break;
    case XC_STEM_SOME: xs = Xapian::QueryParser::STEM_SOME; break;
    case XC_STEM_ALL_Z: xs = Xapian::QueryParser::STEM_ALL_Z; break;
    default: return invalid(err, __func__, "unknown stemming strategy");
    }
    return guard(err, [&] {
        qp->qp.set_stemming_strategy(xs);
        return XC_OK;
    });
}

xc_status xc_qparser_add_stopword(xc_qparser *qp, const char *word,
                                  xc_error *err) {
    XC_REQUIRE(qp && word);
    return guard(err, [&] {
        qp->stopper.add(word);
        /* Installed on first use so a parser without a stop list never
         * consults an empty one. */
        if (!qp->stopper_installed) {
            qp->qp.set_stopper(&qp->stopper);
            qp->stopper_installed = true;
        }
        return XC_OK;
    });
}

xc_status xc_qparser_set_default_op(xc_qparser *qp, xc_op op, xc_error *err) {
    XC_REQUIRE(qp);
    Xapian::Query::op xop;
    switch (op) {
    case XC_OP_OR: xop = Xapian::Query::OP_OR; break;
    case XC_OP_AND: xop = Xapian::Query::OP_AND; break;
    default: return invalid(err, __func__, "unknown default operator");
    }
    return guard(err, [&] {
        qp->qp.set_default_op(xop);
        return XC_OK;
    });
}

xc_status xc_qparser_add_boolean_prefix(xc_qparser *qp, const char *field,
                                        const char *prefix, xc_error *err) {
    XC_REQUIRE(qp && field && prefix);
    return guard(err, [&] {
        qp->qp.add_boolean_prefix(field, prefix);
        return XC_OK;
    });
}

xc_status xc_qparser_add_boolean_field(xc_qparser *qp, const char *field,
                                       xc_field_fn fn, void *ctx,
                                       xc_error *err) {
    XC_REQUIRE(qp && field && fn);
    return guard(err, [&] {
        /* release(): the parser owns the processor from here on. */
        qp->qp.add_boolean_prefix(field,
                                  (new CFieldProcessor(fn, ctx,
                                                       &qp->field_error))
                                      ->release());
        return XC_OK;
    });
}

xc_status xc_qparser_add_prefix(xc_qparser *qp, const char *field,
                                const char *prefix, xc_error *err) {
    XC_REQUIRE(qp && field && prefix);
    return guard(err, [&] {
        qp->qp.add_prefix(field, prefix);
        return XC_OK;
    });
}

xc_status xc_qparser_set_max_expansion(xc_qparser *qp, unsigned max,
                                       xc_error *err) {
    XC_REQUIRE(qp);
    return guard(err, [&] {
        /* Keep the most frequent expansions rather than failing the query. */
        qp->qp.set_max_expansion(max, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                                 Xapian::QueryParser::FLAG_WILDCARD);
        return XC_OK;
    });
}

xc_status xc_qparser_parse(xc_qparser *qp, const char *text, unsigned flags,
                           xc_query **out, xc_error *err) {
    XC_REQUIRE(qp && text && out);
    static const struct {
        unsigned ours;
        unsigned theirs;
    } flag_map[] = {
        {XC_QP_BOOLEAN, Xapian::QueryParser::FLAG_BOOLEAN},
        {XC_QP_PHRASE, Xapian::QueryParser::FLAG_PHRASE},
        {XC_QP_LOVEHATE, Xapian::QueryParser::FLAG_LOVEHATE},
        {XC_QP_WILDCARD, Xapian::QueryParser::FLAG_WILDCARD},
        {XC_QP_BOOLEAN_ANY_CASE, Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE},
        {XC_QP_PURE_NOT, Xapian::QueryParser::FLAG_PURE_NOT},
    };
    unsigned xflags = 0, known = 0;
    for (const auto &f : flag_map) {
        known |= f.ours;
        if (flags & f.ours)
            xflags |= f.theirs;
    }
    if (flags & ~known)
        return invalid(err, __func__, "unknown XC_QP_* flag");
    return guard(err, [&] {
        qp->field_error.clear();
        Xapian::Query q = qp->qp.parse_query(text, xflags);
        if (!qp->field_error.empty())
            throw Xapian::QueryParserError(qp->field_error);
        *out = new xc_query{q};
        return XC_OK;
    });
}

xc_status xc_query_term(const char *term, unsigned wqf, xc_query **out,
                        xc_error *err) {
    XC_REQUIRE(term && out);
    return guard(err, [&] {
        *out = new xc_query{Xapian::Query(term, wqf)};
        return XC_OK;
    });
}

xc_status xc_query_value_range(unsigned slot, const void *lo, size_t lo_len,
                               const void *hi, size_t hi_len, xc_query **out,
                               xc_error *err) {
    XC_REQUIRE(lo && hi && out);
    return guard(err, [&] {
        *out = new xc_query{Xapian::Query(
            Xapian::Query::OP_VALUE_RANGE, static_cast<Xapian::valueno>(slot),
            std::string(static_cast<const char *>(lo), lo_len),
            std::string(static_cast<const char *>(hi), hi_len))};
        return XC_OK;
    });
}

xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n,
                           unsigned window, xc_query **out, xc_error *err) {
    XC_REQUIRE(out && (subs || n == 0));
    Xapian::Query::op xop;
    switch (op) {
    case XC_Q_OR: xop = Xapian::Query::OP_OR; break;
    case XC_Q_AND: xop = Xapian::Query::OP_AND; break;
    case XC_Q_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case XC_Q_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case XC_Q_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case XC_Q_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case XC_Q_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
    case XC_Q_NEAR: xop = Xapian::Query::OP_NEAR; break;
    default: return invalid(err, __func__, "unknown query operator");
    }
    for (size_t i = 0; i < n; i++)
        XC_REQUIRE(subs[i]);
    return guard(err, [&] {
        /* Copies share the subqueries' internals, so the caller keeps
         * ownership of its handles. */
        std::vector<Xapian::Query> v;
        v.reserve(n);
        for (size_t i = 0; i < n; i++)
            v.push_back(subs[i]->q);
        *out = new xc_query{Xapian::Query(xop, v.begin(), v.end(), window)};
        return XC_OK;
    });
}

xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out,
                         xc_error *err) {
    XC_REQUIRE(q && out);
    return guard(err, [&] {
        *out = new xc_query{
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor)};
        return XC_OK;
    });
}

xc_status xc_query_tagged(const char *term, double weight, xc_query **out,
                          xc_error *err) {
    XC_REQUIRE(term && out);
    return guard(err, [&] {
        /* The posting source is reference-counted by the query once
         * released, and Xapian's registry knows it, so remote shards can
         * run it too. */
        Xapian::Query fixed(
            (new Xapian::FixedWeightPostingSource(weight))->release());
        *out = new xc_query{Xapian::Query(Xapian::Query::OP_FILTER, fixed,
                                          Xapian::Query(term))};
        return XC_OK;
    });
}

namespace {

/* xc_query_docids's source: a sorted list of docids, matching without
 * weight. */
class DocidSource : public Xapian::PostingSource {
    std::vector<Xapian::docid> ids;
    size_t pos = 0;
    bool started = false;

  public:
    explicit DocidSource(std::vector<Xapian::docid> v) : ids(std::move(v)) {}
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return ids.size(); }
    Xapian::doccount get_termfreq_max() const override { return ids.size(); }
    Xapian::docid get_docid() const override { return ids[pos]; }
    bool at_end() const override { return started && pos >= ids.size(); }
    void next(double) override {
        pos += started;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started = true;
        pos = std::lower_bound(ids.begin() + pos, ids.end(), did) -
              ids.begin();
    }
    void init(const Xapian::Database &) override {
        pos = 0;
        started = false;
    }
    Xapian::PostingSource *clone() const override {
        return new DocidSource(ids);
    }
};

} // namespace

xc_status xc_query_docids(const xc_db *db, const unsigned *ids, size_t n,
                          xc_query **out, xc_error *err) {
    XC_REQUIRE(db && (ids || n == 0) && out);
    for (size_t i = 1; i < n; i++)
        if (ids[i] <= ids[i - 1])
            return invalid(err, __func__, "docids not ascending");
    if (db->db.size() != 1)
        return invalid(err, __func__, "not a database of one shard");
    return guard(err, [&] {
        std::vector<Xapian::docid> v(ids, ids + n);
        *out = new xc_query{Xapian::Query(
            (new DocidSource(std::move(v)))->release())};
        return XC_OK;
    });
}

void xc_query_free(xc_query *q) {
    quietly(0, [&] {
        delete q;
        return 0;
    });
}

int xc_query_is_empty(const xc_query *q) {
    return quietly(1, [&] { return !q || q->q.empty() ? 1 : 0; });
}

xc_status xc_query_each_term(const xc_query *q, xc_term_fn fn, void *ctx,
                             xc_error *err) {
    XC_REQUIRE(q && fn);
    return guard(err, [&] {
        /* get_unique_terms_begin() sorts by term; callers want query
         * order, so deduplicate the positional list instead. */
        std::unordered_set<std::string> seen;
        for (auto it = q->q.get_terms_begin(); it != q->q.get_terms_end(); ++it) {
            const std::string term = *it;
            if (!seen.insert(term).second)
                continue;
            if (fn(ctx, term.c_str(), term.size(), 0))
                break;
        }
        return XC_OK;
    });
}

xc_status xc_query_describe(const xc_query *q, char **out, xc_error *err) {
    XC_REQUIRE(q && out);
    return guard(err, [&] {
        copy_out(q->q.get_description(), out, nullptr);
        return XC_OK;
    });
}

/* ---- searching -------------------------------------------------------- */

void xc_search_opts_default(xc_search_opts *o) {
    if (!o)
        return;
    o->bm25_k1 = 1.0;
    o->bm25_k2 = 0.0;
    o->bm25_k3 = 1.0;
    o->bm25_b = 0.5;
    o->bm25_min_normlen = 0.5;
    o->collapse_slot = -1;
    o->collapse_max = 1;
    o->sort_value_slot = -1;
    o->check_at_least = 0;
    o->spies = nullptr;
    o->n_spies = 0;
}

xc_status xc_spy_new_values(unsigned slot, xc_spy **out, xc_error *err) {
    XC_REQUIRE(out);
    return guard(err, [&] {
        *out = new xc_spy(static_cast<Xapian::valueno>(slot));
        return XC_OK;
    });
}

void xc_spy_free(xc_spy *s) {
    quietly(0, [&] {
        delete s;
        return 0;
    });
}

unsigned xc_spy_seen(const xc_spy *s) {
    return quietly(0u, [&] {
        return s ? static_cast<unsigned>(s->spy.get_total()) : 0u;
    });
}

xc_status xc_spy_each(const xc_spy *s, xc_term_fn fn, void *ctx,
                      xc_error *err) {
    XC_REQUIRE(s && fn);
    return guard(err, [&] {
        for (Xapian::TermIterator v = s->spy.values_begin();
             v != s->spy.values_end(); ++v) {
            const std::string &val = *v;
            if (fn(ctx, val.data(), val.size(), v.get_termfreq()))
                break;
        }
        return XC_OK;
    });
}

xc_status xc_db_search(xc_db *db, const xc_query *q, const xc_search_opts *o,
                       unsigned first, unsigned maxitems, xc_mset **out,
                       xc_error *err) {
    XC_REQUIRE(db && q && out);
    xc_search_opts defaults;
    if (!o) {
        xc_search_opts_default(&defaults);
        o = &defaults;
    }
    return guard(err, [&] {
        xc_mset *m = new xc_mset(db->db);
        try {
            m->enquire.set_query(q->q);
            m->enquire.set_weighting_scheme(
                Xapian::BM25Weight(o->bm25_k1, o->bm25_k2, o->bm25_k3, o->bm25_b,
                                   o->bm25_min_normlen));
            if (o->collapse_slot >= 0)
                m->enquire.set_collapse_key(
                    static_cast<Xapian::valueno>(o->collapse_slot),
                    o->collapse_max ? o->collapse_max : 1);
            if (o->sort_value_slot >= 0)
                m->enquire.set_sort_by_relevance_then_value(
                    static_cast<Xapian::valueno>(o->sort_value_slot), false);
            for (size_t i = 0; i < o->n_spies; i++)
                if (o->spies[i])
                    m->enquire.add_matchspy(&o->spies[i]->spy);
            m->mset = m->enquire.get_mset(first, maxitems, o->check_at_least);
        } catch (...) {
            delete m;
            throw;
        }
        *out = m;
        return XC_OK;
    });
}

void xc_mset_free(xc_mset *m) {
    quietly(0, [&] {
        delete m;
        return 0;
    });
}

unsigned xc_mset_size(const xc_mset *m) {
    return quietly(0u, [&] { return m ? m->mset.size() : 0u; });
}

unsigned xc_mset_matches_estimated(const xc_mset *m) {
    return quietly(0u, [&] { return m ? m->mset.get_matches_estimated() : 0u; });
}

xc_status xc_mset_get(const xc_mset *m, unsigned i, unsigned *docid,
                      double *weight, xc_error *err) {
    XC_REQUIRE(m && i < m->mset.size());
    return guard(err, [&] {
        Xapian::MSetIterator it = m->mset[i];
        if (docid)
            *docid = *it;
        if (weight)
            *weight = it.get_weight();
        return XC_OK;
    });
}

unsigned xc_mset_collapse_count(const xc_mset *m, unsigned i) {
    return quietly(0u, [&] {
        if (!m || i >= m->mset.size())
            return 0u;
        return static_cast<unsigned>(m->mset[i].get_collapse_count());
    });
}

xc_status xc_mset_keys(const xc_mset *m, unsigned i, char **collapse_key,
                       size_t *collapse_len, char **sort_key,
                       size_t *sort_len, xc_error *err) {
    XC_REQUIRE(m && i < m->mset.size());
    return guard(err, [&] {
        Xapian::MSetIterator it = m->mset[i];
        char *c = nullptr;
        if (collapse_key)
            copy_out(it.get_collapse_key(), &c, collapse_len);
        if (sort_key) {
            try {
                copy_out(it.get_sort_key(), sort_key, sort_len);
            } catch (...) {
                std::free(c);
                throw;
            }
        }
        if (collapse_key)
            *collapse_key = c;
        return XC_OK;
    });
}

xc_status xc_mset_each_matching_term(const xc_mset *m, unsigned i,
                                     xc_term_fn fn, void *ctx,
                                     xc_error *err) {
    XC_REQUIRE(m && fn && i < m->mset.size());
    return guard(err, [&] {
        Xapian::MSetIterator hit = m->mset[i];
        each_term(m->enquire.get_matching_terms_begin(hit),
                  m->enquire.get_matching_terms_end(hit), fn, ctx,
                  [&](const Xapian::TermIterator &, const std::string &term) {
                      return static_cast<unsigned>(m->mset.get_termfreq(term));
                  });
        return XC_OK;
    });
}

/* ---- rewriting, spelling, synonyms, feedback ------------------------- */


/* ---- several databases: shards ---------------------------------------- */

xc_status xc_db_open_remote(const char *host, unsigned port,
                            unsigned timeout_ms, xc_db **out, xc_error *err) {
    XC_REQUIRE(host && out && port > 0 && port < 65536);
    return guard(err, [&] {
        *out = new xc_db{Xapian::Remote::open(host, port, timeout_ms,
                                              timeout_ms)};
        return XC_OK;
    });
}

xc_status xc_db_new_empty(xc_db **out, xc_error *err) {
    XC_REQUIRE(out);
    return guard(err, [&] {
        *out = new xc_db{Xapian::Database()};
        return XC_OK;
    });
}

xc_status xc_db_add_database(xc_db *db, const xc_db *from, xc_error *err) {
    XC_REQUIRE(db && from);
    return guard(err, [&] {
        db->db.add_database(from->db);
        return XC_OK;
    });
}

xc_status xc_db_each_value(xc_db *db, unsigned slot, xc_value_fn fn,
                           void *ctx, xc_error *err) {
    XC_REQUIRE(db && fn);
    return guard(err, [&] {
        for (auto it = db->db.valuestream_begin(slot);
             it != db->db.valuestream_end(slot); ++it) {
            const std::string v = *it;
            if (fn(ctx, it.get_docid(), v.data(), v.size()))
                break;
        }
        return XC_OK;
    });
}

xc_status xc_wdb_copy_document(xc_wdb *db, xc_db *from, unsigned docid,
                               unsigned as_docid, xc_error *err) {
    XC_REQUIRE(db && from && docid > 0 && as_docid > 0);
    return guard(err, [&] {
        db->db.replace_document(as_docid, from->db.get_document(docid));
        return XC_OK;
    });
}

xc_status xc_wdb_copy_tables(xc_wdb *db, xc_db *from, int spelling,
                             xc_error *err) {
    XC_REQUIRE(db && from);
    return guard(err, [&] {
        for (auto k = from->db.metadata_keys_begin();
             k != from->db.metadata_keys_end(); ++k)
            db->db.set_metadata(*k, from->db.get_metadata(*k));
        for (auto w = from->db.spellings_begin();
             spelling && w != from->db.spellings_end(); ++w)
            db->db.add_spelling(*w, w.get_termfreq());
        for (auto k = from->db.synonym_keys_begin();
             k != from->db.synonym_keys_end(); ++k)
            for (auto s = from->db.synonyms_begin(*k);
                 s != from->db.synonyms_end(*k); ++s)
                db->db.add_synonym(*k, *s);
        return XC_OK;
    });
}

xc_status xc_db_each_synonym_key(xc_db *db, xc_term_fn fn, void *ctx,
                                 xc_error *err) {
    XC_REQUIRE(db && fn);
    return guard(err, [&] {
        for (auto k = db->db.synonym_keys_begin();
             k != db->db.synonym_keys_end(); ++k) {
            const std::string t = *k;
            if (fn(ctx, t.data(), t.size(), 0))
                break;
        }
        return XC_OK;
    });
}

} // extern "C"

namespace {

/* What a rewrite callback made of q: it failed (non-zero), gave a
 * replacement (owned here now) or kept q (NULL). The callback must have
 * run before repl is read: call it first, not in this call's arguments,
 * whose order C++ leaves open. */
Xapian::Query replaced(const Xapian::Query &q, int failed, xc_query *repl) {
    if (failed) {
        delete repl;
        throw std::runtime_error("query rewrite aborted by its callback");
    }
    if (!repl)
        return q;
    Xapian::Query r = repl->q;
    delete repl;
    return r;
}

/* A phrase of plain terms handed to phrase_fn; the phrase itself when
 * phrase_fn keeps it or a subquery is not a term. */
Xapian::Query rewrite_phrase(const Xapian::Query &q, xc_phrase_fn phrase_fn,
                             void *ctx) {
    size_t n = q.get_num_subqueries();
    std::vector<std::string> terms;
    terms.reserve(n);
    for (size_t i = 0; i < n; i++) {
        Xapian::Query sub = q.get_subquery(i);
        if (sub.get_type() != Xapian::Query::LEAF_TERM)
            return q;
        terms.push_back(*sub.get_terms_begin());
    }
    std::vector<const char *> ptrs(n);
    std::vector<size_t> lens(n);
    for (size_t i = 0; i < n; i++) {
        ptrs[i] = terms[i].data();
        lens[i] = terms[i].size();
    }
    xc_query *repl = nullptr;
    int failed = phrase_fn(ctx, ptrs.data(), lens.data(), n, &repl);
    return replaced(q, failed, repl);
}

Xapian::Query rewrite(const Xapian::Query &q, xc_rewrite_fn fn,
                      xc_phrase_fn phrase_fn, void *ctx) {
    switch (q.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        const std::string term = *q.get_terms_begin();
        xc_query *repl = nullptr;
        int failed = fn(ctx, term.data(), term.size(), &repl);
        return replaced(q, failed, repl);
    }
    case Xapian::Query::OP_PHRASE:
        return phrase_fn ? rewrite_phrase(q, phrase_fn, ctx) : q;
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
        std::vector<Xapian::Query> subs;
        size_t n = q.get_num_subqueries();
        subs.reserve(n);
        for (size_t i = 0; i < n; i++)
            subs.push_back(rewrite(q.get_subquery(i), fn, phrase_fn, ctx));
        return Xapian::Query(q.get_type(), subs.begin(), subs.end());
    }
    default:
        return q;
    }
}

/* Keeps filter terms (capital prefixes) out of relevance feedback. */
class WordDecider : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z');
    }
};

} // namespace

extern "C" {

xc_status xc_query_rewrite(const xc_query *q, xc_rewrite_fn fn, void *ctx,
                           xc_query **out, xc_error *err) {
    return xc_query_rewrite_phrases(q, fn, nullptr, ctx, out, err);
}

xc_status xc_query_rewrite_phrases(const xc_query *q, xc_rewrite_fn fn,
                                   xc_phrase_fn phrase_fn, void *ctx,
                                   xc_query **out, xc_error *err) {
    XC_REQUIRE(q && fn && out);
    return guard(err, [&] {
        *out = new xc_query{rewrite(q->q, fn, phrase_fn, ctx)};
        return XC_OK;
    });
}

xc_status xc_wdb_add_spelling(xc_wdb *db, const char *word, unsigned freqinc,
                              xc_error *err) {
    XC_REQUIRE(db && word);
    return guard(err, [&] {
        db->db.add_spelling(word, freqinc);
        return XC_OK;
    });
}

xc_status xc_db_each_metadata_key(xc_db *db, const char *prefix,
                                  xc_term_fn fn, void *ctx, xc_error *err) {
    XC_REQUIRE(db && prefix && fn);
    return guard(err, [&] {
        for (auto k = db->db.metadata_keys_begin(prefix);
             k != db->db.metadata_keys_end(prefix); ++k) {
            const std::string &key = *k;
            if (fn(ctx, key.data(), key.size(), 0))
                break;
        }
        return XC_OK;
    });
}

xc_status xc_wdb_remove_spelling(xc_wdb *db, const char *word,
                                 unsigned freqdec, xc_error *err) {
    XC_REQUIRE(db && word);
    return guard(err, [&] {
        db->db.remove_spelling(word, freqdec);
        return XC_OK;
    });
}

xc_status xc_wdb_clear_synonyms(xc_wdb *db, xc_error *err) {
    XC_REQUIRE(db);
    return guard(err, [&] {
        /* Keys first: clearing while iterating would change the list. */
        std::vector<std::string> keys;
        for (auto k = db->db.synonym_keys_begin();
             k != db->db.synonym_keys_end(); ++k)
            keys.push_back(*k);
        for (const auto &k : keys)
            db->db.clear_synonyms(k);
        return XC_OK;
    });
}

xc_status xc_wdb_add_synonym(xc_wdb *db, const char *term,
                             const char *synonym, xc_error *err) {
    XC_REQUIRE(db && term && synonym);
    return guard(err, [&] {
        db->db.add_synonym(term, synonym);
        return XC_OK;
    });
}

xc_status xc_db_spelling_suggestion(xc_db *db, const char *word,
                                    unsigned max_edit_distance, char **out,
                                    xc_error *err) {
    XC_REQUIRE(db && word && out);
    return guard(err, [&] {
        copy_out(db->db.get_spelling_suggestion(word, max_edit_distance), out,
                 nullptr);
        return XC_OK;
    });
}

xc_status xc_db_each_synonym(xc_db *db, const char *term, xc_term_fn fn,
                             void *ctx, xc_error *err) {
    XC_REQUIRE(db && term && fn);
    return guard(err, [&] {
        each_term(db->db.synonyms_begin(term), db->db.synonyms_end(term), fn,
                  ctx, [](const Xapian::TermIterator &, const std::string &) {
                      return 0u;
                  });
        return XC_OK;
    });
}

xc_status xc_db_expand(xc_db *db, const unsigned *docids, size_t n,
                       unsigned maxterms, xc_term_fn fn, void *ctx,
                       xc_error *err) {
    XC_REQUIRE(db && fn && (docids || n == 0));
    return guard(err, [&] {
        Xapian::Enquire enquire(db->db);
        Xapian::RSet rset;
        for (size_t i = 0; i < n; i++)
            rset.add_document(docids[i]);
        WordDecider decider;
        Xapian::ESet eset = enquire.get_eset(maxterms, rset, &decider);
        for (auto it = eset.begin(); it != eset.end(); ++it) {
            const std::string term = *it;
            if (fn(ctx, term.c_str(), term.size(), 0))
                break;
        }
        return XC_OK;
    });
}

} // extern "C"

/* ---- a sharded update ------------------------------------------------- */

extern "C" {

xc_status xc_wdb_open_sharded(const char *meta_path,
                              const char *const *shards, size_t n,
                              const char *home_prefix, xc_shard_copy_fn copy,
                              void *ctx, xc_wdb **out, xc_error *err) {
    XC_REQUIRE(meta_path && shards && n && home_prefix && copy && out);
    return guard(err, [&] {
        xc_shards *s = new xc_shards;
        xc_wdb *w = new xc_wdb;
        w->sh = s;
        try {
            w->db = Xapian::WritableDatabase(meta_path, Xapian::DB_OPEN);
            s->home_prefix = home_prefix;
            s->copy = copy;
            s->ctx = ctx;
            Xapian::doccount fewest = 0;
            for (size_t k = 0; k < n; k++) {
                s->ro.push_back(Xapian::Database(shards[k]));
                s->last = std::max(s->last, s->ro[k].get_lastdocid());
                /* The least loaded shard, by passages (as the split
                 * assigns documents): ties to the lower shard. */
                if (k == 0 || s->ro[k].get_doccount() < fewest) {
                    fewest = s->ro[k].get_doccount();
                    s->target = static_cast<unsigned>(k);
                }
            }
            s->rw.resize(n);
            s->written.assign(n, 0);
        } catch (...) {
            delete w;
            throw;
        }
        *out = w;
        return XC_OK;
    });
}

int xc_wdb_shard_written(const xc_wdb *db, unsigned k) {
    return db && db->sh && k < db->sh->written.size() && db->sh->written[k];
}

xc_status xc_db_open_sharded(const char *meta_path, const char *const *shards,
                             size_t n, xc_db **out, xc_error *err) {
    XC_REQUIRE(meta_path && shards && n && out);
    return guard(err, [&] {
        xc_db *d = new xc_db;
        try {
            d->db = Xapian::Database(meta_path);
            for (size_t k = 0; k < n; k++)
                d->parts.push_back(Xapian::Database(shards[k]));
        } catch (...) {
            delete d;
            throw;
        }
        *out = d;
        return XC_OK;
    });
}

xc_status xc_wdb_synonyms_to_metadata(xc_wdb *db, const char *prefix,
                                      xc_error *err) {
    XC_REQUIRE(db && prefix);
    return guard(err, [&] {
        std::vector<std::string> old;
        for (auto k = db->db.metadata_keys_begin(prefix);
             k != db->db.metadata_keys_end(prefix); ++k)
            old.push_back(*k);
        for (const std::string &k : old)
            db->db.set_metadata(k, std::string());
        std::vector<std::string> keys;
        for (auto k = db->db.synonym_keys_begin();
             k != db->db.synonym_keys_end(); ++k)
            keys.push_back(*k);
        for (const std::string &k : keys) {
            std::string lines;
            for (auto t = db->db.synonyms_begin(k);
                 t != db->db.synonyms_end(k); ++t)
                lines += *t + "\n";
            if (!lines.empty())
                db->db.set_metadata(prefix + k, lines);
        }
        return XC_OK;
    });
}

} /* extern "C" */
