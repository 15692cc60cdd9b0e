/* Tagging a segmented document with places: what each passage names, what
 * the sections of its outline pass down to passages that name none, what
 * the document passes on, and which town an ambiguous name means (the
 * rules are in places.h). */
#include "places_int.h"

#include <stdlib.h>
#include <string.h>

#include "spor/text/buf.h"
#include "spor/text/list.h"

/* One section of the outline. Section 0 holds what comes before the first
 * heading and stands under nothing. */
typedef struct section {
    const char *heading;
    size_t parent;  /* the section it stands under; 0 for a top section */
    pl_set head;    /* the places its heading names */
    pl_set named;   /* its heading's and its passages' places: the context
                       that decides an ambiguous name */
    pl_set below;   /* what it and its subsections name */
    pl_set passes;  /* what its passages naming none inherit: the heading's
                       places, else its passages', else its subsections';
                       none for an overview */
} section;

typedef struct tagger {
    const pl_gazetteer *g;
    const seg_result *seg;
    section *sec;
    size_t n_sec;
    size_t *key;    /* each passage's section */
    pl_set *own;    /* the places each passage names */
    pl_set doc;     /* the document's places (manifest, title) */
    char *unknown;  /* manifest places the gazetteer lacks, comma-separated */
    size_t n_unknown;
} tagger;

void pl_tags_free(char **tags, size_t n)
{
    if (!tags)
        return;
    for (size_t i = 0; i < n; i++)
        free(tags[i]);
    free(tags);
}

/* The comma-separated canonical names of s, then the extra names (places
 * the gazetteer lacks, already comma-separated). */
static char *join_set(const pl_gazetteer *g, const pl_set *s,
                      const char *extra)
{
    sbuf b = SBUF_INIT;
    for (size_t i = 0; i < s->n; i++)
        if ((i && sbuf_append_char(&b, ',')) ||
            sbuf_append_str(&b, pl_name(g, s->ids[i]))) {
            sbuf_free(&b);
            return NULL;
        }
    if (extra && extra[0] &&
        ((b.len && sbuf_append_char(&b, ',')) || sbuf_append_str(&b, extra))) {
        sbuf_free(&b);
        return NULL;
    }
    return sbuf_detach(&b, NULL);
}

/* The document's places: manifest places the gazetteer knows become ids
 * (with parents), the others are kept as written in t->unknown. */
static spor_status doc_level(tagger *t, const char *doc_places,
                             const char *title)
{
    sbuf u = SBUF_INIT;
    const char *cur = doc_places ? doc_places : "", *p;
    size_t n;
    spor_status st = SPOR_OK;
    while (!st && list_next(&cur, &p, &n)) {
        int id = pl_lookup(t->g, p, n);
        if (id >= 0)
            st = pl_add_with_parents(t->g, (unsigned)id, &t->doc);
        else if ((u.len && sbuf_append_char(&u, ',')) ||
                 sbuf_append(&u, p, n))
            st = SPOR_ENOMEM;
        else
            t->n_unknown++;
    }
    if (!st && title)
        st = pl_find(t->g, title, strlen(title), PL_FIND_TEXT, &t->doc);
    if (!st && !(t->unknown = sbuf_detach(&u, NULL)))
        st = SPOR_ENOMEM;
    sbuf_free(&u);
    return st;
}

/* The sections: the outline's headings, or without one each run of
 * passages under the same heading. */
static spor_status make_sections(tagger *t)
{
    const seg_result *seg = t->seg;
    size_t n = seg->n_passages;
    size_t cap = seg->n_headings ? seg->n_headings + 1 : n + 1;
    if (!(t->sec = calloc(cap, sizeof *t->sec)) ||
        !(t->key = calloc(n ? n : 1, sizeof *t->key)))
        return SPOR_ENOMEM;
    t->sec[0].heading = "";
    if (seg->n_headings) {
        t->n_sec = cap;
        for (size_t k = 1; k < cap; k++) {
            const seg_heading *h = &seg->headings[k - 1];
            t->sec[k].heading = h->text;
            t->sec[k].parent = h->parent < k ? h->parent : 0;
        }
        for (size_t i = 0; i < n; i++)
            t->key[i] = seg->passages[i].heading < cap
                            ? seg->passages[i].heading : 0;
        return SPOR_OK;
    }
    t->n_sec = 1;
    for (size_t i = 0; i < n; i++) {
        const char *h = seg->passages[i].section;
        if (i == 0 || strcmp(h, seg->passages[i - 1].section))
            t->sec[t->n_sec++].heading = h;
        t->key[i] = t->n_sec - 1;
    }
    return SPOR_OK;
}

/* Each section's places, from its heading and its passages' own. */
static spor_status section_places(tagger *t)
{
    spor_status st = SPOR_OK;
    for (size_t k = 0; k < t->n_sec && !st; k++) {
        section *s = &t->sec[k];
        st = pl_find_content(t->g, s->heading, strlen(s->heading), &s->head);
        if (!st)
            st = pl_set_add_all(&s->named, &s->head);
    }
    for (size_t i = 0; i < t->seg->n_passages && !st; i++)
        st = pl_set_add_all(&t->sec[t->key[i]].named, &t->own[i]);
    /* A subsection comes after the section it stands under. */
    for (size_t k = t->n_sec; k-- > 0 && !st;) {
        section *s = &t->sec[k];
        st = pl_set_add_all(&s->below, &s->named);
        if (!st && k && s->parent)
            st = pl_set_add_all(&t->sec[s->parent].below, &s->below);
    }
    for (size_t k = 0; k < t->n_sec && !st; k++) {
        section *s = &t->sec[k];
        st = pl_set_add_all(&s->passes, s->head.n    ? &s->head
                                        : s->named.n ? &s->named
                                                     : &s->below);
        if (s->passes.n > PL_MAX_INHERITED)
            s->passes.n = 0;
    }
    return st;
}

