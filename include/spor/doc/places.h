/* Places: which places a passage is about, from a gazetteer data file
 * (data/gazetteer.tsv: the 98 Danish municipalities and their main towns,
 * districts, and the foreign cities the documents discuss).
 *
 * A gazetteer line is
 *     name <TAB> kind <TAB> parent <TAB> other spellings <TAB> flags
 * (trailing fields may be left out; '#' starts a comment line). Names are
 * matched as word sequences after folding (lower case, æ/ø/å → ae/oe/aa,
 * accents dropped), the last word also with a genitive -s. A spelling
 * written with a capital must be capitalised in the text (proper names); a
 * lower-case one (an adjective, the inhabitants) matches in any case. The
 * flag "ord" marks names that are also common words: they never match at
 * the start of a sentence. A place found also tags its parents.
 *
 * A district or estate name found in several towns lists them all as its
 * parent, comma-separated ("Sundparken <TAB> bydel <TAB> Horsens,Aalborg");
 * such a name has no parent of its own, and which town a mention means is
 * decided by the context (see below).
 *
 * Tagging a document: a passage is about the places it names itself and
 * those its section heading names, except names on address and contact
 * lines (a colophon's postcode and town, a phone or e-mail line, "Udgivet
 * af", ISBN) and in tables of contents and contact blocks. A passage that
 * names none inherits along the outline: from its section (the places its
 * heading, else its passages, else its subsections name), else from the
 * section above it, and so on up; else from the document (manifest places,
 * title) when those are few enough to be what the whole document is about. A section naming more
 * than PL_MAX_INHERITED places (a list, an overview) passes nothing on.
 * An ambiguous name takes the one of its towns that its passage names, else
 * that its section (then the sections above it, then the document) names;
 * when none or several of them do, it is left without a town. */
#ifndef SPOR_PLACES_H
#define SPOR_PLACES_H

#include <stddef.h>
#include "spor/text/buf.h"
#include "spor/doc/segment.h"
#include "spor/text/status.h"

#define PL_GAZETTEER_FILE "data/gazetteer.tsv"

typedef struct pl_gazetteer pl_gazetteer;

/* A set of place ids in the order they were first added. */
typedef struct pl_set {
    unsigned *ids;
    size_t n, cap;
} pl_set;

/* Parses gazetteer text; what names the source in messages. A malformed
 * line (no name, unknown parent) gives SPOR_EINVAL naming what and line. */
spor_status pl_parse(const char *text, size_t len, const char *what,
                     pl_gazetteer **out, spor_err *err);
/* Reads and parses the file at path. */
spor_status pl_load(const char *path, pl_gazetteer **out, spor_err *err);
void pl_free(pl_gazetteer *g);

/* The text the gazetteer was parsed from (stored in the index, so that
 * queries resolve places the way the index was tagged). */
const char *pl_source(const pl_gazetteer *g, size_t *len);
size_t pl_count(const pl_gazetteer *g);
/* Canonical name of place id, as written in the gazetteer. */
const char *pl_name(const pl_gazetteer *g, unsigned id);
/* The parent's id, or -1. */
int pl_parent(const pl_gazetteer *g, unsigned id);
/* The towns an ambiguous name may lie in (in *towns, two or more), or 0
 * for a name whose parent is certain (or that has none). */
size_t pl_towns(const pl_gazetteer *g, unsigned id, const unsigned **towns);

enum {
    PL_FIND_TEXT = 0,     /* running text: capitalisation rules apply */
    PL_FIND_ANY_CASE = 1  /* typed queries: case is not a signal (but names
                             flagged "ord" still need a capital) */
};

/* Adds to out the places text[0..len) names, and their parents. */
spor_status pl_find(const pl_gazetteer *g, const char *text, size_t len,
                    int mode, pl_set *out);

/* Appends text[0..len) to out without the place names in it. */
spor_status pl_strip(const pl_gazetteer *g, const char *text, size_t len,
                     int mode, sbuf *out);

/* The id of the place one name (any spelling, any case) denotes, or -1. */
int pl_lookup(const pl_gazetteer *g, const char *name, size_t len);

spor_status pl_set_add(pl_set *s, unsigned id);
int pl_set_has(const pl_set *s, unsigned id);
void pl_set_free(pl_set *s);

/* A section (or a document) naming more places than this (parents
 * included) is a list or an overview ("Indhold", a table of cases, a
 * national report), not about each of them: nothing is passed on from it.
 * Two cities with their districts fit below it. */
#define PL_MAX_INHERITED 4

/* Tags every passage of seg along its outline (seg->headings; without
 * one, each run of passages under one heading is a top section). doc_places
 * is the document's own list
 * (comma-separated, e.g. from the manifest; names the gazetteer lacks are
 * kept as written), title its title. *out receives seg->n_passages
 * malloc'd comma-separated lists of canonical names; free with
 * pl_tags_free. */
spor_status pl_tag_segments(const pl_gazetteer *g, const seg_result *seg,
                            const char *doc_places, const char *title,
                            char ***out, spor_err *err);
void pl_tags_free(char **tags, size_t n);

#endif
