/* Facet counts from Xapian's ValueCountMatchSpy (see facets.h): the spy
 * counts whole facet values (document, year and place set of a passage);
 * this file takes the copies the search collapsed away back out of those
 * counts, splits the values into documents, years and places, turns them
 * into what people read (a place's canonical name, a document's path) and
 * sorts by count. */
#include "spor/query/facets.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spor/store/xerror.h"
#include "spor/text/buf.h"
#include "spor/text/strmap.h"

/* Bytes of SCHEMA_SLOT_FACETS before the places: document ordinal and
 * year, 4 bytes big-endian each. */
#define FACETS_HEAD 8

spor_status fct_counter_init(fct_counter *c, int collapse, spor_err *err)
{
    memset(c, 0, sizeof *c);
    xc_error xe;
    if (xc_spy_new_values(SCHEMA_SLOT_FACETS, &c->spies[0], &xe) != XC_OK ||
        (collapse &&
         xc_spy_new_values(SCHEMA_SLOT_JOINED, &c->spies[1], &xe) != XC_OK)) {
        fct_counter_free(c);
        return xerr_fail(err, &xe, 0, "facets");
    }
    c->n_spies = collapse ? 2 : 1;
    return SPOR_OK;
}

void fct_counter_free(fct_counter *c)
{
    for (size_t i = 0; i < 2; i++) {
        xc_spy_free(c->spies[i]);
        c->spies[i] = NULL;
    }
    c->n_spies = 0;
    for (size_t i = 0; i < c->n_folded; i++)
        free(c->folded[i].val);
    free(c->folded);
    c->folded = NULL;
    c->n_folded = c->cap_folded = 0;
}

spor_status fct_counter_fold(fct_counter *c, const char *val, size_t len,
                             spor_err *err)
{
    char *v = malloc(len + 1);
    if (!v || spor_grow(&c->folded, &c->cap_folded, c->n_folded,
                        sizeof *c->folded, 16)) {
        free(v);
        return spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
    }
    memcpy(v, val, len);
    v[len] = '\0';
    c->folded[c->n_folded++] = (fct_value){v, len};
    return SPOR_OK;
}

/* Counted values, in the spy's (byte) order. */
typedef struct counted {
    char *val;
    size_t len;
    unsigned count;
} counted;

typedef struct counts {
    counted *items;
    size_t n, cap;
    unsigned long sum; /* of the counts */
    int failed;
} counts;

static int add_counted(void *ctx, const char *val, size_t len, unsigned count)
{
    counts *c = ctx;
    if (spor_grow(&c->items, &c->cap, c->n, sizeof *c->items, 64)) {
        c->failed = 1;
        return 1;
    }
    char *v = malloc(len + 1);
    if (!v) {
        c->failed = 1;
        return 1;
    }
    memcpy(v, val, len);
    v[len] = '\0';
    c->items[c->n++] = (counted){v, len, count};
    c->sum += count;
    return 0;
}

static void counts_free(counts *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->items[i].val);
    free(c->items);
    memset(c, 0, sizeof *c);
}

static int cmp_bytes(const char *a, size_t alen, const char *b, size_t blen)
{
    int r = memcmp(a, b, alen < blen ? alen : blen);
    return r ? r : (alen > blen) - (alen < blen);
}

static int cmp_counted(const void *a, const void *b)
{
    const counted *x = a, *y = b;
    return cmp_bytes(x->val, x->len, y->val, y->len);
}

