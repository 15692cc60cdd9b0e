/* Typed place names (--place, --places, sted:) resolved to the place term
 * the passages carry, or found unknown with the nearest known names, so
 * a filter never silently matches nothing because of a spelling. */
#ifndef SPOR_QUERY_PLACENAME_H
#define SPOR_QUERY_PLACENAME_H

#include <stddef.h>
#include "spor/doc/places.h"
#include "spor/text/buf.h"
#include "spor/text/status.h"
#include "xapian_c.h"

/* The place term ("P" + name, lower case) for name[0..len), malloc'd into
 * *term: the gazetteer's place for any spelling it knows; else a place
 * the index's passages are tagged with as written (a manifest's place the
 * gazetteer lacks); else the one gazetteer place whose name it is with ø
 * and å typed as o and a (Kobenhavn, Arhus). When none, *term is NULL
 * and near gets the nearest known names, comma-separated (empty when
 * none is near). gaz and db may be NULL. */
spor_status pn_resolve(const pl_gazetteer *gaz, xc_db *db, const char *name,
                       size_t len, char **term, sbuf *near, spor_err *err);

/* The gazetteer's place for name: any spelling it knows, else the one
 * place whose name it is without Danish letters; -1 when none. */
int pn_lookup(const pl_gazetteer *gaz, const char *name, size_t len);

/* Operators in a query (+word, -word, NOT word, a AND b) and quoted
 * phrases hold their words as written: a place name there is the word,
 * neither a place tag nor a place to answer place by place. A query is
 * seen as stretches, each held or free, in order: a held stretch is a
 * quoted phrase, or a word or bracketed group under +, -, NOT or AND (AND
 * holds the word before it too), operators included; free stretches are
 * the rest. fn gets each stretch with held 1 or 0; a non-OK status stops
 * the walk and is returned. */
typedef spor_status (*pn_stretch_fn)(void *ctx, const char *s, size_t len,
                                     int held);
spor_status pn_each_stretch(const char *norm, pn_stretch_fn fn, void *ctx);

/* *held = 1 when the word w[0..len) (any case) is in a held stretch of
 * norm. */
spor_status pn_word_held(const char *norm, const char *w, size_t len,
                         int *held);

#endif