/* The section k or the nearest above it that passes places on, or NULL. */
static const pl_set *inherited(const tagger *t, size_t k)
{
    for (;;) {
        if (t->sec[k].passes.n)
            return &t->sec[k].passes;
        if (k == 0 || t->sec[k].parent == 0)
            return NULL;
        k = t->sec[k].parent;
    }
}

/* The one town of towns[0..n) that set holds: 1 found (in *town), 0 none,
 * -1 several. */
static int one_town(const pl_set *set, const unsigned *towns, size_t n,
                    unsigned *town)
{
    int found = 0;
    for (size_t i = 0; i < n; i++)
        if (pl_set_has(set, towns[i])) {
            if (found)
                return -1;
            *town = towns[i];
            found = 1;
        }
    return found;
}

/* Gives each ambiguous name in tags (of a passage in section k) its town:
 * the one tags names, else the one its section names, then the sections
 * above, then the document; none when nothing names exactly one. */
static spor_status resolve_towns(const tagger *t, size_t k, pl_set *tags)
{
    size_t n = tags->n;
    for (size_t i = 0; i < n; i++) {
        const unsigned *towns;
        size_t nt = pl_towns(t->g, tags->ids[i], &towns);
        unsigned town = 0;
        if (!nt || one_town(tags, towns, nt, &town))
            continue;
        int r = 0;
        for (size_t s = k;; s = t->sec[s].parent) {
            if ((r = one_town(&t->sec[s].named, towns, nt, &town)) != 0 ||
                s == 0 || t->sec[s].parent == 0)
                break;
        }
        if (r == 0)
            r = one_town(&t->doc, towns, nt, &town);
        if (r == 1 && pl_add_with_parents(t->g, town, tags))
            return SPOR_ENOMEM;
    }
    return SPOR_OK;
}

/* Whether the document's places are few enough to be what all of it is
 * about: at most PL_MAX_INHERITED places once a district counts as part of
 * its city (a study trip to Paris and London; not a national report's
 * list of every town it visits). */
static int doc_passes(const tagger *t)
{
    size_t roots = t->n_unknown;
    for (size_t i = 0; i < t->doc.n; i++) {
        int p = pl_parent(t->g, t->doc.ids[i]);
        roots += p < 0 || !pl_set_has(&t->doc, (unsigned)p);
    }
    return roots <= PL_MAX_INHERITED;
}

/* The tag of passage i. */
static spor_status tag_passage(const tagger *t, size_t i, char **out)
{
    size_t k = t->key[i];
    pl_set mine = {0};
    spor_status st = pl_set_add_all(&mine, &t->own[i]);
    if (!st)
        st = pl_set_add_all(&mine, &t->sec[k].head);
    const pl_set *up = mine.n ? NULL : inherited(t, k);
    int from_doc = !mine.n && !up && doc_passes(t);
    if (!st && (up || from_doc))
        st = pl_set_add_all(&mine, up ? up : &t->doc);
    if (!st)
        st = resolve_towns(t, k, &mine);
    if (!st && !(*out = join_set(t->g, &mine, from_doc ? t->unknown : NULL)))
        st = SPOR_ENOMEM;
    pl_set_free(&mine);
    return st;
}

static void tagger_free(tagger *t)
{
    for (size_t i = 0; t->own && i < t->seg->n_passages; i++)
        pl_set_free(&t->own[i]);
    for (size_t k = 0; t->sec && k < t->n_sec; k++) {
        pl_set_free(&t->sec[k].head);
        pl_set_free(&t->sec[k].named);
        pl_set_free(&t->sec[k].below);
        pl_set_free(&t->sec[k].passes);
    }
    free(t->own);
    free(t->sec);
    free(t->key);
    pl_set_free(&t->doc);
    free(t->unknown);
}

spor_status pl_tag_segments(const pl_gazetteer *g, const seg_result *seg,
                            const char *doc_places, const char *title,
                            char ***out, spor_err *err)
{
    size_t n = seg->n_passages;
    tagger t = {.g = g, .seg = seg};
    char **tags = calloc(n ? n : 1, sizeof *tags);
    t.own = calloc(n ? n : 1, sizeof *t.own);
    spor_status st = (tags && t.own) ? SPOR_OK : SPOR_ENOMEM;
    if (!st)
        st = doc_level(&t, doc_places, title);
    for (size_t i = 0; i < n && !st; i++)
        st = pl_find_content(g, seg->passages[i].text, seg->passages[i].len,
                             &t.own[i]);
    if (!st)
        st = make_sections(&t);
    if (!st)
        st = section_places(&t);
    for (size_t i = 0; i < n && !st; i++)
        st = tag_passage(&t, i, &tags[i]);
    tagger_free(&t);
    if (st) {
        pl_tags_free(tags, n);
        return spor_fail(err, st, "tagging places: %s",
                         spor_status_name(st));
    }
    *out = tags;
    return SPOR_OK;
}