static counted *find_counted(counts *c, const char *val, size_t len)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = cmp_bytes(c->items[mid].val, c->items[mid].len, val, len);
        if (!r)
            return &c->items[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* A passage of a copy group that matched: its group, weight, docid and
 * facet value, as the correcting search returns them. */
typedef struct member {
    char *key, *val;
    size_t key_len, val_len;
    double wt;
    unsigned docid;
} member;

/* Group by group, the passage Xapian's collapse keeps first: the highest
 * weight, then the lowest docid (its order for equal weights). */
static int cmp_member(const void *a, const void *b)
{
    const member *x = a, *y = b;
    int r = cmp_bytes(x->key, x->key_len, y->key, y->key_len);
    if (r)
        return r;
    if (x->wt != y->wt)
        return x->wt > y->wt ? -1 : 1;
    return (x->docid > y->docid) - (x->docid < y->docid);
}

/* q restricted to the copy groups in keys (key = counted value). */
static spor_status groups_query(const xc_query *q, const counts *keys,
                                xc_query **out, const char *where,
                                spor_err *err)
{
    xc_query **terms = calloc(keys->n, sizeof *terms);
    if (!terms)
        return spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
    spor_status st = SPOR_OK;
    xc_error xe;
    for (size_t i = 0; i < keys->n && !st; i++)
        if (schema_copy_group_query(keys->items[i].val, keys->items[i].len,
                                    &terms[i], &xe) != XC_OK)
            st = xerr_fail(err, &xe, 0, "%s: facets", where);
    xc_query *any = NULL;
    if (!st && xc_query_combine(XC_Q_OR, terms, keys->n, 0, &any, &xe))
        st = xerr_fail(err, &xe, 0, "%s: facets", where);
    for (size_t i = 0; i < keys->n; i++)
        xc_query_free(terms[i]);
    free(terms);
    if (st)
        return st;
    xc_query *both[2] = {(xc_query *)q, any};
    if (xc_query_combine(XC_Q_FILTER, both, 2, 0, out, &xe) != XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: facets", where);
    xc_query_free(any);
    return st;
}

/* Takes out of vals the passages the collapse dropped: every matching
 * passage of a group in keys but the one kept. The search is q again,
 * restricted to those groups, with every passage of a group kept (its
 * collapse key names its group) and each passage's facet value as its
 * sort key, so no document is fetched, from remote shards either. */
static spor_status uncollapse(xc_db *db, const xc_query *q,
                              const xc_search_opts *so, const counts *keys,
                              counts *vals, unsigned *total,
                              const char *where, spor_err *err)
{
    /* At most one passage of a group has not joined it (its first). */
    unsigned long most = keys->sum + keys->n;
    if (most > UINT_MAX)
        return spor_fail(err, SPOR_EINDEX, "%s: facets: too many copies",
                         where);
    xc_query *gq = NULL;
    spor_status st = groups_query(q, keys, &gq, where, err);
    if (st)
        return st;
    xc_search_opts o = *so;
    o.spies = NULL;
    o.n_spies = 0;
    o.collapse_slot = SCHEMA_SLOT_COPY;
    o.collapse_max = (unsigned)most;
    o.sort_value_slot = SCHEMA_SLOT_FACETS;
    o.check_at_least = (unsigned)most;
    xc_mset *ms = NULL;
    xc_error xe;
    if (xc_db_search(db, gq, &o, 0, (unsigned)most, &ms, &xe) != XC_OK) {
        xc_query_free(gq);
        return xerr_fail(err, &xe, 0, "%s: facets", where);
    }
    xc_query_free(gq);
    unsigned n = xc_mset_size(ms);
    member *m = calloc(n ? n : 1, sizeof *m);
    if (!m)
        st = spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
    for (unsigned i = 0; i < n && !st; i++)
        if (xc_mset_get(ms, i, &m[i].docid, &m[i].wt, &xe) ||
            xc_mset_keys(ms, i, &m[i].key, &m[i].key_len, &m[i].val,
                         &m[i].val_len, &xe))
            st = xerr_fail(err, &xe, 0, "%s: facets", where);
    xc_mset_free(ms);
    if (!st && n > 1)
        qsort(m, n, sizeof *m, cmp_member);
    for (unsigned i = 1; i < n && !st; i++) {
        if (cmp_bytes(m[i].key, m[i].key_len, m[i - 1].key, m[i - 1].key_len))
            continue; /* the first of its group: kept */
        counted *c = find_counted(vals, m[i].val, m[i].val_len);
        if (!c || !c->count || !*total) {
            st = spor_fail(err, SPOR_EINDEX, "%s: facets: a copy was not "
                           "counted (index changed during the search?)",
                           where);
            break;
        }
        c->count--;
        (*total)--;
    }
    for (unsigned i = 0; i < n; i++) {
        free(m[i].key);
        free(m[i].val);
    }
    free(m);
    return st;
}

/* Takes the copies the match folded (fct_counter_fold) out of vals. */
static spor_status take_folded(const fct_counter *c, counts *vals,
                               unsigned *total, const char *where,
                               spor_err *err)
{
    for (size_t i = 0; i < c->n_folded; i++) {
        counted *v = find_counted(vals, c->folded[i].val, c->folded[i].len);
        if (!v || !v->count || !*total)
            return spor_fail(err, SPOR_EINDEX, "%s: facets: a copy was not "
                             "counted (index changed during the search?)",
                             where);
        v->count--;
        (*total)--;
    }
    return SPOR_OK;
}

/* ---- from counted values to facet lists ------------------------------ */

static spor_status push_facet(spor_facet_list *l, size_t *cap,
                              const char *key, size_t key_len,
                              const char *value, unsigned count)
{
    if (l->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 16;
        spor_facet *p = realloc(l->items, ncap * sizeof *p);
        if (!p)
            return SPOR_ENOMEM;
        l->items = p;
        *cap = ncap;
    }
    spor_facet *f = &l->items[l->n];
    f->count = count;
    f->key = strndup(key, key_len);
    f->value = strdup(value);
    if (!f->key || !f->value) {
        free(f->key);
        free(f->value);
        return SPOR_ENOMEM;
    }
    l->n++;
    return SPOR_OK;
}

static unsigned be32_at(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (unsigned)u[0] << 24 | (unsigned)u[1] << 16 |
           (unsigned)u[2] << 8 | u[3];
}

typedef struct term_out {
    spor_facet_list *list;
    size_t cap;
    const pl_gazetteer *gaz;
    spor_status st;
} term_out;

/* A year's or a place's facet: keyed by its term, a place shown as the
 * gazetteer spells it. */
static int term_facet(void *ctx, const char *key, size_t len, uint32_t count)
{
    term_out *p = ctx;
    char *term = strndup(key, len);
    if (!term) {
        p->st = SPOR_ENOMEM;
        return 1;
    }
    int id = p->gaz ? pl_lookup(p->gaz, term, len) : -1;
    const char *name = id >= 0 ? pl_name(p->gaz, (unsigned)id) : term;
    p->st = push_facet(p->list, &p->cap, term, len, name, count);
    free(term);
    return p->st != SPOR_OK;
}

/* Per document, year and place, from the counted values. */
static spor_status expand(const counts *vals, const pl_gazetteer *gaz,
                          const schema_doctable *docs, spor_facets *out)
{
    unsigned *per_doc = calloc(docs->n ? docs->n : 1, sizeof *per_doc);
    strmap *years = NULL, *places = NULL;
    spor_status st = per_doc ? SPOR_OK : SPOR_ENOMEM;
    if (!st)
        st = smap_new(&years);
    if (!st)
        st = smap_new(&places);
    for (size_t i = 0; i < vals->n && !st; i++) {
        const counted *c = &vals->items[i];
        if (!c->count || c->len < FACETS_HEAD)
            continue;
        unsigned ord = be32_at(c->val), year = be32_at(c->val + 4);
        if (ord < docs->n)
            per_doc[ord] += c->count;
        if (year > 0) {
            char y[16];
            int n = snprintf(y, sizeof y, "%u", year);
            st = smap_add(years, y, (size_t)n, c->count);
        }
        const char *p = c->val + FACETS_HEAD, *end = c->val + c->len;
        while (!st && p < end) {
            const char *tab = memchr(p, '\t', (size_t)(end - p));
            const char *stop = tab ? tab : end;
            if (stop > p)
                st = smap_add(places, p, (size_t)(stop - p), c->count);
            p = stop + 1;
        }
    }
    size_t cap = 0;
    for (size_t d = 0; d < docs->n && !st; d++)
        if (per_doc[d])
            st = push_facet(&out->docs, &cap, docs->docs[d].id,
                            strlen(docs->docs[d].id), docs->docs[d].path,
                            per_doc[d]);
    if (!st) {
        term_out y = {&out->years, 0, NULL, SPOR_OK};
        smap_each(years, term_facet, &y);
        st = y.st;
    }
    if (!st) {
        term_out p = {&out->places, 0, gaz, SPOR_OK};
        smap_each(places, term_facet, &p);
        st = p.st;
    }
    smap_free(years);
    smap_free(places);
    free(per_doc);
    return st;
}

static int cmp_facet(const void *a, const void *b)
{
    const spor_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

spor_status fct_collect(const fct_counter *c, xc_db *db, const xc_query *q,
                        const xc_search_opts *so, const pl_gazetteer *gaz,
                        const schema_doctable *docs, const char *where,
                        spor_facets *out, spor_err *err)
{
    memset(out, 0, sizeof *out);
    counts vals = {0}, keys = {0};
    xc_error xe;
    spor_status st = SPOR_OK;
    unsigned seen = xc_spy_seen(c->spies[0]), total = seen;
    if (xc_spy_each(c->spies[0], add_counted, &vals, &xe) != XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: facets", where);
    else if (c->n_spies > 1 &&
             xc_spy_each(c->spies[1], add_counted, &keys, &xe) != XC_OK)
        st = xerr_fail(err, &xe, 0, "%s: facets", where);
    else if (vals.failed || keys.failed)
        st = spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
    if (!st && vals.n > 1) /* for find_counted, whatever the spy's order */
        qsort(vals.items, vals.n, sizeof *vals.items, cmp_counted);
    if (!st && keys.n)
        st = uncollapse(db, q, so, &keys, &vals, &total, where, err);
    if (!st)
        st = take_folded(c, &vals, &total, where, err);
    if (!st && (st = expand(&vals, gaz, docs, out)) != SPOR_OK)
        spor_fail(err, st, "facets: out of memory");
    counts_free(&vals);
    counts_free(&keys);
    if (st) {
        spor_facets_free(out);
        return st;
    }
    out->total = total;
    out->copies = seen - total;
    spor_facet_list *lists[3] = {&out->places, &out->docs, &out->years};
    for (int k = 0; k < 3; k++)
        if (lists[k]->n > 1)
            qsort(lists[k]->items, lists[k]->n, sizeof *lists[k]->items,
                  cmp_facet);
    return SPOR_OK;
}

static void list_free(spor_facet_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->items[i].value);
        free(l->items[i].key);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

void spor_facets_free(spor_facets *f)
{
    list_free(&f->places);
    list_free(&f->docs);
    list_free(&f->years);
}
