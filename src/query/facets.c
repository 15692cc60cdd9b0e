/* Facet counts from match spies (see facets.h): the spies count filter
 * terms; this file turns terms back into what people read (a place's
 * canonical name, a document's path) and sorts by count. */
#include "spor/facets.h"

#include <stdlib.h>
#include <string.h>


static const char *const spy_prefix[FCT_N] = {
    SCHEMA_PREFIX_PLACE, SCHEMA_PREFIX_DOC, SCHEMA_PREFIX_YEAR};

spor_status fct_spies_new(xc_spy *spies[FCT_N], int collapse_slot,
                          spor_err *err)
{
    xc_error xe;
    memset(spies, 0, FCT_N * sizeof *spies);
    for (int i = 0; i < FCT_N; i++)
        if (xc_spy_new_terms(spy_prefix[i], collapse_slot, &spies[i],
                             &xe) != XC_OK) {
            fct_spies_free(spies);
            return spor_fail(err, SPOR_ENOMEM, "facets: %s", xe.msg);
        }
    return SPOR_OK;
}

void fct_spies_free(xc_spy *spies[FCT_N])
{
    for (int i = 0; i < FCT_N; i++) {
        xc_spy_free(spies[i]);
        spies[i] = NULL;
    }
}

typedef struct collect {
    spor_facet_list *list;
    size_t cap;
    int failed;
} collect;

static int add_item(void *ctx, const char *term, size_t len, unsigned count)
{
    collect *c = ctx;
    if (c->list->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        spor_facet *p = realloc(c->list->items, cap * sizeof *p);
        if (!p) {
            c->failed = 1;
            return 1;
        }
        c->list->items = p;
        c->cap = cap;
    }
    spor_facet *f = &c->list->items[c->list->n];
    f->count = count;
    f->value = NULL;
    if (!(f->key = strndup(term, len))) {
        c->failed = 1;
        return 1;
    }
    c->list->n++;
    return 0;
}

static int cmp_facet(const void *a, const void *b)
{
    const spor_facet *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* What a reader sees for a key: the gazetteer's spelling of a place (the
 * term is lower case), a document's path, the year itself. */
static char *display(int kind, const char *key, const pl_gazetteer *gaz,
                     const schema_doctable *docs)
{
    if (kind == FCT_PLACE && gaz) {
        int id = pl_lookup(gaz, key, strlen(key));
        if (id >= 0)
            return strdup(pl_name(gaz, (unsigned)id));
    }
    if (kind == FCT_DOC)
        for (size_t i = 0; i < docs->n; i++)
            if (!strcmp(docs->docs[i].id, key))
                return strdup(docs->docs[i].path);
    return strdup(key);
}

spor_status fct_collect(xc_spy *const spies[FCT_N], const pl_gazetteer *gaz,
                        const schema_doctable *docs, spor_facets *out,
                        spor_err *err)
{
    memset(out, 0, sizeof *out);
    spor_facet_list *lists[FCT_N] = {&out->places, &out->docs, &out->years};
    xc_error xe;
    out->total = xc_spy_seen(spies[0]);
    for (int k = 0; k < FCT_N; k++) {
        collect c = {lists[k], 0, 0};
        if (xc_spy_each(spies[k], add_item, &c, &xe) != XC_OK || c.failed) {
            spor_facets_free(out);
            return spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
        }
        for (size_t i = 0; i < lists[k]->n; i++)
            if (!(lists[k]->items[i].value =
                      display(k, lists[k]->items[i].key, gaz, docs))) {
                spor_facets_free(out);
                return spor_fail(err, SPOR_ENOMEM, "facets: out of memory");
            }
        if (lists[k]->n)
            qsort(lists[k]->items, lists[k]->n, sizeof *lists[k]->items,
                  cmp_facet);
    }
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
