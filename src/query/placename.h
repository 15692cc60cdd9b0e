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

#endif
